/* cmd_validate.c — validate: a model's whole recipe repeated inside
 * repeated K-fold cross-validation (stats/validate.h), the result unit
 * NAME2 (default NAME.validation) with NAME2.folds and NAME2.predictions,
 * and its summary. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/progress.h"

static const char *param_getter(const void *ctx, const char *key) { return result_get_param((const Result *)ctx, key); }

/* The model's input spec and recipe, from its result's parameters. */
static int spec_of(Session *s, const Result *m, ModelSpec *sp, Recipe *r, unsigned long *seed) {
    memset(sp, 0, sizeof *sp);
    const char *fam = result_get_param(m, "family");
    sp->cmd = "validate";
    sp->family = fam && !strcmp(fam, "cox") ? MODEL_COX : MODEL_LOGISTIC;
    sp->outcome = result_get_param(m, "outcome");
    sp->positive = result_get_param(m, "positive");
    sp->time = result_get_param(m, "time");
    sp->event = result_get_param(m, "event");
    sp->selector = result_get_param(m, "predictors");
    sp->ref = result_get_param(m, "ref");
    sp->foldid = result_get_param(m, "foldid");
    if (!sp->selector || (sp->family == MODEL_LOGISTIC ? !sp->outcome : !sp->time || !sp->event)) {
        rgx_error(s, "validate: %s does not record its model (run model again)", m->name);
        return -1;
    }
    if (recipe_options(s, "validate", sp->family, param_getter, m, s->seed, r, seed) < 0) return -1;
    sp->penalised = r->penalty != PENALTY_NONE;
    return 0;
}

/* A numeric column from v (copied). */
static void add_col(Table *t, const char *name, const double *v) {
    double *c = xmalloc((t->nrow ? t->nrow : 1) * sizeof *c);
    memcpy(c, v, t->nrow * sizeof *c);
    table_add_num(t, name, NULL, c);
}

static const char *const METRIC[2][VM_N] = {{"auc", "calibration_slope", "calibration_intercept", "brier"},
                                            {"c_index", "calibration_slope", "", ""}};

/* NAME2: metric apparent estimate ci_low ci_high optimism repeats. */
static Table *main_table(const char *name, const char *from, const Validation *v, ModelFamily fam) {
    size_t nm = fam == MODEL_LOGISTIC ? VM_N : 2;
    Table *o = table_new(name, from, nm);
    char **mn = xcalloc(nm, sizeof *mn);
    double c[6][VM_N];
    for (size_t q = 0; q < nm; q++) {
        mn[q] = xstrdup(METRIC[fam == MODEL_COX][q]);
        c[0][q] = v->apparent[q];
        c[1][q] = v->estimate[q];
        c[2][q] = v->lo[q];
        c[3][q] = v->hi[q];
        c[4][q] = v->apparent[q] - v->estimate[q];
        c[5][q] = (double)v->used[q];
    }
    table_add_str(o, "metric", NULL, mn);
    static const char *const cn[6] = {"apparent", "estimate", "ci_low", "ci_high", "optimism", "repeats"};
    for (int k = 0; k < 6; k++) add_col(o, cn[k], c[k]);
    return o;
}

/* NAME2.folds: repeat fold n events auc|c_index lambda terms (kept). */
static Table *folds_table(const char *name, const char *from, const Validation *v, ModelFamily fam, int screened) {
    size_t T = v->repeats * v->folds;
    Buf fn = {0};
    buf_printf(&fn, "%s.folds", name);
    Table *o = table_new(fn.s, from, T);
    buf_free(&fn);
    double *c[7];
    for (int k = 0; k < 7; k++) c[k] = xmalloc((T ? T : 1) * sizeof **c);
    for (size_t t = 0; t < T; t++) {
        c[0][t] = (double)(t / v->folds + 1);
        c[1][t] = (double)(t % v->folds + 1);
        c[2][t] = (double)v->fold_n[t];
        c[3][t] = v->fold_events[t];
        c[4][t] = v->fold_disc[t];
        c[5][t] = v->fold_lambda[t];
        c[6][t] = v->fold_rc[t] ? NAN : (double)v->fold_terms[t];
    }
    const char *cn[7] = {"repeat", "fold", "n", "events", fam == MODEL_LOGISTIC ? "auc" : "c_index", "lambda", "terms"};
    for (int k = 0; k < 7; k++) table_add_num(o, cn[k], NULL, c[k]);
    if (screened) {
        double *kc = xmalloc((T ? T : 1) * sizeof *kc);
        for (size_t t = 0; t < T; t++) kc[t] = (double)v->fold_kept[t];
        table_add_num(o, "kept", NULL, kc);
    }
    return o;
}

