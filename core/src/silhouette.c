/*
 * A limb's widths along its axis from a mask (limbvol/silhouette.h).
 *
 * Pixel (column i, row j) has its centre at (i, j), as in OpenCV.  The mask
 * is read through bilinear interpolation; each edge is found where the
 * interpolated value crosses 127.5 and then placed by the area under the
 * profile around it (area_edge), so that an anti-aliased outline whose
 * pixels hold their coverage puts it where the limb ends (a strictly binary
 * mask gets its edges exactly half way between a limb pixel and a
 * background pixel either way).  Sub-pixel edges matter:
 * a one-pixel bias on both edges of a 10 cm limb at 3 px/mm is 1.3 % of an
 * elliptical slice's volume (imaging.md, Silhouettes).
 *
 * The axis is fitted on the medial line (mid-points of chords perpendicular
 * to the current axis), starting from the principal axis of the region and
 * iterating, because the principal axis is pulled by a hand, a foot or a
 * bent joint (imaging.md): silhouette_axis.c.  This file reads the mask
 * along lines and measures the widths along the axis.
 */
#include "mem.h"
#include "silhouette_impl.h"
#include "limbvol/error.h"
#include "limbvol/profile.h"

#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* At most this many samples along the axis (a 10 m limb at 0.01 mm). */
#define MAX_SAMPLES 1000000
/* The crossing level of the interpolated mask. */
#define LEVEL 127.5
/* The window either side of a crossing whose area places the edge, and its
 * samples per side. */
#define AREA_HALF_PX 2.5
#define AREA_STEPS 20

/* Bilinear value at (x, y); -1 outside the image (unknown). */
static double sample(const geo *g, double x, double y)
{
	size_t ix, iy;
	double fx, fy, a, b, c, d;

	if (!(x >= 0 && y >= 0 && x <= (double)(g->w - 1) && y <= (double)(g->h - 1)))
		return -1;
	ix = (size_t)x;
	iy = (size_t)y;
	if (ix >= g->w - 1)
		ix = g->w - 2;
	if (iy >= g->h - 1)
		iy = g->h - 2;
	fx = x - (double)ix;
	fy = y - (double)iy;
	a = silhouette_pixel(g, ix, iy);
	b = silhouette_pixel(g, ix + 1, iy);
	c = silhouette_pixel(g, ix, iy + 1);
	d = silhouette_pixel(g, ix + 1, iy + 1);
	return (a + (b - a) * fx) * (1 - fy) + (c + (d - c) * fx) * fy;
}

/* The line: centre (cx, cy), unit direction (nx, ny), parameter u. */

static double line_sample(const geo *g, const line *l, double u)
{
	return sample(g, l->cx + u * l->nx, l->cy + u * l->ny);
}

/* The LEVEL crossing between u = a (below) and u = b (at or above), in
 * either order: regula falsi on the interpolated mask. */
static double refine(const geo *g, const line *l, double a, double fa, double b, double fb)
{
	double lo = fmin(a, b), hi = fmax(a, b);
	int k;

	fa -= LEVEL;
	fb -= LEVEL;
	for (k = 0; k < 3; k++) {
		double m = a + (b - a) * (-fa) / (fb - fa), fm;
		if (!(m > lo && m < hi))
			break;
		fm = line_sample(g, l, m) - LEVEL;
		if (fm < -LEVEL)
			break; /* outside the image: cannot happen between two inside points */
		if (fm < 0) {
			a = m;
			fa = fm;
		} else {
			b = m;
			fb = fm;
		}
		lo = fmin(a, b);
		hi = fmax(a, b);
	}
	return a + (b - a) * (-fa) / (fb - fa);
}

/*
 * The edge near the LEVEL crossing u0, from the area under the profile
 * over u0 +- AREA_HALF_PX: a soft mask whose outline pixels hold their
 * coverage leaves as much limb outside the edge as it misses inside, so
 * the edge is where a sharp step of the same area lies (inside towards +u
 * when dir > 0).  The crossing alone is off by up to 0.09 px, depending on
 * where the edge falls between two pixel centres (the interpolated
 * profile of a pixel half covered is not symmetric about its crossing):
 * a limb whose both edges lie along the pixel grid was up to 0.2 px too
 * wide or too narrow (a generated cylinder of 77 px, +-0.25 %).  The
 * crossing is kept when the window leaves the image or the area moves the
 * edge by more than a pixel (another edge in the window).
 */
