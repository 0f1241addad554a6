/* limbvol calib show / undistort: use a camera file. */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_calib.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char show_usage[] = "usage: limbvol calib show [--format text|json] camera.yml\n";

static const char show_about[] =
	"A readable summary of a camera file: image size, focal length, principal\n"
	"point, field of view, distortion, reprojection error, board, date, views.\n";

/* Standard input is copied to a file for the image decoder, at most this. */
#define UNDISTORT_STDIN_MAX_BYTES ((size_t)256 << 20)

static const char undistort_usage[] = "usage: limbvol calib undistort --camera camera.yml IN OUT\n";

static const char undistort_about[] =
	"Writes IN without lens distortion to OUT (.png or .jpg), same size and\n"
	"camera matrix.  IN must have the image size of the camera file.\n";

/* ', "fx": .., "fy": .., "cx": .., "cy": .., "distortion": [..]' of a camera. */
void calib_print_intrinsics_json(FILE *f, const lv_camera *cam)
{
	const double *K = lv_camera_matrix(cam), *d;
	size_t nd;
	const char *names[4] = { "fx", "fy", "cx", "cy" };
	const int at[4] = { 0, 4, 2, 5 };

	d = lv_camera_distortion(cam, &nd);
	for (int i = 0; i < 4; i++) {
		fprintf(f, ", \"%s\": ", names[i]);
		calib_num(f, K[at[i]], 4);
	}
	fprintf(f, ", \"distortion\": [");
	for (size_t k = 0; k < nd; k++) {
		fprintf(f, "%s", k ? ", " : "");
		calib_num(f, d[k], 8);
	}
	fputc(']', f);
}

/* The text summary of a camera file (calib show, and calib camera after calibrating). */
void calib_print_camera(FILE *f, const lv_camera *cam, const char *path)
{
	const double *K = lv_camera_matrix(cam), *d;
	size_t nd;
	int w, h;
	double fovx, fovy;

	d = lv_camera_distortion(cam, &nd);
	lv_camera_image_size(cam, &w, &h);
	fovx = 2 * atan(w / (2 * K[0])) * 180 / M_PI;
	fovy = 2 * atan(h / (2 * K[4])) * 180 / M_PI;
	fprintf(f, "camera file:     %s\nimage size:      %dx%d px\nfocal length:    fx ", path, w,
		h);
	calib_num(f, K[0], 2);
	fprintf(f, " px, fy ");
	calib_num(f, K[4], 2);
	fprintf(f, " px\nprincipal point: ");
	calib_num(f, K[2], 2);
	fprintf(f, ", ");
	calib_num(f, K[5], 2);
	fprintf(f, " px (image centre ");
	calib_num(f, w / 2.0, 1);
	fprintf(f, ", ");
	calib_num(f, h / 2.0, 1);
	fprintf(f, ")\nfield of view:   ");
	calib_num(f, fovx, 1);
	fprintf(f, " x ");
	calib_num(f, fovy, 1);
	fprintf(f, " deg\ndistortion:     ");
	for (size_t k = 0; k < nd; k++) {
		fputc(' ', f);
		calib_num(f, d[k], 6);
	}
	fprintf(f, " (k1 k2 p1 p2 k3 ...)\nRMS error:       ");
	if (lv_camera_rms_px(cam) >= 0) {
		calib_num(f, lv_camera_rms_px(cam), 3);
		fprintf(f, " px\n");
	} else {
		fprintf(f, "not recorded\n");
	}
	fprintf(f, "board:           %s\ndate:            %s\nviews used:      ",
		lv_camera_board(cam)[0] ? lv_camera_board(cam) : "not recorded",
		lv_camera_date(cam)[0] ? lv_camera_date(cam) : "not recorded");
	if (lv_camera_views(cam) > 0)
		fprintf(f, "%d\n", lv_camera_views(cam));
	else
		fprintf(f, "not recorded\n");
}

struct file_args {
	const char *camera;
	int json;
	struct cli_operands files;
};

#define OFF(field) offsetof(struct file_args, field)

static const struct cli_opt show_options[] = {
	{ CLI_CHOICE, "format", 0, OFF(json), .choices = calib_formats,
	  .help = "what is printed (default text)" },
	{ CLI_OPERANDS, .arg = "camera.yml", .offset = OFF(files) },
	{ CLI_END }
};

static const struct cli_cmd show_cmd = { "calib show", show_usage, show_about, show_options,
					 NULL,         NULL,       NULL,       0 };

