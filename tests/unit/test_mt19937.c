/* test_mt19937.c — stats/mt19937.h, the inlined generator of the ROC
 * bootstrap, against GSL's gsl_rng_mt19937 and gsl_rng_uniform_int: the
 * same words and the same integers for seeds 0 (GSL's 4357), small, large
 * and above 2^32 (cut to 32 bits, as GSL does), and n from 1 to 2^32 − 1
 * (the rejection loop included); then a bootstrap interval is the same
 * whatever the threads. */
#include "check.h"
#include <gsl/gsl_rng.h>
#include "stats/mt19937.h"
#include "stats/roc.h"

int main(void) {
    unsigned long seeds[] = {0, 1, 4357, 12345, 4294967295UL, 4294967296UL, 4294967297UL, 7UL * 1000003UL + 17 + 1};
    unsigned long ns[] = {1, 2, 3, 7, 1000, 999983, 2147483649UL, 4294967295UL};
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    Mt m;
    for (size_t a = 0; a < sizeof seeds / sizeof *seeds; a++) {
        gsl_rng_set(g, seeds[a]);
        mt_seed(&m, seeds[a]);
        int same = 1;
        for (int i = 0; i < 5000; i++) same &= gsl_rng_get(g) == mt_next(&m);
        CHECK(same);
        for (size_t b = 0; b < sizeof ns / sizeof *ns; b++) {
            UniformInt u = uniform_int_of((uint32_t)ns[b]);
            same = 1;
            for (int i = 0; i < 20000; i++) same &= gsl_rng_uniform_int(g, ns[b]) == uniform_int(&m, &u);
            CHECK(same);
        }
    }
    gsl_rng_free(g);
    /* the bootstrap: the same interval on 1 and 3 threads */
    size_t n = 5000;
    double *x = malloc(n * sizeof *x);
    int *y = malloc(n * sizeof *y);
    unsigned long s = 3;
    for (size_t i = 0; i < n; i++) {
        s = s * 6364136223846793005UL + 1442695040888963407UL;
        y[i] = (s >> 40) % 3 == 0;
        x[i] = (double)((s >> 20) % 1000) / 100 + y[i];
    }
    double lo1, hi1, lo3, hi3;
    CHECK(roc_ci_boot(x, y, n, 1, 300, 9, 0.95, 1, NULL, &lo1, &hi1) == 0);
    CHECK(roc_ci_boot(x, y, n, 1, 300, 9, 0.95, 3, NULL, &lo3, &hi3) == 0);
    CHECK(lo1 == lo3 && hi1 == hi3 && lo1 < hi1);
    free(x);
    free(y);
    return TEST_END();
}
