/* Camera files through calib's limbvol/camera.h (options.h). */
#include "options.h"

#include <stdlib.h>

#include "limbvol/error.h"

#include "limbvol/camera.h"

struct photo_lens {
	lv_camera *cam;
};

int photo_lens_read(photo_lens **out, const char *path, cvs_lens *lens)
{
	photo_lens *l;
	size_t n = 0;
	int rc;

	*out = NULL;
	l = calloc(1, sizeof *l);
	if (!l)
		return lv_error_set(LV_ENOMEM, "out of memory");
	if ((rc = lv_camera_read(&l->cam, path)) < 0) {
		free(l);
		return rc;
	}
	lens->camera_matrix = lv_camera_matrix(l->cam);
	lens->distortion = lv_camera_distortion(l->cam, &n);
	lens->n_distortion = (int)n;
	if (n != 0 && n != 4 && n != 5 && n != 8 && n != 12 && n != 14) {
		photo_lens_free(l);
		return lv_error_set(LV_EDATA,
				    "%s: %zu distortion coefficients (expected 4, 5, 8, 12 or 14)",
				    path, n);
	}
	*out = l;
	return LV_OK;
}

int photo_lens_check(const photo_lens *l, int w, int h)
{
	return lv_camera_check_size(l->cam, w, h);
}

void photo_lens_free(photo_lens *l)
{
	if (!l)
		return;
	lv_camera_free(l->cam);
	free(l);
}
