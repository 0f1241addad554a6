/*
 * batch_resume.c - what earlier runs of limbvol batch left, read back when a
 * batch resumes: the results file and its .partial journal, row by row.
 *
 * These files were written by limbvol, but a run may have been killed in
 * the middle of a row, the disk may have filled, or someone may hand over
 * a file that only looks like one.  So the reader is bounded and strict:
 * only a regular file is read (a FIFO or /dev/zero would block or never
 * end); one buffer of BATCH_MAX_LINE bytes, a longer line refuses the file;
 * a CSV file is read by core's tokenizer (limbvol/csv.h), which refuses
 * what is not CSV at its line and column; a row counts only when it is
 * whole: it ends with a line end (a last record without one was cut by a
 * kill, and is dropped so that its set is measured again) and parses
 * completely (BATCH_CSV_FIELDS fields; a JSON row is checked to its last
 * byte, every string escape inside the line).  A record or line that is not
 * a row (a header, a bracket, a foreign row) counts as nothing: at worst a
 * set is measured again, never is a result kept that was not written whole.
 * A run killed with SIGKILL also leaves its temporary files; the next run
 * on the same results removes those whose process is gone.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "limbvol/csv.h"
#include "limbvol/error.h"

/* ---- one JSON row, checked to its end ---- */

typedef struct jcur {
	const char *p, *end;
} jcur;

#define JSON_MAX_DEPTH 8 /* a row is an object holding an array of objects */

static void j_ws(jcur *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' || *j->p == '\r' || *j->p == '\n'))
		j->p++;
}

static int hex4(const char *p, unsigned *v)
{
	*v = 0;
	for (int i = 0; i < 4; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9'   ? c - '0'
			: c >= 'a' && c <= 'f' ? c - 'a' + 10
			: c >= 'A' && c <= 'F' ? c - 'A' + 10
					       : -1;
		if (d < 0)
			return 0;
		*v = *v * 16 + (unsigned)d;
	}
	return 1;
}

/* Append the UTF-8 of code point v; 0 when it does not fit. */
static int put_utf8(char *out, size_t size, size_t *k, unsigned v)
{
	char b[4];
	size_t n;

	if (v < 0x80) {
		b[0] = (char)v;
		n = 1;
	} else if (v < 0x800) {
		b[0] = (char)(0xC0 | v >> 6);
		b[1] = (char)(0x80 | (v & 0x3F));
		n = 2;
	} else if (v < 0x10000) {
		b[0] = (char)(0xE0 | v >> 12);
		b[1] = (char)(0x80 | ((v >> 6) & 0x3F));
		b[2] = (char)(0x80 | (v & 0x3F));
		n = 3;
	} else {
		b[0] = (char)(0xF0 | v >> 18);
		b[1] = (char)(0x80 | ((v >> 12) & 0x3F));
		b[2] = (char)(0x80 | ((v >> 6) & 0x3F));
		b[3] = (char)(0x80 | (v & 0x3F));
		n = 4;
	}
	if (!out)
		return 1;
	if (*k + n >= size)
		return 0;
	memcpy(out + *k, b, n);
	*k += n;
	return 1;
}

/*
 * A JSON string at j->p, decoded into out[size] (NULL: only checked): 0
 * when it is not a whole string or does not fit.  Every read stays inside
 * [p, end): an escape cut by the end of the line is not a string.
 */
