/* test_gsva.c — gene-set scores against R's GSVA 1.46 (tests/reference/
 * genesets.R) on real TCGA-GBM expression (1,500 genes × 100 patients) and
 * the MSigDB Hallmark sets: ssgsea, gsva (Gaussian and Poisson kernels,
 * mx.diff and abs.ranking), zscore and plage (up to the SVD's sign) to
 * 1e-10 (gsva's Poisson kernel, whose ppois is GSL's, to 1e-8); the same
 * numbers with 1 and 2 threads; singscore against the values published
 * with its example data; and the GMT reader. */
#include "testdata.h"
#include "io/load_expr.h"
#include "io/load_gmt.h"
#include "stats/gsva.h"

typedef struct Expr {
    Table *t;
    const double **x;       /* per gene */
    const char **names;
    size_t G, n;
} Expr;

static Expr expr_of(const char *path) {
    ExprOpts eo = {.name = "ge"};
    ExprReport er = {0};
    Buf err = {0};
    int c;
    Expr e = {0};
    e.t = expr_load(path, &eo, &er, &err, &c);
    if (!e.t) { printf("FAIL cannot load %s: %s\n", path, err.s); exit(1); }
    expr_report_free(&er);
    buf_free(&err);
    e.x = malloc(e.t->ncol * sizeof *e.x);
    e.names = malloc(e.t->ncol * sizeof *e.names);
    for (size_t j = 0; j < e.t->ncol; j++)
        if ((long)j != e.t->id && e.t->cols[j].type == COL_NUM) {
            e.x[e.G] = e.t->cols[j].num;
            e.names[e.G++] = e.t->cols[j].name;
        }
    e.n = e.t->nrow;
    return e;
}

static void expr_free(Expr *e) { table_free(e->t); free(e->x); free(e->names); }

/* The sets of m with lo..hi genes present, as GsSets (caller frees start,
 * keep; idx borrowed from m). */
static GsSets sized(const GeneSetMap *m, size_t lo, size_t hi, size_t **start, size_t **idx, size_t **keep) {
    *start = malloc((m->nsets + 1) * sizeof **start);
    *idx = malloc((m->start[m->nsets] + 1) * sizeof **idx);
    *keep = malloc((m->nsets + 1) * sizeof **keep);
    size_t ns = 0, used = 0;
    for (size_t s = 0; s < m->nsets; s++) {
        size_t k = m->start[s + 1] - m->start[s];
        if (k < lo || k > hi) continue;
        (*keep)[ns] = s;
        (*start)[ns++] = used;
        for (size_t q = m->start[s]; q < m->start[s + 1]; q++) (*idx)[used++] = m->idx[q];
    }
    (*start)[ns] = used;
    return (GsSets){ns, *start, *idx};
}

/* Compare es (nsets × n, sets keep[]) with a reference file; sign: compare
 * up to each set's sign.  Returns the largest difference. */
static double compare(const char *ref, const Expr *e, const GeneSetMap *m, const size_t *keep, size_t ns,
                      const double *es, double tol, int sign) {
    Table *r = load(ref);
    CHECK_COUNT(r->nrow, ns);
    double worst = 0;
    for (size_t s = 0; s < ns && s < r->nrow; s++) {
        CHECK_STR(r->cols[0].str[s], m->name[keep[s]]);
        double dir = 1;
        if (sign) {
            double dot = 0;
            for (size_t j = 0; j < e->n; j++) {
                long c = table_find(r, e->t->cols[e->t->id].str[j]);
                if (c > 0) dot += es[s * e->n + j] * r->cols[c].num[s];
            }
            dir = dot < 0 ? -1 : 1;
        }
        size_t checked = 0;
        for (size_t j = 0; j < e->n; j++) {
            long c = table_find(r, e->t->cols[e->t->id].str[j]);
            if (c <= 0) continue;
            double got = dir * es[s * e->n + j], want = r->cols[c].num[s];
            CHECK_NEAR(got, want, tol);
            if (fabs(got - want) > worst) worst = fabs(got - want);
            checked++;
        }
        CHECK_COUNT(checked, e->n);
    }
    table_free(r);
    return worst;
}

