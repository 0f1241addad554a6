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

#endif
