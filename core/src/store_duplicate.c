/*
 * Exact duplicates of a measurement, and the pre a post pairs with (see
 * store.h).  One rule everywhere: record, import and the exchange format
 * all ask lv_store_find_duplicate.
 */
#include "store_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"

/* 1 when the stored sites of measurement id are exactly m's. */
static int same_sites(sqlite3_stmt *st, int64_t id, const lv_measurement *m, int *same)
{
	size_t i = 0;
	int rc;

	*same = 1;
	sqlite3_reset(st);
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int has_side = sqlite3_column_type(st, 2) != SQLITE_NULL;
		if (i >= m->n || sqlite3_column_double(st, 0) != m->site_cm[i] ||
		    sqlite3_column_double(st, 1) != m->circumference_cm[i] ||
		    has_side != (m->width_side_cm != NULL) ||
		    (has_side && sqlite3_column_double(st, 2) != m->width_side_cm[i])) {
			*same = 0;
			break;
		}
		i++;
	}
	if (*same && i != m->n)
		*same = 0;
	sqlite3_reset(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE ? LV_OK : rc;
}

/* The limb row of m's patient and limb: 1 found, 0 none yet, or a status. */
static int limb_of(lv_store *s, const lv_measurement *m, int64_t *limb_id)
{
	int ret = store_limb_id(s, m->patient, m->limb, 0, limb_id);
	if (ret == LV_ENOTFOUND) {
		lv_error_clear();
		return 0;
	}
	return ret < 0 ? ret : 1;
}

/*
 * The candidates: same limb, date, phase and number of sites, in the same
 * state (live; or, for a deleted one being imported, deleted at the same
 * time), below below_id when it is > 0, never `self`.
 */
static int find(lv_store *s, const lv_measurement *m, int64_t below_id, int64_t self,
		int64_t *dup_id)
{
	sqlite3_stmt *cand = NULL, *sites = NULL;
	int64_t limb_id = 0;
	int rc, ret;

	*dup_id = 0;
	if ((ret = limb_of(s, m, &limb_id)) <= 0)
		return ret;
	if ((ret = store_prepare(
		     s,
		     "SELECT m.id FROM measurement m WHERE m.limb_id = ?1 AND m.date = ?2"
		     " AND m.phase = ?3 AND (?4 = 0 OR m.id < ?4) AND m.id <> ?6 AND"
		     " (SELECT count(*) FROM site WHERE measurement_id = m.id) = ?5 AND"
		     " ((?7 = '' AND m.deleted IS NULL) OR m.deleted = ?7)"
		     " ORDER BY m.id",
		     &cand)) < 0 ||
	    (ret = store_prepare(s,
				 "SELECT site_cm, circumference_cm, width_side_cm FROM site"
				 " WHERE measurement_id = ?1 ORDER BY idx",
				 &sites)) < 0)
		goto done;
	sqlite3_bind_int64(cand, 1, limb_id);
	sqlite3_bind_text(cand, 2, m->date, -1, SQLITE_STATIC);
	sqlite3_bind_text(cand, 3, lv_phase_name(m->phase), -1, SQLITE_STATIC);
	sqlite3_bind_int64(cand, 4, below_id);
	sqlite3_bind_int64(cand, 5, (sqlite3_int64)m->n);
	sqlite3_bind_int64(cand, 6, self);
	sqlite3_bind_text(cand, 7, m->deleted ? m->deleted : "", -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(cand)) == SQLITE_ROW) {
		int64_t id = sqlite3_column_int64(cand, 0);
		int same = 0, src = same_sites(sites, id, m, &same);
		if (src != LV_OK) {
			rc = src;
			break;
		}
		if (same) {
			*dup_id = id;
			rc = SQLITE_DONE;
			break;
		}
	}
	if (rc != SQLITE_DONE)
		ret = store_db_error(s, rc, "looking for the same measurement");
done:
	sqlite3_finalize(cand);
	sqlite3_finalize(sites);
	return ret;
}

int lv_store_find_duplicate(lv_store *s, const lv_measurement *m, int64_t below_id, int64_t *dup_id)
{
	return find(s, m, below_id, 0, dup_id);
}

int store_find_duplicate_except(lv_store *s, const lv_measurement *m, int64_t self, int64_t *dup)
{
	return find(s, m, 0, self, dup);
}

int lv_store_last_measurement_id(lv_store *s, int64_t *id)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = store_prepare(s, "SELECT coalesce(max(id), 0) FROM measurement", &st);
	if (ret < 0)
		return ret;
	rc = sqlite3_step(st);
	*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_finalize(st);
	return rc == SQLITE_ROW ? LV_OK : store_db_error(s, rc, "reading the measurements");
}

int lv_store_pre_for(lv_store *s, const lv_measurement *post, int64_t *pre_id)
{
	sqlite3_stmt *st = NULL;
	int64_t limb_id = 0;
	int rc, ret;

	*pre_id = 0;
	if ((ret = limb_of(s, post, &limb_id)) <= 0)
		return ret;
	/* as the history pairs them: the same session when both have one, else the day */
	if ((ret = store_prepare(
		     s,
		     "SELECT id FROM measurement WHERE limb_id = ?1 AND phase = 'pre' AND"
		     " deleted IS NULL AND"
		     " substr(date, 1, 10) = substr(?2, 1, 10) AND date <= ?2 AND"
		     " (?3 = 0 OR session_id IS NULL OR session_id = ?3)"
		     " ORDER BY date DESC, id DESC LIMIT 1",
		     &st)) < 0)
		return ret;
	sqlite3_bind_int64(st, 1, limb_id);
	sqlite3_bind_text(st, 2, post->date, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 3, post->session);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*pre_id = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return rc == SQLITE_ROW || rc == SQLITE_DONE
		? LV_OK
		: store_db_error(s, rc, "reading the measurements");
}
