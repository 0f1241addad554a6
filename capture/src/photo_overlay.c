/* The overlay: what was measured drawn on the photo (photo.h). */
#include "photo_view.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvs_photo.h"
#include "cvs_video.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "photo_labels.h"

/* canvas px -> px of an image of the photo scaled by s */
static int canvas_to_scaled(const photo_view *p, double s, double u, double v, double *x, double *y)
{
	if (!photo_canvas_to_image(p, u, v, x, y))
		return 0;
	*x = (*x + 0.5) * s - 0.5;
	*y = (*y + 0.5) * s - 0.5;
	return 1;
}

/* The overlay's colours (0xRRGGBB), named in its legend. */
enum {
	OV_OUTLINE = 0x00ff40,
	OV_AXIS = 0xffe000,
	OV_SITES = 0x20e0ff,
	OV_MARKER = 0xff2020,
	OV_LANDMARK = 0xff40ff,
	OV_TEXT = 0xffffff
};

/* What the sites, the axis and the marker took of the image: where the
 * legend must not go. */
typedef struct overlay_room {
	photo_label *lab;
	size_t n_lab;
	double axis[2 * 65];
	size_t n_axis;
	double card[4]; /* the marker card's box (px), when have_card */
	int have_card;
	double text_px;
} overlay_room;

/* A site's label: its position with the unit on the first ("0 cm"), then
 * the number alone ("4", "8"): the legend says "cm from landmark". */
static int site_text(double site_cm, int first, char *buf, size_t size)
{
	int dec = fabs(site_cm - floor(site_cm + 0.5)) < 1e-6 ? 0 : 1;
	int len = lv_number_format(site_cm, dec, buf, size);
	if (len < 0 || !first)
		return len;
	if ((size_t)len + 4 > size)
		return -1;
	memcpy(buf + len, " cm", 4);
	return len + 3;
}

/* The sites: a line across the limb each, and its position beside the limb
 * on the side away from the marker card, where it overlaps neither another
 * label, nor a site line, nor the card (photo_labels.h: labels that do not
 * fit are left out, the lines are all drawn). */
static int draw_sites(const photo_view *p, const photo_result *r, double off_cm, double s,
		      cvs_image *img, int thick, overlay_room *room)
{
	photo_label *lab;
	char(*text)[32];
	cvs_view v;
	size_t n = 0;
	int rc = LV_OK;

	if (!r || !r->n_sites)
		return LV_OK;
	lab = calloc(r->n_sites, sizeof *lab);
	text = calloc(r->n_sites, sizeof *text);
	if (!lab || !text) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	cvs_image_view(img, &v);
	for (size_t k = 0; k < r->n_sites; k++) {
		double pos = r->site_cm[k] + off_cm, x1, y1, x2, y2, *e = lab[n].edge;
		double t = (pos - lv_silhouette_position_cm(p->sil, p->first)) / 0.1;
		size_t i = p->first + (size_t)(t < 0 ? 0 : floor(t + 0.5));
		int w;
		if (i > p->last)
			i = p->last;
		lv_silhouette_edges_px(p->sil, i, &x1, &y1, &x2, &y2);
		if (!canvas_to_scaled(p, s, x1, y1, &e[0], &e[1]) ||
		    !canvas_to_scaled(p, s, x2, y2, &e[2], &e[3]))
			continue;
		if ((rc = cvs_draw_polyline(img, e, 2, 0, OV_SITES, thick)) < 0)
			goto done;
		if (site_text(r->site_cm[k], n == 0, text[n], sizeof text[n]) < 0 ||
		    cvs_text_width(text[n], room->text_px, &w) < 0) {
			lv_error_clear();
			continue;
		}
		lab[n].w = w;
		lab[n].h = room->text_px;
		n++;
	}
	photo_labels_place_avoiding(lab, n, v.width, v.height, room->have_card ? room->card : NULL);
	for (size_t k = 0; k < n; k++)
		if (lab[k].placed &&
		    (rc = cvs_draw_text(img, lab[k].x, lab[k].y + lab[k].h, text[k], OV_SITES,
					room->text_px)) < 0)
			goto done;
	rc = LV_OK;
	room->lab = lab;
	room->n_lab = n;
	lab = NULL;
done:
	free(lab);
	free(text);
	return rc;
}

