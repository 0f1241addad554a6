/*
 * The PostgreSQL backend of the store (store_db.h), through libpq: a
 * `postgresql://` or `postgres://` URI (libpq's connection URI; the
 * password comes from libpq's PGPASSWORD, PGPASSFILE or ~/.pgpass, never
 * from the URI, which is refused when it holds one).
 *
 * - Parameters are sent as text (numbers formatted by limbvol/number.h, the
 *   shortest text that reads back to the same double), results read as
 *   text; a statement's rows are fetched whole when it is run (one query at
 *   a time on a connection, while the store reads nested statements).
 * - Write transactions take one advisory lock (pg_advisory_xact_lock on
 *   'LVOL'): writers queue as they do on SQLite (BEGIN IMMEDIATE), so that
 *   two workstations recording the same patient at once lose nothing and
 *   create no second session of the day; lock_timeout is LV_STORE_BUSY_MS.
 * - The schema's mark and version are in the table limbvol_meta; a database
 *   whose schema holds other tables and no limbvol_meta is not ours and is
 *   left untouched, a newer version is refused; creating and upgrading each
 *   run in one transaction under the same lock.
 */
#include "mem.h"
#include "store_impl.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

/* The advisory lock key of writers: "LVOL". */
#define PG_LOCK_KEY "1280724812"

struct pg_conn {
	PGconn *c;
	unsigned next_name; /* of server-side prepared statements */
};

struct pg_stmt {
	db_stmt base;
	char *sql; /* with $N placeholders */
	char name[16]; /* server-side name when persistent, else "" */
	int prepared;
	int nparams;
	const char *val[DB_MAX_PARAMS];
	char num[DB_MAX_PARAMS][LV_NUMBER_SHORTEST_MAX];
	PGresult *res;
	int ran, row, nrows;
};

#define PGS(st) ((struct pg_stmt *)(st))
#define CONN(s) (((struct pg_conn *)(s)->conn)->c)

/* The first line of libpq's or the server's message into s; DB_ERROR. */
static int pg_fail(lv_store *s, const PGresult *r)
{
	const char *state = r ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r ? PQresultErrorField(r, PG_DIAG_MESSAGE_PRIMARY) : NULL;
	enum db_fail kind = DB_F_OTHER;
	char line[256];
	size_t n;

	if (!msg)
		msg = s->conn && CONN(s) ? PQerrorMessage(CONN(s)) : "out of memory";
	n = strcspn(msg, "\n");
	snprintf(line, sizeof line, "%.*s", (int)(n < sizeof line ? n : sizeof line - 1), msg);
	if (!s->conn || !CONN(s) || PQstatus(CONN(s)) == CONNECTION_BAD ||
	    (state && (!strncmp(state, "08", 2) || !strncmp(state, "57P0", 4))))
		kind = DB_F_LOST;
	else if (!r)
		kind = DB_F_NOMEM;
	else if (state &&
		 (!strcmp(state, "40001") || !strcmp(state, "40P01") || !strcmp(state, "55P03") ||
		  !strcmp(state, "57014")))
		kind = DB_F_BUSY;
	else if (state && !strcmp(state, "53100"))
		kind = DB_F_FULL;
	else if (state && (!strcmp(state, "22021") || !strcmp(state, "22P05")))
		kind = DB_F_TEXT;
	else if (state && !strcmp(state, "25006"))
		kind = DB_F_READONLY;
	else if (state && !strncmp(state, "XX", 2))
		kind = DB_F_CORRUPT;
	db_failed(s, kind, line);
	return DB_ERROR;
}

/* 0 when r is a success (freed unless keep), else the failure. */
static int pg_check(lv_store *s, PGresult *r, int keep)
{
	ExecStatusType t = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
		if (!keep)
			PQclear(r);
		return 0;
	}
	pg_fail(s, r);
	PQclear(r);
	return DB_ERROR;
}

/* sql with ?N and ? placeholders as $N (quoted text left alone). */
static char *translate(const char *sql, int *nparams)
{
	size_t n = strlen(sql);
	char *out = mem_malloc(2 * n + 1), *o = out, quote = 0;
	int next = 0, max = 0;
	if (!out)
		return NULL;
	for (const char *p = sql; *p; p++) {
		if (quote) {
			quote = *p == quote ? 0 : quote;
			*o++ = *p;
		} else if (*p == '\'' || *p == '"') {
			quote = *p;
			*o++ = *p;
		} else if (*p == '?') {
			int k = 0;
			while (p[1] >= '0' && p[1] <= '9')
				k = k * 10 + (*++p - '0');
			if (!k)
				k = ++next;
			o += sprintf(o, "$%d", k);
			max = k > max ? k : max;
		} else {
			*o++ = *p;
		}
	}
	*o = '\0';
	*nparams = max;
	return out;
}

