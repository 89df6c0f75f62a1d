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

/* What `score` was asked for. */
typedef struct ScoreArgs {
    const char *in, *as;        /* the keywords */
    int method;                 /* M_… */
    double tau;                 /* tau= */
    int norm, poisson, mxdiff, absrank;   /* norm=, kcdf=poisson, mxdiff=, absranking= */
    long min, max;              /* the set sizes */
    Table *sets;                /* the gene sets (borrowed) */
} ScoreArgs;

/* Parse score's words into o, refusing an option the method does not
 * take.  Returns 0, or 1 after the usage or error. */
static int score_args(Session *s, Args *a, ScoreArgs *o) {
    o->in = args_take_kw(a, "in");
    o->as = args_take_kw(a, "as");
    o->method = args_get_choice(a, "method", M_SSGSEA, NULL);
    o->tau = args_get_double(a, "tau", o->method == M_GSVA ? 1 : 0.25, 0, 100);
    o->norm = args_get_bool(a, "norm", 1);
    o->poisson = args_get_choice(a, "kcdf", 0, NULL);
    o->mxdiff = args_get_bool(a, "mxdiff", 1);
    o->absrank = args_get_bool(a, "absranking", 0);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !o->in) return args_usage(s, a);
    if (o->as && !valid_table_name(s, "score", o->as)) return 1;
    o->sets = geneset_arg(s, a, "score", a->pos[0], &o->min, &o->max);
    if (!o->sets || args_failed(s, a)) return 1;
    if (o->min > o->max) { rgx_error(s, "score: min=%ld is above max=%ld", o->min, o->max); return 1; }
    const char *given[] = {"tau", "norm", "kcdf", "mxdiff", "absranking"};
    static const unsigned char applies[][5] = {{1, 1, 0, 0, 0}, {1, 0, 1, 1, 1}, {0}, {0}, {0}, {0}};
    for (int k = 0; k < 5; k++)
        if (args_opt(a, given[k]) && !applies[o->method][k]) {
            rgx_error(s, "score: %s= does not apply to method=%s", given[k], MNAME[o->method]);
            return 1;
        }
    return 0;
}

/* The genes scored: their values and names (borrowed from t), constant
 * ones left out for gsva, zscore and plage (as GSVA). */
typedef struct ScoreGenes {
    size_t *cols;               /* the gene columns of t (owned) */
    const double **x;           /* G genes' values (array owned) */
    const char **names;         /* their names (array owned) */
    size_t G, n;                /* genes, patients */
    size_t ncst;                /* genes of constant expression */
    int needs2;                 /* the method standardises over patients: 2 at least, constants out */
} ScoreGenes;

static void score_genes_free(ScoreGenes *g) {
    free(g->cols);
    free(g->x);
    free(g->names);
}

/* The genes of expression table t for method o into g.  Returns 0, or -1 after the error. */
static int score_genes(Session *s, Args *a, const Table *t, const ScoreArgs *o, ScoreGenes *g) {
    if (t->id < 0) { rgx_error(s, "score: %s has no key column (one row per patient, with its ID)", t->name); return -1; }
    size_t *cols;
    long G0 = gene_columns(s, "score", t, args_opt(a, "genes"), &cols);
    if (G0 < 0) return -1;   /* cols is not ours then */
    g->cols = cols;
    g->G = (size_t)G0;
    g->n = t->nrow;
    if (check_values(s, t, g->cols, g->G) < 0) return -1;
    g->needs2 = o->method == M_GSVA || o->method == M_ZSCORE || o->method == M_PLAGE;
    if (g->n < (g->needs2 ? 2u : 1u)) {
        rgx_error(s, "score: method=%s needs at least %d patients; %s has %zu", MNAME[o->method], g->needs2 ? 2 : 1,
                  t->name, g->n);
        return -1;
    }
    g->x = xmalloc(g->G * sizeof *g->x);
    g->names = xmalloc(g->G * sizeof *g->names);
    for (size_t k = 0; k < g->G; k++) { g->x[k] = t->cols[g->cols[k]].num; g->names[k] = t->cols[g->cols[k]].name; }
    unsigned char *cst = xcalloc(g->G, 1);
    g->ncst = gsva_constant(g->x, g->G, g->n, cst);
    if (g->ncst && g->needs2) {
        size_t w = 0;
        for (size_t k = 0; k < g->G; k++)
            if (!cst[k]) { g->x[w] = g->x[k]; g->names[w++] = g->names[k]; }
        g->G = w;
    }
    free(cst);
    return 0;
}

