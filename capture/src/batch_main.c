/*
 * limbvol-batch (run as `limbvol batch`): every photo set under some folders,
 * in parallel, one result row per set, resumable.  doc/photo.md; the parts
 * are listed in batch.h.
 */
#include <errno.h>
#include <stdarg.h>
#include <fcntl.h>
#include <malloc.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "batch.h"
#include "cli.h"
#include "escape.h"
#include "opt.h"
#include "limbvol/error.h"
#include "limbvol/store.h"
#include "cvs_photo.h"
#include "options.h"

static const char CMD[] = "batch";

static const char USAGE[] =
	"usage: limbvol batch [--jobs N] [--out results.csv|results.json] [--overlay DIR]\n"
	"                     [--force] [--format csv|json] [--db FILE] [--shard K/N]\n"
	"                     [--sites-csv FILE] DIR...\n"
	"       limbvol batch --merge OUT PART...\n";

static const char ABOUT[] =
	"Measure every photo set found under the folders given: a set is a folder\n"
	"holding its photos and a manifest.txt (key=value lines):\n"
	"\n"
	"  patient=P001        pseudonymous code (optional)\n"
	"  limb=left-arm       left-arm, right-arm, left-leg or right-leg (optional)\n"
	"  date=2026-03-02     YYYY-MM-DD[THH:MM[:SS]] (optional)\n"
	"  phase=pre           baseline, pre, post or other (optional)\n"
	"  front=front.jpg     the front photo, relative to the set's folder\n"
	"  side=side.jpg       the side photo (optional: one photo, circular slices)\n"
	"  marker=0:80         marker id and side of its black square in mm (default)\n"
	"  from=0  to=40       volume range in cm from the landmark (optional)\n"
	"  step=4              virtual tape sites every step cm (default 4)\n"
	"  origin_offset=0     the landmark, cm from the marker's centre (optional)\n"
	"  dict=4x4_50         marker dictionary (optional)\n"
	"  camera=camera.yml   a camera file, relative to the set's folder (optional)\n"
	"\n"
	"Lines starting with # are comments; an unknown key is an error.  Each set is\n"
	"measured as `limbvol photo` measures it (see limbvol photo --help for the\n"
	"protocol).  Sets run in parallel, one per core unless --jobs.\n";

static const char MORE[] =
	"One row per set, in the order of the sets' paths: set, status (ok or\n"
	"failed), error (why it failed), patient, limb, date, phase, views, scale,\n"
	"from_cm, to_cm, volume_ml, volume_sd_ml, sites_cm and circumferences_cm\n"
	"(';'-separated lists; --sites-csv for one row per site), front, side,\n"
	"volume_repeat_sd_ml (the sd of a change against another set of the same\n"
	"limb, same pose: doc/photo.md, \"A change of volume\"),\n"
	"circumferences_sd_cm (each circumference's sd) and camera_distance_cm\n"
	"(the mean of the views' camera distance, estimated without EXIF).  The\n"
	"failed sets are named at the end.  A progress bar (count, rate, time left)\n"
	"is shown on a terminal only.\n"
	"\n"
	"On several machines (doc/cluster.md): each runs --shard K/N (K from 0 to\n"
	"N-1) with the same folders and its own --out, then --merge makes of the\n"
	"parts the file one run writes.  A set's shard: the FNV-1a 64 hash of its\n"
	"path relative to the folder given (\".\" for the folder itself), mixed by\n"
	"MurmurHash3's fmix64, modulo N (see the manual).\n"
	"\n"
	"Exit codes: 0 every set measured; 1 some sets failed (their rows say why);\n"
	"64 usage; 65 a results file or part that is not one; 66 no photo set\n"
	"found; 73 the results cannot be written.\n"
	"\n"
	"Examples:\n"
	"  limbvol batch clinic/2026-03 --out results.csv\n"
	"  limbvol batch sets/ --jobs 2 --out results.json --overlay check/\n"
	"  limbvol batch study/ --shard 0/4 --out part-0.csv\n"
	"  limbvol batch --merge results.csv part-0.csv part-1.csv part-2.csv part-3.csv\n";

/* A message on stderr, the outside bytes in it (folder and file names)
 * escaped for the terminal. */
