/* hclust.c — see hclust.h: R's hclust (the stored-matrix algorithm) and
 * the nearest-neighbour chain of consensus clustering, over one square
 * matrix layout whose columns are written lazily (see Rows). */
#include "stats/hclust.h"
#include "stats/linfit.h"
#include <math.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

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

/* ---- large matrices and the Lance–Williams row update ---- */

void *hclust_big_alloc(size_t bytes) {
    /* 2 MB aligned and marked for transparent huge pages: the column
       writes of the Lance–Williams update then miss the cache but not the
       TLB (each row of a large matrix lies on its own 4 KB pages) */
    void *p = NULL;
    if (bytes < ((size_t)4 << 20)) return malloc(bytes ? bytes : 1);
    if (posix_memalign(&p, (size_t)2 << 20, bytes) != 0) return NULL;
#ifdef MADV_HUGEPAGE
    madvise(p, bytes, MADV_HUGEPAGE);
#endif
    return p;
}

typedef double V4 __attribute__((vector_size(32)));

/* Row lo ← the Lance–Williams update of rows lo and hi over len entries
 * (all of them, the inactive ones too: their values are never read), the
 * same operations per entry as R's hclust, four entries at a time. */
#define LW_ROW_BODY                                                                                            \
    size_t k = 0;                                                                                              \
    if (link == LINK_AVERAGE) {                                                                                \
        V4 vi = {ni, ni, ni, ni}, vj = {nj, nj, nj, nj}, vs = vi + vj;                                         \
        for (; k + 4 <= len; k += 4) {                                                                         \
            V4 a, b;                                                                                           \
            memcpy(&a, rlo + k, sizeof a);                                                                     \
            memcpy(&b, rhi + k, sizeof b);                                                                     \
            a = (vi * a + vj * b) / vs;                                                                        \
            memcpy(rlo + k, &a, sizeof a);                                                                     \
        }                                                                                                      \
        for (; k < len; k++) rlo[k] = (ni * rlo[k] + nj * rhi[k]) / (ni + nj);                                 \
    } else if (link == LINK_WARD) {                                                                            \
        V4 vi = {ni, ni, ni, ni}, vj = {nj, nj, nj, nj}, vb = {best, best, best, best};                        \
        for (; k + 4 <= len; k += 4) {                                                                         \
            V4 a, b, nk;                                                                                       \
            memcpy(&a, rlo + k, sizeof a);                                                                     \
            memcpy(&b, rhi + k, sizeof b);                                                                     \
            memcpy(&nk, sz + k, sizeof nk);                                                                    \
            a = ((vi + nk) * a + (vj + nk) * b - nk * vb) / (vi + vj + nk);                                    \
            memcpy(rlo + k, &a, sizeof a);                                                                     \
        }                                                                                                      \
        for (; k < len; k++)                                                                                   \
            rlo[k] = ((ni + sz[k]) * rlo[k] + (nj + sz[k]) * rhi[k] - sz[k] * best) / (ni + nj + sz[k]);       \
    } else if (link == LINK_COMPLETE) {                                                                        \
        for (; k < len; k++) rlo[k] = rlo[k] > rhi[k] ? rlo[k] : rhi[k];                                       \
    } else {                                                                                                   \
        for (; k < len; k++) rlo[k] = rlo[k] < rhi[k] ? rlo[k] : rhi[k];                                       \
    }

static void lw_row_plain(double *restrict rlo, const double *restrict rhi, const double *restrict sz, size_t len,
                         Linkage link, double ni, double nj, double best) {
    LW_ROW_BODY
}
#if defined(__x86_64__) && defined(__GNUC__)
#define HAVE_LW_AVX2 1
__attribute__((target("avx2"))) static void lw_row_avx2(double *restrict rlo, const double *restrict rhi,
                                                        const double *restrict sz, size_t len, Linkage link,
                                                        double ni, double nj, double best) {
    LW_ROW_BODY
}
#endif
#undef LW_ROW_BODY

typedef void (*LwRowFn)(double *restrict, const double *restrict, const double *restrict, size_t, Linkage, double,
                        double, double);
static LwRowFn lw_row;
static pthread_once_t lw_once = PTHREAD_ONCE_INIT;
static void lw_choose(void) {
    lw_row = lw_row_plain;
#ifdef HAVE_LW_AVX2
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx2") && !getenv("RGX_NO_AVX2")) lw_row = lw_row_avx2;
#endif
}

