/* test_logistic.c — logistic regression against R's glm(family = binomial)
 * (tests/reference/models.R) on the real Arita glioma IDH cohort and R's
 * veteran: coefficients, standard errors, z, p, odds ratios with Wald
 * intervals, deviance, null deviance, AIC, iterations, aliased columns;
 * separation (R's warnings as flags, and the linear-programming detection
 * R lacks); and the calibration metrics of stats/calibration.c. */
#include "models_data.h"
#include "stats/calibration.h"
#include "stats/logistic.h"

static Table *rcoef, *rfit;
static int verbose;

/* Compare fit f with R's set: every term (NA ⇔ aliased) to tol relative. */
static void check(const char *set, const LogitFit *f, double tol) {
    size_t rows[16], nr = ref_rows(rcoef, set, rows);
    CHECK(nr == f->k);
    double *or_ = malloc(f->k * sizeof *or_), *lo = malloc(f->k * sizeof *lo), *hi = malloc(f->k * sizeof *hi);
    logistic_or_ci(f, 0.95, or_, lo, hi);
    double md = 0;
    const char *name[7] = {"coef", "se", "z", "p", "or", "or_low", "or_high"};
    for (size_t j = 0; j < nr && j < f->k; j++) {
        size_t i = rows[j];
        double got[7] = {f->coef[j], f->se[j], f->z[j], f->pval[j], or_[j], lo[j], hi[j]};
        CHECK(f->aliased[j] == isnan(rcol(rcoef, "coef")[i]));
        for (int c = 0; c < 7; c++) {
            double want = rcol(rcoef, name[c])[i];
            if (isnan(want) && isnan(got[c])) continue;
            if (isinf(want) || (want == 0 && c >= 5)) {   /* exp() under- or overflowed in R too */
                CHECK(got[c] == want || fabs(got[c]) < 1e-300 || isinf(got[c]));
                continue;
            }
            double d = fabs(got[c] - want) / (fabs(want) > 1e-300 ? fabs(want) : 1);
            if (d > md) md = d;
            if (d > tol) printf("FAIL %s term %zu %s: %.17g, R %.17g\n", set, j, name[c], got[c], want);
            CHECK(d <= tol);
        }
    }
    size_t fr[2];
    CHECK(ref_rows(rfit, set, fr) == 1);
    size_t i = fr[0];
    CHECK(f->n == (size_t)rcol(rfit, "n")[i]);
    CHECK(f->rank == (size_t)rcol(rfit, "rank")[i]);
    CHECK(f->iter == (int)rcol(rfit, "iter")[i]);
    CHECK(f->converged == (int)rcol(rfit, "converged")[i]);
    CHECK(f->fitted01 == (int)rcol(rfit, "fitted01")[i]);
    CHECK(f->df_residual == (size_t)rcol(rfit, "df_residual")[i]);
    double dd = fabs(f->deviance - rcol(rfit, "deviance")[i]) / (rcol(rfit, "deviance")[i] + 1e-3);
    CHECK(dd <= tol);
    CHECK_NEAR(f->null_deviance, rcol(rfit, "null_deviance")[i], 1e-9);
    CHECK_NEAR(f->aic, rcol(rfit, "aic")[i], tol);
    if (verbose)
        printf("%-16s terms %zu  max rel diff %.1e  deviance %.1e  iter %d  fitted01 %d  separation %d\n", set, f->k,
               md, dd, f->iter, f->fitted01, f->separation);
    free(or_); free(lo); free(hi);
}

static void fit_cols(const MData *a, const char *const *cols, size_t p, LogitFit *f) {
    double *x = malloc(a->n * p * sizeof *x);
    for (size_t j = 0; j < p; j++) memcpy(x + j * a->n, arita_col(a, cols[j]), a->n * sizeof *x);
    CHECK(logistic_fit(a->y, x, a->n, p, NULL, 1, f) == 0);
    free(x);
}

