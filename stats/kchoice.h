/* kchoice.h — which k a consensus clustering recommends, with the rules
 * that keep the "lowest PAC" from recommending a split that is no split.
 *
 * PAC (Şenbabaoğlu et al. 2014) is lowest where the consensus values sit
 * near 0 and 1; a k that puts one or two patients apart from the rest
 * (an outlier with its own "cluster") scores a low PAC without finding
 * subtypes.  The rules, for the final classes at each k:
 *
 *   admissible  every cluster has at least min_size patients, where
 *               min_size = max(2, ceil(min_frac × n)) (min_frac 0.05:
 *               no singleton, no cluster under 5% of the patients);
 *   recommended the admissible k of lowest PAC (exact ties: the larger k,
 *               as consensus_run's best_k); none when no k is admissible;
 *   flat        max PAC − min PAC over the k's < flat (0.05): the k's
 *               are alike — what noise gives — and the recommendation is
 *               weak (only with two k's or more).
 *
 * ConsensusClusterPlus recommends nothing; its users read the CDF and the
 * delta plot.  Pure; deterministic. */
#ifndef RGX_KCHOICE_H
#define RGX_KCHOICE_H
#include <stddef.h>
#include "stats/consensus.h"

typedef struct KChoice {
    size_t k;               /* the recommended k, or 0 when no k is admissible */
    size_t lowest_pac_k;    /* the k of lowest PAC over all k (what was recommended before the rules) */
    size_t min_size;        /* the smallest cluster size allowed */
    double pac_min, pac_max;/* PAC's range over the k's (NaN PACs ignored) */
    int flat;               /* 1: pac_max − pac_min < flat and nk >= 2 */
    size_t *smallest;       /* nk: the size of each k's smallest cluster (owned) */
    size_t nk;              /* how many k's */
} KChoice;

/* Apply the rules to fit f.  min_frac in [0, 1), flat >= 0.  Returns 0,
 * -1 when out of memory, -5 when an argument is out of range.  Free with
 * kchoice_free (also after a failure). */
int consensus_choose_k(const ConsensusFit *f, double min_frac, double flat, KChoice *c);
void kchoice_free(KChoice *c);
#endif
