/*
 * The CSV tokenizer (limbvol/csv.h) and the export reader (limbvol/exchange.h)
 * on inputs whose fields are known byte for byte: quotes, line ends inside
 * quotes, CRLF, a byte-order mark, torn last rows, every refusal located.
 */
#include "harness.h"
#include "limbvol/csv.h"
#include "limbvol/exchange.h"
#include "limbvol/number.h"

#include <stdlib.h>
#include <string.h>

static int open_text(lv_csv **c, const char *text, size_t max_record, size_t max_fields)
{
	lv_csv_limits l = { max_record, max_fields };
	return lv_csv_open_mem(c, text, strlen(text), "t.csv", &l);
}

static int field_is(const lv_csv_record *r, size_t i, const char *want)
{
	return i < r->n && r->field[i].len == strlen(want) &&
		!memcmp(r->field[i].text, want, strlen(want)) &&
		r->field[i].text[r->field[i].len] == '\0';
}

static void fields_are_the_bytes(void)
{
	lv_csv *c = NULL;
	lv_csv_record r;
	CHECK_STATUS(open_text(&c,
			       "\xEF\xBB\xBF"
			       "a,\"b,c\",\"d\"\"e\"\r\n,\"x\ny\",\n\nlast",
			       0, 0),
		     LV_OK);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 3 && r.line == 1 && r.terminated);
	CHECK(field_is(&r, 0, "a") && field_is(&r, 1, "b,c") && field_is(&r, 2, "d\"e"));
	CHECK(r.field[1].quoted && r.field[1].column == 3 && r.field[2].column == 9);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 3 && r.line == 2 && field_is(&r, 0, "") && field_is(&r, 1, "x\ny") &&
	      field_is(&r, 2, ""));
	CHECK(r.field[2].line == 3); /* after the line end inside quotes */
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 1 && r.line == 4 && field_is(&r, 0, ""));
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.line == 5 && field_is(&r, 0, "last") && !r.terminated); /* torn */
	CHECK_STATUS(lv_csv_next(c, &r), 0);
	lv_csv_free(c);
}

/* Each refusal: status, line and column of the offending byte. */
static void refusals_are_located(void)
{
	static const struct {
		const char *text;
		size_t max_record, max_fields;
		long line, column;
		const char *what;
	} cases[] = {
		{ "a,b\nab\"c\n", 0, 0, 2, 3, "a quote inside an unquoted field" },
		{ "a\n\"open,b\nc\n", 0, 0, 2, 1, "quoted field is not closed" },
		{ "\"q\"x,b\n", 0, 0, 1, 4, "expected a comma after a quoted field" },
		{ "a,b\nc,d\0e\n", 0, 0, 2, 4, "a NUL byte" },
		{ "a,b,c,d\n", 0, 3, 1, 7, "more than 3 fields" },
		{ "ok\n0123456789abcdef0123\n", 16, 0, 2, 0, "line is longer than 16 bytes" },
	};
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		lv_csv *c = NULL;
		lv_csv_record r;
		lv_csv_limits l = { cases[i].max_record, cases[i].max_fields };
		int st;
		size_t len = strlen(cases[i].text);
		if (strstr(cases[i].what, "NUL"))
			len = 10;
		CHECK_STATUS(lv_csv_open_mem(&c, cases[i].text, len, "t.csv", &l), LV_OK);
		while ((st = lv_csv_next(c, &r)) > 0)
			;
		CHECK(st == LV_EDATA);
		CHECK(lv_error_last()->line == cases[i].line);
		CHECK(lv_error_last()->column == cases[i].column);
		CHECK(strstr(lv_error_last()->message, cases[i].what) != NULL);
		CHECK(!strcmp(lv_error_last()->where, "t.csv"));
		lv_csv_free(c);
	}
}

/* 200,000 rows stream through one buffer, each field the bytes written. */
static void many_records(void)
{
	size_t n = 200000, k = 0;
	char *text = malloc(n * 8 + 1), *p = text;
	lv_csv *c = NULL;
	lv_csv_record r;
	for (size_t i = 0; i < n; i++)
		p += sprintf(p, "%zu,x\n", i % 100000);
	CHECK_STATUS(lv_csv_open_mem(&c, text, (size_t)(p - text), "big", NULL), LV_OK);
	while (lv_csv_next(c, &r) > 0) {
		char want[16];
		snprintf(want, sizeof want, "%zu", k % 100000);
		if (!field_is(&r, 0, want) || !field_is(&r, 1, "x") || r.line != (long)k + 1)
			break;
		k++;
	}
	CHECK(k == n);
	lv_csv_free(c);
	free(text);
}

