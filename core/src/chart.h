/*
 * chart.h - what every limbvol chart shares (internal): axes with round
 * ticks, colours and text, and rendering to PNG, SVG or PDF from one drawing
 * function, through a temporary file renamed into place.
 */
#ifndef CHART_H
#define CHART_H

#include <cairo.h>

#include "limbvol/trend.h"

struct chart_axis {
	double lo, hi, step; /* value range and tick step */
};

/* An axis over [lo, hi] padded a little, with about `target` round ticks. */
void chart_axis(struct chart_axis *a, double lo, double hi, int target);

/* Colour 0xRRGGBB with an alpha. */
void chart_rgb(cairo_t *cr, unsigned c, double alpha);

/* Text at (x, y baseline); align 0 left, 0.5 centre, 1 right. */
void chart_text(cairo_t *cr, double x, double y, const char *s, double size, int bold,
		double align);

/* The advance width of a text at a size. */
double chart_text_width(cairo_t *cr, const char *s, double size, int bold);

/* chart_text, shrunk so that it is at most width wide. */
void chart_text_fit(cairo_t *cr, double x, double y, const char *s, double size, int bold,
		    double align, double width);

/*
 * Draw with draw(cr, ctx) on a width x height surface and write it to path as
 * fmt (PDF with `title` as its metadata).  All or nothing: a temporary file
 * renamed into place.
 */
int chart_render(const char *path, lv_plot_format fmt, int width, int height, const char *title,
		 void (*draw)(cairo_t *cr, const void *ctx), const void *ctx);

/*
 * The same for a page of width x height points (A4: 595.28 x 841.89); a PNG
 * gets png_scale pixels per point (150 dpi: 150 / 72.0).
 */
int chart_render_page(const char *path, lv_plot_format fmt, double width, double height,
		      double png_scale, const char *title,
		      void (*draw)(cairo_t *cr, const void *ctx), const void *ctx);

#endif
