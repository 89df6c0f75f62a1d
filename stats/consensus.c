/* consensus.c — see consensus.h.  The resamples are clustered in
 * parallel (each worker takes the next resample; resample r always draws
 * from its own stream); each records every item's class in a byte per k
 * (the labels, ConsensusStore); the consensus statistics and the final
 * clustering of each k then read the labels row by row, so no n × n count
 * or consensus matrix is ever kept. */
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
#if defined(__x86_64__) || defined(__SSE2__)
#include <emmintrin.h>
#define HAVE_STREAM 1
#endif

#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define KERNEL __attribute__((target_clones("avx2", "default")))   /* the same bits either way: lane by lane */
#else
#define KERNEL
#endif

int hclust_cut_range(const double *d0, size_t n, Linkage link, size_t kmin, size_t kmax, int *labels) {
    size_t w = hclust_chain_width(n);
    double *d = hclust_big_alloc((n ? n * w : 1) * sizeof *d);
    if (!d) return -1;
    for (size_t i = 0; i < n; i++) {
        memcpy(d + i * w, d0 + i * n, n * sizeof *d);
        memset(d + i * w + n, 0, (w - n) * sizeof *d);   /* see hclust_chain_cut */
    }
    int rc = hclust_chain_cut(d, n, w, link, kmin, kmax, labels);
    free(d);
    return rc;
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

typedef double V4 __attribute__((vector_size(32)));

/* z (n × q) as panels of four rows, so that one load gives four items'
 * value of a feature: P[(b q + t) 4 + l] = z[(4 b + l) q + t], 0 past n.
 * NULL when out of memory. */
static double *panels_of(const double *z, size_t n, size_t q) {
    size_t nb = (n + 3) / 4;
    double *P = calloc((nb && q ? nb * q * 4 : 1), sizeof *P);
    if (!P) return NULL;
    for (size_t j = 0; j < n; j++)
        for (size_t t = 0; t < q; t++) P[((j / 4) * q + t) * 4 + j % 4] = z[j * q + t];
    return P;
}

enum { ROW_EUCLID, ROW_ONE_MINUS, ROW_INNER };

/* Row i of the n × n matrix for items j = i..n−1 into out[0..n−1−i]:
 * ROW_EUCLID the Euclidean distance, ROW_ONE_MINUS 1 − the inner product
 * (1 − r on prepared rows), both 0 on the diagonal; ROW_INNER the inner
 * product.  Four pairs at a time, each pair's sum taken over t in order
 * exactly as one pair at a time would (a lane each, no reassociation, no
 * fused multiply-add): the same bits as the scalar loop. */
KERNEL static void dist_row(const double *z, const double *P, size_t n, size_t q, size_t i, int mode, double *out) {
    const double *zi = z + i * q;
    size_t nb = (n + 3) / 4;
    for (size_t b = i / 4; b < nb; b += 2) {
        int two = b + 1 < nb;
        V4 acc0 = {0, 0, 0, 0}, acc1 = {0, 0, 0, 0};
        const double *p0 = P + b * q * 4, *p1 = two ? p0 + q * 4 : p0;
        for (size_t t = 0; t < q; t++) {
            V4 a = {zi[t], zi[t], zi[t], zi[t]}, v0, v1;
            memcpy(&v0, p0 + t * 4, sizeof v0);
            memcpy(&v1, p1 + t * 4, sizeof v1);
            if (mode == ROW_EUCLID) {
                V4 d0 = a - v0, d1 = a - v1;
                acc0 += d0 * d0;
                acc1 += d1 * d1;
            } else {
                acc0 += a * v0;
                acc1 += a * v1;
            }
        }
        for (int h = 0; h <= two; h++) {
            V4 acc = h ? acc1 : acc0;
            for (int l = 0; l < 4; l++) {
                size_t j = (b + (size_t)h) * 4 + (size_t)l;
                if (j < i || j >= n) continue;
                double s = acc[l];
                out[j - i] = mode == ROW_INNER ? s : j == i ? 0 : mode == ROW_EUCLID ? sqrt(s) : 1 - s;
            }
        }
    }
}

/* The lower triangle of the m × m matrix d (rows w apart) from its upper
 * triangle, in 8 × 8 tiles, each destination row written in order. */
static void mirror_lower(double *d, size_t m, size_t w) {
    const size_t B = 8;
    for (size_t jb = 0; jb < m; jb += B)
        for (size_t ib = 0; ib <= jb; ib += B) {
            size_t ie = ib + B < m ? ib + B : m, je = jb + B < m ? jb + B : m;
            if (ib + 3 * B <= jb)   /* the source lines two tiles ahead: a column walk the hardware does not foresee */
                for (size_t i = ib + 2 * B; i < ib + 3 * B; i++) __builtin_prefetch(d + i * w + jb);
            for (size_t j = jb; j < je; j++) {
                double *dst = d + j * w;
                size_t e = ie < j ? ie : j;
                for (size_t i = ib; i < e; i++) dst[i] = d[i * w + j];
            }
        }
}

/* Offset of row i in a packed upper triangle (diagonal included) of an
 * n × n matrix: entry (i, j ≥ i) at tri_off(n, i) + j − i. */
static size_t tri_off(size_t n, size_t i) { return i * n - i * (i - 1) / 2; }

/* k doubles from src to dst, past the cache when dst allows (16-byte
 * aligned): the matrix a resample writes is far larger than the cache, and
 * a store that misses would first read the line it overwrites. */
static void put_run(double *dst, const double *src, size_t k) {
#ifdef HAVE_STREAM
    if (((uintptr_t)dst & 15) == 0) {
        size_t i = 0;
        for (; i + 2 <= k; i += 2) _mm_stream_pd(dst + i, _mm_loadu_pd(src + i));
        if (i < k) dst[i] = src[i];
        return;
    }
#endif
    memcpy(dst, src, k * sizeof *dst);
}

/* The m × m matrix of the items (sorted) from the packed triangle of all
 * n, both halves, into d (rows w apart), a GT × GT tile at a time: the
 * tile is gathered from GT triangle rows into a scratch block in the
 * cache, then written out in runs of whole cache lines, once into the rows
 * of its items and once, transposed, into those of the tile across the
 * diagonal (a row gather and then a transposing copy read every lower-half
 * value back from memory, a column walk).  The same values as that, which
 * stays the way for a matrix the caches hold (under GATHER_STREAM_BYTES). */
enum { GT = 64 };
#define GATHER_STREAM_BYTES (64.0 * 1024 * 1024)   /* tri_gather for matrices this large and more */
static void tri_gather(const double *tri, size_t n, const size_t *items, size_t m, double *d, size_t w) {
    double tb[GT * GT], tt[GT * GT];
    for (size_t a0 = 0; a0 < m; a0 += GT) {
        size_t a1 = a0 + GT < m ? a0 + GT : m, na = a1 - a0;
        for (size_t b0 = a0; b0 < m; b0 += GT) {
            size_t b1 = b0 + GT < m ? b0 + GT : m, nb = b1 - b0;
            for (size_t a = a0; a < a1; a++) {
                const double *row = tri + tri_off(n, items[a]) - items[a];   /* row[c]: the pair (items[a], c ≥ items[a]) */
                double *o = tb + (a - a0) * GT;
                for (size_t b = b0 > a ? b0 : a; b < b1; b++) o[b - b0] = row[items[b]];
            }
            if (b0 == a0) {   /* on the diagonal: the lower half of the tile from its upper half */
                for (size_t i = 0; i < na; i++)
                    for (size_t j = 0; j < i; j++) tb[i * GT + j] = tb[j * GT + i];
                for (size_t i = 0; i < na; i++) put_run(d + (a0 + i) * w + a0, tb + i * GT, na);
            } else {
                for (size_t i = 0; i < na; i++) put_run(d + (a0 + i) * w + b0, tb + i * GT, nb);
                for (size_t j = 0; j < nb; j++)
                    for (size_t i = 0; i < na; i++) tt[j * GT + i] = tb[i * GT + j];
                for (size_t j = 0; j < nb; j++) put_run(d + (b0 + j) * w + a0, tt + j * GT, na);
            }
        }
    }
#ifdef HAVE_STREAM
    _mm_sfence();   /* the streamed stores visible before the clustering reads them */
#endif
}

void consensus_tri_gather(const double *tri, size_t n, const size_t *items, size_t m, double *d, size_t w, int tiled) {
    if (tiled) {
        tri_gather(tri, n, items, m, d, w);
        return;
    }
    /* a matrix the caches hold: row by row, then the lower half copied (streamed stores would evict it) */
    for (size_t a = 0; a < m; a++) {
        const double *row = tri + tri_off(n, items[a]) - items[a];   /* row[c]: the pair (items[a], c ≥ items[a]) */
        double *out = d + a * w;
        for (size_t b = a; b < m; b++) out[b] = row[items[b]];
    }
    mirror_lower(d, m, w);
}

static int row_mode(DistKind kind, int gram) {
    return gram ? ROW_INNER : kind == DIST_EUCLIDEAN ? ROW_EUCLID : ROW_ONE_MINUS;
}

/* Prepared rows for the distance (hc, pam) or the Gram matrix (km: for
 * euclidean the features centred first: the same distances, less
 * cancellation), with their panels.  Returns 0, or −1 out of memory. */
static int prepare(const double *x, size_t n, size_t p, const size_t *fsel, size_t pf, DistKind kind, int gram,
                   double **z, double **P, size_t *q) {
    *P = NULL;
    *z = prepare_rows(x, n, p, fsel, pf, kind, q);
    if (!*z) return -1;
    if (gram && kind == DIST_EUCLIDEAN)
        for (size_t t = 0; t < *q; t++) {
            double mu = 0;
            for (size_t i = 0; i < n; i++) mu += (*z)[i * *q + t];
            mu /= (double)n;
            for (size_t i = 0; i < n; i++) (*z)[i * *q + t] -= mu;
        }
    *P = panels_of(*z, n, *q);
    if (!*P) { free(*z); *z = NULL; return -1; }
    return 0;
}

/* The full matrix of all n items as a packed triangle, rows shared out
 * among nt threads (each row computed whole by one: the same bits). */
typedef struct TriJob {
    const double *z, *P;        /* prepared rows, panels */
    size_t n, q;                /* items, values per row */
    int mode;                   /* ROW_* */
    double *tri;                /* the output */
    size_t next;                /* next row (atomic) */
    volatile sig_atomic_t *cancel;
} TriJob;

static void *tri_worker(void *arg) {
    TriJob *J = arg;
    for (;;) {
        size_t i0 = __atomic_fetch_add(&J->next, 16, __ATOMIC_RELAXED);
        if (i0 >= J->n || (J->cancel && *J->cancel)) break;
        for (size_t i = i0; i < i0 + 16 && i < J->n; i++) dist_row(J->z, J->P, J->n, J->q, i, J->mode, J->tri + tri_off(J->n, i));
    }
    return NULL;
}

static int full_triangle(const double *x, size_t n, size_t p, DistKind kind, int gram, int nt,
                         volatile sig_atomic_t *cancel, double *tri) {
    double *z, *P;
    size_t q;
    if (prepare(x, n, p, NULL, p, kind, gram, &z, &P, &q) < 0) return -1;
    TriJob J = {z, P, n, q, row_mode(kind, gram), tri, 0, cancel};
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt && t < 64; t++)
        if (pthread_create(&tid[t], NULL, tri_worker, &J) == 0) started++;
        else break;
    tri_worker(&J);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    free(z);
    free(P);
    return 0;
}

