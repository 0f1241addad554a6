/* Camera calibration from views of a board: detection, outliers, coverage. */
#include "limbvol/calib.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limbvol/error.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"

struct view {
	char *name;
	double *img_xy, *obj_xy; /* points, x y pairs */
	double *err; /* reprojection error of each point, last pass */
	unsigned char *keep; /* 0 for a point dropped as an outlier */
	int n, kept;
	int found, used;
	double rms_px;
	char reason[sizeof(((lv_error *)0)->message) + 64];
};

struct lv_calib {
	lv_board board;
	cvs_calib_board cvb;
	struct view *views;
	size_t count, cap;
	int width_px, height_px; /* of the first readable image; 0 before */
};

int lv_calib_new(lv_calib **out, const lv_board *board)
{
	lv_calib *c;
	int dict_size;

	*out = NULL;
	c = calloc(1, sizeof *c);
	if (!c)
		return lv_error_set(LV_ENOMEM, "out of memory");
	c->board = *board;
	c->cvb.type = board->type == LV_BOARD_CHARUCO ? CVS_CALIB_CHARUCO : CVS_CALIB_CHESSBOARD;
	c->cvb.cols = board->cols;
	c->cvb.rows = board->rows;
	c->cvb.square_mm = board->square_mm;
	c->cvb.marker_mm = board->marker_mm;
	if (board->type == LV_BOARD_CHARUCO &&
	    cvs_aruco_dictionary(board->dict, &c->cvb.dict_id, &dict_size) < 0) {
		free(c);
		return LV_EINVAL;
	}
	*out = c;
	return LV_OK;
}

void lv_calib_free(lv_calib *c)
{
	size_t i;
	if (!c)
		return;
	for (i = 0; i < c->count; i++) {
		free(c->views[i].name);
		free(c->views[i].img_xy);
		free(c->views[i].obj_xy);
		free(c->views[i].err);
		free(c->views[i].keep);
	}
	free(c->views);
	free(c);
}

static struct view *new_view(lv_calib *c, const char *path)
{
	struct view *v;
	if (c->count == c->cap) {
		size_t cap = c->cap ? 2 * c->cap : 16;
		struct view *nv = realloc(c->views, cap * sizeof *nv);
		if (!nv)
			return NULL;
		c->views = nv;
		c->cap = cap;
	}
	v = &c->views[c->count];
	memset(v, 0, sizeof *v);
	v->name = strdup(path);
	if (!v->name)
		return NULL;
	c->count++;
	return v;
}

