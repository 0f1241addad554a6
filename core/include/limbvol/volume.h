/*
 * limbvol/volume.h - limb volume from a profile.
 *
 * Models (formulas and check values: doc/clinical.md):
 *
 *   LV_MODEL_FRUSTUM  summed truncated cones between consecutive sites,
 *                     V = h (Ci^2 + Ci Ci+1 + Ci+1^2) / (12 pi).
 *   LV_MODEL_DISC     Kuhnke's discs: each site is the middle of a disc,
 *                     V = h Ci^2 / (4 pi).  A disc reaches halfway to the
 *                     neighbouring sites and, at the two ends, half the
 *                     adjacent spacing beyond the end sites, so n marks every
 *                     4 cm cover n x 4 cm (feeding end points to this model
 *                     overstates length and volume, as the reference warns).
 *   LV_MODEL_ELLIPSE  elliptical slices from two widths per site, widths
 *                     varying linearly between sites:
 *                     V = h (pi/4)(2 p1 q1 + p1 q2 + p2 q1 + 2 p2 q2) / 6;
 *                     with p = q = C/pi it is the frustum.
 *
 * Every volume comes with its standard uncertainty: each reading (tape
 * circumference, or width) is taken to carry an independent error of
 * standard deviation `reading_sd_cm`; the volume's sd is the first-order
 * propagation sqrt(sum (dV/dxi)^2) * sd.  1 cm^3 = 1 mL.
 */
#ifndef LIMBVOL_VOLUME_H
#define LIMBVOL_VOLUME_H

#include "limbvol/extern.h"

#include <stddef.h>
#include "limbvol/profile.h"

#ifdef __cplusplus
extern "C" {
#endif

/* Default tape reading uncertainty: the tape is read to 1 mm. */
#define LV_DEFAULT_TAPE_SD_CM 0.1

typedef enum lv_model { LV_MODEL_FRUSTUM = 0, LV_MODEL_DISC = 1, LV_MODEL_ELLIPSE = 2 } lv_model;

/* "frustum", "disc", "ellipse" <-> lv_model; LV_EINVAL for other names. */
LV_EXTERN int lv_model_parse(const char *name, lv_model *out);
LV_EXTERN const char *lv_model_name(lv_model m);

typedef struct lv_volume {
	double from_cm; /* the range the volume covers */
	double to_cm;
	double volume_ml;
	double sd_ml; /* standard uncertainty from the readings */
} lv_volume;

/*
 * The limb's whole volume under model m.  The frustum and ellipse models
 * cover first..last site; the disc model covers its discs.  LV_MODEL_ELLIPSE
 * on a tape profile uses circles (identical to the frustum).
 */
LV_EXTERN int lv_volume_total(const lv_profile *p, lv_model m, double reading_sd_cm,
			      lv_volume *out);

/*
 * Volume between two positions (cm from the landmark, from < to) that lie
 * inside the model's range; positions between sites are interpolated.
 * LV_ERANGE outside the range.
 */
LV_EXTERN int lv_volume_between(const lv_profile *p, lv_model m, double from_cm, double to_cm,
				double reading_sd_cm, lv_volume *out);

/*
 * Per-segment volumes: n-1 segments between consecutive sites for the
 * frustum and ellipse models, n discs for the disc model.
 * lv_volume_segment_count() tells how many; out must hold that many.
 */
LV_EXTERN size_t lv_volume_segment_count(const lv_profile *p, lv_model m);
LV_EXTERN int lv_volume_segments(const lv_profile *p, lv_model m, double reading_sd_cm,
				 lv_volume *out, size_t n_out);

/* The range [from, to] covered by model m. */
LV_EXTERN void lv_volume_range(const lv_profile *p, lv_model m, double *from_cm, double *to_cm);

#ifdef __cplusplus
}
#endif
#endif
