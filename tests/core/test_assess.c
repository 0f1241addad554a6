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
	lv_assess_limb l = { p, LV_MODEL_FRUSTUM, 0.1, NULL, 0, 0, 0 };
	return l;
}

/* Two tape cylinders assessed: the limb (circumference ca, 0 to ta cm) and
 * the other (cu, 0 to tu cm), sites every 4 cm; range from..to (NaN: the
 * common one). */
struct pair {
	lv_profile *a, *u;
	lv_assess_input in;
	lv_assessment r;
};

static int pair_assess(struct pair *t, double ca, double ta, double cu, double tu, double from,
		       double to)
{
	t->a = cylinder(ca, ta, 4);
	t->u = cylinder(cu, tu, 4);
	lv_assess_input_init(&t->in);
	t->in.limb = tape(t->a);
	t->in.other = tape(t->u);
	if (!isnan(from)) {
		t->in.from_cm = from;
		t->in.to_cm = to;
	}
	return lv_assess(&t->in, &t->r);
}

static void pair_free(struct pair *t)
{
	lv_profile_free(t->a);
	lv_profile_free(t->u);
}

/*
 * Which range two limbs are compared over (issue 11), and the excess there:
 * each row's excess is the closed form cyl(ca, L) - cyl(cu, L) over its
 * expected range 0..L or from..to.
 */
static const struct range_case {
	const char *what;
	double ca, ta, cu, tu; /* limb and other: circumference, length (cm) */
	double from, to; /* the range asked for; NaN: the common one */
	int status, compared, narrowed;
	double compare_from, compare_to; /* when compared */
	const char *note, *note2; /* what the note says (NULL: nothing asserted) */
} range_cases[] = {
	{ "0-20 against 0-12: compared over 0-12, not as equals", 25, 20, 20, 12, NAN, NAN, LV_OK,
	  1, 1, 0, 12, NULL, NULL },
	{ "0-20 against 0-8 shares 8 cm: no figures, a note", 25, 20, 20, 8, NAN, NAN, LV_OK, 0, 0,
	  0, 0, "0 to 8 cm", "shorter than 10 cm" },
	{ "both measured over the same short range on purpose: compared", 25, 8, 20, 8, NAN, NAN,
	  LV_OK, 1, 0, 0, 8, NULL, NULL },
	{ "an explicit range inside both: used as given", 25, 40, 20, 20, 4, 8, LV_OK, 1, 0, 4, 8,
	  NULL, NULL },
	{ "an explicit range one limb does not reach: says why", 25, 40, 20, 20, 4, 30, LV_OK, 0, 0,
	  0, 0, "not covered by both", NULL },
	{ "an explicit range neither reaches: an error", 25, 40, 20, 20, 50, 60, LV_ERANGE, 0, 0, 0,
	  0, NULL, NULL },
};

static void compared_range(void)
{
	const char *outer = lv_test_current;

	for (size_t i = 0; i < sizeof range_cases / sizeof range_cases[0]; i++) {
		const struct range_case *k = &range_cases[i];
		struct pair t;
		double len = k->compare_to - k->compare_from;

		lv_test_current = k->what;
		CHECK_STATUS(pair_assess(&t, k->ca, k->ta, k->cu, k->tu, k->from, k->to),
			     k->status);
		if (k->status == LV_OK) {
			CHECK(t.r.has_other);
			CHECK(!t.r.compared == !k->compared);
			CHECK(!t.r.range_narrowed == !k->narrowed);
			CHECK_NEAR(t.r.volume.volume_ml,
				   cyl_ml(k->ca, isnan(k->from) ? k->ta : k->to - k->from), 1e-9);
			if (k->note)
				CHECK_STR_CONTAINS(t.r.note, k->note);
			if (k->note2)
				CHECK_STR_CONTAINS(t.r.note, k->note2);
		}
		if (k->status == LV_OK && k->compared) {
			CHECK_NEAR(t.r.compare_from_cm, k->compare_from, 1e-12);
			CHECK_NEAR(t.r.compare_to_cm, k->compare_to, 1e-12);
			CHECK_NEAR(t.r.excess_ml, cyl_ml(k->ca, len) - cyl_ml(k->cu, len), 1e-9);
		}
		pair_free(&t);
	}
	lv_test_current = outer;
}

/* 25 cm against 20 cm over 0-12 cm: PEV, its class and severity, the sites */
static void figures_over_the_common_range(void)
{
	struct pair t;

	CHECK_STATUS(pair_assess(&t, 25, 20, 20, 12, NAN, NAN), LV_OK);
	CHECK_NEAR(t.r.pev_percent, (625.0 / 400.0 - 1) * 100, 1e-9);
	CHECK(t.r.pev_class == LV_CLASS_LYMPHEDEMA);
	CHECK(t.r.has_severity && t.r.severity == LV_SEVERITY_SEVERE);
	CHECK(t.r.n_sites_compared == 4); /* sites 0, 4, 8, 12 */
	CHECK(t.r.n_flagged == 4);
	CHECK_NEAR(t.r.max_site_diff_cm, 5, 1e-12);
	/* too short a common range: the other limb's own volume still given */
	pair_free(&t);
	CHECK_STATUS(pair_assess(&t, 25, 20, 20, 8, NAN, NAN), LV_OK);
	CHECK_NEAR(t.r.other_volume.volume_ml, cyl_ml(20, 8), 1e-9);
	/* no limb: refused */
	t.in.limb.profile = NULL;
	CHECK_STATUS(lv_assess(&t.in, &t.r), LV_EINVAL);
	pair_free(&t);
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
	in.limb = (lv_assess_limb){ a, LV_MODEL_ELLIPSE, 0.1, NULL, 0, 0, 0 };
	in.other = (lv_assess_limb){ u, LV_MODEL_ELLIPSE, 0.1, NULL, 0, 0, 0 };
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
	struct pair t;

	CHECK_STATUS(pair_assess(&t, 25.01, 40, 25, 40, NAN, NAN), LV_OK);
	CHECK_NEAR(t.r.threshold_ml,
		   1.96 * hypot(t.r.limb_compared.sd_ml, t.r.other_compared.sd_ml), 1e-12);
	CHECK(!t.r.significant);
	CHECK(t.r.pev_class == LV_CLASS_NONE);
	pair_free(&t);
}

