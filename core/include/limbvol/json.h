/*
 * limbvol/json.h - writing JSON text the way every limbvol JSON output does.
 */
#ifndef LIMBVOL_JSON_H
#define LIMBVOL_JSON_H

#include <stdio.h>

#include "limbvol/error.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * Any text as a JSON string literal, quotes included: valid UTF-8 exactly
 * (it reads back the same), control characters escaped, and bytes that are
 * not UTF-8 as the text \xNN (JSON holds only Unicode).
 */
LV_EXTERN void lv_json_write_string(FILE *f, const char *text);

#ifdef __cplusplus
}
#endif
#endif
