/* hclust.h — agglomerative hierarchical clustering on a distance matrix,
 * with the merge heights of R's hclust (Lance–Williams updates). */
#ifndef RGX_HCLUST_H
#define RGX_HCLUST_H
#include <stddef.h>

typedef enum { LINK_AVERAGE, LINK_COMPLETE, LINK_SINGLE, LINK_WARD } Linkage;

typedef struct Hclust {
    size_t n;           /* items */
    double *height;     /* n − 1 merge heights, increasing as in R */
    long *merge;        /* (n − 1) × 2 as R: −i for item i (1-based), +j for merge j */
    size_t *order;      /* leaf order for plotting (0-based items) */
} Hclust;

/* Cluster n items with the n × n distance matrix d (row-major, symmetric).
 * LINK_WARD is R's "ward.D2" (on the distances, not their squares).  Ties
 * in the smallest distance are broken by the lowest pair of indices.
 * Returns 0, or −1 when out of memory. */
int hclust(const double *d, size_t n, Linkage link, Hclust *h);
/* The same on d itself (n × n, made with hclust_big_alloc or malloc),
 * which is overwritten: no copy of the matrix. */
int hclust_inplace(double *d, size_t n, Linkage link, Hclust *h);
void hclust_free(Hclust *h);

/* Cut the tree into k groups: labels[i] in 1..k, numbered by first
 * appearance in item order (as R's cutree). */
int hclust_cut(const Hclust *h, size_t k, int *labels);

/* The leaf order (order[0..nr-1], 0-based rows) of average-linkage
 * clustering of the rows of the nr × nc matrix v (row-major) on 1 −
 * Pearson r between rows, missing values taken as 0 and a row without
 * variation at distance 1 from every other: the row order of a clustered
 * heatmap, as R's hclust(as.dist(1 - cor(t(v))), "average")$order.  With
 * fewer than 2 rows (or out of memory) the order is 0, 1, 2…  Returns 0,
 * or -1 when out of memory (order still filled). */
int hclust_cor_order(const double *v, size_t nr, size_t nc, size_t *order);

/* Labels for k = kmin..kmax from one clustering of n items: the
 * nearest-neighbour chain (O(n²)), whose merges and heights are those of
 * hclust() (the same Lance–Williams arithmetic, ties to the previous chain
 * element then to the cluster first in item order), cut by union-find in
 * height order (equal heights in the order found).  d: n rows of w ≥
 * hclust_chain_width(n) doubles, the distances in the first n columns
 * (symmetric), any values in the others, but values (the scan for the
 * nearest reads an entry before it looks whether its column is in use, so
 * memory never written would be read, harmlessly but not cleanly: clear
 * it once when the matrix is allocated); it is overwritten (a merged cluster's distances go to new
 * columns at the end of the rows).  labels[(k − kmin) * n + i], numbered
 * by first appearance.  Returns 0, or −1 when out of memory (or w short). */
int hclust_chain_cut(double *d, size_t n, size_t w, Linkage link, size_t kmin, size_t kmax, int *labels);
size_t hclust_chain_width(size_t n);

/* bytes for a large matrix (free() it): aligned to 2 MB and marked for
 * transparent huge pages when it is 4 MB or more.  NULL when out of memory. */
void *hclust_big_alloc(size_t bytes);
#endif
