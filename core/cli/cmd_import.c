/*
 * limbvol import: read a file written by `limbvol export` (or a tape CSV
 * file) into the store, in one transaction: everything or nothing.  Data
 * already in the store (same measurement, session or weight) is not stored
 * twice.
 */
#include <errno.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "import_json.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char usage[] = "usage: limbvol import [options] FILE.csv | -\n";

static const char about[] =
	"Read a file written by 'limbvol export' (CSV or JSON), or a tape CSV file\n"
	"(patient,limb,date,phase,site_cm,circumference_cm), into the store.  The\n"
	"import is one transaction: when any row is wrong nothing is stored and the\n"
	"error names its line and column.  A measurement, session or weight that\n"
	"the store already holds is skipped, so importing a file twice stores it\n"
	"once.  Standard input (-) takes the CSV export format only.\n";

static const char more[] =
	"examples:\n"
	"  limbvol export --all --out backup.csv && limbvol import --db new.db backup.csv\n"
	"  limbvol import samples/patient-followup.csv\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad data (file:line:column), 66 no such file,\n"
	"74 store error.\n";

struct import_opts {
	const char *db, *patient, *date;
	double sd_cm;
	struct cli_operands files;
};

#define OFF(field) offsetof(struct import_opts, field)

static const struct cli_opt options[] = {
	{ CLI_TITLE, .help = "options (tape CSV files)" },
	{ CLI_CALL, "patient", 0, OFF(patient), .arg = "P", .set = sc_set_code,
	  .help = "the patient when the file has no patient column" },
	{ CLI_CALL, "date", 0, OFF(date), .arg = "DATE", .set = sc_set_date,
	  .help = "the date when the file has no date column" },
	{ CLI_NUMBER, "tape-sd", 0, OFF(sd_cm), .arg = "CM", .min = 0, .max = 5,
	  .help = "tape reading uncertainty for the volumes (default 0.1)" },
	{ CLI_TITLE, .help = "options" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "FILE", .offset = OFF(files) },
	{ CLI_END }
};

static const struct cli_cmd import_cmd = { "import", usage, about, options, more, NULL, NULL, 0 };

#define MAX_FIELD (LV_STORE_MAX_TEXT + 64)

/* ---- a streaming RFC 4180 reader: quoted fields may hold newlines ---- */
struct csv {
	FILE *f;
	const char *name;
	long line, row_line;
	char *field[XCOL_COUNT + 1];
	long fcol[XCOL_COUNT + 1]; /* the column (byte) where each field starts */
	size_t nfield;
	char *buf; /* all fields of a row, NUL-separated */
	size_t cap;
	int bom_done;
};

static int grow(struct csv *c, long col)
{
	size_t cap = c->cap ? 2 * c->cap : 1024;
	char *b;
	if (cap > (size_t)XCOL_COUNT * MAX_FIELD) {
		lv_error_set(LV_EDATA, "the row is too long");
		return lv_error_locate(c->name, c->row_line, col);
	}
	b = realloc(c->buf, cap);
	if (!b)
		return lv_error_set(LV_ENOMEM, "out of memory");
	c->buf = b;
	c->cap = cap;
	return 0;
}

static int csv_fail(struct csv *c, long line, long col, int code, const char *msg)
{
	lv_error_set(code, "%s", msg);
	return lv_error_locate(c->name, line, col);
}

