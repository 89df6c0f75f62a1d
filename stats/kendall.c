/* kendall.c — see kendall.h. */
#include "stats/kendall.h"
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stats/sortx.h"

/* Knight's algorithm (1966) for Kendall's S, O(n log n): with the pairs
 * sorted by x (ties by y), S = n0 − n1 − n2 + n3 − 2·d, where n0 = n(n−1)/2,
 * n1 and n2 the pairs tied in x and in y, n3 those tied in both, and d
 * the discordant pairs: the exchanges a stable merge sort by y makes.
 * Every term is an integer, so S is the same integer the pair loop summed
 * (tests/unit/test_kendall.c checks tau and p against it). */
typedef struct XY {
    double x, y;
} XY;

SORT_BY_X(sort_xy_x, XY)

static uint64_t sort_y(XY *v, XY *tmp, size_t n);

/* v sorted by x, and by y among equal x (tmp: n). */
static void sort_xy(XY *v, XY *tmp, size_t n) {
    sort_xy_x(v, n);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && v[j].x == v[i].x) j++;
        if (j - i > 1) sort_y(v + i, tmp, j - i);   /* the tie by y */
        i = j;
    }
}

/* Merge sort of v[0..n) by y (stable), tmp of n; the exchanges. */
static uint64_t sort_y(XY *v, XY *tmp, size_t n) {
    if (n < 2) return 0;
    uint64_t swaps = 0;
    if (n <= 16) {   /* insertion sort: each shift is one exchange */
        for (size_t i = 1; i < n; i++) {
            XY t = v[i];
            size_t j = i;
            while (j > 0 && v[j - 1].y > t.y) { v[j] = v[j - 1]; j--; }
            swaps += i - j;
            v[j] = t;
        }
        return swaps;
    }
    size_t h = n / 2;
    swaps += sort_y(v, tmp, h) + sort_y(v + h, tmp, n - h);
    size_t i = 0, j = h, k = 0;
    while (i < h && j < n) {
        if (v[j].y < v[i].y) {   /* v[j] jumps over the h - i left behind */
            swaps += h - i;
            tmp[k++] = v[j++];
        } else {
            tmp[k++] = v[i++];
        }
    }
    while (i < h) tmp[k++] = v[i++];
    while (j < n) tmp[k++] = v[j++];
    memcpy(v, tmp, n * sizeof *v);
    return swaps;
}

/* The sums over the groups of equal values of a sorted field: Σt(t−1)/2,
 * Σt(t−1)(2t+5), Σt(t−1)(t−2), in ascending order of the values (as the
 * pair loop's version summed them). */
static void tie_sums(const XY *v, size_t n, int use_y, long double *t1, long double *t2, long double *t3) {
    for (size_t i = 0; i < n;) {
        size_t j = i;
        double a = use_y ? v[i].y : v[i].x;
        while (j + 1 < n && (use_y ? v[j + 1].y : v[j + 1].x) == a) j++;
        long double t = (long double)(j - i + 1);
        if (t > 1) {
            *t1 += t * (t - 1) / 2;
            *t2 += t * (t - 1) * (2 * t + 5);
            *t3 += t * (t - 1) * (t - 2);
        }
        i = j + 1;
    }
}

void kendall_tau_b(const double *x, const double *y, size_t n, double *tau, double *p, int *ties) {
    XY *v = malloc(n * sizeof *v), *tmp = malloc(n * sizeof *tmp);
    *ties = 0;
    if (!v || !tmp) { free(v); free(tmp); *tau = *p = NAN; return; }
    for (size_t i = 0; i < n; i++) v[i] = (XY){x[i], y[i]};
    sort_xy(v, tmp, n);
    long double t1[2] = {0}, t2[2] = {0}, t3[2] = {0};   /* Σt(t-1)/2, Σt(t-1)(2t+5), Σt(t-1)(t-2) */
    tie_sums(v, n, 0, &t1[0], &t2[0], &t3[0]);
    uint64_t n1 = 0, n3 = 0;   /* pairs tied in x; of them, tied in y too */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[j + 1].x == v[i].x) j++;
        n1 += (uint64_t)(j - i + 1) * (j - i) / 2;
        for (size_t a = i; a <= j;) {   /* sorted by y within the tie */
            size_t b = a;
            while (b + 1 <= j && v[b + 1].y == v[a].y) b++;
            n3 += (uint64_t)(b - a + 1) * (b - a) / 2;
            a = b + 1;
        }
        i = j + 1;
    }
    uint64_t d = sort_y(v, tmp, n);
    tie_sums(v, n, 1, &t1[1], &t2[1], &t3[1]);
    uint64_t n2 = 0;   /* pairs tied in y */
    for (size_t i = 0; i < n;) {
        size_t j = i;
        while (j + 1 < n && v[j + 1].y == v[i].y) j++;
        n2 += (uint64_t)(j - i + 1) * (j - i) / 2;
        i = j + 1;
    }
    free(v);
    free(tmp);
    uint64_t n0 = (uint64_t)n * (n - 1) / 2;
    long double S = (long double)((int64_t)n0 - (int64_t)n1 - (int64_t)n2 + (int64_t)n3 - 2 * (int64_t)d);
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
