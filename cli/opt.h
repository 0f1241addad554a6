/*
 * opt.h - the one option grammar of every limbvol program: a command declares
 * its options in a table, and the same table parses the command line, prints
 * the --help, and feeds the shell completion (`limbvol --completion bash`).
 *
 * The grammar (GNU's):
 *   --name VALUE, --name=VALUE   a long option with a value (the value may
 *                                start with '-': `--origin-offset -5`)
 *   -x VALUE, -xVALUE            a short option with a value
 *   -iv                          bundled short flags
 *   --                           ends the options: what follows is operands
 *   -                            an operand (standard input)
 *   -5, -0.5                     an operand (a number, not an option)
 * Options and operands mix in any order; operands keep their order among
 * themselves and, for a command with an operand callback, among the options
 * (`tape 17 18 --other 16 17` sends the values after --other elsewhere).
 * An option given twice: the last one wins (a script's defaults, then what
 * overrides them), unless it collects (CLI_REPEAT: --range a=0:4 --range ...).
 * Long options are never abbreviated: adding an option must not break a
 * script that used a prefix of another.
 *
 * Every command gets, without declaring them: -h/--help (the manual, from
 * the table), --summary (its cli_cmd.summary, the line `limbvol help` shows
 * for it; hidden; every command `limbvol help` lists has one, built in or
 * a program: the dispatcher reads a program's line from it, a built-in's
 * from core/cli/commands.c's table, which points at the same cli_cmd; a
 * subcommand without one refuses it as an unknown option) and
 * --completion-table (what the completion generator reads; hidden).
 * Programs (CLI_CMD_PROGRAM) also get -V/--version.
 *
 * Errors are printed in one form and give exit code 64 (CLI_EXIT_USAGE):
 *   limbvol tape: unknown option '--frob'
 *   limbvol tape: option --step needs a value
 *   limbvol tape: option --step: expected a number, found 'x'
 *   (see 'limbvol tape --help')
 *
 * Declaring a command (values land in a struct; offsets make the tables
 * constant, and a fragment shared by two commands, like the tape entry
 * options, lives in a struct of its own, included at an offset):
 *
 *   struct trend_opts { const char *db, *out; int fmt; double from_cm; };
 *   static const struct cli_opt trend_options[] = {
 *       { CLI_STRING, "out", 'o', OFF(out), .arg = "FILE", .help = "...",
 *         .flags = CLI_FILE },
 *       { CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "..." },
 *       { CLI_NUMBER, "from", 0, OFF(from_cm), .arg = "CM", .help = "..." },
 *       { CLI_INCLUDE, .include = store_db_options, .offset = OFF(db) },
 *       { CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(operands) },
 *       { 0 }
 *   };
 *   static const struct cli_cmd trend_cmd = { "trend", usage, about, trend_options, more };
 *   ...
 *   if ((rc = cli_parse(&trend_cmd, argc, argv, &o)) != CLI_CONTINUE)
 *       return rc;    // --help printed (0) or a usage error printed (64)
 */
#ifndef CLI_OPT_H
#define CLI_OPT_H

#include <stddef.h>
#include <stdio.h>

/* What cli_parse returns when the command should go on. */
#define CLI_CONTINUE (-1)

enum cli_opt_kind {
	CLI_END = 0, /* ends a table */
	CLI_FLAG, /* int: set to .value (1 when .value is 0) */
	CLI_STRING, /* const char *: the value as given */
	CLI_NUMBER, /* double: a number in any locale, decimal comma accepted;
		     * within [.min, .max] when min < max (CLI_ABOVE_MIN: min excluded) */
	CLI_INT, /* int: a whole number within [.min, .max] when min < max */
	CLI_CHOICE, /* int: the .value of the choice named */
	CLI_CALL, /* .set(parser, base, value); value NULL for a flag (no .arg) */
	CLI_INCLUDE, /* the options of .include, their base at .offset in ours */
	CLI_TITLE, /* a heading in the help (.help): "entry options" */
	CLI_OPERAND, /* each operand, in order: .set(parser, base, operand) */
	CLI_OPERANDS /* the operands collected in a struct cli_operands at .offset */
};

enum cli_opt_flags {
	CLI_REPEAT = 1 << 0, /* collects: each one given adds (its callback adds) */
	CLI_HIDDEN = 1 << 1, /* not in the help (nor in the completion) */
	CLI_FILE = 1 << 2, /* the value is a file name (completion) */
	CLI_DIR = 1 << 3, /* the value is a folder (completion) */
	CLI_ABOVE_MIN = 1 << 4 /* CLI_NUMBER: the minimum itself is refused */
};

