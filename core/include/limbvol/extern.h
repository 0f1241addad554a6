/*
 * limbvol/extern.h - LV_EXTERN marks every function of liblimbvol's public
 * API.  The shared library is built with hidden visibility: what is not
 * marked is not exported (internal functions stay internal).
 */
#ifndef LIMBVOL_EXTERN_H
#define LIMBVOL_EXTERN_H

#if defined(__GNUC__) || defined(__clang__)
#define LV_EXTERN __attribute__((visibility("default")))
#else
#define LV_EXTERN
#endif

#endif
