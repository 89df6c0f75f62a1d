/* figures_model.c — the figures of predictive models (figures.h): plot
 * forest (cox and model results), plot path and plot cv (penalised
 * models), plot roc, plot calibration and plot decision of a validation. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/numfmt.h"
#include "plots/figures.h"
#include "stats/calibration.h"
#include "stats/roc.h"

/* %.10g, or gnuplot's missing marker for NaN and the infinities. */
static void num(Buf *b, double x) {
    if (!isfinite(x)) buf_puts(b, "NaN");
    else buf_printf(b, "%.10g", x);
}

static void labels(Buf *gp, const char *title, const char *xl, const char *yl) {
    if (title) { buf_puts(gp, "set title "); gp_str(gp, title); buf_puts(gp, "\n"); }
    if (xl) { buf_puts(gp, "set xlabel "); gp_str(gp, xl); buf_puts(gp, "\n"); }
    if (yl) { buf_puts(gp, "set ylabel "); gp_str(gp, yl); buf_puts(gp, "\n"); }
}

/* Render gp with dat and free both. */
static int render(const PlotOut *po, Buf *gp, Buf *dat, PlotResult *r) {
    int rc = plot_render(po, gp, dat, r);
    buf_free(gp);
    buf_free(dat);
    return rc;
}

/* The data file's name as the script must write it. */
static char *dat_file(const PlotOut *po) {
    Buf q = {0};
    plot_file_name(&q, po, "dat");
    return q.s;
}

/* Columns names[] of t into j[] (NULL-terminated list); −2 with the
 * message naming the first missing. */
static int need(const Table *t, const char *const *names, long *j, const char *what, PlotResult *r) {
    for (size_t k = 0; names[k]; k++)
        if ((j[k] = table_find(t, names[k])) < 0 || t->cols[j[k]].type != COL_NUM) {
            buf_printf(&r->msg, "%s has no numeric column %s (%s); run the command again", t->name, names[k], what);
            return -2;
        }
    return 0;
}

/* A line or point series of a figure. */
typedef struct Series {
    const char *title;      /* key entry, or NULL for none */
    const double *x, *y;    /* n points */
    const double *lo, *hi;  /* with them: vertical error bars (points) */
    size_t n;
    const char *colour;     /* "#rrggbb" */
    double lw;              /* line width; 0: points */
    int dashed, step;
} Series;

/* Several series in one frame; extra: commands before `plot` (ranges,
 * arrows). */
static int draw_series(const PlotOut *po, const char *title, const char *xl, const char *yl, const Series *sv,
                       size_t ns, const char *extra, const char *key, PlotResult *r, const char *nothing) {
    size_t have = 0;
    for (size_t k = 0; k < ns; k++)
        for (size_t i = 0; i < sv[k].n; i++) have += isfinite(sv[k].x[i]) && isfinite(sv[k].y[i]);
    if (!have) return plot_nothing(r, nothing);
    Buf gp = {0}, dat = {0};
    plot_begin(&gp, po);
    labels(&gp, title, xl, yl);
    buf_printf(&gp, "set key %s\n", key ? key : "bottom right");
    if (extra) buf_puts(&gp, extra);
    char *dq = dat_file(po);
    buf_puts(&gp, "plot \\\n");
    for (size_t k = 0; k < ns; k++) {
        const Series *s = &sv[k];
        buf_printf(&dat, "# %zu\n", k);
        for (size_t i = 0; i < s->n; i++) {
            num(&dat, s->x[i]);
            buf_puts(&dat, "\t");
            num(&dat, s->y[i]);
            if (s->lo) { buf_puts(&dat, "\t"); num(&dat, s->lo[i]); buf_puts(&dat, "\t"); num(&dat, s->hi[i]); }
            buf_puts(&dat, "\n");
        }
        if (!s->n) buf_puts(&dat, s->lo ? "NaN\tNaN\tNaN\tNaN\n" : "NaN\tNaN\n");
        buf_puts(&dat, "\n\n");
        if (k) buf_puts(&gp, ", \\\n");
        if (s->lo)
            buf_printf(&gp, "  %s index %zu using 1:2:3:4 with yerrorbars pt 7 ps 1.1 lw 1.5 lc rgb '%s'", dq, k,
                       s->colour);
        else if (s->lw > 0)
            buf_printf(&gp, "  %s index %zu using 1:2 with %s lw %g lc rgb '%s'%s", dq, k, s->step ? "steps" : "lines",
                       s->lw, s->colour, s->dashed ? " dt 2" : "");
        else
            buf_printf(&gp, "  %s index %zu using 1:2 with points pt 7 ps 1.1 lc rgb '%s'", dq, k, s->colour);
        if (s->title) { buf_puts(&gp, " title "); gp_str(&gp, s->title); }
        else buf_puts(&gp, " notitle");
    }
    buf_puts(&gp, "\n");
    free(dq);
    return render(po, &gp, &dat, r);
}

