/* JSON text out (limbvol/json.h). */
#include "limbvol/json.h"
#include "limbvol/text.h"

void lv_json_write_string(FILE *f, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	fputc('"', f);
	while (*p) {
		size_t k;
		if (*p == '"' || *p == '\\') {
			fputs(*p == '"' ? "\\\"" : "\\\\", f);
			p++;
		} else if (*p == '\n') {
			fputs("\\n", f);
			p++;
		} else if (*p == '\t') {
			fputs("\\t", f);
			p++;
		} else if (*p < 0x20 || *p == 0x7f) {
			fprintf(f, "\\u%04x", *p);
			p++;
		} else if (*p < 0x80) {
			fputc(*p++, f);
		} else if (p[0] == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f) {
			/* C1 controls (CSI, OSC): exact, but never raw on a terminal */
			fprintf(f, "\\u%04x", p[1]);
			p += 2;
		} else if (p[0] == 0xe2 &&
			   ((p[1] == 0x80 && p[2] >= 0xaa && p[2] <= 0xae) ||
			    (p[1] == 0x81 && p[2] >= 0xa6 && p[2] <= 0xa9))) {
			/* bidirectional overrides, exact */
			fprintf(f, "\\u%04x",
				0x2000u | (unsigned)(p[1] & 0x3f) << 6 | (p[2] & 0x3fu));
			p += 3;
		} else if ((k = lv_utf8_length((const char *)p)) > 0) {
			fwrite(p, 1, k, f);
			p += k;
		} else {
			fprintf(f, "\\\\x%02x", *p); /* the text \xNN, as in text output */
			p++;
		}
	}
	fputc('"', f);
}
