/*
 * Allocation failure: the n-th allocation fails, for every n along a tape
 * computation, a mask read and write, a store write, an import of a tape
 * file (one transaction, as `limbvol record FILE` does) and imports of an
 * export file, CSV and JSON (`limbvol import`).  Each run either
 * succeeds whole (SQLite survives some failures on purpose) or returns
 * LV_ENOMEM; either way nothing leaks (every block of the library, SQLite
 * and libpng is counted through lv_set_allocator, and counted back after
 * SQLite's shutdown) and a failed write leaves no row and no file behind
 * (only SQLite's own journal, the -wal file, may stay after a close that ran
 * out of memory: the next open replays it, and the rows are still all or
 * none).
 */
#include "harness.h"
#include "limbvol/alloc.h"
#include "limbvol/exchange.h"
#include "limbvol/limbvol.h"

#include <dirent.h>
#include <sqlite3.h>
#include <stdlib.h>
#include <unistd.h>

struct counting {
	long calls, fail_at, live;
	int failed;
};

static void *c_malloc(size_t n, void *ctx)
{
	struct counting *c = ctx;
	void *p;
	if (++c->calls == c->fail_at) {
		c->failed = 1;
		return NULL;
	}
	if ((p = malloc(n)))
		c->live++;
	return p;
}

static void *c_realloc(void *p, size_t n, void *ctx)
{
	struct counting *c = ctx;
	void *q;
	if (++c->calls == c->fail_at) {
		c->failed = 1;
		return NULL;
	}
	if ((q = realloc(p, n)) && !p)
		c->live++;
	return q;
}

static void c_free(void *p, void *ctx)
{
	struct counting *c = ctx;
	if (p) {
		c->live--;
		free(p);
	}
}

static char dir[64], db[128], base[128], csv[512], csv2[512], png[128], out_png[128];
static char xcsv[128], xjson[128];

/* Count the rows of a table and run integrity_check, with the default allocator. */
static long rows(const char *path, const char *table)
{
	sqlite3 *d = NULL;
	sqlite3_stmt *st = NULL;
	char sql[128];
	long n = -1;
	snprintf(sql, sizeof sql, "SELECT count(*) FROM %s", table);
	if (sqlite3_open_v2(path, &d, SQLITE_OPEN_READONLY, NULL) == SQLITE_OK &&
	    sqlite3_prepare_v2(d, "PRAGMA integrity_check", -1, &st, NULL) == SQLITE_OK &&
	    sqlite3_step(st) == SQLITE_ROW &&
	    !strcmp((const char *)sqlite3_column_text(st, 0), "ok")) {
		sqlite3_finalize(st);
		st = NULL;
		if (sqlite3_prepare_v2(d, sql, -1, &st, NULL) == SQLITE_OK &&
		    sqlite3_step(st) == SQLITE_ROW)
			n = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	sqlite3_close(d);
	return n;
}

/* Only the expected files in the work folder (no temporaries, no -journal). */
static int only(const char *a, const char *b)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int ok = 1;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.' && strcmp(e->d_name, a) && (!b || strcmp(e->d_name, b)) &&
		    strcmp(e->d_name, "w.db-wal") && strcmp(e->d_name, "w.db-shm")) {
			fprintf(stderr, "left behind: %s\n", e->d_name);
			ok = 0;
		}
	if (d)
		closedir(d);
	return ok;
}

static void copy(const char *from, const char *to)
{
	char side[160];
	snprintf(side, sizeof side, "%s-wal", to);
	unlink(side);
	snprintf(side, sizeof side, "%s-shm", to);
	unlink(side);
	FILE *f = fopen(from, "rb"), *t = fopen(to, "wb");
	char buf[8192];
	size_t n;
	while (f && t && (n = fread(buf, 1, sizeof buf, f)) > 0)
		fwrite(buf, 1, n, t);
	if (f)
		fclose(f);
	if (t)
		fclose(t);
}

/* ---- the operations --------------------------------------------------- */

static int op_tape(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	int st;
	if ((st = lv_tape_reader_open(&r, csv)) < 0)
		return st;
	while ((st = lv_tape_reader_next(r, &g)) == 1) {
		lv_profile *p = NULL;
		lv_volume v;
		if ((st = lv_profile_new(&p, g.site_cm, g.circumference_cm, g.n)) < 0 ||
		    (st = lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v)) < 0) {
			lv_profile_free(p);
			break;
		}
		lv_profile_free(p);
	}
	lv_tape_reader_free(r);
	return st;
}

static int op_mask_read(void)
{
	lv_mask *m = NULL;
	int st = lv_mask_read_png(&m, png);
	lv_mask_free(m);
	return st;
}

