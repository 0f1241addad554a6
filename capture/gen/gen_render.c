/*
 * Rendering: rays from a pinhole camera against the limb, the marker card
 * and a background wall, in plain C.  Anti-aliasing by supersampling the
 * pixels whose four corners do not see the same thing (limb, card, a marker
 * cell, background); elsewhere one ray through the pixel's centre.
 *
 * Camera coordinates: x right, y down, z forward (as OpenCV), in cm, camera
 * at the origin.  The marker plane is z = distance; the limb's axis lies in
 * it, so the card "in the plane through the limb's axis, facing the camera"
 * is that plane.  The limb's local frame: e1 along the axis (towards the
 * proximal end), e2 across it in the plane, e3 = z (depth).  A point is
 * inside the limb when (y/A(s))^2 + (z/B(s))^2 <= 1, A the semi-axis across
 * (a in the front view, b in the side view) and B the one in depth.
 */
#include "gen.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

enum { ID_BACK = 0, ID_LIMB = 1, ID_CARD = 2, ID_CELL = 3 };
/* Supersampling of mixed pixels: SS x SS rays. */
#define SS 5
#define MASK_SS 16

/* Semi-axes tabulated every TABLE_CM over TABLE_LEN cm, linearly
 * interpolated (error ~ TABLE_CM^2 / 8 * a'' < 1e-5 cm): rendering needs
 * millions of evaluations, the truth uses the functions themselves. */
#define TABLE_CM 0.005
#define TABLE_N 80000

typedef struct rctx {
	const gen_scene *sc;
	double *ta, *tb; /* TABLE_N + 1 entries from smin */
	double e1[3], e2[3], p0[3];
	double amax, bmax, smin;
	double light[3];
	double card_c[3];
	double cx, cy;
	int hand;
	gen_ellipsoid h;
} rctx;

static double dot3(const double *a, const double *b)
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static void axes_ab(const rctx *c, double s, double *A, double *B)
{
	double a, b, f = (s - c->smin) / TABLE_CM, fr;
	long i;

	if (f <= 0) {
		*A = *B = 0;
		return;
	}
	if (f >= TABLE_N) {
		gen_axes(c->sc->shape, s, &a, &b);
	} else {
		i = (long)f;
		fr = f - (double)i;
		a = c->ta[i] + fr * (c->ta[i + 1] - c->ta[i]);
		b = c->tb[i] + fr * (c->tb[i + 1] - c->tb[i]);
	}
	*A = c->sc->side ? b : a;
	*B = c->sc->side ? a : b;
}

/* A line in the limb's local frame: point (os, oy, oz) + t (vs, vy, vz). */
typedef struct lline {
	double os, oy, oz, vs, vy, vz;
} lline;

static void to_local(const rctx *c, const double *o, const double *v, lline *l)
{
	double d[3] = { o[0] - c->p0[0], o[1] - c->p0[1], o[2] - c->p0[2] };
	l->os = dot3(d, c->e1);
	l->oy = dot3(d, c->e2);
	l->oz = d[2];
	l->vs = dot3(v, c->e1);
	l->vy = dot3(v, c->e2);
	l->vz = v[2];
}

/* Where a line enters the hand (t > tlo), or HUGE_VAL. */
static double hand_hit(const rctx *c, const lline *l, double tlo)
{
	double al = 0, be = 0, ga = -1, disc, t;
	int k;

	if (!c->hand)
		return HUGE_VAL;
	for (k = 0; k < 3; k++) {
		const double *u = c->h.u[k];
		double q0 = ((l->os - c->h.c[0]) * u[0] + (l->oy - c->h.c[1]) * u[1] +
			     (l->oz - c->h.c[2]) * u[2]) /
			c->h.r[k];
		double qv = (l->vs * u[0] + l->vy * u[1] + l->vz * u[2]) / c->h.r[k];
		al += qv * qv;
		be += 2 * q0 * qv;
		ga += q0 * q0;
	}
	disc = be * be - 4 * al * ga;
	if (al <= 0 || disc < 0)
		return HUGE_VAL;
	t = (-be - sqrt(disc)) / (2 * al);
	return t > tlo ? t : HUGE_VAL;
}

