/* cmd_corr.c — corr: the feature × gene correlation map with FDR.  The
 * map, its p-values, the adjustment and the pairs kept are computed by
 * stats/corrmap.h; here the options, the columns, the result table, the
 * summary and save=. */
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/atomic.h"
#include "io/save.h"
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/corrmap.h"

static const CorMethod METHOD_OF[] = {COR_SPEARMAN, COR_PEARSON, COR_KENDALL};
static const char *const METHOD_NAME[] = {"spearman", "pearson", "kendall"};

/* Maps beyond this many pairs keep only the q < 0.05 pairs unless keep= or
 * top= says otherwise (keep=all stores every pair; save= streams them). */
#define CORR_FULL_LIMIT 2000000

/* The command's words and options, as given (keywords and strings point
 * into the Args). */
typedef struct CorrArgs {
    const char *in, *with, *as;     /* keywords */
    const char *save, *control;     /* save=FILE, control=COLS, or NULL */
    const char *keep;               /* keep=q<F|p<F, NULL when not given or keep=all */
    int keep_all;                   /* keep=all */
    int mk;                         /* method=: index into METHOD_OF */
    CorExact exact;                 /* exact= */
    int adjust;                     /* adjust= (an AdjustMethod) */
    long top;                       /* top=, 0 when not given */
} CorrArgs;

/* The borrowed columns: X and Y (pointers into the table), the covariates
 * of control= copied into z (owned). */
typedef struct CorrCols {
    size_t *xc, *yc;                /* column indices (owned) */
    size_t nx, ny;                  /* how many */
    size_t skipped;                 /* text columns left out of X and Y */
    const double **X, **Y;          /* the columns' values (arrays owned, values borrowed) */
    double *z;                      /* control=: nz columns of nrow values (owned), or NULL */
    size_t nz;
} CorrCols;

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

/* keep=q<F or keep=p<F into *on_q, *limit (INFINITY when v is NULL);
 * 0, or -1 after the error. */
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

/* The keywords and options of a, checked, into *o and the map's options
 * (*mo: all but the shape-dependent default of keep=, see below).
 * 0, or 1 after the error or the usage. */
static int parse_options(Session *s, Args *a, CorrArgs *o, CorrMapOpts *mo) {
    static const CorExact EXACT_OF[] = {COR_EXACT_AUTO, COR_EXACT_YES, COR_EXACT_NO};
    o->in = args_take_kw(a, "in");
    o->with = args_take_kw(a, "with");
    o->as = args_take_kw(a, "as");
    o->mk = args_get_choice(a, "method", 0, NULL);
    o->adjust = adjust_option(a);
    o->exact = EXACT_OF[args_get_choice(a, "exact", 0, NULL)];
    o->top = args_get_int(a, "top", 0, 1, 1000000000L);
    o->save = args_opt(a, "save");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    o->control = args_opt(a, "control");
    if (o->control && o->mk == 2) {
        rgx_error(s, "corr: control= works with method=spearman or pearson (ppcor's Kendall partial is not offered)");
        return 1;
    }
    o->keep = args_opt(a, "keep");
    o->keep_all = o->keep && !strcasecmp(o->keep, "all");
    if (o->keep_all) o->keep = NULL;
    *mo = (CorrMapOpts){.method = METHOD_OF[o->mk], .exact = o->exact, .adjust = (AdjustMethod)o->adjust,
                        .self = !o->with, .partial = o->control != NULL, .keep_q = 1, .top = (size_t)o->top,
                        .all_q = o->save != NULL, .threads = s->threads, .cancel = s->cancel};
    if (parse_keep(s, o->keep, &mo->keep_q, &mo->keep_lim) < 0) return 1;
    if (o->as && !valid_table_name(s, "corr", o->as)) return 1;
    return 0;
}

/* The control= covariates of t, copied into c->z.  0, or -1 after the error. */
static int control_columns(Session *s, const Table *t, const char *control, CorrCols *c) {
    size_t *zc = NULL, n = t->nrow;
    long nz = command_columns(s, "corr", t, control, &zc);
    if (nz < 0) return -1;
    c->z = xmalloc((nz && n ? (size_t)nz * n : 1) * sizeof *c->z);
    c->nz = (size_t)nz;
    for (long k = 0; k < nz; k++) {
        if (t->cols[zc[k]].type != COL_NUM) {
            rgx_error(s, "corr: control column %s is text", t->cols[zc[k]].name);
            free(zc);
            return -1;
        }
        memcpy(c->z + (size_t)k * n, t->cols[zc[k]].num, n * sizeof *c->z);
    }
    free(zc);
    return 0;
}

