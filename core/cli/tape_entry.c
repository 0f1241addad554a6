/* Typing tape measurements: quick entry and the interactive prompt. */
#include "tape_entry.h"
#include "escape.h"
#include "cli.h"
#include "entry_draft.h"
#include "typed_line.h"
#include "opt.h"

#include <math.h>
#include <signal.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

void entry_init(struct entry *e)
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

void entry_free(struct entry *e)
{
	free(e->sites_cm);
	free(e->circ_cm);
	free(e->other_cm);
	memset(e, 0, sizeof *e);
}

/* 0, -1 out of memory, -2 at the limit of LV_MAX_SITES values */
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
static int circumference(const struct entry *e, const char *text, double *out_cm)
{
	double v;
	if (lv_number_parse(text, strlen(text), LV_NUMBER_COMMA, &v) < 0)
		return -1;
	*out_cm = v * e->unit_cm;
	return lv_check_circumference_cm(*out_cm) < 0 ? -1 : 0;
}

#define ENTRY(p) ((struct entry *)(p))

static int set_step(struct cli_parser *p, void *base, const char *v)
{
	struct entry *e = ENTRY(base);
	double x;

	if (cli_opt_number(p, v, &x) < 0)
		return -1;
	if (!(x > 0) || x * e->unit_cm > LV_MAX_SPACING_CM)
		return cli_fail(p, "expected a spacing above 0 and up to %g cm, found %s",
				LV_MAX_SPACING_CM, v);
	e->step_cm = x; /* in typed units */
	e->step_given = 1;
	return 0;
}

static int set_sites(struct cli_parser *p, void *base, const char *list)
{
	struct entry *e = ENTRY(base);
	const char *s = list;
	size_t cap = 0;

	free(e->sites_cm); /* given again: the last one wins */
	e->sites_cm = NULL;
	e->n_sites = 0;

	while (*s) {
		const char *end = strchr(s, ',');
		size_t len = end ? (size_t)(end - s) : strlen(s);
		double v;
		if (lv_number_parse(s, len, 0, &v) < 0 || lv_check_site_cm(v * e->unit_cm) < 0)
			return cli_fail(p, "site %zu: %s", e->n_sites + 1,
					lv_error_last()->message);
		v *= e->unit_cm;
		if (e->n_sites && lv_check_spacing_cm(e->sites_cm[e->n_sites - 1], v) < 0)
			return cli_fail(p, "%s", lv_error_last()->message);
		switch (push(&e->sites_cm, &e->n_sites, &cap, v)) {
		case -2:
			return cli_fail(p, "more than %d sites (the limit LV_MAX_SITES)",
					LV_MAX_SITES);
		case -1:
			return CLI_EXIT_SOFTWARE;
		}
		s = end ? end + 1 : s + len;
	}
	return 0;
}

static int set_unit(struct cli_parser *p, void *base, const char *v)
{
	struct entry *e = ENTRY(base);

	if (!strcmp(v, "cm"))
		e->unit_cm = 1.0;
	else if (!strcmp(v, "mm"))
		e->unit_cm = 0.1;
	else if (!strcmp(v, "in"))
		e->unit_cm = 2.54;
	else
		return cli_fail(p, "expected cm, mm or in, found '%.40s'", v);
	if (e->n_sites || e->n_circ || e->n_other)
		return cli_fail(p, "must come before the sites and values");
	e->unit_name = v;
	return 0;
}

static int set_other(struct cli_parser *p, void *base, const char *v)
{
	(void)p;
	(void)v;
	ENTRY(base)->want_other = ENTRY(base)->filling_other = 1;
	return 0;
}

static int set_resume(struct cli_parser *p, void *base, const char *v)
{
	(void)p;
	(void)v;
	ENTRY(base)->resume = ENTRY(base)->interactive = 1;
	return 0;
}

static int looks_numeric(const char *s)
{
	double v;
	int st = lv_number_parse(s, strlen(s), LV_NUMBER_COMMA, &v);
	lv_error_clear();
	return st == 0 || (s[0] == '-' && s[1] >= '0' && s[1] <= '9');
}

