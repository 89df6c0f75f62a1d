/* corrmap.c — see corrmap.h.
 *
 * Memory: r (8 bytes a pair) always; q (8) except on the thresholded
 * path; with missing values nn (4) and ex (1); p (8) on the whole path
 * for Kendall and for a map read whole (all_q: corr save=, which then
 * writes each pair's p as computed, not recomputed).  p is otherwise
 * recomputed from r and n for the pairs that need it — the same function
 * that would have filled a p matrix. */
#include "stats/corrmap.h"
#include "stats/stats.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>

int corrmap_in_family(const CorrMap *m, size_t k) { return !m->self || k % m->ny > k / m->ny; }

size_t corrmap_n(const CorrMap *m, size_t k) { return m->nn ? m->nn[k] : m->n; }

/* Is pair k's p the exact one? */
static int pair_exact(const CorrMap *m, size_t k) {
    if (m->nz) return 0;
    if (m->ex) return m->ex[k];
    int ties = m->tx && (m->tx[k / m->ny] || m->ty[k % m->ny]);
    return !isnan(m->r[k]) && cor_exact_applies(m->m, corrmap_n(m, k), ties, m->e);
}

double corrmap_p(const CorrMap *m, size_t k) {
    if (m->p) return m->p[k];
    size_t n = corrmap_n(m, k);
    if (m->nz) return n < m->nz + 3 ? NAN : cor_p_df(m->r[k], (double)n - 2 - (double)m->nz);
    return cor_p_rn(m->m, m->r[k], n, pair_exact(m, k));
}

double corrmap_rcut(CorMethod m, size_t n, double F, CorExact e) {
    stats_init();
    double rcut = 1;
    for (int exact = 0; exact < 2; exact++) {
        if (exact && !cor_exact_applies(m, n, 0, e)) continue;
        double lo = 0, hi = 1;
        for (int it = 0; it < 200 && hi - lo > 1e-15; it++) {
            double mid = (lo + hi) / 2;
            if (cor_p_rn(m, mid, n, exact) >= F) lo = mid;
            else hi = mid;
        }
        if (lo * (1 - 1e-9) < rcut) rcut = lo * (1 - 1e-9);
    }
    return rcut;
}

void corrmap_free(CorrMap *m) {
    if (!m) return;
    free(m->r);
    free(m->q);
    free(m->p);
    free(m->nn);
    free(m->ex);
    free(m->tx);
    free(m->ty);
    free(m->pairs);
    m->r = m->q = m->p = NULL;
    m->nn = NULL;
    m->ex = m->tx = m->ty = NULL;
    m->pairs = NULL;
    m->npairs = 0;
}

/* ---- the kept pairs ---- */

/* Is a stronger evidence than b?  Smaller p (NaN last), then larger |r|,
 * then map order.  Pairs with the same n come in |r| order; a pair with
 * few patients does not outrank far stronger evidence on many. */
static int stronger(const CorrMap *m, const CorrPair *a, const CorrPair *b) {
    double pa = isnan(a->p) ? INFINITY : a->p, pb = isnan(b->p) ? INFINITY : b->p;
    if (pa != pb) return pa < pb;
    double x = isnan(m->r[a->k]) ? -1 : fabs(m->r[a->k]), y = isnan(m->r[b->k]) ? -1 : fabs(m->r[b->k]);
    if (x != y) return x > y;
    return a->k < b->k;
}

static int cmp_stronger(const void *a, const void *b, void *map) {
    const CorrPair *x = a, *y = b;
    return x->k == y->k ? 0 : stronger(map, x, y) ? -1 : 1;
}

/* The n strongest of cand[0..nc-1] into heap (a min-heap of the n
 * strongest: heap[0] the weakest kept); returns how many. */
