/*
 * batch.h - the parts of limbvol-batch (run as `limbvol batch`), one file
 * each: doc/photo.md describes the command.
 *
 *   batch_sets.c      set discovery: the folders holding a manifest.txt,
 *                     and the shard a set belongs to (--shard)
 *   batch_rows.c      result rows: writing one, the final results file in
 *                     the order of the sets' paths
 *   batch_resume.c    reading a results file or its .partial journal back
 *                     when a batch resumes (bounded, whole rows only)
 *   batch_json.c      a JSON results row checked to its last byte, and its
 *                     members (for resume, --merge and --sites-csv)
 *   batch_sites.c     the long format (--sites-csv): one row per set and site
 *   batch_merge.c     --merge: the shards' results files into one
 *   batch_set.c       measuring one set (and recording it with --db)
 *   batch_pool.c      the worker pool: sets measured in parallel, rows
 *                     appended to the journal as they finish (or, on the
 *                     standard output, in path order through a window)
 *   batch_progress.c  the progress bar and the --timing summary
 *   batch_main.c      the options and the order of the steps
 */
#ifndef CAPTURE_BATCH_H
#define CAPTURE_BATCH_H

#include <pthread.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <sys/types.h>

#include "limbvol/csv.h"
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
/* The sorted list's copy of s, or NULL. */
const char *strlist_find(const strlist *sorted, const char *s);
/* Whether s is in the sorted list. */
int strlist_has(const strlist *sorted, const char *s);
void strlist_sort(strlist *l);
void strlist_free(strlist *l);

/* ---- set discovery (batch_sets.c) ---- */

#define BATCH_MAX_SHARDS 100000

/* --shard K/N: the sets whose shard hash modulo n is k (0 <= k < n). */
typedef struct batch_shard {
	unsigned long k, n; /* n 0: every set */
	size_t found; /* sets found in every shard */
} batch_shard;

/* FNV-1a 64 of the bytes of rel, then fmix64 (doc/limbvol-batch.1, SHARDS). */
uint64_t batch_shard_hash(const char *rel);

/* Parse "K/N" (0 <= K < N <= BATCH_MAX_SHARDS): 0, or -1 with why in
 * why[size]. */
int batch_shard_parse(const char *s, batch_shard *sh, char *why, size_t size);

/* Add to sets the folders holding a manifest under each of dirs (a folder
 * itself when it holds one), to BATCH_MAX_DEPTH levels, following links but
 * walking each folder (device and inode) once: a set is found once however
 * many paths lead to it (the first in sorted order names it), a link loop
 * ends.  With sh (not NULL, n > 0) only the sets of shard k by the hash of
 * their path relative to the folder given ("." for the folder itself);
 * sh->found counts the sets of all shards. */
int batch_find_sets(strlist *sets, const strlist *dirs, batch_shard *sh);

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

/* Fields of a CSV row (the header's columns), of a --sites-csv row. */
#define BATCH_CSV_FIELDS 20
#define BATCH_SITES_FIELDS 8

/* Where each row of the journal is: the final file is written from it in
 * the order of the sets' paths (an entry per row: memory grows with the
 * number of sets like their names, never with the rows). */
typedef struct batch_entry {
	const char *set; /* owned by a list of sets that outlives the index */
	off_t off;
	size_t len;
} batch_entry;

typedef struct batch_index {
	batch_entry *v;
	size_t n, cap;
	off_t end; /* the journal's size */
} batch_index;

/* A row of len bytes for set appended at x->end. */
int batch_index_add(batch_index *x, const char *set, size_t len);
void batch_index_free(batch_index *x);

/*
 * The set named by a row of a results file (len bytes, its line end
 * included or not), decoded into set[size], and whether it is ok: 1, or 0
 * when the line is not a whole row (a header, a bracket, a row cut short,
 * a set name that does not fit).
 */
int batch_row_parse(int fmt, const char *line, size_t len, char *set, size_t size, int *ok);

/* The same for a record of a CSV results file: 1 a row (its set and status),
 * 0 not a row. */
int batch_csv_row(const lv_csv_record *rec, char *set, size_t size, int *ok);

/* The record's bytes again, as they were (quoted fields quoted), '\n' ended,
 * in a new string (NULL: out of memory). */
char *batch_csv_record_text(const lv_csv_record *rec, size_t *len);

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
	const strlist *want; /* the sets of this batch (sorted), or NULL: all */
	size_t foreign; /* ok rows of sets not in want, dropped */
} batch_resume;

/*
 * Read the rows of a results file (or a .partial journal): with keep_fd
 * >= 0, copy the ok rows whose set is not yet in `ok` there (noted in idx
 * when not NULL); add their sets to `ok`.  With res->want, the rows of
 * other sets are left out (counted in res->foreign).  A missing file is fine; one that
 * is not a regular file, has a line longer than BATCH_MAX_LINE or (CSV) is
 * not CSV, is refused (LV_EDATA, located).  A last row without its line end
 * is dropped and counted in *res.
 */
