/*
 * limbvol/exchange.h - the export format: everything the store holds about
 * patients as a file, and the readers that bring it back (doc/store.md,
 * limbvol-export(1)).
 *
 * Two encodings of the same content:
 *  - CSV (the lossless one): one header naming the columns (lv_exchange_columns,
 *    any order, each once), then rows of five kinds told apart by the column
 *    `record`: patient, limb, weight, session, site (one row per site of a
 *    measurement, the rows of one measurement consecutive and sharing its
 *    number) and revision.  Sessions and measurements are numbered within
 *    the patient in date order; a site row names its session by that number,
 *    which must be among the patient's session rows above.  Version 2 adds
 *    the audit trail: the columns deleted (on weight and site rows: when it
 *    was deleted, empty while live), and, on revision rows after a patient's
 *    measurements, measurement or weight (the number of the patient's
 *    measurement, or weight in the order of its weight rows, 1 first), edit,
 *    changed_at, what, old_value, new_value.  Version 3 adds the columns
 *    repeat_sd_ml, camera_distance_cm and views (on site rows: a photo's
 *    repeat sd and how its set was taken, limbvol/store.h; empty when none,
 *    each optional on read).  A version 1 or 2 file (without these columns) reads
 *    as before.
 *  - JSON: {"format": "limbvol-export", "version": 3, "patients": [{"patient":
 *    CODE, "birth_year", "sex", "limbs": [...], "weights": [...], "sessions":
 *    [...], "measurements": [{..., "sites": [...]}], "revisions": [{
 *    "measurement" or "weight": N, "edit", "changed_at", "what", "old",
 *    "new"}]}]}; weights and measurements have "deleted" (null while live),
 *    measurements "repeat_sd_ml", "camera_distance_cm", "views" (version 3;
 *    null when none).  Version 1 and
 *    2 files (no "deleted", no "revisions", no "repeat_sd_ml") read as before; a
 *    version above LV_EXCHANGE_VERSION is refused.  "format" comes before
 *    "patients" and a patient's code and details before its lists (the
 *    writer's order), so that the file streams; unknown keys are skipped.
 *    Texts that are not UTF-8 are written as \xNN (JSON holds only Unicode).
 * A tape CSV file (limbvol/tape_csv.h) is read by the same reader.
 *
 * The readers stream: one record is handed out at a time and memory is one
 * read buffer plus one measurement, however long the file.  Limits: a CSV
 * line of LV_EXCHANGE_MAX_LINE bytes, a JSON string of LV_STORE_MAX_TEXT
 * bytes, JSON nesting LV_EXCHANGE_MAX_DEPTH, LV_MAX_SITES sites per
 * measurement.  Each input is read once: a FIFO or a pipe works.  Errors are
 * located (file, line, column) in lv_error_last().
 */
#ifndef LIMBVOL_EXCHANGE_H
#define LIMBVOL_EXCHANGE_H

#include <stdio.h>

#include "limbvol/error.h"
#include "limbvol/store.h"
#include "limbvol/tape_csv.h"
#include "limbvol/vocab.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_EXCHANGE_MAX_LINE (30 * (LV_STORE_MAX_TEXT + 64))
#define LV_EXCHANGE_VERSION 3 /* of the format this limbvol writes */
#define LV_EXCHANGE_MAX_DEPTH 16

typedef enum lv_exchange_format {
	LV_EXCHANGE_CSV = 0, /* the CSV export */
	LV_EXCHANGE_JSON = 1, /* the JSON export */
	LV_EXCHANGE_TAPE = 2 /* a tape CSV file (read only) */
} lv_exchange_format;

/* The CSV columns in the order the writer puts them; NULL-terminated. */
LV_EXTERN extern const char *const lv_exchange_columns[];

typedef enum lv_xitem_kind {
	LV_XITEM_PATIENT, /* birth_year, sex */
	LV_XITEM_LIMB, /* limb, affected, landmark */
	LV_XITEM_WEIGHT, /* date, weight_kg */
	LV_XITEM_SESSION, /* session, date, session_kind, notes */
	LV_XITEM_MEASUREMENT, /* measurement (its patient and session ids 0), session */
	LV_XITEM_TAPE, /* tape: one measurement of a tape CSV file */
	LV_XITEM_REVISION /* revision (its measurement or weight: numbers in the file) */
} lv_xitem_kind;

