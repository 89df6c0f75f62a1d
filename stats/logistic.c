/* logistic.c — see logistic.h. */
#include "stats/logistic.h"
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

/* ---- R's binomial family with the logit link (stats/src/family.c) ---- */

#define THRESH 30.0
#define MTHRESH -30.0

static double linkinv(double eta) {
    double t = eta < MTHRESH ? DBL_EPSILON : eta > THRESH ? 1 / DBL_EPSILON : exp(eta);
    return t / (1 + t);
}

static double mu_eta(double eta) {
    double o = 1 + exp(eta);
    return eta > THRESH || eta < MTHRESH ? DBL_EPSILON : exp(eta) / (o * o);
}

static double ylogy(double y, double mu) { return y != 0 ? y * log(y / mu) : 0; }

static double dev_resid(double y, double mu) { return 2 * (ylogy(y, mu) + ylogy(1 - y, 1 - mu)); }

/* ---- least squares by Householder QR with limited column pivoting ---- */

static double nrm2(const double *x, size_t n) {
    /* scaled, as LINPACK's dnrm2, so that tiny or huge columns are exact */
    double scale = 0, ssq = 1;
    for (size_t i = 0; i < n; i++) {
        if (x[i] == 0) continue;
        double a = fabs(x[i]);
        if (scale < a) {
            ssq = 1 + ssq * (scale / a) * (scale / a);
            scale = a;
        } else ssq += (a / scale) * (a / scale);
    }
    return scale * sqrt(ssq);
}

static double dotn(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
}

typedef struct QR {
    size_t n, k;            /* rows, columns */
    double *a;              /* n × k, column-major: R on and above the diagonal, Householder vectors below */
    double *qraux;          /* k */
    size_t *piv;            /* k: the original column at each position */
    double *norm, *orig;    /* k: running and original column norms */
    size_t rank;
} QR;

static void qr_swap_to_end(QR *q, size_t l) {
    size_t n = q->n, k = q->k;
    for (size_t i = 0; i < n; i++) {
        double t = q->a[l * n + i];
        for (size_t j = l + 1; j < k; j++) q->a[(j - 1) * n + i] = q->a[j * n + i];
        q->a[(k - 1) * n + i] = t;
    }
    size_t pv = q->piv[l];
    double nm = q->norm[l], og = q->orig[l];
    for (size_t j = l + 1; j < k; j++) {
        q->piv[j - 1] = q->piv[j];
        q->norm[j - 1] = q->norm[j];
        q->orig[j - 1] = q->orig[j];
    }
    q->piv[k - 1] = pv;
    q->norm[k - 1] = nm;
    q->orig[k - 1] = og;
}

/* Factor q->a in place.  A column is negligible when its remaining norm is
 * below tol times its original norm; negligible columns are cycled to the
 * right-hand end and do not count in the rank. */
static void qr_factor(QR *q, double tol) {
    size_t n = q->n, k = q->k;
    for (size_t j = 0; j < k; j++) {
        q->norm[j] = nrm2(q->a + j * n, n);
        q->orig[j] = q->norm[j] == 0 ? 1 : q->norm[j];
        q->piv[j] = j;
        q->qraux[j] = 0;
    }
    size_t kk = k, lup = n < k ? n : k;
    for (size_t l = 0; l < lup; l++) {
        while (l < kk && q->norm[l] < q->orig[l] * tol) {
            qr_swap_to_end(q, l);
            kk--;
        }
        if (l + 1 == n) continue;
        double *al = q->a + l * n;
        double nrmxl = nrm2(al + l, n - l);
        if (nrmxl == 0) continue;
        if (al[l] != 0) nrmxl = copysign(nrmxl, al[l]);
        for (size_t i = l; i < n; i++) al[i] /= nrmxl;
        al[l] += 1;
        for (size_t j = l + 1; j < k; j++) {
            double *aj = q->a + j * n;
            double t = -dotn(al + l, aj + l, n - l) / al[l];
            for (size_t i = l; i < n; i++) aj[i] += t * al[i];
            if (q->norm[j] == 0) continue;
            double tt = 1 - (fabs(aj[l]) / q->norm[j]) * (fabs(aj[l]) / q->norm[j]);
            if (tt < 0) tt = 0;
            if (fabs(tt) < 1e-6) q->norm[j] = nrm2(aj + l + 1, n - l - 1);   /* recompute: the update lost precision */
            else q->norm[j] *= sqrt(tt);
        }
        q->qraux[l] = al[l];
        al[l] = -nrmxl;
    }
    q->rank = kk < n ? kk : n;
}

