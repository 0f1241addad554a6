/*
 * The store's connection: where the database lives, opening it safely (a
 * file that is not ours is never written to), schema checks, transactions
 * and the SQLite error messages.
 */
#include "mem.h"
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "limbvol/error.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PATIENT_FIND] = "SELECT id FROM patient WHERE code = ?1",
	[ST_PATIENT_ADD] = "INSERT INTO patient(code) VALUES (?1)",
	[ST_LIMB_FIND] = "SELECT id FROM limb WHERE patient_id = ?1 AND name = ?2",
	[ST_LIMB_ADD] = "INSERT INTO limb(patient_id, name) VALUES (?1, ?2)",
	[ST_MEAS_ADD] = "INSERT INTO measurement(limb_id, session_id, date, phase, method,"
			" model, reading_sd_cm, volume_ml, sd_ml, source, deleted)"
			" VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
	[ST_SITE_ADD] = "INSERT INTO site(measurement_id, idx, site_cm, circumference_cm,"
			" width_side_cm) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SESSION_DAY] = "SELECT id FROM session WHERE patient_id = ?1"
			   " AND substr(date, 1, 10) = substr(?2, 1, 10)"
			   " ORDER BY date DESC, id DESC LIMIT 1",
	[ST_SESSION_ADD] = "INSERT INTO session(patient_id, date, kind, notes)"
			   " VALUES (?1, ?2, ?3, ?4)",
};

int store_db_error(lv_store *s, int rc, const char *what)
{
	const char *path = s ? s->path : "";
	if (s)
		s->last_rc = rc;
	if (rc == SQLITE_IOERR_NOMEM)
		return lv_error_set(LV_ENOMEM, "%s: out of memory", what);
	switch (rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		return lv_error_set(LV_EDB,
				    "%s: the database %s is corrupted or not a limbvol"
				    " database; it was left as it is (restore it from a backup)",
				    what, path);
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return lv_error_set(LV_EDB,
				    "%s: the database %s is busy: another program has"
				    " held it for more than %d s",
				    what, path, LV_STORE_BUSY_MS / 1000);
	case SQLITE_FULL:
		return lv_error_set(LV_EDB, "%s: the disk holding %s is full", what, path);
	case SQLITE_READONLY:
		return lv_error_set(LV_EDB, "%s: the database %s is read-only", what, path);
	case SQLITE_CANTOPEN:
		return lv_error_set(LV_EDB, "%s: cannot open the database %s", what, path);
	case SQLITE_NOMEM:
		return lv_error_set(LV_ENOMEM, "%s: out of memory", what);
	default:
		return lv_error_set(LV_EDB, "%s: %s", what,
				    s && s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(rc));
	}
}

int store_prepare(lv_store *s, const char *sql, sqlite3_stmt **out)
{
	int rc = sqlite3_prepare_v2(s->db, sql, -1, out, NULL);
	if (rc != SQLITE_OK) {
		*out = NULL;
		return store_db_error(s, rc, "reading the database");
	}
	return LV_OK;
}

int store_stmt(lv_store *s, enum stmt_id id, sqlite3_stmt **out)
{
	if (!s->st[id]) {
		int rc = sqlite3_prepare_v3(s->db, stmt_sql[id], -1, SQLITE_PREPARE_PERSISTENT,
					    &s->st[id], NULL);
		if (rc != SQLITE_OK) {
			s->st[id] = NULL;
			return store_db_error(s, rc, "reading the database");
		}
	}
	sqlite3_reset(s->st[id]);
	sqlite3_clear_bindings(s->st[id]);
	*out = s->st[id];
	return LV_OK;
}

const char *store_text(sqlite3_stmt *st, int col)
{
	const unsigned char *t = sqlite3_column_text(st, col);
	return t ? (const char *)t : "";
}

