/* glmnet.c — see glmnet.h.  The control flow follows glmnet 4.1-6 (the
 * C++ lognet for binomial, the Fortran coxnet for Cox) so that the path,
 * including where it stops and how far each step converged, is glmnet's. */
#include "stats/glmnet.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* glmnet.control() defaults */
#define BIG 9.9e35          /* "infinite" lambda of the first step */
#define FDEV 1e-5           /* minimum gain in the deviance ratio */
#define DEVMAX 0.999        /* maximum deviance ratio */
#define EPS_FLMIN 1e-6      /* smallest lambda_min_ratio */
#define MNLAM 5             /* steps before the path may stop */
#define PMIN 1e-9           /* binomial: smallest probability */

/* The kernels of coordinate descent.  Their results do not depend on the
 * machine: a sum is split into 16 lanes (lane l adds the terms i ≡ l mod
 * 16, in order), the lanes are added in a fixed tree, and no step is fused
 * (the build is ISO C, so the compiler contracts no a·b + c into an FMA);
 * an elementwise update is the same in any vector width.  Each kernel is
 * compiled for AVX-512, AVX2 and plain x86-64 (GCC's function
 * multi-versioning, the best chosen when the program starts): the same
 * numbers, two to four times faster where the wide units exist. */
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && !defined(RGX_NO_CLONES)
#define KERNEL __attribute__((target_clones("avx512f", "avx2", "default")))
#else
#define KERNEL
#endif

/* 32-byte vectors in static inline helpers only: no ABI crosses a call */
#pragma GCC diagnostic ignored "-Wpsabi"
typedef double v4 __attribute__((vector_size(32)));

static inline v4 load4(const double *p) {
    v4 v;
    memcpy(&v, p, sizeof v);
    return v;
}

/* (a macro, as lanes takes addresses: a v4 passed by value draws GCC's
   note that the ABI of 32-byte vectors changed in GCC 4.6) */
#define store4(p, v)                                       \
    do {                                                   \
        v4 store4_v_ = (v);                                \
        memcpy((p), &store4_v_, sizeof store4_v_);         \
    } while (0)

/* The 16 lanes' sum: ((l0+l8)+(l4+l12)) + ((l2+l10)+(l6+l14)) + … */
static inline double lanes(const v4 *s0, const v4 *s1, const v4 *s2, const v4 *s3, double tail) {
    v4 a = (*s0 + *s2) + (*s1 + *s3);
    return ((a[0] + a[2]) + (a[1] + a[3])) + tail;
}

/* Σ a[i]·b[i] */
KERNEL static double dot(const double *restrict a, const double *restrict b, size_t n) {
    v4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 += load4(a + i) * load4(b + i);
        s1 += load4(a + i + 4) * load4(b + i + 4);
        s2 += load4(a + i + 8) * load4(b + i + 8);
        s3 += load4(a + i + 12) * load4(b + i + 12);
    }
    double t = 0;
    for (; i < n; i++) t += a[i] * b[i];
    return lanes(&s0, &s1, &s2, &s3, t);
}

/* Σ w[i]·x[i]² */
KERNEL static double wsq(const double *restrict w, const double *restrict x, size_t n) {
    v4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v4 x0 = load4(x + i), x1 = load4(x + i + 4), x2 = load4(x + i + 8), x3 = load4(x + i + 12);
        s0 += load4(w + i) * x0 * x0;
        s1 += load4(w + i + 4) * x1 * x1;
        s2 += load4(w + i + 8) * x2 * x2;
        s3 += load4(w + i + 12) * x3 * x3;
    }
    double t = 0;
    for (; i < n; i++) t += w[i] * x[i] * x[i];
    return lanes(&s0, &s1, &s2, &s3, t);
}

/* r[i] −= d·v[i]·x[i] */
KERNEL static void sub_scaled(double *restrict r, double d, const double *restrict v, const double *restrict x,
                              size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        store4(r + i, load4(r + i) - d * load4(v + i) * load4(x + i));
        store4(r + i + 4, load4(r + i + 4) - d * load4(v + i + 4) * load4(x + i + 4));
    }
    for (; i < n; i++) r[i] -= d * v[i] * x[i];
}

/* r[i] −= d·v[i]·x[i], and the new Σ r[i]·z[i] on the way: the same
 * numbers as sub_scaled then dot(r, z) (the same 16 lanes), r read once. */
KERNEL static double sub_scaled_dot(double *restrict r, double d, const double *restrict v, const double *restrict x,
                                    const double *restrict z, size_t n) {
    v4 s0 = {0, 0, 0, 0}, s1 = s0, s2 = s0, s3 = s0;
    size_t i = 0;
    for (; i + 16 <= n; i += 16) {
        v4 r0 = load4(r + i) - d * load4(v + i) * load4(x + i);
        v4 r1 = load4(r + i + 4) - d * load4(v + i + 4) * load4(x + i + 4);
        v4 r2 = load4(r + i + 8) - d * load4(v + i + 8) * load4(x + i + 8);
        v4 r3 = load4(r + i + 12) - d * load4(v + i + 12) * load4(x + i + 12);
        store4(r + i, r0);
        store4(r + i + 4, r1);
        store4(r + i + 8, r2);
        store4(r + i + 12, r3);
        s0 += r0 * load4(z + i);
        s1 += r1 * load4(z + i + 4);
        s2 += r2 * load4(z + i + 8);
        s3 += r3 * load4(z + i + 12);
    }
    double t = 0;
    for (; i < n; i++) {
        r[i] -= d * v[i] * x[i];
        t += r[i] * z[i];
    }
    return lanes(&s0, &s1, &s2, &s3, t);
}

