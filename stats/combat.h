/* combat.h — ComBat batch harmonisation (Johnson, Li & Rabinovic 2007,
 * Biostatistics 8:118) as sva::ComBat (sva 3.46) computes it, features in
 * sva's orientation (each feature a vector over the samples):
 *
 *   design      batch indicators and the covariates to preserve (columns
 *               as model.matrix builds them; see combat_factor_columns);
 *               with a reference batch its column is all ones, as sva;
 *   standardise per feature by least squares on the design: the grand
 *               mean (batch coefficients weighted by batch size, or the
 *               reference batch's), the covariate effects, and the pooled
 *               variance of the residuals (divisor n, or the reference
 *               batch's size);
 *   estimate    per batch the location gamma-hat (mean of the
 *               standardised data) and scale delta-hat (its variance,
 *               n − 1), and the priors over features: gamma ~ N(gamma-bar,
 *               t²), delta ~ InvGamma(a, b) by sva's method of moments;
 *   shrink      parametric: sva's it.sol, iterated until the largest
 *               relative change of gamma* and delta* over all features of
 *               the batch is <= conv (1e-4), with sva's signed denominators;
 *               non-parametric: sva's int.eprior, the posterior means under
 *               the empirical prior of the other features' (gamma-hat,
 *               delta-hat), weighted by the normal likelihood;
 *               mean-only: delta* = 1 (parametric: sva's
 *               postmean(gamma-hat, gamma-bar, 1, 1, t²));
 *   adjust      (z − gamma*) / sqrt(delta*) · sqrt(var.pooled) + the
 *               standardising mean; a reference batch is returned as is.
 *
 * Decisions where sva errors or gives NaN (each reported in CombatResult):
 * - A feature constant within a batch of 2 or more samples is left
 *   unadjusted (returned as it was) and kept out of the priors — what sva
 *   3.46 does ("genes with uniform expression within a single batch").
 *   So is a feature with fewer than 2 values in such a batch, or none in a
 *   batch of one, or whose residual variance is 0, or whose present
 *   samples do not identify the design (sva: NaN or an error).
 * - Missing values (NaN) are allowed and stay missing, as sva 3.46 handles
 *   them: the fits use each feature's present values, and — as sva — once
 *   any value of the matrix is missing the pooled variance of every
 *   feature is the residuals' sample variance (divisor n − 1, not n).
 * - A batch with a single sample makes the model mean-only, as sva.
 * - Non-parametric weights are summed in log scale; sva multiplies the
 *   likelihoods and returns NaN for a feature when they all underflow
 *   (batches of some hundreds of samples): counted in np_underflow.
 * - it.sol has no iteration limit in sva; here max_iter (default 10,000),
 *   and a relative change 0/0 (no change) counts as converged rather than
 *   stopping with R's "missing value where TRUE/FALSE needed".
 * Results do not depend on the order of the batch or covariate levels
 * (beyond rounding).  Deterministic and single-threaded (1,000 features
 * × 500 samples × 5 batches: about 0.01 s parametric, 0.07 s
 * non-parametric); no BLAS and no GSL, so no thread count and no GSL error
 * handler can change or stop it. */
#ifndef RGX_COMBAT_H
#define RGX_COMBAT_H
#include <signal.h>
#include <stddef.h>

typedef enum { COMBAT_PARAMETRIC, COMBAT_NONPARAMETRIC } CombatPrior;

typedef struct CombatOpts {
    CombatPrior prior;      /* sva's par.prior = TRUE / FALSE */
    int mean_only;          /* 1: location only (sva's mean.only) */
    long ref;               /* reference batch (0-based code) left unchanged, or -1 (sva's ref.batch) */
    double conv;            /* it.sol's convergence criterion; 0: sva's 1e-4 */
    int max_iter;           /* it.sol iterations at most; 0: 10000 */
    volatile sig_atomic_t *cancel;  /* polled; non-zero stops with -2 */
} CombatOpts;

/* Why a feature was left unadjusted (CombatResult.status). */
enum {
    COMBAT_ADJUSTED = 0,    /* adjusted */
    COMBAT_CONSTANT,        /* constant within batch skip_batch (sva leaves it unadjusted too) */
    COMBAT_TOO_FEW,         /* fewer than 2 present values in batch skip_batch (1 in a batch of 1) */
    COMBAT_NO_VARIANCE,     /* residual variance 0 (the design fits it exactly) */
    COMBAT_DESIGN           /* its present samples do not identify the design */
};

typedef struct CombatResult {
    size_t nfeat, nbatch;   /* sizes of the arrays below */
    unsigned char *status;  /* nfeat: COMBAT_ADJUSTED or why it was left as it was */
    size_t *skip_batch;     /* nfeat: the batch behind the status (CONSTANT, TOO_FEW), else (size_t)-1 */
    size_t n_skipped;       /* features left unadjusted */
    double *gamma_hat, *delta_hat;    /* nbatch × nfeat (batch b at + b·nfeat); NaN for skipped */
    double *gamma_star, *delta_star;  /* the shrunken estimates, likewise (reference: 0 and 1) */
    double *gamma_bar, *t2;           /* nbatch: the location prior */
    double *a_prior, *b_prior;        /* nbatch: the scale prior (Inf when mean-only) */
    int *iterations;        /* nbatch: it.sol iterations (0 when not iterated) */
    int converged;          /* 0: some batch reached max_iter */
    int mean_only;          /* 1: the location-only model was used */
    int mean_only_forced;   /* 1: because a batch has a single sample (as sva) */
    size_t n_missing;       /* missing values in the input (> 0: sva's missing-value path) */
    size_t np_underflow;    /* non-parametric (feature, batch) pairs where sva's weights all underflow (NaN in sva) */
} CombatResult;

/* Harmonise nfeat features x[f][0..n-1] (NaN = missing).  batch[i] in
 * 0..nbatch-1, every code used, nbatch >= 2.  cov: ncov covariate columns
 * of n values (column j at cov + j·n), no NaN, no intercept needed (a
 * column of ones is dropped, as sva drops it).  out[f] gets the adjusted
 * values (n each; out[f] may be x[f]).  res is filled (free with
 * combat_free, also after a failure).
 * Returns 0; -1 out of memory; -2 cancelled; -3 a covariate is confounded
 * with batch; -4 the covariates are confounded among themselves; -5 bad
 * input (a batch code out of range or unused, nbatch < 2, NaN or Inf in a
 * covariate, Inf in x, ref out of range); -6 fewer than 2 features left
 * to estimate the priors from. */
int combat(const double *const *x, size_t nfeat, size_t n, const size_t *batch, size_t nbatch, const double *cov,
           size_t ncov, const CombatOpts *o, double *const *out, CombatResult *res);
void combat_free(CombatResult *res);

/* Treatment-contrast columns of a factor, as model.matrix(~ f): for codes
 * 0..nlev-1, the nlev − 1 indicator columns of levels 1..nlev-1 (level 0 is
 * the reference), written column-major into out (n × (nlev − 1)). */
void combat_factor_columns(const size_t *code, size_t n, size_t nlev, double *out);

/* A one-line description of a status value ("constant within a batch"). */
const char *combat_status_text(int status);
#endif
