/* Board specs: "chessboard:9x6:25mm", "charuco:5x7:30mm:22mm:4x4_50". */
#include "limbvol/calib.h"

#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "cvs_aruco.h"

/* "25mm" or "25" (a decimal comma accepted) into mm. */
static int parse_mm(const char *s, size_t len, double *out)
{
	if (len > 2 && !strncmp(s + len - 2, "mm", 2))
		len -= 2;
	if (lv_number_parse(s, len, LV_NUMBER_COMMA, out) < 0 || !(*out > 0) || *out > 2000)
		return -1;
	return 0;
}

static int parse_grid(const char *s, size_t len, int *cols, int *rows)
{
	char buf[32], tail;
	if (len >= sizeof buf)
		return -1;
	memcpy(buf, s, len);
	buf[len] = '\0';
	if (sscanf(buf, "%dx%d%c", cols, rows, &tail) != 2 || *cols < 2 || *rows < 2 ||
	    *cols > 50 || *rows > 50 || strspn(buf, "0123456789x") != len)
		return -1;
	return 0;
}

int lv_board_parse(const char *spec, lv_board *out)
{
	const char *f[6];
	size_t len[6];
	int n = 0, dict_id, dict_size;
	const char *p = spec;

	memset(out, 0, sizeof *out);
	while (n < 6) {
		const char *colon = strchr(p, ':');
		f[n] = p;
		len[n] = colon ? (size_t)(colon - p) : strlen(p);
		n++;
		if (!colon)
			break;
		p = colon + 1;
	}
	if (n >= 3 && len[0] == 10 && !strncmp(f[0], "chessboard", 10)) {
		out->type = LV_BOARD_CHESSBOARD;
		if (n != 3 || parse_grid(f[1], len[1], &out->cols, &out->rows) < 0 ||
		    parse_mm(f[2], len[2], &out->square_mm) < 0)
			goto bad;
		return LV_OK;
	}
	if (n >= 4 && len[0] == 7 && !strncmp(f[0], "charuco", 7)) {
		out->type = LV_BOARD_CHARUCO;
		if ((n != 4 && n != 5) || parse_grid(f[1], len[1], &out->cols, &out->rows) < 0 ||
		    parse_mm(f[2], len[2], &out->square_mm) < 0 ||
		    parse_mm(f[3], len[3], &out->marker_mm) < 0)
			goto bad;
		if (out->marker_mm >= out->square_mm)
			return lv_error_set(
				LV_EINVAL,
				"board '%.60s': the marker (%g mm) must be smaller than the square (%g mm)",
				spec, out->marker_mm, out->square_mm);
		if (n == 5) {
			if (len[4] >= sizeof out->dict)
				goto bad;
			memcpy(out->dict, f[4], len[4]);
			out->dict[len[4]] = '\0';
		} else {
			strcpy(out->dict, "4x4_50");
		}
		if (cvs_aruco_dictionary(out->dict, &dict_id, &dict_size) < 0) {
			char msg[sizeof lv_error_last()->message];
			memcpy(msg, lv_error_last()->message, sizeof msg);
			return lv_error_set(LV_EINVAL, "board '%.60s': %.300s", spec, msg);
		}
		if (out->cols * out->rows / 2 > dict_size)
			return lv_error_set(
				LV_EINVAL,
				"board '%.60s': %d markers needed but dictionary %s has %d", spec,
				out->cols * out->rows / 2, out->dict, dict_size);
		return LV_OK;
	}
bad:
	return lv_error_set(
		LV_EINVAL,
		"bad board '%.60s' (expected chessboard:COLSxROWS:SIZEmm with inner corners, e.g. "
		"chessboard:9x6:25mm, or charuco:COLSxROWS:SQUAREmm:MARKERmm[:DICT] with squares, "
		"e.g. charuco:5x7:30mm:22mm:4x4_50)",
		spec);
}

/* A length without trailing zeros: 25, 22.5, 22.25 */
static void mm_text(double v, char *buf, size_t size)
{
	size_t n;
	if (lv_number_format(v, 3, buf, size) < 0) {
		snprintf(buf, size, "?");
		return;
	}
	n = strlen(buf);
	while (n > 0 && buf[n - 1] == '0')
		buf[--n] = '\0';
	if (n > 0 && buf[n - 1] == '.')
		buf[--n] = '\0';
}

int lv_board_format(const lv_board *b, char *buf, size_t size)
{
	char sq[32], mk[32];
	mm_text(b->square_mm, sq, sizeof sq);
	if (b->type == LV_BOARD_CHESSBOARD)
		return snprintf(buf, size, "chessboard:%dx%d:%smm", b->cols, b->rows, sq);
	mm_text(b->marker_mm, mk, sizeof mk);
	return snprintf(buf, size, "charuco:%dx%d:%smm:%smm:%s", b->cols, b->rows, sq, mk, b->dict);
}
