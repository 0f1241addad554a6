/*
 * A patient's history: every measurement with the clinical metrics that
 * follow from it (clinical.md, Metrics and Measurement error):
 *   EV = A - U and PEV = (A - U) / U x 100 for the affected limb A against
 *   the other limb U measured in the same session (or on the same day) and
 *   phase; RVC = (A2 U1) / (U2 A1) - 1 against the baseline pair
 *   (Ancukiewicz 2011); for each post measurement the change from the pre
 *   measurement of the same session, which is real when it exceeds
 *   MDC95 = 1.96 sqrt(sd_pre^2 + sd_post^2).
 */
#include "mem.h"
#include "store_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/metrics.h"

struct lv_history {
	char patient[LV_STORE_MAX_CODE + 1];
	lv_history_row *rows;
	size_t n, cap;
	int has_affected, assumed;
	lv_limb affected;
	unsigned limbs; /* bit per lv_limb present */
	/* body weights in date order */
	double *w_day, *w_kg;
	size_t nw, capw;
	int has_wac;
};

/* Days from 1970-01-01 of a proleptic Gregorian date (civil calendar). */
static long days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static long digits(const char *s, int n)
{
	long v = 0;
	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

int lv_date_days(const char *date, double *out)
{
	size_t len = strlen(date);
	double t = 0;
	if (lv_date_check(date, len) < 0)
		return LV_EDATA;
	if (len >= 16)
		t = (double)digits(date + 11, 2) / 24.0 + (double)digits(date + 14, 2) / 1440.0;
	if (len >= 19)
		t += (double)digits(date + 17, 2) / 86400.0;
	*out = (double)days_from_civil(digits(date, 4), digits(date + 5, 2), digits(date + 8, 2)) +
		t;
	return LV_OK;
}

struct load_ctx {
	lv_history *h;
	int ret;
};

static int load_row(const lv_record *r, void *vctx)
{
	struct load_ctx *c = vctx;
	lv_history *h = c->h;
	lv_history_row *row;

	if (h->n == h->cap) {
		size_t cap = h->cap ? 2 * h->cap : 64;
		lv_history_row *p = mem_realloc(h->rows, cap * sizeof *p);
		if (!p)
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->rows = p;
		h->cap = cap;
	}
	row = &h->rows[h->n];
	memset(row, 0, sizeof *row);
	row->id = r->id;
	snprintf(row->date, sizeof row->date, "%s", r->date);
	if (lv_date_days(r->date, &row->day) < 0)
		return c->ret = lv_error_set(LV_EDB, "measurement %lld has a malformed date",
					     (long long)r->id);
	row->session = r->session;
	row->session_kind = r->session_kind;
	row->limb = r->limb;
	row->phase = r->phase;
	row->method = r->method;
	row->volume_ml = r->volume_ml;
	row->sd_ml = r->sd_ml;
	h->limbs |= 1u << r->limb;
	h->n++;
	return 0;
}

static int weight_row(const char *date, double kg, void *vctx)
{
	struct load_ctx *c = vctx;
	lv_history *h = c->h;
	double day;
	if (lv_date_days(date, &day) < 0)
		return 0; /* a malformed stored date: skip that weight */
	if (h->nw == h->capw) {
		size_t cap = h->capw ? 2 * h->capw : 16;
		double *a = mem_realloc(h->w_day, cap * sizeof *a), *b;
		if (!a)
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->w_day = a;
		b = mem_realloc(h->w_kg, cap * sizeof *b);
		if (!b)
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->w_kg = b;
		h->capw = cap;
	}
	h->w_day[h->nw] = day;
	h->w_kg[h->nw] = kg;
	h->nw++;
	return 0;
}

/* The latest weight on or before the day of `day` (weights in date order). */
static int weight_at(const lv_history *h, double day, double *kg)
{
	int found = 0;
	for (size_t i = 0; i < h->nw && h->w_day[i] < floor(day) + 1; i++) {
		*kg = h->w_kg[i];
		found = 1;
	}
	return found;
}

static int limb_row(const lv_limb_info *l, void *vctx)
{
	lv_history *h = vctx;
	if (l->affected == 1) {
		h->has_affected = 1;
		h->affected = l->limb;
	}
	return 0;
}

/* Same visit: same session when both have one, else the same day. */
static int same_visit(const lv_history_row *a, const lv_history_row *b)
{
	if (a->session && b->session)
		return a->session == b->session;
	return strncmp(a->date, b->date, 10) == 0;
}

/* Rows are in date order, so a day's rows are contiguous: scan around i. */
static long find_partner(const lv_history *h, size_t i, lv_limb limb, lv_phase phase,
			 int before_only)
{
	const lv_history_row *r = &h->rows[i];
	long best = -1;
	double best_dt = INFINITY;
	size_t j;

	for (j = i; j-- > 0 && !strncmp(h->rows[j].date, r->date, 10);) {
		const lv_history_row *o = &h->rows[j];
		if (o->limb == limb && o->phase == phase && same_visit(r, o) &&
		    fabs(o->day - r->day) < best_dt) {
			best = (long)j;
			best_dt = fabs(o->day - r->day);
		}
	}
	if (before_only)
		return best;
	for (j = i + 1; j < h->n && !strncmp(h->rows[j].date, r->date, 10); j++) {
		const lv_history_row *o = &h->rows[j];
		if (o->limb == limb && o->phase == phase && same_visit(r, o) &&
		    fabs(o->day - r->day) < best_dt) {
			best = (long)j;
			best_dt = fabs(o->day - r->day);
		}
	}
	return best;
}

static int is_pair_limb(lv_limb a, lv_limb b)
{
	return lv_limb_other(a) == b;
}

static void derive(lv_history *h)
{
	size_t i;
	long base = -1;
	lv_limb other;

	/*
	 * No limb marked: take the larger limb of the pair that differs most.
	 * Not the first pair: a baseline before surgery shows two equal limbs.
	 */
	if (!h->has_affected) {
		double most = -1;
		for (i = 0; i < h->n; i++) {
			long j = find_partner(h, i, lv_limb_other(h->rows[i].limb),
					      h->rows[i].phase, 0);
			double d;
			if (j < 0 || !is_pair_limb(h->rows[i].limb, h->rows[j].limb))
				continue;
			d = fabs(h->rows[i].volume_ml - h->rows[j].volume_ml);
			if (d > most) {
				most = d;
				h->has_affected = 1;
				h->assumed = 1;
				h->affected = h->rows[i].volume_ml >= h->rows[j].volume_ml
					? h->rows[i].limb
					: h->rows[j].limb;
			}
		}
	}
	if (h->has_affected) {
		other = lv_limb_other(h->affected);
		for (i = 0; i < h->n; i++) {
			lv_history_row *r = &h->rows[i];
			long j;
			if (r->limb != h->affected)
				continue;
			j = find_partner(h, i, other, r->phase, 0);
			if (j < 0)
				continue;
			r->pair_id = h->rows[j].id;
			if (lv_excess_ml(r->volume_ml, h->rows[j].volume_ml, &r->ev_ml) < 0 ||
			    lv_pev_percent(r->volume_ml, h->rows[j].volume_ml, &r->pev_percent) < 0)
				continue;
			r->has_pair = 1;
			if (base < 0 && r->phase == LV_PHASE_BASELINE)
				base = (long)i;
		}
		if (base < 0)
			for (i = 0; i < h->n; i++)
				if (h->rows[i].has_pair) {
					base = (long)i;
					break;
				}
		if (base >= 0) {
			const lv_history_row *b = &h->rows[base];
			double a1 = b->volume_ml, u1 = a1 - b->ev_ml;
			h->rows[base].is_baseline_pair = 1;
			for (i = 0; i < h->n; i++) {
				lv_history_row *r = &h->rows[i];
				double rvc;
				if (!r->has_pair || r->day < b->day)
					continue;
				if (lv_rvc(a1, u1, r->volume_ml, r->volume_ml - r->ev_ml, &rvc) ==
				    LV_OK) {
					r->has_rvc = 1;
					r->rvc_percent = rvc * 100.0;
				}
			}
		}
	}
	/* weight-adjusted change of each limb against its baseline */
	if (h->nw)
		for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
			long b = -1;
			double w1, w2, wac;
			for (i = 0; i < h->n; i++)
				if ((int)h->rows[i].limb == l &&
				    h->rows[i].phase == LV_PHASE_BASELINE) {
					b = (long)i;
					break;
				}
			for (i = 0; b < 0 && i < h->n; i++)
				if ((int)h->rows[i].limb == l)
					b = (long)i;
			if (b < 0 || !weight_at(h, h->rows[b].day, &w1))
				continue;
			for (i = (size_t)b; i < h->n; i++) {
				lv_history_row *r = &h->rows[i];
				if ((int)r->limb != l || !weight_at(h, r->day, &w2) ||
				    lv_wac(h->rows[b].volume_ml, w1, r->volume_ml, w2, &wac) < 0)
					continue;
				r->has_wac = 1;
				r->wac_percent = wac * 100.0;
				h->has_wac = 1;
			}
		}
	/* pre -> post of each session and limb */
	for (i = 0; i < h->n; i++) {
		lv_history_row *r = &h->rows[i];
		long j;
		if (r->phase != LV_PHASE_POST)
			continue;
		j = find_partner(h, i, r->limb, LV_PHASE_PRE, 1);
		if (j < 0)
			continue;
		r->pre_id = h->rows[j].id;
		r->change_ml = r->volume_ml - h->rows[j].volume_ml;
		if (lv_volume_change_percent(h->rows[j].volume_ml, r->volume_ml,
					     &r->change_percent) < 0)
			continue;
		r->mdc95_ml = lv_mdc95_pair(h->rows[j].sd_ml, r->sd_ml);
		r->exceeds_mdc = fabs(r->change_ml) > r->mdc95_ml;
		r->has_change = 1;
	}
}

