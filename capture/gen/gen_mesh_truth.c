/*
 * The truth of a mesh: cross-sections across the limb's axis.  A plane
 * s = const cuts every triangle that straddles it in one segment; oriented
 * by the triangle's outward normal, the segments of a closed surface form
 * counter-clockwise loops, and the shoelace sum over them is the section's
 * area whatever their order (holes and several loops included).  The
 * convex hull of the cut points is what a tape laid around the limb reads.
 * Between two consecutive vertex positions every cut point moves linearly
 * with s, so the area is a quadratic in s there and Simpson's rule on those
 * intervals gives the exact volume of the polyhedron between two planes.
 * A range that reaches an open edge or leaves the mesh has no volume (-1).
 */
#include "gen_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define BIN_CM 0.25

struct gen_slicer {
	size_t nv, nt;
	double *loc; /* nv x 3: (s, u, w) */
	const uint32_t *t;
	const unsigned char *open;
	double smin, smax;
	size_t nbins;
	uint32_t *start, *idx; /* triangles of each bin */
	double *pts; /* scratch: 2 cut points (u, w) per triangle */
	int symmetral; /* gen_slicer_want_symmetral */
};

void gen_slicer_want_symmetral(gen_slicer *sl, int on)
{
	sl->symmetral = on;
}

static double dot3(const double *a, const double *b)
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void cross3(const double *a, const double *b, double *c)
{
	c[0] = a[1] * b[2] - a[2] * b[1];
	c[1] = a[2] * b[0] - a[0] * b[2];
	c[2] = a[0] * b[1] - a[1] * b[0];
}

static int normalize3(double *a)
{
	double n = sqrt(dot3(a, a));
	if (!(n > 1e-12))
		return -1;
	for (int k = 0; k < 3; k++)
		a[k] /= n;
	return 0;
}

/* e3 from the view direction, square to e1; e2 = e3 x e1. */
static int complete_frame(gen_frame *f, const double *view)
{
	double d = dot3(view, f->e1);
	for (int k = 0; k < 3; k++)
		f->e3[k] = view[k] - d * f->e1[k];
	if (normalize3(f->e3) < 0)
		return -1;
	cross3(f->e3, f->e1, f->e2);
	return 0;
}

int gen_frame_make(gen_frame *f, const double *landmark, const double *towards, const double *view)
{
	for (int k = 0; k < 3; k++) {
		f->o[k] = landmark[k];
		f->e1[k] = towards[k] - landmark[k];
	}
	if (normalize3(f->e1) < 0)
		return -1;
	return complete_frame(f, view);
}

void gen_frame_local(const gen_frame *f, const double *p, double *l)
{
	double d[3] = { p[0] - f->o[0], p[1] - f->o[1], p[2] - f->o[2] };
	l[0] = dot3(d, f->e1);
	l[1] = dot3(d, f->e2);
	l[2] = dot3(d, f->e3);
}

void gen_frame_global(const gen_frame *f, const double *l, double *p)
{
	for (int k = 0; k < 3; k++)
		p[k] = f->o[k] + l[0] * f->e1[k] + l[1] * f->e2[k] + l[2] * f->e3[k];
}

/* A smooth step from 0 (x <= -1) to 1 (x >= 1), flat at both ends. */
static double smooth01(double x)
{
	if (x <= -1)
		return 0;
	if (x >= 1)
		return 1;
	return 0.5 + 0.75 * x - 0.25 * x * x * x;
}

void gen_mesh_bend(gen_mesh *m, const gen_frame *f, double at_cm, double deg, double half_cm)
{
	for (size_t i = 0; i < m->nv; i++) {
		double l[3], th, c, s, ds;
		gen_frame_local(f, m->v + 3 * i, l);
		th = deg * M_PI / 180 * smooth01((at_cm - l[0]) / half_cm);
		c = cos(th);
		s = sin(th);
		ds = l[0] - at_cm;
		l[0] = at_cm + ds * c + l[1] * s;
		l[1] = -ds * s + l[1] * c;
		gen_frame_global(f, l, m->v + 3 * i);
	}
}

void gen_slicer_free(gen_slicer *sl)
{
	if (!sl)
		return;
	free(sl->loc);
	free(sl->start);
	free(sl->idx);
	free(sl->pts);
	free(sl);
}

static size_t bin_of(const gen_slicer *sl, double s)
{
	double b = floor((s - sl->smin) / BIN_CM);
	if (b < 0)
		return 0;
	if (b >= (double)sl->nbins)
		return sl->nbins - 1;
	return (size_t)b;
}

gen_slicer *gen_slicer_new(const gen_mesh *m, const gen_frame *f)
{
	return gen_slicer_new_local(m, f, NULL);
}