static int j_string(jcur *j, char *out, size_t size)
{
	size_t k = 0;

	if (j->p >= j->end || *j->p != '"')
		return 0;
	for (j->p++; j->p < j->end; j->p++) {
		unsigned char c = (unsigned char)*j->p;
		unsigned v;
		if (c == '"') {
			j->p++;
			if (out)
				out[k] = '\0';
			return 1;
		}
		if (c < 0x20)
			return 0;
		if (c != '\\') {
			if (out && k + 1 >= size)
				return 0;
			if (out)
				out[k++] = (char)c;
			continue;
		}
		if (++j->p >= j->end)
			return 0;
		switch (*j->p) {
		case '"':
		case '\\':
		case '/':
			v = (unsigned char)*j->p;
			break;
		case 'b':
			v = '\b';
			break;
		case 'f':
			v = '\f';
			break;
		case 'n':
			v = '\n';
			break;
		case 'r':
			v = '\r';
			break;
		case 't':
			v = '\t';
			break;
		case 'u':
			if (j->end - j->p < 5 || !hex4(j->p + 1, &v))
				return 0;
			j->p += 4;
			if (v >= 0xD800 && v < 0xDC00) { /* a surrogate pair */
				unsigned lo;
				if (j->end - j->p < 7 || j->p[1] != '\\' || j->p[2] != 'u' ||
				    !hex4(j->p + 3, &lo) || lo < 0xDC00 || lo >= 0xE000)
					return 0;
				j->p += 6;
				v = 0x10000 + ((v - 0xD800) << 10) + (lo - 0xDC00);
			} else if (v >= 0xDC00 && v < 0xE000) {
				return 0;
			}
			if (v == 0) /* a set name holds no NUL */
				return 0;
			break;
		default:
			return 0;
		}
		if (!put_utf8(out, size, &k, v))
			return 0;
	}
	return 0;
}

static int j_literal(jcur *j, const char *word)
{
	size_t n = strlen(word);
	if ((size_t)(j->end - j->p) < n || memcmp(j->p, word, n))
		return 0;
	j->p += n;
	return 1;
}

static int j_number(jcur *j)
{
	const char *s = j->p;
	if (j->p < j->end && *j->p == '-')
		j->p++;
	while (j->p < j->end &&
	       ((*j->p >= '0' && *j->p <= '9') || *j->p == '.' || *j->p == 'e' || *j->p == 'E' ||
		*j->p == '+' || *j->p == '-'))
		j->p++;
	return j->p > s && (j->p[-1] >= '0' && j->p[-1] <= '9');
}

static int j_value(jcur *j, int depth)
{
	if (j->p >= j->end || depth > JSON_MAX_DEPTH)
		return 0;
	switch (*j->p) {
	case '"':
		return j_string(j, NULL, 0);
	case 'n':
		return j_literal(j, "null");
	case 't':
		return j_literal(j, "true");
	case 'f':
		return j_literal(j, "false");
	case '[':
	case '{': {
		char close = *j->p == '[' ? ']' : '}';
		int first = 1;
		j->p++;
		for (;;) {
			j_ws(j);
			if (j->p < j->end && *j->p == close) {
				j->p++;
				return 1;
			}
			if (!first) {
				if (j->p >= j->end || *j->p != ',')
					return 0;
				j->p++;
				j_ws(j);
			}
			first = 0;
			if (close == '}') {
				if (!j_string(j, NULL, 0))
					return 0;
				j_ws(j);
				if (j->p >= j->end || *j->p != ':')
					return 0;
				j->p++;
				j_ws(j);
			}
			if (!j_value(j, depth + 1))
				return 0;
		}
	}
	default:
		return j_number(j);
	}
}

/* The members of the JSON object or the elements of the array at
 * [text, text + len) (whole, checked by j_value), one call each: key NULL
 * for an element; the value's bytes.  fn returning <0 stops. */
static int j_each(const char *text, size_t len,
		  int (*fn)(void *ctx, const char *key, const char *v, size_t vlen), void *ctx)
{
	jcur j = { text, text + len };
	char key[64];
	int obj, st;

	if (!len || (*text != '{' && *text != '['))
		return LV_EDATA;
	obj = *text == '{';
	j.p++;
	for (;;) {
		const char *v;
		j_ws(&j);
		if (j.p < j.end && (*j.p == '}' || *j.p == ']'))
			return LV_OK;
		if (j.p < j.end && *j.p == ',')
			j.p++;
		j_ws(&j);
		key[0] = '\0';
		if (obj && !j_string(&j, key, sizeof key))
			key[0] = '\0'; /* a key too long is none of ours */
		j_ws(&j);
		if (obj && (j.p >= j.end || *j.p++ != ':'))
			return LV_EDATA;
		j_ws(&j);
		v = j.p;
		if (!j_value(&j, 1))
			return LV_EDATA;
		if ((st = fn(ctx, obj ? key : NULL, v, (size_t)(j.p - v))) < 0)
			return st;
	}
}

