/*
 * render.h - synthetic photos for the calibration tests: a textured plane
 * seen by a known pinhole camera with known lens distortion (OpenCV's model:
 * k1 k2 p1 p2 k3), anti-aliased by supersampling.  The expected values of
 * the tests are these cameras, never the program's own output.
 */
#ifndef LV_TEST_RENDER_H
#define LV_TEST_RENDER_H

#include <math.h>
#include <stdlib.h>
#include <string.h>

#ifndef M_PI
#define M_PI 3.14159265358979323846
#endif

typedef struct rcam {
	int w, h;
	double K[9]; /* fx 0 cx / 0 fy cy / 0 0 1 */
	double dist[5]; /* k1 k2 p1 p2 k3 */
} rcam;

/* The pose of the plane: camera point = R * (X, Y, 0) + t, in mm. */
typedef struct rpose {
	double R[9], t[3];
} rpose;

/* Gray level (0..255) of the plane at (X, Y) mm. */
typedef double (*rtex)(void *ctx, double X, double Y);

/* OpenCV's distortion of a normalised point. */
static inline void r_distort(const double *d, double x, double y, double *xd, double *yd)
{
	double r2 = x * x + y * y;
	double rad = 1 + d[0] * r2 + d[1] * r2 * r2 + d[4] * r2 * r2 * r2;
	*xd = x * rad + 2 * d[2] * x * y + d[3] * (r2 + 2 * x * x);
	*yd = y * rad + d[2] * (r2 + 2 * y * y) + 2 * d[3] * x * y;
}

/* Inverse of r_distort by fixed-point iteration (converges for the
 * moderate distortions used here). */
static inline void r_undistort(const double *d, double xd, double yd, double *x, double *y)
{
	double u = xd, v = yd;
	if (!d[0] && !d[1] && !d[2] && !d[3] && !d[4]) {
		*x = xd;
		*y = yd;
		return;
	}
	for (int i = 0; i < 50; i++) {
		double r2 = u * u + v * v;
		double rad = 1 + d[0] * r2 + d[1] * r2 * r2 + d[4] * r2 * r2 * r2;
		double dx = 2 * d[2] * u * v + d[3] * (r2 + 2 * u * u);
		double dy = d[2] * (r2 + 2 * v * v) + 2 * d[3] * u * v;
		double nu = (xd - dx) / rad, nv = (yd - dy) / rad;
		int done = fabs(nu - u) + fabs(nv - v) < 1e-9; /* 1e-6 px at f = 1000 */
		u = nu;
		v = nv;
		if (done)
			break;
	}
	*x = u;
	*y = v;
}

/* Project a plane point to pixels. */
static inline void r_project(const rcam *c, const rpose *p, double X, double Y, double *u,
			     double *v)
{
	double xc = p->R[0] * X + p->R[1] * Y + p->t[0];
	double yc = p->R[3] * X + p->R[4] * Y + p->t[1];
	double zc = p->R[6] * X + p->R[7] * Y + p->t[2];
	double xd, yd;
	r_distort(c->dist, xc / zc, yc / zc, &xd, &yd);
	*u = c->K[0] * xd + c->K[2];
	*v = c->K[4] * yd + c->K[5];
}

/* R = Rz(c) * Ry(b) * Rx(a), angles in degrees. */
static inline void r_rotation(double a, double b, double c, double R[9])
{
	double ca = cos(a * M_PI / 180), sa = sin(a * M_PI / 180);
	double cb = cos(b * M_PI / 180), sb = sin(b * M_PI / 180);
	double cc = cos(c * M_PI / 180), sc = sin(c * M_PI / 180);
	double Rx[9] = { 1, 0, 0, 0, ca, -sa, 0, sa, ca };
	double Ry[9] = { cb, 0, sb, 0, 1, 0, -sb, 0, cb };
	double Rz[9] = { cc, -sc, 0, sc, cc, 0, 0, 0, 1 };
	double T[9];
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			T[3 * i + j] = 0;
			for (int k = 0; k < 3; k++)
				T[3 * i + j] += Ry[3 * i + k] * Rx[3 * k + j];
		}
	for (int i = 0; i < 3; i++)
		for (int j = 0; j < 3; j++) {
			R[3 * i + j] = 0;
			for (int k = 0; k < 3; k++)
				R[3 * i + j] += Rz[3 * i + k] * T[3 * k + j];
		}
}

/* A pose that puts plane point (X0, Y0) at pixel (u0, v0) (ignoring
 * distortion) at depth D mm, rotated by (a, b, c) degrees. */
static inline void r_pose(const rcam *c, double a, double b, double cdeg, double X0, double Y0,
			  double u0, double v0, double D, rpose *p)
{
	double xn = (u0 - c->K[2]) / c->K[0], yn = (v0 - c->K[5]) / c->K[4];
	r_rotation(a, b, cdeg, p->R);
	p->t[0] = D * xn - (p->R[0] * X0 + p->R[1] * Y0);
	p->t[1] = D * yn - (p->R[3] * X0 + p->R[4] * Y0);
	p->t[2] = D - (p->R[6] * X0 + p->R[7] * Y0);
}

