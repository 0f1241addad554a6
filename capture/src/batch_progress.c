/*
 * batch_progress.c - what limbvol batch tells a person while it works: a
 * progress bar (count, rate, time left) on a terminal, and with --timing
 * the mean time per photo (for tests/bench/photo_bench.sh).
 */
#include <math.h>
#include <stdio.h>
#include <time.h>

#include "batch.h"
#include "cli.h"

double batch_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void batch_progress_draw(batch *b, int final)
{
	double t = batch_now_s(), el = t - b->t0, rate, left;
	size_t n = b->todo.n, done = b->finished;
	char bar[31];
	int fill;

	if (!b->progress || (!final && t - b->last_draw < 0.1))
		return;
	b->last_draw = t;
	rate = el > 0 ? (double)done / el : 0;
	left = rate > 0 ? (double)(n - done) / rate : 0;
	fill = n ? (int)(30.0 * (double)done / (double)n) : 30;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	/* numbers for a person: the locale does not matter on a terminal */
	fprintf(stderr, "\r[%s] %zu/%zu sets  %.1f sets/s  %d:%02d left  %zu failed ", bar, done, n,
		rate, (int)(left / 60), (int)fmod(left, 60), b->failed);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

void batch_timing_report(const batch *b)
{
	if (!b->timing || !b->photos)
		return;
	fprintf(stderr, "timing: %zu photos, decode_ms ", b->photos);
	cli_number_out(stderr, b->decode_ms / (double)b->photos, 1);
	fputs(" analyse_ms ", stderr);
	cli_number_out(stderr, b->analyse_ms / (double)b->photos, 1);
	fputs(" (means per photo)\n", stderr);
}
