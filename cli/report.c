/* A limb measurement printed as text, CSV or JSON (see report.h). */
#include "report.h"
#include "csvout.h"
#include "cli.h"
#include "opt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/assess.h"
#include "limbvol/metrics.h"
#include "limbvol/number.h"

const struct cli_choice cli_formats[] = { { "text", CLI_FORMAT_TEXT },
					  { "csv", CLI_FORMAT_CSV },
					  { "json", CLI_FORMAT_JSON },
					  { NULL, 0 } };

/* What a report shows: the assessment from core, and the sites' spacing. */
struct figures {
	lv_assessment a;
	double step_cm; /* NaN when unevenly spaced */
	lv_volume whole; /* the profile's whole range with volume_rel_sd */
};

/* The spacing of the profile's sites, NaN when they are unevenly spaced. */
static double spacing_cm(const lv_profile *p)
{
	size_t n = lv_profile_count(p);
	double h = lv_profile_site_cm(p, 1) - lv_profile_site_cm(p, 0);
	for (size_t i = 2; i < n; i++)
		if (fabs(lv_profile_site_cm(p, i) - lv_profile_site_cm(p, i - 1) - h) > 1e-6)
			return NAN;
	return h;
}

/* A volume between two positions with its sd: the readings' propagation
 * and the relative sd of what moves them together (report.h). */
static int volume_of(const struct report *r, const lv_profile *p, double from, double to,
		     lv_volume *v)
{
	int st = lv_volume_between(p, r->model, from, to, r->reading_sd_cm, v);
	if (st == LV_OK && r->volume_rel_sd > 0)
		v->sd_ml = hypot(v->sd_ml, v->volume_ml * r->volume_rel_sd);
	return st;
}

