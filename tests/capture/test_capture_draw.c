/*
 * test_capture_draw - two parts of limbvol capture on synthetic frames:
 * the preview's bars keep all of their text inside the frame (the ink of a
 * text too long for one line, drawn in a bar, equals the ink of the same
 * text drawn on one line of a wide image: nothing cut off, nothing
 * dropped), and the motion detector takes a sensor's noise for stillness
 * and a moving object for movement (capture_motion.h: box averages of 8 x 8
 * pixels divide a noise of sd 8 grey levels by 8, far below the level of
 * 8 grey levels that counts as a change).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "harness.h"
#include "limbvol/error.h"
#include "capture_draw.h"
#include "capture_motion.h"
#include "cvs.h"
#include "cvs_photo.h"

#define GREEN 0x40ff40

/* Green text pixels (the halo and the bar are black) in columns [x0, x1). */
static long ink(const cvs_image *img, int x0, int x1)
{
	cvs_view v;
	long n = 0;
	cvs_image_view(img, &v);
	for (int y = 0; y < v.height; y++)
		for (int x = x0; x < x1 && x < v.width; x++)
			n += v.data[(size_t)y * v.stride + 3 * (size_t)x + 1] > 128;
	return n;
}

/* The ink of text drawn on one line, far from any edge. */
static long ink_one_line(const char *text, double px)
{
	cvs_image *wide = NULL;
	long n;
	if (cvs_image_new(&wide, 6000, 80, 3) < 0)
		return -1;
	if (cvs_draw_text(wide, 20, 50, text, GREEN, px) < 0)
		n = -1;
	else
		n = ink(wide, 0, 6000);
	cvs_image_free(wide);
	return n;
}

static void bar_case(const char *text, int at_bottom)
{
	cvs_image *img = NULL;
	long all, edge, want = ink_one_line(text, 16);
	int w = 800;

	CHECK_STATUS(cvs_image_new(&img, w, 600, 3), LV_OK);
	if (!img)
		return;
	CHECK_STATUS(capture_draw_bar(img, at_bottom, text, GREEN, 16), LV_OK);
	all = ink(img, 0, w);
	edge = ink(img, w - 4, w);
	CHECK(want > 0);
	CHECK(edge == 0);
	/* broken into lines at the same size: the same glyphs (spaces have none) */
	CHECK_REL((double)all, (double)want, 0.03);
	cvs_image_free(img);
}

/* Words of dense glyphs: cut by the frame's edge, their ink would reach it. */
static void bar_words_wrapped(void)
{
	char text[600] = "";
	for (int i = 0; i < 22; i++)
		strcat(text, i ? " WWMW" : "WWMW");
	bar_case(text, 0);
}

/* The bottom bar: pieces between the separators stay whole on their lines. */
static void bar_pieces_wrapped(void)
{
	bar_case("front taken  side -" CAPTURE_BAR_SEP "this view alone ~1999 mL, 0.0 to 40.0 "
		 "cm: whole" CAPTURE_BAR_SEP "space: take  r: retake  q/Esc: quit  WWWWWWWW",
		 1);
}

/* Too long for three lines: smaller, still inside the frame. */
static void bar_shrinks(void)
{
	char text[640] = "";
	cvs_image *img = NULL;
	for (int i = 0; i < 60; i++)
		strcat(text, i ? " WWMW" : "WWMW");
	CHECK_STATUS(cvs_image_new(&img, 400, 300, 3), LV_OK);
	if (!img)
		return;
	CHECK_STATUS(capture_draw_bar(img, 0, text, GREEN, 16), LV_OK);
	CHECK(ink(img, 0, 400) > 0);
	CHECK(ink(img, 396, 400) == 0);
	cvs_image_free(img);
}

/* The turn is not hidden while "front view taken" shows: both are in the
 * line, and the bar draws all of it in an 800 px preview. */
static void flash_keeps_the_turn(void)
{
	const char *turn = "now turn the limb and the card 90 deg";
	char line[640];

	capture_flash_line(line, sizeof line, "front view taken", turn, 1);
	CHECK(strncmp(line, "front view taken", 16) == 0);
	CHECK(strstr(line, turn) != NULL);
	bar_case(line, 0);
	capture_flash_line(line, sizeof line, "side view taken", "hold still", 0);
	CHECK(strcmp(line, "side view taken") == 0);
}

static unsigned long long rng = 88172645463325252ull;
static double gauss(void)
{
	double u, v;
	do {
		rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
		u = (double)(rng >> 11) / 9007199254740992.0;
	} while (u <= 0);
	rng ^= rng << 13, rng ^= rng >> 7, rng ^= rng << 17;
	v = (double)(rng >> 11) / 9007199254740992.0;
	return sqrt(-2 * log(u)) * cos(2 * M_PI * v);
}

/* A grey frame with noise of sd `sd`, and a bright square from x0 (none < 0). */
static void scene(cvs_image *img, double sd, int x0)
{
	cvs_view v;
	cvs_image_view(img, &v);
	for (int y = 0; y < v.height; y++)
		for (int x = 0; x < v.width; x++)
			for (int c = 0; c < 3; c++) {
				int in = x0 >= 0 && x >= x0 && x < x0 + 160 && y >= 160 && y < 320;
				double g = (in ? 220 : 110) + sd * gauss();
				v.data[(size_t)y * v.stride + 3 * (size_t)x + (size_t)c] =
					(unsigned char)fmin(255, fmax(0, lround(g)));
			}
}

static void motion_noise_is_still(void)
{
	capture_motion *m = NULL;
	cvs_image *img = NULL;
	int moving = 0;

	CHECK_STATUS(capture_motion_new(&m), LV_OK);
	CHECK_STATUS(cvs_image_new(&img, 640, 480, 3), LV_OK);
	if (!m || !img)
		return;
	for (int i = 0; i < 20; i++) {
		scene(img, 8, 100);
		CHECK_STATUS(capture_motion_feed(m, img), LV_OK);
		moving += i > 0 && capture_motion_moving(m);
	}
	CHECK(moving == 0);
	/* every frame after the first is still: a run of 19 */
	CHECK(capture_motion_still_frames(m) == 19);
	/* the square moves by 40 px: movement, the still run ends */
	scene(img, 8, 140);
	CHECK_STATUS(capture_motion_feed(m, img), LV_OK);
	CHECK(capture_motion_moving(m));
	CHECK(capture_motion_still_frames(m) == 0);
	cvs_image_free(img);
	capture_motion_free(m);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(bar_words_wrapped);
	RUN(bar_pieces_wrapped);
	RUN(bar_shrinks);
	RUN(flash_keeps_the_turn);
	RUN(motion_noise_is_still);
	return lv_test_done();
}
