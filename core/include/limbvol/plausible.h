/*
 * limbvol/plausible.h - is a tape circumference one a limb can have?
 *
 * lv_check_circumference_cm (profile.h) refuses what is not a length at all
 * (not finite, not positive, over 150 cm).  The checks here catch the slips
 * of entry that still give a number, which a volume would silently carry:
 *
 *   - a floor per limb kind: a circumference below LV_FLOOR_ARM_CM (arms)
 *     or LV_FLOOR_LEG_CM (legs) is a value in the wrong unit (17.6 mm read
 *     as 1.76 cm) or a dropped digit (2.8 for 28).  The floors lie well
 *     below the smallest adult wrists and ankles of the 2012 US Army
 *     anthropometric survey (ANSUR II, Gordon et al. 2014: wrist about
 *     13 cm, ankle about 17 cm at the bottom of the range) so that slender
 *     adults and school-age children pass; see doc/clinical.md.
 *   - a jump between neighbouring sites h cm apart: one circumference more
 *     than lv_jump_ratio_max(h) times the other.  Along an arm or a leg
 *     measured every 4 cm neighbours differ by a few cm (at most about a
 *     quarter, from the ankle to the calf); a factor of 1.5 within 10 cm is
 *     a typing slip (24, 62, 28; 24, 26, 2.8, 29.5).  Wider spacings allow
 *     more (1 + 0.05 per cm: 2.0 over 20 cm).
 *
 * A real limb outside these rules (an infant's arm, an amputation stump) is
 * rare: callers offer a way to accept it (`--accept-unusual`).  Photo
 * widths are not checked here: the silhouette gives them, not a hand.
 */
#ifndef LIMBVOL_PLAUSIBLE_H
#define LIMBVOL_PLAUSIBLE_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/tape_csv.h" /* lv_limb */

#ifdef __cplusplus
extern "C" {
#endif

#define LV_FLOOR_ARM_CM 8.0
#define LV_FLOOR_LEG_CM 10.0
#define LV_JUMP_RATIO 1.5 /* within LV_JUMP_NEAR_CM */
#define LV_JUMP_NEAR_CM 10.0
#define LV_JUMP_RATIO_PER_CM 0.05 /* beyond it: 1 + 0.05 h */

typedef enum lv_limb_kind {
	LV_LIMB_KIND_UNKNOWN = 0, /* checked against the lower (arm) floor */
	LV_LIMB_KIND_ARM = 1,
	LV_LIMB_KIND_LEG = 2
} lv_limb_kind;

LV_EXTERN lv_limb_kind lv_limb_kind_of(lv_limb limb);
/* The floor of a limb kind, cm (the arm's for LV_LIMB_KIND_UNKNOWN). */
LV_EXTERN double lv_circumference_floor_cm(lv_limb_kind kind);
/* The largest ratio of neighbouring circumferences h_cm apart. */
LV_EXTERN double lv_jump_ratio_max(double h_cm);

/* LV_EDATA with a message when c_cm is below the floor of kind. */
LV_EXTERN int lv_check_floor_cm(lv_limb_kind kind, double c_cm);

/*
 * LV_EDATA with a message when the circumferences at two neighbouring sites
 * (a before b) differ by more than lv_jump_ratio_max(site_b - site_a).
 */
LV_EXTERN int lv_check_jump_cm(double site_a_cm, double c_a_cm, double site_b_cm, double c_b_cm);

/*
 * Every value of one limb: the floor at each site, then the jump between
 * each pair of neighbours.  On LV_EDATA *where (when not NULL) is the index
 * of the site named in the message (for a jump, the later site of the pair:
 * the one just typed when values are checked as they are typed).
 */
LV_EXTERN int lv_check_plausible(lv_limb_kind kind, const double *site_cm, const double *c_cm,
				 size_t n, size_t *where);

/*
 * A measurement read from a tape CSV file: lv_check_plausible for its limb
 * kind, the message naming the limb and the site; *line (when not NULL) is
 * the file line of that site (the rows of a measurement are consecutive).
 */
LV_EXTERN int lv_check_tape_group(const lv_tape_group *g, long *line);

#ifdef __cplusplus
}
#endif
#endif
