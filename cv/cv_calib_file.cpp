// Camera files: OpenCV FileStorage with the key names of OpenCV's
// calibration sample, so that OpenCV tools read what limbvol writes.
#include "cv_try.hpp"
#include "cvs_calib.h"

#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <sys/stat.h>
#include <unistd.h>
#include <opencv2/core/persistence.hpp>

namespace
{

const long max_file_bytes = 1L << 20;

int not_camera(const char *path, const char *why)
{
	return lv_error_set(LV_EDATA, "%s is not a camera file: %s", path, why);
}

bool number_of(const cv::FileNode &n, double *out)
{
	if (n.empty() || !(n.isInt() || n.isReal()))
		return false;
	*out = (double)n;
	return std::isfinite(*out);
}

// An !!opencv-matrix, or a plain list of numbers (a 1xN row): -1 when the
// node is something else.  An absent node gives an empty matrix.
int matrix_of(const cv::FileNode &n, cv::Mat &out)
{
	out = cv::Mat();
	if (n.empty() || n.isNone())
		return 0;
	if (n.isSeq()) {
		if (n.size() > 64)
			return -1;
		std::vector<double> vals;
		for (const auto &e : n) {
			if (!(e.isInt() || e.isReal()))
				return -1;
			vals.push_back((double)e);
		}
		out = cv::Mat(vals, true).reshape(1, 1);
		return 0;
	}
	if (!n.isMap())
		return -1;
	try {
		n >> out;
	} catch (const cv::Exception &) {
		return -1;
	}
	return out.empty() ? -1 : 0;
}

void string_of(const cv::FileNode &n, char *out, size_t size)
{
	out[0] = '\0';
	if (!n.empty() && n.isString())
		std::snprintf(out, size, "%s", ((std::string)n).c_str());
}

int read_file(const char *path, cvs_calib_file *cf)
{
	cv::FileStorage fs;
	try {
		if (!fs.open(path, cv::FileStorage::READ))
			return not_camera(path, "not an OpenCV YAML, XML or JSON file");
	} catch (const cv::Exception &) {
		return not_camera(path, "not an OpenCV YAML, XML or JSON file");
	}
	if (!fs.root().isMap())
		return not_camera(path, "its top level is not a set of keys");
	double w, h, v;
	if (!number_of(fs["image_width"], &w) || !number_of(fs["image_height"], &h))
		return not_camera(path, "no image_width and image_height");
	if (w < 1 || h < 1 || w > 100000 || h > 100000 || w != std::floor(w) || h != std::floor(h))
		return not_camera(path, "image_width or image_height out of range");
	cf->width_px = (int)w;
	cf->height_px = (int)h;

	cv::Mat K, D;
	if (matrix_of(fs["camera_matrix"], K) < 0)
		return not_camera(path, "camera_matrix is not a matrix of numbers");
	if (matrix_of(fs["distortion_coefficients"], D) < 0)
		return not_camera(path, "distortion_coefficients is not a list of numbers");
	if (!K.empty() && K.rows == 1 && K.total() == 9)
		K = K.reshape(1, 3);
	if (K.empty())
		return not_camera(path, "no camera_matrix");
	if (K.rows != 3 || K.cols != 3 || K.channels() != 1)
		return not_camera(path, "camera_matrix is not 3x3");
	K.convertTo(K, CV_64F);
	for (int i = 0; i < 9; i++) {
		cf->K[i] = K.at<double>(i / 3, i % 3);
		if (!std::isfinite(cf->K[i]))
			return not_camera(path, "camera_matrix has a value that is not a number");
	}
	if (!(cf->K[0] > 0 && cf->K[4] > 0) || cf->K[3] != 0 || cf->K[6] != 0 || cf->K[7] != 0 ||
	    cf->K[8] != 1)
		return not_camera(path,
				  "camera_matrix is not fx 0 cx / 0 fy cy / 0 0 1 with fx, fy > 0");
	if (D.empty())
		return not_camera(path, "no distortion_coefficients");
	int nd = (int)D.total();
	if (D.channels() != 1 || (D.rows != 1 && D.cols != 1) ||
	    (nd != 4 && nd != 5 && nd != 8 && nd != 12 && nd != 14))
		return not_camera(path,
				  "distortion_coefficients is not a list of 4, 5, 8, 12 or 14");
	D.convertTo(D, CV_64F);
	cf->ndist = nd;
	for (int i = 0; i < nd; i++) {
		cf->dist[i] = D.at<double>(i);
		if (!std::isfinite(cf->dist[i]))
			return not_camera(
				path, "distortion_coefficients has a value that is not a number");
	}
	cf->rms_px = number_of(fs["avg_reprojection_error"], &v) ? v : -1;
	cf->views = number_of(fs["nframes"], &v) && v >= 0 && v < 1e6 ? (int)v : 0;
	string_of(fs["board"], cf->board, sizeof cf->board);
	string_of(fs["date"], cf->date, sizeof cf->date);
	if (!cf->date[0])
		string_of(fs["calibration_time"], cf->date, sizeof cf->date);
	return LV_OK;
}

} // namespace

extern "C" {

int cvs_calib_file_read(const char *path, cvs_calib_file *out)
{
	struct stat st;
	std::memset(out, 0, sizeof *out);
	if (stat(path, &st) != 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, std::strerror(errno));
	if (!S_ISREG(st.st_mode))
		return not_camera(path, "not a regular file");
	if (st.st_size > max_file_bytes)
		return not_camera(path, "larger than 1 MB");
	if (access(path, R_OK) != 0)
		return lv_error_set(LV_EIO, "cannot read %s: %s", path, std::strerror(errno));
	return cvs_try(path, [&]() -> int { return read_file(path, out); });
}

int cvs_calib_file_write(const char *path, const cvs_calib_file *cf)
{
	if (cf->ndist < 0 || cf->ndist > CVS_CALIB_MAX_DIST)
		return lv_error_set(LV_EINVAL, "bad number of distortion coefficients %d",
				    cf->ndist);
	std::string tmp = std::string(path) + ".tmp" + std::to_string(getpid());
	int rc = cvs_try(path, [&]() -> int {
		cv::FileStorage fs(tmp, cv::FileStorage::WRITE | cv::FileStorage::FORMAT_YAML);
		if (!fs.isOpened())
			return lv_error_set(LV_EIO, "cannot create %s", path);
		fs << "image_width" << cf->width_px;
		fs << "image_height" << cf->height_px;
		fs << "camera_matrix" << cv::Mat(3, 3, CV_64F, const_cast<double *>(cf->K));
		// a column, as OpenCV's calibration sample writes it
		fs << "distortion_coefficients"
		   << cv::Mat(cf->ndist, 1, CV_64F, const_cast<double *>(cf->dist));
		if (cf->rms_px >= 0)
			fs << "avg_reprojection_error" << cf->rms_px;
		if (cf->views > 0)
			fs << "nframes" << cf->views;
		if (cf->board[0])
			fs << "board" << std::string(cf->board);
		if (cf->date[0])
			fs << "date" << std::string(cf->date);
		fs.release();
		return LV_OK;
	});
	if (rc == LV_OK && std::rename(tmp.c_str(), path) != 0) {
		int e = errno;
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", path, std::strerror(e));
	}
	if (rc != LV_OK)
		std::remove(tmp.c_str());
	return rc;
}

} // extern "C"
