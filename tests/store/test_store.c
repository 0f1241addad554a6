/*
 * The measurement store through its C API: hostile patient codes, the
 * closest code to a typo, the history metrics against doc/clinical.md's
 * definitions and check values, deleting, bad measurements, dates, and two
 * processes writing at once.  (The SQLite files themselves, their refusals
 * and the upgrade from schema 1: test_store_files.c.)
 *
 * With LV_TEST_PG_URI set (tests/store/pg_cli.sh: a PostgreSQL server of its
 * own, a fresh database for each case, `store_test_store CASE`) the cases
 * run against that database instead.
 */
#include "store_test.h"

#include <sys/wait.h>

struct list_ctx {
	int n;
	int found;
	const char *want;
};

static int list_codes(const lv_patient_info *p, void *vctx)
{
	struct list_ctx *c = vctx;
	c->n++;
	if (!strcmp(p->code, c->want))
		c->found = 1;
	return 0;
}

static void hostile_codes(void)
{
	static const char *const codes[] = {
		"O'Brien\"; DROP TABLE patient; --",
		"\xff\xfe non-UTF-8 \xc3(",
		"caf\xc3\xa9 \xe2\x80\x94 ok",
		"1234567890123456789012345678901234567890123456789012345678901234", /* 64 */
		"%s%n%x",
	};
	lv_store *s = open_new("hostile.db");
	char esc[512], long65[70];
	int64_t id, again;
	size_t i;

	CHECK_STATUS(lv_store_begin(s), LV_OK);
	for (i = 0; i < sizeof codes / sizeof *codes; i++) {
		struct list_ctx c = { 0, 0, codes[i] };
		CHECK_STATUS(lv_store_patient_ensure(s, codes[i], &id), LV_OK);
		add(s, id, LV_LIMB_LEFT_ARM, 0, "2026-01-01", LV_PHASE_OTHER, 2000, 5);
		CHECK_STATUS(lv_store_patient_find(s, codes[i], &again), LV_OK);
		CHECK(again == id);
		CHECK_STATUS(lv_store_patients(s, list_codes, &c), LV_OK);
		CHECK(c.found);
	}
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	/* the patient table survived the "DROP TABLE" code */
	{
		struct list_ctx c = { 0, 0, "" };
		CHECK_STATUS(lv_store_patients(s, list_codes, &c), LV_OK);
		CHECK(c.n == (int)(sizeof codes / sizeof *codes));
	}
	memset(long65, 'x', 65);
	long65[65] = '\0';
	CHECK_STATUS(lv_store_check_code(long65), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "at most 64");
	CHECK_STATUS(lv_store_check_code(""), LV_EDATA);
	CHECK_STATUS(lv_store_check_code("a\nb"), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "control character");
	/* safe rendering: bad bytes as \xNN, a backslash doubled, UTF-8 kept */
	lv_store_code_escape("\xff"
			     "A\\\xc3\xa9",
			     esc, sizeof esc);
	CHECK(!strcmp(esc, "\\xffA\\\\\xc3\xa9"));
	lv_store_code_escape("\xc3(", esc, sizeof esc);
	CHECK(!strcmp(esc, "\\xc3("));
	lv_store_close(s);
}

static void closest_patient(void)
{
	lv_store *s = open_new("closest.db");
	int64_t id;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	lv_store_patient_ensure(s, "P001", &id);
	lv_store_patient_ensure(s, "P002", &id);
	lv_store_patient_ensure(s, "ZZZ-77", &id);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_patient_find(s, "P01", &id), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "no patient 'P01'");
	CHECK_STR_CONTAINS(lv_error_last()->message, "'P001'");
	CHECK(!strstr(lv_error_last()->message, "ZZZ-77"));
	CHECK_STATUS(lv_store_patient_find(s, "QQQQQQQQQ", &id), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "none has a similar code");
	CHECK_STATUS(lv_store_session_check(s, id, 42, NULL), LV_ENOTFOUND);
	lv_store_close(s);
}

/*
 * doc/clinical.md: RVC example A1 2000, U1 1950, A2 2300, U2 1980 -> 0.1326;
 * EV = A - U, PEV = EV / U x 100; a pre->post change is real when it
 * exceeds 1.96 sqrt(sd_pre^2 + sd_post^2).
 */
