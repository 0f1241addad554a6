/*
 * limbvol calib check: verify the scale of a setup with a printed marker.
 *
 * The first --marker defines the plane and the scale (its pose from its
 * corners and the camera file maps image points to the marker plane in
 * mm; imaging.md, Markers: SOLVEPNP_IPPE_SQUARE).  Every
 * further length in that plane (a second marker, or two points a known
 * distance apart given with --known-mm) is measured through it and compared
 * with its true length: the scale error in %.  A wrong print size or a bad
 * camera file shows up there before a patient is measured.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "calib_cli.h"
#include "limbvol/mat3.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"

#define MAX_ITEMS 8
#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static const char check_usage[] =
	"usage: limbvol calib check --camera camera.yml --marker ID:SIZE_MM\n"
	"                           [--marker ID:SIZE_MM ...] [--known-mm LEN:X1,Y1,X2,Y2 ...]\n"
	"                           [--dict 4x4_50] [--tolerance 1] [--format text|json] IMAGE\n";

static const char check_about[] =
	"Finds the marker (SIZE_MM: its black square, border included) in IMAGE,\n"
	"removes the lens distortion with the camera file and measures, in the\n"
	"plane of that marker, every further length: other markers given with\n"
	"--marker, and distances between two image points (pixels, as shown by an\n"
	"image viewer) whose true length is LEN mm, given with --known-mm.  Reports\n"
	"the scale error of each in % and fails (exit 1) when one exceeds the\n"
	"tolerance (1 % by default).  Also reports the marker's size in pixels,\n"
	"its distance and tilt (pose by SOLVEPNP_IPPE_SQUARE).\n";

static const char check_more[] =
	"example: limbvol calib check --camera camera.yml setup.jpg --marker 0:80 \\\n"
	"             --known-mm 100:412,880,1630,874\n";

struct item {
	const char *label;
	char text[64];
	double true_mm, measured_mm, error_pct;
};

/* H = inverse of K [r1 r2 t]: undistorted pixels to the marker plane (mm). */
static int plane_from_pose(const double K[9], const double R[9], const double t[3], double H[9])
{
	/* [r1 r2 t] */
	double A[9] = { R[0], R[1], t[0], R[3], R[4], t[1], R[6], R[7], t[2] }, P[9];
	lv_mat3_mul(K, A, P);
	if (lv_mat3_inverse(P, H) < 0) {
		lv_error_clear(); /* the caller falls back to the 4-corner homography */
		return -1;
	}
	return 0;
}

/* "LEN:X1,Y1,X2,Y2" */
static int parse_known(const char *text, double *len, double xy[4])
{
	const char *p = strchr(text, ':');
	int k = 0;
	if (!p || lv_number_parse(text, (size_t)(p - text), LV_NUMBER_COMMA, len) < 0 ||
	    !(*len > 0))
		goto bad;
	p++;
	for (k = 0; k < 4; k++) {
		const char *e = strchr(p, ',');
		size_t n = e ? (size_t)(e - p) : strlen(p);
		if ((k < 3) != (e != NULL) || lv_number_parse(p, n, 0, &xy[k]) < 0)
			goto bad;
		p = e ? e + 1 : p + n;
	}
	return 0;
bad:
	lv_error_clear();
	return -1;
}

struct check_args {
	const char *camera, *dict;
	struct cli_marker marker[MAX_ITEMS];
	int nmark, nknown, json;
	double known_len[MAX_ITEMS], known_xy[MAX_ITEMS][4], tol;
	struct cli_operands images;
};

static int add_marker(struct cli_parser *p, void *base, const char *v)
{
	struct check_args *a = base;
	if (a->nmark == MAX_ITEMS)
		return cli_fail(p, "at most %d markers", MAX_ITEMS);
	if (cli_set_marker(p, &a->marker[a->nmark], v) < 0)
		return -1;
	a->nmark++;
	return 0;
}

static int add_known(struct cli_parser *p, void *base, const char *v)
{
	struct check_args *a = base;
	if (a->nknown == MAX_ITEMS)
		return cli_fail(p, "at most %d lengths", MAX_ITEMS);
	if (parse_known(v, &a->known_len[a->nknown], a->known_xy[a->nknown]) < 0)
		return cli_fail(p,
				"expected LEN:X1,Y1,X2,Y2 (a length in mm and two image points in "
				"pixels, e.g. 100:412,880,1630,874), found '%.60s'",
				v);
	a->nknown++;
	return 0;
}

#define OFF(field) offsetof(struct check_args, field)

