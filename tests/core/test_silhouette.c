/*
 * Silhouettes against shapes of known geometry drawn here, with
 * anti-aliased edges (each pixel's value is the covered fraction of 16 x 16
 * sub-pixel samples), so expected widths and volumes are closed forms.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdint.h>
#include <stdlib.h>

#define SUB 16

typedef int (*inside_fn)(const void *shape, double x, double y);

/* Draw a shape: pixel centres at integer coordinates. */
static unsigned char *draw(size_t w, size_t h, inside_fn in, const void *shape)
{
	unsigned char *m = malloc(w * h);
	for (size_t y = 0; y < h; y++)
		for (size_t x = 0; x < w; x++) {
			double px = (double)x, py = (double)y;
			int c = in(shape, px - 0.5, py - 0.5) + in(shape, px + 0.5, py - 0.5) +
				in(shape, px - 0.5, py + 0.5) + in(shape, px + 0.5, py + 0.5);
			if (c == 0 || c == 4) {
				m[y * w + x] = c ? 255 : 0;
				continue;
			}
			int cnt = 0;
			for (int j = 0; j < SUB; j++)
				for (int i = 0; i < SUB; i++)
					cnt += in(shape, px - 0.5 + (i + 0.5) / SUB,
						  py - 0.5 + (j + 0.5) / SUB);
			m[y * w + x] = (unsigned char)lround(255.0 * cnt / (SUB * SUB));
		}
	return m;
}

/*
 * A limb along a line through (ox, oy) at angle th (radians, image y down),
 * its tip at axial distance `tip` px (negative: towards -direction), going
 * on to the frame in the +direction.  Half-width r(s) at axial distance s
 * (px) = r0 + r1 s + r2 sin(s / len).
 */
typedef struct limb {
	double ox, oy, th, tip, r0, r1, r2, len;
} limb;

static double half_width(const limb *l, double s)
{
	return l->r0 + l->r1 * s + l->r2 * sin(s / l->len);
}

static int in_limb(const void *p, double x, double y)
{
	const limb *l = p;
	double c = cos(l->th), s = sin(l->th);
	double t = (x - l->ox) * c + (y - l->oy) * s, u = -(x - l->ox) * s + (y - l->oy) * c;
	return t >= l->tip && fabs(u) <= half_width(l, t);
}

static lv_silhouette *measure(const unsigned char *m, size_t w, size_t h, double ppc, double ox,
			      double oy, double step)
{
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	o.px_per_cm = ppc;
	o.origin_x_px = ox;
	o.origin_y_px = oy;
	o.step_cm = step;
	if (lv_silhouette_measure(&s, &v, &o) < 0)
		fprintf(stderr, "measure: %s\n", lv_error_last()->message);
	return s;
}

/* A cylinder of diameter 80 px at 20 degrees: widths 80 px, axis at 20 deg. */
static void cylinder_rotated(void)
{
	size_t w = 900, h = 600;
	limb L = { 300, 250, 20 * M_PI / 180, -150, 40, 0, 0, 1 };
	unsigned char *m = draw(w, h, in_limb, &L);
	lv_silhouette *s = measure(m, w, h, 10, 300, 250, 0.5);
	CHECK(s != NULL);
	if (s) {
		double x0, y0, dx, dy, from, to;
		lv_silhouette_axis_px(s, &x0, &y0, &dx, &dy);
		CHECK_NEAR(x0, 300, 0.05);
		CHECK_NEAR(y0, 250, 0.05);
		/* the limb leaves through the right/bottom of the frame */
		CHECK_NEAR(atan2(dy, dx) * 180 / M_PI, 20, 0.02);
		lv_silhouette_range_cm(s, &from, &to);
		/* tip at -15 cm; the flat tip's corners make the first lines short */
		CHECK(from > -15.01 && from < -14);
		CHECK(to > 40);
		size_t n = lv_silhouette_count(s), checked = 0;
		double worst = 0;
		for (size_t i = 0; i < n; i++) {
			double p = lv_silhouette_position_cm(s, i),
			       wd = lv_silhouette_width_cm(s, i);
			if (p < from + 1 || p > to)
				continue;
			worst = fmax(worst, fabs(wd * 10 - 80));
			checked++;
		}
		CHECK(checked > 50);
		CHECK_NEAR(worst, 0, 0.5);
		/* the edges lie on the two outlines */
		double x1, y1, x2, y2;
		lv_silhouette_edges_px(s, 60, &x1, &y1, &x2, &y2);
		CHECK_NEAR(hypot(x2 - x1, y2 - y1), lv_silhouette_width_cm(s, 60) * 10, 1e-9);
		CHECK_NEAR(fabs(-(x1 - 300) * sin(L.th) + (y1 - 250) * cos(L.th)), 40, 0.5);
		lv_silhouette_free(s);
	}
	free(m);
}

