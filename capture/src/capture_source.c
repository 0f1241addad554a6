/* Frames from a camera, a video file or an image sequence (capture_source.h). */
#include "capture_source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "limbvol/error.h"
#include "cvs_photo.h"
#include "cvs_video.h"

#define MAX_PATH 4096
/* A sequence may start at 0 or 1; a frame missing in its middle ends it. */
#define SEQUENCE_MAX_FRAMES 1000000L

struct capture_source {
	enum capture_source_kind kind;
	char name[MAX_PATH];
	cvs_video *video;
	cvs_video_info info;
	long next; /* sequence: next index; others: frames read */
	long frames;
	int width, height;
	double t0, fps;
};

static double wall_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* A pattern holds exactly one %d conversion (flags 0, a width up to 9) and
 * otherwise only %% : anything else would make snprintf read arguments
 * that are not there. */
static int is_pattern(const char *s, int *valid)
{
	int conversions = 0, other = 0;
	for (const char *p = s; *p; p++) {
		if (*p != '%')
			continue;
		if (p[1] == '%') {
			p++;
			continue;
		}
		const char *q = p + 1;
		if (*q == '0')
			q++;
		if (*q >= '1' && *q <= '9')
			q++;
		if (*q == 'd') {
			conversions++;
			p = q;
		} else {
			other++;
		}
	}
	*valid = conversions == 1 && other == 0;
	return conversions > 0 || other > 0;
}

static int sequence_path(const capture_source *s, long i, char *buf, size_t size)
{
	/* the pattern was checked by is_pattern(): one %d, nothing else */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	int n = snprintf(buf, size, s->name, (int)i);
#pragma GCC diagnostic pop
	return n > 0 && (size_t)n < size ? 0 : -1;
}

static int exists(const char *path)
{
	struct stat st;
	return stat(path, &st) == 0;
}

int capture_source_open_device(capture_source **out, const char *device, int width, int height)
{
	capture_source *s;
	char path[64];
	int rc;

	*out = NULL;
	if (device[0] >= '0' && device[0] <= '9' && strlen(device) <= 3 &&
	    strspn(device, "0123456789") == strlen(device)) {
		snprintf(path, sizeof path, "/dev/video%s", device);
		device = path;
	}
	if (!(s = calloc(1, sizeof *s)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	s->kind = SOURCE_DEVICE;
	snprintf(s->name, sizeof s->name, "%s", device);
	if ((rc = cvs_video_open_device(&s->video, device, width, height)) < 0) {
		free(s);
		return rc;
	}
	cvs_video_info_get(s->video, &s->info);
	s->width = s->info.width;
	s->height = s->info.height;
	s->t0 = wall_s();
	*out = s;
	return LV_OK;
}

int capture_source_open(capture_source **out, const char *source)
{
	capture_source *s;
	int valid = 0, rc;

	*out = NULL;
	if (strlen(source) >= MAX_PATH - 16)
		return lv_error_set(LV_EINVAL, "--source: path too long");
	if (!(s = calloc(1, sizeof *s)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	snprintf(s->name, sizeof s->name, "%s", source);
	if (!exists(source) && is_pattern(source, &valid)) {
		char first[MAX_PATH];
		cvs_image *img = NULL;
		cvs_view v;
		if (!valid) {
			free(s);
			return lv_error_set(LV_EINVAL,
					    "--source %s: an image sequence needs exactly one %%d "
					    "conversion (e.g. shots/%%03d.png)",
					    source);
		}
		s->kind = SOURCE_SEQUENCE;
		for (s->next = 0; s->next <= 1; s->next++)
			if (sequence_path(s, s->next, first, sizeof first) == 0 && exists(first))
				break;
		if (s->next > 1) {
			sequence_path(s, 0, first, sizeof first);
			rc = lv_error_set(LV_ENOTFOUND,
					  "--source %s: no image of the sequence (%s is missing)",
					  source, first);
			free(s);
			return rc;
		}
		if ((rc = cvs_photo_read(&img, first, CVS_READ_COLOR)) < 0) {
			free(s);
			return rc;
		}
		cvs_image_view(img, &v);
		s->width = v.width;
		s->height = v.height;
		cvs_image_free(img);
		s->fps = 25;
		*out = s;
		return LV_OK;
	}
	s->kind = SOURCE_FILE;
	if ((rc = cvs_video_open_file(&s->video, source)) < 0) {
		free(s);
		return rc;
	}
	cvs_video_info_get(s->video, &s->info);
	s->width = s->info.width;
	s->height = s->info.height;
	s->fps = s->info.fps > 0 ? s->info.fps : 25;
	*out = s;
	return LV_OK;
}

void capture_source_close(capture_source *s)
{
	if (!s)
		return;
	cvs_video_close(s->video);
	free(s);
}

enum capture_source_kind capture_source_kind(const capture_source *s)
{
	return s->kind;
}

const char *capture_source_name(const capture_source *s)
{
	return s->name;
}

void capture_source_size(const capture_source *s, int *width, int *height)
{
	*width = s->width;
	*height = s->height;
}

double capture_source_fps(const capture_source *s)
{
	if (s->kind == SOURCE_DEVICE)
		return s->info.fps > 0 ? s->info.fps : 30;
	return s->fps;
}

long capture_source_frames(const capture_source *s)
{
	return s->frames;
}

static int read_sequence(capture_source *s, cvs_image **frame)
{
	char path[MAX_PATH];
	cvs_image *img = NULL;
	cvs_view v;
	int rc;

	if (s->next >= SEQUENCE_MAX_FRAMES || sequence_path(s, s->next, path, sizeof path) < 0 ||
	    !exists(path))
		return 0;
	if ((rc = cvs_photo_read(&img, path, CVS_READ_COLOR)) < 0)
		return rc;
	cvs_image_view(img, &v);
	if (v.width != s->width || v.height != s->height) {
		cvs_image_free(img);
		return lv_error_set(LV_EIMAGE, "%s is %dx%d, the sequence's first image %dx%d",
				    path, v.width, v.height, s->width, s->height);
	}
	cvs_image_free(*frame);
	*frame = img;
	s->next++;
	return 1;
}

int capture_source_read(capture_source *s, cvs_image **frame, double *t_s)
{
	int rc;

	if (s->kind == SOURCE_SEQUENCE)
		rc = read_sequence(s, frame);
	else
		rc = cvs_video_read(s->video, frame);
	if (rc < 0)
		return rc;
	if (rc == 0) {
		if (s->kind == SOURCE_DEVICE)
			return lv_error_set(LV_EIO,
					    "the camera at %s stopped sending frames after %ld "
					    "(unplugged?)",
					    s->name, s->frames);
		if (s->kind == SOURCE_FILE && s->info.frame_count > 0 &&
		    s->frames < s->info.frame_count)
			return lv_error_set(LV_EIMAGE,
					    "%s is truncated or damaged: it declares %ld frames, "
					    "%ld could be read",
					    s->name, s->info.frame_count, s->frames);
		return 0;
	}
	*t_s = s->kind == SOURCE_DEVICE ? wall_s() - s->t0 : (double)s->frames / s->fps;
	s->frames++;
	return 1;
}
