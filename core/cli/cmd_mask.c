/*
 * limbvol mask: volume and virtual tape from one or two PNG masks made by
 * other software (front view, optionally side view), in the marker's plane
 * at a known scale.  Elliptical slices every millimetre (clinical.md,
 * Volume models); the virtual tape is the exact ellipse perimeter at the
 * sites every --step cm.
 */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "commands.h"
#include "report.h"
#include "limbvol/limbvol.h"

static const char help[] =
	"usage: limbvol mask FRONT.png [SIDE.png] --px-per-cm N --origin-px X,Y\n"
	"                    [--side-origin-px X,Y] [--side-px-per-cm N]\n"
	"                    [--from CM] [--to CM] [--step CM] [--format text|csv|json]\n\n"
	"Volume of a limb from silhouette masks made by other software: PNG images\n"
	"where the limb is white (>= 128) and the background black, seen from the\n"
	"front and, optionally, from the side (the limb turned 90 degrees).  The\n"
	"widths perpendicular to the limb's axis, every millimetre, give elliptical\n"
	"slices (one mask: circular slices, less accurate); the virtual tape is the\n"
	"ellipse's circumference at sites every --step cm, printed like 'limbvol tape'.\n\n"
	"The limb must leave the frame at its proximal end (the positive direction\n"
	"along the axis points there) and end inside it.  Pixel (column i, row j)\n"
	"has its centre at (i, j).\n\n"
	"options:\n"
	"  --px-per-cm N          scale of the masks in the limb's plane (required)\n"
	"  --origin-px X,Y        the landmark (position 0) in the front mask (required)\n"
	"  --side-origin-px X,Y   the landmark in the side mask (default: as the front)\n"
	"  --side-px-per-cm N     scale of the side mask (default: as the front)\n"
	"  --from CM --to CM      volume between two positions; also the part of the\n"
	"                         limb its axis is fitted on (default: all of it that\n"
	"                         both masks show)\n"
	"  --step CM              virtual tape sites every CM cm from the landmark\n"
	"                         (default 4)\n"
	"  --format text|csv|json (default text)\n\n"
	"The volume's sd assumes each edge is placed to half a pixel (independent\n"
	"edges); it does not include the error of the scale.\n\n"
	"examples:\n"
	"  limbvol mask front.png side.png --px-per-cm 30 --origin-px 1200,850 \\\n"
	"      --side-origin-px 1180,860 --from 0 --to 40\n"
	"  limbvol mask front.png --px-per-cm 30 --origin-px 1200,850 --format json\n\n"
	"exit codes: 0 ok, 64 usage, 65 unusable mask (not a PNG, truncated, two blobs,\n"
	"limb cut off or not leaving the frame, range outside the limb), 66 no such\n"
	"file, 70 internal error, 74 input/output error.\n";

/* Slices every millimetre, as the Perometer does every few (clinical.md). */
#define SLICE_CM 0.1
#define DEFAULT_STEP_CM 4.0

struct mask_opts {
	const char *file[2];
	size_t n_files;
	double ppc[2];
	double origin[2][2];
	int has_origin[2];
	double from_cm, to_cm, step_cm;
	enum lv_format fmt;
};

static int parse_point(const char *opt, const char *arg, double xy[2])
{
	const char *comma = strchr(arg, ',');
	if (!comma || lv_number_parse(arg, (size_t)(comma - arg), 0, &xy[0]) < 0 ||
	    lv_number_parse(comma + 1, strlen(comma + 1), 0, &xy[1]) < 0) {
		lv_cli_usage_error("mask", "option %s: expected X,Y in pixels, found '%s'", opt,
				   arg);
		return -1;
	}
	return 0;
}

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
	so.origin_x_px = o->origin[k][0];
	so.origin_y_px = o->origin[k][1];
	so.step_cm = SLICE_CM;
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
	struct lv_report r;
	double from, to, f1, t1, *sites = NULL;
	size_t n_sites = 0, i;
	long k0, k1, k;
	int rc = LV_EXIT_OK;

	for (i = 0; i < o->n_files; i++)
		if (measure(o, (int)i, &s[i]) < 0) {
			rc = lv_cli_report("mask");
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
			rc = LV_EXIT_DATA;
			goto done;
		}
	}
	if (!isnan(o->from_cm)) {
		from = o->from_cm;
		to = o->to_cm;
	}
	if (lv_silhouette_profile(&p, s[0], s[1], from, to) < 0) {
		rc = lv_cli_report("mask");
		goto done;
	}
	/* the virtual tape: every --step cm from the landmark, inside the range */
	k0 = (long)ceil(from / o->step_cm - 1e-9);
	k1 = (long)floor(to / o->step_cm + 1e-9);
	sites = malloc((size_t)(k1 >= k0 ? k1 - k0 + 1 : 1) * sizeof *sites);
	if (!sites) {
		rc = LV_EXIT_SOFTWARE;
		goto done;
	}
	for (k = k0; k <= k1; k++)
		sites[n_sites++] = fmin(fmax((double)k * o->step_cm, from), to);

	memset(&r, 0, sizeof r);
	r.source = s[1] ? "mask (front and side)" : "mask (one view)";
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
	rc = lv_report_print_stdout("mask", &r, o->fmt);
