/*
 * The store's schema, in the dialect of each backend: the current version
 * (4) and the upgrade from each older one.  Every upgrade runs inside the
 * caller's transaction, so that a database is either wholly upgraded or left
 * as it was.
 *
 * Version history:
 *   1  patients (code), limbs (name), sessions (date, kind), measurements
 *      (date, phase, model, volume), sites (site, circumference).
 *      tests/store/schema_v1.sql creates it, for the upgrade test.
 *   2  patients gain birth year and sex, weights (for weight-adjusted
 *      metrics), limbs the affected flag and landmark, sessions notes,
 *      measurements method and source, sites a side width (photos).
 *      tests/store/schema_v2.sql is a store of this schema.
 *   3  the audit trail: measurements and weights gain `deleted` (NULL while
 *      live, else the UTC time of the deletion: recoverable until purged),
 *      and revision rows keep every edit, deletion and undeletion (what,
 *      from what to what, when; times are ISO text made in C).
 *      tests/store/schema_v3.sql is a store of this schema.
 *   4  measurements gain `repeat_sd_ml` (NULL but for photos: the sd of a
 *      photo volume against another photo set of the same limb taken the
 *      same way, what a pre/post change of two photos is judged by;
 *      limbvol/store.h, doc/clinical.md), `camera_distance_cm` and
 *      `views` (how the photo set was taken: the repeat sd judges a change
 *      only between sets taken alike).  Photos stored before stay NULL
 *      (their change is judged by sd_ml, as it was).
 */
#include "store_impl.h"

#include <stdio.h>

#include "limbvol/error.h"

/* PRAGMA takes a decimal number: 0x4C564F4C ("LVOL"). */
_Static_assert(LV_STORE_APPLICATION_ID == 1280724812, "application id");

/* The audit trail (schema 3): one row per value changed by an edit; ID and
 * TEXT are each dialect's. */
#define REVISION_TABLE(ID, REF, TEXT)                                           \
	"CREATE TABLE revision("                                                \
	" id " ID ","                                                           \
	" measurement_id " REF " REFERENCES measurement(id) ON DELETE CASCADE," \
	" weight_id " REF " REFERENCES weight(id) ON DELETE CASCADE,"           \
	" edit_no INTEGER NOT NULL,"                                            \
	" changed_at " TEXT " NOT NULL,"                                        \
	" what " TEXT " NOT NULL,"                                              \
	" old_value " TEXT " NOT NULL DEFAULT '',"                              \
	" new_value " TEXT " NOT NULL DEFAULT '',"                              \
	" CHECK ((measurement_id IS NULL) <> (weight_id IS NULL)));"            \
	"CREATE INDEX revision_measurement ON revision(measurement_id);"        \
	"CREATE INDEX revision_weight ON revision(weight_id);"
#define SQLITE_REVISION REVISION_TABLE("INTEGER PRIMARY KEY", "INTEGER", "TEXT")

static const char schema_v4[] =
	"CREATE TABLE patient("
	" id INTEGER PRIMARY KEY,"
	" code TEXT NOT NULL UNIQUE,"
	" created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),"
	" birth_year INTEGER,"
	" sex TEXT NOT NULL DEFAULT '');"
	"CREATE TABLE limb("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" name TEXT NOT NULL CHECK (name = 'left-arm' OR name = 'right-arm' OR name = 'left-leg' OR name = 'right-leg'),"
	" affected INTEGER CHECK (affected = 0 OR affected = 1),"
	" landmark TEXT NOT NULL DEFAULT '',"
	" UNIQUE (patient_id, name));"
	"CREATE TABLE session("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL,"
	" kind TEXT NOT NULL CHECK (kind = 'baseline' OR kind = 'drainage' OR kind = 'follow-up' OR kind = 'other'),"
	" notes TEXT NOT NULL DEFAULT '');"
	"CREATE INDEX session_patient ON session(patient_id, date);"
	"CREATE TABLE measurement("
	" id INTEGER PRIMARY KEY,"
	" limb_id INTEGER NOT NULL REFERENCES limb(id) ON DELETE CASCADE,"
	" session_id INTEGER REFERENCES session(id),"
	" date TEXT NOT NULL,"
	" phase TEXT NOT NULL CHECK (phase = 'baseline' OR phase = 'pre' OR phase = 'post' OR phase = 'other'),"
	" model TEXT NOT NULL,"
	" reading_sd_cm REAL NOT NULL,"
	" volume_ml REAL NOT NULL,"
	" sd_ml REAL NOT NULL,"
	" created TEXT NOT NULL DEFAULT (strftime('%Y-%m-%dT%H:%M:%S', 'now')),"
	" method TEXT NOT NULL DEFAULT 'tape' CHECK (method = 'tape' OR method = 'photo' OR method = 'import'),"
	" source TEXT NOT NULL DEFAULT '',"
	" deleted TEXT,"
	" repeat_sd_ml REAL,"
	" camera_distance_cm REAL CHECK (camera_distance_cm > 0),"
	" views INTEGER CHECK (views = 1 OR views = 2));"
	"CREATE INDEX measurement_limb ON measurement(limb_id, date);"
	"CREATE INDEX measurement_session ON measurement(session_id);"
	"CREATE TABLE site("
	" measurement_id INTEGER NOT NULL REFERENCES measurement(id) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL,"
	" site_cm REAL NOT NULL,"
	" circumference_cm REAL NOT NULL,"
	" width_side_cm REAL,"
	" PRIMARY KEY (measurement_id, idx)) WITHOUT ROWID;"
	"CREATE TABLE weight("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL,"
	" kg REAL NOT NULL CHECK (kg > 0),"
	" deleted TEXT);"
	"CREATE INDEX weight_patient ON weight(patient_id, date);" SQLITE_REVISION
	"PRAGMA application_id = 1280724812;"
	"PRAGMA user_version = 4;";

