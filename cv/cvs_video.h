/*
 * cvs_video.h - frames from a camera or a video file, video files written,
 * and a preview window with its keys (OpenCV videoio and highgui).
 *
 * Cameras are opened through V4L2 by device path (/dev/video0); video files
 * through OpenCV's demuxers (AVI with MJPG, MP4, ...).  Frames are 8-bit BGR.
 * OpenCV's own log messages are silenced: every failure is an lv_status and
 * a message (lv_error_last()), as everywhere in the shim.
 */
#ifndef CVS_VIDEO_H
#define CVS_VIDEO_H

#include "cvs.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct cvs_video cvs_video;

typedef struct cvs_video_info {
	int width, height; /* of the frames */
	double fps; /* frames per second, 0 when unknown */
	long frame_count; /* frames the file says it holds, -1 when unknown (cameras) */
} cvs_video_info;

/*
 * Open the V4L2 camera at `device` (a path such as /dev/video0), asking for
 * width x height (0: its default).  LV_ENOTFOUND when no such device node
 * exists, LV_EIO when it is not a camera that can be opened.
 */
int cvs_video_open_device(cvs_video **out, const char *device, int width, int height);

/* Open a video file.  LV_ENOTFOUND when missing, LV_EIMAGE when it is not
 * a video that can be decoded or holds no frame of a plausible size. */
int cvs_video_open_file(cvs_video **out, const char *path);

void cvs_video_info_get(const cvs_video *v, cvs_video_info *info);

/*
 * The next frame into *frame (a new image on the first call, then reused:
 * the caller frees it with cvs_image_free()).  Returns 1 with a frame, 0
 * at the end of the stream (a file's end, a camera that stopped sending
 * frames), or a negative lv_status.
 */
int cvs_video_read(cvs_video *v, cvs_image **frame);

void cvs_video_close(cvs_video *v);

/* A video file written frame by frame (Motion-JPEG in AVI: every frame a
 * JPEG of the given quality, 0-100).  Frames must all be width x height. */
typedef struct cvs_video_writer cvs_video_writer;
int cvs_video_writer_open(cvs_video_writer **out, const char *path, int width, int height,
			  double fps, int quality);
int cvs_video_writer_add(cvs_video_writer *w, const cvs_image *frame);
/* Finish the file (its index); LV_EIO when it cannot be completed. */
int cvs_video_writer_close(cvs_video_writer *w);

/*
 * The preview window.  cvs_window_open() checks first that a display is
 * there (a missing X display would end the process inside the GUI
 * toolkit): LV_EIO with a message otherwise.  Keys: the code of the key
 * pressed (ASCII for printable keys, 27 Escape), or -1 when none was
 * pressed within wait_ms (at least 1).  A window closed by the user reads
 * as closed through cvs_window_closed().
 */
int cvs_window_open(const char *title, int width, int height);
int cvs_window_show(const char *title, const cvs_image *img);
int cvs_window_key(int wait_ms, int *key);
int cvs_window_closed(const char *title);
void cvs_window_close(const char *title);

/* Drawing for the preview (colours 0xRRGGBB): a rectangle blended over the
 * image with opacity alpha (0-1, filled), and the width in px of a text
 * drawn by cvs_draw_text() at that height. */
int cvs_draw_box(cvs_image *img, int x, int y, int w, int h, unsigned rgb, double alpha);
int cvs_text_width(const char *text, double height_px, int *width_px);

#ifdef __cplusplus
}
#endif
#endif
