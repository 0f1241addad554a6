/*
 * The clinical assessment of one measurement over the range both limbs
 * share (see assess.h; definitions in metrics.h, sources in
 * doc/clinical.md).
 */
#include "limbvol/assess.h"
#include "limbvol/error.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

void lv_assess_input_init(lv_assess_input *in)
{
	memset(in, 0, sizeof *in);
	in->limb.model = in->other.model = in->base_limb.model = in->base_other.model =
		LV_MODEL_FRUSTUM;
	in->limb.reading_sd_cm = in->other.reading_sd_cm = in->base_limb.reading_sd_cm =
		in->base_other.reading_sd_cm = LV_DEFAULT_TAPE_SD_CM;
	in->from_cm = in->to_cm = NAN;
	in->min_common_cm = LV_ASSESS_MIN_COMMON_CM;
}

int lv_common_range(const lv_assess_limb *a, const lv_assess_limb *b, double *from, double *to)
{
	double a0, a1, b0, b1;
	lv_volume_range(a->profile, a->model, &a0, &a1);
	lv_volume_range(b->profile, b->model, &b0, &b1);
	*from = fmax(a0, b0);
	*to = fmin(a1, b1);
	return *from < *to;
}

int lv_assess_volume_over(const lv_assess_limb *l, double from, double to, lv_volume *v)
{
	double a, b;
	int st;

	lv_volume_range(l->profile, l->model, &a, &b);
	if (l->measured && fabs(a - from) < 1e-9 && fabs(b - to) < 1e-9) {
		*v = *l->measured;
		return LV_OK;
	}
	st = lv_volume_between(l->profile, l->model, from, to, l->reading_sd_cm, v);
	return st;
}

/* The range to compare a and b over, or 0 with a note why there is none. */
static int compare_range(const lv_assess_input *in, const lv_assess_limb *a,
			 const lv_assess_limb *b, const char *what, double *from, double *to,
			 lv_assessment *out)
{
	double a0, a1, b0, b1;
	int common = lv_common_range(a, b, from, to);

	if (!isnan(in->from_cm)) {
		lv_volume_range(a->profile, a->model, &a0, &a1);
		lv_volume_range(b->profile, b->model, &b0, &b1);
		*from = in->from_cm;
		*to = in->to_cm;
		if (*from < fmax(a0, b0) - 1e-9 || *to > fmin(a1, b1) + 1e-9) {
			if (!out->note[0])
				snprintf(out->note, sizeof out->note,
					 "no %s: %g to %g cm is not covered by both measurements"
					 " (%g-%g and %g-%g cm)",
					 what, *from, *to, a0, a1, b0, b1);
			return 0;
		}
		return 1;
	}
	if (!common) {
		if (!out->note[0])
			snprintf(out->note, sizeof out->note,
				 "no %s: the measurements share no range", what);
		return 0;
	}
	lv_volume_range(a->profile, a->model, &a0, &a1);
	lv_volume_range(b->profile, b->model, &b0, &b1);
	if (fabs(a0 - b0) < 1e-9 && fabs(a1 - b1) < 1e-9)
		return 1; /* measured over the same range: compared whatever its length */
	if (*to - *from < in->min_common_cm - 1e-9) {
		if (!out->note[0])
			snprintf(out->note, sizeof out->note,
				 "no %s: the range both measurements cover, %g to %g cm, is"
				 " shorter than %g cm",
				 what, *from, *to, in->min_common_cm);
		return 0;
	}
	return 1;
}

/* The sites of the limb inside the range, against the other limb there. */
static void site_differences(const lv_assess_input *in, lv_assessment *out)
{
	const lv_profile *p = in->limb.profile, *o = in->other.profile;
	for (size_t i = 0; i < lv_profile_count(p); i++) {
		double s = lv_profile_site_cm(p, i), c;
		if (s < out->compare_from_cm - 1e-9 || s > out->compare_to_cm + 1e-9 ||
		    lv_profile_circumference_at(o, s, &c) < 0) {
			lv_error_clear();
			continue;
		}
		c = fabs(lv_profile_circumference_cm(p, i) - c);
		out->n_sites_compared++;
		out->n_flagged += c >= LV_SITE_DIFF_FLAG_CM;
		if (c > out->max_site_diff_cm)
			out->max_site_diff_cm = c;
	}
}

