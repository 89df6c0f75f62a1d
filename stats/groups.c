/* groups.c — see groups.h. */
#include "stats/groups.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include "stats/transform.h"

/* The usable values: x and g where both are present. */
static size_t gather(const double *x, const size_t *g, size_t n, size_t k, double *v, size_t *gg) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] != GROUP_NONE && g[i] < k) { v[m] = x[i]; gg[m++] = g[i]; }
    return m;
}

/* Σ (t³ − t) over groups of tied values of v[0..m-1] (ranks in r). */
static double tie_sum(const double *r, size_t m) {
    double *s = malloc((m ? m : 1) * sizeof *s);
    if (!s) return NAN;
    for (size_t i = 0; i < m; i++) s[i] = r[i];
    /* ranks of tied values are equal: count equal ranks after sorting */
    for (size_t i = 1; i < m; i++) {
        double key = s[i];
        size_t j = i;
        while (j > 0 && s[j - 1] > key) { s[j] = s[j - 1]; j--; }
        s[j] = key;
    }
    double t3 = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        while (j + 1 < m && s[j + 1] == s[i]) j++;
        double t = (double)(j - i + 1);
        t3 += t * t * t - t;
        i = j + 1;
    }
    free(s);
    return t3;
}

GroupTest test_mwu(const double *x, const size_t *g, size_t n) {
    stats_init();
    GroupTest t = {0, NAN, NAN, NAN, NAN};
    double *v = calloc(n ? n : 1, sizeof *v), *r = malloc((n ? n : 1) * sizeof *r);
    size_t *gg = malloc((n ? n : 1) * sizeof *gg);
    if (!v || !r || !gg) goto out;
    size_t m = gather(x, g, n, 2, v, gg);
    t.n = m;
    double n1 = 0, n2 = 0, r1 = 0;
    if (rank_average(v, m, r) < 0) goto out;
    for (size_t i = 0; i < m; i++) {
        if (gg[i] == 0) { n1++; r1 += r[i]; }
        else n2++;
    }
    if (n1 == 0 || n2 == 0) goto out;
    double W = r1 - n1 * (n1 + 1) / 2;
    t.stat = W;
    t.auc = (n1 * n2 - W) / (n1 * n2);
    double N = n1 + n2, ties = tie_sum(r, m);
    double sigma = sqrt((n1 * n2 / 12) * ((N + 1) - ties / (N * (N - 1))));
    double z = W - n1 * n2 / 2;
    if (sigma > 0) {
        double corr = z > 0 ? 0.5 : z < 0 ? -0.5 : 0;
        z = (z - corr) / sigma;
        t.p = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
        if (t.p > 1) t.p = 1;
    }
out:
    free(v);
    free(r);
    free(gg);
    return t;
}

GroupTest test_welch(const double *x, const size_t *g, size_t n) {
    stats_init();
    GroupTest t = {0, NAN, NAN, NAN, NAN};
    long double s[2] = {0}, c[2] = {0};
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < 2) { s[g[i]] += x[i]; c[g[i]]++; t.n++; }
    if (c[0] < 2 || c[1] < 2) return t;
    long double m[2] = {s[0] / c[0], s[1] / c[1]}, ss[2] = {0};
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < 2) ss[g[i]] += (x[i] - m[g[i]]) * (x[i] - m[g[i]]);
    double v0 = (double)(ss[0] / (c[0] - 1)), v1 = (double)(ss[1] / (c[1] - 1));
    double se0 = v0 / (double)c[0], se1 = v1 / (double)c[1], se = sqrt(se0 + se1);
    if (!(se > 0)) return t;
    t.stat = (double)(m[0] - m[1]) / se;
    t.df = (se0 + se1) * (se0 + se1) / (se0 * se0 / (double)(c[0] - 1) + se1 * se1 / (double)(c[1] - 1));
    t.p = 2 * gsl_cdf_tdist_Q(fabs(t.stat), t.df);
    return t;
}

