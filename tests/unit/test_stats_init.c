/* test_stats_init.c — stats/ is safe without main(): this binary leaves
 * GSL's default error handler (abort) in place and calls the stats/ entry
 * points that use GSL with degenerate input — constant vectors, singular
 * and collinear matrices, empty groups, no data, values near 1e200 (whose
 * Welch degrees of freedom are NaN: gsl_cdf_tdist_Q aborted there) — and
 * each must return NaN or its error code, not abort.  Then: the handler
 * is off after the first call (stats_init), and a handler the program set
 * before is kept. */
#include <gsl/gsl_errno.h>
#include <sys/wait.h>
#include <unistd.h>
#include "check.h"
#include "stats/ccc.h"
#include "stats/consensus.h"
#include "stats/contingency.h"
#include "stats/corr.h"
#include "stats/cox.h"
#include "stats/cutpoint.h"
#include "stats/groups.h"
#include "stats/icc.h"
#include "stats/partition.h"
#include "stats/pca.h"
#include "stats/roc.h"
#include "stats/simulate.h"
#include "stats/stats.h"
#include "stats/survival.h"

static int custom_calls;
static void custom_handler(const char *reason, const char *file, int line, int err) {
    (void)reason; (void)file; (void)line; (void)err;
    custom_calls++;
}

/* In a child (a fresh stats_init): a handler set before the first stats/
 * call is kept, and it is the one GSL then calls. */
