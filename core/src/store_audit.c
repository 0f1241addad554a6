/*
 * The audit trail (store.h, "corrections"): revisions of measurements and
 * weights, the store's clock, and deleting and undeleting measurements
 * (a deletion only marks the row; lv_store_purge, store_purge.c, removes).
 * Standard SQL only: the same statements run on PostgreSQL (issue 12).
 */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "limbvol/error.h"

void lv_store_now(char buf[LV_STORE_DATE_MAX])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!gmtime_r(&t, &tm) || !strftime(buf, LV_STORE_DATE_MAX, "%Y-%m-%dT%H:%M:%S", &tm))
		snprintf(buf, LV_STORE_DATE_MAX, "1970-01-01T00:00:00");
}

int store_next_edit(lv_store *s, int64_t measurement, int64_t weight, long *edit)
{
	int last = 0, ret;
	ret = measurement ? store_exists1(s,
					  "SELECT coalesce(max(edit_no), 0) FROM revision"
					  " WHERE measurement_id = ?1",
					  &last, "i", measurement)
			  : store_exists1(s,
					  "SELECT coalesce(max(edit_no), 0) FROM revision"
					  " WHERE weight_id = ?1",
					  &last, "i", weight);
	*edit = (long)last + 1;
	return ret;
}

int store_revision_add(lv_store *s, int64_t measurement, int64_t weight, long edit, const char *at,
		       const char *what, const char *old_value, const char *new_value)
{
	if (measurement)
		return store_write1(s,
				    "INSERT INTO revision(measurement_id, edit_no, changed_at, what,"
				    " old_value, new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
				    "saving the revision", "iitttt", measurement, (int64_t)edit, at,
				    what, old_value, new_value);
	return store_write1(s,
			    "INSERT INTO revision(weight_id, edit_no, changed_at, what, old_value,"
			    " new_value) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
			    "saving the revision", "iitttt", weight, (int64_t)edit, at, what,
			    old_value, new_value);
}

int lv_store_revision_put(lv_store *s, const lv_revision *r)
{
	int found = 0, ret;
	if (!r->measurement == !r->weight || r->edit < 1 || !r->changed_at || !r->what ||
	    !r->what[0])
		return lv_error_set(LV_EDATA,
				    "a revision needs a measurement or a weight, its edit"
				    " number, a time and what changed");
	if (lv_date_check(r->changed_at, strlen(r->changed_at)) < 0)
		return LV_EDATA;
	if (strlen(r->what) > 64 || strlen(r->old_value) > LV_STORE_MAX_TEXT ||
	    strlen(r->new_value) > LV_STORE_MAX_TEXT)
		return lv_error_set(LV_EDATA, "a revision's text is too long");
	ret = store_exists1(s,
			    "SELECT 1 FROM revision WHERE (measurement_id = ?1 OR weight_id = ?2)"
			    " AND edit_no = ?3 AND changed_at = ?4 AND what = ?5 AND old_value = ?6"
			    " AND new_value = ?7",
			    &found, "iiitttt", r->measurement, r->weight, (int64_t)r->edit,
			    r->changed_at, r->what, r->old_value, r->new_value);
	if (ret < 0 || found)
		return ret;
	return store_revision_add(s, r->measurement, r->weight, r->edit, r->changed_at, r->what,
				  r->old_value, r->new_value);
}

static const char revision_sql[] =
	"SELECT coalesce(r.measurement_id, 0), coalesce(r.weight_id, 0), r.edit_no, r.changed_at,"
	" r.what, r.old_value, r.new_value FROM revision r ";

struct revision_walk {
	int (*fn)(const lv_revision *r, void *ctx);
	void *ctx;
};

static int revision_row(db_stmt *st, void *ctx)
{
	const struct revision_walk *w = ctx;
	lv_revision r;
	r.measurement = db_col_int64(st, 0);
	r.weight = db_col_int64(st, 1);
	r.edit = (long)db_col_int64(st, 2);
	r.changed_at = db_col_text(st, 3);
	r.what = db_col_text(st, 4);
	r.old_value = db_col_text(st, 5);
	r.new_value = db_col_text(st, 6);
	return w->fn(&r, w->ctx);
}

static int each_revision(lv_store *s, const char *tail, int64_t key,
			 int (*fn)(const lv_revision *r, void *ctx), void *ctx)
{
	struct revision_walk w = { fn, ctx };
	char sql[sizeof revision_sql + 400];

	snprintf(sql, sizeof sql, "%s%s", revision_sql, tail);
	return store_each_row(s, sql, "reading the revisions", revision_row, &w, "i", key);
}

int lv_store_each_revision(lv_store *s, int64_t measurement, int64_t weight,
			   int (*fn)(const lv_revision *r, void *ctx), void *ctx)
{
	if (measurement)
		return each_revision(s, "WHERE r.measurement_id = ?1 ORDER BY r.edit_no, r.id",
				     measurement, fn, ctx);
	return each_revision(s, "WHERE r.weight_id = ?1 ORDER BY r.edit_no, r.id", weight, fn, ctx);
}

