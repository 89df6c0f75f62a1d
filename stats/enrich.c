/* enrich.c — see enrich.h. */
#include "stats/enrich.h"
#include "stats/padjust.h"
#include "stats/stats.h"
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- the hypergeometric distribution (Loader 2000) ------------------- */

/* log(n!) - log(sqrt(2 pi n) (n/e)^n), n >= 1 whole. */
static double stirlerr(double n) {
    const double S0 = 1.0 / 12, S1 = 1.0 / 360, S2 = 1.0 / 1260, S3 = 1.0 / 1680, S4 = 1.0 / 1188;
    if (n <= 15) {
        long double v = lgammal((long double)n + 1) - ((long double)n + 0.5L) * logl((long double)n) + (long double)n -
                        0.918938533204672741780329736406L;   /* log(sqrt(2 pi)) */
        return (double)v;
    }
    double nn = n * n;
    if (n > 500) return (S0 - S1 / nn) / n;
    if (n > 80) return (S0 - (S1 - S2 / nn) / nn) / n;
    if (n > 35) return (S0 - (S1 - (S2 - S3 / nn) / nn) / nn) / n;
    return (S0 - (S1 - (S2 - (S3 - S4 / nn) / nn) / nn) / nn) / n;
}

/* x log(x / np) + np - x, without cancellation when x is near np. */
static double bd0(double x, double np) {
    if (fabs(x - np) < 0.1 * (x + np)) {
        double v = (x - np) / (x + np), s = (x - np) * v, ej = 2 * x * v;
        v *= v;
        for (int j = 1; j < 1000; j++) {
            ej *= v;
            double s1 = s + ej / (2 * j + 1);
            if (s1 == s) return s1;
            s = s1;
        }
    }
    return x * log(x / np) + np - x;
}

/* The binomial probability of x in n at p (q = 1 - p), Loader's form. */
static double binom_raw(double x, double n, double p, double q) {
    if (p == 0) return x == 0 ? 1 : 0;
    if (q == 0) return x == n ? 1 : 0;
    if (x == 0) {
        if (n == 0) return 1;
        return exp(p < 0.1 ? -bd0(n, n * q) - n * p : n * log(q));
    }
    if (x == n) return exp(q < 0.1 ? -bd0(n, n * p) - n * q : n * log(p));
    if (x < 0 || x > n) return 0;
    double lc = stirlerr(n) - stirlerr(x) - stirlerr(n - x) - bd0(x, n * p) - bd0(n - x, n * q);
    double lf = 1.837877066409345483560659472811 + log(x) + log1p(-x / n);   /* log(2 pi) */
    return exp(lc - 0.5 * lf);
}

double hyper_pdf(long x, long M, long N, long n) {
    long b = N - M;
    if (M < 0 || b < 0 || n < 0 || n > N) return NAN;
    if (x < 0 || x > n || x > M || n - x > b) return 0;
    if (n == 0) return x == 0;
    double p = (double)n / (double)N, q = (double)(N - n) / (double)N;
    return binom_raw((double)x, (double)M, p, q) * binom_raw((double)(n - x), (double)b, p, q) /
           binom_raw((double)n, (double)N, p, q);
}

double hyper_upper(long k, long M, long N, long n) {
    long b = N - M;
    if (M < 0 || b < 0 || n < 0 || n > N) return NAN;
    long lo = n - b > 0 ? n - b : 0, hi = n < M ? n : M;
    if (k <= lo) return 1;
    if (k > hi) return 0;
    double mean = (double)n * (double)M / (double)N;
    if ((double)k > mean) {
        /* the terms from k up, relative to P(X = k) */
        double d = hyper_pdf(k, M, N, n), t = 1, s = 1;
        for (long x = k; x < hi; x++) {
            t *= (double)(M - x) * (double)(n - x) / ((double)(x + 1) * (double)(b - n + x + 1));
            s += t;
            if (t < s * 1e-17) break;
        }
        return d * s;
    }
    /* 1 - P(X <= k - 1), the terms from k - 1 down */
    double d = hyper_pdf(k - 1, M, N, n), t = 1, s = 1;
    for (long x = k - 1; x > lo; x--) {
        t *= (double)x * (double)(b - n + x) / ((double)(M - x + 1) * (double)(n - x + 1));
        s += t;
        if (t < s * 1e-17) break;
    }
    double v = 1 - d * s;
    return v < 0 ? 0 : v;
}

int ora_sets(const GsSets *sets, const unsigned char *inq, size_t N, size_t n, OraRow *rows) {
    double *p = malloc((sets->nsets ? sets->nsets : 1) * sizeof *p);
    if (!p) return -1;
    for (size_t i = 0; i < sets->nsets; i++) {
        size_t M = sets->start[i + 1] - sets->start[i], k = 0;
        for (size_t u = sets->start[i]; u < sets->start[i + 1]; u++) k += inq[sets->idx[u]] != 0;
        OraRow *w = &rows[i];
        w->size = M;
        w->overlap = k;
        w->expected = (double)n * (double)M / (double)N;
        w->fold = w->expected > 0 ? (double)k / w->expected : NAN;
        w->p = p[i] = hyper_upper((long)k, (long)M, (long)N, (long)n);
    }
    int rc = p_adjust(p, sets->nsets, ADJ_BH, p);
    for (size_t i = 0; rc == 0 && i < sets->nsets; i++) rows[i].q = p[i];
    free(p);
    return rc == 0 ? 0 : -1;
}

