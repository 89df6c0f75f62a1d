/* calibration.h — calibration metrics of a risk score on (new) data, for
 * honest validation:
 *  - logistic: the calibration slope, glm(y ~ lp, binomial) — 1 when the
 *    score is as spread as it should be, < 1 when it is overfitted; the
 *    calibration intercept (calibration-in-the-large), glm(y ~ 1,
 *    offset = lp, binomial) — 0 when the mean risk is right; and the Brier
 *    score mean((y − p)²) with p = 1 / (1 + exp(−lp));
 *  - Cox: the calibration slope, coxph(Surv(time, event) ~ lp) with Efron
 *    ties (R's default): the coefficient of the linear predictor and its
 *    standard error.
 * lp is the model's linear predictor (the log-odds, not the probability,
 * so that probabilities of exactly 0 or 1 do not break it).  Rows with a
 * NaN anywhere are skipped (n says how many were used).  A constant lp has
 * no slope: NaN.  No globals; no GSL. */
#ifndef RGX_CALIBRATION_H
#define RGX_CALIBRATION_H
#include <stddef.h>

typedef struct CalibLogistic {
    size_t n;                       /* rows used */
    double slope, slope_se;         /* glm(y ~ lp): the coefficient of lp (NaN when lp is constant) */
    double intercept, intercept_se; /* glm(y ~ offset(lp)): the intercept */
    double brier;                   /* mean squared error of p */
    int converged;                  /* both glm fits converged */
} CalibLogistic;

/* y: 0/1.  Returns 0, −1 out of memory, −3 bad input (y not 0/1, no rows). */
int calibration_logistic(const double *y, const double *lp, size_t n, CalibLogistic *c);

typedef struct CalibCox {
    size_t n, events;               /* rows used, events among them */
    double slope, slope_se;         /* coxph(Surv ~ lp): coefficient and standard error (NaN when lp is constant) */
    int iter, converged;            /* Newton–Raphson iterations; 0 when 20 did not converge */
} CalibCox;

/* event: 0/1.  Returns 0, −1 out of memory, −3 bad input (no rows, no events). */
int calibration_cox(const double *time, const double *event, const double *lp, size_t n, CalibCox *c);
#endif
