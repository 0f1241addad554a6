/*
 * A patient's history: every measurement with the clinical metrics that
 * follow from it (doc/clinical.md, Metrics and Measurement error):
 *   EV = A - U and PEV = (A - U) / U x 100 for the affected limb A against
 *   the other limb U measured in the same session (or on the same day) and
 *   phase; RVC = (A2 U1) / (U2 A1) - 1 against the baseline pair
 *   (Ancukiewicz 2011); for each post measurement the change from the pre
 *   measurement of the same session, which is real when it exceeds
 *   MDC95 = 1.96 sqrt(sd_pre^2 + sd_post^2), or for two photos with a repeat
 *   sd 1.96 sqrt(repeat_pre^2 + repeat_post^2) (doc/clinical.md, "A change
 *   of photo volume").
 */
#include "mem.h"
#include "store_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/assess.h"
#include "limbvol/metrics.h"

struct lv_history {
	char patient[LV_STORE_MAX_CODE + 1];
	lv_history_row *rows;
	lv_assess_limb *limb; /* per row: its profile, model and reading sd */
	lv_volume *measured; /* per row: the stored volume over its whole range */
	long *pair; /* per row: the row of the other limb it was compared with */
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
		lv_assess_limb *l;
		lv_volume *mv;
		long *pr;
		if (!p)
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->rows = p;
		if (!(l = mem_realloc(h->limb, cap * sizeof *l)))
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->limb = l;
		if (!(mv = mem_realloc(h->measured, cap * sizeof *mv)))
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->measured = mv;
		if (!(pr = mem_realloc(h->pair, cap * sizeof *pr)))
			return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
		h->pair = pr;
		h->cap = cap;
	}
	/* the profile: volumes are re-taken over the range two measurements share */
	h->limb[h->n].model = r->model;
	h->limb[h->n].reading_sd_cm = r->reading_sd_cm;
	h->limb[h->n].profile = NULL;
	h->pair[h->n] = -1;
	h->limb[h->n].measured = NULL;
	h->limb[h->n].repeat_rel_sd =
		r->method == LV_METHOD_PHOTO && r->repeat_sd_ml > 0 && r->volume_ml > 0
		? r->repeat_sd_ml / r->volume_ml
		: 0;
	h->limb[h->n].camera_distance_cm = r->camera_distance_cm;
	h->limb[h->n].views = r->views;
	if ((r->width_side_cm
		     ? lv_profile_new_widths((lv_profile **)&h->limb[h->n].profile, r->site_cm,
					     r->circumference_cm, r->width_side_cm, r->n)
		     : lv_profile_new((lv_profile **)&h->limb[h->n].profile, r->site_cm,
				      r->circumference_cm, r->n)) < 0)
		return c->ret = lv_error_set(LV_EDB, "measurement %lld: %s", (long long)r->id,
					     lv_error_last()->message);
	lv_volume_range(h->limb[h->n].profile, r->model, &h->measured[h->n].from_cm,
			&h->measured[h->n].to_cm);
	h->measured[h->n].volume_ml = r->volume_ml;
	h->measured[h->n].sd_ml = r->sd_ml;
	row = &h->rows[h->n];
	memset(row, 0, sizeof *row);
	row->id = r->id;
	snprintf(row->date, sizeof row->date, "%s", r->date);
	if (lv_date_days(r->date, &row->day) < 0) {
		/* row n is not counted: its profile is freed here (found by fuzz_store) */
		lv_profile_free((lv_profile *)h->limb[h->n].profile);
		h->limb[h->n].profile = NULL;
		return c->ret = lv_error_set(LV_EDB, "measurement %lld has a malformed date",
					     (long long)r->id);
	}
	row->session = r->session;
	row->session_kind = r->session_kind;
	row->limb = r->limb;
	row->phase = r->phase;
	row->method = r->method;
	row->volume_ml = r->volume_ml;
	row->sd_ml = r->sd_ml;
	row->repeat_sd_ml = r->repeat_sd_ml;
	row->camera_distance_cm = r->camera_distance_cm;
	row->views = r->views;
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

