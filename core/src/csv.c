/*
 * The CSV tokenizer (limbvol/csv.h).  A record is found in the buffer with
 * memchr (no quote in the line: the usual case) or a quote-aware scan, then
 * split and unquoted in place: the fields point into the read buffer.  This
 * is the inner loop of `limbvol tape FILE.csv` (tests/bench/tape_bench.sh).
 */
#include "mem.h"
#include "limbvol/csv.h"
#include "limbvol/number.h"

#include <stdlib.h>
#include <string.h>

#include "csv_impl.h"
#include "instream.h"

#define HARD_MAX_RECORD (64u << 20)
#define HARD_MAX_FIELDS 65536u

struct lv_csv {
	instream in;
	size_t max_record, max_fields;
	lv_csv_field *fields;
	long line; /* lines consumed */
	int bom_done, done;
	char sep; /* ',' or ';' (found from the first record) */
	int sep_done;
};

static int fail(lv_csv *c, long line, long col, const char *what)
{
	lv_error_set(LV_EDATA, "%s", what);
	return lv_error_locate(c->in.name, line, col);
}

static int limits_of(const lv_csv_limits *l, size_t *rec, size_t *fields)
{
	*rec = l && l->max_record ? l->max_record : LV_CSV_MAX_RECORD;
	*fields = l && l->max_fields ? l->max_fields : LV_CSV_MAX_FIELDS;
	if (*rec > HARD_MAX_RECORD || *fields > HARD_MAX_FIELDS)
		return lv_error_set(LV_EINVAL, "csv limits: at most %u bytes and %u fields",
				    HARD_MAX_RECORD, HARD_MAX_FIELDS);
	return LV_OK;
}

/* Take over an opened stream (closed by lv_csv_free, also on failure). */
int csv_open_stream(lv_csv **out, instream *in, const lv_csv_limits *limits)
{
	lv_csv *c;
	size_t rec, nf;
	int st;

	*out = NULL;
	if ((st = limits_of(limits, &rec, &nf)) < 0) {
		instream_close(in);
		return st;
	}
	if (in->cap < rec + 2) {
		instream_close(in);
		return lv_error_set(LV_EINTERNAL, "csv: the stream's buffer is too small");
	}
	if (!(c = mem_calloc(1, sizeof *c)) || !(c->fields = mem_malloc(nf * sizeof *c->fields))) {
		mem_free(c);
		instream_close(in);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	c->in = *in;
	c->max_record = rec;
	c->max_fields = nf;
	c->sep = ',';
	*out = c;
	return LV_OK;
}

size_t csv_buffer_size(const lv_csv_limits *limits)
{
	size_t rec = limits && limits->max_record ? limits->max_record : LV_CSV_MAX_RECORD;
	return rec + 65536 + 2;
}

int lv_csv_open(lv_csv **out, const char *path, const lv_csv_limits *limits)
{
	instream in;
	int st;
	*out = NULL;
	if ((st = instream_open(&in, path, csv_buffer_size(limits))) < 0)
		return st;
	return csv_open_stream(out, &in, limits);
}

int lv_csv_open_fd(lv_csv **out, int fd, const char *name, const lv_csv_limits *limits)
{
	instream in;
	int st;
	*out = NULL;
	if ((st = instream_open_fd(&in, fd, name ? name : "<input>", csv_buffer_size(limits))) < 0)
		return st;
	return csv_open_stream(out, &in, limits);
}

int lv_csv_open_mem(lv_csv **out, const void *data, size_t size, const char *name,
		    const lv_csv_limits *limits)
{
	instream in;
	int st;
	*out = NULL;
	if ((st = instream_open_mem(&in, data, size, name ? name : "<input>",
				    csv_buffer_size(limits))) < 0)
		return st;
	return csv_open_stream(out, &in, limits);
}

const char *lv_csv_name(const lv_csv *c)
{
	return c ? c->in.name : "";
}

char lv_csv_separator(const lv_csv *c)
{
	return c ? c->sep : ',';
}

int lv_csv_set_separator(lv_csv *c, char sep)
{
	if (sep != ',' && sep != ';')
		return lv_error_set(LV_EINVAL, "csv: the separator is ',' or ';'");
	c->sep = sep;
	c->sep_done = 1;
	return LV_OK;
}

unsigned lv_csv_number_flags(const lv_csv *c)
{
	return c && c->sep == ';' ? LV_NUMBER_COMMA : 0u;
}

void lv_csv_free(lv_csv *c)
{
	if (!c)
		return;
	instream_close(&c->in);
	mem_free(c->fields);
	mem_free(c);
}

/*
 * The length of the record at s[0..avail) up to its line end outside
 * quotes, or (size_t)-1 when the line end is not in the buffer yet; *quotes
 * tells whether the record may hold a quote (then it may span lines).
 */
static size_t record_end(const char *s, size_t avail, int *quotes)
{
	const char *nl = memchr(s, '\n', avail);
	int inq = 0;
	*quotes = memchr(s, '"', nl ? (size_t)(nl - s) : avail) != NULL;
	if (!*quotes)
		return nl ? (size_t)(nl - s) : (size_t)-1;
	for (size_t i = 0; i < avail; i++) {
		if (s[i] == '"')
			inq = !inq; /* "" toggles twice */
		else if (s[i] == '\n' && !inq)
			return i;
	}
	return (size_t)-1;
}

/* Line and column of p in a record starting at s on line `line`. */
static void where(const char *s, const char *p, long line, long *l, long *col)
{
	const char *ls = s;
	for (const char *q = s; q < p; q++)
		if (*q == '\n') {
			line++;
			ls = q + 1;
		}
	*l = line;
	*col = (long)(p - ls) + 1;
}

static int fail_at(lv_csv *c, const char *s, const char *p, long line, const char *what)
{
	long l, col;
	where(s, p, line, &l, &col);
	return fail(c, l, col, what);
}

/*
 * The separator from the first record (a header line): ';' when it has more
 * semicolons than commas outside quotes (the German/European convention, in
 * which a comma is the decimal sign), else ','.
 */
static char find_separator(const char *s, size_t len)
{
	size_t commas = 0, semis = 0;
	int inq = 0;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == '"')
			inq = !inq;
		else if (!inq && s[i] == ',')
			commas++;
		else if (!inq && s[i] == ';')
			semis++;
	}
	return semis > commas ? ';' : ',';
}

