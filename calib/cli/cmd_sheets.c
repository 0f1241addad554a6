/* limbvol calib board / marker: printable sheets at true scale. */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

static const char board_usage[] =
	"usage: limbvol calib board [--type chessboard|charuco] [--squares 10x7] [--square-mm 25]\n"
	"                           [--marker-mm MM] [--dict 4x4_50] [--paper a4|letter]\n"
	"                           [--dpi 300] --out board.pdf|board.png\n";

static const char board_about[] =
	"Writes a calibration board at true scale: a PDF page of A4 or Letter (or a\n"
	"PNG at --dpi) with a 100 mm ruler and the expected sizes printed on it.\n"
	"--squares counts squares (a 10x7 chessboard has 9x6 inner corners); ChArUco\n"
	"markers default to 3/4 of the square.  Prints the --board value to give to\n"
	"'limbvol calib camera'.\n";

static const char board_more[] =
	"example: limbvol calib board --squares 10x7 --square-mm 25 --out board.pdf\n";

static const char marker_usage[] =
	"usage: limbvol calib marker [--id 0] [--size-mm 80] [--dict 4x4_50]\n"
	"                            [--paper a4|letter] [--dpi 300] --out marker.pdf|marker.png\n";

static const char marker_about[] =
	"Writes an ArUco marker at true scale: SIZE is the side of the black square,\n"
	"border included; a white margin of 2 cells and a dashed cutting line around\n"
	"it, a 100 mm ruler and the expected size printed on the sheet.\n";

static const char marker_more[] =
	"example: limbvol calib marker --id 0 --size-mm 80 --out marker.pdf\n";

/* The options both sheets take. */
struct sheet {
	const char *dict, *out;
	lv_sheet_opts o;
};

static const struct cli_opt sheet_options[] = {
	{ CLI_STRING, "dict", 0, offsetof(struct sheet, dict), .arg = "NAME",
	  .help = "marker dictionary (default 4x4_50)" },
	{ CLI_CALL, "paper", 0, offsetof(struct sheet, o.paper), .arg = "a4|letter",
	  .set = calib_set_paper, .help = "the PDF page (default a4)" },
	{ CLI_NUMBER, "dpi", 0, offsetof(struct sheet, o.dpi), .arg = "N", .min = 50, .max = 2400,
	  .help = "resolution of a PNG sheet (default 300)" },
	{ CLI_STRING, "out", 0, offsetof(struct sheet, out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the sheet: .pdf (true scale on paper) or .png (required)" },
	{ CLI_END }
};

static void sheet_init(struct sheet *sh)
{
	sh->dict = "4x4_50";
	sh->out = NULL;
	sh->o.paper = LV_PAPER_A4;
	sh->o.dpi = 300;
}

static int squares_of(const char *text, int *x, int *y)
{
	char tail;
	return sscanf(text, "%dx%d%c", x, y, &tail) == 2 && *x >= 3 && *y >= 3 && *x <= 51 &&
		*y <= 51 && strspn(text, "0123456789x") == strlen(text);
}

struct board_args {
	struct sheet sh;
	const char *squares;
	int type; /* 0 chessboard, 1 charuco */
	double square_mm, marker_mm;
};

static const struct cli_choice board_types[] = { { "chessboard", 0 },
						 { "charuco", 1 },
						 { NULL, 0 } };

#define BOFF(field) offsetof(struct board_args, field)

static const struct cli_opt board_options[] = {
	{ CLI_CHOICE, "type", 0, BOFF(type), .choices = board_types,
	  .help = "the board (default chessboard)" },
	{ CLI_STRING, "squares", 0, BOFF(squares), .arg = "COLSxROWS",
	  .help = "squares, not inner corners (default 10x7; charuco 5x7)" },
	{ CLI_NUMBER, "square-mm", 0, BOFF(square_mm), .arg = "MM", .min = 0, .max = 1000,
	  .flags = CLI_ABOVE_MIN, .help = "side of a square (default 25; charuco 30)" },
	{ CLI_NUMBER, "marker-mm", 0, BOFF(marker_mm), .arg = "MM", .min = 0, .max = 1000,
	  .flags = CLI_ABOVE_MIN, .help = "ChArUco: side of a marker (default 3/4 of a square)" },
	{ CLI_INCLUDE, .include = sheet_options, .offset = BOFF(sh) },
	{ CLI_END }
};

static const struct cli_cmd board_cmd = { "calib board", board_usage, board_about, board_options,
					  board_more,    NULL,        NULL,        0 };

int calib_board(int argc, char **argv)
{
	const char *cmd = "calib board", *squares, *out, *dict;
	double square_mm, marker_mm;
	struct board_args a;
	lv_sheet_opts o;
	lv_board b;
	char spec[96];
	const char *type;
	int rc, sx, sy;

	memset(&a, 0, sizeof a);
	sheet_init(&a.sh);
	if ((rc = cli_parse(&board_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return rc;
	if (!a.sh.out)
		return cli_usage_error(cmd, "--out FILE.pdf or FILE.png is required");
	type = a.type ? "charuco" : "chessboard";
	squares = a.squares;
	square_mm = a.square_mm;
	marker_mm = a.marker_mm;
	out = a.sh.out;
	dict = a.sh.dict;
	o = a.sh.o;
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
		return cli_report_output(cmd);
	lv_board_format(&b, spec, sizeof spec);
	printf("wrote %s: %dx%d squares of ", out, sx, sy);
	calib_num(stdout, b.square_mm, 1);
	printf(" mm\ncalibrate with: limbvol calib camera IMAGES... --board %s --out camera.yml\n",
	       spec);
	return CLI_EXIT_OK;
}

struct marker_args {
	struct sheet sh;
	int id;
	double size_mm;
};

#define MOFF(field) offsetof(struct marker_args, field)

static const struct cli_opt marker_options[] = {
	{ CLI_INT, "id", 0, MOFF(id), .arg = "N", .min = 0, .max = 1000,
	  .help = "the marker's number in the dictionary (default 0)" },
	{ CLI_NUMBER, "size-mm", 0, MOFF(size_mm), .arg = "MM", .min = 0, .max = 1000,
	  .flags = CLI_ABOVE_MIN, .help = "side of the black square (default 80)" },
	{ CLI_INCLUDE, .include = sheet_options, .offset = MOFF(sh) },
	{ CLI_END }
};

static const struct cli_cmd marker_cmd = {
	"calib marker", marker_usage, marker_about, marker_options, marker_more, NULL, NULL, 0
};

int calib_marker(int argc, char **argv)
{
	const char *cmd = "calib marker", *out, *dict;
	struct marker_args a;
	double size_mm;
	lv_sheet_opts o;
	int rc, id;

	memset(&a, 0, sizeof a);
	sheet_init(&a.sh);
	a.size_mm = 80;
	if ((rc = cli_parse(&marker_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return rc;
	if (!a.sh.out)
		return cli_usage_error(cmd, "--out FILE.pdf or FILE.png is required");
	out = a.sh.out;
	dict = a.sh.dict;
	o = a.sh.o;
	id = a.id;
	size_mm = a.size_mm;
	if (lv_sheet_marker(out, dict, id, size_mm, &o) < 0)
		return cli_report_output(cmd);
	printf("wrote %s: marker %s id %d, ", out, dict, id);
	calib_num(stdout, size_mm, 1);
	printf(" mm\n");
	return CLI_EXIT_OK;
}
