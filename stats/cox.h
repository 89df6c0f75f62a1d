/* cox.h — the Cox proportional hazards model, fitted as R's coxph
 * (survival 3.x, coxph.fit / coxfit6): Newton–Raphson on the partial
 * likelihood (Efron or Breslow handling of tied event times) from beta = 0,
 * step halving when the likelihood drops (or is not finite), convergence
 * when |1 − loglik_old / loglik_new| <= 1e-9 (at most 20 iterations).
 * Covariates are centred and scaled as coxph does (a column whose values
 * are all −1, 0 or 1 is left as it is; any other is centred on its mean
 * and divided by its mean absolute deviation), which changes nothing but
 * the numerics and which terms the singularity test below finds.
 *
 * Aliased terms: the information matrix is factored as survival's
 * cholesky2 (stats/ldl.h, tolerance toler.chol = 2^-39); a term linearly
 * dependent on the terms before it (PyRadiomics' Range = Maximum −
 * Minimum, a duplicated column) gets no coefficient — coef, se NaN
 * (coxph's NA, "not defined because of singularities") — and the rest is
 * fitted as the model without it; the tests have df = the terms left.
 *
 * Strata (coxph's strata()): separate baseline hazards, risk sets within
 * each stratum.  Robust variance (coxph's robust = TRUE, cluster()): the
 * sandwich D'D of the dfbeta residuals summed within clusters.
 *
 * Plain C and GSL's distribution functions only: no GSL call that can
 * reach GSL's error handler, whatever the data.
 *
 * stats/cox.c holds the fit and cox.zph; stats/coxutil.c the pieces
 * around a fit that the commands share (the rows and terms it is given,
 * its Wald columns, cox.zph of a fit with aliased terms, km's hazard
 * ratio). */
#ifndef RGX_COX_H
#define RGX_COX_H
#include <stddef.h>

typedef enum { TIES_EFRON, TIES_BRESLOW } CoxTies;

/* A stratum or cluster index that leaves its row out of the fit. */
#define COX_SKIP ((size_t)-1)

typedef struct CoxOpts {
    CoxTies ties;           /* Efron (coxph's default) or Breslow */
    const size_t *strata;   /* n stratum indices (any values; equal = same stratum), or NULL */
    const size_t *cluster;  /* n cluster indices 0..ncluster-1 for the robust variance, or NULL (each row its own) */
    size_t ncluster;        /* clusters, when cluster is given */
    int robust;             /* 1: the robust (sandwich) variance too */
    const size_t *order;    /* the rows in time order (surv_order, stats/survival.h: the non-NaN times), shared by
                               the fits of one command; NULL: sorted here */
} CoxOpts;

typedef struct CoxFit {
    size_t p;               /* covariates (terms), aliased ones included */
    size_t n, events;       /* subjects and events used */
    size_t nstrata;         /* strata among the subjects used (1 without strata) */
    size_t df;              /* terms estimated: p minus the aliased */
    int *aliased;           /* p flags: 1 = linearly dependent on the terms before it (no coefficient) */
    double *alias;          /* p × (p + 1): for an aliased term j, x_j = sum_k alias[j*(p+1)+k] x_k + alias[j*(p+1)+p]
                               (weights 0 for terms not involved; all 0 when x_j does not vary within the risk sets) */
    double *coef, *se;      /* p each; NaN for an aliased term */
    double *var;            /* p × p inverse information (0 in the rows and columns of aliased terms) */
    double *rse, *rvar;     /* robust se (p) and variance (p × p); NULL without opts.robust */
    double loglik0, loglik; /* at beta = 0 and at the estimate (NaN when it overflowed) */
    double lr, wald, score; /* the tests on df; wald uses the robust variance when robust, as coxph */
    double rscore;          /* the robust score test (NaN without robust) */
    double p_lr, p_wald, p_score, p_rscore;   /* their p-values (NaN when the statistic is NaN or df = 0) */
    int iter;               /* iterations used */
    int converged;          /* 0: did not converge in 20 iterations */
    int infinite;           /* 1: some coefficient looks infinite (monotone likelihood) */
    int singular;           /* 1: some term is aliased */
} CoxFit;

/* x: p columns of n values (column j at x + j*n); rows with any NaN among
 * time, event and x, or a stratum or cluster COX_SKIP, are skipped; event
 * is 1 (event) or 0 (censored).  opts NULL: Efron, no strata, not robust.
 * Returns 0; -1 when out of memory; -2 when a used row has an infinite
 * covariate (coxph: "data contains an infinite predictor"). */
