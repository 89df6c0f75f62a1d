/* padjust.c — see padjust.h.  Follows R's p.adjust: BH and BY as cumulative
 * minima from the largest p down, Holm as cumulative maxima from the
 * smallest up, every value capped at 1. */
#include "stats/padjust.h"
#include <math.h>
#include <stdlib.h>

typedef struct PIdx {
    double p;       /* p-value */
    size_t i;       /* position */
} PIdx;

static int cmp_p(const void *a, const void *b) {
    const PIdx *x = a, *y = b;
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

int p_adjust(const double *p, size_t n, AdjustMethod m, double *q) {
    PIdx *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(p[i])) v[k++] = (PIdx){p[i], i};
    for (size_t i = 0; i < n; i++)
        if (isnan(p[i])) q[i] = NAN;
    qsort(v, k, sizeof *v, cmp_p);
    double N = (double)k;
    if (m == ADJ_NONE) {
        for (size_t j = 0; j < k; j++) q[v[j].i] = v[j].p;
    } else if (m == ADJ_BONFERRONI) {
        for (size_t j = 0; j < k; j++) q[v[j].i] = fmin(1, v[j].p * N);
    } else if (m == ADJ_HOLM) {
        double run = 0;
        for (size_t j = 0; j < k; j++) {
            double x = fmin(1, (N - (double)j) * v[j].p);
            if (x > run) run = x;
            q[v[j].i] = run;
        }
    } else {
        double c = 1;   /* BY: times sum(1/(1:n)) */
        if (m == ADJ_BY) {
            c = 0;
            for (size_t j = 1; j <= k; j++) c += 1.0 / (double)j;
        }
        double run = INFINITY;
        for (size_t j = k; j-- > 0;) {
            double x = fmin(1, c * N / (double)(j + 1) * v[j].p);
            if (x < run) run = x;
            q[v[j].i] = run;
        }
    }
    free(v);
    return 0;
}
