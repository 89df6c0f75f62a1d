/* survutil.c — see survutil.h. */
#include "repl/survutil.h"
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include "repl/cmdutil.h"
#include "repl/format.h"

/* Column ref of t for cmd, or -1 after "cmd: [ROLE ]unknown column…". */
static long survival_column(Session *s, const char *cmd, const Table *t, const char *ref, const char *role) {
    Buf err = {0};
    long j = table_find_err(t, ref, &err);
    if (j < 0) rgx_error(s, "%s: %s%s%s", cmd, role ? role : "", role ? " " : "", err.s);
    buf_free(&err);
    return j;
}

/* "p3 (-5), p9 (-1), …": the first 5 rows of t's numeric column j whose
 * value passes bad (with the row's ID, or "row N"); returns how many pass. */
static size_t bad_times(const Table *t, long j, int (*bad)(double), Buf *b) {
    size_t k = 0;
    Buf id = {0};
    for (size_t i = 0; i < t->nrow; i++) {
        double x = t->cols[j].num[i];
        if (!bad(x)) continue;
        if (k++ >= 5) continue;
        const char *key = t->id >= 0 ? t->cols[t->id].str[i] : NULL;
        char row[32], v[32];
        snprintf(row, sizeof row, "row %zu", i + 1);
        buf_printf(b, "%s%s (%s)", k > 1 ? ", " : "", fmt_text(&id, key ? key : row), fmt_num(v, sizeof v, x, 6));
    }
    if (k > 5) buf_puts(b, ", …");
    buf_free(&id);
    return k;
}

static int is_negative(double x) { return x < 0; }
static int is_plus_inf(double x) { return isinf(x) && x > 0; }

/* A negative TIME is refused (survutil.h says why).  Returns 0, or -1
 * after the error naming the patients. */
static int check_times(Session *s, const char *cmd, const Table *t, long jt) {
    Buf b = {0}, c = {0};
    size_t k = bad_times(t, jt, is_negative, &b);
    if (k)
        rgx_error(s, "%s: TIME column %s has %zu negative value%s: %s; a survival time counts from an origin "
                     "(diagnosis, treatment) and cannot be below 0, so no curve or model is made (R's Surv(time, "
                     "event) would take %s without a word): correct %s, or leave %s out (filter %s where %s >= 0 as "
                     "NAME)", cmd, fmt_text(&c, t->cols[jt].name), k, plural_s(k), b.s, k == 1 ? "it" : "them",
                 k == 1 ? "it" : "them", k == 1 ? "it" : "them", t->name, fmt_text(&c, t->cols[jt].name));
    buf_free(&b);
    buf_free(&c);
    return k ? -1 : 0;
}

/* An infinite TIME (+Inf) is no time: d->time becomes a copy with those
 * rows missing, left out by the command and named in a warning. */
static void drop_infinite(Session *s, const char *cmd, const Table *t, SurvData *d) {
    Buf b = {0}, c = {0};
    size_t k = bad_times(t, d->jt, is_plus_inf, &b);
    if (k) {
        size_t n = t->nrow;
        d->own_time = xmalloc((n ? n : 1) * sizeof *d->own_time);
        for (size_t i = 0; i < n; i++) d->own_time[i] = isinf(d->time[i]) ? NAN : d->time[i];
        d->time = d->own_time;
        d->n_infinite = k;
        rgx_warn(s, "%s: %zu patient%s with an infinite TIME (%s) left out as missing: %s (R's survfit would "
                    "use %s; survdiff and coxph stop on %s)", cmd, k, plural_s(k), fmt_text(&c, t->cols[d->jt].name),
                 b.s, k == 1 ? "it" : "them", k == 1 ? "it" : "them");
    }
    buf_free(&b);
    buf_free(&c);
}

int command_survival(Session *s, const char *cmd, const Table *t, const char *time, const char *event, int roles,
                     SurvData *d) {
    memset(d, 0, sizeof *d);
    long jt = survival_column(s, cmd, t, time, roles ? "TIME" : NULL);
    long je = jt >= 0 ? survival_column(s, cmd, t, event, roles ? "EVENT" : NULL) : -1;
    if (je < 0) return -1;
    if (t->cols[jt].type != COL_NUM) {
        Buf b = {0};
        rgx_error(s, "%s: TIME column %s is text; load the file with load clinical to code it", cmd, fmt_text(&b, time));
        buf_free(&b);
        return -1;
    }
    if (check_times(s, cmd, t, jt) < 0) return -1;
    if (command_event(s, cmd, t, je, &d->event, &d->note) < 0) return -1;
    d->jt = jt;
    d->je = je;
    d->time = t->cols[jt].num;
    drop_infinite(s, cmd, t, d);
    return 0;
}

