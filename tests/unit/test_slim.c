/* test_slim.c — the statistics that issue 15's phase 2 moved out of the
 * handlers in repl/ (icc, pca, reduce, enrich, harmonize), each checked
 * against its definition on small hand-checkable data. */
#include <math.h>
#include "stats/batcheffect.h"
#include "stats/enrich.h"
#include "stats/groups.h"
#include "stats/icc.h"
#include "stats/pca.h"
#include "stats/redundancy.h"
#include "tests/unit/check.h"

/* Koo & Li's bands: a band's lower limit belongs to it; NaN has none. */
static void test_icc_band(void) {
    CHECK(icc_band(0.95) == ICC_EXCELLENT && icc_band(0.9) == ICC_EXCELLENT);
    CHECK(icc_band(0.8999) == ICC_GOOD && icc_band(0.75) == ICC_GOOD);
    CHECK(icc_band(0.7) == ICC_MODERATE && icc_band(0.5) == ICC_MODERATE);
    CHECK(icc_band(0.49) == ICC_POOR && icc_band(-0.3) == ICC_POOR);
    CHECK(icc_band(NAN) == ICC_NO_BAND);
}

/* The cumulative proportion is the running sum; the top loadings are by
 * |loading|, largest first, the first of equal ones first, never twice. */
static void test_pca_summaries(void) {
    double prop[3] = {0.5, 0.3, 0.2}, cum[3];
    double rot[8] = {0.1, -0.7, 0.7, 0.2,     /* PC1 over 4 variables */
                     0.5, 0.5, -0.5, 0.5};   /* PC2: all equal in size */
    PcaResult r = {.n = 5, .p = 4, .nsdev = 3, .ncomp = 2, .prop = prop, .rotation = rot};
    pca_cumulative(&r, cum);
    CHECK_NEAR(cum[0], 0.5, 1e-15);
    CHECK_NEAR(cum[1], 0.8, 1e-15);
    CHECK_NEAR(cum[2], 1.0, 1e-15);
    size_t idx[4];
    CHECK(pca_top_loadings(&r, 0, 3, idx) == 3 && idx[0] == 1 && idx[1] == 2 && idx[2] == 3);
    CHECK(pca_top_loadings(&r, 1, 3, idx) == 3 && idx[0] == 0 && idx[1] == 1 && idx[2] == 2);
    CHECK(pca_top_loadings(&r, 0, 9, idx) == 4 && idx[3] == 0);   /* at most p */
}

/* A kept feature's group: the dropped ones it represents, in index order. */
static void test_redundancy_members(void) {
    /* 0 and 2 correlated 0.95, 0 and 3 0.92, 1 alone: 0 keeps 2 and 3 */
    double r[16] = {1, 0.1, 0.95, 0.92,  0.1, 1, 0.2, 0.1,  0.95, 0.2, 1, 0.5,  0.92, 0.1, 0.5, 1};
    double prio[4] = {4, 3, 2, 1};
    Redundancy red;
    CHECK(redundancy_select(r, 4, prio, 0.9, &red) == 0);
    size_t idx[4] = {9, 9, 9, 9};
    CHECK(redundancy_members(&red, 0, idx, 4) == 2 && idx[0] == 2 && idx[1] == 3);
    CHECK(redundancy_members(&red, 0, idx, 1) == 2 && idx[0] == 2 && idx[1] == 3);   /* counts past max */
    CHECK(redundancy_members(&red, 1, idx, 4) == 0);
    CHECK(redundancy_members(&red, 2, idx, 4) == 0);   /* dropped: no group */
    CHECK(redundancy_members(&red, 7, NULL, 0) == 0);
    redundancy_free(&red);
}

/* ORA per set, by its definition: universe of 10, query {0, 1, 2}; set A
 * = {0, 1, 5, 6} holds 2 of the query: P(X >= 2) = (C(4,2) C(6,1) +
 * C(4,3)) / C(10,3) = 40/120; set B = {7, 8} none: p = 1; BH over the two:
 * 2/3 and 1. */
