/*
 * lvcalib against cameras of known geometry: synthetic board views rendered
 * with a known pinhole camera (render.h), OpenCV's own sample photos and
 * their published calibration, printable sheets measured back in pixels,
 * the hex digits of camera files' escapes (limbvol/hex.h).
 *
 * `test_calib NAME` runs one case; opencv_sample exits 77 (skipped) when
 * Debian's opencv-doc is not installed.
 */
#include "harness.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "limbvol/hex.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#ifndef LV_OPENCV_DATA
#define LV_OPENCV_DATA "/usr/share/doc/opencv-doc/examples/data"
#endif

static char tmpdir[64];

static void make_tmpdir(void)
{
	if (tmpdir[0])
		return;
	snprintf(tmpdir, sizeof tmpdir, "/tmp/lvcalibtestXXXXXX");
	if (!mkdtemp(tmpdir)) {
		perror("mkdtemp");
		exit(2);
	}
}

static void write_gray(const char *path, const unsigned char *px, int w, int h)
{
	cvs_view v = { (unsigned char *)px, w, h, (size_t)w, 1 };
	cvs_image *img = NULL;
	if (cvs_image_from_view(&img, &v) < 0 || cvs_image_write(img, path) < 0) {
		fprintf(stderr, "write %s: %s\n", path, lv_error_last()->message);
		exit(2);
	}
	cvs_image_free(img);
}

/* Ten views: rotations (deg), where the board centre lands (px) and depth. */
static const double view_poses[10][6] = {
	{ 0, 0, 0, 320, 240, 420 },      { 25, 0, 5, 200, 150, 430 },
	{ -25, 0, -5, 440, 330, 430 },   { 0, 25, 10, 200, 330, 430 },
	{ 0, -25, -10, 440, 150, 430 },  { 20, 20, 0, 330, 240, 460 },
	{ -20, -20, 15, 310, 250, 460 }, { 15, -20, -15, 190, 240, 440 },
	{ -15, 20, 5, 450, 240, 440 },   { 30, 0, 0, 320, 240, 480 },
};

/* Render the views of a board, feed them to lv_calib, solve. */
static lv_camera *calibrate_views(const rcam *cam, const lv_board *b, rtex tex, void *ctx,
				  double cx_mm, double cy_mm, int nviews, const char *tag)
{
	unsigned char *px = malloc((size_t)cam->w * (size_t)cam->h);
	lv_calib *c = NULL;
	lv_camera *out = NULL;
	char path[128];
	int found = 0;

	make_tmpdir();
	CHECK_STATUS(lv_calib_new(&c, b), LV_OK);
	for (int i = 0; i < nviews; i++) {
		const double *q = view_poses[i];
		rpose p;
		r_pose(cam, q[0], q[1], q[2], cx_mm, cy_mm, q[3], q[4], q[5], &p);
		r_render(cam, &p, tex, ctx, 3, px);
		snprintf(path, sizeof path, "%s/%s%02d.png", tmpdir, tag, i);
		write_gray(path, px, cam->w, cam->h);
		if (lv_calib_add_image(c, path) == LV_OK)
			found++;
		else
			fprintf(stderr, "%s: %s\n", path, lv_error_last()->message);
		if (!getenv("LV_TEST_KEEP"))
			unlink(path);
	}
	CHECK(found == nviews);
	if (lv_calib_solve(c, 0, &out) < 0)
		fprintf(stderr, "solve: %s\n", lv_error_last()->message);
	CHECK(out != NULL);
	lv_calib_free(c);
	free(px);
	return out;
}

/*
 * Largest difference, over pixels of the central part `frac` of the image, between
 * the lens corrections of the true and the estimated camera: each model
 * moves a pixel u to K undistort(K^-1 u), and what a measurement uses is
 * that move.  (Comparing where each model sends a ray would also count a
 * principal point off by a fraction of a pixel, which a rotation of the
 * views absorbs.)  The distortion is recovered when this is small.
 */
