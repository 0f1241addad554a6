/*
 * limbvol-capture (run as `limbvol capture`): the live capture frontend.
 * A preview with guidance takes the front and the side view of a limb from
 * a camera, a video file or an image sequence, writes them as a photo set
 * that `limbvol batch` reads, and prints (and with --db records) the
 * measurement as `limbvol photo` does.  doc/limbvol-capture.1.
 */
#include <math.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "cvs_aruco.h"
#include "limbvol/error.h"
#include "limbvol/tape_csv.h"
#include "limbvol/volume.h"
#include "options.h"

static const char CMD[] = "capture";

static const char USAGE[] =
	"usage: limbvol capture (--device N|/dev/videoN | --source FILE|PATTERN) --out DIR\n"
	"                       --patient P --limb L --phase baseline|pre|post|other\n"
	"                       [--date D] [--camera camera.yml] [--marker ID:SIZE_MM]\n"
	"                       [--dict NAME] [--from CM] [--to CM] [--step CM]\n"
	"                       [--origin-offset CM] [--db PATH] [--format text|csv|json]\n"
	"                       [--headless] [--still-frames N] [--timeout S] [--size WxH]\n";

static const char HELP[] =
	"\n"
	"Takes the two photos of a photo measurement (front, then side) from a live\n"
	"camera, a video file or an image sequence, with a preview that shows the\n"
	"marker, the limb's outline and axis, the tape sites, whether the range is\n"
	"whole in the frame, the live volume of the view, and one line of guidance.\n"
	"Then it writes the photo set under DIR (front.png, side.png, manifest.txt:\n"
	"what `limbvol batch` reads), prints the result as `limbvol photo` does and,\n"
	"with --db, records it as a photo measurement.\n"
	"\n"
	"Keys in the preview: space takes the current view (front, then side);\n"
	"r retakes the last view; q or Escape quits without writing anything.\n"
	"\n"
	"Sources:\n"
	"  --device N|PATH       a V4L2 camera: 0 for /dev/video0, or the device path\n"
	"  --size WxH            the frame size asked of the camera (default 1280x720)\n"
	"  --source FILE         a video file (AVI, MP4, ...)\n"
	"  --source PATTERN      an image sequence, e.g. 'shots/%03d.png' (from 0 or 1)\n"
	"\n"
	"The set:\n"
	"  --out DIR             where the set's folder is made (PATIENT-LIMB-DATE-PHASE;\n"
	"                        -2, -3 ... appended when that name exists: a set is\n"
	"                        never overwritten)\n"
	"  --patient P --limb L --phase PH --date D   the manifest's fields; --date\n"
	"                        defaults to today (YYYY-MM-DD[THH:MM])\n"
	"  --marker ID:SIZE_MM, --dict NAME, --from CM, --to CM, --step CM,\n"
	"  --origin-offset CM, --camera FILE   as for `limbvol photo` (the camera file\n"
	"                        is copied into the set)\n"
	"  --db PATH             record the measurement in this store\n"
	"  --format FMT          text (default), csv or json, as `limbvol photo`\n"
	"\n"
	"Without a window:\n"
	"  --headless            no preview: the front view is taken when marker and\n"
	"                        limb are found, the range is whole and the image has\n"
	"                        been still for --still-frames frames; then it waits for\n"
	"                        the turn (a movement) and takes the side view at the\n"
	"                        next stillness.  A sensor's noise is not movement.\n"
	"  --still-frames N      frames of stillness before a view is taken (default:\n"
	"                        one second of frames)\n"
	"  --timeout S           give up when the marker has not been seen for S seconds\n"
	"                        (of the video's own time for a file)\n"
	"\n"
	"Guidance: \"marker not found\", \"marker id N found, id M expected\", \"marker\n"
	"touches the edge\", \"marker too small\", \"limb not found\", \"limb touches both\n"
	"edges: step back\", \"the range ... is not whole in the frame\", \"hold still\",\n"
	"\"now turn the limb and the card 90 degrees\" (see limbvol-capture(1)).\n"
	"\n"
	"Exit codes: 0 the set was written (and recorded); 1 quit (q, Escape) before\n"
	"both views, nothing written; 64 usage; 65 the views cannot be measured, the\n"
	"video ended before both views, no marker within --timeout, a truncated or\n"
	"undecodable video; 66 no camera at the device, a missing file; 73 the set\n"
	"cannot be created; 74 the camera stopped sending frames (unplugged), no\n"
	"display for the preview, the store failed; 130 interrupted (Ctrl-C), nothing\n"
	"written.\n";

volatile sig_atomic_t capture_interrupted;

