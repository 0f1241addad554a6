/*
 * options.h - what limbvol-photo and limbvol-batch share: the marker option,
 * camera files, overlay paths.
 */
#ifndef CAPTURE_OPTIONS_H
#define CAPTURE_OPTIONS_H

#include "photo.h"

/* A lens read from a camera file (limbvol/camera.h); *lens borrows from
 * *storage, freed with photo_lens_free(). */
typedef struct photo_lens photo_lens;
int photo_lens_read(photo_lens **out, const char *path, cvs_lens *lens);
void photo_lens_free(photo_lens *l);
/* LV_EDATA unless an image of this size fits the camera file. */
int photo_lens_check(const photo_lens *l, int width_px, int height_px);

/* Make the folder (0700: overlays are patient photos) unless it exists. */
int photo_mkdir(const char *dir);

/* dir/<name of photo without its extension>-overlay.jpg, prefixed. */
int photo_overlay_path(char *buf, size_t size, const char *dir, const char *prefix,
		       const char *photo);

#endif
