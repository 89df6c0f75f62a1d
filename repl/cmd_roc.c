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

/* The outcome as 1 (positive), 0, −1 (missing).  A numeric column needs
 * two values: the larger is positive (1 of 0/1; 2 of 1/2), which is
 * pROC's default (levels sorted, the second the cases).  Two text levels
 * need positive= unless one is a known positive word (TRUE, yes, 1,
 * mutant, …).  positive= always decides.  When the choice was not given
 * nor 0/1, *why says what was taken and why (why may be NULL).  Returns
 * 0, or −1 after reporting. */
static int outcome_codes(Session *s, const Table *t, long j, const char *positive, int *y, char **pos_name, Buf *why) {
    const Column *c = &t->cols[j];
    size_t n = t->nrow;
    if (c->type == COL_NUM) {
        double v0 = NAN, v1 = NAN;   /* the two values, v0 < v1 */
        for (size_t i = 0; i < n; i++) {
            double v = c->num[i];
            if (isnan(v) || v == v0 || v == v1) continue;
            if (isnan(v0)) v0 = v;
            else if (isnan(v1)) v1 = v;
            else {
                rgx_error(s, "roc: the outcome %s has more than two values (%g, %g, %g…); name a two-level column", c->name,
                          v0, v1, v);
                return -1;
            }
        }
        if (isnan(v1)) {
            if (isnan(v0)) rgx_error(s, "roc: the outcome %s has no values (every value is missing)", c->name);
            else rgx_error(s, "roc: the outcome %s has one value only (%g); it needs two", c->name, v0);
            return -1;
        }
        if (v1 < v0) { double tmp = v0; v0 = v1; v1 = tmp; }
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
        char tmp[64];
        snprintf(tmp, sizeof tmp, "%.15g", pv);
        if (strtod(tmp, NULL) != pv) snprintf(tmp, sizeof tmp, "%.17g", pv);
        *pos_name = xstrdup(tmp);
        return 0;
    }
    StrList lev = {0};
    StrMap m = {0};
    for (size_t i = 0; i < n; i++)
        if (c->str[i] && strmap_put(&m, c->str[i], lev.n, NULL) == 1) strlist_add(&lev, c->str[i]);
    strmap_free(&m);
    int rc = -1;
    if (lev.n != 2) {
        Buf b = {0};
        join_list(&b, (const char *const *)lev.v, lev.n, 8);
        if (lev.n) rgx_error(s, "roc: the outcome %s has %zu level%s (%s); it needs two", c->name, lev.n,
                             lev.n == 1 ? "" : "s", b.s ? b.s : "");
        else rgx_error(s, "roc: the outcome %s has no values (every value is missing)", c->name);
        buf_free(&b);
        goto out;
    }
    const char *pos = positive;
    if (!pos) {
        static const char *const yes[] = {"TRUE", "yes", "1", "mutant", "mutated", "positive", "case", "dead"};
        for (size_t k = 0; k < sizeof yes / sizeof *yes && !pos; k++)
            for (size_t l = 0; l < 2; l++)
                if (!strcasecmp(lev.v[l], yes[k])) pos = lev.v[l];
        if (!pos) {
            rgx_error(s, "roc: which level of %s is positive? give positive=%s or positive=%s", c->name, lev.v[0], lev.v[1]);
            goto out;
        }
        if (why) {
            /* pROC's default: the levels sorted, the second the cases */
            int cmp = strcasecmp(lev.v[0], lev.v[1]);
            const char *second = (cmp ? cmp > 0 : strcmp(lev.v[0], lev.v[1]) > 0) ? lev.v[0] : lev.v[1];
            const char *other = pos == lev.v[0] ? lev.v[1] : lev.v[0];
            buf_printf(why, "positive = %s: a level name read as positive; positive=%s takes the other", pos, other);
            if (strcmp(second, pos))
                buf_printf(why, ". pROC's default levels (sorted, the second the cases) would take %s as the cases: "
                                "with direction=auto the AUC is the same and the direction reversed", second);
        }
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

static int direction_option(Args *a) {
    const char *d = args_opt(a, "direction");
    if (!d || !strcasecmp(d, "auto")) return 0;
    if (!strcmp(d, "<")) return 1;
    if (!strcmp(d, ">")) return -1;
    if (!a->err.len) buf_printf(&a->err, "direction=%s: expected auto, < or >", d);
    return 0;
}

int cmd_roc(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    int dir = direction_option(a);
    int ci = args_get_choice(a, "ci", 0, NULL);
    long B = args_get_int(a, "boot", 2000, 10, 10000000L);
    double level = args_get_double(a, "level", 0.95, 0.5, 0.999);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    double pfrom = 0, pto = 0;
    const char *partial = args_opt(a, "partial");
    int mcclish = args_get_bool(a, "mcclish", 0);
    if (args_failed(s, a)) return 1;
    if (partial) {
        char *end;
        pfrom = strtod(partial, &end);
        if (strncmp(end, "..", 2) || (pto = strtod(end + 2, &end), *end) || pfrom < 0 || pto > 1 || pfrom >= pto) {
            rgx_error(s, "roc: partial=%s: expected a specificity range such as 0.8..1", partial);
            return 1;
        }
    }
    if (a->npos != 2) return args_usage(s, a);
    if (as && !valid_table_name(s, "roc", as)) return 1;
    Table *t = command_table(s, "roc", in, a->pos[0]);
    if (!t) return 1;
    Buf err = {0};
    long oj = table_find_err(t, a->pos[0], &err);
    if (oj < 0) { rgx_error(s, "roc: %s", err.s); buf_free(&err); return 1; }
    size_t n = t->nrow;
    int *y = xmalloc((n ? n : 1) * sizeof *y);
    char *posname = NULL;
    size_t *cols = NULL;
    int rc = 1;
    Buf why = {0};
    if (outcome_codes(s, t, oj, args_opt(a, "positive"), y, &posname, &why) < 0) goto done;
    long nc = command_columns(s, "roc", t, a->pos[1], &cols);
    if (nc < 0) goto done;
    size_t np = 0;
    char **pn = xcalloc((size_t)nc + 1, sizeof *pn), **dn = xcalloc((size_t)nc + 1, sizeof *dn), **on = xcalloc((size_t)nc + 1, sizeof *on);
    double *c_pos = xmalloc(((size_t)nc + 1) * sizeof(double)), *c_neg = xmalloc(((size_t)nc + 1) * sizeof(double));
    double *c_auc = xmalloc(((size_t)nc + 1) * sizeof(double)), *c_lo = xmalloc(((size_t)nc + 1) * sizeof(double));
    double *c_hi = xmalloc(((size_t)nc + 1) * sizeof(double)), *c_pa = xmalloc(((size_t)nc + 1) * sizeof(double));
    StrList cv_pred = {0}, below = {0};   /* below: McClish undefined (under the diagonal) */
    size_t ncurve = 0, capcurve = 0;
    double *cv_t = NULL, *cv_se = NULL, *cv_sp = NULL;
    Buf lab = {0};
    Progress bar;
    progress_start(&bar, s, "roc");
    for (long k = 0; k < nc; k++) {
        const Column *c = &t->cols[cols[k]];
        if ((long)cols[k] == oj || c->type != COL_NUM) continue;
        RocFit r;
        size_t have = 0, known = 0;   /* patients with a value, and with an outcome */
        for (size_t i = 0; i < n; i++)
            if (y[i] >= 0) { known++; have += !isnan(c->num[i]); }
        if (!have) {
            rgx_error(s, "roc: the predictor %s has no values among the %zu patients with an outcome%s", c->name, known,
                      known ? "" : " (the outcome is missing everywhere)");
            goto done_loop;
        }
        int fr = roc_fit(c->num, y, n, dir, &r);
        if (fr == -2) { rgx_error(s, "roc: the outcome has no %s among the %zu patients with %s", r.n_pos ? "negatives" : "positives", have, c->name); goto done_loop; }
        if (fr < 0) { rgx_error(s, "roc: out of memory"); goto done_loop; }
        double lo = NAN, hi = NAN;
        if (ci == 0) roc_ci_delong(&r, level, &lo, &hi);
        else if (ci == 1) {
            int br = roc_ci_boot(c->num, y, n, r.direction, (size_t)B, (unsigned long)seed, level, s->threads, s->cancel, &lo, &hi);
            if (br == -2) { roc_free(&r); rgx_error(s, "roc: interrupted; no result was stored"); goto done_loop; }
        }
        pn[np] = xstrdup(table_col_label(t, cols[k], &lab));
        dn[np] = xstrdup(r.direction > 0 ? "<" : ">");
        on[np] = xstrdup(a->pos[0]);
        c_pos[np] = (double)r.n_pos;
        c_neg[np] = (double)r.n_neg;
        c_auc[np] = r.auc;
        c_lo[np] = lo;
        c_hi[np] = hi;
        c_pa[np] = partial ? roc_partial_auc(&r, pfrom, pto, mcclish) : NAN;
        if (partial && mcclish && isnan(c_pa[np])) strlist_add(&below, pn[np]);
        for (size_t q = 0; q < r.nthr; q++) {
            if (ncurve == capcurve) {
                capcurve = capcurve ? 2 * capcurve : 256;
                cv_t = xrealloc(cv_t, capcurve * sizeof *cv_t);
                cv_se = xrealloc(cv_se, capcurve * sizeof *cv_se);
                cv_sp = xrealloc(cv_sp, capcurve * sizeof *cv_sp);
            }
            strlist_add(&cv_pred, pn[np]);
            cv_t[ncurve] = r.thr[q];
            cv_se[ncurve] = r.se[q];
            cv_sp[ncurve++] = r.sp[q];
        }
        np++;
        roc_free(&r);
        progress_update(&bar, (double)(k + 1) / (double)nc);
    }
    progress_end(&bar);
    if (!np) { rgx_error(s, "roc: no numeric predictor selected"); goto done_loop; }
    char *name = as ? xstrdup(as) : session_new_name(s, "roc");
    Table *o = table_new(name, t->name, np);
    table_add_str(o, "predictor", NULL, pn);
    table_add_num(o, "n_pos", NULL, c_pos);
    table_add_num(o, "n_neg", NULL, c_neg);
    table_add_num(o, "auc", NULL, c_auc);
    table_add_num(o, "ci_low", NULL, c_lo);
    table_add_num(o, "ci_high", NULL, c_hi);
    table_add_str(o, "direction", NULL, dn);
    if (partial) table_add_num(o, "pauc", NULL, c_pa);
    else free(c_pa);
    long jo = table_add_str(o, "outcome", NULL, on);
    o->cols[jo].meta = 1;
    char **posv = xcalloc(np, sizeof *posv);
    for (size_t i = 0; i < np; i++) posv[i] = xstrdup(posname);
    long jpos = table_add_str(o, "positive", NULL, posv);
    o->cols[jpos].meta = 1;
    pn = dn = on = NULL;
    c_pos = c_neg = c_auc = c_lo = c_hi = c_pa = NULL;
    Buf cn = {0};
    buf_printf(&cn, "%s.curve", name);
    Table *cu = table_new(cn.s, t->name, ncurve);
    table_add_str(cu, "predictor", NULL, cv_pred.v);
    cv_pred = (StrList){0};
    table_add_num(cu, "threshold", NULL, cv_t ? cv_t : xmalloc(sizeof(double)));
    table_add_num(cu, "sensitivity", NULL, cv_se ? cv_se : xmalloc(sizeof(double)));
    table_add_num(cu, "specificity", NULL, cv_sp ? cv_sp : xmalloc(sizeof(double)));
    cv_t = cv_se = cv_sp = NULL;
    static const char *const cin[] = {"delong", "bootstrap", "none"};
    out_printf(&s->out, "roc %s: %s (positive = %s) in %s, ci=%s %g%%", name, a->pos[0], posname, t->name, cin[ci],
               level * 100);
    if (ci == 1) out_printf(&s->out, " (%ld stratified resamples, seed %ld)", B, seed);
    out_puts(&s->out, "\n");
    out_printf(&s->out, "  direction %s: %s\n", dir == 0 ? "auto (from the group medians, as pROC)" : "as given",
               "'<' = higher values in the positives, '>' = lower");
    if (why.len) out_printf(&s->out, "  %s\n", why.s);
    if (partial) out_printf(&s->out, "  pauc: partial AUC over specificity %g..%g%s\n", pfrom, pto, mcclish ? " (McClish-standardised)" : "");
    if (below.n) {
        Buf b = {0};
        join_list(&b, (const char *const *)below.v, below.n, 8);
        rgx_warn(s, "roc: the McClish-corrected partial AUC is NA for %s: the curve is below the diagonal over specificity "
                    "%g..%g, where the correction is not defined (as pROC's partial.auc.correct)", b.s, pfrom, pto);
        buf_free(&b);
    }
    print_head(s, o, 20);
    Result *res = command_result(a, "roc", o);
    result_param(res, "outcome", a->pos[0]);
    result_param(res, "predictors", a->pos[1]);
    result_param(res, "table", t->name);
    result_add(res, cu);
    store_unit(s, res);
    buf_free(&cn);
    free(name);
    rc = 0;
done_loop:
    buf_free(&lab);
    if (pn) for (size_t i = 0; i < np; i++) { free(pn[i]); free(dn[i]); free(on[i]); }
    free(pn); free(dn); free(on);
    free(c_pos); free(c_neg); free(c_auc); free(c_lo); free(c_hi); free(c_pa);
    strlist_free(&cv_pred);
    strlist_free(&below);
    free(cv_t); free(cv_se); free(cv_sp);
done:
    buf_free(&err);
    buf_free(&why);
    free(y);
    free(posname);
    free(cols);
    return rc;
}

/* Refit predictor p of roc result o from its source table. */
static int refit(Session *s, const Table *o, const char *pred, RocFit *r, int **yout, const double **xout, size_t *nout) {
    Table *src = session_table(s, o->source);
    if (!src) return -1;
    long jp = table_find(o, "predictor"), jo = table_find(o, "outcome"), jd = table_find(o, "direction");
    long jpos = table_find(o, "positive");
    long row = -1;
    for (size_t i = 0; i < o->nrow && row < 0; i++)
        if (!strcmp(o->cols[jp].str[i], pred)) row = (long)i;
    if (row < 0) { rgx_error(s, "roc compare: %s has no predictor %s", o->name, pred); return -1; }
    Buf err = {0};
    long xj = table_find_err(src, pred, &err), yj = xj >= 0 ? table_find_err(src, o->cols[jo].str[row], &err) : -1;
    if (yj < 0) { rgx_error(s, "roc compare: %s", err.s); buf_free(&err); return -1; }
    int *y = xmalloc((src->nrow ? src->nrow : 1) * sizeof *y);
    char *pos = NULL;
    if (outcome_codes(s, src, yj, jpos >= 0 ? o->cols[jpos].str[row] : NULL, y, &pos, NULL) < 0) { free(y); return -1; }
    free(pos);
    int dir = !strcmp(o->cols[jd].str[row], "<") ? 1 : -1;
    if (roc_fit(src->cols[xj].num, y, src->nrow, dir, r) < 0) { free(y); rgx_error(s, "roc compare: cannot refit %s", pred); return -1; }
    *yout = y;
    *xout = src->cols[xj].num;
    *nout = src->nrow;
    return 0;
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
    RocFit r1, r2;
    int *y1 = NULL, *y2 = NULL;
    const double *x1, *x2;
    size_t n1, n2;
    if (refit(s, o, p1, &r1, &y1, &x1, &n1) < 0) return 1;
    if (refit(s, o, p2, &r2, &y2, &x2, &n2) < 0) { roc_free(&r1); free(y1); return 1; }
    /* Both predictors share the outcome, so the test is paired; when their
       missing values differ it runs on the patients with both values, each
       curve refitted there with its direction (pROC's roc.test does this). */
    size_t only1 = 0, only2 = 0, both = 0;
    for (size_t i = 0; i < n1; i++) {
        if (y1[i] < 0) continue;
        int h1 = !isnan(x1[i]), h2 = !isnan(x2[i]);
        only1 += h1 && !h2;
        only2 += h2 && !h1;
        both += h1 && h2;
    }
    if (only1 || only2) {
        int d1 = r1.direction, d2 = r2.direction;
        for (size_t i = 0; i < n1; i++)
            if (isnan(x1[i]) || isnan(x2[i])) y1[i] = -1;
        roc_free(&r1);
        roc_free(&r2);
        int f1 = roc_fit(x1, y1, n1, d1, &r1), f2 = f1 == 0 ? roc_fit(x2, y1, n1, d2, &r2) : -1;
        if (f1 < 0 || f2 < 0) {
            if (f1 == -2 || f2 == -2)
                rgx_error(s, "roc compare: the %zu patients with both %s and %s have no %s; the curves cannot be paired",
                          both, p1, p2, r1.n_pos ? "negatives" : "positives");
            else rgx_error(s, "roc compare: out of memory");
            if (f1 == 0) roc_free(&r1);
            free(y1); free(y2);
            return 1;
        }
    }
    double p, stat = roc_test_paired(&r1, &r2, &p);
    int paired = 1;
    if (method == 1) {
        stat = roc_test_boot(x1, x2, y1, n1, r1.direction, r2.direction, (size_t)B, (unsigned long)seed, s->cancel, &p);
        if (isnan(stat)) {
            rgx_error(s, "roc compare: %s", session_cancelled(s) ? "interrupted" : "the bootstrap could not be computed");
            roc_free(&r1); roc_free(&r2); free(y1); free(y2);
            return 1;
        }
    }
    Buf nb = {0};
    if (as) buf_puts(&nb, as);
    else buf_printf(&nb, "%s.compare", o->name);
    char *name = nb.s;
    Table *t = table_new(name, o->name, 1);
    char **c1 = xcalloc(1, sizeof *c1), **c2 = xcalloc(1, sizeof *c2), **cm = xcalloc(1, sizeof *cm);
    c1[0] = xstrdup(p1);
    c2[0] = xstrdup(p2);
    cm[0] = xstrdup(method == 1 ? "bootstrap" : "delong");
    double *cp = xmalloc(sizeof *cp), *cs = xmalloc(sizeof *cs), *cpv = xmalloc(sizeof *cpv), *ca1 = xmalloc(sizeof *ca1), *ca2 = xmalloc(sizeof *ca2);
    double *cnn = xmalloc(sizeof *cnn);
    *cnn = (double)(r1.n_pos + r1.n_neg);
    *cp = paired;
    *cs = stat;
    *cpv = p;
    *ca1 = r1.auc;
    *ca2 = r2.auc;
    table_add_str(t, "p1", NULL, c1);
    table_add_str(t, "p2", NULL, c2);
    table_add_num(t, "auc1", NULL, ca1);
    table_add_num(t, "auc2", NULL, ca2);
    table_add_str(t, "method", NULL, cm);
    table_add_num(t, "paired", NULL, cp);
    table_add_num(t, "n", NULL, cnn);
    table_add_num(t, "stat", NULL, cs);
    table_add_num(t, "p", NULL, cpv);
    char pb[32];
    if (method == 1)
        out_printf(&s->out, "paired bootstrap test (%ld stratified resamples, seed %ld) of %s (AUC %.4g) against %s "
                            "(AUC %.4g): D = %.4g, p = %s\n", B, seed, p1, r1.auc, p2, r2.auc, stat,
                   fmt_p(pb, sizeof pb, p));
    else
        out_printf(&s->out, "paired DeLong test of %s (AUC %.4g) against %s (AUC %.4g): z = %.4g, p = %s\n", p1,
                   r1.auc, p2, r2.auc, stat, fmt_p(pb, sizeof pb, p));
    if (only1 || only2)
        out_printf(&s->out, "  paired on the %zu patients with both values, as pROC's roc.test (%zu with only %s and %zu "
                            "with only %s left out); both AUCs are on those patients\n", both, only1, p1, only2,
                   p2);
    if (isnan(stat) && method == 0)
        out_printf(&s->out, "  the two curves have the same placements (identical rankings): the test is not defined\n");
    if (as) {   /* its own result */
        Result *res = command_result(a, "roc compare", t);
        result_param(res, "roc", o->name);
        result_param(res, "p1", p1);
        result_param(res, "p2", p2);
        store_unit(s, res);
    } else {    /* a part of the roc result it tested */
        store_part(s, o->name, t);
    }
    free(name);
    roc_free(&r1);
    roc_free(&r2);
    free(y1);
    free(y2);
    return 0;
}

int cmd_coords(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    int best = args_get_choice(a, "best", 0, NULL);
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
    double tx = NAN;
    if (thr) {
        char *end;
        tx = strtod(thr, &end);
        if (end == thr || *end) { rgx_error(s, "coords: threshold=%s is not a number", thr); return 1; }
        if (isnan(tx)) { rgx_error(s, "coords: threshold=%s: a threshold must be a number (Inf and -Inf are allowed)", thr); return 1; }
    }
    StrList pred = {0};
    size_t cap = 16, m = 0;
    double *col[10];
    for (int q = 0; q < 10; q++) col[q] = xmalloc(cap * sizeof **col);
    for (size_t r = 0; r < o->nrow; r++) {
        const char *p = o->cols[jp].str[r];
        double np1 = o->cols[j1].num[r], np0 = o->cols[j0].num[r];
        /* the rows of this predictor's curve */
        double bestv = NAN;
        if (thr) {   /* at X exactly, from the data: positive when x >= X for '<', x <= X for '>' (as pROC's coords) */
            RocFit rf;
            int *yy;
            const double *xx;
            size_t nn;
            if (refit(s, o, p, &rf, &yy, &xx, &nn) < 0) continue;
            double cnt[4];
            roc_at_threshold(xx, yy, nn, rf.direction, tx, cnt);
            double tp = cnt[0], fp = cnt[1], tn = cnt[2], fn = cnt[3];
            roc_free(&rf);
            free(yy);
            if (m == cap) { cap *= 2; for (int q = 0; q < 10; q++) col[q] = xrealloc(col[q], cap * sizeof **col); }
            double se = tp / (tp + fn), sp = tn / (tn + fp);
            double vals[10] = {tx, se, sp, tp + fp > 0 ? tp / (tp + fp) : NAN, tn + fn > 0 ? tn / (tn + fn) : NAN,
                               tp, fp, tn, fn, se + sp - 1};
            for (int q = 0; q < 10; q++) col[q][m] = vals[q];
            strlist_add(&pred, p);
            m++;
            continue;
        }
        for (int pass = 0; pass < 2; pass++)
            for (size_t i = 0; i < cu->nrow; i++) {
                if (strcmp(cu->cols[0].str[i], p)) continue;
                double t = cu->cols[1].num[i], se = cu->cols[2].num[i], sp = cu->cols[3].num[i];
                double v = best == 0 ? se + sp : -((1 - se) * (1 - se) + (1 - sp) * (1 - sp));
                int take;
                if (pass == 0) {
                    if (isnan(bestv) || v > bestv) bestv = v;
                    continue;
                } else {
                    take = fabs(v - bestv) <= 1e-12 * (fabs(bestv) + 1) && !isinf(t);
                }
                if (!take) continue;
                if (m == cap) { cap *= 2; for (int q = 0; q < 10; q++) col[q] = xrealloc(col[q], cap * sizeof **col); }
                double tp = se * np1, fn = np1 - tp, tn = sp * np0, fp = np0 - tn;
                double vals[10] = {t, se, sp, tp + fp > 0 ? tp / (tp + fp) : NAN, tn + fn > 0 ? tn / (tn + fn) : NAN,
                                   tp, fp, tn, fn, se + sp - 1};
                for (int q = 0; q < 10; q++) col[q][m] = vals[q];
                strlist_add(&pred, p);
                m++;
            }
    }
    Buf nb = {0};
    if (as) buf_puts(&nb, as);
    else buf_printf(&nb, "%s.coords", o->name);
    char *name = nb.s;
    Table *t = table_new(name, o->name, m);
    table_add_str(t, "predictor", NULL, pred.v ? pred.v : xcalloc(1, sizeof(char *)));
    static const char *const cnames[10] = {"threshold", "sensitivity", "specificity", "ppv", "npv", "tp", "fp", "tn", "fn", "youden"};
    for (int q = 0; q < 10; q++) table_add_num(t, cnames[q], NULL, col[q]);
    out_printf(&s->out, "coords %s: %s\n", name,
               thr ? "sensitivity and specificity at the given threshold (positive: x >= threshold for direction '<', "
                     "x <= threshold for '>', as pROC's coords)" :
               best == 0 ? "the threshold(s) maximising sensitivity + specificity (Youden)" :
                           "the threshold(s) closest to the top-left corner");
    print_head(s, t, 20);
    if (as) {   /* its own result */
        Result *cr = command_result(a, "coords", t);
        result_param(cr, "roc", o->name);
        store_unit(s, cr);
    } else {    /* a part of the roc result */
        store_part(s, o->name, t);
    }
    free(name);
    return 0;
}
