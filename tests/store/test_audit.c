/*
 * The audit trail of the store (store.h, "corrections"): the upgrade of a
 * schema 2 store (tests/store/schema_v2.sql), editing with the rules of a
 * recorded measurement (plausibility, duplicates; nothing changed on a
 * refusal), the revisions, deleting, undeleting, purging, weights.
 * Volumes against closed forms: a cylinder C^2 L / (4 pi), a frustum
 * segment h (C1^2 + C1 C2 + C2^2) / (12 pi) (doc/clinical.md).
 */
#include "harness.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

#include <math.h>
#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define PI 3.14159265358979323846

static char dir[256];

/* A segment of the frustum model, h cm long, between circumferences a, b. */
static double frustum(double h, double a, double b)
{
	return h * (a * a + a * b + b * b) / (12 * PI);
}

static lv_store *open_path(const char *name, char *path, size_t size)
{
	lv_store *s = NULL;
	snprintf(path, size, "%s/%s", dir, name);
	if (lv_store_open(&s, path, LV_STORE_CREATE) < 0) {
		fprintf(stderr, "open %s: %s\n", path, lv_error_last()->message);
		abort();
	}
	return s;
}

/* Eleven sites every 4 cm, all of circumference c, stored as a record would. */
static int64_t cylinder(lv_store *s, int64_t patient, lv_limb limb, const char *date, double c)
{
	static double site[11], circ[11];
	lv_measurement m;
	lv_profile *p = NULL;
	lv_volume v;
	int64_t id = 0;
	for (int i = 0; i < 11; i++) {
		site[i] = 4.0 * i;
		circ[i] = c;
	}
	CHECK_STATUS(lv_profile_new(&p, site, circ, 11), LV_OK);
	CHECK_STATUS(lv_volume_total(p, LV_MODEL_FRUSTUM, 0.1, &v), LV_OK);
	lv_profile_free(p);
	memset(&m, 0, sizeof m);
	m.patient = patient;
	m.limb = limb;
	m.date = date;
	m.phase = LV_PHASE_BASELINE;
	m.model = LV_MODEL_FRUSTUM;
	m.reading_sd_cm = 0.1;
	m.n = 11;
	m.site_cm = site;
	m.circumference_cm = circ;
	m.volume_ml = v.volume_ml;
	m.sd_ml = v.sd_ml;
	CHECK_STATUS(lv_store_add_measurement(s, &m, &id), LV_OK);
	return id;
}

struct got {
	double volume, c12;
	char date[LV_STORE_DATE_MAX], deleted[LV_STORE_DATE_MAX];
	lv_limb limb;
	lv_phase phase;
};

static int get_cb(const lv_record *r, void *ctx)
{
	struct got *g = ctx;
	g->volume = r->volume_ml;
	g->c12 = r->n > 3 ? r->circumference_cm[3] : (double)NAN;
	snprintf(g->date, sizeof g->date, "%s", r->date);
	snprintf(g->deleted, sizeof g->deleted, "%s", r->deleted);
	g->limb = r->limb;
	g->phase = r->phase;
	return 0;
}

static struct got get(lv_store *s, int64_t id)
{
	struct got g;
	memset(&g, 0, sizeof g);
	g.volume = NAN;
	CHECK_STATUS(lv_store_get_ex(s, id, LV_STORE_WITH_DELETED, get_cb, &g), LV_OK);
	return g;
}

struct revs {
	int n;
	long last_edit;
	char text[2048];
};

static int rev_cb(const lv_revision *r, void *ctx)
{
	struct revs *v = ctx;
	size_t used = strlen(v->text);
	v->n++;
	v->last_edit = r->edit;
	snprintf(v->text + used, sizeof v->text - used, "%ld %s %s>%s;", r->edit, r->what,
		 r->old_value, r->new_value);
	CHECK(strlen(r->changed_at) == 19 && r->changed_at[10] == 'T');
	return 0;
}

static struct revs revisions(lv_store *s, int64_t m, int64_t w)
{
	struct revs v;
	memset(&v, 0, sizeof v);
	CHECK_STATUS(lv_store_each_revision(s, m, w, rev_cb, &v), LV_OK);
	return v;
}

