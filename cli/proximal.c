/* --proximal up|down|left|right, shared by limbvol photo, capture and mask (opt.h). */
#include "opt.h"

static const struct cli_choice proximal_dirs[] = { { "up", CLI_PROXIMAL_UP },
						   { "down", CLI_PROXIMAL_DOWN },
						   { "left", CLI_PROXIMAL_LEFT },
						   { "right", CLI_PROXIMAL_RIGHT },
						   { NULL, 0 } };

const struct cli_opt cli_proximal_options[] = {
	{ CLI_CHOICE, "proximal", 0, 0, .arg = "DIR", .choices = proximal_dirs,
	  .help = "where the limb's proximal end is in the image: up,\n"
		  "down, left or right; needed when the limb crosses\n"
		  "the frame at both ends (a standing leg whose toes\n"
		  "leave the frame), checked against the image otherwise" },
	{ CLI_END }
};
