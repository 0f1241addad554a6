/*
 * Locale-independent number parsing and formatting.
 *
 * The parser accumulates up to 19 significant digits in an integer and
 * scales once by an exact power of ten; for up to 15 significant digits and
 * |exponent| <= 22 that is one correctly rounded operation, which covers
 * every tape or width reading.  Longer inputs fall back to strtod() under
 * the C locale.
 */
#include "limbvol/number.h"
#include "limbvol/error.h"

#include <locale.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const double pow10_exact[23] = { 1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
					1e8,  1e9,  1e10, 1e11, 1e12, 1e13, 1e14, 1e15,
					1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22 };

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static int bad_number(const char *s, size_t len)
{
	if (len == 0)
		return lv_error_set(LV_EDATA, "expected a number, found an empty field");
	return lv_error_set(LV_EDATA, "expected a number, found '%.*s'", (int)(len > 40 ? 40 : len),
			    s);
}

/* strtod in the C locale, for the rare inputs the fast path does not take. */
static int slow_parse(const char *s, size_t len, double *out)
{
	char buf[128];
	char *end;
	locale_t c_loc, old;
	double v;

	if (len >= sizeof buf)
		return bad_number(s, len);
	memcpy(buf, s, len);
	buf[len] = '\0';
	c_loc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (!c_loc)
		return lv_error_set(LV_ENOMEM, "out of memory");
	old = uselocale(c_loc);
	v = strtod(buf, &end);
	uselocale(old);
	freelocale(c_loc);
	if (*end != '\0' || !isfinite(v))
		return bad_number(s, len);
	*out = v;
	return LV_OK;
}

int lv_number_parse(const char *s, size_t len, unsigned flags, double *out)
{
	const char *p = s, *end = s + len;
	const char *start;
	uint64_t mant = 0;
	int digits = 0, frac_digits = 0, dropped = 0, neg = 0, exp10 = 0;
	int any = 0;

	while (p < end && is_blank(*p))
		p++;
	while (end > p && is_blank(end[-1]))
		end--;
	start = p;
	if (p < end && (*p == '+' || *p == '-'))
		neg = (*p++ == '-');
	for (; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
		if (digits < 19) {
			mant = mant * 10 + (uint64_t)(*p - '0');
			if (mant)
				digits++;
		} else {
			dropped++;
		}
	}
	if (p < end && (*p == '.' || (*p == ',' && (flags & LV_NUMBER_COMMA)))) {
		for (p++; p < end && *p >= '0' && *p <= '9'; p++, any = 1) {
			if (digits < 19) {
				mant = mant * 10 + (uint64_t)(*p - '0');
				if (mant)
					digits++;
				frac_digits++;
			}
		}
	}
	if (!any)
		return bad_number(start, (size_t)(end - start));
	if (p < end && (*p == 'e' || *p == 'E')) {
		int eneg = 0, e = 0, edig = 0;
		p++;
		if (p < end && (*p == '+' || *p == '-'))
			eneg = (*p++ == '-');
		for (; p < end && *p >= '0' && *p <= '9'; p++, edig++)
			if (e < 10000)
				e = e * 10 + (*p - '0');
		if (!edig)
			return bad_number(start, (size_t)(end - start));
		exp10 = eneg ? -e : e;
	}
	if (p != end)
		return bad_number(start, (size_t)(end - start));
	exp10 += dropped - frac_digits;
	if (digits <= 15 && exp10 >= -22 && exp10 <= 22) {
		double v = (double)mant;
		v = exp10 < 0 ? v / pow10_exact[-exp10] : v * pow10_exact[exp10];
		*out = neg ? -v : v;
		return LV_OK;
	}
	{
		/* Rare: many digits or a large exponent.  Normalise a comma. */
		char buf[128];
		size_t n = (size_t)(end - start), i;
		if (n >= sizeof buf)
			return bad_number(start, n);
		for (i = 0; i < n; i++)
			buf[i] = start[i] == ',' ? '.' : start[i];
		return slow_parse(buf, n, out);
	}
}

/*
 * Fixed-point digits by integer arithmetic: exact for |v| 10^decimals below
 * 2^53, which covers every volume and length limbvol prints, and many times
 * faster than snprintf (this is on the path of every CSV row).  A tie at the
 * last digit may round away from zero where printf would round to even.
 */
