/*
 * calib_test.h - what lvcalib's test programs share (test_calib.c,
 * calibration; test_calib_files.c, boards, camera files and sheets): a
 * temporary folder, made when first asked for and removed at the end
 * (kept with LV_TEST_KEEP set), and grey images written to it.
 */
#ifndef CALIB_TEST_H
#define CALIB_TEST_H

#include "harness.h"
#include "limbvol/error.h"
#include "cvs.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static char tmpdir[64];

static inline void make_tmpdir(void)
{
	if (tmpdir[0])
		return;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lvcalibtestXXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
}

static inline void write_gray(const char *path, const unsigned char *px, int w, int h)
{
	cvs_view v = { (unsigned char *)px, w, h, (size_t)w, 1 };
	cvs_image *img = NULL;
	if (cvs_image_from_view(&img, &v) < 0 || cvs_image_write(img, path) < 0) {
		fprintf(stderr, "write %s: %s\n", path, lv_error_last()->message);
		exit(2);
	}
	cvs_image_free(img);
}

/* The temporary folder removed (unless LV_TEST_KEEP); the exit status. */
static inline int calib_test_end(void)
{
	if (tmpdir[0] && !getenv("LV_TEST_KEEP")) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return lv_test_done();
}

#endif
