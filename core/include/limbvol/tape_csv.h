/*
 * limbvol/tape_csv.h - the tape CSV format, read as a stream.
 *
 * Long format, one row per site, header line required:
 *
 *     patient,limb,date,phase,site_cm,circumference_cm
 *     P001,left-arm,2026-03-02,pre,0,17.5
 *     P001,left-arm,2026-03-02,pre,4,19.0
 *
 * limb, site_cm and circumference_cm are required; patient, date and phase
 * are optional; columns may come in any order; unknown columns are
 * refused (a typo in a column name must not silently drop data).
 *   limb   left-arm, right-arm, left-leg or right-leg
 *   date   YYYY-MM-DD, optionally followed by THH:MM or THH:MM:SS
 *   phase  baseline, pre, post or other; a row without one (no phase
 *          column, or an empty field) reads as other, and its group's
 *          phase_column is 0: a caller with a phase of its own (limbvol
 *          record --phase) tells such rows from rows that say "other"
 * The rows of one measurement (same patient, limb, date, phase) must be
 * consecutive, with sites strictly increasing; a group that reappears later
 * in the same visit is refused.  A file in the German/European convention
 * (';' between fields, decimal commas, dates DD.MM.YYYY[ HH:MM] as a de-DE
 * spreadsheet writes them) is recognised from its header line (limbvol/csv.h).  CRLF line ends and a UTF-8 byte-order mark
 * are accepted; a line longer than LV_TAPE_MAX_LINE bytes is refused.
 *
 * The reader streams: memory is one read buffer plus one measurement, however
 * long the file.  Every error is located (file, line, column) in
 * lv_error_last().
 */
#ifndef LIMBVOL_TAPE_CSV_H
#define LIMBVOL_TAPE_CSV_H

#include "limbvol/extern.h"

#include <stddef.h>

#include "limbvol/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_TAPE_MAX_LINE 4096
#define LV_TAPE_MAX_FIELD 256

typedef struct lv_tape_group {
	const char *patient; /* "" when the column is absent */
	lv_limb limb;
	const char *date; /* "" when the column is absent */
	lv_phase phase;
	size_t n; /* number of sites, >= 2 */
	const double *site_cm;
	const double *circumference_cm;
	long first_line; /* line of the group's first row */
	/* the column (from 1) of the phase field in first_line; 0 when the
	 * rows state no phase (no phase column, or an empty field): phase is
	 * then LV_PHASE_OTHER by default, not as the file says */
	long phase_column;
	/* the columns (from 1) of the patient and date fields in first_line;
	 * 0 when the rows state none (no such column, or an empty field) */
	long patient_column, date_column;
} lv_tape_group;

typedef struct lv_tape_reader lv_tape_reader;

/* Open path ("-" for standard input) and read its header. */
LV_EXTERN int lv_tape_reader_open(lv_tape_reader **out, const char *path);

/*
 * The next measurement: 1 and *g filled (valid until the next call), 0 at the
 * end of the file, or a negative status with a located error.
 */
LV_EXTERN int lv_tape_reader_next(lv_tape_reader *r, lv_tape_group *g);

/* Which optional columns the header has. */
LV_EXTERN int lv_tape_reader_has_column(const lv_tape_reader *r, const char *name);

LV_EXTERN void lv_tape_reader_free(lv_tape_reader *r);

/*
 * The patient and date of group g given the ones a caller was told
 * (limbvol record and import --patient, --date; NULL when not told): the
 * group's own when it states one, else the given one (*code, *date; NULL
 * when neither has one; for the date, the more precise of the two).  A
 * patient or date that contradicts the given one (the file of another
 * patient must not pass unnoticed) is LV_EDATA, "expected patient P-7 as
 * --patient says, found P-3", located at where:first_line:column of the
 * field.  Dates agree when neither contradicts the other: one begins with
 * the other and the longer goes on with its time ('T') or seconds (':').
 */
LV_EXTERN int lv_tape_group_given(const lv_tape_group *g, const char *where, const char *patient,
				  const char *date, const char **code, const char **date_out);

#ifdef __cplusplus
}
#endif
#endif
