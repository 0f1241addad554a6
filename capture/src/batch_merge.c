/*
 * batch_merge.c - `limbvol batch --merge OUT PART...`: the results files of
 * a batch run in shards (--shard K/N on several machines) merged into the
 * file one run on one machine writes, byte for byte.  Every results file is
 * in the order of its sets' paths, so the merge streams: one row of each
 * part in memory, the smallest set written next (a k-way merge).  Parts are
 * refused when they are not all of one kind (CSV results, JSON results, the
 * long format of --sites-csv) with the same columns, when one is out of
 * order or cut short, or when a set is in two parts (shards of different
 * runs, or a part given twice); nothing is written then (temp + rename).
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "batch.h"
#include "limbvol/csv.h"
#include "limbvol/error.h"

#define MERGE_MAX_PARTS 4096

enum { KIND_CSV, KIND_SITES, KIND_JSON };

static const char *const KIND_NAME[] = { "CSV results", "a --sites-csv file", "JSON results" };

typedef struct part {
	const char *path;
	int kind;
	lv_csv *csv; /* CSV and sites */
	FILE *f; /* JSON */
	char *line; /* JSON: BATCH_MAX_LINE + 1 */
	long lineno;
	int done;
	char set[4096], prev[4096];
	char *text; /* the current row, '\n' ended */
	size_t len;
} part;

static int bad(const part *p, long line, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(p->path, line, 0);
}

/* The header's kind, or -1. */
static int csv_kind(const lv_csv_record *rec)
{
	size_t len;
	char *t = batch_csv_record_text(rec, &len);
	int k = !t                               ? -1
		: !strcmp(t, BATCH_CSV_HEADER)   ? KIND_CSV
		: !strcmp(t, BATCH_SITES_HEADER) ? KIND_SITES
						 : -1;
	free(t);
	return k;
}

