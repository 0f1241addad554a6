/*
 * The tape CSV reader.  It streams: records come from the CSV tokenizer
 * (limbvol/csv.h: one read buffer, lines capped at LV_TAPE_MAX_LINE) and only
 * the sites of the measurement being read are kept, whatever the file's
 * length.  Numbers go through lv_number_parse (locale-free).  This is the hot
 * loop of `limbvol tape FILE.csv`, benchmarked in tests/bench/tape_bench.sh.
 */
#include "mem.h"
#include "limbvol/tape_csv.h"
#include "limbvol/csv.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/profile.h"

#include "csv_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

enum { COL_PATIENT, COL_LIMB, COL_DATE, COL_PHASE, COL_SITE, COL_CIRC, NCOLS };
static const char *const col_names[NCOLS] = { "patient", "limb",    "date",
					      "phase",   "site_cm", "circumference_cm" };
#define MAX_FIELDS 64 /* of a header: more is refused as unknown columns */

struct key {
	char patient[LV_TAPE_MAX_FIELD + 1];
	char date[LV_TAPE_MAX_FIELD + 1];
	lv_limb limb;
	lv_phase phase;
	long phase_col; /* of the phase field; 0: the row states no phase */
	long patient_col, date_col; /* of those fields; 0: the row states none */
};

struct group {
	struct key key;
	double *site, *circ;
	size_t n, cap;
	long first_line;
};

struct lv_tape_reader {
	lv_csv *csv;
	int done;
	char name[256];
	long line; /* of the record being read */
	int col_of[NCOLS]; /* field index of each column, -1 when absent */
	int nfields;
	int have_cur;
	struct group groups[2];
	struct group *cur, *out; /* being read, last returned: swapped, never copied */
	/*
	 * The key fields of the last row exactly as written: a row whose key
	 * bytes are the same is part of the same measurement, and its key
	 * needs no parsing (most rows of a file).
	 */
	char raw_key[4 * (LV_TAPE_MAX_FIELD + 1)];
	size_t raw_key_len;
	struct key raw_parsed;
	unsigned visit_limbs; /* limbs already seen in the current visit */
	long visit_line[4];
};

struct field {
	const char *p;
	size_t len;
	long col;
};

static int located(lv_tape_reader *r, long line, long col)
{
	return lv_error_locate(r->name, line, col);
}

/* A failure on the current line with one quoted string in its message. */
#define fail(r, col, code, fmt, arg) \
	(lv_error_set((code), fmt, (arg)), located((r), (r)->line, (col)))

/*
 * The next record into f (at most max fields; *count of them): 1, 0 at the
 * end, or a located error.  Empty lines are skipped.
 */
static int get_record(lv_tape_reader *r, struct field *f, int max, int *count, long *end_col)
{
	lv_csv_record rec;
	int st;

	do {
		if ((st = lv_csv_next(r->csv, &rec)) <= 0)
			return st;
		r->line = rec.line;
	} while (rec.n == 1 && rec.field[0].len == 0);
	{
		const lv_csv_field *last = &rec.field[rec.n - 1];
		*end_col = last->column + (long)last->len;
		if (last->quoted) /* the quotes and each "" */
			for (const char *q = last->text;
			     (q = memchr(q, '"', last->len - (size_t)(q - last->text))); q++)
				(*end_col)++;
		*end_col += last->quoted ? 2 : 0;
	}
	*count = (int)rec.n;
	for (size_t i = 0; i < rec.n && (int)i < max; i++) {
		f[i].p = rec.field[i].text;
		f[i].len = rec.field[i].len;
		f[i].col = rec.field[i].column;
	}
	return 1;
}

static void trim(struct field *f)
{
	while (f->len && (f->p[0] == ' ' || f->p[0] == '\t')) {
		f->p++;
		f->len--;
		f->col++;
	}
	while (f->len && (f->p[f->len - 1] == ' ' || f->p[f->len - 1] == '\t'))
		f->len--;
}

