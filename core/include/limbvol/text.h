/*
 * limbvol/text.h - texts from outside (patient codes, notes, file names):
 * which bytes are valid UTF-8, for printers that must show every other byte
 * escaped.
 */
#ifndef LIMBVOL_TEXT_H
#define LIMBVOL_TEXT_H

#include <stddef.h>

#include "limbvol/extern.h"

#ifdef __cplusplus
extern "C" {
#endif

/*
 * The length (1 to 4) of the valid UTF-8 sequence that starts at s, or 0
 * when the bytes there are not one (a stray continuation byte, an overlong
 * form, a surrogate, beyond U+10FFFF, or cut short by the terminating NUL).
 * s is NUL-terminated; at most 4 bytes are read, never past the NUL.
 */
LV_EXTERN size_t lv_utf8_length(const char *s);

#ifdef __cplusplus
}
#endif
#endif
