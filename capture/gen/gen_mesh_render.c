/*
 * Rendering a triangle mesh as a camera sees it: perspective z-buffer
 * rasterisation in horizontal bands of pixels, 4 x 4 samples a pixel (a
 * sensor integrates light over its pixel: edges come out anti-aliased),
 * smooth shading from vertex normals, and the same scene as the analytic
 * shapes (gen_render.c): the marker card in the marker plane, a background
 * wall behind it with the limb's soft shadow, a vignette and sensor noise.
 *
 * The shadow is a map on the wall: every triangle projected along the
 * light onto the wall, then blurred by the penumbra of a light some 3
 * degrees wide at the mean distance from the limb to the wall.
 */
#include "gen_mesh.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "gen.h"

#define SS 4 /* samples per pixel along each axis */
#define BAND 16 /* pixel rows rasterised together */
#define SHADOW_MAX 1024 /* shadow map cells along each side */

typedef struct rview {
	const gen_mesh_scene *sc;
	const gen_mesh *m;
	double *cam; /* nv x 3 camera coordinates */
	double *nrm; /* nv x 3 unit vertex normals, camera coordinates */
	double *scr; /* nv x 3: sample-grid x, y and 1/z */
	double light[3], card_c[3], cx, cy;
	/* shadow map on the wall z = zw: cell (i, j) at x0 + i g, y0 + j g */
	double *shadow;
	int sw, sh;
	double zw, sx0, sy0, sg;
} rview;

static double dot3(const double *a, const double *b)
{
	return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}

static int prepare(rview *r, const double *loc)
{
	const gen_mesh_scene *sc = r->sc;
	const gen_mesh *m = r->m;
	double l[3] = { -0.35, -0.55, -0.75 }, ln = sqrt(dot3(l, l));
	size_t i;

	r->cam = malloc(m->nv * 3 * sizeof *r->cam);
	r->scr = malloc(m->nv * 3 * sizeof *r->scr);
	r->nrm = malloc(m->nv * 3 * sizeof *r->nrm);
	if (!r->cam || !r->scr || !r->nrm)
		return -1;
	for (int k = 0; k < 3; k++) {
		r->light[k] = l[k] / ln;
		r->card_c[k] = sc->p0[k] + sc->card_axial_cm * sc->e1[k] +
			sc->card_lateral_cm * sc->across[k];
	}
	r->cx = (sc->width - 1) / 2.0;
	r->cy = (sc->height - 1) / 2.0;
	for (i = 0; i < m->nv; i++) {
		const double *q = loc + 3 * i;
		double *c = r->cam + 3 * i, *s = r->scr + 3 * i;
		for (int k = 0; k < 3; k++)
			c[k] = sc->p0[k] + q[0] * sc->e1[k] + q[1] * sc->e2[k] + q[2] * sc->e3[k];
		if (!(c[2] > 1))
			return -1;
		/* pixel centres at integers; samples at integers of the SS grid */
		s[0] = (r->cx + sc->focal_px * c[0] / c[2] + 0.5) * SS - 0.5;
		s[1] = (r->cy + sc->focal_px * c[1] / c[2] + 0.5) * SS - 0.5;
		s[2] = 1 / c[2];
	}
	gen_mesh_normals(m, r->cam, r->nrm);
	return 0;
}

/* One blur pass of a box of 2 rad + 1 cells along rows (dx 1) or columns. */
static void box_pass(double *a, double *tmp, int w, int h, int rad, int along_x)
{
	int n = along_x ? w : h, lines = along_x ? h : w;
	size_t step = along_x ? 1 : (size_t)w;

	for (int l = 0; l < lines; l++) {
		double *p = a + (along_x ? (size_t)l * (size_t)w : (size_t)l);
		double sum = 0;
		for (int i = -rad; i <= rad; i++)
			sum += p[(size_t)(i < 0 ? 0 : i >= n ? n - 1 : i) * step];
		for (int i = 0; i < n; i++) {
			int add = i + rad + 1, sub = i - rad;
			tmp[i] = sum / (2 * rad + 1);
			sum += p[(size_t)(add >= n ? n - 1 : add) * step] -
				p[(size_t)(sub < 0 ? 0 : sub) * step];
		}
		for (int i = 0; i < n; i++)
			p[(size_t)i * step] = tmp[i];
	}
}

