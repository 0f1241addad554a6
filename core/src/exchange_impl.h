/*
 * exchange_impl.h - what the export format's writer and readers share: the
 * CSV columns, and the readers behind lv_exchange_reader.
 */
#ifndef CORE_EXCHANGE_IMPL_H
#define CORE_EXCHANGE_IMPL_H

#include "instream.h"
#include "limbvol/csv.h"
#include "limbvol/exchange.h"

/* The CSV columns, in lv_exchange_columns' order. */
enum xcol {
	XC_RECORD,
	XC_PATIENT,
	XC_LIMB,
	XC_DATE,
	XC_PHASE,
	XC_SITE,
	XC_CIRC,
	XC_SIDE,
	XC_MEAS,
	XC_SESSION,
	XC_KIND,
	XC_NOTES,
	XC_METHOD,
	XC_MODEL,
	XC_TAPESD,
	XC_VOLUME,
	XC_SD,
	XC_SOURCE,
	XC_BIRTH,
	XC_SEX,
	XC_WEIGHT,
	XC_AFFECTED,
	XC_LANDMARK,
	XC_DELETED, /* version 2: the audit trail */
	XC_WEIGHTNO,
	XC_EDIT,
	XC_CHANGED,
	XC_WHAT,
	XC_OLD,
	XC_NEW,
	XC_REPEAT, /* version 3: a photo's repeat sd */
	XC_DISTANCE, /* version 3: a photo's camera distance */
	XC_VIEWS, /* version 3: a photo's number of views */
	XC_COUNT
};

/* The largest session number a file may use. */
#define XC_MAX_SESSION 1000000

/* The CSV export reader: takes over csv (freed with it, also on failure). */
typedef struct xcsv xcsv;
int xcsv_open(xcsv **out, lv_csv *csv);
int xcsv_next(xcsv *x, lv_xitem *it);
void xcsv_free(xcsv *x);

/* The JSON export reader: takes over *in (closed with it, also on failure). */
typedef struct xjson xjson;
int xjson_open(xjson **out, instream *in);
int xjson_next(xjson *x, lv_xitem *it);
void xjson_free(xjson *x);

#endif