/* A circumference typed on the command line, or else a file name. */
static int set_value(struct cli_parser *p, void *base, const char *a)
{
	struct entry *e = ENTRY(base);
	double v;

	if (!looks_numeric(a)) {
		if (e->file || e->n_circ)
			return cli_fail(p,
					"argument %d: expected a circumference in %s, found '%.40s'",
					p->index, e->unit_name, a);
		e->file = a;
		return 0;
	}
	if (e->file)
		return cli_fail(p,
				"expected circumferences or one file, found '%.40s' and then "
				"the number '%.40s' (argument %d)",
				e->file, a, p->index);
	if (circumference(e, a, &v) < 0)
		return cli_fail(p, "argument %d ('%.40s'): %s", p->index, a,
				lv_error_last()->message);
	switch (e->filling_other ? push(&e->other_cm, &e->n_other, &e->cap_other, v)
				 : push(&e->circ_cm, &e->n_circ, &e->cap_circ, v)) {
	case -2:
		return cli_fail(p, "argument %d: more than %d sites (the limit LV_MAX_SITES)",
				p->index, LV_MAX_SITES);
	case -1:
		fprintf(stderr, "limbvol %s: out of memory\n", p->cmd->name);
		return CLI_EXIT_SOFTWARE;
	}
	return 0;
}

double entry_step_cm(const struct entry *e)
{
	if (e->sites_cm)
		return NAN;
	/* 4 cm is the protocol's spacing: --unit mm must not make it 4 mm */
	return e->step_given ? e->step_cm * e->unit_cm : 4.0;
}

static const struct cli_choice models[] = { { "frustum", LV_MODEL_FRUSTUM },
					    { "disc", LV_MODEL_DISC },
					    { NULL, 0 } };

#define OFF(field) offsetof(struct entry, field)

const struct cli_opt entry_options[] = {
	{ CLI_TITLE, .help = "entry options" },
	{ CLI_CALL, "step", 0, .arg = "N", .set = set_step,
	  .help = "spacing of the sites in --unit (default 4 cm whatever the unit)" },
	{ CLI_NUMBER, "start", 0, OFF(start_cm), .arg = "N",
	  .help = "the first site, from the landmark, in --unit (default 0)" },
	{ CLI_CALL, "sites", 0, .arg = "LIST", .set = set_sites,
	  .help = "the sites in --unit, comma-separated, for uneven spacing" },
	{ CLI_CALL, "unit", 0, .arg = "cm|mm|in", .set = set_unit,
	  .help = "unit of everything typed (default cm); results in cm and mL" },
	{ CLI_CHOICE, "model", 0, OFF(model), .choices = models,
	  .help = "summed truncated cones (default) or Kuhnke's discs" },
	{ CLI_NUMBER, "tape-sd", 0, OFF(tape_sd_cm), .arg = "CM", .min = 0, .max = 5,
	  .help = "tape reading uncertainty (default 0.1 cm)" },
	{ CLI_CALL, "other", 0, .set = set_other,
	  .help = "the contralateral limb at the same sites: the values after it" },
	{ CLI_FLAG, "interactive", 'i', OFF(interactive),
	  .help = "ask site by site (decimal comma accepted, '-' goes back,\n"
		  "an empty line ends)" },
	{ CLI_CALL, "resume", 0, .set = set_resume,
	  .help = "go on with an interrupted -i entry (kept as a draft)" },
	{ CLI_FLAG, "accept-unusual", 0, OFF(accept_unusual),
	  .help = "accept circumferences below the floor of an arm (8 cm) or\n"
		  "a leg (10 cm), or jumps between neighbours over x1.5" },
	{ CLI_OPERAND, .arg = "C1 C2 ... | FILE.csv | -", .set = set_value },
	{ CLI_END }
};

/* The site of index k in cm. */
static double site_of(const struct entry *e, size_t k)
{
	if (e->sites_cm)
		return k < e->n_sites ? e->sites_cm[k] : (double)NAN;
	return e->start_cm * e->unit_cm + (double)k * entry_step_cm(e);
}

/* Ctrl-C during -i: stop reading, keep what was typed (entry_draft.h). */
static volatile sig_atomic_t interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	interrupted = 1;
}