/* ---- the enrichment score ------------------------------------------- */

/* The walk's extremes from the set's positions: the largest value (just
 * after a hit) and the smallest (just before a hit, or the end, 0), and
 * where they are reached. */
static double es_core(const double *r, size_t N, const size_t *pos, size_t k, size_t *peak) {
    if (!k || k >= N) return NAN;
    long double NR = 0;
    for (size_t m = 0; m < k; m++) NR += fabs(r[pos[m]]);
    if (NR == 0) return NAN;
    long double step = 1.0L / (long double)(N - k), W = 0;
    double mx = -INFINITY, mn = INFINITY;
    size_t pmx = 0, pmn = N - 1;
    for (size_t m = 0; m < k; m++) {
        if (pos[m] > 0 && (m == 0 || pos[m] > pos[m - 1] + 1)) {   /* a miss just before this hit */
            double before = (double)(W - (long double)(pos[m] - m) * step);
            if (before < mn) { mn = before; pmn = pos[m] - 1; }
        }
        W += (long double)fabs(r[pos[m]]) / NR;
        double after = (double)(W - (long double)(pos[m] + 1 - (m + 1)) * step);
        if (after > mx) { mx = after; pmx = pos[m]; }
        if (after < mn) { mn = after; pmn = pos[m]; }
    }
    if (pos[k - 1] < N - 1) {   /* the misses after the last hit end at 0 */
        if (0 < mn) { mn = 0; pmn = N - 1; }
        if (0 > mx) { mx = 0; pmx = N - 1; }
    }
    if (mx > -mn) { if (peak) *peak = pmx; return mx; }
    if (mx < -mn) { if (peak) *peak = pmn; return mn; }
    if (peak) *peak = pmx;
    return 0;
}

double gsea_es(const double *r, size_t N, const size_t *pos, size_t k, size_t *peak) {
    return es_core(r, N, pos, k, peak);
}

size_t gsea_leading_edge(const double *r, size_t N, const size_t *pos, size_t k, unsigned char *in_edge, double *es) {
    size_t peak = 0, m = 0;
    double e = es_core(r, N, pos, k, &peak);
    for (size_t h = 0; h < k; h++) {
        in_edge[h] = e >= 0 ? pos[h] <= peak : pos[h] >= peak;   /* NaN: peak 0, every member */
        m += in_edge[h];
    }
    if (es) *es = e;
    return m;
}

void gsea_walk(const double *r, size_t N, const size_t *pos, size_t k, double *walk) {
    long double NR = 0;
    for (size_t m = 0; m < k; m++) NR += fabs(r[pos[m]]);
    long double step = k < N ? 1.0L / (long double)(N - k) : 0, W = 0;
    size_t m = 0, miss = 0;
    for (size_t i = 0; i < N; i++) {
        if (m < k && pos[m] == i) { W += NR > 0 ? (long double)fabs(r[i]) / NR : 0; m++; }
        else miss++;
        walk[i] = (double)(W - (long double)miss * step);
    }
}

/* ---- permutations ---------------------------------------------------- */

#define PERM_BLOCK 64   /* permutations per block: block b draws from stream (seed, b) */

typedef struct PCtx {
    const double *r;
    size_t N;
    const size_t *sizes;    /* the distinct set sizes, ascending */
    size_t nsizes;
    size_t perm;
    unsigned long seed;
    double *null;           /* nsizes × perm: the null ES of each size */
} PCtx;

typedef struct PJob {
    PCtx *c;
    size_t next, done;
    pthread_mutex_t lock;
    int rc;
    volatile sig_atomic_t *cancel;
    void (*progress)(void *, double);
    void *pctx;
} PJob;

typedef struct Drawn {
    size_t pos;     /* a position drawn */
    size_t order;   /* when it was drawn */
} Drawn;

static int cmp_drawn(const void *a, const void *b) {
    size_t x = ((const Drawn *)a)->pos, y = ((const Drawn *)b)->pos;
    return x < y ? -1 : x > y;
}

/* One block of permutations: K = the largest size positions drawn without
 * replacement (a partial Fisher-Yates shuffle, undone after), and each size
 * k's random set is the first k drawn. */
