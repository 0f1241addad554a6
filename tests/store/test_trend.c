/*
 * The trend: the least-squares slope against the closed form, and the chart
 * read back pixel by pixel (libpng): its size, that it is not blank, and the
 * series' colours where the data says they are.
 */
#include "store_test.h" /* add(): a failed store call is a test failure */
#include "limbvol/trend.h"

#include <png.h>

/*
 * Patient T1, left arm affected.  Four weekly visits (2026-03-02 + 7k):
 * pre left 2300 - 20k, right 2000; post left pre - 60 (a real drop: MDC95
 * = 1.96 sqrt(32) = 11 mL).
 */
static lv_store *make_store(const char *name, lv_history **h)
{
	char path[512];
	lv_store *s = NULL;
	int64_t p = 0, sess = 0;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_OK);
	if (!s)
		return NULL; /* reported: the case's checks on *h are skipped */
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "T1", &p), LV_OK);
	CHECK_STATUS(lv_store_limb_set_affected(s, p, LV_LIMB_LEFT_ARM), LV_OK);
	for (int k = 0; k < 4; k++) {
		char pre[32], post[32];
		snprintf(pre, sizeof pre, "2026-03-%02dT10:00", 2 + 7 * k);
		snprintf(post, sizeof post, "2026-03-%02dT11:00", 2 + 7 * k);
		CHECK_STATUS(lv_store_session_add(s, p, pre, LV_SESSION_DRAINAGE, NULL, &sess),
			     LV_OK);
		add(s, p, LV_LIMB_LEFT_ARM, sess, pre, LV_PHASE_PRE, 2300 - 20 * k, 4);
		add(s, p, LV_LIMB_RIGHT_ARM, sess, pre, LV_PHASE_PRE, 2000, 4);
		add(s, p, LV_LIMB_LEFT_ARM, sess, post, LV_PHASE_POST, 2300 - 20 * k - 60, 4);
	}
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "T1", h), LV_OK);
	return s;
}

struct image {
	png_image png;
	unsigned char *px; /* RGB */
};

static int read_png(const char *path, struct image *im)
{
	memset(im, 0, sizeof *im);
	im->png.version = PNG_IMAGE_VERSION;
	if (!png_image_begin_read_from_file(&im->png, path))
		return -1;
	im->png.format = PNG_FORMAT_RGB;
	im->px = malloc(PNG_IMAGE_SIZE(im->png));
	if (!im->px || !png_image_finish_read(&im->png, NULL, im->px, 0, NULL))
		return -1;
	return 0;
}

static unsigned pixel(const struct image *im, double x, double y)
{
	long ix = (long)floor(x), iy = (long)floor(y);
	const unsigned char *p;
	if (ix < 0 || iy < 0 || ix >= (long)im->png.width || iy >= (long)im->png.height)
		return 0xFFFFFFFFu;
	p = im->px + 3 * ((size_t)iy * im->png.width + (size_t)ix);
	return (unsigned)p[0] << 16 | (unsigned)p[1] << 8 | p[2];
}

static int near_rgb(unsigned a, unsigned b, int tol)
{
	for (int sh = 0; sh <= 16; sh += 8) {
		int d = (int)((a >> sh) & 255) - (int)((b >> sh) & 255);
		if (d > tol || d < -tol)
			return 0;
	}
	return 1;
}

