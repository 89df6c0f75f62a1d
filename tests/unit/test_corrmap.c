/* test_corrmap.c — the correlation map (stats/corrmap.h) against R
 * (tests/reference/corrmap.R: cor.test pair by pair, p.adjust over the
 * family, the pairs kept in rgx's order): the pairs kept and their n
 * exactly, r, p and q to 1e-9 relative, the family's counts exactly; the
 * thresholded path (p only for the strong pairs) gives the whole map's
 * pairs and numbers bit for bit; the thread count changes nothing; the
 * bisection cut keeps every pair with p < F; partial maps are cor_partial
 * pair by pair; Ctrl-C and Hommel's limit are reported. */
#include "testdata.h"
#include "stats/corrmap.h"

typedef struct Case {
    const char *name;
    int x0, x1, y0, y1;     /* genes by position (1-based, as R), y0 = 0: X with itself */
    CorMethod m;
    AdjustMethod adj;
    int keep;               /* 'q', 'p' or 0 (all) */
    double lim;
    size_t top;
    int na;                 /* X genes 3 and 7 lose the patients seq(k, 100, by = 11) */
} Case;

static const Case CASES[] = {
    {"sp_bh_q05", 1, 12, 13, 42, COR_SPEARMAN, ADJ_BH, 'q', 0.05, 0, 0},
    {"sp_bh_all", 1, 12, 13, 42, COR_SPEARMAN, ADJ_BH, 0, INFINITY, 0, 0},
    {"pe_by_p01", 1, 12, 13, 42, COR_PEARSON, ADJ_BY, 'p', 0.01, 0, 0},
    {"sp_holm_self", 1, 20, 0, 0, COR_SPEARMAN, ADJ_HOLM, 'q', 0.1, 0, 0},
    {"sp_bh_na", 1, 12, 13, 42, COR_SPEARMAN, ADJ_BH, 'q', 0.05, 0, 1},
    {"ke_hochberg_p05", 1, 5, 13, 22, COR_KENDALL, ADJ_HOCHBERG, 'p', 0.05, 0, 0},
    {"sp_hommel_q2", 1, 6, 13, 32, COR_SPEARMAN, ADJ_HOMMEL, 'q', 0.2, 0, 0},
    {"pe_bonf_top7", 1, 12, 13, 42, COR_PEARSON, ADJ_BONFERRONI, 'q', 0.5, 7, 0},
};

/* The columns of a case: pointers into ge, or (na) into copies in *own. */
static size_t columns(const Table *ge, int a, int b, int na, const double **cols, double **own) {
    size_t n = ge->nrow, k = 0;
    for (int g = a; g <= b; g++, k++) {
        cols[k] = ge->cols[g].num;
        if (na && (g == 3 || g == 7)) {
            double *v = malloc(n * sizeof *v);
            memcpy(v, ge->cols[g].num, n * sizeof *v);
            for (size_t i = (size_t)g - 1; i < n; i += 11) v[i] = NAN;
            own[g] = v;
            cols[k] = v;
        }
    }
    return k;
}

static CorrMapOpts opts_of(const Case *c, int threads) {
    return (CorrMapOpts){.method = c->m, .exact = COR_EXACT_AUTO, .adjust = c->adj, .self = c->y0 == 0,
                         .keep_q = c->keep != 'p', .keep_lim = c->keep ? c->lim : INFINITY, .top = c->top,
                         .threads = threads};
}

/* The same pairs with the same numbers, bit for bit. */
static int same_pairs(const CorrMap *a, const CorrMap *b) {
    if (a->npairs != b->npairs || a->family != b->family || a->tested != b->tested || a->nominal != b->nominal ||
        a->sig != b->sig || a->nexact != b->nexact || a->ntail != b->ntail)
        return 0;
    for (size_t i = 0; i < a->npairs; i++)
        if (a->pairs[i].k != b->pairs[i].k || memcmp(&a->pairs[i].p, &b->pairs[i].p, sizeof(double)) ||
            memcmp(&a->pairs[i].q, &b->pairs[i].q, sizeof(double)) || memcmp(&a->r[a->pairs[i].k], &b->r[b->pairs[i].k], sizeof(double)))
            return 0;
    return 1;
}