/* Version 1 -> 2: only additions, no data rewritten. */
static const char upgrade_1_to_2[] =
	"ALTER TABLE patient ADD COLUMN birth_year INTEGER;"
	"ALTER TABLE patient ADD COLUMN sex TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE limb ADD COLUMN affected INTEGER CHECK (affected = 0 OR affected = 1);"
	"ALTER TABLE limb ADD COLUMN landmark TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE session ADD COLUMN notes TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE measurement ADD COLUMN method TEXT NOT NULL DEFAULT 'tape'"
	" CHECK (method = 'tape' OR method = 'photo' OR method = 'import');"
	"ALTER TABLE measurement ADD COLUMN source TEXT NOT NULL DEFAULT '';"
	"ALTER TABLE site ADD COLUMN width_side_cm REAL;"
	"CREATE INDEX IF NOT EXISTS measurement_session ON measurement(session_id);"
	"CREATE TABLE weight("
	" id INTEGER PRIMARY KEY,"
	" patient_id INTEGER NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" date TEXT NOT NULL,"
	" kg REAL NOT NULL CHECK (kg > 0));"
	"CREATE INDEX weight_patient ON weight(patient_id, date);"
	"PRAGMA user_version = 2;";

/* Version 2 -> 3: additions only; every stored row stays live. */
static const char upgrade_2_to_3[] =
	"ALTER TABLE measurement ADD COLUMN deleted TEXT;"
	"ALTER TABLE weight ADD COLUMN deleted TEXT;" SQLITE_REVISION "PRAGMA user_version = 3;";

/* Version 3 -> 4: one column added; every stored value stays as it is. */
static const char upgrade_3_to_4[] =
	"ALTER TABLE measurement ADD COLUMN repeat_sd_ml REAL;"
	"ALTER TABLE measurement ADD COLUMN camera_distance_cm REAL"
	" CHECK (camera_distance_cm > 0);"
	"ALTER TABLE measurement ADD COLUMN views INTEGER CHECK (views = 1 OR views = 2);"
	"PRAGMA user_version = 4;";

/*
 * The same schema for PostgreSQL.  Differences from SQLite's, each kept
 * here: ids are identity columns, REAL is DOUBLE PRECISION (PostgreSQL's
 * REAL has 24 bits), text compares byte by byte (COLLATE "C", as SQLite's
 * BINARY: codes sort the same on both), the default timestamp is UTC from
 * now(), and the mark and version live in the table limbvol_meta (there is
 * no application_id or user_version).  Version 2 is the first one on
 * PostgreSQL.
 */
#define PG_TEXT "TEXT COLLATE \"C\""
#define PG_REVISION \
	REVISION_TABLE("BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY", "BIGINT", PG_TEXT)
