/* cmd_pca.c — pca: principal components as R's prcomp, the scores as a
 * table joinable by patient, the loadings and the variance as its parts. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/robust.h"
#include "stats/pca.h"

/* The table of the n × k column-major values v, one column per component,
 * after a first text column (first, n values, taken) named fname. */
static Table *pc_table(const char *name, const char *src, const char *fname, char **first, const double *v, size_t n,
                       size_t k) {
    Table *o = table_new(name, src, n);
    table_add_str(o, fname, NULL, first);
    for (size_t c = 0; c < k; c++) {
        double *col = xmalloc((n ? n : 1) * sizeof *col);
        memcpy(col, v + c * n, n * sizeof *col);
        char cn[32];
        snprintf(cn, sizeof cn, "PC%zu", c + 1);
        table_add_num(o, cn, NULL, col);
    }
    return o;
}

/* What `pca` was asked for, and the columns and rows it works on. */
typedef struct PcaArgs {
    const char *in, *as, *keep;     /* the keywords and keep=, or NULL */
    int scale;                      /* scale=: 1, 0, or -1 (the scale rule decides) */
    long kwant;                     /* k= */
    size_t *cols, p, ntext;         /* the numeric features (owned); text columns skipped */
    size_t *kcols, nk;              /* keep= columns (owned) */
    size_t *rows, n;                /* the rows with every feature finite (owned) */
} PcaArgs;

static void pca_args_free(PcaArgs *o) {
    free(o->cols);
    free(o->kcols);
    free(o->rows);
}

/* Parse pca's words into o.  Returns 0, or 1 after the usage or error. */
static int pca_args(Session *s, Args *a, PcaArgs *o) {
    o->in = args_take_kw(a, "in");
    o->as = args_take_kw(a, "as");
    o->keep = args_opt(a, "keep");
    o->scale = args_opt(a, "scale") ? args_get_bool(a, "scale", 0) : -1;
    o->kwant = args_get_int(a, "k", 5, 1, 1000);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    return o->as && !valid_table_name(s, "pca", o->as);
}

/* The numeric features of SELECTOR, the keep= columns and the complete
 * rows of t into o.  Returns 0, or -1 after the error. */
static int pca_data(Session *s, const Table *t, const char *sel, PcaArgs *o) {
    long nc = command_columns(s, "pca", t, sel, &o->cols);
    if (nc < 0) return -1;
    if (o->keep) {
        long r = command_columns(s, "pca", t, o->keep, &o->kcols);
        if (r < 0) return -1;
        o->nk = (size_t)r;
    }
    for (long k = 0; k < nc; k++) {
        if ((long)o->cols[k] == t->id) continue;
        if (t->cols[o->cols[k]].type != COL_NUM) { o->ntext++; continue; }
        o->cols[o->p++] = o->cols[k];
    }
    o->rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *o->rows);
    for (size_t i = 0; i < t->nrow; i++) {
        int ok = 1;
        for (size_t j = 0; j < o->p && ok; j++) ok = isfinite(t->cols[o->cols[j]].num[i]);
        if (ok) o->rows[o->n++] = i;
    }
    if (o->p < 2) {
        rgx_error(s, "pca: %s selects %zu numeric column%s; PCA needs two or more", sel, o->p, o->p == 1 ? "" : "s");
        return -1;
    }
    if (o->n < 2) {
        rgx_error(s, "pca: %zu patient%s with every feature present; PCA needs two or more", o->n, o->n == 1 ? "" : "s");
        return -1;
    }
    return 0;
}

/* prcomp of the features over the rows (stats/pca.h) into r.  Returns 0,
 * or -1 after the error. */
