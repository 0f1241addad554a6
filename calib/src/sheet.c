/*
 * Printable sheets: boards and markers at true scale (cairo), with a
 * 100 mm ruler and the expected sizes written on the sheet so that a user
 * can see when the printer scaled the page ("fit to page").
 */
#include "limbvol/calib.h"

#include <cairo-pdf.h>
#include <cairo.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "cvs_aruco.h"
#include "cvs_calib.h"

/* Tight enough for a 10x7 board of 25 mm on A4 (250 x 175 mm, landscape);
 * office printers leave 3 to 5 mm unprinted at the edges. */
#define MARGIN_MM 6.0
#define FOOTER_MM 23.0 /* ruler and text under the pattern */
#define MAX_DPI 600.0

void lv_sheet_paper_mm(int paper, double *width_mm, double *height_mm)
{
	if (paper == LV_PAPER_LETTER) {
		*width_mm = 215.9;
		*height_mm = 279.4;
	} else {
		*width_mm = 210;
		*height_mm = 297;
	}
}

static const char *paper_name(int paper)
{
	return paper == LV_PAPER_LETTER ? "Letter" : "A4";
}

/* "25" or "22.5": numbers on the sheet never follow the locale */
static const char *mm_text(double v, char *buf, size_t size)
{
	lv_number_format(v, fabs(v - round(v)) < 1e-9 ? 0 : 1, buf, size);
	return buf;
}

struct page {
	cairo_surface_t *surface;
	cairo_t *cr;
	double w_mm, h_mm;
	int pdf;
	char tmp[4200];
	const char *path;
};

static int ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);
	return a >= b && !strcmp(s + a - b, suffix);
}

/* A page of w x h mm (the pattern's orientation decided by the caller). */
static int page_open(struct page *pg, const char *path, double w_mm, double h_mm,
		     const lv_sheet_opts *o)
{
	double dpi = o->dpi > 0 ? o->dpi : 300;

	memset(pg, 0, sizeof *pg);
	pg->path = path;
	pg->w_mm = w_mm;
	pg->h_mm = h_mm;
	if (ends_with(path, ".pdf") || ends_with(path, ".PDF"))
		pg->pdf = 1;
	else if (!ends_with(path, ".png") && !ends_with(path, ".PNG"))
		return lv_error_set(LV_EINVAL, "%s: the output must end in .pdf or .png", path);
	if (!pg->pdf && (dpi < 72 || dpi > MAX_DPI))
		return lv_error_set(LV_EINVAL, "--dpi must be between 72 and 600, not %g", dpi);
	if (snprintf(pg->tmp, sizeof pg->tmp, "%s.tmp%ld", path, (long)getpid()) >=
	    (int)sizeof pg->tmp)
		return lv_error_set(LV_EINVAL, "output path too long");
	if (pg->pdf) {
		pg->surface = cairo_pdf_surface_create(pg->tmp, w_mm / 25.4 * 72, h_mm / 25.4 * 72);
	} else {
		int wp = (int)lround(w_mm / 25.4 * dpi), hp = (int)lround(h_mm / 25.4 * dpi);
		pg->surface = cairo_image_surface_create(CAIRO_FORMAT_RGB24, wp, hp);
	}
	if (cairo_surface_status(pg->surface) != CAIRO_STATUS_SUCCESS) {
		int rc = lv_error_set(LV_EIO, "cannot create %s: %s", path,
				      cairo_status_to_string(cairo_surface_status(pg->surface)));
		cairo_surface_destroy(pg->surface);
		pg->surface = NULL;
		remove(pg->tmp);
		return rc;
	}
	pg->cr = cairo_create(pg->surface);
	/* user units are millimetres from here on */
	if (pg->pdf)
		cairo_scale(pg->cr, 72 / 25.4, 72 / 25.4);
	else
		cairo_scale(pg->cr, dpi / 25.4, dpi / 25.4);
	cairo_set_source_rgb(pg->cr, 1, 1, 1);
	cairo_paint(pg->cr);
	cairo_set_source_rgb(pg->cr, 0, 0, 0);
	return LV_OK;
}

static int page_close(struct page *pg, int ok)
{
	int rc = LV_OK;
	cairo_status_t st;

	if (!pg->surface)
		return LV_OK;
	st = cairo_status(pg->cr);
	cairo_destroy(pg->cr);
	if (ok && st == CAIRO_STATUS_SUCCESS) {
		if (pg->pdf) {
			cairo_surface_finish(pg->surface);
			st = cairo_surface_status(pg->surface);
		} else {
			st = cairo_surface_write_to_png(pg->surface, pg->tmp);
		}
	}
	cairo_surface_destroy(pg->surface);
	if (ok && st != CAIRO_STATUS_SUCCESS)
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", pg->path,
				  cairo_status_to_string(st));
	if (ok && rc == LV_OK && rename(pg->tmp, pg->path) != 0)
		rc = lv_error_set(LV_EIO, "cannot write %s", pg->path);
	if (!ok || rc != LV_OK)
		remove(pg->tmp);
	return rc;
}

