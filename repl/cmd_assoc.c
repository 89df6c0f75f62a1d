/* cmd_assoc.c — assoc: a categorical column (a cluster, a subtype)
 * against mutation or other categorical columns, with FDR.  The tables
 * and tests are stats/contingency.h's, the adjustment stats/padjust.h's. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/contingency.h"
#include "stats/padjust.h"

/* test=: the option's words, in its order, and the test each one runs */
static const char *const TEST_NAME[] = {"auto", "chisq", "fisher"};
static const CtTest TEST_OF[] = {CT_AUTO, CT_CHISQ, CT_FISHER};

typedef struct ARow {
    size_t col;         /* the variable */
    size_t n;           /* patients with both values */
    CtResult r;         /* the test */
    int fisher;         /* which test */
    double q;           /* adjusted p */
} ARow;

/* The grouping GROUP: its column, each row's group, the groups' names. */
typedef struct Groups {
    long col;           /* the GROUP column */
    size_t *gid;        /* t->nrow groups, GROUP_NONE_IDX when missing (owned) */
    StrList lev;        /* the groups' names (owned) */
} Groups;

/* The test's options. */
typedef struct AssocOpts {
    int test;           /* test=: index into TEST_OF */
    int adjm;           /* adjust= (an AdjustMethod) */
    long B, seed;       /* Fisher's Monte-Carlo resamples and their seed */
} AssocOpts;

static int cmp_arow(const void *a, const void *b) {
    const ARow *x = a, *y = b;
    return cmp_p_then_col(x->r.p, x->col, y->r.p, y->col);
}

/* One variable: the contingency table itself, with margins, as R's
 * addmargins(table(GROUP, VAR)) without the levels that no patient has
 * together with a value of the other (the test drops them too). */
static void print_crosstab(Session *s, const Table *t, const Groups *g, const char *gname, long vj, size_t *vid) {
    StrList vlev = {0};
    if (command_groups(s, "assoc", t, vj, vid, &vlev) < 0) { strlist_free(&vlev); return; }
    size_t r = g->lev.n, c = vlev.n, nr = 0;
    double *ct = xmalloc((r + 1) * (c + 1) * sizeof *ct);
    ct_tabulate(g->gid, r, vid, c, t->nrow, 1, ct);
    size_t *keep = xmalloc((r + 1) * sizeof *keep);   /* the rows shown, then the total */
    for (size_t i = 0; i < r; i++)
        if (ct[i * (c + 1) + c] > 0) keep[nr++] = i;
    keep[nr] = r;
    Buf lab = {0};
    Table *x = table_new("crosstab", t->name, nr + 1);
    char **rn = xcalloc(nr + 1, sizeof *rn);
    for (size_t i = 0; i < nr; i++) rn[i] = xstrdup(g->lev.v[keep[i]]);
    rn[nr] = xstrdup("total");
    table_add_str(x, table_col_label(t, (size_t)g->col, &lab), NULL, rn);
    for (size_t v = 0; v <= c; v++) {
        if (v < c && ct[r * (c + 1) + v] <= 0) continue;
        double *col = xmalloc((nr + 1) * sizeof *col);
        for (size_t i = 0; i <= nr; i++) col[i] = ct[keep[i] * (c + 1) + v];
        table_add_num(x, v < c ? vlev.v[v] : "total", NULL, col);
    }
    out_printf(&s->out, "  counts of %s by ", gname);
    out_text(&s->out, table_col_label(t, (size_t)vj, &lab));   /* a name from the data */
    out_puts(&s->out, ":\n");
    print_table(s, x, NULL, 0, NULL, 0);
    table_free(x);
    free(keep);
    free(ct);
    buf_free(&lab);
    strlist_free(&vlev);
}

/* The levels the test of column col dropped (rkeep / ckeep 0: no patient
 * has them together with a value of the other) as "COL: L, GROUP=L" in
 * *dropped; nothing when none was. */
static void note_dropped(const Table *t, const Groups *g, const char *gname, size_t col, const StrList *vlev,
                         const unsigned char *rkeep, const unsigned char *ckeep, StrList *dropped) {
    Buf b = {0}, lab = {0};
    size_t n = 0;   /* the levels dropped; the first 5 named */
    for (size_t j = 0; j < vlev->n; j++)
        if (!ckeep[j] && n++ < 5) buf_printf(&b, "%s'%s'", b.len ? ", " : "", vlev->v[j]);
    for (size_t i = 0; i < g->lev.n; i++)
        if (!rkeep[i] && n++ < 5) buf_printf(&b, "%s%s='%s'", b.len ? ", " : "", gname, g->lev.v[i]);
    if (n > 5) buf_printf(&b, ", … (%zu levels)", n);
    if (n) strlist_addf(dropped, "%s: %s", table_col_label(t, col, &lab), b.s);
    buf_free(&b);
    buf_free(&lab);
}