int lv_store_history(lv_store *s, const char *code, lv_history **out)
{
	lv_history *h = NULL;
	struct load_ctx c = { NULL, 0 };
	int64_t patient;
	int ret;

	*out = NULL;
	if ((ret = lv_store_patient_find(s, code, &patient)) < 0)
		return ret;
	h = mem_calloc(1, sizeof *h);
	if (!h)
		return lv_error_set(LV_ENOMEM, "out of memory");
	snprintf(h->patient, sizeof h->patient, "%s", code);
	c.h = h;
	ret = lv_store_each(s, patient, 0, load_row, &c);
	if (ret == 0)
		ret = c.ret;
	if (ret == 0)
		ret = lv_store_each_limb(s, patient, limb_row, h);
	if (ret == 0)
		ret = lv_store_each_weight(s, patient, weight_row, &c);
	if (ret == 0)
		ret = c.ret;
	if (ret < 0) {
		lv_history_free(h);
		return ret;
	}
	derive(h);
	*out = h;
	return LV_OK;
}

void lv_history_free(lv_history *h)
{
	if (!h)
		return;
	mem_free(h->rows);
	mem_free(h->w_day);
	mem_free(h->w_kg);
	mem_free(h);
}

size_t lv_history_count(const lv_history *h)
{
	return h->n;
}

const lv_history_row *lv_history_row_at(const lv_history *h, size_t i)
{
	return i < h->n ? &h->rows[i] : NULL;
}

const char *lv_history_patient(const lv_history *h)
{
	return h->patient;
}

int lv_history_affected(const lv_history *h, lv_limb *limb, int *assumed)
{
	if (!h->has_affected)
		return 0;
	if (limb)
		*limb = h->affected;
	if (assumed)
		*assumed = h->assumed;
	return 1;
}

int lv_history_has_wac(const lv_history *h)
{
	return h->has_wac;
}

int lv_history_has_limb(const lv_history *h, lv_limb limb)
{
	return (unsigned)limb <= LV_LIMB_RIGHT_LEG && (h->limbs >> limb) & 1u;
}
