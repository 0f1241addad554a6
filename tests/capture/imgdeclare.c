/*
 * imgdeclare - images for the size-limit tests of the photo readers:
 *
 *   imgdeclare size IN OUT W H   copy a PNG or JPEG, its header (PNG IHDR
 *                                with its CRC, JPEG's first SOFn) declaring
 *                                W x H pixels: the pixels themselves stay
 *                                few, so a reader that decodes before it
 *                                checks allocates for W x H
 *   imgdeclare blank W H OUT     a black W x H image (PNG or JPEG by OUT)
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvs.h"
#include "limbvol/error.h"

/* CRC-32 of PNG chunks (ISO 3309 polynomial, as the PNG specification). */
static unsigned long crc32_of(const unsigned char *p, size_t n)
{
	unsigned long c = 0xFFFFFFFFul;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xEDB88320ul ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xFFFFFFFFul;
}

static void put32(unsigned char *p, unsigned long v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static int declare(unsigned char *b, size_t n, unsigned long w, unsigned long h)
{
	if (n >= 33 && !memcmp(b, "\x89PNG", 4) && !memcmp(b + 12, "IHDR", 4)) {
		put32(b + 16, w);
		put32(b + 20, h);
		put32(b + 29, crc32_of(b + 12, 17));
		return 0;
	}
	for (size_t i = 2; n > 4 && i + 9 < n;) {
		unsigned m = b[i + 1], len = (unsigned)b[i + 2] << 8 | b[i + 3];
		if (b[i] != 0xFF)
			return -1;
		if (m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC) {
			b[i + 5] = (unsigned char)(h >> 8);
			b[i + 6] = (unsigned char)h;
			b[i + 7] = (unsigned char)(w >> 8);
			b[i + 8] = (unsigned char)w;
			return 0;
		}
		i += 2 + len;
	}
	return -1;
}

int main(int argc, char **argv)
{
	if (argc == 6 && !strcmp(argv[1], "size")) {
		FILE *f = fopen(argv[2], "rb");
		static unsigned char b[1 << 24];
		size_t n = f ? fread(b, 1, sizeof b, f) : 0;
		if (f)
			fclose(f);
		if (!n ||
		    declare(b, n, strtoul(argv[4], NULL, 10), strtoul(argv[5], NULL, 10)) < 0 ||
		    !(f = fopen(argv[3], "wb")) || fwrite(b, 1, n, f) != n || fclose(f) != 0) {
			fprintf(stderr, "imgdeclare: cannot rewrite %s\n", argv[2]);
			return 1;
		}
		return 0;
	}
	if (argc == 5 && !strcmp(argv[1], "blank")) {
		cvs_image *img = NULL;
		int rc = cvs_image_new(&img, atoi(argv[2]), atoi(argv[3]), 1);
		if (rc == 0)
			rc = cvs_image_write(img, argv[4]);
		cvs_image_free(img);
		if (rc < 0)
			fprintf(stderr, "imgdeclare: %s\n", lv_error_last()->message);
		return rc < 0;
	}
	fprintf(stderr, "usage: imgdeclare size IN OUT W H | imgdeclare blank W H OUT\n");
	return 64;
}
