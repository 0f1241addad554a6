/*
 * limbvol/camera.h - camera files (intrinsics and distortion).
 *
 * A camera file is OpenCV's YAML (FileStorage) with the key names of OpenCV's
 * own calibration sample: image_width, image_height, camera_matrix (3x3),
 * distortion_coefficients (1xN), avg_reprojection_error; limbvol adds the
 * board, the date and the number of views used.  `limbvol calib camera`
 * writes it; `limbvol photo --camera` and `limbvol calib check` read it.
 * limbvol parses camera files itself (YAML, XML and JSON as OpenCV writes
 * them; OpenCV's parser is never run on them): bounded in size (1 MiB),
 * nesting (32 levels) and matrix sizes, refusals located at
 * file:line:column (limbvol-calib(1), CAMERA FILE).
 */
#ifndef LIMBVOL_CAMERA_H
#define LIMBVOL_CAMERA_H

#include "limbvol/extern.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_camera lv_camera;

/* Read a camera file; LV_EDATA (with what is missing) when it is not one. */
LV_EXTERN int lv_camera_read(lv_camera **out, const char *path);
LV_EXTERN void lv_camera_free(lv_camera *cam);

LV_EXTERN void lv_camera_image_size(const lv_camera *cam, int *width_px, int *height_px);
/* The 3x3 camera matrix, row-major: fx 0 cx / 0 fy cy / 0 0 1. */
LV_EXTERN const double *lv_camera_matrix(const lv_camera *cam);
/* Distortion coefficients k1 k2 p1 p2 [k3 ...]; *n their count. */
LV_EXTERN const double *lv_camera_distortion(const lv_camera *cam, size_t *n);
LV_EXTERN double lv_camera_rms_px(const lv_camera *cam);

/* LV_EDATA unless an image of this size fits the camera file. */
LV_EXTERN int lv_camera_check_size(const lv_camera *cam, int width_px, int height_px);

/*
 * A camera from its values: K row-major 3x3, dist[n] (n = 4, 5, 8, 12 or
 * 14), rms_px < 0 when unknown.  LV_EINVAL for a matrix that is not a camera
 * matrix (fx, fy > 0, last row 0 0 1).
 */
LV_EXTERN int lv_camera_new(lv_camera **out, int width_px, int height_px, const double K[9],
			    const double *dist, size_t n, double rms_px);

/* What the camera was calibrated with: the board ("chessboard:9x6:25mm"),
 * the date (ISO 8601) and the number of views used; NULL/0 to leave out. */
LV_EXTERN void lv_camera_set_origin(lv_camera *cam, const char *board, const char *date, int views);
/* "" when the file does not say. */
LV_EXTERN const char *lv_camera_board(const lv_camera *cam);
LV_EXTERN const char *lv_camera_date(const lv_camera *cam);
LV_EXTERN int lv_camera_views(const lv_camera *cam);

/* Write the camera file (YAML; temporary file, then rename). */
LV_EXTERN int lv_camera_write(const lv_camera *cam, const char *path);

#ifdef __cplusplus
}
#endif
#endif
