/* Locale-free numbers: exact values, rejected text, and a real locale. */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <locale.h>
#include <stdlib.h>

static double parse(const char *s, unsigned flags, int *st)
{
	double v = -999;
	*st = lv_number_parse(s, strlen(s), flags, &v);
	return v;
}

static void parses_exactly(void)
{
	int st;
	/* the fast path must give the correctly rounded double, as strtod in C */
	const char *cases[] = { "23.5",     "0.1", "17.25",       "-4",
				"+12",      "1e2", "2.5E-3",      "123456789012345",
				"0.000001", "150", "29.999999999" };
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		double v = parse(cases[i], 0, &st);
		CHECK_STATUS(st, LV_OK);
		CHECK(v == strtod(cases[i], NULL));
	}
	CHECK(parse(" 23.5 ", 0, &st) == 23.5);
	CHECK(parse("23,5", LV_NUMBER_COMMA, &st) == 23.5);
	CHECK(parse("12345678901234567890.5", 0, &st) == strtod("12345678901234567890.5", NULL));
}

static void rejects_junk(void)
{
	int st;
	const char *bad[] = { "",    " ", "abc", "1x",  "1.2.3", "nan",
			      "inf", "-", "1e",  "--1", "0x10",  "1 2" };
	for (size_t i = 0; i < sizeof bad / sizeof *bad; i++) {
		parse(bad[i], 0, &st);
		CHECK_STATUS(st, LV_EDATA);
	}
	parse("23,5", 0, &st);
	CHECK_STATUS(st, LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "found '23,5'");
}

static void formats_with_a_point(void)
{
	char buf[32];
	CHECK(lv_number_format(1989.4367, 2, buf, sizeof buf) == 7);
	CHECK(!strcmp(buf, "1989.44"));
	CHECK(lv_number_format(-0.0001, 2, buf, sizeof buf) > 0);
	CHECK(!strcmp(buf, "0.00"));
	CHECK(lv_number_format(NAN, 2, buf, sizeof buf) < 0);
	CHECK(lv_number_format(1e300, 2, buf, 8) < 0);
	/* a program that embeds liblimbvol may switch LC_NUMERIC to a comma */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		int st;
		CHECK(lv_number_format(23.5, 1, buf, sizeof buf) == 4);
		CHECK(!strcmp(buf, "23.5"));
		CHECK(parse("23.5", 0, &st) == 23.5);
		CHECK(parse("1234567890123456789.5", 0, &st) > 1e18);
		setlocale(LC_NUMERIC, "C");
	} else {
		printf("no comma locale installed: the locale half of this case did not run\n");
	}
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(parses_exactly);
	RUN(rejects_junk);
	RUN(formats_with_a_point);
	return lv_test_done();
}
