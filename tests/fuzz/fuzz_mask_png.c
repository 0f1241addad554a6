/*
 * PNG masks (limbvol/mask.h) on any bytes.  Invariants: a mask read has 2 to
 * LV_MASK_MAX_SIDE pixels a side and at most LV_MASK_MAX_PIXELS; written
 * back and read again it gives the same pixels (reader and writer agree);
 * a refusal says why (an image, I/O or memory error).
 */
#include "fuzz.h"

#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/mask.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64], back[512];
	int fd = fuzz_file(data, size, path);
	lv_mask *m = NULL, *m2 = NULL;
	lv_mask_view v, v2;

	if (lv_mask_read_png(&m, path) < 0) {
		int code = lv_error_last()->code;
		FUZZ_CHECK(code == LV_EIMAGE || code == LV_EIO || code == LV_ENOMEM);
		FUZZ_CHECK(m == NULL);
		close(fd);
		return 0;
	}
	lv_mask_get_view(m, &v);
	FUZZ_CHECK(v.width_px >= 2 && v.height_px >= 2);
	FUZZ_CHECK(v.width_px <= LV_MASK_MAX_SIDE && v.height_px <= LV_MASK_MAX_SIDE);
	FUZZ_CHECK((double)v.width_px * (double)v.height_px <= (double)LV_MASK_MAX_PIXELS);
	if (v.width_px * v.height_px <= 100000) {
		snprintf(back, sizeof back, "%s/mask.png", fuzz_dir());
		FUZZ_CHECK(lv_mask_write_png(&v, back) == 0);
		FUZZ_CHECK(lv_mask_read_png(&m2, back) == 0);
		lv_mask_get_view(m2, &v2);
		FUZZ_CHECK(v2.width_px == v.width_px && v2.height_px == v.height_px);
		for (size_t y = 0; y < v.height_px; y++)
			FUZZ_CHECK(!memcmp(v.data + y * v.stride_bytes,
					   v2.data + y * v2.stride_bytes, v.width_px));
		lv_mask_free(m2);
	}
	lv_mask_free(m);
	close(fd);
	return 0;
}
