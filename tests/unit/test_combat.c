/* test_combat.c — ComBat against sva::ComBat 3.46 (tests/reference/
 * robustness.R) on the real NSCLC CaPTk CT features, batch = scanner
 * manufacturer: parametric, non-parametric, mean-only, with covariates
 * (sex, smoking as factors, days as a number), with a reference batch
 * (parametric and non-parametric), with a missing value (R01-159's
 * #NAME? cells), with a one-sample batch (mean-only forced) and with
 * features constant within a batch (left unadjusted).  Checked: the
 * adjusted values of 6 features for every sample, and the mean and sd per
 * feature and batch of all 102 — which fix the per-batch affine map — to
 * 1e-4 relative (of |value| + the batch's sd); the features left
 * unadjusted exactly.  Then the error codes.  With RGX_BENCH=1 also times
 * 1,000 features × 500 samples × 5 batches. */
#include <time.h>
#include "testdata.h"
#include "stats/combat.h"

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

/* a column as numbers: text cells such as "#NAME?" become NaN */
static double cell(const Column *c, size_t i) {
    if (c->type == COL_NUM) return c->num[i];
    const char *s = c->str[i];
    char *end;
    double v = s ? strtod(s, &end) : NAN;
    return s && *s && !*end ? v : NAN;
}

static long row_of(const Table *t, long col, const char *id) {
    for (size_t i = 0; i < t->nrow; i++)
        if (t->cols[col].str[i] && strcmp(t->cols[col].str[i], id) == 0) return (long)i;
    return -1;
}

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + t.tv_nsec * 1e-9;
}

static void bench(void) {
    size_t F = 1000, n = 500, B = 5;
    double **x = malloc(F * sizeof *x);
    size_t *b = malloc(n * sizeof *b);
    unsigned long s = 17;
    for (size_t i = 0; i < n; i++) b[i] = i % B;
    for (size_t f = 0; f < F; f++) {
        x[f] = malloc(n * sizeof **x);
        for (size_t i = 0; i < n; i++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            double u = (double)(s >> 11) / 9007199254740992.0;
            x[f][i] = 5 + (double)(f % 7) + (u - 0.5) * (1 + 0.2 * (double)b[i]) + 0.3 * (double)b[i];
        }
    }
    for (int np = 0; np < 2; np++) {
        CombatOpts o = {.prior = np ? COMBAT_NONPARAMETRIC : COMBAT_PARAMETRIC, .ref = -1};
        CombatResult r;
        double t0 = now();
        clock_t c0 = clock();
        int rc = combat((const double *const *)x, F, n, b, B, NULL, 0, &o, x, &r);
        printf("ComBat %s 1000 features x 500 samples x 5 batches: %.3f s wall, %.3f s CPU (rc %d)\n",
               np ? "non-parametric" : "parametric", now() - t0, (double)(clock() - c0) / CLOCKS_PER_SEC, rc);
        combat_free(&r);
    }
    for (size_t f = 0; f < F; f++) free(x[f]);
    free(x);
    free(b);
}

