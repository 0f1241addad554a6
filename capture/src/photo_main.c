/*
 * limbvol-photo (run as `limbvol photo`): limb volume and virtual tape from
 * a front and a side photo with a printed ArUco marker.  doc/photo.md.
 */
#include <malloc.h>
#include <math.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cli.h"
#include "opt.h"
#include "report.h"
#include "limbvol/error.h"
#include "cvs_aruco.h"
#include "cvs_photo.h"
#include "options.h"
#include "photo.h"
#include "photo_report.h"
#include "csvout.h"

static const char CMD[] = "photo";

/* A photo read from standard input: at most this many bytes (a 50 MP JPEG
 * of fine quality is about 25 MB, an uncompressed PNG of 50 MP 150 MB). */
#define PHOTO_STDIN_MAX_BYTES ((size_t)256 << 20)

static const char USAGE[] =
	"usage: limbvol photo [--marker ID:SIZE_MM] [--dict NAME] [--from CM] [--to CM]\n"
	"                     [--step CM] [--origin-offset CM] [--camera camera.yml]\n"
	"                     [--format text|csv|json] [--overlay DIR] [--proximal up|down|left|right]\n"
	"                     FRONT.jpg [SIDE.jpg]\n";

static const char ABOUT[] =
	"Limb volume and virtual tape circumferences from two photos at right angles\n"
	"(front and side), like a Perometer: at every millimetre along the limb the\n"
	"widths seen from the front and from the side give an elliptical slice.\n"
	"\n"
	"The protocol:\n"
	"  - The limb is held straight in front of a plain background of a colour\n"
	"    unlike skin (blue, green, grey or white; shadows are fine).  Its\n"
	"    proximal end leaves the photo (arm to the shoulder, leg to the thigh); its\n"
	"    distal end may be in it.\n"
	"  - A square ArUco marker (dictionary 4x4_50, id 0, 80 mm by default) printed\n"
	"    on a card with a white margin of at least 1.5 cells lies beside the limb,\n"
	"    in the plane through the limb's axis, facing the camera.  The marker's\n"
	"    size is the side of its black square.  Print one with `limbvol calib\n"
	"    marker`, or with OpenCV's own tool (see doc/photo.md).\n"
	"  - The marker's centre projected onto the limb's axis is position 0 (put it\n"
	"    at the landmark, e.g. 2 cm above the wrist, or the ankle), unless\n"
	"    --origin-offset moves it.  Positions grow towards where the limb leaves\n"
	"    the photo.\n"
	"  - Front photo, then side photo: the limb turned 90 degrees about its own\n"
	"    axis together with the card, or the camera moved 90 degrees around it.\n"
	"    One photo alone gives circular slices, less accurate.\n";

static const char MORE[] =
	"Exit codes: 0 measured; 64 usage; 65 a photo cannot be measured (no marker,\n"
	"marker too small, limb cut off at both ends, two separate blobs, front and\n"
	"side views that do not agree, unreadable or truncated image); 66 a photo is\n"
	"missing; 73 the overlay cannot be written; 70 internal error.\n"
	"\n"
	"Examples:\n"
	"  limbvol photo front.jpg side.jpg\n"
	"  limbvol photo front.jpg side.jpg --marker 3:60 --from 0 --to 40 --format json\n"
	"  limbvol photo front.jpg side.jpg --camera camera.yml --overlay check/\n";

struct photo_args {
	struct cli_marker marker;
	const char *dict, *camera, *overlay;
	double from_cm, to_cm, step_cm, origin_offset_cm;
	int fmt, timing, proximal;
	lv_csv_style csv_style;
	struct cli_operands photos;
};

/* --proximal's values are photo.h's */
_Static_assert((int)CLI_PROXIMAL_UP == (int)PHOTO_PROXIMAL_UP &&
		       (int)CLI_PROXIMAL_RIGHT == (int)PHOTO_PROXIMAL_RIGHT,
	       "cli_proximal_options and PHOTO_PROXIMAL_* differ");

#define OFF(field) offsetof(struct photo_args, field)

