/* cmd_plot.c — `plot KIND …`: gathers the columns, then hands plain
 * arrays to plots/ (which writes the script and runs gnuplot). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/ioctl.h>
#include <unistd.h>
#include "io/select.h"
#include "plots/generic.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/describe.h"
#include "stats/hclust.h"
#include "stats/linfit.h"

/* Where the figure goes: `to FILE` (relative to the output directory; its
 * extension, if any, chooses the format) or plotN with `set plot`. */
typedef struct Target {
    char *dir;          /* output directory */
    char *name;         /* base name */
    char *format;       /* png svg pdf dumb window */
} Target;

static void target_free(Target *t) { free(t->dir); free(t->name); free(t->format); }

static int target_make(Session *s, const char *to, Target *t) {
    memset(t, 0, sizeof *t);
    if (!to) {
        Buf b = {0};
        buf_printf(&b, "plot%d", ++s->nplot);
        t->name = b.s;
        t->dir = xstrdup(s->outdir);
        t->format = xstrdup(s->plot);
        return 0;
    }
    const char *slash = strrchr(to, '/');
    const char *base = slash ? slash + 1 : to;
    if (!*base) { rgx_error(s, "plot: to %s: name a file", to); return -1; }
    Buf d = {0};
    if (to[0] == '/') buf_add(&d, to, slash ? (size_t)(slash - to) : 0);
    else {
        buf_puts(&d, s->outdir);
        if (slash) { buf_puts(&d, "/"); buf_add(&d, to, (size_t)(slash - to)); }
    }
    if (!d.s || !d.len) buf_puts(&d, "/");
    t->dir = d.s;
    const char *dot = strrchr(base, '.');
    const char *fmt = s->plot;
    if (dot && (!strcasecmp(dot, ".png") || !strcasecmp(dot, ".svg") || !strcasecmp(dot, ".pdf"))) {
        static char lower[4];
        for (int i = 0; i < 3; i++) lower[i] = (char)(dot[1 + i] | 32);
        lower[3] = '\0';
        fmt = lower;
        t->name = xstrndup(base, (size_t)(dot - base));
    } else {
        t->name = xstrdup(base);
    }
    t->format = xstrdup(fmt);
    return 0;
}

static int term_width(void) {
    struct winsize w;
    if (isatty(1) && ioctl(1, TIOCGWINSZ, &w) == 0 && w.ws_col >= 40) return w.ws_col > 200 ? 200 : w.ws_col;
    return 80;
}

/* Report what the plot layer did. */
static int finish(Session *s, int rc, PlotResult *r, const Target *tg) {
    if (rc < 0) {
        rgx_error(s, "plot: %s", r->msg.s ? r->msg.s : "failed");
        return 1;
    }
    if (!r->rendered) {
        rgx_warn(s, "%s", r->msg.s);
        return 0;
    }
    if (!strcmp(tg->format, "dumb")) out_puts(&s->out, r->text.s ? r->text.s : "");
    else if (r->out) out_printf(&s->out, "wrote %s (script %s.gp, data %s.dat)\n", r->out, tg->name, tg->name);
    else out_printf(&s->out, "opened a gnuplot window (script %s)\n", r->gp);
    return 0;
}

static long numeric_col(Session *s, const Table *t, const char *ref) {
    Buf err = {0};
    long j = table_find_err(t, ref, &err);
    if (j < 0) { rgx_error(s, "plot: %s", err.s); buf_free(&err); return -1; }
    if (t->cols[j].type != COL_NUM) {
        rgx_error(s, "plot: %s is a text column; this plot needs numbers", ref);
        return -1;
    }
    return j;
}

/* Axis label: the column's label and its unit. */
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

/* plot km NAME: the curves of NAME.curve, the log-rank p of NAME.test,
 * numbers at risk under the axis at pretty ticks. */
