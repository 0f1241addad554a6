/*
 * limbvol history: a patient's measurements with volume and uncertainty,
 * excess volume and PEV against the other limb, RVC against the baseline,
 * and each drainage session's pre->post change marked when it exceeds MDC95.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char usage[] = "usage: limbvol history [options] PATIENT\n";

static const char about[] =
	"Every measurement of patient P in date order with its volume and standard\n"
	"uncertainty (mL).  For the affected limb, against the other limb measured\n"
	"in the same session (or day) and phase:\n"
	"  EV   excess volume, affected - other (mL)\n"
	"  PEV  percent excess volume, EV / other x 100 (>= 10 % commonly lymphedema)\n"
	"  RVC  relative volume change against the baseline pair,\n"
	"       (A2 U1) / (U2 A1) - 1 (Ancukiewicz 2011), in %\n"
	"For each post measurement: the change from the pre measurement of the same\n"
	"session and limb, in mL and %, with MDC95 = 1.96 sqrt(sd_pre^2 + sd_post^2);\n"
	"a change larger than MDC95 is marked 'real' (yes in CSV, true in JSON).\n"
	"With body weights stored ('limbvol patients P --weight KG --date D'): WAC,\n"
	"the weight-adjusted change of each limb against its baseline,\n"
	"(A2 W1) / (A1 W2) - 1 in %, W the latest weight on or before the day.\n"
	"The affected limb is the one set with 'limbvol patients P --affected LIMB'\n"
	"or 'record --affected'; when none is set, the larger limb of the pair that\n"
	"differs most is taken (and the heading says so).\n";

static const char more[] = "examples:\n"
			   "  limbvol history P001\n"
			   "  limbvol history P001 --limb left-arm --format csv\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such patient or limb,\n"
			   "74 store error.\n";

struct history_opts {
	const char *db;
	int fmt; /* enum cli_format */
	struct sc_limb only;
	struct cli_operands patient;
};

#define OFF(field) offsetof(struct history_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "limb", 0, OFF(only), .arg = "LIMB", .set = sc_set_limb,
	  .help = "show only this limb's measurements (metrics unchanged)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

static const struct cli_cmd history_cmd = { "history", usage, about, options, more, NULL, NULL, 0 };

static void text_row(const lv_history_row *r, int wac)
{
	char a[32], b[32], c[32], vol[80];
	printf("%6lld  %-16s ", (long long)r->id, r->date);
	if (r->session)
		printf("%5lld %-9s ", (long long)r->session, lv_session_kind_name(r->session_kind));
	else
		printf("%5s %-9s ", "-", "");
	printf("%-9s %-8s ", lv_limb_name(r->limb), lv_phase_name(r->phase));
	lv_number_format(r->volume_ml, 1, a, sizeof a);
	lv_number_format(r->sd_ml, 1, b, sizeof b);
	snprintf(vol, sizeof vol, "%s \xc2\xb1 %s", a, b);
	printf("%*s", 16, vol); /* the 2-byte sign takes one column: 15 wide */
	if (r->has_pair) {
		char over[40];
		lv_number_format(r->ev_ml, 1, a, sizeof a);
		lv_number_format(r->pev_percent, 1, b, sizeof b);
		lv_number_format(r->compare_from_cm, 0, c, sizeof c);
		snprintf(over, sizeof over, "%s-", c);
		lv_number_format(r->compare_to_cm, 0, c, sizeof c);
		strncat(over, c, sizeof over - strlen(over) - 1);
		printf(" %8s %6s %7s", a, b, over);
	} else {
		printf(" %8s %6s %7s", "", "", r->note[0] ? "*" : "");
	}
	if (r->has_rvc) {
		lv_number_format(r->rvc_percent, 1, a, sizeof a);
		printf(" %6s", a);
	} else {
		printf(" %6s", "");
	}
	if (wac) {
		if (r->has_wac)
			lv_number_format(r->wac_percent, 1, a, sizeof a);
		printf(" %6s", r->has_wac ? a : "");
	}
	if (r->has_change) {
		lv_number_format(r->change_ml, 1, a, sizeof a);
		lv_number_format(r->change_percent, 1, b, sizeof b);
		lv_number_format(r->mdc95_ml, 1, c, sizeof c);
		printf("  %8s %6s %6s  %s", a, b, c, r->exceeds_mdc ? "real" : "within error");
	}
	putchar('\n');
}

