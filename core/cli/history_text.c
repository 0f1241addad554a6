/*
 * The history as a text table (history_text.h).  Each cell is formatted
 * once into a buffer; a column is as wide as its widest cell, and columns
 * are taken by priority while they fit.
 */
#include "history_text.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "store_cli.h"
#include "limbvol/number.h"

enum col {
	C_ID,
	C_DATE,
	C_TIME,
	C_SESS,
	C_KIND,
	C_LIMB,
	C_PHASE,
	C_VOL,
	C_EV,
	C_PEV,
	C_OVER,
	C_RVC,
	C_WAC,
	C_ALERT,
	C_CHANGE,
	C_CHPCT,
	C_MDC,
	C_REAL,
	C_N
};

static const struct {
	const char *head;
	int prio; /* 0 always; then the lower first */
	int right; /* right-aligned (numbers) */
} cols[C_N] = {
	[C_ID] = { "id", 0, 1 },         [C_DATE] = { "date", 0, 0 },
	[C_TIME] = { "time", 4, 0 },     [C_SESS] = { "sess.", 6, 1 },
	[C_KIND] = { "kind", 6, 0 },     [C_LIMB] = { "limb", 0, 0 },
	[C_PHASE] = { "phase", 0, 0 },   [C_VOL] = { "volume mL", 0, 1 },
	[C_EV] = { "EV mL", 3, 1 },      [C_PEV] = { "PEV %", 1, 1 },
	[C_OVER] = { "over cm", 5, 1 },  [C_RVC] = { "RVC %", 1, 1 },
	[C_WAC] = { "WAC %", 4, 1 },     [C_ALERT] = { "alert", 1, 0 },
	[C_CHANGE] = { "change", 2, 1 }, [C_CHPCT] = { "%", 3, 1 },
	[C_MDC] = { "MDC95", 5, 1 },     [C_REAL] = { "real?", 2, 0 },
};

#define CELL 48

struct ctx {
	const lv_history *h;
	const struct ht_opts *o;
	lv_alerts alerts;
	int has_alerts;
};

int ht_output_width(void)
{
	struct winsize ws;
	const char *c;
	if (!isatty(STDOUT_FILENO))
		return 80;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col >= 20)
		return ws.ws_col;
	c = getenv("COLUMNS");
	if (c && atoi(c) >= 20 && atoi(c) <= 10000)
		return atoi(c);
	return 80;
}

/* Columns on a terminal: UTF-8 continuation bytes take none. */
static int display_width(const char *s)
{
	int w = 0;
	for (; *s; s++)
		w += ((unsigned char)*s & 0xC0) != 0x80;
	return w;
}

#define NUM 20 /* a number's buffer */

static void num(char *buf, double v, int dec)
{
	if (lv_number_format(v, dec, buf, NUM) < 0)
		snprintf(buf, NUM, "nan");
}

/* The alert cell: ">= 5 %" reached, "!" where first reached. */
static void alert_cell(const struct ctx *x, size_t i, const lv_history_row *r, char *buf)
{
	lv_alert_level l;
	char t[NUM];
	if (!x->has_alerts || !lv_alert_row_counts(r))
		return;
	l = lv_alert_level_of(x->o->thresholds, r->rvc_percent);
	if (l == LV_ALERT_NONE)
		return;
	sc_numbuf(t, sizeof t,
		  l == LV_ALERT_LYMPHEDEMA ? x->o->thresholds->lymphedema_percent
					   : x->o->thresholds->early_percent,
		  2);
	snprintf(buf, CELL, "\xe2\x89\xa5%s %%%s", t, lv_alerts_first_at(&x->alerts, i) ? "!" : "");
}

static void range_cell(const lv_history_row *r, char *buf)
{
	char a[NUM], b[NUM];
	num(a, r->compare_from_cm, 0);
	num(b, r->compare_to_cm, 0);
	snprintf(buf, CELL, "%s-%s", a, b);
}

