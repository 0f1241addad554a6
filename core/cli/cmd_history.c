/*
 * limbvol history: a patient's measurements with volume and uncertainty,
 * excess volume and PEV against the other limb, RVC against the baseline
 * with the surveillance alerts, and each drainage session's pre->post change
 * marked when it exceeds MDC95.  The text table is history_text.c.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "history_cli.h"
#include "history_text.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "a patient's measurements with EV, PEV, RVC and session changes";

static const char usage[] = "usage: limbvol history [options] PATIENT\n"
			    "       limbvol history [options] --all\n";

static const char about[] =
	"Every measurement of patient P in date order with its volume and standard\n"
	"uncertainty (mL).  For the affected limb, against the other limb measured\n"
	"in the same session (or day) and phase:\n"
	"  EV   excess volume, affected - other (mL)\n"
	"  PEV  percent excess volume, EV / other x 100 (>= 10 % commonly lymphedema)\n"
	"  RVC  relative volume change against the baseline pair,\n"
	"       (A2 U1) / (U2 A1) - 1 (Ancukiewicz 2011), in %\n"
	"  alert  the RVC at or above the early-intervention threshold (5 %) or\n"
	"       lymphedema (10 %); '!' marks the visit where it was first reached\n"
	"       (see limbvol alerts; sources in doc/clinical.md)\n"
	"For each post measurement: the change from the pre measurement of the same\n"
	"session and limb, in mL and %, with MDC95 = 1.96 sqrt(sd_pre^2 + sd_post^2);\n"
	"two photos that have a repeat sd (limbvol batch --db) use their repeat sd\n"
	"instead when taken alike (the same number of views, camera distances\n"
	"within 10 %): what two such photo sets of the same limb share cancels in\n"
	"a change (doc/clinical.md); the text notes which, CSV and JSON say so in\n"
	"mdc95_basis (sd or repeat);\n"
	"a change larger than MDC95 is real (yes in the text and CSV, true in JSON).\n"
	"With body weights stored ('limbvol patients P --weight KG --date D'): WAC,\n"
	"the weight-adjusted change of each limb against its baseline,\n"
	"(A2 W1) / (A1 W2) - 1 in %, W the latest weight on or before the day.\n"
	"The affected limb is the one set with 'limbvol patients P --affected LIMB'\n"
	"or 'record --affected'; when none is set, the larger limb of the pair that\n"
	"differs most is taken (and the heading says so).\n\n"
	"The text table fits 80 columns (the terminal's width when the output is a\n"
	"terminal): the columns that do not fit are named below it; --wide shows\n"
	"every column.\n";

static const char more[] =
	"CSV columns: patient,id,date,session,session_kind,limb,phase,method,\n"
	"volume_ml,sd_ml,ev_ml,pev_percent,rvc_percent,change_ml,change_percent,\n"
	"mdc95_ml,exceeds_mdc,wac_percent,compared_from_cm,compared_to_cm,note,\n"
	"alert,alert_first,change_from_cm,change_to_cm,rvc_from_cm,rvc_to_cm,\n"
	"mdc95_basis (alert: none, early or lymphedema for a measurement with an\n"
	"RVC that counts, else empty; alert_first: the levels first reached at\n"
	"that measurement, space-separated; the ranges: what the change and RVC\n"
	"cover; mdc95_basis: sd, or repeat when MDC95 is of the repeat sd of two\n"
	"photos).\n\n"
	"examples:\n"
	"  limbvol history P001\n"
	"  limbvol history P001 --limb left-arm --format csv\n"
	"  limbvol history --all --format csv > all.csv\n"
	"  limbvol history P001 --format csv --csv-locale de > P001.csv\n"
	"  limbvol history P001 --early 3 --wide\n\n"
	"exit codes: 0 ok, 64 usage, 66 no store or no such patient or limb,\n"
	"74 store error.\n";

struct history_opts {
	const char *db;
	int fmt; /* enum cli_format */
	int wide, all;
	struct sc_limb only;
	lv_alert_thresholds th;
	lv_csv_style csv_style;
	struct cli_operands patient;
};