/* The shadow map: triangles projected along the light onto the wall. */
static int shadow_map(rview *r)
{
	const gen_mesh_scene *sc = r->sc;
	const gen_mesh *m = r->m;
	double zw = sc->distance_cm + sc->back_cm, half_w = (r->cx + 1) * zw / sc->focal_px,
	       half_h = (r->cy + 1) * zw / sc->focal_px, g, tsum = 0, tn = 0, sigma;
	double *wp;
	double *tmp;
	size_t i;
	int rad;

	g = fmax(2 * half_w, 2 * half_h) / SHADOW_MAX;
	g = fmax(g, 0.05);
	r->zw = zw;
	r->sg = g;
	r->sx0 = -half_w - 6;
	r->sy0 = -half_h - 6;
	r->sw = (int)ceil((2 * half_w + 12) / g) + 1;
	r->sh = (int)ceil((2 * half_h + 12) / g) + 1;
	r->shadow = calloc((size_t)r->sw * (size_t)r->sh, sizeof *r->shadow);
	wp = malloc(m->nv * 3 * sizeof *wp);
	tmp = malloc((size_t)(r->sw > r->sh ? r->sw : r->sh) * sizeof *tmp);
	if (!r->shadow || !wp || !tmp) {
		free(wp);
		free(tmp);
		return -1;
	}
	for (i = 0; i < m->nv; i++) {
		const double *c = r->cam + 3 * i;
		double t = (zw - c[2]) / -r->light[2]; /* away from the light to the wall */
		wp[3 * i] = (c[0] - t * r->light[0] - r->sx0) / g;
		wp[3 * i + 1] = (c[1] - t * r->light[1] - r->sy0) / g;
		wp[3 * i + 2] = t;
	}
	for (i = 0; i < m->nt; i++) {
		const uint32_t *t = m->t + 3 * i;
		const double *a = wp + 3 * t[0], *b = wp + 3 * t[1], *c = wp + 3 * t[2];
		double area = (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0]);
		int x0 = (int)floor(fmin(a[0], fmin(b[0], c[0]))),
		    x1 = (int)ceil(fmax(a[0], fmax(b[0], c[0])));
		int y0 = (int)floor(fmin(a[1], fmin(b[1], c[1]))),
		    y1 = (int)ceil(fmax(a[1], fmax(b[1], c[1])));
		if (area == 0)
			continue;
		x0 = x0 < 0 ? 0 : x0;
		y0 = y0 < 0 ? 0 : y0;
		x1 = x1 >= r->sw ? r->sw - 1 : x1;
		y1 = y1 >= r->sh ? r->sh - 1 : y1;
		for (int y = y0; y <= y1; y++)
			for (int x = x0; x <= x1; x++) {
				double w0 = ((b[0] - x) * (c[1] - y) - (b[1] - y) * (c[0] - x)) /
					area,
				       w1 = ((c[0] - x) * (a[1] - y) - (c[1] - y) * (a[0] - x)) /
					area,
				       w2 = 1 - w0 - w1;
				double *s = r->shadow + (size_t)y * (size_t)r->sw + (size_t)x;
				if (w0 < 0 || w1 < 0 || w2 < 0 || *s > 0)
					continue;
				*s = 1;
				tsum += w0 * a[2] + w1 * b[2] + w2 * c[2];
				tn++;
			}
	}
	free(wp);
	/* penumbra of a light ~3 degrees wide at the mean occluder distance;
	 * three box passes make a near-Gaussian blur of that sigma */
	sigma = (0.025 * (tn > 0 ? tsum / tn : 40) + 0.1) / g;
	rad = (int)lround(sigma);
	if (rad > 0)
		for (int p = 0; p < 3; p++) {
			box_pass(r->shadow, tmp, r->sw, r->sh, rad, 1);
			box_pass(r->shadow, tmp, r->sw, r->sh, rad, 0);
		}
	free(tmp);
	return 0;
}

