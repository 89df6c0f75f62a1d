/* validate.h — a predictive model as a recipe, and its honest validation.
 *
 * A recipe is everything that turns training rows into a model: an
 * optional univariate screen (stats/uniscreen.h: Mann–Whitney for a
 * binary outcome, univariate Cox for survival; keep q < F or the N
 * smallest p), then either an unpenalised fit (R's glm(family = binomial),
 * stats/logistic.h; coxph, stats/cox.h) or an elastic-net path (glmnet,
 * stats/glmnet.h) with lambda chosen by K-fold cross-validation
 * (cv.glmnet's lambda.min or lambda.1se, stats/glmnet_cv.h; inner folds
 * seeded and stratified by the outcome or the event) or fixed (the path's
 * coefficients at that lambda, interpolated as predict(fit, s = )).
 * recipe_fit applies it to some rows and returns the coefficients on the
 * original scale, so a prediction is a0 + x·beta with the training rows'
 * standardisation built in.
 *
 * validate_run repeats the WHOLE recipe inside every outer fold: for each
 * of R repeats the rows are dealt to K outer folds (seeded, stratified by
 * the outcome or the event: glmnet_foldid); for each fold the recipe is
 * fitted on the other folds (its screen and its inner cross-validation
 * see only those rows; the inner folds are seeded from the seed, the
 * repeat and the fold) and predicts the held-out rows.  Per repeat:
 *  - discrimination: each fold's AUC (binary; Mann–Whitney, ties half) or
 *    Harrell's C (Cox: a higher linear predictor means higher risk,
 *    stats/concordance.h), averaged over the folds with weights = the
 *    fold's rows (AUC) or events (C), as cv.glmnet averages its folds;
 *  - calibration: the slope and (binary) the intercept of the repeat's
 *    out-of-fold linear predictors, pooled over its folds, and the Brier
 *    score (stats/calibration.h) — undefined (NaN) for a repeat in which
 *    no fold's model kept a term, in which a fold's unpenalised glm was
 *    separated (its estimates, and so its predictions, are infinite), or
 *    whose calibration fit did not converge.
 * The estimate of a metric is its mean over the repeats where it is
 * defined, the interval the 2.5 and 97.5 percentiles of those repeats
 * (R's quantile(type = 7)): the spread due to the random split, not a
 * sampling confidence interval; the apparent value is the metric of the
 * recipe fitted on all rows, measured on those same rows, and the
 * optimism apparent − estimate.
 *
 * The folds run in parallel (pthreads, each task writing its own slots;
 * the inner CV of a task is single-threaded), so the numbers do not
 * depend on the thread count.  No globals. */
#ifndef RGX_VALIDATE_H
#define RGX_VALIDATE_H
#include <signal.h>
#include <stddef.h>
#include "stats/cox.h"
#include "stats/glmnet_cv.h"
#include "stats/logistic.h"

typedef enum { MODEL_LOGISTIC, MODEL_COX } ModelFamily;
typedef enum { PENALTY_NONE, PENALTY_LASSO, PENALTY_RIDGE, PENALTY_ENET } Penalty;
typedef enum { LAMBDA_MIN, LAMBDA_1SE, LAMBDA_VALUE } LambdaRule;

typedef struct Recipe {
    ModelFamily family;
    Penalty penalty;
    double alpha;           /* glmnet's alpha: 1 lasso, 0 ridge, between for enet */
    LambdaRule lambda_rule; /* cv.glmnet's lambda.min / lambda.1se, or a fixed value */
    double lambda;          /* LAMBDA_VALUE: the lambda */
    size_t nfolds;          /* inner cross-validation folds (>= 3) */
    CvMeasure measure;      /* inner CV measure (CV_AUC: binary only) */
    int standardize;        /* glmnet's standardize */
    CoxTies ties;           /* unpenalised Cox: Efron or Breslow (glmnet's Cox is Breslow) */
    double screen_q;        /* > 0: keep the features with BH q < screen_q */
    size_t screen_top;      /* > 0: keep the screen_top features of smallest p */
} Recipe;

/* The data: complete rows (no NaN anywhere; the caller drops incomplete
 * rows and says so). */
typedef struct ModelData {
    const double *x;        /* n × p, column-major */
    size_t n, p;
    const double *y;        /* binary: n values 0/1 */
    const double *time;     /* Cox: n times > 0 */
    const double *event;    /* Cox: n values 0/1 */
    const int *foldid;      /* the inner folds (1..nfolds) of a fit on all n rows, or NULL to deal them */
} ModelData;

/* A recipe fitted to some rows. */
typedef struct RecipeFit {
    size_t p;               /* the data's columns */
    double a0;              /* intercept (binary), 0 for Cox */
    double *beta;           /* p coefficients on the original scale; 0 when screened out, not selected or aliased */
    unsigned char *kept;    /* p: passed the screen (every column without one) */
    size_t nkept;           /* how many */
    size_t *cols;           /* nkept: the kept columns, in order (the columns of the fits below) */
    double *pval;           /* p: the screen's p-values, or NULL without a screen */
    size_t nterms;          /* non-zero coefficients */
    double lambda;          /* the lambda used (NaN when unpenalised) */
    size_t step;            /* its step on the path (LAMBDA_MIN / LAMBDA_1SE) */
    int path_warn;          /* glmnet's warning code of the path (GlmnetPath.warn), or 0 */
    int cv_warn;            /* the first fold's warning code of the inner CV, or 0 */
    CvMeasure measure;      /* the inner CV's measure as used (cv.glmnet falls back to deviance) */
    /* the fit itself (keep = 1; else all NULL): exactly one of glm, cox, cv, path */
    LogitFit *glm;          /* binary, unpenalised: on the kept columns */
    CoxFit *cox;            /* Cox, unpenalised: on the kept columns */
    GlmnetCV *cv;           /* penalised, lambda by CV: the inner CV and the path (cv->fit) */
    GlmnetPath *path;       /* penalised, fixed lambda: the path */
    int *foldid;            /* the inner folds used (n rows fitted), or NULL */
} RecipeFit;

