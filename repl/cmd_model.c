/* cmd_model.c — model logistic and model cox: a predictive model (plain
 * or penalised) as a recipe of stats/validate.h, fitted to a table, its
 * result unit (NAME, NAME.fit, NAME.path, NAME.cv) and its summary.  The
 * input is built by repl/modelutil.h (shared with validate), the Cox lines
 * are repl/survutil.h's. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/survutil.h"

static const char *args_getter(const void *ctx, const char *key) { return args_opt((const Args *)ctx, key); }

/* What `model KIND` was asked for. */
typedef struct ModelCmd {
    const char *in, *as;    /* the keywords, or NULL */
    ModelSpec spec;         /* the input */
    Recipe r;               /* the recipe */
    unsigned long seed;     /* the inner folds' seed */
} ModelCmd;

static int model_parse(Session *s, Args *a, ModelFamily fam, ModelCmd *m) {
    memset(m, 0, sizeof *m);
    m->in = args_take_kw(a, "in");
    m->as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    size_t want = fam == MODEL_LOGISTIC ? 3 : 4;
    if (a->npos != want || strcmp(a->pos[want - 2], "~")) return args_usage(s, a);
    if (m->as && !valid_table_name(s, a->name, m->as)) return 1;
    if (recipe_options(s, a->name, fam, args_getter, a, s->seed, &m->r, &m->seed) < 0) return 1;
    ModelSpec *sp = &m->spec;
    sp->cmd = a->name;
    sp->family = fam;
    if (fam == MODEL_LOGISTIC) sp->outcome = a->pos[0];
    else { sp->time = a->pos[0]; sp->event = a->pos[1]; }
    sp->selector = a->pos[want - 1];
    sp->positive = args_opt(a, "positive");
    sp->ref = args_opt(a, "ref");
    sp->foldid = args_opt(a, "foldid");
    sp->penalised = m->r.penalty != PENALTY_NONE;
    return 0;
}

/* A numeric column of nrow values filled from v (copied; NULL: NaN). */
static void add_num(Table *t, const char *name, const double *v) {
    double *c = xmalloc((t->nrow ? t->nrow : 1) * sizeof *c);
    for (size_t i = 0; i < t->nrow; i++) c[i] = v ? v[i] : NAN;
    table_add_num(t, name, NULL, c);
}

/* NAME: term coef se z p or|hr low high, one row per estimated term (the
 * intercept first for logistic; penalised: the non-zero terms, no se). */
