/* test_survival.c — Kaplan–Meier curves, medians and log-rank tests against
 * R's survival package (tests/reference/survival.R): every row of every
 * curve (times, numbers at risk, events, S, its standard error, limits for
 * conf.type log, log-log and plain) and the medians with their limits, on
 * R's lung data and on TCGA-GBM survival by TP53; KM and log-rank to 1e-9.
 * Then what km's handler used to compute itself (tests/reference/
 * survival_more.R): the split= cuts and groups, the log-rank test over 70
 * groups, and km_compare (the test, the hazard ratio and the rows without
 * a stratum). */
#include "testdata.h"
#include "io/join.h"
#include "io/load_clinical.h"
#include "io/load_maf.h"
#include "stats/cox.h"
#include "stats/survival.h"

typedef struct Data {
    size_t n;
    double *time, *event;
    size_t *g;      /* group index */
    double gval[4]; /* the group values, in order */
    size_t k;
} Data;

static Data lung_by(const Table *t, const char *gcol) {
    Data d = {.n = t->nrow};
    long jt = table_find(t, "time"), js = table_find(t, "status"), jg = table_find(t, gcol);
    d.time = t->cols[jt].num;
    d.event = malloc(d.n * sizeof *d.event);
    d.g = malloc(d.n * sizeof *d.g);
    for (size_t i = 0; i < d.n; i++) d.event[i] = t->cols[js].num[i] - 1;   /* R's 2/1 */
    for (size_t i = 0; i < d.n; i++) {
        double v = t->cols[jg].num[i];
        if (isnan(v)) { d.g[i] = (size_t)-1; continue; }
        size_t k = 0;
        while (k < d.k && d.gval[k] != v) k++;
        if (k == d.k) {
            CHECK(d.k < sizeof d.gval / sizeof *d.gval);   /* gval[4] */
            if (d.k == sizeof d.gval / sizeof *d.gval) { d.g[i] = (size_t)-1; continue; }
            d.gval[d.k++] = v;
        }
        d.g[i] = k;
    }
    /* order the groups by value */
    for (size_t a = 0; a < d.k; a++)
        for (size_t b = a + 1; b < d.k; b++)
            if (d.gval[b] < d.gval[a]) {
                double x = d.gval[a]; d.gval[a] = d.gval[b]; d.gval[b] = x;
                for (size_t i = 0; i < d.n; i++) d.g[i] = d.g[i] == a ? b : d.g[i] == b ? a : d.g[i];
            }
    return d;
}

static void check_set(const char *set, Data *d, Table *curves, Table *meds) {
    static const char *const confs[] = {"log", "log-log", "plain"};
    for (int c = 0; c < 3; c++)
        for (size_t g = 0; g < d->k; g++) {
            KmCurve km;
            CHECK(km_fit(d->time, d->event, d->g, g, d->n, (ConfType)c, 0.95, &km) == 0);
            size_t row = 0;
            for (size_t i = 0; i < curves->nrow; i++) {
                if (strcmp(curves->cols[0].str[i], set) || strcmp(curves->cols[1].str[i], confs[c]) ||
                    curves->cols[2].num[i] != d->gval[g]) continue;
                CHECK(row < km.m);
                if (row >= km.m) break;
                CHECK(km.time[row] == curves->cols[3].num[i]);
                CHECK(km.n_risk[row] == curves->cols[4].num[i]);
                CHECK(km.n_event[row] == curves->cols[5].num[i]);
                CHECK_NEAR(km.surv[row], curves->cols[6].num[i], 1e-9);
                CHECK_NEAR(km.se[row], curves->cols[7].num[i], 1e-9);
                CHECK_NEAR(km.lo[row], curves->cols[8].num[i], 1e-9);
                CHECK_NEAR(km.hi[row], curves->cols[9].num[i], 1e-9);
                row++;
            }
            CHECK(row == km.m);
            size_t nmed = 0;
            for (size_t i = 0; i < meds->nrow; i++) {
                if (strcmp(meds->cols[0].str[i], set) || strcmp(meds->cols[1].str[i], confs[c]) ||
                    meds->cols[2].num[i] != d->gval[g]) continue;
                CHECK_NEAR(km.median, meds->cols[3].num[i], 1e-12);
                CHECK_NEAR(km.median_lo, meds->cols[4].num[i], 1e-12);
                CHECK_NEAR(km.median_hi, meds->cols[5].num[i], 1e-12);
                nmed++;
            }
            CHECK_COUNT(nmed, 1);   /* this set, conf.type and group has its median row */
            km_free(&km);
        }
}