/* y[i] += a·x[i] */
KERNEL static void axpy(double *restrict y, double a, const double *restrict x, size_t n) {
    size_t i = 0;
    for (; i + 8 <= n; i += 8) {
        store4(y + i, load4(y + i) + a * load4(x + i));
        store4(y + i + 4, load4(y + i + 4) + a * load4(x + i + 4));
    }
    for (; i < n; i++) y[i] += a * x[i];
}

/* Cox: the working gradient and the linear predictor after b_j moved by
 * d: r[i] −= d·w[i]·x[i], f[i] += d·x[i] */
KERNEL static void cox_move(double *restrict r, double *restrict f, double d, const double *restrict w,
                            const double *restrict x, size_t n) {
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        v4 xi = load4(x + i);
        store4(r + i, load4(r + i) - d * load4(w + i) * xi);
        store4(f + i, load4(f + i) + d * xi);
    }
    for (; i < n; i++) {
        r[i] -= d * w[i] * x[i];
        f[i] += d * x[i];
    }
}

void glmnet_opts_default(GlmnetOpts *o, GlmnetFamily family) {
    memset(o, 0, sizeof *o);
    o->family = family;
    o->alpha = 1;
    o->nlambda = 100;
    o->standardize = 1;
    o->thresh = 1e-7;
    o->maxit = 100000;
}

void glmnet_path_free(GlmnetPath *f) {
    if (!f) return;
    free(f->lambda);
    free(f->a0);
    free(f->beta);
    free(f->df);
    free(f->dev_ratio);
    free(f->xm);
    free(f->xs);
    memset(f, 0, sizeof *f);
}

/* What both families share: the standardized copy of x and the path's
 * settings. */
typedef struct Prep {
    size_t n, p;
    double *x;              /* n × p: centred, scaled by xs when standardizing */
    unsigned char *ju;      /* 1: the column is not constant */
    double alpha;           /* elastic-net mixing */
    size_t nlam;            /* steps requested */
    double flmin;           /* lambda_min_ratio, or 1 with user lambdas */
    double *ulam;           /* user lambdas, decreasing, or NULL */
    double alf;             /* ratio of successive lambdas */
    double thresh;          /* convergence threshold before scaling by the null deviance */
    long maxit;             /* passes allowed */
    size_t ne, nx;          /* dfmax, pmax */
    volatile sig_atomic_t *cancel;
} Prep;

/* The penalty of step m (glmnet's initialize_point): *alm the lambda, *al0
 * the previous lambda used by the strong rule (lambda_max at the second
 * step).  lcur: the previous step's lambda (0 at the first). */
static void step_lambda(const Prep *P, size_t m, double lcur, const double *ga, double *alm, double *al0) {
    *al0 = lcur;
    if (P->flmin >= 1) *alm = P->ulam[m];
    else if (m > 1) *alm = lcur * P->alf;
    else if (m == 0) *alm = BIG;
    else {
        double mx = 0;
        for (size_t j = 0; j < P->p; j++)
            if (P->ju[j] && ga[j] > mx) mx = ga[j];
        mx /= P->alpha > 1e-3 ? P->alpha : 1e-3;
        *al0 = mx;
        *alm = mx * P->alf;
    }
}

/* The sequential strong rule: variables outside the strong set whose
 * gradient exceeds alpha·(2·lambda − lambda_prev) join it. */
static void strong_rule(const Prep *P, const double *ga, unsigned char *strong, double alm, double al0) {
    double tlam = P->alpha * (2 * alm - al0);
    for (size_t j = 0; j < P->p; j++)
        if (!strong[j] && P->ju[j] && ga[j] > tlam) strong[j] = 1;
}

/* Soft-thresholded coordinate update (glmnet's update_beta): gk the
 * gradient x_kᵀr, xv the weighted sum of squares. */
static double cd_update(double b, double gk, double xv, double ab, double dem) {
    double u = gk + b * xv, v = fabs(u) - ab;
    return v > 0 ? copysign(v, u) / (xv + dem) : 0.0;
}

/* Shared coordinate-descent state. */
typedef struct CD {
    double *b;              /* p coefficients (standardized scale) */
    double *bs;             /* p: the coefficients at the start of the Newton step */
    double *xv;             /* p: weighted sums of squares of the strong columns */
    double *ga;             /* p: |gradient| */
    unsigned char *strong;  /* p: in the strong set */
    size_t *act;            /* active variables in order of entry */
    unsigned char *isact;   /* p */
    size_t nin;             /* active count */
    long nlp;               /* passes */
} CD;

