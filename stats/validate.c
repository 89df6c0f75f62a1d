/* validate.c — see validate.h. */
#include "stats/validate.h"
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stats/calibration.h"
#include "stats/concordance.h"
#include "stats/uniscreen.h"

unsigned long validate_seed(unsigned long seed, size_t k, size_t j) {
    uint64_t z = (uint64_t)seed * 0x9E3779B97F4A7C15ULL ^ ((uint64_t)(k + 1) << 32) ^ (uint64_t)(j + 1);
    z += 0x9E3779B97F4A7C15ULL;
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return (unsigned long)((z ^ (z >> 31)) & 0x7FFFFFFFUL);
}

void recipe_fit_free(RecipeFit *f) {
    if (!f) return;
    free(f->beta);
    free(f->kept);
    free(f->cols);
    free(f->pval);
    free(f->foldid);
    if (f->glm) { logistic_free(f->glm); free(f->glm); }
    if (f->cox) { cox_free(f->cox); free(f->cox); }
    if (f->cv) { glmnet_cv_free(f->cv); free(f->cv); }
    if (f->path) { glmnet_path_free(f->path); free(f->path); }
    memset(f, 0, sizeof *f);
}

/* The training rows of d gathered: x (m × p), y or time/event. */
typedef struct Rows {
    size_t m;
    double *x, *y, *time, *event;
} Rows;

static void rows_free(Rows *g) { free(g->x); free(g->y); free(g->time); free(g->event); }

static int rows_gather(const ModelData *d, const size_t *rows, size_t m, const unsigned char *cols, size_t nc,
                       Rows *g) {
    memset(g, 0, sizeof *g);
    g->m = m;
    g->x = malloc((m * nc > 0 ? m * nc : 1) * sizeof *g->x);
    if (d->y) g->y = malloc((m ? m : 1) * sizeof *g->y);
    if (d->time) {
        g->time = malloc((m ? m : 1) * sizeof *g->time);
        g->event = malloc((m ? m : 1) * sizeof *g->event);
    }
    if (!g->x || (d->y && !g->y) || (d->time && (!g->time || !g->event))) return -1;
    size_t c = 0;
    for (size_t j = 0; j < d->p; j++) {
        if (cols && !cols[j]) continue;
        const double *xj = d->x + j * d->n;
        double *o = g->x + c++ * m;
        for (size_t a = 0; a < m; a++) o[a] = xj[rows ? rows[a] : a];
    }
    for (size_t a = 0; a < m; a++) {
        size_t i = rows ? rows[a] : a;
        if (d->y) g->y[a] = d->y[i];
        if (d->time) { g->time[a] = d->time[i]; g->event[a] = d->event[i]; }
    }
    return 0;
}

/* x restricted to the kept columns (m × nkept), in place of g->x. */
static int rows_keep(Rows *g, size_t p, const unsigned char *kept, size_t nkept) {
    if (nkept == p) return 0;
    double *x = malloc((g->m * nkept > 0 ? g->m * nkept : 1) * sizeof *x);
    if (!x) return -1;
    size_t c = 0;
    for (size_t j = 0; j < p; j++)
        if (kept[j]) memcpy(x + c++ * g->m, g->x + j * g->m, g->m * sizeof *x);
    free(g->x);
    g->x = x;
    return 0;
}

static int glmnet_code(int rc) {
    switch (rc) {
    case GLMNET_OK: return RECIPE_OK;
    case GLMNET_ENOMEM: return RECIPE_ENOMEM;
    case GLMNET_ECANCEL: return RECIPE_ECANCEL;
    case GLMNET_EDEGENERATE: return RECIPE_EDEGENERATE;
    default: return RECIPE_EINPUT;
    }
}

