/*
 * PNG masks.  The PNG files of the various layouts (16-bit, RGB, palette,
 * 1-bit, truncated) are written by a tiny encoder in this test (stored
 * deflate blocks, CRC-32 and Adler-32 by hand), independently of libpng.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

static char dir[64];

static const char *tmp_path(const char *name)
{
	static char buf[256];
	snprintf(buf, sizeof buf, "%s/%s", dir, name);
	return buf;
}

static uint32_t crc_table[256];

static uint32_t crc32_of(const unsigned char *p, size_t n, uint32_t c)
{
	if (!crc_table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;
			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
			crc_table[i] = v;
		}
	c = ~c;
	for (size_t i = 0; i < n; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return ~c;
}

static void be32(unsigned char *p, uint32_t v)
{
	p[0] = (unsigned char)(v >> 24);
	p[1] = (unsigned char)(v >> 16);
	p[2] = (unsigned char)(v >> 8);
	p[3] = (unsigned char)v;
}

static void chunk(FILE *f, const char *type, const unsigned char *data, size_t n)
{
	unsigned char hdr[8], crc[4];
	be32(hdr, (uint32_t)n);
	memcpy(hdr + 4, type, 4);
	fwrite(hdr, 1, 8, f);
	if (n)
		fwrite(data, 1, n, f);
	be32(crc, crc32_of(data, n, crc32_of(hdr + 4, 4, 0)));
	fwrite(crc, 1, 4, f);
}

/*
 * A PNG of the given IHDR layout whose raw scanlines (filter byte 0 added
 * here) are `raw`, `row_bytes` each; palette (RGB triples) when given.
 */
static void write_png_il(const char *path, uint32_t w, uint32_t h, int depth, int color,
			 const unsigned char *raw, size_t row_bytes, const unsigned char *plte,
			 size_t plte_n, int adam7);

static void write_png(const char *path, uint32_t w, uint32_t h, int depth, int color,
		      const unsigned char *raw, size_t row_bytes, const unsigned char *plte,
		      size_t plte_n)
{
	write_png_il(path, w, h, depth, color, raw, row_bytes, plte, plte_n, 0);
}

/*
 * adam7: interlaced, for 8-bit gray only: seven passes, each a sub-image of
 * the pixels at (x0 + i dx, y0 + j dy) with its own filter bytes.
 */
static void write_png_il(const char *path, uint32_t w, uint32_t h, int depth, int color,
			 const unsigned char *raw, size_t row_bytes, const unsigned char *plte,
			 size_t plte_n, int adam7)
{
	FILE *f = fopen(path, "wb");
	static const unsigned char sig[8] = { 137, 80, 78, 71, 13, 10, 26, 10 };
	static const int p7[7][4] = { { 0, 0, 8, 8 }, { 4, 0, 8, 8 }, { 0, 4, 4, 8 },
				      { 2, 0, 4, 4 }, { 0, 2, 2, 4 }, { 1, 0, 2, 2 },
				      { 0, 1, 1, 2 } };
	unsigned char ihdr[13];
	size_t n = h * (row_bytes + 1) + (adam7 ? 7 * (h + 1) : 0), blocks = n / 65535 + 1;
	unsigned char *z = malloc(n + 5 * blocks + 6), *scan = malloc(n), *q = z;
	uint32_t a = 1, b = 0;

	if (!adam7) {
		for (uint32_t y = 0; y < h; y++) {
			scan[y * (row_bytes + 1)] = 0;
			memcpy(scan + y * (row_bytes + 1) + 1, raw + y * row_bytes, row_bytes);
		}
	} else {
		size_t k = 0;
		for (int p = 0; p < 7; p++) {
			uint32_t x0 = (uint32_t)p7[p][0], y0 = (uint32_t)p7[p][1];
			uint32_t dx = (uint32_t)p7[p][2], dy = (uint32_t)p7[p][3];
			if (x0 >= w || y0 >= h)
				continue; /* an empty pass has no rows at all */
			for (uint32_t y = y0; y < h; y += dy) {
				scan[k++] = 0;
				for (uint32_t x = x0; x < w; x += dx)
					scan[k++] = raw[y * row_bytes + x];
			}
		}
		n = k;
	}
	*q++ = 0x78;
	*q++ = 0x01;
	for (size_t off = 0; off < n || off == 0;) {
		size_t len = n - off > 65535 ? 65535 : n - off;
		*q++ = off + len == n;
		*q++ = (unsigned char)len;
		*q++ = (unsigned char)(len >> 8);
		*q++ = (unsigned char)~len;
		*q++ = (unsigned char)(~len >> 8);
		memcpy(q, scan + off, len);
		q += len;
		off += len;
		if (!len)
			break;
	}
	for (size_t i = 0; i < n; i++) {
		a = (a + scan[i]) % 65521;
		b = (b + a) % 65521;
	}
	be32(q, (b << 16) | a);
	q += 4;
	be32(ihdr, w);
	be32(ihdr + 4, h);
	ihdr[8] = (unsigned char)depth;
	ihdr[9] = (unsigned char)color;
	ihdr[10] = ihdr[11] = 0;
	ihdr[12] = (unsigned char)(adam7 != 0);
	fwrite(sig, 1, 8, f);
	chunk(f, "IHDR", ihdr, 13);
	if (plte)
		chunk(f, "PLTE", plte, plte_n * 3);
	chunk(f, "IDAT", z, (size_t)(q - z));
	chunk(f, "IEND", NULL, 0);
	fclose(f);
	free(z);
	free(scan);
}

