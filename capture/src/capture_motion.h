/*
 * capture_motion.h - is the scene still, or moving?  For limbvol capture's
 * automatic captures (--headless): the first view is taken once the image
 * has been still for some frames, the side view after a movement (the
 * turn) and the next stillness.
 *
 * Each frame is reduced to a thumbnail about 160 px wide by box averages
 * (8 x 8 pixels and more each), in grey.  A sensor's noise is independent
 * from pixel to pixel and frame to frame, so averaging 64 pixels divides it
 * by 8: a camera with a noise of 5 grey levels (sd) leaves about 0.9 in the
 * thumbnail, far below MOTION_LEVEL.  A thumbnail pixel "moved" when it
 * differs from the previous frame's by more than MOTION_LEVEL grey levels;
 * a frame is still when under MOTION_STILL of its pixels moved, and it
 * shows movement when more than MOTION_MOVING did.  Against slow drift, a
 * still run also ends when the frame differs that much from the run's first
 * frame.
 */
#ifndef CAPTURE_MOTION_H
#define CAPTURE_MOTION_H

#include "cvs.h"

#define MOTION_THUMB_WIDTH 160
#define MOTION_LEVEL 8.0
#define MOTION_STILL 0.004
#define MOTION_MOVING 0.03

typedef struct capture_motion capture_motion;

int capture_motion_new(capture_motion **out);
void capture_motion_free(capture_motion *m);

/* Feed a frame; afterwards: the share of thumbnail pixels that moved since
 * the previous frame, whether it moved (> MOTION_MOVING), and how many
 * consecutive frames have been still (0 for a moving frame). */
int capture_motion_feed(capture_motion *m, const cvs_image *frame);
double capture_motion_moved(const capture_motion *m);
int capture_motion_moving(const capture_motion *m);
int capture_motion_still_frames(const capture_motion *m);

#endif
