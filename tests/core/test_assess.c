/*
 * lv_assess: the clinical figures of one measurement over the range both
 * limbs share.  Expected values are closed forms of cylinders
 * (V = h C^2 / 4 pi; with two widths p, q: h pi p q / 4), never limbvol's
 * own output.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <math.h>

/* A tape cylinder of circumference c from 0 to `to` cm, sites every `h` cm. */
static lv_profile *cylinder(double c, double to, double h)
{
	double site[64], circ[64];
	size_t n = 0;
	lv_profile *p = NULL;
	for (double s = 0; s <= to + 1e-9 && n < 64; s += h, n++) {
		site[n] = s;
		circ[n] = c;
	}
	lv_profile_new(&p, site, circ, n);
	return p;
}

static double cyl_ml(double c, double len)
{
	return len * c * c / (4 * M_PI);
}

static lv_assess_limb tape(const lv_profile *p)
{
	lv_assess_limb l = { p, LV_MODEL_FRUSTUM, 0.1, NULL };
	return l;
}

/* Issue 11: 0-20 cm against 0-12 cm: compared over 0-12 cm, not as equals */
static void common_range_of_different_lengths(void)
{
	lv_profile *a = cylinder(25, 20, 4), *u = cylinder(20, 12, 4);
	lv_assess_input in;
	lv_assessment r;

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.other = tape(u);
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK_NEAR(r.volume.volume_ml, cyl_ml(25, 20), 1e-9); /* its own range */
	CHECK(r.compared);
	CHECK(r.range_narrowed);
	CHECK_NEAR(r.compare_from_cm, 0, 0);
	CHECK_NEAR(r.compare_to_cm, 12, 1e-12);
	CHECK_NEAR(r.excess_ml, cyl_ml(25, 12) - cyl_ml(20, 12), 1e-9);
	CHECK_NEAR(r.pev_percent, (625.0 / 400.0 - 1) * 100, 1e-9);
	CHECK(r.pev_class == LV_CLASS_LYMPHEDEMA);
	CHECK(r.has_severity && r.severity == LV_SEVERITY_SEVERE);
	CHECK(r.n_sites_compared == 4); /* sites 0, 4, 8, 12 */
	CHECK(r.n_flagged == 4);
	CHECK_NEAR(r.max_site_diff_cm, 5, 1e-12);
	lv_profile_free(a);
	lv_profile_free(u);
}

/* Issue 11: 0-20 cm against 0-8 cm shares 8 cm: no figures, a note */
static void too_short_a_common_range(void)
{
	lv_profile *a = cylinder(25, 20, 4), *u = cylinder(20, 8, 4);
	lv_assess_input in;
	lv_assessment r;

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.other = tape(u);
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.has_other);
	CHECK(!r.compared);
	CHECK_STR_CONTAINS(r.note, "0 to 8 cm");
	CHECK_STR_CONTAINS(r.note, "shorter than 10 cm");
	CHECK_NEAR(r.other_volume.volume_ml, cyl_ml(20, 8), 1e-9);
	/* measured over the same short range on purpose: compared */
	lv_profile_free(a);
	a = cylinder(25, 8, 4);
	in.limb = tape(a);
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.compared && !r.range_narrowed);
	CHECK_NEAR(r.excess_ml, cyl_ml(25, 8) - cyl_ml(20, 8), 1e-9);
	lv_profile_free(a);
	lv_profile_free(u);
}