static void inter_limb(const lv_assess_input *in, lv_assessment *out)
{
	double from, to, a0, a1, b0, b1;

	if (!compare_range(in, &in->limb, &in->other, "inter-limb figures", &from, &to, out) ||
	    lv_assess_volume_over(&in->limb, from, to, &out->limb_compared) < 0 ||
	    lv_assess_volume_over(&in->other, from, to, &out->other_compared) < 0 ||
	    lv_pev_percent(out->limb_compared.volume_ml, out->other_compared.volume_ml,
			   &out->pev_percent) < 0 ||
	    lv_pev_percent(out->other_compared.volume_ml, out->limb_compared.volume_ml,
			   &out->other_pev_percent) < 0) {
		lv_error_clear();
		return;
	}
	out->compared = 1;
	out->compare_from_cm = from;
	out->compare_to_cm = to;
	lv_volume_range(in->limb.profile, in->limb.model, &a0, &a1);
	lv_volume_range(in->other.profile, in->other.model, &b0, &b1);
	out->range_narrowed = isnan(in->from_cm) &&
		(fabs(a0 - from) > 1e-9 || fabs(a1 - to) > 1e-9 || fabs(b0 - from) > 1e-9 ||
		 fabs(b1 - to) > 1e-9);
	out->excess_ml = out->limb_compared.volume_ml - out->other_compared.volume_ml;
	out->excess_sd_ml = hypot(out->limb_compared.sd_ml, out->other_compared.sd_ml);
	out->threshold_ml = lv_mdc95_pair(out->limb_compared.sd_ml, out->other_compared.sd_ml);
	out->significant = fabs(out->excess_ml) > out->threshold_ml;
	out->pev_class = lv_pev_class_of(out->pev_percent);
	out->has_severity = out->pev_percent > 0;
	out->severity = lv_severity_of(out->pev_percent);
	site_differences(in, out);
}

/* Two photo sets taken alike: the same number of views, camera distances
 * within LV_ALIKE_DISTANCE_REL of each other; a distance or a number of
 * views not known is not alike (assess.h). */
static int taken_alike(const lv_assess_limb *a, const lv_assess_limb *b)
{
	double da = a->camera_distance_cm, db = b->camera_distance_cm;
	/* each known on its own: fmin and fmax would pass a NaN over */
	if (!(a->views > 0 && a->views == b->views && da > 0 && db > 0 && isfinite(da) &&
	      isfinite(db)))
		return 0;
	return fmax(da, db) <= fmin(da, db) * (1 + LV_ALIKE_DISTANCE_REL);
}

static void change(const lv_assess_input *in, lv_assessment *out)
{
	double from, to;
	lv_volume now;

	if (!compare_range(in, &in->limb, &in->base_limb, "change of volume", &from, &to, out) ||
	    lv_assess_volume_over(&in->limb, from, to, &now) < 0 ||
	    lv_assess_volume_over(&in->base_limb, from, to, &out->base_compared) < 0 ||
	    lv_volume_change_percent(out->base_compared.volume_ml, now.volume_ml,
				     &out->change_percent) < 0) {
		lv_error_clear();
		return;
	}
	out->has_change = 1;
	out->change_from_cm = from;
	out->change_to_cm = to;
	out->change_ml = now.volume_ml - out->base_compared.volume_ml;
	/* two photos of the same limb taken the same way: what they share
	 * cancels in the change, the repeat sd is what does not (clinical.md) */
	out->change_repeat_sd = in->limb.repeat_rel_sd > 0 && in->base_limb.repeat_rel_sd > 0;
	if (out->change_repeat_sd && !taken_alike(&in->limb, &in->base_limb)) {
		out->change_repeat_sd = 0;
		out->change_not_alike = 1;
	}
	out->change_threshold_ml = out->change_repeat_sd
		? lv_mdc95_pair(now.volume_ml * in->limb.repeat_rel_sd,
				out->base_compared.volume_ml * in->base_limb.repeat_rel_sd)
		: lv_mdc95_pair(now.sd_ml, out->base_compared.sd_ml);
	out->change_significant = fabs(out->change_ml) > out->change_threshold_ml;
}

