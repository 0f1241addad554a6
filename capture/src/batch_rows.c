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
	"volume_sd_ml,sites_cm,circumferences_cm,front,side\n";

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
		for (int pass = 0; pass < 2; pass++) {
			fputc(',', f);
			for (size_t i = 0; r && i < r->n_sites; i++) {
				if (i)
					fputc(';', f);
				cli_number_out(f, pass ? r->circumference_cm[i] : r->site_cm[i],
					       pass ? 2 : 1);
			}
		}
	} else {
		fputs(",\"sites\":", f);
		if (!r)
			fputs("null", f);
		for (size_t i = 0; r && i < r->n_sites; i++) {
			fputs(i ? ",{\"site_cm\":" : "[{\"site_cm\":", f);
			cli_number_json(f, r->site_cm[i]);
			fputs(",\"circumference_cm\":", f);
			cli_number_json(f, r->circumference_cm[i]);
			fputc('}', f);
		}
		if (r)
			fputs(r->n_sites ? "]" : "[]", f);
	}
	put_str(f, fmt, "front", m ? m->front : NULL, 0);
	put_str(f, fmt, "side", m && m->side[0] ? m->side : NULL, 0);
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

int batch_results_finish(const char *out, const char *partial, int fmt)
{
	char tmp[4200], *line = NULL;
	size_t len;
	FILE *in = NULL, *o = NULL;
	int fd = -1, rc = LV_OK, first = 1, got;

	snprintf(tmp, sizeof tmp, "%s.tmp%ld", out, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || !(o = fdopen(fd, "w"))) {
		rc = lv_error_set(LV_EEXISTS, "cannot create %s: %s", tmp, strerror(errno));
		if (fd >= 0)
			close(fd);
		goto done;
	}
	in = fopen(partial, "r");
	if (!in || !(line = malloc(BATCH_MAX_LINE + 1))) {
		rc = lv_error_set(in ? LV_ENOMEM : LV_EIO, "cannot read %s: %s", partial,
				  in ? "out of memory" : strerror(errno));
		goto done;
	}
	fputs(fmt == BATCH_CSV ? BATCH_CSV_HEADER : "[\n", o);
	/* the journal holds whole rows (this run wrote it): a cut one stops */
	while ((got = batch_next_line(in, line, &len)) == 1) {
		if (fmt == BATCH_JSON) {
			fputs(first ? "" : ",\n", o);
			fwrite(line, 1, len - 1, o);
		} else {
			fwrite(line, 1, len, o);
		}
		first = 0;
	}
	if (got < 0 || ferror(in)) {
		rc = lv_error_set(LV_EIO, "cannot read %s back", partial);
		goto done;
	}
	if (fmt == BATCH_JSON)
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
