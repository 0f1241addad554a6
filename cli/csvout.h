/*
 * csvout.h - CSV output in the C convention or the German/European one
 * (limbvol/csv.h, lv_csv_style): the --csv-locale option every command that
 * writes CSV takes, and the copy of a finished C-style CSV to where it goes.
 *
 * Every writer builds its CSV in the C style (',' and a decimal point) in a
 * temporary file, as cli_publish wants; with --csv-locale de the copy puts
 * ';' between the fields and a decimal comma in the numbers (never in the
 * text columns: a patient code "12.5" stays as it is).
 */
#ifndef CLI_CSVOUT_H
#define CLI_CSVOUT_H

#include <stdio.h>

#include "opt.h"
#include "limbvol/csv.h"

/* --csv-locale c|de, a fragment of an option table at an lv_csv_style. */
extern const struct cli_opt cli_csv_locale_options[];

/* The text columns of limbvol's CSV outputs: copied without a decimal comma. */
extern const char *const cli_csv_text_columns[];

/*
 * Copy the finished C-style CSV in tmp (a temporary file) to out in style;
 * 0 or a negative lv_status (error set).
 */
int cli_csv_copy(FILE *tmp, FILE *out, lv_csv_style style);

/* cli_publish (cli.h) of a C-style CSV in tmp, in style; an exit code. */
int cli_publish_csv(const char *cmd, FILE *tmp, lv_csv_style style);

#endif
