/*
 * mesh_models.h - section models on a mesh's true widths (mesh_models.c,
 * the measuring tool, and test_mesh_models.c, its closed forms): the
 * caliper widths of each cross-section in the directions two to four views would
 * see it across, and what each model makes of them (mesh_models_lib.c says
 * which models and why).
 */
#ifndef MESH_MODELS_H
#define MESH_MODELS_H

#include "../../capture/gen/gen_mesh.h"

enum { CIRC, ELL2, ELL3, ELL3M, ELL3S, THREE, ELL4, FOUR, FSF, EDGE3, EDGE4, SYM, HULL, NMODEL };
extern const char *const mm_model_name[NMODEL];
/* The directions the views see the limb across: 0 (front), 45, 90 (side),
 * 135, and 60, 120 (three views 60 degrees apart). */
#define NTURN 6
extern const double mm_turn_deg[NTURN];

struct run {
	double from, to, step, bend_deg, bend_at, roll;
	int sections; /* print every 5th section */
	int tape; /* print each site's hull and ell2, circ perimeters */
	gen_slicer *sl[NTURN]; /* frames turned by mm_turn_deg */
};

/* What the models make of one range: volumes (mL), the tape's worst and
 * mean error (mm), the sections' area errors (fractions). */
struct result {
	double truth, vol[NMODEL], tmax[NMODEL], tmean[NMODEL], amin[NMODEL], amax[NMODEL];
};

/* The slicers of a mesh in frame f (the frame turned about its axis by
 * mm_turn_deg): 0, or -1 when out of memory. */
int mm_open(struct run *r, const gen_mesh *m, const gen_frame *f);
void mm_close(struct run *r);
/* Every model's volume over [r->from, r->to] (Simpson at 1 mm), the truth
 * (exact), the tape at the sites every r->step: 0, or -1 when a section
 * in the range is missing or open. */
int mm_compute(struct run *r, struct result *out);

#endif
