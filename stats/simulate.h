/* simulate.h — simulated radiogenomic cohorts with planted truth, for
 * teaching and benchmarks.  Pure numerics: the caller names and stores. */
#ifndef RGX_SIMULATE_H
#define RGX_SIMULATE_H
#include <stddef.h>

#define SIM_NMUT 3          /* simulated mutations: EGFR, IDH1, TP53 */
#define SIM_NCLUSTER 3      /* latent clusters */

typedef struct SimCohort {
    size_t n, nfeat, ngene; /* patients, features, genes */
    double *feat;           /* nfeat columns of n values (column j at feat + j*n) */
    double *gene;           /* ngene columns of n values */
    double *mut;            /* SIM_NMUT columns of n 0/1 values */
    double *cluster;        /* n labels 1..SIM_NCLUSTER */
    double *time, *event;   /* survival: days, 1 = death */
} SimCohort;

/* The planted truth, as documented in `help simulate`:
 *  - features 0..4 correlate with genes 0..4 at r = effect;
 *  - feature 5 is shifted by 2·effect SD in EGFR-mutant patients, feature 6
 *    by 2·effect SD in IDH1-mutant ones;
 *  - features 7..9 and genes 5..9 carry the latent cluster (mean shift
 *    3·effect SD per cluster step); IDH1 is common in cluster 1 (25 %)
 *    and rare elsewhere (3 %); EGFR 30 %, TP53 35 % everywhere;
 *  - the hazard of death is multiplied by exp(effect) per cluster step
 *    (median survival about 400 days in cluster 1); censoring is uniform
 *    on 0..1500 days.
 * Indices beyond nfeat/ngene are simply not planted.  Same seed, same
 * cohort.  Returns 0, or -1 when out of memory. */
int sim_cohort(size_t n, size_t nfeat, size_t ngene, double effect, unsigned long seed, SimCohort *c);
void sim_cohort_free(SimCohort *c);

/* One planted effect of sim_cohort, as the truth table lists it. */
typedef enum SimKind {
    SIM_CORRELATION,        /* feature `index` correlates with gene `partner` at r = effect */
    SIM_MUTATION_SHIFT,     /* feature `index` is higher by effect SD where mutation `partner` is 1 */
    SIM_CLUSTER_FEATURE,    /* feature `index`: the mean moves by effect SD per cluster step */
    SIM_CLUSTER_GENE,       /* gene `index`: the same */
    SIM_CLUSTER_MUTATION,   /* mutation `index`: frequency effect in cluster 1 (3 % elsewhere) */
    SIM_SURVIVAL            /* the hazard ratio per cluster step is effect */
} SimKind;

typedef struct SimPlant {
    SimKind kind;           /* what is planted */
    size_t index, partner;  /* feature, gene or mutation indices (see SimKind) */
    double effect;          /* its size, on the scale the kind says */
} SimPlant;

#define SIM_MAX_PLANTS 20   /* room sim_cohort_truth needs */

/* The effects sim_cohort(n, nfeat, ngene, effect, …) plants, in the order
 * of the list above (only those whose feature or gene exists).  Returns
 * how many were written to out (room for SIM_MAX_PLANTS). */
size_t sim_cohort_truth(size_t nfeat, size_t ngene, double effect, SimPlant *out);

/* The most frequent 0/1 columns, for sim_features_for's groups: of the
 * ncols columns (n values each; NaN unknown), those with only 0, 1 and
 * NaN and between 5 % and 95 % ones among the known values, by number of
 * ones, most first (ties in column order), at most max.  pick gets their
 * indices (room for max).  Returns how many. */
size_t sim_pick_groups(const double *const *cols, size_t ncols, size_t n, size_t max, size_t *pick);

/* The name of simulated feature k (0, 1, …), as PyRadiomics names its
 * features: IMAGETYPE_CLASS_Feature.  Features 0..19 are of the original
 * image (original_shape_MeshVolume, original_firstorder_Mean, …); then
 * 18 features (no shape feature: PyRadiomics computes shape on the
 * original image only) of each filtered image in turn (wavelet-LLH,
 * wavelet-HLL, …, log-sigma-1-0-mm-3D, …, square, gradient, lbp-3D-k…),
 * then of the LoG images of ever larger sigma (log-sigma-6-0-mm-3D, …):
 * every name one PyRadiomics can produce, none twice.  Writes it into
 * buf (len bytes) and returns its length (snprintf's). */
int sim_feature_name(size_t k, char *buf, size_t len);

/* The correlation sim_features_for plants with a linked column at effect:
 * effect, at most 0.95. */
double sim_link_r(double effect);

/* Simulated radiomic features for real patients: nfeat columns of n
 * values; feature k (k < ngroups) is shifted by 2·effect SD where
 * group[k][i] == 1 (a real mutation status; NaN = unknown, no shift); the
 * next nlinks features correlate at r = sim_link_r(effect) with the
 * columns link[0..nlinks-1] (e.g. real expression; NaN = no link for that
 * patient).  Returns a malloc'd nfeat × n array (column-major) or NULL. */
double *sim_features_for(size_t n, size_t nfeat, const double *const *group, size_t ngroups,
                         const double *const *link, size_t nlinks, double effect, unsigned long seed);
#endif
