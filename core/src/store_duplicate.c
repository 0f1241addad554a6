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
static int same_sites(db_stmt *st, int64_t id, const lv_measurement *m, int *same)
{
	size_t i = 0;
	int rc;

	*same = 1;
	db_reset(st);
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		int has_side = !db_col_null(st, 2);
		if (i >= m->n || db_col_double(st, 0) != m->site_cm[i] ||
		    db_col_double(st, 1) != m->circumference_cm[i] ||
		    has_side != (m->width_side_cm != NULL) ||
		    (has_side && db_col_double(st, 2) != m->width_side_cm[i])) {
			*same = 0;
			break;
		}
		i++;
	}
	if (*same && i != m->n)
		*same = 0;
	db_reset(st);
	return rc == DB_ERROR ? DB_ERROR : LV_OK;
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
	db_stmt *cand = NULL, *sites = NULL;
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
	if (db_bind_fmt(cand, "itti", limb_id, m->date, lv_phase_name(m->phase), below_id) < 0 ||
	    db_bind_fmt(cand, "----iit", (int64_t)m->n, self, m->deleted ? m->deleted : "") < 0) {
		ret = store_db_error(s, "looking for the same measurement");
		goto done;
	}
	while ((rc = db_step(cand)) == DB_ROW) {
		int64_t id = db_col_int64(cand, 0);
		int same = 0, src = same_sites(sites, id, m, &same);
		if (src != LV_OK) {
			rc = src;
			break;
		}
		if (same) {
			*dup_id = id;
			rc = DB_DONE;
			break;
		}
	}
	if (rc != DB_DONE)
		ret = store_db_error(s, "looking for the same measurement");
done:
	db_finalize(cand);
	db_finalize(sites);
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
	return store_query_id(s, "SELECT coalesce(max(id), 0) FROM measurement", id, "");
}

int lv_store_pre_for(lv_store *s, const lv_measurement *post, int64_t *pre_id)
{
	int64_t limb_id = 0;
	int ret;

	*pre_id = 0;
	if ((ret = limb_of(s, post, &limb_id)) <= 0)
		return ret;
	/* as the history pairs them: the same session when both have one, else the day */
	return store_query_id(s,
			      "SELECT id FROM measurement WHERE limb_id = ?1 AND phase = 'pre' AND"
			      " deleted IS NULL AND"
			      " substr(date, 1, 10) = substr(?2, 1, 10) AND date <= ?2 AND"
			      " (?3 = 0 OR session_id IS NULL OR session_id = ?3)"
			      " ORDER BY date DESC, id DESC LIMIT 1",
			      pre_id, "iti", limb_id, post->date, post->session);
}
