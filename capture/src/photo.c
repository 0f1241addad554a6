/* One photo: marker, soft mask, marker plane, silhouette (photo.h). */
#include "photo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cvs_photo.h"
#include "cvs_video.h"
#include "limbvol/error.h"
#include "limbvol/mat3.h"
#include "limbvol/number.h"
#include "photo_exif.h"
#include "photo_labels.h"
#include "photo_marker.h"
#include "photo_perspective.h"

#define MAX_MARKERS 32
/* The rectified mask never exceeds this many pixels nor this extent. */
#define MAX_CANVAS_PIXELS 12000000.0
#define MAX_CANVAS_HALF_MM 2500.0

struct photo_view {
	char *path;
	int width, height, factor;
	cvs_image *small; /* reduced photo, kept for overlays */
	cvs_image *mask; /* reduced soft mask, kept for overlays */
	cvs_marker marker;
	photo_marker_quality quality;
	double side_px;
	int has_lens;
	double lens_k[9], lens_d[14];
	cvs_lens lens;
	double h_c2i[9]; /* canvas px -> ideal full-image px */
	double mm_per_px, ox, oy;
	int cw, ch;
	double distance_mm, tilt_deg;
	int from_pose;
	lv_silhouette *sil;
	double *wtrue_cm; /* widths corrected for perspective, first..last */
	double focal_px, persp_rel_sd;
	int focal_source;
	char warning[256];
	size_t first, last; /* samples measured inside the frame */
	double from_cm, to_cm;
	int end_in_frame;
	double scale_rel_sd;
	double decode_ms, analyse_ms;
	int found_marker; /* p->marker holds the marker found */
	int failed; /* the analysis failed: kept for an overlay (keep_failed) */
};

/* CPU time of the calling thread: the analysis and the decoding are timed
 * alike whatever else runs on the machine (OpenCV runs single-threaded
 * inside a batch job, and with limbvol photo --timing). */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Prefix the last error's message with the photo's path. */
static int fail_in(const char *path, int rc)
{
	char msg[sizeof lv_error_last()->message];
	snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
	if (strncmp(msg, path, strlen(path)) == 0)
		return rc;
	return lv_error_set(rc, "%s: %s", path, msg);
}

void photo_free(photo_view *p)
{
	if (!p)
		return;
	cvs_image_free(p->small);
	cvs_image_free(p->mask);
	lv_silhouette_free(p->sil);
	free(p->wtrue_cm);
	free(p->path);
	free(p);
}

/* A canvas point in full-image (distorted) pixels. */
static int canvas_to_image(const photo_view *p, double u, double v, double *x, double *y)
{
	double xy[2];
	if (!lv_homography_map(p->h_c2i, u, v, &xy[0], &xy[1]))
		return 0;
	if (p->has_lens && cvs_lens_distort_points(&p->lens, xy, 1) < 0)
		return 0;
	*x = xy[0];
	*y = xy[1];
	return 1;
}

static int inside_frame(const photo_view *p, double u, double v)
{
	double x, y, m = p->factor + 1.0;
	if (!canvas_to_image(p, u, v, &x, &y))
		return 0;
	return x >= m && y >= m && x <= p->width - 1 - m && y <= p->height - 1 - m;
}

static int find_marker(photo_view *p, const cvs_image *img, const photo_opts *o)
{
	cvs_marker found[MAX_MARKERS];
	int n = 0, rc;
	char others[160] = "";

	rc = cvs_marker_detect(img, p->factor > 1 ? p->small : NULL, p->factor, o->dict_id, found,
			       MAX_MARKERS, &n);
	if (rc == LV_OK && p->factor > 1) {
		int seen = 0;
		for (int i = 0; i < n && i < MAX_MARKERS; i++)
			seen |= found[i].id == o->marker_id;
		if (!seen) /* a small marker may only be found at full size */
			rc = cvs_marker_detect(img, NULL, 1, o->dict_id, found, MAX_MARKERS, &n);
	}
	if (rc < 0)
		return rc;
	for (int i = 0; i < n && i < MAX_MARKERS; i++) {
		if (found[i].id == o->marker_id) {
			p->marker = found[i];
			p->found_marker = 1;
			return LV_OK;
		}
		size_t len = strlen(others);
		snprintf(others + len, sizeof others - len, "%s%d", len ? ", " : "", found[i].id);
	}
	if (n > 0)
		return lv_error_set(
			LV_EIMAGE,
			"%s: no marker with id %d (found id %s): check --marker ID:SIZE_MM",
			p->path, o->marker_id, others);
	return lv_error_set(LV_EIMAGE,
			    "%s: no marker found (id %d expected): the printed "
			    "marker must be fully in the photo, "
			    "flat, lit evenly and not too small",
			    p->path, o->marker_id);
}

