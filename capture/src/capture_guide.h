/*
 * capture_guide.h - what one live frame shows, and what to tell the user.
 *
 * Every frame goes through the photo pipeline (photo.h), which itself works
 * on a reduced copy for the limb's silhouette and refines the marker's
 * corners at full size: the marker, the limb, its axis, the range measured
 * inside the frame, and a live volume of this one view (circular slices).
 * What stops a measurement becomes one line of plain-language guidance.
 */
#ifndef CAPTURE_GUIDE_H
#define CAPTURE_GUIDE_H

#include "cvs.h"
#include "photo.h"

enum guide_state {
	GUIDE_NO_MARKER, /* "marker not found" */
	GUIDE_OTHER_MARKER, /* a marker of another id */
	GUIDE_MARKER_EDGE, /* "marker touches the edge" */
	GUIDE_MARKER_SMALL, /* too small: closer */
	GUIDE_NO_LIMB, /* no limb against the background */
	GUIDE_LIMB_BOTH_EDGES, /* "limb touches both edges: step back" */
	GUIDE_LIMB_SIDE, /* the limb touches the frame along its side */
	GUIDE_LIMB_INSIDE, /* the limb does not leave the frame (its proximal end) */
	GUIDE_RANGE, /* the range asked for is not whole in the frame */
	GUIDE_OTHER, /* another refusal of the pipeline (its message) */
	GUIDE_READY /* measurable */
};

typedef struct capture_guide_opts {
	photo_opts po; /* marker, dictionary, lens */
	photo_request rq; /* range, step, origin offset */
} capture_guide_opts;

typedef struct capture_guide {
	enum guide_state state;
	char message[320]; /* the guidance line */
	photo_view *photo; /* the frame's analysis, when it went through */
	photo_result live; /* this view alone, when ready */
	int have_live;
	int have_marker; /* the marker's corners are known (marker_px) */
	double marker_px[8];
	int marker_id; /* the id seen (the expected one, or another) */
	double distance_cm; /* from the marker's pose (camera file), or NaN */
} capture_guide;

/* Analyse a frame (borrowed; the guide keeps nothing of it but results). */
int capture_guide_frame(capture_guide *g, const cvs_image *frame, const capture_guide_opts *o);

/* Drop the frame's results (photo_view, live result). */
void capture_guide_clear(capture_guide *g);

/* Keep the frame's analysis (a view that was taken): the caller frees it. */
photo_view *capture_guide_take(capture_guide *g);

/* Draw the marker, the limb's outline, its axis, the sites and their
 * positions on the frame (the preview), with the marker's id and distance. */
int capture_guide_draw(const capture_guide *g, cvs_image *frame, const capture_guide_opts *o);

#endif
