/* cox.c — see cox.h. */
#include "stats/cox.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/ldl.h"

#define COX_EPS 1e-9       /* coxph.control(eps) */
#define COX_MAXITER 20     /* coxph.control(iter.max) */

typedef struct Subj {
    double t, e;    /* time, event */
    size_t i;       /* row in x */
    size_t st;      /* stratum (0 without strata) */
} Subj;

/* Sorted by stratum, then time descending (the risk set grows as we go). */
static int cmp_desc(const void *a, const void *b) {
    const Subj *x = a, *y = b;
    if (x->st != y->st) return x->st < y->st ? -1 : 1;
    if (x->t != y->t) return x->t < y->t ? 1 : -1;
    return (x->e > y->e) - (x->e < y->e);   /* censored first within a time: no effect on sums */
}

/* The rows a fit uses (time, event, x present, stratum and cluster not
 * COX_SKIP), sorted.  Returns the count; *inf is set when a used row has an
 * infinite covariate. */
static size_t select_rows(const double *time, const double *event, const double *x, size_t n, size_t p,
                          const CoxOpts *o, Subj *s, int *inf) {
    size_t m = 0;
    *inf = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(time[i]) && !isnan(event[i]);
        for (size_t a = 0; a < p && ok; a++) ok = !isnan(x[a * n + i]);
        if (ok && o && o->strata) ok = o->strata[i] != COX_SKIP;
        if (ok && o && o->cluster) ok = o->cluster[i] != COX_SKIP;
        if (!ok) continue;
        for (size_t a = 0; a < p; a++)
            if (isinf(x[a * n + i])) *inf = 1;
        s[m++] = (Subj){time[i], event[i] != 0, i, o && o->strata ? o->strata[i] : 0};
    }
    qsort(s, m, sizeof *s, cmp_desc);
    return m;
}

/* Subjects i.. with the same stratum and time as s[i]: returns the end. */
static size_t tie_end(const Subj *s, size_t m, size_t i) {
    size_t j = i;
    while (j < m && s[j].st == s[i].st && s[j].t == s[i].t) j++;
    return j;
}

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

/* Log partial likelihood at beta, with its gradient u and information imat
 * (p × p).  z: scaled covariates, row-major m × p, in the sorted order;
 * risk sets start afresh in each stratum.  w: 4p + 2p² doubles. */
static double partial(const Subj *s, size_t m, const double *z, size_t p, const double *beta, CoxTies ties,
                      double *u, double *imat, double *w) {
    double *s1 = w, *s2 = s1 + p, *d1 = s2 + p * p, *d2 = d1 + p, *a1 = d2 + p * p;
    double ll = 0, s0 = 0;
    memset(u, 0, p * sizeof *u);
    memset(imat, 0, p * p * sizeof *imat);
    for (size_t i = 0; i < m;) {
        if (i == 0 || s[i].st != s[i - 1].st) {   /* a new stratum: an empty risk set */
            s0 = 0;
            memset(s1, 0, p * sizeof *s1);
            memset(s2, 0, p * p * sizeof *s2);
        }
        /* all subjects at this time join the risk set */
        size_t j = tie_end(s, m, i);
        double d0 = 0, nd = 0;
        memset(d1, 0, p * sizeof *d1);
        memset(d2, 0, p * p * sizeof *d2);
        for (size_t q = i; q < j; q++) {
            const double *zi = z + q * p;
            double eta = join_risk_set(zi, beta, p, s[q].e != 0, &s0, s1, s2, &d0, d1, d2);
            if (s[q].e) {
                nd++;
                ll += eta;
                for (size_t a = 0; a < p; a++) u[a] += zi[a];
            }
        }
        int efron = ties == TIES_EFRON && nd > 1;
        for (double k = 0; k < nd; k++) {
            double phi = efron ? k / nd : 0;
            double den = s0 - phi * d0;
            for (size_t a = 0; a < p; a++) a1[a] = (s1[a] - phi * d1[a]) / den;
            ll -= log(den);
            for (size_t a = 0; a < p; a++) {
                u[a] -= a1[a];
                for (size_t b = 0; b < p; b++) imat[a * p + b] += (s2[a * p + b] - phi * d2[a * p + b]) / den - a1[a] * a1[b];
            }
        }
        i = j;
    }
    return ll;
}

