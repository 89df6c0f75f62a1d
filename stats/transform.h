/* transform.h — per-column transforms and robust scale (pure numerics). */
#ifndef RGX_TRANSFORM_H
#define RGX_TRANSFORM_H
#include <stddef.h>

/* Ranks of x (1..m over the m non-missing values), ties given their
 * average rank, NaN kept as NaN — R's rank(x, ties.method = "average",
 * na.last = "keep").  out may be x.  Returns 0, or -1 when out of memory. */
int rank_average(const double *x, size_t n, double *out);

/* (x − mean) / sd over the non-missing values, in place (R's scale());
 * returns the number of values standardised: 0 when sd is 0 or there are
 * fewer than 2 values, and then every value becomes NaN. */
size_t zscore(double *x, size_t n);

/* log2(x + 1) in place; values below −1 become NaN.  Returns how many did. */
size_t log2p1(double *x, size_t n);

/* R's mad(x, constant = 1.4826) over the non-missing values (NaN if none). */
double mad(const double *x, size_t n);
/* Whether select's screens drop column x (n values): SPREAD_MISSING when
 * more than maxmissing (a fraction) of its values are missing,
 * SPREAD_CONSTANT when dropconstant and its variance is not positive
 * (constant, or fewer than two values), else SPREAD_KEEP. */
enum { SPREAD_KEEP, SPREAD_MISSING, SPREAD_CONSTANT };
int spread_drop(const double *x, size_t n, double maxmissing, int dropconstant);

/* The top columns by spread, as select topvar=: of the ncols columns (n
 * values each), the top with the largest variance (by_mad 0: var(), as R)
 * or MAD (mad(), as R), ties and NaN spreads (last) in column order.
 * keep[k] is set to 1 for those, 0 for the others.  Returns how many were
 * kept (at most top), or (size_t)-1 when out of memory. */
size_t spread_top(const double *const *cols, size_t ncols, size_t n, int by_mad, size_t top, unsigned char *keep);
#endif
