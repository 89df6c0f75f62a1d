/* numfmt.c — see numfmt.h. */
#include "io/numfmt.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "io/numparse.h"
#include "io/pow5_tab.h"

const char *fmt_num(char *buf, size_t len, double x, int digits) {
    if (isnan(x)) snprintf(buf, len, "NA");
    else if (isinf(x)) snprintf(buf, len, x > 0 ? "Inf" : "-Inf");
    else snprintf(buf, len, "%.*g", digits, x == 0 ? 0.0 : x);
    return buf;
}

const char *fmt_p(char *buf, size_t len, double p) {
    if (isnan(p)) snprintf(buf, len, "NA");
    else if (p < 1e-300) snprintf(buf, len, "<1e-300");
    else if (p >= 1e-4) snprintf(buf, len, "%.3g", p);
    else snprintf(buf, len, "%.2g", p);
    return buf;
}

/* ---- fmt_exact ---- */

/* The old way, kept for the values the product cannot settle. */
static size_t exact_slow(double x, char *buf) {
    int n = 0;
    for (int d = 15; d <= 17; d++) {   /* the shortest text that reads back as the same double */
        n = snprintf(buf, FMT_EXACT_MAX, "%.*g", d, x);
        if (strtod(buf, NULL) == x) break;
    }
    return (size_t)n;
}

static const char DIGITS2[] = "00010203040506070809101112131415161718192021222324252627282930313233343536373839"
                              "40414243444546474849505152535455565758596061626364656667686970717273747576777879"
                              "8081828384858687888990919293949596979899";

/* The n digits of v (v < 10^n), into out. */
static void put_digits(char *out, uint64_t v, int n) {
    while (n >= 2) {
        memcpy(out + n - 2, DIGITS2 + 2 * (v % 100), 2);
        v /= 100;
        n -= 2;
    }
    if (n) out[0] = (char)('0' + v);
}

/* d (p digits, 10^(p-1) <= d < 10^p) × 10^(X - p + 1) as "%.{p}g" writes it. */
static size_t put_g(char *buf, int neg, uint64_t d, int p, int X) {
    char dig[20];
    put_digits(dig, d, p);
    int nd = p;
    while (nd > 1 && dig[nd - 1] == '0') nd--;   /* %g drops trailing zeros */
    char *o = buf;
    if (neg) *o++ = '-';
    if (X < -4 || X >= p) {   /* d.ddde±XX */
        *o++ = dig[0];
        if (nd > 1) {
            *o++ = '.';
            memcpy(o, dig + 1, (size_t)nd - 1);
            o += nd - 1;
        }
        *o++ = 'e';
        *o++ = X < 0 ? '-' : '+';
        int a = X < 0 ? -X : X;
        if (a >= 100) {
            *o++ = (char)('0' + a / 100);
            a %= 100;
        }
        memcpy(o, DIGITS2 + 2 * a, 2);
        o += 2;
    } else if (X >= 0) {   /* ddd.ddd */
        if (nd <= X + 1) {
            memcpy(o, dig, (size_t)nd);
            o += nd;
            for (int k = nd; k <= X; k++) *o++ = '0';
        } else {
            memcpy(o, dig, (size_t)X + 1);
            o += X + 1;
            *o++ = '.';
            memcpy(o, dig + X + 1, (size_t)(nd - X - 1));
            o += nd - X - 1;
        }
    } else {   /* 0.000ddd */
        *o++ = '0';
        *o++ = '.';
        for (int k = -1; k > X; k--) *o++ = '0';
        memcpy(o, dig, (size_t)nd);
        o += nd;
    }
    *o = '\0';
    return (size_t)(o - buf);
}

/* v = x·10^k as a 57-bit integer part and the top 64 bits of its
 * fraction, from m·2^e (x's mantissa and exponent) and the table; 0, or
 * -1 when k is outside the table. */
