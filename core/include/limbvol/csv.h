/*
 * limbvol/csv.h - the CSV tokenizer every limbvol reader uses (RFC 4180),
 * streaming and bounded.
 *
 *     lv_csv *c;
 *     lv_csv_record rec;
 *     if (lv_csv_open(&c, "file.csv", NULL) < 0) ...
 *     while ((st = lv_csv_next(c, &rec)) > 0)
 *         for (size_t i = 0; i < rec.n; i++)
 *             use(rec.field[i].text, rec.field[i].len);
 *     if (st < 0) ... lv_error_last() names file:line:column
 *     lv_csv_free(c);
 *
 * Records end at a line end (\n or \r\n) outside quotes; fields are split at
 * commas, or at semicolons in the German/European convention (a spreadsheet
 * set to de-DE writes `;` between fields and a decimal comma in numbers),
 * recognised from the first record, the header line: semicolons when it holds
 * more of them than commas outside quotes (lv_csv_separator).  A field that starts with a double quote is quoted: it ends at the
 * next lone quote, may hold commas, line ends and "" for one quote, and must
 * be followed by a comma or the end of the record.  A quote inside an
 * unquoted field, an unclosed quoted field, a NUL byte, a record longer than
 * the limit and a record with more fields than the limit are refused with
 * LV_EDATA located at the offending byte (line and column 1-based; a column
 * counts bytes).  A UTF-8 byte-order mark before the first record is
 * skipped.  Blanks around fields are kept: the caller decides.
 *
 * Memory is one buffer of about max_record + 64 KiB, whatever the length of
 * the input; nothing else grows.
 */
#ifndef LIMBVOL_CSV_H
#define LIMBVOL_CSV_H

#include <stddef.h>
#include <stdio.h>

#include "limbvol/error.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_CSV_MAX_RECORD 65536 /* default: bytes of one record, quotes included */
#define LV_CSV_MAX_FIELDS 64 /* default: fields of one record */

typedef struct lv_csv_limits {
	size_t max_record; /* 0: LV_CSV_MAX_RECORD; at most 64 MiB */
	size_t max_fields; /* 0: LV_CSV_MAX_FIELDS; at most 65536 */
} lv_csv_limits;

typedef struct lv_csv_field {
	const char *text; /* unquoted, NUL-terminated (it holds no NUL) */
	size_t len;
	long line, column; /* where the field starts */
	int quoted;
} lv_csv_field;

typedef struct lv_csv_record {
	size_t n; /* >= 1: an empty line is one empty field */
	const lv_csv_field *field;
	long line; /* the line where the record starts */
	int terminated; /* 0: the input ended inside this record's line (torn) */
} lv_csv_record;

typedef struct lv_csv lv_csv;

/* Read path ("-" for standard input); limits NULL for the defaults. */
LV_EXTERN int lv_csv_open(lv_csv **out, const char *path, const lv_csv_limits *limits);
/* Read an open file descriptor (left open by lv_csv_free); name for errors. */
LV_EXTERN int lv_csv_open_fd(lv_csv **out, int fd, const char *name, const lv_csv_limits *limits);
/* Read size bytes of memory (not copied: keep them until lv_csv_free). */
LV_EXTERN int lv_csv_open_mem(lv_csv **out, const void *data, size_t size, const char *name,
			      const lv_csv_limits *limits);

/*
 * The next record: 1 and *rec filled (valid until the next call), 0 at the
 * end of the input, or a negative status with a located error.
 */
LV_EXTERN int lv_csv_next(lv_csv *c, lv_csv_record *rec);

/* The name used in error locations ("<stdin>" for "-"). */
LV_EXTERN const char *lv_csv_name(const lv_csv *c);

/* The field separator, ',' or ';': known after the first lv_csv_next. */
LV_EXTERN char lv_csv_separator(const lv_csv *c);
/* Fix the separator (',' or ';', else LV_EINVAL) before the first
 * lv_csv_next, instead of recognising it: for input without a header line
 * (a journal of rows, one row), whose first record says nothing. */
LV_EXTERN int lv_csv_set_separator(lv_csv *c, char sep);
/* The lv_number_parse flags for the input's numbers: LV_NUMBER_COMMA (a
 * decimal comma) when it is ';'-separated, else 0. */
LV_EXTERN unsigned lv_csv_number_flags(const lv_csv *c);

/*
 * A date as a spreadsheet set to de-DE writes it, DD.MM.YYYY with an
 * optional " HH:MM" or " HH:MM:SS", rewritten in place as the same number of
 * bytes of YYYY-MM-DD[THH:MM[:SS]] (limbvol/vocab.h).  Returns 1 when s was
 * such a date (then checked with lv_date_check by the caller), 0 when it was
 * not (s unchanged).
 */
LV_EXTERN int lv_csv_date_from_de(char *s, size_t len);

LV_EXTERN void lv_csv_free(lv_csv *c);

/* Write text as one field: quoted (with "" for ") when it holds , " or a
 * control byte, or begins with a UTF-8 byte order mark (which a reader drops
 * at the start of a file). */
LV_EXTERN void lv_csv_write_field(FILE *f, const char *text);

/* ---- the two conventions, for writers ------------------------------------ */

typedef enum lv_csv_style {
	LV_CSV_STYLE_C = 0, /* ',' between fields, a decimal point (RFC 4180) */
	LV_CSV_STYLE_DE = 1 /* ';' between fields, a decimal comma (de-DE and most
			       of Europe) */
} lv_csv_style;

/* "c" (also "en", "us", "point") or "de" (also "eu", "comma"); LV_EINVAL
 * otherwise. */
LV_EXTERN int lv_csv_style_parse(const char *name, lv_csv_style *out);

/*
 * Copy a CSV text written in the C style (a header line first) from `in` (an
 * fd read from its start) to `out` in `style`: for LV_CSV_STYLE_DE, ';'
 * between fields (a field quoted when it holds ';', '"', CR or LF) and a
 * decimal comma in every unquoted field that is a plain number with a point,
 * except in the columns named in text_columns (NULL-ended; may be NULL):
 * their values are copied as they are (a patient code "12.5" stays "12.5").
 * LV_CSV_STYLE_C copies the records unchanged.  Streams (bounded memory).
 */
LV_EXTERN int lv_csv_restyle(int in_fd, FILE *out, lv_csv_style style,
			     const char *const *text_columns);

#ifdef __cplusplus
}
#endif
#endif