/* The samples measured inside the frame: the longest run of samples with a
 * width whose two edges lie inside the photo. */
static int frame_range(photo_view *p)
{
	size_t n = lv_silhouette_count(p->sil), best_a = 0, best_len = 0, a = 0, first_finite = n;
	int in_run = 0;

	for (size_t i = 0; i <= n; i++) {
		int ok = 0;
		if (i < n) {
			double w = lv_silhouette_width_cm(p->sil, i), x1, y1, x2, y2;
			if (isfinite(w) && w > 0) {
				if (first_finite == n)
					first_finite = i;
				lv_silhouette_edges_px(p->sil, i, &x1, &y1, &x2, &y2);
				ok = inside_frame(p, x1, y1) && inside_frame(p, x2, y2);
			}
		}
		if (ok && !in_run) {
			a = i;
			in_run = 1;
		} else if (!ok && in_run) {
			if (i - a > best_len) {
				best_len = i - a;
				best_a = a;
			}
			in_run = 0;
		}
	}
	if (best_len < 2)
		return lv_error_set(LV_EIMAGE, "%s: the limb is not measured inside the photo",
				    p->path);
	p->first = best_a;
	p->last = best_a + best_len - 1;
	p->from_cm = lv_silhouette_position_cm(p->sil, p->first);
	p->to_cm = lv_silhouette_position_cm(p->sil, p->last);
	p->end_in_frame = best_a == first_finite;
	return LV_OK;
}

int photo_analyse(photo_view **out, const char *path, const photo_opts *o)
{
	cvs_image *img = NULL;
	double t0 = now_ms(), decode_ms;
	int rc;

	photo_opts ox = *o;
	photo_exif ex;
	cvs_view v;

	*out = NULL;
	rc = cvs_photo_read(&img, path, CVS_READ_COLOR);
	if (rc < 0)
		return rc;
	decode_ms = now_ms() - t0;
	/* the optics the photo states (OpenCV does not read EXIF) */
	if ((rc = photo_exif_read(path, &ex)) < 0) {
		cvs_image_free(img);
		return rc;
	}
	cvs_image_view(img, &v);
	if (!(ox.focal_px > 0) && isfinite(photo_exif_focal_px(&ex, v.width, v.height)))
		ox.focal_px = photo_exif_focal_px(&ex, v.width, v.height);
	if (!(ox.subject_distance_mm > 0) && ex.subject_distance_m > 0)
		ox.subject_distance_mm = ex.subject_distance_m * 1000;
	/* the decoded photo is freed outside the analysis's time: its buffer's
   * cost belongs to decoding */
	rc = photo_analyse_image(out, path, img, &ox);
	cvs_image_free(img);
	if (rc == LV_OK)
		(*out)->decode_ms = decode_ms;
	return rc;
}

/*
 * A marker size typed wrong (a card printed at 80 mm given as 0:50) scales
 * every width and puts the camera, as the marker implies it, at the wrong
 * distance.  With a focal length known (camera file, EXIF) the marker's
 * distance is f S / side; the optics' own is the focus distance EXIF states.
 * They must agree to PHOTO_DISTANCE_WARN.  (A single flat marker cannot
 * tell its own size otherwise: scaled, it is the same image from farther.)
 * Without a focus distance, a distance no limb photo is taken from is
 * flagged.
 */