static double shadow_at(const rview *r, double x, double y)
{
	double fx = (x - r->sx0) / r->sg, fy = (y - r->sy0) / r->sg;
	int ix = (int)floor(fx), iy = (int)floor(fy);
	double ax = fx - ix, ay = fy - iy;
	const double *s;

	if (ix < 0 || iy < 0 || ix + 1 >= r->sw || iy + 1 >= r->sh)
		return 0;
	s = r->shadow + (size_t)iy * (size_t)r->sw + (size_t)ix;
	return (1 - ay) * ((1 - ax) * s[0] + ax * s[1]) +
		ay * ((1 - ax) * s[r->sw] + ax * s[r->sw + 1]);
}

/* Sample buffers of one band. */
typedef struct band {
	int w, h, y0; /* in samples */
	double *iz; /* 1/z of the nearest surface, 0 none */
	double *n; /* its normal towards the camera, and 1 (outside) or 0.7 (the
	             inside of the surface, seen through an open end) */
} band;

static void raster_triangle(const rview *r, const band *b, size_t ti)
{
	const uint32_t *t = r->m->t + 3 * ti;
	const double *p[3] = { r->scr + 3 * t[0], r->scr + 3 * t[1], r->scr + 3 * t[2] };
	double area = (p[1][0] - p[0][0]) * (p[2][1] - p[0][1]) -
		(p[1][1] - p[0][1]) * (p[2][0] - p[0][0]);
	int x0, x1, y0, y1;

	if (area == 0)
		return;
	x0 = (int)ceil(fmin(p[0][0], fmin(p[1][0], p[2][0])));
	x1 = (int)floor(fmax(p[0][0], fmax(p[1][0], p[2][0])));
	y0 = (int)ceil(fmin(p[0][1], fmin(p[1][1], p[2][1])));
	y1 = (int)floor(fmax(p[0][1], fmax(p[1][1], p[2][1])));
	x0 = x0 < 0 ? 0 : x0;
	x1 = x1 >= b->w ? b->w - 1 : x1;
	y0 = y0 < b->y0 ? b->y0 : y0;
	y1 = y1 >= b->y0 + b->h ? b->y0 + b->h - 1 : y1;
	for (int y = y0; y <= y1; y++)
		for (int x = x0; x <= x1; x++) {
			double l0 = ((p[1][0] - x) * (p[2][1] - y) -
				     (p[1][1] - y) * (p[2][0] - x)) /
				area,
			       l1 = ((p[2][0] - x) * (p[0][1] - y) -
				     (p[2][1] - y) * (p[0][0] - x)) /
				area,
			       l2 = 1 - l0 - l1, iz;
			size_t at;
			if (l0 < 0 || l1 < 0 || l2 < 0)
				continue;
			iz = l0 * p[0][2] + l1 * p[1][2] + l2 * p[2][2];
			at = (size_t)(y - b->y0) * (size_t)b->w + (size_t)x;
			if (iz <= b->iz[at])
				continue;
			b->iz[at] = iz;
			/* perspective-correct weights of the vertex normals */
			l0 *= p[0][2] / iz;
			l1 *= p[1][2] / iz;
			l2 *= p[2][2] / iz;
			/* facing the camera: clockwise on the screen (y down) */
			for (int k = 0; k < 3; k++)
				b->n[4 * at + (size_t)k] =
					(double)((area < 0 ? 1 : -1) *
						 (l0 * r->nrm[3 * t[0] + (size_t)k] +
						  l1 * r->nrm[3 * t[1] + (size_t)k] +
						  l2 * r->nrm[3 * t[2] + (size_t)k]));
			b->n[4 * at + 3] = area < 0 ? 1.0 : 0.7;
		}
}

/* Where the ray through pixel-space (px, py) meets the marker plane, in the
 * card's coordinates (cm from its centre along the axis and across). */
