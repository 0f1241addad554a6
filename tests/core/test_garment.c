/* Garment measuring points (limbvol/garment.h) on synthetic profiles whose
 * narrowest and widest places are known by construction. */
#include "harness.h"
#include "limbvol/limbvol.h"

static lv_profile *make(const double *c, size_t n, double step)
{
	double s[32];
	lv_profile *p = NULL;
	for (size_t i = 0; i < n; i++)
		s[i] = (double)i * step;
	CHECK_STATUS(lv_profile_new(&p, s, c, n), LV_OK);
	return p;
}

/* A leg with an ankle, a calf and a knee: cB, cC, cD found at their sites. */
static void leg_shape(void)
{
	const double c[] = { 24, 21, 23, 27, 32, 35.5, 37, 36, 34, 33, 36, 40, 44 };
	lv_profile *p = make(c, sizeof c / sizeof c[0], 4);
	lv_garment g;
	CHECK_STATUS(lv_garment_init(&g, LV_LIMB_KIND_LEG), LV_OK);
	g.v[lv_garment_index(&g, "cE")].how = LV_GARMENT_AT;
	g.v[lv_garment_index(&g, "cE")].pos_cm = 40;
	g.v[lv_garment_index(&g, "cG")].how = LV_GARMENT_GIVEN;
	g.v[lv_garment_index(&g, "cG")].pos_cm = 60;
	g.v[lv_garment_index(&g, "cG")].circ_cm = 55;
	CHECK_STATUS(lv_garment_fill(&g, p), LV_ERANGE); /* cF at 50 cm: beyond 48 */
	g.v[lv_garment_index(&g, "cG")].pos_cm = 48;
	CHECK_STATUS(lv_garment_fill(&g, p), LV_OK);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cB")].circ_cm, 21, 0);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cB")].pos_cm, 4, 0);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cC")].pos_cm, 24, 0);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cD")].pos_cm, 36, 0);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cE")].circ_cm, 36, 0);
	CHECK_NEAR(g.v[lv_garment_index(&g, "cF")].pos_cm, 44, 0); /* (40 + 48) / 2 */
	CHECK(g.v[lv_garment_index(&g, "cB1")].how == LV_GARMENT_MISSING);
	lv_profile_free(p);
}

/* A limb that only widens (no calf shape): nothing is guessed. */
static void no_shape_no_guess(void)
{
	const double c[] = { 22, 24, 26, 28, 30, 32 };
	lv_profile *p = make(c, sizeof c / sizeof c[0], 4);
	lv_garment g;
	CHECK_STATUS(lv_garment_init(&g, LV_LIMB_KIND_LEG), LV_OK);
	CHECK_STATUS(lv_garment_fill(&g, p), LV_OK);
	for (size_t i = 0; i < g.n; i++)
		CHECK(g.v[i].how == LV_GARMENT_MISSING);
	CHECK_STATUS(lv_garment_init(&g, LV_LIMB_KIND_UNKNOWN), LV_EINVAL);
	CHECK_STATUS(lv_garment_init(&g, LV_LIMB_KIND_ARM), LV_OK);
	CHECK(lv_garment_index(&g, "cB") < 0 && lv_garment_index(&g, "CD") >= 0);
	lv_profile_free(p);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(leg_shape);
	RUN(no_shape_no_guess);
	return lv_test_done();
}
