/*
 * batch_resume.c - what earlier runs of limbvol batch left, read back when a
 * batch resumes: the results file and its .partial journal, row by row.
 *
 * These files were written by limbvol, but a run may have been killed in
 * the middle of a row, the disk may have filled, or someone may hand over
 * a file that only looks like one.  So the reader is bounded and strict:
 * only a regular file is read (a FIFO or /dev/zero would block or never
 * end); one buffer of BATCH_MAX_LINE bytes, a longer line refuses the file;
 * a row counts only when it is whole: it ends with a line end (a last line
 * without one was cut by a kill, and is dropped so that its set is
 * measured again) and parses completely (a JSON row is checked to its last
 * byte, every string escape inside the line).  A line that is not a row (a
 * header, a bracket, a foreign line) counts as nothing: at worst a set is
 * measured again, never is a result kept that was not written whole.
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

/* ---- one CSV row ---- */

/*
 * A row of a CSV results file: BATCH_CSV_FIELDS fields (RFC 4180 quoting),
 * the set first (decoded into set[size]), the status second.
 */
static int csv_row(const char *line, size_t len, char *set, size_t size, int *ok)
{
	const char *p = line, *end = line + len, *status = NULL;
	size_t field = 0, k = 0;

	for (;; field++) {
		const char *start = p;
		if (p < end && *p == '"') {
			for (p++; p < end; p++) {
				if (*p == '"' && (p + 1 >= end || p[1] != '"'))
					break;
				if (*p == '"')
					p++;
				if (field == 0 && k + 1 >= size)
					return 0;
				if (field == 0)
					set[k++] = *p;
			}
			if (p >= end)
				return 0; /* an unclosed quote */
			p++;
		} else {
			for (; p < end && *p != ','; p++) {
				if (*p == '"')
					return 0;
				if (field == 0 && k + 1 >= size)
					return 0;
				if (field == 0)
					set[k++] = *p;
			}
		}
		if (field == 1)
			status = start;
		if (p >= end)
			break;
		if (*p != ',')
			return 0;
		p++;
	}
	set[k] = '\0';
	if (field + 1 != BATCH_CSV_FIELDS || !k || !strcmp(set, "set"))
		return 0;
	if (!strncmp(status, "ok,", 3))
		*ok = 1;
	else if (!strncmp(status, "failed,", 7))
		*ok = 0;
	else
		return 0;
	return 1;
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

int batch_rows_read(const char *path, int fmt, strlist *ok, int keep_fd, batch_resume *res)
{
	FILE *f = NULL;
	char *line = NULL, set[4096];
	size_t len;
	struct stat st;
	long n = 0;
	int rc = LV_OK, fd, good, got;

	fd = open(path, O_RDONLY | O_NONBLOCK | O_CLOEXEC);
	if (fd < 0)
		return errno == ENOENT
			? LV_OK
			: lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
		close(fd);
		return lv_error_set(
			LV_EDATA,
			"%s is not a regular file: not a results file (remove it, or run "
			"with --force)",
			path);
	}
	if (!(f = fdopen(fd, "rb")) || !(line = malloc(BATCH_MAX_LINE + 1))) {
		rc = lv_error_set(LV_ENOMEM, "out of memory");
		if (!f)
			close(fd);
		goto done;
	}
	while ((got = batch_next_line(f, line, &len)) > 0) {
		n++;
		if (got == 2) { /* cut by a kill: the set is measured again */
			res->torn++;
			res->torn_line = n;
			snprintf(res->torn_file, sizeof res->torn_file, "%s", path);
			break;
		}
		if (!batch_row_parse(fmt, line, len, set, sizeof set, &good) || !good ||
		    strlist_has(ok, set))
			continue;
		if ((rc = strlist_add_sorted(ok, set)) < 0)
			break;
		if (keep_fd >= 0) {
			/* the final JSON file has "," after each object but the last */
			if (fmt == BATCH_JSON && len >= 2 && line[len - 2] == ',') {
				line[len - 2] = '\n';
				len--;
			}
			if (batch_write_all(keep_fd, line, len) < 0) {
				rc = lv_error_set(LV_EIO, "cannot write the results journal: %s",
						  strerror(errno));
				break;
			}
		}
	}
	if (got < 0) {
		lv_error_set(LV_EDATA,
			     "a line longer than %d bytes: not a results file (remove it, or run "
			     "with --force)",
			     BATCH_MAX_LINE);
		rc = lv_error_locate(path, n + 1, 0);
	} else if (rc == LV_OK && ferror(f)) {
		rc = lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	}
done:
	free(line);
	if (f)
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