/* ---- plot forest ---- */

/* Display width of UTF-8 text (code points). */
static size_t utf8_width(const char *s) {
    size_t w = 0;
    for (; *s; s++) w += ((unsigned char)*s & 0xC0) != 0x80;
    return w;
}

/* b shortened to at most max code points: its start, "…" and its end. */
static void shorten(Buf *b, size_t max) {
    size_t w = utf8_width(b->s);
    if (w <= max) return;
    size_t keep1 = (max - 1) * 2 / 3, keep2 = max - 1 - keep1, k = 0, i = 0, cut1 = 0, cut2 = 0;
    for (; b->s[i]; i++) {
        if (((unsigned char)b->s[i] & 0xC0) == 0x80) continue;
        if (k == keep1) cut1 = i;
        if (k == w - keep2) cut2 = i;
        k++;
    }
    Buf o = {0};
    buf_add(&o, b->s, cut1);
    buf_puts(&o, "…");
    buf_puts(&o, b->s + cut2);
    buf_free(b);
    *b = o;
}

/* Tics of a log axis over lo..hi: powers of two when it spans less than
 * a factor 100, 1-2-5 steps up to a factor 10,000, else powers of ten. */
static void log_tics(Buf *gp, double lo, double hi) {
    buf_puts(gp, "set xtics (");
    int first = 1;
    double ratio = hi / lo;
    static const double two[] = {1, 0}, one25[] = {1, 2, 5, 0}, ten[] = {1, 0};
    const double *m = ratio < 100 ? two : ratio < 1e4 ? one25 : ten;
    double base = ratio < 100 ? 2 : 10;
    for (double v = pow(base, floor(log(lo) / log(base))); v <= hi * 1.0001; v *= base)
        for (const double *k = m; *k; k++) {
            double t = v * *k;
            if (t < lo * 0.9999 || t > hi * 1.0001) continue;
            buf_printf(gp, "%s'%g' %.10g", first ? "" : ", ", t, t);
            first = 0;
        }
    buf_puts(gp, ")\nset mxtics 1\n");
}

/* "LABEL: level vs REF" for a dummy term LABEL=level whose reference the
 * result names (its "reference" parameters), else the term. */
static void term_label(const FigureInput *in, const char *term, Buf *out) {
    for (size_t i = 0; i < in->npar; i++) {
        if (strcmp(in->pkey[i], "reference")) continue;
        const char *ref = in->pval[i], *eq = strchr(ref, '=');
        if (!eq) continue;
        size_t l = (size_t)(eq - ref);
        if (!strncmp(term, ref, l) && term[l] == '=') {
            buf_printf(out, "%.*s: %s vs %s", (int)l, ref, term + l + 1, eq + 1);
            return;
        }
    }
    buf_puts(out, term);
}