static double area_edge(const geo *g, const line *l, double u0, int dir)
{
	const int n = 2 * AREA_STEPS;
	const double h = AREA_HALF_PX / AREA_STEPS;
	double area = 0, e;

	for (int k = 0; k <= n; k++) {
		double v = line_sample(g, l, u0 - AREA_HALF_PX + k * h);
		if (v < 0)
			return u0;
		area += (k == 0 || k == n ? 0.5 : 1.0) * fmin(1.0, v / 255.0) * h;
	}
	e = dir > 0 ? u0 + AREA_HALF_PX - area : u0 - AREA_HALF_PX + area;
	return fabs(e - u0) <= 1 ? e : u0;
}

/*
 * The two outer edges of the limb on a line, scanning inwards from ua and
 * from ub (both outside the limb).  LINE_FRAME when an edge is the image
 * border (the limb goes on beyond the frame), LINE_MISS when the line does
 * not meet the limb.
 */
int silhouette_line_edges(const geo *g, const line *l, double ua, double ub, double *e1, double *e2)
{
	double u, prev = line_sample(g, l, ua), v;

	for (u = ua + 1; u <= ub; u += 1) {
		v = line_sample(g, l, u);
		if (v > LEVEL) {
			if (prev < 0)
				return LINE_FRAME;
			*e1 = refine(g, l, u - 1, prev, u, v);
			break;
		}
		prev = v;
	}
	if (u > ub)
		return LINE_MISS;
	prev = line_sample(g, l, ub);
	for (u = ub - 1; u >= *e1 - 1; u -= 1) {
		v = line_sample(g, l, u);
		if (v > LEVEL) {
			if (prev < 0)
				return LINE_FRAME;
			*e2 = refine(g, l, u + 1, prev, u, v);
			if (*e2 - *e1 > 2 * AREA_HALF_PX + 2) { /* each window sees one edge */
				*e1 = area_edge(g, l, *e1, 1);
				*e2 = area_edge(g, l, *e2, -1);
			}
			return LINE_OK;
		}
		prev = v;
	}
	return LINE_MISS; /* not reached: the first scan found a limb sample */
}

static int check_opts(const lv_mask_view *m, const lv_silhouette_opts *o)
{
	if (!m || !o || !m->data)
		return lv_error_set(LV_EINVAL, "no mask or no options");
	if (o->version != 1 && o->version != LV_SILHOUETTE_OPTS_VERSION)
		return lv_error_set(LV_EINVAL, "silhouette options version %u (expected 1 to %u)",
				    o->version, LV_SILHOUETTE_OPTS_VERSION);
	if (o->version >= 2 && (!isfinite(o->proximal_dx) || !isfinite(o->proximal_dy)))
		return lv_error_set(LV_EINVAL, "the proximal direction is not a finite vector");
	if (m->width_px < 2 || m->height_px < 2 || m->stride_bytes < m->width_px ||
	    m->width_px > INT32_MAX / 2 || m->height_px > INT32_MAX / 2)
		return lv_error_set(LV_EINVAL, "bad mask size %zux%zu (stride %zu)", m->width_px,
				    m->height_px, m->stride_bytes);
	if (!(o->px_per_cm > 0) || !isfinite(o->px_per_cm) || o->px_per_cm > 1e5)
		return lv_error_set(LV_EINVAL, "mask scale %g px/cm is not a positive number",
				    o->px_per_cm);
	/* a step of 1e-300 would overflow the sample indices below */
	if (!(o->step_cm >= LV_MIN_SPACING_CM) || !isfinite(o->step_cm))
		return lv_error_set(LV_EINVAL, "step %g cm is not a number from %g cm", o->step_cm,
				    LV_MIN_SPACING_CM);
	if (!isfinite(o->origin_x_px) || !isfinite(o->origin_y_px) || !isfinite(o->axis_from_cm) ||
	    !isfinite(o->axis_to_cm))
		return lv_error_set(LV_EINVAL, "origin or axis range is not a finite number");
	return LV_OK;
}

