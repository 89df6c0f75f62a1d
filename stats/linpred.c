/* linpred.c — see linpred.h. */
#include "stats/linpred.h"
#include <math.h>

size_t linear_predictor(const double *const *x, const double *coef, size_t nt, double a0, size_t n, double *lp) {
    size_t na = 0;
    for (size_t i = 0; i < n; i++) {
        double v = a0;
        for (size_t k = 0; k < nt; k++) v += coef[k] * x[k][i];
        lp[i] = v;
        na += isnan(v) != 0;
    }
    return na;
}

void logistic_prob(const double *lp, size_t n, double *p) {
    for (size_t i = 0; i < n; i++) p[i] = 1 / (1 + exp(-lp[i]));
}
