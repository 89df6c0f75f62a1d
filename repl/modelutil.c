/* modelutil.c — see modelutil.h. */
#include "repl/modelutil.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/select.h"
#include "repl/cmdutil.h"
#include "repl/format.h"
#include "repl/survutil.h"
#include "stats/glmnet_cv.h"

long model_predictors(Session *s, const char *cmd, const Table *t, const char *selector, const long *skip,
                      const char *const *skip_role, size_t nskip, size_t **cols, char **note) {
    if (note) *note = NULL;
    /* the selector's parts: the columns to take, and those to leave out */
    Buf take = {0}, drop = {0};
    char *copy = xstrdup(selector);
    for (char *save = NULL, *part = strtok_r(copy, ",", &save); part; part = strtok_r(NULL, ",", &save)) {
        if (!*part) continue;
        Buf *b = part[0] == '-' ? &drop : &take;
        buf_printf(b, "%s%s", b->len ? "," : "", part + (part[0] == '-'));
    }
    free(copy);
    long nc = command_columns(s, cmd, t, take.len ? take.s : NULL, cols);
    long rc = nc;
    for (char *save = NULL, *part = nc >= 0 && drop.len ? strtok_r(drop.s, ",", &save) : NULL; part && rc >= 0;
         part = strtok_r(NULL, ",", &save)) {
        size_t *out = NULL;
        Buf err = {0}, b = {0};
        long nd = table_select(t, part, &out, &err);
        if (nd < 0) {
            rgx_error(s, "%s: the exclusion -%s matches no column of table %s", cmd, fmt_text(&b, part), t->name);
            free(*cols);
            *cols = NULL;
            rc = -1;
        } else {
            long k = 0;
            for (long c = 0; c < nc; c++) {
                int gone = 0;
                for (long d = 0; d < nd && !gone; d++) gone = out[d] == (*cols)[c];
                if (!gone) (*cols)[k++] = (*cols)[c];
            }
            rc = nc = k;
        }
        free(out);
        buf_free(&err);
        buf_free(&b);
    }
    buf_free(&take);
    buf_free(&drop);
    if (rc < 0) return -1;
    /* the outcome is never a predictor */
    Buf said = {0}, lab = {0};
    long k = 0;
    for (long c = 0; c < nc; c++) {
        size_t q = 0;
        while (q < nskip && skip[q] != (long)(*cols)[c]) q++;
        if (q == nskip) { (*cols)[k++] = (*cols)[c]; continue; }
        buf_printf(&said, "%s%s (%s)", said.len ? ", " : "", table_col_label(t, (*cols)[c], &lab), skip_role[q]);
    }
    if (said.len && note) {
        Buf n = {0}, b = {0};
        buf_printf(&n, "not predictors: %s", fmt_text(&b, said.s));
        *note = n.s;
        buf_free(&b);
    }
    buf_free(&said);
    buf_free(&lab);
    return k;
}

/* A number as the shortest text that reads back as it. */
static char *num_text(double v) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    return xstrdup(tmp);
}

/* The outcome's errors, unless s is NULL (predict scoring a table quietly). */
#define OUT_ERR(s, ...) do { if (s) rgx_error(s, __VA_ARGS__); } while (0)

static int outcome_numeric(Session *s, const char *cmd, const Column *c, size_t n, const char *positive, double *y,
                           char **pos_name, Buf *why) {
    Buf b = {0};
    double v0 = NAN, v1 = NAN;   /* the two values, v0 < v1 */
    for (size_t i = 0; i < n; i++) {
        double v = c->num[i];
        if (isnan(v) || v == v0 || v == v1) continue;
        if (isnan(v0)) v0 = v;
        else if (isnan(v1)) v1 = v;
        else {
            OUT_ERR(s, "%s: the outcome %s has more than two values (%g, %g, %g…); name a two-level column", cmd,
                      fmt_text(&b, c->name), v0, v1, v);
            buf_free(&b);
            return -1;
        }
    }
    if (isnan(v1)) {
        if (isnan(v0)) OUT_ERR(s, "%s: the outcome %s has no values (every value is missing)", cmd, fmt_text(&b, c->name));
        else OUT_ERR(s, "%s: the outcome %s is constant (every value is %g): there is nothing to predict", cmd,
                       fmt_text(&b, c->name), v0);
        buf_free(&b);
        return -1;
    }
    if (v1 < v0) { double tmp = v0; v0 = v1; v1 = tmp; }
    double pv = v1;
    if (positive) {
        char *end;
        pv = strtod(positive, &end);
        if (end == positive || *end || (pv != v0 && pv != v1)) {
            OUT_ERR(s, "%s: positive=%s is not a value of the outcome %s (%g, %g)", cmd, positive,
                      fmt_text(&b, c->name), v0, v1);
            buf_free(&b);
            return -1;
        }
    } else if (why && !(v0 == 0 && v1 == 1)) {
        buf_printf(why, "positive = %g: the larger of the outcome's two values (%g, %g), as roc and pROC take it; "
                        "positive=%g takes the other", v1, v0, v1, v0);
    }
    for (size_t i = 0; i < n; i++) y[i] = isnan(c->num[i]) ? NAN : c->num[i] == pv;
    *pos_name = num_text(pv);
    buf_free(&b);
    return 0;
}

