/*
 * The CSV export read back (limbvol/exchange.h): rows of the CSV tokenizer
 * into records, the site rows of one measurement gathered into one.  Memory:
 * the tokenizer's buffer and one measurement.
 */
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "exchange_impl.h"
#include "limbvol/number.h"

struct xcsv {
	lv_csv *csv;
	const char *name;
	int col[XC_COUNT]; /* field index of each column, -1 absent */
	lv_csv_record rec;
	int pending; /* rec is read and not handled yet */
	/* the current patient and the session numbers its rows declared */
	char code[LV_STORE_MAX_CODE + 1];
	int have_code;
	unsigned char *sess_seen; /* [number]: 1 when declared */
	size_t n_sess;
	/* the measurement being gathered */
	char mkey[32], mcode[LV_STORE_MAX_CODE + 1];
	char date[LV_STORE_DATE_MAX], source[LV_STORE_MAX_TEXT + 1];
	char deleted[LV_STORE_DATE_MAX], wdeleted[LV_STORE_DATE_MAX];
	lv_measurement m;
	long msession;
	double *site, *circ, *side;
	size_t n;
	int has_side;
	long first_line, first_col;
};

static const char *fld(const xcsv *x, enum xcol k)
{
	int i = x->col[k];
	return i >= 0 && (size_t)i < x->rec.n ? x->rec.field[i].text : "";
}

/* The column (byte) where field k of the current row starts, 0 if none. */
static long colof(const xcsv *x, enum xcol k)
{
	int i = x->col[k];
	return i >= 0 && (size_t)i < x->rec.n ? x->rec.field[i].column : 0;
}

static int locate(const xcsv *x, enum xcol k)
{
	return lv_error_locate(x->name, x->rec.line, colof(x, k));
}

