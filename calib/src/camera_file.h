/*
 * camera_file.h - camera files read and written by limbvol itself
 * (limbvol/camera.h; the parsers: camera_parse.h).
 */
#ifndef CAMERA_FILE_H
#define CAMERA_FILE_H

/* At most this many distortion coefficients (OpenCV's 14). */
#define CAMERA_MAX_DIST 14
/* A camera file is read only up to this size (one is under 2 kB). */
#define CAMERA_MAX_FILE_BYTES (1 << 20)

/* What a camera file holds. */
typedef struct camera_values {
	int width_px, height_px;
	double K[9];
	double dist[CAMERA_MAX_DIST];
	int ndist;
	double rms_px; /* -1 when the file has none */
	char board[96]; /* "" when none */
	char date[40]; /* "" when none */
	int views; /* nframes; 0 when none */
} camera_values;

/*
 * Read a camera file (YAML, JSON or XML as OpenCV writes them): LV_ENOTFOUND
 * when missing, LV_EIO when unreadable, LV_EDATA located at file:line:column
 * saying what is wrong and what was expected.  Only a regular file of at
 * most CAMERA_MAX_FILE_BYTES of ASCII text is read, once.
 */
int camera_file_read(const char *path, camera_values *out);

/* Write one in OpenCV's YAML layout: temporary file, then rename. */
int camera_file_write(const char *path, const camera_values *v);

#endif
