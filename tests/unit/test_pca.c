/* test_pca.c — principal components against prcomp (tests/reference/
 * robustness.R) on the real NSCLC CaPTk features (197 patients × 102
 * features): centred and scaled, centred only (Energy ~1e10 beside
 * features ~1e-2: the scale trap), and a wide 60 × 102 block (n < p);
 * both routes (Jacobi SVD, eigen of the cross product) where they apply.
 * sdev and the proportions to 1e-9 relative (components above 1e-5 of the
 * first; 1e-6 down to 1e-7), the loadings and scores of the first 4
 * components to 1e-8 of the component's largest |value|, signs by the
 * documented rule (applied to prcomp's output in the R script).  With
 * RGX_BENCH=1 also times 500 × 1,000. */
#include <time.h>
#include "testdata.h"
#include "stats/pca.h"

#define NF 102

static Table *load_opts(const char *path, const char *id) {
    LoadOpts o = {.name = "t", .id = id};
    LoadReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = table_load(path, &o, &rep, &err, &cancelled);
    if (!t) { printf("FAIL cannot load %s: %s\n", path, err.s); exit(1); }
    load_report_free(&rep);
    buf_free(&err);
    return t;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void bench(void) {
    size_t n = 500, p = 1000;
    double **x = malloc(p * sizeof *x);
    unsigned long s = 3;
    for (size_t j = 0; j < p; j++) {
        x[j] = malloc(n * sizeof **x);
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            x[j][i] = (double)(s >> 11) / 9007199254740992.0;
        }
    }
    PcaOpts o = {.center = 1, .scale = 1, .threads = 2};
    PcaResult r;
    double t0 = now();
    clock_t c0 = clock();
    int rc = pca_fit((const double *const *)x, n, p, &o, &r);
    printf("PCA 500 x 1000 (scaled, %s, 2 threads): %.3f s wall, %.3f s CPU (rc %d)\n", r.method == PCA_SVD ? "svd" : "eigen",
           now() - t0, (double)(clock() - c0) / CLOCKS_PER_SEC, rc);
    pca_free(&r);
    for (size_t j = 0; j < p; j++) free(x[j]);
    free(x);
}

static double worst_sdev, worst_vec;

/* Compare one prcomp run of the reference with ours; returns how many of
 * its rows there were (each compared, or skipped as numerically zero). */
static size_t compare(const Table *ref, const char *run, const PcaResult *r) {
    size_t found = 0;
    double big[2][8] = {{0}};   /* largest |value| per component: rotation, scores */
    for (size_t i = 0; i < ref->nrow; i++) {
        if (strcmp(ref->cols[0].str[i], run) != 0) continue;
        const char *what = ref->cols[1].str[i];
        size_t k = (size_t)ref->cols[3].num[i];
        if (k >= 1 && k <= 8) {
            int w = strcmp(what, "score") == 0;
            big[w][k - 1] = fmax(big[w][k - 1], fabs(ref->cols[4].num[i]));
        }
    }
    for (size_t i = 0; i < ref->nrow; i++) {
        if (strcmp(ref->cols[0].str[i], run) != 0) continue;
        found++;
        const char *what = ref->cols[1].str[i];
        size_t a = (size_t)ref->cols[2].num[i] - 1, k = (size_t)ref->cols[3].num[i];
        double want = ref->cols[4].num[i];
        if (strcmp(what, "sdev") == 0 || strcmp(what, "prop") == 0) {
            CHECK(a < r->nsdev);
            if (a >= r->nsdev) continue;
            double rel = r->sdev[a] / r->sdev[0];
            if (rel < 1e-7) continue;   /* numerically zero in both */
            double got = strcmp(what, "sdev") == 0 ? r->sdev[a] : r->prop[a];
            double d = fabs(got - want) / fabs(want), tol = rel > 1e-5 ? 1e-9 : 1e-6;
            if (rel > 1e-5) worst_sdev = fmax(worst_sdev, d);
            CHECK(d <= tol);
            if (d > tol) printf("  %s %s[%zu] = %.15g, want %.15g\n", run, what, a + 1, got, want);
        } else {
            int w = strcmp(what, "score") == 0;
            CHECK(k - 1 < r->ncomp && k >= 1 && k <= 8);   /* big[][8] */
            if (k - 1 >= r->ncomp || k < 1 || k > 8) continue;
            double got = w ? r->scores[(k - 1) * r->n + a] : r->rotation[(k - 1) * r->p + a];
            double d = fabs(got - want) / big[w][k - 1];
            worst_vec = fmax(worst_vec, d);
            CHECK(d <= 1e-8);
            if (d > 1e-8) printf("  %s %s[%zu,%zu] = %.15g, want %.15g\n", run, what, a + 1, k, got, want);
        }
    }
    return found;
}

