/*
 * imgedit - edits of generated photos for the failure tests of
 * limbvol photo (the generator only renders photos that can be measured).
 *
 *   imgedit stretch IN OUT X Y0 Y1    rows Y0..Y1: columns 0..X-1 take the
 *                                     colour of column X (the limb then
 *                                     reaches the left edge too)
 *   imgedit copyrows IN OUT Y0 Y1 DY  rows Y0..Y1 copied DY rows lower (a
 *                                     second limb: two separate blobs)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "cvs.h"

int main(int argc, char **argv)
{
	cvs_image *img = NULL;
	cvs_view v;
	int a[4] = { 0 }, rc = 0;

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
