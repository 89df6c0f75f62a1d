/* logistic.h — logistic regression as R's glm(family = binomial) fits it
 * (glm.fit): iteratively reweighted least squares from mu = (y + 0.5)/2,
 * each step a least-squares fit by Householder QR with R's limited column
 * pivoting (LINPACK dqrdc2 as modified for R: a column whose remaining norm
 * falls below 1e-11 of its original norm is aliased — moved to the end,
 * its coefficient NA); R's clamped logit link (|eta| > 30); convergence
 * when |dev − dev_old| / (|dev| + 0.1) < 1e-8, at most 25 iterations; the
 * standard errors from the last least-squares step (summary.glm);
 * Wald z, two-sided normal p, odds ratios with Wald intervals
 * (confint.default).
 *
 * R's two warnings are kept as flags: fitted01 ("fitted probabilities
 * numerically 0 or 1 occurred": some p̂ within 10·DBL_EPSILON of 0 or 1)
 * and !converged.  Separation, which R does not detect (on real data a
 * quasi-complete separation can converge without either warning and print
 * a huge coefficient and standard error), is decided exactly by linear
 * programming (Konis 2007, as safeBinaryRegression / detectseparation):
 * the data are separated when some direction b ≠ 0 has (2y − 1)·xᵢᵀb >= 0
 * for every row, completely when > 0 for every row; the estimates that run
 * off to ±infinity are those that some such direction moves, and a
 * minimal set of predictors that still separates is found by dropping
 * predictors one at a time.
 *
 * Missing values: rows with NaN in y, any x column or the offset are
 * skipped (n says how many were used).  Ownership: the caller frees with
 * logistic_free.  No globals, no GSL error handler needed. */
#ifndef RGX_LOGISTIC_H
#define RGX_LOGISTIC_H
#include <stddef.h>

typedef enum { SEP_NONE = 0, SEP_QUASI = 1, SEP_COMPLETE = 2, SEP_UNKNOWN = 3 } Separation;

typedef struct LogitFit {
    size_t n;               /* rows used */
    size_t k;               /* coefficients: the intercept (when fitted) first, then the p columns */
    double *coef;           /* k; NaN when aliased */
    double *se, *z, *pval;  /* k; NaN when aliased */
    double *var;            /* k × k covariance (row-major); NaN rows and columns for aliased terms */
    int *aliased;           /* k: 1 = a linear combination of earlier columns (glm's NA) */
    size_t rank;            /* columns not aliased */
    double deviance;        /* residual deviance */
    double null_deviance;   /* deviance of the intercept-only model (mean of y; with an offset: see below) */
    double aic;             /* deviance + 2·rank (0/1 outcome) */
    double loglik;          /* −deviance / 2 */
    size_t df_residual, df_null;
    int iter;               /* IRLS iterations (glm's iter) */
    int converged;          /* 0: 25 iterations without convergence (R warns) */
    int fitted01;           /* R's "fitted probabilities numerically 0 or 1 occurred" */
    int boundary;           /* step halving happened (R's "stopped at boundary value") */
    Separation separation;  /* none / quasi-complete / complete / undetermined (the LP did not finish) */
    int *sep_dir;           /* k: 0 finite, +1 runs to +inf, −1 to −inf, 2 either way (complete separation) */
    int *sep_min;           /* k: 1 for the predictors of a minimal separating set (and the intercept if it is needed) */
    double *fitted;         /* N (the input rows): p̂, NaN for skipped rows */
    double *eta;            /* N: linear predictor (with the offset), NaN for skipped rows */
} LogitFit;

/* y: N values 0/1 (anything else is an error, NaN skips the row); x: p
 * columns of N values (column j at x + j*N), may be NULL when p = 0;
 * offset: N values or NULL; intercept: 1 to fit one.  The null deviance
 * with an offset and an intercept is that of the intercept-plus-offset
 * model, as glm reports it.  Returns 0, −1 out of memory, −3 bad input (y
 * not 0/1, no rows, no coefficient to fit). */
int logistic_fit(const double *y, const double *x, size_t N, size_t p, const double *offset, int intercept,
                 LogitFit *f);
void logistic_free(LogitFit *f);

/* Odds ratios exp(coef) and Wald intervals exp(coef ± z·se) at level
 * (0.95: confint.default); NaN for aliased terms, and intervals NaN when
 * level is not in (0, 1).  Each output: k values. */
void logistic_or_ci(const LogitFit *f, double level, double *or_, double *lo, double *hi);
#endif