void surv_data_free(SurvData *d) {
    free(d->own_time);
    free(d->event);
    free(d->note);
    memset(d, 0, sizeof *d);
}

/* 0 when ref is a level of some text column among cols; else -1 after the
 * message, which lists the levels of the text columns. */
static int check_ref(Session *s, const char *cmd, const Table *t, const size_t *cols, size_t nc, const char *ref) {
    size_t n = t->nrow;
    int found = 0, any_text = 0;
    for (size_t k = 0; k < nc; k++) {
        const Column *c = &t->cols[cols[k]];
        if (c->type != COL_STR) continue;
        any_text = 1;
        for (size_t i = 0; i < n && !found; i++) found = c->str[i] && !strcmp(c->str[i], ref);
    }
    if (found) return 0;
    Buf levs = {0}, lab = {0}, b1 = {0};
    for (size_t k = 0; k < nc; k++) {
        if (t->cols[cols[k]].type != COL_STR) continue;
        size_t *gid = xmalloc((n ? n : 1) * sizeof *gid);
        StrList lev = {0};
        if (command_groups(s, cmd, t, (long)cols[k], gid, &lev) == 0) {
            Buf l = {0};
            join_list(&l, (const char *const *)lev.v, lev.n, 12);
            buf_printf(&levs, "%s%s: %s", levs.len ? "; " : "", table_col_label(t, cols[k], &lab), l.s);
            buf_free(&l);
        }
        free(gid);
        strlist_free(&lev);
    }
    if (any_text)
        rgx_error(s, "%s: ref=%s is not a level of any text covariate (%s)", cmd, ref, fmt_text(&b1, levs.s));
    else
        rgx_error(s, "%s: ref=%s names the reference level of a text covariate, and no covariate is text", cmd, ref);
    buf_free(&levs);
    buf_free(&lab);
    buf_free(&b1);
    return -1;
}

/* A new term at the end of d->x (n values, the caller fills them); *cap
 * is the terms' room, doubled as needed. */
static double *design_column(CoxDesign *d, size_t *cap) {
    size_t n = d->n;
    if (d->p == *cap) {
        *cap = *cap ? 2 * *cap : 8;
        d->x = xrealloc(d->x, *cap * (n ? n : 1) * sizeof *d->x);
    }
    return d->x + d->p++ * n;
}

/* The dummies of text column j of t against ref (when it is one of the
 * column's levels) or its first level, and the note saying which.
 * Returns 0, or -1 after the message. */
static int add_dummies(Session *s, const char *cmd, const Table *t, size_t j, const char *ref, CoxDesign *d,
                       size_t *cap) {
    size_t n = t->nrow, *gid = xmalloc((n ? n : 1) * sizeof *gid);
    StrList lev = {0};
    if (command_groups(s, cmd, t, (long)j, gid, &lev) < 0) { free(gid); return -1; }
    Buf lab = {0}, b1 = {0}, b2 = {0};
    table_col_label(t, j, &lab);
    size_t base = 0;
    int has_ref = 0;
    for (size_t g = 0; ref && g < lev.n; g++)
        if (!strcmp(lev.v[g], ref)) { base = g; has_ref = 1; }
    for (size_t g = 0; g < lev.n; g++) {
        if (g == base) continue;
        double *x = design_column(d, cap);
        for (size_t i = 0; i < n; i++) x[i] = gid[i] == GROUP_NONE_IDX ? NAN : gid[i] == g;
        strlist_addf(&d->terms, "%s=%s", lab.s, lev.v[g]);
    }
    if (lev.n > 1)
        strlist_addf(&d->notes, "%s: dummies against %s%s%s%s", fmt_text(&b1, lab.s), fmt_text(&b2, lev.v[base]),
                     ref && !has_ref ? " (its first level: ref=" : "", ref && !has_ref ? ref : "",
                     ref && !has_ref ? " is not one of its levels)" : "");
    free(gid);
    strlist_free(&lev);
    buf_free(&lab);
    buf_free(&b1);
    buf_free(&b2);
    return 0;
}

int cox_design(Session *s, const char *cmd, const Table *t, const size_t *cols, size_t nc, const char *ref,
               CoxDesign *d) {
    memset(d, 0, sizeof *d);
    d->n = t->nrow;
    if (ref && check_ref(s, cmd, t, cols, nc, ref) < 0) return -1;
    size_t cap = 0;
    Buf lab = {0};
    int rc = 0;
    for (size_t k = 0; k < nc && !rc; k++) {
        const Column *c = &t->cols[cols[k]];
        if (c->type != COL_NUM) {
            rc = add_dummies(s, cmd, t, cols[k], ref, d, &cap);
            continue;
        }
        memcpy(design_column(d, &cap), c->num, d->n * sizeof *d->x);
        strlist_add(&d->terms, table_col_label(t, cols[k], &lab));
    }
    buf_free(&lab);
    return rc;
}

