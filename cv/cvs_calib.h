/*
 * cvs_calib.h - camera calibration through the shim (used by calib/).
 *
 * Pure C: no OpenCV type.  Points cross as arrays of doubles, x then y
 * (pixels for images, mm in the board plane for objects); matrices are
 * row-major 3x3.  Every name carries cvs_calib_ so that the photo code
 * can add its own marker functions without a clash.
 */
#ifndef CVS_CALIB_H
#define CVS_CALIB_H

#include "cvs.h"

#ifdef __cplusplus
extern "C" {
#endif

/* At most this many points per view (a board of 50 x 50 corners). */
#define CVS_CALIB_MAX_POINTS 2500
/* At most this many distortion coefficients (OpenCV's 14). */
#define CVS_CALIB_MAX_DIST 14

enum cvs_calib_board_type { CVS_CALIB_CHESSBOARD = 0, CVS_CALIB_CHARUCO = 1 };

typedef struct cvs_calib_board {
	int type; /* cvs_calib_board_type */
	int cols, rows; /* chessboard: inner corners; charuco: squares */
	double square_mm; /* side of one square */
	double marker_mm; /* charuco: side of a marker (black border included) */
	int dict_id; /* charuco: from cvs_aruco_dictionary() */
} cvs_calib_board;

/*
 * Find the board in an image with sub-pixel corners.  On success *n points:
 * image points img_xy[2i], img_xy[2i+1] (px) and the same corners on the
 * board obj_xy[2i], obj_xy[2i+1] (mm, board plane).  cap: room in both
 * arrays, in points.  LV_EIMAGE (with what was expected) when the board is
 * not found, or when too few ChArUco corners (fewer than 8) are seen.
 */
int cvs_calib_detect(const cvs_image *img, const cvs_calib_board *b, double *img_xy, double *obj_xy,
		     int cap, int *n);

#define CVS_CALIB_FIX_ASPECT 1u /* fx = fy */
#define CVS_CALIB_ZERO_TANGENT 2u /* p1 = p2 = 0 */
#define CVS_CALIB_FIX_K3 4u /* k3 = 0 */

/*
 * calibrateCamera on nviews views, view v having npts[v] points, the points
 * of all views concatenated in img_xy / obj_xy.  Outputs the camera matrix,
 * 5 distortion coefficients (k1 k2 p1 p2 k3), the RMS reprojection error of
 * all points and of each view (view_rms_px[nviews]) and, when point_err_px
 * is not NULL, the reprojection error of every point (in the order given).
 * LV_ENUMERIC when OpenCV fails or the result is not finite.
 */
int cvs_calib_calibrate(int nviews, const int *npts, const double *img_xy, const double *obj_xy,
			int width_px, int height_px, unsigned flags, double K[9], double dist[5],
			double *rms_px, double *view_rms_px, double *point_err_px);

/* The image without lens distortion, same size and camera matrix. */
int cvs_calib_undistort(const cvs_image *in, const double K[9], const double *dist, int ndist,
			cvs_image **out);

/* Image points without lens distortion, in pixels of the same camera matrix
 * (out_xy may equal xy). */
int cvs_calib_undistort_points(const double K[9], const double *dist, int ndist, const double *xy,
			       int n, double *out_xy);

typedef struct cvs_calib_marker {
	int id;
	double corners[8]; /* px, clockwise from the marker's top-left corner */
} cvs_calib_marker;

/*
 * Detect ArUco markers with sub-pixel corners (CORNER_REFINE_SUBPIX) and a
 * lowered minMarkerDistanceRate, so that cards with a thin margin are found
 * too (imaging.md, Markers).  *n markers found (0 is not an error).
 */
int cvs_calib_markers(const cvs_image *img, int dict_id, cvs_calib_marker *out, int cap, int *n);

/*
 * Pose of a square marker of side size_mm from its corners, with
 * SOLVEPNP_IPPE_SQUARE (the planar ambiguity: imaging.md).  R row-major,
 * t in mm (camera frame); reproj_rms_px: RMS distance of the corners to the
 * reprojected square.
 */
int cvs_calib_marker_pose(const double corners[8], double size_mm, const double K[9],
			  const double *dist, int ndist, double R[9], double t_mm[3],
			  double *reproj_rms_px);

/* The homography H (row-major) mapping src_xy to dst_xy (n >= 4 points). */
int cvs_calib_homography(const double *src_xy, const double *dst_xy, int n, double H[9]);

/*
 * A ChArUco board drawn with px_per_square pixels per square (no margin),
 * 8-bit gray: the layout OpenCV detects.
 */
int cvs_calib_charuco_draw(const cvs_calib_board *b, int px_per_square, cvs_image **out);

#ifdef __cplusplus
}
#endif
#endif
