/*
 * batch_sets.c - set discovery for limbvol batch: the folders holding a
 * manifest.txt under the folders given, and the sorted list that holds them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "batch.h"
#include "limbvol/error.h"

/* ---- the list of sets ---- */

int strlist_add(strlist *l, const char *s)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 64;
		char **v = realloc(l->v, cap * sizeof *v);
		if (!v)
			return lv_error_set(LV_ENOMEM, "out of memory");
		l->v = v;
		l->cap = cap;
	}
	if (!(l->v[l->n] = strdup(s)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	l->n++;
	return LV_OK;
}

void strlist_free(strlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

void strlist_sort(strlist *l)
{
	if (l->n)
		qsort(l->v, l->n, sizeof(char *), cmp_str);
}

int strlist_has(const strlist *sorted, const char *s)
{
	return sorted->n && bsearch(&s, sorted->v, sorted->n, sizeof(char *), cmp_str) != NULL;
}

int strlist_add_sorted(strlist *l, const char *s)
{
	size_t lo = 0, hi = l->n;
	char *last;

	if (strlist_add(l, s) < 0)
		return LV_ENOMEM;
	last = l->v[l->n - 1];
	hi = l->n - 1;
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;
		if (strcmp(l->v[mid], s) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(&l->v[lo + 1], &l->v[lo], (l->n - 1 - lo) * sizeof(char *));
	l->v[lo] = last;
	return LV_OK;
}

/* ---- the walk ---- */

static int is_set(const char *dir)
{
	char path[4096];
	struct stat st;
	return snprintf(path, sizeof path, "%s/%s", dir, MANIFEST_NAME) < (int)sizeof path &&
		stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Folders holding a manifest, under dir (following links, to a depth). */
static int find_sets(strlist *sets, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = LV_OK;

	if (is_set(dir)) {
		if (sets->n >= BATCH_MAX_SETS)
			return lv_error_set(LV_EDATA, "more than %d photo sets", BATCH_MAX_SETS);
		return strlist_add(sets, dir);
	}
	if (depth >= BATCH_MAX_DEPTH)
		return LV_OK;
	d = opendir(dir);
	if (!d)
		return depth == 0 ? lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
						 "cannot read folder %s: %s", dir, strerror(errno))
				  : LV_OK;
	while (rc == LV_OK && (e = readdir(d))) {
		char sub[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof sub, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			     e->d_name) >= (int)sizeof sub)
			continue;
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc = find_sets(sets, sub, depth + 1);
	}
	closedir(d);
	return rc;
}

int batch_find_sets(strlist *sets, const char *dir)
{
	return find_sets(sets, dir, 0);
}
