/* limbvol calib camera: intrinsics and distortion from photos of a board. */
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"

static const char camera_usage[] =
	"usage: limbvol calib camera --board SPEC --out camera.yml [--fix-aspect] [--zero-tangent]\n"
	"                            [--fix-k3] [--format text|json] IMAGES...\n";

static const char camera_about[] =
	"Finds the board in each image (sub-pixel corners), skips the images where\n"
	"it is not found (naming them), calibrates, drops views whose reprojection\n"
	"error is an outlier and calibrates again.  Prints the RMS reprojection\n"
	"error, the error of each view and a warning when the views do not cover\n"
	"the image; writes the camera file (OpenCV YAML).\n"
	"\n"
	"SPEC: chessboard:COLSxROWS:SIZEmm (inner corners, e.g. chessboard:9x6:25mm)\n"
	"      charuco:COLSxROWS:SQUAREmm:MARKERmm[:DICT] (squares)\n"
	"All images must come from the same camera at the same resolution; at\n"
	"least 3 usable views are needed, 10 to 20 are better.\n";

static const char camera_more[] =
	"example: limbvol calib camera shots/*.jpg --board chessboard:9x6:25mm --out camera.yml\n";

static const char *base(const char *path)
{
	const char *s = strrchr(path, '/');
	return s ? s + 1 : path;
}

static void print_text(const lv_calib *c, const lv_camera *cam, const char *path, int nimg,
		       double coverage, int empty_corners)
{

	printf("views (board %s):\n", lv_camera_board(cam));
	for (size_t i = 0; i < lv_calib_count(c); i++) {
		lv_calib_view vw;
		lv_calib_view_get(c, i, &vw);
		printf("  %-24s ", base(vw.name));
		if (vw.used) {
			printf("%4d corners  ", vw.points);
			calib_num(stdout, vw.rms_px, 3);
			if (vw.points_used < vw.points)
				printf(" px  (%d %s)\n", vw.points - vw.points_used,
				       vw.points - vw.points_used == 1
					       ? "corner dropped as an outlier"
					       : "corners dropped as outliers");
			else
				printf(" px\n");
		} else {
			printf("dropped: %s\n", vw.reason);
		}
	}
	printf("views used: %d of %d\n", lv_camera_views(cam), nimg);
	printf("RMS reprojection error: ");
	calib_num(stdout, lv_camera_rms_px(cam), 3);
	printf(" px\n\n");
	calib_print_camera(stdout, cam, path);
	printf("coverage: %d %% of the image, %d of 4 image corners without a board corner\n",
	       (int)(coverage * 100 + 0.5), empty_corners);
}

static void print_json(const lv_calib *c, const lv_camera *cam, int nimg, double coverage,
		       int empty_corners, const char *out)
{
	int w, h;

	lv_camera_image_size(cam, &w, &h);
	printf("{\"camera_file\": ");
	cli_json_string(stdout, out);
	printf(", \"board\": ");
	cli_json_string(stdout, lv_camera_board(cam));
	printf(", \"image_width\": %d, \"image_height\": %d, \"images\": %d, \"views_used\": %d", w,
	       h, nimg, lv_camera_views(cam));
	printf(", \"rms_px\": ");
	calib_num(stdout, lv_camera_rms_px(cam), 4);
	calib_print_intrinsics_json(stdout, cam);
	printf(", \"coverage\": ");
	calib_num(stdout, coverage, 4);
	printf(", \"empty_corner_cells\": %d, \"views\": [", empty_corners);
	for (size_t i = 0; i < lv_calib_count(c); i++) {
		lv_calib_view vw;
		lv_calib_view_get(c, i, &vw);
		printf("%s{\"image\": ", i ? ", " : "");
		cli_json_string(stdout, vw.name);
		printf(", \"used\": %s, \"corners\": %d, \"corners_used\": %d, \"rms_px\": ",
		       vw.used ? "true" : "false", vw.points, vw.used ? vw.points_used : 0);
		if (vw.found)
			calib_num(stdout, vw.rms_px, 4);
		else
			printf("null");
		printf(", \"reason\": ");
		cli_json_string(stdout, vw.reason);
		printf("}");
	}
	printf("]}\n");
}

struct camera_args {
	const char *board, *out;
	int json, fix_aspect, zero_tangent, fix_k3;
	struct cli_operands images;
};

#define OFF(field) offsetof(struct camera_args, field)

static const struct cli_opt camera_options[] = {
	{ CLI_STRING, "board", 0, OFF(board), .arg = "SPEC",
	  .help = "the board photographed (required)" },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the camera file to write (required)" },
	{ CLI_FLAG, "fix-aspect", 0, OFF(fix_aspect), .help = "square pixels: fx = fy" },
	{ CLI_FLAG, "zero-tangent", 0, OFF(zero_tangent), .help = "no tangential distortion" },
	{ CLI_FLAG, "fix-k3", 0, OFF(fix_k3), .help = "no third radial coefficient" },
	{ CLI_CHOICE, "format", 0, OFF(json), .choices = calib_formats,
	  .help = "what is printed (default text)" },
	{ CLI_OPERANDS, .arg = "IMAGES", .offset = OFF(images) },
	{ CLI_END }
};

