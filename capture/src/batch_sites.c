/*
 * batch_sites.c - limbvol batch's long format (--sites-csv FILE): one row
 * per set and virtual tape site, for a spreadsheet's pivot table, instead of
 * the ';'-lists of one cell.  The rows are made from the result rows as the
 * results file is written (so a resumed batch's earlier sets are in it too),
 * in the same order; a failed set has none.  Numbers as in the CSV results:
 * sites to 0.1 cm, circumferences and their sd to 0.01 cm (the sd empty
 * in a row of a JSON results file that has none).
 */
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "batch.h"
#include "cli.h"
#include "limbvol/csv.h"
#include "limbvol/error.h"
#include "limbvol/number.h"

const char BATCH_SITES_HEADER[] =
	"set,patient,limb,date,phase,site_cm,circumference_cm,circumference_sd_cm\n";

/* The columns of a site row but the last three, and where the lists are. */
typedef struct site_rows {
	FILE *f;
	char id[5][4096]; /* set, patient, limb, date, phase */
	int ok;
	double site_cm, circ_cm, sd_cm;
	int have;
} site_rows;

/* A site's row; sd_cm NaN: its column empty. */
static void put_site(site_rows *s, double site_cm, double circ_cm, double sd_cm)
{
	for (int i = 0; i < 5; i++) {
		if (i)
			fputc(',', s->f);
		cli_csv_field(s->f, s->id[i]);
	}
	fputc(',', s->f);
	cli_number_out(s->f, site_cm, 1);
	fputc(',', s->f);
	cli_number_out(s->f, circ_cm, 2);
	fputc(',', s->f);
	if (!isnan(sd_cm))
		cli_number_out(s->f, sd_cm, 2);
	fputc('\n', s->f);
}

static int number(const char *t, size_t len, double *v)
{
	return lv_number_parse(t, len, 0, v);
}

/* ---- from a CSV row ---- */

/* The i-th item of a ';'-list into *v: 1, or 0 past its end. */
static int item(const char *list, size_t len, size_t i, double *v)
{
	const char *p = list, *end = list + len;
	for (; i && p < end; p++)
		if (*p == ';')
			i--;
	if (i || p >= end)
		return 0;
	const char *q = memchr(p, ';', (size_t)(end - p));
	return number(p, (size_t)((q ? q : end) - p), v) == LV_OK ? 1 : -1;
}

static int from_csv(site_rows *s, const char *row, size_t len)
{
	static const int cols[5] = { 0, 3, 4, 5, 6 };
	lv_csv_limits lim = { len + 2, BATCH_CSV_FIELDS + 1 };
	lv_csv *c = NULL;
	lv_csv_record rec;
	int rc;

	if ((rc = lv_csv_open_mem(&c, row, len, "row", &lim)) < 0)
		return rc;
	lv_csv_set_separator(c, ','); /* one row: its ';'-lists are no separator */
	if ((rc = lv_csv_next(c, &rec)) <= 0 || rec.n != BATCH_CSV_FIELDS) {
		rc = rc < 0 ? rc : lv_error_set(LV_EDATA, "not a result row");
		goto done;
	}
	rc = LV_OK;
	if (strcmp(rec.field[1].text, "ok"))
		goto done;
	for (int i = 0; i < 5; i++)
		snprintf(s->id[i], sizeof s->id[i], "%s", rec.field[cols[i]].text);
	for (size_t i = 0;; i++) {
		double site, circ, sd;
		int a = item(rec.field[13].text, rec.field[13].len, i, &site);
		int b = item(rec.field[14].text, rec.field[14].len, i, &circ);
		int d = item(rec.field[18].text, rec.field[18].len, i, &sd);
		if (a < 0 || b < 0 || d < 0 || a != b || a != d) {
			rc = lv_error_set(LV_EDATA, "the site lists of a row do not match");
			break;
		}
		if (!a)
			break;
		put_site(s, site, circ, sd);
	}
done:
	lv_csv_free(c);
	return rc;
}

/* ---- from a JSON row ---- */

static int site_member(void *ctx, const char *key, const char *v, size_t vlen)
{
	site_rows *s = ctx;
	if (!strcmp(key, "site_cm") && number(v, vlen, &s->site_cm) == LV_OK)
		s->have |= 1;
	else if (!strcmp(key, "circumference_cm") && number(v, vlen, &s->circ_cm) == LV_OK)
		s->have |= 2;
	else if (!strcmp(key, "circumference_sd_cm") && number(v, vlen, &s->sd_cm) == LV_OK)
		s->have |= 4;
	return LV_OK;
}

static int site_element(void *ctx, const char *key, const char *v, size_t vlen)
{
	site_rows *s = ctx;
	(void)key;
	s->have = 0;
	if (batch_json_each(v, vlen, site_member, s) < 0 || (s->have & 3) != 3)
		return lv_error_set(LV_EDATA, "a site without site_cm and circumference_cm");
	put_site(s, s->site_cm, s->circ_cm, s->have & 4 ? s->sd_cm : (double)NAN);
	return LV_OK;
}

static int row_member(void *ctx, const char *key, const char *v, size_t vlen)
{
	static const char *const names[5] = { "set", "patient", "limb", "date", "phase" };
	site_rows *s = ctx;
	char status[16];

	if (!strcmp(key, "status"))
		s->ok = batch_json_string(v, vlen, status, sizeof status) == LV_OK &&
			!strcmp(status, "ok");
	for (int i = 0; i < 5; i++)
		if (!strcmp(key, names[i]) &&
		    batch_json_string(v, vlen, s->id[i], sizeof s->id[i]) < 0)
			return lv_error_set(LV_EDATA, "not a result row");
	/* "sites" comes after the columns it repeats */
	if (!strcmp(key, "sites") && s->ok && vlen && *v == '[')
		return batch_json_each(v, vlen, site_element, s);
	return LV_OK;
}

int batch_sites_rows(FILE *f, int fmt, const char *row, size_t len)
{
	site_rows s;
	int rc;

	memset(&s, 0, sizeof s);
	s.f = f;
	if (len && row[len - 1] == '\n')
		len--;
	rc = fmt == BATCH_CSV ? from_csv(&s, row, len) : batch_json_each(row, len, row_member, &s);
	if (rc == LV_OK && ferror(f))
		rc = lv_error_set(LV_EIO, "cannot write the sites file");
	return rc;
}
