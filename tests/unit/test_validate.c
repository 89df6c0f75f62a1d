/* test_validate.c — stats/validate (the recipe and its honest
 * validation), stats/uniscreen (the univariate screens) and the
 * calibration figures' statistics of stats/calibration, against R
 * (tests/reference/model_commands.R) where R has them:
 *  - cox_univariate: coxph per feature on veteran, n events coef hr_sd
 *    limits z p (1e-9 relative);
 *  - calibration_bins: deciles with binom.test's exact intervals (1e-9);
 *  - decision_curve: the net benefit (1e-12);
 * and by their properties where it is a procedure of rgx's own:
 *  - recipe_fit on all rows is glmnet_cv's lambda.min fit;
 *  - validate_run gives the same numbers for 1, 2 and 3 threads, and the
 *    same again for the same seed;
 *  - on pure noise a screened glm has an apparent AUC far above 0.5 while
 *    the validated AUC is about 0.5 (the optimism the lesson shows);
 *  - a real signal validates above 0.5. */
#include "check.h"
#include "models_data.h"
#include "stats/calibration.h"
#include "stats/uniscreen.h"
#include "stats/validate.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>

static Table *ref(const char *name) {
    char path[256];
    snprintf(path, sizeof path, "tests/reference/%s", name);
    return load(path);
}

static void test_cox_univariate(void) {
    MData v = load_veteran();
    Table *r = ref("model_cmd_screen.tsv");
    const char *feats[5] = {"trt", "karno", "diagtime", "age", "prior"};
    size_t done = 0;
    for (size_t i = 0; i < r->nrow; i++) {
        const char *f = r->cols[0].str[i];
        int k = 0;
        while (k < 5 && strcmp(feats[k], f)) k++;
        if (k == 5) continue;
        const double *x = v.t->cols[table_find(v.t, f)].num;
        CoxUni u;
        CHECK(cox_univariate(v.time, v.event, x, v.n, TIES_EFRON, &u) == 0);
        CHECK_COUNT(u.n, (size_t)rcol(r, "n")[i]);
        CHECK_COUNT(u.events, (size_t)rcol(r, "events")[i]);
        CHECK_NEAR(u.coef, rcol(r, "coef")[i], 1e-9);
        CHECK_NEAR(u.hr_sd, rcol(r, "hr_sd")[i], 1e-9);
        CHECK_NEAR(u.lo_sd, rcol(r, "low")[i], 1e-9);
        CHECK_NEAR(u.hi_sd, rcol(r, "high")[i], 1e-9);
        CHECK_NEAR(u.z, rcol(r, "z")[i], 1e-9);
        CHECK_NEAR(u.p / rcol(r, "p")[i], 1, 1e-8);
        done++;
    }
    CHECK_COUNT(done, 5);
    /* a constant feature has no model */
    double *c = malloc(v.n * sizeof *c);
    for (size_t i = 0; i < v.n; i++) c[i] = 3;
    CoxUni u;
    CHECK(cox_univariate(v.time, v.event, c, v.n, TIES_EFRON, &u) == 0);
    CHECK(isnan(u.p) && isnan(u.hr_sd));
    free(c);
    table_free(r);
    mdata_free(&v);
}

static void test_screen_keep(void) {
    double p[6] = {0.04, 0.001, NAN, 0.5, 0.001, 0.02};
    unsigned char k[6];
    CHECK(screen_keep(p, 6, 0, 2, k) == 2);
    CHECK(k[1] && k[4] && !k[0] && !k[2]);   /* ties by column order */
    CHECK(screen_keep(p, 6, 0.05, 0, k) == 3);   /* BH over the 5 with a p: q = .05 .0025 .5 .0025 .0333 */
    CHECK(k[1] && k[4] && k[5] && !k[0] && !k[3] && !k[2]);
    CHECK(screen_keep(p, 6, 0, 100, k) == 5);   /* NaN never passes */
}

