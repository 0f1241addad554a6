/*
 * limbvol import: a file written by `limbvol export` (or a tape CSV file)
 * into the store, in one transaction: everything or nothing.  The format and
 * its readers are core's (limbvol/exchange.h); this is the command line.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "store_cli.h"
#include "limbvol/exchange.h"
#include "limbvol/limbvol.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "read an export or tape CSV file into the store (all or nothing)";

static const char usage[] = "usage: limbvol import [options] FILE | -\n";

static const char about[] =
	"Read a file written by 'limbvol export' (CSV or JSON), or a tape CSV file\n"
	"(patient,limb,date,phase,site_cm,circumference_cm), into the store.  The\n"
	"import is one transaction: when any row is wrong nothing is stored and the\n"
	"error names its line and column.  A measurement that is an exact duplicate\n"
	"of one the store held before (same patient, limb, date and time, phase,\n"
	"sites and values) is skipped and reported with its line and the stored id\n"
	"(--allow-duplicate stores it anyway); sessions and weights already held are\n"
	"skipped too, so importing a file twice stores it once.  Duplicates inside\n"
	"the file are stored as they come: an export/import round trip reproduces\n"
	"the store exactly.  The file is read once, as it comes: standard input (-),\n"
	"a pipe or a FIFO work as well as a file, in every format.  With a tape CSV\n"
	"file, --patient and --date fill in a missing column or an empty field; a\n"
	"patient or date the file states must agree with them (as for 'limbvol\n"
	"record'), else nothing is imported (exit 65, at the field's line and column).\n";

static const char more[] =
	"examples:\n"
	"  limbvol export --all --out backup.csv && limbvol import --db new.db backup.csv\n"
	"  limbvol import samples/patient-followup.csv\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad data (file:line:column), 66 no such file,\n"
	"74 store error.\n";

struct import_opts {
	const char *db, *patient, *date;
	double sd_cm;
	int allow_duplicate, accept_unusual;
	struct cli_operands files;
};

#define OFF(field) offsetof(struct import_opts, field)

static const struct cli_opt options[] = {
	{ CLI_TITLE, .help = "options (tape CSV files)" },
	{ CLI_CALL, "patient", 0, OFF(patient), .arg = "P", .set = sc_set_code,
	  .help = "the patient when the file has none; one it states must be P" },
	{ CLI_CALL, "date", 0, OFF(date), .arg = "DATE", .set = sc_set_date,
	  .help = "the date when the file has none; one it states must agree" },
	{ CLI_NUMBER, "tape-sd", 0, OFF(sd_cm), .arg = "CM", .min = 0, .max = 5,
	  .help = "tape reading uncertainty for the volumes (default 0.1)" },
	{ CLI_FLAG, "accept-unusual", 0, OFF(accept_unusual),
	  .help = "accept circumferences below the floor of a limb or jumping between\n"
		  "neighbours as no limb does (refused otherwise, exit 65)" },
	{ CLI_TITLE, .help = "options" },
	{ CLI_FLAG, "allow-duplicate", 0, OFF(allow_duplicate),
	  .help = "store exact duplicates of stored measurements too" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "FILE", .offset = OFF(files) },
	{ CLI_END }
};

const struct cli_cmd import_cmd = { "import", usage, about, options, more, summary, NULL, 0 };

/* A skipped duplicate: where it is in the file and which stored one it repeats. */
static void duplicate(long line, long column, int64_t id, void *ctx)
{
	(void)column;
	fprintf(stderr,
		"limbvol import: %s:%ld: the same measurement is stored as id %lld"
		" (patient, limb, date, phase, sites and values): skipped\n",
		(const char *)ctx, line, (long long)id);
}

static void progress(long n, void *ctx)
{
	(void)ctx;
	fprintf(stderr, "\rimporting: %ld measurements", n);
	fflush(stderr);
}

int cmd_import(int argc, char **argv)
{
	struct import_opts o;
	lv_exchange_reader *r = NULL;
	lv_import_options io = { 0 };
	lv_import_counts n = { 0, 0, 0 };
	lv_store *s = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	o.sd_cm = LV_DEFAULT_TAPE_SD_CM;
	if ((rc = cli_parse(&import_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.files.n == 0)
		return cli_usage_error("import", "which file? (limbvol import FILE.csv)");
	if (o.files.n > 1)
		return cli_usage_error("import", "one file at a time ('%.40s' is extra)",
				       o.files.v[1]);
	/* read once: a FIFO or a pipe works, the format told from the first bytes */
	if (lv_exchange_open(&r, o.files.v[0]) < 0)
		return cli_report("import");
	if ((o.patient || o.date) && lv_exchange_format_of(r) != LV_EXCHANGE_TAPE) {
		rc = cli_usage_error("import", "--patient and --date are for tape CSV files");
		goto done;
	}
	if ((rc = sc_open("import", o.db, 1, &s)) != CLI_EXIT_OK)
		goto done;
	io.patient = o.patient;
	io.date = o.date;
	io.tape_sd_cm = o.sd_cm;
	io.progress = isatty(STDERR_FILENO) ? progress : NULL;
	io.duplicate = duplicate;
	io.ctx = (void *)lv_exchange_name(r);
	io.allow_duplicate = o.allow_duplicate;
	io.accept_unusual = o.accept_unusual;
	if (lv_exchange_import(s, r, &io, &n) < 0) {
		if (io.progress && n.stored + n.skipped >= 2000)
			fputc('\n', stderr);
		rc = cli_report("import");
		if (!lv_store_outcome_unknown(s))
			fprintf(stderr, "limbvol import: nothing was imported\n");
		if (n.unusual_line)
			fprintf(stderr, "limbvol import: if it is real, give --accept-unusual\n");
		goto done;
	}
	if (io.progress && n.stored + n.skipped >= 2000)
		fputc('\n', stderr);
	printf("imported %ld measurement%s", n.stored, n.stored == 1 ? "" : "s");
	if (n.skipped)
		printf(" (%ld duplicate%s of stored measurements, skipped)", n.skipped,
		       n.skipped == 1 ? "" : "s");
	printf(" from %s\n", lv_exchange_name(r));
done:
	lv_exchange_free(r);
	lv_store_close(s);
	return rc;
}
