/*
 * limbvol export: everything the store holds about a patient (or every
 * patient) as CSV, which `limbvol import` reads back without loss, or as
 * JSON for other programs.
 *
 * The CSV (doc/store.md): one header, then records of five kinds told apart
 * by the first column; sessions and measurements are numbered within the
 * patient in date order (the database ids are not exported):
 *   patient      patient, birth_year, sex
 *   limb         patient, limb, affected (yes/no/empty), landmark
 *   weight       patient, date, weight_kg
 *   session      patient, session, date, kind, notes
 *   site         one row per site of a measurement: patient, limb, date,
 *                phase, site_cm, circumference_cm, width_side_cm,
 *                measurement, session, method, model, tape_sd_cm,
 *                volume_ml, sd_ml, source
 * Patient codes are written as stored (bytes that are not UTF-8 too); the
 * JSON shows such bytes as \xNN text (JSON holds only Unicode).
 */
#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

static const char usage[] = "usage: limbvol export [options] PATIENT\n"
			    "       limbvol export [options] --all\n";

static const char about[] =
	"Write everything stored about patient P (or every patient): details, limbs,\n"
	"weights, sessions and each measurement with its sites, volume, uncertainty,\n"
	"method and source.  The CSV is read back by 'limbvol import' without loss\n"
	"(export, import into another store, export again: the same file).  The JSON\n"
	"holds the same and reads back too; it shows bytes of a text that are not\n"
	"UTF-8 as \\xNN, so only the CSV keeps such texts byte for byte.\n";

static const char more[] = "examples:\n"
			   "  limbvol export P001 > P001.csv\n"
			   "  limbvol export --all --out backup.csv\n"
			   "  limbvol export P001 --format=json\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such patient, 73 cannot\n"
			   "create FILE, 74 store or output error.\n";

struct export_opts {
	const char *db, *out;
	int fmt, all;
	struct cli_operands patient;
};

static const struct cli_choice csv_json[] = { { "csv", CLI_FORMAT_CSV },
					      { "json", CLI_FORMAT_JSON },
					      { NULL, 0 } };

#define OFF(field) offsetof(struct export_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "all", 0, OFF(all), .help = "every patient" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = csv_json, .help = "(default csv)" },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "write FILE (whole or not at all) instead of standard output" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

static const struct cli_cmd export_cmd = { "export", usage, about, options, more, NULL, NULL, 0 };

struct ex {
	lv_store *s;
	FILE *f;
	int json;
	int64_t patient;
	const char *code;
	/* session id -> number within the patient (date order), sorted by id */
	struct sess_map {
		int64_t id;
		long number;
	} * sess;
	size_t n_sess, cap_sess;
	long n_meas;
	int first; /* JSON: first element of the current array */
	int first_patient;
	int ret;
};

/* One CSV row: v[col] or empty; quoted where needed. */
static void put_row(FILE *f, const char *const v[XCOL_COUNT])
{
	for (int c = 0; c < XCOL_COUNT; c++) {
		if (c)
			fputc(',', f);
		if (v[c])
			cli_csv_field(f, v[c]);
	}
	fputc('\n', f);
}

static void jnum(FILE *f, double v, int dec)
{
	sc_num(f, v, dec);
}

static int by_id(const void *a, const void *b)
{
	int64_t x = ((const struct sess_map *)a)->id, y = ((const struct sess_map *)b)->id;
	return (x > y) - (x < y);
}

static long sess_number(const struct ex *x, int64_t id)
{
	struct sess_map key = { id, 0 }, *hit;
	hit = bsearch(&key, x->sess, x->n_sess, sizeof key, by_id);
	return hit ? hit->number : 0;
}