int model_outcome(Session *s, const char *cmd, const Table *t, long j, const char *positive, double *y,
                  char **pos_name, Buf *why) {
    const Column *c = &t->cols[j];
    size_t n = t->nrow;
    if (c->type == COL_NUM) return outcome_numeric(s, cmd, c, n, positive, y, pos_name, why);
    StrList lev = {0};
    StrMap m = {0};
    for (size_t i = 0; i < n; i++)
        if (c->str[i] && strmap_put(&m, c->str[i], lev.n, NULL) == 1) strlist_add(&lev, c->str[i]);
    strmap_free(&m);
    int rc = -1;
    Buf b = {0}, b2 = {0}, b3 = {0};
    if (lev.n != 2) {
        Buf l = {0};
        join_list(&l, (const char *const *)lev.v, lev.n, 8);
        if (lev.n == 1)
            OUT_ERR(s, "%s: the outcome %s is constant (every value is %s): there is nothing to predict", cmd,
                      fmt_text(&b, c->name), fmt_text(&b2, lev.v[0]));
        else if (lev.n)
            OUT_ERR(s, "%s: the outcome %s has %zu levels (%s); it needs two", cmd, fmt_text(&b, c->name), lev.n,
                      fmt_text(&b2, l.s));
        else OUT_ERR(s, "%s: the outcome %s has no values (every value is missing)", cmd, fmt_text(&b, c->name));
        buf_free(&l);
        goto out;
    }
    const char *pos = positive;
    if (!pos) {
        static const char *const yes[] = {"TRUE", "yes", "1", "mutant", "mutated", "positive", "case", "dead"};
        for (size_t k = 0; k < sizeof yes / sizeof *yes && !pos; k++)
            for (size_t l = 0; l < 2; l++)
                if (!strcasecmp(lev.v[l], yes[k])) pos = lev.v[l];
        if (!pos) {
            OUT_ERR(s, "%s: which level of %s is positive? give positive=%s or positive=%s", cmd,
                      fmt_text(&b, c->name), fmt_text(&b2, lev.v[0]), fmt_text(&b3, lev.v[1]));
            goto out;
        }
        if (why)
            buf_printf(why, "positive = %s: a level name read as positive; positive=%s takes the other", pos,
                       pos == lev.v[0] ? lev.v[1] : lev.v[0]);
    } else if (strcmp(pos, lev.v[0]) && strcmp(pos, lev.v[1])) {
        OUT_ERR(s, "%s: positive=%s is not a level of %s (%s, %s)", cmd, pos, fmt_text(&b, c->name),
                  fmt_text(&b2, lev.v[0]), fmt_text(&b3, lev.v[1]));
        goto out;
    }
    for (size_t i = 0; i < n; i++) y[i] = !c->str[i] ? NAN : !strcmp(c->str[i], pos);
    *pos_name = xstrdup(pos);
    rc = 0;
out:
    strlist_free(&lev);
    buf_free(&b);
    buf_free(&b2);
    buf_free(&b3);
    return rc;
}

void model_input_free(ModelInput *mi) {
    free(mi->rows);
    free(mi->x);
    strlist_free(&mi->terms);
    strlist_free(&mi->refs);
    free(mi->y);
    free(mi->time);
    free(mi->event);
    free(mi->foldid);
    free(mi->positive);
    strlist_free(&mi->notes);
    memset(mi, 0, sizeof *mi);
}

