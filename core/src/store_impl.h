/* Internals shared by the store_*.c files (not installed). */
#ifndef STORE_IMPL_H
#define STORE_IMPL_H

#include "store_db.h"

#include "limbvol/store.h"

/* Prepared statements kept for the life of the connection (hot paths). */
enum stmt_id {
	ST_PATIENT_FIND,
	ST_PATIENT_ADD,
	ST_LIMB_FIND,
	ST_LIMB_ADD,
	ST_MEAS_ADD,
	ST_SITE_ADD,
	ST_SITE_ADD8, /* eight sites in one statement: one round trip to a server */
	ST_SESSION_DAY,
	ST_SESSION_ADD,
	ST_COUNT
};

struct lv_store {
	const struct db_backend *be;
	void *conn; /* the backend's connection (sqlite3 *, PGconn *) */
	int in_tx;
	int outcome_unknown; /* the last commit was lost on its way (lv_store_outcome_unknown) */
	int readonly; /* opened with LV_STORE_READONLY: no write transaction */
	int version;
	int last_rc; /* the engine's code of the last failure (SQLite busy retries) */
	enum db_fail fail; /* what the last failure was */
	char fail_msg[256]; /* and the engine's words for it */
	db_stmt *st[ST_COUNT];
	/* the file, or the URI (never with a password): what messages name */
	char path[1024];
	/* lv_store_patient_get's strings, valid until the next call */
	char pcode[LV_STORE_MAX_CODE + 1], pfirst[LV_STORE_DATE_MAX], plast[LV_STORE_DATE_MAX];
	/* lv_store_weight_get's strings */
	char wdate[LV_STORE_DATE_MAX], wdeleted[LV_STORE_DATE_MAX];
};

/* A cached prepared statement, reset and with its bindings cleared. */
int store_stmt(lv_store *s, enum stmt_id id, db_stmt **out);
/* Prepare a one-off statement (LV_EDB with the reason on failure). */
int store_prepare(lv_store *s, const char *sql, db_stmt **out);
/* The last failure recorded in s as a status with a clear message. */
int store_db_error(lv_store *s, const char *what);

/* Schema (store_schema.c): create the current one, upgrade an older one,
 * each in the caller's transaction, in the backend's dialect. */
int store_schema_create(lv_store *s);
int store_schema_upgrade(lv_store *s, int from_version);

/* Bounded edit distance for "did you mean" lists (store_patient.c). */
size_t store_distance(const char *a, const char *b);

/* The limb row of a patient, created when create is set. */
int store_limb_id(lv_store *s, int64_t patient, lv_limb limb, int create, int64_t *id);

/*
 * Run a one-row query with bindings as db_bind_fmt's fmt says: *exists 0
 * when it finds no row, else its first column (1 for SELECT 1, the id for
 * SELECT id).
 */
int store_exists1(lv_store *s, const char *sql, int *exists, const char *fmt, ...);

/* The first column (an id) of the first row of a one-off query, 0 when it
 * finds no row; bindings as db_bind_fmt's fmt says. */
int store_query_id(lv_store *s, const char *sql, int64_t *out, const char *fmt, ...);

/* Run a one-off write with bindings as db_bind_fmt's fmt says. */
int store_write1(lv_store *s, const char *sql, const char *what, const char *fmt, ...);

/*
 * Look up one id: the first column of the first row of a cached statement
 * with bindings as fmt says; *found 0 when there is no row.
 */
int store_lookup_id(lv_store *s, enum stmt_id id, const char *what, int64_t *out, int *found,
		    const char *fmt, ...);

/*
 * Walk the rows of a one-off query with bindings as db_bind_fmt's fmt says:
 * row(st, ctx) reads each (the columns are valid until it returns); a
 * non-zero return stops the walk and is returned, a failure to read is
 * store_db_error(s, what).  The one loop behind lv_store_patients,
 * lv_store_each_session, lv_store_each_limb and the other walks.
 */
int store_each_row(lv_store *s, const char *sql, const char *what,
		   int (*row)(db_stmt *st, void *ctx), void *ctx, const char *fmt, ...);

/* A one-off write with RETURNING: *rows the rows it returned (the rows it
 * changed); bindings as db_bind_fmt's fmt says. */
int store_write_count(lv_store *s, const char *sql, const char *what, int *rows, const char *fmt,
		      ...);

/* A weight's date and kg as lv_store_weight_add checks them (store_patient.c). */
int store_weight_check(const char *date, double kg);

/* LV_ENOTFOUND "no measurement N; closest ids: ..." (store_measure.c). */
int store_measurement_not_found(lv_store *s, int64_t id);

/* Add a revision of edit `edit` (store_audit.c). */
int store_revision_add(lv_store *s, int64_t measurement, int64_t weight, long edit, const char *at,
		       const char *what, const char *old_value, const char *new_value);
/* The next edit number of a measurement (weight 0) or weight. */
int store_next_edit(lv_store *s, int64_t measurement, int64_t weight, long *edit);

/* Mark a measurement (weight 0) or a weight (1) deleted (deleted 1) or
 * live (0), with its revision: 1 done, 0 when it was not in the other
 * state (or is not there), or a status (store_audit.c). */
int store_mark(lv_store *s, int weight, int64_t id, int deleted);

/* The live duplicate of m other than id `self` (0: none) into *dup. */
int store_find_duplicate_except(lv_store *s, const lv_measurement *m, int64_t self, int64_t *dup);

#endif
