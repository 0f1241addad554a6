/*
 * limbvol/trend.h - a patient's limb volumes over time: the least-squares
 * trend (GSL) and the chart (cairo: PNG, SVG and PDF from one code path).
 *
 * The chart has two panels sharing a dated x axis:
 *  1. volume (mL) of both limbs, each measurement with a bar of +-1.96 sd
 *     (95 %); each drainage session drawn as an arrow from its pre to its
 *     post measurement (solid when the change exceeds MDC95, dashed when
 *     within the measurement error); the least-squares line of the chosen
 *     limb with its 95 % confidence band;
 *  2. excess volume (PEV, %) of the affected limb against the other limb,
 *     with the baseline value and the 10 % line (doc/clinical.md: >= 10 %
 *     commonly called lymphedema).
 * Across both panels, a dotted line marks the visit at which the RVC of the
 * affected limb first reached each surveillance threshold (opts.alerts).
 * The title names the patient code and the limb, the subtitle the slope per
 * week with its 95 % confidence interval.
 *
 * The trend is fitted to the chosen limb's measurements before sessions and
 * at follow-ups (phases pre and other): a post value shows the short effect
 * of one session, and the baseline is the reference the course is compared
 * with (often before surgery), not part of the course.  When fewer than two
 * such measurements exist, baseline measurements are included.
 */
#ifndef LIMBVOL_TREND_H
#define LIMBVOL_TREND_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/alerts.h"
#include "limbvol/store.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lv_plot_format { LV_PLOT_PNG = 0, LV_PLOT_SVG = 1, LV_PLOT_PDF = 2 } lv_plot_format;

/* From a file name's extension (.png, .svg, .pdf; any case). */
LV_EXTERN int lv_plot_format_of(const char *path, lv_plot_format *out);

/* 2 added `alerts`; a version 1 caller gets the default thresholds */
#define LV_TREND_OPTS_VERSION 2
#define LV_TREND_MIN_PX 320
#define LV_TREND_MAX_PX 8000

typedef struct lv_trend_opts {
	unsigned version; /* LV_TREND_OPTS_VERSION */
	int has_limb; /* 0: the affected limb (else the first measured) */
	lv_limb limb;
	int width_px; /* PNG size, SVG/PDF size in points */
	int height_px;
	/*
	 * The surveillance thresholds (limbvol/alerts.h): the chart marks the
	 * visit at which the affected limb's RVC first reached each; both 0: no
	 * marks.
	 */
	lv_alert_thresholds alerts;
} lv_trend_opts;

#define LV_TREND_OPTS_INIT                                                  \
	{                                                                   \
		LV_TREND_OPTS_VERSION, 0, LV_LIMB_LEFT_ARM, 1000, 760,      \
		{                                                           \
			LV_ALERT_EARLY_PERCENT, LV_ALERT_LYMPHEDEMA_PERCENT \
		}                                                           \
	}

/* The least-squares line volume = a + b (day - day0). */
typedef struct lv_trend_fit {
	size_t n; /* points fitted */
	int with_baseline; /* 1 when baseline measurements were fitted too */
	int has_line; /* n >= 2 */
	int has_ci; /* n >= 3: confidence interval and band */
	double day0; /* days since 1970 of the first point */
	double day_last; /* and of the last; the line is drawn between */
	double intercept_ml; /* at day0 */
	double slope_ml_per_week;
	double slope_lo, slope_hi; /* 95 % confidence interval of the slope */
	double cov00, cov01, cov11; /* per day, from gsl_fit_linear */
	double t95; /* Student t quantile 0.975 with n - 2 df */
} lv_trend_fit;

typedef struct lv_trend lv_trend;

/* A trend of the history's patient (h is borrowed: keep it alive). */
LV_EXTERN int lv_trend_new(lv_trend **out, const lv_history *h, const lv_trend_opts *opts);
LV_EXTERN void lv_trend_free(lv_trend *t);

LV_EXTERN lv_limb lv_trend_limb(const lv_trend *t);
LV_EXTERN const lv_trend_fit *lv_trend_get_fit(const lv_trend *t);
/* The fitted volume and the half-width of its 95 % band at a day. */
LV_EXTERN int lv_trend_at(const lv_trend *t, double day, double *volume_ml, double *half95_ml);

/*
 * The range a limb's volumes are plotted and fitted over: the range every
 * plotted measurement of the limb covers, each volume re-taken there from
 * its profile (lv_assess_volume_over).  When that range would be shorter
 * than LV_ASSESS_MIN_COMMON_CM (limbvol/assess.h) and the measurements do
 * not all cover the same range, the most measurements that share that much
 * are kept (ties: the longer range) and the others are left out.
 */
typedef struct lv_trend_range {
	double from_cm, to_cm;
	int narrowed; /* some volume was re-taken over less than its own range */
	size_t n_left_out; /* measurements of the limb not plotted */
} lv_trend_range;

/* 1 and *out when the limb has measurements, else 0. */
LV_EXTERN int lv_trend_range_of(const lv_trend *t, lv_limb limb, lv_trend_range *out);
/* 1 and the volume plotted for history row i (over its limb's range); 0 when
 * the row is left out (or past the end). */
LV_EXTERN int lv_trend_point(const lv_trend *t, size_t i, lv_volume *v);

/* Draw the chart into path (written to a temporary file, then renamed). */
LV_EXTERN int lv_trend_draw(const lv_trend *t, const char *path, lv_plot_format fmt);

/*
 * Where the chart draws a value at a day, in pixels of the PNG (points of
 * SVG/PDF): panel 0 volume (mL), panel 1 excess volume (%).
 */
LV_EXTERN int lv_trend_map(const lv_trend *t, int panel, double day, double value, double *x_px,
			   double *y_px);

/* The series colours (0xRRGGBB), for readers of the image. */
#define LV_TREND_RGB_AFFECTED 0x0072B2u /* blue */
#define LV_TREND_RGB_OTHER 0xE69F00u /* orange */
#define LV_TREND_RGB_DROP 0xCC3311u /* red: pre -> post */
#define LV_TREND_RGB_EXCESS 0x009E73u /* green: excess volume % */
#define LV_TREND_RGB_LIMIT 0xCC3311u /* the 10 % line */
#define LV_TREND_RGB_ALERT_EARLY 0xAA3377u /* purple: RVC first reached early */
#define LV_TREND_RGB_ALERT_LYMPHEDEMA 0xCC3311u /* red: RVC first reached lymphedema */

#ifdef __cplusplus
}
#endif
#endif
