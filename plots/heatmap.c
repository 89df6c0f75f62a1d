/* heatmap.c — the matrix heatmap block of generic.h (plot_heatmap): a
 * gnuplot image with named tics, a colour bar of row groups with its
 * legend, missing cells in grey, dots on marked cells; and, for set
 * plot=dumb, the same map as ASCII shading (gnuplot's dumb terminal cannot
 * draw an image). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "plots/blocks.h"

#define MAX_TICK_LABELS 40      /* more names than this are unreadable at the figure's size */
#define SMALL_TICK_LABELS 25    /* more than this: a smaller font */
#define MISSING_GREY "#bdbdbd"  /* a missing cell: never white, which reads as 0 */

/* The cell (a, b) of h in the order shown. */
static double cell(const HeatmapSpec *h, size_t a, size_t b) {
    size_t i = h->rord ? h->rord[a] : a, j = h->cord ? h->cord[b] : b;
    return h->m[i * h->nc + j];
}

/* Can n names be written as tics? */
static int nameable(const char *const *names, size_t n) { return names && n && n <= MAX_TICK_LABELS; }

/* Named tics at 0..n-1 in the order ord (NULL = as given), or none. */
static void tic_labels(Buf *gp, const char *set, const char *axis, const char *const *names, const size_t *ord,
                       size_t n) {
    if (!nameable(names, n)) {
        buf_printf(gp, "unset %s\n", axis);
        return;
    }
    buf_printf(gp, "set %s (", set);
    for (size_t b = 0; b < n; b++) {
        if (b) buf_puts(gp, ", ");
        gp_str(gp, names[ord ? ord[b] : b]);
        buf_printf(gp, " %zu", b);
    }
    buf_printf(gp, ")%s\n", n > SMALL_TICK_LABELS ? " font ',8'" : "");
}

/* The axis label of rows or columns that cannot be named: "60 patients
 * (too many to name: at most 40)" (caller frees), or NULL. */
static char *unnamed_label(const char *const *names, size_t n, const char *what) {
    if (nameable(names, n) || !what) return NULL;
    Buf b = {0};
    if (names) buf_printf(&b, "%zu %s (not named: more than %d)", n, what, MAX_TICK_LABELS);
    else buf_printf(&b, "%zu %s", n, what);
    return b.s;
}

/* The longest name's length in characters (UTF-8 continuation bytes not
 * counted). */
static size_t longest(const char *const *names, size_t n) {
    size_t w = 0;
    for (size_t i = 0; names && i < n; i++) {
        size_t l = 0;
        for (const unsigned char *p = (const unsigned char *)(names[i] ? names[i] : ""); *p; p++) l += (*p & 0xC0) != 0x80;
        if (l > w) w = l;
    }
    return w;
}

/* A group's name in the legend: as it is when it names its GROUP ("cluster
 * = 1"), else "GROUP: name". */
static void group_key(Buf *b, const HeatmapSpec *h, size_t g) {
    const char *n = h->gnames && h->gnames[g] ? h->gnames[g] : "";
    if (h->gtitle && strncmp(n, h->gtitle, strlen(h->gtitle))) buf_printf(b, "%s: %s", h->gtitle, n);
    else buf_puts(b, n);
}

static void palette(Buf *gp, const HeatmapSpec *h) {
    if (h->palette == PAL_DIVERGING)
        buf_puts(gp, "set palette defined (0 '#2166AC', 0.25 '#92C5DE', 0.5 '#F7F7F7', 0.75 '#F4A582', 1 '#B2182B')\n");
    else if (h->palette == PAL_CLASSES) {   /* one flat colour per class 1..K over zmin..zmax = 0.5..K+0.5 */
        size_t nk = (size_t)(h->zmax - h->zmin + 0.5);
        buf_printf(gp, "set palette maxcolors %zu\nset palette defined (", nk ? nk : 1);
        for (size_t c = 0; c < nk; c++)
            buf_printf(gp, "%s%zu '%s', %zu '%s'", c ? ", " : "", c, plot_group_colour(c), c + 1, plot_group_colour(c));
        buf_puts(gp, ")\nunset colorbox\n");
    } else
        buf_puts(gp, "set palette defined (0 '#440154', 0.14 '#46327E', 0.29 '#365C8D', 0.43 '#277F8E', "
                     "0.57 '#1FA187', 0.71 '#4AC16D', 0.86 '#A0DA39', 1 '#FDE725')\n");
}

/* ---- ASCII shading (set plot=dumb) ---- */

