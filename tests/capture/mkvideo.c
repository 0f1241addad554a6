/*
 * mkvideo - test videos for limbvol capture, made from a photo set of
 * limbvol-gen (whose truth is known): the limb arriving, still, turning,
 * still, leaving, every frame with fresh sensor noise.
 *
 *   mkvideo OUT FRONT SIDE [--fps F] [--noise N] [--still N] [--arrive N]
 *           [--turn N] [--leave N] [--no-marker] [--seed S]
 *       OUT.avi: Motion-JPEG (quality 95) through the shim's video writer;
 *       OUT with a %d (e.g. dir/%03d.png): an image sequence from 0.
 *       --no-marker paints the marker card over with the background.
 *       --only-front stops after the front view (no turn, no side view).
 *   mkvideo diff A B
 *       prints the mean absolute difference of two images of one size
 *       (which generated view a captured photo is).
 *   mkvideo colours IMAGE [--box X,Y,W,H] RRGGBB...
 *       prints, per colour, how many pixels (of the box, X and Y below 0
 *       counted from the right and the bottom) are within 60 (sum of the
 *       channels' differences) of it: a screenshot's overlays.
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cvs.h"
#include "cvs_aruco.h"
#include "cvs_marker.h"
#include "cvs_video.h"
#include "limbvol/error.h"

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

static unsigned long long rng = 88172645463325252ull;

static double uniform(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return (double)(rng >> 11) / 9007199254740992.0;
}

static int die(const char *what)
{
	fprintf(stderr, "mkvideo: %s: %s\n", what, lv_error_last()->message);
	return 1;
}

/* --box X,Y,W,H: the region counted (X, Y below 0: from the right, bottom) */
static int box_of(const char *arg, const cvs_view *v, int box[4])
{
	if (sscanf(arg, "%d,%d,%d,%d", &box[0], &box[1], &box[2], &box[3]) != 4 || box[2] < 1 ||
	    box[3] < 1)
		return -1;
	if (box[0] < 0)
		box[0] += v->width;
	if (box[1] < 0)
		box[1] += v->height;
	if (box[0] < 0 || box[1] < 0 || box[0] + box[2] > v->width || box[1] + box[3] > v->height)
		return -1;
	return 0;
}

static int colours(int argc, char **argv)
{
	cvs_image *img = NULL;
	cvs_view v;
	int first = 3, box[4];
	if (argc < 4)
		return 64;
	if (cvs_image_read(&img, argv[2], CVS_READ_COLOR) < 0)
		return die(argv[2]);
	cvs_image_view(img, &v);
	box[0] = box[1] = 0;
	box[2] = v.width;
	box[3] = v.height;
	if (!strcmp(argv[3], "--box") && (argc < 6 || box_of(argv[4], &v, box) < 0)) {
		fprintf(stderr, "mkvideo: --box X,Y,W,H inside the %dx%d image\n", v.width,
			v.height);
		return 64;
	}
	if (!strcmp(argv[3], "--box"))
		first = 5;
	for (int c = first; c < argc; c++) {
		unsigned rgb = (unsigned)strtoul(argv[c], NULL, 16);
		int r = (int)(rgb >> 16) & 255, g = (int)(rgb >> 8) & 255, b = (int)rgb & 255;
		long n = 0;
		for (int y = box[1]; y < box[1] + box[3]; y++)
			for (int x = box[0]; x < box[0] + box[2]; x++) {
				const unsigned char *p =
					v.data + (size_t)y * v.stride + 3 * (size_t)x;
				n += abs(p[0] - b) + abs(p[1] - g) + abs(p[2] - r) <= 60;
			}
		printf("%s %ld\n", argv[c], n);
	}
	cvs_image_free(img);
	return 0;
}

/* Paint the marker's card (twice the marker, about its centre) with the
 * colour of the image's corner. */
static int hide_marker(cvs_image *img)
{
	cvs_marker m[8];
	cvs_view v;
	int n = 0, dict = 0, size = 0;
	if (cvs_aruco_dictionary("4x4_50", &dict, &size) < 0 ||
	    cvs_marker_detect(img, NULL, 1, dict, m, 8, &n) < 0)
		return -1;
	cvs_image_view(img, &v);
	for (int k = 0; k < n && k < 8; k++) {
		double cx = 0, cy = 0, r = 0;
		for (int i = 0; i < 4; i++) {
			cx += m[k].corners_px[2 * i] / 4;
			cy += m[k].corners_px[2 * i + 1] / 4;
		}
		for (int i = 0; i < 4; i++)
			r = fmax(r,
				 hypot(m[k].corners_px[2 * i] - cx,
				       m[k].corners_px[2 * i + 1] - cy));
		r *= 1.6;
		for (int y = (int)(cy - r); y <= (int)(cy + r); y++)
			for (int x = (int)(cx - r); x <= (int)(cx + r); x++) {
				if (x < 0 || y < 0 || x >= v.width || y >= v.height)
					continue;
				memcpy(v.data + (size_t)y * v.stride + 3 * (size_t)x,
				       v.data + 3 * 4, 3);
			}
	}
	return 0;
}

static int diff(char **argv)
{
	cvs_image *a = NULL, *b = NULL;
	cvs_view va, vb;
	double sum = 0;
	if (cvs_image_read(&a, argv[2], CVS_READ_GRAY) < 0)
		return die(argv[2]);
	if (cvs_image_read(&b, argv[3], CVS_READ_GRAY) < 0)
		return die(argv[3]);
	cvs_image_view(a, &va);
	cvs_image_view(b, &vb);
	if (va.width != vb.width || va.height != vb.height) {
		fprintf(stderr, "mkvideo: the images differ in size\n");
		return 1;
	}
	for (int y = 0; y < va.height; y++)
		for (int x = 0; x < va.width; x++)
			sum += abs(va.data[(size_t)y * va.stride + (size_t)x] -
				   vb.data[(size_t)y * vb.stride + (size_t)x]);
	printf("%.3f\n", sum / ((double)va.width * va.height));
	cvs_image_free(a);
	cvs_image_free(b);
	return 0;
}