/* Read one row: 1, 0 at the end, or a negative status (located). */
static int csv_row(struct csv *c)
{
	size_t used = 0, start = 0, offs[XCOL_COUNT];
	int ch, quoted = 0, at_start = 1, any = 0, ret;
	long col = 0, fstart = 1;

	c->nfield = 0;
	c->row_line = c->line + 1;
	for (;;) {
		ch = getc(c->f);
		if (!c->bom_done) {
			c->bom_done = 1;
			if (ch == 0xef) {
				if (getc(c->f) != 0xbb || getc(c->f) != 0xbf)
					return csv_fail(c, 1, 1, LV_EDATA, "not a CSV file");
				ch = getc(c->f);
			}
		}
		if (ch == EOF) {
			if (ferror(c->f))
				return csv_fail(c, c->line + 1, 0, LV_EIO, "cannot read the file");
			if (quoted)
				return csv_fail(c, c->row_line, col, LV_EDATA,
						"a quoted field is not closed");
			if (!any)
				return 0;
			ch = '\n';
		}
		any = 1;
		col++;
		if (used + 1 >= c->cap && (ret = grow(c, col)) < 0)
			return ret;
		if (quoted) {
			if (ch == '"') {
				int next = getc(c->f);
				if (next != '"') {
					quoted = 0;
					if (next != EOF)
						ungetc(next, c->f);
					continue;
				}
			} else if (ch == '\n') {
				c->line++;
			}
		} else if (ch == '"' && at_start) {
			quoted = 1;
			at_start = 0;
			continue;
		} else if (ch == ',' || ch == '\n') {
			if (c->nfield == XCOL_COUNT)
				return csv_fail(c, c->row_line, col, LV_EDATA, "too many fields");
			c->buf[used++] = '\0';
			c->fcol[c->nfield] = fstart;
			offs[c->nfield++] = start;
			fstart = col + 1;
			start = used;
			at_start = 1;
			if (ch == '\n') {
				char *last;
				size_t l;
				c->line++;
				for (size_t k = 0; k < c->nfield; k++)
					c->field[k] = c->buf + offs[k];
				last = c->field[c->nfield - 1];
				l = strlen(last);
				if (l && last[l - 1] == '\r') /* CRLF line ends */
					last[l - 1] = '\0';
				return 1;
			}
			continue;
		} else if (ch == '"') {
			return csv_fail(c, c->row_line, col, LV_EDATA,
					"a quote inside an unquoted field");
		}
		if (ch == 0)
			return csv_fail(c, c->row_line, col, LV_EDATA,
					"a NUL byte (not a text file)");
		at_start = 0;
		if (used - start >= MAX_FIELD)
			return csv_fail(c, c->row_line, col, LV_EDATA, "a field is too long");
		c->buf[used++] = (char)ch;
	}
}

/* ---- the export format ---- */

struct imp {
	lv_store *s;
	struct csv c;
	int col[XCOL_COUNT]; /* column index of each known name, -1 absent */
	/* the current patient */
	char code[LV_STORE_MAX_CODE + 1];
	int64_t patient;
	int patient_is_new;
	int64_t *sess; /* session number -> id */
	size_t n_sess;
	/* the measurement being read */
	char mkey[32];
	lv_measurement m;
	char date[LV_STORE_DATE_MAX], source[LV_STORE_MAX_TEXT + 1];
	long sess_number;
	double *site, *circ, *side;
	size_t n, cap;
	int has_side;
	long first_line;
	/* counts */
	long stored, skipped, patients;
	int progress;
};

static const char *fld(struct imp *x, enum xcol k)
{
	int i = x->col[k];
	return i >= 0 && (size_t)i < x->c.nfield ? x->c.field[i] : "";
}

/* The column (byte) where field k of the current row starts, 0 if none. */
static long colof(const struct imp *x, enum xcol k)
{
	int i = x->col[k];
	return i >= 0 && (size_t)i < x->c.nfield ? x->c.fcol[i] : 0;
}

static int bad(struct imp *x, enum xcol k, const char *fmt, ...)
#if defined(__GNUC__)
	__attribute__((format(printf, 3, 4)))
#endif
	;

/* A data error located at the row and the column of k. */
static int bad(struct imp *x, enum xcol k, const char *fmt, ...)
{
	char msg[512];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	lv_error_set(LV_EDATA, "%s", msg);
	return lv_error_locate(x->c.name, x->c.row_line, colof(x, k));
}

static int num(struct imp *x, enum xcol k, double *out)
{
	const char *t = fld(x, k);
	if (lv_number_parse(t, strlen(t), 0, out) < 0) {
		char msg[400];
		snprintf(msg, sizeof msg, "%.380s", lv_error_last()->message);
		return bad(x, k, "%s: %.380s", xcol_names[k], msg);
	}
	return 0;
}

static int set_patient(struct imp *x)
{
	const char *code = fld(x, XCOL_PATIENT);
	int ret;
	if (x->patient && !strcmp(code, x->code))
		return 0;
	if (lv_store_check_code(code) < 0)
		return lv_error_locate(x->c.name, x->c.row_line, colof(x, XCOL_PATIENT));
	if (lv_store_patient_find(x->s, code, &x->patient) == 0) {
		x->patient_is_new = 0;
	} else {
		if (lv_error_last()->code != LV_ENOTFOUND)
			return lv_error_last()->code;
		if ((ret = lv_store_patient_ensure(x->s, code, &x->patient)) < 0)
			return ret;
		x->patient_is_new = 1;
	}
	snprintf(x->code, sizeof x->code, "%s", code);
	x->n_sess = 0;
	x->patients++;
	return 0;
}

