/* cmd_cox.c — cox: the Cox proportional hazards model (stats/cox.h):
 * covariates, dummies, strata and clusters from the table, the fit, the
 * tables NAME, NAME.fit and NAME.zph, and the printout. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/cox.h"

/* The design: numeric columns as they are, text columns as dummies against
 * their first level or ref=.  Returns p (x and terms filled), or -1 after
 * the message. */
static long cox_design(Session *s, const Table *t, const size_t *cols, long nc, const char *ref, double **xp,
                       StrList *terms) {
    size_t n = t->nrow, p = 0, cap = 0;
    double *x = NULL;
    Buf lab = {0}, b1 = {0}, b2 = {0}, levs = {0};
    int ref_found = 0, any_text = 0;
    /* ref= must be a level of some text covariate */
    if (ref) {
        for (long k = 0; k < nc; k++) {
            const Column *c = &t->cols[cols[k]];
            if (c->type != COL_STR) continue;
            any_text = 1;
            for (size_t i = 0; i < n && !ref_found; i++) ref_found = c->str[i] && !strcmp(c->str[i], ref);
        }
        if (!ref_found) {
            for (long k = 0; k < nc; k++) {
                if (t->cols[cols[k]].type != COL_STR) continue;
                size_t *gid = xmalloc((n ? n : 1) * sizeof *gid);
                StrList lev = {0};
                if (command_groups(s, "cox", t, (long)cols[k], gid, &lev) == 0) {
                    Buf l = {0};
                    join_list(&l, (const char *const *)lev.v, lev.n, 12);
                    buf_printf(&levs, "%s%s: %s", levs.len ? "; " : "", table_col_label(t, cols[k], &lab), l.s);
                    buf_free(&l);
                }
                free(gid);
                strlist_free(&lev);
            }
            if (any_text)
                rgx_error(s, "cox: ref=%s is not a level of any text covariate (%s)", ref, fmt_text(&b1, levs.s));
            else
                rgx_error(s, "cox: ref=%s names the reference level of a text covariate, and no covariate is text", ref);
            goto fail;
        }
    }
    for (long k = 0; k < nc; k++) {
        const Column *c = &t->cols[cols[k]];
        table_col_label(t, cols[k], &lab);
        if (c->type == COL_NUM) {
            if (p == cap) { cap = cap ? 2 * cap : 8; x = xrealloc(x, cap * (n ? n : 1) * sizeof *x); }
            memcpy(x + p * n, c->num, n * sizeof *x);
            strlist_add(terms, lab.s);
            p++;
            continue;
        }
        size_t *gid = xmalloc((n ? n : 1) * sizeof *gid);
        StrList lev = {0};
        if (command_groups(s, "cox", t, (long)cols[k], gid, &lev) < 0) { free(gid); goto fail; }
        size_t base = 0;
        int has_ref = 0;
        for (size_t g = 0; ref && g < lev.n; g++)
            if (!strcmp(lev.v[g], ref)) { base = g; has_ref = 1; }
        for (size_t g = 0; g < lev.n; g++) {
            if (g == base) continue;
            if (p == cap) { cap = cap ? 2 * cap : 8; x = xrealloc(x, cap * (n ? n : 1) * sizeof *x); }
            for (size_t i = 0; i < n; i++) x[p * n + i] = gid[i] == GROUP_NONE_IDX ? NAN : gid[i] == g;
            strlist_addf(terms, "%s=%s", lab.s, lev.v[g]);
            p++;
        }
        if (lev.n > 1)
            out_printf(&s->out, "  %s: dummies against %s%s%s%s\n", fmt_text(&b1, lab.s), fmt_text(&b2, lev.v[base]),
                       ref && !has_ref ? " (its first level: ref=" : "", ref && !has_ref ? ref : "",
                       ref && !has_ref ? " is not one of its levels)" : "");
        free(gid);
        strlist_free(&lev);
    }
    buf_free(&lab);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&levs);
    *xp = x;
    return (long)p;
fail:
    buf_free(&lab);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&levs);
    free(x);
    return -1;
}

/* "x_j = a*A - b*B + c" of an aliased term, for the printout. */
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

