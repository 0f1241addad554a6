/*
 * What the silhouette files share: the limb region found in a mask (as
 * runs), and the layout of lv_silhouette.
 */
#ifndef SILHOUETTE_IMPL_H
#define SILHOUETTE_IMPL_H

#include <stddef.h>
#include <stdint.h>
#include "limbvol/silhouette.h"

/* A horizontal run of limb pixels (value >= 128) on row y, x0..x1. */
typedef struct mask_run {
	int32_t x0, x1, y;
	int32_t link; /* union-find parent while labelling */
} mask_run;

/*
 * The limb: its runs in row order, and when the mask holds other regions a
 * bitmap (one bit per pixel) of the limb's pixels so that the other regions
 * are not taken for limb.  bits == NULL: every pixel >= 128 is limb.
 */
typedef struct mask_region {
	mask_run *runs;
	size_t n_runs;
	uint64_t area_px;
	unsigned char *bits;
	size_t bits_stride; /* bytes per bitmap row */
	size_t n_regions; /* regions in the mask, limb included */
	uint64_t second_px; /* area of the largest other region, 0 if none */
} mask_region;

/* Area ratio above which another region makes the mask ambiguous. */
#define SIMILAR_BLOB_RATIO 0.5

/*
 * Find the limb (largest region touching the border) in a mask; LV_EIMAGE
 * for an empty mask, two blobs of similar size, or a limb that does not
 * leave the frame.  Memory: the runs (a few per row for a limb) and at most
 * one bit per pixel.
 */
int mask_region_find(mask_region *out, const lv_mask_view *m);
void mask_region_release(mask_region *l);

/* The samples of a measured silhouette. */
struct lv_silhouette {
	size_t n;
	double step_cm;
	double px_per_cm;
	double *pos_cm; /* n positions, pos_cm[i] = (k0 + i) * step_cm */
	double *width_cm; /* n widths, NaN where not measured */
	double *edge_px; /* 4n: x1, y1, x2, y2 per sample */
	double range_from_cm, range_to_cm;
	double ax0, ay0, adx, ady; /* axis point at position 0, unit direction */
};

/* The mask as the measurement reads it (silhouette.c, silhouette_axis.c). */
typedef struct geo {
	const unsigned char *data;
	size_t w, h, stride;
	const mask_region *limb;
	double prox_x, prox_y; /* proximal direction, 0 0: not given */
} geo;

enum { LINE_FRAME = -1, LINE_MISS = 0, LINE_OK = 1 };

/* A pixel of the limb; pixels >= 128 of other regions read as background. */
static inline double silhouette_pixel(const geo *g, size_t x, size_t y)
{
	unsigned v = g->data[y * g->stride + x];
	if (v >= 128 && g->limb->bits &&
	    !(g->limb->bits[y * g->limb->bits_stride + (x >> 3)] & (1u << (x & 7))))
		return 0;
	return v;
}

/* A line through (cx, cy) along the unit vector (nx, ny). */
typedef struct line {
	double cx, cy, nx, ny;
} line;

/*
 * The two edges of the limb on line l between u = ua and u = ub
 * (silhouette.c): LINE_OK, LINE_FRAME when an edge is the image border,
 * LINE_MISS when the line does not meet the limb.
 */
int silhouette_line_edges(const geo *g, const line *l, double ua, double ub, double *e1,
			  double *e2);

/* Extent of the limb along the axis direction d and its normal n, relative
 * to the point (ax, ay), from the run ends (pixel centres). */
typedef struct extent {
	double tmin, tmax, umin, umax;
} extent;

/* The axis (silhouette_axis.c): the limb's extent along direction d and
 * its normal from (ax, ay); the principal axis of its runs; the end where
 * it leaves the frame (+1, -1, or 0 with a message); the axis fitted on the
 * medial line; the landmark's position along the axis. */
void silhouette_limb_extent(const mask_region *lb, double ax, double ay, double dx, double dy,
			    extent *e);
void silhouette_principal_axis(const mask_region *lb, size_t w, size_t h, double *ax, double *ay,
			       double *dx, double *dy);
int silhouette_exit_side(const geo *g, double ax, double ay, double dx, double dy, const extent *e);
/* Fit the axis on the medial line: the point (ax, ay), the unit direction
 * (dx, dy) and sign (which way is proximal); LV_ENUMERIC with a message. */
int silhouette_fit_axis(const geo *g, const lv_silhouette_opts *o, double *ax, double *ay,
			double *dx, double *dy, int *sign);
/* Position 0 along the axis (ax, ay) + t (dx, dy) (limbvol/silhouette.h,
 * step 3). */
double silhouette_landmark_t(const geo *g, const lv_silhouette_opts *o, double ax, double ay,
			     double dx, double dy);

#endif