static Table *coef_table(const char *name, const char *from, const ModelInput *mi, const Recipe *r, const RecipeFit *f) {
    int logit = r->family == MODEL_LOGISTIC;
    size_t nr = 0, cap = f->nkept + 1;
    char **tn = xcalloc(cap, sizeof *tn);
    double *col[7];
    for (int q = 0; q < 7; q++) col[q] = xmalloc(cap * sizeof **col);
    for (size_t i = 0; i < cap; i++)
        for (int q = 0; q < 7; q++) col[q][i] = NAN;
    if (f->glm) {
        const LogitFit *g = f->glm;
        double *or_ = xmalloc(g->k * sizeof *or_), *lo = xmalloc(g->k * sizeof *lo), *hi = xmalloc(g->k * sizeof *hi);
        logistic_or_ci(g, 0.95, or_, lo, hi);
        for (size_t k = 0; k < g->k; k++, nr++) {
            tn[nr] = xstrdup(k ? mi->terms.v[f->cols[k - 1]] : "(Intercept)");
            double v[7] = {g->coef[k], g->se[k], g->z[k], g->pval[k], or_[k], lo[k], hi[k]};
            for (int q = 0; q < 7; q++) col[q][nr] = v[q];
        }
        free(or_); free(lo); free(hi);
    } else if (f->cox) {
        const CoxFit *c = f->cox;
        double *hr = xmalloc(c->p * sizeof *hr), *z = xmalloc(c->p * sizeof *z), *p = xmalloc(c->p * sizeof *p);
        double *lo = xmalloc(c->p * sizeof *lo), *hi = xmalloc(c->p * sizeof *hi);
        cox_wald_terms(c, 0.95, hr, z, p, lo, hi);
        for (size_t k = 0; k < c->p; k++, nr++) {
            tn[nr] = xstrdup(mi->terms.v[f->cols[k]]);
            double v[7] = {c->coef[k], c->se[k], z[k], p[k], hr[k], lo[k], hi[k]};
            for (int q = 0; q < 7; q++) col[q][nr] = v[q];
        }
        free(hr); free(z); free(p); free(lo); free(hi);
    } else {   /* penalised (or the null model): the coefficients, no inference */
        if (logit) { tn[nr] = xstrdup("(Intercept)"); col[0][nr] = f->a0; col[4][nr++] = exp(f->a0); }
        for (size_t c = 0; c < f->nkept; c++) {
            size_t j = f->cols[c];
            if (f->beta[j] == 0) continue;
            tn[nr] = xstrdup(mi->terms.v[j]);
            col[0][nr] = f->beta[j];
            col[4][nr++] = exp(f->beta[j]);
        }
    }
    Table *o = table_new(name, from, nr);
    table_add_str(o, "term", NULL, tn);
    static const char *const names[2][7] = {{"coef", "se", "z", "p", "hr", "low", "high"},
                                            {"coef", "se", "z", "p", "or", "low", "high"}};
    for (int q = 0; q < 7; q++) {
        add_num(o, names[logit][q], col[q]);
        free(col[q]);
    }
    return o;
}

/* The deviance of a logistic linear predictor, −2·Σ log-likelihood
 * (computed stably), and of the intercept-only model. */
static void logit_deviance(const double *y, const double *lp, size_t n, double *dev, double *null) {
    double d = 0, m = 0;
    for (size_t i = 0; i < n; i++) {
        double e = lp[i], l1 = e > 0 ? -log1p(exp(-e)) : e - log1p(exp(e));   /* log p */
        double l0 = l1 - e;                                                     /* log(1 − p) */
        d -= 2 * (y[i] ? l1 : l0);
        m += y[i];
    }
    m /= (double)n;
    *dev = d;
    *null = -2 * ((double)n * m * log(m) + (double)n * (1 - m) * log(1 - m));
}

/* NAME.fit: n events df lambda deviance (null_deviance aic) auc|c_index,
 * measured on the fitting rows (apparent). */
static Table *fit_table(const char *name, const char *from, const ModelInput *mi, const Recipe *r, const RecipeFit *f,
                        const double *lp, double disc) {
    Buf fn = {0};
    buf_printf(&fn, "%s.fit", name);
    Table *o = table_new(fn.s, from, 1);
    buf_free(&fn);
    double df = (double)f->nterms;
    if (f->glm) df = (double)f->glm->rank - 1;
    if (f->cox) df = (double)f->cox->df;
    double v;
    v = (double)mi->n; add_num(o, "n", &v);
    v = (double)mi->npos; add_num(o, "events", &v);
    add_num(o, "df", &df);
    add_num(o, "lambda", &f->lambda);
    if (f->cv) {
        add_num(o, "lambda_min", &f->cv->lambda_min);
        add_num(o, "lambda_1se", &f->cv->lambda_1se);
    }
    if (r->family == MODEL_LOGISTIC) {
        double dev, null, aic = NAN;
        logit_deviance(mi->y, lp, mi->n, &dev, &null);
        if (f->glm) { dev = f->glm->deviance; aic = f->glm->aic; }
        add_num(o, "deviance", &dev);
        add_num(o, "null_deviance", &null);
        add_num(o, "aic", &aic);
        add_num(o, "auc", &disc);
    } else {
        double dev = glmnet_cox_deviance(mi->time, mi->event, lp, mi->n);
        add_num(o, "deviance", &dev);
        add_num(o, "c_index", &disc);
    }
    return o;
}

