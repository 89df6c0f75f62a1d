/* test_glmnet.c — elastic-net paths and cross-validation against R's
 * glmnet 4.1-6 and cv.glmnet (tests/reference/models.R), on real data:
 * the Arita glioma IDH cohort (binomial, 168 × 683), NSCLC CaPTk features
 * (Cox, 206 × 94), veteran and lung (Cox). */
#include "models_data.h"
#include "stats/glmnet.h"
#include "stats/glmnet_cv.h"

static Table *rpath, *rbeta, *rcv, *rcvopt, *rfold;
static int verbose;

/* largest |a − b| / max(|b|, floor) */
static double reldiff(double a, double b, double floor) {
    double s = fabs(b) > floor ? fabs(b) : floor;
    if (isnan(a) && isnan(b)) return 0;
    return fabs(a - b) / s;
}

/* Compare a path with R's: steps, lambda, a0, df, dev.ratio, nulldev,
 * glmnet's warning code, the number of passes, and the coefficients of the
 * steps R wrote.  tol: relative for a0 and the coefficients (relative to
 * the step's largest |beta|), absolute for dev.ratio.  A df may differ only
 * through a coefficient below 1e-12 of the step's largest, which rounding
 * puts exactly at zero in one and not the other. */
static void check_path(const char *set, const GlmnetPath *f, double tol) {
    size_t *rows = malloc(rpath->nrow * sizeof *rows), nr = ref_rows(rpath, set, rows);
    CHECK(nr > 0);
    if (f->nlam != nr) printf("FAIL %s: %zu steps, R has %zu\n", set, f->nlam, nr);
    CHECK(f->nlam == nr);
    size_t L = f->nlam < nr ? f->nlam : nr, p = f->p;
    const double *lam = rcol(rpath, "lambda"), *a0 = rcol(rpath, "a0"), *df = rcol(rpath, "df");
    const double *dr = rcol(rpath, "dev_ratio"), *nd = rcol(rpath, "nulldev"), *stored = rcol(rpath, "beta_stored");
    const double *jerr = rcol(rpath, "jerr"), *np = rcol(rpath, "npasses");
    double mlam = 0, ma0 = 0, mdr = 0, mb = 0;
    size_t dfbad = 0, dfround = 0;
    double *rb = calloc(p * (L ? L : 1), sizeof *rb);
    size_t *brows = malloc(rbeta->nrow * sizeof *brows), nb = ref_rows(rbeta, set, brows);
    const double *bstep = rcol(rbeta, "step"), *bj = rcol(rbeta, "j"), *bv = rcol(rbeta, "beta");
    for (size_t k = 0; k < nb; k++) {
        size_t s = (size_t)bstep[brows[k]] - 1, j = (size_t)bj[brows[k]] - 1;
        if (s < L && j < p) rb[s * p + j] = bv[brows[k]];
    }
    for (size_t l = 0; l < L; l++) {
        size_t i = rows[l];
        double d;
        if ((d = reldiff(f->lambda[l], lam[i], 0)) > mlam) mlam = d;
        if ((d = reldiff(f->a0[l], a0[i], 1e-3)) > ma0) ma0 = d;
        if ((d = fabs(f->dev_ratio[l] - dr[i])) > mdr) mdr = d;
        if (!stored[i]) {
            if (f->df[l] != (int)df[i]) dfbad++;
            continue;
        }
        double big = 0;
        for (size_t j = 0; j < p; j++)
            if (fabs(rb[l * p + j]) > big) big = fabs(rb[l * p + j]);
        for (size_t j = 0; j < p; j++)
            if ((d = reldiff(f->beta[l * p + j], rb[l * p + j], big > 0 ? big : 1)) > mb) mb = d;
        if (f->df[l] != (int)df[i]) {
            int ok = 1;
            for (size_t j = 0; j < p; j++)
                if ((f->beta[l * p + j] != 0) != (rb[l * p + j] != 0) &&
                    fabs(f->beta[l * p + j]) + fabs(rb[l * p + j]) > 1e-12 * big)
                    ok = 0;
            if (ok) dfround++;
            else dfbad++;
        }
    }
    if (verbose)
        printf("%-18s steps %3zu/%3zu lambda %.0e a0 %.0e dev_ratio %.0e beta %.0e df %zu+%zu passes %ld/%g warn %d/%g\n",
               set, f->nlam, nr, mlam, ma0, mdr, mb, dfbad, dfround, f->npasses, np[rows[0]], f->warn, jerr[rows[0]]);
    CHECK(mlam <= 1e-14);
    CHECK(ma0 <= tol);
    CHECK(mdr <= tol);
    CHECK(mb <= tol);
    CHECK(dfbad == 0);
    CHECK(f->warn == (int)jerr[rows[0]]);
    CHECK(f->npasses == (long)np[rows[0]]);
    CHECK_NEAR(f->nulldev, nd[rows[0]], 1e-12);
    free(rows); free(rb); free(brows);
}

