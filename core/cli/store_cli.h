/*
 * store_cli.h - what the store commands (record, patients, history, export,
 * import, delete, trend) share: opening the database named by --db,
 * $LIMBVOL_DB or the default path, and printing patient codes safely.
 */
#ifndef LV_STORE_CLI_H
#define LV_STORE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "limbvol/store.h"

/* Help text of the --db option, for each command's --help. */
extern const char lv_sc_db_help[];

/*
 * Open the store: path from --db (db may be NULL), else the default path;
 * create it when create is 1; only read it when create is LV_SC_READ (a
 * read-only store in a read-only folder works, nothing is left beside it).
 * Prints the error and returns an exit code.
 */
#define LV_SC_READ 2
int lv_sc_open(const char *cmd, const char *db, int create, lv_store **out);

/* A patient code for text and CSV reports: unprintable bytes as \xNN. */
void lv_sc_code(FILE *f, const char *code);
/* The same, as a JSON string literal. */
void lv_sc_code_json(FILE *f, const char *code);
/*
 * Any stored text as a valid JSON string literal: valid UTF-8 exactly (it
 * reads back the same), bytes that are not UTF-8 as the text \xNN.
 */
void lv_sc_json_text(FILE *f, const char *s);
/* Any stored text on a terminal: control and non-UTF-8 bytes as \xNN. */
void lv_sc_text(FILE *f, const char *s);
/* A number with up to `decimals` decimals, trailing zeros dropped. */
void lv_sc_num(FILE *f, double v, int decimals);
/* A positive integer id argument; prints a usage error and returns -1. */
int lv_sc_id(const char *cmd, const char *what, const char *text, int64_t *out);
/* The current local date and time as YYYY-MM-DDTHH:MM. */
void lv_sc_now(char buf[LV_STORE_DATE_MAX]);

#endif

/*
 * The export CSV's columns (doc/store.md), in order; `limbvol export`
 * writes them and `limbvol import` reads them by name.
 */
enum lv_xcol {
	LV_X_RECORD,
	LV_X_PATIENT,
	LV_X_LIMB,
	LV_X_DATE,
	LV_X_PHASE,
	LV_X_SITE,
	LV_X_CIRC,
	LV_X_SIDE,
	LV_X_MEAS,
	LV_X_SESSION,
	LV_X_KIND,
	LV_X_NOTES,
	LV_X_METHOD,
	LV_X_MODEL,
	LV_X_TAPESD,
	LV_X_VOLUME,
	LV_X_SD,
	LV_X_SOURCE,
	LV_X_BIRTH,
	LV_X_SEX,
	LV_X_WEIGHT,
	LV_X_AFFECTED,
	LV_X_LANDMARK,
	LV_X_COUNT
};
extern const char *const lv_xcol_names[LV_X_COUNT];

/* Format a number like lv_sc_num into buf (size >= 40). */
const char *lv_sc_numbuf(char *buf, size_t size, double v, int decimals);
