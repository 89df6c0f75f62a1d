/* figures_pca.c — plot pca: the patients on the first two principal
 * components of a pca result, coloured by a group (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plots/figures.h"

int figure_pca(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    if (!in->kind || strcmp(in->kind, "pca")) {
        buf_printf(&r->msg, "%s is not a pca result; plot pca takes one (pca FEATURES … as NAME)", in->name);
        return -2;
    }
    if (in->nwords) {
        buf_puts(&r->msg, "name the pca result only: plot pca NAME [by GROUP]");
        return -2;
    }
    const Table *t = in->main, *var = figure_part(in, "variance");
    long x = table_find(t, "PC1"), y = table_find(t, "PC2");
    if (x < 0 || y < 0 || t->cols[x].type != COL_NUM || t->cols[y].type != COL_NUM) {
        buf_printf(&r->msg, "%s has no columns PC1 and PC2 (one component only, or edited)", in->name);
        return -2;
    }
    long jp = var ? table_find(var, "prop") : -1;
    double p1 = jp >= 0 && var->nrow > 1 ? var->cols[jp].num[0] : NAN, p2 = jp >= 0 && var->nrow > 1 ? var->cols[jp].num[1] : NAN;
    Buf gp = {0}, dat = {0}, q = {0}, lx = {0}, ly = {0}, title = {0};
    buf_printf(&lx, "PC1 (%.1f%% of the variance)", 100 * p1);
    buf_printf(&ly, "PC2 (%.1f%% of the variance)", 100 * p2);
    buf_printf(&title, "%s: %zu patients on the first two components%s%s", in->name, t->nrow, in->by ? " by " : "",
               in->by ? in->by : "");
    size_t ng = in->group ? in->ngroups : 1, have = 0;
    for (size_t i = 0; i < t->nrow; i++)
        have += !isnan(t->cols[x].num[i]) && !isnan(t->cols[y].num[i]) && (!in->group || in->group[i] != NO_GROUP);
    if (!have) {
        buf_free(&lx); buf_free(&ly); buf_free(&title);
        return plot_nothing(r, "no patient has both PC1 and PC2 (and a group)");
    }
    plot_begin(&gp, po);
    plot_file_name(&q, po, "dat");
    buf_puts(&gp, "set title "); gp_str(&gp, title.s); buf_puts(&gp, "\n");
    buf_puts(&gp, "set xlabel "); gp_str(&gp, lx.s); buf_puts(&gp, "\n");
    buf_puts(&gp, "set ylabel "); gp_str(&gp, ly.s); buf_puts(&gp, "\n");
    buf_puts(&gp, "set key outside right top vertical Left reverse\nset xzeroaxis lt 0\nset yzeroaxis lt 0\nplot \\\n");
    for (size_t g = 0; g < ng; g++) {
        size_t m = 0;
        buf_printf(&dat, "# group %zu\n", g + 1);
        for (size_t i = 0; i < t->nrow; i++) {
            if (in->group && in->group[i] != g) continue;
            if (isnan(t->cols[x].num[i]) || isnan(t->cols[y].num[i])) continue;
            buf_printf(&dat, "%.10g\t%.10g\n", t->cols[x].num[i], t->cols[y].num[i]);
            m++;
        }
        buf_puts(&dat, "\n\n");
        Buf key = {0};
        if (in->group) buf_printf(&key, "%s (%zu)", in->gnames[g], m);
        else buf_printf(&key, "n = %zu", m);
        buf_printf(&gp, "%s  %s index %zu using 1:2 with points pt 7 ps 0.7 lc rgb '%s' title ", g ? ", \\\n" : "", q.s, g,
                   plot_group_colour(g));
        gp_str(&gp, key.s);
        buf_free(&key);
    }
    buf_puts(&gp, "\n");
    int rc = plot_render(po, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    buf_free(&q);
    buf_free(&lx);
    buf_free(&ly);
    buf_free(&title);
    return rc;
}
