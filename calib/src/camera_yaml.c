/*
 * Camera files in YAML, the subset OpenCV writes (camera_parse.h): one
 * document (%YAML directives, then --- alone on its line), block maps and
 * block lists indented with spaces, flow lists and maps [ ] { } over any
 * number of lines, plain scalars on one line, quoted strings on one line
 * ("..." with \ escapes, '...' with ''), tags (!!opencv-matrix: read and
 * dropped), comments.  Anchors and aliases, block scalars (| >), complex
 * keys (?), multi-line plain scalars and a second document are refused at
 * their line and column: OpenCV does not write them.
 */
#include "camera_parse.h"

#include <string.h>

#include "limbvol/error.h"
#include "limbvol/hex.h"

static int block(cam_parser *P, int depth, const char *key, long kl, long kc);

/* c is one of the bytes of s (never the NUL) */
static int one_of(const char *s, char c)
{
	return c && strchr(s, c);
}

static int blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static const char *skip_blanks(const cam_parser *P, const char *q)
{
	while (q < P->end && blank(*q))
		q++;
	return q;
}

/* Nothing but blanks or a comment from q to the end of the line. */
static int rest_blank(const cam_parser *P, const char *q)
{
	q = skip_blanks(P, q);
	return q >= P->end || *q == '\n' || *q == '#';
}

static int expected_end(cam_parser *P, const char *q, const char *after)
{
	char b[32];

	q = skip_blanks(P, q);
	return cam_fail_at(P, q, "expected the end of the line after %s, found %s", after,
			   cam_found(P, q, b));
}

/* A list item "- " (or "-" at the end of its line) at q. */
static int is_item(const cam_parser *P, const char *q)
{
	return q < P->end && *q == '-' && (q + 1 >= P->end || blank(q[1]) || q[1] == '\n');
}

/* "---" or "..." at the start of a line, then blanks or a comment. */
static int is_marker(const cam_parser *P, const char *q)
{
	return q == P->bol && P->end - q >= 3 && (!memcmp(q, "---", 3) || !memcmp(q, "...", 3)) &&
		(P->end - q == 3 || blank(q[3]) || q[3] == '\n' || q[3] == '#');
}

/*
 * To the next line that holds something: 1 with P->p at its first byte
 * (its column - 1 is *indent), 0 at the end of the file or at a document
 * marker (P->p on it).  Where P->p is already at the start of a line's
 * content, that line.  A tab in the indentation is refused.
 */
static int next_content(cam_parser *P, long *indent)
{
	const char *q = P->bol, *nl;

	while (q < P->p && *q == ' ')
		q++;
	if (q == P->p) /* only spaces before P->p: this line may hold it */
		while (q < P->end && *q == ' ')
			q++;
	else
		q = NULL;
	while (!q || rest_blank(P, q)) {
		const char *from = q ? q : P->p;
		nl = memchr(from, '\n', (size_t)(P->end - from));
		cam_advance(P, nl ? nl + 1 : P->end);
		if (P->p >= P->end)
			return 0;
		for (q = P->p; q < P->end && *q == ' ';)
			q++;
	}
	if (*q == '\t')
		return cam_fail_at(P, q, "a tab in the indentation (YAML indents with spaces)");
	cam_advance(P, q);
	*indent = (long)(P->p - P->bol);
	return is_marker(P, P->p) ? 0 : 1;
}

/* A quoted string at P->p into P->text; P->p after its closing quote. */
static int quoted(cam_parser *P)
{
	char quote = *P->p;
	const char *q = P->p + 1;
	unsigned u;

	cam_text_reset(P);
	for (; q < P->end && *q != '\n'; q++) {
		if (*q == quote && quote == '\'' && q + 1 < P->end && q[1] == '\'') {
			cam_text_add(P, *q++);
			continue;
		}
		if (*q == quote)
			break;
		if (*q != '\\' || quote == '\'') {
			cam_text_add(P, *q);
			continue;
		}
		if (++q >= P->end)
			break;
		switch (*q) {
		case '"':
		case '\\':
		case '/':
		case '\'':
			cam_text_add(P, *q);
			break;
		case 'n':
			cam_text_add(P, '\n');
			break;
		case 't':
			cam_text_add(P, '\t');
			break;
		case 'r':
			cam_text_add(P, '\r');
			break;
		case 'x':
		case 'u': {
			int n = *q == 'x' ? 2 : 4;
			if (P->end - q <= n || !lv_hex_value(q + 1, (size_t)n, &u))
				return cam_fail_at(P, q - 1, "expected \\%c and %d hex digits", *q,
						   n);
			/* \xHH: any byte (limbvol writes others so); \u: ASCII */
			if (u == 0 || u > (*q == 'x' ? 0xffu : 0x7fu))
				return cam_fail_at(
					P, q - 1,
					"\\%c%0*x is not ASCII (a camera file is ASCII text)", *q,
					n, u);
			cam_text_add(P, (char)u);
			q += n;
			break;
		}
		default:
			return cam_fail_at(P, q - 1, "unknown escape \\%c in a string", *q);
		}
	}
	if (q >= P->end || *q != quote)
		return cam_fail_at(P, q, "a quoted string ends on its line (expected %c)", quote);
	cam_advance(P, q + 1);
	return LV_OK;
}

