/*
 * A bounded binary STL reader.  The file's size must be exactly what its
 * triangle count says (84 + 50 n bytes) before anything is allocated, so a
 * truncated file, an ASCII STL or a count that lies is refused with a
 * message instead of a huge allocation or a partial mesh.  Vertices are
 * welded by their exact coordinates (STL repeats them per triangle), which
 * gives shared edges: an edge used by one triangle only is an open edge.
 */
#include "gen_mesh.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "limbvol/error.h"

static uint32_t get_u32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
}

static float get_f32(const unsigned char *p)
{
	uint32_t u = get_u32(p);
	float f;
	memcpy(&f, &u, sizeof f);
	return f;
}

static uint64_t hash_bytes(const float *k)
{
	uint64_t h = 1469598103934665603ULL;
	const unsigned char *b = (const unsigned char *)k;
	for (int i = 0; i < 12; i++)
		h = (h ^ b[i]) * 1099511628211ULL;
	return h ^ (h >> 29);
}

/* Weld: the index of vertex key among the unique vertices, added if new. */
static uint32_t weld(float *uniq, uint32_t *nu, uint32_t *table, size_t mask, const float *k)
{
	size_t i = (size_t)hash_bytes(k) & mask;
	for (;;) {
		uint32_t e = table[i];
		if (e == UINT32_MAX) {
			memcpy(uniq + 3 * (size_t)*nu, k, 3 * sizeof *k);
			table[i] = *nu;
			return (*nu)++;
		}
		if (!memcmp(uniq + 3 * (size_t)e, k, 3 * sizeof *k))
			return e;
		i = (i + 1) & mask;
	}
}

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;
	return x < y ? -1 : x > y;
}

/* Mark the edges that only one triangle uses. */
static int find_open_edges(gen_mesh *m)
{
	size_t ne = m->nt * 3, i, j;
	uint64_t *e = malloc(ne * sizeof *e);

	if (!e)
		return -1;
	for (i = 0; i < m->nt; i++)
		for (j = 0; j < 3; j++) {
			uint64_t a = m->t[3 * i + j], b = m->t[3 * i + (j + 1) % 3];
			uint64_t lo = a < b ? a : b, hi = a < b ? b : a;
			e[3 * i + j] = lo << 32 | hi; /* the undirected edge */
		}
	/* sort copies of the keys; an edge whose key occurs once is open */
	{
		uint64_t *s = malloc(ne * sizeof *s);
		if (!s) {
			free(e);
			return -1;
		}
		memcpy(s, e, ne * sizeof *s);
		qsort(s, ne, sizeof *s, cmp_u64);
		for (i = 0; i < ne; i++) {
			size_t lo = 0, hi = ne, n = 0;
			/* count occurrences of e[i] by binary search */
			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;
				if (s[mid] < e[i])
					lo = mid + 1;
				else
					hi = mid;
			}
			while (lo + n < ne && s[lo + n] == e[i] && n < 2)
				n++;
			if (n == 1)
				m->open[i / 3] |= (unsigned char)(1u << (i % 3));
		}
		free(s);
	}
	free(e);
	return 0;
}

void gen_mesh_free(gen_mesh *m)
{
	if (!m)
		return;
	free(m->v);
	free(m->t);
	free(m->open);
	memset(m, 0, sizeof *m);
}

/* The triangle count, once the file's size agrees with it: 0, or LV_EDATA
 * with the reason (the caller locates it). */
