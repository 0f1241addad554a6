/* A limb measurement printed as text, CSV or JSON (see report.h). */
#include "report.h"
#include "cli.h"
#include "opt.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "limbvol/error.h"
#include "limbvol/metrics.h"
#include "limbvol/number.h"

const struct cli_choice cli_formats[] = { { "text", CLI_FORMAT_TEXT },
					  { "csv", CLI_FORMAT_CSV },
					  { "json", CLI_FORMAT_JSON },
					  { NULL, 0 } };

int cli_format_parse(const char *cmd, const char *name, enum cli_format *out)
{
	if (!strcmp(name, "text"))
		*out = CLI_FORMAT_TEXT;
	else if (!strcmp(name, "csv"))
		*out = CLI_FORMAT_CSV;
	else if (!strcmp(name, "json"))
		*out = CLI_FORMAT_JSON;
	else {
		cli_usage_error(cmd, "option --format: expected text, csv or json, found '%s'",
				name);
		return -1;
	}
	return 0;
}

/* What a report shows, computed once. */
struct figures {
	lv_volume vol, other_vol;
	int has_other;
	double excess_ml, excess_sd_ml, pev, threshold_ml;
	int significant;
	double max_diff_cm;
	int has_change, has_rvc;
	double change_percent, rvc_percent;
	double step_cm; /* the sites' spacing, NaN when uneven */
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
	double from = r->from_cm, to = r->to_cm;
	int st;

	memset(fg, 0, sizeof *fg);
	fg->step_cm = spacing_cm(r->profile);
	if (isnan(from) || isnan(to))
		lv_volume_range(r->profile, r->model, &from, &to);
	if ((st = volume_of(r, r->profile, from, to, &fg->vol)) < 0)
		return st;
	if (r->has_baseline && r->baseline_ml > 0) {
		fg->has_change = lv_volume_change_percent(r->baseline_ml, fg->vol.volume_ml,
							  &fg->change_percent) == LV_OK;
	}
	if (!r->other)
		return LV_OK;
	fg->has_other = 1;
	if ((st = volume_of(r, r->other, from, to, &fg->other_vol)) < 0)
		return st;
	lv_excess_ml(fg->vol.volume_ml, fg->other_vol.volume_ml, &fg->excess_ml);
	if ((st = lv_pev_percent(fg->vol.volume_ml, fg->other_vol.volume_ml, &fg->pev)) < 0)
		return st;
	fg->excess_sd_ml = hypot(fg->vol.sd_ml, fg->other_vol.sd_ml);
	fg->threshold_ml = lv_mdc95_pair(fg->vol.sd_ml, fg->other_vol.sd_ml);
	fg->significant = fabs(fg->excess_ml) > fg->threshold_ml;
	if (r->has_baseline && r->baseline_ml > 0 && r->baseline_other_ml > 0) {
		double rvc;
		if (lv_rvc(r->baseline_ml, r->baseline_other_ml, fg->vol.volume_ml,
			   fg->other_vol.volume_ml, &rvc) == LV_OK) {
			fg->has_rvc = 1;
			fg->rvc_percent = rvc * 100;
		}
	}
	if (lv_profile_count(r->profile) == lv_profile_count(r->other))
		for (size_t i = 0; i < lv_profile_count(r->profile); i++) {
			double d = fabs(lv_profile_circumference_cm(r->profile, i) -
					lv_profile_circumference_cm(r->other, i));
			if (d > fg->max_diff_cm)
				fg->max_diff_cm = d;
		}
	return LV_OK;
}

static const char *or_empty(const char *s)
{
	return s ? s : "";
}

