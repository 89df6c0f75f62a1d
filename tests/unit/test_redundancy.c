/* test_redundancy.c — the reduce core and the scale check against R
 * (tests/reference/robustness.R) on real data:
 *  - the greedy redundancy rule (an independent R version) on the NSCLC
 *    CaPTk features (Spearman, cut 0.9, priority = variance; Pearson, cut
 *    0.95) and on the QIN test–retest features (Spearman, priority = ICC2
 *    from stats/icc): the same kept set and representatives, r to 1e-9;
 *    its guarantees checked directly, and caret::findCorrelation shown to
 *    lack them on the same data;
 *  - caret::nearZeroVar(saveMetrics = TRUE) on all CaPTk features and the
 *    clinical table (numeric and text columns) to 1e-12, but for the two
 *    columns constant up to rounding that rgx flags and caret keeps;
 *  - the scale check of both tables (R's plain max/min ratio), and with
 *    the columns constant up to rounding left out. */
#include "testdata.h"
#include "stats/icc.h"
#include "stats/redundancy.h"
#include "stats/scalecheck.h"

static Table *load_opts(const char *path, const char *id) {
    LoadOpts o = {.name = "t", .id = id};
    LoadReport rep = {0};
    Buf err = {0};
    int cancelled;
    Table *t = table_load(path, &o, &rep, &err, &cancelled);
    if (!t) { printf("FAIL cannot load %s: %s\n", path, err.s); exit(1); }
    load_report_free(&rep);
    buf_free(&err);
    return t;
}

/* a column as numbers: text cells such as "#NAME?" become NaN */
static double cell(const Column *c, size_t i) {
    if (c->type == COL_NUM) return c->num[i];
    const char *s = c->str[i];
    char *end;
    double v = s ? strtod(s, &end) : NAN;
    return s && *s && !*end ? v : NAN;
}

/* Compare one reduce run; X: p columns of n values. */
static void check_reduce(const Table *ref, const char *run, const double *const *X, size_t p, size_t n, CorMethod m,
                         const double *priority, double cut, const char *const *names) {
    Redundancy red;
    double *r = malloc(p * p * sizeof *r);
    CHECK(redundancy_from_data(X, p, n, m, 2, NULL, priority, cut, r, &red) == 0);
    size_t k = 0, kept_r = 0, orphans_caret = 0;
    for (size_t i = 0; i < ref->nrow; i++) {
        if (strcmp(ref->cols[0].str[i], run) != 0) continue;
        CHECK(k < p);
        if (k >= p) break;
        CHECK_STR(names[k], ref->cols[table_find(ref, "feature")].str[i]);
        CHECK(red.kept[k] == (unsigned char)ref->cols[table_find(ref, "kept")].num[i]);
        CHECK(red.rep[k] + 1 == (size_t)ref->cols[table_find(ref, "rep")].num[i]);
        CHECK_NEAR(red.rep_r[k], ref->cols[table_find(ref, "rep_r")].num[i], 1e-9);
        kept_r += red.kept[k];
        orphans_caret += ref->cols[table_find(ref, "caret_orphan")].num[i] == 1;
        k++;
    }
    CHECK(k == p && kept_r == red.n_kept);
    /* the guarantees: no kept pair above the cut; every dropped one represented above it */
    for (size_t a = 0; a < p; a++)
        for (size_t b = a + 1; b < p; b++) CHECK(!(red.kept[a] && red.kept[b] && fabs(r[a * p + b]) > cut));
    for (size_t a = 0; a < p; a++)
        if (!red.kept[a]) CHECK(red.kept[red.rep[a]] && fabs(r[a * p + red.rep[a]]) > cut);
    printf("reduce %s: keeps %zu of %zu (as the R rule); caret::findCorrelation leaves %zu dropped features "
           "without a kept one above the cut\n", run, red.n_kept, p, orphans_caret);
    redundancy_free(&red);
    free(r);
}

