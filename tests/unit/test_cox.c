/* test_cox.c — Cox models against R's coxph (tests/reference/cox.R):
 * coefficients, standard errors, log-likelihoods and the LR, Wald and score
 * tests, Efron and Breslow ties, on R's lung and TCGA-GBM; to 1e-6.  Then
 * (issue 14) aliased terms, near-collinear terms, strata, the robust
 * variance with and without clusters, cox.zph on those fits, and the km
 * hazard ratio (tests/reference/cox_more_*.tsv, cox_hr.tsv); the
 * factorisation of stats/ldl.h.  Then (issue 15) what cox's handler used
 * to compute itself: the Wald columns (z, p, the hazard ratio's limits;
 * tests/reference/survival_more.R, cox_wald.tsv, to 1e-6) and the rows,
 * infinite and constant terms a fit is given.  This binary does not switch GSL's
 * abort-on-error handler off itself: stats/ does (stats/stats.h, checked
 * by test_stats_init.c). */
#include "testdata.h"
#include "io/join.h"
#include "io/load_clinical.h"
#include "io/load_maf.h"
#include "stats/cox.h"
#include "stats/ldl.h"

static Table *zref;

/* cox.zph against R: per term and GLOBAL */
static void check_zph(const char *set, const double *tm, const double *ev, const double *x, size_t n, const CoxFit *f,
                      CoxTies ties) {
    double chi[8], df[8], p[8];
    CoxOpts o = {.ties = ties};
    CHECK(cox_zph(tm, ev, x, n, f->p, f->coef, &o, chi, df, p) == 0);
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
    size_t seen = 0;
    for (size_t i = 0; i < fits->nrow; i++) {
        if (strcmp(fits->cols[0].str[i], set)) continue;
        seen++;
        CHECK(f->n == (size_t)fits->cols[1].num[i] && f->events == (size_t)fits->cols[2].num[i]);
        CHECK_NEAR(f->loglik0, fits->cols[3].num[i], 1e-9);
        CHECK_NEAR(f->loglik, fits->cols[4].num[i], 1e-9);
        CHECK_NEAR(f->lr, fits->cols[5].num[i], 1e-6);
        CHECK_NEAR(f->wald, fits->cols[6].num[i], 1e-6);
        CHECK_NEAR(f->score, fits->cols[7].num[i], 1e-6);
    }
    if (seen != 1) printf("  set %s:\n", set);
    CHECK_COUNT(seen, 1);   /* the fit's reference row was there and checked */
    CHECK(f->converged && !f->infinite && !f->singular);
}


/* A model of the new reference sets: its design and options. */
typedef struct Model {
    const char *set;
    const double *time, *event;
    double *x;              /* p columns of n */
    size_t n, p;
    CoxOpts o;
} Model;

/* Fit m and check it against cox_more_coef/fit/zph: every coefficient (NA
 * = aliased), se and robust se to 1e-6 (tol), the fit's counts, df,
 * log-likelihoods and the four tests, and cox.zph on the terms estimated. */
