/* consensus.c — see consensus.h. */
#include "stats/consensus.h"
#include "stats/stats.h"
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stats/partition.h"
#include "stats/transform.h"

/* ---- one tree, cut at several k: nearest-neighbour chain ---- */

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

int hclust_cut_range(const double *d0, size_t n, Linkage link, size_t kmin, size_t kmax, int *labels) {
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

/* ---- distances and inner products ---- */

/* The rows of x (n × p; the features fsel[0..pf-1], or all when fsel is
 * NULL) as the vectors the distance compares: as they are for euclidean;
 * centred and scaled to unit length for pearson (on ranks for spearman),
 * so that 1 − r is their inner product subtracted from 1.  Returns the
 * n × q copy (q = pf or p), or NULL out of memory. */
static double *prepare_rows(const double *x, size_t n, size_t p, const size_t *fsel, size_t pf, DistKind kind,
                            size_t *qout) {
    size_t q = fsel ? pf : p;
    double *z = malloc((n && q ? n * q : 1) * sizeof *z);
    if (!z) return NULL;
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < q; j++) z[i * q + j] = x[i * p + (fsel ? fsel[j] : j)];
    if (kind != DIST_EUCLIDEAN) {
        for (size_t i = 0; i < n; i++) {
            double *r = z + i * q;
            if (kind == DIST_SPEARMAN && rank_average(r, q, r) < 0) { free(z); return NULL; }
            double mu = 0, ss = 0;
            for (size_t j = 0; j < q; j++) mu += r[j];
            mu /= (double)q;
            for (size_t j = 0; j < q; j++) ss += (r[j] - mu) * (r[j] - mu);
            double sd = sqrt(ss);
            for (size_t j = 0; j < q; j++) r[j] = sd > 0 ? (r[j] - mu) / sd : 0;
        }
    }
    *qout = q;
    return z;
}

/* n × n distances between the rows of x (see prepare_rows). */
static int distances(const double *x, size_t n, size_t p, const size_t *fsel, size_t pf, DistKind kind, double *d) {
    size_t q;
    double *z = prepare_rows(x, n, p, fsel, pf, kind, &q);
    if (!z) return -1;
    for (size_t i = 0; i < n; i++) {
        d[i * n + i] = 0;
        for (size_t j = i + 1; j < n; j++) {
            const double *a = z + i * q, *b = z + j * q;
            double s = 0;
            if (kind == DIST_EUCLIDEAN) {
                for (size_t t = 0; t < q; t++) s += (a[t] - b[t]) * (a[t] - b[t]);
                s = sqrt(s);
            } else {
                for (size_t t = 0; t < q; t++) s += a[t] * b[t];
                s = 1 - s;
            }
            d[i * n + j] = d[j * n + i] = s;
        }
    }
    free(z);
    return 0;
}

/* n × n inner products of the prepared rows (k-means works on these: the
 * squared distance of two rows is g_ii + g_jj − 2 g_ij, which for pearson
 * is 2 (1 − r)). */
static int gram(const double *x, size_t n, size_t p, const size_t *fsel, size_t pf, DistKind kind, double *g) {
    size_t q;
    double *z = prepare_rows(x, n, p, fsel, pf, kind, &q);
    if (!z) return -1;
    if (kind == DIST_EUCLIDEAN)   /* centred features: the same distances, less cancellation */
        for (size_t t = 0; t < q; t++) {
            double mu = 0;
            for (size_t i = 0; i < n; i++) mu += z[i * q + t];
            mu /= (double)n;
            for (size_t i = 0; i < n; i++) z[i * q + t] -= mu;
        }
    for (size_t i = 0; i < n; i++)
        for (size_t j = i; j < n; j++) {
            const double *a = z + i * q, *b = z + j * q;
            double s = 0;
            for (size_t t = 0; t < q; t++) s += a[t] * b[t];
            g[i * n + j] = g[j * n + i] = s;
        }
    free(z);
    return 0;
}

/* ---- resampling ---- */

typedef struct Shared {
    const double *x;            /* data */
    size_t n, p, nk;            /* items, features, number of k */
    const ConsensusOpts *o;     /* options */
    const double *dfull;        /* the full distance (hc, pam) or Gram (km) matrix when pfeature = 1, or NULL */
    uint16_t **local;           /* per worker: pair-major counts [pair][nk + 1] (last: co-sampled) */
    size_t nlocal;              /* workers that took a buffer */
    size_t next, done;          /* next resample, resamples finished */
    pthread_mutex_t lock;       /* guards next, done and progress */
    int failed;                 /* out of memory in a worker */
} Shared;

