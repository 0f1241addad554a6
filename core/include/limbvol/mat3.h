/*
 * limbvol/mat3.h - 3x3 matrices and plane homographies, the few operations
 * the photo pipeline and the scale check share.
 *
 * Matrices are double[9], row-major: m[3 * row + col].  A homography H maps
 * a point (x, y) of one plane to (X, Y) = (h0 x + h1 y + h2, h3 x + h4 y + h5)
 * / (h6 x + h7 y + h8).
 */
#ifndef LIMBVOL_MAT3_H
#define LIMBVOL_MAT3_H

#include "limbvol/extern.h"

#ifdef __cplusplus
extern "C" {
#endif

/* out = a b; out may be a or b. */
LV_EXTERN void lv_mat3_mul(const double a[9], const double b[9], double out[9]);

/*
 * out = m^-1 by the adjugate; out may be m.  LV_ENUMERIC (out untouched)
 * when m is singular to working precision: |det m| at most 1e-12 times the
 * product of its row lengths (Hadamard's bound on |det|, so the test does not
 * depend on the units of m), or not finite.
 */
LV_EXTERN int lv_mat3_inverse(const double m[9], double out[9]);

/*
 * (x, y) through the homography h into *ox, *oy.  1 when the point maps in
 * front (denominator > 1e-12), 0 when it maps to infinity or behind; the
 * outputs are written whenever the denominator is not zero (NAN when it is).
 */
LV_EXTERN int lv_homography_map(const double h[9], double x, double y, double *ox, double *oy);

#ifdef __cplusplus
}
#endif
#endif
