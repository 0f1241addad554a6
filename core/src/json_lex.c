/* JSON tokens from a stream (json_lex.h); RFC 8259 strings, numbers via limbvol/number.h. */
#include "mem.h"
#include "json_lex.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

#define MAX_NUMBER 64

int jlex_init(jlex *j, instream *in, size_t max_string)
{
	memset(j, 0, sizeof *j);
	j->in = in;
	j->line = j->col = 1;
	j->max_string = max_string;
	if (!(j->str = mem_malloc(max_string + 5)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	return 0;
}

void jlex_free(jlex *j)
{
	mem_free(j->str);
	j->str = NULL;
}

/* The next byte, -1 at the end, or < -1 (a status - 1) on a read error. */
static int peekc(jlex *j)
{
	instream *in = j->in;
	int st;
	if (in->pos == in->len) {
		if (in->eof)
			return -1;
		if ((st = instream_fill(in)) < 0)
			return st - 1;
		if (in->pos == in->len)
			return -1;
	}
	return (unsigned char)in->buf[in->pos];
}

static void advance(jlex *j)
{
	if (j->in->buf[j->in->pos++] == '\n') {
		j->line++;
		j->col = 1;
	} else {
		j->col++;
	}
}

static int fail_here(const jlex *j, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(j->in->name, j->line, j->col);
}

int jlex_fail(const jlex *j, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(j->in->name, j->tline, j->tcol);
}

static int too_long(const jlex *j)
{
	char msg[80];
	snprintf(msg, sizeof msg, "a string longer than %zu bytes", j->max_string);
	return jlex_fail(j, msg);
}

static int put(jlex *j, unsigned cp)
{
	char *o = j->str;
	size_t k = j->len;
	size_t need = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
	if (k + need > j->max_string)
		return too_long(j);
	if (cp < 0x80) {
		o[k++] = (char)cp;
	} else if (cp < 0x800) {
		o[k++] = (char)(0xc0 | cp >> 6);
		o[k++] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		o[k++] = (char)(0xe0 | cp >> 12);
		o[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[k++] = (char)(0x80 | (cp & 0x3f));
	} else {
		o[k++] = (char)(0xf0 | cp >> 18);
		o[k++] = (char)(0x80 | ((cp >> 12) & 0x3f));
		o[k++] = (char)(0x80 | ((cp >> 6) & 0x3f));
		o[k++] = (char)(0x80 | (cp & 0x3f));
	}
	j->len = k;
	return 0;
}

static int hex4(jlex *j, unsigned *out)
{
	unsigned v = 0;
	for (int i = 0; i < 4; i++) {
		int c = peekc(j);
		if (c < -1)
			return c + 1;
		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return fail_here(j, "a \\u escape needs 4 hex digits");
		advance(j);
	}
	*out = v;
	return 0;
}

static int escape_u(jlex *j)
{
	unsigned cp = 0, lo = 0;
	int st, c;
	if ((st = hex4(j, &cp)) < 0)
		return st;
	if (cp >= 0xd800 && cp <= 0xdbff) {
		if ((c = peekc(j)) != '\\')
			return c < -1 ? c + 1 : fail_here(j, "a lone surrogate in a \\u escape");
		advance(j);
		if ((c = peekc(j)) != 'u')
			return c < -1 ? c + 1 : fail_here(j, "a lone surrogate in a \\u escape");
		advance(j);
		if ((st = hex4(j, &lo)) < 0)
			return st;
		if (lo < 0xdc00 || lo > 0xdfff)
			return fail_here(j, "a lone surrogate in a \\u escape");
		cp = 0x10000 + ((cp - 0xd800) << 10) + (lo - 0xdc00);
	} else if (cp >= 0xdc00 && cp <= 0xdfff) {
		return fail_here(j, "a lone surrogate in a \\u escape");
	}
	if (cp == 0)
		return fail_here(j, "a NUL character in a string");
	return put(j, cp);
}

/* A string after its opening quote. */
static int string(jlex *j)
{
	static const char esc_in[] = "\"\\/bfnrt", esc_out[] = "\"\\/\b\f\n\r\t";
	int c, st;
	j->len = 0;
	for (;;) {
		if ((c = peekc(j)) < -1)
			return c + 1;
		if (c == -1)
			return jlex_fail(j, "a string is not closed");
		if (c == '"') {
			advance(j);
			break;
		}
		if (c < 0x20)
			return fail_here(j, "a control character inside a string");
		advance(j);
		if (c != '\\') {
			if (j->len + 1 > j->max_string)
				return too_long(j);
			j->str[j->len++] = (char)c;
			continue;
		}
		if ((c = peekc(j)) < -1)
			return c + 1;
		if (c == 'u') {
			advance(j);
			if ((st = escape_u(j)) < 0)
				return st;
			continue;
		}
		{
			const char *e = c > 0 ? strchr(esc_in, c) : NULL;
			if (!e)
				return fail_here(j, "an unknown escape in a string");
			advance(j);
			if ((st = put(j, (unsigned char)esc_out[e - esc_in])) < 0)
				return st;
		}
	}
	j->str[j->len] = '\0';
	return 0;
}

static int number(jlex *j)
{
	char buf[MAX_NUMBER + 1];
	size_t n = 0;
	int c;
	while ((c = peekc(j)) >= 0 && strchr("+-0123456789.eE", c) && c) {
		if (n == MAX_NUMBER)
			return jlex_fail(j, "a number longer than 64 characters");
		buf[n++] = (char)c;
		advance(j);
	}
	if (c < -1)
		return c + 1;
	if (lv_number_parse(buf, n, 0, &j->num) < 0)
		return jlex_fail(j, "expected a value");
	return 0;
}

static int word(jlex *j, const char *w)
{
	for (const char *p = w; *p; p++) {
		int c = peekc(j);
		if (c < -1)
			return c + 1;
		if (c != *p)
			return jlex_fail(j, "expected a value");
		advance(j);
	}
	return 0;
}

int jlex_next(jlex *j, enum jtok *tok)
{
	int c;
	for (;;) {
		if ((c = peekc(j)) < -1)
			return c + 1;
		if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
			break;
		advance(j);
	}
	j->tline = j->line;
	j->tcol = j->col;
	switch (c) {
	case -1:
		*tok = JT_END;
		return 0;
	case '{':
	case '}':
	case '[':
	case ']':
	case ':':
	case ',':
		advance(j);
		*tok = c == '{'    ? JT_LBRACE
			: c == '}' ? JT_RBRACE
			: c == '[' ? JT_LBRACK
			: c == ']' ? JT_RBRACK
			: c == ':' ? JT_COLON
				   : JT_COMMA;
		return 0;
	case '"':
		advance(j);
		*tok = JT_STRING;
		return string(j);
	case 't':
		*tok = JT_TRUE;
		return word(j, "true");
	case 'f':
		*tok = JT_FALSE;
		return word(j, "false");
	case 'n':
		*tok = JT_NULL;
		return word(j, "null");
	default:
		*tok = JT_NUMBER;
		if (c == '-' || (c >= '0' && c <= '9'))
			return number(j);
		return jlex_fail(j, "expected a value");
	}
}
