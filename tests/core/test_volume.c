/*
 * Volume models against values computed independently of this code: the
 * check values of doc/clinical.md and closed forms of simple solids.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdlib.h>

static lv_profile *tape(const double *s, const double *c, size_t n)
{
	lv_profile *p = NULL;
	if (lv_profile_new(&p, s, c, n) < 0) {
		fprintf(stderr, "profile: %s\n", lv_error_last()->message);
		abort();
	}
	return p;
}

/* doc/clinical.md: cylinder C = 25 cm, 40 cm long, 11 sites every 4 cm. */
static void frustum_cylinder(void)
{
	double s[11], c[11];
	lv_volume v;
	for (int i = 0; i < 11; i++) {
		s[i] = 4.0 * i;
		c[i] = 25;
	}
	lv_profile *p = tape(s, c, 11);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 1989.44, 0.005);
	CHECK_NEAR(v.from_cm, 0, 0);
	CHECK_NEAR(v.to_cm, 40, 0);
	lv_profile_free(p);
}

/*
 * The same cylinder by discs: 10 marks at the middles of ten 4 cm discs
 * (2, 6, ..., 38 cm) cover 40 cm: 1989.44 mL.  Feeding the 11 end-to-end
 * sites instead covers 44 cm, 11/10 of it (the overstatement doc/clinical.md
 * warns of).
 */
static void disc_cylinder(void)
{
	double s[11], c[11];
	lv_volume v;
	for (int i = 0; i < 11; i++) {
		s[i] = 2.0 + 4.0 * i;
		c[i] = 25;
	}
	lv_profile *p = tape(s, c, 10);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_DISC, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 1989.44, 0.005);
	CHECK_NEAR(v.to_cm - v.from_cm, 40, 1e-12);
	lv_profile_free(p);
	for (int i = 0; i < 11; i++)
		s[i] = 4.0 * i;
	p = tape(s, c, 11);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_DISC, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 1989.44 * 1.1, 0.01);
	/* one 4 cm disc: C^2/pi */
	lv_volume seg[11];
	CHECK_STATUS(lv_volume_segments(p, LV_MODEL_DISC, 0.1, seg, 11), LV_OK);
	CHECK_NEAR(seg[3].volume_ml, 625 / M_PI, 1e-9);
	lv_profile_free(p);
}

/* doc/clinical.md: one frustum, C 20 -> 30 cm, h = 30 cm: 1511.97 mL. */
static void single_frustum(void)
{
	double s[2] = { 0, 30 }, c[2] = { 20, 30 };
	lv_volume v;
	lv_profile *p = tape(s, c, 2);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 1511.97, 0.005);
	lv_profile_free(p);
}

/* doc/clinical.md: straight taper 20 -> 30 over 28 cm, every 4 cm: 1411.17 mL,
 * equal to the single frustum. */
static void linear_taper(void)
{
	double s[8], c[8];
	lv_volume v, part, rest;
	for (int i = 0; i < 8; i++) {
		s[i] = 4.0 * i;
		c[i] = 20 + 10.0 * s[i] / 28;
	}
	lv_profile *p = tape(s, c, 8);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 1411.17, 0.005);
	/* between positions off the sites: the sub-frustum's closed form */
	CHECK_STATUS(lv_volume_between(p, LV_MODEL_FRUSTUM, 2, 27, 0.1, &part), LV_OK);
	double c0 = 20 + 10.0 * 2 / 28, c1 = 20 + 10.0 * 27 / 28;
	CHECK_NEAR(part.volume_ml, 25 * (c0 * c0 + c0 * c1 + c1 * c1) / (12 * M_PI), 1e-9);
	CHECK_STATUS(lv_volume_between(p, LV_MODEL_FRUSTUM, 0, 2, 0.1, &rest), LV_OK);
	CHECK(part.volume_ml + rest.volume_ml < v.volume_ml);
	CHECK_STATUS(lv_volume_between(p, LV_MODEL_FRUSTUM, -1, 10, 0.1, &part), LV_ERANGE);
	CHECK_STATUS(lv_volume_between(p, LV_MODEL_FRUSTUM, 10, 29, 0.1, &part), LV_ERANGE);
	lv_profile_free(p);
}

/*
 * doc/clinical.md: a published frustum table, diameters 4.8, 4.1, 3.9, 3.2 at
 * heights 0, 4.5, 9, 20: segment volumes 70.1, 56.6, 109.2 (to 0.1).
 */
static void published_table(void)
{
	double s[4] = { 0, 4.5, 9, 20 }, d[4] = { 4.8, 4.1, 3.9, 3.2 }, c[4];
	lv_volume seg[3];
	for (int i = 0; i < 4; i++)
		c[i] = M_PI * d[i];
	lv_profile *p = tape(s, c, 4);
	CHECK(lv_volume_segment_count(p, LV_MODEL_FRUSTUM) == 3);
	CHECK_STATUS(lv_volume_segments(p, LV_MODEL_FRUSTUM, 0.1, seg, 3), LV_OK);
	CHECK_NEAR(seg[0].volume_ml, 70.1, 0.05);
	CHECK_NEAR(seg[1].volume_ml, 56.6, 0.05);
	CHECK_NEAR(seg[2].volume_ml, 109.2, 0.05);
	lv_profile_free(p);
}

