/*
 * limbvol-photo (run as `limbvol photo`): limb volume and virtual tape from
 * a front and a side photo with a printed ArUco marker.  doc/photo.md.
 */
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"
#include "report.h"
#include "limbvol/error.h"
#include "cvs_aruco.h"
#include "cvs_photo.h"
#include "options.h"
#include "photo.h"
#include "photo_report.h"

static const char CMD[] = "photo";

static const char USAGE[] =
	"usage: limbvol photo FRONT.jpg [SIDE.jpg] [--marker ID:SIZE_MM] [--dict NAME]\n"
	"                     [--from CM] [--to CM] [--step CM] [--origin-offset CM]\n"
	"                     [--camera camera.yml] [--format text|csv|json] [--overlay DIR]\n"
	"                     [--proximal up|down|left|right]\n";

static const char HELP[] =
	"\n"
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
	"    One photo alone gives circular slices, less accurate.\n"
	"\n"
	"Options:\n"
	"  --marker ID:SIZE_MM   the marker's id and the side of its black square in mm\n"
	"                        (default 0:80)\n"
	"  --dict NAME           marker dictionary (default 4x4_50)\n"
	"  --from CM, --to CM    volume between these positions from the landmark\n"
	"                        (default: from 0, or the start of the measured range,\n"
	"                        to the last whole step inside both photos)\n"
	"  --step CM             virtual tape sites every CM from --from (default 4)\n"
	"  --origin-offset CM    the landmark lies CM from the marker's centre along\n"
	"                        the axis (positive towards the frame's exit)\n"
	"  --proximal DIR        where the limb's proximal end is in the photos: up,\n"
	"                        down, left or right; needed when the limb crosses\n"
	"                        the frame at both ends (a standing leg whose toes\n"
	"                        leave the frame), checked against the photo otherwise\n"
	"  --camera FILE         a camera file (limbvol calib camera): undistort and\n"
	"                        take the camera distance from the marker's pose;\n"
	"                        without it the scale comes from the marker's apparent\n"
	"                        size, and the output says so\n"
	"  --format FMT          text (default), csv or json, as `limbvol tape` prints\n"
	"                        them (volume_ml, volume_sd_ml, segments, and the\n"
	"                        virtual tape: sites with circumference_cm)\n"
	"  --overlay DIR         write each photo with the outline, the axis, the sites\n"
	"                        and the marker drawn on it to DIR/NAME-overlay.jpg\n"
	"\n"
	"Exit codes: 0 measured; 64 usage; 65 a photo cannot be measured (no marker,\n"
	"marker too small, limb cut off at both ends, two separate blobs, front and\n"
	"side views that do not agree, unreadable or truncated image); 66 a photo is\n"
	"missing; 73 the overlay cannot be written; 70 internal error.\n"
	"\n"
	"Examples:\n"
	"  limbvol photo front.jpg side.jpg\n"
	"  limbvol photo front.jpg side.jpg --marker 3:60 --from 0 --to 40 --format json\n"
	"  limbvol photo front.jpg side.jpg --camera camera.yml --overlay check/\n";

