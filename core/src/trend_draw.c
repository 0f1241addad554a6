/*
 * The trend chart drawn with cairo (limbvol/trend.h): two panels, the limbs'
 * volumes with their uncertainty, each session's drop and the trend line
 * with its band above, the excess volume with the clinical lines below.  One
 * drawing function serves PNG, SVG and PDF; only the surface differs
 * (chart.c).  The frame (date axis, value grids, borders): trend_axes.c.
 */
#include "trend_impl.h"

#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

#ifndef M_PI /* POSIX has it, C11 not */
#define M_PI 3.14159265358979323846
#endif

static void marker(cairo_t *cr, double x, double y, double r, unsigned c, int hollow)
{
	cairo_new_sub_path(cr);
	cairo_arc(cr, x, y, r, 0, 2 * M_PI);
	if (hollow) {
		chart_rgb(cr, 0xFFFFFF, 1);
		cairo_fill_preserve(cr);
		chart_rgb(cr, c, 1);
		cairo_set_line_width(cr, r * 0.45);
		cairo_stroke(cr);
	} else {
		chart_rgb(cr, c, 1);
		cairo_fill_preserve(cr);
		chart_rgb(cr, 0xFFFFFF, 1);
		cairo_set_line_width(cr, 1);
		cairo_stroke(cr);
	}
}

/*
 * An arrow from (x0, y0) to (x1, y1), w wide.  A dashed one keeps at least
 * three dashes on its shaft: its dashes shrink with a short arrow rather
 * than turning into one solid stroke.
 */
static void arrow(cairo_t *cr, double x0, double y0, double x1, double y1, double w, unsigned c,
		  int dashed)
{
	double len = hypot(x1 - x0, y1 - y0), ux, uy, head, shaft, period;
	double dash[2];

	if (!(len > 0))
		return;
	ux = (x1 - x0) / len;
	uy = (y1 - y0) / len;
	head = fmin(w * 3.2, len * 0.6);
	shaft = len - head * 0.8;
	period = fmin(w * 3.5, shaft / 3);
	dash[0] = period * 0.57;
	dash[1] = period * 0.43;
	chart_rgb(cr, c, 1);
	cairo_set_line_width(cr, w);
	cairo_set_dash(cr, dash, dashed ? 2 : 0, 0);
	cairo_move_to(cr, x0, y0);
	cairo_line_to(cr, x0 + ux * shaft, y0 + uy * shaft);
	cairo_stroke(cr);
	cairo_set_dash(cr, NULL, 0, 0);
	cairo_move_to(cr, x1, y1);
	cairo_line_to(cr, x1 - ux * head - uy * head * 0.6, y1 - uy * head + ux * head * 0.6);
	cairo_line_to(cr, x1 - ux * head + uy * head * 0.6, y1 - uy * head - ux * head * 0.6);
	cairo_close_path(cr);
	cairo_fill(cr);
}

/* The shortest drop arrow, in line widths: its dashes show at any size. */
#define DROP_MIN_WIDTHS 12

/* The pre measurement of the session drop at row i, or NULL when there is none to draw. */
static long drop_pre(const lv_trend *t, size_t i);

/* What the chart draws, for a legend that lists only that. */
struct drawn {
	int post, real_drop, within_drop, excess;
};

static void what_is_drawn(const lv_trend *t, struct drawn *d)
{
	size_t n = lv_history_count(t->h);
	memset(d, 0, sizeof *d);
	for (size_t i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(t->h, i);
		d->post |= r->phase == LV_PHASE_POST;
		if (drop_pre(t, i) >= 0) {
			d->real_drop |= r->exceeds_mdc;
			d->within_drop |= !r->exceeds_mdc;
		}
	}
	d->excess = t->has_excess;
}

static unsigned limb_colour(const lv_trend *t, lv_limb l)
{
	lv_limb main = t->has_affected ? t->affected : t->limb;
	return l == main ? LV_TREND_RGB_AFFECTED : LV_TREND_RGB_OTHER;
}

/* The largest size up to `size` at which s fits in width. */
static double fit_size(cairo_t *cr, const char *s, double size, int bold, double width)
{
	double w = chart_text_width(cr, s, size, bold);
	return w > width ? size * width / w : size;
}

