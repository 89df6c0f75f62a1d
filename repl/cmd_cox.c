/* cmd_cox.c — cox: the Cox proportional hazards model.  The steps (the
 * covariates with their dummies, strata, clusters, the fit, the tables
 * NAME, NAME.fit and NAME.zph and the lines under them) are
 * repl/survutil.h's, shared with the commands that fit Cox models too;
 * the statistics are stats/cox.h's. */
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/survutil.h"
#include "stats/survival.h"

/* What `cox` was asked for: its options and keywords. */
typedef struct CoxArgs {
    const char *in, *as;    /* the keywords, or NULL */
    const char *ref;        /* ref=: the reference level of the text covariates, or NULL */
    const char *strata;     /* strata=COLS, or NULL */
    const char *cluster;    /* cluster=COL, or NULL */
    int ties;               /* CoxTies */
    int robust;             /* robust= (yes by default with cluster=) */
} CoxArgs;

/* The strata and clusters of the rows (NULL when not asked for): indices
 * owned by the caller, names in the lists. */
typedef struct CoxGroups {
    size_t *strata, *cluster;
    StrList snames, cnames;
} CoxGroups;

/* Parse cox's words into o.  Returns 0, or 1 after the usage or error. */
static int cox_args(Session *s, Args *a, CoxArgs *o) {
    o->in = args_take_kw(a, "in");
    o->as = args_take_kw(a, "as");
    o->ties = args_get_choice(a, "ties", 0, NULL);
    o->ref = args_opt(a, "ref");
    o->strata = args_opt(a, "strata");
    o->cluster = args_opt(a, "cluster");
    o->robust = args_get_bool(a, "robust", o->cluster != NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos != 4 || strcmp(a->pos[2], "~")) return args_usage(s, a);
    if (o->cluster && !o->robust) {
        rgx_error(s, "cox: cluster= gives the robust variance of clustered rows; it needs robust=yes (the default with cluster=)");
        return 1;
    }
    return o->as && !valid_table_name(s, "cox", o->as);
}

/* The strata= and cluster= indices of t's rows into g.  Returns 0, or -1
 * after the message (g freed by cox_groups_free all the same). */
static int cox_groups(Session *s, const Table *t, const CoxArgs *o, CoxGroups *g) {
    size_t n = t->nrow;
    if (o->strata) {
        g->strata = xmalloc((n ? n : 1) * sizeof *g->strata);
        if (command_strata(s, "cox", t, o->strata, g->strata, &g->snames) < 0) return -1;
    }
    if (o->cluster) {
        g->cluster = xmalloc((n ? n : 1) * sizeof *g->cluster);
        if (command_strata(s, "cox", t, o->cluster, g->cluster, &g->cnames) < 0) return -1;
    }
    return 0;
}

static void cox_groups_free(CoxGroups *g) {
    free(g->strata);
    free(g->cluster);
    strlist_free(&g->snames);
    strlist_free(&g->cnames);
}

/* The design of the covariates a->pos[3] of t (its notes printed under
 * the header by the caller, so they never look like the output of the
 * command before), the
 * strata and clusters, the terms no fit can estimate left out.  Returns
 * 0, or -1 after the message; d and g are to be freed either way. */
static int cox_covariates(Session *s, const Args *a, const Table *t, const CoxArgs *o, const SurvData *sv,
                          CoxGroups *g, CoxDesign *d) {
    size_t *cols;
    long nc = command_columns(s, "cox", t, a->pos[3], &cols);
    if (nc < 0) return -1;
    int rc = cox_design(s, "cox", t, cols, (size_t)nc, o->ref, d);
    free(cols);
    if (rc < 0) return -1;
    if (!d->p) {
        rgx_error(s, "cox: no covariate");
        return -1;
    }
    if (cox_groups(s, t, o, g) < 0) return -1;
    return cox_design_complete(s, "cox", d, sv->time, sv->event, g->strata, g->cluster) < 0 ? -1 : 0;
}

/* The first lines: the model, its options, the patients used, how EVENT
 * was read, the strata and the variance. */