static void *rep_worker(void *arg) {
    Shared *S = arg;
    const ConsensusOpts *o = S->o;
    size_t n = S->n, p = S->p, m = (size_t)floor(o->pitem * (double)n), pf = (size_t)floor(o->pfeature * (double)p);
    if (m < 2) m = n < 2 ? n : 2;
    if (pf < 1) pf = 1;
    size_t *items = malloc(n * sizeof *items), *feats = malloc(p * sizeof *feats);
    double *d = malloc(m * m * sizeof *d);
    int *lab = malloc(S->nk * m * sizeof *lab);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    PartWork pw = {0};
    double *sub = NULL;
    size_t np = n * (n - 1) / 2, w = S->nk + 1;
    /* this worker's counts: integers, so the sum over workers does not depend on who did what */
    uint16_t *cnt = calloc(np && w ? np * w : 1, sizeof *cnt);
    if (cnt) {
        pthread_mutex_lock(&S->lock);
        S->local[S->nlocal++] = cnt;
        pthread_mutex_unlock(&S->lock);
    }
    if (!items || !feats || !d || !lab || !g || !cnt) goto fail;
    if (o->alg != CONS_HC && partwork_init(&pw, m, o->kmax) < 0) goto fail;
    for (;;) {
        pthread_mutex_lock(&S->lock);
        size_t r = S->next++;
        pthread_mutex_unlock(&S->lock);
        if (r >= o->reps || (o->cancel && *o->cancel)) break;
        gsl_rng_set(g, o->seed * 2654435761UL + r + 1);
        /* items and features without replacement (partial Fisher–Yates) */
        for (size_t i = 0; i < n; i++) items[i] = i;
        for (size_t i = 0; i < m; i++) {
            size_t j = i + (size_t)gsl_rng_uniform_int(g, n - i);
            size_t t = items[i]; items[i] = items[j]; items[j] = t;
        }
        /* sorted, so that the co-sampling loops read in order */
        for (size_t i = 1; i < m; i++) {
            size_t t = items[i], j = i;
            while (j > 0 && items[j - 1] > t) { items[j] = items[j - 1]; j--; }
            items[j] = t;
        }
        if (S->dfull) {
            for (size_t i = 0; i < m; i++)
                for (size_t j = 0; j < m; j++) d[i * m + j] = S->dfull[items[i] * n + items[j]];
        } else {
            for (size_t i = 0; i < p; i++) feats[i] = i;
            for (size_t i = 0; i < pf; i++) {
                size_t j = i + (size_t)gsl_rng_uniform_int(g, p - i);
                size_t t = feats[i]; feats[i] = feats[j]; feats[j] = t;
            }
            if (!sub) sub = malloc(m * p * sizeof *sub);
            if (!sub) goto fail;
            for (size_t i = 0; i < m; i++) memcpy(sub + i * p, S->x + items[i] * p, p * sizeof *sub);
            if ((o->alg == CONS_KM ? gram : distances)(sub, m, p, feats, pf, o->dist, d) < 0) goto fail;
        }
        if (o->alg == CONS_HC) {
            if (hclust_cut_range(d, m, o->link, o->kmin, o->kmax, lab) < 0) goto fail;
        } else {
            /* d holds distances (pam) or inner products (km); the k-means
               starts draw from this resample's stream, after the items */
            for (size_t k = 0; k < S->nk; k++) {
                if (o->alg == CONS_KM) kmeans_gram(d, m, o->kmin + k, o->starts, g, &pw, lab + k * m);
                else pam(d, m, o->kmin + k, &pw, lab + k * m);
            }
        }
        for (size_t a = 0; a < m; a++) {
            size_t ia = items[a], rowbase = ia * n - ia * (ia + 1) / 2;   /* pairs (ia, ib > ia) */
            for (size_t b = a + 1; b < m; b++) {
                uint16_t *c = cnt + (rowbase + items[b] - ia - 1) * w;
                c[S->nk]++;
                for (size_t k = 0; k < S->nk; k++) c[k] += lab[k * m + a] == lab[k * m + b];
            }
        }
        pthread_mutex_lock(&S->lock);
        S->done++;
        if (o->progress) o->progress(o->progress_ctx, (double)S->done / (double)o->reps);
        pthread_mutex_unlock(&S->lock);
    }
    goto out;
fail:
    pthread_mutex_lock(&S->lock);
    S->failed = 1;
    pthread_mutex_unlock(&S->lock);
out:
    if (g) gsl_rng_free(g);
    partwork_free(&pw);
    free(items); free(feats); free(d); free(lab); free(sub);   /* cnt belongs to S->local */
    return NULL;
}