static void optics_check(photo_view *p, const photo_opts *o)
{
	double d = p->distance_mm;
	if (p->focal_source == PHOTO_FOCAL_ASSUMED || !(d > 0))
		return;
	if (o->subject_distance_mm > 0) {
		double rel = d / o->subject_distance_mm - 1;
		if (fabs(rel) > PHOTO_DISTANCE_WARN)
			snprintf(p->warning, sizeof p->warning,
				 "%s: the marker puts the camera %.0f cm from it, the camera's "
				 "focus %.0f cm (%+.0f %%): check the marker's size (--marker "
				 "ID:SIZE_MM, the side of its black square)",
				 p->path, d / 10, o->subject_distance_mm / 10, 100 * rel);
	} else if (d < 200 || d > 4000) {
		snprintf(p->warning, sizeof p->warning,
			 "%s: the marker puts the camera %.0f cm from it, which is unusual for "
			 "a limb: check the marker's size (--marker ID:SIZE_MM)",
			 p->path, d / 10);
	}
}

/*
 * The widths corrected for perspective (photo_perspective.c), for the
 * samples measured inside the frame; and how much they move over the
 * focal lengths plausible (PHOTO_FOCAL_MIN..MAX image widths when assumed,
 * +-PHOTO_KNOWN_FOCAL_REL_SD when known): the spread of the mean
 * correction, as the sd of a uniform spread (range / sqrt 12).
 */
static int true_widths(photo_view *p)
{
	size_t n = p->last - p->first + 1;
	double wmax = p->width > p->height ? p->width : p->height;
	double f[3] = { p->focal_px, 0, 0 }, k[9], dx, dy, ax, ay, sum[3] = { 0, 0, 0 };
	int m = 0;

	if (p->focal_source == PHOTO_FOCAL_ASSUMED) {
		f[1] = PHOTO_FOCAL_MIN * wmax;
		f[2] = PHOTO_FOCAL_MAX * wmax;
	} else {
		f[1] = p->focal_px * (1 - PHOTO_KNOWN_FOCAL_REL_SD * sqrt(3.0));
		f[2] = p->focal_px * (1 + PHOTO_KNOWN_FOCAL_REL_SD * sqrt(3.0));
	}
	free(p->wtrue_cm);
	p->wtrue_cm = malloc(n * sizeof *p->wtrue_cm);
	if (!p->wtrue_cm)
		return lv_error_set(LV_ENOMEM, "out of memory");
	lv_silhouette_axis_px(p->sil, &ax, &ay, &dx, &dy);
	for (int j = 0; j < 3; j++) {
		double fx, fy, h;
		if (p->has_lens) {
			memcpy(k, p->lens_k, sizeof k);
			k[0] *= f[j] / p->focal_px;
			k[4] *= f[j] / p->focal_px;
		} else {
			double kk[9] = { f[j], 0,    (p->width - 1) / 2.0,
					 0,    f[j], (p->height - 1) / 2.0,
					 0,    0,    1 };
			memcpy(k, kk, sizeof k);
		}
		int rc = photo_camera_in_plane(p->h_c2i, k, p->mm_per_px, p->ox, p->oy, &fx, &fy,
					       &h);
		if (rc < 0)
			return rc;
		for (size_t i = 0; i < n; i++) {
			double x1, y1, x2, y2, w = lv_silhouette_width_cm(p->sil, p->first + i);
			lv_silhouette_edges_px(p->sil, p->first + i, &x1, &y1, &x2, &y2);
			double t = photo_tangent_width_cm(x1, y1, x2, y2, fx, fy, h, p->mm_per_px);
			if (!isfinite(w) || !isfinite(t)) {
				if (j == 0)
					p->wtrue_cm[i] = w;
				continue;
			}
			if (j == 0)
				p->wtrue_cm[i] = t;
			sum[j] += t / w;
			if (j == 0)
				m++;
		}
	}
	p->persp_rel_sd = m ? fabs(sum[1] - sum[2]) / m / sqrt(12.0) : 0;
	return LV_OK;
}

/* The marker in the photo and its mean side, which gives the scale and
 * its uncertainty; a marker too small to measure is refused. */
static int marker_size(photo_view *p, const cvs_image *img, const photo_opts *o, const char *path)
{
	int rc;

	if ((rc = find_marker(p, img, o)) < 0)
		return rc;
	p->side_px = 0;
	for (int c = 0; c < 4; c++) {
		const double *a = &p->marker.corners_px[2 * c],
			     *b = &p->marker.corners_px[2 * ((c + 1) % 4)];
		p->side_px += hypot(b[0] - a[0], b[1] - a[1]) / 4;
	}
	if (p->side_px < PHOTO_MIN_MARKER_PX)
		return lv_error_set(
			LV_EIMAGE,
			"%s: marker too small to measure: its side is %.0f px, at least %.0f "
			"px are "
			"needed (move the camera closer or print a larger marker)",
			path, p->side_px, PHOTO_MIN_MARKER_PX);
	p->scale_rel_sd = PHOTO_CORNER_SD_PX * sqrt(2.0) / p->side_px;
	return LV_OK;
}

