/* Options shared by limbvol-photo and limbvol-batch (options.h). */
#include "options.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

int photo_mkdir(const char *dir)
{
	struct stat st;

	if (stat(dir, &st) == 0) {
		if (S_ISDIR(st.st_mode))
			return LV_OK;
		return lv_error_set(LV_EEXISTS, "%s exists and is not a folder", dir);
	}
	if (mkdir(dir, 0700) != 0 && errno != EEXIST)
		return lv_error_set(LV_EEXISTS, "cannot create folder %s: %s", dir,
				    strerror(errno));
	return LV_OK;
}

int photo_overlay_path(char *buf, size_t size, const char *dir, const char *prefix,
		       const char *photo)
{
	const char *base = strrchr(photo, '/');
	const char *dot;
	int n;

	base = base ? base + 1 : photo;
	dot = strrchr(base, '.');
	n = snprintf(buf, size, "%s/%s%.*s-overlay.jpg", dir, prefix ? prefix : "",
		     (int)(dot && dot != base ? dot - base : (long)strlen(base)), base);
	if (n < 0 || (size_t)n >= size)
		return lv_error_set(LV_EINVAL, "overlay path too long");
	return LV_OK;
}
