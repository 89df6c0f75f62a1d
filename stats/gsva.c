/* gsva.c — see gsva.h.  Written from GSVA 1.46's documented behaviour and
 * its R code (read, not copied), and checked against its output
 * (tests/reference/genesets.R, tests/unit/test_gsva.c). */
#include "stats/gsva.h"
#include "stats/sortx.h"
#include "stats/stats.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_linalg.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* ---- a parallel loop over items, in chunks, results by item ---------- */

typedef int (*ChunkFn)(void *ctx, size_t lo, size_t hi, void *scratch);

typedef struct Par {
    size_t n, chunk;            /* items, items per chunk */
    size_t next, done;          /* the next item to hand out; items finished */
    pthread_mutex_t lock;       /* guards next, done, rc and the progress call */
    ChunkFn fn;                 /* does items lo..hi-1 */
    void *ctx;                  /* its context */
    size_t scratch;             /* bytes of scratch each thread gets */
    volatile sig_atomic_t *cancel;
    void (*progress)(void *ctx, double frac);
    void *pctx;
    double pfrom, pto;          /* the part of the progress bar this loop fills */
    int rc;                     /* 0, or the first failure (-1 memory, -2 cancelled) */
} Par;

static void *par_worker(void *arg) {
    Par *P = arg;
    void *scr = P->scratch ? malloc(P->scratch) : NULL;
    if (P->scratch && !scr) {
        pthread_mutex_lock(&P->lock);
        P->rc = -1;
        pthread_mutex_unlock(&P->lock);
        return NULL;
    }
    for (;;) {
        pthread_mutex_lock(&P->lock);
        size_t lo = P->next;
        int stop = P->rc != 0 || lo >= P->n || (P->cancel && *P->cancel);
        if (P->cancel && *P->cancel && !P->rc) P->rc = -2;
        if (!stop) P->next = lo + P->chunk < P->n ? lo + P->chunk : P->n;
        size_t hi = P->next;
        pthread_mutex_unlock(&P->lock);
        if (stop) break;
        int rc = P->fn(P->ctx, lo, hi, scr);
        pthread_mutex_lock(&P->lock);
        if (rc && !P->rc) P->rc = rc;
        P->done += hi - lo;
        if (P->progress) P->progress(P->pctx, P->pfrom + (P->pto - P->pfrom) * (double)P->done / (double)P->n);
        pthread_mutex_unlock(&P->lock);
    }
    free(scr);
    return NULL;
}

/* Run fn over items 0..n-1 on up to threads threads (the caller is one of
 * them).  Returns 0, -1 (out of memory) or -2 (cancelled). */
static int par_run(size_t n, size_t chunk, int threads, ChunkFn fn, void *ctx, size_t scratch,
                   volatile sig_atomic_t *cancel, void (*progress)(void *, double), void *pctx, double pfrom,
                   double pto) {
    if (!n) return 0;
    Par P = {n, chunk ? chunk : 1, 0, 0, PTHREAD_MUTEX_INITIALIZER, fn, ctx, scratch, cancel, progress, pctx,
             pfrom, pto, 0};
    size_t nchunks = (n + P.chunk - 1) / P.chunk;
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)nt > nchunks) nt = (int)nchunks;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[started], NULL, par_worker, &P) == 0) started++;
    par_worker(&P);
    for (int t = 0; t < started; t++) pthread_join(tid[t], NULL);
    pthread_mutex_destroy(&P.lock);
    if (!P.rc && cancel && *cancel) P.rc = -2;
    return P.rc;
}

/* ---- sorting a row: values with their gene, ties by gene ------------ */

typedef struct XI {
    double x;           /* the value */
    uint32_t i;         /* its gene */
} XI;

SORT_BY_X(sort_xi, XI)

/* The bits of x as an unsigned key in the order of the doubles (x not
 * NaN; -0 taken as 0). */
