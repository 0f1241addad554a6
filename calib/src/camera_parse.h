/*
 * camera_parse.h - limbvol's own readers of camera files (no OpenCV).
 *
 * OpenCV 4.6's FileStorage parser crashed, hung or read out of bounds on
 * fuzzed camera files again and again (issue 14), so camera files are read
 * by three small parsers of the subsets of YAML, JSON and XML that OpenCV
 * writes (doc/limbvol-calib.1, CAMERA FILE).  A parser walks the bytes once,
 * allocates nothing, recurses at most CAMERA_MAX_DEPTH levels and tells what
 * it finds as events: a scalar, a map or a sequence opening (its depth, its
 * key, where it is), the end of one.  camera_read.c keeps the few values a
 * camera needs and checks them; everything else is parsed and dropped.
 * Every refusal is LV_EDATA located at file:line:column.
 */
#ifndef CAMERA_PARSE_H
#define CAMERA_PARSE_H

#include <stddef.h>

/* Levels of nesting at most (a camera file needs 3: keys, matrix, data). */
#define CAMERA_MAX_DEPTH 32
/* Longest key or scalar text, decoded (longer scalars are cut and flagged). */
#define CAMERA_TEXT_MAX 255

enum cam_kind { CAM_SCALAR, CAM_MAP, CAM_SEQ, CAM_END };

typedef struct cam_event {
	enum cam_kind kind;
	int depth; /* 0: the document itself, 1: a top-level key's value, ... */
	const char *key; /* its key in a map, NUL-terminated; NULL in a sequence */
	long key_line, key_col; /* the key (the value itself when no key) */
	long line, col; /* the value */
	const char *text; /* CAM_SCALAR: decoded text, NUL-terminated */
	size_t len;
	int quoted; /* a quoted string: never a number */
	int too_long; /* text longer than CAMERA_TEXT_MAX: cut */
} cam_event;

typedef int (*cam_emit_fn)(void *ctx, const cam_event *ev);

/* One parse: the bytes, the cursor and where it is, the listener. */
typedef struct cam_parser {
	const char *path;
	const char *p, *end;
	const char *bol; /* the start of the current line */
	long line;
	cam_emit_fn emit;
	void *ctx;
	char key[CAMERA_TEXT_MAX + 1];
	char text[CAMERA_TEXT_MAX + 1];
	size_t len;
	int too_long;
} cam_parser;

/* Each parses the whole of P's bytes (P set up by cam_parser_init). */
int cam_parse_yaml(cam_parser *P);
int cam_parse_json(cam_parser *P);
int cam_parse_xml(cam_parser *P);

/* Shared by the parsers (camera_parse.c). */
void cam_parser_init(cam_parser *P, const char *path, const char *buf, size_t len, cam_emit_fn emit,
		     void *ctx);
long cam_col(const cam_parser *P, const char *at);
/* "not a camera file: " + message, located at `at` (a position in the
 * bytes, on the current line or later); returns LV_EDATA. */
int cam_fail_at(cam_parser *P, const char *at, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));
/* Nesting past CAMERA_MAX_DEPTH at `at`. */
int cam_too_deep(cam_parser *P, const char *at);
/* Move P->p forward to `to`, counting lines. */
void cam_advance(cam_parser *P, const char *to);
/* Scratch text: start empty, add one byte (cut past CAMERA_TEXT_MAX). */
void cam_text_reset(cam_parser *P);
void cam_text_add(cam_parser *P, char c);
/* Emit a scalar from P->text (or a container event: text unused). */
int cam_emit(cam_parser *P, enum cam_kind kind, int depth, const char *key, long key_line,
	     long key_col, const char *at, int quoted);
/* The same at a given line and column (a value before P's line). */
int cam_emit_at(cam_parser *P, enum cam_kind kind, int depth, const char *key, long key_line,
		long key_col, long line, long col, int quoted);
/* A printable description of the byte at `at` for messages ("'x'", "the end of the line"). */
const char *cam_found(const cam_parser *P, const char *at, char buf[32]);

#endif
