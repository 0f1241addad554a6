/*
 * gen_mesh.h - triangle meshes in the generator: a bounded binary STL
 * reader, the truth of a real limb surface (cross-sections sliced across its
 * axis: areas integrated into a volume, convex-hull perimeters as a tape
 * reads them) and a z-buffer renderer of the mesh in the generator's scene.
 *
 * Coordinates are centimetres.  A limb frame (gen_frame) gives the limb's
 * axis: origin o at the landmark (position 0), e1 along the axis towards the
 * proximal end, e3 the depth seen from the camera in the front view, e2 =
 * e3 x e1 across the limb in the front view.  A vertex's local coordinates
 * are (s, u, w): s the position along the axis, u across, w depth.
 */
#ifndef GEN_MESH_H
#define GEN_MESH_H

#include <stddef.h>
#include <stdint.h>

/* More triangles than any limb scan needs (a 200 MB file): refused. */
#define GEN_STL_MAX_TRIANGLES 4000000u

typedef struct gen_mesh {
	size_t nv, nt;
	double *v; /* nv x 3 (cm) */
	uint32_t *t; /* nt x 3 vertex indices, counter-clockwise seen from outside */
	unsigned char *open; /* nt: bit i set when edge (t[i], t[i+1]) has no
	                        neighbour (the mesh is open there) */
} gen_mesh;

/*
 * Read a binary STL file (little-endian, 80-byte header, triangle count,
 * 50 bytes a triangle), coordinates multiplied by scale (0.1 for mm).  The
 * count is checked against the file's size before anything is allocated;
 * coordinates must be finite.  Identical vertices are welded, open edges
 * found.  0 or a negative lv_status with the error set (the file, what was
 * expected).
 */
int gen_mesh_read_stl(const char *path, double scale, gen_mesh *m);
void gen_mesh_free(gen_mesh *m);

typedef struct gen_frame {
	double o[3], e1[3], e2[3], e3[3];
} gen_frame;

/*
 * The frame from a landmark point, a point further up the limb (towards
 * its proximal end) and the front camera's direction of view, all in mesh
 * coordinates (cm).  0, or -1 when they are degenerate.
 */
int gen_frame_make(gen_frame *f, const double *landmark, const double *towards, const double *view);

/* Local (s, u, w) of a point, and back. */
void gen_frame_local(const gen_frame *f, const double *p, double *l);
void gen_frame_global(const gen_frame *f, const double *l, double *p);

/*
 * Bend the mesh about a joint at position at_cm: the part below it (towards
 * the distal end) turns by deg degrees in the front view's plane (about an
 * axis along e3 through the frame's axis), smoothly over +-half_cm around
 * the joint, as an elbow bends.  Positive degrees move the distal end
 * towards +e2.
 */
void gen_mesh_bend(gen_mesh *m, const gen_frame *f, double at_cm, double deg, double half_cm);

/* The mesh's unit vertex normals (n: nv x 3) at the vertex positions xyz
 * (nv x 3, any frame): each the normalised sum of its triangles' cross
 * products (b - a) x (c - a), area-weighted and outward; 0 for a vertex of
 * degenerate triangles only. */
void gen_mesh_normals(const gen_mesh *m, const double *xyz, double *n);

/*
 * Swell the mesh as edema does: every vertex moves outward along its
 * area-weighted vertex normal by d_cm (negative: it shrinks), the whole
 * depth at axial positions s <= full_cm, none at s >= none_cm and linearly
 * between (full_cm < none_cm; full_cm not finite: the same depth
 * everywhere).  0, or -1 when out of memory (the mesh unchanged).
 */
int gen_mesh_swell(gen_mesh *m, const gen_frame *f, double d_cm, double full_cm, double none_cm);

