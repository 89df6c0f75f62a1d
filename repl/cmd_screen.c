/* cmd_screen.c — screen: each feature against a grouping (a mutation, a
 * cluster, a subtype), with FDR.  The tests are stats/groups.h's, the
 * adjustment stats/padjust.h's. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/modelutil.h"
#include "stats/groups.h"
#include "stats/padjust.h"

/* test=: the option's words, in its order, and the test each one runs */
static const char *const TEST_NAME[] = {"", "mwu", "t", "kruskal", "anova", "student"};
static const GroupTestKind TEST_KIND[] = {GROUP_MWU, GROUP_MWU, GROUP_WELCH, GROUP_KRUSKAL, GROUP_ANOVA, GROUP_STUDENT};
static const char *const TEST_WHAT[] = {
    "", "Mann-Whitney U (W of the first group, normal approximation with ties and continuity correction)",
    "Welch t (mean of the first group minus the second)", "Kruskal-Wallis chi-squared", "one-way ANOVA F",
    "Student's t, equal variances (mean of the first group minus the second; n1 + n2 - 2 df)"};

typedef struct Row {
    size_t col;         /* feature column */
    GroupTest t;        /* its test */
    double q;           /* adjusted p */
} Row;

/* The grouping: its column, each row's group, the groups' names. */
typedef struct Groups {
    long col;           /* the GROUP column */
    size_t *gid;        /* t->nrow groups, GROUP_NONE_IDX when missing (owned) */
    StrList lev;        /* the groups' names (owned) */
} Groups;

static int cmp_row(const void *a, const void *b) {
    const Row *x = a, *y = b;
    return cmp_p_then_col(x->t.p, x->col, y->t.p, y->col);
}

/* The test of every numeric column of selector sel (not the grouping) into
 * *rows (caller frees), adjusted (adjm) with the family's counts in *f,
 * ordered by p.  *skipped counts the text columns.  Returns how many, or
 * -1 after the error. */
static long screen_features(Session *s, const Table *t, const Groups *g, const char *sel, int test, int adjm,
                            Row **rows, size_t *skipped, PFamily *f) {
    size_t *cols, nf = 0;
    long nc = command_columns(s, "screen", t, sel, &cols);
    if (nc < 0) return -1;
    *rows = xmalloc(((size_t)nc ? (size_t)nc : 1) * sizeof **rows);
    *skipped = 0;
    for (long c = 0; c < nc; c++) {
        if ((long)cols[c] == g->col) continue;
        const Column *col = &t->cols[cols[c]];
        if (col->type != COL_NUM) { (*skipped)++; continue; }
        if (session_cancelled(s)) { free(cols); rgx_error(s, "screen: interrupted; no result was stored"); return -1; }
        (*rows)[nf++] = (Row){cols[c], group_test(TEST_KIND[test], col->num, g->gid, t->nrow, g->lev.n), NAN};
    }
    free(cols);
    if (!nf) { rgx_error(s, "screen: no numeric feature selected"); return -1; }
    if (adjust_rows(s, "screen", *rows, nf, sizeof **rows, offsetof(Row, t.p), offsetof(Row, q), adjm, f) < 0) return -1;
    qsort(*rows, nf, sizeof **rows, cmp_row);
    return (long)nf;
}

/* The result table NAME: a row per feature (feature n stat df p q auc). */
static Table *screen_table(const Table *t, const Row *rows, size_t nf, const char *name) {
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
    return o;
}

/* The summary: the groups and their sizes, the test, the counts, the table. */
static void print_summary(Session *s, const Table *t, const Table *o, const Groups *g, const char *by, int test,
                          int adjm, const PFamily *f, size_t skipped) {
    size_t k = g->lev.n, *cnt = xmalloc(k * sizeof *cnt), nog = group_sizes(g->gid, t->nrow, k, cnt);
    out_printf(&s->out, "screen %s: %zu feature%s of %s by %s, test=%s adjust=%s\n", o->name, o->nrow,
               o->nrow == 1 ? "" : "s", t->name, by, TEST_NAME[test], adjust_name(adjm));
    out_puts(&s->out, "  groups:");
    for (size_t j = 0; j < k; j++) {   /* level names come from data: sanitised */
        out_puts(&s->out, j ? ", " : " ");
        out_text(&s->out, g->lev.v[j]);
        out_printf(&s->out, " (%zu)", cnt[j]);
    }
    if (nog) out_printf(&s->out, "; %zu patient%s without %s left out", nog, plural_s(nog), by);
    out_puts(&s->out, "\n");
    out_printf(&s->out, "  stat: %s%s\n", TEST_WHAT[test], k == 2 ? "; auc = P(second group > first)" : "");
    char chance[32];
    out_printf(&s->out, "  %zu feature%s at p < 0.05 (%s expected by chance alone); %zu at q < 0.05\n", f->nominal,
               f->nominal == 1 ? "" : "s", chance_count(f->tested, chance, sizeof chance), f->sig);
    if (skipped) out_printf(&s->out, "  %zu text column%s skipped\n", skipped, skipped == 1 ? "" : "s");
    print_head(s, o, 10);
    free(cnt);
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
    Groups g = {0};
    g.col = command_grouping(s, "screen", t, by, "by ", &g.gid, &g.lev);
    if (g.col < 0) return 1;
    Row *rows = NULL;
    PFamily f;
    size_t skipped;
    int rc = 1;
    if (test == 0) test = g.lev.n == 2 ? 1 : 3;
    if ((test == 1 || test == 2 || test == 5) && g.lev.n != 2) {
        rgx_error(s, "screen: test=%s compares two groups; %s has %zu (use test=kruskal or anova)",
                  test == 1 ? "mwu" : test == 2 ? "t" : "student", by, g.lev.n);
        goto done;
    }
    long nf = screen_features(s, t, &g, a->pos[0], test, adjm, &rows, &skipped, &f);
    if (nf < 0) goto done;
    char *name = as ? xstrdup(as) : session_new_name(s, "screen");
    Table *o = screen_table(t, rows, (size_t)nf, name);
    free(name);
    print_summary(s, t, o, &g, by, test, adjm, &f, skipped);
    Result *res = command_result(a, "screen", o);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    rc = 0;
done:
    free(g.gid);
    free(rows);
    strlist_free(&g.lev);
    return rc;
}
