/*
 * The report page drawn with cairo (limbvol/report_page.h): the header,
 * the table of visits, the trend chart, the latest profile, the thresholds
 * crossed and the footer.  Figures are the history's (lv_assess), printed
 * through limbvol/number.h; texts from outside through lv_store_code_escape.
 */
#include "chart.h"
#include "profile_plot_impl.h"
#include "report_impl.h"
#include "trend_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/profile_plot.h"
#include "limbvol/version.h"

#define PM "\xc2\xb1" /* plus-minus sign */
#define ARROW "\xe2\x86\x92"

static void num(char *buf, size_t size, double v, int decimals)
{
	if (lv_number_format(v, decimals, buf, size) < 0)
		snprintf(buf, size, "?");
}

/* Text in a box [x, x + w], shrunk to fit it; align 0 left, 1 right. */
static void cell(cairo_t *cr, double x, double w, double y, const char *s, double size, int bold,
		 double align)
{
	chart_text_fit(cr, x + align * w, y, s, size, bold, align, w);
}

/* "2499.1 ± 5.5" of a history row. */
static void volume_text(const lv_history_row *r, char *buf, size_t size)
{
	char a[32], b[32];
	num(a, sizeof a, r->volume_ml, 1);
	num(b, sizeof b, r->sd_ml, 1);
	snprintf(buf, size, "%s " PM " %s", a, b);
}

/* The header: the patient, the affected limb, the baseline. */
static void draw_header(cairo_t *cr, const struct report_page *pg)
{
	const lv_history *h = pg->h;
	double x = pg->margin, y = pg->margin + 13, inner = pg->w - 2 * pg->margin;
	char code[4 * LV_STORE_MAX_CODE + 8], line[600], a[40], b[40], va[80], vb[80], c[40];

	lv_store_code_escape(lv_history_patient(h), code, sizeof code);
	snprintf(line, sizeof line, "Patient %s", code);
	chart_rgb(cr, 0x111111, 1);
	cell(cr, x, inner * 0.7, y, line, 15, 1, 0);
	chart_rgb(cr, 0x555555, 1);
	chart_text(cr, x + inner, y, "limb volume report", 9, 0, 1);
	report_limb_words(pg->limb[0], a, sizeof a);
	report_limb_words(pg->limb[1], b, sizeof b);
	if (pg->has_affected)
		snprintf(line, sizeof line, "Affected limb: %s%s; other limb: %s", a,
			 pg->assumed ? " (assumed: none is marked in the store; the larger limb"
				       " where the two differ most)"
				     : "",
			 b);
	else
		snprintf(line, sizeof line,
			 "Affected limb: not known (the two limbs were never measured at one"
			 " visit); shown: %s",
			 a);
	chart_rgb(cr, 0x222222, 1);
	cell(cr, x, inner, y + 16, line, 8.5, 0, 0);
	if (pg->base_row[0] != REPORT_NO_ROW && pg->base_row[1] != REPORT_NO_ROW) {
		const lv_history_row *r = lv_history_row_at(h, pg->base_row[0]);
		volume_text(r, va, sizeof va);
		volume_text(lv_history_row_at(h, pg->base_row[1]), vb, sizeof vb);
		num(c, sizeof c, r->pev_percent, 1);
		if (r->phase == LV_PHASE_BASELINE)
			snprintf(line, sizeof line, "Baseline %.10s: %s %s mL, %s %s mL, PEV %s %%",
				 r->date, a, va, b, vb, c);
		else
			snprintf(line, sizeof line,
				 "No baseline recorded: RVC is against the first visit with both"
				 " limbs, %.10s (%s): %s %s mL, %s %s mL, PEV %s %%",
				 r->date, lv_phase_name(r->phase), a, va, b, vb, c);
	} else {
		snprintf(line, sizeof line,
			 "No baseline: the two limbs were never compared at one visit (no RVC)");
	}
	cell(cr, x, inner, y + 29, line, 8.5, 0, 0);
}