/*
 * Front and side views of a limb with elliptical sections: semi-axes
 * a(s) = 45 + 0.05 s + 6 sin(s / 150) and b(s) = 36 + 0.04 s (px, 10 px/cm),
 * tip at s = -200, leaving the frame to the left (angle 180 degrees).
 * Exact volume between two positions: integral of pi a b ds.
 */
static double ellipse_volume_px3(double s0, double s1)
{
	/* a = A + B s + C sin(s/L), b = D + E s */
	double A = 45, B = 0.05, C = 6, L = 150, D = 36, E = 0.04;
/* integral of (A + B s)(D + E s) + C sin(s/L)(D + E s) */
#define POLY(s) (A * D * (s) + (A * E + B * D) * (s) * (s) / 2 + B * E * (s) * (s) * (s) / 3)
#define SINT(s) (C * (-(D + E * (s)) * L * cos((s) / L) + E * L * L * sin((s) / L)))
	double v = POLY(s1) - POLY(s0) + SINT(s1) - SINT(s0);
#undef POLY
#undef SINT
	return M_PI * v;
}

static void ellipse_limb_two_views(void)
{
	size_t w = 1400, h = 420;
	/* origin at x = 1000: the limb points left to the frame, tip at x = 1200 */
	limb F = { 1000, 210, M_PI, -200, 45, 0.05, 6, 150 };
	limb S = { 1000, 215, M_PI, -200, 36, 0.04, 0, 150 };
	unsigned char *mf = draw(w, h, in_limb, &F), *ms = draw(w, h, in_limb, &S);
	lv_silhouette *f = measure(mf, w, h, 10, 1000, 100, 0.1);
	lv_silhouette *s = measure(ms, w, h, 10, 1000, 300, 0.1);
	CHECK(f && s);
	if (f && s) {
		double x0, y0, dx, dy;
		lv_silhouette_axis_px(f, &x0, &y0, &dx, &dy);
		CHECK_NEAR(dx, -1, 1e-4);
		CHECK_NEAR(x0, 1000, 0.1);
		CHECK_NEAR(y0, 210, 0.1);
		/* widths at a few positions: 2 a(s) within 0.5 px */
		for (double p = -15; p <= 80; p += 9.5) {
			double wf, ws, sp = p * 10;
			CHECK_STATUS(lv_silhouette_width_at_cm(f, p, &wf), LV_OK);
			CHECK_STATUS(lv_silhouette_width_at_cm(s, p, &ws), LV_OK);
			CHECK_NEAR(wf * 10, 2 * half_width(&F, sp), 0.5);
			CHECK_NEAR(ws * 10, 2 * half_width(&S, sp), 0.5);
		}
		lv_profile *p = NULL;
		lv_volume v;
		CHECK_STATUS(lv_silhouette_profile(&p, f, s, -18, 90), LV_OK);
		CHECK_STATUS(lv_volume_between(p, LV_MODEL_ELLIPSE, -18, 90, 0.05, &v), LV_OK);
		CHECK_REL(v.volume_ml, ellipse_volume_px3(-180, 900) / 1000, 0.005);
		/* a sub-range, starting off the sample grid */
		CHECK_STATUS(lv_volume_between(p, LV_MODEL_ELLIPSE, 3.33, 47.77, 0.05, &v), LV_OK);
		CHECK_REL(v.volume_ml, ellipse_volume_px3(33.3, 477.7) / 1000, 0.005);
		lv_profile_free(p);
		/* one view: circles of the front width */
		CHECK_STATUS(lv_silhouette_profile(&p, f, NULL, 0, 40), LV_OK);
		CHECK_STATUS(lv_volume_between(p, LV_MODEL_ELLIPSE, 0, 40, 0.05, &v), LV_OK);
		double exact = 0;
		for (int k = 0; k < 4000; k++) { /* midpoint rule, pi a^2 */
			double sp = (k + 0.5) * 0.1, a = half_width(&F, sp);
			exact += M_PI * a * a * 0.1;
		}
		CHECK_REL(v.volume_ml, exact / 1000, 0.005);
		lv_profile_free(p);
		/* outside the measured range */
		CHECK_STATUS(lv_silhouette_profile(&p, f, s, -25, 40), LV_ERANGE);
		CHECK_STR_CONTAINS(lv_error_last()->message, "front view");
		CHECK(p == NULL);
		CHECK_STATUS(lv_silhouette_profile(&p, f, s, 40, 10), LV_EINVAL);
	}
	lv_silhouette_free(f);
	lv_silhouette_free(s);
	free(mf);
	free(ms);
}