static int flush_measurement(struct imp *x)
{
	int exists = 0, ret;
	if (!x->n)
		return 0;
	x->m.n = x->n;
	x->m.site_cm = x->site;
	x->m.circumference_cm = x->circ;
	x->m.width_side_cm = x->has_side ? x->side : NULL;
	if (!x->patient_is_new && (ret = lv_store_measurement_exists(x->s, &x->m, &exists)) < 0)
		return ret;
	if (exists) {
		x->skipped++;
	} else {
		if ((ret = lv_store_add_measurement(x->s, &x->m, NULL)) < 0)
			return lv_error_locate(x->c.name, x->first_line, 0);
		x->stored++;
	}
	x->n = 0;
	x->mkey[0] = '\0';
	if (x->progress && (x->stored + x->skipped) % 2000 == 0) {
		fprintf(stderr, "\rimporting: %ld measurements", x->stored + x->skipped);
		fflush(stderr);
	}
	return 0;
}

static int row_site(struct imp *x)
{
	const char *key = fld(x, XCOL_MEAS), *t;
	double site, circ, side = 0;
	int ret;

	if (!key[0])
		return bad(x, XCOL_MEAS, "%s", "a site row needs its measurement number");
	if (x->n && (strcmp(key, x->mkey) || strcmp(fld(x, XCOL_PATIENT), x->code))) {
		if ((ret = flush_measurement(x)) < 0)
			return ret;
	}
	if ((ret = set_patient(x)) < 0)
		return ret;
	if (!x->n) {
		lv_measurement *m = &x->m;
		double v;
		memset(m, 0, sizeof *m);
		snprintf(x->mkey, sizeof x->mkey, "%.31s", key);
		x->first_line = x->c.row_line;
		m->patient = x->patient;
		t = fld(x, XCOL_LIMB);
		if (lv_limb_parse(t, strlen(t), &m->limb) < 0)
			return bad(x, XCOL_LIMB, "unknown limb '%.40s'", t);
		t = fld(x, XCOL_DATE);
		if (lv_date_check(t, strlen(t)) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, colof(x, XCOL_DATE));
		snprintf(x->date, sizeof x->date, "%s", t);
		m->date = x->date;
		t = fld(x, XCOL_PHASE);
		if (lv_phase_parse(t, strlen(t), &m->phase) < 0)
			return bad(x, XCOL_PHASE, "unknown phase '%.40s'", t);
		t = fld(x, XCOL_METHOD);
		if (lv_method_parse(t, &m->method) < 0)
			return bad(x, XCOL_METHOD, "unknown method '%.40s'", t);
		t = fld(x, XCOL_MODEL);
		if (lv_model_parse(t, &m->model) < 0)
			return bad(x, XCOL_MODEL, "unknown model '%.40s'", t);
		if ((ret = num(x, XCOL_TAPESD, &m->reading_sd_cm)) < 0 ||
		    (ret = num(x, XCOL_VOLUME, &m->volume_ml)) < 0 ||
		    (ret = num(x, XCOL_SD, &m->sd_ml)) < 0)
			return ret;
		if (strlen(fld(x, XCOL_SOURCE)) > LV_STORE_MAX_TEXT)
			return bad(x, XCOL_SOURCE, "source: longer than %d bytes",
				   LV_STORE_MAX_TEXT);
		snprintf(x->source, sizeof x->source, "%s", fld(x, XCOL_SOURCE));
		m->source = x->source;
		t = fld(x, XCOL_SESSION);
		if (t[0]) {
			long k;
			if (lv_number_parse(t, strlen(t), 0, &v) < 0 ||
			    lv_number_int(v, 1, 1000000, &k) < 0 || (size_t)k > x->n_sess ||
			    !x->sess[(size_t)k - 1])
				return bad(x, XCOL_SESSION,
					   "session '%.20s' is not among the patient's"
					   " session rows above",
					   t);
			m->session = x->sess[(size_t)v - 1];
		}
		x->has_side = fld(x, XCOL_SIDE)[0] != '\0';
	} else if (strcmp(fld(x, XCOL_DATE), x->date) ||
		   strcmp(fld(x, XCOL_LIMB), lv_limb_name(x->m.limb))) {
		return bad(x, XCOL_MEAS, "the rows of measurement %s disagree on limb or date",
			   key);
	}
	if ((ret = num(x, XCOL_SITE, &site)) < 0 || (ret = num(x, XCOL_CIRC, &circ)) < 0 ||
	    (x->has_side && (ret = num(x, XCOL_SIDE, &side)) < 0))
		return ret;
	if (x->n == LV_MAX_SITES)
		return bad(x, XCOL_MEAS,
			   "measurement %s has more than %d sites (the limit LV_MAX_SITES)", key,
			   LV_MAX_SITES);
	if (x->n == x->cap) {
		size_t cap = x->cap ? 2 * x->cap : 32;
		double *a, *b, *c;
		if (cap > LV_MAX_SITES)
			cap = LV_MAX_SITES;
		a = realloc(x->site, cap * sizeof *a);
		if (a)
			x->site = a;
		b = realloc(x->circ, cap * sizeof *b);
		if (b)
			x->circ = b;
		c = realloc(x->side, cap * sizeof *c);
		if (c)
			x->side = c;
		if (!a || !b || !c)
			return lv_error_set(LV_ENOMEM, "out of memory");
		x->cap = cap;
	}
	x->site[x->n] = site;
	x->circ[x->n] = circ;
	x->side[x->n] = side;
	x->n++;
	return 0;
}

