/* test_concordance.c — Harrell's C against R's survival::concordance
 * (tests/reference/models.R): the five pair counts, C and its standard
 * error, both directions, on lung, veteran, NSCLC and a coxph linear
 * predictor; the binary AUC equivalence (against pROC via stats/roc.c
 * and glmnet's cv AUC); the tree algorithm against a brute-force count of
 * all pairs; survival's near-tie time fix. */
#include "models_data.h"
#include "stats/concordance.h"
#include "stats/cox.h"
#include "stats/glmnet_cv.h"
#include "stats/roc.h"

static Table *ref;
static int verbose;

static void check(const char *set, int reverse, const ConcordanceFit *f) {
    size_t rows[8], nr = ref_rows(ref, set, rows), i = 0, hit = 0;
    for (size_t k = 0; k < nr; k++)
        if ((int)rcol(ref, "reverse")[rows[k]] == reverse) { i = rows[k]; hit++; }
    CHECK(hit == 1);
    CHECK(f->dir == (reverse ? CONC_HIGHER_RISK : CONC_HIGHER_LONGER));
    CHECK(f->concordant == rcol(ref, "concordant")[i]);
    CHECK(f->discordant == rcol(ref, "discordant")[i]);
    CHECK(f->tied_x == rcol(ref, "tied_x")[i]);
    CHECK(f->tied_y == rcol(ref, "tied_y")[i]);
    CHECK(f->tied_xy == rcol(ref, "tied_xy")[i]);
    CHECK_NEAR(f->c, rcol(ref, "c")[i], 1e-12);
    CHECK_NEAR(f->se, rcol(ref, "se")[i], 1e-10);
    if (verbose)
        printf("%-14s rev %d  C %.15f (R %.15f)  se %.3e rel diff %.1e  counts %g %g %g %g %g\n", set, reverse, f->c,
               rcol(ref, "c")[i], f->se, fabs(f->se - rcol(ref, "se")[i]) / rcol(ref, "se")[i], f->concordant,
               f->discordant, f->tied_x, f->tied_y, f->tied_xy);
}

/* The same counts and variance by looking at every pair (O(n²)). */
static void brute(const double *t, const double *e, const double *x, size_t n, double *cnt, double *var) {
    double *ci = calloc(3 * n, sizeof *ci);
    memset(cnt, 0, 5 * sizeof *cnt);
    for (size_t i = 0; i < n; i++)
        for (size_t j = i + 1; j < n; j++) {
            size_t a = i, b = j;   /* a: the shorter time */
            if (t[b] < t[a] || (t[a] == t[b] && e[b] && !e[a])) { a = j; b = i; }
            if (t[a] == t[b] && e[a] && e[b]) {
                cnt[3]++;
                if (x[a] == x[b]) cnt[4]++;
                continue;
            }
            if (!e[a]) continue;   /* the shorter is censored (or both censored) */
            int k = x[b] > x[a] ? 0 : x[b] < x[a] ? 1 : 2;   /* survival's default direction */
            cnt[k]++;
            ci[3 * a + k]++;
            ci[3 * b + k]++;
        }
    cnt[3] -= cnt[4];
    double np = cnt[0] + cnt[1] + cnt[2], d = (cnt[0] - cnt[1]) / np, v = 0;
    for (size_t i = 0; i < n; i++) {
        double q = (ci[3 * i] - ci[3 * i + 1]) / np - d / np * (ci[3 * i] + ci[3 * i + 1] + ci[3 * i + 2]);
        v += q * q;
    }
    *var = v / 4;
    free(ci);
}