/* Assess row i (A) against row j (U) and, when given, the baseline pair. */
static int assess_pair(const lv_history *h, size_t i, long j, long base, long base_other,
		       lv_assessment *a)
{
	lv_assess_input in;
	lv_assess_input_init(&in);
	in.limb = h->limb[i];
	in.other = h->limb[j];
	if (base >= 0 && base_other >= 0) {
		in.base_limb = h->limb[base];
		in.base_other = h->limb[base_other];
	}
	return lv_assess(&in, a);
}

/*
 * EV and PEV of each measurement of the affected limb against the other
 * limb's at the same visit, and RVC against the baseline pair (the first
 * compared pair of phase baseline, else the first), all over common ranges.
 */
static void derive_pairs(lv_history *h)
{
	lv_limb other = lv_limb_other(h->affected);
	long base = -1, base_other = -1;
	lv_assessment a;
	size_t i;

	for (i = 0; i < h->n; i++) {
		lv_history_row *r = &h->rows[i];
		long j;
		if (r->limb != h->affected || (j = find_partner(h, i, other, r->phase, 0)) < 0)
			continue;
		r->pair_id = h->rows[j].id;
		if (assess_pair(h, i, j, -1, -1, &a) < 0) {
			lv_error_clear();
			continue;
		}
		r->compare_from_cm = a.compare_from_cm;
		r->compare_to_cm = a.compare_to_cm;
		snprintf(r->note, sizeof r->note, "%s", a.note);
		if (!a.compared)
			continue;
		r->has_pair = 1;
		r->ev_ml = a.excess_ml;
		r->pev_percent = a.pev_percent;
		h->pair[i] = j;
		if (r->phase == LV_PHASE_BASELINE && base < 0) {
			base = (long)i;
			base_other = j;
		}
	}
	for (i = 0; base < 0 && i < h->n; i++)
		if (h->rows[i].has_pair) {
			base = (long)i;
			base_other = h->pair[i];
		}
	if (base < 0)
		return;
	h->rows[base].is_baseline_pair = 1;
	for (i = 0; i < h->n; i++) {
		lv_history_row *r = &h->rows[i];
		if (!r->has_pair || r->day < h->rows[base].day)
			continue;
		if (assess_pair(h, i, h->pair[i], base, base_other, &a) == LV_OK && a.has_rvc) {
			r->has_rvc = 1;
			r->rvc_percent = a.rvc_percent;
			r->rvc_from_cm = a.rvc_from_cm;
			r->rvc_to_cm = a.rvc_to_cm;
			r->rvc_narrowed = a.rvc_from_cm > r->compare_from_cm + 1e-9 ||
				a.rvc_to_cm < r->compare_to_cm - 1e-9;
		}
		lv_error_clear();
	}
}

/* The change's range is shorter than the limb's own (its first to last site). */
static int narrower(const lv_assess_limb *l, const lv_assessment *a)
{
	size_t n = lv_profile_count(l->profile);
	return n &&
		(a->change_from_cm > lv_profile_site_cm(l->profile, 0) + 1e-9 ||
		 a->change_to_cm < lv_profile_site_cm(l->profile, n - 1) - 1e-9);
}

/* Each post measurement against the pre of the same limb and session. */
static void derive_sessions(lv_history *h)
{
	for (size_t i = 0; i < h->n; i++) {
		lv_history_row *r = &h->rows[i];
		lv_assess_input in;
		lv_assessment a;
		long j;
		if (r->phase != LV_PHASE_POST)
			continue;
		j = find_partner(h, i, r->limb, LV_PHASE_PRE, 1);
		if (j < 0)
			continue;
		r->pre_id = h->rows[j].id;
		lv_assess_input_init(&in);
		in.limb = h->limb[i];
		in.base_limb = h->limb[j];
		if (lv_assess(&in, &a) < 0 || !a.has_change) {
			lv_error_clear();
			if (!r->note[0])
				snprintf(r->note, sizeof r->note, "%s", a.note);
			continue;
		}
		r->change_ml = a.change_ml;
		r->change_percent = a.change_percent;
		r->mdc95_ml = a.change_threshold_ml;
		r->exceeds_mdc = a.change_significant;
		r->change_repeat_sd = a.change_repeat_sd;
		r->change_not_alike = a.change_not_alike;
		r->change_from_cm = a.change_from_cm;
		r->change_to_cm = a.change_to_cm;
		r->change_narrowed = narrower(&h->limb[i], &a) || narrower(&h->limb[j], &a);
		r->has_change = 1;
	}
}

