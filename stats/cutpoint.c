/* cutpoint.c — see cutpoint.h. */
#include "stats/cutpoint.h"
#include "stats/stats.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>

double p_lausen92(double b, double minprop, double maxprop) {
    stats_init();
    if (b < 1) return 1;
    double db = gsl_ran_ugaussian_pdf(b);
    double p = 4 * db / b + db * (b - 1 / b) * log((maxprop * (1 - minprop)) / ((1 - maxprop) * minprop));
    return p > 0 ? (p < 1 ? p : 1) : 0;
}

typedef struct Row {
    double t, e, x, a;  /* time, event, covariate, log-rank score */
} Row;

static int by_time(const void *p, const void *q) {
    const Row *a = p, *b = q;
    return (a->t > b->t) - (a->t < b->t);
}

static int by_x(const void *p, const void *q) {
    const Row *a = p, *b = q;
    return (a->x > b->x) - (a->x < b->x);
}

int cutpoint_logrank(const double *time, const double *event, const double *x, size_t n, double minprop,
                     double maxprop, Cutpoint *c) {
    stats_init();
    c->n = c->ncuts = c->n_low = 0;
    c->cut = c->stat = c->p = NAN;
    Row *r = malloc((n ? n : 1) * sizeof *r);
    if (!r) return -1;
    size_t N = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(time[i]) && !isnan(event[i]) && !isnan(x[i])) r[N++] = (Row){time[i], event[i] != 0, x[i], 0};
    c->n = N;
    /* log-rank scores: a_i = δ_i − Σ_{t_j <= t_i} δ_j / (N − rank_j + 1), ties at their largest rank */
    qsort(r, N, sizeof *r, by_time);
    double cum = 0;
    for (size_t i = 0; i < N;) {
        size_t j = i;
        while (j < N && r[j].t == r[i].t) j++;
        double rank = (double)j;   /* the largest rank of the tie group (1-based) */
        for (size_t q = i; q < j; q++) cum += r[q].e / ((double)N - rank + 1);
        for (size_t q = i; q < j; q++) r[q].a = r[q].e - cum;
        i = j;
    }
    /* the standardised statistic at each cut of the sorted x */
    qsort(r, N, sizeof *r, by_x);
    long double ss = 0, s2 = 0;
    for (size_t i = 0; i < N; i++) { ss += r[i].a; s2 += r[i].a * r[i].a; }
    double lo = floor((double)N * minprop), hi = floor((double)N * maxprop);
    if (lo < 1) lo = 1;
    long double cs = 0;
    double best = -1;
    for (size_t i = 0; i < N; i++) {
        /* m = i: the subjects strictly below the distinct value x[i], i.e. x <= x[i−1] */
        if (i > 0 && r[i].x != r[i - 1].x) {
            double m = (double)i;
            if (m >= lo && m <= hi) {
                double E = m / N * (double)ss;
                double V = m * (N - m) / ((double)N * N * (N - 1)) * (double)(N * s2 - ss * ss);
                double st = V > 0 ? fabs(((double)cs - E) / sqrt(V)) : NAN;
                c->ncuts++;
                if (!isnan(st) && st > best) {   /* the first maximum, as maxstat */
                    best = st;
                    c->cut = r[i - 1].x;
                    c->n_low = i;
                }
            }
        }
        cs += r[i].a;
    }
    free(r);
    if (!c->ncuts) return -2;
    c->stat = best < 0 ? NAN : best;
    c->p = isnan(c->stat) ? NAN : p_lausen92(c->stat, minprop, maxprop);
    return 0;
}

double cutpoint_perm_p(const double *time, const double *event, const double *x, size_t n, double minprop,
                       double stat, size_t B, unsigned long seed, volatile sig_atomic_t *cancel) {
    stats_init();
    /* the subjects used, in their order: time, event, x */
    double *v = malloc((n ? 3 * n : 1) * sizeof *v);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!v || !g) { free(v); if (g) gsl_rng_free(g); return NAN; }
    size_t N = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(time[i]) && !isnan(event[i]) && !isnan(x[i])) {
            v[N] = time[i];
            v[n + N] = event[i];
            v[2 * n + N++] = x[i];
        }
    double *tm = v, *ev = v + n, *px = v + 2 * n;
    gsl_rng_set(g, seed);
    size_t hits = 0, done = 0;
    for (size_t b = 0; b < B; b++) {
        if (cancel && *cancel) break;
        for (size_t i = N; i > 1; i--) {   /* Fisher–Yates */
            size_t j = (size_t)gsl_rng_uniform_int(g, i);
            double tmp = px[i - 1]; px[i - 1] = px[j]; px[j] = tmp;
        }
        Cutpoint c;
        if (cutpoint_logrank(tm, ev, px, N, minprop, 1 - minprop, &c) == 0 && !isnan(c.stat))
            hits += c.stat >= stat * (1 - 1e-12);
        done++;
    }
    free(v);
    gsl_rng_free(g);
    return done == B ? (1.0 + (double)hits) / ((double)B + 1.0) : NAN;
}
