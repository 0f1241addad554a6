/* Plausibility of tape circumferences: floors and jumps (see plausible.h). */
#include "limbvol/plausible.h"
#include "limbvol/error.h"

#include <math.h>
#include <stdio.h>

lv_limb_kind lv_limb_kind_of(lv_limb limb)
{
	switch (limb) {
	case LV_LIMB_LEFT_ARM:
	case LV_LIMB_RIGHT_ARM:
		return LV_LIMB_KIND_ARM;
	case LV_LIMB_LEFT_LEG:
	case LV_LIMB_RIGHT_LEG:
		return LV_LIMB_KIND_LEG;
	}
	return LV_LIMB_KIND_UNKNOWN;
}

double lv_circumference_floor_cm(lv_limb_kind kind)
{
	return kind == LV_LIMB_KIND_LEG ? LV_FLOOR_LEG_CM : LV_FLOOR_ARM_CM;
}

double lv_jump_ratio_max(double h)
{
	double wide = 1.0 + LV_JUMP_RATIO_PER_CM * h;
	return h <= LV_JUMP_NEAR_CM || wide < LV_JUMP_RATIO ? LV_JUMP_RATIO : wide;
}

int lv_check_floor_cm(lv_limb_kind kind, double c)
{
	double floor_cm = lv_circumference_floor_cm(kind);
	if (c < floor_cm)
		return lv_error_set(LV_EDATA,
				    "circumference %g cm is below %g cm, less than any %s"
				    " (a value in another unit, or a dropped digit?)",
				    c, floor_cm, kind == LV_LIMB_KIND_LEG ? "leg" : "arm");
	return LV_OK;
}

int lv_check_jump_cm(double sa, double ca, double sb, double cb)
{
	double ratio = ca > cb ? ca / cb : cb / ca, max = lv_jump_ratio_max(sb - sa);
	if (!(ratio <= max))
		return lv_error_set(LV_EDATA,
				    "circumference %g cm at site %g cm next to %g cm at site %g cm:"
				    " a jump of x%.1f over %g cm, which no limb has (at most x%.2f;"
				    " a typing slip?)",
				    cb, sb, ca, sa, ratio, sb - sa, max);
	return LV_OK;
}

int lv_check_plausible(lv_limb_kind kind, const double *site, const double *c, size_t n,
		       size_t *where)
{
	size_t i;
	for (i = 0; i < n; i++)
		if (lv_check_floor_cm(kind, c[i]) < 0) {
			if (where)
				*where = i;
			return LV_EDATA;
		}
	for (i = 1; i < n; i++) {
		if (lv_check_jump_cm(site[i - 1], c[i - 1], site[i], c[i]) == LV_OK)
			continue;
		/* 24, 62, 28: the middle one is the slip, not the third */
		if (where)
			*where = i;
		return LV_EDATA;
	}
	return LV_OK;
}

int lv_check_tape_group(const lv_tape_group *g, long *line)
{
	size_t where = 0;
	char msg[sizeof lv_error_last()->message];

	if (lv_check_plausible(lv_limb_kind_of(g->limb), g->site_cm, g->circumference_cm, g->n,
			       &where) == LV_OK)
		return LV_OK;
	snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
	if (line)
		*line = g->first_line + (long)where;
	return lv_error_set(LV_EDATA, "%s, site %g cm: %s", lv_limb_name(g->limb),
			    g->site_cm[where], msg);
}
