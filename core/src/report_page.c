/*
 * The report page (limbvol/report_page.h): the patient's visits grouped
 * into table rows, the baseline pair, the latest profile, and the layout of
 * the page.  The drawing is report_draw.c; every figure shown comes from the
 * history (lv_assess), none is computed here.
 */
#include "mem.h"
#include "chart.h"
#include "report_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"

void lv_paper_size(lv_paper paper, double *w, double *h)
{
	if (paper == LV_PAPER_LETTER) {
		*w = LV_PAPER_LETTER_WIDTH_PT;
		*h = LV_PAPER_LETTER_HEIGHT_PT;
	} else {
		*w = LV_PAPER_A4_WIDTH_PT;
		*h = LV_PAPER_A4_HEIGHT_PT;
	}
}

void report_limb_words(lv_limb l, char *buf, size_t size)
{
	snprintf(buf, size, "%s", lv_limb_name(l));
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = ' ';
}

/* Same visit and phase: the history's rule (same session when both have one, else the day). */
static int same_visit(const lv_history_row *a, const lv_history_row *b)
{
	if (a->phase != b->phase)
		return 0;
	if (a->session && b->session)
		return a->session == b->session;
	return strncmp(a->date, b->date, 10) == 0;
}

/* The visit of the same day still open for limb k that r belongs to, or REPORT_NO_ROW. */
static size_t open_visit(const struct report_page *pg, const lv_history_row *r, int k)
{
	for (size_t g = pg->nv; g-- > 0;) {
		const struct report_visit *v = &pg->v[g];
		const lv_history_row *o =
			lv_history_row_at(pg->h, v->row[v->row[0] != REPORT_NO_ROW ? 0 : 1]);
		if (strncmp(o->date, r->date, 10) != 0)
			break; /* rows are in date order: earlier days are done */
		if (v->row[k] == REPORT_NO_ROW && same_visit(o, r))
			return g;
	}
	return REPORT_NO_ROW;
}

/* Group the rows of the table's two limbs into visits. */
static int group_visits(struct report_page *pg)
{
	size_t n = lv_history_count(pg->h), i;

	pg->v = mem_malloc((n ? n : 1) * sizeof *pg->v);
	if (!pg->v)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(pg->h, i);
		int k = r->limb == pg->limb[0] ? 0 : r->limb == pg->limb[1] ? 1 : -1;
		size_t g;
		if (k < 0) {
			pg->other_limbs++;
			continue;
		}
		g = open_visit(pg, r, k);
		if (g == REPORT_NO_ROW) {
			g = pg->nv++;
			pg->v[g].row[0] = pg->v[g].row[1] = REPORT_NO_ROW;
		}
		pg->v[g].row[k] = i;
	}
	return LV_OK;
}

static size_t row_of_id(const lv_history *h, int64_t id)
{
	for (size_t i = 0; i < lv_history_count(h); i++)
		if (lv_history_row_at(h, i)->id == id)
			return i;
	return REPORT_NO_ROW;
}

/* The baseline pair and the latest profile of the table's first limb. */
static void find_rows(struct report_page *pg)
{
	const lv_history *h = pg->h;
	size_t n = lv_history_count(h), i;

	pg->base_row[0] = pg->base_row[1] = REPORT_NO_ROW;
	pg->prof_row[0] = pg->prof_row[1] = REPORT_NO_ROW;
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (r->is_baseline_pair && r->limb == pg->limb[0]) {
			pg->base_row[0] = i;
			pg->base_row[1] = row_of_id(h, r->pair_id);
		}
	}
	/* the latest measurement of the limb compared with the other, else the latest alone */
	for (i = n; i-- > 0;) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (r->limb == pg->limb[0] && r->has_pair) {
			pg->prof_row[0] = i;
			pg->prof_row[1] = row_of_id(h, r->pair_id);
			return;
		}
	}
	for (i = n; i-- > 0;) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (r->limb == pg->limb[0] || r->limb == pg->limb[1]) {
			pg->prof_row[0] = i;
			return;
		}
	}
}