static int pg_prepare(lv_store *s, const char *sql, int persistent, db_stmt **out)
{
	struct pg_stmt *st = mem_calloc(1, sizeof *st);
	if (!st || !(st->sql = translate(sql, &st->nparams))) {
		mem_free(st);
		db_failed(s, DB_F_NOMEM, "out of memory");
		return DB_ERROR;
	}
	if (st->nparams > DB_MAX_PARAMS) {
		mem_free(st->sql);
		mem_free(st);
		db_failed(s, DB_F_OTHER, "too many parameters in one statement");
		return DB_ERROR;
	}
	if (persistent)
		snprintf(st->name, sizeof st->name, "lv%u",
			 ++((struct pg_conn *)s->conn)->next_name);
	st->base.be = &db_pg;
	st->base.s = s;
	*out = &st->base;
	return 0;
}

static void pg_reset(db_stmt *b)
{
	struct pg_stmt *st = PGS(b);
	PQclear(st->res);
	st->res = NULL;
	st->ran = 0;
	memset(st->val, 0, sizeof st->val);
}

static void pg_finalize(db_stmt *b)
{
	struct pg_stmt *st = PGS(b);
	lv_store *s = b->s;
	pg_reset(b);
	if (st->prepared && s->conn && CONN(s) && PQstatus(CONN(s)) == CONNECTION_OK) {
		char sql[40];
		snprintf(sql, sizeof sql, "DEALLOCATE %s", st->name);
		PQclear(PQexec(CONN(s), sql));
	}
	mem_free(st->sql);
	mem_free(st);
}

static int bad_index(db_stmt *b, int i)
{
	if (i >= 1 && i <= PGS(b)->nparams)
		return 0;
	db_failed(b->s, DB_F_OTHER, "a parameter out of range");
	return DB_ERROR;
}

static int pg_bind_int64(db_stmt *b, int i, int64_t v)
{
	if (bad_index(b, i))
		return DB_ERROR;
	snprintf(PGS(b)->num[i - 1], sizeof PGS(b)->num[0], "%lld", (long long)v);
	PGS(b)->val[i - 1] = PGS(b)->num[i - 1];
	return 0;
}

static int pg_bind_double(db_stmt *b, int i, double v)
{
	if (bad_index(b, i))
		return DB_ERROR;
	if (lv_number_format_shortest(v, PGS(b)->num[i - 1], sizeof PGS(b)->num[0]) < 0) {
		db_failed(b->s, DB_F_OTHER, "a number that is not finite");
		return DB_ERROR;
	}
	PGS(b)->val[i - 1] = PGS(b)->num[i - 1];
	return 0;
}

static int pg_bind_text(db_stmt *b, int i, const char *v)
{
	if (bad_index(b, i))
		return DB_ERROR;
	PGS(b)->val[i - 1] = v;
	return 0;
}

static int pg_bind_null(db_stmt *b, int i)
{
	if (bad_index(b, i))
		return DB_ERROR;
	PGS(b)->val[i - 1] = NULL;
	return 0;
}

/* Run the statement on the server: its rows into st->res. */
static int run(struct pg_stmt *st)
{
	lv_store *s = st->base.s;
	PGconn *c = CONN(s);
	PGresult *r;
	if (st->name[0] && !st->prepared) {
		if (pg_check(s, PQprepare(c, st->name, st->sql, st->nparams, NULL), 0) < 0)
			return DB_ERROR;
		st->prepared = 1;
	}
	r = st->name[0] ? PQexecPrepared(c, st->name, st->nparams, st->val, NULL, NULL, 0)
			: PQexecParams(c, st->sql, st->nparams, NULL, st->val, NULL, NULL, 0);
	if (pg_check(s, r, 1) < 0)
		return DB_ERROR;
	st->res = r;
	st->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	st->row = -1;
	st->ran = 1;
	return 0;
}