/* The unpenalised fit on the kept columns. */
static int fit_plain(const Recipe *r, const Rows *g, RecipeFit *f, int keep) {
    size_t k = f->nkept;
    if (r->family == MODEL_LOGISTIC) {
        LogitFit *lf = calloc(1, sizeof *lf);
        if (!lf) return RECIPE_ENOMEM;
        int rc = logistic_fit(g->y, g->x, g->m, k, NULL, 1, lf);
        if (rc) { free(lf); return rc == -1 ? RECIPE_ENOMEM : RECIPE_EFIT; }
        f->a0 = lf->coef[0];
        for (size_t c = 0; c < k; c++) f->beta[f->cols[c]] = isnan(lf->coef[c + 1]) ? 0 : lf->coef[c + 1];
        if (keep) f->glm = lf;
        else { logistic_free(lf); free(lf); }
        return RECIPE_OK;
    }
    f->a0 = 0;
    if (k == 0) return RECIPE_OK;
    CoxFit *cf = calloc(1, sizeof *cf);
    if (!cf) return RECIPE_ENOMEM;
    int rc = cox_fit(g->time, g->event, g->x, g->m, k, r->ties, cf);
    if (rc) { free(cf); return rc == -1 ? RECIPE_ENOMEM : RECIPE_EFIT; }
    if (!cf->events) { cox_free(cf); free(cf); return RECIPE_EDEGENERATE; }
    for (size_t c = 0; c < k; c++) f->beta[f->cols[c]] = isnan(cf->coef[c]) ? 0 : cf->coef[c];
    if (keep) f->cox = cf;
    else { cox_free(cf); free(cf); }
    return RECIPE_OK;
}

/* The penalised fit on the kept columns. */
static int fit_penalised(const Recipe *r, const Rows *g, const int *foldid, unsigned long seed, int keep, int threads,
                         volatile sig_atomic_t *cancel, RecipeFit *f) {
    size_t k = f->nkept, m = g->m;
    if (k == 0) {   /* nothing to fit: the null model */
        double q = 0;
        if (r->family == MODEL_LOGISTIC) {
            for (size_t a = 0; a < m; a++) q += g->y[a];
            q /= (double)m;
            f->a0 = log(q / (1 - q));
        }
        return RECIPE_OK;
    }
    GlmnetOpts o;
    glmnet_opts_default(&o, r->family == MODEL_LOGISTIC ? GLMNET_BINOMIAL : GLMNET_COX);
    o.alpha = r->alpha;
    o.standardize = r->standardize;
    o.cancel = cancel;
    GlmnetData gd = {g->x, m, k, g->y, g->time, g->event};
    double *b = malloc(k * sizeof *b), a0 = 0;
    if (!b) return RECIPE_ENOMEM;
    int rc;
    if (r->lambda_rule == LAMBDA_VALUE) {
        GlmnetPath *path = calloc(1, sizeof *path);
        if (!path) { free(b); return RECIPE_ENOMEM; }
        rc = glmnet_code(glmnet_path(&gd, &o, path));
        if (rc) { free(path); free(b); return rc; }
        glmnet_coef_at(path, r->lambda, b, &a0);
        f->lambda = r->lambda;
        f->path_warn = path->warn;
        if (keep) f->path = path;
        else { glmnet_path_free(path); free(path); }
    } else {
        int *fid = malloc(m * sizeof *fid);
        GlmnetCV *cv = calloc(1, sizeof *cv);
        if (!fid || !cv) { free(fid); free(cv); free(b); return RECIPE_ENOMEM; }
        if (foldid) memcpy(fid, foldid, m * sizeof *fid);
        else if (glmnet_foldid(r->family == MODEL_LOGISTIC ? g->y : g->event, m, r->nfolds, seed, fid)) {
            free(fid); free(cv); free(b);
            return m < r->nfolds ? RECIPE_EINPUT : RECIPE_ENOMEM;
        }
        rc = glmnet_code(glmnet_cv(&gd, &o, fid, r->nfolds, r->measure, threads, cv));
        if (rc) { free(fid); free(cv); free(b); return rc; }
        size_t s = r->lambda_rule == LAMBDA_1SE ? cv->i1se : cv->imin;
        memcpy(b, cv->fit.beta + s * k, k * sizeof *b);
        a0 = cv->fit.a0[s];
        f->step = s;
        f->lambda = cv->fit.lambda[s];
        f->path_warn = cv->fit.warn;
        f->cv_warn = cv->fold_warn;
        f->measure = cv->measure;
        if (keep) { f->cv = cv; f->foldid = fid; }
        else { glmnet_cv_free(cv); free(cv); free(fid); }
    }
    f->a0 = r->family == MODEL_LOGISTIC ? a0 : 0;
    for (size_t c = 0; c < k; c++) f->beta[f->cols[c]] = b[c];
    free(b);
    return RECIPE_OK;
}

