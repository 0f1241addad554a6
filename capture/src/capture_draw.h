/*
 * capture_draw.h - the preview's bars of text: the guidance on top, the
 * views taken, the live volume and the keys below.
 *
 * A bar spans the frame's width on a dark band.  Its text never runs off
 * the frame: it is broken into lines (at most CAPTURE_BAR_LINES) at the
 * separators "  |  " when that is enough, else at spaces, and drawn smaller
 * only when even that does not fit.
 */
#ifndef CAPTURE_DRAW_H
#define CAPTURE_DRAW_H

#include <stddef.h>

#include "cvs.h"

#define CAPTURE_BAR_LINES 3
#define CAPTURE_BAR_SEP "  |  "

/* Draw `text` in a bar at the top (at_bottom 0) or the bottom of img, in
 * colour rgb (0xRRGGBB), text_px high unless it must shrink to fit. */
int capture_draw_bar(cvs_image *img, int at_bottom, const char *text, unsigned rgb, double text_px);

/* The top bar's line while a flash (what just happened, "front view
 * taken") shows: the flash alone, or followed by the guidance `next` when
 * that is a step not to be missed (keep_next: the turn to the side view). */
void capture_flash_line(char *buf, size_t size, const char *flash, const char *next, int keep_next);

#endif