static void test_calibration_figures(void) {
    MData a = load_arita();
    const double *t2 = arita_col(&a, "T2_Min"), *sv = arita_col(&a, "surface2volumeratio");
    double *p = malloc(a.n * sizeof *p);
    for (size_t i = 0; i < a.n; i++) p[i] = 1 / (1 + exp(-(0.5 * t2[i] - 0.3 * sv[i] + 0.4)));
    Table *r = ref("model_cmd_calbins.tsv");
    CalBin b[10];
    CHECK(calibration_bins(a.y, p, a.n, 10, b) == 10);
    CHECK_COUNT(r->nrow, 10);
    for (size_t g = 0; g < 10 && g < r->nrow; g++) {
        CHECK_COUNT(b[g].n, (size_t)rcol(r, "n")[g]);
        CHECK_COUNT(b[g].events, (size_t)rcol(r, "events")[g]);
        CHECK_NEAR(b[g].pred, rcol(r, "pred")[g], 1e-12);
        CHECK_NEAR(b[g].obs, rcol(r, "obs")[g], 1e-12);
        CHECK_NEAR(b[g].lo, rcol(r, "lo")[g], 1e-9);
        CHECK_NEAR(b[g].hi, rcol(r, "hi")[g], 1e-9);
    }
    table_free(r);
    r = ref("model_cmd_decision.tsv");
    const double *pt = rcol(r, "pt");
    double nbm[8], nba[8];
    decision_curve(a.y, p, a.n, pt, r->nrow, nbm, nba);
    for (size_t k = 0; k < r->nrow; k++) {
        CHECK_NEAR(nbm[k], rcol(r, "nb_model")[k], 1e-12);
        CHECK_NEAR(nba[k], rcol(r, "nb_all")[k], 1e-12);
    }
    table_free(r);
    free(p);
    mdata_free(&a);
}

/* The lasso by 5-fold CV. */
static Recipe lasso_recipe(void) {
    Recipe r = {0};
    r.family = MODEL_LOGISTIC;
    r.penalty = PENALTY_LASSO;
    r.alpha = 1;
    r.lambda_rule = LAMBDA_MIN;
    r.nfolds = 5;
    r.measure = CV_DEVIANCE;
    r.standardize = 1;
    return r;
}

static void test_recipe_is_cv_glmnet(void) {
    MData a = load_arita();
    Recipe r = lasso_recipe();
    ModelData d = {a.x, a.n, 40, a.y, NULL, NULL, NULL};
    RecipeFit f;
    CHECK(recipe_fit(&r, &d, NULL, a.n, 7, 1, 2, NULL, &f) == RECIPE_OK);
    int *fold = malloc(a.n * sizeof *fold);
    CHECK(glmnet_foldid(a.y, a.n, 5, 7, fold) == 0);
    GlmnetOpts o;
    glmnet_opts_default(&o, GLMNET_BINOMIAL);
    GlmnetData gd = {a.x, a.n, 40, a.y, NULL, NULL};
    GlmnetCV cv;
    CHECK(glmnet_cv(&gd, &o, fold, 5, CV_DEVIANCE, 1, &cv) == 0);
    CHECK(f.lambda == cv.lambda_min);
    CHECK(f.a0 == cv.fit.a0[cv.imin]);
    int same = 1;
    for (size_t j = 0; j < 40; j++) same &= f.beta[j] == cv.fit.beta[cv.imin * 40 + j];
    CHECK(same);
    /* prediction: a0 + x·beta */
    double lp[3];
    size_t rows[3] = {0, 17, 100};
    recipe_predict(&f, a.x, a.n, rows, 3, lp);
    for (int k = 0; k < 3; k++) {
        double v = f.a0;
        for (size_t j = 0; j < 40; j++) v += f.beta[j] * a.x[j * a.n + rows[k]];
        CHECK_NEAR(lp[k], v, 1e-12);
    }
    glmnet_cv_free(&cv);
    free(fold);
    recipe_fit_free(&f);
    mdata_free(&a);
}

static int same_validation(const Validation *u, const Validation *v) {
    size_t T = u->repeats * u->folds;
    int same = u->n == v->n && u->repeats == v->repeats;
    for (int q = 0; q < VM_N && same; q++)
        same = (u->estimate[q] == v->estimate[q] || (isnan(u->estimate[q]) && isnan(v->estimate[q]))) &&
               (u->apparent[q] == v->apparent[q] || (isnan(u->apparent[q]) && isnan(v->apparent[q])));
    for (size_t t = 0; t < T && same; t++)
        same = (u->fold_disc[t] == v->fold_disc[t] || (isnan(u->fold_disc[t]) && isnan(v->fold_disc[t]))) &&
               u->fold_terms[t] == v->fold_terms[t];
    for (size_t i = 0; i < u->repeats * u->n && same; i++) same = u->oof[i] == v->oof[i];
    return same;
}

