/*
 * exchange_read FILE: read an export (CSV or JSON) or tape file through
 * limbvol/exchange.h without a store, and print the records and sites it
 * handed out.  For tests/bench/import_mem_bench.sh: the reader's own memory.
 */
#include <stdio.h>

#include "limbvol/exchange.h"

int main(int argc, char **argv)
{
	lv_exchange_reader *r = NULL;
	lv_xitem it;
	long items = 0, sites = 0;
	int st;
	char msg[700];

	if (argc != 2) {
		fprintf(stderr, "usage: exchange_read FILE\n");
		return 64;
	}
	if ((st = lv_exchange_open(&r, argv[1])) == 0) {
		while ((st = lv_exchange_next(r, &it)) > 0) {
			items++;
			sites += it.kind == LV_XITEM_MEASUREMENT ? (long)it.measurement.n
				: it.kind == LV_XITEM_TAPE       ? (long)it.tape.n
								 : 0;
		}
	}
	lv_exchange_free(r);
	if (st < 0) {
		lv_error_format(lv_error_last(), msg, sizeof msg);
		fprintf(stderr, "exchange_read: %s\n", msg);
		return 65;
	}
	printf("%ld records, %ld sites\n", items, sites);
	return 0;
}