static inline uint64_t order_key(double x) {
    x += 0.0;
    uint64_t u;
    memcpy(&u, &x, sizeof u);
    return (u >> 63) ? ~u : u | ((uint64_t)1 << 63);
}

/* Sort a[0..n-1] by x (dir > 0: ascending; < 0: descending), ties in the
 * order they come (a[].i ascending when built in gene order): an LSD radix
 * sort on 11-bit digits of the keys, stable, passes on which every key
 * agrees skipped.  tmp: n XI, key: 2n uint64. */
static void sort_rows(XI *a, size_t n, int dir, XI *tmp, uint64_t *key) {
    uint64_t *k2 = key + n;
    for (size_t i = 0; i < n; i++) key[i] = order_key(dir > 0 ? a[i].x : -a[i].x);
    size_t cnt[2048];
    for (int shift = 0; shift < 64; shift += 11) {
        memset(cnt, 0, sizeof cnt);
        for (size_t i = 0; i < n; i++) cnt[(key[i] >> shift) & 2047]++;
        if (cnt[(key[0] >> shift) & 2047] == n) continue;
        size_t at = 0;
        for (size_t d = 0; d < 2048; d++) { size_t c = cnt[d]; cnt[d] = at; at += c; }
        for (size_t i = 0; i < n; i++) {
            size_t to = cnt[(key[i] >> shift) & 2047]++;
            tmp[to] = a[i];
            k2[to] = key[i];
        }
        memcpy(a, tmp, n * sizeof *a);
        memcpy(key, k2, n * sizeof *key);
    }
}

typedef struct PW {
    double x;           /* a set gene's position (as a double, for SORT_BY_X) */
    double w;           /* its weight */
} PW;

SORT_BY_X(sort_pw, PW)

/* ---- ssGSEA --------------------------------------------------------- */

typedef struct Ctx {
    const double *const *x;     /* the genes' values */
    size_t G, n;                /* genes, patients */
    const GsSets *S;
    const GsvaOpts *o;
    double *es;                 /* nsets × n */
    double *D;                  /* gsva: G × n kernel log-odds */
    const double *pw;           /* ssgsea: pw[r] = r^tau, r = 0..G */
    const double *mean, *sd;    /* zscore, plage: per gene */
    const size_t *use;          /* singscore: the sets scored */
    const long *down;           /* singscore: each one's down set, or -1 */
    size_t nuse;                /* singscore: how many */
    double *up, *dn;            /* singscore: the parts */
} Ctx;

static size_t set_size(const GsSets *S, size_t s) { return S->start[s + 1] - S->start[s]; }

/* Patients lo..hi-1.  scratch: 2G XI, 2G uint64, G uint32 ranks, G + 2
 * uint32 counts, G uint32 positions, G PW. */
static int ssgsea_rows(void *vc, size_t lo, size_t hi, void *scr) {
    Ctx *c = vc;
    size_t G = c->G, n = c->n;
    XI *a = scr, *tmp = a + G;
    uint64_t *key = (uint64_t *)(tmp + G);
    uint32_t *R = (uint32_t *)(key + 2 * G), *cnt = R + G, *pos = cnt + G + 2;
    PW *pw = (PW *)(pos + G);
    for (size_t j = lo; j < hi; j++) {
        for (size_t g = 0; g < G; g++) a[g] = (XI){c->x[g][j] + 0.0, (uint32_t)g};   /* -0 is 0 */
        sort_rows(a, G, 1, tmp, key);
        /* average ranks of ties, truncated to whole numbers (GSVA's integer ranks) */
        for (size_t s = 0; s < G;) {
            size_t e = s + 1;
            while (e < G && a[e].x == a[s].x) e++;
            uint32_t r = (uint32_t)((s + 1 + e) / 2);
            for (size_t p = s; p < e; p++) R[a[p].i] = r;
            s = e;
        }
        /* order(R, decreasing = TRUE), ties by gene: positions 1..G by counting */
        memset(cnt, 0, (G + 2) * sizeof *cnt);
        for (size_t g = 0; g < G; g++) cnt[R[g]]++;
        uint32_t at = 1;
        for (size_t r = G + 1; r-- > 0;) { uint32_t k = cnt[r]; cnt[r] = at; at += k; }
        for (size_t g = 0; g < G; g++) pos[g] = cnt[R[g]]++;
        for (size_t s = 0; s < c->S->nsets; s++) {
            size_t k = set_size(c->S, s);
            const size_t *idx = c->S->idx + c->S->start[s];
            if (!k || k >= G) { c->es[s * n + j] = NAN; continue; }
            for (size_t m = 0; m < k; m++) pw[m] = (PW){(double)pos[idx[m]], c->pw[R[idx[m]]]};
            sort_pw(pw, k);
            long double num = 0, den = 0;
            int64_t sumpos = 0;
            for (size_t m = 0; m < k; m++) {
                int64_t rev = (int64_t)G - (int64_t)pw[m].x + 1;
                num += pw[m].w * (double)rev;
                den += pw[m].w;
                sumpos += rev;
            }
            double in = (double)num / (double)den;
            double out = ((double)((int64_t)G * ((int64_t)G + 1)) / 2 - (double)sumpos) / (double)(G - k);
            c->es[s * n + j] = in - out;
        }
    }
    return 0;
}

