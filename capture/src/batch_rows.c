/*
 * batch_rows.c - limbvol batch's result rows: one row per set in CSV or
 * JSON, and the final results file made from the .partial journal (reading
 * them back on resume is batch_resume.c).
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "limbvol/error.h"

const char BATCH_CSV_HEADER[] =
	"set,status,error,patient,limb,date,phase,views,scale,from_cm,to_cm,volume_ml,"
	"volume_sd_ml,sites_cm,circumferences_cm,front,side,volume_repeat_sd_ml,"
	"circumferences_sd_cm,camera_distance_cm\n";

static void put_str(FILE *f, int fmt, const char *key, const char *s, int first)
{
	if (fmt == BATCH_CSV) {
		if (!first)
			fputc(',', f);
		cli_csv_field(f, s ? s : "");
	} else {
		fprintf(f, "%s\"%s\":", first ? "" : ",", key);
		if (s && *s)
			cli_json_string(f, s);
		else
			fputs("null", f);
	}
}

/* CSV: ',' and the ';'-list of a site's column (sites, circumferences or
 * their sd) to decimals; empty when the set failed. */
static void put_list(FILE *f, const photo_result *r, const double *v, int decimals)
{
	fputc(',', f);
	for (size_t i = 0; r && i < r->n_sites; i++) {
		if (i)
			fputc(';', f);
		cli_number_out(f, v[i], decimals);
	}
}

static void put_num(FILE *f, int fmt, const char *key, double v, int decimals, int have)
{
	if (fmt == BATCH_CSV) {
		fputc(',', f);
		if (have)
			cli_number_out(f, v, decimals);
	} else {
		fprintf(f, ",\"%s\":", key);
		if (have)
			cli_number_json(f, v); /* the shortest round trip */
		else
			fputs("null", f);
	}
}

char *batch_row_text(int fmt, const batch_row *w)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	const manifest *m = w->m;
	const photo_result *r = w->r;

	if (!f)
		return NULL;
	if (fmt == BATCH_JSON)
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
	if (fmt == BATCH_CSV) {
		put_list(f, r, r ? r->site_cm : NULL, 1);
		put_list(f, r, r ? r->circumference_cm : NULL, 2);
	} else {
		fputs(",\"sites\":", f);
		if (!r)
			fputs("null", f);
		for (size_t i = 0; r && i < r->n_sites; i++) {
			fputs(i ? ",{\"site_cm\":" : "[{\"site_cm\":", f);
			cli_number_json(f, r->site_cm[i]);
			fputs(",\"circumference_cm\":", f);
			cli_number_json(f, r->circumference_cm[i]);
			fputs(",\"circumference_sd_cm\":", f);
			cli_number_json(f, r->circumference_sd_cm[i]);
			fputc('}', f);
		}
		if (r)
			fputs(r->n_sites ? "]" : "[]", f);
	}
	put_str(f, fmt, "front", m ? m->front : NULL, 0);
	put_str(f, fmt, "side", m && m->side[0] ? m->side : NULL, 0);
	put_num(f, fmt, "volume_repeat_sd_ml", r ? r->volume_repeat_sd_ml : 0, 1, r != NULL);
	if (fmt == BATCH_CSV) /* after the columns of earlier versions */
		put_list(f, r, r ? r->circumference_sd_cm : NULL, 2);
	/* the camera's distance (photo.h: the mean of the views'), last */
	put_num(f, fmt, "camera_distance_cm", r ? r->camera_distance_cm : 0, 1,
		r && r->camera_distance_cm > 0);
	fputs(fmt == BATCH_JSON ? "}\n" : "\n", f);
	if (fclose(f) != 0) {
		free(buf);
		return NULL;
	}
	return buf;
}

int batch_write_all(int fd, const char *s, size_t len)
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

int batch_index_add(batch_index *x, const char *set, size_t len)
{
	if (x->n == x->cap) {
		size_t cap = x->cap ? x->cap * 2 : 256;
		batch_entry *v = realloc(x->v, cap * sizeof *v);
		if (!v)
			return lv_error_set(LV_ENOMEM, "out of memory");
		x->v = v;
		x->cap = cap;
	}
	x->v[x->n].set = set;
	x->v[x->n].off = x->end;
	x->v[x->n].len = len;
	x->n++;
	x->end += (off_t)len;
	return LV_OK;
}

