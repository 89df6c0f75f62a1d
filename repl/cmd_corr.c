/* cmd_corr.c — corr: the feature × gene correlation map with FDR. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/corr.h"
#include "stats/padjust.h"

static const char *const METHODS = "spearman|pearson|kendall";
static const CorMethod METHOD_OF[] = {COR_SPEARMAN, COR_PEARSON, COR_KENDALL};

/* The numeric columns of a selector (text columns are skipped and counted). */
static long numeric_columns(Session *s, const Table *t, const char *sel, size_t **cols, size_t *skipped) {
    long n = command_columns(s, "corr", t, sel, cols);
    if (n < 0) return -1;
    size_t w = 0;
    *skipped = 0;
    for (long k = 0; k < n; k++) {
        if (t->cols[(*cols)[k]].type == COL_NUM) (*cols)[w++] = (*cols)[k];
        else (*skipped)++;
    }
    if (!w) {
        rgx_error(s, "corr: %s selects no numeric column of %s", sel, t->name);
        free(*cols);
        return -1;
    }
    return (long)w;
}

/* keep=q<F or keep=p<F */
static int parse_keep(Session *s, const char *v, int *on_q, double *limit) {
    if (!v) { *limit = INFINITY; return 0; }
    char *end;
    if ((v[0] == 'q' || v[0] == 'p') && v[1] == '<') {
        *on_q = v[0] == 'q';
        *limit = strtod(v + 2, &end);
        if (end != v + 2 && !*end && *limit > 0 && *limit <= 1) return 0;
    }
    rgx_error(s, "corr: keep=%s: expected q<F or p<F with F in (0, 1], e.g. keep=q<0.05", v);
    return -1;
}

typedef struct Pair {
    size_t i, j;    /* X and Y column positions */
    double r, p, q, n;
} Pair;

static int cmp_absr(const void *a, const void *b) {
    const Pair *x = a, *y = b;
    double ax = isnan(x->r) ? -1 : fabs(x->r), ay = isnan(y->r) ? -1 : fabs(y->r);
    if (ax != ay) return ax < ay ? 1 : -1;
    if (x->i != y->i) return x->i < y->i ? -1 : 1;
    return (x->j > y->j) - (x->j < y->j);
}