void report_csv_header(FILE *f)
{
	fputs("patient,limb,date,phase,model,from_cm,to_cm,sites,volume_ml,volume_sd_ml,"
	      "other_limb,other_volume_ml,other_volume_sd_ml,excess_ml,excess_sd_ml,"
	      "excess_percent,excess_significant,class,severity,max_site_difference_cm,"
	      "baseline_date,volume_change_percent,rvc_percent\n",
	      f);
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
	put_num(&w, fg->vol.from_cm, 2);
	put(&w, ",");
	put_num(&w, fg->vol.to_cm, 2);
	put(&w, ",");
	put_num(&w, (double)lv_profile_count(r->profile), 0);
	put(&w, ",");
	put_num(&w, fg->vol.volume_ml, 1);
	put(&w, ",");
	put_num(&w, fg->vol.sd_ml, 1);
	if (fg->has_other) {
		put(&w, ",");
		put_field(&w, or_empty(r->other_limb));
		put(&w, ",");
		put_num(&w, fg->other_vol.volume_ml, 1);
		put(&w, ",");
		put_num(&w, fg->other_vol.sd_ml, 1);
		put(&w, ",");
		put_num(&w, fg->excess_ml, 1);
		put(&w, ",");
		put_num(&w, fg->excess_sd_ml, 1);
		put(&w, ",");
		put_num(&w, fg->pev, 2);
		put(&w, fg->significant ? ",yes," : ",no,");
		put(&w, lv_pev_class_name(lv_pev_class_of(fg->pev)));
		put(&w, ",");
		put(&w, fg->pev > 0 ? lv_severity_name(lv_severity_of(fg->pev)) : "");
		put(&w, ",");
		put_num(&w, fg->max_diff_cm, 1);
	} else {
		put(&w, ",,,,,,,,,,");
	}
	put(&w, ",");
	if (fg->has_change) {
		put_field(&w, or_empty(r->baseline_date));
		put(&w, ",");
		put_num(&w, fg->change_percent, 2);
	} else {
		put(&w, ",");
	}
	put(&w, ",");
	if (fg->has_rvc)
		put_num(&w, fg->rvc_percent, 2);
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

static int print_json(FILE *f, const struct report *r, const struct figures *fg)
{
	lv_volume *seg;
	size_t nseg, i, n;
	double site;
	int st, first = 1;

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
	json_num(f, "from_cm", fg->vol.from_cm, 2, 1);
	json_num(f, "to_cm", fg->vol.to_cm, 2, 1);
	json_num(f, "volume_ml", fg->vol.volume_ml, 2, 1);
	json_num(f, "volume_sd_ml", fg->vol.sd_ml, 2, 1);
	json_num(f, "reading_sd_cm", r->reading_sd_cm, 3, 1);
	json_num(f, "step_cm", fg->step_cm, 3, 1); /* null when unevenly spaced */
	if (r->note) {
		fputs(", \"note\": ", f);
		cli_json_string(f, r->note);
	}
	if (fg->has_other) {
		if (r->other_limb) {
			fputs(", \"other_limb\": ", f);
			cli_json_string(f, r->other_limb);
		}
		json_num(f, "other_volume_ml", fg->other_vol.volume_ml, 2, 1);
		json_num(f, "other_volume_sd_ml", fg->other_vol.sd_ml, 2, 1);
		json_num(f, "excess_ml", fg->excess_ml, 2, 1);
		json_num(f, "excess_sd_ml", fg->excess_sd_ml, 2, 1);
		json_num(f, "excess_percent", fg->pev, 3, 1);
		json_num(f, "excess_threshold_ml", fg->threshold_ml, 2, 1);
		fprintf(f, ", \"excess_significant\": %s, \"class\": \"%s\", \"severity\": ",
			fg->significant ? "true" : "false",
			lv_pev_class_name(lv_pev_class_of(fg->pev)));
		if (fg->pev > 0)
			fprintf(f, "\"%s\"", lv_severity_name(lv_severity_of(fg->pev)));
		else
			fputs("null", f);
	}
	if (fg->has_change) {
		fputs(", \"baseline_date\": ", f);
		cli_json_string(f, or_empty(r->baseline_date));
		json_num(f, "volume_change_percent", fg->change_percent, 3, 1);
	}
	if (fg->has_rvc)
		json_num(f, "rvc_percent", fg->rvc_percent, 3, 1);
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
		if (fg->has_other && circ_at(r->other, site, &o) == 0) {
			json_num(f, "other_circumference_cm", o, 2, 1);
			json_num(f, "difference_cm", c - o, 2, 1);
			fprintf(f, ", \"flag\": %s",
				fabs(c - o) >= LV_SITE_DIFF_FLAG_CM ? "true" : "false");
		}
		fputc('}', f);
	}
	fputs("]}", f);
	return LV_OK;
}

