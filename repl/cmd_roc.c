/* cmd_roc.c — roc, roc compare, coords: ROC analysis at pROC parity. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/progress.h"
#include "stats/roc.h"

/* The number v as positive= would name it: the shortest of %.15g and
 * %.17g that reads back as v (caller frees). */
static char *number_name(double v) {
    char tmp[64];
    snprintf(tmp, sizeof tmp, "%.15g", v);
    if (strtod(tmp, NULL) != v) snprintf(tmp, sizeof tmp, "%.17g", v);
    return xstrdup(tmp);
}

/* The two values of numeric column c (n rows) in *v0 < *v1.  Returns 0,
 * or −1 after reporting none, one, or more than two. */
static int outcome_two_values(Session *s, const Column *c, size_t n, double *v0, double *v1) {
    *v0 = *v1 = NAN;
    for (size_t i = 0; i < n; i++) {
        double v = c->num[i];
        if (isnan(v) || v == *v0 || v == *v1) continue;
        if (isnan(*v0)) *v0 = v;
        else if (isnan(*v1)) *v1 = v;
        else {
            rgx_error(s, "roc: the outcome %s has more than two values (%g, %g, %g…); name a two-level column", c->name,
                      *v0, *v1, v);
            return -1;
        }
    }
    if (isnan(*v1)) {
        if (isnan(*v0)) rgx_error(s, "roc: the outcome %s has no values (every value is missing)", c->name);
        else rgx_error(s, "roc: the outcome %s has one value only (%g); it needs two", c->name, *v0);
        return -1;
    }
    if (*v1 < *v0) { double tmp = *v0; *v0 = *v1; *v1 = tmp; }
    return 0;
}

/* outcome_codes for a numeric column: the larger value positive unless
 * positive= names the other. */
static int outcome_numeric(Session *s, const Column *c, size_t n, const char *positive, int *y, char **pos_name,
                           Buf *why) {
    double v0, v1;
    if (outcome_two_values(s, c, n, &v0, &v1) < 0) return -1;
    double pv = v1;
    if (positive) {
        char *end;
        pv = strtod(positive, &end);
        if (end == positive || *end || (pv != v0 && pv != v1)) {
            rgx_error(s, "roc: positive=%s is not a value of the outcome %s (%g, %g)", positive, c->name, v0, v1);
            return -1;
        }
    } else if (why && !(v0 == 0 && v1 == 1)) {
        buf_printf(why, "positive = %g: the larger of the outcome's two values (%g, %g), as pROC's default levels "
                        "(sorted, the second taken as the cases); positive=%g takes the other", v1, v0, v1, v0);
    }
    for (size_t i = 0; i < n; i++) y[i] = isnan(c->num[i]) ? -1 : c->num[i] == pv;
    *pos_name = number_name(pv);
    return 0;
}

/* The positive one of two text levels without positive=: a level named
 * like a positive (TRUE, yes, mutant…), and in why what was taken and how
 * pROC's default differs (why may be NULL).  NULL after reporting. */
static const char *outcome_guess_level(Session *s, const Column *c, char *const *lev, Buf *why) {
    static const char *const yes[] = {"TRUE", "yes", "1", "mutant", "mutated", "positive", "case", "dead"};
    const char *pos = NULL;
    for (size_t k = 0; k < sizeof yes / sizeof *yes && !pos; k++)
        for (size_t l = 0; l < 2; l++)
            if (!strcasecmp(lev[l], yes[k])) pos = lev[l];
    if (!pos) {
        rgx_error(s, "roc: which level of %s is positive? give positive=%s or positive=%s", c->name, lev[0], lev[1]);
        return NULL;
    }
    if (why) {
        /* pROC's default: the levels sorted, the second the cases */
        int cmp = strcasecmp(lev[0], lev[1]);
        const char *second = (cmp ? cmp > 0 : strcmp(lev[0], lev[1]) > 0) ? lev[0] : lev[1];
        const char *other = pos == lev[0] ? lev[1] : lev[0];
        buf_printf(why, "positive = %s: a level name read as positive; positive=%s takes the other", pos, other);
        if (strcmp(second, pos))
            buf_printf(why, ". pROC's default levels (sorted, the second the cases) would take %s as the cases: "
                            "with direction=auto the AUC is the same and the direction reversed", second);
    }
    return pos;
}

/* The levels of text column c (n rows) in order of appearance into lev.
 * Returns 0 when there are two, or −1 after reporting. */
static int outcome_two_levels(Session *s, const Column *c, size_t n, StrList *lev) {
    StrMap m = {0};
    for (size_t i = 0; i < n; i++)
        if (c->str[i] && strmap_put(&m, c->str[i], lev->n, NULL) == 1) strlist_add(lev, c->str[i]);
    strmap_free(&m);
    if (lev->n == 2) return 0;
    Buf b = {0};
    join_list(&b, (const char *const *)lev->v, lev->n, 8);
    if (lev->n) rgx_error(s, "roc: the outcome %s has %zu level%s (%s); it needs two", c->name, lev->n,
                          lev->n == 1 ? "" : "s", b.s ? b.s : "");
    else rgx_error(s, "roc: the outcome %s has no values (every value is missing)", c->name);
    buf_free(&b);
    return -1;
}