int recipe_fit(const Recipe *r, const ModelData *d, const size_t *rows, size_t nrows, unsigned long seed, int keep,
               int threads, volatile sig_atomic_t *cancel, RecipeFit *f) {
    memset(f, 0, sizeof *f);
    size_t p = d->p, m = rows ? nrows : d->n;
    f->p = p;
    f->lambda = NAN;
    f->measure = r->measure;
    f->beta = calloc(p ? p : 1, sizeof *f->beta);
    f->kept = malloc(p ? p : 1);
    f->cols = malloc((p ? p : 1) * sizeof *f->cols);
    if (!f->beta || !f->kept || !f->cols) return RECIPE_ENOMEM;
    if (m < 2) return RECIPE_EINPUT;
    Rows g;
    int rc = RECIPE_ENOMEM;
    if (rows_gather(d, rows, m, NULL, p, &g) < 0) goto out;
    /* the screen, on these rows only */
    memset(f->kept, 1, p);
    f->nkept = p;
    if (r->screen_q > 0 || r->screen_top > 0) {
        f->pval = malloc((p ? p : 1) * sizeof *f->pval);
        if (!f->pval) goto out;
        int sr = screen_pvalues(g.x, m, p, g.y, g.time, g.event, f->pval, cancel);
        if (sr) { rc = sr == -2 ? RECIPE_ECANCEL : RECIPE_ENOMEM; goto out; }
        long nk = screen_keep(f->pval, p, r->screen_q, r->screen_top, f->kept);
        if (nk < 0) goto out;
        f->nkept = (size_t)nk;
        if (rows_keep(&g, p, f->kept, f->nkept) < 0) goto out;
    }
    size_t c = 0;
    for (size_t j = 0; j < p; j++)
        if (f->kept[j]) f->cols[c++] = j;
    rc = r->penalty == PENALTY_NONE ? fit_plain(r, &g, f, keep)
                                    : fit_penalised(r, &g, rows ? NULL : d->foldid, seed, keep, threads, cancel, f);
    for (size_t j = 0; j < p; j++) f->nterms += f->beta[j] != 0;
out:
    rows_free(&g);
    return rc;
}

void recipe_predict(const RecipeFit *f, const double *newx, size_t ldx, const size_t *rows, size_t m, double *lp) {
    for (size_t a = 0; a < m; a++) lp[a] = f->a0;
    for (size_t j = 0; j < f->p; j++) {
        double b = f->beta[j];
        if (b == 0) continue;
        const double *xj = newx + j * ldx;
        for (size_t a = 0; a < m; a++) lp[a] += b * xj[rows ? rows[a] : a];
    }
}

int model_metrics(const ModelData *d, const size_t *rows, size_t n, const double *lp, double mt[VM_N]) {
    for (int k = 0; k < VM_N; k++) mt[k] = NAN;
    double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    if (!a || !b) { free(a); free(b); return -1; }
    int rc = 0;
    if (d->y) {
        for (size_t i = 0; i < n; i++) a[i] = d->y[rows ? rows[i] : i];
        mt[VM_DISCRIMINATION] = glmnet_auc(a, lp, n);
        CalibLogistic c;
        int cr = calibration_logistic(a, lp, n, &c);
        if (cr == -1) rc = -1;
        else if (cr == 0) {   /* a calibration glm that did not converge (separated predictions) has no value */
            mt[VM_SLOPE] = c.converged ? c.slope : NAN;
            mt[VM_INTERCEPT] = c.converged ? c.intercept : NAN;
            mt[VM_BRIER] = c.brier;
        }
    } else {
        for (size_t i = 0; i < n; i++) {
            a[i] = d->time[rows ? rows[i] : i];
            b[i] = d->event[rows ? rows[i] : i];
        }
        ConcordanceFit cf;
        if (concordance_fit(a, b, lp, n, CONC_HIGHER_RISK, &cf) < 0) rc = -1;
        else mt[VM_DISCRIMINATION] = cf.c;
        CalibCox cc;
        int cr = calibration_cox(a, b, lp, n, &cc);
        if (cr == -1) rc = -1;
        else if (cr == 0) mt[VM_SLOPE] = cc.converged ? cc.slope : NAN;
    }
    free(a);
    free(b);
    return rc;
}

