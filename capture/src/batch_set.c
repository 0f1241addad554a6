/*
 * batch_set.c - limbvol batch measures one set: its manifest, its photos
 * (as `limbvol photo` measures them), the overlays, and with --db the
 * measurement recorded in the store; the result is the set's row.
 */
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "escape.h"
#include "limbvol/error.h"
#include "limbvol/store.h"
#include "cvs_aruco.h"
#include "cvs_photo.h"
#include "options.h"
#include "photo_record.h"

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

/* What the manifest asks of the photo pipeline. */
static int request_from_manifest(const manifest *m, int overlay, photo_opts *po, photo_request *rq)
{
	int dict_size = 0;

	if (cvs_aruco_dictionary(m->dict, &po->dict_id, &dict_size) < 0)
		return LV_EDATA;
	if (m->marker_id >= dict_size)
		return lv_error_set(LV_EDATA, "marker id %d is not in dictionary %s", m->marker_id,
				    m->dict);
	po->marker_id = m->marker_id;
	po->marker_mm = m->marker_mm;
	po->keep_for_overlay = overlay;
	po->keep_failed = overlay; /* a failed set's overlay shows what was read */
	po->proximal = m->proximal;
	rq->from_cm = m->from_cm;
	rq->to_cm = m->to_cm;
	rq->step_cm = m->step_cm;
	rq->origin_offset_cm = m->origin_offset_cm;
	if (!isnan(m->from_cm) && !isnan(m->to_cm)) {
		po->axis_from_cm = m->from_cm + m->origin_offset_cm;
		po->axis_to_cm = m->to_cm + m->origin_offset_cm;
	}
	return LV_OK;
}

/* A line on stderr, "limbvol batch: ", what and text, the progress bar's
 * line cleared first (it is drawn again); outside bytes escaped for the
 * terminal.  A photo's warning (a marker size typed wrong, photo.h) is
 * told as limbvol photo prints it: what = "warning: ". */
static void tell(batch *b, const char *what, const char *text)
{
	pthread_mutex_lock(&b->lock);
	if (b->progress)
		fputs("\r\033[K", stderr);
	cli_print_escaped(stderr, "limbvol batch: %s%s", what, text);
	fputc('\n', stderr);
	fflush(stderr);
	pthread_mutex_unlock(&b->lock);
}

/* The overlays of photos ph[0..n) of a set (r NULL: the set failed). */
static int write_overlays(const batch *b, const char *set, char paths[][4096],
			  photo_view *const *ph, int n, const photo_result *r,
			  const photo_request *rq)
{
	char prefix[512], out[4096];
	overlay_prefix(prefix, sizeof prefix, set);
	for (int k = 0; k < n; k++)
		if (ph[k] &&
		    (photo_overlay_path(out, sizeof out, b->overlay, prefix, paths[k]) < 0 ||
		     photo_overlay_write(ph[k], r, rq->origin_offset_cm, out) < 0))
			return -1;
	return 0;
}

char *batch_measure_set(batch *b, const char *set, int *failed)
{
	manifest m;
	photo_opts po;
	photo_request rq;
	photo_view *ph[2] = { NULL, NULL };
	photo_result res;
	photo_lens *lensfile = NULL;
	cvs_lens lens;
	char paths[2][4096], cam[4096], msg[1024];
	int have_manifest = 0, ok = 0, nphotos = 0, nread = 0;
	batch_row w;
	char *text;

	memset(&res, 0, sizeof res);
	memset(&po, 0, sizeof po);
	if (manifest_read(&m, set) < 0)
		goto done;
	have_manifest = 1;
	if (request_from_manifest(&m, b->overlay != NULL, &po, &rq) < 0)
		goto done;
	if (m.camera[0]) {
		join(cam, sizeof cam, set, m.camera);
		if (photo_lens_read(&lensfile, cam, &lens) < 0)
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
		photo_facts f;
		if (photo_analyse(&ph[k], paths[k], &po) < 0) {
			nread = k + (ph[k] != NULL);
			goto done;
		}
		nread = k + 1;
		photo_facts_get(ph[k], &f);
		if (f.warning)
			tell(b, "warning: ", f.warning);
		if (b->timing) {
			pthread_mutex_lock(&b->lock);
			b->decode_ms += f.decode_ms;
			b->analyse_ms += f.analyse_ms;
			b->photos++;
			pthread_mutex_unlock(&b->lock);
		}
		if (lensfile) {
			if (photo_lens_check(lensfile, f.width_px, f.height_px) < 0) {
				lv_error_locate(paths[k], 0, 0);
				goto done;
			}
		}
	}
	if (photo_measure(&res, ph[0], ph[1], &rq) < 0)
		goto done;
	if (b->overlay && write_overlays(b, set, paths, ph, nphotos, &res, &rq) < 0)
		goto done;
	if (b->store) {
		int64_t dup = 0;
		int st;
		pthread_mutex_lock(&b->lock);
		st = photo_record(b->store, set, &m, &res, &dup);
		pthread_mutex_unlock(&b->lock);
		if (st < 0)
			goto done;
		if (dup) { /* worded as limbvol import words a skipped duplicate */
			char line[4200];
			snprintf(line, sizeof line,
				 "%s: the same measurement is stored as id %lld (patient, limb,"
				 " date, phase, sites and values): not stored again",
				 set, (long long)dup);
			tell(b, "", line);
		}
	}
	ok = 1;
done:
	if (!ok) {
		lv_error_format(lv_error_last(), msg, sizeof msg);
		for (char *p = msg; *p; p++)
			if (*p == '\n' || *p == '\r')
				*p = ' ';
		/* a failed set still gets the overlays of the photos that could be
		 * read, marked "not measured"; its row keeps the first error */
		if (b->overlay && nread > 0) {
			write_overlays(b, set, paths, ph, nread, NULL, &rq);
			lv_error_clear();
		}
	}
	w.set = set;
	w.m = have_manifest ? &m : NULL;
	w.r = ok ? &res : NULL;
	w.error = ok ? NULL : msg;
	text = batch_row_text(b->fmt, &w);
	*failed = !ok;
	photo_result_clear(&res);
	photo_free(ph[0]);
	photo_free(ph[1]);
	photo_lens_free(lensfile);
	return text;
}