int figure_forest(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *t = in->main;
    int cox = !strcmp(in->kind, "cox") || (figure_param(in, "family") && !strcmp(figure_param(in, "family"), "cox"));
    long jt = table_find(t, "term"), jr = table_find(t, cox ? "hr" : "or");
    long jl = table_find(t, "low"), jh = table_find(t, "high");
    if (jl < 0) jl = table_find(t, "hr_low");
    if (jh < 0) jh = table_find(t, "hr_high");
    if (jt < 0 || jr < 0 || jl < 0 || jh < 0 || t->cols[jt].type != COL_STR) {
        buf_printf(&r->msg, "%s lacks the columns term, %s and its limits; run the command again", in->name,
                   cox ? "hr" : "or");
        return -2;
    }
    enum { MAXROWS = 40 };
    size_t *rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows), m = 0, more = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        const char *tn = t->cols[jt].str[i];
        if (!tn || !strcmp(tn, "(Intercept)")) continue;
        if (m == MAXROWS) { more++; continue; }
        rows[m++] = i;
    }
    int intervals = 0;
    double lo = INFINITY, hi = -INFINITY;
    for (size_t k = 0; k < m; k++) {
        const double v[3] = {t->cols[jr].num[rows[k]], t->cols[jl].num[rows[k]], t->cols[jh].num[rows[k]]};
        intervals |= isfinite(v[1]) && isfinite(v[2]);
        for (int q = 0; q < 3; q++)
            if (isfinite(v[q]) && v[q] > 0) { if (v[q] < lo) lo = v[q]; if (v[q] > hi) hi = v[q]; }
    }
    if (!(lo <= hi)) {
        free(rows);
        Buf w = {0};
        buf_printf(&w, "%s has no finite %s ratio", in->name, cox ? "hazard" : "odds");
        int rc = plot_nothing(r, w.s);
        buf_free(&w);
        return rc;
    }
    int clipped = lo < 1e-3 || hi > 1e3;
    lo = fmax(fmin(lo, 1) / 1.3, 1e-3);
    hi = fmin(fmax(hi, 1) * 1.3, 1e3);
    Buf gp = {0}, dat = {0}, title = {0}, lab = {0};
    plot_begin(&gp, po);
    buf_printf(&title, "%s: %s ratios%s", in->name, cox ? "hazard" : "odds",
               intervals ? " with 95% Wald intervals" : " (penalised: no intervals)");
    if (more) buf_printf(&title, "; the first %d terms of %zu", MAXROWS, m + more);
    if (clipped) buf_puts(&title, "; axis cut at 0.001 and 1000");
    labels(&gp, title.s, cox ? "hazard ratio (log scale)" : "odds ratio (log scale)", NULL);
    buf_printf(&gp, "set logscale x\nset xrange [%.10g:%.10g]\nset yrange [0.4:%zu.6]\nset grid noytics\n", lo, hi, m);
    log_tics(&gp, lo, hi);
    size_t width = 8;
    for (size_t k = 0; k < m; k++) {
        lab.len = 0;
        term_label(in, t->cols[jt].str[rows[k]], &lab);
        size_t w = utf8_width(lab.s);
        if (w > width) width = w;
    }
    buf_printf(&gp, "set lmargin %zu\nset rmargin 24\nset arrow from 1, graph 0 to 1, graph 1 nohead dt 2 lc rgb "
                    "'#888888'\nset label 999 '%s%s' at graph 1.02, graph 1.04 left\nset ytics (",
                width > 44 ? 46 : width + 2, cox ? "HR" : "OR", intervals ? " (95% CI)" : "");
    char b1[32], b2[32], b3[32];
    for (size_t k = 0; k < m; k++) {
        size_t i = rows[k];
        double y = (double)(m - k);
        lab.len = 0;
        term_label(in, t->cols[jt].str[i], &lab);
        shorten(&lab, 44);
        if (k) buf_puts(&gp, ", ");
        gp_str(&gp, lab.s);
        buf_printf(&gp, " %g", y);
        double v = t->cols[jr].num[i], l = t->cols[jl].num[i], h = t->cols[jh].num[i];
        num(&dat, v); buf_puts(&dat, "\t");
        num(&dat, y); buf_puts(&dat, "\t");
        num(&dat, isfinite(l) ? l : v); buf_puts(&dat, "\t");
        num(&dat, isfinite(h) ? h : v); buf_puts(&dat, "\n");
    }
    buf_puts(&gp, ")\n");
    for (size_t k = 0; k < m; k++) {   /* the numbers at the right */
        size_t i = rows[k];
        double v = t->cols[jr].num[i], l = t->cols[jl].num[i], h = t->cols[jh].num[i];
        lab.len = 0;
        if (isnan(v)) buf_puts(&lab, "not estimated");
        else if (isfinite(l) && isfinite(h))
            buf_printf(&lab, "%s (%s-%s)", fmt_num(b1, 32, v, 3), fmt_num(b2, 32, l, 3), fmt_num(b3, 32, h, 3));
        else buf_puts(&lab, fmt_num(b1, 32, v, 3));
        buf_printf(&gp, "set label %zu ", k + 1);
        gp_str(&gp, lab.s);
        buf_printf(&gp, " at graph 1.02, first %zu left\n", m - k);
    }
    char *dq = dat_file(po);
    buf_printf(&gp, "plot %s using 1:2:3:4 with xerrorbars pt 7 ps 1.3 lw 1.5 lc rgb '#0072B2' notitle\n", dq);
    free(dq);
    free(rows);
    buf_free(&title);
    buf_free(&lab);
    return render(po, &gp, &dat, r);
}

