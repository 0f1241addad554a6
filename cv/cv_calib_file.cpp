// Camera files: OpenCV FileStorage with the key names of OpenCV's
// calibration sample, so that OpenCV tools read what limbvol writes.  A file
// is read once, bounded (CVS_CALIB_MAX_FILE_BYTES), scanned (nesting depth,
// the lines of its keys: cv_calib_scan.hpp), then parsed from memory; the
// matrices are read value by value after their sizes are checked.
#include "cv_try.hpp"
#include "cvs_calib.h"
#include "cv_calib_scan.hpp"

#include <cerrno>
#include <cstdarg>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <string>
#include <vector>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <opencv2/core/persistence.hpp>

namespace
{

// Every complaint about a file names it and a line: the line of the key it
// is about (from the pre-scan), or the last line for a key that is missing.
struct where {
	const char *path;
	const calib_scan *scan;
};

int bad(const where &w, const char *key, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

int bad(const where &w, const char *key, const char *fmt, ...)
{
	char why[400];
	va_list ap;
	va_start(ap, fmt);
	std::vsnprintf(why, sizeof why, fmt, ap);
	va_end(ap);
	lv_error_set(LV_EDATA, "not a camera file: %s", why);
	long line = key ? w.scan->line_of(key) : 0;
	return lv_error_locate(w.path, line ? line : (w.scan->lines ? w.scan->lines : 1), 0);
}

bool number_of(const cv::FileNode &n, double *out)
{
	if (n.empty() || !(n.isInt() || n.isReal()))
		return false;
	*out = (double)n;
	return std::isfinite(*out);
}

// A whole number in [lo, hi] (rows, cols, sizes), checked before any use.
bool count_of(const cv::FileNode &n, int lo, int hi, int *out)
{
	double v;
	if (!number_of(n, &v) || v != std::floor(v) || v < lo || v > hi)
		return false;
	*out = (int)v;
	return true;
}

// The numbers of a matrix: an !!opencv-matrix (rows, cols, data) or a plain
// list (one row).  Sizes are checked against max values before anything is
// read, so a matrix declared 100000x100000 costs nothing.  "" or what is
// wrong; *rows = 0 when the node is absent.
std::string matrix_of(const cv::FileNode &n, size_t max, std::vector<double> &vals, int *rows,
		      int *cols)
{
	cv::FileNode data = n;
	vals.clear();
	*rows = *cols = 0;
	if (n.empty() || n.isNone())
		return "";
	if (n.isMap()) {
		double r = 0, c = 0;
		if (!number_of(n["rows"], &r) || !number_of(n["cols"], &c))
			return "has no rows and cols";
		if (r < 1 || c < 1 || r * c > (double)max || r != std::floor(r) ||
		    c != std::floor(c))
			return "is declared " + std::to_string((long long)r) + "x" +
				std::to_string((long long)c) + " (at most " + std::to_string(max) +
				" values expected)";
		*rows = (int)r;
		*cols = (int)c;
		data = n["data"];
		if (!data.isSeq())
			return "has no data list";
		if (data.size() != (size_t)(*rows * *cols))
			return "declares " + std::to_string(*rows) + "x" + std::to_string(*cols) +
				" but its data holds " + std::to_string(data.size()) + " values";
	} else if (n.isSeq()) {
		if (n.size() == 0)
			return "is empty";
		if (n.size() > max)
			return "holds " + std::to_string(n.size()) + " values (at most " +
				std::to_string(max) + " expected)";
		*rows = 1;
		*cols = (int)n.size();
	} else {
		return "is not a matrix of numbers";
	}
	for (const auto &e : data) {
		double v;
		if (!(e.isInt() || e.isReal()))
			return "is not a matrix of numbers";
		v = (double)e;
		if (!std::isfinite(v))
			return "has a value that is not a number";
		vals.push_back(v);
	}
	return "";
}

void string_of(const cv::FileNode &n, char *out, size_t size)
{
	out[0] = '\0';
	if (!n.empty() && n.isString())
		std::snprintf(out, size, "%s", ((std::string)n).c_str());
}

int read_matrices(const where &w, const cv::FileStorage &fs, cvs_calib_file *cf)
{
	std::vector<double> K, D;
	int r, c;
	std::string why = matrix_of(fs["camera_matrix"], 9, K, &r, &c);
	if (!why.empty())
		return bad(w, "camera_matrix", "camera_matrix %s: expected a 3x3 matrix of numbers",
			   why.c_str());
	if (!r)
		return bad(w, nullptr, "no camera_matrix (expected a 3x3 matrix of numbers)");
	if (!((r == 3 && c == 3) || (r == 1 && c == 9)))
		return bad(w, "camera_matrix", "camera_matrix is not 3x3 (it is %dx%d)", r, c);
	for (int i = 0; i < 9; i++)
		cf->K[i] = K[(size_t)i];
	if (!(cf->K[0] > 0 && cf->K[4] > 0) || cf->K[3] != 0 || cf->K[6] != 0 || cf->K[7] != 0 ||
	    cf->K[8] != 1)
		return bad(w, "camera_matrix",
			   "camera_matrix is not fx 0 cx / 0 fy cy / 0 0 1 with fx, fy > 0");
	why = matrix_of(fs["distortion_coefficients"], CVS_CALIB_MAX_DIST, D, &r, &c);
	if (why == "is not a matrix of numbers")
		why = "is not a list of numbers";
	if (!why.empty())
		return bad(
			w, "distortion_coefficients",
			"distortion_coefficients %s: expected a list of 4, 5, 8, 12 or 14 numbers",
			why.c_str());
	if (!r)
		return bad(
			w, nullptr,
			"no distortion_coefficients (expected a list of 4, 5, 8, 12 or 14 numbers)");
	size_t nd = D.size();
	if ((r != 1 && c != 1) || (nd != 4 && nd != 5 && nd != 8 && nd != 12 && nd != 14))
		return bad(w, "distortion_coefficients",
			   "distortion_coefficients is not a list of 4, 5, 8, 12 or 14 numbers "
			   "(it is %dx%d)",
			   r, c);
	cf->ndist = (int)nd;
	for (size_t i = 0; i < nd; i++)
		cf->dist[i] = D[i];
	return LV_OK;
}

// OpenCV's parse error "(LINE): what" (4.6 puts it in func, later ones in
// err) located at its line.
int parse_error(const where &w, const cv::Exception &e)
{
	for (const std::string *s : { &e.func, &e.err }) {
		long line = 0;
		char what[200];
		if (std::sscanf(s->c_str(), "(%ld): %199[^\n]", &line, what) == 2 && line > 0) {
			lv_error_set(LV_EDATA, "not a camera file: %s", what);
			return lv_error_locate(w.path, line, 0);
		}
	}
	return bad(w, nullptr, "not an OpenCV YAML, XML or JSON file");
}

int parse(const char *path, const std::string &bytes, const calib_scan &scan, cvs_calib_file *cf)
{
	where w = { path, &scan };
	cv::FileStorage fs;
	try {
		if (!fs.open(bytes, cv::FileStorage::READ | cv::FileStorage::MEMORY))
			return bad(w, nullptr, "not an OpenCV YAML, XML or JSON file");
	} catch (const cv::Exception &e) {
		return parse_error(w, e);
	}
	if (!fs.root().isMap())
		return bad(w, nullptr, "its top level is not a set of keys");
	double v;
	int width, height;
	if (fs["image_width"].empty() || fs["image_height"].empty())
		return bad(w, nullptr, "no image_width and image_height");
	if (!count_of(fs["image_width"], 1, 100000, &width))
		return bad(w, "image_width", "image_width out of range (expected 1 to 100000)");
	if (!count_of(fs["image_height"], 1, 100000, &height))
		return bad(w, "image_height", "image_height out of range (expected 1 to 100000)");
	cf->width_px = width;
	cf->height_px = height;
	int rc = read_matrices(w, fs, cf);
	if (rc < 0)
		return rc;
	cf->rms_px = number_of(fs["avg_reprojection_error"], &v) ? v : -1;
	cf->views = number_of(fs["nframes"], &v) && v >= 0 && v < 1e6 ? (int)v : 0;
	string_of(fs["board"], cf->board, sizeof cf->board);
	string_of(fs["date"], cf->date, sizeof cf->date);
	if (!cf->date[0])
		string_of(fs["calibration_time"], cf->date, sizeof cf->date);
	return LV_OK;
}

// The file's bytes, read once through one descriptor: a regular file of at
// most CVS_CALIB_MAX_FILE_BYTES (a FIFO or a device is refused unread).
int read_bytes(const char *path, std::string &out)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, std::strerror(errno));
	int rc = LV_OK;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		rc = lv_error_set(LV_EDATA, "%s is not a camera file: not a regular file", path);
	} else if (st.st_size > CVS_CALIB_MAX_FILE_BYTES) {
		rc = lv_error_set(LV_EDATA, "%s is not a camera file: larger than %d bytes", path,
				  CVS_CALIB_MAX_FILE_BYTES);
	} else {
		char buf[65536];
		ssize_t n;
		while ((n = read(fd, buf, sizeof buf)) > 0 || (n < 0 && errno == EINTR)) {
			if (n < 0)
				continue;
			if (out.size() + (size_t)n > CVS_CALIB_MAX_FILE_BYTES) {
				rc = lv_error_set(LV_EDATA,
						  "%s is not a camera file: larger than %d bytes",
						  path, CVS_CALIB_MAX_FILE_BYTES);
				break;
			}
			out.append(buf, (size_t)n);
		}
		if (n < 0 && rc == LV_OK)
			rc = lv_error_set(LV_EIO, "cannot read %s: %s", path, std::strerror(errno));
	}
	close(fd);
	return rc;
}

} // namespace

