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

/* One check: its options, what it read and what it measured. */
struct check_run {
	struct check_args a;
	const char *image_name; /* as given ("-": standard input) */
	char stdin_image[4200]; /* the copy of standard input, or "" */
	int dict_id;
	lv_camera *cam;
	cvs_image *img;
	const double *K, *dist;
	size_t nd;
	double und[MAX_ITEMS][8]; /* each marker's corners without distortion */
	double H[9], H4[9], R[9], t[3], rms, side_px, disagree;
	struct item items[2 * MAX_ITEMS];
	int nitems, failed;
};

/* Standard input is copied to a file for the image decoder, at most this. */
#define CHECK_STDIN_MAX_BYTES ((size_t)256 << 20)

/* Options checked, camera file and image read: CLI_CONTINUE or an exit code. */
static int check_setup(struct check_run *c, int argc, char **argv)
{
	const char *cmd = "calib check", *image;
	int r, dict_size;

	c->a.dict = "4x4_50";
	c->a.tol = 1;
	if ((r = cli_parse(&check_cmd, argc, argv, &c->a)) != CLI_CONTINUE)
		return r;
	if (c->a.images.n > 1)
		return cli_usage_error(cmd, "one image only ('%s' and '%s' given)",
				       c->a.images.v[0], c->a.images.v[1]);
	if (!c->a.camera)
		return cli_usage_error(cmd, "--camera camera.yml is required");
	if (!c->a.images.n)
		return cli_usage_error(cmd, "no image given");
	if (!c->a.nmark)
		return cli_usage_error(cmd, "--marker ID:SIZE_MM is required (e.g. --marker 0:80)");
	if (cvs_aruco_dictionary(c->a.dict, &c->dict_id, &dict_size) < 0)
		return cli_usage_error(cmd, "option --dict: %s", lv_error_last()->message);
	c->image_name = image = c->a.images.v[0];
	if (!strcmp(image, "-")) {
		if ((r = cli_stdin_file(cmd, "stdin-image", CHECK_STDIN_MAX_BYTES, c->stdin_image,
					sizeof c->stdin_image)) != CLI_EXIT_OK) {
			c->stdin_image[0] = '\0';
			return r;
		}
		image = c->stdin_image;
	}
	if (lv_camera_read(&c->cam, c->a.camera) < 0 ||
	    cvs_image_read(&c->img, image, CVS_READ_GRAY) < 0)
		return cli_report(cmd);
	c->K = lv_camera_matrix(c->cam);
	c->dist = lv_camera_distortion(c->cam, &c->nd);
	return CLI_CONTINUE;
}

/* Each --marker found once; idx[m] its place in found[], und[m] its corners. */
static int find_markers(struct check_run *c, const cvs_calib_marker *found, int nfound,
			int idx[MAX_ITEMS])
{
	for (int m = 0; m < c->a.nmark; m++) {
		int id = c->a.marker[m].id;
		idx[m] = -1;
		for (int k = 0; k < nfound; k++)
			if (found[k].id == id) {
				if (idx[m] >= 0)
					return lv_error_set(LV_EIMAGE,
							    "marker %d appears twice in the image",
							    id);
				idx[m] = k;
			}
		if (idx[m] < 0)
			return lv_error_set(
				LV_EIMAGE,
				"marker %d (dictionary %s) not found in the image (%d other marker%s "
				"seen); is it whole, flat, sharp and in the light, with its white "
				"margin?",
				id, c->a.dict, nfound, nfound == 1 ? "" : "s");
		if (cvs_calib_undistort_points(c->K, c->dist, (int)c->nd, found[idx[m]].corners, 4,
					       c->und[m]) < 0)
			return -1;
	}
	return 0;
}

/*
 * The plane of the first marker from its pose and the camera matrix:
 * undistorted pixel ~ K [r1 r2 t] (X, Y, 1).  It has 6 degrees of freedom
 * where a homography fitted to the 4 corners has 8, so corner noise is
 * amplified less over lengths beyond the marker; the homography H4 serves
 * when the pose is degenerate (and tells how certain the plane is).
 */
static int marker_plane(struct check_run *c, const cvs_calib_marker *first)
{
	double s = c->a.marker[0].size_mm;
	double plane[8] = { 0, 0, s, 0, s, s, 0, s };
	const double *u = c->und[0];

	if (cvs_calib_marker_pose(first->corners, s, c->K, c->dist, (int)c->nd, c->R, c->t,
				  &c->rms) < 0 ||
	    cvs_calib_homography(u, plane, 4, c->H4) < 0)
		return -1;
	if (plane_from_pose(c->K, c->R, c->t, c->H) < 0)
		memcpy(c->H, c->H4, sizeof c->H);
	c->side_px = 0;
	for (int j = 0; j < 4; j++)
		c->side_px += hypot(u[2 * ((j + 1) % 4)] - u[2 * j],
				    u[2 * ((j + 1) % 4) + 1] - u[2 * j + 1]) /
			4;
	return 0;
}

