/*
 * history_cli.h - what the commands that read a patient's history (history,
 * trend, alerts, report) share: the one PATIENT operand, loading the history
 * with its errors printed, the check that a --limb was measured, the
 * surveillance thresholds as options (--early, --lymphedema), and the
 * patients of the store in code order (--all).
 */
#ifndef HISTORY_CLI_H
#define HISTORY_CLI_H

#include <stddef.h>

#include "opt.h"
#include "limbvol/alerts.h"
#include "limbvol/store.h"

/*
 * The patient code of a command taking one PATIENT: a usage error (64,
 * printed; `example` shows the call) when none, two or a malformed one.
 */
int hc_one_patient(const char *cmd, const struct cli_operands *ops, const char *example,
		   const char **code);

/* The history of patient code from an open store; prints the error and
 * returns an exit code (0 ok, 66 no such patient, 74 store). */
int hc_load(const char *cmd, lv_store *s, const char *code, lv_history **out);

/*
 * When the history has no measurements of limb: prints "limbvol CMD:
 * patient 'P' has no LIMB measurements; limbs measured: ..." and returns 66;
 * else 0.
 */
int hc_check_limb(const char *cmd, const lv_history *h, lv_limb limb);

/*
 * --early PCT and --lymphedema PCT, a fragment of an option table (opt.h)
 * at an lv_alert_thresholds; set it with lv_alert_thresholds_init() before
 * parsing and check it after with hc_check_thresholds().
 */
extern const struct cli_opt hc_alert_options[];
/* A usage error (64, printed) unless early <= lymphedema; else 0. */
int hc_check_thresholds(const char *cmd, const lv_alert_thresholds *t);

/* Every patient code of the store, in code order (free with hc_codes_free). */
struct hc_codes {
	char **v;
	size_t n;
};
int hc_codes(const char *cmd, lv_store *s, struct hc_codes *out);
void hc_codes_free(struct hc_codes *c);

#endif