/* What YAML gives a meaning that camera files never use. */
static int unread(cam_parser *P, const char *q)
{
	const char *what = *q == '&' || *q == '*' ? "anchors and aliases (& *)"
		: *q == '|' || *q == '>'          ? "block scalars (| >)"
		: *q == '?'                       ? "complex keys (?)"
						  : "values starting with @ or `";
	return cam_fail_at(P, q, "%s are not read in camera files", what);
}

/* Plain text from P->p up to a byte in `stops`, a comment or the line's
 * end, trimmed, into P->text; ": " inside is refused. */
static int plain(cam_parser *P, const char *stops)
{
	const char *q = P->p, *last = P->p;

	cam_text_reset(P);
	for (; q < P->end && *q != '\n' && !one_of(stops, *q); q++) {
		if (*q == '#' && q > P->p && blank(q[-1]))
			break;
		if (*q == ':' && (q + 1 >= P->end || blank(q[1]) || q[1] == '\n'))
			return cam_fail_at(P, q, "expected one value, found ':' inside it");
		if (!blank(*q))
			last = q + 1;
	}
	for (q = P->p; q < last; q++)
		cam_text_add(P, *q);
	cam_advance(P, last);
	return LV_OK;
}

/* A tag (!!opencv-matrix) at P->p is skipped with the blanks after it. */
static void skip_tag(cam_parser *P)
{
	const char *q = P->p;

	if (q < P->end && *q == '!') {
		while (q < P->end && !blank(*q) && *q != '\n')
			q++;
		cam_advance(P, skip_blanks(P, q));
	}
}

static void flow_ws(cam_parser *P)
{
	const char *q = P->p;

	while (q < P->end) {
		if (blank(*q) || *q == '\n') {
			q++;
		} else if (*q == '#' && (q == P->p || blank(q[-1]) || q[-1] == '\n')) {
			while (q < P->end && *q != '\n')
				q++;
		} else {
			break;
		}
	}
	cam_advance(P, q);
}

static int flow(cam_parser *P, int depth, const char *key, long kl, long kc);

static int flow_value(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	const char *at;
	int rc;

	skip_tag(P);
	at = P->p;
	if (at >= P->end)
		return cam_fail_at(P, at, "expected a value, found the end of the file");
	if (*at == '[' || *at == '{')
		return flow(P, depth, key, kl, kc);
	if (one_of("&*|>?@`", *at))
		return unread(P, at);
	rc = *at == '"' || *at == '\'' ? quoted(P) : plain(P, ",[]{}");
	if (rc == LV_OK && P->p == at) {
		char b[32];
		rc = cam_fail_at(P, at, "expected a value, found %s", cam_found(P, at, b));
	}
	if (rc == LV_OK)
		rc = cam_emit(P, CAM_SCALAR, depth, key, kl, kc, at, *at == '"' || *at == '\'');
	return rc;
}

/* The key of a flow map entry into P->key, P->p after its ':'. */
static int flow_key(cam_parser *P)
{
	const char *at = P->p;
	char b[32];
	int rc = *at == '"' || *at == '\'' ? quoted(P) : plain(P, ",[]{}:");

	if (rc < 0)
		return rc;
	if (P->too_long)
		return cam_fail_at(P, at, "a key longer than %d characters", CAMERA_TEXT_MAX);
	memcpy(P->key, P->text, P->len + 1);
	flow_ws(P);
	if (P->p >= P->end || *P->p != ':')
		return cam_fail_at(P, P->p, "expected ':' after a key, found %s",
				   cam_found(P, P->p, b));
	cam_advance(P, P->p + 1);
	flow_ws(P);
	return LV_OK;
}

