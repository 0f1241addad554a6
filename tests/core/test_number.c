/* Locale-free numbers: exact values, rejected text, and a real locale. */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

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

/* The shortest round trip: the strings ECMAScript's Number::toString gives
 * (ECMA-262, "shortest digits that round-trip"), and on random doubles a
 * round trip that one digit fewer would not make. */
static void formats_shortest_round_trip(void)
{
	static const struct {
		double v;
		const char *want;
	} cases[] = {
		{ 0.1, "0.1" },
		{ 0.1 + 0.2, "0.30000000000000004" },
		{ 1.0 / 3.0, "0.3333333333333333" },
		{ 2398.6488, "2398.6488" },
		{ 100, "100" },
		{ -1.5, "-1.5" },
		{ -0.0, "0" },
		{ 9007199254740992.0, "9007199254740992" },
		{ 123456789012345680000.0, "123456789012345680000" },
		{ 1e21, "1e+21" },
		{ 1e23, "1e+23" },
		{ 0.000001, "0.000001" },
		{ 1e-7, "1e-7" },
		{ 5e-324, "5e-324" },
		{ 2.2250738585072014e-308, "2.2250738585072014e-308" },
		{ 1.7976931348623157e308, "1.7976931348623157e+308" },
	};
	char buf[LV_NUMBER_SHORTEST_MAX];
	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		int n = lv_number_format_shortest(cases[i].v, buf, sizeof buf);
		CHECK(n == (int)strlen(cases[i].want));
		if (strcmp(buf, cases[i].want))
			printf("  shortest(%.17g): '%s', want '%s'\n", cases[i].v, buf,
			       cases[i].want);
		CHECK(!strcmp(buf, cases[i].want));
	}
	CHECK(lv_number_format_shortest(nextafter(1e23, 2e23), buf, sizeof buf) > 0);
	CHECK(!strcmp(buf, "1.0000000000000001e+23"));
	CHECK(lv_number_format_shortest(NAN, buf, sizeof buf) < 0);
	CHECK(lv_number_format_shortest(0.30000000000000004, buf, 8) < 0);

	/* random bit patterns (a fixed LCG): parse(format(x)) == x, and the
	 * correctly rounded decimal with one digit fewer is another double */
	uint64_t state = 88172645463325252u;
	int bad = 0;
	for (int k = 0; k < 20000; k++) {
		double x, back;
		uint64_t bits;
		state = state * 6364136223846793005u + 1442695040888963407u;
		bits = state;
		memcpy(&x, &bits, sizeof x);
		if (!isfinite(x))
			continue;
		int n = lv_number_format_shortest(x, buf, sizeof buf);
		if (n <= 0 || lv_number_parse(buf, (size_t)n, 0, &back) != LV_OK || back != x) {
			bad++;
			continue;
		}
		/* significant digits: without leading and trailing zeros */
		char sig[40];
		int digits = 0, lead = 1;
		for (const char *c = buf; *c && *c != 'e'; c++)
			if (*c >= '0' && *c <= '9' && !(lead && *c == '0')) {
				sig[digits++] = *c;
				lead = 0;
			}
		while (digits > 1 && sig[digits - 1] == '0')
			digits--;
		if (digits > 1) {
			char fewer[40];
			snprintf(fewer, sizeof fewer, "%.*e", digits - 2, x);
			if (strtod(fewer, NULL) == x)
				bad++;
		}
	}
	CHECK(bad == 0);
	/* JSON grammar: no comma, even under a comma locale */
	if (setlocale(LC_NUMERIC, "de_DE.UTF-8") || setlocale(LC_NUMERIC, "fr_FR.UTF-8")) {
		CHECK(lv_number_format_shortest(23.25, buf, sizeof buf) == 5);
		CHECK(!strcmp(buf, "23.25"));
		setlocale(LC_NUMERIC, "C");
	}
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(parses_exactly);
	RUN(rejects_junk);
	RUN(formats_with_a_point);
	RUN(formats_shortest_round_trip);
	return lv_test_done();
}
