/* icc.c — see icc.h. */
#include "stats/icc.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

const char *icc_type_name(IccType t) {
    static const char *const names[ICC_NTYPES] = {"ICC1", "ICC2", "ICC3", "ICC1k", "ICC2k", "ICC3k"};
    return (unsigned)t < ICC_NTYPES ? names[t] : "?";
}

IccBand icc_band(double icc) {
    if (isnan(icc)) return ICC_NO_BAND;
    return icc >= 0.9 ? ICC_EXCELLENT : icc >= 0.75 ? ICC_GOOD : icc >= 0.5 ? ICC_MODERATE : ICC_POOR;
}

/* Upper tail of F(d1, d2) at x, R's pf(x, d1, d2, lower.tail = FALSE);
 * arguments checked so that GSL is only called inside its domain. */
static double f_upper(double x, double d1, double d2) {
    if (isnan(x) || !(d1 > 0) || !(d2 > 0) || !isfinite(d1) || !isfinite(d2)) return NAN;
    if (x <= 0) return 1;
    if (isinf(x)) return 0;
    return gsl_cdf_fdist_Q(x, d1, d2);
}

/* Newton's method on t = log x, kept inside a bracket that bisection
 * falls back on: P(F > e^t) falls with t, with slope −x f(x). */
double f_quantile_upper(double q, double d1, double d2) {
    stats_init();
    if (!(q > 0 && q < 1) || !(d1 > 0) || !(d2 > 0) || !isfinite(d1) || !isfinite(d2)) return NAN;
    double lo = -INFINITY, hi = INFINITY, t = 0;
    for (int it = 0; it < 400; it++) {
        double x = exp(t), h = f_upper(x, d1, d2) - q;
        if (isnan(h)) return NAN;
        if (h == 0) return x;
        if (h > 0) lo = t; else hi = t;
        double dens = x * gsl_ran_fdist_pdf(x, d1, d2), tn;
        if (dens > 0 && isfinite(dens)) tn = t + h / dens;
        else tn = NAN;
        if (isfinite(lo) && isfinite(hi)) {
            if (!(tn > lo && tn < hi)) tn = 0.5 * (lo + hi);
            if (hi - lo <= 1e-15 * fmax(1, fabs(t))) return exp(0.5 * (lo + hi));
        } else if (!isfinite(tn) || fabs(tn - t) > 4) {
            tn = isfinite(lo) ? t + 4 : t - 4;     /* widen the bracket 55-fold a step */
        }
        if (fabs(tn - t) <= 1e-15 * fmax(1, fabs(t))) return exp(tn);
        if (t < -745 || t > 709) return t < 0 ? 0 : INFINITY;
        t = tn;
    }
    return exp(t);
}

/* REML's mean squares of the balanced crossed design: maximise the REML
 * likelihood of the three strata (subjects, raters, residual; expected
 * mean squares λB, λJ ≥ λE) — the residual pools, in increasing order, the
 * strata whose mean square is below the pooled value (the tree-ordered
 * maximum likelihood); a pooled stratum's variance component is 0. */
static void reml_ms(double ssb, double dfb, double ssj, double dfj, double sse, double dfe, double *msb, double *msj,
                    double *mse) {
    double ms[2] = {ssb / dfb, ssj / dfj}, ss[2] = {ssb, ssj}, df[2] = {dfb, dfj};
    int order[2] = {0, 1}, pooled[2] = {0, 0};
    if (ms[1] < ms[0]) { order[0] = 1; order[1] = 0; }
    double s = sse, w = dfe, v = sse / dfe;
    for (int i = 0; i < 2; i++) {
        int c = order[i];
        if (!(ms[c] < v)) break;
        s += ss[c];
        w += df[c];
        v = s / w;
        pooled[c] = 1;
    }
    *mse = v;
    *msb = pooled[0] ? v : ms[0];
    *msj = pooled[1] ? v : ms[1];
}