/* [ ... ] or { ... } from P->p, over as many lines as it takes. */
static int flow(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	char close = *P->p == '[' ? ']' : '}', b[32];
	long open_line = P->line, open_col = cam_col(P, P->p);
	int rc = cam_emit(P, close == '}' ? CAM_MAP : CAM_SEQ, depth, key, kl, kc, P->p, 0);

	cam_advance(P, P->p + 1);
	while (rc == LV_OK) {
		flow_ws(P);
		if (P->p >= P->end)
			break;
		if (*P->p == close)
			break;
		if (close == '}') {
			long l = P->line, c = cam_col(P, P->p);
			rc = flow_key(P);
			if (rc == LV_OK)
				rc = flow_value(P, depth + 1, P->key, l, c);
		} else {
			rc = flow_value(P, depth + 1, NULL, 0, 0);
		}
		if (rc < 0)
			return rc;
		flow_ws(P);
		if (P->p < P->end && *P->p == ',')
			cam_advance(P, P->p + 1);
		else if (P->p < P->end && *P->p != close)
			return cam_fail_at(P, P->p, "expected ',' or '%c', found %s", close,
					   cam_found(P, P->p, b));
	}
	if (rc == LV_OK && P->p >= P->end) { /* named where it opened */
		lv_error_set(LV_EDATA,
			     "not a camera file: a %s not closed (expected '%c' before the end of "
			     "the file)",
			     close == ']' ? "list" : "map", close);
		return lv_error_locate(P->path, open_line, open_col);
	}
	if (rc == LV_OK) {
		cam_advance(P, P->p + 1);
		rc = cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
	}
	return rc;
}

/* One value on the current line at P->p: flow, quoted or plain. */
static int inline_value(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	const char *at = P->p;
	int rc;

	if (*at == '[' || *at == '{') {
		rc = flow(P, depth, key, kl, kc);
		if (rc == LV_OK && !rest_blank(P, P->p))
			rc = expected_end(P, P->p, *at == '[' ? "']'" : "'}'");
		return rc;
	}
	if (one_of("&*|>?@`", *at))
		return unread(P, at);
	if (is_item(P, at))
		return cam_fail_at(P, at, "expected a value, found a list item");
	rc = *at == '"' || *at == '\'' ? quoted(P) : plain(P, "");
	if (rc == LV_OK && !rest_blank(P, P->p))
		rc = expected_end(P, P->p, "a quoted string");
	if (rc == LV_OK)
		rc = cam_emit(P, CAM_SCALAR, depth, key, kl, kc, at, *at == '"' || *at == '\'');
	return rc;
}

/* Whether the line from q holds "key:" (then a blank or its end). */
static int is_key_line(const cam_parser *P, const char *q)
{
	if (q < P->end && (*q == '"' || *q == '\'')) {
		char quote = *q++;
		for (; q < P->end && *q != '\n' && *q != quote; q++)
			if (*q == '\\' && quote == '"' && q + 1 < P->end && q[1] != '\n')
				q++;
		if (q >= P->end || *q != quote)
			return 0;
		q = skip_blanks(P, q + 1);
		return q < P->end && *q == ':' && (q + 1 >= P->end || blank(q[1]) || q[1] == '\n');
	}
	if (q >= P->end || one_of("[{#&*!|>?@`", *q) || is_item(P, q))
		return 0;
	for (; q < P->end && *q != '\n'; q++) {
		if (*q == '#' && blank(q[-1]))
			return 0;
		if (*q == ':' && (q + 1 >= P->end || blank(q[1]) || q[1] == '\n'))
			return 1;
	}
	return 0;
}

/* The key at P->p (is_key_line said there is one) into P->key. */
static int block_key(cam_parser *P)
{
	const char *at = P->p, *q;
	int rc = LV_OK;

	if (*at == '"' || *at == '\'') {
		rc = quoted(P);
		cam_advance(P, skip_blanks(P, P->p));
	} else {
		cam_text_reset(P);
		for (q = at; !(*q == ':' && (q + 1 >= P->end || blank(q[1]) || q[1] == '\n')); q++)
			;
		while (q > at && blank(q[-1]))
			q--;
		for (const char *c = at; c < q; c++)
			cam_text_add(P, *c);
		cam_advance(P, q);
		cam_advance(P, skip_blanks(P, P->p));
		if (P->len == 0)
			return cam_fail_at(P, at, "expected a key before ':'");
	}
	if (rc < 0)
		return rc;
	if (P->too_long)
		return cam_fail_at(P, at, "a key longer than %d characters", CAMERA_TEXT_MAX);
	memcpy(P->key, P->text, P->len + 1);
	cam_advance(P, P->p + 1); /* the ':' */
	return LV_OK;
}

static int block_seq(cam_parser *P, int depth, const char *key, long kl, long kc);

/* The value after "key:" of a block map at `indent`. */
static int after_key(cam_parser *P, int depth, const char *key, long kl, long kc, long indent)
{
	long ind, line, col;
	int rc;

	cam_advance(P, skip_blanks(P, P->p));
	skip_tag(P);
	if (P->p < P->end && one_of("&*|>", *P->p))
		return unread(P, P->p);
	if (!rest_blank(P, P->p))
		return inline_value(P, depth, key, kl, kc);
	line = P->line;
	col = cam_col(P, P->p);
	rc = next_content(P, &ind);
	if (rc < 0)
		return rc;
	if (rc == 1 && ind > indent)
		return block(P, depth, key, kl, kc);
	if (rc == 1 && ind == indent && is_item(P, P->p))
		return block_seq(P, depth, key, kl, kc);
	cam_text_reset(P); /* nothing: an empty value */
	return cam_emit_at(P, CAM_SCALAR, depth, key, kl, kc, line, col, 0);
}

