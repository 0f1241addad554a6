/*
 * The analytic shapes' scenes (gen.h): planning the frame (the limb's end,
 * the card and the range inside it), the truth of a set, and the photo set
 * or the ideal masks written to disk.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen.h"
#include "gen_opts.h"
#include "limbvol/limbvol.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CMD "gen"

/* The frame in the limb's plane, relative to the landmark (cm). */
struct frame {
	double xmin, xmax, ymin, ymax;
};

static int in_frame(const struct frame *f, double x, double y, double margin)
{
	return x >= f->xmin + margin && x <= f->xmax - margin && y >= f->ymin + margin &&
		y <= f->ymax - margin;
}

/* Axial position where the axis leaves the frame. */
static double exit_cm(const struct frame *f, double dx, double dy)
{
	double t = HUGE_VAL;
	if (dx > 1e-12)
		t = fmin(t, f->xmax / dx);
	if (dx < -1e-12)
		t = fmin(t, f->xmin / dx);
	if (dy > 1e-12)
		t = fmin(t, f->ymax / dy);
	if (dy < -1e-12)
		t = fmin(t, f->ymin / dy);
	return t;
}

/* Check the scene fits and fill in the default range; returns 0 or exit code. */
static int plan(struct opts *o, const struct frame *f, double card_cm, double *lateral)
{
	double th = o->tilt_deg * M_PI / 180, dx = cos(th), dy = sin(th), sx,
	       card_half = card_cm / 2;
	double tip_end = o->shape.tip_cm - gen_cap_cm(&o->shape) - 1.0, a, b;
	int v;

	sx = exit_cm(f, dx, dy);
	if (!in_frame(f, 0, 0, 0))
		return cli_usage_error(CMD, "the landmark is outside the frame");
	if (o->shape.hand == 2) {
		/* a standing leg, which the frame may cut below the ankle: the
		 * photo cannot always tell which end is proximal, the manifest
		 * says it */
		double ang = atan2(dy, dx) * 180 / M_PI;
		o->proximal = fabs(ang) <= 45 ? "right"
			: fabs(ang) >= 135    ? "left"
			: ang > 0             ? "down"
					      : "up";
	} else if (!in_frame(f, tip_end * dx, tip_end * dy, 0))
		return cli_usage_error(CMD,
				       "the limb's distal end (%.1f cm) is outside the frame: "
				       "move --landmark-at or change --tilt",
				       tip_end + 1);
	if (o->shape.hand == 1) {
		/* the fingertips, and the hand's width around them */
		double al = o->shape.hand_deg * M_PI / 180, hs = o->shape.tip_cm - 17.5 * cos(al);
		double hy = 17.5 * sin(al) * o->shape.hand_side;
		if (!in_frame(f, hs * dx - hy * dy, hs * dy + hy * dx, 1))
			return cli_usage_error(CMD,
					       "the hand is outside the frame: move --landmark-at "
					       "or change --tilt");
	}
	if (isnan(o->from)) {
		o->from = fmax(0, ceil(o->shape.tip_cm));
		o->to = o->from + floor((sx - 3 - o->from) / o->step) * o->step;
		if (!(o->to > o->from))
			return cli_usage_error(CMD,
					       "the limb shows less than one --step in the frame");
	}
	if (o->from < o->shape.tip_cm + (o->shape.hand ? 2 : 0))
		return cli_usage_error(CMD, "--from %g cm is below the limb's tip (%g cm%s)",
				       o->from, o->shape.tip_cm,
				       o->shape.hand == 1 ? ", and the hand reaches 2 cm above it"
					       : o->shape.hand == 2
					       ? ", and the foot reaches 2 cm above it"
					       : "");
	if (o->to > sx - 1)
		return cli_usage_error(CMD,
				       "--to %g cm is outside the frame (the limb leaves it at "
				       "%.1f cm)",
				       o->to, sx);
	for (v = 0; v < 2 && card_cm > 0; v++) {
		/* the card beside the limb, clear of it by 1.5 cm, in both views */
		double m = 0, s, lat;
		int c;
		for (s = o->marker_axial - card_half - 1; s <= o->marker_axial + card_half + 1;
		     s += 0.25) {
			gen_axes(&o->shape, s, &a, &b);
			m = fmax(m, v ? b : a);
		}
		lat = (o->below ? 1 : -1) * (m * 1.05 + 1.5 + card_half);
		lateral[v] = lat;
		for (c = 0; c < 4; c++) {
			double u = o->marker_axial + (c < 2 ? -1 : 1) * card_half,
			       w = lat + (c % 2 ? -1 : 1) * card_half;
			if (!in_frame(f, u * dx - w * dy, u * dy + w * dx, 0.5))
				return cli_usage_error(
					CMD,
					"the marker card falls outside the frame: move "
					"--landmark-at or use --marker-side %s",
					o->below ? "above" : "below");
		}
	}
	return 0;
}

