/*
 * limbvol migrate: copy everything one store holds into another, a
 * workstation's SQLite file into the clinic's PostgreSQL database or back.
 * The copy goes through the lossless export format (limbvol/exchange.h): the
 * source is written in one read transaction to a private temporary file
 * (0600, unlinked as soon as it is open again), which is imported into the
 * destination in one transaction, skipping what it already holds by the one
 * duplicate rule (lv_store_find_duplicate): running it twice copies nothing
 * the second time.
 */
#include <errno.h>
#include <stddef.h>
#include <stdio.h>
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
static const char summary[] = "copy one store into another (SQLite file, PostgreSQL)";

static const char usage[] = "usage: limbvol migrate --from STORE --to STORE\n";

static const char about[] =
	"Copy every patient, limb, weight, session and measurement of one store into\n"
	"another: an SQLite file (a path) or a PostgreSQL database (a postgresql://\n"
	"URI, its password from ~/.pgpass or PGPASSWORD, never in the URI).  The\n"
	"destination is created when it does not exist yet and written in one\n"
	"transaction: everything or nothing.  Measurements it already holds (the\n"
	"same patient, limb, date and time, phase, sites and values) are skipped, so\n"
	"a second run copies nothing; the source is only read.  Deleted measurements\n"
	"and weights go along, still deleted, and the audit trail with them.\n";

static const char more[] =
	"examples:\n"
	"  limbvol migrate --from ~/.local/share/limbvol/limbvol.db \\\n"
	"                  --to postgresql://therapist@db.clinic/limbvol\n"
	"  limbvol migrate --from postgresql://therapist@db.clinic/limbvol --to copy.db\n\n"
	"exit codes: 0 ok, 64 usage, 66 no source store, 73 no temporary file,\n"
	"74 store error (nothing copied; a connection lost while committing says so).\n";

struct migrate_opts {
	const char *from, *to;
};

#define OFF(field) offsetof(struct migrate_opts, field)

static const struct cli_opt options[] = {
	{ CLI_STRING, "from", 0, OFF(from), .arg = "STORE", .flags = CLI_FILE,
	  .help = "the store to copy from (a file path or a postgresql:// URI)" },
	{ CLI_STRING, "to", 0, OFF(to), .arg = "STORE", .flags = CLI_FILE,
	  .help = "the store to copy into (created when missing)" },
	{ CLI_END }
};

const struct cli_cmd migrate_cmd = { "migrate", usage, about, options, more, summary, NULL, 0 };

/* The source's export in a private temporary file, open for reading. */
static int export_to_temp(lv_store *src, lv_exchange_reader **r)
{
	const char *dir = getenv("TMPDIR");
	char path[1100];
	FILE *f = NULL;
	int fd, rc = CLI_EXIT_OK;

	snprintf(path, sizeof path, "%s/limbvol-migrate.XXXXXX", dir && dir[0] ? dir : "/tmp");
	if ((fd = mkstemp(path)) < 0 || !(f = fdopen(fd, "w"))) {
		fprintf(stderr, "limbvol migrate: cannot create a temporary file in %s: %s\n",
			dir && dir[0] ? dir : "/tmp", strerror(errno));
		if (fd >= 0)
			close(fd), unlink(path);
		return CLI_EXIT_CANTCREAT;
	}
	if (lv_exchange_write_ex(src, NULL, LV_EXCHANGE_CSV, LV_EXCHANGE_DELETED, f) < 0)
		rc = cli_report("migrate");
	if (fclose(f) && rc == CLI_EXIT_OK) {
		fprintf(stderr, "limbvol migrate: cannot write the temporary file: %s\n",
			strerror(errno));
		rc = CLI_EXIT_CANTCREAT;
	}
	if (rc == CLI_EXIT_OK && lv_exchange_open(r, path) < 0)
		rc = cli_report("migrate");
	unlink(path); /* open or not: nothing of the patients' data is left behind */
	return rc;
}

static void skipped(long line, long column, int64_t id, void *ctx)
{
	(void)line, (void)column, (void)id, (void)ctx; /* counted in lv_import_counts */
}

int cmd_migrate(int argc, char **argv)
{
	struct migrate_opts o;
	lv_exchange_reader *r = NULL;
	lv_import_options io = { 0 };
	lv_import_counts n = { 0, 0, 0 };
	lv_store *src = NULL, *dst = NULL;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&migrate_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (!o.from || !o.to)
		return cli_usage_error("migrate", "give both --from STORE and --to STORE");
	if (!strcmp(o.from, o.to))
		return cli_usage_error("migrate", "--from and --to name the same store");
	if ((rc = sc_open("migrate", o.from, SC_READ, &src)) != CLI_EXIT_OK ||
	    (rc = sc_open("migrate", o.to, 1, &dst)) != CLI_EXIT_OK ||
	    (rc = export_to_temp(src, &r)) != CLI_EXIT_OK)
		goto done;
	io.duplicate = skipped;
	if (lv_exchange_import(dst, r, &io, &n) < 0) {
		rc = cli_report("migrate");
		if (!lv_store_outcome_unknown(dst))
			fprintf(stderr, "limbvol migrate: nothing was copied\n");
		goto done;
	}
	printf("copied %ld measurement%s", n.stored, n.stored == 1 ? "" : "s");
	if (n.skipped)
		printf(" (%ld the destination held already, skipped)", n.skipped);
	printf("\n");
done:
	lv_exchange_free(r);
	lv_store_close(src);
	lv_store_close(dst);
	return rc;
}
