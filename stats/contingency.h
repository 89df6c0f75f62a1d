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
    double or_mle;      /* 2 × 2: fisher.test's conditional MLE of the odds ratio (NaN otherwise) */
    double or_low, or_high; /* its 95% interval, as fisher.test's conf.int */
} CtResult;

/* fisher.test's estimate and interval for the 2 × 2 table a b / c d: the
 * conditional maximum-likelihood odds ratio (the psi whose noncentral
 * hypergeometric mean of a, given the margins, is a; 0 or Inf at the ends
 * of the support) and the limits where P(A >= a; psi) and P(A <= a; psi)
 * reach (1 − level) / 2.  Solved on log psi to 1e-12 relative, not to
 * uniroot's default tolerance (1.2e-4) as R does. */
void ct_or_mle(double a, double b, double c, double d, double level, double *est, double *lo, double *hi);

/* counts: r × c, row-major.  Rows or columns with zero total are dropped
 * first; fewer than 2 of either gives p = NaN. */
CtResult ct_chisq(const double *counts, size_t r, size_t c);
/* B resamples with the given seed for tables larger than 2 × 2. */
CtResult ct_fisher(const double *counts, size_t r, size_t c, size_t B, unsigned long seed);

/* A subject without a level in ct_tabulate and ct_groups. */
#define CT_NONE ((size_t)-1)
/* The r × c counts of the subjects i < n with both a[i] (0..r-1) and b[i]
 * (0..c-1) given (CT_NONE, or a level out of range: left out), as R's
 * table(a, b), into counts (row-major); with margins, the (r + 1) × (c + 1)
 * table of addmargins(): the row totals in column c, the column totals in
 * row r.  Returns the subjects counted. */
size_t ct_tabulate(const size_t *a, size_t r, const size_t *b, size_t c, size_t n, int margins, double *counts);

/* The levels of an r × c table of counts (row-major) that hold a count:
 * rkeep[i] = 1 when row i's total is above 0, else 0, and ckeep[j] the
 * same for the columns (either may be NULL).  Returns the number of
 * occupied rows in *nr and columns in *nc (either may be NULL). */
void ct_occupied(const double *counts, size_t r, size_t c, unsigned char *rkeep, unsigned char *ckeep, size_t *nr,
                 size_t *nc);

typedef enum { CT_AUTO, CT_CHISQ, CT_FISHER } CtTest;
/* The association of two groupings of n subjects (r and c levels, as
 * ct_tabulate): chi-squared, Fisher, or CT_AUTO — Fisher when the table
 * is 2 × 2 once the levels that no subject has together with a level of
 * the other grouping are dropped (a level seen only among subjects missing
 * the other grouping does not make a table larger), else chi-squared.
 * *used gets the subjects counted, *fisher 1 when Fisher's test ran;
 * rkeep (r) and ckeep (c), when not NULL, get which levels were kept
 * (ct_occupied).  Out of memory: p = NaN (and every level kept). */
CtResult ct_groups(const size_t *a, size_t r, const size_t *b, size_t c, size_t n, CtTest test, size_t B,
                   unsigned long seed, size_t *used, int *fisher, unsigned char *rkeep, unsigned char *ckeep);
#endif
