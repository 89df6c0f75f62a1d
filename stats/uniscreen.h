/* uniscreen.h — univariate screens of many features against one outcome,
 * the first step of a radiomic signature (and the optional screen of a
 * model's recipe, repeated inside every fold by validate):
 *  - survival: one Cox model per feature, coxph(Surv(time, event) ~ x_j)
 *    (Efron ties unless asked), its coefficient, standard error, Wald z
 *    and two-sided p (summary(coxph)'s), and the hazard ratio per standard
 *    deviation of the feature, exp(coef·sd) with its Wald limits
 *    exp((coef ± z·se)·sd), sd the n − 1 standard deviation over the rows
 *    the model used;
 *  - binary outcome: the Mann–Whitney test of each feature between the two
 *    classes (R's wilcox.test(exact = FALSE, correct = TRUE)), as `screen`.
 * Rows with NaN in the feature (or the outcome) are left out of that
 * feature's test only.  Then, for the recipe, which features pass:
 * q < F (Benjamini–Hochberg over the features, as p.adjust) or the N
 * smallest p.  No globals; thread-safe. */
#ifndef RGX_UNISCREEN_H
#define RGX_UNISCREEN_H
#include <signal.h>
#include <stddef.h>
#include "stats/cox.h"

/* One feature's univariate Cox model. */
typedef struct CoxUni {
    size_t n, events;       /* rows used, events among them */
    double coef, se, z, p;  /* coxph's, NaN when not estimable (constant feature, no events, no convergence) */
    double sd;              /* the feature's standard deviation (n − 1) over the rows used */
    double hr_sd, lo_sd, hi_sd;   /* exp(coef·sd) and its 95% Wald limits */
    int converged;          /* 0: 20 iterations did not converge, or the coefficient looks infinite */
} CoxUni;

/* Fit coxph(Surv(time, event) ~ x) for x of n rows.  Returns 0, −1 out of
 * memory. */
int cox_univariate(const double *time, const double *event, const double *x, size_t n, CoxTies ties, CoxUni *u);

/* p-values of the p columns of x (n × p, column-major) against the
 * outcome: y (0/1) for the Mann–Whitney test when time is NULL, else
 * (time, event) for the Cox Wald test (Efron).  pval: p values (NaN when a
 * test cannot be computed).  cancel (may be NULL) is polled between
 * features.  Returns 0, −1 out of memory, −2 cancelled. */
int screen_pvalues(const double *x, size_t n, size_t p, const double *y, const double *time, const double *event,
                   double *pval, volatile sig_atomic_t *cancel);

/* Which features pass: q < qmax (BH over the features with a p-value;
 * qmax > 0) or, when top > 0, the top with the smallest p (ties by column
 * order; NaN never passes).  kept: p flags.  Returns the number kept, or
 * −1 out of memory. */
long screen_keep(const double *pval, size_t p, double qmax, size_t top, unsigned char *kept);
#endif
