/* roc.h — ROC curves and AUC as R's pROC computes them: direction chosen
 * from the group medians, thresholds at the midpoints between distinct
 * values (plus ±Inf), AUC with ties counted half, DeLong's variance by
 * the placement values (Sun & Xu 2014, O(n log n)), stratified bootstrap
 * intervals, and DeLong tests of two AUCs. */
#ifndef RGX_ROC_H
#define RGX_ROC_H
#include <signal.h>
#include <stddef.h>

typedef struct RocFit {
    size_t n_pos, n_neg;    /* cases and controls used */
    int direction;          /* +1: controls < cases ("<"), −1: controls > cases (">") */
    double auc;             /* area under the curve */
    double var;             /* DeLong variance of the AUC */
    size_t nthr;            /* thresholds */
    double *thr, *se, *sp;  /* thresholds (increasing), sensitivity, specificity */
    double *v10;            /* placement value of each case (in data order) */
    double *v01;            /* placement value of each control (in data order) */
    size_t *case_row;       /* row of each case, for pairing */
    size_t *ctrl_row;       /* row of each control */
} RocFit;

/* y[i]: 1 case, 0 control, anything else skipped (also when x[i] is NaN).
 * direction: 0 auto (pROC: '<' when median(controls) <= median(cases)),
 * +1 '<', −1 '>'.  Returns 0, −1 out of memory, −2 when a class is empty,
 * −3 when a value used is infinite (pROC 1.18 refuses them: "Infinite
 * values(s) in predictor, cannot build a valid ROC curve. NaN returned";
 * −Inf and Inf would need thresholds beyond them and the curve would
 * never reach its corners).  After −2 and −3, n_pos and n_neg are set. */
int roc_fit(const double *x, const int *y, size_t n, int direction, RocFit *r);
void roc_free(RocFit *r);

/* DeLong confidence interval at level, clipped to [0, 1]. */
void roc_ci_delong(const RocFit *r, double level, double *lo, double *hi);

/* Stratified bootstrap percentile interval (B resamples of cases and of
 * controls, the direction kept); quantiles as R's quantile(type 7).  The
 * values are sorted once and each resample is one O(n) pass over them;
 * resample b draws from its own stream seeded from (seed, b), so the
 * result is the same for any number of threads.  Returns 0, −1 on bad
 * input or out of memory, −2 when cancelled. */
int roc_ci_boot(const double *x, const int *y, size_t n, int direction, size_t B, unsigned long seed, double level,
                int threads, volatile sig_atomic_t *cancel, double *lo, double *hi);

/* DeLong tests of AUC a against AUC b.  Paired (the same patients, the
 * same cases and controls): z with the covariance of the placements;
 * unpaired: D = (a − b) / sqrt(var_a + var_b) on Welch–Satterthwaite df
 * (as pROC).  Returns the statistic and sets the two-sided p. */
double roc_test_paired(const RocFit *a, const RocFit *b, double *p);
double roc_test_unpaired(const RocFit *a, const RocFit *b, double *p);

/* Paired bootstrap test of two predictors on the same patients (pROC's
 * roc.test(method = "bootstrap")): B stratified resamples, the same rows
 * for both; D = (auc1 − auc2) / sd(differences), two-sided normal p.
 * Returns D (NaN on bad input), −2-free: cancellation gives NaN. */
double roc_test_boot(const double *x1, const double *x2, const int *y, size_t n, int dir1, int dir2, size_t B,
                     unsigned long seed, volatile sig_atomic_t *cancel, double *p);

/* The confusion counts at threshold t, as pROC's coords(x = t, input =
 * "threshold"): positive when x >= t for direction '<' (dir > 0), x <= t
 * for '>'.  Rows with x NaN or y not 0/1 are skipped.  cnt: tp fp tn fn. */
void roc_at_threshold(const double *x, const int *y, size_t n, int dir, double t, double cnt[4]);

/* Which rows two predictors of one outcome share, as pROC's roc.test
 * pairs them: among the rows with an outcome (y 0 or 1), only1 have a
 * value of x1 and none of x2, only2 the reverse, both have both. */
typedef struct RocPairing {
    size_t only1, only2;    /* rows with one predictor's value only */
    size_t both;            /* rows with both values */
} RocPairing;
void roc_pairing(const double *x1, const double *x2, const int *y, size_t n, RocPairing *pg);

/* The curves of x1 (direction dir1) and x2 (dir2) fitted on the rows that
 * have both values (and an outcome): what pROC's roc.test compares when
 * the predictors' missing values differ.  a and b are the caller's to
 * roc_free on success.  Returns 0, −1 out of memory, −2 when those rows
 * lack a class (a->n_pos then says which: 0 when the positives are
 * missing), −3 for an infinite value (roc_fit); on failure nothing is
 * left allocated. */
int roc_fit_shared(const double *x1, const double *x2, const int *y, size_t n, int dir1, int dir2, RocFit *a,
                   RocFit *b);

/* The measures coords reports at one threshold, in this order:
 * threshold, sensitivity, specificity, PPV, NPV, the counts tp fp tn fn,
 * and Youden's J = sensitivity + specificity − 1 (pROC's coords(ret =
 * "youden") reports J + 1).  PPV and NPV are NaN when no row is called
 * positive (negative); sensitivity or specificity NaN when a class has
 * no row. */
enum { ROC_CO_THRESHOLD, ROC_CO_SE, ROC_CO_SP, ROC_CO_PPV, ROC_CO_NPV, ROC_CO_TP, ROC_CO_FP, ROC_CO_TN, ROC_CO_FN,
       ROC_CO_YOUDEN, ROC_NCOORDS };

/* At threshold t counted from the data, as pROC's coords(x = t, input =
 * "threshold") (see roc_at_threshold). */
void roc_coords_at(const double *x, const int *y, size_t n, int dir, double t, double out[ROC_NCOORDS]);
/* At a point of a fitted curve (threshold t, sensitivity se, specificity
 * sp) of n_pos cases and n_neg controls: the counts as pROC's coords
 * gives them (tp = se·n_pos, tn = sp·n_neg). */
void roc_coords_point(double t, double se, double sp, double n_pos, double n_neg, double out[ROC_NCOORDS]);

/* The best points of a curve of m points (se, sp as roc_fit gives them),
 * as pROC's coords(x = "best"): method ROC_BEST_YOUDEN maximises se + sp,
 * ROC_BEST_TOPLEFT minimises (1 − se)² + (1 − sp)²; every point within
 * 1e-12 (relative) of the optimum is taken, the ends of the curve (the
 * thresholds ±Inf) too, as pROC does (a curve that never rises above the
 * diagonal has its best points there).  which gets their indices,
 * increasing (room for m).  Returns how many. */
enum { ROC_BEST_YOUDEN, ROC_BEST_TOPLEFT };
size_t roc_best(const double *se, const double *sp, size_t m, int method, size_t *which);

/* Partial AUC over specificity from..to (e.g. 0.8..1), the area under the
 * curve drawn as pROC draws it (linear between points); with mcclish, the
 * McClish standardisation to 0.5..1, NaN when the curve is below the
 * diagonal over the range (the area under the chance line's), as pROC's
 * partial.auc.correct gives NA there. */
double roc_partial_auc(const RocFit *r, double sp_from, double sp_to, int mcclish);
#endif
