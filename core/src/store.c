/*
 * The store's connection, whatever the engine: where the database lives
 * (a file, or a postgresql:// URI), opening it through its backend,
 * transactions, the statements kept for the life of the connection and the
 * messages of database failures.  Opening a file: store_sqlite.c; a
 * PostgreSQL server: store_pg.c.
 */
#include "mem.h"
#include "store_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "limbvol/error.h"

static const char *const stmt_sql[ST_COUNT] = {
	[ST_PATIENT_FIND] = "SELECT id FROM patient WHERE code = ?1",
	[ST_PATIENT_ADD] = "INSERT INTO patient(code) VALUES (?1) RETURNING id",
	[ST_LIMB_FIND] = "SELECT id FROM limb WHERE patient_id = ?1 AND name = ?2",
	[ST_LIMB_ADD] = "INSERT INTO limb(patient_id, name) VALUES (?1, ?2) RETURNING id",
	[ST_MEAS_ADD] = "INSERT INTO measurement(limb_id, session_id, date, phase, method,"
			" model, reading_sd_cm, volume_ml, sd_ml, source, deleted, repeat_sd_ml,"
			" camera_distance_cm, views) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9,"
			" ?10, ?11, ?12, ?13, ?14) RETURNING id",
	[ST_SITE_ADD] = "INSERT INTO site(measurement_id, idx, site_cm, circumference_cm,"
			" width_side_cm) VALUES (?1, ?2, ?3, ?4, ?5)",
	[ST_SITE_ADD8] = "INSERT INTO site(measurement_id, idx, site_cm, circumference_cm,"
			 " width_side_cm) VALUES (?, ?, ?, ?, ?), (?, ?, ?, ?, ?), (?, ?, ?, ?, ?),"
			 " (?, ?, ?, ?, ?), (?, ?, ?, ?, ?), (?, ?, ?, ?, ?), (?, ?, ?, ?, ?),"
			 " (?, ?, ?, ?, ?)",
	[ST_SESSION_DAY] = "SELECT id FROM session WHERE patient_id = ?1"
			   " AND substr(date, 1, 10) = substr(?2, 1, 10)"
			   " ORDER BY date DESC, id DESC LIMIT 1",
	[ST_SESSION_ADD] = "INSERT INTO session(patient_id, date, kind, notes)"
			   " VALUES (?1, ?2, ?3, ?4) RETURNING id",
};

void db_failed(lv_store *s, enum db_fail kind, const char *message)
{
	s->fail = kind;
	snprintf(s->fail_msg, sizeof s->fail_msg, "%s", message ? message : "");
}

int store_db_error(lv_store *s, const char *what)
{
	const char *path = s->path;
	switch (s->fail) {
	case DB_F_NOMEM:
		return lv_error_set(LV_ENOMEM, "%s: out of memory", what);
	case DB_F_CORRUPT:
		return lv_error_set(LV_EDB,
				    "%s: the database %s is corrupted or not a limbvol"
				    " database; it was left as it is (restore it from a backup)",
				    what, path);
	case DB_F_BUSY:
		return lv_error_set(LV_EDB,
				    "%s: the database %s is busy: another program has"
				    " held it for more than %d s",
				    what, path, LV_STORE_BUSY_MS / 1000);
	case DB_F_FULL:
		return lv_error_set(LV_EDB, "%s: the disk holding %s is full", what, path);
	case DB_F_READONLY:
		return lv_error_set(LV_EDB, "%s: the database %s is read-only", what, path);
	case DB_F_CANTOPEN:
		return lv_error_set(LV_EDB, "%s: cannot open the database %s", what, path);
	case DB_F_LOST:
		return lv_error_set(LV_EDB,
				    "%s: the connection to the database %s was lost (%s);"
				    " nothing of the unfinished transaction was saved",
				    what, path, s->fail_msg);
	case DB_F_TEXT:
		return lv_error_set(LV_EDATA,
				    "%s: the database %s holds UTF-8 text only, and this"
				    " text is not UTF-8",
				    what, path);
	default:
		return lv_error_set(LV_EDB, "%s: %s", what, s->fail_msg);
	}
}

int db_prepare(lv_store *s, const char *sql, db_stmt **out)
{
	return store_prepare(s, sql, out);
}

int store_prepare(lv_store *s, const char *sql, db_stmt **out)
{
	*out = NULL;
	if (s->be->prepare(s, sql, 0, out) < 0) {
		*out = NULL;
		return store_db_error(s, "reading the database");
	}
	return LV_OK;
}

void db_finalize(db_stmt *st)
{
	if (st)
		st->be->finalize(st);
}

int db_exec(lv_store *s, const char *sql, const char *what)
{
	return s->be->exec(s, sql) < 0 ? store_db_error(s, what) : LV_OK;
}

