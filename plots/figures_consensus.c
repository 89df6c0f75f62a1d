/* figures_consensus.c — the figures of a consensus result: plot cdf,
 * consensus, delta, pac and tracking (figures.h). */
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "plots/figures.h"
#include "stats/hclust.h"

/* The part called name, or NULL with the message "NAME has no part …". */
static const Table *need_part(const FigureInput *in, const char *name, PlotResult *r) {
    const Table *t = figure_part(in, name);
    if (!t) buf_printf(&r->msg, "%s has no part %s (%s.%s was dropped or replaced); run consensus again", in->name, name, in->name, name);
    return t;
}

/* plot cdf NAME: one CDF curve per k (NAME.cdf: k consensus cdf, 100 rows per k). */
int figure_cdf(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *c = need_part(in, "cdf", r);
    if (!c) return -2;
    long jk = table_find(c, "k"), jx = table_find(c, "consensus"), jc = table_find(c, "cdf");
    if (jk < 0 || jx < 0 || jc < 0) { buf_printf(&r->msg, "%s lacks the columns k consensus cdf", c->name); return -2; }
    size_t nk = c->nrow / 100;
    PlotCurve *cv = xcalloc(nk ? nk : 1, sizeof *cv);
    StrList names = {0};
    for (size_t q = 0; q < nk; q++) strlist_addf(&names, "k = %.0f", c->cols[jk].num[q * 100]);
    for (size_t q = 0; q < nk; q++)
        cv[q] = (PlotCurve){names.v[q], c->cols[jx].num + q * 100, c->cols[jc].num + q * 100, 100, 1, NULL, NULL, NULL,
                            NULL, 0, NULL, 0};
    Buf title = {0};
    buf_puts(&title, "Consensus CDF by k: ");
    figure_what(in, &title);
    PlotText pt = {title.s, "consensus index", "CDF", 0};
    PlotLayout lay = {KEY_OUTSIDE_RIGHT, 0, NULL, 0, 0, 0};   /* the curves fill the plot: the key beside it */
    int rc = plot_curves_laid_out(po, &pt, &lay, cv, nk, NULL, NULL, 0, 1, r);
    buf_free(&title);
    strlist_free(&names);
    free(cv);
    return rc;
}

/* The final linkage of consensus result in (its final= parameter). */
static Linkage final_linkage(const FigureInput *in) {
    const char *f = figure_param(in, "final");
    if (f && !strcmp(f, "complete")) return LINK_COMPLETE;
    if (f && !strcmp(f, "single")) return LINK_SINGLE;
    if (f && !strcmp(f, "ward")) return LINK_WARD;
    return LINK_AVERAGE;
}

/* The order of the n patients of consensus matrix v (row-major) with
 * classes cls (1..k): the leaf order of the tree of 1 - consensus (the
 * final linkage, as ConsensusClusterPlus draws its matrix), the classes
 * kept together in the order they first appear along it. */
static void tree_order(const double *v, size_t n, const double *cls, long k, Linkage link, size_t *ord) {
    double *d = xmalloc((n ? n * n : 1) * sizeof *d);
    for (size_t i = 0; i < n * n; i++) d[i] = 1 - v[i];
    for (size_t i = 0; i < n; i++) d[i * n + i] = 0;
    Hclust h = {0};
    size_t *leaf = xmalloc((n ? n : 1) * sizeof *leaf);
    if (hclust(d, n, link, &h) == 0) memcpy(leaf, h.order, n * sizeof *leaf);
    else for (size_t i = 0; i < n; i++) leaf[i] = i;
    hclust_free(&h);
    free(d);
    size_t q = 0;
    unsigned char *done = xcalloc((size_t)k + 2, 1);
    for (size_t a = 0; a < n; a++) {   /* each class, at its first leaf, with all its leaves in tree order */
        long c = (long)cls[leaf[a]];
        if (c < 1 || c > k || done[c]) continue;
        done[c] = 1;
        for (size_t b = a; b < n; b++)
            if ((long)cls[leaf[b]] == c) ord[q++] = leaf[b];
    }
    for (size_t a = 0; a < n && q < n; a++)   /* a patient without a class (none should be) last */
        if (cls[leaf[a]] < 1 || cls[leaf[a]] > k) ord[q++] = leaf[a];
    free(done);
    free(leaf);
}

/* plot consensus NAME k=K: the consensus matrix NAME.mK, patients in the
 * order of the tree of 1 - consensus within their class (NAME.classes),
 * viridis, a class bar with its legend. */