/* The mean side in mm of four image corners mapped by homography H. */
static double mean_side_mm(const double H[9], const double und[8])
{
	double P[8], side = 0;

	for (int j = 0; j < 4; j++)
		lv_homography_map(H, und[2 * j], und[2 * j + 1], &P[2 * j], &P[2 * j + 1]);
	for (int j = 0; j < 4; j++)
		side += hypot(P[2 * ((j + 1) % 4)] - P[2 * j],
			      P[2 * ((j + 1) % 4) + 1] - P[2 * j + 1]) /
			4;
	return side;
}

/* Every further marker and --known-mm length measured in the plane. */
static int measure(struct check_run *c)
{
	for (int m = 1; m < c->a.nmark; m++) {
		struct item *it = &c->items[c->nitems++];
		double meas = mean_side_mm(c->H, c->und[m]), meas4 = mean_side_mm(c->H4, c->und[m]);
		c->disagree = fmax(c->disagree, fabs(meas4 - meas) / meas);
		it->label = "marker";
		snprintf(it->text, sizeof it->text, "marker %d", c->a.marker[m].id);
		it->true_mm = c->a.marker[m].size_mm;
		it->measured_mm = meas;
	}
	for (int k = 0; k < c->a.nknown; k++) {
		struct item *it = &c->items[c->nitems++];
		double u[4], X1, Y1, X2, Y2, A1, B1, A2, B2, l, l4;
		if (cvs_calib_undistort_points(c->K, c->dist, (int)c->nd, c->a.known_xy[k], 2, u) <
		    0)
			return -1;
		lv_homography_map(c->H, u[0], u[1], &X1, &Y1);
		lv_homography_map(c->H, u[2], u[3], &X2, &Y2);
		lv_homography_map(c->H4, u[0], u[1], &A1, &B1);
		lv_homography_map(c->H4, u[2], u[3], &A2, &B2);
		l = hypot(X2 - X1, Y2 - Y1);
		l4 = hypot(A2 - A1, B2 - B1);
		if (l > 0)
			c->disagree = fmax(c->disagree, fabs(l4 - l) / l);
		it->label = "known";
		snprintf(it->text, sizeof it->text, "known length %d", k + 1);
		it->true_mm = c->a.known_len[k];
		it->measured_mm = l;
	}
	for (int k = 0; k < c->nitems; k++) {
		c->items[k].error_pct =
			100 * (c->items[k].measured_mm - c->items[k].true_mm) / c->items[k].true_mm;
		c->failed += !(fabs(c->items[k].error_pct) <= c->a.tol);
	}
	return 0;
}

static void print_json(const struct check_run *c, double dist_mm, double tilt, double px_pct)
{
	double s = c->a.marker[0].size_mm;

	printf("{\"image\": ");
	cli_json_string(stdout, c->image_name);
	printf(", \"marker\": {\"id\": %d, \"size_mm\": ", c->a.marker[0].id);
	calib_num(stdout, s, 3);
	printf(", \"side_px\": ");
	calib_num(stdout, c->side_px, 2);
	printf(", \"mm_per_px\": ");
	calib_num(stdout, s / c->side_px, 5);
	printf(", \"distance_mm\": ");
	calib_num(stdout, dist_mm, 1);
	printf(", \"tilt_deg\": ");
	calib_num(stdout, tilt, 1);
	printf(", \"reprojection_px\": ");
	calib_num(stdout, c->rms, 3);
	printf(", \"scale_pct_per_px\": ");
	calib_num(stdout, px_pct, 3);
	printf("}, \"lengths\": [");
	for (int k = 0; k < c->nitems; k++) {
		printf("%s{\"what\": ", k ? ", " : "");
		cli_json_string(stdout, c->items[k].text);
		printf(", \"true_mm\": ");
		calib_num(stdout, c->items[k].true_mm, 3);
		printf(", \"measured_mm\": ");
		calib_num(stdout, c->items[k].measured_mm, 3);
		printf(", \"scale_error_pct\": ");
		calib_num(stdout, c->items[k].error_pct, 3);
		printf("}");
	}
	printf("], \"tolerance_pct\": ");
	calib_num(stdout, c->a.tol, 3);
	printf(", \"ok\": %s}\n", c->failed ? "false" : "true");
}

