/* scalecheck.c — see scalecheck.h. */
#include "stats/scalecheck.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/describe.h"

void scale_check_free(ScaleCheck *c) {
    if (!c) return;
    free(c->dominant);
    free(c->constant);
    memset(c, 0, sizeof *c);
}

int scale_negligible(double sd, double mean_abs) {
    if (isnan(sd) || isnan(mean_abs)) return 0;
    return sd < SCALE_CONST_REL * (mean_abs > 1 ? mean_abs : 1) || sd == 0;
}

void column_sds(const double *const *X, size_t p, size_t n, double *sd, double *level) {
    for (size_t j = 0; j < p; j++) {
        double mean, var;
        size_t used;
        mean_var(X[j], n, &mean, &var, &used);
        sd[j] = sqrt(var);
        if (!level) continue;
        long double a = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(X[j][i])) a += fabsl((long double)X[j][i]);
        level[j] = used ? (double)(a / used) : NAN;
    }
}

typedef struct { double x; size_t i; } Sc;

static int cmp_desc(const void *a, const void *b) {
    const Sc *p = a, *q = b;
    if (p->x != q->x) return p->x > q->x ? -1 : 1;
    return (p->i > q->i) - (p->i < q->i);
}

int scale_check(const double *scale, const double *level, size_t p, double share, ScaleCheck *out) {
    memset(out, 0, sizeof *out);
    out->largest = out->smallest = (size_t)-1;
    out->ratio = NAN;
    if (!(share > 0 && share <= 1)) return -5;
    Sc *s = malloc((p ? p : 1) * sizeof *s);
    out->constant = malloc((p ? p : 1) * sizeof *out->constant);
    if (!s || !out->constant) { free(s); scale_check_free(out); return -1; }
    size_t m = 0;
    long double tot = 0;
    for (size_t j = 0; j < p; j++) {
        double v = scale[j];
        if (!isfinite(v) || v < 0) out->n_missing++;
        else if (v == 0 || (level && scale_negligible(v, level[j]))) {
            out->constant[out->n_zero++] = j;
            out->n_rounding += v > 0;
        } else {
            s[m++] = (Sc){v, j};
            tot += (long double)v * v;
        }
    }
    out->n_used = m;
    if (!m) { free(s); return 0; }
    qsort(s, m, sizeof *s, cmp_desc);
    out->largest = s[0].i;
    /* the smallest: the last of the sorted run of equal smallest values is the
       highest index; take the lowest index among them */
    size_t k = m - 1;
    while (k > 0 && s[k - 1].x == s[m - 1].x) k--;
    out->smallest = s[k].i;
    out->ratio = s[0].x / s[m - 1].x;
    out->dominant = malloc(m * sizeof *out->dominant);
    if (!out->dominant) { free(s); scale_check_free(out); return -1; }
    long double acc = 0;
    for (size_t q = 0; q < m; q++) {
        out->dominant[out->n_dominant++] = s[q].i;
        acc += (long double)s[q].x * s[q].x;
        if (acc >= share * tot) break;
    }
    out->dominant_share = (double)(acc / tot);
    free(s);
    return 0;
}
