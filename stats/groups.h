/* groups.h — tests of one numeric variable across groups, as R computes
 * them: wilcox.test(exact = FALSE, correct = TRUE), t.test (Welch, and
 * Student's with var.equal = TRUE), kruskal.test and a one-way ANOVA
 * (oneway.test(var.equal = TRUE)). */
#ifndef RGX_GROUPS_H
#define RGX_GROUPS_H
#include <stddef.h>

#define GROUP_NONE ((size_t)-1)

typedef struct GroupTest {
    size_t n;           /* values used (value and group present) */
    double stat;        /* W, t, Kruskal-Wallis chi-squared, or F */
    double df;          /* degrees of freedom (NaN for W) */
    double p;           /* two-sided p-value */
    double auc;         /* two groups: P(group 2 > group 1) + P(tie)/2 = U2 / (n1 n2) */
} GroupTest;

/* x[i] in group g[i] (0..k-1, GROUP_NONE to skip; NaN skipped).  Two
 * groups for mwu and welch; two or more for kruskal and anova.  Returns
 * the test, or p = NaN when it cannot be computed (a group empty, no
 * variation).  mwu's W is that of group 1 (R's first level), as
 * wilcox.test(x ~ g) reports it; welch's t is mean(group 1) − mean(group 2). */
GroupTest test_mwu(const double *x, const size_t *g, size_t n);
GroupTest test_welch(const double *x, const size_t *g, size_t n);
/* Student's two-sample t (t.test(var.equal = TRUE)): the pooled variance,
 * n1 + n2 − 2 df; t is mean(group 1) − mean(group 2) over its se. */
GroupTest test_student(const double *x, const size_t *g, size_t n);
GroupTest test_kruskal(const double *x, const size_t *g, size_t n, size_t k);
GroupTest test_anova(const double *x, const size_t *g, size_t n, size_t k);

typedef enum { GROUP_MWU, GROUP_WELCH, GROUP_STUDENT, GROUP_KRUSKAL, GROUP_ANOVA } GroupTestKind;
/* The test of that kind (the functions above; k is the number of groups,
 * which the two-group tests do not read). */
GroupTest group_test(GroupTestKind kind, const double *x, const size_t *g, size_t n, size_t k);
/* count[0..k-1] gets the size of each group among g[0..n-1]; returns how
 * many are GROUP_NONE (no group).  A g[i] >= k counts as neither. */
size_t group_sizes(const size_t *g, size_t n, size_t k, size_t *count);
#endif
