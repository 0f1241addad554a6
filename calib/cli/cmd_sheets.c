/* limbvol calib board / marker: printable sheets at true scale. */
#include <stdio.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

static const char board_help[] =
	"usage: limbvol calib board [--type chessboard|charuco] [--squares 10x7] [--square-mm 25]\n"
	"                           [--marker-mm MM] [--dict 4x4_50] [--paper a4|letter]\n"
	"                           [--dpi 300] --out board.pdf|board.png\n"
	"\n"
	"Writes a calibration board at true scale: a PDF page of A4 or Letter (or a\n"
	"PNG at --dpi) with a 100 mm ruler and the expected sizes printed on it.\n"
	"--squares counts squares (a 10x7 chessboard has 9x6 inner corners); ChArUco\n"
	"markers default to 3/4 of the square.  Prints the --board value to give to\n"
	"'limbvol calib camera'.\n"
	"\n"
	"example: limbvol calib board --squares 10x7 --square-mm 25 --out board.pdf\n";

static const char marker_help[] =
	"usage: limbvol calib marker [--id 0] [--size-mm 80] [--dict 4x4_50]\n"
	"                            [--paper a4|letter] [--dpi 300] --out marker.pdf|marker.png\n"
	"\n"
	"Writes an ArUco marker at true scale: SIZE is the side of the black square,\n"
	"border included; a white margin of 2 cells and a dashed cutting line around\n"
	"it, a 100 mm ruler and the expected size printed on the sheet.\n"
	"\n"
	"example: limbvol calib marker --id 0 --size-mm 80 --out marker.pdf\n";

/* A sheet that cannot be written is "cannot create" (73), not an I/O error. */
static int report_write(const char *cmd)
{
	int ret = cli_report(cmd);
	return ret == CLI_EXIT_IO ? CLI_EXIT_CANTCREAT : ret;
}

/*
 * The options both sheets take: --dict, --paper, --dpi, --out.
 * 1 consumed (with its value), 0 not one of them, -1 usage error printed.
 */
static int sheet_opt(const char *cmd, int argc, char **argv, int *i, const char **dict,
		     lv_sheet_opts *o, const char **out)
{
	const char *v;
	int r;

	if ((r = calib_opt(cmd, argc, argv, i, "--dict", &v)) != 0) {
		if (r > 0)
			*dict = v;
	} else if ((r = calib_opt(cmd, argc, argv, i, "--paper", &v)) != 0) {
		if (r > 0 && calib_paper(cmd, v, &o->paper))
			r = -1;
	} else if ((r = calib_opt(cmd, argc, argv, i, "--dpi", &v)) != 0) {
		if (r > 0 && cli_number(cmd, "--dpi", v, &o->dpi))
			r = -1;
	} else if ((r = calib_opt(cmd, argc, argv, i, "--out", &v)) != 0) {
		if (r > 0)
			*out = v;
	}
	return r < 0 ? -1 : r;
}

static int squares_of(const char *text, int *x, int *y)
{
	char tail;
	return sscanf(text, "%dx%d%c", x, y, &tail) == 2 && *x >= 3 && *y >= 3 && *x <= 51 &&
		*y <= 51 && strspn(text, "0123456789x") == strlen(text);
}