/* X (the selector x), Y (with=, else X again) and control= of t into *c
 * (free with cols_free).  0, or -1 after the error. */
static int borrow_columns(Session *s, const Table *t, const char *x, const CorrArgs *o, CorrCols *c) {
    size_t skx = 0, sky = 0;
    long nx = numeric_columns(s, t, x, &c->xc, &skx);
    if (nx < 0) return -1;
    long ny = nx;
    if (o->with) {
        ny = numeric_columns(s, t, o->with, &c->yc, &sky);
        if (ny < 0) return -1;
    } else {
        c->yc = xmalloc((size_t)nx * sizeof *c->yc);
        memcpy(c->yc, c->xc, (size_t)nx * sizeof *c->yc);
    }
    c->nx = (size_t)nx;
    c->ny = (size_t)ny;
    c->skipped = skx + sky;
    c->X = xmalloc((c->nx ? c->nx : 1) * sizeof *c->X);
    c->Y = xmalloc((c->ny ? c->ny : 1) * sizeof *c->Y);
    for (size_t k = 0; k < c->nx; k++) c->X[k] = t->cols[c->xc[k]].num;
    for (size_t k = 0; k < c->ny; k++) c->Y[k] = t->cols[c->yc[k]].num;
    return o->control ? control_columns(s, t, o->control, c) : 0;
}

static void cols_free(CorrCols *c) {
    free(c->xc);
    free(c->yc);
    free(c->X);
    free(c->Y);
    free(c->z);
}

/* Compute the map (corrmap_compute), reporting a failure.  0, or -1. */
static int compute_map(Session *s, const CorrCols *c, size_t n, const CorrMapOpts *mo, CorrMap *M) {
    int rc = corrmap_compute(c->X, c->nx, c->Y, c->ny, n, mo, M);
    if (rc == CORRMAP_NOMAP)
        rgx_error(s, "corr: out of memory for a %zu × %zu map (%.0f MB)", c->nx, c->ny,
                  (double)(c->nx * c->ny) * 20 / 1048576);
    else if (rc == CORRMAP_CANCELLED) rgx_error(s, "corr: interrupted; no result was stored");
    else if (rc == CORRMAP_HOMMEL) adjust_error(s, "corr", -2, M->tested);
    else if (rc < 0) rgx_error(s, "corr: out of memory");
    return rc < 0 ? -1 : 0;
}

/* The result table NAME: the kept pairs (x y n r p q), strongest first. */
static Table *map_table(const CorrMap *M, const Table *t, const CorrCols *c, const char *name) {
    StrList xl = {0}, yl = {0};
    table_col_labels(t, c->xc, c->nx, &xl);
    table_col_labels(t, c->yc, c->ny, &yl);
    size_t ns = M->npairs, one = ns ? ns : 1;
    Table *o = table_new(name, t->name, ns);
    char **xs = xcalloc(one, sizeof *xs), **ys = xcalloc(one, sizeof *ys);
    double *cn = xmalloc(one * sizeof *cn), *cr = xmalloc(one * sizeof *cr);
    double *cp = xmalloc(one * sizeof *cp), *cq = xmalloc(one * sizeof *cq);
    for (size_t i = 0; i < ns; i++) {
        size_t k = M->pairs[i].k;
        xs[i] = xstrdup(xl.v[k / M->ny]);
        ys[i] = xstrdup(yl.v[k % M->ny]);
        cn[i] = (double)corrmap_n(M, k);
        cr[i] = M->r[k];
        cp[i] = M->pairs[i].p;
        cq[i] = M->pairs[i].q;
    }
    table_add_str(o, "x", NULL, xs);
    table_add_str(o, "y", NULL, ys);
    table_add_num(o, "n", NULL, cn);
    table_add_num(o, "r", NULL, cr);
    table_add_num(o, "p", NULL, cp);
    table_add_num(o, "q", NULL, cq);
    strlist_free(&xl);
    strlist_free(&yl);
    return o;
}

