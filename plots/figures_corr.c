/* figures_corr.c — figures of corr and screen results: plot volcano and
 * the features × genes heatmap of plot heatmap CORR (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plots/figures.h"
#include "stats/hclust.h"

/* plot volcano NAME: a corr result (x y … r p q: r) or a screen result
 * (feature … p q auc: AUC − 0.5) against −log10 p; the 5 smallest p named. */
int figure_volcano(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main;
    int is_corr = !strcmp(in->kind, "corr");
    long jr = table_find(t, "r"), jp = table_find(t, "p"), jq = table_find(t, "q"), ja = table_find(t, "auc");
    long jx = table_find(t, "x"), jy = table_find(t, "y"), jf = table_find(t, "feature");
    if (jp < 0 || jq < 0 || (is_corr && (jr < 0 || jx < 0 || jy < 0)) || (!is_corr && (ja < 0 || jf < 0))) {
        buf_printf(&r->msg, "%s lacks the columns %s", in->name, is_corr ? "x y r p q of a corr result"
                                                                           : "feature p q auc of a two-group screen");
        return -2;
    }
    size_t n = t->nrow;
    double *eff = xmalloc((n ? n : 1) * sizeof *eff);
    char **lab = xcalloc(n ? n : 1, sizeof *lab);
    double pline = NAN;
    for (size_t i = 0; i < n; i++) {
        eff[i] = is_corr ? t->cols[jr].num[i] : t->cols[ja].num[i] - 0.5;
        Buf b = {0};
        if (is_corr) buf_printf(&b, "%s ~ %s", t->cols[jx].str[i] ? t->cols[jx].str[i] : "",
                                t->cols[jy].str[i] ? t->cols[jy].str[i] : "");
        else buf_puts(&b, t->cols[jf].str[i] ? t->cols[jf].str[i] : "");
        lab[i] = b.s ? b.s : xstrdup("");
        double pi = t->cols[jp].num[i], qi = t->cols[jq].num[i];
        if (!isnan(qi) && qi < 0.05 && !isnan(pi) && (isnan(pline) || pi > pline)) pline = pi;
    }
    /* label the 5 smallest p */
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord), nl = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(t->cols[jp].num[i])) ord[nl++] = i;
    for (size_t a1 = 1; a1 < nl; a1++)
        for (size_t b1 = a1; b1 > 0 && t->cols[jp].num[ord[b1 - 1]] > t->cols[jp].num[ord[b1]]; b1--) {
            size_t x = ord[b1]; ord[b1] = ord[b1 - 1]; ord[b1 - 1] = x;
        }
    if (nl > 5) nl = 5;
    /* the labelled points first: the layer labels the first nl of its arrays */
    double *e2 = xmalloc((n ? n : 1) * sizeof *e2), *p2 = xmalloc((n ? n : 1) * sizeof *p2), *q2 = xmalloc((n ? n : 1) * sizeof *q2);
    const char **l2 = xmalloc((n ? n : 1) * sizeof *l2);
    unsigned char *used = xcalloc(n ? n : 1, 1);
    size_t w = 0;
    for (size_t i = 0; i < nl; i++) { size_t j = ord[i]; used[j] = 1; e2[w] = eff[j]; p2[w] = t->cols[jp].num[j]; q2[w] = t->cols[jq].num[j]; l2[w++] = lab[j]; }
    for (size_t j = 0; j < n; j++)
        if (!used[j]) { e2[w] = eff[j]; p2[w] = t->cols[jp].num[j]; q2[w] = t->cols[jq].num[j]; l2[w++] = lab[j]; }
    Buf title = {0};
    buf_printf(&title, "%s: %s against -log10 p (%zu %s)", in->name, is_corr ? "r" : "AUC - 0.5", n,
               is_corr ? "pairs" : "features");
    PlotText pt = {title.s, is_corr ? "correlation r" : "AUC - 0.5", "-log10 p", 0};
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

/* plot heatmap CORR: features × genes of a corr result, the top N of each by
 * their largest |r|, clustered, on a symmetric blue–white–red scale, with
 * dots on the pairs at q < 0.05. */