/* A strictly binary mask (0/255): widths to the pixel. */
/*
 * A band along the pixel rows whose edges lie at fractions of a pixel, each
 * outline pixel holding its coverage (a camera's pixel integrates its
 * area): the width is the band's, whatever the fractions.  Finding the
 * edges where the interpolated mask crosses half-way alone is off by up to
 * 0.09 px per edge (e / (0.5 + e) - e for an edge e past a pixel centre).
 */
static void aligned_antialiased_edges(void)
{
	const size_t w = 400, h = 200;
	const double tops[] = { 60.0, 60.1, 60.2, 60.3, 60.45, 60.7 }, width_px = 70.35;
	for (size_t k = 0; k < sizeof tops / sizeof tops[0]; k++) {
		unsigned char *m = calloc(w * h, 1);
		double top = tops[k], bottom = top + width_px;
		for (size_t y = 0; y < h; y++) {
			/* pixel y covers [y - 0.5, y + 0.5] */
			double c = fmin((double)y + 0.5, bottom) - fmax((double)y - 0.5, top);
			unsigned char v = (unsigned char)lround(255 * fmax(0, fmin(1, c)));
			for (size_t x = 100; x < w; x++)
				m[y * w + x] = v;
		}
		lv_silhouette *s = measure(m, w, h, 10, 150, 95, 0.5);
		CHECK(s != NULL);
		if (s) {
			double wd;
			CHECK_STATUS(lv_silhouette_width_at_cm(s, 10, &wd), LV_OK);
			CHECK_NEAR(wd * 10, width_px, 0.01);
			lv_silhouette_free(s);
		}
		free(m);
	}
}

static void binary_mask(void)
{
	size_t w = 600, h = 300;
	unsigned char *m = calloc(w * h, 1);
	/* rows 100..159 (60 px), columns 200..599 */
	for (size_t y = 100; y < 160; y++)
		for (size_t x = 200; x < w; x++)
			m[y * w + x] = 255;
	lv_silhouette *s = measure(m, w, h, 20, 250, 0, 0.25);
	CHECK(s != NULL);
	if (s) {
		double from, to, wd;
		lv_silhouette_range_cm(s, &from, &to);
		CHECK_NEAR(from, -2.5, 0.25);
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 5, &wd), LV_OK);
		CHECK_NEAR(wd, 3.0, 1e-6);
		lv_silhouette_free(s);
	}
	free(m);
}

/* Rows with padding beyond the width (a stride): the padding is not read. */
static void strided_rows(void)
{
	size_t w = 300, h = 120, stride = 320;
	unsigned char *m = calloc(stride * h, 1);
	for (size_t y = 0; y < h; y++)
		memset(m + y * stride + w, 255, stride - w); /* padding: would be limb */
	for (size_t y = 40; y < 80; y++)
		memset(m + y * stride + 100, 255, w - 100);
	lv_mask_view v = { m, w, h, stride };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	o.px_per_cm = 10;
	o.origin_x_px = 100;
	o.origin_y_px = 60;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
	if (s) {
		double wd, from, to;
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 10, &wd), LV_OK);
		CHECK_NEAR(wd, 4, 1e-6);
		lv_silhouette_range_cm(s, &from, &to);
		CHECK_NEAR(from, 0, 0.1);
		CHECK_NEAR(to, 19.9, 0.1);
		lv_silhouette_free(s);
	}
	free(m);
}

/* A small blob next to the limb is not part of it. */
static void small_blob_ignored(void)
{
	size_t w = 600, h = 300;
	unsigned char *m = calloc(w * h, 1);
	for (size_t y = 100; y < 160; y++)
		for (size_t x = 200; x < w; x++)
			m[y * w + x] = 255;
	for (size_t y = 170; y < 180; y++)
		for (size_t x = 300; x < 320; x++)
			m[y * w + x] = 255;
	lv_silhouette *s = measure(m, w, h, 20, 250, 0, 0.25);
	CHECK(s != NULL);
	if (s) {
		double wd;
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 3, &wd), LV_OK);
		CHECK_NEAR(wd, 3.0, 1e-6);
		lv_silhouette_free(s);
	}
	free(m);
}