/* Score residuals at beta (m × p, sorted order, scaled units): for subject
 * i, δ_i (z_i − its share of the event-time means) − r_i Σ (z_i − mean)
 * dΛ over the event times up to t_i in its stratum, Efron's weights for
 * the deaths tied with it.  They sum to the score u.  Returns 0 or -1. */
static int score_resid(const Subj *s, size_t m, const double *z, size_t p, const double *beta, CoxTies ties,
                       double *res) {
    /* per tie group (descending order): H = Σ 1/den, HZ = Σ mean/den; Hd, HZd
       the same with the weights of a death in the group; MB = the mean of
       the means (a death's share) */
    size_t ng = 0;
    for (size_t i = 0; i < m; i = tie_end(s, m, i)) ng++;
    size_t *start = malloc((ng ? ng : 1) * sizeof *start);
    double *H = calloc(2 * (ng ? ng : 1), sizeof *H), *HZ = calloc(3 * (ng ? ng : 1) * (p ? p : 1), sizeof *HZ);
    double *r = malloc((m ? m : 1) * sizeof *r), *s1 = malloc((p ? p : 1) * sizeof *s1);
    double *d1 = malloc((p ? p : 1) * sizeof *d1), *mk = malloc((p ? p : 1) * sizeof *mk);
    double *cz = malloc((p ? p : 1) * sizeof *cz);
    int rc = -1;
    if (!start || !H || !HZ || !r || !s1 || !d1 || !mk || !cz) goto out;
    double *Hd = H + ng, *HZd = HZ + ng * p, *MB = HZd + ng * p;
    double s0 = 0;
    size_t g = 0;
    for (size_t i = 0; i < m; g++) {
        if (i == 0 || s[i].st != s[i - 1].st) { s0 = 0; memset(s1, 0, p * sizeof *s1); }
        start[g] = i;
        size_t j = tie_end(s, m, i);
        double d0 = 0, nd = 0;
        memset(d1, 0, p * sizeof *d1);
        for (size_t q = i; q < j; q++) {
            double eta = 0;
            for (size_t a = 0; a < p; a++) eta += z[q * p + a] * beta[a];
            r[q] = exp(eta);
            s0 += r[q];
            for (size_t a = 0; a < p; a++) s1[a] += r[q] * z[q * p + a];
            if (s[q].e) {
                nd++;
                d0 += r[q];
                for (size_t a = 0; a < p; a++) d1[a] += r[q] * z[q * p + a];
            }
        }
        int efron = ties == TIES_EFRON && nd > 1;
        for (double k = 0; k < nd; k++) {
            double phi = efron ? k / nd : 0, den = s0 - phi * d0, wd = efron ? 1 - k / nd : 1;
            H[g] += 1 / den;
            Hd[g] += wd / den;
            for (size_t a = 0; a < p; a++) {
                mk[a] = (s1[a] - phi * d1[a]) / den;
                HZ[g * p + a] += mk[a] / den;
                HZd[g * p + a] += wd * mk[a] / den;
                MB[g * p + a] += mk[a] / nd;
            }
        }
        i = j;
    }
    /* ascending time within each stratum: the groups backwards */
    double cH = 0;
    for (size_t gg = ng; gg-- > 0;) {
        size_t i = start[gg], j = gg + 1 < ng ? start[gg + 1] : m;
        if (j == m || s[j].st != s[i].st) { cH = 0; memset(cz, 0, p * sizeof *cz); }   /* the stratum's last time */
        for (size_t q = i; q < j; q++) {
            const double *zq = z + q * p;
            double *out = res + q * p;
            int dead = s[q].e != 0;
            double h = cH + (dead ? Hd[gg] : H[gg]);
            for (size_t a = 0; a < p; a++) {
                double hz = cz[a] + (dead ? HZd[gg * p + a] : HZ[gg * p + a]);
                out[a] = (dead ? zq[a] - MB[gg * p + a] : 0) - r[q] * (zq[a] * h - hz);
            }
        }
        cH += H[gg];
        for (size_t a = 0; a < p; a++) cz[a] += HZ[gg * p + a];
    }
    rc = 0;
out:
    free(start);
    free(H);
    free(HZ);
    free(r);
    free(s1);
    free(d1);
    free(mk);
    free(cz);
    return rc;
}

