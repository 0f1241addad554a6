/*
 * limbvol edit: correct a stored measurement (circumferences at its sites,
 * date, phase, limb) or weight (wN: --kg, --date) in one transaction; the
 * old values stay in the store as its audit trail (`limbvol show ID
 * --history`).  The rules of `record` apply to the new values.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/number.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "correct a stored measurement or weight (the old values are kept)";

static const char usage[] =
	"usage: limbvol edit [options] MEASUREMENT [--site CM VALUE]... [--date DATE]\n"
	"                    [--phase PHASE] [--limb LIMB]\n"
	"       limbvol edit [options] wWEIGHT [--kg KG] [--date DATE]\n";

static const char about[] =
	"Change a stored measurement: the circumference at its site CM (--site CM\n"
	"VALUE, or --site CM=VALUE; as often as needed), its date, phase or limb.  The\n"
	"volume is computed again.  The new values pass the checks of 'limbvol\n"
	"record': a circumference no limb has is refused (--accept-unusual), and so\n"
	"is a measurement that would become the same as another stored one\n"
	"(--allow-duplicate).  Everything is one transaction; on a refusal nothing\n"
	"changes.  The old values are kept: 'limbvol show ID --history' prints what\n"
	"changed, from what to what, and when.  A weight (wN, 'limbvol weights P')\n"
	"takes --kg and --date.  A photo measurement's widths are not edited.\n";

static const char more[] =
	"examples:\n"
	"  limbvol edit 17 --site 12 26.5\n"
	"  limbvol edit 17 --site 12 26.5 --site 16 27 --phase pre\n"
	"  limbvol edit 17 --date 2026-03-03T09:30\n"
	"  limbvol edit w3 --kg 71.2\n\n"
	"exit codes: 0 changed (or nothing to change), 64 usage, 65 a value refused,\n"
	"66 no store, no such measurement or weight (or a deleted one), 74 store error.\n";

#define MAX_EDIT_SITES 256

struct edit_opts {
	const char *db, *date, *id;
	struct sc_limb limb;
	int has_phase, accept_unusual, allow_duplicate, pending;
	lv_phase phase;
	double kg;
	size_t n;
	double site[MAX_EDIT_SITES], value[MAX_EDIT_SITES];
};

#define EDIT(p) ((struct edit_opts *)(p))

static int set_phase(struct cli_parser *p, void *base, const char *v)
{
	if (lv_phase_parse(v, strlen(v), &EDIT(base)->phase) < 0) {
		lv_error_clear();
		return cli_fail(p, "expected baseline, pre, post or other, found '%.40s'", v);
	}
	EDIT(base)->has_phase = 1;
	return 0;
}

/* --site CM: its VALUE is the next operand (or after '=' here). */
static int set_site(struct cli_parser *p, void *base, const char *v)
{
	struct edit_opts *o = base;
	char cm[64];
	const char *eq = strchr(v, '=');
	size_t len = eq ? (size_t)(eq - v) : strlen(v);
	if (o->pending)
		return cli_fail(p, "the value of --site %g is missing", o->site[o->n]);
	if (o->n == MAX_EDIT_SITES)
		return cli_fail(p, "at most %d sites in one edit", MAX_EDIT_SITES);
	if (len >= sizeof cm)
		return cli_fail(p, "expected CM VALUE or CM=VALUE, found '%.40s'", v);
	memcpy(cm, v, len);
	cm[len] = '\0';
	if (cli_opt_number(p, cm, &o->site[o->n]) < 0)
		return -1;
	if (eq) {
		if (cli_opt_number(p, eq + 1, &o->value[o->n]) < 0)
			return -1;
		o->n++;
	} else {
		o->pending = 1;
	}
	return 0;
}

/* Operands: the id, and the VALUE of each --site CM. */
static int operand(struct cli_parser *p, void *base, const char *v)
{
	struct edit_opts *o = base;
	if (o->pending) {
		if (lv_number_parse(v, strlen(v), LV_NUMBER_COMMA, &o->value[o->n]) < 0) {
			lv_error_clear();
			return cli_fail(p,
					"--site %g: expected a circumference in cm, found '%.40s'",
					o->site[o->n], v);
		}
		o->pending = 0;
		o->n++;
		return 0;
	}
	if (o->id)
		return cli_fail(p, "one measurement at a time ('%.40s' is extra)", v);
	o->id = v;
	return 0;
}

