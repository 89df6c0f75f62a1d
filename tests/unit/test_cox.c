/* test_cox.c — Cox models against R's coxph (tests/reference/cox.R):
 * coefficients, standard errors, log-likelihoods and the LR, Wald and score
 * tests, Efron and Breslow ties, on R's lung and TCGA-GBM; to 1e-6. */
#include "testdata.h"
#include "io/join.h"
#include "io/load_clinical.h"
#include "io/load_maf.h"
#include "stats/cox.h"

static Table *zref;

/* cox.zph against R: per term and GLOBAL */
static void check_zph(const char *set, const double *tm, const double *ev, const double *x, size_t n, const CoxFit *f,
                      CoxTies ties) {
    double chi[8], df[8], p[8];
    CHECK(cox_zph(tm, ev, x, n, f->p, f->coef, ties, chi, df, p) == 0);
    size_t k = 0;
    for (size_t i = 0; i < zref->nrow; i++) {
        if (strcmp(zref->cols[0].str[i], set)) continue;
        CHECK(k <= f->p);
        if (k > f->p) break;
        CHECK_NEAR(chi[k], zref->cols[2].num[i], 1e-6);
        CHECK(df[k] == zref->cols[3].num[i]);
        CHECK_NEAR(p[k], zref->cols[4].num[i], 1e-6);
        k++;
    }
    CHECK(k == f->p + 1);
}

static void check(const char *set, const CoxFit *f, const Table *coefs, const Table *fits) {
    size_t k = 0;
    for (size_t i = 0; i < coefs->nrow; i++) {
        if (strcmp(coefs->cols[0].str[i], set)) continue;
        CHECK(k < f->p);
        if (k >= f->p) break;
        CHECK_NEAR(f->coef[k], coefs->cols[2].num[i], 1e-6);
        CHECK_NEAR(f->se[k], coefs->cols[3].num[i], 1e-6);
        k++;
    }
    CHECK(k == f->p);
    for (size_t i = 0; i < fits->nrow; i++) {
        if (strcmp(fits->cols[0].str[i], set)) continue;
        CHECK(f->n == (size_t)fits->cols[1].num[i] && f->events == (size_t)fits->cols[2].num[i]);
        CHECK_NEAR(f->loglik0, fits->cols[3].num[i], 1e-9);
        CHECK_NEAR(f->loglik, fits->cols[4].num[i], 1e-9);
        CHECK_NEAR(f->lr, fits->cols[5].num[i], 1e-6);
        CHECK_NEAR(f->wald, fits->cols[6].num[i], 1e-6);
        CHECK_NEAR(f->score, fits->cols[7].num[i], 1e-6);
    }
    CHECK(f->converged && !f->infinite && !f->singular);
}

int main(void) {
    Table *coefs = load("tests/reference/cox_coef.tsv"), *fits = load("tests/reference/cox_fit.tsv");
    Table *lung = load("tests/data/lung.tsv");
    zref = load("tests/reference/cox_zph.tsv");
    size_t n = lung->nrow;
    double *ev = malloc(n * sizeof *ev), *x = malloc(3 * n * sizeof *x);
    const double *st = lung->cols[table_find(lung, "status")].num;
    for (size_t i = 0; i < n; i++) ev[i] = st[i] - 1;
    memcpy(x, lung->cols[table_find(lung, "age")].num, n * sizeof *x);
    memcpy(x + n, lung->cols[table_find(lung, "sex")].num, n * sizeof *x);
    memcpy(x + 2 * n, lung->cols[table_find(lung, "ph.ecog")].num, n * sizeof *x);
    const double *tm = lung->cols[table_find(lung, "time")].num;
    CoxFit f;
    CHECK(cox_fit(tm, ev, x, n, 3, TIES_EFRON, &f) == 0);
    check("lung_efron", &f, coefs, fits);
    check_zph("lung_efron", tm, ev, x, n, &f, TIES_EFRON);
    cox_free(&f);
    CHECK(cox_fit(tm, ev, x, n, 3, TIES_BRESLOW, &f) == 0);
    check("lung_breslow", &f, coefs, fits);
    check_zph("lung_breslow", tm, ev, x, n, &f, TIES_BRESLOW);
    cox_free(&f);
    /* TCGA-GBM through rgx's loaders and join */
    Table *cm = load_gbm_cohort();
    size_t m = cm->nrow;
    double *gx = malloc(2 * m * sizeof *gx);
    memcpy(gx, cm->cols[table_find(cm, "TP53")].num, m * sizeof *gx);
    memcpy(gx + m, cm->cols[table_find(cm, "CDR_age_at_initial_pathologic_diagnosis")].num, m * sizeof *gx);
    const double *gt = cm->cols[table_find(cm, "time")].num, *ge = cm->cols[table_find(cm, "event")].num;
    CHECK(cox_fit(gt, ge, gx, m, 2, TIES_EFRON, &f) == 0);
    check("gbm_efron", &f, coefs, fits);
    check_zph("gbm_efron", gt, ge, gx, m, &f, TIES_EFRON);
    cox_free(&f);
    CHECK(cox_fit(gt, ge, gx, m, 2, TIES_BRESLOW, &f) == 0);
    check("gbm_breslow", &f, coefs, fits);
    check_zph("gbm_breslow", gt, ge, gx, m, &f, TIES_BRESLOW);
    cox_free(&f);
    /* R's veteran: celltype as dummies against adeno (the first level) */
    {
        Table *vet = load("tests/data/veteran.tsv"), *vc = load("tests/reference/cox_coef_veteran.tsv");
        Table *vf = load("tests/reference/cox_fit_veteran.tsv");
        size_t nv = vet->nrow;
        double *vx = malloc(5 * nv * sizeof *vx);
        const char *lev[3] = {"large", "smallcell", "squamous"};
        long jc = table_find(vet, "celltype");
        for (size_t i = 0; i < nv; i++)
            for (int k = 0; k < 3; k++) vx[k * nv + i] = strcmp(vet->cols[jc].str[i], lev[k]) == 0;
        memcpy(vx + 3 * nv, vet->cols[table_find(vet, "karno")].num, nv * sizeof *vx);
        memcpy(vx + 4 * nv, vet->cols[table_find(vet, "trt")].num, nv * sizeof *vx);
        CHECK(cox_fit(vet->cols[table_find(vet, "time")].num, vet->cols[table_find(vet, "status")].num, vx, nv, 5,
                      TIES_EFRON, &f) == 0);
        check("veteran_efron", &f, vc, vf);
        cox_free(&f);
        free(vx);
        table_free(vet); table_free(vc); table_free(vf);
    }
    /* perfect separation: the coefficient runs off and is flagged */
    double t6[6] = {1, 2, 3, 4, 5, 6}, e6[6] = {1, 1, 1, 1, 1, 1}, x6[6] = {1, 1, 1, 0, 0, 0};
    CHECK(cox_fit(t6, e6, x6, 6, 1, TIES_EFRON, &f) == 0);
    CHECK(f.infinite || !f.converged);
    cox_free(&f);
    free(gx); free(ev); free(x);
    table_free(cm); table_free(lung); table_free(coefs); table_free(fits); table_free(zref);
    return TEST_END();
}
