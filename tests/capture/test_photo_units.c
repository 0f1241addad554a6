/*
 * Pieces of the photo pipeline on inputs of known answer: EXIF blocks
 * written byte by byte (tags of CIPA DC-008), malformed ones, and the
 * tangent-line width of a circle (closed form: imaging.md), the repeat
 * sd of known terms (doc/clinical.md, "A change of photo volume"), where
 * the overlay's labels and legend go (geometry), and a sample's overlay
 * read back (the landmark at the generator's truth).
 */
#include "harness.h"
#include "limbvol/error.h"
#include "photo.h"
#include "photo_exif.h"
#include "photo_labels.h"
#include "photo_perspective.h"
#include "cvs.h"
#include "cvs_aruco.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *path = "test_photo_units.jpg";

/* SOI, APP1 with the TIFF block t[0..n), then EOI */
static void write_jpeg(const unsigned char *t, size_t n, int app_len_delta)
{
	FILE *f = fopen(path, "wb");
	unsigned len = (unsigned)(n + 8) + (unsigned)app_len_delta;
	fputc(0xFF, f);
	fputc(0xD8, f);
	fputc(0xFF, f);
	fputc(0xE1, f);
	fputc((int)(len >> 8), f);
	fputc((int)(len & 0xFF), f);
	fwrite("Exif\0\0", 1, 6, f);
	fwrite(t, 1, n, f);
	fputc(0xFF, f);
	fputc(0xD9, f);
	fclose(f);
}

/* A big-endian TIFF block: IFD0 -> Exif IFD with FocalLength 4.25 mm,
 * FocalLengthIn35mmFilm 26 mm and SubjectDistance 0.75 m. */
static size_t big_endian_block(unsigned char *t)
{
	static const unsigned char b[] = {
		'M',  'M',  0,    42,   0, 0, 0,    8, /* header, IFD0 at 8 */
		0,    1,    0x87, 0x69, 0, 4, 0,    0,    0, 1,  0, 0,
		0,    26,   0,    0,    0, 0, /* -> 26 */
		0,    3, /* Exif IFD: 3 entries */
		0x92, 0x0A, 0,    5,    0, 0, 0,    1,    0, 0,  0, 68, /* FocalLength at 68 */
		0xA4, 0x05, 0,    3,    0, 0, 0,    1,    0, 26, 0, 0, /* 26 mm equivalent */
		0x92, 0x06, 0,    5,    0, 0, 0,    1,    0, 0,  0, 76, /* SubjectDistance at 76 */
		0,    0,    0,    0, /* no next IFD */
		0,    0,    0x10, 0x9A, 0, 0, 0x03, 0xE8, /* 4250 / 1000 */
		0,    0,    0,    3,    0, 0, 0,    4, /* 3 / 4 */
	};
	memcpy(t, b, sizeof b);
	return sizeof b;
}

static void exif_tags(void)
{
	unsigned char t[128];
	photo_exif e;
	size_t n = big_endian_block(t);
	write_jpeg(t, n, 0);
	CHECK_STATUS(photo_exif_read(path, &e), LV_OK);
	CHECK_NEAR(e.focal_mm, 4.25, 1e-12);
	CHECK_NEAR(e.focal35_mm, 26, 1e-12);
	CHECK_NEAR(e.subject_distance_m, 0.75, 1e-12);
	/* 26 mm of a 43.27 mm diagonal, on a 4000 x 3000 photo (5000 px) */
	CHECK_NEAR(photo_exif_focal_px(&e, 4000, 3000), 26 / 43.2666153 * 5000, 1e-6);
}

static void exif_malformed(void)
{
	unsigned char t[128];
	photo_exif e;
	size_t n = big_endian_block(t);
	/* the rational's offset beyond the block: that tag is left out */
	t[31 + 8] = 0xFF;
	write_jpeg(t, n, 0);
	CHECK_STATUS(photo_exif_read(path, &e), LV_OK);
	CHECK(e.focal_mm == 0);
	CHECK_NEAR(e.focal35_mm, 26, 1e-12);
	/* the Exif IFD pointing at IFD0 itself: read once, no loop */
	n = big_endian_block(t);
	t[21] = 8;
	write_jpeg(t, n, 0);
	CHECK_STATUS(photo_exif_read(path, &e), LV_OK);
	/* a segment longer than the file: nothing read */
	n = big_endian_block(t);
	write_jpeg(t, n, 4000);
	CHECK_STATUS(photo_exif_read(path, &e), LV_OK);
	CHECK(e.focal35_mm == 0 && e.focal_mm == 0);
	/* not a JPEG, a missing file: no EXIF, no error */
	FILE *f = fopen(path, "wb");
	fputs("P5 1 1 255\n", f);
	fclose(f);
	CHECK_STATUS(photo_exif_read(path, &e), LV_OK);
	CHECK(isnan(photo_exif_focal_px(&e, 100, 100)));
	CHECK_STATUS(photo_exif_read("no-such-photo.jpg", &e), LV_OK);
	remove(path);
}