static int plot_km(Session *s, const Table *t, const PlotOut *po, const Target *tg, int risktable, int ci,
                   PlotResult *r) {
    Buf cn = {0}, tn = {0};
    buf_printf(&cn, "%s.curve", t->name);
    buf_printf(&tn, "%s.test", t->name);
    Table *cu = session_find(s, cn.s), *test = session_find(s, tn.s);
    int rc = 1;
    long jg = cu ? table_find(cu, "group") : -1, jt = cu ? table_find(cu, "time") : -1;
    long jr = cu ? table_find(cu, "n_risk") : -1, jc = cu ? table_find(cu, "n_censor") : -1;
    long js = cu ? table_find(cu, "surv") : -1, jl = cu ? table_find(cu, "ci_low") : -1, jh = cu ? table_find(cu, "ci_high") : -1;
    if (!cu || jg < 0 || jt < 0 || jr < 0 || jc < 0 || js < 0 || jl < 0 || jh < 0 || table_find(t, "group") < 0) {
        rgx_error(s, "plot km: %s is not a km result (it needs the table %s)", t->name, cn.s);
        buf_free(&cn);
        buf_free(&tn);
        return 1;
    }
    size_t k = t->nrow, m = cu->nrow;
    const char *const *gnames = (const char *const *)t->cols[table_find(t, "group")].str;
    PlotCurve *c = xcalloc(k ? k : 1, sizeof *c);
    double **bufs = xcalloc(7 * (k ? k : 1), sizeof *bufs);
    double tmax = 0, nsum = 0;
    for (size_t g = 0; g < k; g++) {
        double *x = xmalloc((m + 1) * sizeof *x), *y = xmalloc((m + 1) * sizeof *y);
        double *lo = xmalloc((m + 1) * sizeof *lo), *hi = xmalloc((m + 1) * sizeof *hi);
        double *mx = xmalloc((m + 1) * sizeof *mx), *my = xmalloc((m + 1) * sizeof *my);
        size_t np = 0, nm = 0;
        x[np] = 0; y[np] = 1; lo[np] = 1; hi[np] = 1; np++;
        for (size_t i = 0; i < m; i++) {
            if (!cu->cols[jg].str[i] || strcmp(cu->cols[jg].str[i], gnames[g])) continue;
            x[np] = cu->cols[jt].num[i];
            y[np] = cu->cols[js].num[i];
            lo[np] = cu->cols[jl].num[i];
            hi[np] = cu->cols[jh].num[i];
            if (cu->cols[jc].num[i] > 0) { mx[nm] = x[np]; my[nm++] = y[np]; }
            if (x[np] > tmax) tmax = x[np];
            np++;
        }
        long jn = table_find(t, "n");
        if (jn >= 0) nsum += t->cols[jn].num[g];
        c[g] = (PlotCurve){gnames[g], x, y, np, 1, ci ? lo : NULL, ci ? hi : NULL, mx, my, nm, NULL, 0};
        bufs[7 * g] = x; bufs[7 * g + 1] = y; bufs[7 * g + 2] = lo; bufs[7 * g + 3] = hi;
        bufs[7 * g + 4] = mx; bufs[7 * g + 5] = my;
    }
    /* numbers at risk at about six round times */
    double step = 1;
    if (tmax > 0) {
        double raw = tmax / 6, p10 = pow(10, floor(log10(raw))), u = raw / p10;
        step = (u <= 1.5 ? 1 : u <= 3 ? 2 : u <= 7 ? 5 : 10) * p10;
    }
    size_t nat = (size_t)floor(tmax / step) + 1;
    double *at = xmalloc(nat * sizeof *at), *vals = xmalloc((k ? k : 1) * nat * sizeof *vals);
    for (size_t q = 0; q < nat; q++) at[q] = q * step;
    for (size_t g = 0; g < k; g++)
        for (size_t q = 0; q < nat; q++) {
            double nr = 0;
            for (size_t i = 0; i < m; i++)
                if (cu->cols[jg].str[i] && !strcmp(cu->cols[jg].str[i], gnames[g]) && cu->cols[jt].num[i] >= at[q]) {
                    nr = cu->cols[jr].num[i];
                    break;
                }
            vals[g * nat + q] = nr;
        }
    PlotTableUnder tab = {"Number at risk", at, nat, vals};
    Buf note = {0}, title = {0}, xl = {0};
    if (test) {
        long jp = table_find(test, "p");
        char pb[32];
        /* the test by its name (survdiff's rho), and the strata it was stratified by */
        long jrho = table_find(test, "rho"), jst = table_find(test, "strata");
        double rho = jrho >= 0 && test->nrow ? test->cols[jrho].num[0] : 0;
        const char *st = jst >= 0 && test->nrow && test->cols[jst].type == COL_STR ? test->cols[jst].str[0] : NULL;
        if (jp >= 0 && test->nrow) {
            if (rho == 0) buf_puts(&note, "log-rank");
            else if (rho == 1) buf_puts(&note, "Peto-Peto");
            else buf_printf(&note, "G-rho (rho = %g)", rho);
            if (st) buf_printf(&note, " stratified by %s", st);
            buf_printf(&note, " p = %s", fmt_p(pb, sizeof pb, test->cols[jp].num[0]));
        }
        long jhr = table_find(test, "hr"), jhl = table_find(test, "hr_low"), jhh = table_find(test, "hr_high");
        if (jhr >= 0 && jhl >= 0 && jhh >= 0 && test->nrow && !isnan(test->cols[jhr].num[0]))
            buf_printf(&note, ";  HR %.2f (%.2f-%.2f)%s", test->cols[jhr].num[0], test->cols[jhl].num[0],
                       test->cols[jhh].num[0], st ? " within strata" : "");
    }
    buf_printf(&title, "Kaplan-Meier: %s (n = %.0f patients)", t->name, nsum);
    buf_puts(&xl, "time");
    if (cu->cols[jt].unit) buf_printf(&xl, " (%s)", cu->cols[jt].unit);
    PlotText pt = {title.s, xl.s, "survival probability", 0};
    Buf none = {0};   /* a curve of no patient is only its start at (0, 1) */
    buf_printf(&none, "%s has no patients", t->name);
    rc = finish(s, nsum > 0 ? plot_curves(po, &pt, c, k, note.s, risktable ? &tab : NULL, 0, 1.02, r)
                            : plot_nothing(r, none.s), r, tg);
    buf_free(&none);
    for (size_t g = 0; g < 7 * k; g++) free(bufs[g]);
    free(bufs);
    free(c);
    free(at);
    free(vals);
    buf_free(&note);
    buf_free(&title);
    buf_free(&xl);
    buf_free(&cn);
    buf_free(&tn);
    return rc;
}

