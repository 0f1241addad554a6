/*
 * mesh_models - what section models make of a real limb's true widths
 * (issue 9, the real-mesh bar); the models: mesh_models_lib.c.  Not a
 * test: a measuring tool whose figures doc/photo.md quotes;
 * tests/capture/mesh_models.sh runs it on the meshes in the poses of
 * mesh_poses.sh.
 *
 * usage: mesh_models STL LX,LY,LZ TX,TY,TZ FROM TO STEP [BEND_DEG BEND_AT]
 *        [--roll DEG] [--sections] [--tape]
 * (landmark and towards in the mesh's mm, as limbvol-gen --landmark,
 * --towards; the axis fitted on FROM..TO as limbvol-gen fits it; --roll
 * turns the front camera about the limb's first axis; --tape prints each
 * site's hull perimeter and the ellipse's and the circle's, in cm.)
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mesh_models.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static int parse3(const char *s, double *v)
{
	return sscanf(s, "%lf,%lf,%lf", &v[0], &v[1], &v[2]) == 3 ? 0 : -1;
}

/* v turned by deg about the unit axis k (Rodrigues). */
static void rotate_about(double *v, const double *k, double deg)
{
	double c = cos(deg * M_PI / 180), s = sin(deg * M_PI / 180), r[3];
	double d = k[0] * v[0] + k[1] * v[1] + k[2] * v[2];
	double x[3] = { k[1] * v[2] - k[2] * v[1], k[2] * v[0] - k[0] * v[2],
			k[0] * v[1] - k[1] * v[0] };
	for (int i = 0; i < 3; i++)
		r[i] = v[i] * c + x[i] * s + k[i] * d * (1 - c);
	memcpy(v, r, sizeof r);
}

static int report(struct run *r)
{
	struct result q;
	if (mm_compute(r, &q) < 0)
		return -1;
	printf("truth %.2f mL, %g to %g cm, roll %g deg, bend %g deg\n", q.truth, r->from, r->to,
	       r->roll, r->bend_deg);
	for (int m = 0; m < NMODEL; m++)
		printf("model %-5s volume %+6.2f %%  tape worst %+5.1f mm mean %+5.1f mm  "
		       "sections %+5.1f .. %+5.1f %%\n",
		       mm_model_name[m], 100 * (q.vol[m] / q.truth - 1), q.tmax[m], q.tmean[m],
		       100 * q.amin[m], 100 * q.amax[m]);
	return 0;
}

static int usage(void)
{
	fprintf(stderr,
		"usage: mesh_models STL LX,LY,LZ TX,TY,TZ FROM TO STEP [BEND_DEG BEND_AT] "
		"[--roll DEG] [--sections] [--tape]\n");
	return 64;
}

int main(int argc, char **argv)
{
	struct run r = { 0 };
	double lm[3], tw[3], view[3] = { 0, 1, 0 }, axis[3], n;
	gen_mesh m;
	gen_frame f;
	int pos = 0, rc = 1;
	const char *arg[8] = { 0 };

	for (int i = 1; i < argc; i++) {
		if (!strcmp(argv[i], "--roll") && i + 1 < argc)
			r.roll = atof(argv[++i]);
		else if (!strcmp(argv[i], "--sections"))
			r.sections = 1;
		else if (!strcmp(argv[i], "--tape"))
			r.tape = 1;
		else if (pos < 8)
			arg[pos++] = argv[i];
		else
			return usage();
	}
	if ((pos != 6 && pos != 8) || parse3(arg[1], lm) < 0 || parse3(arg[2], tw) < 0)
		return usage();
	r.from = atof(arg[3]);
	r.to = atof(arg[4]);
	r.step = atof(arg[5]);
	if (pos == 8) {
		r.bend_deg = atof(arg[6]);
		r.bend_at = atof(arg[7]);
	}
	if (gen_mesh_read_stl(arg[0], 0.1, &m) < 0) {
		fprintf(stderr, "mesh_models: cannot read %s\n", arg[0]);
		return 66;
	}
	for (int k = 0; k < 3; k++) {
		lm[k] *= 0.1;
		tw[k] *= 0.1;
		axis[k] = tw[k] - lm[k];
	}
	n = sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
	for (int k = 0; k < 3; k++)
		axis[k] /= n;
	rotate_about(view, axis, r.roll);
	if (gen_frame_make(&f, lm, tw, view) < 0)
		goto done;
	if (r.bend_deg != 0)
		gen_mesh_bend(&m, &f, r.bend_at, r.bend_deg, 4);
	if (gen_frame_fit(&f, &m, view, r.from, r.to) < 0)
		goto done;
	if (mm_open(&r, &m, &f) < 0)
		goto done;
	rc = report(&r) < 0 ? 1 : 0;
done:
	if (rc)
		fprintf(stderr, "mesh_models: no closed sections over the range\n");
	mm_close(&r);
	gen_mesh_free(&m);
	return rc;
}
