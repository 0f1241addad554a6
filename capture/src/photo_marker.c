/*
 * Is the marker found in a photo to be trusted?  (photo_marker.h)
 *
 * Every width's scale comes from the marker's four corners, so a marker
 * that is cut by the frame, bent, partly covered or badly printed must be
 * refused rather than measured: a card whose white margin was cut by the
 * frame gave +26.8 % with "± 0.24 %" (issue 9).  Three checks, each with a
 * message saying what to fix:
 *  1. the black square and a white margin of one cell around it lie inside
 *     the photo;
 *  2. the cells read clearly: every cell on the right side of the half-way
 *     grey between the black and the white cells, few of them ambiguous,
 *     and the margin white;
 *  3. the four corners are those of a square seen through a pinhole camera
 *     at some plausible focal length (the principal point at the image
 *     centre, or the camera file's): a square's image under perspective has
 *     two sides' directions in the plane that are orthogonal and of equal
 *     length once the focal length is right (Zhang 2000, the two constraints
 *     of a plane's homography on the intrinsics).
 */
#include "photo_marker.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cvs_aruco.h"
#include "limbvol/error.h"
#include "limbvol/mat3.h"

/* The margin checked around the black square, in cells. */
#define MARGIN_CELLS 1.0
/* Black and white cells must differ by this many grey levels. */
#define MIN_CONTRAST 40.0
/* A cell is ambiguous this far (fraction of the contrast) from its level. */
#define CELL_AMBIGUOUS 0.3
/* The focal lengths tried for the square fit, in image widths. */
#define FOCAL_MIN 0.3
#define FOCAL_MAX 6.0
#define FOCAL_STEPS 240

/* (u, v) of the marker's unit square (0..1 over the black square, u to the
 * right, v down the print) to image pixels. */
static int unit_to_px(const double *h, double u, double v, double *x, double *y)
{
	return lv_homography_map(h, u, v, x, y);
}

static double gray_at(const cvs_view *im, double x, double y)
{
	int ix = (int)floor(x + 0.5), iy = (int)floor(y + 0.5);
	if (ix < 0 || iy < 0 || ix >= im->width || iy >= im->height)
		return -1;
	const unsigned char *p = im->data + (size_t)iy * im->stride + (size_t)ix * im->channels;
	if (im->channels < 3)
		return p[0];
	return 0.114 * p[0] + 0.587 * p[1] + 0.299 * p[2]; /* BGR */
}

/* Mean grey of the central half of cell (i, j) of an n x n grid (i, j may
 * be -1 or n: the margin). */
