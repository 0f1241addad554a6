/* Overlay labels beside the limb, never overlapping (photo_labels.h). */
#include "photo_labels.h"

#include <math.h>

typedef struct box {
	double x0, y0, x1, y1;
} box;

static int boxes_meet(const box *a, const box *b, double gap)
{
	return a->x0 < b->x1 + gap && b->x0 < a->x1 + gap && a->y0 < b->y1 + gap &&
		b->y0 < a->y1 + gap;
}

/* Does the segment (x1, y1)-(x2, y2) come within gap of the box? (Clipped
 * against the box grown by gap, Liang-Barsky.) */
static int segment_meets(const double *e, const box *b, double gap)
{
	double t0 = 0, t1 = 1, dx = e[2] - e[0], dy = e[3] - e[1];
	const double p[4] = { -dx, dx, -dy, dy };
	const double q[4] = { e[0] - (b->x0 - gap), (b->x1 + gap) - e[0], e[1] - (b->y0 - gap),
			      (b->y1 + gap) - e[1] };
	for (int k = 0; k < 4; k++) {
		if (p[k] == 0) {
			if (q[k] < 0)
				return 0;
			continue;
		}
		double t = q[k] / p[k];
		if (p[k] < 0) {
			if (t > t1)
				return 0;
			if (t > t0)
				t0 = t;
		} else {
			if (t < t0)
				return 0;
			if (t < t1)
				t1 = t;
		}
	}
	return t0 <= t1;
}

/* The box of a label of w x h beyond the end (ex, ey) of a line pointing
 * (ux, uy) (unit) out of the limb: its nearest point gap px beyond the end. */
static box beyond(double ex, double ey, double ux, double uy, double w, double h)
{
	double reach = fabs(ux) * w / 2 + fabs(uy) * h / 2 + PHOTO_LABEL_GAP_PX;
	double cx = ex + ux * reach, cy = ey + uy * reach;
	box b = { cx - w / 2, cy - h / 2, cx + w / 2, cy + h / 2 };
	return b;
}

static int fits(const box *b, const photo_label *l, size_t n, size_t self, double width,
		double height, const double *avoid)
{
	if (b->x0 < 0 || b->y0 < 0 || b->x1 > width || b->y1 > height)
		return 0;
	if (avoid) {
		box a = { avoid[0], avoid[1], avoid[2], avoid[3] };
		if (boxes_meet(b, &a, PHOTO_LABEL_GAP_PX))
			return 0;
	}
	for (size_t k = 0; k < n; k++) {
		if (segment_meets(l[k].edge, b, k == self ? 0 : PHOTO_LABEL_GAP_PX / 2))
			return 0;
		if (k != self && l[k].placed) {
			box o = { l[k].x, l[k].y, l[k].x + l[k].w, l[k].y + l[k].h };
			if (boxes_meet(b, &o, PHOTO_LABEL_GAP_PX))
				return 0;
		}
	}
	return 1;
}

size_t photo_labels_place(photo_label *labels, size_t n, double width, double height)
{
	return photo_labels_place_avoiding(labels, n, width, height, NULL);
}

size_t photo_labels_place_avoiding(photo_label *labels, size_t n, double width, double height,
				   const double avoid[4])
{
	size_t placed = 0;

	for (size_t i = 0; i < n; i++)
		labels[i].placed = 0;
	for (size_t i = 0; i < n; i++) {
		photo_label *l = &labels[i];
		double dx = l->edge[2] - l->edge[0], dy = l->edge[3] - l->edge[1];
		double len = hypot(dx, dy);
		if (!(len > 0) || !(l->w > 0) || !(l->h > 0))
			continue;
		dx /= len;
		dy /= len;
		int first = 0; /* 0: beyond (x2, y2) first */
		if (avoid) {
			double ax = (avoid[0] + avoid[2]) / 2, ay = (avoid[1] + avoid[3]) / 2;
			first = hypot(l->edge[0] - ax, l->edge[1] - ay) >
				hypot(l->edge[2] - ax, l->edge[3] - ay);
		}
		for (int k = 0; k < 2 && !l->placed; k++) {
			int end = k ^ first;
			box b = end == 0 ? beyond(l->edge[2], l->edge[3], dx, dy, l->w, l->h)
					 : beyond(l->edge[0], l->edge[1], -dx, -dy, l->w, l->h);
			if (fits(&b, labels, n, i, width, height, avoid)) {
				l->x = b.x0;
				l->y = b.y0;
				l->placed = 1;
				placed++;
			}
		}
	}
	return placed;
}

/* Does the box meet the limb: the band of half the longest site line on
 * either side of the path, the path's ends carried on to the image's edges
 * (the limb goes on beyond the measured range)? */
static int meets_limb(const box *b, const photo_label *l, size_t n, const double *path,
		      size_t n_path, double reach)
{
	double half = 0;
	for (size_t k = 0; k < n; k++)
		half = fmax(half,
			    hypot(l[k].edge[2] - l[k].edge[0], l[k].edge[3] - l[k].edge[1]) / 2);
	for (size_t k = 0; k + 1 < n_path; k++) {
		double e[4] = { path[2 * k], path[2 * k + 1], path[2 * k + 2], path[2 * k + 3] };
		double dx = e[2] - e[0], dy = e[3] - e[1], len = hypot(dx, dy);
		if (len > 0 && k == 0) {
			e[0] -= dx / len * reach;
			e[1] -= dy / len * reach;
		}
		if (len > 0 && k + 2 == n_path) {
			e[2] += dx / len * reach;
			e[3] += dy / len * reach;
		}
		if (segment_meets(e, b, half + PHOTO_LABEL_GAP_PX))
			return 1;
	}
	return 0;
}

int photo_labels_corner(const photo_label *labels, size_t n, const double avoid[4],
			const double *path, size_t n_path, double w, double h, double width,
			double height, double margin, double *x, double *y)
{
	for (int c = 0; c < 4; c++) {
		double x0 = c % 2 ? width - margin - w : margin,
		       y0 = c / 2 ? height - margin - h : margin;
		box b = { x0, y0, x0 + w, y0 + h };
		/* self = n: every line and every placed label counts */
		int ok = fits(&b, labels, n, n, width, height, avoid) &&
			!meets_limb(&b, labels, n, path, n_path, width + height);
		if (ok || c == 3) {
			if (!ok)
				c = 0, x0 = margin, y0 = margin;
			*x = x0;
			*y = y0;
			return c;
		}
	}
	return 0;
}