/* ---- the labels ---- */

struct ConsensusStore {
    size_t n, nk, reps;     /* items, k's, resamples */
    size_t N;               /* row width: n rounded up to 32 */
    uint8_t *lab;           /* nk × reps rows of N: lab[(k reps + r) N + i] = class (1..k) of item i in resample r, 0 = not drawn */
    size_t refs;            /* holders (atomic) */
};

static ConsensusStore *store_new(size_t n, size_t nk, size_t reps) {
    ConsensusStore *s = calloc(1, sizeof *s);
    if (!s) return NULL;
    s->n = n;
    s->nk = nk;
    s->reps = reps;
    s->N = (n + 31) / 32 * 32;
    size_t bytes = nk * reps * s->N;
    s->lab = calloc(bytes ? bytes : 1, 1);
    s->refs = 1;
    if (!s->lab) { free(s); return NULL; }
    return s;
}

ConsensusStore *consensus_store_ref(ConsensusStore *s) {
    if (s) __atomic_add_fetch(&s->refs, 1, __ATOMIC_RELAXED);
    return s;
}

void consensus_store_release(ConsensusStore *s) {
    if (s && __atomic_sub_fetch(&s->refs, 1, __ATOMIC_ACQ_REL) == 0) {
        free(s->lab);
        free(s);
    }
}

