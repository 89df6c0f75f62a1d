/* linpred.h — a fitted model's linear predictor on new rows, and the
 * logistic model's probability from it.
 *
 * linear_predictor is R's predict.glm(fit, newdata, type = "link") for a
 * logistic model, and for a Cox model the uncentred linear predictor,
 * predict.coxph(fit, newdata, type = "lp", reference = "zero"): a0 plus
 * each coefficient times its column, the terms added in order.  A dummy
 * term is a column of 0/1 the caller builds (NaN where the level is
 * missing).  NaN in any term's value makes the row's lp NaN (a missing
 * predictor: R's NA).  Pure: no globals, nothing allocated. */
#ifndef RGX_LINPRED_H
#define RGX_LINPRED_H
#include <stddef.h>

/* lp[i] = a0 + coef[0]·x[0][i] + … + coef[nt−1]·x[nt−1][i] for i < n
 * (x: nt columns of n values, the caller's).  Returns the number of rows
 * whose lp is NaN. */
size_t linear_predictor(const double *const *x, const double *coef, size_t nt, double a0, size_t n, double *lp);

/* p[i] = 1 / (1 + exp(−lp[i])), R's plogis (NaN stays NaN; ±Inf gives
 * 1 and 0); p may be lp. */
void logistic_prob(const double *lp, size_t n, double *p);
#endif
