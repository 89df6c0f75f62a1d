/* ccc.h — Lin's concordance correlation coefficient as epiR::epi.ccc
 * (epiR 2.0.57, rep.measure = FALSE): the estimate, its confidence
 * interval (ci = "z-transform", the default, and "asymptotic"), the scale
 * shift s.shift = sd(y)/sd(x), the location shift
 * l.shift = (mean(y) − mean(x)) / (sx² sy²)^¼ (population variances),
 * the bias correction factor C.b = ccc / r, and epiR's Bland–Altman
 * summary of x − y (mean, sd, mean ± z sd).  Pairs with a NaN on either
 * side are left out and counted.
 *
 * NaN in results: not computable (fewer than 2 pairs, a constant side;
 * the CI also needs 3 pairs and |ccc| < 1).  Only gsl_cdf_ugaussian_Pinv is
 * called, with 0 < p < 1, so no GSL error handler is ever invoked. */
#ifndef RGX_CCC_H
#define RGX_CCC_H
#include <stddef.h>

typedef struct CccResult {
    size_t n;                   /* complete pairs used */
    size_t n_missing;           /* pairs left out (epiR's nmissing) */
    double ccc;                 /* rho.c est */
    double lower, upper;        /* z-transform interval (epiR's default ci) */
    double lower_asym, upper_asym;  /* asymptotic interval (ci = "asymptotic") */
    double r;                   /* Pearson's r */
    double s_shift, l_shift;    /* epiR's s.shift, l.shift */
    double c_b;                 /* epiR's C.b (accuracy) */
    double ba_mean, ba_sd;      /* mean and sd of x − y */
    double ba_lower, ba_upper;  /* ba_mean ∓ z ba_sd (epiR's sblalt) */
} CccResult;

/* conf: the confidence level (epiR's conf.level, e.g. 0.95).  Returns 0,
 * or -5 when conf is not in (0, 1) (then r is all NaN). */
int ccc_compute(const double *x, const double *y, size_t n, double conf, CccResult *r);
#endif
