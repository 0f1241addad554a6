/*
 * Shapes of the generator and their truth.  The arm and the leg are smooth
 * sums of steps and bumps (a wrist, a forearm's muscle belly, an elbow, an
 * upper arm; ankle, calf, knee, thigh) with sections flatter at the distal
 * end, like real limbs; the cylinder, the cone and the elliptic cylinder
 * have closed forms, for tests.
 */
#include "gen.h"

#include <math.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

uint64_t gen_hash(uint64_t x)
{
	/* splitmix64 finaliser */
	x += 0x9e3779b97f4a7c15ULL;
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
	x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
	return x ^ (x >> 31);
}

double gen_rand(uint64_t seed, uint64_t i)
{
	uint64_t h = gen_hash(gen_hash(seed) ^ (i * 0x632be59bd9b4e019ULL));
	return (double)(h >> 11) / (double)(1ULL << 52) - 1.0;
}

static double step(double x)
{
	return 0.5 * (1 + tanh(x));
}

/* Semi-axes of the body (no cap) at s. */
static void body(const gen_shape *sh, double s, double *a, double *b)
{
	const double *j = sh->jitter;
	double r, ratio;

	switch (sh->kind) {
	case GEN_ARM:
		/* wrist 2.8 cm at s ~ 0, forearm belly near 16, elbow, upper arm */
		r = 2.8 + 1.0 * step((s - 8) / 4) + 0.5 * exp(-pow((s - 16) / 6, 2)) +
			0.9 * step((s - 32) / 6);
		r *= 1 + 0.08 * j[0];
		ratio = (0.72 + 0.2 * step((s - 20) / 8)) * (1 + 0.05 * j[1]);
		*a = r;
		*b = r * ratio;
		return;
	case GEN_LEG:
		/* ankle 3.4 cm, calf near 28, knee, thigh */
		r = 3.4 + 1.6 * step((s - 12) / 6) + 0.7 * exp(-pow((s - 28) / 8, 2)) +
			1.6 * step((s - 48) / 8);
		r *= 1 + 0.08 * j[0];
		ratio = (0.8 + 0.12 * step((s - 25) / 10)) * (1 + 0.05 * j[1]);
		*a = r;
		*b = r * ratio;
		return;
	case GEN_CYLINDER:
		*a = *b = sh->radius_cm;
		return;
	case GEN_CONE:
		*a = *b = sh->radius_cm + sh->taper * s;
		return;
	case GEN_ELLIPSE:
		*a = sh->radius_cm;
		*b = sh->radius_cm * sh->ratio;
		return;
	}
	*a = *b = 0;
}

double gen_cap_cm(const gen_shape *sh)
{
	double a, b;
	body(sh, sh->tip_cm, &a, &b);
	return 0.8 * fmin(a, b);
}

void gen_axes(const gen_shape *sh, double s, double *a, double *b)
{
	double cap, k;

	if (s >= sh->tip_cm) {
		body(sh, s, a, b);
		return;
	}
	/* an ellipsoidal cap below the tip */
	cap = gen_cap_cm(sh);
	k = (sh->tip_cm - s) / cap;
	body(sh, sh->tip_cm, a, b);
	k = k < 1 ? sqrt(1 - k * k) : 0;
	*a *= k;
	*b *= k;
}

double gen_max_axis(const gen_shape *sh, double s0, double s1)
{
	double m = 0, a, b;
	int i;

	for (i = 0; i <= 400; i++) {
		gen_axes(sh, s0 + (s1 - s0) * i / 400.0, &a, &b);
		m = fmax(m, fmax(a, b));
	}
	return m;
}

/* Composite Simpson on 20000 intervals: the integrand is smooth, so the
 * error is far below 1e-9 relative; exact for the cylinder and the cone. */
double gen_volume_ml(const gen_shape *sh, double from, double to)
{
	const int n = 20000;
	double h = (to - from) / n, sum = 0, a, b;
	int i;

	for (i = 0; i <= n; i++) {
		double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
		gen_axes(sh, from + i * h, &a, &b);
		sum += w * a * b;
	}
	return M_PI * sum * h / 3;
}

