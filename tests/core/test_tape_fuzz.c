/*
 * The tape CSV reader on thousands of mutated files (a deterministic fuzz
 * run that lives in the test suite; under the Asan build it also proves the
 * reader never reads or writes out of bounds).  Whatever the input, the
 * reader either hands out measurements that satisfy the profile's checks or
 * stops with a located LV_EDATA error; it never crashes or loops.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static const char seed[] = "\xEF\xBB\xBFpatient,limb,date,phase,site_cm,circumference_cm\r\n"
			   "P1,left-arm,2026-01-02,pre,0,17.5\r\n"
			   "P1,left-arm,2026-01-02,pre,4,19\r\n"
			   "P1,left-arm,2026-01-02,pre,8,21.2\r\n"
			   "\"P,1\",right-arm,2026-01-02T10:00,post,0,17\n"
			   "\"P,1\",right-arm,2026-01-02T10:00,post,4.5,18\n"
			   "P2,left-leg,,baseline,0,22\n"
			   "P2,left-leg,,baseline,10,30.5\n";

static uint64_t rng = 0x9E3779B97F4A7C15u;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 16);
}

static size_t mutate(char *buf, size_t len, size_t cap)
{
	static const char alphabet[] = ",\n\r\"0123456789.-e ,\xEF\xBB\xBF";
	int edits = 1 + (int)(next_rand() % 4);
	for (int i = 0; i < edits && len > 0; i++) {
		size_t at = next_rand() % len;
		switch (next_rand() % 5) {
		case 0: /* overwrite */
			buf[at] = alphabet[next_rand() % (sizeof alphabet - 1)];
			break;
		case 1: /* insert */
			if (len + 1 < cap) {
				memmove(buf + at + 1, buf + at, len - at);
				buf[at] = alphabet[next_rand() % (sizeof alphabet - 1)];
				len++;
			}
			break;
		case 2: /* delete */
			memmove(buf + at, buf + at + 1, len - at - 1);
			len--;
			break;
		case 3: /* truncate */
			len = at;
			break;
		default: /* random byte */
			buf[at] = (char)(next_rand() & 0xff);
		}
	}
	return len;
}

static void mutated_files(void)
{
	char path[64], buf[1024];
	int crashes_avoided = 0, errors = 0, groups = 0, bad_groups = 0, unlocated = 0;

	snprintf(path, sizeof path, "/tmp/lv_fuzz_%d.csv", (int)getpid());
	for (int iter = 0; iter < 3000; iter++) {
		size_t len = sizeof seed - 1;
		FILE *f;
		lv_tape_reader *r = NULL;
		lv_tape_group g;
		int st;

		memcpy(buf, seed, len);
		len = mutate(buf, len, sizeof buf);
		f = fopen(path, "wb");
		fwrite(buf, 1, len, f);
		fclose(f);
		st = lv_tape_reader_open(&r, path);
		for (int k = 0; st == LV_OK && k < 100; k++) {
			st = lv_tape_reader_next(r, &g);
			if (st != 1)
				break;
			st = LV_OK;
			groups++;
			lv_profile *p = NULL;
			if (g.n < 2 || lv_profile_new(&p, g.site_cm, g.circumference_cm, g.n) < 0)
				bad_groups++;
			lv_profile_free(p);
		}
		if (st < 0) {
			errors++;
			if (lv_error_last()->code != LV_EDATA || !lv_error_last()->message[0] ||
			    strcmp(lv_error_last()->where, path))
				unlocated++;
		}
		lv_tape_reader_free(r);
		crashes_avoided++;
	}
	remove(path);
	printf("3000 mutated files: %d measurements read, %d errors\n", groups, errors);
	CHECK(crashes_avoided == 3000);
	CHECK(bad_groups == 0);
	CHECK(unlocated == 0);
	CHECK(errors > 100); /* the mutations do break files */
	CHECK(groups > 300); /* and many stay readable */
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(mutated_files);
	return lv_test_done();
}
