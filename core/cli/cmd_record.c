/*
 * limbvol record: store tape measurements of a patient, typed (the entry
 * forms of `limbvol tape`, -i included) or from a tape CSV file.  The whole
 * command is one transaction: on any error nothing is stored.
 */
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "tape_entry.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "store a measurement of a patient (typed, -i or tape CSV)";

static const char usage[] =
	"usage: limbvol record --patient P --limb LIMB [--phase PHASE]\n"
	"                      [--session ID | --date DATE] [options] C1 C2 ...\n"
	"       limbvol record --patient P --limb LIMB [options] -i [--other]\n"
	"       limbvol record [options] FILE.csv | -\n";

static const char about[] =
	"Store a tape measurement in the measurement store and print it with its\n"
	"volume.  Circumferences are typed as for 'limbvol tape'; with --other the\n"
	"contralateral limb, measured at the same sites, is stored too.  A tape CSV\n"
	"file (patient,limb,date,phase,site_cm,circumference_cm) stores every\n"
	"measurement in it; --patient, --date and --phase fill in a missing column\n"
	"(or an empty field); a patient, date or phase the file states must agree\n"
	"with the option, else nothing is stored (exit 65).\n\n"
	"Each measurement belongs to a session: --session ID names one, else the\n"
	"patient's session on the day of the date is used, created when there is\n"
	"none (kind from the phase: baseline -> baseline, pre/post -> drainage,\n"
	"other -> follow-up; --kind overrides).\n";

static const char more[] =
	"examples:\n"
	"  limbvol record --patient P001 --limb left-arm --affected --phase baseline \\\n"
	"      --date 2026-03-02 --step 4 17.5 19 21.2 23 24.6 --other 17.2 18.5 20 21.9 23\n"
	"  limbvol record --patient P001 --limb left-arm --phase pre -i\n"
	"  limbvol record samples/patient-followup.csv\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad data (file:line:column), 66 no such file,\n"
	"patient or session, 74 store error.\n";

struct rec_opts {
	struct entry e;
	const char *db, *patient, *date, *notes, *source;
	struct sc_limb limb;
	lv_phase phase;
	int has_phase; /* --phase given */
	int64_t session;
	int has_kind, affected, allow_duplicate;
	int64_t last_before; /* the last id stored before this command */
	lv_session_kind kind;
	int fmt; /* enum cli_format */
	lv_csv_style csv_style;
};

#define REC(p) ((struct rec_opts *)(p))

static int set_phase(struct cli_parser *p, void *base, const char *v)
{
	if (lv_phase_parse(v, strlen(v), &REC(base)->phase) < 0)
		return cli_fail(p, "expected baseline, pre, post or other, found '%.40s'", v);
	REC(base)->has_phase = 1;
	return 0;
}

static int set_kind(struct cli_parser *p, void *base, const char *v)
{
	if (lv_session_kind_parse(v, &REC(base)->kind) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	REC(base)->has_kind = 1;
	return 0;
}

#define OFF(field) offsetof(struct rec_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "patient", 0, OFF(patient), .arg = "P", .set = sc_set_code,
	  .help = "pseudonymous patient code (at most 64 bytes)" },
	{ CLI_CALL, "limb", 0, OFF(limb), .arg = "LIMB", .set = sc_set_limb,
	  .help = "left-arm, right-arm, left-leg or right-leg" },
	{ CLI_CALL, "phase", 0, .arg = "PHASE", .set = set_phase,
	  .help = "baseline, pre, post or other (default other); with a file,\n"
		  "the phase of rows that state none" },
	{ CLI_CALL, "date", 0, OFF(date), .arg = "DATE", .set = sc_set_date,
	  .help = "YYYY-MM-DD[THH:MM] (default: now)" },
	{ CLI_CALL, "session", 0, OFF(session), .arg = "ID", .set = sc_set_id,
	  .help = "an existing session of the patient" },
	{ CLI_CALL, "kind", 0, .arg = "KIND", .set = set_kind,
	  .help = "kind of a new session: baseline, drainage, follow-up, other" },
	{ CLI_STRING, "notes", 0, OFF(notes), .arg = "TEXT", .help = "notes of a new session" },
	{ CLI_FLAG, "affected", 0, OFF(affected),
	  .help = "mark LIMB as the affected limb of the patient" },
	{ CLI_STRING, "source", 0, OFF(source), .arg = "TEXT",
	  .help = "where the values come from (default 'typed' or the file)" },
	{ CLI_FLAG, "allow-duplicate", 0, OFF(allow_duplicate),
	  .help = "store a measurement even when the same one (date and time, phase,\n"
		  "sites and values) is stored already (refused otherwise, exit 65)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats,
	  .help = "what is printed (default text)" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_INCLUDE, .include = entry_options, .offset = OFF(e) },
	{ CLI_END }
};