static int pg_step(db_stmt *b)
{
	struct pg_stmt *st = PGS(b);
	if (!st->ran && run(st) < 0)
		return DB_ERROR;
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

static const char *value(db_stmt *b, int c)
{
	struct pg_stmt *st = PGS(b);
	if (!st->res || st->row < 0 || st->row >= st->nrows || c >= PQnfields(st->res))
		return "";
	return PQgetvalue(st->res, st->row, c);
}

static int64_t pg_col_int64(db_stmt *b, int c)
{
	return strtoll(value(b, c), NULL, 10);
}

static double pg_col_double(db_stmt *b, int c)
{
	const char *v = value(b, c);
	double d = 0;
	if (v[0] && lv_number_parse(v, strlen(v), 0, &d) < 0) {
		lv_error_clear();
		d = 0;
	}
	return d;
}

static const char *pg_col_text(db_stmt *b, int c)
{
	return value(b, c);
}

static int pg_col_null(db_stmt *b, int c)
{
	struct pg_stmt *st = PGS(b);
	if (!st->res || st->row < 0 || st->row >= st->nrows || c >= PQnfields(st->res))
		return 1;
	return PQgetisnull(st->res, st->row, c);
}

static int pg_exec(lv_store *s, const char *sql)
{
	return pg_check(s, PQexec(CONN(s), sql), 0);
}

static int pg_begin(lv_store *s, int write)
{
	return pg_exec(s,
		       write ? "BEGIN ISOLATION LEVEL READ COMMITTED;"
			       " SELECT pg_advisory_xact_lock(" PG_LOCK_KEY ")"
			     : "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
}

static void pg_close(lv_store *s)
{
	struct pg_conn *pc = s->conn;
	if (!pc)
		return;
	PQfinish(pc->c);
	mem_free(pc);
	s->conn = NULL;
}

const struct db_backend db_pg = {
	"PostgreSQL", pg_prepare,   pg_finalize, pg_reset,     pg_bind_int64, pg_bind_double,
	pg_bind_text, pg_bind_null, pg_step,     pg_col_int64, pg_col_double, pg_col_text,
	pg_col_null,  pg_exec,      pg_begin,    pg_close,
};

/* ---- opening ------------------------------------------------------------- */

/*
 * The URI as messages show it, into out: scheme, user, host, port and
 * database, never a password nor the query (?...) that might hold one.
 * 1 when the URI holds a password (user:password@, or password= in the
 * query).
 */
static int shown_uri(const char *uri, char *out, size_t size)
{
	const char *auth = strstr(uri, "://") + 3;
	size_t alen = strcspn(auth, "/?"), plen;
	const char *at = NULL, *rest = auth + alen, *q = strchr(rest, '?');
	int has_pw = 0;

	for (const char *p = auth; p < auth + alen; p++)
		if (*p == '@')
			at = p;
	if (at && memchr(auth, ':', (size_t)(at - auth)))
		has_pw = 1;
	for (const char *p = q; p && *p; p = strchr(p + 1, '&'))
		if (!strncmp(p + 1, "password=", 9))
			has_pw = 1;
	plen = q ? (size_t)(q - rest) : strlen(rest);
	if (at && has_pw) {
		size_t ulen = strcspn(auth, ":");
		snprintf(out, size, "%.*s%.*s%.*s%.*s", (int)(auth - uri), uri, (int)ulen, auth,
			 (int)(auth + alen - at), at, (int)plen, rest);
	} else {
		snprintf(out, size, "%.*s%.*s", (int)(auth - uri + alen), uri, (int)plen, rest);
	}
	return has_pw;
}

static void no_notices(void *arg, const char *message)
{
	(void)arg;
	(void)message; /* the library prints nothing */
}

static int pg_connect(lv_store *s, const char *uri)
{
	static const char *const keys[] = { "connect_timeout", "fallback_application_name",
					    "client_encoding", "dbname", NULL };
	const char *vals[] = { "10", "limbvol", "UTF8", uri, NULL };
	struct pg_conn *pc = mem_calloc(1, sizeof *pc);
	char msg[256], sql[64];
	const char *enc;
	if (!pc)
		return lv_error_set(LV_ENOMEM, "out of memory");
	s->conn = pc;
	pc->c = PQconnectdbParams(keys, vals, 1);
	if (!pc->c)
		return lv_error_set(LV_ENOMEM, "out of memory");
	if (PQstatus(pc->c) != CONNECTION_OK) {
		const char *e = PQerrorMessage(pc->c);
		snprintf(msg, sizeof msg, "%.*s", (int)strcspn(e, "\n"), e);
		return lv_error_set(LV_EDB, "cannot connect to the database %s: %s", s->path, msg);
	}
	PQsetNoticeProcessor(pc->c, no_notices, NULL);
	/* a database of SQL_ASCII keeps any bytes, as SQLite does: no check of UTF-8 */
	enc = PQparameterStatus(pc->c, "server_encoding");
	if (enc && !strcmp(enc, "SQL_ASCII") && PQsetClientEncoding(pc->c, "SQL_ASCII") != 0)
		return lv_error_set(LV_EDB, "%s: cannot set the client encoding", s->path);
	snprintf(sql, sizeof sql, "SET lock_timeout = %d", LV_STORE_BUSY_MS);
	if (pg_exec(s, sql) < 0)
		return store_db_error(s, "opening the database");
	return LV_OK;
}

/* What the database holds: its mark and version (0 when none), its tables. */
struct pg_state {
	int has_meta;
	char app[16];
	long long version, tables, ours;
};

static int read_state(lv_store *s, struct pg_state *ps)
{
	db_stmt *st = NULL;
	int rc, ret;
	memset(ps, 0, sizeof *ps);
	if ((ret = store_prepare(
		     s,
		     "SELECT CASE WHEN to_regclass('limbvol_meta') IS NULL THEN 0 ELSE 1 END,"
		     " (SELECT count(*) FROM pg_catalog.pg_tables"
		     "  WHERE schemaname = current_schema()),"
		     " (SELECT count(*) FROM pg_catalog.pg_tables"
		     "  WHERE schemaname = current_schema() AND tablename IN ('patient',"
		     "  'limb', 'session', 'measurement', 'site', 'weight', 'revision'))",
		     &st)) < 0)
		return ret;
	if ((rc = db_step(st)) == DB_ROW) {
		ps->has_meta = (int)db_col_int64(st, 0);
		ps->tables = db_col_int64(st, 1);
		ps->ours = db_col_int64(st, 2);
	}
	db_finalize(st);
	if (rc != DB_ROW)
		return store_db_error(s, "opening the database");
	if (!ps->has_meta)
		return LV_OK;
	if ((ret = store_prepare(s, "SELECT key, value FROM limbvol_meta", &st)) < 0)
		return ret;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *k = db_col_text(st, 0), *v = db_col_text(st, 1);
		if (!strcmp(k, "application"))
			snprintf(ps->app, sizeof ps->app, "%s", v);
		else if (!strcmp(k, "schema_version"))
			ps->version = strtoll(v, NULL, 10);
	}
	db_finalize(st);
	return rc == DB_DONE ? LV_OK : store_db_error(s, "opening the database");
}

/* Refuse, before anything is written, what is not ours or is newer. */
static int check_state(lv_store *s, const struct pg_state *ps, unsigned flags)
{
	if (!ps->has_meta && ps->tables > 0)
		return lv_error_set(LV_EDB,
				    "the database %s is not a limbvol database (it holds %lld"
				    " tables of another program); it was left untouched",
				    s->path, ps->tables);
	if (!ps->has_meta)
		return flags & LV_STORE_CREATE
			? LV_OK
			: lv_error_set(LV_ENOTFOUND,
				       "no measurement store in the database %s yet (record a"
				       " measurement first)",
				       s->path);
	if (strcmp(ps->app, "LVOL"))
		return lv_error_set(LV_EDB,
				    "the database %s is not a limbvol database (its limbvol_meta"
				    " table is not limbvol's); it was left untouched",
				    s->path);
	if (ps->version > LV_STORE_SCHEMA_VERSION)
		return lv_error_set(LV_EDB,
				    "the database %s was written by a newer limbvol (schema %lld;"
				    " this one knows up to %d): upgrade limbvol; it was left"
				    " untouched",
				    s->path, ps->version, LV_STORE_SCHEMA_VERSION);
	if (ps->version < 1 || ps->ours != (ps->version >= 3 ? 7 : 6))
		return lv_error_set(LV_EDB,
				    "the database %s is damaged: limbvol's mark but not its tables"
				    " (schema %lld); it was left untouched",
				    s->path, ps->version);
	return LV_OK;
}

/* Create or upgrade the schema in one transaction, under the writers' lock,
 * unless another program did it first. */
static int settle_schema(lv_store *s, unsigned flags)
{
	struct pg_state ps;
	int ret;
	if (pg_begin(s, 1) < 0)
		return store_db_error(s, "creating the database");
	if ((ret = read_state(s, &ps)) == LV_OK && (ret = check_state(s, &ps, flags)) == LV_OK) {
		if (!ps.has_meta)
			ret = store_schema_create(s);
		else if (ps.version < LV_STORE_SCHEMA_VERSION)
			ret = store_schema_upgrade(s, (int)ps.version);
	}
	if (ret == LV_OK)
		ret = db_exec(s, "COMMIT", "creating the database");
	if (ret < 0)
		pg_exec(s, "ROLLBACK");
	return ret;
}

int store_pg_open(lv_store *s, const char *uri, unsigned flags)
{
	struct pg_state ps;
	int ret;

	if (shown_uri(uri, s->path, sizeof s->path))
		return lv_error_set(LV_EINVAL,
				    "the database URI %s holds a password: limbvol takes none in"
				    " a URI (other users can see a command line); put it in"
				    " ~/.pgpass (or PGPASSFILE) or PGPASSWORD",
				    s->path);
	if ((ret = pg_connect(s, uri)) < 0 || (ret = read_state(s, &ps)) < 0 ||
	    (ret = check_state(s, &ps, flags)) < 0)
		return ret;
	if (ps.has_meta && ps.version == LV_STORE_SCHEMA_VERSION)
		return LV_OK;
	if (s->readonly)
		return lv_error_set(LV_EDB,
				    "the database %s has schema %lld and needs an upgrade; open"
				    " it once to write",
				    s->path, ps.version);
	return settle_schema(s, flags);
}
