/* survival.c — see survival.h. */
#include "stats/survival.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stats/cox.h"
#include "stats/describe.h"
#include "stats/ldl.h"

/* A double's bits as an unsigned key in the same order (−0 as +0). */
static uint64_t time_key(double t) {
    uint64_t u;
    t += 0.0;
    memcpy(&u, &t, sizeof u);
    return u >> 63 ? ~u : u | ((uint64_t)1 << 63);
}

typedef struct KeyRow {
    uint64_t k;     /* time_key */
    size_t r;       /* row */
} KeyRow;

int surv_sort_rows(const double *time, size_t *rows, size_t m) {
    if (m < 2) return 0;
    if (m <= 32) {   /* insertion sort: stable */
        for (size_t i = 1; i < m; i++) {
            size_t r = rows[i], j = i;
            while (j > 0 && time[rows[j - 1]] + 0.0 > time[r] + 0.0) { rows[j] = rows[j - 1]; j--; }
            rows[j] = r;
        }
        return 0;
    }
    KeyRow *a = malloc(m * sizeof *a), *b = malloc(m * sizeof *b);
    size_t *cnt = malloc(65536 * sizeof *cnt);
    if (!a || !b || !cnt) { free(a); free(b); free(cnt); return -1; }
    uint64_t all_or = 0, all_and = ~(uint64_t)0;
    for (size_t i = 0; i < m; i++) {
        a[i] = (KeyRow){time_key(time[rows[i]]), rows[i]};
        all_or |= a[i].k;
        all_and &= a[i].k;
    }
    for (int shift = 0; shift < 64; shift += 16) {   /* 16-bit digits, least significant first; a digit all keys share is skipped */
        if ((((all_or ^ all_and) >> shift) & 0xffff) == 0) continue;
        memset(cnt, 0, 65536 * sizeof *cnt);
        for (size_t i = 0; i < m; i++) cnt[(a[i].k >> shift) & 0xffff]++;
        size_t sum = 0;
        for (size_t d = 0; d < 65536; d++) { size_t c = cnt[d]; cnt[d] = sum; sum += c; }
        for (size_t i = 0; i < m; i++) b[cnt[(a[i].k >> shift) & 0xffff]++] = a[i];
        KeyRow *t = a; a = b; b = t;
    }
    for (size_t i = 0; i < m; i++) rows[i] = a[i].r;
    free(a);
    free(b);
    free(cnt);
    return 0;
}

size_t surv_order(const double *time, size_t n, size_t *ord) {
    size_t m = 0, k;
    for (size_t i = 0; i < n; i++)
        if (!isnan(time[i])) ord[m++] = i;
    k = m;
    for (size_t i = 0; i < n; i++)
        if (isnan(time[i])) ord[k++] = i;
    return surv_sort_rows(time, ord, m) < 0 ? (size_t)-1 : m;
}

void km_free(KmCurve *c) {
    free(c->time);
    free(c->n_risk);
    free(c->n_event);
    free(c->n_censor);
    free(c->surv);
    free(c->se);
    free(c->lo);
    free(c->hi);
    memset(c, 0, sizeof *c);
}

/* The time where the curve 1 − y first reaches p, with the midpoint rule
 * on a flat exactly at p (the rule of survival's quantile.survfit): x and
 * y are the step times and survival values; NaN values are skipped. */
static double km_quantile(const double *x, const double *y, size_t m, double xmax, double p) {
    const double tol = 1.4901161193847656e-08;   /* sqrt(double epsilon) */
    /* F = 1 − S with the start point (0, 0); repeated levels removed */
    double *fx = malloc((m + 1) * sizeof *fx), *fy = malloc((m + 1) * sizeof *fy);
    if (!fx || !fy) { free(fx); free(fy); return NAN; }
    size_t k = 0;
    fx[k] = 0;
    fy[k++] = 0;
    double fmax = 0;
    for (size_t i = 0; i < m; i++) {
        if (isnan(y[i])) continue;
        double f = 1 - y[i];
        int dup = 0;
        for (size_t j = 0; j < k && !dup; j++) dup = fy[j] == f;
        if (dup) continue;
        fx[k] = x[i];
        fy[k++] = f;
        if (f > fmax) fmax = f;
    }
    double q = NAN;
    if (fmax >= p) {
        long i1 = -1, i2 = -1;
        for (size_t j = 0; j < k; j++) {
            if (i1 < 0 && fy[j] + tol >= p) i1 = (long)j;
            if (i2 < 0 && fy[j] - tol >= p) i2 = (long)j;
        }
        if (i1 >= 0 && fabs(p - fy[k - 1]) < tol) q = (fx[i1] + xmax) / 2;   /* a flat at the end */
        else if (i1 >= 0 && i2 >= 0) q = (fx[i1] + fx[i2]) / 2;
    }
    free(fx);
    free(fy);
    return q;
}

