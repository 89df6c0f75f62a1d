/* cox.c — see cox.h. */
#include "stats/cox.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Subj {
    double t, e;    /* time, event */
    size_t i;       /* row in x */
} Subj;

/* Subject zi joins the risk set: its risk r = exp(zi·beta) is added to the
 * sums s0, s1 (r z), s2 (r z zᵀ), and for an event to d0, d1, d2, the sums
 * over the deaths tied at this time.  Returns zi·beta. */
static double join_risk_set(const double *zi, const double *beta, size_t p, int event, double *s0, double *s1,
                            double *s2, double *d0, double *d1, double *d2) {
    double eta = 0;
    for (size_t a = 0; a < p; a++) eta += zi[a] * beta[a];
    double r = exp(eta);
    *s0 += r;
    for (size_t a = 0; a < p; a++) {
        s1[a] += r * zi[a];
        for (size_t b = 0; b < p; b++) s2[a * p + b] += r * zi[a] * zi[b];
    }
    if (event) {
        *d0 += r;
        for (size_t a = 0; a < p; a++) {
            d1[a] += r * zi[a];
            for (size_t b = 0; b < p; b++) d2[a * p + b] += r * zi[a] * zi[b];
        }
    }
    return eta;
}

static int cmp_desc(const void *a, const void *b) {
    const Subj *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? 1 : -1;
    return (x->e > y->e) - (x->e < y->e);   /* censored first within a time: no effect on sums */
}

/* Log partial likelihood at beta, with its gradient u and information imat
 * (p × p).  z: centred covariates, row-major n × p, in the sorted order. */
static double partial(const Subj *s, size_t m, const double *z, size_t p, const double *beta, CoxTies ties,
                      double *u, double *imat, double *w) {
    double *s1 = w, *s2 = s1 + p, *d1 = s2 + p * p, *d2 = d1 + p, *a1 = d2 + p * p, *a2 = a1 + p;
    double ll = 0, s0 = 0;
    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    memset(s1, 0, p * sizeof *s1);
    memset(s2, 0, p * p * sizeof *s2);
    for (size_t i = 0; i < m;) {
        /* all subjects at this time join the risk set */
        size_t j = i;
        double d0 = 0, nd = 0;
        memset(d1, 0, p * sizeof *d1);
        memset(d2, 0, p * p * sizeof *d2);
        while (j < m && s[j].t == s[i].t) {
            const double *zi = z + j * p;
            double eta = join_risk_set(zi, beta, p, s[j].e, &s0, s1, s2, &d0, d1, d2);
            if (s[j].e) {
                nd++;
                ll += eta;
                for (size_t a = 0; a < p; a++) u[a] += zi[a];
            }
            j++;
        }
        if (nd > 0) {
            int efron = ties == TIES_EFRON && nd > 1;
            for (double k = 0; k < nd; k++) {
                double phi = efron ? k / nd : 0;
                double den = s0 - phi * d0;
                for (size_t a = 0; a < p; a++) a1[a] = (s1[a] - phi * d1[a]) / den;
                ll -= log(den);
                for (size_t a = 0; a < p; a++) {
                    u[a] -= a1[a];
                    for (size_t b = 0; b < p; b++) {
                        a2[0] = (s2[a * p + b] - phi * d2[a * p + b]) / den;
                        imat[a * p + b] += a2[0] - a1[a] * a1[b];
                    }
                }
            }
        }
        i = j;
    }
    return ll;
}

/* Solve imat x = u by Cholesky (x may be u); the inverse into inv if not NULL.
 * Returns 0, or -1 when imat is not positive definite. */