/* The legend row; draw = 0 only measures.  Returns its width. */
static double legend(cairo_t *cr, const lv_trend *t, double y, double fs, int draw)
{
	double x0 = t->p[0].left, x = x0, r = fs * 0.38;
	char label[80];
	unsigned shown = 0;
	size_t i, n = lv_history_count(t->h);
	static const char real_text[] = "pre\xe2\x86\x92post: real change";
	static const char within_text[] = "pre\xe2\x86\x92post: within error";
	struct drawn d;

	for (i = 0; i < n; i++)
		shown |= 1u << lv_history_row_at(t->h, i)->limb;
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
		if (!(shown & (1u << l)))
			continue;
		snprintf(label, sizeof label, "%s%s", lv_limb_name((lv_limb)l),
			 t->has_affected && (lv_limb)l == t->affected
				 ? (t->assumed ? " (affected, assumed)" : " (affected)")
				 : "");
		if (draw) {
			marker(cr, x + r, y - fs * 0.35, r, limb_colour(t, (lv_limb)l), 0);
			chart_rgb(cr, 0x222222, 1);
			chart_text(cr, x + 2.6 * r, y, label, fs, 0, 0);
		}
		x += 2.6 * r + chart_text_width(cr, label, fs, 0) + fs * 1.3;
	}
	what_is_drawn(t, &d);
	if (d.post) {
		if (draw) {
			marker(cr, x + r, y - fs * 0.35, r, 0x777777, 1);
			chart_rgb(cr, 0x222222, 1);
			chart_text(cr, x + 2.6 * r, y, "after session", fs, 0, 0);
		}
		x += 2.6 * r + chart_text_width(cr, "after session", fs, 0) + fs * 1.3;
	}
	for (int k = 0; k < 2; k++) {
		const char *text = k ? within_text : real_text;
		if (!(k ? d.within_drop : d.real_drop))
			continue;
		/* a horizontal sample, long enough for its dashes to show */
		if (draw) {
			arrow(cr, x, y - fs * 0.35, x + fs * 2.2, y - fs * 0.35, fs * 0.16,
			      LV_TREND_RGB_DROP, k);
			chart_rgb(cr, 0x222222, 1);
			chart_text(cr, x + fs * 2.7, y, text, fs, 0, 0);
		}
		x += fs * 2.7 + chart_text_width(cr, text, fs, 0) + fs * 1.3;
	}
	if (t->fit.has_line) {
		const char *trend_text = t->fit.has_ci ? "trend, 95 % band" : "trend";
		if (draw) {
			double dash[2] = { 6, 4 };
			if (t->fit.has_ci) {
				chart_rgb(cr, limb_colour(t, t->limb), 0.16);
				cairo_rectangle(cr, x, y - fs * 0.8, fs * 2.2, fs * 0.9);
				cairo_fill(cr);
			}
			chart_rgb(cr,
				  limb_colour(t, t->limb) == LV_TREND_RGB_AFFECTED ? 0x1B3A5C
										   : 0x8A5A00,
				  1);
			cairo_set_line_width(cr, 2);
			cairo_set_dash(cr, dash, 2, 0);
			cairo_move_to(cr, x, y - fs * 0.35);
			cairo_line_to(cr, x + fs * 2.2, y - fs * 0.35);
			cairo_stroke(cr);
			cairo_set_dash(cr, NULL, 0, 0);
			chart_rgb(cr, 0x222222, 1);
			chart_text(cr, x + fs * 2.7, y, trend_text, fs, 0, 0);
		}
		x += fs * 2.7 + chart_text_width(cr, trend_text, fs, 0);
	}
	return x - x0;
}

static void draw_legend(cairo_t *cr, const lv_trend *t, double y)
{
	double fs = t->height * 0.016 + 3;
	double w = legend(cr, t, y, fs, 0), avail = t->p[0].width;
	if (w > avail)
		fs *= 0.97 * avail / w; /* hinted text does not scale exactly */
	legend(cr, t, y, fs, 1);
}

