/* genesets.c — see genesets.h: load genesets and what score and enrich
 * share. */
#include "repl/genesets.h"
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/format.h"

/* Sets named in a list: at most this many. */
#define NAMES_SHOWN 5

int load_genesets_kind(Session *s, Args *a, const char *path, const char *name, Progress *bar) {
    long min = args_get_int(a, "min", GS_MIN_DEFAULT, 1, 1000000000L);
    long max = args_get_int(a, "max", GS_MAX_DEFAULT, 1, 1000000000L);
    if (args_failed(s, a)) return 1;
    if (min > max) { rgx_error(s, "load genesets: min=%ld is above max=%ld", min, max); return 1; }
    GmtReport rep;
    Buf err = {0};
    Table *t = gmt_load(path, name, &rep, &err);
    progress_end(bar);
    if (!t) {
        for (size_t i = 0; i < rep.warnings.n; i++) rgx_warn(s, "%s:%s", path, rep.warnings.v[i]);
        rgx_error(s, "load genesets: %s", err.s ? err.s : "failed");
        gmt_report_free(&rep);
        buf_free(&err);
        return 1;
    }
    /* distinct genes, and the sets outside min..max before matching */
    StrMap all = {0};
    StrList genes = {0};
    size_t below = 0, above = 0;
    long jn = table_find(t, "n_genes");
    for (size_t i = 0; i < t->nrow; i++) {
        size_t from = genes.n;
        geneset_genes(t, i, &genes);
        for (size_t k = from; k < genes.n; k++) strmap_put(&all, genes.v[k], k, NULL);
        double ng = t->cols[jn].num[i];
        below += ng < (double)min;
        above += ng > (double)max;
    }
    out_data_printf(&s->out, "loaded %s as %s: %zu gene set%s of %zu to %zu genes (%zu distinct genes%s)\n", path,
                    name, rep.sets, rep.sets == 1 ? "" : "s", rep.min_size, rep.max_size, all.n,
                    rep.gzip ? "; gzip" : "");
    if (rep.dup_genes)
        out_data_printf(&s->out, "  %zu gene%s repeated within %zu set%s dropped (the first: %s)\n", rep.dup_genes,
                        rep.dup_genes == 1 ? "" : "s", rep.dup_gene_sets, rep.dup_gene_sets == 1 ? "" : "s",
                        rep.dup_first);
    if (rep.weights)
        out_printf(&s->out, "  %zu gene%s written GENE,WEIGHT (Enrichr): the weights were dropped\n", rep.weights,
                   rep.weights == 1 ? "" : "s");
    if (rep.dup_names)
        out_printf(&s->out, "  %zu set%s repeat an earlier set's name (see the warnings)\n", rep.dup_names,
                   rep.dup_names == 1 ? "" : "s");
    if (rep.malformed)
        out_printf(&s->out, "  %zu line%s that hold no gene set left out (see the warnings)\n", rep.malformed,
                   rep.malformed == 1 ? "" : "s");
    if (rep.spaced) {
        Buf b = {0};
        for (size_t i = 0; i < rep.spaced_first.n; i++) buf_printf(&b, "%s'%s'", i ? ", " : "", rep.spaced_first.v[i]);
        out_data_printf(&s->out, "  %zu entr%s holding a space left out (no gene symbol or ID has one: %s%s)\n",
                        rep.spaced, rep.spaced == 1 ? "y" : "ies", b.s, rep.spaced > rep.spaced_first.n ? ", …" : "");
        buf_free(&b);
    }
    out_printf(&s->out, "  min=%ld max=%ld: score and enrich use the sets with %ld to %ld of their genes in the "
                        "expression table (GSVA's min.sz and max.sz, applied after matching)", min, max, min, max);
    if (below || above) {
        out_puts(&s->out, ";");
        if (below) out_printf(&s->out, " %zu set%s have fewer than %ld genes in all", below, below == 1 ? "" : "s", min);
        if (below && above) out_puts(&s->out, ",");
        if (above) out_printf(&s->out, " %zu set%s have more than %ld", above, above == 1 ? "" : "s", max);
    }
    out_puts(&s->out, "\n");
    for (size_t i = 0; i < rep.warnings.n; i++) rgx_warn(s, "%s:%s", path, rep.warnings.v[i]);
    if (rep.malformed + rep.dup_names > rep.warnings.n)
        rgx_warn(s, "%s: %zu more problem%s of these kinds not listed", path, rep.malformed + rep.dup_names - rep.warnings.n,
                 rep.malformed + rep.dup_names - rep.warnings.n == 1 ? "" : "s");
    strmap_free(&all);
    strlist_free(&genes);
    gmt_report_free(&rep);
    buf_free(&err);
    Result *res = command_result(a, "genesets", t);
    result_param(res, "file", path);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    store_unit(s, res);
    return 0;
}

