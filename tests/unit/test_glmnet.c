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
 * lambdas, for 1 and 2 threads.  Steps before `exact` must agree to 1e-9
 * relative, the rest to tol; nzbad_ok: nzero mismatches allowed (the full
 * path's rounding-level coefficients, see check_path). */
static void check_cv(const char *set, const char *fset, const MData *md, GlmnetFamily fam, double alpha, CvMeasure m,
                     size_t exact, double tol, int nzbad_ok) {
    int *fold = malloc(md->n * sizeof *fold);
    size_t *fr = malloc(rfold->nrow * sizeof *fr), nf = ref_rows(rfold, fset, fr);
    CHECK(nf == md->n);
    for (size_t i = 0; i < nf; i++) fold[i] = (int)rcol(rfold, "fold")[fr[i]];
    GlmnetOpts o;
    glmnet_opts_default(&o, fam);
    o.alpha = alpha;
    GlmnetData gd = {md->x, md->n, md->p, md->y, md->time, md->event};
    GlmnetCV cv[2];
    for (int t = 0; t < 2; t++) {
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
        same &= cv[0].cvm[l] == cv[1].cvm[l] && cv[0].cvsd[l] == cv[1].cvsd[l];
    }
    size_t orow[4], no = ref_rows(rcvopt, set, orow);
    CHECK(no == 1);
    double lmin = rcol(rcvopt, "lambda_min")[orow[0]], l1se = rcol(rcvopt, "lambda_1se")[orow[0]];
    if (verbose)
        printf("%-22s cvm %.0e (first %zu steps %.0e) cvsd %.0e cvup/lo %.0e nzero %d  min %zu/%g 1se %zu/%g  fold warn %d  "
               "threads-equal %d\n", set, mm, exact, me, ms, mu, nzbad, cv[0].imin + 1, rcol(rcvopt, "index_min")[orow[0]], cv[0].i1se + 1,
               rcol(rcvopt, "index_1se")[orow[0]], cv[0].fold_warn, same);
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
    /* Cox.  NSCLC, all 94 features: glmnet runs out of passes (maxit) at
       step 86 and returns the 85 before it with a warning; so must rgx */
    MData nc = load_nsclc();
    fit(&nc, GLMNET_COX, 1, 0, 1, &f);
    check_path("nsclc_lasso", &f, 1e-9);
    glmnet_path_free(&f);
    fit(&nc, GLMNET_COX, 0.5, 0, 1, &f);
    check_path("nsclc_enet", &f, 1e-9);
    glmnet_path_free(&f);
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
    check_cv("arita_lasso_deviance", "arita", &au, GLMNET_BINOMIAL, 1, CV_DEVIANCE, 100, 1e-9, 0);
    check_cv("arita_lasso_auc", "arita", &au, GLMNET_BINOMIAL, 1, CV_AUC, 100, 1e-9, 0);
    check_cv("arita_enet_deviance", "arita", &a, GLMNET_BINOMIAL, 0.5, CV_DEVIANCE, 100, 1e-9, 0);
    {   /* Cox on the first 30 NSCLC features (models.R says why not all 94) */
        MData n30 = nc;
        n30.p = 30;
        check_cv("nsclc30_lasso_deviance", "nsclc", &n30, GLMNET_COX, 1, CV_DEVIANCE, 100, 1e-9, 0);
    }
    free(au.x);
    mdata_free(&a); mdata_free(&nc); mdata_free(&v); mdata_free(&lu);
    table_free(rpath); table_free(rbeta); table_free(rcv); table_free(rcvopt); table_free(rfold);
    return TEST_END();
}
