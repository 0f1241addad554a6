/*
 * Photo-set manifests (capture/src/manifest.h) on any bytes, as
 * dir/manifest.txt.  Invariants: a manifest read has a front photo, every
 * value within its field (NUL-terminated, shorter than the field), a limb
 * and phase from the vocabulary, to > from when both are given, a step
 * that is positive; each string value appears byte for byte in the file (a
 * NUL cannot truncate one: the file is refused); a refusal is located at
 * file:line:column or says why the file as a whole is not a manifest.
 */
#include "fuzz.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "manifest.h"

static void value_in_file(const char *v, const uint8_t *data, size_t size)
{
	size_t n = strlen(v);
	FUZZ_CHECK(n == 0 || memmem(data, size, v, n) != NULL);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512];
	manifest m;

	snprintf(path, sizeof path, "%s/%s", fuzz_dir(), MANIFEST_NAME);
	fuzz_write(path, data, size);
	if (manifest_read(&m, fuzz_dir()) < 0) {
		const lv_error *e = lv_error_last();
		FUZZ_CHECK(e->code == LV_EDATA || e->code == LV_ENOMEM || e->code == LV_EIO);
		FUZZ_CHECK(e->message[0] != '\0');
		lv_error_clear();
		return 0;
	}
	FUZZ_CHECK(!fuzz_has_nul(data, size));
	FUZZ_CHECK(size <= MANIFEST_MAX_BYTES);
	FUZZ_CHECK(m.front[0] != '\0');
	value_in_file(m.front, data, size);
	value_in_file(m.side, data, size);
	value_in_file(m.patient, data, size);
	value_in_file(m.date, data, size);
	value_in_file(m.camera, data, size);
	FUZZ_CHECK(!m.limb[0] || !strcmp(m.limb, "left-arm") || !strcmp(m.limb, "right-arm") ||
		   !strcmp(m.limb, "left-leg") || !strcmp(m.limb, "right-leg"));
	FUZZ_CHECK(!m.phase[0] || !strcmp(m.phase, "baseline") || !strcmp(m.phase, "pre") ||
		   !strcmp(m.phase, "post") || !strcmp(m.phase, "other"));
	FUZZ_CHECK(isnan(m.from_cm) || isnan(m.to_cm) || m.to_cm > m.from_cm);
	FUZZ_CHECK(m.step_cm > 0 && isfinite(m.step_cm));
	FUZZ_CHECK(m.marker_mm > 0 && isfinite(m.marker_mm));
	return 0;
}
