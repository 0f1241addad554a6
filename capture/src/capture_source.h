/*
 * capture_source.h - where limbvol capture's frames come from: a V4L2
 * camera (--device N or /dev/videoN), a video file, or an image sequence
 * (--source 'shots/%03d.png': one printf-style %d conversion, numbered from
 * 0 or 1).  Every frame is 8-bit BGR of one size.
 */
#ifndef CAPTURE_SOURCE_H
#define CAPTURE_SOURCE_H

#include "cvs.h"

enum capture_source_kind { SOURCE_DEVICE, SOURCE_FILE, SOURCE_SEQUENCE };

typedef struct capture_source capture_source;

/* --device: "N" or a device path.  --source: a file or a pattern. */
int capture_source_open_device(capture_source **out, const char *device, int width, int height);
int capture_source_open(capture_source **out, const char *source);
void capture_source_close(capture_source *s);

enum capture_source_kind capture_source_kind(const capture_source *s);
const char *capture_source_name(const capture_source *s);
void capture_source_size(const capture_source *s, int *width, int *height);

/*
 * The next frame (reused buffer in *frame, see cvs_video_read) and its
 * time in seconds since the first frame: a file's own clock (frame number
 * over its rate, 25 per second when it does not say), a camera's wall clock.
 * Returns 1 with a frame; 0 at a file's or sequence's end; negative:
 * LV_EIO when a camera stops sending frames (unplugged), LV_EIMAGE when a
 * video stops before the frame count it declares (truncated) or a frame of
 * a sequence cannot be read.
 */
int capture_source_read(capture_source *s, cvs_image **frame, double *t_s);

/* Frames per second: a file's own rate (25 when it does not say), a
 * camera's (30 when it does not say). */
double capture_source_fps(const capture_source *s);

/* Frames read so far. */
long capture_source_frames(const capture_source *s);

#endif