int main(void) {
    /* ---- NSCLC: the patients of ComBat's "par" run */
    Table *feat = load_opts("tests/data/nsclc_captk_features.csv", "none");
    Table *vals = load_opts("tests/reference/robust_combat_values.tsv", "none");
    Table *ref = load_opts("tests/reference/robust_reduce.tsv", "none");
    size_t n = 0, NF = feat->ncol - 1;
    long *row = malloc(vals->nrow * sizeof *row);
    for (size_t i = 0; i < vals->nrow; i++)
        if (strcmp(vals->cols[0].str[i], "par") == 0) {
            long r = -1;
            for (size_t j = 0; j < feat->nrow && r < 0; j++)
                if (strcmp(feat->cols[0].str[j], vals->cols[1].str[i]) == 0) r = (long)j;
            CHECK(r >= 0);
            if (r < 0) return TEST_END();
            row[n++] = r;
        }
    CHECK(n == 197 && NF == 102);
    double **X = malloc(NF * sizeof *X);
    const char **names = malloc(NF * sizeof *names);
    for (size_t f = 0; f < NF; f++) {
        X[f] = malloc(n * sizeof **X);
        names[f] = feat->cols[f + 1].name;
        for (size_t i = 0; i < n; i++) X[f][i] = cell(&feat->cols[f + 1], (size_t)row[i]);
    }
    check_reduce(ref, "captk_spearman", (const double *const *)X, NF, n, COR_SPEARMAN, NULL, 0.9, names);
    check_reduce(ref, "captk_pearson", (const double *const *)X, NF, n, COR_PEARSON, NULL, 0.95, names);

    /* scale check of the same block: Energy ~1e10 beside ~1e-11 */
    Table *sc = load_opts("tests/reference/robust_scale.tsv", "none");
    CHECK_COUNT(sc->nrow, 2);   /* captk, qin: rows 0 and 1 below */
    if (sc->nrow != 2) return TEST_END();
    double *sd = malloc(NF * sizeof *sd);
    double *level = malloc(NF * sizeof *level);
    column_sds((const double *const *)X, NF, n, sd, level);
    ScaleCheck chk;
    CHECK(scale_check(sd, NULL, NF, 0.9, &chk) == 0);   /* every positive sd, as R's max / min */
    CHECK_NEAR(chk.ratio, sc->cols[1].num[0], 1e-9);
    CHECK(chk.largest + 1 == (size_t)sc->cols[2].num[0] && chk.smallest + 1 == (size_t)sc->cols[3].num[0]);
    char dom[512] = "";
    for (size_t q = 0; q < chk.n_dominant; q++) snprintf(dom + strlen(dom), sizeof dom - strlen(dom), "%s%zu", q ? "," : "", chk.dominant[q] + 1);
    CHECK(sc->cols[4].type == COL_NUM ? (size_t)sc->cols[4].num[0] == chk.dominant[0] + 1 && chk.n_dominant == 1
                                      : strcmp(dom, sc->cols[4].str[0]) == 0);
    CHECK_NEAR(chk.dominant_share, sc->cols[5].num[0], 1e-9);
    printf("scale check captk: ratio %.3g, dominant %s (share %.6f)\n", chk.ratio, dom, chk.dominant_share);
    scale_check_free(&chk);
    /* with each column's level: the two MeanAbsoluteDeviation columns that
       are 0 up to rounding (sd 5e-12 and 3e-10) count as constant, and the
       ratio is Energy's sd over the smallest real one (NGTDM Coarseness) */
    CHECK(scale_check(sd, level, NF, 0.9, &chk) == 0);
    CHECK_COUNT(chk.n_zero, 2);
    CHECK_COUNT(chk.n_rounding, 2);
    size_t nr = 0, jmin = (size_t)-1;
    for (size_t f = 0; f < NF; f++) {
        int neg = sd[f] < 1e-9 * (level[f] > 1 ? level[f] : 1);
        CHECK(neg == scale_negligible(sd[f], level[f]));
        if (neg) CHECK(strstr(names[f], "MeanAbsoluteDeviation") != NULL && chk.constant[nr++] == f);
        else if (jmin == (size_t)-1 || sd[f] < sd[jmin]) jmin = f;
    }
    CHECK(nr == 2 && chk.smallest == jmin && strcmp(names[jmin], "T1_ED_NGTDM_Coarsness") == 0);
    CHECK_NEAR(chk.ratio, sd[chk.largest] / sd[jmin], 1e-15);
    CHECK(chk.ratio < 1e14 && chk.n_used == NF - 2);
    printf("scale check captk with levels: ratio %.3g without the 2 columns constant up to rounding\n", chk.ratio);
    scale_check_free(&chk);
    free(level);

    /* ---- QIN: all 102 scans, priority = ICC(2,1) from stats/icc */
    Table *q = load_opts("tests/data/qin_prostate_t2_retest.csv", "none");
    size_t qn = q->nrow, QF = q->ncol - 2;
    CHECK(QF == 26);
    long cstudy = table_find(q, "study"), cstruct = table_find(q, "segmentedStructure");
    char **keys = malloc(qn * sizeof *keys);
    size_t *subj = malloc(qn * sizeof *subj), *rep = malloc(qn * sizeof *rep), nsub = 0, nrep;
    double *date = malloc(qn * sizeof *date);
    for (size_t i = 0; i < qn; i++) {
        const char *s = q->cols[cstudy].str[i], *u = strchr(s, '_');
        CHECK(u != NULL);
        if (!u) return TEST_END();
        char key[256];
        snprintf(key, sizeof key, "%.*s %s", (int)(u - s), s, q->cols[cstruct].str[i]);
        date[i] = strtod(u + 1, NULL);
        size_t k = 0;
        while (k < nsub && strcmp(keys[k], key) != 0) k++;
        if (k == nsub) keys[nsub++] = strdup(key);
        subj[i] = k;
    }
    IccLayout L;
    CHECK(icc_repeat_order(subj, date, qn, nsub, rep, &nrep, NULL) == 0);
    CHECK(icc_layout_build(subj, rep, qn, nsub, nrep, &L, NULL) == 0);
    double **QX = malloc(QF * sizeof *QX), *prio = malloc(QF * sizeof *prio);
    const char **qnames = malloc(QF * sizeof *qnames);
    for (size_t f = 0; f < QF; f++) {
        QX[f] = q->cols[f + 2].num;
        qnames[f] = q->cols[f + 2].name;
        IccResult ir;
        CHECK(icc_feature(&L, QX[f], 0.05, ICC_ANOVA, &ir) == 0);
        prio[f] = ir.row[ICC_2].icc;
    }
    check_reduce(ref, "qin_spearman_icc", (const double *const *)QX, QF, qn, COR_SPEARMAN, prio, 0.9, qnames);
    free(sd);
    sd = malloc(QF * sizeof *sd);
    column_sds((const double *const *)QX, QF, qn, sd, NULL);
    CHECK(scale_check(sd, NULL, QF, 0.9, &chk) == 0);
    CHECK_NEAR(chk.ratio, sc->cols[1].num[1], 1e-9);
    CHECK(chk.largest + 1 == (size_t)sc->cols[2].num[1] && chk.smallest + 1 == (size_t)sc->cols[3].num[1]);
    CHECK(chk.n_dominant == 1 && chk.dominant[0] + 1 == (size_t)sc->cols[4].num[1]);
    CHECK_NEAR(chk.dominant_share, sc->cols[5].num[1], 1e-9);
    printf("scale check qin: ratio %.3g, dominant %s\n", chk.ratio, qnames[chk.dominant[0]]);
    scale_check_free(&chk);
    icc_layout_free(&L);

    /* ---- caret::nearZeroVar on every CaPTk feature (all 206 rows) and the clinical table */
    Table *nz = load_opts("tests/reference/robust_nzv.tsv", "none");
    Table *cli = load_opts("tests/data/nsclc_clinical.csv", "none");
    size_t nchecked = 0, nflag = 0, nround = 0;
    for (size_t i = 0; i < nz->nrow; i++) {
        int clinical = strcmp(nz->cols[0].str[i], "clinical") == 0;
        const Table *t = clinical ? cli : feat;
        long j = table_find(t, nz->cols[1].str[i]);
        CHECK(j > 0);
        if (j <= 0) continue;
        const Column *c = &t->cols[j];
        double *v = malloc(t->nrow * sizeof *v);
        if (c->type == COL_NUM || !clinical)
            for (size_t r = 0; r < t->nrow; r++) v[r] = cell(c, r);
        else {   /* text: level codes */
            for (size_t r = 0; r < t->nrow; r++) {
                v[r] = NAN;
                if (!c->str[r]) continue;
                size_t k = 0;
                while (k < r && !(c->str[k] && strcmp(c->str[k], c->str[r]) == 0)) k++;
                v[r] = (double)k;
            }
        }
        Nzv out;
        CHECK(nzv_column(v, t->nrow, 95.0 / 5, 10, &out) == 0);
        CHECK_NEAR(out.freq_ratio, nz->cols[2].num[i], 1e-12);
        CHECK_NEAR(out.percent_unique, nz->cols[3].num[i], 1e-12);
        CHECK(out.zero_var == (strcmp(nz->cols[4].str[i], "TRUE") == 0));
        /* caret's nzv, and beyond caret the columns constant up to rounding */
        CHECK(out.nzv == ((strcmp(nz->cols[5].str[i], "TRUE") == 0) || out.rounding));
        CHECK(out.rounding == (!strcmp(nz->cols[1].str[i], "T1_ED_Histogram_Bins-10_Bins-10_MeanAbsoluteDeviation") ||
                               !strcmp(nz->cols[1].str[i], "T1_ED_Intensity_MeanAbsoluteDeviation")));
        nflag += out.nzv;
        nround += out.rounding;
        nchecked++;
        free(v);
    }
    CHECK(nchecked == 102 + 21 && nflag == 4 && nround == 2);
    printf("caret::nearZeroVar: %zu columns, %zu flagged (alk, path-m-stage; and the 2 MeanAbsoluteDeviation columns "
           "constant up to rounding, which caret keeps)\n", nchecked, nflag);
    /* table()'s 15-digit levels: 0.1 + 0.2 and 0.3 are one level but two unique values */
    {
        double v[40];
        for (int i = 0; i < 40; i++) v[i] = i < 38 ? 0.3 : 0.1 + 0.2;
        v[39] = 1;
        Nzv out;
        CHECK(nzv_column(v, 40, 19, 10, &out) == 0 && out.n_unique == 3 && out.freq_ratio == 39);
        double c1[3] = {NAN, 4, 4};
        CHECK(nzv_column(c1, 3, 19, 10, &out) == 0 && out.zero_var && out.nzv && out.freq_ratio == 0);
        double c0[2] = {NAN, NAN};
        CHECK(nzv_column(c0, 2, 19, 10, &out) == 0 && out.zero_var && out.n_unique == 0);
    }
    /* reduce: priority ties go to the column order; NaN never exceeds; bad cut */
    {
        double r3[9] = {1, 0.95, NAN, 0.95, 1, 0.2, NAN, 0.2, 1};
        Redundancy red;
        CHECK(redundancy_select(r3, 3, NULL, 0.9, &red) == 0 && red.kept[0] && !red.kept[1] && red.kept[2] &&
              red.rep[1] == 0 && red.n_kept == 2);
        redundancy_free(&red);
        double pr[3] = {1, 2, NAN};
        CHECK(redundancy_select(r3, 3, pr, 0.9, &red) == 0 && !red.kept[0] && red.kept[1] && red.rep[0] == 1 &&
              red.order[0] == 1 && red.order[2] == 2);
        redundancy_free(&red);
        CHECK(redundancy_select(r3, 3, NULL, 1.5, &red) == -5);
        redundancy_free(&red);
        double s3[3] = {1, 0, 5};
        CHECK(scale_check(s3, NULL, 3, 0.9, &chk) == 0 && chk.n_zero == 1 && chk.ratio == 5 && chk.largest == 2 &&
              chk.smallest == 0);
        scale_check_free(&chk);
        /* the rounding rule: sd below 1e-9 × max(mean |x|, 1); NaN is missing, not constant */
        double s4[4] = {1e-10, 2e-9, 1, 5e-4}, l4[4] = {0.5, 0, 1e6, 1e6};
        CHECK(scale_check(s4, l4, 4, 0.9, &chk) == 0 && chk.n_zero == 2 && chk.n_rounding == 2 &&
              chk.constant[0] == 0 && chk.constant[1] == 3 && chk.n_used == 2 && fabs(chk.ratio - 5e8) < 1e-6 &&
              chk.largest == 2 && chk.smallest == 1);
        scale_check_free(&chk);
        CHECK(scale_negligible(0, NAN) == 0 && scale_negligible(NAN, 1) == 0 && scale_negligible(0, 5) == 1);
        CHECK(scale_negligible(0.99e-9, 0.3) == 1 && scale_negligible(1.01e-9, 0.3) == 0);
        CHECK(scale_negligible(0.99e-3, 1e6) == 1 && scale_negligible(1.01e-3, 1e6) == 0);
        /* nzv_column: distinct values of order 1e-12 are constant up to rounding (caret: not nzv) */
        double tiny[6] = {1e-12, -2e-12, 3e-12, 0, 5e-13, NAN};
        Nzv z;
        CHECK(nzv_column(tiny, 6, 19, 10, &z) == 0 && !z.zero_var && z.rounding && z.nzv && z.n_unique == 5);
        double real[4] = {1, 2, 3, 4};
        CHECK(nzv_column(real, 4, 19, 10, &z) == 0 && !z.rounding && !z.nzv);
    }
    for (size_t k = 0; k < nsub; k++) free(keys[k]);
    free(keys);
    free(subj);
    free(rep);
    free(date);
    free(QX);
    free(prio);
    free(qnames);
    for (size_t f = 0; f < NF; f++) free(X[f]);
    free(X);
    free(names);
    free(sd);
    free(row);
    table_free(feat);
    table_free(vals);
    table_free(ref);
    table_free(sc);
    table_free(q);
    table_free(nz);
    table_free(cli);
    return TEST_END();
}
