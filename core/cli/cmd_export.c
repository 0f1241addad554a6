/*
 * limbvol export: everything the store holds about a patient (or every
 * patient) as CSV, which `limbvol import` reads back without loss, or as
 * JSON.  The format and its writer are core's (limbvol/exchange.h); this is
 * the command line: the output is built in a temporary file and shown or
 * renamed complete.
 */
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/exchange.h"
#include "limbvol/limbvol.h"

static const char help[] =
	"usage: limbvol export P [--format csv|json] [--out FILE]\n"
	"       limbvol export --all [--format csv|json] [--out FILE]\n\n"
	"Write everything stored about patient P (or every patient): details, limbs,\n"
	"weights, sessions and each measurement with its sites, volume, uncertainty,\n"
	"method and source.  The CSV is read back by 'limbvol import' without loss\n"
	"(export, import into another store, export again: the same file).  The JSON\n"
	"holds the same and reads back too; it shows bytes of a text that are not\n"
	"UTF-8 as \\xNN, so only the CSV keeps such texts byte for byte.\n\n"
	"options:\n"
	"  --all              every patient\n"
	"  --format csv|json  (default csv)\n"
	"  --out FILE         write FILE (whole or not at all) instead of standard output\n"
	"%s\n"
	"examples:\n"
	"  limbvol export P001 > P001.csv\n"
	"  limbvol export --all --out backup.csv\n"
	"  limbvol export P001 --format json\n\n"
	"exit codes: 0 ok, 64 usage, 66 no store or no such patient, 73 cannot\n"
	"create FILE, 74 store or output error.\n";

int cmd_export(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *outpath = NULL;
	enum lv_format fmt = LV_FORMAT_CSV;
	FILE *f = NULL;
	char tmp[1100] = "";
	int all = 0, i, rc = LV_EXIT_OK;
	int64_t id;
	lv_store *s = NULL;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			printf(help, lv_sc_db_help);
			return LV_EXIT_OK;
		}
		if ((!strcmp(a, "--db") || !strcmp(a, "--format") || !strcmp(a, "--out")) && !arg)
			return lv_cli_usage_error("export", "option %s needs a value", a);
		if (!strcmp(a, "--db")) {
			db = argv[++i];
		} else if (!strcmp(a, "--out")) {
			outpath = argv[++i];
		} else if (!strcmp(a, "--format")) {
			if (lv_format_parse("export", argv[++i], &fmt) < 0)
				return LV_EXIT_USAGE;
			if (fmt == LV_FORMAT_TEXT)
				return lv_cli_usage_error("export",
							  "option --format: expected csv or json");
		} else if (!strcmp(a, "--all")) {
			all = 1;
		} else if (a[0] == '-' && a[1]) {
			return lv_cli_usage_error("export", "unknown option '%.40s'", a);
		} else if (!code) {
			code = a;
		} else {
			return lv_cli_usage_error(
				"export", "one patient at a time, or --all ('%.40s' is extra)", a);
		}
	}
	if (!code == !all)
		return lv_cli_usage_error("export", "give a patient code or --all");
	if (code && lv_store_check_code(code) < 0)
		return lv_cli_usage_error("export", "patient: %s", lv_error_last()->message);
	if ((rc = lv_sc_open("export", db, 0, &s)) != LV_EXIT_OK)
		return rc;
	/* find the patient before creating any output */
	if (code && lv_store_patient_find(s, code, &id) < 0) {
		rc = lv_cli_report("export");
		goto done;
	}
	if (outpath) {
		int fd;
		if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", outpath) >= (int)sizeof tmp ||
		    (fd = mkstemp(tmp)) < 0 || !(f = fdopen(fd, "w"))) {
			fprintf(stderr, "limbvol export: cannot create %s\n", outpath);
			tmp[0] = '\0';
			rc = LV_EXIT_CANTCREAT;
			goto done;
		}
	} else if (!(f = tmpfile())) {
		fprintf(stderr, "limbvol export: cannot create a temporary file\n");
		rc = LV_EXIT_CANTCREAT;
		goto done;
	}
	if (lv_exchange_write(s, code, fmt == LV_FORMAT_JSON ? LV_EXCHANGE_JSON : LV_EXCHANGE_CSV,
			      f) < 0) {
		rc = lv_cli_report("export");
		goto done;
	}
	if (fflush(f) || ferror(f)) {
		fprintf(stderr, "limbvol export: cannot write the output\n");
		rc = LV_EXIT_IO;
		goto done;
	}
	if (outpath) {
		if (fsync(fileno(f)) || fclose(f) || rename(tmp, outpath)) {
			f = NULL;
			fprintf(stderr, "limbvol export: cannot write %s\n", outpath);
			rc = LV_EXIT_IO;
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
			rc = LV_EXIT_IO;
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