/* The marker card's box: the marker's corners' box grown by a third of its
 * size on each side (the card's white margin, PHOTO_CARD_MARGIN). */
static void card_box(const double *q, double box[4])
{
	box[0] = box[2] = q[0];
	box[1] = box[3] = q[1];
	for (int i = 1; i < 4; i++) {
		box[0] = fmin(box[0], q[2 * i]);
		box[2] = fmax(box[2], q[2 * i]);
		box[1] = fmin(box[1], q[2 * i + 1]);
		box[3] = fmax(box[3], q[2 * i + 1]);
	}
	double gx = (box[2] - box[0]) * PHOTO_CARD_MARGIN,
	       gy = (box[3] - box[1]) * PHOTO_CARD_MARGIN;
	box[0] -= gx;
	box[2] += gx;
	box[1] -= gy;
	box[3] += gy;
}

static int draw_view(const photo_view *p, const photo_result *r, double off_cm, cvs_image *img,
		     overlay_room *room)
{
	double x0, y0, dx, dy, ppc = 10.0 / p->mm_per_px, q[8], s, lx, ly, d[10];
	cvs_view v;
	int rc, mask_factor;

	if (!p->small)
		return lv_error_set(LV_EINVAL, "overlay: the photo was not kept");
	cvs_image_view(img, &v);
	s = (double)v.width / p->width;
	mask_factor = (int)floor(p->factor * s + 0.5);
	room->text_px = fmax(12.0, v.height / 60.0);
	int thick = v.height > 1500 ? 3 : 2;
	/* a failed analysis (keep_failed) has what it got to */
	if (p->mask &&
	    (rc = cvs_draw_mask_outline(img, p->mask, mask_factor < 1 ? 1 : mask_factor, OV_OUTLINE,
					thick)) < 0)
		return rc;
	for (int i = 0; i < 8; i++)
		q[i] = (p->marker.corners_px[i] + 0.5) * s - 0.5;
	if (p->found_marker) {
		if ((rc = cvs_draw_polyline(img, q, 4, 1, OV_MARKER, thick)) < 0)
			return rc;
		card_box(q, room->card);
		room->have_card = 1;
	}
	if (p->failed || !p->sil)
		return LV_OK;
	/* the axis over the measured range */
	lv_silhouette_axis_px(p->sil, &x0, &y0, &dx, &dy);
	for (int k = 0; k <= 64; k++) {
		double pos = p->from_cm + (p->to_cm - p->from_cm) * k / 64.0;
		double *a = &room->axis[2 * room->n_axis];
		if (canvas_to_scaled(p, s, x0 + pos * ppc * dx, y0 + pos * ppc * dy, &a[0], &a[1]))
			room->n_axis++;
	}
	if ((rc = cvs_draw_polyline(img, room->axis, (int)room->n_axis, 0, OV_AXIS, thick)) < 0)
		return rc;
	if ((rc = draw_sites(p, r, off_cm, s, img, thick, room)) < 0)
		return rc;
	/* the landmark (position 0): a diamond on the axis */
	if (!canvas_to_scaled(p, s, x0 + off_cm * ppc * dx, y0 + off_cm * ppc * dy, &lx, &ly))
		return LV_OK;
	double rad = room->text_px / 2;
	const double u[10] = { 0, -1, 1, 0, 0, 1, -1, 0, 0, -1 };
	for (int i = 0; i < 5; i++) {
		d[2 * i] = lx + rad * u[2 * i];
		d[2 * i + 1] = ly + rad * u[2 * i + 1];
	}
	return cvs_draw_polyline(img, d, 5, 1, OV_LANDMARK, thick);
}

