/* redundancy.h — redundant and near-constant features, for `reduce`.
 *
 * redundancy_select: a greedy pass over the features in order of priority
 * (highest first; ties and NaN priorities: the lower index first, NaN
 * last).  A feature is kept unless its |r| with an already kept feature
 * exceeds the cut.  Hence (1) no two kept features have |r| > cut; (2)
 * every dropped feature has a kept one with |r| > cut, and its
 * representative is the kept feature with the largest |r| with it (ties:
 * the one of higher priority); (3) the highest-priority feature of every
 * group is kept.  Deterministic; O(p × kept).  (redundancy_from_data's
 * correlations come from cor_block, whose BLAS path can differ in the last
 * bit between OpenBLAS thread counts; a decision changes only for an |r|
 * within that of the cut.)  A NaN correlation (a
 * constant feature, too few pairs) never exceeds the cut.
 *
 * caret::findCorrelation (caret 6.0-93) is a different algorithm: it
 * visits the features by decreasing mean |r| and, of each pair above the
 * cut, drops the one with the larger mean |r| (exact = TRUE recomputes the
 * means without the dropped ones).  It ignores any priority (variance,
 * ICC), and a feature it drops may have had all its above-cut partners
 * dropped later, so it can be left without a kept representative; its
 * "keep the less connected one" rule also tends to keep the weakest member
 * of a group.  Like ours, no kept pair exceeds the cut.
 *
 * nzv_column: caret::nearZeroVar's rule (defaults freqCut = 95/5,
 * uniqueCut = 10): nzv when (freqRatio > freqCut and percentUnique <=
 * uniqueCut) or the column has fewer than 2 distinct values, where
 * freqRatio = the count of the most common value over that of the second
 * (0 with one distinct value), percentUnique = 100 × distinct values /
 * n (n counts the NaN too, as caret).  Values are counted as R's table()
 * does: equal when their 15-significant-digit text is equal (distinct
 * values use exact equality, as R's unique()).  Text columns: pass level
 * codes (the result does not depend on the coding).
 *
 * One rule beyond caret's: a column constant up to rounding
 * (stats/scalecheck.h's scale_negligible: sd below 1e-9 × max(mean |x|,
 * 1)) is nzv too, with `rounding` set — caret counts its 206 distinct
 * values of order 1e-12 as 100% unique and keeps it, though the feature
 * is 0 in exact arithmetic and its correlations are noise. */
#ifndef RGX_REDUNDANCY_H
#define RGX_REDUNDANCY_H
#include <signal.h>
#include <stddef.h>
#include "stats/corr.h"

typedef struct Redundancy {
    size_t p;               /* features */
    unsigned char *kept;    /* p: 1 kept, 0 dropped */
    size_t *rep;            /* p: a dropped feature's representative (a kept feature); a kept one: itself */
    double *rep_r;          /* p: r (signed) with the representative; 1 for a kept feature */
    size_t *order;          /* p: the features in the order they were considered (by priority) */
    size_t n_kept;          /* kept features */
} Redundancy;

/* r: the p × p correlation matrix (row-major, symmetric; the diagonal is
 * ignored).  priority: p values, higher kept first (NULL: all equal, so
 * the column order decides).  cut in [0, 1].  Returns 0, -1 when out of
 * memory, -5 when cut is not in [0, 1].  Free with redundancy_free (also
 * after a failure). */
int redundancy_select(const double *r, size_t p, const double *priority, double cut, Redundancy *res);

/* The same from data: the correlations of the p columns X[j] (n values
 * each, NaN = missing, pairwise complete) by cor_block (Pearson or
 * Spearman), written to r (p × p) when r is not NULL; priority NULL means
 * each column's variance (non-missing values).  Returns as
 * redundancy_select, -2 when cancelled, -5 also for Kendall. */
int redundancy_from_data(const double *const *X, size_t p, size_t n, CorMethod m, int threads,
                         volatile sig_atomic_t *cancel, const double *priority, double cut, double *r,
                         Redundancy *res);
void redundancy_free(Redundancy *res);

/* The group of kept feature k: the dropped features whose representative
 * it is, in index order.  Returns their count; the first max of them go to
 * idx (may be NULL when max is 0).  0 for a dropped k. */
size_t redundancy_members(const Redundancy *res, size_t k, size_t *idx, size_t max);

typedef struct Nzv {
    double freq_ratio;      /* caret's freqRatio */
    double percent_unique;  /* caret's percentUnique */
    size_t n_unique;        /* distinct non-missing values */
    int zero_var;           /* caret's zeroVar: fewer than 2 distinct values (or all missing) */
    int rounding;           /* not zero_var, but constant up to rounding (scale_negligible) */
    double sd;              /* the sample sd of the values present (NaN with fewer than 2) */
    int nzv;                /* caret's nzv, or rounding */
} Nzv;

/* One column (NaN = missing); freq_cut, unique_cut: caret's 95/5 and 10.
 * Returns 0, -1 when out of memory. */
int nzv_column(const double *x, size_t n, double freq_cut, double unique_cut, Nzv *out);
#endif
