/* cmd_cutpoint.c — cutpoint: the maximally selected log-rank cutpoint of
 * continuous features, with a p-value that accounts for the search. */
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/cutpoint.h"

/* Permutation p: (1 + #{max statistic of permuted x >= observed}) / (B + 1). */
static double perm_p(const double *time, const double *event, const double *x, size_t n, double minprop,
                     double stat, long B, unsigned long seed, volatile sig_atomic_t *cancel) {
    double *px = malloc((n ? n : 1) * sizeof *px);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!px || !g) { free(px); if (g) gsl_rng_free(g); return NAN; }
    gsl_rng_set(g, seed);
    memcpy(px, x, n * sizeof *px);
    long hits = 0, done = 0;
    for (long b = 0; b < B; b++) {
        if (cancel && *cancel) break;
        for (size_t i = n; i > 1; i--) {   /* Fisher–Yates */
            size_t j = (size_t)gsl_rng_uniform_int(g, i);
            double tmp = px[i - 1]; px[i - 1] = px[j]; px[j] = tmp;
        }
        Cutpoint c;
        if (cutpoint_logrank(time, event, px, n, minprop, 1 - minprop, &c) == 0 && !isnan(c.stat))
            hits += c.stat >= stat * (1 - 1e-12);
        done++;
    }
    free(px);
    gsl_rng_free(g);
    return done == B ? (1.0 + (double)hits) / ((double)B + 1.0) : NAN;
}

int cmd_cutpoint(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    double minprop = args_get_double(a, "minprop", 0.1, 0.01, 0.49);
    long perm = args_get_int(a, "perm", 0, 0, 1000000L);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (a->npos != 3) return args_usage(s, a);
    if (as && !valid_table_name(s, "cutpoint", as)) return 1;
    Table *t = command_table(s, "cutpoint", in, a->pos[0]);
    if (!t) return 1;
    Buf err = {0};
    long jt = table_find_err(t, a->pos[0], &err), je = jt >= 0 ? table_find_err(t, a->pos[1], &err) : -1;
    if (je < 0) { rgx_error(s, "cutpoint: %s", err.s); buf_free(&err); return 1; }
    if (t->cols[jt].type != COL_NUM) {
        rgx_error(s, "cutpoint: TIME must be numeric (load clinical codes it)");
        return 1;
    }
    double *event;
    char *enote;
    if (command_event(s, "cutpoint", t, je, &event, &enote) < 0) return 1;
    size_t *cols;
    long nc = command_columns(s, "cutpoint", t, a->pos[2], &cols);
    if (nc < 0) { free(event); free(enote); return 1; }
    size_t nr = 0;
    char **fn = xcalloc((size_t)nc + 1, sizeof *fn);
    double *cc = xmalloc(((size_t)nc + 1) * sizeof *cc), *cs = xmalloc(((size_t)nc + 1) * sizeof *cs);
    double *cp = xmalloc(((size_t)nc + 1) * sizeof *cp), *cn = xmalloc(((size_t)nc + 1) * sizeof *cn);
    double *cl = xmalloc(((size_t)nc + 1) * sizeof *cl);
    Buf lab = {0};
    for (long k = 0; k < nc; k++) {
        const Column *c = &t->cols[cols[k]];
        if (c->type != COL_NUM || (long)cols[k] == jt || (long)cols[k] == je) continue;
        Cutpoint cp1;
        int r = cutpoint_logrank(t->cols[jt].num, event, c->num, t->nrow, minprop, 1 - minprop, &cp1);
        if (r == -1) { rgx_error(s, "cutpoint: out of memory"); break; }
        fn[nr] = xstrdup(table_col_label(t, cols[k], &lab));
        cc[nr] = r == 0 ? cp1.cut : NAN;
        cs[nr] = r == 0 ? cp1.stat : NAN;
        cn[nr] = (double)cp1.n;
        cl[nr] = (double)cp1.n_low;
        cp[nr] = r == 0 ? (perm > 0 ? perm_p(t->cols[jt].num, event, c->num, t->nrow, minprop, cp1.stat, perm,
                                            (unsigned long)seed, s->cancel) : cp1.p) : NAN;
        if (r == -2) rgx_warn(s, "cutpoint: %s has too few distinct values between the %g and %g quantiles",
                               fn[nr], minprop, 1 - minprop);
        else if (r == 0 && isnan(cp1.stat))
            rgx_warn(s, "cutpoint: %s: no cut gives a log-rank statistic (no events, or all log-rank scores equal)",
                     fn[nr]);
        nr++;
    }
    buf_free(&lab);
    free(cols);
    free(event);
    if (session_cancelled(s)) {
        free(enote);
        rgx_error(s, "cutpoint: interrupted; no result was stored");
        for (size_t i = 0; i < nr; i++) free(fn[i]);
        free(fn); free(cc); free(cs); free(cp); free(cn); free(cl);
        return 1;
    }
    char *name = as ? xstrdup(as) : session_new_name(s, "cutpoint");
    Table *o = table_new(name, t->name, nr);
    table_add_str(o, "feature", NULL, fn);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "cutpoint", NULL, cc);
    table_add_num(o, "n_low", NULL, cl);
    table_add_num(o, "stat", NULL, cs);
    table_add_num(o, "p", NULL, cp);
    Buf b1 = {0}, b2 = {0}, b3 = {0};
    out_printf(&s->out, "cutpoint %s: maximally selected log-rank statistic of %s, %s in %s, cuts between the "
                        "%g and %g quantiles\n", name, fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), t->name,
               minprop, 1 - minprop);
    if (enote) out_printf(&s->out, "  event: %s\n", enote);
    free(enote);
    if (perm > 0) out_printf(&s->out, "  p: %ld seeded permutations (seed %ld)\n", perm, seed);
    else out_puts(&s->out, "  p: Lausen-Schumacher (1992) approximation, which accounts for the search\n");
    print_head(s, o, 20);
    if (nr == 1 && !isnan(cc[0]))
        out_printf(&s->out, "  next: km %s %s by %s in %s split=%.10g\n", fmt_text(&b1, a->pos[0]),
                   fmt_text(&b2, a->pos[1]), fmt_text(&b3, fn[0]), t->name, cc[0]);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
    Result *res = command_result(a, "cutpoint", o);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "feature", a->pos[2]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    return 0;
}
