/* A photo measurement in the tape formats (photo_report.h). */
#include "photo_report.h"

#include <string.h>

int lv_photo_report_stdout(const char *cmd, const lv_photo_result *r, enum lv_format fmt)
{
	char note[512];
	struct lv_report rep;

	memset(&rep, 0, sizeof rep);
	lv_photo_note(r, note, sizeof note);
	rep.source = "photo";
	rep.profile = r->profile;
	rep.model = LV_MODEL_ELLIPSE;
	rep.reading_sd_cm = r->reading_sd_cm;
	rep.from_cm = r->from_cm;
	rep.to_cm = r->to_cm;
	rep.sites_cm = r->site_cm;
	rep.n_sites = r->n_sites;
	rep.note = note;
	return lv_report_print_stdout(cmd, &rep, fmt);
}
