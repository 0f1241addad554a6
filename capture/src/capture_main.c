/*
 * limbvol-capture (run as `limbvol capture`): the live capture frontend.
 * A preview with guidance takes the front and the side view of a limb from
 * a camera, a video file or an image sequence, writes them as a photo set
 * that `limbvol batch` reads, and prints (and with --db records) the
 * measurement as `limbvol photo` does.  doc/limbvol-capture.1.
 */
#include <math.h>
#include <stddef.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "capture.h"
#include "opt.h"
#include "cvs_aruco.h"
#include "limbvol/error.h"
#include "limbvol/tape_csv.h"
#include "limbvol/volume.h"
#include "options.h"

static const char CMD[] = "capture";

static const char usage[] =
	"usage: limbvol capture (--device N|/dev/videoN | --source FILE|PATTERN) --out DIR\n"
	"                       --patient P --limb L --phase baseline|pre|post|other\n"
	"                       [--date D] [--camera camera.yml] [--marker ID:SIZE_MM]\n"
	"                       [--dict NAME] [--from CM] [--to CM] [--step CM]\n"
	"                       [--origin-offset CM] [--proximal up|down|left|right]\n"
	"                       [--db PATH] [--format text|csv|json]\n"
	"                       [--headless] [--still-frames N] [--timeout S] [--size WxH]\n";

static const char about[] =
	"Takes the two photos of a photo measurement (front, then side) from a live\n"
	"camera, a video file or an image sequence, with a preview that shows the\n"
	"marker, the limb's outline and axis, the tape sites, whether the range is\n"
	"whole in the frame, the live volume of the view, and one line of guidance.\n"
	"Then it writes the photo set under DIR (front.png, side.png, manifest.txt:\n"
	"what `limbvol batch` reads), prints the result as `limbvol photo` does and,\n"
	"with --db, records it as a photo measurement.\n"
	"\n"
	"Keys in the preview: space takes the current view (front, then side);\n"
	"r retakes the last view; q or Escape quits without writing anything.\n";

static const char more[] =
	"Guidance (one line, on the preview; on stderr when --headless):\n"
	"  marker not found / marker id N found, id M expected / marker touches the\n"
	"  edge / marker too small / limb not found / limb ends inside the frame /\n"
	"  limb touches both edges: step back / the range ... is not whole in the\n"
	"  frame / hold still / now turn the limb and the card 90 degrees (see\n"
	"  limbvol-capture(1)).\n"
	"\n"
	"The set's folder is PATIENT-LIMB-DATE-PHASE under DIR, written whole or not at\n"
	"all (a hidden temporary folder renamed at the end); when that name exists,\n"
	"-2, -3 ... is appended: a set is never overwritten.\n"
	"\n"
	"Examples:\n"
	"  limbvol capture --device 0 --out sets --patient P001 --limb left-arm --phase pre\n"
	"  limbvol capture --source session.avi --out sets --patient P001 --limb left-arm \\\n"
	"      --phase pre --from 0 --to 40 --headless --db clinic.db\n"
	"\n"
	"Exit codes: 0 the set was written (and recorded); 1 quit (q, Escape) before\n"
	"both views, nothing written; 64 usage; 65 the views cannot be measured, the\n"
	"video ended before both views, no marker within --timeout, a marker of\n"
	"another id (--headless), a truncated or undecodable video; 66 no camera at the\n"
	"device, a missing file; 73 the set cannot be created; 74 the camera stopped\n"
	"sending frames (unplugged), no display for the preview, the store failed;\n"
	"130 interrupted (Ctrl-C), nothing written.\n";

volatile sig_atomic_t capture_interrupted;

static void on_signal(int sig)
{
	capture_interrupted = sig;
}

static int set_size(struct cli_parser *p, void *base, const char *v)
{
	capture_opts *o = base;
	char *end;
	long a = strtol(v, &end, 10), b;
	if (end == v || (*end != 'x' && *end != 'X'))
		return cli_fail(p, "expected WxH, e.g. 1280x720, found '%.40s'", v);
	b = strtol(end + 1, &end, 10);
	if (*end || a < 16 || b < 16 || a > 8192 || b > 8192)
		return cli_fail(p, "expected WxH, e.g. 1280x720, found '%.40s'", v);
	o->req_width = (int)a;
	o->req_height = (int)b;
	return 0;
}

