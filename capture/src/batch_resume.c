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

/* ---- one CSV row: core's tokenizer (limbvol/csv.h) ---- */

int batch_csv_row(const lv_csv_record *rec, char *set, size_t size, int *ok)
{
	const char *status;

	if (rec->n != BATCH_CSV_FIELDS || !rec->field[0].len || rec->field[0].len >= size ||
	    !strcmp(rec->field[0].text, "set"))
		return 0;
	/* batch quotes a set name that begins with a byte order mark
	 * (lv_csv_write_field): unquoted, inside a journal, it is not a row
	 * batch wrote, and read alone it would lose the mark */
	if (!rec->field[0].quoted && !strncmp(rec->field[0].text, "\xEF\xBB\xBF", 3))
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
	return fmt == BATCH_JSON ? batch_json_row(line, len, set, size, ok)
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
