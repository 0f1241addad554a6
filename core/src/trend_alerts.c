/*
 * The trend chart's surveillance marks: a dotted line across both panels at
 * the visit where the affected limb's RVC first reached each threshold
 * (limbvol/alerts.h; doc/clinical.md, Surveillance alerts), labelled at the
 * top of the volume panel.
 */
#include "trend_impl.h"

#include <stdio.h>

#include "limbvol/number.h"

/* "RVC 7.2 % (>= 5 %): early intervention" for the level(s) first reached at a row. */
static void label_of(const lv_trend *t, unsigned bits, char *buf, size_t size)
{
	int k = bits & (1u << LV_ALERT_LYMPHEDEMA) ? LV_ALERT_LYMPHEDEMA : LV_ALERT_EARLY;
	char a[24], b[24];

	lv_number_format(lv_history_row_at(t->h, t->alerts.first_row[k])->rvc_percent, 1, a,
			 sizeof a);
	lv_number_format_short(k == LV_ALERT_LYMPHEDEMA ? t->th.lymphedema_percent
							: t->th.early_percent,
			       2, b, sizeof b);
	snprintf(buf, size, "RVC %s %% (\xe2\x89\xa5 %s %%): %s", a, b,
		 k == LV_ALERT_LYMPHEDEMA ? "lymphedema" : "early intervention");
}

void trend_draw_alerts(cairo_t *cr, const lv_trend *t, double fs)
{
	const struct trend_panel *p0 = &t->p[0], *p1 = &t->p[1];
	double dots[2] = { 2, 4 };
	int line = 0;

	if (!t->mark_alerts)
		return;
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA; k++) {
		const lv_history_row *r;
		unsigned bits;
		char label[128];
		double x, right;
		if (!t->alerts.has_first[k])
			continue;
		bits = lv_alerts_first_at(&t->alerts, t->alerts.first_row[k]);
		if (k == LV_ALERT_EARLY && (bits & (1u << LV_ALERT_LYMPHEDEMA)))
			continue; /* one mark for both: drawn as lymphedema */
		r = lv_history_row_at(t->h, t->alerts.first_row[k]);
		x = trend_px_x(t, r->day);
		chart_rgb(cr,
			  k == LV_ALERT_LYMPHEDEMA ? LV_TREND_RGB_ALERT_LYMPHEDEMA
						   : LV_TREND_RGB_ALERT_EARLY,
			  1);
		cairo_set_line_width(cr, 1.6);
		cairo_set_dash(cr, dots, 2, 0);
		cairo_move_to(cr, x, p0->top);
		cairo_line_to(cr, x, p1->top + p1->height);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
		label_of(t, bits, label, sizeof label);
		/* right of the line, or left of it near the right edge */
		right = x < p0->left + p0->width * 0.6;
		chart_text(cr, x + (right ? 5 : -5), p0->top + fs * (1.2 + 1.2 * line), label,
			   fs * 0.9, 1, right ? 0 : 1);
		line++;
	}
}