/* Closed form of the least-squares line and its 95 % slope interval. */
static void fit_closed_form(void)
{
	char path[512];
	lv_store *s = NULL;
	lv_history *h = NULL;
	lv_trend *t = NULL;
	int64_t p;
	const double day[4] = { 0, 7, 14, 21 }, vol[4] = { 2000, 1990, 1985, 1970 };
	double xm = 10.5, ym = 0, sxx = 0, sxy = 0, sse = 0, b, a, se;
	const lv_trend_fit *f;

	snprintf(path, sizeof path, "%s/fit.db", dir);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_OK);
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "F1", &p), LV_OK);
	for (int i = 0; i < 4; i++) {
		char d[32];
		snprintf(d, sizeof d, "2026-01-%02d", 5 + (int)day[i]);
		add(s, p, LV_LIMB_LEFT_ARM, 0, d, LV_PHASE_OTHER, vol[i], 4);
		ym += vol[i] / 4;
	}
	/* a post measurement is not fitted */
	add(s, p, LV_LIMB_LEFT_ARM, 0, "2026-01-12T12:00", LV_PHASE_POST, 1500, 4);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "F1", &h), LV_OK);
	CHECK_STATUS(lv_trend_new(&t, h, NULL), LV_OK);
	f = lv_trend_get_fit(t);
	for (int i = 0; i < 4; i++) {
		sxx += (day[i] - xm) * (day[i] - xm);
		sxy += (day[i] - xm) * (vol[i] - ym);
	}
	b = sxy / sxx;
	a = ym - b * xm;
	for (int i = 0; i < 4; i++)
		sse += pow(vol[i] - a - b * day[i], 2);
	se = sqrt(sse / 2 / sxx);
	CHECK(f->n == 4 && f->has_line && f->has_ci);
	CHECK_NEAR(f->slope_ml_per_week, 7 * b, 1e-9);
	CHECK_NEAR(f->intercept_ml, a, 1e-9);
	/* Student t, 2 degrees of freedom, 0.975: 4.302653 (tables) */
	CHECK_NEAR(f->t95, 4.302653, 1e-6);
	CHECK_NEAR(f->slope_lo, 7 * (b - 4.302653 * se), 1e-4);
	CHECK_NEAR(f->slope_hi, 7 * (b + 4.302653 * se), 1e-4);
	{
		double v, half;
		CHECK_STATUS(lv_trend_at(t, f->day0 + 10.5, &v, &half), LV_OK);
		CHECK_NEAR(v, ym, 1e-9);
		/* at the mean the band is t * s / sqrt(n) */
		CHECK_NEAR(half, 4.302653 * sqrt(sse / 2 / 4), 1e-4);
	}
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
}

