/* gsva.h — single-sample gene-set scores, as R's GSVA 1.46 computes them
 * (gsva(method = "ssgsea" | "gsva" | "zscore" | "plage")), the mean of a
 * set's values, and singscore (Foroutan et al. 2018, R's singscore).
 *
 * The expression is given as one array per gene (x[g][j]: gene g, patient
 * j) — rgx's table columns, borrowed, never copied: ssGSEA ranks each
 * patient once (one row of G values per thread), GSVA's kernel CDF runs
 * gene by gene.  No value may be NaN (the caller refuses them, as GSVA
 * cannot score them).  Results are written to es[s * n + j] (set s,
 * patient j) and do not depend on the number of threads.
 *
 * The methods (G genes, n patients, a set of k genes):
 *  - ssgsea (Barbie et al. 2009; GSVA's ssgsea()): each patient's genes
 *    ranked (average ranks of ties, then truncated to whole numbers as
 *    GSVA's `mode(R) <- "integer"` does), ordered by decreasing rank (ties
 *    by gene order), the closed-form random walk with weights rank^tau;
 *    with norm, every score divided by the range of all scores (of every
 *    set and patient scored together, GSVA's ssgsea.norm).
 *  - gsva (Hänzelmann et al. 2013): per gene a Gaussian kernel estimate of
 *    the CDF at each patient's value (bandwidth sd / 4; Φ read from GSVA's
 *    table of 10,001 values on [0, 10], truncating, so the numbers are
 *    GSVA's), or a Poisson one (kcdf = "Poisson": ppois(y, x + 0.5)); the
 *    log-odds of it ranked per patient; the rank scores |G - p + 1 - G/2|;
 *    the Kolmogorov-Smirnov-like walk with weights score^tau; mx.diff: the
 *    largest positive plus the largest negative deviation (abs.ranking:
 *    minus), else the larger in size.
 *  - zscore (Lee et al. 2008): genes standardised over the patients (sd
 *    with n - 1), the sum over the set divided by sqrt(k).
 *  - plage (Tomfohr et al. 2005): the first right singular vector of the
 *    set's standardised k × n matrix.  Its sign is the SVD's in GSVA, so
 *    arbitrary; here it is chosen so that the score rises with the mean
 *    z-score of the set's genes (GSVA's may be this negated).
 *  - mean: the mean of the set's values.
 * GSVA leaves genes of constant expression (sd < 1e-10) out of gsva,
 * zscore and plage before matching the sets: gsva_constant() finds them,
 * the caller leaves them out. */
#ifndef RGX_GSVA_H
#define RGX_GSVA_H
#include <signal.h>
#include <stddef.h>

typedef enum { GS_SSGSEA, GS_GSVA, GS_ZSCORE, GS_PLAGE, GS_MEAN } GsMethod;

/* Gene sets as indices into the G genes: set s holds idx[start[s]] ..
 * idx[start[s + 1] - 1], distinct, in the order of the set's file. */
typedef struct GsSets {
    size_t nsets;           /* how many sets */
    const size_t *start;    /* nsets + 1 offsets into idx */
    const size_t *idx;      /* gene indices 0..G-1 */
} GsSets;

typedef struct GsvaOpts {
    GsMethod method;
    double tau;             /* ssgsea's alpha (GSVA: 0.25), gsva's tau (1) */
    int norm;               /* ssgsea: divide by the range of the scores (ssgsea.norm, default 1) */
    int poisson;            /* gsva: kcdf = "Poisson" (counts) rather than "Gaussian" */
    int mx_diff;            /* gsva: mx.diff (default 1) */
    int abs_ranking;        /* gsva: abs.ranking (default 0) */
    int threads;            /* worker threads (results do not depend on them) */
    volatile sig_atomic_t *cancel;              /* polled; non-zero stops */
    void (*progress)(void *ctx, double frac);   /* told the fraction done, or NULL */
    void *progress_ctx;
} GsvaOpts;

/* The scores of every set for every patient into es (nsets × n).  Sets of
 * one gene or none give NaN (and ssgsea's range leaves them out).
 * Returns 0, -1 when out of memory, -2 when cancelled. */
int gsva_scores(const double *const *x, size_t ngenes, size_t n, const GsSets *sets, const GsvaOpts *o,
                double *es);

/* Marks in constant[g] (1/0) the genes whose sd over the n patients is
 * below 1e-10, as GSVA's .filterFeatures; returns how many. */
size_t gsva_constant(const double *const *x, size_t ngenes, size_t n, unsigned char *constant);

/* singscore's simpleScore (Foroutan et al. 2018) with rankGenes' default
 * ties.method = "min": per patient, the mean rank (1 = lowest) of the up
 * set's genes scaled to 0..1 between its smallest and largest possible
 * values ((k + 1)/2 and (2G - k + 1)/2, k the genes present), minus 0.5;
 * with a down set (down[s] >= 0: the index of set s's partner among sets),
 * plus 1 - its scaled mean rank - 0.5 (the TotalScore; up[s] and dn[s], when
 * not NULL, get UpScore and DownScore).  sets to score: use[0..nuse-1].
 * es: nuse × n.  Returns 0, -1 out of memory, -2 cancelled. */
int singscore(const double *const *x, size_t ngenes, size_t n, const GsSets *sets, const size_t *use,
              const long *down, size_t nuse, int threads, volatile sig_atomic_t *cancel, double *es, double *up,
              double *dn);
#endif
