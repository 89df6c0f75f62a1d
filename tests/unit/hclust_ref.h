/* hclust_ref.h — the textbook forms of the two clusterings of
 * stats/hclust.c, kept as the tests' reference: R's stored-matrix hclust
 * with a symmetric matrix updated row and column at every merge, and the
 * nearest-neighbour chain cut (the code as it was before the lazy-column
 * layout).  The library must give the same merges, heights and labels. */
#ifndef RGX_HCLUST_REF_H
#define RGX_HCLUST_REF_H
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/hclust.h"

/* Depth-first leaf order of merge step s (1-based): left then right, as R. */
static void leaves_ref(const Hclust *h, long s, size_t *out, size_t *k) {
    for (int side = 0; side < 2; side++) {
        long m = h->merge[(s - 1) * 2 + side];
        if (m < 0) out[(*k)++] = (size_t)(-m - 1);
        else leaves_ref(h, m, out, k);
    }
}

static int hclust_ref(const double *d0, size_t n, Linkage link, Hclust *h) {
    memset(h, 0, sizeof *h);
    h->n = n;
    if (n < 2) {
        h->order = calloc(n ? n : 1, sizeof *h->order);
        return h->order ? 0 : -1;
    }
    double *d = malloc(n * n * sizeof *d);
    size_t *size = malloc(n * sizeof *size);
    long *id = malloc(n * sizeof *id);   /* R's label of the cluster at slot i */
    unsigned char *active = malloc(n);
    h->height = malloc((n - 1) * sizeof *h->height);
    h->merge = malloc(2 * (n - 1) * sizeof *h->merge);
    h->order = malloc(n * sizeof *h->order);
    if (!d || !size || !id || !active || !h->height || !h->merge || !h->order) {
        free(d); free(size); free(id); free(active);
        hclust_free(h);
        return -1;
    }
    memcpy(d, d0, n * n * sizeof *d);
    if (link == LINK_WARD)
        for (size_t i = 0; i < n * n; i++) d[i] *= d[i];   /* ward.D2 works on squared distances */
    for (size_t i = 0; i < n; i++) { size[i] = 1; id[i] = -(long)(i + 1); active[i] = 1; }
    /* each active row's nearest later neighbour (the first j > i at its
       smallest distance): the closest pair is then the first row at the
       smallest of these, which is exactly the first pair in row-major
       order at the global minimum, R's choice among ties.  Rows are
       rescanned only when their neighbour merges, so a tree costs O(n²)
       in practice instead of O(n³). */
    size_t *nn = malloc(n * sizeof *nn);
    double *dnn = malloc(n * sizeof *dnn);
    if (!nn || !dnn) {
        free(nn); free(dnn); free(d); free(size); free(id); free(active);
        hclust_free(h);
        return -1;
    }
#define RESCAN(i)                                                                  \
    do {                                                                           \
        dnn[i] = INFINITY;                                                         \
        nn[i] = n;                                                                 \
        for (size_t j_ = (i) + 1; j_ < n; j_++)                                    \
            if (active[j_] && d[(i) * n + j_] < dnn[i]) { dnn[i] = d[(i) * n + j_]; nn[i] = j_; } \
    } while (0)
    for (size_t i = 0; i < n; i++) RESCAN(i);
    for (size_t s = 0; s < n - 1; s++) {
        size_t bi = 0, bj = 0;
        double best = INFINITY;
        for (size_t i = 0; i < n; i++)
            if (active[i] && nn[i] < n && dnn[i] < best) { best = dnn[i]; bi = i; bj = nn[i]; }
        double ht = link == LINK_WARD ? sqrt(best) : best;
        h->height[s] = ht;
        /* R writes the singleton (negative) first; two singletons or two
           clusters: the smaller label first */
        long a = id[bi], b = id[bj];
        if ((a < 0 && b < 0 && a < b) || (a > 0 && b > 0 && a > b) || (a > 0 && b < 0)) { long t = a; a = b; b = t; }
        if (a < 0 && b < 0 && -a > -b) { long t = a; a = b; b = t; }
        h->merge[2 * s] = a;
        h->merge[2 * s + 1] = b;
        /* Lance–Williams: the new cluster takes slot bi */
        double ni = (double)size[bi], nj = (double)size[bj];
        for (size_t k = 0; k < n; k++) {
            if (!active[k] || k == bi || k == bj) continue;
            double dik = d[bi * n + k], djk = d[bj * n + k], nk = (double)size[k], v;
            switch (link) {
            case LINK_AVERAGE: v = (ni * dik + nj * djk) / (ni + nj); break;
            case LINK_COMPLETE: v = dik > djk ? dik : djk; break;
            case LINK_SINGLE: v = dik < djk ? dik : djk; break;
            default: v = ((ni + nk) * dik + (nj + nk) * djk - nk * best) / (ni + nj + nk); break;
            }
            d[bi * n + k] = d[k * n + bi] = v;
        }
        size[bi] += size[bj];
        active[bj] = 0;
        id[bi] = (long)(s + 1);
        /* the neighbours that changed: row bi itself; earlier rows whose
           neighbour was bi or bj, or to which bi came closer; rows between
           bi and bj whose neighbour was bj */
        RESCAN(bi);
        for (size_t i = 0; i < bj; i++) {
            if (!active[i] || i == bi) continue;
            if (nn[i] == bi || nn[i] == bj) RESCAN(i);
            else if (i < bi && (d[i * n + bi] < dnn[i] || (d[i * n + bi] == dnn[i] && bi < nn[i]))) {
                dnn[i] = d[i * n + bi];
                nn[i] = bi;
            }
        }
    }
#undef RESCAN
    free(nn);
    free(dnn);
    size_t k = 0;
    leaves_ref(h, (long)(n - 1), h->order, &k);
    free(d);
    free(size);
    free(id);
    free(active);
    return 0;
}