/* The ideal (undistorted) corners and the camera distance: from the
 * marker's pose with a camera file, else from its apparent size. */
static int camera_distance(photo_view *p, const photo_opts *o, const char *path, double ideal[8])
{
	int rc;

	memcpy(ideal, p->marker.corners_px, 8 * sizeof *ideal);
	if (!o->lens) {
		p->focal_source = o->focal_px > 0 ? PHOTO_FOCAL_EXIF : PHOTO_FOCAL_ASSUMED;
		p->focal_px = o->focal_px > 0
			? o->focal_px
			: PHOTO_ASSUMED_FOCAL * (p->width > p->height ? p->width : p->height);
		p->distance_mm = p->focal_px * o->marker_mm / p->side_px;
		p->tilt_deg = NAN;
		return LV_OK;
	}
	p->has_lens = 1;
	memcpy(p->lens_k, o->lens->camera_matrix, sizeof p->lens_k);
	if (o->lens->n_distortion > 14 || o->lens->n_distortion < 0)
		return lv_error_set(LV_EINVAL, "too many distortion coefficients");
	if (o->lens->n_distortion)
		memcpy(p->lens_d, o->lens->distortion,
		       sizeof(double) * (size_t)o->lens->n_distortion);
	p->lens.camera_matrix = p->lens_k;
	p->lens.distortion = p->lens_d;
	p->lens.n_distortion = o->lens->n_distortion;
	if ((rc = cvs_lens_undistort_points(&p->lens, ideal, 4)) < 0)
		return rc;
	if ((rc = cvs_marker_pose(&p->lens, p->marker.corners_px, o->marker_mm, &p->distance_mm,
				  &p->tilt_deg)) < 0)
		return fail_in(path, rc);
	p->from_pose = 1;
	p->focal_px = (p->lens_k[0] + p->lens_k[4]) / 2;
	p->focal_source = PHOTO_FOCAL_CAMERA;
	return LV_OK;
}

/* The homography from ideal image pixels to the marker's plane (mm, origin
 * at its centre, y down the print), turned so that the photo's x axis stays
 * horizontal. */
static int plane_homography(const double ideal[8], double marker_mm, const char *path,
			    double h_i2p[9])
{
	double h = marker_mm / 2;
	double plane[8] = { -h, -h, h, -h, h, h, -h, h };
	double h_p2i[9], cx, cy, x0, y0, x1, y1, th, R[9];
	int rc;

	if ((rc = cvs_homography4(ideal, plane, h_i2p)) < 0)
		return fail_in(path, rc);
	if (lv_mat3_inverse(h_i2p, h_p2i) < 0 || !lv_homography_map(h_p2i, 0, 0, &cx, &cy) ||
	    !lv_homography_map(h_i2p, cx, cy, &x0, &y0) ||
	    !lv_homography_map(h_i2p, cx + 10, cy, &x1, &y1))
		return lv_error_set(LV_EIMAGE, "%s: the marker's corners are degenerate", path);
	th = atan2(y1 - y0, x1 - x0);
	double r9[9] = { cos(th), sin(th), 0, -sin(th), cos(th), 0, 0, 0, 1 };
	memcpy(R, r9, sizeof R);
	lv_mat3_mul(R, h_i2p, h_i2p);
	return LV_OK;
}

/* The canvas the mask is rectified onto: a scale close to the working
 * copy's pixels, the photo's outline in the plane (capped), and the
 * homographies between the photo and the canvas. */
