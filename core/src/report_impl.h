/*
 * report_impl.h - what the report page's model (report_page.c: the visits,
 * the baseline, the latest profile, the layout) and its drawing
 * (report_draw.c) share.
 */
#ifndef REPORT_IMPL_H
#define REPORT_IMPL_H

#include <cairo.h>
#include <stddef.h>

#include "limbvol/alerts.h"
#include "limbvol/report_page.h"
#include "limbvol/trend.h"

#define REPORT_NO_ROW ((size_t)-1)

/* One visit (a session, or a day) and phase: a row of the table. */
struct report_visit {
	size_t row[2]; /* history rows of limb[0] and limb[1], REPORT_NO_ROW: none */
};

/* The trend and the profile are painted at these sizes, scaled into the page. */
#define REPORT_TREND_W 680
#define REPORT_TREND_H 340
#define REPORT_PROFILE_W 600
#define REPORT_PROFILE_H 420

struct report_page {
	const lv_history *h;
	const lv_report_opts *o;
	double w, hgt, margin; /* the page, points */
	int has_affected, assumed;
	lv_limb limb[2]; /* the table's limbs: affected (or first measured), other */
	struct report_visit *v;
	size_t nv, first_shown, shown, other_limbs;
	size_t base_row[2]; /* the baseline pair (RVC's reference), REPORT_NO_ROW: none */
	size_t prof_row[2]; /* the latest profile: limb, other (REPORT_NO_ROW: none) */
	lv_trend *trend; /* NULL when it cannot be drawn */
	lv_alerts alerts; /* the thresholds crossed */
	/* the layout, points from the top */
	double y_table, row_h, y_trend, trend_scale, y_bottom, profile_scale;
};

/* Row heights and fixed parts of the page, points. */
#define REPORT_ROW_H 9.6
#define REPORT_HEAD_H 56.0
#define REPORT_TABLE_HEAD_H 22.0
#define REPORT_NOTE_H 12.0
#define REPORT_GAP 8.0
#define REPORT_FOOTER_H 16.0

/* Paint the page on cr (points). */
void report_draw(cairo_t *cr, const struct report_page *pg);

/* "right arm" for right-arm. */
void report_limb_words(lv_limb l, char *buf, size_t size);

#endif
