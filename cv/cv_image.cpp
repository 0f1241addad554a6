// Images in and out of OpenCV.
#include "cv_try.hpp"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <opencv2/imgcodecs.hpp>

extern "C" {

const char *cvs_version(void)
{
	return CV_VERSION;
}

void cvs_image_free(cvs_image *img)
{
	delete img;
}

void cvs_image_view(const cvs_image *img, cvs_view *out)
{
	out->data = const_cast<unsigned char *>(img->mat.data);
	out->width = img->mat.cols;
	out->height = img->mat.rows;
	out->stride = img->mat.step[0];
	out->channels = img->mat.channels();
}

int cvs_image_new(cvs_image **out, int width, int height, int channels)
{
	*out = nullptr;
	if (width <= 0 || height <= 0 || (channels != 1 && channels != 3) ||
	    (double)width * height > CVS_MAX_PIXELS)
		return lv_error_set(LV_EINVAL, "bad image size %dx%d", width, height);
	return cvs_try("new image", [&]() -> int {
		auto *img = new cvs_image;
		img->mat = cv::Mat::zeros(height, width, channels == 1 ? CV_8UC1 : CV_8UC3);
		*out = img;
		return LV_OK;
	});
}

int cvs_image_from_view(cvs_image **out, const cvs_view *v)
{
	*out = nullptr;
	return cvs_try("copy image", [&]() -> int {
		cv::Mat borrowed(v->height, v->width, v->channels == 1 ? CV_8UC1 : CV_8UC3, v->data,
				 v->stride);
		auto *img = new cvs_image;
		img->mat = borrowed.clone();
		*out = img;
		return LV_OK;
	});
}

int cvs_image_read(cvs_image **out, const char *path, int mode)
{
	*out = nullptr;
	if (access(path, R_OK) != 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, strerror(errno));
	return cvs_try(path, [&]() -> int {
		cv::Mat m =
			cv::imread(path,
				   mode == CVS_READ_GRAY ? cv::IMREAD_GRAYSCALE : cv::IMREAD_COLOR);
		if (m.empty())
			return lv_error_set(
				LV_EIMAGE,
				"%s is not an image that can be decoded (unknown format, truncated or too large)",
				path);
		if ((double)m.total() > CVS_MAX_PIXELS)
			return lv_error_set(LV_EIMAGE,
					    "%s has %dx%d pixels, more than 50 megapixels", path,
					    m.cols, m.rows);
		auto *img = new cvs_image;
		img->mat = std::move(m);
		*out = img;
		return LV_OK;
	});
}

int cvs_image_write(const cvs_image *img, const char *path)
{
	return cvs_try(path, [&]() -> int {
		std::string p(path);
		std::string ext = p.substr(
			p.find_last_of('.') == std::string::npos ? p.size() : p.find_last_of('.'));
		std::string tmp = p + ".tmp" + std::to_string(getpid()) + ext;
		if (!cv::imwrite(tmp, img->mat)) {
			std::remove(tmp.c_str());
			return lv_error_set(LV_EIO, "cannot write %s", path);
		}
		if (std::rename(tmp.c_str(), path) != 0) {
			int e = errno;
			std::remove(tmp.c_str());
			return lv_error_set(LV_EIO, "cannot write %s: %s", path, std::strerror(e));
		}
		return LV_OK;
	});
}

} // extern "C"
