/* scalecheck.h — do the columns' scales differ enough that one of them
 * will dominate distances, clusters or principal components?  (The ">100×
 * scale" warning of consensus, pca and heatmaps: a PyRadiomics Energy of
 * 2e7 beside Sphericity's 0.7 decides every Euclidean distance alone.)
 *
 * Given each column's scale (its sd, or its range), the ratio of the
 * largest to the smallest positive one, and the dominant columns: the
 * fewest columns, largest first, whose squared scales (variances) make up
 * `share` (e.g. 0.9) of the total — what a distance on the raw columns is
 * made of.  NaN scales (too few values) and zero ones (constant columns)
 * are counted apart and take no part.  Pure; deterministic (ties by
 * index).
 *
 * Constant up to rounding: a column whose sd is below SCALE_CONST_REL ×
 * max(mean |x|, 1) is constant in all but its last bits — a feature that
 * is 0 in exact arithmetic (CaPTk's MeanAbsoluteDeviation of histogram
 * bins: 206 values of order 1e-12, all distinct, sd 5e-12) or one value
 * written with rounding noise.  Given each column's level (mean |x|), the
 * check counts such a column with the constant ones (n_zero, n_rounding)
 * rather than letting it make a "1e22-fold" spread; so do reduce's
 * near-zero-variance rule (stats/redundancy.h) and pca's warning.  A
 * feature measured in tiny units (values of order 1e-10 with a real
 * spread) is also taken as constant: rescale it first. */
#ifndef RGX_SCALECHECK_H
#define RGX_SCALECHECK_H
#include <stddef.h>

/* The relative size below which an sd is rounding noise. */
#define SCALE_CONST_REL 1e-9

/* Is a column with this sd and mean |x| constant up to rounding (sd <
 * SCALE_CONST_REL × max(mean_abs, 1); an sd of 0 is)?  0 for NaN. */
int scale_negligible(double sd, double mean_abs);

typedef struct ScaleCheck {
    size_t n_used;          /* columns with a positive finite scale, not negligible */
    size_t n_zero;          /* columns with scale 0, or constant up to rounding (with level) */
    size_t n_rounding;      /* of those, the ones constant only up to rounding (scale > 0) */
    size_t *constant;       /* the n_zero columns, in column order (owned) */
    size_t n_missing;       /* columns with a NaN (or infinite) scale */
    size_t largest;         /* column of the largest scale ((size_t)-1 when n_used = 0) */
    size_t smallest;        /* column of the smallest positive scale */
    double ratio;           /* largest / smallest (NaN when n_used = 0; 1 when 1) */
    size_t *dominant;       /* n_dominant columns, largest scale first (owned) */
    size_t n_dominant;      /* how many */
    double dominant_share;  /* the share of the total variance they carry */
} ScaleCheck;

/* scale: p values; level: each column's mean |x| (p values), or NULL to
 * take every positive scale as it is (the plain ratio, as R's
 * max(sd) / min(sd[sd > 0])).  share in (0, 1].  Returns 0, -1 when out of
 * memory (nothing left to free), -5 when share is out of range.  Free with
 * scale_check_free. */
int scale_check(const double *scale, const double *level, size_t p, double share, ScaleCheck *out);
void scale_check_free(ScaleCheck *c);

/* Each column's sample sd (n − 1, NaN ignored; NaN with fewer than 2
 * values) into sd[0..p-1], and its mean |x| into level (may be NULL): the
 * usual input of scale_check. */
void column_sds(const double *const *X, size_t p, size_t n, double *sd, double *level);
#endif
