/* partition.c — see partition.h. */
#include "stats/partition.h"
#include "stats/stats.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int partwork_init(PartWork *w, size_t n, size_t k) {
    memset(w, 0, sizeof *w);
    size_t n1 = n ? n : 1, k1 = k ? k : 1;
    w->n = n;
    w->k = k;
    w->s = malloc(n1 * k1 * sizeof *w->s);
    w->t = malloc(k1 * sizeof *w->t);
    w->dn = malloc(n1 * sizeof *w->dn);
    w->ds = malloc(n1 * sizeof *w->ds);
    w->delta = malloc(k1 * sizeof *w->delta);
    w->cnt = malloc(k1 * sizeof *w->cnt);
    w->near = malloc(n1 * sizeof *w->near);
    w->med = malloc(k1 * sizeof *w->med);
    w->lab = malloc(n1 * sizeof *w->lab);
    w->best = malloc(n1 * sizeof *w->best);
    if (!w->s || !w->t || !w->dn || !w->ds || !w->delta || !w->cnt || !w->near || !w->med || !w->lab || !w->best) {
        partwork_free(w);
        return -1;
    }
    return 0;
}

void partwork_free(PartWork *w) {
    free(w->s); free(w->t); free(w->dn); free(w->ds); free(w->delta);
    free(w->cnt); free(w->near); free(w->med); free(w->lab); free(w->best);
    memset(w, 0, sizeof *w);
}

/* labels 1..k numbered by first appearance (as cutree, so that equal
 * partitions give equal vectors) */
static void renumber(const int *in, size_t n, size_t k, int *out, int *map) {
    for (size_t c = 0; c < k; c++) map[c] = 0;
    int next = 0;
    for (size_t i = 0; i < n; i++) {
        if (!map[in[i]]) map[in[i]] = ++next;
        out[i] = map[in[i]];
    }
}

/* squared distance of item i to the centroid of cluster c */
static double d2_centroid(const double *g, size_t n, const PartWork *w, size_t k, size_t i, size_t c) {
    double m = (double)w->cnt[c];
    return g[i * n + i] - 2 * w->s[i * k + c] / m + w->t[c] / (m * m);
}

/* one start of k-means; returns the within-cluster sum of squares */
static double kmeans_start(const double *g, size_t n, size_t k, gsl_rng *rng, PartWork *w) {
    size_t *cen = w->near;   /* the first k slots: the random centres */
    /* k distinct items (partial Fisher–Yates over an index array in near) */
    for (size_t i = 0; i < n; i++) cen[i] = i;
    for (size_t c = 0; c < k; c++) {
        size_t j = c + (size_t)gsl_rng_uniform_int(rng, n - c);
        size_t t = cen[c]; cen[c] = cen[j]; cen[j] = t;
    }
    for (size_t c = 0; c < k; c++) w->med[c] = cen[c];
    /* nearest centre; a centre is its own nearest */
    for (size_t i = 0; i < n; i++) {
        size_t bc = 0;
        double bd = INFINITY;
        for (size_t c = 0; c < k; c++) {
            size_t q = w->med[c];
            double v = q == i ? -1 : g[i * n + i] + g[q * n + q] - 2 * g[i * n + q];
            if (v < bd) { bd = v; bc = c; }
        }
        w->lab[i] = (int)bc;
    }
    /* s[i][c] = sum of g[i][j] over j in c; t[c] = sum over pairs in c */
    memset(w->s, 0, n * k * sizeof *w->s);
    memset(w->cnt, 0, k * sizeof *w->cnt);
    for (size_t j = 0; j < n; j++) {
        size_t c = (size_t)w->lab[j];
        w->cnt[c]++;
        const double *gj = g + j * n;
        for (size_t i = 0; i < n; i++) w->s[i * k + c] += gj[i];
    }
    for (size_t c = 0; c < k; c++) w->t[c] = 0;
    for (size_t i = 0; i < n; i++) w->t[w->lab[i]] += w->s[i * k + (size_t)w->lab[i]];
    /* Hartigan's single transfers: moving i from a to b changes the sum of
       squares by n_b/(n_b+1) d2(i,b) − n_a/(n_a−1) d2(i,a) */
    for (size_t pass = 0; pass < 100; pass++) {
        size_t moved = 0;
        for (size_t i = 0; i < n; i++) {
            size_t a = (size_t)w->lab[i];
            if (w->cnt[a] < 2) continue;
            double na = (double)w->cnt[a];
            double cost_out = na / (na - 1) * d2_centroid(g, n, w, k, i, a);
            size_t bb = a;
            double best = cost_out;
            for (size_t b = 0; b < k; b++) {
                if (b == a) continue;
                double nb = (double)w->cnt[b];
                double v = nb / (nb + 1) * d2_centroid(g, n, w, k, i, b);
                if (v < best * (1 - 1e-12) - 1e-300) { best = v; bb = b; }
            }
            if (bb == a) continue;
            /* move i from a to bb */
            w->t[a] -= 2 * w->s[i * k + a] - g[i * n + i];
            w->t[bb] += 2 * w->s[i * k + bb] + g[i * n + i];
            const double *gi = g + i * n;
            for (size_t j = 0; j < n; j++) { w->s[j * k + a] -= gi[j]; w->s[j * k + bb] += gi[j]; }
            w->cnt[a]--;
            w->cnt[bb]++;
            w->lab[i] = (int)bb;
            moved++;
        }
        if (!moved) break;
    }
    double wss = 0;
    for (size_t i = 0; i < n; i++) {
        double v = d2_centroid(g, n, w, k, i, (size_t)w->lab[i]);
        wss += v > 0 ? v : 0;
    }
    return wss;
}

