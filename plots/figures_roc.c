/* figures_roc.c — plot roc: the curves of a roc result (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plots/figures.h"
#include "stats/roc.h"

/* plot roc NAME: sensitivity against 1 − specificity per predictor, AUC
 * (and its interval) in the key, the Youden-best thresholds marked (every
 * point coords best=youden lists: stats' roc_best, the curve's ends
 * included when they tie), the chance diagonal. */
int figure_roc(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main, *cu = figure_part(in, "curve");
    if (!cu) {
        buf_printf(&r->msg, "%s has no part curve (%s.curve was dropped or replaced); run roc again", in->name, in->name);
        return -2;
    }
    long jp = table_find(t, "predictor"), ja = table_find(t, "auc"), jl = table_find(t, "ci_low"), jh = table_find(t, "ci_high");
    long cp = table_find(cu, "predictor"), ct = table_find(cu, "threshold"), cse = table_find(cu, "sensitivity"),
         csp = table_find(cu, "specificity");
    if (jp < 0 || ja < 0 || cp < 0 || ct < 0 || cse < 0 || csp < 0) {
        buf_printf(&r->msg, "%s lacks the columns of a roc result (predictor, auc; %s.curve: predictor threshold "
                            "sensitivity specificity)", in->name, in->name);
        return -2;
    }
    size_t k = t->nrow, m = cu->nrow;
    PlotCurve *c = xcalloc(k + 1, sizeof *c);
    double **bufs = xcalloc(4 * (k + 1), sizeof *bufs);
    StrList names = {0};
    for (size_t g = 0; g < k; g++) {
        double *x = xmalloc((m ? m : 1) * sizeof *x), *y = xmalloc((m ? m : 1) * sizeof *y);
        double *mx = xmalloc((m ? m : 1) * sizeof *mx), *my = xmalloc((m ? m : 1) * sizeof *my);
        double *se = xmalloc((m ? m : 1) * sizeof *se), *sp = xmalloc((m ? m : 1) * sizeof *sp);
        size_t np = 0, *which = xmalloc((m ? m : 1) * sizeof *which);
        const char *pg = t->cols[jp].str[g] ? t->cols[jp].str[g] : "";
        for (size_t i = 0; i < m; i++) {   /* the curve's order: thresholds increasing, as roc_best takes it */
            if (!cu->cols[cp].str[i] || strcmp(cu->cols[cp].str[i], pg)) continue;
            se[np] = cu->cols[cse].num[i];
            sp[np++] = cu->cols[csp].num[i];
        }
        size_t nb = roc_best(se, sp, np, ROC_BEST_YOUDEN, which);
        for (size_t q = 0; q < nb; q++) { mx[q] = 1 - sp[which[q]]; my[q] = se[which[q]]; }
        for (size_t q = 0; q < np; q++) {   /* drawn from threshold +Inf (0, 0) to −Inf (1, 1) */
            x[q] = 1 - sp[np - 1 - q];
            y[q] = se[np - 1 - q];
        }
        free(se);
        free(sp);
        free(which);
        if (jl >= 0 && jh >= 0 && !isnan(t->cols[jl].num[g]))
            strlist_addf(&names, "%s: AUC %.3f (%.3f-%.3f)", pg, t->cols[ja].num[g], t->cols[jl].num[g],
                         t->cols[jh].num[g]);
        else
            strlist_addf(&names, "%s: AUC %.3f", pg, t->cols[ja].num[g]);
        c[g] = (PlotCurve){NULL, x, y, np, 0, NULL, NULL, mx, my, nb, NULL, 0};
        bufs[4 * g] = x; bufs[4 * g + 1] = y; bufs[4 * g + 2] = mx; bufs[4 * g + 3] = my;
    }
    for (size_t g = 0; g < k; g++) c[g].name = names.v[g];
    static const double dx[2] = {0, 1}, dy[2] = {0, 1};
    c[k] = (PlotCurve){"chance", dx, dy, 2, 0, NULL, NULL, NULL, NULL, 0, "#888888", 1};
    /* the title names the outcome: "ROC of outcome: Poor (41) vs Good (72)" */
    Buf title = {0};
    long j1 = table_find(t, "n_pos"), j0 = table_find(t, "n_neg"), jo = table_find(t, "outcome"),
         jpos = table_find(t, "positive");
    const char *outcome = jo >= 0 && k && t->cols[jo].type == COL_STR ? t->cols[jo].str[0] : figure_param(in, "outcome");
    const char *pos = jpos >= 0 && k && t->cols[jpos].type == COL_STR ? t->cols[jpos].str[0] : NULL;
    const char *neg = figure_param(in, "negative");
    double n1 = j1 >= 0 && k ? t->cols[j1].num[0] : NAN, n0 = j0 >= 0 && k ? t->cols[j0].num[0] : NAN;
    if (outcome && pos)
        buf_printf(&title, "ROC of %s: %s (%.0f) vs %s (%.0f)", outcome, pos, n1, neg ? neg : "the others", n0);
    else
        buf_printf(&title, "ROC: %s (%.0f positives, %.0f negatives)", in->name, n1, n0);
    PlotText pt = {title.s, "1 - specificity", "sensitivity", 0};
    /* square, the key at the bottom right: a curve above the diagonal never goes there */
    PlotLayout lay = {KEY_BOTTOM_RIGHT, 1, "Youden-best threshold(s), as coords", 0, 0, 0};
    size_t npts = 0;   /* the chance diagonal alone is nothing to plot */
    for (size_t g = 0; g < k; g++) npts += c[g].n;
    Buf none = {0};
    buf_printf(&none, "%s has no ROC curve points (%s)", in->name, k ? "its .curve table is empty" : "no predictor");
    int rc = npts ? plot_curves_laid_out(po, &pt, &lay, c, k + 1, NULL, NULL, 0, 1, r)
                  : plot_nothing(r, none.s);
    buf_free(&none);
    for (size_t i = 0; i < 4 * k; i++) free(bufs[i]);
    free(bufs);
    free(c);
    strlist_free(&names);
    buf_free(&title);
    return rc;
}