/* NAME2.predictions: id repeat fold (outcome | time event) lp, repeat 0
 * (fold 0) the apparent fit's. */
static Table *pred_table(const char *name, const Table *t, const Validation *v, const ModelInput *mi) {
    size_t n = mi->n, R = v->repeats, N = n * (R + 1);
    Buf fn = {0};
    buf_printf(&fn, "%s.predictions", name);
    Table *o = table_new(fn.s, t->name, N);
    buf_free(&fn);
    char **id = t->id >= 0 ? xcalloc(N ? N : 1, sizeof *id) : NULL;
    double *rep = xmalloc((N ? N : 1) * sizeof *rep), *fold = xmalloc((N ? N : 1) * sizeof *fold);
    double *lp = xmalloc((N ? N : 1) * sizeof *lp), *o1 = xmalloc((N ? N : 1) * sizeof *o1);
    double *o2 = mi->time ? xmalloc((N ? N : 1) * sizeof *o2) : NULL;
    for (size_t k = 0; k <= R; k++)
        for (size_t a = 0; a < n; a++) {
            size_t i = k * n + a;
            if (id) {
                const char *key = t->cols[t->id].str[mi->rows[a]];
                id[i] = key ? xstrdup(key) : NULL;
            }
            rep[i] = (double)k;
            fold[i] = k ? v->oof_fold[(k - 1) * n + a] : 0;
            lp[i] = k ? v->oof[(k - 1) * n + a] : v->app_lp[a];
            o1[i] = mi->y ? mi->y[a] : mi->time[a];
            if (o2) o2[i] = mi->event[a];
        }
    if (id) table_add_str(o, "id", NULL, id);
    table_add_num(o, "repeat", NULL, rep);
    table_add_num(o, "fold", NULL, fold);
    if (mi->y) table_add_num(o, "outcome", NULL, o1);
    else { table_add_num(o, "time", NULL, o1); table_add_num(o, "event", NULL, o2); }
    table_add_num(o, "lp", NULL, lp);
    return o;
}

/* The lines under the table: what the estimate and the interval are, the
 * folds' models, and what went wrong in some folds. */
