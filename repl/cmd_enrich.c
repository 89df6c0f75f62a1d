/* cmd_enrich.c — enrich: over-representation of a gene list in gene sets
 * (the hypergeometric test), or preranked GSEA of the genes of a corr
 * result ranked by their r with one feature. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/genesets.h"
#include "repl/progress.h"
#include "stats/enrich.h"
#include "stats/padjust.h"

/* ---- the gene list: a text column, a file, or a comma list ------------ */

/* GENES as a text column T.col of a session table; 1 when it is one (genes
 * added to out), 0 when it is not, -1 after an error. */
static int genes_from_column(Session *s, const char *ref, StrList *out, Buf *what) {
    for (const char *dot = strchr(ref, '.'); dot; dot = strchr(dot + 1, '.')) {
        char *pre = xstrndup(ref, (size_t)(dot - ref));
        Table *t = session_find(s, pre);
        free(pre);
        if (!t) continue;
        long j = table_find(t, dot + 1);
        if (j < 0) continue;
        if (t->cols[j].type != COL_STR) {
            rgx_error(s, "enrich: %s is a numeric column; GENES must be gene names (a text column, a file with one "
                         "gene per line, or a comma list)", ref);
            return -1;
        }
        for (size_t i = 0; i < t->nrow; i++)
            if (t->cols[j].str[i] && *t->cols[j].str[i]) strlist_add(out, t->cols[j].str[i]);
        buf_printf(what, "the column %s", ref);
        return 1;
    }
    return 0;
}

/* GENES as a file of one gene per line (the first word of each; blank and
 * '#' lines skipped); 1 when read, 0 when no such file, -1 after an error. */
static int genes_from_file(Session *s, const char *path, StrList *out, Buf *what) {
    struct stat st;
    if (stat(path, &st) != 0) return 0;
    if (S_ISDIR(st.st_mode)) { rgx_error(s, "enrich: %s is a directory, not a gene list", path); return -1; }
    FILE *f = fopen(path, "r");
    if (!f) { rgx_error(s, "enrich: cannot open %s", path); return -1; }
    Buf line = {0};
    int ch;
    long ln = 0;
    for (;;) {
        ch = fgetc(f);
        if (ch == '\0') {
            rgx_error(s, "enrich: %s:%ld: contains a NUL byte: not a gene list", path, ln + 1);
            fclose(f);
            buf_free(&line);
            return -1;
        }
        if (ch != EOF && ch != '\n' && ch != '\r') { char c = (char)ch; buf_add(&line, &c, 1); continue; }
        ln++;
        if (line.len) {
            char *p = line.s;
            while (*p == ' ' || *p == '\t' || *p == '\xEF' || *p == '\xBB' || *p == '\xBF') p++;   /* BOM, blanks */
            size_t w = strcspn(p, " \t,;");
            if (w && *p != '#') {
                char *g = xstrndup(p, w);
                strlist_add(out, g);
                free(g);
            }
            line.len = 0;
            line.s[0] = '\0';
        }
        if (ch == EOF) break;
    }
    fclose(f);
    buf_free(&line);
    buf_printf(what, "%s", path);
    return 1;
}

/* The distinct genes of GENES, in their order. */
static int read_genes(Session *s, const char *arg, StrList *genes, Buf *what) {
    StrList raw = {0};
    int rc = genes_from_column(s, arg, &raw, what);
    if (!rc) rc = genes_from_file(s, arg, &raw, what);
    if (!rc) {
        if (strchr(arg, '/') || ends_with_ci(arg, ".txt") || ends_with_ci(arg, ".tsv") || ends_with_ci(arg, ".csv") ||
            ends_with_ci(arg, ".gz")) {
            rgx_error(s, "enrich: no file %s (GENES is a text column T.COL, a file with one gene per line, or a "
                         "comma list)", arg);
            return -1;
        }
        char *copy = xstrdup(arg);
        for (char *save = NULL, *g = strtok_r(copy, ",", &save); g; g = strtok_r(NULL, ",", &save))
            if (*g) strlist_add(&raw, g);
        free(copy);
        buf_printf(what, "the list");
        rc = 1;
    }
    if (rc < 0) { strlist_free(&raw); return -1; }
    StrMap seen = {0};
    for (size_t i = 0; i < raw.n; i++)
        if (strmap_put(&seen, raw.v[i], i, NULL) == 1) strlist_add(genes, raw.v[i]);
    strmap_free(&seen);
    strlist_free(&raw);
    if (!genes->n) { rgx_error(s, "enrich: %s holds no genes", what->s); return -1; }
    return 0;
}

