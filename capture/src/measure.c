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

int photo_measure(photo_result *r, const photo_view *front, const photo_view *side,
		  const photo_request *rq)
{
	photo_facts ff, fs;
	lv_profile *fine = NULL;
	double *sites = NULL, *wf = NULL, *ws = NULL;
	double lo, hi, off = rq->origin_offset_cm, step = rq->step_cm;
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
	r->mm_per_px = fmax(ff.mm_per_px, fs.mm_per_px);

	/* the two views in register: where each limb ends does not matter (a
	 * foot, a hand, a rounded end look different from the front and the
	 * side), the shape of the width profiles does */
	if (side &&
	    (rc = photo_register(front, side, fmax(ff.from_cm, fs.from_cm),
				 fmin(ff.to_cm, fs.to_cm), &r->registration)) < 0)
		goto done;
	/* the range both views measure, in cm from the landmark */
	lo = fmax(ff.from_cm, fs.from_cm) - off;
	hi = fmin(ff.to_cm, fs.to_cm) - off;
	if (side && !(hi - lo >= 0.5 * fmin(ff.to_cm - ff.from_cm, fs.to_cm - fs.from_cm))) {
		rc = lv_error_set(
			LV_EIMAGE,
			"front and side views do not agree: the front view measures the limb from "
			"%.1f to %.1f cm, the side view from %.1f to %.1f cm",
			ff.from_cm - off, ff.to_cm - off, fs.from_cm - off, fs.to_cm - off);
		goto done;
	}
	r->from_cm = isnan(rq->from_cm) ? (lo <= 0 && hi > 0 ? 0.0 : round_to(lo, FINE_STEP_CM, 1))
					: rq->from_cm;
	if (isnan(rq->to_cm)) {
		r->to_cm = r->from_cm + round_to(hi - r->from_cm, step, 0);
		if (r->to_cm <= r->from_cm)
			r->to_cm = round_to(hi, FINE_STEP_CM, 0);
	} else {
		r->to_cm = rq->to_cm;
	}
	if (!(r->from_cm >= lo - 1e-9 && r->to_cm <= hi + 1e-9 && r->to_cm > r->from_cm)) {
		rc = lv_error_set(
			LV_ERANGE,
			"the range %.1f to %.1f cm is not inside what %s measure%s: %.1f to %.1f cm from "
			"the landmark (set --from and --to inside it)",
			r->from_cm, r->to_cm, side ? "both photos" : "the photo", side ? "" : "s",
			lo, hi);
		goto done;
	}

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

	/* volume; its sd.  Each width carries half a resampled pixel
	 * (independent); the marker's scale (corner precision) moves every
	 * width of a view together, adding scale_rel_sd of the volume.  Both go
	 * into one effective reading sd, so that volume_sd_ml (and the shared
	 * report, which propagates independent readings) carry the total. */
	r->reading_sd_cm = r->mm_per_px / 20.0;
	if ((rc = lv_volume_between(fine, LV_MODEL_ELLIPSE, r->from_cm, r->to_cm, r->reading_sd_cm,
				    &r->volume)) < 0)
		goto done;
	r->scale_rel_sd = side ? hypot(ff.scale_rel_sd, fs.scale_rel_sd) : 2 * ff.scale_rel_sd;
	if (r->volume.sd_ml > 0) {
		double k = hypot(1.0, r->volume.volume_ml * r->scale_rel_sd / r->volume.sd_ml);
		r->reading_sd_cm *= k;
		r->volume.sd_ml *= k;
	}

	/* the virtual tape */
	r->n_sites = (size_t)floor((r->to_cm - r->from_cm) / step + 1e-9) + 1;
	r->site_cm = malloc(r->n_sites * sizeof(double));
	r->width_front_cm = malloc(r->n_sites * sizeof(double));
	r->width_side_cm = malloc(r->n_sites * sizeof(double));
	r->circumference_cm = malloc(r->n_sites * sizeof(double));
	r->n_segments = r->n_sites > 1 ? r->n_sites - 1 : 0;
	r->segments = calloc(r->n_segments + 1, sizeof(lv_volume));
	if (!r->site_cm || !r->width_front_cm || !r->width_side_cm || !r->circumference_cm ||
	    !r->segments) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	for (size_t s = 0; s < r->n_sites; s++) {
		double pos = r->from_cm + (double)s * step;
		r->site_cm[s] = pos;
		if ((rc = photo_width_at(front, pos + off, 1, &r->width_front_cm[s])) < 0)
			goto done;
		if (side) {
			if ((rc = photo_width_at(side, pos + off, 1, &r->width_side_cm[s])) < 0)
				goto done;
		} else {
			r->width_side_cm[s] = r->width_front_cm[s];
		}
		if ((rc = lv_ellipse_perimeter_cm(r->width_front_cm[s], r->width_side_cm[s],
						  &r->circumference_cm[s])) < 0)
			goto done;
		if (s > 0 &&
		    (rc = lv_volume_between(fine, LV_MODEL_ELLIPSE, r->site_cm[s - 1], pos,
					    r->reading_sd_cm, &r->segments[s - 1])) < 0)
			goto done;
	}
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
	char pct[32];

	if (lv_number_format(r->scale_rel_sd * 100, 2, pct, sizeof pct) < 0)
		snprintf(pct, sizeof pct, "?");
	snprintf(buf, size, "%s; %s; the marker's scale makes %s %% of the volume's sd",
		 r->views == 2 ? "two photos (front, side), elliptical slices"
			       : "one photo: circular slices, less accurate than two photos",
		 r->from_camera
			 ? "undistorted with the camera file, camera distance from the marker's pose"
			 : "scale from the marker's apparent size (no camera file: lens distortion "
			   "not corrected, camera distance estimated)",
		 pct);
}