static const struct cli_opt options[] = {
	{ CLI_CALL, "marker", 0, OFF(marker), .arg = "ID:SIZE_MM", .set = cli_set_marker,
	  .help = "the marker's id and the side of its black square in mm\n(default 0:80)" },
	{ CLI_STRING, "dict", 0, OFF(dict), .arg = "NAME",
	  .help = "marker dictionary (default 4x4_50)" },
	{ CLI_NUMBER, "from", 0, OFF(from_cm), .arg = "CM",
	  .help = "volume between these positions from the landmark, with --to\n"
		  "(default: from 0, or the start of the measured range,\n"
		  "to the last whole step inside both photos)" },
	{ CLI_NUMBER, "to", 0, OFF(to_cm), .arg = "CM", .help = "the end of that range" },
	{ CLI_NUMBER, "step", 0, OFF(step_cm), .arg = "CM", .min = 0.5, .max = LV_MAX_SPACING_CM,
	  .help = "virtual tape sites every CM from --from (default 4)" },
	{ CLI_NUMBER, "origin-offset", 0, OFF(origin_offset_cm), .arg = "CM", .min = -200,
	  .max = 200,
	  .help = "the landmark lies CM from the marker's centre along\n"
		  "the axis (positive towards the frame's exit)" },
	{ CLI_INCLUDE, .include = cli_proximal_options, .offset = OFF(proximal) },
	{ CLI_STRING, "camera", 0, OFF(camera), .arg = "FILE", .flags = CLI_FILE,
	  .help = "a camera file (limbvol calib camera): undistort and\n"
		  "take the camera distance from the marker's pose;\n"
		  "without it the scale comes from the marker's apparent\n"
		  "size, and the output says so" },
	{ CLI_CHOICE, "format", 0, OFF(fmt), .choices = cli_formats,
	  .help = "text (default), csv or json, as `limbvol tape` prints\n"
		  "them (volume_ml, volume_sd_ml, segments, and the\n"
		  "virtual tape: sites with circumference_cm and its sd\n"
		  "circumference_sd_cm), volume_repeat_sd_ml: the sd of\n"
		  "a change against another photo set of the limb in the\n"
		  "same pose, and last (JSON) camera_distance_cm" },
	{ CLI_INCLUDE, .include = cli_csv_locale_options, .offset = OFF(csv_style) },
	{ CLI_STRING, "overlay", 0, OFF(overlay), .arg = "DIR", .flags = CLI_DIR,
	  .help = "write each photo with the outline, the axis, the sites,\n"
		  "the marker, the landmark and a legend drawn on it to\n"
		  "DIR/NAME-overlay.jpg" },
	/* for tests/bench/photo_bench.sh: one thread, times on stderr */
	{ CLI_FLAG, "timing", 0, OFF(timing), .flags = CLI_HIDDEN, .help = "times on stderr" },
	{ CLI_OPERANDS, .arg = "FRONT.jpg [SIDE.jpg]", .offset = OFF(photos) },
	{ CLI_END }
};

static const struct cli_cmd photo_cmd = {
	CMD,   USAGE,
	ABOUT, options,
	MORE,  "volume and virtual tape from a front and a side photo with a marker",
	NULL,  CLI_CMD_PROGRAM
};

/* The command line into args, po and rq, checked: CLI_CONTINUE or an exit code. */
static int read_args(int argc, char **argv, struct photo_args *args, photo_opts *po,
		     photo_request *rq)
{
	int rc, dict_size = 0;

	memset(args, 0, sizeof *args);
	args->marker.id = 0;
	args->marker.size_mm = 80;
	args->dict = "4x4_50";
	args->from_cm = args->to_cm = NAN;
	args->step_cm = 4.0;
	if ((rc = cli_parse(&photo_cmd, argc, argv, args)) != CLI_CONTINUE)
		return rc;
	if (args->photos.n > 2)
		return cli_usage_error(CMD, "expected at most two photos (front, side), found '%s'",
				       args->photos.v[2]);
	if (args->photos.n == 0)
		return cli_usage_error(CMD, "expected a front photo (and a side photo)");
	po->marker_id = args->marker.id;
	po->marker_mm = args->marker.size_mm;
	po->proximal = args->proximal;
	rq->from_cm = args->from_cm;
	rq->to_cm = args->to_cm;
	rq->step_cm = args->step_cm;
	rq->origin_offset_cm = args->origin_offset_cm;
	if (!isnan(rq->from_cm) && !isnan(rq->to_cm) && !(rq->to_cm > rq->from_cm))
		return cli_usage_error(CMD, "--to must be greater than --from");
	if (cvs_aruco_dictionary(args->dict, &po->dict_id, &dict_size) < 0)
		return cli_usage_error(CMD, "option --dict: %s", lv_error_last()->message);
	if (po->marker_id >= dict_size)
		return cli_usage_error(CMD,
				       "option --marker: id %d is not in dictionary %s (0 to %d)",
				       po->marker_id, args->dict, dict_size - 1);
	return CLI_CONTINUE;
}

/* the photos named, one of them ("-") at most copied from standard input to
 * stdin_photo (the decoder needs a file) */
static int collect_photos(const struct photo_args *args, const char **photos, int *nphotos,
			  char *stdin_photo, size_t stdin_size)
{
	int rc;

	for (int k = 0; k < args->photos.n; k++) {
		struct stat st;
		photos[(*nphotos)++] = args->photos.v[k];
		/* a photo set's folder, given as batch takes it: say what to type */
		if (stat(photos[k], &st) == 0 && S_ISDIR(st.st_mode))
			return cli_usage_error(CMD,
					       "%s is a folder: give its photos (e.g. limbvol photo "
					       "%s/front.jpg %s/side.jpg), or measure it with its "
					       "manifest.txt: limbvol batch %s",
					       photos[k], photos[k], photos[k], photos[k]);
		if (strcmp(photos[k], "-"))
			continue;
		/* one photo from standard input (the decoder needs a file) */
		if (stdin_photo[0])
			return cli_usage_error(CMD, "only one photo can come from standard input");
		if ((rc = cli_stdin_file(CMD, "stdin-photo", PHOTO_STDIN_MAX_BYTES, stdin_photo,
					 stdin_size)) != CLI_EXIT_OK) {
			stdin_photo[0] = '\0';
			return rc;
		}
		photos[k] = stdin_photo;
	}
	return CLI_EXIT_OK;
}

