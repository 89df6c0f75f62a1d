/* test_corr_blas.c — cor_block's fast path with and without BLAS (review
 * B1): a small product (below COR_BLAS_MIN multiply-adds) and every product
 * after cor_use_blas(0) are made by the workers' own dot products, which
 * agree with BLAS's product and with cor_pair to rounding, and do not
 * depend on the thread count (each pair made by one worker, same
 * arithmetic). */
#include "tests/unit/check.h"
#include <stdint.h>
#include "stats/corr.h"

/* a deterministic pseudo-random column */
static double lcg(uint64_t *s) {
    *s = *s * 6364136223846793005ULL + 1442695040888963407ULL;
    return (double)(*s >> 11) / 9007199254740992.0;
}

int main(void) {
    /* 40 × 60 columns of 200 values: 480,000 multiply-adds, above COR_BLAS_MIN */
    enum { NX = 40, NY = 60, N = 200 };
    CHECK((double)NX * NY * N >= COR_BLAS_MIN);
    static double xs[NX][N], ys[NY][N];
    uint64_t seed = 42;
    for (int i = 0; i < NX; i++)
        for (int k = 0; k < N; k++) xs[i][k] = lcg(&seed) + 0.3 * k / N;
    for (int j = 0; j < NY; j++)
        for (int k = 0; k < N; k++) ys[j][k] = lcg(&seed) + (j % 3 ? 0 : xs[j % NX][k]);
    const double *X[NX], *Y[NY];
    for (int i = 0; i < NX; i++) X[i] = xs[i];
    for (int j = 0; j < NY; j++) Y[j] = ys[j];
    static double rb[NX * NY], pb[NX * NY], rd1[NX * NY], pd1[NX * NY], rd4[NX * NY], pd4[NX * NY];
    for (int m = 0; m < 2; m++) {
        CorMethod cm = m ? COR_SPEARMAN : COR_PEARSON;
        cor_use_blas(1);
        CHECK(cor_block(X, NX, Y, NY, N, cm, COR_EXACT_NO, 2, NULL, rb, pb, NULL, NULL, NULL, NULL) == 0);
        cor_use_blas(0);
        CHECK(cor_block(X, NX, Y, NY, N, cm, COR_EXACT_NO, 1, NULL, rd1, pd1, NULL, NULL, NULL, NULL) == 0);
        CHECK(cor_block(X, NX, Y, NY, N, cm, COR_EXACT_NO, 4, NULL, rd4, pd4, NULL, NULL, NULL, NULL) == 0);
        cor_use_blas(1);
        int same = 1, close = 1, pair = 1;
        for (int k = 0; k < NX * NY; k++) {
            same &= rd1[k] == rd4[k] && pd1[k] == pd4[k];
            close &= fabs(rd1[k] - rb[k]) <= 1e-12 && fabs(pd1[k] - pb[k]) <= 1e-9 * (pb[k] > 1e-300 ? pb[k] : 1);
        }
        for (int i = 0; i < NX; i += 7)
            for (int j = 0; j < NY; j += 11) {
                CorResult c = cor_pair(X[i], Y[j], N, cm, COR_EXACT_NO);
                pair &= fabs(c.r - rd1[i * NY + j]) <= 1e-12;
            }
        CHECK(same);    /* thread count: bit for bit */
        CHECK(close);   /* BLAS and dot products: to rounding */
        CHECK(pair);    /* and the pairwise path */
    }
    /* a tiny product (R: cor.test(1:5, c(2,3,5,4,7), method = "spearman")
       gives rho 0.9, exact p 0.08333; cor() gives Pearson r 0.904194430179) takes the
       dot path whatever cor_use_blas says */
    double a[5] = {1, 2, 3, 4, 5}, b[5] = {2, 3, 5, 4, 7};
    const double *A[1] = {a}, *B[1] = {b};
    double r, p;
    uint32_t nn;
    CHECK(cor_block(A, 1, B, 1, 5, COR_SPEARMAN, COR_EXACT_AUTO, 1, NULL, &r, &p, &nn, NULL, NULL, NULL) == 0);
    CHECK_NEAR(r, 0.9, 1e-12);
    CHECK_NEAR(p, 1.0 / 12, 1e-12);   /* exact: 10 of the 120 orderings have S <= 2 */
    CHECK(cor_block(A, 1, B, 1, 5, COR_PEARSON, COR_EXACT_AUTO, 1, NULL, &r, &p, &nn, NULL, NULL, NULL) == 0);
    CHECK_NEAR(r, cor_pair(a, b, 5, COR_PEARSON, COR_EXACT_AUTO).r, 1e-14);
    CHECK_NEAR(r, 0.904194430179, 1e-11);
    return TEST_END();
}
