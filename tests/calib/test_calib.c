/*
 * lvcalib's calibration against cameras of known geometry: synthetic board
 * views rendered with a known pinhole camera (render.h), corners found to a
 * known accuracy, OpenCV's own sample photos and their published
 * calibration.  (Boards, camera files and sheets: test_calib_files.c.)
 *
 * `test_calib NAME` runs one case; opencv_sample exits 77 (skipped) when
 * Debian's opencv-doc is not installed.
 */
#include "calib_test.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"
#include "render.h"

#ifndef LV_OPENCV_DATA
#define LV_OPENCV_DATA "/usr/share/doc/opencv-doc/examples/data"
#endif

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
	RUN(corner_accuracy);
	RUN(synthetic_pinhole);
	RUN(synthetic_distorted);
	RUN(synthetic_charuco);
	if (lv_test_only)
		RUN(opencv_sample);
	return calib_test_end();
}