/* The summary's lines on which p each pair got (exact= as cor.test). */
static void print_p_rule(Session *s, const CorrMap *M, int mk) {
    const char *approx = mk == 0 ? "the t approximation" : "the normal approximation with R's tie correction";
    size_t tested = M->tested, nexact = M->nexact;
    if (M->e == COR_EXACT_NO) {
        out_printf(&s->out, "  p: %s for every pair (exact=no, as cor.test(exact = FALSE))\n", approx);
        return;
    }
    const char *ename = M->e == COR_EXACT_YES ? "yes" : "auto";
    const char *rule = mk == 0 ? "AS 89, as cor.test; no ties, n <= 1290" : "as cor.test; no ties, n < 50";
    Buf all = {0};
    if (tested == 1) buf_puts(&all, "the pair");
    else buf_printf(&all, "all %zu pairs", tested);
    if (nexact == tested)
        out_printf(&s->out, "  p: exact=%s: the exact p (%s) for %s\n", ename, rule, all.s);
    else if (!nexact)
        out_printf(&s->out, "  p: exact=%s: %s for %s (the exact p needs %s)\n", ename, approx, all.s,
                   mk == 0 ? "no ties and n <= 1290" : "no ties and n < 50");
    else
        out_printf(&s->out, "  p: exact=%s: the exact p (%s) for %zu of the %zu pairs, %s for the other %zu (%s)\n",
                   ename, rule, nexact, tested, approx, tested - nexact,
                   mk == 0 ? "tied values, or n > 1290" : "tied values, or n >= 50");
    buf_free(&all);
    if (M->e == COR_EXACT_YES && mk == 2 && tested > nexact)
        out_puts(&s->out, "  exact=yes: rgx's exact Kendall p stops at n < 50 (cor.test(exact = TRUE) would compute "
                          "it for more); larger samples use the normal approximation\n");
    if (M->ntail)
        out_printf(&s->out, "  %zu pair%s the t approximation's p: there AS 89's Edgeworth series (cor.test's "
                            "\"exact\" p for n > 9) falls below it, down to 0, far in the tail (p < 1e-6); "
                            "cor.test would print its smaller value or p < 2.2e-16\n",
                   M->ntail, M->ntail == 1 ? " has" : "s have");
}

/* The summary of map NAME of table t: the family, the counts, which p,
 * what was stored (large: the default keep= of a large map), the
 * strongest pairs of the result table o. */
static void print_summary(Session *s, const CorrMap *M, const CorrArgs *o, const CorrCols *c, const Table *t,
                          const Table *res, int large) {
    size_t np = M->family;
    out_printf(&s->out, "corr %s: %zu pair%s (%zu × %zu columns of %s, %zu patient%s), method=%s adjust=%s\n",
               res->name, np, np == 1 ? "" : "s", M->nx, M->ny, t->name, M->n, plural_s(M->n), METHOD_NAME[o->mk],
               adjust_name(o->adjust));
    if (o->control)
        out_printf(&s->out, "  partial correlations given %s (%zu covariate%s; t on n - 2 - %zu df, as ppcor)\n",
                   o->control, M->nz, M->nz == 1 ? "" : "s", M->nz);
    char chance[32];
    out_printf(&s->out, "  %zu pair%s at p < 0.05 (%s expected by chance alone); %zu at q < 0.05", M->nominal,
               M->nominal == 1 ? "" : "s", chance_count(M->tested, chance, sizeof chance), M->sig);
    if (M->na)
        out_printf(&s->out, "; %zu pair%s no correlation (a constant column, or fewer than 3 complete pairs)", M->na,
                   M->na == 1 ? " has" : "s have");
    out_puts(&s->out, "\n");
    if (o->mk != 1 && !o->control && M->tested) print_p_rule(s, M, o->mk);
    if (c->skipped) out_printf(&s->out, "  %zu text column%s skipped\n", c->skipped, c->skipped == 1 ? "" : "s");
    if (large)
        out_printf(&s->out, "  stored the %zu pair%s at q < 0.05 of %zu (keep=all stores every pair; save=FILE writes them "
                            "all to a file)\n", M->npairs, plural_s(M->npairs), np);
    else if (M->npairs < np)
        out_printf(&s->out, "  stored %zu of the pairs (%s)\n", M->npairs,
                   o->top > 0 && M->npairs < M->nkept ? "top=" : "keep=");
    if (M->npairs) {
        out_printf(&s->out, "  the %zu strongest (smallest p, then largest |r|):\n", M->npairs < 10 ? M->npairs : 10);
        print_head(s, res, 10);
    }
}

