/* transform.c — see transform.h. */
#include "stats/transform.h"
#include <math.h>
#include <stdlib.h>
#include "stats/describe.h"
#include "stats/sortx.h"

typedef struct Pair {
    double x;       /* value */
    size_t i;       /* its position */
} Pair;

SORT_BY_X(sort_pairs, Pair)

int rank_average(const double *x, size_t n, double *out) {
    Pair *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) p[m++] = (Pair){x[i], i};
    for (size_t i = 0; i < n; i++)
        if (isnan(x[i])) out[i] = NAN;
    sort_pairs(p, m);   /* ties share their average rank, so their order is irrelevant */
    for (size_t a = 0; a < m;) {
        size_t b = a;
        while (b + 1 < m && p[b + 1].x == p[a].x) b++;
        double r = (double)(a + b) / 2 + 1;   /* average of ranks a+1..b+1 */
        for (size_t k = a; k <= b; k++) out[p[k].i] = r;
        a = b + 1;
    }
    free(p);
    return 0;
}

size_t zscore(double *x, size_t n) {
    double mean, var;
    size_t m;
    mean_var(x, n, &mean, &var, &m);
    double sd = sqrt(var);
    int flat = m < 2 || !(sd > 0);
    for (size_t i = 0; i < n; i++) x[i] = (flat || isnan(x[i])) ? NAN : (x[i] - mean) / sd;
    return flat ? 0 : m;
}

size_t log2p1(double *x, size_t n) {
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) continue;
        if (x[i] < -1) { x[i] = NAN; bad++; }
        else x[i] = log2(x[i] + 1);
    }
    return bad;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double mad(const double *x, size_t n) {
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return NAN;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) v[m++] = x[i];
    if (!m) { free(v); return NAN; }
    qsort(v, m, sizeof *v, cmp_double);
    double med = quantile_sorted(v, m, 0.5);
    for (size_t i = 0; i < m; i++) v[i] = fabs(v[i] - med);
    qsort(v, m, sizeof *v, cmp_double);
    double r = 1.4826 * quantile_sorted(v, m, 0.5);
    free(v);
    return r;
}

int spread_drop(const double *x, size_t n, double maxmissing, int dropconstant) {
    double mean, var;
    size_t used;
    mean_var(x, n, &mean, &var, &used);
    double miss = n ? 1 - (double)used / (double)n : 0;
    if (miss > maxmissing) return SPREAD_MISSING;
    if (dropconstant && !(var > 0)) return SPREAD_CONSTANT;
    return SPREAD_KEEP;
}

typedef struct Scored {
    double score;   /* variance or MAD (-1 for none) */
    size_t k;       /* the column's position */
} Scored;

static int cmp_scored(const void *a, const void *b) {
    const Scored *x = a, *y = b;
    if (x->score != y->score) return x->score < y->score ? 1 : -1;   /* largest first */
    return (x->k > y->k) - (x->k < y->k);                            /* then column order */
}

size_t spread_top(const double *const *cols, size_t ncols, size_t n, int by_mad, size_t top, unsigned char *keep) {
    Scored *sc = malloc((ncols ? ncols : 1) * sizeof *sc);
    if (!sc) return (size_t)-1;
    for (size_t k = 0; k < ncols; k++) {
        double score;
        if (by_mad) score = mad(cols[k], n);
        else { double mean; size_t used; mean_var(cols[k], n, &mean, &score, &used); }
        sc[k] = (Scored){isnan(score) ? -1 : score, k};
    }
    qsort(sc, ncols, sizeof *sc, cmp_scored);
    size_t m = top < ncols ? top : ncols;
    for (size_t k = 0; k < ncols; k++) keep[k] = 0;
    for (size_t i = 0; i < m; i++) keep[sc[i].k] = 1;
    free(sc);
    return m;
}