static void upgrade_v2(void)
{
	char path[512], *script = NULL;
	sqlite3 *db = NULL;
	lv_store *s = NULL;
	lv_history *h = NULL;
	FILE *f;
	long n;
	lv_edit e;
	double site = 12, c = 26.5;
	int changed = 0;

	snprintf(path, sizeof path, "%s/v2.db", dir);
	f = fopen(LV_STORE_TEST_DIR "/schema_v2.sql", "rb");
	CHECK(f != NULL);
	if (!f)
		return;
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	script = calloc(1, (size_t)n + 1);
	CHECK(fread(script, 1, (size_t)n, f) == (size_t)n);
	fclose(f);
	CHECK(sqlite3_open(path, &db) == SQLITE_OK &&
	      sqlite3_exec(db, script, NULL, NULL, NULL) == SQLITE_OK);
	sqlite3_close(db);
	free(script);
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_OK);
	CHECK(lv_store_schema_version(s) == LV_STORE_SCHEMA_VERSION);
	/* the schema 2 measurements are all there, live */
	CHECK_STATUS(lv_store_history(s, "V2", &h), LV_OK);
	CHECK(h && lv_history_count(h) == 3);
	if (h && lv_history_count(h) == 3)
		CHECK_NEAR(lv_history_row_at(h, 0)->volume_ml, 625.0 * 40 / (4 * PI), 1e-6);
	lv_history_free(h);
	/* and can be corrected: the frustum volume of the new profile */
	memset(&e, 0, sizeof e);
	e.n_sites = 1;
	e.site_cm = &site;
	e.circumference_cm = &c;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, 1, &e, &changed), LV_OK);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK(changed == 1);
	CHECK_NEAR(get(s, 1).volume, 8 * frustum(4, 25, 25) + 2 * frustum(4, 25, 26.5), 1e-6);
	CHECK_STR_CONTAINS(revisions(s, 1, 0).text, "1 circumference_cm 12 25>26.5;");
	lv_store_close(s);
}

static void edit_rules(void)
{
	char path[512];
	lv_store *s = open_path("edit.db", path, sizeof path);
	int64_t p, a, b;
	lv_edit e;
	double site = 12, c = 2.65, sites[11], cs[11];
	int changed = 9;
	struct got g;

	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "E1", &p), LV_OK);
	a = cylinder(s, p, LV_LIMB_LEFT_ARM, "2026-03-02", 25);
	b = cylinder(s, p, LV_LIMB_LEFT_ARM, "2026-03-02", 26);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	memset(&e, 0, sizeof e);
	e.n_sites = 1;
	e.site_cm = &site;
	e.circumference_cm = &c;
	/* 2.65 cm: below any arm, refused (and nothing written) */
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, a, &e, &changed), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "below");
	CHECK(changed == 0);
	lv_store_rollback(s);
	/* a site the measurement does not have */
	site = 13;
	c = 26;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, a, &e, &changed), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "no site at 13 cm");
	lv_store_rollback(s);
	g = get(s, a);
	CHECK_NEAR(g.c12, 25, 0);
	CHECK(revisions(s, a, 0).n == 0);
	/* b edited at every site to 25 would be a copy of a: the duplicate rule */
	{
		for (int i = 0; i < 11; i++) {
			sites[i] = 4.0 * i;
			cs[i] = 25;
		}
		e.n_sites = 11;
		e.site_cm = sites;
		e.circumference_cm = cs;
		CHECK_STATUS(lv_store_begin(s), LV_OK);
		CHECK_STATUS(lv_store_edit_measurement(s, b, &e, &changed), LV_EDATA);
		CHECK_STR_CONTAINS(lv_error_last()->message, "as measurement 1");
		lv_store_rollback(s);
		CHECK_NEAR(get(s, b).volume, 676.0 * 40 / (4 * PI), 1e-6);
		/* a deleted measurement does not count as a duplicate */
		CHECK_STATUS(lv_store_begin(s), LV_OK);
		CHECK_STATUS(lv_store_delete_measurement(s, a), LV_OK);
		CHECK_STATUS(lv_store_edit_measurement(s, b, &e, &changed), LV_OK);
		CHECK(changed == 11);
		CHECK_STATUS(lv_store_commit(s), LV_OK);
		CHECK_NEAR(get(s, b).volume, 625.0 * 40 / (4 * PI), 1e-6);
		/* ... but undeleting it now would make two */
		CHECK_STATUS(lv_store_begin(s), LV_OK);
		CHECK_STATUS(lv_store_undelete_measurement(s, a, 0), LV_EDATA);
		CHECK_STR_CONTAINS(lv_error_last()->message, "as measurement 2");
		lv_store_rollback(s);
		CHECK(get(s, a).deleted[0] != '\0');
	}
	/* the same values again: nothing changes, no revision */
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, b, &e, &changed), LV_OK);
	CHECK(changed == 0);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK(revisions(s, b, 0).last_edit == 1);
	/* another day, phase and limb: one edit, its session the day's */
	memset(&e, 0, sizeof e);
	e.date = "2026-03-09";
	e.has_phase = 1;
	e.phase = LV_PHASE_PRE;
	e.has_limb = 1;
	e.limb = LV_LIMB_RIGHT_ARM;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, b, &e, &changed), LV_OK);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK(changed == 3);
	g = get(s, b);
	CHECK(!strcmp(g.date, "2026-03-09") && g.phase == LV_PHASE_PRE &&
	      g.limb == LV_LIMB_RIGHT_ARM);
	CHECK_STR_CONTAINS(revisions(s, b, 0).text,
			   "2 date 2026-03-02>2026-03-09;2 phase baseline>pre;"
			   "2 limb left-arm>right-arm;");
	/* a deleted measurement is not edited */
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_edit_measurement(s, a, &e, &changed), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "undelete");
	lv_store_rollback(s);
	lv_store_close(s);
}