/* A circle of radius r centred in the plane, seen from height h: its
 * tangent lines cross the plane at u with |u - c| = r h / sqrt(h^2 - r^2)
 * straight on; off the foot by x, solve the tangents from (0, h) to the
 * circle centred at (x, 0) and check the width comes back as 2 r. */
static void tangent_width(void)
{
	double r = 50, h = 600, mm = 0.5;
	for (double x = 0; x <= 300; x += 100) {
		/* tangents from (0, h) to the circle at (x, 0): angles */
		double d = hypot(x, h), base = atan2(-h, x), off = asin(r / d);
		double u[2];
		for (int k = 0; k < 2; k++) {
			double a = base + (k ? off : -off);
			/* the line (t cos a, h + t sin a) meets the plane y = 0 */
			u[k] = -h * cos(a) / sin(a);
		}
		double u1 = fmin(u[0], u[1]), u2 = fmax(u[0], u[1]);
		/* canvas: foot at (100, 100) px, chord along x */
		double w = photo_tangent_width_cm(100 + u1 / mm, 40, 100 + u2 / mm, 40, 100, 40, h,
						  mm);
		CHECK_NEAR(w, 2 * r / 10, 1e-9);
	}
}

/* A horizontal limb (a band from y 250 to 350 px) with n site lines
 * spacing px apart and labels w x 14 px: the placed labels overlap neither
 * each other (with the gap) nor the band nor any site line, and stay in the
 * 800 x 600 image; returns how many were placed. */
static size_t labels_on_band(size_t n, double spacing, double w)
{
	photo_label l[40];
	size_t placed;
	for (size_t k = 0; k < n; k++) {
		double x = 100 + spacing * (double)k;
		/* the edges as the silhouette gives them: either order */
		l[k] = (photo_label){ .edge = { x, 350, x, 250 }, .w = w, .h = 14 };
		if (k % 3 == 1)
			l[k] = (photo_label){ .edge = { x, 250, x, 350 }, .w = w, .h = 14 };
	}
	placed = photo_labels_place(l, n, 800, 600);
	for (size_t i = 0; i < n; i++) {
		if (!l[i].placed)
			continue;
		CHECK(l[i].x >= 0 && l[i].y >= 0 && l[i].x + l[i].w <= 800 &&
		      l[i].y + l[i].h <= 600);
		/* outside the band */
		CHECK(l[i].y + l[i].h <= 250 || l[i].y >= 350);
		for (size_t k = 0; k < n; k++) {
			double x = 100 + spacing * (double)k;
			/* every line runs over the band only, the label is off it:
			 * it must also not sit on the line's extension's neighbours */
			if (k != i)
				CHECK(!(l[i].x <= x && x <= l[i].x + l[i].w && l[i].y < 350 &&
					l[i].y + l[i].h > 250));
			if (k == i || !l[k].placed)
				continue;
			int apart = l[i].x + l[i].w + PHOTO_LABEL_GAP_PX <= l[k].x ||
				l[k].x + l[k].w + PHOTO_LABEL_GAP_PX <= l[i].x ||
				l[i].y + l[i].h + PHOTO_LABEL_GAP_PX <= l[k].y ||
				l[k].y + l[k].h + PHOTO_LABEL_GAP_PX <= l[i].y;
			CHECK(apart);
		}
	}
	return placed;
}

/* Overlay labels never overlap (issue 13: "12.016.020.0..." on a horizontal
 * limb, each label written to the right of its line's end). */
static void labels_apart(void)
{
	/* labels 40 px wide on lines 30 px apart: one side cannot hold them
	 * all, the two sides can (60 px >= 40 + the gap): all placed */
	CHECK(labels_on_band(15, 30, 40) == 15);
	/* lines 10 px apart: thinned, still apart */
	size_t n = labels_on_band(40, 10, 40);
	CHECK(n >= 2 && n < 40);
	/* a label wider than the image fits nowhere */
	CHECK(labels_on_band(3, 100, 900) == 0);
}

