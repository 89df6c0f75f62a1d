/* roc.c — see roc.h. */
#include "stats/roc.h"
#include "stats/stats.h"
#include "stats/sortx.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <pthread.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include "stats/describe.h"
#include "stats/mt19937.h"

typedef struct Pt {
    double x;       /* predictor, sign-adjusted so that cases are higher */
    int y;          /* 1 case, 0 control */
    size_t i;       /* position among its class */
} Pt;

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

void roc_free(RocFit *r) {
    free(r->thr);
    free(r->se);
    free(r->sp);
    free(r->v10);
    free(r->v01);
    free(r->case_row);
    free(r->ctrl_row);
    memset(r, 0, sizeof *r);
}

static double mean_of(const double *v, size_t n) {
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += v[i];
    return n ? (double)(s / n) : NAN;
}

/* sample covariance of a and b (n − 1) */
static double cov_of(const double *a, const double *b, size_t n) {
    if (n < 2) return NAN;
    double ma = mean_of(a, n), mb = mean_of(b, n);
    long double s = 0;
    for (size_t i = 0; i < n; i++) s += (a[i] - ma) * (b[i] - mb);
    return (double)(s / (n - 1));
}

SORT_BY_X(sort_pt, Pt)

/* The k-th value of a sorted class in the direction's order. */
static double adj(const Pt *v, size_t n, size_t k, int dir) { return dir > 0 ? v[k].x : -v[n - 1 - k].x; }
static size_t adj_i(const Pt *v, size_t n, size_t k, int dir) { return dir > 0 ? v[k].i : v[n - 1 - k].i; }

/* The median of a sorted class. */
static double median_pt(const Pt *v, size_t n) { return n % 2 ? v[n / 2].x : (v[n / 2 - 1].x + v[n / 2].x) / 2; }

/* The placement values of r (v10 of each case, v01 of each control), its
 * AUC and DeLong variance: the two sorted classes merged in the
 * direction's order, ties counted half. */
static void roc_placements(const Pt *pc, size_t n1, const Pt *po, size_t n0, int direction, RocFit *r) {
    size_t i1 = 0, i0 = 0;
    double below1 = 0, below0 = 0;
    while (i1 < n1 || i0 < n0) {
        double v1 = i1 < n1 ? adj(pc, n1, i1, direction) : INFINITY, v0 = i0 < n0 ? adj(po, n0, i0, direction) : INFINITY;
        double v = v1 < v0 ? v1 : v0;
        size_t e1 = i1, e0 = i0;
        while (e1 < n1 && adj(pc, n1, e1, direction) == v) e1++;
        while (e0 < n0 && adj(po, n0, e0, direction) == v) e0++;
        double t1 = (double)(e1 - i1), t0 = (double)(e0 - i0);
        for (size_t k = i1; k < e1; k++) r->v10[adj_i(pc, n1, k, direction)] = (below0 + 0.5 * t0) / (double)n0;
        for (size_t k = i0; k < e0; k++)
            r->v01[adj_i(po, n0, k, direction)] = ((double)n1 - below1 - t1 + 0.5 * t1) / (double)n1;
        below1 += t1;
        below0 += t0;
        i1 = e1;
        i0 = e0;
    }
    r->auc = mean_of(r->v10, n1);
    r->var = cov_of(r->v10, r->v10, n1) / (double)n1 + cov_of(r->v01, r->v01, n0) / (double)n0;
}

/* The curve of r: thresholds −Inf, the midpoints between distinct raw
 * values, +Inf (increasing), with the sensitivity and specificity at each. */