static void history_metrics(void)
{
	lv_store *s = open_new("metrics.db");
	lv_history *h = NULL;
	int64_t p, s1, s2, s3, base_a, fu_a, post_a, post_b;
	lv_limb aff;
	int assumed = -1;
	size_t i;

	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "M1", &p), LV_OK);
	CHECK_STATUS(lv_store_limb_set_affected(s, p, LV_LIMB_LEFT_ARM), LV_OK);
	CHECK_STATUS(lv_store_session_add(s, p, "2026-01-05", LV_SESSION_BASELINE, "pre-op", &s1),
		     LV_OK);
	CHECK_STATUS(lv_store_session_add(s, p, "2026-02-02T10:00", LV_SESSION_DRAINAGE, NULL, &s2),
		     LV_OK);
	CHECK_STATUS(lv_store_session_add(s, p, "2026-02-09T10:00", LV_SESSION_DRAINAGE, NULL, &s3),
		     LV_OK);
	base_a = add(s, p, LV_LIMB_LEFT_ARM, s1, "2026-01-05", LV_PHASE_BASELINE, 2000, 5);
	add(s, p, LV_LIMB_RIGHT_ARM, s1, "2026-01-05", LV_PHASE_BASELINE, 1950, 5);
	fu_a = add(s, p, LV_LIMB_LEFT_ARM, s2, "2026-02-02T10:00", LV_PHASE_PRE, 2300, 5);
	add(s, p, LV_LIMB_RIGHT_ARM, s2, "2026-02-02T10:05", LV_PHASE_PRE, 1980, 5);
	post_a = add(s, p, LV_LIMB_LEFT_ARM, s2, "2026-02-02T11:00", LV_PHASE_POST, 2280, 5);
	add(s, p, LV_LIMB_LEFT_ARM, s3, "2026-02-09T10:00", LV_PHASE_PRE, 2270, 6);
	post_b = add(s, p, LV_LIMB_LEFT_ARM, s3, "2026-02-09T11:00", LV_PHASE_POST, 2260, 6);
	/* weights: 70 kg at baseline, 77 kg from Feb 1 (a later one is not used) */
	CHECK_STATUS(lv_store_weight_add(s, p, "2026-01-01", 70), LV_OK);
	CHECK_STATUS(lv_store_weight_add(s, p, "2026-02-01", 77), LV_OK);
	CHECK_STATUS(lv_store_weight_add(s, p, "2026-03-01", 90), LV_OK);
	CHECK_STATUS(lv_store_weight_add(s, p, "2026-03-01", 0.5), LV_EDATA);
	CHECK_STATUS(lv_store_commit(s), LV_OK);

	CHECK_STATUS(lv_store_history(s, "M1", &h), LV_OK);
	CHECK(lv_history_count(h) == 7);
	CHECK(lv_history_affected(h, &aff, &assumed) == 1 && aff == LV_LIMB_LEFT_ARM &&
	      assumed == 0);
	for (i = 0; i < lv_history_count(h); i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (r->id == base_a) {
			CHECK(r->has_pair && r->is_baseline_pair);
			CHECK(r->has_wac);
			CHECK_NEAR(r->wac_percent, 0, 1e-12);
			CHECK_NEAR(r->ev_ml, 50, 1e-9);
			CHECK_NEAR(r->pev_percent, 50.0 / 1950 * 100, 1e-9);
			CHECK(r->has_rvc);
			CHECK_NEAR(r->rvc_percent, 0, 1e-9);
		} else if (r->id == fu_a) {
			CHECK(r->has_pair && r->has_rvc);
			CHECK_NEAR(r->ev_ml, 320, 1e-9);
			CHECK_NEAR(r->pev_percent, 320.0 / 1980 * 100, 1e-9);
			CHECK_NEAR(r->rvc_percent, 13.26, 0.005); /* doc/clinical.md: 0.1326 */
			/* WAC = (A2 W1) / (A1 W2) - 1 = (2300 x 70) / (2000 x 77) - 1 */
			CHECK(r->has_wac);
			CHECK_NEAR(r->wac_percent, (2300.0 * 70 / (2000.0 * 77) - 1) * 100, 1e-9);
		} else if (r->id == post_a) {
			/* no right-arm post: no pair; change from pre 2300 */
			CHECK(!r->has_pair);
			CHECK(r->has_change);
			CHECK_NEAR(r->change_ml, -20, 1e-9);
			CHECK_NEAR(r->change_percent, -20.0 / 2300 * 100, 1e-9);
			CHECK_NEAR(r->mdc95_ml, 1.96 * sqrt(50), 1e-9);
			CHECK(r->exceeds_mdc);
		} else if (r->id == post_b) {
			CHECK(r->has_change);
			CHECK_NEAR(r->change_ml, -10, 1e-9);
			CHECK_NEAR(r->mdc95_ml, 1.96 * sqrt(72), 1e-9); /* 16.63 > 10 */
			CHECK(!r->exceeds_mdc);
		} else if (r->limb == LV_LIMB_RIGHT_ARM) {
			CHECK(!r->has_pair && !r->has_change);
		}
	}
	lv_history_free(h);
	lv_store_close(s);
}

