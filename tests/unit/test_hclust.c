/* test_hclust.c — hierarchical clustering against R's hclust
 * (tests/reference/hclust.R): merges, heights (1e-12), leaf order and
 * cutree labels for average, complete, single and ward.D2 linkage. */
#include "testdata.h"
#include "stats/hclust.h"

int main(void) {
    FILE *f = fopen("tests/reference/hclust_dist.tsv", "r");
    if (!f) { perror("tests/reference/hclust_dist.tsv"); return 1; }
    double d[144];
    for (int i = 0; i < 144; i++) CHECK(fscanf(f, "%lf", &d[i]) == 1);
    fclose(f);
    Table *mg = load("tests/reference/hclust_expected.tsv"), *it = load("tests/reference/hclust_items.tsv");
    const char *names[4] = {"average", "complete", "single", "ward.D2"};
    Linkage links[4] = {LINK_AVERAGE, LINK_COMPLETE, LINK_SINGLE, LINK_WARD};
    for (int m = 0; m < 4; m++) {
        Hclust h;
        CHECK(hclust(d, 12, links[m], &h) == 0);
        size_t s = 0;
        for (size_t i = 0; i < mg->nrow; i++) {
            if (strcmp(mg->cols[0].str[i], names[m])) continue;
            CHECK(h.merge[2 * s] == (long)mg->cols[2].num[i] && h.merge[2 * s + 1] == (long)mg->cols[3].num[i]);
            CHECK_NEAR(h.height[s], mg->cols[4].num[i], 1e-12);
            s++;
        }
        CHECK(s == 11);
        int k3[12], k4[12];
        CHECK(hclust_cut(&h, 3, k3) == 0 && hclust_cut(&h, 4, k4) == 0);
        size_t q = 0;
        for (size_t i = 0; i < it->nrow; i++) {
            if (strcmp(it->cols[0].str[i], names[m])) continue;
            CHECK(h.order[q] + 1 == (size_t)it->cols[2].num[i]);
            CHECK(k3[q] == (int)it->cols[3].num[i]);
            CHECK(k4[q] == (int)it->cols[4].num[i]);
            q++;
        }
        CHECK_COUNT(q, 12);   /* every item's row found */
        hclust_free(&h);
    }
    table_free(mg);
    table_free(it);
    return TEST_END();
}
