/* figures_km.c — plot km: the curves of a km result (figures.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/numfmt.h"
#include "plots/figures.h"

const Table *figure_part(const FigureInput *in, const char *name) {
    for (size_t i = 0; i < in->nparts; i++)
        if (!strcmp(in->parts[i].name, name)) return in->parts[i].t;
    return NULL;
}

/* The columns names (NULL-terminated) of t into j[]; -2 with the message
 * naming the first one missing. */
static int need_cols(const Table *t, const char *const *names, long *j, PlotResult *r) {
    for (size_t k = 0; names[k]; k++)
        if ((j[k] = table_find(t, names[k])) < 0) {
            buf_printf(&r->msg, "%s has no column %s", t->name, names[k]);
            return -2;
        }
    return 0;
}

/* The note of the test part: "log-rank p = 0.003;  HR 0.63 (0.49-0.82)",
 * naming survdiff's rho and the strata. */
static void test_note(const Table *test, Buf *note) {
    long jp = table_find(test, "p");
    if (jp < 0 || !test->nrow) return;
    char pb[32];
    long jrho = table_find(test, "rho"), jst = table_find(test, "strata");
    double rho = jrho >= 0 ? test->cols[jrho].num[0] : 0;
    const char *st = jst >= 0 && test->cols[jst].type == COL_STR ? test->cols[jst].str[0] : NULL;
    if (rho == 0) buf_puts(note, "log-rank");
    else if (rho == 1) buf_puts(note, "Peto-Peto");
    else buf_printf(note, "G-rho (rho = %g)", rho);
    if (st) buf_printf(note, " stratified by %s", st);
    buf_printf(note, " p = %s", fmt_p(pb, sizeof pb, test->cols[jp].num[0]));
    long jhr = table_find(test, "hr"), jhl = table_find(test, "hr_low"), jhh = table_find(test, "hr_high");
    if (jhr >= 0 && jhl >= 0 && jhh >= 0 && !isnan(test->cols[jhr].num[0]))
        buf_printf(note, ";  HR %.2f (%.2f-%.2f)%s", test->cols[jhr].num[0], test->cols[jhl].num[0],
                   test->cols[jhh].num[0], st ? " within strata" : "");
}

/* plot km NAME: the curves of NAME.curve, the test of NAME.test when the
 * result has one (a km without groups has none), numbers at risk under
 * the axis at pretty ticks. */
int figure_km(const FigureInput *in, const FigureOpts *o, const PlotOut *po, PlotResult *r) {
    const Table *t = in->main, *cu = figure_part(in, "curve"), *test = figure_part(in, "test");
    if (!cu) {
        buf_printf(&r->msg, "%s has no part curve (%s.curve was dropped or replaced); run km again", in->name, in->name);
        return -2;
    }
    static const char *const cneed[] = {"group", "time", "n_risk", "n_censor", "surv", "ci_low", "ci_high", NULL};
    long cj[7], tg;
    if (need_cols(cu, cneed, cj, r) < 0) return -2;
    if ((tg = table_find(t, "group")) < 0) { buf_printf(&r->msg, "%s has no column group", t->name); return -2; }
    long jg = cj[0], jt = cj[1], jr = cj[2], jc = cj[3], js = cj[4], jl = cj[5], jh = cj[6];
    size_t k = t->nrow, m = cu->nrow;
    const char *const *gnames = (const char *const *)t->cols[tg].str;
    PlotCurve *c = xcalloc(k ? k : 1, sizeof *c);
    double **bufs = xcalloc(7 * (k ? k : 1), sizeof *bufs);
    double tmax = 0, nsum = 0;
    long jn = table_find(t, "n");
    for (size_t g = 0; g < k; g++) {
        double *x = xmalloc((m + 1) * sizeof *x), *y = xmalloc((m + 1) * sizeof *y);
        double *lo = xmalloc((m + 1) * sizeof *lo), *hi = xmalloc((m + 1) * sizeof *hi);
        double *mx = xmalloc((m + 1) * sizeof *mx), *my = xmalloc((m + 1) * sizeof *my);
        size_t np = 0, nm = 0;
        x[np] = 0; y[np] = 1; lo[np] = 1; hi[np] = 1; np++;
        for (size_t i = 0; i < m; i++) {
            if (!cu->cols[jg].str[i] || !gnames[g] || strcmp(cu->cols[jg].str[i], gnames[g])) continue;
            x[np] = cu->cols[jt].num[i];
            y[np] = cu->cols[js].num[i];
            lo[np] = cu->cols[jl].num[i];
            hi[np] = cu->cols[jh].num[i];
            if (cu->cols[jc].num[i] > 0) { mx[nm] = x[np]; my[nm++] = y[np]; }
            if (x[np] > tmax) tmax = x[np];
            np++;
        }
        if (jn >= 0) nsum += t->cols[jn].num[g];
        c[g] = (PlotCurve){gnames[g], x, y, np, 1, o->ci ? lo : NULL, o->ci ? hi : NULL, mx, my, nm, NULL, 0};
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
                if (cu->cols[jg].str[i] && gnames[g] && !strcmp(cu->cols[jg].str[i], gnames[g]) &&
                    cu->cols[jt].num[i] >= at[q]) {
                    nr = cu->cols[jr].num[i];
                    break;
                }
            vals[g * nat + q] = nr;
        }
    PlotTableUnder tab = {"Number at risk", at, nat, vals};
    Buf note = {0}, title = {0}, xl = {0};
    if (test) test_note(test, &note);
    buf_printf(&title, "Kaplan-Meier: %s (n = %.0f patients)", in->name, nsum);
    buf_puts(&xl, "time");
    if (cu->cols[jt].unit) buf_printf(&xl, " (%s)", cu->cols[jt].unit);
    PlotText pt = {title.s, xl.s, "survival probability", 0};
    Buf none = {0};   /* a curve of no patient is only its start at (0, 1) */
    buf_printf(&none, "%s has no patients", in->name);
    int rc = nsum > 0 ? plot_curves(po, &pt, c, k, note.s, o->risktable ? &tab : NULL, 0, 1.02, r)
                      : plot_nothing(r, none.s);
    buf_free(&none);
    for (size_t g = 0; g < 7 * k; g++) free(bufs[g]);
    free(bufs);
    free(c);
    free(at);
    free(vals);
    buf_free(&note);
    buf_free(&title);
    buf_free(&xl);
    return rc;
}