/* outcome_codes for a text column. */
static int outcome_text(Session *s, const Column *c, size_t n, const char *positive, int *y, char **pos_name,
                        Buf *why) {
    StrList lev = {0};
    int rc = -1;
    if (outcome_two_levels(s, c, n, &lev) < 0) goto out;
    const char *pos = positive;
    if (!pos) {
        if (!(pos = outcome_guess_level(s, c, lev.v, why))) goto out;
    } else if (strcmp(pos, lev.v[0]) && strcmp(pos, lev.v[1])) {
        rgx_error(s, "roc: positive=%s is not a level of %s (%s, %s)", pos, c->name, lev.v[0], lev.v[1]);
        goto out;
    }
    for (size_t i = 0; i < n; i++) y[i] = !c->str[i] ? -1 : !strcmp(c->str[i], pos);
    *pos_name = xstrdup(pos);
    rc = 0;
out:
    strlist_free(&lev);
    return rc;
}

/* The outcome as 1 (positive), 0, −1 (missing).  A numeric column needs
 * two values: the larger is positive (1 of 0/1; 2 of 1/2), which is
 * pROC's default (levels sorted, the second the cases).  Two text levels
 * need positive= unless one is a known positive word (TRUE, yes, 1,
 * mutant, …).  positive= always decides.  When the choice was not given
 * nor 0/1, *why says what was taken and why (why may be NULL).  *pos_name
 * gets the positive value's name (caller frees).  Returns 0, or −1 after
 * reporting. */
static int outcome_codes(Session *s, const Table *t, long j, const char *positive, int *y, char **pos_name, Buf *why) {
    const Column *c = &t->cols[j];
    if (c->type == COL_NUM) return outcome_numeric(s, c, t->nrow, positive, y, pos_name, why);
    return outcome_text(s, c, t->nrow, positive, y, pos_name, why);
}

static int direction_option(Args *a) {
    const char *d = args_opt(a, "direction");
    if (!d || !strcasecmp(d, "auto")) return 0;
    if (!strcmp(d, "<")) return 1;
    if (!strcmp(d, ">")) return -1;
    if (!a->err.len) buf_printf(&a->err, "direction=%s: expected auto, < or >", d);
    return 0;
}

/* roc's options. */
typedef struct RocOpts {
    const char *in, *as;    /* the keywords' words, or NULL */
    int dir;                /* 0 auto, +1 '<', −1 '>' */
    int ci;                 /* 0 delong, 1 bootstrap, 2 none */
    long boot, seed;        /* bootstrap resamples, and their seed */
    double level;           /* confidence level */
    const char *partial;    /* partial=A..B as typed, or NULL */
    double pfrom, pto;      /* its specificity range */
    int mcclish;            /* the partial AUC McClish-standardised */
} RocOpts;

/* Parse roc's options into o.  Returns 0, or 1 after reporting. */
static int roc_options(Session *s, Args *a, RocOpts *o) {
    *o = (RocOpts){0};
    o->in = args_take_kw(a, "in");
    o->as = args_take_kw(a, "as");
    o->dir = direction_option(a);
    o->ci = args_get_choice(a, "ci", 0, NULL);
    o->boot = args_get_int(a, "boot", 2000, 10, 10000000L);
    o->level = args_get_double(a, "level", 0.95, 0.5, 0.999);
    o->seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    o->partial = args_opt(a, "partial");
    o->mcclish = args_get_bool(a, "mcclish", 0);
    if (args_failed(s, a)) return 1;
    if (o->partial) {
        char *end;
        o->pfrom = strtod(o->partial, &end);
        if (strncmp(end, "..", 2) || (o->pto = strtod(end + 2, &end), *end) || o->pfrom < 0 || o->pto > 1 ||
            o->pfrom >= o->pto) {
            rgx_error(s, "roc: partial=%s: expected a specificity range such as 0.8..1", o->partial);
            return 1;
        }
    }
    return 0;
}

/* The rows of a roc result as its predictors are fitted, and its curve. */
typedef struct RocRows {
    size_t n;                       /* predictors fitted */
    char **pred, **dir;             /* label, and "<" or ">" (room for every predictor) */
    double *npos, *nneg, *auc;      /* cases, controls, AUC */
    double *lo, *hi, *pauc;         /* interval, partial AUC (NaN without partial=) */
    StrList below;                  /* predictors whose McClish pAUC is not defined */
    StrList cv_pred;                /* the curve: predictor of each point */
    double *cv_t, *cv_se, *cv_sp;   /* threshold, sensitivity, specificity */
    size_t ncurve, capcurve;        /* points, and room */
} RocRows;