static void text_at(cairo_t *cr, double x, double y, double size_mm, const char *s)
{
	cairo_select_font_face(cr, "sans-serif", CAIRO_FONT_SLANT_NORMAL, CAIRO_FONT_WEIGHT_NORMAL);
	cairo_set_font_size(cr, size_mm);
	cairo_move_to(cr, x, y);
	cairo_show_text(cr, s);
}

/* The 100 mm ruler and the lines of text under it, from y (mm). */
static void footer(struct page *pg, double y, const char *line1, const char *line2,
		   const lv_sheet_opts *o)
{
	cairo_t *cr = pg->cr;
	double x0 = MARGIN_MM;
	char buf[300];

	cairo_set_source_rgb(cr, 0, 0, 0);
	cairo_set_line_width(cr, 0.3);
	cairo_move_to(cr, x0, y);
	cairo_line_to(cr, x0 + 100, y);
	for (int i = 0; i <= 10; i++) {
		double len = (i % 5 == 0) ? 3 : 1.5;
		cairo_move_to(cr, x0 + 10 * i, y);
		cairo_line_to(cr, x0 + 10 * i, y - len);
	}
	cairo_stroke(cr);
	text_at(cr, x0 - 1, y + 3.5, 2.5, "0");
	text_at(cr, x0 + 95, y + 3.5, 2.5, "100 mm");
	text_at(cr, x0 + 104, y + 0.8, 2.5, "<- this line must measure 100 mm");
	text_at(cr, x0, y + 8, 3, line1);
	text_at(cr, x0, y + 12, 3, line2);
	snprintf(buf, sizeof buf,
		 "Print at 100 %% (actual size, no 'fit to page') on %s paper; if the ruler is not "
		 "100 mm the sizes are wrong. Keep the sheet flat.",
		 paper_name(o->paper));
	text_at(cr, x0, y + 15.5, 2.3, buf);
}

/* Choose portrait or landscape for a pattern of pw x ph mm. */
static int fit(const lv_sheet_opts *o, double pw, double ph, double *w, double *h, const char *what)
{
	double pw_mm, ph_mm;
	lv_sheet_paper_mm(o->paper, &pw_mm, &ph_mm);
	if (pw <= pw_mm - 2 * MARGIN_MM && ph <= ph_mm - 2 * MARGIN_MM - FOOTER_MM) {
		*w = pw_mm, *h = ph_mm;
		return LV_OK;
	}
	if (pw <= ph_mm - 2 * MARGIN_MM && ph <= pw_mm - 2 * MARGIN_MM - FOOTER_MM) {
		*w = ph_mm, *h = pw_mm;
		return LV_OK;
	}
	return lv_error_set(
		LV_EINVAL,
		"the %s is %gx%g mm and does not fit %s paper with its margins and ruler "
		"(at most %gx%g mm): use fewer or smaller squares",
		what, pw, ph, paper_name(o->paper), pw_mm - 2 * MARGIN_MM,
		ph_mm - 2 * MARGIN_MM - FOOTER_MM);
}