static int count_deleted(const lv_deleted_info *d, void *ctx)
{
	(void)d;
	(*(int *)ctx)++;
	return 0;
}

static void delete_purge_weights(void)
{
	char path[512], now[LV_STORE_DATE_MAX];
	lv_store *s = open_path("purge.db", path, sizeof path);
	lv_weight_info w;
	int64_t p, a, b, wid = 0, again = 0;
	long nm = -1, nw = -1;
	int n = 0, changed = 0;

	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "D1", &p), LV_OK);
	a = cylinder(s, p, LV_LIMB_LEFT_ARM, "2026-03-02", 25);
	b = cylinder(s, p, LV_LIMB_LEFT_ARM, "2026-03-09", 26);
	CHECK_STATUS(lv_store_weight_put(s, p, "2026-03-02", 70, NULL, &wid), LV_OK);
	CHECK_STATUS(lv_store_weight_put(s, p, "2026-03-02", 70, NULL, &again), LV_OK);
	CHECK(wid > 0 && again == wid);
	CHECK_STATUS(lv_store_edit_weight(s, wid, NULL, 71.5, &changed), LV_OK);
	CHECK(changed == 1);
	CHECK_STATUS(lv_store_edit_weight(s, wid, NULL, 600, &changed), LV_EDATA);
	CHECK_STATUS(lv_store_delete_measurement(s, a), LV_OK);
	CHECK_STATUS(lv_store_delete_weight(s, wid), LV_OK);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_weight_get(s, wid, &w), LV_OK);
	CHECK(w.kg == 71.5 && w.deleted[0]);
	CHECK_STR_CONTAINS(revisions(s, 0, wid).text, "1 weight_kg 70>71.5;2 deleted >;");
	/* deleted before a day long past: none; at any time: both */
	CHECK_STATUS(lv_store_each_deleted(s, "2000-01-01", count_deleted, &n), LV_OK);
	CHECK(n == 0);
	lv_store_now(now);
	CHECK(strlen(now) == 19 && now[10] == 'T');
	CHECK_STATUS(lv_store_each_deleted(s, NULL, count_deleted, &n), LV_OK);
	CHECK(n == 2);
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_purge(s, "2000-01-01", &nm, &nw), LV_OK);
	CHECK(nm == 0 && nw == 0);
	CHECK_STATUS(lv_store_purge(s, NULL, &nm, &nw), LV_OK);
	CHECK(nm == 1 && nw == 1);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	{
		struct got g;
		CHECK_STATUS(lv_store_get_ex(s, a, LV_STORE_WITH_DELETED, get_cb, &g),
			     LV_ENOTFOUND);
	}
	CHECK_STATUS(lv_store_weight_get(s, wid, &w), LV_ENOTFOUND);
	CHECK(revisions(s, a, 0).n == 0);
	CHECK_NEAR(get(s, b).volume, 676.0 * 40 / (4 * PI), 1e-6);
	lv_store_close(s);
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	LV_TEST_INIT(argc, argv);
	snprintf(dir, sizeof dir, "%s/lvauditXXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(upgrade_v2);
	RUN(edit_rules);
	RUN(delete_purge_weights);
	{
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	}
	return lv_test_done();
}
