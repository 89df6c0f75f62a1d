/* figures_enrich.c — figures of enrich results (figures.h): plot dot (the
 * enriched sets as dots) and plot gsea (the running enrichment score of
 * one set along the ranking). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/numfmt.h"
#include "plots/figures.h"
#include "stats/enrich.h"

/* %.10g, or gnuplot's NaN. */
static void num(Buf *b, double x) {
    if (isnan(x)) buf_puts(b, "NaN");
    else buf_printf(b, "%.10g", x);
}

static char *dat_name(const PlotOut *o) {
    Buf q = {0};
    plot_file_name(&q, o, "dat");
    return q.s;
}

static double mlog10(double q) { return q > 0 ? -log10(q) : 300; }

/* plot dot NAME: the top sets by p, one row each (the smallest p at the
 * top): NES (gsea) or -log10 q (ora) across, dot size ~ overlap, colour
 * -log10 q (gsea) or the fold enrichment (ora). */
int figure_dot(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main;
    int gsea = !strcmp(in->kind, "gsea");
    long js = table_find(t, "set"), jo = table_find(t, "overlap"), jq = table_find(t, "q"), jn = table_find(t, "nes");
    long jf = table_find(t, "fold");
    if (js < 0 || jo < 0 || jq < 0 || (gsea ? jn < 0 : jf < 0)) {
        buf_printf(&r->msg, "%s lacks the columns set overlap q %s of an enrich result", in->name, gsea ? "nes" : "fold");
        return -2;
    }
    size_t top = o->top > 0 ? (size_t)o->top : 40, n = 0, *row = malloc((t->nrow ? t->nrow : 1) * sizeof *row);
    double omax = 0;
    for (size_t i = 0; i < t->nrow && n < top; i++) {
        double x = gsea ? t->cols[jn].num[i] : mlog10(t->cols[jq].num[i]);
        if (isnan(x) || isnan(t->cols[jq].num[i]) || !t->cols[js].str[i]) continue;
        row[n++] = i;
        if (t->cols[jo].num[i] > omax) omax = t->cols[jo].num[i];
    }
    if (!n) { free(row); return plot_nothing(r, "no set has a p-value"); }
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, po);
    char *dq = dat_name(po);
    size_t wmax = 0;
    for (size_t k = 0; k < n; k++) {
        size_t i = row[k], L = strlen(t->cols[js].str[i]);
        if (L > wmax) wmax = L;
        num(&dat, gsea ? t->cols[jn].num[i] : mlog10(t->cols[jq].num[i]));
        buf_printf(&dat, "\t%zu\t", n - 1 - k);
        num(&dat, omax > 0 ? 0.6 + 2.4 * sqrt(t->cols[jo].num[i] / omax) : 1);
        buf_puts(&dat, "\t");
        num(&dat, gsea ? mlog10(t->cols[jq].num[i]) : t->cols[jf].num[i]);
        buf_puts(&dat, "\n");
    }
    Buf title = {0};
    buf_printf(&title, "%s: %zu set%s of smallest p (%s); dot size: %s, up to %g", in->name, n, n == 1 ? "" : "s",
               gsea ? "GSEA" : "over-representation", gsea ? "leading edge" : "overlap", omax);
    buf_puts(&gp, "set title ");
    gp_str(&gp, title.s);
    buf_puts(&gp, "\nset xlabel ");
    gp_str(&gp, gsea ? "NES" : "-log10 q");
    buf_puts(&gp, gsea ? "\nset cblabel '-log10 q'\n" : "\nset cblabel 'fold enrichment'\n");
    buf_puts(&gp, "set offsets graph 0.04, graph 0.04, 0, 0\n");
    buf_printf(&gp, "set lmargin %zu\n", (wmax > 60 ? 60 : wmax) + 2);
    buf_puts(&gp, "set ytics (");
    for (size_t k = 0; k < n; k++) {
        if (k) buf_puts(&gp, ", ");
        gp_str(&gp, t->cols[js].str[row[k]]);
        buf_printf(&gp, " %zu", n - 1 - k);
    }
    buf_printf(&gp, ") font ',8'\nset yrange [-0.7:%.1f]\n", (double)n - 0.3);
    buf_puts(&gp, "set palette defined (0 '#fde725', 1 '#21918c', 2 '#440154')\nset cbrange [0:*]\n");
    if (gsea) buf_puts(&gp, "set arrow 1 from first 0, graph 0 to first 0, graph 1 nohead dt 2 lc rgb '#555555'\n");
    else buf_printf(&gp, "set arrow 1 from first %.10g, graph 0 to first %.10g, graph 1 nohead dt 2 lc rgb '#555555'\n"
                         "set xrange [0:*]\n", -log10(0.05), -log10(0.05));
    buf_printf(&gp, "plot %s using 1:2:3:4 with points pt 7 ps variable lc palette notitle\n", dq);
    int rc = plot_render(po, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    buf_free(&title);
    free(dq);
    free(row);
    return rc;
}