/* Only scale, edges and readings repeat: 3, 4 and 12 (per mille) add in
 * quadrature to 13; the terms two photo sets share (section, perspective,
 * registration, card depth), however large, are not in it. */
static void repeat_sd_terms(void)
{
	struct photo_sd d;

	memset(&d, 0, sizeof d);
	d.scale = 0.003;
	d.edges = 0.004;
	d.readings = 0.012;
	CHECK_NEAR(photo_repeat_rel_sd(&d), 0.013, 1e-15);
	d.section = 0.03;
	d.perspective = 0.02;
	d.registration = 0.01;
	d.card_depth = 0.006;
	d.total = 0.05;
	CHECK_NEAR(photo_repeat_rel_sd(&d), 0.013, 1e-15);
	d.edges = 0;
	d.readings = 0;
	CHECK_NEAR(photo_repeat_rel_sd(&d), 0.003, 1e-15);
}

/* A vertical limb (x 300 to 400 px, y 0 to 600) with sites every 40 px from
 * y 100, the marker card's box to its right (x 420 to 540, y 400 to 520):
 * every label goes left of the limb (away from the card) and none meets the
 * card; the legend (200 x 100) takes the first corner clear of the limb band
 * (the sites' half length about the axis) and of the card. */
static void labels_away_from_card(void)
{
	photo_label l[10];
	const double card[4] = { 420, 400, 540, 520 }, axis[4] = { 350, 100, 350, 460 };
	double x, y;
	for (size_t k = 0; k < 10; k++)
		l[k] = (photo_label){ .edge = { 300, 100 + 40.0 * k, 400, 100 + 40.0 * k },
				      .w = 30,
				      .h = 12 };
	CHECK(photo_labels_place_avoiding(l, 10, 800, 600, card) == 10);
	for (size_t k = 0; k < 10; k++) {
		CHECK(l[k].placed && l[k].x + l[k].w <= 300);
		CHECK(l[k].x + l[k].w <= card[0] || l[k].y + l[k].h <= card[1] ||
		      l[k].y >= card[3]);
	}
	CHECK(photo_labels_corner(l, 10, card, axis, 2, 200, 100, 800, 600, 5, &x, &y) == 0);
	CHECK_NEAR(x, 5, 1e-9);
	CHECK_NEAR(y, 5, 1e-9);
	/* a card in the top left: the top right */
	const double top_left[4] = { 0, 0, 100, 100 };
	CHECK(photo_labels_corner(l, 10, top_left, axis, 2, 200, 100, 800, 600, 5, &x, &y) == 1);
	CHECK_NEAR(x, 800 - 5 - 200, 1e-9);
	/* a legend as wide as half the image meets the limb band (carried on
	 * to the image's edges) in every corner: top-left */
	CHECK(photo_labels_corner(l, 10, top_left, axis, 2, 420, 60, 800, 600, 5, &x, &y) == 0);
	CHECK_NEAR(x, 5, 1e-9);
}

/* "key": [a, b] in a truth.json (limbvol-gen's) */
static int truth_pair(const char *file, const char *key, double *a, double *b)
{
	char buf[8192], *p;
	FILE *f = fopen(file, "r");
	size_t n;
	if (!f)
		return 0;
	n = fread(buf, 1, sizeof buf - 1, f);
	fclose(f);
	buf[n] = 0;
	if (!(p = strstr(buf, key)) || !(p = strchr(p, '[')))
		return 0;
	*a = strtod(p + 1, &p);
	if (*p != ',')
		return 0;
	*b = strtod(p + 1, NULL);
	return 1;
}

/* Pixels of [x0, x1) x [y0, y1) with the colour test col (BGR). */
static long pixels(const cvs_image *img, double x0, double y0, double x1, double y1,
		   int (*col)(const unsigned char *bgr))
{
	cvs_view v;
	long n = 0;
	cvs_image_view(img, &v);
	for (int y = (int)fmax(0, y0); y < (int)fmin(v.height, y1); y++)
		for (int x = (int)fmax(0, x0); x < (int)fmin(v.width, x1); x++)
			n += col(v.data + (size_t)y * v.stride + 3 * (size_t)x);
	return n;
}
static int is_cyan(const unsigned char *c) /* the sites' 0x20e0ff */
{
	return c[0] > 180 && c[1] > 150 && c[2] < 110;
}
static int is_magenta(const unsigned char *c) /* the landmark's 0xff40ff */
{
	return c[0] > 180 && c[1] < 130 && c[2] > 180;
}
static int is_dark(const unsigned char *c)
{
	return c[0] < 60 && c[1] < 60 && c[2] < 60;
}

