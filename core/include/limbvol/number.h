/*
 * limbvol/number.h - numbers read and written the same in every locale.
 *
 * strtod() and printf("%f") follow LC_NUMERIC, so a French or German locale
 * would turn 23.5 into 23 and print 23,5 in a CSV file.  limbvol parses and
 * formats its numbers with these functions instead, which ignore the locale.
 */
#ifndef LIMBVOL_NUMBER_H
#define LIMBVOL_NUMBER_H

#include "limbvol/extern.h"

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Accept a decimal comma ("23,5") as well as a point: for typed input. */
#define LV_NUMBER_COMMA 1u

/*
 * Parse the whole of s[0..len) as a decimal number: optional sign, digits,
 * optional fraction, optional exponent.  Leading and trailing blanks are
 * allowed; anything else (text, "nan", "inf", an empty field, trailing junk)
 * is LV_EDATA with a message that quotes the text.  The result is the
 * correctly rounded double for inputs of up to 15 significant digits.
 */
LV_EXTERN int lv_number_parse(const char *s, size_t len, unsigned flags, double *out);

/*
 * v as a whole number from lo to hi into *out: LV_EDATA ("expected a whole
 * number from lo to hi, found 1e+300") for a fraction, NaN, infinity or a
 * value out of range.  Converting a double to an integer type any other way
 * is undefined for values out of range (1e300 became -2147483648).
 */
LV_EXTERN int lv_number_int(double v, long lo, long hi, long *out);

/*
 * Format v with `decimals` digits after a point (never a comma) into buf.
 * Returns the number of characters written (excluding the NUL), or a
 * negative status when buf is too small or v is not finite.
 */
LV_EXTERN int lv_number_format(double v, int decimals, char *buf, size_t size);

/* The same with trailing zeros (and a trailing point) dropped: 2.5, 3. */
LV_EXTERN int lv_number_format_short(double v, int decimals, char *buf, size_t size);

/*
 * Format v with the fewest significant digits (1 to 17) that read back, with
 * lv_number_parse(), to exactly the same double: the shortest round trip, for
 * machine-readable output (JSON).  Plain decimals for 1e-6 <= |v| < 1e21
 * ("2398.6488", "0.1", "100"), else a mantissa and exponent ("1e+21",
 * "5e-324"); never a comma; -0 prints as "0".  The text is a valid JSON
 * number.  LV_NUMBER_SHORTEST_MAX bytes (NUL included) always suffice.
 * Returns the length, or a negative status for a value that is not finite
 * or a buffer too small.
 */
#define LV_NUMBER_SHORTEST_MAX 32
LV_EXTERN int lv_number_format_shortest(double v, char *buf, size_t size);

#ifdef __cplusplus
}
#endif
#endif
