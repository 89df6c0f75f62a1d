/* cutpoint.h — the maximally selected log-rank statistic (Lausen &
 * Schumacher 1992), as R's maxstat.test(smethod = "LogRank") and
 * survminer's surv_cutpoint. */
#ifndef RGX_CUTPOINT_H
#define RGX_CUTPOINT_H
#include <signal.h>
#include <stddef.h>

typedef struct Cutpoint {
    size_t n;           /* subjects used (time, event and x present) */
    size_t ncuts;       /* cutpoints examined */
    double cut;         /* the best cutpoint: the low group is x <= cut */
    double stat;        /* the maximal standardised log-rank statistic */
    double p;           /* Lausen–Schumacher (1992) approximate p, accounting for the search */
    size_t n_low;       /* subjects with x <= cut */
} Cutpoint;

/* Cutpoints are the distinct values of x leaving between max(1, floor(n·
 * minprop)) and floor(n·maxprop) subjects in the low group.  Returns 0, -1
 * when out of memory, -2 when no cutpoint lies in that range. */
int cutpoint_logrank(const double *time, const double *event, const double *x, size_t n, double minprop,
                     double maxprop, Cutpoint *c);

/* The permutation p of the maximal statistic stat that cutpoint_logrank
 * found on (time, event, x) with cuts between the minprop and 1 − minprop
 * quantiles: (1 + hits) / (B + 1), hits the permutations whose maximal
 * statistic is >= stat (to 1e-12 relative; one whose statistic cannot be
 * computed is not a hit).  x is permuted among the subjects used (time,
 * event and x present), B times, by Fisher–Yates with GSL's MT19937
 * seeded with seed: the conditional Monte-Carlo p that R's
 * maxstat.test(pmethod = "condMC") estimates as hits / B (it permutes the
 * log-rank scores against x, the same distribution).  *cancel (may be
 * NULL) is polled between permutations.  Returns NaN when out of memory
 * or cancelled. */
double cutpoint_perm_p(const double *time, const double *event, const double *x, size_t n, double minprop,
                       double stat, size_t B, unsigned long seed, volatile sig_atomic_t *cancel);

/* The Lausen–Schumacher approximation P(M > b) for cutpoints between the
 * minprop and maxprop quantiles (maxstat's pLausen92). */
double p_lausen92(double b, double minprop, double maxprop);
#endif
