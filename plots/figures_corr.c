/* figures_corr.c — figures of corr and screen results: plot volcano and
 * the features × genes heatmap of plot heatmap CORR (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plots/figures.h"
#include "stats/hclust.h"

/* plot volcano NAME: a corr result (x y … r p q: r), a two-group screen
 * (feature … p q auc: AUC − 0.5) or a survival screen (feature … hr_sd …
 * p q: log hazard ratio per SD) against −log10 p; the labels= (5)
 * smallest p named. */
int figure_volcano(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main;
    int is_corr = !strcmp(in->kind, "corr");
    long jr = table_find(t, "r"), jp = table_find(t, "p"), jq = table_find(t, "q"), ja = table_find(t, "auc");
    long jx = table_find(t, "x"), jy = table_find(t, "y"), jf = table_find(t, "feature");
    long jh = ja < 0 ? table_find(t, "hr_sd") : -1; /* a survival screen */
    if (jp < 0 || jq < 0 || (is_corr && (jr < 0 || jx < 0 || jy < 0)) || (!is_corr && ((ja < 0 && jh < 0) || jf < 0))) {
        buf_printf(&r->msg, "%s lacks the columns %s", in->name,
                   is_corr ? "x y r p q of a corr result"
                           : "feature p q and auc (a two-group screen) or hr_sd (a survival screen)");
        return -2;
    }
    const char *what = is_corr ? "r" : jh >= 0 ? "log hazard ratio per SD" : "AUC - 0.5";
    size_t n = t->nrow;
    double *eff = xmalloc((n ? n : 1) * sizeof *eff);
    char **lab = xcalloc(n ? n : 1, sizeof *lab);
    double pline = NAN;
    for (size_t i = 0; i < n; i++) {
        eff[i] = is_corr ? t->cols[jr].num[i] : jh >= 0 ? log(t->cols[jh].num[i]) : t->cols[ja].num[i] - 0.5;
        Buf b = {0};
        if (is_corr) buf_printf(&b, "%s ~ %s", t->cols[jx].str[i] ? t->cols[jx].str[i] : "",
                                t->cols[jy].str[i] ? t->cols[jy].str[i] : "");
        else buf_puts(&b, t->cols[jf].str[i] ? t->cols[jf].str[i] : "");
        lab[i] = b.s ? b.s : xstrdup("");
        double pi = t->cols[jp].num[i], qi = t->cols[jq].num[i];
        if (!isnan(qi) && qi < 0.05 && !isnan(pi) && (isnan(pline) || pi > pline)) pline = pi;
    }
    /* label the labels= smallest p */
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord), nl = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(t->cols[jp].num[i])) ord[nl++] = i;
    for (size_t a1 = 1; a1 < nl; a1++)
        for (size_t b1 = a1; b1 > 0 && t->cols[jp].num[ord[b1 - 1]] > t->cols[jp].num[ord[b1]]; b1--) {
            size_t x = ord[b1]; ord[b1] = ord[b1 - 1]; ord[b1 - 1] = x;
        }
    if (nl > (size_t)o->labels) nl = (size_t)o->labels;
    /* the labelled points first: the layer labels the first nl of its arrays */
    double *e2 = xmalloc((n ? n : 1) * sizeof *e2), *p2 = xmalloc((n ? n : 1) * sizeof *p2), *q2 = xmalloc((n ? n : 1) * sizeof *q2);
    const char **l2 = xmalloc((n ? n : 1) * sizeof *l2);
    unsigned char *used = xcalloc(n ? n : 1, 1);
    size_t w = 0;
    for (size_t i = 0; i < nl; i++) { size_t j = ord[i]; used[j] = 1; e2[w] = eff[j]; p2[w] = t->cols[jp].num[j]; q2[w] = t->cols[jq].num[j]; l2[w++] = lab[j]; }
    for (size_t j = 0; j < n; j++)
        if (!used[j]) { e2[w] = eff[j]; p2[w] = t->cols[jp].num[j]; q2[w] = t->cols[jq].num[j]; l2[w++] = lab[j]; }
    Buf title = {0};
    figure_what(in, &title);
    buf_printf(&title, ": %s against -log10 p (%zu %s)", what, n, is_corr ? "pairs" : "features");
    PlotText pt = {title.s, is_corr ? "correlation r" : what, "-log10 p", 0};
    int rc = plot_volcano(po, &pt, e2, p2, q2, n, 0.05, pline, l2, nl, r);
    for (size_t i = 0; i < n; i++) free(lab[i]);
    free(lab); free(eff); free(ord); free(e2); free(p2); free(q2); free(l2); free(used);
    buf_free(&title);
    return rc;
}

