/* mt19937.h — GSL's MT19937 generator (gsl_rng_mt19937: its seeding,
 * generation and tempering) and gsl_rng_uniform_int over it, inlined for
 * the hot loops of resampling: the same stream, number for number
 * (tests/unit/test_mt19937.c compares them with GSL's), without a call
 * through GSL's function pointers and a 64-bit division per draw. */
#ifndef RGX_MT19937_H
#define RGX_MT19937_H
#include <stddef.h>
#include <stdint.h>

typedef struct Mt {
    uint32_t mt[624];       /* state */
    size_t mti;             /* next word */
} Mt;

static inline void mt_seed(Mt *m, unsigned long s) {
    if (s == 0) s = 4357;   /* GSL's default seed (tested on the whole value, then cut to 32 bits) */
    m->mt[0] = (uint32_t)(s & 0xffffffffUL);
    for (size_t i = 1; i < 624; i++) m->mt[i] = (uint32_t)(1812433253UL * (m->mt[i - 1] ^ (m->mt[i - 1] >> 30)) + i);
    m->mti = 624;
}

static inline void mt_refill(Mt *m) {
    uint32_t *mt = m->mt;
#define MT_MIX(a, b, c) do { uint32_t y_ = (mt[a] & 0x80000000u) | (mt[b] & 0x7fffffffu); \
        mt[a] = mt[c] ^ (y_ >> 1) ^ ((y_ & 1u) ? 0x9908b0dfu : 0u); } while (0)
    size_t k = 0;
    for (; k < 624 - 397; k++) MT_MIX(k, k + 1, k + 397);
    for (; k < 623; k++) MT_MIX(k, k + 1, k + 397 - 624);
    MT_MIX(623, 0, 396);
#undef MT_MIX
    m->mti = 0;
}

static inline uint32_t mt_next(Mt *m) {
    if (m->mti >= 624) mt_refill(m);
    uint32_t k = m->mt[m->mti++];
    k ^= k >> 11;
    k ^= (k << 7) & 0x9d2c5680u;
    k ^= (k << 15) & 0xefc60000u;
    k ^= k >> 18;
    return k;
}

/* gsl_rng_uniform_int(r, n) for MT19937: scale = (2^32 − 1) / n, draws
 * divided by scale until one is below n.  The quotient by a multiplication
 * with 2^32 / scale and one exact correction. */
typedef struct UniformInt {
    uint64_t scale, inv;    /* (2^32 − 1) / n, 2^32 / scale */
    uint32_t n;
} UniformInt;

static inline UniformInt uniform_int_of(uint32_t n) {
    UniformInt u;
    u.n = n;
    u.scale = 0xffffffffull / n;
    u.inv = ((uint64_t)1 << 32) / u.scale;
    return u;
}

static inline uint32_t uniform_int(Mt *m, const UniformInt *u) {
    for (;;) {
        uint64_t x = mt_next(m), q = (x * u->inv) >> 32;   /* q = floor(x / scale) or one less */
        if ((q + 1) * u->scale <= x) q++;
        if (q < u->n) return (uint32_t)q;
    }
}

#endif