/* Every case against R, and against itself on 3 threads and on the whole path. */
static void check_cases(const Table *ge) {
    Table *ref = load("tests/reference/corrmap_expected.tsv"), *cnt = load("tests/reference/corrmap_counts.tsv");
    size_t nc = sizeof CASES / sizeof *CASES, rows = 0, heads = 0;
    CHECK_COUNT(cnt->nrow, nc);
    CHECK_COUNT(ref->nrow, 164 + 360 + 178 + 53 + 164 + 20 + 31 + 7);
    for (size_t ci = 0; ci < nc && cnt->nrow == nc; ci++) {
        const Case *c = &CASES[ci];
        const double *X[64], *Y[64];
        double *own[64] = {0};
        size_t nx = columns(ge, c->x0, c->x1, c->na, X, own);
        size_t ny = c->y0 ? columns(ge, c->y0, c->y1, 0, Y, own) : columns(ge, c->x0, c->x1, c->na, Y, own + 32);
        CorrMapOpts o = opts_of(c, 1);
        CorrMap M, M3, W;
        CHECK(corrmap_compute(X, nx, Y, ny, ge->nrow, &o, &M) == 0);
        CHECK_STR(cnt->cols[0].str[ci], c->name);
        CHECK_COUNT(M.family, cnt->cols[1].num[ci]);
        CHECK_COUNT(M.tested, cnt->cols[2].num[ci]);
        CHECK_COUNT(M.nominal, cnt->cols[3].num[ci]);
        CHECK_COUNT(M.sig, cnt->cols[4].num[ci]);
        size_t want = 0, bad = 0;
        for (size_t i = 0; i < ref->nrow; i++) {
            if (strcmp(ref->cols[0].str[i], c->name)) continue;
            if (want < M.npairs) {
                size_t k = M.pairs[want].k;
                bad += strcmp(ge->cols[c->x0 + (int)(k / M.ny)].name, ref->cols[1].str[i]) != 0;
                bad += strcmp(ge->cols[(c->y0 ? c->y0 : c->x0) + (int)(k % M.ny)].name, ref->cols[2].str[i]) != 0;
                bad += corrmap_n(&M, k) != (size_t)ref->cols[3].num[i];
                bad += fabs(M.r[k] - ref->cols[4].num[i]) > 1e-9 * fabs(ref->cols[4].num[i]);
                bad += fabs(M.pairs[want].p - ref->cols[5].num[i]) > 1e-9 * ref->cols[5].num[i];
                bad += fabs(M.pairs[want].q - ref->cols[6].num[i]) > 1e-9 * ref->cols[6].num[i];
                bad += !(corrmap_p(&M, k) == M.pairs[want].p);
            }
            want++;
        }
        if (bad) printf("FAIL %s: %zu differences from R\n", c->name, bad);
        CHECK(bad == 0);
        CHECK_COUNT(M.npairs, want);
        rows += want;
        /* threads change nothing; the whole path gives the thresholded path's pairs */
        o.threads = 3;
        CHECK(corrmap_compute(X, nx, Y, ny, ge->nrow, &o, &M3) == 0 && same_pairs(&M, &M3));
        o.threads = 1;
        o.all_q = 1;
        CHECK(corrmap_compute(X, nx, Y, ny, ge->nrow, &o, &W) == 0 && same_pairs(&M, &W) && !W.thresholded && W.q);
        heads += M.thresholded;
        /* (with missing values too: each pair's own n and exactness) */
        CHECK(M.thresholded == (c->keep && c->m != COR_KENDALL && c->adj != ADJ_HOMMEL));
        corrmap_free(&M);
        corrmap_free(&M3);
        corrmap_free(&W);
        for (int g = 0; g < 64; g++) free(own[g]);
    }
    CHECK_COUNT(rows, ref->nrow);
    CHECK_COUNT(heads, 5);
    table_free(ref);
    table_free(cnt);
}

/* corrmap_rcut: every r whose p is below F lies beyond the cut, and just
 * beyond the cut some p already is below F (the cut is not loose). */
static void check_rcut(void) {
    const size_t ns[] = {5, 10, 30, 100, 500, 1290, 1300};
    const double Fs[] = {0.05, 0.2, 1e-3, 1e-8};
    size_t bad = 0, loose = 0;
    for (int m = 0; m < 2; m++)
        for (int e = 0; e < 3; e++)
            for (size_t a = 0; a < sizeof ns / sizeof *ns; a++)
                for (size_t b = 0; b < sizeof Fs / sizeof *Fs; b++) {
                    CorMethod me = m ? COR_PEARSON : COR_SPEARMAN;
                    size_t n = ns[a];
                    double F = Fs[b], cut = corrmap_rcut(me, n, F, (CorExact)e);
                    int ex = cor_exact_applies(me, n, 0, (CorExact)e);
                    for (int i = 0; i <= 20000; i++) {
                        double r = i / 20000.0;
                        int passes = cor_p_rn(me, r, n, 0) < F || (ex && cor_p_rn(me, r, n, 1) < F);
                        bad += passes && !(r > cut);
                    }
                    double above = fmin(1, cut + 1e-7);
                    loose += !(cor_p_rn(me, above, n, 0) < F || (ex && cor_p_rn(me, above, n, 1) < F)) && above < 1;
                }
    CHECK(bad == 0);
    CHECK(loose == 0);
}