/* the warning, the timing (with --timing) and the lens check (with
 * --camera) of one analysed photo */
static int photo_checks(const photo_view *ph, const char *photo, const photo_lens *lensfile,
			int timing)
{
	{
		photo_facts f;
		photo_facts_get(ph, &f);
		if (f.warning)
			fprintf(stderr, "limbvol photo: warning: %s\n", f.warning);
	}
	if (timing) {
		photo_facts f;
		photo_facts_get(ph, &f);
		fprintf(stderr, "timing %s: %dx%d decode_ms ", photo, f.width_px, f.height_px);
		cli_number_out(stderr, f.decode_ms, 1);
		fputs(" analyse_ms ", stderr);
		cli_number_out(stderr, f.analyse_ms, 1);
		fputc('\n', stderr);
	}
	if (lensfile) {
		photo_facts f;
		photo_facts_get(ph, &f);
		if (photo_lens_check(lensfile, f.width_px, f.height_px) < 0) {
			lv_error_locate(photo, 0, 0);
			return cli_report(CMD);
		}
	}
	return CLI_EXIT_OK;
}

static int write_overlays(const char *overlay, photo_view *const *ph, const char *const *photos,
			  int nphotos, const photo_result *res, const photo_request *rq)
{
	for (int k = 0; k < nphotos; k++) {
		char path[4096];
		if (photo_overlay_path(path, sizeof path, overlay, NULL, photos[k]) < 0 ||
		    photo_overlay_write(ph[k], res, rq->origin_offset_cm, path) < 0)
			return cli_report(CMD);
	}
	return CLI_EXIT_OK;
}

int main(int argc, char **argv)
{
	struct photo_args args;
	const char *photos[2] = { NULL, NULL }, *overlay, *camera;
	char stdin_photo[4200] = "";
	int nphotos = 0, rc, timing;
	photo_opts po = { 0 };
	photo_request rq = { NAN, NAN, 4.0, 0.0 };
	photo_view *ph[2] = { NULL, NULL };
	photo_result res = { 0 };
	photo_lens *lensfile = NULL;
	cvs_lens lens;
	int fmt; /* enum cli_format */

	if ((rc = read_args(argc, argv, &args, &po, &rq)) != CLI_CONTINUE)
		return rc;
	rc = collect_photos(&args, photos, &nphotos, stdin_photo, sizeof stdin_photo);
	if (rc != CLI_EXIT_OK)
		goto done;
	camera = args.camera;
	overlay = args.overlay;
	timing = args.timing;
	fmt = args.fmt;
	if (camera) {
		if (photo_lens_read(&lensfile, camera, &lens) < 0) {
			rc = cli_report(CMD);
			goto done;
		}
		po.lens = &lens;
	}
	if (overlay && photo_mkdir(overlay) < 0) {
		rc = cli_report(CMD);
		goto done;
	}
	po.keep_for_overlay = overlay != NULL;
	if (!isnan(rq.from_cm) && !isnan(rq.to_cm)) {
		po.axis_from_cm = rq.from_cm + rq.origin_offset_cm;
		po.axis_to_cm = rq.to_cm + rq.origin_offset_cm;
	}
	if (timing)
		cvs_set_threads(1);
	/* the side photo reuses the front photo's buffers (see limbvol-batch) */
	mallopt(M_MMAP_THRESHOLD, 256 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 512 * 1024 * 1024);
	for (int k = 0; k < nphotos; k++) {
		if (photo_analyse(&ph[k], photos[k], &po) < 0) {
			rc = cli_report(CMD);
			goto done;
		}
		if ((rc = photo_checks(ph[k], photos[k], lensfile, timing)) != CLI_EXIT_OK)
			goto done;
	}
	if (photo_measure(&res, ph[0], ph[1], &rq) < 0) {
		rc = cli_report(CMD);
		goto done;
	}
	if (overlay &&
	    (rc = write_overlays(overlay, ph, photos, nphotos, &res, &rq)) != CLI_EXIT_OK)
		goto done;
	rc = photo_report_stdout(CMD, &res, fmt, args.csv_style);
	if (rc != CLI_EXIT_OK)
		goto done;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "limbvol photo: cannot write the output\n");
		rc = CLI_EXIT_IO;
	}
done:
	if (stdin_photo[0])
		cli_stdin_file_remove(stdin_photo);
	photo_result_clear(&res);
	photo_free(ph[0]);
	photo_free(ph[1]);
	photo_lens_free(lensfile);
	return rc;
}
