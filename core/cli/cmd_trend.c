/* limbvol trend: placeholder. */
#include "commands.h"
#include "cli.h"

int cmd_trend(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	return LV_EXIT_SOFTWARE;
}
