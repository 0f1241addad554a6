/*
 * limbvol purge: remove deleted measurements and weights for good, after
 * saying which and asking (or --yes).  Until then `limbvol undelete` brings
 * them back.
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

/* One line for `limbvol help` and --summary. */
static const char summary[] = "remove deleted measurements and weights for good (asks first)";

static const char usage[] = "usage: limbvol purge [options] --before DATE | --all\n";

static const char about[] =
	"Remove for good the measurements and weights deleted with 'limbvol delete'\n"
	"(before DATE, by the time of their deletion, UTC; or --all), with their sites\n"
	"and audit trail.  What would go is listed first, and the answer y or yes is\n"
	"asked for on the terminal; with --yes it is removed without asking.  When\n"
	"standard input is not a terminal and --yes is not given, nothing is removed.\n"
	"Live measurements, and the trail of their edits, are never purged.\n";

static const char more[] = "examples:\n"
			   "  limbvol purge --before 2026-06-01\n"
			   "  limbvol purge --all --yes\n\n"
			   "exit codes: 0 purged (or nothing to purge), 1 not confirmed (nothing\n"
			   "removed), 64 usage, 66 no store, 74 store error.\n";

struct purge_opts {
	const char *db, *before;
	int all, yes;
};

#define OFF(field) offsetof(struct purge_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "before", 0, OFF(before), .arg = "DATE", .set = sc_set_date,
	  .help = "what was deleted before DATE (YYYY-MM-DD[THH:MM], UTC)" },
	{ CLI_FLAG, "all", 0, OFF(all), .help = "everything deleted" },
	{ CLI_FLAG, "yes", 'y', OFF(yes), .help = "do not ask" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_END }
};

const struct cli_cmd purge_cmd = { "purge", usage, about, options, more, summary, NULL, 0 };

struct listing {
	FILE *f; /* NULL: only count */
	long n;
};

static int list_one(const lv_deleted_info *d, void *ctx)
{
	struct listing *l = ctx;
	if (l->f) {
		if (d->measurement)
			fprintf(l->f, "  measurement %lld: ", (long long)d->measurement);
		else
			fprintf(l->f, "  weight w%lld: ", (long long)d->weight);
		sc_code(l->f, d->patient);
		fprintf(l->f, " %s %s, deleted %s UTC\n", d->what, d->date, d->deleted);
	}
	l->n++;
	return 0;
}

static int confirm(long n)
{
	char line[64];
	fprintf(stderr, "remove these %ld for good? [y/N] ", n);
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		line[0] = '\0';
	line[strcspn(line, "\r\n")] = '\0';
	return !strcmp(line, "y") || !strcmp(line, "Y") || !strcmp(line, "yes");
}

int cmd_purge(int argc, char **argv)
{
	struct purge_opts o;
	struct listing shown = { stderr, 0 }, now = { NULL, 0 };
	lv_store *s = NULL;
	long nm = 0, nw = 0;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&purge_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (!o.before == !o.all)
		return cli_usage_error("purge", "give --before DATE or --all (what to remove)");
	if ((rc = sc_open("purge", o.db, 0, &s)) != CLI_EXIT_OK)
		return rc;
	fprintf(stderr, "deleted and not purged%s%s:\n", o.before ? " before " : "",
		o.before ? o.before : "");
	if (lv_store_each_deleted(s, o.before, list_one, &shown) < 0) {
		rc = cli_report("purge");
		goto done;
	}
	if (!shown.n) {
		fprintf(stderr, "  none\n");
		printf("nothing to purge\n");
		goto done;
	}
	if (!o.yes && !isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"limbvol purge: not purging: standard input is not a terminal to"
			" confirm on; give --yes to purge without asking\n");
		rc = CLI_EXIT_USAGE;
		goto done;
	}
	if (!o.yes && !confirm(shown.n)) {
		fprintf(stderr, "limbvol purge: nothing removed\n");
		rc = CLI_EXIT_SOME_FAILED;
		goto done;
	}
	/* what is removed is what was listed: checked again inside the transaction */
	if (lv_store_begin(s) < 0 || lv_store_each_deleted(s, o.before, list_one, &now) < 0 ||
	    (now.n != shown.n &&
	     lv_error_set(LV_EDATA,
			  "deletions changed while asking: nothing removed; run"
			  " 'limbvol purge' again") < 0) ||
	    lv_store_purge(s, o.before, &nm, &nw) < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("purge");
		goto done;
	}
	printf("purged %ld measurement%s and %ld weight%s\n", nm, nm == 1 ? "" : "s", nw,
	       nw == 1 ? "" : "s");
done:
	lv_store_close(s);
	return rc;
}