/* Term j of d moved to position k < j (its column and its name). */
static void design_move(CoxDesign *d, size_t j, size_t k) {
    memmove(d->x + k * d->n, d->x + j * d->n, d->n * sizeof *d->x);
    char *tmp = d->terms.v[k];
    d->terms.v[k] = d->terms.v[j];
    d->terms.v[j] = tmp;
}

/* The error when no row has all a fit needs: the terms without a value
 * where time and event are there, else the rows' missing values at
 * large. */
static void no_complete_rows(Session *s, const char *cmd, const CoxDesign *d, const double *time, const double *event,
                             int grouped) {
    size_t n = d->n, none = 0;
    Buf names = {0}, b = {0};
    for (size_t j = 0; j < d->p; j++) {
        size_t i = 0;
        while (i < n && (isnan(time[i]) || isnan(event[i]) || isnan(d->x[j * n + i]))) i++;
        if (i < n) continue;
        buf_printf(&names, "%s%s", none++ ? ", " : "", d->terms.v[j]);
    }
    if (none)
        rgx_error(s, "%s: %s %s no value in the patients with a time and an event: nothing to fit", cmd,
                  fmt_text(&b, names.s), none == 1 ? "has" : "have");
    else
        rgx_error(s, "%s: no patient has a time, an event%s and every covariate: nothing to fit", cmd,
                  grouped ? ", a stratum (or cluster)" : "");
    buf_free(&names);
    buf_free(&b);
}

long cox_design_complete(Session *s, const char *cmd, CoxDesign *d, const double *time, const double *event,
                         const size_t *strata, const size_t *cluster) {
    size_t n = d->n, keep = 0, term, row;
    unsigned char *use = xmalloc(n ? n : 1);
    if (!cox_rows(time, event, d->x, n, d->p, strata, cluster, use)) {
        no_complete_rows(s, cmd, d, time, event, strata || cluster);
        free(use);
        return -1;
    }
    if (cox_first_infinite(d->x, n, d->p, use, &term, &row)) {
        Buf b = {0};
        rgx_error(s, "%s: %s is %s in row %zu: a Cox model needs finite covariates (coxph refuses them too)", cmd,
                  fmt_text(&b, d->terms.v[term]), d->x[term * n + row] > 0 ? "Inf" : "-Inf", row + 1);
        buf_free(&b);
        free(use);
        return -1;
    }
    for (size_t j = 0; j < d->p; j++) {
        if (cox_term_constant(d->x, n, j, use)) {
            rgx_warn(s, "%s: %s is constant among the complete patients: left out (it has no coefficient)", cmd,
                     d->terms.v[j]);
            continue;
        }
        if (keep != j) design_move(d, j, keep);
        keep++;
    }
    free(use);
    while (d->terms.n > keep) free(d->terms.v[--d->terms.n]);   /* the names left out */
    d->p = keep;
    if (!keep) { rgx_error(s, "%s: every covariate is constant: nothing to fit", cmd); return -1; }
    return (long)keep;
}

void cox_design_free(CoxDesign *d) {
    free(d->x);
    strlist_free(&d->terms);
    strlist_free(&d->notes);
    memset(d, 0, sizeof *d);
}

int cox_fit_design(Session *s, const char *cmd, const double *time, const double *event, const CoxDesign *d,
                   const CoxOpts *o, CoxFit *f) {
    int fr = cox_fit_opts(time, event, d->x, d->n, d->p, o, f);
    if (fr == -1) { rgx_error(s, "%s: out of memory", cmd); return -1; }
    if (fr == -2) rgx_error(s, "%s: a covariate is infinite", cmd);
    else if (!f->events) rgx_error(s, "%s: no events among the %zu complete patients: nothing to fit", cmd, f->n);
    else if (!f->df)
        rgx_error(s, "%s: no covariate varies within the risk sets at the event times%s: nothing to fit", cmd,
                  o && o->strata ? " (within strata)" : "");
    else return 0;
    cox_free(f);
    return -1;
}

/* A numeric column of table t holding one value: v. */
static void add_scalar(Table *t, const char *name, double v) {
    double *c = xmalloc(sizeof *c);
    *c = v;
    table_add_num(t, name, NULL, c);
}