int figure_consensus_matrix(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    long k = o->k;
    if (!k) { buf_printf(&r->msg, "name the k: plot consensus %s k=3", in->name); return -2; }
    char mn[32], kc[16];
    snprintf(mn, sizeof mn, "m%ld", k);
    snprintf(kc, sizeof kc, "k%ld", k);
    const Table *m = figure_part(in, mn), *cl = figure_part(in, "classes");
    long jk = cl ? table_find(cl, kc) : -1;
    if (!m || jk < 0) { buf_printf(&r->msg, "%s has no consensus matrix for k=%ld", in->name, k); return -2; }
    size_t n = m->nrow;
    if (m->ncol != n + 1 || cl->nrow != n) {
        buf_printf(&r->msg, "%s.%s is not an n x n consensus matrix of the %zu patients of %s.classes", in->name, mn,
                   cl->nrow, in->name);
        return -2;
    }
    double *v = xmalloc((n ? n * n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) v[i * n + j] = table_val(m, i, 1 + j);   /* computed columns (io/table.h) */
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord), *grp = xmalloc((n ? n : 1) * sizeof *grp);
    tree_order(v, n, cl->cols[jk].num, k, final_linkage(in), ord);
    for (size_t i = 0; i < n; i++) {
        double c = cl->cols[jk].num[i];
        grp[i] = c >= 1 && c <= k ? (size_t)c - 1 : NO_GROUP;
    }
    StrList gn = {0};
    for (long c = 1; c <= k; c++) strlist_addf(&gn, "class %ld", c);
    Buf title = {0};
    buf_printf(&title, "Consensus matrix, k = %ld: ", k);
    figure_what(in, &title);
    buf_printf(&title, " (%zu patients, ordered by class and by the tree)", n);
    PlotText pt = {title.s, NULL, NULL, 0};
    HeatmapSpec h = {.m = v, .nr = n, .nc = n, .rwhat = "patients", .cwhat = "patients", .rord = ord, .cord = ord,
                     .palette = PAL_VIRIDIS, .zmin = 0, .zmax = 1, .zlabel = "consensus", .rgroup = grp,
                     .gnames = (const char *const *)gn.v, .ngroups = gn.n};
    int rc = plot_heatmap(po, &pt, &h, r);
    strlist_free(&gn);
    free(v);
    free(ord);
    free(grp);
    buf_free(&title);
    return rc;
}

/* plot tracking NAME: each patient's class at every k (one row per k),
 * patients ordered by their classes from the smallest k to the largest.
 * Colours follow the clusters across k, as CCP's tracking plot does: a
 * class at k takes the colour of the class at k − 1 it shares most patients
 * with, the larger class first; a class that splits off gets a new colour. */