static void rows_init(RocRows *rr, size_t cap) {
    *rr = (RocRows){0};
    rr->pred = xcalloc(cap + 1, sizeof *rr->pred);
    rr->dir = xcalloc(cap + 1, sizeof *rr->dir);
    double **num[] = {&rr->npos, &rr->nneg, &rr->auc, &rr->lo, &rr->hi, &rr->pauc};
    for (size_t k = 0; k < sizeof num / sizeof *num; k++) *num[k] = xmalloc((cap + 1) * sizeof(double));
}

/* Everything rr still owns (the columns not yet given to a table). */
static void rows_free(RocRows *rr) {
    if (rr->pred)
        for (size_t i = 0; i < rr->n; i++) { free(rr->pred[i]); free(rr->dir[i]); }
    free(rr->pred); free(rr->dir);
    free(rr->npos); free(rr->nneg); free(rr->auc); free(rr->lo); free(rr->hi); free(rr->pauc);
    strlist_free(&rr->below);
    strlist_free(&rr->cv_pred);
    free(rr->cv_t); free(rr->cv_se); free(rr->cv_sp);
}

/* Add the fit r of predictor label (interval lo..hi) and its curve. */
static void rows_add(RocRows *rr, const char *label, const RocFit *r, double lo, double hi, const RocOpts *o) {
    size_t k = rr->n++;
    rr->pred[k] = xstrdup(label);
    rr->dir[k] = xstrdup(r->direction > 0 ? "<" : ">");
    rr->npos[k] = (double)r->n_pos;
    rr->nneg[k] = (double)r->n_neg;
    rr->auc[k] = r->auc;
    rr->lo[k] = lo;
    rr->hi[k] = hi;
    rr->pauc[k] = o->partial ? roc_partial_auc(r, o->pfrom, o->pto, o->mcclish) : NAN;
    if (o->partial && o->mcclish && isnan(rr->pauc[k])) strlist_add(&rr->below, label);
    for (size_t q = 0; q < r->nthr; q++) {
        if (rr->ncurve == rr->capcurve) {
            rr->capcurve = rr->capcurve ? 2 * rr->capcurve : 256;
            rr->cv_t = xrealloc(rr->cv_t, rr->capcurve * sizeof *rr->cv_t);
            rr->cv_se = xrealloc(rr->cv_se, rr->capcurve * sizeof *rr->cv_se);
            rr->cv_sp = xrealloc(rr->cv_sp, rr->capcurve * sizeof *rr->cv_sp);
        }
        strlist_add(&rr->cv_pred, label);
        rr->cv_t[rr->ncurve] = r->thr[q];
        rr->cv_se[rr->ncurve] = r->se[q];
        rr->cv_sp[rr->ncurve++] = r->sp[q];
    }
}

/* The error for predictor c of t with infinite values among the patients
 * with an outcome (y >= 0): how many, the first few patients, and that
 * pROC refuses them too. */
static void report_infinite(Session *s, const Table *t, const Column *c, const int *y) {
    StrList who = {0};
    size_t k = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        if (y[i] < 0 || !isinf(c->num[i])) continue;
        if (k++ < 5) {
            if (t->id >= 0 && t->cols[t->id].str[i]) strlist_addf(&who, "%s (%s)", t->cols[t->id].str[i], c->num[i] > 0 ? "Inf" : "-Inf");
            else strlist_addf(&who, "row %zu (%s)", i + 1, c->num[i] > 0 ? "Inf" : "-Inf");
        }
    }
    Buf b = {0};
    join_list(&b, (const char *const *)who.v, who.n, 5);
    if (k > who.n) buf_printf(&b, ", …");
    rgx_error(s, "roc: the predictor %s is infinite for %zu patient%s: %s; pROC refuses infinite predictor values too "
                 "(\"Infinite values(s) in predictor, cannot build a valid ROC curve\"): leave them out (filter %s "
                 "where abs(%s) < 1e308) or recode them", c->name, k, k == 1 ? "" : "s", b.s ? b.s : "", t->name, c->name);
    buf_free(&b);
    strlist_free(&who);
}

/* Fit numeric column c of t against y with roc's options: the curve in *r
 * (caller roc_frees) and the interval in *lo, *hi.  Returns 0, or −1
 * after reporting (nothing left in *r). */
