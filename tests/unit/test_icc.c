/* test_icc.c — intraclass and concordance correlations against R
 * (tests/reference/robustness.R) on the real QIN prostate test–retest
 * table and on Shrout & Fleiss's own 6 × 4 example: psych::ICC(lmer = FALSE) to 1e-9 relative (p-values too), psych's
 * default lmer = TRUE to 1e-3 where lme4 converged, epiR::epi.ccc to 1e-9,
 * R's qf to 1e-10; then the long-form layout and its errors. */
#include "testdata.h"
#include "stats/ccc.h"
#include "stats/icc.h"

/* relative tolerance, also for tiny values (p-values) */
#define CHECK_REL(got, want, tol)                                                                          \
    do {                                                                                                   \
        double g_ = (got), w_ = (want);                                                                    \
        if ((isnan(g_) && isnan(w_)) || g_ == w_ || fabs(g_ - w_) <= (tol) * fabs(w_)) t_pass++;           \
        else { t_fail++; printf("FAIL %s:%d: %s = %.17g, want %.17g\n", __FILE__, __LINE__, #got, g_, w_); } \
    } while (0)

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

static double maxrel_icc = 0, maxrel_ccc = 0, maxabs_lmer = 0;
static void note(double *m, double g, double w) {
    if (isnan(w) || w == 0) return;
    double d = fabs(g - w) / fabs(w);
    if (d > *m) *m = d;
}

int main(void) {
    Table *q = load_opts("tests/data/qin_prostate_t2_retest.csv", "none");
    long cstudy = table_find(q, "study"), cstruct = table_find(q, "segmentedStructure");
    CHECK(cstudy >= 0 && cstruct >= 0);
    size_t n = q->nrow;
    CHECK(n == 102);
    /* subject = patient (text before the first '_' of study) + structure; exam date = the part after it */
    char **keys = malloc(n * sizeof *keys);
    size_t *subj = malloc(n * sizeof *subj), *rep = malloc(n * sizeof *rep), nsub = 0;
    double *date = malloc(n * sizeof *date);
    for (size_t i = 0; i < n; i++) {
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
    CHECK(nsub == 54);
    size_t nrep = 0, tie = 0;
    CHECK(icc_repeat_order(subj, date, n, nsub, rep, &nrep, &tie) == 0);
    CHECK(nrep == 2);
    IccLayout L;
    size_t dup = 0;
    CHECK(icc_layout_build(subj, rep, n, nsub, nrep, &L, &dup) == 0);
    CHECK(L.n_present == 54 && L.n_complete == 48);

    Table *ref = load_opts("tests/reference/robust_icc.tsv", "none");
    long rf = table_find(ref, "feature"), rm = table_find(ref, "method"), rconv = table_find(ref, "lmer_ok");
    long rt = table_find(ref, "type");
    const char *cols[7] = {"icc", "F", "df1", "df2", "p", "lower", "upper"};
    long rc[7];
    for (int c = 0; c < 7; c++) rc[c] = table_find(ref, cols[c]);
    size_t checked_anova = 0, checked_lmer = 0, flagged = 0;
    /* k = 4: Shrout & Fleiss (1979) Table 2, 6 targets × 4 judges (psych's example) */
    const double sf[24] = {9, 2, 5, 8, 6, 1, 3, 2, 8, 4, 6, 8, 7, 1, 2, 6, 10, 5, 6, 9, 6, 2, 4, 7};
    for (size_t i = 0; i < ref->nrow; i++) {
        int lmer = strcmp(ref->cols[rm].str[i], "lmer") == 0;
        IccResult r;
        if (strcmp(ref->cols[rf].str[i], "shrout_fleiss_1979") == 0) {
            CHECK(icc_matrix(sf, 6, 4, 0.05, lmer ? ICC_REML : ICC_ANOVA, &r) == 0);
        } else {
            long j = table_find(q, ref->cols[rf].str[i]);
            CHECK(j >= 0);
            if (j < 0) continue;
            CHECK(icc_feature(&L, q->cols[j].num, 0.05, lmer ? ICC_REML : ICC_ANOVA, &r) == 0);
        }
        CHECK(r.n_subjects == (size_t)ref->cols[table_find(ref, "n_subjects")].num[i]);
        CHECK(r.n_incomplete == (size_t)ref->cols[table_find(ref, "n_incomplete")].num[i]);
        int t = 0;
        while (t < ICC_NTYPES && strcmp(icc_type_name((IccType)t), ref->cols[rt].str[i]) != 0) t++;
        CHECK(t < ICC_NTYPES);
        if (t >= ICC_NTYPES) continue;
        const IccRow *w = &r.row[t];
        double got[7] = {w->icc, w->F, w->df1, w->df2, w->p, w->lower, w->upper};
        if (!lmer) {
            for (int c = 0; c < 7; c++) {
                CHECK_REL(got[c], ref->cols[rc[c]].num[i], 1e-9);
                note(&maxrel_icc, got[c], ref->cols[rc[c]].num[i]);
            }
            checked_anova++;
            if (t == ICC_1 && r.negative_var) flagged++;
        } else if (ref->cols[rconv].num[i] == 1) {
            /* lme4's optimiser: agreement to its convergence, not to rounding */
            CHECK_NEAR(w->icc, ref->cols[rc[0]].num[i], 1e-3);
            CHECK_NEAR(w->lower, ref->cols[rc[5]].num[i], 1e-3);
            CHECK_NEAR(w->upper, ref->cols[rc[6]].num[i], 1e-3);
            CHECK_REL(w->F, ref->cols[rc[1]].num[i], 1e-3);
            for (int c = 0; c < 7; c += 5) maxabs_lmer = fmax(maxabs_lmer, fabs(got[c] - ref->cols[rc[c]].num[i]));
            maxabs_lmer = fmax(maxabs_lmer, fabs(w->upper - ref->cols[rc[6]].num[i]));
            checked_lmer++;
        }
    }
    CHECK(checked_anova == 27 * 6);
    CHECK(checked_lmer >= 21 * 6);
    CHECK(flagged >= 5);   /* features with a negative variance component, where psych's default differs */
    printf("psych::ICC(lmer = FALSE): %zu values, max relative difference %.2g; lmer = TRUE: %zu features, "
           "max |difference| of icc and bounds %.2g; features with a negative variance component: %zu\n",
           checked_anova * 7, maxrel_icc, checked_lmer / 6, maxabs_lmer, flagged);
    table_free(ref);

    /* the feature whose subjects vary less than the residual (MSB < MSE): ICC negative, flagged */
    {
        long j = table_find(q, "wavelet-LHH_firstorder_RootMeanSquared");
        CHECK(j >= 0);
        if (j < 0) return TEST_END();
        IccResult r;
        CHECK(icc_feature(&L, q->cols[j].num, 0.05, ICC_ANOVA, &r) == 0);
        CHECK(r.row[ICC_3].icc < 0 && (r.negative_var & 2));
    }

    /* CCC of exam 1 against exam 2, incomplete subjects as missing pairs */
    Table *cr = load_opts("tests/reference/robust_ccc.tsv", "none");
    const char *ccols[13] = {"ccc", "lower", "upper", "lower_asym", "upper_asym", "s_shift", "l_shift", "C_b",
                             "ba_mean", "ba_sd", "ba_lower", "ba_upper", "n"};
    double *x = malloc(nsub * sizeof *x), *y = malloc(nsub * sizeof *y);
    CHECK_COUNT(cr->nrow, 26);
    for (size_t i = 0; i < cr->nrow; i++) {
        long j = table_find(q, cr->cols[table_find(cr, "feature")].str[i]);
        CHECK(j >= 0);
        if (j < 0) continue;
        for (size_t s = 0; s < nsub; s++) {
            size_t o0 = L.cell[s * 2], o1 = L.cell[s * 2 + 1];
            x[s] = o0 == ICC_NONE ? NAN : q->cols[j].num[o0];
            y[s] = o1 == ICC_NONE ? NAN : q->cols[j].num[o1];
        }
        CccResult c;
        CHECK(ccc_compute(x, y, nsub, 0.95, &c) == 0);
        double got[13] = {c.ccc, c.lower, c.upper, c.lower_asym, c.upper_asym, c.s_shift, c.l_shift, c.c_b,
                          c.ba_mean, c.ba_sd, c.ba_lower, c.ba_upper, (double)c.n};
        for (int k = 0; k < 13; k++) {
            double w = cr->cols[table_find(cr, ccols[k])].num[i];
            CHECK_REL(got[k], w, 1e-9);
            note(&maxrel_ccc, got[k], w);
        }
        CHECK(c.n_missing == (size_t)cr->cols[table_find(cr, "n_missing")].num[i]);
    }
    printf("epiR::epi.ccc: %zu features, max relative difference %.2g\n", cr->nrow, maxrel_ccc);
    table_free(cr);
    free(x);
    free(y);

    /* R's qf */
    Table *qf = load_opts("tests/reference/robust_qf.tsv", "none");
    CHECK_COUNT(qf->nrow, 75);
    for (size_t i = 0; i < qf->nrow; i++)
        CHECK_REL(f_quantile_upper(qf->cols[0].num[i], qf->cols[1].num[i], qf->cols[2].num[i]), qf->cols[3].num[i],
                  1e-10);
    table_free(qf);
    CHECK(isnan(f_quantile_upper(0, 3, 4)) && isnan(f_quantile_upper(0.5, -1, 4)) && isnan(f_quantile_upper(0.5, 3, INFINITY)));

    /* the layout's errors */
    {
        size_t s2[4] = {0, 0, 1, 1}, r2[4] = {0, 1, 0, 0}, bad = 99;
        IccLayout L2;
        CHECK(icc_layout_build(s2, r2, 4, 2, 2, &L2, &bad) == -3 && bad == 3);
        r2[3] = 5;
        CHECK(icc_layout_build(s2, r2, 4, 2, 2, &L2, &bad) == -5 && bad == 3);
        r2[3] = ICC_NONE;   /* ignored: subject 1 then lacks repeat 1 */
        CHECK(icc_layout_build(s2, r2, 4, 2, 2, &L2, &bad) == 0 && L2.n_complete == 1 && L2.n_present == 2);
        icc_layout_free(&L2);
        double k2[4] = {3, 1, 2, 2};
        size_t rr[4], nr;
        CHECK(icc_repeat_order(s2, k2, 4, 2, rr, &nr, &bad) == -3 && bad == 3);
        k2[3] = 1;
        CHECK(icc_repeat_order(s2, k2, 4, 2, rr, &nr, &bad) == 0 && nr == 2 && rr[0] == 1 && rr[1] == 0 &&
              rr[2] == 1 && rr[3] == 0);
    }
    /* a NaN row is left out and counted; too few subjects give NaN */
    {
        double m[8] = {1, 2, NAN, 4, 3, 3.5, 5, 6};
        IccResult r;
        CHECK(icc_matrix(m, 4, 2, 0.05, ICC_ANOVA, &r) == 0 && r.n_subjects == 3 && r.n_incomplete == 1);
        CHECK(icc_matrix(m, 1, 2, 0.05, ICC_ANOVA, &r) == 0 && isnan(r.row[ICC_2].icc));
        CHECK(icc_matrix(m, 4, 2, 0, ICC_ANOVA, &r) == -5);
        double c2[4] = {2, 2, 2, 2};   /* constant: NaN, not a crash */
        CHECK(icc_matrix(c2, 2, 2, 0.05, ICC_ANOVA, &r) == 0 && isnan(r.row[ICC_1].icc));
        CccResult c;
        double a[3] = {1, 2, 3}, b[3] = {5, 5, 5};
        CHECK(ccc_compute(a, b, 3, 0.95, &c) == 0 && isnan(c.ccc) && c.n == 3);
        CHECK(ccc_compute(a, a, 3, 0.95, &c) == 0 && c.ccc == 1);
    }
    icc_layout_free(&L);
    for (size_t k = 0; k < nsub; k++) free(keys[k]);
    free(keys);
    free(subj);
    free(rep);
    free(date);
    table_free(q);
    return TEST_END();
}
