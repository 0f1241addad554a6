/* Typing tape measurements: quick entry and the interactive prompt. */
#include "tape_entry.h"
#include "cli.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

const char lv_entry_help[] =
	"entry options:\n"
	"  --step CM          spacing of the sites (default 4)\n"
	"  --start CM         the first site, from the landmark (default 0)\n"
	"  --sites LIST       the sites, comma-separated, for uneven spacing\n"
	"  --unit cm|mm|in    unit of everything typed (default cm); results in cm and mL\n"
	"  --model frustum|disc  summed truncated cones (default) or Kuhnke's discs\n"
	"  --tape-sd CM       tape reading uncertainty (default 0.1 cm)\n"
	"  --other C...       the contralateral limb at the same sites\n"
	"  -i, --interactive  ask site by site (decimal comma accepted, '-' goes back,\n"
	"                     an empty line ends)\n";

void lv_entry_init(struct lv_entry *e)
{
	memset(e, 0, sizeof *e);
	e->step_cm = 4.0;
	e->unit_cm = 1.0;
	e->unit_name = "cm";
	e->model = LV_MODEL_FRUSTUM;
	e->tape_sd_cm = LV_DEFAULT_TAPE_SD_CM;
	e->label = "this limb";
	e->other_label = "other limb";
}

void lv_entry_free(struct lv_entry *e)
{
	free(e->sites_cm);
	free(e->circ_cm);
	free(e->other_cm);
	memset(e, 0, sizeof *e);
}

static int push(double **a, size_t *n, size_t *cap, double v)
{
	if (*n >= LV_MAX_SITES)
		return -2;
	if (*n == *cap) {
		size_t c = *cap ? *cap * 2 : 16;
		double *p = realloc(*a, c * sizeof *p);
		if (!p)
			return -1;
		*a = p;
		*cap = c;
	}
	(*a)[(*n)++] = v;
	return 0;
}

/* A typed circumference (in the entry unit) to cm, checked. */
static int circumference(const struct lv_entry *e, const char *text, double *out_cm)
{
	double v;
	if (lv_number_parse(text, strlen(text), LV_NUMBER_COMMA, &v) < 0)
		return -1;
	*out_cm = v * e->unit_cm;
	return lv_check_circumference_cm(*out_cm) < 0 ? -1 : 0;
}

static int parse_sites(struct lv_entry *e, const char *cmd, const char *list)
{
	const char *p = list;
	size_t cap = 0;

	free(e->sites_cm);
	e->sites_cm = NULL;
	e->n_sites = 0;
	while (*p) {
		const char *end = strchr(p, ',');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		double v;
		if (lv_number_parse(p, len, 0, &v) < 0 || lv_check_site_cm(v * e->unit_cm) < 0) {
			lv_cli_usage_error(cmd, "option --sites: site %zu: %s", e->n_sites + 1,
					   lv_error_last()->message);
			return -1;
		}
		v *= e->unit_cm;
		if (e->n_sites && lv_check_spacing_cm(e->sites_cm[e->n_sites - 1], v) < 0) {
			lv_cli_usage_error(cmd, "option --sites: %s", lv_error_last()->message);
			return -1;
		}
		switch (push(&e->sites_cm, &e->n_sites, &cap, v)) {
		case -2:
			lv_cli_usage_error(
				cmd, "option --sites: more than %d sites (the limit LV_MAX_SITES)",
				LV_MAX_SITES);
			return -1;
		case -1:
			fprintf(stderr, "limbvol %s: out of memory\n", cmd);
			return -1;
		}
		p = end ? end + 1 : p + len;
	}
	return 0;
}

static int looks_numeric(const char *s)
{
	double v;
	int st = lv_number_parse(s, strlen(s), LV_NUMBER_COMMA, &v);
	lv_error_clear();
	return st == 0 || (s[0] == '-' && s[1] >= '0' && s[1] <= '9');
}