/* The row of the pre measurement of post row i, when both are plotted; else -1. */
static long drop_pre(const lv_trend *t, size_t i)
{
	const lv_history_row *row = lv_history_row_at(t->h, i);
	if (!row->has_change || t->left_out[i])
		return -1;
	for (size_t j = i + 1; j-- > 0;)
		if (lv_history_row_at(t->h, j)->id == row->pre_id)
			return t->left_out[j] ? -1 : (long)j;
	return -1;
}

static void cm_text(char *buf, size_t size, double v)
{
	trend_numtext(buf, size, v, fabs(v - round(v)) < 1e-6 ? 0 : 1);
}

/* The line under the subtitle on the ranges (trend_range.c), "" when every
 * volume is plotted over its own range. */
static void range_text(const lv_trend *t, char *buf, size_t size)
{
	const struct trend_range *first = NULL;
	int same = 1;
	size_t left = 0, len;
	char a[40], b[40];

	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
		const struct trend_range *r = &t->range[l];
		if (!r->has)
			continue;
		left += r->n_left_out;
		if (first &&
		    (fabs(first->from_cm - r->from_cm) > 1e-9 ||
		     fabs(first->to_cm - r->to_cm) > 1e-9))
			same = 0;
		if (!first)
			first = r;
	}
	buf[0] = 0;
	if (!t->range_line)
		return;
	if (same) {
		cm_text(a, sizeof a, first->from_cm);
		cm_text(b, sizeof b, first->to_cm);
		snprintf(buf, size,
			 "Limb volumes over %s-%s cm, the range every measurement covers", a, b);
	} else {
		snprintf(buf, size,
			 "Limb volumes over the range every measurement of the limb covers:");
		for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
			const struct trend_range *r = &t->range[l];
			if (!r->has)
				continue;
			cm_text(a, sizeof a, r->from_cm);
			cm_text(b, sizeof b, r->to_cm);
			len = strlen(buf);
			snprintf(buf + len, size - len, " %s %s-%s cm", lv_limb_name((lv_limb)l), a,
				 b);
		}
	}
	len = strlen(buf);
	if (left)
		snprintf(buf + len, size - len, " (%zu over a shorter range left out)", left);
}

/* Title, subtitle (the fitted slope) and legend above the panels. */
static void draw_titles(cairo_t *cr, const lv_trend *t, double fs)
{
	const lv_history *h = t->h;
	const struct trend_panel *p0 = &t->p[0];
	const lv_trend_fit *f = &t->fit;
	char title[500], sub[300], range[240], a[40], b[40], c[40];
	char code[4 * LV_STORE_MAX_CODE + 8];

	lv_store_code_escape(lv_history_patient(h), code, sizeof code);
	snprintf(title, sizeof title, "Patient %s \xe2\x80\x94 %s%s", code, lv_limb_name(t->limb),
		 t->has_affected && t->limb == t->affected
			 ? (t->assumed ? " (affected, assumed)" : " (affected)")
			 : "");
	chart_rgb(cr, 0x111111, 1);
	chart_text(cr, p0->left, fs * 2.0, title, fit_size(cr, title, fs * 1.45, 1, p0->width), 1,
		   0);
	if (f->has_ci) {
		trend_numtext(a, sizeof a, f->slope_ml_per_week, 1);
		trend_numtext(b, sizeof b, f->slope_lo, 1);
		trend_numtext(c, sizeof c, f->slope_hi, 1);
		snprintf(sub, sizeof sub,
			 "Trend %s mL/week (95 %% CI %s to %s): least squares over"
			 " %zu measurements (%snone after a session)",
			 a, b, c, f->n,
			 f->with_baseline               ? "baseline included; "
				 : t->has_baseline_rows ? "baseline excluded; "
							: "");
	} else if (f->has_line) {
		trend_numtext(a, sizeof a, f->slope_ml_per_week, 1);
		snprintf(sub, sizeof sub,
			 "Trend of %s: %s mL/week from 2 measurements (too few for a"
			 " confidence interval)",
			 lv_limb_name(t->limb), a);
	} else {
		snprintf(sub, sizeof sub,
			 "No trend: fewer than 2 measurements of %s on different days",
			 lv_limb_name(t->limb));
	}
	chart_rgb(cr, 0x444444, 1);
	chart_text(cr, p0->left, fs * 3.6, sub, fit_size(cr, sub, fs, 0, p0->width), 0, 0);
	range_text(t, range, sizeof range);
	if (range[0])
		chart_text(cr, p0->left, fs * 5.0, range, fit_size(cr, range, fs, 0, p0->width), 0,
			   0);
	draw_legend(cr, t, fs * (range[0] ? 6.8 : 5.4));
}

