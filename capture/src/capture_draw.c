/* The preview's bars of text (capture_draw.h). */
#include "capture_draw.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "cvs_photo.h"
#include "cvs_video.h"

#define LINE_CHARS 640
/* below this the text is broken at spaces whatever it takes */
#define MIN_TEXT_PX 8.0
#define SHRINK 0.85

typedef struct lines {
	char text[CAPTURE_BAR_LINES][LINE_CHARS];
	int n;
} lines;

/* Is text[0, n) at most max_w px wide at px?  1 yes, 0 no, < 0 an error. */
static int fits(const char *text, size_t n, double px, int max_w)
{
	char buf[LINE_CHARS];
	int w, rc;

	if (n >= sizeof buf)
		return 0;
	memcpy(buf, text, n);
	buf[n] = '\0';
	if ((rc = cvs_text_width(buf, px, &w)) < 0)
		return rc;
	return w <= max_w;
}

/* The end of the longest run of whole pieces (text cut at sep) from p that
 * fits; NULL when even the first piece does not. */
static const char *longest_fit(const char *p, const char *sep, double px, int max_w, int *rc)
{
	const char *end = NULL, *q = p;

	for (;;) {
		const char *next = strstr(q, sep), *e = next ? next : p + strlen(p);
		if ((*rc = fits(p, (size_t)(e - p), px, max_w)) <= 0)
			break; /* wider with every piece: the run before was the longest */
		end = e;
		if (!next)
			break;
		q = next + strlen(sep);
	}
	return end;
}

/*
 * Break text at sep into lines no wider than max_w px.  1 when it fits in
 * CAPTURE_BAR_LINES lines, 0 when not, < 0 an error.  With force it is
 * broken all the same (a piece too wide alone on its line, lines beyond
 * the last dropped) and 1 returned.
 */
static int wrap(const char *text, const char *sep, double px, int max_w, int force, lines *out)
{
	const char *p = text;
	int rc = 0;

	out->n = 0;
	while (*p == ' ')
		p++;
	while (*p) {
		const char *end = longest_fit(p, sep, px, max_w, &rc);
		if (rc < 0)
			return rc;
		if (!end && !force)
			return 0;
		if (!end) {
			const char *next = strstr(p, sep);
			end = next ? next : p + strlen(p);
		}
		if (out->n == CAPTURE_BAR_LINES)
			return force;
		snprintf(out->text[out->n++], LINE_CHARS, "%.*s", (int)(end - p), p);
		p = *end ? end + strlen(sep) : end;
		while (*p == ' ')
			p++;
	}
	return 1;
}

int capture_draw_bar(cvs_image *img, int at_bottom, const char *text, unsigned rgb, double text_px)
{
	cvs_view v;
	lines l;
	double px = text_px;
	int rc, bar, y0;

	cvs_image_view(img, &v);
	for (;;) {
		int force = px * SHRINK < MIN_TEXT_PX,
		    max_w = v.width - 2 * (int)ceil(px * 0.6); /* the left margin, on both sides */
		if ((rc = wrap(text, CAPTURE_BAR_SEP, px, max_w, 0, &l)) == 0)
			rc = wrap(text, " ", px, max_w, force, &l);
		if (rc < 0)
			return rc;
		if (rc == 1)
			break;
		px *= SHRINK;
	}
	bar = (int)ceil(px * (0.45 + 1.5 * l.n));
	y0 = at_bottom ? v.height - bar : 0;
	if ((rc = cvs_draw_box(img, 0, y0, v.width, bar, 0x000000, 0.6)) < 0)
		return rc;
	for (int i = 0; i < l.n; i++)
		if ((rc = cvs_draw_text(img, px * 0.6, y0 + px * (1.25 + 1.5 * i), l.text[i], rgb,
					px)) < 0)
			return rc;
	return LV_OK;
}

void capture_flash_line(char *buf, size_t size, const char *flash, const char *next, int keep_next)
{
	if (keep_next && next[0])
		snprintf(buf, size, "%s" CAPTURE_BAR_SEP "%s", flash, next);
	else
		snprintf(buf, size, "%s", flash);
}