/* NAME.path: lambda df dev_ratio, then the coefficient of every term
 * non-zero somewhere on the path, per (1/n) standard deviation of the
 * term over the fitting rows (the scale glmnet penalises; the original
 * scale when standardize=no). */
static Table *path_table(const char *name, const char *from, const ModelInput *mi, const RecipeFit *f) {
    const GlmnetPath *g = f->cv ? &f->cv->fit : f->path;
    Buf fn = {0};
    buf_printf(&fn, "%s.path", name);
    Table *o = table_new(fn.s, from, g->nlam);
    buf_free(&fn);
    double *lam = xmalloc(g->nlam * sizeof *lam), *df = xmalloc(g->nlam * sizeof *df);
    for (size_t l = 0; l < g->nlam; l++) { lam[l] = g->lambda[l]; df[l] = g->df[l]; }
    table_add_num(o, "lambda", NULL, lam);
    table_add_num(o, "df", NULL, df);
    add_num(o, "dev_ratio", g->dev_ratio);
    for (size_t c = 0; c < g->p; c++) {
        int any = 0;
        for (size_t l = 0; l < g->nlam && !any; l++) any = g->beta[l * g->p + c] != 0;
        if (!any) continue;
        double *b = xmalloc(g->nlam * sizeof *b);
        for (size_t l = 0; l < g->nlam; l++) b[l] = g->beta[l * g->p + c] * g->xs[c];   /* per SD, as penalised */
        table_add_num(o, mi->terms.v[f->cols[c]], NULL, b);
    }
    return o;
}

/* NAME.cv: lambda cvm cvsd cvlo cvup nzero. */
static Table *cv_table(const char *name, const char *from, const GlmnetCV *cv) {
    Buf fn = {0};
    buf_printf(&fn, "%s.cv", name);
    Table *o = table_new(fn.s, from, cv->nlam);
    buf_free(&fn);
    double *nz = xmalloc(cv->nlam * sizeof *nz);
    for (size_t l = 0; l < cv->nlam; l++) nz[l] = cv->nzero[l];
    add_num(o, "lambda", cv->fit.lambda);
    add_num(o, "cvm", cv->cvm);
    add_num(o, "cvsd", cv->cvsd);
    add_num(o, "cvlo", cv->cvlo);
    add_num(o, "cvup", cv->cvup);
    table_add_num(o, "nzero", NULL, nz);
    return o;
}

/* The first line and the notes. */
static void print_header(Session *s, const Args *a, const ModelCmd *m, const char *name, const Table *t,
                         const ModelInput *mi) {
    Buf d = {0}, b1 = {0}, b2 = {0}, b3 = {0};
    Buf ft = {0};
    if (m->spec.foldid) buf_puts(&ft, "the foldid= folds");
    else buf_printf(&ft, "%zu-fold cross-validation (seed %lu, folds stratified by the %s)", m->r.nfolds, m->seed,
                    m->r.family == MODEL_LOGISTIC ? "outcome" : "event");
    recipe_describe(&d, &m->r, ft.s);
    buf_free(&ft);
    if (m->r.family == MODEL_LOGISTIC) {
        const char *oc = fmt_text(&b1, a->pos[0]);
        out_printf(&s->out, "model %s: logistic %s ~ %s in %s: n = %zu (%zu with %s = %s, %zu without), %zu predictors\n",
                   name, oc, fmt_text(&b2, m->spec.selector), t->name, mi->n, mi->npos, oc,
                   fmt_text(&b3, mi->positive), mi->n - mi->npos, mi->p);
    } else
        out_printf(&s->out, "model %s: cox %s, %s ~ %s in %s: n = %zu, events = %zu, %zu predictors\n", name,
                   fmt_text(&b1, a->pos[0]), fmt_text(&b2, a->pos[1]), fmt_text(&b3, m->spec.selector), t->name, mi->n,
                   mi->npos, mi->p);
    out_printf(&s->out, "  %s\n", d.s);
    for (size_t k = 0; k < mi->notes.n; k++) out_printf(&s->out, "  %s\n", mi->notes.v[k]);
    buf_free(&d);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
}

