/* test_enrich.c — enrichment against R (tests/reference/genesets.R): the
 * hypergeometric upper tail against phyper (1e-12 relative), an
 * over-representation analysis of real TCGA-GBM genes in the Hallmark sets
 * (p to 1e-12, BH q as p.adjust), and preranked GSEA of the genes ranked by
 * their correlation with survival: ES exactly as a direct R implementation
 * of Subramanian et al. 2005 (1e-12), p and NES within Monte-Carlo error of
 * R's own permutations; the same numbers with 1 and 2 threads. */
#include "testdata.h"
#include "io/load_expr.h"
#include "io/load_gmt.h"
#include "stats/enrich.h"
#include "stats/padjust.h"

int main(void) {
    /* phyper(k - 1, M, N - M, n, lower.tail = FALSE) */
    Table *ph = load("tests/reference/genesets_phyper.tsv");
    CHECK(ph->nrow > 50);
    for (size_t i = 0; i < ph->nrow; i++) {
        long k = (long)ph->cols[0].num[i], M = (long)ph->cols[1].num[i], n = (long)ph->cols[2].num[i],
             N = (long)ph->cols[3].num[i];
        double want = ph->cols[4].num[i], got = hyper_upper(k, M, N, n);
        if (want < 1e-300) CHECK(got < 1e-290);
        else if (fabs(got - want) > 1e-12 * want) { CHECK_NEAR(got, want, 1e-12); printf("  k=%ld M=%ld n=%ld N=%ld\n", k, M, n, N); }
        else CHECK(1);
    }
    table_free(ph);
    CHECK(hyper_upper(0, 5, 10, 3) == 1);
    CHECK(hyper_upper(4, 5, 10, 3) == 0);
    CHECK(isnan(hyper_upper(1, 11, 10, 3)));

    /* ORA: the 100 genes of largest variance in the Hallmark sets, the
       universe the 1,500 genes */
    ExprOpts eo = {.name = "ge"};
    ExprReport er = {0};
    Buf err = {0};
    int c;
    Table *ge = expr_load("tests/data/geneexp_1500x100.tsv", &eo, &er, &err, &c);
    CHECK(ge != NULL);
    if (!ge) return TEST_END();
    expr_report_free(&er);
    const char **names = malloc(ge->ncol * sizeof *names);
    size_t G = 0;
    for (size_t j = 0; j < ge->ncol; j++)
        if ((long)j != ge->id) names[G++] = ge->cols[j].name;
    GmtReport gr;
    Table *h = gmt_load("tests/data/h.all.v2024.1.Hs.symbols.gmt", "h", &gr, &err);
    gmt_report_free(&gr);
    GeneSetMap m;
    CHECK(geneset_map(h, names, G, &m, &err) == 0);
    unsigned char *inq = calloc(G, 1);
    FILE *f = fopen("tests/reference/genesets_ora_query.txt", "r");
    char line[256];
    size_t nq = 0;
    while (f && fgets(line, sizeof line, f)) {
        line[strcspn(line, "\n")] = '\0';
        for (size_t g = 0; g < G; g++)
            if (!strcmp(names[g], line)) { inq[g] = 1; nq++; }
    }
    if (f) fclose(f);
    CHECK_COUNT(nq, 100);
    Table *ora = load("tests/reference/genesets_ora.tsv");
    double *p = malloc(m.nsets * sizeof *p), *q = malloc(m.nsets * sizeof *q);
    size_t *which = malloc(m.nsets * sizeof *which), nt = 0;
    for (size_t s = 0; s < m.nsets; s++) {
        size_t M = m.start[s + 1] - m.start[s], k = 0;
        if (M < 5 || M > 500) continue;
        for (size_t i = m.start[s]; i < m.start[s + 1]; i++) k += inq[m.idx[i]];
        which[nt] = s;
        p[nt++] = hyper_upper((long)k, (long)M, (long)G, (long)nq);
    }
    CHECK_COUNT(nt, ora->nrow);
    p_adjust(p, nt, ADJ_BH, q);
    for (size_t i = 0; i < nt && i < ora->nrow; i++) {
        CHECK_STR(m.name[which[i]], ora->cols[0].str[i]);
        CHECK_NEAR(p[i], ora->cols[3].num[i], 1e-12);
        CHECK_NEAR(q[i], ora->cols[4].num[i], 1e-12);
    }
    table_free(ora);
    free(inq);

    /* preranked GSEA: the ranking R wrote (decreasing r, ties by name) */
    Table *st = load("tests/reference/genesets_gsea_stats.tsv");
    CHECK_COUNT(st->nrow, 1500);
    size_t N = st->nrow;
    double *r = malloc(N * sizeof *r);
    const char **rn = malloc(N * sizeof *rn);
    for (size_t i = 0; i < N; i++) { r[i] = st->cols[1].num[i]; rn[i] = st->cols[0].str[i]; }
    GeneSetMap rm;
    CHECK(geneset_map(h, rn, N, &rm, &err) == 0);
    /* positions sorted ascending, sets of 5..500 */
    size_t *start = malloc((rm.nsets + 1) * sizeof *start), *idx = malloc((rm.start[rm.nsets] + 1) * sizeof *idx);
    size_t ns = 0, used = 0;
    size_t *keep = malloc(rm.nsets * sizeof *keep);
    for (size_t s = 0; s < rm.nsets; s++) {
        size_t k = rm.start[s + 1] - rm.start[s];
        if (k < 5 || k > 500) continue;
        keep[ns] = s;
        start[ns++] = used;
        for (size_t i = rm.start[s]; i < rm.start[s + 1]; i++) {
            size_t v = rm.idx[i], at = used++;
            while (at > start[ns - 1] && idx[at - 1] > v) { idx[at] = idx[at - 1]; at--; }
            idx[at] = v;
        }
    }
    start[ns] = used;
    GsSets S = {ns, start, idx};
    double *es = malloc(ns * sizeof *es), *nes = malloc(ns * sizeof *nes), *pp = malloc(ns * sizeof *pp);
    double *es2 = malloc(ns * sizeof *es2), *nes2 = malloc(ns * sizeof *nes2), *pp2 = malloc(ns * sizeof *pp2);
    GseaOpts go = {.perm = 10000, .seed = 1, .threads = 1};
    CHECK(gsea_prerank(r, N, &S, &go, es, nes, pp, NULL) == 0);
    go.threads = 2;
    CHECK(gsea_prerank(r, N, &S, &go, es2, nes2, pp2, NULL) == 0);
    CHECK(memcmp(es, es2, ns * sizeof *es) == 0 && memcmp(nes, nes2, ns * sizeof *nes) == 0 &&
          memcmp(pp, pp2, ns * sizeof *pp) == 0);
    Table *gs = load("tests/reference/genesets_gsea.tsv");
    CHECK_COUNT(gs->nrow, ns);
    double worst_es = 0, worst_p = 0;
    for (size_t s = 0; s < ns && s < gs->nrow; s++) {
        CHECK_STR(rm.name[keep[s]], gs->cols[0].str[s]);
        CHECK_COUNT(start[s + 1] - start[s], (long)gs->cols[1].num[s]);
        double want = gs->cols[2].num[s];
        CHECK_NEAR(es[s], want, 1e-12);
        if (fabs(es[s] - want) > worst_es) worst_es = fabs(es[s] - want);
        /* Monte-Carlo error: two estimates from ~10,000 draws, about half of
           them of the ES's sign */
        double pr = gs->cols[4].num[s], se = sqrt(2 * pr * (1 - pr) / 3000) + 2.0 / 3000;
        if (fabs(pp[s] - pr) > 5 * se) printf("FAIL p of %s: %g, R %g\n", gs->cols[0].str[s], pp[s], pr);
        CHECK(fabs(pp[s] - pr) <= 5 * se);
        if (fabs(pp[s] - pr) / se > worst_p) worst_p = fabs(pp[s] - pr) / se;
        CHECK(fabs(nes[s] - gs->cols[3].num[s]) <= 0.05 * fabs(gs->cols[3].num[s]));
    }
    printf("GSEA: largest ES difference %.3g; largest p difference %.2f Monte-Carlo SEs\n", worst_es, worst_p);
    table_free(gs);
    /* the walk ends at 0 and reaches ES at the peak */
    double *walk = malloc(N * sizeof *walk);
    size_t peak;
    double e0 = gsea_es(r, N, idx + start[0], start[1] - start[0], &peak);
    gsea_walk(r, N, idx + start[0], start[1] - start[0], walk);
    CHECK_NEAR(walk[peak], e0, 1e-12);
    CHECK(fabs(walk[N - 1]) < 1e-12);
    free(walk);
    free(es); free(nes); free(pp); free(es2); free(nes2); free(pp2);
    free(start); free(idx); free(keep); free(r); free(rn);
    geneset_map_free(&rm);
    table_free(st);
    free(p); free(q); free(which);
    geneset_map_free(&m);
    table_free(h);
    free(names);
    table_free(ge);
    buf_free(&err);
    return TEST_END();
}
