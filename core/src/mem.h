/*
 * mem.h - the library's allocation functions (limbvol/alloc.h): every
 * allocation in core/src goes through these, never malloc and free
 * directly (tests/core/no_raw_malloc.sh checks).
 */
#ifndef CORE_MEM_H
#define CORE_MEM_H

#include <stddef.h>

void *mem_malloc(size_t size);
void *mem_calloc(size_t count, size_t size); /* NULL on overflow */
void *mem_realloc(void *p, size_t size);
void mem_free(void *p);
char *mem_strdup(const char *s);

/* libpng's memory callbacks (png_create_*_struct_2). */
struct png_struct_def;
void *mem_png_malloc(struct png_struct_def *png, size_t size);
void mem_png_free(struct png_struct_def *png, void *p);

#endif
