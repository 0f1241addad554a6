/*
 * photo_view.h - what one analysed photo holds (struct photo_view), shared
 * by the files of the photo pipeline (capture's own, not installed):
 * photo.c the analysis, photo_plane.c the marker's plane and the canvas,
 * photo_view.c what an analysed photo tells, photo_overlay.c the drawing.
 */
#ifndef CAPTURE_PHOTO_VIEW_H
#define CAPTURE_PHOTO_VIEW_H

#include "photo.h"
#include "photo_marker.h"

struct photo_view {
	char *path;
	int width, height, factor;
	cvs_image *small; /* reduced photo, kept for overlays */
	cvs_image *mask; /* reduced soft mask, kept for overlays */
	cvs_marker marker;
	photo_marker_quality quality;
	double side_px;
	int has_lens;
	double lens_k[9], lens_d[14];
	cvs_lens lens;
	double h_c2i[9]; /* canvas px -> ideal full-image px */
	double mm_per_px, ox, oy;
	int cw, ch;
	double distance_mm, tilt_deg;
	int from_pose;
	lv_silhouette *sil;
	double *wtrue_cm; /* widths corrected for perspective, first..last */
	double focal_px, persp_rel_sd;
	int focal_source;
	char warning[256];
	size_t first, last; /* samples measured inside the frame */
	double from_cm, to_cm;
	int end_in_frame;
	double scale_rel_sd;
	double decode_ms, analyse_ms;
	int found_marker; /* p->marker holds the marker found */
	int failed; /* the analysis failed: kept for an overlay (keep_failed) */
};

/* Prefix the last error's message with the photo's path; returns rc. */
int photo_fail_in(const char *path, int rc);

/* A canvas point in full-image (distorted) pixels; 0 where it has none. */
int photo_canvas_to_image(const photo_view *p, double u, double v, double *x, double *y);

/* The homography from ideal image pixels to the marker's plane (mm, origin
 * at its centre, y down the print), turned so that the photo's x axis stays
 * horizontal. */
int photo_plane_homography(const double ideal[8], double marker_mm, const char *path,
			   double h_i2p[9]);

/* The canvas the mask is rectified onto (p->mm_per_px, ox, oy, cw, ch,
 * h_c2i) and h_i2c, ideal image px -> canvas px. */
int photo_canvas_geometry(photo_view *p, const double h_i2p[9], double marker_mm, const char *path,
			  double h_i2c[9]);

/* p->wtrue_cm and p->persp_rel_sd: the widths corrected for perspective
 * over the samples measured inside the frame, and their spread. */
int photo_true_widths(photo_view *p);

#endif
