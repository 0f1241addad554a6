/* Helpers shared by every limbvol program. */
#include "cli.h"
#include "escape.h"
#include "opt.h"

#include "limbvol/csv.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

int cli_exit_code(int status)
{
	switch (status) {
	case LV_OK:
		return CLI_EXIT_OK;
	case LV_EINVAL:
		return CLI_EXIT_USAGE;
	case LV_EDATA:
	case LV_ERANGE:
	case LV_EIMAGE:
		return CLI_EXIT_DATA;
	case LV_ENOTFOUND:
		return CLI_EXIT_NOINPUT;
	case LV_EIO:
	case LV_EDB:
		return CLI_EXIT_IO;
	case LV_EEXISTS:
		return CLI_EXIT_CANTCREAT;
	default:
		return CLI_EXIT_SOFTWARE;
	}
}

int cli_report(const char *cmd)
{
	char msg[1024];
	const lv_error *e = lv_error_last();

	lv_error_format(e, msg, sizeof msg);
	/* the message may quote outside bytes: escaped for the terminal */
	cli_print_escaped(stderr, "limbvol %s: %s", cmd, msg);
	fputc('\n', stderr);
	return cli_exit_code(e->code);
}

int cli_report_output(const char *cmd)
{
	int rc = cli_report(cmd);
	return rc == CLI_EXIT_IO ? CLI_EXIT_CANTCREAT : rc;
}

int cli_usage_error(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "limbvol %s: ", cmd);
	va_start(ap, fmt);
	cli_vprint_escaped(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n(see 'limbvol %s --help')\n", cmd);
	return CLI_EXIT_USAGE;
}

int cli_number(const char *cmd, const char *option, const char *text, double *out)
{
	if (lv_number_parse(text, strlen(text), LV_NUMBER_COMMA, out) < 0) {
		cli_usage_error(cmd, "option %s: %s", option, lv_error_last()->message);
		return -1;
	}
	return 0;
}

void cli_json_string(FILE *f, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	fputc('"', f);
	for (; *p; p++) {
		switch (*p) {
		case '"':
			fputs("\\\"", f);
			break;
		case '\\':
			fputs("\\\\", f);
			break;
		case '\n':
			fputs("\\n", f);
			break;
		case '\r':
			fputs("\\r", f);
			break;
		case '\t':
			fputs("\\t", f);
			break;
		default:
			/* controls as \u escapes (C1 too: exact, but never raw on a terminal) */
			if (*p < 0x20 || *p == 0x7f)
				fprintf(f, "\\u%04x", *p);
			else if (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f)
				fprintf(f, "\\u%04x", *++p);
			else
				fputc(*p, f);
		}
	}
	fputc('"', f);
}

void cli_csv_field(FILE *f, const char *s)
{
	lv_csv_write_field(f, s);
}

void cli_number_out(FILE *f, double v, int decimals)
{
	char buf[64];

	if (lv_number_format(v, decimals, buf, sizeof buf) < 0)
		fputs("null", f);
	else
		fputs(buf, f);
}

void cli_number_json(FILE *f, double v)
{
	char buf[LV_NUMBER_SHORTEST_MAX];

	if (lv_number_format_shortest(v, buf, sizeof buf) < 0)
		fputs("null", f);
	else
		fputs(buf, f);
}

int cli_publish(const char *cmd, FILE *tmp)
{
	char buf[65536];
	size_t n;

	if (fflush(tmp) || fseek(tmp, 0, SEEK_SET))
		goto fail;
	while ((n = fread(buf, 1, sizeof buf, tmp)) > 0)
		if (fwrite(buf, 1, n, stdout) != n)
			goto fail;
	if (ferror(tmp) || fflush(stdout))
		goto fail;
	return CLI_EXIT_OK;
fail:
	fprintf(stderr, "limbvol %s: cannot write the output\n", cmd);
	return CLI_EXIT_IO;
}

