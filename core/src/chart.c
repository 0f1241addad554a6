/* Shared chart machinery (chart.h): axes, colours, text, PNG/SVG/PDF output. */
#include "mem.h"
#include "chart.h"

#include <cairo-pdf.h>
#include <cairo-svg.h>
#include <errno.h>
#include <math.h>
#include <png.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "limbvol/error.h"

int lv_plot_format_of(const char *path, lv_plot_format *out)
{
	const char *dot = strrchr(path, '.');
	if (dot && !strcasecmp(dot, ".png"))
		*out = LV_PLOT_PNG;
	else if (dot && !strcasecmp(dot, ".svg"))
		*out = LV_PLOT_SVG;
	else if (dot && !strcasecmp(dot, ".pdf"))
		*out = LV_PLOT_PDF;
	else
		return lv_error_set(LV_EINVAL,
				    "the chart's file name must end in .png, .svg or .pdf");
	return LV_OK;
}

/* A tick step of 1, 2, 2.5 or 5 x 10^k giving about `target` intervals. */
static double nice_step(double range, int target)
{
	double raw = range / target, mag, f;
	if (!(raw > 0))
		return 1;
	mag = pow(10, floor(log10(raw)));
	f = raw / mag;
	return (f <= 1 ? 1 : f <= 2 ? 2 : f <= 2.5 ? 2.5 : f <= 5 ? 5 : 10) * mag;
}

void chart_axis(struct chart_axis *a, double lo, double hi, int target)
{
	double pad;
	if (!(hi > lo)) {
		pad = fabs(lo) * 0.05 + 1;
		lo -= pad;
		hi += pad;
	}
	pad = (hi - lo) * 0.06;
	lo -= pad;
	hi += pad;
	a->step = nice_step(hi - lo, target);
	a->lo = floor(lo / a->step) * a->step;
	a->hi = ceil(hi / a->step) * a->step;
}

void chart_rgb(cairo_t *cr, unsigned c, double alpha)
{
	cairo_set_source_rgba(cr, ((c >> 16) & 255) / 255.0, ((c >> 8) & 255) / 255.0,
			      (c & 255) / 255.0, alpha);
}

void chart_text(cairo_t *cr, double x, double y, const char *s, double size, int bold, double align)
{
	cairo_text_extents_t e;
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &e);
	cairo_move_to(cr, x - align * e.x_advance, y);
	cairo_show_text(cr, s);
}

double chart_text_width(cairo_t *cr, const char *s, double size, int bold)
{
	cairo_text_extents_t e;
	cairo_select_font_face(cr, "DejaVu Sans", CAIRO_FONT_SLANT_NORMAL,
			       bold ? CAIRO_FONT_WEIGHT_BOLD : CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size);
	cairo_text_extents(cr, s, &e);
	return e.x_advance;
}

void chart_text_fit(cairo_t *cr, double x, double y, const char *s, double size, int bold,
		    double align, double width)
{
	double w = chart_text_width(cr, s, size, bold);
	if (w > width && w > 0)
		size *= width / w;
	chart_text(cr, x, y, s, size, bold, align);
}

/*
 * The PNG through libpng's setjmp path rather than cairo's writer: RGB
 * without the (always opaque) alpha and a fast compression level make it
 * about 3x quicker and a third smaller; the chart is line art.
 */