size_t consensus_store_n(const ConsensusStore *s) { return s->n; }

double consensus_value(const ConsensusStore *s, size_t ki, size_t i, size_t j) {
    if (i == j) return 1;
    unsigned together = 0, both = 0;
    for (size_t r = 0; r < s->reps; r++) {
        const uint8_t *row0 = s->lab + r * s->N, *row = s->lab + (ki * s->reps + r) * s->N;
        both += row0[i] && row0[j];
        together += row[i] && row[i] == row[j];
    }
    return both ? (double)together / (double)both : NAN;
}

typedef uint8_t U8V __attribute__((vector_size(32)));

/* For item i against items j0..j1−1: out[j − j0] = the resamples among
 * the nr rows rs[] of base (rows of N bytes) where item j has the byte
 * ls[q] (want) or any class (drawn: want = 0).  32 items a byte-lane each,
 * counted 255 rows at a time. */
KERNEL static void count_row(const uint8_t *base, size_t N, const uint32_t *rs, const uint8_t *ls, size_t nr, int drawn,
                             size_t j0, size_t j1, uint32_t *out) {
    for (size_t jb = j0 / 32 * 32; jb < j1; jb += 128) {
        size_t nv = (N - jb) / 32 < 4 ? (N - jb) / 32 : 4;
        uint32_t tot[128] = {0};
        for (size_t q0 = 0; q0 < nr; q0 += 255) {
            U8V acc[4] = {{0}, {0}, {0}, {0}};
            size_t qe = q0 + 255 < nr ? q0 + 255 : nr;
            for (size_t q = q0; q < qe; q++) {
                const uint8_t *row = base + (size_t)rs[q] * N + jb;
                U8V want = {0};
                want += ls[q];
                for (size_t v = 0; v < nv; v++) {
                    U8V x;
                    memcpy(&x, row + 32 * v, sizeof x);
                    acc[v] -= drawn ? (U8V)(x != (U8V){0}) : (U8V)(x == want);
                }
            }
            for (size_t v = 0; v < nv; v++)
                for (int l = 0; l < 32; l++) tot[32 * v + (size_t)l] += acc[v][l];
        }
        size_t a = jb > j0 ? jb : j0, e = jb + 128 < j1 ? jb + 128 : j1;
        for (size_t j = a; j < e; j++) out[j - j0] = tot[j - jb];
    }
}