int lv_store_default_path(char *buf, size_t size)
{
	const char *env = getenv("LIMBVOL_DB");
	const char *xdg = getenv("XDG_DATA_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && env[0])
		n = snprintf(buf, size, "%s", env);
	else if (xdg && xdg[0] == '/') /* XDG: a relative value is to be ignored */
		n = snprintf(buf, size, "%s/limbvol/limbvol.db", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.local/share/limbvol/limbvol.db", home);
	else
		return lv_error_set(LV_EINVAL,
				    "no database path: give --db PATH or set LIMBVOL_DB"
				    " (HOME is not set)");
	if (n < 0 || (size_t)n >= size)
		return lv_error_set(LV_EINVAL, "the database path is too long");
	return LV_OK;
}

/* mkdir -p of path's folder; folders created here are 0700. */
static int make_parent(const char *path)
{
	char dir[1024];
	char *p;
	struct stat st;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return lv_error_set(LV_EINVAL, "the database path is too long");
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return LV_OK;
	*p = '\0';
	if (stat(dir, &st) == 0)
		return S_ISDIR(st.st_mode)
			? LV_OK
			: lv_error_set(LV_EIO, "cannot create the database: %s is not a folder",
				       dir);
	for (p = dir + 1;; p++) {
		if (*p == '/' || *p == '\0') {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				return lv_error_set(LV_EIO, "cannot create the folder %s: %s", dir,
						    strerror(errno));
			*p = c;
			if (!c)
				break;
		}
	}
	return LV_OK;
}

/*
 * Look at an existing file before SQLite does: an SQLite file starts with
 * "SQLite format 3\0"; an empty file is a store being created.  Returns 1
 * for an empty file, 0 for an SQLite file.
 */
static int check_header(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat st;
	int fd;
	ssize_t n;

	if (stat(path, &st) < 0)
		return lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	if (!S_ISREG(st.st_mode))
		return lv_error_set(LV_EDB, "%s is not a limbvol database (not a regular file)",
				    path);
	if (st.st_size == 0)
		return 1;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return lv_error_set(LV_EIO, "cannot read %s: %s", path, strerror(errno));
	n = read(fd, head, sizeof head);
	close(fd);
	if (n != (ssize_t)sizeof head || memcmp(head, magic, sizeof magic) != 0)
		return lv_error_set(LV_EDB,
				    "%s is not a limbvol database (not an SQLite file);"
				    " it was left untouched",
				    path);
	return 0;
}

static int pragma_int(lv_store *s, const char *sql, long long *out)
{
	sqlite3_stmt *st = NULL;
	int rc, ret = store_prepare(s, sql, &st);
	if (ret < 0)
		return ret;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*out = sqlite3_column_int64(st, 0);
	else
		ret = store_db_error(s, rc, "opening the database");
	sqlite3_finalize(st);
	return ret;
}

static int exec(lv_store *s, const char *sql, const char *what)
{
	int rc = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? LV_OK : store_db_error(s, rc, what);
}

/* A fresh file: create the schema unless another process just did. */
static int initialise(lv_store *s)
{
	long long version = 0, tables = 0;
	int ret = exec(s, "BEGIN IMMEDIATE", "creating the database");
	if (ret < 0)
		return ret;
	if ((ret = pragma_int(s, "PRAGMA user_version", &version)) < 0 ||
	    (ret = pragma_int(s, "SELECT count(*) FROM sqlite_master", &tables)) < 0)
		goto done;
	if (version == 0 && tables == 0)
		ret = store_schema_create(s);
	if (ret == LV_OK)
		ret = exec(s, "COMMIT", "creating the database");
done:
	if (ret < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

static int upgrade(lv_store *s)
{
	long long version = 0;
	int ret = exec(s, "BEGIN IMMEDIATE", "upgrading the database");
	if (ret < 0)
		return ret;
	if ((ret = pragma_int(s, "PRAGMA user_version", &version)) < 0)
		goto done;
	if (version < LV_STORE_SCHEMA_VERSION)
		ret = store_schema_upgrade(s, (int)version);
	if (ret == LV_OK)
		ret = exec(s, "COMMIT", "upgrading the database");
done:
	if (ret < 0)
		sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	return ret;
}

/* The tables each schema version must have (store_schema.c). */
static int tables_present(lv_store *s, long long version, int *ok)
{
	long long n = 0;
	int ret = pragma_int(s,
			     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
			     " ('patient', 'limb', 'session', 'measurement', 'site', 'weight',"
			     " 'revision')",
			     &n);
	*ok = n == (version >= 3 ? 7 : version == 2 ? 6 : 5);
	return ret;
}

/* PRAGMA quick_check before a file is written to: LV_EDB when it is damaged. */
static int intact(lv_store *s, const char *why)
{
	char res[64] = "";
	sqlite3_stmt *st = NULL;
	int ret;

	if ((ret = store_prepare(s, "PRAGMA quick_check(1)", &st)) < 0)
		return ret;
	if ((ret = sqlite3_step(st)) == SQLITE_ROW)
		snprintf(res, sizeof res, "%s", store_text(st, 0));
	sqlite3_finalize(st);
	if (ret != SQLITE_ROW)
		return store_db_error(s, ret, "checking the database");
	if (strcmp(res, "ok"))
		return lv_error_set(LV_EDB,
				    "%s (%s) is corrupted; it was left untouched (restore it"
				    " from a backup)",
				    s->path, why);
	return LV_OK;
}

/*
 * An SQLite file with limbvol's application id: refuse, before anything is
 * written, one whose schema version or tables are not limbvol's, and an
 * older one that is damaged (it is about to be upgraded in place).
 */
static int check_ours(lv_store *s, long long version)
{
	int ok = 0, ret;

	if (version > LV_STORE_SCHEMA_VERSION)
		return lv_error_set(LV_EDB,
				    "%s was written by a newer limbvol (schema %lld; this"
				    " one knows up to %d): upgrade limbvol; the file was left"
				    " untouched",
				    s->path, version, LV_STORE_SCHEMA_VERSION);
	if (version < 1)
		return lv_error_set(LV_EDB,
				    "%s is damaged: limbvol's mark but no schema version;"
				    " it was left untouched (restore it from a backup)",
				    s->path);
	if ((ret = tables_present(s, version, &ok)) < 0)
		return ret;
	if (!ok)
		return lv_error_set(LV_EDB,
				    "%s is damaged: limbvol's mark but tables of schema %lld are"
				    " missing; it was left untouched (restore it from a backup)",
				    s->path, version);
	if (version == LV_STORE_SCHEMA_VERSION)
		return LV_OK;
	/* an upgrade rewrites the schema: only on a file that is whole */
	return intact(s, "to be upgraded");
}

/* path as an SQLite URI file name (RFC 3986 percent-encoding). */
static int uri_of(const char *path, const char *query, char *buf, size_t size)
{
	size_t o = 0;
	const unsigned char *p = (const unsigned char *)path;
	int n;

	if (size < 8)
		return -1;
	memcpy(buf, "file:", 5);
	o = 5;
	for (; *p; p++) {
		if (o + 4 >= size)
			return -1;
		if (*p <= 0x20 || *p >= 0x7f || *p == '%' || *p == '?' || *p == '#')
			o += (size_t)snprintf(buf + o, size - o, "%%%02X", *p);
		else
			buf[o++] = (char)*p;
	}
	n = snprintf(buf + o, size - o, "%s", query);
	return n < 0 || (size_t)n >= size - o ? -1 : 0;
}

/* 1 when this process can write path and the folder holding it. */
static int can_write(const char *path)
{
	char dir[1024];
	char *slash;

	if (access(path, W_OK) < 0)
		return 0;
	snprintf(dir, sizeof dir, "%s", path);
	slash = strrchr(dir, '/');
	if (!slash)
		return access(".", W_OK) == 0;
	if (slash == dir)
		slash[1] = '\0';
	else
		*slash = '\0';
	return access(dir, W_OK) == 0;
}

/* Connect: read-write, or for a store we only read and cannot write, read-only. */
static int store_connect(lv_store *s, unsigned flags, int *sqlite_ro)
{
	char uri[3200], wal[1100];
	int rc;

	*sqlite_ro = 0;
	if (!(flags & LV_STORE_READONLY) || can_write(s->path)) {
		rc = sqlite3_open_v2(s->path, &s->db, SQLITE_OPEN_READWRITE, NULL);
	} else {
		/*
		 * No -wal file: no program has the store open, and none can
		 * write it here; immutable keeps SQLite from creating -wal and
		 * -shm files beside it (which it could not remove).
		 */
		snprintf(wal, sizeof wal, "%s-wal", s->path);
		if (uri_of(s->path, access(wal, F_OK) == 0 ? "?mode=ro" : "?mode=ro&immutable=1",
			   uri, sizeof uri) < 0)
			return lv_error_set(LV_EINVAL, "the database path is too long");
		rc = sqlite3_open_v2(uri, &s->db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		*sqlite_ro = 1;
	}
	if (rc != SQLITE_OK)
		return store_db_error(s, rc, "opening the database");
	sqlite3_extended_result_codes(s->db, 1);
	sqlite3_busy_timeout(s->db, LV_STORE_BUSY_MS);
	return LV_OK;
}

/* WAL: readers never block the writer; the mode is kept in the file. */
static int use_wal(lv_store *s)
{
	char mode[16] = "";
	const char *sql = "PRAGMA journal_mode";
	sqlite3_stmt *st = NULL;
	int ret, rc, pass;

	for (pass = 0; pass < 2; pass++) {
		if ((ret = store_prepare(s, sql, &st)) < 0)
			return ret;
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			snprintf(mode, sizeof mode, "%s", store_text(st, 0));
		sqlite3_finalize(st);
		if (rc != SQLITE_ROW)
			return store_db_error(s, rc, "opening the database");
		if (!strcmp(mode, "wal"))
			return LV_OK;
		sql = "PRAGMA journal_mode = WAL"; /* only once the file is known to be ours */
	}
	return lv_error_set(LV_EDB, "%s: cannot use write-ahead logging (journal mode %s)", s->path,
			    mode);
}

/* One attempt at opening; *busy set when it failed on a lock. */
static int open_once(lv_store **out, const char *path, unsigned flags, int *busy)
{
	lv_store *s = NULL;
	long long app = 0, version = 0, tables = 0;
	int ret, rc, is_new = 0, sqlite_ro = 0;
	sqlite3_stmt *st = NULL;

	*out = NULL;
	if (!path || !path[0])
		return lv_error_set(LV_EINVAL, "no database path");
	if (strlen(path) >= sizeof s->path)
		return lv_error_set(LV_EINVAL, "the database path is too long");
	if (flags & LV_STORE_READONLY)
		flags &= ~LV_STORE_CREATE;
	if (access(path, F_OK) < 0) {
		int fd;
		if (!(flags & LV_STORE_CREATE))
			return lv_error_set(LV_ENOTFOUND,
					    "no measurement store at %s (record a"
					    " measurement first, or give --db PATH)",
					    path);
		if ((ret = make_parent(path)) < 0)
			return ret;
		fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
		if (fd < 0 && errno != EEXIST)
			return lv_error_set(LV_EIO, "cannot create the database %s: %s", path,
					    strerror(errno));
		if (fd >= 0)
			close(fd);
	}
	if ((ret = check_header(path)) < 0)
		return ret;
	is_new = ret;
	if (is_new && (flags & LV_STORE_READONLY))
		return lv_error_set(LV_ENOTFOUND, "no measurements at %s yet (an empty file)",
				    path);

	s = mem_calloc(1, sizeof *s);
	if (!s)
		return lv_error_set(LV_ENOMEM, "out of memory");
	snprintf(s->path, sizeof s->path, "%s", path);
	s->readonly = (flags & LV_STORE_READONLY) != 0;
	if ((ret = store_connect(s, flags, &sqlite_ro)) < 0)
		goto done;
	/* one statement: one consistent view while another process creates it */
	if ((ret = store_prepare(s,
				 "SELECT (SELECT application_id FROM pragma_application_id),"
				 " (SELECT user_version FROM pragma_user_version),"
				 " (SELECT count(*) FROM sqlite_master)",
				 &st)) < 0)
		goto done;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		app = sqlite3_column_int64(st, 0);
		version = sqlite3_column_int64(st, 1);
		tables = sqlite3_column_int64(st, 2);
	}
	sqlite3_finalize(st);
	st = NULL;
	if (rc != SQLITE_ROW) {
		ret = store_db_error(s, rc, "opening the database");
		goto done;
	}
	if (app != LV_STORE_APPLICATION_ID) {
		if (app != 0 || version != 0 || tables != 0) {
			ret = lv_error_set(LV_EDB,
					   "%s is not a limbvol database (an SQLite database"
					   " of another program); it was left untouched",
					   path);
			goto done;
		}
		if (s->readonly) {
			ret = lv_error_set(LV_ENOTFOUND, "no measurements at %s yet", path);
			goto done;
		}
		/* an SQLite file without tables, about to get ours: only when whole */
		if (!is_new && (ret = intact(s, "an empty SQLite file")) < 0)
			goto done;
		is_new = 1;
	} else if ((ret = check_ours(s, version)) < 0) {
		goto done;
	}
	if (!is_new && version < LV_STORE_SCHEMA_VERSION && sqlite_ro) {
		ret = lv_error_set(LV_EDB,
				   "%s has schema %lld and needs an upgrade, but it cannot be"
				   " written here (read-only); open it once where it can",
				   path, version);
		goto done;
	}
	if (!sqlite_ro) {
		if ((ret = exec(s,
				"PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
				" PRAGMA cache_size = -65536",
				"opening the database")) < 0)
			goto done;
		/*
		 * Upgrade before turning WAL on, with the cache kept from
		 * spilling: an upgrade that fails (a damaged schema) is rolled
		 * back before a byte of the file was written, in either
		 * journal mode.
		 */
		if (!is_new && version < LV_STORE_SCHEMA_VERSION) {
			if ((ret = exec(s, "PRAGMA cache_spill = OFF", "opening the database")) <
				    0 ||
			    (ret = upgrade(s)) < 0 ||
			    (ret = exec(s, "PRAGMA cache_spill = ON", "opening the database")) < 0)
				goto done;
		}
		if ((ret = use_wal(s)) < 0)
			goto done;
		if (is_new && (ret = initialise(s)) < 0)
			goto done;
	}
	s->version = LV_STORE_SCHEMA_VERSION;
done:
	if (ret < 0) {
		*busy = s &&
			((s->last_rc & 0xff) == SQLITE_BUSY ||
			 (s->last_rc & 0xff) == SQLITE_LOCKED);
		lv_store_close(s);
		return ret;
	}
	*out = s;
	return LV_OK;
}

/*
 * While another process creates the file or turns on WAL, some steps of
 * opening report SQLITE_BUSY at once, without the busy handler: retry the
 * whole opening for up to LV_STORE_BUSY_MS.
 */
int lv_store_open(lv_store **out, const char *path, unsigned flags)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int waited_ms = 0, busy = 0, ret;

	for (;;) {
		busy = 0;
		ret = open_once(out, path, flags, &busy);
		if (ret == LV_OK || !busy || waited_ms >= LV_STORE_BUSY_MS)
			return ret;
		nanosleep(&pause, NULL);
		waited_ms += 20;
	}
}

void lv_store_close(lv_store *s)
{
	int i;
	if (!s)
		return;
	if (s->in_tx)
		lv_store_rollback(s);
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(s->st[i]);
	sqlite3_close(s->db);
	mem_free(s);
}

int lv_store_schema_version(lv_store *s)
{
	return s->version;
}

int lv_store_begin(lv_store *s)
{
	int ret;
	if (s->in_tx)
		return lv_error_set(LV_EINTERNAL, "a transaction is already open");
	if (s->readonly)
		return lv_error_set(LV_EINVAL, "the store %s was opened only to read", s->path);
	ret = exec(s, "BEGIN IMMEDIATE", "starting to write");
	if (ret == LV_OK)
		s->in_tx = 1;
	return ret;
}

int lv_store_begin_read(lv_store *s)
{
	int ret;
	if (s->in_tx)
		return lv_error_set(LV_EINTERNAL, "a transaction is already open");
	ret = exec(s, "BEGIN DEFERRED", "starting to read");
	if (ret == LV_OK)
		s->in_tx = 1;
	return ret;
}

int lv_store_commit(lv_store *s)
{
	int ret;
	if (!s->in_tx)
		return lv_error_set(LV_EINTERNAL, "no transaction to commit");
	ret = exec(s, "COMMIT", "saving");
	if (ret < 0)
		lv_store_rollback(s);
	s->in_tx = 0;
	return ret;
}

void lv_store_rollback(lv_store *s)
{
	if (!s || !s->in_tx)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		if (s->st[i])
			sqlite3_reset(s->st[i]);
	sqlite3_exec(s->db, "ROLLBACK", NULL, NULL, NULL);
	s->in_tx = 0;
}
