/*
 * limbvol/alerts.h - surveillance alerts: when the relative volume change
 * (RVC) of the limb at risk, measured from its baseline pair (before
 * surgery), crosses the thresholds at which clinics act (doc/clinical.md,
 * "Surveillance alerts"):
 *
 *   RVC >= 5 % and < 10 %   early intervention (the PREVENT trial's trigger
 *                           for a compression sleeve: Ridner et al. 2022,
 *                           Shah et al. 2016; Specht et al. 2013: progression
 *                           HR 2.97 more than 3 months after surgery)
 *   RVC >= 10 %             lymphedema
 *
 * RVC is the history's (limbvol/store.h, lv_assess in limbvol/assess.h):
 * (A2 U1) / (U2 A1) - 1 against the baseline pair, over the range all four
 * measurements cover.  Only measurements taken before a session or at a
 * follow-up count (phase baseline, pre, other): a post value shows one
 * drainage session's short effect, not the course.
 *
 *     lv_alert_thresholds t;
 *     lv_alerts a;
 *     lv_alert_thresholds_init(&t);            5 % and 10 %
 *     lv_history_alerts(h, &t, &a);
 *     if (a.has_latest && a.latest_level != LV_ALERT_NONE)
 *         ... row a.latest_row crosses lv_alert_level_name(a.latest_level) ...
 *     if (a.has_first[LV_ALERT_EARLY])
 *         ... first reached 5 % at row a.first_row[LV_ALERT_EARLY] ...
 */
#ifndef LIMBVOL_ALERTS_H
#define LIMBVOL_ALERTS_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/store.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The defaults (doc/clinical.md, Surveillance alerts). */
#define LV_ALERT_EARLY_PERCENT 5.0
#define LV_ALERT_LYMPHEDEMA_PERCENT 10.0

typedef enum lv_alert_level {
	LV_ALERT_NONE = 0,
	LV_ALERT_EARLY = 1, /* early-intervention trigger */
	LV_ALERT_LYMPHEDEMA = 2
} lv_alert_level;

/* "none", "early", "lymphedema" */
LV_EXTERN const char *lv_alert_level_name(lv_alert_level l);

typedef struct lv_alert_thresholds {
	double early_percent; /* RVC from which early intervention is due */
	double lymphedema_percent; /* RVC from which it is lymphedema */
} lv_alert_thresholds;

/* LV_ALERT_EARLY_PERCENT, LV_ALERT_LYMPHEDEMA_PERCENT */
LV_EXTERN void lv_alert_thresholds_init(lv_alert_thresholds *t);
/* LV_EINVAL with a message unless 0 < early <= lymphedema <= 1000. */
LV_EXTERN int lv_alert_thresholds_check(const lv_alert_thresholds *t);
/* The level an RVC (%) reaches: >= lymphedema, else >= early, else none. */
LV_EXTERN lv_alert_level lv_alert_level_of(const lv_alert_thresholds *t, double rvc_percent);

/* A patient's history against the thresholds (row indexes of the history). */
typedef struct lv_alerts {
	int has_rvc; /* some measurement that counts has an RVC */
	int baseline_marked; /* the baseline pair is of phase baseline; 0: the
				first pair stands in for it (see store.h) */
	int has_baseline;
	size_t baseline_row; /* the affected limb's baseline measurement */
	int has_latest;
	size_t latest_row; /* the latest measurement that counts with an RVC */
	double latest_rvc_percent;
	lv_alert_level latest_level;
	/* the measurement at which each level was first reached (index by level;
	 * [LV_ALERT_NONE] unused); reaching lymphedema also reaches early */
	int has_first[3];
	size_t first_row[3];
} lv_alerts;

/* Fails only for invalid thresholds (LV_EINVAL). */
LV_EXTERN int lv_history_alerts(const lv_history *h, const lv_alert_thresholds *t, lv_alerts *out);

/* The levels first reached at history row `row`: bit (1u << level) for each. */
LV_EXTERN unsigned lv_alerts_first_at(const lv_alerts *a, size_t row);

/* 1 when history row r counts for the alerts (an RVC, not phase post). */
LV_EXTERN int lv_alert_row_counts(const lv_history_row *r);

#ifdef __cplusplus
}
#endif
#endif
