/*
 * limbvol patients: list the patients of the store, show one, or set a
 * patient's details (birth year, sex, weight, affected limb, landmark).
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "list the patients in the store, or set a patient's details";

static const char usage[] =
	"usage: limbvol patients [--format text|csv|json]\n"
	"       limbvol patients [--format text|csv|json] PATIENT\n"
	"       limbvol patients [--birth-year Y] [--sex female|male|other]\n"
	"                        [--weight KG [--date DATE]] [--affected LIMB]\n"
	"                        [--landmark LIMB=TEXT] PATIENT\n";

static const char about[] =
	"Without a patient: every patient code with the number of measurements, the\n"
	"first and last date and the affected limb.  With a patient: its details.\n"
	"With settings: store them (the patient is added when new).  No names:\n"
	"a patient is known only by a pseudonymous code.\n";

static const char more[] =
	"examples:\n"
	"  limbvol patients\n"
	"  limbvol patients P001 --birth-year 1961 --sex female --affected left-arm\n"
	"  limbvol patients P001 --weight 71.5 --date 2026-03-02\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad value, 66 no store or patient, 74 store error.\n";

struct patients_opts {
	const char *db, *wdate, *landmark;
	int fmt, birth;
	double kg;
	lv_sex sex;
	struct sc_limb aff;
	lv_limb lm_limb;
	struct cli_operands patient;
};

static int set_sex(struct cli_parser *p, void *base, const char *v)
{
	if (lv_sex_parse(v, base) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	return 0;
}

static int set_landmark(struct cli_parser *p, void *base, const char *v)
{
	struct patients_opts *o = base;
	const char *eq = strchr(v, '=');
	if (!eq || lv_limb_parse(v, (size_t)(eq - v), &o->lm_limb) < 0) {
		lv_error_clear();
		return cli_fail(p, "expected LIMB=TEXT, e.g. left-arm=2 cm above ulnar styloid");
	}
	o->landmark = eq + 1;
	return 0;
}

#define OFF(field) offsetof(struct patients_opts, field)

static const struct cli_opt options[] = {
	{ CLI_INT, "birth-year", 0, OFF(birth), .arg = "Y", .min = 1900, .max = 2100,
	  .help = "year of birth (1900-2100)" },
	{ CLI_CALL, "sex", 0, OFF(sex), .arg = "S", .set = set_sex,
	  .help = "female, male or other" },
	{ CLI_NUMBER, "weight", 0, OFF(kg), .arg = "KG", .min = 2, .max = 500,
	  .help = "body weight on --date (default today), for weight-adjusted\nmetrics" },
	{ CLI_CALL, "date", 0, OFF(wdate), .arg = "DATE", .set = sc_set_date,
	  .help = "the day of --weight, YYYY-MM-DD" },
	{ CLI_CALL, "affected", 0, OFF(aff), .arg = "LIMB", .set = sc_set_limb,
	  .help = "the affected limb (left-arm, right-arm, left-leg, right-leg)" },
	{ CLI_CALL, "landmark", 0, .arg = "LIMB=TEXT", .set = set_landmark,
	  .help = "where site 0 is, e.g. 'left-arm=2 cm above ulnar styloid'" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd patients_cmd = { "patients", usage, about, options, more, summary, NULL, 0 };

struct list_ctx {
	int fmt; /* enum cli_format */
	size_t n;
};

static int list_one(const lv_patient_info *p, void *vctx)
{
	struct list_ctx *c = vctx;
	const char *aff = p->has_affected ? lv_limb_name(p->affected) : "";
	if (c->fmt == CLI_FORMAT_TEXT) {
		sc_code(stdout, p->code);
		printf("%*s %6ld  %-16s  %-16s  %s\n",
		       (int)(strlen(p->code) < 20 ? 20 - strlen(p->code) : 0), "", p->measurements,
		       p->first_date, p->last_date, aff[0] ? aff : "-");
	} else if (c->fmt == CLI_FORMAT_CSV) {
		sc_code(stdout, p->code);
		printf(",%ld,%s,%s,%s,", p->measurements, p->first_date, p->last_date, aff);
		if (p->birth_year)
			printf("%d", p->birth_year);
		printf(",%s\n", lv_sex_name(p->sex));
	} else {
		fputs(c->n ? ",\n  " : "[\n  ", stdout);
		fputs("{\"patient\": ", stdout);
		sc_code_json(stdout, p->code);
		printf(", \"measurements\": %ld, \"first_date\": \"%s\", \"last_date\": \"%s\","
		       " \"affected\": ",
		       p->measurements, p->first_date, p->last_date);
		if (aff[0])
			printf("\"%s\"", aff);
		else
			fputs("null", stdout);
		fputs(", \"birth_year\": ", stdout);
		if (p->birth_year)
			printf("%d", p->birth_year);
		else
			fputs("null", stdout);
		printf(", \"sex\": \"%s\"}", lv_sex_name(p->sex));
	}
	c->n++;
	return 0;
}

