/*
 * limbvol mask: volume and virtual tape from one or two PNG masks made by
 * other software (front view, optionally side view), in the marker's plane
 * at a known scale.  Elliptical slices every millimetre (doc/clinical.md,
 * Volume models); the virtual tape is the exact ellipse perimeter at the
 * sites every --step cm.
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
#include "limbvol/limbvol.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "volume and virtual tape from PNG silhouette masks";

static const char usage[] =
	"usage: limbvol mask FRONT.png [SIDE.png] --px-per-cm N --origin-px X,Y\n"
	"                    [--side-origin-px X,Y] [--side-px-per-cm N]\n"
	"                    [--from CM] [--to CM] [--step CM] [--format text|csv|json]\n";

static const char about[] =
	"Volume of a limb from silhouette masks made by other software: PNG images\n"
	"where the limb is white (>= 128) and the background black, seen from the\n"
	"front and, optionally, from the side (the limb turned 90 degrees); '-'\n"
	"reads one of them from standard input.  The\n"
	"widths perpendicular to the limb's axis, every millimetre, give elliptical\n"
	"slices (one mask: circular slices, less accurate); the virtual tape is the\n"
	"ellipse's circumference at sites every --step cm, printed like 'limbvol tape'.\n\n"
	"The limb must leave the frame at its proximal end (the positive direction\n"
	"along the axis points there) and end inside it, or cross the frame at both\n"
	"ends with --proximal.  Pixel (column i, row j)\n"
	"has its centre at (i, j).\n";

static const char more[] =
	"The volume's sd assumes each edge is placed to half a pixel (independent\n"
	"edges); it does not include the error of the scale.\n\n"
	"examples:\n"
	"  limbvol mask front.png side.png --px-per-cm 30 --origin-px 1200,850 \\\n"
	"      --side-origin-px 1180,860 --from 0 --to 40\n"
	"  limbvol mask front.png --px-per-cm 30 --origin-px 1200,850 --format json\n\n"
	"exit codes: 0 ok, 64 usage, 65 unusable mask (not a PNG, truncated, two blobs,\n"
	"limb cut off or not leaving the frame, range outside the limb), 66 no such\n"
	"file, 70 internal error, 74 input/output error.\n";

/* Slices every millimetre, as the Perometer does every few (doc/clinical.md). */
#define SLICE_CM 0.1
#define DEFAULT_STEP_CM 4.0
/* A mask from standard input ('-') is copied to a file for the PNG reader:
 * at most this many bytes (LV_MASK_MAX_PIXELS of RGBA, uncompressed). */
#define MASK_STDIN_MAX_BYTES ((size_t)256 << 20)

struct mask_opts {
	const char *file[2];
	size_t n_files;
	double ppc[2];
	struct point {
		int given;
		double xy[2];
	} origin[2];
	double from_cm, to_cm, step_cm;
	int proximal; /* 0 not given, CLI_PROXIMAL_UP ... (opt.h) */
	int fmt; /* enum cli_format */
	lv_csv_style csv_style;
	struct cli_operands masks;
};

static int set_point(struct cli_parser *p, void *base, const char *arg)
{
	struct point *pt = base;
	const char *comma = strchr(arg, ',');
	if (!comma || lv_number_parse(arg, (size_t)(comma - arg), 0, &pt->xy[0]) < 0 ||
	    lv_number_parse(comma + 1, strlen(comma + 1), 0, &pt->xy[1]) < 0) {
		lv_error_clear();
		return cli_fail(p, "expected X,Y in pixels, found '%.40s'", arg);
	}
	pt->given = 1;
	return 0;
}

static int set_scale(struct cli_parser *p, void *base, const char *arg)
{
	double v;
	if (cli_opt_number(p, arg, &v) < 0)
		return -1;
	if (!(v > 0 && v <= 1e5))
		return cli_fail(p, "expected a scale above 0 px/cm, found '%.40s'", arg);
	*(double *)base = v;
	return 0;
}

static int set_step(struct cli_parser *p, void *base, const char *arg)
{
	double v;
	if (cli_opt_number(p, arg, &v) < 0)
		return -1;
	if (!(v >= LV_MIN_SPACING_CM && v <= LV_MAX_SPACING_CM))
		return cli_fail(p, "expected a spacing from %g to %g cm, found '%.40s'",
				LV_MIN_SPACING_CM, LV_MAX_SPACING_CM, arg);
	*(double *)base = v;
	return 0;
}

