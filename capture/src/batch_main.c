/*
 * limbvol-batch (run as `limbvol batch`): every photo set under some folders,
 * in parallel, one result row per set, resumable.  doc/photo.md.
 */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "cli.h"
#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/store.h"
#include "limbvol/vocab.h"
#include "lv_cv_aruco.h"
#include "lv_cv_photo.h"
#include "manifest.h"
#include "options.h"
#include "photo.h"

static const char CMD[] = "batch";
#define MAX_SETS 1000000
#define MAX_DEPTH 16
#define MAX_JOBS 64
#define MAX_LINE (1 << 20)

static const char USAGE[] =
	"usage: limbvol batch DIR... [--jobs N] [--out results.csv|results.json]\n"
	"                     [--overlay DIR] [--force] [--format csv|json] [--db FILE]\n";

static const char HELP[] =
	"\n"
	"Measure every photo set found under the folders given: a set is a folder\n"
	"holding its photos and a manifest.txt (key=value lines):\n"
	"\n"
	"  patient=P001        pseudonymous code (optional)\n"
	"  limb=left-arm       left-arm, right-arm, left-leg or right-leg (optional)\n"
	"  date=2026-03-02     YYYY-MM-DD[THH:MM[:SS]] (optional)\n"
	"  phase=pre           baseline, pre, post or other (optional)\n"
	"  front=front.jpg     the front photo, relative to the set's folder\n"
	"  side=side.jpg       the side photo (optional: one photo, circular slices)\n"
	"  marker=0:80         marker id and side of its black square in mm (default)\n"
	"  from=0  to=40       volume range in cm from the landmark (optional)\n"
	"  step=4              virtual tape sites every step cm (default 4)\n"
	"  origin_offset=0     the landmark, cm from the marker's centre (optional)\n"
	"  dict=4x4_50         marker dictionary (optional)\n"
	"  camera=camera.yml   a camera file, relative to the set's folder (optional)\n"
	"\n"
	"Lines starting with # are comments; an unknown key is an error.  Each set is\n"
	"measured as `limbvol photo` measures it (see limbvol photo --help for the\n"
	"protocol).  Sets run in parallel, one per core unless --jobs.\n"
	"\n"
	"Options:\n"
	"  --jobs N       sets measured at the same time (default: one per core)\n"
	"  --out FILE     results file, CSV or JSON by its extension (default: CSV\n"
	"                 on the standard output).  A set whose row says ok there is\n"
	"                 skipped when the batch runs again (an interrupted batch\n"
	"                 resumes); rows are appended to FILE.partial as sets finish\n"
	"                 and FILE is replaced (temp file + rename) at the end\n"
	"  --force        measure every set again\n"
	"  --overlay DIR  write each photo with what was measured drawn on it to\n"
	"                 DIR/<set>-<photo>-overlay.jpg\n"
	"  --format F     csv or json for the standard output (without --out)\n"
	"  --db FILE      also record each measured set in the measurement store\n"
	"                 FILE (created when missing) as a photo measurement: the\n"
	"                 manifest then needs patient, limb and date; a set already\n"
	"                 recorded (measured again with --force) is not stored twice\n"
	"\n"
	"One row per set: set, status (ok or failed), error (why it failed),\n"
	"patient, limb, date, phase, views, scale, from_cm, to_cm, volume_ml,\n"
	"volume_sd_ml, sites_cm and circumferences_cm (';'-separated lists), front,\n"
	"side.  A progress bar (count, rate, time left) is shown on a terminal only.\n"
	"\n"
	"Exit codes: 0 every set measured; 1 some sets failed (their rows say why);\n"
	"64 usage; 66 no photo set found; 73 the results cannot be written.\n"
	"\n"
	"Examples:\n"
	"  limbvol batch clinic/2026-03 --out results.csv\n"
	"  limbvol batch sets/ --jobs 2 --out results.json --overlay check/\n";

/* ---- the list of sets ---- */

typedef struct strlist {
	char **v;
	size_t n, cap;
} strlist;

static int strlist_add(strlist *l, const char *s)
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

static void strlist_free(strlist *l)
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

static int strlist_has(const strlist *sorted, const char *s)
{
	return sorted->n && bsearch(&s, sorted->v, sorted->n, sizeof(char *), cmp_str) != NULL;
}

