/* test_hclust.c — hierarchical clustering against R's hclust
 * (tests/reference/hclust.R): merges, heights (1e-12), leaf order and
 * cutree labels for average, complete, single and ward.D2 linkage.
 * Then the lazy-column layout (rows rewritten whole, columns brought up to
 * date when read, the matrix compacted as clusters merge) against the
 * textbook forms in hclust_ref.h, on matrices large enough to compact
 * several times, with and without ties (consensus distances are count
 * ratios: many ties): the same merges, heights and leaf order, bit for
 * bit, and the same labels from the nearest-neighbour chain cut. */
#include "testdata.h"
#include "stats/hclust.h"
#include "hclust_ref.h"

static double unif(unsigned long *s) { *s = *s * 6364136223846793005UL + 1442695040888963407UL; return (double)(*s >> 11) / 9007199254740992.0; }

/* n points in 3 dimensions around four centres; ties: coordinates on a
 * coarse grid, so that many distances are equal */
static double *points_dist(size_t n, int ties, unsigned long seed) {
    double *x = malloc(n * 3 * sizeof *x), *d = malloc(n * n * sizeof *d);
    for (size_t i = 0; i < n * 3; i++) {
        x[i] = unif(&seed) + (double)(i / 3 % 4) * 0.7;
        if (ties) x[i] = floor(x[i] * 4);
    }
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (int q = 0; q < 3; q++) s += (x[i * 3 + q] - x[j * 3 + q]) * (x[i * 3 + q] - x[j * 3 + q]);
            d[i * n + j] = sqrt(s);
        }
    free(x);
    return d;
}

/* a consensus-like matrix: 1 − count/80, few distinct values */
static double *ratio_dist(size_t n, unsigned long seed) {
    double *d = malloc(n * n * sizeof *d);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            int c = (int)(unif(&seed) * 81);
            double v = i == j ? 1 : i % 3 == j % 3 ? 1 - (c % 9) / 80.0 : (c % 30) / 80.0;
            d[i * n + j] = d[j * n + i] = 1 - v;
        }
    return d;
}

static void layout_vs_reference(size_t n, int kind, unsigned long seed) {
    double *d = kind == 2 ? ratio_dist(n, seed) : points_dist(n, kind, seed);
    Linkage links[4] = {LINK_AVERAGE, LINK_COMPLETE, LINK_SINGLE, LINK_WARD};
    for (int l = 0; l < 4; l++) {
        Hclust h, r;
        CHECK(hclust(d, n, links[l], &h) == 0 && hclust_ref(d, n, links[l], &r) == 0);
        CHECK(memcmp(h.merge, r.merge, 2 * (n - 1) * sizeof *h.merge) == 0);
        CHECK(memcmp(h.height, r.height, (n - 1) * sizeof *h.height) == 0);
        CHECK(memcmp(h.order, r.order, n * sizeof *h.order) == 0);
        hclust_free(&h);
        hclust_free(&r);
        int *lab = malloc(5 * n * sizeof *lab), *ref = malloc(5 * n * sizeof *ref);
        size_t wd = hclust_chain_width(n);
        double *w = hclust_big_alloc(n * wd * sizeof *w);
        for (size_t i = 0; i < n; i++) memcpy(w + i * wd, d + i * n, n * sizeof *w);
        CHECK(hclust_chain_cut(w, n, wd, links[l], 2, 6, lab) == 0 && chain_ref(d, n, links[l], 2, 6, ref) == 0);
        CHECK(memcmp(lab, ref, 5 * n * sizeof *lab) == 0);
        free(w);
        free(lab);
        free(ref);
    }
    free(d);
}

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
    size_t sizes[] = {7, 60, 257, 700, 1500};
    for (size_t q = 0; q < sizeof sizes / sizeof *sizes; q++)
        for (int kind = 0; kind < 3; kind++) layout_vs_reference(sizes[q], kind, 11 + q);
    return TEST_END();
}
