/* The table of built-in commands, in the order `limbvol help` lists them. */
#include "commands.h"

#include <stddef.h>

const struct lv_command lv_commands[] = {
	{ "tape", cmd_tape, "volume from tape circumferences (quick, interactive or CSV)" },
	{ "mask", cmd_mask, "volume and virtual tape from PNG silhouette masks" },
	{ NULL, NULL, NULL }
};