static int roc_one(Session *s, const Table *t, const Column *c, const int *y, const RocOpts *o, RocFit *r, double *lo,
                   double *hi) {
    size_t n = t->nrow;
    size_t have = 0, known = 0;   /* patients with a value, and with an outcome */
    for (size_t i = 0; i < n; i++)
        if (y[i] >= 0) { known++; have += !isnan(c->num[i]); }
    if (!have) {
        rgx_error(s, "roc: the predictor %s has no values among the %zu patient%s with an outcome%s", c->name, known,
                  plural_s(known),
                  known ? "" : " (the outcome is missing everywhere)");
        return -1;
    }
    int fr = roc_fit(c->num, y, n, o->dir, r);
    if (fr == -2) {
        rgx_error(s, "roc: the outcome has no %s among the %zu patient%s with %s", r->n_pos ? "negatives" : "positives",
                  have, plural_s(have), c->name);
        return -1;
    }
    if (fr == -3) { report_infinite(s, t, c, y); return -1; }
    if (fr < 0) { rgx_error(s, "roc: out of memory"); return -1; }
    *lo = *hi = NAN;
    if (o->ci == 0) roc_ci_delong(r, o->level, lo, hi);
    else if (o->ci == 1) {
        int br = roc_ci_boot(c->num, y, n, r->direction, (size_t)o->boot, (unsigned long)o->seed, o->level, s->threads,
                             s->cancel, lo, hi);
        if (br == -2) { roc_free(r); rgx_error(s, "roc: interrupted; no result was stored"); return -1; }
    }
    return 0;
}

/* Fit every numeric column of cols (nc of them; not the outcome oj) of t
 * against y into rr, with a progress bar.  Returns 0, or −1 after
 * reporting (also when none is numeric). */
static int roc_columns(Session *s, const Table *t, long oj, const size_t *cols, long nc, const int *y,
                       const RocOpts *o, RocRows *rr) {
    Buf lab = {0};
    Progress bar;
    int rc = 0;
    progress_start(&bar, s, "roc");
    for (long k = 0; k < nc && rc == 0; k++) {
        const Column *c = &t->cols[cols[k]];
        if ((long)cols[k] == oj || c->type != COL_NUM) continue;
        RocFit r;
        double lo, hi;
        if (roc_one(s, t, c, y, o, &r, &lo, &hi) < 0) { rc = -1; break; }
        rows_add(rr, table_col_label(t, cols[k], &lab), &r, lo, hi, o);
        roc_free(&r);
        progress_update(&bar, (double)(k + 1) / (double)nc);
    }
    progress_end(&bar);
    buf_free(&lab);
    if (rc == 0 && !rr->n) { rgx_error(s, "roc: no numeric predictor selected"); rc = -1; }
    return rc;
}

/* A text column of n copies of v (taken by the table as metadata). */
static void add_meta_column(Table *t, const char *name, const char *v, size_t n) {
    char **col = xcalloc(n ? n : 1, sizeof *col);
    for (size_t i = 0; i < n; i++) col[i] = xstrdup(v);
    long j = table_add_str(t, name, NULL, col);
    t->cols[j].meta = 1;
}

/* The main table of a roc result from rr (its columns taken), of source t. */
static Table *roc_table(RocRows *rr, const char *name, const Table *t, const char *outcome, const char *posname,
                        const RocOpts *o) {
    size_t np = rr->n;
    Table *res = table_new(name, t->name, np);
    table_add_str(res, "predictor", NULL, rr->pred);
    table_add_num(res, "n_pos", NULL, rr->npos);
    table_add_num(res, "n_neg", NULL, rr->nneg);
    table_add_num(res, "auc", NULL, rr->auc);
    table_add_num(res, "ci_low", NULL, rr->lo);
    table_add_num(res, "ci_high", NULL, rr->hi);
    table_add_str(res, "direction", NULL, rr->dir);
    if (o->partial) table_add_num(res, "pauc", NULL, rr->pauc);
    else free(rr->pauc);
    add_meta_column(res, "outcome", outcome, np);
    add_meta_column(res, "positive", posname, np);
    rr->pred = rr->dir = NULL;
    rr->npos = rr->nneg = rr->auc = rr->lo = rr->hi = rr->pauc = NULL;
    return res;
}

/* The part NAME.curve from rr's curve (taken). */
static Table *roc_curve_table(RocRows *rr, const char *name, const Table *t) {
    Buf cn = {0};
    buf_printf(&cn, "%s.curve", name);
    Table *cu = table_new(cn.s, t->name, rr->ncurve);
    buf_free(&cn);
    table_add_str(cu, "predictor", NULL, rr->cv_pred.v);
    rr->cv_pred = (StrList){0};
    table_add_num(cu, "threshold", NULL, rr->cv_t ? rr->cv_t : xmalloc(sizeof(double)));
    table_add_num(cu, "sensitivity", NULL, rr->cv_se ? rr->cv_se : xmalloc(sizeof(double)));
    table_add_num(cu, "specificity", NULL, rr->cv_sp ? rr->cv_sp : xmalloc(sizeof(double)));
    rr->cv_t = rr->cv_se = rr->cv_sp = NULL;
    return cu;
}

/* What roc prints before its table: the method, the direction, the
 * positive value's reason (why), the partial range, McClish's NAs. */