static void check_more(const Model *m, const Table *coefs, const Table *fits, const Table *zphs, double tol) {
    CoxFit f;
    CHECK(cox_fit_opts(m->time, m->event, m->x, m->n, m->p, &m->o, &f) == 0);
    size_t k = 0, rows = 0;
    for (size_t i = 0; i < coefs->nrow; i++) {
        if (strcmp(coefs->cols[0].str[i], m->set)) continue;
        rows++;
        CHECK(k < m->p);
        if (k >= m->p) break;
        double want = coefs->cols[2].num[i];
        if (isnan(want)) {
            if (!f.aliased[k]) printf("FAIL %s: term %zu should be aliased\n", m->set, k);
            CHECK(f.aliased[k] && isnan(f.coef[k]) && isnan(f.se[k]));
        } else {
            CHECK(!f.aliased[k]);
            CHECK_NEAR(f.coef[k], want, tol);
            CHECK_NEAR(f.se[k], coefs->cols[3].num[i], tol);
            if (!isnan(coefs->cols[4].num[i])) {
                CHECK(f.rse != NULL);
                if (f.rse) CHECK_NEAR(f.rse[k], coefs->cols[4].num[i], tol);
            }
        }
        k++;
    }
    CHECK(rows == m->p);
    size_t seen = 0;
    for (size_t i = 0; i < fits->nrow; i++) {
        if (strcmp(fits->cols[0].str[i], m->set)) continue;
        seen++;
        CHECK(f.n == (size_t)fits->cols[1].num[i] && f.events == (size_t)fits->cols[2].num[i]);
        CHECK(f.df == (size_t)fits->cols[3].num[i]);
        CHECK_NEAR(f.loglik0, fits->cols[4].num[i], 1e-9);
        CHECK_NEAR(f.loglik, fits->cols[5].num[i], 1e-9);
        CHECK_NEAR(f.lr, fits->cols[6].num[i], tol);
        CHECK_NEAR(f.wald, fits->cols[7].num[i], tol);
        CHECK_NEAR(f.score, fits->cols[8].num[i], tol);
        if (!isnan(fits->cols[9].num[i])) CHECK_NEAR(f.rscore, fits->cols[9].num[i], tol);
        else CHECK(isnan(f.rscore));
    }
    if (seen != 1) printf("  set %s:\n", m->set);
    CHECK_COUNT(seen, 1);
    CHECK(f.converged && !f.infinite);
    CHECK(f.singular == (f.df < m->p));
    /* cox.zph on the estimated terms (cox_zph_fit drops the aliased ones, as cox.zph) */
    double chi[8], df[8], pv[8];
    CHECK(cox_zph_fit(m->time, m->event, m->x, m->n, &f, &m->o, chi, df, pv) == 0);
    size_t z = 0;
    for (size_t i = 0; i < zphs->nrow; i++) {
        if (strcmp(zphs->cols[0].str[i], m->set)) continue;
        CHECK(z <= f.df);
        if (z > f.df) break;
        CHECK_NEAR(chi[z], zphs->cols[2].num[i], tol);
        CHECK(df[z] == zphs->cols[3].num[i]);
        CHECK_NEAR(pv[z], zphs->cols[4].num[i], tol);
        z++;
    }
    CHECK(z == f.df + 1);
    cox_free(&f);
}

/* Levels of a text column as indices (order of appearance; NULL → COX_SKIP). */
static size_t *text_index(const Table *t, const char *col, size_t *nlev) {
    long j = table_find(t, col);
    size_t *idx = malloc(t->nrow * sizeof *idx);
    StrMap m = {0};
    size_t k = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *v = t->cols[j].str[i];
        size_t old;
        if (!v) idx[i] = COX_SKIP;
        else if (strmap_put(&m, v, k, &old) == 1) idx[i] = k++;
        else idx[i] = old;
    }
    strmap_free(&m);
    if (nlev) *nlev = k;
    return idx;
}

static size_t *num_index(const double *v, size_t n) {
    size_t *idx = malloc(n * sizeof *idx);
    for (size_t i = 0; i < n; i++) idx[i] = isnan(v[i]) ? COX_SKIP : (size_t)v[i];
    return idx;
}

/* stats/ldl.h: a rank-deficient matrix is factored as its independent
 * part, solved and inverted with 0 on the dependent row; a full-rank one
 * exactly. */
