/*
 * The limb's axis in a mask (silhouette_impl.h): its extent, its principal
 * axis, the end where it leaves the frame, the axis fitted on the medial
 * line, and where position 0 lies along it (limbvol/silhouette.h; the
 * widths along it: silhouette.c).
 */
#include "silhouette_impl.h"
#include "limbvol/error.h"

#include <gsl/gsl_errno.h>
#include <gsl/gsl_fit.h>
#include <math.h>
#include <stdlib.h>

/* Chords used to fit the axis. */
#define FIT_CHORDS 256
#define FIT_ITERATIONS 8
/* Border contact within this fraction of the length from an end counts as
 * the limb leaving the frame at that end. */
#define END_FRACTION 0.25
/* Contact pixels needed to say the limb leaves the frame at an end. */
#define END_MIN_PIXELS 2

void silhouette_limb_extent(const mask_region *lb, double ax, double ay, double dx, double dy,
			    extent *e)
{
	size_t i;

	e->tmin = e->umin = HUGE_VAL;
	e->tmax = e->umax = -HUGE_VAL;
	for (i = 0; i < lb->n_runs; i++) {
		const mask_run *r = &lb->runs[i];
		double y = r->y - ay;
		double xs[2] = { r->x0 - ax, r->x1 - ax };
		int k;
		for (k = 0; k < 2; k++) {
			double t = xs[k] * dx + y * dy, u = -xs[k] * dy + y * dx;
			e->tmin = fmin(e->tmin, t);
			e->tmax = fmax(e->tmax, t);
			e->umin = fmin(e->umin, u);
			e->umax = fmax(e->umax, u);
		}
	}
}

/* Centroid and principal direction of the limb from its runs. */
void silhouette_principal_axis(const mask_region *lb, size_t w, size_t h, double *ax, double *ay,
			       double *dx, double *dy)
{
	double s = 0, sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, ox = (double)w / 2,
	       oy = (double)h / 2, cxx, cyy, cxy, th;
	size_t i;

	for (i = 0; i < lb->n_runs; i++) {
		const mask_run *r = &lb->runs[i];
		double n = r->x1 - r->x0 + 1, mx = (r->x0 + r->x1) / 2.0 - ox, y = r->y - oy;
		s += n;
		sx += n * mx;
		sy += n * y;
		sxx += n * (mx * mx + (n * n - 1) / 12);
		syy += n * y * y;
		sxy += n * mx * y;
	}
	sx /= s;
	sy /= s;
	cxx = sxx / s - sx * sx;
	cyy = syy / s - sy * sy;
	cxy = sxy / s - sx * sy;
	th = 0.5 * atan2(2 * cxy, cxx - cyy);
	*ax = sx + ox;
	*ay = sy + oy;
	*dx = cos(th);
	*dy = sin(th);
}

struct contacts {
	double lo, hi, sum;
	size_t n, n_lo, n_mid, n_hi;
};

static void contact(struct contacts *c, double t)
{
	c->sum += t;
	c->n++;
	c->n_lo += t < c->lo;
	c->n_hi += t > c->hi;
	c->n_mid += t >= c->lo && t <= c->hi;
}

/*
 * Where the limb touches the frame, seen along the axis: +1 when it leaves
 * the frame at the high end of t, -1 at the low end; 0 with a message when
 * it leaves at both ends.
 */
