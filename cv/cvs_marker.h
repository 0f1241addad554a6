/*
 * cvs_marker.h - finding a printed ArUco marker in a photo.
 *
 * Tuned for a marker on a card with a white margin, beside a limb, in a
 * photo of up to 50 megapixels (imaging.md, Markers):
 *  - nested candidates (the card's outline around the black square) are
 *    kept instead of merged: minMarkerDistanceRate is lowered, so the inner
 *    square is decoded even when the card's outline is found too;
 *  - detection may run on a reduced copy (fast on large photos), then
 *    every corner is refined to
 *    sub-pixel precision on the full image (CORNER_REFINE_SUBPIX, then
 *    cornerSubPix at full resolution), since every width's scale comes from
 *    these four corners.
 *
 * Corners are in full-image pixels, pixel centres at integer coordinates,
 * in OpenCV's order: the marker's top-left, top-right, bottom-right and
 * bottom-left corner as printed (clockwise on the print).
 */
#ifndef CVS_MARKER_H
#define CVS_MARKER_H

#include "cvs.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cvs_marker {
	int id;
	double corners_px[8]; /* x0 y0 x1 y1 x2 y2 x3 y3 */
} cvs_marker;

/*
 * Detect the markers of dictionary `dict_id` (cvs_aruco_dictionary).
 * Detection runs on `reduced`, a copy of img reduced by the integer
 * `factor` (cvs_image_reduce), or on img itself when reduced is NULL
 * (factor must then be 1); corners are then refined on img.  Both images
 * are borrowed (BGR or gray).  Up to `max` markers are written to out;
 * *n_found is the number detected (may exceed max).  Finding none is not an
 * error (*n_found = 0).
 */
int cvs_marker_detect(const cvs_image *img, const cvs_image *reduced, int factor, int dict_id,
		      cvs_marker *out, int max, int *n_found);

/*
 * A lens model: camera matrix (3x3 row-major) and distortion coefficients
 * in OpenCV's order (k1 k2 p1 p2 [k3 [k4 k5 k6 [s1 s2 s3 s4 [tx ty]]]]).
 * Borrowed by every function that takes it.
 */
typedef struct cvs_lens {
	const double *camera_matrix;
	const double *distortion;
	int n_distortion; /* 0, 4, 5, 8, 12 or 14 */
} cvs_lens;

/* Undistort n points in place: distorted pixels -> ideal (pinhole) pixels
 * of the same camera matrix. */
int cvs_lens_undistort_points(const cvs_lens *lens, double *xy, int n);

/* The inverse: ideal pixels -> distorted pixels, in place. */
int cvs_lens_distort_points(const cvs_lens *lens, double *xy, int n);

/*
 * The marker's pose from its (distorted) corners and its side in mm, by
 * SOLVEPNP_IPPE_SQUARE: the distance from the camera centre to the marker's
 * centre (mm) and the angle between the marker's normal and the line of
 * sight (degrees).  The two-fold ambiguity of a square seen straight on
 * (OpenCV issue 21672) flips the tilt, not the distance, which is all that
 * is used here.
 */
int cvs_marker_pose(const cvs_lens *lens, const double corners_px[8], double side_mm,
		    double *distance_mm, double *tilt_deg);

/*
 * The homography (3x3 row-major, h[8] = 1) that maps src[i] to dst[i] for
 * four point pairs (x y x y ...).  LV_EIMAGE when the points are degenerate.
 */
int cvs_homography4(const double src[8], const double dst[8], double h[9]);

#ifdef __cplusplus
}
#endif
#endif
