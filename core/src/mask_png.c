/*
 * PNG masks through libpng's setjmp path (limbvol/mask.h).  libpng reports
 * an error by calling our error function, which keeps the message and jumps
 * back to the one setjmp of each call; everything that setjmp returns to is
 * reached through a struct in memory, so nothing depends on registers.  The
 * setjmp path (rather than the simplified API) keeps 16-bit and colour
 * values free of gamma conversion, so that an anti-aliased edge stays where
 * it was drawn.
 */
#include "mem.h"
#include "limbvol/mask.h"
#include "limbvol/error.h"

#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <png.h>
#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

struct lv_mask {
	size_t width, height;
	unsigned char *data;
};

/* Chunks (text, ICC profiles) larger than this are refused. */
#define MAX_CHUNK_BYTES (8u * 1024u * 1024u)
/* Ancillary chunks kept at most (sPLT, text, unknown ones: all dropped). */
#define MAX_CHUNKS_CACHED 16u
/*
 * Deflate expands its input at most 1032 times (zlib's technical details,
 * https://zlib.net/zlib_tech.html, "Maximum Compression Factor"), so a PNG
 * whose rows (filter bytes included) need more than 1032 times the file's
 * size cannot hold them: its header lies, and it is refused before the
 * mask is allocated (a 200-byte file declaring 7000x7000 pixels took 49 MB,
 * again for every such input the fuzzer tried).
 */
#define DEFLATE_MAX_RATIO 1032.0

/* The ancillary chunks a mask never needs: libpng skips them unread. */
static const png_byte unused_chunks[] = "bKGD\0cHRM\0eXIf\0gAMA\0hIST\0iCCP\0iTXt\0oFFs\0"
					"pCAL\0pHYs\0sBIT\0sCAL\0sPLT\0sRGB\0sTER\0tEXt\0"
					"tIME\0zTXt\0";

struct png_io {
	const char *path;
	FILE *f;
	png_structp png;
	png_infop info;
	unsigned char *pixels; /* the mask being read */
	unsigned char *row; /* one decoded row before conversion to gray */
	double file_bytes; /* the file's size */
	char msg[200];
	int oom; /* an allocation of libpng's failed */
	jmp_buf jb;
};

/* libpng's memory through the library's allocator, a failure remembered */
static png_voidp png_alloc(png_structp png, png_alloc_size_t size)
{
	void *p = mem_png_malloc(png, size);
	struct png_io *io = png_get_mem_ptr(png);
	if (!p && io)
		io->oom = 1;
	return p;
}

static void png_release(png_structp png, png_voidp p)
{
	mem_png_free(png, p);
}

static void on_error(png_structp png, png_const_charp msg)
{
	struct png_io *io = png_get_error_ptr(png);
	snprintf(io->msg, sizeof io->msg, "%s", msg ? msg : "unknown error");
	longjmp(io->jb, 1);
}

static void on_warning(png_structp png, png_const_charp msg)
{
	(void)png;
	(void)msg; /* warnings (odd chunks, bad CRCs of ancillary chunks) are not fatal */
}

void lv_mask_free(lv_mask *m)
{
	if (!m)
		return;
	mem_free(m->data);
	mem_free(m);
}

void lv_mask_get_view(const lv_mask *m, lv_mask_view *out)
{
	out->data = m->data;
	out->width_px = m->width;
	out->height_px = m->height;
	out->stride_bytes = m->width;
}

/* Rec. 709 luma of stored RGB values, in 1/65536 units. */
static void rgb_to_gray(const unsigned char *rgb, unsigned char *gray, size_t n)
{
	size_t i;
	for (i = 0; i < n; i++, rgb += 3)
		gray[i] = (unsigned char)((13933u * rgb[0] + 46871u * rgb[1] + 4732u * rgb[2] +
					   32768u) >>
					  16);
}

