/*
 * Camera files read (camera_file.h): the bytes once and bounded, ASCII
 * text only, parsed by limbvol's own YAML, JSON or XML parser
 * (camera_parse.h); of what the parser tells, the keys of a camera are kept
 * (in fixed room: nothing is allocated from a size in the file) and checked
 * after the whole file has parsed.
 */
#include "camera_file.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "camera_parse.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

/* A top-level scalar a camera reads, where it was and its text. */
typedef struct cam_scalar {
	int seen;
	long line, col; /* its key */
	long vline, vcol; /* its value */
	int is_scalar, quoted, too_long;
	char text[CAMERA_TEXT_MAX + 1];
} cam_scalar;

/* A matrix: an !!opencv-matrix (rows, cols, data) or a plain list. */
typedef struct cam_matrix {
	int seen;
	long line, col; /* its key */
	enum cam_kind kind; /* CAM_MAP, CAM_SEQ or CAM_SCALAR (not a matrix) */
	int has_rows, has_cols, has_data, bad_size;
	double rows, cols;
	double v[CAMERA_MAX_DIST];
	size_t n; /* values in its data, all counted, the first ones kept */
	int bad; /* a value that is not a number, or a nested one */
	long bad_line, bad_col;
	int not_finite;
} cam_matrix;

/* nr_of_frames and calibration_time: OpenCV's calibration sample */
enum { F_WIDTH, F_HEIGHT, F_RMS, F_VIEWS, F_FRAMES, F_BOARD, F_DATE, F_TIME, F_N };
static const char *const field_names[F_N] = {
	"image_width", "image_height", "avg_reprojection_error", "nframes", "nr_of_frames",
	"board",       "date",         "calibration_time",
};

/* What a container at a depth means (by default: nothing a camera reads). */
enum cam_ctx { CTX_IGNORE, CTX_ROOT, CTX_MATRIX, CTX_DATA };

typedef struct cam_build {
	const char *path;
	int root; /* the document was a map */
	cam_scalar f[F_N];
	cam_matrix m[2]; /* camera_matrix, distortion_coefficients */
	unsigned char ctx[CAMERA_MAX_DEPTH + 2];
	unsigned char mat[CAMERA_MAX_DEPTH + 2];
} cam_build;

static const char *const matrix_names[2] = { "camera_matrix", "distortion_coefficients" };

