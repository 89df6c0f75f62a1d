/* glmnet_cv.h — K-fold cross-validation of an elastic-net path, as R's
 * cv.glmnet (glmnet 4.1) computes it for a given foldid:
 *  - the path is fitted on all rows, and each fold's training rows get
 *    their own path (their own lambda_max and lambda_min_ratio, early stop
 *    included; the caller's lambdas when o gives them); a fold's
 *    coefficients at the full path's lambdas are interpolated linearly in
 *    lambda (glmnet's lambda.interp; beyond the fold's first or last lambda,
 *    that end's step);
 *  - binomial, measure deviance (cv.glmnet's default, grouped): the
 *    held-out rows' deviance −2·[y·log p + (1 − y)·log(1 − p)], p clipped
 *    to [1e-5, 1 − 1e-5]; each fold's mean, averaged over folds weighted
 *    by fold size;
 *  - binomial, measure AUC: each fold's AUC of its held-out rows (ties
 *    count half), averaged with fold-size weights; lambda_min maximises it;
 *  - Cox, measure deviance (grouped, cv.glmnet's default for cox): fold k
 *    gives [D_all(b_k) − D_train(b_k)] / (events in fold k), D the
 *    partial-likelihood deviance (Breslow) of the fold's coefficients b_k
 *    on all rows and on the training rows; averaged with event-count
 *    weights;
 *  - cvsd = sqrt(Σ w_k (m_k − cvm)² / Σ w_k / (K − 1)); cvup/cvlo = cvm ±
 *    cvsd; lambda_min: the largest lambda with the best cvm; lambda_1se:
 *    the largest lambda whose cvm is within one cvsd of it.
 * The folds are fitted in parallel (pthreads); each fold's result lands
 * in its own slot and the sums are formed in fold order afterwards, so
 * the numbers do not depend on the number of threads. */
#ifndef RGX_GLMNET_CV_H
#define RGX_GLMNET_CV_H
#include "stats/glmnet.h"

typedef enum { CV_DEVIANCE, CV_AUC } CvMeasure;

typedef struct GlmnetCV {
    GlmnetPath fit;         /* the path on all rows (owned) */
    size_t nlam;            /* = fit.nlam */
    double *cvm, *cvsd;     /* nlam: the cross-validated measure and its standard error */
    double *cvup, *cvlo;    /* nlam: cvm ± cvsd */
    int *nzero;             /* nlam: non-zero coefficients of the full fit */
    size_t imin, i1se;      /* steps of lambda_min and lambda_1se */
    double lambda_min, lambda_1se;
    CvMeasure measure;      /* what cvm is (AUC: larger is better) */
    int fold_warn;          /* the first non-zero GlmnetPath.warn of a fold, or 0 */
} GlmnetCV;

/* Cross-validate o's path on d.  foldid: n values 1..nfolds (nfolds >= 3,
 * every fold non-empty and, for Cox, holding an event — else
 * GLMNET_EINPUT; glmnet_foldid with the event as stratum ensures it).  measure CV_AUC is for the binomial family
 * only; with fewer than 10 rows per fold cv.glmnet falls back to the
 * deviance, and so does this (cv->measure says which was used).  threads:
 * worker threads (< 1: 1).  Returns a GLMNET_* code; on success the
 * caller owns cv (glmnet_cv_free). */
int glmnet_cv(const GlmnetData *d, const GlmnetOpts *o, const int *foldid, size_t nfolds, CvMeasure measure,
              int threads, GlmnetCV *cv);
void glmnet_cv_free(GlmnetCV *cv);

/* Seeded, stratified fold assignment: within each stratum (strata[i]: any
 * value, e.g. the outcome or the event indicator; NULL for none) the rows
 * are shuffled and dealt to folds 1..nfolds in turn, the deal continuing
 * across strata, so fold sizes differ by at most one and each fold gets
 * its share of every stratum.  Same seed, same folds.  Returns 0, −1 when
 * out of memory, GLMNET_EINPUT when nfolds < 2 or nfolds > n. */
int glmnet_foldid(const double *strata, size_t n, size_t nfolds, unsigned long seed, int *foldid);

/* Exact copies among the columns of x (n × p, column-major): first[j] is
 * the first earlier column whose n values all equal column j's (by ==, so
 * a column with a NaN copies nothing), or −1.  The lasso cannot choose
 * between copies (the choice is a rounding tie, in glmnet too; ridge and
 * the elastic net split the weight evenly), so a caller should drop them
 * and say so — radiomics exports often repeat a feature under two names
 * (269 of the 683 Arita features do).  Hashing keeps it O(n·p).  Returns
 * the number of columns that copy an earlier one, or −1 when out of memory. */
long glmnet_duplicate_columns(const double *x, size_t n, size_t p, long *first);

/* The weighted AUC (Mann–Whitney, ties half) of score s for the rows with
 * y = 1 against those with y = 0 — what cv.glmnet's auc computes through
 * survival::concordance.  Returns NaN when a class is empty or out of
 * memory. */
double glmnet_auc(const double *y, const double *s, size_t n);
#endif
