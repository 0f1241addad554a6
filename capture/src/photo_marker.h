/*
 * photo_marker.h - the checks a marker passes before its corners give the
 * scale of a photo (capture's own API).  photo_marker.c says why each.
 */
#ifndef CAPTURE_PHOTO_MARKER_H
#define CAPTURE_PHOTO_MARKER_H

#include "cvs.h"
#include "cvs_marker.h"

/* The most the card may be turned away from the camera (doc/photo.md asks
 * for about 30 degrees at most; beyond 60 the corners' precision goes). */
#define PHOTO_MARKER_MAX_TILT_DEG 60.0

typedef struct photo_marker_quality {
	double contrast; /* white minus black cells, grey levels */
	int cells_wrong, cells_unclear;
	double square_misfit; /* 0: a perfect square's image */
	double focal_px; /* the focal length the square fits best (or the lens's) */
	double tilt_deg; /* the card's normal against the line of sight */
} photo_marker_quality;

/*
 * Check marker m found in img (BGR, full size): its black square and a
 * white margin of one cell inside the frame, its cells read clearly (dict_id
 * as cvs_aruco_dictionary gives it), its corners those of a square seen at
 * a plausible pose.  ideal: the corners undistorted with the camera file
 * (NULL: m's corners); camera_matrix: the camera file's 3x3 matrix (NULL:
 * any focal length, the principal point at the image centre).  LV_EIMAGE
 * with a message naming `path` and saying what to fix.
 */
int photo_marker_check(const cvs_image *img, const cvs_marker *m, const double *ideal,
		       const double *camera_matrix, int dict_id, const char *path,
		       photo_marker_quality *q);

#endif