/* The trend line over the fitted measurements, with its 95 % band. */
static void draw_fit(cairo_t *cr, const lv_trend *t)
{
	const struct trend_panel *p0 = &t->p[0];
	const lv_trend_fit *f = &t->fit;

	if (f->has_line) {
		int steps = 120, k;
		double v, half, dash[2] = { 7, 5 };
		if (f->has_ci) {
			for (k = 0; k <= steps; k++) {
				double d = f->day0 + (f->day_last - f->day0) * k / steps;
				lv_trend_at(t, d, &v, &half);
				if (k)
					cairo_line_to(cr, trend_px_x(t, d),
						      trend_px_y(p0, v + half));
				else
					cairo_move_to(cr, trend_px_x(t, d),
						      trend_px_y(p0, v + half));
			}
			for (k = steps; k >= 0; k--) {
				double d = f->day0 + (f->day_last - f->day0) * k / steps;
				lv_trend_at(t, d, &v, &half);
				cairo_line_to(cr, trend_px_x(t, d), trend_px_y(p0, v - half));
			}
			cairo_close_path(cr);
			chart_rgb(cr, limb_colour(t, t->limb), 0.14);
			cairo_fill(cr);
		}
		/* over the fitted measurements only: no extrapolation */
		lv_trend_at(t, f->day0, &v, NULL);
		cairo_move_to(cr, trend_px_x(t, f->day0), trend_px_y(p0, v));
		lv_trend_at(t, f->day_last, &v, NULL);
		cairo_line_to(cr, trend_px_x(t, f->day_last), trend_px_y(p0, v));
		chart_rgb(cr,
			  limb_colour(t, t->limb) == LV_TREND_RGB_AFFECTED ? 0x1B3A5C : 0x8A5A00,
			  1);
		cairo_set_line_width(cr, 2);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_stroke(cr);
		cairo_set_dash(cr, NULL, 0, 0);
	}
}

/* Each limb's course and the +-1.96 sd bar of every measurement. */
static void draw_courses(cairo_t *cr, const lv_trend *t, double r)
{
	const lv_history *h = t->h;
	const struct trend_panel *p0 = &t->p[0];
	size_t n = lv_history_count(h), i;

	/* each limb's course through its measurements that are not post */
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
		int started = 0;
		for (i = 0; i < n; i++) {
			const lv_history_row *row = lv_history_row_at(h, i);
			if ((int)row->limb != l || row->phase == LV_PHASE_POST || t->left_out[i])
				continue;
			if (started)
				cairo_line_to(cr, trend_px_x(t, row->day),
					      trend_px_y(p0, t->pt[i].volume_ml));
			else
				cairo_move_to(cr, trend_px_x(t, row->day),
					      trend_px_y(p0, t->pt[i].volume_ml));
			started = 1;
		}
		if (started) {
			chart_rgb(cr, limb_colour(t, (lv_limb)l), 0.55);
			cairo_set_line_width(cr, 1.4);
			cairo_stroke(cr);
		}
	}
	/* uncertainty bars: +-1.96 sd; one path per limb (fewer passes) */
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
		int any = 0;
		for (i = 0; i < n; i++) {
			const lv_history_row *row = lv_history_row_at(h, i);
			const lv_volume *v = &t->pt[i];
			double x, ya, yb, cap = r * 0.9;
			if ((int)row->limb != l || t->left_out[i])
				continue;
			x = trend_px_x(t, row->day);
			ya = trend_px_y(p0, v->volume_ml - 1.96 * v->sd_ml);
			yb = trend_px_y(p0, v->volume_ml + 1.96 * v->sd_ml);
			cairo_move_to(cr, x, ya);
			cairo_line_to(cr, x, yb);
			cairo_move_to(cr, x - cap, ya);
			cairo_line_to(cr, x + cap, ya);
			cairo_move_to(cr, x - cap, yb);
			cairo_line_to(cr, x + cap, yb);
			any = 1;
		}
		if (any) {
			chart_rgb(cr, limb_colour(t, (lv_limb)l), 0.9);
			cairo_set_line_width(cr, 1.3);
			cairo_stroke(cr);
		}
	}
}

