/* contingency.c — see contingency.h. */
#include "stats/contingency.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* Drop empty rows and columns; returns the new r, c in *nr, *nc and a malloc'd table. */
static double *compact(const double *x, size_t r, size_t c, size_t *nr, size_t *nc) {
    double *rs = calloc(r ? r : 1, sizeof *rs), *cs = calloc(c ? c : 1, sizeof *cs);
    double *o = malloc((r && c ? r * c : 1) * sizeof *o);
    if (!rs || !cs || !o) { free(rs); free(cs); free(o); return NULL; }
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) { rs[i] += x[i * c + j]; cs[j] += x[i * c + j]; }
    size_t a = 0, b = 0;
    for (size_t j = 0; j < c; j++) b += cs[j] > 0;
    for (size_t i = 0; i < r; i++) {
        if (rs[i] <= 0) continue;
        size_t q = 0;
        for (size_t j = 0; j < c; j++)
            if (cs[j] > 0) o[a * b + q++] = x[i * c + j];
        a++;
    }
    *nr = a;
    *nc = b;
    free(rs);
    free(cs);
    return o;
}

CtResult ct_chisq(const double *counts, size_t r0, size_t c0) {
    stats_init();
    CtResult res = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    size_t r, c;
    double *x = compact(counts, r0, c0, &r, &c);
    if (!x) return res;
    if (r < 2 || c < 2) { free(x); return res; }
    if (r == 2 && c == 2) ct_or_mle(x[0], x[1], x[2], x[3], 0.95, &res.or_mle, &res.or_low, &res.or_high);
    double *rs = calloc(r, sizeof *rs), *cs = calloc(c, sizeof *cs), n = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) { rs[i] += x[i * c + j]; cs[j] += x[i * c + j]; n += x[i * c + j]; }
    double stat = 0, minE = INFINITY;
    int yates = r == 2 && c == 2;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            double E = rs[i] * cs[j] / n, d = fabs(x[i * c + j] - E);
            if (E < minE) minE = E;
            if (yates) d -= fmin(0.5, d);
            stat += d * d / E;
        }
    res.stat = stat;
    res.df = (double)((r - 1) * (c - 1));
    res.p = gsl_cdf_chisq_Q(stat, res.df);
    res.min_expected = minE;
    free(rs);
    free(cs);
    free(x);
    return res;
}

/* The noncentral hypergeometric distribution of the first cell of a 2 × 2
 * table given its margins (fisher.test's dnhyper): support lo..hi, log
 * weights logdc; at log odds ratio u, the mean, or P(A >= a) (tail > 0),
 * or P(A <= a) (tail < 0). */
typedef struct NHyper {
    long lo, hi;        /* support */
    double *logdc;      /* log of choose(m, k) choose(n, t − k), k = lo..hi */
} NHyper;

static double nh_eval(const NHyper *h, double u, long a, int tail) {
    double mx = -INFINITY;
    for (long k = h->lo; k <= h->hi; k++) mx = fmax(mx, h->logdc[k - h->lo] + (double)k * u);
    double tot = 0, num = 0;
    for (long k = h->lo; k <= h->hi; k++) {
        double w = exp(h->logdc[k - h->lo] + (double)k * u - mx);
        tot += w;
        if (tail == 0) num += (double)k * w;
        else if (tail > 0 ? k >= a : k <= a) num += w;
    }
    return num / tot;
}

/* The u where nh_eval(u) = target, for f increasing (dir > 0) or
 * decreasing in u: a bracket by doubling, then bisection to 1e-13. */
static double nh_solve(const NHyper *h, long a, int tail, double target, int dir) {
    double l = -1, r = 1;
    for (int i = 0; i < 60 && dir * (nh_eval(h, l, a, tail) - target) > 0; i++) l *= 2;
    for (int i = 0; i < 60 && dir * (nh_eval(h, r, a, tail) - target) < 0; i++) r *= 2;
    for (int i = 0; i < 200 && r - l > 1e-13 * fmax(1, fabs(l) + fabs(r)); i++) {
        double mid = (l + r) / 2;
        if (dir * (nh_eval(h, mid, a, tail) - target) < 0) l = mid;
        else r = mid;
    }
    return (l + r) / 2;
}