static void fit(const MData *d, GlmnetFamily fam, double alpha, double thresh, int standardize, GlmnetPath *f) {
    GlmnetOpts o;
    glmnet_opts_default(&o, fam);
    o.alpha = alpha;
    if (thresh > 0) o.thresh = thresh;
    o.standardize = standardize;
    GlmnetData gd = {d->x, d->n, d->p, d->y, d->time, d->event};
    int rc = glmnet_path(&gd, &o, f);
    if (rc) printf("FAIL glmnet_path returned %d\n", rc);
    CHECK(rc == 0);
}

/* The Arita features without the columns that repeat an earlier one
 * exactly (414 of 683), as models.R's axu. */
static MData distinct_columns(const MData *a) {
    MData u = *a;
    u.t = NULL;
    u.y = a->y;
    u.x = malloc(a->n * a->p * sizeof *u.x);
    u.p = 0;
    for (size_t j = 0; j < a->p; j++) {
        int dup = 0;
        for (size_t k = 0; k < j && !dup; k++) dup = memcmp(a->x + k * a->n, a->x + j * a->n, a->n * sizeof *a->x) == 0;
        if (!dup) memcpy(u.x + u.p++ * a->n, a->x + j * a->n, a->n * sizeof *a->x);
    }
    return u;
}

/* cv.glmnet with R's foldid: cvm, cvsd, cvup, cvlo, nzero and the chosen
 * lambdas; with both_threads, also run on 2 threads and compared bit for
 * bit.  Steps before `exact` must agree to 1e-9
 * relative, the rest to tol; nzbad_ok: nzero mismatches allowed (the full
 * path's rounding-level coefficients, see check_path). */