/* The columns to score: the sets used, in their order (singscore: an
 * up/down pair as one), each with its down set (-1) and its label. */
typedef struct ScoreCols {
    size_t ncol;                /* columns */
    size_t *sel;                /* their (up) sets (owned) */
    long *down;                 /* their down sets, or -1 (owned) */
    char **label;               /* their names (owned, nsets slots) */
    size_t nslots;              /* slots of label */
} ScoreCols;

static void score_cols_free(ScoreCols *c) {
    for (size_t q = 0; q < c->nslots; q++) free(c->label[q]);
    free(c->label);
    free(c->sel);
    free(c->down);
}

static void score_cols(const GeneSetMap *m, const unsigned char *use, int method, ScoreCols *c) {
    size_t ns = m->nsets ? m->nsets : 1;
    c->nslots = m->nsets;
    c->sel = xmalloc(ns * sizeof *c->sel);
    c->down = xmalloc(ns * sizeof *c->down);
    c->label = xcalloc(ns, sizeof *c->label);
    if (method == M_SINGSCORE) { c->ncol = sing_pairs(m, use, c->sel, c->down, c->label); return; }
    for (size_t i = 0; i < m->nsets; i++)
        if (use[i]) { c->sel[c->ncol] = i; c->down[c->ncol] = -1; c->label[c->ncol++] = xstrdup(m->name[i]); }
}

/* The scores, ncol × n column-major into es (stats/gsva.h).  Returns 0,
 * or -1 after the error. */
static int score_run(Session *s, const ScoreArgs *o, const ScoreGenes *g, const GeneSetMap *m, const ScoreCols *c,
                     double *es) {
    Progress bar;
    progress_start(&bar, s, "score");
    int src;
    if (o->method == M_SINGSCORE) {
        src = singscore(g->x, g->G, g->n, &(GsSets){m->nsets, m->start, m->idx}, c->sel, c->down, c->ncol, s->threads,
                        s->cancel, es, NULL, NULL);
    } else {
        /* the sets used, in their order */
        size_t *st = xmalloc((c->ncol + 1) * sizeof *st), *ix = xmalloc((m->start[m->nsets] + 1) * sizeof *ix), u = 0;
        for (size_t q = 0; q < c->ncol; q++) {
            st[q] = u;
            for (size_t v = m->start[c->sel[q]]; v < m->start[c->sel[q] + 1]; v++) ix[u++] = m->idx[v];
        }
        st[c->ncol] = u;
        static const GsMethod GM[] = {GS_SSGSEA, GS_GSVA, GS_ZSCORE, GS_PLAGE, GS_MEAN};
        GsvaOpts go = {.method = GM[o->method], .tau = o->tau, .norm = o->norm, .poisson = o->poisson,
                       .mx_diff = o->mxdiff, .abs_ranking = o->absrank, .threads = s->threads, .cancel = s->cancel,
                       .progress = progress_callback, .progress_ctx = &bar};
        src = gsva_scores(g->x, g->G, g->n, &(GsSets){c->ncol, st, ix}, &go, es);
        free(st);
        free(ix);
    }
    progress_end(&bar);
    if (src == -2 || session_cancelled(s)) { rgx_error(s, "score: interrupted; no result was stored"); return -1; }
    if (src < 0) { rgx_error(s, "score: out of memory"); return -1; }
    return 0;
}

