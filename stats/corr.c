/* corr.c — see corr.h. */
#include "stats/corr.h"
#include "stats/stats.h"
#include <gsl/gsl_blas.h>
#include <stdatomic.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_multifit.h>
#include <math.h>
#include <stdint.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>
#include "stats/kendall.h"
#include "stats/sortx.h"
#include "stats/transform.h"

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

double cor_p_df(double r, double df) {
    stats_init();
    if (isnan(r) || !(df > 0)) return NAN;
    if (fabs(r) >= 1) return 0;
    double t = r * sqrt(df / (1 - r * r));
    return 2 * gsl_cdf_tdist_Q(fabs(t), df);
}

double cor_p_t(double r, size_t n) {
    stats_init();
    return n < 3 ? NAN : cor_p_df(r, (double)n - 2);
}

/* ---- exact null distributions (cor.test's exact p, no ties) ----
 * Built once, on first use, by pthread_once; read-only afterwards, so any
 * thread may use them.  Spearman for n <= SP_SMALL: how many of the n!
 * orderings give each S = sum of squared rank differences (S is even and
 * at most (n^3 - n) / 3); Kendall for n < KEN_MAX: the distribution of the
 * number of concordant pairs T (the number of permutations with k
 * inversions: Mahonian numbers, as probabilities). */
#define SP_SMALL 9
#define SP_SMAX 240     /* (9^3 - 9) / 3 */
#define KEN_MAX 50

static double sp_count[SP_SMALL + 1][SP_SMAX + 1];   /* orderings with S = s */
static double *ken_cdf[KEN_MAX];                     /* P(T <= t), t = 0..n(n-1)/2 */
static pthread_once_t exact_once = PTHREAD_ONCE_INIT;
static int sp_ok, ken_ok;                            /* the tables were built */

static void exact_build(void) {
    /* Spearman: place rank π(i) for i = 1..n one at a time; the state is the
       set of ranks used (a bit mask) and the partial S */
    static double dp[1 << SP_SMALL][SP_SMAX + 1];
    for (int n = 2; n <= SP_SMALL; n++) {
        size_t full = (size_t)1 << n;
        memset(dp, 0, sizeof dp);
        dp[0][0] = 1;
        for (size_t mask = 0; mask < full; mask++) {
            int i = __builtin_popcount((unsigned)mask);   /* position being filled: i + 1 */
            if (i >= n) continue;
            for (int v = 0; v < n; v++) {
                if (mask >> v & 1) continue;
                int d = (i - v) * (i - v);
                for (int t = 0; t + d <= SP_SMAX; t++)
                    if (dp[mask][t] != 0) dp[mask | (size_t)1 << v][t + d] += dp[mask][t];
            }
        }
        for (int t = 0; t <= SP_SMAX; t++) sp_count[n][t] = dp[full - 1][t];
    }
    sp_ok = 1;
    /* Kendall: P_n(k) = (1/n) sum_{i=0}^{min(k, n-1)} P_{n-1}(k - i), by a
       running window; then the cumulative sums */
    double *prev = NULL;
    size_t mprev = 0;
    for (size_t n = 1; n < KEN_MAX; n++) {
        size_t M = n * (n - 1) / 2;
        double *cur = malloc((M + 1) * sizeof *cur);
        if (!cur) { free(prev); return; }
        if (n == 1) cur[0] = 1;
        else {
            double win = 0;
            for (size_t k = 0; k <= M; k++) {
                if (k <= mprev) win += prev[k];
                if (k >= n && k - n <= mprev) win -= prev[k - n];
                cur[k] = win / (double)n;
            }
        }
        if (n >= 2) {
            ken_cdf[n] = malloc((M + 1) * sizeof **ken_cdf);
            if (!ken_cdf[n]) { free(cur); free(prev); return; }
            double c = 0;
            for (size_t k = 0; k <= M; k++) { c += cur[k]; ken_cdf[n][k] = c; }
        }
        free(prev);
        prev = cur;
        mprev = M;
    }
    free(prev);
    ken_ok = 1;
}

int cor_exact_applies(CorMethod m, size_t n, int ties, CorExact e) {
    if (e == COR_EXACT_NO || ties || n < 3) return 0;
    if (m == COR_SPEARMAN) return n <= COR_SPEARMAN_EXACT_MAX;
    if (m == COR_KENDALL) return n < KEN_MAX;
    return 0;
}

/* Pr[S >= s] (upper) or Pr[S < s] (lower) for Spearman's S on n pairs, as
 * AS 89: exact over the n! orderings for n <= 9, else its Edgeworth series. */
