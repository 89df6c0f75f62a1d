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

/* The rows of time sorted once for a whole command (KM, log-rank, Cox and
 * cox.zph all walk the subjects in time order): rows[0..m-1] reordered so
 * that time[rows[i]] ascends, equal times keeping their order (stable; −0
 * and +0 equal) — an LSD radix sort on the bits of the times, O(m), where
 * glibc's qsort took a third of a survival command at 10^6 patients.  No
 * time may be NaN.  Returns 0, or −1 when out of memory (rows untouched). */
int surv_sort_rows(const double *time, size_t *rows, size_t m);
/* ord[0..n-1]: the rows of time that are not NaN, in time order (ties by
 * row), then those that are, by row — the order shared by a command's fits
 * (CoxOpts.order).  Returns the count of the first, or (size_t)−1 when out
 * of memory. */
size_t surv_order(const double *time, size_t n, size_t *ord);

/* Fit the curve of the subjects with group[i] == g (group NULL: all) and
 * time and event present; event is 1 (event) or 0 (censored).  level is
 * the confidence level (0.95).  Returns 0, or -1 when out of memory. */
int km_fit(const double *time, const double *event, const size_t *group, size_t g, size_t n, ConfType conf,
           double level, KmCurve *c);
void km_free(KmCurve *c);

/* S(t) and its limits at time t (the last step at or before t; before
 * the first time S = 1 with limits 1-1 whatever the conf type, as
 * summary(survfit, times =)); the number at risk at t (subjects with
 * time >= t). */
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

/* km's split=: a numeric column cut into groups at its median (one cut),
 * tertiles (two) or quartiles (three), as R's quantile(x, type = 7) of the
 * non-missing values, or at one given value. */
typedef enum { SPLIT_MEDIAN, SPLIT_TERTILES, SPLIT_QUARTILES, SPLIT_VALUE } SplitHow;

/* The cut points of x[0..n-1] (NaN = missing) for how; value is the cut
 * of SPLIT_VALUE.  cut gets them, increasing.  Returns their number (1 to
 * 3), or 0 when x has no value (whatever how), or -1 when out of memory. */
int split_cuts(const double *x, size_t n, SplitHow how, double value, double cut[3]);

/* The group of each x[i] for the nc cuts: 0 when x <= cut[0], g when
 * cut[g-1] < x <= cut[g], nc when x > cut[nc-1] (R's findInterval(x,
 * cut, left.open = TRUE)); SPLIT_NONE when x[i] is NaN. */
#define SPLIT_NONE ((size_t)-1)
void split_assign(const double *x, size_t n, const double *cut, int nc, size_t *group);

/* km's comparison of k >= 2 groups: the G-rho test, within strata when
 * strata is not NULL (logrank_strata), and for k = 2 the hazard ratio of
 * group 1 against group 0 from coxph(Surv ~ group [+ strata(s)]), Efron
 * ties (cox_hazard_ratio, stats/cox.h). */
typedef struct KmCompare {
    double chisq, df, p;    /* the test; NaN when there is none (no events, fewer than two groups at risk) */
    double hr[3];           /* k = 2: the hazard ratio and its Wald limits at level; NaN otherwise */
    int hr_status;          /* k = 2: a CoxHrStatus, or -1 when out of memory (unused for k > 2) */
    size_t no_stratum;      /* rows with time, event and group but a SPLIT_NONE/COX_SKIP stratum: left out */
} KmCompare;

/* group[i] in 0..k-1 (others skipped); strata[i] in 0..ns-1 ((size_t)-1
 * skipped) or strata NULL; level is the hazard ratio's (0.95).  Fills c;
 * an allocation that fails leaves the test NaN and hr_status -1. */
void km_compare(const double *time, const double *event, const size_t *group, const size_t *strata, size_t ns,
                size_t n, size_t k, double rho, double level, KmCompare *c);

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
