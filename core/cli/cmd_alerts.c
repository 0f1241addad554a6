/*
 * limbvol alerts: the patients whose latest measurement of the limb at risk
 * crosses a surveillance threshold (limbvol/alerts.h; the thresholds and
 * their sources in doc/clinical.md).  Exit 1 when any does, for scripts.
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "history_cli.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "patients whose latest RVC crosses a surveillance threshold";

static const char usage[] = "usage: limbvol alerts [options] [PATIENT...]\n";

static const char about[] =
	"The patients (every patient of the store, or those named) whose latest\n"
	"measurement of the affected limb has a relative volume change (RVC)\n"
	"against the baseline pair at or above a surveillance threshold:\n"
	"  early       RVC >= 5 % and < 10 %: the usual trigger for early\n"
	"              intervention after breast cancer surgery (a compression\n"
	"              sleeve in the PREVENT trial; Specht 2013)\n"
	"  lymphedema  RVC >= 10 %\n"
	"RVC = (A2 U1) / (U2 A1) - 1 (Ancukiewicz 2011), as 'limbvol history'\n"
	"computes it: A the affected limb, U the other, 1 the baseline pair (the\n"
	"first measured in phase baseline, before surgery; else the first pair),\n"
	"2 the visit.  Measurements after a session (phase post) do not count.\n"
	"For each patient: the latest visit, its RVC and level, and where each\n"
	"level was first reached.  Sources: doc/clinical.md.\n";

static const char more[] =
	"CSV columns: patient,limb,date,id,rvc_percent,alert,early_first_date,\n"
	"early_first_id,lymphedema_first_date,lymphedema_first_id,baseline_date,\n"
	"baseline_marked\n\n"
	"examples:\n"
	"  limbvol alerts\n"
	"  limbvol alerts P001 P002 --format csv\n"
	"  limbvol alerts --early 3 --lymphedema 10 || mail-the-team\n\n"
	"exit codes: 0 no patient crosses a threshold, 1 some do (listed),\n"
	"64 usage, 66 no store or no such patient, 74 store error.\n";

struct alerts_opts {
	const char *db;
	int fmt; /* enum cli_format */
	lv_alert_thresholds th;
	lv_csv_style csv_style;
	struct cli_operands patients;
};

#define OFF(field) offsetof(struct alerts_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = hc_alert_options, .offset = OFF(th) },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patients) },
	{ CLI_END }
};

const struct cli_cmd alerts_cmd = { "alerts", usage, about, options, more, summary, NULL, 0 };

struct trow;

struct out {
	FILE *f;
	const struct alerts_opts *o;
	long listed, checked, without_rvc;
	struct trow *rows; /* text: the table's rows */
	size_t n_rows, cap_rows;
	int oom;
	long unmarked; /* rows whose baseline is the first pair, not phase baseline */
};

/* A row of the text table, kept until every patient is known (widths). */
struct trow {
	char code[4 * LV_STORE_MAX_CODE + 8]; /* escaped */
	char text[160]; /* the rest of the row */
};

static void first_text(const lv_history *h, const lv_alerts *a, int k, FILE *f, int csv)
{
	const lv_history_row *r;
	if (!a->has_first[k]) {
		fputs(csv ? ",," : "", f);
		return;
	}
	r = lv_history_row_at(h, a->first_row[k]);
	fprintf(f, ",%.10s,%lld", r->date, (long long)r->id);
}

static int text_line(struct out *w, const lv_history *h, const lv_alerts *a)
{
	const lv_history_row *r = lv_history_row_at(h, a->latest_row);
	struct trow *t;
	char v[40];

	if (w->n_rows == w->cap_rows) {
		size_t cap = w->cap_rows ? 2 * w->cap_rows : 16;
		struct trow *p = realloc(w->rows, cap * sizeof *p);
		if (!p)
			return -1;
		w->rows = p;
		w->cap_rows = cap;
	}
	t = &w->rows[w->n_rows++];
	lv_store_code_escape(lv_history_patient(h), t->code, sizeof t->code);
	snprintf(t->text, sizeof t->text, "%-9s %.10s %5lld %6s %-10s %-10.10s %-10.10s%s",
		 lv_limb_name(r->limb), r->date, (long long)r->id,
		 sc_numbuf(v, sizeof v, r->rvc_percent, 1), lv_alert_level_name(a->latest_level),
		 a->has_first[LV_ALERT_EARLY] ? lv_history_row_at(h, a->first_row[1])->date : "",
		 a->has_first[LV_ALERT_LYMPHEDEMA] ? lv_history_row_at(h, a->first_row[2])->date
						   : "",
		 a->baseline_marked ? "" : " *");
	w->unmarked += !a->baseline_marked;
	for (size_t len = strlen(t->text); len && t->text[len - 1] == ' ';)
		t->text[--len] = 0; /* no trailing blanks */
	return 0;
}

