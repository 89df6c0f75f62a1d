/* figures_columns.c — figures of a table's columns: plot scatter, box,
 * hist and heatmap (of a table, or of a corr result) (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/select.h"
#include "plots/figures.h"
#include "stats/describe.h"

/* The numeric column ref of t, or -1 with the message in r. */
static long numeric_col(const Table *t, const char *ref, PlotResult *r) {
    long j = table_find_err(t, ref, &r->msg);
    if (j < 0) return -1;
    if (t->cols[j].type != COL_NUM) {
        buf_printf(&r->msg, "%s is a text column; this plot needs numbers", ref);
        return -1;
    }
    return j;
}

/* Axis label: the column's label and its unit (caller frees). */
static char *axis_label(const Table *t, long j) {
    Buf lab = {0}, b = {0};
    table_col_label(t, (size_t)j, &lab);
    buf_puts(&b, lab.s);
    if (t->cols[j].unit) buf_printf(&b, " (%s)", t->cols[j].unit);
    buf_free(&lab);
    return b.s;
}

static size_t count_pairs(const double *x, const double *y, const size_t *g, size_t n) {
    size_t m = 0;
    for (size_t i = 0; i < n; i++) m += !isnan(x[i]) && (!y || !isnan(y[i])) && (!g || g[i] != NO_GROUP);
    return m;
}

/* plot scatter X Y [by GROUP] */
int figure_scatter(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main;
    if (in->nwords != 2) { buf_puts(&r->msg, "name two columns: plot scatter X Y"); return -2; }
    long xj = numeric_col(t, in->words[0], r), yj = xj >= 0 ? numeric_col(t, in->words[1], r) : -1;
    if (yj < 0) return -2;
    char *xl = axis_label(t, xj), *yl = axis_label(t, yj);
    size_t n = count_pairs(t->cols[xj].num, t->cols[yj].num, in->group, t->nrow);
    Buf title = {0};
    buf_printf(&title, "%s against %s%s%s (n = %zu patient%s)", yl, xl, in->by ? " by " : "", in->by ? in->by : "", n,
               plural_s(n));
    PlotText pt = {title.s, xl, yl, 0};
    int rc = plot_scatter(po, &pt, t->cols[xj].num, t->cols[yj].num, in->group, t->nrow, in->gnames, in->ngroups, r);
    free(xl);
    free(yl);
    buf_free(&title);
    return rc;
}

/* plot box FEATURE by GROUP */
int figure_box(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main;
    if (!in->by) { buf_puts(&r->msg, "name the groups: plot box FEATURE by GROUP"); return -2; }
    if (in->nwords != 1) { buf_puts(&r->msg, "name one column: plot box FEATURE by GROUP"); return -2; }
    long yj = numeric_col(t, in->words[0], r);
    if (yj < 0) return -2;
    char *yl = axis_label(t, yj);
    size_t n = count_pairs(t->cols[yj].num, NULL, in->group, t->nrow);
    Buf title = {0};
    buf_printf(&title, "%s by %s (n = %zu patient%s)", yl, in->by, n, plural_s(n));
    PlotText pt = {title.s, in->by, yl, 0};
    int rc = plot_box(po, &pt, t->cols[yj].num, in->group, t->nrow, in->gnames, in->ngroups, r);
    free(yl);
    buf_free(&title);
    return rc;
}

/* plot hist COL */
int figure_hist(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main;
    if (in->nwords != 1) { buf_puts(&r->msg, "name one column: plot hist COL"); return -2; }
    long xj = numeric_col(t, in->words[0], r);
    if (xj < 0) return -2;
    char *xl = axis_label(t, xj);
    Buf title = {0};
    size_t n = count_pairs(t->cols[xj].num, NULL, NULL, t->nrow);
    buf_printf(&title, "%s (n = %zu patient%s)", xl, n, plural_s(n));
    PlotText pt = {title.s, xl, NULL, 0};
    int rc = plot_hist(po, &pt, t->cols[xj].num, t->nrow, r);
    free(xl);
    buf_free(&title);
    return rc;
}