/* The overlay of samples/photos/leg-left's front photo (a vertical leg, the
 * card to its right, grey background): the landmark's diamond at the
 * generator's landmark_px (truth.json), no site label inside the marker
 * card's box (the marker's corners grown by PHOTO_CARD_MARGIN), the labels
 * left of the limb, and the legend's dark box in the top-right corner
 * (top-left is the limb's: its labels), where the photo is grey. */
static void overlay_pixels(void)
{
	const char *dir = LV_SOURCE_DIR "/samples/photos/leg-left", *out = "test_overlay.png";
	char fp[1024], sp[1024], tp[1024];
	photo_opts o = { 0 };
	photo_request rq = { 0, 44, 4, 0 };
	photo_view *front = NULL, *side = NULL;
	photo_result r = { 0 };
	cvs_image *img = NULL, *photo = NULL;
	double lx = NAN, ly = NAN, q[8], s;
	int size;
	cvs_view v;

	snprintf(fp, sizeof fp, "%s/front.jpg", dir);
	snprintf(sp, sizeof sp, "%s/side.jpg", dir);
	snprintf(tp, sizeof tp, "%s/truth.json", dir);
	CHECK(truth_pair(tp, "\"landmark_px\"", &lx, &ly));
	CHECK(cvs_aruco_dictionary("4x4_50", &o.dict_id, &size) == LV_OK);
	o.marker_mm = 80;
	o.keep_for_overlay = 1;
	o.axis_to_cm = 44;
	CHECK(photo_analyse(&front, fp, &o) == LV_OK && photo_analyse(&side, sp, &o) == LV_OK);
	if (!front || !side)
		goto done;
	CHECK(photo_measure(&r, front, side, &rq) == LV_OK);
	CHECK(photo_overlay_write(front, &r, 0, out) == LV_OK);
	CHECK(cvs_image_read(&img, out, CVS_READ_COLOR) == LV_OK);
	CHECK(cvs_image_read(&photo, fp, CVS_READ_COLOR) == LV_OK);
	if (!img || !photo)
		goto done;
	cvs_image_view(photo, &v);
	s = v.width;
	cvs_image_view(img, &v);
	s = v.width / s;
	lx = (lx + 0.5) * s - 0.5;
	ly = (ly + 0.5) * s - 0.5;
	CHECK(pixels(img, lx - 12, ly - 12, lx + 13, ly + 13, is_magenta) > 10);
	photo_marker_px(front, q);
	double x0 = 1e9, y0 = 1e9, x1 = -1e9, y1 = -1e9;
	for (int i = 0; i < 4; i++) {
		x0 = fmin(x0, (q[2 * i] + 0.5) * s - 0.5);
		x1 = fmax(x1, (q[2 * i] + 0.5) * s - 0.5);
		y0 = fmin(y0, (q[2 * i + 1] + 0.5) * s - 0.5);
		y1 = fmax(y1, (q[2 * i + 1] + 0.5) * s - 0.5);
	}
	double gx = (x1 - x0) * PHOTO_CARD_MARGIN, gy = (y1 - y0) * PHOTO_CARD_MARGIN;
	CHECK(x0 > lx); /* the card right of the limb */
	CHECK(pixels(img, x0 - gx, y0 - gy, x1 + gx, y1 + gy, is_cyan) == 0);
	CHECK(pixels(img, 0, 0, lx - 40, v.height, is_cyan) > 200);
	CHECK(pixels(img, v.width - 50, 10, v.width - 10, 50, is_dark) > 0.6 * 40 * 40);
	/* ... where the photo itself has no dark pixel */
	CHECK(pixels(photo, (v.width - 50) / s, 10 / s, (v.width - 10) / s, 50 / s, is_dark) == 0);
done:
	cvs_image_free(img);
	cvs_image_free(photo);
	photo_result_clear(&r);
	photo_free(front);
	photo_free(side);
	remove(out);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(exif_tags);
	RUN(exif_malformed);
	RUN(tangent_width);
	RUN(labels_apart);
	RUN(labels_away_from_card);
	RUN(overlay_pixels);
	RUN(repeat_sd_terms);
	return lv_test_done();
}