/* One record of an export file; its texts are valid until the next call. */
typedef struct lv_xitem {
	lv_xitem_kind kind;
	const char *patient; /* the patient's code ("" in a tape file without one) */
	long line, column; /* where the record starts in the file */
	int birth_year; /* PATIENT: 0 when not given */
	lv_sex sex;
	lv_limb limb; /* LIMB */
	int affected; /* LIMB: 1, 0, or -1 when not given */
	const char *landmark; /* LIMB: NULL when not given */
	const char *date; /* WEIGHT, SESSION */
	double weight_kg;
	long session; /* SESSION: its number; MEASUREMENT: its session's number or 0 */
	lv_session_kind session_kind;
	const char *notes;
	lv_measurement measurement; /* .deleted: NULL while live */
	lv_tape_group tape;
	const char *deleted; /* WEIGHT: NULL while live */
	lv_revision revision; /* REVISION */
} lv_xitem;

typedef struct lv_exchange_reader lv_exchange_reader;

/* Open path ("-" for standard input) and tell its format from its first bytes. */
LV_EXTERN int lv_exchange_open(lv_exchange_reader **out, const char *path);
/* The same on size bytes of memory (kept until lv_exchange_free). */
LV_EXTERN int lv_exchange_open_mem(lv_exchange_reader **out, const void *data, size_t size,
				   const char *name);
LV_EXTERN lv_exchange_format lv_exchange_format_of(const lv_exchange_reader *r);
/* The name in error locations ("<stdin>" for "-"). */
LV_EXTERN const char *lv_exchange_name(const lv_exchange_reader *r);
/* The next record: 1 and *it filled, 0 at the end, or a negative status (located). */
LV_EXTERN int lv_exchange_next(lv_exchange_reader *r, lv_xitem *it);
LV_EXTERN void lv_exchange_free(lv_exchange_reader *r);

typedef struct lv_import_options {
	/*
	 * tape files: the patient and date when the file has no such column (or
	 * an empty field); a patient or date the file states that contradicts
	 * them is refused, LV_EDATA located at its field (lv_tape_group_given)
	 */
	const char *patient, *date;
	double tape_sd_cm; /* tape files: the reading uncertainty of the volumes */
	/* called every 2,000 measurements (may be NULL) */
	void (*progress)(long measurements, void *ctx);
	void *ctx;
	/*
	 * A measurement that is an exact duplicate (lv_store_find_duplicate) of
	 * one the store held before the import began: skipped and reported here
	 * (may be NULL) with where it is in the file and the stored id; stored
	 * anyway with allow_duplicate.  Duplicates inside the file itself are
	 * stored as they come, so an export/import round trip reproduces a store
	 * exactly.
	 */
	void (*duplicate)(long line, long column, int64_t stored_id, void *ctx);
	int allow_duplicate;
	/* tape files: accept values lv_check_tape_group refuses (plausible.h) */
	int accept_unusual;
} lv_import_options;

typedef struct lv_import_counts {
	long stored, skipped; /* measurements; skipped: duplicates of stored ones */
	/*
	 * The file line of the measurement that ended the import because
	 * lv_check_tape_group refused its values (plausible.h): a caller can say
	 * that accept_unusual takes it if it is real.  0 otherwise.
	 */
	long unusual_line;
} lv_import_counts;

/*
 * Read everything from r into the store in one transaction: all or nothing.
 * Measurements (exact duplicates, see above), sessions and weights the store
 * already holds are skipped.  Deleted ones stay deleted, and the revisions
 * are kept (attached to the stored measurement or weight; one the store
 * holds already is skipped).
 */
LV_EXTERN int lv_exchange_import(lv_store *s, lv_exchange_reader *r, const lv_import_options *o,
				 lv_import_counts *counts);

/*
 * Write everything the store holds about the patient `code` (NULL: every
 * patient) to f as LV_EXCHANGE_CSV or LV_EXCHANGE_JSON, in one read
 * transaction: its live measurements and weights with their audit trail.
 * LV_ENOTFOUND for an unknown patient, LV_EIO when f fails.
 */
LV_EXTERN int lv_exchange_write(lv_store *s, const char *code, lv_exchange_format fmt, FILE *f);

/* Flags of lv_exchange_write_ex. */
#define LV_EXCHANGE_DELETED 1u /* deleted measurements and weights too, marked */
LV_EXTERN int lv_exchange_write_ex(lv_store *s, const char *code, lv_exchange_format fmt,
				   unsigned flags, FILE *f);

#ifdef __cplusplus
}
#endif
#endif
