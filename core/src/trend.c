/*
 * The trend of a patient's limb volume: a GSL least-squares line with its
 * confidence band, and the chart's layout (panels, axes, pixel mapping).  The
 * drawing is trend_draw.c.
 */
#include "mem.h"
#include "gsl_setup.h"
#include "trend_impl.h"

#include <gsl/gsl_cdf.h>
#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

static void fit(lv_trend *t)
{
	size_t n = lv_history_count(t->h), i, k = 0;
	double *x = mem_malloc((n ? n : 1) * sizeof *x), *y = mem_malloc((n ? n : 1) * sizeof *y);
	double c0, c1, c00, c01, c11, ss;
	lv_trend_fit *f = &t->fit;

	memset(f, 0, sizeof *f);
	if (!x || !y)
		goto done;
	/* the course after the baseline; the baseline too when too few remain */
	for (int with_base = 0; with_base < 2 && k < 2; with_base++) {
		k = 0;
		for (i = 0; i < n; i++) {
			const lv_history_row *r = lv_history_row_at(t->h, i);
			if (r->limb != t->limb || r->phase == LV_PHASE_POST || t->left_out[i] ||
			    (r->phase == LV_PHASE_BASELINE && !with_base))
				continue;
			if (!k)
				f->day0 = r->day;
			x[k] = r->day - f->day0;
			y[k] = t->pt[i].volume_ml; /* over the limb's range */
			k++;
		}
		f->with_baseline = with_base;
	}
	f->n = k;
	if (k)
		f->day_last = f->day0 + x[k - 1];
	if (k < 2 || !(x[k - 1] > x[0]))
		goto done;
	gsl_setup();
	if (gsl_fit_linear(x, 1, y, 1, k, &c0, &c1, &c00, &c01, &c11, &ss) != GSL_SUCCESS ||
	    !isfinite(c0) || !isfinite(c1))
		goto done;
	f->has_line = 1;
	f->intercept_ml = c0;
	f->slope_ml_per_week = 7 * c1;
	if (k >= 3) {
		f->cov00 = c00;
		f->cov01 = c01;
		f->cov11 = c11;
		f->t95 = gsl_cdf_tdist_Pinv(0.975, (double)(k - 2));
		f->slope_lo = 7 * (c1 - f->t95 * sqrt(c11));
		f->slope_hi = 7 * (c1 + f->t95 * sqrt(c11));
		f->has_ci = isfinite(f->t95) && isfinite(f->slope_lo);
	}
done:
	mem_free(x);
	mem_free(y);
}

int lv_trend_at(const lv_trend *t, double day, double *v, double *half)
{
	const lv_trend_fit *f = &t->fit;
	double x = day - f->day0, yv, ye = 0;
	if (!f->has_line)
		return lv_error_set(LV_EDATA,
				    "no trend: fewer than 2 measurements on different days");
	yv = f->intercept_ml + f->slope_ml_per_week / 7 * x;
	if (f->has_ci) {
		double c0 = f->intercept_ml, c1 = f->slope_ml_per_week / 7;
		if (gsl_fit_linear_est(x, c0, c1, f->cov00, f->cov01, f->cov11, &yv, &ye) !=
		    GSL_SUCCESS)
			return lv_error_set(LV_ENUMERIC, "the trend's band cannot be computed");
	}
	*v = yv;
	if (half)
		*half = f->has_ci ? f->t95 * ye : 0;
	return LV_OK;
}

static void layout(lv_trend *t)
{
	size_t n = lv_history_count(t->h), i;
	double w = t->width, hgt = t->height;
	double ml = 0.086 * w + 10, mr = 0.03 * w, mt = 0.13 * hgt + 8, mb = 0.08 * hgt + 8;
	double gap = 0.05 * hgt, avail;
	double dmin = INFINITY, dmax = -INFINITY, vlo = INFINITY, vhi = -INFINITY;
	double elo = 0, ehi = 12, span, pad;

	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(t->h, i);
		double bar = 1.96 * t->pt[i].sd_ml;
		dmin = fmin(dmin, r->day);
		dmax = fmax(dmax, r->day);
		if (!t->left_out[i]) {
			vlo = fmin(vlo, t->pt[i].volume_ml - bar);
			vhi = fmax(vhi, t->pt[i].volume_ml + bar);
		}
		t->has_baseline_rows |= r->phase == LV_PHASE_BASELINE;
		if (r->has_pair) {
			t->has_excess = 1;
			elo = fmin(elo, r->pev_percent);
			ehi = fmax(ehi, r->pev_percent);
			if (r->is_baseline_pair) {
				t->has_baseline_pev = 1;
				t->baseline_pev = r->pev_percent;
				t->baseline_recorded = r->phase == LV_PHASE_BASELINE;
			}
		}
	}
	span = dmax - dmin;
	pad = span > 0 ? fmax(1, 0.04 * span) : 3;
	t->xmin = dmin - pad;
	t->xmax = dmax + pad;
	if (t->fit.has_line) {
		double ends[2] = { t->fit.day0, t->fit.day_last };
		for (i = 0; i < 2; i++) {
			double v, half;
			if (lv_trend_at(t, ends[i], &v, &half) == LV_OK) {
				/* the band may widen far beyond the data: show it, but not all of it */
				double limit = (vhi - vlo) * 0.5 + 10;
				vlo = fmin(vlo, fmax(v - half, vlo - limit));
				vhi = fmax(vhi, fmin(v + half, vhi + limit));
			}
		}
	}
	if (t->range_line) /* a line under the subtitle (trend_draw.c's font size) */
		mt += 1.6 * (0.017 * hgt + 3);
	avail = hgt - mt - mb - gap;
	t->p[0].left = t->p[1].left = ml;
	t->p[0].width = t->p[1].width = w - ml - mr;
	t->p[0].top = mt;
	t->p[0].height = avail * 0.64;
	t->p[1].top = mt + t->p[0].height + gap;
	t->p[1].height = avail - t->p[0].height;
	/* no limb has a negative volume: the band below 0 mL is cut, not the axis extended */
	chart_axis(&t->p[0].y, fmax(vlo, 0), vhi, 6);
	if (t->p[0].y.lo < 0)
		t->p[0].y.lo = 0;
	chart_axis(&t->p[1].y, elo, ehi, 4);
	if (t->p[1].y.lo < 0 && elo >= 0)
		t->p[1].y.lo = 0;
	/* a margin: a point on a nice bound (a baseline of 0.0 %) is not cut by the frame */
	span = 0.05 * (t->p[1].y.hi - t->p[1].y.lo);
	if (elo - t->p[1].y.lo < span)
		t->p[1].y.lo = elo - span;
	if (t->p[1].y.hi - ehi < span)
		t->p[1].y.hi = ehi + span;
}