struct cli_choice {
	const char *name;
	int value;
};

struct cli_parser;

struct cli_opt {
	enum cli_opt_kind kind;
	const char *name; /* the long name, without "--" (or NULL) */
	char short_name; /* the short name (or 0) */
	size_t offset; /* where the value goes, from the base pointer */
	const char *arg; /* the value's name in the help ("CM"); a CLI_CALL with
			  * an .arg takes a value */
	const char *help; /* the help text: lines separated by '\n' */
	int flags; /* enum cli_opt_flags */
	double min, max; /* CLI_NUMBER, CLI_INT */
	int value; /* CLI_FLAG: the value stored */
	const struct cli_choice *choices; /* CLI_CHOICE, ended by a NULL name */
	/* CLI_CALL, CLI_OPERAND: 0 ok, -1 after cli_fail(), or an exit code
	 * (> 0) after printing the error */
	int (*set)(struct cli_parser *p, void *base, const char *value);
	const struct cli_opt *include; /* CLI_INCLUDE */
};

/* Operands collected by CLI_OPERANDS (they point into argv). */
struct cli_operands {
	char **v;
	int n;
};

enum cli_cmd_flags {
	/* options come before a subcommand: parsing stops at the first operand,
	 * which goes with everything after it to CLI_OPERANDS */
	CLI_CMD_SUBCOMMANDS = 1 << 0,
	/* a program of its own (limbvol-photo ...): also -V/--version */
	CLI_CMD_PROGRAM = 1 << 1
};

struct cli_cmd {
	const char *name; /* as messages name it: "tape", "calib check" */
	const char *usage; /* the synopsis lines, "usage: limbvol tape ...\n" */
	const char *about; /* prose before the options (or NULL) */
	const struct cli_opt *opts;
	const char *more; /* prose after the options: formats, examples, exit codes */
	const char *summary; /* one line for `limbvol help` (--summary), or NULL */
	const char *const *subcommands; /* CLI_CMD_SUBCOMMANDS: their names */
	int flags; /* enum cli_cmd_flags */
};

/* The parser's state, for the callbacks. */
struct cli_parser {
	const struct cli_cmd *cmd;
	const struct cli_opt *opt; /* the option being set, NULL for an operand */
	int index; /* argv index of the argument being handled */
	int operand; /* how many operands came before this one */
};

/*
 * Parse argv[1..argc-1] by the command's table into base.  Returns
 * CLI_CONTINUE, or an exit code when the command should stop: 0 after
 * --help, --summary, --version or --completion-table, 64 after a usage error
 * (printed), or what a callback returned.  argv is reordered (operands move
 * to its front, after argv[0]).
 */
int cli_parse(const struct cli_cmd *cmd, int argc, char **argv, void *base);

/*
 * In a callback: print "limbvol CMD: option --x: <message>" (or, for an
 * operand, "limbvol CMD: <message>") and the hint to see --help; return -1.
 */
int cli_fail(const struct cli_parser *p, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * In a callback: the value as a number (any locale, decimal comma accepted),
 * or "option --x: expected a number, found '...'" printed and -1.
 */
int cli_opt_number(const struct cli_parser *p, const char *text, double *out);

/* The command's manual: usage, about, the options by the table, more. */
void cli_help(FILE *f, const struct cli_cmd *cmd);

/*
 * What the completion generator reads (--completion-table), one line per
 * item: "sub NAME", or "opt LONG SHORT TAKES CHOICES" with "-" for none,
 * TAKES one of flag, value, file, dir and CHOICES joined by '|'.
 */
void cli_completion_table(FILE *f, const struct cli_cmd *cmd);

/* The output formats every command with --format takes. */
extern const struct cli_choice cli_formats[];

/*
 * --proximal up|down|left|right (limbvol photo, capture, mask; the photo
 * manifest's key proximal): where the limb's proximal end is in the image,
 * for a limb crossing the frame at both ends.  Included with
 *   { CLI_INCLUDE, .include = cli_proximal_options, .offset = OFF(proximal) }
 * at an int that stays 0 when the option is not given.
 */
enum { CLI_PROXIMAL_UP = 1, CLI_PROXIMAL_DOWN, CLI_PROXIMAL_LEFT, CLI_PROXIMAL_RIGHT };
extern const struct cli_opt cli_proximal_options[];

#endif