/*
 * Split s[0..len) (a whole record, line `line`) into c->fields in place.
 * quotes 0: the record holds no quote and no NUL (the caller checked), so a
 * field ends at the next separator.
 */
static int split(lv_csv *c, char *s, size_t len, long line, int quotes, size_t *count)
{
	char *p = s, *end = s + len, *ls = s;
	const char sep = c->sep;
	size_t n = 0;

	for (;;) {
		lv_csv_field *f = &c->fields[n];
		if (n == c->max_fields) {
			char msg[80];
			snprintf(msg, sizeof msg, "more than %zu fields", c->max_fields);
			return fail_at(c, s, p, line, msg);
		}
		f->line = line;
		f->column = (long)(p - ls) + 1;
		if (p < end && *p == '"') {
			char *w = p, *q = p + 1;
			for (;;) {
				if (q >= end)
					return fail(c, f->line, f->column,
						    "quoted field is not closed");
				if (*q == '"') {
					if (q + 1 < end && q[1] == '"') {
						*w++ = '"';
						q += 2;
						continue;
					}
					q++;
					break;
				}
				if (*q == '\n') {
					line++;
					ls = q + 1;
				} else if (!*q) {
					return fail(c, line, (long)(q - ls) + 1,
						    "a NUL byte (not a text file)");
				}
				*w++ = *q++;
			}
			if (q < end && *q != sep)
				return fail(c, line, (long)(q - ls) + 1,
					    sep == ','
						    ? "expected a comma after a quoted field"
						    : "expected a semicolon after a quoted field");
			f->text = p;
			f->len = (size_t)(w - p);
			f->quoted = 1;
			*w = '\0';
			p = q;
		} else {
			char *e = p;
			if (!quotes) /* the hot loop of tape files */
				while (e < end && *e != sep)
					e++;
			/* a separator, a quote or a NUL stops the scan: the last two are errors */
			while (e < end && *e != sep && *e != '"' && *e)
				e++;
			if (e < end && *e == '"')
				return fail(c, line, (long)(e - ls) + 1,
					    "a quote inside an unquoted field");
			if (e < end && !*e)
				return fail(c, line, (long)(e - ls) + 1,
					    "a NUL byte (not a text file)");
			f->text = p;
			f->len = (size_t)(e - p);
			f->quoted = 0;
			p = e;
		}
		n++;
		if (p >= end) {
			*p = '\0';
			break;
		}
		*p++ = '\0'; /* the separator */
	}
	*count = n;
	return LV_OK;
}