static void roc_curve(const Pt *pc, size_t n1, const Pt *po, size_t n0, int direction, RocFit *r) {
    size_t k = 0, i1 = 0, i0 = 0;
    r->thr[k++] = -INFINITY;
    double prev = NAN;
    while (i1 < n1 || i0 < n0) {
        double v1 = i1 < n1 ? pc[i1].x : INFINITY, v0 = i0 < n0 ? po[i0].x : INFINITY;
        double v = v1 < v0 ? v1 : v0;
        if (!isnan(prev)) r->thr[k++] = (prev + v) / 2;
        while (i1 < n1 && pc[i1].x == v) i1++;
        while (i0 < n0 && po[i0].x == v) i0++;
        prev = v;
    }
    r->thr[k++] = INFINITY;
    r->nthr = k;
    size_t c1 = 0, c0 = 0;   /* cases and controls below the threshold */
    for (size_t q = 0; q < r->nthr; q++) {
        double t = r->thr[q];
        while (c1 < n1 && pc[c1].x < t) c1++;
        while (c0 < n0 && po[c0].x < t) c0++;
        if (direction > 0) {   /* positive when x > t */
            r->se[q] = (double)(n1 - c1) / (double)n1;
            r->sp[q] = (double)c0 / (double)n0;
        } else {               /* positive when x < t */
            r->se[q] = (double)c1 / (double)n1;
            r->sp[q] = (double)(n0 - c0) / (double)n0;
        }
    }
}

int roc_fit(const double *x, const int *y, size_t n, int direction, RocFit *r) {
    memset(r, 0, sizeof *r);
    size_t n1 = 0, n0 = 0, ninf = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (y[i] == 0 || y[i] == 1)) {
            if (y[i]) n1++;
            else n0++;
            ninf += isinf(x[i]) != 0;
        }
    r->n_pos = n1;
    r->n_neg = n0;
    if (!n1 || !n0) return -2;
    if (ninf) return -3;   /* as pROC: no valid curve */
    Pt *pc = malloc(n1 * sizeof *pc), *po = malloc(n0 * sizeof *po);
    r->case_row = malloc(n1 * sizeof *r->case_row);
    r->ctrl_row = malloc(n0 * sizeof *r->ctrl_row);
    r->v10 = malloc(n1 * sizeof *r->v10);
    r->v01 = malloc(n0 * sizeof *r->v01);
    r->thr = malloc((n1 + n0 + 1) * sizeof *r->thr);
    r->se = malloc((n1 + n0 + 1) * sizeof *r->se);
    r->sp = malloc((n1 + n0 + 1) * sizeof *r->sp);
    if (!pc || !po || !r->case_row || !r->ctrl_row || !r->v10 || !r->v01 || !r->thr || !r->se || !r->sp) {
        free(pc);
        free(po);
        roc_free(r);
        return -1;
    }
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || (y[i] != 0 && y[i] != 1)) continue;
        if (y[i]) { r->case_row[a] = i; pc[a] = (Pt){x[i], 1, a}; a++; }
        else { r->ctrl_row[b] = i; po[b] = (Pt){x[i], 0, b}; b++; }
    }
    sort_pt(pc, n1);
    sort_pt(po, n0);
    if (direction == 0)   /* pROC: '<' when median(controls) <= median(cases) */
        direction = median_pt(po, n0) <= median_pt(pc, n1) ? 1 : -1;
    r->direction = direction;
    roc_placements(pc, n1, po, n0, direction, r);
    roc_curve(pc, n1, po, n0, direction, r);
    free(pc);
    free(po);
    return 0;
}

void roc_ci_delong(const RocFit *r, double level, double *lo, double *hi) {
    stats_init();
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2), sd = sqrt(r->var);
    *lo = r->auc - z * sd;
    *hi = r->auc + z * sd;
    if (*lo < 0) *lo = 0;
    if (*hi > 1) *hi = 1;
}

/* The data of a bootstrap: values sorted once, each with its class and
 * its index within the class; tie groups marked by where they start. */
typedef struct BootData {
    size_t n1, n0, n;       /* cases, controls, both */
    uint32_t *idx;          /* index of each sorted value within its class */
    unsigned char *cls;     /* 1 case, 0 control */
    unsigned char *start;   /* 1 where a new tie group begins */
} BootData;

typedef struct BootWork {
    const BootData *d;      /* the data */
    size_t B;               /* resamples */
    unsigned long seed;     /* base seed: resample b uses its own stream */
    double *aucs;           /* B results */
    size_t next;            /* next resample to do */
    pthread_mutex_t lock;   /* guards next and done */
    size_t done;            /* resamples finished (for progress) */
    volatile sig_atomic_t *cancel;
    int failed;             /* out of memory in a worker */
} BootWork;