static double spearman_tail(size_t n, double s, int lower) {
    double pv = lower ? 0 : 1, n3 = (double)n * ((double)n * (double)n - 1) / 3;
    if (s <= 0) return pv;
    if (s > n3) return 1 - pv;
    if (n <= SP_SMALL) {
        if (!sp_ok) return NAN;
        double nfac = 1, ge = 0;
        for (size_t i = 2; i <= n; i++) nfac *= (double)i;
        for (int t = 0; t <= SP_SMAX; t++)
            if ((double)t >= s) ge += sp_count[n][t];
        return (lower ? nfac - ge : ge) / nfac;
    }
    /* Edgeworth series (Best & Roberts 1975): x = rho * sqrt(n - 1) with
       the continuity step s - 1, corrected by a polynomial in x and 1/n */
    const double c[12] = {.2274, .2531, .1745, .0758, .1033, .3932, .0879, .0151, .0072, .0831, .0131, 4.6e-4};
    double nn = (double)n, b = 1 / nn;
    double x = (6 * (s - 1) * b / (nn * nn - 1) - 1) * sqrt(nn - 1), x2 = x * x;
    double inner = c[8] - c[9] * b + x2 * b * (c[10] - c[11] * x2);
    double poly = c[0] + b * (c[1] + c[2] * b) + x2 * (-c[3] + b * (c[4] + c[5] * b) - x2 * b * (c[6] + c[7] * b - x2 * inner));
    double corr = x * b * poly / exp(x2 / 2);
    pv = lower ? gsl_cdf_ugaussian_P(x) - corr : gsl_cdf_ugaussian_Q(x) + corr;
    return pv < 0 ? 0 : pv > 1 ? 1 : pv;
}

double cor_p_spearman_exact(double r, size_t n) {
    stats_init();
    if (isnan(r) || n < 3 || n > COR_SPEARMAN_EXACT_MAX) return NAN;
    pthread_once(&exact_once, exact_build);
    double nn = (double)n, q = (nn * nn * nn - nn) * (1 - r) / 6, p;
    /* two-sided as cor.test: the tail on q's side, S being even */
    if (q > (nn * nn * nn - nn) / 6) p = spearman_tail(n, round(q), 0);
    else p = spearman_tail(n, round(q) + 2, 1);
    return fmin(2 * p, 1);
}

double cor_p_kendall_exact(double tau, size_t n) {
    stats_init();
    if (isnan(tau) || n < 3 || n >= KEN_MAX) return NAN;
    pthread_once(&exact_once, exact_build);
    if (!ken_ok) return NAN;
    double nn = (double)n, q = round((tau + 1) * nn * (nn - 1) / 4);
    long M = (long)(n * (n - 1) / 2), qi = (long)q;
    const double *F = ken_cdf[n];
    /* P(T <= q) below the middle, P(T >= q) above it — by symmetry
       P(T >= q) = P(T <= M - q), computed without 1 - cdf's cancellation */
    double p;
    if (q > nn * (nn - 1) / 4) p = M - qi < 0 ? 0 : F[M - qi];
    else p = qi < 0 ? 0 : qi > M ? 1 : F[qi];
    return fmin(2 * p, 1);
}

int cor_spearman_tail_fallback(double r, size_t n, double *p) {
    stats_init();
    double pe = cor_p_spearman_exact(r, n);
    if (n > SP_SMALL && pe < COR_EDGEWORTH_TAIL) {
        double pt = cor_p_t(r, n);
        if (pe < pt) { *p = pt; return 1; }
    }
    *p = pe;
    return 0;
}

double cor_p_rn(CorMethod m, double r, size_t n, int exact) {
    stats_init();
    if (exact && m == COR_SPEARMAN) {
        double p;
        cor_spearman_tail_fallback(r, n, &p);
        return p;
    }
    return cor_p_t(r, n);
}

/* Has v[0..n-1] two equal values?  (sorts a copy; −1 out of memory) */
static int has_ties(const double *v, size_t n) {
    double *s = malloc((n ? n : 1) * sizeof *s);
    if (!s) return -1;
    memcpy(s, v, n * sizeof *s);
    qsort(s, n, sizeof *s, cmp_double);
    int t = 0;
    for (size_t i = 1; i < n && !t; i++) t = s[i] == s[i - 1];
    free(s);
    return t;
}

static double pearson(const double *x, const double *y, size_t n) {
    long double mx = 0, my = 0;
    for (size_t i = 0; i < n; i++) { mx += x[i]; my += y[i]; }
    mx /= n;
    my /= n;
    long double sxx = 0, syy = 0, sxy = 0;
    for (size_t i = 0; i < n; i++) {
        long double dx = x[i] - mx, dy = y[i] - my;
        sxx += dx * dx;
        syy += dy * dy;
        sxy += dx * dy;
    }
    if (sxx <= 0 || syy <= 0) return NAN;
    double r = (double)(sxy / sqrtl(sxx * syy));
    return r > 1 ? 1 : r < -1 ? -1 : r;
}

