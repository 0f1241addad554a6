/* CSV output in either convention (csvout.h). */
#include "csvout.h"

#include <string.h>

#include "cli.h"
#include "limbvol/error.h"

static int set_style(struct cli_parser *p, void *base, const char *text)
{
	if (lv_csv_style_parse(text, base) < 0) {
		lv_error_clear();
		return cli_fail(p, "expected c or de, found '%.40s'", text);
	}
	return 0;
}

const struct cli_opt cli_csv_locale_options[] = {
	{ CLI_CALL, "csv-locale", 0, 0, .arg = "c|de", .set = set_style,
	  .help = "CSV as C (',' between fields, a decimal point; default)\n"
		  "or de (';' and a decimal comma, as a spreadsheet set to\n"
		  "German or most European languages reads it)" },
	{ CLI_END }
};

const char *const cli_csv_text_columns[] = { "patient",   "code",      "source",
					     "note",      "notes",     "comparison_note",
					     "landmark",  "series",    "what",
					     "old_value", "new_value", NULL };

int cli_csv_copy(FILE *tmp, FILE *out, lv_csv_style style)
{
	if (fflush(tmp) || fseek(tmp, 0, SEEK_SET))
		return lv_error_set(LV_EIO, "cannot read the output back");
	return lv_csv_restyle(fileno(tmp), out, style, cli_csv_text_columns);
}

int cli_publish_csv(const char *cmd, FILE *tmp, lv_csv_style style)
{
	FILE *de;
	int rc;

	if (style == LV_CSV_STYLE_C)
		return cli_publish(cmd, tmp);
	/* restyled into a second temporary file: still shown complete or not at all */
	if (!(de = tmpfile())) {
		fprintf(stderr, "limbvol %s: cannot create a temporary file\n", cmd);
		return CLI_EXIT_CANTCREAT;
	}
	if (cli_csv_copy(tmp, de, style) < 0)
		rc = cli_report(cmd);
	else
		rc = cli_publish(cmd, de);
	fclose(de);
	return rc;
}