static int print_text(FILE *f, const struct report *r, const struct figures *fg)
{
	lv_volume *seg;
	size_t nseg, i, n, k = 0, flagged = 0;
	double site;
	int st;

	if (r->limb)
		fprintf(f, "%s%s%s %s %s\n", or_empty(r->patient),
			r->patient && *r->patient ? "  " : "", r->limb, or_empty(r->date),
			or_empty(r->phase));
	fprintf(f, "%s, %s model, %zu sites", r->source, lv_model_name(r->model),
		lv_profile_count(r->profile));
	if (!isnan(fg->step_cm))
		fprintf(f, " every %g cm", fg->step_cm);
	else
		fputs(" unevenly spaced", f);
	fprintf(f, " from %g cm, reading sd %.2f cm\n", lv_profile_site_cm(r->profile, 0),
		r->reading_sd_cm);
	if ((st = segments(r, &seg, &nseg)) < 0)
		return st;
	fprintf(f, "  %8s %9s", "site cm", "circ cm");
	if (fg->has_other)
		fprintf(f, " %9s %8s", "other cm", "diff cm");
	fprintf(f, "   %-15s %10s\n", "segment cm", "volume mL");
	n = table_sites(r, 0, &site);
	for (i = 0; i < n; i++) {
		double c, o;
		table_sites(r, i, &site);
		if (circ_at(r->profile, site, &c) < 0)
			continue;
		fprintf(f, "  %8.1f %9.2f", site, c);
		if (fg->has_other && circ_at(r->other, site, &o) == 0) {
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
	fprintf(f, "volume %.1f to %.1f cm: %.1f ± %.1f mL\n", fg->vol.from_cm, fg->vol.to_cm,
		fg->vol.volume_ml, fg->vol.sd_ml);
	if (r->note)
		fprintf(f, "note: %s\n", r->note);
	if (fg->has_change) {
		fprintf(f, "against the baseline %s: volume %+.1f %%", or_empty(r->baseline_date),
			fg->change_percent);
		if (fg->has_rvc)
			fprintf(f, ", relative volume change (RVC) %+.1f %% (%s)", fg->rvc_percent,
				lv_pev_class_name(lv_pev_class_of(fg->rvc_percent)));
		fputc('\n', f);
	}
	if (!fg->has_other)
		return LV_OK;
	fprintf(f, "other limb%s%s:  %.1f ± %.1f mL\n", r->other_limb ? " " : "",
		or_empty(r->other_limb), fg->other_vol.volume_ml, fg->other_vol.sd_ml);
	if (fg->excess_ml >= 0) {
		fprintf(f, "excess volume: %+.1f ± %.1f mL = %+.1f %% of the other limb (%s",
			fg->excess_ml, fg->excess_sd_ml, fg->pev,
			lv_pev_class_name(lv_pev_class_of(fg->pev)));
		if (fg->pev > 0)
			fprintf(f, "; ISL severity %s", lv_severity_name(lv_severity_of(fg->pev)));
		fprintf(f, ")\n");
	} else {
		/* state the excess from the larger limb's side, as clinicians do */
		double pev_other = 0;
		lv_pev_percent(fg->other_vol.volume_ml, fg->vol.volume_ml, &pev_other);
		fprintf(f,
			"this is the smaller limb: the other has %+.1f ± %.1f mL = %+.1f %% "
			"(%s; ISL severity %s)\n",
			-fg->excess_ml, fg->excess_sd_ml, pev_other,
			lv_pev_class_name(lv_pev_class_of(pev_other)),
			lv_severity_name(lv_severity_of(pev_other)));
	}
	fprintf(f, "  %s the measurement error (95 %%: %.1f mL)\n",
		fg->significant ? "exceeds" : "does NOT exceed", fg->threshold_ml);
	if (flagged)
		fprintf(f, "  %zu site(s) differ by %.0f cm or more (marked !)\n", flagged,
			LV_SITE_DIFF_FLAG_CM);
	return LV_OK;
}

int report_print(FILE *f, const struct report *r, enum cli_format fmt)
{
	struct figures fg;
	int st;

	if (r->other && lv_profile_count(r->other) != lv_profile_count(r->profile))
		return lv_error_set(LV_EDATA, "the other limb has %zu sites, this one %zu",
				    lv_profile_count(r->other), lv_profile_count(r->profile));
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
		rc = cli_publish(cmd, out);
	}
	fclose(out);
	return rc;
}
