/* cox.h — the Cox proportional hazards model, fitted as R's coxph:
 * Newton–Raphson on the partial likelihood (Efron or Breslow handling of
 * tied event times) from beta = 0, step halving when the likelihood drops,
 * convergence when |1 − loglik_old / loglik_new| <= 1e-9 (at most 20
 * iterations); covariates centred for stability (which changes nothing). */
#ifndef RGX_COX_H
#define RGX_COX_H
#include <stddef.h>

typedef enum { TIES_EFRON, TIES_BRESLOW } CoxTies;

typedef struct CoxFit {
    size_t p;               /* covariates */
    size_t n, events;       /* subjects and events used */
    double *coef, *se;      /* p each */
    double *var;            /* p × p covariance (inverse information) */
    double loglik0, loglik; /* at beta = 0 and at the estimate */
    double lr, wald, score; /* the three tests, on p df */
    int iter;               /* iterations used */
    int converged;          /* 0: did not converge in 20 iterations */
    int infinite;           /* 1: some coefficient looks infinite (monotone likelihood) */
    int singular;           /* 1: the information matrix is singular (collinear covariates) */
} CoxFit;

/* x: p columns of n values (column j at x + j*n); rows with any NaN among
 * time, event and x are skipped.  Returns 0, or -1 when out of memory. */
int cox_fit(const double *time, const double *event, const double *x, size_t n, size_t p, CoxTies ties, CoxFit *f);
void cox_free(CoxFit *f);

/* The proportional-hazards test of R's cox.zph(transform = "km"): for each
 * covariate, and GLOBAL, the score test of adding x·g(t) at the fitted
 * beta, where g is 1 − the left-continuous Kaplan–Meier of all subjects,
 * centred on its mean over the events.  chisq/df/p get p + 1 values (the
 * covariates, then GLOBAL).  Returns 0, or -1 when out of memory. */
int cox_zph(const double *time, const double *event, const double *x, size_t n, size_t p, const double *beta,
            CoxTies ties, double *chisq, double *df, double *pval);
#endif
