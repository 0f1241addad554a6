/*
 * imgedit - edits of generated photos for the failure tests of
 * limbvol photo (the generator only renders photos that can be measured).
 *
 *   imgedit stretch IN OUT X Y0 Y1    rows Y0..Y1: columns 0..X-1 take the
 *                                     colour of column X (the limb then
 *                                     reaches the left edge too)
 *   imgedit copyrows IN OUT Y0 Y1 DY  rows Y0..Y1 copied DY rows lower (a
 *                                     second limb: two separate blobs)
 * Edits of the marker (found with the shim's detector, dictionary 4x4_50):
 *   imgedit cutmargin IN OUT CELLS    crop the photo so that its left (or
 *                                     right) edge runs CELLS cells outside
 *                                     the black square (0.5: through the
 *                                     white margin)
 *   imgedit cell IN OUT I J GRAY      paint cell (I, J) of the marker's
 *                                     6 x 6 grid (border included) GRAY
 *   imgedit exif IN.jpg OUT.jpg F35 DIST_M   insert an EXIF block (little
 *                                     endian) stating FocalLengthIn35mmFilm
 *                                     F35 mm and SubjectDistance DIST_M m (0:
 *                                     left out) after the JPEG's SOI
 *   imgedit widen IN OUT PERCENT      stretch the marker and its card
 *                                     PERCENT % wider about its centre (a
 *                                     card not printed square)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "cvs.h"
#include "cvs_marker.h"

/* Write IN with an EXIF APP1 block after its SOI marker (byte-level: the
 * JPEG data is not decoded again). */
static int exif_insert(const char *in, const char *out, int f35, double dist_m)
{
	unsigned char app[128], *buf = NULL;
	size_t n = 0, k = 0;
	long size;
	FILE *f = fopen(in, "rb");
	if (!f)
		return 66;
	fseek(f, 0, SEEK_END);
	size = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)size);
	if (!buf || fread(buf, 1, (size_t)size, f) != (size_t)size || size < 4 || buf[0] != 0xFF ||
	    buf[1] != 0xD8) {
		fclose(f);
		free(buf);
		return 65;
	}
	fclose(f);
	n = (size_t)size;
#define PUT16(v) (app[k++] = (unsigned char)((v)&0xFF), app[k++] = (unsigned char)((v) >> 8))
#define PUT32(v) (PUT16((v)&0xFFFF), PUT16(((unsigned long)(v) >> 16) & 0xFFFF))
	int entries = dist_m > 0 ? 2 : 1;
	/* APP1 marker and length (filled in below), "Exif\0\0", TIFF header */
	app[k++] = 0xFF;
	app[k++] = 0xE1;
	k += 2;
	memcpy(app + k, "Exif\0\0II*\0", 10);
	k += 10;
	PUT32(8); /* IFD0 at 8 */
	/* IFD0: one entry, the Exif IFD pointer (0x8769, LONG) at 26 */
	PUT16(1);
	PUT16(0x8769);
	PUT16(4);
	PUT32(1);
	PUT32(26);
	PUT32(0);
	/* Exif IFD at 26: FocalLengthIn35mmFilm (SHORT), SubjectDistance
	 * (RATIONAL, its value after the IFD) */
	PUT16(entries);
	PUT16(0xA405);
	PUT16(3);
	PUT32(1);
	PUT16(f35);
	PUT16(0);
	if (dist_m > 0) {
		PUT16(0x9206);
		PUT16(5);
		PUT32(1);
		PUT32(26 + 2 + 12 * entries + 4);
	}
	PUT32(0);
	if (dist_m > 0) {
		PUT32((unsigned long)(dist_m * 1000 + 0.5));
		PUT32(1000);
	}
	app[2] = (unsigned char)((k - 2) >> 8);
	app[3] = (unsigned char)((k - 2) & 0xFF);
	f = fopen(out, "wb");
	if (!f || fwrite(buf, 1, 2, f) != 2 || fwrite(app, 1, k, f) != k ||
	    fwrite(buf + 2, 1, n - 2, f) != n - 2 || fclose(f) != 0) {
		free(buf);
		return 73;
	}
	free(buf);
	return 0;
}

/* The marker's corners (the first one found), or -1. */
static int find_marker(const cvs_image *img, double *c)
{
	cvs_marker m[4];
	int n = 0;
	if (cvs_marker_detect(img, NULL, 1, 0, m, 4, &n) < 0 || n < 1)
		return -1;
	memcpy(c, m[0].corners_px, sizeof m[0].corners_px);
	return 0;
}