static void cd_free(CD *c) {
    free(c->b); free(c->bs); free(c->xv); free(c->ga); free(c->strong); free(c->act); free(c->isact);
}

static int cd_alloc(CD *c, size_t p) {
    memset(c, 0, sizeof *c);
    c->b = calloc(p, sizeof *c->b);
    c->bs = calloc(p, sizeof *c->bs);
    c->xv = calloc(p, sizeof *c->xv);
    c->ga = calloc(p, sizeof *c->ga);
    c->strong = calloc(p, 1);
    c->act = calloc(p, sizeof *c->act);
    c->isact = calloc(p, 1);
    return c->b && c->bs && c->xv && c->ga && c->strong && c->act && c->isact ? 0 : -1;
}

/* Store step m: coefficients, df, lambda. */
static void store_step(const Prep *P, const CD *c, GlmnetPath *f, size_t m, double alm, int *me) {
    double *bm = f->beta + m * P->p;
    memset(bm, 0, P->p * sizeof *bm);
    int cnt = 0;
    for (size_t k = 0; k < c->nin; k++) {
        size_t j = c->act[k];
        bm[j] = c->b[j];
        if (c->b[j] != 0) cnt++;
    }
    f->df[m] = cnt;
    f->lambda[m] = alm;
    *me = cnt;
}

/* ---- binomial (glmnet's lognet, two classes, Newton, intercept) ---- */

