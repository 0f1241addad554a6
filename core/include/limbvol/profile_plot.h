/*
 * limbvol/profile_plot.h - a picture of a limb's shape.
 *
 * Circumference (cm) along the limb's axis (cm from the landmark), the other
 * limb drawn over it, and each site where the two differ by 2 cm or more
 * (doc/clinical.md: a common clinical flag) marked in red.  The subtitle gives
 * both volumes with their uncertainty and the excess volume.  PNG, SVG or PDF
 * from one drawing (lv_plot_format, limbvol/trend.h).
 */
#ifndef LIMBVOL_PROFILE_PLOT_H
#define LIMBVOL_PROFILE_PLOT_H

#include "limbvol/extern.h"

#include "limbvol/profile.h"
#include "limbvol/trend.h"
#include "limbvol/volume.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_PROFILE_PLOT_OPTS_VERSION 1

typedef struct lv_profile_plot_opts {
	unsigned version; /* LV_PROFILE_PLOT_OPTS_VERSION */
	const char *title; /* NULL: "limb profile" */
	const char *label; /* legend of the limb; NULL: "this limb" */
	const char *other_label; /* NULL: "other limb" */
	lv_model model; /* for the volumes in the subtitle */
	double reading_sd_cm;
	int width_px, height_px; /* 320 to 8000 */
} lv_profile_plot_opts;

#define LV_PROFILE_PLOT_OPTS_INIT                                                               \
	{                                                                                       \
		LV_PROFILE_PLOT_OPTS_VERSION, NULL, NULL, NULL, LV_MODEL_FRUSTUM, 0.1, 900, 560 \
	}

/* The colours, 0xRRGGBB: the limb, the other limb, a flagged site. */
#define LV_PROFILE_PLOT_LIMB 0x0072B2u
#define LV_PROFILE_PLOT_OTHER 0xE69F00u
#define LV_PROFILE_PLOT_FLAG 0xD55E00u

/* Draw p (and other, which may be NULL) into path, written all or nothing. */
LV_EXTERN int lv_profile_plot(const lv_profile *p, const lv_profile *other,
			      const lv_profile_plot_opts *opts, const char *path,
			      lv_plot_format fmt);

/* Where (site, circumference) lands in the picture, in pixels. */
LV_EXTERN int lv_profile_plot_map(const lv_profile *p, const lv_profile *other,
				  const lv_profile_plot_opts *opts, double site_cm,
				  double circumference_cm, double *x_px, double *y_px);

#ifdef __cplusplus
}
#endif
#endif