#define OFF(field) offsetof(struct history_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "limb", 0, OFF(only), .arg = "LIMB", .set = sc_set_limb,
	  .help = "show only this limb's measurements (metrics unchanged)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_FLAG, "wide", 0, OFF(wide), .help = "text: every column, whatever the width" },
	{ CLI_FLAG, "all", 0, OFF(all), .help = "every patient of the store, in code order" },
	{ CLI_INCLUDE, .include = hc_alert_options, .offset = OFF(th) },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd history_cmd = { "history", usage, about, options, more, summary, NULL, 0 };

/* One output: where, how, and the alerts of the patient being written. */
struct hout {
	FILE *f;
	int fmt;
	const struct history_opts *o;
	const lv_history *h;
	lv_alerts alerts;
	int first; /* JSON: no comma before the next item */
	int printed; /* patients written */
};

static void csv_opt(const struct hout *w, int has, double v, int dec)
{
	fputc(',', w->f);
	if (has)
		sc_num(w->f, v, dec);
}

/* The levels first reached at row i, space-separated ("" when none). */
static void first_levels(const struct hout *w, size_t i, char *buf, size_t size)
{
	unsigned bits = lv_alerts_first_at(&w->alerts, i);
	buf[0] = 0;
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA; k++)
		if (bits & (1u << k))
			snprintf(buf + strlen(buf), size - strlen(buf), "%s%s", buf[0] ? " " : "",
				 lv_alert_level_name((lv_alert_level)k));
}

static const char *level_of_row(const struct hout *w, const lv_history_row *r)
{
	if (!lv_alert_row_counts(r))
		return NULL;
	return lv_alert_level_name(lv_alert_level_of(&w->o->th, r->rvc_percent));
}

static void csv_row(const struct hout *w, size_t i)
{
	const lv_history_row *r = lv_history_row_at(w->h, i);
	FILE *f = w->f;
	const char *lvl = level_of_row(w, r);
	char first[40];

	sc_code(f, lv_history_patient(w->h));
	fprintf(f, ",%lld,%s,", (long long)r->id, r->date);
	if (r->session)
		fprintf(f, "%lld", (long long)r->session);
	fprintf(f, ",%s,%s,%s,%s,", r->session ? lv_session_kind_name(r->session_kind) : "",
		lv_limb_name(r->limb), lv_phase_name(r->phase), lv_method_name(r->method));
	sc_num(f, r->volume_ml, 3);
	fputc(',', f);
	sc_num(f, r->sd_ml, 3);
	csv_opt(w, r->has_pair, r->ev_ml, 3);
	csv_opt(w, r->has_pair, r->pev_percent, 3);
	csv_opt(w, r->has_rvc, r->rvc_percent, 3);
	csv_opt(w, r->has_change, r->change_ml, 3);
	csv_opt(w, r->has_change, r->change_percent, 3);
	csv_opt(w, r->has_change, r->mdc95_ml, 3);
	fprintf(f, ",%s", r->has_change ? (r->exceeds_mdc ? "yes" : "no") : "");
	csv_opt(w, r->has_wac, r->wac_percent, 3);
	csv_opt(w, r->has_pair, r->compare_from_cm, 2);
	csv_opt(w, r->has_pair, r->compare_to_cm, 2);
	fputc(',', f);
	cli_csv_field(f, r->note);
	first_levels(w, i, first, sizeof first);
	fprintf(f, ",%s,%s", lvl ? lvl : "", first);
	csv_opt(w, r->has_change, r->change_from_cm, 2);
	csv_opt(w, r->has_change, r->change_to_cm, 2);
	csv_opt(w, r->has_rvc, r->rvc_from_cm, 2);
	csv_opt(w, r->has_rvc, r->rvc_to_cm, 2);
	fprintf(f, ",%s", r->has_change ? (r->change_repeat_sd ? "repeat" : "sd") : "");
	fputc('\n', f);
}

/* JSON numbers read back to the same double (issue 9); text and CSV keep
 * their clinical rounding */
static void json_num(FILE *f, const char *key, int has, double v)
{
	fprintf(f, ", \"%s\": ", key);
	if (has)
		cli_number_json(f, v);
	else
		fputs("null", f);
}

