/* padjust.c — see padjust.h.  Follows R's p.adjust: BH, BY and Hochberg as
 * cumulative minima from the largest p down, Holm as cumulative maxima
 * from the smallest up, every value capped at 1; Hommel by its O(n^2)
 * definition on the sorted p-values.
 *
 * Families run to tens of millions of pairs (a feature × gene map), so the
 * order is found without sorting the whole family: a counting pass puts
 * the positions into buckets by the leading bits of p (a monotone key for
 * p >= 0), and each bucket is sorted on its own while the running minimum
 * or maximum is carried across buckets.  Extra memory: 4 bytes a p-value
 * (8 past 4 billion) plus the largest bucket, and q may overwrite p. */
#include "stats/padjust.h"
#include "stats/sortx.h"
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

typedef struct PIdx {
    double x;       /* p-value */
    size_t i;       /* position */
} PIdx;

/* tied p-values get the same adjusted value whatever their order */
SORT_BY_X(sort_p, PIdx)

/* Bucket keys that order like p for 0 <= p: below 2^-10 the leading bits
 * of the double (exponent first; the sign bit is 0), from 2^-10 up
 * LINEAR buckets per unit of p, where a family's p-values mostly are.
 * p < 0, which a p-value never is, goes to bucket 0. */
#define LOW_BITS 20
static size_t key_of(double p, size_t linear, size_t base) {
    if (!(p > 0)) return 0;
    if (p >= 1.0 / 1024) {   /* p above 1 (or infinite) shares the last bucket */
        double x = (p - 1.0 / 1024) * (double)linear;
        return base + (x < (double)linear ? (size_t)x : linear);
    }
    uint64_t b;
    memcpy(&b, &p, sizeof b);
    return (size_t)(b >> (63 - LOW_BITS));
}

/* The non-missing p-values' positions grouped by bucket (key_of): bucket
 * b's are pos[start[b] .. start[b + 1] − 1], in position order. */
typedef struct Buckets {
    size_t linear, base;    /* key_of's parameters */
    size_t nb;              /* buckets */
    size_t *start;          /* nb + 1 offsets into pos (owned) */
    void *pos;              /* positions: uint32_t, or size_t when wide (owned) */
    int wide;               /* more than 2^32 − 1 p-values */
    size_t big;             /* the largest bucket's size */
    size_t k;               /* p-values present */
} Buckets;

/* Fill *b for p[0..n-1].  0, or -1 out of memory (nothing left allocated). */
static int bucket(const double *p, size_t n, Buckets *b) {
    /* about a p-value a bucket for large families, at most 2^21 + 2^20 */
    b->linear = 1024;
    while (b->linear < ((size_t)1 << 21) && b->linear < n / 8) b->linear *= 2;
    uint64_t b1024;
    double p1024 = 1.0 / 1024;
    memcpy(&b1024, &p1024, sizeof b1024);
    b->base = (size_t)(b1024 >> (63 - LOW_BITS)) + 1;
    b->nb = b->base + b->linear + 1;
    b->start = calloc(b->nb + 1, sizeof *b->start);
    b->wide = n > UINT32_MAX;
    b->pos = malloc((n ? n : 1) * (b->wide ? sizeof(size_t) : sizeof(uint32_t)));
    size_t *fill = malloc(b->nb * sizeof *fill);
    if (!b->start || !b->pos || !fill) { free(b->start); free(b->pos); free(fill); return -1; }
    b->k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i])) { b->start[key_of(p[i], b->linear, b->base) + 1]++; b->k++; }
    for (size_t j = 0; j < b->nb; j++) b->start[j + 1] += b->start[j];
    b->big = 0;
    for (size_t j = 0; j < b->nb; j++)
        if (b->start[j + 1] - b->start[j] > b->big) b->big = b->start[j + 1] - b->start[j];
    memcpy(fill, b->start, b->nb * sizeof *fill);
    for (size_t i = 0; i < n; i++) {
        if (isnan(p[i])) continue;
        size_t at = fill[key_of(p[i], b->linear, b->base)]++;
        if (b->wide) ((size_t *)b->pos)[at] = i;
        else ((uint32_t *)b->pos)[at] = (uint32_t)i;
    }
    free(fill);
    return 0;
}

