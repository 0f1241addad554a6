/*
 * Do the front and side views measure the same positions?  (photo.h)
 *
 * Position 0 is the landmark in each view (the marker's line across the
 * limb, limbvol/silhouette.h), so a set whose card stayed at the same height
 * on the limb has its two width profiles in register, however differently
 * the limb's medial line tilts or where its end lies in each view (a foot,
 * a hand, a residual limb's rounded end: a real leg was refused because its
 * end was 10.8 cm from the marker in the front view and 5.5 cm in the side
 * view, issue 9).  What is compared instead is the shape of the profiles:
 * the slope of the log width, d ln w / ds, is the same in both views where
 * the limb narrows or swells (wrist, elbow, calf, knee) whatever the
 * section's ellipticity.  The shift that lines them up best is found by
 * normalised cross-correlation, in the whole common range and in each of
 * its halves:
 *  - a shift of more than PHOTO_MAX_SHIFT_CM that the profiles agree on
 *    clearly (the card moved along the limb between the photos) and
 *  - halves that need shifts differing by more than PHOTO_MAX_STRETCH of
 *    their distance (the two views' scales along the limb differ: another
 *    marker size, a card out of the limb's plane in one photo)
 * are refused.  Both thresholds are loose on purpose: a section whose
 * flatness changes along the limb gives the two views' slopes different
 * shapes (on the generator's arm the halves line up 2.4 cm apart with the
 * same photos), and refusing a real limb is the failure this replaces.  A
 * wrong marker size in one photo is caught better by the optics check.  A
 * profile without features (a cylinder) cannot be checked and is not.
 */
#include "photo.h"

#include <math.h>
#include <stdlib.h>

#include "limbvol/error.h"

#define GRID_CM 0.1
/* the slope over +-1 cm */
#define SLOPE_HALF 10
/* shifts searched: +-6 cm */
#define MAX_LAG 60
/* a profile with less structure than this (rms of d ln w / ds, per cm)
 * cannot be registered */
#define MIN_STRUCTURE 0.006
#define MIN_NCC 0.8
#define MIN_NCC_HALVES 0.85

