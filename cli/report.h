/*
 * report.h - one limb measurement printed as text, CSV or JSON.
 *
 * Shared by every command that produces a volume (tape, mask, photo), so
 * that a photo measurement prints exactly like a tape measurement and can be
 * compared with it.  The JSON object has, at least:
 *   "volume_ml", "volume_sd_ml", "model", "from_cm", "to_cm",
 *   "segments": [{"from_cm","to_cm","volume_ml","volume_sd_ml"}],
 *   "sites": [{"site_cm","circumference_cm"}] (and "circumference_sd_cm"
 *   when the report has sites_sd_cm)
 * and, with the other limb: "other_volume_ml", "other_volume_sd_ml",
 * "compared_from_cm", "compared_to_cm" (the range both limbs cover, over
 * which the inter-limb figures are computed: other_volume_ml is the other
 * limb's volume there, "compared_volume_ml" this limb's when the range is
 * narrower than its own), "excess_ml", "excess_sd_ml", "excess_percent",
 * "excess_significant", "class", "severity", and per site
 * "other_circumference_cm", "difference_cm" and "flag"; when the limbs
 * share too short a range, no inter-limb figures but "comparison_note".
 * Against a baseline: "baseline_date", "volume_change_percent" and, with
 * both limbs, "rvc_percent".  A photo's last fields: "volume_repeat_sd_ml"
 * (the CSV's last column, empty for tape and mask) and, in JSON only,
 * "camera_distance_cm".  Every figure comes from lv_assess()
 * (limbvol/assess.h): this file only prints.
 * With a patient/limb/date/phase (file mode) those come first.
 */
#ifndef REPORT_H
#define REPORT_H

#include <stdio.h>

#include "limbvol/assess.h"
#include "limbvol/csv.h"
#include "limbvol/profile.h"
#include "limbvol/volume.h"

enum cli_format { CLI_FORMAT_TEXT, CLI_FORMAT_CSV, CLI_FORMAT_JSON };

struct tape_range {
	char name[32];
	double from_cm, to_cm;
};

struct report {
	const char *source; /* "tape", "photo", "mask": the text heading */
	const lv_profile *profile; /* the limb measured */
	const lv_profile *other; /* the contralateral limb at the same sites, or NULL */
	lv_model model;
	double reading_sd_cm;
	/* the volume's relative sd from sources that move every reading
	 * together (a photo's marker scale, perspective, section model, edge
	 * bias), added in quadrature to what the reading sd propagates: for
	 * the volume over the profile's whole range (passed to lv_assess as
	 * the measured volume), the segments and the named ranges (0: none,
	 * as for the tape) */
	double volume_rel_sd;
	double from_cm, to_cm; /* the volume's range; NaN: the model's whole range */
	const double *sites_cm; /* sites for the per-site table and segments; */
	size_t n_sites; /*   NULL: the profile's own sites */
	const double *sites_sd_cm; /* with sites_cm: each site's circumference
	                              sd (a photo's; "±" in the table, JSON
	                              circumference_sd_cm), or NULL */
	const struct tape_range *ranges;
	size_t n_ranges;
	const char *note; /* a caveat printed with the result, or NULL */
	/* file mode: the measurement's identity, NULL when not known */
	const char *patient, *limb, *date, *phase;
	const char *other_limb;
	/*
	 * Against the baseline (set has_baseline): this limb (A1) and the other
	 * (U1, NULL when not measured) at the baseline, same model.  The report
	 * adds the change of absolute volume and, with both limbs, the RVC
	 * (Ancukiewicz 2011: (A2 U1) / (U2 A1) - 1), each over the common range.
	 */
	int has_baseline;
	const char *baseline_date;
	const lv_profile *baseline, *baseline_other;
	/* report_print_stdout's CSV: C (0) or de (';', decimal comma; csvout.h) */
	lv_csv_style csv_style;
	/* a photo's repeat sd (photo.h, doc/clinical.md): the sd of the volume
	 * against another photo set of the same limb taken the same way, what
	 * a change between them is judged by; 0: none (tape, mask) */
	double volume_repeat_sd_ml;
	/* a photo set's camera distance (photo.h: the mean of the views'),
	 * the JSON's last field; 0: none (tape, mask) */
	double camera_distance_cm;
	/* a command's own CSV fields after the shared ones (",v,v"), or NULL:
	 * see report_csv_header_more */
	const char *csv_more;
};

/* Computes and prints; returns 0 or a negative lv_status (error set). */
int report_print(FILE *f, const struct report *r, enum cli_format fmt);

/*
 * One report on stdout, with the CSV header, complete or not at all (built
 * in a temporary file, see cli_publish).  Returns an exit code; on an
 * error the message is printed as "limbvol <cmd>: ...".
 */
int report_print_stdout(const char *cmd, const struct report *r, enum cli_format fmt);

/* CSV header matching report_print(..., CLI_FORMAT_CSV). */
void report_csv_header(FILE *f);
/* The same with a command's own columns after the shared ones (more:
 * ",name,name", or NULL), matching struct report's csv_more. */
void report_csv_header_more(FILE *f, const char *more);

#endif
