/*
 * limbvol delete: delete one stored measurement, after asking.  The answer
 * is read from standard input; without a terminal there and without --yes
 * nothing is deleted.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char usage[] = "usage: limbvol delete [options] MEASUREMENT\n";

static const char about[] =
	"Delete the measurement with this id (see 'limbvol history P') and its\n"
	"sites.  It is shown first and the answer y or yes is asked for on the\n"
	"terminal; with --yes it is deleted without asking.  When standard input\n"
	"is not a terminal and --yes is not given, nothing is deleted.\n";

static const char more[] = "examples:\n"
			   "  limbvol delete 17\n"
			   "  limbvol delete --yes 17\n\n"
			   "exit codes: 0 deleted, 1 not confirmed (nothing deleted), 64 usage,\n"
			   "66 no store or no such measurement, 74 store error.\n";

struct delete_opts {
	const char *db;
	int yes;
	struct cli_operands ids;
};

#define OFF(field) offsetof(struct delete_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "yes", 'y', OFF(yes), .help = "do not ask" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "MEASUREMENT", .offset = OFF(ids) },
	{ CLI_END }
};

static const struct cli_cmd delete_cmd = { "delete", usage, about, options, more, NULL, NULL, 0 };

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
	struct delete_opts o;
	int rc;
	int64_t id = 0;
	lv_store *s = NULL;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&delete_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.ids.n == 0)
		return cli_usage_error("delete", "which measurement? (limbvol delete ID)");
	if (o.ids.n > 1)
		return cli_usage_error("delete", "one measurement at a time ('%.40s' is extra)",
				       o.ids.v[1]);
	if (sc_id("delete", "measurement", o.ids.v[0], &id))
		return CLI_EXIT_USAGE;
	if (!o.yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"limbvol delete: not deleting: standard input is not a terminal to"
			" confirm on; give --yes to delete without asking\n");
		return CLI_EXIT_USAGE;
	}
	if ((rc = sc_open("delete", o.db, 0, &s)) != CLI_EXIT_OK)
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
	if (!o.yes) {
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
