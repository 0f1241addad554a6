// cv_image_file.hpp - images read from files, bounded (cv_image.cpp).
#ifndef CV_IMAGE_FILE_HPP
#define CV_IMAGE_FILE_HPP

#include "cvs.h"

// Read path once (a regular file of at most CVS_MAX_IMAGE_FILE_BYTES), check
// it is a JPEG or PNG whose header declares at most CVS_MAX_PIXELS, then
// decode it.  need_end: refuse a JPEG or PNG whose end marker is missing (a
// truncated copy).  LV_ENOTFOUND, LV_EIO, LV_EIMAGE with the reason.
int image_load(cvs_image **out, const char *path, int mode, bool need_end);

#endif
