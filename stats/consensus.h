/* consensus.h — consensus clustering (Monti et al. 2003) as Bioconductor's
 * ConsensusClusterPlus does it: resample items (and features), cluster each
 * resample (hierarchically, by k-means or by k-medoids), count how often
 * two items fall in one cluster when both were drawn.
 *
 * Memory (consensus_bytes): the resamples' labels — a byte per item,
 * resample and k — are kept, and every consensus value is worked out from
 * them when needed (count of resamples that put the two items together /
 * count that drew both, exactly as a double), instead of n × n matrices
 * per k.  While resampling: the full distance matrix (a packed triangle of
 * n (n + 1) / 2 doubles, when pfeature = 1) and one m × m working matrix
 * per worker (m = pitem × n); then one n × n matrix for the final
 * clustering of each k in turn. */
#ifndef RGX_CONSENSUS_H
#define RGX_CONSENSUS_H
#include <signal.h>
#include <stddef.h>
#include <stdint.h>
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

/* The labels of every resample, from which the consensus matrices are
 * computed on demand; reference-counted (consensus_store_ref/_release),
 * since the result tables' columns read it after the fit is freed. */
typedef struct ConsensusStore ConsensusStore;

typedef struct ConsensusK {
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
    ConsensusStore *store;  /* the consensus matrices (one reference) */
} ConsensusFit;

/* x: n items × p features, row-major (item i at x + i*p); no NaN.
 * pac_lo, pac_hi: the PAC interval (0.1, 0.9).  Returns 0, −1 out of
 * memory, −2 cancelled. */
int consensus_run(const double *x, size_t n, size_t p, const ConsensusOpts *o, double pac_lo, double pac_hi,
                  ConsensusFit *f);
void consensus_free(ConsensusFit *f);

/* The peak bytes consensus_run takes for n items × p features with
 * `workers` worker threads (the data x not counted): the larger of the
 * resampling phase (8 n (n + 1) / 2 for the distance triangle when
 * pfeature = 1, 8 m² + 8 m p per worker, m = pitem × n) and the final
 * phase (8 n² for one k's clustering), plus the labels (n × nk × reps
 * bytes, reps rounded up to 32). */
double consensus_bytes(size_t n, size_t p, const ConsensusOpts *o, int workers);

/* Consensus of items i and j for the k of index ki (0 = kmin): the
 * resamples that put both in one cluster over those that drew both, as a
 * double (count / count); 1 when i == j; NaN when never drawn together. */
double consensus_value(const ConsensusStore *s, size_t ki, size_t i, size_t j);
/* Column j of that matrix: out[i] = consensus_value(s, ki, i, j), i < n. */
void consensus_column(const ConsensusStore *s, size_t ki, size_t j, double *out);
size_t consensus_store_n(const ConsensusStore *s);
ConsensusStore *consensus_store_ref(ConsensusStore *s);
void consensus_store_release(ConsensusStore *s);

/* The consensus CDF as ConsensusClusterPlus's CDF(): the bin (0..99) of a
 * consensus value among hist()'s 100 bins of width 0.01 (right-closed, R's
 * fuzz), and the area under the CDF — cdf[b], the fraction of values in
 * bins 0..b, times 0.01 summed over all 100 bins.  delta (CCP's relative
 * change of the area) is the area at the first k, then (A_k − A_{k−1}) /
 * A_{k−1}. */
size_t consensus_bin(double v);
double consensus_cdf_area(const double *cdf);

/* Labels for k = kmin..kmax from one clustering of the n × n distance d
 * (nearest-neighbour chain, O(n^2)); labels[(k − kmin) * n + i].  d is
 * copied (hclust_chain_cut works in place). */
int hclust_cut_range(const double *d, size_t n, Linkage link, size_t kmin, size_t kmax, int *labels);

/* The m × m matrix (both halves, rows w apart, into d) of the sorted items
 * from the packed upper triangle (diagonal included) of all n: row by row
 * then the lower half copied, or (tiled) in tiles written past the cache,
 * as consensus does for a matrix of 64 MB or more.  The same values. */
void consensus_tri_gather(const double *tri, size_t n, const size_t *items, size_t m, double *d, size_t w, int tiled);

/* The adjusted Rand index of two labellings of n items. */
double adjusted_rand(const int *a, const int *b, size_t n);
#endif
