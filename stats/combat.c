/* combat.c — see combat.h.  The steps follow sva::ComBat 3.46 in order;
 * the comments name sva's variables. */
#include "stats/combat.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* a size for malloc: at least 1 */
static size_t nz(size_t k) { return k ? k : 1; }

#define NONE ((size_t)-1)

const char *combat_status_text(int status) {
    switch (status) {
    case COMBAT_ADJUSTED: return "adjusted";
    case COMBAT_CONSTANT: return "constant within a batch";
    case COMBAT_TOO_FEW: return "fewer than 2 values in a batch";
    case COMBAT_NO_VARIANCE: return "no residual variance";
    case COMBAT_DESIGN: return "its values do not identify the design";
    default: return "?";
    }
}

void combat_factor_columns(const size_t *code, size_t n, size_t nlev, double *out) {
    for (size_t l = 1; l < nlev; l++)
        for (size_t i = 0; i < n; i++) out[(l - 1) * n + i] = code[i] == l ? 1 : 0;
}

void combat_free(CombatResult *r) {
    if (!r) return;
    free(r->status);
    free(r->skip_batch);
    free(r->gamma_hat);
    free(r->delta_hat);
    free(r->gamma_star);
    free(r->delta_star);
    free(r->gamma_bar);
    free(r->t2);
    free(r->a_prior);
    free(r->b_prior);
    free(r->iterations);
    memset(r, 0, sizeof *r);
}

/* Cholesky factor of the p × p matrix A (row-major, lower triangle
 * used) in place; 0, or -1 when A is not numerically positive definite
 * (a pivot below 1e-10 of its diagonal: the design is not identified). */
static int chol(double *A, size_t p) {
    for (size_t j = 0; j < p; j++) {
        double d = A[j * p + j], d0 = d;
        for (size_t k = 0; k < j; k++) d -= A[j * p + k] * A[j * p + k];
        if (!(d > 1e-10 * d0) || !(d0 > 0)) return -1;
        d = sqrt(d);
        A[j * p + j] = d;
        for (size_t i = j + 1; i < p; i++) {
            double s = A[i * p + j];
            for (size_t k = 0; k < j; k++) s -= A[i * p + k] * A[j * p + k];
            A[i * p + j] = s / d;
        }
    }
    return 0;
}

/* Solve L Lᵀ b = v in place. */
static void chol_solve(const double *L, size_t p, double *v) {
    for (size_t i = 0; i < p; i++) {
        double s = v[i];
        for (size_t k = 0; k < i; k++) s -= L[i * p + k] * v[k];
        v[i] = s / L[i * p + i];
    }
    for (size_t i = p; i-- > 0;) {
        double s = v[i];
        for (size_t k = i + 1; k < p; k++) s -= L[k * p + i] * v[k];
        v[i] = s / L[i * p + i];
    }
}

/* Rank of the n × p column set (column j at X + j·n) as R's qr() sees it:
 * a column whose norm, after removing its projection on the columns
 * before it, falls below 1e-7 of its own norm is dependent (LINPACK's
 * dqrdc2 tolerance; modified Gram–Schmidt). */
static size_t col_rank(const double *X, size_t n, size_t p) {
    double *Q = malloc(nz(n * p) * sizeof *Q);
    if (!Q) return 0;
    size_t r = 0;
    for (size_t j = 0; j < p; j++) {
        double *q = Q + r * n, norm0 = 0, norm = 0;
        for (size_t i = 0; i < n; i++) {
            q[i] = X[j * n + i];
            norm0 += q[i] * q[i];
        }
        for (size_t k = 0; k < r; k++) {
            double d = 0;
            for (size_t i = 0; i < n; i++) d += Q[k * n + i] * q[i];
            for (size_t i = 0; i < n; i++) q[i] -= d * Q[k * n + i];
        }
        for (size_t i = 0; i < n; i++) norm += q[i] * q[i];
        if (norm0 > 0 && sqrt(norm) > 1e-7 * sqrt(norm0)) {
            norm = sqrt(norm);
            for (size_t i = 0; i < n; i++) q[i] /= norm;
            r++;
        }
    }
    free(Q);
    return r;
}

