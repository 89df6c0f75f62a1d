/* test_cutpoint.c — the maximally selected log-rank statistic against R's
 * maxstat (tests/reference/cutpoint.R): cutpoint exact, statistic and the
 * Lausen–Schumacher p to 1e-9; lung's own 1/2 status read as R's Surv
 * (stats/survival.h surv_event_code) gives maxstat's values. */
#include "testdata.h"
#include "stats/cutpoint.h"
#include "stats/survival.h"

int main(void) {
    Table *ref = load("tests/reference/cutpoint_expected.tsv"), *lung = load("tests/data/lung.tsv");
    Table *cdr = load("tests/data/mc3_gbm_clinical_cdr.tsv");
    /* lung: event = status − 1; gbm: first row per patient */
    size_t nl = lung->nrow;
    double *lev = malloc(nl * sizeof *lev);
    for (size_t i = 0; i < nl; i++) lev[i] = lung->cols[table_find(lung, "status")].num[i] - 1;
    /* lung_status: the raw status, coded as Surv codes it */
    double *lst = malloc(nl * sizeof *lst), vals[8];
    size_t nv;
    CHECK(surv_event_code(lung->cols[table_find(lung, "status")].num, nl, 0, lst, vals, &nv) == SURV_CODE_12);
    size_t ng = 0, *keep = malloc(cdr->nrow * sizeof *keep);
    StrMap seen = {0};
    long jid = table_find(cdr, "Tumor_Sample_Barcode_min");
    for (size_t i = 0; i < cdr->nrow; i++)
        if (strmap_put(&seen, cdr->cols[jid].str[i], i, NULL) == 1) keep[ng++] = i;
    strmap_free(&seen);
    double *gt = malloc(ng * sizeof *gt), *ge = malloc(ng * sizeof *ge), *ga = malloc(ng * sizeof *ga), *gv = malloc(ng * sizeof *gv);
    for (size_t k = 0; k < ng; k++) {
        size_t i = keep[k];
        gt[k] = cdr->cols[table_find(cdr, "CDR_OS.time")].num[i];
        ge[k] = cdr->cols[table_find(cdr, "CDR_OS")].num[i];
        ga[k] = cdr->cols[table_find(cdr, "CDR_age_at_initial_pathologic_diagnosis")].num[i];
        gv[k] = cdr->cols[table_find(cdr, "n_vars_all")].num[i];
    }
    CHECK(ng == 390);
    CHECK_COUNT(ref->nrow, 7);
    for (size_t i = 0; i < ref->nrow; i++) {
        const char *set = ref->cols[0].str[i], *var = ref->cols[1].str[i];
        double minprop = ref->cols[2].num[i];
        Cutpoint c;
        int rc;
        if (!strcmp(set, "lung") || !strcmp(set, "lung_status"))
            rc = cutpoint_logrank(lung->cols[table_find(lung, "time")].num, !strcmp(set, "lung") ? lev : lst,
                                  lung->cols[table_find(lung, var)].num, nl, minprop, 1 - minprop, &c);
        else
            rc = cutpoint_logrank(gt, ge, !strcmp(var, "age") ? ga : gv, ng, minprop, 1 - minprop, &c);
        CHECK(rc == 0);
        CHECK(c.cut == ref->cols[3].num[i]);
        CHECK_NEAR(c.stat, ref->cols[4].num[i], 1e-9);
        CHECK_NEAR(c.p, ref->cols[5].num[i], 1e-9);
    }
    /* one distinct value: no cutpoint */
    double t[4] = {1, 2, 3, 4}, e[4] = {1, 1, 0, 1}, x[4] = {5, 5, 5, 5};
    Cutpoint c;
    CHECK(cutpoint_logrank(t, e, x, 4, 0.1, 0.9, &c) == -2);
    free(lev); free(lst); free(keep); free(gt); free(ge); free(ga); free(gv);
    table_free(ref); table_free(lung); table_free(cdr);
    return TEST_END();
}
