/*
 * import_json.h - reading a `limbvol export --format json` file back into
 * the store (used by `limbvol import`).  The caller holds the transaction.
 */
#ifndef IMPORT_JSON_H
#define IMPORT_JSON_H

#include "limbvol/store.h"

/* 0 or a negative status with a located error; counts into stored/skipped. */
int import_json(lv_store *s, const char *path, long *stored, long *skipped);

#endif
