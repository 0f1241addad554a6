/*
 * batch_sets.c - set discovery for limbvol batch: the folders holding a
 * manifest.txt under the folders given, and the sorted list that holds them.
 */
#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

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

/*
 * The folders seen, by device and inode: a folder reached again (a link to
 * a parent, two links to one set, a folder given twice) is walked once and
 * its set measured once.  Open addressing, grown at half full.
 */
typedef struct seen_set {
	struct {
		dev_t dev;
		ino_t ino;
		int used;
	} * v;
	size_t n, cap;
} seen_set;

static size_t slot(const seen_set *s, dev_t dev, ino_t ino)
{
	size_t h = ((size_t)ino * 0x9E3779B97F4A7C15u) ^ (size_t)dev;
	size_t i = h & (s->cap - 1);
	while (s->v[i].used && !(s->v[i].dev == dev && s->v[i].ino == ino))
		i = (i + 1) & (s->cap - 1);
	return i;
}

/* 1 when the folder is new (and now seen), 0 when seen before, <0 error. */
static int see(seen_set *s, const struct stat *st)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		seen_set g = { NULL, 0, s->cap ? s->cap * 2 : 1024 };
		if (!(g.v = calloc(g.cap, sizeof *g.v)))
			return lv_error_set(LV_ENOMEM, "out of memory");
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k].used)
				g.v[slot(&g, s->v[k].dev, s->v[k].ino)] = s->v[k];
		g.n = s->n;
		free(s->v);
		*s = g;
	}
	i = slot(s, st->st_dev, st->st_ino);
	if (s->v[i].used)
		return 0;
	s->v[i].dev = st->st_dev;
	s->v[i].ino = st->st_ino;
	s->v[i].used = 1;
	s->n++;
	return 1;
}

static int is_set(const char *dir)
{
	char path[4096];
	struct stat st;
	return snprintf(path, sizeof path, "%s/%s", dir, MANIFEST_NAME) < (int)sizeof path &&
		stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* The names in dir, sorted (the walk's order does not depend on the file
 * system's), hidden ones left out. */
static int list_dir(const char *dir, strlist *names)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int rc = LV_OK;

	if (!d)
		return lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
				    "cannot read folder %s: %s", dir, strerror(errno));
	while (rc == LV_OK && (e = readdir(d)))
		if (e->d_name[0] != '.')
			rc = strlist_add(names, e->d_name);
	closedir(d);
	strlist_sort(names);
	return rc;
}

/* Folders holding a manifest, under dir (following links, each folder once,
 * to a depth). */
static int find_sets(strlist *sets, seen_set *seen, const char *dir, int depth)
{
	strlist names = { 0 };
	struct stat st;
	int rc;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) {
		int e = errno;
		if (depth > 0)
			return LV_OK;
		if (access(dir, F_OK) == 0)
			e = ENOTDIR;
		return lv_error_set(e == ENOENT ? LV_ENOTFOUND : LV_EIO,
				    "cannot read folder %s: %s", dir, strerror(e));
	}
	if ((rc = see(seen, &st)) <= 0)
		return rc;
	if (is_set(dir)) {
		if (sets->n >= BATCH_MAX_SETS)
			return lv_error_set(LV_EDATA, "more than %d photo sets", BATCH_MAX_SETS);
		return strlist_add(sets, dir);
	}
	if (depth >= BATCH_MAX_DEPTH)
		return LV_OK;
	if ((rc = list_dir(dir, &names)) < 0) {
		strlist_free(&names);
		return depth == 0 ? rc : LV_OK;
	}
	for (size_t i = 0; rc == LV_OK && i < names.n; i++) {
		char sub[4096];
		if (snprintf(sub, sizeof sub, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			     names.v[i]) >= (int)sizeof sub)
			continue;
		rc = find_sets(sets, seen, sub, depth + 1);
	}
	strlist_free(&names);
	return rc;
}

int batch_find_sets(strlist *sets, const strlist *dirs)
{
	seen_set s = { NULL, 0, 0 };
	int rc = LV_OK;

	for (size_t i = 0; rc == LV_OK && i < dirs->n; i++)
		rc = find_sets(sets, &s, dirs->v[i], 0);
	free(s.v);
	return rc;
}
