/*
 * limbvol garment: the made-to-measure flat-knit form for an arm or a leg,
 * circumferences and lengths at the measuring points of RAL-GZ 387
 * (limbvol/garment.h; the points and their sources in doc/clinical.md),
 * from a stored measurement, a tape CSV file or typed values: the points the
 * profile shows are found, the others asked for on a terminal (or given with
 * --point).
 */
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"
#include "opt.h"
#include "commands.h"
#include "csvout.h"
#include "report.h"
#include "store_cli.h"
#include "tape_entry.h"
#include "limbvol/limbvol.h"
#include "limbvol/garment.h"

/* One line for `limbvol help` and --summary. */
static const char summary[] = "the RAL-GZ 387 form of a made-to-measure compression garment";

static const char usage[] = "usage: limbvol garment [options] ID\n"
			    "       limbvol garment [options] FILE.csv\n"
			    "       limbvol garment --limb LIMB [options] C1 C2 ...\n";

static const char about[] =
	"The order form of a made-to-measure flat-knit compression garment: the\n"
	"circumference and the length at each measuring point of RAL-GZ 387\n"
	"(leg: cB ankle, cB1, cC calf, cD below the knee, cE knee, cF mid-thigh,\n"
	"cG top of the thigh, with --foot cA and cY; arm: cC wrist, cD forearm,\n"
	"cE elbow, cF mid upper arm, cG below the axilla, with --hand cA), from a\n"
	"stored measurement (ID), the first measurement of a tape CSV file (or the\n"
	"one of --limb), or typed values.  The profile's shape gives the narrowest\n"
	"ankle or wrist, the widest calf or forearm and the narrowest place below\n"
	"the knee, and cF halfway between cE and cG; the landmarks it cannot show\n"
	"are asked for on a terminal: their position along the measurement (the\n"
	"circumference is read off the profile there), or --point.  Without a\n"
	"terminal, missing points are refused, named.  A photo measurement is\n"
	"searched along its continuous profile.  Leg lengths are from the floor\n"
	"(--floor: the height of the measurement's 0 cm), arm lengths from the\n"
	"wrist point cC.  Sources: doc/clinical.md (Compression garments).\n";

static const char more[] =
	"examples:\n"
	"  limbvol garment 17\n"
	"  limbvol garment 17 --floor 8 --point cB1=10 --point cE=40 --point cG=68\n"
	"  limbvol garment leg.csv --limb left-leg --format csv\n"
	"  limbvol garment --limb right-arm --step 4 17 18 20 22 23 24 25 26 27\n\n"
	"exit codes: 0 ok, 64 usage, 65 a point missing without a terminal or\n"
	"outside the measurement, 66 no such measurement or file, 74 store error.\n";

#define MAX_GIVEN 16

struct garment_opts {
	struct entry e;
	const char *db;
	struct sc_limb limb;
	int fmt, foot, hand;
	double floor_cm;
	lv_csv_style csv_style;
	struct given {
		char name[8];
		double pos_cm, circ_cm; /* NaN when not given */
	} point[MAX_GIVEN];
	int n_points;
};

static int set_point(struct cli_parser *p, void *base, const char *text)
{
	struct garment_opts *o = base;
	struct given *g;
	const char *eq = strchr(text, '='), *colon;
	size_t nl = eq ? (size_t)(eq - text) : 0;

	if (o->n_points == MAX_GIVEN)
		return cli_fail(p, "at most %d points", MAX_GIVEN);
	if (!eq || nl < 2 || nl > 3 || (text[0] != 'c' && text[0] != 'C'))
		return cli_fail(p,
				"expected NAME=POS, NAME=POS:CIRC or NAME=:CIRC (cm), found '%.40s'",
				text);
	g = &o->point[o->n_points];
	snprintf(g->name, sizeof g->name, "%.*s", (int)nl, text);
	g->pos_cm = g->circ_cm = NAN;
	colon = strchr(eq + 1, ':');
	if ((colon ? colon > eq + 1 : eq[1] != 0) &&
	    lv_number_parse(eq + 1, colon ? (size_t)(colon - eq - 1) : strlen(eq + 1),
			    LV_NUMBER_COMMA, &g->pos_cm) < 0)
		return cli_fail(p, "expected a position in cm, found '%.40s'", text);
	if (colon &&
	    lv_number_parse(colon + 1, strlen(colon + 1), LV_NUMBER_COMMA, &g->circ_cm) < 0)
		return cli_fail(p, "expected a circumference in cm after ':', found '%.40s'", text);
	if (!colon && isnan(g->pos_cm))
		return cli_fail(p, "expected NAME=POS, NAME=POS:CIRC or NAME=:CIRC, found '%.40s'",
				text);
	lv_error_clear();
	o->n_points++;
	return 0;
}

