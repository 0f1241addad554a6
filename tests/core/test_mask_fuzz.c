/*
 * The PNG mask reader, and the silhouette code behind it, on thousands of
 * mutated files (a deterministic fuzz run in the test suite; under the Asan
 * build it also proves nothing is read or written out of bounds).  Half of
 * the mutants get their chunk CRCs recomputed, so that the damage reaches
 * libpng's header checks and the compressed data instead of stopping at the
 * first CRC.  Whatever the input, the reader returns a mask of the declared
 * size or fails with LV_EIMAGE and a message naming the file; measuring
 * what it returns succeeds or fails cleanly.  LV_FUZZ_KEEP=RUN keeps that
 * run's mutant as /tmp/lvfuzz-RUN.png, to reproduce a failure.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdint.h>
#include <stdlib.h>
#include <unistd.h>

#define RUNS 3000

static uint64_t rng = 0x2545F4914F6CDD1Du;
static unsigned next_rand(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (unsigned)(rng >> 16);
}

static uint32_t crc_table[256];

static uint32_t crc32_of(const unsigned char *p, size_t n)
{
	uint32_t c = 0xFFFFFFFFu;
	if (!crc_table[1])
		for (uint32_t i = 0; i < 256; i++) {
			uint32_t v = i;
			for (int k = 0; k < 8; k++)
				v = v & 1 ? 0xEDB88320u ^ (v >> 1) : v >> 1;
			crc_table[i] = v;
		}
	for (size_t i = 0; i < n; i++)
		c = crc_table[(c ^ p[i]) & 0xff] ^ (c >> 8);
	return ~c;
}

static uint32_t be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* Recompute every complete chunk's CRC. */
static void fix_crcs(unsigned char *b, size_t len)
{
	size_t at = 8;
	while (at + 12 <= len) {
		uint32_t n = be32(b + at);
		uint32_t c;
		if (n > len - at - 12)
			break;
		c = crc32_of(b + at + 4, n + 4);
		b[at + 8 + n] = (unsigned char)(c >> 24);
		b[at + 9 + n] = (unsigned char)(c >> 16);
		b[at + 10 + n] = (unsigned char)(c >> 8);
		b[at + 11 + n] = (unsigned char)c;
		at += 12 + n;
	}
}

static size_t mutate(unsigned char *b, size_t len, size_t cap)
{
	int edits = 1 + (int)(next_rand() % 3);
	for (int i = 0; i < edits && len > 8; i++) {
		size_t at = 8 + next_rand() % (len - 8);
		switch (next_rand() % 5) {
		case 0: /* flip a byte */
			b[at] ^= (unsigned char)(1 + next_rand() % 255);
			break;
		case 1: /* set a byte to an edge value */
			b[at] = (unsigned char)((const unsigned char[]){ 0, 0xff, 0x7f, 0x80,
									 1 }[next_rand() % 5]);
			break;
		case 2: /* truncate */
			len = at;
			break;
		case 3: /* duplicate a stretch */
			if (len < cap) {
				size_t n = 1 + next_rand() % 16;
				if (n > cap - len)
					n = cap - len;
				if (n > len - at)
					n = len - at;
				memmove(b + at + n, b + at, len - at);
				len += n;
			}
			break;
		default: /* delete a stretch */ {
			size_t n = 1 + next_rand() % 16;
			if (n > len - at)
				n = len - at;
			memmove(b + at, b + at + n, len - at - n);
			len -= n;
		}
		}
	}
	return len;
}

static void fuzz_reader(void)
{
	char dir[] = "/tmp/lvmaskfuzz-XXXXXX", path[64];
	size_t w = 64, h = 40, len, cap = 1 << 16;
	unsigned char *px = calloc(w * h, 1), *orig = malloc(cap), *buf = malloc(cap);
	lv_mask_view v = { px, w, h, w };
	int ok = 0, refused = 0, other = 0;
	FILE *f;

	if (!mkdtemp(dir) || !px || !orig || !buf) {
		CHECK(0);
		return;
	}
	snprintf(path, sizeof path, "%s/m.png", dir);
	/* a limb leaving the frame with an anti-aliased edge */
	for (size_t y = 0; y < h; y++)
		for (size_t x = 0; x < w; x++) {
			double d = 8.0 + 0.05 * (double)x - fabs((double)y - 20);
			px[y * w + x] = x < 10 ? 0
				: d > 0.5      ? 255
				: d < -0.5     ? 0
					       : (unsigned char)((d + 0.5) * 255);
		}
	CHECK_STATUS(lv_mask_write_png(&v, path), LV_OK);
	f = fopen(path, "rb");
	len = f ? fread(orig, 1, cap, f) : 0;
	if (f)
		fclose(f);
	CHECK(len > 8);

	for (int run = 0; run < RUNS; run++) {
		size_t n;
		lv_mask *m = NULL;
		int st;
		memcpy(buf, orig, len);
		n = mutate(buf, len, cap);
		if (run % 2)
			fix_crcs(buf, n);
		f = fopen(path, "wb");
		fwrite(buf, 1, n, f);
		fclose(f);
		st = lv_mask_read_png(&m, path);
		if (getenv("LV_FUZZ_KEEP") && run == atoi(getenv("LV_FUZZ_KEEP"))) {
			char keep[80];
			snprintf(keep, sizeof keep, "/tmp/lvfuzz-%d.png", run);
			f = fopen(keep, "wb");
			fwrite(buf, 1, n, f);
			fclose(f);
		}
		if (st == LV_OK) {
			lv_mask_view mv;
			lv_silhouette *s = NULL;
			lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
			ok++;
			lv_mask_get_view(m, &mv);
			CHECK(mv.width_px >= 2 && mv.height_px >= 2 &&
			      mv.width_px * mv.height_px <= LV_MASK_MAX_PIXELS);
			o.px_per_cm = 10;
			o.origin_x_px = 30;
			o.origin_y_px = 20;
			st = lv_silhouette_measure(&s, &mv, &o);
			if (!(st == LV_OK || st == LV_EIMAGE || st == LV_EINVAL))
				fprintf(stderr, "run %d: measure %d: %s\n", run, st,
					lv_error_last()->message);
			CHECK(st == LV_OK || st == LV_EIMAGE || st == LV_EINVAL);
			CHECK((st == LV_OK) == (s != NULL));
			lv_silhouette_free(s);
			lv_mask_free(m);
		} else if (st == LV_EIMAGE) {
			refused++;
			CHECK(m == NULL);
			CHECK_STR_CONTAINS(lv_error_last()->message, "m.png");
		} else {
			other++;
			fprintf(stderr, "run %d: status %d: %s\n", run, st,
				lv_error_last()->message);
		}
	}
	printf("%d mutants: %d read, %d refused\n", RUNS, ok, refused);
	CHECK(other == 0);
	CHECK(ok > 0 && refused > RUNS / 4);
	remove(path);
	rmdir(dir);
	free(px);
	free(orig);
	free(buf);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(fuzz_reader);
	return lv_test_done();
}