static void print_notes(Session *s, const Validation *v, const Recipe *r) {
    size_t T = v->repeats * v->folds, failed = 0, warned = 0, sep = 0, tmin = (size_t)-1, tmax = 0;
    double lmin = INFINITY, lmax = -INFINITY;
    for (size_t t = 0; t < T; t++) {
        if (v->fold_rc[t]) { failed++; continue; }
        warned += v->fold_warn[t] != 0;
        sep += v->fold_sep[t] == SEP_QUASI || v->fold_sep[t] == SEP_COMPLETE;
        if (v->fold_terms[t] < tmin) tmin = v->fold_terms[t];
        if (v->fold_terms[t] > tmax) tmax = v->fold_terms[t];
        if (v->fold_lambda[t] < lmin) lmin = v->fold_lambda[t];
        if (v->fold_lambda[t] > lmax) lmax = v->fold_lambda[t];
    }
    int logit = r->family == MODEL_LOGISTIC;
    out_printf(&s->out, "  estimate: the mean over the repeats (%s of a repeat: the mean of its folds'; the calibration%s "
                        "of its folds' predictions pooled); ci: the 2.5-97.5 percentiles over the repeats — how much "
                        "the split moves it, not a confidence interval of the performance\n",
               logit ? "the AUC" : "the C-index", logit ? " and the Brier score" : "");
    char b1[32], b2[32];
    if (tmin != (size_t)-1) {
        if (tmin == tmax) out_printf(&s->out, "  the folds' models kept %zu term%s each", tmin, tmin == 1 ? "" : "s");
        else out_printf(&s->out, "  the folds' models kept %zu to %zu terms", tmin, tmax);
        if (r->penalty != PENALTY_NONE && isfinite(lmin))
            out_printf(&s->out, "; lambda from %s to %s", fmt_num(b1, 32, lmin, 4), fmt_num(b2, 32, lmax, 4));
        out_puts(&s->out, "\n");
    }
    if (!tmax && tmin != (size_t)-1)
        out_puts(&s->out, "  no fold's model kept a term: the calibration slope is undefined (NA)\n");
    else if (v->used[VM_SLOPE] < v->repeats)
        out_printf(&s->out, "  the calibration is undefined in %zu of %zu repeats (no term kept, a fold's glm separated, "
                            "or the calibration fit did not converge): the estimate is over the others\n",
                   v->repeats - v->used[VM_SLOPE], v->repeats);
    if (failed)
        rgx_warn(s, "validate: the fit failed in %zu of %zu folds (a class or the events too few in its training "
                    "patients); their patients have no prediction and are left out of the metrics", failed, T);
    if (warned)
        rgx_warn(s, "validate: glmnet stopped a path early (maxit or pmax) in %zu of %zu folds; their later lambdas use "
                    "the last step, as cv.glmnet does", warned, T);
    if (sep)
        rgx_warn(s, "validate: the data were separated in %zu of %zu folds (unpenalised glm: some coefficients run off "
                    "to infinity there, and so do their predictions; their repeats have no calibration)", sep, T);
}

static void progress_cb(void *ctx, double frac) { progress_update(ctx, frac); }

/* The folds, repeats and seed asked for (validate's own options). */
typedef struct VOpts {
    long folds, repeats, seed;
} VOpts;

/* Run the recipe r of spec sp on t inside cross-validation: the model's
 * input into mi, the validation into v (both the caller's to free).
 * Returns 0, or −1 (error said). */
static int run_validation(Session *s, const ModelSpec *sp, Recipe *r, unsigned long fit_seed, const VOpts *o,
                          const Table *t, ModelInput *mi, Validation *v) {
    if (model_input(s, sp, t, mi) < 0) return -1;
    if (sp->foldid) r->nfolds = mi->nfolds;
    ModelData md = model_data(mi);
    ValidateOpts vo = {(size_t)o->folds, (size_t)o->repeats, (unsigned long)o->seed, fit_seed, s->threads, s->cancel,
                       progress_cb, NULL};
    Progress pg;
    progress_start(&pg, s, "validate");
    vo.progress_ctx = &pg;
    int vr = validate_run(r, &md, &vo, v);
    progress_end(&pg);
    if (vr == RECIPE_EINPUT) {
        size_t small = sp->family == MODEL_LOGISTIC ? (mi->npos < mi->n - mi->npos ? mi->npos : mi->n - mi->npos)
                                                    : mi->npos;
        if ((size_t)o->folds > small)
            rgx_error(s, "validate: folds=%ld is more than the %zu %s: every outer fold needs one", o->folds, small,
                      sp->family == MODEL_LOGISTIC ? "patients of the smaller class" : "events");
        else
            rgx_error(s, "validate: an outer fold's training patients are too few for the model's %zu inner folds%s",
                      r->nfolds, sp->family == MODEL_COX ? " (each needs an event)" : "");
        return -1;
    }
    if (vr) { model_report_error(s, "validate", vr, mi, r); return -1; }
    return 0;
}

/* The lines above the table: the model, the patients, the scheme, the
 * recipe repeated in every fold. */