#define OFF(field) offsetof(struct garment_opts, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "limb", 0, OFF(limb), .arg = "LIMB", .set = sc_set_limb,
	  .help = "the limb typed, or the one to take from a file" },
	{ CLI_CALL, "point", 0, .arg = "NAME=POS[:CIRC]", .set = set_point, .flags = CLI_REPEAT,
	  .help = "a measuring point: its position along the measurement\n"
		  "(cm from its 0), optionally its circumference; NAME=:CIRC\n"
		  "for a foot or hand point (repeatable)" },
	{ CLI_NUMBER, "floor", 0, OFF(floor_cm), .arg = "CM", .min = -50, .max = 150,
	  .help = "leg: the height of the measurement's 0 cm above the floor" },
	{ CLI_FLAG, "foot", 0, OFF(foot), .help = "leg: also the foot's cA and cY" },
	{ CLI_FLAG, "hand", 0, OFF(hand), .help = "arm: also the hand's cA (a gauntlet)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats, .help = "(default text)" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_INCLUDE, .include = sc_db_options, .offset = OFF(db) },
	{ CLI_INCLUDE, .include = entry_options, .offset = OFF(e) },
	{ CLI_END }
};

const struct cli_cmd garment_cmd = { "garment", usage, about, options, more, summary, NULL, 0 };

/* The measurement the form is made from. */
struct source {
	lv_profile *profile;
	lv_limb limb;
	char what[400]; /* "measurement 17 of P001, 2026-03-02" */
	int photo;
};

struct get_ctx {
	struct source *src;
	int st;
};

static int from_record(const lv_record *r, void *vctx)
{
	struct get_ctx *c = vctx;
	struct source *s = c->src;
	char code[4 * LV_STORE_MAX_CODE + 8];
	c->st = r->width_side_cm
		? lv_profile_new_widths(&s->profile, r->site_cm, r->circumference_cm,
					r->width_side_cm, r->n)
		: lv_profile_new(&s->profile, r->site_cm, r->circumference_cm, r->n);
	s->limb = r->limb;
	s->photo = r->width_side_cm != NULL;
	lv_store_code_escape(r->patient, code, sizeof code);
	snprintf(s->what, sizeof s->what, "measurement %lld of %s, %s (%s)", (long long)r->id, code,
		 r->date, lv_method_name(r->method));
	return 0;
}

static int from_store(const struct garment_opts *o, int64_t id, struct source *s)
{
	lv_store *st = NULL;
	struct get_ctx c = { s, 0 };
	int rc = sc_open("garment", o->db, SC_READ, &st);
	if (rc != CLI_EXIT_OK)
		return rc;
	if (lv_store_get(st, id, from_record, &c) < 0 || c.st < 0)
		rc = cli_report("garment");
	lv_store_close(st);
	return rc;
}

static int from_file(const struct garment_opts *o, struct source *s)
{
	lv_tape_reader *r = NULL;
	lv_tape_group g;
	int st, rc = CLI_EXIT_OK;

	if (lv_tape_reader_open(&r, o->e.file) < 0)
		return cli_report("garment");
	while ((st = lv_tape_reader_next(r, &g)) > 0)
		if (!o->limb.given || g.limb == o->limb.limb)
			break;
	if (st > 0 && lv_profile_new(&s->profile, g.site_cm, g.circumference_cm, g.n) == 0) {
		s->limb = g.limb;
		snprintf(s->what, sizeof s->what, "%.60s line %ld%s%.40s", o->e.file, g.first_line,
			 g.date[0] ? ", " : "", g.date);
	} else if (st == 0) {
		fprintf(stderr, "limbvol garment: %s holds no %s measurement\n", o->e.file,
			o->limb.given ? lv_limb_name(o->limb.limb) : "");
		rc = CLI_EXIT_DATA;
	} else {
		rc = cli_report("garment");
	}
	lv_tape_reader_free(r);
	return rc;
}

static int from_typed(struct garment_opts *o, struct source *s)
{
	lv_profile *other = NULL;
	int rc;
	if (!o->limb.given)
		return cli_usage_error("garment", "typed values need --limb (an arm or a leg?)");
	o->e.kind = lv_limb_kind_of(o->limb.limb);
	if ((rc = entry_finish(&o->e, "garment", stdin, stderr)) != CLI_EXIT_OK ||
	    (rc = entry_profiles(&o->e, "garment", &s->profile, &other)) != CLI_EXIT_OK)
		return rc;
	lv_profile_free(other);
	s->limb = o->limb.limb;
	snprintf(s->what, sizeof s->what, "typed values");
	return CLI_EXIT_OK;
}