static void roc_print(Session *s, const char *name, const char *outcome, const char *posname, const Table *t,
                      const RocOpts *o, const Buf *why, const StrList *below) {
    static const char *const cin[] = {"delong", "bootstrap", "none"};
    out_printf(&s->out, "roc %s: %s (positive = %s) in %s, ci=%s %g%%", name, outcome, posname, t->name, cin[o->ci],
               o->level * 100);
    if (o->ci == 1) out_printf(&s->out, " (%ld stratified resamples, seed %ld)", o->boot, o->seed);
    out_puts(&s->out, "\n");
    out_printf(&s->out, "  direction %s: %s\n", o->dir == 0 ? "auto (from the group medians, as pROC)" : "as given",
               "'<' = higher values in the positives, '>' = lower");
    if (why->len) out_printf(&s->out, "  %s\n", why->s);
    if (o->partial)
        out_printf(&s->out, "  pauc: partial AUC over specificity %g..%g%s\n", o->pfrom, o->pto,
                   o->mcclish ? " (McClish-standardised)" : "");
    if (below->n) {
        Buf b = {0};
        join_list(&b, (const char *const *)below->v, below->n, 8);
        rgx_warn(s, "roc: the McClish-corrected partial AUC is NA for %s: the curve is below the diagonal over specificity "
                    "%g..%g, where the correction is not defined (as pROC's partial.auc.correct)", b.s, o->pfrom, o->pto);
        buf_free(&b);
    }
}

int cmd_roc(Session *s, Args *a) {
    RocOpts o;
    if (roc_options(s, a, &o)) return 1;
    if (a->npos != 2) return args_usage(s, a);
    if (o.as && !valid_table_name(s, "roc", o.as)) return 1;
    Table *t = command_table(s, "roc", o.in, a->pos[0]);
    if (!t) return 1;
    Buf err = {0}, why = {0};
    long oj = table_find_err(t, a->pos[0], &err);
    if (oj < 0) { rgx_error(s, "roc: %s", err.s); buf_free(&err); return 1; }
    int *y = xmalloc((t->nrow ? t->nrow : 1) * sizeof *y);
    char *posname = NULL;
    size_t *cols = NULL;
    RocRows rr = {0};
    int rc = 1;
    if (outcome_codes(s, t, oj, args_opt(a, "positive"), y, &posname, &why) < 0) goto done;
    long nc = command_columns(s, "roc", t, a->pos[1], &cols);
    if (nc < 0) goto done;
    rows_init(&rr, (size_t)nc);
    if (roc_columns(s, t, oj, cols, nc, y, &o, &rr) < 0) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "roc");
    Table *res = roc_table(&rr, name, t, a->pos[0], posname, &o), *cu = roc_curve_table(&rr, name, t);
    roc_print(s, name, a->pos[0], posname, t, &o, &why, &rr.below);
    print_head(s, res, 20);
    Result *unit = command_result(a, "roc", res);
    result_param(unit, "outcome", a->pos[0]);
    result_param(unit, "predictors", a->pos[1]);
    result_param(unit, "table", t->name);
    for (size_t i = 0; i < t->nrow; i++)   /* the other level, for plot roc's title ("Poor vs Good") */
        if (y[i] == 0) {
            const Column *oc = &t->cols[oj];
            if (oc->type == COL_NUM) result_paramf(unit, "negative", "%.15g", oc->num[i]);
            else result_param(unit, "negative", oc->str[i]);
            break;
        }
    result_add(unit, cu);
    store_unit(s, unit);
    free(name);
    rc = 0;
done:
    rows_free(&rr);
    buf_free(&err);
    buf_free(&why);
    free(y);
    free(posname);
    free(cols);
    return rc;
}

/* Refit predictor p of roc result o from its source table, for command
 * cmd (roc compare, coords).  Returns 0, or −1 after reporting. */
static int refit(Session *s, const char *cmd, const Table *o, const char *pred, RocFit *r, int **yout,
                 const double **xout, size_t *nout) {
    Table *src = session_find(s, o->source);
    if (!src) {
        rgx_error(s, "%s: cannot refit %s: %s's source table %s is gone (dropped?); run roc again", cmd, pred, o->name,
                  o->source);
        return -1;
    }
    long jp = table_find(o, "predictor"), jo = table_find(o, "outcome"), jd = table_find(o, "direction");
    long jpos = table_find(o, "positive");
    long row = -1;
    for (size_t i = 0; i < o->nrow && row < 0; i++)
        if (!strcmp(o->cols[jp].str[i], pred)) row = (long)i;
    if (row < 0) { rgx_error(s, "%s: %s has no predictor %s", cmd, o->name, pred); return -1; }
    Buf err = {0};
    long xj = table_find_err(src, pred, &err), yj = xj >= 0 ? table_find_err(src, o->cols[jo].str[row], &err) : -1;
    if (yj < 0) { rgx_error(s, "%s: %s", cmd, err.s); buf_free(&err); return -1; }
    int *y = xmalloc((src->nrow ? src->nrow : 1) * sizeof *y);
    char *pos = NULL;
    if (outcome_codes(s, src, yj, jpos >= 0 ? o->cols[jpos].str[row] : NULL, y, &pos, NULL) < 0) { free(y); return -1; }
    free(pos);
    int dir = !strcmp(o->cols[jd].str[row], "<") ? 1 : -1;
    if (roc_fit(src->cols[xj].num, y, src->nrow, dir, r) < 0) { free(y); rgx_error(s, "%s: cannot refit %s", cmd, pred); return -1; }
    *yout = y;
    *xout = src->cols[xj].num;
    *nout = src->nrow;
    return 0;
}