static double worst_correction_px(const rcam *t, const lv_camera *e, double frac)
{
	const double *K = lv_camera_matrix(e);
	size_t nd;
	const double *d = lv_camera_distortion(e, &nd);
	double worst = 0, d5[5] = { 0 };
	for (size_t k = 0; k < 5 && k < nd; k++)
		d5[k] = d[k];
	for (int j = 0; j <= 20; j++)
		for (int i = 0; i <= 20; i++) {
			double u = t->w * ((1 - frac) / 2 + frac * i / 20),
			       v = t->h * ((1 - frac) / 2 + frac * j / 20);
			double xt, yt, xe, ye, diff;
			r_undistort(t->dist, (u - t->K[2]) / t->K[0], (v - t->K[5]) / t->K[4], &xt,
				    &yt);
			r_undistort(d5, (u - K[2]) / K[0], (v - K[5]) / K[4], &xe, &ye);
			diff = hypot(t->K[0] * xt + t->K[2] - (K[0] * xe + K[2]),
				     t->K[4] * yt + t->K[5] - (K[4] * ye + K[5]));
			worst = fmax(worst, diff);
			if (getenv("LV_TEST_MAP") && i % 4 == 0 && j % 4 == 0)
				printf("%5.2f%s", diff, i == 20 ? "\n" : " ");
		}
	printf("worst correction difference %.3f px; K %.2f %.2f %.2f %.2f; dist %.4f %.4f %.5f %.5f %.4f\n",
	       worst, K[0], K[4], K[2], K[5], d5[0], d5[1], d5[2], d5[3], d5[4]);
	return worst;
}

static void synthetic_pinhole(void)
{
	rcam cam = { 640, 480, { 800, 0, 330, 0, 800, 235, 0, 0, 1 }, { 0, 0, 0, 0, 0 } };
	rchess ch = { 9, 6, 20 };
	lv_board b;
	lv_camera *e;
	CHECK_STATUS(lv_board_parse("chessboard:9x6:20mm", &b), LV_OK);
	e = calibrate_views(&cam, &b, r_chess_tex, &ch, 80, 50, 10, "pin");
	if (!e)
		return;
	/* issue 5: focal within 0.5 %, principal point within 3 px */
	CHECK_REL(lv_camera_matrix(e)[0], 800, 0.005);
	CHECK_REL(lv_camera_matrix(e)[4], 800, 0.005);
	CHECK_NEAR(lv_camera_matrix(e)[2], 330, 3);
	CHECK_NEAR(lv_camera_matrix(e)[5], 235, 3);
	CHECK(lv_camera_rms_px(e) < 0.2);
	CHECK(worst_correction_px(&cam, e, 0.9) < 0.5);
	CHECK(lv_camera_views(e) == 10);
	CHECK_STR_CONTAINS(lv_camera_board(e), "chessboard:9x6:20mm");
	lv_camera_free(e);
}

static void synthetic_distorted(void)
{
	/* barrel distortion of a wide phone lens: k1 -0.25, k2 0.08, a little
	 * decentring p1 0.001, p2 -0.0015 */
	rcam cam = {
		640, 480, { 760, 0, 318, 0, 765, 242, 0, 0, 1 }, { -0.25, 0.08, 0.001, -0.0015, 0 }
	};
	rchess ch = { 9, 6, 20 };
	lv_board b;
	lv_camera *e;
	size_t nd;
	const double *d;
	CHECK_STATUS(lv_board_parse("chessboard:9x6:20mm", &b), LV_OK);
	e = calibrate_views(&cam, &b, r_chess_tex, &ch, 80, 50, 10, "dist");
	if (!e)
		return;
	CHECK_REL(lv_camera_matrix(e)[0], 760, 0.005);
	CHECK_REL(lv_camera_matrix(e)[4], 765, 0.005);
	CHECK_NEAR(lv_camera_matrix(e)[2], 318, 3);
	CHECK_NEAR(lv_camera_matrix(e)[5], 242, 3);
	d = lv_camera_distortion(e, &nd);
	CHECK(nd == 5);
	CHECK_NEAR(d[0], -0.25, 0.03);
	CHECK_NEAR(d[2], 0.001, 0.001);
	CHECK_NEAR(d[3], -0.0015, 0.001);
	/* the distortion field itself, k2/k3 trade against each other */
	CHECK(worst_correction_px(&cam, e, 0.9) < 0.5);
	CHECK(lv_camera_rms_px(e) < 0.2);
	lv_camera_free(e);
}

