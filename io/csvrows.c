/* csvrows.c — bulk mode's records (io/csvread.h, CsvRows): a chunk's
 * text split into fields, the separators found 64 bytes at a time
 * (AVX2) or 8 at a time (portable), the numbers read on the way straight
 * into the caller's row — the same fields, and the same bits, as
 * csv_read's record path (tests/unit/test_bulk.c compares the two). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "io/csvread.h"
#include "io/numparse.h"

static int have_avx2(void) {
#if defined(__x86_64__) && defined(__GNUC__)
    __builtin_cpu_init();   /* (every processor with AVX2 has these too; asked all the same) */
    return __builtin_cpu_supports("avx2") && __builtin_cpu_supports("bmi") && __builtin_cpu_supports("bmi2") &&
           __builtin_cpu_supports("popcnt") && __builtin_cpu_supports("lzcnt");
#else
    return 0;
#endif
}

void csv_rows_init(CsvRows *it, const TextChunk *c, int sep, const uint32_t *dst, size_t ndst) {
    *it = (CsvRows){.p = c->text, .end = c->text + c->len, .text0 = c->text, .sep = sep, .dst = dst,
                    .ndst = dst ? ndst : 0};
    it->simd = csv_bulk_mode() != 2 && have_avx2();
    /* dst as a run: fields [run0, run_end) to out[run_out…], text before (the
       ID, the gene) — every field's place then follows from its index */
    size_t j0 = 0;
    while (j0 < it->ndst && dst[j0] == CSV_TEXT) j0++;
    size_t j = j0;
    while (j < it->ndst && dst[j] == dst[j0] + (j - j0)) j++;
    if (j0 < it->ndst && j == it->ndst) {
        it->run0 = j0;
        it->run_end = j;
        it->run_out = dst[j0];
    }
    it->boff = 0;   /* the first block is read on the first call (primed) */
}

void csv_rows_free(CsvRows *it) {
    free(it->f);
    free(it->fl);
    free(it->other);
    free(it->val);
    free(it->kind);
    it->f = NULL;
    it->fl = NULL;
    it->other = NULL;
    it->val = NULL;
    it->kind = NULL;
    it->cap = 0;
}

static inline uint64_t bytes_eq(uint64_t v, uint64_t pat) {
    uint64_t x = v ^ pat;
    return (x - 0x0101010101010101ULL) & ~x & 0x8080808080808080ULL;
}

/* The first byte in [p, end) that is the separator, a line end, a quote,
 * a CR or a NUL; end when none. */
static inline const char *next_special(const char *p, const char *end, int sep) {
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    const uint64_t ones = 0x0101010101010101ULL;
    const uint64_t ps = ones * (unsigned char)sep, pn = ones * '\n', pq = ones * '"', pr = ones * '\r';
    while (end - p >= 8) {
        uint64_t v;
        memcpy(&v, p, 8);
        uint64_t m = bytes_eq(v, ps) | bytes_eq(v, pn) | bytes_eq(v, pq) | bytes_eq(v, pr) | bytes_eq(v, 0);
        if (m) return p + (__builtin_ctzll(m) >> 3);
        p += 8;
    }
#endif
    for (; p < end; p++) {
        char c = *p;
        if (c == (char)sep || c == '\n' || c == '"' || c == '\r' || c == '\0') return p;
    }
    return end;
}

/* Room for field n (which may be far past the last field given room:
 * rows_run passes over a row's numbers without it).  0, or -1. */
static int rows_room(CsvRows *it, size_t n) {
    if (n < it->cap) return 0;
    size_t cap = it->cap ? 2 * it->cap : 256;
    while (cap <= n) cap *= 2;
    const char **f = realloc(it->f, cap * sizeof *f);
    if (!f) return -1;
    it->f = f;
    size_t *fl = realloc(it->fl, cap * sizeof *fl);
    if (!fl) return -1;
    it->fl = fl;
    size_t *o = realloc(it->other, cap * sizeof *o);
    if (!o) return -1;
    it->other = o;
    double *v = realloc(it->val, cap * sizeof *v);
    if (!v) return -1;
    it->val = v;
    it->cap = cap;
    return 0;
}

