/*
 * limbvol tape: limb volume from tape circumferences, typed on the command
 * line, answered at a prompt (-i), or read from a tape CSV file.
 */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "report.h"
#include "tape_entry.h"
#include "limbvol/limbvol.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "volume from tape circumferences (quick, interactive or CSV)";

static const char usage[] = "usage: limbvol tape [options] C1 C2 ... [--other C1 C2 ...]\n"
			    "       limbvol tape [options] -i [--other]\n"
			    "       limbvol tape [options] FILE.csv | -\n";

static const char about[] =
	"Volume of a limb from circumferences measured with a tape at sites along\n"
	"its axis (cm from a landmark, e.g. 2 cm above the wrist), with its\n"
	"uncertainty from the tape's reading error.  With the other limb: excess\n"
	"volume, percent excess (PEV), severity and the per-site differences.\n";

static const char more[] =
	"FILE.csv: header 'patient,limb,date,phase,site_cm,circumference_cm' (patient,\n"
	"date and phase optional); limb left-arm|right-arm|left-leg|right-leg; phase\n"
	"baseline|pre|post|other.  One result per measurement; both sides of one\n"
	"patient, date and phase give the inter-limb metrics.\n\n"
	"examples:\n"
	"  limbvol tape --step 4 17.5 19 21.2 23 24.6\n"
	"  limbvol tape --step=4 17.5 19 21.2 23 24.6 --other 17.2 18.5 20 21.9 23\n"
	"  limbvol tape -i --other --plot arms.png\n"
	"  limbvol tape --format=csv -- samples/arm-pair.csv\n\n"
	"exit codes: 0 ok, 64 usage, 65 bad data (file:line:column), 66 no such file,\n"
	"70 internal error, 73 the plot cannot be written, 74 input/output error,\n"
	"130 -i interrupted by Ctrl-C (the values kept for --resume).\n";

struct tape_opts {
	struct entry e;
	double from_cm, to_cm;
	struct tape_range ranges[16];
	size_t n_ranges;
	double *at_cm;
	size_t n_at;
	int fmt; /* enum cli_format */
	lv_csv_style csv_style;
	const char *plot;
};

static int parse_range(const char *arg, struct tape_range *r)
{
	const char *eq = strchr(arg, '='), *colon;
	if (!eq || eq == arg || (size_t)(eq - arg) >= sizeof r->name)
		return -1;
	colon = strchr(eq + 1, ':');
	if (!colon)
		return -1;
	snprintf(r->name, sizeof r->name, "%.*s", (int)(eq - arg), arg);
	if (lv_number_parse(eq + 1, (size_t)(colon - eq - 1), LV_NUMBER_COMMA, &r->from_cm) < 0 ||
	    lv_number_parse(colon + 1, strlen(colon + 1), LV_NUMBER_COMMA, &r->to_cm) < 0 ||
	    !(r->from_cm < r->to_cm))
		return -1;
	return 0;
}

static int set_range(struct cli_parser *p, void *base, const char *arg)
{
	struct tape_opts *o = base;
	if (o->n_ranges == 16 || parse_range(arg, &o->ranges[o->n_ranges]) < 0) {
		lv_error_clear();
		return cli_fail(p,
				"expected NAME=FROM:TO with FROM < TO in cm (at most 16), "
				"found '%.60s'",
				arg);
	}
	o->n_ranges++;
	return 0;
}

static int parse_list(const char *arg, double **out, size_t *n)
{
	size_t cap = 1;
	const char *p;
	for (p = arg; *p; p++)
		cap += *p == ',';
	*out = malloc(cap * sizeof **out);
	if (!*out)
		return -1;
	*n = 0;
	for (p = arg; *p;) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (lv_number_parse(p, len, 0, &(*out)[*n]) < 0 ||
		    (*n && (*out)[*n] <= (*out)[*n - 1]))
			return -1;
		(*n)++;
		p = end ? end + 1 : p + len;
	}
	return *n >= 2 ? 0 : -1;
}

static int set_at(struct cli_parser *p, void *base, const char *arg)
{
	struct tape_opts *o = base;
	free(o->at_cm); /* given again: the last one wins */
	o->at_cm = NULL;
	if (parse_list(arg, &o->at_cm, &o->n_at) < 0) {
		lv_error_clear();
		return cli_fail(p,
				"expected at least 2 increasing sites in cm separated by "
				"commas, found '%.60s'",
				arg);
	}
	return 0;
}

