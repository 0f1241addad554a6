// Camera calibration: board detection, calibrateCamera, undistortion.
#include "cv_try.hpp"
#include "cvs_calib.h"

#include <algorithm>
#include <cmath>
#include <vector>
#include <opencv2/aruco/charuco.hpp>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace
{

cv::Mat gray_of(const cv::Mat &m)
{
	if (m.channels() == 1)
		return m;
	cv::Mat g;
	cv::cvtColor(m, g, cv::COLOR_BGR2GRAY);
	return g;
}

cv::Mat dist_mat(const double *dist, int ndist)
{
	if (!dist || ndist <= 0)
		return cv::Mat();
	return cv::Mat(1, ndist, CV_64F, const_cast<double *>(dist)).clone();
}

int detect_chessboard(const cv::Mat &gray, const cvs_calib_board *b, std::vector<cv::Point2f> &img,
		      std::vector<cv::Point2f> &obj)
{
	cv::Size pattern(b->cols, b->rows);
	std::vector<cv::Point2f> corners;
	// findChessboardCorners slows down sharply with the image size (a 12 MP
	// phone photo without a board takes many seconds): search a copy at most
	// 1600 px wide, then refine the corners on the full image.
	const int search_px = 1600;
	int big = std::max(gray.cols, gray.rows);
	double scale = big > search_px ? (double)search_px / big : 1.0;
	cv::Mat small = gray;
	if (scale < 1)
		cv::resize(gray, small, cv::Size(), scale, scale, cv::INTER_AREA);
	bool found = cv::findChessboardCorners(small, pattern, corners,
					       cv::CALIB_CB_ADAPTIVE_THRESH |
						       cv::CALIB_CB_NORMALIZE_IMAGE);
	if (found && scale < 1)
		for (auto &p : corners)
			p = cv::Point2f((float)(((double)p.x + 0.5) / scale - 0.5),
					(float)(((double)p.y + 0.5) / scale - 0.5));
	if (!found)
		return lv_error_set(LV_EIMAGE, "no chessboard of %dx%d inner corners found",
				    b->cols, b->rows);
	// The refinement window must stay inside one square: half the
	// smallest corner spacing, capped at OpenCV's usual 11 px.
	double spacing = 1e9;
	for (int r = 0; r < b->rows; r++)
		for (int c = 0; c + 1 < b->cols; c++) {
			cv::Point2f d = corners[r * b->cols + c + 1] - corners[r * b->cols + c];
			spacing = std::min(spacing, (double)std::hypot(d.x, d.y));
		}
	int win = std::max(2, std::min(11, (int)(spacing * 0.4)));
	cv::cornerSubPix(gray, corners, cv::Size(win, win), cv::Size(-1, -1),
			 cv::TermCriteria(cv::TermCriteria::EPS + cv::TermCriteria::COUNT, 50,
					  0.001));
	img = corners;
	obj.clear();
	for (int r = 0; r < b->rows; r++)
		for (int c = 0; c < b->cols; c++)
			obj.emplace_back((float)(c * b->square_mm), (float)(r * b->square_mm));
	return LV_OK;
}

cv::Ptr<cv::aruco::CharucoBoard> charuco_of(const cvs_calib_board *b)
{
	cv::Ptr<cv::aruco::Dictionary> d = cv::aruco::getPredefinedDictionary(b->dict_id);
	return cv::aruco::CharucoBoard::create(b->cols, b->rows, (float)b->square_mm,
					       (float)b->marker_mm, d);
}

cv::Ptr<cv::aruco::DetectorParameters> marker_params()
{
	auto p = cv::aruco::DetectorParameters::create();
	// imaging.md, Markers: a card's outline and its black square are
	// nested candidates closer than the default 0.05 of the perimeter.
	p->minMarkerDistanceRate = 0.02;
	p->cornerRefinementMethod = cv::aruco::CORNER_REFINE_SUBPIX;
	return p;
}

int detect_charuco(const cv::Mat &gray, const cvs_calib_board *b, std::vector<cv::Point2f> &img,
		   std::vector<cv::Point2f> &obj)
{
	auto board = charuco_of(b);
	std::vector<int> ids;
	std::vector<std::vector<cv::Point2f>> corners, rejected;
	cv::aruco::detectMarkers(gray, board->dictionary, corners, ids, marker_params(), rejected);
	if (!ids.empty())
		cv::aruco::refineDetectedMarkers(gray, board, corners, ids, rejected);
	std::vector<cv::Point2f> cc;
	std::vector<int> cids;
	if (!ids.empty())
		cv::aruco::interpolateCornersCharuco(corners, ids, gray, board, cc, cids);
	if (cc.size() < 8)
		return lv_error_set(
			LV_EIMAGE,
			"no ChArUco board of %dx%d squares found (%zu corners seen, at least 8 needed)",
			b->cols, b->rows, cc.size());
	img = cc;
	obj.clear();
	for (int id : cids) {
		const cv::Point3f &p = board->chessboardCorners[(size_t)id];
		obj.emplace_back(p.x, p.y);
	}
	return LV_OK;
}

} // namespace