static int compute(const struct report *r, struct figures *fg)
{
	lv_assess_input in;
	const lv_assess_limb none = { NULL, LV_MODEL_FRUSTUM, 0, NULL, 0, 0, 0 };

	memset(fg, 0, sizeof *fg);
	fg->step_cm = spacing_cm(r->profile);
	lv_assess_input_init(&in);
	in.limb = (lv_assess_limb){ r->profile, r->model, r->reading_sd_cm, NULL, 0, 0, 0 };
	if (r->volume_rel_sd > 0) {
		/* what moves every reading together (a photo's scale, section
		 * shape ...): the whole range's volume with its full sd */
		double a, b;
		lv_volume_range(r->profile, r->model, &a, &b);
		if (volume_of(r, r->profile, a, b, &fg->whole) == LV_OK)
			in.limb.measured = &fg->whole;
		else
			lv_error_clear();
	}
	in.other = in.base_limb = in.base_other = none;
	if (r->other)
		in.other = (lv_assess_limb){ r->other, r->model, r->reading_sd_cm, NULL, 0, 0, 0 };
	if (r->has_baseline && r->baseline)
		in.base_limb =
			(lv_assess_limb){ r->baseline, r->model, r->reading_sd_cm, NULL, 0, 0, 0 };
	if (r->has_baseline && r->baseline_other)
		in.base_other = (lv_assess_limb){
			r->baseline_other, r->model, r->reading_sd_cm, NULL, 0, 0, 0
		};
	in.from_cm = r->from_cm;
	in.to_cm = r->to_cm;
	return lv_assess(&in, &fg->a);
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void report_csv_header_more(FILE *f, const char *more)
{
	fputs("patient,limb,date,phase,model,from_cm,to_cm,sites,volume_ml,volume_sd_ml,"
	      "other_limb,other_volume_ml,other_volume_sd_ml,excess_ml,excess_sd_ml,"
	      "excess_percent,excess_significant,class,severity,max_site_difference_cm,"
	      "baseline_date,volume_change_percent,rvc_percent,compared_from_cm,compared_to_cm,"
	      "comparison_note,step_cm,volume_repeat_sd_ml",
	      f);
	if (more)
		fputs(more, f);
	fputc('\n', f);
}

void report_csv_header(FILE *f)
{
	report_csv_header_more(f, NULL);
}

/* A CSV row is built in memory and written once: this runs per measurement. */
struct row {
	char buf[2048];
	size_t n;
};

static void put(struct row *w, const char *s)
{
	size_t len = strlen(s);
	if (w->n + len < sizeof w->buf) {
		memcpy(w->buf + w->n, s, len);
		w->n += len;
	}
}

static void put_field(struct row *w, const char *s)
{
	if (!strpbrk(s, ",\"\r\n")) {
		put(w, s);
		return;
	}
	put(w, "\"");
	for (; *s && w->n + 3 < sizeof w->buf; s++) {
		if (*s == '"')
			w->buf[w->n++] = '"';
		w->buf[w->n++] = *s;
	}
	put(w, "\"");
}

static void put_num(struct row *w, double v, int decimals)
{
	char num[64];
	put(w, lv_number_format(v, decimals, num, sizeof num) < 0 ? "" : num);
}

static void print_csv(FILE *f, const struct report *r, const struct figures *fg)
{
	const lv_assessment *a = &fg->a;
	struct row w;

	w.n = 0;
	put_field(&w, or_empty(r->patient));
	put(&w, ",");
	put_field(&w, or_empty(r->limb));
	put(&w, ",");
	put_field(&w, or_empty(r->date));
	put(&w, ",");
	put_field(&w, or_empty(r->phase));
	put(&w, ",");
	put(&w, lv_model_name(r->model));
	put(&w, ",");
	put_num(&w, a->volume.from_cm, 2);
	put(&w, ",");
	put_num(&w, a->volume.to_cm, 2);
	put(&w, ",");
	put_num(&w, (double)lv_profile_count(r->profile), 0);
	put(&w, ",");
	put_num(&w, a->volume.volume_ml, 1);
	put(&w, ",");
	put_num(&w, a->volume.sd_ml, 1);
	put(&w, ",");
	if (a->has_other) {
		const lv_volume *o = a->compared ? &a->other_compared : &a->other_volume;
		put_field(&w, or_empty(r->other_limb));
		put(&w, ",");
		put_num(&w, o->volume_ml, 1);
		put(&w, ",");
		put_num(&w, o->sd_ml, 1);
	} else {
		put(&w, ",,");
	}
	if (a->compared) {
		put(&w, ",");
		put_num(&w, a->excess_ml, 1);
		put(&w, ",");
		put_num(&w, a->excess_sd_ml, 1);
		put(&w, ",");
		put_num(&w, a->pev_percent, 2);
		put(&w, a->significant ? ",yes," : ",no,");
		put(&w, lv_pev_class_name(a->pev_class));
		put(&w, ",");
		put(&w, a->has_severity ? lv_severity_name(a->severity) : "");
		put(&w, ",");
		put_num(&w, a->max_site_diff_cm, 1);
	} else {
		put(&w, ",,,,,,,");
	}
	put(&w, ",");
	if (a->has_change) {
		put_field(&w, or_empty(r->baseline_date));
		put(&w, ",");
		put_num(&w, a->change_percent, 2);
	} else {
		put(&w, ",");
	}
	put(&w, ",");
	if (a->has_rvc)
		put_num(&w, a->rvc_percent, 2);
	put(&w, ",");
	if (a->compared) {
		put_num(&w, a->compare_from_cm, 2);
		put(&w, ",");
		put_num(&w, a->compare_to_cm, 2);
	} else {
		put(&w, ",");
	}
	put(&w, ",");
	put_field(&w, a->note);
	put(&w, ",");
	if (!isnan(fg->step_cm)) /* the spacing, empty when uneven */
		put_num(&w, fg->step_cm, 3);
	put(&w, ",");
	if (r->volume_repeat_sd_ml > 0)
		put_num(&w, r->volume_repeat_sd_ml, 1);
	if (r->csv_more)
		put(&w, r->csv_more);
	put(&w, "\n");
	fwrite(w.buf, 1, w.n, f);
}

/* The sites of the per-site table, with circumferences, inside the range. */
static size_t table_sites(const struct report *r, size_t i, double *site)
{
	if (r->sites_cm) {
		*site = r->sites_cm[i];
		return r->n_sites;
	}
	*site = i < lv_profile_count(r->profile) ? lv_profile_site_cm(r->profile, i) : 0;
	return lv_profile_count(r->profile);
}

static int circ_at(const lv_profile *p, double site, double *c)
{
	int st = lv_profile_circumference_at(p, site, c);
	if (st < 0)
		lv_error_clear();
	return st;
}

/* Segment volumes: the model's own, or between consecutive report sites. */
static int segments(const struct report *r, lv_volume **out, size_t *n)
{
	size_t k = 0, i, cap;
	lv_volume *v;
	int st;

	*out = NULL;
	*n = 0;
	if (!r->sites_cm) {
		cap = lv_volume_segment_count(r->profile, r->model);
		v = calloc(cap, sizeof *v);
		if (!v)
			return lv_error_set(LV_ENOMEM, "out of memory");
		if ((st = lv_volume_segments(r->profile, r->model, r->reading_sd_cm, v, cap)) < 0) {
			free(v);
			return st;
		}
		for (i = 0; i < cap && r->volume_rel_sd > 0; i++)
			v[i].sd_ml = hypot(v[i].sd_ml, v[i].volume_ml * r->volume_rel_sd);
		*out = v;
		*n = cap;
		return LV_OK;
	}
	v = calloc(r->n_sites ? r->n_sites : 1, sizeof *v);
	if (!v)
		return lv_error_set(LV_ENOMEM, "out of memory");
	for (i = 0; i + 1 < r->n_sites; i++) {
		if (volume_of(r, r->profile, r->sites_cm[i], r->sites_cm[i + 1], &v[k]) < 0) {
			lv_error_clear();
			continue;
		}
		k++;
	}
	*out = v;
	*n = k;
	return LV_OK;
}

/* JSON numbers read back to the same double (shortest round trip); the
 * decimals are those of text and CSV, kept to say what the figure's
 * clinical precision is. */
static void json_num(FILE *f, const char *key, double v, int decimals, int comma)
{
	(void)decimals;
	fprintf(f, "%s\"%s\": ", comma ? ", " : "", key);
	cli_number_json(f, v);
}

/* The JSON object's identity, the limb's volume and the other limb's. */
static void json_volumes(FILE *f, const struct report *r, const struct figures *fg)
{
	const lv_assessment *a = &fg->a;

	fputc('{', f);
	if (r->limb) {
		fputs("\"patient\": ", f);
		cli_json_string(f, or_empty(r->patient));
		fputs(", \"limb\": ", f);
		cli_json_string(f, r->limb);
		fputs(", \"date\": ", f);
		cli_json_string(f, or_empty(r->date));
		fputs(", \"phase\": ", f);
		cli_json_string(f, or_empty(r->phase));
		fputs(", ", f);
	}
	fprintf(f, "\"model\": \"%s\"", lv_model_name(r->model));
	json_num(f, "from_cm", a->volume.from_cm, 2, 1);
	json_num(f, "to_cm", a->volume.to_cm, 2, 1);
	json_num(f, "volume_ml", a->volume.volume_ml, 2, 1);
	json_num(f, "volume_sd_ml", a->volume.sd_ml, 2, 1);
	json_num(f, "reading_sd_cm", r->reading_sd_cm, 3, 1);
	json_num(f, "step_cm", fg->step_cm, 3, 1); /* null when unevenly spaced */
	if (r->note) {
		fputs(", \"note\": ", f);
		cli_json_string(f, r->note);
	}
	if (a->has_other) {
		const lv_volume *o = a->compared ? &a->other_compared : &a->other_volume;
		if (r->other_limb) {
			fputs(", \"other_limb\": ", f);
			cli_json_string(f, r->other_limb);
		}
		json_num(f, "other_volume_ml", o->volume_ml, 2, 1);
		json_num(f, "other_volume_sd_ml", o->sd_ml, 2, 1);
	}
}

/* The comparison with the other limb and the baseline. */
static void json_comparison(FILE *f, const struct report *r, const lv_assessment *a)
{
	if (a->compared) {
		json_num(f, "compared_from_cm", a->compare_from_cm, 2, 1);
		json_num(f, "compared_to_cm", a->compare_to_cm, 2, 1);
		if (a->range_narrowed) {
			json_num(f, "compared_volume_ml", a->limb_compared.volume_ml, 2, 1);
			json_num(f, "compared_volume_sd_ml", a->limb_compared.sd_ml, 2, 1);
		}
		json_num(f, "excess_ml", a->excess_ml, 2, 1);
		json_num(f, "excess_sd_ml", a->excess_sd_ml, 2, 1);
		json_num(f, "excess_percent", a->pev_percent, 3, 1);
		json_num(f, "excess_threshold_ml", a->threshold_ml, 2, 1);
		fprintf(f, ", \"excess_significant\": %s, \"class\": \"%s\", \"severity\": ",
			a->significant ? "true" : "false", lv_pev_class_name(a->pev_class));
		if (a->has_severity)
			fprintf(f, "\"%s\"", lv_severity_name(a->severity));
		else
			fputs("null", f);
	}
	if (a->note[0]) {
		fputs(", \"comparison_note\": ", f);
		cli_json_string(f, a->note);
	}
	if (a->has_change) {
		fputs(", \"baseline_date\": ", f);
		cli_json_string(f, or_empty(r->baseline_date));
		json_num(f, "volume_change_percent", a->change_percent, 3, 1);
	}
	if (a->has_rvc)
		json_num(f, "rvc_percent", a->rvc_percent, 3, 1);
}

/* The segments, the named ranges and the per-site table. */
static int json_lists(FILE *f, const struct report *r, const lv_assessment *a)
{
	lv_volume *seg;
	size_t nseg, i, n;
	double site;
	int st, first = 1;

	if ((st = segments(r, &seg, &nseg)) < 0)
		return st;
	fputs(", \"segments\": [", f);
	for (i = 0; i < nseg; i++) {
		fputs(i ? ", {" : "{", f);
		json_num(f, "from_cm", seg[i].from_cm, 2, 0);
		json_num(f, "to_cm", seg[i].to_cm, 2, 1);
		json_num(f, "volume_ml", seg[i].volume_ml, 2, 1);
		json_num(f, "volume_sd_ml", seg[i].sd_ml, 2, 1);
		fputc('}', f);
	}
	free(seg);
	fputs("], \"ranges\": [", f);
	for (i = 0; i < r->n_ranges; i++) {
		lv_volume v;
		if ((st = volume_of(r, r->profile, r->ranges[i].from_cm, r->ranges[i].to_cm, &v)) <
		    0)
			return st;
		fputs(i ? ", {\"name\": " : "{\"name\": ", f);
		cli_json_string(f, r->ranges[i].name);
		json_num(f, "from_cm", v.from_cm, 2, 1);
		json_num(f, "to_cm", v.to_cm, 2, 1);
		json_num(f, "volume_ml", v.volume_ml, 2, 1);
		json_num(f, "volume_sd_ml", v.sd_ml, 2, 1);
		fputc('}', f);
	}
	fputs("], \"sites\": [", f);
	n = table_sites(r, 0, &site);
	for (i = 0; i < n; i++) {
		double c, o;
		table_sites(r, i, &site);
		if (circ_at(r->profile, site, &c) < 0)
			continue;
		fputs(first ? "{" : ", {", f);
		first = 0;
		json_num(f, "site_cm", site, 2, 0);
		json_num(f, "circumference_cm", c, 2, 1);
		if (r->sites_cm && r->sites_sd_cm)
			json_num(f, "circumference_sd_cm", r->sites_sd_cm[i], 2, 1);
		if (a->has_other && circ_at(r->other, site, &o) == 0) {
			json_num(f, "other_circumference_cm", o, 2, 1);
			json_num(f, "difference_cm", c - o, 2, 1);
			fprintf(f, ", \"flag\": %s",
				fabs(c - o) >= LV_SITE_DIFF_FLAG_CM ? "true" : "false");
		}
		fputc('}', f);
	}
	return LV_OK;
}

static int print_json(FILE *f, const struct report *r, const struct figures *fg)
{
	int st;

	json_volumes(f, r, fg);
	json_comparison(f, r, &fg->a);
	if ((st = json_lists(f, r, &fg->a)) < 0)
		return st;
	fputc(']', f);
	if (r->volume_repeat_sd_ml > 0)
		json_num(f, "volume_repeat_sd_ml", r->volume_repeat_sd_ml, 2, 1);
	if (r->camera_distance_cm > 0)
		json_num(f, "camera_distance_cm", r->camera_distance_cm, 1, 1);
	fputc('}', f);
	return LV_OK;
}

/* The clinical lines of the text report: change, RVC, the other limb, EV. */
static void print_text_assessment(FILE *f, const struct report *r, const lv_assessment *a,
				  size_t flagged)
{
	const lv_volume *o = a->compared ? &a->other_compared : &a->other_volume;

	if (a->has_change) {
		fprintf(f, "against the baseline %s: volume %+.1f %%", or_empty(r->baseline_date),
			a->change_percent);
		if (fabs(a->change_from_cm - a->volume.from_cm) > 1e-9 ||
		    fabs(a->change_to_cm - a->volume.to_cm) > 1e-9)
			fprintf(f, " over %.1f to %.1f cm", a->change_from_cm, a->change_to_cm);
		if (a->has_rvc)
			fprintf(f, ", relative volume change (RVC) %+.1f %% (%s)", a->rvc_percent,
				lv_pev_class_name(a->rvc_class));
		fputc('\n', f);
	}
	if (!a->has_other)
		return;
	if (a->range_narrowed)
		fprintf(f,
			"compared over the range both limbs cover, %.1f to %.1f cm: this limb"
			" %.1f ± %.1f mL\n",
			a->compare_from_cm, a->compare_to_cm, a->limb_compared.volume_ml,
			a->limb_compared.sd_ml);
	fprintf(f, "other limb%s%s:  %.1f ± %.1f mL", r->other_limb ? " " : "",
		or_empty(r->other_limb), o->volume_ml, o->sd_ml);
	if (!a->compared) {
		fprintf(f, " (%.1f to %.1f cm)\nno excess volume, PEV or severity: %s\n",
			o->from_cm, o->to_cm, a->note);
		return;
	}
	fputc('\n', f);
	if (a->excess_ml >= 0) {
		fprintf(f, "excess volume: %+.1f ± %.1f mL = %+.1f %% of the other limb (%s",
			a->excess_ml, a->excess_sd_ml, a->pev_percent,
			lv_pev_class_name(a->pev_class));
		if (a->has_severity)
			fprintf(f, "; ISL severity %s", lv_severity_name(a->severity));
		fprintf(f, ")\n");
	} else {
		/* state the excess from the larger limb's side, as clinicians do */
		fprintf(f,
			"this is the smaller limb: the other has %+.1f ± %.1f mL = %+.1f %% "
			"(%s; ISL severity %s)\n",
			-a->excess_ml, a->excess_sd_ml, a->other_pev_percent,
			lv_pev_class_name(lv_pev_class_of(a->other_pev_percent)),
			lv_severity_name(lv_severity_of(a->other_pev_percent)));
	}
	fprintf(f, "  %s the measurement error (95 %%: %.1f mL)\n",
		a->significant ? "exceeds" : "does NOT exceed", a->threshold_ml);
	if (flagged)
		fprintf(f, "  %zu site(s) differ by %.0f cm or more (marked !)\n", flagged,
			LV_SITE_DIFF_FLAG_CM);
}

static int print_text(FILE *f, const struct report *r, const struct figures *fg)
{
	lv_volume *seg;
	size_t nseg, i, n, k = 0, flagged = 0;
	double site;
	const double *sd = r->sites_cm ? r->sites_sd_cm : NULL;
	int st;

	if (r->limb)
		fprintf(f, "%s%s%s %s %s\n", or_empty(r->patient),
			r->patient && *r->patient ? "  " : "", r->limb, or_empty(r->date),
			or_empty(r->phase));
	fprintf(f, "%s, %s model, ", r->source, lv_model_name(r->model));
	if (r->sites_cm && r->n_sites >= 2 && !isnan(fg->step_cm)) /* a photo's slices */
		fprintf(f, "slices every %g cm, virtual tape every %g cm", fg->step_cm,
			r->sites_cm[1] - r->sites_cm[0]);
	else if (!isnan(fg->step_cm))
		fprintf(f, "%zu sites every %g cm", lv_profile_count(r->profile), fg->step_cm);
	else
		fprintf(f, "%zu sites unevenly spaced", lv_profile_count(r->profile));
	fprintf(f, " from %g cm, reading sd %.2f cm\n", lv_profile_site_cm(r->profile, 0),
		r->reading_sd_cm);
	if ((st = segments(r, &seg, &nseg)) < 0)
		return st;
	fprintf(f, "  %8s %9s%s", "site cm", "circ cm", sd ? "  ± cm" : "");
	if (fg->a.has_other)
		fprintf(f, " %9s %8s", "other cm", "diff cm");
	fprintf(f, "   %-15s %10s\n", "segment cm", "volume mL");
	n = table_sites(r, 0, &site);
	for (i = 0; i < n; i++) {
		double c, o;
		table_sites(r, i, &site);
		if (circ_at(r->profile, site, &c) < 0)
			continue;
		fprintf(f, "  %8.1f %9.2f", site, c);
		if (sd)
			fprintf(f, " %5.2f", sd[i]);
		if (fg->a.has_other && circ_at(r->other, site, &o) == 0) {
			int flag = fabs(c - o) >= LV_SITE_DIFF_FLAG_CM;
			flagged += flag;
			fprintf(f, " %9.2f %+8.2f%s", o, c - o, flag ? " !" : "  ");
		}
		/* a segment that starts at this site (discs: the disc around it) */
		while (k < nseg && seg[k].to_cm <= site + 1e-9 && r->model != LV_MODEL_DISC)
			k++;
		if (k < nseg &&
		    (r->model == LV_MODEL_DISC ? 1 : fabs(seg[k].from_cm - site) < 1e-9)) {
			char span[40];
			snprintf(span, sizeof span, "%.1f-%.1f", seg[k].from_cm, seg[k].to_cm);
			fprintf(f, "   %-15s %10.1f", span, seg[k].volume_ml);
			k++;
		}
		fputc('\n', f);
	}
	free(seg);
	for (i = 0; i < r->n_ranges; i++) {
		lv_volume v;
		if ((st = volume_of(r, r->profile, r->ranges[i].from_cm, r->ranges[i].to_cm, &v)) <
		    0)
			return st;
		fprintf(f, "%s (%.1f to %.1f cm): %.1f ± %.1f mL\n", r->ranges[i].name, v.from_cm,
			v.to_cm, v.volume_ml, v.sd_ml);
	}
	fprintf(f, "volume %.1f to %.1f cm: %.1f ± %.1f mL\n", fg->a.volume.from_cm,
		fg->a.volume.to_cm, fg->a.volume.volume_ml, fg->a.volume.sd_ml);
	if (r->volume_repeat_sd_ml > 0)
		fprintf(f, "repeat sd (same pose, for a change): ± %.1f mL\n",
			r->volume_repeat_sd_ml);
	if (r->note)
		fprintf(f, "note: %s\n", r->note);
	print_text_assessment(f, r, &fg->a, flagged);
	return LV_OK;
}

int report_print(FILE *f, const struct report *r, enum cli_format fmt)
{
	struct figures fg;
	int st;

	if ((st = compute(r, &fg)) < 0)
		return st;
	switch (fmt) {
	case CLI_FORMAT_CSV:
		print_csv(f, r, &fg);
		return LV_OK;
	case CLI_FORMAT_JSON:
		return print_json(f, r, &fg);
	default:
		return print_text(f, r, &fg);
	}
}

int report_print_stdout(const char *cmd, const struct report *r, enum cli_format fmt)
{
	FILE *out = tmpfile();
	int rc;

	if (!out) {
		fprintf(stderr, "limbvol %s: cannot create a temporary file\n", cmd);
		return CLI_EXIT_CANTCREAT;
	}
	if (fmt == CLI_FORMAT_CSV)
		report_csv_header(out);
	if (report_print(out, r, fmt) < 0)
		rc = cli_report(cmd);
	else {
		if (fmt == CLI_FORMAT_JSON)
			fputc('\n', out);
		rc = fmt == CLI_FORMAT_CSV ? cli_publish_csv(cmd, out, r->csv_style)
					   : cli_publish(cmd, out);
	}
	fclose(out);
	return rc;
}
