/* numparse.c — see numparse.h.  The Eisel–Lemire step follows the
 * description in Lemire's paper (and the fast_float library's layout of
 * it): normalise the mantissa, multiply by the 128-bit power of five,
 * take the top 54 bits, round to even. */
#include "io/numparse.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/pow5_tab.h"
#include "io/util.h"

static const double POW10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                               1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define SWAR 1
#else
#define SWAR 0
#endif

static inline uint64_t read8(const char *p) {
    uint64_t v;
    memcpy(&v, p, 8);
    return v;
}

/* Are the 8 bytes of v (little-endian) all ASCII digits? */
static inline int all8digits(uint64_t v) {
    return (((v & 0xF0F0F0F0F0F0F0F0ULL) | (((v + 0x0606060606060606ULL) & 0xF0F0F0F0F0F0F0F0ULL) >> 4)) ==
            0x3333333333333333ULL);
}

/* The value of 8 ASCII digits (the first byte the most significant). */
static inline uint32_t parse8(uint64_t v) {
    const uint64_t mask = 0x000000FF000000FFULL;
    const uint64_t mul1 = 0x000F424000000064ULL;   /* 100 + (1000000 << 32) */
    const uint64_t mul2 = 0x0000271000000001ULL;   /* 1 + (10000 << 32) */
    v -= 0x3030303030303030ULL;
    v = (v * 10) + (v >> 8);
    v = (((v & mask) * mul1) + (((v >> 16) & mask) * mul2)) >> 32;
    return (uint32_t)v;
}

static inline int is_digit(char c) { return (unsigned char)(c - '0') < 10; }

/* Digits from *pp up to end (at most the first that is not one) into *m
 * (m = m·10 + d, wrapping past 19 digits: the caller counts them). */
static inline void digits(const char **pp, const char *end, uint64_t *m) {
    const char *p = *pp;
    uint64_t v = *m;
#if SWAR
    while (end - p >= 8) {
        uint64_t w = read8(p);
        if (!all8digits(w)) break;
        v = v * 100000000 + parse8(w);
        p += 8;
    }
#endif
    while (p < end && is_digit(*p)) v = v * 10 + (uint64_t)(*p++ - '0');
    *m = v;
    *pp = p;
}

/* Eisel–Lemire: the double nearest w × 10^q, w > 0 (at most 19 digits).
 * 1 and *out, or 0 when the product cannot decide (never seen in
 * practice; the caller then asks strtod). */
static int eisel_lemire(uint64_t w, int q, double *out) {
    if (q < -342) { *out = 0; return 1; }
    if (q > 308) { *out = INFINITY; return 1; }
    int lz = __builtin_clzll(w);
    w <<= lz;
    const uint64_t *T = POW5_128[q - POW5_MIN];
    unsigned __int128 first = (unsigned __int128)w * T[0];
    uint64_t hi = (uint64_t)(first >> 64), lo = (uint64_t)first;
    if ((hi & 0x1FF) == 0x1FF) {   /* the low bits may carry into the 55 kept: the second product decides */
        uint64_t shi = (uint64_t)(((unsigned __int128)w * T[1]) >> 64);
        lo += shi;
        if (shi > lo) hi++;
    }
    if (lo == UINT64_MAX && (q < -27 || q > 55)) return 0;   /* the paper's guard, kept */
    int upperbit = (int)(hi >> 63);
    int shift = upperbit + 9;
    uint64_t mant = hi >> shift;
    int power2 = (int)(((152170 + 65536) * q) >> 16) + 63 + upperbit - lz + 1023;
    uint64_t bits;
    if (power2 <= 0) {   /* subnormal */
        if (-power2 + 1 >= 64) { *out = 0; return 1; }
        mant >>= -power2 + 1;
        mant += mant & 1;
        mant >>= 1;
        power2 = mant < ((uint64_t)1 << 52) ? 0 : 1;
        bits = mant | (uint64_t)power2 << 52;
    } else {
        /* exactly halfway between two doubles: round to even */
        if (lo <= 1 && q >= -4 && q <= 23 && (mant & 3) == 1 && (mant << shift) == hi) mant &= ~(uint64_t)1;
        mant += mant & 1;
        mant >>= 1;
        if (mant >= ((uint64_t)2 << 52)) {
            mant = (uint64_t)1 << 52;
            power2++;
        }
        mant &= ~((uint64_t)1 << 52);
        if (power2 >= 0x7FF) { *out = INFINITY; return 1; }
        bits = mant | (uint64_t)power2 << 52;
    }
    memcpy(out, &bits, sizeof bits);
    return 1;
}

