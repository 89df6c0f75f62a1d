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

const char *figure_param(const FigureInput *in, const char *key) {
    for (size_t i = 0; i < in->npar; i++)
        if (!strcmp(in->pkey[i], key)) return in->pval[i];
    return NULL;
}

void figure_what(const FigureInput *in, Buf *b) {
    const char *x = figure_param(in, "x");
    if (!x) x = figure_param(in, "features");
    const char *with = figure_param(in, "with"), *by = figure_param(in, "by");
    const char *t = figure_param(in, "in");
    if (!t) t = figure_param(in, "table");
    size_t len = b->len;
    if (x && strcmp(x, "*") && strlen(x) <= 40) {   /* "*": every feature, said as "features of T" */
        buf_puts(b, x);
        if (with && strlen(with) <= 40) buf_printf(b, " with %s", with);
        else if (by) buf_printf(b, " by %s", by);
    }
    if (t) buf_printf(b, "%s%s", b->len > len ? " in " : "features of ", t);
    if (b->len == len) buf_puts(b, in->name);
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

/* The note of the test part: "log-rank p = 0.003;  HR 0.63 (95% CI
 * 0.49-0.82), B vs A", naming survdiff's rho (the Peto-Peto test at
 * rho = 1), the strata of a stratified test, and which group the hazard
 * ratio compares with which (the second against the first, as km prints
 * it). */
static void test_note(const Table *test, const Table *t, long tg, Buf *note) {
    long jp = table_find(test, "p");
    if (jp < 0 || !test->nrow) return;
    char pb[32];
    long jrho = table_find(test, "rho"), jst = table_find(test, "strata");
    double rho = jrho >= 0 ? test->cols[jrho].num[0] : 0;
    const char *st = jst >= 0 && test->cols[jst].type == COL_STR ? test->cols[jst].str[0] : NULL;
    if (rho == 0) buf_puts(note, "log-rank");
    else if (rho == 1) buf_puts(note, "Peto-Peto test");
    else buf_printf(note, "G-rho test (rho = %g)", rho);
    if (st) buf_printf(note, " stratified by %s", st);
    buf_printf(note, " p = %s", fmt_p(pb, sizeof pb, test->cols[jp].num[0]));
    long jhr = table_find(test, "hr"), jhl = table_find(test, "hr_low"), jhh = table_find(test, "hr_high");
    if (jhr >= 0 && jhl >= 0 && jhh >= 0 && !isnan(test->cols[jhr].num[0])) {
        buf_printf(note, ";  HR %.2f (95%% CI %.2f-%.2f)", test->cols[jhr].num[0], test->cols[jhl].num[0],
                   test->cols[jhh].num[0]);
        if (t->nrow == 2 && t->cols[tg].str[0] && t->cols[tg].str[1])
            buf_printf(note, ", %s vs %s", t->cols[tg].str[1], t->cols[tg].str[0]);
        if (st) buf_puts(note, " within strata");
    }
}

/* Days in one unit of time (0 for a unit not known). */
static double unit_days(const char *u) {
    static const struct { const char *name; double days; } U[] = {
        {"days", 1}, {"day", 1}, {"weeks", 7}, {"week", 7}, {"months", 365.25 / 12}, {"month", 365.25 / 12},
        {"years", 365.25}, {"year", 365.25}};
    for (size_t i = 0; u && i < sizeof U / sizeof *U; i++)
        if (!strcmp(u, U[i].name)) return U[i].days;
    return 0;
}

/* What the time of column name measures, for the title: "Overall
 * survival" for OS.time, OS_MONTHS… (or the endpoint OS itself),
 * "Progression-free interval" for PFI, "… survival" for PFS,
 * "Disease-specific survival" for DSS, "Disease-free interval" for DFI,
 * "… survival" for DFS (TCGA-CDR's names); else "Survival". */
static const char *endpoint_name(const char *col) {
    static const struct { const char *ep, *name; } E[] = {
        {"OS", "Overall survival"}, {"PFI", "Progression-free interval"}, {"PFS", "Progression-free survival"},
        {"DSS", "Disease-specific survival"}, {"DFI", "Disease-free interval"}, {"DFS", "Disease-free survival"}};
    const char *p = col ? col : "";
    while (*p) {   /* each word of the name, split at . _ - */
        size_t len = strcspn(p, "._-");
        for (size_t i = 0; i < sizeof E / sizeof *E; i++)
            if (len == strlen(E[i].ep) && !strncmp(p, E[i].ep, len)) return E[i].name;
        p += len;
        if (*p) p++;
    }
    return "Survival";
}

/* A round step giving about six intervals up to tmax. */
static double round_step(double tmax) {
    if (!(tmax > 0)) return 1;
    double raw = tmax / 6, p10 = pow(10, floor(log10(raw))), u = raw / p10;
    return (u <= 1.5 ? 1 : u <= 3 ? 2 : u <= 7 ? 5 : 10) * p10;
}

/* plot km NAME: the curves of NAME.curve (time converted to unit= when
 * given), censoring marks explained in the key, the test of NAME.test
 * above the plot (a km without groups has none), numbers at risk under
 * the axis at the round times of its tics. */
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
    /* the unit drawn: the table's, or unit= converted from it */
    const char *unit = cu->cols[jt].unit;
    double scale = 1;
    if (o->unit) {
        double from = unit_days(unit), to = unit_days(o->unit);
        if (!from) {
            if (unit) buf_printf(&r->msg, "unit=%s: the time unit of %s is '%s', which rgx cannot convert", o->unit,
                                 in->name, unit);
            else buf_printf(&r->msg, "unit=%s: the time unit of %s is not recorded, so it cannot be converted (load "
                                     "clinical … unit=days records it)", o->unit, in->name);
            return -2;
        }
        scale = from / to;
        unit = o->unit;
    }
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
            x[np] = cu->cols[jt].num[i] * scale;
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
    /* numbers at risk at the tics: round times from 0 to the end of the axis */
    double step = round_step(tmax), xmax = ceil(tmax / step - 1e-9) * step;
    if (!(xmax > 0)) xmax = step;
    size_t nat = (size_t)llround(xmax / step) + 1;
    double *at = xmalloc(nat * sizeof *at), *vals = xmalloc((k ? k : 1) * nat * sizeof *vals);
    for (size_t q = 0; q < nat; q++) at[q] = q * step;
    for (size_t g = 0; g < k; g++)
        for (size_t q = 0; q < nat; q++) {
            double nr = 0;
            for (size_t i = 0; i < m; i++)
                if (cu->cols[jg].str[i] && gnames[g] && !strcmp(cu->cols[jg].str[i], gnames[g]) &&
                    cu->cols[jt].num[i] * scale >= at[q]) {
                    nr = cu->cols[jr].num[i];
                    break;
                }
            vals[g * nat + q] = nr;
        }
    PlotTableUnder tab = {"Number at risk", at, nat, vals};
    Buf note = {0}, title = {0}, xl = {0};
    if (test) test_note(test, t, tg, &note);
    const char *by = figure_param(in, "by");
    const char *ep = figure_param(in, "endpoint");   /* load clinical's, recorded by km; else TIME's name */
    buf_puts(&title, endpoint_name(ep ? ep : figure_param(in, "time")));
    if (by) buf_printf(&title, " by %s", by);
    buf_printf(&title, " (n = %.0f)", nsum);
    buf_puts(&xl, "time");
    if (unit) buf_printf(&xl, " (%s)", unit);
    PlotText pt = {title.s, xl.s, "survival probability", 0};
    PlotLayout lay = {KEY_OUTSIDE_RIGHT, 0, "censored", 1, xmax, step};
    Buf none = {0};   /* a curve of no patient is only its start at (0, 1) */
    buf_printf(&none, "%s has no patients", in->name);
    int rc = nsum > 0 ? plot_curves_laid_out(po, &pt, &lay, c, k, note.s, o->risktable ? &tab : NULL, 0, 1.02, r)
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