static int bad(const xcsv *x, enum xcol k, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* A data error located at the row and the column of k. */
static int bad(const xcsv *x, enum xcol k, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lv_error_set(LV_EDATA, "%s", msg);
	return locate(x, k);
}

static int num(const xcsv *x, enum xcol k, double *out)
{
	const char *t = fld(x, k);
	if (lv_number_parse(t, strlen(t), lv_csv_number_flags(x->csv), out) < 0) {
		char msg[400];
		snprintf(msg, sizeof msg, "%.380s", lv_error_last()->message);
		return bad(x, k, "%s: %.380s", lv_exchange_columns[k], msg);
	}
	return 0;
}

static int text(const xcsv *x, enum xcol k, const char **out)
{
	const char *t = fld(x, k);
	if (strlen(t) > LV_STORE_MAX_TEXT)
		return bad(x, k, "%s: longer than %d bytes", lv_exchange_columns[k],
			   LV_STORE_MAX_TEXT);
	*out = t;
	return 0;
}

static int date(const xcsv *x, const char **out)
{
	const char *t = fld(x, XC_DATE);
	if (lv_date_check(t, strlen(t)) < 0)
		return locate(x, XC_DATE);
	*out = t;
	return 0;
}

/* The deleted column (version 2): NULL while live, else a checked time. */
static int deleted(const xcsv *x, char buf[LV_STORE_DATE_MAX], const char **out)
{
	const char *t = fld(x, XC_DELETED);
	*out = NULL;
	if (!t[0])
		return 0;
	if (lv_date_check(t, strlen(t)) < 0)
		return locate(x, XC_DELETED);
	snprintf(buf, LV_STORE_DATE_MAX, "%s", t);
	*out = buf;
	return 0;
}

/* A positive whole number of column k, at most max. */
static int count_of(const xcsv *x, enum xcol k, long max, long *out)
{
	const char *t = fld(x, k);
	double v;
	if (lv_number_parse(t, strlen(t), 0, &v) < 0 || !(v >= 1 && v <= (double)max) ||
	    v != (double)(long)v)
		return bad(x, k, "%s: expected a number from 1 to %ld, found '%.20s'",
			   lv_exchange_columns[k], max, t);
	*out = (long)v;
	return 0;
}

/* A session number of a session or site row: 1 .. XC_MAX_SESSION. */
static int session_number(const xcsv *x, long *out)
{
	const char *t = fld(x, XC_SESSION);
	double v;
	if (lv_number_parse(t, strlen(t), 0, &v) < 0 || !(v >= 1 && v <= XC_MAX_SESSION) ||
	    v != (double)(long)v)
		return bad(x, XC_SESSION, "session: expected a number from 1 to %d, found '%.20s'",
			   XC_MAX_SESSION, t);
	*out = (long)v;
	return 0;
}

static int set_patient(xcsv *x)
{
	const char *code = fld(x, XC_PATIENT);
	if (x->have_code && !strcmp(code, x->code))
		return 0;
	if (lv_store_check_code(code) < 0)
		return locate(x, XC_PATIENT);
	snprintf(x->code, sizeof x->code, "%s", code);
	x->have_code = 1;
	if (x->n_sess)
		memset(x->sess_seen, 0, x->n_sess);
	return 0;
}

static int header(xcsv *x)
{
	int st, k;
	if ((st = lv_csv_next(x->csv, &x->rec)) < 0)
		return st;
	for (k = 0; k < XC_COUNT; k++)
		x->col[k] = -1;
	for (size_t i = 0; st > 0 && i < x->rec.n; i++) {
		const lv_csv_field *f = &x->rec.field[i];
		for (k = 0; k < XC_COUNT; k++)
			if (!strcmp(f->text, lv_exchange_columns[k]))
				break;
		if (k == XC_COUNT) {
			lv_error_set(LV_EDATA, "unknown column '%.40s'", f->text);
			return lv_error_locate(x->name, f->line, f->column);
		}
		if (x->col[k] >= 0) {
			/* the last one would win: every row would mean something else */
			lv_error_set(LV_EDATA, "column '%s' appears twice (columns %d and %zu)",
				     lv_exchange_columns[k], x->col[k] + 1, i + 1);
			return lv_error_locate(x->name, f->line, f->column);
		}
		x->col[k] = (int)i;
	}
	if (x->col[XC_RECORD] != 0) {
		lv_error_set(LV_EDATA, "not an export file: the first column is not 'record'");
		return lv_error_locate(x->name, 1, 1);
	}
	return 0;
}

int xcsv_open(xcsv **out, lv_csv *csv)
{
	xcsv *x;
	int st;
	*out = NULL;
	if (!(x = mem_calloc(1, sizeof *x)) ||
	    !(x->site = mem_malloc(3 * (size_t)LV_MAX_SITES * sizeof *x->site))) {
		mem_free(x);
		lv_csv_free(csv);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	x->circ = x->site + LV_MAX_SITES;
	x->side = x->site + 2 * LV_MAX_SITES;
	x->csv = csv;
	x->name = lv_csv_name(csv);
	if ((st = header(x)) < 0) {
		xcsv_free(x);
		return st;
	}
	*out = x;
	return 0;
}

void xcsv_free(xcsv *x)
{
	if (!x)
		return;
	lv_csv_free(x->csv);
	mem_free(x->sess_seen);
	mem_free(x->site);
	mem_free(x);
}

/* Hand the gathered measurement out. */
static int emit(xcsv *x, lv_xitem *it)
{
	x->m.n = x->n;
	x->m.site_cm = x->site;
	x->m.circumference_cm = x->circ;
	x->m.width_side_cm = x->has_side ? x->side : NULL;
	it->kind = LV_XITEM_MEASUREMENT;
	it->patient = x->mcode;
	it->line = x->first_line;
	it->column = x->first_col;
	it->measurement = x->m;
	it->session = x->msession;
	x->n = 0;
	x->mkey[0] = '\0';
	return 1;
}

/* The first row of a measurement: everything but its sites. */
/* A photo's repeat sd, camera distance and views (version 3; each
 * optional: empty or absent is none). */
static int photo_set(const xcsv *x, lv_measurement *m)
{
	double views = 0;
	int st;
	if ((fld(x, XC_REPEAT)[0] && (st = num(x, XC_REPEAT, &m->repeat_sd_ml)) < 0) ||
	    (fld(x, XC_DISTANCE)[0] && (st = num(x, XC_DISTANCE, &m->camera_distance_cm)) < 0) ||
	    (fld(x, XC_VIEWS)[0] && (st = num(x, XC_VIEWS, &views)) < 0))
		return st;
	if (fld(x, XC_VIEWS)[0] && views != 1 && views != 2)
		return bad(x, XC_VIEWS, "views: expected 1 or 2, found '%.20s'", fld(x, XC_VIEWS));
	m->views = (int)views;
	return 0;
}

static int start_measurement(xcsv *x, const char *key)
{
	lv_measurement *m = &x->m;
	const char *t;
	int st;

	memset(m, 0, sizeof *m);
	snprintf(x->mkey, sizeof x->mkey, "%.31s", key);
	snprintf(x->mcode, sizeof x->mcode, "%s", x->code);
	x->first_line = x->rec.line;
	x->first_col = 1;
	t = fld(x, XC_LIMB);
	if (lv_limb_parse(t, strlen(t), &m->limb) < 0)
		return bad(x, XC_LIMB, "unknown limb '%.40s'", t);
	if ((st = date(x, &t)) < 0)
		return st;
	snprintf(x->date, sizeof x->date, "%s", t);
	m->date = x->date;
	t = fld(x, XC_PHASE);
	if (lv_phase_parse(t, strlen(t), &m->phase) < 0)
		return bad(x, XC_PHASE, "unknown phase '%.40s'", t);
	t = fld(x, XC_METHOD);
	if (lv_method_parse(t, &m->method) < 0)
		return bad(x, XC_METHOD, "unknown method '%.40s'", t);
	t = fld(x, XC_MODEL);
	if (lv_model_parse(t, &m->model) < 0)
		return bad(x, XC_MODEL, "unknown model '%.40s'", t);
	if ((st = num(x, XC_TAPESD, &m->reading_sd_cm)) < 0 ||
	    (st = num(x, XC_VOLUME, &m->volume_ml)) < 0 || (st = num(x, XC_SD, &m->sd_ml)) < 0 ||
	    (st = text(x, XC_SOURCE, &t)) < 0)
		return st;
	snprintf(x->source, sizeof x->source, "%s", t);
	m->source = x->source;
	if ((st = deleted(x, x->deleted, &m->deleted)) < 0 || (st = photo_set(x, m)) < 0)
		return st;
	x->msession = 0;
	if (fld(x, XC_SESSION)[0]) {
		long v;
		if (session_number(x, &v) < 0 || (size_t)v >= x->n_sess || !x->sess_seen[v])
			return bad(x, XC_SESSION,
				   "session '%.20s' is not among the patient's session rows above",
				   fld(x, XC_SESSION));
		x->msession = v;
	}
	x->has_side = fld(x, XC_SIDE)[0] != '\0';
	return 0;
}

static int row_site(xcsv *x)
{
	const char *key = fld(x, XC_MEAS);
	double site, circ, side = 0;
	int st;

	if (!key[0])
		return bad(x, XC_MEAS, "%s", "a site row needs its measurement number");
	if (!x->n) {
		if ((st = start_measurement(x, key)) < 0)
			return st;
	} else if (strcmp(fld(x, XC_DATE), x->date) ||
		   strcmp(fld(x, XC_LIMB), lv_limb_name(x->m.limb))) {
		return bad(x, XC_MEAS, "the rows of measurement %s disagree on limb or date", key);
	}
	if ((st = num(x, XC_SITE, &site)) < 0 || (st = num(x, XC_CIRC, &circ)) < 0 ||
	    (x->has_side && (st = num(x, XC_SIDE, &side)) < 0))
		return st;
	if (x->n == LV_MAX_SITES)
		return bad(x, XC_MEAS, "measurement %s has more than %d sites", key, LV_MAX_SITES);
	x->site[x->n] = site;
	x->circ[x->n] = circ;
	x->side[x->n] = side;
	x->n++;
	return 0;
}

static int row_patient(xcsv *x, lv_xitem *it)
{
	const char *by = fld(x, XC_BIRTH), *sx = fld(x, XC_SEX);
	double y = 0;
	int st;
	if (by[0] && (st = num(x, XC_BIRTH, &y)) < 0)
		return st;
	if (by[0] && !(y >= 1 && y <= 9999 && y == (double)(int)y))
		return bad(x, XC_BIRTH, "birth_year: expected a year, found '%.20s'", by);
	if (lv_sex_parse(sx, &it->sex) < 0)
		return locate(x, XC_SEX);
	it->kind = LV_XITEM_PATIENT;
	it->birth_year = (int)y;
	return 0;
}

static int row_limb(xcsv *x, lv_xitem *it)
{
	const char *t = fld(x, XC_LIMB), *a = fld(x, XC_AFFECTED);
	int st;
	if (lv_limb_parse(t, strlen(t), &it->limb) < 0)
		return bad(x, XC_LIMB, "unknown limb '%.40s'", t);
	it->affected = !strcmp(a, "yes") ? 1 : !strcmp(a, "no") ? 0 : -1;
	if (a[0] && it->affected < 0)
		return bad(x, XC_AFFECTED, "affected: expected yes, no or nothing, found '%.20s'",
			   a);
	if ((st = text(x, XC_LANDMARK, &it->landmark)) < 0)
		return st;
	it->kind = LV_XITEM_LIMB;
	return 0;
}

static int row_session(xcsv *x, lv_xitem *it)
{
	int st;
	if ((st = session_number(x, &it->session)) < 0)
		return st;
	if (lv_session_kind_parse(fld(x, XC_KIND), &it->session_kind) < 0)
		return locate(x, XC_KIND);
	if ((st = date(x, &it->date)) < 0 || (st = text(x, XC_NOTES, &it->notes)) < 0)
		return st;
	if ((size_t)it->session >= x->n_sess) {
		size_t n = (size_t)it->session + 1;
		unsigned char *p = mem_realloc(x->sess_seen, n);
		if (!p)
			return lv_error_set(LV_ENOMEM, "out of memory");
		memset(p + x->n_sess, 0, n - x->n_sess);
		x->sess_seen = p;
		x->n_sess = n;
	}
	x->sess_seen[it->session] = 1;
	it->kind = LV_XITEM_SESSION;
	return 0;
}

/* A revision row (version 2): of measurement or weight N of the patient. */
static int row_revision(xcsv *x, lv_xitem *it)
{
	lv_revision *r = &it->revision;
	long num = 0, edit = 0;
	int st, meas = fld(x, XC_MEAS)[0] != '\0';
	if (meas == (fld(x, XC_WEIGHTNO)[0] != '\0'))
		return bad(x, XC_MEAS, "%s",
			   "a revision names its measurement or its weight (one of them)");
	if ((st = count_of(x, meas ? XC_MEAS : XC_WEIGHTNO, 100000000, &num)) < 0 ||
	    (st = count_of(x, XC_EDIT, 1000000000, &edit)) < 0 ||
	    (st = text(x, XC_WHAT, &r->what)) < 0 || (st = text(x, XC_OLD, &r->old_value)) < 0 ||
	    (st = text(x, XC_NEW, &r->new_value)) < 0)
		return st;
	r->changed_at = fld(x, XC_CHANGED);
	if (lv_date_check(r->changed_at, strlen(r->changed_at)) < 0)
		return locate(x, XC_CHANGED);
	if (!r->what[0])
		return bad(x, XC_WHAT, "%s", "what: a revision says what changed");
	r->measurement = meas ? num : 0;
	r->weight = meas ? 0 : num;
	r->edit = edit;
	it->kind = LV_XITEM_REVISION;
	return 0;
}

/* A row that is not a site: one record. */
static int row_other(xcsv *x, lv_xitem *it)
{
	const char *rec = fld(x, XC_RECORD);
	int st;
	if (!strcmp(rec, "patient")) {
		st = row_patient(x, it);
	} else if (!strcmp(rec, "limb")) {
		st = row_limb(x, it);
	} else if (!strcmp(rec, "weight")) {
		st = date(x, &it->date);
		if (st == 0)
			st = num(x, XC_WEIGHT, &it->weight_kg);
		if (st == 0)
			st = deleted(x, x->wdeleted, &it->deleted);
		it->kind = LV_XITEM_WEIGHT;
	} else if (!strcmp(rec, "revision")) {
		st = row_revision(x, it);
	} else if (!strcmp(rec, "session")) {
		st = row_session(x, it);
	} else {
		return bad(x, XC_RECORD,
			   "unknown record '%.20s' (expected patient, limb, weight, session, site or"
			   " revision)",
			   rec);
	}
	it->patient = x->code;
	it->line = x->rec.line;
	it->column = 1;
	return st < 0 ? st : 1;
}

/*
 * A ';'-separated (de-DE) file may hold its dates as a spreadsheet shows
 * them, DD.MM.YYYY[ HH:MM]: rewritten in place as ISO dates, same length (the
 * fields point into the tokenizer's own writable buffer: csv.h splits in
 * place).
 */
static void de_dates(xcsv *x)
{
	int i = x->col[XC_DATE];
	if (lv_csv_separator(x->csv) == ';' && i >= 0 && (size_t)i < x->rec.n)
		lv_csv_date_from_de((char *)x->rec.field[i].text, x->rec.field[i].len);
}

int xcsv_next(xcsv *x, lv_xitem *it)
{
	int st;
	memset(it, 0, sizeof *it);
	for (;;) {
		if (!x->pending) {
			if ((st = lv_csv_next(x->csv, &x->rec)) < 0)
				return st;
			if (st == 0)
				return x->n ? emit(x, it) : 0;
			if (x->rec.n == 1 && !x->rec.field[0].len)
				continue; /* an empty line */
			de_dates(x);
			x->pending = 1;
		}
		if (!strcmp(fld(x, XC_RECORD), "site")) {
			if (x->n &&
			    (strcmp(fld(x, XC_MEAS), x->mkey) ||
			     strcmp(fld(x, XC_PATIENT), x->mcode)))
				return emit(x, it); /* this row starts the next one */
			if ((st = set_patient(x)) < 0 || (st = row_site(x)) < 0)
				return st;
			x->pending = 0;
			continue;
		}
		if (x->n)
			return emit(x, it);
		x->pending = 0;
		if ((st = set_patient(x)) < 0)
			return st;
		return row_other(x, it);
	}
}
