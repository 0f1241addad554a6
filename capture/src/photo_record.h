/*
 * photo_record.h - a measured photo set recorded in the measurement store,
 * as `limbvol batch --db` and `limbvol capture --db` record it.
 */
#ifndef CAPTURE_PHOTO_RECORD_H
#define CAPTURE_PHOTO_RECORD_H

#include "limbvol/store.h"
#include "manifest.h"
#include "photo.h"

/*
 * Record the result of the set in folder `set` (its manifest `m`) as a photo
 * measurement: one transaction, the patient added when new, the virtual tape
 * sites with the front width and the side width at each (the store's photo
 * layout), the volume and its sd, `set` as the source.  A measurement
 * already there (the duplicate rule, lv_store_find_duplicate: a set
 * measured again) is not stored twice: its id into *dup_id (when not
 * NULL), 0 when the measurement was stored.  LV_EDATA when the manifest
 * lacks patient, limb or date, or the range holds fewer than two sites.
 * The caller serialises calls on one store.
 */
int photo_record(lv_store *store, const char *set, const manifest *m, const photo_result *r,
		 int64_t *dup_id);

#endif