static void chart_pixels(void)
{
	lv_history *h = NULL;
	lv_store *s = make_store("chart.db", &h);
	lv_trend *t = NULL;
	lv_trend_opts o = LV_TREND_OPTS_INIT;
	struct image im;
	char png[512];
	size_t i, n, inked = 0, red = 0;
	double x, y, xl, xr, prev_x = -1;

	if (!h) {
		lv_store_close(s);
		return;
	}
	o.width_px = 900;
	o.height_px = 700;
	snprintf(png, sizeof png, "%s/trend.png", dir);
	CHECK_STATUS(lv_trend_new(&t, h, &o), LV_OK);
	CHECK(lv_trend_limb(t) == LV_LIMB_LEFT_ARM);
	CHECK_STATUS(lv_trend_draw(t, png, LV_PLOT_PNG), LV_OK);
	CHECK(read_png(png, &im) == 0);
	CHECK(im.png.width == 900 && im.png.height == 700);
	for (i = 0; i < (size_t)im.png.width * im.png.height; i++)
		if (!near_rgb((unsigned)im.px[3 * i] << 16 | (unsigned)im.px[3 * i + 1] << 8 |
				      im.px[3 * i + 2],
			      0xFFFFFF, 12))
			inked++;
	CHECK(inked > (size_t)im.png.width * im.png.height / 30); /* not blank */
	CHECK(inked < (size_t)im.png.width * im.png.height / 2); /* not a mess */

	n = lv_history_count(h);
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		CHECK_STATUS(lv_trend_map(t, 0, r->day, r->volume_ml, &x, &y), LV_OK);
		CHECK(x > 0 && x < 900 && y > 0 && y < 700);
		if (r->phase == LV_PHASE_POST)
			continue;
		/* filled markers in the series colour at the data */
		if (r->limb == LV_LIMB_LEFT_ARM) {
			CHECK(near_rgb(pixel(&im, x, y), LV_TREND_RGB_AFFECTED, 24));
			CHECK(x > prev_x); /* later dates further right */
			prev_x = x;
			CHECK(r->has_pair);
			CHECK_STATUS(lv_trend_map(t, 1, r->day, r->pev_percent, &x, &y), LV_OK);
			CHECK(near_rgb(pixel(&im, x, y), LV_TREND_RGB_EXCESS, 24));
		} else {
			CHECK(near_rgb(pixel(&im, x, y), LV_TREND_RGB_OTHER, 24));
		}
	}
	/* the scale is linear in time and value: weekly visits equally spaced */
	{
		double x0, x1, x3, y0, y1, y3, yb;
		const lv_history_row *first = lv_history_row_at(h, 0);
		lv_trend_map(t, 0, first->day, 2000, &x0, &y0);
		lv_trend_map(t, 0, first->day + 7, 2100, &x1, &y1);
		lv_trend_map(t, 0, first->day + 21, 2300, &x3, &y3);
		CHECK(y3 < y1);
		CHECK_NEAR((x3 - x0) / (x1 - x0), 3.0, 1e-9);
		lv_trend_map(t, 0, first->day, 2200, &x1, &yb);
		CHECK_NEAR((y0 - yb) / (y0 - y1), 2.0, 1e-9);
		CHECK(y1 < y0); /* more volume is higher up */
	}
	/* each session's drop: red pixels just right of the points, between
	 * the pre and the post value */
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		double ypre, ypost;
		int found = 0;
		if (r->phase != LV_PHASE_POST)
			continue;
		CHECK(r->has_change && r->exceeds_mdc);
		lv_trend_map(t, 0, r->day, r->volume_ml + 30, &x, &ypre);
		lv_trend_map(t, 0, r->day, r->volume_ml - r->change_ml, &x, &ypost);
		for (double dx = 2; dx < 30 && !found; dx += 1)
			if (near_rgb(pixel(&im, x + dx, ypre), LV_TREND_RGB_DROP, 30))
				found = 1;
		CHECK(found);
		(void)ypost;
	}
	/* the 10 % line runs across the excess panel */
	lv_trend_map(t, 1, lv_history_row_at(h, 0)->day, 10, &xl, &y);
	lv_trend_map(t, 1, lv_history_row_at(h, n - 1)->day, 10, &xr, &y);
	for (x = xl; x < xr; x += 1)
		if (near_rgb(pixel(&im, x, y), LV_TREND_RGB_LIMIT, 40) ||
		    near_rgb(pixel(&im, x, y + 1), LV_TREND_RGB_LIMIT, 40))
			red++;
	CHECK(red > (size_t)((xr - xl) * 0.4));
	free(im.px);
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
}

/*
 * A session whose change is within the error (pre 2300, post 2295 mL, sd 4:
 * MDC95 = 1.96 sqrt(32) = 11.1 mL) drawn at the size the report prints the
 * chart (680 x 340): its arrow is dashed, several red dashes with gaps
 * between them, beside the post marker, not left out as too small.
 */