void validation_free(Validation *v) {
    if (!v) return;
    free(v->rep);
    free(v->fold_n);
    free(v->fold_events);
    free(v->fold_disc);
    free(v->fold_lambda);
    free(v->fold_terms);
    free(v->fold_kept);
    free(v->fold_rc);
    free(v->fold_warn);
    free(v->fold_sep);
    free(v->oof);
    free(v->oof_fold);
    free(v->app_lp);
    recipe_fit_free(&v->app);
    memset(v, 0, sizeof *v);
}

/* ---- the folds, in parallel ---- */

typedef struct Shared {
    const Recipe *r;
    const ModelData *d;
    const ValidateOpts *o;
    Validation *v;
    size_t ntask, next, done;
    int stop;               /* a task failed in a way that stops the run: its code */
    pthread_mutex_t lock;
} Shared;

/* Outer fold j of repeat k: fit on the other folds, predict this one. */
static int run_task(Shared *S, size_t t) {
    const ModelData *d = S->d;
    Validation *v = S->v;
    size_t k = t / v->folds, j = t % v->folds, n = d->n;
    const int *of = v->oof_fold + k * n;
    size_t *tr = malloc(n * sizeof *tr), *te = malloc(n * sizeof *te), ntr = 0, nte = 0;
    double *lp = malloc(n * sizeof *lp);
    if (!tr || !te || !lp) { free(tr); free(te); free(lp); return RECIPE_ENOMEM; }
    for (size_t i = 0; i < n; i++) {
        if ((size_t)of[i] == j + 1) te[nte++] = i;
        else tr[ntr++] = i;
    }
    RecipeFit f;
    int rc = recipe_fit(S->r, d, tr, ntr, validate_seed(S->o->seed, k, j), S->r->penalty == PENALTY_NONE, 1,
                        S->o->cancel, &f);
    v->fold_rc[t] = rc;
    v->fold_n[t] = nte;
    double ev = 0;
    for (size_t a = 0; a < nte; a++) ev += d->y ? d->y[te[a]] : d->event[te[a]];
    v->fold_events[t] = ev;
    v->fold_lambda[t] = f.lambda;
    v->fold_terms[t] = f.nterms;
    v->fold_kept[t] = f.nkept;
    v->fold_warn[t] = f.path_warn ? f.path_warn : f.cv_warn;
    v->fold_sep[t] = f.glm ? (int)f.glm->separation : 0;
    v->fold_disc[t] = NAN;
    if (rc == RECIPE_OK) {
        recipe_predict(&f, d->x, n, te, nte, lp);
        for (size_t a = 0; a < nte; a++) v->oof[k * n + te[a]] = lp[a];
        double mt[VM_N];
        ModelData dd = *d;
        if (model_metrics(&dd, te, nte, lp, mt) < 0) rc = RECIPE_ENOMEM;
        v->fold_disc[t] = mt[VM_DISCRIMINATION];
    } else if (rc == RECIPE_EFIT || rc == RECIPE_EDEGENERATE) {
        for (size_t a = 0; a < nte; a++) v->oof[k * n + te[a]] = NAN;
        rc = RECIPE_OK;   /* recorded in fold_rc */
    }
    recipe_fit_free(&f);
    free(tr); free(te); free(lp);
    return rc;
}

