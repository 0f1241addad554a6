/*
 * The elements of a patient's lists in the JSON export (limbvol/exchange.h,
 * exchange_json.c): limbs, weights, sessions, measurements with their sites,
 * revisions; each checked for what it needs.
 */
#include <string.h>

#include "exchange_json_impl.h"

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

int xj_el_limb(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	it->affected = -1;
	while ((st = xj_member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "limb")) {
			st = xj_name(x, "limb: expected left-arm, right-arm, left-leg or right-leg",
				     p_limb, &it->limb);
			have = 1;
		} else if (!strcmp(x->key, "affected")) {
			st = x->tok == JT_TRUE || x->tok == JT_FALSE || x->tok == JT_NULL
				? 0
				: jlex_fail(&x->lex, "affected: expected true, false or null");
			it->affected = x->tok == JT_TRUE ? 1 : x->tok == JT_FALSE ? 0 : -1;
		} else if (!strcmp(x->key, "landmark")) {
			st = xj_str(x, x->text, sizeof x->text, 1, "landmark: expected a text");
			it->landmark = x->text;
		} else {
			st = xj_skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && !have)
		return xj_fail_at(x, it->line, it->column, "a limb needs its name");
	return st;
}

int xj_el_weight(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	while ((st = xj_member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "date")) {
			st = xj_date(x, x->date);
			have |= 1;
		} else if (!strcmp(x->key, "weight_kg")) {
			st = xj_number(x, &it->weight_kg, "weight_kg: expected a number");
			have |= 2;
		} else if (!strcmp(x->key, "deleted")) {
			st = xj_deleted_at(x, &it->deleted);
		} else {
			st = xj_skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	it->date = x->date;
	if (st == 0 && have != 3)
		return xj_fail_at(x, it->line, it->column, "a weight needs date and weight_kg");
	return st;
}

int xj_el_session(xjson *x, lv_xitem *it, int *first)
{
	int more, st, have = 0;
	double num = 0;
	it->notes = "";
	while ((st = xj_member(x, first, JT_RBRACE, &more)) == 0 && more) {
		if (!strcmp(x->key, "date")) {
			st = xj_date(x, x->date);
			have |= 1;
		} else if (!strcmp(x->key, "kind")) {
			st = xj_name(x, "kind: expected baseline, drainage, follow-up or other",
				     p_kind, &it->session_kind);
			have |= 2;
		} else if (!strcmp(x->key, "session")) {
			st = xj_number(x, &num, "session: expected its number");
			have |= 4;
		} else if (!strcmp(x->key, "notes")) {
			st = xj_str(x, x->text, sizeof x->text, 1, "notes: expected a text");
			it->notes = x->text;
		} else {
			st = xj_skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && (have != 7 || num != (double)(x->n_sessions + 1)))
		return xj_fail_at(x, it->line, it->column,
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

	if ((st = xj_want(x, JT_LBRACK, "sites: expected an array")) < 0)
		return st;
	while ((st = xj_member(x, &afirst, JT_RBRACK, &more)) == 0 && more) {
		long line = x->lex.tline, col = x->lex.tcol;
		int first = 1, have = 0;
		if ((st = xj_want(x, JT_LBRACE, "a site: expected an object")) < 0)
			return st;
		if (n == LV_MAX_SITES)
			return xj_fail_at(x, line, col, "a measurement has more than 10000 sites");
		while ((st = xj_member(x, &first, JT_RBRACE, &more)) == 0 && more) {
			if (!strcmp(x->key, "site_cm")) {
				st = xj_number(x, &x->site[n], "site_cm: expected a number");
				have |= 1;
			} else if (!strcmp(x->key, "circumference_cm")) {
				st = xj_number(x, &x->circ[n],
					       "circumference_cm: expected a number");
				have |= 2;
			} else if (!strcmp(x->key, "width_side_cm")) {
				st = xj_number(x, &x->side[n], "width_side_cm: expected a number");
				have |= 4;
			} else {
				st = xj_skip(x, 7);
			}
			if (st < 0)
				return st;
		}
		if (st < 0)
			return st;
		if ((have & 3) != 3)
			return xj_fail_at(x, line, col,
					  "a site needs site_cm and circumference_cm");
		sides += (have & 4) != 0;
		n++;
	}
	if (st < 0)
		return st;
	if (sides && sides != n)
		return xj_fail_at(x, aline, acol,
				  "width_side_cm must be given at every site or none");
	m->n = n;
	m->site_cm = x->site;
	m->circumference_cm = x->circ;
	m->width_side_cm = sides ? x->side : NULL;
	return 0;
}

/* A photo's member (version 3; null: none): repeat_sd_ml,
 * camera_distance_cm or views (1 or 2) read into m, the status in *st;
 * 0 when k is none of them. */
static int photo_member(xjson *x, const char *k, lv_measurement *m, int *st)
{
	double v = 0;
	if (!strcmp(k, "repeat_sd_ml"))
		*st = x->tok == JT_NULL
			? 0
			: xj_number(x, &m->repeat_sd_ml, "repeat_sd_ml: expected a number or null");
	else if (!strcmp(k, "camera_distance_cm"))
		*st = x->tok == JT_NULL
			? 0
			: xj_number(x, &m->camera_distance_cm,
				    "camera_distance_cm: expected a number or null");
	else if (!strcmp(k, "views")) {
		const char *what = "views: expected 1, 2 or null";
		*st = x->tok == JT_NULL ? 0 : xj_number(x, &v, what);
		if (*st == 0 && x->tok != JT_NULL && v != 1 && v != 2)
			*st = jlex_fail(&x->lex, what);
		m->views = (int)v;
	} else
		return 0;
	return 1;
}

int xj_el_measurement(xjson *x, lv_xitem *it, int *first)
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
	while ((st = xj_member(x, first, JT_RBRACE, &more)) == 0 && more) {
		const char *k = x->key;
		if (!strcmp(k, "limb")) {
			st = xj_name(x, "limb: expected left-arm, right-arm, left-leg or right-leg",
				     p_limb, &m->limb);
			have |= LIMB;
		} else if (!strcmp(k, "phase")) {
			st = xj_name(x, "phase: expected baseline, pre, post or other", p_phase,
				     &m->phase);
			have |= PHASE;
		} else if (!strcmp(k, "method")) {
			st = xj_name(x, "method: expected tape, photo or import", p_method,
				     &m->method);
			have |= METHOD;
		} else if (!strcmp(k, "model")) {
			st = xj_name(x, "model: expected frustum or disc", p_model, &m->model);
			have |= MODEL;
		} else if (!strcmp(k, "date")) {
			st = xj_date(x, x->date);
			m->date = x->date;
			have |= DATE;
		} else if (!strcmp(k, "tape_sd_cm")) {
			st = xj_number(x, &m->reading_sd_cm, "tape_sd_cm: expected a number");
			have |= SD;
		} else if (!strcmp(k, "volume_ml")) {
			st = xj_number(x, &m->volume_ml, "volume_ml: expected a number");
			have |= VOL;
		} else if (!strcmp(k, "sd_ml")) {
			st = xj_number(x, &m->sd_ml, "sd_ml: expected a number");
			have |= VSD;
		} else if (!strcmp(k, "source")) {
			st = xj_str(x, x->text, sizeof x->text, 1, "source: expected a text");
			m->source = x->text;
		} else if (!strcmp(k, "deleted")) {
			st = xj_deleted_at(x, &m->deleted);
		} else if (photo_member(x, k, m, &st)) {
			/* repeat_sd_ml, camera_distance_cm, views */
		} else if (!strcmp(k, "session")) {
			double v = 0;
			if (x->tok != JT_NULL &&
			    ((st = xj_number(x, &v, "session: expected a number or null")) < 0 ||
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
			st = xj_skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st < 0)
		return st;
	if (!(have & LIMB))
		return xj_fail_at(
			x, it->line, it->column,
			"a measurement needs a limb: left-arm, right-arm, left-leg or right-leg");
	if (!(have & PHASE))
		return xj_fail_at(x, it->line, it->column,
				  "a measurement needs a phase: baseline, pre, post or other");
	if ((have & (METHOD | MODEL)) != (METHOD | MODEL))
		return xj_fail_at(x, it->line, it->column,
				  "a measurement needs a method (tape, photo, import) and a model");
	if ((have & (DATE | SD | VOL | VSD)) != (DATE | SD | VOL | VSD))
		return xj_fail_at(x, it->line, it->column,
				  "a measurement needs date, tape_sd_cm, volume_ml and sd_ml");
	if (!(have & SITES) || m->n < 2)
		return xj_fail_at(x, it->line, it->column, "a measurement needs 2 or more sites");
	return 0;
}

/* A whole number 1 .. max (an item's number, an edit's). */
static int whole(xjson *x, long max, long *out, const char *what)
{
	double v = 0;
	int st = xj_number(x, &v, what);
	if (st < 0)
		return st;
	if (!(v >= 1 && v <= (double)max) || v != (double)(long)v)
		return jlex_fail(&x->lex, what);
	*out = (long)v;
	return 0;
}

/* A revision (version 2): {"measurement" or "weight": N, "edit", "changed_at",
 * "what", "old", "new"}. */
int xj_el_revision(xjson *x, lv_xitem *it, int *first)
{
	lv_revision *r = &it->revision;
	int more, st, have = 0;
	long num = 0;
	r->old_value = r->new_value = "";
	while ((st = xj_member(x, first, JT_RBRACE, &more)) == 0 && more) {
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
			st = xj_date(x, x->date);
			r->changed_at = x->date;
			have |= 4;
		} else if (!strcmp(k, "what")) {
			st = xj_str(x, x->what, sizeof x->what, 0, "what: expected a text");
			r->what = x->what;
			have |= 8;
		} else if (!strcmp(k, "old")) {
			st = xj_str(x, x->old_value, sizeof x->old_value, 1,
				    "old: expected a text");
			r->old_value = x->old_value;
		} else if (!strcmp(k, "new")) {
			st = xj_str(x, x->text, sizeof x->text, 1, "new: expected a text");
			r->new_value = x->text;
		} else {
			st = xj_skip(x, 5);
		}
		if (st < 0)
			return st;
	}
	if (st == 0 && have != 15)
		return xj_fail_at(x, it->line, it->column,
				  "a revision needs its measurement or weight, edit, changed_at and"
				  " what");
	return st;
}
