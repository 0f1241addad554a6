/* Camera files: read, check, write (camera_file.h: limbvol's own reader and writer). */
#include "limbvol/camera.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "camera_file.h"

struct lv_camera {
	camera_values f;
};

int lv_camera_read(lv_camera **out, const char *path)
{
	lv_camera *cam;
	int rc;

	*out = NULL;
	cam = calloc(1, sizeof *cam);
	if (!cam)
		return lv_error_set(LV_ENOMEM, "out of memory");
	rc = camera_file_read(path, &cam->f);
	if (rc < 0) {
		free(cam);
		return rc;
	}
	*out = cam;
	return LV_OK;
}

static int valid_dist_count(size_t n)
{
	return n == 4 || n == 5 || n == 8 || n == 12 || n == 14;
}

int lv_camera_new(lv_camera **out, int width_px, int height_px, const double K[9],
		  const double *dist, size_t n, double rms_px)
{
	lv_camera *cam;
	size_t i;

	*out = NULL;
	if (width_px < 1 || height_px < 1 || width_px > 100000 || height_px > 100000)
		return lv_error_set(LV_EINVAL, "bad image size %dx%d", width_px, height_px);
	if (!(K[0] > 0 && K[4] > 0) || K[3] != 0 || K[6] != 0 || K[7] != 0 || K[8] != 1)
		return lv_error_set(LV_EINVAL, "not a camera matrix");
	if (!valid_dist_count(n))
		return lv_error_set(LV_EINVAL,
				    "%zu distortion coefficients (expected 4, 5, 8, 12 or 14)", n);
	for (i = 0; i < 9; i++)
		if (!isfinite(K[i]))
			return lv_error_set(LV_EINVAL, "camera matrix is not finite");
	for (i = 0; i < n; i++)
		if (!isfinite(dist[i]))
			return lv_error_set(LV_EINVAL, "distortion is not finite");
	cam = calloc(1, sizeof *cam);
	if (!cam)
		return lv_error_set(LV_ENOMEM, "out of memory");
	cam->f.width_px = width_px;
	cam->f.height_px = height_px;
	memcpy(cam->f.K, K, sizeof cam->f.K);
	memcpy(cam->f.dist, dist, n * sizeof *dist);
	cam->f.ndist = (int)n;
	cam->f.rms_px = rms_px >= 0 && isfinite(rms_px) ? rms_px : -1;
	*out = cam;
	return LV_OK;
}

void lv_camera_free(lv_camera *cam)
{
	free(cam);
}

void lv_camera_image_size(const lv_camera *cam, int *width_px, int *height_px)
{
	*width_px = cam->f.width_px;
	*height_px = cam->f.height_px;
}

const double *lv_camera_matrix(const lv_camera *cam)
{
	return cam->f.K;
}

const double *lv_camera_distortion(const lv_camera *cam, size_t *n)
{
	*n = (size_t)cam->f.ndist;
	return cam->f.dist;
}

double lv_camera_rms_px(const lv_camera *cam)
{
	return cam->f.rms_px;
}

int lv_camera_check_size(const lv_camera *cam, int width_px, int height_px)
{
	if (width_px == cam->f.width_px && height_px == cam->f.height_px)
		return LV_OK;
	return lv_error_set(
		LV_EDATA, "the image is %dx%d pixels but the camera file is for %dx%d images (%s)",
		width_px, height_px, cam->f.width_px, cam->f.height_px,
		width_px == cam->f.height_px && height_px == cam->f.width_px
			? "the photo is turned: hold the camera as for the calibration photos"
			: "calibrate the camera at the resolution it takes photos with");
}

void lv_camera_set_origin(lv_camera *cam, const char *board, const char *date, int views)
{
	snprintf(cam->f.board, sizeof cam->f.board, "%s", board ? board : "");
	snprintf(cam->f.date, sizeof cam->f.date, "%s", date ? date : "");
	cam->f.views = views > 0 ? views : 0;
}

const char *lv_camera_board(const lv_camera *cam)
{
	return cam->f.board;
}

const char *lv_camera_date(const lv_camera *cam)
{
	return cam->f.date;
}

int lv_camera_views(const lv_camera *cam)
{
	return cam->f.views;
}

int lv_camera_write(const lv_camera *cam, const char *path)
{
	return camera_file_write(path, &cam->f);
}
