/*
 * options.h - what limbvol-photo and limbvol-batch share: the marker option,
 * camera files, overlay paths.
 */
#ifndef LV_CAPTURE_OPTIONS_H
#define LV_CAPTURE_OPTIONS_H

#include "photo.h"

/* A lens read from a camera file (limbvol/camera.h); *lens borrows from
 * *storage, freed with lv_photo_lens_free(). */
typedef struct lv_photo_lens lv_photo_lens;
int lv_photo_lens_read(lv_photo_lens **out, const char *path, lv_cv_lens *lens);
void lv_photo_lens_free(lv_photo_lens *l);
/* LV_EDATA unless an image of this size fits the camera file. */
int lv_photo_lens_check(const lv_photo_lens *l, int width_px, int height_px);

/* Make the folder (0700: overlays are patient photos) unless it exists. */
int lv_photo_mkdir(const char *dir);

/* dir/<name of photo without its extension>-overlay.jpg, prefixed. */
int lv_photo_overlay_path(char *buf, size_t size, const char *dir, const char *prefix,
			  const char *photo);

#endif