#define OFF(field) offsetof(struct mask_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "px-per-cm", 0, OFF(ppc[0]), .arg = "N", .set = set_scale,
	  .help = "scale of the masks in the limb's plane (required)" },
	{ CLI_CALL, "origin-px", 0, OFF(origin[0]), .arg = "X,Y", .set = set_point,
	  .help = "the landmark (position 0) in the front mask (required)" },
	{ CLI_CALL, "side-origin-px", 0, OFF(origin[1]), .arg = "X,Y", .set = set_point,
	  .help = "the landmark in the side mask (default: as the front)" },
	{ CLI_CALL, "side-px-per-cm", 0, OFF(ppc[1]), .arg = "N", .set = set_scale,
	  .help = "scale of the side mask (default: as the front)" },
	{ CLI_NUMBER, "from", 0, OFF(from_cm), .arg = "CM",
	  .help = "volume between two positions, with --to; also the part of\n"
		  "the limb its axis is fitted on (default: all of it that\n"
		  "both masks show)" },
	{ CLI_NUMBER, "to", 0, OFF(to_cm), .arg = "CM", .help = "the end of that range" },
	{ CLI_CALL, "step", 0, OFF(step_cm), .arg = "CM", .set = set_step,
	  .help = "virtual tape sites every CM cm from the landmark (default 4)" },
	{ CLI_INCLUDE, .include = cli_proximal_options, .offset = OFF(proximal) },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_OPERANDS, .arg = "FRONT.png [SIDE.png]", .offset = OFF(masks) },
	{ CLI_END }
};

const struct cli_cmd mask_cmd = { "mask", usage, about, options, more, summary, NULL, 0 };

/* Read and measure one mask; the error names the file. */
static int measure(const struct mask_opts *o, int k, lv_silhouette **out)
{
	lv_mask *m = NULL;
	lv_mask_view v;
	lv_silhouette_opts so = LV_SILHOUETTE_OPTS_INIT;
	int st;

	if ((st = lv_mask_read_png(&m, o->file[k])) < 0)
		return st;
	lv_mask_get_view(m, &v);
	so.px_per_cm = o->ppc[k];
	so.origin_x_px = o->origin[k].xy[0];
	so.origin_y_px = o->origin[k].xy[1];
	so.step_cm = SLICE_CM;
	/* the proximal direction in the mask (x right, y down) */
	so.proximal_dx = o->proximal == CLI_PROXIMAL_LEFT ? -1 : o->proximal == CLI_PROXIMAL_RIGHT;
	so.proximal_dy = o->proximal == CLI_PROXIMAL_UP ? -1 : o->proximal == CLI_PROXIMAL_DOWN;
	if (!isnan(o->from_cm)) {
		so.axis_from_cm = o->from_cm;
		so.axis_to_cm = o->to_cm;
	}
	st = lv_silhouette_measure(out, &v, &so);
	if (st < 0)
		lv_error_locate(o->file[k], 0, 0);
	lv_mask_free(m);
	return st;
}

