/* limbvol tape: placeholder until the tape command lands. */
#include "commands.h"
#include "cli.h"

int cmd_tape(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return LV_EXIT_SOFTWARE;
}