static inline int r_inv3(const double m[9], double o[9])
{
	double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
		m[2] * (m[3] * m[7] - m[4] * m[6]);
	if (fabs(det) < 1e-300)
		return -1;
	o[0] = (m[4] * m[8] - m[5] * m[7]) / det;
	o[1] = (m[2] * m[7] - m[1] * m[8]) / det;
	o[2] = (m[1] * m[5] - m[2] * m[4]) / det;
	o[3] = (m[5] * m[6] - m[3] * m[8]) / det;
	o[4] = (m[0] * m[8] - m[2] * m[6]) / det;
	o[5] = (m[2] * m[3] - m[0] * m[5]) / det;
	o[6] = (m[3] * m[7] - m[4] * m[6]) / det;
	o[7] = (m[1] * m[6] - m[0] * m[7]) / det;
	o[8] = (m[0] * m[4] - m[1] * m[3]) / det;
	return 0;
}

/*
 * Render the plane into out (w*h gray bytes): each pixel is the mean of
 * ss x ss jittered samples; each sample's ray is undistorted and intersected
 * with the plane (the inverse of the homography [r1 r2 t]).  The sample
 * positions are the same in every call, so their undistorted rays are kept
 * for the next view through the same camera.
 */
static inline void r_render(const rcam *c, const rpose *p, rtex tex, void *ctx, int ss,
			    unsigned char *out)
{
	static float *rays;
	static rcam rays_cam;
	static int rays_ss;
	double H[9] = { p->R[0], p->R[1], p->t[0], p->R[3], p->R[4],
			p->t[1], p->R[6], p->R[7], p->t[2] };
	double Hi[9] = { 1, 0, 0, 0, 1, 0, 0, 0, 1 };
	unsigned long long seed = 12345;
	size_t k = 0, n = (size_t)c->w * (size_t)c->h * (size_t)(ss * ss);
	int fresh = !rays || rays_ss != ss || memcmp(&rays_cam, c, sizeof *c) != 0;

	if (r_inv3(H, Hi) < 0)
		return;
	if (fresh) {
		free(rays);
		rays = malloc(2 * n * sizeof *rays);
		if (!rays)
			abort();
		rays_cam = *c;
		rays_ss = ss;
	}
	for (int v = 0; v < c->h; v++)
		for (int u = 0; u < c->w; u++) {
			double sum = 0;
			for (int j = 0; j < ss; j++)
				for (int i = 0; i < ss; i++, k++) {
					double x, y, X, Y, W;
					if (fresh) {
						/* pixel centres at integer coordinates, as
						 * OpenCV; jittered samples: a regular grid
						 * would quantise the position of an edge
						 * parallel to it to 1/ss px */
						double su, sv;
						seed = seed * 6364136223846793005ull +
							1442695040888963407ull;
						su = u - 0.5 +
							(i + (double)(seed >> 40) / (1ull << 24)) /
								ss;
						seed = seed * 6364136223846793005ull +
							1442695040888963407ull;
						sv = v - 0.5 +
							(j + (double)(seed >> 40) / (1ull << 24)) /
								ss;
						r_undistort(c->dist, (su - c->K[2]) / c->K[0],
							    (sv - c->K[5]) / c->K[4], &x, &y);
						rays[2 * k] = (float)x;
						rays[2 * k + 1] = (float)y;
					} else {
						x = rays[2 * k];
						y = rays[2 * k + 1];
					}
					X = Hi[0] * x + Hi[1] * y + Hi[2];
					Y = Hi[3] * x + Hi[4] * y + Hi[5];
					W = Hi[6] * x + Hi[7] * y + Hi[8];
					sum += W > 0 ? tex(ctx, X / W, Y / W) : 60;
				}
			out[(size_t)v * (size_t)c->w + (size_t)u] =
				(unsigned char)lround(sum / (ss * ss));
		}
}

/* A chessboard of (cols+1) x (rows+1) squares (cols x rows inner corners),
 * inner corner (0, 0) at the plane's origin, a white quiet zone of one
 * square around it, a darker background beyond. */
typedef struct rchess {
	int cols, rows;
	double sq;
} rchess;

static inline double r_chess_tex(void *ctx, double X, double Y)
{
	const rchess *b = ctx;
	double x = X / b->sq + 1, y = Y / b->sq + 1; /* in squares from the board's corner */
	if (x < -1 || y < -1 || x > b->cols + 2 || y > b->rows + 2)
		return 90;
	if (x < 0 || y < 0 || x >= b->cols + 1 || y >= b->rows + 1)
		return 235;
	return (((int)floor(x) + (int)floor(y)) % 2) ? 235 : 25;
}

#endif
