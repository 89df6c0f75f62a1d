/* concordance.c — see concordance.h. */
#include "stats/concordance.h"
#include <float.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

typedef struct Sub {
    double t;               /* time (after the tie fix) */
    int e;                  /* event */
    double x;               /* predictor */
    size_t r;               /* rank of x among the distinct values, 1-based */
} Sub;

/* decreasing time; censored before events at a time; increasing x */
static int cmp_sub(const void *a, const void *b) {
    const Sub *p = a, *q = b;
    if (p->t != q->t) return p->t < q->t ? 1 : -1;
    if (p->e != q->e) return p->e - q->e;
    return (p->x > q->x) - (p->x < q->x);
}

static int cmp_dbl(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Fenwick tree over ranks 1..m: weights added at a rank, prefix sums */
static void fw_add(double *t, size_t m, size_t r, double w) {
    for (; r <= m; r += r & (~r + 1)) t[r] += w;
}
static double fw_sum(const double *t, size_t r) {   /* ranks 1..r */
    double s = 0;
    for (; r > 0; r -= r & (~r + 1)) s += t[r];
    return s;
}

/* weight below, equal to and above rank r (node: the weight at each rank) */
static void fw_split(const double *t, const double *node, double total, size_t r, double *lt, double *eq, double *gt) {
    *lt = fw_sum(t, r - 1);
    *eq = node[r];
    *gt = total - *lt - *eq;
}

/* survival's aeqSurv: times within sqrt(DBL_EPSILON) (absolutely, or
 * relative to the mean |time|) of the previous distinct time take the
 * lower value */
static int time_fix(Sub *s, size_t m) {
    double *u = malloc((m ? m : 1) * sizeof *u);
    if (!u) return -1;
    for (size_t i = 0; i < m; i++) u[i] = s[i].t;
    qsort(u, m, sizeof *u, cmp_dbl);
    size_t k = 0;
    for (size_t i = 0; i < m; i++)
        if (isfinite(u[i]) && (k == 0 || u[i] != u[k - 1])) u[k++] = u[i];
    if (k < 2) { free(u); return 0; }
    double mabs = 0;
    for (size_t i = 0; i < k; i++) mabs += fabs(u[i]);
    mabs /= (double)k;
    const double tol = sqrt(DBL_EPSILON);
    /* cuts: the distinct times not tied to their predecessor */
    double *cut = malloc(k * sizeof *cut);
    if (!cut) { free(u); return -1; }
    size_t nc = 0;
    cut[nc++] = u[0];
    int any = 0;
    for (size_t i = 1; i < k; i++) {
        double dy = u[i] - u[i - 1];
        if (dy <= tol || dy / mabs <= tol) any = 1;
        else cut[nc++] = u[i];
    }
    if (any)
        for (size_t i = 0; i < m; i++) {
            if (!isfinite(s[i].t)) continue;
            size_t lo = 0, hi = nc;   /* the last cut <= t */
            while (hi - lo > 1) {
                size_t mid = (lo + hi) / 2;
                if (cut[mid] <= s[i].t) lo = mid;
                else hi = mid;
            }
            s[i].t = cut[lo];
        }
    free(u);
    free(cut);
    return 0;
}

int concordance_fit(const double *time, const double *event, const double *x, size_t n, ConcDirection dir,
                    ConcordanceFit *f) {
    memset(f, 0, sizeof *f);
    f->dir = dir;
    f->c = f->se = f->var = NAN;
    Sub *s = malloc((n ? n : 1) * sizeof *s);
    double *xs = malloc((n ? n : 1) * sizeof *xs);
    if (!s || !xs) { free(s); free(xs); return -1; }
    size_t m = 0;
    for (size_t i = 0; i < n; i++) {
        if (isnan(time[i]) || isnan(event[i]) || isnan(x[i])) continue;
        s[m] = (Sub){time[i], event[i] != 0, x[i], 0};
        xs[m] = x[i];
        f->events += event[i] != 0;
        m++;
    }
    f->n = m;
    int rc = -1;
    double *all = NULL, *anode = NULL, *dth = NULL, *dnode = NULL, *infl = NULL;
    if (time_fix(s, m) < 0) goto out;
    /* ranks of x */
    qsort(xs, m, sizeof *xs, cmp_dbl);
    size_t nr = 0;
    for (size_t i = 0; i < m; i++)
        if (nr == 0 || xs[i] != xs[nr - 1]) xs[nr++] = xs[i];
    for (size_t i = 0; i < m; i++) {
        size_t lo = 0, hi = nr;
        while (hi - lo > 1) {
            size_t mid = (lo + hi) / 2;
            if (xs[mid] <= s[i].x) lo = mid;
            else hi = mid;
        }
        s[i].r = lo + 1;
    }
    qsort(s, m, sizeof *s, cmp_sub);
    all = calloc(nr + 1, sizeof *all);
    anode = calloc(nr + 1, sizeof *anode);
    dth = calloc(nr + 1, sizeof *dth);
    dnode = calloc(nr + 1, sizeof *dnode);
    infl = calloc(3 * (m ? m : 1), sizeof *infl);   /* per subject: concordant, discordant, tied.x pairs */
    if (!all || !anode || !dth || !dnode || !infl) goto out;
    double tall = 0, tdth = 0, lt, eq, gt;
    double conc = 0, disc = 0, tx = 0, ty = 0, txy = 0;
    for (size_t i = 0; i < m;) {
        if (!s[i].e) {
            /* a censored subject enters the risk set; its pairs as the
               longer survivor are the events added from now on */
            fw_split(dth, dnode, tdth, s[i].r, &lt, &eq, &gt);
            infl[3 * i] -= lt;
            infl[3 * i + 1] -= gt;
            infl[3 * i + 2] -= eq;
            fw_add(all, nr, s[i].r, 1);
            anode[s[i].r] += 1;
            tall += 1;
            i++;
            continue;
        }
        /* the events at this time, in increasing x */
        size_t j = i;
        double dwt = 0, dwt2 = 0;
        size_t xrun = s[i].r;
        for (; j < m && s[j].e && s[j].t == s[i].t; j++) {
            ty += dwt;
            dwt += 1;
            if (s[j].r != xrun) { dwt2 = 0; xrun = s[j].r; }
            txy += dwt2;
            dwt2 += 1;
            fw_split(all, anode, tall, s[j].r, &lt, &eq, &gt);
            conc += gt;   /* the longer survivor has the larger x */
            disc += lt;
            tx += eq;
            infl[3 * j] += gt;
            infl[3 * j + 1] += lt;
            infl[3 * j + 2] += eq;
            fw_add(dth, nr, s[j].r, 1);
            dnode[s[j].r] += 1;
            tdth += 1;
        }
        for (size_t k = i; k < j; k++) {
            /* tied events are not shorter than each other: start the
               count of shorter events after all of them */
            fw_split(dth, dnode, tdth, s[k].r, &lt, &eq, &gt);
            infl[3 * k] -= lt;
            infl[3 * k + 1] -= gt;
            infl[3 * k + 2] -= eq;
            fw_add(all, nr, s[k].r, 1);
            anode[s[k].r] += 1;
            tall += 1;
        }
        i = j;
    }
    /* finish: the events added after each subject entered */
    for (size_t i = 0; i < m; i++) {
        fw_split(dth, dnode, tdth, s[i].r, &lt, &eq, &gt);
        infl[3 * i] += lt;
        infl[3 * i + 1] += gt;
        infl[3 * i + 2] += eq;
    }
    f->concordant = conc;
    f->discordant = disc;
    f->tied_x = tx;
    f->tied_y = ty - txy;
    f->tied_xy = txy;
    double npair = conc + disc + tx;
    rc = 0;
    if (npair <= 0) goto out;
    double somer = (conc - disc) / npair, v = 0;
    for (size_t i = 0; i < m; i++) {
        const double *q = infl + 3 * i;
        double d = (q[0] - q[1]) / npair - somer / npair * (q[0] + q[1] + q[2]);
        v += d * d;
    }
    f->c = (somer + 1) / 2;
    f->var = v / 4;
    f->se = sqrt(f->var);
    if (dir == CONC_HIGHER_RISK) {
        f->c = 1 - f->c;
        f->concordant = disc;
        f->discordant = conc;
    }
out:
    free(s); free(xs); free(all); free(anode); free(dth); free(dnode); free(infl);
    return rc;
}

void concordance_limits(const ConcordanceFit *f, double *lo, double *hi) {
    const double z = 1.959963984540054;
    if (isnan(f->c) || isnan(f->se)) {
        *lo = *hi = NAN;
        return;
    }
    *lo = fmax(0, f->c - z * f->se);
    *hi = fmin(1, f->c + z * f->se);
}