static void test_ldl(void) {
    /* A = [[4,2,6],[2,3,5],[6,5,11]]: column 3 = column 1 + column 2 */
    double A[9] = {4, 2, 6, 2, 3, 5, 6, 5, 11}, f[9], b[3] = {1, 2, 3}, inv[9], w[3];
    int dep[3];
    memcpy(f, A, sizeof f);
    CHECK(ldl_factor(f, 3, LDL_TOLER, dep) == 2);
    CHECK(!dep[0] && !dep[1] && dep[2]);
    ldl_solve(f, 3, b);
    /* the 2 × 2 system [[4,2],[2,3]] x = [1,2]: x = (-0.125, 0.75) */
    CHECK_NEAR(b[0], -0.125, 1e-15);
    CHECK_NEAR(b[1], 0.75, 1e-15);
    CHECK(b[2] == 0);
    ldl_inverse(f, 3, inv, w);
    CHECK_NEAR(inv[0], 3.0 / 8, 1e-15);
    CHECK_NEAR(inv[1], -2.0 / 8, 1e-15);
    CHECK_NEAR(inv[4], 4.0 / 8, 1e-15);
    CHECK(inv[2] == 0 && inv[5] == 0 && inv[8] == 0 && inv[6] == 0);
    /* full rank: the quadratic form bᵀA⁻¹b of [[2,1],[1,2]], b = (1, 1): 2/3 */
    double B[4] = {2, 1, 1, 2}, c[2] = {1, 1};
    size_t rank;
    CHECK_NEAR(ldl_quadform(B, c, 2, LDL_TOLER, &rank), 2.0 / 3, 1e-15);
    CHECK(rank == 2);
    /* nothing positive on the diagonal: rank 0, solution 0 */
    double Z[4] = {0, 0, 0, 0}, d[2] = {1, 1};
    CHECK(ldl_factor(Z, 2, LDL_TOLER, dep) == 0 && dep[0] && dep[1]);
    ldl_solve(Z, 2, d);
    CHECK(d[0] == 0 && d[1] == 0);
}

