/*
 * limbvol/report_page.h - one page for a patient's file: PDF (true A4 or
 * US Letter), PNG or SVG, drawn with cairo.
 *
 * From top to bottom:
 *   the pseudonymous code, the affected limb (or that it was assumed) and
 *   the baseline (the visit RVC is taken against, with both volumes and
 *   PEV; "no baseline recorded" when the reference is only the first visit);
 *   the surveillance thresholds crossed (lv_history_alerts: the visit at
 *   which each was first reached, bold in the table, and the latest RVC);
 *   a table of the visits, one row per visit (session, or day) and phase:
 *   date, session, phase, volume +- sd of both limbs, EV, PEV, RVC and the
 *   pre->post change of the affected limb with whether it exceeds MDC95.
 *   Every figure is the store's history (lv_store_history: lv_assess over
 *   common ranges), none is computed here.  When the visits do not all fit
 *   the latest are shown and the page says how many earlier ones are not;
 *   the trend chart (limbvol/trend.h);
 *   the latest limb profile with both limbs (limbvol/profile_plot.h);
 *   a footer with the abbreviations, the date printed and limbvol's version.
 *
 * Texts from outside (the patient code, the date printed) are shown through
 * lv_store_code_escape: valid UTF-8 as it is, other bytes as \xNN.
 *
 *     lv_report_opts o = LV_REPORT_OPTS_INIT;
 *     lv_report_info info;
 *     o.paper = LV_PAPER_LETTER;
 *     o.printed = "2026-12-02";
 *     if (lv_report_page(h, &o, "report.pdf", LV_PLOT_PDF, &info) < 0) ...
 */
#ifndef LIMBVOL_REPORT_PAGE_H
#define LIMBVOL_REPORT_PAGE_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/alerts.h"
#include "limbvol/store.h"
#include "limbvol/trend.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lv_paper { LV_PAPER_A4 = 0, LV_PAPER_LETTER = 1 } lv_paper;

/* Page sizes in PostScript points (1/72 in): A4 210 x 297 mm, Letter 8.5 x 11 in. */
#define LV_PAPER_A4_WIDTH_PT (210.0 / 25.4 * 72.0) /* 595.28 */
#define LV_PAPER_A4_HEIGHT_PT (297.0 / 25.4 * 72.0) /* 841.89 */
#define LV_PAPER_LETTER_WIDTH_PT 612.0
#define LV_PAPER_LETTER_HEIGHT_PT 792.0
/* A PNG page: 150 pixels per inch. */
#define LV_REPORT_PNG_DPI 150

#define LV_REPORT_OPTS_VERSION 1

typedef struct lv_report_opts {
	unsigned version; /* LV_REPORT_OPTS_VERSION */
	lv_paper paper;
	const char *printed; /* the date printed, shown as given; NULL: not shown */
	size_t max_rows; /* visits in the table at most; 0: as many as fit */
	lv_alert_thresholds thresholds; /* the surveillance thresholds (limbvol/alerts.h) */
} lv_report_opts;

#define LV_REPORT_OPTS_INIT                                                 \
	{                                                                   \
		LV_REPORT_OPTS_VERSION, LV_PAPER_A4, NULL, 0,               \
		{                                                           \
			LV_ALERT_EARLY_PERCENT, LV_ALERT_LYMPHEDEMA_PERCENT \
		}                                                           \
	}

/* What the page holds. */
typedef struct lv_report_info {
	double width_pt, height_pt; /* the page */
	size_t visits; /* rows of the patient's visit table */
	size_t shown; /* of those on the page: the latest */
	size_t left_out; /* visits - shown: the earliest */
	size_t other_limbs; /* measurements of limbs outside the table's two */
} lv_report_info;

/*
 * Draw the page of h's patient into path as fmt (a temporary file renamed
 * into place: all or nothing).  info (may be NULL) says what it holds.
 * LV_EINVAL for bad options (thresholds as lv_alert_thresholds_check), LV_ENOTFOUND for a patient without
 * measurements, LV_EIO when path cannot be written.
 */
LV_EXTERN int lv_report_page(const lv_history *h, const lv_report_opts *opts, const char *path,
			     lv_plot_format fmt, lv_report_info *info);

/* The page's size in points. */
LV_EXTERN void lv_paper_size(lv_paper paper, double *width_pt, double *height_pt);

#ifdef __cplusplus
}
#endif
#endif
