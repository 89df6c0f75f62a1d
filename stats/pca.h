/* pca.h — principal components as R's prcomp(x, center = TRUE,
 * scale. = TRUE | FALSE): the columns centred (and scaled by their sd,
 * n − 1), then the singular value decomposition Z = U D Vᵀ; sdev = D /
 * sqrt(n − 1), rotation (loadings) = V, scores x = Z V, and
 * summary(prcomp)'s proportion of variance sdev² / Σ sdev² (unrounded).
 *
 * Without centring, scale. divides by the root mean square
 * sqrt(Σx² / (n − 1)), as R's scale(center = FALSE).
 *
 * Components: sdev has all min(n, p) values, as prcomp; rotation and scores
 * have the ncomp components whose sdev exceeds tol × sdev[0] (prcomp's tol
 * argument; default here 1e-7, so that the null directions a centred
 * matrix always has — and R fills with arbitrary vectors — are left out).
 *
 * Signs: a component's sign is arbitrary (R's LAPACK picks one); here the
 * element of largest |loading| of each component is positive (the first
 * such element when several are within 1e-9 of the largest), applied to
 * the loadings and the scores together.  Compare with R after applying the
 * same rule to prcomp's output.
 *
 * Method: when max(n, p) · min(n, p)² <= 2e7 (e.g. 200 × 100), a one-sided
 * Jacobi SVD (Hestenes; accurate to working precision also on small
 * components); above, the eigen decomposition of the smaller cross product
 * (ZᵀZ or ZZᵀ; gsl_eigen_symmv), the loadings and scores
 * recovered from it and each sdev recomputed as the norm of its scores
 * (second-order accurate); there a component below 1e-7 of the first
 * cannot be resolved and gets sdev 0 (so tol < 1e-7 keeps no more).  Both
 * match prcomp to about 1e-9 on well separated components; the eigen route
 * loses relative accuracy on the loadings of components below about 1e-5
 * of the first, or closer to a neighbour than that.  500 × 1,000 takes
 * about 0.3 s of CPU on one thread (Jacobi at its 2e7 limit, e.g. 2,000 × 100:
 * 0.2 s).
 *
 * The matrix products are our own dot products, each element computed by
 * one thread in a fixed order, so the result is the same bit for bit at
 * any thread count (BLAS's blocking is not: OpenBLAS gives different last
 * bits with 1 and 2 threads).
 *
 * NaN and Inf are refused (prcomp errors on them), with a count.  GSL is
 * used only for gsl_eigen_symmv, on views of malloc'd storage, with sizes
 * it accepts and finite data: no GSL error handler is ever invoked (GSL's
 * own SVD can stop with "failed to converge"). */
#ifndef RGX_PCA_H
#define RGX_PCA_H
#include <signal.h>
#include <stddef.h>

typedef enum { PCA_AUTO, PCA_SVD, PCA_EIGEN } PcaMethod;

typedef struct PcaOpts {
    int center;             /* 1: subtract the column means (prcomp's default) */
    int scale;              /* 1: divide by the column sds (prcomp's scale. = TRUE) */
    double tol;             /* components kept: sdev > tol × sdev[0]; 0 means 1e-7 */
    PcaMethod method;       /* PCA_AUTO chooses by size (above); the others force a route */
    int threads;            /* worker threads for the eigen route's products (0, 1: one); results do not depend on it */
    volatile sig_atomic_t *cancel;  /* polled between stages; non-zero stops with -2 */
} PcaOpts;

typedef struct PcaResult {
    size_t n, p;            /* observations (rows) and variables (columns) */
    size_t nsdev;           /* min(n, p) */
    size_t ncomp;           /* components with loadings and scores */
    double *sdev;           /* nsdev standard deviations, decreasing */
    double *prop;           /* nsdev proportions of variance (sum 1) */
    double *rotation;       /* p × ncomp loadings, column-major: component k at + k·p */
    double *scores;         /* n × ncomp scores, column-major: component k at + k·n */
    double *center;         /* p column means (0 when not centred) */
    double *scale;          /* p column sds (1 when not scaled) */
    size_t bad_col;         /* -3/-4: the first offending column */
    size_t n_bad;           /* -3: how many values are NaN or Inf */
    PcaMethod method;       /* the route taken (PCA_SVD or PCA_EIGEN) */
} PcaResult;

/* X: p columns of n values (column j is X[j]).  Returns 0; -1 out of
 * memory; -2 cancelled; -3 NaN or Inf values (n_bad of them, the first in
 * column bad_col); -4 a constant column with scale (prcomp: "cannot rescale
 * a constant/zero column to unit variance"; bad_col); -5 n < 2 or p < 1.
 * Free with pca_free (also after a failure). */
int pca_fit(const double *const *X, size_t n, size_t p, const PcaOpts *o, PcaResult *r);
void pca_free(PcaResult *r);

/* summary(prcomp)'s "Cumulative Proportion": cum[k] = prop[0] + … +
 * prop[k] for the r->nsdev components (cum: nsdev values, the caller's). */
void pca_cumulative(const PcaResult *r, double *cum);
/* What drives component c (< r->ncomp): the min(m, p) variables of
 * largest |loading|, in decreasing order (of equal ones the first), their
 * indexes written to idx.  Returns how many. */
size_t pca_top_loadings(const PcaResult *r, size_t c, size_t m, size_t *idx);
#endif