int num_from_decimal(uint64_t w, int q, double *out) {
    if (w == 0) { *out = 0; return 1; }
    if (w <= ((uint64_t)1 << 53) && q >= -22 && q <= 22) {   /* Clinger: both exact, one rounding */
        double x = (double)w;
        *out = q >= 0 ? x * POW10[q] : x / POW10[-q];
        return 1;
    }
    return eisel_lemire(w, q, out);
}

/* strtod on s[0..len) (a copy with its NUL); *end_ok says whether it
 * read all of it. */
static double strtod_n(const char *s, size_t len, int *end_ok) {
    char small[128];
    char *b = len < sizeof small ? small : xmalloc(len + 1);
    memcpy(b, s, len);
    b[len] = '\0';
    char *e;
    double x = strtod(b, &e);
    *end_ok = *e == '\0';
    if (b != small) free(b);
    return x;
}

/* More than 19 significant digits: the first 19 (as the old parser kept
 * them), the power of ten, and whether a non-zero digit was dropped. */
static void first19(const char *p, const char *end, uint64_t *m, int *q, int *dropped) {
    uint64_t v = 0;
    int sig = 0, scale = 0, drop = 0;
    for (; p < end && is_digit(*p); p++) {
        if (sig < 19) {
            if (v || *p != '0') { v = v * 10 + (uint64_t)(*p - '0'); sig++; }
        } else {
            scale++;
            drop |= *p != '0';
        }
    }
    if (p < end && *p == '.')
        for (p++; p < end && is_digit(*p); p++) {
            if (sig < 19) {
                if (v || *p != '0') { v = v * 10 + (uint64_t)(*p - '0'); sig++; }
                scale--;
            } else {
                drop |= *p != '0';
            }
        }
    *m = v;
    *q = scale;
    *dropped = drop;
}

int num_parse(const char *s, size_t len, double *out) {
    const char *p = s, *end = s + len;
    int neg = 0;
    if (p < end && (*p == '+' || *p == '-')) neg = *p++ == '-';
    if (p == end) return 0;
    if (!is_digit(*p) && *p != '.') {   /* Inf, Infinity (any case); else not a number */
        size_t k = (size_t)(end - p);
        if ((k == 3 && strncasecmp(p, "inf", 3) == 0) || (k == 8 && strncasecmp(p, "infinity", 8) == 0)) {
            *out = neg ? -INFINITY : INFINITY;
            return 1;
        }
        return 0;
    }
    if (p[0] == '0' && end - p >= 2 && (p[1] | 32) == 'x') {   /* hexadecimal, as R's as.numeric("0x10") = 16 */
        if (end - p < 3 || !isxdigit((unsigned char)p[2])) return 0;
        int ok;
        double x = strtod_n(s, len, &ok);
        if (!ok) return 0;
        *out = x;
        return 1;
    }
    const char *d0 = p;
    while (p < end && *p == '0') p++;   /* leading zeros */
    const char *sig0 = p;
    uint64_t m = 0;
    digits(&p, end, &m);
    size_t nsig = (size_t)(p - sig0);
    int any = p > d0;
    long frac = 0;   /* digits after the point */
    if (p < end && *p == '.') {
        const char *f0 = ++p;
        if (!nsig)
            while (p < end && *p == '0') p++;   /* 0.000123: the zeros are not significant */
        const char *f1 = p;
        digits(&p, end, &m);
        nsig += (size_t)(p - f1);
        frac = (long)(p - f0);
        any |= p > f0;
    }
    if (!any) return 0;
    const char *mant_end = p;
    long e = 0;
    if (p < end && (*p | 32) == 'e') {
        p++;
        int eneg = 0;
        if (p < end && (*p == '+' || *p == '-')) eneg = *p++ == '-';
        if (p == end || !is_digit(*p)) return 0;
        for (; p < end && is_digit(*p); p++)
            if (e < 100000) e = e * 10 + (*p - '0');
        if (eneg) e = -e;
    }
    if (p != end) return 0;
    double x;
    int ok;
    if (nsig > 19) {   /* the mantissa wrapped: its first 19 digits, and whether the rest are zeros */
        int q19, dropped;
        first19(d0, mant_end, &m, &q19, &dropped);
        int q = (int)(q19 + e);
        double a, b;
        if (!dropped && num_from_decimal(m, q, &x)) goto done;
        if (dropped && num_from_decimal(m, q, &a) && num_from_decimal(m + 1, q, &b) && a == b) {
            x = a;   /* (m + 1 cannot wrap: m has 19 digits) */
            goto done;
        }
        *out = strtod_n(s, len, &ok);
        return 1;
    }
    if (m == 0) x = 0;
    else if (!num_from_decimal(m, (int)(e - frac < -100000 ? -100000 : e - frac), &x)) {
        *out = strtod_n(s, len, &ok);
        return 1;
    }
done:
    *out = neg ? -x : x;
    return 1;
}