typedef struct out {
	cvs_video_writer *w;
	const char *pattern;
	int frame;
} out;

static int emit(out *o, const cvs_view *a, const cvs_view *b, double alpha, int dx, double noise,
		cvs_image *buf)
{
	cvs_view v;
	cvs_image_view(buf, &v);
	const unsigned char *bg = a->data + 3 * 4;
	for (int y = 0; y < v.height; y++) {
		unsigned char *row = v.data + (size_t)y * v.stride;
		for (int x = 0; x < v.width; x++) {
			int sx = x - dx;
			for (int c = 0; c < 3; c++) {
				double val;
				if (sx < 0 || sx >= v.width) {
					val = bg[c];
				} else {
					double pa =
						a->data[(size_t)y * a->stride + 3 * (size_t)sx + c];
					double pb =
						b->data[(size_t)y * b->stride + 3 * (size_t)sx + c];
					val = pa + (pb - pa) * alpha;
				}
				val += (uniform() + uniform() - 1) * noise;
				row[3 * x + c] = (unsigned char)(val < 0             ? 0
									 : val > 255 ? 255
										     : val + 0.5);
			}
		}
	}
	if (o->w)
		return cvs_video_writer_add(o->w, buf);
	char path[4096];
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	snprintf(path, sizeof path, o->pattern, o->frame);
#pragma GCC diagnostic pop
	o->frame++;
	return cvs_image_write(buf, path);
}

int main(int argc, char **argv)
{
	int fps = 10, still = 14, arrive = 6, turn = 6, leave = 5, no_marker = 0, only_front = 0;
	int rc = 0;
	double noise = 3;
	cvs_image *front = NULL, *side = NULL, *buf = NULL;
	cvs_view a, b;
	out o = { 0 };

	if (argc >= 2 && !strcmp(argv[1], "colours"))
		return colours(argc, argv);
	if (argc == 4 && !strcmp(argv[1], "diff"))
		return diff(argv);
	if (argc < 4) {
		fprintf(stderr, "usage: mkvideo OUT FRONT SIDE [options] | colours IMAGE RGB...\n");
		return 64;
	}
	for (int i = 4; i < argc; i++) {
		const char *k = argv[i], *v = i + 1 < argc ? argv[i + 1] : "0";
		if (!strcmp(k, "--no-marker")) {
			no_marker = 1;
			continue;
		}
		if (!strcmp(k, "--only-front")) {
			only_front = 1;
			continue;
		}
		i++;
		if (!strcmp(k, "--fps"))
			fps = atoi(v);
		else if (!strcmp(k, "--noise"))
			noise = atof(v);
		else if (!strcmp(k, "--still"))
			still = atoi(v);
		else if (!strcmp(k, "--arrive"))
			arrive = atoi(v);
		else if (!strcmp(k, "--turn"))
			turn = atoi(v);
		else if (!strcmp(k, "--leave"))
			leave = atoi(v);
		else if (!strcmp(k, "--seed"))
			rng ^= strtoull(v, NULL, 10) * 0x9E3779B97F4A7C15ull;
		else {
			fprintf(stderr, "mkvideo: unknown option %s\n", k);
			return 64;
		}
	}
	if (cvs_image_read(&front, argv[2], CVS_READ_COLOR) < 0)
		return die(argv[2]);
	if (cvs_image_read(&side, argv[3], CVS_READ_COLOR) < 0)
		return die(argv[3]);
	if (no_marker && (hide_marker(front) < 0 || hide_marker(side) < 0))
		return die("marker");
	cvs_image_view(front, &a);
	cvs_image_view(side, &b);
	if (cvs_image_new(&buf, a.width, a.height, 3) < 0)
		return die("frame");
	if (strchr(argv[1], '%'))
		o.pattern = argv[1];
	else if (cvs_video_writer_open(&o.w, argv[1], a.width, a.height, fps, 95) < 0)
		return die(argv[1]);
	/* arriving from the left, still, turning (a blend with a sway), still,
	 * leaving to the right */
	for (int i = 0; i < arrive && rc == 0; i++)
		rc = emit(&o, &a, &a, 0, -(a.width * (arrive - i)) / (arrive + 1), noise, buf);
	for (int i = 0; i < still && rc == 0; i++)
		rc = emit(&o, &a, &a, 0, 0, noise, buf);
	if (only_front)
		turn = still = leave = 0;
	for (int i = 1; i <= turn && rc == 0; i++)
		rc = emit(&o, &a, &b, (double)i / (turn + 1),
			  (int)(a.width * 0.06 * sin(M_PI * i / (turn + 1))), noise, buf);
	for (int i = 0; i < still && rc == 0; i++)
		rc = emit(&o, &b, &b, 0, 0, noise, buf);
	for (int i = 1; i <= leave && rc == 0; i++)
		rc = emit(&o, &b, &b, 0, (a.width * i) / (leave + 1), noise, buf);
	if (rc == 0 && o.w)
		rc = cvs_video_writer_close(o.w);
	if (rc < 0)
		return die(argv[1]);
	cvs_image_free(front);
	cvs_image_free(side);
	cvs_image_free(buf);
	return 0;
}
