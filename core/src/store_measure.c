/* Measurements: adding (checked), reading back, deleting. */
#include "mem.h"
#include "store_impl.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/profile.h"

const char *lv_method_name(lv_method m)
{
	switch (m) {
	case LV_METHOD_PHOTO:
		return "photo";
	case LV_METHOD_IMPORT:
		return "import";
	default:
		return "tape";
	}
}

int lv_method_parse(const char *s, lv_method *out)
{
	if (!strcmp(s, "tape"))
		*out = LV_METHOD_TAPE;
	else if (!strcmp(s, "photo"))
		*out = LV_METHOD_PHOTO;
	else if (!strcmp(s, "import"))
		*out = LV_METHOD_IMPORT;
	else
		return lv_error_set(LV_EDATA,
				    "unknown method '%.20s' (expected tape, photo or import)", s);
	return LV_OK;
}

static int check_measurement(const lv_measurement *m)
{
	size_t i;
	if ((unsigned)m->limb > LV_LIMB_RIGHT_LEG || (unsigned)m->phase > LV_PHASE_OTHER ||
	    (unsigned)m->method > LV_METHOD_IMPORT || (unsigned)m->model > LV_MODEL_ELLIPSE)
		return lv_error_set(LV_EINVAL,
				    "measurement: limb, phase, method or model out of range");
	if (!m->date || lv_date_check(m->date, strlen(m->date)) < 0)
		return m->date ? LV_EDATA : lv_error_set(LV_EDATA, "the measurement has no date");
	if (m->n < 2 || m->n > LV_MAX_SITES)
		return lv_error_set(LV_EDATA, "a measurement needs 2 to %d sites, not %zu",
				    LV_MAX_SITES, m->n);
	for (i = 0; i < m->n; i++) {
		if (lv_check_site_cm(m->site_cm[i]) < 0 ||
		    (i && lv_check_spacing_cm(m->site_cm[i - 1], m->site_cm[i]) < 0) ||
		    (m->width_side_cm ? lv_check_width_cm(m->circumference_cm[i]) < 0 ||
				     lv_check_width_cm(m->width_side_cm[i]) < 0
				      : lv_check_circumference_cm(m->circumference_cm[i]) < 0))
			return LV_EDATA;
	}
	if (!(m->volume_ml > 0) || !isfinite(m->volume_ml) || !(m->sd_ml >= 0) ||
	    !isfinite(m->sd_ml))
		return lv_error_set(LV_EDATA,
				    "the volume must be positive and its sd not negative");
	if (!(m->repeat_sd_ml >= 0 && m->repeat_sd_ml <= m->sd_ml))
		return lv_error_set(LV_EDATA, "the repeat sd must be 0 (none) to the volume's sd");
	if (m->repeat_sd_ml > 0 && m->method != LV_METHOD_PHOTO)
		return lv_error_set(LV_EDATA, "only a photo measurement has a repeat sd");
	if (!(m->camera_distance_cm >= 0 && m->camera_distance_cm <= LV_STORE_MAX_DISTANCE_CM))
		return lv_error_set(LV_EDATA, "the camera distance must be 0 (not known) to %g cm",
				    LV_STORE_MAX_DISTANCE_CM);
	if (m->views < 0 || m->views > 2)
		return lv_error_set(LV_EDATA, "the number of views must be 0 (not known), 1 or 2");
	if ((m->camera_distance_cm > 0 || m->views > 0) && m->method != LV_METHOD_PHOTO)
		return lv_error_set(LV_EDATA,
				    "only a photo measurement has a camera distance and views");
	if (!(m->reading_sd_cm >= 0) || m->reading_sd_cm > 10)
		return lv_error_set(LV_EDATA, "the reading uncertainty must be 0 to 10 cm");
	if (m->deleted && lv_date_check(m->deleted, strlen(m->deleted)) < 0)
		return LV_EDATA;
	if (m->source && strlen(m->source) > LV_STORE_MAX_TEXT)
		return lv_error_set(LV_EDATA, "the source text is longer than %d bytes",
				    LV_STORE_MAX_TEXT);
	return LV_OK;
}

