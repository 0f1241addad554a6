/*
 * batch_pool.c - limbvol batch's worker pool: threads take the next set,
 * measure it and append its row to the journal (or stdout) under the lock,
 * the journal synced every 16 rows.
 */
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "escape.h"
#include "limbvol/error.h"

static void *worker(void *arg)
{
	batch *b = arg;

	for (;;) {
		size_t i;
		char *text;
		int failed = 0;

		pthread_mutex_lock(&b->lock);
		/* after a failed write no row follows it: the journal ends
		 * with the cut row, which a resumed run drops */
		i = b->next < b->todo.n && !b->io_error ? b->next++ : b->todo.n;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->todo.n)
			break;
		lv_error_clear();
		text = batch_measure_set(b, b->todo.v[i], &failed);

		pthread_mutex_lock(&b->lock);
		if (!text || b->io_error) {
			b->io_error = 1;
		} else if (b->out_fd >= 0) {
			if (batch_write_all(b->out_fd, text, strlen(text)) < 0)
				b->io_error = 1;
			else if (++b->rows_written % 16 == 0)
				fdatasync(b->out_fd);
		} else {
			if (b->fmt == BATCH_JSON && b->rows_written++)
				fputs(",", stdout);
			if (b->escape) {
				/* on a terminal: ESC and C1 in a patient code or a
				 * folder name shown as \xNN, not obeyed */
				size_t n = strlen(text);
				if (n && text[n - 1] == '\n')
					text[n - 1] = '\0';
				cli_put_escaped(stdout, text);
				fputc('\n', stdout);
			} else {
				fputs(text, stdout);
			}
			fflush(stdout);
		}
		free(text);
		b->finished++;
		b->failed += failed != 0;
		batch_progress_draw(b, 0);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

void batch_run(batch *b, int jobs)
{
	pthread_t th[BATCH_MAX_JOBS];
	int started = 0;

	if (jobs > BATCH_MAX_JOBS)
		jobs = BATCH_MAX_JOBS;
	for (int i = 0; i < jobs; i++) {
		if (pthread_create(&th[i], NULL, worker, b) != 0)
			break;
		started++;
	}
	if (started == 0 && b->todo.n)
		worker(b);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
}