static void dashed_drop_visible(void)
{
	char path[512], png[512];
	lv_store *s = NULL;
	lv_history *h = NULL;
	lv_trend *t = NULL;
	lv_trend_opts o = LV_TREND_OPTS_INIT;
	struct image im;
	int64_t p, sess;
	double x, ypre, ypost, best_x = 0;
	int best = 0, runs = 0, in_red = 0;
	const lv_history_row *post = NULL;

	snprintf(path, sizeof path, "%s/dash.db", dir);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_OK);
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "D1", &p), LV_OK);
	add(s, p, LV_LIMB_LEFT_ARM, 0, "2026-01-05", LV_PHASE_OTHER, 2320, 4);
	CHECK_STATUS(lv_store_session_add(s, p, "2026-01-12T10:00", LV_SESSION_DRAINAGE, NULL,
					  &sess),
		     LV_OK);
	add(s, p, LV_LIMB_LEFT_ARM, sess, "2026-01-12T10:00", LV_PHASE_PRE, 2300, 4);
	add(s, p, LV_LIMB_LEFT_ARM, sess, "2026-01-12T11:00", LV_PHASE_POST, 2295, 4);
	add(s, p, LV_LIMB_LEFT_ARM, 0, "2026-01-26", LV_PHASE_OTHER, 2240, 4);
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "D1", &h), LV_OK);
	for (size_t i = 0; i < lv_history_count(h); i++)
		if (lv_history_row_at(h, i)->phase == LV_PHASE_POST)
			post = lv_history_row_at(h, i);
	CHECK(post && post->has_change && !post->exceeds_mdc);
	o.width_px = 680;
	o.height_px = 340;
	CHECK_STATUS(lv_trend_new(&t, h, &o), LV_OK);
	snprintf(png, sizeof png, "%s/dash.png", dir);
	CHECK_STATUS(lv_trend_draw(t, png, LV_PLOT_PNG), LV_OK);
	CHECK(read_png(png, &im) == 0);
	lv_trend_map(t, 0, post->day, 2300, &x, &ypre);
	lv_trend_map(t, 0, post->day, 2295, &x, &ypost);
	/* the arrow's column: the one right of the marker with the most red */
	for (double dx = 3; dx < 20; dx += 1) {
		int red = 0;
		for (double y = ypre - 25; y < ypost + 25; y += 1)
			red += near_rgb(pixel(&im, x + dx, y), LV_TREND_RGB_DROP, 60);
		if (red > best) {
			best = red;
			best_x = x + dx;
		}
	}
	CHECK(best >= 6);
	for (double y = ypre - 25; y < ypost + 25; y += 1) {
		int red = near_rgb(pixel(&im, best_x, y), LV_TREND_RGB_DROP, 60);
		runs += red && !in_red;
		in_red = red;
	}
	CHECK(runs >= 3); /* dashes and the head, not one solid stroke */
	free(im.px);
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
}

/*
 * A fit whose 95 % band reaches below 0 mL (a course ending in a measurement
 * of a third of the arm): the volume axis still starts at 0 mL, where the
 * panel's frame is, and shows no negative volume.
 */
static void volume_axis_from_zero(void)
{
	static const double pre_ml[4] = { 2300, 2290, 2280, 450 };
	char path[512], png[512];
	lv_store *s = NULL;
	lv_history *h = NULL;
	lv_trend *t = NULL;
	struct image im;
	int64_t p = 0, sess = 0;
	double x, y0, v, half;
	int k, framed = 0;

	snprintf(path, sizeof path, "%s/zero.db", dir);
	CHECK_STATUS(lv_store_open(&s, path, LV_STORE_CREATE), LV_OK);
	if (!s)
		return;
	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "T0", &p), LV_OK);
	CHECK_STATUS(lv_store_limb_set_affected(s, p, LV_LIMB_LEFT_ARM), LV_OK);
	for (k = 0; k < 4; k++) {
		char date[32];
		snprintf(date, sizeof date, "2026-03-%02dT10:00", 2 + 7 * k);
		CHECK_STATUS(lv_store_session_add(s, p, date, LV_SESSION_DRAINAGE, NULL, &sess),
			     LV_OK);
		add(s, p, LV_LIMB_LEFT_ARM, sess, date, LV_PHASE_PRE, pre_ml[k], 4);
	}
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "T0", &h), LV_OK);
	if (!h) {
		lv_store_close(s);
		return;
	}
	CHECK_STATUS(lv_trend_new(&t, h, NULL), LV_OK);
	CHECK(t && lv_trend_get_fit(t)->has_ci);
	if (!t || !lv_trend_get_fit(t)->has_ci)
		goto out;
	/* the premise: the band does reach below 0 mL at the end of the fit */
	CHECK_STATUS(lv_trend_at(t, lv_trend_get_fit(t)->day_last, &v, &half), LV_OK);
	CHECK(v - half < 0);
	snprintf(png, sizeof png, "%s/zero.png", dir);
	CHECK_STATUS(lv_trend_draw(t, png, LV_PLOT_PNG), LV_OK);
	CHECK(read_png(png, &im) == 0);
	if (!im.px)
		goto out;
	/* 0 mL is the panel's bottom edge: the frame's grey across the panel */
	for (k = 1; k < 10; k++) {
		double day = lv_history_row_at(h, 0)->day + k * 2.1;
		CHECK_STATUS(lv_trend_map(t, 0, day, 0, &x, &y0), LV_OK);
		framed += near_rgb(pixel(&im, x, floor(y0)), 0x8C8C8C, 40) ||
			near_rgb(pixel(&im, x, floor(y0) - 1), 0x8C8C8C, 40);
	}
	CHECK(framed == 9);
	free(im.px);