static int path_binomial(const Prep *P, const double *y, GlmnetPath *f) {
    size_t n = P->n, p = P->p;
    const double w = 1.0 / (double)n;   /* glmnet normalises the weights to sum 1 */
    double *q = malloc(n * sizeof *q), *v = malloc(n * sizeof *v), *r = malloc(n * sizeof *r);
    CD c;
    int rc = GLMNET_ENOMEM;
    if (cd_alloc(&c, p) < 0 || !q || !v || !r) goto out;
    double q0 = 0;
    for (size_t i = 0; i < n; i++) q0 += w * y[i];
    rc = GLMNET_EDEGENERATE;
    if (q0 <= PMIN || q0 >= 1 - PMIN) goto out;
    double bz = log(q0 / (1 - q0)), b0 = bz, bs0 = bz;
    double vi = q0 * (1 - q0);
    for (size_t i = 0; i < n; i++) {
        v[i] = vi * w;
        r[i] = w * (y[i] - q0);
        q[i] = q0;
    }
    double xmz = vi;
    double dev1 = -(bz * q0 + log(1 - q0)), dev0 = dev1;   /* y is 0/1: no saturated terms */
    double thr = P->thresh * dev0;
    double fmax = log(1.0 / PMIN - 1.0), fmin = -fmax, vmin = (1 + PMIN) * PMIN * (1 - PMIN);
    for (size_t j = 0; j < p; j++)
        if (P->ju[j]) c.ga[j] = fabs(dot(r, P->x + j * n, n));
    double lcur = 0;
    size_t mnl = P->nlam < MNLAM ? P->nlam : MNLAM;
    rc = GLMNET_OK;
    for (size_t m = 0; m < P->nlam; m++) {
        double alm, al0;
        step_lambda(P, m, lcur, c.ga, &alm, &al0);
        lcur = alm;
        double ab = alm * P->alpha, dem = alm * (1 - P->alpha);
        strong_rule(P, c.ga, c.strong, alm, al0);
        int fail = 0;   /* −1 maxit, −2 pmax */
        for (;;) {   /* Newton (IRLS) steps */
            if (c.nlp > P->maxit) { fail = -1; break; }
            if (P->cancel && *P->cancel) { rc = GLMNET_ECANCEL; goto out; }
            bs0 = b0;
            for (size_t k = 0; k < c.nin; k++) c.bs[c.act[k]] = c.b[c.act[k]];
            for (size_t j = 0; j < p; j++)
                if (c.strong[j]) c.xv[j] = wsq(v, P->x + j * n, n);
            /* weighted least squares by coordinate descent: a pass over the
               strong set, then passes over the active set until they
               converge, then a pass over the strong set again … */
            int full = 1;
            for (;;) {
                c.nlp++;
                double dlx = 0, gnext = 0;
                size_t cnt = full ? p : c.nin, knext = p;   /* knext: the coordinate whose gradient gnext holds */
                for (size_t t = 0; t < cnt; t++) {
                    size_t k = full ? t : c.act[t];
                    if (full && !c.strong[k]) continue;
                    const double *xk = P->x + k * n;
                    double gk = k == knext ? gnext : dot(r, xk, n);
                    knext = p;
                    double old = c.b[k], nb = cd_update(old, gk, c.xv[k], ab, dem);
                    if (nb == old) continue;
                    if (full && !c.isact[k]) {
                        if (c.nin + 1 > P->nx) { fail = -2; break; }
                        c.isact[k] = 1;
                        c.act[c.nin++] = k;
                    }
                    c.b[k] = nb;
                    double d = nb - old, ch = c.xv[k] * d * d;
                    if (ch > dlx) dlx = ch;
                    /* the residuals move; the next coordinate's gradient is formed on the way */
                    size_t kn = p;
                    if (full) { for (size_t u = t + 1; u < p && kn == p; u++) if (c.strong[u]) kn = u; }
                    else if (t + 1 < cnt) kn = c.act[t + 1];
                    if (kn < p) {
                        gnext = sub_scaled_dot(r, d, v, xk, P->x + kn * n, n);
                        knext = kn;
                    } else {
                        sub_scaled(r, d, v, xk, n);
                    }
                }
                if (fail) break;
                double rs = 0;
                for (size_t i = 0; i < n; i++) rs += r[i];
                double d = rs / xmz;
                if (d != 0) {
                    b0 += d;
                    if (xmz * d * d > dlx) dlx = xmz * d * d;
                    for (size_t i = 0; i < n; i++) r[i] -= d * v[i];
                }
                if (dlx < thr) {
                    if (full) break;    /* converged over the strong set */
                    full = 1;           /* the active set converged: check the strong set */
                    continue;
                }
                if (c.nlp > P->maxit) { fail = -1; break; }
                if (P->cancel && *P->cancel) { rc = GLMNET_ECANCEL; goto out; }
                full = 0;
            }
            if (fail) break;
            /* new probabilities, weights and working residuals */
            for (size_t i = 0; i < n; i++) q[i] = b0;   /* the linear predictor, column by column */
            for (size_t k = 0; k < c.nin; k++) {
                double bk = c.b[c.act[k]];
                const double *xk = P->x + c.act[k] * n;
                axpy(q, bk, xk, n);
            }
            for (size_t i = 0; i < n; i++) {
                double fi = q[i];
                q[i] = fi < fmin ? 0.0 : fi > fmax ? 1.0 : 1.0 / (1.0 + exp(-fi));
            }
            xmz = 0;
            for (size_t i = 0; i < n; i++) {
                v[i] = w * q[i] * (1 - q[i]);
                xmz += v[i];
            }
            if (xmz <= vmin) break;
            for (size_t i = 0; i < n; i++) r[i] = w * (y[i] - q[i]);
            /* converged when no coefficient moved by more than thr (weighted) */
            double d0 = b0 - bs0;
            int moved = xmz * d0 * d0 > thr;
            for (size_t k = 0; k < c.nin && !moved; k++) {
                size_t j = c.act[k];
                double d = c.b[j] - c.bs[j];
                moved = c.xv[j] * d * d > thr;
            }
            if (moved) continue;
            /* KKT for the variables outside the strong set */
            int added = 0;
            for (size_t j = 0; j < p; j++) {
                if (c.strong[j] || !P->ju[j]) continue;
                c.ga[j] = fabs(dot(r, P->x + j * n, n));
                if (c.ga[j] > ab) { c.strong[j] = 1; added = 1; }
            }
            if (!added) break;
        }
        if (fail) { f->warn = fail == -1 ? -(int)(m + 1) : -10000 - (int)(m + 1); break; }
        int me;
        store_step(P, &c, f, m, alm, &me);
        f->a0[m] = b0;
        double devi = 0;
        for (size_t i = 0; i < n; i++) {
            double pi = q[i] < PMIN ? PMIN : q[i] > 1 - PMIN ? 1 - PMIN : q[i];
            devi -= w * (y[i] * log(pi) + (1 - y[i]) * log(1 - pi));
        }
        f->dev_ratio[m] = (dev1 - devi) / dev0;
        f->nlam = m + 1;
        if (f->nlam < mnl || P->flmin >= 1) continue;
        double prev = m == 0 ? 0 : f->dev_ratio[m - 1];
        if ((size_t)me > P->ne || f->dev_ratio[m] - prev < FDEV || f->dev_ratio[m] > DEVMAX) break;
        if (xmz <= vmin) break;
    }
    f->nulldev = 2.0 * (double)n * dev0;
    f->npasses = c.nlp;
out:
    cd_free(&c);
    free(q); free(v); free(r);
    return rc;
}

/* ---- Cox (glmnet's coxnet, Breslow) ---- */

typedef struct Surv {
    size_t nj;              /* subjects at risk at the first event or later */
    size_t *jp;             /* nj rows in increasing time */
    size_t nk;              /* distinct event times */
    size_t *kp;             /* nk: the last position (in jp) of each time's block */
    double *dk;             /* nk: weighted events at each time */
} Surv;

static void surv_free(Surv *s) { free(s->jp); free(s->kp); free(s->dk); }

