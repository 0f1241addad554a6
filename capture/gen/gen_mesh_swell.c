/*
 * Vertex normals (the renderer's shading, the swelling's direction), and
 * swelling a mesh as edema swells a limb: every vertex moves outward along
 * its area-weighted vertex normal (the sum of its triangles' cross products
 * (b - a) x (c - a), twice each triangle's area times its outward normal,
 * then normalised), by the same depth everywhere or by a depth that falls
 * linearly along the limb's axis from the distal end (swelling pools
 * distally).  On a regular N-gon prism the normal of a side vertex is the
 * bisector of its two facets (the prism's two split quads put three
 * triangles on each side), so the prism stays a prism of circumradius
 * r + d: the closed form test_mesh_truth.c checks.
 */
#include "gen_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

/* The depth at axial position s: full at and below full_cm, none at and
 * above none_cm, linear between (uniform when full_cm is not finite). */
static double weight(double s, double full_cm, double none_cm)
{
	if (!isfinite(full_cm) || s <= full_cm)
		return 1;
	if (s >= none_cm)
		return 0;
	return (none_cm - s) / (none_cm - full_cm);
}

void gen_mesh_normals(const gen_mesh *m, const double *xyz, double *n)
{
	memset(n, 0, m->nv * 3 * sizeof *n);
	for (size_t t = 0; t < m->nt; t++) {
		const uint32_t *ix = m->t + 3 * t;
		const double *a = xyz + 3 * ix[0], *b = xyz + 3 * ix[1], *c = xyz + 3 * ix[2];
		double e[3] = { b[0] - a[0], b[1] - a[1], b[2] - a[2] },
		       g[3] = { c[0] - a[0], c[1] - a[1], c[2] - a[2] };
		double x[3] = { e[1] * g[2] - e[2] * g[1], e[2] * g[0] - e[0] * g[2],
				e[0] * g[1] - e[1] * g[0] };
		for (int j = 0; j < 3; j++)
			for (int k = 0; k < 3; k++)
				n[3 * ix[j] + k] += x[k];
	}
	for (size_t i = 0; i < m->nv; i++) {
		double *ni = n + 3 * i, len = sqrt(ni[0] * ni[0] + ni[1] * ni[1] + ni[2] * ni[2]);
		for (int k = 0; k < 3; k++)
			ni[k] = len > 0 ? ni[k] / len : 0;
	}
}

int gen_mesh_swell(gen_mesh *m, const gen_frame *f, double d_cm, double full_cm, double none_cm)
{
	double *n = malloc(m->nv * 3 * sizeof *n);

	if (!n)
		return -1;
	gen_mesh_normals(m, m->v, n);
	/* a vertex of degenerate triangles only (normal 0) stays */
	for (size_t i = 0; i < m->nv; i++) {
		double *v = m->v + 3 * i, l[3], depth;
		gen_frame_local(f, v, l);
		depth = d_cm * weight(l[0], full_cm, none_cm);
		for (int k = 0; k < 3; k++)
			v[k] += depth * n[3 * i + k];
	}
	free(n);
	return 0;
}