/* One row of a saved map: x y n r p q, separated by sep, made in line
 * and written at once. */
static void save_pair(FILE *f, Buf *line, const char *x, const char *y, size_t n, double r, double p, double q,
                      int sep) {
    char num[32], sp = (char)sep;
    line->len = 0;
    save_field_buf(line, x, sep);
    buf_add(line, &sp, 1);
    save_field_buf(line, y, sep);
    buf_add(line, num, (size_t)snprintf(num, sizeof num, "%c%zu%c", sep, n, sep));
    save_number_buf(line, r);
    buf_add(line, &sp, 1);
    save_number_buf(line, p);
    buf_add(line, &sp, 1);
    save_number_buf(line, q);
    buf_add(line, "\n", 1);
    fwrite(line->s, 1, line->len, f);
}

/* save=FILE: every pair of the family, row by row (x y n r p q), written
 * whole or not at all; nothing but the file is built.  0, or -1. */
static int stream_map(Session *s, const CorrMap *M, const Table *t, const CorrCols *c, const char *path) {
    Buf err = {0};
    AtomicFile af;
    char *full = session_out_path(s, path);
    if (atomic_open(&af, full, &err) < 0) {
        rgx_error(s, "corr: %s", err.s);
        buf_free(&err);
        free(full);
        return -1;
    }
    StrList xl = {0}, yl = {0};
    table_col_labels(t, c->xc, c->nx, &xl);
    table_col_labels(t, c->yc, c->ny, &yl);
    int sep = save_separator(full), rc = 0;
    fprintf(af.f, "x%cy%cn%cr%cp%cq\n", sep, sep, sep, sep, sep);
    size_t rows = 0;
    Buf line = {0};
    for (size_t k = 0; k < M->nx * M->ny && !rc; k++) {
        if (!corrmap_in_family(M, k)) continue;
        if ((rows++ & 65535) == 0 && session_cancelled(s)) rc = -2;
        else save_pair(af.f, &line, xl.v[k / M->ny], yl.v[k % M->ny], corrmap_n(M, k), M->r[k], corrmap_p(M, k),
                       M->q[k], sep);
    }
    buf_free(&line);
    strlist_free(&xl);
    strlist_free(&yl);
    if (rc == -2) {
        atomic_abort(&af);
        rgx_error(s, "corr: interrupted; %s was not written", full);
    } else if ((rc = atomic_commit(&af, &err)) < 0) {
        rgx_error(s, "corr: %s", err.s);
    } else {
        out_printf(&s->out, "  saved all %zu pair%s to %s\n", rows, plural_s(rows), full);
    }
    buf_free(&err);
    free(full);
    return rc < 0 ? -1 : 0;
}

int cmd_corr(Session *s, Args *a) {
    CorrArgs o = {0};
    CorrMapOpts mo = {0};
    if (parse_options(s, a, &o, &mo)) return 1;
    Table *t = command_table(s, "corr", o.in, a->pos[0]);
    if (!t) return 1;
    CorrCols c = {0};
    CorrMap M = {0};
    int rc = 1;
    if (borrow_columns(s, t, a->pos[0], &o, &c) < 0) goto done;
    mo.z = c.z;
    mo.nz = c.nz;
    /* a map beyond CORR_FULL_LIMIT pairs keeps q < 0.05 by default */
    size_t family = o.with ? c.nx * c.ny : c.nx * (c.nx - 1) / 2;
    int large = !o.keep && !o.keep_all && !o.top && family > CORR_FULL_LIMIT;
    if (large) { mo.keep_q = 1; mo.keep_lim = 0.05; }
    if (compute_map(s, &c, t->nrow, &mo, &M) < 0) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "corr");
    Table *res = map_table(&M, t, &c, name);
    free(name);
    print_summary(s, &M, &o, &c, t, res, large);
    Result *r = command_result(a, "corr", res);
    result_param(r, "x", a->pos[0]);
    result_param(r, "method", METHOD_NAME[o.mk]);
    result_param(r, "adjust", adjust_name(o.adjust));
    store_unit(s, r);
    rc = o.save && stream_map(s, &M, t, &c, o.save) < 0;
done:
    corrmap_free(&M);
    cols_free(&c);
    return rc;
}
