/*
 * limbvol/hex.h - the value of hex digits, as text files escape bytes in
 * them: camera files' \uXXXX, \xXX and &#xN; (limbvol/camera.h), and the
 * \uXXXX of limbvol batch's JSON results read back.  lvcalib's, as the
 * camera-file parsers were its first users; capture may use calib, so
 * batch reads its escapes with it too (one hex parser; core's streaming
 * JSON reader, which uses neither, reads its own).
 */
#ifndef LIMBVOL_HEX_H
#define LIMBVOL_HEX_H

#include "limbvol/extern.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The largest count of digits lv_hex_value reads: 8, as many as fit in 32 bits. */
#define LV_HEX_MAX_DIGITS 8

/*
 * 1 and the value of the n hex digits s[0..n) (0-9, a-f, A-F) in *out when
 * every one of them is a digit and 1 <= n <= LV_HEX_MAX_DIGITS; 0 otherwise
 * (*out unchanged).  Reads s[0..n) only: s need not end there.
 */
LV_EXTERN int lv_hex_value(const char *s, size_t n, unsigned *out);

#ifdef __cplusplus
}
#endif
#endif
