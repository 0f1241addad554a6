/*
 * limbvol/silhouette.h - a limb's widths along its axis from a mask.
 *
 * This is the geometry half of photo volumetry and has no OpenCV in it: the
 * capture module turns a photo into a mask in the marker's plane, and
 * `limbvol mask` reads masks made by other software; both measure here.
 *
 * A mask is 8-bit, one byte per pixel: values >= 128 are limb, < 128 are
 * background.  Values in between, as an anti-aliased or resampled mask has
 * along the outline, place the edge between pixels: the mask is read by
 * bilinear interpolation and the edge is where it crosses 127.5 (half-way
 * from 0 to 255), so widths are sub-pixel.  A strictly binary mask
 * (0/255) works too, to the pixel.  Pixel coordinates: pixel (column i,
 * row j) has its centre at (i, j), as in OpenCV; x right, y down.
 *
 * The measurement:
 *  1. The limb is the largest connected region (8-connected) touching an
 *     image border (its proximal end leaves the frame); small specks are
 *     ignored.  LV_EIMAGE with a message when another region is at least
 *     half its size ("two separate blobs"), when the limb touches the frame
 *     all along a side, when it crosses the frame at both ends of its axis
 *     and no proximal direction is given ("crosses the frame at both ends":
 *     a standing leg whose toes leave the frame), when no region touches a
 *     border ("does not leave the frame"), and for an empty mask or a limb
 *     of a few pixels.
 *  2. The axis is fitted on the limb's medial line (mid-points of its chords)
 *     inside [axis_from_cm, axis_to_cm] when given, so that a hand, a foot or
 *     a bent joint elsewhere does not tilt it (imaging.md, Silhouettes).
 *  3. The positive axial direction points to where the limb leaves the frame
 *     (or to proximal_dx, proximal_dy when it leaves at both ends).
 *     Position 0 is where the landmark's line crosses the medial line: the
 *     line through the origin point perpendicular to the medial line's
 *     local direction there (fitted over 2 cm distal to 10 cm proximal of
 *     it), as a tape laid around the limb at the landmark; then projected
 *     onto the axis.  A real limb's medial line tilts and curves, and
 *     differently in a front and a side view; the origin (a marker beside
 *     the limb) lies some 10 cm off the axis, so projecting it along the
 *     straight axis's normal would move position 0 by 10 cm x tan(angle
 *     between the axis and the limb's local direction): 0.9 cm for 5
 *     degrees.  Falls back to the plain projection when the landmark is
 *     outside the limb.
 *  4. Every step_cm along the axis, the width perpendicular to the axis is
 *     the distance between the two outer edges of the limb on that line.
 *     Samples lie at whole multiples of step_cm from position 0, so two
 *     views measured with the same step pair up exactly.
 *
 * Memory while measuring: the runs of limb pixels (a few per row) and, when
 * the mask holds other regions, one bit per pixel; about 10-40 ms for a
 * 12-megapixel mask.  No global state is touched: masks may be measured
 * in parallel threads.
 */
#ifndef LIMBVOL_SILHOUETTE_H
#define LIMBVOL_SILHOUETTE_H

#include "limbvol/extern.h"

#include <stddef.h>
#include "limbvol/profile.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_mask_view {
	const unsigned char *data; /* borrowed, row-major */
	size_t width_px;
	size_t height_px;
	size_t stride_bytes; /* >= width_px */
} lv_mask_view;

#define LV_SILHOUETTE_OPTS_VERSION 2

typedef struct lv_silhouette_opts {
	unsigned version; /* LV_SILHOUETTE_OPTS_VERSION (1: without proximal) */
	double px_per_cm; /* scale of the mask in the limb's plane */
	double origin_x_px; /* the landmark (axial position 0) */
	double origin_y_px;
	double step_cm; /* sampling step along the axis, > 0 */
	double axis_from_cm; /* range used to fit the axis; from >= to: */
	double axis_to_cm; /*   the whole limb */
	/* version 2: the direction of the limb's proximal end in the mask
	 * (pixels, any length; 0, 0: not given).  Needed when the limb crosses
	 * the frame at both ends; when it leaves at one end only, a direction
	 * given must agree with it. */
	double proximal_dx, proximal_dy;
} lv_silhouette_opts;

#define LV_SILHOUETTE_OPTS_INIT                                                    \
	{                                                                          \
		LV_SILHOUETTE_OPTS_VERSION, 0.0, 0.0, 0.0, 0.1, 0.0, 0.0, 0.0, 0.0 \
	}

typedef struct lv_silhouette lv_silhouette;

/* Measure a mask; the mask is not kept. */
LV_EXTERN int lv_silhouette_measure(lv_silhouette **out, const lv_mask_view *mask,
				    const lv_silhouette_opts *opts);
LV_EXTERN void lv_silhouette_free(lv_silhouette *s);

/* Samples along the axis, every step_cm, in increasing position. */
LV_EXTERN size_t lv_silhouette_count(const lv_silhouette *s);
LV_EXTERN double lv_silhouette_position_cm(const lv_silhouette *s, size_t i);
/* Width at sample i (cm); NaN where the line misses the limb. */
LV_EXTERN double lv_silhouette_width_cm(const lv_silhouette *s, size_t i);
/* The two edge points of sample i in mask pixels (for overlays). */
LV_EXTERN void lv_silhouette_edges_px(const lv_silhouette *s, size_t i, double *x1, double *y1,
				      double *x2, double *y2);

/* The positions where the limb is measured without a gap, up to the frame. */
LV_EXTERN void lv_silhouette_range_cm(const lv_silhouette *s, double *from_cm, double *to_cm);

/*
 * The width at any position inside the range (cm), interpolated linearly
 * between the two samples around it; LV_ERANGE outside the range.
 */
LV_EXTERN int lv_silhouette_width_at_cm(const lv_silhouette *s, double pos_cm, double *width_cm);

/* The axis: the point at position 0 and the unit direction, in pixels. */
LV_EXTERN void lv_silhouette_axis_px(const lv_silhouette *s, double *x0, double *y0, double *dx,
				     double *dy);

/*
 * A widths profile between from_cm and to_cm, sampled every step_cm of the
 * front view, for lv_volume_between(..., LV_MODEL_ELLIPSE, ...).  side may be
 * NULL (one view: circular sections).  LV_ERANGE when [from, to] is not
 * inside both views' ranges.
 */
LV_EXTERN int lv_silhouette_profile(lv_profile **out, const lv_silhouette *front,
				    const lv_silhouette *side, double from_cm, double to_cm);

#ifdef __cplusplus
}
#endif
#endif
