/*
 * Camera files in XML, the subset OpenCV writes (camera_parse.h): an
 * optional <?xml ...?> declaration, the root <opencv_storage>, elements
 * holding either elements (a map; <_> elements are list items) or text
 * (one value, or several separated by blanks: a list; "quoted" strings),
 * attributes (type_id="opencv-matrix": read and dropped), comments, the
 * entities &lt; &gt; &amp; &quot; &apos; &#N; &#xH; (ASCII only).
 * DOCTYPE, CDATA and processing instructions past the first are refused:
 * OpenCV does not write them.
 */
#include "camera_parse.h"

#include <string.h>

#include "limbvol/error.h"
#include "limbvol/hex.h"

static int ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

static int starts(const cam_parser *P, const char *q, const char *s)
{
	size_t n = strlen(s);
	return (size_t)(P->end - q) >= n && !memcmp(q, s, n);
}

static int expected(cam_parser *P, const char *what)
{
	char b[32];

	return cam_fail_at(P, P->p, "expected %s, found %s", what, cam_found(P, P->p, b));
}

/* Past `close` ("-->", "?>"), counting lines; refused when missing. */
static int skip_to(cam_parser *P, const char *close, const char *what)
{
	const char *q = P->p;

	while (q < P->end && !starts(P, q, close))
		q++;
	if (q >= P->end)
		return cam_fail_at(P, P->p, "%s is not closed (expected %s)", what, close);
	cam_advance(P, q + strlen(close));
	return LV_OK;
}

/* Blanks and comments. */
static int skip_misc(cam_parser *P)
{
	for (;;) {
		const char *q = P->p;
		int rc;
		while (q < P->end && ws(*q))
			q++;
		cam_advance(P, q);
		if (starts(P, q, "<!--")) {
			if ((rc = skip_to(P, "-->", "a comment")) < 0)
				return rc;
		} else if (starts(P, q, "<!") || starts(P, q, "<?")) {
			return cam_fail_at(
				P, q,
				"<!DOCTYPE, <![CDATA[ and <? are not read in camera files "
				"(past the first line)");
		} else {
			return LV_OK;
		}
	}
}

static int name_char(char c, int first)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == ':' ||
		(!first && ((c >= '0' && c <= '9') || c == '-' || c == '.'));
}

static int name(cam_parser *P, const char **s, size_t *n)
{
	const char *q = P->p;

	if (q >= P->end || !name_char(*q, 1))
		return expected(P, "an element name");
	while (q < P->end && name_char(*q, 0))
		q++;
	*s = P->p;
	*n = (size_t)(q - P->p);
	if (*n > CAMERA_TEXT_MAX)
		return cam_fail_at(P, P->p, "a name longer than %d characters", CAMERA_TEXT_MAX);
	cam_advance(P, q);
	return LV_OK;
}

/* <name attr="v" ...> or <name/> at P->p; attributes are dropped. */
static int start_tag(cam_parser *P, const char **s, size_t *n, int *empty)
{
	int rc;

	cam_advance(P, P->p + 1);
	if ((rc = name(P, s, n)) < 0)
		return rc;
	for (;;) {
		const char *an;
		size_t al;
		while (P->p < P->end && ws(*P->p))
			cam_advance(P, P->p + 1);
		if (starts(P, P->p, "/>") || starts(P, P->p, ">")) {
			*empty = *P->p == '/';
			cam_advance(P, P->p + (*empty ? 2 : 1));
			return LV_OK;
		}
		if ((rc = name(P, &an, &al)) < 0)
			return rc;
		if (P->p >= P->end || *P->p != '=')
			return expected(P, "'=' after an attribute name");
		cam_advance(P, P->p + 1);
		if (P->p >= P->end || (*P->p != '"' && *P->p != '\''))
			return expected(P, "a quoted attribute value");
		{
			char quote = *P->p;
			const char *q = P->p + 1;
			while (q < P->end && *q != quote && *q != '<')
				q++;
			if (q >= P->end || *q != quote)
				return cam_fail_at(P, P->p, "an attribute value is not closed");
			cam_advance(P, q + 1);
		}
	}
}