#define ASK_INTERRUPTED (-2)

/* What the prompts and messages call limb `which` (0 this, 1 other). */
static const char *limb_label(const struct entry *e, int which)
{
	return which ? e->other_label : e->label;
}

/*
 * The plausibility of value c at index k of a limb (vals holds the sites
 * before it); LV_EDATA with a message naming the site.
 */
static int plausible(const struct entry *e, int which, const double *vals, size_t k, double c)
{
	double site = site_of(e, k);
	int st = LV_OK;
	if (e->accept_unusual)
		return LV_OK;
	if (lv_check_floor_cm(e->kind, c) < 0 ||
	    (k && lv_check_jump_cm(site_of(e, k - 1), vals[k - 1], site, c) < 0))
		st = LV_EDATA;
	if (st < 0) {
		char msg[sizeof lv_error_last()->message];
		snprintf(msg, sizeof msg, "%s", lv_error_last()->message);
		lv_error_set(LV_EDATA, "%s, site %g cm: %s", limb_label(e, which), site, msg);
	}
	return st;
}

/* The prompt of the next site (after going back: what it replaces). */
static void prompt_site(const struct entry *e, FILE *prompts, const double *vals, size_t n,
			size_t cap, size_t revisit)
{
	fprintf(prompts, "site %g %s", site_of(e, n) / e->unit_cm, e->unit_name);
	if (n < cap && revisit > n)
		fprintf(prompts, " (was %g)", vals[n] / e->unit_cm);
	fprintf(prompts, ": ");
	fflush(prompts);
}

#define ASK_AGAIN (-1)

/* What ask() keeps between lines: an unusual value typed once (typed again
 * at the same site, it is kept). */
struct unusual {
	double value;
	size_t at;
};

/*
 * The circumference typed on `line` for site n: 0 and *c, ASK_AGAIN (on a
 * terminal: not a circumference, or an unusual value to confirm), or an
 * exit code (not on a terminal, the first such line ends the entry).
 */
static int typed_value(struct entry *e, const char *cmd, FILE *prompts, int tty, int which,
		       const double *vals, size_t n, const char *line, long lineno,
		       struct unusual *u, double *c)
{
	if (circumference(e, line, c) < 0) {
		if (!tty) {
			cli_print_escaped(stderr, "limbvol %s: <stdin>:%ld: %s", cmd, lineno,
					  lv_error_last()->message);
			fputc('\n', stderr);
			return CLI_EXIT_DATA;
		}
		cli_print_escaped(prompts, "  %s; type it again", lv_error_last()->message);
		fputc('\n', prompts);
		return ASK_AGAIN;
	}
	if (!(tty && u->at == n && *c == u->value) && plausible(e, which, vals, n, *c) < 0) {
		if (!tty) {
			fprintf(stderr,
				"limbvol %s: <stdin>:%ld: %s; if it is real, give"
				" --accept-unusual\n",
				cmd, lineno, lv_error_last()->message);
			return CLI_EXIT_DATA;
		}
		fprintf(prompts, "  %s\n  type it again to keep it, or the right value\n",
			lv_error_last()->message);
		u->value = *c;
		u->at = n;
		return ASK_AGAIN;
	}
	u->value = NAN;
	return 0;
}

/* An empty line before limb `which` has its sites: what is still missing. */
static void missing_sites(const struct entry *e, FILE *prompts, int which, size_t limit,
			  size_t missing)
{
	if (limit)
		fprintf(prompts, "  %s needs %zu sites like %s", limb_label(e, which), limit,
			limb_label(e, !which));
	else if (e->sites_cm)
		fprintf(prompts, "  --sites lists %zu sites", e->n_sites);
	else
		fprintf(prompts, "  a volume needs at least 2 sites");
	fprintf(prompts, ": %zu still to measure (end of input keeps them for --resume)\n",
		missing);
}

