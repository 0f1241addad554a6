/*
 * limbvol/mask.h - limb masks as PNG files, for `limbvol mask` and for
 * users who segment their photos with their own software.
 *
 * A mask is 8-bit gray, one byte per pixel: >= 128 limb, < 128 background,
 * values in between along an anti-aliased outline (see silhouette.h).  Any
 * PNG is accepted and converted: 1, 2, 4 and 16-bit gray are scaled to
 * 8 bits, palette and RGB images are converted to their luma
 * (0.2126 R + 0.7152 G + 0.0722 B of the stored values, no gamma), and an
 * alpha channel is ignored.
 *
 * Reading checks the image size from the header against LV_MASK_MAX_PIXELS
 * and LV_MASK_MAX_SIDE before allocating anything, then decodes row by row
 * into the mask: memory is the mask plus one row.
 */
#ifndef LIMBVOL_MASK_H
#define LIMBVOL_MASK_H

#include "limbvol/extern.h"

#include <stddef.h>
#include "limbvol/silhouette.h"

#ifdef __cplusplus
extern "C" {
#endif

/* The largest mask read: a 50-megapixel photo and some margin. */
#define LV_MASK_MAX_PIXELS (60u * 1000u * 1000u)
#define LV_MASK_MAX_SIDE 100000u

typedef struct lv_mask lv_mask;

/*
 * Read a PNG file into a mask.  LV_ENOTFOUND when the file is missing,
 * LV_EIO when it cannot be read, LV_EIMAGE when it is not a PNG, is
 * truncated or damaged, or is larger than the limits above; the message
 * names the file.
 */
LV_EXTERN int lv_mask_read_png(lv_mask **out, const char *path);

/* Free a mask; NULL is a no-op. */
LV_EXTERN void lv_mask_free(lv_mask *m);

/* A view of the mask's pixels, valid until the mask is freed. */
LV_EXTERN void lv_mask_get_view(const lv_mask *m, lv_mask_view *out);

/*
 * Write a mask view as an 8-bit gray PNG, through a temporary file renamed
 * into place, so that a failed write leaves nothing half-written.  LV_EIO
 * when the file cannot be written.
 */
LV_EXTERN int lv_mask_write_png(const lv_mask_view *m, const char *path);

#ifdef __cplusplus
}
#endif
#endif
