/* Profiles: checked sites and readings, resampling, interpolation. */
#include "mem.h"
#include "profile_impl.h"
#include "limbvol/error.h"
#include "gsl_setup.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_sf_ellint.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int lv_check_circumference_cm(double c)
{
	if (!isfinite(c))
		return lv_error_set(LV_EDATA, "circumference is not a finite number");
	if (c <= 0)
		return lv_error_set(LV_EDATA, "circumference %g cm is not positive", c);
	if (c < LV_MIN_CIRCUMFERENCE_CM)
		return lv_error_set(
			LV_EDATA, "circumference %g cm is implausible (under %g cm: a unit error?)",
			c, LV_MIN_CIRCUMFERENCE_CM);
	if (c > LV_MAX_CIRCUMFERENCE_CM)
		return lv_error_set(LV_EDATA, "circumference %g cm is implausible (over %g cm)", c,
				    LV_MAX_CIRCUMFERENCE_CM);
	return LV_OK;
}

int lv_check_width_cm(double w)
{
	if (!isfinite(w))
		return lv_error_set(LV_EDATA, "width is not a finite number");
	if (w <= 0)
		return lv_error_set(LV_EDATA, "width %g cm is not positive", w);
	if (w < LV_MIN_WIDTH_CM)
		return lv_error_set(LV_EDATA, "width %g cm is implausible (under %g cm)", w,
				    LV_MIN_WIDTH_CM);
	if (w > LV_MAX_CIRCUMFERENCE_CM / M_PI)
		return lv_error_set(LV_EDATA, "width %g cm is implausible (over %.0f cm)", w,
				    LV_MAX_CIRCUMFERENCE_CM / M_PI);
	return LV_OK;
}

int lv_check_site_cm(double s)
{
	if (!isfinite(s))
		return lv_error_set(LV_EDATA, "site is not a finite number");
	if (fabs(s) > 1000)
		return lv_error_set(LV_EDATA, "site %g cm is implausible (beyond 1000 cm)", s);
	return LV_OK;
}

int lv_check_spacing_cm(double prev, double next)
{
	if (next == prev)
		return lv_error_set(LV_EDATA, "site %g cm is repeated", next);
	if (next < prev)
		return lv_error_set(LV_EDATA, "sites must increase: %g cm comes after %g cm", next,
				    prev);
	if (next - prev < LV_MIN_SPACING_CM)
		return lv_error_set(
			LV_EDATA,
			"sites %g and %g cm are %g cm apart (less than %g cm: a unit error?)", prev,
			next, next - prev, LV_MIN_SPACING_CM);
	if (next - prev > LV_MAX_SPACING_CM)
		return lv_error_set(LV_EDATA,
				    "sites %g and %g cm are %g cm apart (more than %g cm)", prev,
				    next, next - prev, LV_MAX_SPACING_CM);
	return LV_OK;
}

int lv_ellipse_perimeter_cm(double w1, double w2, double *out)
{
	double a = fmax(w1, w2) / 2, b = fmin(w1, w2) / 2;
	gsl_sf_result r;
	int st;

	if (!(a > 0 && b > 0 && isfinite(a)))
		return lv_error_set(LV_EINVAL, "ellipse widths must be positive");
	if (a == b) {
		*out = M_PI * (w1 + w2) / 2;
		return LV_OK;
	}
	/* P = 4 a E(k), k the eccentricity sqrt(1 - b^2/a^2) */
	gsl_setup();
	st = gsl_sf_ellint_Ecomp_e(sqrt(1.0 - (b * b) / (a * a)), GSL_PREC_DOUBLE, &r);
	if (st != GSL_SUCCESS)
		return lv_error_set(LV_ENUMERIC, "elliptic integral failed: %s", gsl_strerror(st));
	*out = 4 * a * r.val;
	return LV_OK;
}

static void profile_free_arrays(lv_profile *p)
{
	mem_free(p->site_cm);
	mem_free(p->circ_cm);
	mem_free(p->front_cm);
	mem_free(p->side_cm);
}

void lv_profile_free(lv_profile *p)
{
	if (!p)
		return;
	profile_free_arrays(p);
	mem_free(p);
}

static int profile_alloc(lv_profile **out, size_t n)
{
	lv_profile *p;

	*out = NULL;
	if (n < 2)
		return lv_error_set(LV_EDATA, "a profile needs at least 2 sites, got %zu", n);
	if (n > LV_MAX_SITES)
		return lv_error_set(LV_EDATA, "a profile has at most %d sites, got %zu",
				    LV_MAX_SITES, n);
	p = mem_calloc(1, sizeof *p);
	if (!p)
		return lv_error_set(LV_ENOMEM, "out of memory");
	p->n = n;
	p->site_cm = mem_malloc(n * sizeof(double));
	p->circ_cm = mem_malloc(n * sizeof(double));
	p->front_cm = mem_malloc(n * sizeof(double));
	p->side_cm = mem_malloc(n * sizeof(double));
	if (!p->site_cm || !p->circ_cm || !p->front_cm || !p->side_cm) {
		lv_profile_free(p);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	*out = p;
	return LV_OK;
}

static int check_sites(const double *site, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (lv_check_site_cm(site[i]) < 0 ||
		    (i > 0 && lv_check_spacing_cm(site[i - 1], site[i]) < 0))
			return lv_error_last()->code;
	}
	return LV_OK;
}

