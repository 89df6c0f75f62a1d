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
 * index). */
#ifndef RGX_SCALECHECK_H
#define RGX_SCALECHECK_H
#include <stddef.h>

typedef struct ScaleCheck {
    size_t n_used;          /* columns with a positive finite scale */
    size_t n_zero;          /* columns with scale 0 */
    size_t n_missing;       /* columns with a NaN (or infinite) scale */
    size_t largest;         /* column of the largest scale ((size_t)-1 when n_used = 0) */
    size_t smallest;        /* column of the smallest positive scale */
    double ratio;           /* largest / smallest (NaN when n_used = 0; 1 when 1) */
    size_t *dominant;       /* n_dominant columns, largest scale first (owned) */
    size_t n_dominant;      /* how many */
    double dominant_share;  /* the share of the total variance they carry */
} ScaleCheck;

/* scale: p values.  share in (0, 1].  Returns 0, -1 when out of memory,
 * -5 when share is out of range.  Free with scale_check_free. */
int scale_check(const double *scale, size_t p, double share, ScaleCheck *out);
void scale_check_free(ScaleCheck *c);

/* Each column's sample sd (n − 1, NaN ignored; NaN with fewer than 2
 * values) into sd[0..p-1]: the usual input of scale_check. */
void column_sds(const double *const *X, size_t p, size_t n, double *sd);
#endif
