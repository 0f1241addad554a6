/*
 * The optics a JPEG's EXIF block states (photo_exif.h).  OpenCV does not
 * read EXIF, so the few tags wanted are read here, with every size and
 * offset checked against the bytes actually read (at most
 * PHOTO_EXIF_MAX_BYTES from the start of the file; nothing else is kept).
 *
 * JPEG: FF D8, then segments FF xx with a big-endian length; EXIF is an
 * APP1 (FF E1) segment starting "Exif\0\0", followed by a TIFF header
 * (II or MM, 42, offset of IFD0).  IFD0's tag 0x8769 points to the Exif IFD,
 * which holds FocalLength (0x920A, RATIONAL, mm), SubjectDistance (0x9206,
 * RATIONAL, m), FocalPlaneXResolution (0xA20E, RATIONAL) with its unit
 * (0xA210: 2 inch, 3 cm) and FocalLengthIn35mmFilm (0xA405, SHORT, mm)
 * (CIPA DC-008, Exif 2.3).
 */
#include "photo_exif.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "limbvol/error.h"

#define MAX_IFD_ENTRIES 512
/* the diagonal of a 36 x 24 mm frame, for 35 mm equivalents */
#define DIAGONAL_35MM 43.2666153

typedef struct tiff {
	const unsigned char *p;
	size_t n;
	int big; /* MM: big-endian */
} tiff;

static int u16(const tiff *t, size_t off, unsigned *v)
{
	if (off + 2 > t->n)
		return 0;
	*v = t->big ? (unsigned)(t->p[off] << 8 | t->p[off + 1])
		    : (unsigned)(t->p[off] | t->p[off + 1] << 8);
	return 1;
}

static int u32(const tiff *t, size_t off, unsigned long *v)
{
	if (off + 4 > t->n)
		return 0;
	const unsigned char *b = t->p + off;
	*v = t->big ? ((unsigned long)b[0] << 24 | (unsigned long)b[1] << 16 |
		       (unsigned long)b[2] << 8 | b[3])
		    : ((unsigned long)b[3] << 24 | (unsigned long)b[2] << 16 |
		       (unsigned long)b[1] << 8 | b[0]);
	return 1;
}

/* The value of a RATIONAL (type 5) or SHORT (3) / LONG (4) entry. */
static int entry_value(const tiff *t, size_t e, double *v)
{
	unsigned type;
	unsigned long count, off, num, den;
	if (!u16(t, e + 2, &type) || !u32(t, e + 4, &count) || count < 1)
		return 0;
	if (type == 3) {
		unsigned s;
		if (!u16(t, e + 8, &s))
			return 0;
		*v = s;
		return 1;
	}
	if (type == 4) {
		if (!u32(t, e + 8, &off))
			return 0;
		*v = (double)off;
		return 1;
	}
	if (type != 5 || !u32(t, e + 8, &off) || !u32(t, off, &num) || !u32(t, off + 4, &den) ||
	    den == 0)
		return 0;
	*v = (double)num / (double)den;
	return 1;
}

/* Walk one IFD; tags wanted are written to out. */
static void walk_ifd(const tiff *t, unsigned long off, photo_exif *out, unsigned long *exif_ifd)
{
	unsigned n, tag;
	double v;
	if (!u16(t, off, &n) || n > MAX_IFD_ENTRIES)
		return;
	for (unsigned i = 0; i < n; i++) {
		size_t e = off + 2 + 12 * (size_t)i;
		if (!u16(t, e, &tag))
			return;
		if (!entry_value(t, e, &v) || !isfinite(v))
			continue;
		switch (tag) {
		case 0x8769:
			if (exif_ifd)
				*exif_ifd = (unsigned long)v;
			break;
		case 0x920A:
			if (v > 0 && v < 2000)
				out->focal_mm = v;
			break;
		case 0x9206:
			if (v > 0 && v < 1000)
				out->subject_distance_m = v;
			break;
		case 0xA20E:
			if (v > 0)
				out->focal_plane_res = v;
			break;
		case 0xA210:
			out->focal_plane_unit = (int)v;
			break;
		case 0xA405:
			if (v > 0 && v < 5000)
				out->focal35_mm = v;
			break;
		default:
			break;
		}
	}
}

static void parse_app1(const unsigned char *p, size_t n, photo_exif *out)
{
	tiff t;
	unsigned magic;
	unsigned long ifd0, exif_ifd = 0;
	if (n < 14 || memcmp(p, "Exif\0\0", 6) != 0)
		return;
	t.p = p + 6;
	t.n = n - 6;
	if (t.p[0] == 'I' && t.p[1] == 'I')
		t.big = 0;
	else if (t.p[0] == 'M' && t.p[1] == 'M')
		t.big = 1;
	else
		return;
	if (!u16(&t, 2, &magic) || magic != 42 || !u32(&t, 4, &ifd0))
		return;
	walk_ifd(&t, ifd0, out, &exif_ifd);
	if (exif_ifd && exif_ifd != ifd0)
		walk_ifd(&t, exif_ifd, out, NULL);
}

int photo_exif_read(const char *path, photo_exif *out)
{
	unsigned char *buf = NULL;
	size_t n = 0, i = 2;
	FILE *f;
	struct stat st;

	memset(out, 0, sizeof *out);
	f = fopen(path, "rb");
	if (!f)
		return LV_OK; /* the decoder reports a missing file */
	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode)) {
		fclose(f);
		return LV_OK;
	}
	buf = malloc(PHOTO_EXIF_MAX_BYTES);
	if (!buf) {
		fclose(f);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	n = fread(buf, 1, PHOTO_EXIF_MAX_BYTES, f);
	fclose(f);
	if (n < 4 || buf[0] != 0xFF || buf[1] != 0xD8)
		goto done; /* not a JPEG: no EXIF */
	while (i + 4 <= n) {
		unsigned marker, len;
		if (buf[i] != 0xFF)
			break;
		marker = buf[i + 1];
		if (marker == 0xFF) {
			i++; /* fill byte */
			continue;
		}
		if (marker == 0xD9 || marker == 0xDA)
			break; /* end, or the image data: no EXIF after it */
		len = (unsigned)(buf[i + 2] << 8 | buf[i + 3]);
		if (len < 2 || i + 2 + len > n)
			break;
		if (marker == 0xE1)
			parse_app1(buf + i + 4, len - 2, out);
		i += 2 + len;
	}
done:
	free(buf);
	return LV_OK;
}

double photo_exif_focal_px(const photo_exif *e, int width_px, int height_px)
{
	double diag = hypot(width_px, height_px);
	if (e->focal35_mm > 0)
		return e->focal35_mm / DIAGONAL_35MM * diag;
	if (e->focal_mm > 0 && e->focal_plane_res > 0 &&
	    (e->focal_plane_unit == 2 || e->focal_plane_unit == 3)) {
		double per_mm = e->focal_plane_res / (e->focal_plane_unit == 2 ? 25.4 : 10.0);
		return e->focal_mm * per_mm;
	}
	return NAN;
}