Table *cox_coef_table(const char *name, const char *from, const CoxFit *f, const StrList *terms) {
    size_t p = f->p;
    int robust = f->rse != NULL;
    Table *o = table_new(name, from, p);
    char **tn = xcalloc(p ? p : 1, sizeof *tn);
    double *col[8];
    for (int q = 0; q < 8; q++) col[q] = xmalloc((p ? p : 1) * sizeof **col);
    /* coef hr se robust_se z p hr_low hr_high */
    cox_wald_terms(f, 0.95, col[1], col[4], col[5], col[6], col[7]);
    for (size_t j = 0; j < p; j++) {
        tn[j] = xstrdup(terms->v[j]);
        col[0][j] = f->coef[j];
        col[2][j] = f->se[j];
        col[3][j] = robust ? f->rse[j] : NAN;
    }
    static const char *const cn[8] = {"coef", "hr", "se", "robust_se", "z", "p", "hr_low", "hr_high"};
    table_add_str(o, "term", NULL, tn);
    for (int q = 0; q < 8; q++) {
        if (q == 3 && !robust) { free(col[q]); continue; }
        table_add_num(o, cn[q], NULL, col[q]);
    }
    return o;
}

Table *cox_fit_table(const char *name, const char *from, const CoxFit *f, int stratified) {
    Buf fn = {0};
    buf_printf(&fn, "%s.fit", name);
    Table *fit = table_new(fn.s, from, 1);
    buf_free(&fn);
    double fv[13] = {(double)f->n, (double)f->events, f->loglik, f->lr, f->wald, f->score, (double)f->df,
                     f->p_lr, f->p_wald, f->p_score, (double)f->nstrata, f->rscore, f->p_rscore};
    static const char *const fnames[13] = {"n", "events", "loglik", "lr", "wald", "score", "df", "p_lr", "p_wald",
                                           "p_score", "strata", "robust_score", "p_robust_score"};
    for (int q = 0; q < 13; q++) {
        if (q == 10 && !stratified) continue;
        if (q >= 11 && !f->rse) continue;
        add_scalar(fit, fnames[q], fv[q]);
    }
    return fit;
}

Table *cox_zph_table(const char *name, const char *from, const double *time, const double *event,
                     const CoxDesign *d, const CoxOpts *o, const CoxFit *f) {
    if (isnan(f->loglik)) return NULL;
    size_t pz = f->df;
    double *zc = xmalloc((pz + 1) * sizeof *zc), *zd = xmalloc((pz + 1) * sizeof *zd);
    double *zp = xmalloc((pz + 1) * sizeof *zp);
    if (cox_zph_fit(time, event, d->x, d->n, f, o, zc, zd, zp) < 0) {
        free(zc);
        free(zd);
        free(zp);
        return NULL;
    }
    char **ztn = xcalloc(pz + 1, sizeof *ztn);
    for (size_t j = 0, q = 0; j < f->p; j++)
        if (!f->aliased[j]) ztn[q++] = xstrdup(d->terms.v[j]);
    ztn[pz] = xstrdup("GLOBAL");
    Buf zn = {0};
    buf_printf(&zn, "%s.zph", name);
    Table *zt = table_new(zn.s, from, pz + 1);
    buf_free(&zn);
    table_add_str(zt, "term", NULL, ztn);
    table_add_num(zt, "chisq", NULL, zc);
    table_add_num(zt, "df", NULL, zd);
    table_add_num(zt, "p", NULL, zp);
    return zt;
}

void cox_print_variance(Session *s, const CoxFit *f, const char *strata, const StrList *snames, const char *cluster,
                        size_t nclusters) {
    Buf b1 = {0}, b2 = {0};
    if (strata) {
        Buf sl = {0};
        join_list(&sl, (const char *const *)snames->v, snames->n, 6);
        out_printf(&s->out, "  strata: %zu (%s), each with its own baseline hazard, as coxph(... + strata(%s))\n",
                   f->nstrata, fmt_text(&b1, sl.s), fmt_text(&b2, strata));
        buf_free(&sl);
    }
    if (f->rse && cluster)
        out_printf(&s->out, "  robust (sandwich) variance over %zu cluster%s of %s, as coxph(cluster = %s): z, p and the "
                            "hazard ratio's limits use robust_se\n",
                   nclusters, plural_s(nclusters), fmt_text(&b1, cluster), fmt_text(&b2, cluster));
    else if (f->rse)
        out_puts(&s->out, "  robust (sandwich) variance, as coxph(robust = TRUE): z, p and the hazard ratio's limits "
                          "use robust_se\n");
    buf_free(&b1);
    buf_free(&b2);
}

