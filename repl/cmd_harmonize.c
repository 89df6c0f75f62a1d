/* cmd_harmonize.c — harmonize: ComBat batch harmonisation (Johnson, Li &
 * Rabinovic 2007, as sva::ComBat), the adjusted features as a new table,
 * with the batch effect tested before and after. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/combat.h"
#include "stats/groups.h"

/* The covariates of keep=: numeric columns as they are, text columns as
 * treatment-contrast factors (model.matrix(~ f)).  Fills cov (column-major
 * over the rows rows, *ncov columns; caller frees) and the column indexes
 * in kcols.  Returns the number of covariate columns, or -1 after the error. */
static long covariates(Session *s, const Table *t, const char *keep, const size_t *rows, size_t n, double **cov,
                       size_t **kcols, size_t *nk, StrList *what) {
    *cov = NULL;
    *kcols = NULL;
    *nk = 0;
    if (!keep) return 0;
    long nc = command_columns(s, "harmonize", t, keep, kcols);
    if (nc < 0) return -1;
    *nk = (size_t)nc;
    size_t ncov = 0, cap = 4;
    double *c = xmalloc(cap * (n ? n : 1) * sizeof *c);
    for (long k = 0; k < nc; k++) {
        const Column *col = &t->cols[(*kcols)[k]];
        if (col->type == COL_NUM) {
            if (ncov + 1 > cap) c = xrealloc(c, (cap *= 2) * (n ? n : 1) * sizeof *c);
            for (size_t i = 0; i < n; i++) c[ncov * n + i] = col->num[rows[i]];
            ncov++;
            strlist_addf(what, "%s (a number)", col->name);
            continue;
        }
        /* a factor: levels sorted, the first the reference */
        StrList lev = {0};
        size_t *code = xmalloc((n ? n : 1) * sizeof *code);
        for (size_t i = 0; i < n; i++) {
            const char *v = col->str[rows[i]];
            size_t q = 0;
            while (q < lev.n && strcmp(lev.v[q], v)) q++;
            if (q == lev.n) strlist_add(&lev, v);
        }
        for (size_t a = 1; a < lev.n; a++)
            for (size_t b = a; b > 0 && strcmp(lev.v[b - 1], lev.v[b]) > 0; b--) {
                char *x = lev.v[b]; lev.v[b] = lev.v[b - 1]; lev.v[b - 1] = x;
            }
        for (size_t i = 0; i < n; i++) {
            size_t q = 0;
            while (strcmp(lev.v[q], col->str[rows[i]])) q++;
            code[i] = q;
        }
        if (lev.n > 1) {
            while (ncov + lev.n - 1 > cap) cap *= 2;
            c = xrealloc(c, cap * (n ? n : 1) * sizeof *c);
            combat_factor_columns(code, n, lev.n, c + ncov * n);
            ncov += lev.n - 1;
        }
        strlist_addf(what, "%s (a factor of %zu levels)", col->name, lev.n);
        free(code);
        strlist_free(&lev);
    }
    *cov = c;
    return (long)ncov;
}

/* The batch test of each feature: p of Kruskal-Wallis (or ANOVA) by batch. */
static double batch_p(const double *x, const size_t *g, size_t n, size_t k, int anova) {
    GroupTest r = anova ? test_anova(x, g, n, k) : test_kruskal(x, g, n, k);
    return r.p;
}

