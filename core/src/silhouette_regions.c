/*
 * The limb's region in a mask: connected regions of pixels >= 128 found as
 * horizontal runs joined by union-find (8-connectivity), so that memory
 * follows the number of runs (a few per row for a limb) rather than the
 * number of pixels.  Rows are scanned eight bytes at a time: a pixel is limb
 * exactly when its high bit is set.
 */
#include "mem.h"
#include "silhouette_impl.h"
#include "limbvol/error.h"

#include <stdlib.h>
#include <string.h>

#define HIGH_BITS 0x8080808080808080ULL

/* Borders a region touches. */
enum { TOUCH_LEFT = 1, TOUCH_RIGHT = 2, TOUCH_TOP = 4, TOUCH_BOTTOM = 8 };

static size_t next_set(const unsigned char *r, size_t x, size_t w)
{
	uint64_t v;

	while (x + 8 <= w) {
		memcpy(&v, r + x, 8);
		if (v & HIGH_BITS)
			break;
		x += 8;
	}
	while (x < w && !(r[x] & 0x80))
		x++;
	return x;
}

static size_t next_clear(const unsigned char *r, size_t x, size_t w)
{
	uint64_t v;

	while (x + 8 <= w) {
		memcpy(&v, r + x, 8);
		if ((~v) & HIGH_BITS)
			break;
		x += 8;
	}
	while (x < w && (r[x] & 0x80))
		x++;
	return x;
}

static int32_t find_root(mask_run *runs, int32_t i)
{
	while (runs[i].link != i) {
		runs[i].link = runs[runs[i].link].link; /* path halving */
		i = runs[i].link;
	}
	return i;
}

static void unite(mask_run *runs, int32_t a, int32_t b)
{
	a = find_root(runs, a);
	b = find_root(runs, b);
	if (a < b)
		runs[b].link = a;
	else if (b < a)
		runs[a].link = b;
}

void mask_region_release(mask_region *l)
{
	mem_free(l->runs);
	mem_free(l->bits);
	memset(l, 0, sizeof *l);
}

/* Append a run, growing the array up to max_runs. */
static int push_run(mask_region *l, size_t *cap, size_t max_runs, int32_t x0, int32_t x1, int32_t y)
{
	if (l->n_runs == *cap) {
		size_t ncap = *cap ? *cap * 2 : 1024;
		mask_run *nr;
		if (l->n_runs >= max_runs)
			return lv_error_set(LV_EIMAGE,
					    "the mask is too fragmented to be a limb silhouette "
					    "(more than %zu separate runs of limb pixels)",
					    max_runs);
		if (ncap > max_runs)
			ncap = max_runs;
		nr = mem_realloc(l->runs, ncap * sizeof *nr);
		if (!nr)
			return lv_error_set(LV_ENOMEM, "out of memory for the mask's regions");
		l->runs = nr;
		*cap = ncap;
	}
	l->runs[l->n_runs].x0 = x0;
	l->runs[l->n_runs].x1 = x1;
	l->runs[l->n_runs].y = y;
	l->runs[l->n_runs].link = (int32_t)l->n_runs;
	l->n_runs++;
	return LV_OK;
}

/* Step 1: the runs of every row, each joined with the overlapping runs of
 * the row above. */
static int find_runs(mask_region *out, const lv_mask_view *m)
{
	size_t w = m->width_px, h = m->height_px, cap = 0, prev_start = 0, prev_end = 0;
	size_t max_runs = w * h / 16 + 4 * h + 64, i, j;
	int32_t y;
	int st;

	if (max_runs > INT32_MAX)
		max_runs = INT32_MAX;
	for (y = 0; (size_t)y < h; y++) {
		const unsigned char *row = m->data + (size_t)y * m->stride_bytes;
		size_t x = 0, start = out->n_runs, k = prev_start;
		while ((x = next_set(row, x, w)) < w) {
			size_t e = next_clear(row, x, w);
			if ((st = push_run(out, &cap, max_runs, (int32_t)x, (int32_t)e - 1, y)) < 0)
				return st;
			x = e;
		}
		for (i = start; i < out->n_runs; i++) {
			mask_run *r = &out->runs[i];
			while (k < prev_end && out->runs[k].x1 + 1 < r->x0)
				k++;
			for (j = k; j < prev_end && out->runs[j].x0 <= r->x1 + 1; j++)
				unite(out->runs, (int32_t)i, (int32_t)j);
		}
		prev_start = start;
		prev_end = out->n_runs;
	}
	return LV_OK;
}

/* Step 2: the area and the borders touched of each region, kept at its root
 * (every run's link is made its root). */
