/*
 * The library's allocator (limbvol/alloc.h) and its routing of SQLite's
 * memory (SQLITE_CONFIG_MALLOC).  SQLite asks for the size of an allocation,
 * so its blocks carry a 16-byte header holding it.
 */
#include "mem.h"
#include "limbvol/alloc.h"
#include "limbvol/error.h"

#include <sqlite3.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static void *sys_malloc(size_t n, void *ctx)
{
	(void)ctx;
	return malloc(n);
}

static void *sys_realloc(void *p, size_t n, void *ctx)
{
	(void)ctx;
	return realloc(p, n);
}

static void sys_free(void *p, void *ctx)
{
	(void)ctx;
	free(p);
}

static lv_allocator cur = { sys_malloc, sys_realloc, sys_free, NULL };

void *mem_malloc(size_t size)
{
	return cur.malloc_fn(size ? size : 1, cur.ctx);
}

void *mem_calloc(size_t count, size_t size)
{
	void *p;
	if (size && count > SIZE_MAX / size)
		return NULL;
	p = mem_malloc(count * size);
	if (p)
		memset(p, 0, count * size);
	return p;
}

void *mem_realloc(void *p, size_t size)
{
	return cur.realloc_fn(p, size ? size : 1, cur.ctx);
}

void mem_free(void *p)
{
	if (p)
		cur.free_fn(p, cur.ctx);
}

char *mem_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = mem_malloc(n);
	if (d)
		memcpy(d, s, n);
	return d;
}

void *mem_png_malloc(struct png_struct_def *png, size_t size)
{
	(void)png;
	return mem_malloc(size);
}

void mem_png_free(struct png_struct_def *png, void *p)
{
	(void)png;
	mem_free(p);
}

/* ---- SQLite ------------------------------------------------------------ */

#define HDR 16 /* keeps SQLite's 8-byte alignment */

static void *sq_malloc(int n)
{
	unsigned char *p;
	if (n <= 0)
		return NULL;
	p = mem_malloc((size_t)n + HDR);
	if (!p)
		return NULL;
	memcpy(p, &(size_t){ (size_t)n }, sizeof(size_t));
	return p + HDR;
}

static void sq_free(void *p)
{
	if (p)
		mem_free((unsigned char *)p - HDR);
}

static int sq_size(void *p)
{
	size_t n;
	if (!p)
		return 0;
	memcpy(&n, (unsigned char *)p - HDR, sizeof n);
	return (int)n;
}

static void *sq_realloc(void *p, int n)
{
	unsigned char *q;
	if (!p)
		return sq_malloc(n);
	if (n <= 0)
		return NULL;
	q = mem_realloc((unsigned char *)p - HDR, (size_t)n + HDR);
	if (!q)
		return NULL;
	memcpy(q, &(size_t){ (size_t)n }, sizeof(size_t));
	return q + HDR;
}

static int sq_roundup(int n)
{
	return (n + 7) & ~7;
}

static int sq_init(void *ctx)
{
	(void)ctx;
	return SQLITE_OK;
}

static void sq_shutdown(void *ctx)
{
	(void)ctx;
}

static const sqlite3_mem_methods sq_methods = { sq_malloc,  sq_free, sq_realloc,  sq_size,
						sq_roundup, sq_init, sq_shutdown, NULL };

int lv_set_allocator(const lv_allocator *a)
{
	static sqlite3_mem_methods sq_default;
	static int saved;
	int rc;

	if (a && (!a->malloc_fn || !a->realloc_fn || !a->free_fn))
		return lv_error_set(LV_EINVAL, "an allocator needs malloc, realloc and free");
	sqlite3_shutdown();
	if (!saved) {
		if (sqlite3_config(SQLITE_CONFIG_GETMALLOC, &sq_default) != SQLITE_OK)
			return lv_error_set(LV_EDB, "SQLite refused to change its allocator");
		saved = 1;
	}
	rc = sqlite3_config(SQLITE_CONFIG_MALLOC, a ? &sq_methods : &sq_default);
	if (a)
		cur = *a;
	else
		cur = (lv_allocator){ sys_malloc, sys_realloc, sys_free, NULL };
	if (rc != SQLITE_OK)
		return lv_error_set(LV_EDB, "SQLite refused to change its allocator");
	return LV_OK;
}