void lv_silhouette_free(lv_silhouette *s)
{
	if (!s)
		return;
	mem_free(s->pos_cm);
	mem_free(s->width_cm);
	mem_free(s->edge_px);
	mem_free(s);
}

/* the limb's axis, its point at the landmark and its direction to where the
 * limb leaves the frame, and the limb's extent along and across it */
static int place_axis(const geo *g, const mask_region *limb, const lv_silhouette_opts *o,
		      double *ax, double *ay, double *dx, double *dy, extent *e)
{
	double t0;
	int st, sign = 1;

	silhouette_principal_axis(limb, g->w, g->h, ax, ay, dx, dy);
	if ((st = silhouette_fit_axis(g, o, ax, ay, dx, dy, &sign)) < 0)
		return st;
	/* the final direction points to where the limb leaves the frame */
	silhouette_limb_extent(limb, *ax, *ay, *dx, *dy, e);
	if (!(sign = silhouette_exit_side(g, *ax, *ay, *dx, *dy, e)))
		return LV_EIMAGE;
	*dx *= sign;
	*dy *= sign;
	t0 = silhouette_landmark_t(g, o, *ax, *ay, *dx, *dy);
	*ax += t0 * *dx;
	*ay += t0 * *dy;
	silhouette_limb_extent(limb, *ax, *ay, *dx, *dy, e);
	return LV_OK;
}

/* the indices k0..k1 of the samples (every step from the landmark) that fall
 * on the limb */
static int sample_range(const lv_silhouette_opts *o, const extent *e, long *k0, long *k1)
{
	double ppc = o->px_per_cm;

	*k0 = (long)ceil(e->tmin / ppc / o->step_cm - 1e-9);
	*k1 = (long)floor(e->tmax / ppc / o->step_cm + 1e-9);
	if (*k1 - *k0 + 1 > MAX_SAMPLES)
		return lv_error_set(LV_EINVAL,
				    "step %g cm is too fine for a limb %g cm long "
				    "(more than %d samples)",
				    o->step_cm, (e->tmax - e->tmin) / ppc, MAX_SAMPLES);
	if (*k1 < *k0)
		return lv_error_set(LV_EIMAGE, "the limb is shorter than one step (%g cm)",
				    o->step_cm);
	return LV_OK;
}

/* a silhouette of n samples, NULL (error set: LV_ENOMEM) when out of memory */
static lv_silhouette *silhouette_alloc(size_t n)
{
	lv_silhouette *s = mem_calloc(1, sizeof *s);

	if (!s) {
		lv_error_set(LV_ENOMEM, "out of memory");
		return NULL;
	}
	s->n = n;
	s->pos_cm = mem_malloc(s->n * sizeof(double));
	s->width_cm = mem_malloc(s->n * sizeof(double));
	s->edge_px = mem_malloc(4 * s->n * sizeof(double));
	if (!s->pos_cm || !s->width_cm || !s->edge_px) {
		lv_silhouette_free(s);
		lv_error_set(LV_ENOMEM, "out of memory for %zu samples", n);
		return NULL;
	}
	return s;
}

/* the width and the two edges across the axis at every sample, NAN where no
 * width could be measured; the edges are looked for from pmin to pmax */
static void sample_widths(const geo *g, lv_silhouette *s, long k0, double pmin, double pmax)
{
	double ppc = s->px_per_cm;
	line l;

	l.nx = -s->ady;
	l.ny = s->adx;
	for (size_t i = 0; i < s->n; i++) {
		double pos = (double)(k0 + (long)i) * s->step_cm, t = pos * ppc, e1, e2;
		double *ed = s->edge_px + 4 * i;
		l.cx = s->ax0 + t * s->adx;
		l.cy = s->ay0 + t * s->ady;
		s->pos_cm[i] = pos;
		if (silhouette_line_edges(g, &l, pmin, pmax, &e1, &e2) == LINE_OK) {
			s->width_cm[i] = (e2 - e1) / ppc;
			ed[0] = l.cx + e1 * l.nx;
			ed[1] = l.cy + e1 * l.ny;
			ed[2] = l.cx + e2 * l.nx;
			ed[3] = l.cy + e2 * l.ny;
		} else {
			s->width_cm[i] = ed[0] = ed[1] = ed[2] = ed[3] = NAN;
		}
	}
}