/* Lambert shade of the hand at ray parameter t. */
static double hand_shade(const rctx *c, const lline *l, double t)
{
	double p[3] = { l->os + t * l->vs, l->oy + t * l->vy, l->oz + t * l->vz },
	       g[3] = { 0, 0, 0 };
	double n[3], nn;
	int k, j;

	for (k = 0; k < 3; k++) {
		const double *u = c->h.u[k];
		double q = ((p[0] - c->h.c[0]) * u[0] + (p[1] - c->h.c[1]) * u[1] +
			    (p[2] - c->h.c[2]) * u[2]) /
			(c->h.r[k] * c->h.r[k]);
		for (j = 0; j < 3; j++)
			g[j] += q * u[j];
	}
	for (k = 0; k < 3; k++)
		n[k] = g[0] * c->e1[k] + g[1] * c->e2[k] + (k == 2 ? g[2] : 0);
	nn = sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]);
	return 0.28 +
		0.72 *
		fmax(0,
		     nn > 0 ? (n[0] * c->light[0] + n[1] * c->light[1] + n[2] * c->light[2]) / nn
			    : 0);
}

static double g_at(const rctx *c, const lline *l, double t)
{
	double A, B, y = l->oy + t * l->vy, z = l->oz + t * l->vz;
	axes_ab(c, l->os + t * l->vs, &A, &B);
	if (A <= 0 || B <= 0)
		return 1e30;
	return (y / A) * (y / A) + (z / B) * (z / B);
}

/*
 * The smallest value of the limb's ellipse metric along a line, within
 * t in [tlo, inf): *gmin and where (*tm); *t_in where the line enters the
 * bounding cylinder.  Returns 0 when the line cannot come near the limb.
 */
static int metric_min(const rctx *c, const lline *l, double tlo, double *gmin, double *tm,
		      double *t_in)
{
	double am2 = c->amax * c->amax, bm2 = c->bmax * c->bmax;
	double al = l->vy * l->vy / am2 + l->vz * l->vz / bm2;
	double be = 2 * (l->oy * l->vy / am2 + l->oz * l->vz / bm2);
	double ga = l->oy * l->oy / am2 + l->oz * l->oz / bm2 - 1;
	double disc = be * be - 4 * al * ga, t0, t1, best, bt, lo, hi;
	int k, kb = 0;
	const int K = 12;

	if (al <= 0 || disc <= 0)
		return 0;
	t0 = (-be - sqrt(disc)) / (2 * al);
	t1 = (-be + sqrt(disc)) / (2 * al);
	t0 = fmax(t0, tlo);
	if (t1 <= t0)
		return 0;
	if (fmax(l->os + t0 * l->vs, l->os + t1 * l->vs) < c->smin)
		return 0;
	best = HUGE_VAL;
	bt = t0;
	for (k = 0; k <= K; k++) {
		double t = t0 + (t1 - t0) * k / K, g = g_at(c, l, t);
		if (g < best) {
			best = g;
			bt = t;
			kb = k;
		}
	}
	/* golden section around the best sample */
	lo = t0 + (t1 - t0) * (kb > 0 ? kb - 1 : 0) / K;
	hi = t0 + (t1 - t0) * (kb < K ? kb + 1 : K) / K;
	{
		const double r = 0.6180339887498949;
		double x1 = hi - r * (hi - lo), x2 = lo + r * (hi - lo);
		double f1 = g_at(c, l, x1), f2 = g_at(c, l, x2);
		for (k = 0; k < 24; k++) {
			if (f1 < f2) {
				hi = x2;
				x2 = x1;
				f2 = f1;
				x1 = hi - r * (hi - lo);
				f1 = g_at(c, l, x1);
			} else {
				lo = x1;
				x1 = x2;
				f1 = f2;
				x2 = lo + r * (hi - lo);
				f2 = g_at(c, l, x2);
			}
		}
		if (fmin(f1, f2) < best) {
			best = fmin(f1, f2);
			bt = f1 < f2 ? x1 : x2;
		}
	}
	*gmin = best;
	*tm = bt;
	*t_in = t0;
	return 1;
}