/* Scratch for one thread's rows: the resamples that drew item i (rs) and
 * its class there (ls), the counts for items j0..j1−1. */
typedef struct RowWork {
    uint32_t *rs;           /* reps */
    uint8_t *ls;            /* reps */
    uint32_t *both;         /* n: resamples that drew i and j */
    uint32_t *tog;          /* nk × n: of those, with i and j in one cluster, per k */
    uint64_t *acc;          /* this thread's integer sums (RowJob) */
} RowWork;

static int rowwork_init(RowWork *w, const ConsensusStore *s) {
    w->rs = malloc((s->reps ? s->reps : 1) * sizeof *w->rs);
    w->ls = malloc(s->reps ? s->reps : 1);
    w->both = malloc((s->n ? s->n : 1) * sizeof *w->both);
    size_t nt = s->n * s->nk;
    w->tog = malloc((nt ? nt : 1) * sizeof *w->tog);
    return w->rs && w->ls && w->both && w->tog ? 0 : -1;
}

static void rowwork_free(RowWork *w) {
    free(w->rs); free(w->ls); free(w->both); free(w->tog);
}

/* Counts of item i with items j0..j1−1: w->both[j − j0], and for the k
 * indexes k0..k1−1 w->tog[(k − k0) n + j − j0]. */
static void row_counts(const ConsensusStore *s, size_t i, size_t j0, size_t j1, size_t k0, size_t k1, RowWork *w) {
    size_t nr = 0;
    for (size_t r = 0; r < s->reps; r++)
        if (s->lab[r * s->N + i]) w->rs[nr++] = (uint32_t)r;
    count_row(s->lab, s->N, w->rs, w->ls, nr, 1, j0, j1, w->both);
    for (size_t k = k0; k < k1; k++) {
        const uint8_t *base = s->lab + k * s->reps * s->N;
        for (size_t q = 0; q < nr; q++) w->ls[q] = base[(size_t)w->rs[q] * s->N + i];
        count_row(base, s->N, w->rs, w->ls, nr, 0, j0, j1, w->tog + (k - k0) * s->n);
    }
}

void consensus_column(const ConsensusStore *s, size_t ki, size_t j, double *out) {
    RowWork w;
    if (rowwork_init(&w, s) < 0) {   /* the slow way, without scratch */
        for (size_t i = 0; i < s->n; i++) out[i] = consensus_value(s, ki, i, j);
    } else {
        row_counts(s, j, 0, s->n, ki, ki + 1, &w);   /* symmetric: column j is row j */
        for (size_t i = 0; i < s->n; i++)
            out[i] = i == j ? 1 : w.both[i] ? (double)w.tog[i] / (double)w.both[i] : NAN;
    }
    rowwork_free(&w);
}