static int solve(const double *imat, const double *u, size_t p, double *x, double *inv) {
    gsl_matrix *A = gsl_matrix_alloc(p, p);
    gsl_vector *b = gsl_vector_alloc(p), *v = gsl_vector_alloc(p);
    int rc = -1;
    if (!A || !b || !v) goto out;
    for (size_t a = 0; a < p; a++) {
        gsl_vector_set(b, a, u[a]);
        for (size_t c = 0; c < p; c++) gsl_matrix_set(A, a, c, imat[a * p + c]);
    }
    if (gsl_linalg_cholesky_decomp1(A) != 0) goto out;
    if (gsl_linalg_cholesky_solve(A, b, v) != 0) goto out;
    for (size_t a = 0; a < p; a++) x[a] = gsl_vector_get(v, a);
    if (inv) {
        if (gsl_linalg_cholesky_invert(A) != 0) goto out;
        for (size_t a = 0; a < p; a++)
            for (size_t c = 0; c < p; c++) inv[a * p + c] = gsl_matrix_get(A, a, c);
    }
    rc = 0;
out:
    gsl_matrix_free(A);
    gsl_vector_free(b);
    gsl_vector_free(v);
    return rc;
}

void cox_free(CoxFit *f) {
    free(f->coef);
    free(f->se);
    free(f->var);
    memset(f, 0, sizeof *f);
}

int cox_fit(const double *time, const double *event, const double *x, size_t n, size_t p, CoxTies ties, CoxFit *f) {
    memset(f, 0, sizeof *f);
    f->p = p;
    Subj *s = malloc((n ? n : 1) * sizeof *s);
    double *z = malloc((n && p ? n * p : 1) * sizeof *z), *mean = calloc(p ? p : 1, sizeof *mean);
    double *beta = calloc(p ? p : 1, sizeof *beta), *old = calloc(p ? p : 1, sizeof *old);
    double *u = malloc((p ? p : 1) * sizeof *u), *imat = malloc((p ? p * p : 1) * sizeof *imat);
    double *step = malloc((p ? p : 1) * sizeof *step), *w = malloc((4 * p + 2 * p * p + 2) * sizeof *w);
    f->coef = calloc(p ? p : 1, sizeof *f->coef);
    f->se = calloc(p ? p : 1, sizeof *f->se);
    f->var = calloc(p ? p * p : 1, sizeof *f->var);
    int rc = -1;
    if (!s || !z || !mean || !beta || !old || !u || !imat || !step || !w || !f->coef || !f->se || !f->var) goto out;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(time[i]) && !isnan(event[i]);
        for (size_t a = 0; a < p && ok; a++) ok = !isnan(x[a * n + i]);
        if (ok) s[m++] = (Subj){time[i], event[i] != 0, i};
    }
    qsort(s, m, sizeof *s, cmp_desc);
    f->n = m;
    for (size_t i = 0; i < m; i++) f->events += s[i].e != 0;
    for (size_t a = 0; a < p; a++) {
        for (size_t i = 0; i < m; i++) mean[a] += x[a * n + s[i].i];
        if (m) mean[a] /= (double)m;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t a = 0; a < p; a++) z[i * p + a] = x[a * n + s[i].i] - mean[a];
    rc = 0;
    if (!m || !f->events) { f->loglik0 = f->loglik = NAN; f->lr = f->wald = f->score = NAN; goto out; }
    /* beta = 0: the null likelihood and the score test */
    double ll = partial(s, m, z, p, beta, ties, u, imat, w);
    f->loglik0 = ll;
    if (solve(imat, u, p, step, NULL) < 0) { f->singular = 1; f->score = NAN; }
    else {
        double sc = 0;
        for (size_t a = 0; a < p; a++) sc += step[a] * u[a];
        f->score = sc;
    }
    int iter = 0, halving = 0;
    f->converged = 0;
    for (iter = 1; iter <= 20; iter++) {
        if (!halving) {
            if (solve(imat, u, p, step, NULL) < 0) { f->singular = 1; break; }
            memcpy(old, beta, p * sizeof *beta);
            for (size_t a = 0; a < p; a++) beta[a] += step[a];
        }
        double nl = partial(s, m, z, p, beta, ties, u, imat, w);
        if (!isfinite(nl) || nl < ll) {   /* step halving */
            for (size_t a = 0; a < p; a++) beta[a] = (beta[a] + old[a]) / 2;
            halving = 1;
            continue;
        }
        halving = 0;
        int done = fabs(1 - ll / nl) <= 1e-9;
        ll = nl;
        if (done) { f->converged = 1; break; }
    }
    f->iter = iter > 20 ? 20 : iter;
    /* the final information at beta */
    ll = partial(s, m, z, p, beta, ties, u, imat, w);
    f->loglik = ll;
    if (solve(imat, u, p, step, f->var) < 0) {
        f->singular = 1;
        for (size_t a = 0; a < p * p; a++) f->var[a] = NAN;
    }
    double wald = 0;
    for (size_t a = 0; a < p; a++) {
        f->coef[a] = beta[a];
        f->se[a] = sqrt(f->var[a * p + a]);
        for (size_t c = 0; c < p; c++) wald += beta[a] * imat[a * p + c] * beta[c];
        /* a coefficient running off to infinity: large, and its se larger still */
        if (fabs(beta[a]) > 10 && f->se[a] > fabs(beta[a])) f->infinite = 1;
    }
    f->wald = f->singular ? NAN : wald;
    f->lr = 2 * (f->loglik - f->loglik0);
