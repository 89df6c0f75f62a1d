/* test_simulate.c — the planted truth is there (and is what
 * sim_cohort_truth lists), the groups are chosen as documented, and a seed
 * repeats the cohort. */
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
    /* the truth as sim_cohort_truth lists it is what the data carry: every
       correlation at its r, every mutation shift and cluster step at its
       size (the sampling error at n = 20000 is about 0.01-0.03) */
    {
        SimPlant pl[SIM_MAX_PLANTS];
        size_t np = sim_cohort_truth(12, 12, 0.5, pl), kinds[6] = {0};
        CHECK_COUNT(np, 17);   /* 5 correlations, 2 mutation shifts, 3 + 5 cluster, IDH1, survival */
        for (size_t q = 0; q < np && q < SIM_MAX_PLANTS; q++) {
            const SimPlant *p = &pl[q];
            kinds[p->kind]++;
            if (p->kind == SIM_CORRELATION)
                CHECK(fabs(pearson(c.feat + p->index * n, c.gene + p->partner * n, n) - p->effect) < 0.03);
            if (p->kind == SIM_MUTATION_SHIFT || p->kind == SIM_CLUSTER_FEATURE || p->kind == SIM_CLUSTER_GENE) {
                const double *v = p->kind == SIM_CLUSTER_GENE ? c.gene + p->index * n : c.feat + p->index * n;
                double a1 = 0, a0 = 0, b1 = 0, b0 = 0;   /* sums and counts: mutant / cluster 3, and wild / cluster 1 */
                for (size_t i = 0; i < n; i++) {
                    int hi = p->kind == SIM_MUTATION_SHIFT ? c.mut[p->partner * n + i] == 1 : c.cluster[i] == 3;
                    int lo = p->kind == SIM_MUTATION_SHIFT ? c.mut[p->partner * n + i] == 0 : c.cluster[i] == 1;
                    if (hi) { a1 += v[i]; b1++; }
                    if (lo) { a0 += v[i]; b0++; }
                }
                double steps = p->kind == SIM_MUTATION_SHIFT ? 1 : 2;   /* cluster 1 to 3: two steps */
                CHECK(fabs((a1 / b1 - a0 / b0) / steps - p->effect) < 0.06);
            }
            if (p->kind == SIM_CLUSTER_MUTATION) {
                double ones = 0, k1 = 0;
                for (size_t i = 0; i < n; i++)
                    if (c.cluster[i] == 1) { ones += c.mut[p->index * n + i]; k1++; }
                CHECK(fabs(ones / k1 - p->effect) < 0.02);
            }
        }
        CHECK(kinds[SIM_CORRELATION] == 5 && kinds[SIM_MUTATION_SHIFT] == 2 && kinds[SIM_CLUSTER_FEATURE] == 3);
        CHECK(kinds[SIM_CLUSTER_GENE] == 5 && kinds[SIM_CLUSTER_MUTATION] == 1 && kinds[SIM_SURVIVAL] == 1);
        /* only what exists is listed; r is at most 0.99 */
        np = sim_cohort_truth(3, 2, 1.2, pl);
        CHECK_COUNT(np, 4);
        CHECK(pl[0].kind == SIM_CORRELATION && pl[0].effect == 0.99 && pl[1].partner == 1);
        CHECK(pl[3].kind == SIM_SURVIVAL && fabs(pl[3].effect - exp(1.2)) < 1e-12);
    }
    /* the same seed gives the same cohort; another seed does not */
    CHECK(sim_cohort(n, 12, 12, 0.5, 42, &d) == 0);
    CHECK(memcmp(c.feat, d.feat, 12 * n * sizeof *c.feat) == 0 && memcmp(c.time, d.time, n * sizeof *c.time) == 0);
    sim_cohort_free(&d);
    CHECK(sim_cohort(n, 12, 12, 0.5, 43, &d) == 0);
    CHECK(memcmp(c.feat, d.feat, 12 * n * sizeof *c.feat) != 0);
    sim_cohort_free(&d);
    sim_cohort_free(&c);
    /* the 0/1 columns taken as groups: binary, 5-95 % ones among the
       known values, most ones first (ties in column order), at most max */
    {
        double A[6] = {1, 0, 1, 0, 1, 0}, B[6] = {1, 0, 2, 0, 1, 0}, E[6] = {1, 1, 1, 0, NAN, 1};
        double F[6] = {0, 1, 0, 1, 0, 1}, D[6] = {NAN, NAN, NAN, NAN, NAN, NAN}, G[6] = {1, 1, 1, 1, 1, 1};
        double H[40] = {0};
        H[7] = 1;   /* 1 in 40: 2.5 %, too rare */
        const double *cols[6] = {A, B, E, F, D, G};
        size_t pick[3];
        CHECK_COUNT(sim_pick_groups(cols, 6, 6, 3, pick), 3);
        CHECK(pick[0] == 2 && pick[1] == 0 && pick[2] == 3);   /* E (4 ones), A, F (3 each, in order) */
        CHECK_COUNT(sim_pick_groups(cols, 6, 6, 1, pick), 1);
        CHECK(pick[0] == 2);
        const double *rare[1] = {H};
        CHECK_COUNT(sim_pick_groups(rare, 1, 40, 3, pick), 0);
        CHECK(sim_link_r(0.5) == 0.5 && sim_link_r(2) == 0.95);
    }
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
        CHECK(fabs(r - sim_link_r(0.6)) < 0.02);
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
    {   /* feature names PyRadiomics can produce: shape features only of the
           original image, an image type it has, no name twice (issue 19) */
        static const char *const kinds[] = {"original_", "wavelet-LLL_", "wavelet-LLH_", "wavelet-LHL_",
                                            "wavelet-LHH_", "wavelet-HLL_", "wavelet-HLH_", "wavelet-HHL_",
                                            "wavelet-HHH_", "log-sigma-", "square_", "squareroot_", "logarithm_",
                                            "exponential_", "gradient_", "lbp-3D-m1_", "lbp-3D-m2_", "lbp-3D-k_"};
        static const char *const classes[] = {"_shape_", "_firstorder_", "_glcm_", "_glrlm_", "_glszm_", "_gldm_",
                                              "_ngtdm_"};
        enum { N = 3000 };
        char (*names)[96] = malloc(N * sizeof *names);
        size_t bad_shape = 0, bad_kind = 0, bad_class = 0, dup = 0;
        for (size_t q = 0; q < N; q++) {
            sim_feature_name(q, names[q], sizeof names[q]);
            if (strstr(names[q], "_shape_") && strncmp(names[q], "original_", 9)) bad_shape++;
            int kind = 0, cls = 0;
            for (size_t j = 0; j < sizeof kinds / sizeof *kinds; j++) kind |= !strncmp(names[q], kinds[j], strlen(kinds[j]));
            if (!strncmp(names[q], "log-sigma-", 10)) kind = strstr(names[q], "-mm-3D_") != NULL;
            for (size_t j = 0; j < sizeof classes / sizeof *classes; j++) cls |= strstr(names[q], classes[j]) != NULL;
            bad_kind += !kind;
            bad_class += !cls;
        }
        for (size_t a = 0; a < N; a++)   /* no name twice */
            for (size_t b = a + 1; b < N; b++) dup += !strcmp(names[a], names[b]);
        CHECK(bad_shape == 0);
        CHECK(bad_kind == 0);
        CHECK(bad_class == 0);
        CHECK(dup == 0);
        /* the planted features keep their names; the old 21st name was wavelet-LLH_shape_MeshVolume */
        CHECK_STR(names[0], "original_shape_MeshVolume");
        CHECK_STR(names[9], "original_gldm_DependenceEntropy");
        CHECK_STR(names[18], "original_shape_Sphericity");
        CHECK_STR(names[20], "wavelet-LLH_firstorder_Mean");
        CHECK_STR(names[N - 1], "log-sigma-150-0-mm-3D_firstorder_Skewness");
        free(names);
    }
    return TEST_END();
}
