/*
 * The generator's mesh truth against closed forms.  The test writes binary
 * STL files of polyhedra whose sections are known exactly (a regular N-gon
 * prism, a frustum of it, an affine image of it with elliptic vertices, a
 * star prism whose hull is not its outline) and checks the volume between
 * two planes, the section areas and the convex-hull perimeters read back
 * through the generator's reader and slicer; a prism swollen, shrunk and
 * swollen distally (gen_mesh_swell: a prism's side vertices move along the
 * bisector of their facets, so it stays a prism); then the reader's
 * refusals.
 */
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "../../capture/gen/gen_mesh.h"
#include "harness.h"
#include "limbvol/error.h"

/* A prism-like solid: n outline points per ring, rings at z0..z1 (mm),
 * point k of a ring at radius(z, k) and angle 2 pi k / n, scaled by (sx,
 * sy), then rotated by rot (row-major 3x3). */
typedef struct solid {
	int n, rings, caps;
	double z0, z1, r0, r1, rstar, sx, sy;
	double rot[9];
} solid;

static void put_f32(FILE *f, double v)
{
	float x = (float)v;
	unsigned char b[4];
	uint32_t u;
	memcpy(&u, &x, 4);
	for (int i = 0; i < 4; i++)
		b[i] = (unsigned char)(u >> (8 * i));
	fwrite(b, 1, 4, f);
}

static void point(const solid *s, int ring, int k, double *p)
{
	double z = s->z0 + (s->z1 - s->z0) * ring / (s->rings - 1);
	double r = s->r0 + (s->r1 - s->r0) * (z - s->z0) / (s->z1 - s->z0), q[3];
	double a = 2 * M_PI * k / s->n;
	if (s->rstar > 0 && k % 2)
		r = s->rstar;
	q[0] = s->sx * r * cos(a);
	q[1] = s->sy * r * sin(a);
	q[2] = z;
	for (int i = 0; i < 3; i++)
		p[i] = s->rot[3 * i] * q[0] + s->rot[3 * i + 1] * q[1] + s->rot[3 * i + 2] * q[2];
}

static void centre(const solid *s, int ring, double *p)
{
	double z = ring ? s->z1 : s->z0;
	for (int i = 0; i < 3; i++)
		p[i] = s->rot[3 * i + 2] * z;
}

static void tri(FILE *f, const double *a, const double *b, const double *c)
{
	for (int i = 0; i < 3; i++)
		put_f32(f, 0);
	for (int i = 0; i < 3; i++)
		put_f32(f, a[i]);
	for (int i = 0; i < 3; i++)
		put_f32(f, b[i]);
	for (int i = 0; i < 3; i++)
		put_f32(f, c[i]);
	fputc(0, f);
	fputc(0, f);
}

/* Outward, counter-clockwise seen from outside. */
static void write_solid(const char *path, const solid *s)
{
	FILE *f = fopen(path, "wb");
	unsigned char head[80] = { 0 };
	uint32_t n = (uint32_t)(2 * s->n * (s->rings - 1) + (s->caps ? 2 * s->n : 0));
	unsigned char nb[4] = { (unsigned char)n, (unsigned char)(n >> 8), (unsigned char)(n >> 16),
				(unsigned char)(n >> 24) };

	fwrite(head, 1, 80, f);
	fwrite(nb, 1, 4, f);
	for (int r = 0; r + 1 < s->rings; r++)
		for (int k = 0; k < s->n; k++) {
			double a[3], b[3], c[3], d[3];
			point(s, r, k, a);
			point(s, r, (k + 1) % s->n, b);
			point(s, r + 1, (k + 1) % s->n, c);
			point(s, r + 1, k, d);
			tri(f, a, b, c);
			tri(f, a, c, d);
		}
	if (s->caps)
		for (int k = 0; k < s->n; k++) {
			double a[3], b[3], c[3];
			centre(s, 0, c);
			point(s, 0, k, a);
			point(s, 0, (k + 1) % s->n, b);
			tri(f, c, b, a);
			centre(s, 1, c);
			point(s, s->rings - 1, k, a);
			point(s, s->rings - 1, (k + 1) % s->n, b);
			tri(f, c, a, b);
		}
	fclose(f);
}

static solid base(void)
{
	solid s = { 64, 12, 1, -50, 450, 40, 40, 0, 1, 1, { 1, 0, 0, 0, 1, 0, 0, 0, 1 } };
	return s;
}