static int op_mask_write(void)
{
	static unsigned char px[40 * 30];
	lv_mask_view v = { px, 40, 30, 40 };
	unlink(out_png);
	return lv_mask_write_png(&v, out_png);
}

static int add_one(lv_store *s, const char *code, const lv_tape_group *g, const char *date)
{
	int64_t pid, sid;
	int st;
	lv_measurement m = { 0 };
	if ((st = lv_store_patient_ensure(s, code, &pid)) < 0 ||
	    (st = lv_store_session_ensure(s, pid, date, LV_SESSION_OTHER, "", &sid)) < 0)
		return st;
	m.patient = pid;
	m.limb = g->limb;
	m.session = sid;
	m.date = date;
	m.phase = g->phase;
	m.model = LV_MODEL_FRUSTUM;
	m.reading_sd_cm = 0.1;
	m.n = g->n;
	m.site_cm = g->site_cm;
	m.circumference_cm = g->circumference_cm;
	m.volume_ml = 1000;
	m.sd_ml = 3;
	m.source = "test";
	return lv_store_add_measurement(s, &m, NULL);
}

static int op_store_write(void)
{
	static const double site[] = { 0, 4, 8, 12, 16 }, circ[] = { 20, 21, 22, 23, 24 };
	lv_tape_group g = {
		"P1", LV_LIMB_LEFT_ARM, "2026-01-02", LV_PHASE_PRE, 5, site, circ, 2, 0, 0, 0
	};
	lv_store *s = NULL;
	int st;
	copy(base, db);
	if ((st = lv_store_open(&s, db, 0)) < 0)
		return st;
	if ((st = lv_store_begin(s)) == 0 && (st = add_one(s, "P1", &g, "2026-01-02")) == 0)
		st = lv_store_commit(s);
	lv_store_close(s);
	return st;
}

static int op_import(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	lv_store *s = NULL;
	int st;
	copy(base, db);
	if ((st = lv_store_open(&s, db, 0)) < 0)
		return st;
	if ((st = lv_tape_reader_open(&r, csv2)) < 0 || (st = lv_store_begin(s)) < 0)
		goto done;
	while ((st = lv_tape_reader_next(r, &g)) == 1)
		if ((st = add_one(s, g.patient[0] ? g.patient : "P", &g,
				  g.date[0] ? g.date : "2026-01-01")) < 0)
			goto done;
	if (st == 0)
		st = lv_store_commit(s);
done:
	lv_tape_reader_free(r);
	lv_store_close(s); /* rolls back an open transaction */
	return st;
}

/* `limbvol import`: an export file (CSV or JSON) through the exchange module */
static int exchange_import(const char *path)
{
	lv_store *s = NULL;
	lv_exchange_reader *r = NULL;
	lv_import_options o = { 0 };
	lv_import_counts c = { 0, 0, 0 };
	int st;
	copy(base, db);
	if ((st = lv_store_open(&s, db, 0)) < 0)
		return st;
	if ((st = lv_exchange_open(&r, path)) == 0)
		st = lv_exchange_import(s, r, &o, &c);
	lv_exchange_free(r);
	lv_store_close(s);
	return st;
}

static int op_import_csv(void)
{
	return exchange_import(xcsv);
}

static int op_import_json(void)
{
	return exchange_import(xjson);
}

/* ---- the driver --------------------------------------------------------- */

/*
 * Run op with the n-th allocation failing, n = 1, 2, ... until a run needs
 * fewer than n allocations.  check(ok) verifies the files after each run.
 */
static long fail_each(const char *name, int (*op)(void), void (*check)(int ok, long n))
{
	long n, bad = 0, enomem = 0;
	for (n = 1; n < 200000; n++) {
		struct counting c = { 0, n, 0, 0 };
		lv_allocator a = { c_malloc, c_realloc, c_free, &c };
		int st, code;
		CHECK_STATUS(lv_set_allocator(&a), 0);
		lv_error_clear();
		st = op();
		code = lv_error_last()->code;
		CHECK_STATUS(lv_set_allocator(NULL), 0); /* SQLite's memory comes back */
		if (c.live != 0 && bad++ < 5)
			fprintf(stderr, "%s: allocation %ld failing: %ld blocks leaked\n", name, n,
				c.live);
		CHECK(c.live == 0);
		if (st < 0 && (code != LV_ENOMEM || !c.failed) && bad++ < 5)
			fprintf(stderr, "%s: allocation %ld failing: status %d (%s), expected %d\n",
				name, n, st, lv_error_last()->message, LV_ENOMEM);
		CHECK(st == 0 || (c.failed && code == LV_ENOMEM));
		enomem += st < 0;
		if (check)
			check(st == 0, n);
		if (!c.failed) /* the whole run needed fewer than n allocations */
			break;
	}
	printf("%s: failed each of %ld allocations in turn: %ld runs returned LV_ENOMEM, the "
	       "others succeeded whole\n",
	       name, n - 1, enomem);
	CHECK(n > 2 && enomem > 0);
	return n - 1;
}

