/* generic.c — see generic.h. */
#include "plots/generic.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/linfit.h"

/* The data file's name as a quoted gnuplot string (the name may hold any text). */
static char *dat_name(const PlotOut *o) {
    Buf q = {0};
    plot_file_name(&q, o, "dat");
    return q.s;
}

/* The title and axis labels: the user's (title=, xlabel=, ylabel= in o)
 * over the figure's own (t); every one a quoted gnuplot string. */
static void put_labels(Buf *gp, const PlotOut *o, const PlotText *t) {
    const char *title = o->title ? o->title : t->title, *xl = o->xlabel ? o->xlabel : t->xlabel;
    const char *yl = o->ylabel ? o->ylabel : t->ylabel;
    if (title) { buf_puts(gp, "set title "); gp_str(gp, title); buf_puts(gp, "\n"); }
    if (xl) { buf_puts(gp, "set xlabel "); gp_str(gp, xl); buf_puts(gp, "\n"); }
    if (yl) { buf_puts(gp, "set ylabel "); gp_str(gp, yl); buf_puts(gp, "\n"); }
    if (t->integer_x) buf_puts(gp, "set xtics 1\nset autoscale xfix\nset offsets 0.25, 0.25, 0, 0\n");
}

/* The legend's place (KEY_*). */
static void put_key(Buf *gp, int key) {
    switch (key) {
    case KEY_OUTSIDE_RIGHT: buf_puts(gp, "set key outside right top vertical Left reverse samplen 2\n"); break;
    case KEY_BOTTOM_RIGHT: buf_puts(gp, "set key inside bottom right vertical Left reverse samplen 2 box lc rgb '#bbbbbb' opaque\n"); break;
    case KEY_NONE: buf_puts(gp, "unset key\n"); break;
    default: buf_puts(gp, "set key top right\n"); break;
    }
}

/* %.10g (ample for a figure), or NaN as gnuplot's missing marker "NaN". */
static void num(Buf *b, double x) {
    if (isnan(x)) buf_puts(b, "NaN");
    else buf_printf(b, "%.10g", x);
}

/* "nothing to plot: FMT" with labels that may be NULL (refused before
 * gnuplot, whose own message — "x range is invalid" — says nothing). */
static int nothing(PlotResult *r, const char *fmt, const char *a, const char *b) {
    Buf m = {0};
    buf_printf(&m, fmt, a ? a : "the column", b ? b : "the column");
    int rc = plot_nothing(r, m.s);
    buf_free(&m);
    return rc;
}

int plot_scatter(const PlotOut *o, const PlotText *t, const double *x, const double *y, const size_t *group,
                 size_t n, const char *const *gnames, size_t ng, PlotResult *r) {
    size_t have = 0;
    for (size_t i = 0; i < n; i++) have += !isnan(x[i]) && !isnan(y[i]) && (!group || group[i] != NO_GROUP);
    if (!have && !n) return nothing(r, "the table has no rows (%s against %s)", t->ylabel, t->xlabel);
    if (!have) return nothing(r, "no patient has values of both %s and %s (each pair has an NA)", t->xlabel, t->ylabel);
    Buf gp = {0}, dat = {0};
    if (!group) ng = 1;
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    buf_puts(&gp, "set key outside right top vertical Left reverse\n");
    buf_puts(&gp, "plot \\\n");
    double *gx = xmalloc((n ? n : 1) * sizeof *gx), *gy = xmalloc((n ? n : 1) * sizeof *gy);
    double xmin = INFINITY, xmax = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) { if (x[i] < xmin) xmin = x[i]; if (x[i] > xmax) xmax = x[i]; }
    int first = 1;
    for (size_t g = 0; g < ng; g++) {
        size_t m = 0;
        buf_printf(&dat, "# group %zu\n", g + 1);
        for (size_t i = 0; i < n; i++) {
            if (group && group[i] != g) continue;
            if (isnan(x[i]) || isnan(y[i])) continue;
            gx[m] = x[i];
            gy[m++] = y[i];
            num(&dat, x[i]);
            buf_puts(&dat, "\t");
            num(&dat, y[i]);
            buf_puts(&dat, "\n");
        }
        buf_puts(&dat, "\n\n");
        LinFit f = linfit(gx, gy, m);
        const char *col = plot_group_colour(g);
        Buf key = {0};
        if (group) buf_printf(&key, "%s: ", gnames[g]);
        if (isnan(f.r)) buf_printf(&key, "n = %zu", m);
        else buf_printf(&key, "r = %.2f, n = %zu", f.r, m);
        buf_printf(&gp, "%s  %s index %zu using 1:2 with points pt 7 ps 0.7 lc rgb '%s' title ", first ? "" : ", \\\n",
                   dq, g, col);
        gp_str(&gp, key.s);
        first = 0;
        if (!isnan(f.slope) && xmin < xmax)
            buf_printf(&gp, ", \\\n  [%.10g:%.10g] %.10g + %.10g * x with lines lw 2 lc rgb '%s' notitle", xmin, xmax,
                       f.intercept, f.slope, col);
        buf_free(&key);
    }
    buf_puts(&gp, "\n");
    free(gx);
    free(gy);
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

