/* pca.c — see pca.h. */
#include "stats/pca.h"
#include "stats/stats.h"
#include <gsl/gsl_eigen.h>
#include <float.h>
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

/* a size for malloc: at least 1 */
static size_t nz(size_t k) { return k ? k : 1; }

void pca_free(PcaResult *r) {
    if (!r) return;
    free(r->sdev);
    free(r->prop);
    free(r->rotation);
    free(r->scores);
    free(r->center);
    free(r->scale);
    memset(r, 0, sizeof *r);
}

void pca_cumulative(const PcaResult *r, double *cum) {
    double c = 0;
    for (size_t k = 0; k < r->nsdev; k++) cum[k] = (c += r->prop[k]);
}

size_t pca_top_loadings(const PcaResult *r, size_t c, size_t m, size_t *idx) {
    size_t p = r->p, k = m < p ? m : p;
    const double *rot = r->rotation + c * p;
    for (size_t q = 0; q < k; q++) {
        size_t best = 0;
        double bv = -1;
        for (size_t j = 0; j < p; j++) {
            int taken = 0;
            for (size_t u = 0; u < q && !taken; u++) taken = idx[u] == j;
            if (!taken && fabs(rot[j]) > bv) { bv = fabs(rot[j]); best = j; }
        }
        idx[q] = best;
    }
    return k;
}

#define CANCELLED(o) ((o)->cancel && *(o)->cancel)

/* Order of the m values ev, largest first (ties by index). */
static void order_desc(const double *ev, size_t m, size_t *idx) {
    for (size_t i = 0; i < m; i++) idx[i] = i;
    for (size_t i = 1; i < m; i++) {   /* insertion sort: m is at most a few thousand, nearly sorted */
        size_t t = idx[i], j = i;
        while (j > 0 && ev[idx[j - 1]] < ev[t]) { idx[j] = idx[j - 1]; j--; }
        idx[j] = t;
    }
}

/* A dot product with four running sums in a fixed order: fast (no serial
 * dependence on one sum) and the same result whichever thread computes it. */
static double dot(const double *a, const double *b, size_t n) {
    double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    size_t i = 0;
    for (; i + 4 <= n; i += 4) {
        s0 += a[i] * b[i];
        s1 += a[i + 1] * b[i + 1];
        s2 += a[i + 2] * b[i + 2];
        s3 += a[i + 3] * b[i + 3];
    }
    for (; i < n; i++) s0 += a[i] * b[i];
    return (s0 + s1) + (s2 + s3);
}

/* C[i][j] = dot(A row i, B row j) over K (rows of A: I, of B: J), every
 * element by one thread with the same arithmetic — so the result does not
 * depend on the thread count (BLAS's blocking does).  sym: B = A, only
 * j <= i computed, then mirrored. */
typedef struct Prod {
    const double *A, *B;    /* I × K and J × K, row-major */
    double *C;              /* I × J */
    size_t I, J, K;         /* sizes */
    int sym;                /* B = A: the lower triangle, mirrored */
    size_t next;            /* next row to do */
    pthread_mutex_t lock;   /* guards next */
    volatile sig_atomic_t *cancel;  /* polled per row */
} Prod;

static void *prod_worker(void *arg) {
    Prod *w = arg;
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->I || (w->cancel && *w->cancel)) break;
        size_t jn = w->sym ? i + 1 : w->J;
        for (size_t j = 0; j < jn; j++) w->C[i * w->J + j] = dot(w->A + i * w->K, w->B + j * w->K, w->K);
    }
    return NULL;
}

static int prod(const double *A, const double *B, double *C, size_t I, size_t J, size_t K, int sym, int threads,
                volatile sig_atomic_t *cancel) {
    Prod w = {A, B, C, I, J, K, sym, 0, PTHREAD_MUTEX_INITIALIZER, cancel};
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)nt > I) nt = I ? (int)I : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, prod_worker, &w) == 0) started++;
        else break;
    prod_worker(&w);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (cancel && *cancel) return -2;
    if (sym)
        for (size_t i = 0; i < I; i++)
            for (size_t j = i + 1; j < I; j++) C[i * J + j] = C[j * J + i];
    return 0;
}

/* One-sided Jacobi SVD (Hestenes) of the M × N matrix A held as N
 * columns of M values (column j at A + j·M): rotates pairs of columns until
 * all are orthogonal to sqrt(M)·eps of their norms (at most 80 sweeps).  On return the columns of A
 * are U D (column norms = the singular values) and V (N × N, column-major)
 * holds the accumulated rotations, A_in V = U D.  Accurate to working
 * precision also on small singular values.  Returns 0, -2 when cancelled. */
