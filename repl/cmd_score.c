/* cmd_score.c — score: per-patient pathway scores of gene sets in an
 * expression table (GSVA's ssgsea, gsva, zscore and plage; the mean;
 * singscore), one column per set, joinable like any table. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/genesets.h"
#include "repl/progress.h"
#include "stats/gsva.h"

enum { M_SSGSEA, M_GSVA, M_ZSCORE, M_PLAGE, M_MEAN, M_SINGSCORE };   /* method=, in its declared order */
static const char *const MNAME[] = {"ssgsea", "gsva", "zscore", "plage", "mean", "singscore"};

/* Missing or infinite values among the genes: refused, with counts. */
static int check_values(Session *s, const Table *t, const size_t *cols, size_t G) {
    size_t bad = 0, inf = 0, genes = 0;
    StrList first = {0};
    for (size_t k = 0; k < G; k++) {
        const double *x = t->cols[cols[k]].num;
        size_t b = 0;
        for (size_t i = 0; i < t->nrow; i++)
            if (!isfinite(x[i])) { b++; inf += !isnan(x[i]); }
        if (b) {
            bad += b;
            if (genes++ < 5) strlist_add(&first, t->cols[cols[k]].name);
        }
    }
    if (!bad) return 0;
    Buf b = {0};
    join_list(&b, (const char *const *)first.v, first.n, 5);
    if (genes > first.n) buf_puts(&b, ", …");
    rgx_error(s, "score: %s has %zu %s value%s in %zu gene%s (%s); GSVA cannot score them: leave those genes out "
                 "(select %s * maxmissing=0 as %s_complete) or fill them", t->name, bad,
              inf == bad ? "infinite" : inf ? "missing or infinite" : "missing", bad == 1 ? "" : "s", genes,
              genes == 1 ? "" : "s", b.s, t->name, t->name);
    buf_free(&b);
    strlist_free(&first);
    return -1;
}

/* singscore's up/down pairs: a set named STEM_UP (any case) and one named
 * STEM_DN or STEM_DOWN, both used, are scored together as STEM. */
static size_t sing_pairs(const GeneSetMap *m, const unsigned char *use, size_t *sel, long *down, char **label) {
    size_t nu = 0;
    unsigned char *taken = xcalloc(m->nsets ? m->nsets : 1, 1);
    for (size_t i = 0; i < m->nsets; i++) {
        if (!use[i] || taken[i]) continue;
        const char *nm = m->name[i];
        size_t L = strlen(nm);
        long dn = -1;
        if (L > 3 && !strcasecmp(nm + L - 3, "_up"))
            for (size_t q = 0; q < m->nsets && dn < 0; q++) {
                const char *o = m->name[q];
                size_t Lo = strlen(o);
                if (q == i || !use[q] || taken[q] || strncmp(o, nm, L - 3)) continue;
                if ((Lo == L && !strcasecmp(o + L - 3, "_dn")) || (Lo == L + 2 && !strcasecmp(o + L - 3, "_down")))
                    dn = (long)q;
            }
        taken[i] = 1;
        if (dn >= 0) taken[dn] = 1;
        sel[nu] = i;
        down[nu] = dn;
        label[nu++] = dn >= 0 ? xstrndup(nm, L - 3) : xstrdup(nm);
    }
    free(taken);
    return nu;
}

