/* modelutil.h — what the predictive-model commands (model logistic|cox,
 * predict, validate) share: the predictors of a selector with -COL/-GLOB
 * exclusions and without the outcome, the outcome coded 0/1 as roc codes
 * it, and the model's input built from a table — the design (text columns
 * as dummies, repl/survutil.h's cox_design), the complete rows, the exact
 * copies dropped — so that validate rebuilds exactly what model fitted
 * from the result's parameters.  The statistics are stats/validate.h's. */
#ifndef RGX_MODELUTIL_H
#define RGX_MODELUTIL_H
#include "io/table.h"
#include "repl/args.h"
#include "repl/session.h"
#include "stats/validate.h"

/* The predictors of selector in t for cmd: its comma-separated parts
 * taken in order, a part starting with '-' removing the columns it names
 * or matches (-age, -original_shape_*); only exclusions: every column but
 * the key and metadata columns, less those.  The columns skip[0..nskip−1]
 * (the outcome, TIME, EVENT; −1 entries ignored) are never predictors:
 * when the selector matched one, *note (may be NULL) gets "NAME (the
 * outcome) is not a predictor" (caller frees; NULL when none).  Returns
 * the count and *cols (caller frees), or −1 after the error (an exclusion
 * that matches nothing is one). */
long model_predictors(Session *s, const char *cmd, const Table *t, const char *selector, const long *skip,
                      const char *const *skip_role, size_t nskip, size_t **cols, char **note);

/* The binary outcome, column j of t, as 0/1/NaN into y (t->nrow values):
 * a numeric column with two values takes the larger as positive (1 of
 * 0/1, 2 of 1/2: pROC's default levels); a text column with two levels
 * needs positive= unless one is a known positive word (TRUE, yes,
 * mutant…); positive= decides.  *pos_name gets the positive value as text
 * (caller frees), *why (may be NULL) what was taken and why when it was
 * not said (not 0/1, or a level read as positive).  Returns 0, or −1
 * after the error (more or fewer than two values…; s NULL: no message). */
int model_outcome(Session *s, const char *cmd, const Table *t, long j, const char *positive, double *y,
                  char **pos_name, Buf *why);

/* What a model is made of, as typed (and as its result records it). */
typedef struct ModelSpec {
    const char *cmd;        /* for messages: "model logistic", "validate" */
    ModelFamily family;
    const char *outcome;    /* logistic: OUTCOME */
    const char *positive;   /* positive=, or NULL */
    const char *time, *event;   /* Cox: TIME and EVENT */
    const char *selector;   /* the predictors */
    const char *ref;        /* ref=: the reference level of text predictors, or NULL */
    const char *foldid;     /* foldid=COL: the inner folds, or NULL */
    int penalised;          /* 1: glmnet's input rules (no copies, time > 0) */
    size_t nfolds;          /* inner folds (with foldid: their number is read from the column) */
} ModelSpec;

/* A model's input: the complete rows of the design. */
typedef struct ModelInput {
    size_t nrow;            /* the table's rows */
    size_t n;               /* complete rows used */
    size_t *rows;           /* n: their rows in the table */
    size_t p;               /* terms */
    double *x;              /* n × p, column-major */
    StrList terms;          /* p names: the column's label, or LABEL=level for a dummy */
    StrList refs;           /* a line per text column: "LABEL=LEVEL", its reference level */
    double *y;              /* logistic: n values 0/1 */
    double *time, *event;   /* Cox: n values */
    int *foldid;            /* foldid=: n fold numbers 1..nfolds, else NULL */
    size_t nfolds;          /* foldid=: how many folds it has */
    char *positive;         /* logistic: the positive value as text */
    size_t npos;            /* logistic: positives; Cox: events */
    StrList notes;          /* lines to print under the model's header (sanitised) */
} ModelInput;

/* Build the input of spec from table t: the outcome, the predictors, the
 * design, the complete rows (those left out counted, with the columns
 * missing most), then the checks: an infinite value, a constant outcome,
 * a class with one row (refused, as glmnet), fewer than 8 in a class
 * (warned, as glmnet), no events; penalised: time <= 0 refused, exact
 * copies among the terms dropped (said in a note).  Returns 0, or −1
 * after the error; free mi with model_input_free either way. */
int model_input(Session *s, const ModelSpec *spec, const Table *t, ModelInput *mi);
void model_input_free(ModelInput *mi);

/* The reference level of each text column of a design, from its notes
 * ("LABEL: dummies against LEVEL", repl/survutil.h's cox_design), as
 * "LABEL=LEVEL" lines appended to refs: what plot forest names.  A cox or
 * model result records each as a parameter "reference". */
void design_references(const StrList *notes, StrList *refs);

/* The ModelData view of mi (pointers into it). */
ModelData model_data(const ModelInput *mi);

/* Report recipe code rc of cmd (RECIPE_*), with what went wrong. */
void model_report_error(Session *s, const char *cmd, int rc, const ModelInput *mi, const Recipe *r);

/* glmnet's warnings of a fit, said out loud: maxit reached (path and inner
 * folds), pmax exceeded, the AUC measure fallen back to the deviance. */
void model_warn_glmnet(Session *s, const char *cmd, const RecipeFit *f, const Recipe *r, size_t n);

/* screen FEATURES by TIME EVENT (repl/cmd_coxscreen.c), from cmd_screen
 * once it has taken its keywords and options: a->pos[0] the features,
 * a->pos[1] EVENT, time the word after `by`. */
int screen_survival(Session *s, Args *a, const char *in, const char *time, const char *as, int test, int adjm);

/* The name of a penalty, a lambda rule, a family ("lasso", "min",
 * "logistic"). */
const char *penalty_name(Penalty p);
#endif

/* The recipe's options, read through get (args_opt of a command, or
 * result_get_param of a model result): penalty=none|lasso|ridge|enet,
 * alpha= (enet; default 0.5), lambda=min|1se|VALUE, folds= (default 10),
 * foldid=COL, seed= (default defseed), standardize=yes|no,
 * measure=deviance|auc (logistic), ties=efron|breslow (unpenalised Cox),
 * screen=q<F|top=N.  An option that does not apply (lambda= without a
 * penalty, ties= with one…) is an error that says why.  Returns 0 with r
 * and *seed filled, or −1 after the error. */
typedef const char *(*OptGetter)(const void *ctx, const char *key);
int recipe_options(Session *s, const char *cmd, ModelFamily fam, OptGetter get, const void *ctx,
                   unsigned long defseed, Recipe *r, unsigned long *seed);
/* screen=q<F | top=N (the value v) into r.  Returns 0, or −1 after the error. */
int recipe_screen(Session *s, const char *cmd, const char *v, Recipe *r);
/* The recipe as the key=value parameters recipe_options reads back. */
typedef void (*ParamSetter)(void *ctx, const char *key, const char *val);
void recipe_params(const Recipe *r, unsigned long seed, ParamSetter set, void *ctx);
/* "lasso (glmnet, alpha = 1), lambda.min of FOLDS on the deviance"…:
 * the recipe in words, folds saying how the inner folds are made. */
void recipe_describe(Buf *b, const Recipe *r, const char *folds);
