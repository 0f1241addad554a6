/*
 * The JSON export read back as a stream (limbvol/exchange.h): a pull parser
 * over json_lex tokens that follows the export's fixed shape (top object,
 * patients, a patient's lists, their elements) and hands out each element
 * when its closing brace is read.  Memory is the read buffer, one string
 * token and one measurement; unknown keys are skipped without building
 * anything, nesting capped at LV_EXCHANGE_MAX_DEPTH.  The elements of the
 * lists are read by exchange_json_items.c.
 */
#include <stdlib.h>
#include <string.h>

#include "exchange_json_impl.h"
#include "mem.h"

int xj_fail_at(const xjson *x, long line, long col, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(x->in.name, line, col);
}

int xj_next(xjson *x)
{
	return jlex_next(&x->lex, &x->tok);
}

int xj_member(xjson *x, int *first, enum jtok close, int *more)
{
	int st;
	if ((st = xj_next(x)) < 0)
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
		if ((st = xj_next(x)) < 0)
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
		if ((st = xj_next(x)) < 0)
			return st;
		if (x->tok != JT_COLON)
			return jlex_fail(&x->lex, "expected ':' after a key");
		if ((st = xj_next(x)) < 0)
			return st;
	}
	if (x->tok == JT_END)
		return jlex_fail(&x->lex, "unexpected end of the file");
	return 0;
}

int xj_skip(xjson *x, int depth)
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
		if ((st = xj_member(x, &first, close, &more)) < 0 || !more)
			return st;
		if ((st = xj_skip(x, depth + 1)) < 0)
			return st;
	}
}

int xj_want(xjson *x, enum jtok t, const char *what)
{
	return x->tok == t ? 0 : jlex_fail(&x->lex, what);
}

int xj_str(xjson *x, char *dst, size_t size, int nullable, const char *what)
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

int xj_number(xjson *x, double *out, const char *what)
{
	if (x->tok != JT_NUMBER)
		return jlex_fail(&x->lex, what);
	*out = x->lex.num;
	return 0;
}

int xj_date(xjson *x, char *dst)
{
	int st;
	if ((st = xj_str(x, dst, LV_STORE_DATE_MAX, 0, "date: expected YYYY-MM-DD[THH:MM]")) < 0)
		return st;
	if (lv_date_check(dst, strlen(dst)) < 0)
		return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
	return 0;
}

int xj_deleted_at(xjson *x, const char **out)
{
	int st;
	*out = NULL;
	if (x->tok == JT_NULL)
		return 0;
	if ((st = xj_str(x, x->deleted, sizeof x->deleted, 0,
			 "deleted: expected null or YYYY-MM-DDTHH:MM:SS")) < 0)
		return st;
	if (lv_date_check(x->deleted, strlen(x->deleted)) < 0)
		return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
	*out = x->deleted;
	return 0;
}

int xj_name(xjson *x, const char *what, int (*fn)(const char *, size_t, void *), void *out)
{
	char buf[32];
	int st;
	if ((st = xj_str(x, buf, sizeof buf, 0, what)) < 0)
		return st;
	if (fn(buf, strlen(buf), out) < 0)
		return jlex_fail(&x->lex, what);
	return 0;
}

static int p_sex(const char *s, size_t n, void *o)
{
	(void)n;
	return lv_sex_parse(s, o);
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
		if ((st = xj_str(x, x->code, sizeof x->code, 0, "patient: expected its code")) < 0)
			return st;
		if (lv_store_check_code(x->code) < 0)
			return lv_error_locate(x->in.name, x->lex.tline, x->lex.tcol);
		x->have_code = 1;
	} else if (!strcmp(x->key, "birth_year")) {
		if (x->tok == JT_NULL)
			return 0;
		if ((st = xj_number(x, &y, "birth_year: expected a year or null")) < 0)
			return st;
		if (!(y >= 1 && y <= 9999 && y == (double)(int)y))
			return jlex_fail(&x->lex, "birth_year: expected a year");
		x->birth_year = (int)y;
	} else if (!strcmp(x->key, "sex")) {
		x->sex = LV_SEX_UNKNOWN;
		if (x->tok != JT_NULL)
			st = xj_name(x, "sex: expected female, male, other or empty", p_sex,
				     &x->sex);
	} else {
		st = xj_skip(x, 3);
	}
	return st;
}

/* In a patient's object: 1 and a record, or 0 when the object ended. */
static int in_patient(xjson *x, lv_xitem *it)
{
	int more, st;
	for (;;) {
		if ((st = xj_member(x, &x->p_first, JT_RBRACE, &more)) < 0)
			return st;
		if (!more) {
			x->state = ST_PATIENTS;
			if (x->emitted)
				return 0;
			if (!x->have_code)
				return xj_fail_at(x, x->pline, x->pcol,
						  "a patient needs its code (\"patient\")");
			emit_patient(x, it);
			return 1;
		}
		if (list_of(x->key, &x->list)) {
			if (x->tok == JT_NULL)
				continue;
			if ((st = xj_want(x, JT_LBRACK, "expected an array")) < 0)
				return st;
			x->state = ST_LIST;
			x->l_first = 1;
			if (x->emitted)
				return 0;
			if (!x->have_code)
				return xj_fail_at(
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
	if ((st = xj_member(x, &x->l_first, JT_RBRACK, &more)) < 0)
		return st;
	if (!more) {
		x->state = ST_PATIENT;
		return 0;
	}
	if ((st = xj_want(x, JT_LBRACE, "expected an object")) < 0)
		return st;
	it->kind = kinds[x->list];
	it->patient = x->code;
	it->line = x->lex.tline;
	it->column = x->lex.tcol;
	switch (x->list) {
	case L_LIMBS:
		st = xj_el_limb(x, it, &first);
		break;
	case L_WEIGHTS:
		st = xj_el_weight(x, it, &first);
		break;
	case L_SESSIONS:
		st = xj_el_session(x, it, &first);
		break;
	case L_REVISIONS:
		st = xj_el_revision(x, it, &first);
		break;
	default:
		st = xj_el_measurement(x, it, &first);
		break;
	}
	return st < 0 ? st : 1;
}

static int not_export(xjson *x, long line, long col)
{
	return xj_fail_at(x, line, col,
			  "not a limbvol JSON export (no \"format\": \"limbvol-export\" with"
			  " \"patients\")");
}

/* In the top object: 0 to go on (state changed), or a status. */
static int in_top(xjson *x)
{
	int more, st;
	if ((st = xj_member(x, &x->top_first, JT_RBRACE, &more)) < 0)
		return st;
	if (!more) {
		if ((st = xj_next(x)) < 0)
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
		if ((st = xj_want(x, JT_LBRACK, "patients: expected an array")) < 0)
			return st;
		x->patients_seen = 1;
		x->pat_first = 1;
		x->state = ST_PATIENTS;
	} else if ((st = xj_skip(x, 1)) < 0) {
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
			if ((st = xj_next(x)) < 0)
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
			if ((st = xj_member(x, &x->pat_first, JT_RBRACK, &more)) < 0)
				return st;
			if (!more) {
				x->state = ST_TOP;
				break;
			}
			if ((st = xj_want(x, JT_LBRACE, "a patient: expected an object")) < 0)
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
