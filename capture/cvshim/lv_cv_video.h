/*
 * lv_cv_video.h - frames from a camera or a video file, video files written,
 * and a preview window with its keys (OpenCV videoio and highgui).
 *
 * Cameras are opened through V4L2 by device path (/dev/video0); video files
 * through OpenCV's demuxers (AVI with MJPG, MP4, ...).  Frames are 8-bit BGR.
 * OpenCV's own log messages are silenced: every failure is an lv_status and
 * a message (lv_error_last()), as everywhere in the shim.
 */
#ifndef LV_CV_VIDEO_H
#define LV_CV_VIDEO_H

#include "lv_cv.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_cv_video lv_cv_video;

typedef struct lv_cv_video_info {
	int width, height; /* of the frames */
	double fps; /* frames per second, 0 when unknown */
	long frame_count; /* frames the file says it holds, -1 when unknown (cameras) */
} lv_cv_video_info;

/*
 * Open the V4L2 camera at `device` (a path such as /dev/video0), asking for
 * width x height (0: its default).  LV_ENOTFOUND when no such device node
 * exists, LV_EIO when it is not a camera that can be opened.
 */
int lv_cv_video_open_device(lv_cv_video **out, const char *device, int width, int height);

/* Open a video file.  LV_ENOTFOUND when missing, LV_EIMAGE when it is not
 * a video that can be decoded or holds no frame of a plausible size. */
int lv_cv_video_open_file(lv_cv_video **out, const char *path);

void lv_cv_video_info_get(const lv_cv_video *v, lv_cv_video_info *info);

/*
 * The next frame into *frame (a new image on the first call, then reused:
 * the caller frees it with lv_cv_image_free()).  Returns 1 with a frame, 0
 * at the end of the stream (a file's end, a camera that stopped sending
 * frames), or a negative lv_status.
 */
int lv_cv_video_read(lv_cv_video *v, lv_cv_image **frame);

void lv_cv_video_close(lv_cv_video *v);

/* A video file written frame by frame (Motion-JPEG in AVI: every frame a
 * JPEG of the given quality, 0-100).  Frames must all be width x height. */
typedef struct lv_cv_video_writer lv_cv_video_writer;
int lv_cv_video_writer_open(lv_cv_video_writer **out, const char *path, int width, int height,
			    double fps, int quality);
int lv_cv_video_writer_add(lv_cv_video_writer *w, const lv_cv_image *frame);
/* Finish the file (its index); LV_EIO when it cannot be completed. */
int lv_cv_video_writer_close(lv_cv_video_writer *w);

/*
 * The preview window.  lv_cv_window_open() checks first that a display is
 * there (a missing X display would end the process inside the GUI
 * toolkit): LV_EIO with a message otherwise.  Keys: the code of the key
 * pressed (ASCII for printable keys, 27 Escape), or -1 when none was
 * pressed within wait_ms (at least 1).  A window closed by the user reads
 * as closed through lv_cv_window_closed().
 */
int lv_cv_window_open(const char *title, int width, int height);
int lv_cv_window_show(const char *title, const lv_cv_image *img);
int lv_cv_window_key(int wait_ms, int *key);
int lv_cv_window_closed(const char *title);
void lv_cv_window_close(const char *title);

/* Drawing for the preview (colours 0xRRGGBB): a rectangle blended over the
 * image with opacity alpha (0-1, filled), and the width in px of a text
 * drawn by lv_cv_draw_text() at that height. */
int lv_cv_draw_box(lv_cv_image *img, int x, int y, int w, int h, unsigned rgb, double alpha);
int lv_cv_text_width(const char *text, double height_px, int *width_px);

#ifdef __cplusplus
}
#endif
#endif