static void text_table(const struct out *w)
{
	int cw = 7;
	for (size_t i = 0; i < w->n_rows; i++)
		if ((int)strlen(w->rows[i].code) > cw)
			cw = (int)strlen(w->rows[i].code);
	fprintf(w->f, "%-*s %-9s %-10s %5s %6s %-10s %-10s %s\n", cw, "patient", "limb", "latest",
		"id", "RVC %", "alert", "early from", "lymphedema from");
	for (size_t i = 0; i < w->n_rows; i++)
		fprintf(w->f, "%-*s %s\n", cw, w->rows[i].code, w->rows[i].text);
	if (w->unmarked)
		fputs("* no measurement of phase baseline (before surgery): the RVC is against the\n"
		      "  first pair of both limbs\n",
		      w->f);
}

static void csv_line(struct out *w, const lv_history *h, const lv_alerts *a)
{
	const lv_history_row *r = lv_history_row_at(h, a->latest_row);
	FILE *f = w->f;

	sc_code(f, lv_history_patient(h));
	fprintf(f, ",%s,%s,%lld,", lv_limb_name(r->limb), r->date, (long long)r->id);
	sc_num(f, r->rvc_percent, 3);
	fprintf(f, ",%s", lv_alert_level_name(a->latest_level));
	first_text(h, a, LV_ALERT_EARLY, f, 1);
	first_text(h, a, LV_ALERT_LYMPHEDEMA, f, 1);
	if (a->has_baseline)
		fprintf(f, ",%s,%s\n", lv_history_row_at(h, a->baseline_row)->date,
			a->baseline_marked ? "yes" : "no");
	else
		fputs(",,\n", f);
}

static void json_first(FILE *f, const lv_history *h, const lv_alerts *a, int k)
{
	fprintf(f, ", \"%s_first\": ", lv_alert_level_name((lv_alert_level)k));
	if (!a->has_first[k]) {
		fputs("null", f);
		return;
	}
	fprintf(f, "{\"date\": \"%s\", \"id\": %lld}", lv_history_row_at(h, a->first_row[k])->date,
		(long long)lv_history_row_at(h, a->first_row[k])->id);
}

static void json_line(struct out *w, const lv_history *h, const lv_alerts *a)
{
	const lv_history_row *r = lv_history_row_at(h, a->latest_row);
	FILE *f = w->f;

	fputs(w->listed ? ",\n    {\"patient\": " : "    {\"patient\": ", f);
	sc_code_json(f, lv_history_patient(h));
	fprintf(f, ", \"limb\": \"%s\", \"date\": \"%s\", \"id\": %lld, \"rvc_percent\": ",
		lv_limb_name(r->limb), r->date, (long long)r->id);
	sc_num(f, r->rvc_percent, 3);
	fprintf(f, ", \"alert\": \"%s\"", lv_alert_level_name(a->latest_level));
	json_first(f, h, a, LV_ALERT_EARLY);
	json_first(f, h, a, LV_ALERT_LYMPHEDEMA);
	fputs(", \"baseline_date\": ", f);
	if (a->has_baseline)
		fprintf(f, "\"%s\", \"baseline_marked\": %s}",
			lv_history_row_at(h, a->baseline_row)->date,
			a->baseline_marked ? "true" : "false");
	else
		fputs("null, \"baseline_marked\": null}", f);
}