/* The name of a part of roc result o made by cmd (NAME.part), or as=
 * (caller frees). */
static char *part_name(const char *as, const Table *o, const char *part) {
    Buf nb = {0};
    if (as) buf_puts(&nb, as);
    else buf_printf(&nb, "%s.%s", o->name, part);
    return nb.s;
}

/* Store t, made by command a (kind) from roc result o: its own result with
 * as=, else a part of o. */
static void store_own_or_part(Session *s, Args *a, const char *kind, const char *as, const Table *o, Table *t,
                              const char *p1, const char *p2) {
    if (as) {   /* its own result */
        Result *res = command_result(a, kind, t);
        result_param(res, "roc", o->name);
        if (p1) result_param(res, "p1", p1);
        if (p2) result_param(res, "p2", p2);
        store_unit(s, res);
    } else {    /* a part of the roc result */
        store_part(s, o->name, t);
    }
}

/* Two predictors of a roc result refitted from its source, for roc compare. */
typedef struct RocPair {
    RocFit r1, r2;              /* their curves */
    int *y1, *y2;               /* their outcome codes (owned) */
    const double *x1, *x2;      /* their values (borrowed from the source) */
    size_t n1, n2;              /* rows */
    RocPairing pg;              /* which rows they share */
} RocPair;

static void pair_free(RocPair *q) {
    roc_free(&q->r1);
    roc_free(&q->r2);
    free(q->y1);
    free(q->y2);
}

/* Refit p1 and p2 of roc result o into *q and pair them: when their
 * missing values differ, both curves are refitted on the patients with
 * both values, each with its direction (pROC's roc.test does this).
 * Returns 0, or −1 after reporting (nothing left in *q). */
static int pair_refit(Session *s, const Table *o, const char *p1, const char *p2, RocPair *q) {
    *q = (RocPair){0};
    if (refit(s, "roc compare", o, p1, &q->r1, &q->y1, &q->x1, &q->n1) < 0) return -1;
    if (refit(s, "roc compare", o, p2, &q->r2, &q->y2, &q->x2, &q->n2) < 0) { roc_free(&q->r1); free(q->y1); return -1; }
    roc_pairing(q->x1, q->x2, q->y1, q->n1, &q->pg);
    if (!q->pg.only1 && !q->pg.only2) return 0;
    int d1 = q->r1.direction, d2 = q->r2.direction;
    roc_free(&q->r1);
    roc_free(&q->r2);
    int f = roc_fit_shared(q->x1, q->x2, q->y1, q->n1, d1, d2, &q->r1, &q->r2);
    if (f == 0) return 0;
    if (f == -2)
        rgx_error(s, "roc compare: the %zu patient%s with both %s and %s %s no %s; the curves cannot be paired",
                  q->pg.both, plural_s(q->pg.both), p1, p2, q->pg.both == 1 ? "has" : "have", q->r1.n_pos ? "negatives" : "positives");
    else if (f == -3) rgx_error(s, "roc compare: %s or %s has infinite values; pROC refuses them too", p1, p2);
    else rgx_error(s, "roc compare: out of memory");
    free(q->y1);
    free(q->y2);
    return -1;
}

/* A column of one value (for table_add_num to take). */
static double *one_value(double v) {
    double *c = xmalloc(sizeof *c);
    *c = v;
    return c;
}

/* The one-row table of a comparison: the two predictors, their AUCs, the
 * method, the statistic and its p. */
static Table *compare_table(const char *name, const Table *o, const char *p1, const char *p2, const RocPair *q,
                            int method, double stat, double p) {
    Table *t = table_new(name, o->name, 1);
    char **c1 = xcalloc(1, sizeof *c1), **c2 = xcalloc(1, sizeof *c2), **cm = xcalloc(1, sizeof *cm);
    c1[0] = xstrdup(p1);
    c2[0] = xstrdup(p2);
    cm[0] = xstrdup(method == 1 ? "bootstrap" : "delong");
    table_add_str(t, "p1", NULL, c1);
    table_add_str(t, "p2", NULL, c2);
    table_add_num(t, "auc1", NULL, one_value(q->r1.auc));
    table_add_num(t, "auc2", NULL, one_value(q->r2.auc));
    table_add_str(t, "method", NULL, cm);
    table_add_num(t, "paired", NULL, one_value(1));
    table_add_num(t, "n", NULL, one_value((double)(q->r1.n_pos + q->r1.n_neg)));
    table_add_num(t, "stat", NULL, one_value(stat));
    table_add_num(t, "p", NULL, one_value(p));
    return t;
}