/* sel: the count items by best, largest first, as far as the first n;
 * pos[i]: the place of item i among those n, (size_t)-1 when not there. */
static void top_by(const double *best, size_t count, size_t n, size_t *sel, size_t *pos) {
    for (size_t i = 0; i < count; i++) sel[i] = i;
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < count; j++)
            if (best[sel[j]] > best[sel[i]]) { size_t tmp = sel[i]; sel[i] = sel[j]; sel[j] = tmp; }
    for (size_t i = 0; i < count; i++) pos[i] = (size_t)-1;
    for (size_t i = 0; i < n; i++) pos[sel[i]] = i;
}

/* What a missing cell of a corr map is: a pair keep= or top= left out, or
 * an r of NA (caller frees). */
static char *missing_name(const FigureInput *in) {
    Buf b = {0};
    const char *keep = figure_param(in, "keep"), *top = figure_param(in, "top");
    if (keep && strcmp(keep, "all")) buf_printf(&b, "pair not kept (keep=%s)", keep);
    else if (top) buf_printf(&b, "pair not kept (top=%s)", top);
    else buf_puts(&b, "no r (NA, or not kept)");
    return b.s;
}

/* The corr result's pairs: the distinct x names (xs) and y names (ys) with
 * their strongest |r| (bx, by), or, within one set (corr X without with),
 * the distinct features of both columns in xs alone. */
typedef struct Pairs {
    StrList xs, ys;             /* the names */
    StrMap mx, my;              /* name → index */
    double *bx, *by;            /* their largest |r| */
    size_t cx, cy;              /* room in bx, by */
} Pairs;

static void pairs_free(Pairs *p) {
    strlist_free(&p->xs); strlist_free(&p->ys); strmap_free(&p->mx); strmap_free(&p->my); free(p->bx); free(p->by);
}

/* The index of name in l/m, added when new (best |r| 0); *best grows. */
static size_t pairs_index(StrList *l, StrMap *m, double **best, size_t *cap, const char *name) {
    size_t k;
    if (strmap_get(m, name, &k)) return k;
    strlist_add(l, name);
    k = l->n - 1;
    strmap_put(m, l->v[k], k, NULL);
    if (k >= *cap) { *cap = *cap ? 2 * *cap : 64; *best = xrealloc(*best, *cap * sizeof **best); }
    (*best)[k] = 0;
    return k;
}

static void pairs_collect(const Table *t, long jx, long jy, long jr, int within, Pairs *p) {
    for (size_t i = 0; i < t->nrow; i++) {
        const char *x = t->cols[jx].str[i], *y = t->cols[jy].str[i];
        double v = fabs(t->cols[jr].num[i]);
        if (!x || !y) continue;
        size_t a = pairs_index(&p->xs, &p->mx, &p->bx, &p->cx, x);
        size_t b = within ? pairs_index(&p->xs, &p->mx, &p->bx, &p->cx, y) : pairs_index(&p->ys, &p->my, &p->by, &p->cy, y);
        if (isnan(v)) continue;
        if (v > p->bx[a]) p->bx[a] = v;
        double *bb = within ? &p->bx[b] : &p->by[b];
        if (v > *bb) *bb = v;
    }
}

/* plot heatmap CORR: the r of a corr result as a map, the top N by their
 * strongest |r|, clustered, on a symmetric blue–white–red scale, with dots
 * on the pairs at q < 0.05 and the pairs the result does not hold in
 * grey.  Features × genes for corr X with Y; for corr X (the features
 * among themselves) the full symmetric matrix, the same names on both
 * axes, 1 on the diagonal. */