int hclust(const double *d0, size_t n, Linkage link, Hclust *h) {
    double *d = hclust_big_alloc((n ? n * n : 1) * sizeof *d);
    if (!d) { memset(h, 0, sizeof *h); return -1; }
    if (n) memcpy(d, d0, n * n * sizeof *d);
    int rc = hclust_inplace(d, n, link, h);
    free(d);
    return rc;
}

/* Rows and their pairs, shared by hclust_inplace and hclust_chain_cut.
 * The matrix is square (stride × stride, both halves), so that a cluster's
 * distances to all others are one row.  When a cluster forms (slot lo),
 * its row is rewritten whole (the Lance–Williams update), but the matching
 * column entries of the other rows are not: those stores would each miss
 * the cache.  Instead every formation is logged, and a row is brought up to
 * date (sync_row) just before it is read: the clusters formed since its
 * last sync, each at its latest formation, copied from their own rows.
 * Whenever half of the active slots have gone, the active rows and columns
 * are moved to the front (compact), so the matrix shrinks as the tree
 * grows; slots keep their order, so every tie-break by slot order holds. */
typedef struct Rows {
    double *d;              /* stride × stride */
    size_t stride;          /* current width */
    unsigned char *active;  /* stride: slot holds a cluster */
    size_t *ver;            /* stride: log position (1-based) of the slot's last formation, 0 = none since compaction */
    size_t *sync;           /* stride: log length when the row was last brought up to date */
    size_t *log;            /* the slots formed since the last compaction, in order */
    size_t nlog;            /* their number */
    size_t *map;            /* scratch: new slot → old slot, during compaction */
    size_t *inv;            /* scratch: old slot → new slot, during compaction */
    size_t *need;           /* scratch: the entries a row lacks */
} Rows;

static int rows_init(Rows *R, double *d, size_t n) {
    memset(R, 0, sizeof *R);
    R->d = d;
    R->stride = n;
    R->active = malloc(n ? n : 1);
    R->ver = calloc(n ? n : 1, sizeof *R->ver);
    R->sync = calloc(n ? n : 1, sizeof *R->sync);
    R->log = malloc((n ? n : 1) * sizeof *R->log);
    R->map = malloc((n ? n : 1) * sizeof *R->map);
    R->inv = malloc((n ? n : 1) * sizeof *R->inv);
    R->need = malloc((n ? n : 1) * sizeof *R->need);
    if (!R->active || !R->ver || !R->sync || !R->log || !R->map || !R->inv || !R->need) return -1;
    memset(R->active, 1, n);
    return 0;
}

static void rows_free(Rows *R) {
    free(R->active); free(R->ver); free(R->sync); free(R->log); free(R->map); free(R->inv); free(R->need);
}

static void sync_row(Rows *R, size_t r) {
    double *d = R->d;
    size_t st = R->stride, q1 = R->nlog, nc = 0, *need = R->need;
    for (size_t q = R->sync[r]; q < q1; q++) {   /* the clusters whose column entry row r lacks */
        size_t c = R->log[q];
        if (R->active[c] && R->ver[c] == q + 1 && c != r) need[nc++] = c;
    }
    /* each read is in another row, a cache miss: ask for them well ahead, so that many are in flight */
    for (size_t q = 0; q < nc && q < 24; q++) __builtin_prefetch(d + need[q] * st + r);
    for (size_t q = 0; q < nc; q++) {
        if (q + 24 < nc) __builtin_prefetch(d + need[q + 24] * st + r);
        d[r * st + need[q]] = d[need[q] * st + r];
    }
    R->sync[r] = q1;
}

/* Slot lo's row has just been rewritten (its cluster formed). */
static void rows_formed(Rows *R, size_t lo) {
    R->log[R->nlog++] = lo;
    R->ver[lo] = R->sync[lo] = R->nlog;
}

/* Move the active slots to the front (see Rows); afterwards R->inv maps an
 * old slot to its new one.  Returns the new width. */
