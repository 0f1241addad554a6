/*
 * gen_opts.h - what limbvol-gen was asked to render (its options), shared
 * by the analytic shapes (gen_main.c) and the meshes (gen_mesh_main.c).
 */
#ifndef GEN_OPTS_H
#define GEN_OPTS_H

#include "gen.h"

struct opts {
	const char *out, *ext, *dict, *patient, *limb, *date, *phase;
	gen_shape shape;
	const char *shape_name;
	unsigned long long seed;
	int width, height, one_view, mask_only, marker_id, below, noise, ext_png, no_exif;
	double distance, fov_deg, tilt_deg, fx, fy, marker_mm, from, to, step, ppc, marker_axial;
	unsigned char bg[3];
	/* a mesh (--mesh): its file, units (cm per file unit), the landmark, a
	 * point further up the limb and the front view's direction (file
	 * units), an elbow bend */
	const char *mesh;
	double mesh_scale, mesh_landmark[3], mesh_towards[3], mesh_view[3];
	int mesh_unit; /* --mesh-unit: mm per file unit */
	int has_landmark, has_towards;
	double bend_deg, bend_at_cm;
	/* --swell MM (cm here) and --swell-taper FULL:NONE (cm; NAN: uniform) */
	double swell_cm, swell_full_cm, swell_none_cm;
	/* the manifest's proximal= when the limb crosses both ends of the frame */
	const char *proximal;
};

/* Write DIR/NAME through a temporary file and a rename: 0 or an exit code. */
int gen_write_text(const char *dir, const char *name, const char *text);
/* A locale-independent number appended at *p (never beyond end). */
void gen_num(char **p, char *end, double v, int decimals);
/* The marker card of --marker and --dict: its cells (n x n, 1 white), the
 * marker's side and the card's (a white margin of 2 cells); 0 or an exit
 * code. */
int gen_marker_card(const struct opts *o, unsigned char cells[64], int *n_cells, double *marker_cm,
		    double *card_cm);
/* The range of truth.json, "from_cm": A, "to_cm": B, "step_cm": S, at *p. */
void gen_json_range(char **p, char *end, const struct opts *o);
/* truth.json's marker at *p: "marker_dict", "marker_id", "marker_size_mm"
 * and "marker_axial_cm" of --marker, --dict and --marker-at. */
void gen_json_marker(char **p, char *end, const struct opts *o);
/* truth.json's camera at *p: "camera": {width_px, height_px, focal_px,
 * distance_cm, tilt_deg}, "landmark_px": [X, Y] (the landmark in the
 * photo). */
void gen_json_camera(char **p, char *end, const struct opts *o, int width_px, int height_px,
		     double focal_px, double landmark_x_px, double landmark_y_px);

/* DIR/manifest.txt of the set. */
int gen_write_manifest(const struct opts *o);

/* Draws view v (0 front, 1 side) into a BGR image of the set's size: 0, or
 * negative when out of memory. */
typedef int (*gen_draw_view)(void *ctx, int v, unsigned char *bgr, size_t stride);

/* The set's photos, each view drawn by draw(ctx, ...) and written as
 * OUT/front.EXT and OUT/side.EXT, then its manifest: 0 or an exit code. */
int gen_write_photos(const struct opts *o, int nviews, gen_draw_view draw, void *ctx);
/* The pinhole camera's focal length in pixels (--size, --fov). */
double gen_focal_px(const struct opts *o);
/* Copy the JPEG file IN to PATH (temporary file and rename) with an EXIF
 * block stating the focal length of a camera of focal_px on a photo of
 * width x height px, as a phone writes it (gen_exif.c): 0 or an exit code. */
int gen_exif_insert(const char *in, const char *path, double focal_px, int width, int height);
/* Render and write a photo set, or ideal masks, of an analytic shape: 0 or
 * an exit code. */
int gen_run_photos(struct opts *o);
int gen_run_masks(struct opts *o);
/* Render and write a photo set of a mesh: 0 or an exit code. */
int gen_run_mesh(struct opts *o);

#endif
