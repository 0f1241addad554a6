/*
 * limbvol/calib.h - calibration boards, camera calibration and printable
 * sheets (library lvcalib, used by limbvol-calib).
 *
 * Lengths in mm.  A chessboard is named by its inner corners, as OpenCV
 * does ("chessboard:9x6:25mm" is a board of 10x7 squares); a ChArUco board
 * by its squares ("charuco:5x7:30mm:22mm:4x4_50": squares, square side,
 * marker side, dictionary).
 */
#ifndef LIMBVOL_CALIB_H
#define LIMBVOL_CALIB_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/camera.h"

#ifdef __cplusplus
extern "C" {
#endif

enum lv_board_type { LV_BOARD_CHESSBOARD = 0, LV_BOARD_CHARUCO = 1 };

typedef struct lv_board {
	int type; /* lv_board_type */
	int cols, rows; /* chessboard: inner corners; charuco: squares */
	double square_mm;
	double marker_mm; /* charuco: side of a marker, black border included */
	char dict[16]; /* charuco: dictionary name, "4x4_50" by default */
} lv_board;

/*
 * Parse "chessboard:COLSxROWS:SIZEmm" or
 * "charuco:COLSxROWS:SQUAREmm:MARKERmm[:DICT]"; LV_EINVAL saying what was
 * expected.  The "mm" suffix is optional.
 */
LV_EXTERN int lv_board_parse(const char *spec, lv_board *out);
/* The spec back ("chessboard:9x6:25mm"); like snprintf. */
LV_EXTERN int lv_board_format(const lv_board *b, char *buf, size_t size);

/* At most this many images in one calibration. */
#define LV_CALIB_MAX_VIEWS 500

typedef struct lv_calib lv_calib;

LV_EXTERN int lv_calib_new(lv_calib **out, const lv_board *board);
LV_EXTERN void lv_calib_free(lv_calib *c);

/*
 * Detect the board in one image and keep its corners (not the image).
 * 0 when found; LV_EIMAGE when the board is not found or the file is not an
 * image; LV_ENOTFOUND / LV_EIO when the file cannot be read; LV_EDATA when
 * its size differs from the first image's.  Images that fail are listed
 * too (lv_calib_view), with the message.
 */
LV_EXTERN int lv_calib_add_image(lv_calib *c, const char *path);

#define LV_CALIB_FIX_ASPECT 1u /* fx = fy */
#define LV_CALIB_ZERO_TANGENT 2u /* no tangential distortion */
#define LV_CALIB_FIX_K3 4u /* k3 = 0 */

/*
 * Calibrate from the views found, then drop the corners whose reprojection
 * error is an outlier (above 5 times the median and 1 px; the whole view
 * when that is more than a fifth of its corners), then the views whose error
 * is (above 3 times the median and 0.5 px), calibrating again after each.
 * LV_EDATA when fewer than 3 views are usable.
 */
LV_EXTERN int lv_calib_solve(lv_calib *c, unsigned flags, lv_camera **out);

typedef struct lv_calib_view {
	const char *name; /* the image's path */
	int found; /* the board was detected */
	int used; /* used by the last calibration */
	int points; /* corners found */
	int points_used; /* of which used (the others fit no camera) */
	double rms_px; /* reprojection error of the view (first pass for dropped views) */
	const char *reason; /* why it is not used; "" when used */
} lv_calib_view;

LV_EXTERN size_t lv_calib_count(const lv_calib *c);
LV_EXTERN void lv_calib_view_get(const lv_calib *c, size_t i, lv_calib_view *out);

/*
 * How well the used views cover the image: the fraction of a 4x4 grid of
 * the image holding at least one corner, and how many of the 4 corner cells
 * of the grid are empty (distortion is largest there).
 */
LV_EXTERN double lv_calib_coverage(const lv_calib *c, int *empty_corner_cells);

/* Printable sheets, at true scale on the paper. */
enum lv_paper { LV_PAPER_A4 = 0, LV_PAPER_LETTER = 1 };

typedef struct lv_sheet_opts {
	int paper; /* lv_paper */
	double dpi; /* PNG only; 300 when 0 */
} lv_sheet_opts;

/* The paper's width and height in mm. */
LV_EXTERN void lv_sheet_paper_mm(int paper, double *width_mm, double *height_mm);

/*
 * Write a board (PDF or PNG by the extension of path) at true scale with a
 * 100 mm ruler and its size written on the sheet; turned to landscape when
 * it fits only so.  LV_EINVAL when it does not fit the paper.
 */
LV_EXTERN int lv_sheet_board(const char *path, const lv_board *b, const lv_sheet_opts *o);

/*
 * Write a marker of size_mm (black square, border included) from the
 * dictionary dict, with a white margin of 2 cells marked by a cutting line
 * (imaging.md: at least 1.5 cells), a ruler and its size.
 */
LV_EXTERN int lv_sheet_marker(const char *path, const char *dict, int id, double size_mm,
			      const lv_sheet_opts *o);

#ifdef __cplusplus
}
#endif
#endif