/* No affected limb marked: the larger limb of the pair that differs most is
 * assumed (an equal pre-operative baseline decides nothing). */
static void history_assumed(void)
{
	lv_store *s = open_new("assumed.db");
	lv_history *h = NULL;
	int64_t p;
	lv_limb aff = LV_LIMB_LEFT_ARM;
	int assumed = 0;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "A1", &p), LV_OK);
	add(s, p, LV_LIMB_LEFT_LEG, 0, "2026-01-05", LV_PHASE_OTHER, 9000, 20);
	add(s, p, LV_LIMB_RIGHT_LEG, 0, "2026-01-05", LV_PHASE_OTHER, 9900, 20);
	/* later: the left leg a little larger, by less than the right was */
	add(s, p, LV_LIMB_LEFT_LEG, 0, "2026-02-05", LV_PHASE_OTHER, 9300, 20);
	add(s, p, LV_LIMB_RIGHT_LEG, 0, "2026-02-05", LV_PHASE_OTHER, 9200, 20);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "A1", &h), LV_OK);
	CHECK(lv_history_affected(h, &aff, &assumed) == 1);
	CHECK(aff == LV_LIMB_RIGHT_LEG && assumed == 1);
	CHECK_NEAR(lv_history_row_at(h, 1)->pev_percent, 10.0, 1e-9);
	CHECK(lv_history_has_limb(h, LV_LIMB_LEFT_LEG) &&
	      !lv_history_has_limb(h, LV_LIMB_LEFT_ARM));
	CHECK(!lv_history_has_wac(h) && !lv_history_row_at(h, 0)->has_wac); /* no weights */
	lv_history_free(h);
	lv_store_close(s);
}

static void delete_measurement(void)
{
	lv_store *s = open_new("delete.db");
	int64_t p, a, b;
	struct count_ctx c = { 0, 0, 0 };
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	lv_store_patient_ensure(s, "D1", &p);
	a = add(s, p, LV_LIMB_LEFT_ARM, 0, "2026-01-05", LV_PHASE_OTHER, 2000, 5);
	b = add(s, p, LV_LIMB_LEFT_ARM, 0, "2026-01-06", LV_PHASE_OTHER, 2100, 5);
	CHECK_STATUS(lv_store_delete_measurement(s, a), LV_OK);
	CHECK_STATUS(lv_store_delete_measurement(s, a), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "deleted already");
	CHECK_STATUS(lv_store_delete_measurement(s, 99), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "closest ids");
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_each(s, p, 1, count_rec, &c), LV_OK);
	CHECK(c.n == 1 && c.vol == 2100);
	CHECK_STATUS(lv_store_get(s, a, count_rec, &c), LV_ENOTFOUND);
	CHECK_STR_CONTAINS(lv_error_last()->message, "undelete");
	/* still in the store until purged */
	CHECK_STATUS(lv_store_get_ex(s, a, LV_STORE_WITH_DELETED, count_rec, &c), LV_OK);
	(void)b;
	lv_store_close(s);
}

static void bad_measurement(void)
{
	lv_store *s = open_new("bad.db");
	lv_measurement m;
	int64_t p;
	double c[2] = { 25, 400 };
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	lv_store_patient_ensure(s, "B1", &p);
	memset(&m, 0, sizeof m);
	m.patient = p;
	m.date = "2026-02-30";
	m.n = 2;
	m.site_cm = sites2;
	m.circumference_cm = circ2;
	m.volume_ml = 1;
	CHECK_STATUS(lv_store_add_measurement(s, &m, NULL), LV_EDATA);
	m.date = "2026-02-28";
	m.circumference_cm = c;
	CHECK_STATUS(lv_store_add_measurement(s, &m, NULL), LV_EDATA);
	m.circumference_cm = circ2;
	m.volume_ml = -5;
	CHECK_STATUS(lv_store_add_measurement(s, &m, NULL), LV_EDATA);
	lv_store_rollback(s);
	lv_store_close(s);
}

