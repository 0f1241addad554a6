/*
 * Editing a stored measurement (store.h, lv_store_edit_measurement): the new
 * values pass the rules a recorded measurement passes (plausibility, the
 * duplicate rule), the volume is computed again, and every changed value
 * becomes a revision of one edit.  Standard SQL only (issue 12).
 */
#include "mem.h"
#include "store_impl.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"
#include "limbvol/plausible.h"
#include "limbvol/profile.h"

/* The measurement as stored, and as it is to become. */
struct cur {
	int64_t id, patient, session;
	lv_limb limb;
	lv_phase phase;
	lv_model model;
	double reading_sd_cm, volume_ml, sd_ml;
	char date[LV_STORE_DATE_MAX], code[LV_STORE_MAX_CODE + 1];
	size_t n;
	double *site, *circ, *side; /* side NULL for tape */
	int ret;
};

static int take(const lv_record *r, void *vctx)
{
	struct cur *c = vctx;
	c->id = r->id;
	c->session = r->session;
	c->limb = r->limb;
	c->phase = r->phase;
	c->model = r->model;
	c->reading_sd_cm = r->reading_sd_cm;
	c->volume_ml = r->volume_ml;
	c->sd_ml = r->sd_ml;
	snprintf(c->date, sizeof c->date, "%s", r->date);
	snprintf(c->code, sizeof c->code, "%s", r->patient);
	c->n = r->n;
	c->site = mem_malloc(3 * (r->n ? r->n : 1) * sizeof *c->site);
	if (!c->site)
		return c->ret = lv_error_set(LV_ENOMEM, "out of memory");
	memcpy(c->site, r->site_cm, r->n * sizeof *c->site);
	c->circ = c->site + r->n;
	memcpy(c->circ, r->circumference_cm, r->n * sizeof *c->circ);
	if (r->width_side_cm) {
		c->side = c->site + 2 * r->n;
		memcpy(c->side, r->width_side_cm, r->n * sizeof *c->side);
	}
	return 0;
}

static const char *num(char buf[64], double v)
{
	if (lv_number_format_short(v, 6, buf, 64) < 0)
		snprintf(buf, 64, "nan");
	return buf;
}

static lv_session_kind kind_of(lv_phase p)
{
	return p == LV_PHASE_BASELINE                     ? LV_SESSION_BASELINE
		: p == LV_PHASE_PRE || p == LV_PHASE_POST ? LV_SESSION_DRAINAGE
							  : LV_SESSION_FOLLOWUP;
}

/* The new circumferences into c->circ; *n_changed the sites that differ. */
static int apply_sites(struct cur *c, const lv_edit *e, double *old_circ, size_t *n_changed)
{
	*n_changed = 0;
	if (e->n_sites && c->side)
		return lv_error_set(LV_EDATA,
				    "measurement %lld is a photo measurement: its widths come from"
				    " the photos and are not edited (date, phase and limb are)",
				    (long long)c->id);
	memcpy(old_circ, c->circ, c->n * sizeof *old_circ);
	for (size_t k = 0; k < e->n_sites; k++) {
		size_t i;
		char a[64], b[64], z[64];
		for (i = 0; i < c->n && fabs(c->site[i] - e->site_cm[k]) > 1e-6; i++)
			;
		if (i == c->n)
			return lv_error_set(
				LV_EDATA,
				"measurement %lld has no site at %s cm (its %zu sites run"
				" from %s to %s cm)",
				(long long)c->id, num(a, e->site_cm[k]), c->n, num(b, c->site[0]),
				num(z, c->site[c->n - 1]));
		if (lv_check_circumference_cm(e->circumference_cm[k]) < 0)
			return LV_EDATA;
		c->circ[i] = e->circumference_cm[k];
	}
	for (size_t i = 0; i < c->n; i++)
		*n_changed += c->circ[i] != old_circ[i];
	return LV_OK;
}