/* Best lag of b against a over index range [i0, i1): argmax NCC. */
static void best_lag(const double *a, const double *b, size_t n, size_t i0, size_t i1, int *lag,
		     double *ncc, double *ncc0)
{
	double na = 0;
	*lag = 0;
	*ncc = -2;
	*ncc0 = -2;
	for (size_t i = i0; i < i1; i++)
		na += isfinite(a[i]);
	for (int k = -MAX_LAG; k <= MAX_LAG; k++) {
		double sa = 0, sb = 0, saa = 0, sbb = 0, sab = 0, m = 0;
		for (size_t i = i0; i < i1; i++) {
			long j = (long)i + k;
			if (j < 0 || (size_t)j >= n || !isfinite(a[i]) || !isfinite(b[j]))
				continue;
			sa += a[i];
			sb += b[j];
			saa += a[i] * a[i];
			sbb += b[j] * b[j];
			sab += a[i] * b[j];
			m++;
		}
		if (m < 0.6 * na || m < 30)
			continue;
		double va = saa - sa * sa / m, vb = sbb - sb * sb / m, c = sab - sa * sb / m;
		double r = va > 0 && vb > 0 ? c / sqrt(va * vb) : 0;
		if (k == 0)
			*ncc0 = r;
		if (r > *ncc) {
			*ncc = r;
			*lag = k;
		}
	}
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

static double median(double *v, size_t n)
{
	qsort(v, n, sizeof *v, cmp_double);
	return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
}

static double rms(const double *a, size_t i0, size_t i1)
{
	double s = 0, ss = 0, m = 0;
	for (size_t i = i0; i < i1; i++)
		if (isfinite(a[i])) {
			s += a[i];
			ss += a[i] * a[i];
			m++;
		}
	return m > 1 ? sqrt(fmax(0, ss / m - (s / m) * (s / m))) : 0;
}

/* Each view's width every GRID_CM from lo (NAN where there is none) and
 * the slope of its log, d ln w / ds over +-SLOPE_HALF (NAN near the ends). */
static void log_slopes(const photo_view *front, const photo_view *side, double lo, size_t n,
		       double *wf, double *ws, double *gf, double *gs)
{
	for (size_t i = 0; i < n; i++) {
		double s = lo + (double)i * GRID_CM;
		if (photo_width_at(front, s, 0, &wf[i]) < 0 || !(wf[i] > 0))
			wf[i] = NAN;
		if (photo_width_at(side, s, 0, &ws[i]) < 0 || !(ws[i] > 0))
			ws[i] = NAN;
	}
	for (size_t i = 0; i < n; i++) {
		gf[i] = gs[i] = NAN;
		if (i >= SLOPE_HALF && i + SLOPE_HALF < n) {
			double d = 2 * SLOPE_HALF * GRID_CM;
			gf[i] = (log(wf[i + SLOPE_HALF]) - log(wf[i - SLOPE_HALF])) / d;
			gs[i] = (log(ws[i + SLOPE_HALF]) - log(ws[i - SLOPE_HALF])) / d;
		}
	}
}

/* Leave out the distal end (a foot, a hand, a rounded residual limb look
 * different from the front and the side): the slopes are cleared up to
 * 2 cm beyond *first, where both widths first reach 70 % of their medians. */
static int mask_distal_end(const double *wf, const double *ws, double *gf, double *gs, size_t n,
			   size_t *first)
{
	double mf, ms, *tmp = malloc(n * sizeof *tmp);
	size_t m = 0, i0 = 0;
	if (!tmp)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (size_t i = 0; i < n; i++)
		if (isfinite(wf[i]))
			tmp[m++] = wf[i];
	mf = m ? median(tmp, m) : (double)NAN;
	m = 0;
	for (size_t i = 0; i < n; i++)
		if (isfinite(ws[i]))
			tmp[m++] = ws[i];
	ms = m ? median(tmp, m) : (double)NAN;
	free(tmp);
	while (i0 < n && !(wf[i0] >= 0.7 * mf && ws[i0] >= 0.7 * ms))
		i0++;
	for (size_t i = 0; i < i0 + 20 && i < n; i++)
		gf[i] = gs[i] = NAN;
	*first = i0;
	return LV_OK;
}

/* The shift that lines the slopes up, over the whole range and over each
 * half: refused if clearly too large, or if the halves disagree. */
static int compare_slopes(const double *gf, const double *gs, size_t n, photo_registration *out)
{
	int lag, lag1, lag2;
	double ncc, ncc0, n1, n1_0, n2, n2_0;
	best_lag(gf, gs, n, 0, n, &lag, &ncc, &ncc0);
	out->checked = 1;
	out->shift_cm = lag * GRID_CM;
	out->ncc = ncc;
	if (ncc >= MIN_NCC && fabs(out->shift_cm) > PHOTO_MAX_SHIFT_CM && ncc - ncc0 > 0.2)
		return lv_error_set(
			LV_EIMAGE,
			"front and side views do not agree: the side view's limb lines up with "
			"the front view's %.1f cm %s along the limb: the marker card must stay "
			"at the same height on the limb in both photos",
			fabs(out->shift_cm), out->shift_cm > 0 ? "further" : "nearer");
	/* the two halves: a difference of scale along the limb */
	size_t h = n / 2;
	if (h >= 150 && rms(gf, 0, h) >= MIN_STRUCTURE && rms(gf, h, n) >= MIN_STRUCTURE &&
	    rms(gs, 0, h) >= MIN_STRUCTURE && rms(gs, h, n) >= MIN_STRUCTURE) {
		best_lag(gf, gs, n, 0, h, &lag1, &n1, &n1_0);
		best_lag(gf, gs, n, h, n, &lag2, &n2, &n2_0);
		if (n1 >= MIN_NCC_HALVES && n2 >= MIN_NCC_HALVES) {
			out->stretch = (lag2 - lag1) * GRID_CM / ((double)h * GRID_CM);
			if (fabs(out->stretch) > PHOTO_MAX_STRETCH &&
			    fabs((lag2 - lag1) * GRID_CM) > 3.0)
				return lv_error_set(
					LV_EIMAGE,
					"front and side views do not agree: lengths along "
					"the limb differ by %.0f %% between them (another "
					"marker size, or a card out of the limb's plane in "
					"one photo): use the same card, beside the limb, in "
					"both photos",
					100 * fabs(out->stretch));
		}
	}
	return LV_OK;
}

int photo_register(const photo_view *front, const photo_view *side, double lo, double hi,
		   photo_registration *out)
{
	size_t n = (size_t)floor((hi - lo) / GRID_CM) + 1, i0 = 0;
	double *wf = NULL, *ws = NULL, *gf = NULL, *gs = NULL;
	int rc = LV_OK;

	out->checked = 0;
	out->shift_cm = 0;
	out->stretch = 0;
	out->ncc = NAN;
	if (!(hi - lo >= 10) || n > 100000)
		return LV_OK; /* too short to tell */
	wf = malloc(n * sizeof *wf);
	ws = malloc(n * sizeof *ws);
	gf = malloc(n * sizeof *gf);
	gs = malloc(n * sizeof *gs);
	if (!wf || !ws || !gf || !gs) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	log_slopes(front, side, lo, n, wf, ws, gf, gs);
	if ((rc = mask_distal_end(wf, ws, gf, gs, n, &i0)) < 0)
		goto done;
	if (i0 + 20 + 100 > n)
		goto done; /* less than 10 cm left */
	if (rms(gf, 0, n) < MIN_STRUCTURE || rms(gs, 0, n) < MIN_STRUCTURE)
		goto done; /* a featureless limb: nothing to register on */
	rc = compare_slopes(gf, gs, n, out);
done:
	free(wf);
	free(ws);
	free(gf);
	free(gs);
	return rc;
}
