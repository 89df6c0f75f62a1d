/* corr.h — correlation coefficients and their p-values as R's cor.test:
 * Pearson and Spearman with the t approximation on n − 2 df, Kendall's
 * tau-b with the normal approximation and R's tie correction of the
 * variance; and, as cor.test's default exact = NULL, the exact p when
 * there are no ties — Spearman by AS 89 for n <= 1290 (all n! orderings
 * for n <= 9, the Edgeworth series above), Kendall from the distribution
 * of the concordant pairs for n < 50. */
#ifndef RGX_CORR_H
#define RGX_CORR_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>

typedef enum { COR_PEARSON, COR_SPEARMAN, COR_KENDALL } CorMethod;
/* cor.test's exact=: auto (NULL: Spearman n <= 1290, Kendall n < 50), yes
 * (TRUE; rgx's Kendall tables stop at n < 50 as auto's do), no (FALSE).
 * The exact p needs no ties; Pearson has none. */
typedef enum { COR_EXACT_AUTO, COR_EXACT_YES, COR_EXACT_NO } CorExact;
#define COR_SPEARMAN_EXACT_MAX 1290

typedef struct CorResult {
    size_t n;       /* complete pairs */
    double r;       /* coefficient (NaN when a side is constant or n < 3) */
    double p;       /* two-sided p-value (NaN likewise) */
    int exact;      /* p is the exact one */
} CorResult;

/* One pair over the rows where both are present, the exact p as exact=
 * says (when the pair has no ties).  Returns n = 0 on allocation failure. */
CorResult cor_pair(const double *x, const double *y, size_t n, CorMethod m, CorExact e);

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

/* Does the exact p apply to n pairs of method m (ties: either side has
 * tied values) under exact=e?  As cor.test: not with ties; Spearman for
 * n <= 1290, Kendall for n < 50. */
int cor_exact_applies(CorMethod m, size_t n, int ties, CorExact e);
/* cor.test's exact two-sided p (no ties): Spearman's rho on n <= 1290
 * pairs (AS 89 on S = (n^3 − n)(1 − r)/6, rounded), Kendall's tau on
 * n < 50 (the concordant pairs round((tau + 1) n (n − 1) / 4)).  NaN
 * outside those n.  Thread-safe (the tables are built once). */
double cor_p_spearman_exact(double r, size_t n);
double cor_p_kendall_exact(double tau, size_t n);
/* AS 89's Edgeworth series (Spearman, 9 < n <= 1290) is an approximation
 * that collapses far in the tail: for n = 100 it gives 6.8e-10 at r = 0.57,
 * 6.1e-11 at 0.58 and 0 from 0.59 on, where the t approximation (and the
 * normal one) give 1e-10 and less.  Below COR_EDGEWORTH_TAIL, where the
 * series falls under the t approximation, rgx takes the t approximation's
 * p: continuous, monotone in |r|, never 0 (R's cor.test returns the
 * series' value, printed "p-value < 2.2e-16" when it is 0).  Above it, the
 * series as cor.test.  Sets *p and returns 1 when the t approximation was
 * taken. */
#define COR_EDGEWORTH_TAIL 1e-6
int cor_spearman_tail_fallback(double r, size_t n, double *p);
/* The p of a Pearson or Spearman r on n pairs: exact (Spearman, with the
 * tail rule above) or t. */
double cor_p_rn(CorMethod m, double r, size_t n, int exact);

/* A block of correlations: every column X[i] (n values) with every column
 * Y[j].  r and p are nx × ny (row i = X column i) and nn the pairs used
 * (may be NULL when every column is complete and m is not Kendall: then
 * every pair uses n); p may be NULL to skip the p-values (a caller that
 * needs only the strong pairs' p computes them from r, n and the ties).
 * e: exact= as cor_pair.  ex (nx × ny, may be NULL) gets 1 where the p is
 * the exact one; tx, ty (may be NULL) get 1 for a complete column with
 * tied values (Spearman: computed when exact= allows it).  Fewer than 3
 * pairs give r = NaN on every path.  Columns without missing values take the fast
 * path (ranked/standardised once, one matrix product through BLAS);
 * pairs with missing values are computed one by one on their complete
 * cases.  threads bounds the worker threads; results do not depend on it.
 * cancel is polled.  Returns 0, -1 when out of memory, -2 when cancelled. */
int cor_block(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n, CorMethod m, CorExact e,
              int threads, volatile sig_atomic_t *cancel, double *r, double *p, uint32_t *nn, unsigned char *ex,
              unsigned char *tx, unsigned char *ty);
/* Below this many multiply-adds (nx × ny × n) cor_block's fast path makes
 * its dot products itself instead of calling BLAS. */
#define COR_BLAS_MIN 262144.0
/* Whether cor_block may call BLAS at all (default yes).  A program that
 * finds the BLAS unable to get its working memory (OpenBLAS under a
 * virtual-memory limit retries its allocation forever) turns it off
 * once, at start-up; the products are then made by cor_block's worker
 * threads (same results to rounding, slower for large maps).  The one
 * process-wide setting of stats/, like the GSL handler of stats.h. */
void cor_use_blas(int yes);
#endif