static void cell(const struct ctx *x, size_t i, int c, char *buf)
{
	const lv_history_row *r = lv_history_row_at(x->h, i);
	char a[NUM], b[NUM];
	buf[0] = 0;
	switch (c) {
	case C_ID:
		snprintf(buf, CELL, "%lld%s", (long long)r->id, r->note[0] ? "*" : "");
		break;
	case C_DATE:
		snprintf(buf, CELL, "%.10s", r->date);
		break;
	case C_TIME:
		snprintf(buf, CELL, "%.8s", strlen(r->date) > 11 ? r->date + 11 : "");
		break;
	case C_SESS:
		if (r->session)
			snprintf(buf, CELL, "%lld", (long long)r->session);
		break;
	case C_KIND:
		if (r->session)
			snprintf(buf, CELL, "%s", lv_session_kind_name(r->session_kind));
		break;
	case C_LIMB:
		snprintf(buf, CELL, "%s", lv_limb_name(r->limb));
		break;
	case C_PHASE:
		snprintf(buf, CELL, "%s", lv_phase_name(r->phase));
		break;
	case C_VOL:
		num(a, r->volume_ml, 1);
		num(b, r->sd_ml, 1);
		snprintf(buf, CELL, "%s \xc2\xb1 %s", a, b);
		break;
	case C_EV:
		if (r->has_pair)
			num(buf, r->ev_ml, 1);
		break;
	case C_PEV:
		if (r->has_pair)
			num(buf, r->pev_percent, 1);
		break;
	case C_OVER:
		if (r->has_pair)
			range_cell(r, buf);
		break;
	case C_RVC:
		if (r->has_rvc)
			num(buf, r->rvc_percent, 1);
		break;
	case C_WAC:
		if (r->has_wac)
			num(buf, r->wac_percent, 1);
		break;
	case C_ALERT:
		alert_cell(x, i, r, buf);
		break;
	case C_CHANGE:
		if (r->has_change)
			num(buf, r->change_ml, 1);
		break;
	case C_CHPCT:
		if (r->has_change)
			num(buf, r->change_percent, 1);
		break;
	case C_MDC:
		if (r->has_change)
			num(buf, r->mdc95_ml, 1);
		break;
	case C_REAL:
		if (r->has_change)
			snprintf(buf, CELL, "%s", r->exceeds_mdc ? "yes" : "no");
		break;
	}
}

static int shown_row(const struct ctx *x, size_t i)
{
	return !x->o->has_only || lv_history_row_at(x->h, i)->limb == x->o->only;
}

/* Column widths (0: empty in every row) and which columns fit. */
static void choose(const struct ctx *x, int width[C_N], int on[C_N])
{
	size_t n = lv_history_count(x->h), i;
	int used = -1;
	char buf[CELL];

	for (int c = 0; c < C_N; c++) {
		int any = cols[c].prio == 0, w = display_width(cols[c].head);
		for (i = 0; i < n; i++) {
			if (!shown_row(x, i))
				continue;
			cell(x, i, c, buf);
			if (buf[0]) {
				any = 1;
				if (display_width(buf) > w)
					w = display_width(buf);
			}
		}
		width[c] = any ? w : 0;
		on[c] = 0;
	}
	for (int prio = 0; prio <= 6; prio++)
		for (int c = 0; c < C_N; c++)
			if (cols[c].prio == prio && width[c] &&
			    (x->o->width == 0 || used + 1 + width[c] <= x->o->width || prio == 0)) {
				on[c] = 1;
				used += 1 + width[c];
			}
}

/* One cell padded to its column, appended to line (size LINE). */
#define LINE 1024
static void put_cell(char *line, const char *s, int width, int right)
{
	size_t len = strlen(line);
	int pad = width - display_width(s);
	if (pad < 0)
		pad = 0;
	if (right)
		snprintf(line + len, LINE - len, "%s%*s%s", len ? " " : "", pad, "", s);
	else
		snprintf(line + len, LINE - len, "%s%s%*s", len ? " " : "", s, pad, "");
}

