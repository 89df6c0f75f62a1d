/* cox.c — see cox.h. */
#include "stats/cox.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/ldl.h"
#include "stats/survival.h"

#define COX_EPS 1e-9       /* coxph.control(eps) */
#define COX_MAXITER 20     /* coxph.control(iter.max) */

typedef struct Subj {
    double t, e;    /* time, event */
    size_t i;       /* row in x */
    size_t st;      /* stratum (0 without strata) */
} Subj;

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return (x > y) - (x < y);
}

/* s[0..m-1] stably by stratum: a counting sort on the strata's ranks
 * (their values directly when below m, as the commands' 0..ns−1).
 * Returns 0, or −1 when out of memory. */
static int strata_sort(Subj *s, size_t m) {
    size_t top = 0;
    for (size_t q = 0; q < m; q++)
        if (s[q].st > top) top = s[q].st;
    size_t nl = 0, *lev = NULL, *rank = malloc(m * sizeof *rank), *cnt = NULL;
    Subj *t = malloc(m * sizeof *t);
    int rc = -1;
    if (!rank || !t) goto out;
    if (top < m) {
        nl = top + 1;
        for (size_t q = 0; q < m; q++) rank[q] = s[q].st;
    } else {   /* sparse values: their sorted distinct list */
        if (!(lev = malloc(m * sizeof *lev))) goto out;
        for (size_t q = 0; q < m; q++) lev[q] = s[q].st;
        qsort(lev, m, sizeof *lev, cmp_size);
        for (size_t q = 0; q < m; q++)
            if (!nl || lev[nl - 1] != lev[q]) lev[nl++] = lev[q];
        for (size_t q = 0; q < m; q++) {
            size_t lo = 0, hi = nl;
            while (lo < hi) { size_t mid = (lo + hi) / 2; if (lev[mid] < s[q].st) lo = mid + 1; else hi = mid; }
            rank[q] = lo;
        }
    }
    if (!(cnt = calloc(nl + 1, sizeof *cnt))) goto out;
    for (size_t q = 0; q < m; q++) cnt[rank[q] + 1]++;
    for (size_t l = 0; l < nl; l++) cnt[l + 1] += cnt[l];
    for (size_t q = 0; q < m; q++) t[cnt[rank[q]]++] = s[q];
    memcpy(s, t, m * sizeof *s);
    rc = 0;
out:
    free(lev); free(rank); free(cnt); free(t);
    return rc;
}

/* The rows a fit uses (time, event, x present, stratum and cluster not
 * COX_SKIP), sorted by stratum, then time descending (the risk set grows
 * as we go), censored first within a time, then by row — the order a
 * stable sort on those keys gives — from the rows' time order (shared,
 * o->order, or made here) in linear passes.  Returns the count, or
 * (size_t)−1 when out of memory; *inf is set when a used row has an
 * infinite covariate. */
