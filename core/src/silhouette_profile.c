/*
 * Pairing silhouettes into a widths profile (limbvol/silhouette.h): the
 * front view's samples between two positions, with the side view's widths
 * interpolated at the same positions, for the elliptical-slice model
 * (doc/clinical.md, Volume models).
 */
#include "mem.h"
#include "silhouette_impl.h"
#include "limbvol/error.h"

#include <math.h>
#include <stdlib.h>

/* Positions closer than this (cm) are the same position. */
#define SAME_CM 1e-9

int lv_silhouette_width_at_cm(const lv_silhouette *s, double pos_cm, double *width_cm)
{
	double f, frac;
	size_t i;

	*width_cm = (double)NAN;
	if (!s || !isfinite(pos_cm))
		return lv_error_set(LV_EINVAL, "no silhouette or position");
	if (pos_cm < s->range_from_cm - SAME_CM || pos_cm > s->range_to_cm + SAME_CM)
		return lv_error_set(LV_ERANGE,
				    "position %.2f cm is outside the measured part of the limb "
				    "(%.2f to %.2f cm)",
				    pos_cm, s->range_from_cm, s->range_to_cm);
	f = (pos_cm - s->pos_cm[0]) / s->step_cm;
	i = (size_t)fmax(0, floor(f));
	if (i >= s->n - 1)
		i = s->n > 1 ? s->n - 2 : 0;
	frac = s->n > 1 ? f - (double)i : 0;
	if (frac < 1e-9)
		*width_cm = s->width_cm[i];
	else if (frac > 1 - 1e-9)
		*width_cm = s->width_cm[i + 1];
	else
		*width_cm = s->width_cm[i] + frac * (s->width_cm[i + 1] - s->width_cm[i]);
	if (!isfinite(*width_cm))
		return lv_error_set(LV_EINTERNAL, "no width at %.2f cm inside the range", pos_cm);
	return LV_OK;
}

int lv_silhouette_profile(lv_profile **out, const lv_silhouette *front, const lv_silhouette *side,
			  double from_cm, double to_cm)
{
	double *sites = NULL, *wf = NULL, *ws = NULL, step;
	size_t n = 0, cap, i;
	long k, k0, k1;
	int st;

	*out = NULL;
	if (!front || !isfinite(from_cm) || !isfinite(to_cm))
		return lv_error_set(LV_EINVAL, "no front silhouette or range");
	if (!(from_cm < to_cm))
		return lv_error_set(LV_EINVAL, "range %g..%g cm: from must be below to", from_cm,
				    to_cm);
	if (from_cm < front->range_from_cm - SAME_CM || to_cm > front->range_to_cm + SAME_CM)
		return lv_error_set(LV_ERANGE,
				    "range %.2f..%.2f cm is not inside the front view's measured "
				    "part of the limb (%.2f to %.2f cm)",
				    from_cm, to_cm, front->range_from_cm, front->range_to_cm);
	if (side &&
	    (from_cm < side->range_from_cm - SAME_CM || to_cm > side->range_to_cm + SAME_CM))
		return lv_error_set(LV_ERANGE,
				    "range %.2f..%.2f cm is not inside the side view's measured "
				    "part of the limb (%.2f to %.2f cm)",
				    from_cm, to_cm, side->range_from_cm, side->range_to_cm);
	step = front->step_cm;
	k0 = (long)ceil(from_cm / step);
	k1 = (long)floor(to_cm / step);
	cap = (size_t)(k1 >= k0 ? k1 - k0 + 1 : 0) + 2;
	if (cap > LV_MAX_SITES)
		return lv_error_set(LV_EINVAL,
				    "range %g..%g cm at a step of %g cm gives more than %d sites",
				    from_cm, to_cm, step, LV_MAX_SITES);
	sites = mem_malloc(cap * sizeof *sites);
	wf = mem_malloc(cap * sizeof *wf);
	ws = mem_malloc(cap * sizeof *ws);
	if (!sites || !wf || !ws) {
		st = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	sites[n++] = from_cm;
	for (k = k0; k <= k1; k++) {
		double p = (double)k * step;
		if (p > from_cm + SAME_CM * 1e3 && p < to_cm - SAME_CM * 1e3)
			sites[n++] = p;
	}
	sites[n++] = to_cm;
	for (i = 0; i < n; i++) {
		if ((st = lv_silhouette_width_at_cm(front, sites[i], &wf[i])) < 0)
			goto done;
		if (side && (st = lv_silhouette_width_at_cm(side, sites[i], &ws[i])) < 0)
			goto done;
	}
	st = lv_profile_new_widths(out, sites, wf, side ? ws : NULL, n);
done:
	mem_free(sites);
	mem_free(wf);
	mem_free(ws);
	return st;
}