static size_t top_pairs(const CorrMap *m, const CorrPair *cand, size_t nc, size_t n, CorrPair *heap) {
    size_t h = 0;
    for (size_t c = 0; c < nc; c++) {
        CorrPair v = cand[c];
        size_t at;
        if (h < n) {
            at = h++;
            while (at > 0 && stronger(m, &heap[(at - 1) / 2], &v)) { heap[at] = heap[(at - 1) / 2]; at = (at - 1) / 2; }
            heap[at] = v;
        } else if (stronger(m, &v, &heap[0])) {
            at = 0;
            for (;;) {
                size_t l = 2 * at + 1, r = l + 1, s = at;
                const CorrPair *ks = &v;
                if (l < h && stronger(m, ks, &heap[l])) { s = l; ks = &heap[l]; }
                if (r < h && stronger(m, ks, &heap[r])) s = r;
                if (s == at) break;
                heap[at] = heap[s];
                at = s;
            }
            heap[at] = v;
        }
    }
    return h;
}

/* Append pair (k, p, q) to m->pairs (capacity *cap).  0, or -1 out of memory. */
static int keep_pair(CorrMap *m, size_t *cap, size_t k, double p, double q) {
    if (m->npairs == *cap) {
        size_t nc = *cap ? 2 * *cap : 1024;
        CorrPair *v = realloc(m->pairs, nc * sizeof *v);
        if (!v) return -1;
        m->pairs = v;
        *cap = nc;
    }
    m->pairs[m->npairs++] = (CorrPair){k, p, q};
    return 0;
}

/* top= (at most top of the kept pairs), then the order: strongest first. */
static int order_pairs(CorrMap *m, size_t top) {
    m->nkept = m->npairs;
    if (top > 0 && top < m->npairs) {
        CorrPair *heap = malloc(top * sizeof *heap);
        if (!heap) return -1;
        m->npairs = top_pairs(m, m->pairs, m->npairs, top, heap);
        free(m->pairs);
        m->pairs = heap;
    }
    if (m->npairs > 1) qsort_r(m->pairs, m->npairs, sizeof *m->pairs, cmp_stronger, m);
    return 0;
}

/* ---- the paths ---- */

/* Do all columns have every value?  (Then every pair uses n patients.) */
static int all_present(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n) {
    for (size_t k = 0; k < nx; k++)
        for (size_t i = 0; i < n; i++)
            if (isnan(X[k][i])) return 0;
    for (size_t k = 0; k < ny; k++)
        for (size_t i = 0; i < n; i++)
            if (isnan(Y[k][i])) return 0;
    return 1;
}

/* The matrices the path needs (see the top of this file).  0, or -1. */
static int map_alloc(CorrMap *m, int complete) {
    size_t np = m->nx * m->ny, one = np ? np : 1;
    m->r = malloc(one * sizeof *m->r);
    if (!m->thresholded) m->q = malloc(one * sizeof *m->q);
    if (!complete) {
        m->nn = malloc(one * sizeof *m->nn);
        if (!m->partial) m->ex = malloc(one);
    } else if (!m->partial) {
        m->tx = calloc(m->nx ? m->nx : 1, 1);
        m->ty = calloc(m->ny ? m->ny : 1, 1);
    }
    if (!m->r || (!m->thresholded && !m->q) || (!complete && (!m->nn || (!m->partial && !m->ex))) ||
        (complete && !m->partial && (!m->tx || !m->ty)))
        return -1;
    return 0;
}

/* Partial correlations pair by pair into r, their p into q (adjusted
 * later), the pairs used into nn.  0, or CORRMAP_CANCELLED. */
static int partial_block(CorrMap *m, const double *const *X, const double *const *Y, const CorrMapOpts *o) {
    for (size_t i = 0; i < m->nx; i++) {
        if (o->cancel && *o->cancel) return CORRMAP_CANCELLED;
        for (size_t j = 0; j < m->ny; j++) {
            size_t k = i * m->ny + j;
            if (!corrmap_in_family(m, k)) { m->r[k] = m->q[k] = NAN; m->nn[k] = 0; continue; }
            CorResult cr = cor_partial(X[i], Y[j], o->z, m->n, o->nz, m->m);
            m->r[k] = cr.r;
            m->q[k] = cr.p;
            m->nn[k] = (uint32_t)cr.n;
        }
    }
    return 0;
}

/* The candidates of the thresholded path: the pairs with p < F (F the
 * keep= threshold, or 0.05 for the counts), row by row (the exact p's
 * column ties read once per row), with the family's counts.  *ck, *cp
 * (caller frees, also on failure) get their places and p, *nc how many.
 * The counts are kept in locals: the loop runs over every pair of the map.
 * 0, or a CORRMAP_ code. */