void ct_or_mle(double a0, double b0, double c0, double d0, double level, double *est, double *lo, double *hi) {
    stats_init();
    long a = (long)a0, m = (long)(a0 + c0), n = (long)(b0 + d0), t = (long)(a0 + b0);
    NHyper h = {t - n > 0 ? t - n : 0, t < m ? t : m, NULL};
    *est = *lo = *hi = NAN;
    h.logdc = malloc((size_t)(h.hi - h.lo + 1) * sizeof *h.logdc);
    if (!h.logdc) return;
    for (long k = h.lo; k <= h.hi; k++)
        h.logdc[k - h.lo] = gsl_sf_lnchoose((unsigned)m, (unsigned)k) + gsl_sf_lnchoose((unsigned)n, (unsigned)(t - k));
    double alpha = (1 - level) / 2;
    if (h.lo == h.hi) { free(h.logdc); return; }   /* one table only: nothing to estimate */
    *est = a == h.lo ? 0 : a == h.hi ? INFINITY : exp(nh_solve(&h, a, 0, (double)a, 1));
    *lo = a == h.lo ? 0 : exp(nh_solve(&h, a, 1, alpha, 1));
    *hi = a == h.hi ? INFINITY : exp(nh_solve(&h, a, -1, alpha, -1));
    free(h.logdc);
}

/* log of the probability of a table given its margins (up to a constant): −Σ log x! */
static double table_stat(const double *x, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s -= gsl_sf_lnfact((unsigned)x[i]);
    return s;
}

CtResult ct_fisher(const double *counts, size_t r0, size_t c0, size_t B, unsigned long seed) {
    stats_init();
    CtResult res = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    size_t r, c;
    double *x = compact(counts, r0, c0, &r, &c);
    if (!x) return res;
    if (r < 2 || c < 2) { free(x); return res; }
    if (r == 2 && c == 2) {
        ct_or_mle(x[0], x[1], x[2], x[3], 0.95, &res.or_mle, &res.or_low, &res.or_high);
        /* exact: hypergeometric over the first cell, two-sided as fisher.test */
        unsigned a = (unsigned)x[0], m = (unsigned)(x[0] + x[2]), nn = (unsigned)(x[1] + x[3]), k = (unsigned)(x[0] + x[1]);
        unsigned lo = k > nn ? k - nn : 0, hi = k < m ? k : m;
        double pobs = gsl_ran_hypergeometric_pdf(a, m, nn, k), p = 0;
        for (unsigned v = lo; v <= hi; v++) {
            double d = gsl_ran_hypergeometric_pdf(v, m, nn, k);
            if (d <= pobs * (1 + 1e-7)) p += d;
        }
        res.p = p > 1 ? 1 : p;
        res.stat = (x[1] * x[2]) > 0 ? (x[0] * x[3]) / (x[1] * x[2]) : INFINITY;   /* sample odds ratio */
        free(x);
        return res;
    }
    /* r × c: tables with the same margins by Patefield's algorithm (GSL's
       multivariate hypergeometric, column by column); p as fisher.test's
       simulation: (1 + #{stat <= observed}) / (B + 1) */
    double *rs = calloc(r, sizeof *rs), *cs = calloc(c, sizeof *cs), *sim = malloc(r * c * sizeof *sim);
    unsigned *left = malloc(r * sizeof *left), *draw = malloc(r * sizeof *draw);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rs || !cs || !sim || !left || !draw || !g) goto out;
    gsl_rng_set(g, seed);
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) { rs[i] += x[i * c + j]; cs[j] += x[i * c + j]; }
    double obs = table_stat(x, r * c), almost1 = 1 + 64 * 2.220446e-16;
    size_t hits = 0;
    for (size_t b = 0; b < B; b++) {
        for (size_t i = 0; i < r; i++) left[i] = (unsigned)rs[i];
        for (size_t j = 0; j < c; j++) {
            if (j + 1 == c) {
                for (size_t i = 0; i < r; i++) sim[i * c + j] = left[i];
                break;
            }
            /* draw cs[j] balls from urns of sizes left[] without replacement */
            unsigned need = (unsigned)cs[j], total = 0;
            for (size_t i = 0; i < r; i++) total += left[i];
            for (size_t i = 0; i < r; i++) {
                unsigned rest = total - left[i];
                unsigned d = need ? gsl_ran_hypergeometric(g, left[i], rest, need) : 0;
                draw[i] = d;
                need -= d;
                total = rest;
            }
            for (size_t i = 0; i < r; i++) { sim[i * c + j] = draw[i]; left[i] -= draw[i]; }
        }
        hits += table_stat(sim, r * c) <= obs / almost1;
    }
    res.p = (1.0 + (double)hits) / ((double)B + 1.0);
