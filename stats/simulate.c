/* simulate.c — see simulate.h.  Uses GSL's Mersenne Twister, seeded. */
#include "stats/simulate.h"
#include "stats/stats.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>

static size_t atleast1(size_t x) { return x ? x : 1; }

void sim_cohort_free(SimCohort *c) {
    free(c->feat);
    free(c->gene);
    free(c->mut);
    free(c->cluster);
    free(c->time);
    free(c->event);
    c->feat = c->gene = c->mut = c->cluster = c->time = c->event = NULL;
}

/* The correlation planted between features 0..4 and genes 0..4. */
static double cohort_r(double effect) { return effect > 0.99 ? 0.99 : effect < -0.99 ? -0.99 : effect; }

double sim_link_r(double effect) { return effect < 0.95 ? effect : 0.95; }

int sim_feature_name(size_t k, char *buf, size_t len) {
    static const char *const types[] = {
        "original", "wavelet-LLH", "wavelet-HLL", "wavelet-LHL", "wavelet-HHH", "wavelet-LLL", "log-sigma-1-0-mm-3D",
        "log-sigma-3-0-mm-3D", "square", "gradient", "wavelet-LHH", "wavelet-HLH", "wavelet-HHL", "squareroot",
        "logarithm", "exponential", "lbp-3D-m1", "lbp-3D-m2", "lbp-3D-k", "log-sigma-2-0-mm-3D", "log-sigma-4-0-mm-3D",
        "log-sigma-5-0-mm-3D"};
    /* the shape features (first two) exist on the original image only */
    static const char *const feats[] = {
        "shape_MeshVolume", "shape_Sphericity", "firstorder_Mean", "glcm_Contrast", "glcm_Correlation",
        "glrlm_RunEntropy", "firstorder_Entropy", "glszm_ZoneEntropy", "firstorder_Kurtosis", "glcm_JointEnergy",
        "gldm_DependenceEntropy", "firstorder_Skewness", "glcm_Idm", "glrlm_ShortRunEmphasis",
        "glszm_SmallAreaEmphasis", "ngtdm_Coarseness", "firstorder_90Percentile", "glcm_ClusterShade",
        "gldm_LargeDependenceEmphasis", "ngtdm_Busyness"};
    /* the original image's order, kept from earlier versions (the planted
       features 0..9 keep their names): an index into feats */
    static const unsigned char original[] = {0, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 1, 19};
    size_t nf = sizeof feats / sizeof *feats, nt = sizeof types / sizeof *types, per = nf - 2;
    if (k < nf) return snprintf(buf, len, "original_%s", feats[original[k]]);
    size_t j = k - nf, t = 1 + j / per, f = 2 + j % per;
    if (t < nt) return snprintf(buf, len, "%s_%s", types[t], feats[f]);
    return snprintf(buf, len, "log-sigma-%zu-0-mm-3D_%s", 6 + (t - nt), feats[f]);
}

size_t sim_cohort_truth(size_t nfeat, size_t ngene, double effect, SimPlant *out) {
    size_t k = 0;
    for (size_t j = 0; j < 5 && j < nfeat && j < ngene; j++)
        out[k++] = (SimPlant){SIM_CORRELATION, j, j, cohort_r(effect)};
    for (size_t m = 0; m < 2 && 5 + m < nfeat; m++)   /* feature 5: EGFR (0), feature 6: IDH1 (1) */
        out[k++] = (SimPlant){SIM_MUTATION_SHIFT, 5 + m, m, 2 * effect};
    for (size_t j = 7; j < 10 && j < nfeat; j++) out[k++] = (SimPlant){SIM_CLUSTER_FEATURE, j, 0, 3 * effect};
    for (size_t j = 5; j < 10 && j < ngene; j++) out[k++] = (SimPlant){SIM_CLUSTER_GENE, j, 0, 3 * effect};
    out[k++] = (SimPlant){SIM_CLUSTER_MUTATION, 1, 0, 0.25};   /* IDH1 */
    out[k++] = (SimPlant){SIM_SURVIVAL, 0, 0, exp(effect)};
    return k;
}

size_t sim_pick_groups(const double *const *cols, size_t ncols, size_t n, size_t max, size_t *pick) {
    size_t ng = 0;
    double *freq = malloc((max ? max : 1) * sizeof *freq);
    if (!freq) return 0;
    for (size_t j = 0; j < ncols && max; j++) {
        double ones = 0, known = 0;
        int binary = 1;
        for (size_t i = 0; i < n && binary; i++) {
            double x = cols[j][i];
            if (isnan(x)) continue;
            if (x != 0 && x != 1) binary = 0;
            ones += x;
            known++;
        }
        if (!binary || known == 0 || ones < 0.05 * known || ones > 0.95 * known) continue;
        if (ng == max && !(freq[ng - 1] < ones)) continue;   /* not among the max most frequent */
        size_t p = ng < max ? ng++ : ng - 1;   /* insertion by frequency, descending */
        while (p > 0 && freq[p - 1] < ones) { pick[p] = pick[p - 1]; freq[p] = freq[p - 1]; p--; }
        pick[p] = j;
        freq[p] = ones;
    }
    free(freq);
    return ng;
}