static int write_png(cairo_surface_t *sf, const char *path)
{
	int w = cairo_image_surface_get_width(sf), h = cairo_image_surface_get_height(sf);
	int stride = cairo_image_surface_get_stride(sf);
	const unsigned char *data;
	png_structp png = NULL;
	png_infop info = NULL;
	unsigned char *volatile row = NULL;
	FILE *volatile f = NULL;
	volatile int ret = LV_EIO;

	cairo_surface_flush(sf);
	data = cairo_image_surface_get_data(sf);
	if (!data || !(row = mem_malloc((size_t)w * 3)) || !(f = fopen(path, "wb")))
		goto done;
	png = png_create_write_struct(PNG_LIBPNG_VER_STRING, NULL, NULL, NULL);
	if (!png || !(info = png_create_info_struct(png)))
		goto done;
	if (setjmp(png_jmpbuf(png)))
		goto done;
	png_init_io(png, f);
	png_set_compression_level(png, 1);
	png_set_filter(png, 0, PNG_FILTER_UP);
	png_set_IHDR(png, info, (png_uint_32)w, (png_uint_32)h, 8, PNG_COLOR_TYPE_RGB,
		     PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT, PNG_FILTER_TYPE_DEFAULT);
	png_write_info(png, info);
	for (int y = 0; y < h; y++) {
		const uint32_t *src =
			(const uint32_t *)(const void *)(data + (size_t)y * (size_t)stride);
		for (int x = 0; x < w; x++) {
			/* CAIRO_FORMAT_RGB24: 0x00RRGGBB in native order */
			row[3 * x] = (unsigned char)(src[x] >> 16);
			row[3 * x + 1] = (unsigned char)(src[x] >> 8);
			row[3 * x + 2] = (unsigned char)src[x];
		}
		png_write_row(png, row);
	}
	png_write_end(png, info);
	ret = LV_OK;
done:
	png_destroy_write_struct(&png, &info);
	mem_free(row);
	if (f && fclose(f) != 0)
		ret = LV_EIO;
	return ret;
}

int chart_render(const char *path, lv_plot_format fmt, int width, int height, const char *title,
		 void (*draw)(cairo_t *cr, const void *ctx), const void *ctx)
{
	return chart_render_page(path, fmt, width, height, 1, title, draw, ctx);
}

int chart_render_page(const char *path, lv_plot_format fmt, double width, double height,
		      double png_scale, const char *title,
		      void (*draw)(cairo_t *cr, const void *ctx), const void *ctx)
{
	cairo_surface_t *sf = NULL;
	cairo_t *cr = NULL;
	char tmp[4200];
	int fd, ret = LV_OK;
	cairo_status_t st;

	if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", path) >= (int)sizeof tmp)
		return lv_error_set(LV_EINVAL, "the chart's path is too long");
	fd = mkstemp(tmp);
	if (fd < 0)
		return lv_error_set(LV_EIO, "cannot create %s: %s", path, strerror(errno));
	close(fd);
	if (fmt == LV_PLOT_PNG)
		sf = cairo_image_surface_create(CAIRO_FORMAT_RGB24, (int)lround(width * png_scale),
						(int)lround(height * png_scale));
	else if (fmt == LV_PLOT_SVG)
		sf = cairo_svg_surface_create(tmp, width, height);
	else
		sf = cairo_pdf_surface_create(tmp, width, height);
	if (cairo_surface_status(sf) != CAIRO_STATUS_SUCCESS) {
		ret = lv_error_set(LV_EIO, "cannot draw the chart: %s",
				   cairo_status_to_string(cairo_surface_status(sf)));
		goto done;
	}
	if (fmt == LV_PLOT_PDF) {
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_TITLE, title);
		cairo_pdf_surface_set_metadata(sf, CAIRO_PDF_METADATA_CREATOR, "limbvol");
	}
	cr = cairo_create(sf);
	if (fmt == LV_PLOT_PNG && png_scale != 1)
		cairo_scale(cr, png_scale, png_scale);
	draw(cr, ctx);
	st = cairo_status(cr);
	cairo_destroy(cr);
	cr = NULL;
	if (st == CAIRO_STATUS_SUCCESS && fmt == LV_PLOT_PNG && write_png(sf, tmp) < 0) {
		ret = lv_error_set(LV_EIO, "cannot write %s", path);
		goto done;
	}
	cairo_surface_finish(sf);
	if (st == CAIRO_STATUS_SUCCESS)
		st = cairo_surface_status(sf);
	if (st != CAIRO_STATUS_SUCCESS) {
		ret = lv_error_set(LV_EIO, "cannot write %s: %s", path, cairo_status_to_string(st));
		goto done;
	}
	if (rename(tmp, path) < 0) {
		ret = lv_error_set(LV_EIO, "cannot write %s", path);
		goto done;
	}
	tmp[0] = '\0';
done:
	cairo_surface_destroy(sf);
	if (tmp[0])
		unlink(tmp);
	return ret;
}