/* Leaf order of average-linkage clustering of the rows of v (nr × nc) on
 * 1 − Pearson r between rows (missing values as 0).  order gets nr items. */
static void cluster_rows(const double *v, size_t nr, size_t nc, size_t *order) {
    double *d = xmalloc((nr ? nr * nr : 1) * sizeof *d), *a = xmalloc((nc ? nc : 1) * sizeof *a), *b = xmalloc((nc ? nc : 1) * sizeof *b);
    for (size_t i = 0; i < nr; i++)
        for (size_t j = i; j < nr; j++) {
            for (size_t k = 0; k < nc; k++) {
                a[k] = isnan(v[i * nc + k]) ? 0 : v[i * nc + k];
                b[k] = isnan(v[j * nc + k]) ? 0 : v[j * nc + k];
            }
            LinFit f = linfit(a, b, nc);
            double dist = i == j ? 0 : isnan(f.r) ? 1 : 1 - f.r;
            d[i * nr + j] = d[j * nr + i] = dist;
        }
    Hclust h;
    if (nr >= 2 && hclust(d, nr, LINK_AVERAGE, &h) == 0) {
        memcpy(order, h.order, nr * sizeof *order);
        hclust_free(&h);
    } else {
        for (size_t i = 0; i < nr; i++) order[i] = i;
    }
    free(d);
    free(a);
    free(b);
}

/* plot heatmap CORR: features × genes of a corr result, the top N of each by
 * their largest |r|, clustered, on a symmetric blue–white–red scale, with
 * dots on the pairs at q < 0.05. */
