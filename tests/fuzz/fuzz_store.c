/*
 * The measurement store (limbvol/store.h) opened on any bytes, as a file
 * someone passes with --db.  Invariants: a file refused is left exactly as
 * it was, byte for byte (the store never writes what it refuses); a file
 * accepted can be read: the patient list and each patient's history come
 * back without error or with a store error, never a crash.
 */
#include "fuzz.h"

#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/store.h"

struct codes {
	char code[4][LV_STORE_MAX_CODE + 1];
	int n;
};

static int one(const lv_patient_info *p, void *ctx)
{
	struct codes *c = ctx;
	FUZZ_CHECK(p->code != NULL);
	if (c->n < 4 && strlen(p->code) <= LV_STORE_MAX_CODE)
		snprintf(c->code[c->n++], sizeof c->code[0], "%s", p->code);
	return 0;
}

static uint8_t *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *buf;
	long len;
	FUZZ_CHECK(f != NULL);
	FUZZ_CHECK(fseek(f, 0, SEEK_END) == 0 && (len = ftell(f)) >= 0);
	rewind(f);
	buf = malloc((size_t)len + 1);
	FUZZ_CHECK(buf && fread(buf, 1, (size_t)len, f) == (size_t)len);
	fclose(f);
	*n = (size_t)len;
	return buf;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char path[512], side[600];
	lv_store *s = NULL;
	struct codes c = { .n = 0 };

	snprintf(path, sizeof path, "%s/store.db", fuzz_dir());
	snprintf(side, sizeof side, "%s-wal", path);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", path);
	unlink(side);
	fuzz_write(path, data, size);
	if (lv_store_open(&s, path, 0) < 0) {
		size_t n;
		uint8_t *now = slurp(path, &n);
		FUZZ_CHECK(n == size && (size == 0 || !memcmp(now, data, size)));
		free(now);
		return 0;
	}
	if (lv_store_patients(s, one, &c) == 0) {
		for (int i = 0; i < c.n; i++) {
			lv_history *h = NULL;
			if (lv_store_history(s, c.code[i], &h) == 0) {
				size_t k, rows = lv_history_count(h);
				for (k = 0; k < rows; k++)
					FUZZ_CHECK(lv_history_row_at(h, k) != NULL);
			}
			lv_history_free(h);
		}
	}
	lv_store_close(s);
	lv_error_clear();
	return 0;
}