static void say(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void say(const char *fmt, ...)
{
	va_list ap;
	fputs("limbvol batch: ", stderr);
	va_start(ap, fmt);
	cli_vprint_escaped(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/* What the command line asks for. */
typedef struct batch_args {
	struct cli_operands dirs;
	const char *out, *overlay, *db, *merge, *sites;
	int format; /* -1: by --out's extension */
	int jobs, force, timing;
	batch_shard shard;
} batch_args;

static const struct cli_choice formats[] = { { "csv", BATCH_CSV },
					     { "json", BATCH_JSON },
					     { NULL, 0 } };

#define OFF(field) offsetof(batch_args, field)

static int set_shard(struct cli_parser *p, void *base, const char *v)
{
	char why[160];
	if (batch_shard_parse(v, &((batch_args *)base)->shard, why, sizeof why) < 0)
		return cli_fail(p, "%s, found '%s'", why, v);
	return 0;
}

static const struct cli_opt options[] = {
	{ CLI_INT, "jobs", 'j', OFF(jobs), .arg = "N", .min = 1, .max = BATCH_MAX_JOBS,
	  .help = "sets measured at the same time (default: one per core)" },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "FILE", .flags = CLI_FILE,
	  .help = "results file, CSV or JSON by its extension (default: CSV\n"
		  "on the standard output).  A set whose row says ok there is\n"
		  "skipped when the batch runs again (an interrupted batch\n"
		  "resumes); rows are appended to FILE.partial as sets finish\n"
		  "and FILE is replaced (temp file + rename) at the end" },
	{ CLI_FLAG, "force", 0, OFF(force), .help = "measure every set again" },
	{ CLI_STRING, "overlay", 0, OFF(overlay), .arg = "DIR", .flags = CLI_DIR,
	  .help = "write each photo with what was measured drawn on it to\n"
		  "DIR/<set>-<photo>-overlay.jpg" },
	{ CLI_CHOICE, "format", 0, OFF(format), .choices = formats,
	  .help = "for the standard output (without --out)" },
	{ CLI_STRING, "db", 0, OFF(db), .arg = "FILE", .flags = CLI_FILE,
	  .help = "also record each measured set in the measurement store\n"
		  "FILE (created when missing) as a photo measurement: the\n"
		  "manifest then needs patient, limb and date; a set already\n"
		  "recorded (measured again with --force) is not stored twice" },
	{ CLI_CALL, "shard", 0, .arg = "K/N", .set = set_shard,
	  .help = "measure only shard K of N (K from 0 to N-1): the sets whose\n"
		  "path relative to the folder given hashes to K modulo N;\n"
		  "run every shard with the same folders, then --merge\n"
		  "their results" },
	{ CLI_STRING, "merge", 0, OFF(merge), .arg = "OUT", .flags = CLI_FILE,
	  .help = "merge the results files given as operands (the shards'\n"
		  "parts) into OUT, the file one run writes; parts of\n"
		  "different kinds, out of order or holding a set twice are\n"
		  "refused" },
	{ CLI_STRING, "sites-csv", 0, OFF(sites), .arg = "FILE", .flags = CLI_FILE,
	  .help = "also write FILE: one row per set and site (set, patient,\n"
		  "limb, date, phase, site_cm, circumference_cm,\n"
		  "circumference_sd_cm), the long format for a spreadsheet" },
	/* for tests/bench/photo_bench.sh */
	{ CLI_FLAG, "timing", 0, OFF(timing), .flags = CLI_HIDDEN, .help = "times on stderr" },
	{ CLI_OPERANDS, .arg = "DIR", .offset = OFF(dirs) },
	{ CLI_END }
};

static const struct cli_cmd batch_cmd = {
	CMD,     USAGE,          ABOUT,
	options, MORE,           "measure a tree of photo sets in parallel, one result row per set",
	NULL,    CLI_CMD_PROGRAM
};

/* The results' format from --out's extension and --format: -1 to go on, or
 * the exit code. */
static int results_format(const batch_args *a, int *fmt)
{
	if (a->dirs.n == 0)
		return cli_usage_error(CMD, "expected one or more folders of photo sets");
	if (!a->out) {
		*fmt = a->format == BATCH_JSON ? BATCH_JSON : BATCH_CSV;
		return -1;
	}
	size_t n = strlen(a->out);
	if (n > 4 && !strcmp(a->out + n - 4, ".csv"))
		*fmt = BATCH_CSV;
	else if (n > 5 && !strcmp(a->out + n - 5, ".json"))
		*fmt = BATCH_JSON;
	else
		return cli_usage_error(
			CMD, "option --out: expected a name ending in .csv or .json, found '%s'",
			a->out);
	if (a->format >= 0 && a->format != *fmt)
		return cli_usage_error(CMD, "--format %s does not match --out %s",
				       a->format == BATCH_CSV ? "csv" : "json", a->out);
	return -1;
}

/*
 * The journal out.partial: the ok rows of earlier runs for the sets of this
 * batch (from out and an earlier journal, unless --force; their sets added
 * to ok; rows of other sets dropped, said), then this run's
 * rows appended as sets finish; temporaries of killed runs are removed.
 * -1 to go on (b->out_fd open), or the exit code.
 */
static int open_journal(batch *b, const char *out, const char *partial, int force,
			const strlist *sets, strlist *ok)
{
	char tmp[4300];
	batch_resume res = { 0 };
	int fd;

	res.want = sets;
	batch_clear_stale(out);
	snprintf(tmp, sizeof tmp, "%s.tmp%ld", partial, (long)getpid());
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0600);
	if (fd < 0) {
		say("cannot create %s: %s", tmp, strerror(errno));
		return CLI_EXIT_CANTCREAT;
	}
	if (!force &&
	    (batch_rows_read(out, b->fmt, ok, fd, &b->index, &res) < 0 ||
	     batch_rows_read(partial, b->fmt, ok, fd, &b->index, &res) < 0)) {
		close(fd);
		unlink(tmp);
		return cli_report(CMD);
	}
	if (res.torn)
		say("%s:%ld: a row cut short by an interrupted run is dropped; its set is "
		    "measured again",
		    res.torn_file, res.torn_line);
	if (res.foreign)
		say("%zu rows of sets not in this batch (another shard, or no longer found): "
		    "dropped",
		    res.foreign);
	if (fsync(fd) != 0 || close(fd) != 0 || rename(tmp, partial) != 0) {
		say("cannot write %s: %s", partial, strerror(errno));
		unlink(tmp);
		return CLI_EXIT_CANTCREAT;
	}
	b->out_fd = open(partial, O_WRONLY | O_APPEND);
	if (b->out_fd < 0) {
		say("cannot write %s: %s", partial, strerror(errno));
		return CLI_EXIT_CANTCREAT;
	}
	return -1;
}

/* The sets under the folders given (of the shard), sorted: -1 to go on, or
 * the exit code.  A shard with no set is fine: its part is empty. */
static int gather(batch_args *a, strlist *sets)
{
	strlist dirs = { 0 };
	int st = 0;

	for (int i = 0; i < a->dirs.n && st == 0; i++)
		st = strlist_add(&dirs, a->dirs.v[i]);
	if (st == 0)
		st = batch_find_sets(sets, &dirs, &a->shard);
	strlist_free(&dirs);
	if (st < 0)
		return cli_report(CMD);
	if (a->shard.found == 0) {
		say("no photo set (a folder with %s) found", MANIFEST_NAME);
		return CLI_EXIT_NOINPUT;
	}
	if (a->shard.n)
		say("shard %lu/%lu: %zu of %zu sets", a->shard.k, a->shard.n, sets->n,
		    a->shard.found);
	strlist_sort(sets);
	return -1;
}

/* After the run: the results file complete (and the sites file), or stdout
 * closed; the exit code. */
static int finish(batch *b, const char *out, const char *partial, const char *sites,
		  batch_file *sites_file)
{
	if (b->out_fd >= 0) {
		if (fdatasync(b->out_fd) != 0 || close(b->out_fd) != 0)
			b->io_error = 1;
		b->out_fd = -1;
		if (b->io_error) {
			say("cannot write %s; the rows written so far are kept there, run again "
			    "to resume",
			    partial);
			return CLI_EXIT_IO;
		}
		if (batch_results_finish(out, partial, b->fmt, &b->index, sites) < 0)
			return cli_report(CMD);
		if (!b->failed && b->todo.n) /* a results file, written in silence, named */
			say("%zu set%s measured: the results are in %s", b->todo.n,
			    b->todo.n == 1 ? "" : "s", out);
	} else {
		if (b->fmt == BATCH_JSON)
			fputs("]\n", stdout);
		if (fflush(stdout) != 0 || ferror(stdout) || b->io_error) {
			say("cannot write the results");
			return CLI_EXIT_IO;
		}
		if (sites_file->f && batch_file_close(sites_file, 1) < 0)
			return cli_report_output(CMD);
	}
	if (b->failed) {
		batch_failed_report(b, 20);
		return CLI_EXIT_SOME_FAILED;
	}
	return CLI_EXIT_OK;
}

/* --merge OUT PART...: the exit code. */
static int merge(const batch_args *a)
{
	if (a->out || a->overlay || a->db || a->sites || a->shard.n || a->force || a->jobs)
		return cli_usage_error(CMD, "--merge takes only the parts to merge");
	if (a->dirs.n == 0)
		return cli_usage_error(CMD, "--merge: expected one or more parts to merge");
	if (batch_merge(a->merge, a->dirs.v, a->dirs.n) < 0)
		return cli_report(CMD);
	return CLI_EXIT_OK;
}

/* The results' destination: the journal (--out) or the standard output
 * (and --sites-csv's file then); the sets measured before left out of
 * b->todo.  -1 to go on, or the exit code. */
static int open_results(batch *b, const batch_args *a, const strlist *sets, strlist *ok,
			char *partial, size_t size, batch_file *sites)
{
	if (a->out) {
		int rc;
		snprintf(partial, size, "%s.partial", a->out);
		if ((rc = open_journal(b, a->out, partial, a->force, sets, ok)) >= 0)
			return rc;
	} else {
		if (a->sites) {
			if (batch_file_open(sites, a->sites) < 0)
				return cli_report_output(CMD);
			fputs(BATCH_SITES_HEADER, sites->f);
			b->sites = sites->f;
		}
		fputs(b->fmt == BATCH_CSV ? BATCH_CSV_HEADER : "[\n", stdout);
	}
	for (size_t i = 0; i < sets->n; i++)
		if (!strlist_has(ok, sets->v[i]) && strlist_add(&b->todo, sets->v[i]) < 0)
			return cli_report(CMD);
	if (ok->n && b->todo.n < sets->n)
		say("%zu of %zu sets already measured in %s (--force to redo)", sets->n - b->todo.n,
		    sets->n, a->out);
	return -1;
}

/* Measure the sets: the exit code. */
static int run(batch_args *a, batch *b)
{
	strlist sets = { 0 }, ok = { 0 };
	char partial[4200] = "";
	batch_file sites = { 0 };
	int rc;

	if (!a->jobs) {
		long n = sysconf(_SC_NPROCESSORS_ONLN);
		a->jobs = n < 1 ? 1 : n > BATCH_MAX_JOBS ? BATCH_MAX_JOBS : (int)n;
	}
	b->overlay = a->overlay;
	b->timing = a->timing;
	if ((a->db && lv_store_open(&b->store, a->db, LV_STORE_CREATE) < 0) ||
	    (a->overlay && photo_mkdir(a->overlay) < 0)) {
		rc = cli_report(CMD);
		goto done;
	}
	if ((rc = gather(a, &sets)) >= 0 ||
	    (rc = open_results(b, a, &sets, &ok, partial, sizeof partial, &sites)) >= 0)
		goto done;

	/* each set runs on one thread: OpenCV's own threads would compete */
	cvs_set_threads(1);
	/* keep freed image buffers for the next photo instead of handing them
	 * back to the system and faulting them in again (a 12 MP photo is 36 MB;
	 * glibc maps anything over its threshold anew each time).  Memory
	 * stays bounded by the jobs' working sets, not by the batch. */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	b->progress = isatty(STDERR_FILENO) && b->todo.n > 0;
	b->escape = b->out_fd < 0 && isatty(STDOUT_FILENO);
	b->t0 = batch_now_s();
	if ((size_t)a->jobs > b->todo.n)
		a->jobs = b->todo.n ? (int)b->todo.n : 1;
	if (batch_run(b, a->jobs) < 0) {
		rc = cli_report(CMD);
		goto done;
	}
	batch_progress_draw(b, 1);
	batch_timing_report(b);
	rc = finish(b, a->out, partial, a->sites, &sites);
done:
	batch_file_close(&sites, 0);
	if (b->out_fd >= 0)
		close(b->out_fd);
	batch_index_free(&b->index);
	strlist_free(&sets);
	strlist_free(&ok);
	return rc;
}

int main(int argc, char **argv)
{
	batch_args a;
	batch b;
	int rc;

	memset(&a, 0, sizeof a);
	memset(&b, 0, sizeof b);
	b.out_fd = -1;
	pthread_mutex_init(&b.lock, NULL);
	pthread_cond_init(&b.moved, NULL);
	a.format = -1;
	if ((rc = cli_parse(&batch_cmd, argc, argv, &a)) == CLI_CONTINUE) {
		if (a.merge)
			rc = merge(&a);
		else if ((rc = results_format(&a, &b.fmt)) < 0)
			rc = run(&a, &b);
	}
	lv_store_close(b.store);
	strlist_free(&b.todo);
	free(b.failed_set);
	pthread_cond_destroy(&b.moved);
	pthread_mutex_destroy(&b.lock);
	return rc;
}