/* y ← Qᵀy */
static void qr_qty(const QR *q, double *y) {
    size_t n = q->n, ju = q->rank < n - 1 ? q->rank : n - 1;
    for (size_t j = 0; j < ju; j++) {
        if (q->qraux[j] == 0) continue;
        double *aj = q->a + j * n, keep = aj[j];
        aj[j] = q->qraux[j];
        double t = -dotn(aj + j, y + j, n - j) / aj[j];
        for (size_t i = j; i < n; i++) y[i] += t * aj[i];
        aj[j] = keep;
    }
}

/* ---- the fit ---- */

void logistic_free(LogitFit *f) {
    if (!f) return;
    free(f->coef); free(f->se); free(f->z); free(f->pval); free(f->var); free(f->aliased);
    free(f->sep_dir); free(f->sep_min); free(f->fitted); free(f->eta);
    memset(f, 0, sizeof *f);
}

void logistic_or_ci(const LogitFit *f, double level, double *or_, double *lo, double *hi) {
    double zq = level > 0 && level < 1 ? gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2) : NAN;
    for (size_t j = 0; j < f->k; j++) {
        or_[j] = exp(f->coef[j]);
        lo[j] = exp(f->coef[j] - zq * f->se[j]);
        hi[j] = exp(f->coef[j] + zq * f->se[j]);
    }
}

/* IRLS on the design X (n × k, column-major, complete rows): glm.fit.
 * Fills coef (k, 0 for aliased), eta and mu (n), the QR of the last
 * step, and the convergence flags.  Returns 0 or −1. */
typedef struct Irls {
    double *coef;           /* k */
    double *eta, *mu;       /* n */
    QR q;                   /* the last weighted least-squares factorisation */
    double dev;
    int iter, conv, boundary;
} Irls;

static void irls_free(Irls *r) {
    free(r->coef); free(r->eta); free(r->mu);
    free(r->q.a); free(r->q.qraux); free(r->q.piv); free(r->q.norm); free(r->q.orig);
}

static int irls(const double *X, const double *y, const double *off, size_t n, size_t k, Irls *r) {
    memset(r, 0, sizeof *r);
    r->coef = calloc(k, sizeof *r->coef);
    r->eta = malloc(n * sizeof *r->eta);
    r->mu = malloc(n * sizeof *r->mu);
    r->q.n = n;
    r->q.k = k;
    r->q.a = malloc(n * k * sizeof *r->q.a);
    r->q.qraux = malloc(k * sizeof *r->q.qraux);
    r->q.piv = malloc(k * sizeof *r->q.piv);
    r->q.norm = malloc(k * sizeof *r->q.norm);
    r->q.orig = malloc(k * sizeof *r->q.orig);
    double *z = malloc(n * sizeof *z), *w = malloc(n * sizeof *w), *old = calloc(k, sizeof *old);
    double *b = malloc(k * sizeof *b);
    int rc = -1, have_old = 0;
    if (!r->coef || !r->eta || !r->mu || !r->q.a || !r->q.qraux || !r->q.piv || !r->q.norm || !r->q.orig || !z || !w ||
        !old || !b)
        goto out;
    double devold = 0;
    for (size_t i = 0; i < n; i++) {
        double m = (y[i] + 0.5) / 2;   /* binomial()$initialize, weights 1 */
        r->eta[i] = log(m / (1 - m));  /* glm.fit starts from linkfun(mustart), without the offset */
        r->mu[i] = linkinv(r->eta[i]);
        devold += dev_resid(y[i], r->mu[i]);
    }
    const double tol = 1e-11;   /* min(1e-7, epsilon/1000) */
    for (r->iter = 1; r->iter <= 25; r->iter++) {
        for (size_t i = 0; i < n; i++) {
            double me = mu_eta(r->eta[i]);
            z[i] = (r->eta[i] - off[i]) + (y[i] - r->mu[i]) / me;
            w[i] = sqrt(me * me / (r->mu[i] * (1 - r->mu[i])));
        }
        for (size_t j = 0; j < k; j++)
            for (size_t i = 0; i < n; i++) r->q.a[j * n + i] = X[j * n + i] * w[i];
        for (size_t i = 0; i < n; i++) z[i] *= w[i];
        qr_factor(&r->q, tol);
        qr_qty(&r->q, z);
        size_t rk = r->q.rank;
        for (size_t jj = rk; jj-- > 0;) {   /* back substitution on the leading rank × rank block */
            b[jj] = z[jj] / r->q.a[jj * n + jj];
            for (size_t i = 0; i < jj; i++) z[i] -= r->q.a[jj * n + i] * b[jj];
        }
        for (size_t jj = 0; jj < k; jj++) r->coef[r->q.piv[jj]] = jj < rk ? b[jj] : 0;
        double dev = 0;
        for (size_t i = 0; i < n; i++) {
            double e = off[i];
            for (size_t j = 0; j < k; j++) e += X[j * n + i] * r->coef[j];
            r->eta[i] = e;
            r->mu[i] = linkinv(e);
            dev += dev_resid(y[i], r->mu[i]);
        }
        if (!isfinite(dev)) {   /* never with the clamped link, kept as glm.fit has it */
            if (!have_old) goto out;
            for (int ii = 0; !isfinite(dev) && ii < 25; ii++) {
                dev = 0;
                for (size_t j = 0; j < k; j++) r->coef[j] = (r->coef[j] + old[j]) / 2;
                for (size_t i = 0; i < n; i++) {
                    double e = off[i];
                    for (size_t j = 0; j < k; j++) e += X[j * n + i] * r->coef[j];
                    r->eta[i] = e;
                    r->mu[i] = linkinv(e);
                    dev += dev_resid(y[i], r->mu[i]);
                }
            }
            r->boundary = 1;
        }
        r->dev = dev;
        if (fabs(dev - devold) / (0.1 + fabs(dev)) < 1e-8) { r->conv = 1; break; }
        devold = dev;
        memcpy(old, r->coef, k * sizeof *old);
        have_old = 1;
    }
    if (r->iter > 25) r->iter = 25;
    rc = 0;
out:
    free(z); free(w); free(old); free(b);
    if (rc) irls_free(r);
    return rc;
}