/* ---- plot path, plot cv ---- */

/* A numeric value of the fit part (NAME.fit), NaN when absent. */
static double fit_value(const FigureInput *in, const char *col) {
    const Table *f = figure_part(in, "fit");
    long j = f ? table_find(f, col) : -1;
    return j >= 0 && f->nrow && f->cols[j].type == COL_NUM ? f->cols[j].num[0] : NAN;
}

/* `set x2tics` with the counts of non-zero terms at about 8 lambdas, the
 * x2 axis linked to x (log lambda), as plot.glmnet's top axis. */
static void df_axis(Buf *gp, const double *lam, const double *df, size_t L) {
    buf_puts(gp, "set link x2\nset x2tics (");
    size_t step = L > 8 ? L / 8 : 1;
    for (size_t l = 0, k = 0; l < L; l += step, k++) {
        if (k) buf_puts(gp, ", ");
        buf_printf(gp, "'%.0f' %.10g", df[l], log(lam[l]));
    }
    buf_puts(gp, ")\nset x2label 'non-zero terms'\n");
}

int figure_path(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *p = figure_part(in, "path");
    if (!p) {
        buf_printf(&r->msg, "%s has no part path: it is not a penalised model (penalty=lasso, ridge or enet)", in->name);
        return -2;
    }
    static const char *const names[] = {"lambda", "df", "dev_ratio", NULL};
    long j[3];
    if (need(p, names, j, "a model's path", r) < 0) return -2;
    size_t L = p->nrow, K = p->ncol > 3 ? p->ncol - 3 : 0;
    if (!K || L < 2) {
        Buf w = {0};
        buf_printf(&w, "no term of %s is non-zero anywhere on its path", in->name);
        int rc = plot_nothing(r, w.s);
        buf_free(&w);
        return rc;
    }
    const double *lam = p->cols[j[0]].num;
    Buf gp = {0}, dat = {0}, title = {0};
    plot_begin(&gp, po);
    buf_printf(&title, "%s: coefficient path (%zu term%s ever non-zero)", in->name, K, K == 1 ? "" : "s");
    const char *std = figure_param(in, "standardize");
    int per_sd = !std || strcmp(std, "no");
    labels(&gp, title.s, "log(lambda)", per_sd ? "coefficient per SD of the predictor (as glmnet penalises it)"
                                               : "coefficient (original scale)");
    buf_printf(&gp, "set xrange [%.10g:%.10g]\n", log(lam[L - 1]), log(lam[0]));
    df_axis(&gp, lam, p->cols[j[1]].num, L);
    double chosen = fit_value(in, "lambda");
    if (isfinite(chosen) && chosen > 0)
        buf_printf(&gp, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lc rgb '#555555'\n"
                        "set label 'chosen lambda' at %.10g, graph 0.97 left offset 0.5,0 tc rgb '#555555'\n",
                   log(chosen), log(chosen), log(chosen));
    for (size_t l = 0; l < L; l++) {
        num(&dat, log(lam[l]));
        for (size_t k = 0; k < K; k++) { buf_puts(&dat, "\t"); num(&dat, p->cols[3 + k].num[l]); }
        buf_puts(&dat, "\n");
    }
    char *dq = dat_file(po);
    if (K <= 12) {
        buf_puts(&gp, "set key outside right top vertical\nplot \\\n");
        for (size_t k = 0; k < K; k++) {
            buf_printf(&gp, "%s  %s using 1:%zu with lines lw 2 lc rgb '%s' title ", k ? ", \\\n" : "", dq, k + 2,
                       plot_group_colour(k));
            gp_str(&gp, p->cols[3 + k].name);
        }
        buf_puts(&gp, "\n");
    } else {   /* many terms: no key; the 8 largest at the smallest lambda named at the right */
        unsigned char *named = xcalloc(K, 1);
        buf_puts(&gp, "set rmargin 22\n");
        for (int q = 0; q < 8; q++) {
            size_t best = K;
            for (size_t k = 0; k < K; k++)
                if (!named[k] && (best == K || fabs(p->cols[3 + k].num[L - 1]) > fabs(p->cols[3 + best].num[L - 1])))
                    best = k;
            if (best == K || p->cols[3 + best].num[L - 1] == 0) break;
            named[best] = 1;
            Buf nm = {0};
            buf_puts(&nm, p->cols[3 + best].name);
            shorten(&nm, 24);
            buf_printf(&gp, "set label %d ", q + 1);
            gp_str(&gp, nm.s);
            buf_free(&nm);
            buf_printf(&gp, " at graph 1.01, first %.10g left font ',9'\n", p->cols[3 + best].num[L - 1]);
        }
        free(named);
        buf_printf(&gp, "plot for [i=2:%zu] %s using 1:i with lines lw 1.2 lc i notitle\n", K + 1, dq);
    }
    free(dq);
    buf_free(&title);
    return render(po, &gp, &dat, r);
}

