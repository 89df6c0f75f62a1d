/* cmd_reduce.c — reduce: drop near-constant and redundant features,
 * keeping one representative per group of features correlated above a
 * cut (stats/redundancy.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/robust.h"
#include "stats/describe.h"
#include "stats/redundancy.h"

int cmd_reduce(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *as = args_take_kw(a, "as");
    double cut = args_get_double(a, "r", 0.9, 0, 1);
    int spearman = args_get_choice(a, "method", 0, NULL) == 0;   /* spearman|pearson */
    const char *keep = args_opt(a, "keep"), *type = args_opt(a, "type");
    int nzv_on = args_get_bool(a, "nzv", 1);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    if (as && !valid_table_name(s, "reduce", as)) return 1;
    int by_icc = keep && !strncasecmp(keep, "icc:", 4) && keep[4];
    if (keep && !by_icc && strcasecmp(keep, "variance")) {
        rgx_error(s, "reduce: keep=%s: expected variance (the most variable feature of a group is kept) or icc:NAME (the "
                     "most reliable, by icc result NAME)", keep);
        return 1;
    }
    Table *t = command_table(s, "reduce", in, a->pos[0]);
    if (!t) return 1;
    IccScores sc = {0};
    if (by_icc && icc_scores_get(s, "reduce", keep + 4, type, &sc) < 0) return 1;
    size_t *cols;
    long nc = command_columns(s, "reduce", t, a->pos[0], &cols);
    if (nc < 0) { icc_scores_free(&sc); return 1; }
    size_t p = 0, ntext = 0, n = t->nrow;
    for (long k = 0; k < nc; k++) {
        if ((long)cols[k] == t->id) continue;
        if (t->cols[cols[k]].type != COL_NUM) { ntext++; continue; }
        cols[p++] = cols[k];
    }
    int rc = 1;
    Redundancy red = {0};
    StrList nzvs = {0};
    unsigned char *nzv = xcalloc(p ? p : 1, 1);
    size_t *cand = xmalloc((p ? p : 1) * sizeof *cand), m = 0, nnzv = 0, unrated = 0;
    double *prio = xmalloc((p ? p : 1) * sizeof *prio);
    Buf lab = {0};
    if (p < 2) { rgx_error(s, "reduce: %s selects %zu numeric feature%s; nothing to reduce", a->pos[0], p, p == 1 ? "" : "s"); goto done; }
    /* near-zero variance first (caret's nearZeroVar): they take no part */
    for (size_t j = 0; j < p; j++) {
        Nzv z;
        if (nzv_on && nzv_column(t->cols[cols[j]].num, n, 95.0 / 5, 10, &z) < 0) { rgx_error(s, "reduce: out of memory"); goto done; }
        if (nzv_on && z.nzv) {
            nzv[j] = 1;
            nnzv++;
            char b1[32], b2[32];
            if (nzvs.n < 8 && z.zero_var) strlist_addf(&nzvs, "%s (constant)", table_col_label(t, cols[j], &lab));
            else if (nzvs.n < 8)
                strlist_addf(&nzvs, "%s (%s, %s%%)", table_col_label(t, cols[j], &lab),
                             fmt_num(b1, sizeof b1, z.freq_ratio, 3), fmt_num(b2, sizeof b2, z.percent_unique, 2));
            continue;
        }
        cand[m] = j;
        if (by_icc) {
            long r = icc_scores_find(&sc, t, cols[j]);
            prio[m] = r >= 0 ? sc.icc[r] : NAN;
            unrated += r < 0;
        } else {
            double mean, var;
            size_t used;
            mean_var(t->cols[cols[j]].num, n, &mean, &var, &used);
            prio[m] = var;
        }
        m++;
    }
    if (m < 1) { rgx_error(s, "reduce: every one of the %zu features has near-zero variance", p); goto done; }
    double **X = xmalloc(m * sizeof *X);
    for (size_t k = 0; k < m; k++) X[k] = t->cols[cols[cand[k]]].num;
    int rr = redundancy_from_data((const double *const *)X, m, n, spearman ? COR_SPEARMAN : COR_PEARSON, s->threads,
                                  s->cancel, prio, cut, NULL, &red);
    free(X);
    if (rr < 0) { rgx_error(s, "reduce: %s", rr == -2 ? "interrupted; no result was stored" : "out of memory"); goto done; }
    /* NAME: feature kept representative r reason — every feature, in column order */
    char *name = as ? xstrdup(as) : session_new_name(s, "reduce");
    Table *o = table_new(name, t->name, p);
    char **fn = xcalloc(p, sizeof *fn), **rep = xcalloc(p, sizeof *rep), **why = xcalloc(p, sizeof *why);
    double *kept = xmalloc(p * sizeof *kept), *rv = xmalloc(p * sizeof *rv);
    size_t *slot = xmalloc(p * sizeof *slot), nred = 0;
    for (size_t k = 0; k < m; k++) slot[cand[k]] = k;
    unsigned char *drop = xcalloc(t->ncol, 1), *keepflag = xcalloc(p, 1);
    for (size_t j = 0; j < p; j++) {
        fn[j] = xstrdup(table_col_label(t, cols[j], &lab));
        if (nzv[j]) { kept[j] = 0; rv[j] = NAN; why[j] = xstrdup("near-zero variance"); drop[cols[j]] = 1; continue; }
        size_t k = slot[j];
        kept[j] = red.kept[k];
        keepflag[j] = red.kept[k];
        rv[j] = red.rep_r[k];
        rep[j] = xstrdup(table_col_label(t, cols[cand[red.rep[k]]], &lab));
        why[j] = xstrdup(red.kept[k] ? "kept" : "redundant");
        if (!red.kept[k]) { drop[cols[j]] = 1; nred++; }
    }
    table_add_str(o, "feature", NULL, fn);
    table_add_num(o, "kept", NULL, kept);
    table_add_str(o, "representative", NULL, rep);
    table_add_num(o, "r", NULL, rv);
    table_add_str(o, "reason", NULL, why);
    /* NAME.table: T without the dropped features */
    size_t *tc = xmalloc((t->ncol ? t->ncol : 1) * sizeof *tc), ntc = 0;
    for (size_t j = 0; j < t->ncol; j++)
        if (!drop[j]) tc[ntc++] = j;
    Buf pn = {0};
    buf_printf(&pn, "%s.table", name);
    Table *o2 = table_subset(t, pn.s, NULL, 0, tc, ntc);
    free(tc);
    buf_free(&pn);
    out_printf(&s->out, "reduce %s: %zu features of %s: %zu kept; %zu dropped as near-zero variance, %zu as redundant "
                        "(|%s r| > %g with a kept feature)\n", name, p, t->name, red.n_kept, nnzv, nred,
               spearman ? "Spearman" : "Pearson", cut);
    out_printf(&s->out, "  in each group the feature of %s is kept%s\n",
               by_icc ? "highest ICC" : "largest variance", by_icc ? "" : " (keep=icc:NAME: the most reliable)");
    if (by_icc && unrated)
        out_printf(&s->out, "  %zu feature%s that %s does not rate came last (no ICC)\n", unrated, unrated == 1 ? "" : "s",
                   sc.result);
    if (nnzv) {
        Buf b = {0};
        join_list(&b, (const char *const *)nzvs.v, nzvs.n, 8);
        out_printf(&s->out, "  near-zero variance (caret's nearZeroVar: freqRatio > 19 and at most 10%% distinct values, or "
                            "constant; freqRatio, %% distinct): %s%s\n", b.s, nnzv > nzvs.n ? ", …" : "");
        buf_free(&b);
    }
    /* the groups: each kept feature with the features it represents */
    size_t ngroups = 0, shown = 0;
    for (size_t q = 0; q < m; q++) {
        size_t k = red.order[q];
        if (!red.kept[k]) continue;
        size_t members = 0;
        for (size_t i = 0; i < m; i++) members += !red.kept[i] && red.rep[i] == k;
        if (!members) continue;
        ngroups++;
        if (shown >= 12) continue;
        shown++;
        out_printf(&s->out, "  %s represents", fn[cand[k]]);
        size_t listed = 0;
        for (size_t i = 0; i < m && listed < 4; i++)
            if (!red.kept[i] && red.rep[i] == k) {
                char b[32];
                out_printf(&s->out, "%s %s (%s)", listed++ ? "," : "", fn[cand[i]], fmt_num(b, sizeof b, red.rep_r[i], 3));
            }
        if (members > listed) out_printf(&s->out, " and %zu more", members - listed);
        out_puts(&s->out, "\n");
    }
    if (ngroups > shown) out_printf(&s->out, "  … %zu more groups (show %s)\n", ngroups - shown, name);
    print_class_counts(s, t, cols, p, keepflag);
    if (ntext) out_printf(&s->out, "  %zu text column%s skipped (kept in %s.table)\n", ntext, ntext == 1 ? "" : "s", name);
    out_printf(&s->out, "  %s.table: %s without the %zu dropped features (%zu columns)\n", name, t->name, nnzv + nred,
               o2->ncol);
    Result *res = command_result(a, "reduce", o);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_add(res, o2);
    store_unit(s, res);
    free(drop);
    free(keepflag);
    free(slot);
    free(name);
    rc = 0;
done:
    buf_free(&lab);
    redundancy_free(&red);
    strlist_free(&nzvs);
    icc_scores_free(&sc);
    free(nzv);
    free(cand);
    free(prio);
    free(cols);
    return rc;
}