void consensus_free(ConsensusFit *f) {
    for (size_t k = 0; f->k && k < f->nk; k++) {
        free(f->k[k].m);
        free(f->k[k].classes);
        free(f->k[k].cdf);
        free(f->k[k].item_consensus);
        free(f->k[k].cluster_consensus);
    }
    free(f->k);
    memset(f, 0, sizeof *f);
}

size_t consensus_bin(double v) {
    /* hist(breaks = seq(0, 1, by = 0.01)): right-closed bins, the first
       closed on the left too, each break moved up by R's fuzz (1e-7 of the
       bin width) so that a value equal to a break falls below it */
    const double fuzz = 1e-7 * 0.01;
    if (!(v > 0.01 + fuzz)) return 0;
    size_t b = v >= 1 ? 99 : (size_t)floor(v * 100);
    if (b > 99) b = 99;
    while (b > 0 && v <= (double)b * 0.01 + fuzz) b--;
    while (b < 99 && v > (double)(b + 1) * 0.01 + fuzz) b++;
    return b;
}

double consensus_cdf_area(const double *cdf) {
    /* CCP's CDF(): every bin's cumulative fraction times the bin width
       (the difference of the breaks b * 0.01, as seq() makes them), over
       all 100 bins (the last, where the CDF is 1, included) */
    double area = 0;
    for (size_t b = 0; b < 100; b++) area += cdf[b] * ((double)(b + 1) * 0.01 - (double)b * 0.01);
    return area;
}

int consensus_run(const double *x, size_t n, size_t p, const ConsensusOpts *o, double pac_lo, double pac_hi,
                  ConsensusFit *f) {
    stats_init();
    memset(f, 0, sizeof *f);
    if (o->kmin < 2 || o->kmax < o->kmin || o->kmax > n) return -1;
    size_t nk = o->kmax - o->kmin + 1;
    if (o->reps > 65535) return -1;   /* the per-worker counts are 16-bit */
    Shared S = {x, n, p, nk, o, NULL, NULL, 0, 0, 0, PTHREAD_MUTEX_INITIALIZER, 0};
    double *dfull = NULL, *dist1 = NULL, *hist = NULL;
    size_t *inpac = NULL, npairs = 0;
    int rc = -1;
    S.local = calloc(65, sizeof *S.local);
    if (!S.local) goto out;
    f->k = calloc(nk, sizeof *f->k);
    if (!f->k) goto out;
    f->n = n;
    f->nk = nk;
    f->kmin = o->kmin;
    if (o->pfeature >= 1) {   /* the full distance matrix once; resamples take sub-matrices */
        dfull = malloc(n * n * sizeof *dfull);
        if (!dfull || (o->alg == CONS_KM ? gram : distances)(x, n, p, NULL, p, o->dist, dfull) < 0) goto out;
        S.dfull = dfull;
    }
    int nt = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, rep_worker, &S) == 0) started++;
        else break;
    rep_worker(&S);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (o->cancel && *o->cancel) { rc = -2; goto out; }
    if (S.failed) goto out;
    /* the consensus matrices straight from the workers' counts (no n × n
       count matrices: the counts stay in the 16-bit per-worker triangles) */
    for (size_t ki = 0; ki < nk; ki++) {
        f->k[ki].m = malloc(n * n * sizeof *f->k[ki].m);
        if (!f->k[ki].m) goto out;
    }
    /* the pair statistics (CDF histogram, PAC) come from the exact ratios in
       double, as CCP computes them, not from the float matrices */
    hist = calloc(nk * 100, sizeof *hist);
    inpac = calloc(nk, sizeof *inpac);
    if (!hist || !inpac) goto out;
    {
        size_t w = nk + 1, pidx = 0;
        unsigned *tot = malloc(w * sizeof *tot);
        if (!tot) goto out;
        for (size_t i = 0; i < n; i++) {
            for (size_t ki = 0; ki < nk; ki++) f->k[ki].m[i * n + i] = 1;
            for (size_t j = i + 1; j < n; j++, pidx++) {
                memset(tot, 0, w * sizeof *tot);
                for (size_t q = 0; q < S.nlocal; q++) {
                    const uint16_t *c = S.local[q] + pidx * w;
                    for (size_t k = 0; k < w; k++) tot[k] += c[k];
                }
                if (tot[nk]) npairs++;
                for (size_t ki = 0; ki < nk; ki++) {
                    double v = tot[nk] ? (double)tot[ki] / (double)tot[nk] : NAN;
                    f->k[ki].m[i * n + j] = f->k[ki].m[j * n + i] = (float)v;
                    if (isnan(v)) continue;
                    inpac[ki] += v > pac_lo && v < pac_hi;
                    hist[ki * 100 + consensus_bin(v)]++;
                }
            }
        }
        free(tot);
        for (size_t q = 0; q < S.nlocal; q++) { free(S.local[q]); S.local[q] = NULL; }
    }
    dist1 = malloc(n * n * sizeof *dist1);
    if (!dist1) goto out;
    double best_pac = INFINITY, prev_area = NAN;
    for (size_t ki = 0; ki < nk; ki++) {
        ConsensusK *K = &f->k[ki];
        size_t k = o->kmin + ki;
        K->classes = malloc(n * sizeof *K->classes);
        K->cdf = calloc(100, sizeof *K->cdf);
        K->item_consensus = malloc(n * sizeof *K->item_consensus);
        K->cluster_consensus = calloc(k, sizeof *K->cluster_consensus);
        if (!K->classes || !K->cdf || !K->item_consensus || !K->cluster_consensus) goto out;
        const double *counts = hist + ki * 100;
        double cum = 0;
        for (size_t b = 0; b < 100; b++) { cum += counts[b]; K->cdf[b] = npairs ? cum / (double)npairs : NAN; }
        double area = consensus_cdf_area(K->cdf);
        K->area = area;
        K->delta = ki == 0 ? area : (area - prev_area) / prev_area;
        prev_area = area;
        K->pac = npairs ? (double)inpac[ki] / (double)npairs : NAN;
        /* the lowest PAC; among exact ties the larger k (three clean groups give
           PAC 0 at k = 2, where two of them always merge, and at k = 3) */
        if (K->pac <= best_pac + 1e-12) { best_pac = K->pac < best_pac ? K->pac : best_pac; f->best_k = k; }
        /* final classes: the final linkage on 1 − consensus */
        for (size_t i = 0; i < n * n; i++) dist1[i] = isnan(K->m[i]) ? 1 : 1 - (double)K->m[i];
        Hclust h;
        if (hclust(dist1, n, o->final_link, &h) < 0 || hclust_cut(&h, k, K->classes) < 0) { hclust_free(&h); goto out; }
        hclust_free(&h);
        /* item consensus with its own class; cluster consensus within classes */
        double *csum = calloc(k, sizeof *csum), *ccnt = calloc(k, sizeof *ccnt);
        if (!csum || !ccnt) { free(csum); free(ccnt); goto out; }
        for (size_t i = 0; i < n; i++) {
            double s = 0, c = 0;
            for (size_t j = 0; j < n; j++) {
                if (j == i || K->classes[j] != K->classes[i] || isnan(K->m[i * n + j])) continue;
                s += K->m[i * n + j];
                c++;
                if (j > i) { csum[K->classes[i] - 1] += K->m[i * n + j]; ccnt[K->classes[i] - 1]++; }
            }
            K->item_consensus[i] = c > 0 ? s / c : NAN;
        }
        for (size_t c = 0; c < k; c++) K->cluster_consensus[c] = ccnt[c] > 0 ? csum[c] / ccnt[c] : NAN;
        free(csum);
        free(ccnt);
    }
    rc = 0;
