/* consensus.h — consensus clustering (Monti et al. 2003) as Bioconductor's
 * ConsensusClusterPlus does it: resample items (and features), cluster each
 * resample (hierarchically, by k-means or by k-medoids), count how often
 * two items fall in one cluster when both were drawn. */
#ifndef RGX_CONSENSUS_H
#define RGX_CONSENSUS_H
#include <signal.h>
#include <stddef.h>
#include "stats/hclust.h"

typedef enum { DIST_PEARSON, DIST_SPEARMAN, DIST_EUCLIDEAN } DistKind;
typedef enum { CONS_HC, CONS_KM, CONS_PAM } ConsensusAlg;

typedef struct ConsensusOpts {
    size_t kmin, kmax;      /* k = kmin..kmax (kmin >= 2) */
    size_t reps;            /* resamples */
    double pitem, pfeature; /* fractions drawn without replacement */
    DistKind dist;          /* distance between items */
    Linkage link;           /* linkage of each resample's clustering */
    Linkage final_link;     /* linkage of the final clustering of 1 − consensus */
    unsigned long seed;     /* resample r draws from its own stream (seed, r) */
    int threads;            /* worker threads; results do not depend on them */
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);
    void *progress_ctx;
    ConsensusAlg alg;       /* hc (link), km (k-means, `starts` starts), pam */
    size_t starts;          /* k-means starts per resample and k (0 = 1) */
} ConsensusOpts;

typedef struct ConsensusK {
    float *m;               /* n × n consensus (co-clustered / co-sampled), diagonal 1 */
    int *classes;           /* n final classes 1..k */
    double area, delta, pac;/* area under the CDF, its relative change, PAC */
    double *cdf;            /* 100 values: the empirical CDF at 0.01, 0.02, …, 1 */
    double *item_consensus; /* n: mean consensus of each item with its own class */
    double *cluster_consensus; /* k: mean consensus within each class */
} ConsensusK;

typedef struct ConsensusFit {
    size_t n, nk;           /* items, number of k */
    size_t kmin;            /* the first k */
    ConsensusK *k;          /* nk results */
    size_t best_k;          /* the k of lowest PAC (exact ties: the larger k) */
} ConsensusFit;

/* x: n items × p features, row-major (item i at x + i*p); no NaN.
 * pac_lo, pac_hi: the PAC interval (0.1, 0.9).  Returns 0, −1 out of
 * memory, −2 cancelled. */
int consensus_run(const double *x, size_t n, size_t p, const ConsensusOpts *o, double pac_lo, double pac_hi,
                  ConsensusFit *f);
void consensus_free(ConsensusFit *f);

/* The consensus CDF as ConsensusClusterPlus's CDF(): the bin (0..99) of a
 * consensus value among hist()'s 100 bins of width 0.01 (right-closed, R's
 * fuzz), and the area under the CDF — cdf[b], the fraction of values in
 * bins 0..b, times 0.01 summed over all 100 bins.  delta (CCP's relative
 * change of the area) is the area at the first k, then (A_k − A_{k−1}) /
 * A_{k−1}. */
size_t consensus_bin(double v);
double consensus_cdf_area(const double *cdf);

/* Labels for k = kmin..kmax from one clustering of the n × n distance d
 * (nearest-neighbour chain, O(n^2)); labels[(k − kmin) * n + i]. */
int hclust_cut_range(const double *d, size_t n, Linkage link, size_t kmin, size_t kmax, int *labels);

/* The adjusted Rand index of two labellings of n items. */
double adjusted_rand(const int *a, const int *b, size_t n);
#endif