static lv_mask *read_ok(const char *path)
{
	lv_mask *m = NULL;
	int st = lv_mask_read_png(&m, path);
	if (st < 0)
		fprintf(stderr, "read %s: %s\n", path, lv_error_last()->message);
	CHECK(st == LV_OK && m);
	return m;
}

/* 8-bit gray written by limbvol and read back unchanged; and by hand. */
static void gray8(void)
{
	unsigned char px[7 * 5];
	for (int i = 0; i < 35; i++)
		px[i] = (unsigned char)(i * 7);
	lv_mask_view v = { px, 7, 5, 7 }, r;
	CHECK_STATUS(lv_mask_write_png(&v, tmp_path("a.png")), LV_OK);
	lv_mask *m = read_ok(tmp_path("a.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK(r.width_px == 7 && r.height_px == 5 && r.stride_bytes == 7);
		CHECK(!memcmp(r.data, px, 35));
		lv_mask_free(m);
	}
	write_png(tmp_path("b.png"), 7, 5, 8, 0, px, 7, NULL, 0);
	m = read_ok(tmp_path("b.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK(!memcmp(r.data, px, 35));
		lv_mask_free(m);
	}
	/* interlaced (Adam7) */
	write_png_il(tmp_path("il.png"), 7, 5, 8, 0, px, 7, NULL, 0, 1);
	m = read_ok(tmp_path("il.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK(!memcmp(r.data, px, 35));
		lv_mask_free(m);
	}
	/* no temporary file is left next to the written one */
	CHECK(access(tmp_path("a.png.tmp"), F_OK) != 0);
	lv_mask_free(NULL);
}

/* 16-bit gray: v * 257 reads back as v; 0x8000 as 128 (to the nearest). */
static void gray16(void)
{
	unsigned char raw[2 * 4 * 2];
	uint16_t vals[8] = { 0, 257 * 10, 257 * 127, 257 * 128, 0x8000, 0x7fff, 65535, 257 * 200 };
	for (int i = 0; i < 8; i++) {
		raw[2 * i] = (unsigned char)(vals[i] >> 8);
		raw[2 * i + 1] = (unsigned char)vals[i];
	}
	write_png(tmp_path("g16.png"), 4, 2, 16, 0, raw, 8, NULL, 0);
	lv_mask *m = read_ok(tmp_path("g16.png"));
	if (m) {
		lv_mask_view r;
		lv_mask_get_view(m, &r);
		int want[8] = { 0, 10, 127, 128, 128, 127, 255, 200 };
		for (int i = 0; i < 8; i++)
			CHECK_NEAR(r.data[i], want[i], 0);
		lv_mask_free(m);
	}
}

/* RGB, RGBA and palette: luma of the stored values, alpha ignored. */
static void colour(void)
{
	unsigned char rgb[4 * 3] = { 255, 255, 255, 0, 0, 0, 255, 0, 0, 0, 255, 0 };
	write_png(tmp_path("rgb.png"), 2, 2, 8, 2, rgb, 6, NULL, 0);
	lv_mask *m = read_ok(tmp_path("rgb.png"));
	lv_mask_view r;
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK_NEAR(r.data[0], 255, 0);
		CHECK_NEAR(r.data[1], 0, 0);
		CHECK_NEAR(r.data[2], 0.2126 * 255, 0.6);
		CHECK_NEAR(r.data[3], 0.7152 * 255, 0.6);
		lv_mask_free(m);
	}
	unsigned char rgba[4 * 4] = { 255, 255, 255, 0, 0, 0, 0, 255, 200, 200, 200, 7, 9, 9, 9, 9 };
	write_png(tmp_path("rgba.png"), 2, 2, 8, 6, rgba, 8, NULL, 0);
	m = read_ok(tmp_path("rgba.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK(r.data[0] == 255 && r.data[1] == 0 && r.data[2] == 200 && r.data[3] == 9);
		lv_mask_free(m);
	}
	unsigned char plte[2 * 3] = { 0, 0, 0, 255, 255, 255 }, idx[4] = { 1, 0, 0, 1 };
	write_png(tmp_path("pal.png"), 2, 2, 8, 3, idx, 2, plte, 2);
	m = read_ok(tmp_path("pal.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		CHECK(r.data[0] == 255 && r.data[1] == 0 && r.data[2] == 0 && r.data[3] == 255);
		lv_mask_free(m);
	}
	/* 1-bit gray: 0b10100000 / 0b01000000 over 3 pixels a row */
	unsigned char bits[2] = { 0xa0, 0x40 };
	write_png(tmp_path("bit.png"), 3, 2, 1, 0, bits, 1, NULL, 0);
	m = read_ok(tmp_path("bit.png"));
	if (m) {
		lv_mask_get_view(m, &r);
		unsigned char want[6] = { 255, 0, 255, 0, 255, 0 };
		CHECK(!memcmp(r.data, want, 6));
		lv_mask_free(m);
	}
}

static void bad_files(void)
{
	lv_mask *m = (lv_mask *)dir;
	CHECK_STATUS(lv_mask_read_png(&m, tmp_path("missing.png")), LV_ENOTFOUND);
	CHECK(m == NULL);
	CHECK_STR_CONTAINS(lv_error_last()->message, "missing.png");

	FILE *f = fopen(tmp_path("text.png"), "w");
	fputs("patient,limb\n", f);
	fclose(f);
	CHECK_STATUS(lv_mask_read_png(&m, tmp_path("text.png")), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "not a PNG");
	f = fopen(tmp_path("empty.png"), "w");
	fclose(f);
	CHECK_STATUS(lv_mask_read_png(&m, tmp_path("empty.png")), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "not a PNG");

	/* a valid file cut in half: truncated */
	size_t w = 64, h = 64;
	unsigned char *px = calloc(w * h, 1);
	write_png(tmp_path("full.png"), (uint32_t)w, (uint32_t)h, 8, 0, px, w, NULL, 0);
	f = fopen(tmp_path("full.png"), "rb");
	unsigned char buf[8192];
	size_t n = fread(buf, 1, sizeof buf, f);
	fclose(f);
	for (size_t cut = 20; cut < n; cut += n / 3) {
		f = fopen(tmp_path("cut.png"), "wb");
		fwrite(buf, 1, cut, f);
		fclose(f);
		CHECK_STATUS(lv_mask_read_png(&m, tmp_path("cut.png")), LV_EIMAGE);
		CHECK_STR_CONTAINS(lv_error_last()->message, "truncated or damaged");
		CHECK(m == NULL);
	}
	/* a flipped byte in the image data: damaged (CRC) */
	buf[60] ^= 0x55;
	f = fopen(tmp_path("crc.png"), "wb");
	fwrite(buf, 1, n, f);
	fclose(f);
	CHECK_STATUS(lv_mask_read_png(&m, tmp_path("crc.png")), LV_EIMAGE);
	free(px);

	/* a header claiming 20000 x 20000 pixels is refused before allocating */
	unsigned char row[1] = { 0 };
	write_png(tmp_path("huge.png"), 1, 1, 8, 0, row, 1, NULL, 0);
	f = fopen(tmp_path("huge.png"), "r+b");
	unsigned char ihdr[17] = { 'I', 'H', 'D', 'R' }, crc[4];
	be32(ihdr + 4, 20000);
	be32(ihdr + 8, 20000);
	ihdr[12] = 8;
	fseek(f, 16, SEEK_SET);
	fwrite(ihdr + 4, 1, 13, f);
	be32(crc, crc32_of(ihdr, 17, 0));
	fwrite(crc, 1, 4, f);
	fclose(f);
	CHECK_STATUS(lv_mask_read_png(&m, tmp_path("huge.png")), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "too large");

	/* writing into a folder that does not exist */
	lv_mask_view v = { row, 1, 1, 1 };
	CHECK_STATUS(lv_mask_write_png(&v, tmp_path("no/such/dir.png")), LV_EIO);
}

/* A PNG mask measured: a bar 40 px wide at 10 px/cm is 4 cm wide. */
static void measured(void)
{
	size_t w = 300, h = 100;
	unsigned char *px = calloc(w * h, 1);
	for (size_t y = 30; y < 70; y++)
		for (size_t x = 50; x < w; x++)
			px[y * w + x] = 255;
	write_png(tmp_path("bar.png"), (uint32_t)w, (uint32_t)h, 8, 0, px, w, NULL, 0);
	lv_mask *m = read_ok(tmp_path("bar.png"));
	if (m) {
		lv_mask_view v;
		lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
		lv_silhouette *s = NULL;
		double wd;
		lv_mask_get_view(m, &v);
		o.px_per_cm = 10;
		o.origin_x_px = 100;
		o.origin_y_px = 50;
		CHECK_STATUS(lv_silhouette_measure(&s, &v, &o), LV_OK);
		CHECK_STATUS(lv_silhouette_width_at_cm(s, 10, &wd), LV_OK);
		CHECK_NEAR(wd, 4, 1e-6);
		lv_silhouette_free(s);
		lv_mask_free(m);
	}
	free(px);
}

int main(int argc, char **argv)
{
	const char *t = getenv("TMPDIR");
	snprintf(dir, sizeof dir, "%s/lvmask-XXXXXX", t && strlen(t) < 40 ? t : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	LV_TEST_INIT(argc, argv);
	RUN(gray8);
	RUN(gray16);
	RUN(colour);
	RUN(bad_files);
	RUN(measured);
	char cmd[128];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
	if (system(cmd) != 0)
		fprintf(stderr, "could not remove %s\n", dir);
	return lv_test_done();
}