const struct cli_cmd record_cmd = { "record", usage, about, options, more, summary, NULL, 0 };

/* a file's value failed the plausibility checks: say how to accept it */
static int unusual_hint;

struct out {
	FILE *f;
	enum cli_format fmt;
	size_t n;
};

static lv_session_kind kind_of(lv_phase p)
{
	switch (p) {
	case LV_PHASE_BASELINE:
		return LV_SESSION_BASELINE;
	case LV_PHASE_PRE:
	case LV_PHASE_POST:
		return LV_SESSION_DRAINAGE;
	default:
		return LV_SESSION_FOLLOWUP;
	}
}

static void print_stored(struct out *o, int64_t id, const char *code, lv_limb limb,
			 const char *date, lv_phase phase, int64_t session, lv_session_kind kind,
			 const lv_volume *v, size_t n)
{
	FILE *f = o->f;
	if (o->fmt == CLI_FORMAT_TEXT) {
		fprintf(f, "stored measurement %lld: ", (long long)id);
		sc_code(f, code);
		fprintf(f, " %s %s %s, session %lld (%s): ", lv_limb_name(limb), date,
			lv_phase_name(phase), (long long)session, lv_session_kind_name(kind));
		cli_number_out(f, v->volume_ml, 1);
		fputs(" \xc2\xb1 ", f);
		cli_number_out(f, v->sd_ml, 1);
		fprintf(f, " mL (%zu sites, ", n);
		sc_num(f, v->from_cm, 1);
		fputs("-", f);
		sc_num(f, v->to_cm, 1);
		fputs(" cm)\n", f);
	} else if (o->fmt == CLI_FORMAT_CSV) {
		if (!o->n)
			fputs("id,patient,limb,date,phase,session,session_kind,volume_ml,sd_ml,sites\n",
			      f);
		fprintf(f, "%lld,", (long long)id);
		sc_code(f, code); /* escaped: never a comma-breaking byte */
		fprintf(f, ",%s,%s,%s,%lld,%s,", lv_limb_name(limb), date, lv_phase_name(phase),
			(long long)session, lv_session_kind_name(kind));
		sc_num(f, v->volume_ml, 3);
		fputc(',', f);
		sc_num(f, v->sd_ml, 3);
		fprintf(f, ",%zu\n", n);
	} else {
		fputs(o->n ? ",\n  " : "[\n  ", f);
		fprintf(f, "{\"id\": %lld, \"patient\": ", (long long)id);
		sc_code_json(f, code);
		fprintf(f,
			", \"limb\": \"%s\", \"date\": \"%s\", \"phase\": \"%s\", \"session\": %lld,"
			" \"session_kind\": \"%s\", \"volume_ml\": ",
			lv_limb_name(limb), date, lv_phase_name(phase), (long long)session,
			lv_session_kind_name(kind));
		sc_num(f, v->volume_ml, 3);
		fputs(", \"sd_ml\": ", f);
		sc_num(f, v->sd_ml, 3);
		fprintf(f, ", \"sites\": %zu}", n);
	}
	o->n++;
}

