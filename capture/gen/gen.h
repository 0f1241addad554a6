/*
 * gen.h - the synthetic photo-set generator (limbvol-gen): limb-like shapes
 * of exactly known volume, rendered through a pinhole camera.
 *
 * A shape is a straight limb whose cross-section at axial position s (cm
 * from the landmark, positive towards the proximal end) is an ellipse with
 * semi-axes a(s) (seen across the limb in the front view) and b(s) (seen in
 * the side view, the limb turned 90 degrees).  The truth (volume, tape
 * circumferences) is computed here by numerical integration of these
 * functions, independently of liblimbvol's silhouette code.
 */
#ifndef GEN_H
#define GEN_H

#include <stddef.h>
#include <stdint.h>

enum gen_kind { GEN_ARM, GEN_LEG, GEN_CYLINDER, GEN_CONE, GEN_ELLIPSE };

typedef struct gen_shape {
	enum gen_kind kind;
	double radius_cm; /* cylinder, cone (at s = 0), ellipse (a) */
	double taper; /* cone: radius change per cm of length */
	double ratio; /* ellipse: b / a */
	double tip_cm; /* the distal end of the body; a rounded cap below it */
	double jitter[4]; /* seeded variation of arm and leg, each in [-1, 1] */
	int hand; /* 1: a hand (flat ellipsoid) bent at the tip; 2: a foot */
	double hand_deg; /* its bend in the front view's plane, degrees */
	double hand_side; /* +1: bent towards +y (across, front view), -1: -y */
} gen_shape;

/*
 * The hand: an ellipsoid in the limb's local frame (s along the axis, y
 * across in the plane, z depth) of a view: centre, three unit axes and
 * semi-axes 9, 4.2 and 1.6 cm (long, across, thickness).  It starts 1.5 cm
 * above the wrist (the tip), so --from must stay 2 cm above the tip.  A
 * foot (hand == 2): 25 x 9 x 7 cm, forwards from 2 cm below the ankle.
 */
typedef struct gen_ellipsoid {
	double c[3];
	double u[3][3];
	double r[3];
} gen_ellipsoid;

void gen_hand(const gen_shape *sh, int side, gen_ellipsoid *e);
/* Ellipsoid metric of a local point: <= 1 inside. */
double gen_ellipsoid_metric(const gen_ellipsoid *e, const double *p);

/* Semi-axes at s, cap included (0 beyond the cap). */
void gen_axes(const gen_shape *sh, double s, double *a, double *b);
/* Length of the rounded cap below the tip. */
double gen_cap_cm(const gen_shape *sh);
/* Largest semi-axis over [s0, s1]. */
double gen_max_axis(const gen_shape *sh, double s0, double s1);
/* Exact volume between two positions >= tip (mL): pi * int a b ds. */
double gen_volume_ml(const gen_shape *sh, double from_cm, double to_cm);
/* Perimeter of the ellipse of semi-axes a, b by numerical integration. */
double gen_perimeter_cm(double a, double b);
/*
 * The width a perfect segmentation of a photo finds in the marker plane
 * (through the axis) for an elliptic cylinder of semi-axes A (along the
 * plane) and B (depth), the camera at cx along the plane and cz along its
 * normal from the axis (cm; cz < 0).  Perspective makes it wider than 2A:
 * by r D / sqrt(D^2 - r^2) seen straight on (imaging.md), and by about
 * 1 / cos(phi) when the line of sight meets the plane at phi.
 */
double gen_plane_width(double A, double B, double cx, double cz);
/* Seeded numbers: a hash of (seed, i) mapped to [-1, 1]. */
double gen_rand(uint64_t seed, uint64_t i);
uint64_t gen_hash(uint64_t x);

/* What a picture shows and how it is taken. */
typedef struct gen_scene {
	const gen_shape *shape;
	int side; /* 0 front, 1 side view (a and b swapped) */
	int width, height; /* pixels */
	double focal_px; /* pinhole camera, principal point at the centre */
	double distance_cm; /* camera to the marker plane (through the axis) */
	double x0_cm, y0_cm; /* the landmark in the plane (camera axis = 0,0) */
	double tilt; /* axis direction in the image, radians */
	double back_cm; /* background plane this far behind */
	unsigned char cells[64]; /* marker cells, 0 black 1 white */
	int n_cells;
	double marker_cm; /* side of the black square */
	double card_cm; /* side of the white card */
	double card_lateral_cm; /* card centre: this far from the axis along the
	                            in-plane normal (signed), */
	double card_axial_cm; /*   at this axial position */
	unsigned char bg[3]; /* background colour (BGR) */
	unsigned char skin[3];
	uint64_t seed; /* sensor noise */
	int noise; /* noise amplitude, grey levels */
} gen_scene;

/* Is the marker black at (cu, cv) cm from its centre (n x n cells, 1
 * white, inside its square of marker_cm)? */
int gen_marker_black(const unsigned char *cells, int n, double marker_cm, double cu, double cv);
/* A sensor's 8-bit value of intensity v with triangular noise of the
 * given amplitude, seeded per sample i. */
unsigned char gen_sensor(double v, int noise, uint64_t seed, uint64_t i);

/* Render a scene into 8-bit BGR pixels; -1 when out of memory. */
int gen_render(const gen_scene *sc, unsigned char *bgr, size_t stride);

/*
 * An ideal mask of the limb in its own plane (orthographic, as a perfect
 * rectification gives it): px_per_cm, the landmark at pixel (ox, oy).
 * Edges anti-aliased by supersampling.
 */
void gen_render_mask(const gen_shape *sh, int side, double tilt, double px_per_cm, double ox,
		     double oy, unsigned char *mask, size_t w, size_t h);

#endif
