/*
 * The tape CSV reader (limbvol/tape_csv.h) on any bytes.  Invariants of
 * every measurement handed out: 2 to LV_MAX_SITES sites, each value passing
 * the profile's checks, sites increasing, and its patient code and date
 * exactly as in the file (a byte sequence of the input ending at a field
 * delimiter: nothing truncated, nothing invented).  A file that reads to the
 * end without error holds no NUL byte.  An error is located (line >= 1).
 */
#include "fuzz.h"

#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/profile.h"
#include "limbvol/tape_csv.h"

/* text occurs in the input as a whole field (delimited on both sides) */
static int field_in(const uint8_t *data, size_t size, const char *text)
{
	size_t n = strlen(text), i;
	if (!n || strchr(text, '"'))
		return 1; /* empty or unquoted in place: nothing to compare */
	for (i = 0; i + n <= size; i++) {
		if (memcmp(data + i, text, n))
			continue;
		char after = i + n < size ? (char)data[i + n] : '\n';
		if (strchr(",\"\r\n \t", after))
			return 1;
	}
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path);
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	int st;

	if (lv_tape_reader_open(&r, path) < 0) {
		FUZZ_CHECK(lv_error_last()->code == LV_EDATA || lv_error_last()->code == LV_EIO);
		close(fd);
		return 0;
	}
	while ((st = lv_tape_reader_next(r, &g)) == 1) {
		FUZZ_CHECK(g.n >= 2 && g.n <= LV_MAX_SITES);
		FUZZ_CHECK(strlen(g.patient) <= LV_TAPE_MAX_FIELD);
		FUZZ_CHECK(field_in(data, size, g.patient));
		FUZZ_CHECK(field_in(data, size, g.date));
		FUZZ_CHECK(g.first_line >= 2);
		for (size_t i = 0; i < g.n; i++) {
			FUZZ_CHECK(lv_check_circumference_cm(g.circumference_cm[i]) == 0);
			FUZZ_CHECK(lv_check_site_cm(g.site_cm[i]) == 0);
			if (i)
				FUZZ_CHECK(lv_check_spacing_cm(g.site_cm[i - 1], g.site_cm[i]) ==
					   0);
		}
	}
	if (st == 0)
		FUZZ_CHECK(!fuzz_has_nul(data, size));
	else
		FUZZ_CHECK(lv_error_last()->code == LV_EDATA && lv_error_last()->line >= 1);
	lv_tape_reader_free(r);
	close(fd);
	return 0;
}
