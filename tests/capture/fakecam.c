/*
 * fakecam - limbvol capture with a camera that can be unplugged.  Linked
 * with capture_main.c and lvcapture in place of the shim's video functions
 * (cvs_video.h, cv/cv_video.cpp): the "camera" at --device PATTERN serves
 * the images of a numbered sequence (PATTERN with one %d, from 0) as its
 * frames, one every 20 ms like a webcam, and stops sending frames at the
 * first image missing, as OpenCV's V4L2 capture does when the camera is
 * unplugged (its read() fails).  No device node is needed, so the tests
 * run where no camera is.  Video files are refused: the test program is
 * for --device only.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "cvs.h"
#include "cvs_video.h"
#include "limbvol/error.h"

struct cvs_video {
	char pattern[4096];
	long next;
	cvs_video_info info;
};

static int frame_path(const cvs_video *v, long i, char *buf, size_t size)
{
	struct stat st;
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	int n = snprintf(buf, size, v->pattern, (int)i);
#pragma GCC diagnostic pop
	return n > 0 && (size_t)n < size && stat(buf, &st) == 0;
}

int cvs_video_open_device(cvs_video **out, const char *device, int width, int height)
{
	cvs_video *v;
	cvs_image *img = NULL;
	cvs_view view;
	char path[4200];
	int rc;

	(void)width;
	(void)height;
	*out = NULL;
	if (strlen(device) >= sizeof v->pattern || !strstr(device, "%"))
		return lv_error_set(LV_ENOTFOUND, "no camera at %s (fakecam: a pattern)", device);
	if (!(v = calloc(1, sizeof *v)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	snprintf(v->pattern, sizeof v->pattern, "%s", device);
	if (!frame_path(v, 0, path, sizeof path)) {
		free(v);
		return lv_error_set(LV_ENOTFOUND, "no camera at %s", device);
	}
	if ((rc = cvs_image_read(&img, path, CVS_READ_COLOR)) < 0) {
		free(v);
		return rc;
	}
	cvs_image_view(img, &view);
	v->info.width = view.width;
	v->info.height = view.height;
	v->info.fps = 50;
	v->info.frame_count = -1;
	cvs_image_free(img);
	*out = v;
	return LV_OK;
}

int cvs_video_open_file(cvs_video **out, const char *path)
{
	*out = NULL;
	return lv_error_set(LV_EINVAL, "fakecam: %s: no video files, --device only", path);
}

void cvs_video_info_get(const cvs_video *v, cvs_video_info *info)
{
	*info = v->info;
}

int cvs_video_read(cvs_video *v, cvs_image **frame)
{
	struct timespec tick = { 0, 20 * 1000 * 1000 };
	cvs_image *img = NULL;
	char path[4200];
	int rc;

	nanosleep(&tick, NULL);
	if (!frame_path(v, v->next, path, sizeof path))
		return 0; /* unplugged: no frame, as VideoCapture::read() then */
	if ((rc = cvs_image_read(&img, path, CVS_READ_COLOR)) < 0)
		return rc;
	cvs_image_free(*frame);
	*frame = img;
	v->next++;
	return 1;
}

void cvs_video_close(cvs_video *v)
{
	free(v);
}
