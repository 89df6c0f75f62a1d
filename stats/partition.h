/* partition.h — partitioning clusterers for consensus clustering:
 * k-means (on a Gram matrix, so that one n × n matrix serves every
 * resample) and k-medoids (PAM, as R's cluster::pam, BUILD then SWAP). */
#ifndef RGX_PARTITION_H
#define RGX_PARTITION_H
#include <gsl/gsl_rng.h>
#include <stddef.h>

/* Work space for n items and k clusters, allocated once per worker and
 * reused, so the clusterers allocate nothing per call. */
typedef struct PartWork {
    size_t n, k;        /* capacity */
    double *s;          /* n × k: sums of inner products with each cluster */
    double *t;          /* k: within-cluster inner-product sums */
    double *dn, *ds;    /* n: distance to the nearest and second medoid */
    double *delta;      /* k: change in cost per medoid swapped out */
    size_t *cnt;        /* k: cluster sizes */
    size_t *near, *med; /* n nearest medoid (slot); k medoids */
    int *lab, *best;    /* n: labels of this start, of the best start */
} PartWork;

int partwork_init(PartWork *w, size_t n, size_t k);
void partwork_free(PartWork *w);

/* k-means of n items given their Gram matrix g (n × n, g[i*n+j] = <x_i,x_j>;
 * squared Euclidean distances are g_ii + g_jj − 2 g_ij).  Each of `starts`
 * starts takes k distinct random items as centres (as R's kmeans), assigns
 * every item to the nearest, then moves single items while a move lowers
 * the within-cluster sum of squares (Hartigan's criterion, so no cluster
 * empties); the start with the lowest sum wins.  labels: 1..k, numbered by
 * first appearance.  Returns the within-cluster sum of squares, or NaN
 * when k > n. */
double kmeans_gram(const double *g, size_t n, size_t k, size_t starts, gsl_rng *rng, PartWork *w, int *labels);

/* k-medoids of n items with distances d (n × n): R's cluster::pam — BUILD
 * (greedy medoids), then SWAP (the best medoid/non-medoid exchange while it
 * lowers the total distance), each swap found in O(n²) (Schubert &
 * Rousseeuw's FastPAM1, the same swaps as PAM).  labels: 1..k by first
 * appearance.  Returns the total distance to the medoids, NaN when k > n. */
double pam(const double *d, size_t n, size_t k, PartWork *w, int *labels);
#endif