/* Detected corners against their true projections: sub-pixel accuracy, on
 * a 640x480 view and on a 2400x1800 one (searched at a reduced size, then
 * refined at full size). */
static void corner_accuracy_at(const rcam *cam, double D, int ss, double tol)
{
	rchess ch = { 9, 6, 20 };
	cvs_calib_board b = { CVS_CALIB_CHESSBOARD, 9, 6, 20, 0, 0 };
	unsigned char *px = malloc((size_t)cam->w * (size_t)cam->h);
	cvs_view v = { px, cam->w, cam->h, (size_t)cam->w, 1 };
	cvs_image *img = NULL;
	double ixy[108], oxy[108], s = 0;
	int n = 0;
	rpose p;

	r_pose(cam, 20, -15, 5, 80, 50, cam->w * 0.45, cam->h * 0.55, D, &p);
	r_render(cam, &p, r_chess_tex, &ch, ss, px);
	CHECK_STATUS(cvs_image_from_view(&img, &v), LV_OK);
	CHECK_STATUS(cvs_calib_detect(img, &b, ixy, oxy, 54, &n), LV_OK);
	CHECK(n == 54);
	for (int i = 0; i < n; i++) {
		double u, w;
		r_project(cam, &p, oxy[2 * i], oxy[2 * i + 1], &u, &w);
		s += (u - ixy[2 * i]) * (u - ixy[2 * i]) +
			(w - ixy[2 * i + 1]) * (w - ixy[2 * i + 1]);
	}
	if (n)
		printf("%dx%d: corners within %.3f px RMS of their true positions\n", cam->w,
		       cam->h, sqrt(s / n));
	if (n)
		CHECK_NEAR(sqrt(s / n), 0, tol);
	cvs_image_free(img);
	free(px);
}

static void corner_accuracy(void)
{
	rcam small = { 640, 480, { 800, 0, 320, 0, 800, 240, 0, 0, 1 }, { -0.2, 0.05, 0, 0, 0 } };
	rcam large = {
		2400, 1800, { 3000, 0, 1200, 0, 3000, 900, 0, 0, 1 }, { -0.2, 0.05, 0, 0, 0 }
	};
	/* the board one sixth of the way out of the image: sub-pixel */
	corner_accuracy_at(&small, 420, 3, 0.1);
	corner_accuracy_at(&large, 420, 2, 0.15);
}

/* A ChArUco texture: OpenCV's drawing of the board, sampled. */
struct charuco_tex {
	cvs_view v;
	double px_per_mm;
};

static double r_charuco_tex(void *ctx, double X, double Y)
{
	const struct charuco_tex *t = ctx;
	/* ChArUco object points start at the board's top-left corner */
	int x = (int)floor(X * t->px_per_mm), y = (int)floor(Y * t->px_per_mm);
	int m = (int)(10 * t->px_per_mm); /* a 10 mm white quiet zone */
	if (x < -m || y < -m || x >= t->v.width + m || y >= t->v.height + m)
		return 90;
	if (x < 0 || y < 0 || x >= t->v.width || y >= t->v.height)
		return 235;
	return t->v.data[(size_t)y * t->v.stride + (size_t)x] ? 235 : 25;
}

static void synthetic_charuco(void)
{
	rcam cam = { 640, 480, { 800, 0, 322, 0, 800, 236, 0, 0, 1 }, { -0.1, 0, 0, 0, 0 } };
	lv_board b;
	cvs_calib_board cvb;
	cvs_image *img = NULL;
	struct charuco_tex t;
	lv_camera *e;
	int dsz;
	CHECK_STATUS(lv_board_parse("charuco:7x5:25mm:18mm:4x4_50", &b), LV_OK);
	cvb.type = CVS_CALIB_CHARUCO;
	cvb.cols = 7;
	cvb.rows = 5;
	cvb.square_mm = 25;
	cvb.marker_mm = 18;
	cvs_aruco_dictionary("4x4_50", &cvb.dict_id, &dsz);
	CHECK_STATUS(cvs_calib_charuco_draw(&cvb, 250, &img), LV_OK);
	if (!img)
		return;
	cvs_image_view(img, &t.v);
	t.px_per_mm = 10;
	e = calibrate_views(&cam, &b, r_charuco_tex, &t, 87.5, 62.5, 10, "charuco");
	if (e) {
		CHECK_REL(lv_camera_matrix(e)[0], 800, 0.005);
		CHECK_NEAR(lv_camera_matrix(e)[2], 322, 3);
		CHECK_NEAR(lv_camera_matrix(e)[5], 236, 3);
		/* 24 corners a view reach the image's corners less than a
		 * chessboard: compare where they were seen, the central 60 % */
		CHECK(worst_correction_px(&cam, e, 0.6) < 0.5);
		lv_camera_free(e);
	}
	cvs_image_free(img);
}