/* The line without trailing blanks. */
static void put_line(FILE *f, char *line)
{
	size_t len = strlen(line);
	while (len && line[len - 1] == ' ')
		line[--len] = 0;
	fprintf(f, "%s\n", line);
}

/* Text in lines of at most 79 columns, broken at spaces, continued indented. */
static void wrap(FILE *f, const char *text)
{
	int col = 0;
	while (*text) {
		size_t w = strcspn(text, " ");
		char word[256];
		snprintf(word, sizeof word, "%.*s", (int)(w < 255 ? w : 255), text);
		if (col && col + 1 + display_width(word) > 79) {
			fputs("\n ", f);
			col = 1;
		}
		fprintf(f, "%s%s", col ? " " : "", word);
		col += (col ? 1 : 0) + display_width(word);
		text += w;
		while (*text == ' ')
			text++;
	}
	fputc('\n', f);
}

static void heading(FILE *f, const lv_history *h)
{
	lv_limb aff;
	int assumed = 0;
	fputs("patient ", f);
	sc_code(f, lv_history_patient(h));
	if (lv_history_affected(h, &aff, &assumed))
		fprintf(f, ": affected limb %s%s, other %s\n", lv_limb_name(aff),
			assumed ? " (assumed: the larger limb where the two differ most; set it with"
				  " 'limbvol patients P --affected LIMB')"
				: "",
			lv_limb_name(lv_limb_other(aff)));
	else
		fputs(": no measurements of both limbs at one visit, so no EV, PEV or RVC\n", f);
}

/* What the alert column means, and where each level was first reached. */
static void alert_notes(FILE *f, const struct ctx *x)
{
	const lv_alert_thresholds *t = x->o->thresholds;
	const lv_alerts *a = &x->alerts;
	char e[NUM], l[NUM], text[LINE];
	size_t len;

	if (!x->has_alerts || !a->has_rvc)
		return;
	sc_numbuf(e, sizeof e, t->early_percent, 2);
	sc_numbuf(l, sizeof l, t->lymphedema_percent, 2);
	len = (size_t)snprintf(text, sizeof text,
			       "alert: RVC at or above %s %% (early intervention) or %s %%"
			       " (lymphedema) against the baseline",
			       e, l);
	if (a->has_baseline) {
		const lv_history_row *b = lv_history_row_at(x->h, a->baseline_row);
		len += (size_t)snprintf(text + len, sizeof text - len, " of %.10s (id %lld)%s",
					b->date, (long long)b->id,
					a->baseline_marked ? ""
							   : " (the first pair: no baseline phase"
							     " measured)");
	}
	if (!a->has_first[LV_ALERT_EARLY])
		snprintf(text + len, sizeof text - len, "; no threshold reached.");
	for (int k = LV_ALERT_EARLY; k <= LV_ALERT_LYMPHEDEMA && len < sizeof text; k++) {
		const lv_history_row *r;
		if (!a->has_first[k])
			continue;
		r = lv_history_row_at(x->h, a->first_row[k]);
		len += (size_t)snprintf(text + len, sizeof text - len,
					"%s %s %% on %.10s (id %lld)%s",
					k == LV_ALERT_EARLY ? "; ! first reached:" : ",",
					k == LV_ALERT_EARLY ? e : l, r->date, (long long)r->id,
					k == LV_ALERT_LYMPHEDEMA || !a->has_first[k + 1] ? "."
											 : "");
	}
	wrap(f, text);
}

/*
 * The 'over cm' column cut for width: the range EV and PEV were computed
 * over is still stated (issue 11: history says which range), the range
 * of most rows once and every other row by id.
 */
