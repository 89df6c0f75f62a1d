/* coxutil.c — the pieces around a Cox fit, declared in cox.h: the rows
 * and terms a fit is given (cox_rows, cox_first_infinite,
 * cox_term_constant), the Wald columns of a fit (cox_wald_terms), cox.zph
 * of a fit with aliased terms (cox_zph_fit) and km's two-group hazard
 * ratio (cox_hazard_ratio).  Built on cox_fit_opts and cox_zph only. */
#include "stats/cox.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t cox_rows(const double *time, const double *event, const double *x, size_t n, size_t p, const size_t *strata,
                const size_t *cluster, unsigned char *use) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(time[i]) && !isnan(event[i]) && (!strata || strata[i] != COX_SKIP) &&
                 (!cluster || cluster[i] != COX_SKIP);
        for (size_t a = 0; a < p && ok; a++) ok = !isnan(x[a * n + i]);
        use[i] = (unsigned char)ok;
        m += (size_t)ok;
    }
    return m;
}

int cox_first_infinite(const double *x, size_t n, size_t p, const unsigned char *use, size_t *term, size_t *row) {
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++)
            if (use[i] && isinf(x[j * n + i])) {
                *term = j;
                *row = i;
                return 1;
            }
    return 0;
}

int cox_term_constant(const double *x, size_t n, size_t j, const unsigned char *use) {
    const double *c = x + j * n;
    size_t first = n;
    for (size_t i = 0; i < n; i++) {
        if (!use[i]) continue;
        if (first == n) first = i;
        else if (c[i] != c[first]) return 0;
    }
    return 1;
}

void cox_wald_terms(const CoxFit *f, double level, double *hr, double *z, double *p, double *lo, double *hi) {
    stats_init();
    double q = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    for (size_t j = 0; j < f->p; j++) {
        double b = f->coef[j], se = f->rse ? f->rse[j] : f->se[j], zj = b / se;
        if (hr) hr[j] = exp(b);
        if (z) z[j] = zj;
        if (p) p[j] = isnan(zj) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(zj));
        if (lo) lo[j] = exp(b - q * se);
        if (hi) hi[j] = exp(b + q * se);
    }
}

int cox_zph_fit(const double *time, const double *event, const double *x, size_t n, const CoxFit *f,
                const CoxOpts *opts, double *chisq, double *df, double *pval) {
    size_t pz = f->df;
    double *zx = malloc((pz ? pz : 1) * (n ? n : 1) * sizeof *zx), *zb = malloc((pz ? pz : 1) * sizeof *zb);
    int rc = -1;
    if (zx && zb) {
        for (size_t j = 0, q = 0; j < f->p; j++) {
            if (f->aliased[j]) continue;
            memcpy(zx + q * n, x + j * n, n * sizeof *zx);
            zb[q++] = f->coef[j];
        }
        rc = cox_zph(time, event, zx, n, pz, zb, opts, chisq, df, pval);
    }
    free(zx);
    free(zb);
    return rc;
}

int cox_hazard_ratio(const double *time, const double *event, const size_t *group, const size_t *strata, size_t n,
                     double level, double hr[3]) {
    return cox_hazard_ratio_ord(time, event, group, strata, n, level, NULL, hr);
}

int cox_hazard_ratio_ord(const double *time, const double *event, const size_t *group, const size_t *strata, size_t n,
                         double level, const size_t *order, double hr[3]) {
    stats_init();
    hr[0] = hr[1] = hr[2] = NAN;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x) return -1;
    for (size_t i = 0; i < n; i++) x[i] = group[i] == 0 ? 0 : group[i] == 1 ? 1 : NAN;
    CoxOpts o = {.ties = TIES_EFRON, .strata = strata, .order = order};
    CoxFit f;
    int rc = cox_fit_opts(time, event, x, n, 1, &o, &f);
    free(x);
    if (rc == -1) return -1;
    if (!f.events) rc = COX_HR_NO_EVENTS;
    else if (f.aliased[0]) rc = COX_HR_NOT_ESTIMABLE;
    else if (f.infinite) rc = COX_HR_INFINITE;
    else if (!f.converged) rc = COX_HR_NO_CONVERGENCE;
    else {
        double zq = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
        hr[0] = exp(f.coef[0]);
        hr[1] = exp(f.coef[0] - zq * f.se[0]);
        hr[2] = exp(f.coef[0] + zq * f.se[0]);
        rc = COX_HR_OK;
    }
    cox_free(&f);
    return rc;
}