int lv_csv_next(lv_csv *c, lv_csv_record *rec)
{
	instream *in = &c->in;
	size_t e, len, avail;
	char *s;
	int st, terminated, quotes = 0;
	long line;

	if (c->done)
		return 0;
	if (!c->bom_done) {
		if ((st = instream_peek(in, 3)) < 0)
			return st;
		if (in->len - in->pos >= 3 && !memcmp(in->buf + in->pos, "\xEF\xBB\xBF", 3))
			in->pos += 3; /* a UTF-8 byte-order mark, as spreadsheets write it */
		c->bom_done = 1;
	}
	for (;;) {
		s = in->buf + in->pos;
		avail = in->len - in->pos;
		e = record_end(s, avail, &quotes);
		if (e != (size_t)-1 || in->eof)
			break;
		if (avail > c->max_record + 1) {
			char msg[80];
			snprintf(msg, sizeof msg, "line is longer than %zu bytes", c->max_record);
			return fail(c, c->line + 1, 0, msg);
		}
		if ((st = instream_fill(in)) < 0)
			return st;
	}
	if (e == (size_t)-1 && avail == 0) {
		c->done = 1;
		return 0;
	}
	terminated = e != (size_t)-1;
	len = terminated ? e : avail;
	in->pos += terminated ? e + 1 : avail;
	line = c->line + 1;
	if (len && s[len - 1] == '\r' && terminated)
		len--; /* CRLF; a CR before a line end is never inside quotes */
	if (len > c->max_record) {
		char msg[80];
		snprintf(msg, sizeof msg, "line is longer than %zu bytes", c->max_record);
		return fail(c, line, 0, msg);
	}
	if (!quotes && memchr(s, '\0', len)) /* one pass for the record; else split finds it */
		quotes = 1;
	if (quotes) /* line ends inside quoted fields */
		for (const char *q = s; (q = memchr(q, '\n', (size_t)(s + len - q))) != NULL; q++)
			c->line++;
	c->line++;
	if (!c->sep_done) {
		c->sep = find_separator(s, len);
		c->sep_done = 1;
	}
	if ((st = split(c, s, len, line, quotes, &rec->n)) < 0) {
		c->done = 1;
		return st;
	}
	rec->field = c->fields;
	rec->line = line;
	rec->terminated = terminated;
	return 1;
}

/* a separator, a quote or any control character (C0, DEL, C1 in UTF-8) */
static int needs_quotes(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	/* A reader drops a UTF-8 byte order mark at the start of its input, so
	 * a field that begins with one (the first of a file or of a re-read
	 * line) would lose it unquoted (found by fuzz_batch_rows). */
	if (p[0] == 0xef && p[1] == 0xbb && p[2] == 0xbf)
		return 1;
	for (; *p; p++)
		if (*p == ',' || *p == '"' || *p < 0x20 || *p == 0x7f ||
		    (*p == 0xc2 && p[1] >= 0x80 && p[1] <= 0x9f))
			return 1;
	return 0;
}

void lv_csv_write_field(FILE *f, const char *text)
{
	if (!needs_quotes(text)) {
		fputs(text, f);
		return;
	}
	fputc('"', f);
	for (; *text; text++) {
		if (*text == '"')
			fputc('"', f);
		fputc(*text, f);
	}
	fputc('"', f);
}