/* The export reader tells the format from the first bytes of one stream. */
static void exchange_sniffs(void)
{
	static const char json[] =
		" {\"format\": \"limbvol-export\", \"version\": 1, \"patients\": [\n"
		"  {\"patient\": \"J\\u00e9\", \"birth_year\": 1970, \"sex\": \"female\","
		" \"extra\": {\"a\": [1, [2]]}, \"limbs\": [{\"limb\": \"left-arm\", \"affected\": true}],"
		" \"measurements\": [{\"limb\": \"left-arm\", \"date\": \"2026-01-02\", \"phase\": \"pre\","
		" \"session\": null, \"method\": \"tape\", \"model\": \"frustum\", \"tape_sd_cm\": 0.1,"
		" \"volume_ml\": 100, \"sd_ml\": 1, \"source\": \"x\", \"sites\": [{\"site_cm\": 0,"
		" \"circumference_cm\": 20}, {\"site_cm\": 4, \"circumference_cm\": 21.5}]}]}]}\n";
	lv_exchange_reader *r = NULL;
	lv_xitem it;
	CHECK_STATUS(lv_exchange_open_mem(&r, json, strlen(json), "j.json"), LV_OK);
	CHECK(lv_exchange_format_of(r) == LV_EXCHANGE_JSON);
	CHECK_STATUS(lv_exchange_next(r, &it), 1);
	CHECK(it.kind == LV_XITEM_PATIENT && !strcmp(it.patient, "J\xc3\xa9") &&
	      it.birth_year == 1970 && it.sex == LV_SEX_FEMALE && it.line == 2 && it.column == 3);
	CHECK_STATUS(lv_exchange_next(r, &it), 1);
	CHECK(it.kind == LV_XITEM_LIMB && it.limb == LV_LIMB_LEFT_ARM && it.affected == 1);
	CHECK_STATUS(lv_exchange_next(r, &it), 1);
	CHECK(it.kind == LV_XITEM_MEASUREMENT && it.measurement.n == 2 && it.session == 0);
	CHECK_NEAR(it.measurement.circumference_cm[1], 21.5, 0);
	CHECK(!strcmp(it.measurement.source, "x") && !strcmp(it.measurement.date, "2026-01-02"));
	CHECK_STATUS(lv_exchange_next(r, &it), 0);
	lv_exchange_free(r);

	static const char tape[] = "limb,site_cm,circumference_cm\nleft-arm,0,20\nleft-arm,4,22\n";
	CHECK_STATUS(lv_exchange_open_mem(&r, tape, strlen(tape), "t.csv"), LV_OK);
	CHECK(lv_exchange_format_of(r) == LV_EXCHANGE_TAPE);
	CHECK_STATUS(lv_exchange_next(r, &it), 1);
	CHECK(it.kind == LV_XITEM_TAPE && it.tape.n == 2 && it.line == 2);
	lv_exchange_free(r);

	static const char dup[] = "record,patient,limb,patient\n";
	CHECK_STATUS(lv_exchange_open_mem(&r, dup, strlen(dup), "d.csv"), LV_EDATA);
	CHECK(strstr(lv_error_last()->message, "'patient' appears twice (columns 2 and 4)") !=
	      NULL);
	CHECK(lv_error_last()->line == 1 && lv_error_last()->column == 21);
}

/* The German/European convention: ';' recognised from the header line, a
 * decimal comma for the numbers, dates as a de-DE spreadsheet shows them. */
