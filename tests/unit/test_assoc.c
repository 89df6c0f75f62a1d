/* test_assoc.c — chi-squared and Fisher tests against R
 * (tests/reference/assoc.R): the 2 x 2 counts made from the MC3 MAF by
 * rgx's loader equal R's, X-squared and p to 1e-9 / 1e-6, Fisher's exact
 * 2 x 2 p to 1e-6; the r x c Monte-Carlo p falls within 4 standard errors
 * of R's exact p (B = 200000: the standard error is sqrt(p (1 - p) / B),
 * about 0.00046 here, so the tolerance is 0.0018).  What assoc runs: the
 * counts by ct_tabulate equal R's table(), ct_groups' auto rule (Fisher
 * for 2 x 2, else chi-squared) gives those tests' numbers, with margins
 * as addmargins(). */
#include "testdata.h"
#include "io/load_maf.h"
#include "io/load_table.h"
#include "stats/contingency.h"

int main(void) {
    Buf err = {0};
    int c;
    MafOpts mo = {.name = "mut", .min = 1};
    MafReport mr = {0};
    Table *mut = maf_load("tests/data/mc3_gbm.maf.gz", &mo, &mr, &err, &c);
    maf_report_free(&mr);
    CHECK(mut && mut->nrow == 390);
    Table *ref = load("tests/reference/assoc_2x2.tsv");
    CHECK_COUNT(ref->nrow, 5);
    size_t checked = 0;
    for (size_t i = 0; mut && i < ref->nrow; i++) {
        long ja = table_find(mut, ref->cols[0].str[i]), jb = table_find(mut, ref->cols[1].str[i]);
        CHECK(ja > 0 && jb > 0);
        if (ja <= 0 || jb <= 0) continue;
        /* the counts by ct_tabulate (what assoc runs) equal R's table() */
        double ct[4];
        size_t *ga = malloc(mut->nrow * sizeof *ga), *gb = malloc(mut->nrow * sizeof *gb);
        for (size_t r = 0; r < mut->nrow; r++) { ga[r] = (size_t)mut->cols[ja].num[r]; gb[r] = (size_t)mut->cols[jb].num[r]; }
        CHECK(ct_tabulate(ga, 2, gb, 2, mut->nrow, 0, ct) == mut->nrow);
        for (int k = 0; k < 4; k++) CHECK(ct[k] == ref->cols[2 + k].num[i]);
        size_t used;
        int fisher;
        CtResult au = ct_groups(ga, 2, gb, 2, mut->nrow, CT_AUTO, 0, 1, &used, &fisher, NULL, NULL);   /* 2 x 2: Fisher */
        CHECK(fisher == 1 && used == mut->nrow);
        CHECK_NEAR(au.p, ref->cols[table_find(ref, "p_fisher")].num[i], 1e-6);
        CtResult cs = ct_groups(ga, 2, gb, 2, mut->nrow, CT_CHISQ, 0, 1, &used, &fisher, NULL, NULL);
        CHECK(fisher == 0);
        CHECK_NEAR(cs.p, ref->cols[table_find(ref, "p_chisq")].num[i], 1e-6);
        free(ga);
        free(gb);
        CtResult ch = ct_chisq(ct, 2, 2);
        CHECK_NEAR(ch.stat, ref->cols[table_find(ref, "chisq")].num[i], 1e-9);
        CHECK_NEAR(ch.p, ref->cols[table_find(ref, "p_chisq")].num[i], 1e-6);
        CHECK(ch.df == 1);
        CtResult fi = ct_fisher(ct, 2, 2, 0, 1);
        CHECK_NEAR(fi.p, ref->cols[table_find(ref, "p_fisher")].num[i], 1e-6);
        checked++;
    }
    CHECK_COUNT(checked, 5);
    Table *tab = load("tests/reference/assoc_table.tsv"), *rxc = load("tests/reference/assoc_rxc.tsv");
    CHECK_COUNT(tab->nrow, 4);
    CHECK_COUNT(rxc->nrow, 1);
    if (tab->nrow != 4 || rxc->nrow != 1) return TEST_END();
    double ct[8];
    for (size_t i = 0; i < 4; i++) { ct[i * 2] = tab->cols[1].num[i]; ct[i * 2 + 1] = tab->cols[2].num[i]; }
    CtResult ch = ct_chisq(ct, 4, 2);
    CHECK_NEAR(ch.stat, rxc->cols[0].num[0], 1e-9);
    CHECK(ch.df == 3);
    CHECK_NEAR(ch.p, rxc->cols[2].num[0], 1e-6);
    CHECK(ch.min_expected < 5);
    CtResult mc = ct_fisher(ct, 4, 2, 200000, 7);
    double exact = rxc->cols[3].num[0];
    CHECK(fabs(mc.p - exact) < 0.0018);
    /* the same table as subjects (and some without a level): ct_groups'
       auto rule runs chi-squared on 4 x 2, Fisher's Monte-Carlo when asked;
       the margins as addmargins() */
    {
        size_t tot = 0;
        for (int k = 0; k < 8; k++) tot += (size_t)ct[k];
        size_t *a = malloc((tot + 2) * sizeof *a), *b = malloc((tot + 2) * sizeof *b), m = 0;
        for (size_t i = 0; i < 4; i++)
            for (size_t j = 0; j < 2; j++)
                for (size_t k = 0; k < (size_t)ct[i * 2 + j]; k++) { a[m] = i; b[m++] = j; }
        a[m] = CT_NONE; b[m++] = 1;
        a[m] = 2; b[m++] = CT_NONE;
        size_t used;
        int fisher;
        CtResult g = ct_groups(a, 4, b, 2, m, CT_AUTO, 0, 1, &used, &fisher, NULL, NULL);
        CHECK(!fisher && used == tot && g.stat == ch.stat && g.p == ch.p);
        CtResult gf = ct_groups(a, 4, b, 2, m, CT_FISHER, 2000, 3, &used, &fisher, NULL, NULL);
        CHECK(fisher && gf.p == ct_fisher(ct, 4, 2, 2000, 3).p);
        double mg[15];
        CHECK(ct_tabulate(a, 4, b, 2, m, 1, mg) == tot);
        size_t bad = 0;
        for (size_t i = 0; i < 4; i++) {
            bad += mg[i * 3] != ct[i * 2] || mg[i * 3 + 1] != ct[i * 2 + 1] || mg[i * 3 + 2] != ct[i * 2] + ct[i * 2 + 1];
        }
        for (size_t j = 0; j < 2; j++) bad += mg[12 + j] != ct[j] + ct[2 + j] + ct[4 + j] + ct[6 + j];
        CHECK(bad == 0 && mg[14] == (double)tot);
        free(a);
        free(b);
    }
    /* a level no subject has together with a level of the other grouping
       (seen only where the other is missing, as after a left join) is
       dropped before the auto rule: tests/data/assoc_dropped_*.csv, 2 x 2
       once dropped, so Fisher's exact p of R (assoc_dropped.tsv), not
       Yates' chi-squared on a 2 x 3 table with an empty column */
    {
        Table *dr = load("tests/reference/assoc_dropped.tsv");
        CHECK_COUNT(dr->nrow, 2);
        for (size_t f = 0; f < dr->nrow; f++) {
            /* grp A x5 / B x5 against v X x5 / Y x5, and one subject
               with only v = Z (col) or only grp = C (row) */
            size_t a[11], b[11];
            for (size_t i = 0; i < 10; i++) a[i] = b[i] = i < 5 ? 0 : 1;
            int col = f == 0;
            a[10] = col ? CT_NONE : 2;
            b[10] = col ? 2 : CT_NONE;
            size_t nr = col ? 2 : 3, nc = col ? 3 : 2, used;
            unsigned char rk[3], ck[3];
            int fisher;
            CtResult x = ct_groups(a, nr, b, nc, 11, CT_AUTO, 0, 1, &used, &fisher, rk, ck);
            CHECK(fisher == 1 && used == (size_t)dr->cols[1].num[f]);
            CHECK_NEAR(x.p, dr->cols[table_find(dr, "p_fisher")].num[f], 1e-9);
            CHECK_NEAR(x.or_low, dr->cols[table_find(dr, "or_low")].num[f], 1e-6);
            CHECK(isnan(x.df) && isinf(x.stat));
            CHECK(rk[0] && rk[1] && ck[0] && ck[1] && (col ? !ck[2] : !rk[2]));
        }
        table_free(dr);
    }
    /* seeded: the same p again */
    CHECK(ct_fisher(ct, 4, 2, 2000, 3).p == ct_fisher(ct, 4, 2, 2000, 3).p);
    /* an empty row is dropped; one row left gives NA */
    double one[4] = {5, 3, 0, 0};
    CHECK(isnan(ct_chisq(one, 2, 2).p) && isnan(ct_fisher(one, 2, 2, 0, 1).p));
    table_free(tab);
    table_free(rxc);
    table_free(ref);
    table_free(mut);
    buf_free(&err);
    /* fisher.test's conditional MLE odds ratio and 95% interval
       (tests/reference/assoc_or.tsv): to 1e-6 of R's function solved
       precisely (uniroot(tol = 1e-15)); fisher.test's own default-tolerance
       values within 2% (its upper limits are the loosest) */
    {
        Table *orr = load("tests/reference/assoc_or.tsv");
        CHECK_COUNT(orr->nrow, 11);
        for (size_t i = 0; i < orr->nrow; i++) {
            double c4[4], e, lo, hi;
            for (int k = 0; k < 4; k++) c4[k] = orr->cols[k].num[i];
            ct_or_mle(c4[0], c4[1], c4[2], c4[3], 0.95, &e, &lo, &hi);
            CHECK(isinf(orr->cols[4].num[i]) ? isinf(e) : fabs(e - orr->cols[4].num[i]) <= 1e-6 * fmax(1e-300, orr->cols[4].num[i]));
            CHECK_NEAR(lo, orr->cols[5].num[i], 1e-6 * (orr->cols[5].num[i] < 1 ? orr->cols[5].num[i] + 1e-300 : 1));
            CHECK(isinf(orr->cols[6].num[i]) ? isinf(hi) : fabs(hi - orr->cols[6].num[i]) <= 1e-6 * orr->cols[6].num[i]);
            CHECK(isinf(e) || fabs(e - orr->cols[7].num[i]) <= 0.02 * orr->cols[7].num[i] + 1e-12);
            CHECK(isinf(hi) || fabs(hi - orr->cols[9].num[i]) <= 0.02 * orr->cols[9].num[i]);
            CtResult fr = ct_fisher(c4, 2, 2, 0, 1);   /* the same numbers in the result */
            CHECK((isinf(e) && isinf(fr.or_mle)) || fr.or_mle == e);
            CHECK(fr.or_low == lo && ((isinf(hi) && isinf(fr.or_high)) || fr.or_high == hi));
        }
        table_free(orr);
    }
    return TEST_END();
}