Table *geneset_arg(Session *s, Args *a, const char *cmd, const char *name, long *min, long *max) {
    Table *t = session_table(s, name);
    if (!t) return NULL;
    if (!geneset_table(t)) {
        rgx_error(s, "%s: %s is not a gene-set table (it needs the text columns set and genes: load genesets "
                     "FILE.gmt as NAME)", cmd, name);
        return NULL;
    }
    long dmin = GS_MIN_DEFAULT, dmax = GS_MAX_DEFAULT;
    Result *r = session_result(s, name);
    if (r && !strcmp(r->kind, "genesets")) {
        const char *v;
        if ((v = result_get_param(r, "min"))) dmin = atol(v);
        if ((v = result_get_param(r, "max"))) dmax = atol(v);
    }
    *min = args_get_int(a, "min", dmin, 1, 1000000000L);
    *max = args_get_int(a, "max", dmax, 1, 1000000000L);
    return t;
}

long gene_columns(Session *s, const char *cmd, const Table *t, const char *selector, size_t **cols) {
    long n = command_columns(s, cmd, t, selector, cols);
    if (n < 0) return -1;
    size_t w = 0;
    for (long k = 0; k < n; k++) {
        const Column *c = &t->cols[(*cols)[k]];
        if (c->type == COL_NUM) (*cols)[w++] = (*cols)[k];
    }
    if (!selector) {   /* one origin, or say which */
        StrList o = {0};
        size_t *cnt = xcalloc(w ? w : 1, sizeof *cnt), best = 0;
        for (size_t k = 0; k < w; k++) {
            const char *og = t->cols[(*cols)[k]].origin ? t->cols[(*cols)[k]].origin : "";
            size_t q = 0;
            while (q < o.n && strcmp(o.v[q], og)) q++;
            if (q == o.n) strlist_add(&o, og);
            if (++cnt[q] > cnt[best]) best = q;
        }
        if (o.n > 1) {
            Buf b = {0};
            join_list(&b, (const char *const *)o.v, o.n, 6);
            rgx_error(s, "%s: %s holds numeric columns of %zu tables (%s): say which are the genes, e.g. genes=%s.*",
                      cmd, t->name, o.n, b.s, o.v[best]);
            buf_free(&b);
        }
        free(cnt);
        int many = o.n > 1;
        strlist_free(&o);
        if (many) { free(*cols); return -1; }
    }
    if (!w) {
        rgx_error(s, "%s: %s has no numeric gene columns%s", cmd, t->name, selector ? " in genes=" : "");
        free(*cols);
        return -1;
    }
    return (long)w;
}

static int all_digits(const char *s) {
    if (!*s) return 0;
    for (; *s; s++) if (!isdigit((unsigned char)*s)) return 0;
    return 1;
}

