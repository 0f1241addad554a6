/*
 * json_lex.h - JSON tokens pulled one at a time from a stream, with capped
 * strings and numbers: memory does not grow with the input (the JSON export
 * reader, exchange_json.c).
 */
#ifndef CORE_JSON_LEX_H
#define CORE_JSON_LEX_H

#include "instream.h"

enum jtok {
	JT_END, /* the end of the input */
	JT_LBRACE,
	JT_RBRACE,
	JT_LBRACK,
	JT_RBRACK,
	JT_COLON,
	JT_COMMA,
	JT_STRING, /* text in str[0..len), NUL-terminated, no NUL inside */
	JT_NUMBER, /* num */
	JT_TRUE,
	JT_FALSE,
	JT_NULL
};

typedef struct jlex {
	instream *in;
	long line, col; /* of the next byte */
	long tline, tcol; /* where the last token starts */
	char *str;
	size_t len, max_string;
	double num;
} jlex;

/* max_string: the longest string in bytes (decoded UTF-8). */
int jlex_init(jlex *j, instream *in, size_t max_string);
void jlex_free(jlex *j);
/* The next token into *tok: 0, or LV_EDATA / LV_EIO located at the bad byte. */
int jlex_next(jlex *j, enum jtok *tok);
/* A located LV_EDATA at the last token. */
int jlex_fail(const jlex *j, const char *what);

#endif