int cox_fit_opts(const double *time, const double *event, const double *x, size_t n, size_t p, const CoxOpts *opts,
                 CoxFit *f);
/* The same with ties only (no strata, not robust). */
int cox_fit(const double *time, const double *event, const double *x, size_t n, size_t p, CoxTies ties, CoxFit *f);
void cox_free(CoxFit *f);

/* The proportional-hazards test of R's cox.zph(transform = "km"): for each
 * covariate, and GLOBAL, the score test of adding x·g(t) at the fitted
 * beta, where g is 1 − the left-continuous Kaplan–Meier of all subjects
 * (over the strata, as cox.zph), centred on its mean over the events; risk
 * sets within strata.  x holds the estimated terms only (drop the aliased
 * ones, as cox.zph does) and the rows are chosen as cox_fit_opts does.
 * chisq/df/p get p + 1 values (the covariates, then GLOBAL); a test whose
 * matrix is singular is NaN.  Returns 0, or -1 when out of memory. */
int cox_zph(const double *time, const double *event, const double *x, size_t n, size_t p, const double *beta,
            const CoxOpts *opts, double *chisq, double *df, double *pval);

/* The rows a fit of x uses, by the rule of cox_fit_opts: use[i] = 1 when
 * time, event and every covariate are present and the stratum and
 * cluster (each may be NULL) are not COX_SKIP.  Returns their number. */
size_t cox_rows(const double *time, const double *event, const double *x, size_t n, size_t p, const size_t *strata,
                const size_t *cluster, unsigned char *use);

/* The first infinite covariate value among the rows used (use from
 * cox_rows), term by term: returns 1 with its term and row, else 0.
 * coxph refuses such data ("data contains an infinite predictor"). */
int cox_first_infinite(const double *x, size_t n, size_t p, const unsigned char *use, size_t *term, size_t *row);

/* 1 when term j of x takes one value only (or none) among the rows used:
 * it cannot be estimated (coxph reports its coefficient as NA). */
int cox_term_constant(const double *x, size_t n, size_t j, const unsigned char *use);

/* The columns of summary(coxph) and exp(confint(fit)) for each of the
 * f->p terms: the hazard ratio exp(coef); z = coef / se, using the robust
 * se when the fit has one (f->rse), as coxph; its two-sided normal p; the
 * hazard ratio's limits exp(coef ∓ q se) with q = qnorm(1 − (1 − level) /
 * 2).  NaN for an aliased term.  Each output (may be NULL) gets f->p
 * values. */
void cox_wald_terms(const CoxFit *f, double level, double *hr, double *z, double *p, double *lo, double *hi);

/* cox_zph of the fit f of x (the f->p terms given to cox_fit_opts, opts
 * the same): the aliased terms are dropped and the estimated ones tested
 * at f's coefficients, as cox.zph(fit) does.  chisq/df/p get f->df + 1
 * values (the estimated terms in order, then GLOBAL).  Returns 0, or -1
 * when out of memory. */
int cox_zph_fit(const double *time, const double *event, const double *x, size_t n, const CoxFit *f,
                const CoxOpts *opts, double *chisq, double *df, double *pval);

/* How the hazard ratio of a two-group comparison came out. */
typedef enum {
    COX_HR_OK,              /* estimated */
    COX_HR_NO_EVENTS,       /* no events among the subjects used */
    COX_HR_NOT_ESTIMABLE,   /* the group term is aliased (e.g. no stratum holds both groups) */
    COX_HR_INFINITE,        /* monotone likelihood: a group without events, the coefficient runs off */
    COX_HR_NO_CONVERGENCE   /* no convergence in 20 iterations */
} CoxHrStatus;

/* The hazard ratio of group 1 against group 0 (group[i] 0 or 1; any other
 * value leaves the row out), from the Cox model with the group as its one
 * covariate, Efron ties — coxph(Surv(time, event) ~ group), or with
 * strata (not NULL; COX_SKIP leaves the row out) coxph(Surv ~ group +
 * strata(s)).  hr gets the estimate and its Wald limits at level (e.g.
 * 0.95), NaN unless COX_HR_OK.  Returns a CoxHrStatus, or -1 when out of
 * memory. */
int cox_hazard_ratio(const double *time, const double *event, const size_t *group, const size_t *strata, size_t n,
                     double level, double hr[3]);
/* The same with the rows' time order given (CoxOpts.order; NULL: sorted here). */
int cox_hazard_ratio_ord(const double *time, const double *event, const size_t *group, const size_t *strata, size_t n,
                         double level, const size_t *order, double hr[3]);
#endif
