/*
 * Deleted measurements and weights: listing them and removing them for good
 * (store.h, lv_store_purge).  Their sites and revisions go with them (ON
 * DELETE CASCADE).  Standard SQL only (issue 12).
 */
#include "store_impl.h"

#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"

/* "Before" as text that compares with the stored times; NULL: all. */
static int cutoff(const char *before, const char **out)
{
	if (!before) {
		*out = "9999-12-31T23:59:59"; /* later than any stored time */
		return LV_OK;
	}
	if (lv_date_check(before, strlen(before)) < 0)
		return LV_EDATA;
	*out = before;
	return LV_OK;
}

static const char deleted_sql[] =
	"SELECT m.id, 0, p.code, m.date, l.name, m.phase, m.deleted FROM measurement m"
	" JOIN limb l ON l.id = m.limb_id JOIN patient p ON p.id = l.patient_id"
	" WHERE m.deleted IS NOT NULL AND m.deleted < ?1"
	" UNION ALL"
	" SELECT 0, w.id, p.code, w.date, 'weight', '', w.deleted FROM weight w"
	" JOIN patient p ON p.id = w.patient_id WHERE w.deleted IS NOT NULL AND w.deleted < ?1"
	" ORDER BY 7, 1, 2";

int lv_store_each_deleted(lv_store *s, const char *before,
			  int (*fn)(const lv_deleted_info *d, void *ctx), void *ctx)
{
	db_stmt *st = NULL;
	const char *cut;
	int rc, ret;

	if ((ret = cutoff(before, &cut)) < 0 || (ret = store_prepare(s, deleted_sql, &st)) < 0)
		return ret;
	if (db_bind_text(st, 1, cut) < 0) {
		db_finalize(st);
		return store_db_error(s, "reading the deleted measurements");
	}
	while ((rc = db_step(st)) == DB_ROW) {
		lv_deleted_info d;
		char what[48];
		d.measurement = db_col_int64(st, 0);
		d.weight = db_col_int64(st, 1);
		d.patient = db_col_text(st, 2);
		d.date = db_col_text(st, 3);
		if (d.measurement)
			snprintf(what, sizeof what, "%s %s", db_col_text(st, 4),
				 db_col_text(st, 5));
		else
			snprintf(what, sizeof what, "weight");
		d.what = what;
		d.deleted = db_col_text(st, 6);
		if ((ret = fn(&d, ctx)) != 0)
			break;
	}
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_error(s, "reading the deleted measurements");
	db_finalize(st);
	return ret;
}

int lv_store_purge(lv_store *s, const char *before, long *measurements, long *weights)
{
	const char *cut;
	int nm = 0, nw = 0, ret;

	if ((ret = cutoff(before, &cut)) < 0)
		return ret;
	/* the revisions first: a backend without cascading deletes works too */
	if ((ret = store_write1(s,
				"DELETE FROM revision WHERE measurement_id IN (SELECT id FROM"
				" measurement WHERE deleted IS NOT NULL AND deleted < ?1)",
				"purging", "t", cut)) < 0 ||
	    (ret = store_write1(s,
				"DELETE FROM revision WHERE weight_id IN (SELECT id FROM weight"
				" WHERE deleted IS NOT NULL AND deleted < ?1)",
				"purging", "t", cut)) < 0 ||
	    (ret = store_write1(s,
				"DELETE FROM site WHERE measurement_id IN (SELECT id FROM"
				" measurement WHERE deleted IS NOT NULL AND deleted < ?1)",
				"purging", "t", cut)) < 0 ||
	    (ret = store_write_count(
		     s,
		     "DELETE FROM measurement WHERE deleted IS NOT NULL AND deleted < ?1 RETURNING id",
		     "purging", &nm, "t", cut)) < 0 ||
	    (ret = store_write_count(
		     s,
		     "DELETE FROM weight WHERE deleted IS NOT NULL AND deleted < ?1 RETURNING id",
		     "purging", &nw, "t", cut)) < 0)
		return ret;
	if (measurements)
		*measurements = nm;
	if (weights)
		*weights = nw;
	return LV_OK;
}
