/*
 * mesh_models_lib.c - what section models make of a real limb's true widths
 * (issue 9, the real-mesh bar): the models of the measuring tool
 * mesh_models (mesh_models.c, run by mesh_models.sh; doc/photo.md quotes
 * its figures), checked against closed forms by test_mesh_models.c.
 *
 * The mesh is sliced across its axis as limbvol-gen slices it
 * (capture/gen/gen_mesh_truth.c: the frame from the landmark, fitted on the
 * range, the same bend).  At every millimetre the section's caliper widths
 * W(phi) are measured in the directions a camera would see it across
 * (phi = 0 the front view, 90 the side view, 45 and 135 the two oblique
 * views half-way between, 60 and 120 for three views 60 degrees apart): a slicer in a frame turned by phi about the axis
 * gives W(phi) as its extent across.  From them each model predicts the
 * section's area and its tape (perimeter of the convex hull), against the
 * mesh's true area and hull perimeter:
 *
 *   circ   the circle of diameter W(0) (one photo, limbvol photo FRONT)
 *   ell2   the ellipse of semi-axes W(0)/2, W(90)/2 (today's two views)
 *   ell3   the centred ellipse through W(0), W(45), W(90): its support
 *          function h satisfies h(phi)^2 = a cos^2 + 2 b cos sin + c sin^2,
 *          so a = (W0/2)^2, c = (W90/2)^2, b = (W45/2)^2 - (a + c)/2,
 *          area pi sqrt(ac - b^2), semi-axes the square roots of the
 *          eigenvalues of [a b; b c]
 *   ell3m  the same through W(135) instead of W(45) (the other oblique)
 *   ell4   least squares over W(0), W(45), W(90), W(135) (two obliques)
 *   ell3s  the ellipse through three widths 60 degrees apart, W(0),
 *          W(60), W(120) (three photos, the limb turned 60 degrees each way
 *          from the front: W(120) = W(-60))
 *   three  Cauchy's perimeter (below) on those three widths; area of ell3s
 *   four   Cauchy's perimeter of a convex section, P = int_0^pi W dphi,
 *          by the trapezoidal rule on the four widths (tape only); area
 *          of ell4
 *   fsf    the support function as a trigonometric series h = c0 +
 *          c1 cos 2phi + c2 sin 2phi through W(0), W(45), W(90) (a centrally
 *          symmetric section: area pi c0^2 - 3 pi (c1^2 + c2^2) / 2,
 *          perimeter 2 pi c0)
 *   edge3  fsf and the edges of the three views about the common axis: the
 *          differences d(phi) = h(phi) - h(phi + pi) at 0, 45, 90 hold the
 *          translation and one combination of the third harmonic, q = d45 /
 *          sqrt 2 - (d0 + d90) / 2 = 2 (b3 - a3); its least-norm share (a3 =
 *          -q/4, b3 = q/4) takes pi q^2 / 2 off the area
 *   edge4  the silhouettes' edges, not only their widths: four views at 0,
 *          45, 90, 135 give the support function h about the common axis
 *          at eight angles, k pi / 4; its trigonometric interpolant (c0,
 *          harmonics 1 to 3, cos 4 phi) has area pi c0^2 + pi/2 sum (1 -
 *          k^2)(a_k^2 + b_k^2) (the odd harmonics, a triangular or egg-shaped
 *          section, are invisible to widths: W = h(phi) + h(phi + pi))
 *   sym    the widths in every direction, as infinitely many views see
 *          them: the largest section they allow is the central symmetral
 *          (hull - hull) / 2 of the section (Brunn-Minkowski), and only a
 *          centrally symmetric section has that area, so no model on widths
 *          alone, from any number of views, is right on both a section and
 *          its symmetral: the floor of every widths-only model
 *          (gen_section.sym_area_cm2); tape: the hull's (Cauchy)
 *   hull   the convex hull itself: what infinitely many silhouettes see (a
 *          hollow of the section is in no silhouette), the floor of every
 *          silhouette model
 *
 * Volumes: Simpson at 1 mm over [from, to], as gen_slicer_ellipse_volume_ml;
 * truth gen_slicer_volume_ml (exact for the polyhedron).
 */
#include "mesh_models.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

const char *const mm_model_name[NMODEL] = { "circ",  "ell2", "ell3", "ell3m", "ell3s",
					    "three", "ell4", "four", "fsf",   "edge3",
					    "edge4", "sym",  "hull" };
const double mm_turn_deg[NTURN] = { 0, 45, 90, 135, 60, 120 };

/* Perimeter of the ellipse of semi-axes p, q: trapezoidal rule on 4096
 * points (geometric convergence for this periodic integrand). */
