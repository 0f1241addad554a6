/*
 * limbvol report: one page for a patient's file (PDF on A4 or Letter, or a
 * PNG or SVG of the same page), drawn by the library (limbvol/report_page.h).
 */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "escape.h"
#include "history_cli.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/report_page.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] =
	"one page for a patient's file: visits, trend, profile (PDF, PNG, SVG)";

static const char usage[] = "usage: limbvol report [options] PATIENT --out FILE.pdf|png|svg\n";

static const char about[] =
	"One page for patient P's file, true A4 (595.28 x 841.89 pt) or US Letter\n"
	"(612 x 792 pt): the pseudonymous code, the affected limb and the baseline;\n"
	"a table of the visits (date, session, phase, volume +- sd of both limbs,\n"
	"EV, PEV, RVC, the affected limb's pre->post change and whether it exceeds\n"
	"MDC95), the latest that fit when there are many, saying how many are left\n"
	"out; the trend chart (as 'limbvol trend'); the latest limb profile with\n"
	"both limbs; the surveillance thresholds crossed (as 'limbvol alerts': the\n"
	"visit each was first reached at, its RVC bold in the table); the date\n"
	"printed and limbvol's version.  The figures are those of 'limbvol history'.\n"
	"The format follows the extension: .pdf (one page), .png (150 dpi) or .svg;\n"
	"the file is written whole or not at all.  The date printed is today's, or\n"
	"that of $SOURCE_DATE_EPOCH when it is set (reproducible pages).\n";

static const char more[] = "examples:\n"
			   "  limbvol report P001 --out P001.pdf\n"
			   "  limbvol report P001 --paper letter --out P001.pdf\n"
			   "  limbvol report P001 --out P001.png\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such patient, 73 cannot\n"
			   "write the page, 74 store error.\n";

struct report_cli {
	const char *db, *out;
	int paper; /* lv_paper */
	int rows;
	lv_alert_thresholds th;
	struct cli_operands patient;
};

static const struct cli_choice papers[] = { { "a4", LV_PAPER_A4 },
					    { "letter", LV_PAPER_LETTER },
					    { NULL, 0 } };

#define OFF(field) offsetof(struct report_cli, field)

static const struct cli_opt options[] = {
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the page; .pdf, .png or .svg" },
	{ CLI_CHOICE, "paper", 0, OFF(paper), .choices = papers, .help = "(default a4)" },
	{ CLI_INT, "rows", 0, OFF(rows), .arg = "N", .min = 1, .max = 1000,
	  .help = "show at most the latest N visits (default: as many as fit)" },
	{ CLI_INCLUDE, .include = hc_alert_options, .offset = OFF(th) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd report_cmd = { "report", usage, about, options, more, summary, NULL, 0 };

/* Today (local time), or the day of $SOURCE_DATE_EPOCH (UTC) when set. */
static void printed_date(char *buf, size_t size)
{
	const char *sde = getenv("SOURCE_DATE_EPOCH");
	long long secs;
	char extra;
	struct tm tm;
	time_t t;

	if (sde && sscanf(sde, "%lld%c", &secs, &extra) == 1 && secs >= 0) {
		t = (time_t)secs;
		if (gmtime_r(&t, &tm) && strftime(buf, size, "%Y-%m-%d", &tm))
			return;
	}
	t = time(NULL);
	if (!localtime_r(&t, &tm) || !strftime(buf, size, "%Y-%m-%d", &tm))
		snprintf(buf, size, "unknown");
}

int cmd_report(int argc, char **argv)
{
	struct report_cli c;
	lv_report_opts o = LV_REPORT_OPTS_INIT;
	lv_report_info info;
	lv_plot_format pf = LV_PLOT_PDF;
	lv_store *s = NULL;
	lv_history *h = NULL;
	char date[40];
	const char *code;
	int rc;

	memset(&c, 0, sizeof c);
	lv_alert_thresholds_init(&c.th);
	if ((rc = cli_parse(&report_cmd, argc, argv, &c)) != CLI_CONTINUE)
		return rc;
	if ((rc = hc_check_thresholds("report", &c.th)) != 0)
		return rc;
	if (c.patient.n == 0)
		return cli_usage_error("report", "which patient? (limbvol report P --out P.pdf)");
	if (c.patient.n > 1)
		return cli_usage_error("report", "one patient at a time ('%.40s' is extra)",
				       c.patient.v[1]);
	code = c.patient.v[0];
	if (lv_store_check_code(code) < 0)
		return cli_usage_error("report", "patient: %s", lv_error_last()->message);
	if (!c.out)
		return cli_usage_error("report", "give --out FILE.pdf|png|svg");
	if (lv_plot_format_of(c.out, &pf) < 0)
		return cli_usage_error("report", "option --out: %s", lv_error_last()->message);
	o.paper = (lv_paper)c.paper;
	o.max_rows = c.rows > 0 ? (size_t)c.rows : 0;
	o.thresholds = c.th;
	printed_date(date, sizeof date);
	o.printed = date;
	if ((rc = sc_open("report", c.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	if (lv_store_history(s, code, &h) < 0) {
		rc = cli_report("report");
		goto done;
	}
	if (lv_report_page(h, &o, c.out, pf, &info) < 0) {
		rc = cli_report_output("report");
		goto done;
	}
	fputs("wrote ", stdout);
	cli_print_escaped(stdout, "%s", c.out);
	printf(": %zu of %zu visits", info.shown, info.visits);
	if (info.left_out)
		printf(" (the %zu earliest left out)", info.left_out);
	putchar('\n');
	if (fflush(stdout))
		rc = CLI_EXIT_IO;
done:
	lv_history_free(h);
	lv_store_close(s);
	return rc;
}