/* Bind site i of m as the k-th row (from 0) of a site insert. */
static int bind_site(db_stmt *st, int k, int64_t id, const lv_measurement *m, size_t i)
{
	int p = 5 * k + 1, rc = db_bind_int64(st, p, id);
	if (rc == 0)
		rc = db_bind_int64(st, p + 1, (int64_t)i);
	if (rc == 0)
		rc = db_bind_double(st, p + 2, m->site_cm[i]);
	if (rc == 0)
		rc = db_bind_double(st, p + 3, m->circumference_cm[i]);
	if (rc == 0)
		rc = m->width_side_cm ? db_bind_double(st, p + 4, m->width_side_cm[i])
				      : db_bind_null(st, p + 4);
	return rc;
}

/* The sites of measurement id: eight rows a statement while there are. */
static int add_sites(lv_store *s, int64_t id, const lv_measurement *m)
{
	db_stmt *st = NULL;
	int rc, ret;
	for (size_t i = 0; i < m->n;) {
		int rows = m->n - i >= 8 ? 8 : 1;
		if ((ret = store_stmt(s, rows == 8 ? ST_SITE_ADD8 : ST_SITE_ADD, &st)) < 0)
			return ret;
		rc = 0;
		for (int k = 0; k < rows && rc == 0; k++)
			rc = bind_site(st, k, id, m, i + (size_t)k);
		if (rc == 0)
			rc = db_step(st);
		db_reset(st);
		if (rc != DB_DONE)
			return store_db_error(s, "saving the measurement's sites");
		i += (size_t)rows;
	}
	return LV_OK;
}

int lv_store_add_measurement(lv_store *s, const lv_measurement *m, int64_t *id_out)
{
	db_stmt *st = NULL;
	int64_t limb_id, id = 0;
	int rc, ret;

	if ((ret = check_measurement(m)) < 0)
		return ret;
	if ((ret = store_limb_id(s, m->patient, m->limb, 1, &limb_id)) < 0)
		return ret;
	if ((ret = store_stmt(s, ST_MEAS_ADD, &st)) < 0)
		return ret;
	rc = m->session > 0 ? db_bind_int64(st, 2, m->session) : db_bind_null(st, 2);
	if (rc == 0)
		rc = db_bind_fmt(st, m->deleted ? "i-ttttdddtt" : "i-ttttdddtn", limb_id, m->date,
				 lv_phase_name(m->phase), lv_method_name(m->method),
				 lv_model_name(m->model), m->reading_sd_cm, m->volume_ml, m->sd_ml,
				 m->source ? m->source : "", m->deleted);
	if (rc == 0)
		rc = m->repeat_sd_ml > 0 ? db_bind_double(st, 12, m->repeat_sd_ml)
					 : db_bind_null(st, 12);
	if (rc == 0)
		rc = m->camera_distance_cm > 0 ? db_bind_double(st, 13, m->camera_distance_cm)
					       : db_bind_null(st, 13);
	if (rc == 0)
		rc = m->views > 0 ? db_bind_int64(st, 14, m->views) : db_bind_null(st, 14);
	if (rc == 0 && (rc = db_step(st)) == DB_ROW)
		id = db_col_int64(st, 0);
	db_reset(st);
	if (rc != DB_ROW)
		return store_db_error(s, "saving the measurement");
	if ((ret = add_sites(s, id, m)) < 0)
		return ret;
	if (id_out)
		*id_out = id;
	return LV_OK;
}

/* "closest ids: 3, 5" for a measurement id that is not there. */
int store_measurement_not_found(lv_store *s, int64_t id)
{
	char list[160] = "";
	size_t used = 0;
	db_stmt *st = NULL;
	int rc, ret;
	if ((ret = store_prepare(s, "SELECT id FROM measurement ORDER BY abs(id - ?1), id LIMIT 3",
				 &st)) < 0)
		return ret;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW && used < sizeof list) {
		int n = snprintf(list + used, sizeof list - used, "%s%lld", used ? ", " : "",
				 (long long)db_col_int64(st, 0));
		if (n > 0)
			used += (size_t)n;
	}
	db_finalize(st);
	if (rc == DB_ERROR)
		return store_db_error(s, "finding the measurement");
	if (!used)
		return lv_error_set(LV_ENOTFOUND, "no measurement %lld (the store holds none)",
				    (long long)id);
	return lv_error_set(LV_ENOTFOUND,
			    "no measurement %lld; closest ids: %s"
			    " (see 'limbvol history PATIENT')",
			    (long long)id, list);
}

