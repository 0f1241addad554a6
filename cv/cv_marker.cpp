// Marker detection, lens undistortion of points, marker pose.
#include "cv_try.hpp"
#include "cvs_marker.h"

#include <algorithm>
#include <cmath>
#include <vector>
#include <opencv2/aruco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace
{

cv::Mat lens_matrix(const cvs_lens *lens)
{
	return cv::Mat(3, 3, CV_64F, const_cast<double *>(lens->camera_matrix)).clone();
}

cv::Mat lens_dist(const cvs_lens *lens)
{
	if (lens->n_distortion <= 0)
		return cv::Mat();
	return cv::Mat(1, lens->n_distortion, CV_64F, const_cast<double *>(lens->distortion))
		.clone();
}

bool lens_ok(const cvs_lens *lens)
{
	static const int ok[] = { 0, 4, 5, 8, 12, 14 };
	return lens && lens->camera_matrix &&
		std::find(std::begin(ok), std::end(ok), lens->n_distortion) != std::end(ok) &&
		(lens->n_distortion == 0 || lens->distortion);
}

cv::Mat to_gray(const cv::Mat &m)
{
	if (m.channels() == 1)
		return m;
	cv::Mat g;
	cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
	return g;
}

// Bilinear value of a gray image at (x, y); -1 outside.
double at(const cv::Mat &g, double x, double y)
{
	if (!(x >= 0 && y >= 0 && x <= g.cols - 1.001 && y <= g.rows - 1.001))
		return -1;
	int ix = (int)x, iy = (int)y;
	double fx = x - ix, fy = y - iy;
	const unsigned char *r0 = g.ptr<unsigned char>(iy), *r1 = g.ptr<unsigned char>(iy + 1);
	return (r0[ix] * (1 - fx) + r0[ix + 1] * fx) * (1 - fy) +
		(r1[ix] * (1 - fx) + r1[ix + 1] * fx) * fy;
}

// The corners again, as the intersections of the four sides, each a line
// fitted through sub-pixel edge points: along each side (away from the
// corners), where the profile across it crosses half-way between the black
// border just inside and the white margin just outside.  A corner detector
// pulls an L-shaped corner inwards by a small fraction of a pixel; the
// sides do not, and every width's scale comes from these corners.  The
// corners are kept when a side has too few clean edge points.
void refine_by_sides(const cv::Mat &g, std::vector<cv::Point2f> &pts)
{
	double side = 0;
	for (int i = 0; i < 4; i++)
		side += cv::norm(pts[(size_t)((i + 1) % 4)] - pts[(size_t)i]) / 4;
	double reach = std::max(1.5, side / 6 * 0.6); // within the border cell
	double cx = 0, cy = 0;
	for (const auto &p : pts) {
		cx += (double)p.x / 4.0;
		cy += (double)p.y / 4.0;
	}
	cv::Vec3d lines[4];
	for (int i = 0; i < 4; i++) {
		cv::Point2d a = pts[(size_t)i], b = pts[(size_t)((i + 1) % 4)];
		cv::Point2d t = (b - a) / cv::norm(b - a), n(-t.y, t.x);
		cv::Point2d mid = (a + b) * 0.5;
		if ((mid.x - cx) * n.x + (mid.y - cy) * n.y < 0)
			n = -n; // outwards
		std::vector<cv::Point2d> edge;
		const int samples = std::max(8, std::min(64, (int)(side / 3)));
		for (int k = 0; k < samples; k++) {
			double u = 0.15 + 0.7 * k / (samples - 1);
			cv::Point2d p = a + (b - a) * u;
			double in = at(g, p.x - n.x * reach, p.y - n.y * reach);
			double out = at(g, p.x + n.x * reach, p.y + n.y * reach);
			if (in < 0 || out < 0 || out - in < 40)
				continue;
			double half = (in + out) / 2, prev = in, found = NAN;
			const double step = 0.25;
			for (double d = -reach + step; d <= reach + 1e-9; d += step) {
				double v = at(g, p.x + n.x * d, p.y + n.y * d);
				if (v < 0)
					break;
				if (prev < half && v >= half) {
					found = d - step + step * (half - prev) / (v - prev);
					break;
				}
				prev = v;
			}
			if (std::isfinite(found))
				edge.push_back(p + n * found);
		}
		if ((int)edge.size() < samples / 2)
			return;
		cv::Vec4f l;
		std::vector<cv::Point2f> ef(edge.begin(), edge.end());
		cv::fitLine(ef, l, cv::DIST_L2, 0, 0.001, 0.001);
		// a x + b y = c
		lines[i] = cv::Vec3d(-l[1], l[0], -l[1] * l[2] + l[0] * l[3]);
	}
	std::vector<cv::Point2f> res(4);
	for (int i = 0; i < 4; i++) {
		// corner i lies on side i-1 (from corner i-1) and side i
		const cv::Vec3d &p = lines[(i + 3) % 4], &q = lines[i];
		double det = p[0] * q[1] - p[1] * q[0];
		if (std::fabs(det) < 1e-9)
			return;
		cv::Point2f c((float)((p[2] * q[1] - p[1] * q[2]) / det),
			      (float)((p[0] * q[2] - p[2] * q[0]) / det));
		if (cv::norm(c - pts[(size_t)i]) > 1.5)
			return; // not the same corner: keep the corner detector's
		res[(size_t)i] = c;
	}
	pts = res;
}

// The detector's settings for a marker card in a photo of a limb.
cv::Ptr<cv::aruco::DetectorParameters> detector_params()
{
	cv::Ptr<cv::aruco::DetectorParameters> p = cv::aruco::DetectorParameters::create();
	// imaging.md: keep nested candidates (card outline around the square)
	p->minMarkerDistanceRate = 0.005;
	// small markers in a large frame still count (0.03 by default)
	p->minMarkerPerimeterRate = 0.015;
	p->cornerRefinementMethod = cv::aruco::CORNER_REFINE_SUBPIX;
	p->cornerRefinementWinSize = 4;
	p->cornerRefinementMinAccuracy = 0.01;
	p->cornerRefinementMaxIterations = 50;
	return p;
}

// Several detections of one id: with nested candidates kept, the inner
// outline of the black border can decode as the same marker; keep the
// largest, the black square's outer outline (the card's outline never
// decodes: its border cells are white).  The indices kept, in order.
std::vector<int> largest_per_id(const std::vector<int> &ids,
				const std::vector<std::vector<cv::Point2f>> &corners)
{
	std::vector<int> keep;
	for (size_t i = 0; i < ids.size(); i++) {
		bool best = true;
		double a = cv::contourArea(corners[i]);
		for (size_t j = 0; j < ids.size(); j++)
			if (j != i && ids[j] == ids[i]) {
				double b = cv::contourArea(corners[j]);
				if (b > a || (b == a && j < i))
					best = false;
			}
		if (best)
			keep.push_back((int)i);
	}
	return keep;
}

// The corners found on an image reduced r times, refined at full
// resolution on a gray copy of the marker's neighbourhood only: corner
// sub-pixel refinement (when reduced; kept only when it stays within about
// a reduced pixel), then the sides (refine_by_sides).
void refine_full(const cv::Mat &full, int r, std::vector<cv::Point2f> &pts)
{
	cv::Rect box = cv::boundingRect(pts);
	int pad = 4 * r + 8;
	box.x -= pad;
	box.y -= pad;
	box.width += 2 * pad;
	box.height += 2 * pad;
	box &= cv::Rect(0, 0, full.cols, full.rows);
	cv::Mat roi = to_gray(full(box));
	std::vector<cv::Point2f> local(pts);
	for (auto &q : local) {
		q.x -= (float)box.x;
		q.y -= (float)box.y;
	}
	if (r > 1) {
		double side_px = std::sqrt(cv::contourArea(pts));
		int win = std::max(3, std::min(2 * r + 1, (int)(side_px / 12)));
		std::vector<cv::Point2f> sub(local);
		cv::cornerSubPix(roi, sub, cv::Size(win, win), cv::Size(-1, -1),
				 cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT,
						  50, 0.01));
		for (size_t c = 0; c < 4; c++) {
			// keep the refinement only when it stays close
			float dx = sub[c].x - local[c].x, dy = sub[c].y - local[c].y;
			if (dx * dx + dy * dy <= (float)(r * r) * 2.0f)
				local[c] = sub[c];
		}
	}
	refine_by_sides(roi, local);
	for (size_t c = 0; c < 4; c++) {
		pts[c].x = local[c].x + (float)box.x;
		pts[c].y = local[c].y + (float)box.y;
	}
}

} // namespace

