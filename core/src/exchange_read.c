/*
 * The export reader (limbvol/exchange.h): one stream, its format told from
 * its first bytes in the buffer (never by opening the file twice), then the
 * reader of that format on the same stream.
 */
#include <stdlib.h>
#include <string.h>

#include "mem.h"
#include "csv_impl.h"
#include "exchange_impl.h"

struct lv_exchange_reader {
	lv_exchange_format fmt;
	xcsv *csv;
	xjson *json;
	lv_tape_reader *tape;
	char name[256];
};

static const lv_csv_limits export_limits = { LV_EXCHANGE_MAX_LINE, XC_COUNT };

/* The format from the first bytes; LV_EDATA for an empty input. */
static int sniff(instream *in, lv_exchange_format *fmt)
{
	const char *p, *end;
	int st;
	if ((st = instream_peek(in, 64)) < 0)
		return st;
	p = in->buf + in->pos;
	end = in->buf + in->len;
	if (end - p >= 3 && !memcmp(p, "\xEF\xBB\xBF", 3))
		p += 3;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n'))
		p++;
	if (p == end) {
		lv_error_set(LV_EDATA, "the file is empty");
		return lv_error_locate(in->name, 0, 0);
	}
	if (*p == '{')
		*fmt = LV_EXCHANGE_JSON;
	else if ((end - p >= 7 && !memcmp(p, "record", 6) && strchr(",;\r\n", p[6])) ||
		 (end - p >= 8 && !memcmp(p, "\"record\"", 8)))
		*fmt = LV_EXCHANGE_CSV;
	else
		*fmt = LV_EXCHANGE_TAPE;
	return 0;
}

/* Take over in (closed on failure too). */
static int open_stream(lv_exchange_reader **out, instream *in)
{
	lv_exchange_reader *r;
	lv_csv *csv = NULL;
	int st;

	*out = NULL;
	if (!(r = mem_calloc(1, sizeof *r))) {
		instream_close(in);
		return lv_error_set(LV_ENOMEM, "out of memory");
	}
	snprintf(r->name, sizeof r->name, "%s", in->name);
	if ((st = sniff(in, &r->fmt)) < 0) {
		instream_close(in);
		mem_free(r);
		return st;
	}
	if (r->fmt == LV_EXCHANGE_JSON)
		st = xjson_open(&r->json, in);
	else if ((st = csv_open_stream(&csv, in,
				       r->fmt == LV_EXCHANGE_CSV ? &export_limits
								 : &tape_csv_limits)) == 0)
		st = r->fmt == LV_EXCHANGE_CSV ? xcsv_open(&r->csv, csv)
					       : tape_reader_open_csv(&r->tape, csv);
	if (st < 0) {
		lv_exchange_free(r);
		return st;
	}
	*out = r;
	return 0;
}

int lv_exchange_open(lv_exchange_reader **out, const char *path)
{
	instream in;
	int st;
	*out = NULL;
	if ((st = instream_open(&in, path, csv_buffer_size(&export_limits))) < 0)
		return st;
	return open_stream(out, &in);
}

int lv_exchange_open_mem(lv_exchange_reader **out, const void *data, size_t size, const char *name)
{
	instream in;
	int st;
	*out = NULL;
	if ((st = instream_open_mem(&in, data, size, name ? name : "<input>",
				    csv_buffer_size(&export_limits))) < 0)
		return st;
	return open_stream(out, &in);
}

lv_exchange_format lv_exchange_format_of(const lv_exchange_reader *r)
{
	return r->fmt;
}

const char *lv_exchange_name(const lv_exchange_reader *r)
{
	return r->name;
}

int lv_exchange_next(lv_exchange_reader *r, lv_xitem *it)
{
	int st;
	if (r->json)
		return xjson_next(r->json, it);
	if (r->csv)
		return xcsv_next(r->csv, it);
	memset(it, 0, sizeof *it);
	if ((st = lv_tape_reader_next(r->tape, &it->tape)) <= 0)
		return st;
	it->kind = LV_XITEM_TAPE;
	it->patient = it->tape.patient;
	it->line = it->tape.first_line;
	return 1;
}

void lv_exchange_free(lv_exchange_reader *r)
{
	if (!r)
		return;
	xcsv_free(r->csv);
	xjson_free(r->json);
	lv_tape_reader_free(r->tape);
	mem_free(r);
}
