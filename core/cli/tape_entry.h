/*
 * tape_entry.h - typing tape measurements: shared by `limbvol tape` and
 * `limbvol record`.
 *
 * Quick entry:   --step 4 17.5 19 21.2 ...   [--other 17.2 18.5 ...]
 *                --sites 0,4,8,12.5 ...       (uneven spacing)
 *                --start CM, --unit cm|mm|in (all lengths typed, sites too)
 *                The default spacing is 4 cm whatever --unit says; --step
 *                and --sites are in the unit given.
 * Interactive:   -i asks site by site; a decimal comma is fine; a typo is
 *                asked again; '-' goes back one site; an empty line ends.
 *                With --other (no values) it then asks the other limb at the
 *                same sites, all of them: an early empty line asks for the
 *                missing ones.  An entry interrupted before it is complete
 *                (end of input, Ctrl-C) is kept as a draft (entry_draft.h):
 *                --resume goes on, and on a terminal the next -i offers it.
 *                With input piped in, the same answers are read without
 *                prompts, and a bad line is an error (line number).
 * Plausibility:  every circumference is checked against the floor of its
 *                limb kind and the jump from its neighbour (limbvol/
 *                plausible.h): asked again at the prompt (typing the same
 *                value again keeps it), refused in quick entry (exit 65,
 *                the site named), unless --accept-unusual.
 *
 * Usage: the command's option table includes the entry options, their
 * values in a struct entry inside the command's own:
 *     struct tape_opts { struct entry e; ... } o;
 *     { CLI_INCLUDE, .include = entry_options, .offset = offsetof(struct tape_opts, e) },
 *     entry_init(&o.e);
 *     rc = cli_parse(&cmd, argc, argv, &o);
 *     rc = entry_finish(&e, "tape", stdin, stderr);  // reads -i answers
 *     entry_profiles(&e, &limb, &other);             // other may be NULL
 *     entry_free(&e);
 */
#ifndef TAPE_ENTRY_H
#define TAPE_ENTRY_H

#include <stddef.h>
#include <stdio.h>

#include "opt.h"
#include "limbvol/plausible.h"
#include "limbvol/profile.h"
#include "limbvol/volume.h"

struct entry {
	double step_cm, start_cm, unit_cm; /* unit_cm: cm per typed unit */
	int step_given; /* --step given: step_cm in typed units, else 4 cm */
	const char *unit_name;
	double *sites_cm; /* from --sites (in cm), or NULL */
	size_t n_sites;
	int model; /* lv_model */
	double tape_sd_cm;
	int interactive;
	int want_other; /* --other given */
	int filling_other; /* values now go to the other limb */
	double *circ_cm, *other_cm;
	size_t n_circ, n_other, cap_circ, cap_other;
	const char *file; /* a positional that is not a number: a file */
	/* what the prompts call the two limbs ("this limb", "other limb") */
	const char *label, *other_label;
	lv_limb_kind kind; /* for the floor (record knows the limb; tape does not) */
	int accept_unusual; /* --accept-unusual: no floor and jump checks */
	int resume; /* --resume: go on with the kept draft */
	int stage; /* 0 while the first limb is typed, 1 the other */
	int from_draft; /* the values came from a draft: remove it when complete */
	int kept; /* saved as a draft already */
};

void entry_init(struct entry *e);
void entry_free(struct entry *e);

/*
 * The entry options (a fragment of an option table, opt.h), the operands
 * included: circumferences, those after --other for the other limb; an
 * operand that is not a number is a file name (e->file).
 */
extern const struct cli_opt entry_options[];

/*
 * After the options: read interactive answers when -i was given, check that
 * both limbs have the same number of sites.  Returns an exit code (0 ok).
 */
int entry_finish(struct entry *e, const char *cmd, FILE *in, FILE *prompts);

/* The spacing of the sites in cm, or NaN for --sites. */
double entry_step_cm(const struct entry *e);

/*
 * The entry could not be used (interrupted, or refused later): keep its
 * values as a draft and say how to resume.  Returns an exit code.
 */
int entry_keep(struct entry *e, const char *cmd);

/* The entry was used (stored or printed): forget a draft it resumed. */
void entry_done(struct entry *e);

/* 1 when circumferences were given (typed or interactive). */
int entry_has_values(const struct entry *e);

/* Build the profiles (other is NULL without --other); returns an exit code. */
int entry_profiles(const struct entry *e, const char *cmd, lv_profile **limb, lv_profile **other);

#endif