/* The screen's line: how many features passed. */
static void print_screen(Session *s, const Recipe *r, const RecipeFit *f, const ModelInput *mi) {
    if (!(r->screen_q > 0 || r->screen_top > 0)) return;
    char nb[32];
    out_printf(&s->out, "  screen (%s, on these patients): %zu of %zu predictors kept",
               r->family == MODEL_LOGISTIC ? "Mann-Whitney per predictor" : "univariate Cox per predictor", f->nkept,
               mi->p);
    if (r->screen_q > 0) out_printf(&s->out, " at BH q < %s", fmt_num(nb, sizeof nb, r->screen_q, 4));
    else out_printf(&s->out, " (the %zu of smallest p)", r->screen_top);
    out_puts(&s->out, f->nkept ? "\n" : "; the model is the null model\n");
}

/* The lambda line of a penalised fit. */
static void print_lambda(Session *s, const Recipe *r, const RecipeFit *f) {
    char b1[32], b2[32], b3[32];
    if (r->penalty == PENALTY_NONE || !f->nkept) return;
    if (f->cv) {
        const GlmnetCV *cv = f->cv;
        out_printf(&s->out, "  lambda.min = %s (step %zu of %zu), lambda.1se = %s (step %zu): using lambda.%s = %s, "
                            "%zu of %zu terms non-zero\n",
                   fmt_num(b1, 32, cv->lambda_min, 4), cv->imin + 1, cv->nlam, fmt_num(b2, 32, cv->lambda_1se, 4),
                   cv->i1se + 1, r->lambda_rule == LAMBDA_1SE ? "1se" : "min", fmt_num(b3, 32, f->lambda, 4),
                   f->nterms, f->nkept);
    } else {
        out_printf(&s->out, "  lambda = %s (coefficients interpolated on the path, as predict(fit, s = )): %zu of %zu "
                            "terms non-zero\n", fmt_num(b1, 32, f->lambda, 4), f->nterms, f->nkept);
    }
}

/* The coefficient table (at most 20 rows) and the lines under it. */
static void print_coefs(Session *s, const Table *coef, const Recipe *r, const RecipeFit *f, const ModelInput *mi) {
    print_head(s, coef, 20);
    if (coef->nrow > 20) out_printf(&s->out, "  … %zu more terms (show %s rows=all)\n", coef->nrow - 20, coef->name);
    if (r->penalty != PENALTY_NONE)
        out_puts(&s->out, "  penalised: no standard errors or p-values (the coefficients are shrunk); coefficients on "
                          "the original scale\n");
    if (f->glm) {
        const LogitFit *g = f->glm;
        char b1[32], b2[32], b3[32];
        Buf tb = {0};
        for (size_t k = 1; k < g->k; k++)
            if (g->aliased[k])
                out_printf(&s->out, "  %s: not defined because of singularities (a linear combination of the terms "
                                    "before it): NA, as glm\n", fmt_text(&tb, mi->terms.v[f->cols[k - 1]]));
        buf_free(&tb);
        out_printf(&s->out, "  null deviance %s on %zu df, residual deviance %s on %zu df, AIC %s\n",
                   fmt_num(b1, 32, g->null_deviance, 6), g->df_null, fmt_num(b2, 32, g->deviance, 6), g->df_residual,
                   fmt_num(b3, 32, g->aic, 6));
    }
    if (f->cox) {
        StrList kt = {0};
        for (size_t c = 0; c < f->nkept; c++) strlist_add(&kt, mi->terms.v[f->cols[c]]);
        cox_print_tests(s, f->cox, &kt, NULL);
        strlist_free(&kt);
    }
}