int figure_corr_heatmap(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main;
    long jx = table_find(t, "x"), jy = table_find(t, "y"), jr = table_find(t, "r"), jq = table_find(t, "q");
    if (jx < 0 || jy < 0 || jr < 0) { buf_printf(&r->msg, "%s lacks the columns x y r of a corr result", in->name); return -2; }
    StrList xs = {0}, ys = {0};
    StrMap mx = {0}, my = {0};
    double *bx = NULL, *by = NULL;
    size_t cx = 0, cy = 0;
    for (size_t i = 0; i < t->nrow; i++) {   /* distinct features and genes with their largest |r| */
        const char *x = t->cols[jx].str[i], *y = t->cols[jy].str[i];
        double v = fabs(t->cols[jr].num[i]);
        if (!x || !y || isnan(v)) continue;
        size_t k;
        if (!strmap_get(&mx, x, &k)) {
            strlist_add(&xs, x); k = xs.n - 1; strmap_put(&mx, xs.v[k], k, NULL);
            if (k >= cx) { cx = cx ? 2 * cx : 64; bx = xrealloc(bx, cx * sizeof *bx); }
            bx[k] = 0;
        }
        if (v > bx[k]) bx[k] = v;
        if (!strmap_get(&my, y, &k)) {
            strlist_add(&ys, y); k = ys.n - 1; strmap_put(&my, ys.v[k], k, NULL);
            if (k >= cy) { cy = cy ? 2 * cy : 64; by = xrealloc(by, cy * sizeof *by); }
            by[k] = 0;
        }
        if (v > by[k]) by[k] = v;
    }
    int rc = -2;
    if (!xs.n || !ys.n) { buf_printf(&r->msg, "%s has no correlations to draw", in->name); goto out; }
    /* the top N of each, by their strongest pair */
    size_t top = o->top > 0 ? (size_t)o->top : 40;
    size_t nr = xs.n < top ? xs.n : top, nc = ys.n < top ? ys.n : top;
    size_t *rsel = xmalloc(xs.n * sizeof *rsel), *csel = xmalloc(ys.n * sizeof *csel);
    size_t *rpos = xmalloc(xs.n * sizeof *rpos), *cpos = xmalloc(ys.n * sizeof *cpos);
    top_by(bx, xs.n, nr, rsel, rpos);
    top_by(by, ys.n, nc, csel, cpos);
    double *m = xmalloc(nr * nc * sizeof *m), vmax = 0;
    unsigned char *mk = xcalloc(nr * nc, 1);
    for (size_t i = 0; i < nr * nc; i++) m[i] = NAN;
    for (size_t i = 0; i < t->nrow; i++) {
        size_t a, b;
        if (!t->cols[jx].str[i] || !t->cols[jy].str[i]) continue;
        if (!strmap_get(&mx, t->cols[jx].str[i], &a) || !strmap_get(&my, t->cols[jy].str[i], &b)) continue;
        if (rpos[a] == (size_t)-1 || cpos[b] == (size_t)-1) continue;
        double v = t->cols[jr].num[i];
        m[rpos[a] * nc + cpos[b]] = v;
        if (!isnan(v) && fabs(v) > vmax) vmax = fabs(v);
        if (jq >= 0 && t->cols[jq].num[i] < 0.05) mk[rpos[a] * nc + cpos[b]] = 1;
    }
    const char **rn = xmalloc(nr * sizeof *rn), **cn = xmalloc(nc * sizeof *cn);
    for (size_t i = 0; i < nr; i++) rn[i] = xs.v[rsel[i]];
    for (size_t i = 0; i < nc; i++) cn[i] = ys.v[csel[i]];
    size_t *ro = xmalloc(nr * sizeof *ro), *co = xmalloc(nc * sizeof *co);
    if (o->cluster) {   /* average linkage on 1 - r between rows, then between columns */
        hclust_cor_order(m, nr, nc, ro);
        double *mt = xmalloc(nr * nc * sizeof *mt);
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nc; j++) mt[j * nr + i] = m[i * nc + j];
        hclust_cor_order(mt, nc, nr, co);
        free(mt);
    } else {
        for (size_t i = 0; i < nr; i++) ro[i] = i;
        for (size_t i = 0; i < nc; i++) co[i] = i;
    }
    if (vmax <= 0) vmax = 1;
    Buf title = {0};
    buf_printf(&title, "%s: r of %zu features x %zu genes (strongest |r| first%s); dots: q < 0.05", in->name, nr, nc,
               o->cluster ? ", clustered" : "");
    PlotText pt = {title.s, NULL, NULL, 0};
    rc = plot_heatmap(po, &pt, m, nr, nc, rn, cn, ro, co, PAL_DIVERGING, -vmax, vmax, "r", NULL, mk, r);
    buf_free(&title);
    free(rsel); free(csel); free(rpos); free(cpos); free(m); free(mk); free(rn); free(cn); free(ro); free(co);
out:
    strlist_free(&xs); strlist_free(&ys); strmap_free(&mx); strmap_free(&my); free(bx); free(by);
    return rc;
}
