/* glmnet_bench.c — time stats/glmnet on simulated radiomics-sized data:
 * 500 patients × 1,000 features (ten blocks of 100 features sharing a
 * latent factor, r = 0.5 within a block), a binary outcome driven by 10
 * features and a survival outcome (exponential times, uniform censoring)
 * driven by the same 10.  Times one lasso path and one 10-fold
 * cross-validation (1 thread and `threads`), binomial and Cox, best of
 * `reps` runs, and writes the data with the fold ids to DIR/glmnet_sim.tsv
 * so that bench/glmnet_bench.R can time R's glmnet on the same numbers.
 *   bench/glmnet_bench [DIR] [threads] [reps]
 * Build: make bench/glmnet_bench (make bench builds and runs it). */
#include "stats/glmnet.h"
#include "stats/glmnet_cv.h"
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static uint64_t state = 88172645463325252ULL;
static double unif(void) {   /* xorshift64*, in (0,1) */
    state ^= state >> 12;
    state ^= state << 25;
    state ^= state >> 27;
    return (double)((state * 2685821657736338717ULL) >> 11) * (1.0 / 9007199254740992.0) + 1e-17;
}
static double gauss(void) { return sqrt(-2 * log(unif())) * cos(6.283185307179586 * unif()); }

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "bench/data";
    int threads = argc > 2 ? atoi(argv[2]) : 2, reps = argc > 3 ? atoi(argv[3]) : 3;
    enum { N = 500, P = 1000, K = 10 };
    double *x = malloc((size_t)N * P * sizeof *x), *y = malloc(N * sizeof *y), *tm = malloc(N * sizeof *tm);
    double *ev = malloc(N * sizeof *ev), *lp = calloc(N, sizeof *lp);
    int *fold = malloc(N * sizeof *fold);
    if (!x || !y || !tm || !ev || !lp || !fold) return 1;
    for (int i = 0; i < N; i++) {
        double f[10];
        for (int b = 0; b < 10; b++) f[b] = gauss();
        for (int j = 0; j < P; j++) x[(size_t)j * N + i] = sqrt(0.5) * f[j / 100] + sqrt(0.5) * gauss();
    }
    for (int j = 0; j < 10; j++)   /* one feature in each block carries the signal */
        for (int i = 0; i < N; i++) lp[i] += (j % 2 ? -0.5 : 0.5) * x[(size_t)(j * 100 + 7) * N + i];
    int events = 0, cases = 0;
    for (int i = 0; i < N; i++) {
        y[i] = unif() < 1 / (1 + exp(-lp[i]));
        cases += y[i] == 1;
        double t = -log(unif()) / (0.002 * exp(lp[i])), c = 1500 * unif();
        tm[i] = ceil(t < c ? t : c);
        ev[i] = t < c;
        events += t < c;
    }
    glmnet_foldid(y, N, K, 1, fold);
    char path[512];
    snprintf(path, sizeof path, "%s/glmnet_sim.tsv", dir);
    FILE *out = fopen(path, "w");
    if (!out) { perror(path); return 1; }
    fprintf(out, "y\ttime\tevent\tfold");
    for (int j = 0; j < P; j++) fprintf(out, "\tf%d", j + 1);
    fputc('\n', out);
    for (int i = 0; i < N; i++) {
        fprintf(out, "%g\t%g\t%g\t%d", y[i], tm[i], ev[i], fold[i]);
        for (int j = 0; j < P; j++) fprintf(out, "\t%.17g", x[(size_t)j * N + i]);
        fputc('\n', out);
    }
    fclose(out);
    printf("data: %d x %d, %d cases, %d events, %d folds -> %s\n", N, P, cases, events, K, path);
    for (int fam = 0; fam < 2; fam++) {
        GlmnetOpts o;
        glmnet_opts_default(&o, fam ? GLMNET_COX : GLMNET_BINOMIAL);
        GlmnetData d = {x, N, P, y, tm, ev};
        double best = INFINITY, bcv1 = INFINITY, bcvt = INFINITY;
        size_t nlam = 0, imin = 0;
        for (int r = 0; r < reps; r++) {
            GlmnetPath f;
            double t0 = now();
            if (glmnet_path(&d, &o, &f)) return 1;
            double t1 = now();
            if (t1 - t0 < best) best = t1 - t0;
            nlam = f.nlam;
            glmnet_path_free(&f);
            GlmnetCV cv;
            t0 = now();
            if (glmnet_cv(&d, &o, fold, K, CV_DEVIANCE, 1, &cv)) return 1;
            t1 = now();
            if (t1 - t0 < bcv1) bcv1 = t1 - t0;
            glmnet_cv_free(&cv);
            t0 = now();
            if (glmnet_cv(&d, &o, fold, K, CV_DEVIANCE, threads, &cv)) return 1;
            t1 = now();
            if (t1 - t0 < bcvt) bcvt = t1 - t0;
            imin = cv.imin;
            glmnet_cv_free(&cv);
        }
        printf("%-8s lasso path %7.3f s (%zu lambdas)   10-fold cv %7.3f s (1 thread)  %7.3f s (%d threads)  "
               "lambda.min at step %zu\n",
               fam ? "cox" : "binomial", best, nlam, bcv1, bcvt, threads, imin + 1);
    }
    free(x); free(y); free(tm); free(ev); free(lp); free(fold);
    return 0;
}