int db_bind_va(db_stmt *st, const char *fmt, va_list ap)
{
	int rc = 0;
	for (int i = 0; fmt[i] && rc == 0; i++) {
		if (fmt[i] == 'i')
			rc = db_bind_int64(st, i + 1, va_arg(ap, int64_t));
		else if (fmt[i] == 'd')
			rc = db_bind_double(st, i + 1, va_arg(ap, double));
		else if (fmt[i] == 'n')
			rc = db_bind_null(st, i + 1);
		else if (fmt[i] == '-')
			continue; /* bound already */
		else
			rc = db_bind_text(st, i + 1, va_arg(ap, const char *));
	}
	return rc;
}

int db_bind_fmt(db_stmt *st, const char *fmt, ...)
{
	va_list ap;
	int rc;
	va_start(ap, fmt);
	rc = db_bind_va(st, fmt, ap);
	va_end(ap);
	return rc;
}

int store_stmt(lv_store *s, enum stmt_id id, db_stmt **out)
{
	if (!s->st[id]) {
		if (s->be->prepare(s, stmt_sql[id], 1, &s->st[id]) < 0) {
			s->st[id] = NULL;
			return store_db_error(s, "reading the database");
		}
	} else {
		db_reset(s->st[id]);
	}
	*out = s->st[id];
	return LV_OK;
}

/* The first row's first column of st after binding: *found 0 when none. */
static int first_id(lv_store *s, db_stmt *st, const char *what, int64_t *out, int *found,
		    const char *fmt, va_list ap)
{
	int rc = db_bind_va(st, fmt, ap);
	if (rc == 0)
		rc = db_step(st);
	*found = rc == DB_ROW;
	if (rc == DB_ROW)
		*out = db_col_int64(st, 0);
	db_reset(st);
	return rc == DB_ROW || rc == DB_DONE ? LV_OK : store_db_error(s, what);
}

int store_lookup_id(lv_store *s, enum stmt_id id, const char *what, int64_t *out, int *found,
		    const char *fmt, ...)
{
	db_stmt *st = NULL;
	va_list ap;
	int ret = store_stmt(s, id, &st);
	if (ret < 0)
		return ret;
	va_start(ap, fmt);
	ret = first_id(s, st, what, out, found, fmt, ap);
	va_end(ap);
	return ret;
}

int store_query_id(lv_store *s, const char *sql, int64_t *out, const char *fmt, ...)
{
	db_stmt *st = NULL;
	va_list ap;
	int found = 0, ret = store_prepare(s, sql, &st);
	*out = 0;
	if (ret < 0)
		return ret;
	va_start(ap, fmt);
	ret = first_id(s, st, "reading", out, &found, fmt, ap);
	va_end(ap);
	db_finalize(st);
	return ret;
}

int store_exists1(lv_store *s, const char *sql, int *exists, const char *fmt, ...)
{
	db_stmt *st = NULL;
	int64_t v = 0;
	va_list ap;
	int ret = store_prepare(s, sql, &st);
	if (ret < 0)
		return ret;
	va_start(ap, fmt);
	ret = first_id(s, st, "reading", &v, exists, fmt, ap);
	va_end(ap);
	if (*exists)
		*exists = (int)v;
	db_finalize(st);
	return ret;
}

/* store_each_row's walk on a va_list: the store's one loop over rows. */
static int each_row_va(lv_store *s, const char *sql, const char *what,
		       int (*row)(db_stmt *st, void *ctx), void *ctx, const char *fmt, va_list ap)
{
	db_stmt *st = NULL;
	int rc, ret = store_prepare(s, sql, &st);
	if (ret < 0)
		return ret;
	rc = db_bind_va(st, fmt, ap);
	if (rc == 0)
		while ((rc = db_step(st)) == DB_ROW)
			if ((ret = row(st, ctx)) != 0)
				break;
	if (ret == 0 && rc != DB_DONE)
		ret = store_db_error(s, what);
	db_finalize(st);
	return ret;
}

int store_each_row(lv_store *s, const char *sql, const char *what,
		   int (*row)(db_stmt *st, void *ctx), void *ctx, const char *fmt, ...)
{
	va_list ap;
	int ret;
	va_start(ap, fmt);
	ret = each_row_va(s, sql, what, row, ctx, fmt, ap);
	va_end(ap);
	return ret;
}

/* A write's first row ends it (the statement has run). */
static int first_row(db_stmt *st, void *ctx)
{
	(void)st;
	(void)ctx;
	return 1;
}

int store_write1(lv_store *s, const char *sql, const char *what, const char *fmt, ...)
{
	va_list ap;
	int ret;
	va_start(ap, fmt);
	ret = each_row_va(s, sql, what, first_row, NULL, fmt, ap);
	va_end(ap);
	return ret > 0 ? LV_OK : ret;
}

static int count_row(db_stmt *st, void *ctx)
{
	(void)st;
	++*(int *)ctx;
	return 0;
}