/* The edited measurement against the rules of a recorded one. */
static int check_rules(lv_store *s, struct cur *c, const lv_edit *e, lv_limb limb, const char *date,
		       lv_phase phase, int values_changed)
{
	lv_measurement m;
	int64_t dup = 0;
	size_t where = 0;
	int ret;

	if (values_changed && !c->side && !e->accept_unusual &&
	    lv_check_plausible(lv_limb_kind_of(limb), c->site, c->circ, c->n, &where) < 0) {
		char msg[520];
		snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
		return lv_error_set(LV_EDATA,
				    "measurement %lld, %s: %.400s (--accept-unusual if it is real)",
				    (long long)c->id, lv_limb_name(limb), msg);
	}
	if (e->allow_duplicate)
		return LV_OK;
	memset(&m, 0, sizeof m);
	m.patient = c->patient;
	m.limb = limb;
	m.date = date;
	m.phase = phase;
	m.n = c->n;
	m.site_cm = c->site;
	m.circumference_cm = c->circ;
	m.width_side_cm = c->side;
	if ((ret = store_find_duplicate_except(s, &m, c->id, &dup)) < 0)
		return ret;
	if (dup)
		return lv_error_set(LV_EDATA,
				    "measurement %lld would become the same (date and time, phase,"
				    " sites and values) as measurement %lld: not changed"
				    " (--allow-duplicate changes it anyway)",
				    (long long)c->id, (long long)dup);
	return LV_OK;
}

/* The UPDATEs: the measurement's row, then each changed site. */
static int write_values(lv_store *s, struct cur *c, lv_limb limb, const char *date, lv_phase phase,
			int64_t session, const lv_volume *v, const double *old_circ)
{
	int64_t limb_id = 0;
	int ret;
	if ((ret = store_limb_id(s, c->patient, limb, 1, &limb_id)) < 0)
		return ret;
	ret = session
		? store_write1(s,
			       "UPDATE measurement SET limb_id = ?1, session_id = ?2, date = ?3,"
			       " phase = ?4, volume_ml = ?5, sd_ml = ?6 WHERE id = ?7",
			       "saving the measurement", "iittddi", limb_id, session, date,
			       lv_phase_name(phase), v->volume_ml, v->sd_ml, c->id)
		: store_write1(s,
			       "UPDATE measurement SET limb_id = ?1, session_id = NULL,"
			       " date = ?2, phase = ?3, volume_ml = ?4, sd_ml = ?5 WHERE id = ?6",
			       "saving the measurement", "ittddi", limb_id, date,
			       lv_phase_name(phase), v->volume_ml, v->sd_ml, c->id);
	for (size_t i = 0; ret == LV_OK && i < c->n; i++)
		if (c->circ[i] != old_circ[i])
			ret = store_write1(s,
					   "UPDATE site SET circumference_cm = ?1 WHERE"
					   " measurement_id = ?2 AND idx = ?3",
					   "saving the sites", "dii", c->circ[i], c->id,
					   (int64_t)i);
	return ret;
}

/* One revision of the edit, unless an earlier one failed (*ret). */
static void rev(lv_store *s, const struct cur *c, long edit, const char *now, const char *what,
		const char *old_value, const char *new_value, int *ret)
{
	if (*ret == LV_OK)
		*ret = store_revision_add(s, c->id, 0, edit, now, what, old_value, new_value);
}

