/*
 * The export format written (limbvol/exchange.h): everything the store holds
 * about a patient, CSV or JSON, in one read transaction.  Sessions and
 * measurements are numbered within the patient in date order; the database
 * ids are not exported.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "exchange_impl.h"
#include "limbvol/json.h"
#include "limbvol/number.h"

const char *const lv_exchange_columns[XC_COUNT + 1] = { "record",
							"patient",
							"limb",
							"date",
							"phase",
							"site_cm",
							"circumference_cm",
							"width_side_cm",
							"measurement",
							"session",
							"kind",
							"notes",
							"method",
							"model",
							"tape_sd_cm",
							"volume_ml",
							"sd_ml",
							"source",
							"birth_year",
							"sex",
							"weight_kg",
							"affected",
							"landmark",
							"deleted",
							"weight",
							"edit",
							"changed_at",
							"what",
							"old_value",
							"new_value",
							"repeat_sd_ml",
							"camera_distance_cm",
							"views",
							NULL };

struct ex {
	lv_store *s;
	FILE *f;
	int json;
	int64_t patient;
	const char *code;
	/* session id -> number within the patient (date order), sorted by id */
	struct sess_map {
		int64_t id;
		long number;
	} * sess;
	size_t n_sess, cap_sess;
	/* measurement and weight id -> number within the patient, sorted by id */
	struct sess_map *meas, *wts;
	size_t n_meas_map, cap_meas, n_wts, cap_wts;
	unsigned flags;
	long n_meas;
	int first; /* JSON: first element of the current array */
	int first_patient;
};

/* A number as the export writes it: up to 6 decimals, trailing zeros dropped. */
static const char *numtext(char buf[64], double v)
{
	if (lv_number_format_short(v, 6, buf, 64) < 0)
		snprintf(buf, 64, "nan");
	return buf;
}

static void jnum(FILE *f, double v)
{
	char b[64];
	fputs(numtext(b, v), f);
}

/* ", "KEY": V" of a positive value, else null (none). */
static void jopt(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	if (v > 0)
		jnum(f, v);
	else
		fputs("null", f);
}

/* One CSV row: v[col] or empty; quoted where needed. */
static void put_row(FILE *f, const char *const v[XC_COUNT])
{
	for (int c = 0; c < XC_COUNT; c++) {
		if (c)
			fputc(',', f);
		if (v[c])
			lv_csv_write_field(f, v[c]);
	}
	fputc('\n', f);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct sess_map *)a)->id, y = ((const struct sess_map *)b)->id;
	return (x > y) - (x < y);
}

/* Remember id -> the next number in a map (sorted by id afterwards). */
static int map_add(struct sess_map **map, size_t *n, size_t *cap, int64_t id)
{
	if (*n == *cap) {
		size_t c = *cap ? 2 * *cap : 64;
		struct sess_map *m = mem_realloc(*map, c * sizeof *m);
		if (!m)
			return lv_error_set(LV_ENOMEM, "out of memory");
		*map = m;
		*cap = c;
	}
	(*map)[*n].id = id;
	(*map)[*n].number = (long)*n + 1;
	(*n)++;
	return 0;
}

static long map_number(const struct sess_map *map, size_t n, int64_t id)
{
	struct sess_map key = { id, 0 }, *hit;
	if (!n)
		return 0;
	hit = bsearch(&key, map, n, sizeof key, by_id);
	return hit ? hit->number : 0;
}

static long sess_number(const struct ex *x, int64_t id)
{
	return map_number(x->sess, x->n_sess, id);
}