static void region_stats(mask_region *out, size_t w, size_t h, uint64_t *area, unsigned char *touch)
{
	for (size_t i = 0; i < out->n_runs; i++) {
		mask_run *r = &out->runs[i];
		int32_t root = find_root(out->runs, (int32_t)i);
		r->link = root;
		area[root] += (uint64_t)(r->x1 - r->x0 + 1);
		touch[root] |= (r->x0 == 0 ? TOUCH_LEFT : 0) |
			((size_t)r->x1 == w - 1 ? TOUCH_RIGHT : 0) | (r->y == 0 ? TOUCH_TOP : 0) |
			((size_t)r->y == h - 1 ? TOUCH_BOTTOM : 0);
	}
}

/* The limb: the largest region touching a border, refused when another
 * region is about as large (which of them is the limb would be a guess).
 * Sets the region counts in out. */
static int choose_limb(mask_region *out, const uint64_t *area, const unsigned char *touch,
		       int32_t *limb_out)
{
	int32_t limb = -1, biggest = -1;
	uint64_t second = 0;
	size_t i, n_roots = 0;

	for (i = 0; i < out->n_runs; i++) {
		if (out->runs[i].link != (int32_t)i)
			continue;
		n_roots++;
		if (biggest < 0 || area[i] > area[biggest])
			biggest = (int32_t)i;
		if (touch[i] && (limb < 0 || area[i] > area[limb]))
			limb = (int32_t)i;
	}
	if (limb < 0)
		return lv_error_set(
			LV_EIMAGE,
			"the limb does not leave the frame: no region of the mask "
			"touches an image border (the proximal end must be cut by the frame)");
	for (i = 0; i < out->n_runs; i++)
		if (out->runs[i].link == (int32_t)i && (int32_t)i != limb && area[i] > second)
			second = area[i];
	if ((double)second >= SIMILAR_BLOB_RATIO * (double)area[limb]) {
		if (biggest != limb && !touch[biggest] &&
		    (double)area[limb] < SIMILAR_BLOB_RATIO * (double)area[biggest])
			return lv_error_set(LV_EIMAGE,
					    "the limb does not leave the frame: the largest region "
					    "touches no image border");
		return lv_error_set(LV_EIMAGE,
				    "two separate blobs of similar size (%llu and %llu pixels): "
				    "cannot tell which is the limb",
				    (unsigned long long)area[limb], (unsigned long long)second);
	}
	out->area_px = area[limb];
	out->second_px = second;
	out->n_regions = n_roots;
	*limb_out = limb;
	return LV_OK;
}

/* Step 3: keep the limb's runs only, and a bitmap of them when other
 * regions exist (their pixels must then read as background). */
static int keep_limb(mask_region *out, int32_t limb, size_t w, size_t h)
{
	size_t i, j;

	for (i = j = 0; i < out->n_runs; i++)
		if (out->runs[i].link == limb)
			out->runs[j++] = out->runs[i];
	out->n_runs = j;
	if (out->n_regions <= 1)
		return LV_OK;
	out->bits_stride = (w + 7) / 8;
	out->bits = mem_calloc(h, out->bits_stride);
	if (!out->bits)
		return lv_error_set(LV_ENOMEM, "out of memory for the limb's bitmap");
	for (i = 0; i < out->n_runs; i++) {
		const mask_run *r = &out->runs[i];
		unsigned char *b = out->bits + (size_t)r->y * out->bits_stride;
		int32_t x;
		for (x = r->x0; x <= r->x1 && (x & 7); x++)
			b[x >> 3] |= (unsigned char)(1u << (x & 7));
		for (; x + 7 <= r->x1; x += 8)
			b[x >> 3] = 0xff;
		for (; x <= r->x1; x++)
			b[x >> 3] |= (unsigned char)(1u << (x & 7));
	}
	return LV_OK;
}

int mask_region_find(mask_region *out, const lv_mask_view *m)
{
	uint64_t *area = NULL;
	unsigned char *touch = NULL;
	int32_t limb = -1;
	int st;

	memset(out, 0, sizeof *out);
	if ((st = find_runs(out, m)) < 0)
		goto done;
	if (out->n_runs == 0) {
		st = lv_error_set(LV_EIMAGE, "the mask is empty: no limb pixel (value >= 128)");
		goto done;
	}
	area = mem_calloc(out->n_runs, sizeof *area);
	touch = mem_calloc(out->n_runs, 1);
	if (!area || !touch) {
		st = lv_error_set(LV_ENOMEM, "out of memory for the mask's regions");
		goto done;
	}
	region_stats(out, m->width_px, m->height_px, area, touch);
	if ((st = choose_limb(out, area, touch, &limb)) < 0)
		goto done;
	st = keep_limb(out, limb, m->width_px, m->height_px);
done:
	mem_free(area);
	mem_free(touch);
	if (st < 0)
		mask_region_release(out);
	return st;
}
