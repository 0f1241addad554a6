/* Front and side views combined: volume and virtual tape (photo.h). */
#include "photo.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

#define FINE_STEP_CM 0.1

void photo_result_clear(photo_result *r)
{
	free(r->site_cm);
	free(r->width_front_cm);
	free(r->width_side_cm);
	free(r->circumference_cm);
	free(r->circumference_sd_cm);
	free(r->segments);
	lv_profile_free(r->profile);
	memset(r, 0, sizeof *r);
}

static double round_to(double x, double q, int up)
{
	double k = x / q;
	k = up ? ceil(k - 1e-9) : floor(k + 1e-9);
	return k * q;
}

double photo_repeat_rel_sd(const struct photo_sd *d)
{
	return sqrt(d->scale * d->scale + d->edges * d->edges + d->readings * d->readings);
}

/* A view's width profile's slope at s_cm (from the marker), over +-0.5 cm;
 * < 0 (error cleared) where that leaves what the view measures. */
static int slope_at(const photo_view *v, double s_cm, double *out)
{
	const double h = 0.5;
	double a, b;
	if (photo_width_at(v, s_cm + h, 1, &a) < 0 || photo_width_at(v, s_cm - h, 1, &b) < 0) {
		lv_error_clear();
		return -1;
	}
	*out = (a - b) / (2 * h);
	return 0;
}

/* The edges' common bias on a width of a view, in cm (both edges). */
static double edge_bias_cm(const photo_facts *f)
{
	return 2 * PHOTO_EDGE_BIAS_PX * f->mm_per_px / 10;
}

/* The card's depth as a fraction of a view's widths (photo.h). */
static double card_depth_rel(const photo_facts *f)
{
	double c = PHOTO_CARD_DEPTH_CM * 10 / f->distance_mm;
	return isfinite(c) ? c : 0;
}

/*
 * The volume's sd, every source that moves the result (issue 9: "the ± is
 * honest"), as fractions of the volume V = pi/4 sum w_f w_s ds:
 *  - readings: each millimetre's width to half a resampled pixel,
 *    independent (what lv_volume_between propagates);
 *  - scale: the marker's corners to PHOTO_CORNER_SD_PX, every width of a
 *    view together (V is linear in each view's widths: the views add in
 *    quadrature; one view counts twice);
 *  - edges: a common bias of PHOTO_EDGE_BIAS_PX on each edge of a view,
 *    2 b mm_per_px / mean width;
 *  - perspective: the spread of the tangent-line correction over the focal
 *    lengths plausible (photo_facts.perspective_rel_sd);
 *  - registration: the side view shifted by PHOTO_REGISTRATION_SD_CM along
 *    the limb, pi/4 sum w_f dw_s/ds ds times the shift;
 *  - section: sections that are not ellipses (PHOTO_SECTION_REL_SD).
 * The sources are independent: the total is their quadrature sum.
 *
 * The repeat sd (doc/clinical.md, "A change of photo volume"): of these,
 * only the marker's corners (scale), the edges' bias (the threshold on
 * another exposure, other sensor noise) and the readings differ between two
 * photo sets of the same limb taken the same way; the section's shape, the
 * perspective, the registration of front and side (the same profiles line
 * up the same way) and the card's depth are the same limb's and the same
 * set-up's twice, and cancel in a change of volume.
 */
static int sd_model(photo_result *r, const photo_view *front, const photo_view *side,
		    const photo_facts *ff, const photo_facts *fs, const double *wf,
		    const double *ws, size_t n, double off)
{
	struct photo_sd *d = &r->sd;
	double V = r->volume.volume_ml, mf = 0, ms = 0, dv = 0;

	(void)front;
	if (!(V > 0))
		return lv_error_set(LV_EIMAGE, "the limb's volume is not positive");
	for (size_t i = 0; i < n; i++) {
		mf += wf[i] / (double)n;
		ms += ws[i] / (double)n;
	}
	d->readings = r->volume.sd_ml / V;
	d->scale = side ? hypot(ff->scale_rel_sd, fs->scale_rel_sd) : 2 * ff->scale_rel_sd;
	{
		double ef = edge_bias_cm(ff) / mf, es = edge_bias_cm(fs) / ms;
		d->edges = side ? hypot(ef, es) : 2 * ef;
	}
	d->perspective = side ? hypot(ff->perspective_rel_sd, fs->perspective_rel_sd)
			      : 2 * ff->perspective_rel_sd;
	if (side) {
		/* dV/dshift: the side's widths a step further along, or nearer
     * at the range's proximal end */
		for (size_t i = 0; i < n; i++) {
			double s =
				r->from_cm + (double)i * (r->to_cm - r->from_cm) / (double)(n - 1);
			double slope;
			if (slope_at(side, s + off, &slope) < 0)
				continue;
			dv += 3.14159265358979 / 4 * wf[i] * slope * (r->to_cm - r->from_cm) /
				(double)(n - 1);
		}
	}
	d->registration = fabs(dv) * PHOTO_REGISTRATION_SD_CM / V;
	d->section = side ? PHOTO_SECTION_REL_SD : PHOTO_SECTION_REL_SD_ONE_VIEW;
	{
		/* each view's widths by the depth of their widest points over
		 * the camera's distance (photo.h) */
		double cf = card_depth_rel(ff), cs = card_depth_rel(fs);
		d->card_depth = side ? hypot(cf, cs) : 2 * cf;
	}
	r->volume_rel_sd =
		sqrt(d->scale * d->scale + d->edges * d->edges + d->perspective * d->perspective +
		     d->registration * d->registration + d->section * d->section +
		     d->card_depth * d->card_depth);
	d->total = hypot(d->readings, r->volume_rel_sd);
	d->repeat = photo_repeat_rel_sd(d);
	return LV_OK;
}