int figure_tracking(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *cl = need_part(in, "classes", r);
    if (!cl) return -2;
    if (cl->ncol < 2 || cl->cols[1].name[0] != 'k') {
        buf_printf(&r->msg, "%s.classes lacks the columns k2, k3… of a consensus result", in->name);
        return -2;
    }
    size_t n = cl->nrow, nk = cl->ncol - 1;
    int *col = xmalloc((n ? n * nk : 1) * sizeof *col);   /* colour of patient i at k row q */
    int ncolour = 0;
    for (size_t q = 0; q < nk; q++) {
        const double *c = cl->cols[1 + q].num;
        int kq = 0;
        for (size_t i = 0; i < n; i++) if ((int)c[i] > kq) kq = (int)c[i];
        int *colour_of = xmalloc((size_t)(kq + 1) * sizeof *colour_of);
        for (int a = 0; a <= kq; a++) colour_of[a] = -1;
        if (q == 0) {
            for (int a = 1; a <= kq; a++) colour_of[a] = ncolour++;
        } else {
            /* overlap[a][b]: patients in class a now and with colour b before */
            size_t *size = xcalloc((size_t)kq + 1, sizeof *size), *ov = xcalloc((size_t)(kq + 1) * (size_t)ncolour, sizeof *ov);
            unsigned char *taken = xcalloc((size_t)ncolour + 1, 1), *done = xcalloc((size_t)kq + 1, 1);
            for (size_t i = 0; i < n; i++) {
                size[(int)c[i]]++;
                ov[(size_t)c[i] * (size_t)ncolour + (size_t)col[(q - 1) * n + i]]++;
            }
            for (int step = 0; step < kq; step++) {
                int a = 0;
                for (int b = 1; b <= kq; b++) if (!done[b] && (!a || size[b] > size[a])) a = b;
                done[a] = 1;
                int best = -1;
                for (int b = 0; b < ncolour; b++)
                    if (!taken[b] && ov[(size_t)a * (size_t)ncolour + (size_t)b] > 0 &&
                        (best < 0 || ov[(size_t)a * (size_t)ncolour + (size_t)b] > ov[(size_t)a * (size_t)ncolour + (size_t)best]))
                        best = b;
                if (best >= 0) taken[best] = 1;
                colour_of[a] = best;
            }
            for (int a = 1; a <= kq; a++) if (colour_of[a] < 0) colour_of[a] = ncolour++;
            free(size); free(ov); free(taken); free(done);
        }
        for (size_t i = 0; i < n; i++) col[q * n + i] = colour_of[(int)c[i]];
        free(colour_of);
    }
    /* patients ordered by their colours at k = kmin, kmin + 1, … */
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord);
    for (size_t i = 0; i < n; i++) ord[i] = i;
    for (size_t i = 1; i < n; i++) {   /* insertion sort: stable, n is a cohort */
        size_t v = ord[i], j = i;
        for (; j > 0; j--) {
            size_t u = ord[j - 1];
            int cmp = 0;
            for (size_t q = 0; q < nk && !cmp; q++) cmp = (col[q * n + u] > col[q * n + v]) - (col[q * n + u] < col[q * n + v]);
            if (cmp <= 0) break;
            ord[j] = u;
        }
        ord[j] = v;
    }
    double *m = xmalloc((n ? n * nk : 1) * sizeof *m);
    for (size_t q = 0; q < nk; q++)
        for (size_t i = 0; i < n; i++) m[q * n + i] = col[q * n + i] + 1;
    StrList rn = {0};
    for (size_t q = 0; q < nk; q++) strlist_addf(&rn, "k = %s", cl->cols[1 + q].name + 1);
    Buf title = {0};
    buf_puts(&title, "Cluster tracking: ");
    figure_what(in, &title);
    buf_printf(&title, " (%zu patients; colours follow clusters across k)", n);
    PlotText pt = {title.s, NULL, NULL, 0};
    HeatmapSpec h = {.m = m, .nr = nk, .nc = n, .rown = (const char *const *)rn.v, .cwhat = "patients", .cord = ord,
                     .palette = PAL_CLASSES, .zmin = 0.5, .zmax = ncolour + 0.5};
    int rc = plot_heatmap(po, &pt, &h, r);
    buf_free(&title);
    strlist_free(&rn);
    free(m); free(ord); free(col);
    return rc;
}

/* plot delta NAME / plot pac NAME: CCP's relative change in the area under
 * the CDF, or the PAC, against k (one line with a point per k). */
static int by_k(const FigureInput *in, const PlotOut *po, int pac, PlotResult *r) {
    const Table *t = in->main;
    const char *col = pac ? "pac" : "delta";
    long jk = table_find(t, "k"), jv = table_find(t, col);
    if (jk < 0 || jv < 0) { buf_printf(&r->msg, "%s has no column %s", in->name, jk < 0 ? "k" : col); return -2; }
    PlotCurve c = {col, t->cols[jk].num, t->cols[jv].num, t->nrow, 0, NULL, NULL, t->cols[jk].num, t->cols[jv].num,
                   t->nrow, NULL, 0};
    Buf title = {0};
    if (pac)
        buf_puts(&title, "PAC by k: "), figure_what(in, &title), buf_puts(&title, " (lower is a cleaner split)");
    else
        buf_puts(&title, "Relative change in area under the CDF by k: "), figure_what(in, &title);
    PlotText pt = {title.s, "k", pac ? "PAC" : "delta area", 1};
    PlotLayout lay = {KEY_NONE, 0, NULL, 0, 0, 0};   /* one curve: its name is the axis */
    /* from 0, so that differences are not exaggerated (a delta below 0 shows where) */
    double ymin = 0;
    for (size_t i = 0; i < t->nrow; i++)
        if (t->cols[jv].num[i] < ymin) ymin = t->cols[jv].num[i];
    int rc = plot_curves_laid_out(po, &pt, &lay, &c, 1, NULL, NULL, ymin, NAN, r);
    buf_free(&title);
    return rc;
}

int figure_delta(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    return by_k(in, po, 0, r);
}

int figure_pac(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    return by_k(in, po, 1, r);
}