int figure_cv(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    const Table *c = figure_part(in, "cv");
    if (!c) {
        buf_printf(&r->msg, "%s has no part cv: its lambda was not chosen by cross-validation", in->name);
        return -2;
    }
    static const char *const names[] = {"lambda", "cvm", "cvlo", "cvup", "nzero", NULL};
    long j[5];
    if (need(c, names, j, "a model's cross-validation", r) < 0) return -2;
    size_t L = c->nrow;
    double *x = xmalloc((L ? L : 1) * sizeof *x);
    for (size_t l = 0; l < L; l++) x[l] = log(c->cols[j[0]].num[l]);
    const char *fam = figure_param(in, "family"), *meas = figure_param(in, "measure");
    const char *yl = meas && !strcmp(meas, "auc") ? "AUC"
                     : fam && !strcmp(fam, "cox") ? "partial likelihood deviance" : "binomial deviance";
    Buf extra = {0}, title = {0};
    if (L) df_axis(&extra, c->cols[j[0]].num, c->cols[j[4]].num, L);
    double lmin = fit_value(in, "lambda_min"), l1se = fit_value(in, "lambda_1se");
    if (isfinite(lmin) && lmin > 0)
        buf_printf(&extra, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 2 lc rgb '#555555'\n"
                           "set label 'lambda.min' at %.10g, graph 0.97 right offset -0.5,0 tc rgb '#555555'\n",
                   log(lmin), log(lmin), log(lmin));
    if (isfinite(l1se) && l1se > 0 && L) {
        double xmax = log(c->cols[j[0]].num[0]), xmin = log(c->cols[j[0]].num[L - 1]);
        int near_right = log(l1se) > xmax - 0.15 * (xmax - xmin);
        buf_printf(&extra, "set arrow from %.10g, graph 0 to %.10g, graph 1 nohead dt 3 lc rgb '#555555'\n"
                           "set label 'lambda.1se' at %.10g, graph 0.90 %s offset %s,0 tc rgb '#555555'\n",
                   log(l1se), log(l1se), log(l1se), near_right ? "right" : "left", near_right ? "-0.5" : "0.5");
    }
    buf_printf(&title, "%s: %zu-fold cross-validation, cvm +- cvsd", in->name,
               figure_param(in, "folds") ? (size_t)atol(figure_param(in, "folds")) : (size_t)0);
    Series s = {NULL, x, c->cols[j[1]].num, c->cols[j[2]].num, c->cols[j[3]].num, L, "#D55E00", 0, 0, 0};
    Buf none = {0};
    buf_printf(&none, "%s.cv has no finite value", in->name);
    int rc = draw_series(po, title.s, "log(lambda)", yl, &s, 1, extra.s, NULL, r, none.s);
    buf_free(&none);
    buf_free(&extra);
    buf_free(&title);
    free(x);
    return rc;
}