CorResult cor_pair(const double *x, const double *y, size_t n, CorMethod m, CorExact e) {
    stats_init();
    CorResult res = {0, NAN, NAN, 0};
    double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    if (!a || !b) { free(a); free(b); return res; }
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) { a[k] = x[i]; b[k++] = y[i]; }
    res.n = k;
    if (k >= 3) {
        if (m == COR_KENDALL) {
            int ties;
            kendall_tau_b(a, b, k, &res.r, &res.p, &ties);
            if (!isnan(res.r) && cor_exact_applies(m, k, ties, e)) {
                res.p = cor_p_kendall_exact(res.r, k);
                res.exact = 1;
            }
        } else {
            int ties = 0;
            if (m == COR_SPEARMAN && e != COR_EXACT_NO && k <= COR_SPEARMAN_EXACT_MAX) {
                int tx = has_ties(a, k), ty = tx ? 1 : has_ties(b, k);
                if (tx < 0 || ty < 0) res.n = 0;
                ties = tx || ty;
            }
            if (m == COR_SPEARMAN && (rank_average(a, k, a) < 0 || rank_average(b, k, b) < 0)) res.n = 0;
            res.r = pearson(a, b, k);
            res.exact = !isnan(res.r) && cor_exact_applies(m, k, ties, e);
            res.p = cor_p_rn(m, res.r, k, res.exact);
        }
    } else if (k == 0) {
        res.n = 0;
    }
    free(a);
    free(b);
    return res;
}

/* ---- ranks over the rows where both columns of a pair are present ---- */

typedef struct VI {
    double x;       /* a value */
    uint32_t i;     /* its row */
} VI;

SORT_BY_X(sort_vi, VI)

/* The rows of c's present values in ascending order of value into perm
 * (their number returned), and with rank (may be NULL), their average
 * ranks among themselves at their rows — the numbers rank_average gives;
 * r2 (may be NULL) gets twice those ranks (integers), 0 at missing rows.
 * *ties: a value repeats.  (size_t)-1 when out of memory. */
static size_t order_col(const double *c, size_t n, uint32_t *perm, double *rank, float *r2, int *ties) {
    VI *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return (size_t)-1;
    size_t np = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(c[i])) v[np++] = (VI){c[i], (uint32_t)i};
    sort_vi(v, np);
    *ties = 0;
    if (r2)
        for (size_t i = 0; i < n; i++) r2[i] = 0;
    for (size_t a = 0; a < np;) {
        size_t b = a;
        while (b + 1 < np && v[b + 1].x == v[a].x) b++;
        if (b > a) *ties = 1;
        double r = (double)(a + b) / 2 + 1;   /* average of ranks a+1..b+1, as rank_average */
        for (size_t k = a; k <= b; k++) {
            perm[k] = v[k].i;
            if (rank) rank[v[k].i] = r;
            if (r2) r2[v[k].i] = (float)(a + b + 2);
        }
        a = b + 1;
    }
    free(v);
    return np;
}

/* The average ranks of c's values over the rows where o is present too
 * (rank_average of that subset), at their rows of out, from c's order
 * (perm, np present values): one pass, no sort.  *ties is set when two
 * of those values are equal. */
static void subset_ranks(const double *c, const uint32_t *perm, size_t np, const double *o, double *out, int *ties) {
    size_t pos = 0;   /* subset values passed */
    for (size_t g = 0; g < np;) {
        size_t h = g + 1;
        double v = c[perm[g]];
        while (h < np && c[perm[h]] == v) h++;
        size_t k = 0;
        for (size_t t = g; t < h; t++) k += !isnan(o[perm[t]]);
        if (k) {
            double r = (double)(pos + pos + k - 1) / 2 + 1;   /* ranks pos+1..pos+k, averaged */
            for (size_t t = g; t < h; t++)
                if (!isnan(o[perm[t]])) out[perm[t]] = r;
            pos += k;
            if (k > 1) *ties = 1;
        }
        g = h;
    }
}

/* Columns with no missing value, standardised (ranks first for Spearman)
 * so that a dot product / (n − 1) is the correlation.  Constant columns
 * get NaN (their correlations are NA).  With ties, ties[j] says whether a
 * complete column has tied values.  cancel is polled between columns
 * (ranking 22,000 columns of 1,000 takes a second).  Returns 0, -1 when
 * out of memory, -2 when cancelled. */
static int prepare(const double *const *M, size_t ncol, size_t n, CorMethod m, double *Z, unsigned char *complete,
                   unsigned char *ties, uint32_t *P, size_t *np, float *R2, volatile sig_atomic_t *cancel) {
    for (size_t j = 0; j < ncol; j++) {
        if (cancel && *cancel) return -2;   /* ranking 20,000 columns takes a while */
        const double *c = M[j];
        complete[j] = 1;
        for (size_t i = 0; i < n && complete[j]; i++) complete[j] = !isnan(c[i]);
        double *z = Z + j * n;
        if (ties) ties[j] = 0;
        if (!complete[j]) {
            memset(z, 0, n * sizeof *z);
            if (P) {   /* Spearman's pairs with missing values: the column's order and ranks (pair_spearman) */
                int t;
                if ((np[j] = order_col(c, n, P + j * n, NULL, R2 + j * n, &t)) == (size_t)-1) return -1;
            }
            continue;
        }
        if (m == COR_SPEARMAN) {
            int t;
            uint32_t *perm = P ? P + j * n : NULL;
            if (!perm) {
                if (rank_average(c, n, z) < 0) return -1;
                if (ties) {   /* no ties: the average ranks are 1..n, each once */
                    unsigned char *seen = calloc(n ? n : 1, 1);
                    if (!seen) return -1;
                    for (size_t i = 0; i < n && !ties[j]; i++) {
                        double rk = z[i];
                        size_t ri = (size_t)rk;
                        if (rk != (double)ri || ri < 1 || ri > n || seen[ri - 1]++) ties[j] = 1;
                    }
                    free(seen);
                }
            } else {   /* the same ranks, and the order kept */
                if ((np[j] = order_col(c, n, perm, z, R2 + j * n, &t)) == (size_t)-1) return -1;
                if (ties) ties[j] = (unsigned char)t;
            }
        } else {
            memcpy(z, c, n * sizeof *z);
            if (ties) {
                int t = has_ties(c, n);
                if (t < 0) return -1;
                ties[j] = (unsigned char)t;
            }
        }
        long double mu = 0, ss = 0;
        for (size_t i = 0; i < n; i++) mu += z[i];
        mu /= n;
        for (size_t i = 0; i < n; i++) ss += (z[i] - mu) * (z[i] - mu);
        double sd = (double)sqrtl(ss);
        for (size_t i = 0; i < n; i++) z[i] = sd > 0 ? (double)(z[i] - mu) / sd : NAN;
    }
    return 0;
}

