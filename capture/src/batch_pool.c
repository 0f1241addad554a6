/*
 * batch_pool.c - limbvol batch's worker pool: threads take the next set in
 * path order and measure it.  With a results file, its row is appended to
 * the journal (synced every 16 rows) as it finishes and its place noted in
 * the index: the final file is written in path order from there.  On the
 * standard output the rows are written in path order as they come: a row
 * finished early waits in a window of BATCH_WINDOW_PER_JOB rows per job,
 * and a worker does not start a set that would not fit in it (memory stays
 * bounded however long the batch).
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "escape.h"
#include "limbvol/error.h"

/* One row on stdout (the lock held). */
static void put_stdout(batch *b, char *text)
{
	size_t n = strlen(text);

	if (b->fmt == BATCH_JSON && b->emitted)
		fputs(",", stdout);
	if (b->sites && batch_sites_rows(b->sites, b->fmt, text, n) < 0)
		b->io_error = 1;
	if (b->escape) {
		/* on a terminal: ESC and C1 in a patient code or a folder name
		 * shown as \xNN, not obeyed */
		if (n && text[n - 1] == '\n')
			text[n - 1] = '\0';
		cli_put_escaped(stdout, text);
		fputc('\n', stdout);
	} else {
		fputs(text, stdout);
	}
	fflush(stdout);
	b->emitted++;
}

/* Set i's row written (the lock held): to the journal, or to stdout once
 * the rows before it are out. */
static void emit(batch *b, size_t i, char *text)
{
	if (b->out_fd >= 0) {
		size_t n = strlen(text);
		if (batch_write_all(b->out_fd, text, n) < 0 ||
		    batch_index_add(&b->index, b->todo.v[i], n) < 0)
			b->io_error = 1;
		else if (++b->rows_written % 16 == 0)
			fdatasync(b->out_fd);
		free(text);
		return;
	}
	b->window[i % b->window_n] = text;
	while (b->emitted < b->todo.n && b->window[b->emitted % b->window_n]) {
		size_t k = b->emitted % b->window_n;
		put_stdout(b, b->window[k]);
		free(b->window[k]);
		b->window[k] = NULL;
	}
	pthread_cond_broadcast(&b->moved);
}

/* The next set to measure, or todo.n when there is none (the lock held). */
static size_t take(batch *b)
{
	/* after a failed write no row follows it: the journal ends with the
	 * cut row, which a resumed run drops */
	while (b->window && b->next < b->todo.n && !b->io_error &&
	       b->next >= b->emitted + b->window_n)
		pthread_cond_wait(&b->moved, &b->lock);
	return b->next < b->todo.n && !b->io_error ? b->next++ : b->todo.n;
}

static void *worker(void *arg)
{
	batch *b = arg;

	for (;;) {
		size_t i;
		char *text;
		int failed = 0;

		pthread_mutex_lock(&b->lock);
		i = take(b);
		pthread_mutex_unlock(&b->lock);
		if (i >= b->todo.n)
			break;
		lv_error_clear();
		text = batch_measure_set(b, b->todo.v[i], &failed);

		pthread_mutex_lock(&b->lock);
		if (!text || b->io_error) {
			b->io_error = 1;
			free(text);
			pthread_cond_broadcast(&b->moved);
		} else {
			emit(b, i, text);
		}
		b->finished++;
		b->failed += failed != 0;
		if (failed)
			b->failed_set[i] = 1;
		batch_progress_draw(b, 0);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

int batch_run(batch *b, int jobs)
{
	pthread_t th[BATCH_MAX_JOBS];
	int started = 0;

	if (jobs > BATCH_MAX_JOBS)
		jobs = BATCH_MAX_JOBS;
	if (!(b->failed_set = calloc(b->todo.n + 1, 1)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	if (b->out_fd < 0) {
		b->window_n = (size_t)jobs * BATCH_WINDOW_PER_JOB;
		if (!(b->window = calloc(b->window_n, sizeof *b->window)))
			return lv_error_set(LV_ENOMEM, "out of memory");
	}
	for (int i = 0; i < jobs; i++) {
		if (pthread_create(&th[i], NULL, worker, b) != 0)
			break;
		started++;
	}
	if (started == 0 && b->todo.n)
		worker(b);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	if (b->window)
		for (size_t k = 0; k < b->window_n; k++)
			free(b->window[k]);
	free(b->window);
	b->window = NULL;
	return LV_OK;
}
