/*
 * batch.h - the parts of limbvol-batch (run as `limbvol batch`), one file
 * each: doc/photo.md describes the command.
 *
 *   batch_sets.c      set discovery: the folders holding a manifest.txt
 *   batch_rows.c      result rows: writing one, the final results file
 *   batch_resume.c    reading a results file or its .partial journal back
 *                     when a batch resumes (bounded, whole rows only)
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
#include <stdio.h>

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

/* Add to sets the folders holding a manifest under each of dirs (a folder
 * itself when it holds one), to BATCH_MAX_DEPTH levels, following links but
 * walking each folder (device and inode) once: a set is found once however
 * many paths lead to it (the first in sorted order names it), a link loop
 * ends. */
int batch_find_sets(strlist *sets, const strlist *dirs);

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

/* Fields of a CSV row (the header's columns). */
#define BATCH_CSV_FIELDS 17

/*
 * The set named by a row of a results file (len bytes, its line end
 * included or not), decoded into set[size], and whether it is ok: 1, or 0
 * when the line is not a whole row (a header, a bracket, a row cut short,
 * a set name that does not fit).
 */
int batch_row_parse(int fmt, const char *line, size_t len, char *set, size_t size, int *ok);

/*
 * The next line of f into buf[BATCH_MAX_LINE + 1], *len its bytes (the
 * line end included): 1 a whole line, 2 the last line without a line end,
 * 0 the end, LV_EDATA a line longer than BATCH_MAX_LINE.
 */
int batch_next_line(FILE *f, char *buf, size_t *len);

/* What reading results back found that the user should hear about. */
typedef struct batch_resume {
	size_t torn; /* rows cut short by an interrupted run, dropped */
	long torn_line;
	char torn_file[4200];
} batch_resume;

/*
 * Read the rows of a results file (or a .partial journal): with keep_fd
 * >= 0, copy the ok rows whose set is not yet in `ok` there; add their sets
 * to `ok`.  A missing file is fine; one that is not a regular file, or has
 * a line longer than BATCH_MAX_LINE, is refused (LV_EDATA, located).  A last
 * row without its line end is dropped and counted in *res.
 */
int batch_rows_read(const char *path, int fmt, strlist *ok, int keep_fd, batch_resume *res);

/* Remove OUT.tmpPID and OUT.partial.tmpPID left by runs that were killed
 * (no process PID any more); the number removed. */
size_t batch_clear_stale(const char *out);

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
	int escape; /* stdout is a terminal: rows shown escaped (cli/escape.h) */
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