#if defined(__x86_64__) && defined(__GNUC__)
#include <immintrin.h>
/* The 64 bytes at b, of which the first lim are text: *st gets a bit for
 * each separator and line end.  -1 when one of them is a quote, a NUL or
 * a CR that does not end a line (the record path then takes the chunk).
 * Reads b[0..64], within a chunk's pad. */
__attribute__((target("avx2"))) static int block64(const char *b, size_t lim, int sep, uint64_t *st) {
    __m256i a0 = _mm256_loadu_si256((const __m256i *)b), a1 = _mm256_loadu_si256((const __m256i *)(b + 32));
    const __m256i vs = _mm256_set1_epi8((char)sep), vn = _mm256_set1_epi8('\n'), vq = _mm256_set1_epi8('"'),
                  vr = _mm256_set1_epi8('\r'), vz = _mm256_setzero_si256();
#define MASK64(e0, e1) ((uint64_t)(uint32_t)_mm256_movemask_epi8(e0) | (uint64_t)(uint32_t)_mm256_movemask_epi8(e1) << 32)
    uint64_t keep = lim >= 64 ? ~(uint64_t)0 : ((uint64_t)1 << lim) - 1;
    /* a quote, a NUL or a CR: rare, looked at closely only when there is one */
    uint64_t odd = MASK64(_mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a0, vq), _mm256_cmpeq_epi8(a0, vz)),
                                          _mm256_cmpeq_epi8(a0, vr)),
                          _mm256_or_si256(_mm256_or_si256(_mm256_cmpeq_epi8(a1, vq), _mm256_cmpeq_epi8(a1, vz)),
                                          _mm256_cmpeq_epi8(a1, vr))) & keep;
    uint64_t n = MASK64(_mm256_cmpeq_epi8(a0, vn), _mm256_cmpeq_epi8(a1, vn));
    if (odd) {
        uint64_t r = MASK64(_mm256_cmpeq_epi8(a0, vr), _mm256_cmpeq_epi8(a1, vr));
        uint64_t before_nl = (n >> 1) | (uint64_t)(b[64] == '\n') << 63;   /* bit i: b[i + 1] is a line end */
        if (odd & ~(r & before_nl)) return -1;   /* a quote, a NUL, or a CR that does not end a line */
    }
    *st = (MASK64(_mm256_cmpeq_epi8(a0, vs), _mm256_cmpeq_epi8(a1, vs)) | n) & keep;
#undef MASK64
    return 0;
}

/* The pshufb table of field16: F16_SHUF[dot * 17 + len] takes the
 * decimal point (byte dot; 16: none) out of a field's first len bytes and
 * moves the digits left to the end of the 16, zeroing the others. */
#define F16_NDIG(dot, len) ((len) - ((dot) < (len) ? 1 : 0))
#define F16_SRC(dot, i) ((i) < (dot) ? (i) : (i) + 1)
#define F16_K(dl, k) (unsigned char)((k) >= 16 - F16_NDIG((dl) / 17, (dl) % 17)                                   \
                                         ? F16_SRC((dl) / 17, (k) - (16 - F16_NDIG((dl) / 17, (dl) % 17)))          \
                                         : 0x80)
#define F16_ROW(dl) {F16_K(dl, 0), F16_K(dl, 1), F16_K(dl, 2),  F16_K(dl, 3),  F16_K(dl, 4),  F16_K(dl, 5),  \
                     F16_K(dl, 6), F16_K(dl, 7), F16_K(dl, 8),  F16_K(dl, 9),  F16_K(dl, 10), F16_K(dl, 11), \
                     F16_K(dl, 12), F16_K(dl, 13), F16_K(dl, 14), F16_K(dl, 15)}