static void fill(unsigned char *m, size_t w, size_t x0, size_t y0, size_t x1, size_t y1)
{
	for (size_t y = y0; y < y1; y++)
		for (size_t x = x0; x < x1; x++)
			m[y * w + x] = 255;
}

static int fails_with(unsigned char *m, size_t w, size_t h, const char *msg)
{
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = (lv_silhouette *)&v; /* must be reset to NULL */
	o.px_per_cm = 10;
	int st = lv_silhouette_measure(&s, &v, &o);
	CHECK(s == NULL);
	CHECK_STR_CONTAINS(lv_error_last()->message, msg);
	return st;
}

static void failures(void)
{
	size_t w = 400, h = 200;
	unsigned char *m = calloc(w * h, 1);
	CHECK_STATUS(fails_with(m, w, h, "empty"), LV_EIMAGE);
	/* inside the frame */
	fill(m, w, 50, 80, 300, 120);
	CHECK_STATUS(fails_with(m, w, h, "does not leave the frame"), LV_EIMAGE);
	/* across the whole frame: which end is proximal? */
	fill(m, w, 0, 80, 400, 120);
	CHECK_STATUS(fails_with(m, w, h, "say it with --proximal up|down|left|right"), LV_EIMAGE);
	/* lying along the bottom edge and leaving to the right */
	memset(m, 0, w * h);
	fill(m, w, 100, 150, 400, 200);
	CHECK_STATUS(fails_with(m, w, h, "touches the frame along its side"), LV_EIMAGE);
	/* two limbs of similar size */
	memset(m, 0, w * h);
	fill(m, w, 100, 30, 400, 70);
	fill(m, w, 120, 120, 400, 165);
	CHECK_STATUS(fails_with(m, w, h, "two separate blobs"), LV_EIMAGE);
	/* a small border blob and a big one inside */
	memset(m, 0, w * h);
	fill(m, w, 0, 0, 10, 10);
	fill(m, w, 50, 80, 300, 120);
	CHECK_STATUS(fails_with(m, w, h, "does not leave the frame"), LV_EIMAGE);
	/* a speck at the border: too small to measure */
	memset(m, 0, w * h);
	fill(m, w, 399, 50, 400, 51);
	CHECK_STATUS(fails_with(m, w, h, "too small to measure"), LV_EIMAGE);
	/* bad options */
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_EINVAL); /* no scale */
	o.px_per_cm = 10;
	o.step_cm = 0;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_EINVAL);
	o.step_cm = 0.1;
	o.version = 99;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_EINVAL);
	v.stride_bytes = 10;
	o.version = LV_SILHOUETTE_OPTS_VERSION;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_EINVAL);
	lv_silhouette_free(NULL);
	free(m);
}

/* The axis range keeps a "hand" at the tip from tilting the axis. */
static void axis_range(void)
{
	size_t w = 900, h = 400;
	unsigned char *m = calloc(w * h, 1);
	fill(m, w, 300, 170, 900, 230); /* forearm: 60 px wide, y 170..229 */
	fill(m, w, 150, 230, 300, 330); /* a hand bent downwards */
	fill(m, w, 150, 170, 300, 230);
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	o.px_per_cm = 10;
	o.origin_x_px = 300;
	o.origin_y_px = 200;
	o.axis_from_cm = 2;
	o.axis_to_cm = 50;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
	if (s) {
		double x0, y0, dx, dy, wd;
		lv_silhouette_axis_px(s, &x0, &y0, &dx, &dy);
		CHECK_NEAR(dy, 0, 1e-6);
		CHECK_NEAR(y0, 199.5, 1e-3);
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 30, &wd), LV_OK);
		CHECK_NEAR(wd, 6.0, 1e-6);
		lv_silhouette_free(s);
	}
	free(m);
}

/*
 * A limb leaving through the top edge (axis pointing up: -y), and one
 * leaving through the bottom-right corner at 45 degrees: the positive
 * direction points where it leaves, widths stay exact.
 */
