/* padjust.h — multiple-testing adjustment, identical to R's p.adjust. */
#ifndef RGX_PADJUST_H
#define RGX_PADJUST_H
#include <stddef.h>

typedef enum { ADJ_BH, ADJ_BY, ADJ_BONFERRONI, ADJ_HOLM, ADJ_HOCHBERG, ADJ_HOMMEL, ADJ_NONE } AdjustMethod;

/* Hommel's adjustment takes O(n^2) time: families larger than this are
 * refused (p_adjust returns -2). */
#define PADJ_HOMMEL_MAX 50000

/* Adjust p[0..n-1] into q (q may be p).  NaN p-values are left out of the
 * family (as p.adjust with n = the non-missing count) and stay NaN.
 * Returns 0, -1 when out of memory, -2 for Hommel beyond PADJ_HOMMEL_MAX. */
int p_adjust(const double *p, size_t n, AdjustMethod m, double *q);

/* The same for the c smallest p-values of a family of m (c <= m) whose
 * other p-values are all >= the largest of these, without them: Holm,
 * Bonferroni and none are exact; BH, BY and Hochberg are exact wherever
 * the result is below the smallest p left out (larger results are upper
 * bounds, and the true values are >= that p).  Not for Hommel (-2).  p
 * need not be sorted. */
int p_adjust_head(const double *p, size_t c, size_t m, AdjustMethod method, double *q);

/* What a family's summary reports: the p-values present (the family
 * p.adjust adjusts over), those below 0.05, the adjusted ones below 0.05. */
typedef struct PFamily {
    size_t tested;          /* p not NaN */
    size_t nominal;         /* p < 0.05 */
    size_t sig;             /* q < 0.05 */
} PFamily;
/* p_adjust(p, n, m, q) (q may be p), and the counts into *c.  Returns as
 * p_adjust (the counts are set only on success). */
int p_adjust_family(const double *p, size_t n, AdjustMethod m, double *q, PFamily *c);
#endif