/* The table's columns: share of the width, heading, unit line, alignment. */
struct column {
	double share;
	const char *head, *unit;
	double align;
};

/* "within error (15.0)" fits its column at the table's size, as "real (15.2)" */
static const struct column columns[] = {
	{ 0.100, "date", "", 0 },
	{ 0.065, "session", "", 1 },
	{ 0.075, "phase", "", 0 },
	{ 0.135, NULL, "mL " PM " sd", 1 },
	{ 0.135, NULL, "mL " PM " sd", 1 },
	{ 0.075, "EV", "mL", 1 },
	{ 0.065, "PEV", "%", 1 },
	{ 0.065, "RVC", "%", 1 },
	{ 0.140, "pre" ARROW "post", "mL (%)", 1 },
	{ 0.175, "vs error", "MDC95", 0 },
};
#define NCOL (sizeof columns / sizeof *columns)

/* The cells of one visit. */
static void visit_cells(const struct report_page *pg, const struct report_visit *v,
			char cells[NCOL][80])
{
	const lv_history *h = pg->h;
	const lv_history_row *a =
		v->row[0] != REPORT_NO_ROW ? lv_history_row_at(h, v->row[0]) : NULL;
	const lv_history_row *u =
		v->row[1] != REPORT_NO_ROW ? lv_history_row_at(h, v->row[1]) : NULL;
	const lv_history_row *any = a ? a : u;
	char x[32], y[32];

	if (!any)
		return;

	for (size_t k = 0; k < NCOL; k++)
		cells[k][0] = '\0';
	snprintf(cells[0], 80, "%.10s", any->date);
	if (any->session)
		snprintf(cells[1], 80, "%lld", (long long)any->session);
	else
		snprintf(cells[1], 80, "-");
	snprintf(cells[2], 80, "%s", lv_phase_name(any->phase));
	if (a)
		volume_text(a, cells[3], 80);
	if (u)
		volume_text(u, cells[4], 80);
	if (a && a->has_pair) {
		num(cells[5], 80, a->ev_ml, 1);
		num(cells[6], 80, a->pev_percent, 1);
	}
	if (a && a->has_rvc)
		num(cells[7], 80, a->rvc_percent, 1);
	if (a && a->has_change) {
		num(x, sizeof x, a->change_ml, 1);
		num(y, sizeof y, a->change_percent, 1);
		snprintf(cells[8], 80, "%s (%s %%)", x, y);
		num(x, sizeof x, a->mdc95_ml, 1);
		snprintf(cells[9], 80, "%s (%s)", a->exceeds_mdc ? "real" : "within error", x);
	}
}

static void draw_table_head(cairo_t *cr, const struct report_page *pg, const double *xs)
{
	double y = pg->y_table, inner = pg->w - 2 * pg->margin;
	char name[40], head[64];

	chart_rgb(cr, 0xE8EEF4, 1);
	cairo_rectangle(cr, pg->margin, y, inner, REPORT_TABLE_HEAD_H);
	cairo_fill(cr);
	for (size_t k = 0; k < NCOL; k++) {
		const struct column *c = &columns[k];
		double w = xs[k + 1] - xs[k] - 6;
		const char *h1 = c->head, *h2 = c->unit;
		if (!h1) {
			report_limb_words(pg->limb[k - 3], name, sizeof name);
			h1 = name;
			if (k == 3 && pg->has_affected) {
				snprintf(head, sizeof head, "affected, %s", c->unit);
				h2 = head;
			}
		}
		chart_rgb(cr, 0x111111, 1);
		cell(cr, xs[k] + 3, w, y + 9, h1, 7.4, 1, c->align);
		chart_rgb(cr, 0x555555, 1);
		cell(cr, xs[k] + 3, w, y + 18, h2, 6.6, 0, c->align);
	}
}

