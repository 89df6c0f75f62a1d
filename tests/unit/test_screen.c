/* test_screen.c — Mann-Whitney, Welch, Kruskal-Wallis and ANOVA against R
 * (tests/reference/screen.R) on real TCGA data; statistics to 1e-9, p to 1e-6.
 * group_test (what screen runs) gives the same numbers by kind;
 * group_sizes against a count by hand. */
#include "testdata.h"
#include "io/join.h"
#include "io/load_maf.h"
#include "io/load_table.h"
#include "stats/groups.h"

int main(void) {
    Buf err = {0};
    int c;
    Table *ge = load_expression("tests/data/geneexp_1500x100.tsv", "ge");
    MafOpts mo = {.name = "mut", .min = 1};
    MafReport mr = {0};
    Table *mut = maf_load("tests/data/mc3_gbm.maf.gz", &mo, &mr, &err, &c);
    maf_report_free(&mr);
    CHECK(ge && mut);
    if (!ge || !mut) return TEST_END();
    Table *ts[2] = {ge, mut};
    JoinReport jr = {0};
    Table *gm = table_join(ts, 2, "gm", 0, &jr, &err);
    join_report_free(&jr);
    CHECK(gm && gm->nrow == 44);
    long tp = table_find(gm, "mut.TP53");
    size_t *g = malloc(gm->nrow * sizeof *g);
    for (size_t i = 0; i < gm->nrow; i++) g[i] = (size_t)gm->cols[tp].num[i];
    Table *two = load("tests/reference/screen_two.tsv");
    CHECK_COUNT(two->nrow, 12);
    for (size_t i = 0; i < two->nrow; i++) {
        Buf ref = {0};
        buf_printf(&ref, "ge.%s", two->cols[0].str[i]);
        long j = table_find(gm, ref.s);
        buf_free(&ref);
        CHECK(j >= 0);
        if (j < 0) continue;
        GroupTest w = test_mwu(gm->cols[j].num, g, gm->nrow);
        CHECK(w.n == 44);
        CHECK_NEAR(w.stat, two->cols[table_find(two, "W")].num[i], 1e-12);
        CHECK_NEAR(w.p, two->cols[table_find(two, "p_mwu")].num[i], 1e-6);
        CHECK_NEAR(w.auc, two->cols[table_find(two, "auc")].num[i], 1e-12);
        GroupTest t = test_welch(gm->cols[j].num, g, gm->nrow);
        CHECK_NEAR(t.stat, two->cols[table_find(two, "t")].num[i], 1e-9);
        CHECK_NEAR(t.df, two->cols[table_find(two, "df")].num[i], 1e-9);
        CHECK_NEAR(t.p, two->cols[table_find(two, "p_t")].num[i], 1e-6);
        GroupTest st = test_student(gm->cols[j].num, g, gm->nrow);   /* t.test(var.equal = TRUE) */
        CHECK_NEAR(st.stat, two->cols[table_find(two, "t_student")].num[i], 1e-9);
        CHECK_NEAR(st.df, two->cols[table_find(two, "df_student")].num[i], 1e-12);
        CHECK_NEAR(st.p, two->cols[table_find(two, "p_student")].num[i], 1e-9);
    }
    /* four subtypes */
    Table *vk = load_expression("tests/data/verhaak_clanc840_expression.txt", "vk");
    long sj = table_find(vk, "Subtype");
    const char *lev[] = {"Classical", "Mesenchymal", "Neural", "Proneural"};
    size_t *sg = malloc(vk->nrow * sizeof *sg);
    for (size_t i = 0; i < vk->nrow; i++) {
        sg[i] = GROUP_NONE;
        for (size_t k = 0; k < 4; k++)
            if (vk->cols[sj].str[i] && !strcmp(vk->cols[sj].str[i], lev[k])) sg[i] = k;
    }
    Table *grp = load("tests/reference/screen_groups.tsv");
    CHECK_COUNT(grp->nrow, 12);
    for (size_t i = 0; i < grp->nrow; i++) {
        long j = table_find(vk, grp->cols[0].str[i]);
        CHECK(j >= 0);
        if (j < 0) continue;
        GroupTest kw = test_kruskal(vk->cols[j].num, sg, vk->nrow, 4);
        CHECK_NEAR(kw.stat, grp->cols[table_find(grp, "H")].num[i], 1e-9);
        CHECK_NEAR(kw.p, grp->cols[table_find(grp, "p_kw")].num[i], 1e-6);
        CHECK(kw.df == 3);
        GroupTest f = test_anova(vk->cols[j].num, sg, vk->nrow, 4);
        CHECK_NEAR(f.stat, grp->cols[table_find(grp, "F")].num[i], 1e-9);
        CHECK_NEAR(f.p, grp->cols[table_find(grp, "p_f")].num[i], 1e-6);
        /* group_test: the same numbers by kind (what screen runs) */
        GroupTest gk = group_test(GROUP_KRUSKAL, vk->cols[j].num, sg, vk->nrow, 4);
        GroupTest ga = group_test(GROUP_ANOVA, vk->cols[j].num, sg, vk->nrow, 4);
        CHECK(gk.stat == kw.stat && gk.p == kw.p && ga.stat == f.stat && ga.p == f.p);
    }
    /* the two-group kinds on the TP53 split, and group_sizes against a count by hand */
    {
        long j = table_find(gm, "ge.CCK");
        CHECK(j >= 0);
        const double *x = gm->cols[j].num;
        CHECK(group_test(GROUP_MWU, x, g, gm->nrow, 2).p == test_mwu(x, g, gm->nrow).p);
        CHECK(group_test(GROUP_WELCH, x, g, gm->nrow, 2).stat == test_welch(x, g, gm->nrow).stat);
        CHECK(group_test(GROUP_STUDENT, x, g, gm->nrow, 2).stat == test_student(x, g, gm->nrow).stat);
        size_t cnt[4], none = group_sizes(sg, vk->nrow, 4, cnt), byhand[4] = {0}, nohand = 0;
        for (size_t i = 0; i < vk->nrow; i++) {
            if (sg[i] == GROUP_NONE) nohand++;
            else byhand[sg[i]]++;
        }
        CHECK(none == nohand && !memcmp(cnt, byhand, sizeof cnt));
        size_t h[5] = {1, GROUP_NONE, 0, 1, 7}, hc[2];   /* 7: out of range, neither */
        CHECK(group_sizes(h, 5, 2, hc) == 1 && hc[0] == 1 && hc[1] == 2);
    }
    /* edge cases: one group empty, no variation */
    double x[4] = {1, 2, 3, 4}, flat[4] = {2, 2, 2, 2};
    size_t g0[4] = {0, 0, 0, 0}, g01[4] = {0, 0, 1, 1};
    CHECK(isnan(test_mwu(x, g0, 4).p));
    CHECK(isnan(test_welch(flat, g01, 4).p));
    CHECK(isnan(test_kruskal(flat, g01, 4, 2).p));
    free(g);
    free(sg);
    table_free(grp);
    table_free(two);
    table_free(vk);
    table_free(gm);
    table_free(ge);
    table_free(mut);
    buf_free(&err);
    return TEST_END();
}