int main(int argc, char **argv) {
    verbose = argc > 1;
    ref = load("tests/reference/models_concordance.tsv");
    ConcordanceFit f;
    /* lung (all 228 rows; status 1/2) */
    Table *lung = load("tests/data/lung.tsv");
    size_t n = lung->nrow;
    double *ev = malloc(n * sizeof *ev);
    const double *st = lung->cols[table_find(lung, "status")].num, *tm = lung->cols[table_find(lung, "time")].num;
    for (size_t i = 0; i < n; i++) ev[i] = st[i] - 1;
    for (int rev = 0; rev < 2; rev++) {
        ConcDirection d = rev ? CONC_HIGHER_RISK : CONC_HIGHER_LONGER;
        CHECK(concordance_fit(tm, ev, lung->cols[table_find(lung, "age")].num, n, d, &f) == 0);
        CHECK(f.n == 228 && f.events == 165);
        check("lung_age", rev, &f);
        CHECK(concordance_fit(tm, ev, lung->cols[table_find(lung, "ph.ecog")].num, n, d, &f) == 0);
        CHECK(f.n == 227);   /* one ph.ecog is missing */
        check("lung_ecog", rev, &f);
    }
    /* veteran ~ karno */
    MData v = load_veteran();
    for (int rev = 0; rev < 2; rev++) {
        CHECK(concordance_fit(v.time, v.event, v.x, v.n, rev ? CONC_HIGHER_RISK : CONC_HIGHER_LONGER, &f) == 0);
        check("veteran_karno", rev, &f);
    }
    /* coxph's linear predictor (age + sex + ph.ecog): coxph's own C */
    {
        MData lu = load_lung();
        CoxFit cf;
        CHECK(cox_fit(lu.time, lu.event, lu.x, lu.n, 3, TIES_EFRON, &cf) == 0);
        double *lp = malloc(lu.n * sizeof *lp);
        for (size_t i = 0; i < lu.n; i++)
            lp[i] = cf.coef[0] * lu.x[i] + cf.coef[1] * lu.x[lu.n + i] + cf.coef[2] * lu.x[2 * lu.n + i];
        CHECK(concordance_fit(lu.time, lu.event, lp, lu.n, CONC_HIGHER_RISK, &f) == 0);
        check("lung_coxph_lp", 1, &f);
        cox_free(&cf);
        free(lp);
        mdata_free(&lu);
    }
    /* NSCLC: tumour size as a risk score */
    {
        MData nc = load_nsclc();
        long j = table_find(nc.t, "T1_ED_Morphologic_PhysicalSize");
        CHECK(j >= 0);
        CHECK(concordance_fit(nc.time, nc.event, nc.t->cols[j].num, nc.n, CONC_HIGHER_RISK, &f) == 0);
        check("nsclc_volume", 1, &f);
        mdata_free(&nc);
    }
    /* an uncensored 0/1 outcome: C is the Mann-Whitney AUC */
    {
        MData a = load_arita();
        const double *xa = arita_col(&a, "surface2volumeratio");
        double *one = malloc(a.n * sizeof *one);
        int *yi = malloc(a.n * sizeof *yi);
        for (size_t i = 0; i < a.n; i++) {
            one[i] = 1;
            yi[i] = (int)a.y[i];
        }
        CHECK(concordance_fit(a.y, one, xa, a.n, CONC_HIGHER_LONGER, &f) == 0);
        check("arita_binary", 0, &f);
        RocFit r;
        CHECK(roc_fit(xa, yi, a.n, 1, &r) == 0);
        CHECK_NEAR(f.c, r.auc, 1e-14);
        CHECK_NEAR(f.c, glmnet_auc(a.y, xa, a.n), 1e-14);
        if (verbose) printf("arita_binary: C %.15f  pROC AUC %.15f\n", f.c, r.auc);
        roc_free(&r);
        free(one); free(yi);
        mdata_free(&a);
    }
    /* the tree against all pairs: veteran times with a coarse predictor
       (many ties in x and in time), and tied event times at which
       subjects are also censored */
    {
        size_t m = v.n;
        double *xc = malloc(m * sizeof *xc), *tc = malloc(m * sizeof *tc), cnt[5], var;
        for (size_t i = 0; i < m; i++) {
            xc[i] = floor(v.x[i] / 20);       /* karno in 5 bands */
            tc[i] = floor(v.time[i] / 30);    /* months: ties of every kind */
        }
        brute(tc, v.event, xc, m, cnt, &var);
        CHECK(concordance_fit(tc, v.event, xc, m, CONC_HIGHER_LONGER, &f) == 0);
        CHECK(f.concordant == cnt[0] && f.discordant == cnt[1] && f.tied_x == cnt[2]);
        CHECK(f.tied_y == cnt[3] && f.tied_xy == cnt[4]);
        CHECK_NEAR(f.var, var, 1e-12);
        CHECK_NEAR(f.c, (cnt[0] + cnt[2] / 2) / (cnt[0] + cnt[1] + cnt[2]), 1e-14);
        /* reverse: counts swap, C flips, the standard error stays */
        double c0 = f.c, se0 = f.se;
        CHECK(concordance_fit(tc, v.event, xc, m, CONC_HIGHER_RISK, &f) == 0);
        CHECK(f.concordant == cnt[1] && f.discordant == cnt[0]);
        CHECK_NEAR(f.c, 1 - c0, 1e-14);
        CHECK(f.se == se0);
        free(xc); free(tc);
    }
    /* survival's time fix: times a hair apart are tied */
    {
        double t1[4] = {5, 10, 10 * (1 + 1e-12), 20}, t2[4] = {5, 10, 10, 20};
        double e4[4] = {1, 1, 1, 0}, x4[4] = {4, 3, 2, 1};
        ConcordanceFit g;
        CHECK(concordance_fit(t1, e4, x4, 4, CONC_HIGHER_RISK, &f) == 0);
        CHECK(concordance_fit(t2, e4, x4, 4, CONC_HIGHER_RISK, &g) == 0);
        CHECK(f.tied_y == 1 && g.tied_y == 1 && f.c == g.c && f.se == g.se);
        /* NaN rows are skipped; no comparable pair gives NaN */
        double tn[3] = {1, NAN, 3}, en[3] = {0, 1, 0}, xn[3] = {1, 2, 3};
        CHECK(concordance_fit(tn, en, xn, 3, CONC_HIGHER_RISK, &f) == 0);
        CHECK(f.n == 2 && f.events == 0 && isnan(f.c));
        /* rgx's 95% limits: NaN for an undefined C (they were 0 and 1) */
        double lo, hi;
        concordance_limits(&f, &lo, &hi);
        CHECK(isnan(lo) && isnan(hi));
        /* c -/+ 1.96 se by the definition, clipped to [0, 1] */
        double t5[6] = {1, 2, 3, 4, 5, 6}, e5[6] = {1, 1, 0, 1, 1, 0}, x5[6] = {5, 6, 4, 3, 2, 1};
        CHECK(concordance_fit(t5, e5, x5, 6, CONC_HIGHER_RISK, &f) == 0);
        concordance_limits(&f, &lo, &hi);
        CHECK(f.se > 0 && f.c - 1.96 * f.se > 0 && f.c + 1.96 * f.se > 1);
        CHECK_NEAR(lo, f.c - 1.959963984540054 * f.se, 1e-15);
        CHECK(hi == 1);
        CHECK(concordance_fit(t5, e5, x5, 6, CONC_HIGHER_LONGER, &f) == 0);
        concordance_limits(&f, &lo, &hi);
        CHECK(lo == 0);
        CHECK_NEAR(hi, f.c + 1.959963984540054 * f.se, 1e-15);
    }
    /* a large n runs in O(n log n) */
    {
        size_t m = 200000;
        double *t = malloc(m * sizeof *t), *e = malloc(m * sizeof *e), *x = malloc(m * sizeof *x);
        unsigned long s = 1;
        for (size_t i = 0; i < m; i++) {
            s = s * 6364136223846793005UL + 1442695040888963407UL;
            x[i] = (double)(s >> 40) / 16777216.0;
            t[i] = floor((1 - x[i]) * 1000 + (double)((s >> 20) & 1023));
            e[i] = (s >> 10) & 1;
        }
        CHECK(concordance_fit(t, e, x, m, CONC_HIGHER_RISK, &f) == 0);
        CHECK(f.c > 0.6 && f.c < 1 && f.se > 0 && f.se < 0.01);
        free(t); free(e); free(x);
    }
    free(ev);
    table_free(lung);
    mdata_free(&v);
    table_free(ref);
    return TEST_END();
}
