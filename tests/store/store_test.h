/*
 * store_test.h - what the store's C test programs share: test_store.c (the
 * API, on SQLite or, with LV_TEST_PG_URI, on PostgreSQL) and
 * test_store_files.c (the SQLite files themselves): a temporary folder,
 * SQL on a file, a measurement of a given volume, a store made anew.
 */
#ifndef STORE_TEST_H
#define STORE_TEST_H

#include "harness.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[256];
static const char *pg_uri; /* LV_TEST_PG_URI */

static inline void path_in(char *buf, size_t size, const char *name)
{
	snprintf(buf, size, "%s/%s", dir, name);
}

/* The whole file, for "left untouched" checks; caller frees. */
static inline char *slurp(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;
	if (!f)
		return NULL;
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	rewind(f);
	buf = malloc((size_t)len + 1);
	*n = fread(buf, 1, (size_t)len, f);
	fclose(f);
	return buf;
}

static inline void sql(const char *path, const char *text)
{
	sqlite3 *db = NULL;
	char *err = NULL;
	if (sqlite3_open(path, &db) != SQLITE_OK ||
	    sqlite3_exec(db, text, NULL, NULL, &err) != SQLITE_OK) {
		fprintf(stderr, "sql: %s\n", err ? err : sqlite3_errmsg(db));
		abort();
	}
	sqlite3_close(db);
}

static inline long long sql_int(const char *path, const char *text)
{
	sqlite3 *db = NULL;
	sqlite3_stmt *st = NULL;
	long long v = -1;
	if (sqlite3_open(path, &db) == SQLITE_OK &&
	    sqlite3_prepare_v2(db, text, -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* two sites 40 cm apart, 25 cm round: a plausible profile */
static const double sites2[2] = { 0, 40 };
__attribute__((unused)) static const double circ2[2] = { 25, 25 };

/* A measurement with a given volume (the sites only need to be plausible). */
static inline int64_t add(lv_store *s, int64_t patient, lv_limb limb, int64_t session,
			  const char *date, lv_phase phase, double vol, double sd)
{
	lv_measurement m;
	int64_t id = 0;
	memset(&m, 0, sizeof m);
	m.patient = patient;
	m.limb = limb;
	m.session = session;
	m.date = date;
	m.phase = phase;
	m.method = LV_METHOD_TAPE;
	m.model = LV_MODEL_FRUSTUM;
	m.reading_sd_cm = 0.1;
	m.n = 2;
	m.site_cm = sites2;
	m.circumference_cm = circ2;
	m.volume_ml = vol;
	m.sd_ml = sd;
	m.source = "test";
	CHECK_STATUS(lv_store_add_measurement(s, &m, &id), LV_OK);
	return id;
}

static inline lv_store *open_new(const char *name)
{
	char path[512];
	lv_store *s = NULL;
	path_in(path, sizeof path, name);
	unlink(path);
	if (pg_uri)
		snprintf(path, sizeof path, "%s", pg_uri);
	if (lv_store_open(&s, path, LV_STORE_CREATE) < 0) {
		fprintf(stderr, "open %s: %s\n", path, lv_error_last()->message);
		abort();
	}
	return s;
}

/* Counts the records it is given, keeping the last one's volume. */
struct count_ctx {
	int n;
	double vol;
	int has_side;
};

static inline int count_rec(const lv_record *r, void *vctx)
{
	struct count_ctx *c = vctx;
	c->n++;
	c->vol = r->volume_ml;
	c->has_side = r->width_side_cm != NULL;
	return 0;
}

/* The temporary folder of the cases, made (exits 1 when it cannot be). */
static inline void store_test_begin(void)
{
	const char *tmp = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/lvstoreXXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		exit(1);
	}
}

/* The folder removed; the harness's exit status. */
static inline int store_test_end(void)
{
	char cmd[300];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return lv_test_done();
}

#endif