/* One revision per changed value, all of one new edit. */
static int write_revisions(lv_store *s, struct cur *c, lv_limb limb, const char *date,
			   lv_phase phase, int64_t session, const lv_volume *v,
			   const double *old_circ)
{
	char now[LV_STORE_DATE_MAX], a[64], b[64], what[96];
	long edit = 0;
	int ret;

	lv_store_now(now);
	if ((ret = store_next_edit(s, c->id, 0, &edit)) < 0)
		return ret;
	if (strcmp(date, c->date))
		rev(s, c, edit, now, "date", c->date, date, &ret);
	if (phase != c->phase)
		rev(s, c, edit, now, "phase", lv_phase_name(c->phase), lv_phase_name(phase), &ret);
	if (limb != c->limb)
		rev(s, c, edit, now, "limb", lv_limb_name(c->limb), lv_limb_name(limb), &ret);
	if (session != c->session) {
		snprintf(a, sizeof a, "%lld", (long long)c->session);
		snprintf(b, sizeof b, "%lld", (long long)session);
		rev(s, c, edit, now, "session", c->session ? a : "", session ? b : "", &ret);
	}
	for (size_t i = 0; i < c->n; i++)
		if (c->circ[i] != old_circ[i]) {
			char at[64];
			snprintf(what, sizeof what, "circumference_cm %s", num(at, c->site[i]));
			rev(s, c, edit, now, what, num(a, old_circ[i]), num(b, c->circ[i]), &ret);
		}
	if (v->volume_ml != c->volume_ml)
		rev(s, c, edit, now, "volume_ml", num(a, c->volume_ml), num(b, v->volume_ml), &ret);
	if (v->sd_ml != c->sd_ml)
		rev(s, c, edit, now, "sd_ml", num(a, c->sd_ml), num(b, v->sd_ml), &ret);
	return ret;
}

/* The volume of the edited profile (the stored one when no site changed). */
static int new_volume(struct cur *c, size_t sites_changed, lv_volume *v)
{
	lv_profile *p = NULL;
	int ret;
	memset(v, 0, sizeof *v);
	v->volume_ml = c->volume_ml;
	v->sd_ml = c->sd_ml;
	if (!sites_changed)
		return LV_OK;
	if ((ret = lv_profile_new(&p, c->site, c->circ, c->n)) == LV_OK)
		ret = lv_volume_total(p, c->model, c->reading_sd_cm, v);
	lv_profile_free(p);
	return ret;
}

int lv_store_edit_measurement(lv_store *s, int64_t id, const lv_edit *e, int *changed)
{
	struct cur c;
	double *old_circ = NULL;
	size_t sites_changed = 0;
	lv_limb limb;
	lv_phase phase;
	const char *date;
	int64_t session;
	lv_volume v;
	int ret;

	*changed = 0;
	memset(&c, 0, sizeof c);
	if (e->date && lv_date_check(e->date, strlen(e->date)) < 0)
		return LV_EDATA;
	if ((e->has_phase && (unsigned)e->phase > LV_PHASE_OTHER) ||
	    (e->has_limb && (unsigned)e->limb > LV_LIMB_RIGHT_LEG))
		return lv_error_set(LV_EINVAL, "edit: phase or limb out of range");
	if ((ret = lv_store_get_ex(s, id, LV_STORE_SITES, take, &c)) < 0 || (ret = c.ret) < 0)
		goto done;
	if ((ret = lv_store_patient_find(s, c.code, &c.patient)) < 0)
		goto done;
	if (!(old_circ = mem_malloc((c.n ? c.n : 1) * sizeof *old_circ))) {
		ret = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	if ((ret = apply_sites(&c, e, old_circ, &sites_changed)) < 0)
		goto done;
	limb = e->has_limb ? e->limb : c.limb;
	phase = e->has_phase ? e->phase : c.phase;
	date = e->date ? e->date : c.date;
	session = c.session;
	*changed = (int)sites_changed + (limb != c.limb) + (phase != c.phase) +
		(strcmp(date, c.date) != 0);
	if (!*changed)
		goto done;
	if ((ret = check_rules(s, &c, e, limb, date, phase, sites_changed || limb != c.limb)) < 0 ||
	    (ret = new_volume(&c, sites_changed, &v)) < 0)
		goto done;
	/* another day: the day's session, created as record creates it */
	if (strncmp(date, c.date, 10) &&
	    (ret = lv_store_session_for_day(s, c.patient, date, kind_of(phase), NULL, &session)) <
		    0)
		goto done;
	if ((ret = write_values(s, &c, limb, date, phase, session, &v, old_circ)) == LV_OK)
		ret = write_revisions(s, &c, limb, date, phase, session, &v, old_circ);
done:
	if (ret < 0)
		*changed = 0;
	mem_free(c.site);
	mem_free(old_circ);
	return ret;
}
