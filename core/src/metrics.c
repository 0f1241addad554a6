/* Clinical metrics; definitions in doc/clinical.md (Metrics). */
#include "limbvol/metrics.h"
#include "limbvol/error.h"

#include <math.h>

static int positive(double v, const char *what)
{
	if (!(v > 0) || !isfinite(v))
		return lv_error_set(LV_EDATA, "%s must be a positive number", what);
	return LV_OK;
}

int lv_excess_ml(double affected, double other, double *out)
{
	if (!isfinite(affected) || !isfinite(other))
		return lv_error_set(LV_EDATA, "volumes must be finite");
	*out = affected - other;
	return LV_OK;
}

int lv_pev_percent(double affected, double other, double *out)
{
	if (positive(other, "the other limb's volume") < 0 ||
	    positive(affected, "the affected limb's volume") < 0)
		return LV_EDATA;
	*out = (affected - other) / other * 100.0;
	return LV_OK;
}

int lv_excess_reduction_percent(double ev_before, double ev_after, double *out)
{
	if (positive(ev_before, "the excess volume before treatment") < 0)
		return LV_EDATA;
	if (!isfinite(ev_after))
		return lv_error_set(LV_EDATA, "the excess volume after treatment must be finite");
	*out = (ev_before - ev_after) / ev_before * 100.0;
	return LV_OK;
}

int lv_volume_change_percent(double v0, double vt, double *out)
{
	if (positive(v0, "the first volume") < 0 || positive(vt, "the second volume") < 0)
		return LV_EDATA;
	*out = (vt - v0) / v0 * 100.0;
	return LV_OK;
}

int lv_rvc(double a1, double u1, double a2, double u2, double *out)
{
	if (positive(a1, "A1") < 0 || positive(u1, "U1") < 0 || positive(a2, "A2") < 0 ||
	    positive(u2, "U2") < 0)
		return LV_EDATA;
	*out = (a2 * u1) / (u2 * a1) - 1.0;
	return LV_OK;
}

int lv_wac(double a1, double w1, double a2, double w2, double *out)
{
	if (positive(a1, "A1") < 0 || positive(w1, "W1") < 0 || positive(a2, "A2") < 0 ||
	    positive(w2, "W2") < 0)
		return LV_EDATA;
	*out = (a2 * w1) / (a1 * w2) - 1.0;
	return LV_OK;
}

lv_severity lv_severity_of(double pev)
{
	if (pev < 20.0)
		return LV_SEVERITY_MILD;
	if (pev <= 40.0)
		return LV_SEVERITY_MODERATE;
	return LV_SEVERITY_SEVERE;
}

const char *lv_severity_name(lv_severity s)
{
	switch (s) {
	case LV_SEVERITY_MILD:
		return "mild";
	case LV_SEVERITY_MODERATE:
		return "moderate";
	case LV_SEVERITY_SEVERE:
		return "severe";
	}
	return "unknown";
}

lv_pev_class lv_pev_class_of(double percent)
{
	if (percent < 5.0)
		return LV_CLASS_NONE;
	if (percent < 10.0)
		return LV_CLASS_SUBCLINICAL;
	return LV_CLASS_LYMPHEDEMA;
}

const char *lv_pev_class_name(lv_pev_class c)
{
	switch (c) {
	case LV_CLASS_NONE:
		return "none";
	case LV_CLASS_SUBCLINICAL:
		return "subclinical";
	case LV_CLASS_LYMPHEDEMA:
		return "lymphedema";
	}
	return "unknown";
}

double lv_mdc95(double sem)
{
	return 1.96 * sqrt(2.0) * sem;
}

double lv_mdc95_pair(double sd_a, double sd_b)
{
	return 1.96 * sqrt(sd_a * sd_a + sd_b * sd_b);
}
