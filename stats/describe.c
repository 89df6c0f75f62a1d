/* describe.c — see describe.h. */
#include "stats/describe.h"
#include <math.h>
#include <stdlib.h>

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double quantile_sorted(const double *s, size_t n, double p) {
    double h = (double)(n - 1) * p;
    size_t lo = (size_t)floor(h);
    double frac = h - (double)lo;
    if (lo + 1 >= n) return s[n - 1];
    /* R's quantile(type = 7) exactly: (1 - h) x[lo] + h x[hi] where they
       differ, so that infinite values give -Inf/Inf rather than NaN */
    return frac == 0 || s[lo + 1] == s[lo] ? s[lo] : (1 - frac) * s[lo] + frac * s[lo + 1];
}

void mean_var(const double *x, size_t n, double *mean, double *var, size_t *used) {
    long double sum = 0;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) { sum += x[i]; m++; }
    *used = m;
    if (!m) { *mean = *var = NAN; return; }
    long double mu = sum / m, corr = 0, ss = 0;
    if (isfinite((double)mu)) {
        for (size_t i = 0; i < n; i++)
            if (!isnan(x[i])) corr += x[i] - mu;
        mu += corr / m;
    }
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) ss += (x[i] - mu) * (x[i] - mu);
    *mean = (double)mu;
    *var = m > 1 ? (double)(ss / (m - 1)) : NAN;
}

int summary_compute(const double *x, size_t n, Summary *s) {
    mean_var(x, n, &s->mean, &s->var, &s->n);
    s->missing = n - s->n;
    s->sd = sqrt(s->var);
    s->min = s->q1 = s->median = s->q3 = s->max = NAN;
    if (!s->n) return 0;
    double *v = malloc(s->n * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) v[m++] = x[i];
    qsort(v, m, sizeof *v, cmp_double);
    s->min = v[0];
    s->max = v[m - 1];
    s->q1 = quantile_sorted(v, m, 0.25);
    s->median = quantile_sorted(v, m, 0.5);
    s->q3 = quantile_sorted(v, m, 0.75);
    free(v);
    return 0;
}