static int jacobi_svd(double *A, size_t M, size_t N, double *V, const PcaOpts *o) {
    for (size_t i = 0; i < N * N; i++) V[i] = 0;
    for (size_t j = 0; j < N; j++) V[j * N + j] = 1;
    double tol = sqrt((double)M) * DBL_EPSILON;   /* as LAPACK's dgesvj */
    for (int sweep = 0; sweep < 80; sweep++) {
        if (CANCELLED(o)) return -2;
        int rotated = 0;
        for (size_t i = 0; i + 1 < N; i++)
            for (size_t j = i + 1; j < N; j++) {
                double *ai = A + i * M, *aj = A + j * M;
                double alpha = dot(ai, ai, M), beta = dot(aj, aj, M), gamma = dot(ai, aj, M);
                if (!(fabs(gamma) > tol * sqrt(alpha * beta)) || gamma == 0) continue;
                rotated = 1;
                double zeta = (beta - alpha) / (2 * gamma);
                double t = (zeta >= 0 ? 1 : -1) / (fabs(zeta) + sqrt(1 + zeta * zeta));
                double c = 1 / sqrt(1 + t * t), s = c * t;
                for (size_t k = 0; k < M; k++) {
                    double x = ai[k], y = aj[k];
                    ai[k] = c * x - s * y;
                    aj[k] = s * x + c * y;
                }
                double *vi = V + i * N, *vj = V + j * N;
                for (size_t k = 0; k < N; k++) {
                    double x = vi[k], y = vj[k];
                    vi[k] = c * x - s * y;
                    vj[k] = s * x + c * y;
                }
            }
        if (!rotated) break;
    }
    return 0;
}