/*
 * No limb marked: take the larger limb of the pair that differs most.  Not
 * the first pair: a baseline before surgery shows two equal limbs.
 */
static void assume_affected(lv_history *h)
{
	double most = -1;
	for (size_t i = 0; i < h->n; i++) {
		long j = find_partner(h, i, lv_limb_other(h->rows[i].limb), h->rows[i].phase, 0);
		lv_assessment a;
		if (j < 0 || !is_pair_limb(h->rows[i].limb, h->rows[j].limb))
			continue;
		/* like with like: the difference over the range both cover */
		if (assess_pair(h, i, j, -1, -1, &a) < 0 || !a.compared) {
			lv_error_clear();
			continue;
		}
		if (fabs(a.excess_ml) > most) {
			most = fabs(a.excess_ml);
			h->has_affected = 1;
			h->assumed = 1;
			h->affected = a.excess_ml >= 0 ? h->rows[i].limb : h->rows[j].limb;
		}
	}
}

/* The weight-adjusted change of each row of limb l against its baseline
 * (the limb's first baseline measurement, else its first). */
static void derive_wac_limb(lv_history *h, lv_limb l)
{
	long b = -1;
	double w1, w2, wac;
	size_t i;
	for (i = 0; i < h->n; i++)
		if (h->rows[i].limb == l && h->rows[i].phase == LV_PHASE_BASELINE) {
			b = (long)i;
			break;
		}
	for (i = 0; b < 0 && i < h->n; i++)
		if (h->rows[i].limb == l)
			b = (long)i;
	if (b < 0 || !weight_at(h, h->rows[b].day, &w1))
		return;
	for (i = (size_t)b; i < h->n; i++) {
		lv_history_row *r = &h->rows[i];
		if (r->limb != l || !weight_at(h, r->day, &w2) ||
		    lv_wac(h->rows[b].volume_ml, w1, r->volume_ml, w2, &wac) < 0)
			continue;
		r->has_wac = 1;
		r->wac_percent = wac * 100.0;
		h->has_wac = 1;
	}
}

static void derive(lv_history *h)
{
	if (!h->has_affected)
		assume_affected(h);
	if (h->has_affected)
		derive_pairs(h);
	if (h->nw)
		for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++)
			derive_wac_limb(h, (lv_limb)l);
	derive_sessions(h);
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
	ret = lv_store_each(s, patient, 1, load_row, &c);
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
	for (size_t i = 0; i < h->n; i++) /* the arrays no longer move */
		h->limb[i].measured = &h->measured[i];
	derive(h);
	*out = h;
	return LV_OK;
}

void lv_history_free(lv_history *h)
{
	if (!h)
		return;
	for (size_t i = 0; i < h->n; i++)
		lv_profile_free((lv_profile *)h->limb[i].profile);
	mem_free(h->limb);
	mem_free(h->measured);
	mem_free(h->pair);
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

const lv_profile *lv_history_profile(const lv_history *h, size_t i)
{
	return i < h->n ? h->limb[i].profile : NULL;
}

lv_model lv_history_model(const lv_history *h, size_t i)
{
	return i < h->n ? h->limb[i].model : LV_MODEL_FRUSTUM;
}

const lv_assess_limb *lv_history_limb(const lv_history *h, size_t i)
{
	return i < h->n ? &h->limb[i] : NULL;
}