static void print_text(const struct check_run *c, double dist_mm, double tilt, double px_pct)
{
	double s = c->a.marker[0].size_mm;

	printf("marker %d: ", c->a.marker[0].id);
	calib_num(stdout, s, 1);
	printf(" mm over ");
	calib_num(stdout, c->side_px, 1);
	printf(" px (");
	calib_num(stdout, s / c->side_px, 4);
	printf(" mm/px), distance ");
	calib_num(stdout, dist_mm, 0);
	printf(" mm, tilt ");
	calib_num(stdout, tilt, 1);
	printf(" deg\ncorner fit: ");
	calib_num(stdout, c->rms, 2);
	printf(" px RMS; 1 px of corner error = ");
	calib_num(stdout, px_pct, 2);
	printf(" %% of the scale\n");
	for (int k = 0; k < c->nitems; k++) {
		const struct item *it = &c->items[k];
		printf("%s: true ", it->text);
		calib_num(stdout, it->true_mm, 1);
		printf(" mm, measured ");
		calib_num(stdout, it->measured_mm, 2);
		printf(" mm, scale error ");
		if (it->error_pct >= 0)
			putchar('+');
		calib_num(stdout, it->error_pct, 2);
		printf(" %%%s\n", fabs(it->error_pct) <= c->a.tol ? "" : "  (over the tolerance)");
	}
	if (!c->nitems) {
		printf("no second length: give --known-mm or a second --marker to measure the "
		       "scale error\n");
	} else {
		printf("%s (tolerance ", c->failed ? "FAILED" : "ok");
		calib_num(stdout, c->a.tol, 1);
		printf(" %%)\n");
	}
}

static void print_warnings(const struct check_run *c, double tilt, double px_pct)
{
	const char *cmd = "calib check";

	if (c->side_px < 100)
		fprintf(stderr,
			"limbvol %s: warning: the marker spans only %.0f px; 1 px of corner error "
			"is %.1f %% of the scale: move closer or print it larger\n",
			cmd, c->side_px, px_pct);
	if (c->rms > 1)
		fprintf(stderr,
			"limbvol %s: warning: the marker's corners fit a flat square poorly (%.1f "
			"px): is the card flat, and is the camera file for this camera?\n",
			cmd, c->rms);
	/* imaging.md: a square seen nearly straight on has two poses; when the
	 * pose's plane and the 4-corner homography disagree on the lengths,
	 * the plane is uncertain */
	if (100 * c->disagree > c->a.tol / 2)
		fprintf(stderr,
			"limbvol %s: warning: the marker's plane is uncertain (two estimates "
			"differ by %.2f %%): use a larger marker, or tilt it a little\n",
			cmd, 100 * c->disagree);
	if (tilt > 45)
		fprintf(stderr,
			"limbvol %s: warning: the marker is tilted %.0f deg from the camera; hold "
			"it facing the camera\n",
			cmd, tilt);
}

int calib_check(int argc, char **argv)
{
	struct check_run *c = calloc(1, sizeof *c);
	cvs_calib_marker found[64];
	int idx[MAX_ITEMS], nfound = 0, ret;
	cvs_view pix;

	if (!c) {
		lv_error_set(LV_ENOMEM, "out of memory");
		return cli_report("calib check");
	}
	if ((ret = check_setup(c, argc, argv)) != CLI_CONTINUE)
		goto done;
	cvs_image_view(c->img, &pix);
	if (lv_camera_check_size(c->cam, pix.width, pix.height) < 0 ||
	    cvs_calib_markers(c->img, c->dict_id, found, 64, &nfound) < 0 ||
	    find_markers(c, found, nfound, idx) < 0 || marker_plane(c, &found[idx[0]]) < 0 ||
	    measure(c) < 0) {
		lv_error_locate(c->image_name, 0, 0);
		ret = cli_report("calib check");
		goto done;
	}
	{
		double dist_mm = sqrt(c->t[0] * c->t[0] + c->t[1] * c->t[1] + c->t[2] * c->t[2]);
		double tilt = acos(fmin(1, fabs(c->R[8]))) * 180 / M_PI;
		double px_pct = 100 / c->side_px; /* imaging.md: 1 px over the side */
		if (c->a.json)
			print_json(c, dist_mm, tilt, px_pct);
		else
			print_text(c, dist_mm, tilt, px_pct);
		print_warnings(c, tilt, px_pct);
	}
	ret = c->failed ? CLI_EXIT_SOME_FAILED : CLI_EXIT_OK;
done:
	cvs_image_free(c->img);
	lv_camera_free(c->cam);
	if (c->stdin_image[0])
		cli_stdin_file_remove(c->stdin_image);
	free(c);
	return ret;
}