static const char pg_schema_v4[] =
	"CREATE TABLE limbvol_meta("
	" key " PG_TEXT " PRIMARY KEY,"
	" value " PG_TEXT " NOT NULL);"
	"INSERT INTO limbvol_meta(key, value) VALUES ('application', 'LVOL'),"
	" ('schema_version', '4');"
	"CREATE TABLE patient("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" code " PG_TEXT " NOT NULL UNIQUE,"
	" created " PG_TEXT " NOT NULL DEFAULT"
	"  (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')),"
	" birth_year INTEGER,"
	" sex " PG_TEXT " NOT NULL DEFAULT '');"
	"CREATE TABLE limb("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" patient_id BIGINT NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" name " PG_TEXT
	" NOT NULL CHECK (name IN ('left-arm', 'right-arm', 'left-leg', 'right-leg')),"
	" affected INTEGER CHECK (affected = 0 OR affected = 1),"
	" landmark " PG_TEXT " NOT NULL DEFAULT '',"
	" UNIQUE (patient_id, name));"
	"CREATE TABLE session("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" patient_id BIGINT NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" date " PG_TEXT " NOT NULL,"
	" kind " PG_TEXT " NOT NULL CHECK (kind IN ('baseline', 'drainage', 'follow-up', 'other')),"
	" notes " PG_TEXT " NOT NULL DEFAULT '');"
	"CREATE INDEX session_patient ON session(patient_id, date);"
	"CREATE TABLE measurement("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" limb_id BIGINT NOT NULL REFERENCES limb(id) ON DELETE CASCADE,"
	" session_id BIGINT REFERENCES session(id),"
	" date " PG_TEXT " NOT NULL,"
	" phase " PG_TEXT " NOT NULL CHECK (phase IN ('baseline', 'pre', 'post', 'other')),"
	" model " PG_TEXT " NOT NULL,"
	" reading_sd_cm DOUBLE PRECISION NOT NULL,"
	" volume_ml DOUBLE PRECISION NOT NULL,"
	" sd_ml DOUBLE PRECISION NOT NULL,"
	" created " PG_TEXT " NOT NULL DEFAULT"
	"  (to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD\"T\"HH24:MI:SS')),"
	" method " PG_TEXT " NOT NULL DEFAULT 'tape' CHECK (method IN ('tape', 'photo', 'import')),"
	" source " PG_TEXT " NOT NULL DEFAULT '',"
	" deleted " PG_TEXT ","
	" repeat_sd_ml DOUBLE PRECISION,"
	" camera_distance_cm DOUBLE PRECISION CHECK (camera_distance_cm > 0),"
	" views INTEGER CHECK (views IN (1, 2)));"
	"CREATE INDEX measurement_limb ON measurement(limb_id, date);"
	"CREATE INDEX measurement_session ON measurement(session_id);"
	"CREATE TABLE site("
	" measurement_id BIGINT NOT NULL REFERENCES measurement(id) ON DELETE CASCADE,"
	" idx INTEGER NOT NULL,"
	" site_cm DOUBLE PRECISION NOT NULL,"
	" circumference_cm DOUBLE PRECISION NOT NULL,"
	" width_side_cm DOUBLE PRECISION,"
	" PRIMARY KEY (measurement_id, idx));"
	"CREATE TABLE weight("
	" id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
	" patient_id BIGINT NOT NULL REFERENCES patient(id) ON DELETE CASCADE,"
	" date " PG_TEXT " NOT NULL,"
	" kg DOUBLE PRECISION NOT NULL CHECK (kg > 0),"
	" deleted " PG_TEXT ");"
	"CREATE INDEX weight_patient ON weight(patient_id, date);" PG_REVISION;

/* PostgreSQL, version 2 -> 3: the same additions as SQLite's. */
static const char pg_upgrade_2_to_3[] =
	"ALTER TABLE measurement ADD COLUMN deleted " PG_TEXT ";"
	"ALTER TABLE weight ADD COLUMN deleted " PG_TEXT ";" PG_REVISION
	"UPDATE limbvol_meta SET value = '3' WHERE key = 'schema_version';";

/* PostgreSQL, version 3 -> 4: the same column as SQLite's. */
static const char pg_upgrade_3_to_4[] =
	"ALTER TABLE measurement ADD COLUMN repeat_sd_ml DOUBLE PRECISION;"
	"ALTER TABLE measurement ADD COLUMN camera_distance_cm DOUBLE PRECISION"
	" CHECK (camera_distance_cm > 0);"
	"ALTER TABLE measurement ADD COLUMN views INTEGER CHECK (views IN (1, 2));"
	"UPDATE limbvol_meta SET value = '4' WHERE key = 'schema_version';";

/*
 * Each backend's schema text: the current one, and upgrade[v] taking
 * version v to v + 1 (NULL: no such step on that engine).  A new version
 * adds a step to both.
 */
struct dialect {
	const char *create;
	const char *upgrade[LV_STORE_SCHEMA_VERSION];
};

/*
 * SQLite: the CHECKs compare with OR rather than IN (...): SQLite evaluates
 * an IN list through a temporary table, opened and closed for every row
 * inserted, which made a large import ten times slower.
 */
static const struct dialect sqlite_dialect = {
	schema_v4, { NULL, upgrade_1_to_2, upgrade_2_to_3, upgrade_3_to_4 }
};
static const struct dialect pg_dialect = { pg_schema_v4,
					   { NULL, NULL, pg_upgrade_2_to_3, pg_upgrade_3_to_4 } };

static const struct dialect *dialect_of(lv_store *s)
{
	return s->be == &db_pg ? &pg_dialect : &sqlite_dialect;
}

int store_schema_create(lv_store *s)
{
	return db_exec(s, dialect_of(s)->create, "creating the database");
}

int store_schema_upgrade(lv_store *s, int from)
{
	const struct dialect *d = dialect_of(s);
	char what[64];
	int ret = LV_OK;
	if (from < 1)
		return lv_error_set(LV_EDB, "%s: unknown schema version %d", s->path, from);
	for (int v = from; v < LV_STORE_SCHEMA_VERSION && ret == LV_OK; v++) {
		if (!d->upgrade[v])
			return lv_error_set(LV_EDB,
					    "%s: schema %d cannot be upgraded on %s (it never"
					    " existed there)",
					    s->path, v, s->be->name);
		snprintf(what, sizeof what, "upgrading the database from schema %d", v);
		ret = db_exec(s, d->upgrade[v], what);
	}
	return ret;
}
