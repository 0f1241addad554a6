/* Surveillance thresholds (limbvol/alerts.h) against doc/clinical.md:
 * RVC >= 5 % and < 10 % early intervention, >= 10 % lymphedema. */
#include "harness.h"
#include "limbvol/limbvol.h"

static void defaults_from_the_sources(void)
{
	lv_alert_thresholds t;
	lv_alert_thresholds_init(&t);
	CHECK_NEAR(t.early_percent, 5, 0);
	CHECK_NEAR(t.lymphedema_percent, 10, 0);
	CHECK_STATUS(lv_alert_thresholds_check(&t), LV_OK);
}

/* The bounds as the sources state them: 5 % to under 10 %, 10 % or more. */
static void levels_at_the_bounds(void)
{
	lv_alert_thresholds t;
	lv_alert_thresholds_init(&t);
	CHECK(lv_alert_level_of(&t, 4.99) == LV_ALERT_NONE);
	CHECK(lv_alert_level_of(&t, 5.0) == LV_ALERT_EARLY);
	CHECK(lv_alert_level_of(&t, 9.99) == LV_ALERT_EARLY);
	CHECK(lv_alert_level_of(&t, 10.0) == LV_ALERT_LYMPHEDEMA);
	CHECK(lv_alert_level_of(&t, -20) == LV_ALERT_NONE);
	/* doc/clinical.md's worked RVC, 0.1326: lymphedema */
	CHECK(lv_alert_level_of(&t, 13.26) == LV_ALERT_LYMPHEDEMA);
	CHECK_STR_CONTAINS(lv_alert_level_name(LV_ALERT_EARLY), "early");
	CHECK_STR_CONTAINS(lv_alert_level_name(LV_ALERT_LYMPHEDEMA), "lymphedema");
}

static void bad_thresholds(void)
{
	lv_alert_thresholds t = { 12, 10 };
	CHECK_STATUS(lv_alert_thresholds_check(&t), LV_EINVAL);
	t.early_percent = 0;
	CHECK_STATUS(lv_alert_thresholds_check(&t), LV_EINVAL);
	t.early_percent = NAN;
	CHECK_STATUS(lv_alert_thresholds_check(&t), LV_EINVAL);
	t.early_percent = 3;
	t.lymphedema_percent = 3;
	CHECK_STATUS(lv_alert_thresholds_check(&t), LV_OK); /* one threshold for both */
	CHECK(lv_alert_level_of(&t, 3) == LV_ALERT_LYMPHEDEMA);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(defaults_from_the_sources);
	RUN(levels_at_the_bounds);
	RUN(bad_thresholds);
	return lv_test_done();
}
