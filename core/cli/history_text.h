/*
 * history_text.h - a patient's history as a text table that fits the width
 * it is given: the columns that matter most first (id, date, limb, phase,
 * volume; then PEV, RVC and the alert; then a session's change), the others
 * (time, session, kind, EV, range, WAC, MDC95) as the width allows; every
 * column with width 0.  A column empty for every row is not shown.
 */
#ifndef HISTORY_TEXT_H
#define HISTORY_TEXT_H

#include <stdio.h>

#include "limbvol/alerts.h"
#include "limbvol/store.h"

struct ht_opts {
	int width; /* the columns to fit in; 0: every column (--wide) */
	int has_only; /* only the rows of limb `only` */
	lv_limb only;
	const lv_alert_thresholds *thresholds;
};

/* The heading, the table and its notes for one patient. */
void ht_print(FILE *f, const lv_history *h, const struct ht_opts *o);

/* The width to fit: the terminal's when stdout is one (TIOCGWINSZ, else
 * $COLUMNS), else 80. */
int ht_output_width(void);

#endif
