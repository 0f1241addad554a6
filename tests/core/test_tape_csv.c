/* The streaming tape CSV reader: groups, locations of errors, odd files. */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void write_file(const char *text)
{
	FILE *f;
	snprintf(path, sizeof path, "/tmp/lv_test_tape_%d.csv", (int)getpid());
	f = fopen(path, "wb");
	fputs(text, f);
	fclose(f);
}

static void groups_stream(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	write_file(
		"site_cm,limb,circumference_cm,patient,date,phase\n"
		"0,left-arm,20,P1,2026-01-02,pre\n4,left-arm,21,P1,2026-01-02,pre\n"
		"0,right-arm,22,P1,2026-01-02,pre\n4,right-arm,23,P1,2026-01-02,pre\n"
		"8,right-arm,24.5,P1,2026-01-02,pre\n\n"
		"0,right-arm,22,P1,2026-01-02T10:30,post\n4,right-arm,22,P1,2026-01-02T10:30,post\n");
	CHECK_STATUS(lv_tape_reader_open(&r, path), LV_OK);
	CHECK(lv_tape_reader_has_column(r, "patient"));
	CHECK_STATUS(lv_tape_reader_next(r, &g), 1);
	CHECK(g.limb == LV_LIMB_LEFT_ARM && g.n == 2 && g.phase == LV_PHASE_PRE);
	CHECK(!strcmp(g.patient, "P1") && !strcmp(g.date, "2026-01-02"));
	CHECK(g.first_line == 2);
	CHECK_STATUS(lv_tape_reader_next(r, &g), 1);
	CHECK(g.limb == LV_LIMB_RIGHT_ARM && g.n == 3);
	CHECK_NEAR(g.circumference_cm[2], 24.5, 0);
	CHECK_NEAR(g.site_cm[2], 8, 0);
	CHECK_STATUS(lv_tape_reader_next(r, &g), 1);
	CHECK(g.phase == LV_PHASE_POST && g.n == 2 && g.first_line == 8);
	CHECK_STATUS(lv_tape_reader_next(r, &g), 0);
	CHECK_STATUS(lv_tape_reader_next(r, &g), 0);
	lv_tape_reader_free(r);
	remove(path);
}

static void errors_are_located(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	write_file("limb,site_cm,circumference_cm\r\nleft-arm,0,20\r\nleft-arm,4,2O\r\n");
	CHECK_STATUS(lv_tape_reader_open(&r, path), LV_OK);
	CHECK_STATUS(lv_tape_reader_next(r, &g), LV_EDATA);
	CHECK(lv_error_last()->line == 3);
	CHECK(lv_error_last()->column == 12);
	CHECK(!strcmp(lv_error_last()->where, path));
	char msg[600];
	lv_error_format(lv_error_last(), msg, sizeof msg);
	CHECK_STR_CONTAINS(msg, ":3:12: expected a number, found '2O'");
	lv_tape_reader_free(r);
	remove(path);
}

/* Memory is one buffer and one measurement: many groups, one allocation. */
static void many_groups(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	FILE *f;
	long count = 0;
	snprintf(path, sizeof path, "/tmp/lv_test_tape_%d.csv", (int)getpid());
	f = fopen(path, "wb");
	fputs("patient,limb,site_cm,circumference_cm\n", f);
	for (int p = 0; p < 20000; p++)
		for (int s = 0; s < 3; s++)
			fprintf(f, "P%d,left-leg,%d,%d.5\n", p, s * 10, 30 + s);
	fclose(f);
	CHECK_STATUS(lv_tape_reader_open(&r, path), LV_OK);
	while (lv_tape_reader_next(r, &g) == 1) {
		count++;
		if (g.n != 3 || g.circumference_cm[1] != 31.5)
			break;
	}
	CHECK(count == 20000);
	lv_tape_reader_free(r);
	remove(path);
}

static void names(void)
{
	lv_limb l;
	CHECK_STATUS(lv_limb_parse("right-leg", 9, &l), LV_OK);
	CHECK(l == LV_LIMB_RIGHT_LEG && lv_limb_other(l) == LV_LIMB_LEFT_LEG);
	CHECK(lv_limb_other(LV_LIMB_LEFT_ARM) == LV_LIMB_RIGHT_ARM);
	CHECK_STATUS(lv_date_check("2024-02-29", 10), LV_OK);
	CHECK_STATUS(lv_date_check("2023-02-29", 10), LV_EDATA);
	CHECK_STATUS(lv_date_check("2026-13-01", 10), LV_EDATA);
	CHECK_STATUS(lv_date_check("2026-01-01T24:00", 16), LV_EDATA);
	CHECK_STATUS(lv_date_check("2026-01-01 08:15:30", 19), LV_OK);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(groups_stream);
	RUN(errors_are_located);
	RUN(many_groups);
	RUN(names);
	return lv_test_done();
}