static int canvas_geometry(photo_view *p, const double h_i2p[9], double marker_mm, const char *path,
			   double h_i2c[9])
{
	double minx = HUGE_VAL, miny = HUGE_VAL, maxx = -HUGE_VAL, maxy = -HUGE_VAL, S[9];
	int rc;

	p->mm_per_px = marker_mm / (p->side_px / p->factor);
	if (p->mm_per_px < 0.2)
		p->mm_per_px = 0.2;
	/* the photo's outline in the plane */
	for (int k = 0; k < 64; k++) {
		double t = (k % 16) / 16.0, xy[2], px, py;
		int side = k / 16;
		xy[0] = side == 0   ? t * (p->width - 1)
			: side == 1 ? p->width - 1
			: side == 2 ? (1 - t) * (p->width - 1)
				    : 0;
		xy[1] = side == 0   ? 0
			: side == 1 ? t * (p->height - 1)
			: side == 2 ? p->height - 1
				    : (1 - t) * (p->height - 1);
		if (p->has_lens && (rc = cvs_lens_undistort_points(&p->lens, xy, 1)) < 0)
			return rc;
		if (!lv_homography_map(h_i2p, xy[0], xy[1], &px, &py))
			return lv_error_set(
				LV_EIMAGE,
				"%s: the camera looks too obliquely at the marker's plane: "
				"photograph the limb and the card face on",
				path);
		minx = fmin(minx, px);
		miny = fmin(miny, py);
		maxx = fmax(maxx, px);
		maxy = fmax(maxy, py);
	}
	minx = fmax(minx, -MAX_CANVAS_HALF_MM);
	miny = fmax(miny, -MAX_CANVAS_HALF_MM);
	maxx = fmin(maxx, MAX_CANVAS_HALF_MM);
	maxy = fmin(maxy, MAX_CANVAS_HALF_MM);
	while ((maxx - minx) * (maxy - miny) / (p->mm_per_px * p->mm_per_px) > MAX_CANVAS_PIXELS)
		p->mm_per_px *= 1.25;
	p->cw = (int)ceil((maxx - minx) / p->mm_per_px) + 1;
	p->ch = (int)ceil((maxy - miny) / p->mm_per_px) + 1;
	p->ox = -minx / p->mm_per_px;
	p->oy = -miny / p->mm_per_px;
	double s9[9] = { 1 / p->mm_per_px, 0, p->ox, 0, 1 / p->mm_per_px, p->oy, 0, 0, 1 };
	memcpy(S, s9, sizeof S);
	lv_mat3_mul(S, h_i2p, h_i2c);
	if (lv_mat3_inverse(h_i2c, p->h_c2i) < 0)
		return lv_error_set(LV_EIMAGE, "%s: the marker's corners are degenerate", path);
	return LV_OK;
}

/* The limb's soft mask on the working copy; a photo where nothing but the
 * card stands out is refused. */
static int limb_mask(photo_view *p, const char *path)
{
	double q[8];
	cvs_segment_info si;
	int rc;

	for (int i = 0; i < 8; i++)
		q[i] = (p->marker.corners_px[i] + 0.5) / p->factor - 0.5;
	rc = cvs_segment_limb(&p->mask, p->small, q, PHOTO_CARD_SCALE, &si);
	if (rc < 0)
		return fail_in(path, rc);
	if (si.limb_fraction < 0.005)
		return lv_error_set(
			LV_EIMAGE,
			"%s: no limb found: nothing but the marker card stands out from the "
			"background (use a plain background of a colour unlike skin)",
			path);
	return LV_OK;
}

/* The limb's silhouette on the rectified mask, its axis towards the
 * proximal end the photo's direction says, if it says one. */
