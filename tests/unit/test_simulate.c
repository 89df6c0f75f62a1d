/* test_simulate.c — the planted truth is there, and a seed repeats the cohort. */
#include "check.h"
#include "stats/describe.h"
#include "stats/simulate.h"

static double pearson(const double *x, const double *y, size_t n) {
    double mx, my, vx, vy, sxy = 0;
    size_t u;
    mean_var(x, n, &mx, &vx, &u);
    mean_var(y, n, &my, &vy, &u);
    for (size_t i = 0; i < n; i++) sxy += (x[i] - mx) * (y[i] - my);
    return sxy / (double)(n - 1) / sqrt(vx * vy);
}

int main(void) {
    size_t n = 20000;
    SimCohort c, d;
    CHECK(sim_cohort(n, 12, 12, 0.5, 42, &c) == 0);
    /* correlations r = effect (sampling SD about 0.005 at n = 20000) */
    for (int k = 0; k < 5; k++) CHECK(fabs(pearson(c.feat + k * n, c.gene + k * n, n) - 0.5) < 0.03);
    CHECK(fabs(pearson(c.feat + 11 * n, c.gene + 11 * n, n)) < 0.03);   /* not planted */
    /* the EGFR shift of feature 5: 2 x effect = 1 SD */
    double s1 = 0, s0 = 0, n1 = 0, n0 = 0;
    for (size_t i = 0; i < n; i++) {
        if (c.mut[i] == 1) { s1 += c.feat[5 * n + i]; n1++; }
        else { s0 += c.feat[5 * n + i]; n0++; }
    }
    CHECK(fabs(s1 / n1 - s0 / n0 - 1.0) < 0.05);
    CHECK(fabs(n1 / (double)n - 0.30) < 0.02);
    /* cluster shifts: 3 x effect = 1.5 SD per step on features 7..9 */
    double m[4] = {0}, k[4] = {0};
    size_t badcl = 0;
    for (size_t i = 0; i < n; i++) {
        int cl = (int)c.cluster[i];
        if (cl < 1 || cl > SIM_NCLUSTER) { badcl++; continue; }   /* labels 1..3 index m[4] */
        m[cl] += c.feat[8 * n + i];
        k[cl]++;
    }
    CHECK_COUNT(badcl, 0);
    CHECK(fabs(m[3] / k[3] - m[1] / k[1] - 3.0) < 0.1);
    /* survival: cluster 3 dies sooner */
    double t1 = 0, t3 = 0;
    for (size_t i = 0; i < n; i++) { if (c.cluster[i] == 1) t1 += c.time[i]; if (c.cluster[i] == 3) t3 += c.time[i]; }
    CHECK(t3 / k[3] < t1 / k[1]);
    /* the same seed gives the same cohort; another seed does not */
    CHECK(sim_cohort(n, 12, 12, 0.5, 42, &d) == 0);
    CHECK(memcmp(c.feat, d.feat, 12 * n * sizeof *c.feat) == 0 && memcmp(c.time, d.time, n * sizeof *c.time) == 0);
    sim_cohort_free(&d);
    CHECK(sim_cohort(n, 12, 12, 0.5, 43, &d) == 0);
    CHECK(memcmp(c.feat, d.feat, 12 * n * sizeof *c.feat) != 0);
    sim_cohort_free(&d);
    sim_cohort_free(&c);
    /* features for real groups */
    double g[6] = {1, 0, NAN, 1, 0, 0};
    const double *groups[1] = {g};
    double *f = sim_features_for(6, 2, groups, 1, NULL, 0, 10, 1);
    CHECK(f && f[0] > 10 && f[3] > 10 && f[1] < 10 && f[2] < 10);
    free(f);
    /* features linked to real columns: r close to effect where present,
       pure noise where the column is missing */
    {
        size_t mm = 20000;
        double *e = malloc(mm * sizeof *e);
        unsigned long st = 3;
        for (size_t i = 0; i < mm; i++) {
            st = st * 6364136223846793005UL + 1442695040888963407UL;
            e[i] = i % 10 == 0 ? NAN : 5 + 3 * (double)(st >> 11) / 9007199254740992.0;
        }
        const double *links[1] = {e};
        double *h = sim_features_for(mm, 2, NULL, 0, links, 1, 0.6, 9);
        double sx = 0, sy = 0, sxx = 0, syy = 0, sxy = 0, kk = 0;
        for (size_t i = 0; i < mm; i++) {
            if (isnan(e[i])) continue;
            double x = e[i], y = h[i];
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; kk++;
        }
        double r = (sxy - sx * sy / kk) / sqrt((sxx - sx * sx / kk) * (syy - sy * sy / kk));
        CHECK(fabs(r - 0.6) < 0.02);
        /* feature 2 is not linked: r near 0 */
        sx = sy = sxx = syy = sxy = kk = 0;
        for (size_t i = 0; i < mm; i++) {
            if (isnan(e[i])) continue;
            double x = e[i], y = h[mm + i];
            sx += x; sy += y; sxx += x * x; syy += y * y; sxy += x * y; kk++;
        }
        r = (sxy - sx * sy / kk) / sqrt((sxx - sx * sx / kk) * (syy - sy * sy / kk));
        CHECK(fabs(r) < 0.03);
        free(e);
        free(h);
    }
    return TEST_END();
}