static int read_header(lv_tape_reader *r)
{
	struct field f[MAX_FIELDS];
	long end_col;
	int n = 0, st, i, c;

	st = get_record(r, f, MAX_FIELDS, &n, &end_col);
	if (st < 0)
		return st;
	if (st == 0) {
		lv_error_set(LV_EDATA,
			     "empty file: expected a header line "
			     "'patient,limb,date,phase,site_cm,circumference_cm'");
		return located(r, r->line ? r->line : 1, 0);
	}
	for (c = 0; c < NCOLS; c++)
		r->col_of[c] = -1;
	for (i = 0; i < n; i++) {
		trim(&f[i]);
		for (c = 0; c < NCOLS; c++)
			if (strlen(col_names[c]) == f[i].len &&
			    !strncasecmp(f[i].p, col_names[c], f[i].len))
				break;
		if (c == NCOLS && i == 0) {
			lv_error_set(
				LV_EDATA,
				"the first line is not a header: expected column names "
				"'patient,limb,date,phase,site_cm,circumference_cm' (patient, date "
				"and phase optional)");
			return located(r, r->line, 1);
		}
		if (c == NCOLS) {
			char name[64];
			snprintf(name, sizeof name, "%.*s", (int)(f[i].len > 40 ? 40 : f[i].len),
				 f[i].p);
			return fail(
				r, f[i].col, LV_EDATA,
				"unknown column '%s' (expected patient, limb, date, phase, site_cm, circumference_cm)",
				name);
		}
		if (r->col_of[c] >= 0)
			return fail(r, f[i].col, LV_EDATA, "column '%s' appears twice",
				    col_names[c]);
		r->col_of[c] = i;
	}
	for (c = COL_LIMB; c < NCOLS; c++)
		if ((c == COL_LIMB || c == COL_SITE || c == COL_CIRC) && r->col_of[c] < 0)
			return fail(
				r, 0, LV_EDATA,
				"the header has no '%s' column (required: limb, site_cm, circumference_cm)",
				col_names[c]);
	r->nfields = n;
	return LV_OK;
}