int lv_trend_new(lv_trend **out, const lv_history *h, const lv_trend_opts *o)
{
	lv_trend *t;
	lv_trend_opts def = LV_TREND_OPTS_INIT;

	*out = NULL;
	if (!o)
		o = &def;
	if (o->version != LV_TREND_OPTS_VERSION && o->version != 1)
		return lv_error_set(LV_EINVAL, "trend options of an unknown version");
	if (o->version >= 2 &&
	    (o->alerts.early_percent != 0 || o->alerts.lymphedema_percent != 0) &&
	    lv_alert_thresholds_check(&o->alerts) < 0)
		return LV_EINVAL;
	if (o->width_px < LV_TREND_MIN_PX || o->width_px > LV_TREND_MAX_PX ||
	    o->height_px < LV_TREND_MIN_PX || o->height_px > LV_TREND_MAX_PX)
		return lv_error_set(LV_EINVAL, "the chart size must be %d to %d pixels each way",
				    LV_TREND_MIN_PX, LV_TREND_MAX_PX);
	if (!lv_history_count(h))
		return lv_error_set(LV_ENOTFOUND, "the patient has no measurements to plot");
	t = mem_calloc(1, sizeof *t);
	if (!t)
		return lv_error_set(LV_ENOMEM, "out of memory");
	t->h = h;
	t->width = o->width_px;
	t->height = o->height_px;
	t->has_affected = lv_history_affected(h, &t->affected, &t->assumed);
	if (o->has_limb)
		t->limb = o->limb;
	else if (t->has_affected)
		t->limb = t->affected;
	else
		t->limb = lv_history_row_at(h, 0)->limb;
	if (!lv_history_has_limb(h, t->limb)) {
		lv_limb l = t->limb;
		mem_free(t);
		return lv_error_set(LV_ENOTFOUND, "the patient has no %s measurements",
				    lv_limb_name(l));
	}
	if (o->version >= 2)
		t->mark_alerts = o->alerts.early_percent != 0 || o->alerts.lymphedema_percent != 0;
	else
		t->mark_alerts = 1; /* a version 1 caller: the defaults */
	lv_alert_thresholds_init(&t->th);
	if (o->version >= 2 && t->mark_alerts)
		t->th = o->alerts;
	if (t->mark_alerts)
		lv_history_alerts(h, &t->th, &t->alerts);
	if (trend_ranges(t) < 0) {
		lv_trend_free(t);
		return LV_ENOMEM;
	}
	fit(t);
	layout(t);
	*out = t;
	return LV_OK;
}

void lv_trend_free(lv_trend *t)
{
	if (!t)
		return;
	mem_free(t->pt);
	mem_free(t->left_out);
	mem_free(t);
}

lv_limb lv_trend_limb(const lv_trend *t)
{
	return t->limb;
}

const lv_trend_fit *lv_trend_get_fit(const lv_trend *t)
{
	return &t->fit;
}

double trend_px_x(const lv_trend *t, double day)
{
	return t->p[0].left + (day - t->xmin) / (t->xmax - t->xmin) * t->p[0].width;
}

double trend_px_y(const struct trend_panel *p, double v)
{
	return p->top + (p->y.hi - v) / (p->y.hi - p->y.lo) * p->height;
}

int lv_trend_map(const lv_trend *t, int panel, double day, double value, double *x, double *y)
{
	if (panel < 0 || panel > 1)
		return lv_error_set(LV_EINVAL, "panel must be 0 or 1");
	*x = trend_px_x(t, day);
	*y = trend_px_y(&t->p[panel], value);
	return LV_OK;
}
