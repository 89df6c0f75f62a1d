/* cmd_predict.c — predict: a model's linear predictor (the rad-score)
 * and, for a logistic model, its probability, added to a table that has
 * the model's predictors; with the outcome there too, the model's
 * performance on that table (external validation). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/modelutil.h"
#include "repl/survutil.h"
#include "stats/calibration.h"
#include "stats/concordance.h"
#include "stats/linpred.h"

/* One term of the model in table t: a numeric column, or a dummy
 * LABEL=level of a text column. */
typedef struct Term {
    double coef;
    long col;               /* its column in t */
    const char *level;      /* a dummy: the level that is 1 (points into the term's name), else NULL */
} Term;

/* Resolve term name in t.  Returns 0, −1 (missing), −2 (text where a
 * number is needed). */
static int resolve(const Table *t, const char *name, Term *tm) {
    long j = table_find(t, name);
    if (j >= 0) {
        tm->col = j;
        tm->level = NULL;
        return t->cols[j].type == COL_NUM ? 0 : -2;
    }
    for (const char *eq = strchr(name, '='); eq; eq = strchr(eq + 1, '=')) {
        char *lab = xstrndup(name, (size_t)(eq - name));
        j = table_find(t, lab);
        free(lab);
        if (j >= 0 && t->cols[j].type == COL_STR) {
            tm->col = j;
            tm->level = eq + 1;
            return 0;
        }
    }
    return -1;
}

/* Add (or replace) numeric column name of t, made from t. */
static void put_column(Table *t, const char *name, double *v) {
    for (size_t k = 0; k < t->ncol; k++)
        if (!strcmp(t->cols[k].name, name) && !strcmp(t->cols[k].origin, t->name) && (long)k != t->id) {
            free(t->cols[k].num);
            t->cols[k].num = v;
            return;
        }
    table_add_num(t, name, t->name, v);
}

/* The model's performance on t when t has its outcome: AUC, calibration
 * and Brier (logistic) or Harrell's C and the calibration slope (Cox). */
static void external(Session *s, const Result *m, const Table *t, const double *lp) {
    const char *fam = result_get_param(m, "family"), *train = result_get_param(m, "table");
    int cox = fam && !strcmp(fam, "cox");
    size_t n = t->nrow;
    char b1[32], b2[32], b3[32], b4[32];
    const char *same = train && !strcmp(train, t->name)
                           ? " (the patients it was fitted to: apparent, not external)" : "";
    if (!cox) {
        const char *oc = result_get_param(m, "outcome");
        long j = oc ? table_find(t, oc) : -1;
        if (j < 0) return;
        double *y = xmalloc((n ? n : 1) * sizeof *y);
        char *pos = NULL;
        /* an outcome that cannot be coded is simply not scored */
        if (model_outcome(NULL, "predict", t, j, result_get_param(m, "positive"), y, &pos, NULL) == 0) {
            double *lpy = xmalloc((n ? n : 1) * sizeof *lpy), *yy = xmalloc((n ? n : 1) * sizeof *yy);
            size_t k = 0;
            for (size_t i = 0; i < n; i++)
                if (!isnan(y[i]) && !isnan(lp[i])) { yy[k] = y[i]; lpy[k++] = lp[i]; }
            CalibLogistic c;
            double auc = glmnet_auc(yy, lpy, k);
            if (k && calibration_logistic(yy, lpy, k, &c) == 0)
                out_printf(&s->out, "  on %s%s: AUC %s, calibration slope %s, intercept %s, Brier %s (n = %zu)\n",
                           t->name, same, fmt_num(b1, 32, auc, 4), fmt_num(b2, 32, c.slope, 4),
                           fmt_num(b3, 32, c.intercept, 4), fmt_num(b4, 32, c.brier, 4), k);
            free(lpy);
            free(yy);
        }
        free(pos);
        free(y);
        return;
    }
    const char *tc = result_get_param(m, "time"), *ec = result_get_param(m, "event");
    if (!tc || !ec || table_find(t, tc) < 0 || table_find(t, ec) < 0) return;
    SurvData sv;
    if (command_survival(s, "predict", t, tc, ec, 1, &sv) < 0) return;
    ConcordanceFit cf;
    CalibCox cc;
    if (concordance_fit(sv.time, sv.event, lp, n, CONC_HIGHER_RISK, &cf) == 0 &&
        calibration_cox(sv.time, sv.event, lp, n, &cc) >= 0)
        out_printf(&s->out, "  on %s%s: C-index %s (se %s; higher score = higher risk), calibration slope %s (n = %zu, "
                            "events = %zu)\n", t->name, same, fmt_num(b1, 32, cf.c, 4), fmt_num(b2, 32, cf.se, 4),
                   fmt_num(b3, 32, cc.slope, 4), cf.n, cf.events);
    surv_data_free(&sv);
}

/* The model's terms resolved in t: tm (nt of them, owned), the
 * intercept a0 and the count of aliased (NA) coefficients. */
typedef struct Terms {
    Term *tm;
    size_t nt, aliased;
    double a0;
} Terms;

/* Resolve every coefficient of a model (its table coef, columns jt term
 * and jc coef) in t into tr.  Returns 0, or −1 (error said: predictors
 * missing from t, or text where the model needs numbers). */
