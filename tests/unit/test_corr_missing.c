/* test_corr_missing.c — the map's pairs with missing values (stats/corr.c:
 * Spearman's ranks of each pair's complete cases derived in one pass from
 * each column's order, without copying and sorting) against cor_pair,
 * which copies and ranks each pair's complete cases: the same r, p, n and
 * exactness, bit for bit, on random columns with one missing value, many,
 * missing values in both columns of a pair, ties (few distinct values),
 * and columns too short; with p (the whole map) and without (the
 * thresholded path); on 1 and 3 threads. */
#include <stdint.h>
#include "stats/corr.h"
#include "tests/unit/check.h"

static uint64_t rs = 99;
static uint64_t rnd(void) {
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return rs >> 17;
}

static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

static void fill(double *v, size_t n, int kind) {
    for (size_t i = 0; i < n; i++) {
        v[i] = kind == 1 ? (double)(rnd() % 4) : kind == 2 ? (double)(rnd() % 30) / 3 : (double)(rnd() % 1000003) / 17.0;
        if (kind == 3 && i == rnd() % n) v[i] = NAN;                 /* one missing value */
        if (kind == 4 && rnd() % 3 == 0) v[i] = NAN;                 /* many */
        if (kind == 5 && rnd() % 2 == 0) v[i] = (double)(rnd() % 3);  /* ties, and a missing value */
        if (kind == 5 && rnd() % 17 == 0) v[i] = NAN;
    }
    if (kind == 6)   /* too few present values */
        for (size_t i = 2; i < n; i++) v[i] = NAN;
}

int main(void) {
    long bad = 0, pairs = 0;
    for (int t = 0; t < 60; t++) {
        size_t n = 5 + rnd() % (t < 30 ? 40 : 300), nx = 1 + rnd() % 6, ny = 1 + rnd() % 12;
        double *xs = malloc(nx * n * sizeof *xs), *ys = malloc(ny * n * sizeof *ys);
        const double *X[8], *Y[16];
        for (size_t i = 0; i < nx; i++) { fill(xs + i * n, n, (int)(rnd() % 7)); X[i] = xs + i * n; }
        for (size_t j = 0; j < ny; j++) { fill(ys + j * n, n, (int)(rnd() % 7)); Y[j] = ys + j * n; }
        double *r = malloc(nx * ny * sizeof *r), *p = malloc(nx * ny * sizeof *p), *r2 = malloc(nx * ny * sizeof *r2);
        uint32_t *nn = malloc(nx * ny * sizeof *nn), *nn2 = malloc(nx * ny * sizeof *nn2);
        unsigned char *ex = malloc(nx * ny), *ex2 = malloc(nx * ny);
        for (int m = 0; m < 2; m++) {
            CorMethod me = m ? COR_PEARSON : COR_SPEARMAN;
            CorExact e = t % 3 == 0 ? COR_EXACT_NO : COR_EXACT_AUTO;
            CHECK(cor_block(X, nx, Y, ny, n, me, e, 1 + t % 3, NULL, r, p, nn, ex, NULL, NULL) == 0);
            CHECK(cor_block(X, nx, Y, ny, n, me, e, 2, NULL, r2, NULL, nn2, ex2, NULL, NULL) == 0);
            for (size_t i = 0; i < nx; i++)
                for (size_t j = 0; j < ny; j++) {
                    size_t k = i * ny + j;
                    int xc = 1, yc = 1;   /* a pair of complete columns takes the matrix product: not here */
                    for (size_t q = 0; q < n; q++) { xc &= !isnan(X[i][q]); yc &= !isnan(Y[j][q]); }
                    if (xc && yc) continue;
                    CorResult c = cor_pair(X[i], Y[j], n, me, e);
                    pairs++;
                    int ok = nn[k] == c.n && same(r[k], c.r) && same(p[k], c.p) && ex[k] == c.exact &&
                             nn2[k] == c.n && same(r2[k], c.r) && ex2[k] == c.exact;
                    if (!ok && bad++ < 5)
                        printf("FAIL n=%zu %s pair %zu,%zu: r %.17g p %.17g n %u ex %d; cor_pair %.17g %.17g %zu %d\n", n,
                               m ? "pearson" : "spearman", i, j, r[k], p[k], nn[k], ex[k], c.r, c.p, c.n, c.exact);
                }
        }
        free(xs);
        free(ys);
        free(r);
        free(p);
        free(r2);
        free(nn);
        free(nn2);
        free(ex);
        free(ex2);
    }
    printf("corr with missing values: %ld of %ld pairs differ from cor_pair\n", bad, pairs);
    CHECK(bad == 0);
    CHECK(pairs > 1000);
    return TEST_END();
}
