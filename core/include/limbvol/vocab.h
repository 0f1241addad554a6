/*
 * limbvol/vocab.h - the words every limbvol file and record shares: which
 * limb, which phase of a visit, and the date format.
 *
 *   limb   left-arm, right-arm, left-leg or right-leg
 *   phase  baseline, pre, post or other (an empty phase reads as other)
 *   date   YYYY-MM-DD, optionally followed by THH:MM or THH:MM:SS (a space
 *          instead of the T is accepted), a real calendar date 1900-2200
 *
 * The parsers take a length (the text need not be NUL-terminated), return
 * 0 or LV_EDATA with a message quoting at most 40 bytes of the input.
 */
#ifndef LIMBVOL_VOCAB_H
#define LIMBVOL_VOCAB_H

#include "limbvol/extern.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lv_limb {
	LV_LIMB_LEFT_ARM = 0,
	LV_LIMB_RIGHT_ARM = 1,
	LV_LIMB_LEFT_LEG = 2,
	LV_LIMB_RIGHT_LEG = 3
} lv_limb;

typedef enum lv_phase {
	LV_PHASE_BASELINE = 0,
	LV_PHASE_PRE = 1,
	LV_PHASE_POST = 2,
	LV_PHASE_OTHER = 3
} lv_phase;

/* The limb named by s[0..len); LV_EDATA otherwise. */
LV_EXTERN int lv_limb_parse(const char *s, size_t len, lv_limb *out);
/* "left-arm" ...; "unknown" for a value out of range. */
LV_EXTERN const char *lv_limb_name(lv_limb l);
/* The contralateral limb: left-arm <-> right-arm, left-leg <-> right-leg. */
LV_EXTERN lv_limb lv_limb_other(lv_limb l);
LV_EXTERN int lv_phase_parse(const char *s, size_t len, lv_phase *out);
LV_EXTERN const char *lv_phase_name(lv_phase p);
/* YYYY-MM-DD[THH:MM[:SS]] with a real calendar date; LV_EDATA otherwise. */
LV_EXTERN int lv_date_check(const char *s, size_t len);

#ifdef __cplusplus
}
#endif
#endif