/* issue 5: OpenCV's sample photos agree with the published calibration
 * (left_intrinsics.yml: fx = fy = 535.9 px, RMS 0.39 px). */
static void opencv_sample(void)
{
	char path[512];
	lv_board b;
	lv_calib *c = NULL;
	lv_camera *e = NULL, *pub = NULL;
	int found = 0;

	snprintf(path, sizeof path, "%s/left_intrinsics.yml", LV_OPENCV_DATA);
	CHECK_STATUS(lv_camera_read(&pub, path), LV_OK);
	if (!pub)
		return;
	CHECK_STATUS(lv_board_parse("chessboard:9x6:25mm", &b), LV_OK);
	CHECK_STATUS(lv_calib_new(&c, &b), LV_OK);
	for (int i = 1; i <= 14; i++) {
		snprintf(path, sizeof path, "%s/left%02d.jpg", LV_OPENCV_DATA, i);
		if (access(path, R_OK) != 0)
			continue; /* the package ships no left10.jpg */
		CHECK_STATUS(lv_calib_add_image(c, path), LV_OK);
		found++;
	}
	CHECK(found >= 13);
	CHECK_STATUS(lv_calib_solve(c, 0, &e), LV_OK);
	if (e) {
		const double *K = lv_camera_matrix(e), *P = lv_camera_matrix(pub);
		CHECK_REL(K[0], P[0], 0.01);
		CHECK_REL(K[4], P[4], 0.01);
		CHECK(lv_camera_rms_px(e) < 0.5);
		CHECK(lv_camera_views(e) >= 12);
	}
	lv_camera_free(e);
	lv_camera_free(pub);
	lv_calib_free(c);
}

static void board_specs(void)
{
	lv_board b;
	char buf[96];
	CHECK_STATUS(lv_board_parse("chessboard:9x6:25mm", &b), LV_OK);
	CHECK(b.type == LV_BOARD_CHESSBOARD && b.cols == 9 && b.rows == 6);
	CHECK_NEAR(b.square_mm, 25, 0);
	CHECK_STATUS(lv_board_parse("chessboard:9x6:24,5", &b), LV_OK);
	CHECK_NEAR(b.square_mm, 24.5, 1e-12);
	CHECK_STATUS(lv_board_parse("charuco:5x7:30mm:22mm", &b), LV_OK);
	CHECK(b.type == LV_BOARD_CHARUCO && b.cols == 5 && b.rows == 7 &&
	      !strcmp(b.dict, "4x4_50"));
	CHECK_NEAR(b.marker_mm, 22, 0);
	lv_board_format(&b, buf, sizeof buf);
	CHECK_STR_CONTAINS(buf, "charuco:5x7:30mm:22mm:4x4_50");
	b.marker_mm = 22.25;
	lv_board_format(&b, buf, sizeof buf);
	CHECK_STR_CONTAINS(buf, "charuco:5x7:30mm:22.25mm:4x4_50");
	CHECK_STATUS(lv_board_parse("chess:9x6:25mm", &b), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "expected chessboard:COLSxROWS:SIZEmm");
	CHECK_STATUS(lv_board_parse("chessboard:9x6", &b), LV_EINVAL);
	CHECK_STATUS(lv_board_parse("chessboard:1x6:25mm", &b), LV_EINVAL);
	CHECK_STATUS(lv_board_parse("chessboard:9x6:-3mm", &b), LV_EINVAL);
	CHECK_STATUS(lv_board_parse("chessboard:9x6:25mm:x", &b), LV_EINVAL);
	CHECK_STATUS(lv_board_parse("charuco:5x7:30mm:35mm", &b), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "smaller than the square");
	CHECK_STATUS(lv_board_parse("charuco:5x7:30mm:22mm:9x9_1", &b), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "unknown marker dictionary");
	CHECK_STATUS(lv_board_parse("charuco:20x20:30mm:22mm:4x4_50", &b), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "markers needed");
}