static void csv_opt(int has, double v, int dec)
{
	putchar(',');
	if (has)
		sc_num(stdout, v, dec);
}

/* A note in CSV: quoted when it holds a comma or a quote. */
static void csv_note(const char *s)
{
	if (!strpbrk(s, ",\"")) {
		fputs(s, stdout);
		return;
	}
	putchar('"');
	for (; *s; s++) {
		if (*s == '"')
			putchar('"');
		putchar(*s);
	}
	putchar('"');
}

static void csv_row(const lv_history_row *r)
{
	printf("%lld,%s,", (long long)r->id, r->date);
	if (r->session)
		printf("%lld", (long long)r->session);
	printf(",%s,%s,%s,%s,", r->session ? lv_session_kind_name(r->session_kind) : "",
	       lv_limb_name(r->limb), lv_phase_name(r->phase), lv_method_name(r->method));
	sc_num(stdout, r->volume_ml, 3);
	putchar(',');
	sc_num(stdout, r->sd_ml, 3);
	csv_opt(r->has_pair, r->ev_ml, 3);
	csv_opt(r->has_pair, r->pev_percent, 3);
	csv_opt(r->has_rvc, r->rvc_percent, 3);
	csv_opt(r->has_change, r->change_ml, 3);
	csv_opt(r->has_change, r->change_percent, 3);
	csv_opt(r->has_change, r->mdc95_ml, 3);
	printf(",%s", r->has_change ? (r->exceeds_mdc ? "yes" : "no") : "");
	csv_opt(r->has_wac, r->wac_percent, 3);
	csv_opt(r->has_pair, r->compare_from_cm, 2);
	csv_opt(r->has_pair, r->compare_to_cm, 2);
	putchar(',');
	csv_note(r->note);
	putchar('\n');
}

/* JSON numbers read back to the same double (issue 9); text and CSV keep
 * their clinical rounding */
static void json_num(const char *key, int has, double v)
{
	printf(", \"%s\": ", key);
	if (has)
		cli_number_json(stdout, v);
	else
		fputs("null", stdout);
}

static void json_row(const lv_history_row *r, int first)
{
	printf("%s    {\"id\": %lld, \"date\": \"%s\", \"session\": ", first ? "" : ",\n",
	       (long long)r->id, r->date);
	if (r->session)
		printf("%lld, \"session_kind\": \"%s\"", (long long)r->session,
		       lv_session_kind_name(r->session_kind));
	else
		fputs("null, \"session_kind\": null", stdout);
	printf(", \"limb\": \"%s\", \"phase\": \"%s\", \"method\": \"%s\"", lv_limb_name(r->limb),
	       lv_phase_name(r->phase), lv_method_name(r->method));
	json_num("volume_ml", 1, r->volume_ml);
	json_num("sd_ml", 1, r->sd_ml);
	json_num("ev_ml", r->has_pair, r->ev_ml);
	json_num("pev_percent", r->has_pair, r->pev_percent);
	json_num("rvc_percent", r->has_rvc, r->rvc_percent);
	json_num("change_ml", r->has_change, r->change_ml);
	json_num("change_percent", r->has_change, r->change_percent);
	json_num("mdc95_ml", r->has_change, r->mdc95_ml);
	printf(", \"exceeds_mdc\": %s",
	       r->has_change ? (r->exceeds_mdc ? "true" : "false") : "null");
	json_num("wac_percent", r->has_wac, r->wac_percent);
	json_num("compared_from_cm", r->has_pair, r->compare_from_cm);
	json_num("compared_to_cm", r->has_pair, r->compare_to_cm);
	fputs(", \"note\": ", stdout);
	if (r->note[0])
		cli_json_string(stdout, r->note);
	else
		fputs("null", stdout);
	putchar('}');
}