/* What roc compare prints: the test and its result, how the curves were
 * paired, and when the test is not defined. */
static void compare_print(Session *s, const char *p1, const char *p2, const RocPair *q, int method, long B, long seed,
                          double stat, double p) {
    char pb[32], a1[32], a2[32], sb[32];
    fmt_num(a1, sizeof a1, q->r1.auc, 4);
    fmt_num(a2, sizeof a2, q->r2.auc, 4);
    fmt_num(sb, sizeof sb, stat, 4);
    if (method == 1)
        out_printf(&s->out, "paired bootstrap test (%ld stratified resamples, seed %ld) of %s (AUC %s) against %s "
                            "(AUC %s): D = %s, p = %s\n", B, seed, p1, a1, p2, a2, sb, fmt_p(pb, sizeof pb, p));
    else
        out_printf(&s->out, "paired DeLong test of %s (AUC %s) against %s (AUC %s): z = %s, p = %s\n", p1, a1, p2, a2,
                   sb, fmt_p(pb, sizeof pb, p));
    if (q->pg.only1 || q->pg.only2)
        out_printf(&s->out, "  paired on the %zu patient%s with both values, as pROC's roc.test (%zu with only %s and %zu "
                            "with only %s left out); both AUCs are on those patients\n", q->pg.both,
                   plural_s(q->pg.both), q->pg.only1, p1, q->pg.only2, p2);
    if (isnan(stat) && method == 0)
        out_printf(&s->out, "  the two curves have the same placements (identical rankings): the test is not defined\n");
}

int cmd_roc_compare(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    int method = args_get_choice(a, "method", 0, NULL);
    long B = args_get_int(a, "boot", 2000, 10, 10000000L);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (a->npos != 3) return args_usage(s, a);
    if (as && !valid_table_name(s, "roc compare", as)) return 1;
    if (!command_result_of(s, "roc compare", a->pos[0], "roc")) return 1;
    Table *o = session_find(s, a->pos[0]);
    const char *p1 = a->pos[1], *p2 = a->pos[2];
    RocPair q;
    if (pair_refit(s, o, p1, p2, &q) < 0) return 1;
    double p, stat = roc_test_paired(&q.r1, &q.r2, &p);
    if (method == 1) {
        stat = roc_test_boot(q.x1, q.x2, q.y1, q.n1, q.r1.direction, q.r2.direction, (size_t)B, (unsigned long)seed,
                             s->cancel, &p);
        if (isnan(stat)) {
            rgx_error(s, "roc compare: %s", session_cancelled(s) ? "interrupted" : "the bootstrap could not be computed");
            pair_free(&q);
            return 1;
        }
    }
    char *name = part_name(as, o, "compare");
    Table *t = compare_table(name, o, p1, p2, &q, method, stat, p);
    compare_print(s, p1, p2, &q, method, B, seed, stat, p);
    store_own_or_part(s, a, "roc compare", as, o, t, p1, p2);
    free(name);
    pair_free(&q);
    return 0;
}

/* The coords rows as they are found: predictor and the ROC_NCOORDS measures. */
typedef struct CoordRows {
    StrList pred;               /* predictor of each row */
    double *col[ROC_NCOORDS];   /* the measures, a column each */
    size_t n, cap;              /* rows, and room */
} CoordRows;

static void coord_free(CoordRows *cr) {
    strlist_free(&cr->pred);
    for (int q = 0; q < ROC_NCOORDS; q++) free(cr->col[q]);
    *cr = (CoordRows){0};
}

static void coord_add(CoordRows *cr, const char *pred, const double vals[ROC_NCOORDS]) {
    if (cr->n == cr->cap) {
        cr->cap = cr->cap ? 2 * cr->cap : 16;
        for (int q = 0; q < ROC_NCOORDS; q++) cr->col[q] = xrealloc(cr->col[q], cr->cap * sizeof **cr->col);
    }
    for (int q = 0; q < ROC_NCOORDS; q++) cr->col[q][cr->n] = vals[q];
    strlist_add(&cr->pred, pred);
    cr->n++;
}

/* The row of predictor p of roc result o at threshold tx, counted from
 * the data (refitted from the source).  Returns 0, or −1 after reporting
 * a predictor that cannot be refitted (the command then fails). */
static int coords_at(Session *s, const Table *o, const char *p, double tx, CoordRows *cr) {
    RocFit rf;
    int *yy;
    const double *xx;
    size_t nn;
    if (refit(s, "coords", o, p, &rf, &yy, &xx, &nn) < 0) return -1;
    double vals[ROC_NCOORDS];
    roc_coords_at(xx, yy, nn, rf.direction, tx, vals);
    roc_free(&rf);
    free(yy);
    coord_add(cr, p, vals);
    return 0;
}

