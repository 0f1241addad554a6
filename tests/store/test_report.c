/*
 * The report page through the C API: the paper sizes from their
 * definitions (210 x 297 mm, 8.5 x 11 in, 72 points per inch), what the page
 * says it holds, and refusals (options of an unknown version, a paper or
 * thresholds out of range, a folder that does not exist: nothing written).
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdlib.h>
#include <unistd.h>

static char dir[256];

static const double sites[3] = { 0, 4, 8 };
static const double circ[3] = { 20, 22, 24 };

static lv_history *history(lv_store **s, int visits)
{
	char path[512];
	int64_t p;
	lv_history *h = NULL;
	snprintf(path, sizeof path, "%s/r.db", dir);
	if (lv_store_open(s, path, LV_STORE_CREATE) < 0 || lv_store_begin(*s) < 0 ||
	    lv_store_patient_ensure(*s, "C1", &p) < 0)
		abort();
	for (int k = 0; k < visits; k++) {
		char date[32];
		lv_measurement m;
		memset(&m, 0, sizeof m);
		snprintf(date, sizeof date, "2026-%02d-%02d", 1 + k / 28, 1 + k % 28);
		m.patient = p;
		m.limb = LV_LIMB_LEFT_ARM;
		m.date = date;
		m.phase = LV_PHASE_OTHER;
		m.model = LV_MODEL_FRUSTUM;
		m.reading_sd_cm = 0.1;
		m.n = 3;
		m.site_cm = sites;
		m.circumference_cm = circ;
		m.volume_ml = 300;
		m.sd_ml = 2;
		if (lv_store_add_measurement(*s, &m, NULL) < 0)
			abort();
	}
	if (lv_store_commit(*s) < 0 || lv_store_history(*s, "C1", &h) < 0)
		abort();
	return h;
}

static void paper_sizes(void)
{
	double w, h;
	lv_paper_size(LV_PAPER_A4, &w, &h);
	CHECK_NEAR(w, 210 / 25.4 * 72, 1e-9);
	CHECK_NEAR(h, 297 / 25.4 * 72, 1e-9);
	CHECK_NEAR(w, 595.2756, 1e-4);
	lv_paper_size(LV_PAPER_LETTER, &w, &h);
	CHECK_NEAR(w, 8.5 * 72, 1e-12);
	CHECK_NEAR(h, 11 * 72, 1e-12);
}

static void what_the_page_holds(void)
{
	lv_store *s = NULL;
	lv_history *h = history(&s, 60);
	lv_report_opts o = LV_REPORT_OPTS_INIT;
	lv_report_info info;
	char path[512];

	snprintf(path, sizeof path, "%s/c1.pdf", dir);
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, &info), LV_OK);
	CHECK(info.visits == 60); /* one limb, one measurement a day */
	CHECK(info.shown > 5 && info.shown < 60);
	CHECK(info.shown + info.left_out == info.visits);
	CHECK_NEAR(info.height_pt, 297 / 25.4 * 72, 1e-9);
	/* Letter is shorter: fewer rows fit */
	{
		size_t a4 = info.shown;
		o.paper = LV_PAPER_LETTER;
		CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, &info), LV_OK);
		CHECK(info.shown < a4);
		CHECK_NEAR(info.width_pt, 612, 1e-12);
	}
	o.max_rows = 4;
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, &info), LV_OK);
	CHECK(info.shown == 4 && info.left_out == 56);
	lv_history_free(h);
	lv_store_close(s);
}

static void refusals(void)
{
	lv_store *s = NULL;
	lv_history *h = history(&s, 2);
	lv_report_opts o = LV_REPORT_OPTS_INIT;
	char path[512];

	snprintf(path, sizeof path, "%s/x.pdf", dir);
	o.version = 99;
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, NULL), LV_EINVAL);
	o.version = LV_REPORT_OPTS_VERSION;
	o.paper = (lv_paper)7;
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, NULL), LV_EINVAL);
	o.paper = LV_PAPER_A4;
	o.thresholds.early_percent = 20; /* above lymphedema's 10 */
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, NULL), LV_EINVAL);
	CHECK(access(path, F_OK) != 0);
	lv_alert_thresholds_init(&o.thresholds);
	snprintf(path, sizeof path, "%s/missing/x.pdf", dir);
	CHECK_STATUS(lv_report_page(h, &o, path, LV_PLOT_PDF, NULL), LV_EIO);
	CHECK(access(path, F_OK) != 0);
	lv_history_free(h);
	lv_store_close(s);
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	char cmd[300];
	LV_TEST_INIT(argc, argv);
	snprintf(dir, sizeof dir, "%s/lvreportXXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(paper_sizes);
	RUN(what_the_page_holds);
	RUN(refusals);
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return lv_test_done();
}