static void print_header(Session *s, const char *name, const Result *m, const Table *t, const ModelInput *mi,
                         const ModelSpec *sp, const Recipe *r, const VOpts *o) {
    Buf d = {0}, b1 = {0}, fx = {0};
    buf_printf(&fx, "%zu-fold cross-validation (folds dealt anew in every outer fold, seeded from the seed, the repeat "
                    "and the fold)", r->nfolds);
    recipe_describe(&d, r, fx.s);
    buf_free(&fx);
    out_printf(&s->out, "validate %s: model %s on %s (%zu patients, %zu %s), %ld-fold cross-validation x %ld repeat%s "
                        "(seed %ld, folds stratified by the %s)\n",
               name, m->name, t->name, mi->n, mi->npos, sp->family == MODEL_LOGISTIC ? "positive" : "events", o->folds,
               o->repeats, o->repeats == 1 ? "" : "s", o->seed, sp->family == MODEL_LOGISTIC ? "outcome" : "event");
    out_printf(&s->out, "  the whole recipe inside every fold: %s\n", fmt_text(&b1, d.s));
    if (sp->foldid)
        out_printf(&s->out, "  (the model's foldid= folds serve the apparent fit on all patients only)\n");
    buf_free(&d);
    buf_free(&b1);
}

/* Store the result unit NAME (main table main, parts ft and pt, taken
 * over) with its parameters; options not given are recorded as used. */
static void store_validation(Session *s, Args *a, const Result *m, const Table *t, const ModelInput *mi,
                             ModelFamily fam, const VOpts *o, Table *main, Table *ft, Table *pt) {
    Result *res = command_result(a, "validation", main);
    result_param(res, "model", m->name);
    result_param(res, "family", fam == MODEL_LOGISTIC ? "logistic" : "cox");
    result_param(res, "table", t->name);
    if (!args_opt(a, "folds")) result_paramf(res, "folds", "%ld", o->folds);
    if (!args_opt(a, "repeats")) result_paramf(res, "repeats", "%ld", o->repeats);
    if (!args_opt(a, "seed")) result_paramf(res, "seed", "%ld", o->seed);
    if (mi->positive) result_param(res, "positive", mi->positive);
    result_add(res, ft);
    result_add(res, pt);
    store_unit(s, res);
}

int cmd_validate(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as");
    VOpts o;
    o.folds = args_get_int(a, "folds", 5, 2, 100);
    o.repeats = args_get_int(a, "repeats", 10, 1, 100000);
    o.seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    const char *screen = args_opt(a, "screen");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    Result *m = command_result_of(s, "validate", a->pos[0], "model");
    if (!m) return 1;
    ModelSpec sp;
    Recipe r;
    unsigned long fit_seed;
    if (spec_of(s, m, &sp, &r, &fit_seed) < 0) return 1;
    if (screen) {   /* validate's screen= replaces the model's */
        r.screen_q = 0;
        r.screen_top = 0;
        if (recipe_screen(s, "validate", screen, &r) < 0) return 1;
    }
    Buf nb = {0};
    if (as) buf_puts(&nb, as);
    else buf_printf(&nb, "%s.validation", m->name);
    char *name = nb.s;
    int rc = 1;
    ModelInput mi = {0};
    Validation v = {0};
    const char *tname = in ? in : result_get_param(m, "table");
    Table *t = tname ? session_table(s, tname) : NULL;
    if (!t || !valid_table_name(s, "validate", name)) goto done;
    if (run_validation(s, &sp, &r, fit_seed, &o, t, &mi, &v) < 0) goto done;
    Table *main = main_table(name, t->name, &v, sp.family);
    Table *ft = folds_table(name, t->name, &v, sp.family, r.screen_q > 0 || r.screen_top > 0);
    Table *pt = pred_table(name, t, &v, &mi);
    print_header(s, name, m, t, &mi, &sp, &r, &o);
    print_head(s, main, VM_N);
    print_notes(s, &v, &r);
    store_validation(s, a, m, t, &mi, sp.family, &o, main, ft, pt);
    rc = 0;
done:
    free(name);
    validation_free(&v);
    model_input_free(&mi);
    return rc;
}