/* sva's aprior / bprior: the inverse-gamma prior of delta-hat by moments. */
static void mean_var_of(const double *v, size_t stride, const unsigned char *use, size_t nf, double *mean,
                        double *var) {
    long double s = 0, ss = 0;
    size_t m = 0;
    for (size_t f = 0; f < nf; f++)
        if (use[f]) { s += v[f * stride]; m++; }
    long double mu = m ? s / m : NAN;
    for (size_t f = 0; f < nf; f++)
        if (use[f]) ss += (v[f * stride] - mu) * (v[f * stride] - mu);
    *mean = (double)mu;
    *var = m > 1 ? (double)(ss / (m - 1)) : NAN;
}

#define CANCELLED(o) ((o)->cancel && *(o)->cancel)

int combat(const double *const *x, size_t nfeat, size_t n, const size_t *batch, size_t nbatch, const double *cov,
           size_t ncov, const CombatOpts *o, double *const *out, CombatResult *res) {
    memset(res, 0, sizeof *res);
    double conv = o->conv > 0 ? o->conv : 1e-4;
    int max_iter = o->max_iter > 0 ? o->max_iter : 10000;
    long ref = o->ref;
    if (nbatch < 2 || (ref >= 0 && (size_t)ref >= nbatch) || ref < -1) return -5;
    size_t F = nfeat, B = nbatch;
    res->nfeat = F;
    res->nbatch = B;
    res->status = calloc(F ? F : 1, 1);
    res->skip_batch = malloc((F ? F : 1) * sizeof *res->skip_batch);
    res->gamma_hat = malloc(nz(B * F) * sizeof(double));
    res->delta_hat = malloc(nz(B * F) * sizeof(double));
    res->gamma_star = malloc(nz(B * F) * sizeof(double));
    res->delta_star = malloc(nz(B * F) * sizeof(double));
    res->gamma_bar = malloc(B * sizeof(double));
    res->t2 = malloc(B * sizeof(double));
    res->a_prior = malloc(B * sizeof(double));
    res->b_prior = malloc(B * sizeof(double));
    res->iterations = calloc(B, sizeof(int));
    res->converged = 1;
    size_t *nb = calloc(B, sizeof *nb);
    if (!res->status || !res->skip_batch || !res->gamma_hat || !res->delta_hat || !res->gamma_star ||
        !res->delta_star || !res->gamma_bar || !res->t2 || !res->a_prior || !res->b_prior || !res->iterations || !nb) {
        free(nb);
        return -1;
    }
    for (size_t k = 0; k < B * F; k++)
        res->gamma_hat[k] = res->delta_hat[k] = res->gamma_star[k] = res->delta_star[k] = NAN;
    for (size_t f = 0; f < F; f++) res->skip_batch[f] = NONE;
    /* input checks */
    for (size_t i = 0; i < n; i++) {
        if (batch[i] >= B) { free(nb); return -5; }
        nb[batch[i]]++;
    }
    for (size_t b = 0; b < B; b++)
        if (!nb[b]) { free(nb); return -5; }
    for (size_t k = 0; k < n * ncov; k++)
        if (!isfinite(cov[k])) { free(nb); return -5; }
    for (size_t f = 0; f < F; f++)
        for (size_t i = 0; i < n; i++)
            if (isinf(x[f][i])) { free(nb); return -5; }

    /* mean.only: asked, or forced by a batch of one sample */
    int mean_only = o->mean_only != 0;
    for (size_t b = 0; b < B; b++)
        if (nb[b] == 1 && !mean_only) { mean_only = 1; res->mean_only_forced = 1; }
    res->mean_only = mean_only;

    /* design: batch columns (the reference's all ones), then the covariates
       that are not all ones (sva drops an intercept) */
    size_t *cov_keep = malloc((ncov ? ncov : 1) * sizeof *cov_keep), nc = 0;
    if (!cov_keep) { free(nb); return -1; }
    for (size_t c = 0; c < ncov; c++) {
        int ones = 1;
        for (size_t i = 0; i < n && ones; i++) ones = cov[c * n + i] == 1;
        if (!ones) cov_keep[nc++] = c;
    }
    size_t P = B + nc;
    double *X = malloc(nz(n * P) * sizeof *X);   /* column-major: column j at X + j·n */
    if (!X) { free(nb); free(cov_keep); return -1; }
    for (size_t b = 0; b < B; b++)
        for (size_t i = 0; i < n; i++) X[b * n + i] = (ref >= 0 && (size_t)ref == b) || batch[i] == b ? 1 : 0;
    for (size_t c = 0; c < nc; c++) memcpy(X + (B + c) * n, cov + cov_keep[c] * n, n * sizeof *X);
    free(cov_keep);
    int rc = 0;
    if (nc && col_rank(X, n, P) < P) {
        /* sva's messages: one covariate confounded with batch, or the covariates among themselves */
        rc = nc > 1 && col_rank(X + B * n, n, nc) < nc ? -4 : -3;
        free(X);
        free(nb);
        return rc;
    }

    /* the constant / too-few check (sva's zero.rows) */
    size_t nmiss_used = 0;
    for (size_t f = 0; f < F; f++) {
        const double *v = x[f];
        for (size_t b = 0; b < B && !res->status[f]; b++) {
            size_t m = 0;
            double first = NAN;
            int constant = 1;
            for (size_t i = 0; i < n; i++) {
                if (batch[i] != b || isnan(v[i])) continue;
                if (!m) first = v[i];
                else if (v[i] != first) constant = 0;
                m++;
            }
            if (nb[b] >= 2 && m < 2) res->status[f] = COMBAT_TOO_FEW;
            else if (nb[b] == 1 && m == 0) res->status[f] = COMBAT_TOO_FEW;
            else if (nb[b] >= 2 && constant) res->status[f] = COMBAT_CONSTANT;
            if (res->status[f]) res->skip_batch[f] = b;
        }
        if (!res->status[f])
            for (size_t i = 0; i < n; i++) nmiss_used += isnan(v[i]);
    }
    res->n_missing = nmiss_used;
    int na_path = nmiss_used > 0;

    /* B.hat by least squares; var.pooled; s.data */
    double *XtX = malloc(P * P * sizeof *XtX), *L = malloc(P * P * sizeof *L), *Lf = malloc(P * P * sizeof *Lf);
    double *beta = malloc(nz(F * P) * sizeof *beta), *vp = malloc((F ? F : 1) * sizeof *vp);
    double *S = malloc(nz(F * n) * sizeof *S), *rhs = malloc(P * sizeof *rhs);
    double *gm = malloc((F ? F : 1) * sizeof *gm);
    unsigned char *use = calloc(F ? F : 1, 1);
    if (!XtX || !L || !Lf || !beta || !vp || !S || !rhs || !gm || !use) { rc = -1; goto out; }
    for (size_t a = 0; a < P; a++)
        for (size_t c = 0; c <= a; c++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += X[a * n + i] * X[c * n + i];
            XtX[a * P + c] = XtX[c * P + a] = s;
        }
    memcpy(L, XtX, P * P * sizeof *L);
    if (chol(L, P) < 0) { rc = -3; goto out; }   /* not reached: the rank check above */
    for (size_t f = 0; f < F; f++) {
        if (CANCELLED(o)) { rc = -2; goto out; }
        if (res->status[f]) continue;
        const double *v = x[f];
        int complete = 1;
        for (size_t i = 0; i < n && complete; i++) complete = !isnan(v[i]);
        const double *Lu = L;
        if (!complete) {   /* sva's Beta.NA: the design of the present samples */
            for (size_t a = 0; a < P; a++)
                for (size_t c = 0; c <= a; c++) {
                    double s = 0;
                    for (size_t i = 0; i < n; i++)
                        if (!isnan(v[i])) s += X[a * n + i] * X[c * n + i];
                    Lf[a * P + c] = Lf[c * P + a] = s;
                }
            if (chol(Lf, P) < 0) { res->status[f] = COMBAT_DESIGN; continue; }
            Lu = Lf;
        }
        for (size_t a = 0; a < P; a++) {
            long double s = 0;
            for (size_t i = 0; i < n; i++)
                if (!isnan(v[i])) s += X[a * n + i] * v[i];
            rhs[a] = (double)s;
        }
        chol_solve(Lu, P, rhs);
        memcpy(beta + f * P, rhs, P * sizeof *rhs);
        /* grand.mean: the reference batch's coefficient, or the batch-size weighted mean */
        double g = 0;
        if (ref >= 0) g = rhs[ref];
        else
            for (size_t b = 0; b < B; b++) g += (double)nb[b] / (double)n * rhs[b];
        gm[f] = g;
        /* var.pooled from the residuals of the full design */
        long double ss = 0, sr = 0;
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(v[i]) || (ref >= 0 && batch[i] != (size_t)ref)) continue;
            double fit = 0;
            for (size_t a = 0; a < P; a++) fit += X[a * n + i] * rhs[a];
            double e = v[i] - fit;
            ss += (long double)e * e;
            sr += e;
            m++;
        }
        double var;
        if (!na_path) var = m ? (double)(ss / m) : NAN;   /* sva: mean of the squared residuals */
        else var = m > 1 ? (double)((ss - sr * sr / m) / (m - 1)) : NAN;   /* sva: rowVars(…, na.rm = TRUE) */
        if (!(var > 0) || !isfinite(var)) { res->status[f] = COMBAT_NO_VARIANCE; continue; }
        vp[f] = var;
        double sd = sqrt(var);
        for (size_t i = 0; i < n; i++) {
            double sm = g;   /* stand.mean: grand mean plus the covariate effects */
            for (size_t c = 0; c < nc; c++) sm += X[(B + c) * n + i] * rhs[B + c];
            S[f * n + i] = (v[i] - sm) / sd;
        }
        use[f] = 1;
    }
    size_t K = 0;
    for (size_t f = 0; f < F; f++) K += use[f];
    for (size_t f = 0; f < F; f++) res->n_skipped += res->status[f] != COMBAT_ADJUSTED;
    if (K < 2) { rc = -6; goto out; }

    /* gamma.hat, delta.hat; per batch and feature also the mean, the sum
       of squares about it and the count of the standardised values */
    double *bmean = malloc(B * F * sizeof *bmean), *bss = malloc(B * F * sizeof *bss);
    size_t *bcnt = malloc(B * F * sizeof *bcnt);
    if (!bmean || !bss || !bcnt) { free(bmean); free(bss); free(bcnt); rc = -1; goto out; }
    for (size_t f = 0; f < F; f++) {
        if (!use[f]) continue;
        for (size_t b = 0; b < B; b++) { bmean[b * F + f] = 0; bss[b * F + f] = 0; bcnt[b * F + f] = 0; }
        const double *s = S + f * n;
        for (size_t i = 0; i < n; i++)
            if (!isnan(s[i])) { bmean[batch[i] * F + f] += s[i]; bcnt[batch[i] * F + f]++; }
        for (size_t b = 0; b < B; b++) bmean[b * F + f] /= (double)bcnt[b * F + f];
        for (size_t i = 0; i < n; i++)
            if (!isnan(s[i])) {
                double d = s[i] - bmean[batch[i] * F + f];
                bss[batch[i] * F + f] += d * d;
            }
        for (size_t b = 0; b < B; b++) {
            double gh = bmean[b * F + f];
            /* with a reference batch its column is the intercept: the others are differences */
            if (ref >= 0 && b != (size_t)ref) gh -= bmean[ref * F + f];
            res->gamma_hat[b * F + f] = gh;
            res->delta_hat[b * F + f] = mean_only ? 1 : bss[b * F + f] / (double)(bcnt[b * F + f] - 1);
        }
    }
    for (size_t b = 0; b < B; b++) {
        double m, s2;
        mean_var_of(res->gamma_hat + b * F, 1, use, F, &res->gamma_bar[b], &res->t2[b]);
        mean_var_of(res->delta_hat + b * F, 1, use, F, &m, &s2);
        res->a_prior[b] = s2 > 0 ? (2 * s2 + m * m) / s2 : INFINITY;
        res->b_prior[b] = s2 > 0 ? (m * s2 + m * m * m) / s2 : INFINITY;
    }

    /* the empirical-Bayes estimates, batch by batch */
    double *gold = malloc(F * sizeof *gold), *dold = malloc(F * sizeof *dold);
    double *logd = malloc(F * sizeof *logd);
    if (!gold || !dold || !logd) { rc = -1; goto out2; }
    for (size_t b = 0; b < B; b++) {
        double *gh = res->gamma_hat + b * F, *dh = res->delta_hat + b * F;
        double *gs = res->gamma_star + b * F, *ds = res->delta_star + b * F;
        double gbar = res->gamma_bar[b], t2 = res->t2[b], a = res->a_prior[b], bp = res->b_prior[b];
        if (o->prior == COMBAT_PARAMETRIC && mean_only) {
            for (size_t f = 0; f < F; f++)
                if (use[f]) { gs[f] = (t2 * gh[f] + gbar) / (t2 + 1); ds[f] = 1; }   /* sva: postmean(…, 1, 1, t2) */
        } else if (o->prior == COMBAT_PARAMETRIC) {
            /* sva's it.sol: every feature of the batch iterated together
               until the largest relative change is at most conv */
            for (size_t f = 0; f < F; f++) { gold[f] = gh[f]; dold[f] = dh[f]; }
            double change = 1;
            int it = 0;
            while (change > conv) {
                if (CANCELLED(o)) { rc = -2; goto out2; }
                if (it >= max_iter) { res->converged = 0; break; }
                change = -INFINITY;
                for (size_t f = 0; f < F; f++) {
                    if (!use[f]) continue;
                    double nn = (double)bcnt[b * F + f];
                    double g = (t2 * nn * gh[f] + dold[f] * gbar) / (t2 * nn + dold[f]);
                    double dm = bmean[b * F + f] - g;
                    double sum2 = bss[b * F + f] + nn * dm * dm;
                    double d = (0.5 * sum2 + bp) / (nn / 2 + a - 1);
                    /* sva: max(abs(g.new − g.old) / g.old, abs(d.new − d.old) / d.old), signed denominators */
                    double c1 = fabs(g - gold[f]) / gold[f], c2 = fabs(d - dold[f]) / dold[f];
                    if (c1 > change) change = c1;
                    if (c2 > change) change = c2;
                    gold[f] = g;
                    dold[f] = d;
                }
                it++;
            }
            res->iterations[b] = it;
            for (size_t f = 0; f < F; f++)
                if (use[f]) { gs[f] = gold[f]; ds[f] = dold[f]; }
        } else {
            /* sva's int.eprior: the other features' (gamma-hat, delta-hat)
               as the prior sample, weighted by the normal likelihood of
               this feature's values in the batch (in log scale) */
            for (size_t j = 0; j < F; j++)
                if (use[j]) logd[j] = dh[j] > 0 ? log(2 * M_PI * dh[j]) : NAN;
            for (size_t f = 0; f < F; f++) {
                if (!use[f]) continue;
                if (CANCELLED(o)) { rc = -2; goto out2; }
                double nn = (double)bcnt[b * F + f], mf = bmean[b * F + f], ssf = bss[b * F + f];
                double mx = -INFINITY;
                for (size_t j = 0; j < F; j++) {
                    if (j == f || !use[j] || isnan(logd[j])) continue;
                    double dm = mf - gh[j];
                    double l = -0.5 * nn * logd[j] - (ssf + nn * dm * dm) / (2 * dh[j]);
                    if (l > mx) mx = l;
                }
                if (mx < -745.13) res->np_underflow++;   /* every exp() in sva's product is 0 */
                long double sw = 0, sg = 0, sd = 0;
                for (size_t j = 0; j < F; j++) {
                    if (j == f || !use[j] || isnan(logd[j])) continue;
                    double dm = mf - gh[j];
                    double l = -0.5 * nn * logd[j] - (ssf + nn * dm * dm) / (2 * dh[j]);
                    double w = exp(l - mx);
                    sw += w;
                    sg += w * gh[j];
                    sd += w * dh[j];
                }
                gs[f] = sw > 0 ? (double)(sg / sw) : NAN;
                ds[f] = sw > 0 ? (double)(sd / sw) : NAN;
            }
        }
        if (ref >= 0 && b == (size_t)ref)
            for (size_t f = 0; f < F; f++)
                if (use[f]) { gs[f] = 0; ds[f] = 1; }
    }

    /* adjust: back to the feature's scale and mean; the reference batch
       and the features left out are returned as they were */
    for (size_t f = 0; f < F; f++) {
        if (!use[f]) {
            if (out[f] != x[f]) memcpy(out[f], x[f], n * sizeof(double));
            continue;
        }
        double sd = sqrt(vp[f]);
        const double *be = beta + f * P;
        for (size_t i = 0; i < n; i++) {
            size_t b = batch[i];
            if (ref >= 0 && b == (size_t)ref) { out[f][i] = x[f][i]; continue; }
            double sm = gm[f];
            for (size_t c = 0; c < nc; c++) sm += X[(B + c) * n + i] * be[B + c];
            double z = (S[f * n + i] - res->gamma_star[b * F + f]) / sqrt(res->delta_star[b * F + f]);
            out[f][i] = z * sd + sm;
        }
    }
out2:
    free(gold);
    free(dold);
    free(logd);
    free(bmean);
    free(bss);
    free(bcnt);
out:
    free(nb);
    free(X);
    free(XtX);
    free(L);
    free(Lf);
    free(beta);
    free(vp);
    free(S);
    free(rhs);
    free(gm);
    free(use);
    return rc;
}