/* "x_j = a*A - b*B + c" of the aliased term j, appended to out. */
static void alias_text(const CoxFit *f, size_t j, const StrList *terms, Buf *out) {
    const double *row = f->alias + j * (f->p + 1);
    char nb[32];
    int any = 0;
    for (size_t k = 0; k < f->p; k++) {
        if (row[k] == 0) continue;
        double w = row[k];
        buf_puts(out, any ? (w < 0 ? " - " : " + ") : (w < 0 ? "-" : ""));
        if (fabs(fabs(w) - 1) > 1e-9) buf_printf(out, "%s*", fmt_num(nb, sizeof nb, fabs(w), 4));
        buf_puts(out, terms->v[k]);
        any = 1;
    }
    double c = row[f->p];
    if (any && fabs(c) > 1e-9 * (1 + fabs(c)))
        buf_printf(out, " %s %s", c < 0 ? "-" : "+", fmt_num(nb, sizeof nb, fabs(c), 4));
}

/* A line per aliased term: what it equals over the patients used. */
static void print_aliased(Session *s, const CoxFit *f, const StrList *terms) {
    Buf b1 = {0}, b2 = {0}, b3 = {0};
    for (size_t j = 0; j < f->p; j++) {
        if (!f->aliased[j]) continue;
        Buf at = {0};
        alias_text(f, j, terms, &at);
        if (at.len)
            out_printf(&s->out, "  %s: not defined because of singularities (%s = %s over the patients used): no "
                                "coefficient, left out of the fit and its tests, as coxph\n",
                       fmt_text(&b1, terms->v[j]), fmt_text(&b2, terms->v[j]), fmt_text(&b3, at.s));
        else
            out_printf(&s->out, "  %s: not defined because of singularities (it does not vary within the risk sets "
                                "at the event times): no coefficient, left out of the fit and its tests, as coxph\n",
                       fmt_text(&b1, terms->v[j]));
        buf_free(&at);
    }
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
}

void cox_print_tests(Session *s, const CoxFit *f, const StrList *terms, const char *cluster) {
    print_aliased(s, f, terms);
    char s1[32], s2[32], s3[32], p1[32], p2[32], p3[32];
    int robust = f->rse != NULL;
    out_printf(&s->out, "  likelihood ratio %s, Wald%s %s, score %s on %zu df: p = %s, %s, %s\n",
               fmt_num(s1, 32, f->lr, 4), robust ? " (robust)" : "", fmt_num(s2, 32, f->wald, 4),
               fmt_num(s3, 32, f->score, 4), f->df, fmt_p(p1, 32, f->p_lr), fmt_p(p2, 32, f->p_wald),
               fmt_p(p3, 32, f->p_score));
    if (isnan(f->lr))
        out_puts(&s->out, "  (likelihood ratio NA: the log partial likelihood is not finite at the last iterate — a "
                          "coefficient runs off to infinity; the estimates are not usable)\n");
    if (robust)
        out_printf(&s->out, "  robust score %s on %zu df: p = %s (the likelihood ratio and score tests assume "
                            "independent %s; the Wald and robust score tests do not)\n",
                   fmt_num(s1, 32, f->rscore, 4), f->df, fmt_p(p1, 32, f->p_rscore),
                   cluster ? "rows within a cluster" : "rows");
}

void cox_print_zph(Session *s, const Table *zt, int stratified) {
    if (!zt) {
        out_puts(&s->out, "  proportional hazards (cox.zph): not computed (the fit did not reach a finite likelihood)\n");
        return;
    }
    out_printf(&s->out, "  proportional hazards (cox.zph, transform km%s):", stratified ? ", risk sets within strata" : "");
    const char *const *term = (const char *const *)zt->cols[0].str;
    const double *p = zt->cols[3].num;
    Buf b = {0};
    int na = 0;
    for (size_t j = 0; j < zt->nrow; j++) {
        char pb[32];
        out_printf(&s->out, "%s %s p = %s", j ? "," : "", fmt_text(&b, term[j]), fmt_p(pb, 32, p[j]));
        na |= isnan(p[j]);
    }
    buf_free(&b);
    out_puts(&s->out, "\n");
    if (na) out_puts(&s->out, "  (zph NA: its information matrix is singular, e.g. g(t) does not vary over the event times)\n");
}

void cox_warn_fit(Session *s, const char *cmd, const CoxFit *f) {
    if (!f->converged) rgx_warn(s, "%s: no convergence in %d iterations: the estimates are not reliable", cmd, f->iter);
    if (f->infinite)
        rgx_warn(s, "%s: a coefficient looks infinite (monotone likelihood: a covariate separates events "
                    "completely); its hazard ratio and test are not meaningful", cmd);
}
