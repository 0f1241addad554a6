/*
 * Body weights by id (store.h): listed, edited and deleted like
 * measurements, with the same audit trail.  Standard SQL only (issue 12).
 */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

static const char weight_sql[] =
	"SELECT id, patient_id, date, kg, coalesce(deleted, '') FROM weight ";

static void fill(db_stmt *st, lv_weight_info *w)
{
	w->id = db_col_int64(st, 0);
	w->patient = db_col_int64(st, 1);
	w->date = db_col_text(st, 2);
	w->kg = db_col_double(st, 3);
	w->deleted = db_col_text(st, 4);
}

struct weight_walk {
	int (*fn)(const lv_weight_info *w, void *ctx);
	void *ctx;
};

static int weight_row(db_stmt *st, void *ctx)
{
	const struct weight_walk *k = ctx;
	lv_weight_info w;
	fill(st, &w);
	return k->fn(&w, k->ctx);
}

int lv_store_each_weight_ex(lv_store *s, int64_t patient, int with_deleted,
			    int (*fn)(const lv_weight_info *w, void *ctx), void *ctx)
{
	struct weight_walk k = { fn, ctx };
	char sql[sizeof weight_sql + 128];

	snprintf(sql, sizeof sql, "%s%s", weight_sql,
		 with_deleted ? "WHERE patient_id = ?1 ORDER BY date, id"
			      : "WHERE patient_id = ?1 AND deleted IS NULL ORDER BY date, id");
	return store_each_row(s, sql, "reading the weights", weight_row, &k, "i", patient);
}

/* The weight's strings are kept in the store (valid until the next call). */
int lv_store_weight_get(lv_store *s, int64_t id, lv_weight_info *out)
{
	char sql[sizeof weight_sql + 32];
	db_stmt *st = NULL;
	int rc, ret;

	snprintf(sql, sizeof sql, "%sWHERE id = ?1", weight_sql);
	if ((ret = store_prepare(s, sql, &st)) < 0)
		return ret;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		fill(st, out);
		snprintf(s->wdate, sizeof s->wdate, "%s", out->date);
		snprintf(s->wdeleted, sizeof s->wdeleted, "%s", out->deleted);
		out->date = s->wdate;
		out->deleted = s->wdeleted;
	} else if (rc == DB_DONE) {
		ret = lv_error_set(LV_ENOTFOUND,
				   "no weight w%lld (see 'limbvol weights PATIENT' for the ids)",
				   (long long)id);
	} else {
		ret = store_db_error(s, "reading the weight");
	}
	db_finalize(st);
	return ret;
}

int lv_store_weight_put(lv_store *s, int64_t patient, const char *date, double kg,
			const char *deleted, int64_t *id)
{
	int ret;
	if (deleted && lv_date_check(deleted, strlen(deleted)) < 0)
		return LV_EDATA;
	ret = store_query_id(s,
			     "SELECT id FROM weight WHERE patient_id = ?1 AND date = ?2 AND kg = ?3"
			     " AND ((?4 = '' AND deleted IS NULL) OR deleted = ?4) ORDER BY id",
			     id, "itdt", patient, date, kg, deleted ? deleted : "");
	if (ret < 0 || *id)
		return ret;
	/* lv_store_weight_add's checks, then the row with its id */
	if ((ret = store_weight_check(date, kg)) < 0)
		return ret;
	if (deleted)
		ret = store_query_id(s,
				     "INSERT INTO weight(patient_id, date, kg, deleted)"
				     " VALUES (?1, ?2, ?3, ?4) RETURNING id",
				     id, "itdt", patient, date, kg, deleted);
	else
		ret = store_query_id(s,
				     "INSERT INTO weight(patient_id, date, kg) VALUES (?1, ?2, ?3)"
				     " RETURNING id",
				     id, "itd", patient, date, kg);
	return ret;
}

/* A live weight (LV_ENOTFOUND for a deleted one, saying so). */
static int live(lv_store *s, int64_t id, lv_weight_info *w)
{
	int ret = lv_store_weight_get(s, id, w);
	if (ret == LV_OK && w->deleted[0])
		return lv_error_set(LV_ENOTFOUND,
				    "weight w%lld was deleted (%s UTC); 'limbvol undelete w%lld'"
				    " brings it back",
				    (long long)id, w->deleted, (long long)id);
	return ret;
}

int lv_store_edit_weight(lv_store *s, int64_t id, const char *date, double kg, int *changed)
{
	lv_weight_info w = { 0, 0, "", 0, "" };
	char now[LV_STORE_DATE_MAX], old_date[LV_STORE_DATE_MAX], a[64], b[64];
	double old_kg;
	long edit = 0;
	int ret;

	*changed = 0;
	if (date && lv_date_check(date, strlen(date)) < 0)
		return LV_EDATA;
	if (kg && store_weight_check(date ? date : "2000-01-01", kg) < 0)
		return LV_EDATA;
	if ((ret = live(s, id, &w)) < 0)
		return ret;
	snprintf(old_date, sizeof old_date, "%s", w.date);
	old_kg = w.kg;
	if (!date)
		date = old_date;
	if (!kg)
		kg = old_kg;
	*changed = (strcmp(date, old_date) != 0) + (kg != old_kg);
	if (!*changed)
		return LV_OK;
	lv_store_now(now);
	if ((ret = store_write1(s, "UPDATE weight SET date = ?1, kg = ?2 WHERE id = ?3",
				"saving the weight", "tdi", date, kg, id)) < 0 ||
	    (ret = store_next_edit(s, 0, id, &edit)) < 0)
		return ret;
	if (strcmp(date, old_date) &&
	    (ret = store_revision_add(s, 0, id, edit, now, "date", old_date, date)) < 0)
		return ret;
	if (kg != old_kg) {
		if (lv_number_format_short(old_kg, 6, a, sizeof a) < 0 ||
		    lv_number_format_short(kg, 6, b, sizeof b) < 0)
			return lv_error_set(LV_EINTERNAL, "a weight that cannot be written");
		ret = store_revision_add(s, 0, id, edit, now, "weight_kg", a, b);
	}
	return ret;
}

int lv_store_delete_weight(lv_store *s, int64_t id)
{
	lv_weight_info w = { 0, 0, "", 0, "" };
	int ret = live(s, id, &w);
	if (ret < 0)
		return ret;
	ret = store_mark(s, 1, id, 1);
	return ret < 0 ? ret : LV_OK;
}

int lv_store_undelete_weight(lv_store *s, int64_t id)
{
	lv_weight_info w = { 0, 0, "", 0, "" };
	int ret = lv_store_weight_get(s, id, &w);
	if (ret < 0)
		return ret;
	if (!w.deleted[0])
		return lv_error_set(LV_ENOTFOUND, "weight w%lld is not deleted", (long long)id);
	ret = store_mark(s, 1, id, 0);
	return ret < 0 ? ret : LV_OK;
}
