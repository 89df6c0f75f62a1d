/* fuzz_evaluator.c — the expression language of filter and derive:
 * parsed against a small table with numeric, text and missing values
 * (column names with dots and blanks), then evaluated on every row. */
#include "fuzz_common.h"
#include <math.h>
#include "io/expr.h"

static Table *make_table(void) {
    Table *t = table_new("t", "fuzz", 4);
    double *a = malloc(4 * sizeof *a), *b = malloc(4 * sizeof *b);
    char **s = calloc(4, sizeof *s), **id = calloc(4, sizeof *id);
    double av[4] = {1, -2.5, NAN, 0}, bv[4] = {0, 1e300, -0.0, 7};
    const char *sv[4] = {"EGFR", "", NULL, "x y"};
    for (int i = 0; i < 4; i++) {
        a[i] = av[i];
        b[i] = bv[i];
        s[i] = sv[i] ? strdup(sv[i]) : NULL;
        id[i] = malloc(16);
        snprintf(id[i], 16, "P%d", i);
    }
    table_add_str(t, "id", NULL, id);
    table_add_num(t, "age", NULL, a);
    table_add_num(t, "OS.time", NULL, b);
    table_add_str(t, "odd name", NULL, s);
    table_set_id(t, 0);
    return t;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size) {
    static Table *t;
    if (!t) t = make_table();
    char *s = fuzz_text(data, size);
    if (!s) return 0;
    Buf err = {0};
    Expr *e = expr_parse(s, t, &err);
    if (e) {
        for (size_t i = 0; i < t->nrow; i++) {
            double x;
            const char *str = NULL;
            expr_eval_row(e, t, i, &x, &str);
            if (str) (void)strlen(str);
        }
        (void)expr_is_text(e);
        (void)expr_is_logical(e);
        expr_free(e);
    }
    buf_free(&err);
    free(s);
    return 0;
}
