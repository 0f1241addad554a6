/* One photo: marker, soft mask, silhouette, the range inside the frame
 * (photo.h; the marker's plane in photo_plane.c). */
#include "photo_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cvs_photo.h"
#include "limbvol/error.h"
#include "limbvol/mat3.h"
#include "photo_exif.h"

#define MAX_MARKERS 32

/* CPU time of the calling thread: the analysis and the decoding are timed
 * alike whatever else runs on the machine (OpenCV runs single-threaded
 * inside a batch job, and with limbvol photo --timing). */
static double now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

int photo_fail_in(const char *path, int rc)
{
	char msg[sizeof lv_error_last()->message];
	snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
	if (strncmp(msg, path, strlen(path)) == 0)
		return rc;
	return lv_error_set(rc, "%s: %s", path, msg);
}

static int inside_frame(const photo_view *p, double u, double v)
{
	double x, y, m = p->factor + 1.0;
	if (!photo_canvas_to_image(p, u, v, &x, &y))
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
		return photo_fail_in(path, rc);
	p->from_pose = 1;
	p->focal_px = (p->lens_k[0] + p->lens_k[4]) / 2;
	p->focal_source = PHOTO_FOCAL_CAMERA;
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
		return photo_fail_in(path, rc);
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
		return photo_fail_in(path, rc);
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
	if ((rc = photo_plane_homography(ideal, o->marker_mm, path, h_i2p)) < 0 ||
	    (rc = photo_canvas_geometry(p, h_i2p, o->marker_mm, path, h_i2c)) < 0)
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
	if ((rc = photo_true_widths(p)) < 0) {
		rc = photo_fail_in(path, rc);
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
