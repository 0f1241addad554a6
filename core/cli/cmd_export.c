/*
 * limbvol export: everything the store holds about a patient (or every
 * patient) as CSV, which `limbvol import` reads back without loss, or as
 * JSON.  The format and its writer are core's (limbvol/exchange.h); this is
 * the command line: the output is built in a temporary file and shown or
 * renamed complete.
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/exchange.h"
#include "limbvol/limbvol.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "write a patient's (or every) stored data as CSV or JSON";

static const char usage[] = "usage: limbvol export [options] PATIENT\n"
			    "       limbvol export [options] --all\n";

static const char about[] =
	"Write everything stored about patient P (or every patient): details, limbs,\n"
	"weights, sessions and each measurement with its sites, volume, uncertainty,\n"
	"method and source.  The CSV is read back by 'limbvol import' without loss\n"
	"(export, import into another store, export again: the same file).  The JSON\n"
	"holds the same and reads back too; it shows bytes of a text that are not\n"
	"UTF-8 as \\xNN, so only the CSV keeps such texts byte for byte.  The audit\n"
	"trail goes with it: the revisions of every edit, deletion and undeletion\n"
	"(import keeps them).  Deleted measurements and weights are left out unless\n"
	"--deleted (then marked with the time of their deletion; import keeps them\n"
	"deleted).\n";

static const char more[] = "examples:\n"
			   "  limbvol export P001 > P001.csv\n"
			   "  limbvol export --all --out backup.csv\n"
			   "  limbvol export P001 --format=json\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such patient, 73 cannot\n"
			   "create FILE, 74 store or output error.\n";

struct export_opts {
	const char *db, *out;
	int fmt, all, deleted;
	lv_csv_style csv_style;
	struct cli_operands patient;
};

static const struct cli_choice csv_json[] = { { "csv", CLI_FORMAT_CSV },
					      { "json", CLI_FORMAT_JSON },
					      { NULL, 0 } };

#define OFF(field) offsetof(struct export_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "all", 0, OFF(all), .help = "every patient" },
	{ CLI_FLAG, "deleted", 0, OFF(deleted),
	  .help = "deleted measurements and weights too (not purged yet)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = csv_json, .help = "(default csv)" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "write FILE (whole or not at all) instead of standard output" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd export_cmd = { "export", usage, about, options, more, summary, NULL, 0 };

/* The export into f: CSV in the C style, restyled on the way with --csv-locale. */
static int write_export(lv_store *s, const char *code, const struct export_opts *o, FILE *f)
{
	FILE *c = f;
	int st;

	if (o->fmt == CLI_FORMAT_CSV && o->csv_style != LV_CSV_STYLE_C && !(c = tmpfile())) {
		fprintf(stderr, "limbvol export: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	st = lv_exchange_write_ex(s, code,
				  o->fmt == CLI_FORMAT_JSON ? LV_EXCHANGE_JSON : LV_EXCHANGE_CSV,
				  o->deleted ? LV_EXCHANGE_DELETED : 0, c);
	if (st == 0 && c != f)
		st = cli_csv_copy(c, f, o->csv_style);
	if (c != f)
		fclose(c);
	return st < 0 ? cli_report("export") : CLI_EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
	struct export_opts o;
	const char *code = NULL, *outpath;
	FILE *f = NULL;
	char tmp[1100] = "";
	int64_t id;
	int rc;
	lv_store *s = NULL;

	memset(&o, 0, sizeof o);
	o.fmt = CLI_FORMAT_CSV;
	if ((rc = cli_parse(&export_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.patient.n > 1 || (o.patient.n && o.all))
		return cli_usage_error("export",
				       "one patient at a time, or --all ('%.40s' is extra)",
				       o.patient.v[o.patient.n - 1]);
	if (o.patient.n)
		code = o.patient.v[0];
	outpath = o.out;
	if (!code == !o.all)
		return cli_usage_error("export", "give a patient code or --all");
	if (code && lv_store_check_code(code) < 0)
		return cli_usage_error("export", "patient: %s", lv_error_last()->message);
	if ((rc = sc_open("export", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	/* find the patient before creating any output */
	if (code && lv_store_patient_find(s, code, &id) < 0) {
		rc = cli_report("export");
		goto done;
	}
	if (outpath) {
		int fd;
		if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", outpath) >= (int)sizeof tmp ||
		    (fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "limbvol export: cannot create %s: %s\n", outpath,
				strerror(errno));
			tmp[0] = '\0';
			rc = CLI_EXIT_CANTCREAT;
			goto done;
		}
	} else if (!(f = tmpfile())) {
		fprintf(stderr, "limbvol export: cannot create a temporary file\n");
		rc = CLI_EXIT_CANTCREAT;
		goto done;
	}
	if ((rc = write_export(s, code, &o, f)) != CLI_EXIT_OK)
		goto done;
	if (outpath) {
		if (fsync(fileno(f)) || fclose(f) || rename(tmp, outpath)) {
			f = NULL;
			fprintf(stderr, "limbvol export: cannot write %s\n", outpath);
			rc = CLI_EXIT_IO;
			goto done;
		}
		f = NULL;
		tmp[0] = '\0';
	} else {
		char buf[65536];
		size_t n;
		rewind(f);
		while ((n = fread(buf, 1, sizeof buf, f)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		if (fflush(stdout) || ferror(f)) {
			fprintf(stderr, "limbvol export: cannot write the output\n");
			rc = CLI_EXIT_IO;
		}
	}
done:
	if (f)
		fclose(f);
	if (tmp[0])
		unlink(tmp);
	lv_store_close(s);
	return rc;
}
