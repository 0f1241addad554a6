/*
 * limbvol delete: delete one stored measurement, after asking.  The answer
 * is read from standard input; without a terminal there and without --yes
 * nothing is deleted.
 */
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "commands.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char help[] =
	"usage: limbvol delete MEASUREMENT [--yes]\n\n"
	"Delete the measurement with this id (see 'limbvol history P') and its\n"
	"sites.  It is shown first and the answer y or yes is asked for on the\n"
	"terminal; with --yes it is deleted without asking.  When standard input\n"
	"is not a terminal and --yes is not given, nothing is deleted.\n\n"
	"options:\n"
	"  --yes, -y          do not ask\n"
	"%s\n"
	"examples:\n"
	"  limbvol delete 17\n"
	"  limbvol delete 17 --yes\n\n"
	"exit codes: 0 deleted, 1 not confirmed (nothing deleted), 64 usage,\n"
	"66 no store or no such measurement, 74 store error.\n";

static int describe(const lv_record *r, void *ctx)
{
	FILE *f = ctx;
	fprintf(f, "measurement %lld: patient ", (long long)r->id);
	sc_code(f, r->patient);
	fprintf(f, ", %s, %s, %s, ", lv_limb_name(r->limb), r->date, lv_phase_name(r->phase));
	sc_num(f, r->volume_ml, 1);
	fprintf(f, " mL, %zu sites\n", r->n);
	return 0;
}

int cmd_delete(int argc, char **argv)
{
	const char *db = NULL, *idtext = NULL;
	int yes = 0, i, rc = CLI_EXIT_OK;
	int64_t id = 0;
	lv_store *s = NULL;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			printf(help, sc_db_help);
			return CLI_EXIT_OK;
		}
		if (!strcmp(a, "--yes") || !strcmp(a, "-y")) {
			yes = 1;
		} else if (!strcmp(a, "--db")) {
			if (i + 1 >= argc)
				return cli_usage_error("delete", "option --db needs a value");
			db = argv[++i];
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error("delete", "unknown option '%.40s'", a);
		} else if (!idtext) {
			idtext = a;
		} else {
			return cli_usage_error("delete",
					       "one measurement at a time ('%.40s' is extra)", a);
		}
	}
	if (!idtext)
		return cli_usage_error("delete", "which measurement? (limbvol delete ID)");
	if (sc_id("delete", "measurement", idtext, &id))
		return CLI_EXIT_USAGE;
	if (!yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"limbvol delete: not deleting: standard input is not a terminal to"
			" confirm on; give --yes to delete without asking\n");
		return CLI_EXIT_USAGE;
	}
	if ((rc = sc_open("delete", db, 0, &s)) != CLI_EXIT_OK)
		return rc;
	/* no transaction while the user thinks: other writers must not wait */
	if (lv_store_get(s, id, describe, stderr) < 0) {
		if (lv_error_last()->code == LV_ENOTFOUND && lv_store_begin(s) == 0) {
			lv_store_delete_measurement(s, id); /* for its "closest ids" message */
			lv_store_rollback(s);
		}
		rc = cli_report("delete");
		goto done;
	}
	if (!yes) {
		char line[64];
		fprintf(stderr, "delete it? [y/N] ");
		fflush(stderr);
		if (!fgets(line, sizeof line, stdin))
			line[0] = '\0';
		line[strcspn(line, "\r\n")] = '\0';
		if (strcmp(line, "y") && strcmp(line, "Y") && strcmp(line, "yes")) {
			fprintf(stderr, "limbvol delete: not deleted\n");
			rc = CLI_EXIT_SOME_FAILED;
			goto done;
		}
	}
	if (lv_store_begin(s) < 0 || lv_store_delete_measurement(s, id) < 0 ||
	    lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("delete");
		goto done;
	}
	printf("deleted measurement %lld\n", (long long)id);
done:
	lv_store_close(s);
	return rc;
}