/* ---- reading back ------------------------------------------------------ */

struct reader {
	lv_store *s;
	db_stmt *sites;
	double *buf; /* 3 x cap: site, circumference, side width */
	size_t cap;
};

static int read_sites(struct reader *r, lv_record *rec)
{
	db_stmt *st = r->sites;
	size_t n = 0;
	int rc, any_side = 0;

	db_reset(st);
	db_bind_int64(st, 1, rec->id);
	while ((rc = db_step(st)) == DB_ROW) {
		if (n == r->cap) {
			size_t cap = r->cap ? 2 * r->cap : 32;
			double *b;
			if (cap > LV_MAX_SITES) /* doubling must not stop short of the limit */
				cap = LV_MAX_SITES;
			if (n >= LV_MAX_SITES)
				return lv_error_set(LV_EDB,
						    "measurement %lld has more than %d sites",
						    (long long)rec->id, LV_MAX_SITES);
			b = mem_realloc(r->buf, 3 * cap * sizeof *b);
			if (!b)
				return lv_error_set(LV_ENOMEM, "out of memory");
			/* move the three blocks apart to their new offsets */
			memmove(b + 2 * cap, b + 2 * r->cap, n * sizeof *b);
			memmove(b + cap, b + r->cap, n * sizeof *b);
			r->buf = b;
			r->cap = cap;
		}
		r->buf[n] = db_col_double(st, 0);
		r->buf[r->cap + n] = db_col_double(st, 1);
		if (!db_col_null(st, 2)) {
			r->buf[2 * r->cap + n] = db_col_double(st, 2);
			any_side = 1;
		} else {
			r->buf[2 * r->cap + n] = NAN;
		}
		n++;
	}
	db_reset(st);
	if (rc != DB_DONE)
		return store_db_error(r->s, "reading the sites");
	rec->n = n;
	rec->site_cm = r->buf;
	rec->circumference_cm = r->buf ? r->buf + r->cap : NULL;
	rec->width_side_cm = any_side ? r->buf + 2 * r->cap : NULL;
	return LV_OK;
}

static const char record_sql[] =
	"SELECT m.id, p.code, l.name, coalesce(m.session_id, 0), coalesce(s.kind, ''),"
	" coalesce(s.date, ''), coalesce(s.notes, ''), m.date, m.phase, m.method, m.model,"
	" m.reading_sd_cm, m.volume_ml, m.sd_ml, m.source, coalesce(m.deleted, ''),"
	" coalesce(m.repeat_sd_ml, 0), coalesce(m.camera_distance_cm, 0), coalesce(m.views, 0)"
	" FROM measurement m JOIN limb l ON l.id = m.limb_id JOIN patient p ON p.id = l.patient_id"
	" LEFT JOIN session s ON s.id = m.session_id";

static void fill_record(db_stmt *st, lv_record *r)
{
	const char *t;
	memset(r, 0, sizeof *r);
	r->id = db_col_int64(st, 0);
	r->patient = db_col_text(st, 1);
	t = db_col_text(st, 2);
	lv_limb_parse(t, strlen(t), &r->limb);
	r->session = db_col_int64(st, 3);
	t = db_col_text(st, 4);
	r->session_kind = LV_SESSION_OTHER;
	if (t[0])
		lv_session_kind_parse(t, &r->session_kind);
	r->session_date = db_col_text(st, 5);
	r->session_notes = db_col_text(st, 6);
	r->date = db_col_text(st, 7);
	t = db_col_text(st, 8);
	lv_phase_parse(t, strlen(t), &r->phase);
	lv_method_parse(db_col_text(st, 9), &r->method);
	lv_model_parse(db_col_text(st, 10), &r->model);
	r->reading_sd_cm = db_col_double(st, 11);
	r->volume_ml = db_col_double(st, 12);
	r->sd_ml = db_col_double(st, 13);
	r->source = db_col_text(st, 14);
	r->deleted = db_col_text(st, 15);
	r->repeat_sd_ml = db_col_double(st, 16);
	r->camera_distance_cm = db_col_double(st, 17);
	r->views = (int)db_col_int64(st, 18);
}