static void exit_directions(void)
{
	size_t w = 500, h = 700;
	limb up = { 250, 500, -M_PI / 2, -150, 50, 0, 0, 1 };
	unsigned char *m = draw(w, h, in_limb, &up);
	lv_silhouette *s = measure(m, w, h, 10, 250, 500, 0.5);
	CHECK(s != NULL);
	if (s) {
		double x0, y0, dx, dy, wd, from, to;
		lv_silhouette_axis_px(s, &x0, &y0, &dx, &dy);
		CHECK_NEAR(dx, 0, 1e-4);
		CHECK_NEAR(dy, -1, 1e-6);
		lv_silhouette_range_cm(s, &from, &to);
		CHECK_NEAR(from, -15, 0.5);
		CHECK_NEAR(to, 50, 0.5); /* the frame at y = 0 is 50 cm up */
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 20, &wd), LV_OK);
		CHECK_NEAR(wd * 10, 100, 0.2);
		lv_silhouette_free(s);
	}
	free(m);

	w = h = 600;
	limb diag = { 200, 200, M_PI / 4, -120, 45, 0.02, 0, 1 };
	m = draw(w, h, in_limb, &diag);
	s = measure(m, w, h, 10, 200, 200, 0.5);
	CHECK(s != NULL);
	if (s) {
		double x0, y0, dx, dy, wd;
		lv_silhouette_axis_px(s, &x0, &y0, &dx, &dy);
		CHECK_NEAR(dx, sqrt(0.5), 1e-4);
		CHECK_NEAR(dy, sqrt(0.5), 1e-4);
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 30, &wd), LV_OK);
		CHECK_NEAR(wd * 10, 2 * half_width(&diag, 300), 0.5);
		lv_silhouette_free(s);
	}
	free(m);
}

/*
 * Random masks (blobs, strokes, noise, grey levels) with random scales,
 * origins and steps: every result is a clean success or LV_EIMAGE, and a
 * success is self-consistent (positions on the step grid, finite widths
 * throughout the range, edges that far apart).
 */
static uint64_t rnd_state = 0x9E3779B97F4A7C15u;
static unsigned rnd(void)
{
	rnd_state ^= rnd_state << 13;
	rnd_state ^= rnd_state >> 7;
	rnd_state ^= rnd_state << 17;
	return (unsigned)(rnd_state >> 20);
}
#define RND() rnd()

static void random_masks(void)
{
	int measured = 0;
	for (int run = 0; run < 300; run++) {
		size_t w = 8 + RND() % 220, h = 8 + RND() % 160, k;
		unsigned char *m = calloc(w * h, 1);
		int blobs = 1 + (int)(RND() % 4);
		for (int b = 0; b < blobs; b++) {
			double cx = RND() % w, cy = RND() % h, rx = 1 + RND() % w;
			double ry = 1 + RND() % (h / 2 + 1);
			for (size_t y = 0; y < h; y++)
				for (size_t x = 0; x < w; x++) {
					double q = pow((x - cx) / rx, 2) + pow((y - cy) / ry, 2);
					if (q <= 1)
						m[y * w + x] = (unsigned char)(q > 0.9 ? RND() % 256
										       : 255);
				}
		}
		for (k = RND() % 40; k > 0; k--)
			m[RND() % (w * h)] = (unsigned char)(RND() % 256);
		lv_mask_view v = { m, w, h, w };
		lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
		lv_silhouette *s = NULL;
		o.px_per_cm = 1 + RND() % 30;
		o.origin_x_px = (double)(RND() % (w + 40)) - 20;
		o.origin_y_px = (double)(RND() % (h + 40)) - 20;
		o.step_cm = 0.05 + (RND() % 100) / 50.0;
		if (RND() % 3 == 0) {
			o.axis_from_cm = -(double)(RND() % 10);
			o.axis_to_cm = (double)(RND() % 20);
		}
		int st = lv_silhouette_measure(&s, &v, &o);
		CHECK(st == LV_OK || st == LV_EIMAGE);
		CHECK((st == LV_OK) == (s != NULL));
		if (s) {
			double from, to;
			measured++;
			lv_silhouette_range_cm(s, &from, &to);
			CHECK(from <= to);
			for (size_t i = 0; i < lv_silhouette_count(s); i++) {
				double p = lv_silhouette_position_cm(s, i),
				       wd = lv_silhouette_width_cm(s, i);
				double x1, y1, x2, y2;
				CHECK_NEAR(p / o.step_cm, round(p / o.step_cm), 1e-6);
				if (p >= from - 1e-9 && p <= to + 1e-9)
					CHECK(isfinite(wd) && wd >= 0);
				if (isfinite(wd)) {
					lv_silhouette_edges_px(s, i, &x1, &y1, &x2, &y2);
					CHECK_NEAR(hypot(x2 - x1, y2 - y1), wd * o.px_per_cm, 1e-6);
				}
			}
			lv_silhouette_free(s);
		} else {
			CHECK(lv_error_last()->message[0] != '\0');
		}
		free(m);
	}
	/* both outcomes occur often: the run is not vacuous */
	CHECK(measured > 30 && measured < 270);
	printf("random masks: %d of 300 measured\n", measured);
#undef RND
}

