/*
 * limbvol patients: list the patients of the store, show one, or set a
 * patient's details (birth year, sex, weight, affected limb, landmark).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char help[] =
	"usage: limbvol patients [--format text|csv|json]\n"
	"       limbvol patients P [--format text|csv|json]\n"
	"       limbvol patients P [--birth-year Y] [--sex female|male|other]\n"
	"                          [--weight KG [--date DATE]] [--affected LIMB]\n"
	"                          [--landmark LIMB=TEXT]\n\n"
	"Without a patient: every patient code with the number of measurements, the\n"
	"first and last date and the affected limb.  With a patient: its details.\n"
	"With settings: store them (the patient is added when new).  No names:\n"
	"a patient is known only by a pseudonymous code.\n\n"
	"options:\n"
	"  --birth-year Y     year of birth (1900-2100)\n"
	"  --sex S            female, male or other\n"
	"  --weight KG        body weight on --date (default today), for weight-adjusted\n"
	"                     metrics\n"
	"  --affected LIMB    the affected limb (left-arm, right-arm, left-leg, right-leg)\n"
	"  --landmark LIMB=TEXT  where site 0 is, e.g. 'left-arm=2 cm above ulnar styloid'\n"
	"  --format text|csv|json\n"
	"%s\n"
	"examples:\n"
	"  limbvol patients\n"
	"  limbvol patients P001 --birth-year 1961 --sex female --affected left-arm\n"
	"  limbvol patients P001 --weight 71.5 --date 2026-03-02\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad value, 66 no store or patient, 74 store error.\n";

struct list_ctx {
	enum lv_format fmt;
	size_t n;
};

static int list_one(const lv_patient_info *p, void *vctx)
{
	struct list_ctx *c = vctx;
	const char *aff = p->has_affected ? lv_limb_name(p->affected) : "";
	if (c->fmt == LV_FORMAT_TEXT) {
		lv_sc_code(stdout, p->code);
		printf("%*s %6ld  %-16s  %-16s  %s\n",
		       (int)(strlen(p->code) < 20 ? 20 - strlen(p->code) : 0), "", p->measurements,
		       p->first_date, p->last_date, aff[0] ? aff : "-");
	} else if (c->fmt == LV_FORMAT_CSV) {
		lv_sc_code(stdout, p->code);
		printf(",%ld,%s,%s,%s,", p->measurements, p->first_date, p->last_date, aff);
		if (p->birth_year)
			printf("%d", p->birth_year);
		printf(",%s\n", lv_sex_name(p->sex));
	} else {
		fputs(c->n ? ",\n  " : "[\n  ", stdout);
		fputs("{\"patient\": ", stdout);
		lv_sc_code_json(stdout, p->code);
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
	lv_sc_text(stdout, l->landmark);
	putchar('\n');
	return 0;
}

static int show_weight(const char *date, double kg, void *ctx)
{
	(void)ctx;
	printf("  %-16s ", date);
	lv_sc_num(stdout, kg, 1);
	puts(" kg");
	return 0;
}

int cmd_patients(int argc, char **argv)
{
	const char *db = NULL, *code = NULL, *wdate = NULL, *landmark = NULL;
	struct list_ctx c = { LV_FORMAT_TEXT, 0 };
	lv_store *s = NULL;
	int birth = 0, set = 0, has_aff = 0, i, rc = LV_EXIT_OK;
	double kg = 0;
	lv_sex sex = LV_SEX_UNKNOWN;
	lv_limb aff = LV_LIMB_LEFT_ARM, lm_limb = LV_LIMB_LEFT_ARM;
	int64_t id;

	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			printf(help, lv_sc_db_help);
			return LV_EXIT_OK;
		}
		if (a[0] == '-' && a[1] && !arg)
			return lv_cli_usage_error("patients",
						  "option %s needs a value (or is unknown)", a);
		if (!strcmp(a, "--db")) {
			db = argv[++i];
		} else if (!strcmp(a, "--format")) {
			if (lv_format_parse("patients", argv[++i], &c.fmt) < 0)
				return LV_EXIT_USAGE;
		} else if (!strcmp(a, "--birth-year")) {
			double v;
			long y;
			if (lv_cli_number("patients", a, argv[++i], &v))
				return LV_EXIT_USAGE;
			if (lv_number_int(v, 1900, 2100, &y) < 0)
				return lv_cli_usage_error("patients",
							  "option --birth-year: expected a year"
							  " 1900 to 2100, found %s",
							  argv[i]);
			birth = (int)y;
			set = 1;
		} else if (!strcmp(a, "--sex")) {
			if (lv_sex_parse(argv[++i], &sex) < 0)
				return lv_cli_usage_error("patients", "option --sex: %s",
							  lv_error_last()->message);
			set = 1;
		} else if (!strcmp(a, "--weight")) {
			if (lv_cli_number("patients", a, argv[++i], &kg))
				return LV_EXIT_USAGE;
			if (!(kg >= 2 && kg <= 500))
				return lv_cli_usage_error("patients",
							  "option --weight: expected 2 to 500 kg,"
							  " found %s",
							  argv[i]);
			set = 1;
		} else if (!strcmp(a, "--date")) {
			wdate = argv[++i];
			if (lv_date_check(wdate, strlen(wdate)) < 0)
				return lv_cli_usage_error("patients", "option --date: %s",
							  lv_error_last()->message);
		} else if (!strcmp(a, "--affected")) {
			if (lv_limb_parse(argv[i + 1], strlen(argv[i + 1]), &aff) < 0)
				return lv_cli_usage_error(
					"patients",
					"option --affected: expected left-arm,"
					" right-arm, left-leg or right-leg, found '%.40s'",
					argv[i + 1]);
			i++;
			has_aff = set = 1;
		} else if (!strcmp(a, "--landmark")) {
			const char *eq = strchr(argv[++i], '=');
			if (!eq || lv_limb_parse(argv[i], (size_t)(eq - argv[i]), &lm_limb) < 0)
				return lv_cli_usage_error("patients",
							  "option --landmark: expected LIMB=TEXT,"
							  " e.g. left-arm=2 cm above ulnar styloid");
			landmark = eq + 1;
			set = 1;
		} else if (a[0] == '-' && a[1]) {
			return lv_cli_usage_error("patients", "unknown option '%.40s'", a);
		} else if (!code) {
			code = a;
			if (lv_store_check_code(code) < 0)
				return lv_cli_usage_error("patients", "patient: %s",
							  lv_error_last()->message);
		} else {
			return lv_cli_usage_error("patients",
						  "one patient at a time ('%.40s' is extra)", a);
		}
	}
	if (wdate && !kg)
		return lv_cli_usage_error("patients", "--date goes with --weight");
	if (set && !code)
		return lv_cli_usage_error("patients", "which patient? (limbvol patients P --...)");

	if ((rc = lv_sc_open("patients", db, set ? 1 : LV_SC_READ, &s)) != LV_EXIT_OK)
		return rc;
	if (set) {
		char now[LV_STORE_DATE_MAX];
		lv_sc_now(now);
		if (lv_store_begin(s) < 0 || lv_store_patient_ensure(s, code, &id) < 0 ||
		    lv_store_patient_set(s, id, birth, sex) < 0 ||
		    (kg > 0 && lv_store_weight_add(s, id, wdate ? wdate : now, kg) < 0) ||
		    (has_aff && lv_store_limb_set_affected(s, id, aff) < 0) ||
		    (landmark && lv_store_limb_set_landmark(s, id, lm_limb, landmark) < 0) ||
		    lv_store_commit(s) < 0) {
			lv_store_rollback(s);
			rc = lv_cli_report("patients");
			goto done;
		}
	}
	if (c.fmt == LV_FORMAT_CSV)
		puts("patient,measurements,first_date,last_date,affected,birth_year,sex");
	if (code) {
		lv_patient_info p;
		if (lv_store_patient_find(s, code, &id) < 0 ||
		    lv_store_patient_get(s, id, &p) < 0) {
			rc = lv_cli_report("patients");
			goto done;
		}
		if (c.fmt != LV_FORMAT_TEXT) {
			list_one(&p, &c);
		} else {
			fputs("patient ", stdout);
			lv_sc_code(stdout, p.code);
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
			puts("weights:");
			lv_store_each_weight(s, id, show_weight, NULL);
		}
	} else {
		if (c.fmt == LV_FORMAT_TEXT)
			printf("%-20s %6s  %-16s  %-16s  %s\n", "patient", "meas.", "first", "last",
			       "affected");
		if (lv_store_patients(s, list_one, &c) < 0) {
			rc = lv_cli_report("patients");
			goto done;
		}
	}
	if (c.fmt == LV_FORMAT_JSON)
		puts(c.n ? "\n]" : "[]");
done:
	lv_store_close(s);
	return rc;
}
