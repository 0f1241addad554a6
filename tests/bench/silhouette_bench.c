/*
 * silhouette_bench [W H]: time lv_silhouette_measure on a mask the size of
 * a rectified 12-megapixel photo (default 3000 x 4000): an anti-aliased
 * tapering limb at 80 degrees, 40 px/cm, with stray specks (so the limb
 * bitmap is built too), widths every 1 mm.  Prints the best and median of
 * 7 runs, and for scale the time libpng takes to decode the same mask.
 * Not part of the test suite (DEVELOPING.md: the suite asserts no time).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

#include "limbvol/limbvol.h"

static double now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec * 1e3 + (double)t.tv_nsec * 1e-6;
}

static int cmp(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;
	return (x > y) - (x < y);
}

int main(int argc, char **argv)
{
	size_t w = argc > 2 ? (size_t)atol(argv[1]) : 3000,
	       h = argc > 2 ? (size_t)atol(argv[2]) : 4000;
	unsigned char *m = w && h ? malloc(w * h) : NULL;
	double th = 80 * 3.14159265358979 / 180, c = cos(th), s = sin(th), t_meas[7], t_png[3];
	double ox = (double)w / 2, oy = (double)h / 4;
	lv_mask_view v = { m, w, h, w };
	lv_silhouette_opts o = LV_SILHOUETTE_OPTS_INIT;
	char path[] = "/tmp/lv-bench-XXXXXX.png";
	int fd, k;

	if (!m)
		return 64;
	for (size_t y = 0; y < h; y++)
		for (size_t x = 0; x < w; x++) {
			double t = (x - ox) * c + (y - oy) * s, u = -(x - ox) * s + (y - oy) * c;
			double d = (h / 8.0 + 0.1 * t) - fabs(u);
			m[y * w + x] = t < -(double)h / 5 ? 0
				: d > 0.5                 ? 255
				: d < -0.5                ? 0
							  : (unsigned char)lround((d + 0.5) * 255);
		}
	srand(1);
	for (k = 0; k < 200; k++)
		m[(size_t)rand() % h * w + (size_t)rand() % w] = 255;
	o.px_per_cm = 40;
	o.origin_x_px = ox;
	o.origin_y_px = oy;
	o.step_cm = 0.1;
	for (k = 0; k < 7; k++) {
		lv_silhouette *sl = NULL;
		double t0 = now_ms();
		if (lv_silhouette_measure(&sl, &v, &o) < 0) {
			fprintf(stderr, "bench: %s\n", lv_error_last()->message);
			return 70;
		}
		t_meas[k] = now_ms() - t0;
		if (k == 0)
			printf("mask %zux%zu, %zu samples along the axis\n", w, h,
			       lv_silhouette_count(sl));
		lv_silhouette_free(sl);
	}
	qsort(t_meas, 7, sizeof(double), cmp);
	printf("measure: best %.1f ms, median %.1f ms\n", t_meas[0], t_meas[3]);

	fd = mkstemps(path, 4);
	if (fd >= 0 && lv_mask_write_png(&v, path) == 0) {
		for (k = 0; k < 3; k++) {
			lv_mask *pm = NULL;
			double t0 = now_ms();
			if (lv_mask_read_png(&pm, path) < 0)
				break;
			t_png[k] = now_ms() - t0;
			lv_mask_free(pm);
		}
		qsort(t_png, 3, sizeof(double), cmp);
		printf("PNG decode of the same mask: median %.1f ms (measure/decode %.2f)\n",
		       t_png[1], t_meas[3] / t_png[1]);
		remove(path);
	}
	free(m);
	return 0;
}
