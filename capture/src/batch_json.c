/*
 * batch_json.c - the JSON of limbvol batch's results read back (batch.h):
 * a row of a JSON results file checked to its last byte, every string
 * escape inside it (batch_resume.c reads the file), and the members of a
 * row for the merge of shards.  Bounded: nesting capped, no allocation.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "limbvol/error.h"
#include "limbvol/hex.h"

typedef struct jcur {
	const char *p, *end;
} jcur;

#define JSON_MAX_DEPTH 8 /* a row is an object holding an array of objects */

static void j_ws(jcur *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

/* Append the UTF-8 of code point v; 0 when it does not fit. */
static int put_utf8(char *out, size_t size, size_t *k, unsigned v)
{
	char b[4];
	size_t n;

	if (v < 0x80) {
		b[0] = (char)v;
		n = 1;
	} else if (v < 0x800) {
		b[0] = (char)(0xC0 | v >> 6);
		b[1] = (char)(0x80 | (v & 0x3F));
		n = 2;
	} else if (v < 0x10000) {
		b[0] = (char)(0xE0 | v >> 12);
		b[1] = (char)(0x80 | ((v >> 6) & 0x3F));
		b[2] = (char)(0x80 | (v & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | v >> 18);
		b[1] = (char)(0x80 | ((v >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((v >> 6) & 0x3F));
		b[3] = (char)(0x80 | (v & 0x3F));
		n = 4;
	}
	if (!out)
		return 1;
	if (*k + n >= size)
		return 0;
	memcpy(out + *k, b, n);
	*k += n;
	return 1;
}

/*
 * A JSON string at j->p, decoded into out[size] (NULL: only checked): 0
 * when it is not a whole string or does not fit.  Every read stays inside
 * [p, end): an escape cut by the end of the line is not a string.
 */
static int j_string(jcur *j, char *out, size_t size)
{
	size_t k = 0;

	if (j->p >= j->end || *j->p != '"')
		return 0;
	for (j->p++; j->p < j->end; j->p++) {
		unsigned char c = (unsigned char)*j->p;
		unsigned v;
		if (c == '"') {
			j->p++;
			if (out)
				out[k] = '\0';
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c != '\\') {
			if (out && k + 1 >= size)
				return 0;
			if (out)
				out[k++] = (char)c;
			continue;
		}
		if (++j->p >= j->end)
			return 0;
		switch (*j->p) {
		case '"':
		case '\\':
		case '/':
			v = (unsigned char)*j->p;
			break;
		case 'b':
			v = '\b';
			break;
		case 'f':
			v = '\f';
			break;
		case 'n':
			v = '\n';
			break;
		case 'r':
			v = '\r';
			break;
		case 't':
			v = '\t';
			break;
		case 'u':
			if (j->end - j->p < 5 || !lv_hex_value(j->p + 1, 4, &v))
				return 0;
			j->p += 4;
			if (v >= 0xD800 && v < 0xDC00) { /* a surrogate pair */
				unsigned lo;
				if (j->end - j->p < 7 || j->p[1] != '\\' || j->p[2] != 'u' ||
				    !lv_hex_value(j->p + 3, 4, &lo) || lo < 0xDC00 || lo >= 0xE000)
					return 0;
				j->p += 6;
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			} else if (v >= 0xDC00 && v < 0xE000) {
				return 0;
			}
			if (v == 0) /* a set name holds no NUL */
				return 0;
			break;
		default:
			return 0;
		}
		if (!put_utf8(out, size, &k, v))
			return 0;
	}
	return 0;
}

static int j_literal(jcur *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return 0;
	j->p += n;
	return 1;
}

static int j_number(jcur *j)
{
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end &&
	       ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' || *j->p == 'E' ||
		*j->p == '+' || *j->p == '-'))
		j->p++;
	return j->p > s && (j->p[-1] >= '0' && j->p[-1] <= '9');
}

static int j_value(jcur *j, int depth)
{
	if (j->p >= j->end || depth > JSON_MAX_DEPTH)
		return 0;
	switch (*j->p) {
	case '"':
		return j_string(j, NULL, 0);
	case 'n':
		return j_literal(j, "null");
	case 't':
		return j_literal(j, "true");
	case 'f':
		return j_literal(j, "false");
	case '[':
	case '{': {
		char close = *j->p == '[' ? ']' : '}';
		int first = 1;
		j->p++;
		for (;;) {
			j_ws(j);
			if (j->p < j->end && *j->p == close) {
				j->p++;
				return 1;
			}
			if (!first) {
				if (j->p >= j->end || *j->p != ',')
					return 0;
				j->p++;
				j_ws(j);
			}
			first = 0;
			if (close == '}') {
				if (!j_string(j, NULL, 0))
					return 0;
				j_ws(j);
				if (j->p >= j->end || *j->p != ':')
					return 0;
				j->p++;
				j_ws(j);
			}
			if (!j_value(j, depth + 1))
				return 0;
		}
	}
	default:
		return j_number(j);
	}
}

/* The members of the JSON object or the elements of the array at
 * [text, text + len) (whole, checked by j_value), one call each: key NULL
 * for an element; the value's bytes.  fn returning <0 stops. */
static int j_each(const char *text, size_t len,
		  int (*fn)(void *ctx, const char *key, const char *v, size_t vlen), void *ctx)
{
	jcur j = { text, text + len };
	char key[64];
	int obj, st;

	if (!len || (*text != '{' && *text != '['))
		return LV_EDATA;
	obj = *text == '{';
	j.p++;
	for (;;) {
		const char *v;
		j_ws(&j);
		if (j.p < j.end && (*j.p == '}' || *j.p == ']'))
			return LV_OK;
		if (j.p < j.end && *j.p == ',')
			j.p++;
		j_ws(&j);
		key[0] = '\0';
		if (obj && !j_string(&j, key, sizeof key))
			key[0] = '\0'; /* a key too long is none of ours */
		j_ws(&j);
		if (obj && (j.p >= j.end || *j.p++ != ':'))
			return LV_EDATA;
		j_ws(&j);
		v = j.p;
		if (!j_value(&j, 1))
			return LV_EDATA;
		if ((st = fn(ctx, obj ? key : NULL, v, (size_t)(j.p - v))) < 0)
			return st;
	}
}

int batch_json_each(const char *text, size_t len,
		    int (*fn)(void *ctx, const char *key, const char *v, size_t vlen), void *ctx)
{
	jcur j = { text, text + len };
	if (!j_value(&j, 0))
		return LV_EDATA;
	return j_each(text, (size_t)(j.p - text), fn, ctx);
}

int batch_json_string(const char *v, size_t vlen, char *out, size_t size)
{
	jcur j = { v, v + vlen };
	if (vlen == 4 && !memcmp(v, "null", 4)) {
		out[0] = '\0';
		return LV_OK;
	}
	return j_string(&j, out, size) && j.p == j.end ? LV_OK : LV_EDATA;
}

/* A row of a JSON results file: an object, whole, whose first keys are
 * "set" and "status"; then an optional "," (the final file's separator). */
int batch_json_row(const char *line, size_t len, char *set, size_t size, int *ok)
{
	jcur j = { line, line + len }, v;
	char status[16];

	if (!j_value(&j, 0))
		return 0;
	j_ws(&j);
	if (j.p < j.end && *j.p == ',')
		j.p++;
	j_ws(&j);
	if (j.p != j.end || line[0] != '{')
		return 0;
	v.p = line + 1;
	v.end = line + len;
	if (!j_literal(&v, "\"set\":") || !j_string(&v, set, size) || !set[0] ||
	    !j_literal(&v, ",\"status\":") || !j_string(&v, status, sizeof status))
		return 0;
	if (strcmp(status, "ok") && strcmp(status, "failed"))
		return 0;
	*ok = !strcmp(status, "ok");
	return 1;
}
