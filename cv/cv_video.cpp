// Frames from cameras and video files; video files written (cvs_video.h).
#include "cv_try.hpp"
#include "cvs_video.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <unistd.h>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

struct cvs_video {
	cv::VideoCapture cap;
	cvs_video_info info;
	cv::Mat first; // read at open to prove the source delivers frames
	bool have_first;
};

struct cvs_video_writer {
	cv::VideoWriter w;
	std::string path, tmp;
	int width, height;
};

namespace
{

void quiet()
{
	cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
	// FFmpeg logs on its own ("[mjpeg @ 0x...] overread 8" for a damaged
	// file); OpenCV's FFmpeg backend reads this once, at its first use, and
	// sets av_log_set_level() from it: -8 is AV_LOG_QUIET.  A level the user
	// set is kept.
	setenv("OPENCV_FFMPEG_LOGLEVEL", "-8", 0);
}

// A frame of a plausible size, 8-bit BGR (gray or BGRA converted).
int check_frame(const cv::Mat &m, const char *what)
{
	if (m.empty() || m.depth() != CV_8U || (m.channels() != 1 && m.channels() != 3) ||
	    (double)m.total() > CVS_MAX_PIXELS)
		return lv_error_set(LV_EIMAGE, "%s: a frame of an unexpected size or type", what);
	return LV_OK;
}

int finish_open(cvs_video *v, const char *what)
{
	if (!v->cap.read(v->first) || v->first.empty())
		return LV_ENOTFOUND; // the caller says what it means for its source
	int rc = check_frame(v->first, what);
	if (rc < 0)
		return rc;
	v->have_first = true;
	v->info.width = v->first.cols;
	v->info.height = v->first.rows;
	double fps = v->cap.get(cv::CAP_PROP_FPS);
	v->info.fps = fps > 0 && fps < 1000 ? fps : 0;
	return LV_OK;
}

} // namespace

extern "C" {

int cvs_video_open_device(cvs_video **out, const char *device, int width, int height)
{
	struct stat st;
	*out = nullptr;
	if (stat(device, &st) != 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
				    "no camera at %s: %s (is it plugged in? `ls /dev/video*` lists "
				    "the cameras)",
				    device, std::strerror(errno));
	if (!S_ISCHR(st.st_mode))
		return lv_error_set(LV_ENOTFOUND, "%s is not a camera device", device);
	return cvs_try(device, [&]() -> int {
		quiet();
		auto *v = new cvs_video();
		v->info.frame_count = -1;
		if (!v->cap.open(device, cv::CAP_V4L2)) {
			delete v;
			return lv_error_set(LV_EIO,
					    "cannot open the camera at %s (in use by another "
					    "program, or not a video capture device)",
					    device);
		}
		if (width > 0 && height > 0) {
			v->cap.set(cv::CAP_PROP_FRAME_WIDTH, width);
			v->cap.set(cv::CAP_PROP_FRAME_HEIGHT, height);
		}
		// the newest frame, not a queue of old ones, when the preview is slow
		v->cap.set(cv::CAP_PROP_BUFFERSIZE, 1);
		int rc = finish_open(v, device);
		if (rc == LV_ENOTFOUND)
			rc = lv_error_set(LV_EIO, "the camera at %s opened but sends no frames",
					  device);
		if (rc < 0) {
			delete v;
			return rc;
		}
		*out = v;
		return LV_OK;
	});
}

int cvs_video_open_file(cvs_video **out, const char *path)
{
	struct stat st;
	*out = nullptr;
	if (stat(path, &st) != 0)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read %s: %s",
				    path, std::strerror(errno));
	if (!S_ISREG(st.st_mode))
		return lv_error_set(LV_EIMAGE, "%s is not a video file", path);
	if (st.st_size == 0)
		return lv_error_set(LV_EIMAGE, "%s is empty: not a video", path);
	if (access(path, R_OK) != 0)
		return lv_error_set(LV_EIO, "cannot read %s: %s", path, std::strerror(errno));
	return cvs_try(path, [&]() -> int {
		quiet();
		auto *v = new cvs_video();
		if (!v->cap.open(path, cv::CAP_FFMPEG)) {
			delete v;
			return lv_error_set(LV_EIMAGE,
					    "%s is not a video that can be decoded (unknown format, "
					    "damaged or truncated)",
					    path);
		}
		double n = v->cap.get(cv::CAP_PROP_FRAME_COUNT);
		v->info.frame_count = n >= 1 && n < 1e9 ? (long)n : -1;
		int rc = finish_open(v, path);
		if (rc == LV_ENOTFOUND)
			rc = lv_error_set(LV_EIMAGE, "%s holds no frame that can be decoded", path);
		if (rc < 0) {
			delete v;
			return rc;
		}
		*out = v;
		return LV_OK;
	});
}