/* Photo profiles are continuous: 0-52 cm against 0-56 cm compares 0-52 */
static void photo_profiles_cut_to_the_common_interval(void)
{
	double site[57], p[57], q[57];
	lv_profile *a = NULL, *u = NULL;
	lv_assess_input in;
	lv_assessment r;
	size_t i;

	for (i = 0; i < 57; i++) {
		site[i] = (double)i;
		p[i] = 9;
		q[i] = 7;
	}
	CHECK_STATUS(lv_profile_new_widths(&a, site, p, q, 53), LV_OK);
	for (i = 0; i < 57; i++)
		p[i] = 8;
	CHECK_STATUS(lv_profile_new_widths(&u, site, p, q, 57), LV_OK);
	lv_assess_input_init(&in);
	in.limb = (lv_assess_limb){ a, LV_MODEL_ELLIPSE, 0.1, NULL };
	in.other = (lv_assess_limb){ u, LV_MODEL_ELLIPSE, 0.1, NULL };
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.compared);
	CHECK_NEAR(r.compare_to_cm, 52, 1e-12);
	CHECK_NEAR(r.other_compared.volume_ml, 52 * M_PI * 8 * 7 / 4, 1e-6);
	CHECK_NEAR(r.excess_ml, 52 * M_PI * (9 - 8) * 7 / 4, 1e-6);
	CHECK_NEAR(r.pev_percent, 12.5, 1e-9);
	lv_profile_free(a);
	lv_profile_free(u);
}

/* RVC (A U0) / (U A0) - 1 and the change of volume, each over what is shared */
static void rvc_and_change_like_with_like(void)
{
	lv_profile *a0 = cylinder(20, 40, 4), *u0 = cylinder(20, 40, 4);
	lv_profile *a = cylinder(22, 40, 4), *u = cylinder(20, 36, 4);
	lv_assess_input in;
	lv_assessment r;

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.other = tape(u);
	in.base_limb = tape(a0);
	in.base_other = tape(u0);
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.has_rvc);
	CHECK_NEAR(r.rvc_to_cm, 36, 1e-12);
	CHECK_NEAR(r.rvc_percent, (484.0 / 400.0 - 1) * 100, 1e-9);
	CHECK(r.rvc_class == LV_CLASS_LYMPHEDEMA);
	CHECK(r.has_change);
	CHECK_NEAR(r.change_to_cm, 40, 1e-12);
	CHECK_NEAR(r.change_percent, (484.0 / 400.0 - 1) * 100, 1e-9);
	CHECK_NEAR(r.change_ml, cyl_ml(22, 40) - cyl_ml(20, 40), 1e-9);
	CHECK(r.change_significant);
	lv_profile_free(a0);
	lv_profile_free(u0);
	lv_profile_free(a);
	lv_profile_free(u);
}

/* The 95 % threshold of EV: 1.96 sqrt(sd_A^2 + sd_U^2) */
static void significance(void)
{
	lv_profile *a = cylinder(25.01, 40, 4), *u = cylinder(25, 40, 4);
	lv_assess_input in;
	lv_assessment r;

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.other = tape(u);
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK_NEAR(r.threshold_ml, 1.96 * hypot(r.limb_compared.sd_ml, r.other_compared.sd_ml),
		   1e-12);
	CHECK(!r.significant);
	CHECK(r.pev_class == LV_CLASS_NONE);
	lv_profile_free(a);
	lv_profile_free(u);
}

/* An explicit range is used as given, or the comparison says why not */
static void explicit_range(void)
{
	lv_profile *a = cylinder(25, 40, 4), *u = cylinder(20, 20, 4);
	lv_assess_input in;
	lv_assessment r;

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.other = tape(u);
	in.from_cm = 4;
	in.to_cm = 8;
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.compared);
	CHECK_NEAR(r.excess_ml, cyl_ml(25, 4) - cyl_ml(20, 4), 1e-9);
	in.to_cm = 30;
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(!r.compared);
	CHECK_STR_CONTAINS(r.note, "not covered by both");
	in.from_cm = 50;
	in.to_cm = 60;
	CHECK_STATUS(lv_assess(&in, &r), LV_ERANGE);
	in.limb.profile = NULL;
	CHECK_STATUS(lv_assess(&in, &r), LV_EINVAL);
	lv_profile_free(a);
	lv_profile_free(u);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(common_range_of_different_lengths);
	RUN(too_short_a_common_range);
	RUN(photo_profiles_cut_to_the_common_interval);
	RUN(rvc_and_change_like_with_like);
	RUN(significance);
	RUN(explicit_range);
	return lv_test_done();
}