static void perm_block(PCtx *c, size_t b, size_t *perm, Drawn *d, size_t *pos, size_t *swaps, gsl_rng *g) {
    size_t K = c->sizes[c->nsizes - 1], N = c->N;
    gsl_rng_set(g, c->seed * 2654435761UL + b + 1);
    size_t from = b * PERM_BLOCK, to = from + PERM_BLOCK < c->perm ? from + PERM_BLOCK : c->perm;
    for (size_t q = from; q < to; q++) {
        for (size_t i = 0; i < K; i++) {
            size_t j = i + (size_t)gsl_rng_uniform_int(g, N - i);
            size_t t = perm[i]; perm[i] = perm[j]; perm[j] = t;
            swaps[i] = j;
            d[i] = (Drawn){perm[i], i};
        }
        for (size_t i = K; i-- > 0;) { size_t j = swaps[i], t = perm[i]; perm[i] = perm[j]; perm[j] = t; }
        qsort(d, K, sizeof *d, cmp_drawn);
        for (size_t s = 0; s < c->nsizes; s++) {
            size_t k = c->sizes[s], m = 0;
            for (size_t i = 0; i < K && m < k; i++)
                if (d[i].order < k) pos[m++] = d[i].pos;
            c->null[s * c->perm + q] = es_core(c->r, N, pos, k, NULL);
        }
    }
}

static void *perm_worker(void *arg) {
    PJob *J = arg;
    PCtx *c = J->c;
    size_t K = c->sizes[c->nsizes - 1];
    size_t *perm = malloc(c->N * sizeof *perm), *pos = malloc(K * sizeof *pos), *swaps = malloc(K * sizeof *swaps);
    Drawn *d = malloc(K * sizeof *d);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    if (!perm || !pos || !swaps || !d || !g) {
        pthread_mutex_lock(&J->lock);
        J->rc = -1;
        pthread_mutex_unlock(&J->lock);
    } else {
        for (size_t i = 0; i < c->N; i++) perm[i] = i;
        size_t nb = (c->perm + PERM_BLOCK - 1) / PERM_BLOCK;
        for (;;) {
            pthread_mutex_lock(&J->lock);
            if (J->cancel && *J->cancel && !J->rc) J->rc = -2;
            size_t b = J->next;
            int stop = J->rc || b >= nb;
            if (!stop) J->next++;
            pthread_mutex_unlock(&J->lock);
            if (stop) break;
            perm_block(c, b, perm, d, pos, swaps, g);
            pthread_mutex_lock(&J->lock);
            J->done++;
            if (J->progress) J->progress(J->pctx, (double)J->done / (double)nb);
            pthread_mutex_unlock(&J->lock);
        }
    }
    free(perm); free(pos); free(swaps); free(d);
    if (g) gsl_rng_free(g);
    return NULL;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

int gsea_prerank(const double *r, size_t N, const GsSets *sets, const GseaOpts *o, double *es, double *nes,
                 double *p, double *pfloor) {
    stats_init();
    size_t ns = sets->nsets;
    size_t *sizes = malloc((ns ? ns : 1) * sizeof *sizes), nsz = 0;
    if (!sizes) return -1;
    for (size_t s = 0; s < ns; s++) {
        size_t k = sets->start[s + 1] - sets->start[s];
        es[s] = es_core(r, N, sets->idx + sets->start[s], k, NULL);
        nes[s] = p[s] = NAN;
        if (pfloor) pfloor[s] = NAN;
        if (!isnan(es[s])) sizes[nsz++] = k;
    }
    qsort(sizes, nsz, sizeof *sizes, cmp_size);
    size_t w = 0;
    for (size_t i = 0; i < nsz; i++)
        if (!w || sizes[i] != sizes[w - 1]) sizes[w++] = sizes[i];
    nsz = w;
    if (!nsz || !o->perm) { free(sizes); return 0; }
    double *null = malloc(nsz * o->perm * sizeof *null);
    if (!null) { free(sizes); return -1; }
    PCtx c = {r, N, sizes, nsz, o->perm, o->seed, null};
    PJob J = {&c, 0, 0, PTHREAD_MUTEX_INITIALIZER, 0, o->cancel, o->progress, o->progress_ctx};
    int nt = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[started], NULL, perm_worker, &J) == 0) started++;
    perm_worker(&J);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&J.lock);
    int rc = J.rc;
    if (!rc && o->cancel && *o->cancel) rc = -2;
    for (size_t s = 0; !rc && s < ns; s++) {
        if (isnan(es[s])) continue;
        size_t k = sets->start[s + 1] - sets->start[s];
        const size_t *hit = bsearch(&k, sizes, nsz, sizeof *sizes, cmp_size);
        const double *z = null + (size_t)(hit - sizes) * o->perm;
        double e = es[s], sum = 0;
        size_t side = 0, beyond = 0;
        for (size_t q = 0; q < o->perm; q++) {
            if (isnan(z[q])) continue;
            if (e >= 0 ? z[q] >= 0 : z[q] <= 0) { side++; sum += z[q]; if (e >= 0 ? z[q] >= e : z[q] <= e) beyond++; }
        }
        p[s] = (1.0 + (double)beyond) / (1.0 + (double)side);
        if (pfloor) pfloor[s] = 1.0 / (1.0 + (double)side);
        double mean = side ? sum / (double)side : NAN;
        nes[s] = mean != 0 ? e / fabs(mean) : NAN;
    }
    free(null);
    free(sizes);
    return rc;
}
