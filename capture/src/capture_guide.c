/* One live frame analysed, and the guidance it gives (capture_guide.h). */
#include "capture_guide.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "cvs_photo.h"
#include "cvs_video.h"

#define MAX_MARKERS 16
/* The card's white margin is at least 1.5 cells of the marker's 6
 * (imaging.md): the card spans at least 1.5 marker sides. */
#define CARD_SIDES 1.5

void capture_guide_clear(capture_guide *g)
{
	photo_free(g->photo);
	photo_result_clear(&g->live);
	memset(g, 0, sizeof *g);
	g->marker_id = -1;
	g->distance_cm = NAN;
}

photo_view *capture_guide_take(capture_guide *g)
{
	photo_view *p = g->photo;
	g->photo = NULL;
	return p;
}

static int contains(const char *s, const char *what)
{
	return strstr(s, what) != NULL;
}

/* The pipeline's refusal as guidance, in the words of the issue. */
static void classify(capture_guide *g, const char *msg, const capture_guide_opts *o)
{
	const char *found = strstr(msg, "found id ");
	if (contains(msg, "no marker with id") && found) {
		g->state = GUIDE_OTHER_MARKER;
		g->marker_id = atoi(found + 9);
		snprintf(g->message, sizeof g->message,
			 "marker id %d found, id %d expected: check --marker or the card",
			 g->marker_id, o->po.marker_id);
	} else if (contains(msg, "no marker")) {
		g->state = GUIDE_NO_MARKER;
		snprintf(g->message, sizeof g->message,
			 "marker not found: show the whole card, flat, facing the camera");
	} else if (contains(msg, "marker too small")) {
		g->state = GUIDE_MARKER_SMALL;
		snprintf(g->message, sizeof g->message, "marker too small: move the camera closer");
	} else if (contains(msg, "marker") &&
		   (contains(msg, "edge") || contains(msg, "frame") || contains(msg, "margin"))) {
		g->state = GUIDE_MARKER_EDGE;
		snprintf(g->message, sizeof g->message,
			 "marker touches the edge: move the card into the frame");
	} else if (contains(msg, "does not leave the frame")) {
		g->state = GUIDE_LIMB_INSIDE;
		snprintf(g->message, sizeof g->message,
			 "limb ends inside the frame: show it up to the frame's edge (the arm to "
			 "the shoulder, the leg to the thigh)");
	} else if (contains(msg, "at both ends of its axis")) {
		/* not "--proximal" alone: a --proximal against the photo is no
		 * limb too long for the frame */
		g->state = GUIDE_LIMB_BOTH_EDGES;
		snprintf(g->message, sizeof g->message, "limb touches both edges: step back");
	} else if (contains(msg, "along its side")) {
		g->state = GUIDE_LIMB_SIDE;
		snprintf(g->message, sizeof g->message,
			 "limb touches the edge along its side: centre it in the frame");
	} else if (contains(msg, "no limb") || contains(msg, "stand out") ||
		   contains(msg, "mask is empty") || contains(msg, "too small to measure") ||
		   contains(msg, "not measured inside")) {
		g->state = GUIDE_NO_LIMB;
		snprintf(
			g->message, sizeof g->message,
			"limb not found: hold the limb before the plain background, beside the card");
	} else {
		/* a refusal without words of its own here: the pipeline's */
		const char *m = strncmp(msg, "frame: ", 7) ? msg : msg + 7;
		g->state = GUIDE_OTHER;
		snprintf(g->message, sizeof g->message, "%s", m);
	}
}

/* The card (the marker and its white margin) must lie whole in the frame:
 * a margin cut by the edge hides where the card's border is. */
static int card_inside(const double c[8], int w, int h)
{
	double cx = (c[0] + c[2] + c[4] + c[6]) / 4, cy = (c[1] + c[3] + c[5] + c[7]) / 4;
	for (int i = 0; i < 4; i++) {
		double x = cx + (c[2 * i] - cx) * CARD_SIDES,
		       y = cy + (c[2 * i + 1] - cy) * CARD_SIDES;
		if (x < 1 || y < 1 || x > w - 2 || y > h - 2)
			return 0;
	}
	return 1;
}

/* When the analysis stopped: where the marker is, if it was seen. */
static void find_marker_only(capture_guide *g, const cvs_image *frame, const capture_guide_opts *o)
{
	cvs_marker found[MAX_MARKERS];
	cvs_image *small = NULL;
	cvs_view v;
	int n = 0, factor = 1;

	cvs_image_view(frame, &v);
	while ((double)v.width * v.height / ((double)factor * factor) > PHOTO_WORK_PIXELS)
		factor *= 2;
	if (factor > 1 && cvs_image_reduce(&small, frame, factor) < 0)
		return;
	if (cvs_marker_detect(frame, small, factor, o->po.dict_id, found, MAX_MARKERS, &n) ==
	    LV_OK) {
		for (int i = 0; i < n && i < MAX_MARKERS; i++) {
			if (i == 0 || found[i].id == o->po.marker_id) {
				memcpy(g->marker_px, found[i].corners_px, sizeof g->marker_px);
				g->marker_id = found[i].id;
				g->have_marker = 1;
			}
		}
	}
	cvs_image_free(small);
}