static double ellipse_perimeter(double p, double q)
{
	const int n = 4096;
	double sum = 0;
	for (int i = 0; i < n; i++) {
		double t = 2 * M_PI * i / n;
		sum += sqrt(p * p * sin(t) * sin(t) + q * q * cos(t) * cos(t));
	}
	return sum * 2 * M_PI / n;
}

/* The ellipse of support quadratic form [a b; b c]: area and perimeter. */
static void ellipse_form(double a, double b, double c, double *area, double *per)
{
	double det = a * c - b * b, tr = a + c, disc = sqrt(fmax(0, tr * tr / 4 - det));
	double l1 = tr / 2 + disc, l2 = fmax(0, tr / 2 - disc);
	*area = M_PI * sqrt(fmax(0, det));
	*per = ellipse_perimeter(sqrt(l1), sqrt(l2));
}

/* The support function's trigonometric interpolant through h at k pi/4. */
static void edge_model(const double *h, double *area, double *per)
{
	double c0 = 0, sum = 0;
	for (int j = 0; j < 8; j++)
		c0 += h[j] / 8;
	for (int k = 1; k <= 4; k++) {
		double a = 0, b = 0;
		for (int j = 0; j < 8; j++) {
			a += h[j] * cos(k * j * M_PI / 4) / (k == 4 ? 8 : 4);
			b += h[j] * sin(k * j * M_PI / 4) / 4;
		}
		if (k == 4)
			b = 0;
		sum += (1 - k * k) * (a * a + b * b);
	}
	*area = M_PI * c0 * c0 + M_PI / 2 * sum;
	*per = 2 * M_PI * c0;
}

/* The ellipse through the widths w0, w60, w120 at 0, 60 and 120 degrees:
 * h(phi)^2 = a cos^2 + 2 b cos sin + c sin^2 gives h60^2 + h120^2 = a / 2 +
 * 3 c / 2 and h60^2 - h120^2 = sqrt 3 b. */
static void ellipse_60(const double *w, double *area, double *per)
{
	double a = w[0] * w[0] / 4, p = w[4] * w[4] / 4, q = w[5] * w[5] / 4;
	ellipse_form(a, (p - q) / sqrt(3), (2 * (p + q) - a) / 3, area, per);
}

/* What each model predicts from the widths w[0..5] at mm_turn_deg and the
 * support function h[0..7] at k pi / 4. */
static void predict(const double *w, const double *h, const gen_section *sec, double *area,
		    double *per)
{
	double a = w[0] * w[0] / 4, c = w[2] * w[2] / 4, h45 = w[1] * w[1] / 4,
	       h135 = w[3] * w[3] / 4;
	double c0, c1, c2;

	area[CIRC] = M_PI * w[0] * w[0] / 4;
	per[CIRC] = M_PI * w[0];
	area[ELL2] = M_PI * w[0] * w[2] / 4;
	per[ELL2] = ellipse_perimeter(w[0] / 2, w[2] / 2);
	ellipse_form(a, h45 - (a + c) / 2, c, &area[ELL3], &per[ELL3]);
	ellipse_form(a, (a + c) / 2 - h135, c, &area[ELL3M], &per[ELL3M]);
	/* least squares on h^2: h0 = A, h90 = C, h45, h135 = (A + C)/2 +- B;
	 * B from the obliques' difference, their mean's excess r over
	 * (a + c)/2 spread as r/2 on A and on C (the normal equations) */
	{
		double r = (h45 + h135) / 2 - (a + c) / 2;
		ellipse_form(a + r / 2, (h45 - h135) / 2, c + r / 2, &area[ELL4], &per[ELL4]);
	}
	ellipse_60(w, &area[ELL3S], &per[ELL3S]);
	area[THREE] = area[ELL3S];
	per[THREE] = M_PI / 3 * (w[0] + w[4] + w[5]);
	area[FOUR] = area[ELL4];
	per[FOUR] = M_PI / 4 * (w[0] + w[1] + w[2] + w[3]);
	c0 = (w[0] + w[2]) / 4;
	c1 = (w[0] - w[2]) / 4;
	c2 = w[1] / 2 - c0;
	area[FSF] = M_PI * c0 * c0 - 1.5 * M_PI * (c1 * c1 + c2 * c2);
	per[FSF] = 2 * M_PI * c0;
	{
		double q = (h[1] - h[5]) / sqrt(2) - (h[0] - h[4] + h[2] - h[6]) / 2;
		area[EDGE3] = area[FSF] - M_PI * q * q / 2;
		per[EDGE3] = per[FSF];
	}
	edge_model(h, &area[EDGE4], &per[EDGE4]);
	area[SYM] = sec->sym_area_cm2;
	per[SYM] = sec->hull_cm; /* Cauchy: the widths give the perimeter */
	area[HULL] = sec->hull_area_cm2;
	per[HULL] = sec->hull_cm;
}

