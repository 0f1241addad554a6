/*
 * The German/European CSV convention (limbvol/csv.h): ';' between fields and
 * a decimal comma, as a spreadsheet set to de-DE reads and writes it.  The
 * writers build their rows in the C style; lv_csv_restyle rewrites them, and
 * the readers take both (lv_csv_separator, lv_csv_number_flags).
 */
#include "limbvol/csv.h"
#include "limbvol/number.h"

#include <string.h>

int lv_csv_style_parse(const char *name, lv_csv_style *out)
{
	static const struct {
		const char *name;
		lv_csv_style style;
	} names[] = { { "c", LV_CSV_STYLE_C },     { "en", LV_CSV_STYLE_C },
		      { "us", LV_CSV_STYLE_C },    { "point", LV_CSV_STYLE_C },
		      { "de", LV_CSV_STYLE_DE },   { "eu", LV_CSV_STYLE_DE },
		      { "comma", LV_CSV_STYLE_DE } };
	for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
		if (!strcmp(name, names[i].name)) {
			*out = names[i].style;
			return LV_OK;
		}
	return lv_error_set(LV_EINVAL, "expected c or de, found '%.40s'", name);
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

int lv_csv_date_from_de(char *s, size_t len)
{
	char iso[20];
	if ((len != 10 && len != 16 && len != 19) || !digits(s, 2) || s[2] != '.' ||
	    !digits(s + 3, 2) || s[5] != '.' || !digits(s + 6, 4))
		return 0;
	if (len > 10 && (s[10] != ' ' || !digits(s + 11, 2) || s[13] != ':' || !digits(s + 14, 2)))
		return 0;
	if (len > 16 && (s[16] != ':' || !digits(s + 17, 2)))
		return 0;
	memcpy(iso, s + 6, 4);
	iso[4] = '-';
	memcpy(iso + 5, s + 3, 2);
	iso[7] = '-';
	memcpy(iso + 8, s, 2);
	if (len > 10) {
		iso[10] = 'T';
		memcpy(iso + 11, s + 11, len - 11);
	}
	memcpy(s, iso, len);
	return 1;
}

/* A plain number as the writers print it: [-]digits[.digits], a point in it. */
static int is_decimal(const char *s, size_t len)
{
	size_t i = s[0] == '-', d = 0, points = 0;
	for (; i < len; i++) {
		if (s[i] == '.')
			points++;
		else if (s[i] >= '0' && s[i] <= '9')
			d++;
		else
			return 0;
	}
	return d > 0 && points == 1;
}

static int needs_quotes_de(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ';' || s[i] == '"' || s[i] == '\r' || s[i] == '\n')
			return 1;
	return 0;
}

static void put_de(FILE *out, const lv_csv_field *f, int text)
{
	if (!text && !f->quoted && is_decimal(f->text, f->len)) {
		for (size_t i = 0; i < f->len; i++)
			fputc(f->text[i] == '.' ? ',' : f->text[i], out);
		return;
	}
	if (!needs_quotes_de(f->text, f->len)) {
		fwrite(f->text, 1, f->len, out);
		return;
	}
	fputc('"', out);
	for (size_t i = 0; i < f->len; i++) {
		if (f->text[i] == '"')
			fputc('"', out);
		fputc(f->text[i], out);
	}
	fputc('"', out);
}

#define MAX_COLUMNS 256

static int is_text_column(const lv_csv_field *f, const char *const *names)
{
	for (; names && *names; names++)
		if (strlen(*names) == f->len && !memcmp(*names, f->text, f->len))
			return 1;
	return 0;
}

int lv_csv_restyle(int in_fd, FILE *out, lv_csv_style style, const char *const *text_columns)
{
	static const lv_csv_limits limits = { 1u << 20, MAX_COLUMNS };
	unsigned char text[MAX_COLUMNS] = { 0 };
	lv_csv_record rec;
	lv_csv *c = NULL;
	int st, header = 1;

	if ((st = lv_csv_open_fd(&c, in_fd, "<output>", &limits)) < 0)
		return st;
	while ((st = lv_csv_next(c, &rec)) > 0) {
		for (size_t i = 0; i < rec.n; i++) {
			if (header)
				text[i] =
					(unsigned char)is_text_column(&rec.field[i], text_columns);
			if (i)
				fputc(style == LV_CSV_STYLE_DE ? ';' : ',', out);
			if (style == LV_CSV_STYLE_DE)
				put_de(out, &rec.field[i], header || text[i]);
			else
				lv_csv_write_field(out, rec.field[i].text);
		}
		fputc('\n', out);
		header = 0;
	}
	lv_csv_free(c);
	if (st == 0 && ferror(out))
		st = lv_error_set(LV_EIO, "cannot write the output");
	return st;
}
