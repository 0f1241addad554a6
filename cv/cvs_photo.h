/*
 * cvs_photo.h - resampling and drawing for the photo pipeline.
 *
 * Images are borrowed unless a function returns a new one (the caller frees
 * it with cvs_image_free()).  Coordinates are pixels with pixel centres
 * at integer coordinates (OpenCV's convention).
 */
#ifndef CVS_PHOTO_H
#define CVS_PHOTO_H

#include "cvs.h"
#include "cvs_marker.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * cvs_image_read() for photos: a JPEG or PNG whose end marker is missing
 * (a truncated copy, an interrupted transfer) is refused with LV_EIMAGE
 * before decoding, since the decoder would fill the missing part with grey
 * and only warn.  Otherwise as cvs_image_read().
 */
int cvs_photo_read(cvs_image **out, const char *path, int mode);

/*
 * A new copy of img reduced by an integer factor (box average, INTER_AREA):
 * width / factor x height / factor.  A full-image point x maps to
 * (x + 0.5) / factor - 0.5 in the copy.  factor 1 copies.
 */
int cvs_image_reduce(cvs_image **out, const cvs_image *img, int factor);

/* Let OpenCV use n threads inside each call (0: its default, 1: none, as
 * when the caller runs its own threads). */
void cvs_set_threads(int n);

/*
 * Resample a mask (8-bit gray, borrowed) onto a new canvas of
 * width x height: canvas pixel (u, v) takes the mask's value at
 *     q = canvas_to_image (u, v, 1)      (3x3 homography, row-major) in
 *                                        ideal full-image pixels,
 *     q' = the lens's distortion applied to q (when lens is not NULL),
 *     p  = (q' + 0.5) / src_factor - 0.5 in the mask's pixels,
 * bilinearly interpolated.  Points outside the mask take the value of the
 * nearest mask edge pixel (so a limb that leaves the frame still reaches the
 * canvas border; the caller knows where the frame ends).
 */
int cvs_rectify(cvs_image **out, const cvs_image *mask, const double canvas_to_image[9],
		const cvs_lens *lens, int src_factor, int width, int height);

/* Drawing on an 8-bit BGR image; colours are 0xRRGGBB; thickness in px. */
int cvs_draw_polyline(cvs_image *img, const double *xy, int n, int closed, unsigned rgb,
		      int thickness);
int cvs_draw_text(cvs_image *img, double x, double y, const char *text, unsigned rgb,
		  double height_px);
/* The outline of a mask's >= 128 region (mask pixels mapped to img pixels
 * by p_img = (p_mask + 0.5) * factor - 0.5). */
int cvs_draw_mask_outline(cvs_image *img, const cvs_image *mask, int factor, unsigned rgb,
			  int thickness);

#ifdef __cplusplus
}
#endif
#endif