int lv_store_each_patient_revision(lv_store *s, int64_t patient, int which_weights,
				   int with_deleted, int (*fn)(const lv_revision *r, void *ctx),
				   void *ctx)
{
	if (which_weights)
		return each_revision(s,
				     with_deleted ? "JOIN weight w ON w.id = r.weight_id WHERE"
						    " w.patient_id = ?1 ORDER BY w.date, w.id,"
						    " r.edit_no, r.id"
						  : "JOIN weight w ON w.id = r.weight_id WHERE"
						    " w.patient_id = ?1 AND w.deleted IS NULL"
						    " ORDER BY w.date, w.id, r.edit_no, r.id",
				     patient, fn, ctx);
	return each_revision(s,
			     with_deleted ? "JOIN measurement m ON m.id = r.measurement_id JOIN"
					    " limb l ON l.id = m.limb_id WHERE l.patient_id = ?1"
					    " ORDER BY m.date, m.id, r.edit_no, r.id"
					  : "JOIN measurement m ON m.id = r.measurement_id JOIN"
					    " limb l ON l.id = m.limb_id WHERE l.patient_id = ?1"
					    " AND m.deleted IS NULL ORDER BY m.date, m.id,"
					    " r.edit_no, r.id",
			     patient, fn, ctx);
}

/* Mark a measurement (table "measurement") or weight deleted or live again. */
int store_mark(lv_store *s, int weight, int64_t id, int deleted)
{
	char now[LV_STORE_DATE_MAX];
	long edit = 0;
	int changes = 0, ret;

	lv_store_now(now);
	if (weight)
		ret = deleted ? store_write_count(s,
						  "UPDATE weight SET deleted = ?1 WHERE id = ?2"
						  " AND deleted IS NULL RETURNING id",
						  "deleting the weight", &changes, "ti", now, id)
			      : store_write_count(s,
						  "UPDATE weight SET deleted = NULL WHERE id = ?1"
						  " AND deleted IS NOT NULL RETURNING id",
						  "undeleting the weight", &changes, "i", id);
	else
		ret = deleted
			? store_write_count(s,
					    "UPDATE measurement SET deleted = ?1 WHERE id = ?2"
					    " AND deleted IS NULL RETURNING id",
					    "deleting the measurement", &changes, "ti", now, id)
			: store_write_count(s,
					    "UPDATE measurement SET deleted = NULL WHERE id = ?1"
					    " AND deleted IS NOT NULL RETURNING id",
					    "undeleting the measurement", &changes, "i", id);
	if (ret < 0)
		return ret;
	if (changes != 1)
		return 0; /* not there, or not in the state to change */
	if ((ret = store_next_edit(s, weight ? 0 : id, weight ? id : 0, &edit)) < 0)
		return ret;
	ret = store_revision_add(s, weight ? 0 : id, weight ? id : 0, edit, now,
				 deleted ? "deleted" : "undeleted", "", "");
	return ret < 0 ? ret : 1;
}

static int get_deleted(const lv_record *r, void *ctx)
{
	snprintf(ctx, LV_STORE_DATE_MAX, "%s", r->deleted);
	return 0;
}

int lv_store_delete_measurement(lv_store *s, int64_t id)
{
	char when[LV_STORE_DATE_MAX] = "";
	int ret = store_mark(s, 0, id, 1);
	if (ret != 0)
		return ret < 0 ? ret : LV_OK;
	if ((ret = lv_store_get_ex(s, id, LV_STORE_WITH_DELETED, get_deleted, when)) < 0)
		return ret;
	return lv_error_set(LV_ENOTFOUND, "measurement %lld was deleted already (%s UTC)",
			    (long long)id, when);
}

/* The measurement as lv_store_find_duplicate takes it (for undeleting). */
struct as_meas {
	lv_store *s;
	int64_t dup;
	int ret;
};

static int dup_of(const lv_record *r, void *vctx)
{
	struct as_meas *c = vctx;
	lv_measurement m;
	memset(&m, 0, sizeof m);
	if ((c->ret = lv_store_patient_find(c->s, r->patient, &m.patient)) < 0)
		return c->ret;
	m.limb = r->limb;
	m.date = r->date;
	m.phase = r->phase;
	m.n = r->n;
	m.site_cm = r->site_cm;
	m.circumference_cm = r->circumference_cm;
	m.width_side_cm = r->width_side_cm;
	c->ret = store_find_duplicate_except(c->s, &m, r->id, &c->dup);
	return c->ret;
}

int lv_store_undelete_measurement(lv_store *s, int64_t id, int allow_duplicate)
{
	struct as_meas c = { s, 0, 0 };
	int ret;

	if ((ret = lv_store_get_ex(s, id, LV_STORE_WITH_DELETED, dup_of, &c)) < 0)
		return ret;
	if (c.ret < 0)
		return c.ret;
	if ((ret = store_mark(s, 0, id, 0)) < 0)
		return ret;
	if (ret == 0)
		return lv_error_set(LV_ENOTFOUND, "measurement %lld is not deleted", (long long)id);
	if (c.dup && !allow_duplicate)
		return lv_error_set(LV_EDATA,
				    "measurement %lld is the same (date and time, phase, sites and"
				    " values) as measurement %lld, stored since: not undeleted"
				    " (--allow-duplicate undeletes it anyway)",
				    (long long)id, (long long)c.dup);
	return LV_OK;
}