static int pca_run(Session *s, const Table *t, const PcaArgs *o, int scaled, PcaResult *r) {
    size_t p = o->p, n = o->n;
    double **X = xmalloc(p * sizeof *X);
    for (size_t j = 0; j < p; j++) {
        X[j] = xmalloc(n * sizeof *X[j]);
        for (size_t i = 0; i < n; i++) X[j][i] = t->cols[o->cols[j]].num[o->rows[i]];
    }
    PcaOpts po = {.center = 1, .scale = scaled, .threads = s->threads, .cancel = s->cancel};
    int pr = pca_fit((const double *const *)X, n, p, &po, r);
    for (size_t j = 0; j < p; j++) free(X[j]);
    free(X);
    if (pr >= 0) return 0;
    Buf lab = {0};
    if (pr == -4)
        rgx_error(s, "pca: %s is constant over the %zu patients: it cannot be scaled to unit variance (as prcomp); drop "
                     "it (select … dropconstant=yes) or scale=no", table_col_label(t, o->cols[r->bad_col], &lab), n);
    else if (pr == -2) rgx_error(s, "pca: interrupted; no result was stored");
    else rgx_error(s, "pca: out of memory (%zu patients × %zu features)", n, p);
    buf_free(&lab);
    return -1;
}

/* NAME: the k scores, keyed by patient (row N when it has no ID), with the keep= columns. */
static Table *scores_table(const char *name, const Table *t, const PcaArgs *o, const PcaResult *r, size_t k) {
    size_t n = o->n;
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        const char *id = t->id >= 0 ? t->cols[t->id].str[o->rows[i]] : NULL;
        char tmp[32];
        if (!id) { snprintf(tmp, sizeof tmp, "row%zu", o->rows[i] + 1); id = tmp; }
        ids[i] = xstrdup(id);
    }
    Table *o1 = pc_table(name, t->name, t->id >= 0 ? t->cols[t->id].name : "id", ids, r->scores, n, k);
    for (size_t q = 0; q < o->nk; q++) {
        const Column *c = &t->cols[o->kcols[q]];
        if ((long)o->kcols[q] == t->id) continue;
        if (c->type == COL_NUM) {
            double *v = xmalloc((n ? n : 1) * sizeof *v);
            for (size_t i = 0; i < n; i++) v[i] = c->num[o->rows[i]];
            table_add_num(o1, c->name, NULL, v);
        } else {
            char **v = xcalloc(n ? n : 1, sizeof *v);
            for (size_t i = 0; i < n; i++) v[i] = c->str[o->rows[i]] ? xstrdup(c->str[o->rows[i]]) : NULL;
            table_add_str(o1, c->name, NULL, v);
        }
    }
    table_set_id(o1, 0);
    return o1;
}

/* NAME.variance: pc sdev prop cumulative (every component). */
static Table *variance_table(const char *name, const char *from, const PcaResult *r) {
    Buf pn = {0};
    buf_printf(&pn, "%s.variance", name);
    Table *o3 = table_new(pn.s, from, r->nsdev);
    buf_free(&pn);
    size_t m = r->nsdev;
    double *vc = xmalloc(m * sizeof *vc), *vs = xmalloc(m * sizeof *vs), *vp = xmalloc(m * sizeof *vp),
           *vcum = xmalloc(m * sizeof *vcum);
    for (size_t c = 0; c < m; c++) vc[c] = (double)(c + 1);
    memcpy(vs, r->sdev, m * sizeof *vs);
    memcpy(vp, r->prop, m * sizeof *vp);
    pca_cumulative(r, vcum);
    table_add_num(o3, "pc", NULL, vc);
    table_add_num(o3, "sdev", NULL, vs);
    table_add_num(o3, "prop", NULL, vp);
    table_add_num(o3, "cumulative", NULL, vcum);
    return o3;
}

/* The summary: what was fitted and why scaled, who was left out, the
 * variance table top and what drives the first two components. */