static int measure_silhouette(photo_view *p, const cvs_image *canvas, const double h_i2c[9],
			      const photo_opts *o, const char *path)
{
	lv_silhouette_opts so = LV_SILHOUETTE_OPTS_INIT;
	lv_mask_view mv;
	cvs_view view;
	int rc;

	cvs_image_view(canvas, &view);
	mv.data = view.data;
	mv.width_px = (size_t)view.width;
	mv.height_px = (size_t)view.height;
	mv.stride_bytes = view.stride;
	so.px_per_cm = 10.0 / p->mm_per_px;
	so.origin_x_px = p->ox;
	so.origin_y_px = p->oy;
	so.step_cm = 0.1;
	so.axis_from_cm = o->axis_from_cm;
	so.axis_to_cm = o->axis_to_cm;
	if (o->proximal != PHOTO_PROXIMAL_NONE) {
		/* the photo's direction, carried into the canvas */
		double cx = p->width / 2.0, cy = p->height / 2.0, d = p->width / 20.0;
		double ux = o->proximal == PHOTO_PROXIMAL_LEFT ? -d
			: o->proximal == PHOTO_PROXIMAL_RIGHT  ? d
							       : 0;
		double uy = o->proximal == PHOTO_PROXIMAL_UP ? -d
			: o->proximal == PHOTO_PROXIMAL_DOWN ? d
							     : 0;
		double a[2] = { cx, cy }, b[2] = { cx + ux, cy + uy }, ca[2], cb[2];
		if (p->has_lens &&
		    ((rc = cvs_lens_undistort_points(&p->lens, a, 1)) < 0 ||
		     (rc = cvs_lens_undistort_points(&p->lens, b, 1)) < 0))
			return rc;
		if (!lv_homography_map(h_i2c, a[0], a[1], &ca[0], &ca[1]) ||
		    !lv_homography_map(h_i2c, b[0], b[1], &cb[0], &cb[1]))
			return lv_error_set(LV_EIMAGE,
					    "%s: the camera looks too obliquely at the "
					    "marker's plane",
					    path);
		so.proximal_dx = cb[0] - ca[0];
		so.proximal_dy = cb[1] - ca[1];
	}
	rc = lv_silhouette_measure(&p->sil, &mv, &so);
	if (rc < 0)
		return fail_in(path, rc);
	return LV_OK;
}

int photo_analyse_image(photo_view **out, const char *path, const cvs_image *img,
			const photo_opts *o)
{
	photo_view *p = NULL;
	cvs_image *canvas = NULL;
	cvs_view view;
	double ideal[8], h_i2p[9], h_i2c[9], t1;
	int rc;

	*out = NULL;
	p = calloc(1, sizeof *p);
	if (!p || !(p->path = strdup(path))) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	t1 = now_ms();
	cvs_image_view(img, &view);
	p->width = view.width;
	p->height = view.height;
	p->factor = 1;
	while ((double)p->width * p->height / ((double)p->factor * p->factor) > PHOTO_WORK_PIXELS)
		p->factor *= 2;
	if ((rc = cvs_image_reduce(&p->small, img, p->factor)) < 0)
		goto done;

	if ((rc = marker_size(p, img, o, path)) < 0 ||
	    (rc = camera_distance(p, o, path, ideal)) < 0)
		goto done;
	optics_check(p, o);
	/* a marker that is cut, covered, bent or unreadable gives no scale */
	if ((rc = photo_marker_check(img, &p->marker, o->lens ? ideal : NULL,
				     o->lens ? p->lens_k : NULL, o->dict_id, path, &p->quality)) <
	    0)
		goto done;
	if ((rc = plane_homography(ideal, o->marker_mm, path, h_i2p)) < 0 ||
	    (rc = canvas_geometry(p, h_i2p, o->marker_mm, path, h_i2c)) < 0)
		goto done;

	/* the limb's soft mask, then in the plane */
	if ((rc = limb_mask(p, path)) < 0)
		goto done;
	rc = cvs_rectify(&canvas, p->mask, p->h_c2i, p->has_lens ? &p->lens : NULL, p->factor,
			 p->cw, p->ch);
	if (rc < 0)
		goto done;
	if ((rc = measure_silhouette(p, canvas, h_i2c, o, path)) < 0)
		goto done;
	if ((rc = frame_range(p)) < 0)
		goto done;
	if ((rc = true_widths(p)) < 0) {
		rc = fail_in(path, rc);
		goto done;
	}
	p->analyse_ms = now_ms() - t1;
	if (!o->keep_for_overlay) {
		cvs_image_free(p->small);
		cvs_image_free(p->mask);
		p->small = p->mask = NULL;
	}
	*out = p;
	p = NULL;
	rc = LV_OK;
done:
	cvs_image_free(canvas);
	if (rc < 0 && p && p->small && o->keep_for_overlay && o->keep_failed) {
		p->failed = 1; /* what was read, for the overlay */
		*out = p;
		p = NULL;
	}
	photo_free(p);
	return rc;
}

int photo_proximal_parse(const char *s, size_t len, int *out)
{
	static const char *const names[] = { "up", "down", "left", "right" };
	for (int k = 0; k < 4; k++)
		if (strlen(names[k]) == len && !strncmp(names[k], s, len)) {
			*out = PHOTO_PROXIMAL_UP + k;
			return LV_OK;
		}
	return lv_error_set(LV_EDATA, "expected up, down, left or right, found '%.*s'",
			    (int)(len > 20 ? 20 : len), s);
}