/* singscore's line: the up/down pairs, and the sets missing genes. */
static void describe_singscore(Session *s, const GeneSetMap *m, const ScoreCols *c) {
    size_t pairs = 0, partial = 0, ncol = c->ncol;
    for (size_t q = 0; q < ncol; q++) {
        pairs += c->down[q] >= 0;
        partial += m->start[c->sel[q] + 1] - m->start[c->sel[q]] < m->total[c->sel[q]];
        if (c->down[q] >= 0) partial += m->start[c->down[q] + 1] - m->start[c->down[q]] < m->total[c->down[q]];
    }
    out_printf(&s->out, "  singscore (Foroutan et al. 2018) as singscore's simpleScore: ranks with ties.method="
                        "\"min\", mean rank scaled between its bounds, centred (-0.5); %zu up/down pair%s "
                        "(STEM_UP with STEM_DN or STEM_DOWN, scored as STEM: up + down), %zu set%s alone\n",
               pairs, pairs == 1 ? "" : "s", ncol - pairs, ncol - pairs == 1 ? "" : "s");
    if (partial)
        out_printf(&s->out, "  %zu set%s miss genes: their bounds use the genes present (singscore uses the "
                            "set's full size, which no longer bounds the score)\n", partial, partial == 1 ? "" : "s");
}

/* What was computed, and how: one line (or two) per method. */
static void describe_method(Session *s, const ScoreArgs *o, const GeneSetMap *m, const ScoreCols *c, size_t n) {
    char nb[32];
    switch (o->method) {
    case M_SSGSEA:
        out_printf(&s->out, "  ssGSEA (Barbie et al. 2009) as GSVA 1.46's gsva(method=\"ssgsea\"): tau=%s, ",
                   fmt_num(nb, sizeof nb, o->tau, 6));
        if (o->norm)
            out_printf(&s->out, "ssgsea.norm=TRUE: every score divided by the range of all %zu scores of this run, "
                                "so a score depends on the sets and patients scored with it (norm=no for the raw "
                                "scores)\n", c->ncol * n);
        else out_puts(&s->out, "ssgsea.norm=FALSE: the raw enrichment scores\n");
        break;
    case M_GSVA:
        out_printf(&s->out, "  GSVA (Hänzelmann et al. 2013) as GSVA 1.46: kcdf=\"%s\" (%s), mx.diff=%s, "
                            "abs.ranking=%s, tau=%s\n", o->poisson ? "Poisson" : "Gaussian",
                   o->poisson ? "counts: ppois(y, x + 0.5)" : "bandwidth sd/4, GSVA's tabulated normal CDF",
                   o->mxdiff ? "TRUE" : "FALSE", o->absrank ? "TRUE" : "FALSE", fmt_num(nb, sizeof nb, o->tau, 6));
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
    case M_MEAN: out_puts(&s->out, "  the mean of the set's genes per patient (no standardisation)\n"); break;
    case M_SINGSCORE: describe_singscore(s, m, c); break;
    }
}

/* NAME: the key of t, then one column per scored set (es: ncol × n,
 * copied); a label already taken (the key, a set, a singscore stem)
 * becomes LABEL.2, LABEL.3… (c's labels renamed so). */
static Table *score_table(const char *name, const Table *t, ScoreCols *c, const double *es, size_t n) {
    Table *o = table_new(name, t->name, n);
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) ids[i] = t->cols[t->id].str[i] ? xstrdup(t->cols[t->id].str[i]) : NULL;
    table_add_str(o, t->cols[t->id].name, name, ids);
    table_set_id(o, 0);
    StrMap used = {0};
    strmap_put(&used, t->cols[t->id].name, 0, NULL);
    for (size_t q = 0; q < c->ncol; q++) {
        for (int k = 2; strmap_get(&used, c->label[q], &(size_t){0}); k++) {
            Buf nn = {0};
            buf_printf(&nn, "%s.%d", c->label[q], k);
            if (!strmap_get(&used, nn.s, &(size_t){0})) { free(c->label[q]); c->label[q] = nn.s; break; }
            buf_free(&nn);
        }
        strmap_put(&used, c->label[q], q, NULL);
        double *v = xmalloc((n ? n : 1) * sizeof *v);
        memcpy(v, es + q * n, n * sizeof *v);
        table_add_num(o, c->label[q], name, v);
    }
    strmap_free(&used);
    return o;
}