/* The libpng part of reading; returns 0, or the status with a message. */
static int read_png(struct png_io *io, size_t *w_out, size_t *h_out)
{
	png_uint_32 w, h;
	int depth, color, interlace, passes, pass, channels;
	size_t y;

	if (setjmp(io->jb))
		return io->oom ? lv_error_set(LV_ENOMEM, "%s: out of memory", io->path)
			       : lv_error_set(LV_EIMAGE, "%s: truncated or damaged PNG (%s)",
					      io->path, io->msg);
	png_init_io(io->png, io->f);
	png_set_sig_bytes(io->png, 8);
	png_set_chunk_malloc_max(io->png, MAX_CHUNK_BYTES);
	png_set_chunk_cache_max(io->png, MAX_CHUNKS_CACHED);
	png_set_keep_unknown_chunks(io->png, PNG_HANDLE_CHUNK_NEVER, NULL, 0);
	png_set_keep_unknown_chunks(io->png, PNG_HANDLE_CHUNK_NEVER, unused_chunks,
				    (int)(sizeof unused_chunks / 5));
	png_read_info(io->png, io->info);
	png_get_IHDR(io->png, io->info, &w, &h, &depth, &color, &interlace, NULL, NULL);
	if (w > LV_MASK_MAX_SIDE || h > LV_MASK_MAX_SIDE ||
	    (double)w * (double)h > (double)LV_MASK_MAX_PIXELS)
		return lv_error_set(LV_EIMAGE,
				    "%s: %lux%lu pixels is too large for a mask "
				    "(at most %u megapixels, %u pixels a side)",
				    io->path, (unsigned long)w, (unsigned long)h,
				    LV_MASK_MAX_PIXELS / 1000000u, LV_MASK_MAX_SIDE);
	if (w < 2 || h < 2)
		return lv_error_set(LV_EIMAGE, "%s: %lux%lu pixels is too small for a mask",
				    io->path, (unsigned long)w, (unsigned long)h);
	if (((double)png_get_rowbytes(io->png, io->info) + 1) * h >
	    DEFLATE_MAX_RATIO * io->file_bytes)
		return lv_error_set(LV_EIMAGE,
				    "%s: truncated or damaged PNG (its header declares %lux%lu "
				    "pixels, more than %.0f bytes can hold)",
				    io->path, (unsigned long)w, (unsigned long)h, io->file_bytes);

	if (color == PNG_COLOR_TYPE_PALETTE)
		png_set_palette_to_rgb(io->png);
	if (color == PNG_COLOR_TYPE_GRAY && depth < 8)
		png_set_expand_gray_1_2_4_to_8(io->png);
	if (depth == 16)
		png_set_scale_16(io->png);
	if (color & PNG_COLOR_MASK_ALPHA)
		png_set_strip_alpha(io->png);
	passes = png_set_interlace_handling(io->png);
	png_read_update_info(io->png, io->info);
	channels = png_get_channels(io->png, io->info);
	if (png_get_bit_depth(io->png, io->info) != 8 || (channels != 1 && channels != 3))
		return lv_error_set(LV_EIMAGE, "%s: unsupported PNG layout (%d channels)", io->path,
				    channels);

	io->pixels = mem_malloc((size_t)w * h);
	io->row = channels == 3 ? mem_malloc((size_t)w * 3) : NULL;
	if (!io->pixels || (channels == 3 && !io->row))
		return lv_error_set(LV_ENOMEM, "%s: out of memory for a %lux%lu mask", io->path,
				    (unsigned long)w, (unsigned long)h);
	if (channels == 3 && passes > 1)
		return lv_error_set(LV_EIMAGE,
				    "%s: interlaced colour PNG masks are not "
				    "supported (save it as gray or not interlaced)",
				    io->path);
	for (pass = 0; pass < passes; pass++)
		for (y = 0; y < h; y++) {
			unsigned char *dst = io->pixels + y * w;
			if (channels == 1) {
				png_read_row(io->png, dst, NULL);
			} else {
				png_read_row(io->png, io->row, NULL);
				rgb_to_gray(io->row, dst, w);
			}
		}
	png_read_end(io->png, NULL);
	*w_out = w;
	*h_out = h;
	return LV_OK;
}