extern "C" {

int cvs_calib_file_read(const char *path, cvs_calib_file *out)
{
	std::memset(out, 0, sizeof *out);
	return cvs_try(path, [&]() -> int {
		std::string bytes;
		calib_scan scan;
		int rc = read_bytes(path, bytes);
		if (rc == LV_OK)
			rc = calib_scan_bytes(path, bytes.data(), bytes.size(), &scan);
		if (rc == LV_OK)
			rc = parse(path, bytes, scan, out);
		return rc;
	});
}

int cvs_calib_file_write(const char *path, const cvs_calib_file *cf)
{
	if (cf->ndist < 0 || cf->ndist > CVS_CALIB_MAX_DIST)
		return lv_error_set(LV_EINVAL, "bad number of distortion coefficients %d",
				    cf->ndist);
	std::string tmp = std::string(path) + ".tmp" + std::to_string(getpid());
	int rc = cvs_try(path, [&]() -> int {
		cv::FileStorage fs(tmp, cv::FileStorage::WRITE | cv::FileStorage::FORMAT_YAML);
		if (!fs.isOpened()) {
			/* OpenCV does not say why: ask the system the same question */
			int fd = open(tmp.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0600);
			int e = fd < 0 ? errno : 0;
			if (fd >= 0) {
				close(fd);
				unlink(tmp.c_str());
			}
			return lv_error_set(LV_EIO, "cannot create %s: %s", path,
					    e ? strerror(e) : "OpenCV cannot write it");
		}
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
