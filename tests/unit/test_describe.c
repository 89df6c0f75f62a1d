/* test_describe.c — stats/describe.c against R (tests/reference/describe.R):
 * n, missing, mean, sd and type-7 quantiles of every numeric column of two
 * real TCGA files, to 1e-12 relative. */
#include "testdata.h"
#include "io/load_table.h"
#include "stats/describe.h"

int main(void) {
    Table *ref = load("tests/reference/describe_expected.tsv");
    long fcol = table_find(ref, "file"), ccol = table_find(ref, "column");
    CHECK_COUNT(ref->nrow, 19);
    const char *stats[] = {"n", "missing", "mean", "sd", "min", "q1", "median", "q3", "max"};
    Table *cur = NULL;
    const char *curfile = "";
    char path[256];
    for (size_t i = 0; i < ref->nrow; i++) {
        const char *file = ref->cols[fcol].str[i];
        if (strcmp(file, curfile) != 0) {
            table_free(cur);
            snprintf(path, sizeof path, "tests/data/%s", file);
            cur = load(path);
            curfile = file;
        }
        long j = table_find(cur, ref->cols[ccol].str[i]);
        CHECK(j >= 0);
        if (j < 0) continue;
        CHECK(cur->cols[j].type == COL_NUM);
        Summary s;
        CHECK(summary_compute(cur->cols[j].num, cur->nrow, &s) == 0);
        double got[] = {(double)s.n, (double)s.missing, s.mean, s.sd, s.min, s.q1, s.median, s.q3, s.max};
        for (size_t k = 0; k < sizeof stats / sizeof *stats; k++) {
            double want = ref->cols[table_find(ref, stats[k])].num[i];
            CHECK_NEAR(got[k], want, 1e-12);
        }
    }
    table_free(cur);
    table_free(ref);
    /* edge cases: all missing, one value */
    double none[] = {NAN, NAN};
    Summary s;
    summary_compute(none, 2, &s);
    CHECK(s.n == 0 && s.missing == 2 && isnan(s.mean) && isnan(s.median));
    double one[] = {3.5};
    summary_compute(one, 1, &s);
    CHECK(s.n == 1 && s.mean == 3.5 && isnan(s.sd) && s.median == 3.5 && s.q1 == 3.5);
    double four[] = {4, 1, NAN, 3, 2};
    summary_compute(four, 5, &s);
    CHECK_NEAR(s.q1, 1.75, 1e-15);   /* quantile(1:4, .25, type = 7) */
    CHECK_NEAR(s.median, 2.5, 1e-15);
    CHECK_NEAR(s.sd, sqrt(5.0 / 3.0), 1e-15);
    return TEST_END();
}