/* Drainage sessions (pre -> post arrows) and the measurements' markers. */
static void draw_sessions(cairo_t *cr, const lv_trend *t, double r)
{
	const lv_history *h = t->h;
	const struct trend_panel *p0 = &t->p[0];
	size_t n = lv_history_count(h), i;

	/*
	 * drainage sessions: pre -> post, just right of the points, at least
	 * DROP_MIN_WIDTHS line widths long (a change within the error is small
	 * by nature: drawn to scale it would vanish); the markers give the values
	 */
	for (i = 0; i < n; i++) {
		const lv_history_row *row = lv_history_row_at(h, i);
		long pre = drop_pre(t, i);
		double w = fmax(1.8, r * 0.5), x, y0, y1, dir;
		if (pre < 0)
			continue;
		x = trend_px_x(t, row->day) + r * 2.4;
		y0 = trend_px_y(p0, t->pt[pre].volume_ml);
		y1 = trend_px_y(p0, t->pt[i].volume_ml);
		dir = t->pt[i].volume_ml > t->pt[pre].volume_ml ? -1 : 1; /* up when it grew */
		if (fabs(y1 - y0) < DROP_MIN_WIDTHS * w) { /* centred on the change */
			double mid = (y0 + y1) / 2;
			y0 = mid - dir * DROP_MIN_WIDTHS * w / 2;
			y1 = mid + dir * DROP_MIN_WIDTHS * w / 2;
		}
		arrow(cr, x, y0, x, y1, w, LV_TREND_RGB_DROP, !row->exceeds_mdc);
	}
	for (i = 0; i < n; i++) {
		const lv_history_row *row = lv_history_row_at(h, i);
		if (!t->left_out[i])
			marker(cr, trend_px_x(t, row->day), trend_px_y(p0, t->pt[i].volume_ml), r,
			       limb_colour(t, row->limb), row->phase == LV_PHASE_POST);
	}
}

/* The zero line, the 10 % lymphedema threshold and the baseline's excess. */
static void draw_limits(cairo_t *cr, const lv_trend *t, double fs)
{
	const struct trend_panel *p1 = &t->p[1];
	char a[40];
	double y10 = trend_px_y(p1, 10), dash[2] = { 8, 5 }, y0 = trend_px_y(p1, 0);
	if (p1->y.lo < 0) {
		chart_rgb(cr, 0x777777, 1);
		cairo_set_line_width(cr, 1);
		cairo_move_to(cr, p1->left, y0);
		cairo_line_to(cr, p1->left + p1->width, y0);
		cairo_stroke(cr);
	}
	chart_rgb(cr, LV_TREND_RGB_LIMIT, 1);
	cairo_set_line_width(cr, 2);
	cairo_set_dash(cr, dash, 2, 0);
	cairo_move_to(cr, p1->left, y10);
	cairo_line_to(cr, p1->left + p1->width, y10);
	cairo_stroke(cr);
	trend_draw_limit_label(cr, t, fs, fmax(3.5, t->height * 0.0068));
	if (t->has_baseline_pev) {
		double yb = trend_px_y(p1, t->baseline_pev);
		char label[80];
		trend_numtext(a, sizeof a, t->baseline_pev, 1);
		/* "baseline" only for a recorded one; else RVC's reference is the first visit */
		snprintf(label, sizeof label, "%s %s %%",
			 t->baseline_recorded ? "baseline" : "first visit", a);
		chart_rgb(cr, 0x666666, 1);
		cairo_set_line_width(cr, 1.4);
		cairo_set_dash(cr, dash, 2, 0);
		cairo_move_to(cr, p1->left, yb);
		cairo_line_to(cr, p1->left + p1->width, yb);
		cairo_stroke(cr);
		chart_text(cr, p1->left + p1->width - 6,
			   yb + (yb < p1->top + fs * 1.5 ? fs * 1.2 : -fs * 0.45), label, fs * 0.92,
			   0, 1);
	}
	cairo_set_dash(cr, NULL, 0, 0);
}

