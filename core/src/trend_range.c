/*
 * The range a trend plots each limb's volumes over: the range every plotted
 * measurement of that limb covers, each volume re-taken there from its
 * profile (lv_assess_volume_over, as history compares).  When that range is
 * shorter than LV_ASSESS_MIN_COMMON_CM, the largest set of measurements
 * sharing that much is kept and the others are left out (doc/clinical.md,
 * "Trend over a common range").
 */
#include "mem.h"
#include "trend_impl.h"

#include <math.h>

#include "limbvol/error.h"

#define EPS_CM 1e-9

static void own_range(const lv_history *h, size_t i, double *a, double *b)
{
	const lv_assess_limb *l = lv_history_limb(h, i);
	lv_volume_range(l->profile, l->model, a, b);
}

/* The rows of limb l covering [a, a + len]: their count and common range. */
static size_t covering(const lv_history *h, lv_limb l, double a, double len, double *from,
		       double *to)
{
	size_t n = lv_history_count(h), k = 0;
	*from = -INFINITY;
	*to = INFINITY;
	for (size_t i = 0; i < n; i++) {
		double a0, b0;
		if (lv_history_row_at(h, i)->limb != l)
			continue;
		own_range(h, i, &a0, &b0);
		if (a0 > a + EPS_CM || b0 < a + len - EPS_CM)
			continue;
		*from = fmax(*from, a0);
		*to = fmin(*to, b0);
		k++;
	}
	return k;
}

/*
 * The range of limb l: every measurement's common range when it is at least
 * len = min(LV_ASSESS_MIN_COMMON_CM, the longest measurement) long, else the
 * common range of the most measurements that share len (ties: the longer
 * range, then the lower start).
 */
static void limb_range(lv_trend *t, lv_limb l, struct trend_range *r)
{
	const lv_history *h = t->h;
	size_t n = lv_history_count(h), best = 0;
	double len = 0, a, b, from, to;

	for (size_t i = 0; i < n; i++)
		if (lv_history_row_at(h, i)->limb == l) {
			own_range(h, i, &a, &b);
			len = fmax(len, b - a);
		}
	len = fmin(len, LV_ASSESS_MIN_COMMON_CM);
	for (size_t i = 0; i < n; i++) {
		size_t k;
		if (lv_history_row_at(h, i)->limb != l)
			continue;
		own_range(h, i, &a, &b);
		k = covering(h, l, a, len, &from, &to);
		if (k > best || (k == best && k && to - from > r->to_cm - r->from_cm + EPS_CM)) {
			best = k;
			r->from_cm = from;
			r->to_cm = to;
		}
	}
	r->has = best > 0;
}

int trend_ranges(lv_trend *t)
{
	const lv_history *h = t->h;
	size_t n = lv_history_count(h);

	t->pt = mem_calloc(n ? n : 1, sizeof *t->pt);
	t->left_out = mem_calloc(n ? n : 1, 1);
	if (!t->pt || !t->left_out)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++)
		limb_range(t, (lv_limb)l, &t->range[l]);
	for (size_t i = 0; i < n; i++) {
		const lv_history_row *row = lv_history_row_at(h, i);
		struct trend_range *r = &t->range[row->limb];
		double a, b;
		own_range(h, i, &a, &b);
		if (a > r->from_cm + EPS_CM || b < r->to_cm - EPS_CM ||
		    lv_assess_volume_over(lv_history_limb(h, i), r->from_cm, r->to_cm, &t->pt[i]) <
			    0) {
			lv_error_clear();
			t->left_out[i] = 1;
			r->n_left_out++;
			continue;
		}
		r->narrowed |= fabs(a - r->from_cm) > EPS_CM || fabs(b - r->to_cm) > EPS_CM;
	}
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++)
		t->range_line |= t->range[l].narrowed || t->range[l].n_left_out;
	return LV_OK;
}

int lv_trend_point(const lv_trend *t, size_t i, lv_volume *v)
{
	if (i >= lv_history_count(t->h) || t->left_out[i])
		return 0;
	*v = t->pt[i];
	return 1;
}

int lv_trend_range_of(const lv_trend *t, lv_limb limb, lv_trend_range *out)
{
	const struct trend_range *r;
	if ((int)limb < 0 || limb > LV_LIMB_RIGHT_LEG || !t->range[limb].has)
		return 0;
	r = &t->range[limb];
	out->from_cm = r->from_cm;
	out->to_cm = r->to_cm;
	out->narrowed = r->narrowed;
	out->n_left_out = r->n_left_out;
	return 1;
}
