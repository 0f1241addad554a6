/*
 * The JSON export read back as a stream (limbvol/exchange.h): a pull parser
 * over json_lex tokens that follows the export's fixed shape (top object,
 * patients, a patient's lists, their elements) and hands out each element
 * when its closing brace is read.  Memory is the read buffer, one string
 * token and one measurement; unknown keys are skipped without building
 * anything, nesting capped at LV_EXCHANGE_MAX_DEPTH.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "exchange_impl.h"
#include "json_lex.h"

enum state { ST_START, ST_TOP, ST_PATIENTS, ST_PATIENT, ST_LIST, ST_DONE };
enum list { L_LIMBS, L_WEIGHTS, L_SESSIONS, L_MEASUREMENTS, L_REVISIONS, L_OTHER };

struct xjson {
	instream in;
	jlex lex;
	enum jtok tok; /* the first token of the value being read */
	char key[64];
	enum state state;
	enum list list;
	int top_first, pat_first, p_first, l_first;
	int format_ok, patients_seen;
	/* the patient */
	char code[LV_STORE_MAX_CODE + 1];
	int have_code, emitted, birth_year;
	lv_sex sex;
	long pline, pcol;
	long n_sessions;
	/* the element's texts and sites */
	char date[LV_STORE_DATE_MAX], text[LV_STORE_MAX_TEXT + 1];
	char deleted[LV_STORE_DATE_MAX], what[65], old_value[LV_STORE_MAX_TEXT + 1];
	double *site, *circ, *side;
};

static int fail_at(const xjson *x, long line, long col, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(x->in.name, line, col);
}

static int next(xjson *x)
{
	return jlex_next(&x->lex, &x->tok);
}

/*
 * The next member of an object (close JT_RBRACE: its key in x->key) or
 * element of an array: *more 1 and x->tok its value's first token, or
 * *more 0 at the closing token.
 */
static int member(xjson *x, int *first, enum jtok close, int *more)
{
	int st;
	if ((st = next(x)) < 0)
		return st;
	*more = 0;
	if (*first && x->tok == close)
		return 0; /* empty */
	if (!*first) {
		if (x->tok == close)
			return 0;
		if (x->tok != JT_COMMA)
			return jlex_fail(&x->lex,
					 close == JT_RBRACE ? "expected ',' or '}'"
							    : "expected ',' or ']'");
		if ((st = next(x)) < 0)
			return st;
	}
	*first = 0;
	*more = 1;
	if (close == JT_RBRACE) {
		if (x->tok != JT_STRING)
			return jlex_fail(&x->lex, "expected a \"key\" in an object");
		if (x->lex.len < sizeof x->key)
			memcpy(x->key, x->lex.str, x->lex.len + 1);
		else
			x->key[0] = '\0'; /* no key of the format is that long */
		if ((st = next(x)) < 0)
			return st;
		if (x->tok != JT_COLON)
			return jlex_fail(&x->lex, "expected ':' after a key");
		if ((st = next(x)) < 0)
			return st;
	}
	if (x->tok == JT_END)
		return jlex_fail(&x->lex, "unexpected end of the file");
	return 0;
}

/* Skip the value starting at x->tok, at nesting depth (of its container). */
static int skip(xjson *x, int depth)
{
	enum jtok close;
	int first = 1, more, st;
	switch (x->tok) {
	case JT_STRING:
	case JT_NUMBER:
	case JT_TRUE:
	case JT_FALSE:
	case JT_NULL:
		return 0;
	case JT_LBRACE:
		close = JT_RBRACE;
		break;
	case JT_LBRACK:
		close = JT_RBRACK;
		break;
	case JT_END:
		return jlex_fail(&x->lex, "unexpected end of the file");
	default:
		return jlex_fail(&x->lex, "expected a value");
	}
	if (depth + 1 > LV_EXCHANGE_MAX_DEPTH)
		return jlex_fail(&x->lex, "nested too deeply");
	for (;;) {
		if ((st = member(x, &first, close, &more)) < 0 || !more)
			return st;
		if ((st = skip(x, depth + 1)) < 0)
			return st;
	}
}

static int want(xjson *x, enum jtok t, const char *what)
{
	return x->tok == t ? 0 : jlex_fail(&x->lex, what);
}