int main(void) {
    if (getenv("RGX_BENCH")) bench();
    Table *feat = load_opts("tests/data/nsclc_captk_features.csv", "none");
    Table *vals = load_opts("tests/reference/robust_combat_values.tsv", "none");
    Table *ref = load_opts("tests/reference/robust_pca.tsv", "none");
    /* the patients of ComBat's "par" run: three manufacturers, no missing value, by ID */
    size_t n = 0;
    long *row = malloc(vals->nrow * sizeof *row);
    for (size_t i = 0; i < vals->nrow; i++)
        if (strcmp(vals->cols[0].str[i], "par") == 0) {
            long r = -1;
            for (size_t j = 0; j < feat->nrow && r < 0; j++)
                if (strcmp(feat->cols[0].str[j], vals->cols[1].str[i]) == 0) r = (long)j;
            CHECK(r >= 0);
            if (r < 0) return TEST_END();
            row[n++] = r;
        }
    CHECK_COUNT(n, 197);
    if (n != 197) return TEST_END();   /* the cases below take 197 and 60 rows */
    double *x[NF];
    for (int f = 0; f < NF; f++) {
        x[f] = malloc(n * sizeof(double));
        CHECK(feat->cols[f + 1].type == COL_NUM || f + 1 == 48 || (f + 1 >= 59 && f + 1 <= 66));
        for (size_t i = 0; i < n; i++)
            x[f][i] = feat->cols[f + 1].type == COL_NUM ? feat->cols[f + 1].num[row[i]]
                                                        : strtod(feat->cols[f + 1].str[row[i]], NULL);
    }
    struct { const char *run; size_t n; int scale; PcaMethod m; } cases[] = {
        {"scaled", 197, 1, PCA_SVD}, {"scaled", 197, 1, PCA_EIGEN}, {"scaled", 197, 1, PCA_AUTO},
        {"unscaled", 197, 0, PCA_SVD}, {"wide", 60, 1, PCA_SVD}, {"wide", 60, 1, PCA_EIGEN},
    };
    for (size_t c = 0; c < sizeof cases / sizeof *cases; c++) {
        PcaOpts o = {.center = 1, .scale = cases[c].scale, .method = cases[c].m};
        PcaResult r;
        CHECK(pca_fit((const double *const *)x, cases[c].n, NF, &o, &r) == 0);
        CHECK(r.nsdev == (cases[c].n < NF ? cases[c].n : NF));
        CHECK(cases[c].m != PCA_AUTO || r.method == PCA_SVD);
        size_t rows = compare(ref, cases[c].run, &r);
        CHECK_COUNT(rows, strcmp(cases[c].run, "wide") ? 1400 : 768);   /* the run's reference rows were there */
        double s = 0;
        for (size_t k = 0; k < r.nsdev; k++) s += r.prop[k];
        CHECK_NEAR(s, 1, 1e-12);
        printf("prcomp %s (%s): %zu of %zu components kept\n", cases[c].run, r.method == PCA_SVD ? "svd" : "eigen",
               r.ncomp, r.nsdev);
        pca_free(&r);
    }
    printf("prcomp: max relative difference of sdev/prop %.2g, of loadings and scores %.2g\n", worst_sdev, worst_vec);
    /* the same bits at any thread count (the eigen route's products) */
    for (int wide = 0; wide < 2; wide++) {
        PcaOpts o1 = {.center = 1, .scale = 1, .method = PCA_EIGEN, .threads = 1}, o3 = o1;
        o3.threads = 3;
        PcaResult r1, r3;
        size_t nn = wide ? 60 : n;
        CHECK(pca_fit((const double *const *)x, nn, NF, &o1, &r1) == 0 && pca_fit((const double *const *)x, nn, NF, &o3, &r3) == 0);
        CHECK(r1.ncomp == r3.ncomp && memcmp(r1.sdev, r3.sdev, r1.nsdev * sizeof(double)) == 0 &&
              memcmp(r1.rotation, r3.rotation, r1.ncomp * NF * sizeof(double)) == 0 &&
              memcmp(r1.scores, r3.scores, r1.ncomp * nn * sizeof(double)) == 0);
        pca_free(&r1);
        pca_free(&r3);
    }
    /* n < p, centred: rank n − 1; the null direction must not come back as a
       component (the eigen route's Zᵀu would be normalised noise) */
    {
        size_t nn = 60, pp = 600;
        double **w = malloc(pp * sizeof *w);
        unsigned long s = 2;
        for (size_t j = 0; j < pp; j++) {
            w[j] = malloc(nn * sizeof **w);
            for (size_t i = 0; i < nn; i++) {
                s = s * 6364136223846793005UL + 1442695040888963407UL;
                w[j][i] = (double)(s >> 11) / 9007199254740992.0 + (j % 3 == 0 && j ? w[0][i] : 0);
            }
        }
        for (int meth = PCA_SVD; meth <= PCA_EIGEN; meth++) {
            PcaOpts o = {.center = 1, .scale = 1, .method = (PcaMethod)meth};
            PcaResult r;
            CHECK(pca_fit((const double *const *)w, nn, pp, &o, &r) == 0);
            CHECK(r.nsdev == nn && r.ncomp == nn - 1 && r.sdev[nn - 1] < 1e-7 * r.sdev[0]);
            pca_free(&r);
        }
        for (size_t j = 0; j < pp; j++) free(w[j]);
        free(w);
    }
    /* refusals */
    {
        PcaOpts o = {.center = 1, .scale = 1};
        PcaResult r;
        double save = x[4][7];
        x[4][7] = NAN;
        x[9][0] = INFINITY;
        CHECK(pca_fit((const double *const *)x, n, NF, &o, &r) == -3 && r.n_bad == 2 && r.bad_col == 4);
        pca_free(&r);
        x[4][7] = save;
        x[9][0] = 0;
        double c3[5] = {2, 2, 2, 2, 2}, v3[5] = {1, 2, 3, 4, 6};
        const double *cv[2] = {v3, c3};
        CHECK(pca_fit(cv, 5, 2, &o, &r) == -4 && r.bad_col == 1);
        pca_free(&r);
        o.scale = 0;   /* a constant column is fine unscaled */
        CHECK(pca_fit(cv, 5, 2, &o, &r) == 0 && r.ncomp == 1 && r.sdev[1] == 0);
        pca_free(&r);
        CHECK(pca_fit(cv, 1, 2, &o, &r) == -5);
        pca_free(&r);
        volatile sig_atomic_t stop = 1;
        o.cancel = &stop;
        CHECK(pca_fit(cv, 5, 2, &o, &r) == -2);
        pca_free(&r);
        pca_free(NULL);
    }
    for (int f = 0; f < NF; f++) free(x[f]);
    free(row);
    table_free(feat);
    table_free(vals);
    table_free(ref);
    return TEST_END();
}