gen_slicer *gen_slicer_new_local(const gen_mesh *m, const gen_frame *f, const double *loc)
{
	gen_slicer *sl = calloc(1, sizeof *sl);
	size_t i, total = 0;

	if (!sl)
		return NULL;
	sl->nv = m->nv;
	sl->nt = m->nt;
	sl->t = m->t;
	sl->open = m->open;
	sl->loc = malloc(m->nv * 3 * sizeof *sl->loc);
	sl->pts = malloc(m->nt * 4 * sizeof *sl->pts);
	if (!sl->loc || !sl->pts || m->nv == 0)
		goto fail;
	sl->smin = HUGE_VAL;
	sl->smax = -HUGE_VAL;
	for (i = 0; i < m->nv; i++) {
		if (loc)
			memcpy(sl->loc + 3 * i, loc + 3 * i, 3 * sizeof *loc);
		else
			gen_frame_local(f, m->v + 3 * i, sl->loc + 3 * i);
		sl->smin = fmin(sl->smin, sl->loc[3 * i]);
		sl->smax = fmax(sl->smax, sl->loc[3 * i]);
	}
	sl->nbins = (size_t)((sl->smax - sl->smin) / BIN_CM) + 1;
	sl->start = calloc(sl->nbins + 1, sizeof *sl->start);
	if (!sl->start)
		goto fail;
	for (int pass = 0; pass < 2; pass++) {
		for (i = 0; i < m->nt; i++) {
			const uint32_t *t = m->t + 3 * i;
			double a = sl->loc[3 * t[0]], b = sl->loc[3 * t[1]], c = sl->loc[3 * t[2]];
			size_t b0 = bin_of(sl, fmin(a, fmin(b, c))),
			       b1 = bin_of(sl, fmax(a, fmax(b, c)));
			for (size_t k = b0; k <= b1; k++) {
				if (pass == 0)
					sl->start[k + 1]++;
				else
					sl->idx[sl->start[k]++] = (uint32_t)i;
			}
		}
		if (pass == 0) {
			for (i = 0; i < sl->nbins; i++)
				sl->start[i + 1] += sl->start[i];
			total = sl->start[sl->nbins];
			sl->idx = malloc((total ? total : 1) * sizeof *sl->idx);
			if (!sl->idx)
				goto fail;
		} else {
			/* the fill advanced each start to the next bin's: shift back */
			memmove(sl->start + 1, sl->start, sl->nbins * sizeof *sl->start);
			sl->start[0] = 0;
		}
	}
	return sl;
fail:
	gen_slicer_free(sl);
	return NULL;
}

void gen_slicer_extent(const gen_slicer *sl, double *smin, double *smax)
{
	*smin = sl->smin;
	*smax = sl->smax;
}

void gen_slicer_closed(const gen_slicer *sl, double s0, double *lo, double *hi)
{
	*lo = -HUGE_VAL;
	*hi = HUGE_VAL;
	for (size_t i = 0; i < sl->nt; i++) {
		if (!sl->open[i])
			continue;
		for (int j = 0; j < 3; j++) {
			double s = sl->loc[3 * sl->t[3 * i + (size_t)j]];
			if (!(sl->open[i] & (1u << j)) && !(sl->open[i] & (1u << ((j + 2) % 3))))
				continue; /* not an end of an open edge */
			if (s < s0)
				*lo = fmax(*lo, s);
			else
				*hi = fmin(*hi, s);
		}
	}
}

static double cross2(const double *o, const double *a, const double *b)
{
	return (a[0] - o[0]) * (b[1] - o[1]) - (a[1] - o[1]) * (b[0] - o[0]);
}

static int cmp_pt(const void *x, const void *y)
{
	const double *a = x, *b = y;
	if (a[0] != b[0])
		return a[0] < b[0] ? -1 : 1;
	return (a[1] > b[1]) - (a[1] < b[1]);
}

/* Perimeter and area of the convex hull of n points (monotone chain);
 * sorts p. */
static int cmp_angle(const void *a, const void *b)
{
	const double *u = a, *v = b;
	double x = atan2(u[1], u[0]), y = atan2(v[1], v[0]);
	return (x > y) - (x < y);
}

/*
 * The area of the central symmetral (K - K) / 2 of the convex polygon
 * h[0..k-1] (counter-clockwise, h[k-1] = h[0]).  Its caliper width is K's in
 * every direction, and by the Brunn-Minkowski inequality no convex section
 * with those widths has more area: widths alone, from any number of views,
 * cannot tell K from it.  K - K is the polygon of K's edges and their
 * opposites sorted by direction; e holds 2 (k - 1) edge vectors.
 */
