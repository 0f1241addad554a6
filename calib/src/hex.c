/* The value of hex digits (limbvol/hex.h). */
#include "limbvol/hex.h"

int lv_hex_value(const char *s, size_t n, unsigned *out)
{
	unsigned v = 0;

	if (n < 1 || n > LV_HEX_MAX_DIGITS)
		return 0;
	for (size_t i = 0; i < n; i++) {
		char c = s[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return 0;
		v = v * 16 + (unsigned)d;
	}
	*out = v;
	return 1;
}
