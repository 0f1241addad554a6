/*
 * The measuring points of a made-to-measure compression garment on a limb
 * profile (limbvol/garment.h; the points and their sources in
 * doc/clinical.md, Compression garments).
 */
#include "limbvol/garment.h"
#include "limbvol/error.h"
#include "limbvol/volume.h"

#include <ctype.h>
#include <math.h>
#include <string.h>

/* RAL-GZ 387/1: the leg, distal to proximal. */
static const lv_garment_point_def leg[] = {
	{ "cA", "", "foot, around the metatarsal heads", 0, 0 },
	{ "cY", "", "heel and instep, diagonally (foot at 90 degrees)", 0, 0 },
	{ "cB", "lB", "ankle, at its narrowest above the malleoli", 1, 1 },
	{ "cB1", "lB1", "where the Achilles tendon meets the calf muscle", 1, 0 },
	{ "cC", "lC", "calf, at its widest", 1, 1 },
	{ "cD", "lD", "below the knee, at its narrowest", 1, 1 },
	{ "cE", "lE", "middle of the knee (kneecap)", 1, 0 },
	{ "cF", "lF", "mid-thigh, halfway between cE and cG", 1, 0 },
	{ "cG", "lG", "top of the thigh, below the crotch", 1, 0 },
};

/* RAL-GZ 387/2: the arm, distal to proximal. */
static const lv_garment_point_def arm[] = {
	{ "cA", "", "hand, around the metacarpal heads (for a gauntlet)", 0, 0 },
	{ "cC", "lC", "wrist, at its narrowest", 1, 1 },
	{ "cD", "lD", "forearm, at its widest", 1, 1 },
	{ "cE", "lE", "elbow (at the crease, arm slightly bent)", 1, 0 },
	{ "cF", "lF", "mid upper arm, halfway between cE and cG", 1, 0 },
	{ "cG", "lG", "upper arm below the axilla", 1, 0 },
};

int lv_garment_init(lv_garment *g, lv_limb_kind kind)
{
	memset(g, 0, sizeof *g);
	if (kind == LV_LIMB_KIND_LEG) {
		g->def = leg;
		g->n = sizeof leg / sizeof leg[0];
	} else if (kind == LV_LIMB_KIND_ARM) {
		g->def = arm;
		g->n = sizeof arm / sizeof arm[0];
	} else {
		return lv_error_set(LV_EINVAL, "a garment is for an arm or a leg");
	}
	g->kind = kind;
	for (size_t i = 0; i < g->n; i++)
		g->v[i].pos_cm = g->v[i].circ_cm = NAN;
	return LV_OK;
}

int lv_garment_index(const lv_garment *g, const char *name)
{
	for (size_t i = 0; i < g->n; i++)
		if (tolower((unsigned char)name[0]) == 'c' && !strcmp(name + 1, g->def[i].name + 1))
			return (int)i;
	return -1;
}

/* The places searched: the tape sites, or every LV_GARMENT_STEP_CM of a photo. */
struct scan {
	const lv_profile *p;
	double from, to, step;
	size_t n;
};

static void scan_init(struct scan *s, const lv_profile *p)
{
	s->p = p;
	lv_volume_range(p, LV_MODEL_FRUSTUM, &s->from, &s->to);
	if (lv_profile_has_widths(p)) {
		s->step = LV_GARMENT_STEP_CM;
		s->n = (size_t)floor((s->to - s->from) / s->step + 1e-9) + 1;
	} else {
		s->step = 0;
		s->n = lv_profile_count(p);
	}
}

static void scan_at(const struct scan *s, size_t i, double *pos, double *circ)
{
	if (s->step > 0) {
		*pos = fmin(s->from + (double)i * s->step, s->to);
		if (lv_profile_circumference_at(s->p, *pos, circ) < 0) {
			lv_error_clear();
			*circ = NAN;
		}
	} else {
		*pos = lv_profile_site_cm(s->p, i);
		*circ = lv_profile_circumference_cm(s->p, i);
	}
}

