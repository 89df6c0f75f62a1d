/* uniscreen.c — see uniscreen.h. */
#include "stats/uniscreen.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/groups.h"
#include "stats/padjust.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>

int cox_univariate(const double *time, const double *event, const double *x, size_t n, CoxTies ties, CoxUni *u) {
    stats_init();
    memset(u, 0, sizeof *u);
    u->coef = u->se = u->z = u->p = u->sd = u->hr_sd = u->lo_sd = u->hi_sd = NAN;
    /* the rows used and the feature's sd over them */
    double m = 0, ss = 0;
    size_t k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(time[i]) || isnan(event[i]) || isnan(x[i])) continue;
        k++;
        u->events += event[i] != 0;
        double d = x[i] - m;
        m += d / (double)k;
        ss += d * (x[i] - m);
    }
    u->n = k;
    if (k > 1) u->sd = sqrt(ss / (double)(k - 1));
    if (!u->events || !(u->sd > 0) || !isfinite(u->sd)) return 0;
    CoxFit f;
    int rc = cox_fit(time, event, x, n, 1, ties, &f);
    if (rc == -1) return -1;
    if (rc) return 0;   /* an infinite value: not estimable */
    u->converged = f.converged && !f.infinite;
    if (!f.aliased[0]) {
        u->coef = f.coef[0];
        u->se = f.se[0];
        u->z = u->coef / u->se;
        u->p = isnan(u->z) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(u->z));
        double q = gsl_cdf_ugaussian_Qinv(0.025);
        u->hr_sd = exp(u->coef * u->sd);
        u->lo_sd = exp((u->coef - q * u->se) * u->sd);
        u->hi_sd = exp((u->coef + q * u->se) * u->sd);
    }
    cox_free(&f);
    return 0;
}

int screen_pvalues(const double *x, size_t n, size_t p, const double *y, const double *time, const double *event,
                   double *pval, volatile sig_atomic_t *cancel) {
    size_t *g = NULL;
    if (!time) {
        g = malloc((n ? n : 1) * sizeof *g);
        if (!g) return -1;
        for (size_t i = 0; i < n; i++) g[i] = isnan(y[i]) ? GROUP_NONE : y[i] != 0;
    }
    for (size_t j = 0; j < p; j++) {
        if (cancel && *cancel) { free(g); return -2; }
        const double *xj = x + j * n;
        if (!time) {
            pval[j] = test_mwu(xj, g, n).p;
            continue;
        }
        CoxUni u;
        if (cox_univariate(time, event, xj, n, TIES_EFRON, &u) < 0) { free(g); return -1; }
        pval[j] = u.p;
    }
    free(g);
    return 0;
}

typedef struct PCol { double p; size_t j; } PCol;
static int cmp_pcol(const void *a, const void *b) {
    const PCol *x = a, *y = b;
    int nx = isnan(x->p), ny = isnan(y->p);
    if (nx != ny) return nx - ny;
    if (!nx && x->p != y->p) return x->p < y->p ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

long screen_keep(const double *pval, size_t p, double qmax, size_t top, unsigned char *kept) {
    memset(kept, 0, p);
    long nk = 0;
    if (top > 0) {
        PCol *o = malloc((p ? p : 1) * sizeof *o);
        if (!o) return -1;
        for (size_t j = 0; j < p; j++) o[j] = (PCol){pval[j], j};
        qsort(o, p, sizeof *o, cmp_pcol);
        for (size_t k = 0; k < p && k < top && !isnan(o[k].p); k++) {
            kept[o[k].j] = 1;
            nk++;
        }
        free(o);
        return nk;
    }
    double *q = malloc((p ? p : 1) * sizeof *q);
    if (!q) return -1;
    if (p_adjust(pval, p, ADJ_BH, q) < 0) { free(q); return -1; }
    for (size_t j = 0; j < p; j++)
        if (q[j] < qmax) { kept[j] = 1; nk++; }
    free(q);
    return nk;
}
