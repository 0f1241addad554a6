/*
 * Sessions in the store: a patient's visits (baseline, drainage, follow-up),
 * each with a date, a kind and notes; measurements point at them.
 */
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"

const char *lv_session_kind_name(lv_session_kind k)
{
	switch (k) {
	case LV_SESSION_BASELINE:
		return "baseline";
	case LV_SESSION_DRAINAGE:
		return "drainage";
	case LV_SESSION_FOLLOWUP:
		return "follow-up";
	default:
		return "other";
	}
}

int lv_session_kind_parse(const char *s, lv_session_kind *out)
{
	static const char *const names[] = { "baseline", "drainage", "follow-up", "other" };
	for (int i = 0; i < 4; i++)
		if (!strcmp(s, names[i])) {
			*out = (lv_session_kind)i;
			return LV_OK;
		}
	if (!strcmp(s, "followup")) {
		*out = LV_SESSION_FOLLOWUP;
		return LV_OK;
	}
	return lv_error_set(LV_EDATA,
			    "unknown session kind '%.20s' (expected baseline, drainage,"
			    " follow-up or other)",
			    s);
}

int lv_store_session_add(lv_store *s, int64_t patient, const char *date, lv_session_kind kind,
			 const char *notes, int64_t *id)
{
	int64_t got = 0;
	int found = 0, ret;
	if (lv_date_check(date, strlen(date)) < 0)
		return LV_EDATA;
	if (notes && strlen(notes) > LV_STORE_MAX_TEXT)
		return lv_error_set(LV_EDATA, "the session notes are longer than %d bytes",
				    LV_STORE_MAX_TEXT);
	ret = store_lookup_id(s, ST_SESSION_ADD, "adding the session", &got, &found, "ittt",
			      patient, date, lv_session_kind_name(kind), notes ? notes : "");
	if (ret == LV_OK && id)
		*id = got;
	return ret;
}

int lv_store_session_for_day(lv_store *s, int64_t patient, const char *date, lv_session_kind kind,
			     const char *notes, int64_t *id)
{
	int found = 0, ret;
	if (lv_date_check(date, strlen(date)) < 0)
		return LV_EDATA;
	ret = store_lookup_id(s, ST_SESSION_DAY, "finding the session", id, &found, "it", patient,
			      date);
	if (ret < 0 || found)
		return ret;
	return lv_store_session_add(s, patient, date, kind, notes, id);
}

int lv_store_session_check(lv_store *s, int64_t patient, int64_t session,
			   char date_out[LV_STORE_DATE_MAX])
{
	db_stmt *st = NULL;
	char list[256] = "";
	size_t used = 0;
	int rc, found = 0,
		ret = store_prepare(s,
				    "SELECT id, date, kind FROM session WHERE patient_id = ?1"
				    " ORDER BY abs(id - ?2), id LIMIT 4",
				    &st);
	if (ret < 0)
		return ret;
	db_bind_int64(st, 1, patient);
	db_bind_int64(st, 2, session);
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_col_int64(st, 0);
		if (id == session) {
			found = 1;
			if (date_out)
				snprintf(date_out, LV_STORE_DATE_MAX, "%s", db_col_text(st, 1));
			break;
		}
		if (used < sizeof list) {
			int n = snprintf(list + used, sizeof list - used, "%s%lld (%.10s %s)",
					 used ? ", " : "", (long long)id, db_col_text(st, 1),
					 db_col_text(st, 2));
			if (n > 0)
				used += (size_t)n;
		}
	}
	if (rc == DB_ERROR)
		ret = store_db_error(s, "finding the session");
	else if (!found)
		ret = used
			? lv_error_set(LV_ENOTFOUND, "the patient has no session %lld; closest: %s",
				       (long long)session, list)
			: lv_error_set(LV_ENOTFOUND,
				       "the patient has no session %lld (no sessions"
				       " yet: use --date instead)",
				       (long long)session);
	db_finalize(st);
	return ret;
}

struct session_walk {
	int (*fn)(const lv_session_info *si, void *ctx);
	void *ctx;
};

static int session_row(db_stmt *st, void *ctx)
{
	const struct session_walk *w = ctx;
	lv_session_info si;
	si.id = db_col_int64(st, 0);
	si.date = db_col_text(st, 1);
	si.kind = LV_SESSION_OTHER;
	lv_session_kind_parse(db_col_text(st, 2), &si.kind);
	si.notes = db_col_text(st, 3);
	return w->fn(&si, w->ctx);
}

int lv_store_each_session(lv_store *s, int64_t patient,
			  int (*fn)(const lv_session_info *si, void *ctx), void *ctx)
{
	struct session_walk w = { fn, ctx };
	return store_each_row(s,
			      "SELECT id, date, kind, notes FROM session"
			      " WHERE patient_id = ?1 ORDER BY date, id",
			      "reading the sessions", session_row, &w, "i", patient);
}

int lv_store_session_ensure(lv_store *s, int64_t patient, const char *date, lv_session_kind kind,
			    const char *notes, int64_t *id)
{
	int64_t found = 0;
	int ret = store_query_id(s,
				 "SELECT id FROM session WHERE patient_id = ?1 AND date = ?2 AND"
				 " kind = ?3 AND notes = ?4 ORDER BY id LIMIT 1",
				 &found, "ittt", patient, date, lv_session_kind_name(kind),
				 notes ? notes : "");
	if (ret < 0)
		return ret;
	if (found) {
		*id = found;
		return LV_OK;
	}
	return lv_store_session_add(s, patient, date, kind, notes, id);
}
