/* cmd_concordance.c — concordance: Harrell's C of a predictor (or each of
 * a selector's) with survival, with survival::concordance's standard
 * error (stats/concordance.h), the direction said out loud. */
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/survutil.h"
#include "stats/concordance.h"

/* Is column j of t a predictor: numeric, and neither TIME nor EVENT. */
static int is_predictor(const Table *t, size_t j, const SurvData *sv) {
    return t->cols[j].type == COL_NUM && (long)j != sv->jt && (long)j != sv->je;
}

/* The table NAME: one row per predictor among cols (predictor n events
 * c_index se low high concordant discordant tied_x tied_y direction);
 * the caller owns it.  NULL (error said) when out of memory. */
static Table *conc_table(Session *s, const char *name, const Table *t, const size_t *cols, long nc, size_t np,
                         const SurvData *sv, int reverse) {
    Table *o = table_new(name, t->name, np);
    char **pn = xcalloc(np, sizeof *pn), **dn = xcalloc(np, sizeof *dn);
    double *col[10];
    for (int k = 0; k < 10; k++) col[k] = xmalloc(np * sizeof **col);
    ConcDirection dir = reverse ? CONC_HIGHER_LONGER : CONC_HIGHER_RISK;
    Buf lab = {0};
    size_t r = 0;
    for (long c = 0; c < nc; c++) {
        if (!is_predictor(t, cols[c], sv)) continue;
        ConcordanceFit f;
        if (concordance_fit(sv->time, sv->event, t->cols[cols[c]].num, t->nrow, dir, &f) < 0) {
            rgx_error(s, "concordance: out of memory");
            for (size_t k = 0; k < r; k++) { free(pn[k]); free(dn[k]); }
            free(pn); free(dn);
            for (int k = 0; k < 10; k++) free(col[k]);
            table_free(o);
            buf_free(&lab);
            return NULL;
        }
        pn[r] = xstrdup(table_col_label(t, cols[c], &lab));
        dn[r] = xstrdup(reverse ? "higher = longer survival" : "higher = higher risk");
        double lo, hi;
        concordance_limits(&f, &lo, &hi);
        double v[10] = {(double)f.n, (double)f.events, f.c, f.se, lo, hi,
                        f.concordant, f.discordant, f.tied_x, f.tied_y};
        for (int k = 0; k < 10; k++) col[k][r] = v[k];
        r++;
    }
    buf_free(&lab);
    table_add_str(o, "predictor", NULL, pn);
    static const char *const cn[10] = {"n", "events", "c_index", "se", "low", "high", "concordant", "discordant",
                                       "tied_x", "tied_y"};
    for (int k = 0; k < 10; k++) table_add_num(o, cn[k], NULL, col[k]);
    table_add_str(o, "direction", NULL, dn);
    return o;
}

/* The lines above the table: what was computed, and in which direction. */
static void print_summary(Session *s, const Args *a, const char *name, size_t np, const Table *t, const SurvData *sv,
                          int reverse) {
    Buf b1 = {0}, b2 = {0};
    out_printf(&s->out, "concordance %s: Harrell's C of %zu predictor%s with %s, %s in %s\n", name, np,
               np == 1 ? "" : "s", fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), t->name);
    if (sv->note) out_printf(&s->out, "  event: %s\n", sv->note);
    if (reverse)
        out_puts(&s->out, "  reverse=yes: a pair is concordant when the patient who lived LONGER has the higher value (a "
                          "predicted survival time), as survival::concordance(Surv ~ x) by default\n");
    else
        out_puts(&s->out, "  higher value = higher risk: a pair is concordant when the patient who died first has the "
                          "higher value (a risk score), as coxph reports it and survival::concordance(Surv ~ x, "
                          "reverse = TRUE); reverse=yes for a predicted survival time\n");
    out_puts(&s->out, "  comparable pairs: the shorter time an event; predictor ties count 1/2; se: survival's "
                      "(infinitesimal jackknife); low, high: C -/+ 1.96 se\n");
    buf_free(&b1);
    buf_free(&b2);
}

int cmd_concordance(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as");
    int reverse = args_get_bool(a, "reverse", 0);
    if (args_failed(s, a)) return 1;
    if (a->npos != 3) return args_usage(s, a);
    if (as && !valid_table_name(s, "concordance", as)) return 1;
    Table *t = command_table(s, "concordance", in, a->pos[0]);
    if (!t) return 1;
    SurvData sv;
    if (command_survival(s, "concordance", t, a->pos[0], a->pos[1], 1, &sv) < 0) return 1;
    size_t *cols = NULL;
    int rc = 1;
    long nc = command_columns(s, "concordance", t, a->pos[2], &cols);
    if (nc < 0) goto done;
    size_t np = 0;
    for (long c = 0; c < nc; c++) np += is_predictor(t, cols[c], &sv);
    if (!np) {
        Buf b = {0};
        rgx_error(s, "concordance: %s selects no numeric predictor", fmt_text(&b, a->pos[2]));
        buf_free(&b);
        goto done;
    }
    char *name = as ? xstrdup(as) : session_new_name(s, "concordance");
    Table *o = conc_table(s, name, t, cols, nc, np, &sv, reverse);
    if (!o) { free(name); goto done; }
    print_summary(s, a, name, np, t, &sv, reverse);
    print_head(s, o, 10);
    Result *res = command_result(a, "concordance", o);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "predictor", a->pos[2]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    free(cols);
    surv_data_free(&sv);
    return rc;
}
