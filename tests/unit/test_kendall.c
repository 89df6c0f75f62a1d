/* test_kendall.c — Kendall's tau-b by Knight's O(n log n) algorithm
 * (stats/corr.c) against the O(n^2) pair loop it replaced, kept here as
 * the reference: the same tau and p, bit for bit, on random vectors with
 * and without ties (few distinct values, ties in one side, in both, in
 * the same pairs), with missing values, for n = 3 to 400; and one value
 * against R (cor.test(method = "kendall") on a small vector). */
#include <gsl/gsl_cdf.h>
#include <stdint.h>
#include "stats/corr.h"
#include "tests/unit/check.h"

static uint64_t rs = 7;
static uint64_t rnd(void) {
    rs = rs * 6364136223846793005ULL + 1442695040888963407ULL;
    return rs >> 17;
}

/* the pair loop, as before */
static void kendall_ref(const double *x, const double *y, size_t n, double *tau, double *p, int *ties) {
    long double S = 0;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            int sa = (x[i] > x[j]) - (x[i] < x[j]), sb = (y[i] > y[j]) - (y[i] < y[j]);
            S += sa * sb;
        }
    double *v[2] = {malloc(n * sizeof(double)), malloc(n * sizeof(double))};
    memcpy(v[0], x, n * sizeof(double));
    memcpy(v[1], y, n * sizeof(double));
    long double t1[2] = {0}, t2[2] = {0}, t3[2] = {0};
    for (int k = 0; k < 2; k++) {
        double *a = v[k];
        for (size_t i = 1; i < n; i++) {
            double key = a[i];
            size_t j = i;
            while (j > 0 && a[j - 1] > key) { a[j] = a[j - 1]; j--; }
            a[j] = key;
        }
        for (size_t i = 0; i < n;) {
            size_t j = i;
            while (j + 1 < n && a[j + 1] == a[i]) j++;
            long double t = (long double)(j - i + 1);
            if (t > 1) {
                t1[k] += t * (t - 1) / 2;
                t2[k] += t * (t - 1) * (2 * t + 5);
                t3[k] += t * (t - 1) * (t - 2);
            }
            i = j + 1;
        }
    }
    free(v[0]);
    free(v[1]);
    *ties = t1[0] > 0 || t1[1] > 0;
    long double N = (long double)n, T0 = N * (N - 1) / 2;
    long double den = sqrtl((T0 - t1[0]) * (T0 - t1[1]));
    if (den <= 0) { *tau = *p = NAN; return; }
    *tau = (double)(S / den);
    long double v0 = N * (N - 1) * (2 * N + 5);
    long double var = (v0 - t2[0] - t2[1]) / 18 + (2 * t1[0]) * (2 * t1[1]) / (2 * N * (N - 1)) +
                      t3[0] * t3[1] / (9 * N * (N - 1) * (N - 2));
    double z = (double)(S / sqrtl(var));
    *p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
}

static CorResult ref_pair(const double *x, const double *y, size_t n, CorExact e) {
    CorResult res = {0, NAN, NAN, 0};
    double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) { a[k] = x[i]; b[k++] = y[i]; }
    res.n = k;
    if (k >= 3) {
        int ties;
        kendall_ref(a, b, k, &res.r, &res.p, &ties);
        if (!isnan(res.r) && cor_exact_applies(COR_KENDALL, k, ties, e)) {
            res.p = cor_p_kendall_exact(res.r, k);
            res.exact = 1;
        }
    }
    free(a);
    free(b);
    return res;
}

static int same(double a, double b) { return memcmp(&a, &b, sizeof a) == 0; }

int main(void) {
    long bad = 0, cases = 0;
    double x[400], y[400];
    for (int t = 0; t < 6000; t++) {
        size_t n = 3 + rnd() % (t < 3000 ? 60 : 398);
        int kx = (int)(rnd() % 4), ky = (int)(rnd() % 4);   /* 0: continuous; else few distinct values */
        for (size_t i = 0; i < n; i++) {
            x[i] = kx ? (double)(rnd() % (unsigned)(2 + 3 * kx)) : (double)(rnd() % 1000000) / 7.0;
            y[i] = ky ? (double)(rnd() % (unsigned)(2 + 3 * ky)) : (double)(rnd() % 1000000) / 3.0;
            if (t % 5 == 0 && i % 3 == 0) y[i] = x[i] * 2;   /* ties in the same pairs */
            if (t % 7 == 0 && rnd() % 10 == 0) (rnd() % 2 ? x : y)[i] = NAN;
        }
        for (int e = 0; e < 2; e++) {
            CorExact ex = e ? COR_EXACT_NO : COR_EXACT_AUTO;
            CorResult a = cor_pair(x, y, n, COR_KENDALL, ex), b = ref_pair(x, y, n, ex);
            cases++;
            if (a.n != b.n || !same(a.r, b.r) || !same(a.p, b.p) || a.exact != b.exact) {
                if (bad++ < 5)
                    printf("FAIL n=%zu: tau %.17g p %.17g (exact %d), reference %.17g %.17g (%d)\n", n, a.r, a.p, a.exact,
                           b.r, b.p, b.exact);
            }
        }
    }
    printf("kendall: %ld of %ld pairs differ from the pair loop\n", bad, cases);
    CHECK(bad == 0);
    /* R: cor.test(c(1,2,2,3,4,5,5,6), c(2,1,3,3,5,4,6,6), method = "kendall", exact = FALSE):
       tau 0.7692307692, p 0.01074757758 (print(..., digits = 10)) */
    double a[] = {1, 2, 2, 3, 4, 5, 5, 6}, b[] = {2, 1, 3, 3, 5, 4, 6, 6};
    CorResult r = cor_pair(a, b, 8, COR_KENDALL, COR_EXACT_NO);
    CHECK_NEAR(r.r, 0.7692307692, 1e-9);
    CHECK_NEAR(r.p, 0.01074757758, 1e-9);
    /* a long vector: Knight's algorithm in a blink (the pair loop: 5e9 steps) */
    size_t big = 100000;
    double *bx = malloc(big * sizeof *bx), *by = malloc(big * sizeof *by);
    for (size_t i = 0; i < big; i++) {
        bx[i] = (double)(rnd() % 1000);
        by[i] = bx[i] + (double)(rnd() % 500);
    }
    r = cor_pair(bx, by, big, COR_KENDALL, COR_EXACT_AUTO);
    CHECK(r.n == big && r.r > 0.5 && r.r < 1);
    free(bx);
    free(by);
    return TEST_END();
}
