/*
 * calib_scene - synthetic inputs for the CLI tests (cli.sh), all from
 * known cameras (render.h):
 *   calib_scene views DIR N       N chessboard views (9x6 inner corners of
 *                                 20 mm) through camera A into DIR/viewNN.png
 *   calib_scene camera FILE       camera A as a camera file
 *   calib_scene odd FILE          a view of the same board through another
 *                                 lens (pincushion, k1 +1): an outlier
 *                                 among camera A's views
 *   calib_scene marker DIR        DIR/scene.png: markers 0 (80 mm) and 1
 *                                 (60 mm) on one card seen by camera B,
 *                                 DIR/cam.yml (camera B); prints
 *                                 "150:X1,Y1,X2,Y2", two image points 150 mm
 *                                 apart on the card
 *   calib_scene blank FILE W H    a gray image without a board
 *   calib_scene straightness IMG  RMS distance (px) of the 9x6 chessboard
 *                                 corners found in IMG to the best
 *                                 homography of the flat board: 0 for a
 *                                 pinhole image, large when lens
 *                                 distortion bends its lines
 */
#include "limbvol/calib.h"
#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"
#include "render.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* camera A: a 640x480 webcam with barrel distortion */
static const rcam cam_a = {
	640, 480, { 760, 0, 318, 0, 765, 242, 0, 0, 1 }, { -0.25, 0.08, 0.001, -0.0015, 0 }
};
/* camera B: 800x600, milder distortion */
static const rcam cam_b = {
	800, 600, { 900, 0, 405, 0, 900, 296, 0, 0, 1 }, { -0.15, 0.05, 0, 0, 0 }
};

static const double poses[10][6] = {
	{ 0, 0, 0, 320, 240, 420 },      { 25, 0, 5, 200, 150, 430 },
	{ -25, 0, -5, 440, 330, 430 },   { 0, 25, 10, 200, 330, 430 },
	{ 0, -25, -10, 440, 150, 430 },  { 20, 20, 0, 330, 240, 460 },
	{ -20, -20, 15, 310, 250, 460 }, { 15, -20, -15, 190, 240, 440 },
	{ -15, 20, 5, 450, 240, 440 },   { 30, 0, 0, 320, 240, 480 },
};

static int fail(void)
{
	fprintf(stderr, "calib_scene: %s\n", lv_error_last()->message);
	return 2;
}

static int write_gray(const char *path, unsigned char *px, int w, int h)
{
	cvs_view v = { px, w, h, (size_t)w, 1 };
	cvs_image *img = NULL;
	int rc = cvs_image_from_view(&img, &v);
	if (rc == 0)
		rc = cvs_image_write(img, path);
	cvs_image_free(img);
	return rc;
}

static int write_camera(const rcam *c, const char *path)
{
	lv_camera *cam = NULL;
	int rc = lv_camera_new(&cam, c->w, c->h, c->K, c->dist, 5, -1);
	if (rc == 0)
		rc = lv_camera_write(cam, path);
	lv_camera_free(cam);
	return rc;
}

struct card {
	unsigned char m0[64], m1[64];
	int n;
};

/* A white card (-30..210 x -30..110 mm) on a dark background holding
 * marker 0 of 80 mm at (0, 0) and marker 1 of 60 mm at (120, 10). */
static double card_tex(void *ctx, double X, double Y)
{
	const struct card *c = ctx;
	if (X < -30 || Y < -30 || X > 210 || Y > 110)
		return 50;
	if (X >= 0 && Y >= 0 && X < 80 && Y < 80)
		return c->m0[(int)(Y / 80 * c->n) * c->n + (int)(X / 80 * c->n)] ? 230 : 20;
	if (X >= 120 && Y >= 10 && X < 180 && Y < 70)
		return c->m1[(int)((Y - 10) / 60 * c->n) * c->n + (int)((X - 120) / 60 * c->n)]
			? 230
			: 20;
	return 230;
}

