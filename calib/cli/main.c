/*
 * limbvol-calib - camera calibration, printable boards and markers, setup
 * check.  Run as `limbvol calib SUBCOMMAND ...` through the dispatcher.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

static const char usage_text[] =
	"usage: limbvol calib board --type chessboard|charuco --squares 10x7 --square-mm 25 --out board.pdf\n"
	"       limbvol calib marker --id 0 --size-mm 80 --out marker.pdf\n"
	"       limbvol calib camera --board chessboard:9x6:25mm --out camera.yml IMAGES...\n"
	"       limbvol calib check --camera camera.yml --marker ID:SIZE_MM [--known-mm ...] IMAGE\n"
	"       limbvol calib undistort --camera camera.yml IN OUT\n"
	"       limbvol calib show camera.yml\n"
	"       limbvol calib help SUBCOMMAND\n";

static const char about[] =
	"Print a board, photograph it 10 to 20 times from different angles and\n"
	"distances covering the whole image, calibrate, then check the scale with a\n"
	"printed marker.  'limbvol calib SUBCOMMAND --help' for the options of each;\n"
	"man limbvol-calib for the whole manual.\n";

static const char more[] =
	"exit codes: 0 ok, 1 check failed, 64 usage, 65 bad data (no board, different\n"
	"image sizes, too few views, not a camera file), 66 missing input, 69 unknown\n"
	"subcommand, 70 internal, 73 cannot create the output, 74 input/output error.\n";

int calib_set_paper(struct cli_parser *p, void *base, const char *text)
{
	int *paper = base;
	if (!strcmp(text, "a4") || !strcmp(text, "A4"))
		*paper = LV_PAPER_A4;
	else if (!strcmp(text, "letter") || !strcmp(text, "Letter"))
		*paper = LV_PAPER_LETTER;
	else
		return cli_fail(p, "expected a4 or letter, found '%.40s'", text);
	return 0;
}

const struct cli_choice calib_formats[] = { { "text", 0 }, { "json", 1 }, { NULL, 0 } };

void calib_num(FILE *f, double v, int decimals)
{
	cli_number_out(f, v, decimals);
}

static const struct {
	const char *name;
	int (*run)(int, char **);
} subs[] = {
	{ "board", calib_board }, { "marker", calib_marker },       { "camera", calib_camera },
	{ "check", calib_check }, { "undistort", calib_undistort }, { "show", calib_show },
};

static const char *const sub_names[] = { "board",     "marker", "camera", "check",
					 "undistort", "show",   NULL };

struct calib_args {
	struct cli_operands sub;
};

static const struct cli_opt options[] = { { CLI_OPERANDS, .arg = "SUBCOMMAND [ARGS]",
					    .offset = offsetof(struct calib_args, sub) },
					  { CLI_END } };

static const struct cli_cmd calib_cmd = {
	"calib",   usage_text,
	about,     options,
	more,      "camera calibration: printable boards and markers, camera files, scale check",
	sub_names, CLI_CMD_SUBCOMMANDS | CLI_CMD_PROGRAM
};

int main(int argc, char **argv)
{
	struct calib_args a;
	char *help_args[3] = { NULL, (char *)"--help", NULL };
	int rc;

	if (argc < 2) {
		cli_help(stderr, &calib_cmd);
		return CLI_EXIT_USAGE;
	}
	memset(&a, 0, sizeof a);
	if ((rc = cli_parse(&calib_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return rc;
	if (a.sub.n == 0) {
		cli_help(stderr, &calib_cmd);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(a.sub.v[0], "help")) {
		/* limbvol calib help [SUB] */
		if (a.sub.n == 1) {
			cli_help(stdout, &calib_cmd);
			return CLI_EXIT_OK;
		}
		help_args[0] = a.sub.v[1];
		a.sub.v = help_args;
		a.sub.n = 2;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(a.sub.v[0], subs[i].name))
			return subs[i].run(a.sub.n, a.sub.v);
	fprintf(stderr,
		"limbvol calib: '%.40s' is not a calib subcommand "
		"(board, marker, camera, check, undistort, show; see 'limbvol calib --help')\n",
		a.sub.v[0]);
	return CLI_EXIT_UNAVAILABLE;
}
