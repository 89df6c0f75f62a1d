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

int cmd_pca(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as"), *keep = args_opt(a, "keep");
    int scale = args_opt(a, "scale") ? args_get_bool(a, "scale", 0) : -1;   /* -1: the scale rule decides */
    long kwant = args_get_int(a, "k", 5, 1, 1000);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    if (as && !valid_table_name(s, "pca", as)) return 1;
    Table *t = command_table(s, "pca", in, a->pos[0]);
    if (!t) return 1;
    size_t *cols, *kcols = NULL, nk = 0;
    long nc = command_columns(s, "pca", t, a->pos[0], &cols);
    if (nc < 0) return 1;
    if (keep) {
        long r = command_columns(s, "pca", t, keep, &kcols);
        if (r < 0) { free(cols); return 1; }
        nk = (size_t)r;
    }
    size_t p = 0, ntext = 0;
    for (long k = 0; k < nc; k++) {
        if ((long)cols[k] == t->id) continue;
        if (t->cols[cols[k]].type != COL_NUM) { ntext++; continue; }
        cols[p++] = cols[k];
    }
    size_t n = 0, *rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows);
    for (size_t i = 0; i < t->nrow; i++) {
        int ok = 1;
        for (size_t j = 0; j < p && ok; j++) ok = isfinite(t->cols[cols[j]].num[i]);
        if (ok) rows[n++] = i;
    }
    int rc = 1;
    PcaResult r = {0};
    Buf why = {0};
    if (p < 2) { rgx_error(s, "pca: %s selects %zu numeric column%s; PCA needs two or more", a->pos[0], p, p == 1 ? "" : "s"); goto done; }
    if (n < 2) { rgx_error(s, "pca: %zu patient%s with every feature present; PCA needs two or more", n, n == 1 ? "" : "s"); goto done; }
    int mixed = scale_rule(t, cols, p, rows, n, &why);
    int scaled = scale < 0 ? mixed == 1 : scale;
    double **X = xmalloc(p * sizeof *X);
    for (size_t j = 0; j < p; j++) {
        X[j] = xmalloc(n * sizeof *X[j]);
        for (size_t i = 0; i < n; i++) X[j][i] = t->cols[cols[j]].num[rows[i]];
    }
    PcaOpts o = {.center = 1, .scale = scaled, .threads = s->threads, .cancel = s->cancel};
    int pr = pca_fit((const double *const *)X, n, p, &o, &r);
    for (size_t j = 0; j < p; j++) free(X[j]);
    free(X);
    if (pr < 0) {
        Buf lab = {0};
        if (pr == -4)
            rgx_error(s, "pca: %s is constant over the %zu patients: it cannot be scaled to unit variance (as prcomp); drop "
                         "it (select … dropconstant=yes) or scale=no", table_col_label(t, cols[r.bad_col], &lab), n);
        else if (pr == -2) rgx_error(s, "pca: interrupted; no result was stored");
        else rgx_error(s, "pca: out of memory (%zu patients × %zu features)", n, p);
        buf_free(&lab);
        goto done;
    }
    size_t k = (size_t)kwant < r.ncomp ? (size_t)kwant : r.ncomp;
    char *name = as ? xstrdup(as) : session_new_name(s, "pca");
    /* NAME: the scores, keyed by patient, with the keep= columns */
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        const char *id = t->id >= 0 ? t->cols[t->id].str[rows[i]] : NULL;
        char tmp[32];
        if (!id) { snprintf(tmp, sizeof tmp, "row%zu", rows[i] + 1); id = tmp; }
        ids[i] = xstrdup(id);
    }
    Table *o1 = pc_table(name, t->name, t->id >= 0 ? t->cols[t->id].name : "id", ids, r.scores, n, k);
    for (size_t q = 0; q < nk; q++) {
        const Column *c = &t->cols[kcols[q]];
        if ((long)kcols[q] == t->id) continue;
        if (c->type == COL_NUM) {
            double *v = xmalloc((n ? n : 1) * sizeof *v);
            for (size_t i = 0; i < n; i++) v[i] = c->num[rows[i]];
            table_add_num(o1, c->name, NULL, v);
        } else {
            char **v = xcalloc(n ? n : 1, sizeof *v);
            for (size_t i = 0; i < n; i++) v[i] = c->str[rows[i]] ? xstrdup(c->str[rows[i]]) : NULL;
            table_add_str(o1, c->name, NULL, v);
        }
    }
    table_set_id(o1, 0);
    /* NAME.loadings: feature PC1… ; NAME.variance: pc sdev prop cumulative */
    Buf pn = {0}, lab = {0};
    buf_printf(&pn, "%s.loadings", name);
    char **fn = xcalloc(p, sizeof *fn);
    for (size_t j = 0; j < p; j++) fn[j] = xstrdup(table_col_label(t, cols[j], &lab));
    Table *o2 = pc_table(pn.s, t->name, "feature", fn, r.rotation, p, k);
    pn.len = 0;
    buf_printf(&pn, "%s.variance", name);
    Table *o3 = table_new(pn.s, t->name, r.nsdev);
    double *vc = xmalloc(r.nsdev * sizeof *vc), *vs = xmalloc(r.nsdev * sizeof *vs), *vp = xmalloc(r.nsdev * sizeof *vp),
           *vcum = xmalloc(r.nsdev * sizeof *vcum), cum = 0;
    for (size_t c = 0; c < r.nsdev; c++) {
        vc[c] = (double)(c + 1);
        vs[c] = r.sdev[c];
        vp[c] = r.prop[c];
        vcum[c] = (cum += r.prop[c]);
    }
    table_add_num(o3, "pc", NULL, vc);
    table_add_num(o3, "sdev", NULL, vs);
    table_add_num(o3, "prop", NULL, vp);
    table_add_num(o3, "cumulative", NULL, vcum);
    out_printf(&s->out, "pca %s: %zu patients × %zu features of %s, centred%s (prcomp(x, scale. = %s)); %zu components "
                        "kept\n", name, n, p, t->name, scaled ? " and scaled to unit variance" : "",
               scaled ? "TRUE" : "FALSE", k);
    if (scale < 0 && mixed == 1)
        out_printf(&s->out, "  scaled because %s (scale=no for the raw values, as prcomp's default)\n", why.s);
    if (scale == 0 && mixed == 1)
        rgx_warn(s, "pca: scale=no, but %s: the first components are those features' variance, not the data's "
                    "structure; transform %s SELECTOR zscore, or scale=yes", why.s, t->name);
    if (n < t->nrow)
        out_printf(&s->out, "  %zu patient%s with a missing feature left out\n", t->nrow - n, t->nrow - n == 1 ? "" : "s");
    if (ntext) out_printf(&s->out, "  %zu text column%s skipped\n", ntext, ntext == 1 ? "" : "s");
    out_puts(&s->out, "  signs: each component's largest loading is positive (prcomp's signs are arbitrary)\n");
    size_t show = r.nsdev < 10 ? r.nsdev : 10, *idx = xmalloc(show * sizeof *idx);
    for (size_t i = 0; i < show; i++) idx[i] = i;
    print_table_digits(s, o3, idx, show, NULL, 0, s->digits < 4 ? s->digits : 4);
    free(idx);
    /* what drives the first two components */
    for (size_t c = 0; c < k && c < 2; c++) {
        out_printf(&s->out, "  PC%zu's largest loadings:", c + 1);
        unsigned char *used = xcalloc(p, 1);
        for (size_t m = 0; m < 3 && m < p; m++) {
            size_t best = 0;
            double bv = -1;
            for (size_t j = 0; j < p; j++)
                if (!used[j] && fabs(r.rotation[c * p + j]) > bv) { bv = fabs(r.rotation[c * p + j]); best = j; }
            used[best] = 1;
            char b[32];
            out_printf(&s->out, "%s %s (%s)", m ? "," : "", fn[best], fmt_num(b, sizeof b, r.rotation[c * p + best], 3));
        }
        free(used);
        out_puts(&s->out, "\n");
    }
    buf_free(&lab);
    Result *res = command_result(a, "pca", o1);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_param(res, "scale", scaled ? "yes" : "no");
    result_add(res, o2);
    result_add(res, o3);
    store_unit(s, res);
    buf_free(&pn);
    free(name);
    rc = 0;
done:
    pca_free(&r);
    buf_free(&why);
    free(rows);
    free(cols);
    free(kcols);
    return rc;
}