/* 1 when the n limbs cover exactly the same range. */
static int same_ranges(const lv_assess_limb *const *l, int n)
{
	double a0, a1, b0, b1;
	lv_volume_range(l[0]->profile, l[0]->model, &a0, &a1);
	for (int i = 1; i < n; i++) {
		lv_volume_range(l[i]->profile, l[i]->model, &b0, &b1);
		if (fabs(a0 - b0) > 1e-9 || fabs(a1 - b1) > 1e-9)
			return 0;
	}
	return 1;
}

/* RVC over the range all four measurements cover. */
static void rvc(const lv_assess_input *in, lv_assessment *out)
{
	const lv_assess_limb *l[4] = { &in->limb, &in->other, &in->base_limb, &in->base_other };
	lv_volume v[4];
	double from = -INFINITY, to = INFINITY, rvc;
	int i;

	for (i = 0; i < 4; i++) {
		double a, b;
		lv_volume_range(l[i]->profile, l[i]->model, &a, &b);
		from = fmax(from, a);
		to = fmin(to, b);
	}
	if (!isnan(in->from_cm)) {
		if (in->from_cm < from - 1e-9 || in->to_cm > to + 1e-9)
			return;
		from = in->from_cm;
		to = in->to_cm;
	} else if (!(to - from >= in->min_common_cm - 1e-9) && !same_ranges(l, 4)) {
		if (!out->note[0])
			snprintf(out->note, sizeof out->note,
				 "no RVC: the range the visit and the baseline share is shorter"
				 " than %g cm",
				 in->min_common_cm);
		return;
	}
	for (i = 0; i < 4; i++)
		if (lv_assess_volume_over(l[i], from, to, &v[i]) < 0) {
			lv_error_clear();
			return;
		}
	if (lv_rvc(v[2].volume_ml, v[3].volume_ml, v[0].volume_ml, v[1].volume_ml, &rvc) < 0) {
		lv_error_clear();
		return;
	}
	out->has_rvc = 1;
	out->rvc_from_cm = from;
	out->rvc_to_cm = to;
	out->rvc_percent = rvc * 100.0;
	out->rvc_class = lv_pev_class_of(out->rvc_percent);
}

int lv_assess(const lv_assess_input *in, lv_assessment *out)
{
	double from = in->from_cm, to = in->to_cm;
	int st;

	memset(out, 0, sizeof *out);
	if (!in->limb.profile)
		return lv_error_set(LV_EINVAL, "lv_assess: no limb to assess");
	if (isnan(from) != isnan(to) || (!isnan(from) && !(from < to)))
		return lv_error_set(LV_EINVAL, "lv_assess: from_cm must be below to_cm");
	if (isnan(from))
		lv_volume_range(in->limb.profile, in->limb.model, &from, &to);
	if ((st = lv_volume_between(in->limb.profile, in->limb.model, from, to,
				    in->limb.reading_sd_cm, &out->volume)) < 0)
		return st;
	/* the measured volume when given; else the profile's, taken above */
	if (lv_assess_volume_over(&in->limb, from, to, &out->volume) < 0)
		lv_error_clear();
	out->has_other = in->other.profile != NULL;
	if (out->has_other) {
		double o0 = in->from_cm, o1 = in->to_cm;
		if (isnan(o0))
			lv_volume_range(in->other.profile, in->other.model, &o0, &o1);
		if (lv_assess_volume_over(&in->other, o0, o1, &out->other_volume) < 0) {
			lv_error_clear();
			lv_volume_total(in->other.profile, in->other.model, in->other.reading_sd_cm,
					&out->other_volume);
		}
		inter_limb(in, out);
	}
	if (in->base_limb.profile)
		change(in, out);
	if (out->compared && in->base_limb.profile && in->base_other.profile)
		rvc(in, out);
	return LV_OK;
}
