/* cmd_cutpoint.c — cutpoint: the maximally selected log-rank cutpoint of
 * continuous features, with a p-value that accounts for the search
 * (stats/cutpoint.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/survutil.h"
#include "stats/cutpoint.h"
#include "stats/padjust.h"

/* The result's columns, a row per feature (all owned until the table takes them). */
typedef struct Rows {
    size_t n;               /* rows */
    char **feature;
    double *used, *cut, *n_low, *stat, *p;
} Rows;

static void rows_init(Rows *r, size_t cap) {
    r->n = 0;
    r->feature = xcalloc(cap + 1, sizeof *r->feature);
    r->used = xmalloc((cap + 1) * sizeof *r->used);
    r->cut = xmalloc((cap + 1) * sizeof *r->cut);
    r->n_low = xmalloc((cap + 1) * sizeof *r->n_low);
    r->stat = xmalloc((cap + 1) * sizeof *r->stat);
    r->p = xmalloc((cap + 1) * sizeof *r->p);
}

static void rows_free(Rows *r) {
    for (size_t i = 0; i < r->n; i++) free(r->feature[i]);
    free(r->feature);
    free(r->used);
    free(r->cut);
    free(r->n_low);
    free(r->stat);
    free(r->p);
}

/* The columns of selector sel that cutpoint leaves out: TIME or EVENT
 * itself, and text columns, said in one line each ("time is the TIME
 * column", "g is text") into *why.  Returns how many. */
static size_t not_features(const Table *t, const SurvData *sv, const size_t *cols, long nc, StrList *why) {
    Buf lab = {0}, surv = {0}, text = {0};
    size_t ns = 0, nt = 0;
    for (long k = 0; k < nc; k++) {
        long j = (long)cols[k];
        const char *l = table_col_label(t, cols[k], &lab);
        if (j == sv->jt || j == sv->je) buf_printf(&surv, "%s%s is the %s column", ns++ ? ", " : "", l, j == sv->jt ? "TIME" : "EVENT");
        else if (t->cols[j].type != COL_NUM) buf_printf(&text, "%s%s", nt++ ? ", " : "", l);
    }
    if (ns) strlist_addf(why, "%s (a survival column is no feature)", surv.s);
    if (nt) strlist_addf(why, "%s %s text (cutpoint cuts numeric features)", text.s, nt == 1 ? "is" : "are");
    buf_free(&lab);
    buf_free(&surv);
    buf_free(&text);
    return ns + nt;
}

/* The cutpoint of every numeric column of selector sel (not TIME or
 * EVENT), a row each in *r; p by perm permutations when perm > 0.  The
 * columns left out are said (an error when no feature is left); so are
 * the features without a cut.  0, or -1 after the error. */
static int cut_features(Session *s, const Table *t, const SurvData *sv, const char *sel, double minprop, long perm,
                        long seed, Rows *r) {
    size_t *cols;
    long nc = command_columns(s, "cutpoint", t, sel, &cols);
    if (nc < 0) return -1;
    StrList why = {0};
    size_t left_out = not_features(t, sv, cols, nc, &why);
    if (left_out == (size_t)nc) {
        Buf b = {0};
        join_list(&b, (const char *const *)why.v, why.n, why.n);
        rgx_error(s, "cutpoint: no feature to cut in %s: %s", sel, b.s);
        buf_free(&b);
        strlist_free(&why);
        free(cols);
        return -1;
    }
    for (size_t i = 0; i < why.n; i++) rgx_warn(s, "cutpoint: left out: %s", why.v[i]);
    strlist_free(&why);
    rows_init(r, (size_t)nc);
    Buf lab = {0};
    int rc = 0;
    for (long k = 0; k < nc && !rc; k++) {
        const Column *c = &t->cols[cols[k]];
        if (c->type != COL_NUM || (long)cols[k] == sv->jt || (long)cols[k] == sv->je) continue;
        Cutpoint cp;
        int cr = cutpoint_logrank(sv->time, sv->event, c->num, t->nrow, minprop, 1 - minprop, &cp);
        if (cr == -1) { rgx_error(s, "cutpoint: out of memory"); rc = -1; break; }
        size_t i = r->n++;
        r->feature[i] = xstrdup(table_col_label(t, cols[k], &lab));
        r->cut[i] = cr == 0 ? cp.cut : NAN;
        r->stat[i] = cr == 0 ? cp.stat : NAN;
        r->used[i] = (double)cp.n;
        r->n_low[i] = (double)cp.n_low;
        r->p[i] = cr != 0 ? NAN : perm > 0 ? cutpoint_perm_p(sv->time, sv->event, c->num, t->nrow, minprop, cp.stat,
                                                             (size_t)perm, (unsigned long)seed, s->cancel) : cp.p;
        if (cr == -2 && !cp.n)
            rgx_warn(s, "cutpoint: %s: no patient has a time, an event and a value of it: no cut", r->feature[i]);
        else if (cr == -2)
            rgx_warn(s, "cutpoint: %s has too few distinct values between the %g and %g quantiles (%zu patient%s with "
                        "a time, an event and a value)", r->feature[i], minprop, 1 - minprop, cp.n, cp.n == 1 ? "" : "s");
        else if (isnan(cp.stat))
            rgx_warn(s, "cutpoint: %s: no cut gives a log-rank statistic (no events, or all log-rank scores equal)",
                     r->feature[i]);
    }
    buf_free(&lab);
    free(cols);
    return rc;
}

