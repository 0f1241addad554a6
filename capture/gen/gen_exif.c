/*
 * The EXIF block limbvol-gen writes into its JPEG photos, as a phone's
 * camera does: the lens's focal length, so that limbvol photo finds the
 * rendering camera's focal length where it finds a phone's
 * (capture/src/photo_exif.c).  The pinhole has no sensor; a nominal one
 * GEN_SENSOR_MM wide is stated with it, so that FocalLength (mm) and
 * FocalPlaneXResolution (pixels per cm) give the focal length in pixels
 * exactly, and FocalLengthIn35mmFilm (whole mm, by the diagonal) rounded.
 *
 * Layout (CIPA DC-008, Exif 2.3): APP1 (FF E1, big-endian length),
 * "Exif\0\0", a big-endian TIFF header (MM, 42, IFD0 at 8); IFD0 holds Make,
 * Model, the resolution tags the standard requires and the Exif IFD's
 * offset; the Exif IFD the tags it requires (versions, components, colour
 * space, pixel dimensions) and the lens's: FocalLength, FocalPlaneX/Y-
 * Resolution, FocalPlaneResolutionUnit (3: cm) and FocalLengthIn35mmFilm.  Values longer than 4 bytes follow each IFD.  The
 * block goes after the SOI marker and the JFIF APP0 segment when there is
 * one; the compressed data is copied unchanged.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gen_opts.h"

#define GEN_SENSOR_MM 6.4 /* a phone main camera's sensor width, nominal */
#define DIAGONAL_35MM 43.2666153 /* a 36 x 24 mm frame */
#define MAX_JPEG_BYTES (512L << 20)

enum { T_SHORT = 3, T_LONG = 4, T_RATIONAL = 5, T_ASCII = 2, T_UNDEFINED = 7 };

typedef struct block {
	unsigned char b[512];
	size_t n; /* bytes written, from the TIFF header's start */
} block;

static void put16(block *k, size_t at, unsigned v)
{
	k->b[at] = (unsigned char)(v >> 8);
	k->b[at + 1] = (unsigned char)v;
}

static void put32(block *k, size_t at, unsigned long v)
{
	put16(k, at, (unsigned)(v >> 16) & 0xFFFF);
	put16(k, at + 2, (unsigned)v & 0xFFFF);
}

/* An IFD of n entries at k->n, its values after it: where entry i goes. */
typedef struct ifd {
	size_t at, data; /* the IFD's offset, the next free byte for values */
	int i;
} ifd;

static void ifd_begin(block *k, ifd *d, int n)
{
	d->at = k->n;
	d->i = 0;
	put16(k, d->at, (unsigned)n);
	d->data = d->at + 2 + 12 * (size_t)n + 4;
	put32(k, d->data - 4, 0); /* no next IFD */
	k->n = d->data;
}

/* One entry; a value of 4 bytes or less is held in it, else after the IFD. */
static void entry(block *k, ifd *d, unsigned tag, unsigned type, unsigned long count,
		  const unsigned char *value, size_t len)
{
	size_t e = d->at + 2 + 12 * (size_t)d->i++;
	put16(k, e, tag);
	put16(k, e + 2, type);
	put32(k, e + 4, count);
	put32(k, e + 8, 0);
	if (len <= 4) {
		memcpy(k->b + e + 8, value, len);
		return;
	}
	put32(k, e + 8, (unsigned long)k->n);
	memcpy(k->b + k->n, value, len);
	k->n += len + (len & 1); /* values start on a word boundary */
}

static void entry_short(block *k, ifd *d, unsigned tag, unsigned v)
{
	unsigned char b[2] = { (unsigned char)(v >> 8), (unsigned char)v };
	entry(k, d, tag, T_SHORT, 1, b, 2);
}

static void entry_rational(block *k, ifd *d, unsigned tag, unsigned long num, unsigned long den)
{
	block r;
	put32(&r, 0, num);
	put32(&r, 4, den);
	entry(k, d, tag, T_RATIONAL, 1, r.b, 8);
}

static void entry_ascii(block *k, ifd *d, unsigned tag, const char *s)
{
	entry(k, d, tag, T_ASCII, (unsigned long)strlen(s) + 1, (const unsigned char *)s,
	      strlen(s) + 1);
}

static void entry_long(block *k, ifd *d, unsigned tag, unsigned long v)
{
	unsigned char b[4] = { (unsigned char)(v >> 24), (unsigned char)(v >> 16),
			       (unsigned char)(v >> 8), (unsigned char)v };
	entry(k, d, tag, T_LONG, 1, b, 4);
}

/* IFD0: who made the photo, its nominal print resolution, where the Exif
 * IFD is (the entry's value is written by the caller at the offset returned). */