int silhouette_exit_side(const geo *g, double ax, double ay, double dx, double dy, const extent *e)
{
	const mask_region *lb = g->limb;
	double len = e->tmax - e->tmin;
	struct contacts c = {
		e->tmin + END_FRACTION * len, e->tmax - END_FRACTION * len, 0, 0, 0, 0, 0
	};
	size_t i;

	for (i = 0; i < lb->n_runs; i++) {
		const mask_run *r = &lb->runs[i];
		double y = r->y - ay;
		int32_t x;
		if (r->y == 0 || (size_t)r->y == g->h - 1) {
			for (x = r->x0; x <= r->x1; x++)
				contact(&c, (x - ax) * dx + y * dy);
			continue;
		}
		if (r->x0 == 0)
			contact(&c, (0 - ax) * dx + y * dy);
		if ((size_t)r->x1 == g->w - 1)
			contact(&c, (r->x1 - ax) * dx + y * dy);
	}
	int given = g->prox_x != 0 || g->prox_y != 0;
	int toward = dx * g->prox_x + dy * g->prox_y >= 0 ? 1 : -1;
	if (c.n_lo >= END_MIN_PIXELS && c.n_hi >= END_MIN_PIXELS) {
		if (c.n_mid >= (size_t)(0.25 * len)) {
			lv_error_set(LV_EIMAGE,
				     "the limb touches the frame along its side: keep its whole "
				     "width inside the frame");
			return 0;
		}
		/* a standing leg whose toes leave the frame: the photo cannot
		 * tell which end is proximal */
		if (given)
			return toward;
		lv_error_set(LV_EIMAGE,
			     "the limb crosses the frame at both ends of its axis, so the photo "
			     "cannot tell which end is proximal: say it with --proximal "
			     "up|down|left|right (manifest key proximal)");
		return 0;
	}
	int side = c.sum / (double)(c.n ? c.n : 1) >= (e->tmin + e->tmax) / 2 ? 1 : -1;
	if (given && side != toward) {
		lv_error_set(LV_EIMAGE,
			     "the limb leaves the frame at one end only, the opposite of the "
			     "proximal direction given (--proximal): the proximal end is the one "
			     "that leaves the frame");
		return 0;
	}
	return side;
}

/* Median of a scratch array (reordered). */
static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

/*
 * Fit the axis: chords perpendicular to the current axis, a straight line
 * through their mid-points (least squares, outliers beyond 3 robust sd
 * dropped), repeated until the line settles.
 */
int silhouette_fit_axis(const geo *g, const lv_silhouette_opts *o, double *ax, double *ay,
			double *dx, double *dy, int *sign)
{
	double ts[FIT_CHORDS], us[FIT_CHORDS], res[FIT_CHORDS];
	int it, st;
	int ranged = o->axis_to_cm > o->axis_from_cm;

	for (it = 0; it < FIT_ITERATIONS; it++) {
		extent e;
		line l;
		double lo, hi, c0, c1, cov00, cov01, cov11, sumsq, t0, mad, lim;
		size_t k, m = 0, kept, n_chords;
		int s;

		silhouette_limb_extent(g->limb, *ax, *ay, *dx, *dy, &e);
		if (!(s = silhouette_exit_side(g, *ax, *ay, *dx, *dy, &e)))
			return LV_EIMAGE;
		*sign = s;
		lo = e.tmin;
		hi = e.tmax;
		if (ranged) {
			t0 = (o->origin_x_px - *ax) * *dx + (o->origin_y_px - *ay) * *dy;
			double ta = t0 + s * o->axis_from_cm * o->px_per_cm,
			       tb = t0 + s * o->axis_to_cm * o->px_per_cm;
			lo = fmax(lo, fmin(ta, tb));
			hi = fmin(hi, fmax(ta, tb));
			if (!(hi > lo))
				return lv_error_set(LV_EIMAGE,
						    "the axis range %g..%g cm lies outside the limb",
						    o->axis_from_cm, o->axis_to_cm);
		}
		if (!(e.tmax - e.tmin >= 3))
			return lv_error_set(
				LV_EIMAGE,
				"the limb is too small to measure: %llu silhouette_pixel(s), %.1f px long",
				(unsigned long long)g->limb->area_px, e.tmax - e.tmin);
		n_chords = (size_t)fmin(FIT_CHORDS, fmax(3, hi - lo));
		l.nx = -*dy;
		l.ny = *dx;
		for (k = 0; k < n_chords; k++) {
			double t = lo + (hi - lo) * ((double)k + 0.5) / (double)n_chords, e1, e2;
			l.cx = *ax + t * *dx;
			l.cy = *ay + t * *dy;
			if (silhouette_line_edges(g, &l, e.umin - 2, e.umax + 2, &e1, &e2) !=
			    LINE_OK)
				continue;
			ts[m] = t;
			us[m] = (e1 + e2) / 2;
			m++;
		}
		if (m < 3)
			return lv_error_set(
				LV_EIMAGE,
				"the limb is too small or too fragmented to find its axis "
				"(%zu usable chords)",
				m);
		st = gsl_fit_linear(ts, 1, us, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq);
		if (st != GSL_SUCCESS)
			return lv_error_set(LV_ENUMERIC, "axis fit failed: %s", gsl_strerror(st));
		/* drop chords far off the line (a hand, a foot, a notch), refit */
		for (k = 0; k < m; k++)
			res[k] = fabs(us[k] - (c0 + c1 * ts[k]));
		qsort(res, m, sizeof *res, cmp_double);
		mad = res[m / 2];
		lim = fmax(3 * 1.4826 * mad, 0.5);
		for (k = kept = 0; k < m; k++)
			if (fabs(us[k] - (c0 + c1 * ts[k])) <= lim) {
				ts[kept] = ts[k];
				us[kept] = us[k];
				kept++;
			}
		if (kept >= 3 && kept < m) {
			st = gsl_fit_linear(ts, 1, us, 1, kept, &c0, &c1, &cov00, &cov01, &cov11,
					    &sumsq);
			if (st != GSL_SUCCESS)
				return lv_error_set(LV_ENUMERIC, "axis fit failed: %s",
						    gsl_strerror(st));
		}
		if (!isfinite(c0) || !isfinite(c1))
			return lv_error_set(LV_ENUMERIC, "axis fit failed (degenerate chords)");
		{
			double ndx = *dx + c1 * l.nx, ndy = *dy + c1 * l.ny, nn = hypot(ndx, ndy);
			*ax += c0 * l.nx;
			*ay += c0 * l.ny;
			*dx = ndx / nn;
			*dy = ndy / nn;
		}
		if (fabs(c1) < 1e-9 && fabs(c0) < 1e-6)
			break;
	}
	return LV_OK;
}