static int marker_edit(const char *op, cvs_image **img, char **argv)
{
	cvs_view v;
	double c[8], minx = 1e9, maxx = -1e9, miny = 1e9, maxy = -1e9, cx = 0, cy = 0;
	if (find_marker(*img, c) < 0) {
		fprintf(stderr, "imgedit: no marker found\n");
		return 65;
	}
	for (int k = 0; k < 4; k++) {
		minx = c[2 * k] < minx ? c[2 * k] : minx;
		maxx = c[2 * k] > maxx ? c[2 * k] : maxx;
		miny = c[2 * k + 1] < miny ? c[2 * k + 1] : miny;
		maxy = c[2 * k + 1] > maxy ? c[2 * k + 1] : maxy;
		cx += c[2 * k] / 4;
		cy += c[2 * k + 1] / 4;
	}
	cvs_image_view(*img, &v);
	double cell = (maxx - minx) / 6;
	if (!strcmp(op, "cutmargin")) {
		double m = atof(argv[4]) * cell;
		int left = cx < v.width / 2.0, x0, x1;
		x0 = left ? (int)(minx - m) : 0;
		x1 = left ? v.width : (int)(maxx + m) + 1;
		if (x0 < 0 || x1 > v.width || x1 - x0 < 16)
			return 65;
		cvs_view sub = v;
		sub.data = v.data + (size_t)x0 * 3;
		sub.width = x1 - x0;
		cvs_image *out = NULL;
		if (cvs_image_from_view(&out, &sub) < 0)
			return 70;
		cvs_image_free(*img);
		*img = out;
		return 0;
	}
	if (!strcmp(op, "cell")) {
		int i = atoi(argv[4]), j = atoi(argv[5]), g = atoi(argv[6]);
		/* bilinear in the quad: (u, v) in 0..1 over the black square */
		for (int y = (int)miny; y <= (int)maxy + 1; y++)
			for (int x = (int)minx; x <= (int)maxx + 1; x++) {
				double u = (x - minx) / (maxx - minx),
				       w = (y - miny) / (maxy - miny);
				if (u >= (i + 0.0) / 6 && u < (i + 1.0) / 6 && w >= (j + 0.0) / 6 &&
				    w < (j + 1.0) / 6 && x >= 0 && y >= 0 && x < v.width &&
				    y < v.height)
					memset(v.data + (size_t)y * v.stride + 3 * (size_t)x, g, 3);
			}
		return 0;
	}
	/* widen: columns of the card's box resampled from a narrower band */
	{
		double f = 1 + atof(argv[4]) / 100, half = (maxx - minx) * 1.3;
		int y0 = (int)(cy - half), y1 = (int)(cy + half), x0 = (int)(cx - half * f),
		    x1 = (int)(cx + half * f);
		unsigned char *copy = malloc((size_t)v.stride * (size_t)v.height);
		if (!copy)
			return 70;
		memcpy(copy, v.data, (size_t)v.stride * (size_t)v.height);
		for (int y = y0 < 0 ? 0 : y0; y <= y1 && y < v.height; y++)
			for (int x = x0 < 0 ? 0 : x0; x <= x1 && x < v.width; x++) {
				int sx = (int)(cx + (x - cx) / f + 0.5);
				if (sx >= 0 && sx < v.width)
					memcpy(v.data + (size_t)y * v.stride + 3 * (size_t)x,
					       copy + (size_t)y * v.stride + 3 * (size_t)sx, 3);
			}
		free(copy);
		return 0;
	}
}

int main(int argc, char **argv)
{
	cvs_image *img = NULL;
	cvs_view v;
	int a[4] = { 0 }, rc = 0;

	if (argc == 6 && !strcmp(argv[1], "exif"))
		return exif_insert(argv[2], argv[3], atoi(argv[4]), atof(argv[5]));
	int marker_op = argc >= 4 &&
		(!strcmp(argv[1], "cutmargin") || !strcmp(argv[1], "cell") ||
		 !strcmp(argv[1], "widen"));
	if (marker_op) {
		if (argc != (!strcmp(argv[1], "cell") ? 7 : 5)) {
			fprintf(stderr,
				"usage: imgedit cutmargin|widen IN OUT N, cell IN OUT I J G\n");
			return 64;
		}
		if (cvs_image_read(&img, argv[2], CVS_READ_COLOR) < 0) {
			fprintf(stderr, "imgedit: %s\n", lv_error_last()->message);
			return 66;
		}
		rc = marker_edit(argv[1], &img, argv);
		if (!rc && cvs_image_write(img, argv[3]) < 0) {
			fprintf(stderr, "imgedit: %s\n", lv_error_last()->message);
			rc = 73;
		}
		cvs_image_free(img);
		return rc;
	}
	if (argc < 6 || (strcmp(argv[1], "stretch") && strcmp(argv[1], "copyrows")) || argc != 7) {
		fprintf(stderr, "usage: imgedit stretch|copyrows IN OUT N N N\n");
		return 64;
	}
	for (int i = 0; i < 3; i++)
		a[i] = atoi(argv[4 + i]);
	if (cvs_image_read(&img, argv[2], CVS_READ_COLOR) < 0) {
		fprintf(stderr, "imgedit: %s\n", lv_error_last()->message);
		return 66;
	}
	cvs_image_view(img, &v);
	if (!strcmp(argv[1], "stretch")) {
		int x = a[0];
		for (int y = a[1]; y <= a[2]; y++) {
			unsigned char *row = v.data + (size_t)y * v.stride;
			if (y < 0 || y >= v.height || x <= 0 || x >= v.width)
				continue;
			for (int c = 0; c < x; c++)
				memcpy(row + 3 * c, row + 3 * x, 3);
		}
	} else {
		for (int y = a[1]; y >= a[0]; y--) {
			int to = y + a[2];
			if (y < 0 || y >= v.height || to < 0 || to >= v.height)
				continue;
			memcpy(v.data + (size_t)to * v.stride, v.data + (size_t)y * v.stride,
			       (size_t)v.width * 3);
		}
	}
	if (cvs_image_write(img, argv[3]) < 0) {
		fprintf(stderr, "imgedit: %s\n", lv_error_last()->message);
		rc = 73;
	}
	cvs_image_free(img);
	return rc;
}
