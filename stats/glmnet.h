/* glmnet.h — elastic-net paths by coordinate descent, as R's glmnet 4.1
 * (Friedman, Hastie & Tibshirani 2010; Simon et al. 2011) computes them for
 * family = "binomial" (with an intercept) and family = "cox" (Breslow ties,
 * no intercept).  The algorithm is glmnet's, step for step, so that a path
 * matches glmnet's at the same lambdas and not only at the optimum:
 *  - the columns are centred and (standardize) scaled by their 1/n standard
 *    deviation; the coefficients are returned on the original scale;
 *  - objective: (1/n)·(−log-likelihood) + lambda·[(1 − alpha)/2·|b|² + alpha·|b|₁];
 *  - lambda sequence: lambda_max = max_j |x_jᵀ r| / max(alpha, 0.001) from
 *    the null model, then nlambda log-spaced values down to
 *    lambda_min_ratio·lambda_max (0.01 when n < p, else 1e-4); the path
 *    stops early as glmnet's does (after 5 lambdas: the deviance ratio
 *    gains less than 1e-5 (binomial) or changes by less than 0.1 % over 4
 *    steps (Cox), exceeds 0.999 (binomial) / 0.99 (Cox), or more than
 *    dfmax variables are non-zero);
 *  - Newton (IRLS) outer loop; inner coordinate descent over the strong set
 *    (sequential strong rule) with active-set cycling and warm starts;
 *    convergence when every weighted change x_vᵀ(Δb)² (and the intercept's)
 *    is below thresh·(null deviance / 2n); KKT checks over the variables
 *    outside the strong set;
 *  - binomial: probabilities clipped at 1e-9 as glmnet (pmin); Cox: the
 *    linear predictor clipped at log(0.1·DBL_MAX).
 * One deliberate difference: glmnet 4.1-6's Fortran coxnet can leave a
 * censored subject out of the risk set of an event at the same time (its
 * +100·eps tie-break is lost to rounding at times >= 256, and its sort is
 * not stable); rgx always counts subjects censored at an event time as at
 * risk at that time (the standard definition, as coxph).
 *
 * Data: x is column-major, n rows × p columns (column j at x + j*n), no NaN
 * (the caller drops incomplete rows and says so).  Binomial y is 0/1; Cox
 * time > 0 and event 0/1.  Constant columns are never selected (glmnet's
 * ju).  No globals; deterministic; the cancel flag is polled between
 * coordinate-descent passes. */
#ifndef RGX_GLMNET_H
#define RGX_GLMNET_H
#include <signal.h>
#include <stddef.h>

typedef enum { GLMNET_BINOMIAL, GLMNET_COX } GlmnetFamily;

/* Return codes of glmnet_path (and glmnet_cv). */
enum {
    GLMNET_OK = 0,
    GLMNET_ENOMEM = -1,     /* out of memory */
    GLMNET_ECANCEL = -2,    /* *cancel became non-zero */
    GLMNET_EINPUT = -3,     /* NaN, y not 0/1, time <= 0, n < 2, p < 1, alpha outside [0, 1], bad lambda */
    GLMNET_EDEGENERATE = -4 /* binomial: a class with 0 or 1 rows (glmnet refuses; it warns below 8, which
                               the caller should too); Cox: no events, or the first event among the last
                               two subjects (glmnet's error 30000) */
};

typedef struct GlmnetData {
    const double *x;        /* n × p, column-major */
    size_t n, p;
    const double *y;        /* binomial: n values 0/1 */
    const double *time;     /* Cox: n times > 0 */
    const double *event;    /* Cox: n values 0/1 */
} GlmnetData;

typedef struct GlmnetOpts {
    GlmnetFamily family;
    double alpha;           /* 1 lasso, 0 ridge, between: elastic net */
    size_t nlambda;         /* 0: 100; at least 2 */
    double lambda_min_ratio;/* 0: 0.01 when n < p, else 1e-4 */
    const double *lambda;   /* a user sequence (sorted decreasing here), or NULL */
    size_t nlam_user;       /* its length */
    int standardize;        /* 1: glmnet's default */
    double thresh;          /* 0: 1e-7 */
    long maxit;             /* 0: 100000 passes */
    size_t dfmax;           /* 0: p + 1 (glmnet's default) */
    size_t pmax;            /* 0: min(2·dfmax + 20, p) */
    volatile sig_atomic_t *cancel;  /* polled; NULL for none */
} GlmnetOpts;