ModelData model_data(const ModelInput *mi) {
    return (ModelData){mi->x, mi->n, mi->p, mi->y, mi->time, mi->event, mi->foldid};
}

/* The column ref of t, or −1 after "cmd: [ROLE ]unknown column…". */
static long find_col(Session *s, const char *cmd, const Table *t, const char *ref, const char *role) {
    Buf err = {0};
    long j = table_find_err(t, ref, &err);
    if (j < 0) rgx_error(s, "%s: %s %s", cmd, role, err.s);
    buf_free(&err);
    return j;
}

/* The outcome columns of spec: y (logistic) or time and event (Cox), t->nrow
 * values each (owned by the caller), their columns in skip[] and roles. */
static int model_outcomes(Session *s, const ModelSpec *spec, const Table *t, ModelInput *mi, double **y,
                          double **time, double **event, long skip[3], const char *role[3]) {
    size_t n = t->nrow;
    if (spec->family == MODEL_LOGISTIC) {
        long j = find_col(s, spec->cmd, t, spec->outcome, "OUTCOME");
        if (j < 0) return -1;
        *y = xmalloc((n ? n : 1) * sizeof **y);
        Buf why = {0};
        if (model_outcome(s, spec->cmd, t, j, spec->positive, *y, &mi->positive, &why) < 0) { buf_free(&why); return -1; }
        if (why.len) strlist_add(&mi->notes, why.s);
        buf_free(&why);
        skip[0] = j;
        role[0] = "the outcome";
        return 0;
    }
    SurvData sv;
    if (command_survival(s, spec->cmd, t, spec->time, spec->event, 1, &sv) < 0) return -1;
    *time = xmalloc((n ? n : 1) * sizeof **time);
    memcpy(*time, sv.time, n * sizeof **time);
    *event = sv.event;
    sv.event = NULL;
    if (sv.note) {
        Buf b = {0};
        strlist_addf(&mi->notes, "event: %s", fmt_text(&b, sv.note));
        buf_free(&b);
    }
    skip[0] = sv.jt;
    skip[1] = sv.je;
    role[0] = "TIME";
    role[1] = "EVENT";
    surv_data_free(&sv);
    return 0;
}

/* The note on the rows left out: how many, and the columns missing most. */
static void note_left_out(ModelInput *mi, const CoxDesign *d, const double *y, const double *time, const double *event) {
    size_t n = d->n, out = n - mi->n;
    if (!out) return;
    size_t *miss = xcalloc(d->p ? d->p : 1, sizeof *miss), nout = 0;
    for (size_t i = 0; i < n; i++) {
        if (y ? isnan(y[i]) : isnan(time[i]) || isnan(event[i])) { nout++; continue; }
        for (size_t j = 0; j < d->p; j++) miss[j] += isnan(d->x[j * n + i]);
    }
    Buf b = {0}, tb = {0};
    buf_printf(&b, "%zu of %zu patients left out", out, n);
    if (nout) buf_printf(&b, ": %zu without the %s", nout, y ? "outcome" : "time or event");
    for (int k = 0; k < 3; k++) {   /* the three terms missing most */
        size_t best = 0, bj = 0;
        for (size_t j = 0; j < d->p; j++)
            if (miss[j] > best) { best = miss[j]; bj = j; }
        if (!best) break;
        buf_printf(&b, "%s%s missing in %zu", k || nout ? "; " : ": ", fmt_text(&tb, d->terms.v[bj]), best);
        miss[bj] = 0;
    }
    buf_puts(&b, " (complete cases)");
    strlist_add(&mi->notes, b.s);
    buf_free(&b);
    buf_free(&tb);
    free(miss);
}

