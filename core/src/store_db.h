/*
 * store_db.h - the store's database layer (not installed): one small
 * interface that store_*.c write their SQL against, with two engines behind
 * it, SQLite (store_sqlite.c, a file) and PostgreSQL through libpq
 * (store_pg.c, a `postgresql://` URI).
 *
 *     db_stmt *st = NULL;
 *     if ((ret = db_prepare(s, "SELECT id FROM limb WHERE patient_id = ?1"
 *                              " AND name = ?2", &st)) < 0)
 *         return ret;
 *     db_bind_int64(st, 1, patient);
 *     db_bind_text(st, 2, name);           the text must outlive the step
 *     while ((rc = db_step(st)) == DB_ROW)
 *         ... db_col_int64(st, 0) ...
 *     if (rc != DB_DONE)
 *         ret = store_db_error(s, "finding the limb");
 *     db_finalize(st);
 *
 * The SQL is written once for both engines: `?N` (or `?`) placeholders
 * (turned into `$N` for libpq), `INSERT ... RETURNING id` for a new row's id,
 * `DELETE ... RETURNING id` to count what went, CASE rather than a
 * comparison used as a number, no PRAGMA and no engine function outside the
 * backends (substr, abs, coalesce, count, min, max are common to both).
 * Where the engines differ (the schema, opening, transactions), the text
 * lives in the backend.
 */
#ifndef STORE_DB_H
#define STORE_DB_H

#include <stdarg.h>
#include <stdint.h>

typedef struct lv_store lv_store;
typedef struct db_stmt db_stmt;

/* db_step's results; DB_ERROR's reason is in the store (store_db_error). */
#define DB_ROW 1
#define DB_DONE 0
#define DB_ERROR (-1)

/* At most this many parameters in one statement. */
#define DB_MAX_PARAMS 40

/* What a failure was, for the message and the status (store_db_error). */
enum db_fail {
	DB_F_NONE = 0,
	DB_F_OTHER, /* the engine's message says it */
	DB_F_NOMEM,
	DB_F_CORRUPT, /* damaged, or not a database */
	DB_F_BUSY, /* another program held a lock for too long */
	DB_F_FULL,
	DB_F_READONLY,
	DB_F_CANTOPEN,
	DB_F_LOST, /* the connection to the server went away */
	DB_F_TEXT /* text the database cannot hold (not UTF-8) */
};

struct db_backend {
	const char *name; /* "SQLite", "PostgreSQL" */
	/* persistent: kept for the life of the connection (store_stmt) */
	int (*prepare)(lv_store *s, const char *sql, int persistent, db_stmt **out);
	void (*finalize)(db_stmt *st);
	void (*reset)(db_stmt *st); /* and the bindings cleared */
	int (*bind_int64)(db_stmt *st, int i, int64_t v);
	int (*bind_double)(db_stmt *st, int i, double v);
	int (*bind_text)(db_stmt *st, int i, const char *v);
	int (*bind_null)(db_stmt *st, int i);
	int (*step)(db_stmt *st);
	int64_t (*col_int64)(db_stmt *st, int c);
	double (*col_double)(db_stmt *st, int c);
	const char *(*col_text)(db_stmt *st, int c); /* "" for NULL */
	int (*col_null)(db_stmt *st, int c);
	/* SQL without parameters, several statements allowed: 0 or DB_ERROR */
	int (*exec)(lv_store *s, const char *sql);
	/* open a write (write 1) or read transaction: 0 or DB_ERROR */
	int (*begin)(lv_store *s, int write);
	void (*close)(lv_store *s);
};

/* Every statement starts with these (the backends' structs extend it). */
struct db_stmt {
	const struct db_backend *be;
	lv_store *s;
};

int db_prepare(lv_store *s, const char *sql, db_stmt **out);
void db_finalize(db_stmt *st); /* NULL is a no-op */
int db_exec(lv_store *s, const char *sql, const char *what);

/* Binding and reading: indexes of parameters from 1, of columns from 0.
 * A binding fails only without memory (0 or DB_ERROR). */
static inline int db_bind_int64(db_stmt *st, int i, int64_t v)
{
	return st->be->bind_int64(st, i, v);
}
static inline int db_bind_double(db_stmt *st, int i, double v)
{
	return st->be->bind_double(st, i, v);
}
static inline int db_bind_text(db_stmt *st, int i, const char *v)
{
	return st->be->bind_text(st, i, v);
}
static inline int db_bind_null(db_stmt *st, int i)
{
	return st->be->bind_null(st, i);
}
static inline int db_step(db_stmt *st)
{
	return st->be->step(st);
}
static inline void db_reset(db_stmt *st)
{
	st->be->reset(st);
}
static inline int64_t db_col_int64(db_stmt *st, int c)
{
	return st->be->col_int64(st, c);
}
static inline double db_col_double(db_stmt *st, int c)
{
	return st->be->col_double(st, c);
}
static inline const char *db_col_text(db_stmt *st, int c)
{
	return st->be->col_text(st, c);
}
static inline int db_col_null(db_stmt *st, int c)
{
	return st->be->col_null(st, c);
}

/*
 * Bind int64 ('i'), double ('d'), text ('t') and NULL ('n', no argument)
 * values in order from parameter 1 ('-' skips one, bound already); 0 or
 * DB_ERROR.
 */
int db_bind_fmt(db_stmt *st, const char *fmt, ...);
int db_bind_va(db_stmt *st, const char *fmt, va_list ap);

/* Record a failure in s (the backends call it). */
void db_failed(lv_store *s, enum db_fail kind, const char *message);

/* The backends and how they open (store_sqlite.c, store_pg.c). */
extern const struct db_backend db_sqlite;
extern const struct db_backend db_pg;
int store_sqlite_open(lv_store *s, const char *path, unsigned flags, int *busy);
int store_pg_open(lv_store *s, const char *uri, unsigned flags);

/*
 * 1 when name is a database URI (scheme://...) rather than a file path;
 * what follows is for postgresql:// and postgres:// only.
 */
int store_is_uri(const char *name);
int store_is_pg_uri(const char *name);

#endif