int main(void) {
    if (getenv("RGX_BENCH")) bench();
    Table *feat = load_opts("tests/data/nsclc_captk_features.csv", "none");
    Table *cli = load_opts("tests/data/nsclc_clinical.csv", "none");
    Table *ref = load_opts("tests/reference/robust_combat_values.tsv", "none");
    Table *sum = load_opts("tests/reference/robust_combat_summary.tsv", "none");
    Table *runs = load_opts("tests/reference/robust_combat_runs.tsv", "none");
    CHECK(feat->ncol == NF + 1 && feat->nrow == 206);
    CHECK_STR(feat->cols[0].name, "SubjectID");
    long cid = 0, kid = 0, ksex = table_find(cli, "sex"), ksmk = table_find(cli, "smoking"), kdays = table_find(cli, "days");
    CHECK(ksex > 0 && ksmk > 0 && kdays > 0);
    const int vf[6] = {2, 6, 31, 48, 63, 92};   /* the features written in full (1-based) */
    double worst = 0, worst_sum = 0;
    size_t nvals = 0, nsums = 0;
    CHECK_COUNT(runs->nrow, 9);
    for (size_t ru = 0; ru < runs->nrow; ru++) {
        const char *run = runs->cols[0].str[ru];
        /* this run's samples and batches, in R's order */
        size_t n = 0, first = (size_t)-1;
        for (size_t i = 0; i < ref->nrow; i++)
            if (strcmp(ref->cols[0].str[i], run) == 0) { if (first == (size_t)-1) first = i; n++; }
        CHECK(n == (size_t)runs->cols[1].num[ru]);
        size_t *batch = malloc(n * sizeof *batch), nb = 0;
        const char *labels[16];
        long *row = malloc(n * sizeof *row);
        for (size_t i = 0; i < n; i++) {
            const char *lab = ref->cols[2].str[first + i];
            size_t b = 0;
            while (b < nb && strcmp(labels[b], lab) != 0) b++;   /* codes by first appearance, not R's sorted levels */
            if (b == nb) {
                CHECK(nb < sizeof labels / sizeof *labels);
                if (nb == sizeof labels / sizeof *labels) return TEST_END();
                labels[nb++] = lab;
            }
            batch[i] = b;
            row[i] = row_of(feat, cid, ref->cols[1].str[first + i]);
            CHECK(row[i] >= 0);
            if (row[i] < 0) return TEST_END();
        }
        CHECK(nb == (size_t)runs->cols[2].num[ru]);
        double *x[NF], *out[NF];
        for (int f = 0; f < NF; f++) {
            x[f] = malloc(n * sizeof(double));
            out[f] = malloc(n * sizeof(double));
            for (size_t i = 0; i < n; i++) x[f][i] = cell(&feat->cols[f + 1], (size_t)row[i]);
        }
        CombatOpts o = {.prior = strstr(run, "nonpar") ? COMBAT_NONPARAMETRIC : COMBAT_PARAMETRIC, .ref = -1};
        if (strcmp(run, "meanonly") == 0) o.mean_only = 1;
        const char *refname = strcmp(run, "ref") == 0 ? "SIEMENS" : strcmp(run, "nonpar_ref") == 0 ? "GE MEDICAL SYSTEMS" : NULL;
        for (size_t b = 0; refname && b < nb; b++)
            if (strcmp(labels[b], refname) == 0) o.ref = (long)b;
        CHECK(!refname || o.ref >= 0);
        /* covariates as model.matrix(~ factor(sex) + factor(smoking) + days) builds them (levels 0 < 1 < 2) */
        double *cov = NULL;
        size_t ncov = 0;
        if (strcmp(run, "cov") == 0) {
            ncov = 4;
            cov = malloc(n * ncov * sizeof *cov);
            size_t *sx = malloc(n * sizeof *sx), *sm = malloc(n * sizeof *sm);
            for (size_t i = 0; i < n; i++) {
                long c = row_of(cli, kid, feat->cols[cid].str[row[i]]);
                CHECK(c >= 0);
                if (c < 0) return TEST_END();
                sx[i] = (size_t)cli->cols[ksex].num[c];
                sm[i] = (size_t)cli->cols[ksmk].num[c];
                cov[3 * n + i] = cli->cols[kdays].num[c];
            }
            combat_factor_columns(sx, n, 2, cov);
            combat_factor_columns(sm, n, 3, cov + n);
            free(sx);
            free(sm);
        }
        CombatResult res;
        int rc = combat((const double *const *)x, NF, n, batch, nb, cov, ncov, &o, out, &res);
        CHECK(rc == 0);
        if (rc) { printf("FAIL run %s: rc %d\n", run, rc); continue; }
        /* the features left unadjusted, as sva reports them */
        char skipped[256] = "";
        for (int f = 0; f < NF; f++)
            if (res.status[f]) snprintf(skipped + strlen(skipped), sizeof skipped - strlen(skipped), "%s%d", *skipped ? "," : "", f + 1);
        CHECK_STR(*skipped ? skipped : "-", runs->cols[3].str[ru]);
        for (int f = 0; f < NF; f++)
            if (res.status[f])
                for (size_t i = 0; i < n; i++) CHECK(out[f][i] == x[f][i] || (isnan(out[f][i]) && isnan(x[f][i])));
        if (strcmp(run, "zerovar") == 0) {
            CHECK(res.status[30] == COMBAT_CONSTANT && strcmp(labels[res.skip_batch[30]], "0 1") == 0);
            CHECK(res.n_skipped == 3);
        }
        CHECK(res.mean_only == (strcmp(run, "meanonly") == 0 || strcmp(run, "single") == 0));
        CHECK(res.mean_only_forced == (strcmp(run, "single") == 0));
        CHECK((res.n_missing > 0) == (strcmp(run, "na") == 0));
        CHECK(res.converged && res.np_underflow == 0);
        /* every sample of the 6 features */
        for (size_t i = 0; i < n; i++)
            for (int k = 0; k < 6; k++) {
                double w = ref->cols[3 + k].num[first + i], g = out[vf[k] - 1][i];
                if (isnan(w) || isnan(g)) { CHECK(isnan(w) && isnan(g)); continue; }
                /* the scale: this feature's sd in the run */
                double mean = 0, ss = 0;
                size_t m = 0;
                for (size_t j = 0; j < n; j++)
                    if (!isnan(x[vf[k] - 1][j])) { mean += x[vf[k] - 1][j]; m++; }
                mean /= m;
                for (size_t j = 0; j < n; j++)
                    if (!isnan(x[vf[k] - 1][j])) ss += (x[vf[k] - 1][j] - mean) * (x[vf[k] - 1][j] - mean);
                double scale = fabs(w) + sqrt(ss / (m - 1)), d = fabs(g - w) / scale;
                if (d > worst) worst = d;
                CHECK(d <= 1e-4);
                nvals++;
            }
        /* mean and sd per feature and batch, all features */
        for (size_t i = 0; i < sum->nrow; i++) {
            if (strcmp(sum->cols[0].str[i], run) != 0) continue;
            int f = (int)sum->cols[1].num[i] - 1;
            size_t b = 0;
            while (b < nb && strcmp(labels[b], sum->cols[2].str[i]) != 0) b++;
            CHECK(b < nb);
            if (b >= nb) continue;
            double s = 0, ss = 0;
            size_t m = 0;
            for (size_t j = 0; j < n; j++)
                if (batch[j] == b && !isnan(out[f][j])) { s += out[f][j]; m++; }
            double mean = s / m;
            for (size_t j = 0; j < n; j++)
                if (batch[j] == b && !isnan(out[f][j])) ss += (out[f][j] - mean) * (out[f][j] - mean);
            double sd = m > 1 ? sqrt(ss / (m - 1)) : NAN;
            double wm = sum->cols[4].num[i], ws = sum->cols[5].num[i];
            double scale = fabs(wm) + (isnan(ws) ? 0 : ws);
            double d1 = scale > 0 ? fabs(mean - wm) / scale : fabs(mean - wm);
            double d2 = isnan(ws) ? (isnan(sd) ? 0 : 1) : ws > 0 ? fabs(sd - ws) / ws : fabs(sd - ws);
            CHECK(d1 <= 1e-4 && d2 <= 1e-4);
            if (d1 > 1e-4 || d2 > 1e-4)
                printf("  run %s feature %d batch %s: mean %.10g vs %.10g, sd %.10g vs %.10g\n", run, f + 1,
                       labels[b], mean, wm, sd, ws);
            worst_sum = fmax(worst_sum, fmax(d1, d2));
            nsums++;
        }
        combat_free(&res);
        for (int f = 0; f < NF; f++) { free(x[f]); free(out[f]); }
        free(cov);
        free(batch);
        free(row);
    }
    printf("sva::ComBat: %zu runs, %zu adjusted values: max relative difference %.2g; %zu feature x batch "
           "means and sds: %.2g\n", runs->nrow, nvals, worst, nsums, worst_sum);
    CHECK(nvals > 9000);
    CHECK_COUNT(nsums, sum->nrow);   /* every summary row of every run found and checked */

    /* errors */
    {
        double a[6] = {1, 2, 3, 4, 5, 7}, c[6] = {2, 1, 4, 3, 6, 5}, d[6] = {1, 3, 2, 5, 4, 6};
        const double *xs[3] = {a, c, d};
        double o1[6], o2[6], o3[6];
        double *os[3] = {o1, o2, o3};
        size_t b[6] = {0, 0, 0, 1, 1, 1};
        CombatOpts o = {.ref = -1};
        CombatResult r;
        double cb[6] = {0, 0, 0, 1, 1, 1};   /* a covariate equal to the batch */
        CHECK(combat(xs, 3, 6, b, 2, cb, 1, &o, os, &r) == -3);
        combat_free(&r);
        double cc[12] = {1, 2, 1, 2, 1, 3, 2, 4, 2, 4, 2, 6};   /* the second is twice the first */
        CHECK(combat(xs, 3, 6, b, 2, cc, 2, &o, os, &r) == -4);
        combat_free(&r);
        double ones[6] = {1, 1, 1, 1, 1, 1};   /* an intercept is dropped, as sva does */
        CHECK(combat(xs, 3, 6, b, 2, ones, 1, &o, os, &r) == 0);
        combat_free(&r);
        CHECK(combat(xs, 3, 6, b, 1, NULL, 0, &o, os, &r) == -5);
        combat_free(&r);
        CHECK(combat(xs, 3, 6, b, 3, NULL, 0, &o, os, &r) == -5);   /* batch 2 unused */
        combat_free(&r);
        a[2] = INFINITY;
        CHECK(combat(xs, 3, 6, b, 2, NULL, 0, &o, os, &r) == -5);
        combat_free(&r);
        a[2] = 3;
        double k1[6] = {1, 1, 1, 4, 5, 6};   /* constant in batch 0: left as it was, the other two adjusted */
        const double *xk[3] = {k1, c, d};
        CHECK(combat(xk, 3, 6, b, 2, NULL, 0, &o, os, &r) == 0 && r.status[0] == COMBAT_CONSTANT && r.skip_batch[0] == 0);
        CHECK(memcmp(o1, k1, sizeof k1) == 0);
        combat_free(&r);
        const double *xk2[2] = {k1, c};   /* one feature left: no prior */
        CHECK(combat(xk2, 2, 6, b, 2, NULL, 0, &o, os, &r) == -6);
        combat_free(&r);
        volatile sig_atomic_t stop = 1;
        o.cancel = &stop;
        CHECK(combat(xs, 3, 6, b, 2, NULL, 0, &o, os, &r) == -2);
        combat_free(&r);
        combat_free(NULL);
    }
    /* non-parametric with batches of 700: sva's likelihood products all
       underflow (sva::ComBat(par.prior = FALSE) returns every cell NaN on
       such data); here they are summed in log scale and counted */
    {
        size_t F = 20, n = 1400;
        double *x[20];
        size_t *b = malloc(n * sizeof *b);
        unsigned long s = 5;
        for (size_t i = 0; i < n; i++) b[i] = i < 700 ? 0 : 1;
        for (size_t f = 0; f < F; f++) {
            x[f] = malloc(n * sizeof(double));
            for (size_t i = 0; i < n; i++) {
                s = s * 6364136223846793005UL + 1442695040888963407UL;
                x[f][i] = (double)(s >> 11) / 9007199254740992.0 + (double)f * 0.1 * (double)b[i];
            }
        }
        CombatOpts o = {.prior = COMBAT_NONPARAMETRIC, .ref = -1};
        CombatResult r;
        CHECK(combat((const double *const *)x, F, n, b, 2, NULL, 0, &o, x, &r) == 0);
        CHECK(r.np_underflow == 2 * F);
        int finite = 1;
        for (size_t f = 0; f < F; f++)
            for (size_t i = 0; i < n; i++) finite &= isfinite(x[f][i]);
        CHECK(finite);
        combat_free(&r);
        for (size_t f = 0; f < F; f++) free(x[f]);
        free(b);
    }
    table_free(feat);
    table_free(cli);
    table_free(ref);
    table_free(sum);
    table_free(runs);
    return TEST_END();
}