static int fail(const cam_build *B, long line, long col, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static int fail(const cam_build *B, long line, long col, const char *fmt, ...)
{
	char why[400];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	lv_error_set(LV_EDATA, "not a camera file: %s", why);
	return lv_error_locate(B->path, line, col);
}

static int twice(const cam_build *B, const cam_event *ev, long first)
{
	return fail(B, ev->key_line, ev->key_col, "%s given twice (first at line %ld)", ev->key,
		    first);
}

/* A value of a matrix's data (or of a plain list). */
static int matrix_value(cam_build *B, cam_matrix *m, const cam_event *ev)
{
	double v;

	if (ev->kind == CAM_END)
		return LV_OK;
	if (ev->kind != CAM_SCALAR || ev->quoted || ev->too_long ||
	    lv_number_parse(ev->text, ev->len, 0, &v) < 0) {
		if (!m->bad) {
			m->bad = 1;
			m->bad_line = ev->line;
			m->bad_col = ev->col;
		}
		if (ev->kind != CAM_SCALAR)
			B->ctx[ev->depth + 1] = CTX_IGNORE;
	} else if (!isfinite(v)) {
		m->not_finite = 1;
	} else if (m->n < CAMERA_MAX_DIST) {
		m->v[m->n] = v;
	}
	m->n++;
	return LV_OK;
}

/* rows, cols or data of an !!opencv-matrix (dt and the rest dropped). */
static int matrix_key(cam_build *B, cam_matrix *m, int which, const cam_event *ev)
{
	double v;

	if (ev->kind == CAM_END)
		return LV_OK;
	if (!strcmp(ev->key, "rows") || !strcmp(ev->key, "cols")) {
		int r = ev->key[0] == 'r';
		int *has = r ? &m->has_rows : &m->has_cols;
		if ((*has)++)
			return fail(B, ev->key_line, ev->key_col, "%s: %s given twice",
				    matrix_names[which], ev->key);
		if (ev->kind != CAM_SCALAR || ev->quoted ||
		    lv_number_parse(ev->text, ev->len, 0, &v) < 0 || !isfinite(v))
			m->bad_size = 1;
		else
			*(r ? &m->rows : &m->cols) = v;
	} else if (!strcmp(ev->key, "data")) {
		if (m->has_data++)
			return fail(B, ev->key_line, ev->key_col, "%s: data given twice",
				    matrix_names[which]);
		if (ev->kind == CAM_SEQ) {
			B->ctx[ev->depth + 1] = CTX_DATA;
			B->mat[ev->depth + 1] = (unsigned char)which;
		} else {
			/* XML writes a single value without a list */
			return matrix_value(B, m, ev);
		}
	} else if (ev->kind != CAM_SCALAR) {
		B->ctx[ev->depth + 1] = CTX_IGNORE;
	}
	return LV_OK;
}

/* A key of the document. */
static int top_key(cam_build *B, const cam_event *ev)
{
	if (ev->kind == CAM_END)
		return LV_OK;
	for (int i = 0; i < 2; i++) {
		cam_matrix *m = &B->m[i];
		if (strcmp(ev->key, matrix_names[i]))
			continue;
		if (m->seen)
			return twice(B, ev, m->line);
		m->seen = 1;
		m->line = ev->key_line;
		m->col = ev->key_col;
		m->kind = ev->kind;
		if (ev->kind != CAM_SCALAR) {
			B->ctx[ev->depth + 1] = ev->kind == CAM_MAP ? CTX_MATRIX : CTX_DATA;
			B->mat[ev->depth + 1] = (unsigned char)i;
		}
		return LV_OK;
	}
	if (ev->kind != CAM_SCALAR)
		B->ctx[ev->depth + 1] = CTX_IGNORE;
	for (int i = 0; i < F_N; i++) {
		cam_scalar *s = &B->f[i];
		if (strcmp(ev->key, field_names[i]))
			continue;
		if (s->seen)
			return twice(B, ev, s->line);
		s->seen = 1;
		s->line = ev->key_line;
		s->col = ev->key_col;
		s->vline = ev->line;
		s->vcol = ev->col;
		s->is_scalar = ev->kind == CAM_SCALAR;
		if (s->is_scalar) {
			s->quoted = ev->quoted;
			s->too_long = ev->too_long;
			memcpy(s->text, ev->text, ev->len + 1);
		}
	}
	return LV_OK;
}

static int on_event(void *ctx, const cam_event *ev)
{
	cam_build *B = ctx;

	if (ev->kind == CAM_MAP || ev->kind == CAM_SEQ)
		B->ctx[ev->depth + 1] = CTX_IGNORE; /* unless a handler says more */
	if (ev->depth == 0) {
		if (ev->kind == CAM_END)
			return LV_OK;
		if (ev->kind != CAM_MAP)
			return fail(B, ev->line, ev->col, "its top level is not a set of keys");
		B->root = 1;
		B->ctx[1] = CTX_ROOT;
		return LV_OK;
	}
	switch (B->ctx[ev->depth]) {
	case CTX_ROOT:
		return top_key(B, ev);
	case CTX_MATRIX:
		return matrix_key(B, &B->m[B->mat[ev->depth]], B->mat[ev->depth], ev);
	case CTX_DATA:
		return matrix_value(B, &B->m[B->mat[ev->depth]], ev);
	default:
		if (ev->kind == CAM_MAP || ev->kind == CAM_SEQ)
			B->ctx[ev->depth + 1] = CTX_IGNORE;
		return LV_OK;
	}
}

/* The numbers of a matrix checked: NULL, or what is wrong (*at_value: a
 * value's place is the one to name, else the key's). */
static const char *matrix_problem(const cam_matrix *m, size_t max, char *why, size_t size,
				  int *at_value)
{
	*at_value = 0;
	if (m->kind == CAM_SCALAR)
		return "is not a matrix of numbers";
	if (m->kind == CAM_MAP) {
		if (!m->has_rows || !m->has_cols || m->bad_size)
			return "has no rows and cols";
		if (m->rows < 1 || m->cols < 1 || m->rows * m->cols > (double)max ||
		    m->rows != floor(m->rows) || m->cols != floor(m->cols)) {
			snprintf(why, size, "is declared %.15gx%.15g (at most %zu values expected)",
				 m->rows, m->cols, max);
			return why;
		}
		if (!m->has_data)
			return "has no data list";
		if ((double)m->n != m->rows * m->cols) {
			snprintf(why, size, "declares %.0fx%.0f but its data holds %zu values",
				 m->rows, m->cols, m->n);
			return why;
		}
	} else if (m->n == 0) {
		return "is empty";
	} else if (m->n > max) {
		snprintf(why, size, "holds %zu values (at most %zu expected)", m->n, max);
		return why;
	}
	if (m->bad) {
		*at_value = 1;
		return "is not a matrix of numbers";
	}
	if (m->not_finite)
		return "has a value that is not a number";
	return NULL;
}

static void matrix_size(const cam_matrix *m, int *rows, int *cols)
{
	*rows = m->kind == CAM_MAP ? (int)m->rows : 1;
	*cols = m->kind == CAM_MAP ? (int)m->cols : (int)m->n;
}

static int read_camera_matrix(const cam_build *B, long last, camera_values *cv)
{
	const cam_matrix *m = &B->m[0];
	const char *why;
	char buf[160];
	int r, c, at_value;

	if (!m->seen)
		return fail(B, last, 1, "no camera_matrix (expected a 3x3 matrix of numbers)");
	if ((why = matrix_problem(m, 9, buf, sizeof buf, &at_value)) != NULL)
		return fail(B, at_value ? m->bad_line : m->line, at_value ? m->bad_col : m->col,
			    "camera_matrix %s: expected a 3x3 matrix of numbers", why);
	matrix_size(m, &r, &c);
	if (!((r == 3 && c == 3) || (r == 1 && c == 9)))
		return fail(B, m->line, m->col, "camera_matrix is not 3x3 (it is %dx%d)", r, c);
	memcpy(cv->K, m->v, sizeof cv->K);
	if (!(cv->K[0] > 0 && cv->K[4] > 0) || cv->K[3] != 0 || cv->K[6] != 0 || cv->K[7] != 0 ||
	    cv->K[8] != 1)
		return fail(B, m->line, m->col,
			    "camera_matrix is not fx 0 cx / 0 fy cy / 0 0 1 with fx, fy > 0");
	return LV_OK;
}

static int read_distortion(const cam_build *B, long last, camera_values *cv)
{
	const cam_matrix *m = &B->m[1];
	const char *why;
	char buf[160];
	int r, c, at_value;

	if (!m->seen)
		return fail(B, last, 1,
			    "no distortion_coefficients (expected a list of 4, 5, 8, 12 or 14 "
			    "numbers)");
	if ((why = matrix_problem(m, CAMERA_MAX_DIST, buf, sizeof buf, &at_value)) != NULL) {
		if (!strcmp(why, "is not a matrix of numbers"))
			why = "is not a list of numbers";
		return fail(B, at_value ? m->bad_line : m->line, at_value ? m->bad_col : m->col,
			    "distortion_coefficients %s: expected a list of 4, 5, 8, 12 or 14 "
			    "numbers",
			    why);
	}
	matrix_size(m, &r, &c);
	if ((r != 1 && c != 1) || (m->n != 4 && m->n != 5 && m->n != 8 && m->n != 12 && m->n != 14))
		return fail(B, m->line, m->col,
			    "distortion_coefficients is not a list of 4, 5, 8, 12 or 14 numbers "
			    "(it is %dx%d)",
			    r, c);
	cv->ndist = (int)m->n;
	memcpy(cv->dist, m->v, m->n * sizeof *m->v);
	return LV_OK;
}

/* A top-level number, or NAN when absent or not one. */
static double number_of(const cam_scalar *s)
{
	double v;

	if (!s->seen || !s->is_scalar || s->quoted || s->too_long ||
	    lv_number_parse(s->text, strlen(s->text), 0, &v) < 0 || !isfinite(v))
		return NAN;
	return v;
}

static int image_size(const cam_build *B, long last, camera_values *cv)
{
	const cam_scalar *w = &B->f[F_WIDTH], *h = &B->f[F_HEIGHT];
	long v;

	if (!w->seen || !h->seen)
		return fail(B, last, 1, "no image_width and image_height");
	for (int i = 0; i < 2; i++) {
		const cam_scalar *s = i ? h : w;
		if (lv_number_int(number_of(s), 1, 100000, &v) < 0)
			return fail(B, s->vline, s->vcol, "%s out of range (expected 1 to 100000)",
				    field_names[i]);
		*(i ? &cv->height_px : &cv->width_px) = (int)v;
	}
	return LV_OK;
}

/* board, date (or OpenCV's calibration_time): text that must fit. */
static int text_field(const cam_build *B, int f, char *out, size_t size)
{
	const cam_scalar *s = &B->f[f];

	if (!s->seen || !s->is_scalar)
		return LV_OK;
	if (s->too_long || strlen(s->text) >= size)
		return fail(B, s->vline, s->vcol, "%s longer than %zu characters", field_names[f],
			    size - 1);
	memcpy(out, s->text, strlen(s->text) + 1);
	return LV_OK;
}

static int build(const cam_build *B, long last, camera_values *cv)
{
	double v;
	long n;
	int rc;

	if (!B->root)
		return fail(B, last, 1, "no image_width and image_height");
	if ((rc = image_size(B, last, cv)) < 0 || (rc = read_camera_matrix(B, last, cv)) < 0 ||
	    (rc = read_distortion(B, last, cv)) < 0)
		return rc;
	v = number_of(&B->f[F_RMS]);
	cv->rms_px = v >= 0 ? v : -1;
	if (lv_number_int(number_of(&B->f[F_VIEWS]), 0, 1000000, &n) == 0 ||
	    lv_number_int(number_of(&B->f[F_FRAMES]), 0, 1000000, &n) == 0)
		cv->views = (int)n;
	lv_error_clear();
	if ((rc = text_field(B, F_BOARD, cv->board, sizeof cv->board)) < 0 ||
	    (rc = text_field(B, F_DATE, cv->date, sizeof cv->date)) < 0)
		return rc;
	if (!cv->date[0])
		rc = text_field(B, F_TIME, cv->date, sizeof cv->date);
	return rc;
}

/*
 * A camera file is ASCII text, as OpenCV writes it: tab, line feed,
 * carriage return and the printable bytes (a UTF-8 byte order mark is
 * skipped).  Anything else is refused at its line and column.
 */
static int ascii_text(const char *path, const char *buf, size_t len, long *lines)
{
	long line = 1;
	size_t bol = 0, i = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? 3 : 0;

	for (; i < len; i++) {
		unsigned char b = (unsigned char)buf[i];
		if (b == '\n') {
			line++;
			bol = i + 1;
		} else if ((b < 32 && b != '\t' && b != '\r') || b > 126) {
			lv_error_set(LV_EDATA,
				     "not a camera file: byte 0x%02x (a camera file is ASCII text)",
				     b);
			return lv_error_locate(path, line, (long)(i - bol) + 1);
		}
	}
	*lines = len && buf[len - 1] == '\n' ? line - 1 : line;
	if (*lines < 1)
		*lines = 1;
	return LV_OK;
}

/* The bytes of path, once, through one descriptor: a regular file of at
 * most CAMERA_MAX_FILE_BYTES (a FIFO or a device is refused unread). */
static int read_bytes(const char *path, char **out, size_t *len)
{
	struct stat st;
	size_t room, n = 0;
	ssize_t got = 0;
	char *buf = NULL;
	int rc = LV_OK, fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);

	*out = NULL;
	if (fd < 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = lv_error_set(LV_EDATA, "%s is not a camera file: not a regular file", path);
		goto done;
	}
	if (st.st_size > CAMERA_MAX_FILE_BYTES)
		goto too_big;
	room = (size_t)st.st_size + 1; /* one more: a file that grew is seen */
	if (!(buf = malloc(room + 1))) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	while (n < room && ((got = read(fd, buf + n, room - n)) > 0 || (got < 0 && errno == EINTR)))
		n += got > 0 ? (size_t)got : 0;
	if (got < 0) {
		rc = lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
		goto done;
	}
	if (n == room) /* it grew while it was read */
		goto too_big;
	buf[n] = '\0';
	*out = buf;
	*len = n;
	buf = NULL;
	goto done;
too_big:
	rc = lv_error_set(LV_EDATA, "%s is not a camera file: larger than %d bytes", path,
			  CAMERA_MAX_FILE_BYTES);
done:
	free(buf);
	close(fd);
	return rc;
}

int camera_file_read(const char *path, camera_values *out)
{
	cam_build B;
	cam_parser P;
	char *buf = NULL;
	const char *p;
	size_t len = 0;
	long lines = 1;
	int rc;

	memset(out, 0, sizeof *out);
	memset(&B, 0, sizeof B);
	B.path = path;
	if ((rc = read_bytes(path, &buf, &len)) < 0 ||
	    (rc = ascii_text(path, buf, len, &lines)) < 0)
		goto done;
	p = len >= 3 && !memcmp(buf, "\xEF\xBB\xBF", 3) ? buf + 3 : buf;
	cam_parser_init(&P, path, p, len - (size_t)(p - buf), on_event, &B);
	while (p < buf + len && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	rc = p < buf + len && *p == '<'      ? cam_parse_xml(&P)
		: p < buf + len && *p == '{' ? cam_parse_json(&P)
					     : cam_parse_yaml(&P);
	if (rc == LV_OK)
		rc = build(&B, lines, out);
done:
	free(buf);
	return rc;
}