/* prepare() over the columns in nt contiguous chunks, one thread each
 * (each column's arithmetic is the same whoever does it). */
typedef struct PrepJob {
    const double *const *M;
    size_t ncol, n;
    CorMethod m;
    double *Z;
    unsigned char *complete, *ties;
    uint32_t *P;
    size_t *np;
    float *R2;
    volatile sig_atomic_t *cancel;
    int rc;
} PrepJob;

static void *prep_worker(void *arg) {
    PrepJob *j = arg;
    j->rc = prepare(j->M, j->ncol, j->n, j->m, j->Z, j->complete, j->ties, j->P, j->np, j->R2, j->cancel);
    return NULL;
}

/* Returns as prepare(): 0, -1 (out of memory) or -2 (cancelled). */
static int prepare_par(const double *const *M, size_t ncol, size_t n, CorMethod m, double *Z, unsigned char *complete,
                       unsigned char *ties, uint32_t *P, size_t *np, float *R2, int threads,
                       volatile sig_atomic_t *cancel) {
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)nt > ncol / 64 + 1) nt = (int)(ncol / 64 + 1);
    PrepJob job[64];
    pthread_t tid[64];
    int started[64] = {0};
    size_t per = (ncol + (size_t)nt - 1) / (size_t)nt;
    for (int t = 0; t < nt; t++) {
        size_t lo = (size_t)t * per, hi = lo + per < ncol ? lo + per : ncol;
        if (lo > hi) lo = hi;
        job[t] = (PrepJob){M + lo, hi - lo, n, m, Z + lo * n, complete + lo, ties ? ties + lo : NULL,
                           P ? P + lo * n : NULL, np ? np + lo : NULL, R2 ? R2 + lo * n : NULL, cancel, 0};
        if (t > 0 && pthread_create(&tid[t], NULL, prep_worker, &job[t]) == 0) started[t] = 1;
        else if (t > 0) prep_worker(&job[t]);
    }
    prep_worker(&job[0]);
    int rc = job[0].rc;
    for (int t = 1; t < nt; t++) {
        if (started[t]) pthread_join(tid[t], NULL);
        if (job[t].rc == -1 || (job[t].rc < 0 && rc == 0)) rc = job[t].rc;
    }
    return rc;   /* 0, -1 out of memory, -2 cancelled */
}

typedef struct Work {
    const double *const *X, *const *Y;   /* input columns */
    size_t nx, ny, n;       /* shapes */
    CorMethod m;            /* method */
    CorExact e;             /* exact= */
    const unsigned char *cx, *cy;   /* complete columns */
    const unsigned char *tx, *ty;   /* complete columns with ties (or NULL: none looked for) */
    double *r, *p;          /* outputs */
    uint32_t *nn;           /* pairs used, or NULL */
    unsigned char *ex;      /* exact p used, or NULL */
    size_t next;            /* next row of X to do */
    pthread_mutex_t lock;   /* guards next */
    volatile sig_atomic_t *cancel;
    int failed;             /* out of memory in a worker */
    const double *ZX, *ZY;  /* standardised columns (nx × n, ny × n), for dot */
    int dot;                /* the fast path's r computed here, not by BLAS */
    const uint32_t *PX, *PY;    /* Spearman with missing values: each column's rows in order of value (n each) */
    const size_t *npx, *npy;    /* and its present values */
    const float *RX2, *RY2;     /* twice each column's ranks among its present values (0 where missing) */
    const uint32_t *MX, *MY;    /* the rows where each column is missing, column after column */
    const size_t *mxo, *myo;    /* where each column's rows start in MX / MY (ncol + 1) */
} Work;

/* A worker's scratch for the pairs with missing values (4n). */
typedef struct Scratch {
    double *rx, *ry;        /* the subset ranks at their rows */
    double *a, *b;          /* the pair's complete cases, in row order */
    float *fa, *fb;         /* Spearman: twice the subset ranks */
} Scratch;