static double symmetral_area(const double *h, size_t k, double *e)
{
	size_t m = 0;
	double x = 0, y = 0, area = 0;

	for (size_t i = 0; i + 1 < k; i++) {
		double dx = h[2 * i + 2] - h[2 * i], dy = h[2 * i + 3] - h[2 * i + 1];
		e[2 * m] = dx;
		e[2 * m++ + 1] = dy;
		e[2 * m] = -dx;
		e[2 * m++ + 1] = -dy;
	}
	qsort(e, m, 2 * sizeof *e, cmp_angle);
	for (size_t i = 0; i < m; i++) {
		area += (x * (y + e[2 * i + 1]) - (x + e[2 * i]) * y) / 2;
		x += e[2 * i];
		y += e[2 * i + 1];
	}
	return area / 4;
}

/* sym_area NULL: not wanted */
static double hull_perimeter(double *p, size_t n, double *area, double *sym_area)
{
	size_t k = 0, i, lower;
	double per = 0, *h;

	*area = 0;
	if (sym_area)
		*sym_area = 0;
	if (n < 2)
		return 0;
	qsort(p, n, 2 * sizeof *p, cmp_pt);
	/* the hull (at most 2 n + 1 points) and then its 4 n edge vectors */
	h = malloc((2 * n + 1 + 4 * n) * 2 * sizeof *h);
	if (!h)
		return NAN;
	for (i = 0; i < n; i++) {
		while (k >= 2 && cross2(h + 2 * (k - 2), h + 2 * (k - 1), p + 2 * i) <= 0)
			k--;
		memcpy(h + 2 * k++, p + 2 * i, 2 * sizeof *p);
	}
	lower = k + 1;
	for (i = n - 1; i-- > 0;) {
		while (k >= lower && cross2(h + 2 * (k - 2), h + 2 * (k - 1), p + 2 * i) <= 0)
			k--;
		memcpy(h + 2 * k++, p + 2 * i, 2 * sizeof *p);
	}
	/* h[k-1] is p[0] again: the loop is closed */
	for (i = 0; i + 1 < k; i++) {
		per += hypot(h[2 * i + 2] - h[2 * i], h[2 * i + 3] - h[2 * i + 1]);
		*area += (h[2 * i] * h[2 * i + 3] - h[2 * i + 2] * h[2 * i + 1]) / 2;
	}
	if (sym_area)
		*sym_area = symmetral_area(h, k, h + 2 * (2 * n + 1));
	free(h);
	return per;
}