/* The rows of predictor p (n_pos cases, n_neg controls) at its best
 * points (method: ROC_BEST_*) of the curve table cu. */
static void coords_best(const Table *cu, const char *p, double n_pos, double n_neg, int method, CoordRows *cr) {
    size_t m = 0, *rows = xmalloc((cu->nrow ? cu->nrow : 1) * sizeof *rows);
    for (size_t i = 0; i < cu->nrow; i++)
        if (!strcmp(cu->cols[0].str[i], p)) rows[m++] = i;
    double *thr = xmalloc((m ? m : 1) * sizeof *thr), *se = xmalloc((m ? m : 1) * sizeof *se);
    double *sp = xmalloc((m ? m : 1) * sizeof *sp);
    for (size_t k = 0; k < m; k++) {
        thr[k] = cu->cols[1].num[rows[k]];
        se[k] = cu->cols[2].num[rows[k]];
        sp[k] = cu->cols[3].num[rows[k]];
    }
    size_t *which = xmalloc((m ? m : 1) * sizeof *which), nb = roc_best(se, sp, m, method, which);
    for (size_t k = 0; k < nb; k++) {
        double vals[ROC_NCOORDS];
        size_t i = which[k];
        roc_coords_point(thr[i], se[i], sp[i], n_pos, n_neg, vals);
        coord_add(cr, p, vals);
    }
    free(rows); free(thr); free(se); free(sp); free(which);
}

/* The coords table from cr (its columns taken). */
static Table *coords_table(CoordRows *cr, const char *name, const Table *o) {
    static const char *const cnames[ROC_NCOORDS] = {"threshold", "sensitivity", "specificity", "ppv", "npv",
                                                    "tp", "fp", "tn", "fn", "youden"};
    Table *t = table_new(name, o->name, cr->n);
    table_add_str(t, "predictor", NULL, cr->pred.v ? cr->pred.v : xcalloc(1, sizeof(char *)));
    for (int q = 0; q < ROC_NCOORDS; q++)
        table_add_num(t, cnames[q], NULL, cr->col[q] ? cr->col[q] : xmalloc(sizeof(double)));
    *cr = (CoordRows){0};
    return t;
}

/* coords' threshold=X: *tx, or NaN without it.  Returns 0, or −1 after
 * reporting. */
static int threshold_option(Session *s, const char *thr, double *tx) {
    *tx = NAN;
    if (!thr) return 0;
    char *end;
    *tx = strtod(thr, &end);
    if (end == thr || *end) { rgx_error(s, "coords: threshold=%s is not a number", thr); return -1; }
    if (isnan(*tx)) { rgx_error(s, "coords: threshold=%s: a threshold must be a number (Inf and -Inf are allowed)", thr); return -1; }
    return 0;
}

int cmd_coords(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    int best = args_get_choice(a, "best", ROC_BEST_YOUDEN, NULL);
    const char *thr = args_opt(a, "threshold");
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    if (as && !valid_table_name(s, "coords", as)) return 1;
    Result *res = command_result_of(s, "coords", a->pos[0], "roc");
    if (!res) return 1;
    Table *o = session_find(s, res->name), *cu = result_part(s, res, "curve");
    long jp = table_find(o, "predictor"), j1 = table_find(o, "n_pos"), j0 = table_find(o, "n_neg");
    if (!cu || jp < 0 || j1 < 0 || j0 < 0) {
        rgx_error(s, "coords: %s has no part curve (or its columns predictor, n_pos, n_neg are gone); run roc again",
                  o->name);
        return 1;
    }
    double tx;
    if (threshold_option(s, thr, &tx) < 0) return 1;
    CoordRows cr = {0};
    for (size_t r = 0; r < o->nrow; r++) {
        const char *p = o->cols[jp].str[r];
        if (!thr) coords_best(cu, p, o->cols[j1].num[r], o->cols[j0].num[r], best, &cr);
        else if (coords_at(s, o, p, tx, &cr) < 0) {   /* at X exactly, from the data: nothing stored without it */
            coord_free(&cr);
            return 1;
        }
    }
    char *name = part_name(as, o, "coords");
    Table *t = coords_table(&cr, name, o);
    out_printf(&s->out, "coords %s: %s\n", name,
               thr ? "sensitivity and specificity at the given threshold (positive: x >= threshold for direction '<', "
                     "x <= threshold for '>', as pROC's coords)" :
               best == ROC_BEST_YOUDEN ? "the threshold(s) maximising sensitivity + specificity (Youden)" :
                                         "the threshold(s) closest to the top-left corner");
    out_puts(&s->out, "  youden = sensitivity + specificity - 1 (Youden's J; pROC's coords reports J + 1)\n");
    print_head(s, t, 20);
    store_own_or_part(s, a, "coords", as, o, t, NULL, NULL);
    free(name);
    return 0;
}
