/* The layout of lv_profile, shared by the files that compute on it. */
#ifndef PROFILE_IMPL_H
#define PROFILE_IMPL_H

#include <stddef.h>
#include "limbvol/profile.h"

struct lv_profile {
	size_t n;
	int has_widths;
	int one_view; /* widths from one view: side == front, one reading */
	double *site_cm; /* n sites */
	double *circ_cm; /* n circumferences (tape, or ellipse perimeter) */
	double *front_cm; /* n widths; for a tape profile C/pi */
	double *side_cm; /* n widths; for a tape profile C/pi */
};

#endif