static void semicolons_from_the_header(void)
{
	lv_csv *c = NULL;
	lv_csv_record r;
	double v;
	char d1[] = "12.01.2026", d2[] = "02.03.2026 10:30", d3[] = "2026-01-12", d4[] = "1.2.2026";

	CHECK_STATUS(open_text(&c, "site_cm;circumference_cm;note\n4;17,6;\"a;b, c\"\n", 0, 0),
		     LV_OK);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 3 && lv_csv_separator(c) == ';' && lv_csv_number_flags(c) == LV_NUMBER_COMMA);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 3 && field_is(&r, 1, "17,6") && field_is(&r, 2, "a;b, c"));
	CHECK_STATUS(lv_number_parse(r.field[1].text, r.field[1].len, lv_csv_number_flags(c), &v),
		     LV_OK);
	CHECK_NEAR(v, 17.6, 1e-12);
	lv_csv_free(c);
	/* a C header stays C, even with a ';' in a quoted name */
	CHECK_STATUS(open_text(&c, "a,\"b;c;d\"\n1,2\n", 0, 0), LV_OK);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 2 && lv_csv_separator(c) == ',' && lv_csv_number_flags(c) == 0);
	lv_csv_free(c);
	/* no header: a row of ';'-lists stays ',' when the reader says so */
	CHECK_STATUS(open_text(&c, "s,0.0;4.0;8.0;12.0,x\n", 0, 0), LV_OK);
	CHECK_STATUS(lv_csv_set_separator(c, ','), LV_OK);
	CHECK_STATUS(lv_csv_next(c, &r), 1);
	CHECK(r.n == 3 && field_is(&r, 1, "0.0;4.0;8.0;12.0") && lv_csv_separator(c) == ',');
	CHECK_STATUS(lv_csv_set_separator(c, '\t'), LV_EINVAL);
	lv_csv_free(c);
	CHECK(lv_csv_date_from_de(d1, strlen(d1)) == 1 && !strcmp(d1, "2026-01-12"));
	CHECK(lv_csv_date_from_de(d2, strlen(d2)) == 1 && !strcmp(d2, "2026-03-02T10:30"));
	CHECK(lv_csv_date_from_de(d3, strlen(d3)) == 0 && !strcmp(d3, "2026-01-12"));
	CHECK(lv_csv_date_from_de(d4, strlen(d4)) == 0);
}

/* C-style CSV rewritten in the de style: numbers get a comma, text does not. */
static void restyle_keeps_text(void)
{
	const char *in = "patient,volume_ml,note,n\n12.5,1989.437,\"a,b\",3\n-1.5,-0.25,x;y,\n";
	const char *want = "patient;volume_ml;note;n\n12.5;1989,437;a,b;3\n-1.5;-0,25;\"x;y\";\n";
	static const char *const text[] = { "patient", "note", NULL };
	FILE *src = tmpfile(), *dst = tmpfile();
	char got[256] = "";
	size_t n;
	lv_csv_style st;

	CHECK(src && dst);
	if (!src || !dst)
		return;
	fputs(in, src);
	fflush(src);
	rewind(src);
	CHECK_STATUS(lv_csv_restyle(fileno(src), dst, LV_CSV_STYLE_DE, text), LV_OK);
	rewind(dst);
	n = fread(got, 1, sizeof got - 1, dst);
	got[n] = 0;
	CHECK(!strcmp(got, want));
	if (strcmp(got, want))
		fprintf(stderr, "got:\n%s", got);
	fclose(src);
	fclose(dst);
	CHECK_STATUS(lv_csv_style_parse("de", &st), LV_OK);
	CHECK(st == LV_CSV_STYLE_DE);
	CHECK_STATUS(lv_csv_style_parse("fr", &st), LV_EINVAL);
}

/* What lv_csv_write_field writes reads back as the same field, also a text
 * that begins with a byte order mark (a reader drops one at the start of
 * its input) or holds the separator, a quote or a line end. */
static void written_fields_read_back(void)
{
	static const char *texts[] = { "\xEF\xBB\xBF{set", "a,b", "say \"hi\"", "two\nlines",
				       "plain" };
	for (size_t i = 0; i < sizeof texts / sizeof *texts; i++) {
		char *buf = NULL;
		size_t len = 0;
		FILE *f = open_memstream(&buf, &len);
		lv_csv *c = NULL;
		lv_csv_record r;
		CHECK(f != NULL);
		if (!f)
			continue;
		lv_csv_write_field(f, texts[i]);
		fputs(",x\n", f);
		fclose(f);
		CHECK_STATUS(open_text(&c, buf, 100, 4), LV_OK);
		CHECK(lv_csv_next(c, &r) == 1 && r.n == 2 && field_is(&r, 0, texts[i]));
		lv_csv_free(c);
		free(buf);
	}
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(fields_are_the_bytes);
	RUN(refusals_are_located);
	RUN(many_records);
	RUN(exchange_sniffs);
	RUN(semicolons_from_the_header);
	RUN(restyle_keeps_text);
	RUN(written_fields_read_back);
	return lv_test_done();
}