static int plot_corr_heatmap(Session *s, const Table *t, const PlotOut *po, const Target *tg, int cluster, long top,
                             PlotResult *r) {
    long jx = table_find(t, "x"), jy = table_find(t, "y"), jr = table_find(t, "r"), jq = table_find(t, "q");
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
    int rc = 1;
    if (!xs.n || !ys.n) { rgx_error(s, "plot heatmap: %s has no correlations to draw", t->name); goto out; }
    /* the top N of each, by their strongest pair */
    size_t nr = xs.n < (size_t)top ? xs.n : (size_t)top, nc = ys.n < (size_t)top ? ys.n : (size_t)top;
    size_t *rsel = xmalloc(xs.n * sizeof *rsel), *csel = xmalloc(ys.n * sizeof *csel);
    for (size_t i = 0; i < xs.n; i++) rsel[i] = i;
    for (size_t i = 0; i < ys.n; i++) csel[i] = i;
    for (size_t i = 0; i < nr; i++)
        for (size_t j = i + 1; j < xs.n; j++)
            if (bx[rsel[j]] > bx[rsel[i]]) { size_t tmp = rsel[i]; rsel[i] = rsel[j]; rsel[j] = tmp; }
    for (size_t i = 0; i < nc; i++)
        for (size_t j = i + 1; j < ys.n; j++)
            if (by[csel[j]] > by[csel[i]]) { size_t tmp = csel[i]; csel[i] = csel[j]; csel[j] = tmp; }
    size_t *rpos = xmalloc(xs.n * sizeof *rpos), *cpos = xmalloc(ys.n * sizeof *cpos);
    for (size_t i = 0; i < xs.n; i++) rpos[i] = (size_t)-1;
    for (size_t i = 0; i < ys.n; i++) cpos[i] = (size_t)-1;
    for (size_t i = 0; i < nr; i++) rpos[rsel[i]] = i;
    for (size_t i = 0; i < nc; i++) cpos[csel[i]] = i;
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
    if (cluster) {
        cluster_rows(m, nr, nc, ro);
        double *mt = xmalloc(nr * nc * sizeof *mt);
        for (size_t i = 0; i < nr; i++)
            for (size_t j = 0; j < nc; j++) mt[j * nr + i] = m[i * nc + j];
        cluster_rows(mt, nc, nr, co);
        free(mt);
    } else {
        for (size_t i = 0; i < nr; i++) ro[i] = i;
        for (size_t i = 0; i < nc; i++) co[i] = i;
    }
    if (vmax <= 0) vmax = 1;
    Buf title = {0};
    buf_printf(&title, "%s: r of %zu features x %zu genes (strongest |r| first%s); dots: q < 0.05", t->name, nr, nc,
               cluster ? ", clustered" : "");
    PlotText pt = {title.s, NULL, NULL, 0};
    rc = finish(s, plot_heatmap(po, &pt, m, nr, nc, rn, cn, ro, co, PAL_DIVERGING, -vmax, vmax, "r", NULL, mk, r), r, tg);
    buf_free(&title);
    free(rsel); free(csel); free(rpos); free(cpos); free(m); free(mk); free(rn); free(cn); free(ro); free(co);
out:
    strlist_free(&xs); strlist_free(&ys); strmap_free(&mx); strmap_free(&my); free(bx); free(by);
    return rc;
}

/* plot cdf NAME (one CDF curve per k) or plot consensus NAME k=K (the
 * consensus matrix, patients ordered by class, viridis, a class bar). */
static int plot_consensus(Session *s, const Table *t, const PlotOut *po, const Target *tg, int cdf, long k, PlotResult *r) {
    Buf n1 = {0};
    int rc = 1;
    if (cdf) {
        buf_printf(&n1, "%s.cdf", t->name);
        Table *c = session_find(s, n1.s);
        buf_free(&n1);
        if (!c || table_find(c, "cdf") < 0) { rgx_error(s, "plot cdf: %s is not a consensus result", t->name); return 1; }
        long jk = table_find(c, "k"), jx = table_find(c, "consensus"), jc = table_find(c, "cdf");
        size_t nk = c->nrow / 100;
        PlotCurve *cv = xcalloc(nk ? nk : 1, sizeof *cv);
        StrList names = {0};
        for (size_t q = 0; q < nk; q++) strlist_addf(&names, "k = %.0f", c->cols[jk].num[q * 100]);
        for (size_t q = 0; q < nk; q++)
            cv[q] = (PlotCurve){names.v[q], c->cols[jx].num + q * 100, c->cols[jc].num + q * 100, 100, 1, NULL, NULL, NULL,
                                NULL, 0, NULL, 0};
        Buf title = {0};
        buf_printf(&title, "Consensus CDF: %s", t->name);
        PlotText pt = {title.s, "consensus index", "CDF", 0};
        rc = finish(s, plot_curves(po, &pt, cv, nk, NULL, NULL, 0, 1, r), r, tg);
        buf_free(&title);
        strlist_free(&names);
        free(cv);
        return rc;
    }
    if (!k) { rgx_error(s, "plot consensus: name the k: plot consensus %s k=3", t->name); return 1; }
    Buf mn = {0}, cn = {0};
    buf_printf(&mn, "%s.m%ld", t->name, k);
    buf_printf(&cn, "%s.classes", t->name);
    Table *m = session_find(s, mn.s), *cl = session_find(s, cn.s);
    char kc[16];
    snprintf(kc, sizeof kc, "k%ld", k);
    long jk = cl ? table_find(cl, kc) : -1;
    if (!m || jk < 0) {
        rgx_error(s, "plot consensus: %s has no consensus matrix for k=%ld", t->name, k);
        buf_free(&mn);
        buf_free(&cn);
        return 1;
    }
    size_t n = m->nrow;
    double *v = xmalloc((n ? n * n : 1) * sizeof *v);
    for (size_t i = 0; i < n; i++)
        for (size_t j = 0; j < n; j++) v[i * n + j] = m->cols[1 + j].num[i];
    size_t *ord = xmalloc((n ? n : 1) * sizeof *ord), *grp = xmalloc((n ? n : 1) * sizeof *grp), q = 0;
    for (long c = 1; c <= k; c++)
        for (size_t i = 0; i < n; i++)
            if ((long)cl->cols[jk].num[i] == c) ord[q++] = i;
    for (size_t i = 0; i < n; i++) grp[i] = (size_t)cl->cols[jk].num[i] - 1;
    Buf title = {0};
    buf_printf(&title, "Consensus matrix, k = %ld (%zu patients, ordered by class)", k, n);
    PlotText pt = {title.s, NULL, NULL, 0};
    rc = finish(s, plot_heatmap(po, &pt, v, n, n, NULL, NULL, ord, ord, PAL_VIRIDIS, 0, 1, "consensus", grp, NULL, r), r, tg);
    free(v);
    free(ord);
    free(grp);
    buf_free(&title);
    buf_free(&mn);
    buf_free(&cn);
    return rc;
}