/* Separation of an unpenalised logistic fit, said by name. */
static void warn_separation(Session *s, const char *cmd, const RecipeFit *f, const ModelInput *mi) {
    const LogitFit *g = f->glm;
    if (!g) return;
    if (g->separation == SEP_QUASI || g->separation == SEP_COMPLETE) {
        Buf run = {0}, min = {0};
        for (size_t k = 1; k < g->k; k++) {
            const char *tn = mi->terms.v[f->cols[k - 1]];
            if (g->sep_dir[k]) buf_printf(&run, "%s%s", run.len ? ", " : "", tn);
            if (g->sep_min[k]) buf_printf(&min, "%s%s", min.len ? ", " : "", tn);
        }
        if (g->sep_dir[0]) buf_printf(&run, "%sthe intercept", run.len ? " and " : "");
        if (g->sep_min[0] && min.len) buf_puts(&min, " (with the intercept)");
        Buf b1 = {0}, b2 = {0};
        rgx_warn(s, "%s: %s separation: %s %s the outcome %sperfectly, so the estimates of %s run off to "
                    "infinity (glm reports huge coefficients and standard errors%s); drop a predictor of that set or "
                    "use penalty=lasso|ridge", cmd, g->separation == SEP_COMPLETE ? "complete" : "quasi-complete",
                 fmt_text(&b2, min.s ? min.s : "the predictors"), strchr(min.s ? min.s : "", ',') ? "predict" : "predicts",
                 g->separation == SEP_COMPLETE ? "" : "almost ",
                 fmt_text(&b1, run.s ? run.s : "some terms"),
                 g->fitted01 ? " and warns 'fitted probabilities numerically 0 or 1 occurred'" : " without a warning");
        buf_free(&run); buf_free(&min); buf_free(&b1); buf_free(&b2);
    } else if (g->separation == SEP_UNKNOWN) {
        rgx_warn(s, "%s: whether the data are separated could not be decided", cmd);
    }
    if (!g->converged) rgx_warn(s, "%s: glm did not converge in 25 iterations: the estimates are not reliable", cmd);
    else if (g->fitted01 && g->separation == SEP_NONE)
        rgx_warn(s, "%s: fitted probabilities numerically 0 or 1 occurred (as glm warns)", cmd);
}

static void set_param(void *ctx, const char *key, const char *val) {
    Result *r = ctx;
    if (!result_get_param(r, key)) result_param(r, key, val);
}

/* A validation of the previous model of this name would describe another
 * model: it goes. */
static void drop_old_validation(Session *s, const char *name) {
    Buf vn = {0};
    buf_printf(&vn, "%s.validation", name);
    Result *v = session_result(s, vn.s);
    const char *of = v ? result_get_param(v, "model") : NULL;
    if (v && !strcmp(v->kind, "validation") && of && !strcmp(of, name)) {
        session_drop(s, vn.s);
        out_printf(&s->out, "(dropped %s: it validated the previous model %s)\n", vn.s, name);
    }
    buf_free(&vn);
}

/* Refuse what the recipe cannot fit on this input. */
static int model_feasible(Session *s, const char *cmd, const ModelCmd *m, const ModelInput *mi) {
    const Recipe *r = &m->r;
    if (r->penalty == PENALTY_NONE && !(r->screen_q > 0 || r->screen_top > 0) &&
        mi->p + (r->family == MODEL_LOGISTIC) >= mi->n) {
        rgx_error(s, "%s: %zu predictors for %zu patients: an unpenalised fit is not identifiable; use "
                     "penalty=lasso (or ridge, enet)", cmd, mi->p, mi->n);
        return -1;
    }
    int cv = r->penalty != PENALTY_NONE && r->lambda_rule != LAMBDA_VALUE;
    if (cv && !m->spec.foldid && (r->nfolds > mi->n || (r->family == MODEL_COX && r->nfolds > mi->npos))) {
        model_report_error(s, cmd, RECIPE_EINPUT, mi, r);
        return -1;
    }
    return 0;
}