static int draw_charuco(cairo_t *cr, const lv_board *b, double x0, double y0)
{
	cvs_calib_board cvb = { CVS_CALIB_CHARUCO, b->cols, b->rows, b->square_mm, b->marker_mm, 0 };
	cvs_image *img = NULL;
	cvs_view v;
	cairo_surface_t *s;
	unsigned char *px;
	int dsz, stride, rc;
	/* 10 px per mm: the rounding of marker cells stays within 0.05 mm */
	int pps = (int)ceil(b->square_mm * 10);

	if ((rc = cvs_aruco_dictionary(b->dict, &cvb.dict_id, &dsz)) < 0)
		return rc;
	if ((rc = cvs_calib_charuco_draw(&cvb, pps, &img)) < 0)
		return rc;
	cvs_image_view(img, &v);
	s = cairo_image_surface_create(CAIRO_FORMAT_RGB24, v.width, v.height);
	if (cairo_surface_status(s) != CAIRO_STATUS_SUCCESS) {
		cairo_surface_destroy(s);
		cvs_image_free(img);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	cairo_surface_flush(s);
	px = cairo_image_surface_get_data(s);
	stride = cairo_image_surface_get_stride(s);
	for (int y = 0; y < v.height; y++)
		for (int x = 0; x < v.width; x++) {
			uint32_t g = v.data[(size_t)y * v.stride + (size_t)x];
			uint32_t rgb = g << 16 | g << 8 | g;
			memcpy(px + (size_t)y * (size_t)stride + 4 * (size_t)x, &rgb, 4);
		}
	cairo_surface_mark_dirty(s);
	cairo_save(cr);
	cairo_translate(cr, x0, y0);
	cairo_scale(cr, 1.0 / (pps / b->square_mm), 1.0 / (pps / b->square_mm));
	cairo_set_source_surface(cr, s, 0, 0);
	cairo_pattern_set_filter(cairo_get_source(cr), CAIRO_FILTER_NEAREST);
	cairo_rectangle(cr, 0, 0, v.width, v.height);
	cairo_fill(cr);
	cairo_restore(cr);
	cairo_surface_destroy(s);
	cvs_image_free(img);
	return LV_OK;
}

int lv_sheet_board(const char *path, const lv_board *b, const lv_sheet_opts *o)
{
	struct page pg;
	int sx, sy, rc;
	double pw, ph, w = 0, h = 0, x0, y0;
	char l1[300], l2[300], spec[96], sq[32], mk[32], hh[32];

	sx = b->type == LV_BOARD_CHESSBOARD ? b->cols + 1 : b->cols;
	sy = b->type == LV_BOARD_CHESSBOARD ? b->rows + 1 : b->rows;
	pw = sx * b->square_mm;
	ph = sy * b->square_mm;
	if ((rc = fit(o, pw, ph, &w, &h, "board")) < 0)
		return rc;
	if ((rc = page_open(&pg, path, w, h, o)) < 0)
		return rc;
	x0 = (w - pw) / 2;
	y0 = MARGIN_MM;
	if (b->type == LV_BOARD_CHESSBOARD) {
		for (int r = 0; r < sy; r++)
			for (int c = 0; c < sx; c++)
				if ((r + c) % 2 == 0)
					cairo_rectangle(pg.cr, x0 + c * b->square_mm,
							y0 + r * b->square_mm, b->square_mm,
							b->square_mm);
		cairo_fill(pg.cr);
	} else if ((rc = draw_charuco(pg.cr, b, x0, y0)) < 0) {
		page_close(&pg, 0);
		return rc;
	}
	lv_board_format(b, spec, sizeof spec);
	mm_text(b->square_mm, sq, sizeof sq);
	if (b->type == LV_BOARD_CHESSBOARD)
		snprintf(l1, sizeof l1,
			 "Chessboard %dx%d squares of %s mm (%dx%d inner corners): %s x %s mm", sx,
			 sy, sq, b->cols, b->rows, mm_text(pw, mk, sizeof mk),
			 mm_text(ph, hh, sizeof hh));
	else
		snprintf(l1, sizeof l1, "ChArUco %dx%d squares of %s mm, markers %s mm (%s)", sx,
			 sy, sq, mm_text(b->marker_mm, mk, sizeof mk), b->dict);
	snprintf(l2, sizeof l2, "Calibrate with: limbvol calib camera --board %s", spec);
	footer(&pg, y0 + ph + 5.5, l1, l2, o);
	return page_close(&pg, 1);
}

int lv_sheet_marker(const char *path, const char *dict, int id, double size_mm,
		    const lv_sheet_opts *o)
{
	struct page pg;
	unsigned char bits[64];
	int dict_id, dict_size, n, rc;
	double cell, margin, w = 0, h = 0, x0, y0, side;
	char l1[300], l2[300], sz[32], mg[32];

	if (!(size_mm >= 10 && size_mm <= 180))
		return lv_error_set(LV_EINVAL, "--size-mm must be between 10 and 180 mm, not %g",
				    size_mm);
	if ((rc = cvs_aruco_dictionary(dict, &dict_id, &dict_size)) < 0)
		return rc;
	if ((rc = cvs_aruco_cells(dict_id, id, bits, &n)) < 0)
		return rc;
	cell = size_mm / n;
	/* imaging.md, Markers: a white margin of at least 1.5 cells; 2 here */
	margin = 2 * cell;
	side = size_mm + 2 * margin;
	if ((rc = fit(o, side, side, &w, &h, "marker with its margin")) < 0)
		return rc;
	if ((rc = page_open(&pg, path, w, h, o)) < 0)
		return rc;
	x0 = (w - size_mm) / 2;
	y0 = MARGIN_MM + margin;
	for (int r = 0; r < n; r++)
		for (int c = 0; c < n; c++)
			if (!bits[r * n + c])
				cairo_rectangle(pg.cr, x0 + c * cell, y0 + r * cell, cell, cell);
	cairo_fill(pg.cr);
	/* the cutting line, light and dashed, outside the margin */
	{
		double dash[2] = { 2, 2 };
		cairo_set_source_rgb(pg.cr, 0.6, 0.6, 0.6);
		cairo_set_line_width(pg.cr, 0.2);
		cairo_set_dash(pg.cr, dash, 2, 0);
		cairo_rectangle(pg.cr, x0 - margin, y0 - margin, side, side);
		cairo_stroke(pg.cr);
		cairo_set_dash(pg.cr, NULL, 0, 0);
	}
	snprintf(l1, sizeof l1, "ArUco marker %s id %d: black square %s mm wide (border included)",
		 dict, id, mm_text(size_mm, sz, sizeof sz));
	snprintf(l2, sizeof l2,
		 "Cut on the dashed line, keeping the white margin of %s mm; "
		 "use --marker %d:%s",
		 mm_text(margin, mg, sizeof mg), id, sz);
	footer(&pg, y0 + size_mm + margin + 5.5, l1, l2, o);
	return page_close(&pg, 1);
}