int cmd_cox(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in");
    const char *as = args_take_kw(a, "as");
    int ties = args_get_choice(a, "ties", 0, NULL);
    const char *ref = args_opt(a, "ref"), *strata = args_opt(a, "strata"), *cluster = args_opt(a, "cluster");
    int robust = args_get_bool(a, "robust", cluster != NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos != 4 || strcmp(a->pos[2], "~")) return args_usage(s, a);
    if (cluster && !robust) {
        rgx_error(s, "cox: cluster= gives the robust variance of clustered rows; it needs robust=yes (the default with cluster=)");
        return 1;
    }
    if (as && !valid_table_name(s, "cox", as)) return 1;
    Table *t = command_table(s, "cox", in, a->pos[0]);
    if (!t) return 1;
    Buf err = {0}, b1 = {0}, b2 = {0}, b3 = {0};
    long jt = table_find_err(t, a->pos[0], &err), je = jt >= 0 ? table_find_err(t, a->pos[1], &err) : -1;
    if (je < 0) { rgx_error(s, "cox: %s", err.s); buf_free(&err); return 1; }
    if (t->cols[jt].type != COL_NUM) {
        rgx_error(s, "cox: TIME column %s is text; load the file with load clinical to code it", fmt_text(&b1, a->pos[0]));
        buf_free(&b1);
        return 1;
    }
    size_t n = t->nrow;
    const double *tm = t->cols[jt].num;
    double *ev = NULL, *x = NULL;
    char *enote = NULL;
    size_t *cols = NULL, *sidx = NULL, *cidx = NULL;
    StrList terms = {0}, snames = {0}, cnames = {0};
    int rc = 1;
    if (command_event(s, "cox", t, je, &ev, &enote) < 0) return 1;
    long nc = command_columns(s, "cox", t, a->pos[3], &cols);
    if (nc < 0) goto done;
    long pl = cox_design(s, t, cols, nc, ref, &x, &terms);
    if (pl < 0) goto done;
    size_t p = (size_t)pl;
    if (!p) { rgx_error(s, "cox: no covariate"); goto done; }
    if (strata) {
        sidx = xmalloc((n ? n : 1) * sizeof *sidx);
        if (command_strata(s, "cox", t, strata, sidx, &snames) < 0) goto done;
    }
    if (cluster) {
        cidx = xmalloc((n ? n : 1) * sizeof *cidx);
        if (command_strata(s, "cox", t, cluster, cidx, &cnames) < 0) goto done;
    }
    /* a row is used when time, event, every covariate (and stratum, cluster) are there */
    unsigned char *use = xmalloc(n ? n : 1);
    for (size_t i = 0; i < n; i++) {
        int ok = !isnan(tm[i]) && !isnan(ev[i]) && (!sidx || sidx[i] != GROUP_NONE_IDX) &&
                 (!cidx || cidx[i] != GROUP_NONE_IDX);
        for (size_t q = 0; q < p && ok; q++) ok = !isnan(x[q * n + i]);
        use[i] = (unsigned char)ok;
    }
    /* coxph refuses infinite covariates ("data contains an infinite predictor") */
    for (size_t j = 0; j < p; j++)
        for (size_t i = 0; i < n; i++)
            if (use[i] && isinf(x[j * n + i])) {
                rgx_error(s, "cox: %s is %s in row %zu: a Cox model needs finite covariates (coxph refuses them too)",
                          fmt_text(&b1, terms.v[j]), x[j * n + i] > 0 ? "Inf" : "-Inf", i + 1);
                free(use);
                goto done;
            }
    {   /* a covariate constant among the rows used cannot be estimated:
           left out with a warning (R's coxph reports it as NA) */
        size_t keep = 0;
        for (size_t j = 0; j < p; j++) {
            double first = NAN;
            int varies = 0;
            for (size_t i = 0; i < n && !varies; i++) {
                if (!use[i]) continue;
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
        free(use);
        if (!keep) { rgx_error(s, "cox: every covariate is constant: nothing to fit"); goto done; }
        p = keep;
    }
    CoxOpts opts = {.ties = (CoxTies)ties, .strata = sidx, .cluster = cidx, .ncluster = cnames.n, .robust = robust};
    CoxFit f;
    int fr = cox_fit_opts(tm, ev, x, n, p, &opts, &f);
    if (fr == -1) { rgx_error(s, "cox: out of memory"); goto done; }
    if (fr == -2) { rgx_error(s, "cox: a covariate is infinite"); cox_free(&f); goto done; }
    if (!f.events) {
        rgx_error(s, "cox: no events among the %zu complete patients: nothing to fit", f.n);
        cox_free(&f);
        goto done;
    }
    if (!f.df) {
        rgx_error(s, "cox: no covariate varies within the risk sets at the event times%s: nothing to fit",
                  strata ? " (within strata)" : "");
        cox_free(&f);
        goto done;
    }
    /* NAME: term coef hr se [robust_se] z p hr_low hr_high, on the robust se when robust */
    char *name = as ? xstrdup(as) : session_new_name(s, "cox");
    Table *o = table_new(name, t->name, p);
    char **tn = xcalloc(p, sizeof *tn);
    int nq = robust ? 8 : 7;
    double *col[8];
    for (int q = 0; q < nq; q++) col[q] = xmalloc(p * sizeof **col);
    for (size_t j = 0; j < p; j++) {
        double b = f.coef[j], se = f.se[j], use_se = robust ? f.rse[j] : se, z = b / use_se;
        tn[j] = xstrdup(terms.v[j]);
        double pz = isnan(z) ? NAN : 2 * gsl_cdf_ugaussian_Q(fabs(z));
        double v8[8] = {b, exp(b), se, robust ? f.rse[j] : NAN, z, pz, exp(b - 1.959963984540054 * use_se),
                        exp(b + 1.959963984540054 * use_se)};
        for (int q = 0, c = 0; q < 8; q++) {
            if (q == 3 && !robust) continue;
            col[c++][j] = v8[q];
        }
    }
    static const char *const cn[8] = {"coef", "hr", "se", "robust_se", "z", "p", "hr_low", "hr_high"};
    table_add_str(o, "term", NULL, tn);
    for (int q = 0, c = 0; q < 8; q++) {
        if (q == 3 && !robust) continue;
        table_add_num(o, cn[q], NULL, col[c++]);
    }
    /* NAME.fit */
    Buf fn = {0};
    buf_printf(&fn, "%s.fit", name);
    Table *fit = table_new(fn.s, t->name, 1);
    double fv[13] = {(double)f.n, (double)f.events, f.loglik, f.lr, f.wald, f.score, (double)f.df,
                     f.p_lr, f.p_wald, f.p_score, (double)f.nstrata, f.rscore, f.p_rscore};
    static const char *const fnames[13] = {"n", "events", "loglik", "lr", "wald", "score", "df", "p_lr", "p_wald",
                                           "p_score", "strata", "robust_score", "p_robust_score"};
    for (int q = 0; q < 13; q++) {
        if (q == 10 && !strata) continue;
        if (q >= 11 && !robust) continue;
        double *v = xmalloc(sizeof *v);
        *v = fv[q];
        table_add_num(fit, fnames[q], NULL, v);
    }
    /* the printout */
    Buf opt = {0};
    buf_printf(&opt, "ties=%s", ties ? "breslow" : "efron");
    if (strata) buf_printf(&opt, ", strata=%s", strata);
    if (robust) buf_printf(&opt, ", robust%s%s", cluster ? ", cluster=" : "", cluster ? cluster : "");
    Buf b4 = {0};
    out_printf(&s->out, "cox %s: %s, %s ~ %s in %s (%s): n = %zu, events = %zu", name, fmt_text(&b1, a->pos[0]),
               fmt_text(&b2, a->pos[1]), fmt_text(&b3, a->pos[3]), t->name, fmt_text(&b4, opt.s), f.n, f.events);
    buf_free(&b4);
    if (n > f.n) out_printf(&s->out, "; %zu patient%s with a missing value left out", n - f.n, n - f.n == 1 ? "" : "s");
    out_puts(&s->out, "\n");
    if (enote) out_printf(&s->out, "  event: %s\n", enote);
    if (strata) {
        Buf sl = {0};
        join_list(&sl, (const char *const *)snames.v, snames.n, 6);
        out_printf(&s->out, "  strata: %zu (%s), each with its own baseline hazard, as coxph(... + strata(%s))\n",
                   f.nstrata, fmt_text(&b1, sl.s), fmt_text(&b2, strata));
        buf_free(&sl);
    }
    if (robust && cluster)
        out_printf(&s->out, "  robust (sandwich) variance over %zu clusters of %s, as coxph(cluster = %s): z, p and the "
                            "hazard ratio's limits use robust_se\n",
                   cnames.n, fmt_text(&b1, cluster), fmt_text(&b2, cluster));
    else if (robust)
        out_puts(&s->out, "  robust (sandwich) variance, as coxph(robust = TRUE): z, p and the hazard ratio's limits "
                          "use robust_se\n");
    print_table_digits(s, o, NULL, 0, NULL, 0, s->digits < 4 ? s->digits : 4);
    for (size_t j = 0; j < p; j++) {
        if (!f.aliased[j]) continue;
        Buf at = {0};
        alias_text(&f, j, &terms, &at);
        if (at.len)
            out_printf(&s->out, "  %s: not defined because of singularities (%s = %s over the patients used): no "
                                "coefficient, left out of the fit and its tests, as coxph\n",
                       fmt_text(&b1, terms.v[j]), fmt_text(&b2, terms.v[j]), fmt_text(&b3, at.s));
        else
            out_printf(&s->out, "  %s: not defined because of singularities (it does not vary within the risk sets "
                                "at the event times): no coefficient, left out of the fit and its tests, as coxph\n",
                       fmt_text(&b1, terms.v[j]));
        buf_free(&at);
    }
    char s1[32], s2[32], s3[32], p1[32], p2[32], p3[32];
    out_printf(&s->out, "  likelihood ratio %s, Wald%s %s, score %s on %zu df: p = %s, %s, %s\n",
               fmt_num(s1, 32, f.lr, 4), robust ? " (robust)" : "", fmt_num(s2, 32, f.wald, 4),
               fmt_num(s3, 32, f.score, 4), f.df, fmt_p(p1, 32, f.p_lr), fmt_p(p2, 32, f.p_wald), fmt_p(p3, 32, f.p_score));
    if (isnan(f.lr))
        out_puts(&s->out, "  (likelihood ratio NA: the log partial likelihood is not finite at the last iterate — a "
                          "coefficient runs off to infinity; the estimates are not usable)\n");
    if (robust)
        out_printf(&s->out, "  robust score %s on %zu df: p = %s (the likelihood ratio and score tests assume "
                            "independent %s; the Wald and robust score tests do not)\n",
                   fmt_num(s1, 32, f.rscore, 4), f.df, fmt_p(p1, 32, f.p_rscore),
                   cluster ? "rows within a cluster" : "rows");
    /* the proportional-hazards test, as cox.zph(transform = "km") on the
       terms estimated (cox.zph drops the aliased ones) */
    Buf zn = {0};
    buf_printf(&zn, "%s.zph", name);
    Table *zt = NULL;
    size_t pz = f.df;
    double *zx = xmalloc((pz ? pz : 1) * (n ? n : 1) * sizeof *zx), *zb = xmalloc((pz ? pz : 1) * sizeof *zb);
    char **ztn = xcalloc(pz + 1, sizeof *ztn);
    for (size_t j = 0, q = 0; j < p; j++) {
        if (f.aliased[j]) continue;
        memcpy(zx + q * n, x + j * n, n * sizeof *zx);
        zb[q] = f.coef[j];
        ztn[q++] = xstrdup(terms.v[j]);
    }
    ztn[pz] = xstrdup("GLOBAL");
    double *zc = xmalloc((pz + 1) * sizeof *zc), *zd = xmalloc((pz + 1) * sizeof *zd), *zp = xmalloc((pz + 1) * sizeof *zp);
    if (!isnan(f.loglik) && cox_zph(tm, ev, zx, n, pz, zb, &opts, zc, zd, zp) == 0) {
        zt = table_new(zn.s, t->name, pz + 1);
        table_add_str(zt, "term", NULL, ztn);
        table_add_num(zt, "chisq", NULL, zc);
        table_add_num(zt, "df", NULL, zd);
        table_add_num(zt, "p", NULL, zp);
        out_printf(&s->out, "  proportional hazards (cox.zph, transform km%s):", strata ? ", risk sets within strata" : "");
        int na = 0;
        for (size_t j = 0; j <= pz; j++) {
            char pb[32];
            out_printf(&s->out, "%s %s p = %s", j ? "," : "", fmt_text(&b1, ztn[j]), fmt_p(pb, 32, zp[j]));
            na |= isnan(zp[j]);
        }
        out_puts(&s->out, "\n");
        if (na) out_puts(&s->out, "  (zph NA: its information matrix is singular, e.g. g(t) does not vary over the event times)\n");
    } else {
        out_puts(&s->out, "  proportional hazards (cox.zph): not computed (the fit did not reach a finite likelihood)\n");
        for (size_t j = 0; j <= pz; j++) free(ztn[j]);
        free(ztn);
        free(zc);
        free(zd);
        free(zp);
    }
    free(zx);
    free(zb);
    if (!f.converged) rgx_warn(s, "cox: no convergence in %d iterations: the estimates are not reliable", f.iter);
    if (f.infinite)
        rgx_warn(s, "cox: a coefficient looks infinite (monotone likelihood: a covariate separates events "
                    "completely); its hazard ratio and test are not meaningful");
    cox_free(&f);
    Result *res = command_result(a, "cox", o);
    result_param(res, "time", a->pos[0]);
    result_param(res, "event", a->pos[1]);
    result_param(res, "covariates", a->pos[3]);
    result_param(res, "table", t->name);
    result_param(res, "ties", ties ? "breslow" : "efron");
    result_add(res, fit);
    if (zt) result_add(res, zt);   /* no zph this run: the old one goes */
    store_unit(s, res);
    buf_free(&zn);
    buf_free(&fn);
    buf_free(&opt);
    free(name);
    rc = 0;
done:
    buf_free(&err);
    buf_free(&b1);
    buf_free(&b2);
    buf_free(&b3);
    strlist_free(&terms);
    strlist_free(&snames);
    strlist_free(&cnames);
    free(x);
    free(ev);
    free(enote);
    free(cols);
    free(sidx);
    free(cidx);
    return rc;
}