int cli_parse_marker(const char *text, int *id, double *size_mm)
{
	const char *colon = strchr(text, ':');
	double v;

	if (!colon || colon == text)
		return lv_error_set(LV_EDATA, "expected ID:SIZE_MM (e.g. 0:80), found '%.40s'",
				    text);
	if (lv_number_parse(text, (size_t)(colon - text), 0, &v) < 0 || v < 0 || v > 1000 ||
	    v != (double)(int)v)
		return lv_error_set(LV_EDATA,
				    "expected a marker id 0..999 before ':', found '%.*s'",
				    (int)(colon - text > 40 ? 40 : colon - text), text);
	*id = (int)v;
	if (lv_number_parse(colon + 1, strlen(colon + 1), LV_NUMBER_COMMA, &v) < 0 || !(v >= 5) ||
	    v > 1000)
		return lv_error_set(
			LV_EDATA,
			"expected the marker's side in mm (5 to 1000) after ':', found '%.40s'",
			colon + 1);
	*size_mm = v;
	return LV_OK;
}

int cli_set_marker(struct cli_parser *p, void *base, const char *text)
{
	struct cli_marker *m = base;
	if (cli_parse_marker(text, &m->id, &m->size_mm) < 0) {
		cli_fail(p, "%s", lv_error_last()->message);
		lv_error_clear();
		return -1;
	}
	return 0;
}

int cli_stdin_file(const char *cmd, const char *name, size_t max_bytes, char *path, size_t size)
{
	const char *tmpdir = getenv("TMPDIR");
	char buf[65536];
	size_t total = 0, n;
	FILE *f;
	int rc = CLI_EXIT_OK;

	if (isatty(STDIN_FILENO)) {
		fprintf(stderr,
			"limbvol %s: '-' reads standard input, which is a terminal: give a file\n",
			cmd);
		return CLI_EXIT_USAGE;
	}
	if (!tmpdir || !tmpdir[0])
		tmpdir = "/tmp";
	if (snprintf(path, size, "%s/limbvol-stdin.XXXXXX", tmpdir) >= (int)size ||
	    !mkdtemp(path)) {
		fprintf(stderr, "limbvol %s: cannot create a temporary folder in %s: %s\n", cmd,
			tmpdir, strerror(errno));
		return CLI_EXIT_CANTCREAT;
	}
	n = strlen(path);
	snprintf(path + n, size - n, "/%s", name);
	if (!(f = fopen(path, "wb"))) {
		fprintf(stderr, "limbvol %s: cannot create %s: %s\n", cmd, path, strerror(errno));
		path[n] = '\0';
		rmdir(path);
		return CLI_EXIT_CANTCREAT;
	}
	while ((n = fread(buf, 1, sizeof buf, stdin)) > 0) {
		total += n;
		if (total > max_bytes) {
			fprintf(stderr, "limbvol %s: <stdin>: larger than %zu MB\n", cmd,
				max_bytes >> 20);
			rc = CLI_EXIT_DATA;
			break;
		}
		if (fwrite(buf, 1, n, f) != n) {
			fprintf(stderr, "limbvol %s: cannot write %s: %s\n", cmd, path,
				strerror(errno));
			rc = CLI_EXIT_CANTCREAT;
			break;
		}
	}
	if (rc == CLI_EXIT_OK && ferror(stdin)) {
		fprintf(stderr, "limbvol %s: cannot read standard input: %s\n", cmd,
			strerror(errno));
		rc = CLI_EXIT_IO;
	}
	if (fclose(f) != 0 && rc == CLI_EXIT_OK) {
		fprintf(stderr, "limbvol %s: cannot write %s: %s\n", cmd, path, strerror(errno));
		rc = CLI_EXIT_CANTCREAT;
	}
	if (rc != CLI_EXIT_OK)
		cli_stdin_file_remove(path);
	return rc;
}

void cli_stdin_file_remove(const char *path)
{
	char dir[4096];
	char *slash;

	unlink(path);
	snprintf(dir, sizeof dir, "%s", path);
	if ((slash = strrchr(dir, '/')))
		*slash = '\0';
	rmdir(dir);
}
