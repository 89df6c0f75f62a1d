/* survutil.h — the steps the survival commands share: TIME and EVENT from
 * a table, and a Cox model built from table columns (the covariates, text
 * columns as dummies against a reference level, the rows a fit can use,
 * the fit and its messages, the result tables NAME, NAME.fit and NAME.zph
 * and the lines printed under them).  `km` and `cox` use them today; a
 * command that fits a Cox model (`model cox TIME EVENT ~ SELECTOR`, one
 * model per feature in `screen FEATURES by TIME EVENT`) calls the same
 * steps, in this order:
 *
 *     SurvData sv;                         TIME, EVENT (coded as Surv)
 *     command_survival(s, cmd, t, time, event, 0, &sv);
 *     CoxDesign d;                         the covariates of SELECTOR's columns
 *     cox_design(s, cmd, t, cols, nc, ref, &d);    then print d.notes
 *     command_strata(...)                  strata= / cluster= indices (cmdutil.h)
 *     cox_design_complete(s, cmd, &d, sv.time, sv.event, strata, cluster);
 *     CoxFit f;                            the fit (stats/cox.h), its errors reported
 *     cox_fit_design(s, cmd, sv.time, sv.event, &d, &opts, &f);
 *     cox_coef_table / cox_fit_table / cox_zph_table   the result's tables
 *     cox_print_tests, cox_print_zph, cox_warn_fit     the summary
 *
 * Every step reports its own errors as "cmd: …" (rgx_error) and returns
 * -1 (or NULL) after the message; the statistics are stats/cox.h's. */
#ifndef RGX_SURVUTIL_H
#define RGX_SURVUTIL_H
#include "io/table.h"
#include "repl/session.h"
#include "stats/cox.h"

/* The TIME and EVENT columns of a survival command. */
typedef struct SurvData {
    long jt, je;            /* the TIME and EVENT columns of the table */
    const double *time;     /* the rows of TIME: the table's (borrowed), or own_time */
    double *own_time;       /* TIME with its infinite values made missing, when it has any (owned), else NULL */
    size_t n_infinite;      /* rows whose TIME is +Inf (left out) */
    double *event;          /* the rows of EVENT as 0 (censored), 1 (event) or NaN (owned) */
    char *note;             /* how EVENT was read when it is not plain 0/1 (owned), else NULL */
} SurvData;

/* Find TIME and EVENT in t for cmd, check that TIME is numeric and read
 * EVENT as R's Surv does (command_event: 0/1, 1/2, TRUE/FALSE).  roles: 1
 * names the word in an unknown-column error ("km: TIME unknown column…"),
 * 0 does not ("cox: unknown column…").
 *
 * TIME must be a time since an origin: a negative value (or -Inf) is an
 * error naming the patients, and an infinite one (+Inf) is left out as
 * missing with a warning naming them (load clinical makes both missing
 * when it reads the file; a table loaded otherwise comes here as it is).
 * R's survival 3.5.3 is no guide: Surv(time, event) takes a negative time
 * without a word (survfit then gives, e.g., a lower median limit of -5),
 * only the counting form Surv(start, stop) warns "Stop time must be >
 * start time, NA created"; survfit takes Inf, while survdiff and coxph
 * stop with "NA/NaN/Inf in foreign function call".  A missing time (NA,
 * NaN) is left out by each command and counted in its summary, as before.
 *
 * Returns 0 with d filled (free with surv_data_free), or -1 after the
 * message (nothing left allocated). */
int command_survival(Session *s, const char *cmd, const Table *t, const char *time, const char *event, int roles,
                     SurvData *d);
void surv_data_free(SurvData *d);

/* The covariates of a Cox model, as coxph's model matrix. */
typedef struct CoxDesign {
    size_t n;               /* rows (the table's) */
    size_t p;               /* terms: the columns of x */
    double *x;              /* p columns of n values, term j at x + j*n (owned) */
    StrList terms;          /* p names: the column's label, or LABEL=level for a dummy (owned) */
    StrList notes;          /* a line per text column with two levels or more, "LABEL: dummies against LEVEL",
                               sanitised, for the caller to print (owned) */
} CoxDesign;

