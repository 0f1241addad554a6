/*
 * Volume models.  All three work on the two widths (p, q) of each site: a
 * tape profile has p = q = C/pi, for which the elliptical-slice formula is
 * exactly the frustum formula (doc/clinical.md, Volume models).  The uncertainty
 * is propagated from the readings actually taken: one circumference per site
 * for tape, one width (one view) or two widths (two views) for photos.
 */
#include "mem.h"
#include "profile_impl.h"
#include "limbvol/volume.h"
#include "limbvol/error.h"

#include <gsl/gsl_math.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int lv_model_parse(const char *name, lv_model *out)
{
	if (!strcmp(name, "frustum") || !strcmp(name, "cone"))
		*out = LV_MODEL_FRUSTUM;
	else if (!strcmp(name, "disc") || !strcmp(name, "disk"))
		*out = LV_MODEL_DISC;
	else if (!strcmp(name, "ellipse"))
		*out = LV_MODEL_ELLIPSE;
	else
		return lv_error_set(LV_EINVAL,
				    "unknown model '%.40s' (expected frustum, disc or ellipse)",
				    name);
	return LV_OK;
}

const char *lv_model_name(lv_model m)
{
	switch (m) {
	case LV_MODEL_FRUSTUM:
		return "frustum";
	case LV_MODEL_DISC:
		return "disc";
	case LV_MODEL_ELLIPSE:
		return "ellipse";
	}
	return "unknown";
}

/* Extent of disc i: halfway to its neighbours, mirrored at the ends. */
static void disc_extent(const lv_profile *p, size_t i, double *lo, double *hi)
{
	const double *s = p->site_cm;
	size_t n = p->n;

	*lo = i > 0 ? (s[i - 1] + s[i]) / 2 : s[0] - (s[1] - s[0]) / 2;
	*hi = i + 1 < n ? (s[i] + s[i + 1]) / 2 : s[n - 1] + (s[n - 1] - s[n - 2]) / 2;
}

void lv_volume_range(const lv_profile *p, lv_model m, double *from, double *to)
{
	double dummy;

	if (m == LV_MODEL_DISC) {
		disc_extent(p, 0, from, &dummy);
		disc_extent(p, p->n - 1, &dummy, to);
	} else {
		*from = p->site_cm[0];
		*to = p->site_cm[p->n - 1];
	}
}

size_t lv_volume_segment_count(const lv_profile *p, lv_model m)
{
	return m == LV_MODEL_DISC ? p->n : p->n - 1;
}

/*
 * Accumulates the volume over [a, b] and its gradient with respect to
 * every width (gp for front, gq for side).
 */
struct acc {
	double v;
	double *gp, *gq;
};

/* Slice between x0 and x1 inside segment k (sites k and k+1). */
static void add_slice(const lv_profile *p, size_t k, double x0, double x1, struct acc *a)
{
	const double *s = p->site_cm, *P = p->front_cm, *Q = p->side_cm;
	double L = s[k + 1] - s[k];
	double t0 = (x0 - s[k]) / L, t1 = (x1 - s[k]) / L, h = x1 - x0;
	double p0 = P[k] + t0 * (P[k + 1] - P[k]), p1 = P[k] + t1 * (P[k + 1] - P[k]);
	double q0 = Q[k] + t0 * (Q[k + 1] - Q[k]), q1 = Q[k] + t1 * (Q[k + 1] - Q[k]);
	double c = h * M_PI / 24; /* h (pi/4) / 6 */
	double dp0 = c * (2 * q0 + q1), dp1 = c * (q0 + 2 * q1);
	double dq0 = c * (2 * p0 + p1), dq1 = c * (p0 + 2 * p1);

	a->v += c * (2 * p0 * q0 + p0 * q1 + p1 * q0 + 2 * p1 * q1);
	/* chain rule through the interpolation p(t) = (1-t) P[k] + t P[k+1] */
	a->gp[k] += dp0 * (1 - t0) + dp1 * (1 - t1);
	a->gp[k + 1] += dp0 * t0 + dp1 * t1;
	a->gq[k] += dq0 * (1 - t0) + dq1 * (1 - t1);
	a->gq[k + 1] += dq0 * t0 + dq1 * t1;
}

static void add_disc(const lv_profile *p, size_t i, double len, struct acc *a)
{
	double c = len * M_PI / 4;

	a->v += c * p->front_cm[i] * p->side_cm[i];
	a->gp[i] += c * p->side_cm[i];
	a->gq[i] += c * p->front_cm[i];
}