int photo_overlay_draw(const photo_view *p, const photo_result *r, double off_cm, cvs_image *img)
{
	overlay_room room = { 0 };
	int rc = draw_view(p, r, off_cm, img, &room);
	free(room.lab);
	return rc;
}

/* The result line of the legend: "2634.6 +/- 83.1 mL, 0-60 cm" (the fonts
 * have no plus-minus sign). */
static int result_line(const photo_result *r, char *buf, size_t size)
{
	char vol[32], sd[32], from[32], to[32];
	if (lv_number_format(r->volume.volume_ml, 1, vol, sizeof vol) < 0 ||
	    lv_number_format(r->volume.sd_ml, 1, sd, sizeof sd) < 0 ||
	    lv_number_format_shortest(r->from_cm, from, sizeof from) < 0 ||
	    lv_number_format_shortest(r->to_cm, to, sizeof to) < 0)
		return -1;
	int len = snprintf(buf, size, "%s +/- %s mL, %s-%s cm", vol, sd, from, to);
	return len < 0 || (size_t)len >= size ? -1 : len;
}

/* The legend: a dark box in the first free corner (photo_labels_corner), a
 * swatch and a name per colour, then the result (or "not measured"). */
static int draw_legend(cvs_image *img, const photo_result *r, const overlay_room *room)
{
	enum { ROWS = 6 };
	char result[96];
	const char *name[ROWS] = { "outline", "axis",           "tape sites (cm)",
				   "marker",  "landmark: 0 cm", NULL };
	const unsigned rgb[ROWS] = {
		OV_OUTLINE, OV_AXIS, OV_SITES, OV_MARKER, OV_LANDMARK, OV_TEXT
	};
	cvs_view v;
	double x, y;
	int rc, wmax = 0, w;

	cvs_image_view(img, &v);
	double t = fmax(10.0, v.height / 75.0), row = 1.5 * t, pad = t / 2, sw = 1.5 * t;
	name[ROWS - 1] =
		r ? (result_line(r, result, sizeof result) < 0 ? NULL : result) : "not measured";
	for (int i = 0; i < ROWS; i++) {
		if (name[i] && (rc = cvs_text_width(name[i], t, &w)) < 0)
			return rc;
		if (name[i] && w > wmax)
			wmax = w;
	}
	double bw = 3 * pad + sw + wmax, bh = 2 * pad + ROWS * row;
	photo_labels_corner(room->lab, room->n_lab, room->have_card ? room->card : NULL, room->axis,
			    room->n_axis, bw, bh, v.width, v.height, pad, &x, &y);
	if ((rc = cvs_draw_box(img, (int)floor(x), (int)floor(y), (int)ceil(bw), (int)ceil(bh),
			       0x000000, 0.7)) < 0)
		return rc;
	for (int i = 0; i < ROWS; i++) {
		double yb = y + pad + (i + 1) * row - 0.3 * row; /* the text's baseline */
		double line[4] = { x + pad, yb - t / 2, x + pad + sw, yb - t / 2 };
		unsigned c = i == ROWS - 1 && !r ? OV_MARKER : rgb[i];
		if (i < ROWS - 1 && (rc = cvs_draw_polyline(img, line, 2, 0, c, 3)) < 0)
			return rc;
		if (name[i] &&
		    (rc = cvs_draw_text(img, i < ROWS - 1 ? x + 2 * pad + sw : x + pad, yb, name[i],
					c, t)) < 0)
			return rc;
	}
	return LV_OK;
}

int photo_overlay_write(const photo_view *p, const photo_result *r, double off_cm, const char *path)
{
	overlay_room room = { 0 };
	int rc;
	/* a failed set: the legend says "not measured" (the row says why) */
	if ((rc = draw_view(p, r, off_cm, p->small, &room)) >= 0)
		rc = draw_legend(p->small, r && !p->failed ? r : NULL, &room);
	free(room.lab);
	if (rc < 0)
		return rc;
	return cvs_image_write(p->small, path);
}