/* Each set has two rows (rho = 0 and 1); both must be there. */
static void check_logrank(const char *set, Data *d, Table *lr) {
    size_t found = 0;
    for (size_t i = 0; i < lr->nrow; i++) {
        if (strcmp(lr->cols[0].str[i], set)) continue;
        found++;
        double df, p;
        double chi = logrank(d->time, d->event, d->g, d->n, d->k, lr->cols[1].num[i], NULL, NULL, &df, &p);
        CHECK_NEAR(chi, lr->cols[2].num[i], 1e-9);
        CHECK(df == lr->cols[3].num[i]);
        CHECK_NEAR(p, lr->cols[4].num[i], 1e-9);
    }
    CHECK_COUNT(found, 2);
}

/* stratified log-rank: group g, strata from values v (NaN skipped) */
static void check_strata(const char *set, Data *d, const double *v, Table *st) {
    size_t *sg = malloc(d->n * sizeof *sg), ns = 0, found = 0;
    double vals[8];
    for (size_t i = 0; i < d->n; i++) {
        if (isnan(v[i])) { sg[i] = (size_t)-1; continue; }
        size_t k = 0;
        while (k < ns && vals[k] != v[i]) k++;
        if (k == ns) {
            CHECK(ns < sizeof vals / sizeof *vals);   /* vals[8] */
            if (ns == sizeof vals / sizeof *vals) { sg[i] = (size_t)-1; continue; }
            vals[ns++] = v[i];
        }
        sg[i] = k;
    }
    for (size_t i = 0; i < st->nrow; i++) {
        if (strcmp(st->cols[0].str[i], set)) continue;
        found++;
        double df, p;
        double chi = logrank_strata(d->time, d->event, d->g, sg, ns, d->n, d->k, st->cols[1].num[i], NULL, NULL, &df, &p);
        CHECK_NEAR(chi, st->cols[2].num[i], 1e-9);
        CHECK_NEAR(p, st->cols[3].num[i], 1e-9);
    }
    CHECK_COUNT(found, 2);   /* rho = 0 and 1 */
    free(sg);
}

/* R's Surv(time, event) codings: 0/1, 1/2 (2 = event), logical; anything
 * else refused with the values named. */