static int limb_cb(const lv_limb_info *l, void *vctx)
{
	struct ex *x = vctx;
	if (x->json) {
		fprintf(x->f, "%s\n      {\"limb\": \"%s\", \"affected\": %s, \"landmark\": ",
			x->first ? "" : ",", lv_limb_name(l->limb),
			l->affected == 1           ? "true"
				: l->affected == 0 ? "false"
						   : "null");
		sc_json_text(x->f, l->landmark);
		fputc('}', x->f);
	} else {
		const char *v[XCOL_COUNT] = { 0 };
		v[XCOL_RECORD] = "limb";
		v[XCOL_PATIENT] = x->code;
		v[XCOL_LIMB] = lv_limb_name(l->limb);
		v[XCOL_AFFECTED] = l->affected == 1 ? "yes" : l->affected == 0 ? "no" : NULL;
		v[XCOL_LANDMARK] = l->landmark;
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

static int weight_cb(const char *date, double kg, void *vctx)
{
	struct ex *x = vctx;
	if (x->json) {
		fprintf(x->f, "%s\n      {\"date\": \"%s\", \"weight_kg\": ", x->first ? "" : ",",
			date);
		jnum(x->f, kg, 6);
		fputc('}', x->f);
	} else {
		const char *v[XCOL_COUNT] = { 0 };
		char w[64];
		v[XCOL_RECORD] = "weight";
		v[XCOL_PATIENT] = x->code;
		v[XCOL_DATE] = date;
		v[XCOL_WEIGHT] = sc_numbuf(w, sizeof w, kg, 6);
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

static int session_cb(const lv_session_info *si, void *vctx)
{
	struct ex *x = vctx;
	if (x->n_sess == x->cap_sess) {
		size_t cap = x->cap_sess ? 2 * x->cap_sess : 64;
		struct sess_map *m = realloc(x->sess, cap * sizeof *m);
		if (!m)
			return lv_error_set(LV_ENOMEM, "out of memory");
		x->sess = m;
		x->cap_sess = cap;
	}
	x->sess[x->n_sess].id = si->id;
	x->sess[x->n_sess].number = (long)x->n_sess + 1;
	x->n_sess++;
	if (x->json) {
		fprintf(x->f,
			"%s\n      {\"session\": %ld, \"date\": \"%s\", \"kind\": \"%s\", \"notes\": ",
			x->first ? "" : ",", (long)x->n_sess, si->date,
			lv_session_kind_name(si->kind));
		sc_json_text(x->f, si->notes);
		fputc('}', x->f);
	} else {
		const char *v[XCOL_COUNT] = { 0 };
		char num[32];
		snprintf(num, sizeof num, "%ld", (long)x->n_sess);
		v[XCOL_RECORD] = "session";
		v[XCOL_PATIENT] = x->code;
		v[XCOL_DATE] = si->date;
		v[XCOL_SESSION] = num;
		v[XCOL_KIND] = lv_session_kind_name(si->kind);
		v[XCOL_NOTES] = si->notes;
		put_row(x->f, v);
	}
	x->first = 0;
	return 0;
}

static int session_rows(struct ex *x)
{
	int ret = lv_store_each_session(x->s, x->patient, session_cb, x);
	if (ret == 0)
		qsort(x->sess, x->n_sess, sizeof *x->sess, by_id);
	return ret;
}

static int meas_cb(const lv_record *r, void *vctx)
{
	struct ex *x = vctx;
	size_t i;
	long sn = r->session ? sess_number(x, r->session) : 0;

	x->n_meas++;
	if (x->json) {
		fprintf(x->f,
			"%s\n      {\"measurement\": %ld, \"limb\": \"%s\", \"date\": \"%s\","
			" \"phase\": \"%s\", \"session\": ",
			x->first ? "" : ",", x->n_meas, lv_limb_name(r->limb), r->date,
			lv_phase_name(r->phase));
		if (sn)
			fprintf(x->f, "%ld", sn);
		else
			fputs("null", x->f);
		fprintf(x->f, ", \"method\": \"%s\", \"model\": \"%s\", \"tape_sd_cm\": ",
			lv_method_name(r->method), lv_model_name(r->model));
		jnum(x->f, r->reading_sd_cm, 6);
		fputs(", \"volume_ml\": ", x->f);
		jnum(x->f, r->volume_ml, 6);
		fputs(", \"sd_ml\": ", x->f);
		jnum(x->f, r->sd_ml, 6);
		fputs(", \"source\": ", x->f);
		sc_json_text(x->f, r->source);
		fputs(",\n       \"sites\": [", x->f);
		for (i = 0; i < r->n; i++) {
			fprintf(x->f, "%s{\"site_cm\": ", i ? ", " : "");
			jnum(x->f, r->site_cm[i], 6);
			fputs(", \"circumference_cm\": ", x->f);
			jnum(x->f, r->circumference_cm[i], 6);
			if (r->width_side_cm) {
				fputs(", \"width_side_cm\": ", x->f);
				jnum(x->f, r->width_side_cm[i], 6);
			}
			fputc('}', x->f);
		}
		fputs("]}", x->f);
	} else {
		const char *v[XCOL_COUNT] = { 0 };
		char site[64], circ[64], side[64], meas[32], sess[32], sd[64], vol[64], vsd[64];
		snprintf(meas, sizeof meas, "%ld", x->n_meas);
		snprintf(sess, sizeof sess, "%ld", sn);
		v[XCOL_RECORD] = "site";
		v[XCOL_PATIENT] = x->code;
		v[XCOL_LIMB] = lv_limb_name(r->limb);
		v[XCOL_DATE] = r->date;
		v[XCOL_PHASE] = lv_phase_name(r->phase);
		v[XCOL_MEAS] = meas;
		v[XCOL_SESSION] = sn ? sess : NULL;
		v[XCOL_METHOD] = lv_method_name(r->method);
		v[XCOL_MODEL] = lv_model_name(r->model);
		v[XCOL_TAPESD] = sc_numbuf(sd, sizeof sd, r->reading_sd_cm, 6);
		v[XCOL_VOLUME] = sc_numbuf(vol, sizeof vol, r->volume_ml, 6);
		v[XCOL_SD] = sc_numbuf(vsd, sizeof vsd, r->sd_ml, 6);
		v[XCOL_SOURCE] = r->source;
		for (i = 0; i < r->n; i++) {
			v[XCOL_SITE] = sc_numbuf(site, sizeof site, r->site_cm[i], 6);
			v[XCOL_CIRC] = sc_numbuf(circ, sizeof circ, r->circumference_cm[i], 6);
			v[XCOL_SIDE] = r->width_side_cm
				? sc_numbuf(side, sizeof side, r->width_side_cm[i], 6)
				: NULL;
			put_row(x->f, v);
		}
	}
	x->first = 0;
	return 0;
}

static int export_patient(struct ex *x, int64_t patient)
{
	lv_patient_info p;
	int ret;
	char code[LV_STORE_MAX_CODE + 1];

	if ((ret = lv_store_patient_get(x->s, patient, &p)) < 0)
		return ret;
	snprintf(code, sizeof code, "%s", p.code);
	x->code = code;
	x->patient = patient;
	x->n_sess = 0;
	x->n_meas = 0;
	if (x->json) {
		fprintf(x->f, "%s\n  {\"patient\": ", x->first_patient ? "" : ",");
		sc_code_json(x->f, code);
		fputs(", \"birth_year\": ", x->f);
		if (p.birth_year)
			fprintf(x->f, "%d", p.birth_year);
		else
			fputs("null", x->f);
		fprintf(x->f, ", \"sex\": \"%s\",\n   \"limbs\": [", lv_sex_name(p.sex));
	} else {
		const char *v[XCOL_COUNT] = { 0 };
		char by[16];
		snprintf(by, sizeof by, "%d", p.birth_year);
		v[XCOL_RECORD] = "patient";
		v[XCOL_PATIENT] = code;
		v[XCOL_BIRTH] = p.birth_year ? by : NULL;
		v[XCOL_SEX] = lv_sex_name(p.sex);
		put_row(x->f, v);
	}
	x->first_patient = 0;
	x->first = 1;
	if ((ret = lv_store_each_limb(x->s, patient, limb_cb, x)) != 0)
		return ret;
	if (x->json)
		fputs("],\n   \"weights\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each_weight(x->s, patient, weight_cb, x)) != 0)
		return ret;
	if (x->json)
		fputs("],\n   \"sessions\": [", x->f);
	x->first = 1;
	if ((ret = session_rows(x)) != 0)
		return ret;
	if (x->json)
		fputs("],\n   \"measurements\": [", x->f);
	x->first = 1;
	if ((ret = lv_store_each(x->s, patient, 1, meas_cb, x)) != 0)
		return ret;
	if (x->json)
		fputs("]}", x->f);
	return 0;
}

/* Patients are listed first (ids), then exported one by one: a callback
 * must not run other statements on the list's rows it depends on. */
struct idlist {
	int64_t *id;
	size_t n, cap;
};

static int collect(const lv_patient_info *p, void *vctx)
{
	struct idlist *l = vctx;
	if (l->n == l->cap) {
		size_t cap = l->cap ? 2 * l->cap : 64;
		int64_t *q = realloc(l->id, cap * sizeof *q);
		if (!q)
			return lv_error_set(LV_ENOMEM, "out of memory");
		l->id = q;
		l->cap = cap;
	}
	l->id[l->n++] = p->id;
	return 0;
}

int cmd_export(int argc, char **argv)
{
	struct export_opts o;
	const char *code = NULL, *outpath;
	struct ex x;
	struct idlist ids = { NULL, 0, 0 };
	char tmp[1100] = "";
	int rc, ret = 0;
	lv_store *s = NULL;

	memset(&x, 0, sizeof x);
	memset(&o, 0, sizeof o);
	o.fmt = CLI_FORMAT_CSV;
	if ((rc = cli_parse(&export_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.patient.n > 1 || (o.patient.n && o.all))
		return cli_usage_error("export",
				       "one patient at a time, or --all ('%.40s' is extra)",
				       o.patient.v[o.patient.n - 1]);
	if (o.patient.n)
		code = o.patient.v[0];
	outpath = o.out;
	if (!code == !o.all)
		return cli_usage_error("export", "give a patient code or --all");
	if (code && lv_store_check_code(code) < 0)
		return cli_usage_error("export", "patient: %s", lv_error_last()->message);
	if ((rc = sc_open("export", o.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	x.s = s;
	x.json = o.fmt == CLI_FORMAT_JSON;
	x.first_patient = 1;
	/* find the patient(s) before creating any output */
	if (code) {
		int64_t id;
		if ((ret = lv_store_patient_find(s, code, &id)) == 0)
			ret = collect(&(lv_patient_info){ .id = id }, &ids);
	} else {
		ret = lv_store_patients(s, collect, &ids);
	}
	if (ret < 0) {
		rc = cli_report("export");
		goto done;
	}
	if (outpath) {
		int fd;
		if (snprintf(tmp, sizeof tmp, "%s.XXXXXX", outpath) >= (int)sizeof tmp ||
		    (fd = mkstemp(tmp)) < 0 || !(x.f = fdopen(fd, "w"))) {
			fprintf(stderr, "limbvol export: cannot create %s: %s\n", outpath,
				strerror(errno));
			tmp[0] = '\0';
			rc = CLI_EXIT_CANTCREAT;
			goto done;
		}
	} else if (!(x.f = tmpfile())) {
		fprintf(stderr, "limbvol export: cannot create a temporary file\n");
		rc = CLI_EXIT_CANTCREAT;
		goto done;
	}
	/* one read transaction: a consistent picture even while others write */
	if (lv_store_begin_read(s) < 0) {
		rc = cli_report("export");
		goto done;
	}
	if (x.json)
		fputs("{\"format\": \"limbvol-export\", \"version\": 1, \"patients\": [", x.f);
	else
		put_row(x.f, xcol_names);
	for (size_t k = 0; k < ids.n && ret == 0; k++)
		ret = export_patient(&x, ids.id[k]);
	if (x.json)
		fputs("\n]}\n", x.f);
	if (ret < 0) {
		rc = cli_report("export");
		goto done;
	}
	if (fflush(x.f) || ferror(x.f)) {
		fprintf(stderr, "limbvol export: cannot write the output\n");
		rc = CLI_EXIT_IO;
		goto done;
	}
	if (outpath) {
		if (fsync(fileno(x.f)) || fclose(x.f) || rename(tmp, outpath)) {
			x.f = NULL;
			fprintf(stderr, "limbvol export: cannot write %s\n", outpath);
			rc = CLI_EXIT_IO;
			goto done;
		}
		x.f = NULL;
		tmp[0] = '\0';
	} else {
		char buf[65536];
		size_t n;
		rewind(x.f);
		while ((n = fread(buf, 1, sizeof buf, x.f)) > 0)
			if (fwrite(buf, 1, n, stdout) != n)
				break;
		if (fflush(stdout) || ferror(x.f)) {
			fprintf(stderr, "limbvol export: cannot write the output\n");
			rc = CLI_EXIT_IO;
		}
	}
done:
	if (x.f)
		fclose(x.f);
	if (tmp[0])
		unlink(tmp);
	free(ids.id);
	free(x.sess);
	lv_store_close(s);
	return rc;
}
