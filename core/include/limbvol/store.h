/*
 * limbvol/store.h - the measurement store: patients, limbs, sessions and
 * measurements in an embedded SQLite database, and the history derived from
 * them (excess volume, PEV, RVC, pre->post change of drainage sessions).
 *
 *     lv_store *s = NULL;
 *     char path[4096];
 *     if (lv_store_default_path(path, sizeof path) < 0 ||
 *         lv_store_open(&s, path, LV_STORE_CREATE) < 0)
 *         ... lv_error_last() ...
 *     lv_store_begin(s);              one transaction per command
 *     lv_store_add_measurement(s, &m, &id);
 *     lv_store_commit(s);             or lv_store_rollback(s)
 *     lv_store_close(s);
 *
 * The database:
 *  - created 0600 (its folder 0700 when the store creates it); an existing
 *    file that is not a limbvol database, or a corrupted one, is refused
 *    with LV_EDB and never written to;
 *  - schema version in PRAGMA user_version, application id 'LVOL' in
 *    PRAGMA application_id; an older schema is upgraded in one transaction,
 *    a newer one refused;
 *  - WAL journal, a busy timeout of LV_STORE_BUSY_MS, write transactions
 *    taken with BEGIN IMMEDIATE, so that two processes writing at once both
 *    succeed; SQL only through prepared statements.
 *
 * Patient codes are pseudonyms: 1 to LV_STORE_MAX_CODE bytes, no control
 * characters; any other bytes (quotes, semicolons, text that is not UTF-8)
 * are stored as given.  Printing them is the caller's job (see
 * lv_store_code_escape for a safe rendering).
 */
#ifndef LIMBVOL_STORE_H
#define LIMBVOL_STORE_H

#include "limbvol/extern.h"

#include <stddef.h>
#include <stdint.h>

#include "limbvol/assess.h"
#include "limbvol/vocab.h"
#include "limbvol/volume.h"