static int row_other(struct imp *x, const char *rec)
{
	int ret;
	if ((ret = flush_measurement(x)) < 0 || (ret = set_patient(x)) < 0)
		return ret;
	if (!strcmp(rec, "patient")) {
		const char *by = fld(x, XCOL_BIRTH), *sx = fld(x, XCOL_SEX);
		double y = 0;
		lv_sex sex;
		long yl;
		if (by[0] && ((ret = num(x, XCOL_BIRTH, &y)) < 0))
			return ret;
		if (by[0] && lv_number_int(y, 1900, 2100, &yl) < 0)
			return bad(x, XCOL_BIRTH,
				   "birth_year: expected a year 1900 to 2100, found '%.20s'", by);
		if (lv_sex_parse(sx, &sex) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, colof(x, XCOL_SEX));
		if (lv_store_patient_set(x->s, x->patient, (int)y, sex) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, 0);
	} else if (!strcmp(rec, "limb")) {
		const char *t = fld(x, XCOL_LIMB), *a = fld(x, XCOL_AFFECTED);
		lv_limb limb;
		int aff = !strcmp(a, "yes") ? 1 : !strcmp(a, "no") ? 0 : -1;
		if (lv_limb_parse(t, strlen(t), &limb) < 0)
			return bad(x, XCOL_LIMB, "unknown limb '%.40s'", t);
		if (a[0] && aff < 0)
			return bad(x, XCOL_AFFECTED,
				   "affected: expected yes, no or nothing, found '%.20s'", a);
		if (lv_store_limb_set(x->s, x->patient, limb, aff, fld(x, XCOL_LANDMARK)) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, 0);
	} else if (!strcmp(rec, "weight")) {
		double kg;
		int exists = 0;
		if ((ret = num(x, XCOL_WEIGHT, &kg)) < 0)
			return ret;
		if (lv_store_weight_exists(x->s, x->patient, fld(x, XCOL_DATE), kg, &exists) < 0 ||
		    (!exists && lv_store_weight_add(x->s, x->patient, fld(x, XCOL_DATE), kg) < 0))
			return lv_error_locate(x->c.name, x->c.row_line, 0);
	} else if (!strcmp(rec, "session")) {
		const char *t = fld(x, XCOL_SESSION);
		double v;
		lv_session_kind kind;
		int64_t id, *p;
		long k;
		if (lv_number_parse(t, strlen(t), 0, &v) < 0 ||
		    lv_number_int(v, 1, 1000000, &k) < 0)
			return bad(x, XCOL_SESSION,
				   "session: expected a number from 1 to 1000000,"
				   " found '%.20s'",
				   t);
		if (lv_session_kind_parse(fld(x, XCOL_KIND), &kind) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, colof(x, XCOL_KIND));
		if (lv_store_session_ensure(x->s, x->patient, fld(x, XCOL_DATE), kind,
					    fld(x, XCOL_NOTES), &id) < 0)
			return lv_error_locate(x->c.name, x->c.row_line, 0);
		if ((size_t)v > x->n_sess) {
			p = realloc(x->sess, (size_t)v * sizeof *p);
			if (!p)
				return lv_error_set(LV_ENOMEM, "out of memory");
			memset(p + x->n_sess, 0, ((size_t)v - x->n_sess) * sizeof *p);
			x->sess = p;
			x->n_sess = (size_t)v;
		}
		x->sess[(size_t)v - 1] = id;
	} else {
		return bad(x, XCOL_RECORD,
			   "unknown record '%.20s' (expected patient, limb, weight,"
			   " session or site)",
			   rec);
	}
	return 0;
}