static void row_set(IccRow *r, double icc, double F, double df1, double df2, double p) {
    r->icc = icc;
    r->F = F;
    r->df1 = df1;
    r->df2 = df2;
    r->p = p;
    r->lower = r->upper = NAN;
}

/* psych's formulas from the mean squares (psych::ICC, after its MS step). */
static void icc_from_ms(IccResult *r, double n, double k, double alpha) {
    double MSB = r->msb, MSJ = r->msj, MSE = r->mse, MSW = r->msw;
    double ICC1 = (MSB - MSW) / (MSB + (k - 1) * MSW);
    double ICC2 = (MSB - MSE) / (MSB + (k - 1) * MSE + k * (MSJ - MSE) / n);
    double ICC3 = (MSB - MSE) / (MSB + (k - 1) * MSE);
    double ICC12 = (MSB - MSW) / MSB, ICC22 = (MSB - MSE) / (MSB + (MSJ - MSE) / n), ICC32 = (MSB - MSE) / MSB;
    double F11 = MSB / MSW, df11n = n - 1, df11d = n * (k - 1);
    double F21 = MSB / MSE, df21n = n - 1, df21d = (n - 1) * (k - 1);
    double p11 = f_upper(F11, df11n, df11d), p21 = f_upper(F21, df21n, df21d);
    row_set(&r->row[ICC_1], ICC1, F11, df11n, df11d, p11);
    row_set(&r->row[ICC_2], ICC2, F21, df21n, df21d, p21);
    row_set(&r->row[ICC_3], ICC3, F21, df21n, df21d, p21);
    row_set(&r->row[ICC_1K], ICC12, F11, df11n, df11d, p11);
    row_set(&r->row[ICC_2K], ICC22, F21, df21n, df21d, p21);
    row_set(&r->row[ICC_3K], ICC32, F21, df21n, df21d, p21);
    double q = alpha / 2;
    double F1L = F11 / f_quantile_upper(q, df11n, df11d), F1U = F11 * f_quantile_upper(q, df11d, df11n);
    double F3L = F21 / f_quantile_upper(q, df21n, df21d), F3U = F21 * f_quantile_upper(q, df21d, df21n);
    r->row[ICC_1].lower = (F1L - 1) / (F1L + (k - 1));
    r->row[ICC_1].upper = (F1U - 1) / (F1U + k - 1);
    r->row[ICC_3].lower = (F3L - 1) / (F3L + k - 1);
    r->row[ICC_3].upper = (F3U - 1) / (F3U + k - 1);
    r->row[ICC_1K].lower = 1 - 1 / F1L;
    r->row[ICC_1K].upper = 1 - 1 / F1U;
    r->row[ICC_3K].lower = 1 - 1 / F3L;
    r->row[ICC_3K].upper = 1 - 1 / F3U;
    /* ICC2: Satterthwaite's df for the denominator (McGraw & Wong 1996) */
    double Fj = MSJ / MSE;
    double a = k * ICC2 * Fj + n * (1 + (k - 1) * ICC2) - k * ICC2;
    double vn = (k - 1) * (n - 1) * a * a;
    double b = n * (1 + (k - 1) * ICC2) - k * ICC2;
    double vd = (n - 1) * k * k * ICC2 * ICC2 * Fj * Fj + b * b;
    double v = vn / vd;
    double FU = f_quantile_upper(q, n - 1, v), FL = f_quantile_upper(q, v, n - 1);
    double L3 = n * (MSB - FU * MSE) / (FU * (k * MSJ + (k * n - k - n) * MSE) + n * MSB);
    double U3 = n * (FL * MSB - MSE) / (k * MSJ + (k * n - k - n) * MSE + n * FL * MSB);
    r->row[ICC_2].lower = L3;
    r->row[ICC_2].upper = U3;
    r->row[ICC_2K].lower = L3 * k / (1 + L3 * (k - 1));
    r->row[ICC_2K].upper = U3 * k / (1 + U3 * (k - 1));
}

/* The ANOVA of the complete rows of x into r (mean squares), then the
 * coefficients.  keep[i] says which rows are complete (NULL: all). */
