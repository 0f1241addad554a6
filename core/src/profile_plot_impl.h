/*
 * profile_plot_impl.h - the limb profile picture painted on a cairo context
 * the caller owns (the report page draws it into its own page).
 */
#ifndef PROFILE_PLOT_IMPL_H
#define PROFILE_PLOT_IMPL_H

#include <cairo.h>

#include "limbvol/profile_plot.h"

/*
 * Paint the picture of lv_profile_plot on cr, o->width_px x o->height_px
 * units from the origin; subtitle replaces the volumes computed from the
 * profiles (NULL: computed, as lv_profile_plot does).
 */
int profile_plot_paint(cairo_t *cr, const lv_profile *p, const lv_profile *other,
		       const lv_profile_plot_opts *o, const char *subtitle);

#endif