/* The sets met the genes: the map, which are used, the columns to score.
 * Returns 0, or -1 after the error (m and c to be freed either way). */
static int score_sets(Session *s, const ScoreArgs *o, const Table *t, const ScoreGenes *g, const char *name,
                      GeneSetMap *m, unsigned char **use, ScoreCols *c) {
    Buf err = {0};
    if (geneset_map(o->sets, g->names, g->G, m, &err) < 0) {
        rgx_error(s, "score: %s", err.s);
        buf_free(&err);
        return -1;
    }
    out_data_printf(&s->out, "score %s: %s of the sets of %s in %s (%zu patient%s × %zu genes)\n", name,
                    MNAME[o->method], o->sets->name, t->name, g->n, g->n == 1 ? "" : "s", g->G);
    if (g->ncst)
        out_printf(&s->out, "  %zu gene%s of constant expression %s (as GSVA)\n", g->ncst, g->ncst == 1 ? "" : "s",
                   g->needs2 ? "left out before matching" : "kept");
    *use = xcalloc(m->nsets ? m->nsets : 1, 1);
    size_t nuse = geneset_use(s, o->sets->name, t->name, m, g->names, g->G, o->min, o->max, *use);
    score_cols(m, *use, o->method, c);
    if (nuse) return 0;
    rgx_error(s, "score: no set of %s has %ld to %ld of its genes in %s: nothing to score", o->sets->name, o->min,
              o->max, t->name);
    return -1;
}

int cmd_score(Session *s, Args *a) {
    ScoreArgs o = {0};
    if (score_args(s, a, &o)) return 1;
    Table *t = session_table(s, o.in);
    if (!t) return 1;
    ScoreGenes g = {0};
    GeneSetMap m = {0};
    ScoreCols c = {0};
    unsigned char *use = NULL;
    double *es = NULL;
    char *name = NULL;
    int rc = 1;
    if (score_genes(s, a, t, &o, &g) < 0) goto done;
    name = o.as ? xstrdup(o.as) : session_new_name(s, "score");
    if (score_sets(s, &o, t, &g, name, &m, &use, &c) < 0) goto done;
    if (!(es = malloc(c.ncol * g.n * sizeof *es))) { rgx_error(s, "score: out of memory"); goto done; }
    if (score_run(s, &o, &g, &m, &c, es) < 0) goto done;
    describe_method(s, &o, &m, &c, g.n);
    Table *top = score_table(name, t, &c, es, g.n);
    out_data_printf(&s->out, "  %s: %zu patient%s × %zu set%s (corr FEATURES with %s.* after a join gives the "
                             "feature × pathway map); %s.sets: the genes of each set found\n", name, g.n,
                    g.n == 1 ? "" : "s", c.ncol, c.ncol == 1 ? "" : "s", name, name);
    Result *res = command_result(a, "score", top);
    result_param(res, "sets", o.sets->name);
    result_param(res, "method", MNAME[o.method]);
    result_paramf(res, "min", "%ld", o.min);
    result_paramf(res, "max", "%ld", o.max);
    result_add(res, geneset_part(name, &m, o.min, o.max, use));
    store_unit(s, res);
    rc = 0;
done:
    score_cols_free(&c);
    free(es);
    free(use);
    free(name);
    geneset_map_free(&m);
    score_genes_free(&g);
    return rc;
}