int batch_rows_read(const char *path, int fmt, strlist *ok, int keep_fd, batch_index *idx,
		    batch_resume *res);

/* Remove OUT.tmpPID and OUT.partial.tmpPID left by runs that were killed
 * (no process PID any more); the number removed. */
size_t batch_clear_stale(const char *out);

/* out = header + the journal's rows in the order of their sets (idx, sorted
 * here), by temp file + rename; with sites not NULL, the long format too
 * (batch_sites.c); the journal is removed. */
int batch_results_finish(const char *out, const char *partial, int fmt, batch_index *idx,
			 const char *sites);

/* The members of the JSON object (key, value bytes) or the elements of the
 * array (key NULL) at text, which is checked whole; fn < 0 stops. */
int batch_json_each(const char *text, size_t len,
		    int (*fn)(void *ctx, const char *key, const char *v, size_t vlen), void *ctx);
/* A JSON string value (or null: "") decoded into out[size]. */
int batch_json_string(const char *v, size_t vlen, char *out, size_t size);
/* A row of a JSON results file (len bytes, no line end): an object, whole,
 * whose first keys are "set" and "status", then an optional ","; as
 * batch_row_parse (batch_json.c). */
int batch_json_row(const char *line, size_t len, char *set, size_t size, int *ok);

/* ---- the long format (batch_sites.c) ---- */

extern const char BATCH_SITES_HEADER[];

/* The site rows of one result row (none for a failed set) on f. */
int batch_sites_rows(FILE *f, int fmt, const char *row, size_t len);

/* A file written by temp file + rename. */
typedef struct batch_file {
	FILE *f;
	char path[4200], tmp[4300];
} batch_file;

int batch_file_open(batch_file *w, const char *path);
/* Flushed, synced and renamed into place (commit), or removed. */
int batch_file_close(batch_file *w, int commit);

/* ---- --merge (batch_merge.c) ---- */

/* Merge the results files parts[n] (CSV, JSON or long format, each in the
 * order of its sets, no set in two) into out: what one run writes. */
int batch_merge(const char *out, char *const *parts, int n);

/* write(2) all of s, or -1. */
int batch_write_all(int fd, const char *s, size_t len);

/* ---- the work (batch_set.c, batch_pool.c) ---- */

typedef struct batch {
	strlist todo; /* the sets to measure, sorted */
	size_t next, finished, failed;
	unsigned char *failed_set; /* [todo.n]: which sets failed */
	pthread_mutex_t lock; /* everything below and lv_store calls */
	pthread_cond_t moved; /* the window moved on */
	int fmt;
	int out_fd; /* the .partial journal, or -1: stdout */
	batch_index index; /* the journal's rows */
	/* on stdout, rows in order: set i waits in window[i % window_n]
	 * until the sets before it are written */
	char **window;
	size_t window_n;
	size_t emitted; /* rows written to stdout */
	FILE *sites; /* --sites-csv with the results on stdout, or NULL */
	int escape; /* stdout is a terminal: rows shown escaped (cli/escape.h) */
	int rows_written;
	int io_error;
	const char *overlay; /* --overlay DIR, or NULL */
	int progress; /* draw the progress bar */
	int drawn; /* columns of the bar last drawn */
	double t0, last_draw;
	lv_store *store; /* --db: record every measured set, or NULL */
	int timing; /* --timing: sum the photos' decode and analysis */
	double decode_ms, analyse_ms;
	size_t photos;
} batch;

/* Measure one set; its row (NULL when out of memory), *failed set when the
 * set failed (the row says why). */
char *batch_measure_set(batch *b, const char *set, int *failed);

/* Rows held back at most, per job, to write them in order on stdout. */
#define BATCH_WINDOW_PER_JOB 16

/* Measure b->todo on `jobs` threads, each row written as its set finishes
 * (to the journal), or in the sets' order (on stdout). */
int batch_run(batch *b, int jobs);

/* ---- progress (batch_progress.c) ---- */

double batch_now_s(void);
/* The bar (count, rate, time left) on stderr when b->progress: at most ten
 * times a second, and the last time (final) with a newline; one line cut to
 * the terminal's width (its size, else $COLUMNS, else 80). */
void batch_progress_draw(batch *b, int final);
/* The line drawn for done of n sets into buf, at most width - 1 columns. */
void batch_progress_line(char *buf, size_t size, int width, size_t done, size_t n, size_t failed,
			 double rate, double left_s);
/* The failed sets named on stderr (at most max, then how many more). */
void batch_failed_report(const batch *b, size_t max);
/* --timing: the mean decode and analysis time per photo on stderr. */
void batch_timing_report(const batch *b);

#endif
