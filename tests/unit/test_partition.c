/* test_partition.c — k-means and k-medoids (stats/partition.c).
 *  - pam equals R's cluster::pam on 38 iris points for k = 2..5: the same
 *    medoids, the same total distance, the same partition
 *    (tests/reference/consensus_km_pam.R, pam_expected.tsv).
 *  - k-means on the Gram matrix reaches R's best total within-cluster sum of
 *    squares (kmeans with nstart = 500, kmeans_expected.tsv) with 50 starts,
 *    and never goes below it; one start leaves no cluster empty. */
#include "testdata.h"
#include "stats/partition.h"

static double *read_matrix(const char *path, size_t nr, size_t nc) {
    FILE *f = fopen(path, "r");
    if (!f) { printf("FAIL cannot open %s\n", path); exit(1); }
    double *m = malloc(nr * nc * sizeof *m);
    for (size_t i = 0; i < nr * nc; i++)
        if (fscanf(f, "%lf", &m[i]) != 1) { printf("FAIL short %s\n", path); exit(1); }
    fclose(f);
    return m;
}

int main(void) {
    size_t n = 38;
    double *d = read_matrix("tests/reference/pam_dist.tsv", n, n);
    Table *pe = load("tests/reference/pam_expected.tsv");
    PartWork w;
    CHECK(partwork_init(&w, n, 6) == 0);
    int lab[38];
    CHECK_COUNT(pe->nrow, 4);
    for (size_t r = 0; r < pe->nrow; r++) {
        size_t k = (size_t)pe->cols[0].num[r];
        CHECK(k >= 1 && k <= 6);   /* med[6], the work space */
        if (k < 1 || k > 6) continue;
        double obj = pam(d, n, k, &w, lab);
        CHECK_NEAR(obj, pe->cols[1].num[r], 1e-12);
        /* medoids: R's 1-based ids, sorted */
        size_t med[6];
        for (size_t c = 0; c < k; c++) med[c] = w.med[c] + 1;
        for (size_t i = 1; i < k; i++)
            for (size_t j = i; j > 0 && med[j - 1] > med[j]; j--) { size_t t = med[j]; med[j] = med[j - 1]; med[j - 1] = t; }
        char got[64] = "";
        for (size_t c = 0; c < k; c++) snprintf(got + strlen(got), sizeof got - strlen(got), "%s%zu", c ? "," : "", med[c]);
        CHECK_STR(got, pe->cols[2].str[r]);
        /* the partition: R's labels renumbered by first appearance */
        int map[8] = {0}, next = 0, same = 1;
        const char *q = pe->cols[3].str[r];
        for (size_t i = 0; i < n; i++) {
            int v = (int)strtol(q, (char **)&q, 10);
            if (*q == ',') q++;
            if (v < 0 || v >= 8) { same = 0; break; }   /* map[8] */
            if (!map[v]) map[v] = ++next;
            same &= map[v] == lab[i];
        }
        CHECK(same);
    }
    /* k > n and k larger than the work space are refused */
    CHECK(isnan(pam(d, 3, 4, &w, lab)));
    partwork_free(&w);
    /* k-means */
    size_t p = 4;
    double *x = read_matrix("tests/reference/kmeans_points.tsv", n, p), *g = malloc(n * n * sizeof *g);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) {
            double s = 0;
            for (size_t t = 0; t < p; t++) s += x[i * p + t] * x[j * p + t];
            g[i * n + j] = s;
        }
    Table *ke = load("tests/reference/kmeans_expected.tsv");
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    gsl_rng_set(rng, 7);
    CHECK(partwork_init(&w, n, 6) == 0);
    CHECK_COUNT(ke->nrow, 4);
    for (size_t r = 0; r < ke->nrow; r++) {
        size_t k = (size_t)ke->cols[0].num[r];
        CHECK(k >= 1 && k <= 6);   /* the work space, seen[8] */
        if (k < 1 || k > 6) continue;
        double best = kmeans_gram(g, n, k, 50, rng, &w, lab);
        CHECK_NEAR(best, ke->cols[1].num[r], 1e-9);
        /* the reported sum is the sum of the labelled partition */
        double wss = 0;
        for (int c = 1; c <= (int)k; c++) {
            double mu[4] = {0}, m = 0;
            for (size_t i = 0; i < n; i++)
                if (lab[i] == c) { m++; for (size_t t = 0; t < p; t++) mu[t] += x[i * p + t]; }
            CHECK(m > 0);
            for (size_t i = 0; i < n; i++)
                if (lab[i] == c)
                    for (size_t t = 0; t < p; t++) wss += (x[i * p + t] - mu[t] / m) * (x[i * p + t] - mu[t] / m);
        }
        CHECK_NEAR(wss, best, 1e-9);
        /* single starts: never below the optimum, never an empty cluster */
        for (int s = 0; s < 20; s++) {
            double v = kmeans_gram(g, n, k, 1, rng, &w, lab);
            CHECK(v >= ke->cols[1].num[r] * (1 - 1e-12));
            int seen[8] = {0};
            for (size_t i = 0; i < n; i++) seen[lab[i]] = 1;
            for (size_t c = 1; c <= k; c++) CHECK(seen[c]);
        }
    }
    gsl_rng_free(rng);
    partwork_free(&w);
    free(d); free(x); free(g);
    table_free(pe); table_free(ke);
    return TEST_END();
}