/* Slicer in the frame of the solid's own axis (rotated z). */
static gen_slicer *slicer_of(const char *path, const solid *s, gen_mesh *m, gen_frame *f)
{
	double lm[3], tw[3], view[3] = { s->rot[1], s->rot[4], s->rot[7] };
	for (int i = 0; i < 3; i++) {
		lm[i] = 0;
		tw[i] = s->rot[3 * i + 2] * 10;
	}
	write_solid(path, s);
	if (gen_mesh_read_stl(path, 0.1, m) < 0) {
		fprintf(stderr, "%s\n", lv_error_last()->message);
		return NULL;
	}
	if (gen_frame_make(f, lm, tw, view) < 0)
		return NULL;
	return gen_slicer_new(m, f);
}

/* A regular 64-gon prism of radius 4 cm: area N/2 r^2 sin(2 pi / N),
 * perimeter 2 N r sin(pi / N); 0 to 40 cm gives 40 times the area. */
static void prism(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl = slicer_of("prism.stl", &s, &m, &f);
	gen_section sec;
	double area = 32 * 16 * sin(2 * M_PI / 64), per = 2 * 64 * 4 * sin(M_PI / 64);

	CHECK(sl != NULL);
	if (!sl)
		return;
	CHECK_NEAR(gen_slicer_volume_ml(sl, 0, 40), 40 * area, 1e-4);
	gen_slicer_section(sl, 13.7, &sec);
	CHECK_NEAR(sec.area_cm2, area, 1e-5);
	CHECK_NEAR(sec.hull_cm, per, 1e-5);
	CHECK_NEAR(sec.umax - sec.umin, 8 * sin(M_PI / 2), 1e-5);
	CHECK(!sec.open);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

/* A frustum, tilted in space: A(s) = c r(s)^2, V = c h (r1^2 + r1 r2 + r2^2) / 3. */
static void frustum_tilted(void)
{
	solid s = base();
	double c = 32 * sin(2 * M_PI / 64), r1, r2, a = 0.4, b = 0.3;
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl;
	gen_section sec;

	/* rotation about x by a, then about y by b */
	double rx[9] = { 1, 0, 0, 0, cos(a), -sin(a), 0, sin(a), cos(a) };
	double ry[9] = { cos(b), 0, sin(b), 0, 1, 0, -sin(b), 0, cos(b) };
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			s.rot[3 * i + j] = 0;
			for (int k = 0; k < 3; k++)
				s.rot[3 * i + j] += ry[3 * i + k] * rx[3 * k + j];
		}
	s.r0 = 30;
	s.r1 = 55;
	sl = slicer_of("frustum.stl", &s, &m, &f);
	CHECK(sl != NULL);
	if (!sl)
		return;
	/* radius (cm) at s: 3 + 2.5 (s + 5) / 50 */
	r1 = 3 + 2.5 * 7 / 50;
	r2 = 3 + 2.5 * 37 / 50;
	CHECK_NEAR(gen_slicer_volume_ml(sl, 2, 32), c * 30 * (r1 * r1 + r1 * r2 + r2 * r2) / 3,
		   1e-4);
	gen_slicer_section(sl, 2, &sec);
	CHECK_NEAR(sec.hull_cm, 2 * 64 * r1 * sin(M_PI / 64), 1e-5);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

/* Elliptic vertices (a cos t, b sin t): an affine image of the regular
 * polygon, area N/2 a b sin(2 pi / N); the perimeter is the sum of its
 * chords. */
static void ellipse_prism(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl;
	gen_section sec;
	double per = 0, a = 4, b = 2.6;

	s.sx = 1;
	s.sy = 0.65;
	s.n = 96;
	sl = slicer_of("ellipse.stl", &s, &m, &f);
	CHECK(sl != NULL);
	if (!sl)
		return;
	for (int k = 0; k < 96; k++) {
		double t0 = 2 * M_PI * k / 96, t1 = 2 * M_PI * (k + 1) / 96;
		per += hypot(a * (cos(t1) - cos(t0)), b * (sin(t1) - sin(t0)));
	}
	gen_slicer_section(sl, 20, &sec);
	CHECK_NEAR(sec.area_cm2, 48 * a * b * sin(2 * M_PI / 96), 1e-5);
	CHECK_NEAR(sec.hull_cm, per, 1e-5);
	CHECK_NEAR(gen_slicer_volume_ml(sl, -3, 41), 44 * 48 * a * b * sin(2 * M_PI / 96), 1e-4);
	/* widths along the views: 2a across, 2b sin(pi/2) in depth */
	CHECK_NEAR(sec.umax - sec.umin, 2 * a, 1e-5);
	CHECK_NEAR(sec.wmax - sec.wmin, 2 * b, 1e-5);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

/* A star of 2N points at radii R, r alternately: area N R r sin(pi / N),
 * convex hull the N-gon of radius R (a tape bridges the hollows). */
static void star_hull(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl;
	gen_section sec;

	s.n = 24;
	s.rstar = 25;
	sl = slicer_of("star.stl", &s, &m, &f);
	CHECK(sl != NULL);
	if (!sl)
		return;
	gen_slicer_section(sl, 10, &sec);
	CHECK_NEAR(sec.area_cm2, 12 * 4 * 2.5 * sin(M_PI / 12), 1e-5);
	CHECK_NEAR(sec.hull_cm, 2 * 12 * 4 * sin(M_PI / 12), 1e-5);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

/* No caps: the ends are open; a range reaching an open end is refused,
 * and the closed part is found around the landmark. */
static void open_ends(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl;
	double lo, hi;

	s.caps = 0;
	sl = slicer_of("open.stl", &s, &m, &f);
	CHECK(sl != NULL);
	if (!sl)
		return;
	gen_slicer_closed(sl, 0, &lo, &hi);
	CHECK_NEAR(lo, -5, 1e-5);
	CHECK_NEAR(hi, 45, 1e-5);
	CHECK(gen_slicer_volume_ml(sl, 0, 40) > 0);
	CHECK(gen_slicer_volume_ml(sl, 0, 46) < 0);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

/* The axis fit finds a prism's axis from a landmark off it and a wrong
 * first direction: the medial lines of both views are the axis. */
static void axis_fit(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	double lm[3] = { 0.7, -0.4, 0 }, tw[3] = { 2, 1, 10 }, view[3] = { 0, 1, 0 };

	write_solid("fit.stl", &s);
	CHECK_STATUS(gen_mesh_read_stl("fit.stl", 0.1, &m), 0);
	CHECK_STATUS(gen_frame_make(&f, lm, tw, view), 0);
	CHECK_STATUS(gen_frame_fit(&f, &m, view, 0, 30), 0);
	CHECK_NEAR(f.e1[2], 1, 1e-6);
	CHECK_NEAR(f.o[0], 0, 1e-4);
	CHECK_NEAR(f.o[1], 0, 1e-4);
	/* position 0 stays at the landmark's height */
	CHECK_NEAR(f.o[2], 0, 0.05);
	gen_mesh_free(&m);
}

/*
 * The 64-gon prism of radius 4 cm swollen by d along its vertex normals:
 * the side vertices move radially (the bisector of their two facets), so
 * between the rings next to the caps it is the 64-gon prism of radius 4 + d:
 * area 32 (4 + d)^2 sin(2 pi / 64), hull 128 (4 + d) sin(pi / 64); 0 to
 * 40 cm lies between those rings (-0.45 and 40.45 cm).
 */
static void swell_uniform(void)
{
	const double ds[] = { 0.3, -0.5 };

	for (int i = 0; i < 2; i++) {
		solid s = base();
		gen_mesh m;
		gen_frame f;
		gen_slicer *sl = slicer_of("swell.stl", &s, &m, &f);
		gen_section sec;
		double r = 4 + ds[i];

		CHECK(sl != NULL);
		if (!sl)
			return;
		gen_slicer_free(sl);
		CHECK(gen_mesh_swell(&m, &f, ds[i], NAN, NAN) == 0);
		sl = gen_slicer_new(&m, &f);
		CHECK_NEAR(gen_slicer_volume_ml(sl, 0, 40), 40 * 32 * r * r * sin(2 * M_PI / 64),
			   1e-3);
		gen_slicer_section(sl, 13.7, &sec);
		CHECK_NEAR(sec.hull_cm, 128 * r * sin(M_PI / 64), 1e-5);
		CHECK_NEAR(sec.umax - sec.umin, 2 * r, 1e-5);
		gen_slicer_free(sl);
		gen_mesh_free(&m);
	}
}

/*
 * Swollen distally: d = 0.5 cm in full at and below 10 cm, none at and above
 * 30 cm, linear between, each ring's vertices moved radially by d w(z) of
 * the ring's own position.  Between rings the prism is a frustum of the
 * 64-gon, its radius linear in s: the area c R(s)^2 a quadratic on each
 * interval, integrated exactly by Simpson's rule interval by interval.
 */
static double taper_radius(int ring)
{
	double z = (-50 + 500.0 * ring / 11) / 10, w = z <= 10 ? 1 : z >= 30 ? 0 : (30 - z) / 20;
	return 4 + 0.5 * w;
}

static double taper_r_at(double z)
{
	int k = (int)floor((z * 10 + 50) * 11 / 500);
	double z0 = (-50 + 500.0 * k / 11) / 10, z1 = (-50 + 500.0 * (k + 1) / 11) / 10;
	return taper_radius(k) + (taper_radius(k + 1) - taper_radius(k)) * (z - z0) / (z1 - z0);
}

static void swell_taper(void)
{
	solid s = base();
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl = slicer_of("taper.stl", &s, &m, &f);
	gen_section sec;
	double c = 32 * sin(2 * M_PI / 64), want = 0;

	CHECK(sl != NULL);
	if (!sl)
		return;
	gen_slicer_free(sl);
	CHECK(gen_mesh_swell(&m, &f, 0.5, 10, 30) == 0);
	sl = gen_slicer_new(&m, &f);
	for (int k = 1; k < 10; k++) {
		double a = fmax(0, (-50 + 500.0 * k / 11) / 10),
		       b = fmin(40, (-50 + 500.0 * (k + 1) / 11) / 10), ra = taper_r_at(a),
		       rb = taper_r_at(b), rm = taper_r_at((a + b) / 2);
		want += c * (b - a) / 6 * (ra * ra + 4 * rm * rm + rb * rb);
	}
	CHECK_NEAR(gen_slicer_volume_ml(sl, 0, 40), want, 1e-3);
	gen_slicer_section(sl, 5, &sec);
	CHECK_NEAR(sec.hull_cm, 128 * 4.5 * sin(M_PI / 64), 1e-5);
	gen_slicer_section(sl, 21, &sec);
	CHECK_NEAR(sec.hull_cm, 128 * taper_r_at(21) * sin(M_PI / 64), 1e-5);
	gen_slicer_section(sl, 35, &sec);
	CHECK_NEAR(sec.hull_cm, 128 * 4 * sin(M_PI / 64), 1e-5);
	gen_slicer_free(sl);
	gen_mesh_free(&m);
}

static void write_bytes(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
}

/* The reader refuses what is not a whole binary STL, before allocating. */
static void reader_refusals(void)
{
	gen_mesh m;
	unsigned char buf[84 + 50] = { 0 };
	float nan_f = NAN;

	write_bytes("short.stl", buf, 40);
	CHECK_STATUS(gen_mesh_read_stl("short.stl", 0.1, &m), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "at least 84");
	/* the count says 4 billion triangles: refused from the size alone */
	buf[80] = buf[81] = buf[82] = buf[83] = 0xff;
	write_bytes("count.stl", buf, sizeof buf);
	CHECK_STATUS(gen_mesh_read_stl("count.stl", 0.1, &m), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "truncated or not a binary STL");
	memcpy(buf, "solid x\n", 8);
	buf[80] = 7;
	buf[81] = buf[82] = buf[83] = 0;
	write_bytes("ascii.stl", buf, 84 + 17);
	CHECK_STATUS(gen_mesh_read_stl("ascii.stl", 0.1, &m), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "ASCII STL");
	buf[80] = 0;
	write_bytes("empty.stl", buf, 84);
	CHECK_STATUS(gen_mesh_read_stl("empty.stl", 0.1, &m), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "0 triangles");
	buf[80] = 1;
	memcpy(buf + 84 + 12 + 4, &nan_f, 4);
	write_bytes("nan.stl", buf, sizeof buf);
	CHECK_STATUS(gen_mesh_read_stl("nan.stl", 0.1, &m), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "triangle 1");
	mkdir("dir.stl", 0700);
	CHECK_STATUS(gen_mesh_read_stl("dir.stl", 0.1, &m), LV_EDATA);
	CHECK_STATUS(gen_mesh_read_stl("missing.stl", 0.1, &m), LV_ENOTFOUND);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(prism);
	RUN(frustum_tilted);
	RUN(ellipse_prism);
	RUN(star_hull);
	RUN(open_ends);
	RUN(axis_fit);
	RUN(swell_uniform);
	RUN(swell_taper);
	RUN(reader_refusals);
	return lv_test_done();
}
