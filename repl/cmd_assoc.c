/* cmd_assoc.c — assoc: a categorical column (a cluster, a subtype)
 * against mutation or other categorical columns, with FDR. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/contingency.h"
#include "stats/padjust.h"

typedef struct ARow {
    size_t col;         /* the variable */
    size_t n;           /* patients with both values */
    CtResult r;         /* the test */
    int fisher;         /* which test */
    double q;           /* adjusted p */
} ARow;

static int cmp_arow(const void *a, const void *b) {
    const ARow *x = a, *y = b;
    return cmp_p_then_col(x->r.p, x->col, y->r.p, y->col);
}

/* One variable: the contingency table itself, with margins, as R's
 * addmargins(table(GROUP, VAR)). */
static void print_crosstab(Session *s, const Table *t, long gj, const char *gname, long vj, const size_t *gid,
                           size_t *vid, const StrList *glev) {
    StrList vlev = {0};
    if (command_groups(s, "assoc", t, vj, vid, &vlev) < 0) { strlist_free(&vlev); return; }
    size_t r = glev->n, c = vlev.n, n = t->nrow;
    double *ct = xcalloc((r + 1) * (c + 1), sizeof *ct);
    for (size_t i = 0; i < n; i++)
        if (gid[i] != GROUP_NONE_IDX && vid[i] != GROUP_NONE_IDX) {
            ct[gid[i] * (c + 1) + vid[i]]++;
            ct[gid[i] * (c + 1) + c]++;
            ct[r * (c + 1) + vid[i]]++;
            ct[r * (c + 1) + c]++;
        }
    Buf lab = {0};
    Table *x = table_new("crosstab", t->name, r + 1);
    char **rn = xcalloc(r + 1, sizeof *rn);
    for (size_t g = 0; g < r; g++) rn[g] = xstrdup(glev->v[g]);
    rn[r] = xstrdup("total");
    table_add_str(x, table_col_label(t, (size_t)gj, &lab), NULL, rn);
    for (size_t v = 0; v <= c; v++) {
        double *col = xmalloc((r + 1) * sizeof *col);
        for (size_t g = 0; g <= r; g++) col[g] = ct[g * (c + 1) + v];
        table_add_num(x, v < c ? vlev.v[v] : "total", NULL, col);
    }
    out_printf(&s->out, "  counts of %s by ", gname);
    out_text(&s->out, table_col_label(t, (size_t)vj, &lab));   /* a name from the data */
    out_puts(&s->out, ":\n");
    print_table(s, x, NULL, 0, NULL, 0);
    table_free(x);
    free(ct);
    buf_free(&lab);
    strlist_free(&vlev);
}

