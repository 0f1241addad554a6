/* 3x3 matrices and homographies (limbvol/mat3.h). */
#include "limbvol/mat3.h"

#include <math.h>
#include <string.h>

#include "limbvol/error.h"

void lv_mat3_mul(const double a[9], const double b[9], double out[9])
{
	double r[9];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			r[3 * i + j] =
				a[3 * i] * b[j] + a[3 * i + 1] * b[3 + j] + a[3 * i + 2] * b[6 + j];
	memcpy(out, r, sizeof r);
}

int lv_mat3_inverse(const double m[9], double out[9])
{
	double c[9], det, bound = 1;
	c[0] = m[4] * m[8] - m[5] * m[7];
	c[1] = m[2] * m[7] - m[1] * m[8];
	c[2] = m[1] * m[5] - m[2] * m[4];
	c[3] = m[5] * m[6] - m[3] * m[8];
	c[4] = m[0] * m[8] - m[2] * m[6];
	c[5] = m[2] * m[3] - m[0] * m[5];
	c[6] = m[3] * m[7] - m[4] * m[6];
	c[7] = m[1] * m[6] - m[0] * m[7];
	c[8] = m[0] * m[4] - m[1] * m[3];
	det = m[0] * c[0] + m[1] * c[3] + m[2] * c[6];
	for (int i = 0; i < 3; i++)
		bound *= sqrt(m[3 * i] * m[3 * i] + m[3 * i + 1] * m[3 * i + 1] +
			      m[3 * i + 2] * m[3 * i + 2]);
	if (!isfinite(det) || !isfinite(bound) || !(fabs(det) > 1e-12 * bound))
		return lv_error_set(LV_ENUMERIC, "the matrix is singular (it cannot be inverted)");
	for (int i = 0; i < 9; i++)
		out[i] = c[i] / det;
	return LV_OK;
}

int lv_homography_map(const double h[9], double x, double y, double *ox, double *oy)
{
	double w = h[6] * x + h[7] * y + h[8];
	if (w == 0) {
		*ox = *oy = NAN;
		return 0;
	}
	*ox = (h[0] * x + h[1] * y + h[2]) / w;
	*oy = (h[3] * x + h[4] * y + h[5]) / w;
	return w > 1e-12;
}