int lv_calib_add_image(lv_calib *c, const char *path)
{
	cvs_image *img = NULL;
	cvs_view pix;
	struct view *v;
	double *ixy = NULL, *oxy = NULL;
	int rc, n = 0;

	if (c->count >= LV_CALIB_MAX_VIEWS)
		return lv_error_set(LV_EINVAL, "more than %d images", LV_CALIB_MAX_VIEWS);
	v = new_view(c, path);
	if (!v)
		return lv_error_set(LV_ENOMEM, "out of memory");
	rc = cvs_image_read(&img, path, CVS_READ_GRAY);
	if (rc < 0)
		goto done;
	cvs_image_view(img, &pix);
	if (!c->width_px) {
		c->width_px = pix.width;
		c->height_px = pix.height;
	} else if (pix.width != c->width_px || pix.height != c->height_px) {
		rc = lv_error_set(
			LV_EDATA,
			"%s is %dx%d pixels but the first image is %dx%d: every view must come "
			"from the same camera at the same resolution%s",
			path, pix.width, pix.height, c->width_px, c->height_px,
			pix.width == c->height_px && pix.height == c->width_px
				? " and orientation (hold the camera the same way for every photo)"
				: "");
		goto done;
	}
	ixy = malloc(2 * CVS_CALIB_MAX_POINTS * sizeof *ixy);
	oxy = malloc(2 * CVS_CALIB_MAX_POINTS * sizeof *oxy);
	if (!ixy || !oxy) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	rc = cvs_calib_detect(img, &c->cvb, ixy, oxy, CVS_CALIB_MAX_POINTS, &n);
	if (rc < 0) {
		lv_error_locate(path, 0, 0);
		goto done;
	}
	/* keep only the n points found */
	v->img_xy = malloc(2 * (size_t)n * sizeof *ixy);
	v->obj_xy = malloc(2 * (size_t)n * sizeof *oxy);
	v->err = calloc((size_t)n, sizeof *v->err);
	v->keep = malloc((size_t)n);
	if (!v->img_xy || !v->obj_xy || !v->err || !v->keep) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	memcpy(v->img_xy, ixy, 2 * (size_t)n * sizeof *ixy);
	memcpy(v->obj_xy, oxy, 2 * (size_t)n * sizeof *oxy);
	memset(v->keep, 1, (size_t)n);
	v->n = v->kept = n;
	v->found = 1;
done:
	if (rc < 0)
		memcpy(v->reason, lv_error_last()->message, sizeof lv_error_last()->message);
	free(ixy);
	free(oxy);
	cvs_image_free(img);
	return rc;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/* Calibrate on the kept points of the views marked used; per-view and
 * per-point errors back into the views. */
static int run(lv_calib *c, unsigned flags, double K[9], double dist[5], double *rms)
{
	int *npts = NULL, nv = 0, rc;
	double *ixy = NULL, *oxy = NULL, *vr = NULL, *pe = NULL;
	size_t i, total = 0, k = 0;
	unsigned f = 0;

	for (i = 0; i < c->count; i++)
		if (c->views[i].used)
			total += (size_t)c->views[i].kept, nv++;
	npts = malloc((size_t)nv * sizeof *npts);
	vr = malloc((size_t)nv * sizeof *vr);
	ixy = malloc(2 * total * sizeof *ixy);
	oxy = malloc(2 * total * sizeof *oxy);
	pe = malloc(total * sizeof *pe);
	if (!npts || !vr || !ixy || !oxy || !pe) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	nv = 0;
	for (i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		if (!v->used)
			continue;
		npts[nv++] = v->kept;
		for (int j = 0; j < v->n; j++)
			if (v->keep[j]) {
				memcpy(ixy + 2 * k, v->img_xy + 2 * j, 2 * sizeof *ixy);
				memcpy(oxy + 2 * k, v->obj_xy + 2 * j, 2 * sizeof *oxy);
				k++;
			}
	}
	if (flags & LV_CALIB_FIX_ASPECT)
		f |= CVS_CALIB_FIX_ASPECT;
	if (flags & LV_CALIB_ZERO_TANGENT)
		f |= CVS_CALIB_ZERO_TANGENT;
	if (flags & LV_CALIB_FIX_K3)
		f |= CVS_CALIB_FIX_K3;
	rc = cvs_calib_calibrate(nv, npts, ixy, oxy, c->width_px, c->height_px, f, K, dist, rms, vr,
				 pe);
	if (rc < 0)
		goto done;
	nv = 0;
	k = 0;
	for (i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		if (!v->used)
			continue;
		v->rms_px = vr[nv++];
		for (int j = 0; j < v->n; j++)
			if (v->keep[j])
				v->err[j] = pe[k++];
	}
done:
	free(npts);
	free(vr);
	free(ixy);
	free(oxy);
	free(pe);
	return rc;
}

static int count_used(const lv_calib *c)
{
	int n = 0;
	for (size_t i = 0; i < c->count; i++)
		n += c->views[i].used;
	return n;
}

/* Median of the n values in a (sorted in place). */
static double median_of(double *a, size_t n)
{
	qsort(a, n, sizeof *a, cmp_double);
	return n % 2 ? a[n / 2] : (a[n / 2 - 1] + a[n / 2]) / 2;
}

/*
 * Drop single corners far off the fit (a corner refined onto a neighbouring
 * marker or a reflection): above 5 times the median error and 1 px.  A view
 * with more than a fifth of its corners that far off is dropped whole, and
 * so is one left with fewer than 6.  Returns how many corners or views were
 * dropped, or a negative status.
 */
static int drop_points(lv_calib *c)
{
	size_t total = 0, k = 0;
	double *all, limit;
	int dropped = 0;

	for (size_t i = 0; i < c->count; i++)
		if (c->views[i].used)
			total += (size_t)c->views[i].kept;
	all = malloc(total * sizeof *all);
	if (!all)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (size_t i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		for (int j = 0; v->used && j < v->n; j++)
			if (v->keep[j])
				all[k++] = v->err[j];
	}
	limit = fmax(5 * median_of(all, total), 1.0);
	free(all);
	for (size_t i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		int bad = 0;
		for (int j = 0; v->used && j < v->n; j++)
			bad += v->keep[j] && v->err[j] > limit;
		if (!bad)
			continue;
		/* many corners off: the view itself is wrong (moved board,
		 * another camera or zoom), not a corner */
		if (5 * bad > v->kept) {
			v->used = 0;
			snprintf(
				v->reason, sizeof v->reason,
				"outlier: %d of %d corners off by more than %.2f px (view error %.2f px)",
				bad, v->kept, limit, v->rms_px);
			dropped++;
			continue;
		}
		for (int j = 0; j < v->n; j++)
			if (v->keep[j] && v->err[j] > limit) {
				v->keep[j] = 0;
				v->kept--;
				dropped++;
			}
		if (v->kept < 6) {
			v->used = 0;
			snprintf(v->reason, sizeof v->reason,
				 "only %d corners fit the others (%d found)", v->kept, v->n);
		}
	}
	return dropped;
}

/*
 * Drop views much worse than the others (a blurred or moved board):
 * above 3 times the median view error and 0.5 px, keeping at least 3.
 * Returns how many were dropped.
 */
static int drop_views(lv_calib *c)
{
	double errs[LV_CALIB_MAX_VIEWS], median, limit;
	int n = 0, drop = 0;

	for (size_t i = 0; i < c->count; i++)
		if (c->views[i].used)
			errs[n++] = c->views[i].rms_px;
	median = median_of(errs, (size_t)n);
	limit = fmax(3 * median, 0.5);
	for (size_t i = 0; i < c->count; i++)
		drop += c->views[i].used && c->views[i].rms_px > limit;
	if (!drop || n - drop < 3)
		return 0;
	for (size_t i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		if (v->used && v->rms_px > limit) {
			v->used = 0;
			snprintf(
				v->reason, sizeof v->reason,
				"outlier: reprojection error %.2f px, more than 3 times the median %.2f px",
				v->rms_px, median);
		}
	}
	return drop;
}

int lv_calib_solve(lv_calib *c, unsigned flags, lv_camera **out)
{
	double K[9], dist[5], rms = 0;
	int rc, nused;
	char spec[96], date[40];
	time_t now = time(NULL);
	struct tm tm;

	*out = NULL;
	for (size_t i = 0; i < c->count; i++) {
		struct view *v = &c->views[i];
		v->used = v->found;
		v->kept = v->n;
		if (v->keep)
			memset(v->keep, 1, (size_t)v->n);
	}
	nused = count_used(c);
	if (nused < 3)
		return lv_error_set(
			LV_EDATA,
			"the board was found in %d image%s; at least 3 usable views are needed "
			"(10 to 20 are better)",
			nused, nused == 1 ? "" : "s");
	/* first corners, then whole views; a few passes at most */
	for (int pass = 0; pass < 5; pass++) {
		int dropped;
		rc = run(c, flags, K, dist, &rms);
		if (rc < 0)
			return rc;
		if (pass == 4)
			break;
		dropped = drop_points(c);
		if (dropped < 0)
			return dropped;
		if (count_used(c) < 3)
			return lv_error_set(LV_EDATA,
					    "fewer than 3 views are left once the corners that "
					    "fit no camera are dropped: retake the photos");
		if (!dropped && !drop_views(c))
			break;
	}
	rc = lv_camera_new(out, c->width_px, c->height_px, K, dist, 5, rms);
	if (rc < 0)
		return lv_error_set(LV_ENUMERIC, "calibration gave no usable camera: %s",
				    lv_error_last()->message);
	lv_board_format(&c->board, spec, sizeof spec);
	gmtime_r(&now, &tm);
	strftime(date, sizeof date, "%Y-%m-%dT%H:%M:%SZ", &tm);
	lv_camera_set_origin(*out, spec, date, count_used(c));
	return LV_OK;
}

size_t lv_calib_count(const lv_calib *c)
{
	return c->count;
}

void lv_calib_view_get(const lv_calib *c, size_t i, lv_calib_view *out)
{
	const struct view *v = &c->views[i];
	out->name = v->name;
	out->found = v->found;
	out->used = v->used;
	out->points = v->n;
	out->points_used = v->kept;
	out->rms_px = v->rms_px;
	out->reason = v->reason;
}

double lv_calib_coverage(const lv_calib *c, int *empty_corner_cells)
{
	int hit[16] = { 0 }, n = 0;
	if (!c->width_px) {
		*empty_corner_cells = 4;
		return 0;
	}
	for (size_t i = 0; i < c->count; i++) {
		const struct view *v = &c->views[i];
		if (!v->used)
			continue;
		for (int k = 0; k < v->n; k++) {
			int gx = (int)(4 * v->img_xy[2 * k] / c->width_px);
			int gy = (int)(4 * v->img_xy[2 * k + 1] / c->height_px);
			if (gx >= 0 && gx < 4 && gy >= 0 && gy < 4)
				hit[gy * 4 + gx] = 1;
		}
	}
	for (int k = 0; k < 16; k++)
		n += hit[k];
	*empty_corner_cells = !hit[0] + !hit[3] + !hit[12] + !hit[15];
	return n / 16.0;
}