int cmd_score(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    int method = args_get_choice(a, "method", M_SSGSEA, NULL);
    double tau = args_get_double(a, "tau", method == M_GSVA ? 1 : 0.25, 0, 100);
    int norm = args_get_bool(a, "norm", 1);
    int poisson = args_get_choice(a, "kcdf", 0, NULL);
    int mxdiff = args_get_bool(a, "mxdiff", 1);
    int absrank = args_get_bool(a, "absranking", 0);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !in) return args_usage(s, a);
    if (as && !valid_table_name(s, "score", as)) return 1;
    long min, max;
    Table *sets = geneset_arg(s, a, "score", a->pos[0], &min, &max);
    if (!sets || args_failed(s, a)) return 1;
    if (min > max) { rgx_error(s, "score: min=%ld is above max=%ld", min, max); return 1; }
    const char *given[] = {"tau", "norm", "kcdf", "mxdiff", "absranking"};
    static const unsigned char applies[][5] = {{1, 1, 0, 0, 0}, {1, 0, 1, 1, 1}, {0}, {0}, {0}, {0}};
    for (int k = 0; k < 5; k++)
        if (args_opt(a, given[k]) && !applies[method][k]) {
            rgx_error(s, "score: %s= does not apply to method=%s", given[k], MNAME[method]);
            return 1;
        }
    Table *t = session_table(s, in);
    if (!t) return 1;
    if (t->id < 0) { rgx_error(s, "score: %s has no key column (one row per patient, with its ID)", t->name); return 1; }
    size_t *cols;
    long G0 = gene_columns(s, "score", t, args_opt(a, "genes"), &cols);
    if (G0 < 0) return 1;
    size_t G = (size_t)G0, n = t->nrow;
    if (check_values(s, t, cols, G) < 0) { free(cols); return 1; }
    int needs2 = method == M_GSVA || method == M_ZSCORE || method == M_PLAGE;
    if (n < (needs2 ? 2u : 1u)) {
        rgx_error(s, "score: method=%s needs at least %d patients; %s has %zu", MNAME[method], needs2 ? 2 : 1,
                  t->name, n);
        free(cols);
        return 1;
    }
    const double **x = xmalloc(G * sizeof *x);
    const char **names = xmalloc(G * sizeof *names);
    for (size_t k = 0; k < G; k++) { x[k] = t->cols[cols[k]].num; names[k] = t->cols[cols[k]].name; }
    /* GSVA leaves constant genes out of gsva, zscore and plage (before matching) */
    unsigned char *cst = xcalloc(G, 1);
    size_t ncst = gsva_constant(x, G, n, cst);
    if (ncst && needs2) {
        size_t w = 0;
        for (size_t k = 0; k < G; k++)
            if (!cst[k]) { x[w] = x[k]; names[w++] = names[k]; }
        G = w;
    }
    free(cst);
    Buf err = {0};
    GeneSetMap m;
    if (geneset_map(sets, names, G, &m, &err) < 0) {
        rgx_error(s, "score: %s", err.s);
        buf_free(&err);
        free(x); free(names); free(cols);
        return 1;
    }
    char *name = as ? xstrdup(as) : session_new_name(s, "score");
    char nb[32];
    out_data_printf(&s->out, "score %s: %s of the sets of %s in %s (%zu patient%s × %zu genes)\n", name, MNAME[method],
                    sets->name, t->name, n, n == 1 ? "" : "s", G);
    if (ncst)
        out_printf(&s->out, "  %zu gene%s of constant expression %s (as GSVA)\n", ncst, ncst == 1 ? "" : "s",
                   needs2 ? "left out before matching" : "kept");
    Buf where = {0};
    buf_printf(&where, "%s", t->name);
    unsigned char *use = xcalloc(m.nsets ? m.nsets : 1, 1);
    size_t nuse = geneset_use(s, sets->name, where.s, &m, names, G, min, max, use);
    buf_free(&where);
    int rc = 1;
    size_t *sel = xmalloc((m.nsets ? m.nsets : 1) * sizeof *sel);
    long *down = xmalloc((m.nsets ? m.nsets : 1) * sizeof *down);
    char **label = xcalloc(m.nsets ? m.nsets : 1, sizeof *label);
    size_t ncol = 0;
    double *es = NULL;
    if (!nuse) {
        rgx_error(s, "score: no set of %s has %ld to %ld of its genes in %s: nothing to score", sets->name, min, max,
                  t->name);
        goto done;
    }
    if (method == M_SINGSCORE) {
        ncol = sing_pairs(&m, use, sel, down, label);
    } else {
        for (size_t i = 0; i < m.nsets; i++)
            if (use[i]) { sel[ncol] = i; down[ncol] = -1; label[ncol++] = xstrdup(m.name[i]); }
    }
    es = malloc(ncol * n * sizeof *es);
    if (!es) { rgx_error(s, "score: out of memory"); goto done; }
    Progress bar;
    progress_start(&bar, s, "score");
    int src;
    if (method == M_SINGSCORE) {
        src = singscore(x, G, n, &(GsSets){m.nsets, m.start, m.idx}, sel, down, ncol, s->threads, s->cancel, es, NULL,
                        NULL);
    } else {
        /* the sets used, in their order */
        size_t *st = xmalloc((ncol + 1) * sizeof *st), *ix = xmalloc((m.start[m.nsets] + 1) * sizeof *ix), u = 0;
        for (size_t c = 0; c < ncol; c++) {
            st[c] = u;
            for (size_t q = m.start[sel[c]]; q < m.start[sel[c] + 1]; q++) ix[u++] = m.idx[q];
        }
        st[ncol] = u;
        static const GsMethod GM[] = {GS_SSGSEA, GS_GSVA, GS_ZSCORE, GS_PLAGE, GS_MEAN};
        GsvaOpts o = {.method = GM[method], .tau = tau, .norm = norm, .poisson = poisson, .mx_diff = mxdiff,
                      .abs_ranking = absrank, .threads = s->threads, .cancel = s->cancel,
                      .progress = progress_callback, .progress_ctx = &bar};
        src = gsva_scores(x, G, n, &(GsSets){ncol, st, ix}, &o, es);
        free(st);
        free(ix);
    }
    progress_end(&bar);
    if (src == -2 || session_cancelled(s)) { rgx_error(s, "score: interrupted; no result was stored"); goto done; }
    if (src < 0) { rgx_error(s, "score: out of memory"); goto done; }
    /* what was computed, and how */
    switch (method) {
    case M_SSGSEA:
        out_printf(&s->out, "  ssGSEA (Barbie et al. 2009) as GSVA 1.46's gsva(method=\"ssgsea\"): tau=%s, ", fmt_num(nb, sizeof nb, tau, 6));
        if (norm)
            out_printf(&s->out, "ssgsea.norm=TRUE: every score divided by the range of all %zu scores of this run, "
                                "so a score depends on the sets and patients scored with it (norm=no for the raw "
                                "scores)\n", ncol * n);
        else out_puts(&s->out, "ssgsea.norm=FALSE: the raw enrichment scores\n");
        break;
    case M_GSVA:
        out_printf(&s->out, "  GSVA (Hänzelmann et al. 2013) as GSVA 1.46: kcdf=\"%s\" (%s), mx.diff=%s, "
                            "abs.ranking=%s, tau=%s\n", poisson ? "Poisson" : "Gaussian",
                   poisson ? "counts: ppois(y, x + 0.5)" : "bandwidth sd/4, GSVA's tabulated normal CDF",
                   mxdiff ? "TRUE" : "FALSE", absrank ? "TRUE" : "FALSE", fmt_num(nb, sizeof nb, tau, 6));
        break;
    case M_ZSCORE:
        out_puts(&s->out, "  combined z-score (Lee et al. 2008) as GSVA 1.46: each gene standardised over the "
                          "patients, the sum over the set divided by sqrt(genes)\n");
        break;
    case M_PLAGE:
        out_puts(&s->out, "  PLAGE (Tomfohr et al. 2005) as GSVA 1.46: the first right singular vector of the set's "
                          "standardised genes; its sign chosen so that the score rises with the set's mean z-score "
                          "(GSVA leaves the sign to the SVD: a GSVA score may be this one negated)\n");
        break;
    case M_MEAN:
        out_puts(&s->out, "  the mean of the set's genes per patient (no standardisation)\n");
        break;
    case M_SINGSCORE: {
        size_t pairs = 0, partial = 0;
        for (size_t c = 0; c < ncol; c++) {
            pairs += down[c] >= 0;
            partial += m.start[sel[c] + 1] - m.start[sel[c]] < m.total[sel[c]];
            if (down[c] >= 0) partial += m.start[down[c] + 1] - m.start[down[c]] < m.total[down[c]];
        }
        out_printf(&s->out, "  singscore (Foroutan et al. 2018) as singscore's simpleScore: ranks with ties.method="
                            "\"min\", mean rank scaled between its bounds, centred (-0.5); %zu up/down pair%s "
                            "(STEM_UP with STEM_DN or STEM_DOWN, scored as STEM: up + down), %zu set%s alone\n",
                   pairs, pairs == 1 ? "" : "s", ncol - pairs, ncol - pairs == 1 ? "" : "s");
        if (partial)
            out_printf(&s->out, "  %zu set%s miss genes: their bounds use the genes present (singscore uses the "
                                "set's full size, which no longer bounds the score)\n", partial,
                       partial == 1 ? "" : "s");
        break;
    }
    }
    /* the table: the key, then one column per set */
    Table *o = table_new(name, t->name, n);
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) ids[i] = t->cols[t->id].str[i] ? xstrdup(t->cols[t->id].str[i]) : NULL;
    table_add_str(o, t->cols[t->id].name, name, ids);
    table_set_id(o, 0);
    StrMap used = {0};   /* a column name taken (the key, a set, a singscore stem): NAME.2 */
    strmap_put(&used, t->cols[t->id].name, 0, NULL);
    for (size_t c = 0; c < ncol; c++) {
        for (int k = 2; strmap_get(&used, label[c], &(size_t){0}); k++) {
            Buf nn = {0};
            buf_printf(&nn, "%s.%d", label[c], k);
            if (!strmap_get(&used, nn.s, &(size_t){0})) { free(label[c]); label[c] = nn.s; break; }
            buf_free(&nn);
        }
        strmap_put(&used, label[c], c, NULL);
        double *v = xmalloc((n ? n : 1) * sizeof *v);
        memcpy(v, es + c * n, n * sizeof *v);
        table_add_num(o, label[c], name, v);
    }
    strmap_free(&used);
    out_data_printf(&s->out, "  %s: %zu patient%s × %zu set%s (corr FEATURES with %s.* after a join gives the "
                             "feature × pathway map); %s.sets: the genes of each set found\n", name, n,
                    n == 1 ? "" : "s", ncol, ncol == 1 ? "" : "s", name, name);
    Result *res = command_result(a, "score", o);
    result_param(res, "sets", sets->name);
    result_param(res, "method", MNAME[method]);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    result_add(res, geneset_part(name, &m, min, max, use));
    store_unit(s, res);
    rc = 0;
done:
    for (size_t c = 0; c < m.nsets; c++) free(label[c]);
    free(label);
    free(sel);
    free(down);
    free(es);
    free(use);
    free(name);
    geneset_map_free(&m);
    free(x);
    free(names);
    free(cols);
    return rc;
}
