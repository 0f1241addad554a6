/* Stillness and movement from frame differences (capture_motion.h). */
#include "capture_motion.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "cvs_photo.h"

struct capture_motion {
	int w, h;
	unsigned char *prev, *ref, *cur; /* grey thumbnails */
	int have_prev;
	double moved;
	int still;
};

int capture_motion_new(capture_motion **out)
{
	*out = calloc(1, sizeof **out);
	return *out ? LV_OK : lv_error_set(LV_ENOMEM, "out of memory");
}

void capture_motion_free(capture_motion *m)
{
	if (!m)
		return;
	free(m->prev);
	free(m->ref);
	free(m->cur);
	free(m);
}

static double changed(const unsigned char *a, const unsigned char *b, size_t n)
{
	size_t k = 0;
	for (size_t i = 0; i < n; i++)
		k += abs((int)a[i] - (int)b[i]) > MOTION_LEVEL;
	return (double)k / (double)n;
}

int capture_motion_feed(capture_motion *m, const cvs_image *frame)
{
	cvs_image *thumb = NULL;
	cvs_view v;
	int factor, rc;
	size_t n;

	cvs_image_view(frame, &v);
	factor = v.width / MOTION_THUMB_WIDTH;
	if (factor < 8)
		factor = v.width >= 64 && v.height >= 64 ? 8 : 1;
	if ((rc = cvs_image_reduce(&thumb, frame, factor)) < 0)
		return rc;
	cvs_image_view(thumb, &v);
	n = (size_t)v.width * (size_t)v.height;
	if (!m->cur || v.width != m->w || v.height != m->h) {
		free(m->prev);
		free(m->ref);
		free(m->cur);
		m->prev = malloc(n);
		m->ref = malloc(n);
		m->cur = malloc(n);
		m->have_prev = 0;
		m->w = v.width;
		m->h = v.height;
		if (!m->prev || !m->ref || !m->cur) {
			cvs_image_free(thumb);
			return lv_error_set(LV_ENOMEM, "out of memory");
		}
	}
	for (int y = 0; y < v.height; y++) {
		const unsigned char *row = v.data + (size_t)y * v.stride;
		for (int x = 0; x < v.width; x++) {
			const unsigned char *p = row + (size_t)x * (size_t)v.channels;
			m->cur[(size_t)y * (size_t)v.width + (size_t)x] = v.channels == 3
				? (unsigned char)((p[0] + 2 * p[1] + p[2] + 2) / 4)
				: p[0];
		}
	}
	cvs_image_free(thumb);
	if (!m->have_prev) {
		m->moved = 1;
		m->still = 0;
		m->have_prev = 1;
	} else {
		m->moved = changed(m->cur, m->prev, n);
		if (m->moved < MOTION_STILL && m->still > 0 &&
		    changed(m->cur, m->ref, n) < MOTION_STILL) {
			m->still++;
		} else if (m->moved < MOTION_STILL) {
			m->still = 1;
			memcpy(m->ref, m->cur, n);
		} else {
			m->still = 0;
		}
	}
	memcpy(m->prev, m->cur, n);
	return LV_OK;
}

double capture_motion_moved(const capture_motion *m)
{
	return m->moved;
}

int capture_motion_moving(const capture_motion *m)
{
	return m->moved > MOTION_MOVING;
}

int capture_motion_still_frames(const capture_motion *m)
{
	return m->still;
}
