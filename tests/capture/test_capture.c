/*
 * test_capture - the OpenCV shim of the photo pipeline on synthetic images
 * of known geometry: sub-pixel edges of the soft mask under shading and a
 * shadow, marker corners, homographies, the reduction's pixel centres.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_marker.h"
#include "cvs_photo.h"
#include "cvs_segment.h"

static const double BG[3] = { 170, 110, 40 }; /* BGR: blue */
static const double SKIN[3] = { 125, 155, 215 }; /* BGR: light skin */

static void put(cvs_view *v, int x, int y, const double *bgr)
{
	unsigned char *p = v->data + (size_t)y * v->stride + (size_t)x * 3;
	for (int c = 0; c < 3; c++)
		p[c] = (unsigned char)lround(fmin(255, fmax(0, bgr[c])));
}

/* The overlap of pixel row j ([j - 0.5, j + 0.5]) with [a, b]. */
static double cover(int j, double a, double b)
{
	return fmax(0.0, fmin(j + 0.5, b) - fmax(j - 0.5, a));
}

/*
 * A horizontal band of skin between rows y0 and y1 (real numbers, the exact
 * edges) across the whole image, shaded darker towards its edges (as a
 * round limb lit from the front), on a blue background with a shadow (the
 * background at 55 % of its light) below it.
 */
static cvs_image *band_image(int w, int h, double y0, double y1)
{
	cvs_image *img = NULL;
	cvs_view v;

	if (cvs_image_new(&img, w, h, 3) < 0)
		return NULL;
	cvs_image_view(img, &v);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			double a = cover(y, y0, y1), t = (y - (y0 + y1) / 2) / ((y1 - y0) / 2);
			double shade = 0.55 + 0.45 * sqrt(fmax(0.0, 1 - t * t));
			double shadow = (y > y1 + 6 && y < y1 + 40 && x > w / 4) ? 0.55 : 1.0;
			double px[3];
			for (int c = 0; c < 3; c++)
				px[c] = a * SKIN[c] * shade + (1 - a) * BG[c] * shadow;
			put(&v, x, y, px);
		}
	return img;
}

/* Where column x of the mask crosses 127.5 between rows lo and hi. */
static double crossing(const cvs_image *mask, int x, int lo, int hi)
{
	cvs_view v;
	cvs_image_view(mask, &v);
	for (int y = lo; y < hi; y++) {
		double a = v.data[(size_t)y * v.stride + (size_t)x];
		double b = v.data[(size_t)(y + 1) * v.stride + (size_t)x];
		if ((a - 127.5) * (b - 127.5) <= 0 && a != b)
			return y + (127.5 - a) / (b - a);
	}
	return NAN;
}

static void segment_edges_subpixel(void)
{
	/* edges at several sub-pixel phases */
	const double tops[] = { 40.0, 40.25, 40.5, 40.8 };
	for (size_t k = 0; k < sizeof tops / sizeof tops[0]; k++) {
		double y0 = tops[k], y1 = y0 + 61.3;
		cvs_image *img = band_image(240, 180, y0, y1), *mask = NULL;
		cvs_segment_info info;
		CHECK(img != NULL);
		CHECK_STATUS(cvs_segment_limb(&mask, img, NULL, 1.7, &info), LV_OK);
		if (mask) {
			/* the edge between pixel rows: the crossing of 127.5 in
			 * pixel-centre coordinates is the exact edge (a box
			 * coverage read linearly is within about 0.1 px) */
			for (int x = 20; x < 220; x += 50) {
				CHECK_NEAR(crossing(mask, x, 30, 60), y0, 0.15);
				CHECK_NEAR(crossing(mask, x, 90, 120), y1, 0.15);
			}
			CHECK_NEAR(info.limb_fraction, 61.3 / 180, 0.02);
		}
		cvs_image_free(mask);
		cvs_image_free(img);
	}
}