/* Insert keeping the list sorted (for the few thousand sets of a batch). */
static int strlist_add_sorted(strlist *l, const char *s)
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

static int is_set(const char *dir)
{
	char path[4096];
	struct stat st;
	return snprintf(path, sizeof path, "%s/%s", dir, LV_MANIFEST_NAME) < (int)sizeof path &&
		stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Folders holding a manifest, under dir (following links, to a depth). */
static int find_sets(strlist *sets, const char *dir, int depth)
{
	DIR *d;
	struct dirent *e;
	int rc = LV_OK;

	if (is_set(dir)) {
		if (sets->n >= MAX_SETS)
			return lv_error_set(LV_EDATA, "more than %d photo sets", MAX_SETS);
		return strlist_add(sets, dir);
	}
	if (depth >= MAX_DEPTH)
		return LV_OK;
	d = opendir(dir);
	if (!d)
		return depth == 0 ? lv_error_set(errno == ENOENT ? LV_ENOTFOUND : LV_EIO,
						 "cannot read folder %s: %s", dir, strerror(errno))
				  : LV_OK;
	while (rc == LV_OK && (e = readdir(d))) {
		char sub[4096];
		struct stat st;
		if (e->d_name[0] == '.')
			continue;
		if (snprintf(sub, sizeof sub, "%s%s%s", dir, dir[strlen(dir) - 1] == '/' ? "" : "/",
			     e->d_name) >= (int)sizeof sub)
			continue;
		if (stat(sub, &st) == 0 && S_ISDIR(st.st_mode))
			rc = find_sets(sets, sub, depth + 1);
	}
	closedir(d);
	return rc;
}

/* ---- rows ---- */

enum { FMT_CSV, FMT_JSON };

static const char CSV_HEADER[] =
	"set,status,error,patient,limb,date,phase,views,scale,from_cm,to_cm,volume_ml,"
	"volume_sd_ml,sites_cm,circumferences_cm,front,side\n";

typedef struct row {
	const char *set;
	const lv_manifest *m; /* NULL when the manifest failed */
	const lv_photo_result *r; /* NULL when the set failed */
	const char *error;
} row;

static void put_str(FILE *f, int fmt, const char *key, const char *s, int first)
{
	if (fmt == FMT_CSV) {
		if (!first)
			fputc(',', f);
		lv_cli_csv_field(f, s ? s : "");
	} else {
		fprintf(f, "%s\"%s\":", first ? "" : ",", key);
		if (s && *s)
			lv_cli_json_string(f, s);
		else
			fputs("null", f);
	}
}

static void put_num(FILE *f, int fmt, const char *key, double v, int decimals, int have)
{
	if (fmt == FMT_CSV) {
		fputc(',', f);
		if (have)
			lv_cli_number_out(f, v, decimals);
	} else {
		fprintf(f, ",\"%s\":", key);
		if (have)
			lv_cli_number_out(f, v, decimals);
		else
			fputs("null", f);
	}
}

/* One row, newline-terminated, in a new string. */
static char *row_text(int fmt, const row *w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const lv_manifest *m = w->m;
	const lv_photo_result *r = w->r;

	if (!f)
		return NULL;
	if (fmt == FMT_JSON)
		fputc('{', f);
	put_str(f, fmt, "set", w->set, 1);
	put_str(f, fmt, "status", r ? "ok" : "failed", 0);
	put_str(f, fmt, "error", r ? NULL : w->error, 0);
	put_str(f, fmt, "patient", m ? m->patient : NULL, 0);
	put_str(f, fmt, "limb", m ? m->limb : NULL, 0);
	put_str(f, fmt, "date", m ? m->date : NULL, 0);
	put_str(f, fmt, "phase", m ? m->phase : NULL, 0);
	put_num(f, fmt, "views", r ? r->views : 0, 0, r != NULL);
	put_str(f, fmt, "scale", r ? (r->from_camera ? "camera" : "marker") : NULL, 0);
	put_num(f, fmt, "from_cm", r ? r->from_cm : 0, 1, r != NULL);
	put_num(f, fmt, "to_cm", r ? r->to_cm : 0, 1, r != NULL);
	put_num(f, fmt, "volume_ml", r ? r->volume.volume_ml : 0, 1, r != NULL);
	put_num(f, fmt, "volume_sd_ml", r ? r->volume.sd_ml : 0, 1, r != NULL);
	if (fmt == FMT_CSV) {
		for (int pass = 0; pass < 2; pass++) {
			fputc(',', f);
			for (size_t i = 0; r && i < r->n_sites; i++) {
				if (i)
					fputc(';', f);
				lv_cli_number_out(f, pass ? r->circumference_cm[i] : r->site_cm[i],
						  pass ? 2 : 1);
			}
		}
	} else {
		fputs(",\"sites\":", f);
		if (!r)
			fputs("null", f);
		for (size_t i = 0; r && i < r->n_sites; i++) {
			fputs(i ? ",{\"site_cm\":" : "[{\"site_cm\":", f);
			lv_cli_number_out(f, r->site_cm[i], 1);
			fputs(",\"circumference_cm\":", f);
			lv_cli_number_out(f, r->circumference_cm[i], 2);
			fputc('}', f);
		}
		if (r)
			fputs(r->n_sites ? "]" : "[]", f);
	}
	put_str(f, fmt, "front", m ? m->front : NULL, 0);
	put_str(f, fmt, "side", m && m->side[0] ? m->side : NULL, 0);
	fputs(fmt == FMT_JSON ? "}\n" : "\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

/* The set and whether it is ok, from a row of a results file. */
static int parse_row(int fmt, const char *line, char *set, size_t size, int *ok)
{
	size_t k = 0;
	const char *p = line;

	if (fmt == FMT_CSV) {
		if (*p == '"') {
			for (p++; *p; p++) {
				if (*p == '"' && p[1] == '"')
					p++;
				else if (*p == '"')
					break;
				if (k + 1 < size)
					set[k++] = *p;
			}
			if (*p != '"')
				return 0;
			p++;
		} else {
			for (; *p && *p != ',' && *p != '\n'; p++)
				if (k + 1 < size)
					set[k++] = *p;
		}
		set[k] = '\0';
		if (*p != ',' || !strcmp(set, "set"))
			return 0;
		*ok = !strncmp(p + 1, "ok,", 3);
		return 1;
	}
	if (strncmp(p, "{\"set\":\"", 8))
		return 0;
	for (p += 8; *p && *p != '"'; p++) {
		char c = *p;
		if (c == '\\') {
			p++;
			c = *p == 'n' ? '\n' : *p == 't' ? '\t' : *p == 'r' ? '\r' : *p;
			if (*p == 'u') { /* control characters only */
				unsigned v = 0;
				for (int i = 1; i <= 4 && p[i]; i++)
					v = v * 16 +
						(unsigned)(p[i] <= '9' ? p[i] - '0'
								       : (p[i] | 32) - 'a' + 10);
				c = (char)v;
				p += 4;
			}
			if (!*p)
				return 0;
		}
		if (k + 1 < size)
			set[k++] = c;
	}
	set[k] = '\0';
	if (*p != '"')
		return 0;
	*ok = !strncmp(p + 1, ",\"status\":\"ok\"", 14);
	return 1;
}

/* ---- the work ---- */

typedef struct batch {
	strlist todo;
	size_t next, finished, failed;
	pthread_mutex_t lock;
	int fmt;
	int out_fd; /* the .partial file, or -1: stdout */
	int rows_written;
	int io_error;
	const char *overlay;
	int progress;
	double t0, last_draw;
	lv_store *store; /* --db: record every measured set, or NULL */
	int timing; /* --timing: sum the photos' decode and analysis */
	double decode_ms, analyse_ms;
	size_t photos;
} batch;

static double now_s(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

static void draw_progress(batch *b, int final)
{
	double t = now_s(), el = t - b->t0, rate, left;
	size_t n = b->todo.n, done = b->finished;
	char bar[31];
	int fill;

	if (!b->progress || (!final && t - b->last_draw < 0.1))
		return;
	b->last_draw = t;
	rate = el > 0 ? (double)done / el : 0;
	left = rate > 0 ? (double)(n - done) / rate : 0;
	fill = n ? (int)(30.0 * (double)done / (double)n) : 30;
	for (int i = 0; i < 30; i++)
		bar[i] = i < fill ? '#' : '.';
	bar[30] = '\0';
	/* numbers for a person: the locale does not matter on a terminal */
	fprintf(stderr, "\r[%s] %zu/%zu sets  %.1f sets/s  %d:%02d left  %zu failed ", bar, done, n,
		rate, (int)(left / 60), (int)fmod(left, 60), b->failed);
	if (final)
		fputc('\n', stderr);
	fflush(stderr);
}

static int write_all(int fd, const char *s, size_t len)
{
	while (len) {
		ssize_t w = write(fd, s, len);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return -1;
		s += w;
		len -= (size_t)w;
	}
	return 0;
}

static void overlay_prefix(char *buf, size_t size, const char *set)
{
	size_t k = 0;
	for (const char *p = set; *p && k + 2 < size; p++) {
		char c = *p;
		if (c == '/' && (k == 0 || buf[k - 1] == '-'))
			continue;
		buf[k++] = (c == '/' || c == '.' || c == ' ') ? '-' : c;
	}
	while (k && buf[k - 1] == '-')
		k--;
	buf[k++] = '-';
	buf[k] = '\0';
}

static void join(char *buf, size_t size, const char *dir, const char *file)
{
	if (file[0] == '/')
		snprintf(buf, size, "%s", file);
	else
		snprintf(buf, size, "%s/%s", dir, file);
}

/*
 * Record a measured set in the store: one transaction, the patient added
 * when new, a measurement already there (same patient, limb, date, phase,
 * sites and volume: a set measured again with --force) not stored twice.
 * The caller holds the batch's lock (one connection for every job).
 */
static int record(batch *b, const char *set, const lv_manifest *m, const lv_photo_result *r)
{
	lv_measurement me;
	lv_limb limb;
	lv_phase phase = LV_PHASE_OTHER;
	int64_t patient = 0;
	int exists = 0, rc;

	if (!m->patient[0] || !m->limb[0] || !m->date[0])
		return lv_error_set(LV_EDATA,
				    "--db: the manifest needs patient, limb and date to "
				    "record the measurement");
	if (r->n_sites < 2)
		return lv_error_set(LV_EDATA,
				    "--db: at least two virtual tape sites are needed "
				    "(the range %.1f to %.1f cm is shorter than one step)",
				    r->from_cm, r->to_cm);
	if (lv_limb_parse(m->limb, strlen(m->limb), &limb) < 0 ||
	    (m->phase[0] && lv_phase_parse(m->phase, strlen(m->phase), &phase) < 0))
		return LV_EDATA;
	memset(&me, 0, sizeof me);
	me.limb = limb;
	me.date = m->date;
	me.phase = phase;
	me.method = LV_METHOD_PHOTO;
	me.model = LV_MODEL_ELLIPSE;
	me.reading_sd_cm = r->reading_sd_cm;
	me.n = r->n_sites;
	me.site_cm = r->site_cm;
	me.circumference_cm = r->width_front_cm; /* photos: the front width */
	me.width_side_cm = r->width_side_cm;
	me.volume_ml = r->volume.volume_ml;
	me.sd_ml = r->volume.sd_ml;
	me.source = set;
	if ((rc = lv_store_begin(b->store)) < 0)
		return rc;
	if ((rc = lv_store_patient_ensure(b->store, m->patient, &patient)) < 0)
		goto fail;
	me.patient = patient;
	if ((rc = lv_store_measurement_exists(b->store, &me, &exists)) < 0)
		goto fail;
	if (!exists && (rc = lv_store_add_measurement(b->store, &me, NULL)) < 0)
		goto fail;
	if ((rc = lv_store_commit(b->store)) < 0)
		goto fail;
	return LV_OK;
fail:
	lv_store_rollback(b->store);
	return rc;
}

/* Measure one set; returns the row (NULL when out of memory). */
static char *run_set(batch *b, const char *set, int *failed)
{
	lv_manifest m;
	lv_photo_opts po;
	lv_photo_request rq;
	lv_photo *ph[2] = { NULL, NULL };
	lv_photo_result res;
	lv_photo_lens *lensfile = NULL;
	lv_cv_lens lens;
	char paths[2][4096], cam[4096], msg[1024];
	int have_manifest = 0, ok = 0, dict_size = 0, nphotos;
	row w;
	char *text;

	memset(&res, 0, sizeof res);
	memset(&po, 0, sizeof po);
	if (lv_manifest_read(&m, set) < 0)
		goto done;
	have_manifest = 1;
	if (lv_cv_aruco_dictionary(m.dict, &po.dict_id, &dict_size) < 0)
		goto done;
	if (m.marker_id >= dict_size) {
		lv_error_set(LV_EDATA, "marker id %d is not in dictionary %s", m.marker_id, m.dict);
		goto done;
	}
	po.marker_id = m.marker_id;
	po.marker_mm = m.marker_mm;
	po.keep_for_overlay = b->overlay != NULL;
	rq.from_cm = m.from_cm;
	rq.to_cm = m.to_cm;
	rq.step_cm = m.step_cm;
	rq.origin_offset_cm = m.origin_offset_cm;
	if (!isnan(m.from_cm) && !isnan(m.to_cm)) {
		po.axis_from_cm = m.from_cm + m.origin_offset_cm;
		po.axis_to_cm = m.to_cm + m.origin_offset_cm;
	}
	if (m.camera[0]) {
		join(cam, sizeof cam, set, m.camera);
		if (lv_photo_lens_read(&lensfile, cam, &lens) < 0)
			goto done;
		po.lens = &lens;
	}
	join(paths[0], sizeof paths[0], set, m.front);
	nphotos = 1;
	if (m.side[0]) {
		join(paths[1], sizeof paths[1], set, m.side);
		nphotos = 2;
	}
	for (int k = 0; k < nphotos; k++) {
		lv_photo_facts f;
		if (lv_photo_analyse(&ph[k], paths[k], &po) < 0)
			goto done;
		lv_photo_facts_get(ph[k], &f);
		if (b->timing) {
			pthread_mutex_lock(&b->lock);
			b->decode_ms += f.decode_ms;
			b->analyse_ms += f.analyse_ms;
			b->photos++;
			pthread_mutex_unlock(&b->lock);
		}
		if (lensfile) {
			if (lv_photo_lens_check(lensfile, f.width_px, f.height_px) < 0) {
				lv_error_locate(paths[k], 0, 0);
				goto done;
			}
		}
	}
	if (lv_photo_measure(&res, ph[0], ph[1], &rq) < 0)
		goto done;
	if (b->overlay) {
		char prefix[512], out[4096];
		overlay_prefix(prefix, sizeof prefix, set);
		for (int k = 0; k < nphotos; k++)
			if (lv_photo_overlay_path(out, sizeof out, b->overlay, prefix, paths[k]) <
				    0 ||
			    lv_photo_overlay_write(ph[k], &res, rq.origin_offset_cm, out) < 0)
				goto done;
	}
	if (b->store) {
		int st;
		pthread_mutex_lock(&b->lock);
		st = record(b, set, &m, &res);
		pthread_mutex_unlock(&b->lock);
		if (st < 0)
			goto done;
	}
	ok = 1;
done:
	if (!ok) {
		lv_error_format(lv_error_last(), msg, sizeof msg);
		for (char *p = msg; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
	}
	w.set = set;
	w.m = have_manifest ? &m : NULL;
	w.r = ok ? &res : NULL;
	w.error = ok ? NULL : msg;
	text = row_text(b->fmt, &w);
	*failed = !ok;
	lv_photo_result_clear(&res);
	lv_photo_free(ph[0]);
	lv_photo_free(ph[1]);
	lv_photo_lens_free(lensfile);
	return text;
}

static void *worker(void *arg)
{
	batch *b = arg;

	for (;;) {
		size_t i;
		char *text;
		int failed = 0;

		pthread_mutex_lock(&b->lock);
		i = b->next < b->todo.n ? b->next++ : b->todo.n;
		pthread_mutex_unlock(&b->lock);
		if (i >= b->todo.n)
			break;
		lv_error_clear();
		text = run_set(b, b->todo.v[i], &failed);

		pthread_mutex_lock(&b->lock);
		if (!text) {
			b->io_error = 1;
		} else if (b->out_fd >= 0) {
			if (write_all(b->out_fd, text, strlen(text)) < 0)
				b->io_error = 1;
			else if (++b->rows_written % 16 == 0)
				fdatasync(b->out_fd);
		} else {
			if (b->fmt == FMT_JSON && b->rows_written++)
				fputs(",", stdout);
			fputs(text, stdout);
			fflush(stdout);
		}
		free(text);
		b->finished++;
		b->failed += failed != 0;
		draw_progress(b, 0);
		pthread_mutex_unlock(&b->lock);
	}
	return NULL;
}

/* ---- results files ---- */

/*
 * Read the rows of a results file (or a .partial journal): with keep_fd
 * >= 0, copy the ok rows whose set is not yet in `ok` there; add their sets
 * to `ok`.  A missing file is fine.
 */
static int read_rows(const char *path, int fmt, strlist *ok, int keep_fd)
{
	FILE *f = fopen(path, "r");
	char *line = NULL, set[4096];
	size_t cap = 0;
	ssize_t len;
	int rc = LV_OK, good;

	if (!f)
		return errno == ENOENT
			? LV_OK
			: lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	while ((len = getline(&line, &cap, f)) > 0) {
		if (len > MAX_LINE) {
			rc = lv_error_set(LV_EDATA,
					  "%s: a line longer than %d bytes: not a results file",
					  path, MAX_LINE);
			break;
		}
		if (!parse_row(fmt, line, set, sizeof set, &good) || !good)
			continue;
		if (strlist_has(ok, set))
			continue;
		if ((rc = strlist_add_sorted(ok, set)) < 0)
			break;
		if (keep_fd >= 0) {
			/* the final JSON file has "," after each object but the last */
			if (fmt == FMT_JSON && len >= 2 && line[len - 2] == ',') {
				line[len - 2] = '\n';
				len--;
			}
			if (write_all(keep_fd, line, (size_t)len) < 0) {
				rc = lv_error_set(LV_EIO, "cannot write the results journal: %s",
						  strerror(errno));
				break;
			}
		}
	}
	free(line);
	fclose(f);
	return rc;
}

/* FILE = header + the journal's rows, by temp file + rename. */
static int finish_out(const char *out, const char *partial, int fmt)
{
	char tmp[4200], *line = NULL;
	size_t cap = 0;
	ssize_t len;
	FILE *in = NULL, *o = NULL;
	int fd = -1, rc = LV_OK, first = 1;

	snprintf(tmp, sizeof tmp, "%s.tmp%ld", out, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(o = fdopen(fd, "w"))) {
		rc = lv_error_set(LV_EEXISTS, "cannot create %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	in = fopen(partial, "r");
	if (!in) {
		rc = lv_error_set(LV_EIO, "cannot read %s: %s", partial, strerror(errno));
		goto done;
	}
	fputs(fmt == FMT_CSV ? CSV_HEADER : "[\n", o);
	while ((len = getline(&line, &cap, in)) > 0) {
		if (line[len - 1] != '\n') /* a row cut by an interruption */
			break;
		if (fmt == FMT_JSON) {
			line[len - 1] = '\0';
			fprintf(o, "%s%s", first ? "" : ",\n", line);
		} else {
			fputs(line, o);
		}
		first = 0;
	}
	if (fmt == FMT_JSON)
		fputs(first ? "]\n" : "\n]\n", o);
	if (fflush(o) != 0 || ferror(o) || fsync(fileno(o)) != 0) {
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	if (fclose(o) != 0) {
		o = NULL;
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", tmp, strerror(errno));
		goto done;
	}
	o = NULL;
	if (rename(tmp, out) != 0) {
		rc = lv_error_set(LV_EEXISTS, "cannot replace %s: %s", out, strerror(errno));
		goto done;
	}
	unlink(partial);
done:
	free(line);
	if (in)
		fclose(in);
	if (o)
		fclose(o);
	if (rc < 0)
		unlink(tmp);
	return rc;
}

int main(int argc, char **argv)
{
	strlist dirs = { 0 }, sets = { 0 }, ok = { 0 };
	const char *out = NULL, *overlay = NULL, *format = NULL, *db = NULL;
	int jobs = 0, force = 0, rc = LV_EXIT_OK;
	char partial[4200] = "";
	batch b;
	pthread_t th[MAX_JOBS];
	int started = 0;

	memset(&b, 0, sizeof b);
	b.out_fd = -1;
	pthread_mutex_init(&b.lock, NULL);
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--summary")) {
			puts("measure a tree of photo sets in parallel, one result row per set");
			return 0;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(USAGE, stdout);
			fputs(HELP, stdout);
			return 0;
		}
		if (!strcmp(a, "--force")) {
			force = 1;
			continue;
		}
		if (!strcmp(a, "--timing")) {
			/* for tests/bench/photo_bench.sh */
			b.timing = 1;
			continue;
		}
		if (a[0] == '-' && a[1] == '-') {
			if (!v) {
				rc = lv_cli_usage_error(CMD, "option %s needs a value", a);
				goto done;
			}
			i++;
			if (!strcmp(a, "--jobs")) {
				double n;
				if (lv_cli_number(CMD, a, v, &n)) {
					rc = LV_EXIT_USAGE;
					goto done;
				}
				if (!(n >= 1 && n <= MAX_JOBS) || n != floor(n)) {
					rc = lv_cli_usage_error(
						CMD, "option --jobs: expected 1 to %d, found '%s'",
						MAX_JOBS, v);
					goto done;
				}
				jobs = (int)n;
			} else if (!strcmp(a, "--out")) {
				out = v;
			} else if (!strcmp(a, "--overlay")) {
				overlay = v;
			} else if (!strcmp(a, "--format")) {
				if (strcmp(v, "csv") && strcmp(v, "json")) {
					rc = lv_cli_usage_error(
						CMD,
						"option --format: expected csv or json, found '%s'",
						v);
					goto done;
				}
				format = v;
			} else if (!strcmp(a, "--db")) {
				db = v;
			} else {
				{
					rc = lv_cli_usage_error(CMD, "unknown option '%s'", a);
					goto done;
				}
			}
		} else if (strlist_add(&dirs, a) < 0) {
			rc = lv_cli_report(CMD);
			goto done;
		}
	}
	if (dirs.n == 0) {
		rc = lv_cli_usage_error(CMD, "expected one or more folders of photo sets");
		goto done;
	}
	if (out) {
		size_t n = strlen(out);
		if (n > 4 && !strcmp(out + n - 4, ".csv"))
			b.fmt = FMT_CSV;
		else if (n > 5 && !strcmp(out + n - 5, ".json"))
			b.fmt = FMT_JSON;
		else {
			rc = lv_cli_usage_error(
				CMD,
				"option --out: expected a name ending in .csv or .json, found '%s'",
				out);
			goto done;
		}
		if (format && strcmp(format, b.fmt == FMT_CSV ? "csv" : "json")) {
			rc = lv_cli_usage_error(CMD, "--format %s does not match --out %s", format,
						out);
			goto done;
		}
	} else {
		b.fmt = format && !strcmp(format, "json") ? FMT_JSON : FMT_CSV;
	}
	if (!jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		jobs = n < 1 ? 1 : n > MAX_JOBS ? MAX_JOBS : (int)n;
	}
	b.overlay = overlay;
	if (db && lv_store_open(&b.store, db, LV_STORE_CREATE) < 0) {
		rc = lv_cli_report(CMD);
		goto done;
	}
	if (overlay && lv_photo_mkdir(overlay) < 0) {
		rc = lv_cli_report(CMD);
		goto done;
	}

	for (size_t i = 0; i < dirs.n; i++)
		if (find_sets(&sets, dirs.v[i], 0) < 0) {
			rc = lv_cli_report(CMD);
			goto done;
		}
	if (sets.n == 0) {
		fprintf(stderr, "limbvol batch: no photo set (a folder with %s) found\n",
			LV_MANIFEST_NAME);
		rc = LV_EXIT_NOINPUT;
		goto done;
	}
	qsort(sets.v, sets.n, sizeof(char *), cmp_str);

	if (out) {
		/* the journal: the ok rows of earlier runs, then this run's rows */
		char tmp[4300];
		int fd;
		snprintf(partial, sizeof partial, "%s.partial", out);
		snprintf(tmp, sizeof tmp, "%s.tmp%ld", partial, (long)getpid());
		fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
		if (fd < 0) {
			fprintf(stderr, "limbvol batch: cannot create %s: %s\n", tmp,
				strerror(errno));
			rc = LV_EXIT_CANTCREAT;
			goto done;
		}
		if (!force &&
		    (read_rows(out, b.fmt, &ok, fd) < 0 ||
		     read_rows(partial, b.fmt, &ok, fd) < 0)) {
			close(fd);
			unlink(tmp);
			rc = lv_cli_report(CMD);
			goto done;
		}
		if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, partial) != 0) {
			fprintf(stderr, "limbvol batch: cannot write %s: %s\n", partial,
				strerror(errno));
			unlink(tmp);
			rc = LV_EXIT_CANTCREAT;
			goto done;
		}
		b.out_fd = open(partial, O_WRONLY | O_APPEND);
		if (b.out_fd < 0) {
			fprintf(stderr, "limbvol batch: cannot write %s: %s\n", partial,
				strerror(errno));
			rc = LV_EXIT_CANTCREAT;
			goto done;
		}
	} else {
		fputs(b.fmt == FMT_CSV ? CSV_HEADER : "[\n", stdout);
	}
	for (size_t i = 0; i < sets.n; i++)
		if (!strlist_has(&ok, sets.v[i]) && strlist_add(&b.todo, sets.v[i]) < 0) {
			rc = lv_cli_report(CMD);
			goto done;
		}
	if (ok.n && b.todo.n < sets.n)
		fprintf(stderr,
			"limbvol batch: %zu of %zu sets already measured in %s (--force to redo)\n",
			sets.n - b.todo.n, sets.n, out);

	/* each set runs on one thread: OpenCV's own threads would compete */
	lv_cv_set_threads(1);
	/* keep freed image buffers for the next photo instead of handing them
	 * back to the system and faulting them in again (a 12 MP photo is 36 MB;
	 * glibc maps anything over its threshold anew each time).  Memory
	 * stays bounded by the jobs' working sets, not by the batch. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	b.progress = isatty(STDERR_FILENO) && b.todo.n > 0;
	b.t0 = now_s();
	if ((size_t)jobs > b.todo.n)
		jobs = b.todo.n ? (int)b.todo.n : 1;
	for (int i = 0; i < jobs; i++) {
		if (pthread_create(&th[i], NULL, worker, &b) != 0)
			break;
		started++;
	}
	if (started == 0 && b.todo.n)
		worker(&b);
	for (int i = 0; i < started; i++)
		pthread_join(th[i], NULL);
	draw_progress(&b, 1);
	if (b.timing && b.photos) {
		fprintf(stderr, "timing: %zu photos, decode_ms ", b.photos);
		lv_cli_number_out(stderr, b.decode_ms / (double)b.photos, 1);
		fputs(" analyse_ms ", stderr);
		lv_cli_number_out(stderr, b.analyse_ms / (double)b.photos, 1);
		fputs(" (means per photo)\n", stderr);
	}

	if (b.out_fd >= 0) {
		if (fdatasync(b.out_fd) != 0 || close(b.out_fd) != 0)
			b.io_error = 1;
		b.out_fd = -1;
		if (b.io_error) {
			fprintf(stderr,
				"limbvol batch: cannot write %s; the rows written so far are kept "
				"there, run again to resume\n",
				partial);
			rc = LV_EXIT_IO;
			goto done;
		}
		if (finish_out(out, partial, b.fmt) < 0) {
			rc = lv_cli_report(CMD);
			goto done;
		}
	} else {
		if (b.fmt == FMT_JSON)
			fputs("]\n", stdout);
		if (fflush(stdout) != 0 || ferror(stdout) || b.io_error) {
			fprintf(stderr, "limbvol batch: cannot write the results\n");
			rc = LV_EXIT_IO;
			goto done;
		}
	}
	if (b.failed) {
		fprintf(stderr, "limbvol batch: %zu of %zu sets failed (see their rows)\n",
			b.failed, b.todo.n);
		rc = LV_EXIT_SOME_FAILED;
	}
done:
	if (b.out_fd >= 0)
		close(b.out_fd);
	lv_store_close(b.store);
	strlist_free(&dirs);
	strlist_free(&sets);
	strlist_free(&ok);
	strlist_free(&b.todo);
	pthread_mutex_destroy(&b.lock);
	return rc;
}
