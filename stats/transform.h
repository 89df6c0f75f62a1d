/* transform.h — per-column transforms and robust scale (pure numerics). */
#ifndef RGX_TRANSFORM_H
#define RGX_TRANSFORM_H
#include <stddef.h>

/* Ranks of x (1..m over the m non-missing values), ties given their
 * average rank, NaN kept as NaN — R's rank(x, ties.method = "average",
 * na.last = "keep").  out may be x.  Returns 0, or -1 when out of memory. */
int rank_average(const double *x, size_t n, double *out);

/* (x − mean) / sd over the non-missing values, in place; returns the
 * number of values (all become NaN when sd is 0 or fewer than 2 values). */
size_t zscore(double *x, size_t n);

/* log2(x + 1) in place; values below −1 become NaN.  Returns how many did. */
size_t log2p1(double *x, size_t n);

/* R's mad(x, constant = 1.4826) over the non-missing values (NaN if none). */
double mad(const double *x, size_t n);
#endif
