/* test_roc.c — ROC against R's pROC (tests/reference/roc.R) on pROC's aSAH
 * data: AUC and DeLong limits to 1e-9, every threshold with its
 * sensitivity and specificity, the best thresholds (Youden, top-left),
 * coords' measures at them and at a data value (tests/reference/
 * roc_coords.R), the pairing of two predictors' patients, partial AUC
 * (and McClish), paired and unpaired DeLong tests to 1e-9; the
 * bootstrap interval within Monte-Carlo error of pROC's (different random
 * streams; with 2000 resamples the percentile limits vary by about 0.005,
 * so 0.02 is allowed). */
#include "testdata.h"
#include "io/join.h"
#include "io/load_expr.h"
#include "io/load_maf.h"
#include "stats/roc.h"

/* The value of key in a key/value reference table; an absent key is a
 * failed check (its NaN would pass an isnan() check). */
static double kv_get(const Table *kv, const char *key) {
    for (size_t i = 0; i < kv->nrow; i++)
        if (!strcmp(kv->cols[0].str[i], key)) return kv->cols[1].num[i];
    printf("FAIL %s:%d: no key %s in the reference\n", __FILE__, __LINE__, key);
    t_fail++;
    return NAN;
}

/* Check the coords rows of predictor pn in co (roc_coords.tsv) against
 * fit f of x, y: the best points of both methods in R's order, and the
 * points at R's thresholds ("at" rows).  Returns the rows checked. */
static size_t check_coords(const Table *co, const char *pn, const RocFit *f, const double *x, const int *y, size_t n) {
    double got[3][8][ROC_NCOORDS];   /* youden, topleft, at: up to 8 rows each */
    size_t ngot[3] = {0, 0, 0}, *which = malloc(f->nthr * sizeof *which), seen = 0;
    for (int m = 0; m < 2; m++) {
        size_t nb = roc_best(f->se, f->sp, f->nthr, m == 0 ? ROC_BEST_YOUDEN : ROC_BEST_TOPLEFT, which);
        CHECK(nb <= 8);
        for (size_t k = 0; k < nb && k < 8; k++)
            roc_coords_point(f->thr[which[k]], f->se[which[k]], f->sp[which[k]], (double)f->n_pos, (double)f->n_neg,
                             got[m][ngot[m]++]);
    }
    free(which);
    for (size_t i = 0; i < co->nrow && ngot[2] < 8; i++)
        if (!strcmp(co->cols[0].str[i], pn) && !strcmp(co->cols[1].str[i], "at"))
            roc_coords_at(x, y, n, f->direction, co->cols[2].num[i], got[2][ngot[2]++]);
    size_t k[3] = {0, 0, 0};
    for (size_t i = 0; i < co->nrow; i++) {
        if (strcmp(co->cols[0].str[i], pn)) continue;
        const char *w = co->cols[1].str[i];
        int m = !strcmp(w, "youden") ? 0 : !strcmp(w, "closest.topleft") ? 1 : 2;
        CHECK(k[m] < ngot[m]);
        if (k[m] >= ngot[m]) continue;
        const double *g = got[m][k[m]++];
        CHECK(g[0] == co->cols[2].num[i] || fabs(g[0] - co->cols[2].num[i]) <= 1e-9 * fabs(g[0]));   /* ±Inf too */
        for (int q = 1; q < ROC_CO_YOUDEN; q++) CHECK_NEAR(g[q], co->cols[2 + q].num[i], 1e-9);
        CHECK_NEAR(g[ROC_CO_YOUDEN] + 1, co->cols[2 + ROC_CO_YOUDEN].num[i], 1e-9);
        seen++;
    }
    for (int m = 0; m < 3; m++) CHECK_COUNT(k[m], ngot[m]);   /* no point R does not have */
    return seen;
}

