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
    size_t set;         /* index into the sets tested */
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

/* The sets of m marked in use, as a GsSets of their own (positions as in
 * m); which[w] is the w-th one's index in m.  The arrays are the caller's
 * to free (UsedSets). */
typedef struct UsedSets {
    GsSets S;           /* the sets tested */
    size_t *st, *ix;    /* S's offsets and positions (owned) */
    size_t *which;      /* S's sets as indexes into the map (owned) */
} UsedSets;

static void used_sets(const GeneSetMap *m, const unsigned char *use, size_t ntest, UsedSets *u) {
    u->st = xmalloc((ntest + 1) * sizeof *u->st);
    u->ix = xmalloc((m->start[m->nsets] + 1) * sizeof *u->ix);
    u->which = xmalloc((ntest ? ntest : 1) * sizeof *u->which);
    size_t at = 0, w = 0;
    for (size_t i = 0; i < m->nsets; i++) {
        if (!use[i]) continue;
        u->which[w] = i;
        u->st[w++] = at;
        for (size_t q = m->start[i]; q < m->start[i + 1]; q++) u->ix[at++] = m->idx[q];
    }
    u->st[ntest] = at;
    u->S = (GsSets){ntest, u->st, u->ix};
}

static void used_sets_free(UsedSets *u) {
    free(u->st);
    free(u->ix);
    free(u->which);
}

/* The genes of set w of u that are marked, space-separated, named by
 * names (malloc'd; "" when none): gene g when by_gene[g] (ORA's query), or
 * the set's h-th gene when member[h] (GSEA's leading edge). */
static char *set_genes(const UsedSets *u, size_t w, const unsigned char *by_gene, const unsigned char *member,
                       const char *const *names) {
    Buf g = {0};
    for (size_t h = u->st[w]; h < u->st[w + 1]; h++)
        if (by_gene ? by_gene[u->ix[h]] : member[h - u->st[w]]) {
            if (g.len) buf_add(&g, " ", 1);
            buf_puts(&g, names[u->ix[h]]);
        }
    return g.s ? g.s : xstrdup("");
}

/* The columns of a result table NAME, n rows each: set, six numbers, genes. */
typedef struct SetCols {
    char **set, **genes;    /* n names; n gene lists (owned until sets_table) */
    double *num[6];         /* size overlap expected|es fold|nes p q (owned until sets_table) */
} SetCols;

static void set_cols_new(SetCols *c, size_t n) {
    c->set = xcalloc(n ? n : 1, sizeof *c->set);
    c->genes = xcalloc(n ? n : 1, sizeof *c->genes);
    for (int k = 0; k < 6; k++) c->num[k] = xmalloc((n ? n : 1) * sizeof *c->num[k]);
}

/* The result table NAME: set size overlap ES|expected NES|fold p q, then
 * genes (a metadata column, left out of the summary), c's columns taken. */
static Table *sets_table(const char *name, const char *from, size_t n, SetCols *c, const char *const *numnames) {
    Table *o = table_new(name, from, n);
    table_add_str(o, "set", name, c->set);
    for (int k = 0; k < 6; k++) table_add_num(o, numnames[k], name, c->num[k]);
    long jg = table_add_str(o, "genes", name, c->genes);
    if (jg >= 0) o->cols[jg].meta = 1;   /* long: left out of the summary below (show NAME genes) */
    table_set_id(o, 0);
    return o;
}

/* ---- over-representation ------------------------------------------------ */