out:
    for (size_t q = 0; S.local && q < S.nlocal; q++) free(S.local[q]);
    free(S.local);
    free(dfull);
    free(dist1);
    free(hist);
    free(inpac);
    if (rc != 0) consensus_free(f);
    return rc;
}

double adjusted_rand(const int *a, const int *b, size_t n) {
    int ka = 0, kb = 0;
    for (size_t i = 0; i < n; i++) { if (a[i] > ka) ka = a[i]; if (b[i] > kb) kb = b[i]; }
    double *t = calloc((size_t)(ka + 1) * (size_t)(kb + 1), sizeof *t), *ra = calloc((size_t)ka + 1, sizeof *ra), *rb = calloc((size_t)kb + 1, sizeof *rb);
    if (!t || !ra || !rb) { free(t); free(ra); free(rb); return NAN; }
    for (size_t i = 0; i < n; i++) { t[a[i] * (kb + 1) + b[i]]++; ra[a[i]]++; rb[b[i]]++; }
    double sij = 0, sa = 0, sb = 0;
    for (int i = 0; i <= ka; i++)
        for (int j = 0; j <= kb; j++) sij += t[i * (kb + 1) + j] * (t[i * (kb + 1) + j] - 1) / 2;
    for (int i = 0; i <= ka; i++) sa += ra[i] * (ra[i] - 1) / 2;
    for (int j = 0; j <= kb; j++) sb += rb[j] * (rb[j] - 1) / 2;
    double all = (double)n * (double)(n - 1) / 2, exp = sa * sb / all, mx = (sa + sb) / 2;
    free(t); free(ra); free(rb);
    return mx - exp != 0 ? (sij - exp) / (mx - exp) : 1;
}
