/*
 * limbvol/garment.h - the measuring points of a made-to-measure flat-knit
 * compression garment (RAL-GZ 387/1 legs, RAL-GZ 387/2 arms; the points and
 * their sources in doc/clinical.md, Compression garments), found on a limb's
 * profile where its shape tells them:
 *
 *   leg  cB   the ankle at its narrowest (the smallest site below the calf)
 *        cC   the calf at its widest (the first widest site above cB, the
 *             leg narrowing again above it)
 *        cD   below the knee at its narrowest (the smallest site above cC)
 *        cF   halfway between cE and cG
 *   arm  cC   the wrist at its narrowest (the smallest site below the forearm)
 *        cD   the forearm at its widest (the first widest site above cC)
 *        cF   halfway between cE and cG
 *
 * The others (leg cB1, cE, cG; arm cE, cG) are landmarks a circumference
 * profile cannot show: their position along the profile is given (the
 * circumference is then read off the profile there), or both are.  The
 * points of the foot (cA, cY) and the hand (cA) lie outside a limb profile:
 * their circumference is given.  A tape profile is searched at its sites
 * (between them the profile is linear, so no narrower or wider point lies
 * there); a photo profile (with widths) every LV_GARMENT_STEP_CM.
 *
 *     lv_garment g;
 *     lv_garment_init(&g, LV_LIMB_KIND_LEG);
 *     g.v[lv_garment_index(&g, "cE")].how = LV_GARMENT_AT, ...pos_cm = 42;
 *     lv_garment_fill(&g, profile);
 *     for (size_t i = 0; i < g.n; i++) if (g.v[i].how == LV_GARMENT_MISSING) ...
 */
#ifndef LIMBVOL_GARMENT_H
#define LIMBVOL_GARMENT_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/plausible.h"
#include "limbvol/profile.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_GARMENT_MAX_POINTS 10
#define LV_GARMENT_STEP_CM 0.5 /* the search step on a photo's profile */
/* A dip after a widest point must be at least this to count (two tape
 * readings of 1 mm each way: doc/clinical.md, Measuring protocols). */
#define LV_GARMENT_DIP_CM 0.3

typedef struct lv_garment_point_def {
	const char *name; /* "cB" */
	const char *length; /* its length's name, "lB" ("" for the foot and hand) */
	const char *where; /* "ankle, at its narrowest" */
	int on_profile; /* 0: foot or hand, only a circumference */
	int found; /* 1: the profile's shape finds it */
} lv_garment_point_def;

typedef enum lv_garment_how {
	LV_GARMENT_MISSING = 0,
	LV_GARMENT_FOUND, /* from the profile's shape */
	LV_GARMENT_HALFWAY, /* halfway between two others, read off the profile */
	LV_GARMENT_AT, /* at a given position, read off the profile */
	LV_GARMENT_GIVEN /* circumference (and position) given */
} lv_garment_how;

typedef struct lv_garment_value {
	lv_garment_how how;
	double pos_cm; /* along the profile (NaN for foot and hand points) */
	double circ_cm;
} lv_garment_value;

typedef struct lv_garment {
	lv_limb_kind kind; /* arm or leg */
	size_t n;
	const lv_garment_point_def *def; /* n points, distal to proximal */
	lv_garment_value v[LV_GARMENT_MAX_POINTS];
} lv_garment;

/* The points of an arm or a leg, all MISSING; LV_EINVAL for another kind. */
LV_EXTERN int lv_garment_init(lv_garment *g, lv_limb_kind kind);
/* The index of a point by name ("cB", any case of the c), or -1. */
LV_EXTERN int lv_garment_index(const lv_garment *g, const char *name);

/*
 * Fill what the profile tells: every point MISSING that its shape finds, or
 * halfway between two known points, and the circumference of every AT point
 * inside the profile.  Given values are kept.  LV_ERANGE when an AT
 * position lies outside the profile (give its circumference too).
 */
LV_EXTERN int lv_garment_fill(lv_garment *g, const lv_profile *p);

#ifdef __cplusplus
}
#endif
#endif
