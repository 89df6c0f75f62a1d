/* numparse.h — decimal text to double, correctly rounded (the same bits
 * as glibc's strtod in round-to-nearest), fast.
 *
 * The grammar is parse_number's (io/load_table.h): an optional sign, then
 * Inf/Infinity (any case), or a hexadecimal number (0x…, as R's
 * as.numeric: handed to strtod), or digits with an optional '.' and
 * fraction (at least one digit in all) and an optional exponent (e/E, an
 * optional sign, at least one digit); nothing else, no blanks.
 *
 * Three paths, each exact:
 *  - Clinger's: a mantissa of at most 2^53 and a power of ten within
 *    10^±22 are both exact doubles, so one IEEE multiply or divide is the
 *    correctly rounded result;
 *  - Eisel–Lemire's (Lemire, "Number Parsing at a Gigabyte per Second",
 *    2021): the mantissa times a 128-bit approximation of the power of
 *    ten, which decides the rounding for every mantissa of at most 19
 *    digits (Mushtak and Lemire 2023), with the older check for the
 *    ambiguous product kept as a second guard: such an input goes to
 *    strtod;
 *  - strtod itself for more than 19 significant digits when the two
 *    candidates (the mantissa cut at 19 digits, and that plus one) round
 *    differently, and for hexadecimal.
 * tests/unit/test_numparse.c checks the bits against strtod on millions
 * of random and edge-case strings. */
#ifndef RGX_NUMPARSE_H
#define RGX_NUMPARSE_H
#include <stddef.h>
#include <stdint.h>

/* Is s[0..len) a number (the whole of it)?  Then 1 and its value in *out;
 * else 0 (*out untouched).  s need not be NUL-terminated. */
int num_parse(const char *s, size_t len, double *out);

/* The double nearest to w × 10^q (w > 0), correctly rounded, when the
 * fast paths decide it (returns 1); 0 when they cannot (the caller uses
 * strtod).  For io/numfmt.c's round-trip check. */
int num_from_decimal(uint64_t w, int q, double *out);
#endif