int lv_profile_new(lv_profile **out, const double *site, const double *circ, size_t n)
{
	lv_profile *p;
	size_t i;
	int st;

	*out = NULL;
	if (!site || !circ)
		return lv_error_set(LV_EINVAL, "sites and circumferences are required");
	if ((st = profile_alloc(&p, n)) < 0)
		return st;
	if ((st = check_sites(site, n)) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		if ((st = lv_check_circumference_cm(circ[i])) < 0)
			goto fail;
		p->site_cm[i] = site[i];
		p->circ_cm[i] = circ[i];
		p->front_cm[i] = p->side_cm[i] = circ[i] / M_PI;
	}
	*out = p;
	return LV_OK;
fail:
	lv_profile_free(p);
	return st;
}

int lv_profile_new_widths(lv_profile **out, const double *site, const double *front,
			  const double *side, size_t n)
{
	lv_profile *p;
	size_t i;
	int st;

	*out = NULL;
	if (!site || !front)
		return lv_error_set(LV_EINVAL, "sites and widths are required");
	if ((st = profile_alloc(&p, n)) < 0)
		return st;
	p->has_widths = 1;
	p->one_view = side == NULL;
	if ((st = check_sites(site, n)) < 0)
		goto fail;
	for (i = 0; i < n; i++) {
		double s = side ? side[i] : front[i];
		if ((st = lv_check_width_cm(front[i])) < 0 || (st = lv_check_width_cm(s)) < 0)
			goto fail;
		p->site_cm[i] = site[i];
		p->front_cm[i] = front[i];
		p->side_cm[i] = s;
		if ((st = lv_ellipse_perimeter_cm(front[i], s, &p->circ_cm[i])) < 0)
			goto fail;
	}
	*out = p;
	return LV_OK;
fail:
	lv_profile_free(p);
	return st;
}

int lv_profile_copy(lv_profile **out, const lv_profile *src)
{
	int st;
	lv_profile *p;

	if ((st = profile_alloc(&p, src->n)) < 0) {
		*out = NULL;
		return st;
	}
	p->has_widths = src->has_widths;
	p->one_view = src->one_view;
	memcpy(p->site_cm, src->site_cm, src->n * sizeof(double));
	memcpy(p->circ_cm, src->circ_cm, src->n * sizeof(double));
	memcpy(p->front_cm, src->front_cm, src->n * sizeof(double));
	memcpy(p->side_cm, src->side_cm, src->n * sizeof(double));
	*out = p;
	return LV_OK;
}

size_t lv_profile_count(const lv_profile *p)
{
	return p->n;
}
double lv_profile_site_cm(const lv_profile *p, size_t i)
{
	return p->site_cm[i];
}
int lv_profile_has_widths(const lv_profile *p)
{
	return p->has_widths;
}
double lv_profile_circumference_cm(const lv_profile *p, size_t i)
{
	return p->circ_cm[i];
}

void lv_profile_widths_cm(const lv_profile *p, size_t i, double *front, double *side)
{
	if (front)
		*front = p->front_cm[i];
	if (side)
		*side = p->side_cm[i];
}

/* Index k with site[k] <= pos <= site[k+1], and the fraction t along it. */
static int locate(const lv_profile *p, double pos, size_t *k, double *t)
{
	size_t lo = 0, hi = p->n - 1;

	if (!(pos >= p->site_cm[0] && pos <= p->site_cm[p->n - 1]))
		return lv_error_set(LV_ERANGE,
				    "position %g cm is outside the measured range %g to %g cm", pos,
				    p->site_cm[0], p->site_cm[p->n - 1]);
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;
		if (p->site_cm[mid] <= pos)
			lo = mid;
		else
			hi = mid;
	}
	*k = lo;
	*t = (pos - p->site_cm[lo]) / (p->site_cm[lo + 1] - p->site_cm[lo]);
	return LV_OK;
}

int lv_profile_circumference_at(const lv_profile *p, double pos, double *out)
{
	size_t k;
	double t;
	int st;

	if ((st = locate(p, pos, &k, &t)) < 0)
		return st;
	if (!p->has_widths) {
		*out = p->circ_cm[k] + t * (p->circ_cm[k + 1] - p->circ_cm[k]);
		return LV_OK;
	}
	return lv_ellipse_perimeter_cm(p->front_cm[k] + t * (p->front_cm[k + 1] - p->front_cm[k]),
				       p->side_cm[k] + t * (p->side_cm[k + 1] - p->side_cm[k]),
				       out);
}

int lv_profile_resample(lv_profile **out, const lv_profile *p, const double *sites, size_t n)
{
	double *a = NULL, *b = NULL;
	size_t i, k;
	double t;
	int st;

	*out = NULL;
	a = mem_malloc((n ? n : 1) * sizeof(double));
	b = mem_malloc((n ? n : 1) * sizeof(double));
	if (!a || !b) {
		st = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		if ((st = locate(p, sites[i], &k, &t)) < 0)
			goto done;
		if (p->has_widths) {
			a[i] = p->front_cm[k] + t * (p->front_cm[k + 1] - p->front_cm[k]);
			b[i] = p->side_cm[k] + t * (p->side_cm[k + 1] - p->side_cm[k]);
		} else {
			a[i] = p->circ_cm[k] + t * (p->circ_cm[k + 1] - p->circ_cm[k]);
		}
	}
	st = p->has_widths ? lv_profile_new_widths(out, sites, a, p->one_view ? NULL : b, n)
			   : lv_profile_new(out, sites, a, n);
done:
	mem_free(a);
	mem_free(b);
	return st;
}