/* A post the history cannot pair (no pre of the limb that day): say so now. */
static int note_unpaired(lv_store *s, const lv_measurement *post)
{
	int64_t pre = 0;
	int ret = lv_store_pre_for(s, post, &pre);
	if (ret == 0 && !pre)
		fprintf(stderr,
			"limbvol record: note: no pre measurement of %s on %.10s to pair with:"
			" the post is stored, but no pre->post change can be shown for it"
			" (record the pre with the same --date, or --session)\n",
			lv_limb_name(post->limb), post->date);
	return ret;
}

/* Store one measurement; returns 0 or a negative status (error set). */
static int store_one(lv_store *s, struct out *o, const char *code, lv_limb limb, const char *date,
		     lv_phase phase, const struct rec_opts *opt, lv_model model, double sd_cm,
		     const double *sites, const double *circ, size_t n, const char *source,
		     int mark_affected)
{
	lv_profile *p = NULL;
	lv_volume v;
	lv_measurement m;
	int64_t patient, session = opt->session, id;
	lv_session_kind kind = opt->has_kind ? opt->kind : kind_of(phase);
	int ret;

	if ((ret = lv_profile_new(&p, sites, circ, n)) < 0 ||
	    (ret = lv_volume_total(p, model, sd_cm, &v)) < 0)
		goto done;
	if (lv_store_patient_find(s, code, &patient) < 0) {
		/* a new patient that looks like an existing one: say so */
		char note[600];
		if (lv_error_last()->code != LV_ENOTFOUND) {
			ret = lv_error_last()->code;
			goto done;
		}
		snprintf(note, sizeof note, "%s", lv_error_last()->message);
		if ((ret = lv_store_patient_ensure(s, code, &patient)) < 0)
			goto done;
		if (strstr(note, "; closest: ")) /* a typo of an existing code? */
			fprintf(stderr, "limbvol record: note: adding a new patient (%s)\n", note);
	}
	if (session > 0)
		ret = lv_store_session_check(s, patient, session, NULL);
	else
		ret = lv_store_session_for_day(s, patient, date, kind, opt->notes, &session);
	if (ret < 0)
		goto done;
	memset(&m, 0, sizeof m);
	m.patient = patient;
	m.limb = limb;
	m.session = session;
	m.date = date;
	m.phase = phase;
	m.method = LV_METHOD_TAPE;
	m.model = model;
	m.reading_sd_cm = sd_cm;
	m.n = n;
	m.site_cm = sites;
	m.circumference_cm = circ;
	m.volume_ml = v.volume_ml;
	m.sd_ml = v.sd_ml;
	m.source = source;
	/* the duplicate rule (store.h): the same measurement is not stored twice */
	if (!opt->allow_duplicate && (ret = lv_store_find_duplicate(s, &m, 0, &id)) == 0 && id) {
		if (id > opt->last_before) /* stored by this command: nothing will be kept */
			ret = lv_error_set(
				LV_EDATA,
				"%s %s %s: the same measurement (date and time, phase,"
				" sites and values) comes twice in what was given: nothing"
				" stored (--allow-duplicate stores both)",
				lv_limb_name(limb), date, lv_phase_name(phase));
		else
			ret = lv_error_set(
				LV_EDATA,
				"%s %s %s: the same measurement (date and time, phase, sites"
				" and values) is already stored as id %lld: not stored again"
				" (--allow-duplicate stores it anyway)",
				lv_limb_name(limb), date, lv_phase_name(phase), (long long)id);
		goto done;
	}
	if (ret < 0 || (ret = lv_store_add_measurement(s, &m, &id)) < 0)
		goto done;
	if (phase == LV_PHASE_POST && (ret = note_unpaired(s, &m)) < 0)
		goto done;
	if (mark_affected && (ret = lv_store_limb_set_affected(s, patient, limb)) < 0)
		goto done;
	print_stored(o, id, code, limb, date, phase, session, kind, &v, n);
done:
	lv_profile_free(p);
	return ret;
}

