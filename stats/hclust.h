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
void hclust_free(Hclust *h);

/* Cut the tree into k groups: labels[i] in 1..k, numbered by first
 * appearance in item order (as R's cutree). */
int hclust_cut(const Hclust *h, size_t k, int *labels);
#endif