static void json_alert(const struct hout *w, size_t i, const lv_history_row *r)
{
	const char *lvl = level_of_row(w, r);
	unsigned bits = lv_alerts_first_at(&w->alerts, i);
	int n = 0;
	fprintf(w->f, ", \"alert\": ");
	fprintf(w->f, lvl ? "\"%s\"" : "null", lvl);
	fputs(", \"alert_first\": [", w->f);
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA; k++)
		if (bits & (1u << k))
			fprintf(w->f, "%s\"%s\"", n++ ? ", " : "",
				lv_alert_level_name((lv_alert_level)k));
	fputc(']', w->f);
}

static void json_row(struct hout *w, size_t i)
{
	const lv_history_row *r = lv_history_row_at(w->h, i);
	FILE *f = w->f;

	fprintf(f, "%s    {\"id\": %lld, \"date\": \"%s\", \"session\": ", w->first ? "" : ",\n",
		(long long)r->id, r->date);
	w->first = 0;
	if (r->session)
		fprintf(f, "%lld, \"session_kind\": \"%s\"", (long long)r->session,
			lv_session_kind_name(r->session_kind));
	else
		fputs("null, \"session_kind\": null", f);
	fprintf(f, ", \"limb\": \"%s\", \"phase\": \"%s\", \"method\": \"%s\"",
		lv_limb_name(r->limb), lv_phase_name(r->phase), lv_method_name(r->method));
	json_num(f, "volume_ml", 1, r->volume_ml);
	json_num(f, "sd_ml", 1, r->sd_ml);
	json_num(f, "ev_ml", r->has_pair, r->ev_ml);
	json_num(f, "pev_percent", r->has_pair, r->pev_percent);
	json_num(f, "rvc_percent", r->has_rvc, r->rvc_percent);
	json_num(f, "change_ml", r->has_change, r->change_ml);
	json_num(f, "change_percent", r->has_change, r->change_percent);
	json_num(f, "mdc95_ml", r->has_change, r->mdc95_ml);
	fprintf(f, ", \"exceeds_mdc\": %s",
		r->has_change ? (r->exceeds_mdc ? "true" : "false") : "null");
	json_num(f, "wac_percent", r->has_wac, r->wac_percent);
	json_num(f, "compared_from_cm", r->has_pair, r->compare_from_cm);
	json_num(f, "compared_to_cm", r->has_pair, r->compare_to_cm);
	json_num(f, "change_from_cm", r->has_change, r->change_from_cm);
	json_num(f, "change_to_cm", r->has_change, r->change_to_cm);
	json_num(f, "rvc_from_cm", r->has_rvc, r->rvc_from_cm);
	json_num(f, "rvc_to_cm", r->has_rvc, r->rvc_to_cm);
	fputs(", \"note\": ", f);
	if (r->note[0])
		cli_json_string(f, r->note);
	else
		fputs("null", f);
	json_alert(w, i, r);
	fputs(", \"mdc95_basis\": ", f);
	fputs(r->has_change ? (r->change_repeat_sd ? "\"repeat\"" : "\"sd\"") : "null", f);
	fputc('}', f);
}

/* The patient object of the JSON output, up to its measurements. */
static void json_head(const struct hout *w)
{
	lv_limb aff;
	int assumed = 0;
	FILE *f = w->f;
	fputs("{\"patient\": ", f);
	sc_code_json(f, lv_history_patient(w->h));
	fputs(", \"affected\": ", f);
	if (lv_history_affected(w->h, &aff, &assumed))
		fprintf(f, "\"%s\", \"affected_assumed\": %s", lv_limb_name(aff),
			assumed ? "true" : "false");
	else
		fputs("null, \"affected_assumed\": null", f);
	fputs(", \"early_percent\": ", f);
	cli_number_json(f, w->o->th.early_percent);
	fputs(", \"lymphedema_percent\": ", f);
	cli_number_json(f, w->o->th.lymphedema_percent);
	fputs(",\n  \"measurements\": [\n", f);
}