static void range_text(char *buf, size_t size, double from, double to)
{
	char a[32], b[32];
	if (lv_number_format(from, 1, a, sizeof a) < 0 || lv_number_format(to, 1, b, sizeof b) < 0)
		snprintf(buf, size, "?");
	else
		snprintf(buf, size, "%s to %s cm", a, b);
}

int capture_guide_frame(capture_guide *g, const cvs_image *frame, const capture_guide_opts *o)
{
	photo_opts po = o->po;
	photo_facts f;
	cvs_view v;
	int rc;

	capture_guide_clear(g);
	cvs_image_view(frame, &v);
	po.keep_for_overlay = 1; /* the preview draws the outline */
	rc = photo_analyse_image(&g->photo, "frame", frame, &po);
	if (rc == LV_ENOMEM || rc == LV_EINTERNAL || rc == LV_EINVAL)
		return rc;
	if (rc < 0) {
		char msg[sizeof lv_error_last()->message];
		snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
		classify(g, msg, o);
		if (g->state != GUIDE_NO_MARKER)
			find_marker_only(g, frame, o);
		return LV_OK;
	}
	photo_marker_px(g->photo, g->marker_px);
	g->have_marker = 1;
	g->marker_id = o->po.marker_id;
	photo_facts_get(g->photo, &f);
	if (f.distance_from_pose)
		g->distance_cm = f.distance_mm / 10;
	if (!card_inside(g->marker_px, v.width, v.height)) {
		g->state = GUIDE_MARKER_EDGE;
		snprintf(g->message, sizeof g->message,
			 "marker touches the edge: move the card into the frame");
		return LV_OK;
	}
	rc = photo_measure(&g->live, g->photo, NULL, &o->rq);
	if (rc == LV_ENOMEM || rc == LV_EINTERNAL)
		return rc;
	if (rc < 0) {
		char want[96], have[96];
		double off = o->rq.origin_offset_cm;
		range_text(have, sizeof have, f.from_cm - off, f.to_cm - off);
		if (!isnan(o->rq.from_cm) && !isnan(o->rq.to_cm)) {
			range_text(want, sizeof want, o->rq.from_cm, o->rq.to_cm);
			g->state = GUIDE_RANGE;
			snprintf(g->message, sizeof g->message,
				 "the range %s is not whole in the frame (seen: %s): %s", want,
				 have,
				 o->rq.to_cm > f.to_cm - off ? "step back or show more of the limb"
							     : "show the limb's end and the card");
		} else {
			classify(g, lv_error_last()->message, o);
		}
		return LV_OK;
	}
	g->have_live = 1;
	g->state = GUIDE_READY;
	snprintf(g->message, sizeof g->message, "ready");
	return LV_OK;
}

int capture_guide_draw(const capture_guide *g, cvs_image *frame, const capture_guide_opts *o)
{
	cvs_view v;
	char label[96];
	int rc;

	cvs_image_view(frame, &v);
	if (g->photo) {
		rc = photo_overlay_draw(g->photo, g->have_live ? &g->live : NULL,
					o->rq.origin_offset_cm, frame);
		if (rc < 0)
			return rc;
	} else if (g->have_marker) {
		rc = cvs_draw_polyline(frame, g->marker_px, 4, 1,
				       g->marker_id == o->po.marker_id ? 0xff2020 : 0xff00ff,
				       v.height > 1500 ? 3 : 2);
		if (rc < 0)
			return rc;
	}
	if (g->have_marker) {
		double x = fmax(fmax(g->marker_px[0], g->marker_px[2]),
				fmax(g->marker_px[4], g->marker_px[6]));
		double y = fmin(fmin(g->marker_px[1], g->marker_px[3]),
				fmin(g->marker_px[5], g->marker_px[7]));
		char d[32] = "";
		if (!isnan(g->distance_cm) && lv_number_format(g->distance_cm, 0, d, sizeof d) >= 0)
			snprintf(label, sizeof label, "id %d, %s cm", g->marker_id, d);
		else
			snprintf(label, sizeof label, "id %d", g->marker_id);
		rc = cvs_draw_text(frame, x + 6, y + 14, label,
				   g->marker_id == o->po.marker_id ? 0xff2020 : 0xff00ff,
				   fmax(14.0, v.height / 40.0));
		if (rc < 0)
			return rc;
	}
	return LV_OK;
}
