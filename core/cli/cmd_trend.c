/*
 * limbvol trend: a patient's limb volumes over time as a chart (PNG, SVG or
 * PDF) or as the plotted series in CSV.
 */
#include <stddef.h>
#include <stdio.h>
#include <string.h>

#include "cli.h"
#include "csvout.h"
#include "opt.h"
#include "commands.h"
#include "history_cli.h"
#include "report.h"
#include "store_cli.h"
#include "limbvol/limbvol.h"
#include "limbvol/store.h"
#include "limbvol/trend.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] =
	"plot a patient's volumes over time (PNG, SVG, PDF) or print the series";

static const char usage[] = "usage: limbvol trend [options] PATIENT --out FILE.png|svg|pdf\n"
			    "       limbvol trend [options] PATIENT --format csv\n";

static const char about[] =
	"A chart of patient P for a report:\n"
	"  top     volume (mL) of both limbs at each measurement with a 95 % bar\n"
	"          (+-1.96 sd from the tape's reading uncertainty); after-session\n"
	"          measurements hollow; each drainage session as a red arrow from\n"
	"          pre to post (solid when the change exceeds MDC95, dashed when\n"
	"          within the measurement error); the least-squares trend of LIMB\n"
	"          with its 95 % confidence band, fitted to the measurements that\n"
	"          are not after a session;\n"
	"  bottom  excess volume (%) of the affected limb against the other limb,\n"
	"          with the baseline value and the 10 % line (lymphedema);\n"
	"  across  a dotted line at the visit where the affected limb's RVC first\n"
	"          reached the early-intervention threshold (purple) or lymphedema\n"
	"          (red), labelled with the RVC there (see limbvol alerts).\n"
	"The title names the patient code and limb, the subtitle the slope in\n"
	"mL/week with its 95 % confidence interval.  PNG, SVG and PDF are drawn\n"
	"alike; the file is written whole or not at all.\n\n"
	"--format csv prints the plotted series instead, one row per point:\n"
	"  series,date,phase,value,sd,low95,high95,from_cm,to_cm\n"
	"  series: LIMB (volume mL with its 95 % bar), excess_percent, 'LIMB trend'\n"
	"  (the fitted volume with its 95 % band at each fitted date), 'LIMB drop'\n"
	"  (post - pre, mL), 'LIMB slope_ml_per_week' (value and 95 % interval),\n"
	"  'alert early', 'alert lymphedema' (the RVC % at the visit where it first\n"
	"  reached that threshold); from_cm,to_cm the range the value covers.\n"
	"Each limb's volumes are plotted and fitted over the range all its\n"
	"measurements cover (re-taken there from the profiles; the chart says it);\n"
	"when that is under 10 cm, the most measurements sharing 10 cm are kept and\n"
	"the others left out, named on stderr.\n";

static const char more[] = "examples:\n"
			   "  limbvol trend P001 --out P001-trend.png\n"
			   "  limbvol trend P001 --limb left-arm --out report.pdf\n"
			   "  limbvol trend P001 --format csv\n"
			   "  limbvol trend P001 --format csv --csv-locale de\n\n"
			   "exit codes: 0 ok, 64 usage, 66 no store, patient or limb, 73 cannot\n"
			   "write the chart, 74 store error.\n";

struct trend_cli {
	const char *db, *out, *size;
	int fmt; /* enum cli_format: only csv */
	struct sc_limb limb;
	lv_alert_thresholds th;
	lv_csv_style csv_style;
	struct cli_operands patient;
};

static const struct cli_choice csv_only[] = { { "csv", CLI_FORMAT_CSV }, { NULL, 0 } };

#define OFF(field) offsetof(struct trend_cli, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "limb", 0, OFF(limb), .arg = "LIMB", .set = sc_set_limb,
	  .help = "the limb to fit (default the affected limb)" },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "the chart; the format follows the extension" },
	{ CLI_STRING, "size", 0, OFF(size), .arg = "WxH",
	  .help = "pixels (PNG) or points (SVG, PDF); default 1000x760" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = csv_only,
	  .help = "print the series instead of drawing" },
	{ CLI_INCLUDE, .include = hc_alert_options, .offset = OFF(th) },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_OPERANDS, .arg = "PATIENT", .offset = OFF(patient) },
	{ CLI_END }
};

const struct cli_cmd trend_cmd = { "trend", usage, about, options, more, summary, NULL, 0 };

static void csv_num(FILE *f, double v, int has)
{
	fputc(',', f);
	if (has)
		sc_num(f, v, 3);
}