static int head_candidates(CorrMap *m, double F, const CorrMapOpts *o, size_t **ck, double **cp, size_t *nc) {
    const double rcut_n = corrmap_rcut(m->m, m->n, F, m->e);
    const size_t NY = m->ny, n = m->n;
    const CorMethod me = m->m;
    const unsigned char *tx = m->tx, *ty = m->ty;
    const int ex_ok = cor_exact_applies(me, n, 0, m->e);
    /* with missing values: each pair's n, its exactness, and the cut for its n (computed once per n) */
    const uint32_t *nn = m->nn;
    const unsigned char *exv = m->ex;
    double *cut = NULL;
    if (nn) {
        cut = malloc((n + 1) * sizeof *cut);
        if (!cut) return CORRMAP_NOMEM;
        for (size_t k = 0; k <= n; k++) cut[k] = NAN;
        cut[n] = rcut_n;
    }
    size_t family = 0, na = 0, nexact = 0, ntail = 0, c = 0, cap = 0;
    int rc = 0;
    for (size_t i = 0; i < m->nx && !rc; i++) {
        if (((i * NY) >> 22) != (((i + 1) * NY) >> 22) && o->cancel && *o->cancel) { rc = CORRMAP_CANCELLED; break; }
        const double *ri = m->r + i * NY;
        int row_ex = !nn && ex_ok && !tx[i];
        size_t j0 = m->self ? i + 1 : 0;
        family += NY - j0;
        for (size_t j = j0; j < NY; j++) {
            double rr = ri[j];
            if (isnan(rr)) { na++; continue; }
            size_t nk = n;
            double rcut = rcut_n;
            int exk;
            if (nn) {
                size_t k = i * NY + j;
                nk = nn[k];
                exk = exv[k];
                if (isnan(cut[nk])) cut[nk] = corrmap_rcut(me, nk, F, m->e);
                rcut = cut[nk];
            } else {
                exk = row_ex & !ty[j];   /* a row and a column without ties */
            }
            nexact += (size_t)exk;
            if (!(fabs(rr) > rcut)) continue;
            double pv = cor_p_rn(me, rr, nk, exk);
            if (exk && me == COR_SPEARMAN && pv < COR_EDGEWORTH_TAIL) ntail += (size_t)cor_spearman_tail_fallback(rr, nk, &pv);
            if (!(pv < F)) continue;
            if (c == cap) {
                cap = cap ? 2 * cap : 4096;
                size_t *k2 = realloc(*ck, cap * sizeof *k2);
                if (k2) *ck = k2;
                double *p2 = k2 ? realloc(*cp, cap * sizeof *p2) : NULL;
                if (!p2) { rc = CORRMAP_NOMEM; break; }
                *cp = p2;
            }
            (*ck)[c] = i * NY + j;
            (*cp)[c++] = pv;
        }
    }
    free(cut);
    m->family = family;
    m->na = na;
    m->tested = family - na;
    m->nexact = nexact;
    m->ntail = ntail;
    *nc = c;
    return rc;
}

/* The thresholded path: the candidates, adjusted with the family's size
 * (p_adjust_head), those passing keep= kept.  0, or a CORRMAP_ code. */
static int head_path(CorrMap *m, const CorrMapOpts *o) {
    size_t *ck = NULL, nc = 0, cap = 0;
    double *cp = NULL, *cq = NULL;
    int rc = head_candidates(m, o->keep_lim > 0.05 ? o->keep_lim : 0.05, o, &ck, &cp, &nc);
    if (rc < 0) goto out;
    rc = CORRMAP_NOMEM;
    cq = malloc((nc ? nc : 1) * sizeof *cq);
    if (!cq || p_adjust_head(cp, nc, m->tested, o->adjust, cq) < 0) goto out;
    for (size_t c = 0; c < nc; c++) {
        m->nominal += cp[c] < 0.05;
        m->sig += cq[c] < 0.05;
        double v = o->keep_q ? cq[c] : cp[c];
        if (v < o->keep_lim && keep_pair(m, &cap, ck[c], cp[c], cq[c]) < 0) goto out;
    }
    rc = 0;
out:
    free(ck);
    free(cp);
    free(cq);
    return rc;
}

