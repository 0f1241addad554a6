/*
 * limbvol/metrics.h - clinical metrics of limb volume.
 *
 * Definitions exactly as in doc/clinical.md (Metrics):
 *
 *   excess volume        EV  = V_affected - V_other                 (mL)
 *   percent excess       PEV = (V_affected - V_other) / V_other x 100
 *   reduction of EV          = (EV_before - EV_after) / EV_before x 100
 *   change of volume         = (V_t - V_0) / V_0 x 100
 *   relative volume change RVC = (A2 U1) / (U2 A1) - 1   (Ancukiewicz 2011;
 *                            A limb at risk, U other limb, 1 baseline,
 *                            2 follow-up; returned as a fraction)
 *   weight-adjusted change WAC = (A2 W1) / (A1 W2) - 1   (fraction)
 *   severity (ISL, by PEV):  < 20 % minimal/mild, 20-40 % moderate,
 *                            > 40 % severe
 *   clinical class (by PEV or RVC): < 5 % none, 5-10 % subclinical,
 *                            >= 10 % lymphedema
 *   inter-limb difference per site; >= 2 cm at any site is a clinical flag
 *   MDC95 = 1.96 sqrt(2) SEM: the smallest change of one limb's volume that
 *           exceeds the measurement error (doc/clinical.md, Measurement error)
 *
 * Functions with a denominator return LV_EDATA when it is not positive.
 */
#ifndef LIMBVOL_METRICS_H
#define LIMBVOL_METRICS_H

#include "limbvol/extern.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_SITE_DIFF_FLAG_CM 2.0

LV_EXTERN int lv_excess_ml(double affected_ml, double other_ml, double *out_ml);
LV_EXTERN int lv_pev_percent(double affected_ml, double other_ml, double *out_percent);
LV_EXTERN int lv_excess_reduction_percent(double ev_before_ml, double ev_after_ml,
					  double *out_percent);
LV_EXTERN int lv_volume_change_percent(double v0_ml, double vt_ml, double *out_percent);
LV_EXTERN int lv_rvc(double a1_ml, double u1_ml, double a2_ml, double u2_ml, double *out_fraction);
LV_EXTERN int lv_wac(double a1_ml, double w1_kg, double a2_ml, double w2_kg, double *out_fraction);

typedef enum lv_severity {
	LV_SEVERITY_MILD = 0, /* PEV < 20 % (ISL: minimal / mild) */
	LV_SEVERITY_MODERATE = 1, /* 20 % <= PEV <= 40 % */
	LV_SEVERITY_SEVERE = 2 /* PEV > 40 % */
} lv_severity;

typedef enum lv_pev_class {
	LV_CLASS_NONE = 0, /* < 5 % */
	LV_CLASS_SUBCLINICAL = 1, /* 5 % to < 10 % */
	LV_CLASS_LYMPHEDEMA = 2 /* >= 10 % */
} lv_pev_class;

LV_EXTERN lv_severity lv_severity_of(double pev_percent);
LV_EXTERN const char *lv_severity_name(lv_severity s);
LV_EXTERN lv_pev_class lv_pev_class_of(double percent);
LV_EXTERN const char *lv_pev_class_name(lv_pev_class c);

/* Minimal detectable change at 95 %: 1.96 sqrt(2) sem. */
LV_EXTERN double lv_mdc95(double sem);

/*
 * The 95 % threshold for the difference of two independent measurements
 * with standard uncertainties sd_a and sd_b: 1.96 sqrt(sd_a^2 + sd_b^2)
 * (equal to lv_mdc95(sd) when both are sd).
 */
LV_EXTERN double lv_mdc95_pair(double sd_a, double sd_b);

#ifdef __cplusplus
}
#endif
#endif