done:
	free(sites);
	lv_profile_free(p);
	lv_silhouette_free(s[0]);
	lv_silhouette_free(s[1]);
	return rc;
}

static int is_option_with_value(const char *a)
{
	static const char *const names[] = { "--px-per-cm",      "--side-px-per-cm", "--origin-px",
					     "--side-origin-px", "--from",           "--to",
					     "--step",           "--format",         NULL };
	for (size_t i = 0; names[i]; i++)
		if (!strcmp(a, names[i]))
			return 1;
	return 0;
}

int cmd_mask(int argc, char **argv)
{
	struct mask_opts o;
	int i;

	memset(&o, 0, sizeof o);
	o.ppc[0] = o.ppc[1] = NAN;
	o.from_cm = o.to_cm = NAN;
	o.step_cm = DEFAULT_STEP_CM;
	for (i = 1; i < argc; i++) {
		const char *a = argv[i], *arg = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "-h") || !strcmp(a, "--help")) {
			fputs(help, stdout);
			return LV_EXIT_OK;
		}
		if (a[0] == '-' && a[1]) {
			if (!is_option_with_value(a))
				return lv_cli_usage_error("mask", "unknown option '%s'", a);
			if (!arg)
				return lv_cli_usage_error("mask", "option %s needs a value", a);
			i++;
			if (!strcmp(a, "--format")) {
				if (lv_format_parse("mask", arg, &o.fmt) < 0)
					return LV_EXIT_USAGE;
			} else if (!strcmp(a, "--origin-px") || !strcmp(a, "--side-origin-px")) {
				int k = a[2] == 's';
				if (parse_point(a, arg, o.origin[k]) < 0)
					return LV_EXIT_USAGE;
				o.has_origin[k] = 1;
			} else {
				double v,
					*dst = !strcmp(a, "--px-per-cm") ? &o.ppc[0]
					: !strcmp(a, "--side-px-per-cm") ? &o.ppc[1]
					: !strcmp(a, "--from")           ? &o.from_cm
					: !strcmp(a, "--to")             ? &o.to_cm
									 : &o.step_cm;
				if (lv_cli_number("mask", a, arg, &v))
					return LV_EXIT_USAGE;
				if ((dst == &o.ppc[0] || dst == &o.ppc[1]) && !(v > 0 && v <= 1e5))
					return lv_cli_usage_error(
						"mask",
						"option %s: expected a scale above "
						"0 px/cm, found '%s'",
						a, arg);
				if (dst == &o.step_cm &&
				    !(v >= LV_MIN_SPACING_CM && v <= LV_MAX_SPACING_CM))
					return lv_cli_usage_error(
						"mask",
						"option --step: expected a spacing "
						"from %g to %g cm, found '%s'",
						LV_MIN_SPACING_CM, LV_MAX_SPACING_CM, arg);
				*dst = v;
			}
			continue;
		}
		if (o.n_files == 2)
			return lv_cli_usage_error("mask",
						  "too many masks: '%s' (give FRONT.png and "
						  "at most SIDE.png)",
						  a);
		o.file[o.n_files++] = a;
	}
	if (!o.n_files)
		return lv_cli_usage_error("mask", "no mask given");
	if (isnan(o.ppc[0]))
		return lv_cli_usage_error("mask", "--px-per-cm is required (the masks' scale)");
	if (!o.has_origin[0])
		return lv_cli_usage_error("mask",
					  "--origin-px is required (the landmark in the "
					  "front mask)");
	if (isnan(o.from_cm) != isnan(o.to_cm))
		return lv_cli_usage_error("mask", "--from and --to go together");
	if (!isnan(o.from_cm) && !(o.from_cm < o.to_cm))
		return lv_cli_usage_error("mask", "--from must be below --to");
	if (o.n_files < 2 && (o.has_origin[1] || !isnan(o.ppc[1])))
		return lv_cli_usage_error("mask",
					  "--side-origin-px and --side-px-per-cm need "
					  "a side mask");
	if (isnan(o.ppc[1]))
		o.ppc[1] = o.ppc[0];
	if (!o.has_origin[1])
		memcpy(o.origin[1], o.origin[0], sizeof o.origin[0]);
	return run(&o);
}