int km_fit(const double *time, const double *event, const size_t *group, size_t g, size_t n, ConfType conf,
           double level, KmCurve *c) {
    stats_init();
    memset(c, 0, sizeof *c);
    size_t *o = malloc((n ? n : 1) * sizeof *o);   /* the rows used, in time order */
    if (!o) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(time[i]) && !isnan(event[i]) && (!group || group[i] == g)) o[m++] = i;
    if (surv_sort_rows(time, o, m) < 0) { free(o); return -1; }
    c->n = m;
    size_t cap = m ? m : 1;
    c->time = malloc(cap * sizeof *c->time);
    c->n_risk = malloc(cap * sizeof *c->n_risk);
    c->n_event = malloc(cap * sizeof *c->n_event);
    c->n_censor = malloc(cap * sizeof *c->n_censor);
    c->surv = malloc(cap * sizeof *c->surv);
    c->se = malloc(cap * sizeof *c->se);
    c->lo = malloc(cap * sizeof *c->lo);
    c->hi = malloc(cap * sizeof *c->hi);
    if (!c->time || !c->n_risk || !c->n_event || !c->n_censor || !c->surv || !c->se || !c->lo || !c->hi) {
        free(o);
        km_free(c);
        return -1;
    }
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2);
    double S = 1, gw = 0;   /* survival, Greenwood sum Σ d / (n (n − d)) */
    size_t at = m, k = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double d = 0, cens = 0;
        while (j < m && time[o[j]] == time[o[i]]) { double e = event[o[j]] != 0; d += e; cens += !e; j++; }
        double nr = (double)at;
        if (d > 0) {
            S *= 1 - d / nr;
            gw += nr > d ? d / (nr * (nr - d)) : INFINITY;
        }
        double sl = sqrt(gw);   /* standard error of log S */
        c->time[k] = time[o[i]];
        c->n_risk[k] = nr;
        c->n_event[k] = d;
        c->n_censor[k] = cens;
        c->surv[k] = S;
        c->se[k] = S * sl;
        if (conf == CONF_LOG) {
            c->lo[k] = S > 0 ? exp(log(S) - z * sl) : NAN;
            c->hi[k] = S > 0 ? fmin(1, exp(log(S) + z * sl)) : NAN;
        } else if (conf == CONF_LOGLOG) {
            if (S > 0 && S < 1) {
                double ll = log(-log(S)), w = z * sl / log(S);
                c->lo[k] = exp(-exp(ll - w));   /* w < 0: log S is negative */
                c->hi[k] = exp(-exp(ll + w));
            } else {
                c->lo[k] = c->hi[k] = NAN;
            }
        } else {
            double half = z * S * sl;   /* NaN when S = 0 (0 × Inf), as in R */
            c->lo[k] = isnan(half) ? NAN : fmax(0, S - half);
            c->hi[k] = isnan(half) ? NAN : fmin(1, S + half);
        }
        c->events += (size_t)d;
        at -= j - i;
        k++;
        i = j;
    }
    c->m = k;
    free(o);
    double xmax = k ? c->time[k - 1] : 0;
    c->median = km_quantile(c->time, c->surv, k, xmax, 0.5);
    c->median_lo = km_quantile(c->time, c->lo, k, xmax, 0.5);
    c->median_hi = km_quantile(c->time, c->hi, k, xmax, 0.5);
    return 0;
}

void km_at(const KmCurve *c, double t, double *s, double *lo, double *hi, double *n_risk) {
    *s = 1;
    *lo = *hi = c->m ? 1 : NAN;   /* before the first time: S = 1 exactly, limits 1-1 as summary.survfit */
    size_t at = 0;
    for (size_t i = 0; i < c->m; i++) {
        if (c->time[i] <= t) { *s = c->surv[i]; *lo = c->lo[i]; *hi = c->hi[i]; }
        if (c->time[i] >= t && !at) at = (size_t)c->n_risk[i];
    }
    if (c->m && t > c->time[c->m - 1]) { *s = NAN; *lo = *hi = NAN; }   /* past the last follow-up */
    *n_risk = (double)at;
}

typedef struct GObs {
    double t;       /* time */
    double e;       /* 1 event, 0 censored */
    size_t g;       /* group */
} GObs;

/* Accumulate weighted O, E and V (k × k) over the subjects with
 * sel[i] != 0 (sel NULL: all).  order: the rows in time order (surv_order;
 * its nord rows), or NULL to sort here. */
