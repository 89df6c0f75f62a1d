/* test_corr.c — correlations and p.adjust against R (tests/reference/corr.R):
 * r to 1e-9 relative, p to 1e-6 relative, on real TCGA data with and
 * without missing values and ties; the fast (BLAS) and pairwise paths
 * agree, and the thread count changes nothing. */
#include "testdata.h"
#include "io/load_table.h"
#include "stats/corr.h"
#include "stats/padjust.h"

static int method_of(const char *m) {
    return !strcmp(m, "pearson") ? COR_PEARSON : !strcmp(m, "spearman") ? COR_SPEARMAN : COR_KENDALL;
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

int main(void) {
    Table *ge = load_expression("tests/data/geneexp_1500x100.tsv", "ge");
    Table *cdr = load("tests/data/mc3_gbm_clinical_cdr.tsv");
    Table *ref = load("tests/reference/corr_expected.tsv");
    long cs = table_find(ref, "set"), cm = table_find(ref, "method"), cx = table_find(ref, "x"), cy = table_find(ref, "y");
    long cn = table_find(ref, "n"), cr = table_find(ref, "r"), cp = table_find(ref, "p");
    double sp[48];
    size_t nsp = 0, nref = 0;
    CHECK_COUNT(ref->nrow, 168);
    for (size_t i = 0; i < ref->nrow; i++) {
        Table *t = strcmp(ref->cols[cs].str[i], "genes") == 0 ? ge : cdr;
        long jx = table_find(t, ref->cols[cx].str[i]), jy = table_find(t, ref->cols[cy].str[i]);
        CHECK(jx >= 0 && jy >= 0);
        if (jx < 0 || jy < 0) continue;
        int m = method_of(ref->cols[cm].str[i]);
        CorResult res = cor_pair(t->cols[jx].num, t->cols[jy].num, t->nrow, (CorMethod)m, COR_EXACT_NO);
        CHECK(res.n == (size_t)ref->cols[cn].num[i]);
        CHECK_NEAR(res.r, ref->cols[cr].num[i], 1e-9);
        CHECK_NEAR(res.p, ref->cols[cp].num[i], 1e-6);
        if (t == ge && m == COR_SPEARMAN) {   /* the p-values p.adjust is checked on (48 expected) */
            if (nsp < sizeof sp / sizeof *sp) sp[nsp] = res.p;
            nsp++;
        }
        nref++;
    }
    CHECK_COUNT(nref, 168);
    /* the block: 8 genes × 6 genes, fast path, 1 and 3 threads */
    size_t n = ge->nrow;
    double X[8 * 100], Y[6 * 100];
    for (int j = 0; j < 8; j++) memcpy(X + j * n, ge->cols[1 + j].num, n * sizeof(double));
    for (int j = 0; j < 6; j++) memcpy(Y + j * n, ge->cols[9 + j].num, n * sizeof(double));
    const double *Xc[8], *Yc[6];
    for (int j = 0; j < 8; j++) Xc[j] = X + j * n;
    for (int j = 0; j < 6; j++) Yc[j] = Y + j * n;
    for (int m = 0; m < 3; m++) {
        double r1[48], p1[48], r3[48], p3[48];
        uint32_t n1[48], n3[48];
        CHECK(cor_block(Xc, 8, Yc, 6, n, (CorMethod)m, COR_EXACT_NO, 1, NULL, r1, p1, n1, NULL, NULL, NULL) == 0);
        CHECK(cor_block(Xc, 8, Yc, 6, n, (CorMethod)m, COR_EXACT_NO, 3, NULL, r3, p3, n3, NULL, NULL, NULL) == 0);
        CHECK(memcmp(r1, r3, sizeof r1) == 0 && memcmp(p1, p3, sizeof p1) == 0);
        for (int k = 0; k < 48; k++) {
            CorResult pr = cor_pair(X + (k / 6) * n, Y + (k % 6) * n, n, (CorMethod)m, COR_EXACT_NO);
            CHECK_NEAR(r1[k], pr.r, 1e-12);
            CHECK_NEAR(p1[k], pr.p, 1e-9);
            CHECK(n1[k] == 100);
        }
    }
    /* a missing value sends that column down the pairwise path */
    X[3] = NAN;
    double rb[48], pb[48];
    uint32_t nb[48];
    CHECK(cor_block(Xc, 8, Yc, 6, n, COR_PEARSON, COR_EXACT_NO, 2, NULL, rb, pb, nb, NULL, NULL, NULL) == 0);
    CHECK(nb[0] == 99 && nb[6] == 100);
    CorResult pr = cor_pair(X, Y, n, COR_PEARSON, COR_EXACT_AUTO);
    CHECK_NEAR(rb[0], pr.r, 1e-15);
    /* a constant column: NA, not noise */
    double k1[5] = {1, 1, 1, 1, 1}, k2[5] = {1, 2, 3, 4, 5};
    CorResult kc = cor_pair(k1, k2, 5, COR_PEARSON, COR_EXACT_AUTO);
    CHECK(kc.n == 5 && isnan(kc.r) && isnan(kc.p));
    double kr, kp;
    uint32_t kn;
    const double *k1c[1] = {k1}, *k2c[1] = {k2};
    CHECK(cor_block(k1c, 1, k2c, 1, 5, COR_SPEARMAN, COR_EXACT_NO, 1, NULL, &kr, &kp, &kn, NULL, NULL, NULL) == 0 && isnan(kr) && isnan(kp));
    /* without nn (every column complete): the same r and p */
    double rn[48], pnn[48];
    X[3] = ge->cols[1].num[3];
    CHECK(cor_block(Xc, 8, Yc, 6, n, COR_SPEARMAN, COR_EXACT_NO, 2, NULL, rn, pnn, NULL, NULL, NULL, NULL) == 0);
    for (int k = 0; k < 48; k++) CHECK(pnn[k] == cor_p_t(rn[k], n));
    /* cor.test's default exact p (tests/reference/corr.R -> corr_exact.tsv):
       Spearman AS 89 (n <= 9 exact, the Edgeworth series to n = 1290),
       Kendall exact for n < 50, the approximation with ties or beyond;
       exact=no gives exact = FALSE's p.  1e-9 relative (Kendall's upper
       tail is summed directly, R's 1 - cdf only where p > 1e-12 matters).
       The fast path (complete columns) and the pairwise path agree. */
    {
        Table *xd = load("tests/reference/corr_exact_data.tsv"), *xr = load("tests/reference/corr_exact.tsv");
        size_t bad = 0, nexact = 0;
        CHECK_COUNT(xr->nrow, 66);
        for (size_t i = 0; i < xr->nrow; i++) {
            double set = xr->cols[0].num[i];
            size_t m = 0, first = 0;
            for (size_t j = 0; j < xd->nrow; j++)
                if (xd->cols[0].num[j] == set) { if (!m) first = j; m++; }
            const double *x = xd->cols[1].num + first, *y = xd->cols[2].num + first;
            CorMethod me = strcmp(xr->cols[1].str[i], "spearman") ? COR_KENDALL : COR_SPEARMAN;
            int ties = (int)xr->cols[3].num[i];
            CorResult a = cor_pair(x, y, m, me, COR_EXACT_AUTO), b = cor_pair(x, y, m, me, COR_EXACT_NO);
            CHECK(m == (size_t)xr->cols[2].num[i]);
            CHECK_NEAR(a.r, xr->cols[4].num[i], 1e-9);
            CHECK_NEAR(a.p, xr->cols[5].num[i], 1e-9);
            CHECK_NEAR(b.p, xr->cols[6].num[i], 1e-9);
            CHECK(a.exact == (!ties && (me == COR_SPEARMAN ? m <= 1290 : m < 50)) && !b.exact);
            nexact += a.exact;
            if (me == COR_SPEARMAN) {   /* the block: fast path */
                double br, bp;
                unsigned char bex, btx, bty;
                CHECK(cor_block(&x, 1, &y, 1, m, me, COR_EXACT_AUTO, 1, NULL, &br, &bp, NULL, &bex, &btx, &bty) == 0);
                CHECK_NEAR(br, a.r, 1e-12);
                CHECK_NEAR(bp, a.p, 1e-9);
                bad += bex != a.exact || (btx || bty) != ties;
            }
        }
        CHECK(bad == 0 && nexact > 20);
        table_free(xd);
        table_free(xr);
    }
    /* fewer than 3 pairs: NA on every path — the fast (matrix product)
       path with n = 2 and n = 0, the pairwise path, Kendall, partial */
    {
        double a2[2] = {1, 2}, b2[2] = {2, 1}, r2, p2;
        const double *a2c = a2, *b2c = b2;
        for (int m = 0; m < 3; m++) {
            CHECK(cor_block(&a2c, 1, &b2c, 1, 2, (CorMethod)m, COR_EXACT_AUTO, 1, NULL, &r2, &p2, NULL, NULL, NULL, NULL) == 0);
            CHECK(isnan(r2) && isnan(p2));
            CHECK(cor_block(&a2c, 1, &b2c, 1, 0, (CorMethod)m, COR_EXACT_AUTO, 1, NULL, &r2, &p2, NULL, NULL, NULL, NULL) == 0);
            CHECK(isnan(r2) && isnan(p2));
            CorResult c2 = cor_pair(a2, b2, 2, (CorMethod)m, COR_EXACT_AUTO);
            CHECK(c2.n == 2 && isnan(c2.r) && isnan(c2.p));
        }
        double a3[3] = {1, 2, NAN}, b3[3] = {2, 1, 3}, z3[3] = {1, 5, 2};
        CorResult c3 = cor_partial(a3, b3, z3, 3, 1, COR_PEARSON);
        CHECK(c3.n == 2 && isnan(c3.r));
    }
    /* partial correlation, as ppcor::pcor.test (tests/reference/corr.R) */
    {
        Table *pref = load("tests/reference/pcor_expected.tsv");
        CHECK_COUNT(pref->nrow, 6);
        for (size_t i = 0; i < pref->nrow; i++) {
            Table *t = strncmp(pref->cols[1].str[i], "CDR_", 4) == 0 ? cdr : ge;
            long jx = table_find(t, pref->cols[1].str[i]), jy = table_find(t, pref->cols[2].str[i]);
            CHECK(jx >= 0 && jy >= 0);
            if (jx < 0 || jy < 0) continue;
            char *zs = strdup(pref->cols[3].str[i]);
            double z[3 * 400];
            size_t k = 0, zbad = 0;
            for (char *save = NULL, *tok = strtok_r(zs, ",", &save); tok; tok = strtok_r(NULL, ",", &save)) {
                long jz = table_find(t, tok);
                if (jz < 0 || (k + 1) * t->nrow > sizeof z / sizeof *z) { zbad++; continue; }   /* no room: a failure, not an overflow */
                memcpy(z + (k++) * t->nrow, t->cols[jz].num, t->nrow * sizeof(double));
            }
            free(zs);
            CHECK(zbad == 0);
            CorResult pcr = cor_partial(t->cols[jx].num, t->cols[jy].num, z, t->nrow, k,
                                        strcmp(pref->cols[0].str[i], "pearson") ? COR_SPEARMAN : COR_PEARSON);
            CHECK(pcr.n == (size_t)pref->cols[4].num[i]);
            CHECK_NEAR(pcr.r, pref->cols[5].num[i], 1e-9);
            CHECK_NEAR(pcr.p, pref->cols[6].num[i], 1e-6);
        }
        table_free(pref);
    }
    /* p.adjust */
    CHECK_COUNT(nsp, 48);
    Table *adj = load("tests/reference/padjust_expected.tsv");
    CHECK_COUNT(adj->nrow, 48);
    if (nsp != 48 || adj->nrow != 48) return TEST_END();
    const char *names[] = {"BH", "BY", "holm", "bonferroni", "hochberg", "hommel"};
    AdjustMethod am[] = {ADJ_BH, ADJ_BY, ADJ_HOLM, ADJ_BONFERRONI, ADJ_HOCHBERG, ADJ_HOMMEL};
    for (int a = 0; a < 6; a++) {
        double q[48];
        CHECK(p_adjust(sp, 48, am[a], q) == 0);
        long col = table_find(adj, names[a]);
        for (int k = 0; k < 48; k++) CHECK_NEAR(q[k], adj->cols[col].num[k], 1e-6);
    }
    /* every method with ties and NAs, and families of 1, 2, 3
       (tests/reference/padjust_ties.tsv), exactly as p.adjust: 1e-12 */
    {
        Table *tt = load("tests/reference/padjust_ties.tsv");
        size_t bad = 0, rows = 0;
        CHECK_COUNT(tt->nrow, 42);
        for (size_t i = 0; i < tt->nrow;) {
            size_t e = i;
            while (e < tt->nrow && !strcmp(tt->cols[0].str[e], tt->cols[0].str[i])) e++;
            double pp[64], qq[64];
            CHECK(e - i <= sizeof pp / sizeof *pp);
            if (e - i > sizeof pp / sizeof *pp) { i = e; continue; }
            rows += e - i;
            for (size_t j = i; j < e; j++) pp[j - i] = tt->cols[1].num[j];
            for (int a = 0; a < 6; a++) {
                CHECK(p_adjust(pp, e - i, am[a], qq) == 0);
                long col = table_find(tt, names[a]);
                for (size_t j = i; j < e; j++) {
                    double w = tt->cols[col].num[j], g = qq[j - i];
                    if (isnan(w) ? !isnan(g) : !(fabs(g - w) <= 1e-12)) {
                        bad++;
                        printf("FAIL padjust %s %s[%zu]: %.17g want %.17g\n", tt->cols[0].str[i], names[a], j - i, g, w);
                    }
                }
            }
            i = e;
        }
        CHECK(bad == 0);
        CHECK_COUNT(rows, 42);
        table_free(tt);
        double big1[3] = {0.2, 0.1, 0.3};
        CHECK(p_adjust_head(big1, 3, 10, ADJ_HOMMEL, big1) == -2);
    }
    double pn[4] = {0.01, NAN, 0.04, 0.03}, qn[4];
    p_adjust(pn, 4, ADJ_BH, qn);   /* p.adjust(c(.01, NA, .04, .03), "BH") = 0.03 NA 0.04 0.04 */
    CHECK_NEAR(qn[0], 0.03, 1e-15);
    CHECK(isnan(qn[1]));
    CHECK_NEAR(qn[2], 0.04, 1e-15);
    CHECK_NEAR(qn[3], 0.04, 1e-15);
    /* p_adjust_family: the same q (in place), and the counts of a summary
       (by hand: BH of .01 .04 .045 .3 is .04 .06 .06 .3) */
    {
        double pf[5] = {0.01, 0.04, NAN, 0.045, 0.3};
        PFamily f = {9, 9, 9};
        CHECK(p_adjust_family(pf, 5, ADJ_BH, pf, &f) == 0);
        CHECK(f.tested == 4 && f.nominal == 3 && f.sig == 1);
        CHECK_NEAR(pf[0], 0.04, 1e-15);
        CHECK_NEAR(pf[1], 0.06, 1e-15);
        CHECK(isnan(pf[2]));
        CHECK_NEAR(pf[3], 0.06, 1e-15);
        CHECK_NEAR(pf[4], 0.3, 1e-15);
        double sq[48];
        CHECK(p_adjust_family(sp, 48, ADJ_HOLM, sq, &f) == 0);
        size_t nom = 0, sig = 0;
        for (int k = 0; k < 48; k++) { nom += sp[k] < 0.05; sig += sq[k] < 0.05; }
        CHECK(f.tested == 48 && f.nominal == nom && f.sig == sig && sig < nom);
        double *hp = malloc((PADJ_HOMMEL_MAX + 1) * sizeof *hp);
        for (size_t k = 0; k <= PADJ_HOMMEL_MAX; k++) hp[k] = (double)(k + 1) / (PADJ_HOMMEL_MAX + 2);
        f = (PFamily){7, 7, 7};
        CHECK(p_adjust_family(hp, PADJ_HOMMEL_MAX + 1, ADJ_HOMMEL, hp, &f) == -2 && f.tested == 7);
        free(hp);
    }
    /* a large family with ties and NAs, in place (q = p), against the
       definition: BH q_i = min over p_j >= p_i of min(1, m p_j / rank_j)
       with rank_j the number of p <= p_j; Holm q_i = max over p_j <= p_i of
       min(1, (m - rank_j + 1) p_j) with rank_j the first rank of p_j */
    {
        size_t M = 200000;
        double *big = malloc(M * sizeof *big), *q1 = malloc(M * sizeof *q1), *srt = malloc(M * sizeof *srt);
        unsigned long st = 12345;
        size_t m = 0;
        for (size_t i = 0; i < M; i++) {
            st = st * 6364136223846793005UL + 1442695040888963407UL;
            double u = (double)(st >> 11) / 9007199254740992.0;
            big[i] = i % 97 == 5 ? NAN : i % 3 == 0 ? round(u * 1000) / 1000 : pow(u, 4);   /* ties, tiny p */
            if (!isnan(big[i])) srt[m++] = big[i];
        }
        qsort(srt, m, sizeof *srt, cmp_double);
        /* the definitions, evaluated at each distinct value */
        double *bh = malloc(m * sizeof *bh), *hm = malloc(m * sizeof *hm);
        double run = INFINITY;
        for (size_t j = m; j-- > 0;) {   /* last rank of a tie: j where srt[j+1] differs */
            double x = fmin(1, (double)m / (double)(j + 1) * srt[j]);
            if (x < run) run = x;
            bh[j] = run;
        }
        run = 0;
        for (size_t j = 0; j < m; j++) {
            double x = fmin(1, (double)(m - j) * srt[j]);
            if (x > run) run = x;
            hm[j] = run;
        }
        memcpy(q1, big, M * sizeof *q1);
        CHECK(p_adjust(q1, M, ADJ_BH, q1) == 0);
        size_t bad = 0;
        for (size_t i = 0; i < M; i++) {
            if (isnan(big[i])) { bad += !isnan(q1[i]); continue; }
            size_t lo = 0, hi = m;   /* upper bound of big[i] */
            while (lo < hi) { size_t mid = (lo + hi) / 2; if (srt[mid] <= big[i]) lo = mid + 1; else hi = mid; }
            bad += q1[i] != bh[lo - 1];
        }
        CHECK(bad == 0);
        memcpy(q1, big, M * sizeof *q1);
        CHECK(p_adjust(q1, M, ADJ_HOLM, q1) == 0);
        bad = 0;
        for (size_t i = 0; i < M; i++) {
            if (isnan(big[i])) continue;
            size_t lo = 0, hi = m;   /* lower bound */
            while (lo < hi) { size_t mid = (lo + hi) / 2; if (srt[mid] < big[i]) lo = mid + 1; else hi = mid; }
            bad += q1[i] != hm[lo];
        }
        CHECK(bad == 0);
        free(big); free(q1); free(srt); free(bh); free(hm);
    }
    table_free(adj);
    table_free(ref);
    table_free(cdr);
    table_free(ge);
    return TEST_END();
}
