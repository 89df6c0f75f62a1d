/* dgemm.c — the floor for corr's speed: one matrix product of the shape
 * of a feature × gene map, through the same BLAS rgx links.
 *   dgemm NX N NY    prints the seconds of one (NX × N) · (N × NY) dgemm */
#include <gsl/gsl_blas.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

int main(int argc, char **argv) {
    if (argc != 4) { fputs("usage: dgemm NX N NY\n", stderr); return 2; }
    size_t nx = (size_t)atol(argv[1]), n = (size_t)atol(argv[2]), ny = (size_t)atol(argv[3]);
    double *a = malloc(nx * n * sizeof *a), *b = malloc(ny * n * sizeof *b), *c = malloc(nx * ny * sizeof *c);
    if (!a || !b || !c) return 1;
    for (size_t i = 0; i < nx * n; i++) a[i] = (double)(i % 17) / 17 - 0.5;
    for (size_t i = 0; i < ny * n; i++) b[i] = (double)(i % 13) / 13 - 0.5;
    gsl_matrix_view A = gsl_matrix_view_array(a, nx, n), B = gsl_matrix_view_array(b, ny, n), C = gsl_matrix_view_array(c, nx, ny);
    struct timespec t0, t1;
    clock_gettime(CLOCK_MONOTONIC, &t0);
    gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &A.matrix, &B.matrix, 0.0, &C.matrix);
    clock_gettime(CLOCK_MONOTONIC, &t1);
    printf("%.3f\n", (double)(t1.tv_sec - t0.tv_sec) + (double)(t1.tv_nsec - t0.tv_nsec) * 1e-9);
    if (c[0] > 1e300) puts("");   /* use the product */
    free(a); free(b); free(c);
    return 0;
}
