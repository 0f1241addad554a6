/*
 * The limb's true widths from its silhouette in the marker's plane
 * (photo_perspective.h).
 *
 * A camera sees a round limb's tangent lines, not its diameter: in the
 * plane through the limb's axis (the marker's plane) the silhouette is
 * wider than the limb, by r^2 / 2D^2 seen straight on and by about
 * 1 / cos(phi) when the limb lies off the line of sight (imaging.md,
 * Perspective; doc/generator.md gives the exact widths the generator's
 * truth holds).  Modelled here exactly for a limb that is locally a
 * cylinder with a circular section centred in the plane: the tangent planes
 * contain the axis direction, so everything is projected along the axis
 * onto the section's plane.  There the camera is the point (u_c, h) (h its
 * height above the marker's plane, u_c its foot along the chord) and the
 * chord's edges are (u1, 0) and (u2, 0).  The circle (centre (u0, 0),
 * radius r) tangent to both lines from the camera through the edges has its
 * centre on their bisector: with L_i = sqrt(h^2 + (u_i - u_c)^2),
 *     u0 = (u1 L2 + u2 L1) / (L1 + L2),    r = h (u0 - u1) / L1.
 * Seen straight on (u_c = u0, u2 = -u1 = a) this is r = a h / sqrt(h^2 +
 * a^2), the classical correction.
 *
 * The camera's position comes from the marker's homography and the focal
 * length: K^-1 H = lambda [r1 r2 t] for the plane's metric coordinates, the
 * camera centre is -R^T t.  A marker seen face on does not tell the focal
 * length (its image is a square at any focal length), so without a camera
 * file or EXIF the caller passes an assumed one, and the spread of the
 * correction over plausible lenses goes into the stated sd.
 */
#include "photo_perspective.h"

#include <math.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/mat3.h"

int photo_camera_in_plane(const double h_c2i[9], const double k[9], double mm_per_px, double ox,
			  double oy, double *foot_x_px, double *foot_y_px, double *height_mm)
{
	/* plane mm (canvas axes) -> canvas px -> ideal image px -> K^-1 */
	double a[9] = { 1 / mm_per_px, 0, ox, 0, 1 / mm_per_px, oy, 0, 0, 1 }, m[9], kinv[9];
	double fx = k[0], fy = k[4], cx = k[2], cy = k[5];
	if (!(fx > 0 && fy > 0))
		return lv_error_set(LV_EINVAL, "focal length not positive");
	double kinv9[9] = { 1 / fx, 0, -cx / fx, 0, 1 / fy, -cy / fy, 0, 0, 1 };
	memcpy(kinv, kinv9, sizeof kinv);
	lv_mat3_mul(h_c2i, a, m);
	lv_mat3_mul(kinv, m, m);
	double n1 = sqrt(m[0] * m[0] + m[3] * m[3] + m[6] * m[6]);
	double n2 = sqrt(m[1] * m[1] + m[4] * m[4] + m[7] * m[7]);
	if (!(n1 > 0 && n2 > 0))
		return lv_error_set(LV_EIMAGE, "the marker's plane is degenerate");
	double lam = 2 / (n1 + n2);
	if (lam * m[8] < 0)
		lam = -lam; /* the plane in front of the camera */
	double r1[3] = { lam * m[0], lam * m[3], lam * m[6] },
	       r2[3] = { lam * m[1], lam * m[4], lam * m[7] },
	       t[3] = { lam * m[2], lam * m[5], lam * m[8] };
	double r3[3] = { r1[1] * r2[2] - r1[2] * r2[1], r1[2] * r2[0] - r1[0] * r2[2],
			 r1[0] * r2[1] - r1[1] * r2[0] };
	double c[3] = { -(r1[0] * t[0] + r1[1] * t[1] + r1[2] * t[2]),
			-(r2[0] * t[0] + r2[1] * t[1] + r2[2] * t[2]),
			-(r3[0] * t[0] + r3[1] * t[1] + r3[2] * t[2]) };
	*foot_x_px = c[0] / mm_per_px + ox;
	*foot_y_px = c[1] / mm_per_px + oy;
	*height_mm = fabs(c[2]);
	return isfinite(*height_mm) && *height_mm > 0
		? LV_OK
		: lv_error_set(LV_EIMAGE, "the camera's position cannot be found");
}

double photo_tangent_width_cm(double x1, double y1, double x2, double y2, double foot_x_px,
			      double foot_y_px, double height_mm, double mm_per_px)
{
	double len = hypot(x2 - x1, y2 - y1);
	if (!(len > 0))
		return 0;
	double nx = (x2 - x1) / len, ny = (y2 - y1) / len;
	double u1 = ((x1 - foot_x_px) * nx + (y1 - foot_y_px) * ny) * mm_per_px;
	double u2 = ((x2 - foot_x_px) * nx + (y2 - foot_y_px) * ny) * mm_per_px;
	double h = height_mm;
	double l1 = sqrt(h * h + u1 * u1), l2 = sqrt(h * h + u2 * u2);
	double u0 = (u1 * l2 + u2 * l1) / (l1 + l2);
	double r = h * (u0 - u1) / l1;
	return 2 * r / 10;
}