/* The whole path: q holds every pair's p (NaN outside the family); count,
 * keep Kendall's p, adjust q in place, keep the pairs passing keep=.
 * 0, or a CORRMAP_ code. */
static int whole_path(CorrMap *m, const CorrMapOpts *o) {
    size_t NP = m->nx * m->ny, cap = 0, family = 0, na = 0, tested = 0, nominal = 0, nexact = 0, ntail = 0;
    double *q = m->q;
    for (size_t k = 0; k < NP; k++) {
        if (!corrmap_in_family(m, k)) { q[k] = NAN; continue; }
        family++;
        if (isnan(q[k])) { na++; continue; }
        tested++;
        nominal += q[k] < 0.05;
        int exk = pair_exact(m, k);
        nexact += (size_t)exk;
        if (exk && m->m == COR_SPEARMAN && q[k] < COR_EDGEWORTH_TAIL) {
            double pv;
            ntail += (size_t)cor_spearman_tail_fallback(m->r[k], corrmap_n(m, k), &pv);
        }
    }
    m->family = family;
    m->na = na;
    m->tested = tested;
    m->nominal = nominal;
    m->nexact = nexact;
    m->ntail = ntail;
    if (m->m == COR_KENDALL || o->all_q) {   /* Kendall's p is not a function of r and n; a map read whole: keep it */
        m->p = malloc((NP ? NP : 1) * sizeof *m->p);
        if (!m->p) return CORRMAP_NOMEM;
        memcpy(m->p, m->q, NP * sizeof *m->p);
    }
    int arc = p_adjust(m->q, NP, o->adjust, m->q);
    if (arc == -2) return CORRMAP_HOMMEL;
    if (arc < 0) return CORRMAP_NOMEM;
    for (size_t k = 0; k < NP; k++) m->sig += m->q[k] < 0.05;
    int lim = !isinf(o->keep_lim);
    for (size_t k = 0; k < NP; k++) {
        if (!corrmap_in_family(m, k)) continue;
        if (lim && o->keep_q && (isnan(m->q[k]) || !(m->q[k] < o->keep_lim))) continue;
        double pk = corrmap_p(m, k);   /* computed once, for the kept pairs only */
        if (lim && !o->keep_q && (isnan(pk) || !(pk < o->keep_lim))) continue;
        if (keep_pair(m, &cap, k, pk, m->q[k]) < 0) return CORRMAP_NOMEM;
    }
    return 0;
}

int corrmap_compute(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n,
                    const CorrMapOpts *o, CorrMap *m) {
    stats_init();
    *m = (CorrMap){.nx = nx, .ny = ny, .n = n, .self = o->self, .partial = o->partial, .m = o->method, .e = o->exact};
    /* every pair on all n patients? */
    int complete = o->method != COR_KENDALL && !o->partial && all_present(X, nx, Y, ny, n);
    /* the thresholded path: with missing values too (each pair's own n and
       exactness, kept in nn and ex), not for Kendall (p is not a function
       of r and n) nor partial correlations */
    m->thresholded = !isinf(o->keep_lim) && o->method != COR_KENDALL && !o->partial && !o->all_q && n >= 3 &&
                     o->adjust != ADJ_HOMMEL;
    if (map_alloc(m, complete) < 0) return CORRMAP_NOMAP;
    int rc;
    if (o->partial) {
        m->nz = o->nz;
        rc = partial_block(m, X, Y, o);
    } else {
        rc = cor_block(X, nx, Y, ny, n, o->method, o->exact, o->threads, o->cancel, m->r, m->thresholded ? NULL : m->q,
                       m->nn, m->ex, m->tx, m->ty);
        if (rc == -1) rc = CORRMAP_NOMEM;
    }
    if (rc < 0) return rc;
    rc = m->thresholded ? head_path(m, o) : whole_path(m, o);
    if (rc < 0) return rc;
    return order_pairs(m, o->top) < 0 ? CORRMAP_NOMEM : 0;
}
