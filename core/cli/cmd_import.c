/*
 * limbvol import: a file written by `limbvol export` (or a tape CSV file)
 * into the store, in one transaction: everything or nothing.  The format and
 * its readers are core's (limbvol/exchange.h); this is the command line.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "store_cli.h"
#include "limbvol/exchange.h"
#include "limbvol/limbvol.h"

static const char help[] =
	"usage: limbvol import FILE | - [--patient P] [--date DATE] [--tape-sd CM]\n\n"
	"Read a file written by 'limbvol export' (CSV or JSON), or a tape CSV file\n"
	"(patient,limb,date,phase,site_cm,circumference_cm), into the store.  The\n"
	"import is one transaction: when any row is wrong nothing is stored and the\n"
	"error names its line and column.  A measurement, session or weight that\n"
	"the store already holds is skipped, so importing a file twice stores it\n"
	"once.  The file is read once, as it comes: standard input (-), a pipe or\n"
	"a FIFO work as well as a file.\n\n"
	"options (tape CSV files):\n"
	"  --patient P        the patient when the file has no patient column\n"
	"  --date DATE        the date when the file has no date column\n"
	"  --tape-sd CM       tape reading uncertainty for the volumes (default 0.1)\n"
	"%s\n"
	"examples:\n"
	"  limbvol export --all --out backup.csv && limbvol import --db new.db backup.csv\n"
	"  limbvol import samples/patient-followup.csv\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad data (file:line:column), 66 no such file,\n"
	"74 store error.\n";

static void progress(long n, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rimporting: %ld measurements", n);
	fflush(stderr);
}

int cmd_import(int argc, char **argv)
{
	const char *db = NULL, *path = NULL, *patient = NULL, *date = NULL;
	double sd_cm = LV_DEFAULT_TAPE_SD_CM;
	lv_exchange_reader *r = NULL;
	lv_import_options o = { 0 };
	lv_import_counts n = { 0, 0 };
	lv_store *s = NULL;
	int i, rc = LV_EXIT_OK, ret;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			printf(help, lv_sc_db_help);
			return LV_EXIT_OK;
		}
		if ((!strcmp(a, "--db") || !strcmp(a, "--patient") || !strcmp(a, "--date") ||
		     !strcmp(a, "--tape-sd")) &&
		    !arg)
			return lv_cli_usage_error("import", "option %s needs a value", a);
		if (!strcmp(a, "--db")) {
			db = argv[++i];
		} else if (!strcmp(a, "--patient")) {
			patient = argv[++i];
			if (lv_store_check_code(patient) < 0)
				return lv_cli_usage_error("import", "option --patient: %s",
							  lv_error_last()->message);
		} else if (!strcmp(a, "--date")) {
			date = argv[++i];
			if (lv_date_check(date, strlen(date)) < 0)
				return lv_cli_usage_error("import", "option --date: %s",
							  lv_error_last()->message);
		} else if (!strcmp(a, "--tape-sd")) {
			if (lv_cli_number("import", a, argv[++i], &sd_cm))
				return LV_EXIT_USAGE;
			if (!(sd_cm >= 0 && sd_cm <= 5))
				return lv_cli_usage_error("import",
							  "option --tape-sd: expected 0 to 5 cm");
		} else if (a[0] == '-' && a[1]) {
			return lv_cli_usage_error("import", "unknown option '%.40s'", a);
		} else if (!path) {
			path = a;
		} else {
			return lv_cli_usage_error("import", "one file at a time ('%.40s' is extra)",
						  a);
		}
	}
	if (!path)
		return lv_cli_usage_error("import", "which file? (limbvol import FILE.csv)");
	/* read once: a FIFO or a pipe works, the format told from the first bytes */
	if (lv_exchange_open(&r, path) < 0)
		return lv_cli_report("import");
	if ((patient || date) && lv_exchange_format_of(r) != LV_EXCHANGE_TAPE) {
		rc = lv_cli_usage_error("import", "--patient and --date are for tape CSV files");
		goto done;
	}
	if ((rc = lv_sc_open("import", db, 1, &s)) != LV_EXIT_OK)
		goto done;
	o.patient = patient;
	o.date = date;
	o.tape_sd_cm = sd_cm;
	o.progress = isatty(STDERR_FILENO) ? progress : NULL;
	ret = lv_exchange_import(s, r, &o, &n);
	if (o.progress && n.stored + n.skipped >= 2000)
		fputc('\n', stderr);
	if (ret < 0) {
		rc = lv_cli_report("import");
		fprintf(stderr, "limbvol import: nothing was imported\n");
		goto done;
	}
	printf("imported %ld measurement%s", n.stored, n.stored == 1 ? "" : "s");
	if (n.skipped)
		printf(" (%ld already in the store, skipped)", n.skipped);
	printf(" from %s\n", lv_exchange_name(r));
done:
	lv_exchange_free(r);
	lv_store_close(s);
	return rc;
}