/* The result table NAME of source src; takes the columns of r, and q
 * (the adjusted p, r->n values). */
static Table *cut_table(Rows *r, double *q, const char *name, const char *src) {
    Table *o = table_new(name, src, r->n);
    table_add_str(o, "feature", NULL, r->feature);
    table_add_num(o, "n", NULL, r->used);
    table_add_num(o, "cutpoint", NULL, r->cut);
    table_add_num(o, "n_low", NULL, r->n_low);
    table_add_num(o, "stat", NULL, r->stat);
    table_add_num(o, "p", NULL, r->p);
    table_add_num(o, "q", NULL, q);
    *r = (Rows){0};
    return o;
}

/* The summary: what was searched, EVENT's coding, which p, the table, and
 * the km command that draws a single feature's split. */
static void print_summary(Session *s, const Args *a, const Table *t, const Table *o, const SurvData *sv, double minprop,
                          long perm, long seed, int adjm, const PFamily *f) {
    Buf b1 = {0}, b2 = {0}, b3 = {0};
    out_printf(&s->out, "cutpoint %s: maximally selected log-rank statistic of %s, %s in %s, cuts between the "
                        "%g and %g quantiles\n", o->name, fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), t->name,
               minprop, 1 - minprop);
    if (sv->note) out_printf(&s->out, "  event: %s\n", sv->note);
    if (perm > 0) out_printf(&s->out, "  p: %ld seeded permutations (seed %ld)\n", perm, seed);
    else out_puts(&s->out, "  p: Lausen-Schumacher (1992) approximation, which accounts for the search\n");
    char chance[32];
    if (o->nrow > 1)   /* a selector: a family, adjusted as screen's */
        out_printf(&s->out, "  q: p adjusted over the %zu features (adjust=%s); %zu at p < 0.05 (%s expected by chance "
                            "alone), %zu at q < 0.05\n", f->tested, adjust_name(adjm), f->nominal,
                   chance_count(f->tested, chance, sizeof chance), f->sig);
    print_head(s, o, 20);
    long jc = table_find(o, "cutpoint");
    if (o->nrow == 1 && !isnan(o->cols[jc].num[0]))
        out_printf(&s->out, "  next: km %s %s by %s in %s split=%.10g\n", fmt_text(&b1, a->pos[0]),
                   fmt_text(&b2, a->pos[1]), fmt_text(&b3, o->cols[0].str[0]), t->name, o->cols[jc].num[0]);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
}

int cmd_cutpoint(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    double minprop = args_get_double(a, "minprop", 0.1, 0.01, 0.49);
    long perm = args_get_int(a, "perm", 0, 0, 1000000L);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    int adjm = adjust_option(a);
    if (args_failed(s, a)) return 1;
    if (a->npos != 3) return args_usage(s, a);
    if (as && !valid_table_name(s, "cutpoint", as)) return 1;
    Table *t = command_table(s, "cutpoint", in, a->pos[0]);
    if (!t) return 1;
    if (!t->nrow) { rgx_error(s, "cutpoint: table %s has no rows: no patient to cut", t->name); return 1; }
    SurvData sv;
    if (command_survival(s, "cutpoint", t, a->pos[0], a->pos[1], 1, &sv) < 0) return 1;
    Rows r = {0};
    int rc = 1;
    if (cut_features(s, t, &sv, a->pos[2], minprop, perm, seed, &r) < 0) goto done;
    if (session_cancelled(s)) { rgx_error(s, "cutpoint: interrupted; no result was stored"); goto done; }
    double *q = xmalloc((r.n ? r.n : 1) * sizeof *q);
    PFamily fam;
    int arc = p_adjust_family(r.p, r.n, (AdjustMethod)adjm, q, &fam);
    if (arc < 0) { adjust_error(s, "cutpoint", arc, r.n); free(q); goto done; }
    char *name = as ? xstrdup(as) : session_new_name(s, "cutpoint");
    Table *o = cut_table(&r, q, name, t->name);
    free(name);
    print_summary(s, a, t, o, &sv, minprop, perm, seed, adjm, &fam);
    Result *res = command_result(a, "cutpoint", o);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "feature", a->pos[2]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    rc = 0;
done:
    rows_free(&r);
    surv_data_free(&sv);
    return rc;
}