/* The foldid= column: whole numbers 1..K over the rows used, each used. */
static int model_foldid(Session *s, const ModelSpec *spec, const Table *t, ModelInput *mi) {
    long j = find_col(s, spec->cmd, t, spec->foldid, "foldid=");
    if (j < 0) return -1;
    const Column *c = &t->cols[j];
    Buf b = {0};
    if (c->type != COL_NUM) {
        rgx_error(s, "%s: foldid=%s is text; it needs fold numbers 1, 2, … K", spec->cmd, fmt_text(&b, spec->foldid));
        buf_free(&b);
        return -1;
    }
    mi->foldid = xmalloc((mi->n ? mi->n : 1) * sizeof *mi->foldid);
    double mx = 0;
    for (size_t a = 0; a < mi->n; a++) {
        double v = c->num[mi->rows[a]];
        if (!(v >= 1 && v <= 1000 && v == floor(v))) {
            rgx_error(s, "%s: foldid=%s has %g in row %zu; it needs fold numbers 1, 2, … K", spec->cmd,
                      fmt_text(&b, spec->foldid), v, mi->rows[a] + 1);
            buf_free(&b);
            return -1;
        }
        mi->foldid[a] = (int)v;
        if (v > mx) mx = v;
    }
    mi->nfolds = (size_t)mx;
    for (size_t k = 1; k <= mi->nfolds; k++) {
        size_t a = 0;
        while (a < mi->n && (size_t)mi->foldid[a] != k) a++;
        if (a == mi->n || mi->nfolds < 3) {
            rgx_error(s, "%s: foldid=%s: %s", spec->cmd, fmt_text(&b, spec->foldid),
                      mi->nfolds < 3 ? "cross-validation needs 3 folds or more" : "a fold number is unused among the complete patients");
            buf_free(&b);
            return -1;
        }
    }
    return 0;
}

/* Drop the exact copies among the terms (the lasso cannot choose between
 * them), with a note naming the first few. */
static void drop_copies(ModelInput *mi) {
    long *first = xmalloc((mi->p ? mi->p : 1) * sizeof *first);
    long nd = glmnet_duplicate_columns(mi->x, mi->n, mi->p, first);
    if (nd <= 0) { free(first); return; }
    Buf b = {0}, tb = {0}, tb2 = {0};
    buf_printf(&b, "%ld predictor%s repeat%s an earlier one exactly over these patients and %s left out (the "
                   "lasso cannot choose between copies): ", nd, nd == 1 ? "" : "s", nd == 1 ? "s" : "",
               nd == 1 ? "is" : "are");
    size_t k = 0, said = 0;
    for (size_t j = 0; j < mi->p; j++) {
        if (first[j] >= 0) {
            if (said < 4) buf_printf(&b, "%s%s (= %s)", said ? ", " : "", fmt_text(&tb, mi->terms.v[j]),
                                     fmt_text(&tb2, mi->terms.v[first[j]]));
            else if (said == 4) buf_puts(&b, ", …");
            said++;
            free(mi->terms.v[j]);
            continue;
        }
        if (k != j) memmove(mi->x + k * mi->n, mi->x + j * mi->n, mi->n * sizeof *mi->x);
        mi->terms.v[k++] = mi->terms.v[j];
    }
    mi->p = mi->terms.n = k;
    strlist_add(&mi->notes, b.s);
    buf_free(&b);
    buf_free(&tb);
    buf_free(&tb2);
    free(first);
}

/* The checks of the outcome over the rows used. */
static int model_checks(Session *s, const ModelSpec *spec, ModelInput *mi) {
    const char *cmd = spec->cmd;
    for (size_t k = 0; k < mi->n * mi->p; k++)
        if (isinf(mi->x[k])) {
            Buf b = {0};
            size_t j = k / mi->n, a = k % mi->n;
            rgx_error(s, "%s: %s is %s in row %zu: a model needs finite predictors", cmd, fmt_text(&b, mi->terms.v[j]),
                      mi->x[k] > 0 ? "Inf" : "-Inf", mi->rows[a] + 1);
            buf_free(&b);
            return -1;
        }
    if (spec->family == MODEL_LOGISTIC) {
        size_t pos = 0;
        for (size_t a = 0; a < mi->n; a++) pos += mi->y[a] == 1;
        size_t neg = mi->n - pos, small = pos < neg ? pos : neg;
        mi->npos = pos;
        if (small == 0) {
            rgx_error(s, "%s: the outcome is constant over the %zu complete patients (all %s): there is nothing to predict",
                      cmd, mi->n, pos ? "positive" : "negative");
            return -1;
        }
        if (small == 1) {
            rgx_error(s, "%s: one %s patient only among the %zu complete patients: a class needs two or more (glmnet "
                         "refuses one; glm would separate it)", cmd, pos == 1 ? "positive" : "negative", mi->n);
            return -1;
        }
        if (small < 8)
            rgx_warn(s, "%s: %zu %s patients only (fewer than 8 in a class): estimates and cross-validation are on "
                        "dangerous ground (glmnet warns the same)", cmd, small, pos == small ? "positive" : "negative");
        return 0;
    }
    size_t ev = 0, nonpos = 0;
    for (size_t a = 0; a < mi->n; a++) {
        ev += mi->event[a] == 1;
        nonpos += !(mi->time[a] > 0);
    }
    mi->npos = ev;
    if (!ev) {
        rgx_error(s, "%s: no events among the %zu complete patients: there is nothing to fit", cmd, mi->n);
        return -1;
    }
    if (spec->penalised && nonpos) {
        rgx_error(s, "%s: %zu patient%s %s a time <= 0; a penalised Cox model (glmnet) refuses them: filter them out, "
                     "or use penalty=none (coxph)", cmd, nonpos, nonpos == 1 ? "" : "s", nonpos == 1 ? "has" : "have");
        return -1;
    }
    return 0;
}

