/*
 * The trend chart's frame (trend_impl.h): the date axis with its ticks
 * (days, weeks or months as the span asks), each panel's value grid and
 * title, and the panels' borders.  What is drawn inside: trend_draw.c.
 */
#include "trend_impl.h"

#include <cairo.h>
#include <math.h>
#include <stdio.h>

#include "limbvol/number.h"

#ifndef M_PI /* POSIX has it, C11 not */
#define M_PI 3.14159265358979323846
#endif

void trend_numtext(char *buf, size_t size, double v, int decimals)
{
	if (lv_number_format(v, decimals, buf, size) < 0)
		snprintf(buf, size, "?");
}

/* Civil date of a day count (inverse of lv_date_days' calendar). */
static void civil(long z, int *y, int *m, int *d)
{
	long era, doe, yoe, doy, mp;
	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = (int)(doy - (153 * mp + 2) / 5 + 1);
	*m = (int)(mp < 10 ? mp + 3 : mp - 9);
	*y = (int)(yoe + era * 400 + (*m <= 2));
}

static const char *const month_name[12] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
					    "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };

static void date_label(char *buf, size_t size, long day, int with_year)
{
	int y, m, d;
	civil(day, &y, &m, &d);
	if (with_year)
		snprintf(buf, size, "%d %s %d", d, month_name[m - 1], y);
	else
		snprintf(buf, size, "%d %s", d, month_name[m - 1]);
}

/* x ticks: every 1, 2, 7 (Mondays), 14 days, or month starts. */
static int next_tick(long *day, long step_days, int months)
{
	if (months) {
		int y, m, d;
		civil(*day, &y, &m, &d);
		m += months;
		while (m > 12) {
			m -= 12;
			y++;
		}
		{
			/* first of month m, year y: count days from the civil formula */
			long yy = y - (m <= 2), era = (yy >= 0 ? yy : yy - 399) / 400;
			long yoe = yy - era * 400, doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5;
			*day = era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
		}
	} else {
		*day += step_days;
	}
	return 1;
}

void trend_draw_x_axis(cairo_t *cr, const lv_trend *t)
{
	double span = t->xmax - t->xmin, fs = t->height * 0.017 + 3;
	static const long steps[] = { 1, 2, 7, 14 };
	long step = 0, day;
	int months = 0, first = 1, last_year = -1;
	size_t i;

	for (i = 0; i < sizeof steps / sizeof *steps; i++)
		if (span / steps[i] <= 9) {
			step = steps[i];
			break;
		}
	if (!step)
		months = span / 30.44 <= 9   ? 1
			: span / 30.44 <= 18 ? 2
			: span / 30.44 <= 27 ? 3
			: span / 30.44 <= 54 ? 6
					     : 12;
	day = (long)ceil(t->xmin);
	if (step == 7)
		while (((day % 7) + 7 + 3) % 7 != 0) /* 1970-01-01 was a Thursday */
			day++;
	else if (months) {
		int y, m, d;
		civil(day, &y, &m, &d);
		if (d != 1) {
			day -= d - 1;
			next_tick(&day, 0, 1);
		}
	}
	for (; day <= t->xmax; next_tick(&day, step, months)) {
		double x = trend_px_x(t, (double)day);
		char label[40];
		int y, m, d;
		if (day < t->xmin)
			continue;
		civil(day, &y, &m, &d);
		for (int k = 0; k < 2; k++) {
			chart_rgb(cr, 0xE3E3E3, 1);
			cairo_set_line_width(cr, 1);
			cairo_move_to(cr, floor(x) + 0.5, t->p[k].top);
			cairo_line_to(cr, floor(x) + 0.5, t->p[k].top + t->p[k].height);
			cairo_stroke(cr);
		}
		date_label(label, sizeof label, day, first || y != last_year);
		first = 0;
		last_year = y;
		chart_rgb(cr, 0x333333, 1);
		chart_text(cr, x, t->p[1].top + t->p[1].height + fs * 1.4, label, fs, 0, 0.5);
	}
	chart_rgb(cr, 0x333333, 1);
	chart_text(cr, t->p[1].left + t->p[1].width / 2, t->p[1].top + t->p[1].height + fs * 2.9,
		   "date of measurement", fs, 0, 0.5);
}

