/* cmd_screen.c — screen: each feature against a grouping (a mutation, a
 * cluster, a subtype), with FDR. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "stats/groups.h"
#include "stats/padjust.h"

typedef struct Row {
    size_t col;         /* feature column */
    GroupTest t;        /* its test */
    double q;           /* adjusted p */
} Row;

static int cmp_row(const void *a, const void *b) {
    const Row *x = a, *y = b;
    return cmp_p_then_col(x->t.p, x->col, y->t.p, y->col);
}

int cmd_screen(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *by = args_take_kw(a, "by");
    const char *as = args_take_kw(a, "as");
    int test = args_get_choice(a, "test", 0, NULL);
    int adjm = adjust_option(a);
    if (args_failed(s, a)) return 1;
    if (by && a->npos == 2) return screen_survival(s, a, in, by, as, test, adjm);   /* by TIME EVENT */
    if (a->npos != 1 || !by) return args_usage(s, a);
    if (as && !valid_table_name(s, "screen", as)) return 1;
    Table *t = command_table(s, "screen", in, a->pos[0]);
    if (!t) return 1;
    size_t *gid = NULL;
    StrList lev = {0};
    long gj = command_grouping(s, "screen", t, by, "by ", &gid, &lev);
    if (gj < 0) return 1;
    size_t *cols = NULL;
    Row *rows = NULL;
    int rc = 1;
    size_t k = lev.n;
    if (test == 0) test = k == 2 ? 1 : 3;
    if ((test == 1 || test == 2 || test == 5) && k != 2) {
        rgx_error(s, "screen: test=%s compares two groups; %s has %zu (use test=kruskal or anova)",
                  test == 1 ? "mwu" : test == 2 ? "t" : "student", by, k);
        goto done;
    }
    long nc = command_columns(s, "screen", t, a->pos[0], &cols);
    if (nc < 0) goto done;
    size_t nf = 0, skipped = 0;
    rows = xmalloc(((size_t)nc ? (size_t)nc : 1) * sizeof *rows);
    for (long c = 0; c < nc; c++) {
        if ((long)cols[c] == gj) continue;
        const Column *col = &t->cols[cols[c]];
        if (col->type != COL_NUM) { skipped++; continue; }
        if (session_cancelled(s)) { rgx_error(s, "screen: interrupted; no result was stored"); goto done; }
        GroupTest r;
        if (test == 1) r = test_mwu(col->num, gid, t->nrow);
        else if (test == 2) r = test_welch(col->num, gid, t->nrow);
        else if (test == 5) r = test_student(col->num, gid, t->nrow);
        else if (test == 3) r = test_kruskal(col->num, gid, t->nrow, k);
        else r = test_anova(col->num, gid, t->nrow, k);
        rows[nf++] = (Row){cols[c], r, NAN};
    }
    if (!nf) { rgx_error(s, "screen: no numeric feature selected"); goto done; }
    double *pv = xmalloc(nf * sizeof *pv), *qv = xmalloc(nf * sizeof *qv);
    for (size_t i = 0; i < nf; i++) pv[i] = rows[i].t.p;
    int arc = p_adjust(pv, nf, (AdjustMethod)adjm, qv);
    if (arc < 0) {
        if (arc == -2) rgx_error(s, "screen: adjust=hommel takes time in the square of the family: %zu p-values is more than its %d "
                                    "(adjust=hochberg is close to it and fast)", nf, PADJ_HOMMEL_MAX);
        else rgx_error(s, "screen: out of memory");
        free(pv);
        free(qv);
        goto done;
    }
    size_t sig = 0, nominal = 0, tested = 0;
    for (size_t i = 0; i < nf; i++) {
        rows[i].q = qv[i];
        if (!isnan(pv[i])) { tested++; nominal += pv[i] < 0.05; sig += qv[i] < 0.05; }
    }
    free(pv);
    free(qv);
    qsort(rows, nf, sizeof *rows, cmp_row);
    char *name = as ? xstrdup(as) : session_new_name(s, "screen");
    Table *o = table_new(name, t->name, nf);
    char **fn = xcalloc(nf, sizeof *fn);
    double *cn = xmalloc(nf * sizeof *cn), *cs = xmalloc(nf * sizeof *cs), *cd = xmalloc(nf * sizeof *cd);
    double *cp = xmalloc(nf * sizeof *cp), *cq = xmalloc(nf * sizeof *cq), *ca = xmalloc(nf * sizeof *ca);
    Buf lab = {0};
    for (size_t i = 0; i < nf; i++) {
        fn[i] = xstrdup(table_col_label(t, rows[i].col, &lab));
        cn[i] = (double)rows[i].t.n;
        cs[i] = rows[i].t.stat;
        cd[i] = rows[i].t.df;
        cp[i] = rows[i].t.p;
        cq[i] = rows[i].q;
        ca[i] = rows[i].t.auc;
    }
    buf_free(&lab);
    table_add_str(o, "feature", NULL, fn);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "stat", NULL, cs);
    table_add_num(o, "df", NULL, cd);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    table_add_num(o, "auc", NULL, ca);
    static const char *const tests[] = {"", "mwu", "t", "kruskal", "anova", "student"};
    static const char *const what[] = {"", "Mann-Whitney U (W of the first group, normal approximation with ties and "
                                           "continuity correction)", "Welch t (mean of the first group minus the second)",
                                       "Kruskal-Wallis chi-squared", "one-way ANOVA F",
                                       "Student's t, equal variances (mean of the first group minus the second; "
                                       "n1 + n2 - 2 df)"};
    size_t *cnt = xcalloc(k, sizeof *cnt), nog = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (gid[i] == GROUP_NONE_IDX) nog++;
        else cnt[gid[i]]++;
    }
    out_printf(&s->out, "screen %s: %zu feature%s of %s by %s, test=%s adjust=%s\n", name, nf, nf == 1 ? "" : "s",
               t->name, by, tests[test],
               adjust_name(adjm));
    out_puts(&s->out, "  groups:");
    for (size_t g = 0; g < k; g++) {   /* level names come from data: sanitised */
        out_puts(&s->out, g ? ", " : " ");
        out_text(&s->out, lev.v[g]);
        out_printf(&s->out, " (%zu)", cnt[g]);
    }
    if (nog) out_printf(&s->out, "; %zu patients without %s left out", nog, by);
    out_puts(&s->out, "\n");
    out_printf(&s->out, "  stat: %s%s\n", what[test], k == 2 ? "; auc = P(second group > first)" : "");
    out_printf(&s->out, "  %zu feature%s at p < 0.05 (%.0f expected by chance alone); %zu at q < 0.05\n", nominal,
               nominal == 1 ? "" : "s", 0.05 * (double)tested, sig);
    if (skipped) out_printf(&s->out, "  %zu text column%s skipped\n", skipped, skipped == 1 ? "" : "s");
    print_head(s, o, 10);
    free(cnt);
    Result *res = command_result(a, "screen", o);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    free(gid);
    free(cols);
    free(rows);
    strlist_free(&lev);
    return rc;
}