/* The excess volume series, or why there is none. */
static void draw_excess(cairo_t *cr, const lv_trend *t, double fs, double r)
{
	const lv_history *h = t->h;
	const struct trend_panel *p1 = &t->p[1];
	size_t n = lv_history_count(h), i;

	if (t->has_excess) {
		int started = 0;
		for (i = 0; i < n; i++) {
			const lv_history_row *row = lv_history_row_at(h, i);
			if (!row->has_pair || row->phase == LV_PHASE_POST)
				continue;
			if (started)
				cairo_line_to(cr, trend_px_x(t, row->day),
					      trend_px_y(p1, row->pev_percent));
			else
				cairo_move_to(cr, trend_px_x(t, row->day),
					      trend_px_y(p1, row->pev_percent));
			started = 1;
		}
		chart_rgb(cr, LV_TREND_RGB_EXCESS, 0.8);
		cairo_set_line_width(cr, 1.8);
		cairo_stroke(cr);
		for (i = 0; i < n; i++) {
			const lv_history_row *row = lv_history_row_at(h, i);
			if (row->has_pair)
				marker(cr, trend_px_x(t, row->day),
				       trend_px_y(p1, row->pev_percent), r * 0.9,
				       LV_TREND_RGB_EXCESS, row->phase == LV_PHASE_POST);
		}
	} else {
		chart_rgb(cr, 0x777777, 1);
		chart_text(cr, p1->left + p1->width / 2, p1->top + p1->height / 2,
			   "no excess volume: both limbs were never measured at one visit", fs, 0,
			   0.5);
	}
}

static void draw(cairo_t *cr, const lv_trend *t)
{
	const struct trend_panel *p0 = &t->p[0], *p1 = &t->p[1];
	double fs = t->height * 0.017 + 3, r = fmax(3.5, t->height * 0.0068);

	chart_rgb(cr, 0xFFFFFF, 1);
	cairo_paint(cr);
	draw_titles(cr, t, fs);
	trend_draw_panel_frame(cr, t, 0, "volume (mL)", p0->y.step < 1 ? 1 : 0);
	trend_draw_panel_frame(cr, t, 1, "excess volume (%)", p1->y.step < 1 ? 1 : 0);
	trend_draw_x_axis(cr, t);

	/* panel 1: volumes, clipped to the panel */
	cairo_save(cr);
	cairo_rectangle(cr, p0->left, p0->top, p0->width, p0->height);
	cairo_clip(cr);
	draw_fit(cr, t);
	draw_courses(cr, t, r);
	draw_sessions(cr, t, r);
	cairo_restore(cr);
	trend_frame_border(cr, p0);

	/* panel 2: excess volume % */
	cairo_save(cr);
	cairo_rectangle(cr, p1->left, p1->top, p1->width, p1->height);
	cairo_clip(cr);
	draw_limits(cr, t, fs);
	draw_excess(cr, t, fs, r);
	cairo_restore(cr);
	trend_frame_border(cr, p1);
	trend_draw_alerts(cr, t, fs);
}

void trend_paint(cairo_t *cr, const lv_trend *t)
{
	draw(cr, t);
}

static void draw_cb(cairo_t *cr, const void *ctx)
{
	draw(cr, ctx);
}

int lv_trend_draw(const lv_trend *t, const char *path, lv_plot_format fmt)
{
	char title[400], code[4 * LV_STORE_MAX_CODE + 8];

	lv_store_code_escape(lv_history_patient(t->h), code, sizeof code);
	snprintf(title, sizeof title, "limbvol trend %s", code);
	return chart_render(path, fmt, t->width, t->height, title, draw_cb, t);
}