/* The test of every column of selector with (not GROUP, named gname)
 * against GROUP into *rows (caller frees), adjusted with the family's
 * counts in *f, ordered by p; vid (t->nrow) is scratch.  Chi-squared tests
 * with an expected count below 5 are listed in *small, the levels dropped
 * before a test (no patient has them with a value of the other) in
 * *dropped.  Returns how many, or -1 after the error. */
static long assoc_vars(Session *s, const Table *t, const Groups *g, const char *gname, const char *with,
                       const AssocOpts *o, size_t *vid, ARow **rows, StrList *small, StrList *dropped, PFamily *f) {
    size_t *cols, nv = 0;
    long nc = command_columns(s, "assoc", t, with, &cols);
    if (nc < 0) return -1;
    *rows = xmalloc(((size_t)nc ? (size_t)nc : 1) * sizeof **rows);
    unsigned char *rkeep = xmalloc(g->lev.n ? g->lev.n : 1), *ckeep = NULL;
    Buf lab = {0};
    for (long k = 0; k < nc && nv != (size_t)-1; k++) {
        if ((long)cols[k] == g->col) continue;
        StrList vlev = {0};
        if (command_groups(s, "assoc", t, (long)cols[k], vid, &vlev) < 0) nv = (size_t)-1;
        else {
            ARow *w = &(*rows)[nv++];
            *w = (ARow){.col = cols[k], .q = NAN};
            ckeep = xrealloc(ckeep, vlev.n ? vlev.n : 1);
            w->r = ct_groups(g->gid, g->lev.n, vid, vlev.n, t->nrow, TEST_OF[o->test], (size_t)o->B,
                             (unsigned long)o->seed, &w->n, &w->fisher, rkeep, ckeep);
            note_dropped(t, g, gname, cols[k], &vlev, rkeep, ckeep, dropped);
            if (!w->fisher && w->r.min_expected < 5)
                strlist_addf(small, "%s (%.2g)", table_col_label(t, cols[k], &lab), w->r.min_expected);
        }
        strlist_free(&vlev);
    }
    buf_free(&lab);
    free(cols);
    free(rkeep);
    free(ckeep);
    if (nv == (size_t)-1) return -1;
    if (!nv) { rgx_error(s, "assoc: no column to test"); return -1; }
    if (adjust_rows(s, "assoc", *rows, nv, sizeof **rows, offsetof(ARow, r.p), offsetof(ARow, q), o->adjm, f) < 0)
        return -1;
    qsort(*rows, nv, sizeof **rows, cmp_arow);
    return (long)nv;
}

/* The result table NAME: a row per variable (variable n stat df p q test,
 * and or or_low or_high when some table is 2 × 2).  *n22 gets how many are. */
static Table *assoc_table(const Table *t, const ARow *rows, size_t nv, const char *name, size_t *n22) {
    Table *o = table_new(name, t->name, nv);
    char **vn = xcalloc(nv, sizeof *vn), **tn = xcalloc(nv, sizeof *tn);
    double *cn = xmalloc(nv * sizeof *cn), *cs = xmalloc(nv * sizeof *cs), *cd = xmalloc(nv * sizeof *cd);
    double *cp = xmalloc(nv * sizeof *cp), *cq = xmalloc(nv * sizeof *cq);
    double *co = xmalloc(nv * sizeof *co), *cl = xmalloc(nv * sizeof *cl), *ch = xmalloc(nv * sizeof *ch);
    Buf lab = {0};
    *n22 = 0;
    for (size_t i = 0; i < nv; i++) {
        co[i] = rows[i].r.or_mle;
        cl[i] = rows[i].r.or_low;
        ch[i] = rows[i].r.or_high;
        *n22 += !isnan(co[i]);
        vn[i] = xstrdup(table_col_label(t, rows[i].col, &lab));
        tn[i] = xstrdup(rows[i].fisher ? (isnan(rows[i].r.stat) ? "fisher-mc" : "fisher") : "chisq");
        cn[i] = (double)rows[i].n;
        cs[i] = rows[i].r.stat;
        cd[i] = rows[i].r.df;
        cp[i] = rows[i].r.p;
        cq[i] = rows[i].q;
    }
    buf_free(&lab);
    table_add_str(o, "variable", NULL, vn);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "stat", NULL, cs);
    table_add_num(o, "df", NULL, cd);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    table_add_str(o, "test", NULL, tn);
    if (*n22) {   /* only when some table is 2 x 2, as roc's pauc only with partial= */
        table_add_num(o, "or", NULL, co);
        table_add_num(o, "or_low", NULL, cl);
        table_add_num(o, "or_high", NULL, ch);
    } else {
        free(co);
        free(cl);
        free(ch);
    }
    return o;
}

