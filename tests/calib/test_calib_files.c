/*
 * lvcalib's files: board specifications parsed and formatted, camera files
 * written and read back (exactly, and refused with a reason), the hex
 * digits of their escapes (limbvol/hex.h), and printable sheets measured
 * back in pixels.  (Calibration itself: test_calib.c.)
 *
 * `test_calib_files NAME` runs one case.
 */
#include "calib_test.h"
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"
#include "limbvol/hex.h"

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
	LV_TEST_INIT(argc, argv);
	RUN(board_specs);
	RUN(camera_files);
	RUN(hex_digits);
	RUN(sheet_board_scale);
	RUN(sheet_marker_scale);
	return calib_test_end();
}