/* ---- separation by linear programming ---- */

/* maximise cᵀz subject to A z <= rhs (rhs >= 0), z >= 0, by the simplex
 * method on the dictionary: Dantzig's rule (the steepest objective
 * coefficient), falling back to Bland's rule (smallest index, which
 * cannot cycle) after a run of degenerate pivots, as these problems are
 * highly degenerate.  T: m × N row-major, overwritten.  Returns the
 * optimum, or NaN when the iteration limit is hit. */
static double simplex(double *T, double *rhs, double *c, size_t m, size_t N, size_t *nb, size_t *bs) {
    const double eps = 1e-9;
    double z0 = 0;
    for (size_t j = 0; j < N; j++) nb[j] = j;
    for (size_t i = 0; i < m; i++) bs[i] = N + i;
    size_t limit = 50 * (m + N) + 1000, stall = 0;
    for (size_t it = 0; it < limit; it++) {
        size_t e = N;
        int bland = stall > 2 * N;
        for (size_t j = 0; j < N; j++) {
            if (!(c[j] > eps)) continue;
            if (e == N || (bland ? nb[j] < nb[e] : c[j] > c[e])) e = j;
        }
        if (e == N) return z0;
        size_t r = m;
        double best = INFINITY;
        for (size_t i = 0; i < m; i++) {
            double a = T[i * N + e];
            if (a <= eps) continue;
            double ratio = rhs[i] / a;
            if (ratio < best - 1e-12 || (fabs(ratio - best) <= 1e-12 && bs[i] < bs[r])) {
                best = ratio;
                r = i;
            }
        }
        if (r == m) return INFINITY;   /* unbounded: cannot happen with the box */
        double piv = T[r * N + e];
        double *tr = T + r * N;
        for (size_t j = 0; j < N; j++) tr[j] /= piv;
        rhs[r] /= piv;
        tr[e] = 1 / piv;
        for (size_t i = 0; i < m; i++) {
            if (i == r) continue;
            double *ti = T + i * N, fct = ti[e];
            if (fct == 0) continue;
            for (size_t j = 0; j < N; j++) ti[j] -= fct * tr[j];
            rhs[i] -= fct * rhs[r];
            ti[e] = -fct * tr[e];
            if (rhs[i] < 0 && rhs[i] > -1e-12) rhs[i] = 0;
        }
        double ce = c[e];
        for (size_t j = 0; j < N; j++) c[j] -= ce * tr[j];
        if (ce * rhs[r] > 1e-12) stall = 0;
        else stall++;
        z0 += ce * rhs[r];
        c[e] = -ce * tr[e];
        size_t t = nb[e];
        nb[e] = bs[r];
        bs[r] = t;
    }
    return NAN;
}