#define F16_DOT(d) F16_ROW((d) * 17 + 0), F16_ROW((d) * 17 + 1), F16_ROW((d) * 17 + 2), F16_ROW((d) * 17 + 3),     \
                   F16_ROW((d) * 17 + 4), F16_ROW((d) * 17 + 5), F16_ROW((d) * 17 + 6), F16_ROW((d) * 17 + 7),     \
                   F16_ROW((d) * 17 + 8), F16_ROW((d) * 17 + 9), F16_ROW((d) * 17 + 10), F16_ROW((d) * 17 + 11),   \
                   F16_ROW((d) * 17 + 12), F16_ROW((d) * 17 + 13), F16_ROW((d) * 17 + 14), F16_ROW((d) * 17 + 15), \
                   F16_ROW((d) * 17 + 16)
static const unsigned char F16_SHUF[17 * 17][16] = {
    F16_DOT(0),  F16_DOT(1),  F16_DOT(2),  F16_DOT(3),  F16_DOT(4),  F16_DOT(5),  F16_DOT(6),  F16_DOT(7), F16_DOT(8),
    F16_DOT(9),  F16_DOT(10), F16_DOT(11), F16_DOT(12), F16_DOT(13), F16_DOT(14), F16_DOT(15), F16_DOT(16)};
/* and F16_DIV[dot * 17 + len] the power of ten the digits are divided by */
#define F16_NFRAC(dl) ((dl) / 17 < (dl) % 17 ? (dl) % 17 - (dl) / 17 - 1 : 0)
#define F16_P10(k) ((k) == 0 ? 1e0 : (k) == 1 ? 1e1 : (k) == 2 ? 1e2 : (k) == 3 ? 1e3 : (k) == 4 ? 1e4 : (k) == 5 ? 1e5 \
                  : (k) == 6 ? 1e6 : (k) == 7 ? 1e7 : (k) == 8 ? 1e8 : (k) == 9 ? 1e9 : (k) == 10 ? 1e10            \
                  : (k) == 11 ? 1e11 : (k) == 12 ? 1e12 : (k) == 13 ? 1e13 : (k) == 14 ? 1e14 : 1e15)
#define F16_D(dl) F16_P10(F16_NFRAC(dl))
#define F16_DDOT(d) F16_D((d) * 17 + 0), F16_D((d) * 17 + 1), F16_D((d) * 17 + 2), F16_D((d) * 17 + 3),     \
                    F16_D((d) * 17 + 4), F16_D((d) * 17 + 5), F16_D((d) * 17 + 6), F16_D((d) * 17 + 7),     \
                    F16_D((d) * 17 + 8), F16_D((d) * 17 + 9), F16_D((d) * 17 + 10), F16_D((d) * 17 + 11),   \
                    F16_D((d) * 17 + 12), F16_D((d) * 17 + 13), F16_D((d) * 17 + 14), F16_D((d) * 17 + 15), \
                    F16_D((d) * 17 + 16)
static const double F16_DIV[17 * 17] = {
    F16_DDOT(0),  F16_DDOT(1),  F16_DDOT(2),  F16_DDOT(3),  F16_DDOT(4),  F16_DDOT(5),  F16_DDOT(6),  F16_DDOT(7), F16_DDOT(8),
    F16_DDOT(9),  F16_DDOT(10), F16_DDOT(11), F16_DDOT(12), F16_DDOT(13), F16_DDOT(14), F16_DDOT(15), F16_DDOT(16)};
#undef F16_NDIG
#undef F16_SRC
#undef F16_K
#undef F16_ROW
#undef F16_DOT
#undef F16_NFRAC
#undef F16_P10
#undef F16_D
#undef F16_DDOT

/* field16's constants, made once by its caller (the compiler would make
 * them again for every field) */
typedef struct F16K {
    __m128i c0, c9, dot, m1, m2, m3;
} F16K;

