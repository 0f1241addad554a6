/* What the history readers share (history_cli.h). */
#include "history_cli.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "store_cli.h"
#include "limbvol/error.h"

int hc_one_patient(const char *cmd, const struct cli_operands *ops, const char *example,
		   const char **code)
{
	if (ops->n == 0)
		return cli_usage_error(cmd, "which patient? (%s)", example);
	if (ops->n > 1)
		return cli_usage_error(cmd, "one patient at a time ('%.40s' is extra)", ops->v[1]);
	if (lv_store_check_code(ops->v[0]) < 0)
		return cli_usage_error(cmd, "patient: %s", lv_error_last()->message);
	*code = ops->v[0];
	return CLI_EXIT_OK;
}

int hc_load(const char *cmd, lv_store *s, const char *code, lv_history **out)
{
	if (lv_store_history(s, code, out) < 0)
		return cli_report(cmd);
	return CLI_EXIT_OK;
}

int hc_check_limb(const char *cmd, const lv_history *h, lv_limb limb)
{
	char list[64] = "";

	if (lv_history_has_limb(h, limb))
		return CLI_EXIT_OK;
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++)
		if (lv_history_has_limb(h, (lv_limb)l)) {
			strcat(list, list[0] ? ", " : "");
			strcat(list, lv_limb_name((lv_limb)l));
		}
	fprintf(stderr, "limbvol %s: patient '", cmd);
	sc_code(stderr, lv_history_patient(h));
	fprintf(stderr, "' has no %s measurements; limbs measured: %s\n", lv_limb_name(limb),
		list[0] ? list : "none");
	return CLI_EXIT_NOINPUT;
}

#define TOFF(field) offsetof(lv_alert_thresholds, field)

const struct cli_opt hc_alert_options[] = {
	{ CLI_NUMBER, "early", 0, TOFF(early_percent), .arg = "PCT", .min = 0, .max = 1000,
	  .flags = CLI_ABOVE_MIN,
	  .help = "RVC from which early intervention is due (default 5;\n"
		  "PREVENT trial, Specht 2013: doc/clinical.md)" },
	{ CLI_NUMBER, "lymphedema", 0, TOFF(lymphedema_percent), .arg = "PCT", .min = 0,
	  .max = 1000, .flags = CLI_ABOVE_MIN,
	  .help = "RVC from which it is lymphedema (default 10)" },
	{ CLI_END }
};

int hc_check_thresholds(const char *cmd, const lv_alert_thresholds *t)
{
	if (lv_alert_thresholds_check(t) < 0)
		return cli_usage_error(cmd, "options --early and --lymphedema: %s",
				       lv_error_last()->message);
	return CLI_EXIT_OK;
}

struct codes_ctx {
	struct hc_codes *c;
	size_t cap;
	int oom;
};

static int add_code(const lv_patient_info *p, void *vctx)
{
	struct codes_ctx *x = vctx;
	struct hc_codes *c = x->c;
	if (c->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 32;
		char **v = realloc(c->v, cap * sizeof *v);
		if (!v)
			return x->oom = 1;
		c->v = v;
		x->cap = cap;
	}
	if (!(c->v[c->n] = strdup(p->code)))
		return x->oom = 1;
	c->n++;
	return 0;
}

int hc_codes(const char *cmd, lv_store *s, struct hc_codes *out)
{
	struct codes_ctx x = { out, 0, 0 };
	out->v = NULL;
	out->n = 0;
	if (lv_store_patients(s, add_code, &x) < 0 && !x.oom) {
		hc_codes_free(out);
		return cli_report(cmd);
	}
	if (x.oom) {
		hc_codes_free(out);
		fprintf(stderr, "limbvol %s: out of memory\n", cmd);
		return CLI_EXIT_SOFTWARE;
	}
	return CLI_EXIT_OK;
}

void hc_codes_free(struct hc_codes *c)
{
	for (size_t i = 0; i < c->n; i++)
		free(c->v[i]);
	free(c->v);
	c->v = NULL;
	c->n = 0;
}