/* Σ over clusters of (Σ_{i in c} R_i)(Σ_{i in c} R_i)ᵀ for the m × p rows R
 * (in the sorted order of s); cluster NULL: each subject its own. */
static int cluster_crossprod(const Subj *s, size_t m, const double *R, size_t p, const CoxOpts *o, double *out) {
    memset(out, 0, p * p * sizeof *out);
    size_t nc = o->cluster ? o->ncluster : 0;
    double *sum = o->cluster ? calloc((nc ? nc : 1) * (p ? p : 1), sizeof *sum) : NULL;
    if (o->cluster && !sum) return -1;
    for (size_t q = 0; q < m; q++) {
        const double *rq = R + q * p;
        if (sum) {
            size_t c = o->cluster[s[q].i];
            if (c >= nc) continue;
            for (size_t a = 0; a < p; a++) sum[c * p + a] += rq[a];
        } else {
            for (size_t a = 0; a < p; a++)
                for (size_t b = 0; b < p; b++) out[a * p + b] += rq[a] * rq[b];
        }
    }
    if (sum)
        for (size_t c = 0; c < nc; c++)
            for (size_t a = 0; a < p; a++)
                for (size_t b = 0; b < p; b++) out[a * p + b] += sum[c * p + a] * sum[c * p + b];
    free(sum);
    return 0;
}

static double chisq_p(double x, double df) {
    if (!isfinite(x) || !(df > 0)) return NAN;
    return x <= 0 ? 1 : gsl_cdf_chisq_Q(x, df);
}

/* bᵀ V⁻ b over the terms that are not aliased (coxph.wtest on var[nabeta, nabeta]). */
static double wald_test(const double *V, const double *b, const int *aliased, size_t p) {
    size_t k = 0;
    for (size_t a = 0; a < p; a++) k += !aliased[a];
    double *Vk = malloc((k ? k * k : 1) * sizeof *Vk), *bk = malloc((k ? k : 1) * sizeof *bk), w = NAN;
    if (Vk && bk) {
        size_t ra = 0;
        for (size_t a = 0; a < p; a++) {
            if (aliased[a]) continue;
            bk[ra] = b[a];
            size_t rb = 0;
            for (size_t c = 0; c < p; c++)
                if (!aliased[c]) Vk[ra * k + rb++] = V[a * p + c];
            ra++;
        }
        w = ldl_quadform(Vk, bk, k, LDL_TOLER, NULL);
    }
    free(Vk);
    free(bk);
    return w;
}

void cox_free(CoxFit *f) {
    free(f->aliased);
    free(f->alias);
    free(f->coef);
    free(f->se);
    free(f->var);
    free(f->rse);
    free(f->rvar);
    memset(f, 0, sizeof *f);
}

int cox_fit(const double *time, const double *event, const double *x, size_t n, size_t p, CoxTies ties, CoxFit *f) {
    CoxOpts o = {.ties = ties};
    return cox_fit_opts(time, event, x, n, p, &o, f);
}