/* The universe: the gene columns of `in T` (*t), else every gene of the sets.  Returns 0, or -1 after the error. */
static int ora_universe(Session *s, Args *a, const Table *sets, const char *in, Table **t, StrList *uni) {
    if (in) {
        if (!(*t = session_table(s, in))) return -1;
        size_t *cols;
        long G = gene_columns(s, "enrich", *t, args_opt(a, "genes"), &cols);
        if (G < 0) return -1;
        for (long k = 0; k < G; k++) strlist_add(uni, (*t)->cols[cols[k]].name);
        free(cols);
        return 0;
    }
    StrMap seen = {0};
    StrList all = {0};
    for (size_t i = 0; i < sets->nrow; i++) geneset_genes(sets, i, &all);
    for (size_t i = 0; i < all.n; i++)
        if (strmap_put(&seen, all.v[i], i, NULL) == 1) strlist_add(uni, all.v[i]);
    strmap_free(&seen);
    strlist_free(&all);
    return 0;
}

/* The query within the universe: inq[u] = 1 for its genes (a corr label
 * origin.GENE is GENE), the others listed in outside.  Returns how many are in. */
static size_t ora_query(const StrList *genes, const StrList *uni, unsigned char *inq, StrList *outside) {
    StrMap um = {0};
    for (size_t i = 0; i < uni->n; i++) strmap_put(&um, uni->v[i], i, NULL);
    size_t nq = 0;
    for (size_t i = 0; i < genes->n; i++) {
        size_t at;
        const char *dot = strchr(genes->v[i], '.');
        if (strmap_get(&um, genes->v[i], &at) || (dot && dot[1] && strmap_get(&um, dot + 1, &at))) {
            if (!inq[at]) nq++;
            inq[at] = 1;
        } else {
            strlist_add(outside, genes->v[i]);
        }
    }
    strmap_free(&um);
    return nq;
}

/* The first lines: the test, the universe, the genes left out. */
static void ora_header(Session *s, const char *name, size_t ngenes, const char *what, const Table *sets, const Table *t,
                       const StrList *uni, const StrList *outside) {
    out_data_printf(&s->out, "enrich %s: over-representation of the %zu genes of %s in the sets of %s (hypergeometric "
                             "upper tail: phyper(k - 1, M, N - M, n, lower.tail = FALSE))\n", name, ngenes, what,
                    sets->name);
    if (t) out_data_printf(&s->out, "  universe: the %zu genes of %s (N)\n", uni->n, t->name);
    else out_data_printf(&s->out, "  universe: the %zu genes of the sets of %s (N; `in EXPR` for the genes that "
                                  "were measured, which is what the test assumes)\n", uni->n, sets->name);
    if (outside->n) {
        Buf b = {0};
        join_list(&b, (const char *const *)outside->v, outside->n, 5);
        out_data_printf(&s->out, "  %zu of the genes %s not in the universe and left out: %s\n", outside->n,
                        outside->n == 1 ? "is" : "are", b.s);
        buf_free(&b);
    }
}

/* NAME: set size overlap expected fold p q genes, by p (stats/enrich.h's
 * ora_sets over the sets tested), or NULL when out of memory. */
static Table *ora_table(const char *name, const Table *sets, const GeneSetMap *m, const UsedSets *u,
                        const unsigned char *inq, const StrList *uni, size_t nq) {
    size_t ntest = u->S.nsets;
    OraRow *ora = xmalloc(ntest * sizeof *ora);
    Row *row = xmalloc(ntest * sizeof *row);
    if (ora_sets(&u->S, inq, uni->n, nq, ora) < 0) { free(ora); free(row); return NULL; }
    for (size_t w = 0; w < ntest; w++) row[w] = (Row){w, ora[w].p, 0};
    qsort(row, ntest, sizeof *row, cmp_row);
    SetCols sc;
    set_cols_new(&sc, ntest);
    for (size_t v = 0; v < ntest; v++) {
        const OraRow *w = &ora[row[v].set];
        sc.set[v] = xstrdup(m->name[u->which[row[v].set]]);
        sc.genes[v] = set_genes(u, row[v].set, inq, NULL, (const char *const *)uni->v);
        double vals[6] = {(double)w->size, (double)w->overlap, w->expected, w->fold, w->p, w->q};
        for (int c = 0; c < 6; c++) sc.num[c][v] = vals[c];
    }
    static const char *const cn[6] = {"size", "overlap", "expected", "fold", "p", "q"};
    free(ora);
    free(row);
    return sets_table(name, sets->name, ntest, &sc, cn);
}

