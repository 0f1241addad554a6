/*
 * cvs.h - the C face of OpenCV for limbvol (the shim's core).
 *
 * OpenCV 4 has no C API.  This header and its siblings (cvs_*.h) are pure
 * C: incomplete types, status codes, no OpenCV type or header.  Behind them,
 * the only C++ of the project catches every exception and turns it into an
 * lv_status plus liblimbvol's per-thread error (lv_error_last()), so nothing
 * is thrown into C.
 *
 * Ownership: functions named _new/_read return an image the caller frees
 * with cvs_image_free(); cvs_image_view() borrows the pixels, valid
 * until the image is freed or changed.
 */
#ifndef CVS_H
#define CVS_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Images whose header declares more pixels are refused before they are
 * decoded: 54 million, so that 50-megapixel cameras (and frames a little
 * larger, 8688 x 5792) pass and a 20000 x 20000 PNG costs nothing. */
#define CVS_MAX_PIXELS (50u * 1000u * 1000u + 4u * 1000u * 1000u)
/* Image files larger than this are refused unread. */
#define CVS_MAX_IMAGE_FILE_BYTES (256 << 20)

typedef struct cvs_image cvs_image;

/* A borrowed view of 8-bit pixels: channels 1 (gray) or 3 (BGR). */
typedef struct cvs_view {
	unsigned char *data;
	int width;
	int height;
	size_t stride; /* bytes per row */
	int channels;
} cvs_view;

enum cvs_read_mode { CVS_READ_COLOR = 0, CVS_READ_GRAY = 1 };

/*
 * Decode a JPEG or PNG (or a PNM or BMP: screenshots, test images) into
 * 8-bit BGR or gray.  The file is read once: a regular file (a FIFO or a
 * device is refused unread) of at most CVS_MAX_IMAGE_FILE_BYTES; the size
 * its header declares (JPEG SOFn, PNG IHDR, PNM, BMP) is checked against
 * CVS_MAX_PIXELS before anything is decoded; other formats (no header check,
 * so no bound) are refused.
 * LV_ENOTFOUND when the file is missing, LV_EIMAGE (saying why) when it is
 * not a regular file, not one of those formats, damaged, or over a limit.
 */
int cvs_image_read(cvs_image **out, const char *path, int mode);

/* A new black image. */
int cvs_image_new(cvs_image **out, int width, int height, int channels);

/* A copy of a view (the pixels are copied). */
int cvs_image_from_view(cvs_image **out, const cvs_view *view);

/* Encode by file extension (.png, .jpg); written to a temporary file and
 * renamed, so that a failed write leaves nothing half-written. */
int cvs_image_write(const cvs_image *img, const char *path);

void cvs_image_free(cvs_image *img);
void cvs_image_view(const cvs_image *img, cvs_view *out);

/* The OpenCV version the shim was built with, e.g. "4.6.0". */
const char *cvs_version(void);

#ifdef __cplusplus
}
#endif
#endif