void design_references(const StrList *notes, StrList *refs) {
    for (size_t k = 0; k < notes->n; k++) {
        const char *sep = strstr(notes->v[k], ": dummies against ");
        if (!sep) continue;
        const char *lv = sep + strlen(": dummies against "), *end = strstr(lv, " (its first level");
        strlist_addf(refs, "%.*s=%.*s", (int)(sep - notes->v[k]), notes->v[k],
                     (int)(end ? (size_t)(end - lv) : strlen(lv)), lv);
    }
}

int model_input(Session *s, const ModelSpec *spec, const Table *t, ModelInput *mi) {
    memset(mi, 0, sizeof *mi);
    size_t n = t->nrow;
    mi->nrow = n;
    double *y = NULL, *time = NULL, *event = NULL;
    long skip[3] = {-1, -1, -1};
    const char *role[3] = {"", "", ""};
    size_t *cols = NULL;
    char *note = NULL;
    CoxDesign d = {0};
    int rc = -1;
    if (model_outcomes(s, spec, t, mi, &y, &time, &event, skip, role) < 0) goto out;
    long nc = model_predictors(s, spec->cmd, t, spec->selector, skip, role, 2, &cols, &note);
    if (nc < 0) goto out;
    if (note) strlist_add(&mi->notes, note);
    if (nc == 0) {
        Buf b = {0};
        rgx_error(s, "%s: %s leaves no predictor", spec->cmd, fmt_text(&b, spec->selector));
        buf_free(&b);
        goto out;
    }
    int dr = cox_design(s, spec->cmd, t, cols, (size_t)nc, spec->ref, &d);
    for (size_t k = 0; k < d.notes.n; k++) strlist_add(&mi->notes, d.notes.v[k]);
    if (dr < 0) goto out;
    design_references(&d.notes, &mi->refs);   /* for the figures */
    /* the complete rows */
    mi->rows = xmalloc((n ? n : 1) * sizeof *mi->rows);
    for (size_t i = 0; i < n; i++) {
        int ok = y ? !isnan(y[i]) : !isnan(time[i]) && !isnan(event[i]);
        for (size_t j = 0; j < d.p && ok; j++) ok = !isnan(d.x[j * n + i]);
        if (ok) mi->rows[mi->n++] = i;
    }
    note_left_out(mi, &d, y, time, event);
    if (!mi->n) {
        rgx_error(s, "%s: no patient has the %s and every predictor: nothing to fit", spec->cmd,
                  y ? "outcome" : "time, the event");
        goto out;
    }
    size_t m = mi->n;
    mi->p = d.p;
    mi->x = xmalloc((m * d.p > 0 ? m * d.p : 1) * sizeof *mi->x);
    for (size_t j = 0; j < d.p; j++)
        for (size_t a = 0; a < m; a++) mi->x[j * m + a] = d.x[j * n + mi->rows[a]];
    mi->terms = d.terms;
    d.terms = (StrList){0};
    if (y) {
        mi->y = xmalloc(m * sizeof *mi->y);
        for (size_t a = 0; a < m; a++) mi->y[a] = y[mi->rows[a]];
    } else {
        mi->time = xmalloc(m * sizeof *mi->time);
        mi->event = xmalloc(m * sizeof *mi->event);
        for (size_t a = 0; a < m; a++) {
            mi->time[a] = time[mi->rows[a]];
            mi->event[a] = event[mi->rows[a]];
        }
    }
    if (spec->foldid && model_foldid(s, spec, t, mi) < 0) goto out;
    if (model_checks(s, spec, mi) < 0) goto out;
    if (spec->penalised) drop_copies(mi);
    rc = 0;
out:
    free(y);
    free(time);
    free(event);
    free(cols);
    free(note);
    cox_design_free(&d);
    return rc;
}

