/* The table of built-in commands, in the order `limbvol help` lists them;
 * each command's name and summary are in its own table (cmd_<name>.c). */
#include "commands.h"

#include <stddef.h>

const struct command commands[] = {
	{ cmd_tape, &tape_cmd },
	{ cmd_mask, &mask_cmd },
	{ cmd_record, &record_cmd },
	{ cmd_patients, &patients_cmd },
	{ cmd_history, &history_cmd },
	{ cmd_trend, &trend_cmd },
	{ cmd_alerts, &alerts_cmd },
	{ cmd_garment, &garment_cmd },
	{ cmd_report, &report_cmd },
	{ cmd_export, &export_cmd },
	{ cmd_import, &import_cmd },
	{ cmd_migrate, &migrate_cmd },
	{ cmd_show, &show_cmd },
	{ cmd_edit, &edit_cmd },
	{ cmd_delete, &delete_cmd },
	{ cmd_undelete, &undelete_cmd },
	{ cmd_purge, &purge_cmd },
	{ cmd_weights, &weights_cmd },
	{ NULL, NULL },
};
