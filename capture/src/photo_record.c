/* A measured photo set recorded in the store (photo_record.h). */
#include "photo_record.h"

#include <string.h>

#include "limbvol/error.h"
#include "limbvol/tape_csv.h"

int photo_record(lv_store *store, const char *set, const manifest *m, const photo_result *r,
		 int64_t *dup_id)
{
	lv_measurement me;
	lv_limb limb;
	lv_phase phase = LV_PHASE_OTHER;
	int64_t patient = 0, dup = 0;
	int rc;

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
	me.repeat_sd_ml = r->volume_repeat_sd_ml;
	me.views = r->views;
	if (r->camera_distance_cm > 0 && r->camera_distance_cm <= LV_STORE_MAX_DISTANCE_CM)
		me.camera_distance_cm = r->camera_distance_cm; /* else not known */
	if ((rc = lv_store_begin(store)) < 0)
		return rc;
	if ((rc = lv_store_patient_ensure(store, m->patient, &patient)) < 0)
		goto fail;
	me.patient = patient;
	if ((rc = lv_store_find_duplicate(store, &me, 0, &dup)) < 0)
		goto fail;
	if (!dup && (rc = lv_store_add_measurement(store, &me, NULL)) < 0)
		goto fail;
	if ((rc = lv_store_commit(store)) < 0)
		goto fail;
	if (dup_id)
		*dup_id = dup;
	return LV_OK;
fail:
	lv_store_rollback(store);
	return rc;
}