int lv_entry_option(struct lv_entry *e, const char *cmd, int argc, char **argv, int *i)
{
	const char *a = argv[*i];
	const char *arg = *i + 1 < argc ? argv[*i + 1] : NULL;
	double v;
	int rc;

#define NEED_ARG()                                                             \
	do {                                                                   \
		if (!arg) {                                                    \
			lv_cli_usage_error(cmd, "option %s needs a value", a); \
			return -1;                                             \
		}                                                              \
		(*i)++;                                                        \
	} while (0)
	if (!strcmp(a, "--step")) {
		NEED_ARG();
		if (lv_cli_number(cmd, a, arg, &v))
			return -1;
		if (!(v > 0) || v * e->unit_cm > LV_MAX_SPACING_CM) {
			lv_cli_usage_error(
				cmd,
				"option --step: expected a spacing above 0 and up to %g cm, found %s",
				LV_MAX_SPACING_CM, arg);
			return -1;
		}
		e->step_cm = v; /* in typed units until finish() */
		return 1;
	}
	if (!strcmp(a, "--start")) {
		NEED_ARG();
		if (lv_cli_number(cmd, a, arg, &v))
			return -1;
		e->start_cm = v;
		return 1;
	}
	if (!strcmp(a, "--sites")) {
		NEED_ARG();
		return parse_sites(e, cmd, arg) < 0 ? -1 : 1;
	}
	if (!strcmp(a, "--unit")) {
		NEED_ARG();
		if (!strcmp(arg, "cm"))
			e->unit_cm = 1.0;
		else if (!strcmp(arg, "mm"))
			e->unit_cm = 0.1;
		else if (!strcmp(arg, "in"))
			e->unit_cm = 2.54;
		else {
			lv_cli_usage_error(cmd, "option --unit: expected cm, mm or in, found '%s'",
					   arg);
			return -1;
		}
		if (e->n_sites || e->n_circ || e->n_other) {
			lv_cli_usage_error(cmd,
					   "option --unit must come before the sites and values");
			return -1;
		}
		e->unit_name = arg;
		return 1;
	}
	if (!strcmp(a, "--model")) {
		NEED_ARG();
		if (lv_model_parse(arg, &e->model) < 0 || e->model == LV_MODEL_ELLIPSE) {
			lv_cli_usage_error(cmd,
					   "option --model: expected frustum or disc, found '%s'",
					   arg);
			return -1;
		}
		return 1;
	}
	if (!strcmp(a, "--tape-sd")) {
		NEED_ARG();
		if (lv_cli_number(cmd, a, arg, &v))
			return -1;
		if (!(v >= 0) || v > 5) {
			lv_cli_usage_error(cmd, "option --tape-sd: expected 0 to 5 cm, found %s",
					   arg);
			return -1;
		}
		e->tape_sd_cm = v;
		return 1;
	}
	if (!strcmp(a, "-i") || !strcmp(a, "--interactive")) {
		e->interactive = 1;
		return 1;
	}
	if (!strcmp(a, "--other")) {
		e->want_other = e->filling_other = 1;
		return 1;
	}
#undef NEED_ARG
	if (a[0] == '-' && a[1] && !looks_numeric(a))
		return 0; /* somebody else's option */
	if (!looks_numeric(a)) {
		if (e->file || e->n_circ) {
			lv_cli_usage_error(cmd,
					   "argument %d: expected a circumference in %s, found '%s'",
					   *i, e->unit_name, a);
			return -1;
		}
		e->file = a;
		return 1;
	}
	if (e->file) {
		lv_cli_usage_error(cmd,
				   "expected circumferences or one file, found '%s' and then "
				   "the number '%s' (argument %d)",
				   e->file, a, *i);
		return -1;
	}
	if (circumference(e, a, &v) < 0) {
		lv_cli_usage_error(cmd, "argument %d ('%s'): %s", *i, a, lv_error_last()->message);
		return -1;
	}
	rc = e->filling_other ? push(&e->other_cm, &e->n_other, &e->cap_other, v)
			      : push(&e->circ_cm, &e->n_circ, &e->cap_circ, v);
	if (rc == -2) {
		lv_cli_usage_error(cmd, "argument %d: more than %d sites (the limit LV_MAX_SITES)",
				   *i, LV_MAX_SITES);
		return -1;
	}
	if (rc) {
		fprintf(stderr, "limbvol %s: out of memory\n", cmd);
		return -1;
	}
	return 1;
}

/* The site of index k in cm. */
static double site_of(const struct lv_entry *e, size_t k)
{
	if (e->sites_cm)
		return k < e->n_sites ? e->sites_cm[k] : (double)NAN;
	return (e->start_cm + (double)k * e->step_cm) * e->unit_cm;
}

/*
 * One typed line without its end (\n, \r\n) into buf: 1, 0 at the end of
 * input, -1 when longer than size - 2 bytes, -2 for a NUL byte (at *len).
 * Read byte by byte rather than with fgets, whose NUL would silently end
 * the line ("17\0junk" read as 17).
 */
static int read_line(FILE *in, char *buf, size_t size, size_t *len)
{
	size_t n = 0;
	int c;

	while ((c = getc(in)) != EOF && c != '\n') {
		if (c == '\0') {
			*len = n;
			while ((c = getc(in)) != EOF && c != '\n')
				;
			return -2;
		}
		if (n + 2 >= size) {
			while ((c = getc(in)) != EOF && c != '\n')
				;
			return -1;
		}
		buf[n++] = (char)c;
	}
	if (c == EOF && n == 0)
		return 0;
	if (n && buf[n - 1] == '\r')
		n--;
	buf[n] = '\0';
	*len = n;
	return 1;
}

/*
 * Ask for one limb's circumferences.  `limit`: how many at most (0: until
 * an empty line or the end of --sites).
 */
