/* test_transform.c — rank, zscore, mad and var against R
 * (tests/reference/transform.R) on real TCGA data, to 1e-12; the columns
 * select topvar= keeps (spread_top: R's top ten) and its screens drop
 * (spread_drop). */
#include "testdata.h"
#include "io/load_expr.h"
#include "io/load_table.h"
#include "stats/describe.h"
#include "stats/transform.h"

int main(void) {
    ExprOpts eo = {.name = "ge"};
    ExprReport er = {0};
    Buf err = {0};
    int c;
    Table *ge = expr_load("tests/data/geneexp_1500x100.tsv", &eo, &er, &err, &c);
    CHECK(ge != NULL);
    if (!ge) return TEST_END();
    expr_report_free(&er);
    Table *ref = load("tests/reference/transform_genes.tsv");
    CHECK_COUNT(ref->nrow, 40);
    for (size_t i = 0; i < ref->nrow; i++) {
        long j = table_find(ge, ref->cols[0].str[i]);
        CHECK(j > 0);
        if (j <= 0) continue;
        double mean, var;
        size_t used;
        mean_var(ge->cols[j].num, ge->nrow, &mean, &var, &used);
        CHECK_NEAR(var, ref->cols[1].num[i], 1e-12);
        CHECK_NEAR(mad(ge->cols[j].num, ge->nrow), ref->cols[2].num[i], 1e-12);
    }
    table_free(ref);
    /* the top 10 by variance and by MAD, in R's order */
    Table *top = load("tests/reference/transform_top.tsv");
    CHECK_COUNT(top->nrow, 10);
    for (int by = 0; by < 2 && top->nrow == 10; by++) {
        double best[10];
        long bestj[10];
        for (int k = 0; k < 10; k++) { best[k] = -1; bestj[k] = -1; }
        for (size_t j = 1; j < ge->ncol; j++) {
            double score, mean;
            size_t used;
            if (by) score = mad(ge->cols[j].num, ge->nrow);
            else mean_var(ge->cols[j].num, ge->nrow, &mean, &score, &used);
            for (int k = 0; k < 10; k++)
                if (score > best[k]) {
                    for (int q = 9; q > k; q--) { best[q] = best[q - 1]; bestj[q] = bestj[q - 1]; }
                    best[k] = score;
                    bestj[k] = (long)j;
                    break;
                }
        }
        for (int k = 0; k < 10; k++) CHECK_STR(bestj[k] > 0 ? ge->cols[bestj[k]].name : "(none)", top->cols[1 + by].str[k]);
        /* spread_top (select topvar=) keeps the same ten */
        size_t m = ge->ncol - 1, nkept = 0, found = 0;
        const double **cols = malloc(m * sizeof *cols);
        unsigned char *keep = malloc(m);
        for (size_t j = 1; j < ge->ncol; j++) cols[j - 1] = ge->cols[j].num;
        CHECK_COUNT(spread_top(cols, m, ge->nrow, by, 10, keep), 10);
        for (size_t j = 0; j < m; j++) {
            if (!keep[j]) continue;
            nkept++;
            for (int k = 0; k < 10; k++) found += !strcmp(ge->cols[j + 1].name, top->cols[1 + by].str[k]);
        }
        CHECK_COUNT(nkept, 10);
        CHECK_COUNT(found, 10);
        free(cols);
        free(keep);
    }
    /* select's screens and ties: a constant column, one mostly missing;
       equal spreads kept in column order, NaN spreads last */
    {
        double cst[4] = {2, 2, 2, 2}, miss[4] = {1, NAN, NAN, NAN}, ok[4] = {1, 2, 3, 4};
        CHECK(spread_drop(cst, 4, 1, 1) == SPREAD_CONSTANT && spread_drop(cst, 4, 1, 0) == SPREAD_KEEP);
        CHECK(spread_drop(miss, 4, 0.5, 0) == SPREAD_MISSING && spread_drop(miss, 4, 0.75, 0) == SPREAD_KEEP);
        CHECK(spread_drop(miss, 4, 0.75, 1) == SPREAD_CONSTANT);   /* one value: no variance */
        CHECK(spread_drop(ok, 4, 0, 1) == SPREAD_KEEP);
        double a1[3] = {1, 2, 3}, a2[3] = {3, 2, 1}, a3[3] = {NAN, NAN, 1}, a4[3] = {0, 10, 20};
        const double *c4[4] = {a3, a1, a2, a4};
        unsigned char keep[4];
        CHECK_COUNT(spread_top(c4, 4, 3, 0, 2, keep), 2);
        CHECK(!keep[0] && keep[1] && !keep[2] && keep[3]);   /* a4 largest; a1 and a2 tie: a1, the first; a3 NaN */
    }
    table_free(top);
    /* rank with ties and NA, and scale() */
    Table *rk = load("tests/reference/transform_rank.tsv");
    CHECK_COUNT(rk->nrow, 400);
    double *r = malloc(rk->nrow * sizeof *r), *z = malloc(rk->nrow * sizeof *z);
    CHECK(rank_average(rk->cols[0].num, rk->nrow, r) == 0);
    memcpy(z, rk->cols[0].num, rk->nrow * sizeof *z);
    zscore(z, rk->nrow);
    for (size_t i = 0; i < rk->nrow; i++) {
        CHECK_NEAR(r[i], rk->cols[1].num[i], 1e-15);
        CHECK_NEAR(z[i], rk->cols[2].num[i], 1e-12);
    }
    free(r);
    free(z);
    table_free(rk);
    double x[] = {3, NAN, 1, 3, 2, -2};
    CHECK(log2p1(x, 6) == 1 && x[0] == 2 && isnan(x[1]) && x[2] == 1 && isnan(x[5]));
    double flat[] = {5, 5, 5};
    CHECK(zscore(flat, 3) == 0 && isnan(flat[0]));   /* no variation: none standardised */
    double one[] = {NAN, 4, NAN};
    CHECK(zscore(one, 3) == 0 && isnan(one[1]));
    double two[] = {1, NAN, 3};
    CHECK(zscore(two, 3) == 2 && two[0] == -two[2]);
    table_free(ge);
    buf_free(&err);
    return TEST_END();
}
