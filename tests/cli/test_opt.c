/*
 * The option parser every limbvol program uses (cli/opt.h), against the
 * grammar of GNU getopt_long as its manual describes it: `--x=V` and
 * `--x V`, `--` ends the options, bundled short options, `-` is an operand,
 * options and operands in any order, one error form, exit code 64.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <unistd.h>

#include "harness.h"
#include "opt.h"

struct frag {
	double scale;
	int verbose;
};

struct opts {
	int interactive, yes, jobs, fmt, count;
	double step;
	const char *out;
	struct frag frag;
	struct cli_operands ops;
};

static int add_count(struct cli_parser *p, void *base, const char *v)
{
	(void)p;
	(void)v;
	((struct opts *)base)->count++;
	return 0;
}

static const struct cli_choice colours[] = { { "red", 10 }, { "blue", 20 }, { NULL, 0 } };

#define OFF(f) offsetof(struct opts, f)

static const struct cli_opt frag_options[] = {
	{ CLI_NUMBER, "scale", 0, offsetof(struct frag, scale), .arg = "N" },
	{ CLI_FLAG, "verbose", 'v', offsetof(struct frag, verbose), .help = "say more" },
	{ CLI_END }
};

static const struct cli_opt options[] = {
	{ CLI_FLAG, "interactive", 'i', OFF(interactive), .help = "ask" },
	{ CLI_FLAG, "yes", 'y', OFF(yes), .help = "do not ask" },
	{ CLI_INT, "jobs", 'j', OFF(jobs), .arg = "N", .min = 1, .max = 64 },
	{ CLI_NUMBER, "step", 0, OFF(step), .arg = "CM", .min = 0, .max = 50,
	  .flags = CLI_ABOVE_MIN },
	{ CLI_STRING, "out", 'o', OFF(out), .arg = "FILE", .flags = CLI_FILE },
	{ CLI_CHOICE, "colour", 0, OFF(fmt), .choices = colours },
	{ CLI_CALL, "mark", 'm', .set = add_count, .flags = CLI_REPEAT },
	{ CLI_INCLUDE, .include = frag_options, .offset = OFF(frag) },
	{ CLI_OPERANDS, .arg = "FILE", .offset = OFF(ops) },
	{ CLI_END }
};

static const struct cli_cmd cmd = { "test",         "usage: limbvol test [options] FILE...\n",
				    "A test.\n",    options,
				    "more prose\n", "a one-line summary",
				    NULL,           0 };

static char err[4096];

/* Send fd to a temporary file; end_capture() reads it back into buf. */
static FILE *begin_capture(int fd, int *saved)
{
	FILE *tmp = tmpfile();
	fflush(fd == STDERR_FILENO ? stderr : stdout);
	*saved = dup(fd);
	dup2(fileno(tmp), fd);
	return tmp;
}

static void end_capture(int fd, int saved, FILE *tmp, char *buf, size_t size)
{
	size_t len;
	fflush(fd == STDERR_FILENO ? stderr : stdout);
	dup2(saved, fd);
	close(saved);
	rewind(tmp);
	len = fread(buf, 1, size - 1, tmp);
	buf[len] = '\0';
	fclose(tmp);
}

/* Parse the words given (argv[0] is added), stderr kept in err. */
static int parse(struct opts *o, int n, const char **words)
{
	char *argv[32];
	int saved, rc;
	FILE *tmp;

	memset(o, 0, sizeof *o);
	argv[0] = (char *)"limbvol-test";
	for (int i = 0; i < n; i++)
		argv[i + 1] = (char *)words[i];
	argv[n + 1] = NULL;
	tmp = begin_capture(STDERR_FILENO, &saved);
	rc = cli_parse(&cmd, n + 1, argv, o);
	end_capture(STDERR_FILENO, saved, tmp, err, sizeof err);
	return rc;
}

#define PARSE(o, ...)                                                             \
	parse(o, (int)(sizeof((const char *[]){ __VA_ARGS__ }) / sizeof(char *)), \
	      (const char *[]){ __VA_ARGS__ })

