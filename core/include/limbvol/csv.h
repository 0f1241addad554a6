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
 * commas.  A field that starts with a double quote is quoted: it ends at the
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

LV_EXTERN void lv_csv_free(lv_csv *c);

/* Write text as one field: quoted (with "" for ") when it holds , " CR or LF. */
LV_EXTERN void lv_csv_write_field(FILE *f, const char *text);

#ifdef __cplusplus
}
#endif
#endif
