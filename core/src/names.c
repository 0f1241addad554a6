/* Names of limbs and phases, and the date format (limbvol/vocab.h). */
#include "limbvol/vocab.h"
#include "limbvol/error.h"

#include <string.h>

static const char *const limb_names[] = { "left-arm", "right-arm", "left-leg", "right-leg" };
static const char *const phase_names[] = { "baseline", "pre", "post", "other" };

static int match(const char *s, size_t len, const char *name)
{
	return strlen(name) == len && memcmp(s, name, len) == 0;
}

int lv_limb_parse(const char *s, size_t len, lv_limb *out)
{
	for (int i = 0; i < 4; i++)
		if (match(s, len, limb_names[i])) {
			*out = (lv_limb)i;
			return LV_OK;
		}
	return lv_error_set(
		LV_EDATA,
		"expected a limb (left-arm, right-arm, left-leg or right-leg), found '%.*s'",
		(int)(len > 40 ? 40 : len), s);
}

const char *lv_limb_name(lv_limb l)
{
	return (unsigned)l < 4 ? limb_names[l] : "unknown";
}

lv_limb lv_limb_other(lv_limb l)
{
	return (lv_limb)((unsigned)l ^ 1u);
}

int lv_phase_parse(const char *s, size_t len, lv_phase *out)
{
	if (len == 0) {
		*out = LV_PHASE_OTHER;
		return LV_OK;
	}
	for (int i = 0; i < 4; i++)
		if (match(s, len, phase_names[i])) {
			*out = (lv_phase)i;
			return LV_OK;
		}
	return lv_error_set(LV_EDATA,
			    "expected a phase (baseline, pre, post or other), found '%.*s'",
			    (int)(len > 40 ? 40 : len), s);
}

const char *lv_phase_name(lv_phase p)
{
	return (unsigned)p < 4 ? phase_names[p] : "unknown";
}

static int digits(const char *s, int n, int *out)
{
	int v = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return 0;
		v = v * 10 + (s[i] - '0');
	}
	*out = v;
	return 1;
}

int lv_date_check(const char *s, size_t len)
{
	static const int mdays[12] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	int y, m, d, hh = 0, mm = 0, ss = 0, ok;

	ok = len >= 10 && s[4] == '-' && s[7] == '-' && digits(s, 4, &y) && digits(s + 5, 2, &m) &&
		digits(s + 8, 2, &d);
	if (ok && len > 10)
		ok = (len == 16 || len == 19) && (s[10] == 'T' || s[10] == ' ') &&
			digits(s + 11, 2, &hh) && s[13] == ':' && digits(s + 14, 2, &mm) &&
			(len == 16 || (s[16] == ':' && digits(s + 17, 2, &ss)));
	if (ok)
		ok = y >= 1900 && y <= 2200 && m >= 1 && m <= 12 && d >= 1 && d <= mdays[m - 1] &&
			!(m == 2 && d == 29 && !((y % 4 == 0 && y % 100 != 0) || y % 400 == 0)) &&
			hh < 24 && mm < 60 && ss < 60;
	if (!ok)
		return lv_error_set(LV_EDATA,
				    "expected a date YYYY-MM-DD (optionally THH:MM), found '%.*s'",
				    (int)(len > 40 ? 40 : len), s);
	return LV_OK;
}
