/*
 * The SQLite backend of the store (store_db.h): statements over sqlite3,
 * and opening a file safely: a file that is not ours is never written to,
 * an older schema is checked whole before it is upgraded, WAL journal.
 */
#include "mem.h"
#include "store_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limbvol/error.h"

struct sq_stmt {
	db_stmt base;
	sqlite3_stmt *st;
};

#define SQ(st) (((struct sq_stmt *)(st))->st)
#define DB(s) ((sqlite3 *)(s)->conn)

/* Record SQLite's failure rc in s; DB_ERROR. */
static int sq_fail(lv_store *s, int rc)
{
	enum db_fail kind = DB_F_OTHER;
	s->last_rc = rc;
	switch (rc == SQLITE_IOERR_NOMEM ? SQLITE_NOMEM : rc & 0xff) {
	case SQLITE_CORRUPT:
	case SQLITE_NOTADB:
		kind = DB_F_CORRUPT;
		break;
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		kind = DB_F_BUSY;
		break;
	case SQLITE_FULL:
		kind = DB_F_FULL;
		break;
	case SQLITE_READONLY:
		kind = DB_F_READONLY;
		break;
	case SQLITE_CANTOPEN:
		kind = DB_F_CANTOPEN;
		break;
	case SQLITE_NOMEM:
		kind = DB_F_NOMEM;
		break;
	default:
		break;
	}
	db_failed(s, kind, s->conn ? sqlite3_errmsg(DB(s)) : sqlite3_errstr(rc));
	return DB_ERROR;
}

static int sq_prepare(lv_store *s, const char *sql, int persistent, db_stmt **out)
{
	struct sq_stmt *st = mem_calloc(1, sizeof *st);
	int rc;
	if (!st) {
		db_failed(s, DB_F_NOMEM, "out of memory");
		return DB_ERROR;
	}
	rc = sqlite3_prepare_v3(DB(s), sql, -1, persistent ? SQLITE_PREPARE_PERSISTENT : 0, &st->st,
				NULL);
	if (rc != SQLITE_OK) {
		sqlite3_finalize(st->st);
		mem_free(st);
		return sq_fail(s, rc);
	}
	st->base.be = &db_sqlite;
	st->base.s = s;
	*out = &st->base;
	return 0;
}

static void sq_finalize(db_stmt *st)
{
	sqlite3_finalize(SQ(st));
	mem_free(st);
}

static void sq_reset(db_stmt *st)
{
	sqlite3_reset(SQ(st));
	sqlite3_clear_bindings(SQ(st));
}

static int sq_bound(db_stmt *st, int rc)
{
	return rc == SQLITE_OK ? 0 : sq_fail(st->s, rc);
}

static int sq_bind_int64(db_stmt *st, int i, int64_t v)
{
	return sq_bound(st, sqlite3_bind_int64(SQ(st), i, v));
}

static int sq_bind_double(db_stmt *st, int i, double v)
{
	return sq_bound(st, sqlite3_bind_double(SQ(st), i, v));
}

static int sq_bind_text(db_stmt *st, int i, const char *v)
{
	return sq_bound(st, sqlite3_bind_text(SQ(st), i, v, -1, SQLITE_STATIC));
}

static int sq_bind_null(db_stmt *st, int i)
{
	return sq_bound(st, sqlite3_bind_null(SQ(st), i));
}

static int sq_step(db_stmt *st)
{
	int rc = sqlite3_step(SQ(st));
	if (rc == SQLITE_ROW)
		return DB_ROW;
	if (rc == SQLITE_DONE)
		return DB_DONE;
	return sq_fail(st->s, rc);
}

static int64_t sq_col_int64(db_stmt *st, int c)
{
	return sqlite3_column_int64(SQ(st), c);
}

static double sq_col_double(db_stmt *st, int c)
{
	return sqlite3_column_double(SQ(st), c);
}

static const char *sq_col_text(db_stmt *st, int c)
{
	const unsigned char *t = sqlite3_column_text(SQ(st), c);
	return t ? (const char *)t : "";
}

static int sq_col_null(db_stmt *st, int c)
{
	return sqlite3_column_type(SQ(st), c) == SQLITE_NULL;
}

static int sq_exec(lv_store *s, const char *sql)
{
	int rc = sqlite3_exec(DB(s), sql, NULL, NULL, NULL);
	return rc == SQLITE_OK ? 0 : sq_fail(s, rc);
}

/* BEGIN IMMEDIATE: the write lock at once, so that two writers queue. */
static int sq_begin(lv_store *s, int write)
{
	return sq_exec(s, write ? "BEGIN IMMEDIATE" : "BEGIN DEFERRED");
}

