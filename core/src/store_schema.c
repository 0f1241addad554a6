/*
 * The store's schema: the current version (3) and the upgrade from each
 * older one.  Every upgrade runs inside the caller's transaction, so that a
 * database is either wholly upgraded or left as it was.
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
 *      from what to what, when).  Standard SQL only (issue 12: the same
 *      statements run on PostgreSQL); times are ISO text made in C.
 */
#include "store_impl.h"

#include <stdio.h>

#include "limbvol/error.h"

/* PRAGMA takes a decimal number: 0x4C564F4C ("LVOL"). */
_Static_assert(LV_STORE_APPLICATION_ID == 1280724812, "application id");

/* The audit trail (schema 3): one row per value changed by an edit. */
#define REVISION_TABLE                                                          \
	"CREATE TABLE revision("                                                \
	" id INTEGER PRIMARY KEY,"                                              \
	" measurement_id INTEGER REFERENCES measurement(id) ON DELETE CASCADE," \
	" weight_id INTEGER REFERENCES weight(id) ON DELETE CASCADE,"           \
	" edit_no INTEGER NOT NULL,"                                            \
	" changed_at TEXT NOT NULL,"                                            \
	" what TEXT NOT NULL,"                                                  \
	" old_value TEXT NOT NULL DEFAULT '',"                                  \
	" new_value TEXT NOT NULL DEFAULT '',"                                  \
	" CHECK ((measurement_id IS NULL) <> (weight_id IS NULL)));"            \
	"CREATE INDEX revision_measurement ON revision(measurement_id);"        \
	"CREATE INDEX revision_weight ON revision(weight_id);"

static const char schema_v3[] =
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
	" deleted TEXT);"
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
	"CREATE INDEX weight_patient ON weight(patient_id, date);" REVISION_TABLE
	"PRAGMA application_id = 1280724812;"
	"PRAGMA user_version = 3;";

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
	"ALTER TABLE weight ADD COLUMN deleted TEXT;" REVISION_TABLE "PRAGMA user_version = 3;";

/*
 * The CHECKs compare with OR rather than IN (...): SQLite evaluates an IN
 * list through a temporary table, opened and closed for every row inserted,
 * which made a large import ten times slower.
 */
static int run(lv_store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? LV_OK : store_db_error(s, rc, what);
}

int store_schema_create(lv_store *s)
{
	return run(s, schema_v3, "creating the database");
}

int store_schema_upgrade(lv_store *s, int from)
{
	int ret = LV_OK;
	if (from < 1)
		return lv_error_set(LV_EDB, "%s: unknown schema version %d", s->path, from);
	if (from == 1)
		ret = run(s, upgrade_1_to_2, "upgrading the database from schema 1");
	if (ret == LV_OK && from <= 2)
		ret = run(s, upgrade_2_to_3, "upgrading the database from schema 2");
	return ret;
}