static void long_with_equals_and_separate(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "--step=4", "--out", "x.csv", "--jobs=3"), CLI_CONTINUE);
	CHECK_NEAR(o.step, 4, 0);
	CHECK(o.out && !strcmp(o.out, "x.csv"));
	CHECK(o.jobs == 3);
	/* a value may start with '-' and may be empty after '=' */
	CHECK_STATUS(PARSE(&o, "--out", "-", "--scale", "-2,5"), CLI_CONTINUE);
	CHECK(o.out && !strcmp(o.out, "-"));
	CHECK_NEAR(o.frag.scale, -2.5, 0);
	CHECK_STATUS(PARSE(&o, "--out="), CLI_CONTINUE);
	CHECK(o.out && !strcmp(o.out, ""));
}

static void double_dash_ends_options(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "a", "--", "--step=4", "-i", "b"), CLI_CONTINUE);
	CHECK(o.ops.n == 4);
	CHECK(!strcmp(o.ops.v[0], "a") && !strcmp(o.ops.v[1], "--step=4"));
	CHECK(!strcmp(o.ops.v[2], "-i") && !strcmp(o.ops.v[3], "b"));
	CHECK(o.step == 0 && !o.interactive);
}

static void lone_dash_is_an_operand(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "-", "-i"), CLI_CONTINUE);
	CHECK(o.ops.n == 1 && !strcmp(o.ops.v[0], "-"));
	CHECK(o.interactive == 1);
}

static void bundled_short_options(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "-iyv"), CLI_CONTINUE);
	CHECK(o.interactive && o.yes && o.frag.verbose);
	/* the last of a bundle may take the rest, or the next word, as value */
	CHECK_STATUS(PARSE(&o, "-ij4"), CLI_CONTINUE);
	CHECK(o.interactive && o.jobs == 4);
	CHECK_STATUS(PARSE(&o, "-yj", "5", "-oout.csv"), CLI_CONTINUE);
	CHECK(o.yes && o.jobs == 5 && o.out && !strcmp(o.out, "out.csv"));
	CHECK_STATUS(PARSE(&o, "-mmm"), CLI_CONTINUE);
	CHECK(o.count == 3);
}

static void options_and_operands_mix(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "f1", "-i", "f2", "--step", "2", "f3"), CLI_CONTINUE);
	CHECK(o.ops.n == 3);
	CHECK(!strcmp(o.ops.v[0], "f1") && !strcmp(o.ops.v[1], "f2") && !strcmp(o.ops.v[2], "f3"));
	CHECK(o.interactive && o.step == 2);
}

static void negative_numbers_are_operands(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "-5", "-0.5", "-.5"), CLI_CONTINUE);
	CHECK(o.ops.n == 3 && !strcmp(o.ops.v[0], "-5") && !strcmp(o.ops.v[2], "-.5"));
}

static void choices_and_ranges(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "--colour=blue"), CLI_CONTINUE);
	CHECK(o.fmt == 20);
	CHECK_STATUS(PARSE(&o, "--colour", "green"), 64);
	CHECK_STR_CONTAINS(err,
			   "limbvol test: option --colour: expected red or blue, found 'green'");
	CHECK_STATUS(PARSE(&o, "--jobs", "0"), 64);
	CHECK_STR_CONTAINS(err, "option --jobs: expected a whole number from 1 to 64, found '0'");
	CHECK_STATUS(PARSE(&o, "-j", "2.5"), 64);
	CHECK_STR_CONTAINS(err, "option --jobs: expected a whole number");
	CHECK_STATUS(PARSE(&o, "--step", "0"), 64);
	CHECK_STR_CONTAINS(err, "option --step: expected a number above 0 and up to 50, found '0'");
	CHECK_STATUS(PARSE(&o, "--step", "50"), CLI_CONTINUE);
	CHECK_NEAR(o.step, 50, 0);
}

static void one_error_form(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "--frob"), 64);
	CHECK_STR_CONTAINS(err, "limbvol test: unknown option '--frob'\n");
	CHECK_STR_CONTAINS(err, "(see 'limbvol test --help')");
	CHECK_STATUS(PARSE(&o, "-iq"), 64);
	CHECK_STR_CONTAINS(err, "limbvol test: unknown option '-q'");
	CHECK_STATUS(PARSE(&o, "--step", "x"), 64);
	CHECK_STR_CONTAINS(err, "limbvol test: option --step: expected a number, found 'x'");
	CHECK_STATUS(PARSE(&o, "f", "--step"), 64);
	CHECK_STR_CONTAINS(err, "limbvol test: option --step needs a value CM");
	CHECK_STATUS(PARSE(&o, "-j"), 64);
	CHECK_STR_CONTAINS(err, "option -j needs a value");
	CHECK_STATUS(PARSE(&o, "--yes=no"), 64);
	CHECK_STR_CONTAINS(err, "option --yes: takes no value");
	/* no abbreviations: a new option must not change what a script meant */
	CHECK_STATUS(PARSE(&o, "--ste", "4"), 64);
	CHECK_STR_CONTAINS(err, "unknown option '--ste'");
}