static void over_note(FILE *f, const struct ctx *x)
{
	struct {
		char range[CELL];
		size_t rows;
	} seen[16]; /* the distinct ranges (the first 16) and their rows */
	size_t n = lv_history_count(x->h), i, k, n_seen = 0, best = 0, others = 0;
	char text[LINE], c[CELL];

	for (i = 0; i < n; i++) {
		cell(x, i, C_OVER, c);
		if (!c[0] || !shown_row(x, i))
			continue;
		for (k = 0; k < n_seen && strcmp(seen[k].range, c); k++)
			;
		if (k == n_seen && n_seen < 16) {
			snprintf(seen[k].range, CELL, "%s", c);
			seen[n_seen++].rows = 0;
		}
		if (k < n_seen && ++seen[k].rows > seen[best].rows)
			best = k;
	}
	if (!n_seen)
		return;
	snprintf(text, sizeof text, "EV, PEV over %s cm", seen[best].range);
	for (i = 0; i < n && strlen(text) < sizeof text - 64; i++) {
		size_t len = strlen(text);
		cell(x, i, C_OVER, c);
		if (c[0] && shown_row(x, i) && strcmp(c, seen[best].range))
			snprintf(text + len, sizeof text - len, "%s %lld over %s cm",
				 others++ ? "," : "; id", (long long)lv_history_row_at(x->h, i)->id,
				 c);
	}
	strncat(text, ".", sizeof text - strlen(text) - 1);
	wrap(f, text);
}

/* "ID: WHAT over FROM-TO cm, WHY" as a line under the table. */
static void range_line(FILE *f, const lv_history_row *r, const char *what, double from_cm,
		       double to_cm, const char *why)
{
	char a[NUM], b[NUM], text[LINE];
	num(a, from_cm, 0);
	num(b, to_cm, 0);
	snprintf(text, sizeof text, "%lld: %s over %s-%s cm, %s", (long long)r->id, what, a, b,
		 why);
	wrap(f, text);
}

/* Why two photo sets with a repeat sd were not taken alike (assess.h), so
 * that the full sd judged their change: a line under the table. */
static void not_alike_line(FILE *f, const struct ctx *x, const lv_history_row *r)
{
	const lv_history_row *pre = NULL;
	char a[NUM], b[NUM], why[160], text[LINE];
	for (size_t i = 0; i < lv_history_count(x->h) && !pre; i++)
		if (lv_history_row_at(x->h, i)->id == r->pre_id)
			pre = lv_history_row_at(x->h, i);
	if (!pre)
		return;
	num(a, pre->camera_distance_cm, 0);
	num(b, r->camera_distance_cm, 0);
	if (pre->views > 0 && r->views > 0 && pre->views != r->views)
		snprintf(why, sizeof why, "the two photo sets have %d and %d views", pre->views,
			 r->views);
	else if (!(pre->camera_distance_cm > 0 && r->camera_distance_cm > 0))
		snprintf(why, sizeof why, "the camera distance of a photo set is not known");
	else if (!(pre->views > 0 && r->views > 0))
		snprintf(why, sizeof why, "the number of views of a photo set is not known");
	else
		snprintf(why, sizeof why, "the two photo sets were taken at %s and %s cm", a, b);
	snprintf(text, sizeof text,
		 "%lld: MDC95 from the full sd: %s (the repeat sd holds for sets taken alike)",
		 (long long)r->id, why);
	wrap(f, text);
}

/* A change or RVC over less than its measurements cover: the range, by id;
 * a change judged by the photo repeat sd, or not although both had one. */