/* Where the ray first meets the limb, between tin (outside) and tm (inside). */
static double first_hit(const rctx *c, const lline *l, double tin, double tm)
{
	double lo = tin, hi = tm;
	int k;

	for (k = 0; k < 30; k++) {
		double mid = (lo + hi) / 2;
		if (g_at(c, l, mid) > 1)
			lo = mid;
		else
			hi = mid;
	}
	return hi;
}

/* Lambert shade of the limb at ray parameter t on its surface. */
static double limb_shade(const rctx *c, const lline *l, double hi)
{
	double s, y, z, A, B, A1, B1, A2, B2, h = 1e-3, gs, gy, gz, n[3], nn, d;

	s = l->os + hi * l->vs;
	y = l->oy + hi * l->vy;
	z = l->oz + hi * l->vz;
	axes_ab(c, s, &A, &B);
	axes_ab(c, s - h, &A1, &B1);
	axes_ab(c, s + h, &A2, &B2);
	gs = -2 * y * y * (A2 - A1) / (2 * h) / (A * A * A) -
		2 * z * z * (B2 - B1) / (2 * h) / (B * B * B);
	gy = 2 * y / (A * A);
	gz = 2 * z / (B * B);
	n[0] = gs * c->e1[0] + gy * c->e2[0];
	n[1] = gs * c->e1[1] + gy * c->e2[1];
	n[2] = gz;
	nn = sqrt(dot3(n, n));
	d = nn > 0 ? dot3(n, c->light) / nn : 0;
	return 0.28 + 0.72 * fmax(0, d);
}

/* Soft shadow of the limb on a point of the wall. */
static double shadow_at(const rctx *c, const double *q)
{
	lline l;
	double g, tm, tin, w;

	to_local(c, q, c->light, &l);
	if (!metric_min(c, &l, 0, &g, &tm, &tin))
		return 0;
	/* penumbra grows with the distance to the occluder (a light ~3 degrees wide) */
	w = 0.05 * tm / fmax(c->bmax, 1) + 0.04;
	g = sqrt(g);
	return fmin(1, fmax(0, (1 + w - g) / (2 * w)));
}

/* What the ray through pixel (px, py) sees; its colour when col != NULL. */
static int trace(const rctx *c, double px, double py, double *col)
{
	const gen_scene *sc = c->sc;
	double v[3] = { (px - c->cx) / sc->focal_px, (py - c->cy) / sc->focal_px, 1 };
	double o[3] = { 0, 0, 0 };
	lline l;
	double g, tm, tin, tl = HUGE_VAL, th, tc = sc->distance_cm, vign;
	int hit, on_card, id = ID_BACK, k;
	double X[3], d[3], cu, cv, half = sc->card_cm / 2;

	to_local(c, o, v, &l);
	hit = metric_min(c, &l, 0, &g, &tm, &tin) && g <= 1;
	th = hand_hit(c, &l, 0);
	/* the card, in the plane z = distance */
	for (k = 0; k < 3; k++) {
		X[k] = tc * v[k];
		d[k] = X[k] - c->card_c[k];
	}
	cu = dot3(d, c->e1);
	cv = dot3(d, c->e2);
	on_card = fabs(cu) <= half && fabs(cv) <= half;
	if (hit && (on_card || th < HUGE_VAL || col))
		tl = first_hit(c, &l, tin, tm);
	if (on_card && tc < tl && tc < th) {
		id = ID_CARD;
		if (gen_marker_black(sc->cells, sc->n_cells, sc->marker_cm, cu, cv))
			id = ID_CELL;
	} else if (hit || th < HUGE_VAL) {
		id = ID_LIMB;
	}
	if (!col)
		return id;
	{
		double rx = (px - c->cx) / (sc->width / 2.0),
		       ry = (py - c->cy) / (sc->height / 2.0);
		vign = 1 - 0.12 * (rx * rx + ry * ry) / 2;
	}
	if (id == ID_LIMB) {
		double sh = th < tl ? hand_shade(c, &l, th) : limb_shade(c, &l, tl);
		for (k = 0; k < 3; k++)
			col[k] = sc->skin[k] * sh * vign;
	} else if (id == ID_CARD || id == ID_CELL) {
		double base = id == ID_CARD ? 238 : 24;
		for (k = 0; k < 3; k++)
			col[k] = base * (0.9 + 0.1 * vign);
	} else {
		double tb = sc->distance_cm + sc->back_cm, q[3], shd;
		for (k = 0; k < 3; k++)
			q[k] = tb * v[k];
		shd = shadow_at(c, q);
		for (k = 0; k < 3; k++)
			col[k] = sc->bg[k] * (1 - 0.5 * shd) * vign;
	}
	return id;
}