static int logrank_accumulate(const double *time, const double *event, const size_t *group, const unsigned char *sel,
                              size_t n, size_t k, double rho, const size_t *order, size_t nord, double *O, double *E,
                              double *V) {
    GObs *o = malloc((n ? n : 1) * sizeof *o);
    size_t *rows = order ? NULL : malloc((n ? n : 1) * sizeof *rows);
    double *nk = calloc(k ? k : 1, sizeof *nk), *dk = calloc(k ? k : 1, sizeof *dk);
    if (!o || (!order && !rows) || !nk || !dk) { free(o); free(rows); free(nk); free(dk); return -1; }
    if (!order) {
        nord = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(time[i])) rows[nord++] = i;
        if (surv_sort_rows(time, rows, nord) < 0) { free(o); free(rows); free(nk); free(dk); return -1; }
        order = rows;
    }
    size_t m = 0;
    for (size_t q = 0; q < nord; q++) {
        size_t i = order[q];
        if ((!sel || sel[i]) && !isnan(event[i]) && group[i] < k) o[m++] = (GObs){time[i], event[i] != 0, group[i]};
    }
    free(rows);
    for (size_t i = 0; i < m; i++) nk[o[i].g]++;
    double at = (double)m, S = 1;   /* pooled Kaplan–Meier, left-continuous, for the weights */
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double d = 0;
        for (size_t g = 0; g < k; g++) dk[g] = 0;
        while (j < m && o[j].t == o[i].t) { if (o[j].e) { d++; dk[o[j].g]++; } j++; }
        if (d > 0) {
            double w = rho == 0 ? 1 : pow(S, rho);
            for (size_t g = 0; g < k; g++) {
                O[g] += w * dk[g];
                E[g] += w * d * nk[g] / at;
            }
            if (at > 1) {
                double f = w * w * d * (at - d) / (at - 1);
                for (size_t g = 0; g < k; g++)
                    for (size_t h = 0; h < k; h++)
                        V[g * k + h] += f * (nk[g] / at) * ((g == h) - nk[h] / at);
            }
            S *= 1 - d / at;
        }
        for (size_t q = i; q < j; q++) nk[o[q].g]--;
        at -= (double)(j - i);
        i = j;
    }
    free(o);
    free(nk);
    free(dk);
    return 0;
}

/* The chi-squared of O − E with V, as survdiff: groups with E > 0, the
 * first of them left out. */
static double logrank_chisq(const double *O, const double *E, const double *V, size_t k, double *df, double *p) {
    size_t *idx = malloc((k ? k : 1) * sizeof *idx), u = 0;
    if (!idx) return NAN;
    for (size_t g = 0; g < k; g++)
        if (E[g] > 0) idx[u++] = g;
    if (u < 2) { free(idx); return NAN; }
    size_t r = u - 1;
    double chi = NAN, *A = malloc(r * r * sizeof *A), *b = malloc(r * sizeof *b);
    if (A && b) {
        for (size_t a = 0; a < r; a++) {
            b[a] = O[idx[a + 1]] - E[idx[a + 1]];
            for (size_t c = 0; c < r; c++) A[a * r + c] = V[idx[a + 1] * k + idx[c + 1]];
        }
        /* V singular (e.g. no stratum holds two of the groups): no test, where
           survdiff's solve() would stop */
        size_t rank;
        double s = ldl_quadform(A, b, r, LDL_TOLER, &rank);
        if (rank == r && isfinite(s)) {
            chi = s;
            *df = (double)r;
            *p = gsl_cdf_chisq_Q(chi, *df);
        }
    }
    free(A);
    free(b);
    free(idx);
    return chi;
}

/* logrank_strata with the rows' time order given (or NULL). */
static double logrank_strata_ord(const double *time, const double *event, const size_t *group, const size_t *strata,
                                 size_t ns, size_t n, size_t k, double rho, const size_t *order, size_t nord,
                                 double *observed, double *expected, double *df, double *p) {
    *df = NAN;
    *p = NAN;
    double *O = calloc(k ? k : 1, sizeof *O), *E = calloc(k ? k : 1, sizeof *E), *V = calloc(k ? k * k : 1, sizeof *V);
    unsigned char *sel = strata ? malloc(n ? n : 1) : NULL;
    double chi = NAN;
    if (!O || !E || !V || (strata && !sel)) goto out;
    if (!strata) {
        if (logrank_accumulate(time, event, group, NULL, n, k, rho, order, nord, O, E, V) < 0) goto out;
    } else {
        for (size_t st = 0; st < ns; st++) {
            for (size_t i = 0; i < n; i++) sel[i] = strata[i] == st;
            if (logrank_accumulate(time, event, group, sel, n, k, rho, order, nord, O, E, V) < 0) goto out;
        }
    }
    if (observed) memcpy(observed, O, k * sizeof *O);
    if (expected) memcpy(expected, E, k * sizeof *E);
    chi = logrank_chisq(O, E, V, k, df, p);
out:
    free(O);
    free(E);
    free(V);
    free(sel);
    return chi;
}

