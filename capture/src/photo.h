/*
 * photo.h - the photo pipeline of limbvol-photo and limbvol-batch (capture's
 * own C API, not installed).
 *
 * One photo: decode, find the marker, segment the limb, resample its soft
 * mask into the marker's plane (metric, origin at the marker's centre) and
 * measure it there with limbvol/silhouette.h.  Two photos (front, side):
 * elliptical slices; one photo: circular slices.  See doc/photo.md.
 */
#ifndef CAPTURE_PHOTO_H
#define CAPTURE_PHOTO_H

#include <stddef.h>
#include <stdio.h>

#include "limbvol/profile.h"
#include "limbvol/silhouette.h"
#include "limbvol/volume.h"
#include "cvs.h"
#include "cvs_marker.h"
#include "cvs_segment.h"

/* Segmentation and rectification run on a copy reduced by a power of two
 * (fast box averages) to at most this many pixels: a 12 MP photo by 8, to
 * 500 x 375.  A limb still spans some 50 pixels there, the soft mask keeps
 * its edges to a fraction of a pixel, and the marker's corners are refined
 * at full size, so the analysis costs a fraction of decoding the photo
 * (doc/photo.md, Performance: -0.6 % volume, 1.1 mm on circumferences for
 * a generated 12 MP arm). */
#define PHOTO_WORK_PIXELS 500000.0
/*
 * The smallest marker measured (side in full-image pixels).  Sub-pixel
 * corners are good to about a quarter pixel, so the scale is uncertain by
 * about 0.35 / side (imaging.md: the scale of every width comes from these
 * corners): 0.6 % of every width, 1.2 % of the volume at 60 px.
 */
#define PHOTO_MIN_MARKER_PX 60.0
#define PHOTO_CORNER_SD_PX 0.25
/*
 * The sd model's other terms (doc/photo.md, "How sure": each measured):
 * - the edges' common bias, in working pixels per edge: the threshold on an
 *   anti-aliased, shaded outline (silhouette widths of generated and mesh
 *   renders against their exact plane widths: within +-0.15 px per edge);
 * - the card's placement along the limb between the two photos (cm);
 * - sections that are not ellipses: the ellipse through a section's two
 *   true widths against its true area, on the shared real meshes each
 *   turned about its axis by 0 to 165 degrees (tests/capture/mesh_models.sh:
 *   -0.8 to +5.3 % of the volume, RMS 3.1 %): 3 % with two views; circular
 *   slices of the front width (one view): -11.9 to +20.1 %, RMS 9.8 %: 10 %.
 *   capture::mesh_section_sd checks both (within 2 sd, not over 1.5 RMS).
 */
/*
 * - the card's plane is not the plane of a section's widest points: the
 *   points the silhouette's tangent rays touch lie before or behind the
 *   plane through the axis, and are seen larger or smaller by their depth
 *   over the camera distance.  On the shared meshes (generator's plane
 *   widths against the true widths) the offsets are 3.3 mm (ampscan),
 *   4.0 mm (OpenLimbTT) and 6.2 mm (arm): RMS 4.7 mm, per view.  A round
 *   section has none; two silhouettes cannot see it (doc/photo.md).
 */
#define PHOTO_CARD_DEPTH_CM 0.47
#define PHOTO_EDGE_BIAS_PX 0.15
#define PHOTO_REGISTRATION_SD_CM 0.3
#define PHOTO_SECTION_REL_SD 0.03
#define PHOTO_SECTION_REL_SD_ONE_VIEW 0.10
/*
 * The same for a virtual tape: the ellipse perimeter of a section's two
 * true widths against its convex hull's (what a tape reads), every 4 cm on
 * the shared meshes each turned by 0 to 165 degrees (tests/capture/
 * mesh_models.sh ... --tape, 336 sites): -2.4 to +2.4 %, RMS 0.94 %: 1 %
 * with two views; the circle of the front width (one view): RMS 6.4 %,
 * worst 19 %: 6.5 %.  capture::mesh_section_sd checks both.
 */
#define PHOTO_TAPE_SECTION_REL_SD 0.01
#define PHOTO_TAPE_SECTION_REL_SD_ONE_VIEW 0.065
/* Front and side views whose width profiles line up only this far apart
 * (shifted along the limb), or whose lengths along the limb differ by this
 * fraction, disagree (measure_register.c). */
#define PHOTO_MAX_SHIFT_CM 3.5
#define PHOTO_MAX_STRETCH 0.15
/* The card spans this many marker sides (a margin of 1.5 cells of 6 on
 * each side is 1.5; printed cards are often larger). */
