/* The overlay: what was measured drawn on the photo (photo.h). */
#include "photo_view.h"

#include <math.h>
#include <stdlib.h>

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

/* The sites: a line across the limb each, and its position beside the limb
 * where it overlaps neither another label nor a site line (photo_labels.h:
 * labels that do not fit are left out, the lines are all drawn). */
static int draw_sites(const photo_view *p, const photo_result *r, double off_cm, double s,
		      cvs_image *img, double text_px, int thick)
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
		if ((rc = cvs_draw_polyline(img, e, 2, 0, 0x20e0ff, thick)) < 0)
			goto done;
		if (lv_number_format(r->site_cm[k], 1, text[n], sizeof text[n]) < 0 ||
		    cvs_text_width(text[n], text_px, &w) < 0) {
			lv_error_clear();
			continue;
		}
		lab[n].w = w;
		lab[n].h = text_px;
		n++;
	}
	photo_labels_place(lab, n, v.width, v.height);
	for (size_t k = 0; k < n; k++)
		if (lab[k].placed &&
		    (rc = cvs_draw_text(img, lab[k].x, lab[k].y + lab[k].h, text[k], 0x20e0ff,
					text_px)) < 0)
			goto done;
	rc = LV_OK;
done:
	free(lab);
	free(text);
	return rc;
}

int photo_overlay_draw(const photo_view *p, const photo_result *r, double off_cm, cvs_image *img)
{
	double x0, y0, dx, dy, ppc = 10.0 / p->mm_per_px, pts[2 * 65], q[8], s;
	cvs_view v;
	int rc, n = 0, mask_factor;

	if (!p->small)
		return lv_error_set(LV_EINVAL, "overlay: the photo was not kept");
	cvs_image_view(img, &v);
	s = (double)v.width / p->width;
	mask_factor = (int)floor(p->factor * s + 0.5);
	double text_px = fmax(12.0, v.height / 60.0);
	int thick = v.height > 1500 ? 3 : 2;
	/* a failed analysis (keep_failed) has what it got to */
	if (p->mask &&
	    (rc = cvs_draw_mask_outline(img, p->mask, mask_factor < 1 ? 1 : mask_factor, 0x00ff40,
					thick)) < 0)
		return rc;
	for (int i = 0; i < 8; i++)
		q[i] = (p->marker.corners_px[i] + 0.5) * s - 0.5;
	if (p->found_marker && (rc = cvs_draw_polyline(img, q, 4, 1, 0xff2020, thick)) < 0)
		return rc;
	if (p->failed || !p->sil)
		return LV_OK;
	/* the axis over the measured range */
	lv_silhouette_axis_px(p->sil, &x0, &y0, &dx, &dy);
	for (int k = 0; k <= 64; k++) {
		double pos = p->from_cm + (p->to_cm - p->from_cm) * k / 64.0;
		if (canvas_to_scaled(p, s, x0 + pos * ppc * dx, y0 + pos * ppc * dy, &pts[2 * n],
				     &pts[2 * n + 1]))
			n++;
	}
	if ((rc = cvs_draw_polyline(img, pts, n, 0, 0xffe000, thick)) < 0)
		return rc;
	return draw_sites(p, r, off_cm, s, img, text_px, thick);
}

int photo_overlay_write(const photo_view *p, const photo_result *r, double off_cm, const char *path)
{
	int rc;
	if (!p->small)
		return lv_error_set(LV_EINVAL, "overlay: the photo was not kept");
	if ((rc = photo_overlay_draw(p, r, off_cm, p->small)) < 0)
		return rc;
	if (!r || p->failed) {
		/* its set failed: say so on the picture (the row says why) */
		cvs_view v;
		cvs_image_view(p->small, &v);
		double h = fmax(14.0, v.height / 30.0);
		if ((rc = cvs_draw_text(p->small, h / 2, 1.5 * h, "not measured", 0xff2020, h)) < 0)
			return rc;
	}
	return cvs_image_write(p->small, path);
}