/* One resample's AUC: multinomial counts per case and per control (a byte
 * each: the arrays stay in the cache at 10^6 patients; a count that would
 * pass 255 sends the resample to the wide counts, w32), then a single pass
 * over the sorted values (O(n) per resample). */
static double boot_auc(const BootData *d, Mt *g, uint8_t *w1, uint8_t *w0, uint32_t *w32) {
    memset(w1, 0, d->n1);
    memset(w0, 0, d->n0);
    Mt start = *g;
    UniformInt u1 = uniform_int_of((uint32_t)d->n1), u0 = uniform_int_of((uint32_t)d->n0);
    int wide = 0;
    for (size_t i = 0; i < d->n1; i++) wide |= ++w1[uniform_int(g, &u1)] == 0;
    for (size_t j = 0; j < d->n0 && !wide; j++) wide |= ++w0[uniform_int(g, &u0)] == 0;
    double num = 0, below0 = 0;
    if (wide) {   /* the same draws again, counted in 32 bits (cases, then controls after them) */
        *g = start;
        uint32_t *c1w = w32, *c0w = w32 + d->n1;
        memset(w32, 0, d->n * sizeof *w32);
        for (size_t i = 0; i < d->n1; i++) c1w[uniform_int(g, &u1)]++;
        for (size_t j = 0; j < d->n0; j++) c0w[uniform_int(g, &u0)]++;
        for (size_t a = 0; a < d->n;) {
            size_t b = a;
            double c1 = 0, c0 = 0;
            do {
                if (d->cls[b]) c1 += c1w[d->idx[b]];
                else c0 += c0w[d->idx[b]];
                b++;
            } while (b < d->n && !d->start[b]);
            num += c1 * (below0 + 0.5 * c0);
            below0 += c0;
            a = b;
        }
        return num / ((double)d->n1 * (double)d->n0);
    }
    for (size_t a = 0; a < d->n;) {
        size_t b = a;
        double c1 = 0, c0 = 0;
        do {
            if (d->cls[b]) c1 += w1[d->idx[b]];
            else c0 += w0[d->idx[b]];
            b++;
        } while (b < d->n && !d->start[b]);
        num += c1 * (below0 + 0.5 * c0);
        below0 += c0;
        a = b;
    }
    return num / ((double)d->n1 * (double)d->n0);
}

static void *boot_worker(void *arg) {
    BootWork *w = arg;
    const BootData *d = w->d;
    uint8_t *w1 = malloc(d->n1 ? d->n1 : 1), *w0 = malloc(d->n0 ? d->n0 : 1);
    uint32_t *w32 = malloc((d->n ? d->n : 1) * sizeof *w32);
    Mt *g = malloc(sizeof *g);
    if (!w1 || !w0 || !w32 || !g) {
        pthread_mutex_lock(&w->lock);
        w->failed = 1;
        pthread_mutex_unlock(&w->lock);
        goto out;
    }
    for (;;) {
        pthread_mutex_lock(&w->lock);
        size_t b = w->next++;
        pthread_mutex_unlock(&w->lock);
        if (b >= w->B || (w->cancel && *w->cancel)) break;
        mt_seed(g, w->seed * 1000003UL + b + 1);   /* resample b: the same stream whatever the threads */
        w->aucs[b] = boot_auc(d, g, w1, w0, w32);
    }
out:
    free(g);
    free(w1);
    free(w0);
    free(w32);
    return NULL;
}