int batch_json_each(const char *text, size_t len,
		    int (*fn)(void *ctx, const char *key, const char *v, size_t vlen), void *ctx)
{
	jcur j = { text, text + len };
	if (!j_value(&j, 0))
		return LV_EDATA;
	return j_each(text, (size_t)(j.p - text), fn, ctx);
}

int batch_json_string(const char *v, size_t vlen, char *out, size_t size)
{
	jcur j = { v, v + vlen };
	if (vlen == 4 && !memcmp(v, "null", 4)) {
		out[0] = '\0';
		return LV_OK;
	}
	return j_string(&j, out, size) && j.p == j.end ? LV_OK : LV_EDATA;
}

/* A row of a JSON results file: an object, whole, whose first keys are
 * "set" and "status"; then an optional "," (the final file's separator). */
static int json_row(const char *line, size_t len, char *set, size_t size, int *ok)
{
	jcur j = { line, line + len }, v;
	char status[16];

	if (!j_value(&j, 0))
		return 0;
	j_ws(&j);
	if (j.p < j.end && *j.p == ',')
		j.p++;
	j_ws(&j);
	if (j.p != j.end || line[0] != '{')
		return 0;
	v.p = line + 1;
	v.end = line + len;
	if (!j_literal(&v, "\"set\":") || !j_string(&v, set, size) || !set[0] ||
	    !j_literal(&v, ",\"status\":") || !j_string(&v, status, sizeof status))
		return 0;
	if (strcmp(status, "ok") && strcmp(status, "failed"))
		return 0;
	*ok = !strcmp(status, "ok");
	return 1;
}

/* ---- one CSV row: core's tokenizer (limbvol/csv.h) ---- */

int batch_csv_row(const lv_csv_record *rec, char *set, size_t size, int *ok)
{
	const char *status;

	if (rec->n != BATCH_CSV_FIELDS || !rec->field[0].len || rec->field[0].len >= size ||
	    !strcmp(rec->field[0].text, "set"))
		return 0;
	status = rec->field[1].text;
	if (strcmp(status, "ok") && strcmp(status, "failed"))
		return 0;
	memcpy(set, rec->field[0].text, rec->field[0].len + 1);
	*ok = !strcmp(status, "ok");
	return 1;
}

