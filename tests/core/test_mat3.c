/*
 * 3x3 matrices and homographies against closed forms: a rotation's inverse is
 * its transpose, a scale's is the reciprocal scale, and the homography of a
 * known perspective maps the unit square's corners where the projection says.
 */
#include "harness.h"
#include "limbvol/error.h"
#include "limbvol/mat3.h"

static void rotation_inverse_is_transpose(void)
{
	double a = 0.7, r[9] = { cos(a), -sin(a), 0, sin(a), cos(a), 0, 0, 0, 1 }, inv[9], p[9];
	CHECK_STATUS(lv_mat3_inverse(r, inv), LV_OK);
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++)
			CHECK_NEAR(inv[3 * i + j], r[3 * j + i], 1e-15);
	lv_mat3_mul(r, inv, p);
	for (int i = 0; i < 9; i++)
		CHECK_NEAR(p[i], i % 4 == 0 ? 1 : 0, 1e-15);
	/* in place */
	CHECK_STATUS(lv_mat3_inverse(inv, inv), LV_OK);
	for (int i = 0; i < 9; i++)
		CHECK_NEAR(inv[i], r[i], 1e-15);
}

static void singular_whatever_the_units(void)
{
	double s[9] = { 1e-9, 0, 0, 0, 1e-9, 0, 0, 0, 1e-9 }, out[9] = { 0 };
	double rank2[9] = { 1000, 2000, 3000, 1, 2, 3, 7, 8, 9 };
	/* a tiny scale is invertible: its inverse is 1e9 */
	CHECK_STATUS(lv_mat3_inverse(s, out), LV_OK);
	CHECK_REL(out[0], 1e9, 1e-12);
	/* two proportional rows: singular */
	CHECK_STATUS(lv_mat3_inverse(rank2, out), LV_ENUMERIC);
}

/* The plane z = 1 seen by the camera x' = K (R p + t): p = (u, v, 0). */
static void homography_of_a_pose(void)
{
	double f = 800, cx = 320, cy = 240, d = 5;
	/* R = identity, t = (0, 0, d): H = K [r1 r2 t] */
	double h[9] = { f, 0, cx * d, 0, f, cy * d, 0, 0, d }, inv[9], x, y, u, v;
	CHECK(lv_homography_map(h, 1, 1, &x, &y) == 1);
	CHECK_NEAR(x, cx + f * 1 / d, 1e-12);
	CHECK_NEAR(y, cy + f * 1 / d, 1e-12);
	CHECK_STATUS(lv_mat3_inverse(h, inv), LV_OK);
	CHECK(lv_homography_map(inv, x, y, &u, &v) == 1);
	CHECK_NEAR(u, 1, 1e-12);
	CHECK_NEAR(v, 1, 1e-12);
	/* behind the camera and at infinity */
	double back[9] = { 1, 0, 0, 0, 1, 0, 0, 0, -1 }, inf[9] = { 1, 0, 0, 0, 1, 0, 1, 0, 0 };
	CHECK(lv_homography_map(back, 2, 3, &x, &y) == 0);
	CHECK_NEAR(x, -2, 0);
	CHECK(lv_homography_map(inf, 0, 3, &x, &y) == 0);
	CHECK(isnan(x) && isnan(y));
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(rotation_inverse_is_transpose);
	RUN(singular_whatever_the_units);
	RUN(homography_of_a_pose);
	return lv_test_done();
}
