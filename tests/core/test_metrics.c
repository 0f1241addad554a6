/* Clinical metrics against the definitions and examples of doc/clinical.md. */
#include "harness.h"
#include "limbvol/limbvol.h"

/* doc/clinical.md: A1 2000, U1 1950, A2 2300, U2 1980 -> RVC 0.1326 */
static void rvc_published_example(void)
{
	double r;
	CHECK_STATUS(lv_rvc(2000, 1950, 2300, 1980, &r), LV_OK);
	CHECK_NEAR(r, 0.1326, 0.00005);
	CHECK(lv_pev_class_of(r * 100) == LV_CLASS_LYMPHEDEMA);
	CHECK_STATUS(lv_rvc(0, 1950, 2300, 1980, &r), LV_EDATA);
}

static void excess_and_pev(void)
{
	double ev, pev;
	CHECK_STATUS(lv_excess_ml(2300, 2000, &ev), LV_OK);
	CHECK_NEAR(ev, 300, 0);
	CHECK_STATUS(lv_pev_percent(2300, 2000, &pev), LV_OK);
	CHECK_NEAR(pev, 15, 1e-12);
	CHECK_STATUS(lv_pev_percent(2300, 0, &pev), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "positive");
}

/* EWMA 2014 (doc/clinical.md): reduction of excess vs change of volume differ */
static void reduction_and_change(void)
{
	double red, chg;
	CHECK_STATUS(lv_excess_reduction_percent(400, 260, &red), LV_OK);
	CHECK_NEAR(red, 35, 1e-12);
	CHECK_STATUS(lv_volume_change_percent(2400, 2260, &chg), LV_OK);
	CHECK_NEAR(chg, -140.0 / 2400 * 100, 1e-12);
	CHECK_STATUS(lv_excess_reduction_percent(0, 10, &red), LV_EDATA);
}

static void weight_adjusted(void)
{
	double w;
	/* arm 2000 -> 2100 mL while weight 70 -> 73.5 kg: no relative change */
	CHECK_STATUS(lv_wac(2000, 70, 2100, 73.5, &w), LV_OK);
	CHECK_NEAR(w, 0, 1e-12);
}

/* ISL by volume excess: < 20 mild, 20-40 moderate, > 40 severe */
static void severity_bounds(void)
{
	CHECK(lv_severity_of(19.99) == LV_SEVERITY_MILD);
	CHECK(lv_severity_of(20) == LV_SEVERITY_MODERATE);
	CHECK(lv_severity_of(40) == LV_SEVERITY_MODERATE);
	CHECK(lv_severity_of(40.01) == LV_SEVERITY_SEVERE);
	CHECK(lv_pev_class_of(4.99) == LV_CLASS_NONE);
	CHECK(lv_pev_class_of(5) == LV_CLASS_SUBCLINICAL);
	CHECK(lv_pev_class_of(10) == LV_CLASS_LYMPHEDEMA);
}

/* MDC95 = 1.96 sqrt(2) SEM */
static void mdc(void)
{
	CHECK_NEAR(lv_mdc95(10), 27.7185858, 1e-6);
	CHECK_NEAR(lv_mdc95_pair(10, 10), lv_mdc95(10), 1e-12);
	CHECK_NEAR(lv_mdc95_pair(3, 4), 1.96 * 5, 1e-12);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(rvc_published_example);
	RUN(excess_and_pev);
	RUN(reduction_and_change);
	RUN(weight_adjusted);
	RUN(severity_bounds);
	RUN(mdc);
	return lv_test_done();
}