#define OFF(field) offsetof(struct tape_opts, field)

static const struct cli_opt options[] = {
	{ CLI_INCLUDE, .include = entry_options, .offset = OFF(e) },
	{ CLI_TITLE, .help = "output options" },
	{ CLI_NUMBER, "from", 0, OFF(from_cm), .arg = "CM",
	  .help = "volume between two positions (interpolated), with --to" },
	{ CLI_NUMBER, "to", 0, OFF(to_cm), .arg = "CM", .help = "the end of that range" },
	{ CLI_CALL, "range", 0, .arg = "NAME=FROM:TO", .set = set_range, .flags = CLI_REPEAT,
	  .help = "a named segment, e.g. forearm=0:20 (repeatable)" },
	{ CLI_CALL, "at", 0, .arg = "LIST", .set = set_at,
	  .help = "table and segments at these sites (resampled), e.g. 0,10,20" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_STRING, "plot", 0, OFF(plot), .arg = "FILE.png|svg|pdf", .flags = CLI_FILE,
	  .help = "also draw the limb's shape (and the other limb's),\n"
		  "with the sites differing by 2 cm or more marked; from a file\n"
		  "one picture per visit: FILE, then FILE-2.EXT, FILE-3.EXT ..." },
	{ CLI_END }
};

const struct cli_cmd tape_cmd = { "tape", usage, about, options, more, summary, NULL, 0 };

static void fill_report(struct report *r, const struct entry *e, const struct tape_opts *o)
{
	memset(r, 0, sizeof *r);
	r->source = "tape";
	r->csv_style = o->csv_style;
	r->model = e->model;
	r->reading_sd_cm = e->tape_sd_cm;
	r->from_cm = o->from_cm;
	r->to_cm = o->to_cm;
	r->ranges = o->ranges;
	r->n_ranges = o->n_ranges;
	r->sites_cm = o->at_cm;
	r->n_sites = o->n_at;
}

/* ---- file mode: measurements stream through; both sides pair up ---- */

struct visit_item {
	char patient[LV_TAPE_MAX_FIELD + 1], date[LV_TAPE_MAX_FIELD + 1];
	lv_limb limb;
	lv_phase phase;
	lv_profile *profile;
	long line;
};

struct visit {
	struct visit_item item[4];
	size_t n;
	size_t plotted; /* visits drawn with --plot so far */
	int plot_failed;
	/* the current patient's baseline: a copy of each limb's profile (or NULL) */
	char base_patient[LV_TAPE_MAX_FIELD + 1], base_date[LV_TAPE_MAX_FIELD + 1];
	lv_profile *base[4];
};

static void forget_baseline(struct visit *v)
{
	for (int l = 0; l < 4; l++) {
		lv_profile_free(v->base[l]);
		v->base[l] = NULL;
	}
}

/* Remember a baseline visit's profiles: later visits are assessed against them. */
static int note_baseline(struct visit *v)
{
	forget_baseline(v);
	memcpy(v->base_patient, v->item[0].patient, sizeof v->base_patient);
	memcpy(v->base_date, v->item[0].date, sizeof v->base_date);
	for (size_t i = 0; i < v->n; i++)
		if (lv_profile_copy(&v->base[v->item[i].limb], v->item[i].profile) < 0)
			return LV_ENOMEM;
	return LV_OK;
}

/* "right arm" for right-arm, into buf. */
static void limb_words(lv_limb l, char *buf, size_t size)
{
	snprintf(buf, size, "%s", lv_limb_name(l));
	for (char *p = buf; *p; p++)
		if (*p == '-')
			*p = ' ';
}

/*
 * --plot for a file: one picture per visit, the first to FILE, the next to
 * FILE-2.EXT, FILE-3.EXT ...; the visit's first limb with its other limb.
 */