__attribute__((target("avx2"), always_inline)) static inline F16K f16k(void) {
    F16K k = {_mm_set1_epi8('0'), _mm_set1_epi8(9), _mm_set1_epi8('.'),
              _mm_setr_epi8(10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1, 10, 1),
              _mm_setr_epi16(100, 1, 100, 1, 100, 1, 100, 1), _mm_setr_epi16(10000, 1, 10000, 1, 10000, 1, 10000, 1)};
    __asm__("" : "+x"(k.c0), "+x"(k.c9), "+x"(k.dot));   /* opaque: kept, not made again */
    return k;
}

/* The usual number of a table — [-]digits[.digits], at most 16
 * characters after the sign — in the field [p, fe), its digits gathered
 * 16 at a time: 1 and the value in *out, the same bits as num_scan (the
 * mantissa, at most 2^53, divided by at most 10^15: Clinger's exact
 * case); 0 for anything else, which num_scan then reads.  Reads
 * p[0..17), within a chunk's pad. */
__attribute__((target("avx2"), always_inline)) static inline int field16(const char *p, const char *fe, double *out,
                                                                            const F16K *k) {
    const int neg = *p == '-';   /* (*fe is readable: with p == fe, len is 0 or -1 below) */
    p += neg;
    const long len = fe - p;
    if (__builtin_expect(len < 1 || len > 16, 0)) return 0;
    __m128i v = _mm_loadu_si128((const __m128i *)p);
    __m128i d = _mm_sub_epi8(v, k->c0);
    const unsigned lm = (unsigned)((1ul << len) - 1);
    unsigned dm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(_mm_min_epu8(d, k->c9), d)) & lm;
    unsigned pm = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, k->dot)) & lm;
    if (__builtin_expect((dm | pm) != lm || (pm & (pm - 1)) || !dm, 0))
        return 0;   /* digits and at most one point, a digit at least */
    const int form = __builtin_ctz(pm | 0x10000u) * 17 + (int)len;   /* the point's place (16: none), the length */
    d = _mm_shuffle_epi8(d, _mm_loadu_si128((const __m128i *)F16_SHUF[form]));
    __m128i t = _mm_maddubs_epi16(d, k->m1);
    t = _mm_madd_epi16(t, k->m2);
    t = _mm_packus_epi32(t, t);
    t = _mm_madd_epi16(t, k->m3);
    const uint64_t m = (uint64_t)(uint32_t)_mm_cvtsi128_si32(t) * 100000000u + (uint32_t)_mm_extract_epi32(t, 1);
    if (__builtin_expect(m > ((uint64_t)1 << 53), 0)) return 0;
    const double x = (double)m / F16_DIV[form];
    *out = neg ? -x : x;
    return 1;
}

/* Field n, [p, fe), as the fast path of rows_next_simd does not take it:
 * a number into out (num_scan's grammar, or a line's last field), else
 * blanks trimmed and listed in other.  0, or -1 out of memory. */
__attribute__((target("avx2"))) static int rows_field(CsvRows *it, size_t n, const char *p, const char *fe,
                                                      size_t *no) {
    if (n >= it->cap && rows_room(it, n) < 0) return -1;
    uint32_t d = n < it->ndst ? it->dst[n] : CSV_TEXT;
    double x;
    const F16K k = f16k();
    if (d != CSV_TEXT && (field16(p, fe, &x, &k) || (num_scan(p, fe, &x) == fe && fe > p))) {
        it->out[d] = x;
        return 0;
    }
    const int tab_blank = it->sep != '\t';
    while (p < fe && (*p == ' ' || (*p == '\t' && tab_blank))) p++;
    while (fe > p && (fe[-1] == ' ' || (fe[-1] == '\t' && tab_blank))) fe--;
    it->f[n] = p;
    it->fl[n] = (size_t)(fe - p);
    it->other[(*no)++] = n;
    return 0;
}

/* A field field16 does not take (17 digits, an exponent…): num_scan's
 * number, kept out of rows_run's loop.  1 with *out, or 0 (out untouched). */
