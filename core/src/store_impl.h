/* Internals shared by the store_*.c files (not installed). */
#ifndef LV_STORE_IMPL_H
#define LV_STORE_IMPL_H

#include <sqlite3.h>

#include "limbvol/store.h"

/* Prepared statements kept for the life of the connection (hot paths). */
enum lv_stmt_id {
	LV_ST_PATIENT_FIND,
	LV_ST_PATIENT_ADD,
	LV_ST_LIMB_FIND,
	LV_ST_LIMB_ADD,
	LV_ST_MEAS_ADD,
	LV_ST_SITE_ADD,
	LV_ST_SESSION_DAY,
	LV_ST_SESSION_ADD,
	LV_ST_COUNT
};

struct lv_store {
	sqlite3 *db;
	int in_tx;
	int readonly; /* opened with LV_STORE_READONLY: no write transaction */
	int version;
	int last_rc; /* the SQLite code of the last failure (busy retries) */
	sqlite3_stmt *st[LV_ST_COUNT];
	char path[1024];
	/* lv_store_patient_get's strings, valid until the next call */
	char pcode[LV_STORE_MAX_CODE + 1], pfirst[LV_STORE_DATE_MAX], plast[LV_STORE_DATE_MAX];
};

/* A cached prepared statement, reset and with its bindings cleared. */
int lv_store_stmt(lv_store *s, enum lv_stmt_id id, sqlite3_stmt **out);
/* Prepare a one-off statement (LV_EDB with the reason on failure). */
int lv_store_prepare(lv_store *s, const char *sql, sqlite3_stmt **out);
/* Turn an SQLite result code into LV_EDB with a clear message. */
int lv_store_db_error(lv_store *s, int rc, const char *what);

/* Schema (store_schema.c): create the current one, upgrade an older one. */
int lv_store_schema_create(lv_store *s);
int lv_store_schema_upgrade(lv_store *s, int from_version);

/* Text of a column, "" for NULL. */
const char *lv_store_text(sqlite3_stmt *st, int col);

/* Bounded edit distance for "did you mean" lists (store_patient.c). */
size_t lv_store_distance(const char *a, const char *b);

/* The limb row of a patient, created when create is set. */
int lv_store_limb_id(lv_store *s, int64_t patient, lv_limb limb, int create, int64_t *id);

#endif