static int model_terms(Session *s, const Table *t, const Table *coef, long jt, long jc, Terms *tr) {
    Buf miss = {0}, text = {0}, b1 = {0};
    size_t nmiss = 0;
    tr->tm = xcalloc(coef->nrow ? coef->nrow : 1, sizeof *tr->tm);
    for (size_t r = 0; r < coef->nrow; r++) {
        const char *name = coef->cols[jt].str[r];
        double b = coef->cols[jc].num[r];
        if (!name) continue;
        if (isnan(b)) { tr->aliased++; continue; }   /* glm's NA: no coefficient, as predict.glm */
        if (!strcmp(name, "(Intercept)")) { tr->a0 = b; continue; }
        Term x = {b, -1, NULL};
        int rr = resolve(t, name, &x);
        if (rr == -1) { buf_printf(&miss, "%s%s", miss.len ? ", " : "", name); nmiss++; continue; }
        if (rr == -2) { buf_printf(&text, "%s%s", text.len ? ", " : "", name); continue; }
        tr->tm[tr->nt++] = x;
    }
    int rc = 0;
    if (nmiss) {
        rgx_error(s, "predict: %s lacks %zu of the model's predictors: %s", t->name, nmiss, fmt_text(&b1, miss.s));
        rc = -1;
    } else if (text.len) {
        rgx_error(s, "predict: %s is text in %s, and the model needs numbers", fmt_text(&b1, text.s), t->name);
        rc = -1;
    }
    buf_free(&miss);
    buf_free(&text);
    buf_free(&b1);
    return rc;
}

/* The linear predictor of tr on t's rows (owned by the caller; *na: how
 * many are NaN).  A dummy term's 0/1 column is made here (NaN where
 * its text is missing). */
static double *term_lp(const Table *t, const Terms *tr, size_t *na) {
    size_t n = t->nrow;
    const double **x = xcalloc(tr->nt ? tr->nt : 1, sizeof *x);
    double **dummy = xcalloc(tr->nt ? tr->nt : 1, sizeof *dummy), *coef = xmalloc((tr->nt ? tr->nt : 1) * sizeof *coef);
    for (size_t k = 0; k < tr->nt; k++) {
        const Term *tm = &tr->tm[k];
        const Column *c = &t->cols[tm->col];
        coef[k] = tm->coef;
        if (!tm->level) { x[k] = c->num; continue; }
        dummy[k] = xmalloc((n ? n : 1) * sizeof **dummy);
        for (size_t i = 0; i < n; i++) dummy[k][i] = c->str[i] ? !strcmp(c->str[i], tm->level) : NAN;
        x[k] = dummy[k];
    }
    double *lp = xmalloc((n ? n : 1) * sizeof *lp);
    *na = linear_predictor(x, coef, tr->nt, tr->a0, n, lp);
    for (size_t k = 0; k < tr->nt; k++) free(dummy[k]);
    free(dummy);
    free(x);
    free(coef);
    return lp;
}

/* Add t.COL (a copy of lp) and, for a logistic model, its probability
 * t.COL_p (or NAME_p), and print the line that says so. */
static void add_columns(Session *s, const Result *m, Table *t, const char *col, const char *as, const double *lp,
                        int logit, size_t nt) {
    size_t n = t->nrow;
    double *keep = xmalloc((n ? n : 1) * sizeof *keep);
    memcpy(keep, lp, n * sizeof *keep);
    put_column(t, col, keep);
    out_printf(&s->out, "predict %s in %s: %s.%s = the linear predictor (%zu term%s", m->name, t->name, t->name, col,
               nt, nt == 1 ? "" : "s");
    if (logit) {
        Buf pc = {0}, b1 = {0};
        if (as) buf_printf(&pc, "%s_p", col);
        else buf_printf(&pc, "%s_p", m->name);
        double *p = xmalloc((n ? n : 1) * sizeof *p);
        logistic_prob(lp, n, p);
        put_column(t, pc.s, p);
        out_printf(&s->out, "); %s.%s = its probability of %s = %s", t->name, pc.s,
                   fmt_text(&b1, result_get_param(m, "outcome") ? result_get_param(m, "outcome") : "the outcome"),
                   result_get_param(m, "positive") ? result_get_param(m, "positive") : "1");
        buf_free(&pc);
        buf_free(&b1);
    } else {
        out_puts(&s->out, "; higher = higher risk");
    }
    out_printf(&s->out, "%s\n", logit ? "" : ")");
}

int cmd_predict(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !in) return args_usage(s, a);
    Result *m = command_result_of(s, "predict", a->pos[0], "model");
    if (!m) return 1;
    Table *t = session_table(s, in), *coef = session_find(s, m->name);
    if (!t || !coef) return 1;
    long jt = table_find(coef, "term"), jc = table_find(coef, "coef");
    if (jt < 0 || jc < 0 || coef->cols[jt].type != COL_STR) {
        rgx_error(s, "predict: %s lacks the columns term and coef of a model result; run model again", m->name);
        return 1;
    }
    Buf col = {0};
    if (as) buf_puts(&col, as);
    else buf_printf(&col, "%s_lp", m->name);
    int logit = !result_get_param(m, "family") || strcmp(result_get_param(m, "family"), "cox");
    Terms tr = {0};
    int rc = 1;
    if (model_terms(s, t, coef, jt, jc, &tr) < 0 || !valid_table_name(s, "predict", col.s)) goto done;
    size_t n = t->nrow, na;
    double *lp = term_lp(t, &tr, &na);
    add_columns(s, m, t, col.s, as, lp, logit, tr.nt);
    out_puts(&s->out, "  the coefficients are on the original scale: the training patients' standardisation is built "
                      "in (the means and SDs of this table are not used)\n");
    if (na) out_printf(&s->out, "  %zu of %zu patients have a missing predictor: NA\n", na, n);
    if (tr.aliased)
        out_printf(&s->out, "  %zu aliased term%s (NA in %s) contribute%s nothing, as predict.glm\n", tr.aliased,
                   tr.aliased == 1 ? "" : "s", m->name, tr.aliased == 1 ? "s" : "");
    external(s, m, t, lp);
    free(lp);
    rc = 0;
done:
    free(tr.tm);
    buf_free(&col);
    return rc;
}
