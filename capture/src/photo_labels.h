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

/*
 * Place labels[0..n) (in the order given: the first ones win) in an image of
 * width x height px: each beyond one end of its site line, outside the limb
 * along the line's direction, first beyond (x2, y2), else beyond (x1, y1);
 * a label whose box would leave the image or come within PHOTO_LABEL_GAP_PX
 * of a label already placed, or of any site line, is not placed (the labels
 * are thinned).  Returns how many were placed.
 */
size_t photo_labels_place(photo_label *labels, size_t n, double width, double height);

#endif