/* The LP over the columns in use[] of the sign-flipped, scaled design S
 * (n × k): variables b⁺, b⁻ (and t when complete), constraints
 * −S b (+ t) <= 0, b± <= 1 (t <= 1).  goal: −1 maximise Σ S b (any
 * separation), −2 maximise t (complete), j >= 0 maximise b_j, j < −2
 * maximise −b_(−3−j).  Returns the optimum (NaN: undetermined). */
typedef struct Lp {
    const double *S;
    size_t n, k;
    double *T, *rhs, *c;
    size_t *nb, *bs;
} Lp;

static double lp_solve(Lp *L, const int *use, long goal) {
    size_t n = L->n, k = L->k, ku = 0;
    size_t col[256];
    for (size_t j = 0; j < k && ku < 256; j++)
        if (use[j]) col[ku++] = j;
    int tvar = goal == -2;
    size_t N = 2 * ku + (size_t)tvar, m = n + N;
    memset(L->T, 0, m * N * sizeof *L->T);
    memset(L->c, 0, N * sizeof *L->c);
    for (size_t i = 0; i < n; i++) {
        double *ti = L->T + i * N;
        /* a tiny, distinct slack per row breaks the degeneracy at the
           origin (every row tight) that stalls the simplex; it moves the
           optima by < n·2e-13, below the tolerances of the decisions */
        L->rhs[i] = 1e-13 * (1 + (double)((i * 2654435761u) % 1000) / 1000);
        for (size_t a = 0; a < ku; a++) {
            double s = L->S[col[a] * n + i];
            ti[a] = -s;
            ti[ku + a] = s;
        }
        if (tvar) ti[2 * ku] = 1;
    }
    for (size_t a = 0; a < N; a++) {
        L->T[(n + a) * N + a] = 1;
        L->rhs[n + a] = 1;
    }
    if (goal == -1) {
        for (size_t a = 0; a < ku; a++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += L->S[col[a] * n + i];
            L->c[a] = s;
            L->c[ku + a] = -s;
        }
    } else if (goal == -2) L->c[2 * ku] = 1;
    else {
        size_t j = goal >= 0 ? (size_t)goal : (size_t)(-3 - goal);
        for (size_t a = 0; a < ku; a++)
            if (col[a] == j) {
                L->c[a] = goal >= 0 ? 1 : -1;
                L->c[ku + a] = goal >= 0 ? -1 : 1;
            }
    }
    return simplex(L->T, L->rhs, L->c, m, N, L->nb, L->bs);
}

/* Separation of the rows of X (n × k) by y; fills f->separation, sep_dir
 * and sep_min for the columns not aliased.  Returns 0 or −1. */