/* ---- a validation's predictions ---- */

/* The predictions of a logistic validation: n patients, their outcome, the
 * apparent linear predictor and the out-of-fold ones of R repeats. */
typedef struct Preds {
    size_t n, R;
    double *y;              /* n */
    double *app;            /* n apparent lp */
    double *oof;            /* R × n */
} Preds;

static void preds_free(Preds *p) { free(p->y); free(p->app); free(p->oof); }

/* Read NAME.predictions (rows of repeat 0, 1, … R in blocks of n, the
 * patients in the same order in each).  Returns 0, or −2 with the message. */
static int read_preds(const FigureInput *in, Preds *p, PlotResult *r) {
    memset(p, 0, sizeof *p);
    const char *fam = figure_param(in, "family");
    if (fam && !strcmp(fam, "cox")) {
        buf_printf(&r->msg, "%s validates a Cox model: its calibration slope and C-index are in the table (a ROC, "
                            "calibration or decision curve of survival needs a time horizon)", in->name);
        return -2;
    }
    const Table *t = figure_part(in, "predictions");
    static const char *const names[] = {"repeat", "outcome", "lp", NULL};
    long j[3];
    if (!t) {
        buf_printf(&r->msg, "%s has no part predictions (dropped or replaced); run validate again", in->name);
        return -2;
    }
    if (need(t, names, j, "a validation's predictions", r) < 0) return -2;
    size_t N = t->nrow, n = 0, R = 0;
    const double *rep = t->cols[j[0]].num;
    while (n < N && rep[n] == 0) n++;
    for (size_t i = 0; i < N; i++)
        if (rep[i] > (double)R) R = (size_t)rep[i];
    if (!n || N != n * (R + 1)) {
        buf_printf(&r->msg, "%s.predictions is not in blocks of one repeat (was it filtered?); run validate again",
                   in->name);
        return -2;
    }
    p->n = n;
    p->R = R;
    p->y = xmalloc(n * sizeof *p->y);
    p->app = xmalloc(n * sizeof *p->app);
    p->oof = xmalloc((R ? R : 1) * n * sizeof *p->oof);
    for (size_t a = 0; a < n; a++) {
        p->y[a] = t->cols[j[1]].num[a];
        p->app[a] = t->cols[j[2]].num[a];
    }
    for (size_t k = 1; k <= R; k++)
        for (size_t a = 0; a < n; a++) {
            size_t i = k * n + a;
            if (rep[i] != (double)k || t->cols[j[1]].num[i] != p->y[a]) {
                buf_printf(&r->msg, "%s.predictions is not in blocks of one repeat; run validate again", in->name);
                preds_free(p);
                return -2;
            }
            p->oof[(k - 1) * n + a] = t->cols[j[2]].num[i];
        }
    return 0;
}

/* Each patient's out-of-fold probability averaged over the repeats (NaN
 * when no repeat predicted it), and the apparent probabilities. */
static void mean_probs(const Preds *p, double *app, double *cv) {
    for (size_t a = 0; a < p->n; a++) {
        app[a] = 1 / (1 + exp(-p->app[a]));
        double s = 0;
        size_t m = 0;
        for (size_t k = 0; k < p->R; k++) {
            double v = p->oof[k * p->n + a];
            if (isnan(v)) continue;
            s += 1 / (1 + exp(-v));
            m++;
        }
        cv[a] = m ? s / (double)m : NAN;
    }
}

/* A value of the validation's main table: column col of row metric. */
static double metric_value(const FigureInput *in, const char *metric, const char *col) {
    const Table *t = in->main;
    long jm = table_find(t, "metric"), jc = table_find(t, col);
    if (jm < 0 || jc < 0 || t->cols[jm].type != COL_STR || t->cols[jc].type != COL_NUM) return NAN;
    for (size_t i = 0; i < t->nrow; i++)
        if (t->cols[jm].str[i] && !strcmp(t->cols[jm].str[i], metric)) return t->cols[jc].num[i];
    return NAN;
}