static void write_text(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");
	if (!f) {
		perror(path);
		exit(2);
	}
	fputs(text, f);
	fclose(f);
}

static const double camera_K[9] = { 1000.5, 0, 640.25, 0, 1001.5, 360.75, 0, 0, 1 };
static const double camera_d[5] = { -0.1, 0.01, 0.001, -0.002, 0.0005 };

/* a camera file written and read back, with its size checks */
static void camera_file_round_trip(void)
{
	const double *K = camera_K, *d = camera_d;
	lv_camera *cam = NULL, *back = NULL;
	char path[128];
	size_t nd;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/cam.yml", tmpdir);
	CHECK_STATUS(lv_camera_new(&cam, 1280, 720, K, d, 5, 0.25), LV_OK);
	lv_camera_set_origin(cam, "chessboard:9x6:25mm", "2026-01-02T03:04:05Z", 12);
	CHECK_STATUS(lv_camera_write(cam, path), LV_OK);
	CHECK_STATUS(lv_camera_read(&back, path), LV_OK);
	if (back) {
		int w, h;
		lv_camera_image_size(back, &w, &h);
		CHECK(w == 1280 && h == 720);
		for (int i = 0; i < 9; i++)
			CHECK_NEAR(lv_camera_matrix(back)[i], K[i], 1e-12);
		for (int i = 0; i < 5; i++)
			CHECK_NEAR(lv_camera_distortion(back, &nd)[i], d[i], 1e-15);
		CHECK(nd == 5);
		CHECK_NEAR(lv_camera_rms_px(back), 0.25, 1e-15);
		CHECK(lv_camera_views(back) == 12);
		CHECK_STR_CONTAINS(lv_camera_date(back), "2026-01-02T03:04:05Z");
		CHECK_STATUS(lv_camera_check_size(back, 1280, 720), LV_OK);
		CHECK_STATUS(lv_camera_check_size(back, 1920, 1080), LV_EDATA);
		CHECK_STR_CONTAINS(lv_error_last()->message,
				   "the camera file is for 1280x720 images");
		CHECK_STATUS(lv_camera_check_size(back, 720, 1280), LV_EDATA);
		CHECK_STR_CONTAINS(lv_error_last()->message, "the photo is turned");
	}
	lv_camera_free(back);
	lv_camera_free(cam);
	/* the tmp file is gone after the rename */
	snprintf(path, sizeof path, "%s/cam.yml.tmp%ld", tmpdir, (long)getpid());
	CHECK(access(path, F_OK) != 0);
}

static void camera_file_exact(void)
{
	lv_camera *cam = NULL, *back = NULL;
	char path[128];
	size_t nd;

	make_tmpdir();
	/* limbvol's own writer and reader: any double and any board text come back
	 * exactly (shortest round-trip numbers, escaped strings) */
	{
		double K3[9] = { 1.0 / 3, 0, 2.0 / 3 * 1000, 0, 1e-7 + 1000, 0.1 + 0.2, 0, 0, 1 };
		double d8[8] = { -1.0 / 7, 1e-300, 5e-324, -0.0, 123456789.123, 1e21, -1e-7, 0.3 };
		const char *board = "a \"quoted\" \\ board:\t#x: [y]\n\xc3\xa9 'z'";
		snprintf(path, sizeof path, "%s/exact.yml", tmpdir);
		CHECK_STATUS(lv_camera_new(&cam, 7, 100000, K3, d8, 8, 1.0 / 9), LV_OK);
		lv_camera_set_origin(cam, board, "2026-12-02T06:00:00Z", 1);
		CHECK_STATUS(lv_camera_write(cam, path), LV_OK);
		CHECK_STATUS(lv_camera_read(&back, path), LV_OK);
		if (back) {
			int w, h;
			lv_camera_image_size(back, &w, &h);
			CHECK(w == 7 && h == 100000);
			for (int i = 0; i < 9; i++)
				CHECK(lv_camera_matrix(back)[i] == K3[i]);
			for (int i = 0; i < 8; i++)
				CHECK(lv_camera_distortion(back, &nd)[i] == d8[i]);
			CHECK(nd == 8);
			CHECK(lv_camera_rms_px(back) == 1.0 / 9);
			CHECK(strcmp(lv_camera_board(back), board) == 0);
			CHECK(strcmp(lv_camera_date(back), "2026-12-02T06:00:00Z") == 0);
			CHECK(lv_camera_views(back) == 1);
		}
		lv_camera_free(back);
		lv_camera_free(cam);
		back = cam = NULL;
	}
}