/* push()'s refusal as a message and an exit code; 0 when it took the value. */
static int pushed(const char *cmd, int rc, long lineno)
{
	if (rc == -2) {
		fprintf(stderr,
			"limbvol %s: <stdin>:%ld: more than %d sites (the limit "
			"LV_MAX_SITES)\n",
			cmd, lineno, LV_MAX_SITES);
		return CLI_EXIT_DATA;
	}
	if (rc == -1) {
		fprintf(stderr, "limbvol %s: out of memory\n", cmd);
		return CLI_EXIT_SOFTWARE;
	}
	return 0;
}

/*
 * How many sites limb `which` needs before an empty line may end it: the
 * other limb every site of the first (`limit`), the first every site of
 * --sites, else 2 (a volume needs two).
 */
static size_t sites_needed(const struct entry *e, size_t limit)
{
	if (limit)
		return limit;
	return e->sites_cm ? e->n_sites : 2;
}

/*
 * Ask for one limb's circumferences.  `limit`: how many the other limb
 * takes (0 for the first limb: until an empty line or the end of --sites);
 * an empty line before sites_needed() asks again, the end of input then
 * returns ASK_INTERRUPTED (nothing typed at all: 0, for the caller to
 * refuse).
 */
static int ask(struct entry *e, const char *cmd, FILE *in, FILE *prompts, int tty, int which,
	       double **vals, size_t *n, size_t *cap, size_t limit, long *lineno)
{
	char line[256];
	size_t revisit = 0; /* sites below this were typed before going back */
	size_t need = sites_needed(e, limit);
	struct unusual u = { NAN, 0 };
	int ended = 0; /* the end of input ended the last line */

	if (tty)
		fprintf(prompts,
			"%s: circumference in %s at each site; '-' goes back, "
			"an empty line ends\n",
			limb_label(e, which), e->unit_name);
	for (;;) {
		size_t len = 0;
		double c;
		int got, rc;
		if ((limit && *n >= limit) || (e->sites_cm && *n >= e->n_sites))
			return 0;
		if (tty && !ended)
			prompt_site(e, prompts, *vals, *n, *cap, revisit);
		got = interrupted || ended ? 0 : typed_line_read(in, line, sizeof line, &len);
		if (got == 0) {
			if (tty && !ended)
				fputc('\n', prompts);
			if (interrupted || (*n < need && (*n || which)))
				return ASK_INTERRUPTED;
			return 0;
		}
		(*lineno)++;
		if (got < 0)
			return typed_line_refused(cmd, got, *lineno, len, sizeof line);
		if (got == 2) { /* Ctrl-D after a value: end its line, ask no more */
			ended = 1;
			if (tty)
				fputc('\n', prompts);
		}
		if (strspn(line, " \t") == strlen(line)) {
			if (*n >= need)
				return 0;
			if (tty) /* too few for a volume, or than the other limb: ask on */
				missing_sites(e, prompts, which, limit, need - *n);
			continue;
		}
		if (!strcmp(line, "-") || !strcmp(line, "back")) {
			if (*n > revisit || revisit == 0)
				revisit = *n;
			if (*n)
				(*n)--;
			else if (tty)
				fprintf(prompts, "  (already at the first site)\n");
			continue;
		}
		rc = typed_value(e, cmd, prompts, tty, which, *vals, *n, line, *lineno, &u, &c);
		if (rc == ASK_AGAIN)
			continue;
		if (rc != 0 || (rc = pushed(cmd, push(vals, n, cap, c), *lineno)) != 0)
			return rc;
	}
}

