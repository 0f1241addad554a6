/*
 * trend_impl.h - what the trend's model (trend.c) and its drawing
 * (trend_draw.c) share: the handle, its panels, the pixel mapping.
 */
#ifndef CORE_TREND_IMPL_H
#define CORE_TREND_IMPL_H

#include "chart.h"
#include "limbvol/trend.h"

struct trend_panel {
	double left, top, width, height; /* pixels */
	struct chart_axis y;
};

/* The range a limb's volumes are plotted over (trend_range.c). */
struct trend_range {
	int has; /* the limb has measurements */
	double from_cm, to_cm;
	int narrowed; /* some volume was re-taken over a shorter range than its own */
	size_t n_left_out;
};

struct lv_trend {
	const lv_history *h;
	lv_limb limb; /* the fitted limb */
	int has_affected, assumed;
	lv_limb affected;
	lv_trend_fit fit;
	int width, height;
	double xmin, xmax; /* days */
	struct trend_panel p[2];
	int has_excess;
	double baseline_pev;
	int has_baseline_pev;
	int baseline_recorded; /* the reference pair is of phase baseline (else the first pair) */
	int has_baseline_rows; /* some measurement is of phase baseline */
	int mark_alerts; /* alerts below are drawn */
	lv_alert_thresholds th; /* of alerts */
	lv_alerts alerts;
	/* per row of h: its volume over its limb's range, or left out */
	lv_volume *pt;
	unsigned char *left_out;
	struct trend_range range[LV_LIMB_RIGHT_LEG + 1];
	int range_line; /* a volume re-taken or left out: the chart says the range */
};

/* Each limb's range and every row's volume over it (t->pt, t->left_out). */
int trend_ranges(lv_trend *t);

/* The x pixel of a day and the y pixel of a value in a panel. */
double trend_px_x(const lv_trend *t, double day);
double trend_px_y(const struct trend_panel *p, double v);

/* The marks of the visits where the RVC first reached a threshold
 * (trend_alerts.c), over both panels; fs the font size. */
void trend_draw_alerts(cairo_t *cr, const lv_trend *t, double fs);

/* The chart's frame (trend_axes.c): a locale-independent number; the date
 * axis under the panels; panel k's value grid and title, its labels with
 * `decimals` decimals; a panel's border. */
void trend_numtext(char *buf, size_t size, double v, int decimals);
void trend_draw_x_axis(cairo_t *cr, const lv_trend *t);
void trend_draw_panel_frame(cairo_t *cr, const lv_trend *t, int k, const char *ytitle,
			    int decimals);
void trend_frame_border(cairo_t *cr, const struct trend_panel *p);
/* The label of the 10 % line where the excess series (markers of radius r)
 * does not touch it: right above the line, else below, else at the left. */
void trend_draw_limit_label(cairo_t *cr, const lv_trend *t, double fs, double r);

/* Paint the whole chart on cr (t->width x t->height units from the origin). */
void trend_paint(cairo_t *cr, const lv_trend *t);

#endif
