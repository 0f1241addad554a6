/*
 * Camera files (limbvol/camera.h: YAML, JSON or XML through limbvol's own
 * bounded parsers, calib/src/camera_*.c) on any bytes.  Invariants: a camera
 * read is one the documented checks allow (image size 1..100000, a camera
 * matrix fx 0 cx / 0 fy cy / 0 0 1 with fx, fy > 0, 4, 5, 8, 12 or 14 finite
 * distortion coefficients) and written back it reads the same; a refusal is
 * a data error located at file:line (or an I/O or memory error), and no
 * input crashes or hangs the parser (nesting capped at 32 levels).
 */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/camera.h"
#include "limbvol/error.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], back_path[512];
	int fd = fuzz_file(data, size, path);
	lv_camera *cam = NULL, *back = NULL;
	const double *K, *D, *K2, *D2;
	size_t n, n2;
	int w, h, w2, h2;

	if (lv_camera_read(&cam, path) < 0) {
		const lv_error *e = lv_error_last();
		FUZZ_CHECK(cam == NULL);
		FUZZ_CHECK(e->code == LV_EDATA || e->code == LV_EIO || e->code == LV_ENOMEM);
		/* every data refusal of a regular file names a line */
		FUZZ_CHECK(e->code != LV_EDATA || strstr(e->message, "larger than") || e->line > 0);
		close(fd);
		lv_error_clear();
		return 0;
	}
	FUZZ_CHECK(!fuzz_has_nul(data, size));
	lv_camera_image_size(cam, &w, &h);
	FUZZ_CHECK(w >= 1 && w <= 100000 && h >= 1 && h <= 100000);
	K = lv_camera_matrix(cam);
	D = lv_camera_distortion(cam, &n);
	FUZZ_CHECK(K[0] > 0 && K[4] > 0 && K[3] == 0 && K[6] == 0 && K[7] == 0 && K[8] == 1);
	for (int i = 0; i < 9; i++)
		FUZZ_CHECK(isfinite(K[i]));
	FUZZ_CHECK(n == 4 || n == 5 || n == 8 || n == 12 || n == 14);
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(isfinite(D[i]));
	/* what was read, written and read again, is the same camera */
	snprintf(back_path, sizeof back_path, "%s/camera.yml", fuzz_dir());
	FUZZ_CHECK(lv_camera_write(cam, back_path) == 0);
	FUZZ_CHECK(lv_camera_read(&back, back_path) == 0);
	lv_camera_image_size(back, &w2, &h2);
	K2 = lv_camera_matrix(back);
	D2 = lv_camera_distortion(back, &n2);
	FUZZ_CHECK(w2 == w && h2 == h && n2 == n);
	for (int i = 0; i < 9; i++)
		FUZZ_CHECK(K2[i] == K[i] || fabs(K2[i] - K[i]) <= 1e-12 * fabs(K[i]));
	for (size_t i = 0; i < n; i++)
		FUZZ_CHECK(D2[i] == D[i] || fabs(D2[i] - D[i]) <= 1e-12 * fabs(D[i]));
	lv_camera_free(back);
	lv_camera_free(cam);
	close(fd);
	return 0;
}