/* A single whole number and nothing else: a stored measurement's id. */
static int source_of(struct garment_opts *o, struct source *s)
{
	const struct entry *e = &o->e;
	if (!e->file && e->n_circ == 1 && !e->interactive && e->circ_cm[0] >= 1 &&
	    e->circ_cm[0] == floor(e->circ_cm[0]) && e->circ_cm[0] < 1e15)
		return from_store(o, (int64_t)e->circ_cm[0], s);
	if (e->file)
		return from_file(o, s);
	if (!e->n_circ && !e->interactive)
		return cli_usage_error("garment",
				       "which measurement? (an ID, a tape CSV file or"
				       " typed circumferences)");
	return from_typed(o, s);
}

/* The points this form needs: the foot's and hand's only when asked for. */
static int needed(const lv_garment *g, const struct garment_opts *o, size_t i)
{
	if (g->def[i].on_profile)
		return 1;
	return g->kind == LV_LIMB_KIND_LEG ? o->foot : o->hand;
}

static int apply_given(lv_garment *g, const struct garment_opts *o)
{
	for (int k = 0; k < o->n_points; k++) {
		const struct given *p = &o->point[k];
		int i = lv_garment_index(g, p->name);
		if (i < 0)
			return cli_usage_error("garment",
					       "option --point: no point '%s' on %s form", p->name,
					       g->kind == LV_LIMB_KIND_LEG ? "a leg" : "an arm");
		if (!g->def[i].on_profile && isnan(p->circ_cm))
			return cli_usage_error("garment",
					       "option --point: %s is on the %s: give its"
					       " circumference (%s=:CM)",
					       g->def[i].name,
					       g->kind == LV_LIMB_KIND_LEG ? "foot" : "hand",
					       g->def[i].name);
		g->v[i].pos_cm = g->def[i].on_profile ? p->pos_cm : (double)NAN;
		g->v[i].circ_cm = p->circ_cm;
		g->v[i].how = isnan(p->circ_cm) ? LV_GARMENT_AT : LV_GARMENT_GIVEN;
	}
	return CLI_EXIT_OK;
}

/* One answer from the terminal: up to two numbers; 0 numbers on an empty line. */
static int ask(const char *prompt, double v[2])
{
	char line[256], *p = line;
	int n = 0;
	fputs(prompt, stderr);
	fflush(stderr);
	if (!fgets(line, sizeof line, stdin))
		return -1;
	while (n < 2) {
		size_t len;
		p += strspn(p, " \t\r\n");
		len = strcspn(p, " \t\r\n");
		if (!len)
			break;
		if (lv_number_parse(p, len, LV_NUMBER_COMMA, &v[n]) < 0) {
			lv_error_clear();
			return -2;
		}
		n++;
		p += len;
	}
	return n;
}

/* Ask for one missing point until its answer fits; -1 at the end of input. */
static int ask_point(lv_garment *g, size_t i, const lv_profile *prof)
{
	const lv_garment_point_def *d = &g->def[i];
	double a, b, v[2];
	char prompt[300];

	lv_volume_range(prof, LV_MODEL_FRUSTUM, &a, &b);
	if (d->on_profile)
		snprintf(prompt, sizeof prompt,
			 "%s, %s: its position along the measurement in cm (%g to %g),\n"
			 "  or the position and the circumference: ",
			 d->name, d->where, a, b);
	else
		snprintf(prompt, sizeof prompt, "%s, %s: its circumference in cm: ", d->name,
			 d->where);
	for (;;) {
		int n = ask(prompt, v);
		if (n == -1)
			return -1;
		if (n <= 0 || (!d->on_profile && n != 1)) {
			fputs("  (a number, or two for the position and the circumference)\n",
			      stderr);
			continue;
		}
		g->v[i].pos_cm = d->on_profile ? v[0] : (double)NAN;
		g->v[i].circ_cm = d->on_profile ? (n == 2 ? v[1] : (double)NAN) : v[0];
		g->v[i].how = isnan(g->v[i].circ_cm) ? LV_GARMENT_AT : LV_GARMENT_GIVEN;
		if (g->v[i].how == LV_GARMENT_AT &&
		    lv_profile_circumference_at(prof, v[0], &a) < 0) {
			fprintf(stderr, "  %s\n",
				"outside the measurement: give its circumference too");
			lv_error_clear();
			g->v[i].how = LV_GARMENT_MISSING;
			continue;
		}
		return 0;
	}
}