/* The visit table: the latest visits that fit, and how many are left out. */
static void draw_table(cairo_t *cr, const struct report_page *pg)
{
	double xs[NCOL + 1], inner = pg->w - 2 * pg->margin, total = 0, y;
	char cells[NCOL][80], note[600], code[4 * LV_STORE_MAX_CODE + 8];
	size_t k, i;

	for (k = 0; k < NCOL; k++)
		total += columns[k].share;
	xs[0] = pg->margin;
	for (k = 0; k < NCOL; k++)
		xs[k + 1] = xs[k] + inner * columns[k].share / total;
	draw_table_head(cr, pg, xs);
	y = pg->y_table + REPORT_TABLE_HEAD_H;
	for (i = 0; i < pg->shown; i++) {
		const struct report_visit *v = &pg->v[pg->first_shown + i];
		if (i % 2) {
			chart_rgb(cr, 0xF4F4F4, 1);
			cairo_rectangle(cr, pg->margin, y, inner, pg->row_h);
			cairo_fill(cr);
		}
		unsigned first =
			v->row[0] != REPORT_NO_ROW ? lv_alerts_first_at(&pg->alerts, v->row[0]) : 0;
		visit_cells(pg, v, cells);
		for (k = 0; k < NCOL; k++) {
			/* the RVC at which a threshold was first reached: bold, coloured */
			int mark = k == 7 && first;
			chart_rgb(cr,
				  !mark                                         ? 0x111111
					  : first & (1u << LV_ALERT_LYMPHEDEMA) ? 0xCC3311
										: 0xB35C00,
				  1);
			cell(cr, xs[k] + 3, xs[k + 1] - xs[k] - 6, y + pg->row_h - 2.6, cells[k],
			     7.2, mark, columns[k].align);
		}
		y += pg->row_h;
	}
	chart_rgb(cr, 0x999999, 1);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, pg->margin, y + 0.3);
	cairo_line_to(cr, pg->margin + inner, y + 0.3);
	cairo_stroke(cr);
	lv_store_code_escape(lv_history_patient(pg->h), code, sizeof code);
	if (pg->first_shown)
		snprintf(note, sizeof note,
			 "The latest %zu of %zu visits; %zu earlier visit%s not shown ('limbvol"
			 " history %s' lists every measurement).",
			 pg->shown, pg->nv, pg->first_shown, pg->first_shown == 1 ? " is" : "s are",
			 code);
	else
		snprintf(note, sizeof note, "All %zu visit%s.", pg->nv, pg->nv == 1 ? "" : "s");
	if (pg->other_limbs) {
		size_t len = strlen(note);
		snprintf(note + len, sizeof note - len,
			 " %zu measurement%s of other limbs not in the table.", pg->other_limbs,
			 pg->other_limbs == 1 ? "" : "s");
	}
	chart_rgb(cr, 0x444444, 1);
	cell(cr, pg->margin, inner, y + 9, note, 7, 0, 0);
}

static void draw_trend(cairo_t *cr, const struct report_page *pg)
{
	double inner = pg->w - 2 * pg->margin;
	if (!pg->trend) {
		chart_rgb(cr, 0x777777, 1);
		chart_text(cr, pg->margin, pg->y_trend + 20,
			   "No trend chart: no measurements of the limb to plot.", 8, 0, 0);
		return;
	}
	cairo_save(cr);
	cairo_translate(cr, pg->margin, pg->y_trend);
	cairo_scale(cr, pg->trend_scale, pg->trend_scale);
	cairo_rectangle(cr, 0, 0, REPORT_TREND_W, REPORT_TREND_H);
	cairo_clip(cr);
	trend_paint(cr, pg->trend);
	cairo_restore(cr);
	(void)inner;
}