static int block_map(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	long indent = (long)(P->p - P->bol), ind;
	int rc = cam_emit(P, CAM_MAP, depth, key, kl, kc, P->p, 0);

	while (rc == LV_OK) {
		long l = P->line, c = cam_col(P, P->p);
		if (!is_key_line(P, P->p))
			return cam_fail_at(P, P->p, "expected 'key: value' at column %ld",
					   indent + 1);
		if ((rc = block_key(P)) < 0 ||
		    (rc = after_key(P, depth + 1, P->key, l, c, indent)) < 0)
			return rc;
		if ((rc = next_content(P, &ind)) < 0)
			return rc;
		if (rc == 0 || ind < indent)
			break;
		if (ind > indent)
			return cam_fail_at(P, P->p,
					   "bad indentation: expected a key at column %ld, found "
					   "column %ld",
					   indent + 1, ind + 1);
		rc = LV_OK;
	}
	return rc < 0 ? rc : cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
}

static int block_seq(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	long indent = (long)(P->p - P->bol), ind;
	int rc = cam_emit(P, CAM_SEQ, depth, key, kl, kc, P->p, 0);

	while (rc == LV_OK) {
		long line = P->line, col = cam_col(P, P->p);
		cam_advance(P, skip_blanks(P, P->p + 1));
		skip_tag(P);
		if (!rest_blank(P, P->p)) {
			rc = block(P, depth + 1, NULL, 0, 0);
		} else if ((rc = next_content(P, &ind)) == 1 && ind > indent) {
			rc = block(P, depth + 1, NULL, 0, 0);
		} else if (rc >= 0) {
			cam_text_reset(P); /* "-" alone: an empty item */
			rc = cam_emit_at(P, CAM_SCALAR, depth + 1, NULL, 0, 0, line, col, 0);
		}
		if (rc < 0 || (rc = next_content(P, &ind)) < 0)
			return rc;
		if (rc == 0 || ind < indent || (ind == indent && !is_item(P, P->p)))
			break;
		if (ind > indent)
			return cam_fail_at(P, P->p,
					   "bad indentation: expected '- ' at column %ld, found "
					   "column %ld",
					   indent + 1, ind + 1);
		rc = LV_OK;
	}
	return rc < 0 ? rc : cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
}

/* A node at P->p; its column is its indentation. */
static int block(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	skip_tag(P);
	if (rest_blank(P, P->p))
		return cam_fail_at(P, P->p, "expected a value after a tag");
	if (is_item(P, P->p))
		return block_seq(P, depth, key, kl, kc);
	if (is_key_line(P, P->p))
		return block_map(P, depth, key, kl, kc);
	return inline_value(P, depth, key, kl, kc);
}

/* %YAML directives and one "---" before the document. */
static int document_start(cam_parser *P, long *indent)
{
	int dashes = 0, rc;

	while ((rc = next_content(P, indent)) >= 0) {
		const char *q = P->p;
		if (rc == 0 && q < P->end && *q == '-') {
			if (dashes++)
				return cam_fail_at(
					P, q, "expected one YAML document, found a second ---");
			cam_advance(P, q + 3);
			if (!rest_blank(P, P->p))
				return expected_end(P, P->p, "---");
			continue;
		}
		if (rc == 1 && *indent == 0 && *q == '%') {
			if (dashes || P->end - q < 5 || memcmp(q, "%YAML", 5))
				return cam_fail_at(P, q,
						   "expected one %%YAML directive before ---");
			cam_advance(P, q + 1);
			continue;
		}
		break;
	}
	return rc;
}

int cam_parse_yaml(cam_parser *P)
{
	long indent;
	int rc = document_start(P, &indent);

	if (rc == 1)
		rc = block(P, 0, NULL, 0, 0);
	if (rc >= 0)
		rc = next_content(P, &indent);
	if (rc == 1)
		return cam_fail_at(P, P->p, "bad indentation: expected the end of the document");
	if (rc == 0 && P->p < P->end && *P->p == '-')
		return cam_fail_at(P, P->p, "expected one YAML document, found a second ---");
	if (rc == 0 && P->p < P->end) { /* "...": the end; nothing after it */
		cam_advance(P, P->p + 3);
		if (!rest_blank(P, P->p))
			return expected_end(P, P->p, "...");
		if ((rc = next_content(P, &indent)) != 0 || P->p < P->end)
			return rc < 0
				? rc
				: cam_fail_at(
					  P, P->p,
					  "expected nothing after the end of the document (...)");
	}
	return rc < 0 ? rc : LV_OK;
}