/* plot heatmap T [SELECTOR] [by GROUP]: patients × features as z-scores
 * capped at ±3, rows in group order; a corr result goes to its own map. */
int figure_heatmap(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    if (in->kind && !strcmp(in->kind, "corr")) {
        if (in->nwords || in->by) {
            buf_printf(&r->msg, "%s is a corr result: plot heatmap %s [cluster=yes] [top=40] draws it (no selector, "
                                "no groups)", in->name, in->name);
            return -2;
        }
        return figure_corr_heatmap(in, o, po, r);
    }
    const Table *t = in->main;
    if (in->nwords > 1) { buf_puts(&r->msg, "one selector: plot heatmap T [SELECTOR] [by GROUP]"); return -2; }
    size_t *cols;
    long nc;
    if (in->nwords) {
        if ((nc = table_select(t, in->words[0], &cols, &r->msg)) < 0) return -2;
    } else {
        cols = xmalloc((t->ncol ? t->ncol : 1) * sizeof *cols);
        nc = 0;
        for (size_t j = 0; j < t->ncol; j++)
            if ((long)j != t->id && !t->cols[j].meta) cols[nc++] = j;
    }
    size_t w = 0;
    for (long j = 0; j < nc; j++)
        if (t->cols[cols[j]].type == COL_NUM) cols[w++] = cols[j];
    if (!w) { buf_puts(&r->msg, "no numeric columns selected"); free(cols); return -2; }
    /* patients × features, each feature as z-scores, capped at ±3 */
    size_t nr = t->nrow;
    double *m = xmalloc((nr && w ? nr * w : 1) * sizeof *m);
    const char **coln = xmalloc(w * sizeof *coln), **rown = xmalloc((nr ? nr : 1) * sizeof *rown);
    for (size_t j = 0; j < w; j++) {
        const Column *c = &t->cols[cols[j]];
        table_num(t, cols[j]);   /* compact and computed columns too (io/table.h) */
        double mean, var;
        size_t used;
        mean_var(c->num, nr, &mean, &var, &used);
        double sd = sqrt(var);
        for (size_t i = 0; i < nr; i++) {
            double z = sd > 0 ? (c->num[i] - mean) / sd : NAN;
            m[i * w + j] = isnan(z) ? NAN : z > 3 ? 3 : z < -3 ? -3 : z;
        }
        coln[j] = c->name;
    }
    for (size_t i = 0; i < nr; i++) rown[i] = t->id >= 0 && t->cols[t->id].str[i] ? t->cols[t->id].str[i] : "";
    /* rows in group order when grouped */
    size_t *rord = xmalloc((nr ? nr : 1) * sizeof *rord), q = 0;
    if (in->group) {
        for (size_t g = 0; g <= in->ngroups; g++)
            for (size_t i = 0; i < nr; i++)
                if ((g < in->ngroups && in->group[i] == g) || (g == in->ngroups && in->group[i] == NO_GROUP)) rord[q++] = i;
    } else {
        for (size_t i = 0; i < nr; i++) rord[i] = i;
    }
    Buf title = {0};
    buf_printf(&title, "%zu feature%s of %s, z-scores (n = %zu patient%s)", w, plural_s(w), in->name, nr, plural_s(nr));
    if (in->by) buf_printf(&title, ", by %s", in->by);
    PlotText pt = {title.s, NULL, NULL, 0};
    HeatmapSpec h = {.m = m, .nr = nr, .nc = w, .rown = rown, .coln = coln, .rwhat = "patients", .cwhat = "features",
                     .rord = rord, .palette = PAL_DIVERGING, .zmin = -3, .zmax = 3, .zlabel = "z-score (capped at 3)",
                     .rgroup = in->group, .gnames = in->gnames, .ngroups = in->ngroups, .gtitle = in->by,
                     .missing_name = "missing value"};
    int rc = plot_heatmap(po, &pt, &h, r);
    buf_free(&title);
    free(m);
    free(coln);
    free(rown);
    free(rord);
    free(cols);
    return rc;
}