/* &...; at P->p: its character added to P->text. */
static int entity(cam_parser *P)
{
	static const struct {
		const char *name;
		char c;
	} named[] = { { "&lt;", '<' },
		      { "&gt;", '>' },
		      { "&amp;", '&' },
		      { "&quot;", '"' },
		      { "&apos;", '\'' } };
	const char *q = P->p, *semi = q;
	unsigned v = 0;

	for (size_t i = 0; i < sizeof named / sizeof *named; i++)
		if (starts(P, q, named[i].name)) {
			cam_text_add(P, named[i].c);
			cam_advance(P, q + strlen(named[i].name));
			return LV_OK;
		}
	while (semi < P->end && semi - q < 10 && *semi != ';')
		semi++;
	if (semi < P->end && *semi == ';' && semi - q >= 3 && q[1] == '#') {
		int ok = 1;
		if (q[2] == 'x') {
			ok = semi - q > 3 && lv_hex_value(q + 3, (size_t)(semi - q - 3), &v);
		} else {
			for (const char *d = q + 2; d < semi && ok; d++) {
				ok = *d >= '0' && *d <= '9';
				v = v * 10 + (unsigned)(*d - '0');
			}
		}
		if (ok && v > 0 && v <= 0x7f) {
			cam_text_add(P, (char)v);
			cam_advance(P, semi + 1);
			return LV_OK;
		}
	}
	return cam_fail_at(P, q,
			   "expected &lt; &gt; &amp; &quot; &apos; or an ASCII &#N; (a camera file "
			   "is ASCII text)");
}

/* The next value of an element's text into P->text: 1, or 0 at its end
 * (P->p at the '<' of a tag). */
static int token(cam_parser *P, const char **at)
{
	int rc, quoted;

	if ((rc = skip_misc(P)) < 0)
		return rc;
	*at = P->p;
	if (P->p >= P->end || *P->p == '<')
		return 0;
	quoted = *P->p == '"';
	cam_text_reset(P);
	if (quoted)
		cam_advance(P, P->p + 1);
	while (P->p < P->end && *P->p != '<' && (quoted ? *P->p != '"' : !ws(*P->p))) {
		if (quoted && *P->p == '\n')
			break;
		if (*P->p == '&') {
			if ((rc = entity(P)) < 0)
				return rc;
			continue;
		}
		if (quoted && *P->p == '\\' && P->p + 1 < P->end && strchr("\"\\", P->p[1]))
			cam_advance(P, P->p + 1);
		cam_text_add(P, *P->p);
		cam_advance(P, P->p + 1);
	}
	if (quoted) {
		if (P->p >= P->end || *P->p != '"')
			return cam_fail_at(P, *at,
					   "a quoted string ends on its line (expected '\"')");
		cam_advance(P, P->p + 1);
	}
	return 1;
}

static int element(cam_parser *P, int depth, int list_item, long kl, long kc);

/* Text content: no value (empty), one value, or a list of them. */
static int text_content(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	const char *p = P->p, *bol = P->bol, *at;
	long line = P->line;
	int n = 0, rc = 0;

	while (n < 2 && (rc = token(P, &at)) == 1)
		n++;
	if (rc < 0)
		return rc;
	P->p = p, P->bol = bol, P->line = line;
	if (n < 2) {
		if (n == 1 && (rc = token(P, &at)) < 0)
			return rc;
		if (n == 0)
			cam_text_reset(P);
		return n ? cam_emit(P, CAM_SCALAR, depth, key, kl, kc, at, *at == '"')
			 : cam_emit_at(P, CAM_SCALAR, depth, key, kl, kc, kl, kc, 0);
	}
	rc = cam_emit_at(P, CAM_SEQ, depth, key, kl, kc, kl, kc, 0);
	while (rc >= 0 && (rc = token(P, &at)) == 1)
		rc = cam_emit(P, CAM_SCALAR, depth + 1, NULL, 0, 0, at, *at == '"');
	return rc < 0 ? rc : cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
}