typedef struct Merge {
    size_t a, b;    /* slots merged (b into a) */
    double h;       /* height */
    size_t step;    /* order found (tie-break) */
} Merge;

static int cmp_merge(const void *p, const void *q) {
    const Merge *x = p, *y = q;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return (x->step > y->step) - (x->step < y->step);
}

static int chain_ref(const double *d0, size_t n, Linkage link, size_t kmin, size_t kmax, int *labels) {
    if (n == 0) return 0;
    double *d = malloc(n * n * sizeof *d);
    size_t *size = malloc(n * sizeof *size), *chain = malloc(n * sizeof *chain), *parent = malloc(n * sizeof *parent);
    unsigned char *active = malloc(n);
    Merge *mg = malloc((n ? n : 1) * sizeof *mg);
    if (!d || !size || !chain || !parent || !active || !mg) {
        free(d); free(size); free(chain); free(parent); free(active); free(mg);
        return -1;
    }
    memcpy(d, d0, n * n * sizeof *d);
    if (link == LINK_WARD)
        for (size_t i = 0; i < n * n; i++) d[i] *= d[i];
    for (size_t i = 0; i < n; i++) { size[i] = 1; active[i] = 1; }
    size_t len = 0, nm = 0, left = n;
    while (left > 1) {
        if (!len) {
            size_t s = 0;
            while (!active[s]) s++;
            chain[len++] = s;
        }
        size_t a = chain[len - 1], b = (size_t)-1;
        double best = INFINITY;
        if (len >= 2) { b = chain[len - 2]; best = d[a * n + b]; }   /* prefer the previous element on ties */
        for (size_t j = 0; j < n; j++)
            if (active[j] && j != a && d[a * n + j] < best) { best = d[a * n + j]; b = j; }
        if (len >= 2 && b == chain[len - 2]) {
            len -= 2;
            size_t lo = a < b ? a : b, hi = a < b ? b : a;
            double ni = (double)size[lo], nj = (double)size[hi];
            for (size_t k = 0; k < n; k++) {
                if (!active[k] || k == lo || k == hi) continue;
                double dik = d[lo * n + k], djk = d[hi * n + k], nk = (double)size[k], v;
                switch (link) {
                case LINK_AVERAGE: v = (ni * dik + nj * djk) / (ni + nj); break;
                case LINK_COMPLETE: v = dik > djk ? dik : djk; break;
                case LINK_SINGLE: v = dik < djk ? dik : djk; break;
                default: v = ((ni + nk) * dik + (nj + nk) * djk - nk * best) / (ni + nj + nk); break;
                }
                d[lo * n + k] = d[k * n + lo] = v;
            }
            size[lo] += size[hi];
            active[hi] = 0;
            mg[nm] = (Merge){lo, hi, best, nm};
            nm++;
            left--;
        } else {
            chain[len++] = b;
        }
    }
    qsort(mg, nm, sizeof *mg, cmp_merge);
    /* union-find in height order; record labels when n − s clusters remain */
    for (size_t i = 0; i < n; i++) parent[i] = i;
    for (size_t s = 0; s <= nm; s++) {
        size_t k = n - s;
        if (k >= kmin && k <= kmax) {
            int next = 0;
            int *lab = labels + (k - kmin) * n;
            /* number the roots by first appearance */
            for (size_t i = 0; i < n; i++) chain[i] = 0;
            for (size_t i = 0; i < n; i++) {
                size_t r = i;
                while (parent[r] != r) r = parent[r];
                if (!chain[r]) chain[r] = (size_t)++next;
                lab[i] = (int)chain[r];
            }
        }
        if (s == nm) break;
        size_t ra = mg[s].a, rb = mg[s].b;
        while (parent[ra] != ra) ra = parent[ra];
        while (parent[rb] != rb) rb = parent[rb];
        parent[rb] = ra;
    }
    free(d); free(size); free(chain); free(parent); free(active); free(mg);
    return 0;
}

#endif