const char *penalty_name(Penalty p) {
    static const char *const names[] = {"none", "lasso", "ridge", "enet"};
    return names[p];
}

void model_report_error(Session *s, const char *cmd, int rc, const ModelInput *mi, const Recipe *r) {
    switch (rc) {
    case RECIPE_ENOMEM: rgx_error(s, "%s: out of memory", cmd); break;
    case RECIPE_ECANCEL: rgx_error(s, "%s: interrupted; no result was stored", cmd); break;
    case RECIPE_EDEGENERATE:
        rgx_error(s, "%s: %s", cmd, r->family == MODEL_LOGISTIC ? "a class has fewer than two patients in a fit"
                                                               : "no events in a fit (or the first event among the last two patients, which glmnet refuses)");
        break;
    case RECIPE_EFIT:
        rgx_error(s, "%s: the %s fit failed on these data", cmd, r->family == MODEL_LOGISTIC ? "glm" : "Cox");
        break;
    default:
        if (r->family == MODEL_COX)
            rgx_error(s, "%s: %zu events among %zu patients are too few for folds=%zu (each fold needs an event)", cmd,
                      mi->npos, mi->n, r->nfolds);
        else
            rgx_error(s, "%s: %zu patients are too few for folds=%zu", cmd, mi->n, r->nfolds);
        break;
    }
}

void model_warn_glmnet(Session *s, const char *cmd, const RecipeFit *f, const Recipe *r, size_t n) {
    int w = f->path_warn;
    if (w < 0 && w > -10000)
        rgx_warn(s, "%s: glmnet's pass limit (maxit = 100000) was reached at step %d of the path: it stops there, "
                    "with the %d lambdas before it (glmnet warns the same)", cmd, -w, -w - 1);
    else if (w <= -10000 && w > -30000)
        rgx_warn(s, "%s: more variables entered than pmax allows at step %d: the path stops there (glmnet warns the "
                    "same)", cmd, -w - 10000);
    else if (w <= -30000)
        rgx_warn(s, "%s: a non-positive Hessian weight at step %d of the Cox path: it stops there (glmnet warns the "
                    "same)", cmd, -w - 30000);
    if (f->cv_warn)
        rgx_warn(s, "%s: in the inner cross-validation a fold's path stopped early (glmnet's code %d); its later "
                    "lambdas use its last step, as cv.glmnet does", cmd, f->cv_warn);
    if (r->penalty != PENALTY_NONE && r->lambda_rule != LAMBDA_VALUE && r->measure == CV_AUC && f->measure == CV_DEVIANCE)
        rgx_warn(s, "%s: measure=auc needs 10 patients or more per fold (%zu patients in %zu folds): the deviance was "
                    "used instead, as cv.glmnet does", cmd, n, r->nfolds);
}

/* Option key of cmd given where it does not apply: the error. */
static int not_here(Session *s, const char *cmd, const char *key, const char *why) {
    rgx_error(s, "%s: %s= %s", cmd, key, why);
    return -1;
}

/* A number in lo..hi from text v (whole when integer); -1 after the error. */
static int opt_number(Session *s, const char *cmd, const char *key, const char *v, double lo, double hi, int integer,
                      double *out) {
    char *end;
    double x = strtod(v, &end);
    if (end == v || *end || !(x >= lo && x <= hi) || (integer && x != floor(x))) {
        if (integer) rgx_error(s, "%s: %s=%s: expected a whole number from %.0f to %.0f", cmd, key, v, lo, hi);
        else rgx_error(s, "%s: %s=%s: expected a number from %g to %g", cmd, key, v, lo, hi);
        return -1;
    }
    *out = x;
    return 0;
}