static int import_export(struct imp *x)
{
	int ret, k;
	for (k = 0; k < XCOL_COUNT; k++)
		x->col[k] = -1;
	for (size_t i = 0; i < x->c.nfield; i++) {
		for (k = 0; k < XCOL_COUNT; k++)
			if (!strcmp(x->c.field[i], xcol_names[k]))
				break;
		if (k == XCOL_COUNT) {
			lv_error_set(LV_EDATA, "unknown column '%.40s'", x->c.field[i]);
			return lv_error_locate(x->c.name, 1, 0);
		}
		x->col[k] = (int)i;
	}
	while ((ret = csv_row(&x->c)) > 0) {
		const char *rec = fld(x, XCOL_RECORD);
		if (x->c.nfield == 1 && !rec[0])
			continue; /* an empty line */
		ret = !strcmp(rec, "site") ? row_site(x) : row_other(x, rec);
		if (ret < 0)
			return ret;
	}
	if (ret == 0)
		ret = flush_measurement(x);
	return ret;
}

/* ---- tape CSV files ---- */

static lv_session_kind kind_of(lv_phase p)
{
	return p == LV_PHASE_BASELINE                     ? LV_SESSION_BASELINE
		: p == LV_PHASE_PRE || p == LV_PHASE_POST ? LV_SESSION_DRAINAGE
							  : LV_SESSION_FOLLOWUP;
}

static int import_tape(struct imp *x, const char *path, const char *patient, const char *date,
		       double sd_cm)
{
	lv_tape_reader *rd = NULL;
	lv_tape_group g;
	const char *base = strrchr(path, '/') ? strrchr(path, '/') + 1 : path;
	int st, ret = 0;

	if (lv_tape_reader_open(&rd, path) < 0)
		return lv_error_last()->code;
	while ((st = lv_tape_reader_next(rd, &g)) > 0) {
		const char *code = g.patient[0] ? g.patient : patient;
		const char *d = g.date[0] ? g.date : date;
		lv_profile *p = NULL;
		lv_volume v;
		lv_measurement m;
		int64_t pid, sess;
		int exists = 0;
		if (!code || !d) {
			ret = lv_error_set(LV_EDATA, "no %s: the file has no %s column; give --%s",
					   code ? "date" : "patient", code ? "date" : "patient",
					   code ? "date" : "patient");
			lv_error_locate(path, g.first_line, 0);
			break;
		}
		if ((ret = lv_profile_new(&p, g.site_cm, g.circumference_cm, g.n)) < 0 ||
		    (ret = lv_volume_total(p, LV_MODEL_FRUSTUM, sd_cm, &v)) < 0 ||
		    (ret = lv_store_patient_ensure(x->s, code, &pid)) < 0 ||
		    (ret = lv_store_session_for_day(x->s, pid, d, kind_of(g.phase), NULL, &sess)) <
			    0) {
			lv_profile_free(p);
			lv_error_locate(path, g.first_line, 0);
			break;
		}
		lv_profile_free(p);
		memset(&m, 0, sizeof m);
		m.patient = pid;
		m.limb = g.limb;
		m.session = sess;
		m.date = d;
		m.phase = g.phase;
		m.method = LV_METHOD_IMPORT;
		m.model = LV_MODEL_FRUSTUM;
		m.reading_sd_cm = sd_cm;
		m.n = g.n;
		m.site_cm = g.site_cm;
		m.circumference_cm = g.circumference_cm;
		m.volume_ml = v.volume_ml;
		m.sd_ml = v.sd_ml;
		m.source = base;
		if ((ret = lv_store_measurement_exists(x->s, &m, &exists)) < 0 ||
		    (!exists && (ret = lv_store_add_measurement(x->s, &m, NULL)) < 0)) {
			lv_error_locate(path, g.first_line, 0);
			break;
		}
		if (exists)
			x->skipped++;
		else
			x->stored++;
	}
	if (st < 0)
		ret = st;
	lv_tape_reader_free(rd);
	return ret;
}

