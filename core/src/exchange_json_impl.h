/*
 * exchange_json_impl.h - the JSON export reader's state and what its two
 * files share: exchange_json.c the values and the stream (top, patients,
 * lists), exchange_json_items.c the elements of a patient's lists.
 */
#ifndef EXCHANGE_JSON_IMPL_H
#define EXCHANGE_JSON_IMPL_H

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

/* LV_EDATA "what" located at line:col of the file. */
int xj_fail_at(const xjson *x, long line, long col, const char *what);
/* The next token into x->tok. */
int xj_next(xjson *x);
/*
 * The next member of an object (close JT_RBRACE: its key in x->key) or
 * element of an array: *more 1 and x->tok its value's first token, or
 * *more 0 at the closing token.
 */
int xj_member(xjson *x, int *first, enum jtok close, int *more);
/* Skip the value starting at x->tok, at nesting depth (of its container). */
int xj_skip(xjson *x, int depth);
/* x->tok is t, else the error "what" at it. */
int xj_want(xjson *x, enum jtok t, const char *what);
/* A string value into dst[size] (NULL allowed when nullable: ""). */
int xj_str(xjson *x, char *dst, size_t size, int nullable, const char *what);
int xj_number(xjson *x, double *out, const char *what);
/* A date (limbvol/vocab.h) into dst[LV_STORE_DATE_MAX]. */
int xj_date(xjson *x, char *dst);
/* "deleted": null (live) or when (version 2). */
int xj_deleted_at(xjson *x, const char **out);
/* A name parsed by fn from a string value. */
int xj_name(xjson *x, const char *what, int (*fn)(const char *, size_t, void *), void *out);

/* The elements of a patient's lists (exchange_json_items.c): the members
 * of the object whose '{' was read into it, *first as xj_member wants. */
int xj_el_limb(xjson *x, lv_xitem *it, int *first);
int xj_el_weight(xjson *x, lv_xitem *it, int *first);
int xj_el_session(xjson *x, lv_xitem *it, int *first);
int xj_el_measurement(xjson *x, lv_xitem *it, int *first);
int xj_el_revision(xjson *x, lv_xitem *it, int *first);

#endif