out:
    free(s);
    free(z);
    free(mean);
    free(beta);
    free(old);
    free(u);
    free(imat);
    free(step);
    free(w);
    return rc;
}

/* u' A⁻¹ u for the rows/columns idx[0..m-1] of the q × q matrix A. */
static double quad_solve(const double *A, const double *u, size_t q, const size_t *idx, size_t m) {
    gsl_matrix *M = gsl_matrix_alloc(m, m);
    gsl_vector *b = gsl_vector_alloc(m), *x = gsl_vector_alloc(m);
    gsl_permutation *perm = gsl_permutation_alloc(m);
    double r = NAN;
    int sign;
    if (M && b && x && perm) {
        for (size_t a = 0; a < m; a++) {
            gsl_vector_set(b, a, u[idx[a]]);
            for (size_t c = 0; c < m; c++) gsl_matrix_set(M, a, c, A[idx[a] * q + idx[c]]);
        }
        if (gsl_linalg_LU_decomp(M, perm, &sign) == 0 && gsl_linalg_LU_solve(M, perm, b, x) == 0) {
            r = 0;
            for (size_t a = 0; a < m; a++) r += gsl_vector_get(x, a) * gsl_vector_get(b, a);
        }
    }
    gsl_matrix_free(M);
    gsl_vector_free(b);
    gsl_vector_free(x);
    gsl_permutation_free(perm);
    return r;
}