static int read_count(FILE *f, uint32_t *n)
{
	struct stat st;
	unsigned char head[84];

	if (fstat(fileno(f), &st) != 0 || !S_ISREG(st.st_mode))
		return lv_error_set(LV_EDATA, "a mesh must be a regular file (binary STL)");
	if (st.st_size < 84 || fread(head, 1, 84, f) != 84)
		return lv_error_set(
			LV_EDATA, "not a binary STL file: %lld bytes, a binary STL has at least 84",
			(long long)st.st_size);
	*n = get_u32(head + 80);
	if ((unsigned long long)st.st_size != 84ULL + 50ULL * *n) {
		if (!memcmp(head, "solid", 5) && (st.st_size - 84) % 50 != 0)
			return lv_error_set(LV_EDATA,
					    "an ASCII STL file: save the mesh as binary STL");
		return lv_error_set(LV_EDATA,
				    "the header says %lu triangles (%llu bytes), the file has "
				    "%lld bytes: truncated or not a binary STL",
				    (unsigned long)*n, 84ULL + 50ULL * *n, (long long)st.st_size);
	}
	if (*n == 0 || *n > GEN_STL_MAX_TRIANGLES)
		return lv_error_set(LV_EDATA, "%lu triangles: expected 1 to %u", (unsigned long)*n,
				    GEN_STL_MAX_TRIANGLES);
	return 0;
}

/* The n triangles into m->t, their corners welded into uniq (nu of them)
 * through the hash table (mask + 1 slots): 0 or a status. */
static int read_triangles(FILE *f, uint32_t n, gen_mesh *m, float *uniq, uint32_t *nu,
			  uint32_t *table, size_t mask)
{
	unsigned char rec[50 * 256];
	size_t done = 0;

	while (done < n) {
		size_t want = n - done < 256 ? n - done : 256;
		if (fread(rec, 50, want, f) != want)
			return lv_error_set(LV_EIO, "read error at triangle %zu", done + 1);
		for (size_t i = 0; i < want; i++)
			for (int k = 0; k < 3; k++) {
				float p[3];
				for (int c = 0; c < 3; c++) {
					p[c] = get_f32(rec + 50 * i + 12 + 12 * k + 4 * c);
					if (!isfinite(p[c]) || fabsf(p[c]) > 1e7f)
						return lv_error_set(
							LV_EDATA,
							"triangle %zu: a coordinate is not "
							"a finite number below 1e7",
							done + i + 1);
				}
				m->t[3 * (done + i) + (size_t)k] = weld(uniq, nu, table, mask, p);
			}
		done += want;
	}
	return 0;
}

int gen_mesh_read_stl(const char *path, double scale, gen_mesh *m)
{
	FILE *f = NULL;
	uint32_t n = 0, nu = 0, *table = NULL;
	float *uniq = NULL;
	size_t mask, i;
	int rc;

	memset(m, 0, sizeof *m);
	f = fopen(path, "rb");
	if (!f) {
		rc = lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
				  "cannot open the mesh: %s", strerror(errno));
		lv_error_locate(path, 0, 0);
		return rc;
	}
	if ((rc = read_count(f, &n)) < 0)
		goto fail;
	for (mask = 1; mask < 6ULL * n; mask <<= 1)
		;
	m->nt = n;
	m->t = malloc((size_t)n * 3 * sizeof *m->t);
	m->open = calloc(n, 1);
	uniq = malloc((size_t)n * 9 * sizeof *uniq);
	table = malloc(mask * sizeof *table);
	if (!m->t || !m->open || !uniq || !table) {
		rc = lv_error_set(LV_ENOMEM, "out of memory for a mesh of %lu triangles",
				  (unsigned long)n);
		goto fail;
	}
	memset(table, 0xff, mask * sizeof *table);
	if ((rc = read_triangles(f, n, m, uniq, &nu, table, mask - 1)) < 0)
		goto fail;
	m->nv = nu;
	m->v = malloc((size_t)nu * 3 * sizeof *m->v);
	if (!m->v || find_open_edges(m) < 0) {
		rc = lv_error_set(LV_ENOMEM, "out of memory for a mesh of %lu triangles",
				  (unsigned long)n);
		goto fail;
	}
	for (i = 0; i < 3 * (size_t)nu; i++)
		m->v[i] = (double)uniq[i] * scale;
	free(uniq);
	free(table);
	fclose(f);
	return 0;
fail:
	lv_error_locate(path, 0, 0);
	free(uniq);
	free(table);
	gen_mesh_free(m);
	fclose(f);
	return rc;
}
