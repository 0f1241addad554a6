/* Helpers of the store commands. */
#include "store_cli.h"
#include "escape.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "cli.h"
#include "opt.h"
#include "report.h"
#include "limbvol/json.h"
#include "limbvol/limbvol.h"
#include "limbvol/number.h"
#include "limbvol/text.h"

const struct cli_opt sc_db_options[] = { { CLI_STRING, "db", 0, 0, .arg = "PATH", .flags = CLI_FILE,
					   .help = "the database: a file, or a postgresql:// URI\n"
						   "(default $LIMBVOL_DB, else\n"
						   "$XDG_DATA_HOME/limbvol/limbvol.db, else\n"
						   "~/.local/share/limbvol/limbvol.db)" },
					 { CLI_END } };

int sc_set_code(struct cli_parser *p, void *base, const char *text)
{
	if (lv_store_check_code(text) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	*(const char **)base = text;
	return 0;
}

int sc_set_date(struct cli_parser *p, void *base, const char *text)
{
	if (lv_date_check(text, strlen(text)) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	*(const char **)base = text;
	return 0;
}

int sc_set_limb(struct cli_parser *p, void *base, const char *text)
{
	struct sc_limb *l = base;
	if (lv_limb_parse(text, strlen(text), &l->limb) < 0) {
		lv_error_clear();
		return cli_fail(p,
				"expected left-arm, right-arm, left-leg or right-leg, found '%.40s'",
				text);
	}
	l->given = 1;
	return 0;
}

int sc_set_id(struct cli_parser *p, void *base, const char *text)
{
	char *end;
	long long v;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0 || text[0] == '+' || text[0] == ' ')
		return cli_fail(p, "expected a positive whole number, found '%.40s'", text);
	*(int64_t *)base = (int64_t)v;
	return 0;
}

int sc_open(const char *cmd, const char *db, int create, lv_store **out)
{
	char path[1024];
	*out = NULL;
	if (db)
		snprintf(path, sizeof path, "%s", db);
	else if (lv_store_default_path(path, sizeof path) < 0)
		return cli_report(cmd);
	if (lv_store_open(out, path,
			  create == SC_READ ? LV_STORE_READONLY
				  : create  ? LV_STORE_CREATE
					    : 0) < 0)
		return cli_report(cmd);
	return CLI_EXIT_OK;
}

void sc_code(FILE *f, const char *code)
{
	cli_put_escaped(f, code);
}

void sc_code_json(FILE *f, const char *code)
{
	sc_json_text(f, code);
}

void sc_json_text(FILE *f, const char *s)
{
	lv_json_write_string(f, s);
}

const char *sc_numbuf(char *buf, size_t size, double v, int decimals)
{
	if (lv_number_format_short(v, decimals, buf, size) < 0)
		snprintf(buf, size, "nan");
	return buf;
}

void sc_num(FILE *f, double v, int decimals)
{
	char buf[64];
	fputs(sc_numbuf(buf, sizeof buf, v, decimals), f);
}

int sc_id(const char *cmd, const char *what, const char *text, int64_t *out)
{
	char *end;
	long long v;
	errno = 0;
	v = strtoll(text, &end, 10);
	if (errno || end == text || *end || v <= 0 || text[0] == '+' || text[0] == ' ') {
		cli_usage_error(cmd, "%s: expected a positive whole number, found '%.40s'", what,
				text);
		return -1;
	}
	*out = (int64_t)v;
	return 0;
}

void sc_now(char buf[LV_STORE_DATE_MAX])
{
	time_t t = time(NULL);
	struct tm tm;
	if (!localtime_r(&t, &tm) || !strftime(buf, LV_STORE_DATE_MAX, "%Y-%m-%dT%H:%M", &tm))
		snprintf(buf, LV_STORE_DATE_MAX, "1970-01-01");
}

void sc_text(FILE *f, const char *s)
{
	cli_put_escaped(f, s);
}

int sc_item(const char *cmd, const char *text, int64_t *out, int *weight)
{
	*weight = text[0] == 'w' || text[0] == 'W';
	if (*weight && sc_id(cmd, "weight (wN)", text + 1, out) == 0)
		return 0;
	return *weight ? -1 : sc_id(cmd, "id (N for a measurement, wN for a weight)", text, out);
}

int sc_print_revision(const lv_revision *r, void *ctx)
{
	struct sc_trail *t = ctx;
	FILE *f = t->f;
	if (t->fmt == CLI_FORMAT_CSV) {
		if (!t->n)
			fputs("item,edit,changed_at,what,old_value,new_value\n", f);
		if (r->measurement)
			fprintf(f, "%lld,", (long long)r->measurement);
		else
			fprintf(f, "w%lld,", (long long)r->weight);
		fprintf(f, "%ld,%s,", r->edit, r->changed_at);
		cli_csv_field(f, r->what);
		fputc(',', f);
		cli_csv_field(f, r->old_value);
		fputc(',', f);
		cli_csv_field(f, r->new_value);
		fputc('\n', f);
	} else if (t->fmt == CLI_FORMAT_JSON) {
		fprintf(f, "%s{\"edit\": %ld, \"changed_at\": \"%s\", \"what\": ",
			t->n ? ",\n    " : "\n    ", r->edit, r->changed_at);
		sc_json_text(f, r->what);
		fputs(", \"old\": ", f);
		sc_json_text(f, r->old_value);
		fputs(", \"new\": ", f);
		sc_json_text(f, r->new_value);
		fputc('}', f);
	} else {
		fprintf(f, "  edit %ld  %s UTC  ", r->edit, r->changed_at);
		sc_text(f, r->what);
		if (r->old_value[0] || r->new_value[0]) {
			fputs(": ", f);
			sc_text(f, r->old_value[0] ? r->old_value : "(none)");
			fputs(" -> ", f);
			sc_text(f, r->new_value[0] ? r->new_value : "(none)");
		}
		fputc('\n', f);
	}
	t->n++;
	return 0;
}
