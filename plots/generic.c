/* generic.c — see generic.h. */
#include "plots/generic.h"
#include "plots/blocks.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "stats/linfit.h"

char *plot_dat_name(const PlotOut *o) {
    Buf q = {0};
    plot_file_name(&q, o, "dat");
    return q.s;
}

void plot_put_labels(Buf *gp, const PlotOut *o, const PlotText *t) {
    const char *title = o->title ? o->title : t->title, *xl = o->xlabel ? o->xlabel : t->xlabel;
    const char *yl = o->ylabel ? o->ylabel : t->ylabel;
    if (title) { buf_puts(gp, "set title "); gp_str(gp, title); buf_puts(gp, "\n"); }
    if (xl) { buf_puts(gp, "set xlabel "); gp_str(gp, xl); buf_puts(gp, "\n"); }
    if (yl) { buf_puts(gp, "set ylabel "); gp_str(gp, yl); buf_puts(gp, "\n"); }
    if (t->integer_x) buf_puts(gp, "set xtics 1\nset autoscale xfix\nset offsets 0.25, 0.25, 0, 0\n");
}

/* The legend's place (KEY_*).  In the dumb terminal a key inside the plot
 * is as wide as the plot: bottom right goes under it. */
static void put_key(Buf *gp, const PlotOut *o, int key) {
    if (key == KEY_BOTTOM_RIGHT && !strcmp(o->format, "dumb")) key = KEY_UNDER;
    switch (key) {
    case KEY_UNDER: buf_puts(gp, "set key outside bottom center vertical Left reverse samplen 2\n"); break;
    case KEY_OUTSIDE_RIGHT: buf_puts(gp, "set key outside right top vertical Left reverse samplen 2\n"); break;
    case KEY_BOTTOM_RIGHT: buf_puts(gp, "set key inside bottom right vertical Left reverse samplen 2 box lc rgb '#bbbbbb' opaque\n"); break;
    case KEY_NONE: buf_puts(gp, "unset key\n"); break;
    default: buf_puts(gp, "set key top right\n"); break;
    }
}

void plot_num(Buf *b, double x) {
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

/* A numeric axis with tics at R's pretty() breaks of lo..hi, written as
 * plain numbers with as many decimals as the step needs (gnuplot's
 * default writes 1e+06 and 5e-05).  expand: the range is lo..hi widened
 * by 4 % on each side, as R's plots (points never on the border); else it
 * is the breaks' range (a histogram's classes).  Beyond what plain numbers
 * fit (1e9 or more, steps below 1e-6), gnuplot's own axis. */
static void plain_axis(Buf *gp, const char *axis, double lo, double hi, int expand) {
    if (!isfinite(lo) || !isfinite(hi)) return;
    double start, step;
    size_t count;
    pretty(lo, hi, 5, &start, &step, &count);
    double end = start + (double)count * step;
    if (fmax(fabs(start), fabs(end)) >= 1e9 || step < 1e-6) return;
    int dec = step >= 1 ? 0 : (int)ceil(-log10(step) - 1e-9);
    double a = start, b = end;
    if (expand) {
        double pad = hi > lo ? 0.04 * (hi - lo) : fabs(lo) > 0 ? 0.04 * fabs(lo) : 1;
        a = lo - pad;
        b = hi + pad;
    }
    buf_printf(gp, "set %srange [%.10g:%.10g]\nset %stics %.10g, %.10g, %.10g\nset format %s '%%.%df'\n", axis, a, b,
               axis, start, step, end + step * 1e-6, axis, dec);   /* the last tic despite rounding */
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
    char *dq = plot_dat_name(o);
    plot_put_labels(&gp, o, t);
    buf_puts(&gp, "set key outside right top vertical Left reverse\n");
    double *gx = xmalloc((n ? n : 1) * sizeof *gx), *gy = xmalloc((n ? n : 1) * sizeof *gy);
    double xmin = INFINITY, xmax = -INFINITY, ymin = INFINITY, ymax = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && !isnan(y[i])) {
            if (x[i] < xmin) xmin = x[i];
            if (x[i] > xmax) xmax = x[i];
            if (y[i] < ymin) ymin = y[i];
            if (y[i] > ymax) ymax = y[i];
        }
    plain_axis(&gp, "x", xmin, xmax, 1);
    plain_axis(&gp, "y", ymin, ymax, 1);
    buf_puts(&gp, "plot \\\n");
    int first = 1;
    for (size_t g = 0; g < ng; g++) {
        size_t m = 0;
        buf_printf(&dat, "# group %zu\n", g + 1);
        for (size_t i = 0; i < n; i++) {
            if (group && group[i] != g) continue;
            if (isnan(x[i]) || isnan(y[i])) continue;
            gx[m] = x[i];
            gy[m++] = y[i];
            plot_num(&dat, x[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, y[i]);
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
    char *dq = plot_dat_name(o);
    plot_put_labels(&gp, o, t);
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
                plot_num(&dat, y[i]);
                buf_printf(&dat, "\t%.4f\n", (double)(g + 1) + jit);
                m++;
            }
        if (!m) buf_printf(&dat, "NaN\t%zu\n", g + 1);
        buf_puts(&dat, "\n\n");
    }
    double ylo = INFINITY, yhi = -INFINITY;
    for (size_t i = 0; i < n; i++)
        if (!isnan(y[i]) && group[i] != NO_GROUP) { if (y[i] < ylo) ylo = y[i]; if (y[i] > yhi) yhi = y[i]; }
    plain_axis(&gp, "y", ylo, yhi, 1);
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

int plot_hist(const PlotOut *o, const PlotText *t, const double *x, size_t n, PlotResult *r) {
    double lo = INFINITY, hi = -INFINITY;
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(x[i]) && isfinite(x[i])) { if (x[i] < lo) lo = x[i]; if (x[i] > hi) hi = x[i]; m++; }
    if (!m && !n) return nothing(r, "the table has no rows (%s)", t->xlabel, NULL);
    if (!m) return nothing(r, "%s has no value (%s)", t->xlabel, "every one is NA or infinite");
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = plot_dat_name(o);
    plot_put_labels(&gp, o, t);
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
            plot_num(&dat, start + ((double)b + 0.5) * w);
            buf_printf(&dat, "\t%zu\n", cnt[b]);
        }
        free(cnt);
        buf_printf(&gp, "set boxwidth %.10g\nset style fill solid 0.6 border lc rgb '#333333'\nset yrange [0:*]\n", w);
        /* the x axis over the classes only: never below 0 for values that are not */
        plain_axis(&gp, "x", start, start + (double)nb * w, 0);
    }
    if (!t->ylabel && !o->ylabel) buf_puts(&gp, "set ylabel 'patients'\n");
    buf_printf(&gp, "plot %s using 1:2 with boxes lc rgb '%s'\n", dq, plot_group_colour(0));
    int rc = plot_render(o, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    return rc;
}