/* The latest profile with both limbs, its figures from the history. */
static void draw_profile(cairo_t *cr, const struct report_page *pg)
{
	const lv_history *h = pg->h;
	lv_profile_plot_opts po = LV_PROFILE_PLOT_OPTS_INIT;
	const lv_history_row *r, *u = NULL;
	char title[120], sub[400], l1[60], l2[60], w1[40], w2[40], va[80], vb[80], e[32], p[32];

	if (pg->prof_row[0] == REPORT_NO_ROW)
		return;
	r = lv_history_row_at(h, pg->prof_row[0]);
	if (pg->prof_row[1] != REPORT_NO_ROW)
		u = lv_history_row_at(h, pg->prof_row[1]);
	report_limb_words(r->limb, w1, sizeof w1);
	snprintf(l1, sizeof l1, "%s%s", w1,
		 pg->has_affected && r->limb == pg->limb[0] ? " (affected)" : "");
	po.label = l1;
	po.width_px = REPORT_PROFILE_W;
	po.height_px = REPORT_PROFILE_H;
	po.model = lv_history_model(h, pg->prof_row[0]);
	snprintf(title, sizeof title, "Latest profile, %.10s (%s)", r->date,
		 lv_phase_name(r->phase));
	po.title = title;
	volume_text(r, va, sizeof va);
	if (u) {
		report_limb_words(u->limb, w2, sizeof w2);
		snprintf(l2, sizeof l2, "%s", w2);
		po.other_label = l2;
		volume_text(u, vb, sizeof vb);
		num(e, sizeof e, r->ev_ml, 1);
		num(p, sizeof p, r->pev_percent, 1);
		snprintf(sub, sizeof sub, "%s %s mL, %s %s mL; EV %s mL, PEV %s %%", w1, va, w2, vb,
			 e, p);
	} else {
		snprintf(sub, sizeof sub, "%s %s mL (the other limb not measured then)", w1, va);
	}
	cairo_save(cr);
	cairo_translate(cr, pg->margin, pg->y_bottom);
	cairo_scale(cr, pg->profile_scale, pg->profile_scale);
	cairo_rectangle(cr, 0, 0, REPORT_PROFILE_W, REPORT_PROFILE_H);
	cairo_clip(cr);
	if (profile_plot_paint(cr, lv_history_profile(h, pg->prof_row[0]),
			       u ? lv_history_profile(h, pg->prof_row[1]) : NULL, &po, sub) < 0)
		lv_error_clear();
	cairo_restore(cr);
}

/* "5 %" of a threshold. */
static void percent(char *buf, size_t size, double v)
{
	char a[24];
	num(a, sizeof a, v, fmod(v, 1) != 0 ? 1 : 0);
	snprintf(buf, size, "%s %%", a);
}

/* The surveillance thresholds crossed (limbvol/alerts.h), one line each. */
static size_t thresholds(const struct report_page *pg, char lines[][160], size_t max)
{
	const lv_alerts *a = &pg->alerts;
	const lv_alert_thresholds *t = &pg->o->thresholds;
	static const char *const what[3] = { "", "early intervention", "lymphedema" };
	char p[48], v[32];
	size_t n = 0;

	if (max < 5)
		return 0;
	if (!a->has_rvc) {
		snprintf(lines[n++], 160, "none evaluated: no RVC (no pair of limbs to");
		snprintf(lines[n++], 160, "compare with a baseline pair)");
		return n;
	}
	for (int l = LV_ALERT_EARLY; l <= LV_ALERT_LYMPHEDEMA; l++) {
		const lv_history_row *r =
			a->has_first[l] ? lv_history_row_at(pg->h, a->first_row[l]) : NULL;
		percent(p, sizeof p,
			l == LV_ALERT_EARLY ? t->early_percent : t->lymphedema_percent);
		if (r) {
			num(v, sizeof v, r->rvc_percent, 1);
			snprintf(lines[n++], 160, "RVC \xe2\x89\xa5 %s (%s): first %.10s, %s %%", p,
				 what[l], r->date, v);
		} else {
			snprintf(lines[n++], 160, "RVC \xe2\x89\xa5 %s (%s): not reached", p,
				 what[l]);
		}
	}
	if (a->has_latest) {
		const lv_history_row *r = lv_history_row_at(pg->h, a->latest_row);
		num(v, sizeof v, a->latest_rvc_percent, 1);
		snprintf(lines[n++], 160, "latest %.10s: RVC %s %% (%s)", r->date, v,
			 a->latest_level == LV_ALERT_NONE ? "below the thresholds"
							  : what[a->latest_level]);
	}
	snprintf(lines[n++], 160, "%s; first crossings bold in the table",
		 a->baseline_marked ? "RVC against the baseline"
				    : "no baseline recorded: RVC against the first visit");
	snprintf(lines[n++], 160, "(PREVENT, Ridner 2022; Specht 2013; doc/clinical.md)");
	return n;
}