int cmd_import(int argc, char **argv)
{
	struct import_opts o;
	const char *db, *path, *patient, *date;
	double sd_cm;
	struct imp x;
	lv_store *s = NULL;
	int rc, ret, is_export = 0;

	memset(&x, 0, sizeof x);
	memset(&o, 0, sizeof o);
	o.sd_cm = LV_DEFAULT_TAPE_SD_CM;
	if ((rc = cli_parse(&import_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.files.n == 0)
		return cli_usage_error("import", "which file? (limbvol import FILE.csv)");
	if (o.files.n > 1)
		return cli_usage_error("import", "one file at a time ('%.40s' is extra)",
				       o.files.v[1]);
	db = o.db;
	path = o.files.v[0];
	patient = o.patient;
	date = o.date;
	sd_cm = o.sd_cm;
	x.c.name = strcmp(path, "-") ? path : "<stdin>";
	x.c.f = strcmp(path, "-") ? fopen(path, "rb") : stdin;
	if (!x.c.f) {
		fprintf(stderr, "limbvol import: cannot open %s: %s\n", path, strerror(errno));
		return errno == ENOENT ? CLI_EXIT_NOINPUT : CLI_EXIT_IO;
	}
	/* a JSON export starts with '{' */
	{
		int ch = getc(x.c.f);
		if (ch != EOF)
			ungetc(ch, x.c.f);
		if (ch == '{') {
			if (x.c.f == stdin) {
				fprintf(stderr,
					"limbvol import: a JSON export is read from a file, not"
					" standard input\n");
				rc = CLI_EXIT_USAGE;
				goto done;
			}
			if (patient || date) {
				rc = cli_usage_error("import",
						     "--patient and --date are for tape CSV files");
				goto done;
			}
			if ((rc = sc_open("import", db, 1, &s)) != CLI_EXIT_OK)
				goto done;
			if (lv_store_begin(s) < 0 ||
			    import_json(s, path, &x.stored, &x.skipped) < 0 ||
			    lv_store_commit(s) < 0) {
				lv_store_rollback(s);
				rc = cli_report("import");
				fprintf(stderr, "limbvol import: nothing was imported\n");
				goto done;
			}
			goto report;
		}
	}
	/* the first row tells the format */
	ret = csv_row(&x.c);
	if (ret < 0) {
		rc = cli_report("import");
		goto done;
	}
	if (ret == 0) {
		fprintf(stderr, "limbvol import: %s is empty\n", x.c.name);
		rc = CLI_EXIT_DATA;
		goto done;
	}
	is_export = !strcmp(x.c.field[0], "record");
	if (!is_export && x.c.f == stdin) {
		fprintf(stderr,
			"limbvol import: <stdin>:1: not an export file (its first column is"
			" not 'record'); give a tape CSV file by name, or use 'limbvol record -'\n");
		rc = CLI_EXIT_DATA;
		goto done;
	}
	if (is_export && (patient || date)) {
		rc = cli_usage_error("import", "--patient and --date are for tape CSV files");
		goto done;
	}
	if ((rc = sc_open("import", db, 1, &s)) != CLI_EXIT_OK)
		goto done;
	x.s = s;
	x.progress = isatty(STDERR_FILENO);
	if (lv_store_begin(s) < 0) {
		rc = cli_report("import");
		goto done;
	}
	ret = is_export ? import_export(&x) : import_tape(&x, path, patient, date, sd_cm);
	if (x.progress && x.stored + x.skipped >= 2000)
		fputc('\n', stderr);
	if (ret < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("import");
		fprintf(stderr, "limbvol import: nothing was imported\n");
		goto done;
	}
report:
	printf("imported %ld measurement%s", x.stored, x.stored == 1 ? "" : "s");
	if (x.skipped)
		printf(" (%ld already in the store, skipped)", x.skipped);
	printf(" from %s\n", x.c.name);
done:
	if (x.c.f && x.c.f != stdin)
		fclose(x.c.f);
	free(x.c.buf);
	free(x.sess);
	free(x.site);
	free(x.circ);
	free(x.side);
	lv_store_close(s);
	return rc;
}