static void check_store_write(int ok, long n)
{
	long m = rows(db, "measurement"), sites = rows(db, "site");
	if (!(ok ? m == 1 && sites == 5 : m == 0 && sites == 0))
		fprintf(stderr,
			"store write, allocation %ld failing: %ld measurements, %ld sites\n", n, m,
			sites);
	CHECK(ok ? m == 1 && sites == 5 : m == 0 && sites == 0);
	CHECK(only("w.db", "base.db"));
}

static long import_groups;
static void check_import(int ok, long n)
{
	long m = rows(db, "measurement");
	if (!(ok ? m == import_groups : m == 0))
		fprintf(stderr, "import, allocation %ld failing: %ld measurements\n", n, m);
	CHECK(ok ? m == import_groups : m == 0);
	CHECK(only("w.db", "base.db"));
}

static void check_mask_write(int ok, long n)
{
	(void)n;
	CHECK(ok ? access(out_png, F_OK) == 0 : access(out_png, F_OK) != 0);
	CHECK(only("base.db", "out.png"));
	unlink(out_png);
}

static void tape_computation(void)
{
	fail_each("tape computation", op_tape, NULL);
}

static void mask_read(void)
{
	fail_each("mask read", op_mask_read, NULL);
}

static void mask_write(void)
{
	fail_each("mask write", op_mask_write, check_mask_write);
}

static void store_write(void)
{
	fail_each("store write", op_store_write, check_store_write);
}

static void count_groups(void)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	import_groups = 0;
	if (lv_tape_reader_open(&r, csv2) == 0)
		while (lv_tape_reader_next(r, &g) == 1)
			import_groups++;
	lv_tape_reader_free(r);
	CHECK(import_groups >= 2);
}

static void import_file(void)
{
	count_groups();
	fail_each("import of a tape file", op_import, check_import);
}

/* export files of the leg pair, written with the default allocator */
static void make_exports(void)
{
	FILE *f;
	lv_store *s = NULL;
	CHECK_STATUS(op_import(), 0);
	CHECK_STATUS(lv_store_open(&s, db, 0), 0);
	f = fopen(xcsv, "w");
	CHECK_STATUS(lv_exchange_write(s, NULL, LV_EXCHANGE_CSV, f), 0);
	fclose(f);
	f = fopen(xjson, "w");
	CHECK_STATUS(lv_exchange_write(s, NULL, LV_EXCHANGE_JSON, f), 0);
	fclose(f);
	lv_store_close(s);
}

static void import_export_files(void)
{
	count_groups();
	make_exports();
	fail_each("import of an export CSV", op_import_csv, check_import);
	fail_each("import of an export JSON", op_import_json, check_import);
}

int main(int argc, char **argv)
{
	lv_store *s = NULL;
	static unsigned char px[64 * 48];
	lv_mask_view v = { px, 64, 48, 64 };

	LV_TEST_INIT(argc, argv);
	/* in memory when it can: thousands of commits, each synced */
	snprintf(dir, sizeof dir, "%s/lv_alloc_XXXXXX",
		 access("/dev/shm", W_OK) == 0 ? "/dev/shm" : "/tmp");
	if (!mkdtemp(dir))
		return 1;
	snprintf(db, sizeof db, "%s/w.db", dir);
	snprintf(base, sizeof base, "%s/base.db", dir);
	snprintf(png, sizeof png, "/tmp/lv_alloc_%d.png", (int)getpid());
	snprintf(out_png, sizeof out_png, "%s/out.png", dir);
	snprintf(xcsv, sizeof xcsv, "/tmp/lv_alloc_%d.csv", (int)getpid());
	snprintf(xjson, sizeof xjson, "/tmp/lv_alloc_%d.json", (int)getpid());
	snprintf(csv, sizeof csv, "%s/../../samples/patient-followup.csv", LV_STORE_TEST_DIR);
	snprintf(csv2, sizeof csv2, "%s/../../samples/leg-pair.csv", LV_STORE_TEST_DIR);
	for (int y = 10; y < 30; y++)
		memset(px + y * 64 + 5, 255, 59);
	if (lv_store_open(&s, base, LV_STORE_CREATE) < 0 || lv_mask_write_png(&v, png) < 0)
		return 1;
	lv_store_close(s);
	unlink(db);

	RUN(tape_computation);
	RUN(mask_read);
	RUN(mask_write);
	RUN(store_write);
	RUN(import_file);
	RUN(import_export_files);

	unlink(png);
	unlink(xcsv);
	unlink(xjson);
	unlink(db);
	unlink(base);
	rmdir(dir);
	return lv_test_done();
}