typedef struct Ord { double t; size_t i; } Ord;
static int cmp_ord(const void *a, const void *b) {
    const Ord *x = a, *y = b;
    if (x->t != y->t) return x->t < y->t ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

/* The risk-set blocks: block k holds the subjects whose time lies in
 * [t_k, t_k+1) for the distinct event times t_1 < t_2 < …; those before
 * t_1 take no part.  dq: the event indicator times the (normalised)
 * weight.  Returns 0, −1 out of memory, GLMNET_EDEGENERATE. */
static int surv_groups(const double *time, const double *event, const double *dq, size_t n, Surv *s) {
    memset(s, 0, sizeof *s);
    Ord *o = malloc((n ? n : 1) * sizeof *o);
    s->jp = malloc((n ? n : 1) * sizeof *s->jp);
    s->kp = malloc((n ? n : 1) * sizeof *s->kp);
    s->dk = calloc(n ? n : 1, sizeof *s->dk);
    if (!o || !s->jp || !s->kp || !s->dk) { free(o); return -1; }
    for (size_t i = 0; i < n; i++) o[i] = (Ord){time[i], i};
    qsort(o, n, sizeof *o, cmp_ord);
    size_t first = n;
    for (size_t j = 0; j < n; j++)
        if (event[o[j].i] > 0) { first = j; break; }
    /* glmnet: no event, or the first event among the last two subjects */
    if (first == n || first + 2 >= n) { free(o); return GLMNET_EDEGENERATE; }
    double t0 = o[first].t;
    size_t j0 = 0;
    while (o[j0].t < t0) j0++;
    s->nj = n - j0;
    for (size_t j = 0; j < s->nj; j++) s->jp[j] = o[j0 + j].i;
    free(o);
    /* blocks: a new one starts at the first subject whose time is the next
       event time, so every subject tied with an event time is in its block */
    size_t k = 0;
    for (size_t a = 0; a < s->nj;) {
        double t = time[s->jp[a]];
        size_t b = a;
        int ev = 0;
        for (; b < s->nj && time[s->jp[b]] == t; b++) ev |= event[s->jp[b]] > 0;
        if (ev && a > 0) s->kp[k++] = a - 1;
        for (size_t j = a; j < b; j++)
            if (event[s->jp[j]] > 0) s->dk[k] += dq[s->jp[j]];
        a = b;
    }
    s->kp[k++] = s->nj - 1;
    s->nk = k;
    return 0;
}

/* u[k]: Σ e over the subjects at risk at event time k */
static void risk_sums(const Surv *s, const double *e, double *u) {
    double h = 0;
    size_t j = s->nj;
    for (size_t k = s->nk; k-- > 0;) {
        size_t j1 = k ? s->kp[k - 1] + 1 : 0;
        while (j > j1) h += e[s->jp[--j]];
        u[k] = h;
    }
}

/* Σ dq·f − Σ_k dk·log u_k (glmnet's risk) */
static double cox_risk(const Surv *s, const double *dq, const double *f, const double *e, double *u, size_t n) {
    risk_sums(s, e, u);
    double a = 0, b = 0;
    for (size_t i = 0; i < n; i++) a += dq[i] * f[i];
    for (size_t k = 0; k < s->nk; k++) b += s->dk[k] * log(u[k]);
    return a - b;
}

/* Diagonal Hessian weights w and working gradient wr at e (glmnet's
 * outer).  Returns 0, or −1 when a weight is not positive. */
static int cox_outer(const Surv *s, const double *dq, const double *e, double *w, double *wr, double *u) {
    risk_sums(s, e, u);
    double b = 0, c = 0;
    size_t j = 0;
    for (size_t k = 0; k < s->nk; k++) {
        b += s->dk[k] / u[k];
        c += s->dk[k] / (u[k] * u[k]);
        for (; j <= s->kp[k]; j++) {
            size_t i = s->jp[j];
            w[i] = e[i] * (b - e[i] * c);
            if (!(w[i] > 0)) return -1;
            wr[i] = dq[i] - e[i] * b;
        }
    }
    return 0;
}

static int path_cox(const Prep *P, const double *time, const double *event, GlmnetPath *f) {
    size_t n = P->n, p = P->p;
    const double q = 1.0 / (double)n;
    double *dq = malloc(n * sizeof *dq), *fl = calloc(n, sizeof *fl), *e = malloc(n * sizeof *e);
    double *w = calloc(n, sizeof *w), *wr = calloc(n, sizeof *wr), *u = malloc(n * sizeof *u);
    Surv s = {0};
    CD c;
    int rc = GLMNET_ENOMEM;
    if (cd_alloc(&c, p) < 0 || !dq || !fl || !e || !w || !wr || !u) goto out;
    for (size_t i = 0; i < n; i++) {
        dq[i] = event[i] > 0 ? q : 0;
        e[i] = q;
    }
    rc = surv_groups(time, event, dq, n, &s);
    if (rc == -1) rc = GLMNET_ENOMEM;
    if (rc) goto out;
    double dl = 0;
    for (size_t k = 0; k < s.nk; k++) dl += s.dk[k] * log(s.dk[k]);
    double r0 = cox_risk(&s, dq, fl, e, u, n);
    double rr = -(dl + r0), dev0 = rr;
    if (cox_outer(&s, dq, e, w, wr, u) < 0) { rc = GLMNET_EDEGENERATE; goto out; }
    const double fmax = log(DBL_MAX * (double)0.1f);   /* coxnet's log(huge·0.1), 0.1 in single precision */
    double cthr = P->thresh * dev0;
    for (size_t j = 0; j < p; j++)
        if (P->ju[j]) c.ga[j] = fabs(dot(wr, P->x + j * n, n));
    size_t mnl = P->nlam < MNLAM ? P->nlam : MNLAM;
    double lcur = 0;
    rc = GLMNET_OK;
    for (size_t m = 0; m < P->nlam; m++) {
        double al, al0;
        step_lambda(P, m, lcur, c.ga, &al, &al0);
        lcur = al;
        double sa = P->alpha * al, omal = (1 - P->alpha) * al;
        strong_rule(P, c.ga, c.strong, al, al0);
        int fail = 0;
        for (;;) {   /* Newton steps */
            if (c.nlp > P->maxit) { fail = -1; break; }
            if (P->cancel && *P->cancel) { rc = GLMNET_ECANCEL; goto out; }
            for (size_t k = 0; k < c.nin; k++) c.bs[c.act[k]] = c.b[c.act[k]];
            for (size_t j = 0; j < p; j++)
                if (c.strong[j]) c.xv[j] = wsq(w, P->x + j * n, n);
            int full = 1;
            for (;;) {
                c.nlp++;
                double dli = 0;
                size_t cnt = full ? p : c.nin;
                for (size_t t = 0; t < cnt; t++) {
                    size_t j = full ? t : c.act[t];
                    if (full && !c.strong[j]) continue;
                    const double *xj = P->x + j * n;
                    double old = c.b[j], at = cd_update(old, dot(wr, xj, n), c.xv[j], sa, omal);
                    if (at == old) continue;
                    double del = at - old;
                    c.b[j] = at;
                    if (c.xv[j] * del * del > dli) dli = c.xv[j] * del * del;
                    cox_move(wr, fl, del, w, xj, n);
                    if (full && !c.isact[j]) {
                        if (c.nin + 1 > P->nx) { fail = -2; break; }
                        c.isact[j] = 1;
                        c.act[c.nin++] = j;
                    }
                }
                if (fail) break;
                if (dli < cthr) {
                    if (full) break;
                    full = 1;
                    continue;
                }
                if (c.nlp > P->maxit) { fail = -1; break; }
                if (P->cancel && *P->cancel) { rc = GLMNET_ECANCEL; goto out; }
                full = 0;
            }
            if (fail) break;
            for (size_t i = 0; i < n; i++) {
                double fi = fl[i] > fmax ? fmax : fl[i] < -fmax ? -fmax : fl[i];
                e[i] = q * exp(fi);
            }
            if (cox_outer(&s, dq, e, w, wr, u) < 0) { fail = -3; break; }
            int moved = 0;
            for (size_t k = 0; k < c.nin && !moved; k++) {
                size_t j = c.act[k];
                double d = c.b[j] - c.bs[j];
                moved = c.xv[j] * d * d >= cthr;
            }
            if (moved) continue;
            int added = 0;
            for (size_t j = 0; j < p; j++) {
                if (c.strong[j] || !P->ju[j]) continue;
                c.ga[j] = fabs(dot(wr, P->x + j * n, n));
                if (c.ga[j] > sa) { c.strong[j] = 1; added = 1; }
            }
            if (!added) break;
        }
        if (fail) {
            f->warn = fail == -1 ? -(int)(m + 1) : fail == -2 ? -10000 - (int)(m + 1) : -30000 - (int)(m + 1);
            break;
        }
        int me;
        store_step(P, &c, f, m, al, &me);
        f->a0[m] = 0;
        f->dev_ratio[m] = (cox_risk(&s, dq, fl, e, u, n) - r0) / rr;
        f->nlam = m + 1;
        if (m + 1 < mnl || P->flmin >= 1) continue;
        if ((size_t)me > P->ne) break;
        double dm = f->dev_ratio[m], dback = f->dev_ratio[m + 1 - mnl];
        if ((dm - dback) / dm < FDEV * 100) break;       /* coxnet: sml = 100·fdev */
        if (dm > DEVMAX * (double)0.99f / (double)0.999f) break;   /* coxnet: devmax·0.99/0.999 (single-precision constants) */
    }
    f->nulldev = 2.0 * (double)n * dev0;
    f->npasses = c.nlp;
out:
    cd_free(&c);
    surv_free(&s);
    free(dq); free(fl); free(e); free(w); free(wr); free(u);
    return rc;
}

static int cmp_desc_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x < y) - (x > y);
}