static void segment_shadow_is_background(void)
{
	cvs_image *img = band_image(240, 180, 40, 100), *mask = NULL;
	cvs_view v;
	CHECK_STATUS(cvs_segment_limb(&mask, img, NULL, 1.7, NULL), LV_OK);
	if (mask) {
		cvs_image_view(mask, &v);
		/* inside the shadow (rows 107..139, right of x = 60) */
		int limb = 0;
		for (int y = 110; y < 136; y++)
			for (int x = 70; x < 230; x++)
				limb += v.data[(size_t)y * v.stride + (size_t)x] >= 128;
		CHECK(limb == 0);
	}
	cvs_image_free(mask);
	cvs_image_free(img);
}

static void segment_no_contrast(void)
{
	cvs_image *img = NULL, *mask = NULL;
	cvs_view v;
	const double grey[3] = { 128, 128, 128 };
	CHECK_STATUS(cvs_image_new(&img, 64, 64, 3), LV_OK);
	cvs_image_view(img, &v);
	for (int y = 0; y < 64; y++)
		for (int x = 0; x < 64; x++)
			put(&v, x, y, grey);
	CHECK_STATUS(cvs_segment_limb(&mask, img, NULL, 1.7, NULL), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "nothing stands out from the background");
	CHECK(mask == NULL);
	cvs_image_free(img);
}

/*
 * Marker 0 of 4x4_50 drawn with cells of `cell` px, its black square's
 * top-left pixel edge at (ox, oy), on a white card with a margin of `margin`
 * cells, on a dark background.
 */
static cvs_image *marker_image(int w, int h, int ox, int oy, int cell, int margin)
{
	cvs_image *img = NULL;
	cvs_view v;
	unsigned char bits[64];
	int dict, size, n;
	const double dark[3] = { 40, 35, 30 }, white[3] = { 235, 235, 235 },
		     black[3] = { 20, 20, 20 };

	if (cvs_aruco_dictionary("4x4_50", &dict, &size) < 0 ||
	    cvs_aruco_cells(dict, 0, bits, &n) < 0 || cvs_image_new(&img, w, h, 3) < 0)
		return NULL;
	cvs_image_view(img, &v);
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			int cx = (x - ox) / cell - (x < ox), cy = (y - oy) / cell - (y < oy);
			const double *c = dark;
			if (cx >= -margin && cy >= -margin && cx < n + margin && cy < n + margin)
				c = white;
			if (cx >= 0 && cy >= 0 && cx < n && cy < n)
				c = bits[cy * n + cx] ? white : black;
			put(&v, x, y, c);
		}
	return img;
}

static void marker_corners(void)
{
	/* a thin margin (1 cell) on a dark background: the nested candidate */
	cvs_image *img = marker_image(320, 240, 101, 57, 15, 1);
	cvs_marker m[4];
	int n = 0;
	CHECK(img != NULL);
	CHECK_STATUS(cvs_marker_detect(img, NULL, 1, 0, m, 4, &n), LV_OK);
	CHECK(n == 1);
	if (n == 1) {
		/* pixel edges at 101 and 101 + 90 -> centre coordinates - 0.5;
		 * fitted sides: to a hundredth of a pixel */
		const double want[8] = { 100.5, 56.5, 190.5, 56.5, 190.5, 146.5, 100.5, 146.5 };
		CHECK(m[0].id == 0);
		for (int i = 0; i < 8; i++)
			CHECK_NEAR(m[0].corners_px[i], want[i], 0.01);
	}
	cvs_image_free(img);
}

static void marker_detect_reduced(void)
{
	/* detection on a copy reduced by 4, corners refined at full size */
	cvs_image *img = marker_image(1280, 960, 401, 233, 40, 2), *small = NULL;
	cvs_marker m[4];
	int n = 0;
	CHECK_STATUS(cvs_image_reduce(&small, img, 4), LV_OK);
	CHECK_STATUS(cvs_marker_detect(img, small, 4, 0, m, 4, &n), LV_OK);
	CHECK(n == 1);
	if (n == 1) {
		CHECK_NEAR(m[0].corners_px[0], 400.5, 0.05);
		CHECK_NEAR(m[0].corners_px[1], 232.5, 0.05);
		CHECK_NEAR(m[0].corners_px[4], 640.5, 0.05);
		CHECK_NEAR(m[0].corners_px[5], 472.5, 0.05);
	}
	cvs_image_free(small);
	cvs_image_free(img);
}