int sim_cohort(size_t n, size_t nfeat, size_t ngene, double effect, unsigned long seed, SimCohort *c) {
    stats_init();
    c->n = n;
    c->nfeat = nfeat;
    c->ngene = ngene;
    c->feat = malloc(atleast1(nfeat * n) * sizeof *c->feat);
    c->gene = malloc(atleast1(ngene * n) * sizeof *c->gene);
    c->mut = malloc(atleast1(SIM_NMUT * n) * sizeof *c->mut);
    c->cluster = malloc((n ? n : 1) * sizeof *c->cluster);
    c->time = malloc((n ? n : 1) * sizeof *c->time);
    c->event = malloc((n ? n : 1) * sizeof *c->event);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!c->feat || !c->gene || !c->mut || !c->cluster || !c->time || !c->event || !r) {
        sim_cohort_free(c);
        if (r) gsl_rng_free(r);
        return -1;
    }
    gsl_rng_set(r, seed);
    double rho = cohort_r(effect);
    double shift = 3 * effect;
    static const double mut_p[SIM_NMUT] = {0.30, 0.10, 0.35};
    for (size_t i = 0; i < n; i++) {
        int k = 1 + (int)gsl_rng_uniform_int(r, SIM_NCLUSTER);
        c->cluster[i] = k;
        double *m = c->mut;
        m[0 * n + i] = gsl_rng_uniform(r) < mut_p[0];
        m[1 * n + i] = gsl_rng_uniform(r) < (k == 1 ? 0.25 : 0.03);
        m[2 * n + i] = gsl_rng_uniform(r) < mut_p[2];
    }
    for (size_t j = 0; j < ngene; j++)
        for (size_t i = 0; i < n; i++) {
            double x = gsl_ran_gaussian(r, 1);
            if (j >= 5 && j < 10) x += shift * (c->cluster[i] - 2);
            c->gene[j * n + i] = x;
        }
    for (size_t j = 0; j < nfeat; j++)
        for (size_t i = 0; i < n; i++) {
            double e = gsl_ran_gaussian(r, 1), x = e;
            if (j < 5 && j < ngene) {
                /* standardise the gene's own value (it has mean 0, sd 1 by construction) */
                x = rho * c->gene[j * n + i] + sqrt(1 - rho * rho) * e;
            } else if (j == 5) x = e + 2 * effect * c->mut[0 * n + i];
            else if (j == 6) x = e + 2 * effect * c->mut[1 * n + i];
            else if (j >= 7 && j < 10) x = e + shift * (c->cluster[i] - 2);
            c->feat[j * n + i] = x;
        }
    double base = log(2.0) / 400;
    for (size_t i = 0; i < n; i++) {
        double h = base * exp(effect * (c->cluster[i] - 1));
        double t = gsl_ran_exponential(r, 1 / h), cens = gsl_rng_uniform(r) * 1500;
        c->time[i] = ceil(t < cens ? t : cens);
        c->event[i] = t <= cens;
    }
    gsl_rng_free(r);
    return 0;
}

double *sim_features_for(size_t n, size_t nfeat, const double *const *group, size_t ngroups,
                         const double *const *link, size_t nlinks, double effect, unsigned long seed) {
    stats_init();
    double *f = malloc(atleast1(nfeat * n) * sizeof *f);
    double *z = malloc(atleast1(nlinks * n) * sizeof *z);
    gsl_rng *r = gsl_rng_alloc(gsl_rng_mt19937);
    if (!f || !z || !r) {
        free(f);
        free(z);
        if (r) gsl_rng_free(r);
        return NULL;
    }
    /* the linked columns as z-scores over their present values */
    for (size_t k = 0; k < nlinks; k++) {
        double mu = 0, ss = 0, m = 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(link[k][i])) { mu += link[k][i]; m++; }
        mu = m > 0 ? mu / m : 0;
        for (size_t i = 0; i < n; i++)
            if (!isnan(link[k][i])) ss += (link[k][i] - mu) * (link[k][i] - mu);
        double sd = m > 1 ? sqrt(ss / (m - 1)) : 0;
        for (size_t i = 0; i < n; i++) z[k * n + i] = isnan(link[k][i]) || !(sd > 0) ? NAN : (link[k][i] - mu) / sd;
    }
    double rho = sim_link_r(effect);
    gsl_rng_set(r, seed);
    for (size_t j = 0; j < nfeat; j++)
        for (size_t i = 0; i < n; i++) {
            double x = gsl_ran_gaussian(r, 1);
            if (j < ngroups && group[j][i] == 1) x += 2 * effect;
            if (j >= ngroups && j - ngroups < nlinks && !isnan(z[(j - ngroups) * n + i]))
                x = rho * z[(j - ngroups) * n + i] + sqrt(1 - rho * rho) * x;
            f[j * n + i] = x;
        }
    free(z);
    gsl_rng_free(r);
    return f;
}
