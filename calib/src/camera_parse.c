/* What the three camera-file parsers share (camera_parse.h). */
#include "camera_parse.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"

void cam_parser_init(cam_parser *P, const char *path, const char *buf, size_t len, cam_emit_fn emit,
		     void *ctx)
{
	memset(P, 0, sizeof *P);
	P->path = path;
	P->p = P->bol = buf;
	P->end = buf + len;
	P->line = 1;
	P->emit = emit;
	P->ctx = ctx;
}

long cam_col(const cam_parser *P, const char *at)
{
	return (long)(at - P->bol) + 1;
}

/* The line and column of `at`, on P's current line or after it. */
static void locate(const cam_parser *P, const char *at, long *line, long *col)
{
	const char *bol = P->bol, *q;

	*line = P->line;
	if (at > P->end)
		at = P->end;
	for (q = P->p > bol ? P->p : bol; q < at; q++)
		if (*q == '\n') {
			++*line;
			bol = q + 1;
		}
	*col = at >= bol ? (long)(at - bol) + 1 : 1;
}

int cam_fail_at(cam_parser *P, const char *at, const char *fmt, ...)
{
	char why[300];
	long line, col;
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	locate(P, at, &line, &col);
	lv_error_set(LV_EDATA, "not a camera file: %s", why);
	return lv_error_locate(P->path, line, col);
}

int cam_too_deep(cam_parser *P, const char *at)
{
	return cam_fail_at(P, at, "nested deeper than %d levels (a camera file needs 3)",
			   CAMERA_MAX_DEPTH);
}

void cam_advance(cam_parser *P, const char *to)
{
	if (to > P->end)
		to = P->end;
	for (; P->p < to; P->p++)
		if (*P->p == '\n') {
			P->line++;
			P->bol = P->p + 1;
		}
}

void cam_text_reset(cam_parser *P)
{
	P->len = 0;
	P->too_long = 0;
	P->text[0] = '\0';
}

void cam_text_add(cam_parser *P, char c)
{
	if (P->len < CAMERA_TEXT_MAX) {
		P->text[P->len++] = c;
		P->text[P->len] = '\0';
	} else {
		P->too_long = 1;
	}
}

int cam_emit_at(cam_parser *P, enum cam_kind kind, int depth, const char *key, long key_line,
		long key_col, long line, long col, int quoted)
{
	cam_event ev;

	if ((kind == CAM_MAP || kind == CAM_SEQ) && depth >= CAMERA_MAX_DEPTH) {
		lv_error_set(
			LV_EDATA,
			"not a camera file: nested deeper than %d levels (a camera file needs 3)",
			CAMERA_MAX_DEPTH);
		return lv_error_locate(P->path, line, col);
	}
	memset(&ev, 0, sizeof ev);
	ev.kind = kind;
	ev.depth = depth;
	ev.key = key;
	ev.line = line;
	ev.col = col;
	ev.key_line = key ? key_line : line;
	ev.key_col = key ? key_col : col;
	if (kind == CAM_SCALAR) {
		ev.text = P->text;
		ev.len = P->len;
		ev.quoted = quoted;
		ev.too_long = P->too_long;
	}
	return P->emit(P->ctx, &ev);
}

int cam_emit(cam_parser *P, enum cam_kind kind, int depth, const char *key, long key_line,
	     long key_col, const char *at, int quoted)
{
	long line, col;

	locate(P, at, &line, &col);
	return cam_emit_at(P, kind, depth, key, key_line, key_col, line, col, quoted);
}

const char *cam_found(const cam_parser *P, const char *at, char buf[32])
{
	if (at >= P->end)
		return "the end of the file";
	if (*at == '\n' || *at == '\r')
		return "the end of the line";
	if (*at == '\t')
		return "a tab";
	snprintf(buf, 32, "'%c'", *at);
	return buf;
}