/* The ROC curve of score s for y (higher score = positive): x = 1 −
 * specificity, y = sensitivity, from (0, 0) to (1, 1).  Returns the
 * points' number (x, y malloc'd), 0 when a class is empty. */
static size_t roc_points(const double *y, const double *s, size_t n, double **x, double **yy) {
    int *yi = xmalloc((n ? n : 1) * sizeof *yi);
    for (size_t i = 0; i < n; i++) yi[i] = isnan(s[i]) ? -1 : (int)y[i];
    RocFit f;
    size_t m = 0;
    *x = *yy = NULL;
    if (roc_fit(s, yi, n, 1, &f) == 0) {
        *x = xmalloc(f.nthr * sizeof **x);
        *yy = xmalloc(f.nthr * sizeof **yy);
        for (size_t k = f.nthr; k-- > 0; m++) { (*x)[m] = 1 - f.sp[k]; (*yy)[m] = f.se[k]; }
        roc_free(&f);
    }
    free(yi);
    return m;
}

static int roc_validation(const FigureInput *in, const PlotOut *po, PlotResult *r) {
    Preds p;
    if (read_preds(in, &p, r) < 0) return -2;
    size_t ns = p.R + 2;
    Series *sv = xcalloc(ns, sizeof *sv);
    double **bufs = xcalloc(2 * ns, sizeof *bufs);
    StrList names = {0};
    char b1[32], b2[32];
    strlist_addf(&names, "apparent (fitted to these patients): AUC %s",
                 fmt_num(b1, 32, metric_value(in, "auc", "apparent"), 3));
    strlist_addf(&names, "cross-validated: AUC %s (mean of the folds'; grey: a repeat)",
                 fmt_num(b2, 32, metric_value(in, "auc", "estimate"), 3));
    /* the repeats first (grey, under), the apparent curve last (on top) */
    for (size_t k = 0; k < p.R; k++) {
        size_t m = roc_points(p.y, p.oof + k * p.n, p.n, &bufs[2 * k], &bufs[2 * k + 1]);
        sv[k] = (Series){k ? NULL : names.v[1], bufs[2 * k], bufs[2 * k + 1], NULL, NULL, m, "#999999", 1, 0, 0};
    }
    size_t m = roc_points(p.y, p.app, p.n, &bufs[2 * p.R], &bufs[2 * p.R + 1]);
    sv[p.R] = (Series){names.v[0], bufs[2 * p.R], bufs[2 * p.R + 1], NULL, NULL, m, "#D55E00", 2.5, 0, 0};
    static const double dx[2] = {0, 1};
    sv[p.R + 1] = (Series){"chance", dx, dx, NULL, NULL, 2, "#888888", 1, 1, 0};
    Buf title = {0};
    size_t pos = 0;
    for (size_t a = 0; a < p.n; a++) pos += p.y[a] == 1;
    buf_printf(&title, "ROC of %s (%zu positives, %zu negatives): apparent, and %zu repeats of out-of-fold "
                       "predictions (each pooling its folds)", in->name, pos, p.n - pos, p.R);
    int rc = draw_series(po, title.s, "1 - specificity", "sensitivity", sv, ns,
                         "set xrange [0:1]\nset yrange [0:1]\nset size ratio -1\n", "below", r,
                         "no ROC curve (a class is empty)");
    for (size_t i = 0; i < 2 * ns; i++) free(bufs[i]);
    free(bufs);
    free(sv);
    strlist_free(&names);
    buf_free(&title);
    preds_free(&p);
    return rc;
}

int figure_roc_any(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    if (in->kind && !strcmp(in->kind, "validation")) return roc_validation(in, po, r);
    return figure_roc(in, o, po, r);
}