out:
    if (g) gsl_rng_free(g);
    free(rs);
    free(cs);
    free(sim);
    free(left);
    free(draw);
    free(x);
    return res;
}

size_t ct_tabulate(const size_t *a, size_t r, const size_t *b, size_t c, size_t n, int margins, double *counts) {
    size_t w = margins ? c + 1 : c, used = 0;
    memset(counts, 0, (margins ? (r + 1) * (c + 1) : r * c) * sizeof *counts);
    for (size_t i = 0; i < n; i++) {
        if (a[i] >= r || b[i] >= c) continue;   /* CT_NONE is the largest size_t */
        counts[a[i] * w + b[i]]++;
        used++;
        if (!margins) continue;
        counts[a[i] * w + c]++;
        counts[r * w + b[i]]++;
        counts[r * w + c]++;
    }
    return used;
}

void ct_occupied(const double *counts, size_t r, size_t c, unsigned char *rkeep, unsigned char *ckeep, size_t *nr,
                 size_t *nc) {
    size_t a = 0, b = 0;
    for (size_t i = 0; i < r; i++) {
        int any = 0;
        for (size_t j = 0; j < c && !any; j++) any = counts[i * c + j] > 0;
        if (rkeep) rkeep[i] = (unsigned char)any;
        a += (size_t)any;
    }
    for (size_t j = 0; j < c; j++) {
        int any = 0;
        for (size_t i = 0; i < r && !any; i++) any = counts[i * c + j] > 0;
        if (ckeep) ckeep[j] = (unsigned char)any;
        b += (size_t)any;
    }
    if (nr) *nr = a;
    if (nc) *nc = b;
}

CtResult ct_groups(const size_t *a, size_t r, const size_t *b, size_t c, size_t n, CtTest test, size_t B,
                   unsigned long seed, size_t *used, int *fisher, unsigned char *rkeep, unsigned char *ckeep) {
    CtResult res = {NAN, NAN, NAN, NAN, NAN, NAN, NAN};
    if (rkeep) memset(rkeep, 1, r);
    if (ckeep) memset(ckeep, 1, c);
    *fisher = test == CT_FISHER;
    *used = 0;
    double *ct = malloc((r && c ? r * c : 1) * sizeof *ct);
    if (!ct) return res;
    *used = ct_tabulate(a, r, b, c, n, 0, ct);
    size_t nr, nc;   /* the table's shape once the empty levels are dropped (as compact() does) */
    ct_occupied(ct, r, c, rkeep, ckeep, &nr, &nc);
    if (test == CT_AUTO) *fisher = nr == 2 && nc == 2;
    res = *fisher ? ct_fisher(ct, r, c, B, seed) : ct_chisq(ct, r, c);
    free(ct);
    return res;
}