/* A cross-section across the axis at position s. */
typedef struct gen_section {
	double area_cm2; /* enclosed area (shoelace over the cut) */
	double hull_cm; /* perimeter of its convex hull: what a tape reads */
	double hull_area_cm2; /* area of that hull: what silhouettes can see */
	double sym_area_cm2; /* area of its central symmetral (hull - hull) / 2:
	                        the most a section of its widths in every
	                        direction can have, what widths alone can see
	                        (0 unless gen_slicer_want_symmetral) */
	double umin, umax, wmin, wmax; /* extent across (front view) and in depth */
	int segments; /* cut triangles; 0 when the plane misses the mesh */
	int open; /* the plane cuts an open edge: the section is not closed */
} gen_section;

/* Sections of one mesh in one frame: the vertices in local coordinates and
 * the triangles binned along s. */
typedef struct gen_slicer gen_slicer;

gen_slicer *gen_slicer_new(const gen_mesh *m, const gen_frame *f);
/* The same with the vertices' coordinates given (loc: nv x 3, (s, u, w)),
 * e.g. the mesh projected onto the marker plane: its sections' extents are
 * then the silhouette's widths in that plane. */
gen_slicer *gen_slicer_new_local(const gen_mesh *m, const gen_frame *f, const double *loc);
void gen_slicer_free(gen_slicer *sl);
/* Whether gen_slicer_section computes sym_area_cm2 (off: it sorts the
 * hull's edges, which only the section models need). */
void gen_slicer_want_symmetral(gen_slicer *sl, int on);
void gen_slicer_section(gen_slicer *sl, double s, gen_section *out);
/* The range of s the mesh spans, and the positions of its open edges
 * nearest to s0 below and above it (-HUGE_VAL / HUGE_VAL when none). */
void gen_slicer_extent(const gen_slicer *sl, double *smin, double *smax);
void gen_slicer_closed(const gen_slicer *sl, double s0, double *lo, double *hi);
/*
 * The exact volume between two positions (mL): the section area is a
 * quadratic function of s between consecutive vertex positions, so
 * Simpson's rule on those intervals integrates it exactly.  -1 when a
 * section in the range is open.
 */
double gen_slicer_volume_ml(gen_slicer *sl, double from_cm, double to_cm);
/* Pi/4 * int w_front w_side ds over the true widths: what elliptical
 * slices would make of this limb (Simpson, 1 mm). */
double gen_slicer_ellipse_volume_ml(gen_slicer *sl, double from_cm, double to_cm);

/*
 * Fit the axis: the straight line through the middles of the sections'
 * extents in both views (the medial lines of the two silhouettes) over
 * [from, to], least squares, iterated.  The origin moves onto that line at
 * the landmark's position (position 0 keeps its plane); e3 stays as close
 * to the front view's direction as it can.  0, or -1 when a section in the
 * range is missing.
 */
int gen_frame_fit(gen_frame *f, const gen_mesh *m, const double *view, double from_cm,
		  double to_cm);

/* What a mesh scene shows and how it is taken (camera coordinates: x
 * right, y down, z forward, cm; the marker plane is z = distance). */
typedef struct gen_mesh_scene {
	int width, height;
	double focal_px, distance_cm, back_cm;
	double p0[3]; /* the landmark in camera coordinates */
	double e1[3], e2[3], e3[3]; /* the limb's local axes in camera coordinates */
	double across[3]; /* in the marker plane, square to the axis: the card's side */
	unsigned char cells[64];
	int n_cells;
	double marker_cm, card_cm, card_axial_cm, card_lateral_cm;
	unsigned char bg[3], skin[3];
	uint64_t seed;
	int noise;
} gen_mesh_scene;

/*
 * Render the mesh (given in a frame's local coordinates: loc = nv x 3 (s,
 * u, w)) into 8-bit BGR pixels: perspective z-buffer rasterisation with
 * 4 x 4 samples a pixel, smooth Lambert shading, the marker card in the
 * marker plane, a background wall back_cm behind it with the limb's soft
 * shadow, a slight vignette and sensor noise.  0, or -1 when out of memory
 * or a vertex lies behind the camera.
 */
int gen_mesh_render(const gen_mesh_scene *sc, const gen_mesh *m, const double *loc,
		    unsigned char *bgr, size_t stride);

#endif