/* Return codes of recipe_fit and validate_run. */
enum {
    RECIPE_OK = 0,
    RECIPE_ENOMEM = -1,
    RECIPE_ECANCEL = -2,
    RECIPE_EINPUT = -3,     /* bad recipe or data (glmnet's EINPUT; too few events for the inner folds) */
    RECIPE_EDEGENERATE = -4,/* a class with fewer than 2 rows, no events (glmnet's EDEGENERATE) */
    RECIPE_EFIT = -5        /* the unpenalised fit failed (logistic_fit / cox_fit's error) */
};

/* Fit recipe r to rows[0..nrows−1] of d (rows NULL: all rows, and
 * d->foldid is used when given).  seed: the inner folds' seed.  keep: 1
 * to keep the fit (glm, cox, cv or path) for the caller's tables, 0 to
 * keep only the coefficients.  threads: for the inner CV.  Returns a
 * RECIPE_* code; f is to be freed with recipe_fit_free whatever it
 * returned. */
int recipe_fit(const Recipe *r, const ModelData *d, const size_t *rows, size_t nrows, unsigned long seed, int keep,
               int threads, volatile sig_atomic_t *cancel, RecipeFit *f);
void recipe_fit_free(RecipeFit *f);

/* The linear predictor a0 + x·beta of m rows of newx (m × p, column-major;
 * rows NULL: the first m rows) into lp.  A NaN in a column with a
 * non-zero coefficient gives NaN. */
void recipe_predict(const RecipeFit *f, const double *newx, size_t ldx, const size_t *rows, size_t m, double *lp);

/* The metrics of validate. */
enum { VM_DISCRIMINATION, VM_SLOPE, VM_INTERCEPT, VM_BRIER, VM_N };

/* The metrics of a linear predictor lp on n rows of d: AUC or C-index
 * (on all rows at once), calibration slope and intercept, Brier (NaN for
 * Cox's intercept and Brier, and for the calibration when lp is constant).
 * Returns 0, −1 out of memory. */
int model_metrics(const ModelData *d, const size_t *rows, size_t n, const double *lp, double m[VM_N]);

typedef struct ValidateOpts {
    size_t folds;           /* outer folds (>= 2) */
    size_t repeats;         /* repeats of the outer split (>= 1) */
    unsigned long seed;     /* outer folds of repeat k: glmnet_foldid(…, seed mixed with k); inner: seed, k, fold */
    unsigned long fit_seed; /* the inner folds' seed of the apparent fit on all rows (the model's seed) */
    int threads;            /* worker threads (< 1: 1) */
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);   /* called from the calling thread only, or NULL */
    void *progress_ctx;
} ValidateOpts;

typedef struct Validation {
    size_t n, folds, repeats;
    double apparent[VM_N];  /* the recipe on all rows, measured on them */
    double estimate[VM_N];  /* mean over the repeats where defined */
    double lo[VM_N], hi[VM_N];  /* 2.5 and 97.5 percentiles over those repeats */
    size_t used[VM_N];      /* repeats where defined */
    double *rep;            /* repeats × VM_N: each repeat's metrics */
    /* per fold (repeats × folds, repeat-major) */
    size_t *fold_n;         /* held-out rows */
    double *fold_events;    /* held-out events (Cox) or positives (binary) */
    double *fold_disc;      /* the fold's AUC or C (NaN when undefined) */
    double *fold_lambda;    /* the lambda its recipe chose (NaN unpenalised) */
    size_t *fold_terms;     /* non-zero coefficients of its model */
    size_t *fold_kept;      /* features its screen kept */
    int *fold_rc;           /* its recipe_fit code (0; RECIPE_EFIT when the fold's fit failed: its rows get NaN) */
    int *fold_warn;         /* glmnet warning codes of its path or inner CV, or 0 */
    int *fold_sep;          /* unpenalised binary: the fold's separation (Separation) */
    /* predictions */
    double *oof;            /* repeats × n: out-of-fold linear predictor */
    int *oof_fold;          /* repeats × n: the outer fold (1..folds) of each row */
    double *app_lp;         /* n: the apparent fit's linear predictor */
    RecipeFit app;          /* the apparent fit (coefficients only) */
} Validation;

/* Validate recipe r on d (all rows; d->foldid is used by the apparent fit
 * only).  Returns a RECIPE_* code (RECIPE_EINPUT when folds > the rows of
 * the smaller class or events, or the inner folds cannot hold an event;
 * the apparent fit's errors as recipe_fit); v is to be freed with
 * validation_free whatever it returned.  A fold whose fit fails with
 * RECIPE_EFIT / RECIPE_EDEGENERATE is recorded (fold_rc) and its rows get
 * NaN predictions; other errors stop the run. */
int validate_run(const Recipe *r, const ModelData *d, const ValidateOpts *o, Validation *v);
void validation_free(Validation *v);

/* The seed of repeat k (0-based) of the outer split, and of the inner
 * folds of outer fold j (0-based) of repeat k: splitmix64 of the inputs. */
unsigned long validate_seed(unsigned long seed, size_t k, size_t j);
#endif