/* Where everything goes; how many visits the table shows. */
static void layout(struct report_page *pg)
{
	double usable = pg->hgt - 2 * pg->margin, inner = pg->w - 2 * pg->margin;
	double trend_h, bottom_h, rows_h;
	size_t fit;

	pg->trend_scale = inner / REPORT_TREND_W;
	trend_h = REPORT_TREND_H * pg->trend_scale;
	pg->profile_scale = inner * 0.6 / REPORT_PROFILE_W;
	bottom_h = REPORT_PROFILE_H * pg->profile_scale;
	pg->row_h = REPORT_ROW_H;
	rows_h = usable - REPORT_HEAD_H - REPORT_TABLE_HEAD_H - REPORT_NOTE_H - REPORT_GAP -
		trend_h - REPORT_GAP - bottom_h - REPORT_FOOTER_H;
	fit = rows_h > 0 ? (size_t)floor(rows_h / pg->row_h) : 0;
	if (fit < 1)
		fit = 1;
	if (pg->o->max_rows && pg->o->max_rows < fit)
		fit = pg->o->max_rows;
	pg->shown = pg->nv < fit ? pg->nv : fit;
	pg->first_shown = pg->nv - pg->shown;
	pg->y_table = pg->margin + REPORT_HEAD_H;
	pg->y_trend = pg->y_table + REPORT_TABLE_HEAD_H + (double)pg->shown * pg->row_h +
		REPORT_NOTE_H + REPORT_GAP;
	pg->y_bottom = pg->y_trend + trend_h + REPORT_GAP;
}

static int page_new(struct report_page *pg, const lv_history *h, const lv_report_opts *o)
{
	lv_trend_opts to = LV_TREND_OPTS_INIT;
	const lv_history_row *first = lv_history_row_at(h, 0);

	memset(pg, 0, sizeof *pg);
	pg->h = h;
	pg->o = o;
	lv_paper_size(o->paper, &pg->w, &pg->hgt);
	pg->margin = 34;
	pg->has_affected = lv_history_affected(h, &pg->limb[0], &pg->assumed);
	if (!pg->has_affected)
		pg->limb[0] = first->limb;
	pg->limb[1] = lv_limb_other(pg->limb[0]);
	if (group_visits(pg) < 0)
		return LV_ENOMEM;
	find_rows(pg);
	if (lv_history_alerts(h, &o->thresholds, &pg->alerts) < 0)
		return LV_EINVAL;
	to.width_px = REPORT_TREND_W;
	to.height_px = REPORT_TREND_H;
	to.alerts = o->thresholds;
	if (lv_trend_new(&pg->trend, h, &to) < 0) {
		lv_error_clear(); /* the page says there is no chart */
		pg->trend = NULL;
	}
	layout(pg);
	return LV_OK;
}

static void draw_cb(cairo_t *cr, const void *ctx)
{
	report_draw(cr, ctx);
}

int lv_report_page(const lv_history *h, const lv_report_opts *o, const char *path,
		   lv_plot_format fmt, lv_report_info *info)
{
	struct report_page pg;
	char title[320], code[4 * LV_STORE_MAX_CODE + 8];
	int ret;

	if (!o || o->version != LV_REPORT_OPTS_VERSION)
		return lv_error_set(LV_EINVAL, "report options of an unknown version");
	if (o->paper != LV_PAPER_A4 && o->paper != LV_PAPER_LETTER)
		return lv_error_set(LV_EINVAL, "the paper must be A4 or Letter");
	if (lv_alert_thresholds_check(&o->thresholds) < 0)
		return LV_EINVAL;
	if (!lv_history_count(h))
		return lv_error_set(LV_ENOTFOUND, "the patient has no measurements to report");
	if ((ret = page_new(&pg, h, o)) < 0)
		goto done;
	lv_store_code_escape(lv_history_patient(h), code, sizeof code);
	snprintf(title, sizeof title, "limbvol report %s", code);
	ret = chart_render_page(path, fmt, pg.w, pg.hgt, LV_REPORT_PNG_DPI / 72.0, title, draw_cb,
				&pg);
	if (ret == LV_OK && info) {
		info->width_pt = pg.w;
		info->height_pt = pg.hgt;
		info->visits = pg.nv;
		info->shown = pg.shown;
		info->left_out = pg.first_shown;
		info->other_limbs = pg.other_limbs;
	}
done:
	lv_trend_free(pg.trend);
	mem_free(pg.v);
	return ret;
}
