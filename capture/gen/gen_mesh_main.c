/*
 * limbvol-gen --mesh: a photo set of a real limb surface (binary STL) in
 * the generator's scene, and its truth from the mesh itself.
 *
 * The limb's axis and position 0 are defined as a therapist lays a tape:
 * the landmark (a point given in the mesh's coordinates, e.g. the middle of
 * the wrist) and a point further up the limb give a first axis; the axis is
 * then the straight line through the middles of the limb's outlines in the
 * two views (the medial lines that limbvol photo fits), over the range
 * measured, and position 0 the landmark projected onto it.  The photos put
 * that axis in the marker plane and the marker card's centre beside
 * position 0, as the protocol says.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "gen_mesh.h"
#include "gen_opts.h"
#include "limbvol/limbvol.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

#define CMD "gen"

/* The part of the frame a view shows, and the card beside the limb. */
struct mesh_view {
	gen_mesh_scene sc;
	double lateral_cm;
};

/* Does a camera-space point project inside the frame, margin px clear? */
static int in_image(const gen_mesh_scene *sc, const double *c, double margin)
{
	double cx = (sc->width - 1) / 2.0, cy = (sc->height - 1) / 2.0;
	double x = cx + sc->focal_px * c[0] / c[2], y = cy + sc->focal_px * c[1] / c[2];
	return c[2] > 1 && x >= margin - 0.5 && y >= margin - 0.5 &&
		x <= sc->width - 0.5 - margin && y <= sc->height - 0.5 - margin;
}

static void to_camera(const gen_mesh_scene *sc, const double *l, double *c)
{
	for (int k = 0; k < 3; k++)
		c[k] = sc->p0[k] + l[0] * sc->e1[k] + l[1] * sc->e2[k] + l[2] * sc->e3[k];
}

/* Where the axis leaves the frame towards the proximal end (cm), in the
 * marker plane. */