/* Twice the ranks of column c (values v) over the rows where the other
 * column (values o, its missing rows mo[0..nmo)) is present too, at their
 * rows (other rows: any number below 2^24), from c's doubled ranks r2:
 * r2 itself when no row is to be taken out (the other's missing rows
 * where c is present: *nd of them); up to 8 such rows t: r2 less 2 above
 * v[t] and 1 at v[t], for each (the ranks of the rest, exactly), into
 * out; more: one pass over c's order (subset_ranks), into out. */
static const float *ranks2(const double *v, const float *r2, const uint32_t *perm, size_t np, const double *o,
                           const uint32_t *mo, size_t nmo, size_t n, float *out, double *tmp, size_t *nd) {
    uint32_t d[8];
    size_t m = 0;
    for (size_t q = 0; q < nmo; q++)
        if (!isnan(v[mo[q]])) {
            if (m < 8) d[m] = mo[q];
            m++;
        }
    *nd = m;
    if (!m) return r2;
    if (m > 8) {
        int t = 0;
        subset_ranks(v, perm, np, o, tmp, &t);
        for (size_t r = 0; r < n; r++) out[r] = r2[r] > 0 && !isnan(o[r]) ? (float)(2 * tmp[r]) : 0;
        return out;
    }
    memcpy(out, r2, n * sizeof *out);
    for (size_t q = 0; q < m; q++) {
        double vt = v[d[q]];
        for (size_t r = 0; r < n; r++) out[r] -= (float)(2 * (v[r] > vt) + (v[r] == vt));
    }
    return out;
}

/* Spearman's pair (i, j) over its complete cases, bit for bit as
 * cor_pair: the ranks there are integers or halves, so pearson's long
 * double sums of their products are exact; they are made here exactly
 * in double from twice the ranks (every term an integer, the totals below
 * 2^53 for up to 100,000 rows): summed over every row, then the rows
 * outside the subset taken back out (exact too), then divided as
 * pearson divides.  Ties remain in the subset exactly when a sum of
 * squares falls short of the untied (k^3 - k)/3. */
static CorResult pair_spearman(const Work *w, size_t i, size_t j, Scratch *sc, int want_p) {
    CorResult res = {0, NAN, NAN, 0};
    const double *x = w->X[i], *y = w->Y[j];
    const size_t n = w->n;
    if (n > 100000) return cor_pair(x, y, n, w->m, w->e);
    const uint32_t *mx = w->MX + w->mxo[i], *my = w->MY + w->myo[j];
    size_t nmx = w->mxo[i + 1] - w->mxo[i], nmy = w->myo[j + 1] - w->myo[j], ndx, ndy;
    const float *a = ranks2(x, w->RX2 + i * n, w->PX + i * n, w->npx[i], y, my, nmy, n, sc->fa, sc->rx, &ndx);
    const float *b = ranks2(y, w->RY2 + j * n, w->PY + j * n, w->npy[j], x, mx, nmx, n, sc->fb, sc->ry, &ndy);
    size_t k = n - nmx - ndx;   /* x present, and y too */
    res.n = k;
    if (k < 3) return res;
    const double c = (double)k + 1;   /* twice the mean rank */
    double xx[4] = {0}, yy[4] = {0}, xy[4] = {0};
    size_t r = 0;
    for (; r + 4 <= n; r += 4)
        for (int u = 0; u < 4; u++) {
            double dx = a[r + (size_t)u] - c, dy = b[r + (size_t)u] - c;
            xx[u] += dx * dx;
            yy[u] += dy * dy;
            xy[u] += dx * dy;
        }
    for (; r < n; r++) {
        double dx = a[r] - c, dy = b[r] - c;
        xx[0] += dx * dx;
        yy[0] += dy * dy;
        xy[0] += dx * dy;
    }
    double sxx = (xx[0] + xx[1]) + (xx[2] + xx[3]), syy = (yy[0] + yy[1]) + (yy[2] + yy[3]),
           sxy = (xy[0] + xy[1]) + (xy[2] + xy[3]);
    /* the rows outside the subset: x missing, or y missing where x is not */
    for (size_t q = 0; q < nmx + nmy; q++) {
        uint32_t t = q < nmx ? mx[q] : my[q - nmx];
        if (q >= nmx && isnan(x[t])) continue;
        double dx = a[t] - c, dy = b[t] - c;
        sxx -= dx * dx;
        syy -= dy * dy;
        sxy -= dx * dy;
    }
    double kd = (double)k, untied = (kd * kd * kd - kd) / 3;
    int ties = sxx < untied || syy < untied;
    long double lxx = (long double)sxx / 4, lyy = (long double)syy / 4, lxy = (long double)sxy / 4;
    if (lxx <= 0 || lyy <= 0) res.r = NAN;
    else {
        double rr = (double)(lxy / sqrtl(lxx * lyy));
        res.r = rr > 1 ? 1 : rr < -1 ? -1 : rr;
    }
    res.exact = !isnan(res.r) && cor_exact_applies(w->m, k, ties, w->e);
    if (want_p) res.p = cor_p_rn(w->m, res.r, k, res.exact);
    return res;
}

/* Pair (i, j) over the rows where both are present, Spearman or Pearson:
 * the numbers cor_pair gives (the same ranks, in the same order, into the
 * same pearson), without its copies and sorts: Spearman's subset ranks
 * come from each column's order in one pass (subset_ranks).  p only when
 * want_p. */