static void on_signal(int sig)
{
	capture_interrupted = sig;
}

static int parse_size(const char *v, int *w, int *h)
{
	char *end;
	long a = strtol(v, &end, 10), b;
	if (end == v || (*end != 'x' && *end != 'X'))
		return -1;
	b = strtol(end + 1, &end, 10);
	if (*end || a < 16 || b < 16 || a > 8192 || b > 8192)
		return -1;
	*w = (int)a;
	*h = (int)b;
	return 0;
}

static void today(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
}

/* --patient: the pseudonymous code also names the set's folder. */
static int patient_ok(const char *p)
{
	size_t n = strlen(p);
	if (n == 0 || n > 64 || p[0] == '.' || p[0] == '-')
		return 0;
	return strspn(p, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") == n;
}

/* One option with its value; 1 when consumed, 0 unknown, -1 error (printed). */
static int option(capture_opts *o, const char *a, const char *v)
{
	static char limb_buf[16], phase_buf[16];
	if (!strcmp(a, "--device"))
		o->device = v;
	else if (!strcmp(a, "--source"))
		o->source = v;
	else if (!strcmp(a, "--out"))
		o->out = v;
	else if (!strcmp(a, "--patient")) {
		if (!patient_ok(v)) {
			cli_usage_error(CMD,
					"option --patient: expected a pseudonymous code of "
					"letters, digits, '.', '_' and '-' (at most 64), found "
					"'%.64s'",
					v);
			return -1;
		}
		o->patient = v;
	} else if (!strcmp(a, "--limb")) {
		lv_limb l;
		if (lv_limb_parse(v, strlen(v), &l) < 0) {
			cli_usage_error(CMD, "option --limb: %s", lv_error_last()->message);
			return -1;
		}
		snprintf(limb_buf, sizeof limb_buf, "%s", lv_limb_name(l));
		o->limb = limb_buf;
	} else if (!strcmp(a, "--phase")) {
		lv_phase ph;
		if (lv_phase_parse(v, strlen(v), &ph) < 0) {
			cli_usage_error(CMD, "option --phase: %s", lv_error_last()->message);
			return -1;
		}
		snprintf(phase_buf, sizeof phase_buf, "%s", lv_phase_name(ph));
		o->phase = phase_buf;
	} else if (!strcmp(a, "--date")) {
		if (lv_date_check(v, strlen(v)) < 0 || strlen(v) >= sizeof o->date) {
			cli_usage_error(CMD, "option --date: %s", lv_error_last()->message);
			return -1;
		}
		snprintf(o->date, sizeof o->date, "%s", v);
	} else if (!strcmp(a, "--camera"))
		o->camera = v;
	else if (!strcmp(a, "--dict"))
		o->dict = v;
	else if (!strcmp(a, "--db"))
		o->db = v;
	else if (!strcmp(a, "--marker")) {
		if (cli_parse_marker(v, &o->g.po.marker_id, &o->g.po.marker_mm) < 0) {
			cli_usage_error(CMD, "option --marker: %s", lv_error_last()->message);
			return -1;
		}
	} else if (!strcmp(a, "--from")) {
		if (cli_number(CMD, a, v, &o->g.rq.from_cm))
			return -1;
	} else if (!strcmp(a, "--to")) {
		if (cli_number(CMD, a, v, &o->g.rq.to_cm))
			return -1;
	} else if (!strcmp(a, "--step")) {
		if (cli_number(CMD, a, v, &o->g.rq.step_cm))
			return -1;
		if (!(o->g.rq.step_cm >= 0.5 && o->g.rq.step_cm <= LV_MAX_SPACING_CM)) {
			cli_usage_error(CMD, "option --step: expected 0.5 to 50 cm, found '%s'", v);
			return -1;
		}
	} else if (!strcmp(a, "--origin-offset")) {
		if (cli_number(CMD, a, v, &o->g.rq.origin_offset_cm))
			return -1;
		if (fabs(o->g.rq.origin_offset_cm) > 200) {
			cli_usage_error(CMD,
					"option --origin-offset: expected -200 to 200 cm, "
					"found '%s'",
					v);
			return -1;
		}
	} else if (!strcmp(a, "--format")) {
		if (cli_format_parse(CMD, v, &o->fmt) < 0)
			return -1;
	} else if (!strcmp(a, "--still-frames")) {
		double n;
		if (cli_number(CMD, a, v, &n))
			return -1;
		if (!(n >= 2 && n <= 1000 && n == floor(n))) {
			cli_usage_error(CMD,
					"option --still-frames: expected a whole number from 2 "
					"to 1000, found '%s'",
					v);
			return -1;
		}
		o->still_frames = (int)n;
	} else if (!strcmp(a, "--timeout")) {
		if (cli_number(CMD, a, v, &o->timeout_s))
			return -1;
		if (!(o->timeout_s > 0 && o->timeout_s <= 86400)) {
			cli_usage_error(CMD,
					"option --timeout: expected seconds from 0 to 86400, "
					"found '%s'",
					v);
			return -1;
		}
	} else if (!strcmp(a, "--size")) {
		if (parse_size(v, &o->req_width, &o->req_height) < 0) {
			cli_usage_error(CMD,
					"option --size: expected WxH, e.g. 1280x720, "
					"found '%s'",
					v);
			return -1;
		}
	} else
		return 0;
	return 1;
}

int main(int argc, char **argv)
{
	capture_opts o;
	photo_lens *lensfile = NULL;
	cvs_lens lens;
	int dict_size = 0, rc;
	struct sigaction sa;

	memset(&o, 0, sizeof o);
	o.dict = "4x4_50";
	o.fmt = CLI_FORMAT_TEXT;
	o.g.po.marker_id = 0;
	o.g.po.marker_mm = 80;
	o.g.rq.from_cm = o.g.rq.to_cm = NAN;
	o.g.rq.step_cm = 4.0;
	o.req_width = 1280;
	o.req_height = 720;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = NULL;
		char name[64];
		if (!strcmp(a, "--summary")) {
			puts("live capture of a photo set with guidance: camera, video or images");
			return 0;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(USAGE, stdout);
			fputs(HELP, stdout);
			return 0;
		}
		if (!strcmp(a, "--headless")) {
			o.headless = 1;
			continue;
		}
		if (!strcmp(a, "--timing")) { /* tests/bench/capture_bench.sh */
			o.timing = 1;
			continue;
		}
		if (!strcmp(a, "--draw")) { /* the overlays drawn when headless (benchmark) */
			o.draw = 1;
			continue;
		}
		if (a[0] != '-' || a[1] != '-')
			return cli_usage_error(CMD, "unexpected argument '%s'", a);
		/* --x=V or --x V */
		const char *eq = strchr(a, '=');
		if (eq && (size_t)(eq - a) < sizeof name) {
			snprintf(name, sizeof name, "%.*s", (int)(eq - a), a);
			v = eq + 1;
			a = name;
		} else {
			if (i + 1 >= argc)
				return cli_usage_error(CMD, "option %s needs a value", a);
			v = argv[++i];
		}
		rc = option(&o, a, v);
		if (rc < 0)
			return CLI_EXIT_USAGE;
		if (rc == 0)
			return cli_usage_error(CMD, "unknown option '%s'", a);
	}
	if (!o.device == !o.source)
		return cli_usage_error(CMD,
				       "expected one source: --device N|/dev/videoN or "
				       "--source FILE|PATTERN");
	if (!o.out)
		return cli_usage_error(CMD, "expected --out DIR (where the photo set is written)");
	if (!o.patient || !o.limb || !o.phase)
		return cli_usage_error(CMD,
				       "expected --patient, --limb and --phase (the photo "
				       "set's manifest)");
	if (!o.date[0])
		today(o.date, sizeof o.date);
	if (!isnan(o.g.rq.from_cm) && !isnan(o.g.rq.to_cm) && !(o.g.rq.to_cm > o.g.rq.from_cm))
		return cli_usage_error(CMD, "--to must be greater than --from");
	if (cvs_aruco_dictionary(o.dict, &o.g.po.dict_id, &dict_size) < 0)
		return cli_usage_error(CMD, "option --dict: %s", lv_error_last()->message);
	if (o.g.po.marker_id >= dict_size)
		return cli_usage_error(CMD,
				       "option --marker: id %d is not in dictionary %s (0 to %d)",
				       o.g.po.marker_id, o.dict, dict_size - 1);
	if (!isnan(o.g.rq.from_cm) && !isnan(o.g.rq.to_cm)) {
		/* as limbvol batch reads the manifest */
		o.g.po.axis_from_cm = o.g.rq.from_cm + o.g.rq.origin_offset_cm;
		o.g.po.axis_to_cm = o.g.rq.to_cm + o.g.rq.origin_offset_cm;
	}
	if (o.camera) {
		if (photo_lens_read(&lensfile, o.camera, &lens) < 0)
			return cli_report(CMD);
		o.g.po.lens = &lens;
		o.lensfile = lensfile;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	rc = capture_run(&o);
	photo_lens_free(lensfile);
	return rc;
}