void trend_draw_panel_frame(cairo_t *cr, const lv_trend *t, int k, const char *ytitle, int decimals)
{
	const struct trend_panel *p = &t->p[k];
	double fs = t->height * 0.017 + 3, v;
	char label[40];

	/* from the first multiple of the step: the bounds may carry a margin */
	for (v = ceil(p->y.lo / p->y.step - 1e-6) * p->y.step; v <= p->y.hi + p->y.step * 1e-6;
	     v += p->y.step) {
		double y = floor(trend_px_y(p, v)) + 0.5;
		chart_rgb(cr, 0xE3E3E3, 1);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, p->left, y);
		cairo_line_to(cr, p->left + p->width, y);
		cairo_stroke(cr);
		trend_numtext(label, sizeof label, v, decimals);
		chart_rgb(cr, 0x333333, 1);
		chart_text(cr, p->left - 6, y + fs * 0.35, label, fs, 0, 1);
	}
	cairo_save(cr);
	cairo_translate(cr, p->left - fs * 4.6, p->top + p->height / 2);
	cairo_rotate(cr, -M_PI / 2);
	chart_rgb(cr, 0x333333, 1);
	chart_text(cr, 0, 0, ytitle, fs, 0, 0.5);
	cairo_restore(cr);
}

void trend_frame_border(cairo_t *cr, const struct trend_panel *p)
{
	chart_rgb(cr, 0x8C8C8C, 1);
	cairo_set_line_width(cr, 1);
	cairo_rectangle(cr, floor(p->left) + 0.5, floor(p->top) + 0.5, floor(p->width),
			floor(p->height));
	cairo_stroke(cr);
}

/* 1 when the excess series (its line and markers of radius r) enters the box. */
static int excess_in_box(const lv_trend *t, double x0, double x1, double y0, double y1, double r)
{
	const struct trend_panel *p1 = &t->p[1];
	size_t n = lv_history_count(t->h);
	double px = 0, py = 0;
	int has_prev = 0;

	for (size_t i = 0; i < n; i++) {
		const lv_history_row *row = lv_history_row_at(t->h, i);
		double x, y;
		if (!row->has_pair)
			continue;
		x = trend_px_x(t, row->day);
		y = trend_px_y(p1, row->pev_percent);
		if (x + r >= x0 && x - r <= x1 && y + r >= y0 && y - r <= y1)
			return 1;
		if (row->phase == LV_PHASE_POST)
			continue; /* the line joins the others */
		/* the segment from the previous point, sampled across the box */
		for (int k = 0; has_prev && k <= 24 && x > px; k++) {
			double sx = x0 + (x1 - x0) * k / 24, sy;
			if (sx < px || sx > x)
				continue;
			sy = py + (y - py) * (sx - px) / (x - px);
			if (sy + 2 >= y0 && sy - 2 <= y1)
				return 1;
		}
		px = x;
		py = y;
		has_prev = 1;
	}
	return 0;
}

void trend_draw_limit_label(cairo_t *cr, const lv_trend *t, double fs, double r)
{
	static const char text[] = "10 % \xe2\x80\x94 lymphedema threshold";
	const struct trend_panel *p1 = &t->p[1];
	double size = fs * 0.92, w = chart_text_width(cr, text, size, 0);
	double y10 = trend_px_y(p1, 10);
	/* right above the line, right below, left above, left below: the first clear */
	const double dy[4] = { -fs * 0.45, fs * 1.2, -fs * 0.45, fs * 1.2 };
	int k;

	for (k = 0; k < 4; k++) {
		double x0 = k < 2 ? p1->left + p1->width - 6 - w : p1->left + 6;
		double base = y10 + dy[k];
		if (!excess_in_box(t, x0 - 2, x0 + w + 2, base - size, base + size * 0.25, r))
			break;
	}
	if (k == 4)
		k = 0;
	chart_text(cr, k < 2 ? p1->left + p1->width - 6 : p1->left + 6, y10 + dy[k], text, size, 0,
		   k < 2 ? 1 : 0);
}