static void pca_print(Session *s, const Table *t, const PcaArgs *o, const char *name, int scaled, int mixed,
                      const char *why, const PcaResult *r, size_t k, const Table *loadings, const Table *var) {
    out_printf(&s->out, "pca %s: %zu patients × %zu features of %s, centred%s (prcomp(x, scale. = %s)); %zu components "
                        "kept\n", name, o->n, o->p, t->name, scaled ? " and scaled to unit variance" : "",
               scaled ? "TRUE" : "FALSE", k);
    if (o->scale < 0 && mixed == 1)
        out_printf(&s->out, "  scaled because %s (scale=no for the raw values, as prcomp's default)\n", why);
    if (o->scale == 0 && mixed == 1)
        rgx_warn(s, "pca: scale=no, but %s: the first components are those features' variance, not the data's "
                    "structure; transform %s SELECTOR zscore, or scale=yes", why, t->name);
    if (scaled) warn_scaled_rounding(s, "pca", t, o->cols, o->p, o->rows, o->n, "(prcomp does the same)");
    size_t nout = t->nrow - o->n;
    if (nout) out_printf(&s->out, "  %zu patient%s with a missing feature left out\n", nout, nout == 1 ? "" : "s");
    if (o->ntext) out_printf(&s->out, "  %zu text column%s skipped\n", o->ntext, o->ntext == 1 ? "" : "s");
    out_puts(&s->out, "  signs: each component's largest loading is positive (prcomp's signs are arbitrary)\n");
    size_t show = r->nsdev < 10 ? r->nsdev : 10, *idx = xmalloc(show * sizeof *idx);
    for (size_t i = 0; i < show; i++) idx[i] = i;
    print_table_digits(s, var, idx, show, NULL, 0, s->digits < 4 ? s->digits : 4);
    free(idx);
    char *const *fn = loadings->cols[0].str;
    for (size_t c = 0; c < k && c < 2; c++) {
        size_t top[3], m = pca_top_loadings(r, c, 3, top);
        out_printf(&s->out, "  PC%zu's largest loadings:", c + 1);
        for (size_t q = 0; q < m; q++) {
            char b[32];
            out_printf(&s->out, "%s %s (%s)", q ? "," : "", fn[top[q]], fmt_num(b, sizeof b, r->rotation[c * o->p + top[q]], 3));
        }
        out_puts(&s->out, "\n");
    }
}

int cmd_pca(Session *s, Args *a) {
    PcaArgs o = {0};
    if (pca_args(s, a, &o)) return 1;
    Table *t = command_table(s, "pca", o.in, a->pos[0]);
    if (!t) return 1;
    int rc = 1;
    PcaResult r = {0};
    Buf why = {0}, pn = {0}, lab = {0};
    if (pca_data(s, t, a->pos[0], &o) < 0) goto done;
    int mixed = scale_rule(t, o.cols, o.p, o.rows, o.n, &why);
    int scaled = o.scale < 0 ? mixed == 1 : o.scale;
    if (pca_run(s, t, &o, scaled, &r) < 0) goto done;
    size_t k = (size_t)o.kwant < r.ncomp ? (size_t)o.kwant : r.ncomp;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "pca");
    Table *o1 = scores_table(name, t, &o, &r, k);
    buf_printf(&pn, "%s.loadings", name);
    char **fn = xcalloc(o.p, sizeof *fn);
    for (size_t j = 0; j < o.p; j++) fn[j] = xstrdup(table_col_label(t, o.cols[j], &lab));
    Table *o2 = pc_table(pn.s, t->name, "feature", fn, r.rotation, o.p, k), *o3 = variance_table(name, t->name, &r);
    pca_print(s, t, &o, name, scaled, mixed, why.s, &r, k, o2, o3);
    Result *res = command_result(a, "pca", o1);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_param(res, "scale", scaled ? "yes" : "no");
    result_add(res, o2);
    result_add(res, o3);
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    pca_free(&r);
    buf_free(&why);
    buf_free(&pn);
    buf_free(&lab);
    pca_args_free(&o);
    return rc;
}
