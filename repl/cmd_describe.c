/* cmd_describe.c — describe: per-column summaries as a table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/describe.h"


static size_t count_levels(const Column *c, size_t nrow) {
    StrMap m = {0};
    for (size_t i = 0; i < nrow; i++)
        if (c->str[i]) strmap_put(&m, c->str[i], i, NULL);
    size_t n = m.n;
    strmap_free(&m);
    return n;
}

int cmd_describe(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos < 1 || a->npos > 2) return args_usage(s, a);
    if (as && !valid_table_name(s, "describe", as)) return 1;
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    size_t *cols;
    long nc = command_columns(s, "describe", t, a->npos == 2 ? a->pos[1] : NULL, &cols);
    if (nc < 0) return 1;
    size_t n = (size_t)nc;
    enum { N, MISS, MEAN, SD, MIN, Q1, MED, Q3, MAX, LEV, NSTAT };
    static const char *const stat_names[NSTAT] = {"n", "missing", "mean", "sd", "min", "q1", "median", "q3", "max", "levels"};
    Table *o = table_new(as ? as : "describe", t->name, n);
    char **colname = xcalloc(n ? n : 1, sizeof *colname), **type = xcalloc(n ? n : 1, sizeof *type);
    double *v[NSTAT];
    for (int k = 0; k < NSTAT; k++) v[k] = xmalloc((n ? n : 1) * sizeof **v);
    Buf lab = {0};
    for (size_t r = 0; r < n; r++) {
        const Column *c = &t->cols[cols[r]];
        colname[r] = xstrdup(table_col_label(t, cols[r], &lab));
        type[r] = xstrdup(c->type == COL_NUM ? "numeric" : "text");
        for (int k = 0; k < NSTAT; k++) v[k][r] = NAN;
        if (c->type == COL_NUM) {
            Summary sm;
            if (summary_compute(c->num, t->nrow, &sm) < 0) {
                rgx_error(s, "describe: out of memory");
                goto fail;
            }
            double vals[NSTAT] = {(double)sm.n, (double)sm.missing, sm.mean, sm.sd, sm.min, sm.q1, sm.median, sm.q3, sm.max, NAN};
            for (int k = 0; k < NSTAT; k++) v[k][r] = vals[k];
        } else {
            size_t miss = column_missing(t, cols[r]);
            v[N][r] = (double)(t->nrow - miss);
            v[MISS][r] = (double)miss;
            v[LEV][r] = (double)count_levels(c, t->nrow);
        }
    }
    table_add_str(o, "column", NULL, colname);
    table_add_str(o, "type", NULL, type);
    colname = type = NULL;
    for (int k = 0; k < NSTAT; k++) {
        table_add_num(o, stat_names[k], NULL, v[k]);
        v[k] = NULL;
    }
    table_set_id(o, 0);
    /* print numeric and text columns apart, each with its own statistics */
    size_t *rows = xmalloc((n ? n : 1) * sizeof *rows), nr = 0;
    static const size_t num_cols[] = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10};
    static const size_t str_cols[] = {0, 2, 3, 11};
    for (size_t r = 0; r < n; r++)
        if (t->cols[cols[r]].type == COL_NUM) rows[nr++] = r;
    if (nr) print_table(s, o, rows, nr, num_cols, sizeof num_cols / sizeof *num_cols);
    size_t nnum = nr;
    nr = 0;
    for (size_t r = 0; r < n; r++)
        if (t->cols[cols[r]].type == COL_STR) rows[nr++] = r;
    if (nr && nnum) out_puts(&s->out, "\n");
    if (nr) print_table(s, o, rows, nr, str_cols, sizeof str_cols / sizeof *str_cols);
    if (!n) out_puts(&s->out, "no columns to describe\n");
    free(rows);
    if (as) {
        Result *res = command_result(a, "describe", o);
        result_param(res, "table", t->name);
        if (a->npos > 1) result_param(res, "selector", a->pos[1]);
        store_unit(s, res);
    }
    else table_free(o);
    buf_free(&lab);
    free(cols);
    return 0;
fail:
    buf_free(&lab);
    for (size_t r = 0; r < n; r++) { if (colname) free(colname[r]); if (type) free(type[r]); }
    free(colname);
    free(type);
    for (int k = 0; k < NSTAT; k++) free(v[k]);
    table_free(o);
    free(cols);
    return 1;
}