/* A label's box in graph coordinates (0..1 on both axes). */
typedef struct Box { double x0, y0, x1, y1; } Box;

static int box_overlap(const Box *a, const Box *b) {
    return a->x0 < b->x1 && b->x0 < a->x1 && a->y0 < b->y1 && b->y0 < a->y1;
}

/* The size of a character of the labels (font ',8') and of the default
 * font, as fractions of the plot's width and height: for the png, svg and
 * pdf figures (about 760 × 500 pixels of plot), or for the dumb terminal's
 * characters. */
static void char_size(const PlotOut *o, double *cw, double *ch, double *gap) {
    if (!strcmp(o->format, "dumb")) {
        double w = o->width > 40 ? o->width : 80;
        *cw = 1.0 / (w - 14);
        *ch = 1.0 / (0.3 * w - 2);
        *gap = *cw;
    } else {
        *cw = 6.0 / 760;
        *ch = 14.0 / 500;
        *gap = 6.0 / 760;
    }
}

/* Place the names of the first nlabel points (gx, gy: their places in
 * graph coordinates) beside them: never over a name placed before, across
 * the horizontal line at graph height line (NaN: none) or out of the
 * plot; of the places left (towards the middle, outwards, a line above,
 * a line below), the one over the fewest of the n points (px, py).  at[i]:
 * the label's anchor and side[i] 1 for left-aligned, -1 right-aligned, 0
 * not placed.  Returns how many were placed. */
static size_t place_labels(const PlotOut *o, const double *gx, const double *gy, const char *const *names,
                           size_t nlabel, const double *px, const double *py, size_t n, double line, double *ax,
                           double *ay, int *side) {
    double cw, ch, gap;
    char_size(o, &cw, &ch, &gap);
    Box *placed = xmalloc((nlabel ? nlabel : 1) * sizeof *placed);
    size_t np = 0;
    for (size_t i = 0; i < nlabel; i++) {
        side[i] = 0;
        if (isnan(gx[i]) || isnan(gy[i])) continue;
        double w = (double)strlen(names[i]) * cw;
        int in = gx[i] > 0.5 ? -1 : 1;   /* towards the middle: left of a point on the right */
        static const struct { int out; double dy; } tries[] = {{0, 0}, {1, 0}, {0, 1}, {1, 1}, {0, -1}, {1, -1}};
        size_t best_cover = (size_t)-1;
        Box best = {0};
        for (size_t k = 0; k < sizeof tries / sizeof *tries; k++) {
            int sd = tries[k].out ? -in : in;
            double x = gx[i] + sd * gap, y = gy[i] + tries[k].dy * ch;
            Box b = {sd > 0 ? x : x - w, y - ch / 2, sd > 0 ? x + w : x, y + ch / 2};
            if (b.x0 < 0 || b.x1 > 1 || b.y0 < 0 || b.y1 > 1) continue;
            if (!isnan(line) && b.y0 < line && line < b.y1) continue;
            int clash = 0;
            for (size_t j = 0; j < np && !clash; j++) clash = box_overlap(&b, &placed[j]);
            if (clash) continue;
            size_t cover = 0;
            for (size_t q = 0; q < n && cover < best_cover; q++)
                cover += !isnan(px[q]) && px[q] > b.x0 && px[q] < b.x1 && py[q] > b.y0 && py[q] < b.y1;
            if (cover < best_cover) {
                best_cover = cover;
                best = b;
                ax[i] = x;
                ay[i] = y;
                side[i] = sd;
            }
            if (!cover) break;
        }
        if (side[i]) placed[np++] = best;
    }
    free(placed);
    return np;
}