static int limb_cb(const lv_limb_info *l, void *vctx)
{
	struct ex *x = vctx;
	if (x->json) {
		fprintf(x->f, "%s\n      {\"limb\": \"%s\", \"affected\": %s, \"landmark\": ",
			x->first ? "" : ",", lv_limb_name(l->limb),
			l->affected == 1           ? "true"
				: l->affected == 0 ? "false"
						   : "null");
		lv_json_write_string(x->f, l->landmark);
		fputc('}', x->f);
	} else {
		const char *v[XC_COUNT] = { 0 };
		v[XC_RECORD] = "limb";
		v[XC_PATIENT] = x->code;
		v[XC_LIMB] = lv_limb_name(l->limb);
		v[XC_AFFECTED] = l->affected == 1 ? "yes" : l->affected == 0 ? "no" : NULL;
		v[XC_LANDMARK] = l->landmark;
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

static void jdeleted(FILE *f, const char *deleted)
{
	fputs(", \"deleted\": ", f);
	if (deleted[0])
		fprintf(f, "\"%s\"", deleted);
	else
		fputs("null", f);
}

static int weight_cb(const lv_weight_info *wi, void *vctx)
{
	struct ex *x = vctx;
	char w[64];
	int ret = map_add(&x->wts, &x->n_wts, &x->cap_wts, wi->id);
	if (ret < 0)
		return ret;
	if (x->json) {
		fprintf(x->f, "%s\n      {\"date\": \"%s\", \"weight_kg\": ", x->first ? "" : ",",
			wi->date);
		jnum(x->f, wi->kg);
		jdeleted(x->f, wi->deleted);
		fputc('}', x->f);
	} else {
		const char *v[XC_COUNT] = { 0 };
		v[XC_RECORD] = "weight";
		v[XC_PATIENT] = x->code;
		v[XC_DATE] = wi->date;
		v[XC_WEIGHT] = numtext(w, wi->kg);
		v[XC_DELETED] = wi->deleted;
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

/* One revision, its measurement or weight by its number in the file. */
static int revision_cb(const lv_revision *r, void *vctx)
{
	struct ex *x = vctx;
	long num = r->measurement ? map_number(x->meas, x->n_meas_map, r->measurement)
				  : map_number(x->wts, x->n_wts, r->weight);
	char nb[32], eb[32];
	if (!num)
		return 0; /* of a measurement or weight not exported */
	snprintf(nb, sizeof nb, "%ld", num);
	snprintf(eb, sizeof eb, "%ld", r->edit);
	if (x->json) {
		fprintf(x->f,
			"%s\n      {\"%s\": %ld, \"edit\": %ld, \"changed_at\": \"%s\", \"what\": ",
			x->first ? "" : ",", r->measurement ? "measurement" : "weight", num,
			r->edit, r->changed_at);
		lv_json_write_string(x->f, r->what);
		fputs(", \"old\": ", x->f);
		lv_json_write_string(x->f, r->old_value);
		fputs(", \"new\": ", x->f);
		lv_json_write_string(x->f, r->new_value);
		fputc('}', x->f);
	} else {
		const char *v[XC_COUNT] = { 0 };
		v[XC_RECORD] = "revision";
		v[XC_PATIENT] = x->code;
		v[r->measurement ? XC_MEAS : XC_WEIGHTNO] = nb;
		v[XC_EDIT] = eb;
		v[XC_CHANGED] = r->changed_at;
		v[XC_WHAT] = r->what;
		v[XC_OLD] = r->old_value;
		v[XC_NEW] = r->new_value;
		put_row(x->f, v);
	}
	x->first = 0;
	return ferror(x->f) ? lv_error_set(LV_EIO, "cannot write the export") : 0;
}

static int session_cb(const lv_session_info *si, void *vctx)
{
	struct ex *x = vctx;
	if (x->n_sess == x->cap_sess) {
		size_t cap = x->cap_sess ? 2 * x->cap_sess : 64;
		struct sess_map *m = mem_realloc(x->sess, cap * sizeof *m);
		if (!m)
			return lv_error_set(LV_ENOMEM, "out of memory");
		x->sess = m;
		x->cap_sess = cap;
	}
	x->sess[x->n_sess].id = si->id;
	x->sess[x->n_sess].number = (long)x->n_sess + 1;
	x->n_sess++;
	if (x->json) {
		fprintf(x->f,
			"%s\n      {\"session\": %ld, \"date\": \"%s\", \"kind\": \"%s\", \"notes\": ",
			x->first ? "" : ",", (long)x->n_sess, si->date,
			lv_session_kind_name(si->kind));
		lv_json_write_string(x->f, si->notes);
		fputc('}', x->f);
	} else {
		const char *v[XC_COUNT] = { 0 };
		char num[32];
		snprintf(num, sizeof num, "%ld", (long)x->n_sess);
		v[XC_RECORD] = "session";
		v[XC_PATIENT] = x->code;
		v[XC_DATE] = si->date;
		v[XC_SESSION] = num;
		v[XC_KIND] = lv_session_kind_name(si->kind);
		v[XC_NOTES] = si->notes;
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

static void meas_json(struct ex *x, const lv_record *r, long sn)
{
	fprintf(x->f,
		"%s\n      {\"measurement\": %ld, \"limb\": \"%s\", \"date\": \"%s\","
		" \"phase\": \"%s\", \"session\": ",
		x->first ? "" : ",", x->n_meas, lv_limb_name(r->limb), r->date,
		lv_phase_name(r->phase));
	if (sn)
		fprintf(x->f, "%ld", sn);
	else
		fputs("null", x->f);
	fprintf(x->f, ", \"method\": \"%s\", \"model\": \"%s\", \"tape_sd_cm\": ",
		lv_method_name(r->method), lv_model_name(r->model));
	jnum(x->f, r->reading_sd_cm);
	fputs(", \"volume_ml\": ", x->f);
	jnum(x->f, r->volume_ml);
	fputs(", \"sd_ml\": ", x->f);
	jnum(x->f, r->sd_ml);
	fputs(", \"source\": ", x->f);
	lv_json_write_string(x->f, r->source);
	jdeleted(x->f, r->deleted);
	jopt(x->f, "repeat_sd_ml", r->repeat_sd_ml);
	jopt(x->f, "camera_distance_cm", r->camera_distance_cm);
	fputs(", \"views\": ", x->f);
	if (r->views > 0)
		fprintf(x->f, "%d", r->views);
	else
		fputs("null", x->f);
	fputs(",\n       \"sites\": [", x->f);
	for (size_t i = 0; i < r->n; i++) {
		fprintf(x->f, "%s{\"site_cm\": ", i ? ", " : "");
		jnum(x->f, r->site_cm[i]);
		fputs(", \"circumference_cm\": ", x->f);
		jnum(x->f, r->circumference_cm[i]);
		if (r->width_side_cm) {
			fputs(", \"width_side_cm\": ", x->f);
			jnum(x->f, r->width_side_cm[i]);
		}
		fputc('}', x->f);
	}
	fputs("]}", x->f);
}

static void meas_csv(struct ex *x, const lv_record *r, long sn)
{
	const char *v[XC_COUNT] = { 0 };
	char site[64], circ[64], side[64], meas[32], sess[32], sd[64], vol[64], vsd[64], rsd[64],
		dist[64], views[8];
	snprintf(meas, sizeof meas, "%ld", x->n_meas);
	snprintf(sess, sizeof sess, "%ld", sn);
	v[XC_RECORD] = "site";
	v[XC_PATIENT] = x->code;
	v[XC_LIMB] = lv_limb_name(r->limb);
	v[XC_DATE] = r->date;
	v[XC_PHASE] = lv_phase_name(r->phase);
	v[XC_MEAS] = meas;
	v[XC_SESSION] = sn ? sess : NULL;
	v[XC_METHOD] = lv_method_name(r->method);
	v[XC_MODEL] = lv_model_name(r->model);
	v[XC_TAPESD] = numtext(sd, r->reading_sd_cm);
	v[XC_VOLUME] = numtext(vol, r->volume_ml);
	v[XC_SD] = numtext(vsd, r->sd_ml);
	v[XC_SOURCE] = r->source;
	v[XC_DELETED] = r->deleted;
	v[XC_REPEAT] = r->repeat_sd_ml > 0 ? numtext(rsd, r->repeat_sd_ml) : NULL;
	v[XC_DISTANCE] = r->camera_distance_cm > 0 ? numtext(dist, r->camera_distance_cm) : NULL;
	snprintf(views, sizeof views, "%d", r->views);
	v[XC_VIEWS] = r->views > 0 ? views : NULL;
	for (size_t i = 0; i < r->n; i++) {
		v[XC_SITE] = numtext(site, r->site_cm[i]);
		v[XC_CIRC] = numtext(circ, r->circumference_cm[i]);
		v[XC_SIDE] = r->width_side_cm ? numtext(side, r->width_side_cm[i]) : NULL;
		put_row(x->f, v);
	}
}

static int meas_cb(const lv_record *r, void *vctx)
{
	struct ex *x = vctx;
	long sn = r->session ? sess_number(x, r->session) : 0;
	int ret = map_add(&x->meas, &x->n_meas_map, &x->cap_meas, r->id);

	if (ret < 0)
		return ret;
	x->n_meas++;
	if (x->json)
		meas_json(x, r, sn);
	else
		meas_csv(x, r, sn);
	x->first = 0;
	return ferror(x->f) ? lv_error_set(LV_EIO, "cannot write the export") : 0;
}

static void patient_head(struct ex *x, const lv_patient_info *p)
{
	if (x->json) {
		fprintf(x->f, "%s\n  {\"patient\": ", x->first_patient ? "" : ",");
		lv_json_write_string(x->f, x->code);
		fputs(", \"birth_year\": ", x->f);
		if (p->birth_year)
			fprintf(x->f, "%d", p->birth_year);
		else
			fputs("null", x->f);
		fprintf(x->f, ", \"sex\": \"%s\",\n   \"limbs\": [", lv_sex_name(p->sex));
	} else {
		const char *v[XC_COUNT] = { 0 };
		char by[16];
		snprintf(by, sizeof by, "%d", p->birth_year);
		v[XC_RECORD] = "patient";
		v[XC_PATIENT] = x->code;
		v[XC_BIRTH] = p->birth_year ? by : NULL;
		v[XC_SEX] = lv_sex_name(p->sex);
		put_row(x->f, v);
	}
}

/* The patient's audit trail: of its measurements, then of its weights. */
static int export_revisions(struct ex *x, int64_t patient)
{
	int ret, deleted = (x->flags & LV_EXCHANGE_DELETED) != 0;
	if (x->n_meas_map)
		qsort(x->meas, x->n_meas_map, sizeof *x->meas, by_id);
	if (x->n_wts)
		qsort(x->wts, x->n_wts, sizeof *x->wts, by_id);
	if (x->json)
		fputs("],\n   \"revisions\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each_patient_revision(x->s, patient, 0, deleted, revision_cb, x)) !=
		    0 ||
	    (ret = lv_store_each_patient_revision(x->s, patient, 1, deleted, revision_cb, x)) != 0)
		return ret;
	if (x->json)
		fputs("]}", x->f);
	return 0;
}

static int export_patient(struct ex *x, int64_t patient)
{
	lv_patient_info p;
	int ret;
	char code[LV_STORE_MAX_CODE + 1];

	if ((ret = lv_store_patient_get(x->s, patient, &p)) < 0)
		return ret;
	snprintf(code, sizeof code, "%s", p.code);
	x->code = code;
	x->patient = patient;
	x->n_sess = 0;
	x->n_meas = 0;
	x->n_meas_map = x->n_wts = 0;
	patient_head(x, &p);
	x->first_patient = 0;
	x->first = 1;
	if ((ret = lv_store_each_limb(x->s, patient, limb_cb, x)) != 0)
		return ret;
	if (x->json)
		fputs("],\n   \"weights\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each_weight_ex(x->s, patient, x->flags & LV_EXCHANGE_DELETED, weight_cb,
					   x)) != 0)
		return ret;
	if (x->json)
		fputs("],\n   \"sessions\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each_session(x->s, patient, session_cb, x)) != 0)
		return ret;
	if (x->n_sess) /* qsort(NULL, 0, ...) is undefined */
		qsort(x->sess, x->n_sess, sizeof *x->sess, by_id);
	if (x->json)
		fputs("],\n   \"measurements\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each_ex(
		     x->s, patient,
		     LV_STORE_SITES | (x->flags & LV_EXCHANGE_DELETED ? LV_STORE_WITH_DELETED : 0),
		     meas_cb, x)) != 0)
		return ret;
	return export_revisions(x, patient);
}

/* Patients are listed first (ids), then exported one by one: a callback
 * must not run other statements on the list's rows it depends on. */
struct idlist {
	int64_t *id;
	size_t n, cap;
};

static int collect(const lv_patient_info *p, void *vctx)
{
	struct idlist *l = vctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		int64_t *q = mem_realloc(l->id, cap * sizeof *q);
		if (!q)
			return lv_error_set(LV_ENOMEM, "out of memory");
		l->id = q;
		l->cap = cap;
	}
	l->id[l->n++] = p->id;
	return 0;
}

int lv_exchange_write(lv_store *s, const char *code, lv_exchange_format fmt, FILE *f)
{
	return lv_exchange_write_ex(s, code, fmt, 0, f);
}

int lv_exchange_write_ex(lv_store *s, const char *code, lv_exchange_format fmt, unsigned flags,
			 FILE *f)
{
	struct ex x;
	struct idlist ids = { NULL, 0, 0 };
	int ret;

	if (!s || !f || (fmt != LV_EXCHANGE_CSV && fmt != LV_EXCHANGE_JSON))
		return lv_error_set(LV_EINVAL, "export: a store, a file and csv or json");
	memset(&x, 0, sizeof x);
	x.s = s;
	x.f = f;
	x.json = fmt == LV_EXCHANGE_JSON;
	x.first_patient = 1;
	x.flags = flags;
	/* one read transaction: a consistent picture even while others write */
	if ((ret = lv_store_begin_read(s)) < 0)
		return ret;
	if (code) {
		int64_t id;
		if ((ret = lv_store_patient_find(s, code, &id)) == 0)
			ret = collect(&(lv_patient_info){ .id = id }, &ids);
	} else {
		ret = lv_store_patients(s, collect, &ids);
	}
	if (ret == 0) {
		if (x.json)
			fprintf(f,
				"{\"format\": \"limbvol-export\", \"version\": %d, \"patients\": [",
				LV_EXCHANGE_VERSION);
		else
			put_row(f, lv_exchange_columns);
	}
	for (size_t k = 0; k < ids.n && ret == 0; k++)
		ret = export_patient(&x, ids.id[k]);
	if (ret == 0 && x.json)
		fputs("\n]}\n", f);
	if (ret == 0 && (fflush(f) || ferror(f)))
		ret = lv_error_set(LV_EIO, "cannot write the export");
	lv_store_rollback(s);
	mem_free(ids.id);
	mem_free(x.sess);
	mem_free(x.meas);
	mem_free(x.wts);
	return ret;
}