/* A limb crossing the frame at both ends: the proximal direction decides
 * the sign of positions; a direction against the photo is refused. */
static void both_frame_edges(void)
{
	size_t w = 400, h = 200;
	unsigned char *m = calloc(w * h, 1);
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	double x1, y1, x2, y2;

	fill(m, w, 0, 80, 400, 121); /* rows 80..120: 41 px */
	o.px_per_cm = 10;
	o.origin_x_px = 150;
	o.origin_y_px = 160;
	for (int dir = -1; dir <= 1; dir += 2) {
		o.proximal_dx = dir;
		o.proximal_dy = 0.1;
		CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
		if (!s)
			continue;
		/* position +5 cm lies towards the proximal end */
		for (size_t i = 0; i < lv_silhouette_count(s); i++)
			if (fabs(lv_silhouette_position_cm(s, i) - 5) < 1e-9) {
				lv_silhouette_edges_px(s, i, &x1, &y1, &x2, &y2);
				CHECK_NEAR(x1, 150 + dir * 50, 1e-6);
				CHECK_NEAR(fabs(y2 - y1), 41, 1e-6); /* rows 80..120 */
			}
		lv_silhouette_free(s);
		s = NULL;
	}
	/* a limb leaving on the right only, a proximal direction to the left */
	memset(m, 0, w * h);
	fill(m, w, 40, 80, 400, 121);
	o.proximal_dx = -1;
	o.proximal_dy = 0;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "the opposite of the proximal direction");
	/* version 1 options (no proximal fields) still work */
	o.version = 1;
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
	lv_silhouette_free(s);
	free(m);
}

/*
 * A limb whose medial line bends: distal part horizontal (x 20..200, centre
 * row 150, 41 px wide), proximal part rising 10 degrees to the right edge;
 * the origin 60 px below the distal part at x = 120.  The chord at position
 * 0 must run through x = 120, to a pixel, whether the axis is fitted over
 * the straight distal part only (axis_range) or over the whole limb: the
 * landmark's line runs across the limb perpendicular to its local direction
 * (a tape laid around it), not along the normal of the whole limb's axis
 * (tilted some 5 degrees: 8 px away).
 */
static void landmark_on_a_bent_limb_case(int axis_range)
{
	size_t w = 600, h = 300;
	unsigned char *m = calloc(w * h, 1);
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	lv_silhouette *s = NULL;
	double x1, y1, x2, y2, t = tan(10 * 3.14159265358979 / 180);

	for (size_t x = 20; x < w; x++) {
		double c = x < 200 ? 150 : 150 - (double)(x - 200) * t;
		for (size_t y = 0; y < h; y++)
			if (fabs((double)y - c) <= 20)
				m[y * w + x] = 255;
	}
	o.px_per_cm = 10;
	o.origin_x_px = 120;
	o.origin_y_px = 210;
	if (axis_range) {
		o.axis_from_cm = -5;
		o.axis_to_cm = 5;
	}
	CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
	if (s) {
		for (size_t i = 0; i < lv_silhouette_count(s); i++)
			if (fabs(lv_silhouette_position_cm(s, i)) < 1e-9) {
				lv_silhouette_edges_px(s, i, &x1, &y1, &x2, &y2);
				CHECK_NEAR((x1 + x2) / 2, 120, 1.0);
				if (axis_range)
					CHECK_NEAR(fabs(y2 - y1), 41, 0.1);
			}
		lv_silhouette_free(s);
	}
	free(m);
}

static void landmark_on_a_bent_limb(void)
{
	landmark_on_a_bent_limb_case(1);
}

static void landmark_local_direction(void)
{
	landmark_on_a_bent_limb_case(0);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(cylinder_rotated);
	RUN(ellipse_limb_two_views);
	RUN(binary_mask);
	RUN(aligned_antialiased_edges);
	RUN(small_blob_ignored);
	RUN(strided_rows);
	RUN(failures);
	RUN(axis_range);
	RUN(exit_directions);
	RUN(both_frame_edges);
	RUN(landmark_on_a_bent_limb);
	RUN(landmark_local_direction);
	RUN(random_masks);
	return lv_test_done();
}
