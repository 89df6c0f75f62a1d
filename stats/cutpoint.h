/* cutpoint.h — the maximally selected log-rank statistic (Lausen &
 * Schumacher 1992), as R's maxstat.test(smethod = "LogRank") and
 * survminer's surv_cutpoint. */
#ifndef RGX_CUTPOINT_H
#define RGX_CUTPOINT_H
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

/* The Lausen–Schumacher approximation P(M > b) for cutpoints between the
 * minprop and maxprop quantiles (maxstat's pLausen92). */
double p_lausen92(double b, double minprop, double maxprop);
#endif
