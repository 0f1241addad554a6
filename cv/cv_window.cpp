// The preview window, its keys, and drawing for it (cvs_video.h).
#include "cv_try.hpp"
#include "cvs_video.h"

#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/stat.h>
#include <opencv2/core/utils/logger.hpp>
#include <opencv2/highgui.hpp>
#include <opencv2/imgproc.hpp>

namespace
{

// The GUI toolkit (Qt here) ends the process when it cannot reach the
// display, so a local X display's socket is checked first.
int display_check()
{
	const char *d = std::getenv("DISPLAY");
	const char *wl = std::getenv("WAYLAND_DISPLAY");
	if ((!d || !*d) && (!wl || !*wl))
		return lv_error_set(LV_EIO,
				    "no display to open the preview window on (DISPLAY is "
				    "not set): use --headless");
	if (d && *d == ':') {
		std::string sock = "/tmp/.X11-unix/X" + std::string(d + 1);
		sock = sock.substr(0, sock.find('.', sock.find_last_of('X')));
		struct stat st;
		if (stat(sock.c_str(), &st) != 0)
			return lv_error_set(LV_EIO,
					    "cannot reach the display %s (no X server there): use "
					    "--headless",
					    d);
	}
	return LV_OK;
}

} // namespace

extern "C" {

int cvs_window_open(const char *title, int width, int height)
{
	int rc = display_check();
	if (rc < 0)
		return rc;
	return cvs_try("preview window", [&]() -> int {
		cv::utils::logging::setLogLevel(cv::utils::logging::LOG_LEVEL_SILENT);
		cv::namedWindow(title,
				cv::WINDOW_NORMAL | cv::WINDOW_KEEPRATIO | cv::WINDOW_GUI_NORMAL);
		if (width > 0 && height > 0)
			cv::resizeWindow(title, width, height);
		return LV_OK;
	});
}

int cvs_window_show(const char *title, const cvs_image *img)
{
	if (!img || img->mat.empty())
		return lv_error_set(LV_EINVAL, "window: no image");
	return cvs_try("preview window", [&]() -> int {
		cv::imshow(title, img->mat);
		return LV_OK;
	});
}

int cvs_window_key(int wait_ms, int *key)
{
	*key = -1;
	return cvs_try("preview window", [&]() -> int {
		int k = cv::waitKey(wait_ms < 1 ? 1 : wait_ms);
		*key = k < 0 ? -1 : (k & 0xff);
		return LV_OK;
	});
}

int cvs_window_closed(const char *title)
{
	int closed = 0;
	(void)cvs_try("preview window", [&]() -> int {
		closed = cv::getWindowProperty(title, cv::WND_PROP_VISIBLE) < 1;
		return LV_OK;
	});
	return closed;
}

void cvs_window_close(const char *title)
{
	(void)cvs_try("preview window", [&]() -> int {
		cv::destroyWindow(title);
		cv::waitKey(1);
		return LV_OK;
	});
}

int cvs_draw_box(cvs_image *img, int x, int y, int w, int h, unsigned rgb, double alpha)
{
	if (!img || img->mat.type() != CV_8UC3)
		return lv_error_set(LV_EINVAL, "draw: bad arguments");
	return cvs_try("draw", [&]() -> int {
		cv::Rect r = cv::Rect(x, y, w, h) & cv::Rect(0, 0, img->mat.cols, img->mat.rows);
		if (r.empty())
			return LV_OK;
		cv::Mat roi = img->mat(r);
		cv::Scalar c(rgb & 0xff, (rgb >> 8) & 0xff, (rgb >> 16) & 0xff);
		double a = alpha < 0 ? 0 : alpha > 1 ? 1 : alpha;
		cv::addWeighted(roi, 1 - a, cv::Mat(roi.size(), roi.type(), c), a, 0, roi);
		return LV_OK;
	});
}

int cvs_text_width(const char *text, double height_px, int *width_px)
{
	*width_px = 0;
	return cvs_try("draw", [&]() -> int {
		double scale = height_px / 22.0 < 0.3 ? 0.3 : height_px / 22.0;
		int base = 0, th = (int)(scale * 2) < 1 ? 1 : (int)(scale * 2);
		*width_px =
			cv::getTextSize(text, cv::FONT_HERSHEY_SIMPLEX, scale, th + 2, &base).width;
		return LV_OK;
	});
}

} // extern "C"
