/*
 * tape_entry.h - typing tape measurements: shared by `limbvol tape` and
 * `limbvol record`.
 *
 * Quick entry:   --step 4 17.5 19 21.2 ...   [--other 17.2 18.5 ...]
 *                --sites 0,4,8,12.5 ...       (uneven spacing)
 *                --start CM, --unit cm|mm|in (all lengths typed, sites too)
 * Interactive:   -i asks site by site; a decimal comma is fine; a typo is
 *                asked again; '-' goes back one site; an empty line ends.
 *                With --other (no values) it then asks the other limb at the
 *                same sites.  With input piped in, the same answers are read
 *                without prompts, and a bad line is an error (line number).
 *
 * Usage:
 *     struct entry e;
 *     entry_init(&e);
 *     for (i = 1; i < argc; i++) {
 *         int used = entry_option(&e, "tape", argc, argv, &i);
 *         if (used < 0) return CLI_EXIT_USAGE;   // message printed
 *         if (used) continue;
 *         ... the command's own options, else positional ...
 *     }
 *     rc = entry_finish(&e, "tape", stdin, stderr);  // reads -i answers
 *     entry_profiles(&e, &limb, &other);             // other may be NULL
 *     entry_free(&e);
 */
#ifndef TAPE_ENTRY_H
#define TAPE_ENTRY_H

#include <stddef.h>
#include <stdio.h>

#include "limbvol/profile.h"
#include "limbvol/volume.h"

struct entry {
	double step_cm, start_cm, unit_cm; /* unit_cm: cm per typed unit */
	const char *unit_name;
	double *sites_cm; /* from --sites (in cm), or NULL */
	size_t n_sites;
	lv_model model;
	double tape_sd_cm;
	int interactive;
	int want_other; /* --other given */
	int filling_other; /* values now go to the other limb */
	double *circ_cm, *other_cm;
	size_t n_circ, n_other, cap_circ, cap_other;
	const char *file; /* a positional that is not a number: a file */
	/* what the prompts call the two limbs ("this limb", "other limb") */
	const char *label, *other_label;
};

void entry_init(struct entry *e);
void entry_free(struct entry *e);

/*
 * Consume argv[*i] when it is an entry option or a value (advancing *i over
 * an option's argument).  1: consumed, 0: not ours, -1: usage error printed.
 * A positional that is not a number is taken as a file name (e->file).
 */
int entry_option(struct entry *e, const char *cmd, int argc, char **argv, int *i);

/*
 * After the options: read interactive answers when -i was given, check that
 * both limbs have the same number of sites.  Returns an exit code (0 ok).
 */
int entry_finish(struct entry *e, const char *cmd, FILE *in, FILE *prompts);

/* 1 when circumferences were given (typed or interactive). */
int entry_has_values(const struct entry *e);

/* Build the profiles (other is NULL without --other); returns an exit code. */
int entry_profiles(const struct entry *e, const char *cmd, lv_profile **limb, lv_profile **other);

/* The help text of the entry options, for each command's --help. */
extern const char entry_help[];

#endif