static int cmp_size(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

size_t geneset_use(Session *s, const char *sets_name, const char *where, const GeneSetMap *m,
                   const char *const *names, size_t n, long min, long max, unsigned char *use) {
    size_t used = 0, found = 0, ci = 0, ns = m->nsets;
    size_t *pres = xmalloc((ns ? ns : 1) * sizeof *pres);
    StrList low = {0}, high = {0};
    for (size_t i = 0; i < ns; i++) {
        size_t k = m->start[i + 1] - m->start[i];
        pres[i] = k;
        found += k;
        ci += m->ci[i];
        use[i] = (long)k >= min && (long)k <= max;
        used += use[i];
        if ((long)k < min) strlist_addf(&low, "%s (%zu of %zu)", m->name[i], k, m->total[i]);
        else if ((long)k > max) strlist_addf(&high, "%s (%zu of %zu)", m->name[i], k, m->total[i]);
    }
    qsort(pres, ns, sizeof *pres, cmp_size);
    out_data_printf(&s->out, "  genes of each set in %s: %zu to %zu (median %g); %zu of the %zu distinct genes of the "
                             "sets\n", where, ns ? pres[0] : 0, ns ? pres[ns - 1] : 0,
                    ns ? (ns % 2 ? (double)pres[ns / 2] : ((double)pres[ns / 2 - 1] + (double)pres[ns / 2]) / 2) : 0,
                    m->nfound, m->ndistinct);
    Buf b = {0};
    if (low.n) {
        join_list(&b, (const char *const *)low.v, low.n, NAMES_SHOWN);
        out_data_printf(&s->out, "  %zu set%s with fewer than min=%ld genes in %s left out: %s\n", low.n,
                        low.n == 1 ? "" : "s", min, where, b.s);
    }
    if (high.n) {
        b.len = 0;
        if (b.s) b.s[0] = '\0';
        join_list(&b, (const char *const *)high.v, high.n, NAMES_SHOWN);
        out_data_printf(&s->out, "  %zu set%s with more than max=%ld genes in %s left out: %s\n", high.n,
                        high.n == 1 ? "" : "s", max, where, b.s);
    }
    buf_free(&b);
    if ((ci - found) * 10 > found)   /* more than a tenth more: worth saying */
        out_data_printf(&s->out, "  note: %zu more genes of %s match when case is ignored; genes are matched "
                                 "case-sensitively, as MSigDB writes them (human symbols upper case, EGFR; mouse "
                                 "capitalised, Egfr): use sets of the expression's species and spelling\n",
                        ci - found, sets_name);
    size_t tnum = 0;
    for (size_t i = 0; i < n; i++) tnum += names[i] && all_digits(names[i]);
    if (m->ngenes && n && found * 10 < m->ngenes) {
        if (m->nnumeric * 10 > m->ngenes * 9 && tnum * 10 < n)
            out_data_printf(&s->out, "  note: the genes of %s are Entrez IDs and those of %s symbols: use sets "
                                     "written in symbols (MSigDB's *.symbols.gmt)\n", sets_name, where);
        else if (m->nnumeric * 10 < m->ngenes && tnum * 10 > n * 9)
            out_data_printf(&s->out, "  note: the genes of %s are symbols and those of %s Entrez IDs: use sets "
                                     "written in Entrez IDs (MSigDB's *.entrez.gmt)\n", sets_name, where);
    }
    strlist_free(&low);
    strlist_free(&high);
    free(pres);
    return used;
}

Table *geneset_part(const char *name, const GeneSetMap *m, long min, long max, const unsigned char *use) {
    Buf pn = {0};
    buf_printf(&pn, "%s.sets", name);
    size_t ns = m->nsets;
    Table *p = table_new(pn.s, name, ns);
    char **set = xcalloc(ns ? ns : 1, sizeof *set), **u = xcalloc(ns ? ns : 1, sizeof *u);
    double *tot = xmalloc((ns ? ns : 1) * sizeof *tot), *pr = xmalloc((ns ? ns : 1) * sizeof *pr);
    for (size_t i = 0; i < ns; i++) {
        size_t k = m->start[i + 1] - m->start[i];
        set[i] = xstrdup(m->name[i]);
        tot[i] = (double)m->total[i];
        pr[i] = (double)k;
        u[i] = xstrdup(use[i] ? "yes" : (long)k < min ? "below min" : (long)k > max ? "above max" : "no");
    }
    table_add_str(p, "set", pn.s, set);
    table_add_num(p, "n_genes", pn.s, tot);
    table_add_num(p, "present", pn.s, pr);
    table_add_str(p, "used", pn.s, u);
    table_set_id(p, 0);
    buf_free(&pn);
    return p;
}