/* The character of value v: diverging scales by sign and third of the
 * scale (- = # below 0, + * @ above, . near 0), viridis by ninths of the
 * scale, classes by their number; ' ' for a missing cell. */
static char shade(const HeatmapSpec *h, double v) {
    if (isnan(v)) return ' ';
    if (h->palette == PAL_CLASSES) {
        long c = lround(v);
        return c >= 1 && c <= 9 ? (char)('0' + c) : c >= 10 && c < 36 ? (char)('A' + c - 10) : '?';
    }
    double span = h->zmax - h->zmin;
    double u = span > 0 ? (v - h->zmin) / span : 0.5;   /* 0..1 */
    if (u < 0) u = 0;
    if (u > 1) u = 1;
    if (h->palette == PAL_DIVERGING) {
        static const char neg[] = "#=-", pos[] = "+*@";
        double w = 2 * u - 1;   /* -1..1 */
        if (fabs(w) < 1.0 / 7) return '.';
        int k = (int)((fabs(w) - 1.0 / 7) / (2.0 / 7));
        if (k > 2) k = 2;
        return w < 0 ? neg[2 - k] : pos[k];
    }
    static const char ramp[] = ".:-=+*#%@";
    int k = (int)(u * 9);
    return ramp[k > 8 ? 8 : k];
}

/* The mean of the non-missing cells in rows a0..a1-1, columns b0..b1-1. */
static double block_mean(const HeatmapSpec *h, size_t a0, size_t a1, size_t b0, size_t b1) {
    double s = 0;
    size_t n = 0;
    for (size_t a = a0; a < a1; a++)
        for (size_t b = b0; b < b1; b++) {
            double v = cell(h, a, b);
            if (!isnan(v)) { s += v; n++; }
        }
    if (h->palette == PAL_CLASSES && n) {   /* classes: the most common, not a mean */
        double best = NAN;
        size_t bn = 0;
        for (size_t a = a0; a < a1; a++)
            for (size_t b = b0; b < b1; b++) {
                double v = cell(h, a, b);
                size_t c = 0;
                for (size_t a2 = a0; a2 < a1; a2++)
                    for (size_t b2 = b0; b2 < b1; b2++) c += cell(h, a2, b2) == v;
                if (!isnan(v) && c > bn) { bn = c; best = v; }
            }
        return best;
    }
    return n ? s / (double)n : NAN;
}

/* Append s abbreviated to w columns (the middle replaced by "~" so that
 * both ends, which tell names apart, stay), padded to w. */
static void fit_name(Buf *b, const char *s, size_t w) {
    size_t l = strlen(s);
    if (l <= w) {
        buf_puts(b, s);
        for (size_t i = l; i < w; i++) buf_puts(b, " ");
        return;
    }
    size_t head = (w - 1) / 2, tail = w - 1 - head;
    buf_add(b, s, head);
    buf_puts(b, "~");
    buf_add(b, s + l - tail, tail);
}

/* The map of h as text, o->width columns wide: a row per row (or per
 * block of rows when there are more than fit), a character per cell (or
 * two when they fit; a block of columns averaged when there are too many),
 * the groups as their numbers left of the map, then what the characters
 * mean. */
