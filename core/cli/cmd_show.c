/*
 * limbvol show: one stored measurement (through the shared measurement
 * printer, cli/report.h) or weight, deleted ones too; --history adds its
 * audit trail, --plot draws the limb profile.
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/profile_plot.h"
#include "limbvol/store.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "print a stored measurement or weight, its audit trail, its profile";

static const char usage[] = "usage: limbvol show [options] MEASUREMENT | wWEIGHT\n";

static const char about[] =
	"Print a stored measurement (its sites, segments and volume, as 'limbvol tape'\n"
	"prints one) or a weight (wN, see 'limbvol weights'), deleted ones too.  With\n"
	"--history also its audit trail: every edit, deletion and undeletion, what\n"
	"changed, from what to what, and when (UTC).  With --format csv, --history\n"
	"prints the trail's table (item,edit,changed_at,what,old_value,new_value).\n"
	"A photo measurement adds how its set was taken (views, camera distance)\n"
	"and its repeat sd, what 'limbvol history' judges a change between sets\n"
	"taken alike by; JSON: repeat_sd_ml, camera_distance_cm, views at the end,\n"
	"CSV: camera_distance_cm, views after tape's columns.\n";

static const char more[] = "examples:\n"
			   "  limbvol show 17\n"
			   "  limbvol show 17 --history\n"
			   "  limbvol show 17 --plot profile.png\n"
			   "  limbvol show w3 --history --format json\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store or no such measurement or\n"
			   "weight, 73 the plot cannot be written, 74 store error.\n";

struct show_opts {
	const char *db, *plot;
	int history, fmt;
	struct cli_operands ids;
};

#define OFF(field) offsetof(struct show_opts, field)

static const struct cli_opt options[] = {
	{ CLI_FLAG, "history", 0, OFF(history),
	  .help = "also what changed, from what to what, when" },
	{ CLI_STRING, "plot", 0, OFF(plot), .arg = "FILE.png|svg|pdf", .flags = CLI_FILE,
	  .help = "also draw the limb's profile" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "ID", .offset = OFF(ids) },
	{ CLI_END }
};

const struct cli_cmd show_cmd = { "show", usage, about, options, more, summary, NULL, 0 };

struct show {
	lv_store *s;
	const struct show_opts *o;
	FILE *f;
	int rc; /* an exit code set by the callback */
};

/* The trail: text lines, or the JSON array's elements; CSV: the table. */
static int trail(struct show *c, int64_t measurement, int64_t weight)
{
	struct sc_trail t = { c->f, c->o->fmt, 0 };
	int ret;
	if (c->o->fmt == CLI_FORMAT_TEXT)
		fputs("history:\n", c->f);
	else if (c->o->fmt == CLI_FORMAT_JSON)
		fputs(", \"history\": [", c->f);
	ret = lv_store_each_revision(c->s, measurement, weight, sc_print_revision, &t);
	if (c->o->fmt == CLI_FORMAT_TEXT && !t.n)
		fputs("  no change since it was stored\n", c->f);
	else if (c->o->fmt == CLI_FORMAT_CSV && !t.n)
		fputs("item,edit,changed_at,what,old_value,new_value\n", c->f);
	else if (c->o->fmt == CLI_FORMAT_JSON)
		fputs(t.n ? "\n  ]" : "]", c->f);
	return ret;
}

static void head_text(FILE *f, const lv_record *r)
{
	fprintf(f, "measurement %lld: patient ", (long long)r->id);
	sc_code(f, r->patient);
	if (r->session)
		fprintf(f, ", session %lld (%s)", (long long)r->session,
			lv_session_kind_name(r->session_kind));
	fprintf(f, ", %s, source ", lv_method_name(r->method));
	sc_text(f, r->source[0] ? r->source : "-");
	fputs("; stored volume ", f);
	sc_num(f, r->volume_ml, 1);
	fputs(" \xc2\xb1 ", f);
	sc_num(f, r->sd_ml, 1);
	fputs(" mL\n", f);
	if (r->deleted[0])
		fprintf(f,
			"DELETED %s UTC: counts nowhere; 'limbvol undelete %lld' brings it"
			" back, until 'limbvol purge'\n",
			r->deleted, (long long)r->id);
}

/*
 * A photo's set-up and repeat sd (store schema 4): what 'limbvol history'
 * judges a change between two photo sets by (doc/clinical.md "A change of
 * photo volume"); "not known" for a photo stored without them.
 */
static void setup_text(FILE *f, const lv_record *r)
{
	if (r->method != LV_METHOD_PHOTO)
		return;
	fputs("photo, ", f);
	if (r->views > 0)
		fprintf(f, "%d view%s", r->views, r->views == 1 ? "" : "s");
	else
		fputs("views not known", f);
	if (r->camera_distance_cm > 0) {
		fputs(", camera ", f);
		sc_num(f, r->camera_distance_cm, 0);
		fputs(" cm away", f);
	} else {
		fputs(", camera distance not known", f);
	}
	fputs("; sd \xc2\xb1 ", f);
	sc_num(f, r->sd_ml, 1);
	if (r->repeat_sd_ml > 0) {
		fputs(" mL, repeat sd \xc2\xb1 ", f);
		sc_num(f, r->repeat_sd_ml, 1);
		fputs(" mL (for a change between sets taken alike)\n", f);
	} else {
		fputs(" mL, no repeat sd (a change is judged by the sd)\n", f);
	}
}