void cvs_video_info_get(const cvs_video *v, cvs_video_info *info)
{
	*info = v->info;
}

int cvs_video_read(cvs_video *v, cvs_image **frame)
{
	if (!v || !frame)
		return lv_error_set(LV_EINVAL, "video read: bad arguments");
	return cvs_try("video read", [&]() -> int {
		if (!*frame)
			*frame = new cvs_image;
		cv::Mat &m = (*frame)->mat;
		if (v->have_first) {
			v->have_first = false;
			v->first.copyTo(m);
			v->first.release();
		} else {
			// a failed read may empty its Mat: the caller's frame stays
			cv::Mat next;
			if (!v->cap.read(next) || next.empty())
				return 0;
			m = next;
		}
		if (m.channels() == 1) {
			cv::Mat c;
			cv::cvtColor(m, c, cv::COLOR_GRAY2BGR);
			m = c;
		}
		int rc = check_frame(m, "video");
		if (rc < 0)
			return rc;
		if (m.cols != v->info.width || m.rows != v->info.height)
			return lv_error_set(LV_EIMAGE,
					    "the frames changed size from %dx%d to %dx%d mid-stream",
					    v->info.width, v->info.height, m.cols, m.rows);
		return 1;
	});
}

void cvs_video_close(cvs_video *v)
{
	(void)cvs_try("video close", [&]() -> int {
		delete v;
		return LV_OK;
	});
}

int cvs_video_writer_open(cvs_video_writer **out, const char *path, int width, int height,
			  double fps, int quality)
{
	*out = nullptr;
	if (width <= 0 || height <= 0 || (double)width * height > CVS_MAX_PIXELS ||
	    !(fps > 0 && fps <= 1000) || quality < 0 || quality > 100)
		return lv_error_set(LV_EINVAL, "video writer: bad size, rate or quality");
	return cvs_try(path, [&]() -> int {
		quiet();
		auto *w = new cvs_video_writer();
		w->path = path;
		w->tmp = w->path + ".tmp" + std::to_string(getpid()) + ".avi";
		w->width = width;
		w->height = height;
		if (!w->w.open(w->tmp, cv::CAP_OPENCV_MJPEG,
			       cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), fps,
			       cv::Size(width, height), true)) {
			delete w;
			return lv_error_set(LV_EIO, "cannot create %s", path);
		}
		w->w.set(cv::VIDEOWRITER_PROP_QUALITY, quality);
		*out = w;
		return LV_OK;
	});
}

int cvs_video_writer_add(cvs_video_writer *w, const cvs_image *frame)
{
	if (!w || !frame || frame->mat.cols != w->width || frame->mat.rows != w->height ||
	    frame->mat.type() != CV_8UC3)
		return lv_error_set(LV_EINVAL, "video writer: a frame of another size or type");
	return cvs_try(w->path.c_str(), [&]() -> int {
		w->w.write(frame->mat);
		return LV_OK;
	});
}

int cvs_video_writer_close(cvs_video_writer *w)
{
	if (!w)
		return LV_OK;
	int rc = cvs_try(w->path.c_str(), [&]() -> int {
		w->w.release();
		if (std::rename(w->tmp.c_str(), w->path.c_str()) != 0)
			return lv_error_set(LV_EIO, "cannot write %s: %s", w->path.c_str(),
					    std::strerror(errno));
		return LV_OK;
	});
	(void)cvs_try("video writer", [&]() -> int {
		if (rc < 0)
			std::remove(w->tmp.c_str());
		delete w;
		return LV_OK;
	});
	return rc;
}

} // extern "C"