static int separation(const double *X, const double *y, size_t n, size_t k, const int *aliased, int has_icpt,
                      LogitFit *f) {
    if (k > 256) { f->separation = SEP_UNKNOWN; return 0; }
    size_t N = 2 * k + 1, m = n + N;
    Lp L = {NULL, n, k, NULL, NULL, NULL, NULL, NULL};
    double *S = malloc(n * k * sizeof *S);
    L.T = malloc(m * N * sizeof *L.T);
    L.rhs = malloc(m * sizeof *L.rhs);
    L.c = malloc(N * sizeof *L.c);
    L.nb = malloc(N * sizeof *L.nb);
    L.bs = malloc(m * sizeof *L.bs);
    int *use = malloc(k * sizeof *use), rc = -1;
    if (!S || !L.T || !L.rhs || !L.c || !L.nb || !L.bs || !use) goto out;
    /* scale every column to unit maximum: the cone of separating
       directions keeps its sign pattern, the LP its conditioning */
    for (size_t j = 0; j < k; j++) {
        double mx = 0;
        for (size_t i = 0; i < n; i++)
            if (fabs(X[j * n + i]) > mx) mx = fabs(X[j * n + i]);
        for (size_t i = 0; i < n; i++) S[j * n + i] = (mx > 0 ? X[j * n + i] / mx : 0) * (y[i] ? 1 : -1);
        use[j] = !aliased[j];
    }
    L.S = S;
    /* tol: a margin of 1e-7 on columns scaled to unit maximum; the "any
       separation" objective sums over rows, so its tolerance also covers
       the rows' perturbations */
    const double tol = 1e-7, tol_any = 1e-7 + 1e-12 * (double)n;
    double v = lp_solve(&L, use, -1);
    rc = 0;
    if (isnan(v)) { f->separation = SEP_UNKNOWN; goto out; }
    if (v <= tol_any) { f->separation = SEP_NONE; goto out; }
    double t = lp_solve(&L, use, -2);
    f->separation = isnan(t) ? SEP_UNKNOWN : t > tol ? SEP_COMPLETE : SEP_QUASI;
    for (size_t j = 0; j < k; j++) {
        if (!use[j]) continue;
        if (f->separation == SEP_COMPLETE) {   /* the separating cone is open: every estimate either way */
            f->sep_dir[j] = 2;
            continue;
        }
        double up = lp_solve(&L, use, (long)j), dn = lp_solve(&L, use, -3 - (long)j);
        int u = up > tol, d = dn > tol;
        f->sep_dir[j] = u && d ? 2 : u ? 1 : d ? -1 : 0;
    }
    /* a minimal separating set: a predictor that separates the outcome on
       its own (a threshold on it), else drop predictors (never the
       intercept) while the rest still separates */
    size_t alone = k;
    for (size_t j = has_icpt ? 1 : 0; j < k && alone == k; j++) {
        if (!use[j]) continue;
        double lo[2] = {INFINITY, INFINITY}, hi[2] = {-INFINITY, -INFINITY};
        for (size_t i = 0; i < n; i++) {
            int c = y[i] != 0;
            double xv = X[j * n + i];
            if (xv < lo[c]) lo[c] = xv;
            if (xv > hi[c]) hi[c] = xv;
        }
        if (hi[0] <= lo[1] || hi[1] <= lo[0]) alone = j;
    }
    if (alone < k)
        for (size_t j = has_icpt ? 1 : 0; j < k; j++) use[j] = j == alone;
    for (size_t j = has_icpt ? 1 : 0; j < k && alone == k; j++) {
        if (!use[j]) continue;
        use[j] = 0;
        double w = lp_solve(&L, use, -1);
        if (!(w > tol_any)) use[j] = 1;
    }
    for (size_t j = 0; j < k; j++) f->sep_min[j] = use[j] && !aliased[j];
    if (has_icpt) {   /* is the intercept itself needed? */
        use[0] = 0;
        double w = lp_solve(&L, use, -1);
        f->sep_min[0] = !(w > tol_any);
    }
out:
    free(S); free(L.T); free(L.rhs); free(L.c); free(L.nb); free(L.bs); free(use);
    return rc;
}

