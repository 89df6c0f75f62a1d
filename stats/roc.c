/* roc.c — see roc.h. */
#include "stats/roc.h"
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/describe.h"

typedef struct Pt {
    double x;       /* predictor, sign-adjusted so that cases are higher */
    int y;          /* 1 case, 0 control */
    size_t i;       /* position among its class */
} Pt;

static int cmp_pt(const void *a, const void *b) {
    const Pt *p = a, *q = b;
    return (p->x > q->x) - (p->x < q->x);
}

static int cmp_d(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median_of(double *v, size_t n) {
    qsort(v, n, sizeof *v, cmp_d);
    return quantile_sorted(v, n, 0.5);
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

/* Placements of cases (v10) and controls (v01), sign s applied to x:
 * v10_i = (#controls below + ½ #tied) / n0, v01_j = (#cases above + ½ #tied) / n1. */
static int placements(const double *xc, size_t n1, const double *xo, size_t n0, double s, double *v10, double *v01) {
    size_t n = n1 + n0;
    Pt *p = malloc((n ? n : 1) * sizeof *p);
    if (!p) return -1;
    for (size_t i = 0; i < n1; i++) p[i] = (Pt){s * xc[i], 1, i};
    for (size_t j = 0; j < n0; j++) p[n1 + j] = (Pt){s * xo[j], 0, j};
    qsort(p, n, sizeof *p, cmp_pt);
    double below1 = 0, below0 = 0;   /* cases and controls strictly below the current value */
    for (size_t a = 0; a < n;) {
        size_t b = a;
        double t1 = 0, t0 = 0;
        while (b < n && p[b].x == p[a].x) { if (p[b].y) t1++; else t0++; b++; }
        for (size_t k = a; k < b; k++) {
            if (p[k].y) v10[p[k].i] = (below0 + 0.5 * t0) / (double)n0;
            else v01[p[k].i] = ((double)n1 - below1 - t1 + 0.5 * t1) / (double)n1;
        }
        below1 += t1;
        below0 += t0;
        a = b;
    }
    free(p);
    return 0;
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

int roc_fit(const double *x, const int *y, size_t n, int direction, RocFit *r) {
    memset(r, 0, sizeof *r);
    size_t n1 = 0, n0 = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (y[i] == 0 || y[i] == 1)) { if (y[i]) n1++; else n0++; }
    r->n_pos = n1;
    r->n_neg = n0;
    if (!n1 || !n0) return -2;
    double *xc = malloc(n1 * sizeof *xc), *xo = malloc(n0 * sizeof *xo);
    r->case_row = malloc(n1 * sizeof *r->case_row);
    r->ctrl_row = malloc(n0 * sizeof *r->ctrl_row);
    r->v10 = malloc(n1 * sizeof *r->v10);
    r->v01 = malloc(n0 * sizeof *r->v01);
    double *all = malloc((n1 + n0) * sizeof *all);
    if (!xc || !xo || !r->case_row || !r->ctrl_row || !r->v10 || !r->v01 || !all) goto oom;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || (y[i] != 0 && y[i] != 1)) continue;
        if (y[i]) { r->case_row[a] = i; xc[a++] = x[i]; }
        else { r->ctrl_row[b] = i; xo[b++] = x[i]; }
    }
    if (direction == 0) {
        double *t1 = malloc(n1 * sizeof *t1), *t0 = malloc(n0 * sizeof *t0);
        if (!t1 || !t0) { free(t1); free(t0); goto oom; }
        memcpy(t1, xc, n1 * sizeof *t1);
        memcpy(t0, xo, n0 * sizeof *t0);
        direction = median_of(t0, n0) <= median_of(t1, n1) ? 1 : -1;
        free(t1);
        free(t0);
    }
    r->direction = direction;
    if (placements(xc, n1, xo, n0, direction, r->v10, r->v01) < 0) goto oom;
    r->auc = mean_of(r->v10, n1);
    r->var = cov_of(r->v10, r->v10, n1) / (double)n1 + cov_of(r->v01, r->v01, n0) / (double)n0;
    /* thresholds: −Inf, midpoints between distinct values, +Inf (increasing) */
    memcpy(all, xc, n1 * sizeof *all);
    memcpy(all + n1, xo, n0 * sizeof *all);
    qsort(all, n1 + n0, sizeof *all, cmp_d);
    size_t nd = 0;
    for (size_t i = 0; i < n1 + n0; i++)
        if (!nd || all[i] != all[nd - 1]) all[nd++] = all[i];
    r->nthr = nd + 1;
    r->thr = malloc(r->nthr * sizeof *r->thr);
    r->se = malloc(r->nthr * sizeof *r->se);
    r->sp = malloc(r->nthr * sizeof *r->sp);
    if (!r->thr || !r->se || !r->sp) goto oom;
    r->thr[0] = -INFINITY;
    for (size_t i = 1; i < nd; i++) r->thr[i] = (all[i - 1] + all[i]) / 2;
    r->thr[nd] = INFINITY;
    qsort(xc, n1, sizeof *xc, cmp_d);
    qsort(xo, n0, sizeof *xo, cmp_d);
    size_t c1 = 0, c0 = 0;   /* cases and controls below the threshold */
    for (size_t k = 0; k < r->nthr; k++) {
        double t = r->thr[k];
        while (c1 < n1 && xc[c1] < t) c1++;
        while (c0 < n0 && xo[c0] < t) c0++;
        if (direction > 0) {   /* positive when x > t */
            r->se[k] = (double)(n1 - c1) / (double)n1;
            r->sp[k] = (double)c0 / (double)n0;
        } else {               /* positive when x < t */
            r->se[k] = (double)c1 / (double)n1;
            r->sp[k] = (double)(n0 - c0) / (double)n0;
        }
    }
    free(xc);
    free(xo);
    free(all);
    return 0;
oom:
    free(xc);
    free(xo);
    free(all);
    roc_free(r);
    return -1;
}

