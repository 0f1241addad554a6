/* The marker's plane: the homographies between the photo and the canvas the
 * mask is rectified onto, and the widths there corrected for perspective
 * (photo_view.h). */
#include "photo_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/mat3.h"
#include "photo_perspective.h"

/* The rectified mask never exceeds this many pixels nor this extent. */
#define MAX_CANVAS_PIXELS 12000000.0
#define MAX_CANVAS_HALF_MM 2500.0

int photo_canvas_to_image(const photo_view *p, double u, double v, double *x, double *y)
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

/* The homography from ideal image pixels to the marker's plane (mm, origin
 * at its centre, y down the print), turned so that the photo's x axis stays
 * horizontal. */
int photo_plane_homography(const double ideal[8], double marker_mm, const char *path,
			   double h_i2p[9])
{
	double h = marker_mm / 2;
	double plane[8] = { -h, -h, h, -h, h, h, -h, h };
	double h_p2i[9], cx, cy, x0, y0, x1, y1, th, R[9];
	int rc;

	if ((rc = cvs_homography4(ideal, plane, h_i2p)) < 0)
		return photo_fail_in(path, rc);
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
int photo_canvas_geometry(photo_view *p, const double h_i2p[9], double marker_mm, const char *path,
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

/*
 * The widths corrected for perspective (photo_perspective.c), for the
 * samples measured inside the frame; and how much they move over the
 * focal lengths plausible (PHOTO_FOCAL_MIN..MAX image widths when assumed,
 * +-PHOTO_KNOWN_FOCAL_REL_SD when known): the spread of the mean
 * correction, as the sd of a uniform spread (range / sqrt 12).
 */
int photo_true_widths(photo_view *p)
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