int cmd_assoc(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *with = args_take_kw(a, "with");
    const char *as = args_take_kw(a, "as");
    int test = args_get_choice(a, "test", 0, NULL);
    int adjm = adjust_option(a);
    long B = args_get_int(a, "b", 10000, 100, 10000000L);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !with) return args_usage(s, a);
    if (as && !valid_table_name(s, "assoc", as)) return 1;
    Table *t = command_table(s, "assoc", in, a->pos[0]);
    if (!t) return 1;
    size_t *gid = NULL;
    StrList glev = {0};
    long gj = command_grouping(s, "assoc", t, a->pos[0], "", &gid, &glev);
    if (gj < 0) return 1;
    size_t n = t->nrow;
    size_t *vid = xmalloc((n ? n : 1) * sizeof *vid);
    size_t *cols = NULL;
    ARow *rows = NULL;
    int rc = 1;
    StrList small = {0};   /* chi-squared tests with an expected count below 5 */
    Buf lab = {0};
    long nc = command_columns(s, "assoc", t, with, &cols);
    if (nc < 0) goto done;
    rows = xmalloc(((size_t)nc ? (size_t)nc : 1) * sizeof *rows);
    size_t nv = 0;
    for (long k = 0; k < nc; k++) {
        if ((long)cols[k] == gj) continue;
        StrList vlev = {0};
        if (command_groups(s, "assoc", t, (long)cols[k], vid, &vlev) < 0) { strlist_free(&vlev); goto done; }
        size_t r = glev.n, c = vlev.n, used = 0;
        double *ct = xcalloc(r * c, sizeof *ct);
        for (size_t i = 0; i < n; i++)
            if (gid[i] != GROUP_NONE_IDX && vid[i] != GROUP_NONE_IDX) { ct[gid[i] * c + vid[i]] += 1; used++; }
        int fisher = test == 2 || (test == 0 && r == 2 && c == 2);
        CtResult res = fisher ? ct_fisher(ct, r, c, (size_t)B, (unsigned long)seed) : ct_chisq(ct, r, c);
        if (!fisher && res.min_expected < 5) {
            Buf w = {0};
            buf_printf(&w, "%s (%.2g)", table_col_label(t, cols[k], &lab), res.min_expected);
            strlist_add(&small, w.s);
            buf_free(&w);
        }
        rows[nv++] = (ARow){cols[k], used, res, fisher, NAN};
        free(ct);
        strlist_free(&vlev);
    }
    if (!nv) { rgx_error(s, "assoc: no column to test"); goto done; }
    double *pv = xmalloc(nv * sizeof *pv), *qv = xmalloc(nv * sizeof *qv);
    for (size_t i = 0; i < nv; i++) pv[i] = rows[i].r.p;
    int arc = p_adjust(pv, nv, (AdjustMethod)adjm, qv);
    if (arc < 0) {
        if (arc == -2) rgx_error(s, "assoc: adjust=hommel takes time in the square of the family: %zu p-values is more than its %d "
                                    "(adjust=hochberg is close to it and fast)", nv, PADJ_HOMMEL_MAX);
        else rgx_error(s, "assoc: out of memory");
        free(pv);
        free(qv);
        goto done;
    }
    size_t sig = 0;
    for (size_t i = 0; i < nv; i++) { rows[i].q = qv[i]; sig += qv[i] < 0.05; }
    free(pv);
    free(qv);
    qsort(rows, nv, sizeof *rows, cmp_arow);
    char *name = as ? xstrdup(as) : session_new_name(s, "assoc");
    Table *o = table_new(name, t->name, nv);
    char **vn = xcalloc(nv, sizeof *vn), **tn = xcalloc(nv, sizeof *tn);
    double *cn = xmalloc(nv * sizeof *cn), *cs = xmalloc(nv * sizeof *cs), *cd = xmalloc(nv * sizeof *cd);
    double *cp = xmalloc(nv * sizeof *cp), *cq = xmalloc(nv * sizeof *cq);
    double *co = xmalloc(nv * sizeof *co), *cl = xmalloc(nv * sizeof *cl), *ch = xmalloc(nv * sizeof *ch);
    size_t n22 = 0;
    for (size_t i = 0; i < nv; i++) {
        co[i] = rows[i].r.or_mle;
        cl[i] = rows[i].r.or_low;
        ch[i] = rows[i].r.or_high;
        n22 += !isnan(co[i]);
        vn[i] = xstrdup(table_col_label(t, rows[i].col, &lab));
        tn[i] = xstrdup(rows[i].fisher ? (isnan(rows[i].r.stat) ? "fisher-mc" : "fisher") : "chisq");
        cn[i] = (double)rows[i].n;
        cs[i] = rows[i].r.stat;
        cd[i] = rows[i].r.df;
        cp[i] = rows[i].r.p;
        cq[i] = rows[i].q;
    }
    table_add_str(o, "variable", NULL, vn);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "stat", NULL, cs);
    table_add_num(o, "df", NULL, cd);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    table_add_str(o, "test", NULL, tn);
    if (n22) {   /* only when some table is 2 x 2, as roc's pauc only with partial= */
        table_add_num(o, "or", NULL, co);
        table_add_num(o, "or_low", NULL, cl);
        table_add_num(o, "or_high", NULL, ch);
    } else {
        free(co);
        free(cl);
        free(ch);
    }
    static const char *const tests[] = {"auto", "chisq", "fisher"};
    out_printf(&s->out, "assoc %s: %s (%zu groups) against %zu variable%s of %s, test=%s\n", name, a->pos[0], glev.n,
               nv, nv == 1 ? "" : "s", t->name, tests[test]);
    out_puts(&s->out, "  chisq: Pearson's X-squared (Yates-corrected for 2 x 2); fisher: exact for 2 x 2 (stat = "
                      "sample odds ratio)");
    out_printf(&s->out, ", fisher-mc: %ld seeded resamples (seed %ld)\n", B, seed);
    if (n22)
        out_puts(&s->out, "  or: for 2 x 2 tables, fisher.test's conditional maximum-likelihood odds ratio with its 95% "
                          "interval (solved precisely; fisher.test stops at uniroot's tolerance)\n");
    out_printf(&s->out, "  %zu at q < 0.05\n", sig);
    if (small.n) {
        Buf b = {0};
        join_list(&b, (const char *const *)small.v, small.n, 10);
        rgx_warn(s, "assoc: chi-squared approximation may be incorrect (an expected count below 5, as chisq.test warns) "
                    "for %s (the smallest expected count of each); test=fisher gives an exact or Monte-Carlo p", b.s);
        buf_free(&b);
    }
    print_head(s, o, 10);
    if (nv == 1) print_crosstab(s, t, gj, a->pos[0], (long)rows[0].col, gid, vid, &glev);
    Result *res = command_result(a, "assoc", o);
    result_param(res, "group", a->pos[0]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    buf_free(&lab);
    strlist_free(&small);
    free(gid);
    free(vid);
    free(cols);
    free(rows);
    strlist_free(&glev);
    return rc;
}
