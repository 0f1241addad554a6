/*
 * Camera files in JSON, as OpenCV writes them (camera_parse.h): objects,
 * arrays, strings, numbers (OpenCV's "0." and ".5" too), true, false, null.
 * Strings hold ASCII only (\u escapes below 0x80); // comments.
 */
#include "camera_parse.h"

#include <string.h>

#include "limbvol/error.h"
#include "limbvol/hex.h"

static int value(cam_parser *P, int depth, const char *key, long kl, long kc);

/* Blanks, and the comments OpenCV writes (// to the end of the line). */
static void skip_ws(cam_parser *P)
{
	const char *q = P->p;

	for (;;) {
		while (q < P->end && (*q == ' ' || *q == '\t' || *q == '\r' || *q == '\n'))
			q++;
		if (P->end - q < 2 || q[0] != '/' || q[1] != '/')
			break;
		while (q < P->end && *q != '\n')
			q++;
	}
	cam_advance(P, q);
}

static int expected(cam_parser *P, const char *what)
{
	char b[32];

	return cam_fail_at(P, P->p, "expected %s, found %s", what, cam_found(P, P->p, b));
}

/* A string at P->p (the opening quote) into P->text. */
static int string(cam_parser *P)
{
	const char *q = P->p + 1;
	unsigned u;

	cam_text_reset(P);
	for (; q < P->end && *q != '"'; q++) {
		if (*q == '\n' || *q == '\r' || *q == '\t')
			return cam_fail_at(P, q, "a string ends on its line (expected '\"')");
		if (*q != '\\') {
			cam_text_add(P, *q);
			continue;
		}
		q++;
		if (q >= P->end)
			break;
		switch (*q) {
		case '"':
		case '\\':
		case '/':
			cam_text_add(P, *q);
			break;
		case 'b':
			cam_text_add(P, '\b');
			break;
		case 'f':
			cam_text_add(P, '\f');
			break;
		case 'n':
			cam_text_add(P, '\n');
			break;
		case 'r':
			cam_text_add(P, '\r');
			break;
		case 't':
			cam_text_add(P, '\t');
			break;
		case 'u':
			if (P->end - q < 5 || !lv_hex_value(q + 1, 4, &u))
				return cam_fail_at(P, q - 1, "expected \\u and 4 hex digits");
			if (u == 0 || u > 0x7f)
				return cam_fail_at(P, q - 1,
						   "\\u%04x is not ASCII (a camera file is ASCII "
						   "text)",
						   u);
			cam_text_add(P, (char)u);
			q += 4;
			break;
		default:
			return cam_fail_at(P, q - 1, "unknown escape \\%c in a string", *q);
		}
	}
	if (q >= P->end)
		return cam_fail_at(P, q, "a string is not closed (expected '\"')");
	cam_advance(P, q + 1);
	return LV_OK;
}

/* A number or a word at P->p, its bytes into P->text. */
static int bare(cam_parser *P)
{
	const char *q = P->p;

	cam_text_reset(P);
	while (q < P->end &&
	       (strchr("+-.eE", *q) || (*q >= '0' && *q <= '9') || (*q >= 'a' && *q <= 'z')))
		cam_text_add(P, *q++);
	if (q == P->p)
		return expected(P, "a value");
	if (P->text[0] >= 'a' && P->text[0] <= 'z' && strcmp(P->text, "true") &&
	    strcmp(P->text, "false") && strcmp(P->text, "null"))
		return cam_fail_at(P, P->p, "expected a value, found '%s'",
				   P->too_long ? "a long word" : P->text);
	cam_advance(P, q);
	return LV_OK;
}

static int object(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	int rc = cam_emit(P, CAM_MAP, depth, key, kl, kc, P->p, 0);

	cam_advance(P, P->p + 1);
	for (int first = 1; rc == LV_OK; first = 0) {
		long l, c;
		skip_ws(P);
		if (P->p < P->end && *P->p == '}' && first)
			break;
		if (P->p >= P->end || *P->p != '"')
			return expected(P, first ? "a key or '}'" : "a key");
		l = P->line;
		c = cam_col(P, P->p);
		if ((rc = string(P)) < 0)
			return rc;
		if (P->too_long)
			return cam_fail_at(P, P->p, "a key longer than %d characters",
					   CAMERA_TEXT_MAX);
		memcpy(P->key, P->text, P->len + 1);
		skip_ws(P);
		if (P->p >= P->end || *P->p != ':')
			return expected(P, "':'");
		cam_advance(P, P->p + 1);
		skip_ws(P);
		if ((rc = value(P, depth + 1, P->key, l, c)) < 0)
			return rc;
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			cam_advance(P, P->p + 1);
			continue;
		}
		if (P->p >= P->end || *P->p != '}')
			return expected(P, "',' or '}'");
		break;
	}
	if (rc == LV_OK) {
		cam_advance(P, P->p + 1);
		rc = cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
	}
	return rc;
}

static int array(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	int rc = cam_emit(P, CAM_SEQ, depth, key, kl, kc, P->p, 0);

	cam_advance(P, P->p + 1);
	for (int first = 1; rc == LV_OK; first = 0) {
		skip_ws(P);
		if (P->p < P->end && *P->p == ']' && first)
			break;
		if ((rc = value(P, depth + 1, NULL, 0, 0)) < 0)
			return rc;
		skip_ws(P);
		if (P->p < P->end && *P->p == ',') {
			cam_advance(P, P->p + 1);
			continue;
		}
		if (P->p >= P->end || *P->p != ']')
			return expected(P, "',' or ']'");
		break;
	}
	if (rc == LV_OK) {
		cam_advance(P, P->p + 1);
		rc = cam_emit(P, CAM_END, depth, NULL, 0, 0, P->p, 0);
	}
	return rc;
}

static int value(cam_parser *P, int depth, const char *key, long kl, long kc)
{
	const char *at = P->p;
	int rc;

	if (at >= P->end)
		return expected(P, "a value");
	if (*at == '{')
		return object(P, depth, key, kl, kc);
	if (*at == '[')
		return array(P, depth, key, kl, kc);
	rc = *at == '"' ? string(P) : bare(P);
	if (rc < 0)
		return rc;
	/* strings and words end on their line: `at` is on P's line */
	rc = cam_emit(P, CAM_SCALAR, depth, key, kl, kc, at, *at == '"');
	return rc;
}

int cam_parse_json(cam_parser *P)
{
	int rc;

	skip_ws(P);
	if (P->p >= P->end || *P->p != '{')
		return expected(P, "'{'");
	if ((rc = value(P, 0, NULL, 0, 0)) < 0)
		return rc;
	skip_ws(P);
	if (P->p < P->end)
		return expected(P, "the end of the file after the last '}'");
	return LV_OK;
}
