/* validate_bench.c — time the honest-validation loop of stats/validate on
 * bench/glmnet_bench's data (500 patients × 1,000 features, the binary
 * outcome): `validate` of a lasso whose lambda is chosen by 10-fold
 * cv.glmnet inside each of 5 outer folds × 10 repeats — what
 * bench/validate_bench.R times in R.  Prints the wall and CPU time with 1
 * thread and with `threads`, and the validated AUC (the same for both).
 *   bench/validate_bench [DIR] [threads] [repeats]
 * Build: make bench/validate_bench (make bench builds and runs it). */
#include "stats/validate.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static double now(clockid_t c) {
    struct timespec t;
    clock_gettime(c, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

int main(int argc, char **argv) {
    const char *dir = argc > 1 ? argv[1] : "bench/data";
    int threads = argc > 2 ? atoi(argv[2]) : 2;
    size_t repeats = argc > 3 ? (size_t)atol(argv[3]) : 10;
    char path[512];
    snprintf(path, sizeof path, "%s/glmnet_sim.tsv", dir);
    FILE *f = fopen(path, "r");
    if (!f) { perror(path); fprintf(stderr, "(bench/glmnet_bench writes it)\n"); return 1; }
    enum { N = 500, P = 1000 };
    double *x = malloc((size_t)N * P * sizeof *x), *y = malloc(N * sizeof *y);
    char *line = malloc(1 << 20);
    if (!x || !y || !line || !fgets(line, 1 << 20, f)) return 1;   /* header: y time event fold f1… */
    for (int i = 0; i < N; i++) {
        if (!fgets(line, 1 << 20, f)) { fprintf(stderr, "%s: short file\n", path); return 1; }
        char *p = line, *end;
        y[i] = strtod(p, &end);
        for (int k = 0; k < 3; k++) strtod(end, &end);   /* time event fold */
        for (int j = 0; j < P; j++) x[(size_t)j * N + i] = strtod(end, &end);
    }
    fclose(f);
    free(line);
    Recipe r = {0};
    r.family = MODEL_LOGISTIC;
    r.penalty = PENALTY_LASSO;
    r.alpha = 1;
    r.lambda_rule = LAMBDA_MIN;
    r.nfolds = 10;
    r.measure = CV_DEVIANCE;
    r.standardize = 1;
    ModelData d = {x, N, P, y, NULL, NULL, NULL};
    double est[2] = {NAN, NAN};
    for (int pass = 0; pass < 2; pass++) {
        int th = pass ? threads : 1;
        ValidateOpts o = {5, repeats, 1, 1, th, NULL, NULL, NULL};
        Validation v;
        double w0 = now(CLOCK_MONOTONIC), c0 = now(CLOCK_PROCESS_CPUTIME_ID);
        int rc = validate_run(&r, &d, &o, &v);
        double w1 = now(CLOCK_MONOTONIC), c1 = now(CLOCK_PROCESS_CPUTIME_ID);
        if (rc) { fprintf(stderr, "validate_run: %d\n", rc); return 1; }
        est[pass] = v.estimate[VM_DISCRIMINATION];
        printf("validate 5 folds x %zu repeats, lasso by 10-fold CV: %7.3f s wall, %7.3f s cpu (%d thread%s); "
               "apparent AUC %.4f, validated AUC %.4f (%.4f-%.4f)\n", repeats, w1 - w0, c1 - c0, th, th == 1 ? "" : "s",
               v.apparent[VM_DISCRIMINATION], v.estimate[VM_DISCRIMINATION], v.lo[VM_DISCRIMINATION],
               v.hi[VM_DISCRIMINATION]);
        validation_free(&v);
    }
    if (est[0] != est[1]) { printf("FAIL: the estimate depends on the thread count\n"); return 1; }
    free(x);
    free(y);
    return 0;
}
