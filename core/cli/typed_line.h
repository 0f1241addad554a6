/*
 * typed_line.h - reading the lines typed at a prompt (tape -i, record -i):
 * byte by byte, bounded, a NUL byte refused rather than taken as the end.
 */
#ifndef TYPED_LINE_H
#define TYPED_LINE_H

#include <stddef.h>
#include <stdio.h>

/*
 * One typed line without its end (\n, \r\n) into buf: 1, 2 for a last line
 * the end of input ended (Ctrl-D after typing: the terminal echoed no line
 * end), 0 at the end of input, -1 when longer than size - 2 bytes, -2 for a
 * NUL byte (at *len).
 */
int typed_line_read(FILE *in, char *buf, size_t size, size_t *len);

/* A line typed_line_read() refused (got -1 or -2), reported: exit 65. */
int typed_line_refused(const char *cmd, int got, long lineno, size_t len, size_t size);

#endif
