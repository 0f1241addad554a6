/*
 * cli.h - what every limbvol program shares: exit codes, error reports,
 * argument numbers, JSON strings.  Used by `limbvol` and by the
 * limbvol-<command> programs of capture/ and calib/; built only on
 * liblimbvol's public API.
 *
 * Exit codes (documented in limbvol(1)); they follow sysexits.h:
 *   0  success
 *   1  the work ran but some items failed (batch: a set failed)
 *   64 usage: unknown option, missing or malformed argument
 *   65 data: malformed, implausible or unusable input data (with its
 *      file:line:column)
 *   66 an input file or a named patient, limb or measurement is missing
 *   69 unknown command
 *   70 internal error (a bug, out of memory, a numerical failure)
 *   73 an output file cannot be created
 *   74 input/output or store error
 */
#ifndef CLI_H
#define CLI_H

#include <stdio.h>

enum {
	CLI_EXIT_OK = 0,
	CLI_EXIT_SOME_FAILED = 1,
	CLI_EXIT_USAGE = 64,
	CLI_EXIT_DATA = 65,
	CLI_EXIT_NOINPUT = 66,
	CLI_EXIT_UNAVAILABLE = 69,
	CLI_EXIT_SOFTWARE = 70,
	CLI_EXIT_CANTCREAT = 73,
	CLI_EXIT_IO = 74,
	CLI_EXIT_INTERRUPTED = 130 /* 128 + SIGINT */
};

/* The exit code for a liblimbvol status. */
int cli_exit_code(int status);

/* Print "limbvol <cmd>: <where:line:col: message>" from lv_error_last()
 * to stderr and return the matching exit code. */
int cli_report(const char *cmd);

/* The same for an error writing an output file the user named (a chart,
 * a plot): an input/output failure there is 73, cannot create. */
int cli_report_output(const char *cmd);

/* Print "limbvol <cmd>: <message>" plus a hint to see --help; return 64. */
int cli_usage_error(const char *cmd, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Parse a number given as the argument of an option; on failure print
 * "limbvol <cmd>: option --x: expected a number, found 'abc'" and return
 * non-zero.  Accepts a decimal comma.
 */
int cli_number(const char *cmd, const char *option, const char *text, double *out);

/*
 * A marker given as ID:SIZE_MM ("0:80": id 0 to 999, the black square's side
 * 5 to 1000 mm), as every command taking --marker and the photo manifests
 * write it.  LV_EDATA with a message saying what was expected.
 */
int cli_parse_marker(const char *text, int *id, double *size_mm);

/* A --marker ID:SIZE_MM option: a CLI_CALL (opt.h) at a struct cli_marker. */
struct cli_marker {
	int id;
	double size_mm;
};
struct cli_parser;
int cli_set_marker(struct cli_parser *p, void *base, const char *text);

/*
 * For a reader that needs a path: standard input copied to a temporary file
 * (in a folder of its own, 0700, under $TMPDIR or /tmp), at most max_bytes.
 * `name` is the file's name there (an extension for readers that go by it).
 * Returns an exit code after printing the error (64 when standard input is a
 * terminal, 65 when it is larger, 73 when the copy cannot be made); on success
 * path holds the file, removed by cli_stdin_file_remove(path).
 */
int cli_stdin_file(const char *cmd, const char *name, size_t max_bytes, char *path, size_t size);
void cli_stdin_file_remove(const char *path);

/* Write s as a JSON string literal (quotes and escapes included). */
void cli_json_string(FILE *f, const char *s);

/* Write s as a CSV field, quoted when it holds a comma, quote or newline. */
void cli_csv_field(FILE *f, const char *s);

/*
 * Copy a finished temporary file (tmpfile()) to stdout and flush: output is
 * built aside and shown only once complete, so that an error half way leaves
 * nothing on stdout as if it had worked.  Returns an exit code.
 */
int cli_publish(const char *cmd, FILE *tmp);

/* Write a number with `decimals` decimals, locale-independent. */
void cli_number_out(FILE *f, double v, int decimals);

/* Write a number for JSON: the shortest text that reads back to the same
 * double (lv_number_format_shortest); null when it is not finite.  Text and
 * CSV keep their clinical rounding (cli_number_out). */
void cli_number_json(FILE *f, double v);

#endif