/* The visits where the RVC first reached each threshold. */
static void print_alerts(FILE *out, const lv_history *h, const lv_alert_thresholds *th)
{
	lv_alerts a;
	if (lv_history_alerts(h, th, &a) < 0)
		return;
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA; k++) {
		const lv_history_row *r;
		if (!a.has_first[k])
			continue;
		r = lv_history_row_at(h, a.first_row[k]);
		fprintf(out, "alert %s,%s,%s", lv_alert_level_name((lv_alert_level)k), r->date,
			lv_phase_name(r->phase));
		csv_num(out, r->rvc_percent, 1);
		fputs(",,,,,\n", out);
	}
}

/* The range column pair of the fitted or a plotted limb, and the line's end. */
static void csv_range(FILE *out, const lv_trend *t, lv_limb limb)
{
	lv_trend_range r = { 0, 0, 0, 0 };
	int has = lv_trend_range_of(t, limb, &r);
	csv_num(out, r.from_cm, has);
	csv_num(out, r.to_cm, has);
	fputc('\n', out);
}

/* Each limb's volumes, over the range its plotted measurements all cover. */
static void print_volumes(FILE *out, const lv_history *h, const lv_trend *t)
{
	for (size_t i = 0; i < lv_history_count(h); i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		lv_volume v = { 0, 0, 0, 0 };
		int has = lv_trend_point(t, i, &v);
		fprintf(out, "%s,%s,%s", lv_limb_name(r->limb), r->date, lv_phase_name(r->phase));
		csv_num(out, v.volume_ml, has);
		csv_num(out, v.sd_ml, has);
		csv_num(out, v.volume_ml - 1.96 * v.sd_ml, has);
		csv_num(out, v.volume_ml + 1.96 * v.sd_ml, has);
		csv_num(out, v.from_cm, has);
		csv_num(out, v.to_cm, has);
		fputc('\n', out);
	}
}

static void print_csv(FILE *out, const lv_history *h, const lv_trend *t,
		      const lv_alert_thresholds *th)
{
	size_t n = lv_history_count(h), i;
	const lv_trend_fit *f = lv_trend_get_fit(t);

	fputs("series,date,phase,value,sd,low95,high95,from_cm,to_cm\n", out);
	print_volumes(out, h, t);
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (!r->has_pair)
			continue;
		fprintf(out, "excess_percent,%s,%s", r->date, lv_phase_name(r->phase));
		csv_num(out, r->pev_percent, 1);
		fputs(",,,", out);
		csv_num(out, r->compare_from_cm, 1);
		csv_num(out, r->compare_to_cm, 1);
		fputc('\n', out);
	}
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		double v, half;
		if (r->limb != lv_trend_limb(t) || r->phase == LV_PHASE_POST ||
		    lv_trend_at(t, r->day, &v, &half) < 0)
			continue;
		fprintf(out, "%s trend,%s,%s", lv_limb_name(r->limb), r->date,
			lv_phase_name(r->phase));
		csv_num(out, v, 1);
		fputc(',', out);
		csv_num(out, v - half, f->has_ci);
		csv_num(out, v + half, f->has_ci);
		csv_range(out, t, r->limb);
	}
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(h, i);
		if (!r->has_change)
			continue;
		fprintf(out, "%s drop,%s,%s", lv_limb_name(r->limb), r->date,
			lv_phase_name(r->phase));
		csv_num(out, r->change_ml, 1);
		fputs(",,,", out);
		csv_num(out, r->change_from_cm, 1);
		csv_num(out, r->change_to_cm, 1);
		fputc('\n', out);
	}
	if (f->has_line) {
		fprintf(out, "%s slope_ml_per_week,,", lv_limb_name(lv_trend_limb(t)));
		csv_num(out, f->slope_ml_per_week, 1);
		fputc(',', out);
		csv_num(out, f->slope_lo, f->has_ci);
		csv_num(out, f->slope_hi, f->has_ci);
		csv_range(out, t, lv_trend_limb(t));
	}
	print_alerts(out, h, th);
}

