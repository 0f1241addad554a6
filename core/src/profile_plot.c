/* A picture of a limb's shape (limbvol/profile_plot.h). */
#include "chart.h"
#include "profile_plot_impl.h"
#include "limbvol/profile_plot.h"

#include <gsl/gsl_math.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/metrics.h"
#include "limbvol/number.h"

struct layout {
	const lv_profile *p, *other;
	const lv_profile_plot_opts *o;
	const char *subtitle; /* NULL: computed from the profiles */
	double left, top, width, height; /* the plot area, pixels */
	struct chart_axis x, y;
};

static int make_layout(struct layout *L, const lv_profile *p, const lv_profile *other,
		       const lv_profile_plot_opts *o)
{
	double xlo = lv_profile_site_cm(p, 0), xhi = lv_profile_site_cm(p, lv_profile_count(p) - 1);
	double ylo = INFINITY, yhi = -INFINITY;
	const lv_profile *both[2] = { p, other };

	if (!o || o->version != LV_PROFILE_PLOT_OPTS_VERSION)
		return lv_error_set(LV_EINVAL, "profile plot options of an unknown version");
	if (o->width_px < 320 || o->height_px < 320 || o->width_px > 8000 || o->height_px > 8000)
		return lv_error_set(LV_EINVAL, "the picture must be 320 to 8000 pixels a side");
	for (int k = 0; k < 2; k++) {
		if (!both[k])
			continue;
		for (size_t i = 0; i < lv_profile_count(both[k]); i++) {
			double c = lv_profile_circumference_cm(both[k], i);
			ylo = fmin(ylo, c);
			yhi = fmax(yhi, c);
		}
		xlo = fmin(xlo, lv_profile_site_cm(both[k], 0));
		xhi = fmax(xhi, lv_profile_site_cm(both[k], lv_profile_count(both[k]) - 1));
	}
	L->p = p;
	L->other = other;
	L->o = o;
	L->subtitle = NULL;
	L->left = 80;
	L->top = 110;
	L->width = o->width_px - L->left - 30;
	L->height = o->height_px - L->top - 70;
	/* the site axis runs from the first site to the last, no padding before it */
	chart_axis(&L->x, xlo, xhi, 8);
	L->x.lo = xlo;
	L->x.hi = xhi > xlo ? xhi : xlo + 1;
	chart_axis(&L->y, ylo, yhi, 6);
	return LV_OK;
}

static double px(const struct layout *L, double site)
{
	return L->left + (site - L->x.lo) / (L->x.hi - L->x.lo) * L->width;
}

static double py(const struct layout *L, double c)
{
	return L->top + L->height - (c - L->y.lo) / (L->y.hi - L->y.lo) * L->height;
}

int lv_profile_plot_map(const lv_profile *p, const lv_profile *other, const lv_profile_plot_opts *o,
			double site, double c, double *x, double *y)
{
	struct layout L;
	int st = make_layout(&L, p, other, o);
	if (st < 0)
		return st;
	*x = px(&L, site);
	*y = py(&L, c);
	return LV_OK;
}

static void num(char *buf, size_t size, double v, int decimals)
{
	if (lv_number_format(v, decimals, buf, size) < 0)
		snprintf(buf, size, "?");
}

static void series(cairo_t *cr, const struct layout *L, const lv_profile *p, unsigned colour)
{
	size_t n = lv_profile_count(p);

	chart_rgb(cr, colour, 1);
	cairo_set_line_width(cr, 2.5);
	for (size_t i = 0; i < n; i++) {
		double x = px(L, lv_profile_site_cm(p, i)),
		       y = py(L, lv_profile_circumference_cm(p, i));
		if (i == 0)
			cairo_move_to(cr, x, y);
		else
			cairo_line_to(cr, x, y);
	}
	cairo_stroke(cr);
	for (size_t i = 0; i < n; i++) {
		cairo_arc(cr, px(L, lv_profile_site_cm(p, i)),
			  py(L, lv_profile_circumference_cm(p, i)), 5, 0, 2 * M_PI);
		cairo_fill(cr);
	}
}

/*
 * The subtitle: both volumes and the excess, of the larger limb over the
 * smaller (the smaller first: "excess of right arm +15.9 % (lymphedema)",
 * never "-13.8 % (none)", which reads as no lymphedema).
 */
