/* test_compact.c — compact (byte) and computed numeric columns (io/table.h).
 *  - load mutations stores its 0/1 gene columns as bytes, mutation_count as
 *    doubles; table_val reads a byte column without doubles; table_find and
 *    table_num fill the doubles (the same values), table_drop_caches frees
 *    them again;
 *  - a cache written into is kept as the column's dense storage;
 *  - join, and subsets (select, filter), keep byte columns bytes (missing
 *    rows of a join: COL_U8_NA, read as NaN), the values unchanged;
 *  - a computed column reads its source (fill and value) and holds a
 *    reference to it: the source goes with the last column. */
#include "testdata.h"

typedef struct Squares {
    ColSource base;         /* first */
    int *freed;             /* set when destroyed */
} Squares;

static void sq_fill(const ColSource *s, size_t col, double *out, size_t nrow) {
    (void)s;
    for (size_t i = 0; i < nrow; i++) out[i] = (double)(col * 100 + i * i);
}
static double sq_value(const ColSource *s, size_t col, size_t row) { (void)s; return (double)(col * 100 + row * row); }
static void sq_destroy(ColSource *s) {
    *((Squares *)s)->freed = 1;
    free(s);
}

int main(void) {
    Buf err = {0};
    int c;
    MafOpts mo = {.name = "mut", .min = 1};
    MafReport mr = {0};
    Table *mut = maf_load("tests/data/mc3_gbm.maf.gz", &mo, &mr, &err, &c);
    maf_report_free(&mr);
    CHECK(mut != NULL);
    long j = -1, jc = -1;
    for (size_t k = 0; k < mut->ncol; k++) {
        if (!strcmp(mut->cols[k].name, "EGFR")) j = (long)k;
        if (!strcmp(mut->cols[k].name, "mutation_count")) jc = (long)k;
    }
    CHECK(j > 0 && jc > 0);
    const Column *col = &mut->cols[j];
    CHECK(col->type == COL_NUM && col->u8 && !col->num);   /* bytes, no doubles */
    CHECK(mut->cols[jc].num && !mut->cols[jc].u8);          /* counts above 254: doubles */
    size_t ones = 0;
    for (size_t i = 0; i < mut->nrow; i++) {
        CHECK(col->u8[i] <= 1);
        ones += col->u8[i];
        CHECK(table_val(mut, i, (size_t)j) == col->u8[i]);
    }
    CHECK(ones > 50 && ones < mut->nrow);   /* EGFR: about a quarter of GBMs */
    CHECK(!col->num);                       /* table_val filled nothing */
    CHECK(table_find(mut, "EGFR") == j && col->num);   /* a resolved column reads as num[i] */
    for (size_t i = 0; i < mut->nrow; i++) CHECK(col->num[i] == col->u8[i]);
    CHECK(column_missing(mut, (size_t)j) == 0);
    table_drop_caches(mut);
    CHECK(!col->num && col->u8);
    /* an edit in place survives the end of the command */
    double *v = (double *)table_num(mut, (size_t)j);
    v[0] = 0.5;
    table_drop_caches(mut);
    CHECK(col->num && !col->u8 && col->num[0] == 0.5);
    /* join and subset keep bytes; a patient the MAF lacks is missing */
    Table *two = table_new("two", "test", 2);
    char **ids = xcalloc(2, sizeof *ids);
    ids[0] = xstrdup(mut->cols[0].str[3]);
    ids[1] = xstrdup("TCGA-XX-0000");
    table_add_str(two, "patient", NULL, ids);
    table_set_id(two, 0);
    Table *ts[2] = {two, mut};
    JoinReport jr = {0};
    Table *jn = table_join(ts, 2, "jn", 1, &jr, &err);
    join_report_free(&jr);
    CHECK(jn && jn->nrow == 2);
    long jt = table_find(jn, "TP53"), jm = -1;
    table_drop_caches(jn);
    for (size_t k = 0; jn && k < jn->ncol; k++)
        if (!strcmp(jn->cols[k].name, "TP53")) jm = (long)k;
    CHECK(jt == jm && jm > 0);
    long jmut = table_find(mut, "TP53");
    table_drop_caches(mut);
    CHECK(jn->cols[jm].u8 && !jn->cols[jm].num);
    CHECK(table_val(jn, 0, (size_t)jm) == table_val(mut, 3, (size_t)jmut));
    CHECK(jn->cols[jm].u8[1] == COL_U8_NA && isnan(table_val(jn, 1, (size_t)jm)));
    CHECK(column_missing(jn, (size_t)jm) == 1);
    size_t rows[3] = {5, 1, 7}, cols[2] = {0, (size_t)jmut};
    Table *sub = table_subset(mut, "sub", rows, 3, cols, 2);
    CHECK(sub->cols[1].u8 && !sub->cols[1].num);
    for (size_t i = 0; i < 3; i++) CHECK(table_val(sub, i, 1) == table_val(mut, rows[i], (size_t)jmut));
    /* a computed column: its values from the source, which it keeps alive */
    int freed = 0;
    Squares *sq = xcalloc(1, sizeof *sq);
    *sq = (Squares){{sq_fill, sq_value, sq_destroy, 0}, &freed};
    Table *t = table_new("sq", "test", 4);
    CHECK(table_add_computed(t, "a", NULL, &sq->base, 2) == 0 && table_add_computed(t, "b", NULL, &sq->base, 3) == 1);
    CHECK(sq->base.refs == 2 && !t->cols[0].num);
    CHECK(table_val(t, 3, 0) == 209 && table_num(t, 1)[2] == 304);
    Table *copy = table_subset(t, "copy", NULL, 0, NULL, 0);   /* all rows: shares the source */
    CHECK(copy->cols[1].src == &sq->base && sq->base.refs == 4);
    table_free(t);
    CHECK(!freed);
    table_free(copy);
    CHECK(freed);
    table_free(sub);
    table_free(jn);
    table_free(two);
    table_free(mut);
    buf_free(&err);
    return TEST_END();
}