/* The frame turned by deg about its axis: W(deg) is its extent across. */
static gen_frame turned(const gen_frame *f, double deg)
{
	gen_frame g = *f;
	double c = cos(deg * M_PI / 180), s = sin(deg * M_PI / 180);
	for (int k = 0; k < 3; k++) {
		g.e2[k] = c * f->e2[k] + s * f->e3[k];
		g.e3[k] = -s * f->e2[k] + c * f->e3[k];
	}
	return g;
}

int mm_open(struct run *r, const gen_mesh *m, const gen_frame *f)
{
	for (int k = 0; k < NTURN; k++) {
		gen_frame g = turned(f, mm_turn_deg[k]);
		if (!(r->sl[k] = gen_slicer_new(m, &g)))
			return -1;
		gen_slicer_want_symmetral(r->sl[k], k == 0);
	}
	return 0;
}

void mm_close(struct run *r)
{
	for (int k = 0; k < NTURN; k++) {
		gen_slicer_free(r->sl[k]);
		r->sl[k] = NULL;
	}
}

/* The widths at mm_turn_deg, the support function at k pi / 4 and the
 * true section at s. */
static int widths_at(struct run *r, double s, double *w, double *h, gen_section *sec)
{
	for (int k = 0; k < NTURN; k++) {
		gen_section q;
		gen_slicer_section(r->sl[k], s, &q);
		if (!q.segments || q.open)
			return -1;
		w[k] = q.umax - q.umin;
		if (k < 4) {
			h[k] = q.umax;
			h[k + 4] = -q.umin;
		}
		if (k == 0)
			*sec = q;
	}
	return 0;
}

static void section_line(double s, const gen_section *sec, const double *w, const double *area)
{
	printf("section %.1f area %.3f hull %.3f w %.3f %.3f %.3f %.3f ell2 %+.2f%% ell3 %+.2f%%\n",
	       s, sec->area_cm2, sec->hull_cm, w[0], w[1], w[2], w[3],
	       100 * (area[ELL2] / sec->area_cm2 - 1), 100 * (area[ELL3] / sec->area_cm2 - 1));
}

/* Volumes of every model against the truth, and the tape at the sites. */
int mm_compute(struct run *r, struct result *out)
{
	int n = 2 * (int)ceil((r->to - r->from) / 0.2), sites = 0;
	double h = (r->to - r->from) / n, w[NTURN], hh[8], area[NMODEL], per[NMODEL];
	gen_section sec;

	memset(out, 0, sizeof *out);
	for (int m = 0; m < NMODEL; m++) {
		out->amin[m] = HUGE_VAL;
		out->amax[m] = -HUGE_VAL;
	}
	for (int i = 0; i <= n; i++) {
		double wt = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2), s = r->from + i * h;
		if (widths_at(r, s, w, hh, &sec) < 0)
			return -1;
		predict(w, hh, &sec, area, per);
		for (int m = 0; m < NMODEL; m++) {
			out->vol[m] += wt * area[m] * h / 3;
			out->amin[m] = fmin(out->amin[m], area[m] / sec.area_cm2 - 1);
			out->amax[m] = fmax(out->amax[m], area[m] / sec.area_cm2 - 1);
		}
		if (r->sections && i % 5 == 0)
			section_line(s, &sec, w, area);
	}
	for (double s = r->from; s <= r->to + 1e-9; s += r->step, sites++) {
		if (widths_at(r, s, w, hh, &sec) < 0)
			return -1;
		predict(w, hh, &sec, area, per);
		if (r->tape)
			printf("tape %.1f hull %.3f ell2 %.3f circ %.3f\n", s, sec.hull_cm,
			       per[ELL2], per[CIRC]);
		for (int m = 0; m < NMODEL; m++) {
			double e = 10 * (per[m] - sec.hull_cm);
			out->tmean[m] += e;
			if (fabs(e) > fabs(out->tmax[m]))
				out->tmax[m] = e;
		}
	}
	for (int m = 0; m < NMODEL; m++)
		out->tmean[m] /= sites;
	gen_slicer_want_symmetral(r->sl[0], 0); /* the truth needs only areas */
	out->truth = gen_slicer_volume_ml(r->sl[0], r->from, r->to);
	gen_slicer_want_symmetral(r->sl[0], 1);
	return out->truth > 0 ? 0 : -1;
}
