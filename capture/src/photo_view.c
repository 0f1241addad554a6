/* What an analysed photo (photo_view.h) tells: its facts, the width at a
 * position, the marker's corners; and freeing it (photo.h). */
#include "photo_view.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"

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
		/* the silhouette is the pair of tangent lines (photo_true_widths) */
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

void photo_marker_px(const photo_view *p, double corners_px[8])
{
	memcpy(corners_px, p->marker.corners_px, sizeof p->marker.corners_px);
}
