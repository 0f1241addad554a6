/*
 * An export (or tape CSV) file into the store (limbvol/exchange.h): each
 * record of the reader becomes store calls, in one transaction.  What the
 * store already holds (the same measurement, session or weight) is skipped,
 * so importing a file twice stores it once.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "limbvol/exchange.h"
#include "limbvol/plausible.h"
#include "limbvol/volume.h"

struct imp {
	lv_store *s;
	const lv_import_options *o;
	const char *name;
	char code[LV_STORE_MAX_CODE + 1];
	int have_patient, patient_is_new;
	int64_t patient;
	int64_t *sess; /* session number -> id, for the current patient */
	size_t n_sess;
	/* the patient's measurements and weights in file order -> stored ids */
	struct ids {
		int64_t *id;
		size_t n, cap;
	} meas, wts;
	lv_import_counts *counts;
	int64_t before; /* ids below this were stored before the import began */
};

static int push(struct ids *l, int64_t id)
{
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		int64_t *p = mem_realloc(l->id, cap * sizeof *p);
		if (!p)
			return lv_error_set(LV_ENOMEM, "out of memory");
		l->id = p;
		l->cap = cap;
	}
	l->id[l->n++] = id;
	return 0;
}

static int located(const struct imp *x, const lv_xitem *it)
{
	return lv_error_locate(x->name, it->line, it->column);
}

static int set_patient(struct imp *x, const char *code)
{
	int st;
	if (x->have_patient && !strcmp(code, x->code))
		return 0;
	if ((st = lv_store_patient_find(x->s, code, &x->patient)) == 0) {
		x->patient_is_new = 0;
	} else {
		if (lv_error_last()->code != LV_ENOTFOUND)
			return st;
		if ((st = lv_store_patient_ensure(x->s, code, &x->patient)) < 0)
			return st;
		x->patient_is_new = 1;
	}
	snprintf(x->code, sizeof x->code, "%s", code);
	x->have_patient = 1;
	x->n_sess = 0;
	x->meas.n = x->wts.n = 0;
	return 0;
}

static int session(struct imp *x, const lv_xitem *it)
{
	int64_t id;
	int st;
	if ((st = lv_store_session_ensure(x->s, x->patient, it->date, it->session_kind, it->notes,
					  &id)) < 0)
		return st;
	if ((size_t)it->session > x->n_sess) {
		int64_t *p = mem_realloc(x->sess, (size_t)it->session * sizeof *p);
		if (!p)
			return lv_error_set(LV_ENOMEM, "out of memory");
		memset(p + x->n_sess, 0, ((size_t)it->session - x->n_sess) * sizeof *p);
		x->sess = p;
		x->n_sess = (size_t)it->session;
	}
	x->sess[it->session - 1] = id;
	return 0;
}

static int measurement(struct imp *x, lv_measurement *m, int may_exist, const lv_xitem *it)
{
	int64_t dup = 0;
	int st;
	if (may_exist && !x->o->allow_duplicate &&
	    (st = lv_store_find_duplicate(x->s, m, x->before, &dup)) < 0)
		return st;
	if (dup) {
		x->counts->skipped++;
		if (x->o->duplicate)
			x->o->duplicate(it->line, it->column, dup, x->o->ctx);
	} else {
		if ((st = lv_store_add_measurement(x->s, m, &dup)) < 0)
			return st;
		x->counts->stored++;
	}
	if ((st = push(&x->meas, dup)) < 0)
		return st;
	if (x->o->progress && (x->counts->stored + x->counts->skipped) % 2000 == 0)
		x->o->progress(x->counts->stored + x->counts->skipped, x->o->ctx);
	return 0;
}

static lv_session_kind kind_of(lv_phase p)
{
	return p == LV_PHASE_BASELINE                     ? LV_SESSION_BASELINE
		: p == LV_PHASE_PRE || p == LV_PHASE_POST ? LV_SESSION_DRAINAGE
							  : LV_SESSION_FOLLOWUP;
}

