/*
 * batch_progress.c - what limbvol batch tells a person while it works: a
 * progress bar (count, rate, time left) on a terminal, one line at any
 * width, the failed sets named at the end, and with --timing the mean time
 * per photo (for tests/bench/photo_bench.sh).
 */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "escape.h"

double batch_now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

void batch_progress_line(char *buf, size_t size, int width, size_t done, size_t n, size_t failed,
			 double rate, double left_s)
{
	char tail[160];
	int bar, len;

	/* numbers for a person: the locale does not matter on a terminal */
	snprintf(tail, sizeof tail, " %zu/%zu sets  %.1f sets/s  %d:%02d left  %zu failed", done, n,
		 rate, (int)(left_s / 60), (int)fmod(left_s, 60), failed);
	len = (int)strlen(tail);
	/* the bar takes what the numbers leave, up to 30 columns, or nothing */
	bar = width - 1 - len - 2;
	bar = bar > 30 ? 30 : bar;
	if (bar < 5)
		bar = 0;
	if ((size_t)width > size)
		width = (int)size;
	if (bar) {
		int fill = n ? (int)((double)bar * (double)done / (double)n) : bar, k = 0;
		buf[k++] = '[';
		for (int i = 0; i < bar; i++)
			buf[k++] = i < fill ? '#' : '.';
		buf[k++] = ']';
		snprintf(buf + k, size - (size_t)k, "%s", tail);
	} else {
		snprintf(buf, size, "%s", tail + 1);
	}
	if ((int)strlen(buf) > width - 1)
		buf[width > 1 ? width - 1 : 0] = '\0'; /* the last column stays free: no wrap */
}

/* The terminal's width: its size, else $COLUMNS, else 80. */
static int term_width(void)
{
	struct winsize ws;
	const char *c = getenv("COLUMNS");
	long v = 0;

	if (ioctl(STDERR_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	for (; c && *c >= '0' && *c <= '9' && v < 10000; c++)
		v = v * 10 + (*c - '0');
	return v > 0 && (!c || !*c) ? (int)v : 80;
}

void batch_progress_draw(batch *b, int final)
{
	double t = batch_now_s(), el = t - b->t0, rate, left;
	size_t n = b->todo.n, done = b->finished;
	char line[512];

	if (!b->progress || (!final && t - b->last_draw < 0.1))
		return;
	b->last_draw = t;
	rate = el > 0 ? (double)done / el : 0;
	left = rate > 0 ? (double)(n - done) / rate : 0;
	batch_progress_line(line, sizeof line, term_width(), done, n, b->failed, rate, left);
	/* back to the line's start, the line, the rest of the old one blanked
	 * (no escape sequence: the output holds none but what it quotes) */
	fprintf(stderr, "\r%s%*s", line,
		b->drawn > (int)strlen(line) ? b->drawn - (int)strlen(line) : 0, "");
	b->drawn = (int)strlen(line);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

void batch_failed_report(const batch *b, size_t max)
{
	size_t shown = 0;

	if (!b->failed || !b->failed_set)
		return;
	fprintf(stderr, "limbvol batch: %zu of %zu sets failed (their rows say why):\n", b->failed,
		b->todo.n);
	for (size_t i = 0; i < b->todo.n && shown < max; i++)
		if (b->failed_set[i]) {
			/* a folder name is outside bytes: escaped for the terminal */
			fputs("  ", stderr);
			cli_put_escaped(stderr, b->todo.v[i]);
			fputc('\n', stderr);
			shown++;
		}
	if (b->failed > shown)
		fprintf(stderr, "  ... and %zu more\n", b->failed - shown);
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
