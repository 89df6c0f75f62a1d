/* calibration.c — see calibration.h. */
#include "stats/calibration.h"
#include "stats/logistic.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

int calibration_logistic(const double *y, const double *lp, size_t n, CalibLogistic *c) {
    memset(c, 0, sizeof *c);
    c->slope = c->slope_se = c->intercept = c->intercept_se = c->brier = NAN;
    double *yy = malloc((n ? n : 1) * sizeof *yy), *xx = malloc((n ? n : 1) * sizeof *xx);
    if (!yy || !xx) { free(yy); free(xx); return -1; }
    size_t m = 0;
    double b = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(y[i]) || isnan(lp[i])) continue;
        if (y[i] != 0 && y[i] != 1) { free(yy); free(xx); return -3; }
        yy[m] = y[i];
        xx[m] = lp[i];
        double p = 1 / (1 + exp(-lp[i]));
        b += (y[i] - p) * (y[i] - p);
        m++;
    }
    int rc = -3;
    if (m == 0) goto out;
    c->n = m;
    c->brier = b / (double)m;
    LogitFit f;
    rc = logistic_fit(yy, xx, m, 1, NULL, 1, &f);
    if (rc) goto out;
    c->slope = f.coef[1];
    c->slope_se = f.se[1];
    c->converged = f.converged;
    logistic_free(&f);
    rc = logistic_fit(yy, NULL, m, 0, xx, 1, &f);
    if (rc) goto out;
    c->intercept = f.coef[0];
    c->intercept_se = f.se[0];
    c->converged &= f.converged;
    logistic_free(&f);
out:
    free(yy);
    free(xx);
    return rc;
}

typedef struct Obs { double t, e, x; } Obs;

static int cmp_time_desc(const void *a, const void *b) {
    const Obs *p = a, *q = b;
    return (p->t < q->t) - (p->t > q->t);
}

/* Efron log partial likelihood of beta·x with its first and second
 * derivatives; s sorted by decreasing time, x centred. */
static double efron(const Obs *s, size_t m, double beta, double *u, double *info) {
    double ll = 0, s0 = 0, s1 = 0, s2 = 0;
    *u = *info = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double d = 0, d0 = 0, d1 = 0, d2 = 0;
        for (; j < m && s[j].t == s[i].t; j++) {
            double r = exp(beta * s[j].x);
            s0 += r;
            s1 += r * s[j].x;
            s2 += r * s[j].x * s[j].x;
            if (s[j].e) {
                d++;
                d0 += r;
                d1 += r * s[j].x;
                d2 += r * s[j].x * s[j].x;
                ll += beta * s[j].x;
                *u += s[j].x;
            }
        }
        for (double k = 0; k < d; k++) {
            double phi = d > 1 ? k / d : 0, den = s0 - phi * d0;
            double a1 = (s1 - phi * d1) / den, a2 = (s2 - phi * d2) / den;
            ll -= log(den);
            *u -= a1;
            *info += a2 - a1 * a1;
        }
        i = j;
    }
    return ll;
}

int calibration_cox(const double *time, const double *event, const double *lp, size_t n, CalibCox *c) {
    memset(c, 0, sizeof *c);
    c->slope = c->slope_se = NAN;
    Obs *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return -1;
    size_t m = 0;
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(time[i]) || isnan(event[i]) || isnan(lp[i])) continue;
        s[m++] = (Obs){time[i], event[i] != 0, lp[i]};
        mean += lp[i];
        c->events += event[i] != 0;
    }
    c->n = m;
    if (m == 0 || c->events == 0) { free(s); return -3; }
    mean /= (double)m;
    double spread = 0;
    for (size_t i = 0; i < m; i++) {
        s[i].x -= mean;   /* centred, as coxph: the same estimate, less cancellation */
        spread += fabs(s[i].x);
    }
    if (spread == 0) { free(s); return 0; }   /* constant score: no slope */
    qsort(s, m, sizeof *s, cmp_time_desc);
    /* Newton–Raphson from 0 with step halving, coxph's convergence test */
    double beta = 0, u, info, ll = efron(s, m, beta, &u, &info), old = 0;
    int halving = 0;
    for (c->iter = 1; c->iter <= 20; c->iter++) {
        if (!halving) {
            if (!(info > 0)) break;
            old = beta;
            beta += u / info;
        }
        double nu, ni, nl = efron(s, m, beta, &nu, &ni);
        if (!isfinite(nl) || nl < ll) {
            beta = (beta + old) / 2;
            halving = 1;
            continue;
        }
        halving = 0;
        int done = fabs(1 - ll / nl) <= 1e-9;
        ll = nl;
        u = nu;
        info = ni;
        if (done) { c->converged = 1; break; }
    }
    if (c->iter > 20) c->iter = 20;
    efron(s, m, beta, &u, &info);
    c->slope = beta;
    c->slope_se = info > 0 ? 1 / sqrt(info) : NAN;
    free(s);
    return 0;
}

typedef struct PY { double p, y; size_t i; } PY;
static int cmp_py(const void *a, const void *b) {
    const PY *x = a, *y = b;
    if (x->p != y->p) return x->p < y->p ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* R's binom.test interval: qbeta(a/2, k, n − k + 1), qbeta(1 − a/2, k + 1, n − k). */
static void clopper_pearson(size_t k, size_t n, double *lo, double *hi) {
    double a = 0.05;
    *lo = k == 0 ? 0 : gsl_cdf_beta_Pinv(a / 2, (double)k, (double)(n - k + 1));
    *hi = k == n ? 1 : gsl_cdf_beta_Pinv(1 - a / 2, (double)(k + 1), (double)(n - k));
}

long calibration_bins(const double *y, const double *p, size_t n, size_t groups, CalBin *b) {
    stats_init();
    PY *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(y[i]) && !isnan(p[i])) v[m++] = (PY){p[i], y[i], i};
    qsort(v, m, sizeof *v, cmp_py);
    size_t G = groups < m ? groups : m;
    for (size_t g = 0; g < G; g++) {
        size_t a = g * m / G, e = (g + 1) * m / G;
        CalBin c = {0};
        double sp = 0;
        for (size_t k = a; k < e; k++) {
            c.n++;
            c.events += v[k].y == 1;
            sp += v[k].p;
        }
        c.pred = sp / (double)c.n;
        c.obs = (double)c.events / (double)c.n;
        clopper_pearson(c.events, c.n, &c.lo, &c.hi);
        b[g] = c;
    }
    free(v);
    return (long)G;
}

void decision_curve(const double *y, const double *p, size_t n, const double *pt, size_t npt, double *nb_model,
                    double *nb_all) {
    size_t m = 0, pos = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(y[i]) && !isnan(p[i])) { m++; pos += y[i] == 1; }
    for (size_t k = 0; k < npt; k++) {
        nb_model[k] = nb_all[k] = NAN;
        if (!m) continue;
        double w = pt[k] / (1 - pt[k]), tp = 0, fp = 0, prev = (double)pos / (double)m;
        for (size_t i = 0; i < n; i++) {
            if (isnan(y[i]) || isnan(p[i]) || !(p[i] >= pt[k])) continue;
            if (y[i] == 1) tp++;
            else fp++;
        }
        nb_model[k] = tp / (double)m - fp / (double)m * w;
        nb_all[k] = prev - (1 - prev) * w;
    }
}