static void card_uv(const rview *r, double px, double py, double *cu, double *cv)
{
	const gen_mesh_scene *sc = r->sc;
	double d[3] = { sc->distance_cm * (px - r->cx) / sc->focal_px - r->card_c[0],
			sc->distance_cm * (py - r->cy) / sc->focal_px - r->card_c[1],
			sc->distance_cm - r->card_c[2] };
	*cu = dot3(d, sc->e1);
	*cv = dot3(d, sc->across);
}

/* What the marker plane shows there of the card: 0 none, 1 white, 2 black. */
static int card_class(const rview *r, double px, double py)
{
	const gen_mesh_scene *sc = r->sc;
	double cu, cv, half = sc->card_cm / 2;

	card_uv(r, px, py, &cu, &cv);
	if (!(fabs(cu) <= half && fabs(cv) <= half))
		return 0;
	return gen_marker_black(sc->cells, sc->n_cells, sc->marker_cm, cu, cv) ? 2 : 1;
}

/* The colour of one sample at pixel-space position (px, py). */
static void shade(const rview *r, const band *b, size_t at, double px, double py, double *col)
{
	const gen_mesh_scene *sc = r->sc;
	double v[3] = { (px - r->cx) / sc->focal_px, (py - r->cy) / sc->focal_px, 1 };
	double rx = (px - r->cx) / (sc->width / 2.0), ry = (py - r->cy) / (sc->height / 2.0);
	double vign = 1 - 0.12 * (rx * rx + ry * ry) / 2, iz = b->iz[at];
	int card = card_class(r, px, py);

	if (card && !(iz > 1 / sc->distance_cm)) {
		double base = card == 2 ? 24 : 238;
		for (int k = 0; k < 3; k++)
			col[k] = base * (0.9 + 0.1 * vign);
	} else if (iz > 0) {
		const double *nf = b->n + 4 * at;
		double n[3] = { nf[0], nf[1], nf[2] }, nn = sqrt(dot3(n, n)), lam, inside = nf[3];
		lam = nn > 0 ? dot3(n, r->light) / nn : 0;
		for (int k = 0; k < 3; k++)
			col[k] = sc->skin[k] * (0.28 + 0.72 * fmax(0, lam)) * inside * vign;
	} else {
		double shd = shadow_at(r, r->zw * v[0], r->zw * v[1]);
		for (int k = 0; k < 3; k++)
			col[k] = sc->bg[k] * (1 - 0.5 * shd) * vign;
	}
}

/*
 * One pixel (x in the band's row y, image row py): the mean of its SS x SS
 * samples.  When they all see the same surface (all background, or all the
 * outside or all the inside of the limb) and none of the pixel's four
 * corners is on the card, one sample stands for them all: shading varies
 * too little within a pixel to matter, and edges are where samples differ.
 */
static void pixel(const rview *r, const band *b, int x, int y, int py, double *col)
{
	size_t at0 = (size_t)(y * SS) * (size_t)b->w + (size_t)(x * SS), mid;
	double first = b->iz[at0] > 0 ? b->n[4 * at0 + 3] : 0, s[3];
	int uniform = 1, card = card_class(r, x - 0.5, py - 0.5);

	for (int j = 0; j < SS && uniform; j++)
		for (int i = 0; i < SS; i++) {
			size_t at = at0 + (size_t)j * (size_t)b->w + (size_t)i;
			if ((b->iz[at] > 0 ? b->n[4 * at + 3] : 0) != first) {
				uniform = 0;
				break;
			}
		}
	/* on the card: every sample (a marker cell's corner can poke into a
	 * pixel whose four corners it misses) */
	uniform = uniform && !card && !card_class(r, x + 0.5, py - 0.5) &&
		!card_class(r, x - 0.5, py + 0.5) && !card_class(r, x + 0.5, py + 0.5);
	if (uniform) {
		mid = at0 + (size_t)(SS / 2) * (size_t)b->w + SS / 2;
		shade(r, b, mid, x - 0.5 + (SS / 2 + 0.5) / SS, py - 0.5 + (SS / 2 + 0.5) / SS,
		      col);
		return;
	}
	col[0] = col[1] = col[2] = 0;
	for (int j = 0; j < SS; j++)
		for (int i = 0; i < SS; i++) {
			shade(r, b, at0 + (size_t)j * (size_t)b->w + (size_t)i,
			      x - 0.5 + (i + 0.5) / SS, py - 0.5 + (j + 0.5) / SS, s);
			for (int c = 0; c < 3; c++)
				col[c] += s[c] / (SS * SS);
		}
}

