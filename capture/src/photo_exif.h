/*
 * photo_exif.h - the focal length and focus distance a JPEG's EXIF block
 * states (capture's own API): what the marker's implied camera distance is
 * compared with, and the camera height of the perspective model when there
 * is no camera file.  photo_exif.c says which tags and how it is bounded.
 */
#ifndef CAPTURE_PHOTO_EXIF_H
#define CAPTURE_PHOTO_EXIF_H

/* At most this many bytes are read from the start of a photo (EXIF sits in
 * the first segments of a JPEG, before the image data; 64 KiB per APP1). */
#define PHOTO_EXIF_MAX_BYTES (128 * 1024)

typedef struct photo_exif {
	double focal_mm; /* FocalLength, 0: absent */
	double focal35_mm; /* FocalLengthIn35mmFilm, 0: absent */
	double subject_distance_m; /* SubjectDistance (the focus), 0: absent */
	double focal_plane_res; /* FocalPlaneXResolution, 0: absent */
	int focal_plane_unit; /* 2 inch, 3 cm */
} photo_exif;

/*
 * Read the tags from the photo at path.  A file that is not a JPEG, has no
 * EXIF or a malformed one gives an all-zero *out and LV_OK: the photo is
 * still measured, only without what EXIF would have told.  LV_ENOMEM only.
 */
int photo_exif_read(const char *path, photo_exif *out);

/* The focal length in pixels of a width x height photo (from the 35 mm
 * equivalent, by the diagonal; else from the focal plane resolution), NaN
 * when EXIF does not tell. */
double photo_exif_focal_px(const photo_exif *e, int width_px, int height_px);

#endif