__attribute__((noinline)) static int scan_field(const char *p, const char *fe, double *out) {
    double x;
    if (fe <= p || num_scan(p, fe, &x) != fe) return 0;
    *out = x;
    return 1;
}

/* The usual run of a row: the numeric fields from *n up to nend, each
 * ended by the separator and read by field16 (or num_scan), straight into
 * w[0], w[1]…  Stops at a line end, at a field that is not a number (as
 * rows_field reads it), at the end of the text or at nend, with the state
 * (the field's start, the block, its separator bits) where the general
 * loop goes on.  Apart from rows_next_simd so that its few variables stay
 * in registers.  -1 when a block has a quote, a NUL or a lone CR. */
__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"), noinline)) static int rows_run(
    const char **pp, const char **blkp, uint64_t *stp, size_t *np, size_t nend, double *w,
    const char *text_end, int sep) {
    const char *p = *pp, *blk = *blkp;
    uint64_t st = *stp;
    size_t left = nend - *np;   /* (a count down, not n and nend: a register fewer) */
    int rc = 0;
    const F16K k = f16k();
    while (left) {
        while (!st) {
            if (blk + 64 >= text_end) goto done;
            blk += 64;
            uint64_t nst;   /* (not st: its address taken, it would live in memory) */
            if (block64(blk, (size_t)(text_end - blk), sep, &nst) < 0) { rc = -1; goto done; }
            st = nst;
        }
        const char *q = blk + __builtin_ctzll(st);
        if (*q == '\n') break;
        if (!field16(p, q, w, &k) && !scan_field(p, q, w)) break;
        st &= st - 1;
        w++;
        left--;
        p = q + 1;
    }
done:
    *pp = p;
    *blkp = blk;
    *stp = st;
    *np = nend - left;
    return rc;
}

/* csv_rows_next with the separators found 64 bytes at a time: each
 * field's ends are known before it is read, so the numbers of a row are
 * read independently of one another (the processor overlaps them). */
__attribute__((target("avx2,bmi,bmi2,lzcnt,popcnt"))) static long rows_next_simd(CsvRows *it) {
    const int sep = it->sep;
    const char *const text_end = it->end, *const text0 = it->text0;
    const uint32_t *const dst = it->dst;
    const size_t ndst = it->ndst, run0 = it->run0, run_end = it->run_end, run_out = it->run_out;
    double *const out = it->out;
    /* the state in locals: for the compiler, the stores into fl (size_t)
       could otherwise be it->st (uint64_t) */
    uint64_t st = it->st;
    const char *blk = text0 + it->boff;   /* the current block */
    long lines = 0, ret;
    const F16K k = f16k();
    if (!it->primed) {
        it->primed = 1;
        if (text0 < text_end && block64(text0, (size_t)(text_end - text0), sep, &st) < 0) return -1;
    }
    for (;;) {
        if (it->p >= text_end) { ret = 0; break; }
        const char *p = it->p;
        size_t n = 0, no = 0;
        for (;;) {
            const char *q, *fe;
            int line_end;
            while (!st) {
                blk += 64;
                if (blk >= text_end) {
                    blk -= 64;
                    q = text_end;
                    goto at_end;
                }
                if (block64(blk, (size_t)(text_end - blk), sep, &st) < 0) { ret = -1; goto out; }
            }
            if (run_end && n >= run0 && n < run_end) {   /* the usual row: its run of numbers */
                if (rows_run(&p, &blk, &st, &n, run_end, out + run_out + (n - run0), text_end, sep) < 0) {
                    ret = -1;
                    goto out;
                }
                if (!st) continue;   /* (the end of the text: the block loop above says so) */
            }
            q = blk + __builtin_ctzll(st);
            st &= st - 1;
            if (*q != '\n') {   /* the usual field: a number ended by the separator, straight in */
                double x;
                uint32_t d = !run_end && n < ndst ? dst[n] : CSV_TEXT;   /* (a run's field here: not field16's) */
                if (d != CSV_TEXT && field16(p, q, &x, &k)) {
                    out[d] = x;
                    n++;
                    p = q + 1;
                    continue;
                }
                fe = q;
                line_end = 0;
            } else {
            at_end:
                line_end = 1;
                fe = q;
                if (q < text_end) {
                    lines++;
                    if (fe > p && fe[-1] == '\r') fe--;
                }
            }
            if (rows_field(it, n, p, fe, &no) < 0) { ret = -1; goto out; }
            n++;
            p = q < text_end ? q + 1 : text_end;
            if (line_end) break;
        }
        it->p = p;
        it->nother = no;
        if (n == 1 && no == 1 && it->fl[0] == 0) continue;   /* a blank line: no record */
        ret = (long)n;
        break;
    }
out:
    it->st = st;
    it->boff = (size_t)(blk - text0);
    it->lines += lines;
    return ret;
}
#endif

