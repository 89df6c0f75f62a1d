/* batcheffect.h — is there a batch effect in each feature, before and
 * after harmonisation (harmonize's NAME.batch_test and summary line)?
 *
 * Per feature, the p-value of kruskal.test(x ~ batch) (or, with anova,
 * oneway.test(x ~ batch, var.equal = TRUE)) on the values before and on
 * those after; then the counts at p < 0.05.  A feature whose p before is
 * NaN (no variation, a batch without values) is not counted as tested; a
 * feature "made worse" had p >= 0.05 before and p < 0.05 after (ComBat's
 * mean and variance adjustment of skewed values or outliers can move the
 * bulk of a batch, which a rank test sees).  Pure; deterministic. */
#ifndef RGX_BATCHEFFECT_H
#define RGX_BATCHEFFECT_H
#include <stddef.h>

typedef struct BatchEffect {
    size_t tested;          /* features with a p-value before */
    size_t sig_before;      /* of those, p < 0.05 before */
    size_t sig_after;       /* of those, p < 0.05 after */
    size_t worse;           /* p >= 0.05 before, p < 0.05 after */
} BatchEffect;

/* before[f], after[f]: feature f's n values (NaN = missing); batch[i] in
 * 0..nbatch-1 (stats/groups.h's GROUP_NONE to skip).  pb, pa (p values
 * each, the caller's) get the p-values; worse (p values; may be NULL) 1
 * for a feature made worse; *e the counts. */
void batch_effect(const double *const *before, const double *const *after, size_t p, size_t n, const size_t *batch,
                  size_t nbatch, int anova, double *pb, double *pa, unsigned char *worse, BatchEffect *e);
#endif