/* ---- results ---------------------------------------------------------- */

typedef struct Row {
    size_t set;         /* index into the map */
    double p;
    double tie;         /* second key: -|NES| (gsea) or 0 */
} Row;

static int cmp_row(const void *a, const void *b) {
    const Row *x = a, *y = b;
    int c = cmp_pvalue(x->p, y->p);
    if (c) return c;
    if (x->tie != y->tie) return x->tie < y->tie ? -1 : 1;
    return (x->set > y->set) - (x->set < y->set);
}

/* q < 0.05 count */
static size_t nsig(const double *q, size_t n) {
    size_t k = 0;
    for (size_t i = 0; i < n; i++) k += q[i] < 0.05;
    return k;
}

/* ---- over-representation ------------------------------------------------ */

static int enrich_ora(Session *s, Args *a, Table *sets, long min, long max, const char *in, const char *as) {
    StrList genes = {0}, uni = {0};
    Buf what = {0};
    if (read_genes(s, a->pos[0], &genes, &what) < 0) { buf_free(&what); return 1; }
    Table *t = NULL;
    int rc = 1;
    char *name = NULL;
    GeneSetMap m = {0};
    unsigned char *use = NULL, *inq = NULL;
    if (in) {
        if (!(t = session_table(s, in))) goto out;
        size_t *cols;
        long G = gene_columns(s, "enrich", t, args_opt(a, "genes"), &cols);
        if (G < 0) goto out;
        for (long k = 0; k < G; k++) strlist_add(&uni, t->cols[cols[k]].name);
        free(cols);
    } else {   /* every gene of the sets */
        StrMap seen = {0};
        StrList all = {0};
        for (size_t i = 0; i < sets->nrow; i++) geneset_genes(sets, i, &all);
        for (size_t i = 0; i < all.n; i++)
            if (strmap_put(&seen, all.v[i], i, NULL) == 1) strlist_add(&uni, all.v[i]);
        strmap_free(&seen);
        strlist_free(&all);
    }
    /* the query within the universe */
    StrMap um = {0};
    for (size_t i = 0; i < uni.n; i++) strmap_put(&um, uni.v[i], i, NULL);
    inq = xcalloc(uni.n ? uni.n : 1, 1);
    StrList outside = {0};
    size_t nq = 0;
    for (size_t i = 0; i < genes.n; i++) {   /* a corr label origin.GENE is GENE */
        size_t at;
        const char *dot = strchr(genes.v[i], '.');
        if (strmap_get(&um, genes.v[i], &at) || (dot && dot[1] && strmap_get(&um, dot + 1, &at))) {
            if (!inq[at]) nq++;
            inq[at] = 1;
        } else {
            strlist_add(&outside, genes.v[i]);
        }
    }
    strmap_free(&um);
    Buf err = {0};
    if (geneset_map(sets, (const char *const *)uni.v, uni.n, &m, &err) < 0) {
        rgx_error(s, "enrich: %s", err.s);
        buf_free(&err);
        strlist_free(&outside);
        goto out;
    }
    if (!nq) {
        Buf b = {0};
        join_list(&b, (const char *const *)outside.v, outside.n, 5);
        rgx_error(s, "enrich: none of the genes of %s (%s) is in the universe, the %zu genes of %s%s", what.s, b.s,
                  uni.n, t ? t->name : "the sets of ", t ? " (are they the same kind of ID, symbols or Entrez?)"
                                                        : sets->name);
        buf_free(&b);
        strlist_free(&outside);
        goto out;
    }
    name = as ? xstrdup(as) : session_new_name(s, "enrich");
    out_data_printf(&s->out, "enrich %s: over-representation of the %zu genes of %s in the sets of %s (hypergeometric "
                             "upper tail: phyper(k - 1, M, N - M, n, lower.tail = FALSE))\n", name, genes.n, what.s,
                    sets->name);
    if (t) out_data_printf(&s->out, "  universe: the %zu genes of %s (N)\n", uni.n, t->name);
    else out_data_printf(&s->out, "  universe: the %zu genes of the sets of %s (N; `in EXPR` for the genes that "
                                  "were measured, which is what the test assumes)\n", uni.n, sets->name);
    if (outside.n) {
        Buf b = {0};
        join_list(&b, (const char *const *)outside.v, outside.n, 5);
        out_data_printf(&s->out, "  %zu of the genes %s not in the universe and left out: %s\n", outside.n,
                        outside.n == 1 ? "is" : "are", b.s);
        buf_free(&b);
    }
    strlist_free(&outside);
    use = xcalloc(m.nsets ? m.nsets : 1, 1);
    Buf where = {0};
    buf_printf(&where, "the universe");
    size_t ntest = geneset_use(s, sets->name, where.s, &m, (const char *const *)uni.v, uni.n, min, max, use);
    buf_free(&where);
    if (!ntest) {
        rgx_error(s, "enrich: no set of %s has %ld to %ld of its genes in the universe", sets->name, min, max);
        goto out;
    }
    Row *row = xmalloc(ntest * sizeof *row);
    double *p = xmalloc(ntest * sizeof *p), *q = xmalloc(ntest * sizeof *q);
    size_t r = 0;
    for (size_t i = 0; i < m.nsets; i++) {
        if (!use[i]) continue;
        size_t M = m.start[i + 1] - m.start[i], k = 0;
        for (size_t u = m.start[i]; u < m.start[i + 1]; u++) k += inq[m.idx[u]];
        p[r] = hyper_upper((long)k, (long)M, (long)uni.n, (long)nq);
        row[r] = (Row){i, p[r], 0};
        r++;
    }
    p_adjust(p, ntest, ADJ_BH, q);
    for (size_t i = 0; i < ntest; i++) row[i].tie = (double)i;   /* keep q with its row through the sort */
    qsort(row, ntest, sizeof *row, cmp_row);
    Table *o = table_new(name, sets->name, ntest);
    char **cs = xcalloc(ntest, sizeof *cs), **cg = xcalloc(ntest, sizeof *cg);
    double *csz = xmalloc(ntest * sizeof *csz), *cov = xmalloc(ntest * sizeof *cov), *cex = xmalloc(ntest * sizeof *cex);
    double *cf = xmalloc(ntest * sizeof *cf), *cp = xmalloc(ntest * sizeof *cp), *cq = xmalloc(ntest * sizeof *cq);
    for (size_t w = 0; w < ntest; w++) {
        size_t i = row[w].set, M = m.start[i + 1] - m.start[i], k = 0;
        Buf g = {0};
        for (size_t u = m.start[i]; u < m.start[i + 1]; u++)
            if (inq[m.idx[u]]) { if (g.len) buf_add(&g, " ", 1); buf_puts(&g, uni.v[m.idx[u]]); k++; }
        cs[w] = xstrdup(m.name[i]);
        cg[w] = g.s ? g.s : xstrdup("");
        csz[w] = (double)M;
        cov[w] = (double)k;
        cex[w] = (double)nq * (double)M / (double)uni.n;
        cf[w] = cex[w] > 0 ? (double)k / cex[w] : NAN;
        cp[w] = row[w].p;
        cq[w] = q[(size_t)row[w].tie];
    }
    table_add_str(o, "set", name, cs);
    table_add_num(o, "size", name, csz);
    table_add_num(o, "overlap", name, cov);
    table_add_num(o, "expected", name, cex);
    table_add_num(o, "fold", name, cf);
    table_add_num(o, "p", name, cp);
    table_add_num(o, "q", name, cq);
    long jg = table_add_str(o, "genes", name, cg);
    if (jg >= 0) o->cols[jg].meta = 1;   /* long: left out of the summary below (show NAME genes) */
    table_set_id(o, 0);
    out_printf(&s->out, "  n = %zu gene%s in the universe; %zu set%s tested, BH q over them: %zu at q < 0.05\n", nq,
               nq == 1 ? "" : "s", ntest, ntest == 1 ? "" : "s", nsig(cq, ntest));
    print_head(s, o, 10);
    if (ntest > 10) out_printf(&s->out, "  … %zu more (show %s rows=all); the overlapping genes: show %s set,genes\n",
                               ntest - 10, name, name);
    free(row);
    free(p);
    free(q);
    Result *res = command_result(a, "ora", o);
    result_param(res, "genes", a->pos[0]);
    result_param(res, "sets", sets->name);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    result_add(res, geneset_part(name, &m, min, max, use));
    store_unit(s, res);
    rc = 0;
out:
    free(name);
    free(use);
    free(inq);
    geneset_map_free(&m);
    strlist_free(&genes);
    strlist_free(&uni);
    buf_free(&what);
    return rc;
}