double kmeans_gram(const double *g, size_t n, size_t k, size_t starts, gsl_rng *rng, PartWork *w, int *labels) {
    stats_init();
    if (k == 0 || k > n || k > w->k || n > w->n) return NAN;
    double best = INFINITY;
    if (starts < 1) starts = 1;
    for (size_t s = 0; s < starts; s++) {
        double v = kmeans_start(g, n, k, rng, w);
        if (v < best) { best = v; memcpy(w->best, w->lab, n * sizeof *w->best); }
    }
    renumber(w->best, n, k, labels, w->lab);
    return best;
}

/* nearest and second-nearest medoid of every item; returns the total */
static double pam_nearest(const double *d, size_t n, size_t k, PartWork *w) {
    double tot = 0;
    for (size_t j = 0; j < n; j++) {
        double a = INFINITY, b = INFINITY;
        size_t ia = 0;
        for (size_t c = 0; c < k; c++) {
            double v = d[j * n + w->med[c]];
            if (v < a) { b = a; a = v; ia = c; }
            else if (v < b) b = v;
        }
        w->dn[j] = a;
        w->ds[j] = b;
        w->near[j] = ia;
        tot += a;
    }
    return tot;
}

double pam(const double *d, size_t n, size_t k, PartWork *w, int *labels) {
    if (k == 0 || k > n || k > w->k || n > w->n) return NAN;
    unsigned char *ismed = (unsigned char *)w->lab;   /* n bytes fit in n ints */
    memset(ismed, 0, n);
    /* BUILD: the item with the least total distance, then repeatedly the
       item that lowers the total most */
    for (size_t j = 0; j < n; j++) w->dn[j] = INFINITY;
    for (size_t c = 0; c < k; c++) {
        size_t bi = 0;
        double bg = -INFINITY;
        for (size_t i = 0; i < n; i++) {
            if (ismed[i]) continue;
            double gain = 0;
            const double *di = d + i * n;
            if (c == 0) {
                for (size_t j = 0; j < n; j++) gain -= di[j];
            } else {
                for (size_t j = 0; j < n; j++)
                    if (di[j] < w->dn[j]) gain += w->dn[j] - di[j];
            }
            if (gain > bg) { bg = gain; bi = i; }
        }
        ismed[bi] = 1;
        w->med[c] = bi;
        for (size_t j = 0; j < n; j++)
            if (d[bi * n + j] < w->dn[j]) w->dn[j] = d[bi * n + j];
    }
    double tot = pam_nearest(d, n, k, w);
    /* SWAP: the best exchange of a medoid for a non-medoid, while it helps */
    for (size_t iter = 0; iter < 1000 && k < n; iter++) {
        double bestd = 0;
        size_t bm = 0, bh = 0;
        for (size_t h = 0; h < n; h++) {
            if (ismed[h]) continue;
            const double *dh = d + h * n;
            double shared = 0;
            for (size_t c = 0; c < k; c++) w->delta[c] = 0;
            for (size_t j = 0; j < n; j++) {
                double v = dh[j];
                if (v < w->dn[j]) shared += v - w->dn[j];
                else w->delta[w->near[j]] += (v < w->ds[j] ? v : w->ds[j]) - w->dn[j];
            }
            for (size_t c = 0; c < k; c++) {
                double v = shared + w->delta[c];
                if (v < bestd) { bestd = v; bm = c; bh = h; }
            }
        }
        /* stop when the best swap no longer lowers the total (beyond rounding) */
        if (!(bestd < -1e-12 * (tot > 1 ? tot : 1))) break;
        ismed[w->med[bm]] = 0;
        ismed[bh] = 1;
        w->med[bm] = bh;
        tot = pam_nearest(d, n, k, w);
    }
    int *raw = w->best;
    for (size_t j = 0; j < n; j++) raw[j] = (int)w->near[j];
    renumber(raw, n, k, labels, w->lab);
    return tot;
}