static int show_limb(const lv_limb_info *l, void *ctx)
{
	(void)ctx;
	printf("  %-10s %s%s", lv_limb_name(l->limb),
	       l->affected == 1           ? "affected"
		       : l->affected == 0 ? "not affected"
					  : "-",
	       l->landmark[0] ? ", landmark: " : "");
	sc_text(stdout, l->landmark);
	putchar('\n');
	return 0;
}

static int show_weight(const lv_weight_info *w, void *ctx)
{
	char id[32];
	++*(int *)ctx;
	snprintf(id, sizeof id, "w%lld", (long long)w->id);
	printf("  %-6s %-16s ", id, w->date);
	sc_num(stdout, w->kg, 1);
	puts(" kg");
	return 0;
}

int cmd_patients(int argc, char **argv)
{
	struct patients_opts o;
	const char *db, *code = NULL, *wdate, *landmark;
	struct list_ctx c = { CLI_FORMAT_TEXT, 0 };
	lv_store *s = NULL;
	int birth, set, has_aff, rc;
	double kg;
	lv_sex sex;
	lv_limb aff, lm_limb;
	int64_t id;

	memset(&o, 0, sizeof o);
	if ((rc = cli_parse(&patients_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.patient.n > 1)
		return cli_usage_error("patients", "one patient at a time ('%.40s' is extra)",
				       o.patient.v[1]);
	if (o.patient.n) {
		code = o.patient.v[0];
		if (lv_store_check_code(code) < 0)
			return cli_usage_error("patients", "patient: %s", lv_error_last()->message);
	}
	db = o.db;
	wdate = o.wdate;
	landmark = o.landmark;
	c.fmt = o.fmt;
	birth = o.birth;
	kg = o.kg;
	sex = o.sex;
	has_aff = o.aff.given;
	aff = o.aff.limb;
	lm_limb = o.lm_limb;
	set = birth || sex != LV_SEX_UNKNOWN || kg > 0 || has_aff || landmark;
	if (wdate && !kg)
		return cli_usage_error("patients", "--date goes with --weight");
	if (set && !code)
		return cli_usage_error("patients", "which patient? (limbvol patients P --...)");

	if ((rc = sc_open("patients", db, set ? 1 : SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	if (set) {
		char now[LV_STORE_DATE_MAX];
		sc_now(now);
		if (lv_store_begin(s) < 0 || lv_store_patient_ensure(s, code, &id) < 0 ||
		    lv_store_patient_set(s, id, birth, sex) < 0 ||
		    (kg > 0 && lv_store_weight_add(s, id, wdate ? wdate : now, kg) < 0) ||
		    (has_aff && lv_store_limb_set_affected(s, id, aff) < 0) ||
		    (landmark && lv_store_limb_set_landmark(s, id, lm_limb, landmark) < 0) ||
		    lv_store_commit(s) < 0) {
			lv_store_rollback(s);
			rc = cli_report("patients");
			goto done;
		}
	}
	if (c.fmt == CLI_FORMAT_CSV)
		puts("patient,measurements,first_date,last_date,affected,birth_year,sex");
	if (code) {
		lv_patient_info p;
		if (lv_store_patient_find(s, code, &id) < 0 ||
		    lv_store_patient_get(s, id, &p) < 0) {
			rc = cli_report("patients");
			goto done;
		}
		if (c.fmt != CLI_FORMAT_TEXT) {
			list_one(&p, &c);
		} else {
			fputs("patient ", stdout);
			sc_code(stdout, p.code);
			if (p.birth_year)
				printf("\n  birth year %d", p.birth_year);
			else
				fputs("\n  birth year unknown", stdout);
			printf(", sex %s\n  %ld measurements",
			       p.sex ? lv_sex_name(p.sex) : "unknown", p.measurements);
			if (p.measurements)
				printf(", %s to %s", p.first_date, p.last_date);
			puts("\nlimbs:");
			lv_store_each_limb(s, id, show_limb, NULL);
			int weights = 0;
			puts("weights:");
			lv_store_each_weight_ex(s, id, 0, show_weight, &weights);
			if (!weights)
				puts("  none (--weight KG [--date YYYY-MM-DD] records one)");
		}
	} else {
		if (c.fmt == CLI_FORMAT_TEXT)
			printf("%-20s %6s  %-16s  %-16s  %s\n", "patient", "meas.", "first", "last",
			       "affected");
		if (lv_store_patients(s, list_one, &c) < 0) {
			rc = cli_report("patients");
			goto done;
		}
	}
	if (c.fmt == CLI_FORMAT_JSON)
		puts(c.n ? "\n]" : "[]");
done:
	lv_store_close(s);
	return rc;
}
