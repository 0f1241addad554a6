/*
 * The CSV tokenizer (limbvol/csv.h) on any bytes, with small limits so that
 * the caps are reached.  Invariants of every record: each field is exactly
 * the bytes of the input where it says it starts (line, column): an unquoted
 * field byte for byte up to a comma or the line end, a quoted one opening
 * with a quote; no NUL inside a field; at most the field limit.  Input that
 * holds a NUL byte is never read to its end without an error, and every
 * error is located at a line of the input.
 */
#include "fuzz.h"

#include <string.h>

#include "limbvol/csv.h"
#include "limbvol/error.h"

#define MAX_LINES 4096

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static size_t line_start[MAX_LINES + 2];
	lv_csv_limits lim = { 200, 8 };
	lv_csv *c = NULL;
	lv_csv_record rec;
	size_t nlines = 0, bom = 0;
	int st;

	if (size >= 3 && !memcmp(data, "\xEF\xBB\xBF", 3))
		bom = 3;
	line_start[++nlines] = bom;
	for (size_t i = bom; i < size && nlines <= MAX_LINES; i++)
		if (data[i] == '\n')
			line_start[++nlines] = i + 1;
	FUZZ_CHECK(lv_csv_open_mem(&c, data, size, "f.csv", &lim) == 0);
	while ((st = lv_csv_next(c, &rec)) == 1) {
		FUZZ_CHECK(rec.n >= 1 && rec.n <= lim.max_fields);
		FUZZ_CHECK(rec.line >= 1);
		for (size_t i = 0; i < rec.n; i++) {
			const lv_csv_field *f = &rec.field[i];
			size_t off;
			FUZZ_CHECK(strlen(f->text) == f->len);
			FUZZ_CHECK(f->len <= lim.max_record);
			if (f->line > (long)MAX_LINES)
				continue;
			FUZZ_CHECK(f->line >= rec.line && (size_t)f->line <= nlines);
			off = line_start[f->line] + (size_t)f->column - 1;
			if (f->quoted) {
				FUZZ_CHECK(off < size && data[off] == '"');
			} else {
				FUZZ_CHECK(off + f->len <= size);
				FUZZ_CHECK(!memcmp(data + off, f->text, f->len));
				/* it ends at the separator the tokenizer sniffed (',' or
				 * ';': lv_csv_separator), a line's end or the file's */
				FUZZ_CHECK(off + f->len == size || data[off + f->len] == '\r' ||
					   data[off + f->len] == '\n' ||
					   data[off + f->len] == lv_csv_separator(c));
			}
		}
	}
	if (st == 0)
		FUZZ_CHECK(!fuzz_has_nul(data, size));
	else
		FUZZ_CHECK(lv_error_last()->code == LV_EDATA && lv_error_last()->line >= 1 &&
			   !strcmp(lv_error_last()->where, "f.csv"));
	lv_csv_free(c);
	lv_error_clear();
	return 0;
}