/* Fill o with glmnet's defaults for family (alpha = 1). */
void glmnet_opts_default(GlmnetOpts *o, GlmnetFamily family);

typedef struct GlmnetPath {
    GlmnetFamily family;
    size_t n, p;            /* rows and columns fitted */
    size_t nlam;            /* lambdas on the path (glmnet's lmu) */
    double *lambda;         /* nlam; the first is lambda_max (glmnet reports it as exp(2·log l2 − log l3)) */
    double *a0;             /* nlam intercepts (0 for Cox) */
    double *beta;           /* p × nlam, column-major: coefficient j at step l is beta[l*p + j], original scale */
    int *df;                /* nlam: non-zero coefficients */
    double *dev_ratio;      /* nlam: 1 − deviance / null deviance */
    double nulldev;         /* null deviance (binomial: intercept only; Cox: beta = 0) */
    double *xm, *xs;        /* p: the training means and standard deviations (1/n) used (xs = 1 when not standardized) */
    long npasses;           /* coordinate-descent passes over the data */
    int warn;               /* glmnet's non-fatal jerr: 0, −k: maxit reached at step k (1-based; the path
                               holds the steps before it), −10000−k: pmax exceeded at step k, −30000−k (Cox):
                               a non-positive Hessian weight at step k */
} GlmnetPath;

/* Fit the whole path.  Returns a GLMNET_* code; on success the caller owns
 * f (glmnet_path_free).  On failure f is empty. */
int glmnet_path(const GlmnetData *d, const GlmnetOpts *o, GlmnetPath *f);
void glmnet_path_free(GlmnetPath *f);

/* Coefficients at any lambda s, interpolated linearly in lambda between the
 * path's neighbours as glmnet's predict(s = ) does (s above the first or
 * below the last lambda takes that end's coefficients).  beta: p values;
 * *a0 the intercept. */
void glmnet_coef_at(const GlmnetPath *f, double s, double *beta, double *a0);

/* Linear predictor a0 + x·beta of m new rows (column-major m × p, the
 * training columns in the training order) at step l of the path; the
 * coefficients are on the original scale, so the training centring and
 * scaling are built in.  eta: m values; a row with a NaN gets NaN. */
void glmnet_predict(const GlmnetPath *f, size_t l, const double *newx, size_t m, double *eta);

/* The same at lambda s (glmnet_coef_at). */
int glmnet_predict_at(const GlmnetPath *f, double s, const double *newx, size_t m, double *eta);

/* For predicting the same rows at many lambdas (cross-validation): nan[i]
 * = 1 where row i of newx (m × p) has a NaN; glmnet_predict_rows_at then
 * reads only the columns of the nonzero coefficients for the other rows
 * — the same numbers as glmnet_predict_at (nan NULL: every column read). */
void glmnet_rows_nan(const double *newx, size_t p, size_t m, unsigned char *nan);
int glmnet_predict_rows_at(const GlmnetPath *f, double s, const double *newx, size_t m, const unsigned char *nan,
                           double *eta);

/* Binomial deviance −2·Σ[y·log p + (1 − y)·log(1 − p)] of probabilities p
 * clipped to [pmin, 1 − pmin] (cv.glmnet uses 1e-5). */
double glmnet_binomial_deviance(const double *y, const double *eta, size_t n, double pmin);

/* Cox partial-likelihood deviance 2·(l_saturated − l(eta)) with Breslow
 * ties, as glmnet's coxnet.deviance (l_saturated = −Σ d_k·log d_k over the
 * event times, d_k the events at time k).  Returns NaN when out of memory. */
double glmnet_cox_deviance(const double *time, const double *event, const double *eta, size_t n);
#endif