/* The range measured, r->from_cm to r->to_cm: the one asked for, or the
 * longest whole number of steps inside what both views measure. */
static int choose_range(photo_result *r, const photo_facts *ff, const photo_facts *fs, int side,
			const photo_request *rq)
{
	double lo, hi, off = rq->origin_offset_cm, step = rq->step_cm;

	/* the range both views measure, in cm from the landmark */
	lo = fmax(ff->from_cm, fs->from_cm) - off;
	hi = fmin(ff->to_cm, fs->to_cm) - off;
	if (side && !(hi - lo >= 0.5 * fmin(ff->to_cm - ff->from_cm, fs->to_cm - fs->from_cm)))
		return lv_error_set(LV_EIMAGE,
				    "front and side views do not agree: the front view "
				    "measures the limb from "
				    "%.1f to %.1f cm, the side view from %.1f to %.1f cm",
				    ff->from_cm - off, ff->to_cm - off, fs->from_cm - off,
				    fs->to_cm - off);
	r->from_cm = isnan(rq->from_cm) ? (lo <= 0 && hi > 0 ? 0.0 : round_to(lo, FINE_STEP_CM, 1))
					: rq->from_cm;
	if (isnan(rq->to_cm)) {
		r->to_cm = r->from_cm + round_to(hi - r->from_cm, step, 0);
		if (r->to_cm <= r->from_cm)
			r->to_cm = round_to(hi, FINE_STEP_CM, 0);
	} else {
		r->to_cm = rq->to_cm;
	}
	if (!(r->from_cm >= lo - 1e-9 && r->to_cm <= hi + 1e-9 && r->to_cm > r->from_cm))
		return lv_error_set(LV_ERANGE,
				    "the range %.1f to %.1f cm is not inside what %s "
				    "measure%s: %.1f to %.1f cm from "
				    "the landmark (set --from and --to inside it)",
				    r->from_cm, r->to_cm, side ? "both photos" : "the photo",
				    side ? "" : "s", lo, hi);
	return LV_OK;
}

/* What moves a width w_cm of a view, in cm: the marker's scale, the edges'
 * bias, the perspective correction, the card's depth (each as in
 * sd_model) and the width's own edge noise; independent, in quadrature. */
static double width_sd_cm(const photo_facts *f, double w_cm, double reading_sd_cm)
{
	double rel = sqrt(f->scale_rel_sd * f->scale_rel_sd +
			  f->perspective_rel_sd * f->perspective_rel_sd +
			  card_depth_rel(f) * card_depth_rel(f));
	return sqrt(w_cm * rel * w_cm * rel + edge_bias_cm(f) * edge_bias_cm(f) +
		    reading_sd_cm * reading_sd_cm);
}

/*
 * A virtual tape's sd at site s: each view's width error (width_sd_cm)
 * through the ellipse perimeter's partial derivatives (central differences;
 * one view: both widths are the front's, dC/dw = pi), the side view shifted
 * by PHOTO_REGISTRATION_SD_CM (dC/dw_side times its slope), and the
 * section's shape, PHOTO_TAPE_SECTION_REL_SD of C (photo.h: the ellipse's
 * perimeter against the convex hull's on the meshes).  doc/photo.md.
 */