/* One measurement of a tape file: its volume computed, its session the day's. */
static int tape(struct imp *x, const lv_xitem *it)
{
	const lv_tape_group *g = &it->tape;
	const char *code, *d;
	const char *base = strrchr(x->name, '/') ? strrchr(x->name, '/') + 1 : x->name;
	lv_profile *p = NULL;
	lv_volume v;
	lv_measurement m;
	long line = 0;
	int st;

	/* a patient or date the file states must agree with the one given */
	if ((st = lv_tape_group_given(g, x->name, x->o->patient, x->o->date, &code, &d)) < 0)
		return st;
	if (!code || !d)
		return lv_error_set(LV_EDATA, "no %s: the file has no %s column and none was given",
				    code ? "date" : "patient", code ? "date" : "patient");
	if (!x->o->accept_unusual && lv_check_tape_group(g, &line) < 0) {
		x->counts->unusual_line = line;
		return lv_error_locate(x->name, line, 0);
	}
	if ((st = lv_profile_new(&p, g->site_cm, g->circumference_cm, g->n)) == 0)
		st = lv_volume_total(p, LV_MODEL_FRUSTUM, x->o->tape_sd_cm, &v);
	lv_profile_free(p);
	if (st < 0 || (st = set_patient(x, code)) < 0)
		return st;
	memset(&m, 0, sizeof m);
	m.patient = x->patient;
	if ((st = lv_store_session_for_day(x->s, x->patient, d, kind_of(g->phase), NULL,
					   &m.session)) < 0)
		return st;
	m.limb = g->limb;
	m.date = d;
	m.phase = g->phase;
	m.method = LV_METHOD_IMPORT;
	m.model = LV_MODEL_FRUSTUM;
	m.reading_sd_cm = x->o->tape_sd_cm;
	m.n = g->n;
	m.site_cm = g->site_cm;
	m.circumference_cm = g->circumference_cm;
	m.volume_ml = v.volume_ml;
	m.sd_ml = v.sd_ml;
	m.source = base;
	return measurement(x, &m, 1, it);
}

/* A revision of the patient's measurement or weight N (in file order). */
static int revision(struct imp *x, const lv_xitem *it)
{
	lv_revision r = it->revision;
	const struct ids *l = r.measurement ? &x->meas : &x->wts;
	long n = r.measurement ? (long)r.measurement : (long)r.weight;
	if (n < 1 || (size_t)n > l->n)
		return lv_error_set(LV_EDATA,
				    "revision: %s %ld is not among the patient's %zu %ss above",
				    r.measurement ? "measurement" : "weight", n, l->n,
				    r.measurement ? "measurement" : "weight");
	if (r.measurement)
		r.measurement = l->id[n - 1];
	else
		r.weight = l->id[n - 1];
	return lv_store_revision_put(x->s, &r);
}

static int item(struct imp *x, lv_xitem *it)
{
	int64_t wid = 0;
	int st;
	if (it->kind == LV_XITEM_TAPE)
		return tape(x, it);
	if ((st = set_patient(x, it->patient)) < 0)
		return st;
	switch (it->kind) {
	case LV_XITEM_PATIENT:
		return lv_store_patient_set(x->s, x->patient, it->birth_year, it->sex);
	case LV_XITEM_LIMB:
		return lv_store_limb_set(x->s, x->patient, it->limb, it->affected, it->landmark);
	case LV_XITEM_WEIGHT:
		if ((st = lv_store_weight_put(x->s, x->patient, it->date, it->weight_kg,
					      it->deleted, &wid)) < 0)
			return st;
		return push(&x->wts, wid);
	case LV_XITEM_REVISION:
		return revision(x, it);
	case LV_XITEM_SESSION:
		return session(x, it);
	case LV_XITEM_MEASUREMENT:
		it->measurement.patient = x->patient;
		it->measurement.session = 0;
		if (it->session) {
			if ((size_t)it->session > x->n_sess || !x->sess[it->session - 1])
				return lv_error_set(LV_EDATA,
						    "session %ld is not among the"
						    " patient's sessions above",
						    it->session);
			it->measurement.session = x->sess[it->session - 1];
		}
		return measurement(x, &it->measurement, !x->patient_is_new, it);
	default:
		return lv_error_set(LV_EINTERNAL, "import: an unknown record");
	}
}

int lv_exchange_import(lv_store *s, lv_exchange_reader *r, const lv_import_options *o,
		       lv_import_counts *counts)
{
	static const lv_import_options none = { NULL, NULL, LV_DEFAULT_TAPE_SD_CM, NULL, NULL, NULL,
						0,    0 };
	struct imp x;
	lv_xitem it;
	int st;

	memset(&x, 0, sizeof x);
	memset(counts, 0, sizeof *counts);
	x.s = s;
	x.o = o ? o : &none;
	x.name = lv_exchange_name(r);
	x.counts = counts;
	if ((st = lv_store_begin(s)) < 0)
		return st;
	if ((st = lv_store_last_measurement_id(s, &x.before)) < 0) {
		lv_store_rollback(s);
		return st;
	}
	x.before++;
	while ((st = lv_exchange_next(r, &it)) > 0)
		if ((st = item(&x, &it)) < 0) {
			const lv_error *e = lv_error_last();
			if (!e->line && !e->where[0]) /* a store refusal: where the record is */
				located(&x, &it);
			break;
		}
	if (st == 0)
		st = lv_store_commit(s);
	if (st < 0) {
		lv_store_rollback(s);
		counts->stored = counts->skipped = 0;
	}
	mem_free(x.sess);
	mem_free(x.meas.id);
	mem_free(x.wts.id);
	return st;
}