out:
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
}

static void svg_pdf_and_errors(void)
{
	lv_history *h = NULL;
	lv_store *s = make_store("formats.db", &h);
	lv_trend *t = NULL;
	lv_plot_format f;
	char path[512], head[8] = "";
	FILE *fp;

	if (!h) {
		lv_store_close(s);
		return;
	}
	CHECK_STATUS(lv_trend_new(&t, h, NULL), LV_OK);
	snprintf(path, sizeof path, "%s/trend.svg", dir);
	CHECK_STATUS(lv_trend_draw(t, path, LV_PLOT_SVG), LV_OK);
	fp = fopen(path, "rb");
	CHECK(fp && fread(head, 1, 5, fp) == 5 && !memcmp(head, "<?xml", 5));
	if (fp)
		fclose(fp);
	snprintf(path, sizeof path, "%s/trend.pdf", dir);
	CHECK_STATUS(lv_trend_draw(t, path, LV_PLOT_PDF), LV_OK);
	fp = fopen(path, "rb");
	CHECK(fp && fread(head, 1, 5, fp) == 5 && !memcmp(head, "%PDF-", 5));
	if (fp)
		fclose(fp);
	/* a folder that does not exist: an error, nothing left behind */
	snprintf(path, sizeof path, "%s/missing/trend.png", dir);
	CHECK_STATUS(lv_trend_draw(t, path, LV_PLOT_PNG), LV_EIO);
	CHECK(access(path, F_OK) != 0);
	CHECK_STATUS(lv_plot_format_of("a/b.PNG", &f), LV_OK);
	CHECK(f == LV_PLOT_PNG);
	CHECK_STATUS(lv_plot_format_of("x.pdf", &f), LV_OK);
	CHECK(f == LV_PLOT_PDF);
	CHECK_STATUS(lv_plot_format_of("x.jpg", &f), LV_EINVAL);
	lv_trend_free(t);
	{
		lv_trend_opts o = LV_TREND_OPTS_INIT;
		o.width_px = 10;
		CHECK_STATUS(lv_trend_new(&t, h, &o), LV_EINVAL);
		o.width_px = 800;
		o.has_limb = 1;
		o.limb = LV_LIMB_LEFT_LEG;
		CHECK_STATUS(lv_trend_new(&t, h, &o), LV_ENOTFOUND);
		CHECK_STR_CONTAINS(lv_error_last()->message, "no left-leg measurements");
	}
	lv_history_free(h);
	lv_store_close(s);
}

/* The frustum volume (mL) of circumferences c1, c2 (cm) h cm apart:
 * h (c1^2 + c1 c2 + c2^2) / (12 pi) (doc/clinical.md, frustum model). */
static double frustum_ml(double c1, double c2, double h)
{
	return h * (c1 * c1 + c1 * c2 + c2 * c2) / (12 * M_PI);
}

/* Left arm, weekly from 2026-04-06: 0, 12 and 40 cm, circumferences
 * 26 - 0.4k, 24 - 0.3k, 20 (stored with the frustum volume over 0-40),
 * except visit `short_k`, taken over 0 to short_cm only. */