/* The trapezoidal rule on a periodic analytic integrand converges
 * geometrically: 4096 points give the perimeter to rounding error. */
double gen_perimeter_cm(double a, double b)
{
	const int n = 4096;
	double sum = 0;
	int i;

	for (i = 0; i < n; i++) {
		double t = 2 * M_PI * i / n, s = sin(t), c = cos(t);
		sum += sqrt(a * a * s * s + b * b * c * c);
	}
	return sum * 2 * M_PI / n;
}

/*
 * Width of an elliptic cylinder's silhouette in a plane through its axis,
 * seen from a point: in the cross-section, the camera at (cx, cz) (cx along
 * the plane, cz along its normal, negative in front), the section an ellipse
 * of semi-axes A (along the plane) and B (along the normal).  Scaling x by
 * 1/A and z by 1/B turns the ellipse into the unit circle and keeps the
 * plane z = 0; the two tangents from the camera meet the plane at x1, x2.
 */
double gen_plane_width(double A, double B, double cx, double cz)
{
	double px = cx / A, pz = cz / B, rho = hypot(px, pz), psi = atan2(pz, px);
	double d = acos(1 / rho), x[2];
	int k;

	for (k = 0; k < 2; k++) {
		double th = psi + (k ? d : -d), tx = cos(th), tz = sin(th);
		x[k] = px - pz * (tx - px) / (tz - pz);
	}
	return fabs(x[1] - x[0]) * A;
}

/* A foot of a standing leg: forwards, towards the camera in the front view
 * (so sideways in the side view, the limb turned 90 degrees, away from the
 * card), its sole 5.5 cm below the ankle (the tip). */
static void foot(const gen_shape *sh, int side, gen_ellipsoid *e)
{
	double d[3] = { 0, side ? sh->hand_side : 0, side ? 0 : -1 },
	       across[3] = { 0, side ? 0 : 1, side ? 1 : 0 };

	for (int k = 0; k < 3; k++) {
		e->u[0][k] = d[k];
		e->u[1][k] = across[k];
		e->u[2][k] = k == 0;
		e->c[k] = (k == 0 ? sh->tip_cm - 2 : 0) + 7 * d[k];
	}
	e->r[0] = 12.5;
	e->r[1] = 4.5;
	e->r[2] = 3.5;
}

void gen_hand(const gen_shape *sh, int side, gen_ellipsoid *e)
{
	double al = sh->hand_deg * M_PI / 180, ca = cos(al), sa = sin(al) * sh->hand_side;
	int k;

	if (sh->hand == 2) {
		foot(sh, side, e);
		return;
	}

	/* front view: bent in the plane (y); side view: the limb turned 90
	 * degrees about its axis, so the bend is in depth (z) */
	double d[3] = { -ca, side ? 0 : sa, side ? sa : 0 };
	double across[3] = { sa, side ? 0 : ca, side ? ca : 0 };
	double thick[3] = { 0, side ? -1 : 0, side ? 0 : 1 };

	for (k = 0; k < 3; k++) {
		e->u[0][k] = d[k];
		e->u[1][k] = across[k];
		e->u[2][k] = thick[k];
		e->c[k] = (k == 0 ? sh->tip_cm : 0) + 7.5 * d[k];
	}
	e->r[0] = 9;
	e->r[1] = 4.2;
	e->r[2] = 1.6;
}

double gen_ellipsoid_metric(const gen_ellipsoid *e, const double *p)
{
	double m = 0;
	int k;

	for (k = 0; k < 3; k++) {
		double q = ((p[0] - e->c[0]) * e->u[k][0] + (p[1] - e->c[1]) * e->u[k][1] +
			    (p[2] - e->c[2]) * e->u[k][2]) /
			e->r[k];
		m += q * q;
	}
	return m;
}