static void check_cv(const char *set, const char *fset, const MData *md, GlmnetFamily fam, double alpha, CvMeasure m,
                     size_t exact, double tol, int nzbad_ok, int both_threads) {
    int *fold = malloc(md->n * sizeof *fold);
    size_t *fr = malloc(rfold->nrow * sizeof *fr), nf = ref_rows(rfold, fset, fr);
    CHECK(nf == md->n);
    for (size_t i = 0; i < nf; i++) fold[i] = (int)rcol(rfold, "fold")[fr[i]];
    GlmnetOpts o;
    glmnet_opts_default(&o, fam);
    o.alpha = alpha;
    GlmnetData gd = {md->x, md->n, md->p, md->y, md->time, md->event};
    GlmnetCV cv[2];
    memset(cv, 0, sizeof cv);
    for (int t = 0; t < 1 + both_threads; t++) {
        int rc = glmnet_cv(&gd, &o, fold, 10, m, t + 1, &cv[t]);
        CHECK(rc == 0);
        if (rc) { printf("FAIL glmnet_cv %s: %d\n", set, rc); exit(1); }
    }
    size_t *rows = malloc(rcv->nrow * sizeof *rows), nr = ref_rows(rcv, set, rows);
    CHECK(cv[0].nlam == nr);
    double mm = 0, ms = 0, mu = 0, me = 0;
    int nzbad = 0, same = 1;
    for (size_t l = 0; l < nr && l < cv[0].nlam; l++) {
        size_t i = rows[l];
        double d, dm = 0;
        if ((d = reldiff(cv[0].cvm[l], rcol(rcv, "cvm")[i], 0)) > dm) dm = d;
        if ((d = reldiff(cv[0].cvsd[l], rcol(rcv, "cvsd")[i], 0)) > ms) ms = d;
        if ((d = reldiff(cv[0].cvup[l], rcol(rcv, "cvup")[i], 0)) > mu) mu = d;
        if ((d = reldiff(cv[0].cvlo[l], rcol(rcv, "cvlo")[i], 0)) > mu) mu = d;
        if (dm > mm) mm = dm;
        if (l < exact && dm > me) me = dm;
        if (cv[0].nzero[l] != (int)rcol(rcv, "nzero")[i]) nzbad++;
        if (both_threads) same &= cv[0].cvm[l] == cv[1].cvm[l] && cv[0].cvsd[l] == cv[1].cvsd[l];
    }
    size_t orow[4], no = ref_rows(rcvopt, set, orow);
    CHECK(no == 1);
    double lmin = rcol(rcvopt, "lambda_min")[orow[0]], l1se = rcol(rcvopt, "lambda_1se")[orow[0]];
    if (verbose)
        printf("%-22s cvm %.0e (first %zu steps %.0e) cvsd %.0e cvup/lo %.0e nzero %d  min %zu/%g 1se %zu/%g  fold warn %d  "
               "threads %s\n", set, mm, exact, me, ms, mu, nzbad, cv[0].imin + 1, rcol(rcvopt, "index_min")[orow[0]], cv[0].i1se + 1,
               rcol(rcvopt, "index_1se")[orow[0]], cv[0].fold_warn, !both_threads ? "-" : same ? "1 = 2" : "DIFFER");
    CHECK(me <= 1e-9);
    CHECK(mm <= tol && ms <= tol);
    CHECK(mu <= 2 * tol);   /* cvlo = cvm − cvsd is smaller, so its relative error larger */
    CHECK(nzbad <= nzbad_ok);
    CHECK(cv[0].imin + 1 == (size_t)rcol(rcvopt, "index_min")[orow[0]]);
    CHECK(cv[0].i1se + 1 == (size_t)rcol(rcvopt, "index_1se")[orow[0]]);
    CHECK_NEAR(cv[0].lambda_min, lmin, 1e-14);
    CHECK_NEAR(cv[0].lambda_1se, l1se, 1e-14);
    CHECK(same);   /* the thread count changes nothing */
    glmnet_cv_free(&cv[0]);
    glmnet_cv_free(&cv[1]);
    free(fold); free(fr); free(rows);
}