static size_t exif_ifd0(block *k)
{
	ifd d;
	ifd_begin(k, &d, 7);
	entry_ascii(k, &d, 0x010F, "limbvol");
	entry_ascii(k, &d, 0x0110, "limbvol-gen");
	entry_rational(k, &d, 0x011A, 72, 1);
	entry_rational(k, &d, 0x011B, 72, 1);
	entry_short(k, &d, 0x0128, 2); /* inches */
	entry_short(k, &d, 0x0213, 1); /* centred */
	entry_long(k, &d, 0x8769, 0);
	return d.at + 2 + 12 * 6 + 8;
}

/* The TIFF structure (from "MM") of a photo width x height px whose lens has
 * focal_px. */
static void exif_tiff(block *k, double focal_px, int width, int height)
{
	ifd d;
	double f35 = focal_px * DIAGONAL_35MM / hypot(width, height);
	/* pixels per cm of the sensor: width / (GEN_SENSOR_MM / 10), exactly */
	unsigned long res_num = (unsigned long)width * 100, res_den = lround(GEN_SENSOR_MM * 10);
	memcpy(k->b, "MM\0\x2a", 4);
	put32(k, 4, 8);
	k->n = 8;
	size_t ptr = exif_ifd0(k);
	put32(k, ptr, (unsigned long)k->n);
	ifd_begin(k, &d, 11);
	entry(k, &d, 0x9000, T_UNDEFINED, 4, (const unsigned char *)"0230", 4);
	entry(k, &d, 0x9101, T_UNDEFINED, 4, (const unsigned char *)"\1\2\3\0", 4); /* YCbCr */
	/* focal_px pixels of GEN_SENSOR_MM / width mm each: in 1/10000 mm */
	entry_rational(k, &d, 0x920A, (unsigned long)lround(focal_px * GEN_SENSOR_MM / width * 1e4),
		       10000);
	entry(k, &d, 0xA000, T_UNDEFINED, 4, (const unsigned char *)"0100", 4);
	entry_short(k, &d, 0xA001, 1); /* sRGB */
	entry_long(k, &d, 0xA002, (unsigned long)width);
	entry_long(k, &d, 0xA003, (unsigned long)height);
	entry_rational(k, &d, 0xA20E, res_num, res_den);
	entry_rational(k, &d, 0xA20F, res_num, res_den);
	entry_short(k, &d, 0xA210, 3); /* cm */
	entry_short(k, &d, 0xA405, f35 < 1 ? 1 : f35 > 65535 ? 65535 : (unsigned)lround(f35));
}

static int read_all(const char *path, unsigned char **buf, size_t *n)
{
	FILE *f = fopen(path, "rb");
	long size;
	*buf = NULL;
	if (!f)
		return -1;
	if (fseek(f, 0, SEEK_END) != 0 || (size = ftell(f)) < 4 || size > MAX_JPEG_BYTES ||
	    fseek(f, 0, SEEK_SET) != 0 || !(*buf = malloc((size_t)size)) ||
	    fread(*buf, 1, (size_t)size, f) != (size_t)size) {
		fclose(f);
		free(*buf);
		*buf = NULL;
		return -1;
	}
	fclose(f);
	*n = (size_t)size;
	return 0;
}

int gen_exif_insert(const char *in, const char *path, double focal_px, int width, int height)
{
	unsigned char *jpg = NULL, head[10];
	char tmp[4128];
	size_t n = 0, at = 2;
	block k;
	FILE *f = NULL;
	int ok;

	if (read_all(in, &jpg, &n) < 0 || jpg[0] != 0xFF || jpg[1] != 0xD8) {
		fprintf(stderr, "limbvol gen: cannot read back %s to add its EXIF block\n", in);
		free(jpg);
		return CLI_EXIT_SOFTWARE;
	}
	/* after a JFIF APP0 segment (FF E0 and its length) when there is one */
	if (n > 6 && jpg[2] == 0xFF && jpg[3] == 0xE0)
		at = 4 + (size_t)(jpg[4] << 8 | jpg[5]);
	if (at > n)
		at = 2;
	memset(&k, 0, sizeof k);
	exif_tiff(&k, focal_px, width, height);
	head[0] = 0xFF;
	head[1] = 0xE1;
	head[2] = (unsigned char)((k.n + 8) >> 8);
	head[3] = (unsigned char)(k.n + 8);
	memcpy(head + 4, "Exif\0\0", 6);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "wb");
	ok = f && fwrite(jpg, 1, at, f) == at && fwrite(head, 1, 10, f) == 10 &&
		fwrite(k.b, 1, k.n, f) == k.n && fwrite(jpg + at, 1, n - at, f) == n - at;
	ok = (f && fclose(f) == 0) && ok;
	free(jpg);
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "limbvol gen: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return CLI_EXIT_CANTCREAT;
	}
	return 0;
}