#define OFF(field) offsetof(struct edit_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "site", 0, .arg = "CM VALUE", .flags = CLI_REPEAT, .set = set_site,
	  .help = "the circumference VALUE (cm) at the site CM" },
	{ CLI_CALL, "date", 0, OFF(date), .arg = "DATE", .set = sc_set_date,
	  .help = "YYYY-MM-DD[THH:MM] (another day: that day's session)" },
	{ CLI_CALL, "phase", 0, .arg = "PHASE", .set = set_phase,
	  .help = "baseline, pre, post or other" },
	{ CLI_CALL, "limb", 0, OFF(limb), .arg = "LIMB", .set = sc_set_limb,
	  .help = "left-arm, right-arm, left-leg or right-leg" },
	{ CLI_NUMBER, "kg", 0, OFF(kg), .arg = "KG", .min = 2, .max = 500,
	  .help = "a weight's new value" },
	{ CLI_FLAG, "accept-unusual", 0, OFF(accept_unusual),
	  .help = "accept circumferences no limb has (refused otherwise, exit 65)" },
	{ CLI_FLAG, "allow-duplicate", 0, OFF(allow_duplicate),
	  .help = "change it even when it becomes the same as a stored one" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERAND, .arg = "ID", .set = operand },
	{ CLI_END }
};

const struct cli_cmd edit_cmd = { "edit", usage, about, options, more, summary, NULL, 0 };

/* What the edit just did: the revisions of its last edit. */
struct last {
	long edit;
	struct sc_trail t;
};

static int find_last(const lv_revision *r, void *ctx)
{
	struct last *l = ctx;
	if (r->edit > l->edit)
		l->edit = r->edit;
	return 0;
}

static int print_last(const lv_revision *r, void *ctx)
{
	struct last *l = ctx;
	return r->edit == l->edit ? sc_print_revision(r, &l->t) : 0;
}

static int check_usage(const struct edit_opts *o, int weight)
{
	if (o->pending)
		return cli_usage_error("edit", "--site %g: its VALUE is missing", o->site[o->n]);
	if (!o->id)
		return cli_usage_error("edit",
				       "which measurement? (limbvol edit ID --site CM VALUE)");
	if (weight && (o->n || o->has_phase || o->limb.given))
		return cli_usage_error("edit", "a weight takes --kg and --date only");
	if (!weight && o->kg)
		return cli_usage_error("edit", "--kg is for weights (wN)");
	if (!o->n && !o->date && !o->has_phase && !o->limb.given && !o->kg)
		return cli_usage_error("edit",
				       weight ? "nothing to change: give --kg or --date"
					      : "nothing to change: give --site, --date, --phase"
						" or --limb");
	return 0;
}

int cmd_edit(int argc, char **argv)
{
	struct edit_opts o;
	lv_edit e;
	lv_store *s = NULL;
	struct last l = { 0, { stdout, CLI_FORMAT_TEXT, 0 } };
	int64_t id = 0;
	int rc, weight = 0, changed = 0, ret;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&edit_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.id && sc_item("edit", o.id, &id, &weight))
		return CLI_EXIT_USAGE;
	if ((rc = check_usage(&o, weight)) != 0)
		return rc;
	memset(&e, 0, sizeof e);
	e.date = o.date;
	e.has_phase = o.has_phase;
	e.phase = o.phase;
	e.has_limb = o.limb.given;
	e.limb = o.limb.limb;
	e.n_sites = o.n;
	e.site_cm = o.site;
	e.circumference_cm = o.value;
	e.accept_unusual = o.accept_unusual;
	e.allow_duplicate = o.allow_duplicate;
	if ((rc = sc_open("edit", o.db, 0, &s)) != CLI_EXIT_OK)
		return rc;
	if ((ret = lv_store_begin(s)) == 0)
		ret = weight ? lv_store_edit_weight(s, id, o.date, o.kg, &changed)
			     : lv_store_edit_measurement(s, id, &e, &changed);
	if (ret < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("edit");
		goto done;
	}
	if (!changed) {
		printf("%s%lld already holds these values: nothing changed\n", weight ? "w" : "",
		       (long long)id);
		goto done;
	}
	printf("edited %s %s%lld:\n", weight ? "weight" : "measurement", weight ? "w" : "",
	       (long long)id);
	if (lv_store_each_revision(s, weight ? 0 : id, weight ? id : 0, find_last, &l) < 0 ||
	    lv_store_each_revision(s, weight ? 0 : id, weight ? id : 0, print_last, &l) < 0)
		rc = cli_report("edit");
done:
	lv_store_close(s);
	return rc;
}
