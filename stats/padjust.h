/* padjust.h — multiple-testing adjustment, identical to R's p.adjust. */
#ifndef RGX_PADJUST_H
#define RGX_PADJUST_H
#include <stddef.h>

typedef enum { ADJ_BH, ADJ_BY, ADJ_BONFERRONI, ADJ_HOLM, ADJ_NONE } AdjustMethod;

/* Adjust p[0..n-1] into q (q may be p).  NaN p-values are left out of the
 * family (as p.adjust with n = the non-missing count) and stay NaN.
 * Returns 0, or -1 when out of memory. */
int p_adjust(const double *p, size_t n, AdjustMethod m, double *q);
#endif