static const struct cli_cmd camera_cmd = {
	"calib camera", camera_usage, camera_about, camera_options, camera_more, NULL, NULL, 0
};

/* the images whose board was not found, with the reason for each */
static void report_skipped(const char *cmd, const lv_calib *c)
{
	for (size_t i = 0; i < lv_calib_count(c); i++) {
		lv_calib_view vw;
		lv_calib_view_get(c, i, &vw);
		if (!vw.found)
			fprintf(stderr, "limbvol %s: skipped %s: %s\n", cmd, vw.name, vw.reason);
	}
}

/* the usage errors found in the options before any image is read:
 * CLI_CONTINUE when there is none */
static int check_camera_args(const char *cmd, const struct camera_args *a, lv_board *board)
{
	if (!a->board || !a->out || a->images.n == 0)
		return cli_usage_error(
			cmd, "%s",
			!a->board ? "--board SPEC is required (e.g. --board chessboard:9x6:25mm)"
				: !a->out ? "--out camera.yml is required"
					  : "no images given");
	if (a->images.n > LV_CALIB_MAX_VIEWS)
		return cli_usage_error(cmd, "%d images given, at most %d", a->images.n,
				       LV_CALIB_MAX_VIEWS);
	if (lv_board_parse(a->board, board) < 0)
		return cli_usage_error(cmd, "option --board: %s", lv_error_last()->message);
	return CLI_CONTINUE;
}

/* looks for the board in every image; an image without it is only skipped
 * (listed later with its reason), any other failure stops */
static int add_images(const char *cmd, lv_calib *c, const char **images, int nimg, int tty)
{
	for (int i = 0; i < nimg; i++) {
		int r;
		if (tty)
			fprintf(stderr, "\rdetecting the board: %d/%d", i + 1, nimg);
		r = lv_calib_add_image(c, images[i]);
		if (r == LV_EIMAGE)
			continue; /* listed below with its reason */
		if (r < 0) {
			if (tty)
				fputc('\n', stderr);
			return cli_report(cmd);
		}
	}
	return CLI_EXIT_OK;
}

/* what makes the calibration doubtful, though it was written */
static void warn_quality(const char *cmd, const lv_camera *cam, double coverage, int empty_corners)
{
	if (coverage < 0.75 || empty_corners > 0)
		fprintf(stderr,
			"limbvol %s: warning: the views cover the image poorly (%d %% of a 4x4 grid, "
			"%d corner cell%s empty); distortion is least known where no board was seen: "
			"add views with the board near the edges and corners\n",
			cmd, (int)(coverage * 100 + 0.5), empty_corners,
			empty_corners == 1 ? "" : "s");
	if (lv_camera_rms_px(cam) > 1.0)
		fprintf(stderr,
			"limbvol %s: warning: RMS reprojection error above 1 px: blurred "
			"photos, a board that is not flat or a wrong --board\n",
			cmd);
}

int calib_camera(int argc, char **argv)
{
	const char *cmd = "calib camera", *out;
	struct camera_args a;
	int json;
	unsigned flags;
	lv_board board;
	lv_calib *c = NULL;
	lv_camera *cam = NULL;
	int r, nimg = 0, ret = CLI_EXIT_OK, empty_corners, tty = isatty(2);
	double coverage;

	memset(&a, 0, sizeof a);
	if ((r = cli_parse(&camera_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return r;
	out = a.out;
	json = a.json;
	flags = (a.fix_aspect ? LV_CALIB_FIX_ASPECT : 0u) |
		(a.zero_tangent ? LV_CALIB_ZERO_TANGENT : 0u) | (a.fix_k3 ? LV_CALIB_FIX_K3 : 0u);
	nimg = a.images.n;
	if ((r = check_camera_args(cmd, &a, &board)) != CLI_CONTINUE) {
		ret = r;
		goto done;
	}
	if (lv_calib_new(&c, &board) < 0) {
		ret = cli_report(cmd);
		goto done;
	}
	if ((ret = add_images(cmd, c, (const char **)a.images.v, nimg, tty)) != CLI_EXIT_OK)
		goto done;
	if (tty)
		fputs("\rcalibrating...                        \r", stderr);
	if (lv_calib_solve(c, flags, &cam) < 0) {
		report_skipped(cmd, c);
		ret = cli_report(cmd);
		goto done;
	}
	if (lv_camera_write(cam, out) < 0) {
		ret = cli_report_output(cmd);
		if (ret == CLI_EXIT_IO)
			ret = CLI_EXIT_CANTCREAT;
		goto done;
	}

	coverage = lv_calib_coverage(c, &empty_corners);
	report_skipped(cmd, c);
	if (json)
		print_json(c, cam, nimg, coverage, empty_corners, out);
	else
		print_text(c, cam, out, nimg, coverage, empty_corners);
	warn_quality(cmd, cam, coverage, empty_corners);
	if (!json)
		printf("wrote %s\n", out);
done:
	lv_camera_free(cam);
	lv_calib_free(c);
	return ret;
}
