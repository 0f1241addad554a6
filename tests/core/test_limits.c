/*
 * The documented limits of the core readers (README "Reliability"): each is
 * hit, and each refusal names the limit and where it was hit (a mask's pixel
 * cap from its header, before the pixels are allocated).  Also the
 * values that are silently wrong unless refused: a NUL inside a field, a
 * circumference or a spacing of 1e-300.
 */
#include "harness.h"
#include "limbvol/limbvol.h"

#include <stdlib.h>
#include <unistd.h>

static char path[64];

static void write_bytes(const char *data, size_t n)
{
	FILE *f;
	snprintf(path, sizeof path, "/tmp/lv_test_limits_%d.csv", (int)getpid());
	f = fopen(path, "wb");
	fwrite(data, 1, n, f);
	fclose(f);
}

/* A file of one left-arm measurement with n sites 0.1 cm apart. */
static void write_sites(size_t n)
{
	FILE *f;
	snprintf(path, sizeof path, "/tmp/lv_test_limits_%d.csv", (int)getpid());
	f = fopen(path, "wb");
	fputs("limb,site_cm,circumference_cm\n", f);
	for (size_t i = 0; i < n; i++)
		fprintf(f, "left-arm,%zu.%zu,20\n", i / 10, i % 10);
	fclose(f);
}

/* Read the whole file: the status of the first failure, else 0; groups counted. */
static int read_all(size_t *groups, size_t *first_n)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	int st;
	*groups = 0;
	if ((st = lv_tape_reader_open(&r, path)) < 0)
		return st;
	while ((st = lv_tape_reader_next(r, &g)) == 1)
		if ((*groups)++ == 0 && first_n)
			*first_n = g.n;
	lv_tape_reader_free(r);
	return st;
}

static void sites_limit_is_10000(void)
{
	size_t groups = 0, n = 0;
	write_sites(LV_MAX_SITES);
	CHECK_STATUS(read_all(&groups, &n), 0);
	CHECK(groups == 1 && n == LV_MAX_SITES);
	write_sites(9000); /* not a power of two: the old doubling stopped at 8192 */
	CHECK_STATUS(read_all(&groups, &n), 0);
	CHECK(n == 9000);
	write_sites(LV_MAX_SITES + 1);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "more than 10000 sites");
	CHECK_STR_CONTAINS(lv_error_last()->message, "LV_MAX_SITES");
	CHECK(lv_error_last()->line == LV_MAX_SITES + 2);
}

static void nul_byte_refused_with_column(void)
{
	static const char two[] = "patient,limb,site_cm,circumference_cm\n"
				  "AB\0CD,left-arm,0,20\nAB\0CD,left-arm,4,21\n"
				  "AB\0XY,right-arm,0,20\nAB\0XY,right-arm,4,21\n";
	size_t groups = 0;
	write_bytes(two, sizeof two - 1);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK(groups == 0);
	CHECK_STR_CONTAINS(lv_error_last()->message, "NUL byte");
	CHECK(lv_error_last()->line == 2 && lv_error_last()->column == 3);
	/* inside a value and in the header too */
	write_bytes("limb,site_cm,circumference_cm\nleft-arm,0,2\0"
		    "0\n",
		    45);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK(lv_error_last()->line == 2 && lv_error_last()->column == 13);
	write_bytes("limb,site\0_cm,circumference_cm\n", 31);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK(lv_error_last()->line == 1 && lv_error_last()->column == 10);
}

static void tiny_values_refused(void)
{
	static const char circ[] =
		"limb,site_cm,circumference_cm\nleft-arm,0,1e-300\nleft-arm,4,20\n";
	static const char spacing[] = "limb,site_cm,circumference_cm\nleft-arm,0,20\n"
				      "left-arm,1e-300,20\n";
	size_t groups;
	write_bytes(circ, sizeof circ - 1);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "under 1 cm");
	CHECK(lv_error_last()->line == 2 && lv_error_last()->column == 12);
	write_bytes(spacing, sizeof spacing - 1);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "less than 0.01 cm");
	CHECK(lv_error_last()->line == 3);
	CHECK_STATUS(lv_check_circumference_cm(LV_MIN_CIRCUMFERENCE_CM), 0);
	CHECK_STATUS(lv_check_width_cm(1e-300), LV_EDATA);
	CHECK_STATUS(lv_check_spacing_cm(10, 10 + LV_MIN_SPACING_CM * 1.01), 0);
}

