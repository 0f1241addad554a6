/* Outside bytes made safe for a terminal (escape.h). */
#include "escape.h"

#include <string.h>

size_t cli_safe_char(const unsigned char *p, const unsigned char *end)
{
	size_t avail = (size_t)(end - p), k, i;
	unsigned cp;

	if (p[0] < 0x80)
		return p[0] >= 0x20 && p[0] != 0x7f ? 1 : 0;
	if (p[0] >= 0xc2 && p[0] <= 0xdf)
		k = 2, cp = p[0] & 0x1fu;
	else if (p[0] >= 0xe0 && p[0] <= 0xef)
		k = 3, cp = p[0] & 0x0fu;
	else if (p[0] >= 0xf0 && p[0] <= 0xf4)
		k = 4, cp = p[0] & 0x07u;
	else
		return 0;
	if (avail < k)
		return 0;
	for (i = 1; i < k; i++) {
		if ((p[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (p[i] & 0x3fu);
	}
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((k == 3 && cp < 0x800) || (k == 4 && (cp < 0x10000 || cp > 0x10ffff)) ||
	    (cp >= 0xd800 && cp <= 0xdfff))
		return 0;
	if (cp <= 0x9f || (cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0; /* C1 controls, bidirectional overrides */
	return k;
}

size_t cli_escape(const char *s, char *buf, size_t size)
{
	const unsigned char *p = (const unsigned char *)s, *end = p + strlen(s);
	size_t o = 0;

	if (!size)
		return 0;
	while (p < end) {
		char tmp[8];
		size_t tn, k = cli_safe_char(p, end);
		if (k == 1 && *p == '\\') {
			memcpy(tmp, "\\\\", 2);
			tn = 2;
		} else if (k) {
			memcpy(tmp, p, k);
			tn = k;
		} else {
			static const char hex[] = "0123456789abcdef";
			tmp[0] = '\\';
			tmp[1] = 'x';
			tmp[2] = hex[*p >> 4];
			tmp[3] = hex[*p & 15];
			tn = 4;
			k = 1;
		}
		if (o + tn + 1 > size) {
			if (size >= 4) {
				o = o + 4 > size ? size - 4 : o;
				memcpy(buf + o, "...", 3);
				o += 3;
			}
			break;
		}
		memcpy(buf + o, tmp, tn);
		o += tn;
		p += k;
	}
	buf[o] = '\0';
	return o;
}

void cli_put_escaped(FILE *f, const char *s)
{
	char buf[1024];
	size_t n = strlen(s);
	/* long text in pieces cut between characters */
	while (n) {
		size_t take = n > 200 ? 200 : n;
		char part[204];
		while (take < n && take > 196 && ((unsigned char)s[take] & 0xc0) == 0x80)
			take--;
		memcpy(part, s, take);
		part[take] = '\0';
		cli_escape(part, buf, sizeof buf);
		fputs(buf, f);
		s += take;
		n -= take;
	}
}

void cli_vprint_escaped(FILE *f, const char *fmt, va_list ap)
{
	char msg[2048];
	vsnprintf(msg, sizeof msg, fmt, ap);
	cli_put_escaped(f, msg);
}

void cli_print_escaped(FILE *f, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	cli_vprint_escaped(f, fmt, ap);
	va_end(ap);
}