static void heatmap_text(Buf *out, const PlotOut *o, const PlotText *t, const HeatmapSpec *h) {
    size_t width = o->width > 40 ? (size_t)o->width : 80, maxrows = 60;
    const char *title = o->title ? o->title : t->title;
    int rnamed = nameable(h->rown, h->nr);
    size_t lw = rnamed ? longest(h->rown, h->nr) : 0;
    if (lw > width / 3) lw = width / 3;
    size_t gw = h->rgroup ? 2 : 0, room = width - lw - gw - 3;
    size_t cw = 2 * h->nc <= room ? 2 : 1, cbin = h->nc <= room ? 1 : (h->nc + room - 1) / room;
    size_t rbin = h->nr <= maxrows ? 1 : (h->nr + maxrows - 1) / maxrows;
    if (rbin > 1) rnamed = 0, lw = 0;
    if (title) {
        size_t tl = strlen(title), pad = tl < width ? (width - tl) / 2 : 0;
        for (size_t i = 0; i < pad; i++) buf_puts(out, " ");
        buf_printf(out, "%s\n", title);
    }
    for (size_t a0 = 0; a0 < h->nr; a0 += rbin) {
        size_t a1 = a0 + rbin < h->nr ? a0 + rbin : h->nr;
        buf_puts(out, " ");
        if (lw) {
            fit_name(out, h->rown[h->rord ? h->rord[a0] : a0] ? h->rown[h->rord ? h->rord[a0] : a0] : "", lw);
            buf_puts(out, " ");
        }
        if (h->rgroup) {
            size_t g = h->rgroup[h->rord ? h->rord[a0] : a0];
            buf_printf(out, "%c ", g == NO_GROUP ? ' ' : g < 9 ? (char)('1' + g) : (char)('A' + g - 9));
        }
        buf_puts(out, "|");
        for (size_t b0 = 0; b0 < h->nc; b0 += cbin) {
            size_t b1 = b0 + cbin < h->nc ? b0 + cbin : h->nc;
            char ch = shade(h, block_mean(h, a0, a1, b0, b1));
            for (size_t k = 0; k < cw; k++) buf_add(out, &ch, 1);
        }
        buf_puts(out, "|\n");
    }
    /* what is what, under the map */
    if (rbin > 1 || cbin > 1)
        buf_printf(out, " (%zu rows x %zu columns; each character averages %zu x %zu cells)\n", h->nr, h->nc, rbin,
                   cbin);
    if (nameable(h->coln, h->nc) && cbin == 1) {
        buf_puts(out, " columns, left to right: ");
        for (size_t b = 0; b < h->nc; b++)
            buf_printf(out, "%s%s", b ? ", " : "", h->coln[h->cord ? h->cord[b] : b] ? h->coln[h->cord ? h->cord[b] : b] : "");
        buf_puts(out, "\n");
    } else if (h->cwhat) {
        buf_printf(out, " columns: %zu %s%s\n", h->nc, h->cwhat, h->coln ? " (too many to name)" : "");
    }
    if (!rnamed && h->rwhat) buf_printf(out, " rows: %zu %s%s\n", h->nr, h->rwhat, h->rown ? " (too many to name)" : "");
    if (h->palette == PAL_DIVERGING)
        buf_printf(out, " shading of %s: %.3g  # = - . + * @  %.3g (each a seventh of the scale; . near 0)", h->zlabel ? h->zlabel : "the values", h->zmin, h->zmax);
    else if (h->palette == PAL_VIRIDIS)
        buf_printf(out, " shading of %s: %.3g  . : - = + * # %% @  %.3g", h->zlabel ? h->zlabel : "the values", h->zmin, h->zmax);
    else
        buf_puts(out, " characters: the class numbers");
    int missing = 0;
    for (size_t i = 0; i < h->nr * h->nc && !missing; i++) missing = isnan(h->m[i]);
    if (missing) buf_printf(out, "; blank: %s", h->missing_name ? h->missing_name : "missing");
    buf_puts(out, "\n");
    if (h->rgroup && h->gnames) {
        buf_printf(out, " groups%s%s%s:", h->gtitle ? " (" : "", h->gtitle ? h->gtitle : "", h->gtitle ? ")" : "");
        for (size_t g = 0; g < h->ngroups; g++) {
            buf_printf(out, " %c: ", g < 9 ? (char)('1' + g) : (char)('A' + g - 9));
            group_key(out, h, g);
            if (g + 1 < h->ngroups) buf_puts(out, ",");
        }
        buf_puts(out, "\n");
    }
    if (h->marks && h->marks_name)
        buf_printf(out, " (the dots of %s are drawn in the png, svg and pdf figures only)\n", h->marks_name);
}

/* ---- the figure ---- */