int cox_fit_opts(const double *time, const double *event, const double *x, size_t n, size_t p, const CoxOpts *opts,
                 CoxFit *f) {
    stats_init();
    CoxOpts dflt = {.ties = TIES_EFRON};
    const CoxOpts *o = opts ? opts : &dflt;
    memset(f, 0, sizeof *f);
    f->p = p;
    f->loglik0 = f->loglik = f->lr = f->wald = f->score = f->rscore = NAN;
    f->p_lr = f->p_wald = f->p_score = f->p_rscore = NAN;
    size_t P = p ? p : 1, PP = P * P;
    Subj *s = malloc((n ? n : 1) * sizeof *s);
    double *z = calloc((n ? n : 1) * P, sizeof *z), *sc = malloc(P * sizeof *sc), *mean = malloc(P * sizeof *mean);
    double *avg = malloc(P * sizeof *avg);
    double *beta = calloc(P, sizeof *beta), *nb = calloc(P, sizeof *nb), *u = malloc(P * sizeof *u);
    double *imat = malloc(PP * sizeof *imat), *fac = malloc(PP * sizeof *fac), *step = malloc(P * sizeof *step);
    double *vs = malloc(PP * sizeof *vs), *w = malloc((4 * P + 2 * PP) * sizeof *w);
    double *res = NULL;
    f->aliased = calloc(P, sizeof *f->aliased);
    f->alias = calloc(P * (P + 1), sizeof *f->alias);
    f->coef = calloc(P, sizeof *f->coef);
    f->se = calloc(P, sizeof *f->se);
    f->var = calloc(PP, sizeof *f->var);
    if (o->robust) {
        f->rse = calloc(P, sizeof *f->rse);
        f->rvar = calloc(PP, sizeof *f->rvar);
    }
    int rc = -1;
    if (!s || !z || !sc || !mean || !avg || !beta || !nb || !u || !imat || !fac || !step || !vs || !w || !f->aliased ||
        !f->alias || !f->coef || !f->se || !f->var || (o->robust && (!f->rse || !f->rvar)))
        goto out;
    int inf;
    size_t m = select_rows(time, event, x, n, p, o, s, &inf);
    if (inf) { rc = -2; goto out; }
    f->n = m;
    for (size_t i = 0; i < m; i++) {
        f->events += s[i].e != 0;
        f->nstrata += i == 0 || s[i].st != s[i - 1].st;
    }
    /* centre and scale as coxph: columns of −1/0/1 only are left alone */
    for (size_t a = 0; a < p; a++) {
        int plain = 1;
        double sum = 0;
        for (size_t i = 0; i < m; i++) {
            double v = x[a * n + s[i].i];
            sum += v;
            if (v != 0 && v != 1 && v != -1) plain = 0;
        }
        avg[a] = m ? sum / (double)m : 0;
        mean[a] = plain ? 0 : avg[a];
        double mad = 0;
        for (size_t i = 0; i < m; i++) mad += fabs(x[a * n + s[i].i] - mean[a]);
        sc[a] = plain || mad == 0 ? 1 : (double)m / mad;
        for (size_t i = 0; i < m; i++) z[i * p + a] = (x[a * n + s[i].i] - mean[a]) * sc[a];
    }
    rc = 0;
    if (!m || !f->events) {
        for (size_t a = 0; a < p; a++) f->coef[a] = f->se[a] = NAN;
        goto out;
    }
    /* beta = 0: the null likelihood and the score test */
    double ll = partial(s, m, z, p, beta, o->ties, u, imat, w);
    f->loglik0 = ll;
    memcpy(fac, imat, p * p * sizeof *fac);
    ldl_factor(fac, p, LDL_TOLER, f->aliased);
    memcpy(step, u, p * sizeof *u);
    ldl_solve(fac, p, step);
    double sct = 0;
    for (size_t a = 0; a < p; a++) {
        sct += step[a] * u[a];
        nb[a] = beta[a] + step[a];
    }
    f->score = sct;
    /* Newton–Raphson from the score step: nb is the trial point, beta the last accepted */
    int halving = 0, iter;
    double nl = ll;
    for (iter = 1; iter <= COX_MAXITER; iter++) {
        nl = partial(s, m, z, p, nb, o->ties, u, imat, w);
        memcpy(fac, imat, p * p * sizeof *fac);
        ldl_factor(fac, p, LDL_TOLER, f->aliased);
        if (isfinite(nl) && !halving && (nl == ll || fabs(1 - ll / nl) <= COX_EPS)) { f->converged = 1; break; }
        if (iter == COX_MAXITER) break;
        if (!isfinite(nl) || nl < ll) {   /* the likelihood dropped: half the step */
            halving = 1;
            for (size_t a = 0; a < p; a++) nb[a] = (nb[a] + beta[a]) / 2;
        } else {
            halving = 0;
            ll = nl;
            memcpy(step, u, p * sizeof *u);
            ldl_solve(fac, p, step);
            for (size_t a = 0; a < p; a++) {
                beta[a] = nb[a];
                nb[a] += step[a];
            }
        }
    }
    f->iter = iter > COX_MAXITER ? COX_MAXITER : iter;
    f->loglik = isfinite(nl) ? nl : NAN;
    /* the estimate, its variance (the generalised inverse at nb), unscaled */
    ldl_inverse(fac, p, vs, step);
    for (size_t a = 0; a < p; a++) {
        f->df += !f->aliased[a];
        f->singular |= f->aliased[a];
        f->coef[a] = f->aliased[a] ? NAN : nb[a] * sc[a];
        for (size_t b = 0; b < p; b++) f->var[a * p + b] = vs[a * p + b] * sc[a] * sc[b];
        f->se[a] = f->aliased[a] ? NAN : sqrt(vs[a * p + a]) * sc[a];   /* no underflow through var */
        /* a coefficient running off to infinity: large (in the scaled units,
           so whatever the covariate's unit), and its se larger still */
        if (!f->aliased[a] && fabs(nb[a]) > 10 && sqrt(vs[a * p + a]) > fabs(nb[a])) f->infinite = 1;
    }
    /* an aliased term as a combination of the terms before it: vs · imat[, j]
       in scaled units (weights below 1e-6 there are rounding), then in
       the covariates' own units with the constant */
    for (size_t j = 0; j < p; j++) {
        if (!f->aliased[j]) continue;
        double *row = f->alias + j * (p + 1), c = avg[j];
        for (size_t k = 0; k < p; k++) {
            double wk = 0;
            for (size_t q = 0; q < p; q++) wk += vs[k * p + q] * imat[q * p + j];
            row[k] = f->aliased[k] || fabs(wk) < 1e-6 ? 0 : wk * sc[k] / sc[j];
            c -= row[k] * avg[k];
        }
        row[p] = c;
    }
    /* the robust variance, the Wald and robust score tests: in scaled units
       (the same numbers; nothing under- or overflows with a covariate's unit) */
    double *rvs = NULL;
    if (o->robust) {
        /* dfbeta = score residuals × var, summed within clusters: D'D */
        res = malloc(m * P * sizeof *res);
        rvs = malloc(PP * sizeof *rvs);
        double *bz = calloc(P, sizeof *bz), *D = malloc(m * P * sizeof *D), *M = malloc(PP * sizeof *M);
        int ok = res && rvs && bz && D && M;
        for (size_t a = 0; a < p && ok; a++) bz[a] = f->aliased[a] ? 0 : nb[a];
        if (ok) ok = score_resid(s, m, z, p, bz, o->ties, res) == 0;
        if (ok) {
            for (size_t q = 0; q < m; q++)
                for (size_t b = 0; b < p; b++) {
                    double v = 0;
                    for (size_t a = 0; a < p; a++) v += res[q * p + a] * vs[a * p + b];
                    D[q * p + b] = v;
                }
            ok = cluster_crossprod(s, m, D, p, o, rvs) == 0;
        }
        for (size_t a = 0; a < p && ok; a++) {
            f->rse[a] = f->aliased[a] ? NAN : sqrt(rvs[a * p + a]) * sc[a];
            for (size_t b = 0; b < p; b++) f->rvar[a * p + b] = rvs[a * p + b] * sc[a] * sc[b];
        }
        /* the robust score test: the residuals at beta = 0 */
        if (ok) {
            memset(bz, 0, P * sizeof *bz);
            ok = score_resid(s, m, z, p, bz, o->ties, res) == 0;
        }
        if (ok) {
            double *U = step;
            memset(U, 0, p * sizeof *U);
            for (size_t q = 0; q < m; q++)
                for (size_t a = 0; a < p; a++) U[a] += res[q * p + a];
            ok = cluster_crossprod(s, m, res, p, o, M) == 0;
            if (ok) f->rscore = ldl_quadform(M, U, p, LDL_TOLER, NULL);
        }
        free(bz);
        free(D);
        free(M);
        if (!ok) { free(rvs); rc = -1; goto out; }
    }
    f->wald = wald_test(o->robust ? rvs : vs, nb, f->aliased, p);
    free(rvs);
    if (isfinite(f->loglik) && isfinite(f->loglik0)) f->lr = 2 * (f->loglik - f->loglik0);
    f->p_lr = chisq_p(f->lr, (double)f->df);
    f->p_wald = chisq_p(f->wald, (double)f->df);
    f->p_score = chisq_p(f->score, (double)f->df);
    f->p_rscore = chisq_p(f->rscore, (double)f->df);
out:
    free(s);
    free(z);
    free(sc);
    free(mean);
    free(avg);
    free(beta);
    free(nb);
    free(u);
    free(imat);
    free(fac);
    free(step);
    free(vs);
    free(w);
    free(res);
    if (rc == -1) {   /* out of memory: nothing half-made */
        cox_free(f);
        f->p = p;
    }
    return rc;
}

