/* simulate.c — see simulate.h.  Uses GSL's Mersenne Twister, seeded. */
#include "stats/simulate.h"
#include "stats/stats.h"
#include <gsl/gsl_randist.h>
#include <gsl/gsl_rng.h>
#include <math.h>
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
    double rho = effect > 0.99 ? 0.99 : effect < -0.99 ? -0.99 : effect;
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
    double rho = effect < 0.95 ? effect : 0.95;
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