static int model_run(Session *s, Args *a, ModelFamily fam) {
    ModelCmd m;
    if (model_parse(s, a, fam, &m)) return 1;
    const char *cmd = a->name;
    Table *t = command_table(s, cmd, m.in, a->pos[0]);
    if (!t) return 1;
    ModelInput mi;
    RecipeFit f = {0};
    double *lp = NULL;
    int rc = 1;
    if (model_input(s, &m.spec, t, &mi) < 0) goto done;
    if (m.spec.foldid) m.r.nfolds = mi.nfolds;
    if (model_feasible(s, cmd, &m, &mi) < 0) goto done;
    ModelData md = model_data(&mi);
    int fr = recipe_fit(&m.r, &md, NULL, mi.n, m.seed, 1, s->threads, s->cancel, &f);
    if (fr) { model_report_error(s, cmd, fr, &mi, &m.r); goto done; }
    lp = xmalloc(mi.n * sizeof *lp);
    recipe_predict(&f, mi.x, mi.n, NULL, mi.n, lp);
    double mt[VM_N];
    if (model_metrics(&md, NULL, mi.n, lp, mt) < 0) { rgx_error(s, "%s: out of memory", cmd); goto done; }
    char *name = m.as ? xstrdup(m.as) : session_new_name(s, "model");
    Table *coef = coef_table(name, t->name, &mi, &m.r, &f);
    Table *fit = fit_table(name, t->name, &mi, &m.r, &f, lp, mt[VM_DISCRIMINATION]);
    Table *path = (f.cv || f.path) ? path_table(name, t->name, &mi, &f) : NULL;
    Table *cvt = f.cv ? cv_table(name, t->name, f.cv) : NULL;
    print_header(s, a, &m, name, t, &mi);
    print_screen(s, &m.r, &f, &mi);
    print_lambda(s, &m.r, &f);
    print_coefs(s, coef, &m.r, &f, &mi);
    char b1[32];
    out_printf(&s->out, "  apparent %s = %s on the %zu patients it was fitted to (optimistic; validate %s estimates it "
                        "honestly)\n", fam == MODEL_LOGISTIC ? "AUC" : "C-index",
               fmt_num(b1, 32, mt[VM_DISCRIMINATION], 4), mi.n, name);
    warn_separation(s, cmd, &f, &mi);
    if (f.cox) cox_warn_fit(s, cmd, f.cox);
    model_warn_glmnet(s, cmd, &f, &m.r, mi.n);
    Result *res = command_result(a, "model", coef);
    result_param(res, "family", fam == MODEL_LOGISTIC ? "logistic" : "cox");
    if (fam == MODEL_LOGISTIC) {
        result_param(res, "outcome", a->pos[0]);
        set_param(res, "positive", mi.positive);
    } else {
        result_param(res, "time", a->pos[0]);
        result_param(res, "event", a->pos[1]);
    }
    result_param(res, "predictors", m.spec.selector);
    result_param(res, "table", t->name);
    recipe_params(&m.r, m.seed, set_param, res);
    char fb[32];
    snprintf(fb, sizeof fb, "%zu", m.r.nfolds);
    if (!m.spec.foldid && m.r.penalty != PENALTY_NONE && m.r.lambda_rule != LAMBDA_VALUE) set_param(res, "folds", fb);
    for (size_t k = 0; k < mi.refs.n; k++) result_param(res, "reference", mi.refs.v[k]);
    result_add(res, fit);
    if (path) result_add(res, path);
    if (cvt) result_add(res, cvt);
    drop_old_validation(s, name);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    free(lp);
    recipe_fit_free(&f);
    model_input_free(&mi);
    return rc;
}

int cmd_model(Session *s, Args *a) { return args_usage(s, a); }
int cmd_model_logistic(Session *s, Args *a) { return model_run(s, a, MODEL_LOGISTIC); }
int cmd_model_cox(Session *s, Args *a) { return model_run(s, a, MODEL_COX); }