/* One patient: listed when its latest RVC crosses a threshold. */
static int one(struct out *w, lv_store *s, const char *code)
{
	lv_history *h = NULL;
	lv_alerts a;
	int rc = hc_load("alerts", s, code, &h);

	if (rc != CLI_EXIT_OK)
		return rc;
	w->checked++;
	lv_history_alerts(h, &w->o->th, &a);
	if (!a.has_latest)
		w->without_rvc++;
	else if (a.latest_level != LV_ALERT_NONE) {
		if (w->o->fmt == CLI_FORMAT_TEXT)
			w->oom |= text_line(w, h, &a) < 0;
		else if (w->o->fmt == CLI_FORMAT_CSV)
			csv_line(w, h, &a);
		else
			json_line(w, h, &a);
		w->listed++;
	}
	lv_history_free(h);
	return CLI_EXIT_OK;
}

static void begin(const struct out *w)
{
	const lv_alert_thresholds *t = &w->o->th;
	char e[40], l[40];
	sc_numbuf(e, sizeof e, t->early_percent, 2);
	sc_numbuf(l, sizeof l, t->lymphedema_percent, 2);
	if (w->o->fmt == CLI_FORMAT_CSV)
		fputs("patient,limb,date,id,rvc_percent,alert,early_first_date,early_first_id,"
		      "lymphedema_first_date,lymphedema_first_id,baseline_date,baseline_marked\n",
		      w->f);
	else if (w->o->fmt == CLI_FORMAT_JSON)
		fprintf(w->f,
			"{\"early_percent\": %s, \"lymphedema_percent\": %s,\n  \"patients\": [\n",
			e, l);
	else
		fprintf(w->f,
			"RVC of the affected limb at its latest visit against the baseline:\n"
			"early intervention from %s %%, lymphedema from %s %%\n\n",
			e, l);
}

static void end(const struct out *w)
{
	if (w->o->fmt == CLI_FORMAT_JSON)
		fputs("\n  ]}\n", w->f);
	else if (w->o->fmt == CLI_FORMAT_TEXT) {
		if (w->listed)
			text_table(w);
		else
			fputs("no patient at or above a threshold\n", w->f);
		fprintf(w->f, "\n%ld of %ld patient%s at or above a threshold\n", w->listed,
			w->checked, w->checked == 1 ? "" : "s");
		if (w->without_rvc)
			fprintf(w->f,
				"(%ld without an RVC: no baseline pair or no later visit"
				" of both limbs)\n",
				w->without_rvc);
	}
}

static int run(struct out *w, lv_store *s)
{
	struct hc_codes codes = { NULL, 0 };
	int rc = CLI_EXIT_OK;

	begin(w);
	if (w->o->patients.n) {
		for (int i = 0; i < w->o->patients.n && rc == CLI_EXIT_OK; i++)
			rc = one(w, s, w->o->patients.v[i]);
	} else if ((rc = hc_codes("alerts", s, &codes)) == CLI_EXIT_OK) {
		for (size_t i = 0; i < codes.n && rc == CLI_EXIT_OK; i++)
			rc = one(w, s, codes.v[i]);
		hc_codes_free(&codes);
	}
	if (rc == CLI_EXIT_OK && w->oom) {
		fprintf(stderr, "limbvol alerts: out of memory\n");
		rc = CLI_EXIT_SOFTWARE;
	}
	if (rc == CLI_EXIT_OK)
		end(w);
	return rc;
}

int cmd_alerts(int argc, char **argv)
{
	struct alerts_opts o;
	struct out w;
	lv_store *s = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	lv_alert_thresholds_init(&o.th);
	if ((rc = cli_parse(&alerts_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if ((rc = hc_check_thresholds("alerts", &o.th)) != CLI_EXIT_OK)
		return rc;
	for (int i = 0; i < o.patients.n; i++)
		if (lv_store_check_code(o.patients.v[i]) < 0)
			return cli_usage_error("alerts", "patient: %s", lv_error_last()->message);
	if ((rc = sc_open("alerts", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	memset(&w, 0, sizeof w);
	w.o = &o;
	if (!(w.f = tmpfile())) {
		lv_store_close(s);
		fprintf(stderr, "limbvol alerts: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	rc = run(&w, s);
	if (rc == CLI_EXIT_OK)
		rc = o.fmt == CLI_FORMAT_CSV ? cli_publish_csv("alerts", w.f, o.csv_style)
					     : cli_publish("alerts", w.f);
	if (rc == CLI_EXIT_OK && w.listed)
		rc = CLI_EXIT_SOME_FAILED;
	fclose(w.f);
	free(w.rows);
	lv_store_close(s);
	return rc;
}