/* Child elements: a map, or a list when they are <_>. */
static int children(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	int seq = starts(P, P->p, "<_>") || starts(P, P->p, "<_ ") || starts(P, P->p, "<_/");
	int rc = cam_emit_at(P, seq ? CAM_SEQ : CAM_MAP, depth, key, kl, kc, kl, kc, 0);

	while (rc >= 0) {
		long l, c;
		if ((rc = skip_misc(P)) < 0)
			return rc;
		if (starts(P, P->p, "</"))
			break;
		if (P->p >= P->end || *P->p != '<')
			return expected(P, "an element (no text between elements)");
		l = P->line;
		c = cam_col(P, P->p);
		rc = element(P, depth + 1, seq, l, c);
	}
	return rc < 0 ? rc : cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
}

/* An element at P->p (its '<'), an item of a list or a key of a map (its
 * name), the root at depth 0. */
static int element(cam_parser *P, int depth, int list_item, long kl, long kc)
{
	const char *s, *q, *key;
	size_t n;
	int empty = 0, rc;

	if ((rc = start_tag(P, &s, &n, &empty)) < 0)
		return rc;
	if (list_item != (n == 1 && *s == '_'))
		return cam_fail_at(P, s,
				   list_item ? "expected <_> (a list item)"
					     : "expected a named element, found <_> in a map");
	memcpy(P->key, s, n);
	P->key[n] = '\0';
	key = list_item || !depth ? NULL : P->key;
	if (empty) {
		cam_text_reset(P);
		return cam_emit_at(P, CAM_SCALAR, depth, key, kl, kc, kl, kc, 0);
	}
	for (q = P->p; q < P->end && ws(*q); q++)
		;
	while (starts(P, q, "<!--")) { /* a comment first: look past it */
		const char *e = q;
		while (e < P->end && !starts(P, e, "-->"))
			e++;
		if (e >= P->end)
			break; /* not closed: skip_misc says so */
		for (q = e + 3; q < P->end && ws(*q); q++)
			;
	}
	if (q < P->end && *q == '<' && q + 1 < P->end && q[1] != '/' && q[1] != '!') {
		cam_advance(P, q);
		rc = children(P, depth, key, kl, kc);
	} else {
		rc = text_content(P, depth, key, kl, kc);
	}
	if (rc < 0 || (rc = skip_misc(P)) < 0)
		return rc;
	if (!starts(P, P->p, "</") || (size_t)(P->end - P->p) < n + 3 || memcmp(P->p + 2, s, n) ||
	    name_char(P->p[2 + n], 0))
		return cam_fail_at(P, P->p, "expected </%.*s>", (int)n, s);
	cam_advance(P, P->p + 2 + n);
	while (P->p < P->end && ws(*P->p))
		cam_advance(P, P->p + 1);
	if (P->p >= P->end || *P->p != '>')
		return expected(P, "'>'");
	cam_advance(P, P->p + 1);
	return LV_OK;
}

int cam_parse_xml(cam_parser *P)
{
	int rc;

	while (P->p < P->end && ws(*P->p))
		cam_advance(P, P->p + 1);
	if (starts(P, P->p, "<?xml") && (rc = skip_to(P, "?>", "the <?xml declaration")) < 0)
		return rc;
	if ((rc = skip_misc(P)) < 0)
		return rc;
	if (!starts(P, P->p, "<opencv_storage") || (P->end - P->p > 15 && name_char(P->p[15], 0)))
		return expected(P, "<opencv_storage>");
	if ((rc = element(P, 0, 0, P->line, cam_col(P, P->p))) < 0)
		return rc;
	if ((rc = skip_misc(P)) < 0)
		return rc;
	if (P->p < P->end)
		return expected(P, "the end of the file after </opencv_storage>");
	return LV_OK;
}