int glmnet_path(const GlmnetData *d, const GlmnetOpts *o, GlmnetPath *f) {
    memset(f, 0, sizeof *f);
    size_t n = d->n, p = d->p;
    if (n < 2 || p < 1 || !d->x || !(o->alpha >= 0 && o->alpha <= 1)) return GLMNET_EINPUT;
    if (o->family == GLMNET_BINOMIAL && !d->y) return GLMNET_EINPUT;
    if (o->family == GLMNET_COX && (!d->time || !d->event)) return GLMNET_EINPUT;
    for (size_t i = 0; i < n; i++) {
        if (o->family == GLMNET_BINOMIAL) {
            if (d->y[i] != 0 && d->y[i] != 1) return GLMNET_EINPUT;
        } else if (!(d->time[i] > 0) || !isfinite(d->time[i]) || (d->event[i] != 0 && d->event[i] != 1))
            return GLMNET_EINPUT;
    }
    for (size_t k = 0; k < n * p; k++)
        if (!isfinite(d->x[k])) return GLMNET_EINPUT;
    if (o->family == GLMNET_BINOMIAL) {   /* glmnet: "one binomial class has 1 or 0 observations; not allowed" */
        size_t ones = 0;
        for (size_t i = 0; i < n; i++) ones += d->y[i] == 1;
        if (ones <= 1 || n - ones <= 1) return GLMNET_EDEGENERATE;
    }
    Prep P = {0};
    P.n = n;
    P.p = p;
    P.alpha = o->alpha;
    P.thresh = o->thresh > 0 ? o->thresh : 1e-7;
    P.maxit = o->maxit > 0 ? o->maxit : 100000;
    P.ne = o->dfmax ? o->dfmax : p + 1;
    P.nx = o->pmax ? o->pmax : (2 * P.ne + 20 < p ? 2 * P.ne + 20 : p);
    P.cancel = o->cancel;
    if (o->lambda && o->nlam_user) {
        for (size_t l = 0; l < o->nlam_user; l++)
            if (!(o->lambda[l] >= 0) || !isfinite(o->lambda[l])) return GLMNET_EINPUT;
        P.nlam = o->nlam_user;
        P.flmin = 1;
        P.ulam = malloc(P.nlam * sizeof *P.ulam);
        if (!P.ulam) return GLMNET_ENOMEM;
        memcpy(P.ulam, o->lambda, P.nlam * sizeof *P.ulam);
        qsort(P.ulam, P.nlam, sizeof *P.ulam, cmp_desc_d);
    } else {
        P.nlam = o->nlambda ? o->nlambda : 100;
        P.flmin = o->lambda_min_ratio > 0 ? o->lambda_min_ratio : (n < p ? 0.01 : 1e-4);
        if (P.nlam < 2 || P.flmin >= 1) return GLMNET_EINPUT;
        double eqs = P.flmin > EPS_FLMIN ? P.flmin : EPS_FLMIN;
        /* coxnet (Fortran) computes the exponent 1.0/(nlam-1) in single precision */
        double ex = o->family == GLMNET_COX ? (double)(1.0f / (float)(P.nlam - 1)) : 1.0 / ((double)P.nlam - 1.0);
        P.alf = pow(eqs, ex);
    }
    int rc = GLMNET_ENOMEM;
    P.x = malloc(n * p * sizeof *P.x);
    P.ju = calloc(p, 1);
    f->family = o->family;
    f->n = n;
    f->p = p;
    f->lambda = calloc(P.nlam, sizeof *f->lambda);
    f->a0 = calloc(P.nlam, sizeof *f->a0);
    f->beta = calloc(P.nlam * p, sizeof *f->beta);
    f->df = calloc(P.nlam, sizeof *f->df);
    f->dev_ratio = calloc(P.nlam, sizeof *f->dev_ratio);
    f->xm = calloc(p, sizeof *f->xm);
    f->xs = malloc(p * sizeof *f->xs);
    if (!P.x || !P.ju || !f->lambda || !f->a0 || !f->beta || !f->df || !f->dev_ratio || !f->xm || !f->xs) goto fail;
    /* centre (weights 1/n) and scale by the 1/n standard deviation */
    double w = 1.0 / (double)n;
    for (size_t j = 0; j < p; j++) {
        const double *xj = d->x + j * n;
        double *zj = P.x + j * n;
        f->xs[j] = 1;
        for (size_t i = 1; i < n && !P.ju[j]; i++) P.ju[j] = xj[i] != xj[0];
        if (!P.ju[j]) { memset(zj, 0, n * sizeof *zj); f->xm[j] = xj[0]; continue; }
        double m = 0;
        for (size_t i = 0; i < n; i++) m += w * xj[i];
        f->xm[j] = m;
        for (size_t i = 0; i < n; i++) zj[i] = xj[i] - m;
        if (o->standardize) {
            double ss = 0;
            for (size_t i = 0; i < n; i++) ss += w * zj[i] * zj[i];
            f->xs[j] = sqrt(ss);
            for (size_t i = 0; i < n; i++) zj[i] /= f->xs[j];
        }
    }
    rc = o->family == GLMNET_BINOMIAL ? path_binomial(&P, d->y, f) : path_cox(&P, d->time, d->event, f);
    if (rc) goto fail;
    if (f->nlam == 0) { rc = GLMNET_EDEGENERATE; goto fail; }
    /* back to the original scale */
    for (size_t l = 0; l < f->nlam; l++) {
        double *bl = f->beta + l * p;
        for (size_t j = 0; j < p; j++) {
            bl[j] /= f->xs[j];
            if (o->family == GLMNET_BINOMIAL) f->a0[l] -= bl[j] * f->xm[j];
        }
    }
    if (P.flmin < 1 && f->nlam > 2) f->lambda[0] = exp(2 * log(f->lambda[1]) - log(f->lambda[2]));
    free(P.x); free(P.ju); free(P.ulam);
    return GLMNET_OK;
fail:
    free(P.x); free(P.ju); free(P.ulam);
    glmnet_path_free(f);
    return rc;
}