GroupTest test_student(const double *x, const size_t *g, size_t n) {
    stats_init();
    GroupTest t = {0, NAN, NAN, NAN, NAN};
    long double s[2] = {0}, c[2] = {0};
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < 2) { s[g[i]] += x[i]; c[g[i]]++; t.n++; }
    if (c[0] < 1 || c[1] < 1 || c[0] + c[1] < 3) return t;
    long double m[2] = {s[0] / c[0], s[1] / c[1]}, ss = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < 2) ss += (x[i] - m[g[i]]) * (x[i] - m[g[i]]);
    double df = (double)(c[0] + c[1] - 2), v = (double)ss / df;
    double se = sqrt(v * (1 / (double)c[0] + 1 / (double)c[1]));
    if (!(se > 0)) return t;
    t.stat = (double)(m[0] - m[1]) / se;
    t.df = df;
    t.p = 2 * gsl_cdf_tdist_Q(fabs(t.stat), t.df);
    return t;
}

GroupTest test_kruskal(const double *x, const size_t *g, size_t n, size_t k) {
    stats_init();
    GroupTest t = {0, NAN, NAN, NAN, NAN};
    double *v = calloc(n ? n : 1, sizeof *v), *r = malloc((n ? n : 1) * sizeof *r);
    size_t *gg = malloc((n ? n : 1) * sizeof *gg);
    double *rs = calloc(k ? k : 1, sizeof *rs), *cnt = calloc(k ? k : 1, sizeof *cnt);
    if (!v || !r || !gg || !rs || !cnt) goto out;
    size_t m = gather(x, g, n, k, v, gg);
    t.n = m;
    if (rank_average(v, m, r) < 0) goto out;
    for (size_t i = 0; i < m; i++) { rs[gg[i]] += r[i]; cnt[gg[i]]++; }
    size_t used = 0;
    double h = 0;
    for (size_t j = 0; j < k; j++)
        if (cnt[j] > 0) { h += rs[j] * rs[j] / cnt[j]; used++; }
    if (used < 2) goto out;
    double N = (double)m;
    double denom = 1 - tie_sum(r, m) / (N * N * N - N);
    if (!(denom > 0)) goto out;
    t.stat = (12 * h / (N * (N + 1)) - 3 * (N + 1)) / denom;
    t.df = (double)(used - 1);
    t.p = gsl_cdf_chisq_Q(t.stat, t.df);
out:
    free(v);
    free(r);
    free(gg);
    free(rs);
    free(cnt);
    return t;
}

GroupTest test_anova(const double *x, const size_t *g, size_t n, size_t k) {
    stats_init();
    GroupTest t = {0, NAN, NAN, NAN, NAN};
    long double *s = calloc(k ? k : 1, sizeof *s), *c = calloc(k ? k : 1, sizeof *c);
    if (!s || !c) { free(s); free(c); return t; }
    long double tot = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < k) { s[g[i]] += x[i]; c[g[i]]++; tot += x[i]; t.n++; }
    size_t used = 0;
    for (size_t j = 0; j < k; j++) used += c[j] > 0;
    if (used < 2 || t.n <= used) { free(s); free(c); return t; }
    long double grand = tot / t.n, ssb = 0, ssw = 0;
    for (size_t j = 0; j < k; j++)
        if (c[j] > 0) { long double mj = s[j] / c[j]; ssb += c[j] * (mj - grand) * (mj - grand); }
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && g[i] < k) { long double d = x[i] - s[g[i]] / c[g[i]]; ssw += d * d; }
    double df1 = (double)(used - 1), df2 = (double)(t.n - used);
    if (ssw > 0) {
        t.stat = (double)((ssb / df1) / (ssw / df2));
        t.df = df1;
        t.p = gsl_cdf_fdist_Q(t.stat, df1, df2);
    }
    free(s);
    free(c);
    return t;
}

GroupTest group_test(GroupTestKind kind, const double *x, const size_t *g, size_t n, size_t k) {
    switch (kind) {
    case GROUP_MWU: return test_mwu(x, g, n);
    case GROUP_WELCH: return test_welch(x, g, n);
    case GROUP_STUDENT: return test_student(x, g, n);
    case GROUP_KRUSKAL: return test_kruskal(x, g, n, k);
    default: return test_anova(x, g, n, k);
    }
}

size_t group_sizes(const size_t *g, size_t n, size_t k, size_t *count) {
    size_t none = 0;
    for (size_t j = 0; j < k; j++) count[j] = 0;
    for (size_t i = 0; i < n; i++) {
        if (g[i] == GROUP_NONE) none++;
        else if (g[i] < k) count[g[i]]++;
    }
    return none;
}
