/* The table of built-in commands, in the order `limbvol help` lists them. */
#include "commands.h"

#include <stddef.h>

const struct lv_command lv_commands[] = {
	{ "tape", cmd_tape, "volume from tape circumferences (quick, interactive or CSV)" },
	{ NULL, NULL, NULL }
};