static const struct cli_opt undistort_options[] = {
	{ CLI_STRING, "camera", 0, OFF(camera), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the camera file (required)" },
	{ CLI_OPERANDS, .arg = "IN OUT", .offset = OFF(files) },
	{ CLI_END }
};

static const struct cli_cmd undistort_cmd = {
	"calib undistort", undistort_usage, undistort_about, undistort_options, NULL, NULL, NULL, 0
};

int calib_show(int argc, char **argv)
{
	const char *cmd = "calib show", *path;
	struct file_args a;
	lv_camera *cam = NULL;
	const double *K;
	int r, w, h;
	double fovx, fovy;

	memset(&a, 0, sizeof a);
	if ((r = cli_parse(&show_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return r;
	if (a.files.n > 1)
		return cli_usage_error(cmd, "one camera file only");
	path = a.files.n ? a.files.v[0] : NULL;
	if (!path)
		return cli_usage_error(cmd, "no camera file given");
	if (!strcmp(path, "-")) { /* standard input: at most a camera file's size */
		char file[4200];
		if ((r = cli_stdin_file(cmd, "stdin-camera.yml", (size_t)1 << 20, file,
					sizeof file)) != CLI_EXIT_OK)
			return r;
		r = lv_camera_read(&cam, file);
		cli_stdin_file_remove(file);
		if (r < 0) {
			lv_error_locate("-", lv_error_last()->line, lv_error_last()->column);
			return cli_report(cmd);
		}
	} else if (lv_camera_read(&cam, path) < 0) {
		return cli_report(cmd);
	}
	K = lv_camera_matrix(cam);
	lv_camera_image_size(cam, &w, &h);
	fovx = 2 * atan(w / (2 * K[0])) * 180 / M_PI;
	fovy = 2 * atan(h / (2 * K[4])) * 180 / M_PI;
	if (a.json) {
		printf("{\"file\": ");
		cli_json_string(stdout, path);
		printf(", \"image_width\": %d, \"image_height\": %d", w, h);
		calib_print_intrinsics_json(stdout, cam);
		printf(", \"fov_x_deg\": ");
		calib_num(stdout, fovx, 2);
		printf(", \"fov_y_deg\": ");
		calib_num(stdout, fovy, 2);
		printf(", \"rms_px\": ");
		if (lv_camera_rms_px(cam) >= 0)
			calib_num(stdout, lv_camera_rms_px(cam), 4);
		else
			printf("null");
		printf(", \"board\": ");
		cli_json_string(stdout, lv_camera_board(cam));
		printf(", \"date\": ");
		cli_json_string(stdout, lv_camera_date(cam));
		printf(", \"views\": %d}\n", lv_camera_views(cam));
	} else {
		calib_print_camera(stdout, cam, path);
	}
	lv_camera_free(cam);
	return CLI_EXIT_OK;
}

int calib_undistort(int argc, char **argv)
{
	const char *cmd = "calib undistort", *camera_path, *paths[2] = { NULL, NULL };
	struct file_args a;
	lv_camera *cam = NULL;
	cvs_image *in = NULL, *out = NULL;
	cvs_view pix;
	int r, n = 0, ret = CLI_EXIT_OK;
	size_t nd;
	const double *d;
	char stdin_image[4200] = "";
	const char *in_file;

	memset(&a, 0, sizeof a);
	if ((r = cli_parse(&undistort_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return r;
	if (a.files.n > 2)
		return cli_usage_error(cmd, "expected IN OUT, found a third path '%s'",
				       a.files.v[2]);
	camera_path = a.camera;
	n = a.files.n;
	for (int k = 0; k < n; k++)
		paths[k] = a.files.v[k];
	if (!camera_path)
		return cli_usage_error(cmd, "--camera camera.yml is required");
	if (n != 2)
		return cli_usage_error(cmd, "expected an input and an output image");
	in_file = paths[0];
	if (!strcmp(paths[0], "-")) { /* standard input, copied for the decoder */
		if ((ret = cli_stdin_file(cmd, "stdin-image", UNDISTORT_STDIN_MAX_BYTES,
					  stdin_image, sizeof stdin_image)) != CLI_EXIT_OK) {
			stdin_image[0] = '\0';
			goto done;
		}
		in_file = stdin_image;
	}
	if (lv_camera_read(&cam, camera_path) < 0 ||
	    cvs_image_read(&in, in_file, CVS_READ_COLOR) < 0)
		goto report;
	cvs_image_view(in, &pix);
	if (lv_camera_check_size(cam, pix.width, pix.height) < 0) {
		lv_error_locate(paths[0], 0, 0);
		goto report;
	}
	d = lv_camera_distortion(cam, &nd);
	if (cvs_calib_undistort(in, lv_camera_matrix(cam), d, (int)nd, &out) < 0)
		goto report;
	if (cvs_image_write(out, paths[1]) < 0) {
		ret = cli_report_output(cmd);
		goto done;
	}
	printf("wrote %s\n", paths[1]);
	goto done;
report:
	ret = cli_report(cmd);
done:
	cvs_image_free(in);
	cvs_image_free(out);
	lv_camera_free(cam);
	if (stdin_image[0])
		cli_stdin_file_remove(stdin_image);
	return ret;
}