static int cmp_sz(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

/* plot gsea NAME [set=SET]: the running score along the ranking (the
 * parts NAME.ranking and NAME.members), the set's genes as ticks, the
 * ranked r under it. */
int figure_gsea(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main, *rk = figure_part(in, "ranking"), *mb = figure_part(in, "members");
    long js = table_find(t, "set");
    if (!rk || !mb || js < 0) {
        buf_printf(&r->msg, "%s lacks its parts %s.ranking and %s.members (made by enrich test=gsea)", in->name,
                   in->name, in->name);
        return -2;
    }
    long jr = table_find(rk, "r"), jms = table_find(mb, "set"), jmr = table_find(mb, "rank");
    long jes = table_find(t, "es"), jnes = table_find(t, "nes"), jq = table_find(t, "q");
    if (jr < 0 || jms < 0 || jmr < 0) { buf_printf(&r->msg, "%s's parts lack their columns", in->name); return -2; }
    const char *set = o->set;
    if (!set) {
        if (!t->nrow || !t->cols[js].str[0]) return plot_nothing(r, "the result has no sets");
        set = t->cols[js].str[0];
    }
    long row = -1;
    for (size_t i = 0; i < t->nrow && row < 0; i++)
        if (t->cols[js].str[i] && !strcmp(t->cols[js].str[i], set)) row = (long)i;
    size_t N = rk->nrow, k = 0;
    size_t *pos = malloc((mb->nrow ? mb->nrow : 1) * sizeof *pos);
    for (size_t i = 0; i < mb->nrow; i++)
        if (mb->cols[jms].str[i] && !strcmp(mb->cols[jms].str[i], set)) {
            double v = mb->cols[jmr].num[i];
            if (v >= 1 && v <= (double)N) pos[k++] = (size_t)v - 1;
        }
    if (row < 0 || !k) {
        free(pos);
        buf_printf(&r->msg, "%s has no set %s (show %s set lists them)", in->name, set, in->name);
        return -2;
    }
    qsort(pos, k, sizeof *pos, cmp_sz);
    double *walk = malloc(N * sizeof *walk);
    gsea_walk(rk->cols[jr].num, N, pos, k, walk);
    size_t peak = 0;
    double es = gsea_es(rk->cols[jr].num, N, pos, k, &peak);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, po);
    char *dq = dat_name(po);
    /* block 0: rank, running score; block 1: the set's ranks; block 2: rank, r */
    for (size_t i = 0; i < N; i++) buf_printf(&dat, "%zu\t", i + 1), num(&dat, walk[i]), buf_puts(&dat, "\n");
    buf_puts(&dat, "\n\n");
    for (size_t m = 0; m < k; m++) buf_printf(&dat, "%zu\n", pos[m] + 1);
    buf_puts(&dat, "\n\n");
    for (size_t i = 0; i < N; i++) buf_printf(&dat, "%zu\t", i + 1), num(&dat, rk->cols[jr].num[i]), buf_puts(&dat, "\n");
    Buf title = {0}, note = {0};
    char a[32], b[32], c[32];
    buf_printf(&title, "%s: %s (%zu of %zu ranked genes)", in->name, set, k, N);
    buf_printf(&note, "ES = %s at rank %zu", fmt_num(a, sizeof a, es, 3), peak + 1);
    if (jnes >= 0) buf_printf(&note, ", NES = %s", fmt_num(b, sizeof b, t->cols[jnes].num[row], 3));
    if (jq >= 0) buf_printf(&note, ", q = %s", fmt_p(c, sizeof c, t->cols[jq].num[row]));
    (void)jes;
    buf_printf(&gp, "set multiplot\nset xrange [1:%zu]\n", N);
    /* the running score, with the set's genes as ticks under it */
    buf_puts(&gp, "set lmargin at screen 0.12\nset rmargin at screen 0.96\n");
    buf_puts(&gp, "set tmargin at screen 0.92\nset bmargin at screen 0.42\nset format x ''\nset xlabel ''\n");
    buf_puts(&gp, "set title ");
    gp_str(&gp, title.s);
    buf_puts(&gp, "\nset ylabel 'running enrichment score'\nset label 1 ");
    gp_str(&gp, note.s);
    buf_printf(&gp, " at graph 0.98, graph %s right\n", es >= 0 ? "0.9" : "0.1");
    buf_printf(&gp, "set arrow 1 from %zu, graph 0 to %zu, graph 1 nohead dt 2 lc rgb '#888888'\n", peak + 1, peak + 1);
    buf_puts(&gp, "set arrow 2 from graph 0, first 0 to graph 1, first 0 nohead lc rgb '#555555'\n");
    double lo = 0, hi = 0;
    for (size_t i = 0; i < N; i++) { if (walk[i] < lo) lo = walk[i]; if (walk[i] > hi) hi = walk[i]; }
    double span = hi - lo > 0 ? hi - lo : 1, tick = lo - 0.12 * span;
    buf_printf(&gp, "set yrange [%.10g:%.10g]\n", lo - 0.2 * span, hi + 0.08 * span);
    buf_printf(&gp, "plot %s index 0 using 1:2 with lines lw 2 lc rgb '%s' notitle, \\\n"
                    "  %s index 1 using 1:(%.10g):(0):(%.10g) with vectors nohead lc rgb '#222222' notitle\n",
               dq, plot_group_colour(1), dq, tick - 0.04 * span, 0.08 * span);
    buf_puts(&gp, "unset arrow\nunset label\nunset title\n");
    /* the ranked r */
    buf_puts(&gp, "set tmargin at screen 0.40\nset bmargin at screen 0.10\nset format x '%g'\n");
    buf_puts(&gp, "set xlabel 'rank'\nset ylabel 'r'\nset autoscale y\n");
    buf_printf(&gp, "plot %s index 2 using 1:2 with impulses lc rgb '#9a9a9a' notitle\n", dq);
    buf_puts(&gp, "unset multiplot\n");
    int rc = plot_render(po, &gp, &dat, r);
    buf_free(&gp);
    buf_free(&dat);
    buf_free(&title);
    buf_free(&note);
    free(dq);
    free(walk);
    free(pos);
    return rc;
}