int cmd_history(int argc, char **argv)
{
	struct history_opts o;
	const char *code;
	lv_store *s = NULL;
	lv_history *h = NULL;
	lv_limb only, aff;
	int has_only, assumed = 0, has_aff, rc, first = 1, fmt;
	size_t k, n;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&history_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.patient.n == 0)
		return cli_usage_error("history", "which patient? (limbvol history P)");
	if (o.patient.n > 1)
		return cli_usage_error("history", "one patient at a time ('%.40s' is extra)",
				       o.patient.v[1]);
	code = o.patient.v[0];
	fmt = o.fmt;
	only = o.only.limb;
	has_only = o.only.given;
	if (lv_store_check_code(code) < 0)
		return cli_usage_error("history", "patient: %s", lv_error_last()->message);
	if ((rc = sc_open("history", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	if (lv_store_history(s, code, &h) < 0) {
		rc = cli_report("history");
		goto done;
	}
	n = lv_history_count(h);
	if (has_only && !lv_history_has_limb(h, only)) {
		char list[64] = "";
		for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++)
			if (lv_history_has_limb(h, (lv_limb)l)) {
				strcat(list, list[0] ? ", " : "");
				strcat(list, lv_limb_name((lv_limb)l));
			}
		fputs("limbvol history: patient '", stderr);
		sc_code(stderr, code);
		fprintf(stderr, "' has no %s measurements; limbs measured: %s\n",
			lv_limb_name(only), list[0] ? list : "none");
		rc = CLI_EXIT_NOINPUT;
		goto done;
	}
	has_aff = lv_history_affected(h, &aff, &assumed);
	if (fmt == CLI_FORMAT_TEXT) {
		fputs("patient ", stdout);
		sc_code(stdout, code);
		if (has_aff)
			printf(": affected limb %s%s, other %s\n", lv_limb_name(aff),
			       assumed ? " (assumed: the larger limb where the two differ most; set it with"
					 " 'limbvol patients P --affected LIMB')"
				       : "",
			       lv_limb_name(lv_limb_other(aff)));
		else
			puts(": no measurements of both limbs at one visit, so no EV, PEV or RVC");
		printf("\n%6s  %-16s %5s %-9s %-9s %-8s %15s %8s %6s %7s %6s", "id", "date",
		       "sess.", "kind", "limb", "phase", "volume mL", "EV mL", "PEV %", "over cm",
		       "RVC %");
		if (lv_history_has_wac(h))
			printf(" %6s", "WAC %");
		printf("  %8s %6s %6s\n", "change", "%", "MDC95");
	} else if (fmt == CLI_FORMAT_CSV) {
		puts("id,date,session,session_kind,limb,phase,method,volume_ml,sd_ml,ev_ml,pev_percent,"
		     "rvc_percent,change_ml,change_percent,mdc95_ml,exceeds_mdc,wac_percent,"
		     "compared_from_cm,compared_to_cm,note");
	} else {
		fputs("{\"patient\": ", stdout);
		sc_code_json(stdout, code);
		fputs(", \"affected\": ", stdout);
		if (has_aff)
			printf("\"%s\", \"affected_assumed\": %s", lv_limb_name(aff),
			       assumed ? "true" : "false");
		else
			fputs("null, \"affected_assumed\": null", stdout);
		fputs(",\n  \"measurements\": [\n", stdout);
	}
	for (k = 0; k < n; k++) {
		const lv_history_row *r = lv_history_row_at(h, k);
		if (has_only && r->limb != only)
			continue;
		if (fmt == CLI_FORMAT_TEXT)
			text_row(r, lv_history_has_wac(h));
		else if (fmt == CLI_FORMAT_CSV)
			csv_row(r);
		else
			json_row(r, first);
		first = 0;
	}
	if (fmt == CLI_FORMAT_JSON)
		puts("\n  ]}");
	else if (fmt == CLI_FORMAT_TEXT) {
		puts("\nEV, PEV: affected limb against the other limb of the same session and phase,\n"
		     "over the range both cover ('over cm'; each volume re-taken there when the two\n"
		     "were measured over different lengths); RVC: against the baseline pair, over\n"
		     "the range all four cover; change: post - pre of the session, 'real' when\n"
		     "larger than MDC95 (from the tape reading uncertainty).");
		for (k = 0; k < n; k++) {
			const lv_history_row *r = lv_history_row_at(h, k);
			if (r->note[0] && (!has_only || r->limb == only))
				printf("* %lld: %s\n", (long long)r->id, r->note);
		}
	}
	if (fmt == CLI_FORMAT_TEXT && lv_history_has_wac(h))
		puts("WAC: weight-adjusted change of the limb against its baseline, (A2 W1) / (A1 W2) - 1.");
	if (fflush(stdout))
		rc = CLI_EXIT_IO;
done:
	lv_history_free(h);
	lv_store_close(s);
	return rc;
}
