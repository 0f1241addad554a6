/*
 * mkmask KIND OUT.png: masks that `limbvol mask` must refuse, drawn here
 * (the generator only draws good limbs).
 *   two-blobs   two limbs of similar size, both leaving the frame
 *   both-ends   a limb crossing the frame from edge to edge
 *   inside      a limb that does not leave the frame
 *   empty       no limb pixel at all
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/limbvol.h"

static void fill(unsigned char *m, size_t w, size_t x0, size_t y0, size_t x1, size_t y1)
{
	for (size_t y = y0; y < y1; y++)
		memset(m + y * w + x0, 255, x1 - x0);
}

int main(int argc, char **argv)
{
	size_t w = 400, h = 200;
	unsigned char *m = calloc(w * h, 1);
	lv_mask_view v = { m, w, h, w };

	if (argc != 3 || !m)
		return 64;
	if (!strcmp(argv[1], "two-blobs")) {
		fill(m, w, 100, 30, 400, 70);
		fill(m, w, 120, 120, 400, 165);
	} else if (!strcmp(argv[1], "both-ends")) {
		fill(m, w, 0, 80, 400, 120);
	} else if (!strcmp(argv[1], "inside")) {
		fill(m, w, 50, 80, 300, 120);
	} else if (strcmp(argv[1], "empty")) {
		return 64;
	}
	if (lv_mask_write_png(&v, argv[2]) < 0) {
		fprintf(stderr, "mkmask: %s\n", lv_error_last()->message);
		return 1;
	}
	free(m);
	return 0;
}
