/*
 * batch.h - the parts of limbvol-batch (run as `limbvol batch`), one file
 * each: doc/photo.md describes the command.
 *
 *   batch_sets.c      set discovery: the folders holding a manifest.txt
 *   batch_rows.c      result rows: writing one, reading a results file or
 *                     its .partial journal back on resume, the final file
 *   batch_set.c       measuring one set (and recording it with --db)
 *   batch_pool.c      the worker pool: sets measured in parallel, rows
 *                     appended to the journal as they finish
 *   batch_progress.c  the progress bar and the --timing summary
 *   batch_main.c      the options and the order of the steps
 */
#ifndef CAPTURE_BATCH_H
#define CAPTURE_BATCH_H

#include <pthread.h>
#include <stddef.h>

#include "limbvol/store.h"
#include "manifest.h"
#include "photo.h"

#define BATCH_MAX_SETS 1000000 /* photo sets in one batch */
#define BATCH_MAX_DEPTH 16 /* folders below each folder given */
#define BATCH_MAX_JOBS 64
#define BATCH_MAX_LINE (1 << 20) /* bytes in one row of a results file */

/* ---- a list of strings (folders, sets) ---- */

typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

int strlist_add(strlist *l, const char *s);
/* Insert keeping the list sorted (for the few thousand sets of a batch). */
int strlist_add_sorted(strlist *l, const char *s);
/* Whether s is in the sorted list. */
int strlist_has(const strlist *sorted, const char *s);
void strlist_sort(strlist *l);
void strlist_free(strlist *l);

/* ---- set discovery (batch_sets.c) ---- */

/* Add to sets the folders holding a manifest under dir (dir itself when it
 * holds one), to BATCH_MAX_DEPTH levels. */
int batch_find_sets(strlist *sets, const char *dir);

/* ---- result rows (batch_rows.c) ---- */

enum { BATCH_CSV, BATCH_JSON };

/* The CSV results file's first line. */
extern const char BATCH_CSV_HEADER[];

typedef struct batch_row {
	const char *set;
	const manifest *m; /* NULL when the manifest failed */
	const photo_result *r; /* NULL when the set failed */
	const char *error;
} batch_row;

/* One row, newline-terminated, in a new string (NULL: out of memory). */
char *batch_row_text(int fmt, const batch_row *w);

/* The set named by a row of a results file, and whether it is ok: 1, or 0
 * when the line is not a row (a header, a bracket). */
int batch_row_parse(int fmt, const char *line, char *set, size_t size, int *ok);

/* Read the rows of a results file (or a .partial journal): with keep_fd
 * >= 0, copy the ok rows whose set is not yet in `ok` there; add their sets
 * to `ok`.  A missing file is fine. */
int batch_rows_read(const char *path, int fmt, strlist *ok, int keep_fd);

/* out = header + the journal's rows, by temp file + rename; the journal is
 * removed. */
int batch_results_finish(const char *out, const char *partial, int fmt);

/* write(2) all of s, or -1. */
int batch_write_all(int fd, const char *s, size_t len);

/* ---- the work (batch_set.c, batch_pool.c) ---- */

typedef struct batch {
	strlist todo; /* the sets to measure, sorted */
	size_t next, finished, failed;
	pthread_mutex_t lock; /* everything below and lv_store calls */
	int fmt;
	int out_fd; /* the .partial journal, or -1: stdout */
	int rows_written;
	int io_error;
	const char *overlay; /* --overlay DIR, or NULL */
	int progress; /* draw the progress bar */
	double t0, last_draw;
	lv_store *store; /* --db: record every measured set, or NULL */
	int timing; /* --timing: sum the photos' decode and analysis */
	double decode_ms, analyse_ms;
	size_t photos;
} batch;

/* Measure one set; its row (NULL when out of memory), *failed set when the
 * set failed (the row says why). */
char *batch_measure_set(batch *b, const char *set, int *failed);

/* Measure b->todo on `jobs` threads, each row written as its set finishes. */
void batch_run(batch *b, int jobs);

/* ---- progress (batch_progress.c) ---- */

double batch_now_s(void);
/* The bar (count, rate, time left) on stderr when b->progress: at most ten
 * times a second, and the last time (final) with a newline. */
void batch_progress_draw(batch *b, int final);
/* --timing: the mean decode and analysis time per photo on stderr. */
void batch_timing_report(const batch *b);

#endif