int cmd_harmonize(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *by = args_take_kw(a, "by"), *as = args_take_kw(a, "as");
    const char *keep = args_opt(a, "keep"), *refname = args_opt(a, "reference");
    int prior = args_get_choice(a, "prior", 0, NULL);
    int mean_only = args_get_bool(a, "mean_only", 0);
    int anova = args_get_choice(a, "test", 0, NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !by) return args_usage(s, a);
    if (as && !valid_table_name(s, "harmonize", as)) return 1;
    Table *t = command_table(s, "harmonize", in, a->pos[0]);
    if (!t) return 1;
    size_t *gid = NULL, *kcols = NULL, *cols = NULL, *rows = NULL, *batch = NULL, *bsize = NULL, nk = 0, p = 0;
    StrList lev = {0}, covwhat = {0}, left = {0};
    double *cov = NULL, **x = NULL, **out = NULL;
    int rc = 1;
    CombatResult res = {0};
    long bj = command_grouping(s, "harmonize", t, by, "by ", &gid, &lev);
    if (bj < 0) return 1;
    /* the rows: a batch and every covariate present */
    size_t n = 0, nb = lev.n;
    rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *rows);
    if (keep) {
        long nc = command_columns(s, "harmonize", t, keep, &kcols);
        if (nc < 0) goto done;
        nk = (size_t)nc;
    }
    size_t nleft = 0;
    for (size_t i = 0; i < t->nrow; i++) {
        int ok = gid[i] != GROUP_NONE_IDX;
        for (size_t k = 0; k < nk && ok; k++) {
            const Column *c = &t->cols[kcols[k]];
            ok = c->type == COL_NUM ? !isnan(c->num[i]) : c->str[i] != NULL;
        }
        if (ok) rows[n++] = i;
        else if (nleft++ < 5) strlist_add(&left, t->id >= 0 && t->cols[t->id].str[i] ? t->cols[t->id].str[i] : "(no ID)");
    }
    free(kcols);
    kcols = NULL;
    /* the batches of those rows, renumbered so that every code is used */
    bsize = xcalloc(nb, sizeof *bsize);
    size_t *newcode = xmalloc(nb * sizeof *newcode), nbu = 0;
    for (size_t i = 0; i < n; i++) bsize[gid[rows[i]]]++;
    StrList used = {0};
    for (size_t b = 0; b < nb; b++)
        if (bsize[b]) { newcode[b] = nbu++; strlist_add(&used, lev.v[b]); }
    batch = xmalloc((n ? n : 1) * sizeof *batch);
    for (size_t i = 0; i < n; i++) batch[i] = newcode[gid[rows[i]]];
    for (size_t b = 0; b < nb; b++) if (bsize[b]) bsize[newcode[b]] = bsize[b];
    free(newcode);
    strlist_free(&lev);
    lev = used;
    nb = nbu;
    if (nb < 2) {
        rgx_error(s, "harmonize: %s has %s among the %zu rows with a batch%s; ComBat needs two batches or more", by,
                  nb ? "one batch only" : "no batch", n, keep ? " and every covariate" : "");
        goto done;
    }
    long ref = -1;
    if (refname) {
        for (size_t b = 0; b < nb && ref < 0; b++) {
            const char *eq = strstr(lev.v[b], " = ");   /* a numeric batch is named "COL = v" */
            if (!strcmp(lev.v[b], refname) || (eq && !strcmp(eq + 3, refname))) ref = (long)b;
        }
        if (ref < 0) {
            Buf bl = {0};
            join_list(&bl, (const char *const *)lev.v, lev.n, 12);
            rgx_error(s, "harmonize: reference=%s is not a batch of %s; the batches: %s", refname, by, bl.s);
            buf_free(&bl);
            goto done;
        }
    }
    /* covariates, then the features */
    long ncov = covariates(s, t, keep, rows, n, &cov, &kcols, &nk, &covwhat);
    if (ncov < 0) goto done;
    long nc = command_columns(s, "harmonize", t, a->pos[0], &cols);
    if (nc < 0) goto done;
    size_t ntext = 0;
    for (long k = 0; k < nc; k++) {
        size_t j = cols[k];
        int skip = (long)j == t->id || (long)j == bj;
        for (size_t q = 0; q < nk && !skip; q++) skip = kcols[q] == j;
        if (skip) continue;
        if (t->cols[j].type != COL_NUM) { ntext++; continue; }
        cols[p++] = j;
    }
    if (p < 2) {
        rgx_error(s, "harmonize: %s selects %zu numeric feature%s; ComBat pools its priors over two or more", a->pos[0], p,
                  p == 1 ? "" : "s");
        goto done;
    }
    x = xcalloc(p, sizeof *x);
    out = xcalloc(p, sizeof *out);
    for (size_t f = 0; f < p; f++) {
        x[f] = xmalloc((n ? n : 1) * sizeof *x[f]);
        out[f] = xmalloc((n ? n : 1) * sizeof *out[f]);
        for (size_t i = 0; i < n; i++) x[f][i] = t->cols[cols[f]].num[rows[i]];
    }
    CombatOpts o = {.prior = prior ? COMBAT_NONPARAMETRIC : COMBAT_PARAMETRIC, .mean_only = mean_only, .ref = ref,
                    .cancel = s->cancel};
    int cr = combat((const double *const *)x, p, n, batch, nb, cov, (size_t)ncov, &o, out, &res);
    if (cr < 0) {
        static const char *const why[] = {"", "out of memory", "interrupted; no table was made",
                                          "a covariate of keep= is confounded with the batch (it is constant within "
                                          "each batch, or a combination of them is): ComBat cannot tell its effect "
                                          "from the batch's; keep fewer covariates",
                                          "the covariates of keep= are confounded among themselves (one is a "
                                          "combination of the others); keep fewer",
                                          "bad input (an infinite value?)",
                                          "fewer than 2 features can be estimated (each is constant within a batch, "
                                          "or missing): no priors"};
        rgx_error(s, "harmonize: %s", why[-cr < 7 ? -cr : 5]);
        goto done;
    }
    /* the new table: the rows used, every column; the features adjusted */
    char *name = as ? xstrdup(as) : session_new_name(s, "harmonized");
    Table *o1 = table_subset(t, name, rows, n, NULL, 0);
    if (!o1) { rgx_error(s, "harmonize: out of memory"); free(name); goto done; }
    Buf src = {0};
    buf_printf(&src, "harmonize of %s by %s", t->name, by);
    free(o1->source);
    o1->source = src.s;
    for (size_t f = 0; f < p; f++) memcpy(table_num_rw(o1, cols[f]), out[f], n * sizeof(double));
    /* NAME.batch_test: feature status p_before p_after */
    Buf pn = {0};
    buf_printf(&pn, "%s.batch_test", name);
    Table *o2 = table_new(pn.s, t->name, p);
    buf_free(&pn);
    char **fn = xcalloc(p, sizeof *fn), **st = xcalloc(p, sizeof *st);
    double *pb = xmalloc(p * sizeof *pb), *pa = xmalloc(p * sizeof *pa);
    size_t sig_b = 0, sig_a = 0, tested = 0;
    Buf lab = {0}, sk = {0};
    StrList skipped = {0};
    for (size_t f = 0; f < p; f++) {
        fn[f] = xstrdup(table_col_label(t, cols[f], &lab));
        pb[f] = batch_p(x[f], batch, n, nb, anova);
        pa[f] = batch_p(out[f], batch, n, nb, anova);
        if (!isnan(pb[f])) { tested++; sig_b += pb[f] < 0.05; sig_a += pa[f] < 0.05; }
        if (res.status[f] == COMBAT_ADJUSTED) { st[f] = xstrdup("adjusted"); continue; }
        sk.len = 0;
        buf_printf(&sk, "%s", combat_status_text(res.status[f]));
        if (res.skip_batch[f] != (size_t)-1) buf_printf(&sk, " (%s)", lev.v[res.skip_batch[f]]);
        st[f] = xstrdup(sk.s);
        if (skipped.n < 5) strlist_addf(&skipped, "%s: %s", fn[f], sk.s);
    }
    buf_free(&lab);
    buf_free(&sk);
    table_add_str(o2, "feature", NULL, fn);
    table_add_str(o2, "status", NULL, st);
    table_add_num(o2, "p_before", NULL, pb);
    table_add_num(o2, "p_after", NULL, pa);
    /* the summary */
    Buf bl = {0};
    for (size_t b = 0; b < nb; b++) {
        buf_printf(&bl, "%s", b ? ", " : "");
        Buf one = {0};
        buf_printf(&bl, "%s (%zu)", fmt_text(&one, lev.v[b]), bsize[b]);
        buf_free(&one);
    }
    out_printf(&s->out, "harmonize %s: %zu features of %s, %zu patients in %zu batches of %s: %s\n", name, p, t->name, n, nb,
               by, bl.s);
    buf_free(&bl);
    out_printf(&s->out, "  ComBat (Johnson, Li & Rabinovic 2007) as sva::ComBat 3.46: %s priors%s%s",
               prior ? "non-parametric" : "parametric", res.mean_only ? ", location only (mean.only)" : "",
               ref >= 0 ? "" : "\n");
    if (ref >= 0) out_printf(&s->out, ", reference batch %s left as it was (ref.batch)\n", lev.v[ref]);
    if (res.mean_only_forced)
        rgx_warn(s, "harmonize: a batch has a single sample: its scale cannot be estimated, so every batch is adjusted "
                    "for location only (as sva's ComBat does)");
    if (covwhat.n) {
        Buf b = {0};
        join_list(&b, (const char *const *)covwhat.v, covwhat.n, 20);
        out_printf(&s->out, "  kept (their effects preserved): %s\n", b.s);
        buf_free(&b);
    }
    if (nleft)
        out_printf(&s->out, "  %zu patient%s without a batch%s left out (not in %s): %s%s\n", nleft, nleft == 1 ? "" : "s",
                   keep ? " or a covariate" : "", name, left.v[0], nleft > 1 ? ", …" : "");
    if (ntext) out_printf(&s->out, "  %zu text column%s skipped\n", ntext, ntext == 1 ? "" : "s");
    if (res.n_missing)
        out_printf(&s->out, "  %zu missing value%s stay missing (sva's missing-value path: each feature fitted on its "
                            "present values)\n", res.n_missing, res.n_missing == 1 ? "" : "s");
    if (res.n_skipped) {
        Buf b = {0};
        join_list(&b, (const char *const *)skipped.v, skipped.n, 5);
        out_printf(&s->out, "  %zu feature%s left unadjusted, as sva leaves %s: %s%s\n", res.n_skipped,
                   res.n_skipped == 1 ? "" : "s", res.n_skipped == 1 ? "it" : "them", b.s,
                   res.n_skipped > skipped.n ? "; …" : "");
        buf_free(&b);
    }
    if (!res.converged) rgx_warn(s, "harmonize: the parametric priors did not converge in 10,000 iterations for some batch");
    if (res.np_underflow)
        out_printf(&s->out, "  %zu (feature, batch) pairs where sva's non-parametric weights underflow (sva returns NaN "
                            "there; here they are summed in log scale)\n", res.np_underflow);
    out_printf(&s->out, "  batch effect (%s p by %s): %zu of %zu features at p < 0.05 before, %zu after (%s.batch_test)\n",
               anova ? "one-way ANOVA" : "Kruskal-Wallis", by, sig_b, tested, sig_a, name);
    /* features ComBat made worse: no batch effect before, one after (a
       mean and variance adjustment of skewed values or outliers moves the
       bulk of a batch; the rank test sees it) */
    size_t worse = 0;
    StrList wl = {0};
    for (size_t f = 0; f < p; f++)
        if (pb[f] >= 0.05 && pa[f] < 0.05 && worse++ < 3) strlist_add(&wl, fn[f]);
    if (worse) {
        Buf b = {0};
        join_list(&b, (const char *const *)wl.v, wl.n, 3);
        rgx_warn(s, "harmonize: %zu feature%s had no batch effect at p < 0.05 before and %s one after (%s%s): ComBat "
                    "moves each batch's mean and variance, which skewed values and outliers distort; look at plot box "
                    "FEATURE by %s in %s, and consider transform %s SELECTOR rank (or log2p1) before harmonize",
                 worse, worse == 1 ? "" : "s", worse == 1 ? "has" : "have", b.s, worse > wl.n ? ", …" : "", by, name,
                 t->name);
        buf_free(&b);
    }
    strlist_free(&wl);
    out_printf(&s->out, "  %s: %zu rows × %zu columns, the features adjusted; %s is unchanged\n", name, o1->nrow, o1->ncol,
               t->name);
    Result *r = command_result(a, "harmonize", o1);
    result_param(r, "features", a->pos[0]);
    result_param(r, "table", t->name);
    result_param(r, "prior", prior ? "nonparametric" : "parametric");
    result_param(r, "mean_only", res.mean_only ? "yes" : "no");
    result_add(r, o2);
    store_unit(s, r);
    strlist_free(&skipped);
    free(name);
    rc = 0;
done:
    combat_free(&res);
    for (size_t f = 0; x && f < p; f++) { free(x[f]); free(out[f]); }
    free(x);
    free(out);
    free(cov);
    free(kcols);
    free(cols);
    free(rows);
    free(batch);
    free(bsize);
    free(gid);
    strlist_free(&lev);
    strlist_free(&covwhat);
    strlist_free(&left);
    return rc;
}