int roc_ci_boot(const double *x, const int *y, size_t n, int direction, size_t B, unsigned long seed, double level,
                int threads, volatile sig_atomic_t *cancel, double *lo, double *hi) {
    stats_init();
    BootData d = {0};
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (y[i] == 0 || y[i] == 1)) { if (y[i]) d.n1++; else d.n0++; }
    d.n = d.n1 + d.n0;
    if (!d.n1 || !d.n0 || !B || d.n1 > 0xffffffffUL || d.n0 > 0xffffffffUL) return -1;
    Pt *p = malloc(d.n * sizeof *p);
    d.idx = malloc(d.n * sizeof *d.idx);
    d.cls = malloc(d.n);
    d.start = malloc(d.n);
    double *aucs = malloc(B * sizeof *aucs);
    int rc = -1;
    if (!p || !d.idx || !d.cls || !d.start || !aucs) goto out;
    size_t c1 = 0, c0 = 0, k = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || (y[i] != 0 && y[i] != 1)) continue;
        p[k++] = (Pt){direction * x[i], y[i], y[i] ? c1++ : c0++};
    }
    sort_pt(p, d.n);
    for (size_t i = 0; i < d.n; i++) {
        d.idx[i] = (uint32_t)p[i].i;
        d.cls[i] = (unsigned char)p[i].y;
        d.start[i] = i == 0 || p[i].x != p[i - 1].x;
    }
    BootWork w = {&d, B, seed, aucs, 0, PTHREAD_MUTEX_INITIALIZER, 0, cancel, 0};
    int nt = threads < 1 ? 1 : threads > 64 ? 64 : threads;
    pthread_t tid[64];
    int started = 0;
    for (int t = 1; t < nt; t++)
        if (pthread_create(&tid[t], NULL, boot_worker, &w) == 0) started++;
        else break;
    boot_worker(&w);
    for (int t = 1; t <= started; t++) pthread_join(tid[t], NULL);
    if (cancel && *cancel) { rc = -2; goto out; }
    if (w.failed) goto out;
    qsort(aucs, B, sizeof *aucs, cmp_d);
    *lo = quantile_sorted(aucs, B, (1 - level) / 2);
    *hi = quantile_sorted(aucs, B, 1 - (1 - level) / 2);
    rc = 0;
out:
    free(p);
    free(d.idx);
    free(d.cls);
    free(d.start);
    free(aucs);
    return rc;
}

double roc_test_paired(const RocFit *a, const RocFit *b, double *p) {
    stats_init();
    *p = NAN;
    if (a->n_pos != b->n_pos || a->n_neg != b->n_neg) return NAN;
    for (size_t i = 0; i < a->n_pos; i++)
        if (a->case_row[i] != b->case_row[i]) return NAN;
    for (size_t j = 0; j < a->n_neg; j++)
        if (a->ctrl_row[j] != b->ctrl_row[j]) return NAN;
    double n1 = (double)a->n_pos, n0 = (double)a->n_neg;
    double cov = cov_of(a->v10, b->v10, a->n_pos) / n1 + cov_of(a->v01, b->v01, a->n_neg) / n0;
    double v = a->var + b->var - 2 * cov;
    if (!(v > 0)) return NAN;
    double z = (a->auc - b->auc) / sqrt(v);
    *p = 2 * gsl_cdf_ugaussian_Q(fabs(z));
    return z;
}

double roc_test_unpaired(const RocFit *a, const RocFit *b, double *p) {
    stats_init();
    double v = a->var + b->var;
    *p = NAN;
    if (!(v > 0)) return NAN;
    double d = (a->auc - b->auc) / sqrt(v);
    /* D on Welch–Satterthwaite degrees of freedom, as pROC */
    double na = (double)(a->n_pos + a->n_neg), nb = (double)(b->n_pos + b->n_neg);
    double df = v * v / (a->var * a->var / (na - 1) + b->var * b->var / (nb - 1));
    *p = 2 * gsl_cdf_tdist_Q(fabs(d), df);
    return d;
}

void roc_at_threshold(const double *x, const int *y, size_t n, int dir, double t, double cnt[4]) {
    cnt[0] = cnt[1] = cnt[2] = cnt[3] = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || (y[i] != 0 && y[i] != 1)) continue;
        int positive = dir > 0 ? x[i] >= t : x[i] <= t;
        if (y[i]) cnt[positive ? 0 : 3]++;
        else cnt[positive ? 1 : 2]++;
    }
}

typedef struct SpSe {
    double sp, se;  /* a point of the curve */
} SpSe;

static int cmp_spse(const void *a, const void *b) {
    const SpSe *p = a, *q = b;
    if (p->sp != q->sp) return p->sp < q->sp ? -1 : 1;
    return (p->se < q->se) - (p->se > q->se);   /* along the curve: se falls as sp rises */
}