int main(int argc, char **argv)
{
	const char *photos[2] = { NULL, NULL }, *overlay = NULL, *camera = NULL;
	const char *dict = "4x4_50";
	int nphotos = 0, rc = CLI_EXIT_OK, dict_size = 0, timing = 0;
	photo_opts po = { 0 };
	photo_request rq = { NAN, NAN, 4.0, 0.0 };
	photo_view *ph[2] = { NULL, NULL };
	photo_result res = { 0 };
	photo_lens *lensfile = NULL;
	cvs_lens lens;
	enum cli_format fmt = CLI_FORMAT_TEXT;

	po.marker_id = 0;
	po.marker_mm = 80;
	for (int i = 1; i < argc; i++) {
		const char *a = argv[i], *v = i + 1 < argc ? argv[i + 1] : NULL;
		if (!strcmp(a, "--summary")) {
			puts("volume and virtual tape from a front and a side photo with a marker");
			return 0;
		}
		if (!strcmp(a, "--help") || !strcmp(a, "-h")) {
			fputs(USAGE, stdout);
			fputs(HELP, stdout);
			return 0;
		}
		if (!strcmp(a, "--timing")) {
			/* for tests/bench/photo_bench.sh: one thread, times on stderr */
			timing = 1;
			continue;
		}
		if (a[0] == '-' && a[1] == '-') {
			if (!v)
				return cli_usage_error(CMD, "option %s needs a value", a);
			i++;
			if (!strcmp(a, "--marker")) {
				if (cli_parse_marker(v, &po.marker_id, &po.marker_mm) < 0)
					return cli_usage_error(CMD, "option --marker: %s",
							       lv_error_last()->message);
			} else if (!strcmp(a, "--dict")) {
				dict = v;
			} else if (!strcmp(a, "--from")) {
				if (cli_number(CMD, a, v, &rq.from_cm))
					return CLI_EXIT_USAGE;
			} else if (!strcmp(a, "--to")) {
				if (cli_number(CMD, a, v, &rq.to_cm))
					return CLI_EXIT_USAGE;
			} else if (!strcmp(a, "--step")) {
				if (cli_number(CMD, a, v, &rq.step_cm))
					return CLI_EXIT_USAGE;
				if (!(rq.step_cm >= 0.5 && rq.step_cm <= LV_MAX_SPACING_CM))
					return cli_usage_error(
						CMD,
						"option --step: expected 0.5 to 50 cm, found '%s'",
						v);
			} else if (!strcmp(a, "--origin-offset")) {
				if (cli_number(CMD, a, v, &rq.origin_offset_cm))
					return CLI_EXIT_USAGE;
				if (fabs(rq.origin_offset_cm) > 200)
					return cli_usage_error(
						CMD,
						"option --origin-offset: expected -200 to 200 cm, found '%s'",
						v);
			} else if (!strcmp(a, "--proximal")) {
				if (photo_proximal_parse(v, strlen(v), &po.proximal) < 0)
					return cli_usage_error(CMD, "option --proximal: %s",
							       lv_error_last()->message);
			} else if (!strcmp(a, "--camera")) {
				camera = v;
			} else if (!strcmp(a, "--format")) {
				if (cli_format_parse(CMD, v, &fmt) < 0)
					return CLI_EXIT_USAGE;
			} else if (!strcmp(a, "--overlay")) {
				overlay = v;
			} else {
				return cli_usage_error(CMD, "unknown option '%s'", a);
			}
		} else {
			if (nphotos == 2)
				return cli_usage_error(
					CMD,
					"expected at most two photos (front, side), found '%s'", a);
			photos[nphotos++] = a;
		}
	}
	if (nphotos == 0)
		return cli_usage_error(CMD, "expected a front photo (and a side photo)");
	if (!isnan(rq.from_cm) && !isnan(rq.to_cm) && !(rq.to_cm > rq.from_cm))
		return cli_usage_error(CMD, "--to must be greater than --from");
	if (cvs_aruco_dictionary(dict, &po.dict_id, &dict_size) < 0)
		return cli_usage_error(CMD, "option --dict: %s", lv_error_last()->message);
	if (po.marker_id >= dict_size)
		return cli_usage_error(CMD,
				       "option --marker: id %d is not in dictionary %s (0 to %d)",
				       po.marker_id, dict, dict_size - 1);
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
		{
			photo_facts f;
			photo_facts_get(ph[k], &f);
			if (f.warning)
				fprintf(stderr, "limbvol photo: warning: %s\n", f.warning);
		}
		if (timing) {
			photo_facts f;
			photo_facts_get(ph[k], &f);
			fprintf(stderr, "timing %s: %dx%d decode_ms ", photos[k], f.width_px,
				f.height_px);
			cli_number_out(stderr, f.decode_ms, 1);
			fputs(" analyse_ms ", stderr);
			cli_number_out(stderr, f.analyse_ms, 1);
			fputc('\n', stderr);
		}
		if (lensfile) {
			photo_facts f;
			photo_facts_get(ph[k], &f);
			if (photo_lens_check(lensfile, f.width_px, f.height_px) < 0) {
				lv_error_locate(photos[k], 0, 0);
				rc = cli_report(CMD);
				goto done;
			}
		}
	}
	if (photo_measure(&res, ph[0], ph[1], &rq) < 0) {
		rc = cli_report(CMD);
		goto done;
	}
	if (overlay) {
		for (int k = 0; k < nphotos; k++) {
			char path[4096];
			if (photo_overlay_path(path, sizeof path, overlay, NULL, photos[k]) < 0 ||
			    photo_overlay_write(ph[k], &res, rq.origin_offset_cm, path) < 0) {
				rc = cli_report(CMD);
				goto done;
			}
		}
	}
	rc = photo_report_stdout(CMD, &res, fmt);
	if (rc != CLI_EXIT_OK)
		goto done;
	if (fflush(stdout) != 0 || ferror(stdout)) {
		fprintf(stderr, "limbvol photo: cannot write the output\n");
		rc = CLI_EXIT_IO;
	}
done:
	photo_result_clear(&res);
	photo_free(ph[0]);
	photo_free(ph[1]);
	photo_lens_free(lensfile);
	return rc;
}