static void date_days(void)
{
	double d;
	CHECK_STATUS(lv_date_days("1970-01-01", &d), LV_OK);
	CHECK_NEAR(d, 0, 0);
	CHECK_STATUS(lv_date_days("2000-03-01", &d), LV_OK);
	CHECK_NEAR(d, 11017, 0); /* 30 years incl. 7 leap days + Jan, Feb 2000 */
	CHECK_STATUS(lv_date_days("2000-03-01T18:00", &d), LV_OK);
	CHECK_NEAR(d, 11017.75, 1e-12);
	CHECK_STATUS(lv_date_days("2000-13-01", &d), LV_EDATA);
}

static int count_session(const lv_session_info *si, void *ctx)
{
	(void)si;
	++*(int *)ctx;
	return 0;
}

static int count_sites(const lv_record *r, void *ctx)
{
	*(size_t *)ctx += r->n;
	return 0;
}

/* One writer: n measurements of patient BUSY, each in its own transaction,
 * each joining the patient's session of its day (created by either). */
static int writer(const char *where, int k, int n)
{
	lv_store *c = NULL;
	int64_t p, session;
	int i, fails = 0;
	/* both create the store at once too */
	if (lv_store_open(&c, where, LV_STORE_CREATE) < 0) {
		fprintf(stderr, "child open: %s\n", lv_error_last()->message);
		return 2;
	}
	for (i = 0; i < n; i++) {
		lv_measurement m;
		char date[32];
		snprintf(date, sizeof date, "2026-01-%02dT%02d:%02d", 1 + i % 28, k, i % 60);
		memset(&m, 0, sizeof m);
		m.limb = k ? LV_LIMB_RIGHT_ARM : LV_LIMB_LEFT_ARM;
		m.date = date;
		m.n = 2;
		m.site_cm = sites2;
		m.circumference_cm = circ2;
		m.volume_ml = 1000 + i;
		if (lv_store_begin(c) < 0 || lv_store_patient_ensure(c, "BUSY", &p) < 0 ||
		    lv_store_session_for_day(c, p, date, LV_SESSION_FOLLOWUP, NULL, &session) < 0 ||
		    (m.patient = p, m.session = session, lv_store_add_measurement(c, &m, NULL)) <
			    0 ||
		    lv_store_commit(c) < 0) {
			fprintf(stderr, "child %d: %s\n", k, lv_error_last()->message);
			lv_store_rollback(c);
			fails++;
		}
	}
	lv_store_close(c);
	return fails ? 1 : 0;
}

/*
 * Two processes each add n measurements (1000 on SQLite, 500 on
 * PostgreSQL) of the same patient on the same 28 days at once, one
 * transaction each: none lost, one patient, one session a day.
 */
static void two_writers(void)
{
	char path[512];
	pid_t kid[2];
	lv_store *s = NULL;
	lv_history *h = NULL;
	int64_t p = 0;
	int k, status, ok = 1, n = pg_uri ? 500 : 1000, sessions = 0;
	size_t sites = 0;

	path_in(path, sizeof path, "busy.db");
	unlink(path);
	if (pg_uri)
		snprintf(path, sizeof path, "%s", pg_uri);
	for (k = 0; k < 2; k++) {
		kid[k] = fork();
		if (kid[k] == 0)
			_exit(writer(path, k, n));
	}
	for (k = 0; k < 2; k++) {
		if (waitpid(kid[k], &status, 0) != kid[k] || !WIFEXITED(status) ||
		    WEXITSTATUS(status))
			ok = 0;
	}
	CHECK(ok);
	CHECK_STATUS(lv_store_open(&s, path, 0), LV_OK);
	CHECK_STATUS(lv_store_history(s, "BUSY", &h), LV_OK);
	CHECK(h && lv_history_count(h) == (size_t)(2 * n));
	lv_history_free(h);
	CHECK_STATUS(lv_store_patient_find(s, "BUSY", &p), LV_OK);
	CHECK_STATUS(lv_store_each_session(s, p, count_session, &sessions), LV_OK);
	CHECK(sessions == 28);
	CHECK_STATUS(lv_store_each(s, p, 1, count_sites, &sites), LV_OK);
	CHECK(sites == (size_t)(4 * n));
	lv_store_close(s);
	if (!pg_uri)
		CHECK(sql_int(path, "SELECT count(*) FROM patient") == 1);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	store_test_begin();
	pg_uri = getenv("LV_TEST_PG_URI");
	if (pg_uri && !pg_uri[0])
		pg_uri = NULL;
	RUN(hostile_codes);
	RUN(closest_patient);
	RUN(history_metrics);
	RUN(history_assumed);
	RUN(delete_measurement);
	RUN(bad_measurement);
	RUN(date_days);
	RUN(two_writers);
	return store_test_end();
}