/* Missing points (and the floor of a leg) asked on a terminal, else named. */
static int complete(lv_garment *g, struct garment_opts *o, const lv_profile *prof)
{
	int tty = isatty(STDIN_FILENO) && isatty(STDERR_FILENO), st;
	char missing[200] = "";

	for (int round = 0; round < 2; round++) { /* cF follows from cE and cG */
		if ((st = lv_garment_fill(g, prof)) < 0)
			return cli_report("garment");
		for (size_t i = 0; tty && round == 0 && i < g->n; i++)
			if (g->v[i].how == LV_GARMENT_MISSING && needed(g, o, i) &&
			    strcmp(g->def[i].name, "cF") && ask_point(g, i, prof) < 0)
				tty = 0;
	}
	if (g->kind == LV_LIMB_KIND_LEG && isnan(o->floor_cm) && tty) {
		double v[2];
		while (ask("the height of the measurement's 0 cm above the floor, in cm: ", v) != 1)
			;
		o->floor_cm = v[0];
	}
	for (size_t i = 0; i < g->n; i++)
		if (g->v[i].how == LV_GARMENT_MISSING && needed(g, o, i))
			snprintf(missing + strlen(missing), sizeof missing - strlen(missing),
				 "%s%s", missing[0] ? ", " : "", g->def[i].name);
	if (g->kind == LV_LIMB_KIND_LEG && isnan(o->floor_cm))
		snprintf(missing + strlen(missing), sizeof missing - strlen(missing), "%s--floor",
			 missing[0] ? ", " : "");
	if (missing[0]) {
		fprintf(stderr,
			"limbvol garment: missing: %s (the profile does not show them; give\n"
			"  --point NAME=POS (cm along the measurement) or NAME=POS:CIRC, or run it"
			" on a terminal)\n",
			missing);
		return CLI_EXIT_DATA;
	}
	return CLI_EXIT_OK;
}

/* Where a value comes from: found on the profile's shape, halfway between
 * two points, read off the profile at a given position, or given. */
static const char *how_text(lv_garment_how h)
{
	switch (h) {
	case LV_GARMENT_FOUND:
		return "found";
	case LV_GARMENT_HALFWAY:
		return "halfway";
	case LV_GARMENT_AT:
		return "read off";
	case LV_GARMENT_GIVEN:
		return "given";
	default:
		return "missing";
	}
}

/* The length of point i: from the floor (leg) or from the wrist cC (arm). */
static double length_of(const lv_garment *g, const struct garment_opts *o, size_t i)
{
	if (isnan(g->v[i].pos_cm))
		return NAN;
	if (g->kind == LV_LIMB_KIND_LEG)
		return o->floor_cm + g->v[i].pos_cm;
	return g->v[i].pos_cm - g->v[lv_garment_index(g, "cC")].pos_cm;
}

static void num_or_empty(FILE *f, double v, int csv)
{
	char b[40];
	if (isnan(v))
		fputs(csv ? "" : "      -", f);
	else if (csv)
		fputs(sc_numbuf(b, sizeof b, v, 2), f);
	else
		fprintf(f, "%7s", sc_numbuf(b, sizeof b, v, 1));
}

static void print_text(FILE *f, const lv_garment *g, const struct garment_opts *o,
		       const struct source *s)
{
	int leg = g->kind == LV_LIMB_KIND_LEG;
	fprintf(f, "made-to-measure flat-knit %s (RAL-GZ 387/%d), %s: %s\n",
		leg ? "stocking" : "arm sleeve", leg ? 1 : 2, lv_limb_name(s->limb), s->what);
	fputs(leg ? "lengths from the floor" : "lengths from the wrist point cC", f);
	if (leg) {
		fputs(" (the measurement's 0 cm is ", f);
		sc_num(f, o->floor_cm, 1);
		fputs(" cm above it)", f);
	}
	fputs("\n\npoint circ. cm length      from      where\n", f);
	for (size_t i = 0; i < g->n; i++) {
		if (!needed(g, o, i))
			continue;
		fprintf(f, "%-4s  ", g->def[i].name);
		num_or_empty(f, g->v[i].circ_cm, 0);
		fprintf(f, " %-3s ", g->def[i].length[0] ? g->def[i].length : "");
		num_or_empty(f, length_of(g, o, i), 0);
		fprintf(f, "  %-8s  %s\n", how_text(g->v[i].how), g->def[i].where);
	}
	fputs("\nfound: from the profile's shape; read off: the circumference at the position\n"
	      "given; halfway: between cE and cG.  Points and lengths as RAL-GZ 387 names\n"
	      "them (doc/clinical.md, Compression garments); check them against the\n"
	      "manufacturer's form before ordering.\n",
	      f);
}

