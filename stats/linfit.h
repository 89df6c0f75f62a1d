/* linfit.h — least-squares line and Pearson correlation of two vectors. */
#ifndef RGX_LINFIT_H
#define RGX_LINFIT_H
#include <stddef.h>

typedef struct LinFit {
    size_t n;           /* pairs used (both values present) */
    double intercept;   /* a in y = a + b x */
    double slope;       /* b */
    double r;           /* Pearson correlation (NaN when a side is constant or n < 2) */
} LinFit;

/* Fit y = a + b x over the pairs where both are present (R's lm(y ~ x)). */
LinFit linfit(const double *x, const double *y, size_t n);
#endif