static void test_event_code(void) {
    double ev[8], vals[8];
    size_t nv;
    double s12[5] = {2, 1, NAN, 2, 1};
    CHECK(surv_event_code(s12, 5, 0, ev, vals, &nv) == SURV_CODE_12);
    CHECK(nv == 2 && vals[0] == 1 && vals[1] == 2);
    CHECK(ev[0] == 1 && ev[1] == 0 && isnan(ev[2]) && ev[3] == 1 && ev[4] == 0);
    double s01[4] = {0, 1, 1, 0};
    CHECK(surv_event_code(s01, 4, 0, ev, vals, &nv) == SURV_CODE_01 && ev[1] == 1 && ev[0] == 0);
    /* logical TRUE/FALSE, given as 1/0 by the caller */
    CHECK(surv_event_code(s01, 4, 1, ev, vals, &nv) == SURV_CODE_LOGICAL && ev[2] == 1);
    /* only 1s: events (Surv's rule: the largest value is not 2) */
    double s1[3] = {1, 1, 1};
    CHECK(surv_event_code(s1, 3, 0, ev, vals, &nv) == SURV_CODE_01 && nv == 1 && ev[0] == 1);
    /* only 2s: events, coded 1/2 */
    double s2[2] = {2, 2};
    CHECK(surv_event_code(s2, 2, 0, ev, vals, &nv) == SURV_CODE_12 && ev[0] == 1);
    /* refused: 0/1/2, three values, negatives, fractions; ev untouched */
    double bad[4][4] = {{0, 1, 2, 1}, {1, 2, 3, 1}, {-1, 0, 1, 0}, {0, 0.5, 1, 1}};
    for (int k = 0; k < 4; k++) {
        ev[0] = 42;
        CHECK(surv_event_code(bad[k], 4, 0, ev, vals, &nv) == SURV_CODE_BAD && ev[0] == 42);
        CHECK(nv == 3);
    }
    CHECK(vals[0] == 0 && vals[1] == 0.5 && vals[2] == 1);
    /* many values: the first 8 smallest kept, counted to 9 */
    double many[12] = {12, 11, 10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
    CHECK(surv_event_code(many, 12, 0, ev, vals, &nv) == SURV_CODE_BAD && nv == 9);
    /* nothing but missing: 0/1, no values */
    double none[2] = {NAN, NAN};
    CHECK(surv_event_code(none, 2, 0, ev, vals, &nv) == SURV_CODE_01 && nv == 0 && isnan(ev[0]));
}

/* A stratified test whose variance is singular (each stratum holds one
 * group only): no test (NaN), where survdiff's solve() would stop. */
static void test_logrank_singular(void) {
    double t[6] = {1, 2, 3, 4, 5, 6}, e[6] = {1, 1, 0, 1, 1, 0};
    size_t g[6] = {0, 0, 0, 1, 1, 1}, st[6] = {0, 0, 0, 1, 1, 1};
    double df = 0, p = 0;
    double chi = logrank_strata(t, e, g, st, 2, 6, 2, 0, NULL, NULL, &df, &p);
    CHECK(isnan(chi) && isnan(df) && isnan(p));
}

/* km split=: the cuts of quantile(type = 7) and the groups of
 * findInterval(left.open = TRUE), on lung's age, ph.ecog (missing values,
 * ties at the cuts) and time (km_split.tsv, cuts to 1e-12, sizes exact). */
static void test_split(const Table *lung) {
    Table *ref = load("tests/reference/km_split.tsv");
    static const char *const cols[3] = {"age", "ph.ecog", "time"}, *const hows[3] = {"median", "tertiles", "quartiles"};
    size_t n = lung->nrow, seen = 0, *grp = malloc(n * sizeof *grp);
    for (int c = 0; c < 3; c++) {
        const double *x = lung->cols[table_find(lung, cols[c])].num;
        size_t missing = 0;
        for (size_t i = 0; i < n; i++) missing += isnan(x[i]);
        for (int h = 0; h < 3; h++) {
            double cut[3];
            int nc = split_cuts(x, n, (SplitHow)h, NAN, cut);
            CHECK_COUNT(nc, h + 1);
            if (nc != h + 1) continue;
            split_assign(x, n, cut, nc, grp);
            size_t cnt[4] = {0}, none = 0;
            for (size_t i = 0; i < n; i++) {
                if (grp[i] == SPLIT_NONE) none++;
                else if (grp[i] <= (size_t)nc) cnt[grp[i]]++;
            }
            CHECK_COUNT(none, missing);
            for (size_t i = 0; i < ref->nrow; i++) {
                if (strcmp(ref->cols[0].str[i], cols[c]) || strcmp(ref->cols[1].str[i], hows[h])) continue;
                size_t g = (size_t)ref->cols[3].num[i];
                CHECK(g < (size_t)nc);
                if (g >= (size_t)nc) continue;
                CHECK_NEAR(cut[g], ref->cols[2].num[i], 1e-12);
                CHECK_COUNT(cnt[g], ref->cols[4].num[i]);
                CHECK_COUNT(cnt[nc], ref->cols[5].num[i]);
                seen++;
            }
        }
    }
    CHECK_COUNT(seen, 18);   /* every row of km_split.tsv */
    /* a value: one cut, x equal to it in the first group */
    double v[5] = {1, 2, NAN, 3, 2}, cut[3];
    CHECK(split_cuts(v, 5, SPLIT_VALUE, 2, cut) == 1 && cut[0] == 2);
    split_assign(v, 5, cut, 1, grp);
    CHECK(grp[0] == 0 && grp[1] == 0 && grp[2] == SPLIT_NONE && grp[3] == 1 && grp[4] == 0);
    /* no value: no cut, whatever the split */
    double none[2] = {NAN, NAN};
    CHECK(split_cuts(none, 2, SPLIT_MEDIAN, NAN, cut) == 0 && split_cuts(none, 2, SPLIT_VALUE, 1, cut) == 0);
    free(grp);
    table_free(ref);
}

/* The log-rank and Peto-Peto tests over 70 groups: every group counts
 * (69 df), as survdiff (logrank_many.tsv; it stopped at 64 groups). */
static void test_logrank_many(const Table *lung) {
    Table *ref = load("tests/reference/logrank_many.tsv");
    size_t n = lung->nrow, *g = malloc(n * sizeof *g), found = 0;
    const double *tm = lung->cols[table_find(lung, "time")].num, *st = lung->cols[table_find(lung, "status")].num;
    double *ev = malloc(n * sizeof *ev);
    for (size_t i = 0; i < n; i++) {
        g[i] = i % 70;
        ev[i] = st[i] - 1;
    }
    for (size_t i = 0; i < ref->nrow; i++) {
        if (strcmp(ref->cols[0].str[i], "lung_g70")) continue;
        double df = 0, p = 0;
        double chi = logrank(tm, ev, g, n, 70, ref->cols[1].num[i], NULL, NULL, &df, &p);
        CHECK_NEAR(chi, ref->cols[2].num[i], 1e-9);
        CHECK(df == ref->cols[3].num[i]);
        CHECK_NEAR(p, ref->cols[4].num[i], 1e-9);
        found++;
    }
    CHECK_COUNT(found, 2);
    free(g);
    free(ev);
    table_free(ref);
}

/* km_compare on TCGA-GBM TP53 within gender: the stratified test and the
 * hazard ratio as R (logrank_strata.tsv, cox_hr.tsv), the rows without a
 * stratum counted; three groups: a test and no hazard ratio. */
static void test_km_compare(const Data *gbm, const double *gender) {
    Table *st = load("tests/reference/logrank_strata.tsv"), *hrs = load("tests/reference/cox_hr.tsv");
    size_t n = gbm->n, *sg = malloc(n * sizeof *sg), nos = 0, seen = 0;
    for (size_t i = 0; i < n; i++) {
        sg[i] = isnan(gender[i]) ? (size_t)-1 : (size_t)gender[i];
        nos += sg[i] == (size_t)-1 && !isnan(gbm->time[i]) && !isnan(gbm->event[i]);
    }
    KmCompare c;
    km_compare(gbm->time, gbm->event, gbm->g, sg, 2, n, 2, 0, 0.95, &c);
    for (size_t i = 0; i < st->nrow; i++)
        if (!strcmp(st->cols[0].str[i], "gbm_tp53_by_gender") && st->cols[1].num[i] == 0) {
            CHECK_NEAR(c.chisq, st->cols[2].num[i], 1e-9);
            CHECK_NEAR(c.p, st->cols[3].num[i], 1e-9);
            CHECK(c.df == 1);
            seen++;
        }
    for (size_t i = 0; i < hrs->nrow; i++)
        if (!strcmp(hrs->cols[0].str[i], "gbm_tp53_by_gender")) {
            CHECK(c.hr_status == COX_HR_OK);
            for (int q = 0; q < 3; q++) CHECK_NEAR(c.hr[q], hrs->cols[1 + q].num[i], 1e-6);
            seen++;
        }
    CHECK_COUNT(seen, 2);
    CHECK_COUNT(c.no_stratum, nos);
    /* by hand: row 2 has no stratum, row 5 no group (not counted) */
    double t[6] = {1, 2, 3, 4, 5, 6}, e[6] = {1, 1, 0, 1, 1, 0};
    size_t g2[6] = {0, 1, 0, 1, (size_t)-1, 1}, s2[6] = {0, 0, (size_t)-1, 0, 0, 0}, g3[6] = {0, 1, 2, 0, 1, 2};
    km_compare(t, e, g2, s2, 1, 6, 2, 0, 0.95, &c);
    CHECK_COUNT(c.no_stratum, 1);
    km_compare(t, e, g3, NULL, 0, 6, 3, 0, 0.95, &c);
    CHECK(c.no_stratum == 0 && c.df == 2 && !isnan(c.chisq) && isnan(c.hr[0]) && isnan(c.hr[1]) && isnan(c.hr[2]));
    free(sg);
    table_free(st);
    table_free(hrs);
}

/* km_at before a curve's first step and after censorings only, as
 * summary(survfit, times =) (tests/reference/km_times0.R): survival 1,
 * limits 1-1 for every conf type at time 0 and before the first time;
 * log-log NA where S is still 1 after censorings; to 1e-9. */
static void test_km_times0(const Table *lung) {
    Table *ref = load("tests/reference/km_times0.tsv");
    CHECK_COUNT(ref->nrow, 33);
    double st[6] = {1, 2, 3, 4, 5, 6}, se[6] = {0, 0, 1, 1, 0, 1};
    const double *lt = lung->cols[table_find(lung, "time")].num, *ls = lung->cols[table_find(lung, "status")].num;
    const double *lsex = lung->cols[table_find(lung, "sex")].num;
    size_t n = lung->nrow, *g = malloc(n * sizeof *g);
    double *ev = malloc(n * sizeof *ev);
    for (size_t i = 0; i < n; i++) { g[i] = (size_t)lsex[i] - 1; ev[i] = ls[i] == 2; }
    long jd = table_find(ref, "data"), jc = table_find(ref, "conf"), jg = table_find(ref, "sex"), jt = table_find(ref, "time");
    long jn = table_find(ref, "n_risk"), js = table_find(ref, "surv"), jl = table_find(ref, "lower"), ju = table_find(ref, "upper");
    for (size_t i = 0; i < ref->nrow; i++) {
        const char *cn = ref->cols[jc].str[i];
        ConfType ct = !strcmp(cn, "log") ? CONF_LOG : !strcmp(cn, "log-log") ? CONF_LOGLOG : CONF_PLAIN;
        KmCurve km;
        if (!strcmp(ref->cols[jd].str[i], "small")) CHECK(km_fit(st, se, NULL, 0, 6, ct, 0.95, &km) == 0);
        else CHECK(km_fit(lt, ev, g, (size_t)ref->cols[jg].num[i] - 1, n, ct, 0.95, &km) == 0);
        double sv, lo, hi, nr;
        km_at(&km, ref->cols[jt].num[i], &sv, &lo, &hi, &nr);
        CHECK(nr == ref->cols[jn].num[i]);
        CHECK_NEAR(sv, ref->cols[js].num[i], 1e-9);
        CHECK(isnan(ref->cols[jl].num[i]) ? isnan(lo) : fabs(lo - ref->cols[jl].num[i]) <= 1e-9);
        CHECK(isnan(ref->cols[ju].num[i]) ? isnan(hi) : fabs(hi - ref->cols[ju].num[i]) <= 1e-9);
        km_free(&km);
    }
    free(g);
    free(ev);
    table_free(ref);
}

/* km's hazard ratio of two groups at other levels than 95%
 * (tests/reference/km_more.R, km_hr_level.tsv): coxph's exp(coef) and
 * summary(fit, conf.int = level), plain and within strata of ph.ecog, to
 * 1e-9. */
static void test_km_hr_level(const Data *sex, const double *ecog) {
    Table *ref = load("tests/reference/km_hr_level.tsv");
    CHECK_COUNT(ref->nrow, 6);
    size_t *sg = malloc(sex->n * sizeof *sg);
    for (size_t i = 0; i < sex->n; i++) sg[i] = isnan(ecog[i]) ? (size_t)-1 : (size_t)ecog[i];   /* 0..3 */
    for (size_t i = 0; i < ref->nrow; i++) {
        int strat = strcmp(ref->cols[1].str[i], "none") != 0;
        KmCompare c;
        km_compare(sex->time, sex->event, sex->g, strat ? sg : NULL, strat ? 4 : 0, sex->n, 2, 0, ref->cols[0].num[i], &c);
        CHECK(c.hr_status == COX_HR_OK);
        for (int q = 0; q < 3; q++) CHECK_NEAR(c.hr[q], ref->cols[2 + q].num[i], 1e-9);
    }
    free(sg);
    table_free(ref);
}

int main(void) {
    Table *curves = load("tests/reference/km_curves.tsv"), *meds = load("tests/reference/km_medians.tsv");
    Table *lr = load("tests/reference/logrank.tsv");
    Table *lung = load("tests/data/lung.tsv");
    Data sex = lung_by(lung, "sex");
    check_set("lung_sex", &sex, curves, meds);
    check_logrank("lung_sex", &sex, lr);
    Table *st = load("tests/reference/logrank_strata.tsv");
    check_strata("lung_sex_by_ecog", &sex, lung->cols[table_find(lung, "ph.ecog")].num, st);
    Data ecog = lung_by(lung, "ph.ecog");
    CHECK(ecog.k == 4);
    check_logrank("lung_ecog", &ecog, lr);
    /* TCGA-GBM: rgx's own loaders, join and TP53 status */
    Table *cm = load_gbm_cohort();
    CHECK(cm && cm->nrow == 390);
    if (cm) {
        Data gbm = {.n = cm->nrow, .k = 2, .gval = {0, 1}};
        gbm.time = cm->cols[table_find(cm, "time")].num;
        gbm.event = cm->cols[table_find(cm, "event")].num;
        gbm.g = malloc(gbm.n * sizeof *gbm.g);
        long jt = table_find(cm, "TP53");
        for (size_t i = 0; i < gbm.n; i++) gbm.g[i] = isnan(cm->cols[jt].num[i]) ? 0 : (size_t)cm->cols[jt].num[i];
        check_set("gbm_tp53", &gbm, curves, meds);
        check_logrank("gbm_tp53", &gbm, lr);
        long jgd = table_find(cm, "CDR_gender");
        double *gd = calloc(gbm.n ? gbm.n : 1, sizeof *gd);
        for (size_t i = 0; i < gbm.n; i++) gd[i] = cm->cols[jgd].str[i] ? (strcmp(cm->cols[jgd].str[i], "MALE") == 0) : NAN;
        check_strata("gbm_tp53_by_gender", &gbm, gd, st);
        test_km_compare(&gbm, gd);
        free(gd);
        free(gbm.g);
    }
    /* survival at chosen times, as summary(survfit, times = ...), on R's veteran by trt */
    {
        Table *vet = load("tests/data/veteran.tsv"), *vt = load("tests/reference/km_times_veteran.tsv");
        size_t nv = vet->nrow, *vg = malloc(nv * sizeof *vg);
        CHECK_COUNT(vt->nrow, 8);
        for (size_t i = 0; i < nv; i++) vg[i] = (size_t)vet->cols[table_find(vet, "trt")].num[i] - 1;
        for (size_t i = 0; i < vt->nrow; i++) {
            KmCurve km;
            CHECK(km_fit(vet->cols[table_find(vet, "time")].num, vet->cols[table_find(vet, "status")].num, vg,
                         (size_t)vt->cols[0].num[i] - 1, nv, CONF_LOG, 0.95, &km) == 0);
            double sv, lo, hi, nr;
            km_at(&km, vt->cols[1].num[i], &sv, &lo, &hi, &nr);
            CHECK(nr == vt->cols[2].num[i]);
            CHECK_NEAR(sv, vt->cols[3].num[i], 1e-9);
            CHECK_NEAR(lo, vt->cols[4].num[i], 1e-9);
            CHECK_NEAR(hi, vt->cols[5].num[i], 1e-9);
            km_free(&km);
        }
        free(vg);
        table_free(vet);
        table_free(vt);
    }
    test_event_code();
    test_logrank_singular();
    test_split(lung);
    test_km_times0(lung);
    test_km_hr_level(&sex, lung->cols[table_find(lung, "ph.ecog")].num);
    test_logrank_many(lung);
    free(sex.event); free(sex.g); free(ecog.event); free(ecog.g);
    table_free(cm);
    table_free(curves); table_free(meds); table_free(lr); table_free(lung); table_free(st);
    return TEST_END();
}