static int each(lv_store *s, const char *where, int64_t key, int with_sites,
		int (*fn)(const lv_record *r, void *ctx), void *ctx, int *count)
{
	struct reader rd = { s, NULL, NULL, 0 };
	db_stmt *st = NULL;
	char sql[sizeof record_sql + 128];
	int rc, ret;

	*count = 0;
	snprintf(sql, sizeof sql, "%s %s", record_sql, where);
	if ((ret = store_prepare(s, sql, &st)) < 0)
		return ret;
	if (with_sites &&
	    (ret = store_prepare(s,
				 "SELECT site_cm, circumference_cm,"
				 " width_side_cm FROM site WHERE"
				 " measurement_id = ?1 ORDER BY idx",
				 &rd.sites)) < 0)
		goto done;
	db_bind_int64(st, 1, key);
	while ((rc = db_step(st)) == DB_ROW) {
		lv_record r;
		fill_record(st, &r);
		if (with_sites && (ret = read_sites(&rd, &r)) < 0)
			goto done;
		(*count)++;
		if ((ret = fn(&r, ctx)) != 0)
			goto done;
	}
	if (rc != DB_DONE)
		ret = store_db_error(s, "reading the measurements");
done:
	db_finalize(st);
	db_finalize(rd.sites);
	mem_free(rd.buf);
	return ret;
}

int lv_store_each_ex(lv_store *s, int64_t patient, unsigned flags,
		     int (*fn)(const lv_record *r, void *ctx), void *ctx)
{
	int count;
	return each(s,
		    flags & LV_STORE_WITH_DELETED
			    ? "WHERE l.patient_id = ?1 ORDER BY m.date, m.id"
			    : "WHERE l.patient_id = ?1 AND m.deleted IS NULL ORDER BY m.date, m.id",
		    patient, (flags & LV_STORE_SITES) != 0, fn, ctx, &count);
}

int lv_store_each(lv_store *s, int64_t patient, int with_sites,
		  int (*fn)(const lv_record *r, void *ctx), void *ctx)
{
	return lv_store_each_ex(s, patient, with_sites ? LV_STORE_SITES : 0, fn, ctx);
}

/* A deleted measurement where a live one is wanted: say so, and how back. */
static int is_deleted(const lv_record *r, void *ctx)
{
	(void)ctx;
	return lv_error_set(LV_ENOTFOUND,
			    "measurement %lld was deleted (%s UTC); 'limbvol undelete %lld'"
			    " brings it back",
			    (long long)r->id, r->deleted, (long long)r->id);
}

int lv_store_get_ex(lv_store *s, int64_t id, unsigned flags,
		    int (*fn)(const lv_record *r, void *ctx), void *ctx)
{
	int count, ret;
	ret = each(s,
		   flags & LV_STORE_WITH_DELETED ? "WHERE m.id = ?1"
						 : "WHERE m.id = ?1 AND m.deleted IS NULL",
		   id, 1, fn, ctx, &count);
	if (ret == 0 && count == 0) {
		if (!(flags & LV_STORE_WITH_DELETED) &&
		    (ret = each(s, "WHERE m.id = ?1", id, 0, is_deleted, NULL, &count)) != 0)
			return ret;
		return store_measurement_not_found(s, id);
	}
	return ret;
}

int lv_store_get(lv_store *s, int64_t id, int (*fn)(const lv_record *r, void *ctx), void *ctx)
{
	return lv_store_get_ex(s, id, LV_STORE_SITES, fn, ctx);
}
