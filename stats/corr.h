/* corr.h — correlation coefficients and their p-values as R's
 * cor.test(..., exact = FALSE): Pearson and Spearman with the t
 * approximation on n − 2 df, Kendall's tau-b with the normal
 * approximation and R's tie correction of the variance. */
#ifndef RGX_CORR_H
#define RGX_CORR_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { COR_PEARSON, COR_SPEARMAN, COR_KENDALL } CorMethod;

typedef struct CorResult {
    size_t n;       /* complete pairs */
    double r;       /* coefficient (NaN when a side is constant or n < 3) */
    double p;       /* two-sided p-value (NaN likewise) */
} CorResult;

/* One pair over the rows where both are present.  Returns n = 0 on
 * allocation failure. */
CorResult cor_pair(const double *x, const double *y, size_t n, CorMethod m);

/* Partial correlation of x and y given the k columns of z (k columns of n
 * values, column j at z + j*n), over the rows where all are present, as
 * ppcor::pcor.test: both sides residualised on the covariates by least
 * squares (Spearman: x, y and z ranked first), r of the residuals, t on
 * n − 2 − k degrees of freedom.  Pearson and Spearman only (Kendall gives
 * NaN).  n = 0 in the result on allocation failure. */
CorResult cor_partial(const double *x, const double *y, const double *z, size_t n, size_t k, CorMethod m);

/* Two-sided p of a Pearson/Spearman r on n pairs (t approximation on
 * n − 2 df; NaN when n < 3), and on df degrees of freedom (partial
 * correlations: n − 2 − k). */
double cor_p_t(double r, size_t n);
double cor_p_df(double r, double df);

/* A block of correlations: every column X[i] (n values) with every column
 * Y[j].  r and p are nx × ny (row i = X column i) and nn the pairs used
 * (may be NULL when every column is complete and m is not Kendall: then
 * every pair uses n); p may be NULL to skip the p-values (a caller that
 * needs only the strong pairs' p computes them from r and n).  Columns without missing values take the fast
 * path (ranked/standardised once, one matrix product through BLAS);
 * pairs with missing values are computed one by one on their complete
 * cases.  threads bounds the worker threads; results do not depend on it.
 * cancel is polled.  Returns 0, -1 when out of memory, -2 when cancelled. */
int cor_block(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n, CorMethod m, int threads,
              volatile sig_atomic_t *cancel, double *r, double *p, uint32_t *nn);
#endif