static void test_ora_sets(void) {
    size_t start[3] = {0, 4, 6}, idx[6] = {0, 1, 5, 6, 7, 8};
    GsSets S = {2, start, idx};
    unsigned char inq[10] = {1, 1, 1, 0, 0, 0, 0, 0, 0, 0};
    OraRow w[2];
    CHECK(ora_sets(&S, inq, 10, 3, w) == 0);
    CHECK(w[0].size == 4 && w[0].overlap == 2 && w[1].size == 2 && w[1].overlap == 0);
    CHECK_NEAR(w[0].expected, 1.2, 1e-15);
    CHECK_NEAR(w[0].fold, 2 / 1.2, 1e-15);
    CHECK_NEAR(w[0].p, 1.0 / 3, 1e-13);
    CHECK_NEAR(w[1].p, 1, 1e-15);
    CHECK_NEAR(w[0].q, 2.0 / 3, 1e-13);
    CHECK_NEAR(w[1].q, 1, 1e-15);
    size_t start0[2] = {0, 0};   /* an empty set: nothing expected, fold NaN */
    GsSets E = {1, start0, idx};
    CHECK(ora_sets(&E, inq, 10, 3, w) == 0 && w[0].expected == 0 && isnan(w[0].fold) && w[0].p == 1);
}

/* The leading edge: r = 3 2 1 -1 -2 -3.  Set {0, 2}: the walk 0.75 0.5
 * 0.75 0.5 0.25 0 peaks first at 0, so the edge is gene 0 alone.  Set
 * {3, 5}: -0.25 -0.5 -0.75 -0.5 -0.75 0 reaches its minimum first just
 * before gene 3 (position 2), so the edge is both (at or after it). */
static void test_leading_edge(void) {
    double r[6] = {3, 2, 1, -1, -2, -3}, es;
    size_t up[2] = {0, 2}, dn[2] = {3, 5};
    unsigned char e[2];
    CHECK(gsea_leading_edge(r, 6, up, 2, e, &es) == 1 && e[0] == 1 && e[1] == 0);
    CHECK_NEAR(es, 0.75, 1e-15);
    CHECK(gsea_leading_edge(r, 6, dn, 2, e, &es) == 2 && e[0] == 1 && e[1] == 1);
    CHECK_NEAR(es, -0.75, 1e-15);
    size_t all[6] = {0, 1, 2, 3, 4, 5};   /* k = N: no ES, every member */
    unsigned char e6[6];
    CHECK(gsea_leading_edge(r, 6, all, 6, e6, &es) == 6 && isnan(es));
}

/* The batch effect before and after: each p is kruskal.test's (or the
 * ANOVA's) on that feature; a feature is tested when its p before is a
 * number, made worse when p >= 0.05 before and < 0.05 after. */
static void test_batch_effect(void) {
    size_t batch[8] = {0, 0, 0, 0, 1, 1, 1, 1};
    double sep[8] = {1, 2, 3, 4, 11, 12, 13, 14};      /* batches apart */
    double mix[8] = {1, 12, 3, 14, 11, 2, 13, 4};      /* no batch effect */
    double flat[8] = {5, 5, 5, 5, 5, 5, 5, 5};         /* no p */
    const double *before[3] = {sep, mix, flat}, *after[3] = {mix, sep, flat};
    double pb[3], pa[3];
    unsigned char worse[3];
    BatchEffect e;
    batch_effect(before, after, 3, 8, batch, 2, 0, pb, pa, worse, &e);
    CHECK_NEAR(pb[0], test_kruskal(sep, batch, 8, 2).p, 0);
    CHECK_NEAR(pa[0], test_kruskal(mix, batch, 8, 2).p, 0);
    CHECK(pb[0] < 0.05 && pb[1] >= 0.05 && isnan(pb[2]));
    CHECK(e.tested == 2 && e.sig_before == 1 && e.sig_after == 1 && e.worse == 1);
    CHECK(worse[0] == 0 && worse[1] == 1 && worse[2] == 0);
    batch_effect(before, after, 3, 8, batch, 2, 1, pb, pa, NULL, &e);
    CHECK_NEAR(pb[0], test_anova(sep, batch, 8, 2).p, 0);
    CHECK(e.tested == 2 && e.worse == 1);
}

int main(void) {
    test_icc_band();
    test_pca_summaries();
    test_redundancy_members();
    test_ora_sets();
    test_leading_edge();
    test_batch_effect();
    return TEST_END();
}