/* Run fn(ctx, w, i) for i = 0..n−1 on nt threads (at most 64), each with
 * its RowWork (rows handed out in chunks; fn must not depend on which
 * thread runs it) and nacc zeroed integer sums (acc: nt × nacc, or NULL).
 * Returns 0, −1 out of memory, −2 cancelled. */
typedef struct RowJob {
    const ConsensusStore *s;
    void (*fn)(void *ctx, RowWork *w, size_t i);
    void *ctx;
    uint64_t *acc;          /* per thread nacc integer sums (added up by the caller: any order, the same total) */
    size_t nacc;
    size_t next;            /* next row (atomic) */
    int nthread;            /* threads started (atomic): each takes its accumulators by this number */
    int failed;             /* a thread had no scratch */
    volatile sig_atomic_t *cancel;
} RowJob;

static void *row_worker(void *arg) {
    RowJob *J = arg;
    RowWork w;
    int t = __atomic_fetch_add(&J->nthread, 1, __ATOMIC_RELAXED);
    w.acc = J->acc ? J->acc + (size_t)t * J->nacc : NULL;
    if (rowwork_init(&w, J->s) < 0) {
        __atomic_store_n(&J->failed, 1, __ATOMIC_RELAXED);
        rowwork_free(&w);
        return NULL;
    }
    for (;;) {
        size_t i0 = __atomic_fetch_add(&J->next, 8, __ATOMIC_RELAXED);
        if (i0 >= J->s->n || (J->cancel && *J->cancel) || __atomic_load_n(&J->failed, __ATOMIC_RELAXED)) break;
        for (size_t i = i0; i < i0 + 8 && i < J->s->n; i++) J->fn(J->ctx, &w, i);
    }
    rowwork_free(&w);
    return NULL;
}

static int parallel_rows(const ConsensusStore *s, int nt, volatile sig_atomic_t *cancel,
                         void (*fn)(void *, RowWork *, size_t), void *ctx, uint64_t *acc, size_t nacc) {
    if (nt < 1) nt = 1;
    if (nt > 64) nt = 64;
    if (acc) memset(acc, 0, (size_t)nt * nacc * sizeof *acc);
    RowJob J = {s, fn, ctx, acc, nacc, 0, 0, 0, cancel};
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt && t < 64; t++)
        if (pthread_create(&tid[t], NULL, row_worker, &J) == 0) started++;
        else break;
    row_worker(&J);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (cancel && *cancel) return -2;
    return J.failed ? -1 : 0;
}

/* ---- resampling ---- */

typedef struct Shared {
    const double *x;            /* data */
    size_t n, p, nk;            /* items, features, number of k */
    const ConsensusOpts *o;     /* options */
    const double *tri;          /* the full distance (hc, pam) or Gram (km) triangle when pfeature = 1, or NULL */
    ConsensusStore *st;         /* the labels being filled */
    size_t next, done;          /* next resample, resamples finished */
    pthread_mutex_t lock;       /* guards next, done and progress */
    int failed;                 /* out of memory in a worker */
} Shared;

/* The m × m matrix of the drawn items (sorted) into d (rows w apart):
 * from the full triangle (tri_gather), or computed from the drawn features (fsel) of
 * their rows. */
static int resample_matrix(const Shared *S, const size_t *items, size_t m, const size_t *feats, size_t pf,
                           double *sub, double *d, size_t w) {
    const ConsensusOpts *o = S->o;
    size_t n = S->n, p = S->p;
    if (S->tri) {
        consensus_tri_gather(S->tri, n, items, m, d, w, (double)m * (double)w * sizeof *d >= GATHER_STREAM_BYTES);
        return 0;
    }
    for (size_t i = 0; i < m; i++) memcpy(sub + i * p, S->x + items[i] * p, p * sizeof *sub);
    double *z, *P;
    size_t q;
    int gram = o->alg == CONS_KM;
    if (prepare(sub, m, p, feats, pf, o->dist, gram, &z, &P, &q) < 0) return -1;
    for (size_t a = 0; a < m; a++) dist_row(z, P, m, q, a, row_mode(o->dist, gram), d + a * w + a);
    free(z);
    free(P);
    mirror_lower(d, m, w);
    return 0;
}