static double axis_exit_cm(const gen_mesh_scene *sc)
{
	double lo = 0, hi = 400;
	for (int k = 0; k < 60; k++) {
		double mid = (lo + hi) / 2, l[3] = { mid, 0, 0 }, c[3];
		to_camera(sc, l, c);
		if (in_image(sc, c, 0))
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

/*
 * The limb's medial line in a view near the landmark (position s0): its
 * middle c0 at s0 and its slope, fitted from 2 cm below to 10 cm above, as
 * limbvol photo finds the landmark's local direction (doc/photo.md).
 */
static void local_medial(gen_slicer *sl, int side, double s0, double *c0, double *slope)
{
	double n = 0, sx = 0, sxx = 0, sy = 0, sxy = 0, det;
	gen_section sec;

	for (double s = s0 - 2; s <= s0 + 10 + 1e-9; s += 0.25) {
		double m;
		gen_slicer_section(sl, s, &sec);
		if (!sec.segments)
			continue;
		m = side ? (sec.wmin + sec.wmax) / 2 : (sec.umin + sec.umax) / 2;
		n++;
		sx += s - s0;
		sxx += (s - s0) * (s - s0);
		sy += m;
		sxy += (s - s0) * m;
	}
	det = n * sxx - sx * sx;
	*slope = det > 0 ? (n * sxy - sx * sy) / det : 0;
	*c0 = n > 0 ? (sy - *slope * sx) / n : 0;
}

/*
 * One view: the limb's local axes in camera coordinates (the side view
 * turns the limb 90 degrees about its axis: depth becomes across), the
 * card beside the limb in the marker plane, 1.5 cm clear of the limb's
 * widest extent along the card.  Returns 0 or an exit code.
 */
static int plan_view(const struct opts *o, gen_slicer *sl, const double *loc, size_t nv, int side,
		     struct mesh_view *v)
{
	gen_mesh_scene *sc = &v->sc;
	double th = o->tilt_deg * M_PI / 180, E1[3] = { cos(th), sin(th), 0 },
	       E2[3] = { -sin(th), cos(th), 0 }, Z[3] = { 0, 0, 1 }, ext = 0;
	double half = sc->card_cm / 2, sgn = o->below ? 1 : -1, c0, slope;
	size_t i;

	for (int k = 0; k < 3; k++) {
		sc->e1[k] = E1[k];
		sc->e2[k] = side ? -Z[k] : E2[k];
		sc->e3[k] = side ? E2[k] : Z[k];
		sc->across[k] = E2[k];
	}
	/* the limb's extent towards the card, along the card's span */
	for (i = 0; i < nv; i++) {
		const double *l = loc + 3 * i;
		if (fabs(l[0] - o->marker_axial) <= half + 1)
			ext = fmax(ext, sgn * (side ? l[2] : l[1]));
	}
	v->lateral_cm = sgn * (ext * 1.05 + 1.5 + half);
	/* beside the landmark: on the line through the medial line's point at
	 * the landmark, square to the medial line's local direction (a real
	 * limb's medial line is not the axis), the card's centre projects onto
	 * the medial line at the landmark */
	local_medial(sl, side, o->marker_axial, &c0, &slope);
	sc->card_axial_cm = o->marker_axial - (v->lateral_cm - c0) * slope;
	sc->card_lateral_cm = v->lateral_cm;
	for (int c = 0; c < 4; c++) {
		double u = sc->card_axial_cm + (c < 2 ? -1 : 1) * half,
		       w = v->lateral_cm + (c % 2 ? -1 : 1) * half, p[3];
		for (int k = 0; k < 3; k++)
			p[k] = sc->p0[k] + u * E1[k] + w * E2[k];
		if (!in_image(sc, p, 3))
			return cli_usage_error(CMD,
					       "the marker card falls outside the frame: move "
					       "--landmark-at or use --marker-side %s",
					       o->below ? "above" : "below");
	}
	/* the distal end (a hand, a residual limb's end) inside the frame */
	for (i = 0; i < nv; i++) {
		double c[3];
		if (loc[3 * i] > 0)
			continue;
		to_camera(sc, loc + 3 * i, c);
		if (!in_image(sc, c, 1))
			return cli_usage_error(CMD,
					       "the limb's distal end (%.1f cm from the landmark) "
					       "is outside the frame: move --landmark-at, change "
					       "--tilt, or step back (--distance, --fov)",
					       loc[3 * i]);
	}
	return 0;
}

#define APPEND(...) (p += snprintf(p, (size_t)(end - p), __VA_ARGS__))

static void vec(char **p, char *end, const double *v, double scale, int decimals)
{
	for (int k = 0; k < 3; k++) {
		*p += snprintf(*p, (size_t)(end - *p), k ? ", " : "[");
		gen_num(p, end, v[k] * scale, decimals);
	}
	*p += snprintf(*p, (size_t)(end - *p), "]");
}

/*
 * The mesh as a view's camera projects it onto the marker plane (along the
 * axis, across it): the extents of its sections there are the widths of
 * the silhouette a perfect segmentation finds in the marker plane, before
 * any perspective correction (the analytic shapes' plane widths).
 */
static gen_slicer *plane_slicer(const gen_mesh *m, const gen_frame *f, const double *loc,
				const gen_mesh_scene *sc)
{
	double *pl = malloc(m->nv * 3 * sizeof *pl);
	gen_slicer *sl;

	if (!pl)
		return NULL;
	for (size_t i = 0; i < m->nv; i++) {
		double c[3], d[3];
		to_camera(sc, loc + 3 * i, c);
		for (int k = 0; k < 3; k++)
			d[k] = c[k] * sc->distance_cm / c[2] - sc->p0[k];
		pl[3 * i] = d[0] * sc->e1[0] + d[1] * sc->e1[1] + d[2] * sc->e1[2];
		pl[3 * i + 1] = d[0] * sc->across[0] + d[1] * sc->across[1] + d[2] * sc->across[2];
		pl[3 * i + 2] = 0;
	}
	sl = gen_slicer_new_local(m, f, pl);
	free(pl);
	return sl;
}

static double plane_width(gen_slicer *sl, double s)
{
	gen_section sec;
	gen_slicer_section(sl, s, &sec);
	return sec.segments ? sec.umax - sec.umin : 0;
}

/* pi/4 int w_front w_side ds of the plane widths (Simpson, 1 mm). */
static double plane_volume_ml(gen_slicer *const pl[2], double from, double to)
{
	int n = 2 * (int)ceil((to - from) / 0.2);
	double h = (to - from) / n, sum = 0;

	for (int i = 0; i <= n; i++)
		sum += ((i == 0 || i == n) ? 1 : (i % 2 ? 4 : 2)) *
			plane_width(pl[0], from + i * h) * plane_width(pl[1], from + i * h);
	return M_PI / 4 * sum * h / 3;
}

/* The virtual tape sites: the mesh's section at each, its widths in both
 * views, and the marker-plane widths of each view. */
static void truth_sites(char **pp, char *end, const struct opts *o, gen_slicer *sl, int nviews,
			gen_slicer *const pl[2])
{
	char *p = *pp;
	gen_section sec;
	int first = 1;

	APPEND(",\n \"sites\": [");
	for (double s = o->from; s <= o->to + 1e-9 && end - p > 400; s += o->step) {
		double wf, ws;
		gen_slicer_section(sl, s, &sec);
		wf = sec.umax - sec.umin;
		ws = sec.wmax - sec.wmin;
		APPEND("%s\n  {\"site_cm\": ", first ? "" : ",");
		first = 0;
		gen_num(&p, end, s, 3);
		APPEND(", \"circumference_cm\": ");
		gen_num(&p, end, sec.hull_cm, 6);
		APPEND(", \"area_cm2\": ");
		gen_num(&p, end, sec.area_cm2, 6);
		APPEND(", \"width_front_cm\": ");
		gen_num(&p, end, wf, 6);
		APPEND(", \"width_side_cm\": ");
		gen_num(&p, end, ws, 6);
		APPEND(", \"ellipse_circumference_cm\": ");
		gen_num(&p, end, gen_perimeter_cm(wf / 2, ws / 2), 6);
		if (nviews == 2) {
			APPEND(", \"plane_width_front_cm\": ");
			gen_num(&p, end, plane_width(pl[0], s), 6);
			APPEND(", \"plane_width_side_cm\": ");
			gen_num(&p, end, plane_width(pl[1], s), 6);
		}
		APPEND("}");
	}
	APPEND("\n]}\n");
	*pp = p;
}

/* The mesh file's name (JSON-escaped), its axis and extent, the bend. */
static void truth_mesh(char **pp, char *end, const struct opts *o, const gen_mesh *m,
		       const gen_frame *f, gen_slicer *sl)
{
	char *p = *pp;
	const char *base = strrchr(o->mesh, '/');
	double smin, smax;

	base = base ? base + 1 : o->mesh;
	APPEND("{\"generator\": \"limbvol-gen\", \"shape\": \"mesh\", \"mesh\": \"");
	for (const char *c = base; *c && end - p > 8; c++)
		APPEND((*c == '"' || *c == '\\')        ? "\\%c"
			       : (unsigned char)*c < 32 ? "?"
							: "%c",
		       *c);
	APPEND("\", \"triangles\": %zu, \"seed\": %llu,\n", m->nt, o->seed);
	APPEND(" \"axis\": {\"landmark\": ");
	vec(&p, end, f->o, 1 / o->mesh_scale, 3);
	APPEND(", \"direction\": ");
	vec(&p, end, f->e1, 1, 6);
	APPEND(", \"depth\": ");
	vec(&p, end, f->e3, 1, 6);
	APPEND(", \"units\": \"mesh\"}, \"extent_cm\": [");
	gen_slicer_extent(sl, &smin, &smax);
	gen_num(&p, end, smin, 2);
	APPEND(", ");
	gen_num(&p, end, smax, 2);
	APPEND("], \"bend_deg\": ");
	gen_num(&p, end, o->bend_deg, 2);
	APPEND(", \"bend_at_cm\": ");
	gen_num(&p, end, o->bend_deg != 0 ? o->bend_at_cm : 0, 2);
	APPEND(", \"swell_mm\": ");
	gen_num(&p, end, o->swell_cm * 10, 3);
	if (!isnan(o->swell_full_cm)) {
		APPEND(", \"swell_taper_cm\": [");
		gen_num(&p, end, o->swell_full_cm, 2);
		APPEND(", ");
		gen_num(&p, end, o->swell_none_cm, 2);
		APPEND("]");
	}
	*pp = p;
}

/* The marker card, where its centre is in each view, and the camera. */
static void truth_scene(char **pp, char *end, const struct opts *o, const struct mesh_view *views,
			int nviews)
{
	char *p = *pp;
	const gen_mesh_scene *sc = &views[0].sc;
	double lx = sc->focal_px * sc->p0[0] / sc->p0[2] + (sc->width - 1) / 2.0,
	       ly = sc->focal_px * sc->p0[1] / sc->p0[2] + (sc->height - 1) / 2.0;

	APPEND(" ");
	gen_json_marker(&p, end, o);
	/* where the card's centre is in each view: cm along the axis, across */
	APPEND(",\n \"card_centre_cm\": [");
	for (int v = 0; v < nviews; v++) {
		APPEND(v ? ", [" : "[");
		gen_num(&p, end, views[v].sc.card_axial_cm, 3);
		APPEND(", ");
		gen_num(&p, end, views[v].sc.card_lateral_cm, 3);
		APPEND("]");
	}
	APPEND("],\n ");
	gen_json_camera(&p, end, o, sc->width, sc->height, sc->focal_px, lx, ly);
	*pp = p;
}

/* OUT/truth.json: what the photos show, from the mesh itself. */
static int write_truth(const struct opts *o, const gen_mesh *m, const gen_frame *f, gen_slicer *sl,
		       double volume, const struct mesh_view *views, int nviews,
		       gen_slicer *const pl[2])
{
	size_t cap = 65536;
	char *buf = malloc(cap), *p = buf, *end = buf + cap;
	int rc;

	if (!buf)
		return CLI_EXIT_SOFTWARE;
	truth_mesh(&p, end, o, m, f, sl);
	APPEND(",\n ");
	gen_json_range(&p, end, o);
	APPEND(",\n \"volume_ml\": ");
	gen_num(&p, end, volume, 4);
	APPEND(", \"ellipse_volume_ml\": ");
	gen_num(&p, end, gen_slicer_ellipse_volume_ml(sl, o->from, o->to), 4);
	if (nviews == 2) {
		APPEND(", \"plane_volume_ml\": ");
		gen_num(&p, end, plane_volume_ml(pl, o->from, o->to), 4);
	}
	APPEND(", \"views\": %d,\n", o->one_view ? 1 : 2);
	truth_scene(&p, end, o, views, nviews);
	truth_sites(&p, end, o, sl, nviews, pl);
	rc = gen_write_text(o->out, "truth.json", buf);
	free(buf);
	return rc;
}

/* The frame's axis, fitted on the range; the default range from it. */
static int fit_axis(struct opts *o, const gen_mesh *m, gen_frame *f, const double *view,
		    double exit_cm)
{
	int given = !isnan(o->from);
	gen_slicer *sl;
	double lo, hi, smin, smax;

	for (int pass = 0; pass < 2; pass++) {
		double from = given ? o->from : 0, to = given ? o->to : 0;
		sl = gen_slicer_new(m, f);
		if (!sl)
			return CLI_EXIT_SOFTWARE;
		gen_slicer_closed(sl, 0, &lo, &hi);
		gen_slicer_extent(sl, &smin, &smax);
		gen_slicer_free(sl);
		if (lo >= 0 || hi <= 0 || smin >= 0 || smax <= 0)
			return cli_usage_error(CMD,
					       "the mesh is open or missing at the landmark: "
					       "check --landmark");
		if (!given) {
			double top = fmin(hi - 0.5, fmin(smax, exit_cm) - 3);
			from = 0;
			to = floor(top / o->step) * o->step;
			if (!(to > from))
				return cli_usage_error(
					CMD, "the limb shows less than one --step in the frame");
			o->from = from;
			o->to = to;
		}
		if (from <= lo || to >= hi)
			return cli_usage_error(CMD,
					       "the range %g to %g cm leaves the closed part of the "
					       "mesh (%.1f to %.1f cm from the landmark)",
					       from, to, lo, hi);
		if (pass == 0 && gen_frame_fit(f, m, view, from, to) < 0)
			return cli_usage_error(CMD, "the axis cannot be fitted on %g to %g cm",
					       from, to);
	}
	return 0;
}

/* The front view's camera: the landmark at --landmark-at, the axis tilted
 * by --tilt; the rest of the scene comes from plan_views(). */
static void front_camera(const struct opts *o, gen_mesh_scene *sc)
{
	double focal = gen_focal_px(o);
	double cx = (o->width - 1) / 2.0, cy = (o->height - 1) / 2.0;
	double lx = o->fx * (o->width - 1), ly = o->fy * (o->height - 1);

	sc->width = o->width;
	sc->height = o->height;
	sc->focal_px = focal;
	sc->distance_cm = o->distance;
	sc->p0[0] = (lx - cx) * o->distance / focal;
	sc->p0[1] = (ly - cy) * o->distance / focal;
	sc->p0[2] = o->distance;
	sc->e1[0] = cos(o->tilt_deg * M_PI / 180);
	sc->e1[1] = sin(o->tilt_deg * M_PI / 180);
}

/* The limb's proximal end and --to must leave and stay in the frame. */
static int check_frame(const struct opts *o, gen_slicer *sl, const gen_mesh_scene *front)
{
	double smin, smax, exit_cm = axis_exit_cm(front);

	gen_slicer_extent(sl, &smin, &smax);
	if (exit_cm > smax - 1)
		return cli_usage_error(CMD,
				       "the whole mesh is in the frame: its proximal end "
				       "must leave it (move --landmark-at, narrow --fov "
				       "or come closer)");
	if (o->to > exit_cm - 1)
		return cli_usage_error(CMD, "--to %g cm is outside the frame", o->to);
	return 0;
}

/* Both views' scenes (the side view a copy of the front's camera), the
 * marker card and where each view puts it. */
static int plan_views(const struct opts *o, gen_slicer *sl, const double *loc, size_t nv,
		      int nviews, struct mesh_view *views)
{
	int rc;

	if ((rc = gen_marker_card(o, views[0].sc.cells, &views[0].sc.n_cells,
				  &views[0].sc.marker_cm, &views[0].sc.card_cm)) != 0)
		return rc;
	for (int v = 0; v < nviews; v++) {
		gen_mesh_scene *sc = &views[v].sc;
		if (v)
			*sc = views[0].sc;
		sc->back_cm = 40;
		memcpy(sc->bg, o->bg, 3);
		sc->skin[0] = 150;
		sc->skin[1] = 178;
		sc->skin[2] = 222;
		sc->noise = o->noise;
		sc->seed = gen_hash(o->seed * 2 + (unsigned)v);
		if ((rc = plan_view(o, sl, loc, nv, v, &views[v])) != 0)
			return rc;
	}
	return 0;
}

/* What gen_write_photos() draws a view with. */
struct mesh_draw {
	const struct mesh_view *views;
	const gen_mesh *m;
	const double *loc;
};

static int draw_view(void *ctx, int v, unsigned char *bgr, size_t stride)
{
	const struct mesh_draw *d = ctx;
	return gen_mesh_render(&d->views[v].sc, d->m, d->loc, bgr, stride);
}

int gen_run_mesh(struct opts *o)
{
	gen_mesh m;
	gen_frame f;
	gen_slicer *sl = NULL, *pl[2] = { NULL, NULL };
	struct mesh_view views[2];
	struct mesh_draw draw;
	double lm[3], tw[3], view[3], *loc = NULL, volume;
	int rc, nviews = o->one_view ? 1 : 2;

	memset(views, 0, sizeof views);
	if (gen_mesh_read_stl(o->mesh, o->mesh_scale, &m) < 0)
		return cli_report(CMD);
	for (int k = 0; k < 3; k++) {
		lm[k] = o->mesh_landmark[k] * o->mesh_scale;
		tw[k] = o->mesh_towards[k] * o->mesh_scale;
		view[k] = o->mesh_view[k];
	}
	if (gen_frame_make(&f, lm, tw, view) < 0) {
		rc = cli_usage_error(CMD,
				     "--landmark, --towards and --view must give a "
				     "direction along the limb and a direction of view "
				     "across it");
		goto done;
	}
	/* the limb swells, then takes its pose */
	if (o->swell_cm != 0 &&
	    gen_mesh_swell(&m, &f, o->swell_cm, o->swell_full_cm, o->swell_none_cm) < 0) {
		rc = CLI_EXIT_SOFTWARE;
		goto done;
	}
	if (o->bend_deg != 0)
		gen_mesh_bend(&m, &f, o->bend_at_cm, o->bend_deg, 4);
	/* the front view's camera, to find where the axis leaves the frame */
	front_camera(o, &views[0].sc);
	if ((rc = fit_axis(o, &m, &f, view, axis_exit_cm(&views[0].sc))) != 0)
		goto done;
	sl = gen_slicer_new(&m, &f);
	loc = malloc(m.nv * 3 * sizeof *loc);
	if (!sl || !loc) {
		rc = CLI_EXIT_SOFTWARE;
		goto done;
	}
	for (size_t i = 0; i < m.nv; i++)
		gen_frame_local(&f, m.v + 3 * i, loc + 3 * i);
	if ((rc = check_frame(o, sl, &views[0].sc)) != 0)
		goto done;
	volume = gen_slicer_volume_ml(sl, o->from, o->to);
	if (!(volume > 0)) {
		rc = cli_usage_error(CMD, "the mesh is open between %g and %g cm", o->from, o->to);
		goto done;
	}
	if ((rc = plan_views(o, sl, loc, m.nv, nviews, views)) != 0)
		goto done;
	draw = (struct mesh_draw){ views, &m, loc };
	if ((rc = gen_write_photos(o, nviews, draw_view, &draw)) != 0)
		goto done;
	for (int v = 0; v < nviews; v++)
		if (!(pl[v] = plane_slicer(&m, &f, loc, &views[v].sc))) {
			rc = CLI_EXIT_SOFTWARE;
			goto done;
		}
	rc = write_truth(o, &m, &f, sl, volume, views, nviews, pl);
done:
	gen_slicer_free(sl);
	gen_slicer_free(pl[0]);
	gen_slicer_free(pl[1]);
	free(loc);
	gen_mesh_free(&m);
	return rc;
}
