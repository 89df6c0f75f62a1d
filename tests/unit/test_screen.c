/* test_screen.c — Mann-Whitney, Welch, Kruskal-Wallis and ANOVA against R
 * (tests/reference/screen.R) on real TCGA data; statistics to 1e-9, p to 1e-6. */
#include "testdata.h"
#include "io/join.h"
#include "io/load_expr.h"
#include "io/load_maf.h"
#include "io/load_table.h"
#include "stats/groups.h"

int main(void) {
    Buf err = {0};
    int c;
    ExprOpts eo = {.name = "ge"};
    ExprReport er = {0};
    Table *ge = expr_load("tests/data/geneexp_1500x100.tsv", &eo, &er, &err, &c);
    expr_report_free(&er);
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
    ExprOpts vo = {.name = "vk"};
    Table *vk = expr_load("tests/data/verhaak_clanc840_expression.txt", &vo, &er, &err, &c);
    expr_report_free(&er);
    CHECK(vk != NULL);
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