int figure_calibration(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    Preds p;
    if (read_preds(in, &p, r) < 0) return -2;
    double *app = xmalloc(p.n * sizeof *app), *cv = xmalloc(p.n * sizeof *cv);
    mean_probs(&p, app, cv);
    CalBin ba[10], bc[10];
    long na = calibration_bins(p.y, app, p.n, 10, ba), nc = calibration_bins(p.y, cv, p.n, 10, bc);
    double v[4][2][10];   /* x, y, lo, hi of the two series */
    for (long g = 0; g < 10; g++) {
        if (g < na) { v[0][0][g] = ba[g].pred; v[1][0][g] = ba[g].obs; v[2][0][g] = ba[g].lo; v[3][0][g] = ba[g].hi; }
        if (g < nc) { v[0][1][g] = bc[g].pred; v[1][1][g] = bc[g].obs; v[2][1][g] = bc[g].lo; v[3][1][g] = bc[g].hi; }
    }
    char b1[32], b2[32];
    Buf n1 = {0}, n2 = {0}, title = {0};
    buf_printf(&n1, "apparent (calibration slope %s)", fmt_num(b1, 32, metric_value(in, "calibration_slope", "apparent"), 3));
    buf_printf(&n2, "cross-validated: out-of-fold risk, mean of %zu repeats (slope %s)", p.R,
               fmt_num(b2, 32, metric_value(in, "calibration_slope", "estimate"), 3));
    static const double dx[2] = {0, 1};
    Series sv[3] = {{"perfect calibration", dx, dx, NULL, NULL, 2, "#888888", 1, 1, 0},
                    {n1.s, v[0][0], v[1][0], v[2][0], v[3][0], na > 0 ? (size_t)na : 0, "#D55E00", 0, 0, 0},
                    {n2.s, v[0][1], v[1][1], v[2][1], v[3][1], nc > 0 ? (size_t)nc : 0, "#0072B2", 0, 0, 0}};
    buf_printf(&title, "Calibration of %s: observed against predicted by deciles (exact 95%% intervals)", in->name);
    int rc = draw_series(po, title.s, "predicted probability (mean of the decile)", "observed proportion", sv, 3,
                         "set xrange [0:1]\nset yrange [0:1]\nset size ratio -1\n", "below", r,
                         "no patient has a prediction");
    buf_free(&n1);
    buf_free(&n2);
    buf_free(&title);
    free(app);
    free(cv);
    preds_free(&p);
    return rc;
}

int figure_decision(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    (void)o;
    Preds p;
    if (read_preds(in, &p, r) < 0) return -2;
    enum { NPT = 99 };
    double pt[NPT], nba[NPT], nbc[NPT], nball[NPT], nb0[NPT], tmp[NPT];
    for (int k = 0; k < NPT; k++) { pt[k] = (k + 1) / 100.0; nb0[k] = 0; }
    double *app = xmalloc(p.n * sizeof *app), *cv = xmalloc(p.n * sizeof *cv);
    mean_probs(&p, app, cv);
    decision_curve(p.y, app, p.n, pt, NPT, nba, nball);
    decision_curve(p.y, cv, p.n, pt, NPT, nbc, tmp);
    double prev = 0;
    for (size_t a = 0; a < p.n; a++) prev += p.y[a] == 1;
    prev /= (double)p.n;
    Series sv[4] = {{"treat all", pt, nball, NULL, NULL, NPT, "#009E73", 1.5, 0, 0},
                    {"treat none", pt, nb0, NULL, NULL, NPT, "#888888", 1.5, 1, 0},
                    {"apparent", pt, nba, NULL, NULL, NPT, "#D55E00", 2, 0, 0},
                    {"cross-validated (out-of-fold risk averaged over the repeats)", pt, nbc, NULL, NULL, NPT,
                     "#0072B2", 2, 0, 0}};
    Buf extra = {0}, title = {0};
    buf_printf(&extra, "set xrange [0:1]\nset yrange [%.10g:%.10g]\n", -0.05, prev * 1.1 + 0.02);
    buf_printf(&title, "Decision curve of %s: net benefit = TP/n - FP/n x pt/(1 - pt)", in->name);
    int rc = draw_series(po, title.s, "threshold probability pt", "net benefit", sv, 4, extra.s, "top right", r,
                         "no patient has a prediction");
    buf_free(&extra);
    buf_free(&title);
    free(app);
    free(cv);
    preds_free(&p);
    return rc;
}
