/*
 * store_cli.h - what the store commands (record, patients, history, export,
 * import, delete, trend) share: opening the database named by --db,
 * $LIMBVOL_DB or the default path, and printing patient codes safely.
 */
#ifndef STORE_CLI_H
#define STORE_CLI_H

#include <stdint.h>
#include <stdio.h>

#include "opt.h"
#include "limbvol/store.h"

/* The --db option, a fragment of an option table (opt.h): its value is a
 * const char * at the fragment's offset. */
extern const struct cli_opt sc_db_options[];

/* CLI_CALLs setting a const char * to a checked patient code, or date
 * (YYYY-MM-DD[THH:MM]). */
int sc_set_code(struct cli_parser *p, void *base, const char *text);
int sc_set_date(struct cli_parser *p, void *base, const char *text);

/* A --limb option: CLI_CALL sc_set_limb at a struct sc_limb. */
struct sc_limb {
	int given;
	lv_limb limb;
};
int sc_set_limb(struct cli_parser *p, void *base, const char *text);

/* A CLI_CALL setting an int64_t to a positive whole number (an id). */
int sc_set_id(struct cli_parser *p, void *base, const char *text);

/*
 * Open the store: path from --db (db may be NULL), else the default path;
 * create it when create is 1; only read it when create is SC_READ (a
 * read-only store in a read-only folder works, nothing is left beside it).
 * Prints the error and returns an exit code.
 */
#define SC_READ 2
int sc_open(const char *cmd, const char *db, int create, lv_store **out);

/* A patient code for text and CSV reports: unprintable bytes as \xNN. */
void sc_code(FILE *f, const char *code);
/* The same, as a JSON string literal. */
void sc_code_json(FILE *f, const char *code);
/*
 * Any stored text as a valid JSON string literal: valid UTF-8 exactly (it
 * reads back the same), bytes that are not UTF-8 as the text \xNN.
 */
void sc_json_text(FILE *f, const char *s);
/* Any stored text on a terminal: control and non-UTF-8 bytes as \xNN. */
void sc_text(FILE *f, const char *s);
/* A number with up to `decimals` decimals, trailing zeros dropped. */
void sc_num(FILE *f, double v, int decimals);
/* A positive integer id argument; prints a usage error and returns -1. */
int sc_id(const char *cmd, const char *what, const char *text, int64_t *out);
/*
 * The id of a stored item: a measurement's number (17) or a weight's with
 * a w (w3, as `limbvol weights` lists them).  *weight 1 for a weight.
 * Prints a usage error and returns -1.
 */
int sc_item(const char *cmd, const char *text, int64_t *out, int *weight);

/* The revisions of a measurement or weight as text lines, CSV rows or JSON
 * array elements (the trail that `show --history` prints). */
struct sc_trail {
	FILE *f;
	int fmt; /* enum cli_format */
	size_t n;
};
int sc_print_revision(const lv_revision *r, void *ctx);

/* The current local date and time as YYYY-MM-DDTHH:MM. */
void sc_now(char buf[LV_STORE_DATE_MAX]);

#endif

/* Format a number like sc_num into buf (size >= 40). */
const char *sc_numbuf(char *buf, size_t size, double v, int decimals);