static int plot_visit(struct visit *v, const struct entry *e, const char *plot)
{
	lv_profile_plot_opts po = LV_PROFILE_PLOT_OPTS_INIT;
	const struct visit_item *it = &v->item[0], *other = NULL;
	char path[4096], title[1400], code[4 * LV_TAPE_MAX_FIELD + 8], l1[40], l2[40];
	const char *dot = strrchr(plot, '.');
	lv_plot_format pf;

	for (size_t j = 1; j < v->n; j++)
		if (v->item[j].limb == lv_limb_other(it->limb))
			other = &v->item[j];
	if ((v->plotted == 0 || !dot ? snprintf(path, sizeof path, "%s", plot)
				     : snprintf(path, sizeof path, "%.*s-%zu%s", (int)(dot - plot),
						plot, v->plotted + 1, dot)) >= (int)sizeof path) {
		v->plot_failed = 1;
		return lv_error_set(LV_EIO, "the --plot path is too long");
	}
	lv_store_code_escape(it->patient, code, sizeof code);
	snprintf(title, sizeof title, "%s%s%s %s", code, code[0] ? " " : "", it->date,
		 lv_phase_name(it->phase));
	limb_words(it->limb, l1, sizeof l1);
	po.title = title;
	po.label = l1;
	if (other) {
		limb_words(other->limb, l2, sizeof l2);
		po.other_label = l2;
	}
	po.model = e->model;
	po.reading_sd_cm = e->tape_sd_cm;
	v->plotted++;
	if (lv_plot_format_of(plot, &pf) < 0 ||
	    lv_profile_plot(it->profile, other ? other->profile : NULL, &po, path, pf) < 0) {
		v->plot_failed = 1;
		return LV_EIO;
	}
	return LV_OK;
}

static int flush_visit(struct visit *v, FILE *out, const struct entry *e, const struct tape_opts *o,
		       size_t *printed, const char *path)
{
	int st = LV_OK;
	size_t i, j;
	int is_baseline = v->n && v->item[0].phase == LV_PHASE_BASELINE;

	if (is_baseline && (st = note_baseline(v)) < 0)
		return st;
	if (!is_baseline && v->n && strcmp(v->base_patient, v->item[0].patient))
		forget_baseline(v); /* another patient */
	for (i = 0; i < v->n; i++) {
		struct visit_item *it = &v->item[i];
		struct report r;
		const struct visit_item *other = NULL;

		for (j = 0; j < v->n; j++)
			if (v->item[j].limb == lv_limb_other(it->limb))
				other = &v->item[j];
		fill_report(&r, e, o);
		r.profile = it->profile;
		r.patient = it->patient;
		r.limb = lv_limb_name(it->limb);
		r.date = it->date;
		r.phase = lv_phase_name(it->phase);
		if (!is_baseline && v->base[it->limb]) {
			r.has_baseline = 1;
			r.baseline_date = v->base_date;
			r.baseline = v->base[it->limb];
			r.baseline_other = v->base[lv_limb_other(it->limb)];
		}
		if (other) {
			r.other = other->profile;
			r.other_limb = lv_limb_name(other->limb);
		}
		if (o->fmt == CLI_FORMAT_JSON)
			fputs(*printed ? ",\n  " : "[\n  ", out);
		else if (o->fmt == CLI_FORMAT_TEXT && *printed)
			fputc('\n', out);
		if ((st = report_print(out, &r, o->fmt)) < 0) {
			lv_error_locate(path, it->line, 0);
			break;
		}
		(*printed)++;
	}
	if (st == LV_OK && o->plot && v->n)
		st = plot_visit(v, e, o->plot);
	for (i = 0; i < v->n; i++)
		lv_profile_free(v->item[i].profile);
	v->n = 0;
	return st;
}

