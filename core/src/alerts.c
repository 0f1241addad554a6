/*
 * Surveillance alerts over a patient's history (limbvol/alerts.h; the
 * thresholds and their sources in doc/clinical.md, Surveillance alerts).
 */
#include "limbvol/alerts.h"
#include "limbvol/error.h"

#include <math.h>
#include <string.h>

const char *lv_alert_level_name(lv_alert_level l)
{
	switch (l) {
	case LV_ALERT_NONE:
		return "none";
	case LV_ALERT_EARLY:
		return "early";
	case LV_ALERT_LYMPHEDEMA:
		return "lymphedema";
	}
	return "unknown";
}

void lv_alert_thresholds_init(lv_alert_thresholds *t)
{
	t->early_percent = LV_ALERT_EARLY_PERCENT;
	t->lymphedema_percent = LV_ALERT_LYMPHEDEMA_PERCENT;
}

int lv_alert_thresholds_check(const lv_alert_thresholds *t)
{
	if (!(t->early_percent > 0) || !(t->early_percent <= 1000))
		return lv_error_set(LV_EINVAL,
				    "the early-intervention threshold must be above 0 %%"
				    " and at most 1000 %%");
	if (!(t->lymphedema_percent >= t->early_percent) || !(t->lymphedema_percent <= 1000))
		return lv_error_set(LV_EINVAL,
				    "the lymphedema threshold must be at least the early-"
				    "intervention threshold and at most 1000 %%");
	return LV_OK;
}

lv_alert_level lv_alert_level_of(const lv_alert_thresholds *t, double rvc)
{
	/* a hair of tolerance: 5 % typed and 5 % computed from round volumes */
	if (rvc >= t->lymphedema_percent - 1e-9)
		return LV_ALERT_LYMPHEDEMA;
	if (rvc >= t->early_percent - 1e-9)
		return LV_ALERT_EARLY;
	return LV_ALERT_NONE;
}

int lv_alert_row_counts(const lv_history_row *r)
{
	return r && r->has_rvc && r->phase != LV_PHASE_POST && isfinite(r->rvc_percent);
}

int lv_history_alerts(const lv_history *h, const lv_alert_thresholds *t, lv_alerts *out)
{
	size_t n = lv_history_count(h), i;
	int st;

	memset(out, 0, sizeof *out);
	if ((st = lv_alert_thresholds_check(t)) < 0)
		return st;
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		lv_alert_level l;
		if (r->is_baseline_pair && !out->has_baseline) {
			out->has_baseline = 1;
			out->baseline_row = i;
			out->baseline_marked = r->phase == LV_PHASE_BASELINE;
		}
		if (!lv_alert_row_counts(r))
			continue;
		l = lv_alert_level_of(t, r->rvc_percent);
		out->has_rvc = 1;
		out->has_latest = 1;
		out->latest_row = i;
		out->latest_rvc_percent = r->rvc_percent;
		out->latest_level = l;
		for (int k = LV_ALERT_EARLY; k <= (int)l; k++)
			if (!out->has_first[k]) {
				out->has_first[k] = 1;
				out->first_row[k] = i;
			}
	}
	return LV_OK;
}

unsigned lv_alerts_first_at(const lv_alerts *a, size_t row)
{
	unsigned bits = 0;
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA; k++)
		if (a->has_first[k] && a->first_row[k] == row)
			bits |= 1u << k;
	return bits;
}