static void print_csv(FILE *f, const lv_garment *g, const struct garment_opts *o)
{
	fputs("point,length_name,circumference_cm,length_cm,position_cm,where,source\n", f);
	for (size_t i = 0; i < g->n; i++) {
		if (!needed(g, o, i))
			continue;
		fprintf(f, "%s,%s,", g->def[i].name, g->def[i].length);
		num_or_empty(f, g->v[i].circ_cm, 1);
		fputc(',', f);
		num_or_empty(f, length_of(g, o, i), 1);
		fputc(',', f);
		num_or_empty(f, g->v[i].pos_cm, 1);
		fputc(',', f);
		cli_csv_field(f, g->def[i].where);
		fprintf(f, ",%s\n", how_text(g->v[i].how));
	}
}

static void json_num(FILE *f, const char *key, double v)
{
	fprintf(f, ", \"%s\": ", key);
	if (isnan(v))
		fputs("null", f);
	else
		sc_num(f, v, 2);
}

static void print_json(FILE *f, const lv_garment *g, const struct garment_opts *o,
		       const struct source *s)
{
	int first = 1;
	fprintf(f, "{\"standard\": \"RAL-GZ 387/%d\", \"limb\": \"%s\", \"source\": ",
		g->kind == LV_LIMB_KIND_LEG ? 1 : 2, lv_limb_name(s->limb));
	cli_json_string(f, s->what);
	fprintf(f, ", \"lengths_from\": \"%s\"", g->kind == LV_LIMB_KIND_LEG ? "floor" : "cC");
	if (g->kind == LV_LIMB_KIND_LEG)
		json_num(f, "floor_cm", o->floor_cm);
	fputs(",\n  \"points\": [", f);
	for (size_t i = 0; i < g->n; i++) {
		if (!needed(g, o, i))
			continue;
		fprintf(f, "%s\n    {\"point\": \"%s\", \"length_name\": \"%s\"", first ? "" : ",",
			g->def[i].name, g->def[i].length);
		json_num(f, "circumference_cm", g->v[i].circ_cm);
		json_num(f, "length_cm", length_of(g, o, i));
		json_num(f, "position_cm", g->v[i].pos_cm);
		fputs(", \"where\": ", f);
		cli_json_string(f, g->def[i].where);
		fprintf(f, ", \"source\": \"%s\"}", how_text(g->v[i].how));
		first = 0;
	}
	fputs("\n  ]}\n", f);
}

static int print_form(const lv_garment *g, const struct garment_opts *o, const struct source *s)
{
	FILE *f = tmpfile();
	int rc;
	if (!f) {
		fprintf(stderr, "limbvol garment: cannot create a temporary file\n");
		return CLI_EXIT_CANTCREAT;
	}
	if (o->fmt == CLI_FORMAT_CSV)
		print_csv(f, g, o);
	else if (o->fmt == CLI_FORMAT_JSON)
		print_json(f, g, o, s);
	else
		print_text(f, g, o, s);
	rc = o->fmt == CLI_FORMAT_CSV ? cli_publish_csv("garment", f, o->csv_style)
				      : cli_publish("garment", f);
	fclose(f);
	return rc;
}

int cmd_garment(int argc, char **argv)
{
	struct garment_opts o;
	struct source s;
	lv_garment g;
	int rc;

	memset(&o, 0, sizeof o);
	memset(&s, 0, sizeof s);
	o.floor_cm = NAN;
	entry_init(&o.e);
	if ((rc = cli_parse(&garment_cmd, argc, argv, &o)) != CLI_CONTINUE)
		goto done;
	if ((rc = source_of(&o, &s)) != CLI_EXIT_OK)
		goto done;
	if (lv_garment_init(&g, lv_limb_kind_of(s.limb)) < 0) {
		rc = cli_report("garment");
		goto done;
	}
	if ((rc = apply_given(&g, &o)) != CLI_EXIT_OK ||
	    (rc = complete(&g, &o, s.profile)) != CLI_EXIT_OK)
		goto done;
	rc = print_form(&g, &o, &s);
done:
	lv_profile_free(s.profile);
	entry_free(&o.e);
	return rc;
}
