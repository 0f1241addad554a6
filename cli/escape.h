/*
 * escape.h - outside bytes made safe before they reach a terminal.
 *
 * A patient code, a typed value or a file name quoted in a message may hold
 * ESC or C1 control characters (CSI, OSC): printed raw they would move the
 * cursor, rewrite the screen or set the window title.  Every printer to a
 * terminal and every error message goes through this one rendering:
 * printable ASCII and valid UTF-8 as they are; control characters (C0, DEL,
 * C1 as raw bytes or as UTF-8 U+0080..U+009F), the bidirectional overrides
 * (U+202A..U+202E, U+2066..U+2069) and bytes that are not UTF-8 as \xNN per
 * byte; a backslash as \\.  CSV and JSON output stay exact instead, escaped
 * by their own rules (cli_csv_field, cli_json_string).
 */
#ifndef CLI_ESCAPE_H
#define CLI_ESCAPE_H

#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>

/*
 * s rendered safely into buf (always NUL-terminated, cut at a whole
 * character with "..." when it does not fit).  Returns the length written.
 */
size_t cli_escape(const char *s, char *buf, size_t size);

/* s rendered safely on f. */
void cli_put_escaped(FILE *f, const char *s);

/* printf-style, the whole result rendered safely on f (for messages). */
void cli_vprint_escaped(FILE *f, const char *fmt, va_list ap);
void cli_print_escaped(FILE *f, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * How many bytes of the UTF-8 character at p (up to end) may be printed as
 * they are: 1-4, or 0 when it must be escaped (a control, an override, not
 * UTF-8).  For the format writers that keep text exact.
 */
size_t cli_safe_char(const unsigned char *p, const unsigned char *end);

#endif