/* plot tracking NAME: each patient's class at every k (one row per k),
 * patients ordered by their classes from the smallest k to the largest.
 * Colours follow the clusters across k, as CCP's tracking plot does: a
 * class at k takes the colour of the class at k − 1 it shares most patients
 * with, the larger class first; a class that splits off gets a new colour. */
static int plot_tracking(Session *s, const Table *t, const PlotOut *po, const Target *tg, PlotResult *r) {
    Buf cn = {0};
    buf_printf(&cn, "%s.classes", t->name);
    Table *cl = session_find(s, cn.s);
    buf_free(&cn);
    if (!cl || cl->ncol < 2 || cl->cols[1].name[0] != 'k') {
        rgx_error(s, "plot tracking: %s is not a consensus result", t->name);
        return 1;
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
    buf_printf(&title, "Cluster tracking: %s (%zu patients; colours follow clusters across k)", t->name, n);
    PlotText pt = {title.s, "patients", NULL, 0};
    int rc = finish(s, plot_heatmap(po, &pt, m, nk, n, (const char *const *)rn.v, NULL, NULL, ord, PAL_CLASSES, 0.5,
                                    ncolour + 0.5, NULL, NULL, NULL, r), r, tg);
    buf_free(&title);
    strlist_free(&rn);
    free(m); free(ord); free(col);
    return rc;
}

/* plot delta NAME / plot pac NAME: CCP's relative change in the area under
 * the CDF, or the PAC, against k (one line with a point per k). */
static int plot_by_k(Session *s, const Table *t, const PlotOut *po, const Target *tg, int pac, PlotResult *r) {
    const char *col = pac ? "pac" : "delta";
    long jk = table_find(t, "k"), jv = table_find(t, col);
    if (jk < 0 || jv < 0 || table_find(t, "cdf_area") < 0) {
        rgx_error(s, "plot %s: %s is not a consensus result", col, t->name);
        return 1;
    }
    PlotCurve c = {col, t->cols[jk].num, t->cols[jv].num, t->nrow, 0, NULL, NULL, t->cols[jk].num, t->cols[jv].num,
                   t->nrow, NULL, 0};
    Buf title = {0};
    if (pac)
        buf_printf(&title, "PAC by k: %s (lower is a cleaner split)", t->name);
    else
        buf_printf(&title, "Relative change in area under the CDF by k: %s", t->name);
    PlotText pt = {title.s, "k", pac ? "PAC" : "delta area", 1};
    int rc = finish(s, plot_curves(po, &pt, &c, 1, NULL, NULL, NAN, NAN, r), r, tg);
    buf_free(&title);
    return rc;
}

/* plot roc NAME: sensitivity against 1 − specificity per predictor, AUC
 * (and its interval) in the key, the Youden-best threshold marked, the
 * chance diagonal. */
static int plot_roc(Session *s, const Table *t, const PlotOut *po, const Target *tg, PlotResult *r) {
    Buf cn = {0};
    buf_printf(&cn, "%s.curve", t->name);
    Table *cu = session_find(s, cn.s);
    buf_free(&cn);
    long jp = table_find(t, "predictor"), ja = table_find(t, "auc"), jl = table_find(t, "ci_low"), jh = table_find(t, "ci_high");
    if (!cu || jp < 0 || ja < 0 || cu->ncol < 4) {
        rgx_error(s, "plot roc: %s is not a roc result", t->name);
        return 1;
    }
    size_t k = t->nrow, m = cu->nrow;
    PlotCurve *c = xcalloc(k + 1, sizeof *c);
    double **bufs = xcalloc(4 * (k + 1), sizeof *bufs);
    StrList names = {0};
    for (size_t g = 0; g < k; g++) {
        double *x = xmalloc((m ? m : 1) * sizeof *x), *y = xmalloc((m ? m : 1) * sizeof *y);
        double *mx = xmalloc(sizeof *mx), *my = xmalloc(sizeof *my);
        size_t np = 0;
        double best = -1;
        for (size_t i = m; i-- > 0;) {   /* from threshold +Inf (0, 0) to −Inf (1, 1) */
            if (strcmp(cu->cols[0].str[i], t->cols[jp].str[g])) continue;
            double se = cu->cols[2].num[i], sp = cu->cols[3].num[i];
            x[np] = 1 - sp;
            y[np++] = se;
            if (!isinf(cu->cols[1].num[i]) && se + sp > best) { best = se + sp; mx[0] = 1 - sp; my[0] = se; }
        }
        if (jl >= 0 && !isnan(t->cols[jl].num[g]))
            strlist_addf(&names, "%s: AUC %.3f (%.3f-%.3f)", t->cols[jp].str[g], t->cols[ja].num[g], t->cols[jl].num[g],
                         t->cols[jh].num[g]);
        else
            strlist_addf(&names, "%s: AUC %.3f", t->cols[jp].str[g], t->cols[ja].num[g]);
        c[g] = (PlotCurve){NULL, x, y, np, 0, NULL, NULL, mx, my, best >= 0 ? 1 : 0, NULL, 0};
        bufs[4 * g] = x; bufs[4 * g + 1] = y; bufs[4 * g + 2] = mx; bufs[4 * g + 3] = my;
    }
    for (size_t g = 0; g < k; g++) c[g].name = names.v[g];
    static const double dx[2] = {0, 1}, dy[2] = {0, 1};
    c[k] = (PlotCurve){"chance", dx, dy, 2, 0, NULL, NULL, NULL, NULL, 0, "#888888", 1};
    Buf title = {0};
    long j1 = table_find(t, "n_pos"), j0 = table_find(t, "n_neg");
    buf_printf(&title, "ROC: %s (%.0f positives, %.0f negatives)", t->name, j1 >= 0 && k ? t->cols[j1].num[0] : NAN,
               j0 >= 0 && k ? t->cols[j0].num[0] : NAN);
    PlotText pt = {title.s, "1 - specificity", "sensitivity", 0};
    size_t npts = 0;   /* the chance diagonal alone is nothing to plot */
    for (size_t g = 0; g < k; g++) npts += c[g].n;
    Buf none = {0};
    buf_printf(&none, "%s has no ROC curve points (%s)", t->name, k ? "its .curve table is empty" : "no predictor");
    int rc = finish(s, npts ? plot_curves(po, &pt, c, k + 1, "points: the Youden-best threshold", NULL, 0, 1, r)
                            : plot_nothing(r, none.s), r, tg);
    buf_free(&none);
    for (size_t i = 0; i < 4 * k; i++) free(bufs[i]);
    free(bufs);
    free(c);
    strlist_free(&names);
    buf_free(&title);
    return rc;
}

int cmd_plot(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *to = args_take_kw(a, "to");
    const char *by = args_take_kw(a, "by");
    int risktable = args_get_bool(a, "risktable", 1), ci = args_get_bool(a, "ci", 0);
    int cluster = args_get_bool(a, "cluster", 1);
    long kk = args_get_int(a, "k", 0, 2, 100);
    long top_n = args_get_int(a, "top", 40, 2, 500);
    if (args_failed(s, a)) return 1;
    const char *kind = a->pos[0];
    static const char *const KINDS[] = {"scatter", "box", "hist",      "heatmap",   "volcano", "km",
                                        "roc",     "cdf", "consensus", "delta",     "pac", "tracking"};
    int k = -1;
    for (int i = 0; i < 12; i++)
        if (!strcasecmp(kind, KINDS[i])) k = i;
    if (k < 0) {
        const char *g = suggest(kind, KINDS, 12);
        rgx_error(s, "plot: unknown kind '%s'%s%s%s; kinds: scatter, box, hist, heatmap, volcano, km, roc, cdf, consensus, delta, pac, tracking", kind,
                  g ? " (did you mean " : "", g ? g : "", g ? "?)" : "");
        return 1;
    }
    static const int need[] = {3, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2};
    if ((int)a->npos < need[k] || (k != 3 && (int)a->npos > need[k]) || a->npos > 3) {
        static const char *const use[] = {"plot scatter X Y [in T] [by GROUP] [to FILE]",
                                          "plot box FEATURE by GROUP [in T] [to FILE]", "plot hist COL [in T] [to FILE]",
                                          "plot heatmap T [SELECTOR] [by GROUP] [to FILE]",
                                          "plot volcano RESULT [to FILE]   (a corr or screen result)",
                                          "plot km RESULT [risktable=yes] [ci=no] [to FILE]   (a km result)",
                                          "plot roc RESULT [to FILE]   (a roc result)",
                                          "plot cdf RESULT [to FILE]   (a consensus result)",
                                          "plot consensus RESULT k=K [to FILE]   (a consensus result)",
                                          "plot delta RESULT [to FILE]   (a consensus result)",
                                          "plot pac RESULT [to FILE]   (a consensus result)",
                                          "plot tracking RESULT [to FILE]   (a consensus result)"};
        rgx_error(s, "plot: usage: %s", use[k]);
        return 1;
    }
    if (k == 1 && !by) { rgx_error(s, "plot box: name the groups: plot box FEATURE by GROUP"); return 1; }
    Table *t = k >= 3 ? session_table(s, a->pos[1]) : command_table(s, "plot", in, a->pos[1]);
    if (!t) return 1;
    Target tg;
    if (target_make(s, to, &tg) < 0) return 1;
    PlotOut po = {.dir = tg.dir, .name = tg.name, .format = tg.format, .width = term_width(),
                  .window_ok = s->interactive && getenv("DISPLAY") != NULL};
    PlotResult r = {0};
    int rc = 1;
    size_t *gid = NULL;
    StrList gnames = {0};
    if (by) {
        Buf err = {0};
        long gj = table_find_err(t, by, &err);
        if (gj < 0) { rgx_error(s, "plot: by %s", err.s); buf_free(&err); goto done; }
        gid = xmalloc((t->nrow ? t->nrow : 1) * sizeof *gid);
        if (command_groups(s, "plot", t, gj, gid, &gnames) < 0) goto done;
    }
    Buf title = {0};
    if (k == 0) {
        long xj = numeric_col(s, t, a->pos[1]), yj = xj >= 0 ? numeric_col(s, t, a->pos[2]) : -1;
        if (yj < 0) goto done;
        char *xl = axis_label(t, xj), *yl = axis_label(t, yj);
        size_t n = count_pairs(t->cols[xj].num, t->cols[yj].num, gid, t->nrow);
        buf_printf(&title, "%s against %s%s%s (n = %zu patients)", yl, xl, by ? " by " : "", by ? by : "", n);
        PlotText pt = {title.s, xl, yl, 0};
        rc = finish(s, plot_scatter(&po, &pt, t->cols[xj].num, t->cols[yj].num, gid, t->nrow,
                                    (const char *const *)gnames.v, gnames.n, &r), &r, &tg);
        free(xl);
        free(yl);
    } else if (k == 1) {
        long yj = numeric_col(s, t, a->pos[1]);
        if (yj < 0) goto done_title;
        char *yl = axis_label(t, yj);
        size_t n = count_pairs(t->cols[yj].num, NULL, gid, t->nrow);
        buf_printf(&title, "%s by %s (n = %zu patients)", yl, by, n);
        PlotText pt = {title.s, by, yl, 0};
        rc = finish(s, plot_box(&po, &pt, t->cols[yj].num, gid, t->nrow, (const char *const *)gnames.v, gnames.n, &r),
                    &r, &tg);
        free(yl);
    } else if (k == 2) {
        long xj = numeric_col(s, t, a->pos[1]);
        if (xj < 0) goto done_title;
        char *xl = axis_label(t, xj);
        buf_printf(&title, "%s (n = %zu patients)", xl, count_pairs(t->cols[xj].num, NULL, NULL, t->nrow));
        PlotText pt = {title.s, xl, NULL, 0};
        rc = finish(s, plot_hist(&po, &pt, t->cols[xj].num, t->nrow, &r), &r, &tg);
        free(xl);
    } else if (k == 7 || k == 8) {
        rc = plot_consensus(s, t, &po, &tg, k == 7, kk, &r);
    } else if (k == 11) {
        rc = plot_tracking(s, t, &po, &tg, &r);
    } else if (k == 9 || k == 10) {
        rc = plot_by_k(s, t, &po, &tg, k == 10, &r);
    } else if (k == 6) {
        rc = plot_roc(s, t, &po, &tg, &r);
    } else if (k == 5) {
        rc = plot_km(s, t, &po, &tg, risktable, ci, &r);
    } else if (k == 4) {
        /* a corr result (x y n r p q) or a screen result (feature … p q auc) */
        long jr = table_find(t, "r"), jp = table_find(t, "p"), jq = table_find(t, "q"), ja = table_find(t, "auc");
        long jx = table_find(t, "x"), jy = table_find(t, "y"), jf = table_find(t, "feature");
        int is_corr = jr >= 0 && jx >= 0 && jy >= 0;
        if (jp < 0 || jq < 0 || (!is_corr && (ja < 0 || jf < 0))) {
            rgx_error(s, "plot volcano: %s is not a corr or screen result (it needs columns r or auc, p and q)", t->name);
            goto done_title;
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
        buf_printf(&title, "%s: %s against -log10 p (%zu %s)", t->name, is_corr ? "r" : "AUC - 0.5", n,
                   is_corr ? "pairs" : "features");
        PlotText pt = {title.s, is_corr ? "correlation r" : "AUC - 0.5", "-log10 p", 0};
        rc = finish(s, plot_volcano(&po, &pt, e2, p2, q2, n, 0.05, pline, l2, nl, &r), &r, &tg);
        for (size_t i = 0; i < n; i++) free(lab[i]);
        free(lab);
        free(eff);
        free(ord);
        free(e2);
        free(p2);
        free(q2);
        free(l2);
        free(used);
    } else if (table_find(t, "x") >= 0 && table_find(t, "y") >= 0 && table_find(t, "r") >= 0 && t->id < 0 &&
               a->npos == 2) {
        rc = plot_corr_heatmap(s, t, &po, &tg, cluster, top_n, &r);
    } else {
        size_t *cols;
        long nc = command_columns(s, "plot heatmap", t, a->npos > 2 ? a->pos[2] : NULL, &cols);
        if (nc < 0) goto done_title;
        size_t w = 0;
        for (long j = 0; j < nc; j++)
            if (t->cols[cols[j]].type == COL_NUM) cols[w++] = cols[j];
        if (!w) { rgx_error(s, "plot heatmap: no numeric columns selected"); free(cols); goto done_title; }
        /* patients × features, each feature as z-scores, capped at ±3 */
        size_t nr = t->nrow;
        double *m = xmalloc((nr && w ? nr * w : 1) * sizeof *m);
        const char **coln = xmalloc(w * sizeof *coln), **rown = xmalloc((nr ? nr : 1) * sizeof *rown);
        for (size_t j = 0; j < w; j++) {
            const Column *c = &t->cols[cols[j]];
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
        if (gid) {
            for (size_t g = 0; g <= gnames.n; g++)
                for (size_t i = 0; i < nr; i++)
                    if ((g < gnames.n && gid[i] == g) || (g == gnames.n && gid[i] == NO_GROUP)) rord[q++] = i;
        } else {
            for (size_t i = 0; i < nr; i++) rord[i] = i;
        }
        buf_printf(&title, "%zu features of %s, z-scores (n = %zu patients)", w, t->name, nr);
        if (by) buf_printf(&title, ", by %s", by);
        PlotText pt = {title.s, NULL, NULL, 0};
        rc = finish(s, plot_heatmap(&po, &pt, m, nr, w, rown, coln, rord, NULL, PAL_DIVERGING, -3, 3, "z-score",
                                    gid, NULL, &r), &r, &tg);
        if (by && !rc) {
            out_printf(&s->out, "  row colours by %s:", by);
            for (size_t g = 0; g < gnames.n; g++) out_printf(&s->out, " %s=%s", gnames.v[g], plot_group_colour(g));
            out_puts(&s->out, "\n");
        }
        free(m);
        free(coln);
        free(rown);
        free(rord);
        free(cols);
    }
done_title:
    buf_free(&title);
done:
    plot_result_free(&r);
    target_free(&tg);
    strlist_free(&gnames);
    free(gid);
    return rc;
}