static void icc_rows(const double *x, size_t n_all, size_t k, const unsigned char *keep, double alpha, IccMethod m,
                     IccResult *r) {
    size_t n = 0;
    long double gsum = 0;
    for (size_t i = 0; i < n_all; i++)
        if (!keep || keep[i]) {
            n++;
            for (size_t j = 0; j < k; j++) gsum += x[i * k + j];
        }
    r->n_subjects = n;
    r->n_raters = k;
    r->msb = r->msj = r->mse = r->msw = NAN;
    r->negative_var = 0;
    for (int t = 0; t < ICC_NTYPES; t++) row_set(&r->row[t], NAN, NAN, NAN, NAN, NAN);
    if (n < 2 || k < 2) return;
    long double gm = gsum / ((long double)n * k);
    long double *cm = calloc(k, sizeof *cm);
    if (!cm) return;
    for (size_t i = 0; i < n_all; i++)
        if (!keep || keep[i])
            for (size_t j = 0; j < k; j++) cm[j] += x[i * k + j];
    long double ssj = 0, ssb = 0, sse = 0;
    for (size_t j = 0; j < k; j++) {
        cm[j] /= n;
        ssj += (cm[j] - gm) * (cm[j] - gm);
    }
    ssj *= n;
    for (size_t i = 0; i < n_all; i++) {
        if (keep && !keep[i]) continue;
        long double rm = 0;
        for (size_t j = 0; j < k; j++) rm += x[i * k + j];
        rm /= k;
        ssb += (rm - gm) * (rm - gm);
        for (size_t j = 0; j < k; j++) {
            long double e = x[i * k + j] - rm - cm[j] + gm;   /* the residual, summed directly */
            sse += e * e;
        }
    }
    ssb *= k;
    free(cm);
    double dfb = (double)n - 1, dfj = (double)k - 1, dfe = dfb * dfj;
    double MSB = (double)(ssb / dfb), MSJ = (double)(ssj / dfj), MSE = (double)(sse / dfe);
    r->negative_var = (MSJ < MSE) | (MSB < MSE) << 1;
    if (m == ICC_REML) {
        reml_ms((double)ssb, dfb, (double)ssj, dfj, (double)sse, dfe, &r->msb, &r->msj, &r->mse);
        r->msw = r->mse + (r->msj - r->mse) / (double)n;   /* psych: error + the raters' variance */
    } else {
        r->msb = MSB;
        r->msj = MSJ;
        r->mse = MSE;
        r->msw = (double)((ssj + sse) / (dfj + dfe));
    }
    icc_from_ms(r, (double)n, (double)k, alpha);
}

int icc_matrix(const double *x, size_t n, size_t k, double alpha, IccMethod m, IccResult *r) {
    stats_init();
    memset(r, 0, sizeof *r);
    if (!(alpha > 0 && alpha < 1)) return -5;
    unsigned char *keep = malloc(n ? n : 1);
    if (!keep) return -1;
    size_t bad = 0;
    for (size_t i = 0; i < n; i++) {
        keep[i] = 1;
        for (size_t j = 0; j < k; j++)
            if (isnan(x[i * k + j])) keep[i] = 0;
        bad += !keep[i];
    }
    icc_rows(x, n, k, keep, alpha, m, r);
    r->n_incomplete = bad;
    free(keep);
    return 0;
}

