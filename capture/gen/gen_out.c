/*
 * What limbvol-gen writes besides the pictures: files through a temporary
 * file and a rename, locale-independent numbers, the set's manifest, and
 * the marker card both kinds of scene carry.
 */
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "gen_opts.h"
#include "limbvol/limbvol.h"
#include "cvs.h"
#include "cvs_aruco.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CMD "gen"

/* Write a small text file through a temporary file and a rename. */
int gen_write_text(const char *dir, const char *name, const char *text)
{
	char path[4096], tmp[4128];
	FILE *f;
	int ok;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "limbvol gen: cannot create %s: %s\n", tmp, strerror(errno));
		return CLI_EXIT_CANTCREAT;
	}
	ok = fputs(text, f) >= 0;
	ok = (fclose(f) == 0) && ok;
	if (!ok || rename(tmp, path) != 0) {
		fprintf(stderr, "limbvol gen: cannot write %s: %s\n", path, strerror(errno));
		unlink(tmp);
		return CLI_EXIT_CANTCREAT;
	}
	return 0;
}

/* Append a locale-independent number. */
void gen_num(char **p, char *end, double v, int decimals)
{
	char b[64];
	if (lv_number_format(v, decimals, b, sizeof b) < 0)
		snprintf(b, sizeof b, "null");
	*p += snprintf(*p, (size_t)(end - *p), "%s", b);
}

#define APPEND(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))

void gen_json_range(char **p, char *end, const struct opts *o)
{
	*p += snprintf(*p, (size_t)(end - *p), "\"from_cm\": ");
	gen_num(p, end, o->from, 3);
	*p += snprintf(*p, (size_t)(end - *p), ", \"to_cm\": ");
	gen_num(p, end, o->to, 3);
	*p += snprintf(*p, (size_t)(end - *p), ", \"step_cm\": ");
	gen_num(p, end, o->step, 3);
}

void gen_json_marker(char **pp, char *end, const struct opts *o)
{
	char *p = *pp;
	APPEND("\"marker_dict\": \"%s\", \"marker_id\": %d, \"marker_size_mm\": ", o->dict,
	       o->marker_id);
	gen_num(&p, end, o->marker_mm, 2);
	APPEND(", \"marker_axial_cm\": ");
	gen_num(&p, end, o->marker_axial, 3);
	*pp = p;
}

void gen_json_camera(char **pp, char *end, const struct opts *o, int width_px, int height_px,
		     double focal_px, double landmark_x_px, double landmark_y_px)
{
	char *p = *pp;
	APPEND("\"camera\": {\"width_px\": %d, \"height_px\": %d, \"focal_px\": ", width_px,
	       height_px);
	gen_num(&p, end, focal_px, 3);
	APPEND(", \"distance_cm\": ");
	gen_num(&p, end, o->distance, 2);
	APPEND(", \"tilt_deg\": ");
	gen_num(&p, end, o->tilt_deg, 3);
	APPEND("}, \"landmark_px\": [");
	gen_num(&p, end, landmark_x_px, 2);
	APPEND(", ");
	gen_num(&p, end, landmark_y_px, 2);
	APPEND("]");
	*pp = p;
}

int gen_write_manifest(const struct opts *o)
{
	char buf[2048], *p = buf, *end = buf + sizeof buf, pat[64];

	snprintf(pat, sizeof pat, "SYN-%llu", o->seed);
	APPEND("patient=%s\nlimb=%s\ndate=%s\nphase=%s\n", o->patient ? o->patient : pat, o->limb,
	       o->date, o->phase);
	APPEND("front=front.%s\n", o->ext);
	if (!o->one_view)
		APPEND("side=side.%s\n", o->ext);
	APPEND("marker=%d:", o->marker_id);
	gen_num(&p, end, o->marker_mm, 1);
	APPEND("\nfrom=");
	gen_num(&p, end, o->from, 2);
	APPEND("\nto=");
	gen_num(&p, end, o->to, 2);
	APPEND("\nstep=");
	gen_num(&p, end, o->step, 2);
	APPEND("\n");
	if (o->marker_axial != 0) {
		/* the landmark seen from the marker's centre */
		APPEND("origin_offset=");
		gen_num(&p, end, -o->marker_axial, 3);
		APPEND("\n");
	}
	if (o->proximal)
		APPEND("proximal=%s\n", o->proximal);
	return gen_write_text(o->out, "manifest.txt", buf);
}

double gen_focal_px(const struct opts *o)
{
	return (o->width / 2.0) / tan(o->fov_deg * M_PI / 360);
}

/* Write one view's picture; a JPEG gets its EXIF block unless --no-exif. */
static int write_view(const struct opts *o, const cvs_image *img, int v)
{
	char path[4096], raw[4128];
	int rc;

	snprintf(path, sizeof path, "%s/%s.%s", o->out, v ? "side" : "front", o->ext);
	if (o->ext_png || o->no_exif)
		return cvs_image_write(img, path) < 0 ? cli_report(CMD) : 0;
	snprintf(raw, sizeof raw, "%s/.%s-noexif.jpg", o->out, v ? "side" : "front");
	if (cvs_image_write(img, raw) < 0)
		return cli_report(CMD);
	rc = gen_exif_insert(raw, path, gen_focal_px(o), o->width, o->height);
	unlink(raw);
	return rc;
}

int gen_write_photos(const struct opts *o, int nviews, gen_draw_view draw, void *ctx)
{
	cvs_image *img = NULL;
	cvs_view iv;
	int rc = 0;

	if (cvs_image_new(&img, o->width, o->height, 3) < 0)
		return cli_report(CMD);
	cvs_image_view(img, &iv);
	for (int v = 0; v < nviews && rc == 0; v++) {
		if (draw(ctx, v, iv.data, iv.stride) < 0) {
			fprintf(stderr, "limbvol gen: out of memory\n");
			rc = CLI_EXIT_SOFTWARE;
			break;
		}
		rc = write_view(o, img, v);
	}
	cvs_image_free(img);
	return rc ? rc : gen_write_manifest(o);
}

int gen_marker_card(const struct opts *o, unsigned char cells[64], int *n_cells, double *marker_cm,
		    double *card_cm)
{
	int dict_id, dict_size;

	if (cvs_aruco_dictionary(o->dict, &dict_id, &dict_size) < 0)
		return cli_usage_error(CMD, "option --dict: %s", lv_error_last()->message);
	if (o->marker_id >= dict_size)
		return cli_usage_error(CMD, "option --marker: id %d is not in %s (0 to %d)",
				       o->marker_id, o->dict, dict_size - 1);
	if (cvs_aruco_cells(dict_id, o->marker_id, cells, n_cells) < 0)
		return cli_report(CMD);
	*marker_cm = o->marker_mm / 10;
	/* a white margin of 2 cells (imaging.md asks for at least 1.5) */
	*card_cm = *marker_cm * (*n_cells + 4) / *n_cells;
	return 0;
}