static int setup(rctx *c, const gen_scene *sc)
{
	double l[3] = { -0.35, -0.55, -0.75 }, n = sqrt(dot3(l, l));
	const gen_shape *sh = sc->shape;

	memset(c, 0, sizeof *c);
	c->sc = sc;
	c->e1[0] = cos(sc->tilt);
	c->e1[1] = sin(sc->tilt);
	c->e2[0] = -sin(sc->tilt);
	c->e2[1] = cos(sc->tilt);
	c->p0[0] = sc->x0_cm;
	c->p0[1] = sc->y0_cm;
	c->p0[2] = sc->distance_cm;
	c->smin = sh->tip_cm - gen_cap_cm(sh);
	/* bounds: over a limb far longer than any frame */
	c->amax = c->bmax = gen_max_axis(sh, c->smin, c->smin + 400) * 1.001;
	for (int k = 0; k < 3; k++) {
		c->light[k] = l[k] / n;
		c->card_c[k] =
			c->p0[k] + sc->card_axial_cm * c->e1[k] + sc->card_lateral_cm * c->e2[k];
	}
	c->cx = (sc->width - 1) / 2.0;
	c->cy = (sc->height - 1) / 2.0;
	c->hand = sh->hand;
	if (sh->hand)
		gen_hand(sh, sc->side, &c->h);
	c->ta = malloc((TABLE_N + 1) * sizeof *c->ta);
	c->tb = malloc((TABLE_N + 1) * sizeof *c->tb);
	if (!c->ta || !c->tb)
		return -1;
	for (int i = 0; i <= TABLE_N; i++) {
		double a, b;
		gen_axes(sh, c->smin + i * TABLE_CM, &a, &b);
		c->ta[i] = a;
		c->tb[i] = b;
	}
	return 0;
}

int gen_marker_black(const unsigned char *cells, int n, double marker_cm, double cu, double cv)
{
	double m2 = marker_cm / 2;
	int ci, ri;

	if (!(fabs(cu) < m2 && fabs(cv) < m2))
		return 0;
	ci = (int)floor((cu + m2) / marker_cm * n);
	ri = (int)floor((cv + m2) / marker_cm * n);
	ci = ci < 0 ? 0 : ci >= n ? n - 1 : ci;
	ri = ri < 0 ? 0 : ri >= n ? n - 1 : ri;
	return !cells[ri * n + ci];
}

unsigned char gen_sensor(double v, int noise, uint64_t seed, uint64_t i)
{
	/* triangular noise: the mean of two uniform numbers */
	v += noise * (gen_rand(seed, i) + gen_rand(seed + 1, i)) / 2;
	return (unsigned char)(v < 0 ? 0 : v > 255 ? 255 : lround(v));
}