/* name: v, null when not known (0) */
static void json_known(FILE *f, const char *sep, const char *name, double v)
{
	fprintf(f, "%s\"%s\": ", sep, name);
	if (v > 0)
		cli_number_json(f, v);
	else
		fputs("null", f);
}

/* The same as JSON fields, null when not known (tape, mask: always). */
static void setup_json(FILE *f, const lv_record *r)
{
	json_known(f, ",\n ", "repeat_sd_ml", r->repeat_sd_ml);
	json_known(f, ", ", "camera_distance_cm", r->camera_distance_cm);
	json_known(f, ", ", "views", r->views);
}

/* CSV: camera_distance_cm and views after the shared printer's columns
 * (its last volume_repeat_sd_ml), empty when not known. */
#define SETUP_CSV_NAMES ",camera_distance_cm,views"
static const char *setup_csv(char *buf, size_t size, const lv_record *r)
{
	char d[64] = "";
	if (r->camera_distance_cm > 0)
		sc_numbuf(d, sizeof d, r->camera_distance_cm, 1);
	if (r->views > 0)
		snprintf(buf, size, ",%s,%d", d, r->views);
	else
		snprintf(buf, size, ",%s,", d);
	return buf;
}

static void head_json(FILE *f, const lv_record *r)
{
	fprintf(f, "{\"id\": %lld, \"patient\": ", (long long)r->id);
	sc_code_json(f, r->patient);
	fprintf(f, ", \"session\": ");
	if (r->session)
		fprintf(f, "%lld", (long long)r->session);
	else
		fputs("null", f);
	fprintf(f, ", \"method\": \"%s\", \"source\": ", lv_method_name(r->method));
	sc_json_text(f, r->source);
	fputs(", \"stored_volume_ml\": ", f);
	cli_number_json(f, r->volume_ml);
	fputs(", \"stored_sd_ml\": ", f);
	cli_number_json(f, r->sd_ml);
	fputs(", \"deleted\": ", f);
	if (r->deleted[0])
		fprintf(f, "\"%s\"", r->deleted);
	else
		fputs("null", f);
	fputs(",\n \"measurement\": ", f);
}

static int plot(struct show *c, const lv_record *r, const lv_profile *p)
{
	lv_profile_plot_opts po = LV_PROFILE_PLOT_OPTS_INIT;
	lv_plot_format pf;
	char title[400], code[4 * LV_STORE_MAX_CODE + 1];
	lv_store_code_escape(r->patient, code, sizeof code);
	snprintf(title, sizeof title, "%s %s %.10s %s (measurement %lld)", code,
		 lv_limb_name(r->limb), r->date, lv_phase_name(r->phase), (long long)r->id);
	po.title = title;
	po.label = lv_limb_name(r->limb);
	po.model = r->model;
	po.reading_sd_cm = r->reading_sd_cm;
	if (lv_plot_format_of(c->o->plot, &pf) < 0 ||
	    lv_profile_plot(p, NULL, &po, c->o->plot, pf) < 0)
		return c->rc = cli_report_output("show");
	return 0;
}

/*
 * What the stored sd holds beyond the readings, relative to the volume: a
 * photo's marker, edges, section shape... (capture/src/measure.c), so that
 * the volume re-taken from the stored sites states the sd that was stored
 * (photo "2495.8 ± 78.7 mL", not the readings' 6.5 mL alone); 0 for a tape.
 */
static double stored_rel_sd(const lv_record *r, const lv_profile *p)
{
	lv_volume v;
	double rel, read;
	if (r->method == LV_METHOD_TAPE || !(r->volume_ml > 0) || !(r->sd_ml > 0) ||
	    lv_volume_total(p, r->model, r->reading_sd_cm, &v) < 0 || !(v.volume_ml > 0)) {
		lv_error_clear();
		return 0;
	}
	rel = r->sd_ml / r->volume_ml;
	read = v.sd_ml / v.volume_ml;
	return rel > read ? sqrt(rel * rel - read * read) : 0;
}