int cox_zph(const double *time, const double *event, const double *x, size_t n, size_t p, const double *beta,
            CoxTies ties, double *chisq, double *df, double *pval) {
    size_t q = 2 * p;
    Subj *s = malloc((n ? n : 1) * sizeof *s);
    double *z = malloc((n && p ? n * p : 1) * sizeof *z), *g = malloc((n ? n : 1) * sizeof *g);
    double *M = calloc(q ? q * q : 1, sizeof *M), *u = calloc(q ? q : 1, sizeof *u);
    double *s1 = calloc(p ? p : 1, sizeof *s1), *s2 = calloc(p ? p * p : 1, sizeof *s2);
    double *d1 = malloc((p ? p : 1) * sizeof *d1), *d2 = malloc((p ? p * p : 1) * sizeof *d2), *a1 = malloc((p ? p : 1) * sizeof *a1);
    size_t *idx = malloc((q ? q : 1) * sizeof *idx);
    int rc = -1;
    if (!s || !z || !g || !M || !u || !s1 || !s2 || !d1 || !d2 || !a1 || !idx) goto out;
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(time[i]) && !isnan(event[i]);
        for (size_t a = 0; a < p && ok; a++) ok = !isnan(x[a * n + i]);
        if (ok) s[m++] = (Subj){time[i], event[i] != 0, i};
    }
    qsort(s, m, sizeof *s, cmp_desc);
    /* g(t) = 1 − S(t−) of the Kaplan–Meier of all subjects, centred over the events */
    {
        double S = 1, gsum = 0, nev = 0;
        size_t at = 0;
        for (size_t i = m; i > 0;) {   /* ascending time: walk the descending array backwards */
            size_t j = i;
            double d = 0;
            while (j > 0 && s[j - 1].t == s[i - 1].t) { d += s[j - 1].e; j--; }
            double risk = (double)(m - at);
            for (size_t k = j; k < i; k++) g[k] = 1 - S;
            if (d > 0) S *= 1 - d / risk;
            at += i - j;
            i = j;
        }
        for (size_t i = 0; i < m; i++)
            if (s[i].e) { gsum += g[i]; nev++; }
        for (size_t i = 0; i < m; i++) g[i] -= nev > 0 ? gsum / nev : 0;
    }
    double *mean = calloc(p ? p : 1, sizeof *mean);
    if (!mean) goto out;
    for (size_t a = 0; a < p; a++) {
        for (size_t i = 0; i < m; i++) mean[a] += x[a * n + s[i].i];
        if (m) mean[a] /= (double)m;
    }
    for (size_t i = 0; i < m; i++)
        for (size_t a = 0; a < p; a++) z[i * p + a] = x[a * n + s[i].i] - mean[a];
    free(mean);
    double s0 = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double d0 = 0, nd = 0;
        memset(d1, 0, p * sizeof *d1);
        memset(d2, 0, p * p * sizeof *d2);
        double gt = g[i];   /* g is the same for every subject at this time */
        while (j < m && s[j].t == s[i].t) {
            const double *zi = z + j * p;
            join_risk_set(zi, beta, p, s[j].e, &s0, s1, s2, &d0, d1, d2);
            if (s[j].e) {
                nd++;
                for (size_t a = 0; a < p; a++) u[p + a] += gt * zi[a];
            }
            j++;
        }
        int efron = ties == TIES_EFRON && nd > 1;
        for (double k = 0; k < nd; k++) {
            double phi = efron ? k / nd : 0, den = s0 - phi * d0;
            for (size_t a = 0; a < p; a++) a1[a] = (s1[a] - phi * d1[a]) / den;
            for (size_t a = 0; a < p; a++) {
                u[p + a] -= gt * a1[a];
                for (size_t b = 0; b < p; b++) {
                    double v = (s2[a * p + b] - phi * d2[a * p + b]) / den - a1[a] * a1[b];
                    M[a * q + b] += v;                       /* beta, beta */
                    M[a * q + p + b] += gt * v;              /* beta, theta */
                    M[(p + a) * q + b] += gt * v;            /* theta, beta */
                    M[(p + a) * q + p + b] += gt * gt * v;   /* theta, theta */
                }
            }
        }
        i = j;
    }
    for (size_t j = 0; j <= p; j++) {
        size_t mm = 0;
        for (size_t a = 0; a < p; a++) idx[mm++] = a;
        if (j < p) idx[mm++] = p + j;
        else for (size_t a = 0; a < p; a++) idx[mm++] = p + a;
        chisq[j] = quad_solve(M, u, q, idx, mm);
        df[j] = j < p ? 1 : (double)p;
        pval[j] = isnan(chisq[j]) ? NAN : gsl_cdf_chisq_Q(chisq[j], df[j]);
    }
    rc = 0;
out:
    free(s);
    free(z);
    free(g);
    free(M);
    free(u);
    free(s1);
    free(s2);
    free(d1);
    free(d2);
    free(a1);
    free(idx);
    return rc;
}
