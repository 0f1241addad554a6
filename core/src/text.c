/* UTF-8 validity (limbvol/text.h), RFC 3629's table of well-formed sequences. */
#include "limbvol/text.h"

size_t lv_utf8_length(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	/* the && chains stop at the first byte that is not a continuation: a NUL included */
	if (p[0] < 0x80)
		return 1;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		return (p[1] & 0xc0) == 0x80 ? 2 : 0;
	if (p[0] >= 0xe0 && p[0] <= 0xef)
		return (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 &&
				!(p[0] == 0xe0 && p[1] < 0xa0) && !(p[0] == 0xed && p[1] > 0x9f)
			? 3
			: 0;
	if (p[0] >= 0xf0 && p[0] <= 0xf4)
		return (p[1] & 0xc0) == 0x80 && (p[2] & 0xc0) == 0x80 && (p[3] & 0xc0) == 0x80 &&
				!(p[0] == 0xf0 && p[1] < 0x90) && !(p[0] == 0xf4 && p[1] > 0x8f)
			? 4
			: 0;
	return 0;
}