int logistic_fit(const double *y, const double *x, size_t N, size_t p, const double *offset, int intercept,
                 LogitFit *f) {
    memset(f, 0, sizeof *f);
    size_t k = p + (intercept ? 1 : 0);
    if (k == 0 || (p > 0 && !x)) return -3;
    size_t *rows = malloc((N ? N : 1) * sizeof *rows), n = 0;
    if (!rows) return -1;
    for (size_t i = 0; i < N; i++) {
        if (isnan(y[i]) || (offset && isnan(offset[i]))) continue;
        int ok = 1;
        for (size_t j = 0; j < p && ok; j++) ok = !isnan(x[j * N + i]);
        if (!ok) continue;
        if (y[i] != 0 && y[i] != 1) { free(rows); return -3; }
        rows[n++] = i;
    }
    if (n == 0) { free(rows); return -3; }
    int rc = -1;
    double *X = malloc(n * k * sizeof *X), *yy = malloc(n * sizeof *yy), *off = calloc(n, sizeof *off);
    Irls r = {0}, r0 = {0};
    int have_r = 0, have_r0 = 0;
    f->n = n;
    f->k = k;
    f->coef = malloc(k * sizeof *f->coef);
    f->se = malloc(k * sizeof *f->se);
    f->z = malloc(k * sizeof *f->z);
    f->pval = malloc(k * sizeof *f->pval);
    f->var = malloc(k * k * sizeof *f->var);
    f->aliased = calloc(k, sizeof *f->aliased);
    f->sep_dir = calloc(k, sizeof *f->sep_dir);
    f->sep_min = calloc(k, sizeof *f->sep_min);
    f->fitted = malloc(N * sizeof *f->fitted);
    f->eta = malloc(N * sizeof *f->eta);
    if (!X || !yy || !off || !f->coef || !f->se || !f->z || !f->pval || !f->var || !f->aliased || !f->sep_dir ||
        !f->sep_min || !f->fitted || !f->eta)
        goto out;
    for (size_t a = 0; a < n; a++) {
        size_t i = rows[a];
        yy[a] = y[i];
        if (offset) off[a] = offset[i];
        if (intercept) X[a] = 1;
        for (size_t j = 0; j < p; j++) X[(j + (intercept ? 1 : 0)) * n + a] = x[j * N + i];
    }
    if (irls(X, yy, off, n, k, &r) < 0) goto out;
    have_r = 1;
    f->iter = r.iter;
    f->converged = r.conv;
    f->boundary = r.boundary;
    f->deviance = r.dev;
    f->loglik = -r.dev / 2;
    f->rank = r.q.rank;
    for (size_t i = 0; i < N; i++) f->fitted[i] = f->eta[i] = NAN;
    for (size_t a = 0; a < n; a++) {
        f->fitted[rows[a]] = r.mu[a];
        f->eta[rows[a]] = r.eta[a];
        if (r.mu[a] > 1 - 10 * DBL_EPSILON || r.mu[a] < 10 * DBL_EPSILON) f->fitted01 = 1;
    }
    f->aic = r.dev + 2.0 * (double)r.q.rank;
    f->df_residual = n - r.q.rank;
    f->df_null = n - (intercept ? 1 : 0);
    /* covariance: (RᵀR)⁻¹ of the last step's R (summary.glm's chol2inv) */
    {
        size_t rk = r.q.rank;
        double *Ri = calloc(rk * rk + 1, sizeof *Ri);
        if (!Ri) goto out;
        for (size_t j = 0; j < rk; j++) {   /* Ri = R⁻¹, upper triangular */
            Ri[j * rk + j] = 1 / r.q.a[j * n + j];
            for (size_t i = j; i-- > 0;) {
                double s = 0;
                for (size_t l = i + 1; l <= j; l++) s += r.q.a[l * n + i] * Ri[l * rk + j];
                Ri[i * rk + j] = -s / r.q.a[i * n + i];
            }
        }
        for (size_t a = 0; a < k * k; a++) f->var[a] = NAN;
        for (size_t a = 0; a < rk; a++)
            for (size_t b = 0; b < rk; b++) {
                double s = 0;
                for (size_t l = (a > b ? a : b); l < rk; l++) s += Ri[a * rk + l] * Ri[b * rk + l];
                f->var[r.q.piv[a] * k + r.q.piv[b]] = s;
            }
        free(Ri);
        for (size_t jj = rk; jj < k; jj++) f->aliased[r.q.piv[jj]] = 1;
    }
    for (size_t j = 0; j < k; j++) {
        if (f->aliased[j]) {
            f->coef[j] = f->se[j] = f->z[j] = f->pval[j] = NAN;
            continue;
        }
        f->coef[j] = r.coef[j];
        f->se[j] = sqrt(f->var[j * k + j]);
        f->z[j] = f->coef[j] / f->se[j];
        f->pval[j] = erfc(fabs(f->z[j]) / M_SQRT2);
    }
    /* null deviance: the intercept(-plus-offset) model, as glm */
    if (intercept && offset) {
        double *one = malloc(n * sizeof *one);
        if (!one) goto out;
        for (size_t a = 0; a < n; a++) one[a] = 1;
        int e = irls(one, yy, off, n, 1, &r0);
        free(one);
        if (e < 0) goto out;
        have_r0 = 1;
        f->null_deviance = r0.dev;
    } else {
        double ybar = 0, nd = 0;
        for (size_t a = 0; a < n; a++) ybar += yy[a];
        ybar /= (double)n;
        for (size_t a = 0; a < n; a++) nd += dev_resid(yy[a], intercept ? ybar : linkinv(off[a]));
        f->null_deviance = nd;
    }
    if (separation(X, yy, n, k, f->aliased, intercept, f) < 0) goto out;
    rc = 0;
out:
    if (have_r) irls_free(&r);
    if (have_r0) irls_free(&r0);
    free(rows); free(X); free(yy); free(off);
    if (rc) logistic_free(f);
    return rc;
}
