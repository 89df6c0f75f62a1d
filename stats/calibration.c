/* calibration.c — see calibration.h. */
#include "stats/calibration.h"
#include "stats/logistic.h"
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
