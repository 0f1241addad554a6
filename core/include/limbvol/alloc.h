/*
 * limbvol/alloc.h - where liblimbvol's memory comes from.
 *
 * By default the library allocates with malloc.  A program (or a test that
 * fails the n-th allocation) can route every allocation of the library, and
 * of SQLite and libpng beneath it, through its own functions:
 *
 *     static void *my_malloc(size_t n, void *ctx) { ... }
 *     lv_allocator a = { my_malloc, my_realloc, my_free, &my_state };
 *     lv_set_allocator(&a);     // before anything else of limbvol
 *     ...
 *     lv_set_allocator(NULL);   // back to malloc, SQLite's memory returned
 *
 * When an allocation fails every call returns LV_ENOMEM, frees what it had
 * taken and leaves no half-written file or row behind (tests/store/
 * test_alloc_fail.c fails each allocation in turn to prove it).
 *
 * Not routed: cairo, pixman, fontconfig and FreeType (charts: trend,
 * profile, reports) and GSL (fits) allocate with malloc and offer no hook
 * to change it, so a failing allocator does not reach them and the memory
 * they hold is not counted by it; when they run out of memory themselves,
 * the chart fails with cairo's status as an error (LV_EIO, "cannot write
 * FILE: out of memory") and a fit with GSL's return code.  Outside liblimbvol,
 * OpenCV (photo, calib, capture) and libjpeg use their own allocators too.
 */
#ifndef LIMBVOL_ALLOC_H
#define LIMBVOL_ALLOC_H

#include <stddef.h>

#include "limbvol/extern.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct lv_allocator {
	void *(*malloc_fn)(size_t size, void *ctx); /* NULL when it fails */
	void *(*realloc_fn)(void *p, size_t size, void *ctx); /* p may be NULL */
	void (*free_fn)(void *p, void *ctx); /* p may be NULL */
	void *ctx;
} lv_allocator;

/*
 * Use a (copied) from now on; NULL restores malloc.  Call it from one
 * thread while no store is open and nothing the library returned is still
 * held: memory is freed by the allocator that gave it.  SQLite is shut down
 * and started again on its new allocator.  LV_EINVAL when a function is
 * missing, LV_EDB when SQLite refuses.
 */
LV_EXTERN int lv_set_allocator(const lv_allocator *a);

#ifdef __cplusplus
}
#endif
#endif