static void *worker(void *arg) {
    Shared *S = arg;
    for (;;) {
        pthread_mutex_lock(&S->lock);
        size_t t = S->next++;
        int stop = S->stop;
        pthread_mutex_unlock(&S->lock);
        if (t >= S->ntask || stop) break;
        int rc = (S->o->cancel && *S->o->cancel) ? RECIPE_ECANCEL : run_task(S, t);
        pthread_mutex_lock(&S->lock);
        S->done++;
        if (rc && !S->stop) S->stop = rc;
        pthread_mutex_unlock(&S->lock);
    }
    return NULL;
}

/* R's quantile(type = 7) of the sorted v[0..m−1] at prob. */
static double quantile7(const double *v, size_t m, double prob) {
    double h = (double)(m - 1) * prob;
    size_t lo = (size_t)floor(h);
    if (lo + 1 >= m) return v[m - 1];
    return v[lo] + (h - (double)lo) * (v[lo + 1] - v[lo]);
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Each repeat's metrics, then their mean and percentiles. */
static int summarise(const ModelData *d, Validation *v) {
    size_t n = d->n, K = v->folds, R = v->repeats;
    for (size_t k = 0; k < R; k++) {
        double *mt = v->rep + k * VM_N;
        /* discrimination: the folds' values, weighted by rows (AUC) or events (C) */
        double sw = 0, sm = 0;
        size_t terms = 0, separated = 0;
        for (size_t j = 0; j < K; j++) {
            size_t t = k * K + j;
            terms += v->fold_terms[t];
            separated += v->fold_sep[t] == SEP_QUASI || v->fold_sep[t] == SEP_COMPLETE;
            double w = d->y ? (double)v->fold_n[t] : v->fold_events[t];
            if (isnan(v->fold_disc[t]) || !(w > 0)) continue;
            sw += w;
            sm += w * v->fold_disc[t];
        }
        /* calibration: the pooled out-of-fold predictions (rows whose fold failed left out) */
        size_t *rows = malloc(n * sizeof *rows), m = 0;
        double *lp = malloc(n * sizeof *lp);
        if (!rows || !lp) { free(rows); free(lp); return RECIPE_ENOMEM; }
        for (size_t i = 0; i < n; i++)
            if (!isnan(v->oof[k * n + i])) { rows[m] = i; lp[m++] = v->oof[k * n + i]; }
        if (m && model_metrics(d, rows, m, lp, mt) < 0) { free(rows); free(lp); return RECIPE_ENOMEM; }
        if (!m)
            for (int q = 0; q < VM_N; q++) mt[q] = NAN;
        mt[VM_DISCRIMINATION] = sw > 0 ? sm / sw : NAN;
        if (!terms) mt[VM_SLOPE] = NAN;   /* every fold kept the null model: no slope */
        if (separated) mt[VM_SLOPE] = mt[VM_INTERCEPT] = NAN;   /* infinite estimates: no finite predictions */
        free(rows);
        free(lp);
    }
    double *col = malloc((R ? R : 1) * sizeof *col);
    if (!col) return RECIPE_ENOMEM;
    for (int q = 0; q < VM_N; q++) {
        size_t m = 0;
        double s = 0;
        for (size_t k = 0; k < R; k++) {
            double x = v->rep[k * VM_N + q];
            if (isnan(x)) continue;
            col[m++] = x;
            s += x;
        }
        v->used[q] = m;
        v->estimate[q] = v->lo[q] = v->hi[q] = NAN;
        if (!m) continue;
        v->estimate[q] = s / (double)m;
        qsort(col, m, sizeof *col, cmp_d);
        v->lo[q] = quantile7(col, m, 0.025);
        v->hi[q] = quantile7(col, m, 0.975);
    }
    free(col);
    return RECIPE_OK;
}

/* The outer folds of every repeat, and the check that each can be fitted:
 * every outer fold holds a row of each class (or an event), and every
 * training set has events enough for the inner folds. */
static int deal_outer(const Recipe *r, const ModelData *d, const ValidateOpts *o, Validation *v) {
    size_t n = d->n, K = o->folds;
    const double *strata = d->y ? d->y : d->event;
    double total = 0, ones = 0;
    for (size_t i = 0; i < n; i++) { total++; ones += strata[i]; }
    double smaller = d->y ? fmin(ones, total - ones) : ones;
    if (K < 2 || (double)K > smaller) return RECIPE_EINPUT;
    for (size_t k = 0; k < v->repeats; k++) {
        if (glmnet_foldid(strata, n, K, validate_seed(o->seed, k, (size_t)-1), v->oof_fold + k * n))
            return RECIPE_ENOMEM;
        if (r->penalty == PENALTY_NONE || r->lambda_rule == LAMBDA_VALUE) continue;
        for (size_t j = 0; j < K; j++) {
            double tr = 0;
            size_t ntr = 0;
            for (size_t i = 0; i < n; i++)
                if ((size_t)v->oof_fold[k * n + i] != j + 1) { tr += strata[i]; ntr++; }
            if (ntr < r->nfolds || (d->time && tr < (double)r->nfolds)) return RECIPE_EINPUT;
        }
    }
    return RECIPE_OK;
}

int validate_run(const Recipe *r, const ModelData *d, const ValidateOpts *o, Validation *v) {
    memset(v, 0, sizeof *v);
    size_t n = d->n, K = o->folds, R = o->repeats, T = K * R;
    v->n = n;
    v->folds = K;
    v->repeats = R;
    if (R < 1) return RECIPE_EINPUT;
    v->rep = calloc(R * VM_N, sizeof *v->rep);
    v->fold_n = calloc(T, sizeof *v->fold_n);
    v->fold_events = calloc(T, sizeof *v->fold_events);
    v->fold_disc = calloc(T, sizeof *v->fold_disc);
    v->fold_lambda = calloc(T, sizeof *v->fold_lambda);
    v->fold_terms = calloc(T, sizeof *v->fold_terms);
    v->fold_kept = calloc(T, sizeof *v->fold_kept);
    v->fold_rc = calloc(T, sizeof *v->fold_rc);
    v->fold_warn = calloc(T, sizeof *v->fold_warn);
    v->fold_sep = calloc(T, sizeof *v->fold_sep);
    v->oof = calloc(R * n, sizeof *v->oof);
    v->oof_fold = calloc(R * n, sizeof *v->oof_fold);
    v->app_lp = malloc((n ? n : 1) * sizeof *v->app_lp);
    if (!v->rep || !v->fold_n || !v->fold_events || !v->fold_disc || !v->fold_lambda || !v->fold_terms ||
        !v->fold_kept || !v->fold_rc || !v->fold_warn || !v->fold_sep || !v->oof || !v->oof_fold || !v->app_lp)
        return RECIPE_ENOMEM;
    int rc = deal_outer(r, d, o, v);
    if (rc) return rc;
    /* the apparent fit, as the model was fitted */
    rc = recipe_fit(r, d, NULL, n, o->fit_seed, 0, o->threads, o->cancel, &v->app);
    if (rc) return rc;
    recipe_predict(&v->app, d->x, n, NULL, n, v->app_lp);
    if (model_metrics(d, NULL, n, v->app_lp, v->apparent) < 0) return RECIPE_ENOMEM;
    if (!v->app.nterms) v->apparent[VM_SLOPE] = NAN;
    /* the folds */
    Shared S = {r, d, o, v, T, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER};
    int nt = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    if ((size_t)nt > T) nt = (int)T;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, worker, &S) == 0) started++;
        else break;
    for (;;) {   /* the calling thread works too, and reports progress */
        pthread_mutex_lock(&S.lock);
        size_t t = S.next++;
        int stop = S.stop;
        pthread_mutex_unlock(&S.lock);
        if (t >= T || stop) break;
        int trc = (o->cancel && *o->cancel) ? RECIPE_ECANCEL : run_task(&S, t);
        pthread_mutex_lock(&S.lock);
        S.done++;
        if (trc && !S.stop) S.stop = trc;
        size_t done = S.done;
        pthread_mutex_unlock(&S.lock);
        if (o->progress) o->progress(o->progress_ctx, (double)done / (double)T);
    }
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (S.stop) return S.stop;
    if (o->cancel && *o->cancel) return RECIPE_ECANCEL;
    return summarise(d, v);
}