int calib_board(int argc, char **argv)
{
	const char *cmd = "calib board", *v, *type = "chessboard", *squares = NULL, *out = NULL;
	const char *dict = "4x4_50";
	double square_mm = 0, marker_mm = 0;
	lv_sheet_opts o = { LV_PAPER_A4, 300 };
	lv_board b;
	char spec[96];
	int r, sx, sy;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(board_help, stdout);
			return CLI_EXIT_OK;
		}
		if ((r = calib_opt(cmd, argc, argv, &i, "--type", &v)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
			type = v;
		} else if ((r = calib_opt(cmd, argc, argv, &i, "--squares", &v)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
			squares = v;
		} else if ((r = calib_opt(cmd, argc, argv, &i, "--square-mm", &v)) != 0) {
			if (r < 0 || cli_number(cmd, "--square-mm", v, &square_mm))
				return CLI_EXIT_USAGE;
		} else if ((r = calib_opt(cmd, argc, argv, &i, "--marker-mm", &v)) != 0) {
			if (r < 0 || cli_number(cmd, "--marker-mm", v, &marker_mm))
				return CLI_EXIT_USAGE;
		} else if ((r = sheet_opt(cmd, argc, argv, &i, &dict, &o, &out)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
		} else {
			return cli_usage_error(cmd, "unexpected argument '%s'", a);
		}
	}
	if (!out)
		return cli_usage_error(cmd, "--out FILE.pdf or FILE.png is required");
	if (strcmp(type, "chessboard") && strcmp(type, "charuco"))
		return cli_usage_error(cmd,
				       "option --type: expected chessboard or charuco, found '%s'",
				       type);
	if (!squares)
		squares = strcmp(type, "charuco") ? "10x7" : "5x7";
	if (!squares_of(squares, &sx, &sy))
		return cli_usage_error(cmd,
				       "option --squares: expected COLSxROWS squares between 3 "
				       "and 51, e.g. 10x7, found '%s'",
				       squares);
	if (square_mm <= 0)
		square_mm = strcmp(type, "charuco") ? 25 : 30;
	if (!strcmp(type, "chessboard")) {
		snprintf(spec, sizeof spec, "chessboard:%dx%d:", sx - 1, sy - 1);
	} else {
		if (marker_mm <= 0)
			marker_mm = 0.75 * square_mm;
		snprintf(spec, sizeof spec, "charuco:%dx%d:", sx, sy);
	}
	{
		/* build the spec with locale-free numbers, then parse it: one
		 * validation path for boards given here and to calib camera */
		char num[32];
		size_t len = strlen(spec);
		lv_number_format(square_mm, 3, num, sizeof num);
		snprintf(spec + len, sizeof spec - len, "%smm", num);
		if (!strcmp(type, "charuco")) {
			len = strlen(spec);
			lv_number_format(marker_mm, 3, num, sizeof num);
			snprintf(spec + len, sizeof spec - len, ":%smm:%s", num, dict);
		}
	}
	if (lv_board_parse(spec, &b) < 0)
		return cli_usage_error(cmd, "%s", lv_error_last()->message);
	if (lv_sheet_board(out, &b, &o) < 0)
		return report_write(cmd);
	lv_board_format(&b, spec, sizeof spec);
	printf("wrote %s: %dx%d squares of ", out, sx, sy);
	calib_num(stdout, b.square_mm, 1);
	printf(" mm\ncalibrate with: limbvol calib camera IMAGES... --board %s --out camera.yml\n",
	       spec);
	return CLI_EXIT_OK;
}

int calib_marker(int argc, char **argv)
{
	const char *cmd = "calib marker", *v, *out = NULL, *dict = "4x4_50";
	double size_mm = 80, id = 0;
	lv_sheet_opts o = { LV_PAPER_A4, 300 };
	int r;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(marker_help, stdout);
			return CLI_EXIT_OK;
		}
		if ((r = calib_opt(cmd, argc, argv, &i, "--id", &v)) != 0) {
			if (r < 0 || cli_number(cmd, "--id", v, &id))
				return CLI_EXIT_USAGE;
			if (!(id >= 0 && id <= 1000) || id != (double)(int)id)
				return cli_usage_error(
					cmd,
					"option --id: expected a marker number 0, 1, ..., found '%s'",
					v);
		} else if ((r = calib_opt(cmd, argc, argv, &i, "--size-mm", &v)) != 0) {
			if (r < 0 || cli_number(cmd, "--size-mm", v, &size_mm))
				return CLI_EXIT_USAGE;
		} else if ((r = sheet_opt(cmd, argc, argv, &i, &dict, &o, &out)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
		} else {
			return cli_usage_error(cmd, "unexpected argument '%s'", a);
		}
	}
	if (!out)
		return cli_usage_error(cmd, "--out FILE.pdf or FILE.png is required");
	if (lv_sheet_marker(out, dict, (int)id, size_mm, &o) < 0)
		return report_write(cmd);
	printf("wrote %s: marker %s id %d, ", out, dict, (int)id);
	calib_num(stdout, size_mm, 1);
	printf(" mm\n");
	return CLI_EXIT_OK;
}