int icc_layout_build(const size_t *subject, const size_t *rep, size_t n, size_t nsub, size_t nrep, IccLayout *L,
                     size_t *dup) {
    memset(L, 0, sizeof *L);
    size_t cells = nsub * nrep;
    if (nrep && cells / nrep != nsub) return -1;
    size_t *cell = malloc((cells ? cells : 1) * sizeof *cell);
    if (!cell) return -1;
    for (size_t c = 0; c < cells; c++) cell[c] = ICC_NONE;
    for (size_t i = 0; i < n; i++) {
        if (subject[i] == ICC_NONE || rep[i] == ICC_NONE) continue;
        if (subject[i] >= nsub || rep[i] >= nrep) {
            if (dup) *dup = i;
            free(cell);
            return -5;
        }
        size_t c = subject[i] * nrep + rep[i];
        if (cell[c] != ICC_NONE) {
            if (dup) *dup = i;
            free(cell);
            return -3;
        }
        cell[c] = i;
    }
    L->nsub = nsub;
    L->nrep = nrep;
    L->cell = cell;
    for (size_t s = 0; s < nsub; s++) {
        size_t have = 0;
        for (size_t j = 0; j < nrep; j++) have += cell[s * nrep + j] != ICC_NONE;
        L->n_present += have > 0;
        L->n_complete += have == nrep && nrep > 0;
    }
    return 0;
}

void icc_layout_free(IccLayout *L) {
    if (!L) return;
    free(L->cell);
    memset(L, 0, sizeof *L);
}

int icc_feature(const IccLayout *L, const double *value, double alpha, IccMethod m, IccResult *r) {
    stats_init();
    memset(r, 0, sizeof *r);
    if (!(alpha > 0 && alpha < 1)) return -5;
    size_t k = L->nrep, cells = L->nsub * k;
    double *x = malloc((cells ? cells : 1) * sizeof *x);
    unsigned char *keep = malloc(L->nsub ? L->nsub : 1);
    if (!x || !keep) {
        free(x);
        free(keep);
        return -1;
    }
    size_t bad = 0;
    for (size_t s = 0; s < L->nsub; s++) {
        size_t have = 0;
        keep[s] = 1;
        for (size_t j = 0; j < k; j++) {
            size_t o = L->cell[s * k + j];
            double v = o == ICC_NONE ? NAN : value[o];
            x[s * k + j] = v;
            if (o != ICC_NONE) have++;
            if (isnan(v)) keep[s] = 0;
        }
        if (!have) keep[s] = 0;
        else bad += !keep[s];
    }
    icc_rows(x, L->nsub, k, keep, alpha, m, r);
    r->n_incomplete = bad;
    free(x);
    free(keep);
    return 0;
}

typedef struct { double x; size_t i; } KeyIdx;

static int cmp_key(const void *a, const void *b) {
    const KeyIdx *p = a, *q = b;
    if (p->x != q->x) return p->x < q->x ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int icc_repeat_order(const size_t *subject, const double *key, size_t n, size_t nsub, size_t *rep, size_t *nrep,
                     size_t *tie) {
    *nrep = 0;
    /* bucket the observations by subject (counting sort), then sort each bucket by key */
    size_t *start = calloc(nsub + 1, sizeof *start);
    KeyIdx *b = malloc((n ? n : 1) * sizeof *b);
    size_t *fill = calloc(nsub + 1, sizeof *fill);
    if (!start || !b || !fill) {
        free(start);
        free(b);
        free(fill);
        return -1;
    }
    for (size_t i = 0; i < n; i++) {
        rep[i] = ICC_NONE;
        if (subject[i] < nsub && !isnan(key[i])) start[subject[i] + 1]++;
    }
    for (size_t s = 0; s < nsub; s++) start[s + 1] += start[s];
    for (size_t i = 0; i < n; i++)
        if (subject[i] < nsub && !isnan(key[i])) {
            size_t s = subject[i];
            b[start[s] + fill[s]++] = (KeyIdx){key[i], i};
        }
    int rc = 0;
    for (size_t s = 0; s < nsub && !rc; s++) {
        size_t m = start[s + 1] - start[s];
        KeyIdx *e = b + start[s];
        qsort(e, m, sizeof *e, cmp_key);
        for (size_t j = 0; j < m; j++) {
            if (j && e[j].x == e[j - 1].x) {
                if (tie) *tie = e[j].i;
                rc = -3;
                break;
            }
            rep[e[j].i] = j;
        }
        if (m > *nrep) *nrep = m;
    }
    free(start);
    free(b);
    free(fill);
    return rc;
}