static int run_ssgsea(Ctx *c) {
    const GsvaOpts *o = c->o;
    size_t G = c->G;
    double *pw = malloc((G + 2) * sizeof *pw);
    if (!pw) return -1;
    for (size_t r = 0; r <= G + 1; r++) pw[r] = pow((double)r, o->tau);
    c->pw = pw;
    size_t scr = 2 * G * sizeof(XI) + 2 * G * sizeof(uint64_t) + (3 * G + 2) * sizeof(uint32_t) + 8 + G * sizeof(PW);
    int rc = par_run(c->n, 4, o->threads, ssgsea_rows, c, scr, o->cancel, o->progress, o->progress_ctx, 0, 1);
    free(pw);
    if (rc || !o->norm) return rc;
    size_t N = c->S->nsets * c->n;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t i = 0; i < N; i++)
        if (!isnan(c->es[i])) { if (c->es[i] < lo) lo = c->es[i]; if (c->es[i] > hi) hi = c->es[i]; }
    double range = hi - lo;
    for (size_t i = 0; i < N; i++) c->es[i] = c->es[i] / range;
    return 0;
}

/* ---- GSVA ----------------------------------------------------------- */

/* Φ on GSVA's grid: PHI[i] = pnorm(10 i / 10000), i = 0..10000. */
#define PHI_RES 10000
#define PHI_MAX 10.0
static double PHI[PHI_RES + 1];
static pthread_once_t phi_once = PTHREAD_ONCE_INIT;
static void phi_build(void) {
    for (int i = 0; i <= PHI_RES; i++) PHI[i] = gsl_cdf_ugaussian_P(PHI_MAX * (double)i / (double)PHI_RES);
}

/* The sample sd (n - 1) of GSVA's kernel bandwidth. */
static double gene_sd(const double *x, size_t n) {
    double mean = 0;
    for (size_t i = 0; i < n; i++) mean += x[i];
    mean /= (double)n;
    double ss = 0;
    for (size_t i = 0; i < n; i++) ss += (x[i] - mean) * (x[i] - mean);
    return sqrt(ss / ((double)n - 1));
}

/* The table index of GSVA's Φ for a difference d >= 0: (int)(d / bw / 10 *
 * 10000), truncating, from one multiplication by c = 1000 / bw, done
 * GSVA's way when the product lies within 1e-7 of a step (where the two
 * could differ). */
static inline int phi_index(double d, double c, double bw) {
    double y = d * c;
    int k = (int)y;
    double fr = y - (double)k;
    if (fr < 1e-7 || fr > 1 - 1e-7) k = (int)(d / bw / PHI_MAX * PHI_RES);
    return k > PHI_RES ? PHI_RES : k;
}