/*
 * Elliptical slices: an elliptic cylinder of widths 8 x 6 cm, 30 cm long,
 * has volume pi/4 * 8 * 6 * 30; a linearly varying elliptic section gives
 * the closed form of doc/clinical.md; one view is a circle.
 */
static void ellipse_slices(void)
{
	double s[4] = { 0, 10, 20, 30 }, w1[4] = { 8, 8, 8, 8 }, w2[4] = { 6, 6, 6, 6 };
	lv_profile *p = NULL;
	lv_volume v;
	CHECK_STATUS(lv_profile_new_widths(&p, s, w1, w2, 4), LV_OK);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_ELLIPSE, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, M_PI / 4 * 8 * 6 * 30, 1e-9);
	/* a tape profile's circumference is the ellipse perimeter */
	double per;
	CHECK_STATUS(lv_ellipse_perimeter_cm(8, 6, &per), LV_OK);
	/* Ramanujan's approximation is good to ~1e-5 relative (doc/clinical.md) */
	double a = 4, b = 3;
	double ram = M_PI * (3 * (a + b) - sqrt((3 * a + b) * (a + 3 * b)));
	CHECK_REL(per, ram, 2e-5);
	CHECK_NEAR(lv_profile_circumference_cm(p, 0), per, 1e-12);
	lv_profile_free(p);

	double s2[2] = { 0, 12 }, p1[2] = { 9, 7 }, q1[2] = { 7, 5 };
	CHECK_STATUS(lv_profile_new_widths(&p, s2, p1, q1, 2), LV_OK);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_ELLIPSE, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, 12 * M_PI / 4 * (2 * 9 * 7 + 9 * 5 + 7 * 7 + 2 * 7 * 5) / 6, 1e-9);
	lv_profile_free(p);

	CHECK_STATUS(lv_profile_new_widths(&p, s, w1, NULL, 4), LV_OK);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_ELLIPSE, 0.1, &v), LV_OK);
	CHECK_NEAR(v.volume_ml, M_PI / 4 * 64 * 30, 1e-9);
	lv_profile_free(p);
}

/*
 * Uncertainty of a cylinder by frustum: V = L C^2 / (4 pi) summed; each
 * site's derivative is h (2C + C)/(12 pi) from each neighbouring segment.
 * Interior sites: 2 * 3hC/(12 pi) = hC/(2 pi); end sites hC/(4 pi).
 */
static void uncertainty(void)
{
	double s[11], c[11], sd = 0.1, h = 4, C = 25;
	lv_volume v;
	for (int i = 0; i < 11; i++) {
		s[i] = 4.0 * i;
		c[i] = C;
	}
	lv_profile *p = tape(s, c, 11);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, sd, &v), LV_OK);
	double gi = h * C / (2 * M_PI), ge = h * C / (4 * M_PI);
	CHECK_NEAR(v.sd_ml, sd * sqrt(9 * gi * gi + 2 * ge * ge), 1e-9);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, 0, &v), LV_OK);
	CHECK_NEAR(v.sd_ml, 0, 0);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, -1, &v), LV_EINVAL);
	/* disc: dV/dC = 2 h C / (4 pi) per disc */
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_DISC, sd, &v), LV_OK);
	CHECK_NEAR(v.sd_ml, sd * sqrt(11.0) * 2 * h * C / (4 * M_PI), 1e-9);
	lv_profile_free(p);
}

static void resample(void)
{
	double s[3] = { 0, 4, 8 }, c[3] = { 20, 24, 22 }, ns[3] = { 1, 5, 8 };
	lv_profile *p = tape(s, c, 3), *r = NULL;
	CHECK_STATUS(lv_profile_resample(&r, p, ns, 3), LV_OK);
	CHECK_NEAR(lv_profile_circumference_cm(r, 0), 21, 1e-12);
	CHECK_NEAR(lv_profile_circumference_cm(r, 1), 23.5, 1e-12);
	CHECK_NEAR(lv_profile_circumference_cm(r, 2), 22, 1e-12);
	lv_profile_free(r);
	ns[2] = 9;
	CHECK_STATUS(lv_profile_resample(&r, p, ns, 3), LV_ERANGE);
	CHECK(r == NULL);
	lv_profile_free(p);
}

static void bad_profiles(void)
{
	lv_profile *p = NULL;
	double s[3] = { 0, 4, 4 }, c[3] = { 20, 21, 22 };
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "repeated");
	s[2] = 3;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "increase");
	s[2] = 60;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "apart");
	s[2] = 8;
	c[1] = 151;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "implausible");
	c[1] = 0;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	c[1] = NAN;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	c[1] = INFINITY;
	CHECK_STATUS(lv_profile_new(&p, s, c, 3), LV_EDATA);
	c[1] = 21;
	CHECK_STATUS(lv_profile_new(&p, s, c, 1), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "at least 2");
	CHECK(p == NULL);
	lv_profile_free(NULL);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(frustum_cylinder);
	RUN(disc_cylinder);
	RUN(single_frustum);
	RUN(linear_taper);
	RUN(published_table);
	RUN(ellipse_slices);
	RUN(uncertainty);
	RUN(resample);
	RUN(bad_profiles);
	return lv_test_done();
}
