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

/* Simulated radiomic features for real patients: nfeat columns of n
 * values; feature k (k < ngroups) is shifted by 2·effect SD where
 * group[k][i] == 1 (a real mutation status; NaN = unknown, no shift); the
 * next nlinks features correlate at r = effect (at most 0.95) with the
 * columns link[0..nlinks-1] (e.g. real expression; NaN = no link for that
 * patient).  Returns a malloc'd nfeat × n array (column-major) or NULL. */
double *sim_features_for(size_t n, size_t nfeat, const double *const *group, size_t ngroups,
                         const double *const *link, size_t nlinks, double effect, unsigned long seed);
#endif