/* One row j of the sorted values: the pairs i0 <= i < j.  Adds Φ(v_ji)
 * into lane[(i - i0) % 4] and 1 - Φ(v_ji) into B[i].  Four lanes, so that
 * the AVX2 version below gives the same bits. */
static void pairs_plain(const double *xs, size_t i0, size_t j, double c, double bw, double *B, double *lane) {
    double xj = xs[j];
    for (size_t i = i0; i < j; i++) {
        double t = PHI[phi_index(xj - xs[i], c, bw)];
        lane[(i - i0) & 3] += t;
        B[i] += 1.0 - t;
    }
}

#if defined(__x86_64__) && (defined(__GNUC__) || defined(__clang__))
#include <immintrin.h>
#define HAVE_PAIRS_AVX2 1
/* pairs_plain four at a time: the same operations lane by lane (a
 * multiplication, truncation, the distance to the step; a lane near a
 * step takes phi_index's exact path), the table read by a gather. */
__attribute__((target("avx2"))) static void pairs_avx2(const double *xs, size_t i0, size_t j, double c, double bw,
                                                       double *B, double *lane) {
    __m256d vxj = _mm256_set1_pd(xs[j]), vc = _mm256_set1_pd(c), one = _mm256_set1_pd(1.0);
    __m256d lo = _mm256_set1_pd(1e-7), hi = _mm256_set1_pd(1 - 1e-7);
    __m128i cap = _mm_set1_epi32(PHI_RES);
    __m256d acc = _mm256_loadu_pd(lane);
    size_t i = i0;
    for (; i + 4 <= j; i += 4) {
        __m256d d = _mm256_sub_pd(vxj, _mm256_loadu_pd(xs + i));
        __m256d y = _mm256_mul_pd(d, vc);
        __m128i k = _mm256_cvttpd_epi32(y);
        __m256d fr = _mm256_sub_pd(y, _mm256_cvtepi32_pd(k));
        int near = _mm256_movemask_pd(_mm256_or_pd(_mm256_cmp_pd(fr, lo, _CMP_LT_OQ), _mm256_cmp_pd(fr, hi, _CMP_GT_OQ)));
        if (near) {
            int kk[4];
            double dd[4];
            _mm_storeu_si128((__m128i *)kk, k);
            _mm256_storeu_pd(dd, d);
            for (int l = 0; l < 4; l++)
                if (near & (1 << l)) kk[l] = (int)(dd[l] / bw / PHI_MAX * PHI_RES);
            k = _mm_loadu_si128((const __m128i *)kk);
        }
        k = _mm_min_epi32(k, cap);
        __m256d t = _mm256_i32gather_pd(PHI, k, 8);
        acc = _mm256_add_pd(acc, t);
        _mm256_storeu_pd(B + i, _mm256_add_pd(_mm256_loadu_pd(B + i), _mm256_sub_pd(one, t)));
    }
    _mm256_storeu_pd(lane, acc);
    double xj = xs[j];
    for (; i < j; i++) {   /* the last 0..3, in their lanes */
        double t = PHI[phi_index(xj - xs[i], c, bw)];
        lane[(i - i0) & 3] += t;
        B[i] += 1.0 - t;
    }
}
#endif

typedef void (*PairsFn)(const double *, size_t, size_t, double, double, double *, double *);
static PairsFn pairs_fn;
static pthread_once_t pairs_once = PTHREAD_ONCE_INIT;
static void pairs_choose(void) {
    pairs_fn = pairs_plain;
#ifdef HAVE_PAIRS_AVX2
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && !getenv("RGX_NO_AVX2")) pairs_fn = pairs_avx2;
#endif
}