static size_t select_rows(const double *time, const double *event, const double *x, size_t n, size_t p,
                          const CoxOpts *o, Subj *s, int *inf) {
    size_t *rows = malloc((n ? n : 1) * sizeof *rows), m = 0;
    unsigned char *use = malloc(n ? n : 1);
    const size_t *ord = o ? o->order : NULL;
    *inf = 0;
    if (!rows || !use || (!ord && surv_order(time, n, rows) == (size_t)-1)) {
        free(rows);
        free(use);
        return (size_t)-1;
    }
    for (size_t i = 0; i < n; i++) use[i] = !isnan(time[i]) && !isnan(event[i]);   /* in row order: the columns read in turn */
    for (size_t a = 0; a < p; a++)
        for (size_t i = 0; i < n; i++) use[i] &= !isnan(x[a * n + i]);
    if (o && o->strata)
        for (size_t i = 0; i < n; i++) use[i] &= o->strata[i] != COX_SKIP;
    if (o && o->cluster)
        for (size_t i = 0; i < n; i++) use[i] &= o->cluster[i] != COX_SKIP;
    for (size_t a = 0; a < p; a++)   /* an infinite covariate in a row used */
        for (size_t i = 0; i < n; i++) *inf |= use[i] && isinf(x[a * n + i]);
    size_t used = 0;   /* rows[0..used): the rows used, time ascending, ties by row */
    for (size_t q = 0; q < n; q++) {
        size_t i = ord ? ord[q] : rows[q];
        if (use[i]) rows[used++] = i;
    }
    free(use);
    /* time descending: the runs of equal times from the end, each in row
       order, its censored rows first */
    for (size_t b = used; b > 0;) {
        size_t a = b - 1;
        while (a > 0 && time[rows[a - 1]] == time[rows[b - 1]]) a--;
        for (int ev = 0; ev <= 1; ev++)
            for (size_t q = a; q < b; q++)
                if ((event[rows[q]] != 0) == ev) {
                    size_t i = rows[q];
                    s[m++] = (Subj){time[i], event[i] != 0, i, o && o->strata ? o->strata[i] : 0};
                }
        b = a;
    }
    free(rows);
    if (o && o->strata && m > 1 && strata_sort(s, m) < 0) return (size_t)-1;
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

/* One fit's working storage: the rows used and the Newton–Raphson state,
 * in the scaled units of coxph (z = (x − mean) · sc). */
typedef struct CoxWork {
    Subj *s;                /* the rows used, sorted as cmp_desc */
    size_t m, p;            /* rows used, terms */
    double *z;              /* m × p scaled covariates, row-major, in the order of s */
    double *sc, *mean;      /* per term: the scale, and the centre (0 for a column of −1/0/1 only) */
    double *avg;            /* per term: the mean over the rows used */
    double *beta, *nb;      /* the last accepted estimate, the trial point */
    double *u, *imat;       /* score and information (p × p) at the last point evaluated */
    double *fac;            /* imat's factor (stats/ldl.h), its aliased terms in the fit's flags */
    double *step;           /* p doubles: a Newton step, or scratch */
    double *vs;             /* p × p generalised inverse of the information at the estimate */
    double *w;              /* partial()'s scratch: 4p + 2p² doubles */
} CoxWork;

static void work_free(CoxWork *k) {
    free(k->s);
    free(k->z);
    free(k->sc);
    free(k->mean);
    free(k->avg);
    free(k->beta);
    free(k->nb);
    free(k->u);
    free(k->imat);
    free(k->fac);
    free(k->step);
    free(k->vs);
    free(k->w);
}

/* Allocate k for n rows and p terms, and f's arrays (the robust ones when
 * robust).  Returns 0, or -1 when out of memory (the caller frees both). */
static int work_alloc(CoxWork *k, CoxFit *f, size_t n, size_t p, int robust) {
    size_t P = p ? p : 1, PP = P * P;
    memset(k, 0, sizeof *k);
    k->p = p;
    k->s = malloc((n ? n : 1) * sizeof *k->s);
    k->z = calloc((n ? n : 1) * P, sizeof *k->z);
    k->sc = malloc(P * sizeof *k->sc);
    k->mean = malloc(P * sizeof *k->mean);
    k->avg = malloc(P * sizeof *k->avg);
    k->beta = calloc(P, sizeof *k->beta);
    k->nb = calloc(P, sizeof *k->nb);
    k->u = malloc(P * sizeof *k->u);
    k->imat = malloc(PP * sizeof *k->imat);
    k->fac = malloc(PP * sizeof *k->fac);
    k->step = malloc(P * sizeof *k->step);
    k->vs = malloc(PP * sizeof *k->vs);
    k->w = malloc((4 * P + 2 * PP) * sizeof *k->w);
    f->aliased = calloc(P, sizeof *f->aliased);
    f->alias = calloc(P * (P + 1), sizeof *f->alias);
    f->coef = calloc(P, sizeof *f->coef);
    f->se = calloc(P, sizeof *f->se);
    f->var = calloc(PP, sizeof *f->var);
    if (robust) {
        f->rse = calloc(P, sizeof *f->rse);
        f->rvar = calloc(PP, sizeof *f->rvar);
    }
    int ok = k->s && k->z && k->sc && k->mean && k->avg && k->beta && k->nb && k->u && k->imat && k->fac && k->step &&
             k->vs && k->w && f->aliased && f->alias && f->coef && f->se && f->var && (!robust || (f->rse && f->rvar));
    return ok ? 0 : -1;
}

/* Centre and scale the columns of x over the rows used, as coxph: a
 * column of −1/0/1 only is left as it is; any other is centred on its
 * mean and divided by its mean absolute deviation. */
static void scale_covariates(CoxWork *k, const double *x, size_t n) {
    size_t m = k->m, p = k->p;
    for (size_t a = 0; a < p; a++) {
        int plain = 1;
        double sum = 0;
        for (size_t i = 0; i < m; i++) {
            double v = x[a * n + k->s[i].i];
            sum += v;
            if (v != 0 && v != 1 && v != -1) plain = 0;
        }
        k->avg[a] = m ? sum / (double)m : 0;
        k->mean[a] = plain ? 0 : k->avg[a];
        double mad = 0;
        for (size_t i = 0; i < m; i++) mad += fabs(x[a * n + k->s[i].i] - k->mean[a]);
        k->sc[a] = plain || mad == 0 ? 1 : (double)m / mad;
        for (size_t i = 0; i < m; i++) k->z[i * p + a] = (x[a * n + k->s[i].i] - k->mean[a]) * k->sc[a];
    }
}

/* Factor the information at the last point evaluated into k->fac, the
 * aliased terms flagged in f. */
static void factor_information(CoxWork *k, CoxFit *f) {
    memcpy(k->fac, k->imat, k->p * k->p * sizeof *k->fac);
    ldl_factor(k->fac, k->p, LDL_TOLER, f->aliased);
}

/* Newton–Raphson on the partial likelihood: at beta = 0 the null
 * likelihood and the score test, then steps from there, halving one when
 * the likelihood drops (or is not finite), until |1 − ll_old / ll_new| <=
 * COX_EPS or COX_MAXITER iterations.  Leaves the estimate in k->nb, the
 * information there in k->imat and its factor in k->fac. */
static void newton(CoxWork *k, CoxTies ties, CoxFit *f) {
    size_t m = k->m, p = k->p;
    double ll = partial(k->s, m, k->z, p, k->beta, ties, k->u, k->imat, k->w);
    f->loglik0 = ll;
    factor_information(k, f);
    memcpy(k->step, k->u, p * sizeof *k->u);
    ldl_solve(k->fac, p, k->step);
    double sct = 0;
    for (size_t a = 0; a < p; a++) {
        sct += k->step[a] * k->u[a];
        k->nb[a] = k->beta[a] + k->step[a];
    }
    f->score = sct;
    /* nb is the trial point, beta the last accepted */
    int halving = 0, iter;
    double nl = ll;
    for (iter = 1; iter <= COX_MAXITER; iter++) {
        nl = partial(k->s, m, k->z, p, k->nb, ties, k->u, k->imat, k->w);
        factor_information(k, f);
        if (isfinite(nl) && !halving && (nl == ll || fabs(1 - ll / nl) <= COX_EPS)) { f->converged = 1; break; }
        if (iter == COX_MAXITER) break;
        if (!isfinite(nl) || nl < ll) {   /* the likelihood dropped: half the step */
            halving = 1;
            for (size_t a = 0; a < p; a++) k->nb[a] = (k->nb[a] + k->beta[a]) / 2;
        } else {
            halving = 0;
            ll = nl;
            memcpy(k->step, k->u, p * sizeof *k->u);
            ldl_solve(k->fac, p, k->step);
            for (size_t a = 0; a < p; a++) {
                k->beta[a] = k->nb[a];
                k->nb[a] += k->step[a];
            }
        }
    }
    f->iter = iter > COX_MAXITER ? COX_MAXITER : iter;
    f->loglik = isfinite(nl) ? nl : NAN;
}

/* The estimate and its variance (the generalised inverse at nb, into
 * k->vs), in the covariates' own units; df, the aliased and infinite
 * flags; and each aliased term as a combination of the terms before it. */
static void estimate(CoxWork *k, CoxFit *f) {
    size_t p = k->p;
    const double *sc = k->sc, *vs = k->vs, *nb = k->nb;
    ldl_inverse(k->fac, p, k->vs, k->step);
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
    /* an aliased term: vs · imat[, j] in scaled units (weights below 1e-6
       there are rounding), then in the covariates' own units with the
       constant */
    for (size_t j = 0; j < p; j++) {
        if (!f->aliased[j]) continue;
        double *row = f->alias + j * (p + 1), c = k->avg[j];
        for (size_t q = 0; q < p; q++) {
            double wk = 0;
            for (size_t r = 0; r < p; r++) wk += vs[q * p + r] * k->imat[r * p + j];
            row[q] = f->aliased[q] || fabs(wk) < 1e-6 ? 0 : wk * sc[q] / sc[j];
            c -= row[q] * k->avg[q];
        }
        row[p] = c;
    }
}

/* The robust variance (scaled units, into rvs, p × p; f->rse and f->rvar
 * in the covariates' units): D'D of the dfbeta residuals D = score
 * residuals × vs, summed within clusters; and the robust score test from
 * the residuals at beta = 0.  Returns 0, or -1 when out of memory. */
static int robust_variance(CoxWork *k, const CoxOpts *o, CoxFit *f, double *rvs) {
    size_t m = k->m, p = k->p, P = p ? p : 1, PP = P * P;
    double *res = malloc(m * P * sizeof *res), *bz = calloc(P, sizeof *bz), *D = malloc(m * P * sizeof *D);
    double *M = malloc(PP * sizeof *M);
    int ok = res && bz && D && M;
    for (size_t a = 0; a < p && ok; a++) bz[a] = f->aliased[a] ? 0 : k->nb[a];
    if (ok) ok = score_resid(k->s, m, k->z, p, bz, o->ties, res) == 0;
    if (ok) {
        for (size_t q = 0; q < m; q++)
            for (size_t b = 0; b < p; b++) {
                double v = 0;
                for (size_t a = 0; a < p; a++) v += res[q * p + a] * k->vs[a * p + b];
                D[q * p + b] = v;
            }
        ok = cluster_crossprod(k->s, m, D, p, o, rvs) == 0;
    }
    for (size_t a = 0; a < p && ok; a++) {
        f->rse[a] = f->aliased[a] ? NAN : sqrt(rvs[a * p + a]) * k->sc[a];
        for (size_t b = 0; b < p; b++) f->rvar[a * p + b] = rvs[a * p + b] * k->sc[a] * k->sc[b];
    }
    if (ok) {   /* the robust score test: the residuals at beta = 0 */
        memset(bz, 0, P * sizeof *bz);
        ok = score_resid(k->s, m, k->z, p, bz, o->ties, res) == 0;
    }
    if (ok) {
        double *U = k->step;
        memset(U, 0, p * sizeof *U);
        for (size_t q = 0; q < m; q++)
            for (size_t a = 0; a < p; a++) U[a] += res[q * p + a];
        ok = cluster_crossprod(k->s, m, res, p, o, M) == 0;
        if (ok) f->rscore = ldl_quadform(M, U, p, LDL_TOLER, NULL);
    }
    free(res);
    free(bz);
    free(D);
    free(M);
    return ok ? 0 : -1;
}

/* The Wald test on V (scaled units: vs, or the robust rvs) and the
 * likelihood ratio test, with the p-values of all four. */
static void fit_tests(const CoxWork *k, const double *V, CoxFit *f) {
    f->wald = wald_test(V, k->nb, f->aliased, k->p);
    if (isfinite(f->loglik) && isfinite(f->loglik0)) f->lr = 2 * (f->loglik - f->loglik0);
    f->p_lr = chisq_p(f->lr, (double)f->df);
    f->p_wald = chisq_p(f->wald, (double)f->df);
    f->p_score = chisq_p(f->score, (double)f->df);
    f->p_rscore = chisq_p(f->rscore, (double)f->df);
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
    CoxWork k;
    int rc = -1, inf;
    if (work_alloc(&k, f, n, p, o->robust) < 0) goto out;
    k.m = select_rows(time, event, x, n, p, o, k.s, &inf);
    if (k.m == (size_t)-1) { k.m = 0; goto out; }
    if (inf) { rc = -2; goto out; }
    f->n = k.m;
    for (size_t i = 0; i < k.m; i++) {
        f->events += k.s[i].e != 0;
        f->nstrata += i == 0 || k.s[i].st != k.s[i - 1].st;
    }
    scale_covariates(&k, x, n);
    rc = 0;
    if (!k.m || !f->events) {
        for (size_t a = 0; a < p; a++) f->coef[a] = f->se[a] = NAN;
        goto out;
    }
    newton(&k, o->ties, f);
    estimate(&k, f);
    /* the robust variance and the tests in scaled units (the same numbers;
       nothing under- or overflows with a covariate's unit) */
    double *rvs = NULL;
    if (o->robust) {
        size_t P = p ? p : 1;
        rvs = malloc(P * P * sizeof *rvs);
        if (!rvs || robust_variance(&k, o, f, rvs) < 0) { free(rvs); rc = -1; goto out; }
    }
    fit_tests(&k, o->robust ? rvs : k.vs, f);
    free(rvs);
out:
    work_free(&k);
    if (rc == -1) {   /* out of memory: nothing half-made */
        cox_free(f);
        f->p = p;
    }
    return rc;
}

/* ord[0..m-1] sorted by tm[ord[i]], stably (surv_sort_rows).  Returns 0,
 * or -1 when out of memory. */
static int sort_by_time(const double *tm, size_t m, size_t *ord) {
    for (size_t i = 0; i < m; i++) ord[i] = i;
    return surv_sort_rows(tm, ord, m);
}

/* g[i] for the m rows of s: 1 − S(t−) of the Kaplan–Meier of all of them
 * (strata pooled, as cox.zph), centred on its mean over the events.
 * Returns 0, or -1 when out of memory. */
static int zph_time_transform(const Subj *s, size_t m, double *g) {
    double *tm = malloc((m ? m : 1) * sizeof *tm), *ev = malloc((m ? m : 1) * sizeof *ev);
    size_t *ord = malloc((m ? m : 1) * sizeof *ord);
    int rc = -1;
    if (!tm || !ev || !ord) goto out;
    for (size_t i = 0; i < m; i++) { tm[i] = s[i].t; ev[i] = s[i].e; }
    if (sort_by_time(tm, m, ord) < 0) goto out;
    double S = 1, gsum = 0, nev = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i;
        double d = 0;
        while (j < m && tm[ord[j]] == tm[ord[i]]) { d += ev[ord[j]]; j++; }
        for (size_t k = i; k < j; k++) g[ord[k]] = 1 - S;
        if (d > 0) S *= 1 - d / (double)(m - i);
        i = j;
    }
    for (size_t i = 0; i < m; i++)
        if (s[i].e) { gsum += g[i]; nev++; }
    for (size_t i = 0; i < m; i++) g[i] -= nev > 0 ? gsum / nev : 0;
    rc = 0;
out:
    free(tm);
    free(ev);
    free(ord);
    return rc;
}

