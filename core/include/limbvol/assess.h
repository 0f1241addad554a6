/*
 * limbvol/assess.h - the clinical assessment of one measurement.
 *
 * What a measurement means for a clinician, computed once for every printer
 * and for the store's history (definitions in limbvol/metrics.h, sources in
 * doc/clinical.md):
 *
 *   the limb's volume            over its own range (or from_cm..to_cm)
 *   excess volume EV = A - U, percent excess PEV = (A - U) / U x 100, with
 *                                the sd of EV and whether |EV| exceeds the
 *                                95 % threshold 1.96 sqrt(sd_A^2 + sd_U^2)
 *   class (PEV: none, subclinical, lymphedema), ISL severity (PEV > 0)
 *   change of volume             (A - A0) / A0 x 100 against this limb's
 *                                baseline (or a pre measurement), with the
 *                                same 95 % threshold for the change
 *   relative volume change RVC   (A U0) / (U A0) - 1 (Ancukiewicz 2011)
 *
 * Like is compared with like.  A volume depends on the length it covers, so
 * two measurements are compared only over the range both cover: the common
 * range of the two limbs (EV, PEV, class, severity), of the limb and its
 * baseline (change), of all four (RVC).  Each limb's volume is re-taken over
 * that range from its own profile (lv_volume_between: interpolated between
 * tape sites, or from the continuous profile of a photo), and the range is
 * reported.  Measurements over the same range are compared over it, whatever
 * its length (the range the clinician chose); when the ranges differ and the
 * common range is shorter than LV_ASSESS_MIN_COMMON_CM, the figures that need
 * it are not computed and `note` says why.
 *
 * Why 10 cm: the thresholds (5 %, 10 % PEV or RVC; 20 % and 40 % for
 * severity) were set on whole-limb volumes.  A common range under 10 cm (two
 * 4 cm tape segments and a half, under a quarter of an adult arm) left when
 * two measurements of different lengths are cut to what they share
 * describes one local part, not the limb, and usually means one measurement
 * is incomplete or started from another landmark; see doc/clinical.md.
 *
 *     lv_assess_input in;
 *     lv_assessment a;
 *     lv_assess_input_init(&in);
 *     in.limb.profile = right; in.other.profile = left;
 *     if (lv_assess(&in, &a) < 0) ... lv_error_last() ...
 *     if (a.compared) printf("EV %.1f mL over %g-%g cm\n", a.excess_ml,
 *                            a.compare_from_cm, a.compare_to_cm);
 *     else if (a.has_other) puts(a.note);
 */
#ifndef LIMBVOL_ASSESS_H
#define LIMBVOL_ASSESS_H

#include <stddef.h>

#include "limbvol/metrics.h"
#include "limbvol/profile.h"
#include "limbvol/volume.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_ASSESS_MIN_COMMON_CM 10.0
/*
 * Two photo sets are taken alike, and the repeat sd judges their change,
 * when they have the same number of views and camera distances within
 * this fraction of each other (the larger at most 1.10 times the smaller):
 * the card-depth bias goes as 1 / distance, and the shared meshes' changes
 * between 60 and 120 cm erred by up to 2.2 % of the volume, so 10 % apart
 * leaves at most 0.4 % at 60 cm (doc/clinical.md, "A change of photo
 * volume"; doc/photo.md, "A change of volume").
 */
#define LV_ALIKE_DISTANCE_REL 0.10

/* One measured limb: its profile and how its volume is taken. */
typedef struct lv_assess_limb {
	const lv_profile *profile; /* NULL: not measured */
	lv_model model;
	double reading_sd_cm;
	/*
	 * The volume as measured over the profile's whole range, or NULL: used
	 * as it is whenever that whole range is compared (a stored measurement
	 * keeps the volume computed when it was taken, e.g. from a photo's fine
	 * slices); a narrower range is always re-taken from the profile.
	 */
	const lv_volume *measured;
	/*
	 * The repeat sd relative to the volume (a photo's, limbvol/store.h),
	 * or 0: when the limb and base_limb both have one, the change between
	 * them is judged by lv_mdc95_pair of the two (each this fraction of its
	 * volume over the range compared) instead of their full sd, if the two
	 * were taken alike: the same views, camera distances within
	 * LV_ALIKE_DISTANCE_REL (a distance not known: not alike).
	 */
	double repeat_rel_sd;
	double camera_distance_cm; /* a photo's; 0: not known */
	int views; /* a photo's, 1 or 2; 0: not known */
} lv_assess_limb;