/* screen=q<F | top=N into r. */
int recipe_screen(Session *s, const char *cmd, const char *v, Recipe *r) {
    double x;
    if (!strncasecmp(v, "q<", 2)) {
        if (opt_number(s, cmd, "screen=q<", v + 2, 1e-300, 1, 0, &x) < 0) return -1;
        r->screen_q = x;
        return 0;
    }
    if (!strncasecmp(v, "top=", 4) || !strncasecmp(v, "top", 3)) {
        const char *nv = v + (v[3] == '=' ? 4 : 3);
        if (opt_number(s, cmd, "screen=top=", nv, 1, 1e9, 1, &x) < 0) return -1;
        r->screen_top = (size_t)x;
        return 0;
    }
    rgx_error(s, "%s: screen=%s: expected q<F (keep the features with BH q below F) or top=N (the N of smallest p)",
              cmd, v);
    return -1;
}

int recipe_options(Session *s, const char *cmd, ModelFamily fam, OptGetter get, const void *ctx,
                   unsigned long defseed, Recipe *r, unsigned long *seed) {
    memset(r, 0, sizeof *r);
    r->family = fam;
    r->alpha = 1;
    r->nfolds = 10;
    r->standardize = 1;
    r->measure = CV_DEVIANCE;
    r->ties = TIES_EFRON;
    *seed = defseed;
    const char *v;
    double x;
    if ((v = get(ctx, "penalty"))) {
        static const char *const names[] = {"none", "lasso", "ridge", "enet"};
        size_t k = 0;
        while (k < 4 && strcasecmp(v, names[k])) k++;
        if (k == 4) { rgx_error(s, "%s: penalty=%s: expected none, lasso, ridge or enet", cmd, v); return -1; }
        r->penalty = (Penalty)k;
    }
    int pen = r->penalty != PENALTY_NONE;
    const char *pen_only = "is for a penalised model (penalty=lasso, ridge or enet)";
    if (r->penalty == PENALTY_RIDGE) r->alpha = 0;
    if (r->penalty == PENALTY_ENET) r->alpha = 0.5;
    if ((v = get(ctx, "alpha"))) {
        if (r->penalty != PENALTY_ENET)
            return not_here(s, cmd, "alpha", "is the mixing of penalty=enet (lasso is alpha 1, ridge alpha 0)");
        if (opt_number(s, cmd, "alpha", v, 0, 1, 0, &x) < 0) return -1;
        r->alpha = x;
    }
    if ((v = get(ctx, "lambda"))) {
        if (!pen) return not_here(s, cmd, "lambda", pen_only);
        if (!strcasecmp(v, "min")) r->lambda_rule = LAMBDA_MIN;
        else if (!strcasecmp(v, "1se")) r->lambda_rule = LAMBDA_1SE;
        else {
            if (opt_number(s, cmd, "lambda", v, 1e-300, 1e300, 0, &x) < 0) {
                rgx_error(s, "%s: lambda=%s: expected min, 1se or a positive number", cmd, v);
                return -1;
            }
            r->lambda_rule = LAMBDA_VALUE;
            r->lambda = x;
        }
    }
    int cv = pen && r->lambda_rule != LAMBDA_VALUE;
    const char *cv_only = pen ? "chooses lambda by cross-validation; lambda= gives it here" : pen_only;
    if ((v = get(ctx, "folds"))) {
        if (!cv) return not_here(s, cmd, "folds", cv_only);
        if (get(ctx, "foldid")) return not_here(s, cmd, "folds", "and foldid= both set the folds; give one");
        if (opt_number(s, cmd, "folds", v, 3, 1000, 1, &x) < 0) return -1;
        r->nfolds = (size_t)x;
    }
    if (get(ctx, "foldid") && !cv) return not_here(s, cmd, "foldid", cv_only);
    if ((v = get(ctx, "measure"))) {
        if (!cv) return not_here(s, cmd, "measure", cv_only);
        if (!strcasecmp(v, "auc") && fam == MODEL_LOGISTIC) r->measure = CV_AUC;
        else if (strcasecmp(v, "deviance")) {
            rgx_error(s, "%s: measure=%s: expected deviance%s", cmd, v, fam == MODEL_LOGISTIC ? " or auc" : "");
            return -1;
        }
    }
    if ((v = get(ctx, "standardize"))) {
        if (!pen) return not_here(s, cmd, "standardize", pen_only);
        if (!strcasecmp(v, "yes") || !strcasecmp(v, "true") || !strcmp(v, "1")) r->standardize = 1;
        else if (!strcasecmp(v, "no") || !strcasecmp(v, "false") || !strcmp(v, "0")) r->standardize = 0;
        else { rgx_error(s, "%s: standardize=%s: expected yes or no", cmd, v); return -1; }
    }
    if ((v = get(ctx, "ties"))) {
        if (fam != MODEL_COX || pen)
            return not_here(s, cmd, "ties", "is for an unpenalised Cox model (glmnet's Cox uses Breslow's ties)");
        if (!strcasecmp(v, "breslow")) r->ties = TIES_BRESLOW;
        else if (strcasecmp(v, "efron")) { rgx_error(s, "%s: ties=%s: expected efron or breslow", cmd, v); return -1; }
    }
    if ((v = get(ctx, "screen")) && recipe_screen(s, cmd, v, r) < 0) return -1;
    if ((v = get(ctx, "seed"))) {
        if (opt_number(s, cmd, "seed", v, 0, 2147483647.0, 1, &x) < 0) return -1;
        *seed = (unsigned long)x;
    }
    return 0;
}