static int adjust(const double *p, size_t n, size_t family, AdjustMethod m, double *q) {
    Buckets bk;
    if (bucket(p, n, &bk) < 0) return -1;
    size_t *start = bk.start, nb = bk.nb, big = bk.big, k = bk.k;
    void *pos = bk.pos;
    int wide = bk.wide;
    PIdx *v = malloc((big ? big : 1) * sizeof *v);
    if (!v) { free(start); free(pos); return -1; }
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i])) q[i] = NAN;
    if (family < k) family = k;
    double N = (double)family, c = 1;
    if (m == ADJ_BY) {   /* BY: BH times sum(1/(1:n)) */
        c = 0;
        for (size_t j = 1; j <= family; j++) c += 1.0 / (double)j;
    }
    int down = m == ADJ_BH || m == ADJ_BY || m == ADJ_HOCHBERG;   /* from the largest p down */
    double run = down ? INFINITY : 0;
    for (size_t s = 0; s < nb; s++) {
        size_t b = down ? nb - 1 - s : s, lo = start[b], len = start[b + 1] - lo;
        if (!len) continue;
        for (size_t t = 0; t < len; t++) {
            size_t i = wide ? ((size_t *)pos)[lo + t] : ((uint32_t *)pos)[lo + t];
            v[t] = (PIdx){p[i], i};
        }
        sort_p(v, len);
        /* v[t] has rank lo + t + 1 in the family; q may alias p, and every
           p of this bucket is already in v */
        for (size_t u = 0; u < len; u++) {
            size_t t = down ? len - 1 - u : u, j = lo + t;
            double x;
            switch (m) {
            case ADJ_NONE: x = v[t].x; break;
            case ADJ_BONFERRONI: x = fmin(1, v[t].x * N); break;
            case ADJ_HOLM:
                x = fmin(1, (N - (double)j) * v[t].x);
                if (x > run) run = x;
                x = run;
                break;
            case ADJ_HOCHBERG:   /* (m − rank + 1) p, cumulative minimum from the top */
                x = fmin(1, (N - (double)j) * v[t].x);
                if (x < run) run = x;
                x = run;
                break;
            default:
                x = fmin(1, c * N / (double)(j + 1) * v[t].x);
                if (x < run) run = x;
                x = run;
                break;
            }
            q[v[t].i] = x;
        }
    }
    free(v);
    free(start);
    free(pos);
    return 0;
}

static int cmp_pidx(const void *a, const void *b) {
    const PIdx *x = a, *y = b;
    return (x->x > y->x) - (x->x < y->x);
}

/* Hommel (R's p.adjust "hommel"): on the n sorted p-values, for every
 * subfamily size j = n−1..2 the adjusted values
 *   q_i = min(j p_i, min_k j p_(n−j+k) / k)  (i <= n−j+1, k = 2..j),
 * the rest q_(n−j+1); the result is the largest q over j (starting from
 * min_i n p_i / i), and at least p_i. */
static int hommel(const double *p, size_t n, double *out) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += !isnan(p[i]);
    if (k > PADJ_HOMMEL_MAX) return -2;
    PIdx *v = malloc((k ? k : 1) * sizeof *v);
    double *q = malloc((k ? k : 1) * sizeof *q), *pa = malloc((k ? k : 1) * sizeof *pa);
    if (!v || !q || !pa) { free(v); free(q); free(pa); return -1; }
    k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i])) { v[k] = (PIdx){p[i], i}; k++; }
    qsort(v, k, sizeof *v, cmp_pidx);
    double N = (double)k, start = INFINITY;
    for (size_t i = 0; i < k; i++) start = fmin(start, N * v[i].x / (double)(i + 1));
    for (size_t i = 0; i < k; i++) q[i] = pa[i] = start;
    for (size_t j = k - (k > 0); j >= 2; j--) {
        double J = (double)j, q1 = INFINITY;
        for (size_t t = 2; t <= j; t++) q1 = fmin(q1, J * v[k - j + t - 1].x / (double)t);
        for (size_t i = 0; i <= k - j; i++) q[i] = fmin(J * v[i].x, q1);
        for (size_t i = k - j + 1; i < k; i++) q[i] = q[k - j];
        for (size_t i = 0; i < k; i++) pa[i] = fmax(pa[i], q[i]);
    }
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i])) out[i] = NAN;
    for (size_t i = 0; i < k; i++) out[v[i].i] = fmin(1, fmax(pa[i], v[i].x));
    free(v);
    free(q);
    free(pa);
    return 0;
}

int p_adjust(const double *p, size_t n, AdjustMethod m, double *q) {
    if (m == ADJ_HOMMEL) return hommel(p, n, q);
    return adjust(p, n, 0, m, q);
}

int p_adjust_head(const double *p, size_t c, size_t m, AdjustMethod method, double *q) {
    if (method == ADJ_HOMMEL) return -2;
    return adjust(p, c, m, method, q);
}

int p_adjust_family(const double *p, size_t n, AdjustMethod m, double *q, PFamily *c) {
    PFamily f = {0, 0, 0};
    for (size_t i = 0; i < n; i++)   /* before q overwrites p */
        if (!isnan(p[i])) { f.tested++; f.nominal += p[i] < 0.05; }
    int rc = p_adjust(p, n, m, q);
    if (rc < 0) return rc;
    for (size_t i = 0; i < n; i++) f.sig += q[i] < 0.05;
    *c = f;
    return 0;
}