static void add_course(lv_store *s, int64_t p, int short_k, double short_cm, double whole_ml[4])
{
	for (int k = 0; k < 4; k++) {
		double site[3] = { 0, 12, 40 }, c[3] = { 26 - 0.4 * k, 24 - 0.3 * k, 20 };
		char d[32];
		lv_measurement m;
		int64_t id = 0;
		snprintf(d, sizeof d, "2026-04-%02d", 6 + 7 * k);
		memset(&m, 0, sizeof m);
		m.patient = p;
		m.limb = LV_LIMB_LEFT_ARM;
		m.date = d;
		m.phase = LV_PHASE_OTHER;
		m.method = LV_METHOD_TAPE;
		m.model = LV_MODEL_FRUSTUM;
		m.reading_sd_cm = 0.1;
		m.n = 3;
		whole_ml[k] = frustum_ml(c[0], c[1], 12) + frustum_ml(c[1], c[2], 28);
		if (k == short_k) {
			site[1] = short_cm;
			c[1] = c[0] + (c[1] - c[0]) * short_cm / 12; /* on the same cone */
			m.n = 2;
			whole_ml[k] = frustum_ml(c[0], c[1], short_cm);
		}
		m.site_cm = site;
		m.circumference_cm = c;
		m.volume_ml = whole_ml[k];
		m.sd_ml = 4;
		m.source = "test";
		CHECK_STATUS(lv_store_add_measurement(s, &m, &id), LV_OK);
	}
}

/* The least-squares slope per week of y at days 0, 7, 14, 21 (skip: left out). */
static double slope_per_week(const double y[4], int skip)
{
	double xm = 0, ym = 0, sxy = 0, sxx = 0;
	int n = 0;
	for (int k = 0; k < 4; k++)
		if (k != skip) {
			xm += 7 * k;
			ym += y[k];
			n++;
		}
	xm /= n;
	ym /= n;
	for (int k = 0; k < 4; k++)
		if (k != skip) {
			sxy += (7 * k - xm) * (y[k] - ym);
			sxx += (7 * k - xm) * (7 * k - xm);
		}
	return 7 * sxy / sxx;
}

/* One visit over 0-12 cm, the others 0-40: every volume is fitted over
 * 0-12 cm; one over 0-6 cm (under the 10 cm minimum) is left out. */
static void common_range(void)
{
	for (int pass = 0; pass < 2; pass++) {
		double short_cm = pass ? 6 : 12, whole[4], common[4];
		lv_store *s = open_new(pass ? "range6.db" : "range12.db");
		lv_history *h = NULL;
		lv_trend *t = NULL;
		lv_trend_range r;
		lv_volume v;
		int64_t p = 0;
		CHECK_STATUS(lv_store_begin(s), LV_OK);
		CHECK_STATUS(lv_store_patient_ensure(s, "R1", &p), LV_OK);
		add_course(s, p, 2, short_cm, whole);
		CHECK_STATUS(lv_store_commit(s), LV_OK);
		CHECK_STATUS(lv_store_history(s, "R1", &h), LV_OK);
		CHECK_STATUS(lv_trend_new(&t, h, NULL), LV_OK);
		for (int k = 0; k < 4; k++)
			common[k] = frustum_ml(26 - 0.4 * k, 24 - 0.3 * k, 12);
		CHECK(t && lv_trend_range_of(t, LV_LIMB_LEFT_ARM, &r));
		if (!t)
			continue;
		if (!pass) {
			CHECK_NEAR(r.from_cm, 0, 1e-9);
			CHECK_NEAR(r.to_cm, 12, 1e-9);
			CHECK(r.narrowed && r.n_left_out == 0);
			CHECK(lv_trend_point(t, 0, &v));
			CHECK_NEAR(v.volume_ml, common[0], 1e-6);
			CHECK_NEAR(lv_trend_get_fit(t)->slope_ml_per_week,
				   slope_per_week(common, -1), 1e-6);
			/* not the raw volumes (the short one reads as a loss) */
			CHECK(fabs(slope_per_week(whole, -1) - slope_per_week(common, -1)) > 50);
		} else {
			CHECK_NEAR(r.to_cm, 40, 1e-9);
			CHECK(!r.narrowed && r.n_left_out == 1);
			CHECK(!lv_trend_point(t, 2, &v) && lv_trend_point(t, 3, &v));
			CHECK_NEAR(lv_trend_get_fit(t)->slope_ml_per_week, slope_per_week(whole, 2),
				   1e-6);
			CHECK(lv_trend_get_fit(t)->n == 3);
		}
		lv_trend_free(t);
		lv_history_free(h);
		lv_store_close(s);
	}
}