static void test_threads(void) {
    MData a = load_arita();
    Recipe r = lasso_recipe();
    ModelData d = {a.x, a.n, 20, a.y, NULL, NULL, NULL};
    Validation v[4];
    for (int k = 0; k < 4; k++) {
        ValidateOpts o = {5, 2, 11, 7, k == 3 ? 1 : k + 1, NULL, NULL, NULL};
        CHECK(validate_run(&r, &d, &o, &v[k]) == RECIPE_OK);
    }
    CHECK(same_validation(&v[0], &v[1]));
    CHECK(same_validation(&v[0], &v[2]));
    CHECK(same_validation(&v[0], &v[3]));
    /* the estimate is the mean of the repeats, the interval within their range */
    double m = (v[0].rep[VM_DISCRIMINATION] + v[0].rep[VM_N + VM_DISCRIMINATION]) / 2;
    CHECK_NEAR(v[0].estimate[VM_DISCRIMINATION], m, 1e-12);
    CHECK(v[0].lo[VM_DISCRIMINATION] <= v[0].estimate[VM_DISCRIMINATION]);
    CHECK(v[0].hi[VM_DISCRIMINATION] >= v[0].estimate[VM_DISCRIMINATION]);
    /* 20 real features carry signal: validated above chance, below apparent */
    printf("arita20 lasso: apparent AUC %.3f, validated %.3f\n", v[0].apparent[0], v[0].estimate[0]);
    CHECK(v[0].estimate[VM_DISCRIMINATION] > 0.6);
    CHECK(v[0].apparent[VM_DISCRIMINATION] > v[0].estimate[VM_DISCRIMINATION]);
    for (int k = 0; k < 4; k++) validation_free(&v[k]);
    mdata_free(&a);
}

static void test_noise(void) {
    enum { N = 200, P = 200 };
    double *x = malloc((size_t)N * P * sizeof *x), y[N];
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(g, 16);
    for (size_t k = 0; k < (size_t)N * P; k++) x[k] = gsl_ran_gaussian(g, 1);
    for (int i = 0; i < N; i++) y[i] = gsl_rng_uniform(g) < 0.5;
    gsl_rng_free(g);
    /* the classic trap: keep the 8 features most different between the
       classes, then fit an unpenalised glm */
    Recipe r = {0};
    r.family = MODEL_LOGISTIC;
    r.penalty = PENALTY_NONE;
    r.screen_top = 8;
    ModelData d = {x, N, P, y, NULL, NULL, NULL};
    Validation v;
    ValidateOpts o = {5, 10, 3, 1, 2, NULL, NULL, NULL};
    CHECK(validate_run(&r, &d, &o, &v) == RECIPE_OK);
    printf("noise, screen top 8 + glm: apparent AUC %.3f, validated %.3f (%.3f-%.3f)\n", v.apparent[0],
           v.estimate[0], v.lo[0], v.hi[0]);
    CHECK(v.apparent[VM_DISCRIMINATION] > 0.75);
    CHECK(fabs(v.estimate[VM_DISCRIMINATION] - 0.5) < 0.1);
    CHECK(v.used[VM_DISCRIMINATION] == 10);
    validation_free(&v);
    /* the lasso on noise: the validated AUC is about 0.5 too */
    Recipe l = lasso_recipe();
    CHECK(validate_run(&l, &d, &o, &v) == RECIPE_OK);
    printf("noise, lasso: apparent AUC %.3f, validated %.3f\n", v.apparent[0], v.estimate[0]);
    CHECK(fabs(v.estimate[VM_DISCRIMINATION] - 0.5) < 0.1);
    validation_free(&v);
    /* too many folds for the smaller class */
    ValidateOpts bad = {150, 1, 3, 1, 1, NULL, NULL, NULL};
    CHECK(validate_run(&r, &d, &bad, &v) == RECIPE_EINPUT);
    validation_free(&v);
    free(x);
}

static void test_cox_validation(void) {
    MData v = load_veteran();
    Recipe r = {0};
    r.family = MODEL_COX;
    r.penalty = PENALTY_NONE;
    ModelData d = {v.x, v.n, 8, NULL, v.time, v.event, NULL};
    Validation val;
    ValidateOpts o = {5, 4, 2, 1, 2, NULL, NULL, NULL};
    CHECK(validate_run(&r, &d, &o, &val) == RECIPE_OK);
    printf("veteran coxph: apparent C %.3f, validated %.3f, slope %.3f\n", val.apparent[0], val.estimate[0],
           val.estimate[VM_SLOPE]);
    CHECK(val.apparent[VM_DISCRIMINATION] > 0.7);
    CHECK(val.estimate[VM_DISCRIMINATION] > 0.6 && val.estimate[VM_DISCRIMINATION] < val.apparent[0]);
    CHECK(isnan(val.estimate[VM_INTERCEPT]) && isnan(val.estimate[VM_BRIER]));
    CHECK_NEAR(val.apparent[VM_SLOPE], 1, 1e-6);   /* coxph on its own linear predictor */
    validation_free(&val);
    mdata_free(&v);
}

int main(void) {
    test_cox_univariate();
    test_screen_keep();
    test_calibration_figures();
    test_recipe_is_cv_glmnet();
    test_threads();
    test_noise();
    test_cox_validation();
    return TEST_END();
}