const char *photo_proximal_name(int proximal)
{
	static const char *const names[] = { "", "up", "down", "left", "right" };
	return proximal >= 0 && proximal <= PHOTO_PROXIMAL_RIGHT ? names[proximal] : "";
}

void photo_facts_get(const photo_view *p, photo_facts *f)
{
	f->width_px = p->width;
	f->height_px = p->height;
	f->marker_side_px = p->side_px;
	f->mm_per_px = p->mm_per_px;
	f->distance_mm = p->distance_mm;
	f->distance_from_pose = p->from_pose;
	f->tilt_deg = p->tilt_deg;
	f->from_cm = p->from_cm;
	f->to_cm = p->to_cm;
	f->end_in_frame = p->end_in_frame;
	f->scale_rel_sd = p->scale_rel_sd;
	f->focal_px = p->focal_px;
	f->focal_source = p->focal_source;
	f->perspective_rel_sd = p->persp_rel_sd;
	f->warning = p->warning[0] ? p->warning : NULL;
	f->decode_ms = p->decode_ms;
	f->analyse_ms = p->analyse_ms;
}

int photo_width_at(const photo_view *p, double pos_cm, int tangent, double *width_cm)
{
	double p0 = lv_silhouette_position_cm(p->sil, p->first);
	double p1 = lv_silhouette_position_cm(p->sil, p->last);
	double t, w0, w1, w;
	size_t i;

	if (!(pos_cm >= p0 - 1e-9 && pos_cm <= p1 + 1e-9))
		return lv_error_set(LV_ERANGE, "%s: %.1f cm is outside the measured range", p->path,
				    pos_cm);
	if (p->last == p->first) {
		w = lv_silhouette_width_cm(p->sil, p->first);
	} else {
		t = (pos_cm - p0) / (p1 - p0) * (double)(p->last - p->first);
		i = p->first + (size_t)floor(t);
		if (i >= p->last)
			i = p->last - 1;
		t -= (double)(i - p->first);
		w0 = lv_silhouette_width_cm(p->sil, i);
		w1 = lv_silhouette_width_cm(p->sil, i + 1);
		w = w0 + (w1 - w0) * t;
	}
	if (!isfinite(w))
		return lv_error_set(LV_EIMAGE, "%s: no width at %.1f cm", p->path, pos_cm);
	if (tangent) {
		/* the silhouette is the pair of tangent lines (true_widths) */
		if (p->last == p->first) {
			w = p->wtrue_cm[0];
		} else {
			t = (pos_cm - p0) / (p1 - p0) * (double)(p->last - p->first);
			i = (size_t)floor(t);
			if (i >= p->last - p->first)
				i = p->last - p->first - 1;
			t -= (double)i;
			w = p->wtrue_cm[i] + (p->wtrue_cm[i + 1] - p->wtrue_cm[i]) * t;
		}
	}
	*width_cm = w;
	return LV_OK;
}

/* canvas px -> px of an image of the photo scaled by s */
static int canvas_to_scaled(const photo_view *p, double s, double u, double v, double *x, double *y)
{
	if (!canvas_to_image(p, u, v, x, y))
		return 0;
	*x = (*x + 0.5) * s - 0.5;
	*y = (*y + 0.5) * s - 0.5;
	return 1;
}

void photo_marker_px(const photo_view *p, double corners_px[8])
{
	memcpy(corners_px, p->marker.corners_px, sizeof p->marker.corners_px);
}

/* The sites: a line across the limb each, and its position beside the limb
 * where it overlaps neither another label nor a site line (photo_labels.h:
 * labels that do not fit are left out, the lines are all drawn). */
