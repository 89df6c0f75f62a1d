/* pca.c — see pca.h. */
#include "stats/pca.h"
#include <gsl/gsl_blas.h>
#include <gsl/gsl_eigen.h>
#include <float.h>
#include <math.h>
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

static double dot(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t i = 0; i < n; i++) s += a[i] * b[i];
    return s;
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
    /* every matrix in malloc'd storage behind a GSL view: no GSL allocation
       (whose failure would call GSL's error handler) */
    double *Z = malloc(n * p * sizeof *Z);   /* n × p row-major */
    double *V = malloc(p * m * sizeof *V);   /* loadings, p × m row-major */
    double *T = malloc(n * m * sizeof *T);   /* scores, n × m row-major */
    double *sd = malloc(m * sizeof *sd);
    size_t *idx = malloc(m * sizeof *idx);
    double *A = NULL, *W = NULL, *ev = NULL, *ws = NULL;
    int rc = 0;
    if (!r->center || !r->scale || !r->sdev || !r->prop || !Z || !V || !T || !sd || !idx) { rc = -1; goto out; }
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
        for (size_t i = 0; i < n; i++) Z[i * p + j] = (v[i] - mu) / sc;
    }
    if (CANCELLED(o)) { rc = -2; goto out; }
    PcaMethod meth = o->method;
    if (meth == PCA_AUTO) meth = (double)M * m * m <= 2e7 ? PCA_SVD : PCA_EIGEN;
    r->method = meth;
    gsl_matrix_view Zv = gsl_matrix_view_array(Z, n, p), Vv = gsl_matrix_view_array(V, p, m);
    gsl_matrix_view Tv = gsl_matrix_view_array(T, n, m);
    if (meth == PCA_SVD) {
        /* the tall orientation as columns: Z's columns (n >= p) or its rows */
        A = malloc(M * m * sizeof *A);
        W = malloc(m * m * sizeof *W);
        if (!A || !W) { rc = -1; goto out; }
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < p; j++) {
                if (n >= p) A[j * n + i] = Z[i * p + j];
                else A[i * p + j] = Z[i * p + j];
            }
        if ((rc = jacobi_svd(A, M, m, W, o)) < 0) goto out;
        for (size_t k = 0; k < m; k++) sd[k] = sqrt(dot(A + k * M, A + k * M, M));
        if (n >= p) {   /* Z W = U D: the loadings are W */
            for (size_t j = 0; j < p; j++)
                for (size_t k = 0; k < m; k++) V[j * m + k] = W[k * m + j];
        } else {   /* Zᵀ W = U D: the loadings are U = the columns over their norms */
            for (size_t k = 0; k < m; k++)
                for (size_t j = 0; j < p; j++) V[j * m + k] = sd[k] > 0 ? A[k * p + j] / sd[k] : 0;
        }
    } else {
        /* the eigen decomposition of the smaller cross product */
        A = malloc(m * m * sizeof *A);
        W = malloc(m * m * sizeof *W);
        ev = malloc(m * sizeof *ev);
        ws = malloc(4 * m * sizeof *ws);
        if (!A || !W || !ev || !ws) { rc = -1; goto out; }
        gsl_matrix_view Av = gsl_matrix_view_array(A, m, m), Wv = gsl_matrix_view_array(W, m, m);
        gsl_vector_view evv = gsl_vector_view_array(ev, m);
        gsl_blas_dsyrk(CblasLower, n >= p ? CblasTrans : CblasNoTrans, 1.0, &Zv.matrix, 0.0, &Av.matrix);
        for (size_t i = 0; i < m; i++)
            for (size_t j = i + 1; j < m; j++) A[i * m + j] = A[j * m + i];
        if (CANCELLED(o)) { rc = -2; goto out; }
        gsl_eigen_symmv_workspace w = {m, ws, ws + m, ws + 2 * m, ws + 3 * m};
        gsl_eigen_symmv(&Av.matrix, &evv.vector, &Wv.matrix, &w);
        if (n >= p) memcpy(V, W, m * m * sizeof *V);
        else {
            /* v = Zᵀ u, normalised (its norm is the singular value) */
            gsl_blas_dgemm(CblasTrans, CblasNoTrans, 1.0, &Zv.matrix, &Wv.matrix, 0.0, &Vv.matrix);
            for (size_t k = 0; k < m; k++) {
                double nv = 0;
                for (size_t j = 0; j < p; j++) nv += V[j * m + k] * V[j * m + k];
                nv = sqrt(nv);
                for (size_t j = 0; j < p; j++) V[j * m + k] = nv > 0 ? V[j * m + k] / nv : 0;
            }
        }
        for (size_t k = 0; k < m; k++) sd[k] = ev[k];   /* λ: only its order is used below */
    }
    if (CANCELLED(o)) { rc = -2; goto out; }
    /* scores Z V (prcomp's x %*% rotation) */
    gsl_blas_dgemm(CblasNoTrans, CblasNoTrans, 1.0, &Zv.matrix, &Vv.matrix, 0.0, &Tv.matrix);
    if (meth == PCA_EIGEN) {
        /* the singular values as the norms of the scores (second-order
           accurate); λ is known only to about eps λmax, so a direction
           with λ <= 1e-14 λmax (sdev below 1e-7 of the first) is null — its
           vector, Zᵀu normalised, would be noise */
        double lmax = 0;
        for (size_t k = 0; k < m; k++) lmax = fmax(lmax, ev[k]);
        for (size_t k = 0; k < m; k++) {
            double s = 0;
            for (size_t i = 0; i < n; i++) s += T[i * m + k] * T[i * m + k];
            sd[k] = ev[k] > 1e-14 * lmax ? sqrt(s) : 0;
        }
    }
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
        size_t c = idx[k];
        /* the sign: the largest |loading| (the first within 1e-9 of it) positive */
        double big = 0, sg = 1;
        for (size_t j = 0; j < p; j++) big = fmax(big, fabs(V[j * m + c]));
        for (size_t j = 0; j < p; j++)
            if (fabs(V[j * m + c]) >= big * (1 - 1e-9)) { sg = V[j * m + c] < 0 ? -1 : 1; break; }
        for (size_t j = 0; j < p; j++) r->rotation[k * p + j] = sg * V[j * m + c];
        for (size_t i = 0; i < n; i++) r->scores[k * n + i] = sg * T[i * m + c];
    }
out:
    free(Z);
    free(V);
    free(T);
    free(sd);
    free(idx);
    free(A);
    free(W);
    free(ev);
    free(ws);
    return rc;
}