/* Triangles of each band: CSR lists by the bands their rows touch. */
static int bucket(const rview *r, int nbands, uint32_t **start_out, uint32_t **idx_out)
{
	const gen_mesh *m = r->m;
	uint32_t *start = calloc((size_t)nbands + 1, sizeof *start), *idx = NULL;
	int bh = BAND * SS;

	if (!start)
		return -1;
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < m->nt; i++) {
			const uint32_t *t = m->t + 3 * i;
			double y0 = fmin(r->scr[3 * t[0] + 1],
					 fmin(r->scr[3 * t[1] + 1], r->scr[3 * t[2] + 1])),
			       y1 = fmax(r->scr[3 * t[0] + 1],
					 fmax(r->scr[3 * t[1] + 1], r->scr[3 * t[2] + 1]));
			int b0, b1;
			if (y1 < 0 || y0 >= (double)nbands * bh)
				continue;
			b0 = y0 < 0 ? 0 : (int)(y0 / bh);
			b1 = (int)(y1 / bh);
			b1 = b1 >= nbands ? nbands - 1 : b1;
			for (int k = b0; k <= b1; k++) {
				if (pass == 0)
					start[k + 1]++;
				else
					idx[start[k]++] = (uint32_t)i;
			}
		}
		if (pass == 0) {
			for (int k = 0; k < nbands; k++)
				start[k + 1] += start[k];
			idx = malloc((start[nbands] ? start[nbands] : 1) * sizeof *idx);
			if (!idx) {
				free(start);
				return -1;
			}
		} else {
			memmove(start + 1, start, (size_t)nbands * sizeof *start);
			start[0] = 0;
		}
	}
	*start_out = start;
	*idx_out = idx;
	return 0;
}

int gen_mesh_render(const gen_mesh_scene *sc, const gen_mesh *m, const double *loc,
		    unsigned char *bgr, size_t stride)
{
	rview r;
	band b = { 0 };
	int nbands = (sc->height + BAND - 1) / BAND, rc = -1;
	uint32_t *start = NULL, *idx = NULL;

	memset(&r, 0, sizeof r);
	r.sc = sc;
	r.m = m;
	b.w = sc->width * SS;
	b.h = BAND * SS;
	b.iz = malloc((size_t)b.w * (size_t)b.h * sizeof *b.iz);
	b.n = malloc((size_t)b.w * (size_t)b.h * 4 * sizeof *b.n);
	if (!b.iz || !b.n || prepare(&r, loc) < 0 || shadow_map(&r) < 0 ||
	    bucket(&r, nbands, &start, &idx) < 0)
		goto done;
	for (int k = 0; k < nbands; k++) {
		int rows = sc->height - k * BAND < BAND ? sc->height - k * BAND : BAND;
		b.y0 = k * BAND * SS;
		memset(b.iz, 0, (size_t)b.w * (size_t)b.h * sizeof *b.iz);
		for (uint32_t i = start[k]; i < start[k + 1]; i++)
			raster_triangle(&r, &b, idx[i]);
		for (int y = 0; y < rows; y++) {
			int py = k * BAND + y;
			unsigned char *row = bgr + (size_t)py * stride;
			for (int x = 0; x < sc->width; x++) {
				uint64_t id = (uint64_t)py * (uint64_t)sc->width + (uint64_t)x;
				double col[3];
				pixel(&r, &b, x, y, py, col);
				for (int c = 0; c < 3; c++)
					row[3 * x + c] = gen_sensor(col[c], sc->noise, sc->seed,
								    id * 3 + (uint64_t)c);
			}
		}
	}
	rc = 0;
done:
	free(b.iz);
	free(b.n);
	free(start);
	free(idx);
	free(r.cam);
	free(r.scr);
	free(r.nrm);
	free(r.shadow);
	return rc;
}