int main(int argc, char **argv) {
    verbose = argc > 1;
    rcoef = load("tests/reference/models_glm_coef.tsv");
    rfit = load("tests/reference/models_glm_fit.tsv");
    MData a = load_arita();
    LogitFit f;
    const char *a5[5] = {"surface2volumeratio", "T2_Min", "Gp02_med", "T2E_Max", "IDHmt_med"};
    fit_cols(&a, a5, 5, &f);
    check("arita5", &f, 1e-8);
    CHECK(f.separation == SEP_NONE && f.converged && !f.fitted01);
    logistic_free(&f);
    /* an exact copy of a column: aliased, NA as glm */
    const char *al[3] = {"T1Gd_Max", "T1Gd_core_Max", "T2_Min"};
    fit_cols(&a, al, 3, &f);
    check("arita_alias", &f, 1e-8);
    CHECK(f.aliased[2] && !f.aliased[1] && f.rank == 3);
    CHECK(f.separation == SEP_NONE);
    logistic_free(&f);
    /* quasi-complete separation: R converges without a warning and prints
       coef 1.04 (se 68) for Harvard_49; the LP finds it */
    const char *qs[3] = {"Harvard_49", "T2_Min", "Gp02_med"};
    fit_cols(&a, qs, 3, &f);
    check("arita_quasi", &f, 1e-6);
    CHECK(f.separation == SEP_QUASI);
    CHECK(f.sep_dir[1] == 1 && f.sep_dir[2] == 0 && f.sep_dir[3] == 0);
    CHECK(f.sep_min[1] && !f.sep_min[2] && !f.sep_min[3]);
    logistic_free(&f);
    /* complete separation by x1 + x2, by neither alone */
    {
        double x[16] = {1, 2, 3, 4, 5, 6, 7, 8, 8, 1, 6, 3, 5, 2, 7, 4}, y[8] = {0, 0, 0, 0, 1, 0, 1, 1};
        CHECK(logistic_fit(y, x, 8, 2, NULL, 1, &f) == 0);
        check("toy_complete", &f, 1e-4);
        CHECK(f.separation == SEP_COMPLETE && f.fitted01);
        CHECK(f.sep_min[1] && f.sep_min[2]);
        logistic_free(&f);
        /* x1 alone separates once row 6 is dropped: the minimal set is x1 */
        y[5] = NAN;
        CHECK(logistic_fit(y, x, 8, 2, NULL, 1, &f) == 0);
        CHECK(f.n == 7 && f.separation == SEP_COMPLETE && f.sep_min[1] && !f.sep_min[2]);
        CHECK(isnan(f.fitted[5]) && !isnan(f.fitted[4]));
        logistic_free(&f);
    }
    /* veteran: death within 100 days ~ all four cell-type dummies + karno:
       with the intercept the last dummy is aliased */
    {
        MData v = load_veteran();
        size_t n = v.n;
        double *x = malloc(5 * n * sizeof *x), *y = malloc(n * sizeof *y);
        long jc = table_find(v.t, "celltype");
        const char *lev[4] = {"adeno", "large", "smallcell", "squamous"};
        for (size_t i = 0; i < n; i++) {
            for (int k = 0; k < 4; k++) x[k * n + i] = strcmp(v.t->cols[jc].str[i], lev[k]) == 0;
            x[4 * n + i] = v.x[i];   /* karno */
            y[i] = v.time[i] <= 100 && v.event[i] == 1;
        }
        CHECK(logistic_fit(y, x, n, 5, NULL, 1, &f) == 0);
        check("veteran_dummies", &f, 1e-8);
        CHECK(f.aliased[4] && f.rank == 5);
        logistic_free(&f);
        free(x); free(y);
        mdata_free(&v);
    }
    /* simulated: 2,000 rows, 10 predictors — no separation; then the
       outcome a threshold on x3: complete, and x3 is the minimal set */
    {
        size_t n = 2000, p = 10;
        double *x = malloc(n * p * sizeof *x), *y = malloc(n * sizeof *y);
        unsigned long st = 7;
        for (size_t i = 0; i < n * p; i++) {
            st = st * 6364136223846793005UL + 1442695040888963407UL;
            x[i] = (double)(st >> 11) / 9007199254740992.0 * 4 - 2;
        }
        for (size_t i = 0; i < n; i++) {
            st = st * 6364136223846793005UL + 1442695040888963407UL;
            y[i] = (double)(st >> 11) / 9007199254740992.0 < 1 / (1 + exp(-x[i] + x[n + i]));
        }
        CHECK(logistic_fit(y, x, n, p, NULL, 1, &f) == 0);
        CHECK(f.separation == SEP_NONE && f.converged && !f.fitted01);
        logistic_free(&f);
        for (size_t i = 0; i < n; i++) y[i] = x[3 * n + i] > 0.2;
        CHECK(logistic_fit(y, x, n, p, NULL, 1, &f) == 0);
        CHECK(f.separation == SEP_COMPLETE && f.fitted01);
        int others = 0;
        for (size_t j = 1; j <= p; j++) others += j != 4 && f.sep_min[j];
        CHECK(f.sep_min[4] && others == 0);
        logistic_free(&f);
        free(x); free(y);
    }
    /* bad input */
    {
        double y[3] = {0, 2, 1}, x[3] = {1, 2, 3};
        CHECK(logistic_fit(y, x, 3, 1, NULL, 1, &f) == -3);
        CHECK(logistic_fit(y, NULL, 3, 0, NULL, 0, &f) == -3);
    }
    /* calibration (tests/reference/models_calibration.tsv) */
    {
        Table *rc = load("tests/reference/models_calibration.tsv");
        size_t r[2];
        CHECK(ref_rows(rc, "arita_logistic", r) == 1);
        const double *t2 = arita_col(&a, "T2_Min"), *sv = arita_col(&a, "surface2volumeratio");
        double *pr = malloc(a.n * sizeof *pr);
        for (size_t i = 0; i < a.n; i++) pr[i] = 0.5 * t2[i] - 0.3 * sv[i] + 0.4;
        CalibLogistic c;
        CHECK(calibration_logistic(a.y, pr, a.n, &c) == 0);
        CHECK_NEAR(c.slope, rcol(rc, "slope")[r[0]], 1e-8);
        CHECK_NEAR(c.slope_se, rcol(rc, "slope_se")[r[0]], 1e-8);
        CHECK_NEAR(c.intercept, rcol(rc, "intercept")[r[0]], 1e-8);
        CHECK_NEAR(c.intercept_se, rcol(rc, "intercept_se")[r[0]], 1e-8);
        CHECK_NEAR(c.brier, rcol(rc, "brier")[r[0]], 1e-12);
        CHECK(c.n == a.n);
        if (verbose)
            printf("calibration: slope %.6g (rel diff %.1e, se %.1e) intercept %.6g (%.1e, se %.1e) brier %.6g (%.1e)\n",
                   c.slope, fabs(c.slope / rcol(rc, "slope")[r[0]] - 1), fabs(c.slope_se / rcol(rc, "slope_se")[r[0]] - 1),
                   c.intercept, fabs(c.intercept / rcol(rc, "intercept")[r[0]] - 1),
                   fabs(c.intercept_se / rcol(rc, "intercept_se")[r[0]] - 1), c.brier,
                   fabs(c.brier / rcol(rc, "brier")[r[0]] - 1));
        free(pr);
        /* Cox: coxph(Surv(time, status) ~ lp), Efron ties, on lung */
        MData lu = load_lung();
        double *lp = malloc(lu.n * sizeof *lp);
        for (size_t i = 0; i < lu.n; i++) lp[i] = 0.02 * lu.x[i] - 0.4 * lu.x[lu.n + i] + 0.3 * lu.x[2 * lu.n + i];
        CalibCox cc;
        CHECK(calibration_cox(lu.time, lu.event, lp, lu.n, &cc) == 0);
        CHECK(ref_rows(rc, "lung_cox", r) == 1);
        CHECK_NEAR(cc.slope, rcol(rc, "slope")[r[0]], 1e-8);
        CHECK_NEAR(cc.slope_se, rcol(rc, "slope_se")[r[0]], 1e-8);
        CHECK(cc.n == 227 && cc.events == 164 && cc.converged);
        if (verbose)
            printf("cox calibration slope %.8g (rel diff %.1e) se %.8g (%.1e)\n", cc.slope,
                   fabs(cc.slope / rcol(rc, "slope")[r[0]] - 1), cc.slope_se, fabs(cc.slope_se / rcol(rc, "slope_se")[r[0]] - 1));
        /* a constant score: no slope, no crash */
        for (size_t i = 0; i < lu.n; i++) lp[i] = 1;
        CHECK(calibration_cox(lu.time, lu.event, lp, lu.n, &cc) == 0 && isnan(cc.slope));
        double pc[4] = {0, 0, 0, 0}, yc[4] = {0, 1, 0, 1};
        CHECK(calibration_logistic(yc, pc, 4, &c) == 0 && isnan(c.slope) && fabs(c.brier - 0.25) < 1e-15);
        free(lp);
        mdata_free(&lu);
        table_free(rc);
    }
    mdata_free(&a);
    table_free(rcoef); table_free(rfit);
    return TEST_END();
}
