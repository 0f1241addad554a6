/* The per-thread last error and the names of the status codes. */
#include "limbvol/error.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static _Thread_local lv_error last_error;

const lv_error *lv_error_last(void)
{
	return &last_error;
}

void lv_error_clear(void)
{
	memset(&last_error, 0, sizeof last_error);
}

const char *lv_strerror(int code)
{
	switch (code) {
	case LV_OK:
		return "success";
	case LV_EINVAL:
		return "invalid argument";
	case LV_EDATA:
		return "malformed input data";
	case LV_ERANGE:
		return "position out of range";
	case LV_ENOMEM:
		return "out of memory";
	case LV_EIO:
		return "input/output error";
	case LV_ENOTFOUND:
		return "not found";
	case LV_ENUMERIC:
		return "numerical failure";
	case LV_EIMAGE:
		return "image cannot be analysed";
	case LV_EDB:
		return "measurement store error";
	case LV_EEXISTS:
		return "already exists";
	case LV_EINTERNAL:
		return "internal error";
	default:
		return "unknown error";
	}
}

int lv_error_set(int code, const char *fmt, ...)
{
	va_list ap;

	lv_error_clear();
	last_error.code = code;
	va_start(ap, fmt);
	vsnprintf(last_error.message, sizeof last_error.message, fmt, ap);
	va_end(ap);
	return code;
}

int lv_error_locate(const char *where, long line, long column)
{
	if (where)
		snprintf(last_error.where, sizeof last_error.where, "%s", where);
	last_error.line = line;
	last_error.column = column;
	return last_error.code;
}

int lv_error_format(const lv_error *e, char *buf, size_t size)
{
	char loc[300] = "";

	if (e->where[0] && e->line > 0 && e->column > 0)
		snprintf(loc, sizeof loc, "%s:%ld:%ld: ", e->where, e->line, e->column);
	else if (e->where[0] && e->line > 0)
		snprintf(loc, sizeof loc, "%s:%ld: ", e->where, e->line);
	else if (e->where[0])
		snprintf(loc, sizeof loc, "%s: ", e->where);
	return snprintf(buf, size, "%s%s", loc, e->message[0] ? e->message : lv_strerror(e->code));
}
