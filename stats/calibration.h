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
/* The groups of a calibration plot: the rows sorted by predicted
 * probability p (ties by row) and cut into `groups` groups of nearly
 * equal size (group g holds the ranks floor(g·m/G) .. floor((g+1)·m/G) − 1
 * of the m rows used: deciles for G = 10); for each, the mean prediction,
 * the observed proportion of y = 1 and its exact 95% interval
 * (Clopper–Pearson, as R's binom.test).  Rows with NaN skipped.  b gets
 * min(groups, m) groups.  Returns their number, −1 out of memory. */
typedef struct CalBin {
    size_t n, events;       /* rows in the group, y = 1 among them */
    double pred;            /* mean predicted probability */
    double obs, lo, hi;     /* observed proportion and its exact 95% limits */
} CalBin;
long calibration_bins(const double *y, const double *p, size_t n, size_t groups, CalBin *b);

/* Decision curve analysis (Vickers & Elkin 2006): at each threshold
 * probability pt[k] (0 < pt < 1), the net benefit of treating the rows
 * with p >= pt, TP/m − FP/m · pt/(1 − pt), and of treating every row,
 * prev − (1 − prev) · pt/(1 − pt) (m rows used, prev their proportion of
 * y = 1); treating none is 0.  nb_model, nb_all: npt values each (NaN
 * when no row is used). */
void decision_curve(const double *y, const double *p, size_t n, const double *pt, size_t npt, double *nb_model,
                    double *nb_all);
#endif