static int tape_sd(photo_result *r, size_t s, const photo_view *side, const photo_facts *ff,
		   const photo_facts *fs, double off)
{
	const double h = 1e-3;
	double a = r->width_front_cm[s], b = r->width_side_cm[s], c = r->circumference_cm[s];
	double ea = width_sd_cm(ff, a, r->reading_sd_cm), var;
	int rc;

	if (side) {
		double p1, p2, q1, q2, da, db, eb = width_sd_cm(fs, b, r->reading_sd_cm), slope;
		if ((rc = lv_ellipse_perimeter_cm(a + h, b, &p1)) < 0 ||
		    (rc = lv_ellipse_perimeter_cm(a - h, b, &p2)) < 0 ||
		    (rc = lv_ellipse_perimeter_cm(a, b + h, &q1)) < 0 ||
		    (rc = lv_ellipse_perimeter_cm(a, b - h, &q2)) < 0)
			return rc;
		da = (p1 - p2) / (2 * h);
		db = (q1 - q2) / (2 * h);
		var = da * ea * da * ea + db * eb * db * eb;
		if (slope_at(side, r->site_cm[s] + off, &slope) == 0)
			var += pow(db * slope * PHOTO_REGISTRATION_SD_CM, 2);
		var += pow(c * PHOTO_TAPE_SECTION_REL_SD, 2);
	} else {
		var = pow(3.14159265358979 * ea, 2) +
			pow(c * PHOTO_TAPE_SECTION_REL_SD_ONE_VIEW, 2);
	}
	r->circumference_sd_cm[s] = sqrt(var);
	return LV_OK;
}

/* The virtual tape: widths, circumferences and segment volumes every step
 * from r->from_cm, read from the views and the fine profile. */
static int virtual_tape(photo_result *r, const photo_view *front, const photo_view *side,
			const photo_facts *ff, const photo_facts *fs, const lv_profile *fine,
			double off, double step)
{
	int rc;

	r->n_sites = (size_t)floor((r->to_cm - r->from_cm) / step + 1e-9) + 1;
	r->site_cm = malloc(r->n_sites * sizeof(double));
	r->width_front_cm = malloc(r->n_sites * sizeof(double));
	r->width_side_cm = malloc(r->n_sites * sizeof(double));
	r->circumference_cm = malloc(r->n_sites * sizeof(double));
	r->circumference_sd_cm = malloc(r->n_sites * sizeof(double));
	r->n_segments = r->n_sites > 1 ? r->n_sites - 1 : 0;
	r->segments = calloc(r->n_segments + 1, sizeof(lv_volume));
	if (!r->site_cm || !r->width_front_cm || !r->width_side_cm || !r->circumference_cm ||
	    !r->circumference_sd_cm || !r->segments)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (size_t s = 0; s < r->n_sites; s++) {
		double pos = r->from_cm + (double)s * step;
		r->site_cm[s] = pos;
		if ((rc = photo_width_at(front, pos + off, 1, &r->width_front_cm[s])) < 0)
			return rc;
		if (side) {
			if ((rc = photo_width_at(side, pos + off, 1, &r->width_side_cm[s])) < 0)
				return rc;
		} else {
			r->width_side_cm[s] = r->width_front_cm[s];
		}
		if ((rc = lv_ellipse_perimeter_cm(r->width_front_cm[s], r->width_side_cm[s],
						  &r->circumference_cm[s])) < 0 ||
		    (rc = tape_sd(r, s, side, ff, fs, off)) < 0)
			return rc;
		if (s > 0 &&
		    (rc = lv_volume_between(fine, LV_MODEL_ELLIPSE, r->site_cm[s - 1], pos,
					    r->reading_sd_cm, &r->segments[s - 1])) < 0)
			return rc;
		if (s > 0)
			r->segments[s - 1].sd_ml =
				hypot(r->segments[s - 1].sd_ml,
				      r->segments[s - 1].volume_ml * r->volume_rel_sd);
	}
	return LV_OK;
}