/* ---- preranked GSEA ----------------------------------------------------- */

typedef struct Ranked {
    double r;           /* the gene's r with the feature */
    const char *gene;   /* its name (borrowed) */
} Ranked;

static int cmp_ranked(const void *a, const void *b) {
    const Ranked *x = a, *y = b;
    if (x->r != y->r) return x->r > y->r ? -1 : 1;   /* decreasing r */
    return strcmp(x->gene, y->gene);                  /* ties by name */
}

static int cmp_sz(const void *a, const void *b) {
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static int enrich_gsea(Session *s, Args *a, Table *sets, long min, long max, const char *feature, const char *as) {
    long perm = args_get_int(a, "perm", 10000, 100, 100000000L);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    Result *mres = command_result_of(s, "enrich", a->pos[0], "corr");
    if (!mres) return 1;
    Table *map = session_find(s, a->pos[0]);
    long jx = table_find(map, "x"), jy = table_find(map, "y"), jr = table_find(map, "r");
    if (jx < 0 || jy < 0 || jr < 0) { rgx_error(s, "enrich: %s lacks the columns x y r of a corr result", map->name); return 1; }
    const char *keep = result_get_param(mres, "keep");
    const char *partial = keep && strcasecmp(keep, "all") ? "keep=" : result_get_param(mres, "top") ? "top=" : NULL;
    if (partial) {
        rgx_error(s, "enrich: %s stores only some pairs (%s%s): GSEA ranks every gene; run corr again with keep=all",
                  map->name, partial, result_get_param(mres, partial[0] == 'k' ? "keep" : "top"));
        return 1;
    }
    /* the feature's genes: FEATURE in x (genes in y), else in y */
    int side = -1;
    for (int sd = 0; sd < 2 && side < 0; sd++)
        for (size_t i = 0; i < map->nrow; i++) {
            const char *v = map->cols[sd ? jy : jx].str[i];
            if (v && !strcmp(v, feature)) { side = sd; break; }
        }
    if (side < 0) {
        rgx_error(s, "enrich: %s has no pairs with %s (FEATURE is a value of its column x or y)", map->name, feature);
        return 1;
    }
    long jf = side ? jy : jx, jgn = side ? jx : jy;
    /* the names of the sets' genes: a label origin.GENE is GENE when only that is in the sets */
    StrMap setg = {0};
    StrList allg = {0};
    for (size_t i = 0; i < sets->nrow; i++) geneset_genes(sets, i, &allg);
    for (size_t i = 0; i < allg.n; i++) strmap_put(&setg, allg.v[i], i, NULL);
    StrMap others = {0};
    size_t nfeat_rows = 0, nan_r = 0;
    Ranked *rk = xmalloc((map->nrow ? map->nrow : 1) * sizeof *rk);
    size_t N = 0;
    for (size_t i = 0; i < map->nrow; i++) {
        const char *g = map->cols[jgn].str[i];
        if (g) strmap_put(&others, g, i, NULL);
        const char *f = map->cols[jf].str[i];
        if (!f || strcmp(f, feature) || !g) continue;
        nfeat_rows++;
        double r = map->cols[jr].num[i];
        if (isnan(r)) { nan_r++; continue; }
        size_t at;
        const char *dot = strchr(g, '.');
        if (!strmap_get(&setg, g, &at) && dot && dot[1] && strmap_get(&setg, dot + 1, &at)) g = dot + 1;
        rk[N++] = (Ranked){r, g};
    }
    int rc = 1;
    char *name = NULL;
    GeneSetMap m = {0};
    unsigned char *use = NULL;
    size_t ngenes_map = others.n;
    strmap_free(&others);
    if (nfeat_rows < ngenes_map) {
        rgx_error(s, "enrich: %s holds %zu pairs with %s of the %zu genes it names (the rest were not stored, e.g. by "
                     "corr's default for maps over 2,000,000 pairs): GSEA ranks every gene; run corr again with "
                     "keep=all", map->name, nfeat_rows, feature, ngenes_map);
        goto out;
    }
    if (N < 2) { rgx_error(s, "enrich: %s has fewer than 2 genes with an r for %s", map->name, feature); goto out; }
    qsort(rk, N, sizeof *rk, cmp_ranked);
    size_t ties = 0;
    for (size_t i = 1; i < N; i++) ties += rk[i].r == rk[i - 1].r;
    for (size_t i = 1; i < N; i++)
        if (!strcmp(rk[i].gene, rk[i - 1].gene)) {
            rgx_error(s, "enrich: gene %s appears twice among the pairs of %s with %s", rk[i].gene, map->name, feature);
            goto out;
        }
    const char **names = xmalloc(N * sizeof *names);
    double *r = xmalloc(N * sizeof *r);
    for (size_t i = 0; i < N; i++) { names[i] = rk[i].gene; r[i] = rk[i].r; }
    Buf err = {0};
    if (geneset_map(sets, names, N, &m, &err) < 0) {
        rgx_error(s, "enrich: %s", err.s);
        buf_free(&err);
        free(names);
        free(r);
        goto out;
    }
    for (size_t i = 0; i < m.nsets; i++)   /* positions in the ranking, ascending */
        qsort(m.idx + m.start[i], m.start[i + 1] - m.start[i], sizeof *m.idx, cmp_sz);
    name = as ? xstrdup(as) : session_new_name(s, "enrich");
    const char *cm = result_get_param(mres, "method");
    out_data_printf(&s->out, "enrich %s: preranked GSEA of the %zu genes of %s ranked by their r with %s%s%s%s, in the "
                             "sets of %s\n", name, N, map->name, feature, cm ? " (" : "", cm ? cm : "", cm ? ")" : "",
                    sets->name);
    if (nan_r) out_printf(&s->out, "  %zu gene%s without an r (NA) left out\n", nan_r, nan_r == 1 ? "" : "s");
    if (ties) out_printf(&s->out, "  %zu tie%s in r, broken by gene name\n", ties, ties == 1 ? "" : "s");
    Buf where = {0};
    buf_printf(&where, "the ranking");
    use = xcalloc(m.nsets ? m.nsets : 1, 1);
    size_t ntest = geneset_use(s, sets->name, where.s, &m, names, N, min, max, use);
    buf_free(&where);
    if (!ntest) {
        rgx_error(s, "enrich: no set of %s has %ld to %ld of its genes in the ranking", sets->name, min, max);
        free(names);
        free(r);
        goto out;
    }
    size_t *st = xmalloc((ntest + 1) * sizeof *st), *ix = xmalloc((m.start[m.nsets] + 1) * sizeof *ix), u = 0, w = 0;
    size_t *which = xmalloc(ntest * sizeof *which);
    for (size_t i = 0; i < m.nsets; i++) {
        if (!use[i]) continue;
        which[w] = i;
        st[w++] = u;
        for (size_t q = m.start[i]; q < m.start[i + 1]; q++) ix[u++] = m.idx[q];
    }
    st[ntest] = u;
    GsSets S = {ntest, st, ix};
    double *es = xmalloc(ntest * sizeof *es), *nes = xmalloc(ntest * sizeof *nes), *p = xmalloc(ntest * sizeof *p);
    double *q = xmalloc(ntest * sizeof *q), *pf = xmalloc(ntest * sizeof *pf);
    Progress bar;
    progress_start(&bar, s, "enrich");
    GseaOpts go = {.perm = (size_t)perm, .seed = (unsigned long)seed, .threads = s->threads, .cancel = s->cancel,
                   .progress = progress_callback, .progress_ctx = &bar};
    int grc = gsea_prerank(r, N, &S, &go, es, nes, p, pf);
    progress_end(&bar);
    if (grc == -2 || session_cancelled(s)) rgx_error(s, "enrich: interrupted; no result was stored");
    else if (grc < 0) rgx_error(s, "enrich: out of memory");
    if (grc) goto free_all;
    p_adjust(p, ntest, ADJ_BH, q);
    Row *row = xmalloc(ntest * sizeof *row);
    for (size_t i = 0; i < ntest; i++) row[i] = (Row){i, p[i], -fabs(nes[i])};
    qsort(row, ntest, sizeof *row, cmp_row);
    Table *o = table_new(name, map->name, ntest);
    char **cs = xcalloc(ntest, sizeof *cs), **cg = xcalloc(ntest, sizeof *cg);
    double *csz = xmalloc(ntest * sizeof *csz), *cov = xmalloc(ntest * sizeof *cov), *ces = xmalloc(ntest * sizeof *ces);
    double *cn = xmalloc(ntest * sizeof *cn), *cp = xmalloc(ntest * sizeof *cp), *cq = xmalloc(ntest * sizeof *cq);
    size_t floor_p = 0, members = 0;
    for (size_t v = 0; v < ntest; v++) {
        size_t i = row[v].set, k = st[i + 1] - st[i], peak = 0;
        double e = gsea_es(r, N, ix + st[i], k, &peak);
        Buf g = {0};
        size_t lead = 0;
        for (size_t h = st[i]; h < st[i + 1]; h++)   /* the leading edge: the hits up to the peak (ES < 0: from it) */
            if (e >= 0 ? ix[h] <= peak : ix[h] >= peak) { if (g.len) buf_add(&g, " ", 1); buf_puts(&g, names[ix[h]]); lead++; }
        cs[v] = xstrdup(m.name[which[i]]);
        cg[v] = g.s ? g.s : xstrdup("");
        csz[v] = (double)k;
        cov[v] = (double)lead;
        ces[v] = es[i];
        cn[v] = nes[i];
        cp[v] = p[i];
        cq[v] = q[i];
        floor_p += p[i] <= pf[i];
        members += k;
    }
    table_add_str(o, "set", name, cs);
    table_add_num(o, "size", name, csz);
    table_add_num(o, "overlap", name, cov);
    table_add_num(o, "es", name, ces);
    table_add_num(o, "nes", name, cn);
    table_add_num(o, "p", name, cp);
    table_add_num(o, "q", name, cq);
    long jg = table_add_str(o, "genes", name, cg);
    if (jg >= 0) o->cols[jg].meta = 1;
    table_set_id(o, 0);
    out_printf(&s->out, "  ES as Subramanian et al. 2005 (weight p = 1); p from %ld gene-set permutations (random sets "
                        "of each size, seed %ld) as fgsea's simple method, (1 + #null as extreme) / (1 + #null of the "
                        "same sign); NES = ES / |mean null ES of its sign|\n", perm, seed);
    out_printf(&s->out, "  %zu sets tested, BH q over them: %zu at q < 0.05; overlap = the leading edge\n", ntest,
               nsig(cq, ntest));
    if (floor_p)
        out_printf(&s->out, "  %zu set%s at the smallest p the %ld permutations can give (no random set as extreme): "
                            "the true p is smaller; a larger perm= resolves it\n", floor_p, floor_p == 1 ? " is" : "s are",
                   perm);
    print_head(s, o, 10);
    if (ntest > 10) out_printf(&s->out, "  … %zu more (show %s rows=all); the leading edges: show %s set,genes; the "
                                        "running score: plot gsea %s set=SET\n", ntest - 10, name, name, name);
    /* the parts the running-score plot reads: the ranking and each set's genes */
    Buf pn = {0};
    buf_printf(&pn, "%s.ranking", name);
    Table *rt = table_new(pn.s, map->name, N);
    double *rr = xmalloc(N * sizeof *rr), *rp = xmalloc(N * sizeof *rp);
    char **rg = xcalloc(N, sizeof *rg);
    for (size_t i = 0; i < N; i++) { rp[i] = (double)(i + 1); rg[i] = xstrdup(names[i]); rr[i] = r[i]; }
    table_add_num(rt, "rank", pn.s, rp);
    table_add_str(rt, "gene", pn.s, rg);
    table_add_num(rt, "r", pn.s, rr);
    pn.len = 0;
    buf_printf(&pn, "%s.members", name);
    Table *mt = table_new(pn.s, sets->name, members);
    char **ms = xcalloc(members ? members : 1, sizeof *ms), **mg = xcalloc(members ? members : 1, sizeof *mg);
    double *mrk = xmalloc((members ? members : 1) * sizeof *mrk);
    size_t z = 0;
    for (size_t v = 0; v < ntest; v++) {
        size_t i = row[v].set;
        for (size_t h = st[i]; h < st[i + 1]; h++) {
            ms[z] = xstrdup(m.name[which[i]]);
            mg[z] = xstrdup(names[ix[h]]);
            mrk[z++] = (double)(ix[h] + 1);
        }
    }
    table_add_str(mt, "set", pn.s, ms);
    table_add_str(mt, "gene", pn.s, mg);
    table_add_num(mt, "rank", pn.s, mrk);
    buf_free(&pn);
    free(row);
    Result *res = command_result(a, "gsea", o);
    result_param(res, "map", map->name);
    result_param(res, "feature", feature);
    result_param(res, "sets", sets->name);
    result_paramf(res, "perm", "%ld", perm);
    result_paramf(res, "seed", "%ld", seed);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    result_add(res, geneset_part(name, &m, min, max, use));
    result_add(res, rt);
    result_add(res, mt);
    store_unit(s, res);
    rc = 0;
free_all:
    free(st); free(ix); free(which); free(es); free(nes); free(p); free(q); free(pf);
    free(names);
    free(r);
out:
    free(name);
    free(use);
    free(rk);
    geneset_map_free(&m);
    strmap_free(&setg);
    strlist_free(&allg);
    return rc;
}

int cmd_enrich(Session *s, Args *a) {
    const char *using = args_take_kw(a, "using");
    const char *in = args_take_kw(a, "in");
    const char *feature = args_take_kw(a, "for");
    const char *as = args_take_kw(a, "as");
    int test = args_get_choice(a, "test", feature ? 1 : 0, NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !using) return args_usage(s, a);
    if (as && !valid_table_name(s, "enrich", as)) return 1;
    if (test == 1 && !feature) {
        rgx_error(s, "enrich: test=gsea ranks the genes of a corr result by their r with one feature: enrich MAP for "
                     "FEATURE using SETS test=gsea");
        return 1;
    }
    if (test == 0 && feature) {
        rgx_error(s, "enrich: `for FEATURE` ranks a corr result's genes (test=gsea); test=ora takes a list of genes");
        return 1;
    }
    if (feature && in) { rgx_error(s, "enrich: test=gsea takes its genes from the corr result, not `in T`"); return 1; }
    if (!feature && (args_opt(a, "perm") || args_opt(a, "seed"))) {
        rgx_error(s, "enrich: perm= and seed= are for test=gsea");
        return 1;
    }
    if (feature && args_opt(a, "genes")) { rgx_error(s, "enrich: genes= is for test=ora with `in T`"); return 1; }
    long min, max;
    Table *sets = geneset_arg(s, a, "enrich", using, &min, &max);
    if (!sets || args_failed(s, a)) return 1;
    if (min > max) { rgx_error(s, "enrich: min=%ld is above max=%ld", min, max); return 1; }
    return feature ? enrich_gsea(s, a, sets, min, max, feature, as) : enrich_ora(s, a, sets, min, max, in, as);
}
