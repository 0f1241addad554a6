/* An unfinished interactive entry, kept on disk (see entry_draft.h). */
#include "entry_draft.h"
#include "tape_entry.h"
#include "cli.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "limbvol/error.h"
#include "limbvol/number.h"

#define DRAFT_MAGIC "limbvol-entry-draft 1"

int entry_draft_path(char *buf, size_t size)
{
	const char *env = getenv("LIMBVOL_DRAFT"), *xdg = getenv("XDG_STATE_HOME");
	const char *home = getenv("HOME");
	int n;

	if (env && env[0])
		n = snprintf(buf, size, "%s", env);
	else if (xdg && xdg[0] == '/')
		n = snprintf(buf, size, "%s/limbvol/entry-draft", xdg);
	else if (home && home[0])
		n = snprintf(buf, size, "%s/.local/state/limbvol/entry-draft", home);
	else
		return -1;
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

/* mkdir -p of the draft's folder, new folders 0700. */
static int make_folder(const char *path)
{
	char dir[1024];
	char *p;

	if (snprintf(dir, sizeof dir, "%s", path) >= (int)sizeof dir)
		return -1;
	p = strrchr(dir, '/');
	if (!p || p == dir)
		return 0;
	*p = '\0';
	for (p = dir + 1;; p++) {
		if (*p == '/' || !*p) {
			char c = *p;
			*p = '\0';
			if (mkdir(dir, 0700) < 0 && errno != EEXIST)
				return -1;
			*p = c;
			if (!c)
				return 0;
		}
	}
}

/*
 * Earlier drafts wait behind the newest as PATH.1 (the next newest) ...
 * PATH.9: a draft declined at the offer, or left while input was piped,
 * is never overwritten by another entry, and is offered again once the
 * newer one is done.
 */
#define DRAFT_EARLIER_MAX 9

/* PATH.k into buf (k 0: PATH itself); -1 when it does not fit. */
static int nth_path(char *buf, size_t size, const char *path, int k)
{
	int n = k ? snprintf(buf, size, "%s.%d", path, k) : snprintf(buf, size, "%s", path);
	return n < 0 || (size_t)n >= size ? -1 : 0;
}

static int nth_exists(const char *path, int k)
{
	char p[1100];
	return nth_path(p, sizeof p, path, k) == 0 && access(p, F_OK) == 0;
}

/* How many earlier drafts wait behind PATH. */
static int earlier_count(const char *path)
{
	int k = 0;
	while (k < DRAFT_EARLIER_MAX && nth_exists(path, k + 1))
		k++;
	return k;
}

/* Rename PATH.from to PATH.to; -1 on failure. */
static int nth_rename(const char *path, int from, int to)
{
	char a[1100], b[1100];
	if (nth_path(a, sizeof a, path, from) < 0 || nth_path(b, sizeof b, path, to) < 0)
		return -1;
	return rename(a, b);
}

/* No draft at PATH but earlier ones: the next newest moves up. */
static void settle(const char *path)
{
	int n;
	if (nth_exists(path, 0) || !(n = earlier_count(path)))
		return;
	for (int k = 1; k <= n; k++)
		if (nth_rename(path, k, k - 1) < 0)
			return;
}

/* A draft at PATH moves behind (PATH -> PATH.1 -> PATH.2 ...): 0, -1. */
static int push_back(const char *path)
{
	int n;
	if (!nth_exists(path, 0))
		return 0;
	if ((n = earlier_count(path)) >= DRAFT_EARLIER_MAX)
		return -1;
	for (int k = n; k >= 0; k--)
		if (nth_rename(path, k, k + 1) < 0)
			return -1;
	return 0;
}

static void put_list(FILE *f, const char *key, const double *v, size_t n)
{
	char num[64];
	fputs(key, f);
	for (size_t i = 0; i < n; i++)
		if (lv_number_format(v[i], 6, num, sizeof num) > 0)
			fprintf(f, " %s", num);
	fputc('\n', f);
}

int entry_draft_save(const struct entry *e, const char **why)
{
	char path[1024], tmp[1100];
	double layout[3] = { e->unit_cm, e->step_cm, e->start_cm };
	FILE *f;
	int fd;

	*why = "no folder for it (HOME is not set)";
	if (entry_draft_path(path, sizeof path) < 0)
		return -1;
	*why = "its folder cannot be created";
	if (make_folder(path) < 0)
		return -1;
	settle(path);
	*why = "9 earlier interrupted entries are kept already (--resume them first)";
	if (!e->from_draft && push_back(path) < 0) /* another entry's draft: kept */
		return -1;
	snprintf(tmp, sizeof tmp, "%s.XXXXXX", path);
	*why = "it cannot be written";
	if ((fd = mkstemp(tmp)) < 0)
		return -1;
	if (!(f = fdopen(fd, "w"))) {
		close(fd);
		unlink(tmp);
		return -1;
	}
	fprintf(f, "%s\nunit %s\nstep_given %d\nother %d\nstage %d\n", DRAFT_MAGIC, e->unit_name,
		e->step_given, e->want_other, e->stage);
	put_list(f, "layout", layout, 3);
	if (e->sites_cm)
		put_list(f, "sites", e->sites_cm, e->n_sites);
	put_list(f, "limb", e->circ_cm, e->n_circ);
	put_list(f, "other_limb", e->other_cm, e->n_other);
	if (fflush(f) != 0 || fsync(fileno(f)) != 0 || ferror(f)) {
		fclose(f);
		unlink(tmp);
		return -1;
	}
	fclose(f);
	if (rename(tmp, path) < 0) {
		unlink(tmp);
		return -1;
	}
	return 0;
}

/* The numbers after a key into a new array. */
static int get_list(const char *line, double **out, size_t *n)
{
	const char *p = line;
	size_t cap = 0;

	free(*out);
	*out = NULL;
	*n = 0;
	while (*p) {
		size_t len;
		double v, *grown;
		p += strspn(p, " ");
		len = strcspn(p, " \n");
		if (!len)
			break;
		if (lv_number_parse(p, len, 0, &v) < 0 || *n >= 100000)
			return -1;
		if (*n == cap) {
			cap = cap ? 2 * cap : 16;
			if (!(grown = realloc(*out, cap * sizeof *grown)))
				return -1;
			*out = grown;
		}
		(*out)[(*n)++] = v;
		p += len;
	}
	return 0;
}

static const char *unit_name(double unit_cm)
{
	return unit_cm == 0.1 ? "mm" : unit_cm == 2.54 ? "in" : "cm";
}

int entry_draft_load(struct entry *e, const char **why)
{
	char path[1024], *line = NULL;
	size_t line_cap = 0, n_layout = 0;
	double *layout = NULL;
	struct stat st;
	FILE *f;
	int ok = 1;

	if (entry_draft_path(path, sizeof path) < 0)
		return 0;
	settle(path);
	if (!(f = fopen(path, "r")))
		return 0;
	*why = "it is not a regular file of at most 4 MB";
	if (fstat(fileno(f), &st) < 0 || !S_ISREG(st.st_mode) || st.st_size > (4 << 20)) {
		fclose(f);
		return -1;
	}
	*why = "it is not a limbvol entry draft";
	if (getline(&line, &line_cap, f) < 0 || strncmp(line, DRAFT_MAGIC, strlen(DRAFT_MAGIC))) {
		free(line);
		fclose(f);
		return -1;
	}
	free(e->sites_cm);
	e->sites_cm = NULL;
	e->n_sites = 0;
	while (ok && getline(&line, &line_cap, f) > 0) {
		if (!strncmp(line, "step_given ", 11))
			e->step_given = line[11] == '1';
		else if (!strncmp(line, "other ", 6))
			e->want_other = line[6] == '1';
		else if (!strncmp(line, "stage ", 6))
			e->stage = line[6] == '1';
		else if (!strncmp(line, "layout", 6))
			ok = get_list(line + 6, &layout, &n_layout) == 0 && n_layout == 3;
		else if (!strncmp(line, "sites", 5))
			ok = get_list(line + 5, &e->sites_cm, &e->n_sites) == 0;
		else if (!strncmp(line, "limb", 4)) {
			ok = get_list(line + 4, &e->circ_cm, &e->n_circ) == 0;
			e->cap_circ = e->n_circ;
		} else if (!strncmp(line, "other_limb", 10)) {
			ok = get_list(line + 10, &e->other_cm, &e->n_other) == 0;
			e->cap_other = e->n_other;
		}
	}
	free(line);
	fclose(f);
	if (ok && n_layout == 3 && layout[0] > 0) {
		e->unit_cm = layout[0];
		e->unit_name = unit_name(layout[0]);
		e->step_cm = layout[1];
		e->start_cm = layout[2];
	} else {
		ok = 0;
	}
	free(layout);
	return ok ? 1 : -1;
}

void entry_draft_remove(void)
{
	char path[1024];
	if (entry_draft_path(path, sizeof path) == 0) {
		unlink(path);
		settle(path); /* the next earlier one is offered next */
	}
}

/* How many drafts wait behind the newest (0 without a path). */
static int draft_earlier(void)
{
	char path[1024];
	return entry_draft_path(path, sizeof path) < 0 ? 0 : earlier_count(path);
}

/* On a terminal: offer a kept draft; 1 when it was taken. */
int entry_draft_offer(FILE *in, FILE *prompts)
{
	struct entry d;
	const char *why = "";
	char answer[32];
	int st;

	entry_init(&d);
	st = entry_draft_load(&d, &why);
	if (st <= 0 || (!d.n_circ && !d.n_other)) {
		entry_free(&d);
		return 0;
	}
	fprintf(prompts,
		"an interrupted entry is kept (%zu site%s of the first limb, %zu of the other",
		d.n_circ, d.n_circ == 1 ? "" : "s", d.n_other);
	if ((st = draft_earlier()) > 0)
		fprintf(prompts, "; %d earlier one%s after it", st, st == 1 ? "" : "s");
	fprintf(prompts, "): go on with it? [Y/n] ");
	fflush(prompts);
	entry_free(&d);
	if (!fgets(answer, sizeof answer, in) || answer[0] == 'n' || answer[0] == 'N') {
		fprintf(prompts, "  (kept: --resume takes it later)\n");
		return 0;
	}
	return 1;
}

/* Load the draft into e for --resume (or an accepted offer); an exit code. */
int entry_draft_take(struct entry *e, const char *cmd)
{
	const char *why = "";
	int st = entry_draft_load(e, &why);
	char path[1024] = "the draft";

	entry_draft_path(path, sizeof path);
	if (st == 0) {
		cli_usage_error(cmd, "--resume: no interrupted entry is kept (%s)", path);
		return CLI_EXIT_USAGE;
	}
	if (st < 0) {
		fprintf(stderr, "limbvol %s: cannot resume from %s: %s\n", cmd, path, why);
		return CLI_EXIT_DATA;
	}
	e->from_draft = 1;
	return CLI_EXIT_OK;
}

int entry_keep(struct entry *e, const char *cmd)
{
	const char *why = "";
	char path[1024] = "";
	int earlier;

	entry_draft_path(path, sizeof path);
	if (!e->n_circ && !e->n_other) { /* nothing to keep: a kept draft stays as it is */
		fprintf(stderr, "limbvol %s: nothing was typed%s\n", cmd,
			access(path, F_OK) == 0
				? "; the interrupted entry kept before is still kept"
				  " (--resume goes on with it)"
				: "");
		return CLI_EXIT_DATA;
	}
	if (entry_draft_save(e, &why) < 0) {
		fprintf(stderr,
			"limbvol %s: entry interrupted, and the values typed cannot be kept in"
			" %s: %s\n",
			cmd, path, why);
		return CLI_EXIT_CANTCREAT;
	}
	e->kept = 1;
	fprintf(stderr,
		"limbvol %s: nothing typed is lost (%s: %zu site%s, %s: %zu): the values are"
		" kept in %s; run the same command with --resume to go on\n",
		cmd, e->label, e->n_circ, e->n_circ == 1 ? "" : "s", e->other_label, e->n_other,
		path);
	if ((earlier = draft_earlier()) > 0)
		fprintf(stderr,
			"limbvol %s: %d earlier interrupted entr%s kept too, offered after"
			" this one\n",
			cmd, earlier, earlier == 1 ? "y is" : "ies are");
	return CLI_EXIT_DATA;
}