#define PHOTO_CARD_SCALE 1.7
/*
 * Without a camera file or EXIF the focal length is taken as this many
 * image widths (the longer side), the geometric middle of the lenses a
 * photo of a limb is plausibly taken with: a phone's main camera (about
 * 0.75, a 26 mm equivalent) to a 3x telephoto or a narrow render (2.5).  It
 * sets the camera's distance, hence the perspective correction (a few
 * tenths of a percent at 60 cm), whose spread over that range goes into
 * the sd.  (0.8 was assumed before: a long lens was then corrected as if
 * the camera stood 2.3 times closer, 1-2 % low on a residual limb rendered
 * at 60 cm.)  A focal length stated by a camera file or EXIF is taken as
 * known to PHOTO_KNOWN_FOCAL_REL_SD.
 */
#define PHOTO_ASSUMED_FOCAL 1.3
#define PHOTO_FOCAL_MIN 0.75
#define PHOTO_FOCAL_MAX 2.5
#define PHOTO_KNOWN_FOCAL_REL_SD 0.05
/* The marker's camera distance and the optics' (EXIF focus distance) may
 * differ by this fraction before a warning (a marker size typed wrong). */
#define PHOTO_DISTANCE_WARN 0.10

typedef struct photo_opts {
	int dict_id;
	int marker_id;
	double marker_mm;
	const cvs_lens *lens; /* NULL: no camera file */
	double axis_from_cm; /* range to fit the axis (from marker), */
	double axis_to_cm; /*   from >= to: the whole limb */
	int keep_for_overlay; /* keep the reduced image and mask */
	int keep_failed; /* with keep_for_overlay: when the analysis fails, *out
			    still holds what was read (the photo, the outline,
			    the marker as found) for photo_overlay_write, which
			    marks it "not measured"; photo_facts_get and the
			    measurement must not be called on it */
	int proximal; /* PHOTO_PROXIMAL_X: where the proximal end is in the
	                 photo, when it cannot tell (0: not given) */
	/* the optics when known otherwise than from a camera file (EXIF, read
	 * by photo_analyse; a live frame's camera): 0 unknown */
	double focal_px; /* focal length in pixels of this image */
	double subject_distance_mm; /* the camera's focus distance */
} photo_opts;

/* --proximal up|down|left|right, manifest key proximal. */
enum {
	PHOTO_PROXIMAL_NONE,
	PHOTO_PROXIMAL_UP,
	PHOTO_PROXIMAL_DOWN,
	PHOTO_PROXIMAL_LEFT,
	PHOTO_PROXIMAL_RIGHT
};
/* Parse s[0..len) as up, down, left or right; LV_EDATA saying what was
 * expected otherwise. */
int photo_proximal_parse(const char *s, size_t len, int *out);
const char *photo_proximal_name(int proximal);

typedef struct photo_view photo_view;

/* Analyse one photo; LV_EIMAGE etc. with a message naming the photo. */
int photo_analyse(photo_view **out, const char *path, const photo_opts *o);
/* The same on an image already decoded (8-bit BGR, borrowed; a live frame
 * of limbvol capture): `name` stands for it in messages; decode_ms is 0. */
int photo_analyse_image(photo_view **out, const char *name, const cvs_image *img,
			const photo_opts *o);
void photo_free(photo_view *p);

typedef struct photo_facts {
	int width_px, height_px; /* the photo */
	double marker_side_px; /* mean side of the marker in the photo */
	double mm_per_px; /* the rectified mask's scale */
	double distance_mm; /* camera to marker centre */
	int distance_from_pose; /* 1: camera file + pose; 0: estimated */
	double tilt_deg; /* marker normal vs line of sight (pose) */
	double from_cm, to_cm; /* measured inside the frame, from marker */
	int end_in_frame; /* the limb's distal end is in the photo */
	double scale_rel_sd; /* relative sd of the scale (corners) */
	double focal_px; /* focal length used (camera file, EXIF or assumed) */
	int focal_source; /* PHOTO_FOCAL_X */
	double perspective_rel_sd; /* relative sd of the widths from the
	                              perspective correction (the focal length) */
	const char *warning; /* NULL, or a warning about the photo */
	double decode_ms; /* thread CPU time decoding the photo */
	double analyse_ms; /* thread CPU time of everything after it */
} photo_facts;

enum { PHOTO_FOCAL_ASSUMED, PHOTO_FOCAL_EXIF, PHOTO_FOCAL_CAMERA };