double logrank_strata(const double *time, const double *event, const size_t *group, const size_t *strata, size_t ns,
                      size_t n, size_t k, double rho, double *observed, double *expected, double *df, double *p) {
    stats_init();
    return logrank_strata_ord(time, event, group, strata, ns, n, k, rho, NULL, 0, observed, expected, df, p);
}

double logrank(const double *time, const double *event, const size_t *group, size_t n, size_t k, double rho,
               double *observed, double *expected, double *df, double *p) {
    stats_init();
    return logrank_strata(time, event, group, NULL, 0, n, k, rho, observed, expected, df, p);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int split_cuts(const double *x, size_t n, SplitHow how, double value, double cut[3]) {
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) v[m++] = x[i];
    int nc = 0;
    if (m) {
        qsort(v, m, sizeof *v, cmp_double);
        switch (how) {
        case SPLIT_MEDIAN: cut[nc++] = quantile_sorted(v, m, 0.5); break;
        case SPLIT_TERTILES:
            cut[nc++] = quantile_sorted(v, m, 1.0 / 3);
            cut[nc++] = quantile_sorted(v, m, 2.0 / 3);
            break;
        case SPLIT_QUARTILES:
            for (int q = 1; q <= 3; q++) cut[nc++] = quantile_sorted(v, m, q * 0.25);
            break;
        default: cut[nc++] = value;
        }
    }
    free(v);
    return nc;
}

void split_assign(const double *x, size_t n, const double *cut, int nc, size_t *group) {
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i])) { group[i] = SPLIT_NONE; continue; }
        int g = 0;
        while (g < nc && x[i] > cut[g]) g++;
        group[i] = (size_t)g;
    }
}

void km_compare(const double *time, const double *event, const size_t *group, const size_t *strata, size_t ns,
                size_t n, size_t k, double rho, double level, KmCompare *c) {
    stats_init();
    size_t *order = malloc((n ? n : 1) * sizeof *order);   /* one sort for the test and the hazard ratio */
    size_t nord = order ? surv_order(time, n, order) : (size_t)-1;
    if (nord == (size_t)-1) { free(order); order = NULL; nord = 0; }
    c->chisq = logrank_strata_ord(time, event, group, strata, ns, n, k, rho, order, nord, NULL, NULL, &c->df, &c->p);
    c->hr[0] = c->hr[1] = c->hr[2] = NAN;
    c->hr_status = k == 2 ? cox_hazard_ratio_ord(time, event, group, strata, n, level, order, c->hr) : COX_HR_NOT_ESTIMABLE;
    free(order);
    c->no_stratum = 0;
    for (size_t i = 0; strata && i < n; i++)
        c->no_stratum += !isnan(time[i]) && !isnan(event[i]) && group[i] < k && strata[i] == (size_t)-1;
}

SurvCode surv_event_code(const double *status, size_t n, int logical, double *event, double values[8],
                         size_t *nvalues) {
    size_t nv = 0;
    for (size_t i = 0; i < n && nv < 9; i++) {
        double v = status[i];
        if (isnan(v)) continue;
        size_t k = 0;
        while (k < nv && k < 8 && values[k] != v) k++;
        if (k < nv && k < 8) continue;   /* seen */
        if (nv < 8) {   /* insert in order */
            size_t at = nv;
            while (at > 0 && values[at - 1] > v) { values[at] = values[at - 1]; at--; }
            values[at] = v;
        }
        nv++;
    }
    *nvalues = nv;
    int only01 = nv <= 2, only12 = nv <= 2;
    double mx = -INFINITY;
    for (size_t k = 0; k < nv && k < 8; k++) {
        only01 &= values[k] == 0 || values[k] == 1;
        only12 &= values[k] == 1 || values[k] == 2;
        if (values[k] > mx) mx = values[k];
    }
    SurvCode code = only01 ? (logical ? SURV_CODE_LOGICAL : SURV_CODE_01)
                  : only12 && mx == 2 && !logical ? SURV_CODE_12 : SURV_CODE_BAD;
    if (code == SURV_CODE_BAD) return code;
    for (size_t i = 0; i < n; i++)
        event[i] = isnan(status[i]) ? NAN : code == SURV_CODE_12 ? status[i] - 1 : status[i];
    return code;
}