/* Take over csv (freed with the reader, also on failure) and read the header. */
int tape_reader_open_csv(lv_tape_reader **out, lv_csv *csv)
{
	lv_tape_reader *r;
	int st;

	*out = NULL;
	if (!(r = mem_calloc(1, sizeof *r))) {
		lv_csv_free(csv);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	r->csv = csv;
	r->cur = &r->groups[0];
	r->out = &r->groups[1];
	snprintf(r->name, sizeof r->name, "%s", lv_csv_name(csv));
	if ((st = read_header(r)) < 0) {
		lv_tape_reader_free(r);
		return st;
	}
	*out = r;
	return LV_OK;
}

const lv_csv_limits tape_csv_limits = { LV_TAPE_MAX_LINE, 64 };

int lv_tape_reader_open(lv_tape_reader **out, const char *path)
{
	lv_csv *csv;
	int st;

	*out = NULL;
	if ((st = lv_csv_open(&csv, path, &tape_csv_limits)) < 0)
		return st;
	return tape_reader_open_csv(out, csv);
}

int lv_tape_reader_has_column(const lv_tape_reader *r, const char *name)
{
	for (int c = 0; c < NCOLS; c++)
		if (!strcmp(name, col_names[c]))
			return r->col_of[c] >= 0;
	return 0;
}

void lv_tape_reader_free(lv_tape_reader *r)
{
	if (!r)
		return;
	lv_csv_free(r->csv);
	for (int i = 0; i < 2; i++) {
		mem_free(r->groups[i].site);
		mem_free(r->groups[i].circ);
	}
	mem_free(r);
}

static int copy_text(lv_tape_reader *r, const struct field *f, char *dst, const char *what)
{
	if (f->len > LV_TAPE_MAX_FIELD)
		return fail(r, f->col, LV_EDATA, "%s is longer than 256 bytes", what);
	memcpy(dst, f->p, f->len);
	dst[f->len] = '\0';
	return LV_OK;
}

/* Parse and check the key fields of a row. */
static int parse_key(lv_tape_reader *r, struct field *f, struct key *k)
{
	int st;

	k->patient[0] = k->date[0] = '\0';
	k->phase = LV_PHASE_OTHER;
	k->phase_col = k->patient_col = k->date_col = 0;
	if (r->col_of[COL_PATIENT] >= 0) {
		struct field *p = &f[r->col_of[COL_PATIENT]];
		trim(p);
		if ((st = copy_text(r, p, k->patient, "the patient code")) < 0)
			return st;
		if (p->len)
			k->patient_col = p->col;
	}
	{
		struct field *l = &f[r->col_of[COL_LIMB]];
		trim(l);
		if (lv_limb_parse(l->p, l->len, &k->limb) < 0)
			return located(r, r->line, l->col);
	}
	if (r->col_of[COL_DATE] >= 0) {
		struct field *d = &f[r->col_of[COL_DATE]];
		trim(d);
		if ((st = copy_text(r, d, k->date, "the date")) < 0)
			return st;
		/* a ';' file (de-DE) may have its dates as a spreadsheet shows them */
		if (lv_csv_separator(r->csv) == ';')
			lv_csv_date_from_de(k->date, d->len);
		if (d->len && lv_date_check(k->date, d->len) < 0)
			return located(r, r->line, d->col);
		if (d->len)
			k->date_col = d->col;
	}
	if (r->col_of[COL_PHASE] >= 0) {
		struct field *p = &f[r->col_of[COL_PHASE]];
		trim(p);
		if (lv_phase_parse(p->p, p->len, &k->phase) < 0)
			return located(r, r->line, p->col);
		if (p->len)
			k->phase_col = p->col;
	}
	return LV_OK;
}

/*
 * Parse one data row.  Its key is left in r->raw_parsed; *same_key tells
 * whether its text equals the previous row's key text.
 */
static int parse_row(lv_tape_reader *r, struct field *f, int n, long end_col, int *same_key,
		     double *site, double *circ, long *site_col)
{
	int st, c;
	const struct field *fs, *fc;

	if (n != r->nfields)
		goto count;
	/* compare the key fields' text with the previous row's */
	{
		size_t rl = 0;
		*same_key = r->raw_key_len > 0;
		for (c = 0; c < 4 && *same_key; c++) {
			const struct field *x;
			if (r->col_of[c] < 0)
				continue;
			x = &f[r->col_of[c]];
			if (rl + x->len + 1 > r->raw_key_len ||
			    memcmp(r->raw_key + rl, x->p, x->len) ||
			    r->raw_key[rl + x->len] != '\0')
				*same_key = 0;
			rl += x->len + 1;
		}
		if (*same_key && rl == r->raw_key_len)
			goto values;
	}
	*same_key = 0;
	r->raw_key_len = 0;
	if ((st = parse_key(r, f, &r->raw_parsed)) < 0)
		return st;
	{
		size_t rl = 0;
		for (c = 0; c < 4; c++) {
			const struct field *x;
			if (r->col_of[c] < 0)
				continue;
			x = &f[r->col_of[c]];
			if (x->len > LV_TAPE_MAX_FIELD)
				return fail(r, x->col, LV_EDATA, "%s is longer than 256 bytes",
					    col_names[c]);
			memcpy(r->raw_key + rl, x->p, x->len);
			rl += x->len;
			r->raw_key[rl++] = '\0';
		}
		r->raw_key_len = rl;
	}
values:
	fs = &f[r->col_of[COL_SITE]];
	fc = &f[r->col_of[COL_CIRC]];
	if (lv_number_parse(fs->p, fs->len, lv_csv_number_flags(r->csv), site) < 0 ||
	    lv_check_site_cm(*site) < 0)
		return located(r, r->line, fs->col);
	if (lv_number_parse(fc->p, fc->len, lv_csv_number_flags(r->csv), circ) < 0 ||
	    lv_check_circumference_cm(*circ) < 0)
		return located(r, r->line, fc->col);
	*site_col = fs->col;
	return LV_OK;
count:
	lv_error_set(LV_EDATA, "expected %d fields as in the header, found %d", r->nfields, n);
	return located(r, r->line, end_col);
}

static int same_visit(const struct key *a, const struct key *b)
{
	return a->phase == b->phase && !strcmp(a->patient, b->patient) && !strcmp(a->date, b->date);
}

static int push(struct group *g, double site, double circ)
{
	if (g->n == LV_MAX_SITES)
		return lv_error_set(LV_EDATA,
				    "a measurement has more than %d sites (the limit LV_MAX_SITES)",
				    LV_MAX_SITES);
	if (g->n == g->cap) {
		/* doubling, but up to the limit itself (not the power of two below it) */
		size_t cap = g->cap ? g->cap * 2 : 32;
		double *s, *c;
		if (cap > LV_MAX_SITES)
			cap = LV_MAX_SITES;
		s = mem_realloc(g->site, cap * sizeof *s);
		if (!s)
			return lv_error_set(LV_ENOMEM, "out of memory");
		g->site = s;
		c = mem_realloc(g->circ, cap * sizeof *c);
		if (!c)
			return lv_error_set(LV_ENOMEM, "out of memory");
		g->circ = c;
		g->cap = cap;
	}
	g->site[g->n] = site;
	g->circ[g->n] = circ;
	g->n++;
	return LV_OK;
}

/* Hand the current group out and start a new one with the given row. */
static int emit(lv_tape_reader *r, lv_tape_group *g)
{
	struct group *tmp;

	if (r->cur->n < 2) {
		lv_error_set(LV_EDATA, "a measurement needs at least 2 sites, this one has %zu",
			     r->cur->n);
		return located(r, r->cur->first_line, 0);
	}
	tmp = r->out;
	r->out = r->cur;
	r->cur = tmp;
	r->cur->n = 0;
	g->patient = r->out->key.patient;
	g->date = r->out->key.date;
	g->limb = r->out->key.limb;
	g->phase = r->out->key.phase;
	g->n = r->out->n;
	g->site_cm = r->out->site;
	g->circumference_cm = r->out->circ;
	g->first_line = r->out->first_line;
	g->phase_column = r->out->key.phase_col;
	g->patient_column = r->out->key.patient_col;
	g->date_column = r->out->key.date_col;
	return 1;
}

/* prev: the key of the measurement before, or NULL at the start. */
static int start_group(lv_tape_reader *r, const struct key *prev, const struct key *k, double site,
		       double circ)
{
	unsigned bit = 1u << k->limb;

	if (prev && same_visit(prev, k)) {
		if (r->visit_limbs & bit) {
			lv_error_set(
				LV_EDATA,
				"rows of %s%s%s %s are not consecutive: this measurement started at line %ld",
				k->patient, k->patient[0] ? ", " : "", lv_limb_name(k->limb),
				k->date, r->visit_line[k->limb]);
			return located(r, r->line, 0);
		}
	} else {
		r->visit_limbs = 0;
	}
	r->visit_limbs |= bit;
	r->visit_line[k->limb] = r->line;
	r->cur->key = *k;
	r->cur->n = 0;
	r->cur->first_line = r->line;
	r->have_cur = 1;
	return push(r->cur, site, circ);
}

int lv_tape_reader_next(lv_tape_reader *r, lv_tape_group *g)
{
	const struct key *k = &r->raw_parsed;
	struct field f[MAX_FIELDS];
	double site, circ;
	long site_col = 0, end_col = 0;
	int st, same = 0, n = 0;

	if (r->done)
		return 0;
	for (;;) {
		st = get_record(r, f, r->nfields, &n, &end_col);
		if (st < 0)
			return st;
		if (st == 0) {
			r->done = 1;
			if (!r->have_cur)
				return 0;
			r->have_cur = 0;
			return emit(r, g);
		}
		if ((st = parse_row(r, f, n, end_col, &same, &site, &circ, &site_col)) < 0)
			return st;
		if (r->have_cur &&
		    (same || (r->cur->key.limb == k->limb && same_visit(&r->cur->key, k)))) {
			if (lv_check_spacing_cm(r->cur->site[r->cur->n - 1], site) < 0)
				return located(r, r->line, site_col);
			if ((st = push(r->cur, site, circ)) < 0)
				return located(r, r->line, site_col);
			continue;
		}
		if (!r->have_cur) {
			if ((st = start_group(r, NULL, k, site, circ)) < 0)
				return st;
			continue;
		}
		/* a new measurement begins: return the finished one */
		if ((st = emit(r, g)) < 0)
			return st;
		if ((st = start_group(r, &r->out->key, k, site, circ)) < 0)
			return st;
		return 1;
	}
}

/* The more precise of two dates that agree (limbvol/tape_csv.h), or NULL. */
static const char *date_agreed(const char *file, const char *given)
{
	size_t lf = strlen(file), lg = strlen(given);
	const char *longer = lf >= lg ? file : given;
	size_t shorter = lf >= lg ? lg : lf;
	if (strncmp(file, given, shorter))
		return NULL;
	return !longer[shorter] || longer[shorter] == 'T' || longer[shorter] == ':' ? longer : NULL;
}

int lv_tape_group_given(const lv_tape_group *g, const char *where, const char *patient,
			const char *date, const char **code, const char **date_out)
{
	*code = g->patient[0] ? g->patient : patient;
	*date_out = g->date[0] ? g->date : date;
	/* the codes as given: a printer escapes the message's outside bytes */
	if (g->patient[0] && patient && strcmp(g->patient, patient)) {
		lv_error_set(LV_EDATA,
			     "expected patient %.100s as --patient says, found %.100s"
			     " (the right file, or no --patient)",
			     patient, g->patient);
		return lv_error_locate(where, g->first_line, g->patient_column);
	}
	if (g->date[0] && date && !(*date_out = date_agreed(g->date, date))) {
		lv_error_set(
			LV_EDATA,
			"expected date %.40s as --date says, found %.40s (the right file, or no --date)",
			date, g->date);
		return lv_error_locate(where, g->first_line, g->date_column);
	}
	return LV_OK;
}
