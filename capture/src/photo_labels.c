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
		double height)
{
	if (b->x0 < 0 || b->y0 < 0 || b->x1 > width || b->y1 > height)
		return 0;
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
		for (int end = 0; end < 2 && !l->placed; end++) {
			box b = end == 0 ? beyond(l->edge[2], l->edge[3], dx, dy, l->w, l->h)
					 : beyond(l->edge[0], l->edge[1], -dx, -dy, l->w, l->h);
			if (fits(&b, labels, n, i, width, height)) {
				l->x = b.x0;
				l->y = b.y0;
				l->placed = 1;
				placed++;
			}
		}
	}
	return placed;
}