/* The next CSV record's set and text: 1, 0 at the end. */
static int next_csv(part *p)
{
	lv_csv_record rec;
	int st = lv_csv_next(p->csv, &rec), ok;

	if (st <= 0)
		return st;
	p->lineno = rec.line;
	if (!rec.terminated)
		return bad(p, rec.line, "a row cut short: not a finished results file");
	if (p->kind == KIND_CSV ? !batch_csv_row(&rec, p->set, sizeof p->set, &ok)
				: rec.n != BATCH_SITES_FIELDS || !rec.field[0].len ||
			    rec.field[0].len >= sizeof p->set)
		return bad(p, rec.line, "expected a row of limbvol batch's results");
	if (p->kind == KIND_SITES)
		memcpy(p->set, rec.field[0].text, rec.field[0].len + 1);
	free(p->text);
	if (!(p->text = batch_csv_record_text(&rec, &p->len)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	return 1;
}

/* The next JSON row ("{...}" or "{...},", or the closing "]"). */
static int next_json(part *p)
{
	size_t len;
	int got = batch_next_line(p->f, p->line, &len), ok;

	if (got < 0)
		return bad(p, p->lineno + 1, "a line longer than a row may be");
	p->lineno++;
	if (got == 0 || got == 2)
		return bad(p, p->lineno, "the file ends before its closing ']': not finished");
	if (len == 2 && !memcmp(p->line, "]\n", 2)) {
		if (batch_next_line(p->f, p->line, &len) != 0)
			return bad(p, p->lineno + 1, "expected the end of the file after ']'");
		return 0;
	}
	if (!batch_row_parse(BATCH_JSON, p->line, len, p->set, sizeof p->set, &ok))
		return bad(p, p->lineno, "expected a row of limbvol batch's results");
	if (len >= 2 && p->line[len - 2] == ',') {
		p->line[len - 2] = '\n';
		len--;
	}
	free(p->text);
	if (!(p->text = malloc(len + 1)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	memcpy(p->text, p->line, len);
	p->text[len] = '\0';
	p->len = len;
	return 1;
}

/* The part's next row, in order: p->done at its end. */
static int advance(part *p)
{
	int st = p->kind == KIND_JSON ? next_json(p) : next_csv(p);
	int c;

	if (st < 0)
		return st;
	if (st == 0) {
		p->done = 1;
		return LV_OK;
	}
	c = p->prev[0] ? strcmp(p->set, p->prev) : 1;
	if (c < 0)
		return bad(p, p->lineno, "rows out of order (not written by limbvol batch)");
	if (c == 0 && p->kind != KIND_SITES)
		return bad(p, p->lineno, "a set given twice");
	memcpy(p->prev, p->set, sizeof p->set);
	return LV_OK;
}

static int open_part(part *p, const char *path)
{
	size_t n = strlen(path);
	lv_csv_record rec;
	int st;

	p->path = path;
	if (n > 5 && !strcmp(path + n - 5, ".json")) {
		size_t len;
		p->kind = KIND_JSON;
		if (!(p->f = fopen(path, "rb"))) {
			lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO, "cannot read: %s",
				     strerror(errno));
			return lv_error_locate(path, 0, 0);
		}
		if (!(p->line = malloc(BATCH_MAX_LINE + 1)))
			return lv_error_set(LV_ENOMEM, "out of memory");
		p->lineno = 1;
		if (batch_next_line(p->f, p->line, &len) != 1 || len != 2 || p->line[0] != '[')
			return bad(p, 1, "expected '[': not limbvol batch's JSON results");
		return advance(p);
	}
	{
		lv_csv_limits lim = { BATCH_MAX_LINE, 4096 };
		if ((st = lv_csv_open(&p->csv, path, &lim)) < 0)
			return st;
		lv_csv_set_separator(p->csv, ','); /* limbvol batch writes ',' */
	}
	if ((st = lv_csv_next(p->csv, &rec)) < 0)
		return st;
	if (st == 0 || !rec.terminated || (p->kind = csv_kind(&rec)) < 0)
		return bad(p, 1, "expected the header of limbvol batch's CSV results or sites");
	return advance(p);
}

static void close_part(part *p)
{
	lv_csv_free(p->csv);
	if (p->f)
		fclose(p->f);
	free(p->line);
	free(p->text);
}

/* The part holding the smallest set next, or -1 when all are done. */
static int smallest(part *v, int n)
{
	int best = -1;
	for (int i = 0; i < n; i++)
		if (!v[i].done && (best < 0 || strcmp(v[i].set, v[best].set) < 0))
			best = i;
	return best;
}

/* Write the merged rows to o. */
static int merge_rows(FILE *o, part *v, int n)
{
	char last[4096] = "";
	int from = -1, rows = 0, i, st;

	fputs(v[0].kind == KIND_CSV             ? BATCH_CSV_HEADER
		      : v[0].kind == KIND_SITES ? BATCH_SITES_HEADER
						: "[\n",
	      o);
	while ((i = smallest(v, n)) >= 0) {
		if (from >= 0 && from != i && !strcmp(v[i].set, last)) {
			lv_error_set(LV_EDATA, "set %s is also in %s: parts overlap", v[i].set,
				     v[from].path);
			return lv_error_locate(v[i].path, v[i].lineno, 0);
		}
		if (v[i].kind == KIND_JSON) {
			fputs(rows ? ",\n" : "", o);
			fwrite(v[i].text, 1, v[i].len - 1, o);
		} else {
			fwrite(v[i].text, 1, v[i].len, o);
		}
		rows++;
		memcpy(last, v[i].set, sizeof last);
		from = i;
		if ((st = advance(&v[i])) < 0)
			return st;
	}
	if (v[0].kind == KIND_JSON)
		fputs(rows ? "\n]\n" : "]\n", o);
	return LV_OK;
}

int batch_merge(const char *out, char *const *parts, int n)
{
	part *v;
	batch_file o = { 0 };
	int rc = LV_OK;

	if (n < 1 || n > MERGE_MAX_PARTS)
		return lv_error_set(LV_EINVAL, "expected 1 to %d parts to merge", MERGE_MAX_PARTS);
	if (!(v = calloc((size_t)n, sizeof *v)))
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (int i = 0; i < n && rc == LV_OK; i++) {
		rc = open_part(&v[i], parts[i]);
		if (rc == LV_OK && v[i].kind != v[0].kind) {
			lv_error_set(LV_EDATA, "%s, but %s holds %s: parts of one kind expected",
				     KIND_NAME[v[i].kind], v[0].path, KIND_NAME[v[0].kind]);
			rc = lv_error_locate(v[i].path, 0, 0);
		}
	}
	if (rc == LV_OK && (rc = batch_file_open(&o, out)) == LV_OK &&
	    (rc = merge_rows(o.f, v, n)) == LV_OK)
		rc = batch_file_close(&o, 1);
	batch_file_close(&o, 0);
	for (int i = 0; i < n; i++)
		close_part(&v[i]);
	free(v);
	return rc;
}