static void subtitle(const struct layout *L, char *buf, size_t size)
{
	lv_volume v, w;
	char a[32], b[32], c[32], d[32], e[32], of[80] = "";
	double pev;
	const char *other = L->o->other_label ? L->o->other_label : "other";

	if (lv_volume_total(L->p, L->o->model, L->o->reading_sd_cm, &v) < 0) {
		snprintf(buf, size, "%s", "");
		return;
	}
	num(a, sizeof a, v.volume_ml, 1);
	num(b, sizeof b, v.sd_ml, 1);
	if (!L->other || lv_volume_total(L->other, L->o->model, L->o->reading_sd_cm, &w) < 0 ||
	    lv_pev_percent(v.volume_ml, w.volume_ml, &pev) < 0) {
		snprintf(buf, size, "%s %s \xC2\xB1 %s mL (%s model)",
			 L->o->label ? L->o->label : "volume", a, b, lv_model_name(L->o->model));
		return;
	}
	num(c, sizeof c, w.volume_ml, 1);
	num(d, sizeof d, w.sd_ml, 1);
	if (pev < 0 && lv_pev_percent(w.volume_ml, v.volume_ml, &pev) == LV_OK)
		snprintf(of, sizeof of, " of %s", other);
	num(e, sizeof e, pev, 1);
	snprintf(buf, size, "%s %s \xC2\xB1 %s mL, %s %s \xC2\xB1 %s mL: excess%s %s%s %% (%s)",
		 L->o->label ? L->o->label : "volume", a, b, other, c, d, of, pev >= 0 ? "+" : "",
		 e, lv_pev_class_name(lv_pev_class_of(pev)));
}

/* The site ticks: the first site, then the round steps after it. */
static void site_ticks(cairo_t *cr, const struct layout *L)
{
	char buf[40];
	double first = ceil(L->x.lo / L->x.step - 1e-9) * L->x.step, v;
	int labelled_lo = fabs(first - L->x.lo) < L->x.step * 1e-6;

	cairo_set_line_width(cr, 1);
	if (!labelled_lo) {
		num(buf, sizeof buf, L->x.lo, fmod(L->x.lo, 1) != 0 ? 1 : 0);
		chart_rgb(cr, 0x333333, 1);
		chart_text(cr, px(L, L->x.lo), L->top + L->height + 20, buf, 13, 0, 0.5);
		/* the next round tick only when its label does not run into this one */
		if (px(L, first) - px(L, L->x.lo) < 34)
			first += L->x.step;
	}
	for (v = first; v <= L->x.hi + L->x.step * 1e-6; v += L->x.step) {
		chart_rgb(cr, 0xE3E3E3, 1);
		cairo_move_to(cr, px(L, v) + 0.5, L->top);
		cairo_line_to(cr, px(L, v) + 0.5, L->top + L->height);
		cairo_stroke(cr);
		num(buf, sizeof buf, v, fmod(L->x.step, 1) != 0 ? 1 : 0);
		chart_rgb(cr, 0x333333, 1);
		chart_text(cr, px(L, v), L->top + L->height + 20, buf, 13, 0, 0.5);
	}
}