/* Partial maps: cor_partial pair by pair, p.adjust over them. */
static void check_partial(const Table *ge) {
    const double *X[4], *Y[5];
    double *own[64] = {0};
    size_t n = ge->nrow;
    columns(ge, 1, 4, 0, X, own);
    columns(ge, 13, 17, 0, Y, own);
    double z[2 * 100];
    memcpy(z, ge->cols[30].num, n * sizeof *z);
    memcpy(z + n, ge->cols[31].num, n * sizeof *z);
    CorrMapOpts o = {.method = COR_PEARSON, .adjust = ADJ_BH, .partial = 1, .z = z, .nz = 2, .keep_lim = INFINITY, .threads = 1};
    CorrMap M;
    CHECK(corrmap_compute(X, 4, Y, 5, n, &o, &M) == 0);
    CHECK(M.nn && !M.ex && !M.thresholded && M.nexact == 0);
    double p[20], q[20];
    size_t bad = 0;
    for (size_t k = 0; k < 20; k++) {
        CorResult cr = cor_partial(X[k / 5], Y[k % 5], z, n, 2, COR_PEARSON);
        p[k] = cr.p;
        bad += !(cr.r == M.r[k] && cr.p == corrmap_p(&M, k) && cr.n == corrmap_n(&M, k));
    }
    p_adjust(p, 20, ADJ_BH, q);
    for (size_t k = 0; k < 20; k++) bad += !(q[k] == M.q[k]);
    CHECK(bad == 0);
    CHECK_COUNT(M.npairs, 20);
    corrmap_free(&M);
}

/* A constant column: NA pairs, counted and kept last; Ctrl-C; Hommel's limit. */
static void check_edges(void) {
    double a[6] = {1, 2, 3, 4, 5, 6}, b[6] = {2, 1, 4, 3, 6, 5}, k1[6] = {3, 3, 3, 3, 3, 3};
    const double *X[2] = {a, k1}, *Y[1] = {b};
    CorrMapOpts o = {.method = COR_SPEARMAN, .adjust = ADJ_BH, .keep_lim = INFINITY, .threads = 1};
    CorrMap M;
    CHECK(corrmap_compute(X, 2, Y, 1, 6, &o, &M) == 0);
    CHECK(M.family == 2 && M.tested == 1 && M.na == 1 && M.npairs == 2);
    CHECK(M.pairs[0].k == 0 && M.pairs[1].k == 1 && isnan(M.pairs[1].p) && isnan(M.pairs[1].q));
    corrmap_free(&M);
    volatile sig_atomic_t stop = 1;
    o.cancel = &stop;
    CHECK(corrmap_compute(X, 2, Y, 1, 6, &o, &M) == CORRMAP_CANCELLED);
    corrmap_free(&M);
    /* 250 × 250 columns of 5 values: 62,500 tested pairs, more than Hommel's limit */
    size_t nc = 250;
    double *v = malloc(nc * 5 * sizeof *v);
    const double **C = malloc(nc * sizeof *C);
    unsigned long st = 7;
    for (size_t i = 0; i < nc * 5; i++) {
        st = st * 6364136223846793005UL + 1442695040888963407UL;
        v[i] = (double)(st >> 11) / 9007199254740992.0;
    }
    for (size_t j = 0; j < nc; j++) C[j] = v + 5 * j;
    CorrMapOpts h = {.method = COR_PEARSON, .adjust = ADJ_HOMMEL, .keep_q = 1, .keep_lim = 0.05, .threads = 2};
    CHECK(corrmap_compute(C, nc, C, nc, 5, &h, &M) == CORRMAP_HOMMEL);
    CHECK_COUNT(M.tested, nc * nc);
    corrmap_free(&M);
    corrmap_free(&M);   /* twice: nothing left to free */
    free(v);
    free(C);
}

int main(void) {
    Table *ge = load_expression("tests/data/geneexp_1500x100.tsv", "ge");
    CHECK_COUNT(ge->nrow, 100);
    check_cases(ge);
    check_rcut();
    check_partial(ge);
    check_edges();
    table_free(ge);
    return TEST_END();
}