int plot_box(const PlotOut *o, const PlotText *t, const double *y, const size_t *group, size_t n,
             const char *const *gnames, size_t ng, PlotResult *r) {
    size_t have = 0;
    for (size_t i = 0; i < n; i++) have += !isnan(y[i]) && group[i] != NO_GROUP;
    if (!have && !n) return nothing(r, "the table has no rows (%s)", t->ylabel, NULL);
    if (!have) return nothing(r, "%s has no value in any group (%s)", t->ylabel, "every one is NA or has no group");
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    buf_puts(&gp, "set style boxplot nooutliers\nset style data boxplot\nset boxwidth 0.5\n");
    buf_printf(&gp, "set xrange [0.4:%zu.6]\nset xtics (", ng);
    for (size_t g = 0; g < ng; g++) {
        if (g) buf_puts(&gp, ", ");
        gp_str(&gp, gnames[g]);
        buf_printf(&gp, " %zu", g + 1);
    }
    buf_puts(&gp, ")\n");
    /* column 1: the value; column 2: its x, jittered by a fixed hash of
       its position (the same figure every time) */
    for (size_t g = 0; g < ng; g++) {
        buf_printf(&dat, "# group %zu\n", g + 1);
        size_t m = 0;
        for (size_t i = 0; i < n; i++)
            if (group[i] == g && !isnan(y[i])) {
                unsigned long h = (unsigned long)i * 2654435761UL % 4294967296UL;
                double jit = ((double)h / 4294967296.0 - 0.5) * 0.3;
                num(&dat, y[i]);
                buf_printf(&dat, "\t%.4f\n", (double)(g + 1) + jit);
                m++;
            }
        if (!m) buf_printf(&dat, "NaN\t%zu\n", g + 1);
        buf_puts(&dat, "\n\n");
    }
    buf_puts(&gp, "plot \\\n");
    for (size_t g = 0; g < ng; g++) {
        const char *col = plot_group_colour(g);
        buf_printf(&gp, "%s  %s index %zu using (%zu):1 with boxplot lw 1.5 lc rgb '%s' fs transparent solid 0.25, \\\n"
                        "  %s index %zu using 2:1 with points pt 7 ps 0.6 lc rgb '%s'",
                   g ? ", \\\n" : "", dq, g, g + 1, col, dq, g, col);
    }
    buf_puts(&gp, "\n");
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

/* R's pretty(): about n intervals of 1, 2, 5 × 10^k covering lo..hi. */
static void pretty(double lo, double hi, size_t n, double *start, double *step, size_t *count) {
    if (hi <= lo) { hi = lo + 1; lo -= 1; }
    double raw = (hi - lo) / (double)(n ? n : 1), p = pow(10, floor(log10(raw))), u = raw / p;
    double unit = (u <= 1.4 ? 1 : u <= 3 ? 2 : u <= 7 ? 5 : 10) * p;
    *start = floor(lo / unit + 1e-10) * unit;
    double end = ceil(hi / unit - 1e-10) * unit;
    *step = unit;
    *count = (size_t)llround((end - *start) / unit);
    if (!*count) *count = 1;
}

int plot_hist(const PlotOut *o, const PlotText *t, const double *x, size_t n, PlotResult *r) {
    double lo = INFINITY, hi = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && isfinite(x[i])) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; m++; }
    if (!m && !n) return nothing(r, "the table has no rows (%s)", t->xlabel, NULL);
    if (!m) return nothing(r, "%s has no value (%s)", t->xlabel, "every one is NA or infinite");
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    if (m) {
        size_t k = (size_t)ceil(log2((double)m) + 1), nb;   /* Sturges */
        double start, w;
        pretty(lo, hi, k, &start, &w, &nb);
        size_t *cnt = xcalloc(nb, sizeof *cnt);
        for (size_t i = 0; i < n; i++) {
            if (isnan(x[i]) || !isfinite(x[i])) continue;
            /* right-closed classes (a, b], the first also closed on the left, as hist() */
            double pos = (x[i] - start) / w;
            size_t b = pos <= 0 ? 0 : (size_t)ceil(pos - 1e-9) - 1;
            if (pos > 0 && b >= nb) b = nb - 1;
            cnt[b]++;
        }
        for (size_t b = 0; b < nb; b++) {
            num(&dat, start + ((double)b + 0.5) * w);
            buf_printf(&dat, "\t%zu\n", cnt[b]);
        }
        free(cnt);
        buf_printf(&gp, "set boxwidth %.10g\nset style fill solid 0.6 border lc rgb '#333333'\nset yrange [0:*]\n", w);
    }
    if (!t->ylabel) buf_puts(&gp, "set ylabel 'patients'\n");
    buf_printf(&gp, "plot %s using 1:2 with boxes lc rgb '%s'\n", dq, plot_group_colour(0));
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