int figure_corr_heatmap(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main;
    long jx = table_find(t, "x"), jy = table_find(t, "y"), jr = table_find(t, "r"), jq = table_find(t, "q");
    if (jx < 0 || jy < 0 || jr < 0) { buf_printf(&r->msg, "%s lacks the columns x y r of a corr result", in->name); return -2; }
    int within = in->kind && !figure_param(in, "with");
    Pairs P = {0};
    pairs_collect(t, jx, jy, jr, within, &P);
    int rc = -2;
    if (!P.xs.n || (!within && !P.ys.n)) { buf_printf(&r->msg, "%s has no correlations to draw", in->name); goto out; }
    /* the top N of each, by their strongest pair */
    size_t top = o->top > 0 ? (size_t)o->top : 40;
    size_t nx = P.xs.n, ny = within ? nx : P.ys.n;
    size_t nr = nx < top ? nx : top, nc = within ? nr : ny < top ? ny : top;
    size_t *rsel = xmalloc(nx * sizeof *rsel), *rpos = xmalloc(nx * sizeof *rpos);
    size_t *csel = within ? rsel : xmalloc(ny * sizeof *csel), *cpos = within ? rpos : xmalloc(ny * sizeof *cpos);
    top_by(P.bx, nx, nr, rsel, rpos);
    if (!within) top_by(P.by, ny, nc, csel, cpos);
    double *m = xmalloc(nr * nc * sizeof *m), vmax = 0;
    unsigned char *mk = xcalloc(nr * nc, 1);
    for (size_t i = 0; i < nr * nc; i++) m[i] = NAN;
    if (within)   /* a feature with itself */
        for (size_t i = 0; i < nr; i++) m[i * nc + i] = 1;
    for (size_t i = 0; i < t->nrow; i++) {
        size_t a, b;
        if (!t->cols[jx].str[i] || !t->cols[jy].str[i]) continue;
        if (!strmap_get(&P.mx, t->cols[jx].str[i], &a) || !strmap_get(within ? &P.mx : &P.my, t->cols[jy].str[i], &b))
            continue;
        if (rpos[a] == (size_t)-1 || cpos[b] == (size_t)-1) continue;
        double v = t->cols[jr].num[i];
        int sig = jq >= 0 && t->cols[jq].num[i] < 0.05;
        m[rpos[a] * nc + cpos[b]] = v;
        mk[rpos[a] * nc + cpos[b]] = (unsigned char)sig;
        if (within) {   /* the other triangle */
            m[cpos[b] * nc + rpos[a]] = v;
            mk[cpos[b] * nc + rpos[a]] = (unsigned char)sig;
        }
        if (!isnan(v) && fabs(v) > vmax) vmax = fabs(v);
    }
    const char **rn = xmalloc(nr * sizeof *rn), **cn = xmalloc(nc * sizeof *cn);
    for (size_t i = 0; i < nr; i++) rn[i] = P.xs.v[rsel[i]];
    for (size_t i = 0; i < nc; i++) cn[i] = within ? P.xs.v[rsel[i]] : P.ys.v[csel[i]];
    size_t *ro = xmalloc(nr * sizeof *ro), *co = xmalloc(nc * sizeof *co);
    if (o->cluster) {   /* average linkage on 1 - r between rows, then between columns */
        hclust_cor_order(m, nr, nc, ro);
        if (within) memcpy(co, ro, nr * sizeof *co);
        else {
            double *mt = xmalloc(nr * nc * sizeof *mt);
            for (size_t i = 0; i < nr; i++)
                for (size_t j = 0; j < nc; j++) mt[j * nr + i] = m[i * nc + j];
            hclust_cor_order(mt, nc, nr, co);
            free(mt);
        }
    } else {
        for (size_t i = 0; i < nr; i++) ro[i] = i;
        for (size_t i = 0; i < nc; i++) co[i] = i;
    }
    if (within && vmax < 1) vmax = 1;   /* the diagonal */
    if (vmax <= 0) vmax = 1;
    Buf title = {0};
    if (within)
        figure_what(in, &title), buf_printf(&title, ": r among %zu features (strongest |r| first%s); dots: q < 0.05", nr,
                   o->cluster ? ", clustered" : "");
    else
        figure_what(in, &title), buf_printf(&title, ": r of %zu features x %zu genes (strongest |r| first%s); dots: q < 0.05", nr, nc,
                   o->cluster ? ", clustered" : "");
    PlotText pt = {title.s, NULL, NULL, 0};
    char *miss = missing_name(in);
    HeatmapSpec h = {.m = m, .nr = nr, .nc = nc, .rown = rn, .coln = cn, .rwhat = "features",
                     .cwhat = within ? "features" : "genes", .rord = ro, .cord = co, .palette = PAL_DIVERGING,
                     .zmin = -vmax, .zmax = vmax, .zlabel = "r", .marks = mk, .marks_name = "q < 0.05",
                     .missing_name = miss};
    rc = plot_heatmap(po, &pt, &h, r);
    free(miss);
    buf_free(&title);
    free(rsel); free(rpos); free(m); free(mk); free(rn); free(cn); free(ro); free(co);
    if (!within) { free(csel); free(cpos); }
out:
    pairs_free(&P);
    return rc;
}
