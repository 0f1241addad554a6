/*
 * limbvol-calib - camera calibration, printable boards and markers, setup
 * check.  Run as `limbvol calib SUBCOMMAND ...` through the dispatcher.
 */
#include <stdio.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

static const char usage_text[] =
	"usage: limbvol calib board --type chessboard|charuco --squares 10x7 --square-mm 25 --out board.pdf\n"
	"       limbvol calib marker --id 0 --size-mm 80 --out marker.pdf\n"
	"       limbvol calib camera IMAGES... --board chessboard:9x6:25mm --out camera.yml\n"
	"       limbvol calib check --camera camera.yml IMAGE --marker ID:SIZE_MM [--known-mm ...]\n"
	"       limbvol calib undistort --camera camera.yml IN OUT\n"
	"       limbvol calib show camera.yml\n"
	"\n"
	"Print a board, photograph it 10 to 20 times from different angles and\n"
	"distances covering the whole image, calibrate, then check the scale with a\n"
	"printed marker.  'limbvol calib SUBCOMMAND --help' for the options of each;\n"
	"man limbvol-calib for the whole manual.\n"
	"\n"
	"exit codes: 0 ok, 1 check failed, 64 usage, 65 bad data (no board, different\n"
	"image sizes, too few views, not a camera file), 66 missing input, 70 internal,\n"
	"74 input/output error.\n";

int calib_opt(const char *cmd, int argc, char **argv, int *i, const char *name, const char **value)
{
	size_t n = strlen(name);
	const char *a = argv[*i];

	if (strncmp(a, name, n) != 0)
		return 0;
	if (a[n] == '=') {
		*value = a + n + 1;
		return 1;
	}
	if (a[n] != '\0')
		return 0;
	if (*i + 1 >= argc) {
		cli_usage_error(cmd, "option %s needs a value", name);
		return -1;
	}
	*value = argv[++*i];
	return 1;
}

int calib_paper(const char *cmd, const char *text, int *paper)
{
	if (!strcmp(text, "a4") || !strcmp(text, "A4"))
		*paper = LV_PAPER_A4;
	else if (!strcmp(text, "letter") || !strcmp(text, "Letter"))
		*paper = LV_PAPER_LETTER;
	else {
		cli_usage_error(cmd, "option --paper: expected a4 or letter, found '%s'", text);
		return -1;
	}
	return 0;
}

void calib_num(FILE *f, double v, int decimals)
{
	cli_number_out(f, v, decimals);
}

int main(int argc, char **argv)
{
	static const struct {
		const char *name;
		int (*run)(int, char **);
	} subs[] = {
		{ "board", calib_board },         { "marker", calib_marker },
		{ "camera", calib_camera },       { "check", calib_check },
		{ "undistort", calib_undistort }, { "show", calib_show },
	};

	if (argc < 2) {
		fputs(usage_text, stderr);
		return CLI_EXIT_USAGE;
	}
	if (!strcmp(argv[1], "--summary")) {
		puts("camera calibration: printable boards and markers, camera files, scale check");
		return CLI_EXIT_OK;
	}
	if (!strcmp(argv[1], "--help") || !strcmp(argv[1], "-h") || !strcmp(argv[1], "help")) {
		fputs(usage_text, stdout);
		return CLI_EXIT_OK;
	}
	for (size_t i = 0; i < sizeof subs / sizeof subs[0]; i++)
		if (!strcmp(argv[1], subs[i].name))
			return subs[i].run(argc - 1, argv + 1);
	fprintf(stderr,
		"limbvol calib: '%s' is not a calib subcommand "
		"(board, marker, camera, check, undistort, show)\n",
		argv[1]);
	return CLI_EXIT_USAGE;
}