static CorResult pair_subset(const Work *w, size_t i, size_t j, Scratch *sc, int want_p) {
    CorResult res = {0, NAN, NAN, 0};
    const double *x = w->X[i], *y = w->Y[j];
    const size_t n = w->n;
    int ties = 0;
    size_t k = 0;
    if (w->m == COR_SPEARMAN) {
        return pair_spearman(w, i, j, sc, want_p);
    } else {
        for (size_t r = 0; r < n; r++)
            if (!isnan(x[r]) && !isnan(y[r])) { sc->a[k] = x[r]; sc->b[k++] = y[r]; }
    }
    res.n = k;
    if (k >= 3) {
        res.r = pearson(sc->a, sc->b, k);
        res.exact = !isnan(res.r) && cor_exact_applies(w->m, k, ties, w->e);
        if (want_p) res.p = cor_p_rn(w->m, res.r, k, res.exact);
    }
    return res;
}

/* Σ a[k] b[k], in order (the fast path without BLAS) */
static double dotp(const double *a, const double *b, size_t n) {
    double s = 0;
    for (size_t k = 0; k < n; k++) s += a[k] * b[k];
    return s;
}

/* Workers take rows of X in turn; each (i, j) is computed by exactly one
 * worker with the same arithmetic, so the thread count changes nothing. */
static void *worker(void *arg) {
    Work *w = arg;
    Scratch sc = {0};
    if (w->PX || w->m == COR_PEARSON) {
        size_t nn = w->n ? w->n : 1;
        sc.rx = malloc(nn * sizeof *sc.rx);
        sc.ry = malloc(nn * sizeof *sc.ry);
        sc.a = malloc(nn * sizeof *sc.a);
        sc.b = malloc(nn * sizeof *sc.b);
        sc.fa = malloc(nn * sizeof *sc.fa);
        sc.fb = malloc(nn * sizeof *sc.fb);
        if (!sc.rx || !sc.ry || !sc.a || !sc.b || !sc.fa || !sc.fb) {
            free(sc.rx);
            free(sc.ry);
            free(sc.a);
            free(sc.b);
            free(sc.fa);
            free(sc.fb);
            sc = (Scratch){0};
        }
    }
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t i = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (i >= w->nx || (w->cancel && *w->cancel)) break;
        for (size_t j = 0; j < w->ny; j++) {
            size_t k = i * w->ny + j;
            if (w->m != COR_KENDALL && (!w->cx[i] || !w->cy[j]) && sc.a && (w->PX || w->m == COR_PEARSON)) {
                CorResult c = pair_subset(w, i, j, &sc, w->p != NULL);
                w->r[k] = c.r;
                if (w->p) w->p[k] = c.p;
                if (w->nn) w->nn[k] = (uint32_t)c.n;
                if (w->ex) w->ex[k] = (unsigned char)c.exact;
            } else if (w->m == COR_KENDALL || !w->cx[i] || !w->cy[j]) {
                CorResult c = cor_pair(w->X[i], w->Y[j], w->n, w->m, w->e);
                w->r[k] = c.r;
                if (w->p) w->p[k] = c.p;
                if (w->nn) w->nn[k] = (uint32_t)c.n;
                if (w->ex) w->ex[k] = (unsigned char)c.exact;
            } else {
                /* fast path: r is already in w->r from the matrix product;
                   fewer than 3 pairs give NA, as on the pairwise path */
                double rr = w->n < 3 ? NAN : w->dot ? dotp(w->ZX + i * w->n, w->ZY + j * w->n, w->n) : w->r[k];
                if (!isnan(rr)) rr = rr > 1 ? 1 : rr < -1 ? -1 : rr;
                w->r[k] = rr;
                if (w->p || w->ex) {
                    int exact = !isnan(rr) && cor_exact_applies(w->m, w->n, w->tx && (w->tx[i] || w->ty[j]), w->e);
                    if (w->p) w->p[k] = cor_p_rn(w->m, rr, w->n, exact);
                    if (w->ex) w->ex[k] = (unsigned char)exact;
                }
                if (w->nn) w->nn[k] = (uint32_t)w->n;
            }
        }
    }
    free(sc.rx);
    free(sc.ry);
    free(sc.a);
    free(sc.b);
    free(sc.fa);
    free(sc.fb);
    return NULL;
}

/* Has every column every value? */
static int all_complete(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n) {
    for (size_t k = 0; k < nx; k++)
        for (size_t i = 0; i < n; i++)
            if (isnan(X[k][i])) return 0;
    for (size_t k = 0; k < ny; k++)
        for (size_t i = 0; i < n; i++)
            if (isnan(Y[k][i])) return 0;
    return 1;
}

/* The rows where each column is missing, column after column, into *rows
 * (caller frees), the start of each column's into *off (ncol + 1).  0, or -1. */