static double cell_gray(const cvs_view *im, const double *h, int n, int i, int j)
{
	double sum = 0;
	int k = 0;
	for (int a = 0; a < 4; a++)
		for (int b = 0; b < 4; b++) {
			double u = (i + 0.25 + 0.5 * (a + 0.5) / 4) / n;
			double v = (j + 0.25 + 0.5 * (b + 0.5) / 4) / n;
			double x, y, g;
			if (!unit_to_px(h, u, v, &x, &y) || (g = gray_at(im, x, y)) < 0)
				return -1;
			sum += g;
			k++;
		}
	return sum / k;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, int n)
{
	qsort(v, (size_t)n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

/*
 * How far the corners are from a square's image at focal length f: the two
 * plane directions K^-1 h1, K^-1 h2 of the homography must be orthogonal and
 * of equal length; the larger of |cos angle| and the relative difference of
 * their lengths.  hc: the homography from the centred unit square (-1..1)
 * to pixels relative to the principal point.
 */
static double square_misfit(const double *hc, double f, double *tilt_deg)
{
	double m1[3] = { hc[0] / f, hc[3] / f, hc[6] }, m2[3] = { hc[1] / f, hc[4] / f, hc[7] };
	double n1 = sqrt(m1[0] * m1[0] + m1[1] * m1[1] + m1[2] * m1[2]);
	double n2 = sqrt(m2[0] * m2[0] + m2[1] * m2[1] + m2[2] * m2[2]);
	double c = (m1[0] * m2[0] + m1[1] * m2[1] + m1[2] * m2[2]) / (n1 * n2);
	double asp = fabs(n1 - n2) / (n1 + n2);
	if (tilt_deg) {
		/* the plane's normal against the line of sight to its centre */
		double nx = m1[1] * m2[2] - m1[2] * m2[1], ny = m1[2] * m2[0] - m1[0] * m2[2],
		       nz = m1[0] * m2[1] - m1[1] * m2[0];
		double sx = hc[2] / f, sy = hc[5] / f, sz = hc[8];
		double cs = fabs(nx * sx + ny * sy + nz * sz) /
			(sqrt(nx * nx + ny * ny + nz * nz) * sqrt(sx * sx + sy * sy + sz * sz));
		*tilt_deg = acos(fmin(1.0, cs)) * 57.29577951308232;
	}
	return fmax(fabs(c), asp);
}

/* Check 1: the square and its margin inside the frame. */
static int check_inside_frame(const cvs_view *im, const cvs_marker *m, const double *h, int n,
			      const char *path)
{
	double mg = MARGIN_CELLS / n, edge = 1.0;
	double us[4] = { -mg, 1 + mg, 1 + mg, -mg }, vs[4] = { -mg, -mg, 1 + mg, 1 + mg };
	int square_out = 0, margin_out = 0;
	for (int c = 0; c < 4; c++) {
		double x = m->corners_px[2 * c], y = m->corners_px[2 * c + 1];
		square_out |= !(x >= edge && y >= edge && x <= im->width - 1 - edge &&
				y <= im->height - 1 - edge);
		/* the margin's outline, sampled along each side */
		for (int k = 0; k < 8; k++) {
			double t = k / 8.0, u = us[c] + (us[(c + 1) % 4] - us[c]) * t,
			       v = vs[c] + (vs[(c + 1) % 4] - vs[c]) * t;
			if (!unit_to_px(h, u, v, &x, &y) ||
			    !(x >= edge && y >= edge && x <= im->width - 1 - edge &&
			      y <= im->height - 1 - edge))
				margin_out = 1;
		}
	}
	if (square_out)
		return lv_error_set(
			LV_EIMAGE,
			"%s: the marker's black square touches or leaves the frame: take the "
			"photo with the whole card inside it",
			path);
	if (margin_out)
		return lv_error_set(
			LV_EIMAGE,
			"%s: the marker's white margin touches or leaves the frame (a margin "
			"of "
			"at least one cell must show around the black square): take the photo "
			"with the whole card inside it",
			path);
	return LV_OK;
}

/* Check 2: the cells and the margin read clearly. */
static int check_cells(const cvs_view *im, const double *h, const unsigned char *bits, int n,
		       const char *path, photo_marker_quality *q)
{
	double vals[64], blacks[64], whites[64 + 40], margin[40], black, white;
	int nb = 0, nw = 0, nm = 0, wrong = 0, unclear = 0, dark_margin = 0;
	for (int j = 0; j < n; j++)
		for (int i = 0; i < n; i++) {
			double g = cell_gray(im, h, n, i, j);
			if (g < 0)
				return lv_error_set(LV_EIMAGE,
						    "%s: the marker's cells are outside the "
						    "photo",
						    path);
			vals[j * n + i] = g;
			if (bits[j * n + i])
				whites[nw++] = g;
			else
				blacks[nb++] = g;
		}
	for (int k = -1; k <= n && nm < 40; k++) {
		double g[4] = { cell_gray(im, h, n, k, -1), cell_gray(im, h, n, k, n),
				cell_gray(im, h, n, -1, k), cell_gray(im, h, n, n, k) };
		for (int s = 0; s < 4 && nm < 40; s++)
			if (g[s] >= 0 && !((k == -1 || k == n) && s >= 2))
				margin[nm++] = g[s];
	}
	for (int k = 0; k < nm; k++)
		whites[nw + k] = margin[k];
	black = median(blacks, nb);
	white = median(whites, nw + nm);
	q->contrast = white - black;
	if (!(q->contrast >= MIN_CONTRAST))
		return lv_error_set(
			LV_EIMAGE,
			"%s: the marker's black and white cells differ by only %.0f grey "
			"levels "
			"(at least %.0f are needed): light the card evenly, without glare",
			path, q->contrast, MIN_CONTRAST);
	for (int k = 0; k < n * n; k++) {
		double t = (vals[k] - black) / q->contrast, want = bits[k] ? 1 : 0;
		wrong += (t > 0.5) != (want > 0.5);
		unclear += fabs(t - want) > CELL_AMBIGUOUS;
	}
	for (int k = 0; k < nm; k++)
		dark_margin += (margin[k] - black) / q->contrast < 1 - CELL_AMBIGUOUS;
	q->cells_wrong = wrong;
	q->cells_unclear = unclear;
	if (wrong > 0 || unclear > 1)
		return lv_error_set(LV_EIMAGE,
				    "%s: the marker's cells decode poorly (%d of %d cells "
				    "wrong, %d unclear): "
				    "the print is smudged, bent, covered or lit unevenly; "
				    "print it again or "
				    "flatten and light the card",
				    path, wrong, n * n, unclear);
	if (dark_margin > 0)
		return lv_error_set(
			LV_EIMAGE,
			"%s: the white margin around the marker is not clear (%d of %d places "
			"are dark): keep at least one cell of white around the black square, "
			"uncovered",
			path, dark_margin, nm);
	return LV_OK;
}

/* Check 3: the corners of a square at a plausible pose.  side: the
 * marker's mean side in pixels. */
static int check_square_pose(const cvs_view *im, const cvs_marker *m, const double *ideal,
			     const double *camera_matrix, double side, const char *path,
			     photo_marker_quality *q)
{
	double cu[8] = { -1, -1, 1, -1, 1, 1, -1, 1 }, hc[9], rel[8], best = HUGE_VAL, best_f = 0,
	       tilt = 0;
	const double *k = camera_matrix;
	double cx = k ? k[2] : (im->width - 1) / 2.0, cy = k ? k[5] : (im->height - 1) / 2.0;
	const double *pts = ideal ? ideal : m->corners_px;
	double wmax = im->width > im->height ? im->width : im->height;
	for (int c = 0; c < 4; c++) {
		rel[2 * c] = pts[2 * c] - cx;
		rel[2 * c + 1] = pts[2 * c + 1] - cy;
	}
	if (cvs_homography4(cu, rel, hc) < 0)
		return lv_error_set(LV_EIMAGE, "%s: the marker's corners are degenerate", path);
	if (k) {
		best_f = (k[0] + k[4]) / 2;
		best = square_misfit(hc, best_f, &tilt);
	} else {
		for (int step = 0; step <= FOCAL_STEPS; step++) {
			double f = wmax * FOCAL_MIN *
				pow(FOCAL_MAX / FOCAL_MIN, (double)step / FOCAL_STEPS);
			double e = square_misfit(hc, f, NULL);
			if (e < best) {
				best = e;
				best_f = f;
			}
		}
		square_misfit(hc, best_f, &tilt);
	}
	q->square_misfit = best;
	q->tilt_deg = tilt;
	q->focal_px = best_f;
	/* corners good to a quarter pixel move the misfit by about
   * 0.5 / side; allow three times that and 2 % of bending */
	double tol = 0.02 + 1.5 / side;
	if (best > tol)
		return lv_error_set(
			LV_EIMAGE,
			"%s: the marker's four corners do not fit a square seen at a plausible "
			"pose (off by %.0f %%%s): lay the card flat, check that it is printed "
			"square (no scaling to fit the page) and that nothing covers a corner",
			path, 100 * best, k ? " with the camera file's focal length" : "");
	if (tilt > PHOTO_MARKER_MAX_TILT_DEG)
		return lv_error_set(
			LV_EIMAGE,
			"%s: the marker is seen %.0f degrees off face-on (at most %.0f): "
			"photograph the card and the limb face on",
			path, tilt, PHOTO_MARKER_MAX_TILT_DEG);
	return LV_OK;
}

int photo_marker_check(const cvs_image *img, const cvs_marker *m, const double *ideal,
		       const double *camera_matrix, int dict_id, const char *path,
		       photo_marker_quality *q)
{
	cvs_view im;
	unsigned char bits[64];
	double unit[8] = { 0, 0, 1, 0, 1, 1, 0, 1 }, h[9], side = 0;
	int n = 0, rc;

	memset(q, 0, sizeof *q);
	cvs_image_view(img, &im);
	for (int c = 0; c < 4; c++) {
		const double *a = &m->corners_px[2 * c], *b = &m->corners_px[2 * ((c + 1) % 4)];
		side += hypot(b[0] - a[0], b[1] - a[1]) / 4;
	}
	if ((rc = cvs_aruco_cells(dict_id, m->id, bits, &n)) < 0)
		return rc;
	if ((rc = cvs_homography4(unit, m->corners_px, h)) < 0)
		return lv_error_set(LV_EIMAGE, "%s: the marker's corners are degenerate", path);
	if ((rc = check_inside_frame(&im, m, h, n, path)) < 0 ||
	    (rc = check_cells(&im, h, bits, n, path, q)) < 0 ||
	    (rc = check_square_pose(&im, m, ideal, camera_matrix, side, path, q)) < 0)
		return rc;
	return LV_OK;
}