char *batch_csv_record_text(const lv_csv_record *rec, size_t *len)
{
	char *buf = NULL;
	FILE *f = open_memstream(&buf, len);

	if (!f)
		return NULL;
	for (size_t i = 0; i < rec->n; i++) {
		const lv_csv_field *fl = &rec->field[i];
		if (i)
			fputc(',', f);
		if (!fl->quoted) {
			fwrite(fl->text, 1, fl->len, f);
			continue;
		}
		fputc('"', f);
		for (size_t k = 0; k < fl->len; k++) {
			if (fl->text[k] == '"')
				fputc('"', f);
			fputc(fl->text[k], f);
		}
		fputc('"', f);
	}
	fputc('\n', f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* A CSV row: one whole record of BATCH_CSV_FIELDS fields, nothing after it. */
static int csv_row(const char *line, size_t len, char *set, size_t size, int *ok)
{
	lv_csv_limits lim = { len + 2, BATCH_CSV_FIELDS + 1 };
	lv_csv *c = NULL;
	lv_csv_record rec;
	int got = 0;

	if (lv_csv_open_mem(&c, line, len, "row", &lim) == LV_OK &&
	    lv_csv_set_separator(c, ',') == LV_OK && lv_csv_next(c, &rec) > 0)
		got = batch_csv_row(&rec, set, size, ok) && lv_csv_next(c, &rec) == 0;
	lv_csv_free(c);
	lv_error_clear();
	return got;
}

int batch_row_parse(int fmt, const char *line, size_t len, char *set, size_t size, int *ok)
{
	if (len && line[len - 1] == '\n')
		len--;
	if (len && line[len - 1] == '\r')
		len--;
	if (memchr(line, '\0', len))
		return 0;
	return fmt == BATCH_JSON ? json_row(line, len, set, size, ok)
				 : csv_row(line, len, set, size, ok);
}

/* ---- the file ---- */

int batch_next_line(FILE *f, char *buf, size_t *len)
{
	int c = EOF;
	size_t n = 0;

	while (n < BATCH_MAX_LINE && (c = getc_unlocked(f)) != EOF) {
		buf[n++] = (char)c;
		if (c == '\n')
			break;
	}
	*len = n;
	if (n && buf[n - 1] == '\n')
		return 1;
	if (n == BATCH_MAX_LINE)
		return LV_EDATA;
	return n ? 2 : 0;
}

/* Where reading one file is. */
typedef struct reader {
	const char *path;
	int fd;
	strlist *ok;
	int keep_fd;
	batch_index *idx;
	batch_resume *res;
} reader;

static void torn(reader *r, long line)
{
	r->res->torn++;
	r->res->torn_line = line;
	snprintf(r->res->torn_file, sizeof r->res->torn_file, "%s", r->path);
}

/* A row whose set is new: counted in ok, copied to the journal. */
static int keep(reader *r, const char *set, const char *text, size_t len)
{
	const char *name;
	int rc;

	if (r->res->want && !strlist_has(r->res->want, set)) {
		r->res->foreign++;
		return LV_OK;
	}
	if ((rc = strlist_add_sorted(r->ok, set)) < 0 || r->keep_fd < 0)
		return rc;
	if (batch_write_all(r->keep_fd, text, len) < 0)
		return lv_error_set(LV_EIO, "cannot write the results journal: %s",
				    strerror(errno));
	name = strlist_find(r->ok, set);
	return r->idx ? batch_index_add(r->idx, name, len) : LV_OK;
}

/*
 * Whether the tokenizer's error at `line` is in a last line without its
 * line end (a row cut by a kill, perhaps inside quotes), no longer than a
 * row may be: then it is a torn row, not a broken file.
 */
static int error_in_torn_tail(int fd, long line)
{
	char buf[65536];
	long lines = 0;
	off_t off = 0, last_nl = -1;
	ssize_t n;
	char last = '\n';

	while ((n = pread(fd, buf, sizeof buf, off)) > 0) {
		for (ssize_t i = 0; i < n; i++)
			if (buf[i] == '\n') {
				lines++;
				last_nl = off + i;
			}
		last = buf[n - 1];
		off += n;
	}
	return n == 0 && last != '\n' && line == lines + 1 && off - last_nl - 1 <= BATCH_MAX_LINE;
}

static int read_csv(reader *r)
{
	lv_csv_limits lim = { BATCH_MAX_LINE, 4096 };
	lv_csv *c = NULL;
	lv_csv_record rec;
	char set[4096];
	int rc, good;

	if ((rc = lv_csv_open_fd(&c, r->fd, r->path, &lim)) < 0)
		return rc;
	lv_csv_set_separator(c, ','); /* a journal has no header line to tell */
	while ((rc = lv_csv_next(c, &rec)) > 0) {
		char *text;
		size_t len;
		if (!rec.terminated) { /* cut by a kill: the set is measured again */
			torn(r, rec.line);
			break;
		}
		if (!batch_csv_row(&rec, set, sizeof set, &good) || !good ||
		    strlist_has(r->ok, set))
			continue;
		if (!(text = batch_csv_record_text(&rec, &len))) {
			rc = lv_error_set(LV_ENOMEM, "out of memory");
			break;
		}
		rc = keep(r, set, text, len);
		free(text);
		if (rc < 0)
			break;
	}
	if (rc < 0 && lv_error_last()->code == LV_EDATA &&
	    error_in_torn_tail(r->fd, lv_error_last()->line)) {
		torn(r, lv_error_last()->line);
		lv_error_clear();
		rc = LV_OK;
	} else if (rc < 0 && lv_error_last()->code == LV_EDATA) {
		char msg[600];
		lv_error_format(lv_error_last(), msg, sizeof msg);
		rc = lv_error_set(LV_EDATA,
				  "%s: not a results file (remove it, or run with --force)", msg);
	}
	lv_csv_free(c);
	return rc < 0 ? rc : LV_OK;
}

static int read_json(reader *r, FILE *f)
{
	char *line = malloc(BATCH_MAX_LINE + 1), set[4096];
	size_t len;
	long n = 0;
	int rc = LV_OK, good, got = 0;

	if (!line)
		return lv_error_set(LV_ENOMEM, "out of memory");
	while ((got = batch_next_line(f, line, &len)) > 0) {
		n++;
		if (got == 2) { /* cut by a kill: the set is measured again */
			torn(r, n);
			break;
		}
		if (!batch_row_parse(BATCH_JSON, line, len, set, sizeof set, &good) || !good ||
		    strlist_has(r->ok, set))
			continue;
		/* the final JSON file has "," after each object but the last */
		if (len >= 2 && line[len - 2] == ',') {
			line[len - 2] = '\n';
			len--;
		}
		if ((rc = keep(r, set, line, len)) < 0)
			break;
	}
	if (got < 0) {
		lv_error_set(LV_EDATA,
			     "a line longer than %d bytes: not a results file (remove it, or run "
			     "with --force)",
			     BATCH_MAX_LINE);
		rc = lv_error_locate(r->path, n + 1, 0);
	} else if (rc == LV_OK && ferror(f)) {
		rc = lv_error_set(LV_EIO, "cannot read %s: %s", r->path, strerror(errno));
	}
	free(line);
	return rc;
}

int batch_rows_read(const char *path, int fmt, strlist *ok, int keep_fd, batch_index *idx,
		    batch_resume *res)
{
	reader r = { path, -1, ok, keep_fd, idx, res };
	struct stat st;
	FILE *f;
	int rc;

	r.fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (r.fd < 0)
		return errno == ENOENT
			? LV_OK
			: lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	if (fstat(r.fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(r.fd);
		return lv_error_set(
			LV_EDATA,
			"%s is not a regular file: not a results file (remove it, or run "
			"with --force)",
			path);
	}
	if (fmt == BATCH_CSV) {
		rc = read_csv(&r);
		close(r.fd);
		return rc;
	}
	if (!(f = fdopen(r.fd, "rb"))) {
		close(r.fd);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	rc = read_json(&r, f);
	fclose(f);
	return rc;
}

/* ---- temporaries of runs that were killed ---- */

/* The pid in "<base><suffix><digits>", or 0 when name is not such a name. */
static long temp_pid(const char *name, const char *base, const char *suffix)
{
	size_t nb = strlen(base), ns = strlen(suffix);
	long pid = 0;
	const char *p;

	if (strncmp(name, base, nb) || strncmp(name + nb, suffix, ns))
		return 0;
	p = name + nb + ns;
	if (!*p || strlen(p) > 9)
		return 0;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return 0;
		pid = pid * 10 + (*p - '0');
	}
	return pid;
}

size_t batch_clear_stale(const char *out)
{
	char dir[4096], path[8192];
	const char *slash = strrchr(out, '/'), *base = slash ? slash + 1 : out;
	DIR *d;
	struct dirent *e;
	size_t removed = 0;

	if (slash)
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - out + 1), out);
	else
		snprintf(dir, sizeof dir, "./");
	if (!*base || !(d = opendir(dir)))
		return 0;
	while ((e = readdir(d))) {
		struct stat st;
		long pid = temp_pid(e->d_name, base, ".partial.tmp");
		if (!pid)
			pid = temp_pid(e->d_name, base, ".tmp");
		/* a run still alive (another batch on the same results) keeps its own */
		if (pid <= 0 || pid == (long)getpid() || kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;
		if (snprintf(path, sizeof path, "%s%s", dir, e->d_name) >= (int)sizeof path ||
		    lstat(path, &st) != 0 || !S_ISREG(st.st_mode))
			continue;
		if (unlink(path) == 0)
			removed++;
	}
	closedir(d);
	return removed;
}