/* A string value into dst[size] (NULL allowed when nullable: ""). */
static int str(xjson *x, char *dst, size_t size, int nullable, const char *what)
{
	if (nullable && x->tok == JT_NULL) {
		dst[0] = '\0';
		return 0;
	}
	if (x->tok != JT_STRING)
		return jlex_fail(&x->lex, what);
	if (x->lex.len >= size) {
		char msg[300];
		snprintf(msg, sizeof msg, "%s (at most %zu bytes)", what, size - 1);
		return jlex_fail(&x->lex, msg);
	}
	memcpy(dst, x->lex.str, x->lex.len + 1);
	return 0;
}

static int number(xjson *x, double *out, const char *what)
{
	if (x->tok != JT_NUMBER)
		return jlex_fail(&x->lex, what);
	*out = x->lex.num;
	return 0;
}

static int date(xjson *x, char *dst)
{
	int st;
	if ((st = str(x, dst, LV_STORE_DATE_MAX, 0, "date: expected YYYY-MM-DD[THH:MM]")) < 0)
		return st;
	if (lv_date_check(dst, strlen(dst)) < 0)
		return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
	return 0;
}

/* "deleted": null (live) or when (version 2). */
static int deleted_at(xjson *x, const char **out)
{
	int st;
	*out = NULL;
	if (x->tok == JT_NULL)
		return 0;
	if ((st = str(x, x->deleted, sizeof x->deleted, 0,
		      "deleted: expected null or YYYY-MM-DDTHH:MM:SS")) < 0)
		return st;
	if (lv_date_check(x->deleted, strlen(x->deleted)) < 0)
		return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
	*out = x->deleted;
	return 0;
}

/* A name parsed by fn from a string value. */
static int name(xjson *x, const char *what, int (*fn)(const char *, size_t, void *), void *out)
{
	char buf[32];
	int st;
	if ((st = str(x, buf, sizeof buf, 0, what)) < 0)
		return st;
	if (fn(buf, strlen(buf), out) < 0)
		return jlex_fail(&x->lex, what);
	return 0;
}

static int p_limb(const char *s, size_t n, void *o)
{
	return lv_limb_parse(s, n, o);
}
static int p_phase(const char *s, size_t n, void *o)
{
	return lv_phase_parse(s, n, o);
}
static int p_method(const char *s, size_t n, void *o)
{
	(void)n;
	return lv_method_parse(s, o);
}
static int p_model(const char *s, size_t n, void *o)
{
	(void)n;
	return lv_model_parse(s, o);
}
static int p_kind(const char *s, size_t n, void *o)
{
	(void)n;
	return lv_session_kind_parse(s, o);
}
static int p_sex(const char *s, size_t n, void *o)
{
	(void)n;
	return lv_sex_parse(s, o);
}

/* ---- the elements of a patient's lists ---- */

static int el_limb(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	it->affected = -1;
	while ((st = member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "limb")) {
			st = name(x, "limb: expected left-arm, right-arm, left-leg or right-leg",
				  p_limb, &it->limb);
			have = 1;
		} else if (!strcmp(x->key, "affected")) {
			st = x->tok == JT_TRUE || x->tok == JT_FALSE || x->tok == JT_NULL
				? 0
				: jlex_fail(&x->lex, "affected: expected true, false or null");
			it->affected = x->tok == JT_TRUE ? 1 : x->tok == JT_FALSE ? 0 : -1;
		} else if (!strcmp(x->key, "landmark")) {
			st = str(x, x->text, sizeof x->text, 1, "landmark: expected a text");
			it->landmark = x->text;
		} else {
			st = skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && !have)
		return fail_at(x, it->line, it->column, "a limb needs its name");
	return st;
}

