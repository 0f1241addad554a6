/*
 * The measurement store's SQLite files through the C API: created private
 * (0600 in a 0700 folder), files of other programs, corrupted ones and
 * those of a newer limbvol refused and left untouched, the upgrade from
 * schema 1.  (The API on either backend: test_store.c.)
 */
#include "store_test.h"

#include <fcntl.h>
#include <sys/stat.h>

static void create_private(void)
{
	char path[600], sub[400];
	struct stat st;
	lv_store *s = NULL;
	snprintf(sub, sizeof sub, "%.300s/new/limbvol", dir);
	snprintf(path, sizeof path, "%s/limbvol.db", sub);
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_ENOTFOUND);
	CHECK(s == NULL);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_OK);
	CHECK(stat(path, &st) == 0 && (st.st_mode & 0777) == 0600);
	CHECK(stat(sub, &st) == 0 && (st.st_mode & 0777) == 0700);
	CHECK(lv_store_schema_version(s) == LV_STORE_SCHEMA_VERSION);
	lv_store_close(s);
	CHECK(sql_int(path, "PRAGMA application_id") == LV_STORE_APPLICATION_ID);
	CHECK(sql_int(path, "PRAGMA user_version") == LV_STORE_SCHEMA_VERSION);
	CHECK(sql_int(path, "SELECT journal_mode = 'wal' FROM pragma_journal_mode") == 1);
	lv_store_close(NULL);
}

static void refuse_foreign(void)
{
	char path[512];
	lv_store *s = NULL;
	size_t n0, n1;
	char *before, *after;
	FILE *f;

	/* a text file */
	path_in(path, sizeof path, "notes.txt");
	f = fopen(path, "w");
	fputs("patient,limb\nP1,left-arm\n", f);
	fclose(f);
	before = slurp(path, &n0);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_EDB);
	CHECK_STR_CONTAINS(lv_error_last()->message, "not a limbvol database (not an SQLite file)");
	after = slurp(path, &n1);
	CHECK(n0 == n1 && !memcmp(before, after, n0));
	free(before);
	free(after);

	/* another program's SQLite database */
	path_in(path, sizeof path, "other.sqlite");
	unlink(path);
	sql(path,
	    "CREATE TABLE invoices(id INTEGER PRIMARY KEY, total REAL); INSERT INTO invoices VALUES (1, 9.5);");
	before = slurp(path, &n0);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_EDB);
	CHECK_STR_CONTAINS(lv_error_last()->message, "another program");
	after = slurp(path, &n1);
	CHECK(n0 == n1 && !memcmp(before, after, n0));
	free(before);
	free(after);
	CHECK(s == NULL);
}

static void refuse_corrupted(void)
{
	char path[512];
	lv_store *s = open_new("corrupt.db");
	int64_t p;
	size_t n0, n1;
	char *before, *after, junk[3000];
	int fd;

	CHECK_STATUS(lv_store_patient_ensure(s, "P1", &p), LV_OK);
	lv_store_close(s);
	s = NULL;
	path_in(path, sizeof path, "corrupt.db");
	/* overwrite the schema table on page 1 after the 100-byte header */
	memset(junk, 0xa5, sizeof junk);
	fd = open(path, O_WRONLY);
	CHECK(fd >= 0 && pwrite(fd, junk, sizeof junk, 100) == (ssize_t)sizeof junk);
	close(fd);
	before = slurp(path, &n0);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_EDB);
	CHECK_STR_CONTAINS(lv_error_last()->message, "corrupted");
	after = slurp(path, &n1);
	CHECK(n0 == n1 && !memcmp(before, after, n0));
	free(before);
	free(after);
	CHECK(s == NULL);
}

static void refuse_newer(void)
{
	char path[512];
	lv_store *s = open_new("newer.db");
	lv_store_close(s);
	s = NULL;
	path_in(path, sizeof path, "newer.db");
	sql(path, "PRAGMA user_version = 99");
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_EDB);
	CHECK_STR_CONTAINS(lv_error_last()->message, "newer limbvol (schema 99");
	CHECK(sql_int(path, "PRAGMA user_version") == 99);
}

static void upgrade_v1(void)
{
	char path[512], *script;
	size_t n;
	lv_store *s = NULL;
	lv_history *h = NULL;
	int64_t p, id;
	struct count_ctx c = { 0, 0, 0 };
	double w[2] = { 8, 8 };

	path_in(path, sizeof path, "v1.db");
	unlink(path);
	script = slurp(LV_STORE_TEST_DIR "/schema_v1.sql", &n);
	CHECK(script != NULL);
	script[n] = '\0';
	sql(path, script);
	free(script);
	CHECK(sql_int(path, "PRAGMA user_version") == 1);
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_OK);
	CHECK(sql_int(path, "PRAGMA user_version") == LV_STORE_SCHEMA_VERSION);
	/* the old data is all there, with what versions 2 and 3 add */
	CHECK_STATUS(lv_store_history(s, "OLD01", &h), LV_OK);
	CHECK(h && lv_history_count(h) == 2);
	if (h && lv_history_count(h) == 2) {
		CHECK_NEAR(lv_history_row_at(h, 1)->volume_ml, 1989.44, 1e-9);
		CHECK(lv_history_row_at(h, 0)->method == LV_METHOD_TAPE);
		CHECK_NEAR(lv_history_row_at(h, 1)->ev_ml, 0, 1e-9);
	}
	lv_history_free(h);
	CHECK_STATUS(lv_store_patient_find(s, "OLD01", &p), LV_OK);
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_set(s, p, 1960, LV_SEX_FEMALE), LV_OK);
	CHECK_STATUS(lv_store_weight_add(s, p, "2025-11-03", 70.5), LV_OK);
	CHECK_STATUS(lv_store_limb_set_affected(s, p, LV_LIMB_LEFT_ARM), LV_OK);
	{
		lv_measurement m;
		memset(&m, 0, sizeof m);
		m.patient = p;
		m.limb = LV_LIMB_LEFT_ARM;
		m.date = "2025-12-01";
		m.phase = LV_PHASE_OTHER;
		m.method = LV_METHOD_PHOTO;
		m.model = LV_MODEL_ELLIPSE;
		m.n = 2;
		m.site_cm = sites2;
		m.circumference_cm = w;
		m.width_side_cm = w;
		m.volume_ml = 2010.6;
		m.sd_ml = 9;
		CHECK_STATUS(lv_store_add_measurement(s, &m, &id), LV_OK);
	}
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_get(s, id, count_rec, &c), LV_OK);
	CHECK(c.n == 1 && c.has_side);
	lv_store_close(s);
	/* opening again does not upgrade twice */
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_OK);
	lv_store_close(s);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	store_test_begin(); /* SQLite files always: pg_uri stays NULL */
	RUN(create_private);
	RUN(refuse_foreign);
	RUN(refuse_corrupted);
	RUN(refuse_newer);
	RUN(upgrade_v1);
	return store_test_end();
}
