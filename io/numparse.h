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
#include <string.h>

/* Is s[0..len) a number (the whole of it)?  Then 1 and its value in *out;
 * else 0 (*out untouched).  s need not be NUL-terminated. */
int num_parse(const char *s, size_t len, double *out);

/* The double nearest to w × 10^q (w > 0), correctly rounded, when the
 * fast paths decide it (returns 1); 0 when they cannot (the caller uses
 * strtod).  For io/numfmt.c's round-trip check. */
int num_from_decimal(uint64_t w, int q, double *out);

/* The value of the digits in the low k bytes of t (digit values, not
 * characters: the first digit in byte 0), k = 1..8, as t << (64 - 8k). */
static inline uint64_t num_digits8(uint64_t t) {
    t = (t * 10) + (t >> 8);
    return (((t & 0x000000FF000000FFULL) * 0x000F424000000064ULL) +
            (((t >> 16) & 0x000000FF000000FFULL) * 0x0000271000000001ULL)) >> 32;
}

/* The digits at *pp (before end) appended to *m, 8 at a time; the
 * number of digits.  Reads up to 8 bytes past end. */
__attribute__((always_inline)) static inline long num_run(const char **pp, const char *end, uint64_t *m) {
    static const uint64_t P10I[] = {1, 10, 100, 1000, 10000, 100000, 1000000, 10000000, 100000000};
    const char *p = *pp, *p0 = p;
    uint64_t v = *m;
    for (;;) {
        uint64_t w;
        memcpy(&w, p, 8);
        uint64_t t = w - 0x3030303030303030ULL;   /* per byte: c - '0' (borrows only past a non-digit) */
        uint64_t nd = ((t + 0x7676767676767676ULL) | t) & 0x8080808080808080ULL;   /* bytes that are not digits */
        long k = nd ? __builtin_ctzll(nd) >> 3 : 8;
        if (k > end - p) k = end - p;
        if (k <= 0) break;
        v = v * P10I[k] + num_digits8(t << (64 - 8 * k));
        p += k;
        if (k < 8) break;
    }
    *m = v;
    *pp = p;
    return p - p0;
}

/* The common case of num_parse in one pass, for the bulk readers: a
 * plain decimal number ([+-] digits [. digits] [e[+-]digits], at most 19
 * digits in all) at p, before end; 8 bytes past end must be readable
 * (io/rawin.h's chunks have RAWIN_PAD).  Returns the first character
 * after it, with the value in *out (the same bits as num_parse); NULL
 * when the text there is anything else (the caller then finds the
 * field's end and asks num_parse).  Clinger's path inline, Eisel–Lemire's
 * out of line. */
__attribute__((always_inline)) static inline const char *num_scan(const char *p, const char *end, double *out) {
    static const double P10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                                 1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};
    int neg = 0;
    if (p < end && (*p == '-' || *p == '+')) neg = *p++ == '-';
    uint64_t m = 0;
    long nd = num_run(&p, end, &m), frac = 0;
    if (p < end && *p == '.') {
        p++;
        frac = num_run(&p, end, &m);
        nd += frac;
    }
    if (nd == 0 || nd > 19) return 0;
    long q = -frac;
    if (p < end && (*p | 32) == 'e') {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        const char *e0 = p;
        long e = 0;
        while (p < end && (unsigned char)(*p - '0') < 10 && p - e0 < 6) e = e * 10 + (*p++ - '0');
        if (p == e0 || (p < end && (unsigned char)(*p - '0') < 10)) return 0;
        q += eneg ? -e : e;
    }
    double x;
    if (m == 0) x = 0;
    else if (m <= ((uint64_t)1 << 53) && q >= -22 && q <= 22) x = q >= 0 ? (double)m * P10[q] : (double)m / P10[-q];
    else if (!num_from_decimal(m, (int)q, &x)) return 0;
    *out = neg ? -x : x;
    return p;
}
#endif
