/* icc.h — intraclass correlations of Shrout & Fleiss (1979) as psych::ICC
 * (psych 2.2.9) reports them with lmer = FALSE: the two-way ANOVA of a
 * subjects × raters matrix (raters = repeats: test–retest scans, readers,
 * segmentations), ICC1 (one-way random), ICC2 (two-way random, absolute
 * agreement), ICC3 (two-way mixed, consistency), the average-measure forms
 * ICC1k, ICC2k, ICC3k, their F tests and psych's F-based confidence bounds
 * (ICC2's on Satterthwaite's df, as psych).
 *
 * psych's default is lmer = TRUE: the mean squares then come from lme4's
 * REML variance components.  On complete data these equal the ANOVA ones
 * unless a variance component's ANOVA estimate is negative (MSJ < MSE: the
 * raters vary less than the residual, common in test–retest data; or
 * MSB < MSE), where REML sets it to 0 — then psych's default prints other
 * numbers.  ICC_REML reproduces that with the closed-form REML solution of
 * the balanced design (lme4's optimiser agrees with it to about 1e-5, and
 * sometimes stops short of it); IccResult.negative_var says when the two
 * differ.  Both use only the complete subjects: psych with lmer = TRUE also
 * feeds the single values of incomplete subjects to lmer, and with
 * lmer = FALSE it stops on them.
 *
 * NaN in results: not computable (fewer than 2 complete subjects or
 * 2 raters, a constant feature, or a bound whose F quantile is undefined).
 * GSL is called only with arguments in its domain, so no GSL error handler
 * is ever invoked. */
#ifndef RGX_ICC_H
#define RGX_ICC_H
#include <stddef.h>

typedef enum { ICC_1, ICC_2, ICC_3, ICC_1K, ICC_2K, ICC_3K, ICC_NTYPES } IccType;
typedef enum { ICC_ANOVA, ICC_REML } IccMethod;

#define ICC_NONE ((size_t)-1)   /* no observation / no code */

typedef struct IccRow {
    double icc;             /* the coefficient */
    double F, df1, df2, p;  /* its F test (psych's columns F, df1, df2, p) */
    double lower, upper;    /* psych's "lower bound", "upper bound" at 1 − alpha */
} IccRow;

typedef struct IccResult {
    size_t n_subjects;      /* complete subjects used */
    size_t n_raters;        /* raters (repeats), k */
    size_t n_incomplete;    /* subjects left out: a repeat missing or NaN */
    double msb, msj, mse;   /* mean squares: subjects, raters, residual (REML: psych's lmer versions) */
    double msw;             /* within subjects: (SSJ + SSE) / (dfJ + dfE) */
    int negative_var;       /* bit 0: MSJ < MSE, bit 1: MSB < MSE (ANOVA): a negative variance
                               component, where psych's default lmer = TRUE reports other values */
    IccRow row[ICC_NTYPES]; /* ICC1, ICC2, ICC3, ICC1k, ICC2k, ICC3k */
} IccResult;

/* "ICC1", "ICC2", …, "ICC3k" (psych's type column). */
const char *icc_type_name(IccType t);

/* ICCs of the n × k matrix x (row-major: subject i, rater j at x[i*k + j]).
 * Rows holding a NaN are left out and counted in n_incomplete.  alpha: the
 * bounds are at 1 − alpha (psych's default 0.05).  Returns 0, -1 when out
 * of memory, -5 when alpha is not in (0, 1). */
int icc_matrix(const double *x, size_t n, size_t k, double alpha, IccMethod m, IccResult *r);

/* The long form (one observation per subject × repeat) turned into the
 * matrix once for many features.  cell[s * nrep + j] is the observation of
 * subject s at repeat j, or ICC_NONE. */
typedef struct IccLayout {
    size_t nsub, nrep;      /* subjects and repeats (the codes' ranges) */
    size_t *cell;           /* nsub × nrep observation indices (owned) */
    size_t n_present;       /* subjects with at least one observation */
    size_t n_complete;      /* subjects with every repeat */
} IccLayout;

/* subject[i] in 0..nsub-1 and rep[i] in 0..nrep-1 for observation i (an
 * observation with either code ICC_NONE is ignored).  Returns 0; -1 when out of
 * memory; -3 when two observations share a subject and repeat (*dup gets
 * the later one's index); -5 when a code is out of range (*dup: its index).
 * On failure L holds nothing to free. */
int icc_layout_build(const size_t *subject, const size_t *rep, size_t n, size_t nsub, size_t nrep, IccLayout *L,
                     size_t *dup);
void icc_layout_free(IccLayout *L);

/* The ICCs of one feature: value[i] is observation i's value (NaN =
 * missing).  Subjects with any repeat absent or NaN are left out and
 * counted in n_incomplete (subjects without any observation are not
 * counted).  O(nsub × nrep).  Returns as icc_matrix. */
int icc_feature(const IccLayout *L, const double *value, double alpha, IccMethod m, IccResult *r);

/* Repeats numbered by order within each subject: rep[i] = the rank of
 * key[i] (e.g. the exam date) among its subject's observations, from 0;
 * *nrep gets the largest count.  For test–retest tables whose repeat is a
 * date rather than a label shared by all subjects.  Observations with
 * subject ICC_NONE or a NaN key get rep ICC_NONE.  Returns 0; -1 when out
 * of memory; -3 when a subject has two equal keys (*tie: the later
 * observation). */
int icc_repeat_order(const size_t *subject, const double *key, size_t n, size_t nsub, size_t *rep, size_t *nrep,
                     size_t *tie);

/* Koo & Li (2016)'s band of an ICC (J Chiropr Med 15:155): ICC_EXCELLENT
 * (>= 0.9), ICC_GOOD (0.75 to 0.9), ICC_MODERATE (0.5 to 0.75), ICC_POOR
 * (< 0.5), ICC_NO_BAND for NaN.  A band's lower limit belongs to it. */
typedef enum { ICC_EXCELLENT, ICC_GOOD, ICC_MODERATE, ICC_POOR, ICC_NO_BAND, ICC_NBANDS } IccBand;
IccBand icc_band(double icc);

/* The upper quantile of the F distribution: x with P(F(d1, d2) > x) = q,
 * R's qf(q, d1, d2, lower.tail = FALSE), for 0 < q < 1 and finite positive
 * (also fractional) df; NaN otherwise.  Relative accuracy about 1e-13. */
double f_quantile_upper(double q, double d1, double d2);
#endif
