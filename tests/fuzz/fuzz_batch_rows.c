/*
 * The batch results reader used on resume (capture/src/batch_resume.c) on
 * any bytes, as a CSV and as a JSON results file.  Invariants: the reader
 * never reads past a line (an escape cut at the end of the input was a
 * heap overflow); every row it keeps is a whole row of the file (a CSV
 * record may span lines inside quotes), ended by its line end, that parses
 * again as an ok row of a set it counted, and the index tiles the kept rows;
 * a torn last row is never kept; and a row written by batch_row_text for a
 * set named by the input (any bytes but NUL) parses back to that name.
 */
#include "fuzz.h"

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "batch.h"
#include "limbvol/error.h"

static void kept_rows_are_whole(int fmt, int keep, const uint8_t *data, size_t size,
				const strlist *ok, const batch_index *idx, const batch_resume *res)
{
	off_t len = lseek(keep, 0, SEEK_END), at = 0;
	char *buf = malloc((size_t)len + 1), set[4096];
	int good;

	FUZZ_CHECK(buf != NULL);
	FUZZ_CHECK(pread(keep, buf, (size_t)len, 0) == len);
	/* the index tiles the journal: one entry per kept row, in order */
	FUZZ_CHECK(idx->n == ok->n && idx->end == len);
	for (size_t i = 0; i < idx->n; i++) {
		const batch_entry *e = &idx->v[i];
		const char *p = buf + e->off;
		FUZZ_CHECK(e->off == at && e->len >= 1 && p[e->len - 1] == '\n');
		FUZZ_CHECK(batch_row_parse(fmt, p, e->len, set, sizeof set, &good));
		FUZZ_CHECK(good && strlist_has(ok, set) && !strcmp(set, e->set));
		/* the row as in the file (a JSON row may have lost its ",", a
		 * CSV row its CR) */
		FUZZ_CHECK(memmem(data, size, p, e->len - 1) != NULL);
		at += (off_t)e->len;
	}
	FUZZ_CHECK(res->torn <= 1);
	free(buf);
}

static void round_trip(int fmt, const uint8_t *data, size_t size)
{
	char name[600], set[4096];
	size_t k = 0;
	batch_row w = { name, NULL, NULL, "failed for a reason" };
	char *text;
	int good = 1;

	for (size_t i = 0; i < size && k + 1 < sizeof name; i++)
		if (data[i])
			name[k++] = (char)data[i];
	name[k] = '\0';
	if (!k || !strcmp(name, "set"))
		return;
	text = batch_row_text(fmt, &w);
	FUZZ_CHECK(text != NULL);
	FUZZ_CHECK(batch_row_parse(fmt, text, strlen(text), set, sizeof set, &good) == 1);
	FUZZ_CHECK(!good && !strcmp(set, name));
	free(text);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[64];
	int fd = fuzz_file(data, size, path);

	for (int fmt = BATCH_CSV; fmt <= BATCH_JSON; fmt++) {
		strlist ok = { 0 };
		batch_resume res = { 0 };
		batch_index idx = { 0 };
		int keep = memfd_create("kept", 0);
		FUZZ_CHECK(keep >= 0);
		if (batch_rows_read(path, fmt, &ok, keep, &idx, &res) == 0)
			kept_rows_are_whole(fmt, keep, data, size, &ok, &idx, &res);
		else
			FUZZ_CHECK(lv_error_last()->code == LV_EDATA ||
				   lv_error_last()->code == LV_ENOMEM);
		lv_error_clear();
		batch_index_free(&idx);
		strlist_free(&ok);
		close(keep);
		round_trip(fmt, data, size);
	}
	close(fd);
	return 0;
}
