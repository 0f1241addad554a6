/*
 * limbvol weights: a patient's body weights with their ids (wN), for
 * `limbvol edit`, `delete`, `undelete` and `show`.
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
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "list a patient's body weights with their ids";

static const char usage[] = "usage: limbvol weights [options] PATIENT\n";

static const char about[] =
	"List the body weights stored for a patient ('limbvol patients P --weight KG'),\n"
	"oldest first, each with its id wN: 'limbvol edit wN --kg KG', 'limbvol delete\n"
	"wN', 'limbvol show wN --history'.  With --deleted also the deleted ones (not\n"
	"purged yet), marked.\n";

static const char more[] = "examples:\n"
			   "  limbvol weights P001\n"
			   "  limbvol weights P001 --deleted --format csv\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such patient, 74 store\n"
			   "error.\n";

struct weights_opts {
	const char *db;
	int fmt, deleted;
	struct cli_operands patient;
};

#define OFF(field) offsetof(struct weights_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "deleted", 0, OFF(deleted), .help = "deleted weights too" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd weights_cmd = { "weights", usage, about, options, more, summary, NULL, 0 };

struct list {
	FILE *f;
	int fmt;
	const char *code;
	size_t n;
};

static int one(const lv_weight_info *w, void *ctx)
{
	struct list *l = ctx;
	FILE *f = l->f;
	if (l->fmt == CLI_FORMAT_TEXT) {
		char id[32], kg[64];
		snprintf(id, sizeof id, "w%lld", (long long)w->id);
		fprintf(f, "%-8s %-19s %6s kg%s%s%s\n", id, w->date,
			sc_numbuf(kg, sizeof kg, w->kg, 1), w->deleted[0] ? "  deleted " : "",
			w->deleted, w->deleted[0] ? " UTC" : "");
	} else if (l->fmt == CLI_FORMAT_CSV) {
		fprintf(f, "w%lld,", (long long)w->id);
		sc_code(f, l->code);
		fprintf(f, ",%s,", w->date);
		sc_num(f, w->kg, 3);
		fprintf(f, ",%s\n", w->deleted);
	} else {
		fprintf(f, "%s{\"weight\": \"w%lld\", \"date\": \"%s\", \"weight_kg\": ",
			l->n ? ",\n  " : "\n  ", (long long)w->id, w->date);
		cli_number_json(f, w->kg);
		fputs(", \"deleted\": ", f);
		if (w->deleted[0])
			fprintf(f, "\"%s\"}", w->deleted);
		else
			fputs("null}", f);
	}
	l->n++;
	return 0;
}

int cmd_weights(int argc, char **argv)
{
	struct weights_opts o;
	struct list l = { NULL, 0, NULL, 0 };
	lv_store *s = NULL;
	int64_t patient;
	int rc;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&weights_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.patient.n != 1)
		return cli_usage_error("weights",
				       o.patient.n ? "one patient at a time"
						   : "which patient? (limbvol weights P)");
	if (lv_store_check_code(o.patient.v[0]) < 0)
		return cli_usage_error("weights", "patient: %s", lv_error_last()->message);
	if (!(l.f = tmpfile())) {
		fprintf(stderr, "limbvol weights: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	l.fmt = o.fmt;
	l.code = o.patient.v[0];
	if ((rc = sc_open("weights", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		goto done;
	if (l.fmt == CLI_FORMAT_CSV)
		fputs("weight,patient,date,weight_kg,deleted\n", l.f);
	else if (l.fmt == CLI_FORMAT_JSON) {
		fputs("{\"patient\": ", l.f);
		sc_code_json(l.f, l.code);
		fputs(", \"weights\": [", l.f);
	}
	if (lv_store_patient_find(s, l.code, &patient) < 0 ||
	    lv_store_each_weight_ex(s, patient, o.deleted, one, &l) < 0) {
		rc = cli_report("weights");
		goto done;
	}
	if (l.fmt == CLI_FORMAT_JSON)
		fputs(l.n ? "\n]}\n" : "]}\n", l.f);
	else if (l.fmt == CLI_FORMAT_TEXT && !l.n)
		fputs("no weights stored\n", l.f);
	rc = cli_publish("weights", l.f);
done:
	fclose(l.f);
	lv_store_close(s);
	return rc;
}