static int run(const struct mask_opts *o)
{
	lv_silhouette *s[2] = { NULL, NULL };
	lv_profile *p = NULL;
	struct report r;
	double from, to, f1, t1, *sites = NULL;
	size_t n_sites = 0, i;
	long k0, k1, k;
	int rc = CLI_EXIT_OK;

	for (i = 0; i < o->n_files; i++)
		if (measure(o, (int)i, &s[i]) < 0) {
			rc = cli_report("mask");
			goto done;
		}
	lv_silhouette_range_cm(s[0], &from, &to);
	if (s[1]) {
		lv_silhouette_range_cm(s[1], &f1, &t1);
		from = fmax(from, f1);
		to = fmin(to, t1);
		if (!(from < to)) {
			fprintf(stderr,
				"limbvol mask: the front and side masks show different parts "
				"of the limb (no common range): check --origin-px and --side-origin-px\n");
			rc = CLI_EXIT_DATA;
			goto done;
		}
	}
	if (!isnan(o->from_cm)) {
		from = o->from_cm;
		to = o->to_cm;
	}
	if (lv_silhouette_profile(&p, s[0], s[1], from, to) < 0) {
		rc = cli_report("mask");
		goto done;
	}
	/* the virtual tape: every --step cm from the landmark, inside the range */
	k0 = (long)ceil(from / o->step_cm - 1e-9);
	k1 = (long)floor(to / o->step_cm + 1e-9);
	sites = malloc((size_t)(k1 >= k0 ? k1 - k0 + 1 : 1) * sizeof *sites);
	if (!sites) {
		rc = CLI_EXIT_SOFTWARE;
		goto done;
	}
	for (k = k0; k <= k1; k++)
		sites[n_sites++] = fmin(fmax((double)k * o->step_cm, from), to);

	memset(&r, 0, sizeof r);
	r.source = s[1] ? "mask (front and side)" : "mask (one view)";
	r.csv_style = o->csv_style;
	r.profile = p;
	r.model = LV_MODEL_ELLIPSE;
	/* half a pixel per edge, two independent edges per width */
	r.reading_sd_cm = sqrt(2.0) * 0.5 / fmin(o->ppc[0], s[1] ? o->ppc[1] : o->ppc[0]);
	r.from_cm = from;
	r.to_cm = to;
	r.sites_cm = n_sites ? sites : NULL;
	r.n_sites = n_sites;
	if (!s[1])
		r.note = "one view only: circular cross-sections assumed, less accurate than "
			 "front and side views";
	rc = report_print_stdout("mask", &r, o->fmt);
done:
	free(sites);
	lv_profile_free(p);
	lv_silhouette_free(s[0]);
	lv_silhouette_free(s[1]);
	return rc;
}

/* run(), with a mask given as '-' read from standard input (one at most). */
static int run_reading_stdin(struct mask_opts *o)
{
	char path[4200] = "";
	int rc, k = -1;

	for (int i = 0; i < (int)o->n_files; i++)
		if (!strcmp(o->file[i], "-")) {
			if (k >= 0)
				return cli_usage_error(
					"mask", "only one mask can come from standard input");
			k = i;
		}
	if (k < 0)
		return run(o);
	if ((rc = cli_stdin_file("mask", "stdin.png", MASK_STDIN_MAX_BYTES, path, sizeof path)) !=
	    CLI_EXIT_OK)
		return rc;
	o->file[k] = path;
	rc = run(o);
	cli_stdin_file_remove(path);
	return rc;
}

int cmd_mask(int argc, char **argv)
{
	struct mask_opts o;
	int rc;

	memset(&o, 0, sizeof o);
	o.ppc[0] = o.ppc[1] = NAN;
	o.from_cm = o.to_cm = NAN;
	o.step_cm = DEFAULT_STEP_CM;
	if ((rc = cli_parse(&mask_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
	if (o.masks.n > 2)
		return cli_usage_error("mask",
				       "too many masks: '%.40s' (give FRONT.png and "
				       "at most SIDE.png)",
				       o.masks.v[2]);
	for (int k = 0; k < o.masks.n; k++)
		o.file[o.n_files++] = o.masks.v[k];
	if (!o.n_files)
		return cli_usage_error("mask", "no mask given");
	if (isnan(o.ppc[0]))
		return cli_usage_error("mask", "--px-per-cm is required (the masks' scale)");
	if (!o.origin[0].given)
		return cli_usage_error("mask",
				       "--origin-px is required (the landmark in the "
				       "front mask)");
	if (isnan(o.from_cm) != isnan(o.to_cm))
		return cli_usage_error("mask", "--from and --to go together");
	if (!isnan(o.from_cm) && !(o.from_cm < o.to_cm))
		return cli_usage_error("mask", "--from must be below --to");
	if (o.n_files < 2 && (o.origin[1].given || !isnan(o.ppc[1])))
		return cli_usage_error("mask",
				       "--side-origin-px and --side-px-per-cm need "
				       "a side mask");
	if (isnan(o.ppc[1]))
		o.ppc[1] = o.ppc[0];
	if (!o.origin[1].given)
		o.origin[1] = o.origin[0];
	return run_reading_stdin(&o);
}