void glmnet_coef_at(const GlmnetPath *f, double s, double *beta, double *a0) {
    size_t L = f->nlam, p = f->p;
    size_t left = 0, right = 0;
    double frac = 1;
    if (L > 1) {
        /* glmnet's lambda.interp: positions on the normalised lambda scale */
        double l0 = f->lambda[0], lk = f->lambda[L - 1], den = l0 - lk;
        double sf = (l0 - s) / den;
        if (sf < 0) sf = 0;
        if (sf > 1) sf = 1;
        size_t k = 0;
        while (k + 1 < L && (l0 - f->lambda[k + 1]) / den <= sf) k++;
        double a = (l0 - f->lambda[k]) / den;
        if (a == sf || k + 1 >= L) { left = right = k; }
        else {
            double b = (l0 - f->lambda[k + 1]) / den;
            if (b == sf) left = right = k + 1;
            else {
                left = k;
                right = k + 1;
                frac = (sf - b) / (a - b);
                if (fabs(a - b) < DBL_EPSILON) frac = 1;
            }
        }
    }
    for (size_t j = 0; j < p; j++) beta[j] = frac * f->beta[left * p + j] + (1 - frac) * f->beta[right * p + j];
    *a0 = frac * f->a0[left] + (1 - frac) * f->a0[right];
}