/* GSVA's Gaussian kernel CDF of one gene at each of its n values, as
 * log-odds, into out.  GSVA sums Φ((x_j - x_i) / bw) over i for each j,
 * O(n^2) table reads; here the values are sorted first, so that for j
 * above i the argument is never negative (Φ(-v) = 1 - Φ(v) on GSVA's
 * table gives the pair's other half), the pairs beyond 10 bandwidths
 * (Φ = 1 or 0) are counted rather than read, and the table index comes
 * from one multiplication (phi_index).  Only the order of the additions
 * differs from GSVA: a few units in the 15th digit; the result is the
 * same with or without AVX2.  a: n XI; xs, A, B: n doubles each. */
static void gauss_logodds(const double *x, size_t n, XI *a, double *xs, double *A, double *B, double *out) {
    double bw = gene_sd(x, n) / 4.0;
    for (size_t i = 0; i < n; i++) a[i] = (XI){x[i] + 0.0, (uint32_t)i};
    sort_xi(a, n);
    for (size_t i = 0; i < n; i++) xs[i] = a[i].x;
    double c = (double)PHI_RES / PHI_MAX / bw;
    memset(B, 0, n * sizeof *B);
    size_t i0 = 0;      /* the first i within 10 bandwidths below j */
    for (size_t j = 0; j < n; j++) {
        while (i0 < j && (xs[j] - xs[i0]) / bw > PHI_MAX) i0++;
        double lane[4] = {0, 0, 0, 0};
        pairs_fn(xs, i0, j, c, bw, B, lane);
        A[j] = (double)i0 + ((lane[0] + lane[1]) + (lane[2] + lane[3]));   /* Φ = 1 further below */
    }
    for (size_t j = 0; j < n; j++) {
        double lt = (A[j] + PHI[0] + B[j]) / (double)n;
        out[a[j].i] = -1.0 * log((1.0 - lt) / lt);
    }
}

/* Genes lo..hi-1: the kernel CDF of each patient's value among the gene's
 * values, as log-odds, into D.  scratch: n XI and 3n doubles. */
static int density_genes(void *vc, size_t lo, size_t hi, void *scr) {
    Ctx *c = vc;
    size_t n = c->n;
    XI *a = scr;
    double *xs = (double *)(a + n), *A = xs + n, *B = A + n;
    for (size_t g = lo; g < hi; g++) {
        const double *x = c->x[g];
        double *out = c->D + g * n;
        if (c->o->poisson) {   /* ppois(y_j, x_i + 0.5), as GSVA: O(n^2) */
            for (size_t j = 0; j < n; j++) {
                double y = floor(x[j] + 1e-7), lt = 0;
                for (size_t i = 0; i < n; i++)
                    lt += y < 0 ? 0 : y >= 4294967295.0 ? 1 : gsl_cdf_poisson_P((unsigned)y, x[i] + 0.5);
                lt /= (double)n;
                out[j] = -1.0 * log((1.0 - lt) / lt);
            }
        } else {
            gauss_logodds(x, n, a, xs, A, B, out);
        }
        if (c->o->cancel && *c->o->cancel) return -2;
    }
    return 0;
}

/* Patients lo..hi-1: genes ordered by decreasing log-odds (ties by gene),
 * rank scores, and the walk of each set.  scratch: 2G XI, 2G uint64, G
 * doubles, G uint32 positions, G PW. */