/* The design of columns cols[0..nc-1] of t: a numeric column as it is, a
 * text column as one 0/1 dummy per level but the reference (NaN where the
 * value is missing).  The reference is ref= when it is one of the
 * column's levels, else the first level in sorted order (R's factor);
 * ref= must be a level of some text column.  Returns 0 with d filled
 * (d->p may be 0), or -1 after the message, d then holding the notes of
 * the columns before the error; free d with cox_design_free either way. */
int cox_design(Session *s, const char *cmd, const Table *t, const size_t *cols, size_t nc, const char *ref,
               CoxDesign *d);

/* Keep the terms a fit can estimate, over the rows a fit uses (cox_rows:
 * time, event, every term, stratum and cluster present; strata and
 * cluster may be NULL): none is an error (naming the terms without a
 * value), as in coxph; so is an infinite value there; a term constant
 * there is left out with a warning (coxph's NA).  Returns the terms left
 * (d->p), or -1 after the message (also when every term is constant). */
long cox_design_complete(Session *s, const char *cmd, CoxDesign *d, const double *time, const double *event,
                         const size_t *strata, const size_t *cluster);
void cox_design_free(CoxDesign *d);

/* Fit d (cox_fit_opts) and report what makes it unusable: out of memory,
 * no events among the rows used, no term varying within the risk sets
 * (said "within strata" when o->strata).  Returns 0 with f filled (free
 * with cox_free), or -1 after the message (f freed). */
int cox_fit_design(Session *s, const char *cmd, const double *time, const double *event, const CoxDesign *d,
                   const CoxOpts *o, CoxFit *f);

/* The result's main table, named name, from table from: term coef hr se
 * [robust_se] z p hr_low hr_high, one row per term (terms: f->p names);
 * z, p and the 95% limits on the robust se when the fit has one
 * (cox_wald_terms).  Caller owns it. */
Table *cox_coef_table(const char *name, const char *from, const CoxFit *f, const StrList *terms);
/* NAME.fit: n events loglik lr wald score df p_lr p_wald p_score, then
 * strata (when stratified) and robust_score p_robust_score (when robust). */
Table *cox_fit_table(const char *name, const char *from, const CoxFit *f, int stratified);
/* NAME.zph: cox.zph(fit, transform = "km") of the terms estimated (term
 * chisq df p, GLOBAL last; cox_zph_fit), or NULL when it is not computed
 * (the fit's likelihood is not finite, or out of memory). */
Table *cox_zph_table(const char *name, const char *from, const double *time, const double *event,
                     const CoxDesign *d, const CoxOpts *o, const CoxFit *f);

/* The variance lines of a stratified or robust fit: "strata: N (…), each
 * with its own baseline hazard", "robust (sandwich) variance…".  strata,
 * cluster: the selectors as typed (or NULL); snames the strata's names;
 * nclusters the clusters' number. */
void cox_print_variance(Session *s, const CoxFit *f, const char *strata, const StrList *snames, const char *cluster,
                        size_t nclusters);
/* The lines under the coefficient table: each aliased term and what it
 * equals, the likelihood ratio, Wald and score tests, the note when the
 * likelihood is not finite, and the robust score test of a robust fit
 * (cluster: its selector, or NULL). */
void cox_print_tests(Session *s, const CoxFit *f, const StrList *terms, const char *cluster);
/* The proportional-hazards line of zt (cox_zph_table; NULL: not computed). */
void cox_print_zph(Session *s, const Table *zt, int stratified);
/* Warnings of a fit not to be trusted: no convergence, an infinite
 * coefficient (monotone likelihood). */
void cox_warn_fit(Session *s, const char *cmd, const CoxFit *f);
#endif
