/* limbvol photo's output in the tape formats (photo.h). */
#include "photo.h"

#include <string.h>

#include "cli.h"
#include "limbvol/number.h"

static const char *scale_note(const lv_photo_result *r)
{
	return r->from_camera
		? "undistorted with the camera file; camera distance from the marker's pose"
		: "scale from the marker's apparent size (no camera file: lens distortion not "
		  "corrected, camera distance estimated)";
}

static const char *views_note(const lv_photo_result *r)
{
	return r->views == 2 ? "two views (front, side): elliptical slices"
	                     : "one view: circular slices, less accurate than two views";
}

void lv_photo_print(FILE *f, const char *format, const lv_photo_result *r, const char *front,
                    const char *side)
{
	if (!strcmp(format, "json")) {
		fputs("{\"method\":\"photo\",\"views\":", f);
		fprintf(f, "%d", r->views);
		fputs(",\"model\":", f);
		lv_cli_json_string(f, r->views == 2 ? "ellipse" : "circle");
		fputs(",\"scale\":", f);
		lv_cli_json_string(f, r->from_camera ? "camera" : "marker");
		fputs(",\"note\":", f);
		lv_cli_json_string(f, scale_note(r));
		fputs(",\"front\":", f);
		lv_cli_json_string(f, front);
		fputs(",\"side\":", f);
		if (side)
			lv_cli_json_string(f, side);
		else
			fputs("null", f);
		fputs(",\"from_cm\":", f);
		lv_cli_number_out(f, r->from_cm, 1);
		fputs(",\"to_cm\":", f);
		lv_cli_number_out(f, r->to_cm, 1);
		fputs(",\"volume_ml\":", f);
		lv_cli_number_out(f, r->volume.volume_ml, 1);
		fputs(",\"volume_sd_ml\":", f);
		lv_cli_number_out(f, r->volume.sd_ml, 1);
		fputs(",\"segments\":[", f);
		for (size_t i = 0; i < r->n_segments; i++) {
			fputs(i ? ",{\"from_cm\":" : "{\"from_cm\":", f);
			lv_cli_number_out(f, r->site_cm[i], 1);
			fputs(",\"to_cm\":", f);
			lv_cli_number_out(f, r->site_cm[i + 1], 1);
			fputs(",\"volume_ml\":", f);
			lv_cli_number_out(f, r->segments[i].volume_ml, 1);
			fputs("}", f);
		}
		fputs("],\"sites\":[", f);
		for (size_t i = 0; i < r->n_sites; i++) {
			fputs(i ? ",{\"site_cm\":" : "{\"site_cm\":", f);
			lv_cli_number_out(f, r->site_cm[i], 1);
			fputs(",\"circumference_cm\":", f);
			lv_cli_number_out(f, r->circumference_cm[i], 2);
			fputs(",\"width_front_cm\":", f);
			lv_cli_number_out(f, r->width_front_cm[i], 2);
			fputs(",\"width_side_cm\":", f);
			lv_cli_number_out(f, r->width_side_cm[i], 2);
			fputs("}", f);
		}
		fputs("]}\n", f);
	} else if (!strcmp(format, "csv")) {
		fputs("site_cm,circumference_cm,width_front_cm,width_side_cm\n", f);
		for (size_t i = 0; i < r->n_sites; i++) {
			lv_cli_number_out(f, r->site_cm[i], 1);
			fputc(',', f);
			lv_cli_number_out(f, r->circumference_cm[i], 2);
			fputc(',', f);
			lv_cli_number_out(f, r->width_front_cm[i], 2);
			fputc(',', f);
			lv_cli_number_out(f, r->width_side_cm[i], 2);
			fputc('\n', f);
		}
	} else {
		fprintf(f, "photo volume, %s\n", views_note(r));
		fprintf(f, "%s\n", scale_note(r));
		fputs("volume ", f);
		lv_cli_number_out(f, r->from_cm, 1);
		fputs(" to ", f);
		lv_cli_number_out(f, r->to_cm, 1);
		fputs(" cm: ", f);
		lv_cli_number_out(f, r->volume.volume_ml, 1);
		fputs(" mL (sd ", f);
		lv_cli_number_out(f, r->volume.sd_ml, 1);
		fputs(" mL)\n\n  site_cm  circumference_cm  width_front_cm  width_side_cm  segment_ml\n", f);
		for (size_t i = 0; i < r->n_sites; i++) {
			char a[32], b[32], c[32], d[32], e[32] = "";
			lv_number_format(r->site_cm[i], 1, a, sizeof a);
			lv_number_format(r->circumference_cm[i], 2, b, sizeof b);
			lv_number_format(r->width_front_cm[i], 2, c, sizeof c);
			lv_number_format(r->width_side_cm[i], 2, d, sizeof d);
			if (i + 1 < r->n_sites)
				lv_number_format(r->segments[i].volume_ml, 1, e, sizeof e);
			fprintf(f, "  %7s  %16s  %14s  %13s  %10s\n", a, b, c, d, e);
		}
	}
}