static int gsva_rows(void *vc, size_t lo, size_t hi, void *scr) {
    Ctx *c = vc;
    size_t G = c->G, n = c->n;
    const GsvaOpts *o = c->o;
    XI *a = scr, *tmp = a + G;
    uint64_t *key = (uint64_t *)(tmp + G);
    double *rs = (double *)(key + 2 * G);
    uint32_t *pos = (uint32_t *)(rs + G);
    PW *pw = (PW *)(pos + G);
    for (size_t j = lo; j < hi; j++) {
        for (size_t g = 0; g < G; g++) a[g] = (XI){c->D[g * n + j], (uint32_t)g};
        sort_rows(a, G, -1, tmp, key);   /* order(decreasing = TRUE): ties by gene */
        for (size_t p = 0; p < G; p++) {
            size_t g = a[p].i;   /* position p (0-based) of the decreasing order */
            pos[g] = (uint32_t)p;
            rs[g] = fabs((double)(G - p) - (double)G / 2);
        }
        for (size_t s = 0; s < c->S->nsets; s++) {
            size_t k = set_size(c->S, s);
            const size_t *idx = c->S->idx + c->S->start[s];
            if (k == 0 || k >= G) { c->es[s * n + j] = NAN; continue; }
            double sum = 0;
            for (size_t m = 0; m < k; m++) {
                double w = o->tau == 1 ? rs[idx[m]] : pow(rs[idx[m]], o->tau);
                pw[m] = (PW){(double)pos[idx[m]], w};
                sum += w;
            }
            sort_pw(pw, k);
            double dec = 1.0 / (double)(G - k), cum = 0, mxp = 0, mxn = 0;
            double prev = -1;
            for (size_t m = 0; m < k; m++) {
                double gap = pw[m].x - prev - 1;
                if (gap > 0) {
                    cum -= dec * gap;
                    if (cum < mxn) mxn = cum;
                }
                cum += pw[m].w / sum;
                if (cum > mxp) mxp = cum;
                if (cum < mxn) mxn = cum;
                prev = pw[m].x;
            }
            double gap = (double)G - 1 - prev;
            if (gap > 0) {
                cum -= dec * gap;
                if (cum < mxn) mxn = cum;
            }
            double v;
            if (o->mx_diff) v = o->abs_ranking ? mxp - mxn : mxp + mxn;
            else v = mxp > fabs(mxn) ? mxp : mxn;
            c->es[s * n + j] = v;
        }
    }
    return 0;
}

static int run_gsva(Ctx *c) {
    const GsvaOpts *o = c->o;
    size_t G = c->G, n = c->n;
    pthread_once(&phi_once, phi_build);
    pthread_once(&pairs_once, pairs_choose);
    c->D = malloc(G * n * sizeof *c->D);
    if (!c->D) return -1;
    /* the kernel CDFs: O(n^2) per gene, the long part */
    int rc = par_run(G, 16, o->threads, density_genes, c, n * (sizeof(XI) + 3 * sizeof(double)), o->cancel,
                     o->progress, o->progress_ctx, 0, 0.9);
    if (!rc) {
        size_t scr = 2 * G * sizeof(XI) + 2 * G * sizeof(uint64_t) + G * sizeof(double) + G * sizeof(uint32_t) +
                     G * sizeof(PW);
        rc = par_run(n, 4, o->threads, gsva_rows, c, scr, o->cancel, o->progress, o->progress_ctx, 0.9, 1);
    }
    free(c->D);
    c->D = NULL;
    return rc;
}

/* ---- z-score, PLAGE, mean -------------------------------------------- */

/* R's scale(): the mean (long double sum), and sqrt(sum of squared
 * deviations / (n - 1)). */
static void gene_scale(const double *x, size_t n, double *mean, double *sd) {
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += x[i];
    double m = (double)(s / (long double)n);
    long double ss = 0;
    for (size_t i = 0; i < n; i++) { double d = x[i] - m; ss += (long double)(d * d); }
    *mean = m;
    *sd = sqrt((double)ss / (double)(n > 1 ? n - 1 : 1));
}

static int zscore_sets(void *vc, size_t lo, size_t hi, void *scr) {
    (void)scr;
    Ctx *c = vc;
    size_t n = c->n;
    for (size_t s = lo; s < hi; s++) {
        size_t k = set_size(c->S, s);
        const size_t *idx = c->S->idx + c->S->start[s];
        for (size_t j = 0; j < n; j++) {
            if (!k) { c->es[s * n + j] = NAN; continue; }
            long double sum = 0;
            for (size_t m = 0; m < k; m++) {
                size_t g = idx[m];
                sum += (c->x[g][j] - c->mean[g]) / c->sd[g];
            }
            c->es[s * n + j] = (double)sum / sqrt((double)k);
        }
    }
    return 0;
}

