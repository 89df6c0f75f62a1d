/* glmnet_cv.c — see glmnet_cv.h. */
#include "stats/glmnet_cv.h"
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

void glmnet_cv_free(GlmnetCV *cv) {
    if (!cv) return;
    glmnet_path_free(&cv->fit);
    free(cv->cvm);
    free(cv->cvsd);
    free(cv->cvup);
    free(cv->cvlo);
    free(cv->nzero);
    memset(cv, 0, sizeof *cv);
}

typedef struct Scored { double s, y; } Scored;
static int cmp_scored(const void *a, const void *b) {
    const Scored *x = a, *y = b;
    return (x->s > y->s) - (x->s < y->s);
}

double glmnet_auc(const double *y, const double *s, size_t n) {
    Scored *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return NAN;
    for (size_t i = 0; i < n; i++) v[i] = (Scored){s[i], y[i]};
    qsort(v, n, sizeof *v, cmp_scored);
    /* walk the distinct scores upwards: each case beats the controls below
       it and ties half of those at its score */
    double neg_below = 0, npos = 0, nneg = 0, num = 0;
    for (size_t a = 0; a < n;) {
        size_t b = a;
        double pos = 0, neg = 0;
        for (; b < n && v[b].s == v[a].s; b++) {
            if (v[b].y == 1) pos++;
            else if (v[b].y == 0) neg++;
        }
        num += pos * (neg_below + neg / 2);
        neg_below += neg;
        npos += pos;
        nneg += neg;
        a = b;
    }
    free(v);
    return npos > 0 && nneg > 0 ? num / (npos * nneg) : NAN;
}

/* splitmix64: the fold shuffle's generator (no GSL state, no globals) */
static uint64_t mix_next(uint64_t *s) {
    uint64_t z = (*s += 0x9E3779B97F4A7C15ULL);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
    return z ^ (z >> 31);
}

typedef struct Strat { double v; size_t i; } Strat;
static int cmp_strat(const void *a, const void *b) {
    const Strat *x = a, *y = b;
    int nx = isnan(x->v), ny = isnan(y->v);
    if (nx != ny) return nx - ny;
    if (!nx && x->v != y->v) return x->v < y->v ? -1 : 1;
    return (x->i > y->i) - (x->i < y->i);
}

int glmnet_foldid(const double *strata, size_t n, size_t nfolds, unsigned long seed, int *foldid) {
    if (nfolds < 2 || nfolds > n) return GLMNET_EINPUT;
    Strat *s = malloc(n * sizeof *s);
    if (!s) return -1;
    for (size_t i = 0; i < n; i++) s[i] = (Strat){strata ? strata[i] : 0, i};
    qsort(s, n, sizeof *s, cmp_strat);
    uint64_t st = 0x5DEECE66DULL ^ ((uint64_t)seed * 0x9E3779B97F4A7C15ULL);
    size_t deal = (size_t)(mix_next(&st) % nfolds);   /* where the deal starts */
    for (size_t a = 0; a < n;) {
        size_t b = a + 1;
        while (b < n && ((isnan(s[a].v) && isnan(s[b].v)) || s[b].v == s[a].v)) b++;
        for (size_t k = b - a; k > 1; k--) {   /* Fisher–Yates within the stratum */
            size_t j = (size_t)(mix_next(&st) % k);
            Strat t = s[a + k - 1];
            s[a + k - 1] = s[a + j];
            s[a + j] = t;
        }
        for (size_t k = a; k < b; k++) foldid[s[k].i] = (int)(deal++ % nfolds) + 1;
        a = b;
    }
    free(s);
    return 0;
}

