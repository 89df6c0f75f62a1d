/* redundancy.c — see redundancy.h. */
#include "stats/redundancy.h"
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "stats/describe.h"
#include "stats/scalecheck.h"

/* a size for malloc: at least 1 */
static size_t nz(size_t k) { return k ? k : 1; }

void redundancy_free(Redundancy *res) {
    if (!res) return;
    free(res->kept);
    free(res->rep);
    free(res->rep_r);
    free(res->order);
    memset(res, 0, sizeof *res);
}

typedef struct { double x; size_t i; } Prio;

/* priority descending, NaN last, then index ascending */
static int cmp_prio(const void *a, const void *b) {
    const Prio *p = a, *q = b;
    int pn = isnan(p->x), qn = isnan(q->x);
    if (pn != qn) return pn - qn;
    if (!pn && p->x != q->x) return p->x > q->x ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int redundancy_select(const double *r, size_t p, const double *priority, double cut, Redundancy *res) {
    memset(res, 0, sizeof *res);
    if (!(cut >= 0 && cut <= 1)) return -5;
    res->p = p;
    size_t np = p ? p : 1;
    res->kept = calloc(np, 1);
    res->rep = malloc(np * sizeof *res->rep);
    res->rep_r = malloc(np * sizeof *res->rep_r);
    res->order = malloc(np * sizeof *res->order);
    Prio *pr = malloc(np * sizeof *pr);
    size_t *keptlist = malloc(np * sizeof *keptlist), nk = 0;
    if (!res->kept || !res->rep || !res->rep_r || !res->order || !pr || !keptlist) {
        free(pr);
        free(keptlist);
        return -1;
    }
    for (size_t j = 0; j < p; j++) pr[j] = (Prio){priority ? priority[j] : 0, j};
    qsort(pr, p, sizeof *pr, cmp_prio);
    for (size_t k = 0; k < p; k++) {
        size_t f = pr[k].i;
        res->order[k] = f;
        int blocked = 0;
        for (size_t q = 0; q < nk && !blocked; q++) blocked = fabs(r[f * p + keptlist[q]]) > cut;
        if (!blocked) {
            res->kept[f] = 1;
            res->rep[f] = f;
            res->rep_r[f] = 1;
            keptlist[nk++] = f;
        }
    }
    res->n_kept = nk;
    /* representatives: the kept feature most correlated with each dropped
       one (keptlist is in priority order, so ties go to the higher) */
    for (size_t f = 0; f < p; f++) {
        if (res->kept[f]) continue;
        double best = -1;
        for (size_t q = 0; q < nk; q++) {
            double a = fabs(r[f * p + keptlist[q]]);
            if (a > cut && a > best) {
                best = a;
                res->rep[f] = keptlist[q];
                res->rep_r[f] = r[f * p + keptlist[q]];
            }
        }
    }
    free(pr);
    free(keptlist);
    return 0;
}

int redundancy_from_data(const double *const *X, size_t p, size_t n, CorMethod m, int threads,
                         volatile sig_atomic_t *cancel, const double *priority, double cut, double *r,
                         Redundancy *res) {
    memset(res, 0, sizeof *res);
    if (m == COR_KENDALL || !(cut >= 0 && cut <= 1)) return -5;
    double *R = r ? r : malloc(nz(p * p) * sizeof *R);
    double *var = priority ? NULL : malloc((p ? p : 1) * sizeof *var);
    if (!R || (!priority && !var)) {
        if (!r) free(R);
        free(var);
        return -1;
    }
    int rc = cor_block(X, p, X, p, n, m, COR_EXACT_NO, threads, cancel, R, NULL, NULL, NULL, NULL, NULL);
    if (rc == 0) {
        if (!priority)
            for (size_t j = 0; j < p; j++) {
                double mean;
                size_t used;
                mean_var(X[j], n, &mean, &var[j], &used);
            }
        rc = redundancy_select(R, p, priority ? priority : var, cut, res);
    }
    if (!r) free(R);
    free(var);
    return rc;
}

size_t redundancy_members(const Redundancy *res, size_t k, size_t *idx, size_t max) {
    if (k >= res->p || !res->kept[k]) return 0;
    size_t m = 0;
    for (size_t i = 0; i < res->p; i++)
        if (!res->kept[i] && res->rep[i] == k) {
            if (m < max) idx[m] = i;
            m++;
        }
    return m;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int nzv_column(const double *x, size_t n, double freq_cut, double unique_cut, Nzv *out) {
    memset(out, 0, sizeof *out);
    double *v = malloc((n ? n : 1) * sizeof *v);
    if (!v) return -1;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i])) v[m++] = x[i];
    qsort(v, m, sizeof *v, cmp_double);
    /* distinct values exactly (unique()); counts of table()'s levels, which
       merge values whose 15-digit text is the same (adjacent once sorted) */
    size_t nu = 0, top1 = 0, top2 = 0, run = 0;
    char prev[40] = "", cur[40];
    for (size_t i = 0; i < m; i++) {
        if (i == 0 || v[i] != v[i - 1]) nu++;
        if (i > 0 && v[i] == v[i - 1]) { run++; continue; }
        snprintf(cur, sizeof cur, "%.15g", v[i]);
        if (i > 0 && strcmp(cur, prev) == 0) { run++; continue; }
        /* a new level: close the last one */
        if (i > 0) {
            if (run > top1) { top2 = top1; top1 = run; }
            else if (run > top2) top2 = run;
        }
        memcpy(prev, cur, sizeof prev);
        run = 1;
    }
    if (m) {
        if (run > top1) { top2 = top1; top1 = run; }
        else if (run > top2) top2 = run;
    }
    free(v);
    out->n_unique = nu;
    out->freq_ratio = top2 ? (double)top1 / (double)top2 : 0;   /* caret: 0 with one level */
    out->percent_unique = n ? 100.0 * (double)nu / (double)n : NAN;
    out->zero_var = nu <= 1;
    double level;
    column_sds(&x, 1, n, &out->sd, &level);
    out->rounding = !out->zero_var && scale_negligible(out->sd, level);
    out->nzv = (out->freq_ratio > freq_cut && out->percent_unique <= unique_cut) || out->zero_var || out->rounding;
    return 0;
}