static void draw_side(cairo_t *cr, const struct report_page *pg)
{
	double inner = pg->w - 2 * pg->margin, x = pg->margin + inner * 0.62, w = inner * 0.38;
	double y = pg->y_bottom + 14;
	char lines[8][160];
	size_t n = thresholds(pg, lines, 8), i;
	static const char *const abbrev[] = {
		"EV: excess volume, affected "
		"\xe2\x88\x92"
		" other limb (mL)",
		"PEV: percent excess volume, EV / other "
		"\xc3\x97"
		" 100",
		"RVC: relative volume change against the baseline",
		"pair, (A2 U1) / (U2 A1) "
		"\xe2\x88\x92"
		" 1 (Ancukiewicz 2011)",
		"pre" ARROW "post: the affected limb's change in a session;",
		"real when larger than MDC95 = 1.96 "
		"\xe2\x88\x9a"
		"(sd\xe2\x82\x81\xc2\xb2 + "
		"sd\xe2\x82\x82\xc2\xb2)",
		"Volumes " PM " 1 sd from the tape's reading error;",
		"EV, PEV, RVC over the range the limbs share.",
	};

	chart_rgb(cr, 0x111111, 1);
	chart_text(cr, x, y, "Thresholds crossed", 9, 1, 0);
	y += 12;
	for (i = 0; i < n; i++, y += 10) {
		chart_rgb(cr, 0x333333, 1);
		cell(cr, x, w, y, lines[i], 7.4, 0, 0);
	}
	y += 8;
	chart_rgb(cr, 0x111111, 1);
	chart_text(cr, x, y, "Abbreviations", 9, 1, 0);
	y += 11;
	for (i = 0; i < sizeof abbrev / sizeof *abbrev; i++, y += 9.2) {
		chart_rgb(cr, 0x333333, 1);
		cell(cr, x, w, y, abbrev[i], 6.8, 0, 0);
	}
}

static void draw_footer(cairo_t *cr, const struct report_page *pg)
{
	double inner = pg->w - 2 * pg->margin, y = pg->hgt - pg->margin;
	char line[200], date[80];

	chart_rgb(cr, 0x999999, 1);
	cairo_set_line_width(cr, 0.6);
	cairo_move_to(cr, pg->margin, y - 10);
	cairo_line_to(cr, pg->margin + inner, y - 10);
	cairo_stroke(cr);
	if (pg->o->printed) {
		lv_store_code_escape(pg->o->printed, date, sizeof date);
		snprintf(line, sizeof line, "printed %s", date);
	} else {
		line[0] = '\0';
	}
	chart_rgb(cr, 0x444444, 1);
	chart_text(cr, pg->margin, y, line, 7.5, 0, 0);
	snprintf(line, sizeof line, "limbvol %s \xc2\xb7 page 1 of 1", LV_VERSION_STRING);
	chart_text(cr, pg->margin + inner, y, line, 7.5, 0, 1);
}

void report_draw(cairo_t *cr, const struct report_page *pg)
{
	chart_rgb(cr, 0xFFFFFF, 1);
	cairo_paint(cr);
	draw_header(cr, pg);
	draw_table(cr, pg);
	draw_trend(cr, pg);
	draw_profile(cr, pg);
	draw_side(cr, pg);
	draw_footer(cr, pg);
}