int pca_fit(const double *const *X, size_t n, size_t p, const PcaOpts *o, PcaResult *r) {
    stats_init();
    memset(r, 0, sizeof *r);
    r->n = n;
    r->p = p;
    if (n < 2 || p < 1) return -5;
    r->bad_col = (size_t)-1;
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++)
            if (!isfinite(X[j][i])) {
                if (r->bad_col == (size_t)-1) r->bad_col = j;
                r->n_bad++;
            }
    if (r->n_bad) return -3;
    size_t m = n < p ? n : p, M = n < p ? p : n;
    r->nsdev = m;
    r->center = malloc(p * sizeof *r->center);
    r->scale = malloc(p * sizeof *r->scale);
    r->sdev = malloc(m * sizeof *r->sdev);
    r->prop = malloc(m * sizeof *r->prop);
    /* all storage malloc'd (GSL sees views only: no GSL allocation, whose
       failure would call GSL's error handler) */
    double *Zr = malloc(n * p * sizeof *Zr);   /* the scaled data, row i = observation i */
    double *Zc = malloc(n * p * sizeof *Zc);   /* the same, row j = variable j */
    double *Vt = malloc(m * p * sizeof *Vt);   /* loadings, row k = component k */
    double *Tt = malloc(m * n * sizeof *Tt);   /* scores, row k = component k */
    double *sd = malloc(m * sizeof *sd);
    size_t *idx = malloc(m * sizeof *idx);
    double *A = NULL, *W = NULL, *ev = NULL, *ws = NULL;
    int rc = 0, threads = o->threads > 0 ? o->threads : 1;
    if (!r->center || !r->scale || !r->sdev || !r->prop || !Zr || !Zc || !Vt || !Tt || !sd || !idx) { rc = -1; goto out; }
    /* scale(x, center, scale.) */
    for (size_t j = 0; j < p; j++) {
        const double *v = X[j];
        double mu = 0;
        if (o->center) {
            long double s = 0, c = 0;
            for (size_t i = 0; i < n; i++) s += v[i];
            long double mm = s / n;
            for (size_t i = 0; i < n; i++) c += v[i] - mm;   /* R's refinement of the mean */
            mu = (double)(mm + c / n);
        }
        double sc = 1;
        if (o->scale) {
            long double ss = 0;
            for (size_t i = 0; i < n; i++) ss += (long double)(v[i] - mu) * (v[i] - mu);
            sc = sqrt((double)(ss / (n - 1)));   /* the sd, or without centring the root mean square */
            if (!(sc > 0)) { r->bad_col = j; rc = -4; goto out; }
        }
        r->center[j] = mu;
        r->scale[j] = sc;
        for (size_t i = 0; i < n; i++) Zr[i * p + j] = Zc[j * n + i] = (v[i] - mu) / sc;
    }
    if (CANCELLED(o)) { rc = -2; goto out; }
    PcaMethod meth = o->method;
    if (meth == PCA_AUTO) meth = (double)M * m * m <= 2e7 ? PCA_SVD : PCA_EIGEN;
    r->method = meth;
    if (meth == PCA_SVD) {
        /* Jacobi on the tall orientation, as columns: Z's columns (n >= p)
           or its rows (the columns of Zᵀ) */
        W = malloc(m * m * sizeof *W);
        if (!W) { rc = -1; goto out; }
        A = n >= p ? Zc : Zr;
        if ((rc = jacobi_svd(A, M, m, W, o)) < 0) goto out;
        for (size_t k = 0; k < m; k++) sd[k] = sqrt(dot(A + k * M, A + k * M, M));
        for (size_t k = 0; k < m; k++) {
            const double *a = A + k * M, *w = W + k * m;
            if (n >= p) {   /* Z W = U D: loadings W, scores U D = the columns of A */
                memcpy(Vt + k * p, w, p * sizeof *Vt);
                memcpy(Tt + k * n, a, n * sizeof *Tt);
            } else {   /* Zᵀ W = U D: loadings U = A's columns over D; scores Z U = W D */
                for (size_t j = 0; j < p; j++) Vt[k * p + j] = sd[k] > 0 ? a[j] / sd[k] : 0;
                for (size_t i = 0; i < n; i++) Tt[k * n + i] = w[i] * sd[k];
            }
        }
        A = NULL;   /* Zc or Zr: freed below */
    } else {
        /* the eigen decomposition of the smaller cross product (ZᵀZ or ZZᵀ) */
        A = malloc(m * m * sizeof *A);
        W = malloc(m * m * sizeof *W);
        ev = malloc(m * sizeof *ev);
        ws = malloc(4 * m * sizeof *ws);
        double *Ut = malloc(m * m * sizeof *Ut);
        if (!A || !W || !ev || !ws || !Ut) { free(Ut); rc = -1; goto out; }
        if ((rc = prod(n >= p ? Zc : Zr, n >= p ? Zc : Zr, A, m, m, n >= p ? n : p, 1, threads, o->cancel)) < 0) {
            free(Ut);
            goto out;
        }
        gsl_matrix_view Av = gsl_matrix_view_array(A, m, m), Wv = gsl_matrix_view_array(W, m, m);
        gsl_vector_view evv = gsl_vector_view_array(ev, m);
        gsl_eigen_symmv_workspace w = {m, ws, ws + m, ws + 2 * m, ws + 3 * m};
        gsl_eigen_symmv(&Av.matrix, &evv.vector, &Wv.matrix, &w);
        for (size_t k = 0; k < m; k++)
            for (size_t j = 0; j < m; j++) Ut[k * m + j] = W[j * m + k];   /* eigenvector k as a row */
        double lmax = 0;
        for (size_t k = 0; k < m; k++) lmax = fmax(lmax, ev[k]);
        if (n >= p) {   /* loadings: the eigenvectors; scores Z v */
            memcpy(Vt, Ut, m * p * sizeof *Vt);
            rc = prod(Ut, Zr, Tt, m, n, p, 0, threads, o->cancel);
        } else {   /* loadings Zᵀ u, normalised; scores Z v = s u */
            rc = prod(Ut, Zc, Vt, m, p, n, 0, threads, o->cancel);
        }
        if (rc < 0) { free(Ut); goto out; }
        /* each sdev as the norm of Z v (n >= p) or of Zᵀ u (n < p): second-
           order accurate.  λ is known only to about eps λmax, so a direction
           with λ <= 1e-14 λmax (sdev below 1e-7 of the first) is null — its
           vector would be normalised noise */
        for (size_t k = 0; k < m; k++) {
            double *v = n >= p ? Tt + k * n : Vt + k * p;
            size_t len = n >= p ? n : p;
            double s = sqrt(dot(v, v, len));
            sd[k] = ev[k] > 1e-14 * lmax ? s : 0;
            if (n < p) {
                for (size_t j = 0; j < p; j++) Vt[k * p + j] = s > 0 ? Vt[k * p + j] / s : 0;
                for (size_t i = 0; i < n; i++) Tt[k * n + i] = Ut[k * m + i] * sd[k];
            }
        }
        free(Ut);
    }
    if (CANCELLED(o)) { rc = -2; goto out; }
    order_desc(sd, m, idx);
    double tot = 0, div = sqrt((double)(n - 1));
    for (size_t k = 0; k < m; k++) {
        r->sdev[k] = sd[idx[k]] / div;
        tot += r->sdev[k] * r->sdev[k];
    }
    for (size_t k = 0; k < m; k++) r->prop[k] = tot > 0 ? r->sdev[k] * r->sdev[k] / tot : NAN;
    double tol = o->tol > 0 ? o->tol : 1e-7;
    size_t nc = 0;
    while (nc < m && r->sdev[nc] > tol * r->sdev[0]) nc++;
    r->ncomp = nc;
    r->rotation = malloc(nz(p * nc) * sizeof *r->rotation);
    r->scores = malloc(nz(n * nc) * sizeof *r->scores);
    if (!r->rotation || !r->scores) { rc = -1; goto out; }
    for (size_t k = 0; k < nc; k++) {
        const double *v = Vt + idx[k] * p, *t = Tt + idx[k] * n;
        /* the sign: the largest |loading| (the first within 1e-9 of it) positive */
        double big = 0, sg = 1;
        for (size_t j = 0; j < p; j++) big = fmax(big, fabs(v[j]));
        for (size_t j = 0; j < p; j++)
            if (fabs(v[j]) >= big * (1 - 1e-9)) { sg = v[j] < 0 ? -1 : 1; break; }
        for (size_t j = 0; j < p; j++) r->rotation[k * p + j] = sg * v[j];
        for (size_t i = 0; i < n; i++) r->scores[k * n + i] = sg * t[i];
    }
out:
    free(Zr);
    free(Zc);
    free(Vt);
    free(Tt);
    free(sd);
    free(idx);
    free(A);
    free(W);
    free(ev);
    free(ws);
    return rc;
}