void roc_ci_delong(const RocFit *r, double level, double *lo, double *hi) {
    double z = gsl_cdf_ugaussian_Pinv(1 - (1 - level) / 2), sd = sqrt(r->var);
    *lo = r->auc - z * sd;
    *hi = r->auc + z * sd;
    if (*lo < 0) *lo = 0;
    if (*hi > 1) *hi = 1;
}

int roc_ci_boot(const double *x, const int *y, size_t n, int direction, size_t B, unsigned long seed, double level,
                volatile sig_atomic_t *cancel, double *lo, double *hi) {
    size_t n1 = 0, n0 = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && (y[i] == 0 || y[i] == 1)) { if (y[i]) n1++; else n0++; }
    double *xc = malloc((n1 ? n1 : 1) * sizeof *xc), *xo = malloc((n0 ? n0 : 1) * sizeof *xo);
    double *bc = malloc((n1 ? n1 : 1) * sizeof *bc), *bo = malloc((n0 ? n0 : 1) * sizeof *bo);
    double *v10 = malloc((n1 ? n1 : 1) * sizeof *v10), *v01 = malloc((n0 ? n0 : 1) * sizeof *v01);
    double *aucs = malloc((B ? B : 1) * sizeof *aucs);
    gsl_rng *g = gsl_rng_alloc(gsl_rng_mt19937);
    int rc = -1;
    if (!xc || !xo || !bc || !bo || !v10 || !v01 || !aucs || !g || !n1 || !n0) goto out;
    size_t a = 0, b = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(x[i]) || (y[i] != 0 && y[i] != 1)) continue;
        if (y[i]) xc[a++] = x[i];
        else xo[b++] = x[i];
    }
    gsl_rng_set(g, seed);
    for (size_t k = 0; k < B; k++) {
        if (cancel && *cancel) { rc = -2; goto out; }
        for (size_t i = 0; i < n1; i++) bc[i] = xc[gsl_rng_uniform_int(g, n1)];
        for (size_t j = 0; j < n0; j++) bo[j] = xo[gsl_rng_uniform_int(g, n0)];
        if (placements(bc, n1, bo, n0, direction, v10, v01) < 0) goto out;
        aucs[k] = mean_of(v10, n1);
    }
    qsort(aucs, B, sizeof *aucs, cmp_d);
    *lo = quantile_sorted(aucs, B, (1 - level) / 2);
    *hi = quantile_sorted(aucs, B, 1 - (1 - level) / 2);
    rc = 0;
out:
    if (g) gsl_rng_free(g);
    free(xc); free(xo); free(bc); free(bo); free(v10); free(v01); free(aucs);
    return rc;
}

double roc_test_paired(const RocFit *a, const RocFit *b, double *p) {
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
    /* McClish: 0.5 for the diagonal, 1 for a perfect curve, over the range */
    double min = (to - from) * (1 - (from + to) / 2), max = to - from;
    return (1 + (area - min) / (max - min)) / 2;
}