void photo_facts_get(const photo_view *p, photo_facts *f);

/*
 * The limb's width at a position (cm from the marker's centre along the
 * axis) in the marker's plane, corrected for perspective (the silhouette
 * is made of tangent lines: imaging.md) when `tangent` is set.
 */
int photo_width_at(const photo_view *p, double pos_cm, int tangent, double *width_cm);

typedef struct photo_request {
	double from_cm, to_cm; /* from the landmark; NaN: the common range */
	double step_cm; /* virtual tape sites, default 4 */
	double origin_offset_cm; /* landmark = marker centre + this */
} photo_request;

/*
 * How the side view's width profile lines up with the front view's over
 * [lo, hi] (cm from the marker): the shift along the limb and the relative
 * difference of lengths that the slopes of their log widths agree on best
 * (measure_register.c).  LV_EIMAGE with a message for a real disagreement
 * (the card at another height on the limb, another scale along it);
 * checked = 0 when the profiles have no features to line up (a cylinder).
 */
typedef struct photo_registration {
	int checked;
	double shift_cm, stretch, ncc;
} photo_registration;
int photo_register(const photo_view *front, const photo_view *side, double lo, double hi,
		   photo_registration *out);

typedef struct photo_result {
	int views; /* 1 or 2 */
	double from_cm, to_cm; /* from the landmark */
	lv_volume volume; /* LV_MODEL_ELLIPSE (circles with one view) */
	size_t n_sites;
	double *site_cm, *width_front_cm, *width_side_cm, *circumference_cm;
	double *circumference_sd_cm; /* each site's sd: every term of the
	                                volume's that moves it (measure.c) */
	size_t n_segments;
	lv_volume *segments; /* between consecutive sites */
	int from_camera; /* scale from a camera file + pose */
	/* the camera's distance to the marker, the mean of the views' (from
	 * the pose with a camera file, else estimated: photo_facts): what a
	 * store keeps to tell sets taken alike (limbvol/assess.h) */
	double camera_distance_cm;
	int focal_source; /* PHOTO_FOCAL_X of the front photo */
	double mm_per_px;
	double reading_sd_cm; /* per width: half a resampled pixel */
	/* the volume's sd, by source (relative to the volume); volume.sd_ml
	 * and the segments' sd hold them all (measure.c says why each) */
	struct photo_sd {
		double readings; /* independent edge noise (the reading sd) */
		double scale; /* the marker's corners */
		double edges; /* the edges' common bias */
		double perspective; /* the focal length behind the correction */
		double registration; /* front against side along the limb */
		double section; /* sections that are not ellipses */
		double card_depth; /* widest points off the card's plane */
		double total;
		/* what does not repeat between two photo sets of the same limb
		 * taken the same way: scale, edges and readings (measure.c) */
		double repeat;
	} sd;
	double volume_rel_sd; /* what moves every width together: all but
	                         the readings (the report's volume_rel_sd) */
	double volume_repeat_sd_ml; /* volume x sd.repeat: the sd of this
	                               volume against another photo set of the
	                               same limb, same pose and set-up */
	const char *warning; /* a warning about the photos, or NULL */
	lv_profile *profile; /* widths every millimetre, from..to */
	photo_registration registration; /* front against side */
} photo_result;

/* The repeat sd of a result's terms, relative to the volume: the
 * quadrature sum of scale, edges and readings, the terms that do not cancel
 * in the change between two photo sets of the same limb (measure.c). */
double photo_repeat_rel_sd(const struct photo_sd *d);

/* Combine the views (side may be NULL) into volume and virtual tape. */
int photo_measure(photo_result *out, const photo_view *front, const photo_view *side,
		  const photo_request *rq);
void photo_result_clear(photo_result *r);

/* Draw what was measured on the photo and write it (JPEG or PNG by the
 * extension; temp file + rename).  r NULL: the photo was not measured (its
 * set failed): the outline, the axis and the marker as found, and "not
 * measured" written on it. */
int photo_overlay_write(const photo_view *p, const photo_result *r, double origin_offset_cm,
			const char *path);

/* The same drawing on img, an image of the photo at any scale (a live
 * frame: the photo itself; the working copy). */
int photo_overlay_draw(const photo_view *p, const photo_result *r, double origin_offset_cm,
		       cvs_image *img);

/* The marker's corners in the photo's pixels (cvs_marker's order). */
void photo_marker_px(const photo_view *p, double corners_px[8]);

/* The caveats of a result, for the report's note. */
void photo_note(const photo_result *r, char *buf, size_t size);

#endif