static void narrowed_notes(FILE *f, const struct ctx *x)
{
	char why[64];
	for (size_t i = 0; i < lv_history_count(x->h); i++) {
		const lv_history_row *r = lv_history_row_at(x->h, i);
		if (!shown_row(x, i))
			continue;
		snprintf(why, sizeof why, "the range it shares with its pre (id %lld)",
			 (long long)r->pre_id);
		if (r->has_change && r->change_narrowed)
			range_line(f, r, "change", r->change_from_cm, r->change_to_cm, why);
		if (r->has_change && r->change_repeat_sd) {
			char text[LINE];
			snprintf(text, sizeof text,
				 "%lld: MDC95 of the change from the photo repeat sd of both "
				 "(right when both sets were taken alike: same pose, same "
				 "distance)",
				 (long long)r->id);
			wrap(f, text);
		}
		if (r->has_change && r->change_not_alike)
			not_alike_line(f, x, r);
		if (r->has_rvc && r->rvc_narrowed)
			range_line(f, r, "RVC", r->rvc_from_cm, r->rvc_to_cm,
				   "the range it shares with the baseline pair");
	}
}

/* The sites a measurement covers, from its first to its last. */
struct range_cm {
	double from, to;
};

static int same_range(const struct range_cm *a, const struct range_cm *b)
{
	return fabs(a->from - b->from) < 1e-6 && fabs(a->to - b->to) < 1e-6;
}

/* "A-B cm" of a range appended to text (size LINE). */
static void cat_range(char *text, const char *before, const struct range_cm *r)
{
	char a[NUM], b[NUM];
	size_t len = strlen(text);
	num(a, r->from, r->from != floor(r->from));
	num(b, r->to, r->to != floor(r->to));
	snprintf(text + len, LINE - len, "%s%s-%s cm", before, a, b);
}

/*
 * The volume column is each measurement over its own sites: when one limb's
 * shown measurements cover different lengths (a third of the arm after whole
 * arms), say which, so that a shorter one is not read as a loss of volume.
 */
static void length_note(FILE *f, const struct ctx *x, lv_limb limb, const struct range_cm *rg)
{
	size_t n = lv_history_count(x->h), i, j, best = n, best_count = 0;
	char text[LINE];
	int others = 0;

	for (i = 0; i < n; i++) {
		size_t count = 0;
		if (!shown_row(x, i) || lv_history_row_at(x->h, i)->limb != limb)
			continue;
		for (j = 0; j < n; j++)
			count += shown_row(x, j) && lv_history_row_at(x->h, j)->limb == limb &&
				same_range(&rg[i], &rg[j]);
		if (count > best_count) {
			best = i;
			best_count = count;
		}
	}
	if (best == n)
		return;
	snprintf(text, sizeof text, "volume mL: %s", lv_limb_name(limb));
	cat_range(text, " over ", &rg[best]);
	for (i = 0; i < n && strlen(text) < sizeof text - 120; i++) {
		size_t k = 0;
		if (!shown_row(x, i) || lv_history_row_at(x->h, i)->limb != limb ||
		    same_range(&rg[i], &rg[best]))
			continue;
		while (k < i &&
		       !(shown_row(x, k) && lv_history_row_at(x->h, k)->limb == limb &&
			 same_range(&rg[k], &rg[i])))
			k++;
		if (k < i)
			continue; /* this length is listed already */
		for (j = i; j < n && strlen(text) < sizeof text - 120; j++)
			if (shown_row(x, j) && lv_history_row_at(x->h, j)->limb == limb &&
			    same_range(&rg[j], &rg[i]))
				snprintf(text + strlen(text), sizeof text - strlen(text), "%s%lld",
					 j == i ? (others ? "; id " : ", but id ") : ", ",
					 (long long)lv_history_row_at(x->h, j)->id);
		cat_range(text, " over ", &rg[i]);
		others = 1;
	}
	if (!others)
		return;
	strncat(text,
		": volumes over different lengths do not compare (EV, PEV, RVC and changes are "
		"taken over the range both share; trend fits them over the range all cover).",
		sizeof text - strlen(text) - 1);
	wrap(f, text);
}

