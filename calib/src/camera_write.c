/*
 * Camera files written by limbvol (camera_file.h) in the layout of OpenCV's
 * own YAML (FileStorage), so that OpenCV tools read them: %YAML:1.0, the
 * keys of OpenCV's calibration sample, !!opencv-matrix with rows, cols, dt
 * and data.  Numbers are the shortest text that reads back to the same
 * double (limbvol/number.h) with a point, as OpenCV writes reals; strings
 * are double-quoted with \" \\ \n \t \r and \xHH for other bytes, which
 * camera_yaml.c reads back byte for byte.
 */
#include "camera_file.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

/* A real as OpenCV writes one: with a point or an exponent. */
static int put_real(FILE *f, double v)
{
	char buf[LV_NUMBER_SHORTEST_MAX + 2];
	int n = lv_number_format_shortest(v, buf, sizeof buf - 1);

	if (n < 0)
		return n;
	if (!strpbrk(buf, ".e"))
		strcat(buf, ".");
	fputs(buf, f);
	return LV_OK;
}

static int put_matrix(FILE *f, const char *key, int rows, int cols, const double *v)
{
	int rc = LV_OK;

	fprintf(f, "%s: !!opencv-matrix\n   rows: %d\n   cols: %d\n   dt: d\n   data: [ ", key,
		rows, cols);
	for (int i = 0; i < rows * cols && rc == LV_OK; i++) {
		if (i) /* a row a line (a column: five values a line) */
			fputs(i % (cols > 1 ? cols : 5) ? ", " : ",\n       ", f);
		rc = put_real(f, v[i]);
	}
	fputs(" ]\n", f);
	return rc;
}

static void put_string(FILE *f, const char *key, const char *s)
{
	fprintf(f, "%s: \"", key);
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;
		if (c == '"' || c == '\\')
			fprintf(f, "\\%c", c);
		else if (c == '\n')
			fputs("\\n", f);
		else if (c == '\t')
			fputs("\\t", f);
		else if (c == '\r')
			fputs("\\r", f);
		else if (c < 32 || c > 126)
			fprintf(f, "\\x%02x", c);
		else
			fputc(c, f);
	}
	fputs("\"\n", f);
}

static int put_all(FILE *f, const camera_values *v)
{
	int rc;

	fprintf(f, "%%YAML:1.0\n---\nimage_width: %d\nimage_height: %d\n", v->width_px,
		v->height_px);
	rc = put_matrix(f, "camera_matrix", 3, 3, v->K);
	/* a column, as OpenCV's calibration sample writes it */
	if (rc == LV_OK)
		rc = put_matrix(f, "distortion_coefficients", v->ndist, 1, v->dist);
	if (rc == LV_OK && v->rms_px >= 0) {
		fputs("avg_reprojection_error: ", f);
		rc = put_real(f, v->rms_px);
		fputc('\n', f);
	}
	if (v->views > 0)
		fprintf(f, "nframes: %d\n", v->views);
	if (v->board[0])
		put_string(f, "board", v->board);
	if (v->date[0])
		put_string(f, "date", v->date);
	return rc;
}

int camera_file_write(const char *path, const camera_values *v)
{
	char tmp[4200];
	FILE *f;
	int rc, e;

	if (v->ndist < 1 || v->ndist > CAMERA_MAX_DIST)
		return lv_error_set(LV_EINVAL, "bad number of distortion coefficients %d",
				    v->ndist);
	if ((size_t)snprintf(tmp, sizeof tmp, "%s.tmp%ld", path, (long)getpid()) >= sizeof tmp)
		return lv_error_set(LV_EINVAL, "the path %s is too long", path);
	if (!(f = fopen(tmp, "wx")))
		return lv_error_set(LV_EIO, "cannot create %s: %s", path, strerror(errno));
	rc = put_all(f, v);
	e = ferror(f) || fflush(f) != 0 || fsync(fileno(f)) != 0 ? errno : 0;
	if (fclose(f) != 0 && !e)
		e = errno;
	if (rc == LV_OK && e)
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(e ? e : EIO));
	if (rc == LV_OK && rename(tmp, path) != 0)
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", path, strerror(errno));
	if (rc != LV_OK)
		remove(tmp);
	return rc;
}
