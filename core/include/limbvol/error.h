/*
 * limbvol/error.h - status codes and the per-thread last error.
 *
 * Every fallible call in liblimbvol returns an int: 0 (LV_OK) on success or
 * one of the negative lv_status codes below.  The details of the failure
 * (what went wrong and, when the input came from a file or an argument,
 * where: file, line, column) are kept per thread and read back with
 * lv_error_last() until the next failing call on the same thread.
 *
 *     if (lv_volume(p, LV_MODEL_FRUSTUM, 0.1, &v) < 0) {
 *         char msg[600];
 *         lv_error_format(lv_error_last(), msg, sizeof msg);
 *         fprintf(stderr, "limbvol: %s\n", msg);
 *     }
 *
 * Messages never contain patient data beyond the pseudonymous code.
 */
#ifndef LIMBVOL_ERROR_H
#define LIMBVOL_ERROR_H

#include <stddef.h>

#include "limbvol/extern.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef enum lv_status {
	LV_OK = 0,
	LV_EINVAL = -1, /* the caller passed a bad argument */
	LV_EDATA = -2, /* malformed or implausible input data */
	LV_ERANGE = -3, /* a position outside the measured range */
	LV_ENOMEM = -4, /* out of memory */
	LV_EIO = -5, /* reading or writing a file failed */
	LV_ENOTFOUND = -6, /* a named thing (patient, marker, file) is not there */
	LV_ENUMERIC = -7, /* a numerical routine did not converge */
	LV_EIMAGE = -8, /* an image could not be analysed */
	LV_EDB = -9, /* the measurement store failed */
	LV_EEXISTS = -10, /* the thing to create is already there */
	LV_EINTERNAL = -11 /* a bug: please report it */
} lv_status;

typedef struct lv_error {
	int code; /* the lv_status of the failure */
	char message[512]; /* lower case, the problem first, no full stop */
	char where[256]; /* file name or argument name; "" when none */
	long line; /* 1-based, 0 when not applicable */
	long column; /* 1-based, 0 when not applicable */
} lv_error;

/* The last failure on this thread; never NULL (code LV_OK when none). */
LV_EXTERN const lv_error *lv_error_last(void);

/* Forget the last failure of this thread. */
LV_EXTERN void lv_error_clear(void);

/* A short fixed name for a status code ("malformed input data"). */
LV_EXTERN const char *lv_strerror(int code);

/*
 * Record a failure on this thread and return `code`, so that callers can
 * write `return lv_error_set(LV_EDATA, "...", x);`.  printf-style message.
 */
LV_EXTERN int lv_error_set(int code, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

/*
 * Attach a location to the last failure: `where` is a file or argument name
 * (NULL keeps the current one), line and column 1-based or 0.  Returns the
 * last error's code, so a reader can `return lv_error_locate(...)`.
 */
LV_EXTERN int lv_error_locate(const char *where, long line, long column);

/*
 * "where:line:column: message" (the parts that are known) into buf, always
 * NUL-terminated.  Returns the length it would have had, like snprintf.
 */
LV_EXTERN int lv_error_format(const lv_error *e, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