int cox_zph(const double *time, const double *event, const double *x, size_t n, size_t p, const double *beta,
            const CoxOpts *opts, double *chisq, double *df, double *pval) {
    stats_init();
    size_t q = 2 * p, P = p ? p : 1;
    CoxTies ties = opts ? opts->ties : TIES_EFRON;
    Subj *s = malloc((n ? n : 1) * sizeof *s);
    double *z = malloc((n ? n : 1) * P * sizeof *z), *g = malloc((n ? n : 1) * sizeof *g);
    double *tm = malloc((n ? n : 1) * sizeof *tm), *ev = malloc((n ? n : 1) * sizeof *ev);
    double *M = calloc(q ? q * q : 1, sizeof *M), *u = calloc(q ? q : 1, sizeof *u);
    double *s1 = malloc(P * sizeof *s1), *s2 = malloc(P * P * sizeof *s2);
    double *d1 = malloc(P * sizeof *d1), *d2 = malloc(P * P * sizeof *d2), *a1 = malloc(P * sizeof *a1);
    double *sub = malloc((q ? q * q : 1) * sizeof *sub), *ub = malloc((q ? q : 1) * sizeof *ub);
    size_t *ix = malloc((q ? q : 1) * sizeof *ix);
    double *bs = malloc(P * sizeof *bs);
    int rc = -1;
    if (!s || !z || !g || !tm || !ev || !M || !u || !s1 || !s2 || !d1 || !d2 || !a1 || !sub || !ub || !ix || !bs) goto out;
    int inf;
    size_t m = select_rows(time, event, x, n, p, opts, s, &inf);
    /* g(t) = 1 − S(t−) of the Kaplan–Meier of all subjects (strata pooled, as
       cox.zph), centred over the events: a time-sorted copy */
    {
        for (size_t i = 0; i < m; i++) { tm[i] = s[i].t; ev[i] = s[i].e; }
        size_t *ord = malloc((m ? m : 1) * sizeof *ord);
        if (!ord) goto out;
        for (size_t i = 0; i < m; i++) ord[i] = i;
        /* insertion would be quadratic: sort indices by time (a small merge sort) */
        size_t *tmp = malloc((m ? m : 1) * sizeof *tmp);
        if (!tmp) { free(ord); goto out; }
        for (size_t width = 1; width < m; width *= 2)
            for (size_t lo = 0; lo < m; lo += 2 * width) {
                size_t mid = lo + width < m ? lo + width : m, hi = lo + 2 * width < m ? lo + 2 * width : m;
                size_t a = lo, b = mid, k = lo;
                while (a < mid && b < hi) tmp[k++] = tm[ord[b]] < tm[ord[a]] ? ord[b++] : ord[a++];
                while (a < mid) tmp[k++] = ord[a++];
                while (b < hi) tmp[k++] = ord[b++];
                memcpy(ord + lo, tmp + lo, (hi - lo) * sizeof *ord);
            }
        free(tmp);
        double S = 1, gsum = 0, nev = 0;
        for (size_t i = 0; i < m;) {
            size_t j = i;
            double d = 0;
            while (j < m && tm[ord[j]] == tm[ord[i]]) { d += ev[ord[j]]; j++; }
            for (size_t k = i; k < j; k++) g[ord[k]] = 1 - S;
            if (d > 0) S *= 1 - d / (double)(m - i);
            i = j;
        }
        free(ord);
        for (size_t i = 0; i < m; i++)
            if (s[i].e) { gsum += g[i]; nev++; }
        for (size_t i = 0; i < m; i++) g[i] -= nev > 0 ? gsum / nev : 0;
    }
    /* centred and scaled by the mean absolute deviation, beta to match: the
       test is the same, and a covariate's unit cannot overflow it */
    for (size_t a = 0; a < p; a++) {
        double mean = 0, mad = 0;
        for (size_t i = 0; i < m; i++) mean += x[a * n + s[i].i];
        if (m) mean /= (double)m;
        for (size_t i = 0; i < m; i++) mad += fabs(x[a * n + s[i].i] - mean);
        double sc = mad > 0 ? (double)m / mad : 1;
        for (size_t i = 0; i < m; i++) z[i * p + a] = (x[a * n + s[i].i] - mean) * sc;
        bs[a] = beta[a] / sc;
    }
    double s0 = 0;
    for (size_t i = 0; i < m;) {
        if (i == 0 || s[i].st != s[i - 1].st) {
            s0 = 0;
            memset(s1, 0, p * sizeof *s1);
            memset(s2, 0, p * p * sizeof *s2);
        }
        size_t j = tie_end(s, m, i);
        double d0 = 0, nd = 0;
        memset(d1, 0, p * sizeof *d1);
        memset(d2, 0, p * p * sizeof *d2);
        double gt = g[i];   /* g is the same for every subject at this time */
        for (size_t k = i; k < j; k++) {
            const double *zi = z + k * p;
            join_risk_set(zi, bs, p, s[k].e != 0, &s0, s1, s2, &d0, d1, d2);
            if (s[k].e) {
                nd++;
                for (size_t a = 0; a < p; a++) u[p + a] += gt * zi[a];
            }
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
        /* the rows and columns of beta, then theta_j (or every theta for GLOBAL) */
        size_t mm = 0;
        for (size_t a = 0; a < p; a++) ix[mm++] = a;
        if (j < p) ix[mm++] = p + j;
        else for (size_t a = 0; a < p; a++) ix[mm++] = p + a;
        for (size_t a = 0; a < mm; a++) {
            ub[a] = u[ix[a]];
            for (size_t c = 0; c < mm; c++) sub[a * mm + c] = M[ix[a] * q + ix[c]];
        }
        size_t rank;
        chisq[j] = ldl_quadform(sub, ub, mm, LDL_TOLER, &rank);
        if (rank < mm) chisq[j] = NAN;   /* singular: R's solve() would stop */
        df[j] = j < p ? 1 : (double)p;
        pval[j] = chisq_p(chisq[j], df[j]);
    }
    rc = 0;
out:
    free(s);
    free(z);
    free(g);
    free(tm);
    free(ev);
    free(M);
    free(u);
    free(s1);
    free(s2);
    free(d1);
    free(d2);
    free(a1);
    free(sub);
    free(ub);
    free(ix);
    free(bs);
    return rc;
}

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

void cox_wald_terms(const CoxFit *f, double level, double *z, double *p, double *lo, double *hi) {
    stats_init();
    double q = gsl_cdf_ugaussian_Qinv((1 - level) / 2);
    for (size_t j = 0; j < f->p; j++) {
        double b = f->coef[j], se = f->rse ? f->rse[j] : f->se[j], zj = b / se;
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
    stats_init();
    hr[0] = hr[1] = hr[2] = NAN;
    double *x = malloc((n ? n : 1) * sizeof *x);
    if (!x) return -1;
    for (size_t i = 0; i < n; i++) x[i] = group[i] == 0 ? 0 : group[i] == 1 ? 1 : NAN;
    CoxOpts o = {.ties = TIES_EFRON, .strata = strata};
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