/*
 * The first widest place above index lo that the limb narrows after by at
 * least LV_GARMENT_DIP_CM, and the narrowest place after it before the limb
 * widens again (the calf and below the knee; the forearm): 1 when found.
 */
static int bulge(const struct scan *s, size_t lo, size_t *top, size_t *waist)
{
	double best = -INFINITY, low = INFINITY, pos, c;
	size_t bi = lo, wi = lo;
	int dipped = 0;

	for (size_t i = lo; i < s->n; i++) {
		scan_at(s, i, &pos, &c);
		if (!dipped && c > best) {
			best = c;
			bi = i;
			low = c;
			wi = i;
		} else if (!dipped && c <= best - LV_GARMENT_DIP_CM) {
			dipped = 1;
		}
		if (c < low) {
			low = c;
			wi = i;
		}
		if (dipped && c >= low + LV_GARMENT_DIP_CM)
			break; /* widening again: the thigh, the upper arm */
	}
	if (!dipped)
		return 0;
	*top = bi;
	*waist = wi;
	return 1;
}

/* The narrowest place from the start of the profile up to index hi. */
static size_t narrowest(const struct scan *s, size_t hi)
{
	double low = INFINITY, pos, c;
	size_t li = 0;
	for (size_t i = 0; i <= hi && i < s->n; i++) {
		scan_at(s, i, &pos, &c);
		if (c < low) {
			low = c;
			li = i;
		}
	}
	return li;
}

static void set_found(const struct scan *s, lv_garment_value *v, size_t i)
{
	if (v->how != LV_GARMENT_MISSING)
		return;
	scan_at(s, i, &v->pos_cm, &v->circ_cm);
	v->how = LV_GARMENT_FOUND;
}

/* The shape's points: the narrowest below the first bulge, its top and waist. */
static void find_shape(lv_garment *g, const struct scan *s)
{
	int lo = lv_garment_index(g, g->kind == LV_LIMB_KIND_LEG ? "cB" : "cC");
	int top = lo + (g->kind == LV_LIMB_KIND_LEG ? 2 : 1), waist = top + 1;
	size_t t, w, b;

	if (g->kind == LV_LIMB_KIND_ARM)
		waist = -1; /* the arm's next point, cE, is a landmark */
	/* the bulge is searched from the narrowest place of the lower half */
	b = narrowest(s, s->n / 2);
	if (!bulge(s, b, &t, &w))
		return;
	b = narrowest(s, t);
	set_found(s, &g->v[lo], b);
	set_found(s, &g->v[top], t);
	if (waist >= 0)
		set_found(s, &g->v[waist], w);
}

static int read_off(lv_garment_value *v, const lv_profile *p, const char *name)
{
	if (lv_profile_circumference_at(p, v->pos_cm, &v->circ_cm) < 0) {
		double a, b;
		lv_error_clear();
		lv_volume_range(p, LV_MODEL_FRUSTUM, &a, &b);
		return lv_error_set(LV_ERANGE,
				    "%s at %g cm is outside the measured limb (%g to %g cm):"
				    " give its circumference too",
				    name, v->pos_cm, a, b);
	}
	return LV_OK;
}

int lv_garment_fill(lv_garment *g, const lv_profile *p)
{
	struct scan s;
	int f = lv_garment_index(g, "cF"), e = lv_garment_index(g, "cE"),
	    top = lv_garment_index(g, "cG");
	int st;

	scan_init(&s, p);
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].how == LV_GARMENT_AT &&
		    (st = read_off(&g->v[i], p, g->def[i].name)) < 0)
			return st;
	if (s.n >= 3)
		find_shape(g, &s);
	if (g->v[f].how == LV_GARMENT_MISSING && g->v[e].how != LV_GARMENT_MISSING &&
	    g->v[top].how != LV_GARMENT_MISSING && !isnan(g->v[e].pos_cm) &&
	    !isnan(g->v[top].pos_cm)) {
		g->v[f].pos_cm = (g->v[e].pos_cm + g->v[top].pos_cm) / 2;
		if ((st = read_off(&g->v[f], p, "cF")) < 0)
			return st;
		g->v[f].how = LV_GARMENT_HALFWAY;
	}
	return LV_OK;
}
