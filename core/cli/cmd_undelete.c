/*
 * limbvol undelete: bring back a deleted measurement or weight (until
 * `limbvol purge` removes it for good).
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "bring back a deleted measurement or weight";

static const char usage[] = "usage: limbvol undelete [options] MEASUREMENT | wWEIGHT\n";

static const char about[] =
	"Bring back a measurement (or a weight, wN) deleted with 'limbvol delete': it\n"
	"counts again in history, trend, patients and export.  The undeletion is\n"
	"kept in its audit trail ('limbvol show ID --history').  A measurement that\n"
	"is the same as one stored since (date and time, phase, sites and values) is\n"
	"refused (exit 65) unless --allow-duplicate.  'limbvol purge' lists what can\n"
	"still be brought back.\n";

static const char more[] =
	"examples:\n"
	"  limbvol undelete 17\n"
	"  limbvol undelete w3\n\n"
	"exit codes: 0 undeleted, 64 usage, 65 a duplicate, 66 no store, no such\n"
	"measurement or weight or not deleted, 74 store error.\n";

struct undelete_opts {
	const char *db;
	int allow_duplicate;
	struct cli_operands ids;
};

#define OFF(field) offsetof(struct undelete_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "allow-duplicate", 0, OFF(allow_duplicate),
	  .help = "undelete it even when the same measurement is stored" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "ID", .offset = OFF(ids) },
	{ CLI_END }
};

const struct cli_cmd undelete_cmd = { "undelete", usage, about, options, more, summary, NULL, 0 };

int cmd_undelete(int argc, char **argv)
{
	struct undelete_opts o;
	lv_store *s = NULL;
	int64_t id = 0;
	int rc, weight = 0, ret;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&undelete_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.ids.n == 0)
		return cli_usage_error("undelete", "which measurement? (limbvol undelete ID)");
	if (o.ids.n > 1)
		return cli_usage_error("undelete", "one at a time ('%.40s' is extra)", o.ids.v[1]);
	if (sc_item("undelete", o.ids.v[0], &id, &weight))
		return CLI_EXIT_USAGE;
	if ((rc = sc_open("undelete", o.db, 0, &s)) != CLI_EXIT_OK)
		return rc;
	if ((ret = lv_store_begin(s)) == 0)
		ret = weight ? lv_store_undelete_weight(s, id)
			     : lv_store_undelete_measurement(s, id, o.allow_duplicate);
	if (ret < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("undelete");
	} else {
		printf("undeleted %s %s%lld\n", weight ? "weight" : "measurement",
		       weight ? "w" : "", (long long)id);
	}
	lv_store_close(s);
	return rc;
}