static int run_file(lv_store *s, struct out *o, const char *path, const struct rec_opts *opt,
		    const struct entry *e)
{
	lv_tape_reader *rd = NULL;
	lv_tape_group g;
	char now[LV_STORE_DATE_MAX];
	long line = 0;
	int st, ret = 0;

	sc_now(now);
	if (lv_tape_reader_open(&rd, path) < 0)
		return lv_error_last()->code;
	while ((st = lv_tape_reader_next(rd, &g)) > 0) {
		const char *code, *date;
		lv_phase phase = g.phase_column ? g.phase : opt->phase;
		/* a record of another patient's file must not pass unnoticed */
		if ((ret = lv_tape_group_given(&g, path, opt->patient, opt->date, &code, &date)) <
		    0)
			break;
		if (!date)
			date = now;
		if (!code) {
			ret = lv_error_set(LV_EDATA,
					   "no patient: the file has no patient column;"
					   " give --patient");
			lv_error_locate(path, g.first_line, 0);
			break;
		}
		if (g.phase_column && opt->has_phase && g.phase != opt->phase) {
			ret = lv_error_set(LV_EDATA, "the file says phase %s here, --phase %s",
					   lv_phase_name(g.phase), lv_phase_name(opt->phase));
			lv_error_locate(path, g.first_line, g.phase_column);
			break;
		}
		if (!e->accept_unusual && lv_check_tape_group(&g, &line) < 0) {
			ret = lv_error_locate(path, line, 0);
			unusual_hint = 1;
			break;
		}
		ret = store_one(s, o, code, g.limb, date, phase, opt, e->model, e->tape_sd_cm,
				g.site_cm, g.circumference_cm, g.n,
				opt->source                 ? opt->source
					: strcmp(path, "-") ? path
							    : "stdin",
				0);
		if (ret < 0) {
			if (!lv_error_last()->where[0])
				lv_error_locate(path, g.first_line, 0);
			break;
		}
	}
	if (st < 0)
		ret = st;
	lv_tape_reader_free(rd);
	return ret;
}

static int run_typed(lv_store *s, struct out *o, const struct rec_opts *opt, const struct entry *e)
{
	lv_profile *limb = NULL, *other = NULL;
	double *sites = NULL;
	char now[LV_STORE_DATE_MAX], sdate[LV_STORE_DATE_MAX];
	const char *date = opt->date;
	size_t n, i;
	int ret = 0, rc;

	if ((rc = entry_profiles(e, "record", &limb, &other)) != CLI_EXIT_OK)
		return rc; /* already reported: an exit code, not a status */
	n = lv_profile_count(limb);
	sites = malloc(2 * n * sizeof *sites);
	if (!sites) {
		ret = lv_error_set(LV_ENOMEM, "out of memory");
		goto done;
	}
	for (i = 0; i < n; i++) {
		sites[i] = lv_profile_site_cm(limb, i);
		sites[n + i] = lv_profile_circumference_cm(limb, i);
	}
	if (!date) {
		sc_now(now);
		date = now;
	}
	if (opt->session > 0 && !opt->date) {
		/* the measurement takes the session's date */
		int64_t patient;
		if ((ret = lv_store_patient_find(s, opt->patient, &patient)) < 0 ||
		    (ret = lv_store_session_check(s, patient, opt->session, sdate)) < 0)
			goto done;
		date = sdate;
	}
	ret = store_one(s, o, opt->patient, opt->limb.limb, date, opt->phase, opt, e->model,
			e->tape_sd_cm, sites, sites + n, n, opt->source ? opt->source : "typed",
			opt->affected);
	if (ret == 0 && other) {
		for (i = 0; i < n; i++)
			sites[n + i] = lv_profile_circumference_cm(other, i);
		ret = store_one(s, o, opt->patient, lv_limb_other(opt->limb.limb), date, opt->phase,
				opt, e->model, e->tape_sd_cm, sites, sites + n, n,
				opt->source ? opt->source : "typed", 0);
	}
done:
	free(sites);
	lv_profile_free(limb);
	lv_profile_free(other);
	return ret;
}

