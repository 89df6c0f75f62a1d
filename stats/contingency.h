/* contingency.h — tests of association in an r × c table of counts:
 * Pearson's chi-squared (Yates-corrected for 2 × 2, as chisq.test) and
 * Fisher's exact test (2 × 2 exact as fisher.test; larger tables by a
 * seeded Monte-Carlo p-value, as fisher.test(simulate.p.value = TRUE)). */
#ifndef RGX_CONTINGENCY_H
#define RGX_CONTINGENCY_H
#include <stddef.h>

typedef struct CtResult {
    double stat;        /* X-squared, or the 2 × 2 sample odds ratio for Fisher (NaN for r × c) */
    double df;          /* (r − 1)(c − 1); NaN for Fisher */
    double p;           /* p-value */
    double min_expected;/* the smallest expected count (chi-squared validity) */
} CtResult;

/* counts: r × c, row-major.  Rows or columns with zero total are dropped
 * first; fewer than 2 of either gives p = NaN. */
CtResult ct_chisq(const double *counts, size_t r, size_t c);
/* B resamples with the given seed for tables larger than 2 × 2. */
CtResult ct_fisher(const double *counts, size_t r, size_t c, size_t B, unsigned long seed);
#endif