static void cox_header(Session *s, const Args *a, const Table *t, const CoxArgs *o, const char *name,
                       const SurvData *sv, const CoxGroups *g, const CoxFit *f) {
    Buf opt = {0}, b1 = {0}, b2 = {0}, b3 = {0}, b4 = {0};
    buf_printf(&opt, "ties=%s", o->ties ? "breslow" : "efron");
    if (o->strata) buf_printf(&opt, ", strata=%s", o->strata);
    if (o->robust) buf_printf(&opt, ", robust%s%s", o->cluster ? ", cluster=" : "", o->cluster ? o->cluster : "");
    out_printf(&s->out, "cox %s: %s, %s ~ %s in %s (%s): n = %zu, events = %zu", name, fmt_text(&b1, a->pos[0]),
               fmt_text(&b2, a->pos[1]), fmt_text(&b3, a->pos[3]), t->name, fmt_text(&b4, opt.s), f->n, f->events);
    size_t n = t->nrow;
    if (n > f->n) out_printf(&s->out, "; %zu patient%s with a missing value left out", n - f->n, n - f->n == 1 ? "" : "s");
    out_puts(&s->out, "\n");
    if (sv->note) out_printf(&s->out, "  event: %s\n", sv->note);
    cox_print_variance(s, f, o->strata, &g->snames, o->cluster, g->cnames.n);
    buf_free(&opt);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
    buf_free(&b4);
}

int cmd_cox(Session *s, Args *a) {
    CoxArgs o = {0};
    if (cox_args(s, a, &o)) return 1;
    Table *t = command_table(s, "cox", o.in, a->pos[0]);
    if (!t) return 1;
    SurvData sv;
    if (command_survival(s, "cox", t, a->pos[0], a->pos[1], 0, &sv) < 0) return 1;
    CoxGroups g = {0};
    CoxDesign d = {0};
    CoxFit f;
    CoxOpts opts = {.ties = (CoxTies)o.ties, .robust = o.robust};
    size_t *order = NULL;
    int rc = 1;
    if (cox_covariates(s, a, t, &o, &sv, &g, &d) < 0) goto done;
    opts.strata = g.strata;
    opts.cluster = g.cluster;
    opts.ncluster = g.cnames.n;
    order = xmalloc((t->nrow ? t->nrow : 1) * sizeof *order);   /* one sort of the times for the fit and cox.zph */
    if (surv_order(sv.time, t->nrow, order) == (size_t)-1) { rgx_error(s, "cox: out of memory"); goto done; }
    opts.order = order;
    if (cox_fit_design(s, "cox", sv.time, sv.event, &d, &opts, &f) < 0) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "cox");
    Table *coef = cox_coef_table(name, t->name, &f, &d.terms), *fit = cox_fit_table(name, t->name, &f, o.strata != NULL);
    Table *zph = cox_zph_table(name, t->name, sv.time, sv.event, &d, &opts, &f);
    cox_header(s, a, t, &o, name, &sv, &g, &f);
    for (size_t k = 0; k < d.notes.n; k++) out_printf(&s->out, "  %s\n", d.notes.v[k]);
    print_table_digits(s, coef, NULL, 0, NULL, 0, s->digits < 4 ? s->digits : 4);
    cox_print_tests(s, &f, &d.terms, o.cluster);
    cox_print_zph(s, zph, o.strata != NULL);
    cox_warn_fit(s, "cox", &f);
    Result *res = command_result(a, "cox", coef);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "covariates", a->pos[3]);
    result_param(res, "table", t->name);
    result_param(res, "ties", o.ties ? "breslow" : "efron");
    StrList refs = {0};   /* the reference levels, for plot forest */
    design_references(&d.notes, &refs);
    for (size_t k = 0; k < refs.n; k++) result_param(res, "reference", refs.v[k]);
    strlist_free(&refs);
    result_add(res, fit);
    if (zph) result_add(res, zph);   /* no zph this run: the old one goes */
    store_unit(s, res);
    free(name);
    cox_free(&f);
    rc = 0;
done:
    free(order);
    cox_design_free(&d);
    cox_groups_free(&g);
    surv_data_free(&sv);
    return rc;
}