static int missing_rows(const double *const *M, size_t ncol, size_t n, uint32_t **rows, size_t **off) {
    size_t tot = 0;
    *off = malloc((ncol + 1) * sizeof **off);
    if (!*off) return -1;
    for (size_t k = 0; k < ncol; k++) {
        (*off)[k] = tot;
        for (size_t i = 0; i < n; i++) tot += isnan(M[k][i]) != 0;
    }
    (*off)[ncol] = tot;
    *rows = malloc((tot ? tot : 1) * sizeof **rows);
    if (!*rows) return -1;
    for (size_t k = 0, q = 0; k < ncol; k++)
        for (size_t i = 0; i < n; i++)
            if (isnan(M[k][i])) (*rows)[q++] = (uint32_t)i;
    return 0;
}

/* Spearman with missing values, one side of the block: each column's rows
 * in order of value, how many have a value, its doubled ranks, and the
 * missing rows (missing_rows).  All NULL when not used. */
typedef struct MissSide {
    uint32_t *P;
    size_t *np;
    float *R2;
    uint32_t *M;
    size_t *mo;
} MissSide;

static void miss_free(MissSide *s) {
    free(s->P);
    free(s->np);
    free(s->R2);
    free(s->M);
    free(s->mo);
    memset(s, 0, sizeof *s);
}

/* 0, or -1 (out of memory: s left empty). */
static int miss_alloc(MissSide *s, const double *const *C, size_t nc, size_t n) {
    s->P = malloc((nc ? nc : 1) * n * sizeof *s->P);
    s->np = calloc(nc ? nc : 1, sizeof *s->np);
    s->R2 = malloc((nc ? nc : 1) * n * sizeof *s->R2);
    if (s->P && s->np && s->R2 && missing_rows(C, nc, n, &s->M, &s->mo) == 0) return 0;
    miss_free(s);
    return -1;
}

static atomic_int use_blas = 1;   /* see cor_use_blas */

void cor_use_blas(int yes) { use_blas = yes != 0; }

int cor_block(const double *const *X, size_t nx, const double *const *Y, size_t ny, size_t n, CorMethod m, CorExact e,
              int threads, volatile sig_atomic_t *cancel, double *r, double *p, uint32_t *nn, unsigned char *ex,
              unsigned char *tx, unsigned char *ty) {
    stats_init();
    unsigned char *cx = calloc(nx ? nx : 1, 1), *cy = calloc(ny ? ny : 1, 1);
    /* the complete columns' ties, when an exact p could use them */
    int want_ties = m == COR_SPEARMAN && cor_exact_applies(m, n, 0, e);
    unsigned char *tx0 = want_ties ? calloc(nx ? nx : 1, 1) : NULL, *ty0 = want_ties ? calloc(ny ? ny : 1, 1) : NULL;
    double *ZX = NULL, *ZY = NULL;
    MissSide mx = {0}, my = {0};   /* Spearman with missing values */
    int rc = 0, dot = 0;
    if (tx) memset(tx, 0, nx);
    if (ty) memset(ty, 0, ny);
    if (!cx || !cy || (want_ties && (!tx0 || !ty0))) { rc = -1; goto out; }
    if (m != COR_KENDALL) {
        ZX = malloc((nx && n ? nx * n : 1) * sizeof *ZX);
        ZY = malloc((ny && n ? ny * n : 1) * sizeof *ZY);
        if (!ZX || !ZY) { rc = -1; goto out; }
        if (m == COR_SPEARMAN && n && n < (1u << 23) && !all_complete(X, nx, Y, ny, n)) {
            if (miss_alloc(&mx, X, nx, n) < 0 || miss_alloc(&my, Y, ny, n) < 0) {
                miss_free(&mx);   /* the pairs then go through cor_pair */
                miss_free(&my);
            }
        }
        if ((rc = prepare_par(X, nx, n, m, ZX, cx, tx0, mx.P, mx.np, mx.R2, threads, cancel)) < 0 ||
            (rc = prepare_par(Y, ny, n, m, ZY, cy, ty0, my.P, my.np, my.R2, threads, cancel)) < 0) goto out;
        if (tx && tx0) memcpy(tx, tx0, nx);
        if (ty && ty0) memcpy(ty, ty0, ny);
        /* r = ZXᵀ ZY: ZX is n × nx column-major = nx × n row-major.  A
           small product (a few hundred thousand multiply-adds) is made by
           the workers below, one dot product per pair: BLAS would gain
           nothing there, and OpenBLAS's first product takes a 128 MB
           buffer — the one allocation that, refused under a memory limit,
           OpenBLAS retries forever.  Without BLAS (cor_use_blas(0)) every
           product is made that way. */
        dot = !use_blas || (double)nx * (double)ny * (double)n < COR_BLAS_MIN;
        for (size_t k = 0; k < nx * ny; k++) r[k] = 0;
        /* in blocks of Y columns, so that Ctrl-C is seen between them (one
           product of a 1,000 × 20,000 map takes about a second) */
        size_t blk = ny;
        if (nx * n > 0) {
            size_t target = (size_t)512 << 20;   /* about 0.5 G multiply-adds (tens of ms) a block */
            blk = target / (nx * n);
            if (blk < 128) blk = 128;   /* still an efficient product shape */
            if (blk > ny) blk = ny;
        }
        for (size_t j0 = 0; !dot && nx && ny && n && j0 < ny; j0 += blk) {
            if (cancel && *cancel) { rc = -2; goto out; }
            size_t nb = j0 + blk <= ny ? blk : ny - j0;
            gsl_matrix_const_view A = gsl_matrix_const_view_array(ZX, nx, n);
            gsl_matrix_const_view B = gsl_matrix_const_view_array(ZY + j0 * n, nb, n);
            gsl_matrix_view C = gsl_matrix_view_array_with_tda(r + j0, nx, nb, ny);
            if (gsl_blas_dgemm(CblasNoTrans, CblasTrans, 1.0, &A.matrix, &B.matrix, 0.0, &C.matrix)) { rc = -1; goto out; }
        }
        /* NaN columns (constant) make NaN products: keep them NA */
    }
    Work w = {X, Y, nx, ny, n, m, e, cx, cy, tx0, ty0, r, p, nn, ex, 0, PTHREAD_MUTEX_INITIALIZER, cancel, 0,
              ZX, ZY, dot, mx.P, my.P, mx.np, my.np, mx.R2, my.R2, mx.M, my.M, mx.mo, my.mo};
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    if ((size_t)nt > nx) nt = nx ? (int)nx : 1;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, worker, &w) == 0) started++;
        else break;
    worker(&w);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (cancel && *cancel) rc = -2;