extern "C" {

int cvs_marker_detect(const cvs_image *img, const cvs_image *reduced, int factor, int dict_id,
		      cvs_marker *out, int max, int *n_found)
{
	*n_found = 0;
	if (!img || img->mat.empty() || max < 0 || factor < 1 || (!reduced && factor != 1) ||
	    (reduced && reduced->mat.empty()))
		return lv_error_set(LV_EINVAL, "marker detection: bad arguments");
	return cvs_try("marker detection", [&]() -> int {
		const cv::Mat &full = img->mat;
		const int r = factor;
		cv::Mat work = to_gray(reduced ? reduced->mat : full);
		cv::Ptr<cv::aruco::Dictionary> dict = cv::aruco::getPredefinedDictionary(dict_id);
		std::vector<std::vector<cv::Point2f>> corners, rejected;
		std::vector<int> ids;

		cv::aruco::detectMarkers(work, dict, corners, ids, detector_params(), rejected);
		for (int k : largest_per_id(ids, corners)) {
			if (*n_found < max) {
				cvs_marker *m = &out[*n_found];
				std::vector<cv::Point2f> pts(4);
				m->id = ids[(size_t)k];
				for (size_t c = 0; c < 4; c++) {
					// reduced pixel centre -> full pixel centre
					pts[c].x =
						(corners[(size_t)k][c].x + 0.5f) * (float)r - 0.5f;
					pts[c].y =
						(corners[(size_t)k][c].y + 0.5f) * (float)r - 0.5f;
				}
				refine_full(full, r, pts);
				for (size_t c = 0; c < 4; c++) {
					m->corners_px[2 * c] = pts[c].x;
					m->corners_px[2 * c + 1] = pts[c].y;
				}
			}
			(*n_found)++;
		}
		return LV_OK;
	});
}

int cvs_lens_undistort_points(const cvs_lens *lens, double *xy, int n)
{
	if (!lens_ok(lens) || n < 0)
		return lv_error_set(LV_EINVAL, "undistort: bad lens");
	return cvs_try("undistort points", [&]() -> int {
		if (n == 0)
			return LV_OK;
		cv::Mat K = lens_matrix(lens);
		cv::Mat pts(n, 1, CV_64FC2, xy);
		cv::Mat outp;
		cv::undistortPoints(pts, outp, K, lens_dist(lens), cv::noArray(), K);
		for (int i = 0; i < n; i++) {
			cv::Vec2d v = outp.at<cv::Vec2d>(i);
			xy[2 * i] = v[0];
			xy[2 * i + 1] = v[1];
		}
		return LV_OK;
	});
}

int cvs_lens_distort_points(const cvs_lens *lens, double *xy, int n)
{
	if (!lens_ok(lens) || n < 0)
		return lv_error_set(LV_EINVAL, "distort: bad lens");
	return cvs_try("distort points", [&]() -> int {
		if (n == 0)
			return LV_OK;
		cv::Mat K = lens_matrix(lens);
		double fx = K.at<double>(0, 0), fy = K.at<double>(1, 1);
		double cx = K.at<double>(0, 2), cy = K.at<double>(1, 2);
		std::vector<cv::Point3d> obj;
		for (int i = 0; i < n; i++)
			obj.emplace_back((xy[2 * i] - cx) / fx, (xy[2 * i + 1] - cy) / fy, 1.0);
		std::vector<cv::Point2d> img;
		cv::Mat zero = cv::Mat::zeros(3, 1, CV_64F);
		cv::projectPoints(obj, zero, zero, K, lens_dist(lens), img);
		for (int i = 0; i < n; i++) {
			xy[2 * i] = img[(size_t)i].x;
			xy[2 * i + 1] = img[(size_t)i].y;
		}
		return LV_OK;
	});
}

int cvs_marker_pose(const cvs_lens *lens, const double corners_px[8], double side_mm,
		    double *distance_mm, double *tilt_deg)
{
	if (!lens_ok(lens) || !(side_mm > 0))
		return lv_error_set(LV_EINVAL, "marker pose: bad arguments");
	return cvs_try("marker pose", [&]() -> int {
		double h = side_mm / 2;
		// IPPE_SQUARE's required object point order
		std::vector<cv::Point3d> obj = {
			{ -h, h, 0 }, { h, h, 0 }, { h, -h, 0 }, { -h, -h, 0 }
		};
		std::vector<cv::Point2d> img;
		for (int c = 0; c < 4; c++)
			img.emplace_back(corners_px[2 * c], corners_px[2 * c + 1]);
		cv::Mat rvec, tvec;
		if (!cv::solvePnP(obj, img, lens_matrix(lens), lens_dist(lens), rvec, tvec, false,
				  cv::SOLVEPNP_IPPE_SQUARE))
			return lv_error_set(LV_EIMAGE, "the marker's pose cannot be found");
		cv::Mat R;
		cv::Rodrigues(rvec, R);
		cv::Vec3d t(tvec.at<double>(0), tvec.at<double>(1), tvec.at<double>(2));
		double d = cv::norm(t);
		if (!(d > 0) || t[2] <= 0)
			return lv_error_set(
				LV_EIMAGE,
				"the marker's pose is not plausible (behind the camera)");
		cv::Vec3d nrm(R.at<double>(0, 2), R.at<double>(1, 2), R.at<double>(2, 2));
		double c = std::fabs(nrm.dot(t) / d);
		*distance_mm = d;
		*tilt_deg = std::acos(std::min(1.0, c)) * 180.0 / CV_PI;
		return LV_OK;
	});
}

int cvs_homography4(const double src[8], const double dst[8], double h[9])
{
	// a convex quadrilateral on both sides, no three points in line
	for (const double *q : { src, dst }) {
		double scale = 0, sign = 0;
		for (int i = 0; i < 4; i++)
			scale = std::max(scale, std::fabs(q[2 * i]) + std::fabs(q[2 * i + 1]));
		for (int i = 0; i < 4; i++) {
			const double *a = &q[2 * i], *b = &q[2 * ((i + 1) % 4)],
				     *c = &q[2 * ((i + 2) % 4)];
			double cr = (b[0] - a[0]) * (c[1] - b[1]) - (b[1] - a[1]) * (c[0] - b[0]);
			if (!(std::fabs(cr) > 1e-9 * scale * scale) || cr * sign < 0)
				return lv_error_set(LV_EIMAGE,
						    "the marker's corners are degenerate");
			sign = cr;
		}
	}
	return cvs_try("homography", [&]() -> int {
		cv::Point2f s[4], d[4];
		for (int i = 0; i < 4; i++) {
			s[i] = cv::Point2f((float)src[2 * i], (float)src[2 * i + 1]);
			d[i] = cv::Point2f((float)dst[2 * i], (float)dst[2 * i + 1]);
		}
		cv::Mat H = cv::getPerspectiveTransform(s, d, cv::DECOMP_SVD);
		if (H.empty() || !std::isfinite(H.at<double>(2, 2)) ||
		    std::fabs(H.at<double>(2, 2)) < 1e-12)
			return lv_error_set(LV_EIMAGE, "the marker's corners are degenerate");
		double s22 = H.at<double>(2, 2);
		for (int i = 0; i < 9; i++)
			h[i] = H.at<double>(i / 3, i % 3) / s22;
		return LV_OK;
	});
}

} // extern "C"