static int run_file(const char *path, const struct entry *e, const struct tape_opts *o)
{
	lv_tape_reader *rd = NULL;
	lv_tape_group g;
	struct visit v;
	FILE *out = tmpfile();
	size_t printed = 0;
	long line = 0;
	int st, rc = CLI_EXIT_OK, unusual = 0;

	memset(&v, 0, sizeof v);
	if (!out) {
		fprintf(stderr, "limbvol tape: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	if (lv_tape_reader_open(&rd, path) < 0) {
		rc = cli_report("tape");
		goto done;
	}
	if (o->fmt == CLI_FORMAT_CSV)
		report_csv_header(out);
	while ((st = lv_tape_reader_next(rd, &g)) > 0) {
		struct visit_item *it;
		if (v.n &&
		    (v.item[0].phase != g.phase || strcmp(v.item[0].patient, g.patient) ||
		     strcmp(v.item[0].date, g.date))) {
			if ((st = flush_visit(&v, out, e, o, &printed, path)) < 0)
				break;
		}
		it = &v.item[v.n];
		/* the reader caps both at LV_TAPE_MAX_FIELD bytes */
		memcpy(it->patient, g.patient, strlen(g.patient) + 1);
		memcpy(it->date, g.date, strlen(g.date) + 1);
		it->limb = g.limb;
		it->phase = g.phase;
		it->line = g.first_line;
		if (!e->accept_unusual && lv_check_tape_group(&g, &line) < 0) {
			lv_error_locate(path, line, 0);
			unusual = 1;
			st = -1;
			break;
		}
		if (lv_profile_new(&it->profile, g.site_cm, g.circumference_cm, g.n) < 0) {
			lv_error_locate(path, g.first_line, 0);
			st = -1;
			break;
		}
		v.n++; /* at most 4: the reader refuses a limb twice in one visit */
	}
	if (st == 0 && v.n)
		st = flush_visit(&v, out, e, o, &printed, path);
	if (st < 0) {
		rc = v.plot_failed ? cli_report_output("tape") : cli_report("tape");
		if (unusual)
			fprintf(stderr, "limbvol tape: if it is real, give --accept-unusual\n");
		goto done;
	}
	if (!printed) {
		fprintf(stderr, "limbvol tape: %s: no measurements after the header\n", path);
		rc = CLI_EXIT_DATA;
		goto done;
	}
	if (o->fmt == CLI_FORMAT_JSON)
		fputs("\n]\n", out);
	rc = o->fmt == CLI_FORMAT_CSV ? cli_publish_csv("tape", out, o->csv_style)
				      : cli_publish("tape", out);
done:
	for (size_t i = 0; i < v.n; i++)
		lv_profile_free(v.item[i].profile);
	forget_baseline(&v);
	lv_tape_reader_free(rd);
	fclose(out);
	return rc;
}

/* ---- typed values ---- */

static int run_typed(struct entry *e, const struct tape_opts *o)
{
	lv_profile *limb = NULL, *other = NULL;
	struct report r;
	int rc;

	if ((rc = entry_profiles(e, "tape", &limb, &other)) != CLI_EXIT_OK)
		return rc;
	fill_report(&r, e, o);
	r.profile = limb;
	r.other = other;
	if (o->plot) {
		lv_profile_plot_opts po = LV_PROFILE_PLOT_OPTS_INIT;
		lv_plot_format pf;
		po.model = e->model;
		po.reading_sd_cm = e->tape_sd_cm;
		if (lv_plot_format_of(o->plot, &pf) < 0 ||
		    lv_profile_plot(limb, other, &po, o->plot, pf) < 0) {
			rc = cli_report_output("tape");
			goto done;
		}
	}
	rc = report_print_stdout("tape", &r, o->fmt);
	if (rc == CLI_EXIT_OK)
		entry_done(e);
done:
	lv_profile_free(limb);
	lv_profile_free(other);
	return rc;
}

int cmd_tape(int argc, char **argv)
{
	struct tape_opts o;
	struct entry *e = &o.e;
	int rc;

	memset(&o, 0, sizeof o);
	o.from_cm = o.to_cm = NAN;
	entry_init(e);
	if ((rc = cli_parse(&tape_cmd, argc, argv, &o)) != CLI_CONTINUE)
		goto done;
	rc = CLI_EXIT_OK;
	if (isnan(o.from_cm) != isnan(o.to_cm)) {
		rc = cli_usage_error("tape", "--from and --to go together");
		goto done;
	}
	if (!isnan(o.from_cm) && !(o.from_cm < o.to_cm)) {
		rc = cli_usage_error("tape", "--from must be below --to");
		goto done;
	}
	if (e->file) {
		if (e->want_other || e->interactive) {
			rc = cli_usage_error(
				"tape", "a file holds both sides itself: no --other or -i with it");
			goto done;
		}
		if (o.plot) {
			lv_plot_format pf;
			if (lv_plot_format_of(o.plot, &pf) < 0) {
				rc = cli_usage_error("tape", "option --plot: %s",
						     lv_error_last()->message);
				goto done;
			}
		}
		rc = run_file(e->file, e, &o);
		goto done;
	}
	if (!e->interactive && !entry_has_values(e)) {
		rc = cli_usage_error(
			"tape", "no circumferences given (type them, use -i, or give a CSV file)");
		goto done;
	}
	if ((rc = entry_finish(e, "tape", stdin, stderr)) != CLI_EXIT_OK)
		goto done;
	rc = run_typed(e, &o);
done:
	free(o.at_cm);
	entry_free(e);
	return rc;
}