/* eta = a0 + newx·beta.  A NaN in a row makes it NaN even where the
 * coefficient is 0 (as R's newx %*% beta).  With nan (glmnet_rows_nan's
 * flags), the columns of zero coefficients are not read, and the flagged
 * rows are summed again the plain way: the same bits either way. */
static void predict_beta(const double *beta, double a0, size_t p, const double *newx, size_t m,
                         const unsigned char *nan, double *eta) {
    for (size_t i = 0; i < m; i++) eta[i] = a0;
    for (size_t j = 0; j < p; j++) {
        if (beta[j] == 0) {
            if (!nan)
                for (size_t i = 0; i < m; i++)
                    if (isnan(newx[j * m + i])) eta[i] = NAN;
            continue;
        }
        for (size_t i = 0; i < m; i++) eta[i] += beta[j] * newx[j * m + i];
    }
    for (size_t i = 0; nan && i < m; i++) {
        if (!nan[i]) continue;
        eta[i] = a0;
        for (size_t j = 0; j < p; j++) {
            double x = newx[j * m + i];
            if (beta[j] != 0) eta[i] += beta[j] * x;
            else if (isnan(x)) eta[i] = NAN;
        }
    }
}

void glmnet_predict(const GlmnetPath *f, size_t l, const double *newx, size_t m, double *eta) {
    if (l >= f->nlam) l = f->nlam - 1;
    predict_beta(f->beta + l * f->p, f->a0[l], f->p, newx, m, NULL, eta);
}

void glmnet_rows_nan(const double *newx, size_t p, size_t m, unsigned char *nan) {
    memset(nan, 0, m);
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < m; i++)
            if (isnan(newx[j * m + i])) nan[i] = 1;
}

int glmnet_predict_rows_at(const GlmnetPath *f, double s, const double *newx, size_t m, const unsigned char *nan,
                           double *eta) {
    double *b = malloc((f->p ? f->p : 1) * sizeof *b), a0;
    if (!b) return GLMNET_ENOMEM;
    glmnet_coef_at(f, s, b, &a0);
    predict_beta(b, a0, f->p, newx, m, nan, eta);
    free(b);
    return GLMNET_OK;
}

int glmnet_predict_at(const GlmnetPath *f, double s, const double *newx, size_t m, double *eta) {
    return glmnet_predict_rows_at(f, s, newx, m, NULL, eta);
}

double glmnet_binomial_deviance(const double *y, const double *eta, size_t n, double pmin) {
    double s = 0;
    for (size_t i = 0; i < n; i++) {
        double pr = 1 / (1 + exp(-eta[i]));
        if (pr < pmin) pr = pmin;
        if (pr > 1 - pmin) pr = 1 - pmin;
        s += y[i] ? log(pr) : log(1 - pr);
    }
    return -2 * s;
}

double glmnet_cox_deviance(const double *time, const double *event, const double *eta, size_t n) {
    Ord *o = malloc((n ? n : 1) * sizeof *o);
    if (!o) return NAN;
    double mean = 0;
    for (size_t i = 0; i < n; i++) {
        o[i] = (Ord){time[i], i};
        mean += eta[i];
    }
    if (n) mean /= (double)n;
    qsort(o, n, sizeof *o, cmp_ord);
    /* backwards: the risk set of time t is every subject with time >= t */
    const double fmax = log(DBL_MAX * 0.1);
    double h = 0, ll = 0, lsat = 0;
    for (size_t j = n; j > 0;) {
        size_t j1 = j;
        double t = o[j - 1].t, d = 0, se = 0;
        while (j1 > 0 && o[j1 - 1].t == t) {
            size_t i = o[--j1].i;
            double f = eta[i] - mean;
            if (f > fmax) f = fmax;
            if (f < -fmax) f = -fmax;
            h += exp(f);
            if (event[i] > 0) { d += 1; se += f; }
        }
        if (d > 0) {
            ll += se - d * log(h);
            lsat -= d * log(d);
        }
        j = j1;
    }
    free(o);
    return 2 * (lsat - ll);
}
