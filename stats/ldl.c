/* ldl.c — see ldl.h. */
#include "stats/ldl.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

size_t ldl_factor(double *a, size_t p, double toler, int *dep) {
    /* the threshold: toler × the largest positive diagonal element */
    double big = 0;
    for (size_t i = 0; i < p; i++)
        if (a[i * p + i] > big) big = a[i * p + i];
    double eps = big > 0 ? big * toler : toler;
    size_t rank = 0;
    for (size_t k = 0; k < p; k++) {
        double d = a[k * p + k];
        if (!isfinite(d) || d < eps) {   /* dependent on the columns before it */
            a[k * p + k] = 0;
            for (size_t i = k + 1; i < p; i++) a[i * p + k] = 0;
            if (dep) dep[k] = 1;
            continue;
        }
        if (dep) dep[k] = 0;
        rank++;
        /* the trailing lower triangle loses column k's part, then column k
           becomes L's: rows from the bottom, so that every a[j][k] used is
           still the unscaled one */
        for (size_t i = p; i-- > k + 1;) {
            double aik = a[i * p + k];
            for (size_t j = k + 1; j <= i; j++) a[i * p + j] -= aik * a[j * p + k] / d;
            a[i * p + k] = aik / d;
        }
    }
    return rank;
}

void ldl_solve(const double *f, size_t p, double *b) {
    for (size_t i = 0; i < p; i++)   /* L y = b */
        for (size_t j = 0; j < i; j++) b[i] -= f[i * p + j] * b[j];
    for (size_t i = p; i-- > 0;) {   /* D Lᵀ x = y */
        if (f[i * p + i] == 0) { b[i] = 0; continue; }
        double v = b[i] / f[i * p + i];
        for (size_t j = i + 1; j < p; j++) v -= f[j * p + i] * b[j];
        b[i] = v;
    }
}

void ldl_inverse(const double *f, size_t p, double *inv, double *work) {
    for (size_t c = 0; c < p; c++) {
        memset(work, 0, p * sizeof *work);
        work[c] = 1;
        ldl_solve(f, p, work);
        for (size_t r = 0; r < p; r++) inv[r * p + c] = f[c * p + c] == 0 ? 0 : work[r];
    }
    /* exactly symmetric */
    for (size_t r = 0; r < p; r++)
        for (size_t c = 0; c < r; c++) inv[r * p + c] = inv[c * p + r] = (inv[r * p + c] + inv[c * p + r]) / 2;
}

double ldl_quadform(const double *A, const double *b, size_t p, double toler, size_t *rank) {
    double *f = malloc((p ? p * p : 1) * sizeof *f), *x = malloc((p ? p : 1) * sizeof *x);
    if (!f || !x) { free(f); free(x); return NAN; }
    memcpy(f, A, p * p * sizeof *f);
    memcpy(x, b, p * sizeof *x);
    size_t r = ldl_factor(f, p, toler, NULL);
    if (rank) *rank = r;
    ldl_solve(f, p, x);
    double q = 0;
    for (size_t i = 0; i < p; i++) q += x[i] * b[i];
    free(f);
    free(x);
    return q;
}