static size_t rows_compact(Rows *R) {
    size_t st = R->stride, na = 0;
    double *d = R->d;
    for (size_t i = 0; i < st; i++)
        if (R->active[i]) { R->inv[i] = na; R->map[na++] = i; }
    for (size_t r = 0; r < na; r++) sync_row(R, R->map[r]);   /* no row reads an entry another row writes here */
    for (size_t r = 0; r < na; r++) {   /* every element moves down or stays: one forward pass */
        const double *src = d + R->map[r] * st;
        double *dst = d + r * na;
        for (size_t c = 0; c < na; c++) dst[c] = src[R->map[c]];
    }
    memset(R->active, 1, na);
    memset(R->active + na, 0, st - na);
    memset(R->ver, 0, st * sizeof *R->ver);
    memset(R->sync, 0, st * sizeof *R->sync);
    R->nlog = 0;
    R->stride = na;
    return na;
}

/* The stored-matrix algorithm: find the closest pair of active clusters,
 * merge, update distances by Lance–Williams; the closest pair is found from
 * each row's nearest later neighbour. */
int hclust_inplace(double *d, size_t n, Linkage link, Hclust *h) {
    memset(h, 0, sizeof *h);
    h->n = n;
    if (n < 2) {
        h->order = calloc(n ? n : 1, sizeof *h->order);
        return h->order ? 0 : -1;
    }
    pthread_once(&lw_once, lw_choose);
    Rows R;
    double *sz = malloc(n * sizeof *sz), *dnn = malloc(n * sizeof *dnn);
    long *id = malloc(n * sizeof *id);   /* R's label of the cluster at slot i */
    size_t *nn = malloc(n * sizeof *nn);
    h->height = malloc((n - 1) * sizeof *h->height);
    h->merge = malloc(2 * (n - 1) * sizeof *h->merge);
    h->order = malloc(n * sizeof *h->order);
    int rc = -1;
    if (rows_init(&R, d, n) < 0 || !sz || !dnn || !id || !nn || !h->height || !h->merge || !h->order) goto out;
    if (link == LINK_WARD)
        for (size_t i = 0; i < n * n; i++) d[i] *= d[i];   /* ward.D2 works on squared distances */
    for (size_t i = 0; i < n; i++) { sz[i] = 1; id[i] = -(long)(i + 1); }
    /* each active row's nearest later neighbour (the first j > i at its
       smallest distance): the closest pair is then the first row at the
       smallest of these, which is exactly the first pair in row-major
       order at the global minimum, R's choice among ties.  Rows are
       rescanned only when their neighbour merges, so a tree costs O(n²)
       in practice instead of O(n³). */
    size_t st = n, left = n;
#define RESCAN(i)                                                                          \
    do {                                                                                   \
        sync_row(&R, i);                                                                   \
        const double *row_ = R.d + (i) * st;                                               \
        double b_ = INFINITY;                                                              \
        size_t j_, at_ = st;                                                               \
        for (j_ = (i) + 1; j_ < st; j_++)                                                  \
            if (row_[j_] < b_ && R.active[j_]) { b_ = row_[j_]; at_ = j_; }                \
        dnn[i] = b_;                                                                       \
        nn[i] = at_;                                                                       \
    } while (0)
    for (size_t i = 0; i < n; i++) RESCAN(i);
    for (size_t s = 0; s < n - 1; s++) {
        if (left * 2 <= st && st > 256) {   /* compact; nn[] follows its slots, "none" (st) becomes the new width */
            size_t old = st;
            st = rows_compact(&R);
            for (size_t r = 0; r < st; r++) {
                size_t o = R.map[r];
                sz[r] = sz[o];
                dnn[r] = dnn[o];
                id[r] = id[o];
                nn[r] = nn[o] == old ? st : R.inv[nn[o]];
            }
        }
        size_t bi = 0, bj = 0;
        double best = INFINITY;
        for (size_t i = 0; i < st; i++)
            if (R.active[i] && nn[i] < st && dnn[i] < best) { best = dnn[i]; bi = i; bj = nn[i]; }
        double ht = link == LINK_WARD ? sqrt(best) : best;
        h->height[s] = ht;
        /* R writes the singleton (negative) first; two singletons or two
           clusters: the smaller label first */
        long a = id[bi], b = id[bj];
        if ((a < 0 && b < 0 && a < b) || (a > 0 && b > 0 && a > b) || (a > 0 && b < 0)) { long t = a; a = b; b = t; }
        if (a < 0 && b < 0 && -a > -b) { long t = a; a = b; b = t; }
        h->merge[2 * s] = a;
        h->merge[2 * s + 1] = b;
        /* Lance–Williams: the new cluster takes slot bi (both rows current first) */
        sync_row(&R, bi);
        sync_row(&R, bj);
        double *rbi = R.d + bi * st;
        lw_row(rbi, R.d + bj * st, sz, st, link, sz[bi], sz[bj], best);
        sz[bi] += sz[bj];
        R.active[bj] = 0;
        id[bi] = (long)(s + 1);
        rows_formed(&R, bi);
        left--;
        /* the neighbours that changed: row bi itself; earlier rows whose
           neighbour was bi or bj, or to which bi came closer; rows between
           bi and bj whose neighbour was bj */
        RESCAN(bi);
        for (size_t i = 0; i < bj; i++) {
            if (!R.active[i] || i == bi) continue;
            if (nn[i] == bi || nn[i] == bj) RESCAN(i);
            else if (i < bi && (rbi[i] < dnn[i] || (rbi[i] == dnn[i] && bi < nn[i]))) {
                dnn[i] = rbi[i];
                nn[i] = bi;
            }
        }
    }
#undef RESCAN
    size_t k = 0;
    leaves(h, (long)(n - 1), h->order, &k);
    rc = 0;
out:
    rows_free(&R);
    free(sz); free(dnn); free(id); free(nn);
    if (rc) hclust_free(h);
    return rc;
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

/* ---- the nearest-neighbour chain, in place, for consensus resamples ---- */

typedef struct ChainMerge {
    size_t a, b;    /* the merged clusters' first items (b joins a) */
    double h;       /* height */
    size_t step;    /* order found (the tie-break among equal heights) */
} ChainMerge;

static int cmp_chain_merge(const void *p, const void *q) {
    const ChainMerge *x = p, *y = q;
    if (x->h != y->h) return x->h < y->h ? -1 : 1;
    return (x->step > y->step) - (x->step < y->step);
}

size_t hclust_chain_width(size_t n) { return n + n / 2 + 16; }

/* The chain's matrix: a row per cluster (its row slot: rows stay in the
 * clusters' order), a column per cluster (its column slot).  A cluster that
 * forms rewrites its row in place (the row of its lower half) and takes a
 * new column at the end of the rows.  The new columns are written into the
 * other rows eight at a time (they are neighbours: one cache line a row);
 * until then a cluster's column is pending, and a row that formed before it
 * reads the pair from the pending cluster's own row instead.  When the
 * columns in use reach three times the active clusters (or the width), the
 * active columns are gathered to the front. */
#define CHAIN_BATCH 8
typedef struct Chain {
    double *d;              /* n rows × w */
    size_t w;               /* row width */
    size_t cols;            /* columns in use */
    size_t nrows;           /* rows in use */
    unsigned char *cact;    /* w: column holds an active cluster, written into every row */
    size_t *crow;           /* w: the row slot of the column's cluster */
    size_t *clog;           /* w: the cluster's place in the order of ties (its first item) */
    double *csz;            /* w: the cluster's size (ward) */
    size_t *col;            /* n: a row's column */
    size_t *born;           /* n: when the row's cluster formed (merges so far, 0 = an item) */
    size_t *rlog;           /* n: the row's cluster's first item */
    double *rsz;            /* n: its size */
    unsigned char *ract;    /* n: row holds an active cluster */
    size_t pend[CHAIN_BATCH];   /* rows whose columns are pending */
    size_t npend;
    size_t *tmpr, *tmpc;    /* w: scratch */
    double *tmp;            /* w: scratch */
} Chain;

/* The distance between the clusters of rows r and c: in the row that
 * formed later (it was computed for every column in use then, pending ones
 * too), else (both original items) in either. */
static double chain_pair(const Chain *C, size_t r, size_t c) {
    return C->born[r] < C->born[c] ? C->d[c * C->w + C->col[r]] : C->d[r * C->w + C->col[c]];
}

/* Write the pending columns into every row that formed before them. */
static void chain_flush(Chain *C) {
    size_t np = 0;
    for (size_t q = 0; q < C->npend; q++)
        if (C->ract[C->pend[q]]) C->pend[np++] = C->pend[q];
    for (size_t q = 0; q < np; q++) C->cact[C->col[C->pend[q]]] = 1;
    for (size_t t = 0; t < C->cols; t++) {   /* the active rows, in column order: each pending row read in order */
        if (!C->cact[t]) continue;
        size_t r = C->crow[t];
        double *row = C->d + r * C->w;
        for (size_t q = 0; q < np; q++) {
            size_t c = C->pend[q];
            if (C->born[r] < C->born[c]) row[C->col[c]] = C->d[c * C->w + t];
        }
    }
    C->npend = 0;
}

/* Gather the active columns (in the clusters' order) to the front and
 * renumber the rows 0..na−1 in their order; chain[] (row slots) follows.
 * The pending columns are flushed first. */
static void chain_compact(Chain *C, size_t *chain, size_t len) {
    chain_flush(C);
    size_t na = 0, *rowof = C->tmpr;   /* new index → old row slot */
    for (size_t r = 0; r < C->nrows; r++)
        if (C->ract[r]) rowof[na++] = r;
    size_t *colof = C->tmpc;   /* the columns to keep, in order */
    for (size_t c = 0; c < na; c++) colof[c] = C->col[rowof[c]];
    for (size_t q = 0; q < na; q++) {   /* rows move down or stay (rowof[q] >= q): one forward pass via a scratch row */
        const double *src = C->d + rowof[q] * C->w;
        for (size_t c = 0; c < na; c++) C->tmp[c] = src[colof[c]];
        memcpy(C->d + q * C->w, C->tmp, na * sizeof *C->tmp);
    }
    for (size_t q = 0; q < len; q++) {   /* chain entries are active rows: their new index by binary search */
        size_t lo = 0, hi = na;
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (rowof[mid] < chain[q]) lo = mid + 1;
            else hi = mid;
        }
        chain[q] = lo;
    }
    for (size_t q = 0; q < na; q++) {
        size_t r = rowof[q];
        C->rlog[q] = C->rlog[r];
        C->rsz[q] = C->rsz[r];
        C->born[q] = 0;   /* every row holds every column now */
        C->col[q] = q;
        C->cact[q] = 1;
        C->crow[q] = q;
        C->clog[q] = C->rlog[q];
        C->csz[q] = C->rsz[q];
    }
    memset(C->ract, 1, na);
    memset(C->ract + na, 0, C->nrows - na);
    memset(C->cact + na, 0, C->w - na);
    C->cols = na;
    C->nrows = na;
}