static void *rep_worker(void *arg) {
    Shared *S = arg;
    const ConsensusOpts *o = S->o;
    ConsensusStore *st = S->st;
    size_t n = S->n, p = S->p, m = (size_t)floor(o->pitem * (double)n), pf = (size_t)floor(o->pfeature * (double)p);
    if (m < 2) m = n < 2 ? n : 2;
    if (pf < 1) pf = 1;
    size_t *items = malloc(n * sizeof *items), *feats = malloc(p * sizeof *feats);
    size_t w = o->alg == CONS_HC ? hclust_chain_width(m) : m;   /* the chain's rows have room for new columns */
    double *d = hclust_big_alloc(m * w * sizeof *d);
    int *lab = malloc(S->nk * m * sizeof *lab);
    double *sub = S->tri ? NULL : malloc(m * p * sizeof *sub);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    PartWork pw = {0};
    if (!items || !feats || !d || !lab || !g || (!S->tri && !sub)) goto fail;
    if (o->alg != CONS_HC && partwork_init(&pw, m, o->kmax) < 0) goto fail;
    for (size_t a = 0; a < m && w > m; a++) memset(d + a * w + m, 0, (w - m) * sizeof *d);   /* see hclust_chain_cut */
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
        /* sorted, so that the sub-matrix reads the triangle in order */
        for (size_t i = 1; i < m; i++) {
            size_t t = items[i], j = i;
            while (j > 0 && items[j - 1] > t) { items[j] = items[j - 1]; j--; }
            items[j] = t;
        }
        if (!S->tri) {
            for (size_t i = 0; i < p; i++) feats[i] = i;
            for (size_t i = 0; i < pf; i++) {
                size_t j = i + (size_t)gsl_rng_uniform_int(g, p - i);
                size_t t = feats[i]; feats[i] = feats[j]; feats[j] = t;
            }
        }
        if (resample_matrix(S, items, m, feats, pf, sub, d, w) < 0) goto fail;
        if (o->alg == CONS_HC) {
            if (hclust_chain_cut(d, m, w, o->link, o->kmin, o->kmax, lab) < 0) goto fail;
        } else {
            /* d holds distances (pam) or inner products (km); the k-means
               starts draw from this resample's stream, after the items */
            for (size_t k = 0; k < S->nk; k++) {
                if (o->alg == CONS_KM) kmeans_gram(d, m, o->kmin + k, o->starts, g, &pw, lab + k * m);
                else pam(d, m, o->kmin + k, &pw, lab + k * m);
            }
        }
        /* this resample's row of labels, k after k (no other worker writes it) */
        for (size_t k = 0; k < S->nk; k++) {
            uint8_t *row = st->lab + (k * st->reps + r) * st->N;
            for (size_t a = 0; a < m; a++) row[items[a]] = (uint8_t)lab[k * m + a];
        }
        pthread_mutex_lock(&S->lock);
        S->done++;
        if (o->progress) o->progress(o->progress_ctx, 0.9 * (double)S->done / (double)o->reps);
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
    free(items); free(feats); free(d); free(lab); free(sub);
    return NULL;
}