static const struct cli_opt check_options[] = {
	{ CLI_STRING, "camera", 0, OFF(camera), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the camera file (required)" },
	{ CLI_CALL, "marker", 0, .arg = "ID:SIZE_MM", .set = add_marker, .flags = CLI_REPEAT,
	  .help = "a marker: the first sets the plane and the scale, each\n"
		  "further one is measured (repeatable)" },
	{ CLI_CALL, "known-mm", 0, .arg = "LEN:X1,Y1,X2,Y2", .set = add_known, .flags = CLI_REPEAT,
	  .help = "two image points LEN mm apart, measured (repeatable)" },
	{ CLI_STRING, "dict", 0, OFF(dict), .arg = "NAME",
	  .help = "marker dictionary (default 4x4_50)" },
	{ CLI_NUMBER, "tolerance", 0, OFF(tol), .arg = "PCT", .min = 0, .max = 50,
	  .flags = CLI_ABOVE_MIN, .help = "the scale error that fails the check (default 1 %)" },
	{ CLI_CHOICE, "format", 0, OFF(json), .choices = calib_formats,
	  .help = "what is printed (default text)" },
	{ CLI_OPERANDS, .arg = "IMAGE", .offset = OFF(images) },
	{ CLI_END }
};

static const struct cli_cmd check_cmd = { "calib check", check_usage, check_about, check_options,
					  check_more,    NULL,        NULL,        0 };

int calib_check(int argc, char **argv)
{
	const char *cmd = "calib check", *camera_path, *image_path, *dict;
	struct check_args a;
	int ids[MAX_ITEMS], nmark, nknown, r, ret = CLI_EXIT_OK, dict_id, dict_size, nfound = 0;
	double sizes[MAX_ITEMS], known_len[MAX_ITEMS], known_xy[MAX_ITEMS][4], tol;
	lv_camera *cam = NULL;
	cvs_image *img = NULL;
	cvs_view pix;
	cvs_calib_marker found[64];
	struct item items[2 * MAX_ITEMS];
	int nitems = 0, json, failed = 0;

	memset(&a, 0, sizeof a);
	a.dict = "4x4_50";
	a.tol = 1;
	if ((r = cli_parse(&check_cmd, argc, argv, &a)) != CLI_CONTINUE)
		return r;
	if (a.images.n > 1)
		return cli_usage_error(cmd, "one image only ('%s' and '%s' given)", a.images.v[0],
				       a.images.v[1]);
	camera_path = a.camera;
	image_path = a.images.n ? a.images.v[0] : NULL;
	dict = a.dict;
	tol = a.tol;
	nmark = a.nmark;
	nknown = a.nknown;
	for (int k = 0; k < nmark; k++) {
		ids[k] = a.marker[k].id;
		sizes[k] = a.marker[k].size_mm;
	}
	for (int k = 0; k < nknown; k++) {
		known_len[k] = a.known_len[k];
		memcpy(known_xy[k], a.known_xy[k], sizeof known_xy[k]);
	}
	json = a.json;
	if (!camera_path)
		return cli_usage_error(cmd, "--camera camera.yml is required");
	if (!image_path)
		return cli_usage_error(cmd, "no image given");
	if (!nmark)
		return cli_usage_error(cmd, "--marker ID:SIZE_MM is required (e.g. --marker 0:80)");
	if (cvs_aruco_dictionary(dict, &dict_id, &dict_size) < 0)
		return cli_usage_error(cmd, "option --dict: %s", lv_error_last()->message);

	if (lv_camera_read(&cam, camera_path) < 0 ||
	    cvs_image_read(&img, image_path, CVS_READ_GRAY) < 0) {
		ret = cli_report(cmd);
		goto done;
	}
	cvs_image_view(img, &pix);
	if (lv_camera_check_size(cam, pix.width, pix.height) < 0) {
		lv_error_locate(image_path, 0, 0);
		ret = cli_report(cmd);
		goto done;
	}
	if (cvs_calib_markers(img, dict_id, found, 64, &nfound) < 0) {
		ret = cli_report(cmd);
		goto done;
	}
	{
		const double *K = lv_camera_matrix(cam);
		size_t nd;
		const double *dist = lv_camera_distortion(cam, &nd);
		double und[MAX_ITEMS][8], H[9], H4[9], R[9], t[3], rms, side_px = 0, s = sizes[0],
									disagree = 0;
		double plane[8] = { 0, 0, s, 0, s, s, 0, s };
		int idx[MAX_ITEMS];

		for (int m = 0; m < nmark; m++) {
			idx[m] = -1;
			for (int k = 0; k < nfound; k++)
				if (found[k].id == ids[m]) {
					if (idx[m] >= 0) {
						lv_error_set(LV_EIMAGE,
							     "marker %d appears twice in the image",
							     ids[m]);
						goto report;
					}
					idx[m] = k;
				}
			if (idx[m] < 0) {
				lv_error_set(
					LV_EIMAGE,
					"marker %d (dictionary %s) not found in the image (%d other marker%s seen); "
					"is it whole, flat, sharp and in the light, with its white margin?",
					ids[m], dict, nfound, nfound == 1 ? "" : "s");
				goto report;
			}
			if (cvs_calib_undistort_points(K, dist, (int)nd, found[idx[m]].corners, 4,
						       und[m]) < 0)
				goto report;
		}
		if (cvs_calib_marker_pose(found[idx[0]].corners, s, K, dist, (int)nd, R, t, &rms) <
		    0)
			goto report;
		/* The plane from the marker's pose and the camera matrix:
		 * undistorted pixel ~ K [r1 r2 t] (X, Y, 1).  It has 6 degrees of
		 * freedom where a homography fitted to the 4 corners has 8, so
		 * corner noise is amplified less over lengths beyond the marker;
		 * the homography serves when the pose is degenerate. */
		if (cvs_calib_homography(und[0], plane, 4, H4) < 0)
			goto report;
		if (plane_from_pose(K, R, t, H) < 0)
			memcpy(H, H4, sizeof H);
		for (int j = 0; j < 4; j++)
			side_px += hypot(und[0][2 * ((j + 1) % 4)] - und[0][2 * j],
					 und[0][2 * ((j + 1) % 4) + 1] - und[0][2 * j + 1]) /
				4;
		for (int m = 1; m < nmark; m++) {
			struct item *it = &items[nitems++];
			double P[8], meas = 0;
			for (int j = 0; j < 4; j++)
				lv_homography_map(H, und[m][2 * j], und[m][2 * j + 1], &P[2 * j],
						  &P[2 * j + 1]);
			double Q[8], meas4 = 0;
			for (int j = 0; j < 4; j++)
				lv_homography_map(H4, und[m][2 * j], und[m][2 * j + 1], &Q[2 * j],
						  &Q[2 * j + 1]);
			for (int j = 0; j < 4; j++) {
				meas += hypot(P[2 * ((j + 1) % 4)] - P[2 * j],
					      P[2 * ((j + 1) % 4) + 1] - P[2 * j + 1]) /
					4;
				meas4 += hypot(Q[2 * ((j + 1) % 4)] - Q[2 * j],
					       Q[2 * ((j + 1) % 4) + 1] - Q[2 * j + 1]) /
					4;
			}
			disagree = fmax(disagree, fabs(meas4 - meas) / meas);
			it->label = "marker";
			snprintf(it->text, sizeof it->text, "marker %d", ids[m]);
			it->true_mm = sizes[m];
			it->measured_mm = meas;
		}
		for (int k = 0; k < nknown; k++) {
			struct item *it = &items[nitems++];
			double u[4], X1, Y1, X2, Y2;
			if (cvs_calib_undistort_points(K, dist, (int)nd, known_xy[k], 2, u) < 0)
				goto report;
			lv_homography_map(H, u[0], u[1], &X1, &Y1);
			lv_homography_map(H, u[2], u[3], &X2, &Y2);
			{
				double A1, B1, A2, B2, l4, l = hypot(X2 - X1, Y2 - Y1);
				lv_homography_map(H4, u[0], u[1], &A1, &B1);
				lv_homography_map(H4, u[2], u[3], &A2, &B2);
				l4 = hypot(A2 - A1, B2 - B1);
				if (l > 0)
					disagree = fmax(disagree, fabs(l4 - l) / l);
			}
			it->label = "known";
			snprintf(it->text, sizeof it->text, "known length %d", k + 1);
			it->true_mm = known_len[k];
			it->measured_mm = hypot(X2 - X1, Y2 - Y1);
		}
		for (int k = 0; k < nitems; k++) {
			items[k].error_pct =
				100 * (items[k].measured_mm - items[k].true_mm) / items[k].true_mm;
			failed += !(fabs(items[k].error_pct) <= tol);
		}

		{
			double dist_mm = sqrt(t[0] * t[0] + t[1] * t[1] + t[2] * t[2]);
			double tilt = acos(fmin(1, fabs(R[8]))) * 180 / M_PI;
			/* imaging.md: 1 px of corner error over the marker's side */
			double px_pct = 100 / side_px;
			if (json) {
				printf("{\"image\": ");
				cli_json_string(stdout, image_path);
				printf(", \"marker\": {\"id\": %d, \"size_mm\": ", ids[0]);
				calib_num(stdout, s, 3);
				printf(", \"side_px\": ");
				calib_num(stdout, side_px, 2);
				printf(", \"mm_per_px\": ");
				calib_num(stdout, s / side_px, 5);
				printf(", \"distance_mm\": ");
				calib_num(stdout, dist_mm, 1);
				printf(", \"tilt_deg\": ");
				calib_num(stdout, tilt, 1);
				printf(", \"reprojection_px\": ");
				calib_num(stdout, rms, 3);
				printf(", \"scale_pct_per_px\": ");
				calib_num(stdout, px_pct, 3);
				printf("}, \"lengths\": [");
				for (int k = 0; k < nitems; k++) {
					printf("%s{\"what\": ", k ? ", " : "");
					cli_json_string(stdout, items[k].text);
					printf(", \"true_mm\": ");
					calib_num(stdout, items[k].true_mm, 3);
					printf(", \"measured_mm\": ");
					calib_num(stdout, items[k].measured_mm, 3);
					printf(", \"scale_error_pct\": ");
					calib_num(stdout, items[k].error_pct, 3);
					printf("}");
				}
				printf("], \"tolerance_pct\": ");
				calib_num(stdout, tol, 3);
				printf(", \"ok\": %s}\n", failed ? "false" : "true");
			} else {
				printf("marker %d: ", ids[0]);
				calib_num(stdout, s, 1);
				printf(" mm over ");
				calib_num(stdout, side_px, 1);
				printf(" px (");
				calib_num(stdout, s / side_px, 4);
				printf(" mm/px), distance ");
				calib_num(stdout, dist_mm, 0);
				printf(" mm, tilt ");
				calib_num(stdout, tilt, 1);
				printf(" deg\ncorner fit: ");
				calib_num(stdout, rms, 2);
				printf(" px RMS; 1 px of corner error = ");
				calib_num(stdout, px_pct, 2);
				printf(" %% of the scale\n");
				for (int k = 0; k < nitems; k++) {
					printf("%s: true ", items[k].text);
					calib_num(stdout, items[k].true_mm, 1);
					printf(" mm, measured ");
					calib_num(stdout, items[k].measured_mm, 2);
					printf(" mm, scale error ");
					if (items[k].error_pct >= 0)
						putchar('+');
					calib_num(stdout, items[k].error_pct, 2);
					printf(" %%%s\n",
					       fabs(items[k].error_pct) <= tol
						       ? ""
						       : "  (over the tolerance)");
				}
				if (!nitems)
					printf("no second length: give --known-mm or a second --marker to measure "
					       "the scale error\n");
				else {
					printf("%s (tolerance ", failed ? "FAILED" : "ok");
					calib_num(stdout, tol, 1);
					printf(" %%)\n");
				}
			}
			if (side_px < 100)
				fprintf(stderr,
					"limbvol %s: warning: the marker spans only %.0f px; 1 px of "
					"corner error is %.1f %% of the scale: move closer or print it larger\n",
					cmd, side_px, px_pct);
			if (rms > 1)
				fprintf(stderr,
					"limbvol %s: warning: the marker's corners fit a flat square "
					"poorly (%.1f px): is the card flat, and is the camera file for this camera?\n",
					cmd, rms);
			/* imaging.md: a square seen nearly straight on has two
			 * poses; when the pose's plane and the 4-corner homography
			 * disagree on the lengths, the plane is uncertain */
			if (100 * disagree > tol / 2)
				fprintf(stderr,
					"limbvol %s: warning: the marker's plane is uncertain (two "
					"estimates differ by %.2f %%): use a larger marker, or tilt it a little\n",
					cmd, 100 * disagree);
			if (tilt > 45)
				fprintf(stderr,
					"limbvol %s: warning: the marker is tilted %.0f deg from the "
					"camera; hold it facing the camera\n",
					cmd, tilt);
		}
		ret = failed ? CLI_EXIT_SOME_FAILED : CLI_EXIT_OK;
		goto done;
	}
report:
	lv_error_locate(image_path, 0, 0);
	ret = cli_report(cmd);
done:
	cvs_image_free(img);
	lv_camera_free(cam);
	return ret;
}