#define APPEND(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))

/* Volume from the widths a perfect segmentation finds in the marker plane. */
static double plane_volume_ml(const struct opts *o, double cx)
{
	const int n = 2000;
	double h = (o->to - o->from) / n, sum = 0, a, b;
	int i;

	for (i = 0; i <= n; i++) {
		double w = (i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2);
		gen_axes(&o->shape, o->from + i * h, &a, &b);
		sum += w * gen_plane_width(a, b, cx, -o->distance) *
			gen_plane_width(b, a, cx, -o->distance);
	}
	return M_PI / 4 * sum * h / 3;
}

/* cx: the camera's offset from the limb's axis along the marker plane
 * (photos), NaN for masks. */
static int write_truth(const struct opts *o, double focal_px, double lx, double ly, double ox,
		       double oy, double cx)
{
	size_t cap = 65536;
	char *buf = malloc(cap), *p = buf, *end = buf + cap;
	int rc, first = 1;
	double s;

	if (!buf)
		return CLI_EXIT_SOFTWARE;
	APPEND("{\"generator\": \"limbvol-gen\", \"shape\": \"%s\", \"seed\": %llu,\n",
	       o->shape_name, o->seed);
	if (o->shape.hand == 2)
		APPEND(" \"foot\": \"forward\",\n");
	if (o->shape.hand == 1) {
		APPEND(" \"hand_deg\": ");
		gen_num(&p, end, o->shape.hand_deg, 2);
		APPEND(",\n");
	}
	APPEND(" ");
	gen_json_range(&p, end, o);
	APPEND(",\n \"volume_ml\": ");
	gen_num(&p, end, gen_volume_ml(&o->shape, o->from, o->to), 4);
	APPEND(", \"views\": %d,\n", o->one_view ? 1 : 2);
	if (o->mask_only) {
		APPEND(" \"px_per_cm\": ");
		gen_num(&p, end, o->ppc, 4);
		APPEND(", \"origin_px\": [");
		gen_num(&p, end, ox, 3);
		APPEND(", ");
		gen_num(&p, end, oy, 3);
		APPEND("], \"tilt_deg\": ");
		gen_num(&p, end, o->tilt_deg, 3);
		APPEND(",\n");
	} else {
		APPEND(" ");
		gen_json_marker(&p, end, o);
		APPEND(",\n ");
		gen_json_camera(&p, end, o, o->width, o->height, focal_px, lx, ly);
		APPEND(",\n \"plane_volume_ml\": ");
		gen_num(&p, end, plane_volume_ml(o, cx), 4);
		APPEND(",\n");
	}
	APPEND(" \"sites\": [");
	for (s = o->from; s <= o->to + 1e-9 && end - p > 400; s += o->step) {
		double a, b;
		gen_axes(&o->shape, s, &a, &b);
		APPEND("%s\n  {\"site_cm\": ", first ? "" : ",");
		first = 0;
		gen_num(&p, end, s, 3);
		APPEND(", \"circumference_cm\": ");
		gen_num(&p, end, gen_perimeter_cm(a, b), 6);
		APPEND(", \"width_front_cm\": ");
		gen_num(&p, end, 2 * a, 6);
		APPEND(", \"width_side_cm\": ");
		gen_num(&p, end, 2 * b, 6);
		if (!isnan(cx)) {
			APPEND(", \"plane_width_front_cm\": ");
			gen_num(&p, end, gen_plane_width(a, b, cx, -o->distance), 6);
			APPEND(", \"plane_width_side_cm\": ");
			gen_num(&p, end, gen_plane_width(b, a, cx, -o->distance), 6);
		}
		APPEND("}");
	}
	APPEND("\n]}\n");
	rc = gen_write_text(o->out, "truth.json", buf);
	free(buf);
	return rc;
}