/* Standard deviation of the volume from the gradient and the reading sd. */
static double propagate(const lv_profile *p, const struct acc *a, double sd)
{
	double sum = 0;
	size_t i;

	for (i = 0; i < p->n; i++) {
		double g;
		if (!p->has_widths) /* one reading C per site, p = q = C/pi */
			g = (a->gp[i] + a->gq[i]) / M_PI;
		else if (p->one_view) /* one width reading per site, p = q = w */
			g = a->gp[i] + a->gq[i];
		else {
			sum += a->gp[i] * a->gp[i];
			g = a->gq[i];
		}
		sum += g * g;
	}
	return sqrt(sum) * sd;
}

static int check_sd(double sd)
{
	if (!(sd >= 0) || !isfinite(sd))
		return lv_error_set(LV_EINVAL, "reading uncertainty must be a finite number >= 0");
	return LV_OK;
}

/* The volume over [a, b] (already checked to be inside the range). */
static int integrate(const lv_profile *p, lv_model m, double x0, double x1, double sd,
		     lv_volume *out)
{
	struct acc a = { 0, NULL, NULL };
	double small[2 * 64]; /* tape profiles: no allocation per volume */
	size_t i;

	if (p->n <= 64) {
		memset(small, 0, 2 * p->n * sizeof(double));
		a.gp = small;
		a.gq = small + p->n;
	} else {
		a.gp = mem_calloc(p->n, sizeof(double));
		a.gq = mem_calloc(p->n, sizeof(double));
		if (!a.gp || !a.gq) {
			mem_free(a.gp);
			mem_free(a.gq);
			return lv_error_set(LV_ENOMEM, "out of memory");
		}
	}
	if (m == LV_MODEL_DISC) {
		for (i = 0; i < p->n; i++) {
			double lo, hi;
			disc_extent(p, i, &lo, &hi);
			lo = fmax(lo, x0);
			hi = fmin(hi, x1);
			if (hi > lo)
				add_disc(p, i, hi - lo, &a);
		}
	} else {
		for (i = 0; i + 1 < p->n; i++) {
			double lo = fmax(p->site_cm[i], x0), hi = fmin(p->site_cm[i + 1], x1);
			if (hi > lo)
				add_slice(p, i, lo, hi, &a);
		}
	}
	out->from_cm = x0;
	out->to_cm = x1;
	out->volume_ml = a.v;
	out->sd_ml = propagate(p, &a, sd);
	if (a.gp != small) {
		mem_free(a.gp);
		mem_free(a.gq);
	}
	return LV_OK;
}

int lv_volume_total(const lv_profile *p, lv_model m, double sd, lv_volume *out)
{
	double from, to;

	if (check_sd(sd) < 0)
		return LV_EINVAL;
	lv_volume_range(p, m, &from, &to);
	return integrate(p, m, from, to, sd, out);
}

int lv_volume_between(const lv_profile *p, lv_model m, double from_cm, double to_cm, double sd,
		      lv_volume *out)
{
	double lo, hi;
	const double eps = 1e-9;

	if (check_sd(sd) < 0)
		return LV_EINVAL;
	if (!isfinite(from_cm) || !isfinite(to_cm) || !(from_cm < to_cm))
		return lv_error_set(LV_EINVAL, "range %g to %g cm is empty", from_cm, to_cm);
	lv_volume_range(p, m, &lo, &hi);
	if (from_cm < lo - eps || to_cm > hi + eps)
		return lv_error_set(LV_ERANGE,
				    "range %g to %g cm is outside the measured range %g to %g cm",
				    from_cm, to_cm, lo, hi);
	return integrate(p, m, fmax(from_cm, lo), fmin(to_cm, hi), sd, out);
}

int lv_volume_segments(const lv_profile *p, lv_model m, double sd, lv_volume *out, size_t n_out)
{
	size_t i, n = lv_volume_segment_count(p, m);
	int st;

	if (check_sd(sd) < 0)
		return LV_EINVAL;
	if (n_out < n)
		return lv_error_set(LV_EINVAL, "room for %zu segments, %zu needed", n_out, n);
	for (i = 0; i < n; i++) {
		double lo, hi;
		if (m == LV_MODEL_DISC)
			disc_extent(p, i, &lo, &hi);
		else {
			lo = p->site_cm[i];
			hi = p->site_cm[i + 1];
		}
		if ((st = integrate(p, m, lo, hi, sd, &out[i])) < 0)
			return st;
	}
	return LV_OK;
}