int photo_measure(photo_result *r, const photo_view *front, const photo_view *side,
		  const photo_request *rq)
{
	photo_facts ff, fs;
	lv_profile *fine = NULL;
	double *sites = NULL, *wf = NULL, *ws = NULL;
	double off = rq->origin_offset_cm, step = rq->step_cm;
	size_t n = 0;
	int rc;

	memset(r, 0, sizeof *r);
	r->views = side ? 2 : 1;
	photo_facts_get(front, &ff);
	if (side)
		photo_facts_get(side, &fs);
	else
		fs = ff;
	r->from_camera = ff.distance_from_pose;
	r->camera_distance_cm = (ff.distance_mm + fs.distance_mm) / 20; /* fs = ff: one view */
	if (!isfinite(r->camera_distance_cm) || r->camera_distance_cm < 0)
		r->camera_distance_cm = 0; /* not known, for every reader */
	r->focal_source = ff.focal_source;
	r->mm_per_px = fmax(ff.mm_per_px, fs.mm_per_px);

	/* the two views in register: where each limb ends does not matter (a
   * foot, a hand, a rounded end look different from the front and the
   * side), the shape of the width profiles does */
	if (side &&
	    (rc = photo_register(front, side, fmax(ff.from_cm, fs.from_cm),
				 fmin(ff.to_cm, fs.to_cm), &r->registration)) < 0)
		goto done;
	if ((rc = choose_range(r, &ff, &fs, side != NULL, rq)) < 0)
		goto done;

	/* the fine profile, every millimetre, with perspective corrected */
	n = (size_t)floor((r->to_cm - r->from_cm) / FINE_STEP_CM + 1e-9) + 1;
	if (r->from_cm + (double)(n - 1) * FINE_STEP_CM < r->to_cm - 1e-9)
		n++;
	if (n < 2 || n > LV_MAX_SITES) {
		rc = lv_error_set(LV_ERANGE, "the range %.1f to %.1f cm is too long", r->from_cm,
				  r->to_cm);
		goto done;
	}
	sites = malloc(n * sizeof *sites);
	wf = malloc(n * sizeof *wf);
	ws = malloc(n * sizeof *ws);
	if (!sites || !wf || !ws) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t i = 0; i < n; i++) {
		sites[i] = i + 1 == n ? r->to_cm : r->from_cm + (double)i * FINE_STEP_CM;
		if ((rc = photo_width_at(front, sites[i] + off, 1, &wf[i])) < 0 ||
		    (side && (rc = photo_width_at(side, sites[i] + off, 1, &ws[i])) < 0))
			goto done;
	}
	if ((rc = lv_profile_new_widths(&fine, sites, wf, side ? ws : NULL, n)) < 0)
		goto done;

	/* volume; its sd (sd_model) */
	r->reading_sd_cm = r->mm_per_px / 20.0;
	if ((rc = lv_volume_between(fine, LV_MODEL_ELLIPSE, r->from_cm, r->to_cm, r->reading_sd_cm,
				    &r->volume)) < 0)
		goto done;
	if ((rc = sd_model(r, front, side, &ff, &fs, wf, side ? ws : wf, n, off)) < 0)
		goto done;
	r->volume.sd_ml = r->volume.volume_ml * r->sd.total;
	r->volume_repeat_sd_ml = r->volume.volume_ml * r->sd.repeat;
	r->warning = ff.warning ? ff.warning : side ? fs.warning : NULL;

	if ((rc = virtual_tape(r, front, side, &ff, &fs, fine, off, step)) < 0)
		goto done;
	r->profile = fine;
	fine = NULL;
	rc = LV_OK;
done:
	if (rc < 0)
		photo_result_clear(r);
	lv_profile_free(fine);
	free(sites);
	free(wf);
	free(ws);
	return rc;
}

void photo_note(const photo_result *r, char *buf, size_t size)
{
	const struct photo_sd *d = &r->sd;
	const double v[8] = { d->section,      d->scale,    d->edges,      d->perspective,
			      d->registration, d->readings, d->card_depth, d->repeat };
	char pct[8][32], dist[32];

	for (int k = 0; k < 8; k++)
		if (lv_number_format(v[k] * 100, 2, pct[k], sizeof pct[k]) < 0)
			snprintf(pct[k], sizeof pct[k], "?");
	if (lv_number_format(r->camera_distance_cm, 0, dist, sizeof dist) < 0)
		snprintf(dist, sizeof dist, "?");
	snprintf(buf, size,
		 "%s; %s; camera %s cm away (%s); sd of the volume (%%): section shape %s, "
		 "marker %s, edges %s, perspective %s, front/side registration %s, edge noise "
		 "%s, card depth %s; repeat sd for a change (same pose: marker, edges, edge "
		 "noise) %s",
		 r->views == 2 ? "two photos (front, side), elliptical slices"
			       : "one photo: circular slices, less accurate than two photos",
		 /* the distance's own source follows it, once */
		 r->from_camera ? "undistorted with the camera file"
			 : r->focal_source == PHOTO_FOCAL_EXIF
			 ? "scale from the marker's apparent size, focal length from EXIF (no "
			   "camera file: lens distortion not corrected)"
			 : "scale from the marker's apparent size (no camera file: lens "
			   "distortion not corrected)",
		 dist,
		 r->from_camera                                ? "from the marker's pose"
			 : r->focal_source == PHOTO_FOCAL_EXIF ? "from the EXIF focal length"
							       : "estimated",
		 pct[0], pct[1], pct[2], pct[3], pct[4], pct[5], pct[6], pct[7]);
}