void recipe_params(const Recipe *r, unsigned long seed, ParamSetter set, void *ctx) {
    char b[64];
    set(ctx, "penalty", penalty_name(r->penalty));
    if (r->penalty == PENALTY_ENET) { snprintf(b, sizeof b, "%.17g", r->alpha); set(ctx, "alpha", b); }
    if (r->penalty != PENALTY_NONE) {
        if (r->lambda_rule == LAMBDA_VALUE) snprintf(b, sizeof b, "%.17g", r->lambda);
        else snprintf(b, sizeof b, "%s", r->lambda_rule == LAMBDA_MIN ? "min" : "1se");
        set(ctx, "lambda", b);
        set(ctx, "standardize", r->standardize ? "yes" : "no");
        if (r->lambda_rule != LAMBDA_VALUE) set(ctx, "measure", r->measure == CV_AUC ? "auc" : "deviance");
    }
    if (r->family == MODEL_COX && r->penalty == PENALTY_NONE) set(ctx, "ties", r->ties == TIES_BRESLOW ? "breslow" : "efron");
    if (r->screen_q > 0) { snprintf(b, sizeof b, "q<%.17g", r->screen_q); set(ctx, "screen", b); }
    if (r->screen_top > 0) { snprintf(b, sizeof b, "top=%zu", r->screen_top); set(ctx, "screen", b); }
    snprintf(b, sizeof b, "%lu", seed);
    set(ctx, "seed", b);
}

void recipe_describe(Buf *b, const Recipe *r, const char *folds) {
    char nb[32];
    if (r->screen_q > 0) buf_printf(b, "screen q < %s, then ", fmt_num(nb, sizeof nb, r->screen_q, 4));
    if (r->screen_top > 0) buf_printf(b, "screen top %zu, then ", r->screen_top);
    if (r->penalty == PENALTY_NONE) {
        buf_puts(b, r->family == MODEL_LOGISTIC ? "unpenalised (glm, binomial)"
                                                : r->ties == TIES_BRESLOW ? "unpenalised (coxph, ties=breslow)"
                                                                          : "unpenalised (coxph, ties=efron)");
        return;
    }
    buf_printf(b, "%s (glmnet, alpha = %s%s%s)", penalty_name(r->penalty), fmt_num(nb, sizeof nb, r->alpha, 4),
               r->standardize ? "" : ", not standardized", r->family == MODEL_COX ? ", Breslow ties" : "");
    if (r->lambda_rule == LAMBDA_VALUE) {
        buf_printf(b, ", lambda = %s (fixed)", fmt_num(nb, sizeof nb, r->lambda, 6));
        return;
    }
    buf_printf(b, ", lambda.%s of %s on the %s", r->lambda_rule == LAMBDA_MIN ? "min" : "1se", folds,
               r->measure == CV_AUC ? "AUC" : "deviance");
}