typedef struct lv_assess_input {
	lv_assess_limb limb; /* the limb assessed (A); required */
	lv_assess_limb other; /* the contralateral limb at the same visit (U) */
	lv_assess_limb base_limb; /* this limb at the baseline (A0), or a pre measurement */
	lv_assess_limb base_other; /* the other limb at the baseline (U0) */
	double from_cm, to_cm; /* NaN, NaN: the common range; else exactly this range */
	double min_common_cm; /* the shortest common range compared */
} lv_assess_input;

/* No profiles, frustum model, LV_DEFAULT_TAPE_SD_CM, NaN range,
 * LV_ASSESS_MIN_COMMON_CM. */
LV_EXTERN void lv_assess_input_init(lv_assess_input *in);

typedef struct lv_assessment {
	lv_volume volume; /* the limb over its own range (or from..to) */

	int has_other; /* an other limb was given */
	lv_volume other_volume; /* the other limb over its own range (or from..to) */
	int compared; /* the inter-limb figures below are computed */
	double compare_from_cm, compare_to_cm; /* their range (the common range) */
	int range_narrowed; /* that range is shorter than one limb's own range */
	lv_volume limb_compared, other_compared; /* A and U over that range */
	double excess_ml, excess_sd_ml, pev_percent, threshold_ml;
	int significant; /* |EV| > threshold_ml */
	lv_pev_class pev_class;
	int has_severity; /* PEV > 0 */
	lv_severity severity;
	double other_pev_percent; /* (U - A) / A x 100: the excess of the other limb */
	size_t n_sites_compared; /* sites of the limb inside the range */
	size_t n_flagged; /* of those, differing by >= LV_SITE_DIFF_FLAG_CM */
	double max_site_diff_cm;

	int has_change; /* against base_limb */
	double change_from_cm, change_to_cm;
	lv_volume base_compared; /* A0 over that range */
	double change_ml, change_percent, change_threshold_ml;
	int change_significant;

	int has_rvc;
	double rvc_from_cm, rvc_to_cm;
	double rvc_percent;
	lv_pev_class rvc_class;

	char note[256]; /* why a figure is missing; "" when none is */
	/* with has_change: 1 when change_threshold_ml is of the repeat sd of
	 * both (lv_assess_limb.repeat_rel_sd), 0 when of their full sd */
	int change_repeat_sd;
	/* with has_change: 1 when both have a repeat sd but were not taken
	 * alike (views, camera distances), so that the full sd judges it */
	int change_not_alike;
} lv_assessment;

/*
 * Assess in->limb against the other limb and the baseline given.  Fails
 * (LV_EINVAL, LV_ERANGE for a from..to outside a limb, LV_EDATA) only for
 * what makes the limb's own volume impossible; a missing comparison is not
 * an error: its flag stays 0 and `note` says why.
 */
LV_EXTERN int lv_assess(const lv_assess_input *in, lv_assessment *out);

/*
 * The range [from, to] both limbs cover under their models; 0 and
 * *from >= *to when they share none.
 */
LV_EXTERN int lv_common_range(const lv_assess_limb *a, const lv_assess_limb *b, double *from_cm,
			      double *to_cm);

/*
 * The volume of one limb over [from, to]: l->measured as it is when that is
 * the profile's whole range, else re-taken from the profile (lv_volume_between
 * with l's model and reading sd).  What lv_assess compares; trend plots it.
 */
LV_EXTERN int lv_assess_volume_over(const lv_assess_limb *l, double from_cm, double to_cm,
				    lv_volume *v);

#ifdef __cplusplus
}
#endif
#endif
