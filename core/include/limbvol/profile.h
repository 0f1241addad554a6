/*
 * limbvol/profile.h - a limb profile: measuring sites along the limb axis.
 *
 * A profile holds n >= 2 sites, given in cm from the landmark (for an arm
 * usually 2 cm above the ulnar styloid, for a leg the ankle), strictly
 * increasing but not necessarily evenly spaced.  At each site it holds either
 * a tape circumference (cm) or two silhouette widths seen at right angles
 * (cm), as a photo or a Perometer gives them.
 *
 * Every value is checked on entry: finite, positive and plausible for a human
 * limb (a circumference from LV_MIN_CIRCUMFERENCE_CM to
 * LV_MAX_CIRCUMFERENCE_CM, a width from LV_MIN_WIDTH_CM to
 * LV_MAX_CIRCUMFERENCE_CM / pi, consecutive sites LV_MIN_SPACING_CM to
 * LV_MAX_SPACING_CM apart, at most LV_MAX_SITES sites).  A value below a
 * minimum is a typing or unit error (1e-300 is not a limb), not a reading.  The check functions are public so
 * that readers can check each value where they read it and report its line
 * and column.
 */
#ifndef LIMBVOL_PROFILE_H
#define LIMBVOL_PROFILE_H

#include "limbvol/extern.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

#define LV_MIN_CIRCUMFERENCE_CM 1.0
#define LV_MAX_CIRCUMFERENCE_CM 150.0
#define LV_MIN_WIDTH_CM 0.01 /* 0.1 mm: below a pixel of any accepted scale */
#define LV_MIN_SPACING_CM 0.01 /* 0.1 mm: photos sample every 1 mm */
#define LV_MAX_SPACING_CM 50.0
#define LV_MAX_SITES 10000

typedef struct lv_profile lv_profile;

/* A profile from tape circumferences; the arrays are copied. */
LV_EXTERN int lv_profile_new(lv_profile **out, const double *sites_cm,
			     const double *circumference_cm, size_t n);

/*
 * A profile from two widths per site (front and side silhouettes); the
 * arrays are copied.  width_side_cm may be NULL for one view: the cross
 * section is then taken as a circle of diameter width_front_cm.
 */
LV_EXTERN int lv_profile_new_widths(lv_profile **out, const double *sites_cm,
				    const double *width_front_cm, const double *width_side_cm,
				    size_t n);

/* A deep copy. */
LV_EXTERN int lv_profile_copy(lv_profile **out, const lv_profile *p);

/* Free a profile; NULL is a no-op. */
LV_EXTERN void lv_profile_free(lv_profile *p);

LV_EXTERN size_t lv_profile_count(const lv_profile *p);
LV_EXTERN double lv_profile_site_cm(const lv_profile *p, size_t i);
/* 1 when the profile holds widths, 0 when it holds circumferences. */
LV_EXTERN int lv_profile_has_widths(const lv_profile *p);
/*
 * Circumference at site i: the tape value, or for widths the exact ellipse
 * perimeter (see lv_ellipse_perimeter_cm).
 */
LV_EXTERN double lv_profile_circumference_cm(const lv_profile *p, size_t i);
/* Widths at site i; for a tape profile both are C/pi (the circle). */
LV_EXTERN void lv_profile_widths_cm(const lv_profile *p, size_t i, double *front_cm,
				    double *side_cm);

/*
 * The profile resampled at other sites by linear interpolation (of the
 * circumference, or of both widths), so that visits measured at slightly
 * different sites can be compared site by site.  Every new site must lie
 * within the profile's range (LV_ERANGE otherwise).
 */
LV_EXTERN int lv_profile_resample(lv_profile **out, const lv_profile *p, const double *sites_cm,
				  size_t n);

/* Interpolated circumference at a position inside the range. */
LV_EXTERN int lv_profile_circumference_at(const lv_profile *p, double pos_cm, double *out_cm);

/* Checks of single values, for readers; LV_EDATA with a message. */
LV_EXTERN int lv_check_circumference_cm(double c_cm);
LV_EXTERN int lv_check_width_cm(double w_cm);
LV_EXTERN int lv_check_site_cm(double site_cm);
/* prev then next: strictly increasing, at most LV_MAX_SPACING_CM apart. */
LV_EXTERN int lv_check_spacing_cm(double prev_cm, double next_cm);

/*
 * Perimeter of an ellipse from its two axis lengths (the widths, cm):
 * 4a E(e) with GSL's complete elliptic integral of the second kind.
 * Treating an ellipse as a circle of the same perimeter overstates its area
 * (0.4 % at axis ratio 0.9, 10 % at 0.6: doc/clinical.md), so widths are kept.
 */
LV_EXTERN int lv_ellipse_perimeter_cm(double width1_cm, double width2_cm, double *out_cm);

#ifdef __cplusplus
}
#endif
#endif