int cmd_record(int argc, char **argv)
{
	struct rec_opts opt;
	struct entry *e = &opt.e;
	struct out o = { NULL, CLI_FORMAT_TEXT, 0 };
	lv_store *s = NULL;
	int rc, ret;

	memset(&opt, 0, sizeof opt);
	opt.phase = LV_PHASE_OTHER;
	entry_init(e);
	if ((rc = cli_parse(&record_cmd, argc, argv, &opt)) != CLI_CONTINUE)
		goto out;
	rc = CLI_EXIT_OK;
	o.fmt = opt.fmt;
	if (opt.session && opt.date) {
		rc = cli_usage_error("record", "give --session or --date, not both");
		goto out;
	}
	if (e->file) {
		if (e->interactive || e->want_other || opt.limb.given || opt.affected) {
			rc = cli_usage_error("record",
					     "a file holds its limbs itself: no --limb, --other,"
					     " --affected or -i with it");
			goto out;
		}
	} else {
		if (!opt.patient || !opt.limb.given) {
			rc = cli_usage_error("record", "typed values need --patient and --limb");
			goto out;
		}
		/* the prompts name the limbs: "left-arm: circumference ..." */
		e->label = lv_limb_name(opt.limb.limb);
		e->other_label = lv_limb_name(lv_limb_other(opt.limb.limb));
		e->kind = lv_limb_kind_of(opt.limb.limb);
		if ((rc = entry_finish(e, "record", stdin, stderr)) != CLI_EXIT_OK)
			goto out;
		if (!entry_has_values(e)) {
			rc = cli_usage_error("record",
					     "no circumferences given (type them, use -i, or"
					     " give a CSV file)");
			goto out;
		}
	}
	if (opt.notes && opt.session) {
		rc = cli_usage_error("record",
				     "--notes describe a new session: not with --session");
		goto out;
	}
	if (!(o.f = tmpfile())) {
		fprintf(stderr, "limbvol record: cannot create a temporary file\n");
		rc = CLI_EXIT_CANTCREAT;
		goto out;
	}
	if ((rc = sc_open("record", opt.db, 1, &s)) != CLI_EXIT_OK)
		goto out;
	if (lv_store_begin(s) < 0 || lv_store_last_measurement_id(s, &opt.last_before) < 0) {
		lv_store_rollback(s);
		rc = cli_report("record");
		goto out;
	}
	ret = e->file ? run_file(s, &o, e->file, &opt, e) : run_typed(s, &o, &opt, e);
	if (ret > 0) { /* an exit code already reported by the entry module */
		lv_store_rollback(s);
		rc = ret;
		goto out;
	}
	if (ret == 0 && o.n == 0)
		ret = lv_error_set(LV_EDATA, "the file holds no measurement");
	if (ret < 0 || lv_store_commit(s) < 0) {
		lv_store_rollback(s);
		rc = cli_report("record");
		if (unusual_hint)
			fprintf(stderr, "limbvol record: if it is real, give --accept-unusual\n");
		goto out;
	}
	if (o.fmt == CLI_FORMAT_JSON)
		fputs("\n]\n", o.f);
	rc = o.fmt == CLI_FORMAT_CSV ? cli_publish_csv("record", o.f, opt.csv_style)
				     : cli_publish("record", o.f);
	entry_done(e);
out:
	if (o.f)
		fclose(o.f);
	lv_store_close(s);
	if (rc != CLI_EXIT_OK && e->interactive && (e->n_circ || e->n_other) && !e->kept)
		entry_keep(e, "record"); /* typed values are never thrown away */
	entry_free(e);
	return rc;
}
