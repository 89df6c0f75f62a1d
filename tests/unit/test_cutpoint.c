/* test_cutpoint.c — the maximally selected log-rank statistic against R's
 * maxstat (tests/reference/cutpoint.R): cutpoint exact, statistic and the
 * Lausen–Schumacher p to 1e-9; lung's own 1/2 status read as R's Surv
 * (stats/survival.h surv_event_code) gives maxstat's values.  The
 * permutation p (cutpoint_perm_p) against its definition and against
 * maxstat's condMC (tests/reference/cutpoint_perm.R). */
#include "testdata.h"
#include "stats/cutpoint.h"
#include "stats/survival.h"

/* The maximal statistic of (t, e, x) on n rows, NaN when there is none. */
static double max_stat(const double *t, const double *e, const double *x, size_t n, double minprop) {
    Cutpoint c;
    return cutpoint_logrank(t, e, x, n, minprop, 1 - minprop, &c) == 0 ? c.stat : NAN;
}

/* The permutation p against its definition: on n = 7 subjects, the exact
 * permutation p (the share of all 5,040 orderings of x whose maximal
 * statistic reaches the observed one) and the Monte-Carlo p of 20,000
 * permutations agree within 4 standard errors; rows with a missing time,
 * event or x are not permuted (the same p, bit for bit, as on the
 * complete rows alone); same seed, same p; Ctrl-C gives NaN. */
static void check_perm_definition(void) {
    double t[7] = {5, 8, 12, 3, 20, 15, 9}, e[7] = {1, 0, 1, 1, 0, 1, 1}, x[7] = {2.1, 0.4, 1.7, 3.3, 0.2, 1.1, 2.8};
    double obs = max_stat(t, e, x, 7, 0.1);
    CHECK(!isnan(obs));
    int idx[7] = {0, 1, 2, 3, 4, 5, 6};
    size_t hits = 0, all = 0;
    for (;;) {   /* every permutation, in lexicographic order */
        double px[7];
        for (int i = 0; i < 7; i++) px[i] = x[idx[i]];
        double m = max_stat(t, e, px, 7, 0.1);
        hits += !isnan(m) && m >= obs * (1 - 1e-12);
        all++;
        int i = 5;
        while (i >= 0 && idx[i] > idx[i + 1]) i--;
        if (i < 0) break;
        int j = 6;
        while (idx[j] < idx[i]) j--;
        int tmp = idx[i]; idx[i] = idx[j]; idx[j] = tmp;
        for (int a = i + 1, b = 6; a < b; a++, b--) { tmp = idx[a]; idx[a] = idx[b]; idx[b] = tmp; }
    }
    CHECK_COUNT(all, 5040);
    double exact = (double)hits / 5040, B = 20000;
    double mc = cutpoint_perm_p(t, e, x, 7, 0.1, obs, (size_t)B, 11, NULL);
    CHECK(exact > 0.05 && exact < 0.95);   /* a p the check can tell apart */
    CHECK(fabs(mc - exact) <= 4 * sqrt(exact * (1 - exact) / B) + 1 / B);
    CHECK(mc == cutpoint_perm_p(t, e, x, 7, 0.1, obs, (size_t)B, 11, NULL));
    /* rows with a missing time, event or x among them: not permuted */
    double t2[10] = {5, NAN, 8, 12, 3, 7, 20, 15, 4, 9}, e2[10] = {1, 1, 0, 1, 1, NAN, 0, 1, 0, 1};
    double x2[10] = {2.1, 0.9, 0.4, 1.7, 3.3, 5.0, 0.2, 1.1, NAN, 2.8};
    CHECK(max_stat(t2, e2, x2, 10, 0.1) == obs);
    CHECK(cutpoint_perm_p(t2, e2, x2, 10, 0.1, obs, 2000, 5, NULL) == cutpoint_perm_p(t, e, x, 7, 0.1, obs, 2000, 5, NULL));
    volatile sig_atomic_t stop = 1;
    CHECK(isnan(cutpoint_perm_p(t, e, x, 7, 0.1, obs, 100, 1, &stop)));
}

/* Against R's maxstat.test(pmethod = "condMC", B = 100000)
 * (tests/reference/cutpoint_perm.R): the statistic to 1e-9, the
 * permutation p of 10,000 permutations within 4 standard errors of the
 * two Monte-Carlo estimates (plus 2/B for the (1 + hits)/(B + 1) form). */
static void check_perm_r(const Table *lung, const double *lev, const double *gt, const double *ge, const double *gv,
                         size_t ng) {
    Table *ref = load("tests/reference/cutpoint_perm.tsv");
    CHECK_COUNT(ref->nrow, 4);
    size_t nl = lung->nrow;
    const double *lt = lung->cols[table_find(lung, "time")].num;
    double *tna = malloc(nl * sizeof *tna), *ana = malloc(nl * sizeof *ana);
    memcpy(tna, lt, nl * sizeof *tna);
    memcpy(ana, lung->cols[table_find(lung, "age")].num, nl * sizeof *ana);
    for (size_t i = 4; i < nl; i += 7) ana[i] = NAN;   /* R's seq(5, 228, by = 7) */
    for (size_t i = 2; i < nl; i += 13) tna[i] = NAN;  /* seq(3, 228, by = 13) */
    for (size_t i = 0; i < ref->nrow; i++) {
        const char *set = ref->cols[0].str[i], *var = ref->cols[1].str[i];
        double minprop = ref->cols[2].num[i], Br = ref->cols[6].num[i], B = 10000;
        const double *t = gt, *e = ge, *x = gv;
        size_t n = ng;
        if (!strcmp(set, "lung")) { t = lt; e = lev; x = lung->cols[table_find(lung, var)].num; n = nl; }
        if (!strcmp(set, "lung_na")) { t = tna; e = lev; x = ana; n = nl; }
        Cutpoint c;
        CHECK(cutpoint_logrank(t, e, x, n, minprop, 1 - minprop, &c) == 0);
        CHECK_COUNT(c.n, ref->cols[3].num[i]);
        CHECK_NEAR(c.stat, ref->cols[4].num[i], 1e-9);
        double p = cutpoint_perm_p(t, e, x, n, minprop, c.stat, (size_t)B, 1, NULL), pr = ref->cols[5].num[i];
        double se = sqrt(fmax(pr * (1 - pr), 1e-4) * (1 / B + 1 / Br));
        if (!(fabs(p - pr) <= 4 * se + 2 / B)) printf("FAIL %s %s: permutation p %.6g, R %.6g\n", set, var, p, pr);
        CHECK(fabs(p - pr) <= 4 * se + 2 / B);
    }
    free(tna);
    free(ana);
    table_free(ref);
}

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
    check_perm_definition();
    check_perm_r(lung, lev, gt, ge, gv, ng);
    free(lev); free(lst); free(keep); free(gt); free(ge); free(ga); free(gv);
    table_free(ref); table_free(lung); table_free(cdr);
    return TEST_END();
}