void gen_slicer_section(gen_slicer *sl, double s, gen_section *out)
{
	size_t b = bin_of(sl, s), np = 0;
	double area = 0;

	memset(out, 0, sizeof *out);
	out->umin = out->wmin = HUGE_VAL;
	out->umax = out->wmax = -HUGE_VAL;
	if (s < sl->smin || s > sl->smax)
		return;
	for (uint32_t k = sl->start[b]; k < sl->start[b + 1]; k++) {
		const uint32_t *t = sl->t + 3 * (size_t)sl->idx[k];
		const double *v[3] = { sl->loc + 3 * t[0], sl->loc + 3 * t[1], sl->loc + 3 * t[2] };
		double d[3], pq[2][2], e1[3], e2[3], n[3];
		int neg = 0, c = 0;

		for (int j = 0; j < 3; j++) {
			d[j] = v[j][0] - s;
			neg += d[j] < 0;
		}
		if (neg == 0 || neg == 3)
			continue;
		for (int j = 0; j < 3 && c < 2; j++) {
			int i2 = (j + 1) % 3;
			double r;
			if ((d[j] < 0) == (d[i2] < 0))
				continue;
			r = d[j] / (d[j] - d[i2]);
			pq[c][0] = v[j][1] + r * (v[i2][1] - v[j][1]);
			pq[c][1] = v[j][2] + r * (v[i2][2] - v[j][2]);
			if (sl->open[sl->idx[k]] & (1u << j))
				out->open = 1;
			c++;
		}
		for (int j = 0; j < 3; j++) {
			e1[j] = v[1][j] - v[0][j];
			e2[j] = v[2][j] - v[0][j];
		}
		cross3(e1, e2, n);
		/* counter-clockwise in (u, w) for an outward normal: along s x n */
		if ((pq[1][0] - pq[0][0]) * -n[2] + (pq[1][1] - pq[0][1]) * n[1] < 0) {
			double tu = pq[0][0], tw = pq[0][1];
			pq[0][0] = pq[1][0];
			pq[0][1] = pq[1][1];
			pq[1][0] = tu;
			pq[1][1] = tw;
		}
		area += (pq[0][0] * pq[1][1] - pq[0][1] * pq[1][0]) / 2;
		for (int j = 0; j < 2; j++) {
			out->umin = fmin(out->umin, pq[j][0]);
			out->umax = fmax(out->umax, pq[j][0]);
			out->wmin = fmin(out->wmin, pq[j][1]);
			out->wmax = fmax(out->wmax, pq[j][1]);
			sl->pts[2 * np] = pq[j][0];
			sl->pts[2 * np + 1] = pq[j][1];
			np++;
		}
		out->segments++;
	}
	out->area_cm2 = area;
	out->hull_cm = hull_perimeter(sl->pts, np, &out->hull_area_cm2,
				      sl->symmetral ? &out->sym_area_cm2 : NULL);
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

double gen_slicer_volume_ml(gen_slicer *sl, double from, double to)
{
	size_t n = 0, i;
	double *k = malloc((sl->nv + 2) * sizeof *k), sum = 0, a0;
	gen_section sec;

	if (!k)
		return -1;
	k[n++] = from;
	k[n++] = to;
	for (i = 0; i < sl->nv; i++)
		if (sl->loc[3 * i] > from && sl->loc[3 * i] < to)
			k[n++] = sl->loc[3 * i];
	qsort(k, n, sizeof *k, cmp_double);
	gen_slicer_section(sl, k[0], &sec);
	a0 = sec.area_cm2;
	for (i = 0; i + 1 < n; i++) {
		double h = k[i + 1] - k[i], am, a1;
		int bad = sec.open || !sec.segments;
		if (h <= 0)
			continue;
		gen_slicer_section(sl, (k[i] + k[i + 1]) / 2, &sec);
		am = sec.area_cm2;
		bad |= sec.open || !sec.segments;
		gen_slicer_section(sl, k[i + 1], &sec);
		a1 = sec.area_cm2;
		if (bad || sec.open || !sec.segments) {
			free(k);
			return -1;
		}
		sum += h / 6 * (a0 + 4 * am + a1);
		a0 = a1;
	}
	free(k);
	return sum;
}

double gen_slicer_ellipse_volume_ml(gen_slicer *sl, double from, double to)
{
	int n = 2 * (int)ceil((to - from) / 0.2);
	double h = (to - from) / n, sum = 0;
	gen_section sec;

	for (int i = 0; i <= n; i++) {
		double wt = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
		gen_slicer_section(sl, from + i * h, &sec);
		if (sec.segments)
			sum += wt * (sec.umax - sec.umin) * (sec.wmax - sec.wmin);
	}
	return M_PI / 4 * sum * h / 3;
}

int gen_frame_fit(gen_frame *f, const gen_mesh *m, const double *view, double from, double to)
{
	double landmark[3];

	memcpy(landmark, f->o, sizeof landmark);
	for (int it = 0; it < 8; it++) {
		gen_slicer *sl = gen_slicer_new(m, f);
		double n = 0, ss = 0, s2 = 0, su = 0, sw = 0, ssu = 0, ssw = 0, a, b, u0, w0, det;
		double axis_o[3], l;
		gen_section sec;

		if (!sl)
			return -1;
		for (double s = from; s <= to + 1e-9; s += 0.5) {
			gen_slicer_section(sl, s, &sec);
			if (!sec.segments) {
				gen_slicer_free(sl);
				return -1;
			}
			double um = (sec.umin + sec.umax) / 2, wm = (sec.wmin + sec.wmax) / 2;
			n++;
			ss += s;
			s2 += s * s;
			su += um;
			sw += wm;
			ssu += s * um;
			ssw += s * wm;
		}
		gen_slicer_free(sl);
		det = n * s2 - ss * ss;
		if (!(det > 0))
			return -1;
		a = (n * ssu - ss * su) / det;
		b = (n * ssw - ss * sw) / det;
		u0 = (su - a * ss) / n;
		w0 = (sw - b * ss) / n;
		for (int k = 0; k < 3; k++) {
			axis_o[k] = f->o[k] + u0 * f->e2[k] + w0 * f->e3[k];
			f->e1[k] += a * f->e2[k] + b * f->e3[k];
		}
		if (normalize3(f->e1) < 0 || complete_frame(f, view) < 0)
			return -1;
		/* position 0: the landmark projected onto the axis */
		l = 0;
		for (int k = 0; k < 3; k++)
			l += (landmark[k] - axis_o[k]) * f->e1[k];
		for (int k = 0; k < 3; k++)
			f->o[k] = axis_o[k] + l * f->e1[k];
		if (fabs(a) < 1e-9 && fabs(b) < 1e-9 && hypot(u0, w0) < 1e-7)
			break;
	}
	return 0;
}
