/*
 * capture.h - limbvol capture: what its command line asks (capture_main.c)
 * and the session that takes the two views (capture_run.c).
 */
#ifndef CAPTURE_CAPTURE_H
#define CAPTURE_CAPTURE_H

#include <signal.h>

#include "capture_guide.h"
#include "cli.h"
#include "options.h"
#include "report.h"

typedef struct capture_opts {
	const char *device; /* --device N or a path */
	const char *source; /* --source FILE or PATTERN */
	const char *out; /* --out DIR */
	const char *patient, *limb, *phase; /* canonical names */
	char date[32]; /* --date, default today */
	const char *camera; /* --camera FILE or NULL */
	const char *dict; /* --dict NAME */
	const char *db; /* --db PATH or NULL */
	int fmt; /* enum cli_format (CLI_CHOICE) */
	int headless;
	int still_frames; /* 0: about one second of frames */
	double timeout_s; /* 0: none */
	int req_width, req_height; /* --size: asked of a camera */
	int timing; /* --timing: frame rates on stderr (benchmark) */
	int draw; /* --draw: the overlays even when headless (benchmark) */
	capture_guide_opts g; /* marker, lens, range */
	const photo_lens *lensfile; /* --camera, or NULL */
} capture_opts;

/* Set by SIGINT, SIGTERM, SIGHUP: the session ends, nothing is written. */
extern volatile sig_atomic_t capture_interrupted;

/* Run the session; returns the exit code. */
int capture_run(const capture_opts *o);

#endif