/* z (m × p, row-major, order of s): x centred and scaled by its mean
 * absolute deviation, and bs the coefficients beta in those units: the
 * test is the same, and a covariate's unit cannot overflow it. */
static void zph_scale(const Subj *s, size_t m, const double *x, size_t n, size_t p, const double *beta, double *z,
                      double *bs) {
    for (size_t a = 0; a < p; a++) {
        double mean = 0, mad = 0;
        for (size_t i = 0; i < m; i++) mean += x[a * n + s[i].i];
        if (m) mean /= (double)m;
        for (size_t i = 0; i < m; i++) mad += fabs(x[a * n + s[i].i] - mean);
        double sc = mad > 0 ? (double)m / mad : 1;
        for (size_t i = 0; i < m; i++) z[i * p + a] = (x[a * n + s[i].i] - mean) * sc;
        bs[a] = beta[a] / sc;
    }
}

/* The score u (2p: beta, then theta = the x·g(t) terms; only theta's part
 * is non-zero at the fitted beta) and the information M (2p × 2p) of the
 * model with x·g(t) added, at beta = bs, risk sets within strata.
 * w: 4p + 2p² doubles. */
static void zph_information(const Subj *s, size_t m, const double *z, size_t p, const double *bs, const double *g,
                            CoxTies ties, double *u, double *M, double *w) {
    size_t q = 2 * p;
    double *s1 = w, *s2 = s1 + p, *d1 = s2 + p * p, *d2 = d1 + p, *a1 = d2 + p * p;
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
}

