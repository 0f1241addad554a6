/*
 * limbvol delete: delete one stored measurement or weight, after asking.
 * The answer is read from standard input; without a terminal there and
 * without --yes nothing is deleted.  A deletion only marks it: `limbvol
 * undelete` brings it back until `limbvol purge`.
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
static const char summary[] = "delete a stored measurement or weight (recoverable until purge)";

static const char usage[] = "usage: limbvol delete [options] MEASUREMENT | wWEIGHT\n";

static const char about[] =
	"Delete the measurement with this id (see 'limbvol history P'), or the weight\n"
	"wN (see 'limbvol weights P').  It is shown first and the answer y or yes is\n"
	"asked for on the terminal; with --yes it is deleted without asking.  When\n"
	"standard input is not a terminal and --yes is not given, nothing is deleted.\n"
	"A deleted measurement counts nowhere (history, trend, patients, the duplicate\n"
	"rule, export unless --deleted) but stays in the store: 'limbvol undelete ID'\n"
	"brings it back until 'limbvol purge' removes it for good.\n";

static const char more[] = "examples:\n"
			   "  limbvol delete 17\n"
			   "  limbvol delete --yes 17\n"
			   "  limbvol delete w3\n\n"
			   "exit codes: 0 deleted, 1 not confirmed (nothing deleted), 64 usage,\n"
			   "66 no store, no such measurement or weight (or deleted already), 74\n"
			   "store error.\n";

struct delete_opts {
	const char *db;
	int yes;
	struct cli_operands ids;
};

#define OFF(field) offsetof(struct delete_opts, field)

static const struct cli_opt options[] = { { CLI_FLAG, "yes", 'y', OFF(yes), .help = "do not ask" },
					  { CLI_INCLUDE, .include = sc_db_options,
					    .offset = OFF(db) },
					  { CLI_OPERANDS, .arg = "ID", .offset = OFF(ids) },
					  { CLI_END } };

const struct cli_cmd delete_cmd = { "delete", usage, about, options, more, summary, NULL, 0 };

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

/* The weight, shown before asking (LV_ENOTFOUND for a deleted one). */
static int describe_weight(lv_store *s, int64_t id)
{
	lv_weight_info w;
	lv_patient_info p;
	int ret;
	if ((ret = lv_store_weight_get(s, id, &w)) < 0 ||
	    (ret = lv_store_patient_get(s, w.patient, &p)) < 0)
		return ret;
	if (w.deleted[0])
		return lv_error_set(LV_ENOTFOUND, "weight w%lld was deleted already (%s UTC)",
				    (long long)id, w.deleted);
	fprintf(stderr, "weight w%lld: patient ", (long long)id);
	sc_code(stderr, p.code);
	fprintf(stderr, ", %s, ", w.date);
	sc_num(stderr, w.kg, 1);
	fputs(" kg\n", stderr);
	return 0;
}

int cmd_delete(int argc, char **argv)
{
	struct delete_opts o;
	int rc, weight = 0, ret;
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
	if (sc_item("delete", o.ids.v[0], &id, &weight))
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
	if ((weight ? describe_weight(s, id) : lv_store_get(s, id, describe, stderr)) < 0) {
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
	if ((ret = lv_store_begin(s)) == 0)
		ret = weight ? lv_store_delete_weight(s, id) : lv_store_delete_measurement(s, id);
	if (ret < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("delete");
		goto done;
	}
	printf("deleted %s %s%lld ('limbvol undelete %s%lld' brings it back until"
	       " 'limbvol purge')\n",
	       weight ? "weight" : "measurement", weight ? "w" : "", (long long)id,
	       weight ? "w" : "", (long long)id);
done:
	lv_store_close(s);
	return rc;
}