int gen_render(const gen_scene *sc, unsigned char *bgr, size_t stride)
{
	rctx c = { 0 };
	int w = sc->width, h = sc->height, x, y, k;
	unsigned char *ids0 = malloc((size_t)w + 1), *ids1 = malloc((size_t)w + 1), *tmp;

	if (!ids0 || !ids1 || setup(&c, sc) < 0) {
		free(ids0);
		free(ids1);
		free(c.ta);
		free(c.tb);
		return -1;
	}
	for (x = 0; x <= w; x++)
		ids0[x] = (unsigned char)trace(&c, x - 0.5, -0.5, NULL);
	for (y = 0; y < h; y++) {
		unsigned char *row = bgr + (size_t)y * stride;
		for (x = 0; x <= w; x++)
			ids1[x] = (unsigned char)trace(&c, x - 0.5, y + 0.5, NULL);
		for (x = 0; x < w; x++) {
			double col[3] = { 0, 0, 0 }, s[3];
			uint64_t idx = (uint64_t)y * (uint64_t)w + (uint64_t)x;
			if (ids0[x] == ids0[x + 1] && ids0[x] == ids1[x] &&
			    ids0[x] == ids1[x + 1]) {
				trace(&c, x, y, col);
			} else {
				int i, j;
				for (j = 0; j < SS; j++)
					for (i = 0; i < SS; i++) {
						trace(&c, x - 0.5 + (i + 0.5) / SS,
						      y - 0.5 + (j + 0.5) / SS, s);
						for (k = 0; k < 3; k++)
							col[k] += s[k] / (SS * SS);
					}
			}
			for (k = 0; k < 3; k++)
				row[3 * x + k] = gen_sensor(col[k], sc->noise, sc->seed,
							    idx * 3 + (uint64_t)k);
		}
		tmp = ids0;
		ids0 = ids1;
		ids1 = tmp;
	}
	free(ids0);
	free(ids1);
	free(c.ta);
	free(c.tb);
	return 0;
}

/* Inside the limb's outline in its plane (orthographic). */
static int in_outline(const gen_shape *sh, const gen_ellipsoid *h, int side, double c, double s,
		      double X, double Y)
{
	double t = X * c + Y * s, u = -X * s + Y * c, a, b;
	gen_axes(sh, t, &a, &b);
	if (fabs(u) <= (side ? b : a))
		return 1;
	if (sh->hand) {
		/* the hand's shadow along z: the smallest metric over depth */
		double al = 0, be = 0, ga = 0;
		int k;
		for (k = 0; k < 3; k++) {
			double q0 = ((t - h->c[0]) * h->u[k][0] + (u - h->c[1]) * h->u[k][1] -
				     h->c[2] * h->u[k][2]) /
				h->r[k];
			double qz = h->u[k][2] / h->r[k];
			al += qz * qz;
			be += 2 * q0 * qz;
			ga += q0 * q0;
		}
		return ga - be * be / (4 * al) <= 1;
	}
	return 0;
}

void gen_render_mask(const gen_shape *sh, int side, double tilt, double ppc, double ox, double oy,
		     unsigned char *mask, size_t w, size_t h)
{
	double c = cos(tilt), s = sin(tilt);
	size_t x, y;
	gen_ellipsoid hand;

	if (sh->hand)
		gen_hand(sh, side, &hand);
#define IN(px, py) in_outline(sh, &hand, side, c, s, ((px)-ox) / ppc, ((py)-oy) / ppc)
	for (y = 0; y < h; y++)
		for (x = 0; x < w; x++) {
			double px = (double)x, py = (double)y;
			int n = IN(px - 0.5, py - 0.5) + IN(px + 0.5, py - 0.5) +
				IN(px - 0.5, py + 0.5) + IN(px + 0.5, py + 0.5),
			    cnt = 0, i, j;
			if (n == 0 || n == 4) {
				/* a thin tip can fall between corners: check the centre too */
				if (n == 0 && !IN(px, py)) {
					mask[y * w + x] = 0;
					continue;
				}
				if (n == 4) {
					mask[y * w + x] = 255;
					continue;
				}
			}
			for (j = 0; j < MASK_SS; j++)
				for (i = 0; i < MASK_SS; i++)
					cnt += IN(px - 0.5 + (i + 0.5) / MASK_SS,
						  py - 0.5 + (j + 0.5) / MASK_SS);
			mask[y * w + x] = (unsigned char)lround(255.0 * cnt / (MASK_SS * MASK_SS));
		}
#undef IN
}
