/* test_kchoice.c — the rules of consensus's recommended k (stats/kchoice.c)
 * and the PyRadiomics name classes of select by=icc and reduce
 * (io/radnames.c). */
#include "check.h"
#include "io/radnames.h"
#include "stats/kchoice.h"

/* A fit of n items at k = kmin.. with the given PACs and, per k, the
 * sizes of its clusters (classes assigned in blocks). */
static void make_fit(ConsensusFit *f, size_t n, size_t kmin, size_t nk, const double *pac, const size_t sizes[][8]) {
    f->n = n;
    f->nk = nk;
    f->kmin = kmin;
    f->k = calloc(nk, sizeof *f->k);
    for (size_t q = 0; q < nk; q++) {
        f->k[q].pac = pac[q];
        f->k[q].classes = malloc(n * sizeof(int));
        size_t i = 0;
        for (size_t c = 0; c < kmin + q; c++)
            for (size_t m = 0; m < sizes[q][c] && i < n; m++) f->k[q].classes[i++] = (int)c + 1;
        while (i < n) f->k[q].classes[i++] = 1;
    }
}

static void free_fit(ConsensusFit *f) {
    for (size_t q = 0; q < f->nk; q++) free(f->k[q].classes);
    free(f->k);
}

int main(void) {
    ConsensusFit f;
    KChoice c;
    /* lesson 6's case: 100 patients, PAC falling with k, the lowest at a k with a singleton */
    {
        const double pac[] = {0.72, 0.50, 0.42, 0.39, 0.35};
        const size_t sz[][8] = {{57, 43}, {29, 42, 29}, {2, 42, 29, 27}, {2, 42, 26, 2, 28}, {1, 18, 26, 2, 28, 25}};
        make_fit(&f, 100, 2, 5, pac, sz);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0);
        CHECK_COUNT(c.k, 3);
        CHECK_COUNT(c.lowest_pac_k, 6);
        CHECK_COUNT(c.min_size, 5);
        CHECK_COUNT(c.smallest[4], 1);
        CHECK(!c.flat);
        CHECK_NEAR(c.pac_min, 0.35, 1e-15);
        CHECK_NEAR(c.pac_max, 0.72, 1e-15);
        kchoice_free(&c);
        free_fit(&f);
    }
    /* 5% of 100 is 5: a cluster of 5 is allowed, of 4 not */
    {
        const double pac[] = {0.3, 0.1};
        const size_t sz[][8] = {{50, 50}, {45, 50, 5}};
        make_fit(&f, 100, 2, 2, pac, sz);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.k == 3);
        kchoice_free(&c);
        free_fit(&f);
        const size_t sz2[][8] = {{50, 50}, {46, 50, 4}};
        make_fit(&f, 100, 2, 2, pac, sz2);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.k == 2 && c.lowest_pac_k == 3);
        kchoice_free(&c);
        free_fit(&f);
    }
    /* ceil(5% of 150) = 8; a small cohort still refuses singletons (min 2) */
    {
        const double pac[] = {0.2, 0.1};
        const size_t sz[][8] = {{75, 75}, {71, 72, 7}};
        make_fit(&f, 150, 2, 2, pac, sz);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.min_size == 8 && c.k == 2);
        kchoice_free(&c);
        free_fit(&f);
        const size_t sz2[][8] = {{9, 1}, {5, 3, 2}};
        make_fit(&f, 10, 2, 2, pac, sz2);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.min_size == 2 && c.k == 3);
        kchoice_free(&c);
        free_fit(&f);
    }
    /* no admissible k: none recommended; flat PAC (range < 0.05); a single k is never flat */
    {
        const double pac[] = {0.0, 0.001, 0.0};
        const size_t sz[][8] = {{58, 2}, {56, 2, 2}, {24, 2, 2, 32}};
        make_fit(&f, 60, 2, 3, pac, sz);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0);
        CHECK(c.k == 0 && c.flat && c.lowest_pac_k == 4);   /* ties: the larger k, as consensus_run */
        kchoice_free(&c);
        free_fit(&f);
        const double one[] = {0.2};
        const size_t s1[][8] = {{30, 30}};
        make_fit(&f, 60, 2, 1, one, s1);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.k == 2 && !c.flat);
        kchoice_free(&c);
        free_fit(&f);
    }
    /* NaN PACs take no part; bad arguments */
    {
        const double pac[] = {NAN, 0.3, 0.2};
        const size_t sz[][8] = {{30, 30}, {20, 20, 20}, {15, 15, 15, 15}};
        make_fit(&f, 60, 2, 3, pac, sz);
        CHECK(consensus_choose_k(&f, 0.05, 0.05, &c) == 0 && c.k == 4 && !c.flat);
        CHECK_NEAR(c.pac_max, 0.3, 1e-15);
        kchoice_free(&c);
        CHECK(consensus_choose_k(&f, 1, 0.05, &c) == -5);
        kchoice_free(&c);
        CHECK(consensus_choose_k(&f, 0.05, -1, &c) == -5);
        kchoice_free(&c);
        free_fit(&f);
    }
    /* PyRadiomics names: IMAGETYPE_CLASS_FEATURE */
    static const struct { const char *name, *cls, *img; } names[] = {
        {"original_shape_Sphericity", "shape", "original"},
        {"original_shape2D_Perimeter", "shape", "original"},
        {"original_shapeX_Perimeter", "other", "other"},
        {"wavelet-LLH_glcm_Contrast", "glcm", "wavelet"},
        {"wavelet2-LLH_glcm_Contrast", "glcm", "wavelet"},
        {"log-sigma-2-0-mm-3D_firstorder_Mean", "firstorder", "log"},
        {"logarithm_firstorder_Energy", "firstorder", "logarithm"},
        {"square_glrlm_RunEntropy", "glrlm", "square"},
        {"squareroot_glrlm_RunLengthNonUniformity", "glrlm", "squareroot"},
        {"exponential_glszm_SizeZoneNonUniformity", "glszm", "exponential"},
        {"gradient_gldm_DependenceEntropy", "gldm", "gradient"},
        {"lbp-3D-m1_ngtdm_Busyness", "ngtdm", "lbp"},
        {"rad.original_glcm_JointEnergy", "glcm", "original"},
        {"newfilter_glcm_Contrast", "glcm", "other"},
        {"T1_ED_Intensity_Energy", "other", "other"},
        {"original_glcm", "other", "other"},
        {"Volume", "other", "other"},
        {"diagnostics_Mask-original_VoxelNum", "other", "other"},
    };
    for (size_t i = 0; i < sizeof names / sizeof *names; i++) {
        size_t cl, im;
        radiomics_name_class(names[i].name, &cl, &im);
        CHECK_STR(RAD_CLASSES[cl], names[i].cls);
        CHECK_STR(RAD_IMAGES[im], names[i].img);
    }
    return TEST_END();
}
