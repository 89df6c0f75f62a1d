/* hclust.c — see hclust.h.  The stored-matrix algorithm: find the closest
 * pair of active clusters, merge, update distances by Lance–Williams; the
 * closest pair is found from each row's nearest later neighbour. */
#include "stats/hclust.h"
#include "stats/linfit.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

void hclust_free(Hclust *h) {
    free(h->height);
    free(h->merge);
    free(h->order);
    memset(h, 0, sizeof *h);
}

/* Depth-first leaf order of merge step s (1-based): left then right, as R. */
static void leaves(const Hclust *h, long s, size_t *out, size_t *k) {
    for (int side = 0; side < 2; side++) {
        long m = h->merge[(s - 1) * 2 + side];
        if (m < 0) out[(*k)++] = (size_t)(-m - 1);
        else leaves(h, m, out, k);
    }
}

int hclust(const double *d0, size_t n, Linkage link, Hclust *h) {
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
    leaves(h, (long)(n - 1), h->order, &k);
    free(d);
    free(size);
    free(id);
    free(active);
    return 0;
}

int hclust_cut(const Hclust *h, size_t k, int *labels) {
    size_t n = h->n;
    if (k < 1 || k > n) return -1;
    /* union-find over the first n − k merges */
    size_t *parent = malloc(n * sizeof *parent), *rep = malloc((n ? n : 1) * sizeof *rep);
    int *lab = malloc(n * sizeof *lab);
    if (!parent || !rep || !lab) { free(parent); free(rep); free(lab); return -1; }
    for (size_t i = 0; i < n; i++) parent[i] = i;
    /* rep[s]: an item of merge s */
    for (size_t s = 0; s + k < n; s++) {
        size_t r[2];
        for (int side = 0; side < 2; side++) {
            long m = h->merge[2 * s + side];
            size_t x = m < 0 ? (size_t)(-m - 1) : rep[m - 1];
            while (parent[x] != x) x = parent[x];
            r[side] = x;
        }
        parent[r[1]] = r[0];
        rep[s] = r[0];
    }
    for (size_t i = 0; i < n; i++) lab[i] = 0;
    int next = 0;
    for (size_t i = 0; i < n; i++) {
        size_t x = i;
        while (parent[x] != x) x = parent[x];
        if (!lab[x]) lab[x] = ++next;
        labels[i] = lab[x];
    }
    free(parent);
    free(rep);
    free(lab);
    return 0;
}

int hclust_cor_order(const double *v, size_t nr, size_t nc, size_t *order) {
    for (size_t i = 0; i < nr; i++) order[i] = i;
    if (nr < 2) return 0;
    double *d = malloc(nr * nr * sizeof *d), *a = malloc((nc ? nc : 1) * sizeof *a), *b = malloc((nc ? nc : 1) * sizeof *b);
    int rc = -1;
    if (!d || !a || !b) goto out;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = i; j < nr; j++) {
            for (size_t k = 0; k < nc; k++) {
                a[k] = isnan(v[i * nc + k]) ? 0 : v[i * nc + k];
                b[k] = isnan(v[j * nc + k]) ? 0 : v[j * nc + k];
            }
            LinFit f = linfit(a, b, nc);
            double dist = i == j ? 0 : isnan(f.r) ? 1 : 1 - f.r;
            d[i * nr + j] = d[j * nr + i] = dist;
        }
    Hclust h;
    if (hclust(d, nr, LINK_AVERAGE, &h) == 0) {
        memcpy(order, h.order, nr * sizeof *order);
        hclust_free(&h);
        rc = 0;
    }
out:
    free(d);
    free(a);
    free(b);
    return rc;
}