/* bad cameras refused, and files that are not camera files */
static void camera_file_errors(void)
{
	const double *K = camera_K, *d = camera_d;
	lv_camera *cam = NULL, *back = NULL;
	char path[128];
	size_t nd;

	make_tmpdir();
	CHECK_STATUS(lv_camera_new(&cam, 640, 480, (double[9]){ 0, 0, 1, 0, 1, 1, 0, 0, 1 }, d, 5,
				   -1),
		     LV_EINVAL);
	CHECK_STATUS(lv_camera_new(&cam, 640, 480, K, d, 3, -1), LV_EINVAL);

	snprintf(path, sizeof path, "%s/missing.yml", tmpdir);
	CHECK_STATUS(lv_camera_read(&back, path), LV_ENOTFOUND);
	snprintf(path, sizeof path, "%s/text.yml", tmpdir);
	write_text(path, "this is a shopping list\nmilk\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "not a camera file");
	write_text(path, "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "no camera_matrix");
	write_text(path,
		   "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n"
		   "camera_matrix: !!opencv-matrix\n   rows: 2\n   cols: 2\n   dt: d\n"
		   "   data: [ 1., 0., 0., 1. ]\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "camera_matrix is not 3x3");
	write_text(path,
		   "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n"
		   "camera_matrix: !!opencv-matrix\n   rows: 3\n   cols: 3\n   dt: d\n"
		   "   data: [ 500., 0., 320., 0., 500., 240., 0., 0., 1. ]\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "no distortion_coefficients");
	write_text(path, "%YAML:1.0\n---\n- 1\n- 2\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "its top level is not a set of keys");
	/* plain lists are matrices too (hand-written files) */
	write_text(path,
		   "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n"
		   "camera_matrix: [ 500, 0, 320, 0, 510, 240, 0, 0, 1 ]\n"
		   "distortion_coefficients: [ -0.1, 0.01, 0, 0 ]\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_OK);
	if (back) {
		CHECK_NEAR(lv_camera_matrix(back)[4], 510, 0);
		CHECK_NEAR(lv_camera_matrix(back)[5], 240, 0);
		CHECK_NEAR(lv_camera_distortion(back, &nd)[0], -0.1, 0);
		CHECK(nd == 4);
		CHECK(lv_camera_rms_px(back) < 0);
		lv_camera_free(back);
		back = NULL;
	}
	write_text(path,
		   "%YAML:1.0\n---\nimage_width: 640\nimage_height: 480\n"
		   "camera_matrix: [ 500, 0, 320, 0, 510, 240, 0, 0, 1 ]\n"
		   "distortion_coefficients: [ -0.1, 0.01, oops, 0 ]\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message,
			   "distortion_coefficients is not a list of numbers");
	write_text(path, "%YAML:1.0\n---\nimage_width: -5\nimage_height: 480\n");
	CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "out of range");
	/* a PNG is not a camera file either */
	{
		unsigned char px[16] = { 0 };
		snprintf(path, sizeof path, "%s/img.png", tmpdir);
		write_gray(path, px, 4, 4);
		CHECK_STATUS(lv_camera_read(&back, path), LV_EDATA);
		CHECK_STR_CONTAINS(lv_error_last()->message, "not a camera file");
	}
	CHECK(back == NULL);
}

static void camera_files(void)
{
	camera_file_round_trip();
	camera_file_exact();
	camera_file_errors();
}

/* lv_hex_value: the values are the digits' place values written out
 * (0x00e9 = 14 * 16 + 9 = 233), not the function's own output */
static void hex_digits(void)
{
	unsigned v = 7;
	CHECK(lv_hex_value("00e9", 4, &v) && v == 14 * 16 + 9);
	CHECK(lv_hex_value("00E9", 4, &v) && v == 233);
	CHECK(lv_hex_value("FFFF", 4, &v) && v == 65535);
	CHECK(lv_hex_value("7f", 2, &v) && v == 127);
	CHECK(lv_hex_value("0", 1, &v) && v == 0);
	/* eight digits, the most: 0xDeadBeef = 3735928559 */
	CHECK(lv_hex_value("DeadBeef", 8, &v) && v == 3735928559u);
	/* only s[0..n) is read: what follows is not a digit, and need not be */
	CHECK(lv_hex_value("41\"}", 2, &v) && v == 65);
	v = 7;
	CHECK(!lv_hex_value("12g4", 4, &v) && v == 7); /* *out left unchanged */
	CHECK(!lv_hex_value("-123", 4, &v) && v == 7);
	CHECK(!lv_hex_value(" 123", 4, &v) && v == 7);
	CHECK(!lv_hex_value("", 0, &v) && v == 7);
	CHECK(!lv_hex_value("100000000", 9, &v) && v == 7); /* past 32 bits */
	CHECK(LV_HEX_MAX_DIGITS == 8);
}

/* Sheets measured back: a PNG at known dpi must hold its squares at
 * square_mm * dpi / 25.4 pixels. */
static void sheet_board_scale(void)
{
	lv_board b;
	lv_sheet_opts o = { LV_PAPER_A4, 200 };
	cvs_image *img = NULL;
	cvs_calib_board cvb = { CVS_CALIB_CHESSBOARD, 9, 6, 25, 0, 0 };
	double ixy[108], oxy[108], want = 25 * 200 / 25.4, sum = 0;
	char path[128];
	int n = 0, cnt = 0;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/board.png", tmpdir);
	CHECK_STATUS(lv_board_parse("chessboard:9x6:25mm", &b), LV_OK);
	CHECK_STATUS(lv_sheet_board(path, &b, &o), LV_OK);
	CHECK_STATUS(cvs_image_read(&img, path, CVS_READ_GRAY), LV_OK);
	if (!img)
		return;
	{
		cvs_view v;
		cvs_image_view(img, &v);
		/* A4 landscape at 200 dpi */
		CHECK_NEAR(v.width, 297 * 200 / 25.4, 1);
		CHECK_NEAR(v.height, 210 * 200 / 25.4, 1);
	}
	CHECK_STATUS(cvs_calib_detect(img, &cvb, ixy, oxy, 54, &n), LV_OK);
	CHECK(n == 54);
	for (int r = 0; r < 6 && n == 54; r++)
		for (int c = 0; c + 1 < 9; c++) {
			int k = r * 9 + c;
			sum += hypot(ixy[2 * k + 2] - ixy[2 * k], ixy[2 * k + 3] - ixy[2 * k + 1]);
			cnt++;
		}
	if (cnt)
		CHECK_NEAR(sum / cnt, want, 0.2);
	cvs_image_free(img);

	CHECK_STATUS(lv_board_parse("chessboard:11x8:25mm", &b), LV_OK);
	CHECK_STATUS(lv_sheet_board(path, &b, &o), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "does not fit A4");
	/* the ChArUco sheet is the board OpenCV detects, at its true size */
	CHECK_STATUS(lv_board_parse("charuco:5x7:30mm:22mm:4x4_50", &b), LV_OK);
	snprintf(path, sizeof path, "%s/charuco.png", tmpdir);
	o.dpi = 150;
	CHECK_STATUS(lv_sheet_board(path, &b, &o), LV_OK);
	CHECK_STATUS(cvs_image_read(&img, path, CVS_READ_GRAY), LV_OK);
	if (img) {
		cvs_calib_board chb = { CVS_CALIB_CHARUCO, 5, 7, 30, 22, 0 };
		double cx[48], co[48];
		int dsz;
		cvs_aruco_dictionary("4x4_50", &chb.dict_id, &dsz);
		CHECK_STATUS(cvs_calib_detect(img, &chb, cx, co, 24, &n), LV_OK);
		CHECK(n == 24); /* 4x6 inner corners */
		sum = 0;
		cnt = 0;
		for (int i = 0; i < n; i++)
			for (int j = 0; j < n; j++)
				/* neighbours one square apart on the board */
				if (fabs(hypot(co[2 * i] - co[2 * j],
					       co[2 * i + 1] - co[2 * j + 1]) -
					 30) < 1e-3) {
					sum += hypot(cx[2 * i] - cx[2 * j],
						     cx[2 * i + 1] - cx[2 * j + 1]);
					cnt++;
				}
		CHECK(cnt > 0);
		if (cnt)
			CHECK_NEAR(sum / cnt, 30 * 150 / 25.4, 0.3);
		cvs_image_free(img);
	}
	CHECK_STATUS(lv_board_parse("chessboard:9x6:25mm", &b), LV_OK);
	snprintf(path, sizeof path, "%s/board.svg", tmpdir);
	CHECK_STATUS(lv_sheet_board(path, &b, &o), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "must end in .pdf or .png");
}

/* The marker's black square spans size_mm * dpi / 25.4 pixels, measured on
 * the row through its middle (its black border cells lie on that row). */
static void sheet_marker_scale(void)
{
	lv_sheet_opts o = { LV_PAPER_LETTER, 300 };
	cvs_image *img = NULL;
	cvs_view v;
	char path[128];
	double want = 80 * 300 / 25.4;
	int first = -1, last = -1, row;

	make_tmpdir();
	snprintf(path, sizeof path, "%s/marker.png", tmpdir);
	CHECK_STATUS(lv_sheet_marker(path, "4x4_50", 3, 80, &o), LV_OK);
	CHECK_STATUS(cvs_image_read(&img, path, CVS_READ_GRAY), LV_OK);
	if (!img)
		return;
	cvs_image_view(img, &v);
	CHECK_NEAR(v.width, 215.9 * 300 / 25.4, 1);
	CHECK_NEAR(v.height, 279.4 * 300 / 25.4, 1);
	/* layout: 6 mm margin, a 2-cell white margin (80/6*2 mm), then the
	 * marker; its middle row */
	row = (int)((6 + 80.0 / 6 * 2 + 40) * 300 / 25.4);
	for (int x = 0; x < v.width; x++)
		if (v.data[(size_t)row * v.stride + (size_t)x] < 128) {
			if (first < 0)
				first = x;
			last = x;
		}
	CHECK_NEAR(last - first + 1, want, 1.5);
	/* centred on the page */
	CHECK_NEAR((first + last + 1) / 2.0, v.width / 2.0, 1.5);
	cvs_image_free(img);
	CHECK_STATUS(lv_sheet_marker(path, "4x4_50", 50, 80, &o), LV_EINVAL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "not in the dictionary");
	CHECK_STATUS(lv_sheet_marker(path, "4x4_50", 1, 5, &o), LV_EINVAL);
}

int main(int argc, char **argv)
{
	char path[512];
	LV_TEST_INIT(argc, argv);
	if (lv_test_only && !strcmp(lv_test_only, "opencv_sample")) {
		snprintf(path, sizeof path, "%s/left01.jpg", LV_OPENCV_DATA);
		if (access(path, R_OK) != 0) {
			printf("skipped: %s not found (install Debian's opencv-doc)\n", path);
			return 77;
		}
	}
	RUN(board_specs);
	RUN(camera_files);
	RUN(hex_digits);
	RUN(corner_accuracy);
	RUN(synthetic_pinhole);
	RUN(synthetic_distorted);
	RUN(synthetic_charuco);
	RUN(sheet_board_scale);
	RUN(sheet_marker_scale);
	if (lv_test_only)
		RUN(opencv_sample);
	if (tmpdir[0] && !getenv("LV_TEST_KEEP")) {
		char cmd[128];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpdir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", tmpdir);
	}
	return lv_test_done();
}