static void sq_close(lv_store *s)
{
	sqlite3_close(DB(s));
	s->conn = NULL;
}

const struct db_backend db_sqlite = {
	"SQLite",     sq_prepare,   sq_finalize, sq_reset,     sq_bind_int64, sq_bind_double,
	sq_bind_text, sq_bind_null, sq_step,     sq_col_int64, sq_col_double, sq_col_text,
	sq_col_null,  sq_exec,      sq_begin,    sq_close,
};

/* ---- opening a file ---------------------------------------------------- */

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

/* A missing file: LV_ENOTFOUND, or with LV_STORE_CREATE an empty 0600 one. */
static int create_file(const char *path, unsigned flags)
{
	int fd, ret;
	if (access(path, F_OK) == 0)
		return LV_OK;
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

/* Up to three integers of a one-row query. */
static int query_ints(lv_store *s, const char *sql, long long *a, long long *b, long long *c)
{
	db_stmt *st = NULL;
	int rc, ret = store_prepare(s, sql, &st);
	if (ret < 0)
		return ret;
	rc = db_step(st);
	if (rc == DB_ROW) {
		*a = db_col_int64(st, 0);
		if (b)
			*b = db_col_int64(st, 1);
		if (c)
			*c = db_col_int64(st, 2);
	} else {
		ret = store_db_error(s, "opening the database");
	}
	db_finalize(st);
	return ret;
}

/* Run fn(s) inside BEGIN IMMEDIATE ... COMMIT, rolled back on failure. */
static int in_write_tx(lv_store *s, int (*fn)(lv_store *s), const char *what)
{
	int ret = db_exec(s, "BEGIN IMMEDIATE", what);
	if (ret < 0)
		return ret;
	if ((ret = fn(s)) == LV_OK)
		ret = db_exec(s, "COMMIT", what);
	if (ret < 0)
		sq_exec(s, "ROLLBACK");
	return ret;
}

/* A fresh file: create the schema unless another process just did. */
static int create_unless_done(lv_store *s)
{
	long long version = 0, tables = 0;
	int ret = query_ints(s,
			     "SELECT (SELECT user_version FROM pragma_user_version),"
			     " (SELECT count(*) FROM sqlite_master)",
			     &version, &tables, NULL);
	if (ret == LV_OK && version == 0 && tables == 0)
		ret = store_schema_create(s);
	return ret;
}

static int upgrade_unless_done(lv_store *s)
{
	long long version = 0;
	int ret = query_ints(s, "PRAGMA user_version", &version, NULL, NULL);
	if (ret == LV_OK && version < LV_STORE_SCHEMA_VERSION)
		ret = store_schema_upgrade(s, (int)version);
	return ret;
}

/* The tables each schema version must have (store_schema.c). */
static int tables_present(lv_store *s, long long version, int *ok)
{
	long long n = 0;
	int ret = query_ints(s,
			     "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name IN"
			     " ('patient', 'limb', 'session', 'measurement', 'site', 'weight',"
			     " 'revision')",
			     &n, NULL, NULL);
	*ok = n == (version >= 3 ? 7 : version == 2 ? 6 : 5);
	return ret;
}

/* PRAGMA quick_check before a file is written to: LV_EDB when it is damaged. */
static int intact(lv_store *s, const char *why)
{
	char res[64] = "";
	db_stmt *st = NULL;
	int rc, ret;

	if ((ret = store_prepare(s, "PRAGMA quick_check(1)", &st)) < 0)
		return ret;
	if ((rc = db_step(st)) == DB_ROW)
		snprintf(res, sizeof res, "%s", db_col_text(st, 0));
	db_finalize(st);
	if (rc != DB_ROW)
		return store_db_error(s, "checking the database");
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
static int sq_connect(lv_store *s, unsigned flags, int *sqlite_ro)
{
	char uri[3200], wal[1100];
	sqlite3 *db = NULL;
	int rc;

	*sqlite_ro = 0;
	if (!(flags & LV_STORE_READONLY) || can_write(s->path)) {
		rc = sqlite3_open_v2(s->path, &db, SQLITE_OPEN_READWRITE, NULL);
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
		rc = sqlite3_open_v2(uri, &db, SQLITE_OPEN_READONLY | SQLITE_OPEN_URI, NULL);
		*sqlite_ro = 1;
	}
	s->conn = db;
	if (rc != SQLITE_OK) {
		sq_fail(s, rc);
		return store_db_error(s, "opening the database");
	}
	sqlite3_extended_result_codes(db, 1);
	sqlite3_busy_timeout(db, LV_STORE_BUSY_MS);
	return LV_OK;
}

/* WAL: readers never block the writer; the mode is kept in the file. */
static int use_wal(lv_store *s)
{
	char mode[16] = "";
	const char *sql = "PRAGMA journal_mode";
	db_stmt *st = NULL;
	int ret, rc, pass;

	for (pass = 0; pass < 2; pass++) {
		if ((ret = store_prepare(s, sql, &st)) < 0)
			return ret;
		rc = db_step(st);
		if (rc == DB_ROW)
			snprintf(mode, sizeof mode, "%s", db_col_text(st, 0));
		db_finalize(st);
		if (rc != DB_ROW)
			return store_db_error(s, "opening the database");
		if (!strcmp(mode, "wal"))
			return LV_OK;
		sql = "PRAGMA journal_mode = WAL"; /* only once the file is known to be ours */
	}
	return lv_error_set(LV_EDB, "%s: cannot use write-ahead logging (journal mode %s)", s->path,
			    mode);
}

/*
 * What the file holds, in one statement (one consistent view while another
 * process creates it): refuse what is not ours; *is_new set for a file
 * without tables that is about to get ours.
 */
static int check_contents(lv_store *s, int *is_new, long long *version)
{
	long long app = 0, tables = 0;
	int ret = query_ints(s,
			     "SELECT (SELECT application_id FROM pragma_application_id),"
			     " (SELECT user_version FROM pragma_user_version),"
			     " (SELECT count(*) FROM sqlite_master)",
			     &app, version, &tables);
	if (ret < 0)
		return ret;
	if (app == LV_STORE_APPLICATION_ID)
		return check_ours(s, *version);
	if (app != 0 || *version != 0 || tables != 0)
		return lv_error_set(LV_EDB,
				    "%s is not a limbvol database (an SQLite database"
				    " of another program); it was left untouched",
				    s->path);
	if (s->readonly)
		return lv_error_set(LV_ENOTFOUND, "no measurements at %s yet", s->path);
	/* an SQLite file without tables, about to get ours: only when whole */
	if (!*is_new && (ret = intact(s, "an empty SQLite file")) < 0)
		return ret;
	*is_new = 1;
	return LV_OK;
}

/* Settings, the upgrade of an older schema, WAL, the schema of a new file. */
static int prepare_for_writing(lv_store *s, int is_new, long long version)
{
	int ret;
	if ((ret = db_exec(s,
			   "PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;"
			   " PRAGMA cache_size = -65536",
			   "opening the database")) < 0)
		return ret;
	/*
	 * Upgrade before turning WAL on, with the cache kept from spilling: an
	 * upgrade that fails (a damaged schema) is rolled back before a byte of
	 * the file was written, in either journal mode.
	 */
	if (!is_new && version < LV_STORE_SCHEMA_VERSION) {
		if ((ret = db_exec(s, "PRAGMA cache_spill = OFF", "opening the database")) < 0 ||
		    (ret = in_write_tx(s, upgrade_unless_done, "upgrading the database")) < 0 ||
		    (ret = db_exec(s, "PRAGMA cache_spill = ON", "opening the database")) < 0)
			return ret;
	}
	if ((ret = use_wal(s)) < 0)
		return ret;
	if (is_new)
		ret = in_write_tx(s, create_unless_done, "creating the database");
	return ret;
}

int store_sqlite_open(lv_store *s, const char *path, unsigned flags, int *busy)
{
	long long version = 0;
	int ret, is_new, sqlite_ro = 0;

	if (strlen(path) >= sizeof s->path)
		return lv_error_set(LV_EINVAL, "the database path is too long");
	snprintf(s->path, sizeof s->path, "%s", path);
	if ((ret = create_file(path, flags)) < 0 || (ret = check_header(path)) < 0)
		return ret;
	is_new = ret;
	if (is_new && (flags & LV_STORE_READONLY))
		return lv_error_set(LV_ENOTFOUND, "no measurements at %s yet (an empty file)",
				    path);
	if ((ret = sq_connect(s, flags, &sqlite_ro)) < 0 ||
	    (ret = check_contents(s, &is_new, &version)) < 0)
		goto done;
	if (!is_new && version < LV_STORE_SCHEMA_VERSION && sqlite_ro) {
		ret = lv_error_set(LV_EDB,
				   "%s has schema %lld and needs an upgrade, but it cannot be"
				   " written here (read-only); open it once where it can",
				   path, version);
		goto done;
	}
	if (!sqlite_ro)
		ret = prepare_for_writing(s, is_new, version);
done:
	*busy = ret < 0 &&
		((s->last_rc & 0xff) == SQLITE_BUSY || (s->last_rc & 0xff) == SQLITE_LOCKED);
	return ret;
}