extern "C" {

int cvs_calib_detect(const cvs_image *img, const cvs_calib_board *b, double *img_xy, double *obj_xy,
		     int cap, int *n)
{
	*n = 0;
	if (b->cols < 2 || b->rows < 2 || b->cols * b->rows > CVS_CALIB_MAX_POINTS ||
	    !(b->square_mm > 0))
		return lv_error_set(LV_EINVAL, "bad board %dx%d", b->cols, b->rows);
	return cvs_try("board detection", [&]() -> int {
		cv::Mat gray = gray_of(img->mat);
		std::vector<cv::Point2f> ip, op;
		int rc = b->type == CVS_CALIB_CHARUCO ? detect_charuco(gray, b, ip, op)
						      : detect_chessboard(gray, b, ip, op);
		if (rc < 0)
			return rc;
		if ((int)ip.size() > cap)
			return lv_error_set(LV_EINVAL, "too many corners (%zu)", ip.size());
		for (size_t i = 0; i < ip.size(); i++) {
			img_xy[2 * i] = ip[i].x;
			img_xy[2 * i + 1] = ip[i].y;
			obj_xy[2 * i] = op[i].x;
			obj_xy[2 * i + 1] = op[i].y;
		}
		*n = (int)ip.size();
		return LV_OK;
	});
}

int cvs_calib_calibrate(int nviews, const int *npts, const double *img_xy, const double *obj_xy,
			int width_px, int height_px, unsigned flags, double K[9], double dist[5],
			double *rms_px, double *view_rms_px, double *point_err_px)
{
	return cvs_try("calibration", [&]() -> int {
		std::vector<std::vector<cv::Point3f>> op((size_t)nviews);
		std::vector<std::vector<cv::Point2f>> ip((size_t)nviews);
		size_t k = 0;
		for (int v = 0; v < nviews; v++)
			for (int i = 0; i < npts[v]; i++, k++) {
				ip[(size_t)v].emplace_back((float)img_xy[2 * k],
							   (float)img_xy[2 * k + 1]);
				op[(size_t)v].emplace_back((float)obj_xy[2 * k],
							   (float)obj_xy[2 * k + 1], 0.f);
			}
		int f = 0;
		if (flags & CVS_CALIB_FIX_ASPECT)
			f |= cv::CALIB_FIX_ASPECT_RATIO;
		if (flags & CVS_CALIB_ZERO_TANGENT)
			f |= cv::CALIB_ZERO_TANGENT_DIST;
		if (flags & CVS_CALIB_FIX_K3)
			f |= cv::CALIB_FIX_K3;
		cv::Mat Km = cv::Mat::eye(3, 3, CV_64F), D = cv::Mat::zeros(1, 5, CV_64F);
		std::vector<cv::Mat> rv, tv;
		cv::Mat sdi, sde, per_view;
		double rms = cv::calibrateCamera(op, ip, cv::Size(width_px, height_px), Km, D, rv,
						 tv, sdi, sde, per_view, f,
						 cv::TermCriteria(cv::TermCriteria::COUNT +
									  cv::TermCriteria::EPS,
								  100, 1e-12));
		Km.convertTo(Km, CV_64F);
		D.convertTo(D, CV_64F);
		per_view.convertTo(per_view, CV_64F);
		if (!std::isfinite(rms) || D.total() < 5 || (int)per_view.total() != nviews)
			return lv_error_set(LV_ENUMERIC, "calibration did not converge");
		for (int i = 0; i < 9; i++) {
			K[i] = Km.at<double>(i / 3, i % 3);
			if (!std::isfinite(K[i]))
				return lv_error_set(LV_ENUMERIC, "calibration did not converge");
		}
		for (int i = 0; i < 5; i++)
			dist[i] = D.at<double>(i);
		for (int v = 0; v < nviews; v++)
			view_rms_px[v] = per_view.at<double>(v);
		*rms_px = rms;
		if (point_err_px) {
			size_t k2 = 0;
			for (int v = 0; v < nviews; v++) {
				std::vector<cv::Point2f> back;
				cv::projectPoints(op[(size_t)v], rv[(size_t)v], tv[(size_t)v], Km,
						  D, back);
				for (size_t i = 0; i < back.size(); i++, k2++) {
					cv::Point2f d = back[i] - ip[(size_t)v][i];
					point_err_px[k2] = std::hypot((double)d.x, (double)d.y);
				}
			}
		}
		return LV_OK;
	});
}

int cvs_calib_undistort(const cvs_image *in, const double K[9], const double *dist, int ndist,
			cvs_image **out)
{
	*out = nullptr;
	return cvs_try("undistort", [&]() -> int {
		cv::Mat Km(3, 3, CV_64F, const_cast<double *>(K));
		auto *img = new cvs_image;
		cv::undistort(in->mat, img->mat, Km, dist_mat(dist, ndist));
		*out = img;
		return LV_OK;
	});
}

int cvs_calib_undistort_points(const double K[9], const double *dist, int ndist, const double *xy,
			       int n, double *out_xy)
{
	return cvs_try("undistort points", [&]() -> int {
		if (n <= 0)
			return LV_OK;
		cv::Mat Km(3, 3, CV_64F, const_cast<double *>(K));
		std::vector<cv::Point2d> in, res;
		for (int i = 0; i < n; i++)
			in.emplace_back(xy[2 * i], xy[2 * i + 1]);
		cv::undistortPoints(in, res, Km, dist_mat(dist, ndist), cv::noArray(), Km);
		for (int i = 0; i < n; i++) {
			out_xy[2 * i] = res[(size_t)i].x;
			out_xy[2 * i + 1] = res[(size_t)i].y;
		}
		return LV_OK;
	});
}

int cvs_calib_markers(const cvs_image *img, int dict_id, cvs_calib_marker *out, int cap, int *n)
{
	*n = 0;
	return cvs_try("marker detection", [&]() -> int {
		cv::Mat gray = gray_of(img->mat);
		std::vector<int> ids;
		std::vector<std::vector<cv::Point2f>> corners;
		cv::aruco::detectMarkers(gray, cv::aruco::getPredefinedDictionary(dict_id), corners,
					 ids, marker_params());
		// With the lowered distance rate one printed marker may come out
		// twice (the outer and inner edges of its black border): keep the
		// larger of two with the same id and centres closer than a side.
		std::vector<bool> skip(ids.size(), false);
		auto perimeter = [&](size_t i) {
			double p = 0;
			for (size_t j = 0; j < 4; j++)
				p += cv::norm(corners[i][j] - corners[i][(j + 1) % 4]);
			return p;
		};
		for (size_t i = 0; i < ids.size(); i++)
			for (size_t j = i + 1; j < ids.size(); j++) {
				if (ids[i] != ids[j] || skip[i] || skip[j])
					continue;
				cv::Point2f ci = (corners[i][0] + corners[i][2]) * 0.5f;
				cv::Point2f cj = (corners[j][0] + corners[j][2]) * 0.5f;
				double pi = perimeter(i), pj = perimeter(j);
				if (cv::norm(ci - cj) < std::min(pi, pj) / 4)
					skip[pi >= pj ? j : i] = true;
			}
		int k = 0;
		for (size_t i = 0; i < ids.size() && k < cap; i++) {
			if (skip[i])
				continue;
			out[k].id = ids[i];
			for (int j = 0; j < 4; j++) {
				out[k].corners[2 * j] = corners[i][(size_t)j].x;
				out[k].corners[2 * j + 1] = corners[i][(size_t)j].y;
			}
			k++;
		}
		*n = k;
		return LV_OK;
	});
}

int cvs_calib_marker_pose(const double corners[8], double size_mm, const double K[9],
			  const double *dist, int ndist, double R[9], double t_mm[3],
			  double *reproj_rms_px)
{
	return cvs_try("marker pose", [&]() -> int {
		double h = size_mm / 2;
		// the corner order SOLVEPNP_IPPE_SQUARE requires (clockwise from
		// top-left, y up), matching the detector's corner order
		std::vector<cv::Point3d> obj = {
			{ -h, h, 0 }, { h, h, 0 }, { h, -h, 0 }, { -h, -h, 0 }
		};
		std::vector<cv::Point2d> ip;
		for (int j = 0; j < 4; j++)
			ip.emplace_back(corners[2 * j], corners[2 * j + 1]);
		cv::Mat Km(3, 3, CV_64F, const_cast<double *>(K)), D = dist_mat(dist, ndist);
		cv::Mat rvec, tvec;
		if (!cv::solvePnP(obj, ip, Km, D, rvec, tvec, false, cv::SOLVEPNP_IPPE_SQUARE))
			return lv_error_set(LV_ENUMERIC, "no pose found for the marker");
		std::vector<cv::Point2d> back;
		cv::projectPoints(obj, rvec, tvec, Km, D, back);
		double s = 0;
		for (int j = 0; j < 4; j++) {
			cv::Point2d d = back[(size_t)j] - ip[(size_t)j];
			s += d.dot(d);
		}
		cv::Mat Rm;
		cv::Rodrigues(rvec, Rm);
		Rm.convertTo(Rm, CV_64F);
		tvec.convertTo(tvec, CV_64F);
		for (int i = 0; i < 9; i++)
			R[i] = Rm.at<double>(i / 3, i % 3);
		for (int i = 0; i < 3; i++)
			t_mm[i] = tvec.at<double>(i);
		*reproj_rms_px = std::sqrt(s / 4);
		return LV_OK;
	});
}

int cvs_calib_homography(const double *src_xy, const double *dst_xy, int n, double H[9])
{
	if (n < 4)
		return lv_error_set(LV_EINVAL, "a homography needs 4 points, not %d", n);
	return cvs_try("homography", [&]() -> int {
		std::vector<cv::Point2d> s, d;
		for (int i = 0; i < n; i++) {
			s.emplace_back(src_xy[2 * i], src_xy[2 * i + 1]);
			d.emplace_back(dst_xy[2 * i], dst_xy[2 * i + 1]);
		}
		cv::Mat Hm = cv::findHomography(s, d, 0);
		if (Hm.empty())
			return lv_error_set(LV_ENUMERIC, "the points do not define a homography");
		Hm.convertTo(Hm, CV_64F);
		for (int i = 0; i < 9; i++)
			H[i] = Hm.at<double>(i / 3, i % 3);
		return LV_OK;
	});
}

int cvs_calib_charuco_draw(const cvs_calib_board *b, int px_per_square, cvs_image **out)
{
	*out = nullptr;
	if (b->cols < 2 || b->rows < 2 || px_per_square < 8 ||
	    (double)b->cols * b->rows * px_per_square * px_per_square > CVS_MAX_PIXELS)
		return lv_error_set(LV_EINVAL, "bad ChArUco board %dx%d", b->cols, b->rows);
	return cvs_try("ChArUco board", [&]() -> int {
		auto board = charuco_of(b);
		auto *img = new cvs_image;
		board->draw(cv::Size(b->cols * px_per_square, b->rows * px_per_square), img->mat, 0,
			    1);
		*out = img;
		return LV_OK;
	});
}

} // extern "C"