int main(void) {
    Table *a = load("tests/data/aSAH.tsv"), *auc = load("tests/reference/roc_auc.tsv");
    Table *cur = load("tests/reference/roc_curves.tsv"), *best = load("tests/reference/roc_best.tsv");
    Table *tst = load("tests/reference/roc_tests.tsv"), *boot = load("tests/reference/roc_boot.tsv");
    size_t n = a->nrow;
    int *y = malloc(n * sizeof *y);
    long jo = table_find(a, "outcome");
    for (size_t i = 0; i < n; i++) y[i] = !strcmp(a->cols[jo].str[i], "Poor");
    RocFit fits[4];
    CHECK_COUNT(auc->nrow, 4);   /* s100b, ndka, wfns, and one more: fits[4] */
    CHECK_COUNT(tst->nrow, 3);
    CHECK_COUNT(boot->nrow, 1);
    if (auc->nrow != 4 || tst->nrow != 3 || boot->nrow != 1) return TEST_END();
    size_t nbest = 0;
    for (size_t r = 0; r < auc->nrow; r++) {
        const char *p = auc->cols[0].str[r];
        const double *x = a->cols[table_find(a, p)].num;
        RocFit *f = &fits[r];
        CHECK(roc_fit(x, y, n, 0, f) == 0);
        CHECK((f->direction > 0) == (strcmp(auc->cols[1].str[r], "<") == 0));
        CHECK_NEAR(f->auc, auc->cols[2].num[r], 1e-9);
        double lo, hi;
        roc_ci_delong(f, 0.95, &lo, &hi);
        CHECK_NEAR(lo, auc->cols[3].num[r], 1e-9);
        CHECK_NEAR(hi, auc->cols[4].num[r], 1e-9);
        CHECK_NEAR(roc_partial_auc(f, 0.8, 1, 0), auc->cols[5].num[r], 1e-9);
        CHECK_NEAR(roc_partial_auc(f, 0.8, 1, 1), auc->cols[6].num[r], 1e-9);
        size_t k = 0;
        for (size_t i = 0; i < cur->nrow; i++) {
            if (strcmp(cur->cols[0].str[i], p)) continue;
            CHECK(k < f->nthr);
            if (k >= f->nthr) break;
            double t = cur->cols[1].num[i];
            CHECK(t == f->thr[k] || (isinf(t) && isinf(f->thr[k]) && (t > 0) == (f->thr[k] > 0)) ||
                  fabs(t - f->thr[k]) < 1e-12 * fabs(t));
            CHECK_NEAR(f->se[k], cur->cols[2].num[i], 1e-12);
            CHECK_NEAR(f->sp[k], cur->cols[3].num[i], 1e-12);
            k++;
        }
        CHECK(k == f->nthr);
        /* best thresholds (roc_best: one each here) */
        for (size_t i = 0; i < best->nrow; i++) {
            if (strcmp(best->cols[0].str[i], p)) continue;
            int method = !strcmp(best->cols[1].str[i], "youden") ? ROC_BEST_YOUDEN : ROC_BEST_TOPLEFT;
            size_t *which = malloc(f->nthr * sizeof *which);
            CHECK_COUNT(roc_best(f->se, f->sp, f->nthr, method, which), 1);
            size_t bk = which[0];
            free(which);
            CHECK_NEAR(f->thr[bk], best->cols[2].num[i], 1e-12);
            CHECK_NEAR(f->se[bk], best->cols[3].num[i], 1e-12);
            CHECK_NEAR(f->sp[bk], best->cols[4].num[i], 1e-12);
            nbest++;
        }
    }
    CHECK_COUNT(nbest, best->nrow);   /* every best-threshold row belongs to a predictor checked */
    CHECK_COUNT(best->nrow, 8);
    /* DeLong tests: paired (s100b vs ndka, wfns), unpaired (men vs women) */
    double p, z = roc_test_paired(&fits[0], &fits[1], &p);
    CHECK_NEAR(z, tst->cols[3].num[0], 1e-9);
    CHECK_NEAR(p, tst->cols[4].num[0], 1e-9);
    z = roc_test_paired(&fits[0], &fits[2], &p);
    CHECK_NEAR(z, tst->cols[3].num[1], 1e-9);
    CHECK_NEAR(p, tst->cols[4].num[1], 1e-9);
    int *ym = malloc(n * sizeof *ym), *yf = malloc(n * sizeof *yf);
    long jg = table_find(a, "gender");
    for (size_t i = 0; i < n; i++) {
        int male = !strcmp(a->cols[jg].str[i], "Male");
        ym[i] = male ? y[i] : -1;
        yf[i] = male ? -1 : y[i];
    }
    RocFit rm, rf;
    const double *s100b = a->cols[table_find(a, "s100b")].num;
    CHECK(roc_fit(s100b, ym, n, 0, &rm) == 0 && roc_fit(s100b, yf, n, 0, &rf) == 0);
    CHECK(isnan(roc_test_paired(&rm, &rf, &p)));   /* different patients: not paired */
    double d = roc_test_unpaired(&rm, &rf, &p);
    CHECK_NEAR(d, tst->cols[3].num[2], 1e-9);
    CHECK_NEAR(p, tst->cols[4].num[2], 1e-9);
    /* bootstrap: within Monte-Carlo error; the same seed gives the same interval */
    double lo, hi, lo2, hi2;
    CHECK(roc_ci_boot(s100b, y, n, 1, 2000, 1, 0.95, 1, NULL, &lo, &hi) == 0);
    CHECK(fabs(lo - boot->cols[0].num[0]) < 0.02 && fabs(hi - boot->cols[1].num[0]) < 0.02);
    CHECK(roc_ci_boot(s100b, y, n, 1, 2000, 1, 0.95, 3, NULL, &lo2, &hi2) == 0 && lo == lo2 && hi == hi2);   /* threads */
    /* paired bootstrap tests: D within Monte-Carlo error of pROC's (the sd of
       2000 bootstrap differences is known to about 1.6 %, so D to about
       ±0.05; 0.15 is allowed), and the same seed gives the same D */
    {
        Table *bt = load("tests/reference/roc_boot_tests.tsv");
        CHECK_COUNT(bt->nrow, 2);
        for (size_t i = 0; i < bt->nrow; i++) {
            const double *x2 = a->cols[table_find(a, bt->cols[1].str[i])].num;
            double pb, pb2;
            double D = roc_test_boot(s100b, x2, y, n, 1, 1, 2000, 1, NULL, &pb);
            CHECK(fabs(D - bt->cols[2].num[i]) < 0.15);
            CHECK(roc_test_boot(s100b, x2, y, n, 1, 1, 2000, 1, NULL, &pb2) == D && pb == pb2);
        }
        table_free(bt);
    }
    /* direction '>': the negated predictor gives the same AUC with '>' */
    double *neg = malloc(n * sizeof *neg);
    for (size_t i = 0; i < n; i++) neg[i] = -s100b[i];
    RocFit rn;
    CHECK(roc_fit(neg, y, n, 0, &rn) == 0 && rn.direction < 0);
    CHECK_NEAR(rn.auc, fits[0].auc, 1e-12);
    CHECK_NEAR(rn.var, fits[0].var, 1e-12);
    roc_free(&rn);
    /* TCGA: TP53 status against expression, both directions (tests/reference/roc_tcga.tsv) */
    {
        Buf err = {0};
        int c;
        ExprOpts eo = {.name = "ge"};
        ExprReport er = {0};
        Table *ge = expr_load("tests/data/geneexp_1500x100.tsv", &eo, &er, &err, &c);
        expr_report_free(&er);
        MafOpts mo = {.name = "mut", .min = 1};
        MafReport mr = {0};
        Table *mut = maf_load("tests/data/mc3_gbm.maf.gz", &mo, &mr, &err, &c);
        maf_report_free(&mr);
        Table *ts[2] = {ge, mut};
        JoinReport jr = {0};
        Table *gm = table_join(ts, 2, "gm", 0, &jr, &err);
        join_report_free(&jr);
        Table *tc = load("tests/reference/roc_tcga.tsv");
        CHECK_COUNT(tc->nrow, 6);
        int *yy = malloc(gm->nrow * sizeof *yy);
        long jt = table_find(gm, "mut.TP53");
        for (size_t i = 0; i < gm->nrow; i++) yy[i] = (int)gm->cols[jt].num[i];
        for (size_t i = 0; i < tc->nrow; i++) {
            Buf ref = {0};
            buf_printf(&ref, "ge.%s", tc->cols[0].str[i]);
            RocFit rt;
            CHECK(roc_fit(gm->cols[table_find(gm, ref.s)].num, yy, gm->nrow, 0, &rt) == 0);
            CHECK((rt.direction > 0) == (strcmp(tc->cols[1].str[i], "<") == 0));
            CHECK_NEAR(rt.auc, tc->cols[2].num[i], 1e-9);
            double l2, h2;
            roc_ci_delong(&rt, 0.95, &l2, &h2);
            CHECK_NEAR(l2, tc->cols[3].num[i], 1e-9);
            CHECK_NEAR(h2, tc->cols[4].num[i], 1e-9);
            roc_free(&rt);
            buf_free(&ref);
        }
        free(yy);
        table_free(tc); table_free(gm); table_free(ge); table_free(mut);
        buf_free(&err);
    }
    /* Trust (issue 14), tests/reference/roc_trust.tsv from pROC: the 1/2
       outcome's cases are 2; different missing values are paired on the
       shared patients; coords at a data value counts >= ('<') and <= ('>');
       McClish below the diagonal is NA.  1e-9. */
    {
        Table *td = load("tests/data/trust_roc.tsv"), *kv = load("tests/reference/roc_trust.tsv");
        size_t m = td->nrow;
#define KV(key) kv_get(kv, key)
        const double *st = td->cols[table_find(td, "status")].num, *p1 = td->cols[table_find(td, "p1")].num;
        const double *p2 = td->cols[table_find(td, "p2")].num, *lw = td->cols[table_find(td, "low")].num;
        int *yt = malloc(m * sizeof *yt), *ys = malloc(m * sizeof *ys);
        for (size_t i = 0; i < m; i++) yt[i] = st[i] == KV("cases_level");
        RocFit f1, f2, fl;
        CHECK(roc_fit(p1, yt, m, 0, &f1) == 0 && roc_fit(lw, yt, m, 0, &fl) == 0);
        CHECK_NEAR(f1.auc, KV("auc_p1"), 1e-9);
        CHECK(f1.direction == (int)KV("dir_p1") && fl.direction == (int)KV("dir_low"));
        double cnt[4];
        roc_at_threshold(p1, yt, m, f1.direction, KV("at_p1_threshold"), cnt);
        CHECK(cnt[0] == KV("at_p1_tp") && cnt[1] == KV("at_p1_fp") && cnt[2] == KV("at_p1_tn") && cnt[3] == KV("at_p1_fn"));
        roc_at_threshold(lw, yt, m, fl.direction, KV("at_low_threshold"), cnt);
        CHECK(cnt[0] == KV("at_low_tp") && cnt[1] == KV("at_low_fp") && cnt[2] == KV("at_low_tn") && cnt[3] == KV("at_low_fn"));
        roc_free(&fl);
        CHECK(roc_fit(lw, yt, m, 1, &fl) == 0);   /* forced '<': below the diagonal */
        CHECK_NEAR(roc_partial_auc(&fl, 0.8, 1, 0), KV("pauc_low_forced"), 1e-9);
        CHECK(isnan(KV("mcclish_low_forced")) && isnan(roc_partial_auc(&fl, 0.8, 1, 1)));
        roc_free(&f1);
        size_t both = 0;
        for (size_t i = 0; i < m; i++) {
            ys[i] = isnan(p1[i]) || isnan(p2[i]) ? -1 : yt[i];
            both += ys[i] >= 0;
        }
        CHECK(both == (size_t)KV("compare_n"));
        /* roc_pairing counts them; roc_fit_shared fits both curves there */
        RocPairing pg;
        roc_pairing(p1, p2, yt, m, &pg);
        CHECK_COUNT(pg.both, KV("compare_n"));
        CHECK_COUNT(pg.only1, 3);   /* p2 missing where p1 is not: rows 20, 33, 45 */
        CHECK_COUNT(pg.only2, 2);   /* p1 missing where p2 is not: rows 3, 11 */
        CHECK(roc_fit_shared(p1, p2, yt, m, (int)KV("dir_p1"), (int)KV("dir_p2"), &f1, &f2) == 0);
        double pz, zt = roc_test_paired(&f1, &f2, &pz);
        CHECK_NEAR(zt, KV("compare_z"), 1e-9);
        CHECK_NEAR(pz, KV("compare_p"), 1e-9);
        CHECK_NEAR(f1.auc, KV("compare_auc1"), 1e-9);
        CHECK_NEAR(f2.auc, KV("compare_auc2"), 1e-9);
#undef KV
        roc_free(&f1); roc_free(&f2); roc_free(&fl);
        free(yt); free(ys);
        table_free(td); table_free(kv);
    }
    /* coords (tests/reference/roc_coords.R -> roc_coords.tsv, 1e-9): the
       best points (roc_best, then roc_coords_point from the curve) and
       the point at a data value (roc_coords_at) with PPV, NPV, the counts
       and Youden's J (pROC reports J + 1); on two small curves whose best
       points include the ends (thresholds ±Inf), where pROC lists them */
    {
        Table *co = load("tests/reference/roc_coords.tsv");
        size_t seen = 0;
        for (size_t r = 0; r < auc->nrow; r++) {
            const char *pn = auc->cols[0].str[r];
            seen += check_coords(co, pn, &fits[r], a->cols[table_find(a, pn)].num, y, n);
        }
        CHECK_COUNT(seen, 12);   /* 4 predictors x (youden, topleft, at) */
        double xr[6] = {4, 5, 6, 1, 2, 3}, xf[6] = {1, 1, 2, 2, 3, 3};
        int yr[6] = {0, 0, 0, 1, 1, 1}, yf6[6] = {0, 1, 0, 1, 0, 1};
        RocFit fr, ff;
        CHECK(roc_fit(xr, yr, 6, 1, &fr) == 0 && roc_fit(xf, yf6, 6, 1, &ff) == 0);
        CHECK_COUNT(check_coords(co, "reversed", &fr, xr, yr, 6), 4);   /* -Inf and Inf, both methods */
        CHECK_COUNT(check_coords(co, "flat", &ff, xf, yf6, 6), 6);
        roc_free(&fr);
        roc_free(&ff);
        table_free(co);
    }
    /* the shared rows lack a class: −2, nothing left allocated, n_pos says which */
    {
        double xa[4] = {0.1, 0.2, 0.3, NAN}, xb[4] = {0.5, NAN, NAN, 0.4};
        int yab[4] = {1, 0, 1, 0};
        RocFit fa, fb;
        CHECK(roc_fit_shared(xa, xb, yab, 4, 1, 1, &fa, &fb) == -2);
        CHECK(fa.n_pos == 1 && fa.n_neg == 0 && !fa.thr && !fb.thr);
    }
    /* infinite predictor values (tests/reference/roc_inf.R on
       tests/data/roc_infinite.csv): pROC returns NaN with a warning;
       roc_fit refuses them (−3, nothing allocated, the classes counted);
       on the finite values the AUC and Youden threshold are pROC's (1e-12) */
    {
        Table *di = load("tests/data/roc_infinite.csv"), *ri = load("tests/reference/roc_inf.tsv");
        CHECK_COUNT(di->nrow, 8);
        CHECK_COUNT(ri->nrow, 2);
        if (di->nrow == 8 && ri->nrow == 2) {
            long jy = table_find(di, "y"), jx = table_find(di, "x");
            int yi[8], yfin[8];
            for (size_t i = 0; i < 8; i++) {
                yi[i] = (int)di->cols[jy].num[i];
                yfin[i] = isinf(di->cols[jx].num[i]) ? -1 : yi[i];
            }
            RocFit fi;
            CHECK(roc_fit(di->cols[jx].num, yi, 8, 0, &fi) == -3);
            CHECK(fi.n_pos == 4 && fi.n_neg == 4 && !fi.thr && !fi.v10);
            CHECK(isnan(ri->cols[table_find(ri, "auc")].num[0]));   /* pROC: NaN */
            CHECK(roc_fit(di->cols[jx].num, yi, 8, 1, &fi) == -3);   /* any direction */
            CHECK(roc_fit(di->cols[jx].num, yfin, 8, 0, &fi) == 0);
            CHECK_NEAR(fi.auc, ri->cols[table_find(ri, "auc")].num[1], 1e-12);
            CHECK(fi.direction == 1 && !strcmp(ri->cols[table_find(ri, "direction")].str[1], "<"));
            size_t wb[16], nb = roc_best(fi.se, fi.sp, fi.nthr, ROC_BEST_YOUDEN, wb);
            CHECK(nb == 1 && fi.thr[wb[0]] == ri->cols[table_find(ri, "best_threshold")].num[1]);
            roc_free(&fi);
        }
        table_free(di);
        table_free(ri);
    }
    /* one class only */
    int ones[3] = {1, 1, 1};
    double x3[3] = {1, 2, 3};
    RocFit r0;
    CHECK(roc_fit(x3, ones, 3, 0, &r0) == -2);
    for (int i = 0; i < 4; i++) roc_free(&fits[i]);
    roc_free(&rm);
    roc_free(&rf);
    free(y); free(ym); free(yf); free(neg);
    table_free(a); table_free(auc); table_free(cur); table_free(best); table_free(tst); table_free(boot);
    return TEST_END();
}