static void length_notes(FILE *f, const struct ctx *x)
{
	size_t n = lv_history_count(x->h), i;
	struct range_cm *rg = n ? malloc(n * sizeof *rg) : NULL;

	if (!rg)
		return;
	for (i = 0; i < n; i++) {
		const lv_profile *p = lv_history_profile(x->h, i);
		size_t m = p ? lv_profile_count(p) : 0;
		rg[i].from = m ? lv_profile_site_cm(p, 0) : 0;
		rg[i].to = m ? lv_profile_site_cm(p, m - 1) : 0;
	}
	for (int limb = LV_LIMB_LEFT_ARM; limb <= LV_LIMB_RIGHT_LEG; limb++)
		length_note(f, x, (lv_limb)limb, rg);
	free(rg);
}

static void footer(FILE *f, const struct ctx *x, const int width[C_N], const int on[C_N])
{
	size_t n = lv_history_count(x->h), i;
	int left = 0, pair = 0, rvc = 0, change = 0;
	char text[LINE] = "";

	for (i = 0; i < n; i++) /* the legend explains only the figures shown */
		if (shown_row(x, i)) {
			const lv_history_row *r = lv_history_row_at(x->h, i);
			pair |= r->has_pair;
			rvc |= r->has_rvc;
			change |= r->has_change;
		}
	fputs("\n", f);
	if (pair)
		fputs("EV, PEV: affected limb against the other limb of the same session and phase,\n"
		      "over the range both cover ('over cm'; each volume re-taken there when the two\n"
		      "were measured over different lengths).\n",
		      f);
	if (rvc)
		fputs("RVC: against the baseline pair, over the range all four cover.\n", f);
	if (change)
		fputs("change: post - pre of the session, real when larger than MDC95 = 1.96\n"
		      "sqrt(sd_pre^2 + sd_post^2) (two photos taken alike, same views and distances\n"
		      "within 10 %: of their repeat sd, what the two photo sets do not share).\n",
		      f);
	if (width[C_WAC])
		fputs("WAC: weight-adjusted change of the limb against its baseline,"
		      " (A2 W1) / (A1 W2) - 1.\n",
		      f);
	if (width[C_OVER] && !on[C_OVER])
		over_note(f, x);
	alert_notes(f, x);
	for (int c = 0; c < C_N; c++)
		if (width[c] && !on[c]) {
			size_t len = strlen(text);
			snprintf(text + len, sizeof text - len, "%s%s",
				 left ? ", " : "not shown at this width: ", cols[c].head);
			left = 1;
		}
	if (left) {
		size_t len = strlen(text);
		snprintf(text + len, sizeof text - len, " (--wide shows every column)");
		wrap(f, text);
	}
	for (i = 0; i < n; i++) {
		const lv_history_row *r = lv_history_row_at(x->h, i);
		if (r->note[0] && shown_row(x, i))
			fprintf(f, "* %lld: %s\n", (long long)r->id, r->note);
	}
	narrowed_notes(f, x);
	length_notes(f, x);
}

void ht_print(FILE *f, const lv_history *h, const struct ht_opts *o)
{
	struct ctx x = { h, o, { 0 }, 0 };
	int width[C_N], on[C_N];
	size_t n = lv_history_count(h), i;
	char buf[CELL], line[LINE] = "";

	x.has_alerts = o->thresholds && lv_history_alerts(h, o->thresholds, &x.alerts) == 0;
	heading(f, h);
	choose(&x, width, on);
	fputc('\n', f);
	for (int c = 0; c < C_N; c++)
		if (on[c])
			put_cell(line, cols[c].head, width[c], cols[c].right);
	put_line(f, line);
	for (i = 0; i < n; i++) {
		if (!shown_row(&x, i))
			continue;
		line[0] = 0;
		for (int c = 0; c < C_N; c++)
			if (on[c]) {
				cell(&x, i, c, buf);
				put_cell(line, buf, width[c], cols[c].right);
			}
		put_line(f, line);
	}
	footer(f, &x, width, on);
}