static int interact(struct entry *e, const char *cmd, FILE *in, FILE *prompts)
{
	int tty = isatty(fileno(in)), rc = 0;
	long lineno = 0;
	struct sigaction sa, old;

	if (e->file || e->n_circ) {
		cli_usage_error(cmd, "-i reads the values: give no values or file with it");
		return CLI_EXIT_USAGE;
	}
	if (e->resume || (tty && entry_draft_offer(in, prompts))) {
		if ((rc = entry_draft_take(e, cmd)) != CLI_EXIT_OK)
			return rc;
		if (tty)
			fprintf(prompts, "going on: %zu site(s) of %s, %zu of %s typed\n",
				e->n_circ, e->label, e->n_other, e->other_label);
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_sigint; /* no SA_RESTART: fgets returns at Ctrl-C */
	sigemptyset(&sa.sa_mask);
	interrupted = 0;
	sigaction(SIGINT, &sa, &old);
	if (e->stage == 0) {
		rc = ask(e, cmd, in, prompts, tty, 0, &e->circ_cm, &e->n_circ, &e->cap_circ, 0,
			 &lineno);
		if (rc == 0 && e->want_other)
			e->stage = 1;
	}
	if (rc == 0 && e->stage == 1)
		rc = ask(e, cmd, in, prompts, tty, 1, &e->other_cm, &e->n_other, &e->cap_other,
			 e->n_circ, &lineno);
	sigaction(SIGINT, &old, NULL);
	if (rc == ASK_INTERRUPTED) {
		fprintf(stderr, "limbvol %s: entry interrupted before %s had all its sites\n", cmd,
			e->stage ? e->other_label : e->label);
		rc = entry_keep(e, cmd);
		/* Ctrl-C exits 130 as in every limbvol program; the end of input 65 */
		return rc == CLI_EXIT_DATA && interrupted ? CLI_EXIT_INTERRUPTED : rc;
	}
	return rc;
}

/* Quick entry: every value against the floor and its neighbour. */
static int check_typed(const struct entry *e, const char *cmd, int which)
{
	const double *vals = which ? e->other_cm : e->circ_cm;
	size_t n = which ? e->n_other : e->n_circ;
	for (size_t k = 0; k < n; k++)
		if (plausible(e, which, vals, k, vals[k]) < 0) {
			fprintf(stderr, "limbvol %s: %s; if it is real, give --accept-unusual\n",
				cmd, lv_error_last()->message);
			return CLI_EXIT_DATA;
		}
	return CLI_EXIT_OK;
}

int entry_finish(struct entry *e, const char *cmd, FILE *in, FILE *prompts)
{
	int rc;

	if (e->interactive) {
		if ((rc = interact(e, cmd, in, prompts)) != CLI_EXIT_OK)
			return rc;
	}
	if (e->want_other && e->n_other != e->n_circ) {
		cli_usage_error(cmd,
				"the other limb has %zu circumferences, this one %zu: "
				"both sides need the same sites",
				e->n_other, e->n_circ);
		return CLI_EXIT_USAGE;
	}
	if (e->sites_cm && e->n_circ && e->n_sites != e->n_circ) {
		cli_usage_error(cmd, "--sites lists %zu sites but %zu circumferences were given",
				e->n_sites, e->n_circ);
		return CLI_EXIT_USAGE;
	}
	if (!e->interactive &&
	    ((rc = check_typed(e, cmd, 0)) != CLI_EXIT_OK ||
	     (rc = check_typed(e, cmd, 1)) != CLI_EXIT_OK))
		return rc;
	return CLI_EXIT_OK;
}

void entry_done(struct entry *e)
{
	if (e->from_draft)
		entry_draft_remove();
	e->from_draft = 0;
}

int entry_has_values(const struct entry *e)
{
	return e->n_circ > 0;
}

int entry_profiles(const struct entry *e, const char *cmd, lv_profile **limb, lv_profile **other)
{
	double *sites;
	size_t i;
	int rc = CLI_EXIT_OK;

	*limb = NULL;
	if (other)
		*other = NULL;
	if (e->n_circ < 2) {
		fprintf(stderr,
			"limbvol %s: %zu circumference%s given: a limb needs at least 2 sites\n",
			cmd, e->n_circ, e->n_circ == 1 ? "" : "s");
		return CLI_EXIT_USAGE;
	}
	sites = malloc(e->n_circ * sizeof *sites);
	if (!sites)
		return CLI_EXIT_SOFTWARE;
	for (i = 0; i < e->n_circ; i++)
		sites[i] = site_of(e, i);
	if (lv_profile_new(limb, sites, e->circ_cm, e->n_circ) < 0 ||
	    (other && e->want_other && lv_profile_new(other, sites, e->other_cm, e->n_other) < 0)) {
		rc = cli_report(cmd);
		lv_profile_free(*limb);
		*limb = NULL;
	}
	free(sites);
	return rc;
}