/* One patient in the chosen format. */
static void print_patient(struct hout *w)
{
	size_t n = lv_history_count(w->h), i;
	const struct history_opts *o = w->o;

	lv_history_alerts(w->h, &o->th, &w->alerts);
	if (w->fmt == CLI_FORMAT_TEXT) {
		struct ht_opts t = { o->wide ? 0 : ht_output_width(), o->only.given, o->only.limb,
				     &o->th };
		ht_print(w->f, w->h, &t);
		return;
	}
	if (w->fmt == CLI_FORMAT_JSON) {
		json_head(w);
		w->first = 1;
	}
	for (i = 0; i < n; i++) {
		if (o->only.given && lv_history_row_at(w->h, i)->limb != o->only.limb)
			continue;
		if (w->fmt == CLI_FORMAT_CSV)
			csv_row(w, i);
		else
			json_row(w, i);
	}
	if (w->fmt == CLI_FORMAT_JSON)
		fputs("\n  ]}", w->f);
}

/* One patient (code) from the store into w; an exit code.  With --all, a
 * patient without the --limb asked for is left out. */
static int one(struct hout *w, lv_store *s, const char *code)
{
	lv_history *h = NULL;
	int rc = hc_load("history", s, code, &h);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (w->o->only.given && !lv_history_has_limb(h, w->o->only.limb)) {
		rc = w->o->all ? CLI_EXIT_OK : hc_check_limb("history", h, w->o->only.limb);
		lv_history_free(h);
		return rc;
	}
	w->h = h;
	if (w->printed++ > 0)
		fputs(w->fmt == CLI_FORMAT_JSON           ? ",\n"
			      : w->fmt == CLI_FORMAT_TEXT ? "\n"
							  : "",
		      w->f);
	print_patient(w);
	if (w->fmt == CLI_FORMAT_JSON && !w->o->all)
		fputc('\n', w->f);
	lv_history_free(h);
	w->h = NULL;
	return CLI_EXIT_OK;
}

static int run(struct hout *w, lv_store *s)
{
	struct hc_codes codes = { NULL, 0 };
	int rc;

	if (w->fmt == CLI_FORMAT_CSV)
		fputs("patient,id,date,session,session_kind,limb,phase,method,volume_ml,sd_ml,ev_ml,"
		      "pev_percent,rvc_percent,change_ml,change_percent,mdc95_ml,exceeds_mdc,"
		      "wac_percent,compared_from_cm,compared_to_cm,note,alert,alert_first,"
		      "change_from_cm,change_to_cm,rvc_from_cm,rvc_to_cm,mdc95_basis\n",
		      w->f);
	if (!w->o->all)
		return one(w, s, w->o->patient.v[0]);
	if ((rc = hc_codes("history", s, &codes)) != CLI_EXIT_OK)
		return rc;
	if (w->fmt == CLI_FORMAT_JSON)
		fputs("{\"patients\": [\n", w->f);
	for (size_t i = 0; i < codes.n && rc == CLI_EXIT_OK; i++)
		rc = one(w, s, codes.v[i]);
	if (w->fmt == CLI_FORMAT_JSON)
		fputs("\n]}\n", w->f);
	hc_codes_free(&codes);
	return rc;
}

int cmd_history(int argc, char **argv)
{
	struct history_opts o;
	struct hout w;
	const char *code;
	lv_store *s = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	lv_alert_thresholds_init(&o.th);
	if ((rc = cli_parse(&history_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if ((rc = hc_check_thresholds("history", &o.th)) != CLI_EXIT_OK)
		return rc;
	if (o.all && o.patient.n)
		return cli_usage_error("history", "--all or a patient, not both");
	if (!o.all &&
	    (rc = hc_one_patient("history", &o.patient, "limbvol history P", &code)) != CLI_EXIT_OK)
		return rc;
	if ((rc = sc_open("history", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	memset(&w, 0, sizeof w);
	w.fmt = o.fmt;
	w.o = &o;
	if (!(w.f = tmpfile())) {
		lv_store_close(s);
		fprintf(stderr, "limbvol history: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	rc = run(&w, s);
	if (rc == CLI_EXIT_OK)
		rc = o.fmt == CLI_FORMAT_CSV ? cli_publish_csv("history", w.f, o.csv_style)
					     : cli_publish("history", w.f);
	fclose(w.f);
	lv_store_close(s);
	return rc;
}