int plot_volcano(const PlotOut *o, const PlotText *t, const double *effect, const double *p, const double *q,
                 size_t n, double qcut, double pline, const char *const *names, size_t nlabel, PlotResult *r) {
    size_t have = 0;
    for (size_t i = 0; i < n; i++) have += !isnan(effect[i]) && !isnan(p[i]);
    if (!have) return nothing(r, "no row has both an effect and a p-value (%s)", t->title, NULL);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    /* block 0: not significant; block 1: q < qcut */
    for (int blk = 0; blk < 2; blk++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(effect[i]) || isnan(p[i])) continue;
            int sig = !isnan(q[i]) && q[i] < qcut;
            if (sig != blk) continue;
            num(&dat, effect[i]);
            buf_puts(&dat, "\t");
            num(&dat, p[i] > 0 ? -log10(p[i]) : 300);
            buf_puts(&dat, "\n");
            m++;
        }
        if (!m) buf_puts(&dat, "NaN\tNaN\n");
        buf_puts(&dat, "\n\n");
    }
    double emax = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(effect[i]) && fabs(effect[i]) > emax) emax = fabs(effect[i]);
    if (emax > 0) buf_printf(&gp, "set xrange [%.10g:%.10g]\n", -emax * 1.05, emax * 1.05);
    for (size_t i = 0; i < nlabel && i < n; i++) {   /* names point inwards, towards 0 */
        if (isnan(effect[i]) || isnan(p[i])) continue;
        buf_printf(&gp, "set label %zu ", 100 + i);
        gp_str(&gp, names[i]);
        buf_printf(&gp, " at %.10g, %.10g %s offset %s,0.3 font ',8'\n", effect[i], p[i] > 0 ? -log10(p[i]) : 300,
                   effect[i] > 0 ? "right" : "left", effect[i] > 0 ? "-0.7" : "0.7");
    }
    if (!isnan(pline) && pline > 0)
        buf_printf(&gp, "set arrow 1 from graph 0, first %.10g to graph 1, first %.10g nohead dt 2 lc rgb '#555555'\n",
                   -log10(pline), -log10(pline));
    buf_puts(&gp, "set key top left\nset yrange [0:*]\n");
    buf_printf(&gp, "plot %s index 0 using 1:2 with points pt 7 ps 0.5 lc rgb '#9a9a9a' title 'q >= %g', \\\n"
                    "  %s index 1 using 1:2 with points pt 7 ps 0.7 lc rgb '%s' title 'q < %g'\n",
               dq, qcut, dq, plot_group_colour(1), qcut);
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