/* A baseline excess of 0.0 % sits on the excess panel's lowest value: its
 * marker is drawn whole, not half cut by the frame (a margin below). */
static void excess_zero_whole(void)
{
	static const double left_ml[3] = { 2000, 2100, 2150 };
	char png[512];
	lv_store *s = open_new("zero_pev.db");
	lv_history *h = NULL;
	lv_trend *t = NULL;
	struct image im = { 0 };
	int64_t p = 0;
	double x, y, r = fmax(3.5, 760 * 0.0068) * 0.9; /* trend_draw.c's excess marker */

	CHECK_STATUS(lv_store_begin(s), LV_OK);
	CHECK_STATUS(lv_store_patient_ensure(s, "Z0", &p), LV_OK);
	CHECK_STATUS(lv_store_limb_set_affected(s, p, LV_LIMB_LEFT_ARM), LV_OK);
	for (int k = 0; k < 3; k++) {
		char d[32];
		lv_phase ph = k ? LV_PHASE_OTHER : LV_PHASE_BASELINE;
		snprintf(d, sizeof d, "2026-05-%02d", 4 + 7 * k);
		add(s, p, LV_LIMB_LEFT_ARM, 0, d, ph, left_ml[k], 4);
		add(s, p, LV_LIMB_RIGHT_ARM, 0, d, ph, 2000, 4);
	}
	CHECK_STATUS(lv_store_commit(s), LV_OK);
	CHECK_STATUS(lv_store_history(s, "Z0", &h), LV_OK);
	CHECK_STATUS(lv_trend_new(&t, h, NULL), LV_OK);
	snprintf(png, sizeof png, "%s/zero_pev.png", dir);
	if (t && lv_trend_draw(t, png, LV_PLOT_PNG) == LV_OK && read_png(png, &im) == 0) {
		CHECK_STATUS(lv_trend_map(t, 1, lv_history_row_at(h, 0)->day, 0, &x, &y), LV_OK);
		/* the lower half of the marker: green, not the white below the panel */
		CHECK(near_rgb(pixel(&im, x, y + r * 0.6), LV_TREND_RGB_EXCESS, 60));
	} else {
		CHECK(!"the chart of Z0 drawn and read");
	}
	free(im.px);
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
}

int main(int argc, char **argv)
{
	const char *tmp = getenv("TMPDIR");
	LV_TEST_INIT(argc, argv);
	snprintf(dir, sizeof dir, "%s/lvtrendXXXXXX", tmp && tmp[0] ? tmp : "/tmp");
	if (!mkdtemp(dir)) {
		perror("mkdtemp");
		return 1;
	}
	RUN(fit_closed_form);
	RUN(chart_pixels);
	RUN(dashed_drop_visible);
	RUN(volume_axis_from_zero);
	RUN(svg_pdf_and_errors);
	RUN(common_range);
	RUN(excess_zero_whole);
	if (!getenv("LV_KEEP")) {
		char cmd[300];
		snprintf(cmd, sizeof cmd, "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "could not remove %s\n", dir);
	} else {
		printf("kept %s\n", dir);
	}
	return lv_test_done();
}