static int ask(struct lv_entry *e, const char *cmd, FILE *in, FILE *prompts, int tty,
	       const char *title, double **vals, size_t *n, size_t *cap, size_t limit, long *lineno)
{
	char line[256];
	size_t revisit = 0; /* sites below this were typed before going back */

	if (tty)
		fprintf(prompts,
			"%s: circumference in %s at each site; '-' goes back, "
			"an empty line ends\n",
			title, e->unit_name);
	for (;;) {
		size_t len;
		double c;
		if ((limit && *n >= limit) || (e->sites_cm && *n >= e->n_sites))
			return 0;
		if (tty) {
			fprintf(prompts, "site %g %s", site_of(e, *n) / e->unit_cm, e->unit_name);
			if (*n < *cap && revisit > *n) /* after going back: show what is replaced */
				fprintf(prompts, " (was %g)", (*vals)[*n] / e->unit_cm);
			fprintf(prompts, ": ");
			fflush(prompts);
		}
		switch (read_line(in, line, sizeof line, &len)) {
		case 0:
			return 0;
		case -1:
			fprintf(stderr,
				"limbvol %s: <stdin>:%ld: line longer than %zu bytes (the limit of a "
				"typed line)\n",
				cmd, *lineno + 1, sizeof line - 2);
			return LV_EXIT_DATA;
		case -2:
			fprintf(stderr, "limbvol %s: <stdin>:%ld:%zu: a NUL byte in the line\n",
				cmd, *lineno + 1, len + 1);
			return LV_EXIT_DATA;
		}
		(*lineno)++;
		if (strspn(line, " \t") == strlen(line))
			return 0;
		if (!strcmp(line, "-") || !strcmp(line, "back")) {
			if (*n > revisit || revisit == 0)
				revisit = *n;
			if (*n)
				(*n)--;
			else if (tty)
				fprintf(prompts, "  (already at the first site)\n");
			continue;
		}
		if (circumference(e, line, &c) < 0) {
			if (!tty) {
				fprintf(stderr, "limbvol %s: <stdin>:%ld: %s\n", cmd, *lineno,
					lv_error_last()->message);
				return LV_EXIT_DATA;
			}
			fprintf(prompts, "  %s; type it again\n", lv_error_last()->message);
			continue;
		}
		switch (push(vals, n, cap, c)) {
		case -2:
			fprintf(stderr,
				"limbvol %s: <stdin>:%ld: more than %d sites (the limit "
				"LV_MAX_SITES)\n",
				cmd, *lineno, LV_MAX_SITES);
			return LV_EXIT_DATA;
		case -1:
			fprintf(stderr, "limbvol %s: out of memory\n", cmd);
			return LV_EXIT_SOFTWARE;
		}
	}
}

int lv_entry_finish(struct lv_entry *e, const char *cmd, FILE *in, FILE *prompts)
{
	int rc;

	if (e->interactive) {
		int tty = isatty(fileno(in));
		long lineno = 0;
		if (e->file || e->n_circ) {
			lv_cli_usage_error(cmd,
					   "-i reads the values: give no values or file with it");
			return LV_EXIT_USAGE;
		}
		rc = ask(e, cmd, in, prompts, tty, e->label, &e->circ_cm, &e->n_circ, &e->cap_circ,
			 0, &lineno);
		if (rc)
			return rc;
		if (e->want_other && !e->n_other) {
			rc = ask(e, cmd, in, prompts, tty, e->other_label, &e->other_cm,
				 &e->n_other, &e->cap_other, e->n_circ, &lineno);
			if (rc)
				return rc;
		}
	}
	if (e->want_other && e->n_other != e->n_circ) {
		lv_cli_usage_error(cmd,
				   "the other limb has %zu circumferences, this one %zu: "
				   "both sides need the same sites",
				   e->n_other, e->n_circ);
		return LV_EXIT_USAGE;
	}
	if (e->sites_cm && e->n_circ && e->n_sites != e->n_circ) {
		lv_cli_usage_error(cmd, "--sites lists %zu sites but %zu circumferences were given",
				   e->n_sites, e->n_circ);
		return LV_EXIT_USAGE;
	}
	return LV_EXIT_OK;
}

int lv_entry_has_values(const struct lv_entry *e)
{
	return e->n_circ > 0;
}

int lv_entry_profiles(const struct lv_entry *e, const char *cmd, lv_profile **limb,
		      lv_profile **other)
{
	double *sites;
	size_t i;
	int rc = LV_EXIT_OK;

	*limb = NULL;
	if (other)
		*other = NULL;
	if (e->n_circ < 2) {
		fprintf(stderr,
			"limbvol %s: %zu circumference%s given: a limb needs at least 2 sites\n",
			cmd, e->n_circ, e->n_circ == 1 ? "" : "s");
		return LV_EXIT_USAGE;
	}
	sites = malloc(e->n_circ * sizeof *sites);
	if (!sites)
		return LV_EXIT_SOFTWARE;
	for (i = 0; i < e->n_circ; i++)
		sites[i] = site_of(e, i);
	if (lv_profile_new(limb, sites, e->circ_cm, e->n_circ) < 0 ||
	    (other && e->want_other && lv_profile_new(other, sites, e->other_cm, e->n_other) < 0)) {
		rc = lv_cli_report(cmd);
		lv_profile_free(*limb);
		*limb = NULL;
	}
	free(sites);
	return rc;
}