/* The score tests of u and M: for each term j the rows and columns of
 * beta and theta_j, and GLOBAL with every theta; NaN where the matrix is
 * singular (R's solve() would stop).  Returns 0, or -1 when out of memory. */
static int zph_tests(const double *u, const double *M, size_t p, double *chisq, double *df, double *pval) {
    size_t q = 2 * p;
    double *sub = malloc((q ? q * q : 1) * sizeof *sub), *ub = malloc((q ? q : 1) * sizeof *ub);
    size_t *ix = malloc((q ? q : 1) * sizeof *ix);
    int rc = -1;
    if (sub && ub && ix) {
        for (size_t j = 0; j <= p; j++) {
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
            if (rank < mm) chisq[j] = NAN;
            df[j] = j < p ? 1 : (double)p;
            pval[j] = chisq_p(chisq[j], df[j]);
        }
        rc = 0;
    }
    free(sub);
    free(ub);
    free(ix);
    return rc;
}

int cox_zph(const double *time, const double *event, const double *x, size_t n, size_t p, const double *beta,
            const CoxOpts *opts, double *chisq, double *df, double *pval) {
    stats_init();
    size_t q = 2 * p, P = p ? p : 1;
    Subj *s = malloc((n ? n : 1) * sizeof *s);
    double *z = malloc((n ? n : 1) * P * sizeof *z), *g = malloc((n ? n : 1) * sizeof *g);
    double *M = calloc(q ? q * q : 1, sizeof *M), *u = calloc(q ? q : 1, sizeof *u);
    double *w = malloc((4 * P + 2 * P * P) * sizeof *w), *bs = malloc(P * sizeof *bs);
    int rc = -1, inf;
    if (!s || !z || !g || !M || !u || !w || !bs) goto out;
    size_t m = select_rows(time, event, x, n, p, opts, s, &inf);
    if (m == (size_t)-1 || zph_time_transform(s, m, g) < 0) goto out;
    zph_scale(s, m, x, n, p, beta, z, bs);
    zph_information(s, m, z, p, bs, g, opts ? opts->ties : TIES_EFRON, u, M, w);
    rc = zph_tests(u, M, p, chisq, df, pval);
out:
    free(s);
    free(z);
    free(g);
    free(M);
    free(u);
    free(w);
    free(bs);
    return rc;
}