static double rms_to_homography(const char *path)
{
	cvs_image *img = NULL;
	cvs_calib_board b = { CVS_CALIB_CHESSBOARD, 9, 6, 20, 0, 0 };
	double ixy[108], oxy[108], H[9], s = 0;
	int n = 0;
	if (cvs_image_read(&img, path, CVS_READ_GRAY) < 0 ||
	    cvs_calib_detect(img, &b, ixy, oxy, 54, &n) < 0 ||
	    cvs_calib_homography(oxy, ixy, n, H) < 0) {
		cvs_image_free(img);
		return -1;
	}
	for (int i = 0; i < n; i++) {
		double X = oxy[2 * i], Y = oxy[2 * i + 1], w = H[6] * X + H[7] * Y + H[8];
		double u = (H[0] * X + H[1] * Y + H[2]) / w, v = (H[3] * X + H[4] * Y + H[5]) / w;
		s += (u - ixy[2 * i]) * (u - ixy[2 * i]) +
			(v - ixy[2 * i + 1]) * (v - ixy[2 * i + 1]);
	}
	cvs_image_free(img);
	return sqrt(s / n);
}

int main(int argc, char **argv)
{
	char path[1024];
	const char *what = argc > 1 ? argv[1] : "";

	if (!strcmp(what, "views") && argc == 4) {
		rchess ch = { 9, 6, 20 };
		int n = atoi(argv[3]);
		unsigned char *px = malloc(640 * 480);
		for (int i = 0; i < n && i < 10; i++) {
			rpose p;
			r_pose(&cam_a, poses[i][0], poses[i][1], poses[i][2], 80, 50, poses[i][3],
			       poses[i][4], poses[i][5], &p);
			r_render(&cam_a, &p, r_chess_tex, &ch, 3, px);
			snprintf(path, sizeof path, "%s/view%02d.png", argv[2], i);
			if (write_gray(path, px, 640, 480) < 0)
				return fail();
		}
		free(px);
		return 0;
	}
	if (!strcmp(what, "odd") && argc == 3) {
		rcam odd = cam_a;
		rchess ch = { 9, 6, 20 };
		rpose p;
		unsigned char *px = malloc(640 * 480);
		odd.dist[0] = 1.0;
		odd.dist[1] = 0;
		r_pose(&odd, 20, -15, 0, 80, 50, 250, 200, 440, &p);
		r_render(&odd, &p, r_chess_tex, &ch, 3, px);
		if (write_gray(argv[2], px, 640, 480) < 0)
			return fail();
		free(px);
		return 0;
	}
	if (!strcmp(what, "camera") && argc == 3)
		return write_camera(&cam_a, argv[2]) < 0 ? fail() : 0;
	if (!strcmp(what, "marker") && argc == 3) {
		struct card c;
		int d, dsz, n1;
		rpose p;
		double u1, v1, u2, v2;
		unsigned char *px = malloc((size_t)cam_b.w * (size_t)cam_b.h);
		if (cvs_aruco_dictionary("4x4_50", &d, &dsz) < 0 ||
		    cvs_aruco_cells(d, 0, c.m0, &c.n) < 0 || cvs_aruco_cells(d, 1, c.m1, &n1) < 0)
			return fail();
		/* tilted 25 and 15 degrees, card centre at the image centre, 600 mm */
		r_pose(&cam_b, 25, 15, 5, 90, 40, 400, 300, 600, &p);
		r_render(&cam_b, &p, card_tex, &c, 3, px);
		snprintf(path, sizeof path, "%s/scene.png", argv[2]);
		if (write_gray(path, px, cam_b.w, cam_b.h) < 0)
			return fail();
		snprintf(path, sizeof path, "%s/cam.yml", argv[2]);
		if (write_camera(&cam_b, path) < 0)
			return fail();
		/* two points 150 mm apart along the card's lower part */
		r_project(&cam_b, &p, 10, 95, &u1, &v1);
		r_project(&cam_b, &p, 160, 95, &u2, &v2);
		printf("150:%.3f,%.3f,%.3f,%.3f\n", u1, v1, u2, v2);
		free(px);
		return 0;
	}
	if (!strcmp(what, "blank") && argc == 5) {
		int w = atoi(argv[3]), h = atoi(argv[4]);
		unsigned char *px = malloc((size_t)w * (size_t)h);
		for (int i = 0; i < w * h; i++)
			px[i] = (unsigned char)(100 + (i % w) * 50 / w);
		if (write_gray(argv[2], px, w, h) < 0)
			return fail();
		free(px);
		return 0;
	}
	if (!strcmp(what, "straightness") && argc == 3) {
		double r = rms_to_homography(argv[2]);
		if (r < 0)
			return fail();
		printf("%.4f\n", r);
		return 0;
	}
	fprintf(stderr,
		"usage: calib_scene views DIR N | camera FILE | odd FILE | marker DIR | blank FILE W H | "
		"straightness IMAGE\n");
	return 64;
}
