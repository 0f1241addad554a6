/* One typed line of an interactive entry (see typed_line.h). */
#include "typed_line.h"
#include "cli.h"

/*
 * One typed line without its end (\n, \r\n) into buf: 1, 2 when the end of
 * input ended it, 0 at the end of input, -1 when longer than size - 2
 * bytes, -2 for a NUL byte (at *len).
 * Read byte by byte rather than with fgets, whose NUL would silently end
 * the line ("17\0junk" read as 17).
 */
int typed_line_read(FILE *in, char *buf, size_t size, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (c == '\0' || n + 2 >= size) {
			int why = c == '\0' ? -2 : -1;
			*len = n;
			while ((c = getc(in)) != EOF && c != '\n')
				;
			return why;
		}
		buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return 0;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return c == EOF ? 2 : 1;
}

/* A line typed_line_read() refused (got -1: too long, -2: a NUL byte): exit 65. */
int typed_line_refused(const char *cmd, int got, long lineno, size_t len, size_t size)
{
	if (got == -1)
		fprintf(stderr,
			"limbvol %s: <stdin>:%ld: line longer than %zu bytes (the limit of a "
			"typed line)\n",
			cmd, lineno, size - 2);
	else
		fprintf(stderr, "limbvol %s: <stdin>:%ld:%zu: a NUL byte in the line\n", cmd,
			lineno, len + 1);
	return CLI_EXIT_DATA;
}
