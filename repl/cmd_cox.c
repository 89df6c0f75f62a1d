/* cmd_cox.c — cox: the Cox proportional hazards model. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/cox.h"

int cmd_cox(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    int ties = args_get_choice(a, "ties", 0, "efron|breslow");
    const char *ref = args_opt(a, "ref");
    if (args_failed(s, a)) return 1;
    if (a->npos != 4 || strcmp(a->pos[2], "~")) {
        rgx_error(s, "cox: usage: cox TIME EVENT ~ COLS [in T] [ties=efron|breslow] [ref=LEVEL] [as NAME]");
        return 1;
    }
    if (as && !valid_table_name(s, "cox", as)) return 1;
    Table *t = command_table(s, "cox", in, a->pos[0]);
    if (!t) return 1;
    Buf err = {0};
    long jt = table_find_err(t, a->pos[0], &err), je = jt >= 0 ? table_find_err(t, a->pos[1], &err) : -1;
    if (je < 0) { rgx_error(s, "cox: %s", err.s); buf_free(&err); return 1; }
    if (t->cols[jt].type != COL_NUM || t->cols[je].type != COL_NUM) {
        rgx_error(s, "cox: TIME and EVENT must be numeric (load clinical codes the event)");
        return 1;
    }
    size_t n = t->nrow;
    for (size_t i = 0; i < n; i++) {
        double e = t->cols[je].num[i];
        if (!isnan(e) && e != 0 && e != 1) {
            rgx_error(s, "cox: EVENT column %s has the value %g; expected 1 (event) or 0 (censored)", a->pos[1], e);
            return 1;
        }
    }
    size_t *cols;
    long nc = command_columns(s, "cox", t, a->pos[3], &cols);
    if (nc < 0) return 1;
    /* the design: numeric columns as they are, text columns as dummies */
    StrList terms = {0};
    double *x = NULL;
    size_t p = 0, cap = 0;
    int rc = 1;
    for (long k = 0; k < nc; k++) {
        const Column *c = &t->cols[cols[k]];
        Buf lab = {0};
        table_col_label(t, cols[k], &lab);
        if (c->type == COL_NUM) {
            if (p == cap) { cap = cap ? 2 * cap : 8; x = xrealloc(x, cap * (n ? n : 1) * sizeof *x); }
            memcpy(x + p * n, c->num, n * sizeof *x);
            strlist_add(&terms, lab.s);
            p++;
        } else {
            size_t *gid = xmalloc((n ? n : 1) * sizeof *gid);
            StrList lev = {0};
            if (command_groups(s, "cox", t, (long)cols[k], gid, &lev) < 0) { free(gid); buf_free(&lab); goto done; }
            size_t base = 0;
            if (ref)
                for (size_t g = 0; g < lev.n; g++)
                    if (!strcmp(lev.v[g], ref)) base = g;
            for (size_t g = 0; g < lev.n; g++) {
                if (g == base) continue;
                if (p == cap) { cap = cap ? 2 * cap : 8; x = xrealloc(x, cap * (n ? n : 1) * sizeof *x); }
                for (size_t i = 0; i < n; i++) x[p * n + i] = gid[i] == GROUP_NONE_IDX ? NAN : gid[i] == g;
                strlist_addf(&terms, "%s=%s", lab.s, lev.v[g]);
                p++;
            }
            if (lev.n > 1) out_printf(&s->out, "  %s: dummies against %s\n", lab.s, lev.v[base]);
            free(gid);
            strlist_free(&lev);
        }
        buf_free(&lab);
    }
    if (!p) { rgx_error(s, "cox: no covariate"); goto done; }
    {   /* a covariate constant over the complete cases cannot be estimated:
           left out with a warning (R's coxph reports it as NA) */
        const double *tm = t->cols[jt].num, *ev = t->cols[je].num;
        size_t keep = 0;
        for (size_t j = 0; j < p; j++) {
            double first = NAN;
            int varies = 0;
            for (size_t i = 0; i < n && !varies; i++) {
                int ok = !isnan(tm[i]) && !isnan(ev[i]);
                for (size_t q = 0; q < p && ok; q++) ok = !isnan(x[q * n + i]);
                if (!ok) continue;
                if (isnan(first)) first = x[j * n + i];
                else varies = x[j * n + i] != first;
            }
            if (!varies) {
                rgx_warn(s, "cox: %s is constant among the complete patients: left out (it has no coefficient)",
                         terms.v[j]);
                continue;
            }
            if (keep != j) {
                memmove(x + keep * n, x + j * n, n * sizeof *x);
                char *tmp = terms.v[keep];
                terms.v[keep] = terms.v[j];
                terms.v[j] = tmp;
            }
            keep++;
        }
        if (!keep) { rgx_error(s, "cox: every covariate is constant: nothing to fit"); goto done; }
        p = keep;
    }
    CoxFit f;
    if (cox_fit(t->cols[jt].num, t->cols[je].num, x, n, p, (CoxTies)ties, &f) < 0) {
        rgx_error(s, "cox: out of memory");
        goto done;
    }
    if (!f.events) {
        rgx_error(s, "cox: no events among the %zu complete patients: nothing to fit", f.n);
        cox_free(&f);
        goto done;
    }
    char *name = as ? xstrdup(as) : session_new_name(s, "cox");
    Table *o = table_new(name, t->name, p);
    char **tn = xcalloc(p, sizeof *tn);
    double *col[7];
    for (int q = 0; q < 7; q++) col[q] = xmalloc(p * sizeof **col);
    for (size_t j = 0; j < p; j++) {
        double b = f.coef[j], se = f.se[j], z = b / se;
        tn[j] = xstrdup(terms.v[j]);
        double vals[7] = {b, exp(b), se, z, 2 * gsl_cdf_ugaussian_Q(fabs(z)), exp(b - 1.959963984540054 * se),
                          exp(b + 1.959963984540054 * se)};
        for (int q = 0; q < 7; q++) col[q][j] = vals[q];
    }
    static const char *const cn[7] = {"coef", "hr", "se", "z", "p", "hr_low", "hr_high"};
    table_add_str(o, "term", NULL, tn);
    for (int q = 0; q < 7; q++) table_add_num(o, cn[q], NULL, col[q]);
    Buf fn = {0};
    buf_printf(&fn, "%s.fit", name);
    Table *fit = table_new(fn.s, t->name, 1);
    double fv[10] = {(double)f.n, (double)f.events, f.loglik, f.lr, f.wald, f.score, (double)p,
                     gsl_cdf_chisq_Q(f.lr, (double)p), gsl_cdf_chisq_Q(f.wald, (double)p), gsl_cdf_chisq_Q(f.score, (double)p)};
    static const char *const fnames[10] = {"n", "events", "loglik", "lr", "wald", "score", "df", "p_lr", "p_wald", "p_score"};
    for (int q = 0; q < 10; q++) {
        double *v = xmalloc(sizeof *v);
        *v = fv[q];
        table_add_num(fit, fnames[q], NULL, v);
    }
    out_printf(&s->out, "cox %s: %s, %s ~ %s in %s (ties=%s): n = %zu, events = %zu", name, a->pos[0], a->pos[1],
               a->pos[3], t->name, ties ? "breslow" : "efron", f.n, f.events);
    if (n > f.n) out_printf(&s->out, "; %zu patient%s with a missing value left out", n - f.n, n - f.n == 1 ? "" : "s");
    out_puts(&s->out, "\n");
    int save = s->digits;
    if (s->digits > 4) s->digits = 4;
    print_table(s, o, NULL, 0, NULL, 0);
    s->digits = save;
    char b1[32], b2[32], b3[32];
    out_printf(&s->out, "  likelihood ratio %.4g, Wald %.4g, score %.4g on %zu df: p = %s, %s, %s\n", f.lr, f.wald,
               f.score, p, fmt_p(b1, 32, fv[7]), fmt_p(b2, 32, fv[8]), fmt_p(b3, 32, fv[9]));
    /* the proportional-hazards test, as cox.zph(transform = "km") */
    Buf zn = {0};
    buf_printf(&zn, "%s.zph", name);
    Table *zt = NULL;
    double *zc = xmalloc((p + 1) * sizeof *zc), *zd = xmalloc((p + 1) * sizeof *zd), *zp = xmalloc((p + 1) * sizeof *zp);
    if (!f.singular && cox_zph(t->cols[jt].num, t->cols[je].num, x, n, p, f.coef, (CoxTies)ties, zc, zd, zp) == 0) {
        zt = table_new(zn.s, t->name, p + 1);
        char **ztn = xcalloc(p + 1, sizeof *ztn);
        for (size_t j = 0; j < p; j++) ztn[j] = xstrdup(terms.v[j]);
        ztn[p] = xstrdup("GLOBAL");
        table_add_str(zt, "term", NULL, ztn);
        table_add_num(zt, "chisq", NULL, zc);
        table_add_num(zt, "df", NULL, zd);
        table_add_num(zt, "p", NULL, zp);
        out_puts(&s->out, "  proportional hazards (cox.zph, transform km):");
        for (size_t j = 0; j <= p; j++) {
            char pb[32];
            out_printf(&s->out, "%s %s p = %s", j ? "," : "", j < p ? terms.v[j] : "GLOBAL", fmt_p(pb, 32, zp[j]));
        }
        out_puts(&s->out, "\n");
    } else {
        free(zc);
        free(zd);
        free(zp);
    }
    if (!f.converged) rgx_warn(s, "cox: no convergence in %d iterations: the estimates are not reliable", f.iter);
    if (f.infinite)
        rgx_warn(s, "cox: a coefficient looks infinite (monotone likelihood: a covariate separates events "
                    "completely); its hazard ratio and test are not meaningful");
    if (f.singular) rgx_warn(s, "cox: the covariates are collinear: standard errors are NA");
    cox_free(&f);
    store_table(s, o);
    store_table(s, fit);
    if (zt) store_table(s, zt);
    buf_free(&zn);
    buf_free(&fn);
    free(name);
    rc = 0;
done:
    buf_free(&err);
    strlist_free(&terms);
    free(x);
    free(cols);
    return rc;
}
