/* test_heatmap_order.c — the row and column order of a clustered heatmap
 * (plot heatmap CORR cluster=yes; stats/hclust.c hclust_cor_order) against
 * R's hclust(as.dist(1 - cor(t(m))), "average")$order with missing values
 * as 0 (tests/reference/heatmap_order.R): the same permutation, exactly. */
#include "testdata.h"
#include "stats/hclust.h"

enum { NR = 15, NC = 20 };

int main(void) {
    FILE *f = fopen("tests/reference/heatmap_order_matrix.tsv", "r");
    CHECK(f != NULL);
    if (!f) return TEST_END();
    double m[NR * NC], mt[NC * NR];
    char tok[64];
    for (int i = 0; i < NR * NC; i++) {
        CHECK(fscanf(f, "%63s", tok) == 1);
        m[i] = !strcmp(tok, "NA") ? NAN : strtod(tok, NULL);
    }
    fclose(f);
    for (int i = 0; i < NR; i++)
        for (int j = 0; j < NC; j++) mt[j * NR + i] = m[i * NC + j];
    size_t rows[NR], cols[NC];
    CHECK(hclust_cor_order(m, NR, NC, rows) == 0);
    CHECK(hclust_cor_order(mt, NC, NR, cols) == 0);
    Table *e = load("tests/reference/heatmap_order_expected.tsv");
    size_t nr = 0, nc = 0;
    for (size_t i = 0; i < e->nrow; i++) {
        int is_row = !strcmp(e->cols[0].str[i], "rows");
        size_t pos = (size_t)e->cols[1].num[i] - 1, item = (size_t)e->cols[2].num[i] - 1;
        if (is_row) { CHECK(pos < NR && rows[pos] == item); nr++; }
        else { CHECK(pos < NC && cols[pos] == item); nc++; }
    }
    CHECK(nr == NR && nc == NC);   /* every reference row was found */
    table_free(e);
    /* one row: the order is itself; a constant row is at distance 1 */
    size_t one[1];
    CHECK(hclust_cor_order(m, 1, NC, one) == 0 && one[0] == 0);
    double c3[3 * 4] = {1, 2, 3, 4, 5, 5, 5, 5, 2, 4, 6, 8.5};
    size_t o3[3];
    CHECK(hclust_cor_order(c3, 3, 4, o3) == 0);
    CHECK(o3[0] + o3[1] + o3[2] == 3 && o3[1] != 1);   /* the two correlated rows side by side */
    return TEST_END();
}