static int enrich_ora(Session *s, Args *a, Table *sets, long min, long max, const char *in, const char *as) {
    StrList genes = {0}, uni = {0}, outside = {0};
    Buf what = {0}, err = {0};
    Table *t = NULL;
    int rc = 1;
    char *name = NULL;
    GeneSetMap m = {0};
    UsedSets u = {0};
    unsigned char *use = NULL, *inq = NULL;
    if (read_genes(s, a->pos[0], &genes, &what) < 0 || ora_universe(s, a, sets, in, &t, &uni) < 0) goto out;
    inq = xcalloc(uni.n ? uni.n : 1, 1);
    size_t nq = ora_query(&genes, &uni, inq, &outside);
    if (geneset_map(sets, (const char *const *)uni.v, uni.n, &m, &err) < 0) { rgx_error(s, "enrich: %s", err.s); goto out; }
    if (!nq) {
        join_list(&err, (const char *const *)outside.v, outside.n, 5);
        rgx_error(s, "enrich: none of the genes of %s (%s) is in the universe, the %zu genes of %s%s", what.s, err.s,
                  uni.n, t ? t->name : "the sets of ", t ? " (are they the same kind of ID, symbols or Entrez?)"
                                                        : sets->name);
        goto out;
    }
    name = as ? xstrdup(as) : session_new_name(s, "enrich");
    ora_header(s, name, genes.n, what.s, sets, t, &uni, &outside);
    use = xcalloc(m.nsets ? m.nsets : 1, 1);
    size_t ntest = geneset_use(s, sets->name, "the universe", &m, (const char *const *)uni.v, uni.n, min, max, use);
    if (!ntest) {
        rgx_error(s, "enrich: no set of %s has %ld to %ld of its genes in the universe", sets->name, min, max);
        goto out;
    }
    used_sets(&m, use, ntest, &u);
    Table *o = ora_table(name, sets, &m, &u, inq, &uni, nq);
    if (!o) { rgx_error(s, "enrich: out of memory"); goto out; }
    out_printf(&s->out, "  n = %zu gene%s in the universe; %zu set%s tested, BH q over them: %zu at q < 0.05\n", nq,
               nq == 1 ? "" : "s", ntest, ntest == 1 ? "" : "s", nsig(o->cols[6].num, ntest));
    print_head(s, o, 10);
    if (ntest > 10) out_printf(&s->out, "  … %zu more (show %s rows=all); the overlapping genes: show %s set,genes\n",
                               ntest - 10, name, name);
    Result *res = command_result(a, "ora", o);
    result_param(res, "genes", a->pos[0]);
    result_param(res, "sets", sets->name);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    result_add(res, geneset_part(name, &m, min, max, use));
    store_unit(s, res);
    rc = 0;
out:
    used_sets_free(&u);
    free(name);
    free(use);
    free(inq);
    geneset_map_free(&m);
    strlist_free(&genes);
    strlist_free(&uni);
    strlist_free(&outside);
    buf_free(&what);
    buf_free(&err);
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

/* What test=gsea works on: the corr result and its columns, the options. */
typedef struct GseaIn {
    Result *mres;               /* the corr result (borrowed) */
    Table *map;                 /* its main table (borrowed) */
    long jx, jy, jr;            /* its columns x y r */
    long perm, seed;            /* perm=, seed= */
    const char *feature;        /* FEATURE */
} GseaIn;

/* The corr result MAP holding every pair, and the options.  Returns 0,
 * or -1 after the error. */
static int gsea_input(Session *s, Args *a, const char *feature, GseaIn *g) {
    g->feature = feature;
    g->perm = args_get_int(a, "perm", 10000, 100, 100000000L);
    g->seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return -1;
    if (!(g->mres = command_result_of(s, "enrich", a->pos[0], "corr"))) return -1;
    Table *map = g->map = session_find(s, a->pos[0]);
    g->jx = table_find(map, "x");
    g->jy = table_find(map, "y");
    g->jr = table_find(map, "r");
    if (g->jx < 0 || g->jy < 0 || g->jr < 0) {
        rgx_error(s, "enrich: %s lacks the columns x y r of a corr result", map->name);
        return -1;
    }
    const char *keep = result_get_param(g->mres, "keep");
    const char *partial = keep && strcasecmp(keep, "all") ? "keep=" : result_get_param(g->mres, "top") ? "top=" : NULL;
    if (partial) {
        rgx_error(s, "enrich: %s stores only some pairs (%s%s): GSEA ranks every gene; run corr again with keep=all",
                  map->name, partial, result_get_param(g->mres, partial[0] == 'k' ? "keep" : "top"));
        return -1;
    }
    return 0;
}

/* The ranking: the genes paired with FEATURE by decreasing r (ties by
 * name), a label origin.GENE as GENE when only that is in the sets. */
typedef struct Ranking {
    size_t N;                   /* genes ranked */
    const char **names;         /* N names (borrowed from the map; array owned) */
    double *r;                  /* N values of r, decreasing (owned) */
    size_t nan_r, ties;         /* genes without an r; ties in r */
} Ranking;

static void ranking_free(Ranking *k) {
    free(k->names);
    free(k->r);
}

/* The column of the map that holds FEATURE: 0 for x (the genes in y), 1
 * for y, or -1 after the error. */
static int gsea_side(Session *s, const GseaIn *g) {
    for (int sd = 0; sd < 2; sd++)
        for (size_t i = 0; i < g->map->nrow; i++) {
            const char *v = g->map->cols[sd ? g->jy : g->jx].str[i];
            if (v && !strcmp(v, g->feature)) return sd;
        }
    rgx_error(s, "enrich: %s has no pairs with %s (FEATURE is a value of its column x or y)", g->map->name, g->feature);
    return -1;
}

/* The pairs of FEATURE with an r into rk (*N of them; names borrowed from
 * the map); *nrows counts them all, *nan_r those without an r, *ngenes
 * the genes the map names.  setg: the sets' genes. */
static void gsea_pairs(const GseaIn *g, int side, const StrMap *setg, Ranked *rk, size_t *N, size_t *nrows,
                       size_t *ngenes, size_t *nan_r) {
    const Table *map = g->map;
    long jf = side ? g->jy : g->jx, jgn = side ? g->jx : g->jy;
    StrMap others = {0};
    for (size_t i = 0; i < map->nrow; i++) {
        const char *gn = map->cols[jgn].str[i];
        if (gn) strmap_put(&others, gn, i, NULL);
        const char *f = map->cols[jf].str[i];
        if (!f || strcmp(f, g->feature) || !gn) continue;
        (*nrows)++;
        double r = map->cols[g->jr].num[i];
        if (isnan(r)) { (*nan_r)++; continue; }
        size_t at;
        const char *dot = strchr(gn, '.');
        if (!strmap_get(setg, gn, &at) && dot && dot[1] && strmap_get(setg, dot + 1, &at)) gn = dot + 1;
        rk[(*N)++] = (Ranked){r, gn};
    }
    *ngenes = others.n;
    strmap_free(&others);
}

/* The ranking of FEATURE's genes into k.  Returns 0, or -1 after the error. */
static int gsea_ranking(Session *s, const GseaIn *g, const Table *sets, Ranking *k) {
    int side = gsea_side(s, g);
    if (side < 0) return -1;
    StrMap setg = {0};   /* the sets' genes (keys borrowed from allg) */
    StrList allg = {0};
    for (size_t i = 0; i < sets->nrow; i++) geneset_genes(sets, i, &allg);
    for (size_t i = 0; i < allg.n; i++) strmap_put(&setg, allg.v[i], i, NULL);
    Ranked *rk = xmalloc((g->map->nrow ? g->map->nrow : 1) * sizeof *rk);
    size_t N = 0, nrows = 0, ngenes = 0;
    gsea_pairs(g, side, &setg, rk, &N, &nrows, &ngenes, &k->nan_r);
    strmap_free(&setg);
    strlist_free(&allg);
    int rc = -1;
    if (nrows < ngenes) {
        rgx_error(s, "enrich: %s holds %zu pairs with %s of the %zu genes it names (the rest were not stored, e.g. by "
                     "corr's default for maps over 2,000,000 pairs): GSEA ranks every gene; run corr again with "
                     "keep=all", g->map->name, nrows, g->feature, ngenes);
        goto out;
    }
    if (N < 2) { rgx_error(s, "enrich: %s has fewer than 2 genes with an r for %s", g->map->name, g->feature); goto out; }
    qsort(rk, N, sizeof *rk, cmp_ranked);
    for (size_t i = 1; i < N; i++) k->ties += rk[i].r == rk[i - 1].r;
    for (size_t i = 1; i < N; i++)
        if (!strcmp(rk[i].gene, rk[i - 1].gene)) {
            rgx_error(s, "enrich: gene %s appears twice among the pairs of %s with %s", rk[i].gene, g->map->name,
                      g->feature);
            goto out;
        }
    k->N = N;
    k->names = xmalloc(N * sizeof *k->names);
    k->r = xmalloc(N * sizeof *k->r);
    for (size_t i = 0; i < N; i++) { k->names[i] = rk[i].gene; k->r[i] = rk[i].r; }
    rc = 0;
out:
    free(rk);
    return rc;
}

/* The sets met the ranking: the map (each set's positions ascending), the
 * sets used and the first lines.  Returns the number used, or 0 after the error. */
static size_t gsea_sets(Session *s, const GseaIn *g, const Table *sets, const Ranking *k, const char *name, long min,
                        long max, GeneSetMap *m, unsigned char **use) {
    Buf err = {0};
    if (geneset_map(sets, k->names, k->N, m, &err) < 0) {
        rgx_error(s, "enrich: %s", err.s);
        buf_free(&err);
        return 0;
    }
    for (size_t i = 0; i < m->nsets; i++)   /* positions in the ranking, ascending */
        qsort(m->idx + m->start[i], m->start[i + 1] - m->start[i], sizeof *m->idx, cmp_sz);
    const char *cm = result_get_param(g->mres, "method");
    out_data_printf(&s->out, "enrich %s: preranked GSEA of the %zu genes of %s ranked by their r with %s%s%s%s, in the "
                             "sets of %s\n", name, k->N, g->map->name, g->feature, cm ? " (" : "", cm ? cm : "",
                    cm ? ")" : "", sets->name);
    if (k->nan_r) out_printf(&s->out, "  %zu gene%s without an r (NA) left out\n", k->nan_r, k->nan_r == 1 ? "" : "s");
    if (k->ties) out_printf(&s->out, "  %zu tie%s in r, broken by gene name\n", k->ties, k->ties == 1 ? "" : "s");
    *use = xcalloc(m->nsets ? m->nsets : 1, 1);
    size_t ntest = geneset_use(s, sets->name, "the ranking", m, k->names, k->N, min, max, *use);
    if (!ntest) rgx_error(s, "enrich: no set of %s has %ld to %ld of its genes in the ranking", sets->name, min, max);
    return ntest;
}

/* The permutation test of the sets tested (stats/enrich.h's gsea_prerank):
 * es, nes, p, pfloor (ntest each, the caller's).  Returns 0, or -1 after the error. */
static int gsea_run(Session *s, const GseaIn *g, const Ranking *k, const UsedSets *u, double *es, double *nes,
                    double *p, double *pf) {
    Progress bar;
    progress_start(&bar, s, "enrich");
    GseaOpts go = {.perm = (size_t)g->perm, .seed = (unsigned long)g->seed, .threads = s->threads,
                   .cancel = s->cancel, .progress = progress_callback, .progress_ctx = &bar};
    int grc = gsea_prerank(k->r, k->N, &u->S, &go, es, nes, p, pf);
    progress_end(&bar);
    if (grc == -2 || session_cancelled(s)) rgx_error(s, "enrich: interrupted; no result was stored");
    else if (grc < 0) rgx_error(s, "enrich: out of memory");
    return grc ? -1 : 0;
}

/* NAME: set size overlap es nes p q genes, by p then |NES|; overlap and
 * genes are the leading edge (stats/enrich.h).  *order gets the sets in
 * the table's order (ntest, caller frees), *floor_p how many are at the
 * smallest p the permutations give. */
static Table *gsea_table(const char *name, const Table *map, const GeneSetMap *m, const UsedSets *u,
                         const Ranking *k, double *const *stat, size_t **order, size_t *floor_p) {
    size_t ntest = u->S.nsets;
    double *es = stat[0], *nes = stat[1], *p = stat[2], *pf = stat[3], *q = stat[4];
    p_adjust(p, ntest, ADJ_BH, q);
    Row *row = xmalloc(ntest * sizeof *row);
    for (size_t i = 0; i < ntest; i++) row[i] = (Row){i, p[i], -fabs(nes[i])};
    qsort(row, ntest, sizeof *row, cmp_row);
    SetCols sc;
    set_cols_new(&sc, ntest);
    *order = xmalloc(ntest * sizeof **order);
    *floor_p = 0;
    for (size_t v = 0; v < ntest; v++) {
        size_t i = row[v].set, sz = u->st[i + 1] - u->st[i];
        unsigned char *edge = xmalloc(sz ? sz : 1);
        size_t lead = gsea_leading_edge(k->r, k->N, u->ix + u->st[i], sz, edge, NULL);
        sc.set[v] = xstrdup(m->name[u->which[i]]);
        sc.genes[v] = set_genes(u, i, NULL, edge, k->names);
        free(edge);
        double vals[6] = {(double)sz, (double)lead, es[i], nes[i], p[i], q[i]};
        for (int c = 0; c < 6; c++) sc.num[c][v] = vals[c];
        *floor_p += p[i] <= pf[i];
        (*order)[v] = i;
    }
    free(row);
    static const char *const cn[6] = {"size", "overlap", "es", "nes", "p", "q"};
    return sets_table(name, map->name, ntest, &sc, cn);
}

/* The parts the running-score plot reads: NAME.ranking (rank gene r) and
 * NAME.members (set gene rank: each set's genes, in the table's order). */
static void gsea_parts(Result *res, const char *name, const Table *map, const Table *sets, const GeneSetMap *m,
                       const UsedSets *u, const Ranking *k, const size_t *order) {
    size_t N = k->N, ntest = u->S.nsets, members = u->st[ntest];
    Buf pn = {0};
    buf_printf(&pn, "%s.ranking", name);
    Table *rt = table_new(pn.s, map->name, N);
    double *rr = xmalloc(N * sizeof *rr), *rp = xmalloc(N * sizeof *rp);
    char **rg = xcalloc(N, sizeof *rg);
    for (size_t i = 0; i < N; i++) { rp[i] = (double)(i + 1); rg[i] = xstrdup(k->names[i]); rr[i] = k->r[i]; }
    table_add_num(rt, "rank", pn.s, rp);
    table_add_str(rt, "gene", pn.s, rg);
    table_add_num(rt, "r", pn.s, rr);
    pn.len = 0;
    buf_printf(&pn, "%s.members", name);
    Table *mt = table_new(pn.s, sets->name, members);
    char **ms = xcalloc(members ? members : 1, sizeof *ms), **mg = xcalloc(members ? members : 1, sizeof *mg);
    double *mrk = xmalloc((members ? members : 1) * sizeof *mrk);
    size_t z = 0;
    for (size_t v = 0; v < ntest; v++)
        for (size_t h = u->st[order[v]]; h < u->st[order[v] + 1]; h++) {
            ms[z] = xstrdup(m->name[u->which[order[v]]]);
            mg[z] = xstrdup(k->names[u->ix[h]]);
            mrk[z++] = (double)(u->ix[h] + 1);
        }
    table_add_str(mt, "set", pn.s, ms);
    table_add_str(mt, "gene", pn.s, mg);
    table_add_num(mt, "rank", pn.s, mrk);
    buf_free(&pn);
    result_add(res, rt);
    result_add(res, mt);
}

/* The lines under the header: the method, the count at q < 0.05, the sets
 * at the permutations' floor, the table top. */
static void gsea_print(Session *s, const GseaIn *g, const Table *o, size_t floor_p) {
    size_t ntest = o->nrow;
    out_printf(&s->out, "  ES as Subramanian et al. 2005 (weight p = 1); p from %ld gene-set permutations (random sets "
                        "of each size, seed %ld) as fgsea's simple method, (1 + #null as extreme) / (1 + #null of the "
                        "same sign); NES = ES / |mean null ES of its sign|\n", g->perm, g->seed);
    out_printf(&s->out, "  %zu sets tested, BH q over them: %zu at q < 0.05; overlap = the leading edge\n", ntest,
               nsig(o->cols[6].num, ntest));
    if (floor_p)
        out_printf(&s->out, "  %zu set%s at the smallest p the %ld permutations can give (no random set as extreme): "
                            "the true p is smaller; a larger perm= resolves it\n", floor_p, floor_p == 1 ? " is" : "s are",
                   g->perm);
    print_head(s, o, 10);
    if (ntest > 10) out_printf(&s->out, "  … %zu more (show %s rows=all); the leading edges: show %s set,genes; the "
                                        "running score: plot gsea %s set=SET\n", ntest - 10, o->name, o->name, o->name);
}

static int enrich_gsea(Session *s, Args *a, Table *sets, long min, long max, const char *feature, const char *as) {
    GseaIn g = {0};
    Ranking k = {0};
    GeneSetMap m = {0};
    UsedSets u = {0};
    unsigned char *use = NULL;
    char *name = NULL;
    size_t *order = NULL, ntest, floor_p;
    double *stat[5] = {0};
    int rc = 1;
    if (gsea_input(s, a, feature, &g) < 0 || gsea_ranking(s, &g, sets, &k) < 0) goto out;
    name = as ? xstrdup(as) : session_new_name(s, "enrich");
    if (!(ntest = gsea_sets(s, &g, sets, &k, name, min, max, &m, &use))) goto out;
    used_sets(&m, use, ntest, &u);
    for (int c = 0; c < 5; c++) stat[c] = xmalloc(ntest * sizeof *stat[c]);
    if (gsea_run(s, &g, &k, &u, stat[0], stat[1], stat[2], stat[3]) < 0) goto out;
    Table *o = gsea_table(name, g.map, &m, &u, &k, stat, &order, &floor_p);
    gsea_print(s, &g, o, floor_p);
    Result *res = command_result(a, "gsea", o);
    result_param(res, "map", g.map->name);
    result_param(res, "feature", feature);
    result_param(res, "sets", sets->name);
    result_paramf(res, "perm", "%ld", g.perm);
    result_paramf(res, "seed", "%ld", g.seed);
    result_paramf(res, "min", "%ld", min);
    result_paramf(res, "max", "%ld", max);
    result_add(res, geneset_part(name, &m, min, max, use));
    gsea_parts(res, name, g.map, sets, &m, &u, &k, order);
    store_unit(s, res);
    rc = 0;
out:
    for (int c = 0; c < 5; c++) free(stat[c]);
    free(order);
    used_sets_free(&u);
    free(name);
    free(use);
    geneset_map_free(&m);
    ranking_free(&k);
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