/* --patient: the pseudonymous code also names the set's folder. */
static int set_patient(struct cli_parser *p, void *base, const char *v)
{
	size_t n = strlen(v);
	if (n == 0 || n > 64 || v[0] == '.' || v[0] == '-' ||
	    strspn(v, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789._-") != n)
		return cli_fail(p,
				"expected a pseudonymous code of letters, digits, '.', '_' and "
				"'-' (at most 64), found '%.64s'",
				v);
	((capture_opts *)base)->patient = v;
	return 0;
}

static int set_limb(struct cli_parser *p, void *base, const char *v)
{
	lv_limb l;
	if (lv_limb_parse(v, strlen(v), &l) < 0) {
		lv_error_clear();
		return cli_fail(
			p, "expected left-arm, right-arm, left-leg or right-leg, found '%.40s'", v);
	}
	((capture_opts *)base)->limb = lv_limb_name(l);
	return 0;
}

static int set_phase(struct cli_parser *p, void *base, const char *v)
{
	lv_phase ph;
	if (lv_phase_parse(v, strlen(v), &ph) < 0) {
		lv_error_clear();
		return cli_fail(p, "expected baseline, pre, post or other, found '%.40s'", v);
	}
	((capture_opts *)base)->phase = lv_phase_name(ph);
	return 0;
}

static int set_date(struct cli_parser *p, void *base, const char *v)
{
	capture_opts *o = base;
	if (lv_date_check(v, strlen(v)) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	if (strlen(v) >= sizeof o->date)
		return cli_fail(p, "expected YYYY-MM-DD[THH:MM[:SS]], found '%.40s'", v);
	snprintf(o->date, sizeof o->date, "%s", v);
	return 0;
}

static int set_marker(struct cli_parser *p, void *base, const char *v)
{
	capture_opts *o = base;
	if (cli_parse_marker(v, &o->g.po.marker_id, &o->g.po.marker_mm) < 0)
		return cli_fail(p, "%s", lv_error_last()->message);
	return 0;
}

#define OFF(field) offsetof(capture_opts, field)

static const struct cli_opt options[] = {
	{ CLI_TITLE, .help = "sources" },
	{ CLI_STRING, "device", 0, OFF(device), .arg = "N|PATH", .flags = CLI_FILE,
	  .help = "a V4L2 camera: 0 for /dev/video0, or the device path" },
	{ CLI_CALL, "size", 0, 0, .arg = "WxH", .set = set_size,
	  .help = "the frame size asked of the camera (default 1280x720)" },
	{ CLI_STRING, "source", 0, OFF(source), .arg = "FILE|PATTERN", .flags = CLI_FILE,
	  .help = "a video file (AVI, MP4, ...), or an image sequence such as\n"
		  "'shots/%03d.png' (numbered from 0 or 1)" },
	{ CLI_TITLE, .help = "the set" },
	{ CLI_STRING, "out", 0, OFF(out), .arg = "DIR", .flags = CLI_DIR,
	  .help = "where the set's folder is made (created 0700)" },
	{ CLI_CALL, "patient", 0, 0, .arg = "CODE", .set = set_patient,
	  .help = "the patient's pseudonymous code (required)" },
	{ CLI_CALL, "limb", 0, 0, .arg = "LIMB", .set = set_limb,
	  .help = "left-arm, right-arm, left-leg or right-leg (required)" },
	{ CLI_CALL, "phase", 0, 0, .arg = "PHASE", .set = set_phase,
	  .help = "baseline, pre, post or other (required)" },
	{ CLI_CALL, "date", 0, 0, .arg = "D", .set = set_date,
	  .help = "YYYY-MM-DD[THH:MM] (default today)" },
	{ CLI_CALL, "marker", 0, 0, .arg = "ID:SIZE_MM", .set = set_marker,
	  .help = "the marker's id and the side of its black square (0:80)" },
	{ CLI_STRING, "dict", 0, OFF(dict), .arg = "NAME", .help = "marker dictionary (4x4_50)" },
	{ CLI_NUMBER, "from", 0, OFF(g.rq.from_cm), .arg = "CM", .min = -200, .max = 200,
	  .help = "volume from this position from the landmark" },
	{ CLI_NUMBER, "to", 0, OFF(g.rq.to_cm), .arg = "CM", .min = -200, .max = 200,
	  .help = "to this one (default: to the last whole step in both views)" },
	{ CLI_NUMBER, "step", 0, OFF(g.rq.step_cm), .arg = "CM", .min = 0.5,
	  .max = LV_MAX_SPACING_CM, .help = "virtual tape sites every CM (4)" },
	{ CLI_NUMBER, "origin-offset", 0, OFF(g.rq.origin_offset_cm), .arg = "CM", .min = -200,
	  .max = 200, .help = "the landmark lies CM from the marker's centre along the axis" },
	{ CLI_INCLUDE, .include = cli_proximal_options, .offset = OFF(g.po.proximal) },
	{ CLI_STRING, "camera", 0, OFF(camera), .arg = "FILE", .flags = CLI_FILE,
	  .help = "a camera file (limbvol calib camera), copied into the set" },
	{ CLI_STRING, "db", 0, OFF(db), .arg = "PATH", .flags = CLI_FILE,
	  .help = "record the measurement in this store (created 0600)" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats,
	  .help = "text (default), csv or json, as limbvol photo prints them" },
	{ CLI_TITLE, .help = "without a window" },
	{ CLI_FLAG, "headless", 0, OFF(headless),
	  .help = "no preview: the front view is taken once marker and limb are\n"
		  "found, the range is whole and the image has been still; then\n"
		  "the side view after the turn, at the next stillness" },
	{ CLI_INT, "still-frames", 0, OFF(still_frames), .arg = "N", .min = 2, .max = 1000,
	  .help = "frames of stillness before a view is taken (one second's)" },
	{ CLI_NUMBER, "timeout", 0, OFF(timeout_s), .arg = "S", .min = 0, .max = 86400,
	  .flags = CLI_ABOVE_MIN,
	  .help = "give up when the marker has not been seen for S seconds\n"
		  "(of the video's own time for a file)" },
	{ CLI_FLAG, "timing", 0, OFF(timing), .flags = CLI_HIDDEN },
	{ CLI_FLAG, "draw", 0, OFF(draw), .flags = CLI_HIDDEN },
	{ CLI_END }
};

static const struct cli_cmd capture_cmd = {
	"capture", usage,
	about,     options,
	more,      "live capture of a photo set with guidance: camera, video or images",
	NULL,      CLI_CMD_PROGRAM
};

static void today(char *buf, size_t size)
{
	time_t t = time(NULL);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(buf, size, "%Y-%m-%d", &tm);
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
	if ((rc = cli_parse(&capture_cmd, argc, argv, &o)) != CLI_CONTINUE)
		return rc;
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