int main(int argc, char **argv) {
    verbose = argc > 1;
    rpath = load("tests/reference/models_glmnet_path.tsv");
    rbeta = load("tests/reference/models_glmnet_beta.tsv");
    rcv = load("tests/reference/models_cv.tsv");
    rcvopt = load("tests/reference/models_cv_opt.tsv");
    rfold = load("tests/reference/models_foldid.tsv");
    GlmnetPath f;
    /* binomial, Arita: the lasso on the distinct columns (at glmnet's
       thresh and at 1e-11), ridge and elastic net on all 683 */
    MData a = load_arita(), au = distinct_columns(&a);
    CHECK(au.p == 414);
    {   /* the copies, found by hashing: 269, T1Gd_core_Max copying T1Gd_Max */
        long *first = malloc(a.p * sizeof *first);
        CHECK(glmnet_duplicate_columns(a.x, a.n, a.p, first) == 269);
        long jm = table_find(a.t, "T1Gd_Max"), jc = table_find(a.t, "T1Gd_core_Max");
        CHECK(first[jc] == jm && first[jm] == -1);   /* Target is after the features: indices agree */
        free(first);
    }
    fit(&au, GLMNET_BINOMIAL, 1, 0, 1, &f);
    check_path("arita_lasso", &f, 1e-9);
    glmnet_path_free(&f);
    fit(&au, GLMNET_BINOMIAL, 1, 1e-11, 1, &f);
    check_path("arita_lasso_tight", &f, 1e-9);
    glmnet_path_free(&f);
    fit(&a, GLMNET_BINOMIAL, 0, 0, 1, &f);
    check_path("arita_ridge", &f, 1e-9);
    glmnet_path_free(&f);
    fit(&a, GLMNET_BINOMIAL, 0.5, 0, 1, &f);
    check_path("arita_enet", &f, 1e-9);
    glmnet_path_free(&f);
    {
        MData a40 = a;
        a40.p = 40;
        fit(&a40, GLMNET_BINOMIAL, 1, 0, 0, &f);
        check_path("arita40_nostd", &f, 1e-9);
        glmnet_path_free(&f);
    }
    /* the lasso on all 683 columns, exact copies included: which copy gets
       the weight is a rounding tie in glmnet too, so only the lambdas, the
       path length and the deviance ratios are compared */
    {
        fit(&a, GLMNET_BINOMIAL, 1, 0, 1, &f);
        size_t rows[128], nr = ref_rows(rpath, "arita683_lasso", rows);
        CHECK(f.nlam == nr);
        double md = 0;
        for (size_t l = 0; l < nr && l < f.nlam; l++) {
            CHECK_NEAR(f.lambda[l], rcol(rpath, "lambda")[rows[l]], 1e-14);
            double d = fabs(f.dev_ratio[l] - rcol(rpath, "dev_ratio")[rows[l]]);
            if (d > md) md = d;
        }
        if (verbose) printf("arita683_lasso     steps %zu/%zu dev_ratio within %.1e\n", f.nlam, nr, md);
        CHECK(md < 1e-3);
        glmnet_path_free(&f);
    }
    /* Cox.  NSCLC, all 94 features with maxit = 10,000: glmnet runs out of
       passes at step 51 and returns the 50 before it with a warning; so
       must rgx (the default maxit does the same at step 86, in 3 s) */
    MData nc = load_nsclc();
    {
        GlmnetOpts o;
        glmnet_opts_default(&o, GLMNET_COX);
        o.maxit = 10000;
        GlmnetData gd = {nc.x, nc.n, nc.p, NULL, nc.time, nc.event};
        CHECK(glmnet_path(&gd, &o, &f) == 0);
        check_path("nsclc_lasso_maxit", &f, 1e-9);
        glmnet_path_free(&f);
    }
    {   /* the first 30 features, where glmnet converges */
        MData n30 = nc;
        n30.p = 30;
        fit(&n30, GLMNET_COX, 1, 0, 1, &f);
        check_path("nsclc30_lasso", &f, 1e-9);
        glmnet_path_free(&f);
        fit(&n30, GLMNET_COX, 0.5, 0, 1, &f);
        check_path("nsclc30_enet", &f, 1e-9);
        glmnet_path_free(&f);
    }
    MData v = load_veteran();
    fit(&v, GLMNET_COX, 1, 0, 1, &f);
    check_path("veteran_lasso", &f, 1e-9);
    glmnet_path_free(&f);
    fit(&v, GLMNET_COX, 0, 0, 1, &f);
    check_path("veteran_ridge", &f, 1e-9);
    glmnet_path_free(&f);
    /* lung on its raw times equals glmnet on the nudged times (models.R) */
    MData lu = load_lung();
    fit(&lu, GLMNET_COX, 1, 0, 1, &f);
    check_path("lung_lasso", &f, 1e-9);
    glmnet_path_free(&f);
    /* cross-validation with R's foldid */
    check_cv("arita_lasso_deviance", "arita", &au, GLMNET_BINOMIAL, 1, CV_DEVIANCE, 100, 1e-9, 0, 1);
    check_cv("arita_lasso_auc", "arita", &au, GLMNET_BINOMIAL, 1, CV_AUC, 100, 1e-9, 0, 0);
    check_cv("arita_enet_deviance", "arita", &a, GLMNET_BINOMIAL, 0.5, CV_DEVIANCE, 100, 1e-9, 0, 0);
    {   /* Cox on the first 30 NSCLC features (models.R says why not all 94) */
        MData n30 = nc;
        n30.p = 30;
        check_cv("nsclc30_lasso_deviance", "nsclc", &n30, GLMNET_COX, 1, CV_DEVIANCE, 100, 1e-9, 0, 1);
    }
    /* coefficients between the path's lambdas (glmnet's lambda.interp) and
       predictions with the training standardisation built in */
    {
        fit(&au, GLMNET_BINOMIAL, 1, 0, 1, &f);
        double *b = malloc(au.p * sizeof *b), a0, *eta = malloc(au.n * sizeof *eta);
        glmnet_coef_at(&f, f.lambda[20], b, &a0);
        int same = a0 == f.a0[20];
        for (size_t j = 0; j < au.p; j++) same &= b[j] == f.beta[20 * au.p + j];
        CHECK(same);
        double s = 0.25 * f.lambda[20] + 0.75 * f.lambda[21];   /* a quarter of the way from step 22 to 21 */
        glmnet_coef_at(&f, s, b, &a0);
        CHECK_NEAR(a0, 0.25 * f.a0[20] + 0.75 * f.a0[21], 1e-12);
        glmnet_coef_at(&f, 10 * f.lambda[0], b, &a0);   /* above the first lambda: the first step */
        CHECK(a0 == f.a0[0]);
        glmnet_coef_at(&f, 0, b, &a0);                  /* below the last: the last step */
        CHECK(a0 == f.a0[f.nlam - 1]);
        /* eta = a0 + x·beta on the raw columns equals the fit's own probabilities' logit */
        glmnet_predict(&f, 30, au.x, au.n, eta);
        double e0 = f.a0[30];
        for (size_t j = 0; j < au.p; j++) e0 += f.beta[30 * au.p + j] * au.x[j * au.n];
        CHECK_NEAR(eta[0], e0, 1e-12);
        /* the deviance of that prediction matches the path's dev_ratio */
        double dev = glmnet_binomial_deviance(au.y, eta, au.n, 1e-9);
        CHECK_NEAR(1 - dev / f.nulldev, f.dev_ratio[30], 1e-9);
        /* a NaN in a new row gives NaN for that row only */
        double *nx = malloc(2 * au.p * sizeof *nx);
        for (size_t j = 0; j < au.p; j++) {
            nx[j * 2] = au.x[j * au.n];
            nx[j * 2 + 1] = au.x[j * au.n + 1];
        }
        nx[0] = NAN;
        glmnet_predict(&f, 30, nx, 2, eta);
        CHECK(isnan(eta[0]) && !isnan(eta[1]));
        /* the predictions cross-validation makes at every lambda (the rows' NaNs found once, only the
           nonzero coefficients' columns read): the same bits as glmnet_predict_at, NaN rows included —
           a NaN in a column whose coefficient is zero (early steps) or not */
        {
            size_t m = au.n;
            double *mx = malloc(m * au.p * sizeof *mx), *e1 = malloc(m * sizeof *e1), *e2 = malloc(m * sizeof *e2);
            unsigned char *nan = malloc(m);
            memcpy(mx, au.x, m * au.p * sizeof *mx);
            for (size_t i = 0; i < m; i += 7) mx[(i % au.p) * m + i] = NAN;
            glmnet_rows_nan(mx, au.p, m, nan);
            size_t nnan = 0;
            for (size_t i = 0; i < m; i++) nnan += nan[i];
            CHECK_COUNT(nnan, (m + 6) / 7);
            int same_bits = 1, nan_rows = 1;
            for (size_t l = 0; l < f.nlam; l += 3) {
                double sl = 0.5 * (f.lambda[l] + f.lambda[l + 1 < f.nlam ? l + 1 : l]);
                CHECK(glmnet_predict_at(&f, sl, mx, m, e1) == 0);
                CHECK(glmnet_predict_rows_at(&f, sl, mx, m, nan, e2) == 0);
                same_bits &= memcmp(e1, e2, m * sizeof *e1) == 0;
                for (size_t i = 0; i < m; i++) nan_rows &= isnan(e2[i]) == (nan[i] != 0);
            }
            CHECK(same_bits);
            CHECK(nan_rows);
            free(mx); free(e1); free(e2); free(nan);
        }
        glmnet_path_free(&f);
        free(b); free(eta); free(nx);
    }
    /* bad input, degenerate data, cancellation */
    {
        GlmnetOpts o;
        glmnet_opts_default(&o, GLMNET_BINOMIAL);
        double x[12] = {1, 2, 3, 4, 5, 6, 2, 1, 4, 3, 6, 5}, y[6] = {0, 1, 0, 1, 1, 0}, y0[6] = {0};
        double t[6] = {5, 3, 8, 1, 9, 2}, e[6] = {1, 0, 1, 1, 0, 1}, e0[6] = {0};
        GlmnetData d = {x, 6, 2, y, NULL, NULL};
        CHECK(glmnet_path(&d, &o, &f) == 0);
        glmnet_path_free(&f);
        d.y = y0;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_EDEGENERATE);   /* one class */
        y0[4] = 1;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_EDEGENERATE);   /* a class of one row: glmnet refuses */
        d.y = y;
        y[2] = 2;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_EINPUT);
        y[2] = 0;
        x[3] = NAN;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_EINPUT);
        x[3] = 4;
        o.alpha = 1.5;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_EINPUT);
        o.alpha = 1;
        volatile sig_atomic_t stop = 1;
        o.cancel = &stop;
        CHECK(glmnet_path(&d, &o, &f) == GLMNET_ECANCEL);
        CHECK(f.lambda == NULL);   /* nothing left to free */
        glmnet_opts_default(&o, GLMNET_COX);
        GlmnetData dc = {x, 6, 2, NULL, t, e0};
        CHECK(glmnet_path(&dc, &o, &f) == GLMNET_EDEGENERATE);   /* no events */
        dc.event = e;
        t[1] = 0;
        CHECK(glmnet_path(&dc, &o, &f) == GLMNET_EINPUT);        /* time <= 0 */
        t[1] = 3;
        CHECK(glmnet_path(&dc, &o, &f) == 0);
        glmnet_path_free(&f);
        /* cross-validation: bad fold ids, and cancellation */
        GlmnetCV cv;
        int fo[6] = {1, 2, 3, 1, 2, 4};
        glmnet_opts_default(&o, GLMNET_BINOMIAL);
        CHECK(glmnet_cv(&d, &o, fo, 3, CV_DEVIANCE, 1, &cv) == GLMNET_EINPUT);   /* fold 4 of 3 */
        CHECK(glmnet_cv(&d, &o, fo, 2, CV_DEVIANCE, 1, &cv) == GLMNET_EINPUT);   /* fewer than 3 folds */
        int *fa = malloc(au.n * sizeof *fa);
        CHECK(glmnet_foldid(au.y, au.n, 10, 3, fa) == 0);
        glmnet_opts_default(&o, GLMNET_BINOMIAL);
        o.cancel = &stop;
        GlmnetData da = {au.x, au.n, au.p, au.y, NULL, NULL};
        CHECK(glmnet_cv(&da, &o, fa, 10, CV_DEVIANCE, 2, &cv) == GLMNET_ECANCEL);
        free(fa);
    }
    /* seeded, stratified folds: sizes within one, each fold's share of
       cases within one, same seed same folds, another seed other folds */
    {
        int *f1 = malloc(a.n * sizeof *f1), *f2 = malloc(a.n * sizeof *f2), *f3 = malloc(a.n * sizeof *f3);
        CHECK(glmnet_foldid(a.y, a.n, 10, 42, f1) == 0);
        CHECK(glmnet_foldid(a.y, a.n, 10, 42, f2) == 0);
        CHECK(glmnet_foldid(a.y, a.n, 10, 43, f3) == 0);
        int size[11] = {0}, cases[11] = {0}, same = 1, differ = 0;
        for (size_t i = 0; i < a.n; i++) {
            CHECK(f1[i] >= 1 && f1[i] <= 10);
            size[f1[i]]++;
            cases[f1[i]] += a.y[i] == 1;
            same &= f1[i] == f2[i];
            differ += f1[i] != f3[i];
        }
        int smin = 1000, smax = 0, cmin = 1000, cmax = 0;
        for (int k = 1; k <= 10; k++) {
            if (size[k] < smin) smin = size[k];
            if (size[k] > smax) smax = size[k];
            if (cases[k] < cmin) cmin = cases[k];
            if (cases[k] > cmax) cmax = cases[k];
        }
        CHECK(smax - smin <= 1 && cmax - cmin <= 1);
        CHECK(same && differ > 0);
        CHECK(glmnet_foldid(NULL, 5, 6, 1, f1) == GLMNET_EINPUT);
        CHECK(glmnet_foldid(NULL, 5, 1, 1, f1) == GLMNET_EINPUT);
        free(f1); free(f2); free(f3);
    }
    free(au.x);
    mdata_free(&a); mdata_free(&nc); mdata_free(&v); mdata_free(&lu);
    table_free(rpath); table_free(rbeta); table_free(rcv); table_free(rcvopt); table_free(rfold);
    return TEST_END();
}