static int show_measurement(const lv_record *r, void *vctx)
{
	struct show *c = vctx;
	struct report rep;
	lv_profile *p = NULL;
	char extra[96];
	char code[4 * LV_STORE_MAX_CODE + 1];
	int csv_trail = c->o->history && c->o->fmt == CLI_FORMAT_CSV;

	if ((r->width_side_cm ? lv_profile_new_widths(&p, r->site_cm, r->circumference_cm,
						      r->width_side_cm, r->n)
			      : lv_profile_new(&p, r->site_cm, r->circumference_cm, r->n)) < 0)
		return c->rc = cli_report("show");
	lv_store_code_escape(r->patient, code, sizeof code);
	memset(&rep, 0, sizeof rep);
	rep.source = lv_method_name(r->method);
	rep.profile = p;
	rep.model = r->model;
	rep.reading_sd_cm = r->reading_sd_cm;
	rep.volume_rel_sd = stored_rel_sd(r, p);
	rep.from_cm = rep.to_cm = NAN;
	rep.patient = code;
	rep.limb = lv_limb_name(r->limb);
	rep.date = r->date;
	rep.phase = lv_phase_name(r->phase);
	/* the text's repeat sd is setup_text's line, with the set-up */
	if (c->o->fmt != CLI_FORMAT_TEXT)
		rep.volume_repeat_sd_ml = r->repeat_sd_ml;
	if (c->o->fmt == CLI_FORMAT_TEXT) {
		head_text(c->f, r);
		setup_text(c->f, r);
	} else if (c->o->fmt == CLI_FORMAT_JSON) {
		head_json(c->f, r);
	} else if (!csv_trail) {
		report_csv_header_more(c->f, SETUP_CSV_NAMES);
		rep.csv_more = setup_csv(extra, sizeof extra, r);
	}
	if (!csv_trail && report_print(c->f, &rep, (enum cli_format)c->o->fmt) < 0) {
		c->rc = cli_report("show");
	} else {
		if (c->o->fmt == CLI_FORMAT_JSON)
			setup_json(c->f, r);
		if (c->o->history && trail(c, r->id, 0) < 0)
			c->rc = cli_report("show");
		else if (c->o->plot)
			plot(c, r, p);
	}
	if (c->o->fmt == CLI_FORMAT_JSON)
		fputs("}\n", c->f);
	lv_profile_free(p);
	return c->rc ? -1 : 0;
}

static int show_weight(struct show *c, int64_t id)
{
	lv_weight_info w;
	lv_patient_info p;
	FILE *f = c->f;
	if (lv_store_weight_get(c->s, id, &w) < 0 || lv_store_patient_get(c->s, w.patient, &p) < 0)
		return cli_report("show");
	if (c->o->fmt == CLI_FORMAT_TEXT) {
		fprintf(f, "weight w%lld: patient ", (long long)id);
		sc_code(f, p.code);
		fprintf(f, ", %s, ", w.date);
		sc_num(f, w.kg, 2);
		fputs(" kg\n", f);
		if (w.deleted[0])
			fprintf(f, "DELETED %s UTC: 'limbvol undelete w%lld' brings it back\n",
				w.deleted, (long long)id);
	} else if (c->o->fmt == CLI_FORMAT_JSON) {
		fprintf(f, "{\"weight\": \"w%lld\", \"patient\": ", (long long)id);
		sc_code_json(f, p.code);
		fprintf(f, ", \"date\": \"%s\", \"weight_kg\": ", w.date);
		cli_number_json(f, w.kg);
		fputs(", \"deleted\": ", f);
		if (w.deleted[0])
			fprintf(f, "\"%s\"", w.deleted);
		else
			fputs("null", f);
	} else if (!c->o->history) {
		fputs("weight,patient,date,weight_kg,deleted\n", f);
		fprintf(f, "w%lld,", (long long)id);
		sc_code(f, p.code);
		fprintf(f, ",%s,", w.date);
		sc_num(f, w.kg, 3);
		fprintf(f, ",%s\n", w.deleted);
	}
	if (c->o->history && trail(c, 0, id) < 0)
		return cli_report("show");
	if (c->o->fmt == CLI_FORMAT_JSON)
		fputs("}\n", f);
	return CLI_EXIT_OK;
}

int cmd_show(int argc, char **argv)
{
	struct show_opts o;
	struct show c;
	int64_t id = 0;
	int rc, weight = 0;

	memset(&o, 0, sizeof o);
	memset(&c, 0, sizeof c);
	if ((rc = cli_parse(&show_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.ids.n == 0)
		return cli_usage_error("show", "which measurement? (limbvol show ID)");
	if (o.ids.n > 1)
		return cli_usage_error("show", "one id at a time ('%.40s' is extra)", o.ids.v[1]);
	if (sc_item("show", o.ids.v[0], &id, &weight))
		return CLI_EXIT_USAGE;
	if (weight && o.plot)
		return cli_usage_error("show", "--plot draws a measurement, not a weight");
	c.o = &o;
	if (!(c.f = tmpfile())) {
		fprintf(stderr, "limbvol show: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	if ((rc = sc_open("show", o.db, SC_READ, &c.s)) != CLI_EXIT_OK)
		goto done;
	if (weight)
		rc = show_weight(&c, id);
	else if (lv_store_get_ex(c.s, id, LV_STORE_SITES | LV_STORE_WITH_DELETED, show_measurement,
				 &c) < 0)
		rc = c.rc ? c.rc : cli_report("show");
	if (rc == CLI_EXIT_OK)
		rc = cli_publish("show", c.f);
done:
	fclose(c.f);
	lv_store_close(c.s);
	return rc;
}