static int el_weight(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	while ((st = member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "date")) {
			st = date(x, x->date);
			have |= 1;
		} else if (!strcmp(x->key, "weight_kg")) {
			st = number(x, &it->weight_kg, "weight_kg: expected a number");
			have |= 2;
		} else if (!strcmp(x->key, "deleted")) {
			st = deleted_at(x, &it->deleted);
		} else {
			st = skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	it->date = x->date;
	if (st == 0 && have != 3)
		return fail_at(x, it->line, it->column, "a weight needs date and weight_kg");
	return st;
}

static int el_session(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	double num = 0;
	it->notes = "";
	while ((st = member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "date")) {
			st = date(x, x->date);
			have |= 1;
		} else if (!strcmp(x->key, "kind")) {
			st = name(x, "kind: expected baseline, drainage, follow-up or other",
				  p_kind, &it->session_kind);
			have |= 2;
		} else if (!strcmp(x->key, "session")) {
			st = number(x, &num, "session: expected its number");
			have |= 4;
		} else if (!strcmp(x->key, "notes")) {
			st = str(x, x->text, sizeof x->text, 1, "notes: expected a text");
			it->notes = x->text;
		} else {
			st = skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && (have != 7 || num != (double)(x->n_sessions + 1)))
		return fail_at(x, it->line, it->column,
			       "a session needs date, kind and its number in order");
	it->date = x->date;
	it->session = ++x->n_sessions;
	return st;
}

/* The sites array of a measurement (x->tok is its '['). */
static int sites(xjson *x, lv_measurement *m)
{
	long aline = x->lex.tline, acol = x->lex.tcol;
	int afirst = 1, more, st;
	size_t n = 0, sides = 0;

	if ((st = want(x, JT_LBRACK, "sites: expected an array")) < 0)
		return st;
	while ((st = member(x, &afirst, JT_RBRACK, &more)) == 0 && more) {
		long line = x->lex.tline, col = x->lex.tcol;
		int first = 1, have = 0;
		if ((st = want(x, JT_LBRACE, "a site: expected an object")) < 0)
			return st;
		if (n == LV_MAX_SITES)
			return fail_at(x, line, col, "a measurement has more than 10000 sites");
		while ((st = member(x, &first, JT_RBRACE, &more)) == 0 && more) {
			if (!strcmp(x->key, "site_cm")) {
				st = number(x, &x->site[n], "site_cm: expected a number");
				have |= 1;
			} else if (!strcmp(x->key, "circumference_cm")) {
				st = number(x, &x->circ[n], "circumference_cm: expected a number");
				have |= 2;
			} else if (!strcmp(x->key, "width_side_cm")) {
				st = number(x, &x->side[n], "width_side_cm: expected a number");
				have |= 4;
			} else {
				st = skip(x, 7);
			}
			if (st < 0)
				return st;
		}
		if (st < 0)
			return st;
		if ((have & 3) != 3)
			return fail_at(x, line, col, "a site needs site_cm and circumference_cm");
		sides += (have & 4) != 0;
		n++;
	}
	if (st < 0)
		return st;
	if (sides && sides != n)
		return fail_at(x, aline, acol, "width_side_cm must be given at every site or none");
	m->n = n;
	m->site_cm = x->site;
	m->circumference_cm = x->circ;
	m->width_side_cm = sides ? x->side : NULL;
	return 0;
}

static int el_measurement(xjson *x, lv_xitem *it, int *first)
{
	lv_measurement *m = &it->measurement;
	int more, st, have = 0;
	enum {
		LIMB = 1,
		PHASE = 2,
		METHOD = 4,
		MODEL = 8,
		DATE = 16,
		SD = 32,
		VOL = 64,
		VSD = 128,
		SITES = 256
	};

	m->source = "";
	while ((st = member(x, first, JT_RBRACE, &more)) == 0 && more) {
		const char *k = x->key;
		if (!strcmp(k, "limb")) {
			st = name(x, "limb: expected left-arm, right-arm, left-leg or right-leg",
				  p_limb, &m->limb);
			have |= LIMB;
		} else if (!strcmp(k, "phase")) {
			st = name(x, "phase: expected baseline, pre, post or other", p_phase,
				  &m->phase);
			have |= PHASE;
		} else if (!strcmp(k, "method")) {
			st = name(x, "method: expected tape, photo or import", p_method,
				  &m->method);
			have |= METHOD;
		} else if (!strcmp(k, "model")) {
			st = name(x, "model: expected frustum or disc", p_model, &m->model);
			have |= MODEL;
		} else if (!strcmp(k, "date")) {
			st = date(x, x->date);
			m->date = x->date;
			have |= DATE;
		} else if (!strcmp(k, "tape_sd_cm")) {
			st = number(x, &m->reading_sd_cm, "tape_sd_cm: expected a number");
			have |= SD;
		} else if (!strcmp(k, "volume_ml")) {
			st = number(x, &m->volume_ml, "volume_ml: expected a number");
			have |= VOL;
		} else if (!strcmp(k, "sd_ml")) {
			st = number(x, &m->sd_ml, "sd_ml: expected a number");
			have |= VSD;
		} else if (!strcmp(k, "source")) {
			st = str(x, x->text, sizeof x->text, 1, "source: expected a text");
			m->source = x->text;
		} else if (!strcmp(k, "deleted")) {
			st = deleted_at(x, &m->deleted);
		} else if (!strcmp(k, "session")) {
			double v = 0;
			if (x->tok != JT_NULL &&
			    ((st = number(x, &v, "session: expected a number or null")) < 0 ||
			     !(v >= 1 && v <= (double)x->n_sessions) || v != (double)(long)v))
				return st < 0
					? st
					: jlex_fail(&x->lex,
						    "session: not among the patient's sessions");
			it->session = (long)v;
		} else if (!strcmp(k, "sites")) {
			st = sites(x, m);
			have |= SITES;
		} else {
			st = skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st < 0)
		return st;
	if (!(have & LIMB))
		return fail_at(
			x, it->line, it->column,
			"a measurement needs a limb: left-arm, right-arm, left-leg or right-leg");
	if (!(have & PHASE))
		return fail_at(x, it->line, it->column,
			       "a measurement needs a phase: baseline, pre, post or other");
	if ((have & (METHOD | MODEL)) != (METHOD | MODEL))
		return fail_at(x, it->line, it->column,
			       "a measurement needs a method (tape, photo, import) and a model");
	if ((have & (DATE | SD | VOL | VSD)) != (DATE | SD | VOL | VSD))
		return fail_at(x, it->line, it->column,
			       "a measurement needs date, tape_sd_cm, volume_ml and sd_ml");
	if (!(have & SITES) || m->n < 2)
		return fail_at(x, it->line, it->column, "a measurement needs 2 or more sites");
	return 0;
}

/* A whole number 1 .. max (an item's number, an edit's). */
static int whole(xjson *x, long max, long *out, const char *what)
{
	double v = 0;
	int st = number(x, &v, what);
	if (st < 0)
		return st;
	if (!(v >= 1 && v <= (double)max) || v != (double)(long)v)
		return jlex_fail(&x->lex, what);
	*out = (long)v;
	return 0;
}

/* A revision (version 2): {"measurement" or "weight": N, "edit", "changed_at",
 * "what", "old", "new"}. */
static int el_revision(xjson *x, lv_xitem *it, int *first)
{
	lv_revision *r = &it->revision;
	int more, st, have = 0;
	long num = 0;
	r->old_value = r->new_value = "";
	while ((st = member(x, first, JT_RBRACE, &more)) == 0 && more) {
		const char *k = x->key;
		if (!strcmp(k, "measurement") || !strcmp(k, "weight")) {
			int meas = k[0] == 'm';
			st = whole(x, 100000000, &num, "measurement, weight: expected its number");
			r->measurement = meas ? num : 0;
			r->weight = meas ? 0 : num;
			have |= 1;
		} else if (!strcmp(k, "edit")) {
			st = whole(x, 1000000000, &r->edit, "edit: expected its number");
			have |= 2;
		} else if (!strcmp(k, "changed_at")) {
			st = date(x, x->date);
			r->changed_at = x->date;
			have |= 4;
		} else if (!strcmp(k, "what")) {
			st = str(x, x->what, sizeof x->what, 0, "what: expected a text");
			r->what = x->what;
			have |= 8;
		} else if (!strcmp(k, "old")) {
			st = str(x, x->old_value, sizeof x->old_value, 1, "old: expected a text");
			r->old_value = x->old_value;
		} else if (!strcmp(k, "new")) {
			st = str(x, x->text, sizeof x->text, 1, "new: expected a text");
			r->new_value = x->text;
		} else {
			st = skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && have != 15)
		return fail_at(x, it->line, it->column,
			       "a revision needs its measurement or weight, edit, changed_at and"
			       " what");
	return st;
}

/* ---- the patient and the top ---- */

static void emit_patient(xjson *x, lv_xitem *it)
{
	it->kind = LV_XITEM_PATIENT;
	it->patient = x->code;
	it->line = x->pline;
	it->column = x->pcol;
	it->birth_year = x->birth_year;
	it->sex = x->sex;
	x->emitted = 1;
}

static int list_of(const char *key, enum list *l)
{
	static const char *const names[] = { "limbs", "weights", "sessions", "measurements",
					     "revisions" };
	for (int i = 0; i < 5; i++)
		if (!strcmp(key, names[i])) {
			*l = (enum list)i;
			return 1;
		}
	return 0;
}

static int patient_detail(xjson *x)
{
	int st = 0;
	double y = 0;
	if (x->emitted &&
	    (!strcmp(x->key, "patient") || !strcmp(x->key, "birth_year") || !strcmp(x->key, "sex")))
		return jlex_fail(&x->lex,
				 "a patient's code and details must come before its lists");
	if (!strcmp(x->key, "patient")) {
		if ((st = str(x, x->code, sizeof x->code, 0, "patient: expected its code")) < 0)
			return st;
		if (lv_store_check_code(x->code) < 0)
			return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
		x->have_code = 1;
	} else if (!strcmp(x->key, "birth_year")) {
		if (x->tok == JT_NULL)
			return 0;
		if ((st = number(x, &y, "birth_year: expected a year or null")) < 0)
			return st;
		if (!(y >= 1 && y <= 9999 && y == (double)(int)y))
			return jlex_fail(&x->lex, "birth_year: expected a year");
		x->birth_year = (int)y;
	} else if (!strcmp(x->key, "sex")) {
		x->sex = LV_SEX_UNKNOWN;
		if (x->tok != JT_NULL)
			st = name(x, "sex: expected female, male, other or empty", p_sex, &x->sex);
	} else {
		st = skip(x, 3);
	}
	return st;
}

/* In a patient's object: 1 and a record, or 0 when the object ended. */
static int in_patient(xjson *x, lv_xitem *it)
{
	int more, st;
	for (;;) {
		if ((st = member(x, &x->p_first, JT_RBRACE, &more)) < 0)
			return st;
		if (!more) {
			x->state = ST_PATIENTS;
			if (x->emitted)
				return 0;
			if (!x->have_code)
				return fail_at(x, x->pline, x->pcol,
					       "a patient needs its code (\"patient\")");
			emit_patient(x, it);
			return 1;
		}
		if (list_of(x->key, &x->list)) {
			if (x->tok == JT_NULL)
				continue;
			if ((st = want(x, JT_LBRACK, "expected an array")) < 0)
				return st;
			x->state = ST_LIST;
			x->l_first = 1;
			if (x->emitted)
				return 0;
			if (!x->have_code)
				return fail_at(
					x, x->pline, x->pcol,
					"a patient needs its code (\"patient\") before its lists");
			emit_patient(x, it);
			return 1;
		}
		if ((st = patient_detail(x)) < 0)
			return st;
	}
}

/* In a list: 1 and its next element, or 0 when the list ended. */
static int in_list(xjson *x, lv_xitem *it)
{
	int more, st, first = 1;
	static const lv_xitem_kind kinds[] = { LV_XITEM_LIMB, LV_XITEM_WEIGHT, LV_XITEM_SESSION,
					       LV_XITEM_MEASUREMENT, LV_XITEM_REVISION };
	if ((st = member(x, &x->l_first, JT_RBRACK, &more)) < 0)
		return st;
	if (!more) {
		x->state = ST_PATIENT;
		return 0;
	}
	if ((st = want(x, JT_LBRACE, "expected an object")) < 0)
		return st;
	it->kind = kinds[x->list];
	it->patient = x->code;
	it->line = x->lex.tline;
	it->column = x->lex.tcol;
	switch (x->list) {
	case L_LIMBS:
		st = el_limb(x, it, &first);
		break;
	case L_WEIGHTS:
		st = el_weight(x, it, &first);
		break;
	case L_SESSIONS:
		st = el_session(x, it, &first);
		break;
	case L_REVISIONS:
		st = el_revision(x, it, &first);
		break;
	default:
		st = el_measurement(x, it, &first);
		break;
	}
	return st < 0 ? st : 1;
}

static int not_export(xjson *x, long line, long col)
{
	return fail_at(x, line, col,
		       "not a limbvol JSON export (no \"format\": \"limbvol-export\" with"
		       " \"patients\")");
}

/* In the top object: 0 to go on (state changed), or a status. */
static int in_top(xjson *x)
{
	int more, st;
	if ((st = member(x, &x->top_first, JT_RBRACE, &more)) < 0)
		return st;
	if (!more) {
		if ((st = next(x)) < 0)
			return st;
		if (x->tok != JT_END)
			return jlex_fail(&x->lex, "text after the end of the JSON value");
		if (!x->patients_seen)
			return not_export(x, 1, 1);
		x->state = ST_DONE;
		return 0;
	}
	if (!strcmp(x->key, "format")) {
		if (x->tok != JT_STRING || strcmp(x->lex.str, "limbvol-export"))
			return not_export(x, x->lex.tline, x->lex.tcol);
		x->format_ok = 1;
	} else if (!strcmp(x->key, "version")) {
		if (x->tok != JT_NUMBER)
			return jlex_fail(&x->lex, "version: expected a number");
		if (x->lex.num > LV_EXCHANGE_VERSION) {
			char msg[160];
			snprintf(msg, sizeof msg,
				 "written by a newer limbvol (an export format version above %d,"
				 " the newest this one reads): upgrade limbvol",
				 LV_EXCHANGE_VERSION);
			return jlex_fail(&x->lex, msg);
		}
	} else if (!strcmp(x->key, "patients")) {
		if (!x->format_ok)
			return not_export(x, x->lex.tline, x->lex.tcol);
		if ((st = want(x, JT_LBRACK, "patients: expected an array")) < 0)
			return st;
		x->patients_seen = 1;
		x->pat_first = 1;
		x->state = ST_PATIENTS;
	} else if ((st = skip(x, 1)) < 0) {
		return st;
	}
	return 0;
}

int xjson_next(xjson *x, lv_xitem *it)
{
	int more, st;
	memset(it, 0, sizeof *it);
	for (;;) {
		switch (x->state) {
		case ST_START:
			if ((st = next(x)) < 0)
				return st;
			if (x->tok != JT_LBRACE)
				return not_export(x, x->lex.tline, x->lex.tcol);
			x->state = ST_TOP;
			x->top_first = 1;
			break;
		case ST_TOP:
			if ((st = in_top(x)) < 0)
				return st;
			break;
		case ST_PATIENTS:
			if ((st = member(x, &x->pat_first, JT_RBRACK, &more)) < 0)
				return st;
			if (!more) {
				x->state = ST_TOP;
				break;
			}
			if ((st = want(x, JT_LBRACE, "a patient: expected an object")) < 0)
				return st;
			x->pline = x->lex.tline;
			x->pcol = x->lex.tcol;
			x->have_code = x->emitted = x->birth_year = 0;
			x->sex = LV_SEX_UNKNOWN;
			x->n_sessions = 0;
			x->p_first = 1;
			x->state = ST_PATIENT;
			break;
		case ST_PATIENT:
			if ((st = in_patient(x, it)) != 0)
				return st;
			break;
		case ST_LIST:
			if ((st = in_list(x, it)) != 0)
				return st;
			break;
		case ST_DONE:
			return 0;
		}
	}
}

int xjson_open(xjson **out, instream *in)
{
	xjson *x;
	int st;
	*out = NULL;
	if (!(x = mem_calloc(1, sizeof *x)) ||
	    !(x->site = mem_malloc(3 * (size_t)LV_MAX_SITES * sizeof *x->site))) {
		mem_free(x);
		instream_close(in);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	x->circ = x->site + LV_MAX_SITES;
	x->side = x->site + 2 * LV_MAX_SITES;
	x->in = *in;
	if ((st = jlex_init(&x->lex, &x->in, LV_STORE_MAX_TEXT)) < 0) {
		xjson_free(x);
		return st;
	}
	*out = x;
	return 0;
}

void xjson_free(xjson *x)
{
	if (!x)
		return;
	jlex_free(&x->lex);
	instream_close(&x->in);
	mem_free(x->site);
	mem_free(x);
}