int store_write_count(lv_store *s, const char *sql, const char *what, int *rows, const char *fmt,
		      ...)
{
	va_list ap;
	int ret;
	*rows = 0;
	va_start(ap, fmt);
	ret = each_row_va(s, sql, what, count_row, rows, fmt, ap);
	va_end(ap);
	return ret;
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

int store_is_uri(const char *name)
{
	size_t i = 0;
	while ((name[i] >= 'a' && name[i] <= 'z') || (name[i] >= 'A' && name[i] <= 'Z') ||
	       (i > 0 &&
		((name[i] >= '0' && name[i] <= '9') || name[i] == '+' || name[i] == '-' ||
		 name[i] == '.')))
		i++;
	return i > 0 && !strncmp(name + i, "://", 3);
}

int store_is_pg_uri(const char *name)
{
	return !strncmp(name, "postgresql://", 13) || !strncmp(name, "postgres://", 11);
}

/* One attempt at opening; *busy set when it failed on a lock. */
static int open_once(lv_store **out, const char *name, unsigned flags, int *busy)
{
	lv_store *s = mem_calloc(1, sizeof *s);
	int ret;

	if (!s)
		return lv_error_set(LV_ENOMEM, "out of memory");
	if (flags & LV_STORE_READONLY)
		flags &= ~LV_STORE_CREATE;
	s->readonly = (flags & LV_STORE_READONLY) != 0;
	s->be = store_is_pg_uri(name) ? &db_pg : &db_sqlite;
	ret = s->be == &db_pg ? store_pg_open(s, name, flags)
			      : store_sqlite_open(s, name, flags, busy);
	if (ret < 0) {
		lv_store_close(s);
		return ret;
	}
	s->version = LV_STORE_SCHEMA_VERSION;
	*out = s;
	return LV_OK;
}

/*
 * While another process creates an SQLite file or turns on WAL, some steps
 * of opening report SQLITE_BUSY at once, without the busy handler: retry the
 * whole opening for up to LV_STORE_BUSY_MS.
 */
int lv_store_open(lv_store **out, const char *name, unsigned flags)
{
	struct timespec pause = { 0, 20 * 1000 * 1000 };
	int waited_ms = 0, busy = 0, ret;

	*out = NULL;
	if (!name || !name[0])
		return lv_error_set(LV_EINVAL, "no database path");
	if (store_is_uri(name) && !store_is_pg_uri(name))
		return lv_error_set(LV_EINVAL,
				    "'%.*s' is not a kind of database limbvol knows: give a"
				    " file path or a postgresql:// URI",
				    (int)(strstr(name, "://") - name + 3), name);
	for (;;) {
		busy = 0;
		ret = open_once(out, name, flags, &busy);
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
		db_finalize(s->st[i]);
	if (s->be)
		s->be->close(s);
	mem_free(s);
}

int lv_store_schema_version(lv_store *s)
{
	return s->version;
}

int lv_store_begin(lv_store *s)
{
	if (s->in_tx)
		return lv_error_set(LV_EINTERNAL, "a transaction is already open");
	if (s->readonly)
		return lv_error_set(LV_EINVAL, "the store %s was opened only to read", s->path);
	if (s->be->begin(s, 1) < 0)
		return store_db_error(s, "starting to write");
	s->in_tx = 1;
	return LV_OK;
}

int lv_store_begin_read(lv_store *s)
{
	if (s->in_tx)
		return lv_error_set(LV_EINTERNAL, "a transaction is already open");
	if (s->be->begin(s, 0) < 0)
		return store_db_error(s, "starting to read");
	s->in_tx = 1;
	return LV_OK;
}

int lv_store_commit(lv_store *s)
{
	int ret = LV_OK;
	if (!s->in_tx)
		return lv_error_set(LV_EINTERNAL, "no transaction to commit");
	s->outcome_unknown = 0;
	if (s->be->exec(s, "COMMIT") < 0) {
		s->outcome_unknown = s->fail == DB_F_LOST;
		if (s->fail == DB_F_LOST)
			ret = lv_error_set(LV_EDB,
					   "saving: the connection to the database %s was lost"
					   " while committing (%s): the changes may or may not"
					   " have been saved; look before running it again",
					   s->path, s->fail_msg);
		else
			ret = store_db_error(s, "saving");
		lv_store_rollback(s);
	}
	s->in_tx = 0;
	return ret;
}

int lv_store_outcome_unknown(const lv_store *s)
{
	return s && s->outcome_unknown;
}

void lv_store_rollback(lv_store *s)
{
	if (!s || !s->in_tx)
		return;
	for (int i = 0; i < ST_COUNT; i++)
		if (s->st[i])
			db_reset(s->st[i]);
	s->be->exec(s, "ROLLBACK");
	s->in_tx = 0;
}