double roc_partial_auc(const RocFit *r, double from, double to, int mcclish) {
    /* the area under se(sp) for sp in [from, to], the curve linear between
       its points, with linear interpolation at the limits */
    size_t m = r->nthr;
    SpSe *pt = malloc((m ? m : 1) * sizeof *pt);
    if (!pt) return NAN;
    for (size_t k = 0; k < m; k++) pt[k] = (SpSe){r->sp[k], r->se[k]};
    qsort(pt, m, sizeof *pt, cmp_spse);
    double area = 0;
    for (size_t k = 0; k + 1 < m; k++) {
        double x0 = pt[k].sp, x1 = pt[k + 1].sp, y0 = pt[k].se, y1 = pt[k + 1].se;
        if (x1 <= x0) continue;   /* a vertical step: no area */
        double a = x0 > from ? x0 : from, b = x1 < to ? x1 : to;
        if (b <= a) continue;
        double fa = y0 + (y1 - y0) * (a - x0) / (x1 - x0), fb = y0 + (y1 - y0) * (b - x0) / (x1 - x0);
        area += (b - a) * (fa + fb) / 2;
    }
    free(pt);
    if (!mcclish) return area;
    /* McClish: 0.5 for the diagonal, 1 for a perfect curve, over the range;
       not defined below the diagonal (pROC: NA with a warning) */
    double min = (to - from) * (1 - (from + to) / 2), max = to - from;
    if (area < min) return NAN;
    return (1 + (area - min) / (max - min)) / 2;
}

void roc_pairing(const double *x1, const double *x2, const int *y, size_t n, RocPairing *pg) {
    *pg = (RocPairing){0, 0, 0};
    for (size_t i = 0; i < n; i++) {
        if (y[i] != 0 && y[i] != 1) continue;
        int h1 = !isnan(x1[i]), h2 = !isnan(x2[i]);
        pg->only1 += h1 && !h2;
        pg->only2 += h2 && !h1;
        pg->both += h1 && h2;
    }
}

int roc_fit_shared(const double *x1, const double *x2, const int *y, size_t n, int dir1, int dir2, RocFit *a,
                   RocFit *b) {
    memset(a, 0, sizeof *a);
    memset(b, 0, sizeof *b);
    int *ys = malloc((n ? n : 1) * sizeof *ys);
    if (!ys) return -1;
    for (size_t i = 0; i < n; i++) ys[i] = isnan(x1[i]) || isnan(x2[i]) ? -1 : y[i];
    int rc = roc_fit(x1, ys, n, dir1, a);
    if (rc == 0) {
        rc = roc_fit(x2, ys, n, dir2, b);
        if (rc < 0) roc_free(a);
    }
    free(ys);
    return rc;
}

/* The measures from the counts cnt (tp fp tn fn) and the rates se, sp. */
static void coords_fill(double t, double se, double sp, const double cnt[4], double out[ROC_NCOORDS]) {
    double tp = cnt[0], fp = cnt[1], tn = cnt[2], fn = cnt[3];
    out[ROC_CO_THRESHOLD] = t;
    out[ROC_CO_SE] = se;
    out[ROC_CO_SP] = sp;
    out[ROC_CO_PPV] = tp + fp > 0 ? tp / (tp + fp) : NAN;
    out[ROC_CO_NPV] = tn + fn > 0 ? tn / (tn + fn) : NAN;
    out[ROC_CO_TP] = tp;
    out[ROC_CO_FP] = fp;
    out[ROC_CO_TN] = tn;
    out[ROC_CO_FN] = fn;
    out[ROC_CO_YOUDEN] = se + sp - 1;
}

void roc_coords_at(const double *x, const int *y, size_t n, int dir, double t, double out[ROC_NCOORDS]) {
    double cnt[4];
    roc_at_threshold(x, y, n, dir, t, cnt);
    coords_fill(t, cnt[0] / (cnt[0] + cnt[3]), cnt[2] / (cnt[2] + cnt[1]), cnt, out);
}

void roc_coords_point(double t, double se, double sp, double n_pos, double n_neg, double out[ROC_NCOORDS]) {
    double tp = se * n_pos, tn = sp * n_neg;
    double cnt[4] = {tp, n_neg - tn, tn, n_pos - tp};
    coords_fill(t, se, sp, cnt, out);
}