static int draw_sites(const photo_view *p, const photo_result *r, double off_cm, double s,
		      cvs_image *img, double text_px, int thick)
{
	photo_label *lab;
	char(*text)[32];
	cvs_view v;
	size_t n = 0;
	int rc = LV_OK;

	if (!r || !r->n_sites)
		return LV_OK;
	lab = calloc(r->n_sites, sizeof *lab);
	text = calloc(r->n_sites, sizeof *text);
	if (!lab || !text) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	cvs_image_view(img, &v);
	for (size_t k = 0; k < r->n_sites; k++) {
		double pos = r->site_cm[k] + off_cm, x1, y1, x2, y2, *e = lab[n].edge;
		double t = (pos - lv_silhouette_position_cm(p->sil, p->first)) / 0.1;
		size_t i = p->first + (size_t)(t < 0 ? 0 : floor(t + 0.5));
		int w;
		if (i > p->last)
			i = p->last;
		lv_silhouette_edges_px(p->sil, i, &x1, &y1, &x2, &y2);
		if (!canvas_to_scaled(p, s, x1, y1, &e[0], &e[1]) ||
		    !canvas_to_scaled(p, s, x2, y2, &e[2], &e[3]))
			continue;
		if ((rc = cvs_draw_polyline(img, e, 2, 0, 0x20e0ff, thick)) < 0)
			goto done;
		if (lv_number_format(r->site_cm[k], 1, text[n], sizeof text[n]) < 0 ||
		    cvs_text_width(text[n], text_px, &w) < 0) {
			lv_error_clear();
			continue;
		}
		lab[n].w = w;
		lab[n].h = text_px;
		n++;
	}
	photo_labels_place(lab, n, v.width, v.height);
	for (size_t k = 0; k < n; k++)
		if (lab[k].placed &&
		    (rc = cvs_draw_text(img, lab[k].x, lab[k].y + lab[k].h, text[k], 0x20e0ff,
					text_px)) < 0)
			goto done;
	rc = LV_OK;
done:
	free(lab);
	free(text);
	return rc;
}

int photo_overlay_draw(const photo_view *p, const photo_result *r, double off_cm, cvs_image *img)
{
	double x0, y0, dx, dy, ppc = 10.0 / p->mm_per_px, pts[2 * 65], q[8], s;
	cvs_view v;
	int rc, n = 0, mask_factor;

	if (!p->small)
		return lv_error_set(LV_EINVAL, "overlay: the photo was not kept");
	cvs_image_view(img, &v);
	s = (double)v.width / p->width;
	mask_factor = (int)floor(p->factor * s + 0.5);
	double text_px = fmax(12.0, v.height / 60.0);
	int thick = v.height > 1500 ? 3 : 2;
	/* a failed analysis (keep_failed) has what it got to */
	if (p->mask &&
	    (rc = cvs_draw_mask_outline(img, p->mask, mask_factor < 1 ? 1 : mask_factor, 0x00ff40,
					thick)) < 0)
		return rc;
	for (int i = 0; i < 8; i++)
		q[i] = (p->marker.corners_px[i] + 0.5) * s - 0.5;
	if (p->found_marker && (rc = cvs_draw_polyline(img, q, 4, 1, 0xff2020, thick)) < 0)
		return rc;
	if (p->failed || !p->sil)
		return LV_OK;
	/* the axis over the measured range */
	lv_silhouette_axis_px(p->sil, &x0, &y0, &dx, &dy);
	for (int k = 0; k <= 64; k++) {
		double pos = p->from_cm + (p->to_cm - p->from_cm) * k / 64.0;
		if (canvas_to_scaled(p, s, x0 + pos * ppc * dx, y0 + pos * ppc * dy, &pts[2 * n],
				     &pts[2 * n + 1]))
			n++;
	}
	if ((rc = cvs_draw_polyline(img, pts, n, 0, 0xffe000, thick)) < 0)
		return rc;
	return draw_sites(p, r, off_cm, s, img, text_px, thick);
}

int photo_overlay_write(const photo_view *p, const photo_result *r, double off_cm, const char *path)
{
	int rc;
	if (!p->small)
		return lv_error_set(LV_EINVAL, "overlay: the photo was not kept");
	if ((rc = photo_overlay_draw(p, r, off_cm, p->small)) < 0)
		return rc;
	if (!r || p->failed) {
		/* its set failed: say so on the picture (the row says why) */
		cvs_view v;
		cvs_image_view(p->small, &v);
		double h = fmax(14.0, v.height / 30.0);
		if ((rc = cvs_draw_text(p->small, h / 2, 1.5 * h, "not measured", 0xff2020, h)) < 0)
			return rc;
	}
	return cvs_image_write(p->small, path);
}
