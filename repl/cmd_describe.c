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

enum { N, MISS, MEAN, SD, MIN, Q1, MED, Q3, MAX, LEV, NSTAT };   /* describe's numeric columns */

/* The summary row of column c (n rows) of t into v[.][r]: n, missing and
 * the moments and quantiles of a numeric column (summary_compute), n,
 * missing and the levels of a text one.  Returns 0, or −1 out of memory. */
static int describe_row(const Table *t, size_t j, double *v[NSTAT], size_t r) {
    const Column *c = &t->cols[j];
    for (int k = 0; k < NSTAT; k++) v[k][r] = NAN;
    if (c->type == COL_NUM) {
        Summary sm;
        if (summary_compute(c->num, t->nrow, &sm) < 0) return -1;
        double vals[NSTAT] = {(double)sm.n, (double)sm.missing, sm.mean, sm.sd, sm.min, sm.q1, sm.median, sm.q3, sm.max, NAN};
        for (int k = 0; k < NSTAT; k++) v[k][r] = vals[k];
    } else {
        size_t miss = column_missing(t, j);
        v[N][r] = (double)(t->nrow - miss);
        v[MISS][r] = (double)miss;
        v[LEV][r] = (double)count_levels(c, t->nrow);
    }
    return 0;
}

/* The table name of the n columns cols of t: column, type and the
 * statistics.  NULL after reporting (out of memory). */
static Table *describe_table(Session *s, const Table *t, const size_t *cols, size_t n, const char *name) {
    static const char *const stat_names[NSTAT] = {"n", "missing", "mean", "sd", "min", "q1", "median", "q3", "max", "levels"};
    char **colname = xcalloc(n ? n : 1, sizeof *colname), **type = xcalloc(n ? n : 1, sizeof *type);
    double *v[NSTAT];
    for (int k = 0; k < NSTAT; k++) v[k] = xmalloc((n ? n : 1) * sizeof **v);
    Buf lab = {0};
    for (size_t r = 0; r < n; r++) {
        colname[r] = xstrdup(table_col_label(t, cols[r], &lab));
        type[r] = xstrdup(t->cols[cols[r]].type == COL_NUM ? "numeric" : "text");
        if (describe_row(t, cols[r], v, r) == 0) continue;
        rgx_error(s, "describe: out of memory");
        for (size_t q = 0; q <= r; q++) { free(colname[q]); free(type[q]); }
        free(colname);
        free(type);
        for (int k = 0; k < NSTAT; k++) free(v[k]);
        buf_free(&lab);
        return NULL;
    }
    buf_free(&lab);
    Table *o = table_new(name, t->name, n);
    table_add_str(o, "column", NULL, colname);
    table_add_str(o, "type", NULL, type);
    for (int k = 0; k < NSTAT; k++) table_add_num(o, stat_names[k], NULL, v[k]);
    table_set_id(o, 0);
    return o;
}

/* Print o (the description of cols of t): numeric and text columns
 * apart, each with its own statistics. */
static void describe_print(Session *s, const Table *o, const Table *t, const size_t *cols, size_t n) {
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
    Table *o = describe_table(s, t, cols, (size_t)nc, as ? as : "describe");
    if (!o) { free(cols); return 1; }
    describe_print(s, o, t, cols, (size_t)nc);
    if (as) {
        Result *res = command_result(a, "describe", o);
        result_param(res, "table", t->name);
        if (a->npos > 1) result_param(res, "selector", a->pos[1]);
        store_unit(s, res);
    }
    else table_free(o);
    free(cols);
    return 0;
}
