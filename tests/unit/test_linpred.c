/* test_linpred.c — stats/linpred.h (predict's linear predictor and
 * probability, moved out of repl/cmd_predict.c) against the definition
 * on small hand-checkable data. */
#include <math.h>
#include "stats/linpred.h"
#include "tests/unit/check.h"

int main(void) {
    /* lp = 0.5 + 2·x + (−1)·dummy; a NaN in either term gives NaN */
    double x[4] = {1, 0, NAN, -2}, d[4] = {0, 1, 1, NAN}, lp[4];
    const double *cols[2] = {x, d};
    double coef[2] = {2, -1};
    CHECK_COUNT(linear_predictor(cols, coef, 2, 0.5, 4, lp), 2);
    CHECK(lp[0] == 2.5 && lp[1] == -0.5 && isnan(lp[2]) && isnan(lp[3]));
    /* no terms: the intercept alone; no rows: nothing written */
    CHECK_COUNT(linear_predictor(cols, coef, 0, -1.25, 4, lp), 0);
    CHECK(lp[0] == -1.25 && lp[3] == -1.25);
    CHECK_COUNT(linear_predictor(cols, coef, 2, 0, 0, lp), 0);
    /* the terms are added in order, from a0 (floating point is not
       associative: 1e16 + 1 − 1e16 is 0 this way, 1 the other) */
    double big[1] = {1e16}, one[1] = {1}, neg[1] = {-1e16};
    const double *c3[3] = {big, one, neg};
    double k3[3] = {1, 1, 1};
    CHECK_COUNT(linear_predictor(c3, k3, 3, 0, 1, lp), 0);
    CHECK(lp[0] == 0);
    /* plogis: 0 → 1/2, log(3) → 3/4, −log(3) → 1/4, NaN and ±Inf; in place */
    double p[6] = {0, log(3), -log(3), NAN, INFINITY, -INFINITY};
    logistic_prob(p, 6, p);
    CHECK_NEAR(p[0], 0.5, 1e-15);
    CHECK_NEAR(p[1], 0.75, 1e-15);
    CHECK_NEAR(p[2], 0.25, 1e-15);
    CHECK(isnan(p[3]) && p[4] == 1 && p[5] == 0);
    return TEST_END();
}