void consensus_free(ConsensusFit *f) {
    for (size_t k = 0; f->k && k < f->nk; k++) {
        free(f->k[k].classes);
        free(f->k[k].cdf);
        free(f->k[k].item_consensus);
        free(f->k[k].cluster_consensus);
    }
    free(f->k);
    consensus_store_release(f->store);
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

double consensus_bytes(size_t n, size_t p, const ConsensusOpts *o, int workers) {
    double dn = (double)n, m = floor(o->pitem * dn), nk = (double)(o->kmax - o->kmin + 1);
    if (m < 2) m = dn < 2 ? dn : 2;
    double labels = dn * nk * (double)((o->reps + 31) / 32 * 32);
    double prep = 8 * dn * (double)p * 2;   /* prepared rows and their panels */
    double tri = o->pfeature >= 1 ? 8 * dn * (dn + 1) / 2 + prep : 0;
    double w = o->alg == CONS_HC ? (double)hclust_chain_width((size_t)m) : m;
    double worker = 8 * m * w + (o->pfeature >= 1 ? 0 : 8 * m * (double)p * 3) + 16 * dn;
    double resampling = tri + (workers < 1 ? 1 : workers) * worker;
    double final = 8 * dn * dn + (workers < 1 ? 1 : workers) * 4 * dn * (nk + 1);
    return labels + (resampling > final ? resampling : final);
}

/* ---- the statistics of the consensus matrices ---- */

/* Pass over every pair i < j once, all k: acc[0] pairs drawn together,
 * acc[1 + k] the PAC count of k, acc[1 + nk + 100 k + b] the CDF
 * histogram. */
typedef struct PairStats {
    const ConsensusStore *s;
    double lo, hi;          /* the PAC interval */
} PairStats;

static void pair_stats_row(void *ctx, RowWork *w, size_t i) {
    const PairStats *P = ctx;
    const ConsensusStore *s = P->s;
    size_t n = s->n, nk = s->nk;
    if (i + 1 >= n) return;
    row_counts(s, i, i + 1, n, 0, nk, w);
    uint64_t *acc = w->acc;
    for (size_t j = 0; j + i + 1 < n; j++) {
        uint32_t both = w->both[j];
        if (!both) continue;
        acc[0]++;
        for (size_t k = 0; k < nk; k++) {
            double v = (double)w->tog[k * n + j] / (double)both;
            acc[1 + k] += v > P->lo && v < P->hi;
            acc[1 + nk + 100 * k + consensus_bin(v)]++;
        }
    }
}

/* One k (index ki): the final clustering's matrix, 1 − consensus (1 when
 * never drawn together, 0 on the diagonal), row by row. */
typedef struct FinalMatrix {
    const ConsensusStore *s;
    size_t ki;
    double *d;              /* n × n */
} FinalMatrix;

static void final_matrix_row(void *ctx, RowWork *w, size_t i) {
    const FinalMatrix *F = ctx;
    size_t n = F->s->n;
    row_counts(F->s, i, 0, n, F->ki, F->ki + 1, w);
    double *row = F->d + i * n;
    for (size_t j = 0; j < n; j++)
        row[j] = j == i ? 0 : w->both[j] ? 1 - (double)w->tog[j] / (double)w->both[j] : 1;
}

/* One k: each item's mean consensus with the others of its class (j in
 * order), and the row's share of its class's pairs (j > i). */
typedef struct ItemCons {
    const ConsensusStore *s;
    size_t ki;
    const int *classes;
    double *item;           /* n: item consensus */
    double *rowsum, *rowcnt;/* n: sum and count over j > i in the class */
} ItemCons;

static void item_cons_row(void *ctx, RowWork *w, size_t i) {
    const ItemCons *C = ctx;
    size_t n = C->s->n;
    row_counts(C->s, i, 0, n, C->ki, C->ki + 1, w);
    double s = 0, c = 0, rs = 0, rc = 0;
    for (size_t j = 0; j < n; j++) {
        if (j == i || C->classes[j] != C->classes[i] || !w->both[j]) continue;
        double v = (double)w->tog[j] / (double)w->both[j];
        s += v;
        c++;
        if (j > i) { rs += v; rc++; }
    }
    C->item[i] = c > 0 ? s / c : NAN;
    C->rowsum[i] = rs;
    C->rowcnt[i] = rc;
}

/* Everything of one k from its labels: the final classes (the final
 * linkage on 1 − consensus, in d: n × n scratch), item and cluster
 * consensus.  Returns 0, −1 out of memory, −2 cancelled. */
static int final_k(const ConsensusStore *st, const ConsensusOpts *o, int nt, size_t ki, double *d, ConsensusK *K) {
    size_t n = st->n, k = o->kmin + ki;
    FinalMatrix F = {st, ki, d};
    int rc = parallel_rows(st, nt, o->cancel, final_matrix_row, &F, NULL, 0);
    if (rc < 0) return rc;
    Hclust h;
    if (hclust_inplace(d, n, o->final_link, &h) < 0 || hclust_cut(&h, k, K->classes) < 0) { hclust_free(&h); return -1; }
    hclust_free(&h);
    double *rowsum = malloc((n ? n : 1) * sizeof *rowsum), *rowcnt = malloc((n ? n : 1) * sizeof *rowcnt);
    double *csum = calloc(k, sizeof *csum), *ccnt = calloc(k, sizeof *ccnt);
    rc = -1;
    if (rowsum && rowcnt && csum && ccnt) {
        ItemCons C = {st, ki, K->classes, K->item_consensus, rowsum, rowcnt};
        rc = parallel_rows(st, nt, o->cancel, item_cons_row, &C, NULL, 0);
    }
    if (rc == 0) {
        for (size_t i = 0; i < n; i++) {   /* in row order: the same sums whatever the threads */
            csum[K->classes[i] - 1] += rowsum[i];
            ccnt[K->classes[i] - 1] += rowcnt[i];
        }
        for (size_t c = 0; c < k; c++) K->cluster_consensus[c] = ccnt[c] > 0 ? csum[c] / ccnt[c] : NAN;
    }
    free(rowsum); free(rowcnt); free(csum); free(ccnt);
    return rc;
}

/* The resamples, run on nt threads into st.  Returns 0, −1, −2. */
static int resample_all(const double *x, size_t n, size_t p, const ConsensusOpts *o, int nt, ConsensusStore *st) {
    Shared S = {x, n, p, st->nk, o, NULL, st, 0, 0, PTHREAD_MUTEX_INITIALIZER, 0};
    double *tri = NULL;
    if (o->pfeature >= 1) {   /* the full matrix once; resamples take sub-matrices */
        tri = malloc((n * (n + 1) / 2 ? n * (n + 1) / 2 : 1) * sizeof *tri);
        if (!tri || full_triangle(x, n, p, o->dist, o->alg == CONS_KM, nt, o->cancel, tri) < 0) { free(tri); return -1; }
        if (o->cancel && *o->cancel) { free(tri); return -2; }
        S.tri = tri;
    }
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, rep_worker, &S) == 0) started++;
        else break;
    rep_worker(&S);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    free(tri);
    if (o->cancel && *o->cancel) return -2;
    return S.failed ? -1 : 0;
}