out:
    free(cx);
    free(cy);
    free(tx0);
    free(ty0);
    free(ZX);
    free(ZY);
    miss_free(&mx);
    miss_free(&my);
    return rc;
}

/* Residuals of v on [1, Z] (m rows, k columns) into out. */
static int residualise(const double *v, const double *Z, size_t m, size_t k, double *out) {
    gsl_matrix *X = gsl_matrix_alloc(m, k + 1), *cov = gsl_matrix_alloc(k + 1, k + 1);
    gsl_vector *yv = gsl_vector_alloc(m), *c = gsl_vector_alloc(k + 1), *res = gsl_vector_alloc(m);
    gsl_multifit_linear_workspace *w = gsl_multifit_linear_alloc(m, k + 1);
    int rc = -1;
    if (!X || !cov || !yv || !c || !res || !w) goto out;
    for (size_t i = 0; i < m; i++) {
        gsl_matrix_set(X, i, 0, 1);
        for (size_t j = 0; j < k; j++) gsl_matrix_set(X, i, j + 1, Z[j * m + i]);
        gsl_vector_set(yv, i, v[i]);
    }
    double chisq;
    if (gsl_multifit_linear(X, yv, c, cov, &chisq, w) != 0) goto out;
    if (gsl_multifit_linear_residuals(X, yv, c, res) != 0) goto out;
    for (size_t i = 0; i < m; i++) out[i] = gsl_vector_get(res, i);
    rc = 0;
out:
    gsl_matrix_free(X);
    gsl_matrix_free(cov);
    gsl_vector_free(yv);
    gsl_vector_free(c);
    gsl_vector_free(res);
    if (w) gsl_multifit_linear_free(w);
    return rc;
}

CorResult cor_partial(const double *x, const double *y, const double *z, size_t n, size_t k, CorMethod m) {
    stats_init();
    CorResult res = {0, NAN, NAN, 0};
    if (m == COR_KENDALL) return res;
    double *a = malloc((n ? n : 1) * sizeof *a), *b = malloc((n ? n : 1) * sizeof *b);
    double *Z = malloc((n && k ? n * k : 1) * sizeof *Z), *ra = malloc((n ? n : 1) * sizeof *ra), *rb = malloc((n ? n : 1) * sizeof *rb);
    if (!a || !b || !Z || !ra || !rb) goto out;
    size_t mm = 0;
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(x[i]) && !isnan(y[i]);
        for (size_t j = 0; j < k && ok; j++) ok = !isnan(z[j * n + i]);
        if (!ok) continue;
        a[mm] = x[i];
        b[mm] = y[i];
        mm++;
    }
    /* the covariates of the kept rows, column by column */
    for (size_t j = 0; j < k; j++) {
        size_t q = 0;
        for (size_t i = 0; i < n; i++) {
            int ok = !isnan(x[i]) && !isnan(y[i]);
            for (size_t jj = 0; jj < k && ok; jj++) ok = !isnan(z[jj * n + i]);
            if (ok) Z[j * mm + q++] = z[j * n + i];
        }
    }
    res.n = mm;
    if (mm < k + 3) goto out;
    if (m == COR_SPEARMAN) {
        if (rank_average(a, mm, a) < 0 || rank_average(b, mm, b) < 0) { res.n = 0; goto out; }
        for (size_t j = 0; j < k; j++)
            if (rank_average(Z + j * mm, mm, Z + j * mm) < 0) { res.n = 0; goto out; }
    }
    if (residualise(a, Z, mm, k, ra) < 0 || residualise(b, Z, mm, k, rb) < 0) goto out;
    res.r = pearson(ra, rb, mm);
    res.p = cor_p_df(res.r, (double)mm - 2 - (double)k);
out:
    free(a);
    free(b);
    free(Z);
    free(ra);
    free(rb);
    return res;
}