static void repeated_options(void)
{
	struct opts o;
	/* the last one wins, as with getopt_long */
	CHECK_STATUS(PARSE(&o, "--step", "1", "--step=2", "--colour=red", "--colour", "blue"),
		     CLI_CONTINUE);
	CHECK_NEAR(o.step, 2, 0);
	CHECK(o.fmt == 20);
	CHECK_STATUS(PARSE(&o, "--mark", "-m", "--mark"), CLI_CONTINUE);
	CHECK(o.count == 3);
}

static void fragments_at_an_offset(void)
{
	struct opts o;
	CHECK_STATUS(PARSE(&o, "--scale=1.5", "--verbose"), CLI_CONTINUE);
	CHECK_NEAR(o.frag.scale, 1.5, 0);
	CHECK(o.frag.verbose == 1 && o.interactive == 0);
}

static void help_and_summary_stop(void)
{
	struct opts o;
	char out[4096];
	int saved;
	FILE *tmp = begin_capture(STDOUT_FILENO, &saved);

	CHECK_STATUS(PARSE(&o, "--help", "--frob"), 0);
	CHECK_STATUS(PARSE(&o, "-ih"), 0);
	CHECK_STATUS(PARSE(&o, "--summary"), 0);
	CHECK_STATUS(PARSE(&o, "--completion-table"), 0);
	end_capture(STDOUT_FILENO, saved, tmp, out, sizeof out);
	/* the help lists each option with its value's name, from the table */
	CHECK_STR_CONTAINS(out, "usage: limbvol test [options] FILE...\n\nA test.\n");
	CHECK_STR_CONTAINS(out, "  -i, --interactive     ask\n");
	CHECK_STR_CONTAINS(out, "  -j, --jobs N");
	CHECK_STR_CONTAINS(out, "  --colour red|blue");
	CHECK_STR_CONTAINS(out, "  -h, --help");
	CHECK_STR_CONTAINS(out, "more prose\n");
	CHECK_STR_CONTAINS(out, "a one-line summary\n");
	CHECK_STR_CONTAINS(out, "opt --out -o file -\n");
	CHECK_STR_CONTAINS(out, "opt --colour - value red|blue\n");
	CHECK_STR_CONTAINS(out, "opt --verbose -v flag -\n");
	/* a program of its own would answer --version; a command does not */
	CHECK_STATUS(PARSE(&o, "--version"), 64);
}

static const char *subs[] = { "check", "show", NULL };
static const struct cli_opt top_options[] = {
	{ CLI_FLAG, "yes", 'y', OFF(yes), .help = "do not ask" },
	{ CLI_OPERANDS, .arg = "SUBCOMMAND", .offset = OFF(ops) },
	{ CLI_END }
};
static const struct cli_cmd top = {
	"top", "usage: limbvol top SUB\n", NULL, top_options, NULL, NULL, subs, CLI_CMD_SUBCOMMANDS
};

static void subcommands_keep_their_options(void)
{
	struct opts o;
	char w[6][16] = { "limbvol-top", "-y", "check", "--step=4", "-y", "f" };
	char *argv[] = { w[0], w[1], w[2], w[3], w[4], w[5], NULL };
	memset(&o, 0, sizeof o);
	CHECK_STATUS(cli_parse(&top, 6, argv, &o), CLI_CONTINUE);
	CHECK(o.yes == 1);
	CHECK(o.ops.n == 4);
	CHECK(!strcmp(o.ops.v[0], "check") && !strcmp(o.ops.v[1], "--step=4") &&
	      !strcmp(o.ops.v[2], "-y") && !strcmp(o.ops.v[3], "f"));
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(long_with_equals_and_separate);
	RUN(double_dash_ends_options);
	RUN(lone_dash_is_an_operand);
	RUN(bundled_short_options);
	RUN(options_and_operands_mix);
	RUN(negative_numbers_are_operands);
	RUN(choices_and_ranges);
	RUN(one_error_form);
	RUN(repeated_options);
	RUN(fragments_at_an_offset);
	RUN(help_and_summary_stop);
	RUN(subcommands_keep_their_options);
	return lv_test_done();
}
