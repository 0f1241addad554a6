/*
 * The limb profile picture: real properties of the image, read back with
 * libpng: its size, the limb's and the other limb's colours where their
 * circumferences say (lv_profile_plot_map), and the red flag exactly when
 * a site differs by 2 cm or more (doc/clinical.md).
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <png.h>
#include <stdlib.h>
#include <unistd.h>

struct image {
	int w, h;
	unsigned char *rgb;
};

static int read_png(const char *path, struct image *im)
{
	png_image pi;
	memset(&pi, 0, sizeof pi);
	pi.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&pi, path))
		return -1;
	pi.format = PNG_FORMAT_RGB;
	im->w = (int)pi.width;
	im->h = (int)pi.height;
	im->rgb = malloc(PNG_IMAGE_SIZE(pi));
	if (!im->rgb || !png_image_finish_read(&pi, NULL, im->rgb, 0, NULL))
		return -1;
	return 0;
}

/* Distance of the pixel at (x, y) from colour c (0xRRGGBB). */
static int off(const struct image *im, int x, int y, unsigned c)
{
	const unsigned char *p = im->rgb + 3 * ((size_t)y * (size_t)im->w + (size_t)x);
	return abs(p[0] - (int)(c >> 16)) + abs(p[1] - (int)((c >> 8) & 255)) +
		abs(p[2] - (int)(c & 255));
}

/* Pixels within a small distance of colour c anywhere in the image. */
static long count(const struct image *im, unsigned c)
{
	long n = 0;
	for (int y = 0; y < im->h; y++)
		for (int x = 0; x < im->w; x++)
			n += off(im, x, y, c) < 30;
	return n;
}

static const double sites[5] = { 0, 4, 8, 12, 16 };

static void draw(double bump, struct image *im, lv_profile **pp, lv_profile **oo,
		 lv_profile_plot_opts *o)
{
	double c[5] = { 20, 22, 24, 25, 26 }, d[5] = { 19, 21, 23, 24, 25 };
	char path[64];
	d[2] -= bump; /* the other limb smaller at 8 cm */
	snprintf(path, sizeof path, "/tmp/lv_profile_plot_%d.png", (int)getpid());
	CHECK_STATUS(lv_profile_new(pp, sites, c, 5), LV_OK);
	CHECK_STATUS(lv_profile_new(oo, sites, d, 5), LV_OK);
	CHECK_STATUS(lv_profile_plot(*pp, *oo, o, path, LV_PLOT_PNG), LV_OK);
	CHECK(read_png(path, im) == 0);
	remove(path);
}

static void colours_where_the_data_says(void)
{
	lv_profile_plot_opts o = LV_PROFILE_PLOT_OPTS_INIT;
	lv_profile *p = NULL, *q = NULL;
	struct image im = { 0, 0, NULL };
	double x, y;

	o.width_px = 700;
	o.height_px = 500;
	draw(0, &im, &p, &q, &o);
	CHECK(im.w == 700 && im.h == 500);
	/* every site of each limb: its marker's colour at its position */
	for (int i = 0; i < 5; i++) {
		CHECK_STATUS(lv_profile_plot_map(p, q, &o, sites[i],
						 lv_profile_circumference_cm(p, i), &x, &y),
			     LV_OK);
		CHECK(off(&im, (int)lround(x), (int)lround(y), LV_PROFILE_PLOT_LIMB) < 30);
		CHECK_STATUS(lv_profile_plot_map(p, q, &o, sites[i],
						 lv_profile_circumference_cm(q, i), &x, &y),
			     LV_OK);
		CHECK(off(&im, (int)lround(x), (int)lround(y), LV_PROFILE_PLOT_OTHER) < 30);
	}
	/* the limb is larger: its markers are higher in the picture */
	double y1, y2;
	lv_profile_plot_map(p, q, &o, 8, 24, &x, &y1);
	lv_profile_plot_map(p, q, &o, 8, 23, &x, &y2);
	CHECK(y1 < y2);
	/* 1 cm apart everywhere: nothing flagged */
	CHECK(count(&im, LV_PROFILE_PLOT_FLAG) == 0);
	free(im.rgb);
	lv_profile_free(p);
	lv_profile_free(q);

	/* 2.5 cm apart at 8 cm: flagged there, in red between the two limbs */
	draw(1.5, &im, &p, &q, &o);
	CHECK(count(&im, LV_PROFILE_PLOT_FLAG) > 50);
	lv_profile_plot_map(p, q, &o, 8, 24 - 1.25, &x, &y);
	CHECK(off(&im, (int)lround(x), (int)lround(y), LV_PROFILE_PLOT_FLAG) < 30);
	free(im.rgb);
	lv_profile_free(p);
	lv_profile_free(q);
}

/*
 * The site axis starts at the first site: its markers sit on the frame's
 * left edge (grey 0x888888 just above and below them), whatever the first
 * site is; the legend names the limbs it is given.
 */
static void axis_from_the_first_site(void)
{
	static const double from7[4] = { 7, 11, 15, 19 };
	double c[4] = { 20, 22, 24, 25 }, x, y, ytop;
	lv_profile_plot_opts o = LV_PROFILE_PLOT_OPTS_INIT;
	lv_profile *p = NULL;
	struct image im = { 0, 0, NULL };
	char path[64];
	int frame = 0;

	snprintf(path, sizeof path, "/tmp/lv_profile_axis_%d.png", (int)getpid());
	o.width_px = 700;
	o.height_px = 500;
	o.label = "right arm";
	CHECK_STATUS(lv_profile_new(&p, from7, c, 4), LV_OK);
	CHECK_STATUS(lv_profile_plot(p, NULL, &o, path, LV_PLOT_PNG), LV_OK);
	CHECK(read_png(path, &im) == 0);
	CHECK_STATUS(lv_profile_plot_map(p, NULL, &o, 7, 20, &x, &y), LV_OK);
	CHECK_STATUS(lv_profile_plot_map(p, NULL, &o, 7, 25, &x, &ytop), LV_OK);
	/* the frame's column is at x (the first site), a grey line between the markers */
	for (int yy = (int)ytop + 8; yy < (int)y - 8; yy++)
		for (int dx = -1; dx <= 1; dx++)
			if (off(&im, (int)lround(x) + dx, yy, 0x888888) < 30) {
				frame++;
				break;
			}
	CHECK(frame > (int)(y - ytop - 16) * 9 / 10);
	/* and nothing is plotted left of it: the column 6 px left is white there */
	CHECK(off(&im, (int)lround(x) - 6, (int)((y + ytop) / 2), 0xFFFFFF) < 30);
	free(im.rgb);
	remove(path);
	lv_profile_free(p);
}

static void bad_requests(void)
{
	lv_profile_plot_opts o = LV_PROFILE_PLOT_OPTS_INIT;
	lv_profile *p = NULL;
	double c[2] = { 20, 21 };
	CHECK_STATUS(lv_profile_new(&p, sites, c, 2), LV_OK);
	o.width_px = 10;
	CHECK_STATUS(lv_profile_plot(p, NULL, &o, "/tmp/never.png", LV_PLOT_PNG), LV_EINVAL);
	o.width_px = 900;
	CHECK_STATUS(lv_profile_plot(p, NULL, &o, "/nonexistent-dir/x.png", LV_PLOT_PNG), LV_EIO);
	CHECK(access("/nonexistent-dir/x.png", F_OK) != 0);
	lv_profile_free(p);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(colours_where_the_data_says);
	RUN(axis_from_the_first_site);
	RUN(bad_requests);
	return lv_test_done();
}