int cmd_corr(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *with = args_take_kw(a, "with");
    const char *as = args_take_kw(a, "as");
    int mk = args_get_choice(a, "method", 0, METHODS);
    int adjm = adjust_option(a);
    long top = args_get_int(a, "top", 0, 1, 1000000000L);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) { rgx_error(s, "corr: usage: corr X [with Y] [in T] [method=…] [adjust=…] [as NAME]"); return 1; }
    const char *control = args_opt(a, "control");
    if (control && mk == 2) {
        rgx_error(s, "corr: control= works with method=spearman or pearson (ppcor's Kendall partial is not offered)");
        return 1;
    }
    int keep_q = 1;
    double keep_lim;
    if (parse_keep(s, args_opt(a, "keep"), &keep_q, &keep_lim) < 0) return 1;
    if (as && !valid_table_name(s, "corr", as)) return 1;
    Table *t = command_table(s, "corr", in, a->pos[0]);
    if (!t) return 1;
    size_t *xc = NULL, *yc = NULL, skx = 0, sky = 0;
    long nx = numeric_columns(s, t, a->pos[0], &xc, &skx);
    if (nx < 0) return 1;
    long ny = nx;
    if (with) {
        ny = numeric_columns(s, t, with, &yc, &sky);
        if (ny < 0) { free(xc); return 1; }
    } else {
        yc = xmalloc((size_t)nx * sizeof *yc);
        memcpy(yc, xc, (size_t)nx * sizeof *yc);
    }
    size_t n = t->nrow, NX = (size_t)nx, NY = (size_t)ny;
    double *X = malloc((NX && n ? NX * n : 1) * sizeof *X), *Y = malloc((NY && n ? NY * n : 1) * sizeof *Y);
    double *r = malloc(NX * NY * sizeof *r), *p = malloc(NX * NY * sizeof *p), *nn = malloc(NX * NY * sizeof *nn);
    Pair *pairs = NULL;
    int rc = 1;
    if (!X || !Y || !r || !p || !nn) { rgx_error(s, "corr: out of memory for a %zu × %zu map", NX, NY); goto done; }
    for (size_t k = 0; k < NX; k++) memcpy(X + k * n, t->cols[xc[k]].num, n * sizeof *X);
    for (size_t k = 0; k < NY; k++) memcpy(Y + k * n, t->cols[yc[k]].num, n * sizeof *Y);
    int brc;
    size_t *zc = NULL;
    long nz = 0;
    if (control) {   /* partial correlations, pair by pair */
        nz = command_columns(s, "corr", t, control, &zc);
        if (nz < 0) goto done;
        double *Z = xmalloc((nz && n ? (size_t)nz * n : 1) * sizeof *Z);
        for (long k = 0; k < nz; k++) {
            if (t->cols[zc[k]].type != COL_NUM) {
                rgx_error(s, "corr: control column %s is text", t->cols[zc[k]].name);
                free(Z);
                free(zc);
                goto done;
            }
            memcpy(Z + (size_t)k * n, t->cols[zc[k]].num, n * sizeof *Z);
        }
        brc = 0;
        for (size_t i = 0; i < NX && !brc; i++) {
            if (session_cancelled(s)) brc = -2;
            for (size_t j = with ? 0 : i + 1; j < NY && !brc; j++) {
                CorResult cr = cor_partial(X + i * n, Y + j * n, Z, n, (size_t)nz, METHOD_OF[mk]);
                r[i * NY + j] = cr.r;
                p[i * NY + j] = cr.p;
                nn[i * NY + j] = (double)cr.n;
            }
        }
        free(Z);
        free(zc);
    } else {
        brc = cor_block(X, NX, Y, NY, n, METHOD_OF[mk], s->threads, s->cancel, r, p, nn);
    }
    if (brc == -2) { rgx_error(s, "corr: interrupted; no result was stored"); goto done; }
    if (brc < 0) { rgx_error(s, "corr: out of memory"); goto done; }
    /* the family: every pair (i < j when X is correlated with itself) */
    size_t np = 0;
    pairs = malloc(NX * NY * sizeof *pairs);
    if (!pairs) { rgx_error(s, "corr: out of memory"); goto done; }
    for (size_t i = 0; i < NX; i++)
        for (size_t j = with ? 0 : i + 1; j < NY; j++)
            pairs[np++] = (Pair){i, j, r[i * NY + j], p[i * NY + j], NAN, nn[i * NY + j]};
    double *pv = malloc((np ? np : 1) * sizeof *pv), *qv = malloc((np ? np : 1) * sizeof *qv);
    for (size_t k = 0; k < np; k++) pv[k] = pairs[k].p;
    p_adjust(pv, np, (AdjustMethod)adjm, qv);
    size_t tested = 0, sig = 0, na = 0, nominal = 0;
    for (size_t k = 0; k < np; k++) {
        pairs[k].q = qv[k];
        if (isnan(pairs[k].p)) na++;
        else { tested++; sig += qv[k] < 0.05; nominal += pairs[k].p < 0.05; }
    }
    free(pv);
    free(qv);
    /* what is stored: all pairs, or those passing keep=, or the top N by |r| */
    qsort(pairs, np, sizeof *pairs, cmp_absr);
    size_t nk = 0;
    for (size_t k = 0; k < np; k++) {
        double v = keep_q ? pairs[k].q : pairs[k].p;
        if (isinf(keep_lim) || (!isnan(v) && v < keep_lim)) pairs[nk++] = pairs[k];
    }
    if (top > 0 && (size_t)top < nk) nk = (size_t)top;
    char *name = as ? xstrdup(as) : session_new_name(s, "corr");
    Table *o = table_new(name, t->name, nk);
    char **xs = xcalloc(nk ? nk : 1, sizeof *xs), **ys = xcalloc(nk ? nk : 1, sizeof *ys);
    double *cn = xmalloc((nk ? nk : 1) * sizeof *cn), *cr = xmalloc((nk ? nk : 1) * sizeof *cr);
    double *cp = xmalloc((nk ? nk : 1) * sizeof *cp), *cq = xmalloc((nk ? nk : 1) * sizeof *cq);
    Buf lab = {0};
    for (size_t k = 0; k < nk; k++) {
        xs[k] = xstrdup(table_col_label(t, xc[pairs[k].i], &lab));
        ys[k] = xstrdup(table_col_label(t, yc[pairs[k].j], &lab));
        cn[k] = pairs[k].n;
        cr[k] = pairs[k].r;
        cp[k] = pairs[k].p;
        cq[k] = pairs[k].q;
    }
    buf_free(&lab);
    table_add_str(o, "x", NULL, xs);
    table_add_str(o, "y", NULL, ys);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "r", NULL, cr);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    static const char *const mnames[] = {"spearman", "pearson", "kendall"};
    out_printf(&s->out, "corr %s: %zu pair%s (%zu × %zu columns of %s, %zu patients), method=%s adjust=%s\n", name, np,
               np == 1 ? "" : "s", NX, NY, t->name, n, mnames[mk], adjust_name(adjm));
    if (control)
        out_printf(&s->out, "  partial correlations given %s (%ld covariate%s; t on n - 2 - %ld df, as ppcor)\n", control, nz,
                   nz == 1 ? "" : "s", nz);
    out_printf(&s->out, "  %zu pair%s at p < 0.05 (%.0f expected by chance alone); %zu at q < 0.05", nominal,
               nominal == 1 ? "" : "s",
               0.05 * (double)tested, sig);
    if (na) out_printf(&s->out, "; %zu pairs have no correlation (a constant column, or fewer than 3 complete pairs)", na);
    out_puts(&s->out, "\n");
    if (skx + sky) out_printf(&s->out, "  %zu text column%s skipped\n", skx + sky, skx + sky == 1 ? "" : "s");
    if (nk < np) out_printf(&s->out, "  stored %zu of the pairs (%s)\n", nk, top > 0 ? "top=" : "keep=");
    size_t show = nk < 10 ? nk : 10;
    if (show) {
        out_printf(&s->out, "  the %zu strongest (by |r|):\n", show);
        int save = s->digits;
        if (s->digits > 4) s->digits = 4;
        size_t rows[10];
        for (size_t k = 0; k < show; k++) rows[k] = k;
        print_table(s, o, rows, show, NULL, 0);
        s->digits = save;
    }
    store_table(s, o);
    free(name);
    rc = 0;
done:
    free(X);
    free(Y);
    free(r);
    free(p);
    free(nn);
    free(pairs);
    free(xc);
    free(yc);
    return rc;
}