/* The summary: what was tested, which tests, the count at q < 0.05, the
 * chi-squared warning, the table. */
static void print_summary(Session *s, const Table *t, const Table *o, const char *group, const Groups *g,
                          const AssocOpts *ao, size_t n22, const PFamily *f, const StrList *small,
                          const StrList *dropped) {
    out_printf(&s->out, "assoc %s: %s (%zu groups) against %zu variable%s of %s, test=%s\n", o->name, group, g->lev.n,
               o->nrow, o->nrow == 1 ? "" : "s", t->name, TEST_NAME[ao->test]);
    /* the definitions once per session; the resamples of fisher-mc whenever it ran */
    if (session_once(s, "assoc tests"))
        out_puts(&s->out, "  chisq: Pearson's X-squared (Yates-corrected for 2 x 2); fisher: exact for 2 x 2 (stat = "
                          "sample odds ratio); fisher-mc: Monte-Carlo p of larger tables (said once per session)\n");
    long jt = table_find(o, "test");
    int mc = 0;
    for (size_t i = 0; jt >= 0 && i < o->nrow && !mc; i++) mc = o->cols[jt].str[i] && !strcmp(o->cols[jt].str[i], "fisher-mc");
    if (mc) out_printf(&s->out, "  fisher-mc: %ld seeded resamples (seed %ld)\n", ao->B, ao->seed);
    if (n22 && session_once(s, "assoc or"))
        out_puts(&s->out, "  or: for 2 x 2 tables, fisher.test's conditional maximum-likelihood odds ratio with its 95% "
                          "interval (solved precisely; fisher.test stops at uniroot's tolerance)\n");
    if (dropped->n) {   /* a level seen only where the other value is missing (after a left join) */
        Buf b = {0};
        for (size_t i = 0; i < dropped->n && i < 10; i++) buf_printf(&b, "%s%s", i ? "; " : "", dropped->v[i]);
        if (dropped->n > 10) buf_printf(&b, "; and %zu more", dropped->n - 10);
        out_puts(&s->out, "  levels dropped before choosing the test (no patient has them with a value of the other): ");
        out_text(&s->out, b.s);   /* names from the data */
        out_puts(&s->out, "\n");
        buf_free(&b);
    }
    out_printf(&s->out, "  %zu at q < 0.05\n", f->sig);
    if (small->n) {
        Buf b = {0};
        join_list(&b, (const char *const *)small->v, small->n, 10);
        rgx_warn(s, "assoc: chi-squared approximation may be incorrect (an expected count below 5, as chisq.test warns) "
                    "for %s (the smallest expected count of each); test=fisher gives an exact or Monte-Carlo p", b.s);
        buf_free(&b);
    }
    print_head(s, o, 10);
}

int cmd_assoc(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *with = args_take_kw(a, "with");
    const char *as = args_take_kw(a, "as");
    AssocOpts ao;
    ao.test = args_get_choice(a, "test", 0, NULL);
    ao.adjm = adjust_option(a);
    ao.B = args_get_int(a, "b", 10000, 100, 10000000L);
    ao.seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !with) return args_usage(s, a);
    if (as && !valid_table_name(s, "assoc", as)) return 1;
    Table *t = command_table(s, "assoc", in, a->pos[0]);
    if (!t) return 1;
    Groups g = {0};
    g.col = command_grouping(s, "assoc", t, a->pos[0], "", &g.gid, &g.lev);
    if (g.col < 0) return 1;
    size_t *vid = xmalloc((t->nrow ? t->nrow : 1) * sizeof *vid), n22;
    ARow *rows = NULL;
    StrList small = {0};   /* chi-squared tests with an expected count below 5 */
    StrList dropped = {0}; /* levels dropped before a test */
    PFamily f;
    int rc = 1;
    long nv = assoc_vars(s, t, &g, a->pos[0], with, &ao, vid, &rows, &small, &dropped, &f);
    if (nv < 0) goto done;
    char *name = as ? xstrdup(as) : session_new_name(s, "assoc");
    Table *o = assoc_table(t, rows, (size_t)nv, name, &n22);
    free(name);
    print_summary(s, t, o, a->pos[0], &g, &ao, n22, &f, &small, &dropped);
    if (nv == 1) print_crosstab(s, t, &g, a->pos[0], (long)rows[0].col, vid);
    Result *res = command_result(a, "assoc", o);
    result_param(res, "group", a->pos[0]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    rc = 0;
done:
    strlist_free(&small);
    strlist_free(&dropped);
    free(g.gid);
    free(vid);
    free(rows);
    strlist_free(&g.lev);
    return rc;
}