void batch_index_free(batch_index *x)
{
	free(x->v);
	memset(x, 0, sizeof *x);
}

static int by_set(const void *a, const void *b)
{
	return strcmp(((const batch_entry *)a)->set, ((const batch_entry *)b)->set);
}

int batch_file_open(batch_file *w, const char *path)
{
	int fd;

	snprintf(w->path, sizeof w->path, "%s", path);
	snprintf(w->tmp, sizeof w->tmp, "%s.tmp%ld", path, (long)getpid());
	fd = open(w->tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(w->f = fdopen(fd, "w"))) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		unlink(w->tmp);
		return lv_error_set(LV_EEXISTS, "cannot create %s: %s", w->tmp, strerror(e));
	}
	return LV_OK;
}

int batch_file_close(batch_file *w, int commit)
{
	int rc = LV_OK;

	if (!w->f)
		return LV_OK;
	if (commit && (fflush(w->f) != 0 || ferror(w->f) || fsync(fileno(w->f)) != 0))
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", w->tmp, strerror(errno));
	if (fclose(w->f) != 0 && commit && rc == LV_OK)
		rc = lv_error_set(LV_EIO, "cannot write %s: %s", w->tmp, strerror(errno));
	w->f = NULL;
	if (commit && rc == LV_OK && rename(w->tmp, w->path) != 0)
		rc = lv_error_set(LV_EEXISTS, "cannot replace %s: %s", w->path, strerror(errno));
	if (!commit || rc < 0)
		unlink(w->tmp);
	return rc;
}

/* The rows of the journal in idx's (sorted) order on o (and sites). */
static int copy_rows(FILE *o, FILE *sites, int fd, int fmt, const batch_index *idx)
{
	char *line = malloc(BATCH_MAX_LINE + 1);

	if (!line)
		return lv_error_set(LV_ENOMEM, "out of memory");
	fputs(fmt == BATCH_CSV ? BATCH_CSV_HEADER : "[\n", o);
	for (size_t i = 0; i < idx->n; i++) {
		const batch_entry *e = &idx->v[i];
		if (e->len < 1 || e->len > BATCH_MAX_LINE ||
		    pread(fd, line, e->len, e->off) != (ssize_t)e->len ||
		    line[e->len - 1] != '\n') {
			free(line);
			return lv_error_set(LV_EIO, "cannot read the results journal back");
		}
		if (fmt == BATCH_JSON) {
			fputs(i ? ",\n" : "", o);
			fwrite(line, 1, e->len - 1, o);
		} else {
			fwrite(line, 1, e->len, o);
		}
		if (sites && batch_sites_rows(sites, fmt, line, e->len) < 0) {
			free(line);
			return LV_EIO;
		}
	}
	if (fmt == BATCH_JSON)
		fputs(idx->n ? "\n]\n" : "]\n", o);
	free(line);
	return LV_OK;
}

int batch_results_finish(const char *out, const char *partial, int fmt, batch_index *idx,
			 const char *sites)
{
	batch_file o = { 0 }, s = { 0 };
	int fd = -1, rc;

	if (idx->n)
		qsort(idx->v, idx->n, sizeof *idx->v, by_set);
	if ((rc = batch_file_open(&o, out)) < 0 || (sites && (rc = batch_file_open(&s, sites)) < 0))
		goto done;
	if (s.f)
		fputs(BATCH_SITES_HEADER, s.f);
	if ((fd = open(partial, O_RDONLY | O_CLOEXEC)) < 0) {
		rc = lv_error_set(LV_EIO, "cannot read %s: %s", partial, strerror(errno));
		goto done;
	}
	if ((rc = copy_rows(o.f, s.f, fd, fmt, idx)) < 0)
		goto done;
	if ((rc = batch_file_close(&o, 1)) < 0 || (rc = batch_file_close(&s, 1)) < 0)
		goto done;
	unlink(partial);
done:
	if (fd >= 0)
		close(fd);
	batch_file_close(&o, 0);
	batch_file_close(&s, 0);
	return rc;
}
