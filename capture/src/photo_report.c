/* A photo measurement in the tape formats (photo_report.h). */
#include "photo_report.h"

#include <string.h>

int photo_report_stdout(const char *cmd, const photo_result *r, enum cli_format fmt,
			lv_csv_style csv_style)
{
	char note[512];
	struct report rep;

	memset(&rep, 0, sizeof rep);
	photo_note(r, note, sizeof note);
	rep.source = "photo";
	rep.profile = r->profile;
	rep.model = LV_MODEL_ELLIPSE;
	rep.reading_sd_cm = r->reading_sd_cm;
	rep.volume_rel_sd = r->volume_rel_sd;
	rep.from_cm = r->from_cm;
	rep.to_cm = r->to_cm;
	rep.sites_cm = r->site_cm;
	rep.n_sites = r->n_sites;
	rep.sites_sd_cm = r->circumference_sd_cm;
	rep.note = note;
	rep.csv_style = csv_style;
	rep.volume_repeat_sd_ml = r->volume_repeat_sd_ml;
	rep.camera_distance_cm = r->camera_distance_cm;
	return report_print_stdout(cmd, &rep, fmt);
}