int lv_mask_read_png(lv_mask **out, const char *path)
{
	struct png_io io;
	unsigned char sig[8];
	lv_mask *m = NULL;
	size_t w = 0, h = 0;
	int st;

	*out = NULL;
	memset(&io, 0, sizeof io);
	io.path = path;
	{
		/* O_NONBLOCK: a FIFO given as a mask must not hang the open */
		int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
		struct stat sb;
		if (fd < 0)
			return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
					    "cannot open %s: %s", path, strerror(errno));
		if (fstat(fd, &sb) < 0 || !S_ISREG(sb.st_mode)) {
			close(fd);
			return lv_error_set(LV_EIMAGE, "%s is not a regular file", path);
		}
		io.file_bytes = (double)sb.st_size;
		io.f = fdopen(fd, "rb");
		if (!io.f) {
			close(fd);
			return lv_error_set(LV_ENOMEM, "%s: out of memory", path);
		}
	}
	if (fread(sig, 1, 8, io.f) != 8 || png_sig_cmp(sig, 0, 8) != 0) {
		st = ferror(io.f)
			? lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno))
			: lv_error_set(LV_EIMAGE, "%s is not a PNG file", path);
		goto done;
	}
	io.png = png_create_read_struct_2(PNG_LIBPNG_VER_STRING, &io, on_error, on_warning, &io,
					  png_alloc, png_release);
	io.info = io.png ? png_create_info_struct(io.png) : NULL;
	if (!io.info) {
		st = lv_error_set(LV_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	if ((st = read_png(&io, &w, &h)) < 0)
		goto done;
	m = mem_malloc(sizeof *m);
	if (!m) {
		st = lv_error_set(LV_ENOMEM, "%s: out of memory", path);
		goto done;
	}
	m->width = w;
	m->height = h;
	m->data = io.pixels;
	io.pixels = NULL;
	*out = m;
	st = LV_OK;
done:
	if (io.png)
		png_destroy_read_struct(&io.png, io.info ? &io.info : NULL, NULL);
	mem_free(io.pixels);
	mem_free(io.row);
	fclose(io.f);
	return st;
}

static int write_png(struct png_io *io, const lv_mask_view *m)
{
	size_t y;

	if (setjmp(io->jb))
		return io->oom ? lv_error_set(LV_ENOMEM, "cannot write %s: out of memory", io->path)
			       : lv_error_set(LV_EIO, "cannot write %s: %s", io->path, io->msg);
	png_init_io(io->png, io->f);
	png_set_IHDR(io->png, io->info, (png_uint_32)m->width_px, (png_uint_32)m->height_px, 8,
		     PNG_COLOR_TYPE_GRAY, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
		     PNG_FILTER_TYPE_DEFAULT);
	png_write_info(io->png, io->info);
	for (y = 0; y < m->height_px; y++)
		png_write_row(io->png, m->data + y * m->stride_bytes);
	png_write_end(io->png, NULL);
	return LV_OK;
}

int lv_mask_write_png(const lv_mask_view *m, const char *path)
{
	struct png_io io;
	char *tmp = NULL;
	int fd, st;
	size_t len;

	if (!m || !m->data || !path || m->width_px < 1 || m->height_px < 1 ||
	    m->stride_bytes < m->width_px || m->width_px > LV_MASK_MAX_SIDE ||
	    m->height_px > LV_MASK_MAX_SIDE)
		return lv_error_set(LV_EINVAL, "bad mask to write");
	memset(&io, 0, sizeof io);
	io.path = path;
	len = strlen(path);
	tmp = mem_malloc(len + 16);
	if (!tmp)
		return lv_error_set(LV_ENOMEM, "out of memory");
	memcpy(tmp, path, len);
	memcpy(tmp + len, ".tmp-XXXXXX", 12);
	fd = mkstemp(tmp);
	if (fd < 0) {
		st = lv_error_set(LV_EIO, "cannot create %s: %s", path, strerror(errno));
		mem_free(tmp);
		return st;
	}
	io.f = fdopen(fd, "wb");
	if (!io.f) {
		st = lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
		close(fd);
		goto done;
	}
	io.png = png_create_write_struct_2(PNG_LIBPNG_VER_STRING, &io, on_error, on_warning, &io,
					   png_alloc, png_release);
	io.info = io.png ? png_create_info_struct(io.png) : NULL;
	if (!io.info) {
		st = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	st = write_png(&io, m);
done:
	if (io.png)
		png_destroy_write_struct(&io.png, io.info ? &io.info : NULL);
	if (io.f && fclose(io.f) != 0 && st == LV_OK)
		st = lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
	if (st == LV_OK && rename(tmp, path) != 0)
		st = lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
	if (st != LV_OK)
		unlink(tmp);
	mem_free(tmp);
	return st;
}