int consensus_run(const double *x, size_t n, size_t p, const ConsensusOpts *o, double pac_lo, double pac_hi,
                  ConsensusFit *f) {
    stats_init();
    memset(f, 0, sizeof *f);
    if (o->kmin < 2 || o->kmax < o->kmin || o->kmax > n || o->kmax > 254) return -1;
    size_t nk = o->kmax - o->kmin + 1;
    if (o->reps > 65535) return -1;
    int nt = o->threads < 1 ? 1 : o->threads > 64 ? 64 : o->threads;
    double *d = NULL;
    uint64_t *acc = NULL;
    size_t nacc = 1 + nk + 100 * nk;
    int rc = -1;
    f->k = calloc(nk, sizeof *f->k);
    f->store = store_new(n, nk, o->reps);
    if (!f->k || !f->store) goto out;
    f->n = n;
    f->nk = nk;
    f->kmin = o->kmin;
    if ((rc = resample_all(x, n, p, o, nt, f->store)) < 0) goto out;
    rc = -1;
    /* the pair statistics (CDF histogram, PAC) from the exact ratios in double, as CCP */
    acc = malloc((size_t)nt * nacc * sizeof *acc);
    if (!acc) goto out;
    PairStats PS = {f->store, pac_lo, pac_hi};
    if ((rc = parallel_rows(f->store, nt, o->cancel, pair_stats_row, &PS, acc, nacc)) < 0) goto out;
    rc = -1;
    for (int t = 1; t < nt; t++)
        for (size_t q = 0; q < nacc; q++) acc[q] += acc[(size_t)t * nacc + q];
    uint64_t npairs = acc[0];
    d = hclust_big_alloc((n ? n * n : 1) * sizeof *d);
    if (!d) goto out;
    double best_pac = INFINITY, prev_area = NAN;
    for (size_t ki = 0; ki < nk; ki++) {
        ConsensusK *K = &f->k[ki];
        size_t k = o->kmin + ki;
        K->classes = malloc(n * sizeof *K->classes);
        K->cdf = calloc(100, sizeof *K->cdf);
        K->item_consensus = malloc(n * sizeof *K->item_consensus);
        K->cluster_consensus = calloc(k, sizeof *K->cluster_consensus);
        if (!K->classes || !K->cdf || !K->item_consensus || !K->cluster_consensus) goto out;
        const uint64_t *counts = acc + 1 + nk + 100 * ki;
        double cum = 0;
        for (size_t b = 0; b < 100; b++) { cum += (double)counts[b]; K->cdf[b] = npairs ? cum / (double)npairs : NAN; }
        double area = consensus_cdf_area(K->cdf);
        K->area = area;
        K->delta = ki == 0 ? area : (area - prev_area) / prev_area;
        prev_area = area;
        K->pac = npairs ? (double)acc[1 + ki] / (double)npairs : NAN;
        /* the lowest PAC; among exact ties the larger k (three clean groups give
           PAC 0 at k = 2, where two of them always merge, and at k = 3) */
        if (K->pac <= best_pac + 1e-12) { best_pac = K->pac < best_pac ? K->pac : best_pac; f->best_k = k; }
        if ((rc = final_k(f->store, o, nt, ki, d, K)) < 0) goto out;
        rc = -1;
        if (o->progress) o->progress(o->progress_ctx, 0.9 + 0.1 * (double)(ki + 1) / (double)nk);
    }
    rc = 0;
out:
    free(d);
    free(acc);
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