/* The criterion roc_best maximises at a point. */
static double best_crit(double se, double sp, int method) {
    return method == ROC_BEST_YOUDEN ? se + sp : -((1 - se) * (1 - se) + (1 - sp) * (1 - sp));
}

size_t roc_best(const double *se, const double *sp, size_t m, int method, size_t *which) {
    double best = NAN;
    for (size_t i = 0; i < m; i++) {
        double v = best_crit(se[i], sp[i], method);
        if (isnan(best) || v > best) best = v;
    }
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (fabs(best_crit(se[i], sp[i], method) - best) <= 1e-12 * (fabs(best) + 1)) which[k++] = i;
    return k;
}

/* AUC of the rows with weights w (cases and controls of y), direction dir. */
static double weighted_auc(const double *x, const int *y, const unsigned *w, size_t n, int dir, Pt *buf) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (w[i] && !isnan(x[i]) && (y[i] == 0 || y[i] == 1)) buf[m++] = (Pt){dir * x[i], y[i], i};
    sort_pt(buf, m);
    double num = 0, below0 = 0, n1 = 0, n0 = 0;
    for (size_t a = 0; a < m;) {
        size_t b = a;
        double c1 = 0, c0 = 0;
        while (b < m && buf[b].x == buf[a].x) {
            if (buf[b].y) c1 += w[buf[b].i];
            else c0 += w[buf[b].i];
            b++;
        }
        num += c1 * (below0 + 0.5 * c0);
        below0 += c0;
        n1 += c1;
        n0 += c0;
        a = b;
    }
    return n1 > 0 && n0 > 0 ? num / (n1 * n0) : NAN;
}

double roc_test_boot(const double *x1, const double *x2, const int *y, size_t n, int dir1, int dir2, size_t B,
                     unsigned long seed, volatile sig_atomic_t *cancel, double *p) {
    stats_init();
    *p = NAN;
    size_t n1 = 0, n0 = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x1[i]) && !isnan(x2[i]) && (y[i] == 0 || y[i] == 1)) { if (y[i]) n1++; else n0++; }
    if (!n1 || !n0 || B < 2) return NAN;
    size_t *cases = malloc(n1 * sizeof *cases), *ctrls = malloc(n0 * sizeof *ctrls);
    unsigned *w = calloc(n, sizeof *w);
    Pt *buf = malloc(n * sizeof *buf);
    double *diff = malloc(B * sizeof *diff);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    double D = NAN;
    if (!cases || !ctrls || !w || !buf || !diff || !g) goto out;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x1[i]) && !isnan(x2[i]) && (y[i] == 0 || y[i] == 1)) { if (y[i]) cases[a++] = i; else ctrls[b++] = i; }
    gsl_rng_set(g, seed);
    for (size_t k = 0; k < B; k++) {
        if (cancel && *cancel) goto out;
        memset(w, 0, n * sizeof *w);
        for (size_t i = 0; i < n1; i++) w[cases[gsl_rng_uniform_int(g, n1)]]++;
        for (size_t j = 0; j < n0; j++) w[ctrls[gsl_rng_uniform_int(g, n0)]]++;
        diff[k] = weighted_auc(x1, y, w, n, dir1, buf) - weighted_auc(x2, y, w, n, dir2, buf);
    }
    {
        unsigned *ones = malloc(n * sizeof *ones);
        if (!ones) goto out;
        for (size_t i = 0; i < n; i++) ones[i] = !isnan(x1[i]) && !isnan(x2[i]);
        double obs = weighted_auc(x1, y, ones, n, dir1, buf) - weighted_auc(x2, y, ones, n, dir2, buf);
        free(ones);
        double sd = sqrt(cov_of(diff, diff, B));
        if (sd > 0) {
            D = obs / sd;
            *p = 2 * gsl_cdf_ugaussian_Q(fabs(D));
        }
    }
out:
    if (g) gsl_rng_free(g);
    free(cases);
    free(ctrls);
    free(w);
    free(buf);
    free(diff);
    return D;
}
