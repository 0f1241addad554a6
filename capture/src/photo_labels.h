/*
 * photo_labels.h - where an overlay writes the sites' positions: beside the
 * limb, never on each other (issue 13: a horizontal limb's labels ran
 * together, "12.016.020.0").  Pure geometry, no drawing.
 */
#ifndef PHOTO_LABELS_H
#define PHOTO_LABELS_H

#include <stddef.h>

/* One site's label: the site line's two ends on the outline (px), and the
 * text's size (px).  Out: the box's top-left corner, or placed = 0. */
typedef struct photo_label {
	double edge[4]; /* x1, y1, x2, y2 */
	double w, h;
	double x, y; /* the box's top-left corner */
	int placed;
} photo_label;

/* The gap (px) kept between a label and its site line's end, and between
 * two labels. */
#define PHOTO_LABEL_GAP_PX 4.0

/* The marker card's white margin around the marker, relative to the
 * marker's size: two cells of the marker's n_cells + 2 (4x4: 6) on a card
 * of n_cells + 4 (capture/gen/gen_out.c), a third of the marker. */
#define PHOTO_CARD_MARGIN (1.0 / 3.0)

/*
 * Place labels[0..n) (in the order given: the first ones win) in an image of
 * width x height px: each beyond one end of its site line, outside the limb
 * along the line's direction, first beyond (x2, y2), else beyond (x1, y1);
 * a label whose box would leave the image or come within PHOTO_LABEL_GAP_PX
 * of a label already placed, or of any site line, is not placed (the labels
 * are thinned).  Returns how many were placed.
 */
size_t photo_labels_place(photo_label *labels, size_t n, double width, double height);

/*
 * The same, keeping the labels also out of avoid (x0, y0, x1, y1: the
 * marker card's box, or NULL), and trying first the end of each line that
 * is farther from avoid's centre: the labels go on the side of the limb
 * away from the card (the walkthrough's "0.0" and "4.0" ran into it).
 */
size_t photo_labels_place_avoiding(photo_label *labels, size_t n, double width, double height,
				   const double avoid[4]);

/*
 * Where a box of w x h px (the legend) goes in a width x height image: the
 * first of the corners top-left, top-right, bottom-left, bottom-right
 * (margin px in from the edges) whose box meets neither a site line, nor a
 * placed label, nor avoid (or NULL), nor the limb: the band of half the
 * longest site line about the polyline path[0..n_path) (the axis), carried
 * on beyond its ends to the image's edges; top-left when none is free.  Returns the
 * corner's index (0-3; 0 also when none was free), the box's top-left in
 * *x, *y.
 */
int photo_labels_corner(const photo_label *labels, size_t n, const double avoid[4],
			const double *path, size_t n_path, double w, double h, double width,
			double height, double margin, double *x, double *y);

#endif