int plot_volcano(const PlotOut *o, const PlotText *t, const double *effect, const double *p, const double *q,
                 size_t n, double qcut, double pline, const char *const *names, size_t nlabel, PlotResult *r) {
    size_t have = 0, nsig = 0;
    for (size_t i = 0; i < n; i++) have += !isnan(effect[i]) && !isnan(p[i]);
    if (!have) return nothing(r, "no row has both an effect and a p-value (%s)", t->title, NULL);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = plot_dat_name(o);
    plot_put_labels(&gp, o, t);
    /* block 0: not significant; block 1: q < qcut */
    double ymax = 0;
    for (int blk = 0; blk < 2; blk++) {
        size_t m = 0;
        for (size_t i = 0; i < n; i++) {
            if (isnan(effect[i]) || isnan(p[i])) continue;
            int sig = !isnan(q[i]) && q[i] < qcut;
            if (sig != blk) continue;
            double y = p[i] > 0 ? -log10(p[i]) : 300;
            if (y > ymax) ymax = y;
            plot_num(&dat, effect[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, y);
            buf_puts(&dat, "\n");
            m++;
        }
        if (blk) nsig = m;
        if (!m) buf_puts(&dat, "NaN\tNaN\n");
        buf_puts(&dat, "\n\n");
    }
    double emax = 0;
    for (size_t i = 0; i < n; i++)
        if (!isnan(effect[i]) && fabs(effect[i]) > emax) emax = fabs(effect[i]);
    double xr = emax > 0 ? emax * 1.05 : 1, yr = ymax > 0 ? ymax * 1.08 : 1;
    buf_printf(&gp, "set xrange [%.10g:%.10g]\nset yrange [0:%.10g]\n", -xr, xr, yr);
    /* the names of the first nlabel points, beside them, never over each other */
    if (nlabel > n) nlabel = n;
    double *gx = xmalloc((nlabel ? nlabel : 1) * sizeof *gx), *gy = xmalloc((nlabel ? nlabel : 1) * sizeof *gy);
    double *ax = xmalloc((nlabel ? nlabel : 1) * sizeof *ax), *ay = xmalloc((nlabel ? nlabel : 1) * sizeof *ay);
    int *side = xmalloc((nlabel ? nlabel : 1) * sizeof *side);
    double *px = xmalloc((n ? n : 1) * sizeof *px), *py = xmalloc((n ? n : 1) * sizeof *py);
    for (size_t i = 0; i < n; i++) {   /* every point in graph coordinates */
        px[i] = isnan(effect[i]) || isnan(p[i]) ? NAN : (effect[i] + xr) / (2 * xr);
        py[i] = isnan(effect[i]) || isnan(p[i]) ? NAN : (p[i] > 0 ? -log10(p[i]) : 300) / yr;
    }
    for (size_t i = 0; i < nlabel; i++) { gx[i] = px[i]; gy[i] = py[i]; }
    double line = !isnan(pline) && pline > 0 ? -log10(pline) / yr : NAN;
    size_t placed = place_labels(o, gx, gy, names, nlabel, px, py, n, line, ax, ay, side);
    free(px);
    free(py);
    for (size_t i = 0; i < nlabel; i++) {
        if (!side[i]) continue;
        buf_printf(&gp, "set label %zu ", 100 + i);
        gp_str(&gp, names[i]);
        buf_printf(&gp, " at graph %.4f, graph %.4f %s font ',8'\n", ax[i], ay[i], side[i] > 0 ? "left" : "right");
        if (fabs(ay[i] - gy[i]) > 1e-9)   /* a name a line above or below: a thin line to its point */
            buf_printf(&gp, "set arrow %zu from graph %.4f, graph %.4f to graph %.4f, graph %.4f nohead lw 0.5 "
                            "lc rgb '#888888'\n", 100 + i, ax[i], ay[i], gx[i], gy[i]);
    }
    size_t named = 0;
    for (size_t i = 0; i < nlabel; i++) named += !isnan(gx[i]);
    if (placed < named)
        buf_printf(&r->info, "  %zu of the %zu names left out: no room beside their points without overlapping\n",
                   named - placed, named);
    free(gx); free(gy); free(ax); free(ay); free(side);
    if (!isnan(pline) && pline > 0)
        buf_printf(&gp, "set arrow 1 from graph 0, first %.10g to graph 1, first %.10g nohead dt 2 lc rgb '#555555'\n",
                   -log10(pline), -log10(pline));
    /* the key under the plot, where no point can be */
    buf_puts(&gp, "set key outside bottom center horizontal samplen 2\n");
    int dumb = !strcmp(o->format, "dumb");   /* its points are letters: two that differ */
    buf_printf(&gp, "plot %s index 0 using 1:2 with points pt %s ps 0.5 lc rgb '#9a9a9a' title 'q >= %g', \\\n"
                    "  %s index 1 using 1:2 with points pt %s ps 0.7 lc rgb '%s' title 'q < %g%s'",
               dq, dumb ? "'.'" : "7", qcut, dq, dumb ? "'O'" : "7", plot_group_colour(1), qcut, nsig ? "" : " (none)");
    if (!isnan(pline) && pline > 0 && !dumb)   /* the dumb terminal keys it with another line than it draws */
        buf_printf(&gp, ", \\\n  keyentry with lines dt 2 lc rgb '#555555' title 'largest p with q < %g'", qcut);
    buf_puts(&gp, "\n");
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
    char *dq = plot_dat_name(o);
    plot_put_labels(&gp, o, t);
    if (!isnan(ymin) && !isnan(ymax)) buf_printf(&gp, "set yrange [%.10g:%.10g]\n", ymin, ymax);
    else if (!isnan(ymin)) buf_printf(&gp, "set yrange [%.10g:*]\n", ymin);
    if (l->xmax > 0) {
        buf_printf(&gp, "set xrange [0:%.10g]\n", l->xmax);
        if (l->xstep > 0) buf_printf(&gp, "set xtics 0, %.10g\n", l->xstep);
    }
    if (l->square) buf_puts(&gp, "set size ratio -1\n");
    put_key(&gp, o, l->key);
    if (note && l->note_above) {   /* lines of their own between the title and the plot */
        int dumb = !strcmp(o->format, "dumb");
        size_t fit = dumb ? (size_t)(o->width > 40 ? o->width : 80) - 4 : 95, len = strlen(note);
        const char *cut = len > fit ? strstr(note, ";  ") : NULL;   /* too long: the second part under the first */
        buf_printf(&gp, "set tmargin %d\nset title offset 0,%s\nset label 1 ", cut ? 6 : 5, cut ? "2.2" : "1.2");
        Buf part = {0};
        buf_add(&part, note, cut ? (size_t)(cut - note) + 1 : len);
        gp_str(&gp, part.s);
        buf_printf(&gp, " at graph 0, graph 1 offset 0,%s left\n", cut ? (dumb ? "2.5" : "1.9") : dumb ? "1.5" : "0.9");
        if (cut) {
            buf_puts(&gp, "set label 3 ");
            gp_str(&gp, cut + 3);
            buf_printf(&gp, " at graph 0, graph 1 offset 2,%s left\n", dumb ? "1.5" : "0.9");
        }
        buf_free(&part);
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
            plot_num(&dat, c[k].x[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, c[k].y[i]);
            buf_puts(&dat, "\n");
        }
        buf_puts(&dat, "\n\n");
        for (size_t i = 0; c[k].lo && i < c[k].n; i++) {
            if (c[k].step && i > 0) {   /* a step band: hold the previous limits up to x[i] */
                plot_num(&dat, c[k].x[i]);
                buf_puts(&dat, "\t");
                plot_num(&dat, c[k].lo[i - 1]);
                buf_puts(&dat, "\t");
                plot_num(&dat, c[k].hi[i - 1]);
                buf_puts(&dat, "\n");
            }
            plot_num(&dat, c[k].x[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, c[k].lo[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, c[k].hi[i]);
            buf_puts(&dat, "\n");
        }
        if (!c[k].lo) buf_puts(&dat, "NaN\tNaN\tNaN\n");
        buf_puts(&dat, "\n\n");
        for (size_t i = 0; c[k].mx && i < c[k].nmarks; i++) {
            plot_num(&dat, c[k].mx[i]);
            buf_puts(&dat, "\t");
            plot_num(&dat, c[k].my[i]);
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