#define CSV_NUMBER ((size_t)-1)   /* rows_next_portable: fl of a number, in val */

/* The portable path: the fields split 8 bytes at a time, numbers read
 * on the way into val, then given out as rows_next_simd does. */
static long rows_next_portable(CsvRows *it) {
    const int sep = it->sep;
    const int tab_blank = sep != '\t';
    if (it->dst && !it->kind) {
        if (!(it->kind = malloc(it->ndst ? it->ndst : 1))) return -1;
        for (size_t j = 0; j < it->ndst; j++) it->kind[j] = it->dst[j] != CSV_TEXT;
    }
    for (;;) {
        if (it->p >= it->end) return 0;
        const char *p = it->p, *end = it->end;
        size_t n = 0;
        int line_end = 0;
        while (!line_end) {
            if (n >= it->cap && rows_room(it, n) < 0) return -1;
            if (n < it->ndst && it->kind[n]) {   /* a number expected: read it on the way */
                double x;
                const char *q = num_scan(p, end, &x);
                if (q && (q == end || *q == (char)sep || *q == '\n' || (*q == '\r' && q + 1 < end && q[1] == '\n'))) {
                    it->f[n] = p;
                    it->fl[n] = CSV_NUMBER;
                    it->val[n++] = x;
                    if (q == end) line_end = 1;
                    else if (*q == '\n') { line_end = 1; it->lines++; }
                    else if (*q == '\r') { line_end = 1; it->lines++; q++; }
                    p = q < end ? q + 1 : end;
                    continue;
                }
            }
            const char *q = next_special(p, end, sep);
            const char *fe = q;   /* the field's end */
            if (q == end) line_end = 1;
            else if (*q == (char)sep) { /* the field ends here */ }
            else if (*q == '\n') { line_end = 1; it->lines++; }
            else if (*q == '\r' && q + 1 < end && q[1] == '\n') { line_end = 1; it->lines++; q++; }
            else return -1;   /* a quote, a lone CR or a NUL: the record path */
            const char *fs = p;
            while (fs < fe && (*fs == ' ' || (*fs == '\t' && tab_blank))) fs++;
            while (fe > fs && (fe[-1] == ' ' || (fe[-1] == '\t' && tab_blank))) fe--;
            it->f[n] = fs;
            it->fl[n++] = (size_t)(fe - fs);
            p = q < end ? q + 1 : end;
        }
        it->p = p;
        if (n == 1 && it->fl[0] == 0) continue;   /* a blank line: no record (a line of blanks only, as fast_record) */
        size_t no = 0;
        for (size_t j = 0; j < n; j++) {
            if (it->fl[j] == CSV_NUMBER) it->out[it->dst[j]] = it->val[j];
            else it->other[no++] = j;
        }
        it->nother = no;
        return (long)n;
    }
}

long csv_rows_next(CsvRows *it) {
#if defined(__x86_64__) && defined(__GNUC__)
    if (it->simd) return rows_next_simd(it);
#endif
    return rows_next_portable(it);
}