static int scaled(uint64_t m, int e, int k, uint64_t *ip, uint64_t *frac) {
    if (k < POW5_MIN || k > POW5_MAX) return -1;
    const uint64_t *T = POW5_128[k - POW5_MIN];
    int sh = -(e + k - POW5_E2[k - POW5_MIN]);   /* v = (m·T) >> sh */
    unsigned __int128 lo = (unsigned __int128)m * T[1], hi = (unsigned __int128)m * T[0];
    uint64_t w0 = (uint64_t)lo, w1 = (uint64_t)(lo >> 64), w2;
    unsigned __int128 mid = (unsigned __int128)w1 + (uint64_t)hi;
    w1 = (uint64_t)mid;
    w2 = (uint64_t)(hi >> 64) + (uint64_t)(mid >> 64);
    if (sh <= 64 || sh >= 192) return -1;   /* never for a double (about 74 to 130): be safe */
    /* P = w2:w1:w0; the integer part P >> sh, the fraction P's bits [sh - 64, sh) */
    unsigned __int128 top = (unsigned __int128)w2 << 64 | w1;   /* P >> 64 */
    *ip = (uint64_t)(top >> (sh - 64));
    *frac = sh >= 128 ? (uint64_t)(top >> (sh - 128)) : (w1 << (128 - sh)) | (w0 >> (sh - 64));
    return 0;
}

#define P10_16 10000000000000000ULL
#define P10_17 100000000000000000ULL
#define TIE_EPS 1024   /* the product's error is under 2^-70: 1024 units of 2^-64 is far beyond it */

size_t fmt_exact(double x, char *buf) {
    uint64_t bits;
    memcpy(&bits, &x, sizeof bits);
    int neg = (int)(bits >> 63);
    int e2 = (int)(bits >> 52 & 0x7FF);
    uint64_t m = bits & (((uint64_t)1 << 52) - 1);
    if (e2 == 0x7FF) return exact_slow(x, buf);   /* (Inf, NaN: not for here) */
    if (e2 == 0 && m == 0) {
        memcpy(buf, neg ? "-0" : "0", neg ? 3 : 2);
        return (size_t)(1 + neg);
    }
    int e;
    if (e2) { m |= (uint64_t)1 << 52; e = e2 - 1075; }
    else e = -1074;
    /* E = floor(log10 |x|), first guessed from the binary exponent */
    int lb = e + 63 - __builtin_clzll(m);   /* floor(log2 |x|) */
    int E = (int)((lb * 78913L) >> 18);     /* floor(lb · log10 2), for |lb| < 1100; E or E - 1 */
    uint64_t ip, fr;
    int tries = 0;
    for (;;) {
        if (scaled(m, e, 16 - E, &ip, &fr) < 0) return exact_slow(x, buf);
        if (ip >= P10_17) E++;
        else if (ip < P10_16) E--;
        else break;
        if (++tries > 2) return exact_slow(x, buf);
    }
    /* a value within the product's error of a power of ten: let printf decide */
    if ((ip == P10_16 && fr < TIE_EPS) || (ip == P10_17 - 1 && fr > UINT64_MAX - TIE_EPS)) return exact_slow(x, buf);
    /* the correctly rounded 17, 16 and 15 digits (a tie, or too near one to tell: printf) */
    const uint64_t half = (uint64_t)1 << 63;
    if (fr > half - TIE_EPS && fr < half + TIE_EPS) return exact_slow(x, buf);
    uint64_t r1 = ip % 10, r2 = ip % 100;
    if ((r1 == 5 && fr < TIE_EPS) || (r1 == 4 && fr > UINT64_MAX - TIE_EPS)) return exact_slow(x, buf);
    if ((r2 == 50 && fr < TIE_EPS) || (r2 == 49 && fr > UINT64_MAX - TIE_EPS)) return exact_slow(x, buf);
    uint64_t d15 = ip / 100 + (r2 >= 50), d16 = ip / 10 + (r1 >= 5), d17 = ip + (fr > half);
    double ax = neg ? -x : x, y;
    int X = E;
    if (d15 == P10_16 / 10) { d15 /= 10; X = E + 1; }
    if (!num_from_decimal(d15, X - 14, &y)) return exact_slow(x, buf);
    if (y == ax) return put_g(buf, neg, d15, 15, X);
    X = E;
    if (d16 == P10_16) { d16 /= 10; X = E + 1; }
    if (!num_from_decimal(d16, X - 15, &y)) return exact_slow(x, buf);
    if (y == ax) return put_g(buf, neg, d16, 16, X);
    X = E;
    if (d17 == P10_17) { d17 /= 10; X = E + 1; }
    return put_g(buf, neg, d17, 17, X);
}
