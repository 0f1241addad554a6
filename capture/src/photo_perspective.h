/*
 * photo_perspective.h - where the camera is relative to the marker's plane,
 * and a round limb's width from the tangent lines it shows there (capture's
 * own API; photo_perspective.c gives the geometry).
 */
#ifndef CAPTURE_PHOTO_PERSPECTIVE_H
#define CAPTURE_PHOTO_PERSPECTIVE_H

/*
 * The camera's foot on the marker's plane (in canvas pixels) and its height
 * above the plane (mm), from h_c2i (canvas px -> ideal image px), the camera
 * matrix k (3x3, row-major; ideal pixels) and the canvas's metric layout
 * (plane mm = (canvas px - origin) * mm_per_px).
 */
int photo_camera_in_plane(const double h_c2i[9], const double k[9], double mm_per_px, double ox,
			  double oy, double *foot_x_px, double *foot_y_px, double *height_mm);

/*
 * The width (cm) of a round section whose silhouette in the plane has its
 * edges at canvas px (x1, y1), (x2, y2), seen from the camera at
 * (foot, height).
 */
double photo_tangent_width_cm(double x1, double y1, double x2, double y2, double foot_x_px,
			      double foot_y_px, double height_mm, double mm_per_px);

#endif
