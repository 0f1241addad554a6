/*
 * cvs_segment.h - the limb's silhouette in a photo, as a soft mask.
 *
 * Shadows on the background keep its chroma and lose lightness; skin differs
 * from most backgrounds in chroma (imaging.md, Silhouettes).  So the limb is
 * told from the background by its distance, in YCrCb's chroma plane divided
 * by luma (Cr, Cb over Y + 32, so that shading and shadows cancel), from the
 * background's chroma, which is modelled from the image border (the
 * limb crosses the border only where it leaves the frame, a minority of
 * it).  The two clusters of that distance (background, limb) are split by
 * Otsu's threshold, and each pixel's distance is mapped linearly so that the
 * background's median is 0 and the limb's median 255: along the outline,
 * where a pixel is partly limb, the value is its coverage, so the 128
 * crossing is the edge to a fraction of a pixel (a soft, anti-aliased mask).
 *
 * The marker card is not limb: the region of the card (the marker's quad
 * scaled about its centre) is cleared, and what remains of it (a larger
 * card) is dropped as a region near the marker that does not reach the
 * image border.  Specks smaller than 0.1 % of the image are dropped too.
 */
#ifndef CVS_SEGMENT_H
#define CVS_SEGMENT_H

#include "cvs.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cvs_segment_info {
	double background_chroma[2]; /* border median of 100 (Cr - 128) / (Y + 32), same for Cb */
	double background_spread; /* median chroma distance of background pixels */
	double limb_distance; /* median chroma distance of limb pixels */
	double limb_fraction; /* share of the image that is limb */
} cvs_segment_info;

/* Below this separation (units of background_chroma) between limb and background medians,
 * the limb does not stand out from the background: LV_EIMAGE. */
#define CVS_SEGMENT_MIN_CONTRAST 5.0

/*
 * Segment img (borrowed, 8-bit BGR) into a new soft mask (8-bit gray, same
 * size; 0 background, 255 limb).  card_quad_px: the marker's four corners in
 * img's pixels (8 doubles) or NULL; card_scale: how many marker sides the
 * card spans (the quad is scaled by it about its centre and cleared).
 */
int cvs_segment_limb(cvs_image **mask, const cvs_image *img, const double *card_quad_px,
		     double card_scale, cvs_segment_info *info);

#ifdef __cplusplus
}
#endif
#endif