#ifdef __cplusplus
extern "C" {
#endif

#define LV_STORE_SCHEMA_VERSION 4
#define LV_STORE_APPLICATION_ID 0x4C564F4C /* "LVOL" */
#define LV_STORE_MAX_CODE 64
#define LV_STORE_MAX_TEXT 4096 /* notes, landmark, source */
#define LV_STORE_MAX_DISTANCE_CM 10000.0 /* a photo's camera distance, at most */
#define LV_STORE_BUSY_MS 10000
#define LV_STORE_DATE_MAX 20 /* "YYYY-MM-DDTHH:MM:SS" + NUL */

typedef struct lv_store lv_store;

/* Flags of lv_store_open. */
#define LV_STORE_CREATE 1u /* create the file (and its folder) if missing */
/*
 * Only read: lv_store_begin is refused.  A store the caller cannot write (a
 * read-only file or folder) is then opened read-only and, when no other
 * program has it open (no -wal file), as immutable, so that nothing is
 * created beside it; a writable one is opened as usual so that SQLite
 * removes its -wal/-shm files on closing.  An older schema that would need
 * an upgrade and cannot be written is LV_EDB.
 */
#define LV_STORE_READONLY 2u

/*
 * The default database path: $LIMBVOL_DB, else
 * $XDG_DATA_HOME/limbvol/limbvol.db, else ~/.local/share/limbvol/limbvol.db.
 * LV_EINVAL when none can be formed (no HOME) or buf is too small.
 */
LV_EXTERN int lv_store_default_path(char *buf, size_t size);

/*
 * Open (and with LV_STORE_CREATE create) the store at path, upgrading an
 * older schema.  LV_ENOTFOUND when the file is missing and CREATE not set;
 * LV_EDB for a file that is not a limbvol database, a corrupted one or one
 * of a newer schema; LV_EIO when the file or folder cannot be created.
 * Every check runs before anything is written: a refused file is left
 * exactly as it was (its bytes and its modification time); an older schema
 * is integrity-checked before it is upgraded.
 */
LV_EXTERN int lv_store_open(lv_store **out, const char *path, unsigned flags);
/* Close; an open transaction is rolled back.  NULL is a no-op. */
LV_EXTERN void lv_store_close(lv_store *s);

/* The schema version of the open database (LV_STORE_SCHEMA_VERSION). */
LV_EXTERN int lv_store_schema_version(lv_store *s);

/* Write transactions (BEGIN IMMEDIATE ... COMMIT). */
LV_EXTERN int lv_store_begin(lv_store *s);
/* A read transaction (a consistent view); end it with lv_store_rollback. */
LV_EXTERN int lv_store_begin_read(lv_store *s);
LV_EXTERN int lv_store_commit(lv_store *s);
LV_EXTERN void lv_store_rollback(lv_store *s);
/*
 * 1 when the last lv_store_commit failed with its outcome unknown: the
 * connection to a database server was lost while committing, so the
 * changes may or may not have been saved (the message says so).  0 after
 * any other failure, where nothing of the transaction was saved.
 */
LV_EXTERN int lv_store_outcome_unknown(const lv_store *s);

/* ---- patients ---------------------------------------------------------- */

/* LV_EDATA with a message when code is not an acceptable patient code. */
LV_EXTERN int lv_store_check_code(const char *code);

/*
 * code rendered safely on one line into buf: printable ASCII and valid UTF-8
 * as they are, other bytes as \xNN, a backslash as \\.  Truncated to fit.
 */
LV_EXTERN void lv_store_code_escape(const char *code, char *buf, size_t size);

typedef enum lv_sex { LV_SEX_UNKNOWN = 0, LV_SEX_FEMALE, LV_SEX_MALE, LV_SEX_OTHER } lv_sex;
LV_EXTERN const char *lv_sex_name(lv_sex s); /* "", "female", "male", "other" */
LV_EXTERN int lv_sex_parse(const char *s, lv_sex *out); /* f, female, m, male, x, other */

/* Find a patient (LV_ENOTFOUND listing the closest codes) or add one. */
LV_EXTERN int lv_store_patient_find(lv_store *s, const char *code, int64_t *id);
LV_EXTERN int lv_store_patient_ensure(lv_store *s, const char *code, int64_t *id);

/* Birth year 0 and LV_SEX_UNKNOWN leave the stored value unchanged. */
LV_EXTERN int lv_store_patient_set(lv_store *s, int64_t patient, int birth_year, lv_sex sex);
/* A body weight on a date (YYYY-MM-DD[THH:MM[:SS]]). */
LV_EXTERN int lv_store_weight_add(lv_store *s, int64_t patient, const char *date, double weight_kg);
/* Mark limb as the affected one (and the other limbs as not affected). */
LV_EXTERN int lv_store_limb_set_affected(lv_store *s, int64_t patient, lv_limb limb);
/* Set a limb's affected flag exactly (1, 0, or -1 unknown) and its landmark
 * (NULL: unchanged); the limb is added when new. */
LV_EXTERN int lv_store_limb_set(lv_store *s, int64_t patient, lv_limb limb, int affected,
				const char *landmark);
/* 1 in *exists when the patient already has this weight on this date. */
LV_EXTERN int lv_store_weight_exists(lv_store *s, int64_t patient, const char *date, double kg,
				     int *exists);
/* The landmark description of a limb (e.g. "2 cm above ulnar styloid"). */
LV_EXTERN int lv_store_limb_set_landmark(lv_store *s, int64_t patient, lv_limb limb,
					 const char *text);

typedef struct lv_patient_info {
	int64_t id;
	const char *code;
	int birth_year; /* 0 when unknown */
	lv_sex sex;
	long measurements;
	const char *first_date; /* "" when none */
	const char *last_date;
	int has_affected;
	lv_limb affected;
} lv_patient_info;

/* Call fn for every patient in code order; a non-zero return stops. */
LV_EXTERN int lv_store_patients(lv_store *s, int (*fn)(const lv_patient_info *p, void *ctx),
				void *ctx);

/* ---- sessions ---------------------------------------------------------- */

typedef enum lv_session_kind {
	LV_SESSION_BASELINE = 0,
	LV_SESSION_DRAINAGE = 1,
	LV_SESSION_FOLLOWUP = 2,
	LV_SESSION_OTHER = 3
} lv_session_kind;

/* baseline, drainage, follow-up, other */
LV_EXTERN const char *lv_session_kind_name(lv_session_kind k);
LV_EXTERN int lv_session_kind_parse(const char *s, lv_session_kind *out);

/* A new session of a patient at date (YYYY-MM-DD[THH:MM[:SS]]). */
LV_EXTERN int lv_store_session_add(lv_store *s, int64_t patient, const char *date,
				   lv_session_kind kind, const char *notes, int64_t *id);
/*
 * The session of the patient on the day of date, created with kind and
 * notes (may be NULL) when there is none (the latest one when there are
 * several).
 */
LV_EXTERN int lv_store_session_for_day(lv_store *s, int64_t patient, const char *date,
				       lv_session_kind kind, const char *notes, int64_t *id);
typedef struct lv_session_info {
	int64_t id;
	const char *date;
	lv_session_kind kind;
	const char *notes;
} lv_session_info;

/* Every session of a patient in date order (then id). */
LV_EXTERN int lv_store_each_session(lv_store *s, int64_t patient,
				    int (*fn)(const lv_session_info *si, void *ctx), void *ctx);

/* A session with exactly this date, kind and notes, added when none. */
LV_EXTERN int lv_store_session_ensure(lv_store *s, int64_t patient, const char *date,
				      lv_session_kind kind, const char *notes, int64_t *id);

/* Check that session id belongs to the patient (LV_ENOTFOUND listing the
 * patient's sessions closest to it); its date into date_out when not NULL. */
LV_EXTERN int lv_store_session_check(lv_store *s, int64_t patient, int64_t session,
				     char date_out[LV_STORE_DATE_MAX]);

/* ---- measurements ------------------------------------------------------ */

typedef enum lv_method { LV_METHOD_TAPE = 0, LV_METHOD_PHOTO = 1, LV_METHOD_IMPORT = 2 } lv_method;
LV_EXTERN const char *lv_method_name(lv_method m);
LV_EXTERN int lv_method_parse(const char *s, lv_method *out);

typedef struct lv_measurement {
	int64_t patient; /* from lv_store_patient_* */
	lv_limb limb;
	int64_t session; /* 0: none */
	const char *date; /* YYYY-MM-DD[THH:MM[:SS]] */
	lv_phase phase;
	lv_method method;
	lv_model model;
	double reading_sd_cm; /* the tape or width reading uncertainty */
	size_t n; /* sites, 2 .. LV_MAX_SITES */
	const double *site_cm;
	const double *circumference_cm; /* tape, or the front width for photos */
	const double *width_side_cm; /* NULL for tape (photos: side width) */
	double volume_ml; /* as computed when measured */
	double sd_ml;
	const char *source; /* "typed", a file name, a photo set; may be NULL */
	/* NULL: a live measurement; else when it was deleted (UTC,
	 * YYYY-MM-DDTHH:MM:SS): an import keeps a deleted one deleted */
	const char *deleted;
	/* photos (schema 4): the repeat sd, the sd of this volume against
	 * another photo set of the same limb taken the same way (only the
	 * terms that do not cancel in a change: doc/clinical.md); 0: none
	 * (NULL in the store: tape, imports, photos stored before schema 4).
	 * At most sd_ml; only a photo measurement has one. */
	double repeat_sd_ml;
	/* photos (schema 4): how the set was taken, which the repeat sd holds
	 * for (doc/clinical.md): the camera's distance to the marker, the mean
	 * of the views' (from the marker's pose with a camera file, else
	 * estimated), and the number of views, 1 or 2; 0: not known (NULL in
	 * the store).  Only a photo measurement has them. */
	double camera_distance_cm;
	int views;
} lv_measurement;

/* Store a measurement (values checked); its id into *id when not NULL. */
LV_EXTERN int lv_store_add_measurement(lv_store *s, const lv_measurement *m, int64_t *id);

/*
 * The duplicate rule, one for every way into the store (record, import, the
 * exchange format): an exact duplicate of m is a stored live measurement of
 * the same patient and limb with the same date and time, phase, number of
 * sites and every site and value equal (side widths too); deleted ones do not
 * count (for m->deleted set, an import of a deleted one: only those deleted
 * at the same time do).  Its id into *dup_id, or
 * 0 when there is none.  below_id > 0 looks only at ids below it (an import
 * compares with what the store held before it began, so that duplicates a
 * store holds on purpose survive an export/import round trip); 0 looks at
 * all.  Callers refuse a duplicate naming the id unless told otherwise
 * (`--allow-duplicate`).
 */
LV_EXTERN int lv_store_find_duplicate(lv_store *s, const lv_measurement *m, int64_t below_id,
				      int64_t *dup_id);

/* The largest measurement id in the store (0 when it holds none). */
LV_EXTERN int lv_store_last_measurement_id(lv_store *s, int64_t *id);

/*
 * The pre measurement a post measurement pairs with in the history: of the
 * same patient and limb, on the same day at or before the post, in the same
 * session when both have one.  Its id into *pre_id, 0 when there is none.
 */
LV_EXTERN int lv_store_pre_for(lv_store *s, const lv_measurement *post, int64_t *pre_id);

/*
 * 1 in *exists when lv_store_find_duplicate finds an exact duplicate of m
 * anywhere in the store (kept for callers of the earlier API).
 */
LV_EXTERN int lv_store_measurement_exists(lv_store *s, const lv_measurement *m, int *exists);

/*
 * Delete a measurement: it is marked deleted (with the time, and a
 * "deleted" revision) and counts nowhere any more (history, trend, the
 * duplicate rule, patients, export unless asked), but stays in the store,
 * recoverable with lv_store_undelete_measurement, until lv_store_purge.
 * LV_ENOTFOUND listing the closest ids, or saying it is deleted already.
 */
LV_EXTERN int lv_store_delete_measurement(lv_store *s, int64_t id);

/* What the store holds about one measurement, as read back. */
typedef struct lv_record {
	int64_t id;
	const char *patient; /* code */
	lv_limb limb;
	int64_t session; /* 0: none */
	lv_session_kind session_kind;
	const char *session_date; /* "" when no session */
	const char *session_notes;
	const char *date;
	lv_phase phase;
	lv_method method;
	lv_model model;
	double reading_sd_cm;
	double volume_ml, sd_ml;
	const char *source; /* "" when none */
	size_t n;
	const double *site_cm;
	const double *circumference_cm;
	const double *width_side_cm; /* NULL when none */
	const char *deleted; /* "" when live, else when it was deleted */
	double repeat_sd_ml; /* a photo's repeat sd (lv_measurement); 0: none */
	double camera_distance_cm; /* a photo's (lv_measurement); 0: not known */
	int views; /* a photo's, 1 or 2 (lv_measurement); 0: not known */
} lv_record;

/* One live measurement by id (valid until the next call on s); a deleted
 * one is LV_ENOTFOUND (the message says so). */
LV_EXTERN int lv_store_get(lv_store *s, int64_t id, int (*fn)(const lv_record *r, void *ctx),
			   void *ctx);

/* Flags of lv_store_get_ex and lv_store_each_ex. */
#define LV_STORE_SITES 1u /* with the sites (lv_store_get always has them) */
#define LV_STORE_WITH_DELETED 2u /* deleted measurements too (r->deleted set) */
LV_EXTERN int lv_store_get_ex(lv_store *s, int64_t id, unsigned flags,
			      int (*fn)(const lv_record *r, void *ctx), void *ctx);
LV_EXTERN int lv_store_each_ex(lv_store *s, int64_t patient, unsigned flags,
			       int (*fn)(const lv_record *r, void *ctx), void *ctx);

/*
 * Every live measurement of a patient in date order (then id), with its
 * sites when with_sites; fn's non-zero return stops and is returned.
 */
LV_EXTERN int lv_store_each(lv_store *s, int64_t patient, int with_sites,
			    int (*fn)(const lv_record *r, void *ctx), void *ctx);

/* The live weights and the limbs of a patient, for export. */
LV_EXTERN int lv_store_each_weight(lv_store *s, int64_t patient,
				   int (*fn)(const char *date, double kg, void *ctx), void *ctx);
typedef struct lv_limb_info {
	lv_limb limb;
	int affected; /* 1 affected, 0 not, -1 unknown */
	const char *landmark; /* "" when none */
} lv_limb_info;
LV_EXTERN int lv_store_each_limb(lv_store *s, int64_t patient,
				 int (*fn)(const lv_limb_info *l, void *ctx), void *ctx);
/* One patient by id; its strings stay valid until the next call on s. */
LV_EXTERN int lv_store_patient_get(lv_store *s, int64_t patient, lv_patient_info *out);

/* ---- corrections: the audit trail ---------------------------------------- */

/*
 * A stored value is never overwritten without trace: every edit, deletion
 * and undeletion adds revisions (one per value changed, numbered by edit),
 * with what changed, from what to what, and when (UTC).  Deleted
 * measurements and weights stay until lv_store_purge removes them.
 */

/* What lv_store_edit_measurement changes; NULL / 0 fields stay as stored. */
typedef struct lv_edit {
	const char *date; /* YYYY-MM-DD[THH:MM[:SS]] or NULL */
	int has_phase;
	lv_phase phase;
	int has_limb;
	lv_limb limb;
	size_t n_sites; /* circumferences to change: at stored sites */
	const double *site_cm;
	const double *circumference_cm;
	int accept_unusual; /* skip lv_check_plausible */
	int allow_duplicate; /* skip the duplicate rule */
} lv_edit;

/*
 * Change a live tape measurement in place: the circumferences at the given
 * sites (each site must be one of the measurement's), its date (a new day
 * moves it to that day's session, created like record does), phase or limb.
 * The volume is computed again from the edited profile (same model and
 * reading uncertainty).  The edited values pass the same rules as recorded
 * ones: lv_check_plausible for the (new) limb unless accept_unusual, and
 * the duplicate rule (an exact duplicate of another live measurement is
 * LV_EDATA naming it) unless allow_duplicate.  Each changed value becomes a
 * revision of one new edit; *changed is the number of values changed (0:
 * the measurement already holds them; nothing is written).  LV_ENOTFOUND:
 * no such measurement, or a deleted one.  Photo measurements: their widths
 * come from the photos, so --site is LV_EDATA for them.  Call inside a
 * write transaction.
 */
LV_EXTERN int lv_store_edit_measurement(lv_store *s, int64_t id, const lv_edit *e, int *changed);

/* Undelete a deleted measurement (LV_ENOTFOUND when it is not deleted); an
 * exact duplicate of a live one is LV_EDATA unless allow_duplicate. */
LV_EXTERN int lv_store_undelete_measurement(lv_store *s, int64_t id, int allow_duplicate);

/* Weights: one by id, the patient's (live ones, or with_deleted all). */
typedef struct lv_weight_info {
	int64_t id;
	int64_t patient;
	const char *date;
	double kg;
	const char *deleted; /* "" when live */
} lv_weight_info;
LV_EXTERN int lv_store_weight_get(lv_store *s, int64_t id, lv_weight_info *out);
LV_EXTERN int lv_store_each_weight_ex(lv_store *s, int64_t patient, int with_deleted,
				      int (*fn)(const lv_weight_info *w, void *ctx), void *ctx);
/* A weight of exactly this date, kg and deleted state (NULL: live) into
 * *id, added when there is none (imports). */
LV_EXTERN int lv_store_weight_put(lv_store *s, int64_t patient, const char *date, double kg,
				  const char *deleted, int64_t *id);
/* Edit a live weight: date (NULL: unchanged) and kg (0: unchanged), the
 * same checks as lv_store_weight_add; *changed as for measurements. */
LV_EXTERN int lv_store_edit_weight(lv_store *s, int64_t id, const char *date, double kg,
				   int *changed);
LV_EXTERN int lv_store_delete_weight(lv_store *s, int64_t id);
LV_EXTERN int lv_store_undelete_weight(lv_store *s, int64_t id);

/* One revision of a measurement or a weight. */
typedef struct lv_revision {
	int64_t measurement; /* the measurement's id, or 0 */
	int64_t weight; /* the weight's id, or 0 */
	long edit; /* 1, 2, ... per measurement or weight */
	const char *changed_at; /* UTC, YYYY-MM-DDTHH:MM:SS */
	/* date, phase, limb, session, "circumference_cm AT" (AT the site, cm),
	 * volume_ml, sd_ml, weight_kg, deleted, undeleted */
	const char *what;
	const char *old_value, *new_value; /* as text; "" when none */
} lv_revision;

/* The revisions of one measurement (weight 0) or weight (measurement 0),
 * in order. */
LV_EXTERN int lv_store_each_revision(lv_store *s, int64_t measurement, int64_t weight,
				     int (*fn)(const lv_revision *r, void *ctx), void *ctx);
/* Every revision of a patient's measurements (which_weights 0) or weights
 * (1), in the order of lv_store_each_ex / lv_store_each_weight_ex, then
 * edit; with_deleted as for those. */
LV_EXTERN int lv_store_each_patient_revision(lv_store *s, int64_t patient, int which_weights,
					     int with_deleted,
					     int (*fn)(const lv_revision *r, void *ctx), void *ctx);
/* Add a revision as given (imports); one the store holds already is skipped. */
LV_EXTERN int lv_store_revision_put(lv_store *s, const lv_revision *r);

/* What lv_store_purge would remove: deleted measurements and weights. */
typedef struct lv_deleted_info {
	int64_t measurement, weight; /* one of them is 0 */
	const char *patient; /* code */
	const char *date; /* the measurement's or weight's date */
	const char *what; /* the limb and phase, or "weight" */
	const char *deleted; /* when it was deleted */
} lv_deleted_info;

/* Every deleted measurement and weight deleted before `before` (a date or
 * date and time; NULL: all), oldest deletion first. */
LV_EXTERN int lv_store_each_deleted(lv_store *s, const char *before,
				    int (*fn)(const lv_deleted_info *d, void *ctx), void *ctx);
/* Remove them for good (sites and revisions with them); the counts into
 * *measurements and *weights (may be NULL).  Inside a write transaction. */
LV_EXTERN int lv_store_purge(lv_store *s, const char *before, long *measurements, long *weights);

/* The current UTC time as YYYY-MM-DDTHH:MM:SS (the audit trail's clock). */
LV_EXTERN void lv_store_now(char buf[LV_STORE_DATE_MAX]);

/* ---- history ------------------------------------------------------------ */

/*
 * One measurement in a patient's history, with what follows from it:
 *  - ev/pev: for a measurement of the affected limb, against the other
 *    limb's measurement of the same session (or day) and phase, over the
 *    range both cover (compare_from_cm..compare_to_cm; lv_assess in
 *    limbvol/assess.h): measurements of different lengths are cut to what
 *    they share, and when that is too short there are no figures and
 *    `note` says why;
 *  - rvc: the relative volume change of that pair against the baseline pair
 *    (the first pair of phase baseline, else the first pair), over the
 *    range all four cover;
 *  - change: for a post measurement, post - pre of the same limb and
 *    session (over the range both cover), in mL and % of pre, with the 95 %
 *    threshold lv_mdc95_pair(sd_pre, sd_post) and whether |change| exceeds
 *    it; when both are photos with a repeat sd taken alike (the same number
 *    of views, camera distances within LV_ALIKE_DISTANCE_REL of each
 *    other: limbvol/assess.h), lv_mdc95_pair(repeat_pre, repeat_post)
 *    (change_repeat_sd; each scaled with the volume when the range is
 *    narrower than its own);
 *  - wac: the weight-adjusted change of this limb, (A2 W1) / (A1 W2) - 1
 *    (doc/clinical.md; for bilateral cases), against the limb's first baseline
 *    measurement (else its first), when body weights are stored: W is the
 *    latest weight on or before each measurement's day.
 */
typedef struct lv_history_row {
	int64_t id;
	char date[LV_STORE_DATE_MAX];
	double day; /* days since 1970-01-01, fractional */
	int64_t session;
	lv_session_kind session_kind;
	lv_limb limb;
	lv_phase phase;
	lv_method method;
	double volume_ml, sd_ml;
	int has_pair;
	int64_t pair_id; /* the other limb's measurement (0: none) */
	double compare_from_cm, compare_to_cm; /* the range ev/pev cover */
	double ev_ml, pev_percent;
	int has_rvc;
	double rvc_percent;
	int is_baseline_pair;
	int has_change;
	int64_t pre_id;
	double change_ml, change_percent, mdc95_ml;
	int exceeds_mdc;
	int has_wac;
	double wac_percent;
	char note[256]; /* why a pair or a pre has no figures; "" */
	/* the ranges the change and RVC cover (valid with has_change, has_rvc) */
	double change_from_cm, change_to_cm;
	double rvc_from_cm, rvc_to_cm;
	int change_narrowed; /* shorter than the post's or the pre's own range */
	int rvc_narrowed; /* shorter than the range of EV and PEV */
	double repeat_sd_ml; /* the measurement's repeat sd; 0: none */
	/* with has_change: 1 when mdc95_ml is lv_mdc95_pair of the pre's and
	 * the post's repeat sd (both photos that have one: the terms the two
	 * photo sets share cancel in the change), 0 when of their sd_ml */
	int change_repeat_sd;
	double camera_distance_cm; /* a photo's (lv_measurement); 0: not known */
	int views; /* a photo's (lv_measurement); 0: not known */
	/* with has_change: 1 when both have a repeat sd but were not taken
	 * alike (views, camera distance: change_repeat_sd is 0) */
	int change_not_alike;
} lv_history_row;

typedef struct lv_history lv_history;

/*
 * The history of a patient (code).  The affected limb is the one marked in
 * the store; when none is marked it is taken as the larger limb of the pair
 * that differs most (lv_history_affected tells which and whether it was
 * assumed).
 */
LV_EXTERN int lv_store_history(lv_store *s, const char *code, lv_history **out);
LV_EXTERN void lv_history_free(lv_history *h);
LV_EXTERN size_t lv_history_count(const lv_history *h);
LV_EXTERN const lv_history_row *lv_history_row_at(const lv_history *h, size_t i);
LV_EXTERN const char *lv_history_patient(const lv_history *h);
/* 1 when an affected limb is known or assumed, 0 when there is no pair;
 * *assumed 1 when it was not marked in the store. */
LV_EXTERN int lv_history_affected(const lv_history *h, lv_limb *limb, int *assumed);
/* 1 when weight-adjusted changes could be computed for some rows. */
LV_EXTERN int lv_history_has_wac(const lv_history *h);
/* 1 when the history has measurements of limb. */
LV_EXTERN int lv_history_has_limb(const lv_history *h, lv_limb limb);
/* The profile of row i (its sites as stored; valid while h lives), NULL past the end. */
LV_EXTERN const lv_profile *lv_history_profile(const lv_history *h, size_t i);
/* The volume model row i was measured with (LV_MODEL_FRUSTUM past the end). */
LV_EXTERN lv_model lv_history_model(const lv_history *h, size_t i);
/* Row i as lv_assess compares it (profile, model, reading sd, the stored
 * volume; valid while h lives): lv_assess_volume_over re-takes its volume
 * over a range.  NULL past the end. */
LV_EXTERN const lv_assess_limb *lv_history_limb(const lv_history *h, size_t i);

/* Days since 1970-01-01 (fractional with a time) of a checked date. */
LV_EXTERN int lv_date_days(const char *date, double *out);

#ifdef __cplusplus
}
#endif
#endif