static int custom_kept(void) {
    pid_t pid = fork();
    if (pid == 0) {
        gsl_set_error_handler(custom_handler);
        size_t g[6] = {0, 0, 0, 1, 1, 1};
        double x[6] = {1e200, -1e200, 3e200, 2e200, -2e200, 5e199};
        GroupTest t = test_welch(x, g, 6);
        int ok = gsl_set_error_handler(NULL) == custom_handler && custom_calls > 0 && isnan(t.p);
        _exit(ok ? 0 : 1);
    }
    int status;
    return waitpid(pid, &status, 0) == pid && WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

int main(void) {
    CHECK(custom_kept());
    /* the default handler (NULL) is what this process has */
    CHECK(gsl_set_error_handler(NULL) == NULL);

    /* Welch on values near 1e200: the variances overflow, df is NaN */
    double big[6] = {1e200, -1e200, 3e200, 2e200, -2e200, 5e199};
    size_t g2[6] = {0, 0, 0, 1, 1, 1};
    GroupTest t = test_welch(big, g2, 6);
    CHECK(isnan(t.p));
    /* after the first call GSL's errors return */
    gsl_error_handler_t *now = gsl_set_error_handler_off();
    CHECK(now != NULL);
    gsl_set_error_handler(now);

    /* constant (all-equal) vectors and empty groups */
    double k6[6] = {2, 2, 2, 2, 2, 2}, x6[6] = {1, 2, 3, 4, 5, 6};
    size_t g1[6] = {0, 0, 0, 0, 0, 0};
    t = test_student(k6, g2, 6);
    CHECK(isnan(t.p));
    t = test_mwu(k6, g2, 6);
    CHECK(t.n == 6);
    t = test_kruskal(k6, g2, 6, 2);
    CHECK(isnan(t.p));
    t = test_kruskal(x6, g1, 6, 3);
    CHECK(isnan(t.p));
    t = test_anova(k6, g2, 6, 2);
    CHECK(isnan(t.p));
    t = test_anova(big, g2, 6, 2);
    CHECK(!(t.p < 0));
    for (int m = 0; m < 3; m++) {
        CorResult c = cor_pair(x6, k6, 6, (CorMethod)m, COR_EXACT_AUTO);
        CHECK(isnan(c.r) && isnan(c.p));
        c = cor_pair(x6, x6, 0, (CorMethod)m, COR_EXACT_AUTO);
        CHECK(isnan(c.p));
    }
    CHECK(isnan(cor_p_df(0.5, NAN)) && isnan(cor_p_df(0.5, -1)) && isnan(cor_p_t(NAN, 10)));
    {   /* a singular design: z twice the same column, and z = x */
        double z2[12];
        memcpy(z2, x6, sizeof x6);
        memcpy(z2 + 6, x6, sizeof x6);
        CorResult c = cor_partial(x6, big, z2, 6, 2, COR_PEARSON);
        CHECK(c.n == 6 || isnan(c.r));
        c = cor_partial(x6, k6, x6, 6, 1, COR_SPEARMAN);
        CHECK(isnan(c.r) || fabs(c.r) <= 1);
        c = cor_partial(x6, x6, z2, 3, 2, COR_PEARSON);   /* fewer patients than terms */
        CHECK(isnan(c.r));
    }
    {   /* blocks: no column, no patient, two patients */
        const double *X[1] = {x6}, *K[1] = {k6};
        double r, p;
        CHECK(cor_block(X, 0, K, 1, 6, COR_PEARSON, COR_EXACT_NO, 1, NULL, &r, &p, NULL, NULL, NULL, NULL) == 0);
        CHECK(cor_block(X, 1, K, 1, 0, COR_SPEARMAN, COR_EXACT_NO, 1, NULL, &r, &p, NULL, NULL, NULL, NULL) == 0 && isnan(r));
        CHECK(cor_block(X, 1, K, 1, 6, COR_KENDALL, COR_EXACT_AUTO, 2, NULL, &r, &p, NULL, NULL, NULL, NULL) == 0 && isnan(p));
    }
    /* ICC, CCC: constant ratings, one subject; F quantiles outside the domain */
    {
        IccResult r;
        double m[8] = {3, 3, 3, 3, 3, 3, 3, 3};
        CHECK(icc_matrix(m, 4, 2, 0.05, ICC_ANOVA, &r) == 0 && isnan(r.row[ICC_1].icc));
        CHECK(icc_matrix(m, 4, 2, 0.05, ICC_REML, &r) == 0);
        CHECK(icc_matrix(m, 1, 2, 0.05, ICC_ANOVA, &r) == 0);
        CHECK(isnan(f_quantile_upper(0.5, NAN, 3)) && isnan(f_quantile_upper(0.5, 0, 0)));
        CccResult c;
        CHECK(ccc_compute(k6, k6, 6, 0.95, &c) == 0 && isnan(c.ccc));
        CHECK(ccc_compute(x6, k6, 0, 0.95, &c) == 0 || isnan(c.ccc));
    }
    /* contingency: an empty table, one row */
    {
        double z4[4] = {0, 0, 0, 0}, e, lo, hi;
        CHECK(isnan(ct_chisq(z4, 2, 2).p) && isnan(ct_fisher(z4, 2, 2, 0, 1).p) && isnan(ct_fisher(z4, 2, 2, 100, 1).p));
        ct_or_mle(0, 0, 0, 0, 0.95, &e, &lo, &hi);
        CHECK(isnan(e));
    }
    /* ROC: a constant predictor */
    {
        int y[6] = {0, 0, 0, 1, 1, 1};
        RocFit r;
        CHECK(roc_fit(k6, y, 6, 0, &r) == 0 && r.auc == 0.5);
        double lo, hi, p;
        roc_ci_delong(&r, 0.95, &lo, &hi);
        CHECK(isnan(roc_test_unpaired(&r, &r, &p)) && isnan(p));
        CHECK(isnan(roc_test_paired(&r, &r, &p)));
        CHECK(roc_ci_boot(k6, y, 6, 1, 50, 1, 0.95, 1, NULL, &lo, &hi) == 0);
        roc_test_boot(k6, k6, y, 6, 1, 1, 50, 1, NULL, &p);
        roc_free(&r);
    }
    /* PCA: a constant column unscaled, two equal columns, both routes */
    {
        const double *cols[3] = {x6, k6, x6};
        for (int meth = PCA_SVD; meth <= PCA_EIGEN; meth++) {
            PcaOpts o = {.center = 1, .scale = 0, .method = (PcaMethod)meth};
            PcaResult r;
            CHECK(pca_fit(cols, 6, 3, &o, &r) == 0 && r.ncomp == 1);
            pca_free(&r);
        }
    }
    /* Cox: collinear covariates (a singular information matrix), no events,
       a constant covariate; cox.zph on them; the km hazard ratio */
    {
        double tm[6] = {1, 2, 3, 4, 5, 6}, ev[6] = {1, 0, 1, 1, 0, 1}, none[6] = {0};
        double xx[12];
        memcpy(xx, x6, sizeof x6);
        for (int i = 0; i < 6; i++) xx[6 + i] = 2 * x6[i];
        CoxFit f;
        CHECK(cox_fit(tm, ev, xx, 6, 2, TIES_EFRON, &f) == 0 && f.singular && f.aliased[1]);
        cox_free(&f);
        cox_fit(tm, none, x6, 6, 1, TIES_BRESLOW, &f);
        cox_free(&f);
        cox_fit(tm, ev, k6, 6, 1, TIES_EFRON, &f);
        cox_free(&f);
        double chi[2], df[2], p[2], beta[1] = {0};
        cox_zph(tm, none, x6, 6, 1, beta, NULL, chi, df, p);
        size_t grp[6] = {0, 0, 0, 0, 0, 0};
        double hr[3];
        CHECK(cox_hazard_ratio(tm, ev, grp, NULL, 6, 0.95, hr) != COX_HR_OK);
        /* Kaplan–Meier and log-rank with no events; cutpoint on a constant */
        KmCurve km;
        CHECK(km_fit(tm, none, grp, 0, 6, CONF_LOGLOG, 0.95, &km) == 0);
        km_free(&km);
        double dfl, pl;
        CHECK(isnan(logrank(tm, none, g2, 6, 2, 0, NULL, NULL, &dfl, &pl)));
        CHECK(isnan(logrank_strata(tm, ev, g2, g2, 2, 6, 2, 0, NULL, NULL, &dfl, &pl)));
        Cutpoint c;
        CHECK(cutpoint_logrank(tm, ev, k6, 6, 0.1, 0.9, &c) < 0);
        CHECK(isnan(p_lausen92(NAN, 0.1, 0.9)) || p_lausen92(NAN, 0.1, 0.9) >= 0);
    }
    /* consensus on identical patients; k-means on a zero Gram matrix with
       k = n; an empty simulated cohort */
    {
        double same[24];
        for (int i = 0; i < 24; i++) same[i] = 1;
        ConsensusOpts o = {2, 3, 20, 0.8, 1, DIST_PEARSON, LINK_AVERAGE, LINK_AVERAGE, 1, 1, NULL, NULL, NULL, CONS_HC, 1};
        ConsensusFit f;
        if (consensus_run(same, 6, 4, &o, 0.1, 0.9, &f) == 0) consensus_free(&f);
        PartWork w;
        CHECK(partwork_init(&w, 6, 6) == 0);
        gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
        double gram[36] = {0};
        int lab[6];
        kmeans_gram(gram, 6, 6, 3, rng, &w, lab);
        gsl_rng_free(rng);
        partwork_free(&w);
        SimCohort sc;
        if (sim_cohort(0, 0, 0, 0.5, 1, &sc) == 0) sim_cohort_free(&sc);
    }
    printf("no abort with GSL's default handler left in place\n");
    return TEST_END();
}
