/*
 * batch_sets.c - set discovery for limbvol batch: the folders holding a
 * manifest.txt under the folders given, the sorted list that holds them,
 * and which shard of a batch spread over machines (--shard K/N) a set is in.
 */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
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

const char *strlist_find(const strlist *sorted, const char *s)
{
	char **p = sorted->n ? bsearch(&s, sorted->v, sorted->n, sizeof(char *), cmp_str) : NULL;
	return p ? *p : NULL;
}

int strlist_has(const strlist *sorted, const char *s)
{
	return strlist_find(sorted, s) != NULL;
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

/* ---- shards ---- */

/*
 * FNV-1a 64 (Fowler, Noll, Vo; offset basis and prime of
 * http://www.isthe.com/chongo/tech/comp/fnv/), then MurmurHash3's 64-bit
 * finalizer fmix64 (Appleby, MurmurHash3.cpp): stable across machines, byte
 * order and runs.  The finalizer because FNV's value modulo a small N is
 * lopsided for short names that differ in one byte ("a/x", "b/x", "c/x" all
 * fall in shard 1 of 3 without it).
 */
uint64_t batch_shard_hash(const char *rel)
{
	uint64_t h = 14695981039346656037u;
	for (const unsigned char *p = (const unsigned char *)rel; *p; p++) {
		h ^= *p;
		h *= 1099511628211u;
	}
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdu;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53u;
	h ^= h >> 33;
	return h;
}

/* A whole number of at most 9 digits at *s, moving *s past it. */
static int whole(const char **s, unsigned long *v)
{
	const char *p = *s;
	*v = 0;
	for (; *p >= '0' && *p <= '9' && p - *s < 9; p++)
		*v = *v * 10 + (unsigned long)(*p - '0');
	if (p == *s || (*p >= '0' && *p <= '9'))
		return -1;
	*s = p;
	return 0;
}

int batch_shard_parse(const char *s, batch_shard *sh, char *why, size_t size)
{
	const char *p = s;
	unsigned long k, n;

	if (whole(&p, &k) < 0 || *p++ != '/' || whole(&p, &n) < 0 || *p) {
		snprintf(why, size, "expected K/N, two whole numbers (shard K of N)");
		return -1;
	}
	if (n < 1 || n > BATCH_MAX_SHARDS) {
		snprintf(why, size, "expected N from 1 to %d", BATCH_MAX_SHARDS);
		return -1;
	}
	if (k >= n) {
		snprintf(why, size,
			 "expected K from 0 to %lu: shards count from 0 (Slurm: --array=0-%lu)",
			 n - 1, n - 1);
		return -1;
	}
	sh->k = k;
	sh->n = n;
	return 0;
}

/* Whether the set at path (found under root) is in the shard. */
static int in_shard(const batch_shard *sh, const char *root, const char *path)
{
	size_t n = strlen(root);
	const char *rel = path + n;

	if (!sh || !sh->n)
		return 1;
	while (*rel == '/')
		rel++;
	if (!*rel)
		rel = ".";
	return batch_shard_hash(rel) % sh->n == sh->k;
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

/* What a walk from one folder given carries along. */
typedef struct walk {
	strlist *sets;
	seen_set seen;
	batch_shard *shard;
	const char *root;
} walk;

/* Folders holding a manifest, under dir (following links, each folder once,
 * to a depth). */
static int find_sets(walk *w, const char *dir, int depth)
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
	if ((rc = see(&w->seen, &st)) <= 0)
		return rc;
	if (is_set(dir)) {
		if (w->shard)
			w->shard->found++;
		if (!in_shard(w->shard, w->root, dir))
			return LV_OK;
		if (w->sets->n >= BATCH_MAX_SETS)
			return lv_error_set(LV_EDATA, "more than %d photo sets", BATCH_MAX_SETS);
		return strlist_add(w->sets, dir);
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
		rc = find_sets(w, sub, depth + 1);
	}
	strlist_free(&names);
	return rc;
}

int batch_find_sets(strlist *sets, const strlist *dirs, batch_shard *sh)
{
	walk w = { sets, { NULL, 0, 0 }, sh, NULL };
	int rc = LV_OK;

	for (size_t i = 0; rc == LV_OK && i < dirs->n; i++) {
		w.root = dirs->v[i];
		rc = find_sets(&w, dirs->v[i], 0);
	}
	free(w.seen.v);
	return rc;
}
