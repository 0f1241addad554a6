/* limbvol calib show / undistort: use a camera file. */
#include <math.h>
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

static const char show_help[] =
	"usage: limbvol calib show [--format text|json] camera.yml\n"
	"\n"
	"A readable summary of a camera file: image size, focal length, principal\n"
	"point, field of view, distortion, reprojection error, board, date, views.\n";

static const char undistort_help[] =
	"usage: limbvol calib undistort --camera camera.yml IN OUT\n"
	"\n"
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

int calib_show(int argc, char **argv)
{
	const char *cmd = "calib show", *v, *path = NULL, *format = "text";
	lv_camera *cam = NULL;
	const double *K;
	int r, w, h;
	double fovx, fovy;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(show_help, stdout);
			return CLI_EXIT_OK;
		}
		if ((r = calib_opt(cmd, argc, argv, &i, "--format", &v)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
			if (strcmp(v, "text") && strcmp(v, "json"))
				return cli_usage_error(
					cmd, "option --format: expected text or json, found '%s'",
					v);
			format = v;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (path) {
			return cli_usage_error(cmd, "one camera file only");
		} else {
			path = a;
		}
	}
	if (!path)
		return cli_usage_error(cmd, "no camera file given");
	if (lv_camera_read(&cam, path) < 0)
		return cli_report(cmd);
	K = lv_camera_matrix(cam);
	lv_camera_image_size(cam, &w, &h);
	fovx = 2 * atan(w / (2 * K[0])) * 180 / M_PI;
	fovy = 2 * atan(h / (2 * K[4])) * 180 / M_PI;
	if (!strcmp(format, "json")) {
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
	const char *cmd = "calib undistort", *v, *camera_path = NULL, *paths[2] = { NULL, NULL };
	lv_camera *cam = NULL;
	cvs_image *in = NULL, *out = NULL;
	cvs_view pix;
	int r, n = 0, ret = CLI_EXIT_OK;
	size_t nd;
	const double *d;

	for (int i = 1; i < argc; i++) {
		const char *a = argv[i];
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(undistort_help, stdout);
			return CLI_EXIT_OK;
		}
		if ((r = calib_opt(cmd, argc, argv, &i, "--camera", &v)) != 0) {
			if (r < 0)
				return CLI_EXIT_USAGE;
			camera_path = v;
		} else if (a[0] == '-' && a[1]) {
			return cli_usage_error(cmd, "unknown option '%s'", a);
		} else if (n == 2) {
			return cli_usage_error(cmd, "expected IN OUT, found a third path '%s'", a);
		} else {
			paths[n++] = a;
		}
	}
	if (!camera_path)
		return cli_usage_error(cmd, "--camera camera.yml is required");
	if (n != 2)
		return cli_usage_error(cmd, "expected an input and an output image");
	if (lv_camera_read(&cam, camera_path) < 0 ||
	    cvs_image_read(&in, paths[0], CVS_READ_COLOR) < 0)
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
		ret = cli_report(cmd);
		if (ret == CLI_EXIT_IO)
			ret = CLI_EXIT_CANTCREAT;
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
	return ret;
}
