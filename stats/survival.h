/* survival.h — Kaplan–Meier estimates and the log-rank test, as R's
 * survival package computes them (survfit, survdiff). */
#ifndef RGX_SURVIVAL_H
#define RGX_SURVIVAL_H
#include <stddef.h>

typedef enum { CONF_LOG, CONF_LOGLOG, CONF_PLAIN } ConfType;

/* One Kaplan–Meier curve: a row per distinct time (events or censoring). */
typedef struct KmCurve {
    size_t n;           /* subjects used */
    size_t events;      /* events */
    size_t m;           /* distinct times */
    double *time;       /* m times, increasing */
    double *n_risk;     /* at risk just before each time */
    double *n_event;    /* events at each time */
    double *n_censor;   /* censored at each time */
    double *surv;       /* S(t) */
    double *se;         /* standard error of S(t) (Greenwood) */
    double *lo, *hi;    /* confidence limits */
    double median, median_lo, median_hi;   /* as print(survfit) */
} KmCurve;

/* Fit the curve of the subjects with group[i] == g (group NULL: all) and
 * time and event present; event is 1 (event) or 0 (censored).  level is
 * the confidence level (0.95).  Returns 0, or -1 when out of memory. */
int km_fit(const double *time, const double *event, const size_t *group, size_t g, size_t n, ConfType conf,
           double level, KmCurve *c);
void km_free(KmCurve *c);

/* S(t) and its limits at time t (the last step at or before t); the
 * number at risk at t (subjects with time >= t). */
void km_at(const KmCurve *c, double t, double *s, double *lo, double *hi, double *n_risk);

/* The log-rank test over k groups (group[i] in 0..k-1, others skipped),
 * as survdiff(rho = 0); rho = 1 gives the Peto–Peto test (weights S(t−)
 * of the pooled Kaplan–Meier curve).  observed/expected get k values each
 * (may be NULL).  Returns the chi-squared, with df and p; NaN when fewer
 * than two groups have subjects. */
double logrank(const double *time, const double *event, const size_t *group, size_t n, size_t k, double rho,
               double *observed, double *expected, double *df, double *p);
/* The same test stratified: strata[i] in 0..ns-1 (others skipped); O, E
 * and V are summed over strata, each stratum with its own risk sets and
 * weights (survdiff(... + strata(s))). */
double logrank_strata(const double *time, const double *event, const size_t *group, const size_t *strata, size_t ns,
                      size_t n, size_t k, double rho, double *observed, double *expected, double *df, double *p);

/* How a status column reads as an event indicator, by the rules of R's
 * Surv(time, event): logical TRUE/FALSE; numbers 0/1 (1 = event); or,
 * when the largest value is 2, 1/2 (2 = event, as R's lung).  Anything
 * else (0/1/2 together, three values, negatives, fractions) is refused
 * here, where Surv would turn it into NA with a warning. */
typedef enum {
    SURV_CODE_01,       /* 0 = censored, 1 = event (also: only 0s, only 1s, nothing) */
    SURV_CODE_12,       /* 1 = censored, 2 = event */
    SURV_CODE_LOGICAL,  /* FALSE = censored, TRUE = event */
    SURV_CODE_BAD       /* none of these */
} SurvCode;

/* Code status[0..n-1] (NaN = missing) into event (0, 1 or NaN; may be
 * status itself).  logical: the caller read TRUE/FALSE as 1/0.  values gets
 * the distinct non-missing values, smallest first, at most 8 of them
 * (*nvalues their number, counted up to 9).  Returns the coding; event is
 * untouched for SURV_CODE_BAD. */
SurvCode surv_event_code(const double *status, size_t n, int logical, double *event, double values[8],
                         size_t *nvalues);
#endif