/* One Lance–Williams value, as lw_row computes each entry. */
static double lw_one(Linkage link, double dik, double djk, double nk, double ni, double nj, double best) {
    switch (link) {
    case LINK_AVERAGE: return (ni * dik + nj * djk) / (ni + nj);
    case LINK_COMPLETE: return dik > djk ? dik : djk;
    case LINK_SINGLE: return dik < djk ? dik : djk;
    default: return ((ni + nk) * dik + (nj + nk) * djk - nk * best) / (ni + nj + nk);
    }
}

int hclust_chain_cut(double *d, size_t n, size_t w, Linkage link, size_t kmin, size_t kmax, int *labels) {
    if (n == 0) return 0;
    if (w < hclust_chain_width(n)) return -1;
    pthread_once(&lw_once, lw_choose);
    Chain C = {.d = d, .w = w, .cols = n, .nrows = n};
    C.cact = malloc(w);
    C.crow = malloc(w * sizeof *C.crow);
    C.clog = malloc(w * sizeof *C.clog);
    C.csz = malloc(w * sizeof *C.csz);
    C.col = malloc(n * sizeof *C.col);
    C.born = malloc(n * sizeof *C.born);
    C.rlog = malloc(n * sizeof *C.rlog);
    C.rsz = malloc(n * sizeof *C.rsz);
    C.ract = malloc(n);
    C.tmpr = malloc(w * sizeof *C.tmpr);
    C.tmpc = malloc(w * sizeof *C.tmpc);
    C.tmp = malloc(w * sizeof *C.tmp);
    size_t *chain = malloc(n * sizeof *chain), *parent = malloc(n * sizeof *parent);
    ChainMerge *mg = malloc(n * sizeof *mg);
    int rc = -1;
    if (!C.cact || !C.crow || !C.clog || !C.csz || !C.col || !C.born || !C.rlog || !C.rsz || !C.ract || !C.tmpr ||
        !C.tmpc || !C.tmp || !chain || !parent || !mg)
        goto out;
    if (link == LINK_WARD)
        for (size_t i = 0; i < n; i++)
            for (size_t j = 0; j < n; j++) d[i * w + j] *= d[i * w + j];
    for (size_t i = 0; i < n; i++) {
        C.rsz[i] = 1; C.ract[i] = 1; C.rlog[i] = i; C.born[i] = 0; C.col[i] = i;
        C.cact[i] = 1; C.crow[i] = i; C.clog[i] = i; C.csz[i] = 1;
    }
    memset(C.cact + n, 0, w - n);
    size_t len = 0, nm = 0, left = n;
    while (left > 1) {
        if (C.cols >= w - 1 || (C.cols >= 3 * left && C.cols > 256)) chain_compact(&C, chain, len);
        if (!len) {
            size_t s = 0;
            while (!C.ract[s]) s++;
            chain[len++] = s;
        }
        /* the nearest cluster to the chain's tip a: the smallest distance,
           among ties the cluster first in item order — but the previous
           chain element whenever it is at the smallest distance */
        size_t a = chain[len - 1], bcol = w;
        const double *ra = d + a * w;
        double best = INFINITY;
        size_t blog = (size_t)-1;
        for (size_t s = 0; s < C.cols; s++) {   /* written columns (a's own is pending or inactive: skipped) */
            double v = ra[s];
            if (v <= best && C.cact[s] && C.crow[s] != a && (v < best || C.clog[s] < blog)) { best = v; bcol = s; blog = C.clog[s]; }
        }
        size_t b = bcol < w ? C.crow[bcol] : n;
        for (size_t q = 0; q < C.npend; q++) {   /* pending columns */
            size_t c = C.pend[q];
            if (!C.ract[c] || c == a) continue;
            double v = chain_pair(&C, a, c);
            if (v < best || (v == best && C.rlog[c] < blog)) { best = v; b = c; blog = C.rlog[c]; }
        }
        if (b == n)   /* no finite distance: the first other cluster */
            for (size_t r = 0; r < C.nrows && b == n; r++)
                if (C.ract[r] && r != a) b = r;
        if (len >= 2 && chain_pair(&C, a, chain[len - 2]) == best) b = chain[len - 2];
        if (len >= 2 && b == chain[len - 2]) {
            len -= 2;
            size_t lo = C.rlog[a] < C.rlog[b] ? a : b, hi = lo == a ? b : a;
            double ni = C.rsz[lo], nj = C.rsz[hi];
            /* the pending pairs of rows lo and hi before the row update overwrites lo */
            double pv[CHAIN_BATCH];
            for (size_t q = 0; q < C.npend; q++) {
                size_t c = C.pend[q];
                if (!C.ract[c] || c == lo || c == hi) continue;
                pv[q] = lw_one(link, chain_pair(&C, lo, c), chain_pair(&C, hi, c), C.rsz[c], ni, nj, best);
            }
            double *rlo = d + lo * w;
            lw_row(rlo, d + hi * w, C.csz, C.cols, link, ni, nj, best);
            for (size_t q = 0; q < C.npend; q++) {
                size_t c = C.pend[q];
                if (C.ract[c] && c != lo && c != hi) rlo[C.col[c]] = pv[q];
            }
            mg[nm] = (ChainMerge){C.rlog[lo], C.rlog[hi], best, nm};
            nm++;
            /* the new cluster: row lo, a new column at the end, pending */
            C.cact[C.col[lo]] = C.cact[C.col[hi]] = 0;
            C.ract[hi] = 0;
            C.rsz[lo] += C.rsz[hi];
            size_t np = 0;
            for (size_t q = 0; q < C.npend; q++)   /* lo and hi pending no more (lo returns below) */
                if (C.pend[q] != lo && C.pend[q] != hi) C.pend[np++] = C.pend[q];
            C.npend = np;
            if (C.npend == CHAIN_BATCH) chain_flush(&C);
            size_t s = C.cols++;
            C.crow[s] = lo; C.clog[s] = C.rlog[lo]; C.csz[s] = C.rsz[lo];
            C.col[lo] = s;
            C.born[lo] = nm;
            C.pend[C.npend++] = lo;
            left--;
        } else {
            chain[len++] = b;
        }
    }
    qsort(mg, nm, sizeof *mg, cmp_chain_merge);
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
    rc = 0;
out:
    free(C.cact); free(C.crow); free(C.clog); free(C.csz); free(C.col); free(C.born); free(C.rlog); free(C.rsz);
    free(C.ract); free(C.tmpr); free(C.tmpc); free(C.tmp);
    free(chain); free(parent); free(mg);
    return rc;
}