static void line_and_field_limits(void)
{
	char *buf = malloc(LV_TAPE_MAX_LINE + 200);
	size_t groups, n;
	int len = snprintf(buf, 100, "patient,limb,site_cm,circumference_cm\n");
	/* a line of exactly the limit is read, one byte more is refused */
	n = (size_t)len;
	memcpy(buf + n, "P", 1);
	memset(buf + n + 1, ' ', LV_TAPE_MAX_LINE - 15);
	n += 1 + LV_TAPE_MAX_LINE - 15;
	memcpy(buf + n, ",left-arm,0,20\n", 15);
	n += 15;
	memcpy(buf + n, "P,left-arm,4,21\n", 16);
	n += 16;
	write_bytes(buf, n);
	CHECK_STATUS(read_all(&groups, NULL), 0);
	memmove(buf + len + 1, buf + len, n - (size_t)len);
	write_bytes(buf, n + 1);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "longer than 4096 bytes");
	CHECK(lv_error_last()->line == 2);
	/* fields per line: the header's count */
	write_bytes("limb,site_cm,circumference_cm\nleft-arm,0,20,7\n", 46);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "expected 3 fields");
	write_bytes("limb,site_cm,circumference_cm,patient,date,phase,x,y\n", 53);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "unknown column");
	/* a field of 257 bytes */
	n = (size_t)snprintf(buf, 100, "patient,limb,site_cm,circumference_cm\n");
	memset(buf + n, 'x', LV_TAPE_MAX_FIELD + 1);
	n += LV_TAPE_MAX_FIELD + 1;
	memcpy(buf + n, ",left-arm,0,20\n", 15);
	write_bytes(buf, n + 15);
	CHECK_STATUS(read_all(&groups, NULL), LV_EDATA);
	CHECK_STR_CONTAINS(lv_error_last()->message, "longer than 256 bytes");
	free(buf);
}

static unsigned long crc32_of(const unsigned char *p, size_t n)
{
	unsigned long c = 0xffffffffUL;
	for (size_t i = 0; i < n; i++) {
		c ^= p[i];
		for (int k = 0; k < 8; k++)
			c = c & 1 ? 0xedb88320UL ^ (c >> 1) : c >> 1;
	}
	return c ^ 0xffffffffUL;
}

/* A PNG that declares w x h gray pixels and holds none: refused from its header. */
static void write_png_header(unsigned long w, unsigned long h)
{
	unsigned char b[8 + 25 + 12 + 12];
	unsigned long crc;
	memcpy(b, "\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR", 16);
	for (int i = 0; i < 4; i++) {
		b[16 + i] = (unsigned char)(w >> (24 - 8 * i));
		b[20 + i] = (unsigned char)(h >> (24 - 8 * i));
	}
	memcpy(b + 24, "\x08\0\0\0\0", 5);
	crc = crc32_of(b + 12, 17);
	for (int i = 0; i < 4; i++)
		b[29 + i] = (unsigned char)(crc >> (24 - 8 * i));
	/* an empty IDAT and IEND: the header is read, the pixels are missing */
	memcpy(b + 33, "\0\0\0\0IDAT", 8);
	crc = crc32_of(b + 37, 4);
	for (int i = 0; i < 4; i++)
		b[41 + i] = (unsigned char)(crc >> (24 - 8 * i));
	memcpy(b + 45, "\0\0\0\0IEND\xae\x42\x60\x82", 12);
	write_bytes((const char *)b, sizeof b);
}

static void mask_pixel_limits(void)
{
	lv_mask *m = NULL;
	write_png_header(7745, 7745); /* 59.985 megapixels: allowed, then truncated */
	CHECK_STATUS(lv_mask_read_png(&m, path), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "truncated or damaged");
	write_png_header(7746, 7746); /* 60.0005 megapixels */
	CHECK_STATUS(lv_mask_read_png(&m, path), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "at most 60 megapixels");
	write_png_header(100001, 2);
	CHECK_STATUS(lv_mask_read_png(&m, path), LV_EIMAGE);
	CHECK_STR_CONTAINS(lv_error_last()->message, "100000 pixels a side");
	CHECK(m == NULL);
}

int main(int argc, char **argv)
{
	LV_TEST_INIT(argc, argv);
	RUN(sites_limit_is_10000);
	RUN(nul_byte_refused_with_column);
	RUN(tiny_values_refused);
	RUN(line_and_field_limits);
	RUN(mask_pixel_limits);
	unlink(path);
	return lv_test_done();
}