int plot_heatmap(const PlotOut *o, const PlotText *t, const HeatmapSpec *h, PlotResult *r) {
    size_t nr = h->nr, nc = h->nc, have = 0, missing = 0;
    for (size_t i = 0; i < nr * nc; i++) {
        have += !isnan(h->m[i]);
        missing += isnan(h->m[i]);
    }
    Buf m = {0};
    if (!nr || !nc) buf_printf(&m, "the map has no %s (%s)", !nr ? "rows" : "columns", t->title ? t->title : "");
    else if (!have) buf_printf(&m, "every cell of the map is NA (%s)", t->title ? t->title : "");
    if (m.len) {
        int rc = plot_nothing(r, m.s);
        buf_free(&m);
        return rc;
    }
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, o);
    char *dq = plot_dat_name(o);
    /* axes whose names cannot be shown say what they are and how many */
    char *xl = unnamed_label(h->coln, nc, h->cwhat), *yl = unnamed_label(h->rown, nr, h->rwhat);
    PlotText lt = *t;
    if (!lt.xlabel) lt.xlabel = xl;
    if (!lt.ylabel) lt.ylabel = yl;
    plot_put_labels(&gp, o, &lt);
    for (size_t a = 0; a < nr; a++) {
        for (size_t b = 0; b < nc; b++) {
            if (b) buf_puts(&dat, "\t");
            plot_num(&dat, cell(h, a, b));
        }
        buf_puts(&dat, "\n");
    }
    palette(&gp, h);
    buf_printf(&gp, "set cbrange [%.10g:%.10g]\n", h->zmin, h->zmax);
    if (h->zlabel) { buf_puts(&gp, "set cblabel "); gp_str(&gp, h->zlabel); buf_puts(&gp, "\n"); }
    double left = -0.5;
    if (h->rgroup) {   /* a colour bar of row groups left of the map */
        for (size_t a = 0; a < nr; a++) {
            size_t g = h->rgroup[h->rord ? h->rord[a] : a];
            if (g == NO_GROUP) continue;
            buf_printf(&gp, "set object rect from -0.5-%.3g,%zu-0.5 to -0.5-0.1,%zu+0.5 fc rgb '%s' fs solid noborder\n",
                       nc * 0.04 + 0.3, a, a, plot_group_colour(g));
        }
        left = -0.5 - (nc * 0.04 + 0.4);
    }
    buf_printf(&gp, "set xrange [%.10g:%zu.5]\nset yrange [%zu.5:-0.5]\n", left, nc - 1, nr - 1);
    if (missing)   /* behind the image, which leaves a missing (NaN) cell undrawn */
        buf_printf(&gp, "set object 1 rect from -0.5,-0.5 to %zu.5,%zu.5 behind fc rgb '%s' fs solid noborder\n", nc - 1,
                   nr - 1, MISSING_GREY);
    buf_puts(&gp, "unset grid\nset tics scale 0\nset border 0\n");
    /* many columns: upright names, which take a line's height each, not more */
    tic_labels(&gp, nc > 15 ? "xtics rotate by 90 right" : "xtics rotate by 60 right", "xtics", h->coln, h->cord, nc);
    tic_labels(&gp, "ytics", "ytics", h->rown, h->rord, nr);
    if (nameable(h->coln, nc) && nc <= 15) {   /* the first slanted name reaches left of the map by half its length */
        size_t need = (longest(&h->coln[h->cord ? h->cord[0] : 0], 1) + 1) / 2 + 2;
        size_t rows = nameable(h->rown, nr) ? longest(h->rown, nr) + 3 : 4;
        if (need > rows) buf_printf(&gp, "set lmargin %zu\n", need);
    }
    /* the key: the groups of the bar, the missing cells, the dots */
    Buf keys = {0};
    for (size_t g = 0; h->rgroup && h->gnames && g < h->ngroups; g++) {
        Buf k = {0};
        group_key(&k, h, g);
        buf_printf(&keys, ", keyentry with boxes fc rgb '%s' fs solid title ", plot_group_colour(g));
        gp_str(&keys, k.s);
        buf_free(&k);
    }
    if (missing) {
        buf_printf(&keys, ", keyentry with boxes fc rgb '%s' fs solid title ", MISSING_GREY);
        gp_str(&keys, h->missing_name ? h->missing_name : "missing");
    }
    if (h->marks) {   /* block 1: the marked cells as x y */
        buf_puts(&dat, "\n\n");
        size_t nm = 0;
        for (size_t a = 0; a < nr; a++)
            for (size_t b = 0; b < nc; b++)
                if (h->marks[(h->rord ? h->rord[a] : a) * nc + (h->cord ? h->cord[b] : b)]) {
                    buf_printf(&dat, "%zu\t%zu\n", b, a);
                    nm++;
                }
        if (!nm) buf_puts(&dat, "NaN\tNaN\n");
        buf_printf(&keys, ", %s index 1 using 1:2 with points pt 7 ps 0.4 lc rgb '#000000' title ", dq);
        gp_str(&keys, h->marks_name ? h->marks_name : "marked");
    }
    if (keys.len) buf_puts(&gp, "set key outside right bottom vertical Left reverse samplen 1\n");
    buf_printf(&gp, "plot %s index 0 matrix with image pixels notitle%s\n", dq, keys.s ? keys.s : "");
    int rc = plot_render(o, &gp, &dat, r);
    if (rc == 0 && r->rendered && !strcmp(o->format, "dumb")) {   /* gnuplot's dumb terminal draws no image */
        r->text.len = 0;
        if (r->text.s) r->text.s[0] = '\0';
        heatmap_text(&r->text, o, t, h);
    }
    buf_free(&keys);
    buf_free(&gp);
    buf_free(&dat);
    free(dq);
    free(xl);
    free(yl);
    return rc;
}
