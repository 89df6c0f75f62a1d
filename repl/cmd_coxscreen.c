/* cmd_coxscreen.c — screen FEATURES by TIME EVENT: the univariate
 * survival screen, one Cox model per feature (stats/uniscreen.h) with its
 * hazard ratio per standard deviation, Wald p and the adjusted q; the
 * result kind is screen.  Reached from cmd_screen when two words follow
 * `by`. */
#include <math.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/survutil.h"
#include "stats/padjust.h"
#include "stats/uniscreen.h"

typedef struct URow {
    size_t col;         /* the feature's column */
    CoxUni u;           /* its model */
    double q;           /* adjusted p */
} URow;

static int cmp_urow(const void *a, const void *b) {
    const URow *x = a, *y = b;
    return cmp_p_then_col(x->u.p, x->col, y->u.p, y->col);
}

/* The result table: feature n events coef hr_sd low high z p q. */
static Table *uni_table(const char *name, const char *from, const Table *t, const URow *rows, size_t nf) {
    Table *o = table_new(name, from, nf);
    char **fn = xcalloc(nf ? nf : 1, sizeof *fn);
    double *c[9];
    for (int k = 0; k < 9; k++) c[k] = xmalloc((nf ? nf : 1) * sizeof **c);
    Buf lab = {0};
    for (size_t i = 0; i < nf; i++) {
        const CoxUni *u = &rows[i].u;
        fn[i] = xstrdup(table_col_label(t, rows[i].col, &lab));
        double v[9] = {(double)u->n, (double)u->events, u->coef, u->hr_sd, u->lo_sd, u->hi_sd, u->z, u->p, rows[i].q};
        for (int k = 0; k < 9; k++) c[k][i] = v[k];
    }
    buf_free(&lab);
    table_add_str(o, "feature", NULL, fn);
    static const char *const cn[9] = {"n", "events", "coef", "hr_sd", "low", "high", "z", "p", "q"};
    for (int k = 0; k < 9; k++) table_add_num(o, cn[k], NULL, c[k]);
    return o;
}

/* What the summary counts besides the p-values' family: text columns
 * skipped, models with a p that did not converge. */
typedef struct Tally {
    size_t skipped, nonconv;
    PFamily fam;            /* tested, at p < 0.05, at q < 0.05 */
} Tally;

/* One Cox model per numeric feature among cols (TIME and EVENT left
 * out) into rows[*nf]; text columns and models with a p that did not
 * converge counted in ty.  Returns 0, or −1 (error said: interrupted,
 * out of memory). */
static int fit_features(Session *s, const Table *t, const size_t *cols, long nc, const SurvData *sv, URow *rows,
                        size_t *nf, Tally *ty) {
    for (long c = 0; c < nc; c++) {
        if ((long)cols[c] == sv->jt || (long)cols[c] == sv->je) continue;   /* TIME and EVENT are no features */
        const Column *col = &t->cols[cols[c]];
        if (col->type != COL_NUM) { ty->skipped++; continue; }
        if (session_cancelled(s)) { rgx_error(s, "screen: interrupted; no result was stored"); return -1; }
        URow r = {cols[c], {0}, NAN};
        if (cox_univariate(sv->time, sv->event, col->num, t->nrow, TIES_EFRON, &r.u) < 0) {
            rgx_error(s, "screen: out of memory");
            return -1;
        }
        ty->nonconv += !isnan(r.u.p) && !r.u.converged;
        rows[(*nf)++] = r;
    }
    return 0;
}

/* The lines above the table: the models, the patients, the counts. */
static void print_summary(Session *s, const char *name, size_t nf, const Table *t, const char *time,
                          const char *event, int adjm, const SurvData *sv, const Tally *ty) {
    size_t used = 0, ev = 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (!isnan(sv->time[i]) && !isnan(sv->event[i])) { used++; ev += sv->event[i] == 1; }
    Buf b1 = {0}, b2 = {0};
    out_printf(&s->out, "screen %s: %zu feature%s of %s by %s, %s: one Cox model each (coxph, Efron), adjust=%s\n", name,
               nf, nf == 1 ? "" : "s", t->name, fmt_text(&b1, time), fmt_text(&b2, event), adjust_name(adjm));
    out_printf(&s->out, "  %zu patients with a time and an event (%zu events); each feature on those with its value\n",
               used, ev);
    if (sv->note) out_printf(&s->out, "  event: %s\n", sv->note);
    out_puts(&s->out, "  hr_sd: the hazard ratio per standard deviation of the feature, exp(coef x sd), with its Wald 95% "
                      "limits; z, p: Wald\n");
    char chance[32];
    out_printf(&s->out, "  %zu feature%s at p < 0.05 (%s expected by chance alone); %zu at q < 0.05\n", ty->fam.nominal,
               ty->fam.nominal == 1 ? "" : "s", chance_count(ty->fam.tested, chance, sizeof chance), ty->fam.sig);
    if (ty->skipped) out_printf(&s->out, "  %zu text column%s skipped\n", ty->skipped, ty->skipped == 1 ? "" : "s");
    if (nf > ty->fam.tested)
        out_printf(&s->out, "  %zu feature%s without a test (constant, or no events among its patients): NA\n",
                   nf - ty->fam.tested, nf - ty->fam.tested == 1 ? "" : "s");
    if (ty->nonconv)
        rgx_warn(s, "screen: %zu Cox model%s did not converge or ha%s an infinite coefficient (a feature separating the "
                    "events): their p is not reliable", ty->nonconv, ty->nonconv == 1 ? "" : "s",
                 ty->nonconv == 1 ? "s" : "ve");
    buf_free(&b1);
    buf_free(&b2);
}

int screen_survival(Session *s, Args *a, const char *in, const char *time, const char *as, int test, int adjm) {
    const char *event = a->pos[1];
    if (test) {
        rgx_error(s, "screen: test= chooses a test between groups; by TIME EVENT fits one Cox model per feature");
        return 1;
    }
    if (as && !valid_table_name(s, "screen", as)) return 1;
    Table *t = command_table(s, "screen", in, a->pos[0]);
    if (!t) return 1;
    SurvData sv;
    if (command_survival(s, "screen", t, time, event, 1, &sv) < 0) return 1;
    size_t *cols = NULL, nf = 0;
    URow *rows = NULL;
    Tally ty = {0};
    int rc = 1;
    long nc = command_columns(s, "screen", t, a->pos[0], &cols);
    if (nc < 0) goto done;
    rows = xmalloc(((size_t)nc ? (size_t)nc : 1) * sizeof *rows);
    if (fit_features(s, t, cols, nc, &sv, rows, &nf, &ty) < 0) goto done;
    if (!nf) { rgx_error(s, "screen: no numeric feature selected"); goto done; }
    if (adjust_rows(s, "screen", rows, nf, sizeof *rows, offsetof(URow, u.p), offsetof(URow, q), adjm, &ty.fam) < 0)
        goto done;
    qsort(rows, nf, sizeof *rows, cmp_urow);
    char *name = as ? xstrdup(as) : session_new_name(s, "screen");
    Table *o = uni_table(name, t->name, t, rows, nf);
    print_summary(s, name, nf, t, time, event, adjm, &sv, &ty);
    print_head(s, o, 10);
    Result *res = command_result(a, "screen", o);
    result_param(res, "features", a->pos[0]);
    result_param(res, "time", time);
    result_param(res, "event", event);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    free(cols);
    free(rows);
    surv_data_free(&sv);
    return rc;
}