static void draw(cairo_t *cr, const void *ctx)
{
	const struct layout *L = ctx;
	const lv_profile_plot_opts *o = L->o;
	char buf[300];
	double v;

	chart_rgb(cr, 0xFFFFFF, 1);
	cairo_paint(cr);
	chart_rgb(cr, 0x111111, 1);
	chart_text(cr, L->left, 38, o->title ? o->title : "limb profile", 22, 1, 0);
	if (L->subtitle)
		snprintf(buf, sizeof buf, "%s", L->subtitle);
	else
		subtitle(L, buf, sizeof buf);
	chart_rgb(cr, 0x444444, 1);
	chart_text_fit(cr, L->left, 64, buf, 14, 0, 0, o->width_px - L->left - 10);

	/* grid and ticks */
	site_ticks(cr, L);
	for (v = L->y.lo; v <= L->y.hi + L->y.step / 2; v += L->y.step) {
		chart_rgb(cr, 0xE3E3E3, 1);
		cairo_move_to(cr, L->left, py(L, v) + 0.5);
		cairo_line_to(cr, L->left + L->width, py(L, v) + 0.5);
		cairo_stroke(cr);
		num(buf, sizeof buf, v, fmod(L->y.step, 1) != 0 ? 1 : 0);
		chart_rgb(cr, 0x333333, 1);
		chart_text(cr, L->left - 8, py(L, v) + 5, buf, 13, 0, 1);
	}
	chart_rgb(cr, 0x333333, 1);
	chart_text(cr, L->left + L->width / 2, L->top + L->height + 45,
		   "site (cm from the landmark)", 14, 0, 0.5);
	cairo_save(cr);
	cairo_translate(cr, 24, L->top + L->height / 2);
	cairo_rotate(cr, -M_PI / 2);
	chart_text(cr, 0, 0, "circumference (cm)", 14, 0, 0.5);
	cairo_restore(cr);
	chart_rgb(cr, 0x888888, 1);
	cairo_rectangle(cr, L->left + 0.5, L->top + 0.5, L->width, L->height);
	cairo_stroke(cr);

	/* sites differing by 2 cm or more: a band and a bar between the limbs */
	int flagged = 0;
	if (L->other) {
		for (size_t i = 0; i < lv_profile_count(L->p); i++) {
			double s = lv_profile_site_cm(L->p, i),
			       c = lv_profile_circumference_cm(L->p, i), oc;
			if (lv_profile_circumference_at(L->other, s, &oc) < 0) {
				lv_error_clear();
				continue;
			}
			if (fabs(c - oc) < LV_SITE_DIFF_FLAG_CM)
				continue;
			flagged++;
			chart_rgb(cr, LV_PROFILE_PLOT_FLAG, 0.12);
			{ /* the band inside the plot area at the first and last site */
				double x0 = fmax(L->left + 1, px(L, s) - 9),
				       x1 = fmin(L->left + L->width, px(L, s) + 9);
				cairo_rectangle(cr, x0, L->top + 1, x1 - x0, L->height - 1);
			}
			cairo_fill(cr);
			chart_rgb(cr, LV_PROFILE_PLOT_FLAG, 1);
			cairo_set_line_width(cr, 3);
			cairo_move_to(cr, px(L, s), py(L, c));
			cairo_line_to(cr, px(L, s), py(L, oc));
			cairo_stroke(cr);
		}
		series(cr, L, L->other, LV_PROFILE_PLOT_OTHER);
	}
	series(cr, L, L->p, LV_PROFILE_PLOT_LIMB);

	/* legend */
	{
		double x = L->left, y = 90;
		const char *names[3] = { o->label ? o->label : "this limb",
					 o->other_label ? o->other_label : "other limb",
					 "difference of 2 cm or more" };
		unsigned colours[3] = { LV_PROFILE_PLOT_LIMB, LV_PROFILE_PLOT_OTHER,
					LV_PROFILE_PLOT_FLAG };
		/* the flag's entry only when a site is flagged */
		for (int k = 0; k < (L->other ? (flagged ? 3 : 2) : 1); k++) {
			cairo_text_extents_t te;
			chart_rgb(cr, colours[k], 1);
			cairo_rectangle(cr, x, y - 10, 14, 10);
			cairo_fill(cr);
			chart_rgb(cr, 0x333333, 1);
			chart_text(cr, x + 20, y, names[k], 13, 0, 0);
			cairo_text_extents(cr, names[k], &te);
			x += 20 + te.x_advance + 24;
		}
	}
}

int profile_plot_paint(cairo_t *cr, const lv_profile *p, const lv_profile *other,
		       const lv_profile_plot_opts *o, const char *subtitle)
{
	struct layout L;
	int st = make_layout(&L, p, other, o);
	if (st < 0)
		return st;
	L.subtitle = subtitle;
	draw(cr, &L);
	return LV_OK;
}

int lv_profile_plot(const lv_profile *p, const lv_profile *other, const lv_profile_plot_opts *o,
		    const char *path, lv_plot_format fmt)
{
	struct layout L;
	int st = make_layout(&L, p, other, o);
	if (st < 0)
		return st;
	return chart_render(path, fmt, o->width_px, o->height_px,
			    o->title ? o->title : "limb profile", draw, &L);
}
