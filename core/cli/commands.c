/* The table of built-in commands, in the order `limbvol help` lists them. */
#include "commands.h"

#include <stddef.h>

const struct command commands[] = {
	{ "tape", cmd_tape, "volume from tape circumferences (quick, interactive or CSV)" },
	{ "mask", cmd_mask, "volume and virtual tape from PNG silhouette masks" },
	{ "record", cmd_record, "store a measurement of a patient (typed, -i or tape CSV)" },
	{ "patients", cmd_patients, "list the patients in the store, or set a patient's details" },
	{ "history", cmd_history,
	  "a patient's measurements with EV, PEV, RVC and session changes" },
	{ "trend", cmd_trend,
	  "plot a patient's volumes over time (PNG, SVG, PDF) or print the series" },
	{ "alerts", cmd_alerts, "patients whose latest RVC crosses a surveillance threshold" },
	{ "garment", cmd_garment, "the RAL-GZ 387 form of a made-to-measure compression garment" },
	{ "report", cmd_report,
	  "one page for a patient's file: visits, trend, profile (PDF, PNG, SVG)" },
	{ "export", cmd_export, "write a patient's (or every) stored data as CSV or JSON" },
	{ "import", cmd_import, "read an export or tape CSV file into the store (all or nothing)" },
	{ "migrate", cmd_migrate, "copy one store into another (SQLite file, PostgreSQL)" },
	{ "show", cmd_show, "print a stored measurement or weight, its audit trail, its profile" },
	{ "edit", cmd_edit, "correct a stored measurement or weight (the old values are kept)" },
	{ "delete", cmd_delete, "delete a stored measurement or weight (recoverable until purge)" },
	{ "undelete", cmd_undelete, "bring back a deleted measurement or weight" },
	{ "purge", cmd_purge, "remove deleted measurements and weights for good (asks first)" },
	{ "weights", cmd_weights, "list a patient's body weights with their ids" },
	{ NULL, NULL, NULL }
};