static int mean_sets(void *vc, size_t lo, size_t hi, void *scr) {
    (void)scr;
    Ctx *c = vc;
    size_t n = c->n;
    for (size_t s = lo; s < hi; s++) {
        size_t k = set_size(c->S, s);
        const size_t *idx = c->S->idx + c->S->start[s];
        for (size_t j = 0; j < n; j++) {
            long double sum = 0;
            for (size_t m = 0; m < k; m++) sum += c->x[idx[m]][j];
            c->es[s * n + j] = k ? (double)(sum / (long double)k) : NAN;
        }
    }
    return 0;
}

/* The first right singular vector of the set's standardised k × n matrix,
 * oriented to rise with the set's mean z-score. */
static int plage_sets(void *vc, size_t lo, size_t hi, void *scr) {
    (void)scr;
    Ctx *c = vc;
    size_t n = c->n;
    for (size_t s = lo; s < hi; s++) {
        size_t k = set_size(c->S, s);
        const size_t *idx = c->S->idx + c->S->start[s];
        double *out = c->es + s * n;
        if (!k) { for (size_t j = 0; j < n; j++) out[j] = NAN; continue; }
        int tall = k >= n;      /* SVD of Z (k × n) or of its transpose (n × k): rows >= columns */
        size_t M = tall ? k : n, N = tall ? n : k;
        gsl_matrix *A = gsl_matrix_alloc(M, N), *V = gsl_matrix_alloc(N, N);
        gsl_vector *S = gsl_vector_alloc(N);
        double *zsum = calloc(n, sizeof *zsum);
        if (!A || !V || !S || !zsum) {
            if (A) gsl_matrix_free(A);
            if (V) gsl_matrix_free(V);
            if (S) gsl_vector_free(S);
            free(zsum);
            return -1;
        }
        for (size_t m = 0; m < k; m++) {
            size_t g = idx[m];
            for (size_t j = 0; j < n; j++) {
                double z = (c->x[g][j] - c->mean[g]) / c->sd[g];
                zsum[j] += z;
                if (tall) gsl_matrix_set(A, m, j, z);
                else gsl_matrix_set(A, j, m, z);
            }
        }
        int st = gsl_linalg_SV_decomp_jacobi(A, V, S);
        if (st) {
            for (size_t j = 0; j < n; j++) out[j] = NAN;
        } else {
            size_t best = 0;
            for (size_t q = 1; q < N; q++)
                if (gsl_vector_get(S, q) > gsl_vector_get(S, best)) best = q;
            double dot = 0;
            for (size_t j = 0; j < n; j++) {
                out[j] = tall ? gsl_matrix_get(V, j, best) : gsl_matrix_get(A, j, best);
                dot += out[j] * zsum[j];
            }
            int flip = dot < 0;
            if (dot == 0)
                for (size_t j = 0; j < n; j++)
                    if (out[j] != 0) { flip = out[j] < 0; break; }
            if (flip)
                for (size_t j = 0; j < n; j++) out[j] = -out[j];
        }
        gsl_matrix_free(A);
        gsl_matrix_free(V);
        gsl_vector_free(S);
        free(zsum);
        if (c->o->cancel && *c->o->cancel) return -2;
    }
    return 0;
}

static int run_scaled(Ctx *c, ChunkFn fn) {
    double *mean = malloc((c->G ? c->G : 1) * sizeof *mean), *sd = malloc((c->G ? c->G : 1) * sizeof *sd);
    if (!mean || !sd) { free(mean); free(sd); return -1; }
    for (size_t g = 0; g < c->G; g++) gene_scale(c->x[g], c->n, &mean[g], &sd[g]);
    c->mean = mean;
    c->sd = sd;
    const GsvaOpts *o = c->o;
    int rc = par_run(c->S->nsets, 1, o->threads, fn, c, 0, o->cancel, o->progress, o->progress_ctx, 0, 1);
    free(mean);
    free(sd);
    return rc;
}