static int format_fast(double v, int decimals, char *buf, size_t size)
{
	char tmp[40];
	int n = 0, neg = v < 0, i;
	double scaled = fabs(v) * pow10_exact[decimals] + 0.5;
	uint64_t u;

	if (!(scaled < 9007199254740992.0))
		return -1;
	u = (uint64_t)scaled;
	if (u == 0)
		neg = 0;
	for (i = 0; i < decimals; i++) {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	}
	if (decimals)
		tmp[n++] = '.';
	do {
		tmp[n++] = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	if (neg)
		tmp[n++] = '-';
	if ((size_t)n >= size)
		return -1;
	for (i = 0; i < n; i++)
		buf[i] = tmp[n - 1 - i];
	buf[n] = '\0';
	return n;
}

int lv_number_format(double v, int decimals, char *buf, size_t size)
{
	/*
	 * snprintf follows LC_NUMERIC only after setlocale() changed it, which
	 * an embedding program may do; replacing the one decimal separator it
	 * can produce keeps the output the same in every locale.
	 */
	int n;
	char *q;

	if (!isfinite(v))
		return lv_error_set(LV_EINVAL, "cannot format a value that is not finite");
	if (decimals < 0 || decimals > 17)
		return lv_error_set(LV_EINVAL, "decimals must be 0 to 17");
	if (decimals <= 9 && (n = format_fast(v, decimals, buf, size)) >= 0)
		return n;
	if (v == 0.0)
		v = 0.0; /* no "-0.0" */
	n = snprintf(buf, size, "%.*f", decimals, v);
	if (n < 0 || (size_t)n >= size)
		return lv_error_set(LV_EINVAL, "number buffer too small");
	for (q = buf; *q; q++)
		if (*q != '-' && (*q < '0' || *q > '9')) {
			*q = '.';
			break;
		}
	/* a value that rounds to zero prints without a sign */
	if (buf[0] == '-' && strspn(buf + 1, "0.") == (size_t)n - 1) {
		memmove(buf, buf + 1, (size_t)n);
		n--;
	}
	return n;
}

int lv_number_int(double v, long lo, long hi, long *out)
{
	/* compare as doubles first: the conversion is then in range */
	if (!(v >= (double)lo && v <= (double)hi) || v != floor(v))
		return lv_error_set(LV_EDATA,
				    "expected a whole number from %ld to %ld, found %.17g", lo, hi,
				    v);
	*out = (long)v;
	return LV_OK;
}

int lv_number_format_short(double v, int decimals, char *buf, size_t size)
{
	int n = lv_number_format(v, decimals, buf, size);
	if (n < 0 || !strchr(buf, '.'))
		return n;
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
	return n;
}

/*
 * Shortest round trip: the first precision p = 1..17 whose correctly rounded
 * p-digit decimal (printf's %.*e is exact in glibc) parses back to v; 17
 * digits always do (IEEE 754 binary64).  The digits are then laid out as a
 * plain decimal or with an exponent.  At most 17 snprintf and parse calls:
 * this is for JSON output, not for the CSV path.
 */
int lv_number_format_shortest(double v, char *buf, size_t size)
{
	char tmp[40], digits[20], out[LV_NUMBER_SHORTEST_MAX];
	int p, nd = 0, e10 = 0, n = 0, neg;
	const char *q;

	if (!isfinite(v))
		return lv_error_set(LV_EINVAL, "cannot format a value that is not finite");
	if (v == 0.0) {
		if (size < 2)
			return lv_error_set(LV_EINVAL, "number buffer too small");
		memcpy(buf, "0", 2);
		return 1;
	}
	neg = v < 0;
	for (p = 1; p <= 17; p++) {
		double back;
		int len = snprintf(tmp, sizeof tmp, "%.*e", p - 1, fabs(v));
		if (len < 0 || (size_t)len >= sizeof tmp)
			return lv_error_set(LV_EINVAL, "number buffer too small");
		/* the one decimal separator printf may have localised */
		for (char *c = tmp; *c; c++)
			if (*c != 'e' && *c != '+' && *c != '-' && (*c < '0' || *c > '9'))
				*c = '.';
		if (lv_number_parse(tmp, (size_t)len, 0, &back) == LV_OK && back == fabs(v))
			break;
	}
	if (p > 17)
		return lv_error_set(LV_EINTERNAL, "no round trip for %.17g", v);
	/* digits and exponent of d.ddde[+-]x */
	for (q = tmp; *q && *q != 'e'; q++)
		if (*q >= '0' && *q <= '9' && nd < (int)sizeof digits)
			digits[nd++] = *q;
	if (*q == 'e')
		e10 = atoi(q + 1);
	while (nd > 1 && digits[nd - 1] == '0')
		nd--;
	if (neg)
		out[n++] = '-';
	if (e10 >= -6 && e10 < 21) {
		if (e10 < 0) {
			out[n++] = '0';
			out[n++] = '.';
			for (int k = -1; k > e10; k--)
				out[n++] = '0';
			for (int k = 0; k < nd; k++)
				out[n++] = digits[k];
		} else {
			for (int k = 0; k <= e10 || k < nd; k++) {
				if (k == e10 + 1)
					out[n++] = '.';
				out[n++] = k < nd ? digits[k] : '0';
			}
		}
		out[n] = '\0';
	} else {
		out[n++] = digits[0];
		if (nd > 1) {
			out[n++] = '.';
			for (int k = 1; k < nd; k++)
				out[n++] = digits[k];
		}
		n += snprintf(out + n, sizeof out - (size_t)n, "e%c%d", e10 < 0 ? '-' : '+',
			      e10 < 0 ? -e10 : e10);
	}
	if ((size_t)n >= size)
		return lv_error_set(LV_EINVAL, "number buffer too small");
	memcpy(buf, out, (size_t)n + 1);
	return n;
}