/* A change between two measurements with a repeat sd (photos): its
 * threshold 1.96 sqrt((V r)^2 + (V0 r0)^2), r the relative repeat sd; with
 * one of them only, the full sd as before (doc/clinical.md). */
static void change_by_repeat_sd(void)
{
	lv_profile *a0 = cylinder(25, 40, 4), *a = cylinder(24.6, 40, 4);
	lv_assess_input in;
	lv_assessment r;
	double v0 = cyl_ml(25, 40), v = cyl_ml(24.6, 40);

	lv_assess_input_init(&in);
	in.limb = tape(a);
	in.base_limb = tape(a0);
	in.limb.repeat_rel_sd = 0.006;
	in.base_limb.repeat_rel_sd = 0.008;
	in.limb.views = in.base_limb.views = 2;
	in.limb.camera_distance_cm = in.base_limb.camera_distance_cm = 80;
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.has_change && r.change_repeat_sd && !r.change_not_alike);
	CHECK_NEAR(r.change_threshold_ml, 1.96 * hypot(v * 0.006, v0 * 0.008), 1e-9);
	/* V - V0 = -63.3 mL, beyond 1.96 sqrt(11.6^2 + 15.9^2) = 38.6 mL */
	CHECK(r.change_significant);
	in.base_limb.repeat_rel_sd = 0;
	CHECK_STATUS(lv_assess(&in, &r), LV_OK);
	CHECK(r.has_change && !r.change_repeat_sd && !r.change_not_alike);
	CHECK_NEAR(r.change_threshold_ml, 1.96 * hypot(r.base_compared.sd_ml, r.volume.sd_ml),
		   1e-9);
	lv_profile_free(a0);
	lv_profile_free(a);
}

/* The repeat sd only for photo sets taken alike (assess.h, doc/clinical.md):
 * the same number of views and camera distances within 10 % (the larger at
 * most 1.1 times the smaller); a distance or views not known is not alike.
 * Each case: distances (base, now), views (base, now), 1 when alike. */
static void repeat_sd_only_alike(void)
{
	static const struct {
		double base_cm, now_cm;
		int base_views, now_views, alike;
	} c[] = {
		{ 60, 65.9, 2, 2, 1 }, /* 9.8 % apart */
		{ 65.9, 60, 2, 2, 1 }, /* either way round */
		{ 60, 66.1, 2, 2, 0 }, /* 10.2 % apart */
		{ 118, 62, 2, 2, 0 }, /* the 60 vs 120 cm of mesh_change */
		{ 80, 80, 1, 1, 1 }, /* one view each */
		{ 80, 80, 1, 2, 0 }, /* one view against two */
		{ 0, 80, 2, 2, 0 }, /* a distance not known */
		{ 80, 80, 0, 0, 0 }, /* views not known */
		{ NAN, 80, 2, 2, 0 }, /* a distance not a number: not known */
		{ 80, NAN, 2, 2, 0 },
	};
	lv_profile *a0 = cylinder(25, 40, 4), *a = cylinder(24.6, 40, 4);
	lv_assess_input in;
	lv_assessment r;
	double v0 = cyl_ml(25, 40), v = cyl_ml(24.6, 40);

	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		lv_assess_input_init(&in);
		in.limb = tape(a);
		in.base_limb = tape(a0);
		in.limb.repeat_rel_sd = 0.006;
		in.base_limb.repeat_rel_sd = 0.008;
		in.base_limb.camera_distance_cm = c[k].base_cm;
		in.limb.camera_distance_cm = c[k].now_cm;
		in.base_limb.views = c[k].base_views;
		in.limb.views = c[k].now_views;
		CHECK_STATUS(lv_assess(&in, &r), LV_OK);
		CHECK(r.has_change && r.change_repeat_sd == c[k].alike &&
		      r.change_not_alike == !c[k].alike);
		CHECK_NEAR(r.change_threshold_ml,
			   c[k].alike ? 1.96 * hypot(v * 0.006, v0 * 0.008)
				      : 1.96 * hypot(r.base_compared.sd_ml, r.volume.sd_ml),
			   1e-9);
	}
	lv_profile_free(a0);
	lv_profile_free(a);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(compared_range);
	RUN(figures_over_the_common_range);
	RUN(photo_profiles_cut_to_the_common_interval);
	RUN(rvc_and_change_like_with_like);
	RUN(significance);
	RUN(change_by_repeat_sd);
	RUN(repeat_sd_only_alike);
	return lv_test_done();
}