/*
 * Position 0 along the axis (ax, ay) + t (dx, dy): where the line through
 * the origin perpendicular to the medial line's local direction crosses the
 * medial line (limbvol/silhouette.h, step 3).  The medial line's local fit:
 * chord mid-points u = c0 + c1 t (u across the axis) from 2 cm distal to
 * 10 cm proximal of the origin's projection.  With the origin at
 * (t_o, u_o), the medial point at t is (t, c0 + c1 t) and its local
 * direction (1, c1); (M(t) - O) . (1, c1) = 0 gives
 * t = (t_o - c1 (c0 - u_o)) / (1 + c1^2).
 */
double silhouette_landmark_t(const geo *g, const lv_silhouette_opts *o, double ax, double ay,
			     double dx, double dy)
{
	double ox = o->origin_x_px - ax, oy = o->origin_y_px - ay;
	double t_o = ox * dx + oy * dy, u_o = -ox * dy + oy * dx, ppc = o->px_per_cm;
	double ts[FIT_CHORDS], us[FIT_CHORDS], c0, c1, cov00, cov01, cov11, sumsq;
	double lo = t_o - 2 * ppc, hi = t_o + 10 * ppc;
	extent e;
	line l;
	size_t m = 0, n = (size_t)fmin(FIT_CHORDS / 4, fmax(5, (hi - lo) / 2));

	silhouette_limb_extent(g->limb, ax, ay, dx, dy, &e);
	l.nx = -dy;
	l.ny = dx;
	for (size_t k = 0; k < n; k++) {
		double t = lo + (hi - lo) * ((double)k + 0.5) / (double)n, e1, e2;
		if (t < e.tmin || t > e.tmax)
			continue;
		l.cx = ax + t * dx;
		l.cy = ay + t * dy;
		if (silhouette_line_edges(g, &l, e.umin - 2, e.umax + 2, &e1, &e2) != LINE_OK)
			continue;
		ts[m] = t;
		us[m] = (e1 + e2) / 2;
		m++;
	}
	/* the landmark off the limb, or too little of it around: project */
	if (m < 5 || (ts[m - 1] - ts[0]) < 3 * ppc)
		return t_o;
	if (gsl_fit_linear(ts, 1, us, 1, m, &c0, &c1, &cov00, &cov01, &cov11, &sumsq) !=
		    GSL_SUCCESS ||
	    !isfinite(c0) || !isfinite(c1) || fabs(c1) > 1)
		return t_o;
	return (t_o - c1 * (c0 - u_o)) / (1 + c1 * c1);
}
