// Resampling and drawing for the photo pipeline (cvs_photo.h).
#include "cv_try.hpp"
#include "cv_image_file.hpp"
#include "cvs_photo.h"

#include <algorithm>
#include <cstdio>
#include <cstring>
#include <cmath>
#include <vector>
#include <opencv2/calib3d.hpp>
#include <opencv2/imgproc.hpp>

namespace
{

cv::Scalar bgr_of(unsigned rgb)
{
	return cv::Scalar(rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff);
}

const int kShift = 4; // sub-pixel drawing: coordinates in 1/16 px

cv::Point fixed(double x, double y)
{
	return cv::Point(cvRound(x * (1 << kShift)), cvRound(y * (1 << kShift)));
}

} // namespace

extern "C" {

int cvs_photo_read(cvs_image **out, const char *path, int mode)
{
	return image_load(out, path, mode, true);
}

void cvs_set_threads(int n)
{
	(void)cvs_try("set threads", [&]() -> int {
		cv::setNumThreads(n > 0 ? n : -1);
		return LV_OK;
	});
}

int cvs_image_reduce(cvs_image **out, const cvs_image *img, int factor)
{
	*out = nullptr;
	if (!img || img->mat.empty() || factor < 1 || img->mat.cols / factor < 1 ||
	    img->mat.rows / factor < 1)
		return lv_error_set(LV_EINVAL, "reduce: bad factor %d", factor);
	return cvs_try("reduce image", [&]() -> int {
		auto *res = new cvs_image;
		// crop to a multiple of the factor, so that every output pixel is
		// the average of exactly factor x factor input pixels
		cv::Mat m = img->mat(cv::Rect(0, 0, img->mat.cols / factor * factor,
					      img->mat.rows / factor * factor));
		if (factor == 1) {
			res->mat = m.clone();
		} else if ((factor & (factor - 1)) == 0) {
			// halving has a fast path in OpenCV (about 8x faster
			// than a box of 3 or more)
			cv::Mat cur = m;
			for (int f = factor; f > 1; f /= 2) {
				cv::Mat half;
				cv::resize(cur, half, cv::Size(cur.cols / 2, cur.rows / 2), 0, 0,
					   cv::INTER_AREA);
				cur = half;
			}
			res->mat = cur;
		} else {
			cv::resize(m, res->mat, cv::Size(m.cols / factor, m.rows / factor), 0, 0,
				   cv::INTER_AREA);
		}
		*out = res;
		return LV_OK;
	});
}

int cvs_rectify(cvs_image **out, const cvs_image *mask, const double H[9], const cvs_lens *lens,
		int f, int width, int height)
{
	*out = nullptr;
	if (!mask || mask->mat.empty() || mask->mat.type() != CV_8UC1 || f < 1 || width < 1 ||
	    height < 1 || (double)width * height > CVS_MAX_PIXELS)
		return lv_error_set(LV_EINVAL, "rectify: bad arguments (%dx%d)", width, height);
	if (lens &&
	    (!lens->camera_matrix || lens->n_distortion < 0 || lens->n_distortion > 14 ||
	     (lens->n_distortion > 0 && !lens->distortion)))
		return lv_error_set(LV_EINVAL, "rectify: bad lens");
	return cvs_try("rectify", [&]() -> int {
		// image pixel -> mask pixel: p = (q + 0.5) / f - 0.5
		double s = 1.0 / f, o = 0.5 / f - 0.5;
		auto *res = new cvs_image;
		if (!lens) {
			cv::Matx33d A(s, 0, o, 0, s, o, 0, 0, 1);
			cv::Matx33d Hm(H);
			cv::Matx33d M = A * Hm;
			cv::warpPerspective(mask->mat, res->mat, cv::Mat(M),
					    cv::Size(width, height),
					    cv::INTER_LINEAR | cv::WARP_INVERSE_MAP,
					    cv::BORDER_REPLICATE);
			*out = res;
			return LV_OK;
		}
		cv::Mat K(3, 3, CV_64F, const_cast<double *>(lens->camera_matrix));
		cv::Mat D;
		if (lens->n_distortion > 0)
			D = cv::Mat(1, lens->n_distortion, CV_64F,
				    const_cast<double *>(lens->distortion));
		double fx = K.at<double>(0, 0), fy = K.at<double>(1, 1);
		double cx = K.at<double>(0, 2), cy = K.at<double>(1, 2);
		cv::Mat mapx(height, width, CV_32F), mapy(height, width, CV_32F);
		std::vector<cv::Point3d> obj((size_t)width);
		std::vector<cv::Point2d> img;
		cv::Mat zero = cv::Mat::zeros(3, 1, CV_64F);
		for (int v = 0; v < height; v++) {
			for (int u = 0; u < width; u++) {
				double w = H[6] * u + H[7] * v + H[8];
				double qx = (H[0] * u + H[1] * v + H[2]) / w;
				double qy = (H[3] * u + H[4] * v + H[5]) / w;
				obj[(size_t)u] = cv::Point3d((qx - cx) / fx, (qy - cy) / fy, 1.0);
			}
			cv::projectPoints(obj, zero, zero, K, D, img);
			float *px = mapx.ptr<float>(v), *py = mapy.ptr<float>(v);
			for (int u = 0; u < width; u++) {
				px[u] = (float)(img[(size_t)u].x * s + o);
				py[u] = (float)(img[(size_t)u].y * s + o);
			}
		}
		cv::remap(mask->mat, res->mat, mapx, mapy, cv::INTER_LINEAR, cv::BORDER_REPLICATE);
		*out = res;
		return LV_OK;
	});
}

int cvs_draw_polyline(cvs_image *img, const double *xy, int n, int closed, unsigned rgb,
		      int thickness)
{
	if (!img || n < 0 || (n > 0 && !xy))
		return lv_error_set(LV_EINVAL, "draw: bad arguments");
	return cvs_try("draw", [&]() -> int {
		std::vector<cv::Point> pts;
		for (int i = 0; i < n; i++)
			if (std::isfinite(xy[2 * i]) && std::isfinite(xy[2 * i + 1]))
				pts.push_back(fixed(xy[2 * i], xy[2 * i + 1]));
		if (pts.size() >= 2)
			cv::polylines(img->mat, pts, closed != 0, bgr_of(rgb),
				      std::max(1, thickness), cv::LINE_AA, kShift);
		return LV_OK;
	});
}

int cvs_draw_text(cvs_image *img, double x, double y, const char *text, unsigned rgb,
		  double height_px)
{
	if (!img || !text)
		return lv_error_set(LV_EINVAL, "draw: bad arguments");
	return cvs_try("draw", [&]() -> int {
		double scale = std::max(0.3, height_px / 22.0);
		int th = std::max(1, (int)(scale * 2));
		cv::Point at(cvRound(x), cvRound(y));
		// a dark halo keeps the text readable on any background
		cv::putText(img->mat, text, at, cv::FONT_HERSHEY_SIMPLEX, scale,
			    cv::Scalar(0, 0, 0), th + 2, cv::LINE_AA);
		cv::putText(img->mat, text, at, cv::FONT_HERSHEY_SIMPLEX, scale, bgr_of(rgb), th,
			    cv::LINE_AA);
		return LV_OK;
	});
}

int cvs_draw_mask_outline(cvs_image *img, const cvs_image *mask, int factor, unsigned rgb,
			  int thickness)
{
	if (!img || !mask || factor < 1)
		return lv_error_set(LV_EINVAL, "draw: bad arguments");
	return cvs_try("draw outline", [&]() -> int {
		cv::Mat bin = mask->mat >= 128;
		std::vector<std::vector<cv::Point>> contours;
		cv::findContours(bin, contours, cv::RETR_EXTERNAL, cv::CHAIN_APPROX_SIMPLE);
		std::vector<std::vector<cv::Point>> scaled;
		for (const auto &c : contours) {
			std::vector<cv::Point> sc;
			for (const auto &p : c)
				sc.push_back(fixed((p.x + 0.5) * factor - 0.5,
						   (p.y + 0.5) * factor - 0.5));
			scaled.push_back(std::move(sc));
		}
		cv::polylines(img->mat, scaled, true, bgr_of(rgb), std::max(1, thickness),
			      cv::LINE_AA, kShift);
		return LV_OK;
	});
}

} // extern "C"