int main(void) {
    system("mkdir -p tests/tmp");
    Expr e = expr_of("tests/data/geneexp_1500x100.tsv");
    CHECK_COUNT(e.G, 1500);
    CHECK_COUNT(e.n, 100);
    GmtReport gr;
    Buf err = {0};
    Table *h = gmt_load("tests/data/h.all.v2024.1.Hs.symbols.gmt", "hallmark", &gr, &err);
    CHECK(h != NULL);
    if (!h) return TEST_END();
    CHECK_COUNT(gr.sets, 50);
    CHECK_COUNT(gr.min_size, 32);
    CHECK_COUNT(gr.max_size, 200);
    CHECK_COUNT(gr.malformed, 0);
    gmt_report_free(&gr);
    GeneSetMap m;
    CHECK(geneset_map(h, e.names, e.G, &m, &err) == 0);
    unsigned char *cst = calloc(e.G, 1);
    CHECK_COUNT(gsva_constant(e.x, e.G, e.n, cst), 0);
    free(cst);
    size_t *start, *idx, *keep;
    GsSets S = sized(&m, 5, 500, &start, &idx, &keep);
    CHECK_COUNT(S.nsets, 43);
    double *es = malloc(S.nsets * e.n * sizeof *es), *es2 = malloc(S.nsets * e.n * sizeof *es2);
    struct {
        const char *ref;
        GsvaOpts o;
        double tol;
        int sign;
    } runs[] = {
        {"tests/reference/genesets_ssgsea.tsv", {.method = GS_SSGSEA, .tau = 0.25, .norm = 1}, 1e-10, 0},
        {"tests/reference/genesets_ssgsea_raw.tsv", {.method = GS_SSGSEA, .tau = 0.5, .norm = 0}, 1e-10, 0},
        {"tests/reference/genesets_gsva.tsv", {.method = GS_GSVA, .tau = 1, .mx_diff = 1}, 1e-10, 0},
        {"tests/reference/genesets_gsva_maxdev.tsv", {.method = GS_GSVA, .tau = 1, .mx_diff = 0}, 1e-10, 0},
        {"tests/reference/genesets_gsva_abs.tsv", {.method = GS_GSVA, .tau = 1, .mx_diff = 1, .abs_ranking = 1}, 1e-10, 0},
        {"tests/reference/genesets_zscore.tsv", {.method = GS_ZSCORE}, 1e-10, 0},
        {"tests/reference/genesets_plage.tsv", {.method = GS_PLAGE}, 1e-10, 1},
    };
    for (size_t r = 0; r < sizeof runs / sizeof *runs; r++) {
        runs[r].o.threads = 1;
        CHECK(gsva_scores(e.x, e.G, e.n, &S, &runs[r].o, es) == 0);
        double worst = compare(runs[r].ref, &e, &m, keep, S.nsets, es, runs[r].tol, runs[r].sign);
        printf("%s: largest difference from GSVA %.3g\n", runs[r].ref, worst);
        runs[r].o.threads = 2;   /* the same bits with two threads */
        CHECK(gsva_scores(e.x, e.G, e.n, &S, &runs[r].o, es2) == 0);
        CHECK(memcmp(es, es2, S.nsets * e.n * sizeof *es) == 0);
    }
    /* the Poisson kernel on counts floor(2^(x + 8)) */
    double **cnt = malloc(e.G * sizeof *cnt);
    for (size_t g = 0; g < e.G; g++) {
        cnt[g] = malloc(e.n * sizeof **cnt);
        for (size_t j = 0; j < e.n; j++) cnt[g][j] = floor(pow(2, e.x[g][j] + 8));
    }
    GsvaOpts po = {.method = GS_GSVA, .tau = 1, .mx_diff = 1, .poisson = 1, .threads = 2};
    CHECK(gsva_scores((const double *const *)cnt, e.G, e.n, &S, &po, es) == 0);
    printf("poisson: largest difference from GSVA %.3g\n",
           compare("tests/reference/genesets_gsva_poisson.tsv", &e, &m, keep, S.nsets, es, 1e-8, 0));
    for (size_t g = 0; g < e.G; g++) free(cnt[g]);
    free(cnt);
    /* cancelled before it starts */
    volatile sig_atomic_t stop = 1;
    GsvaOpts co = {.method = GS_GSVA, .tau = 1, .mx_diff = 1, .threads = 2, .cancel = &stop};
    CHECK(gsva_scores(e.x, e.G, e.n, &S, &co, es) == -2);
    free(es);
    free(es2);
    free(start);
    free(idx);
    free(keep);
    geneset_map_free(&m);
    table_free(h);
    expr_free(&e);

    /* singscore: the values published with its example data (singscore
       1.1.2's vignette; tests/reference/singscore_published.tsv) */
    Expr t = expr_of("tests/data/tgfb_expr_10.tsv.gz");
    CHECK_COUNT(t.G, 11900);
    CHECK_COUNT(t.n, 10);
    Table *ud = gmt_load("tests/data/tgfb_gs_up_dn.gmt", "tgfb", &gr, &err);
    CHECK(ud != NULL);
    gmt_report_free(&gr);
    CHECK(geneset_map(ud, t.names, t.G, &m, &err) == 0);
    CHECK_COUNT(m.start[1] - m.start[0], 193);
    CHECK_COUNT(m.start[2] - m.start[1], 108);
    GsSets US = {2, m.start, m.idx};
    size_t use[1] = {0};
    long down[1] = {1};
    double tot[10], up[10], dn[10];
    CHECK(singscore(t.x, t.G, t.n, &US, use, down, 1, 2, NULL, tot, up, dn) == 0);
    Table *pub = load("tests/reference/singscore_published.tsv");
    CHECK_COUNT(pub->nrow, 10);
    size_t seen = 0;
    for (size_t i = 0; i < pub->nrow; i++)
        for (size_t j = 0; j < t.n; j++)
            if (!strcmp(t.t->cols[t.t->id].str[j], pub->cols[0].str[i])) {
                /* published with 7 to 9 significant digits */
                CHECK(fabs(tot[j] - pub->cols[1].num[i]) < 5e-9);
                CHECK(fabs(up[j] - pub->cols[2].num[i]) < 5e-8);
                CHECK(fabs(dn[j] - pub->cols[3].num[i]) < 5e-8);
                seen++;
            }
    CHECK_COUNT(seen, 10);
    table_free(pub);
    geneset_map_free(&m);
    table_free(ud);
    expr_free(&t);

    /* the GMT reader: duplicates, weights, malformed lines, CR line ends */
    const char *p = WRITE_TMP("t.gmt", "\xEF\xBB\xBFS1\tdesc\tA\tB\tA\tC\t\r\n"
                                      "S2\t\tD,1.0\tE,0.5\r"
                                      "no tab here\n"
                                      "\n"
                                      "S1\tagain\tA\tB\tC\n"
                                      "S1\tother\tX\tY\n"
                                      "S3\tempty\t\t\n"
                                      "S4\tspace\tG 1\tH\n");
    Table *g = gmt_load(p, "g", &gr, &err);
    CHECK(g != NULL);
    if (g) {
        CHECK_COUNT(gr.sets, 4);
        CHECK_COUNT(gr.dup_genes, 1);
        CHECK_COUNT(gr.dup_gene_sets, 1);
        CHECK_COUNT(gr.dup_names, 2);
        CHECK_COUNT(gr.weights, 2);
        CHECK_COUNT(gr.malformed, 2);
        CHECK_COUNT(gr.spaced, 1);
        CHECK_COUNT(gr.min_size, 1);
        CHECK_COUNT(gr.max_size, 3);
        CHECK_STR(g->cols[0].str[0], "S1");
        CHECK_STR(g->cols[2].str[0], "A B C");
        CHECK_STR(g->cols[2].str[1], "D E");
        CHECK_STR(g->cols[0].str[2], "S1.2");
        CHECK_STR(g->cols[0].str[3], "S4");
        CHECK_STR(g->cols[2].str[3], "H");
        CHECK_STR(gr.dup_first, "S1: A");
        gmt_report_free(&gr);
        table_free(g);
    }
    buf_free(&err);
    CHECK(gmt_load(WRITE_TMP("e.gmt", ""), "e", &gr, &err) == NULL);
    CHECK(err.s && strstr(err.s, "no gene sets"));
    gmt_report_free(&gr);
    buf_free(&err);
    return TEST_END();
}