#define MAX_TICK_LABELS 40

/* Named tics at 0..n-1 in the order ord (NULL = as given), or none when
 * there are more than MAX_TICK_LABELS (unreadable) or no names. */
static void tic_labels(Buf *gp, const char *set, const char *axis, const char *const *names, const size_t *ord,
                       size_t n) {
    if (!n || n > MAX_TICK_LABELS || !names) {
        buf_printf(gp, "unset %s\n", axis);
        return;
    }
    buf_printf(gp, "set %s (", set);
    for (size_t b = 0; b < n; b++) {
        if (b) buf_puts(gp, ", ");
        gp_str(gp, names[ord ? ord[b] : b]);
        buf_printf(gp, " %zu", b);
    }
    buf_puts(gp, ")\n");
}

int plot_heatmap(const PlotOut *o, const PlotText *t, const double *m, size_t nr, size_t nc,
                 const char *const *rown, const char *const *coln, const size_t *rord, const size_t *cord,
                 int palette, double zmin, double zmax, const char *zlabel, const size_t *rgroup,
                 const unsigned char *marks, PlotResult *r) {
    size_t have = 0;
    for (size_t i = 0; i < nr * nc; i++) have += !isnan(m[i]);
    if (!nr || !nc) return nothing(r, "the map has no %s (%s)", !nr ? "rows" : "columns", t->title);
    if (!have) return nothing(r, "every cell of the map is NA (%s)", t->title, NULL);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    for (size_t a = 0; a < nr; a++) {
        size_t i = rord ? rord[a] : a;
        for (size_t b = 0; b < nc; b++) {
            size_t j = cord ? cord[b] : b;
            if (b) buf_puts(&dat, "\t");
            num(&dat, m[i * nc + j]);
        }
        buf_puts(&dat, "\n");
    }
    if (palette == PAL_DIVERGING)
        buf_puts(&gp, "set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')\n");
    else if (palette == PAL_CLASSES) {   /* one flat colour per class 1..K over zmin..zmax = 0.5..K+0.5 */
        size_t nk = (size_t)(zmax - zmin + 0.5);
        buf_printf(&gp, "set palette maxcolors %zu\nset palette defined (", nk ? nk : 1);
        for (size_t c = 0; c < nk; c++)
            buf_printf(&gp, "%s%zu '%s', %zu '%s'", c ? ", " : "", c, plot_group_colour(c), c + 1, plot_group_colour(c));
        buf_puts(&gp, ")\nunset colorbox\n");
    } else
        buf_puts(&gp, "set palette defined (0 '#440154', 0.14 '#46327E', 0.29 '#365C8D', 0.43 '#277F8E', "
                      "0.57 '#1FA187', 0.71 '#4AC16D', 0.86 '#A0DA39', 1 '#FDE725')\n");
    buf_printf(&gp, "set cbrange [%.10g:%.10g]\n", zmin, zmax);
    if (zlabel) { buf_puts(&gp, "set cblabel "); gp_str(&gp, zlabel); buf_puts(&gp, "\n"); }
    buf_printf(&gp, "set xrange [-0.5:%zu.5]\nset yrange [%zu.5:-0.5]\n", nc ? nc - 1 : 0, nr ? nr - 1 : 0);
    buf_puts(&gp, "unset grid\nset tics scale 0\nset border 0\n");
    tic_labels(&gp, "xtics rotate by 60 right", "xtics", coln, cord, nc);
    tic_labels(&gp, "ytics", "ytics", rown, rord, nr);
    if (rgroup) {   /* a colour bar of row groups left of the map */
        for (size_t a = 0; a < nr; a++) {
            size_t g = rgroup[rord ? rord[a] : a];
            if (g == NO_GROUP) continue;
            buf_printf(&gp, "set object rect from -0.5-%.3g,%zu-0.5 to -0.5-0.1,%zu+0.5 fc rgb '%s' fs solid noborder\n",
                       nc * 0.04 + 0.3, a, a, plot_group_colour(g));
        }
        buf_printf(&gp, "set xrange [-0.5-%.3g:%zu.5]\n", nc * 0.04 + 0.4, nc ? nc - 1 : 0);
    }
    if (marks) {   /* block 1: the marked cells as x y */
        buf_puts(&dat, "\n\n");
        size_t nm = 0;
        for (size_t a = 0; a < nr; a++)
            for (size_t b = 0; b < nc; b++)
                if (marks[(rord ? rord[a] : a) * nc + (cord ? cord[b] : b)]) { buf_printf(&dat, "%zu\t%zu\n", b, a); nm++; }
        if (!nm) buf_puts(&dat, "NaN\tNaN\n");
        buf_printf(&gp, "plot %s index 0 matrix with image pixels, %s index 1 using 1:2 with points pt 7 ps 0.4 "
                        "lc rgb '#000000' notitle\n", dq, dq);
    } else {
        buf_printf(&gp, "plot %s matrix with image pixels\n", dq);
    }
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

int plot_curves(const PlotOut *o, const PlotText *t, const PlotCurve *c, size_t nc, const char *note,
                const PlotTableUnder *tab, double ymin, double ymax, PlotResult *r) {
    return plot_curves_laid_out(o, t, NULL, c, nc, note, tab, ymin, ymax, r);
}

int plot_curves_laid_out(const PlotOut *o, const PlotText *t, const PlotLayout *l, const PlotCurve *c, size_t nc,
                         const char *note, const PlotTableUnder *tab, double ymin, double ymax, PlotResult *r) {
    static const PlotLayout plain = {0};
    if (!l) l = &plain;
    size_t have = 0;
    for (size_t k = 0; k < nc; k++)
        for (size_t i = 0; i < c[k].n; i++) have += !isnan(c[k].x[i]) && !isnan(c[k].y[i]);
    if (!have) return nothing(r, "no curve has a point (%s)", t->title, NULL);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = dat_name(o);
    put_labels(&gp, o, t);
    if (!isnan(ymin) && !isnan(ymax)) buf_printf(&gp, "set yrange [%.10g:%.10g]\n", ymin, ymax);
    else if (!isnan(ymin)) buf_printf(&gp, "set yrange [%.10g:*]\n", ymin);
    if (l->xmax > 0) {
        buf_printf(&gp, "set xrange [0:%.10g]\n", l->xmax);
        if (l->xstep > 0) buf_printf(&gp, "set xtics 0, %.10g\n", l->xstep);
    }
    if (l->square) buf_puts(&gp, "set size ratio -1\n");
    put_key(&gp, l->key);
    if (note && l->note_above) {   /* a line of its own between the title and the plot */
        buf_puts(&gp, "set tmargin 5\nset title offset 0,1.2\nset label 1 ");
        gp_str(&gp, note);
        buf_printf(&gp, " at graph 0, graph 1 offset 0,%s left\n", strcmp(o->format, "dumb") ? "0.9" : "1.5");
    } else if (note) {
        buf_puts(&gp, "set label 1 ");
        gp_str(&gp, note);
        buf_puts(&gp, " at graph 0.03, graph 0.06 left\n");
    }
    if (tab) {   /* rows of numbers under the x axis */
        buf_printf(&gp, "set bmargin %zu\nset lmargin 18\n", nc + 7);
        buf_puts(&gp, "set label 2 ");
        gp_str(&gp, tab->title);
        buf_printf(&gp, " at graph 0, graph 0 offset 0,-4.5 left\n");
        for (size_t k = 0; k < nc; k++) {
            buf_printf(&gp, "set label %zu ", 10 + k * 1000);
            gp_str(&gp, c[k].name);
            buf_printf(&gp, " at graph 0, graph 0 offset -3,-%zu.5 right tc rgb '%s'\n", 6 + k, plot_group_colour(k));
            for (size_t q = 0; q < tab->nat; q++)
                buf_printf(&gp, "set label %zu '%.0f' at first %.10g, graph 0 offset 0,-%zu.5 center tc rgb '%s'\n",
                           11 + k * 1000 + q, tab->values[k * tab->nat + q], tab->at[q], 6 + k, plot_group_colour(k));
        }
    }
    /* data: per curve, block 3k = the curve, 3k+1 = the band, 3k+2 = the marks */
    for (size_t k = 0; k < nc; k++) {
        for (size_t i = 0; i < c[k].n; i++) {
            num(&dat, c[k].x[i]);
            buf_puts(&dat, "\t");
            num(&dat, c[k].y[i]);
            buf_puts(&dat, "\n");
        }
        buf_puts(&dat, "\n\n");
        for (size_t i = 0; c[k].lo && i < c[k].n; i++) {
            if (c[k].step && i > 0) {   /* a step band: hold the previous limits up to x[i] */
                num(&dat, c[k].x[i]);
                buf_puts(&dat, "\t");
                num(&dat, c[k].lo[i - 1]);
                buf_puts(&dat, "\t");
                num(&dat, c[k].hi[i - 1]);
                buf_puts(&dat, "\n");
            }
            num(&dat, c[k].x[i]);
            buf_puts(&dat, "\t");
            num(&dat, c[k].lo[i]);
            buf_puts(&dat, "\t");
            num(&dat, c[k].hi[i]);
            buf_puts(&dat, "\n");
        }
        if (!c[k].lo) buf_puts(&dat, "NaN\tNaN\tNaN\n");
        buf_puts(&dat, "\n\n");
        for (size_t i = 0; c[k].mx && i < c[k].nmarks; i++) {
            num(&dat, c[k].mx[i]);
            buf_puts(&dat, "\t");
            num(&dat, c[k].my[i]);
            buf_puts(&dat, "\n");
        }
        if (!c[k].mx || !c[k].nmarks) buf_puts(&dat, "NaN\tNaN\n");
        buf_puts(&dat, "\n\n");
    }
    buf_puts(&gp, "plot \\\n");
    for (size_t k = 0; k < nc; k++) {
        const char *col = c[k].colour ? c[k].colour : plot_group_colour(k);
        if (k) buf_puts(&gp, ", \\\n");
        if (c[k].lo)
            buf_printf(&gp, "  %s index %zu using 1:2:3 with filledcurves lc rgb '%s' fs transparent solid 0.15 notitle, \\\n",
                       dq, 3 * k + 1, col);
        buf_printf(&gp, "  %s index %zu using 1:2 with %s lw %s lc rgb '%s'%s title ", dq, 3 * k,
                   c[k].step ? "steps" : "lines", c[k].dashed ? "1" : "2", col, c[k].dashed ? " dt 2" : "");
        gp_str(&gp, c[k].name);
        if (c[k].mx)
            buf_printf(&gp, ", \\\n  %s index %zu using 1:2 with points pt %d ps 1.6 lw 1.5 lc rgb '%s' notitle", dq,
                       3 * k + 2, c[k].step ? 1 : 7, col);
    }
    if (l->marks) {   /* what the marks are: one key entry in a neutral colour */
        int pt = 1;
        for (size_t k = 0; k < nc; k++)
            if (c[k].mx) { pt = c[k].step ? 1 : 7; break; }
        buf_printf(&gp, ", \\\n  keyentry with points pt %d ps 1.6 lw 1.5 lc rgb '#444444' title ", pt);
        gp_str(&gp, l->marks);
    }
    buf_puts(&gp, "\n");
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}