int gsva_scores(const double *const *x, size_t ngenes, size_t n, const GsSets *sets, const GsvaOpts *o,
                double *es) {
    stats_init();
    Ctx c = {.x = x, .G = ngenes, .n = n, .S = sets, .o = o, .es = es};
    for (size_t i = 0; i < sets->nsets * n; i++) es[i] = NAN;
    if (!n || !ngenes) return 0;
    switch (o->method) {
    case GS_SSGSEA: return run_ssgsea(&c);
    case GS_GSVA: return run_gsva(&c);
    case GS_ZSCORE: return run_scaled(&c, zscore_sets);
    case GS_PLAGE: return run_scaled(&c, plage_sets);
    case GS_MEAN: return par_run(sets->nsets, 1, o->threads, mean_sets, &c, 0, o->cancel, NULL, NULL, 0, 1);
    }
    return 0;
}

size_t gsva_constant(const double *const *x, size_t ngenes, size_t n, unsigned char *constant) {
    size_t k = 0;
    for (size_t g = 0; g < ngenes; g++) {
        double m, sd;
        gene_scale(x[g], n, &m, &sd);
        constant[g] = !(sd >= 1e-10);
        k += constant[g];
    }
    return k;
}

/* ---- singscore ------------------------------------------------------- */

/* The scaled mean rank of set s (ranks R, 1 = lowest) in 0..1. */
static double sing_part(const Ctx *c, const uint32_t *R, size_t s) {
    size_t k = set_size(c->S, s);
    const size_t *idx = c->S->idx + c->S->start[s];
    if (!k) return NAN;
    long double sum = 0;
    for (size_t m = 0; m < k; m++) sum += R[idx[m]];
    double score = (double)(sum / (long double)k);
    double low = ((double)k + 1) / 2, up = (2 * (double)c->G - (double)k + 1) / 2;
    return (score - low) / (up - low);
}

static int sing_rows(void *vc, size_t lo, size_t hi, void *scr) {
    Ctx *c = vc;
    size_t G = c->G, n = c->n;
    XI *a = scr, *tmp = a + G;
    uint64_t *key = (uint64_t *)(tmp + G);
    uint32_t *R = (uint32_t *)(key + 2 * G);
    for (size_t j = lo; j < hi; j++) {
        for (size_t g = 0; g < G; g++) a[g] = (XI){c->x[g][j] + 0.0, (uint32_t)g};
        sort_rows(a, G, 1, tmp, key);
        for (size_t s = 0; s < G;) {   /* ties.method = "min" */
            size_t e = s + 1;
            while (e < G && a[e].x == a[s].x) e++;
            for (size_t p = s; p < e; p++) R[a[p].i] = (uint32_t)(s + 1);
            s = e;
        }
        for (size_t q = 0; q < c->nuse; q++) {
            double upv = sing_part(c, R, c->use[q]) - 0.5, total = upv, dnv = NAN;
            if (c->down[q] >= 0) {
                dnv = 1 - sing_part(c, R, (size_t)c->down[q]) - 0.5;
                total = upv + dnv;
            }
            c->es[q * n + j] = total;
            if (c->up) c->up[q * n + j] = upv;
            if (c->dn) c->dn[q * n + j] = dnv;
        }
    }
    return 0;
}

int singscore(const double *const *x, size_t ngenes, size_t n, const GsSets *sets, const size_t *use,
              const long *down, size_t nuse, int threads, volatile sig_atomic_t *cancel, double *es, double *up,
              double *dn) {
    stats_init();
    GsvaOpts o = {.threads = threads, .cancel = cancel};
    Ctx c = {.x = x, .G = ngenes, .n = n, .S = sets, .o = &o, .es = es, .use = use, .down = down, .nuse = nuse,
             .up = up, .dn = dn};
    if (!ngenes || !n || !nuse) return 0;
    return par_run(n, 1, threads, sing_rows, &c, ngenes * (2 * sizeof(XI) + 2 * sizeof(uint64_t) + sizeof(uint32_t)), cancel, NULL, NULL, 0,
                   1);
}