/* the longest stretch measured without a gap: its length, and its first
 * sample in *best (the first such stretch when several are as long) */
static size_t longest_run(const lv_silhouette *s, size_t *best)
{
	size_t cur = 0, cur_len = 0, best_len = 0;

	*best = 0;
	for (size_t i = 0; i < s->n; i++) {
		if (isfinite(s->width_cm[i])) {
			if (!cur_len)
				cur = i;
			if (++cur_len > best_len) {
				*best = cur;
				best_len = cur_len;
			}
		} else {
			cur_len = 0;
		}
	}
	return best_len;
}

int lv_silhouette_measure(lv_silhouette **out, const lv_mask_view *mask,
			  const lv_silhouette_opts *o)
{
	mask_region limb;
	lv_silhouette *s = NULL;
	geo g;
	extent e;
	double ax, ay, dx, dy;
	int st;
	long k0, k1;
	size_t best, best_len;

	memset(&limb, 0, sizeof limb);
	if (out)
		*out = NULL;
	if (!out)
		return lv_error_set(LV_EINVAL, "no output handle");
	if ((st = check_opts(mask, o)) < 0)
		return st;
	/* gsl_fit_linear reports through its return value only, never through
	 * GSL's error handler: nothing global is touched, so threads may
	 * measure masks in parallel */
	if ((st = mask_region_find(&limb, mask)) < 0)
		return st;
	g.data = mask->data;
	g.w = mask->width_px;
	g.h = mask->height_px;
	g.stride = mask->stride_bytes;
	g.limb = &limb;
	g.prox_x = o->version >= 2 ? o->proximal_dx : 0;
	g.prox_y = o->version >= 2 ? o->proximal_dy : 0;

	if ((st = place_axis(&g, &limb, o, &ax, &ay, &dx, &dy, &e)) < 0)
		goto done;
	if ((st = sample_range(o, &e, &k0, &k1)) < 0)
		goto done;
	if (!(s = silhouette_alloc((size_t)(k1 - k0 + 1)))) {
		st = LV_ENOMEM;
		goto done;
	}
	s->step_cm = o->step_cm;
	s->px_per_cm = o->px_per_cm;
	s->ax0 = ax;
	s->ay0 = ay;
	s->adx = dx;
	s->ady = dy;
	sample_widths(&g, s, k0, e.umin - 2, e.umax + 2);
	if (!(best_len = longest_run(s, &best))) {
		st = lv_error_set(LV_EIMAGE, "no width of the limb could be measured");
		goto done;
	}
	s->range_from_cm = s->pos_cm[best];
	s->range_to_cm = s->pos_cm[best + best_len - 1];
	*out = s;
	s = NULL;
	st = LV_OK;
done:
	lv_silhouette_free(s);
	mask_region_release(&limb);
	return st;
}

size_t lv_silhouette_count(const lv_silhouette *s)
{
	return s ? s->n : 0;
}

double lv_silhouette_position_cm(const lv_silhouette *s, size_t i)
{
	return s && i < s->n ? s->pos_cm[i] : (double)NAN;
}

double lv_silhouette_width_cm(const lv_silhouette *s, size_t i)
{
	return s && i < s->n ? s->width_cm[i] : (double)NAN;
}

void lv_silhouette_edges_px(const lv_silhouette *s, size_t i, double *x1, double *y1, double *x2,
			    double *y2)
{
	const double *e = s && i < s->n ? s->edge_px + 4 * i : NULL;
	*x1 = e ? e[0] : (double)NAN;
	*y1 = e ? e[1] : (double)NAN;
	*x2 = e ? e[2] : (double)NAN;
	*y2 = e ? e[3] : (double)NAN;
}

void lv_silhouette_range_cm(const lv_silhouette *s, double *from_cm, double *to_cm)
{
	*from_cm = s ? s->range_from_cm : (double)NAN;
	*to_cm = s ? s->range_to_cm : (double)NAN;
}

void lv_silhouette_axis_px(const lv_silhouette *s, double *x0, double *y0, double *dx, double *dy)
{
	*x0 = s ? s->ax0 : (double)NAN;
	*y0 = s ? s->ay0 : (double)NAN;
	*dx = s ? s->adx : (double)NAN;
	*dy = s ? s->ady : (double)NAN;
}
