/* describe.h — descriptive statistics of one numeric vector. */
#ifndef RGX_DESCRIBE_H
#define RGX_DESCRIBE_H
#include <stddef.h>

typedef struct Summary {
    size_t n;           /* non-missing values */
    size_t missing;     /* NaN values */
    double mean;        /* arithmetic mean (NaN when n = 0) */
    double sd;          /* sample standard deviation, n − 1 (NaN when n < 2) */
    double min, q1, median, q3, max;   /* quantiles, R's type 7 */
    double var;         /* sample variance */
} Summary;

/* Summarise x[0..n-1], ignoring NaN.  Returns 0, or -1 when out of memory. */
int summary_compute(const double *x, size_t n, Summary *s);

/* Quantile of sorted[0..n-1] at probability p, R's type 7 (the default of
 * quantile() and of summary()).  n must be at least 1. */
double quantile_sorted(const double *sorted, size_t n, double p);

/* Mean and sample variance of x[0..n-1] ignoring NaN, with R's two-pass
 * accuracy (mean refined by the mean of the residuals). */
void mean_var(const double *x, size_t n, double *mean, double *var, size_t *used);
#endif