typedef struct ColHash { uint64_t h; size_t j; } ColHash;
static int cmp_colhash(const void *a, const void *b) {
    const ColHash *x = a, *y = b;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

long glmnet_duplicate_columns(const double *x, size_t n, size_t p, long *first) {
    ColHash *c = malloc((p ? p : 1) * sizeof *c);
    if (!c) return -1;
    for (size_t j = 0; j < p; j++) {
        uint64_t h = 1469598103934665603ULL;   /* FNV-1a over the values (−0 as +0) */
        for (size_t i = 0; i < n; i++) {
            double v = x[j * n + i] + 0.0;
            uint64_t u;
            memcpy(&u, &v, sizeof u);
            h = (h ^ u) * 1099511628211ULL;
        }
        c[j] = (ColHash){h, j};
        first[j] = -1;
    }
    qsort(c, p, sizeof *c, cmp_colhash);
    long dup = 0;
    for (size_t a = 0; a < p;) {
        size_t b = a;
        while (b < p && c[b].h == c[a].h) b++;
        for (size_t k = a + 1; k < b; k++)   /* within one hash, in column order */
            for (size_t l = a; l < k; l++) {
                if (first[c[l].j] >= 0) continue;
                const double *u = x + c[l].j * n, *v = x + c[k].j * n;
                size_t i = 0;
                while (i < n && u[i] == v[i]) i++;
                if (i == n) { first[c[k].j] = (long)c[l].j; dup++; break; }
            }
        a = b;
    }
    free(c);
    return dup;
}

/* ---- the folds ---- */

typedef struct CvShared {
    const GlmnetData *d;
    const GlmnetOpts *o;
    const int *foldid;
    size_t nfolds;
    const double *lambda;   /* the full path's lambdas */
    size_t nlam;
    CvMeasure measure;
    double *cvraw;          /* nfolds × nlam */
    int *rc, *warn;         /* per fold */
    size_t next;            /* next fold to take */
    pthread_mutex_t lock;
} CvShared;

/* Fit fold k (0-based) and fill its row of cvraw. */
static int run_fold(CvShared *S, size_t k) {
    const GlmnetData *d = S->d;
    size_t n = d->n, p = d->p, L = S->nlam;
    size_t ntr = 0, nte = 0;
    for (size_t i = 0; i < n; i++) {
        if ((size_t)S->foldid[i] == k + 1) nte++;
        else ntr++;
    }
    int rc = GLMNET_ENOMEM;
    double *xtr = malloc(ntr * p * sizeof *xtr), *y = malloc(ntr * sizeof *y);
    double *tm = malloc(ntr * sizeof *tm), *ev = malloc(ntr * sizeof *ev);
    double *xte = malloc(nte * p * sizeof *xte), *eta = malloc(n * sizeof *eta), *yte = malloc(nte * sizeof *yte);
    size_t *tr = malloc(ntr * sizeof *tr), *te = malloc(nte * sizeof *te);
    GlmnetPath f = {0};
    unsigned char *nan = NULL;   /* the rows with a missing value, for the predictions at every lambda */
    if (!xtr || !y || !tm || !ev || !xte || !eta || !yte || !tr || !te) goto out;
    ntr = nte = 0;
    for (size_t i = 0; i < n; i++) {
        if ((size_t)S->foldid[i] == k + 1) te[nte++] = i;
        else tr[ntr++] = i;
    }
    for (size_t j = 0; j < p; j++) {
        const double *xj = d->x + j * n;
        for (size_t a = 0; a < ntr; a++) xtr[j * ntr + a] = xj[tr[a]];
        for (size_t a = 0; a < nte; a++) xte[j * nte + a] = xj[te[a]];
    }
    for (size_t a = 0; a < ntr; a++) {
        if (d->y) y[a] = d->y[tr[a]];
        if (d->time) { tm[a] = d->time[tr[a]]; ev[a] = d->event[tr[a]]; }
    }
    GlmnetData dk = {xtr, ntr, p, d->y ? y : NULL, d->time ? tm : NULL, d->time ? ev : NULL};
    /* the fold's own path (its own lambda_max and lambda_min_ratio, early
       stop included) unless the caller gave lambdas, as cv.glmnet; its
       coefficients at the full path's lambdas by glmnet's interpolation */
    rc = glmnet_path(&dk, S->o, &f);
    if (rc) goto out;
    S->warn[k] = f.warn;
    double *row = S->cvraw + k * L;
    rc = GLMNET_ENOMEM;
    if (!(nan = malloc(n ? n : 1))) goto out;
    if (S->o->family == GLMNET_BINOMIAL) {
        for (size_t a = 0; a < nte; a++) yte[a] = d->y[te[a]];
        glmnet_rows_nan(xte, p, nte, nan);
        for (size_t l = 0; l < L; l++) {
            if ((rc = glmnet_predict_rows_at(&f, S->lambda[l], xte, nte, nan, eta))) goto out;
            if (S->measure == CV_AUC) {
                for (size_t a = 0; a < nte; a++) eta[a] = 1 / (1 + exp(-eta[a]));
                row[l] = glmnet_auc(yte, eta, nte);
            } else row[l] = glmnet_binomial_deviance(yte, eta, nte, 1e-5) / (double)nte;
        }
    } else {
        double events = 0;
        for (size_t a = 0; a < nte; a++) events += d->event[te[a]];
        glmnet_rows_nan(d->x, p, n, nan);
        for (size_t l = 0; l < L; l++) {
            if ((rc = glmnet_predict_rows_at(&f, S->lambda[l], d->x, n, nan, eta))) goto out;
            double dall = glmnet_cox_deviance(d->time, d->event, eta, n);
            for (size_t a = 0; a < ntr; a++) y[a] = eta[tr[a]];
            double dtr = glmnet_cox_deviance(tm, ev, y, ntr);
            if (isnan(dall) || isnan(dtr)) { rc = GLMNET_ENOMEM; goto out; }
            row[l] = (dall - dtr) / events;
        }
    }
    rc = GLMNET_OK;
out:
    glmnet_path_free(&f);
    free(xtr); free(y); free(tm); free(ev); free(xte); free(eta); free(yte); free(tr); free(te); free(nan);
    return rc;
}

static void *cv_worker(void *arg) {
    CvShared *S = arg;
    for (;;) {
        pthread_mutex_lock(&S->lock);
        size_t k = S->next++;
        pthread_mutex_unlock(&S->lock);
        if (k >= S->nfolds) break;
        if (S->o->cancel && *S->o->cancel) { S->rc[k] = GLMNET_ECANCEL; continue; }
        S->rc[k] = run_fold(S, k);
    }
    return NULL;
}

int glmnet_cv(const GlmnetData *d, const GlmnetOpts *o, const int *foldid, size_t nfolds, CvMeasure measure,
              int threads, GlmnetCV *cv) {
    memset(cv, 0, sizeof *cv);
    size_t n = d->n;
    if (nfolds < 3 || !foldid) return GLMNET_EINPUT;
    if (measure == CV_AUC && o->family != GLMNET_BINOMIAL) return GLMNET_EINPUT;
    double *fw = calloc(nfolds, sizeof *fw);   /* fold weights: sizes (binomial) or events (Cox) */
    if (!fw) return GLMNET_ENOMEM;
    size_t *cnt = calloc(nfolds, sizeof *cnt);
    if (!cnt) { free(fw); return GLMNET_ENOMEM; }
    for (size_t i = 0; i < n; i++) {
        if (foldid[i] < 1 || (size_t)foldid[i] > nfolds) { free(fw); free(cnt); return GLMNET_EINPUT; }
        cnt[foldid[i] - 1]++;
        fw[foldid[i] - 1] += o->family == GLMNET_COX ? d->event[i] : 1;
    }
    for (size_t k = 0; k < nfolds; k++)
        if (cnt[k] == 0 || cnt[k] == n || fw[k] <= 0) { free(fw); free(cnt); return GLMNET_EINPUT; }
    free(cnt);
    if (measure == CV_AUC && (double)n / (double)nfolds < 10) measure = CV_DEVIANCE;   /* as cv.lognet */
    int rc = glmnet_path(d, o, &cv->fit);
    if (rc) { free(fw); return rc; }
    size_t L = cv->fit.nlam;
    cv->nlam = L;
    cv->measure = measure;
    cv->cvm = malloc(L * sizeof *cv->cvm);
    cv->cvsd = malloc(L * sizeof *cv->cvsd);
    cv->cvup = malloc(L * sizeof *cv->cvup);
    cv->cvlo = malloc(L * sizeof *cv->cvlo);
    cv->nzero = malloc(L * sizeof *cv->nzero);
    CvShared S = {d, o, foldid, nfolds, cv->fit.lambda, L, measure, NULL, NULL, NULL, 0, PTHREAD_MUTEX_INITIALIZER};
    S.cvraw = malloc(nfolds * L * sizeof *S.cvraw);
    S.rc = calloc(nfolds, sizeof *S.rc);
    S.warn = calloc(nfolds, sizeof *S.warn);
    rc = GLMNET_ENOMEM;
    if (!cv->cvm || !cv->cvsd || !cv->cvup || !cv->cvlo || !cv->nzero || !S.cvraw || !S.rc || !S.warn) goto out;
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)nt > nfolds) nt = (int)nfolds;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, cv_worker, &S) == 0) started++;
        else break;
    cv_worker(&S);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    rc = GLMNET_OK;
    for (size_t k = 0; k < nfolds; k++) {
        if (S.rc[k] == GLMNET_ECANCEL || (o->cancel && *o->cancel)) { rc = GLMNET_ECANCEL; goto out; }
        if (S.rc[k] && !rc) rc = S.rc[k];
        if (S.warn[k] && !cv->fold_warn) cv->fold_warn = S.warn[k];
    }
    if (rc) goto out;
    /* fold-weighted mean and standard error, in fold order */
    double sw = 0;
    for (size_t k = 0; k < nfolds; k++) sw += fw[k];
    for (size_t l = 0; l < L; l++) {
        double m = 0;
        for (size_t k = 0; k < nfolds; k++) m += fw[k] * S.cvraw[k * L + l];
        m /= sw;
        double v = 0;
        for (size_t k = 0; k < nfolds; k++) {
            double e = S.cvraw[k * L + l] - m;
            v += fw[k] * e * e;
        }
        cv->cvm[l] = m;
        cv->cvsd[l] = sqrt(v / sw / (double)(nfolds - 1));
        cv->cvup[l] = m + cv->cvsd[l];
        cv->cvlo[l] = m - cv->cvsd[l];
        cv->nzero[l] = cv->fit.df[l];
    }
    /* lambda_min and lambda_1se (glmnet's getOptcv; the AUC is maximised) */
    double sgn = measure == CV_AUC ? -1 : 1, best = INFINITY;
    for (size_t l = 0; l < L; l++)
        if (sgn * cv->cvm[l] < best) best = sgn * cv->cvm[l];
    size_t imin = 0;
    while (imin < L && !(sgn * cv->cvm[imin] <= best)) imin++;
    double semin = sgn * cv->cvm[imin] + cv->cvsd[imin];
    size_t i1 = 0;
    while (i1 < L && !(sgn * cv->cvm[i1] <= semin)) i1++;
    cv->imin = imin;
    cv->i1se = i1;
    cv->lambda_min = cv->fit.lambda[imin];
    cv->lambda_1se = cv->fit.lambda[i1];
out:
    free(fw);
    free(S.cvraw);
    free(S.rc);
    free(S.warn);
    if (rc) glmnet_cv_free(cv);
    return rc;
}