/* A note on stderr naming the measurements the chart leaves out. */
static void note_left_out(const lv_history *h, const lv_trend *t)
{
	for (int l = 0; l <= LV_LIMB_RIGHT_LEG; l++) {
		lv_trend_range r;
		int first = 1;
		if (!lv_trend_range_of(t, (lv_limb)l, &r) || !r.n_left_out)
			continue;
		fprintf(stderr, "limbvol trend: note: %s volumes are over ",
			lv_limb_name((lv_limb)l));
		cli_number_out(stderr, r.from_cm, 1);
		fputs(" to ", stderr);
		cli_number_out(stderr, r.to_cm, 1);
		fputs(" cm; left out, over another length (sharing less than ", stderr);
		cli_number_out(stderr, LV_ASSESS_MIN_COMMON_CM, 0);
		fputs(" cm):", stderr);
		for (size_t i = 0; i < lv_history_count(h); i++) {
			const lv_history_row *row = lv_history_row_at(h, i);
			lv_volume v;
			if ((int)row->limb != l || lv_trend_point(t, i, &v))
				continue;
			fprintf(stderr, "%s %s (%s)", first ? "" : ",", row->date,
				lv_phase_name(row->phase));
			first = 0;
		}
		fputc('\n', stderr);
	}
}

int cmd_trend(int argc, char **argv)
{
	struct trend_cli c;
	const char *code, *out;
	lv_trend_opts o = LV_TREND_OPTS_INIT;
	int has_fmt, rc;
	lv_plot_format pf = LV_PLOT_PNG;
	lv_store *s = NULL;
	lv_history *h = NULL;
	lv_trend *t = NULL;

	memset(&c, 0, sizeof c);
	c.fmt = -1;
	lv_alert_thresholds_init(&c.th);
	if ((rc = cli_parse(&trend_cmd, argc, argv, &c)) != CLI_CONTINUE)
		return rc;
	out = c.out;
	has_fmt = c.fmt == CLI_FORMAT_CSV;
	o.limb = c.limb.limb;
	o.has_limb = c.limb.given;
	if (out && lv_plot_format_of(out, &pf) < 0)
		return cli_usage_error("trend", "option --out: %s", lv_error_last()->message);
	if (c.size) {
		int w = 0, hh = 0;
		char extra;
		if (sscanf(c.size, "%dx%d%c", &w, &hh, &extra) != 2 || w < LV_TREND_MIN_PX ||
		    hh < LV_TREND_MIN_PX || w > LV_TREND_MAX_PX || hh > LV_TREND_MAX_PX)
			return cli_usage_error("trend",
					       "option --size: expected WxH, each %d to %d,"
					       " found '%.40s'",
					       LV_TREND_MIN_PX, LV_TREND_MAX_PX, c.size);
		o.width_px = w;
		o.height_px = hh;
	}
	if ((rc = hc_check_thresholds("trend", &c.th)) != CLI_EXIT_OK ||
	    (rc = hc_one_patient("trend", &c.patient, "limbvol trend P --out trend.png", &code)) !=
		    CLI_EXIT_OK)
		return rc;
	o.alerts = c.th;
	if (!out == !has_fmt)
		return cli_usage_error("trend", "give --out FILE.png|svg|pdf or --format csv");
	if ((rc = sc_open("trend", c.db, SC_READ, &s)) != CLI_EXIT_OK)
		return rc;
	if ((rc = hc_load("trend", s, code, &h)) != CLI_EXIT_OK ||
	    (o.has_limb && (rc = hc_check_limb("trend", h, o.limb)) != CLI_EXIT_OK))
		goto done;
	if (lv_trend_new(&t, h, &o) < 0) {
		rc = cli_report("trend");
		goto done;
	}
	note_left_out(h, t);
	if (has_fmt) {
		FILE *series = tmpfile();
		if (!series) {
			fprintf(stderr, "limbvol trend: cannot create a temporary file\n");
			rc = CLI_EXIT_CANTCREAT;
			goto done;
		}
		print_csv(series, h, t, &c.th);
		rc = cli_publish_csv("trend", series, c.csv_style);
		fclose(series);
	} else if (lv_trend_draw(t, out, pf) < 0) {
		rc = cli_report_output("trend");
	} else {
		const lv_trend_fit *f = lv_trend_get_fit(t);
		printf("wrote %s", out);
		if (f->has_line) {
			printf(" (trend of %s: ", lv_limb_name(lv_trend_limb(t)));
			cli_number_out(stdout, f->slope_ml_per_week, 1);
			fputs(" mL/week", stdout);
			if (f->has_ci) {
				fputs(", 95 % CI ", stdout);
				cli_number_out(stdout, f->slope_lo, 1);
				fputs(" to ", stdout);
				cli_number_out(stdout, f->slope_hi, 1);
			}
			putchar(')');
		}
		putchar('\n');
	}
done:
	lv_trend_free(t);
	lv_history_free(h);
	lv_store_close(s);
	return rc;
}
