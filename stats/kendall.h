/* kendall.h — Kendall's tau-b by Knight's O(n log n) algorithm, as R's
 * cor.test(method = "kendall") without exact p: the tau-b, and the
 * two-sided p of R's z statistic with its tie correction (no continuity
 * correction).  Used by cor_pair (corr.h), which drops missing pairs
 * first and chooses the exact p where it applies. */
#ifndef RGX_STATS_KENDALL_H
#define RGX_STATS_KENDALL_H
#include <stddef.h>

/* x, y: n complete values.  *tau, *p NaN when either is constant (or out
 * of memory); *ties: whether x or y has tied values. */
void kendall_tau_b(const double *x, const double *y, size_t n, double *tau, double *p, int *ties);
#endif