static void test_issue14(Table *lung, Table *cm) {
    Table *coefs = load("tests/reference/cox_more_coef.tsv"), *fits = load("tests/reference/cox_more_fit.tsv");
    Table *zphs = load("tests/reference/cox_more_zph.tsv"), *hrs = load("tests/reference/cox_hr.tsv");
    size_t n = lung->nrow;
    const double *tm = lung->cols[table_find(lung, "time")].num, *st = lung->cols[table_find(lung, "status")].num;
    const double *age = lung->cols[table_find(lung, "age")].num, *sex = lung->cols[table_find(lung, "sex")].num;
    const double *ecog = lung->cols[table_find(lung, "ph.ecog")].num;
    double *ev = malloc(n * sizeof *ev), *x = malloc(4 * n * sizeof *x);
    for (size_t i = 0; i < n; i++) ev[i] = st[i] - 1;
    size_t *ecog_idx = num_index(ecog, n);
    /* a duplicated column: aliased, as coxph */
    memcpy(x, age, n * sizeof *x); memcpy(x + n, sex, n * sizeof *x); memcpy(x + 2 * n, age, n * sizeof *x);
    Model m = {"lung_dup", tm, ev, x, n, 3, {.ties = TIES_EFRON}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    m.set = "lung_robust_dup";
    m.o.robust = 1;
    check_more(&m, coefs, fits, zphs, 1e-6);
    /* r = age - ph.ecog between ph.ecog and sex */
    memcpy(x + n, ecog, n * sizeof *x);
    for (size_t i = 0; i < n; i++) x[2 * n + i] = age[i] - ecog[i];
    memcpy(x + 3 * n, sex, n * sizeof *x);
    m = (Model){"lung_comb", tm, ev, x, n, 4, {.ties = TIES_EFRON}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    {   /* the combination is named: r = age - ph.ecog */
        CoxFit f;
        CHECK(cox_fit_opts(tm, ev, x, n, 4, &m.o, &f) == 0);
        CHECK(f.aliased[2] && f.df == 3);
        CHECK_NEAR(f.alias[2 * 5 + 0], 1, 1e-9);
        CHECK_NEAR(f.alias[2 * 5 + 1], -1, 1e-9);
        CHECK(f.alias[2 * 5 + 3] == 0);
        CHECK_NEAR(f.alias[2 * 5 + 4], 0, 1e-9);
        cox_free(&f);
    }
    /* strata(ph.ecog), Efron and Breslow; robust Breslow */
    memcpy(x, age, n * sizeof *x); memcpy(x + n, sex, n * sizeof *x);
    m = (Model){"lung_strata_efron", tm, ev, x, n, 2, {.ties = TIES_EFRON, .strata = ecog_idx}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    m.set = "lung_strata_breslow";
    m.o.ties = TIES_BRESLOW;
    check_more(&m, coefs, fits, zphs, 1e-6);
    m.set = "lung_strata_robust_breslow";
    m.o.robust = 1;
    check_more(&m, coefs, fits, zphs, 1e-6);
    /* robust, no strata */
    memcpy(x + 2 * n, ecog, n * sizeof *x);
    m = (Model){"lung_robust", tm, ev, x, n, 3, {.ties = TIES_EFRON, .robust = 1}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    /* TCGA-GBM: strata(gender); age and days from birth, near-collinear */
    size_t mg = cm->nrow;
    const double *gt = cm->cols[table_find(cm, "time")].num, *ge = cm->cols[table_find(cm, "event")].num;
    double *gx = malloc(2 * mg * sizeof *gx);
    memcpy(gx, cm->cols[table_find(cm, "TP53")].num, mg * sizeof *gx);
    memcpy(gx + mg, cm->cols[table_find(cm, "CDR_age_at_initial_pathologic_diagnosis")].num, mg * sizeof *gx);
    size_t *gender = text_index(cm, "CDR_gender", NULL);
    m = (Model){"gbm_strata", gt, ge, gx, mg, 2, {.ties = TIES_EFRON, .strata = gender}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    memcpy(gx, cm->cols[table_find(cm, "CDR_age_at_initial_pathologic_diagnosis")].num, mg * sizeof *gx);
    memcpy(gx + mg, cm->cols[table_find(cm, "CDR_birth_days_to")].num, mg * sizeof *gx);
    m = (Model){"gbm_birth", gt, ge, gx, mg, 2, {.ties = TIES_EFRON}};
    check_more(&m, coefs, fits, zphs, 1e-6);
    /* the km hazard ratio: TP53, alone and within gender */
    size_t *tp = num_index(cm->cols[table_find(cm, "TP53")].num, mg);
    double hr[3];
    for (int k = 0; k < 2; k++) {
        CHECK(cox_hazard_ratio(gt, ge, tp, k ? gender : NULL, mg, 0.95, hr) == COX_HR_OK);
        size_t seen = 0;
        for (size_t i = 0; i < hrs->nrow; i++)
            if (!strcmp(hrs->cols[0].str[i], k ? "gbm_tp53_by_gender" : "gbm_tp53")) {
                for (int q = 0; q < 3; q++) CHECK_NEAR(hr[q], hrs->cols[1 + q].num[i], 1e-6);
                seen++;
            }
        CHECK_COUNT(seen, 1);
    }
    {   /* lung: sex within ph.ecog */
        size_t *sx = malloc(n * sizeof *sx);
        for (size_t i = 0; i < n; i++) sx[i] = (size_t)sex[i] - 1;
        CHECK(cox_hazard_ratio(tm, ev, sx, ecog_idx, n, 0.95, hr) == COX_HR_OK);
        size_t seen = 0;
        for (size_t i = 0; i < hrs->nrow; i++)
            if (!strcmp(hrs->cols[0].str[i], "lung_sex_by_ecog")) {
                for (int q = 0; q < 3; q++) CHECK_NEAR(hr[q], hrs->cols[1 + q].num[i], 1e-6);
                seen++;
            }
        CHECK_COUNT(seen, 1);
        /* every stratum one group only: not estimable, no abort */
        size_t *one = malloc(n * sizeof *one);
        for (size_t i = 0; i < n; i++) one[i] = sx[i];
        CHECK(cox_hazard_ratio(tm, ev, sx, one, n, 0.95, hr) == COX_HR_NOT_ESTIMABLE && isnan(hr[0]));
        free(one);
        free(sx);
    }
    /* expression: diff = CCK - RPS4Y2 of real non-integer values */
    {
        Table *ex = load("tests/data/geneexp_1500x100.tsv"), *sv = load("tests/data/geneexp_1500x100_survival.tsv");
        long jg = table_find(ex, "gene");
        size_t rc = 0, rr = 0, ns = sv->nrow, found = 0;
        for (size_t i = 0; i < ex->nrow; i++) {
            if (!strcmp(ex->cols[jg].str[i], "CCK")) { rc = i; found++; }
            if (!strcmp(ex->cols[jg].str[i], "RPS4Y2")) { rr = i; found++; }
        }
        CHECK_COUNT(found, 2);   /* both genes, once each (else row 0 stood in) */
        double *xx = malloc(3 * ns * sizeof *xx);
        long jp = table_find(sv, "patient");
        for (size_t i = 0; i < ns; i++) {
            long jc = table_find(ex, sv->cols[jp].str[i]);
            CHECK(jc >= 0);
            xx[i] = ex->cols[jc].num[rc];
            xx[ns + i] = ex->cols[jc].num[rr];
            xx[2 * ns + i] = xx[i] - xx[ns + i];
        }
        m = (Model){"gbm_expr_diff", sv->cols[table_find(sv, "OS_days")].num, sv->cols[table_find(sv, "OS_event")].num,
                    xx, ns, 3, {.ties = TIES_EFRON}};
        check_more(&m, coefs, fits, zphs, 1e-6);
        free(xx);
        table_free(ex);
        table_free(sv);
    }
    /* clusters: the raw CDR rows, 10 patients on two rows */
    {
        Table *raw = load("tests/data/mc3_gbm_clinical_cdr.tsv");
        size_t nr = raw->nrow, ncl;
        CHECK(nr == 400);
        size_t *cl = text_index(raw, "Tumor_Sample_Barcode_min", &ncl);
        double *rx = malloc(2 * nr * sizeof *rx);
        long jgd = table_find(raw, "CDR_gender");
        memcpy(rx, raw->cols[table_find(raw, "CDR_age_at_initial_pathologic_diagnosis")].num, nr * sizeof *rx);
        for (size_t i = 0; i < nr; i++) rx[nr + i] = raw->cols[jgd].str[i] ? !strcmp(raw->cols[jgd].str[i], "FEMALE") : NAN;
        m = (Model){"cdr_cluster", raw->cols[table_find(raw, "CDR_OS.time")].num, raw->cols[table_find(raw, "CDR_OS")].num,
                    rx, nr, 2, {.ties = TIES_EFRON, .robust = 1, .cluster = cl, .ncluster = ncl}};
        check_more(&m, coefs, fits, zphs, 1e-6);
        free(rx);
        free(cl);
        table_free(raw);
    }
    /* an infinite covariate is refused, not a NaN likelihood */
    {
        double t4[4] = {1, 2, 3, 4}, e4[4] = {1, 0, 1, 1}, x4[4] = {0, INFINITY, 1, 2};
        CoxFit f;
        CHECK(cox_fit(t4, e4, x4, 4, 1, TIES_EFRON, &f) == -2);
        cox_free(&f);
    }
    /* a covariate of 1e300 against 0 separating the events: scaled as coxph,
       a finite likelihood (it was NaN, "likelihood ratio -nan") and the
       monotone-likelihood flag */
    {
        double t6[6] = {1, 2, 3, 4, 5, 6}, e6[6] = {1, 1, 1, 1, 1, 1}, x6[6] = {1e300, 1e300, 1e300, 0, 0, 0};
        CoxFit f;
        CHECK(cox_fit(t6, e6, x6, 6, 1, TIES_EFRON, &f) == 0);
        CHECK(isfinite(f.loglik) && isfinite(f.lr) && f.infinite);
        CHECK_NEAR(f.lr, 5.9914645471079799, 1e-6);   /* as with x = 1/0, R: 5.99 */
        cox_free(&f);
    }
    free(gender); free(tp); free(gx); free(ev); free(x); free(ecog_idx);
    table_free(coefs); table_free(fits); table_free(zphs); table_free(hrs);
}

/* cox_wald_terms against summary(coxph) and exp(confint(fit)) (cox_wald.tsv):
 * plain, robust (on the robust se) and with an aliased term (NaN). */
static void test_wald(const Table *lung) {
    Table *ref = load("tests/reference/cox_wald.tsv");
    size_t n = lung->nrow, seen = 0;
    const double *tm = lung->cols[table_find(lung, "time")].num, *st = lung->cols[table_find(lung, "status")].num;
    double *ev = malloc(n * sizeof *ev), *x = malloc(3 * n * sizeof *x);
    for (size_t i = 0; i < n; i++) ev[i] = st[i] - 1;
    static const char *const sets[3] = {"lung_efron", "lung_robust", "lung_dup"};
    for (int k = 0; k < 3; k++) {
        memcpy(x, lung->cols[table_find(lung, "age")].num, n * sizeof *x);
        memcpy(x + n, lung->cols[table_find(lung, "sex")].num, n * sizeof *x);
        memcpy(x + 2 * n, lung->cols[table_find(lung, k == 2 ? "age" : "ph.ecog")].num, n * sizeof *x);
        CoxOpts o = {.ties = TIES_EFRON, .robust = k == 1};
        CoxFit f;
        CHECK(cox_fit_opts(tm, ev, x, n, 3, &o, &f) == 0);
        double hr[3], z[3], p[3], lo[3], hi[3];
        cox_wald_terms(&f, 0.95, hr, z, p, lo, hi);
        size_t j = 0;
        for (size_t i = 0; i < ref->nrow; i++) {
            if (strcmp(ref->cols[0].str[i], sets[k])) continue;
            CHECK(j < 3);
            if (j >= 3) break;
            CHECK(isnan(f.coef[j]) ? isnan(hr[j]) : hr[j] == exp(f.coef[j]));
            CHECK_NEAR(z[j], ref->cols[2].num[i], 1e-6);
            CHECK_NEAR(p[j], ref->cols[3].num[i], 1e-6);
            CHECK_NEAR(lo[j], ref->cols[4].num[i], 1e-6);
            CHECK_NEAR(hi[j], ref->cols[5].num[i], 1e-6);
            j++;
            seen++;
        }
        CHECK_COUNT(j, 3);
        cox_free(&f);
    }
    CHECK_COUNT(seen, 9);
    free(ev);
    free(x);
    table_free(ref);
}

/* cox_rows, cox_first_infinite and cox_term_constant on hand-made rows. */
static void test_rows(void) {
    double t[5] = {1, 2, NAN, 4, 5}, e[5] = {1, 0, 1, NAN, 1};
    /* term 0: 7 on the rows used, 9 on a row not used; term 1: varies, -Inf on row 4 */
    double x[10] = {7, 7, 9, 7, 7, 1, 2, 3, 4, -INFINITY};
    size_t strata[5] = {0, 0, 0, 0, COX_SKIP}, cl[5] = {0, 1, 2, 3, 4};
    unsigned char use[5];
    CHECK(cox_rows(t, e, x, 5, 2, NULL, NULL, use) == 3);
    CHECK(use[0] && use[1] && !use[2] && !use[3] && use[4]);
    size_t term = 9, row = 9;
    CHECK(cox_first_infinite(x, 5, 2, use, &term, &row) == 1 && term == 1 && row == 4);
    CHECK(cox_term_constant(x, 5, 0, use) == 1 && cox_term_constant(x, 5, 1, use) == 0);
    /* a stratum COX_SKIP leaves row 4 out: nothing infinite, term 1 still varies */
    CHECK(cox_rows(t, e, x, 5, 2, strata, cl, use) == 2 && !use[4]);
    CHECK(cox_first_infinite(x, 5, 2, use, &term, &row) == 0);
    CHECK(cox_term_constant(x, 5, 1, use) == 0);
    /* no row used: constant (nothing to estimate) */
    memset(use, 0, sizeof use);
    CHECK(cox_term_constant(x, 5, 1, use) == 1);
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
    test_ldl();
    test_issue14(lung, cm);
    test_wald(lung);
    test_rows();
    free(gx); free(ev); free(x);
    table_free(cm); table_free(lung); table_free(coefs); table_free(fits); table_free(zref);
    return TEST_END();
}