int gen_run_masks(struct opts *o)
{
	size_t w = (size_t)o->width, h = (size_t)o->height;
	unsigned char *m = malloc(w * h);
	double ox = o->fx * (double)(w - 1), oy = o->fy * (double)(h - 1), lat[2];
	struct frame f = { -ox / o->ppc, ((double)w - 1 - ox) / o->ppc, -oy / o->ppc,
			   ((double)h - 1 - oy) / o->ppc };
	char path[4096];
	int rc, v;

	if (!m)
		return CLI_EXIT_SOFTWARE;
	o->below = 1;
	/* no card in a mask: plan() only checks the limb and fills the range */
	if ((rc = plan(o, &f, 0, lat)) != 0)
		goto done;
	for (v = 0; v < (o->one_view ? 1 : 2); v++) {
		lv_mask_view view = { m, w, h, w };
		gen_render_mask(&o->shape, v, o->tilt_deg * M_PI / 180, o->ppc, ox, oy, m, w, h);
		snprintf(path, sizeof path, "%s/%s.png", o->out, v ? "side" : "front");
		if (lv_mask_write_png(&view, path) < 0) {
			rc = cli_report(CMD);
			goto done;
		}
	}
	rc = write_truth(o, 0, 0, 0, ox, oy, NAN);
done:
	free(m);
	return rc;
}

/* What gen_write_photos() draws a view with. */
struct photo_draw {
	gen_scene *sc;
	const struct opts *o;
	const double *lat;
};

static int draw_view(void *ctx, int v, unsigned char *bgr, size_t stride)
{
	struct photo_draw *d = ctx;
	d->sc->side = v;
	d->sc->card_lateral_cm = d->lat[v];
	d->sc->card_axial_cm = d->o->marker_axial;
	d->sc->seed = gen_hash(d->o->seed * 2 + (unsigned)v);
	return gen_render(d->sc, bgr, stride);
}

int gen_run_photos(struct opts *o)
{
	gen_scene sc;
	double focal = gen_focal_px(o), lat[2];
	double cx = (o->width - 1) / 2.0, cy = (o->height - 1) / 2.0;
	double lx = o->fx * (o->width - 1), ly = o->fy * (o->height - 1);
	double x0 = (lx - cx) * o->distance / focal, y0 = (ly - cy) * o->distance / focal;
	struct frame f = { -cx * o->distance / focal - x0, cx * o->distance / focal - x0,
			   -cy * o->distance / focal - y0, cy * o->distance / focal - y0 };
	struct photo_draw draw = { &sc, o, lat };
	int rc;

	memset(&sc, 0, sizeof sc);
	if ((rc = gen_marker_card(o, sc.cells, &sc.n_cells, &sc.marker_cm, &sc.card_cm)) != 0)
		return rc;
	if ((rc = plan(o, &f, sc.card_cm, lat)) != 0)
		return rc;
	sc.shape = &o->shape;
	sc.width = o->width;
	sc.height = o->height;
	sc.focal_px = focal;
	sc.distance_cm = o->distance;
	sc.x0_cm = x0;
	sc.y0_cm = y0;
	sc.tilt = o->tilt_deg * M_PI / 180;
	sc.back_cm = 40;
	memcpy(sc.bg, o->bg, 3);
	sc.skin[0] = 150;
	sc.skin[1] = 178;
	sc.skin[2] = 222;
	sc.noise = o->noise;
	if ((rc = gen_write_photos(o, o->one_view ? 1 : 2, draw_view, &draw)) != 0)
		return rc;
	return write_truth(o, focal, lx, ly, 0, 0, x0 * sin(sc.tilt) - y0 * cos(sc.tilt));
}