static void marker_none(void)
{
	cvs_image *img = band_image(200, 150, 40, 90);
	cvs_marker m[4];
	int n = -1;
	CHECK_STATUS(cvs_marker_detect(img, NULL, 1, 0, m, 4, &n), LV_OK);
	CHECK(n == 0);
	CHECK_STATUS(cvs_marker_detect(img, NULL, 2, 0, m, 4, &n), LV_EINVAL);
	cvs_image_free(img);
}

static void homography_maps_points(void)
{
	/* a square seen in perspective onto the unit square, and back */
	const double src[8] = { 10, 20, 110, 25, 105, 130, 5, 120 };
	const double dst[8] = { -40, -40, 40, -40, 40, 40, -40, 40 };
	double h[9];
	CHECK_STATUS(cvs_homography4(src, dst, h), LV_OK);
	for (int i = 0; i < 4; i++) {
		double x = src[2 * i], y = src[2 * i + 1], w = h[6] * x + h[7] * y + h[8];
		CHECK_NEAR((h[0] * x + h[1] * y + h[2]) / w, dst[2 * i], 1e-3);
		CHECK_NEAR((h[3] * x + h[4] * y + h[5]) / w, dst[2 * i + 1], 1e-3);
	}
	const double flat[8] = { 0, 0, 1, 1, 2, 2, 3, 3 };
	CHECK_STATUS(cvs_homography4(flat, dst, h), LV_EIMAGE);
}

static void reduce_pixel_centres(void)
{
	/* a horizontal ramp v = x: a box of f pixels averages to the value at
	 * its centre, (x' + 0.5) f - 0.5 */
	cvs_image *img = NULL, *small = NULL;
	cvs_view v, s;
	CHECK_STATUS(cvs_image_new(&img, 203, 64, 1), LV_OK);
	cvs_image_view(img, &v);
	for (int y = 0; y < 64; y++)
		for (int x = 0; x < 203; x++)
			v.data[(size_t)y * v.stride + (size_t)x] = (unsigned char)x;
	for (int f = 2; f <= 8; f *= 2) {
		CHECK_STATUS(cvs_image_reduce(&small, img, f), LV_OK);
		cvs_image_view(small, &s);
		CHECK(s.width == 203 / f);
		for (int x = 0; x < s.width; x += 7)
			CHECK_NEAR(s.data[(size_t)3 * s.stride + (size_t)x], (x + 0.5) * f - 0.5,
				   0.51);
		cvs_image_free(small);
		small = NULL;
	}
	cvs_image_free(img);
}

static void truncated_photo_refused(void)
{
	cvs_image *img = band_image(64, 48, 10, 30), *back = NULL;
	const char *path = "test_capture_tmp.jpg", *cut = "test_capture_cut.jpg";
	FILE *f, *g;
	char buf[65536];
	size_t n;
	CHECK_STATUS(cvs_image_write(img, path), LV_OK);
	CHECK_STATUS(cvs_photo_read(&back, path, CVS_READ_COLOR), LV_OK);
	cvs_image_free(back);
	back = NULL;
	f = fopen(path, "rb");
	g = fopen(cut, "wb");
	if (f && g) {
		n = fread(buf, 1, sizeof buf, f);
		fwrite(buf, 1, n * 2 / 3, g);
	}
	if (f)
		fclose(f);
	if (g)
		fclose(g);
	CHECK_STATUS(cvs_photo_read(&back, cut, CVS_READ_COLOR), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "is truncated");
	CHECK(back == NULL);
	remove(path);
	remove(cut);
	cvs_image_free(img);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(segment_edges_subpixel);
	RUN(segment_shadow_is_background);
	RUN(segment_no_contrast);
	RUN(marker_corners);
	RUN(marker_detect_reduced);
	RUN(marker_none);
	RUN(homography_maps_points);
	RUN(reduce_pixel_centres);
	RUN(truncated_photo_refused);
	return lv_test_done();
}
