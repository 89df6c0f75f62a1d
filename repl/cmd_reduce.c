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
#include "stats/redundancy.h"

/* What `reduce` was asked for. */
typedef struct ReduceArgs {
    const char *in, *as, *keep, *type;  /* the keywords, keep= and type=, or NULL */
    double cut;                         /* r= */
    int spearman;                       /* method=spearman (else pearson) */
    int nzv_on;                         /* nzv= */
    int by_icc;                         /* keep=icc:NAME */
} ReduceArgs;

/* Parse reduce's words into o.  Returns 0, or 1 after the usage or error. */
static int reduce_args(Session *s, Args *a, ReduceArgs *o) {
    o->in = args_take_kw(a, "in");
    o->as = args_take_kw(a, "as");
    o->cut = args_get_double(a, "r", 0.9, 0, 1);
    o->spearman = args_get_choice(a, "method", 0, NULL) == 0;   /* spearman|pearson */
    o->keep = args_opt(a, "keep");
    o->type = args_opt(a, "type");
    o->nzv_on = args_get_bool(a, "nzv", 1);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1) return args_usage(s, a);
    if (o->as && !valid_table_name(s, "reduce", o->as)) return 1;
    o->by_icc = o->keep && !strncasecmp(o->keep, "icc:", 4) && o->keep[4];
    if (o->keep && !o->by_icc && strcasecmp(o->keep, "variance")) {
        rgx_error(s, "reduce: keep=%s: expected variance (the most variable feature of a group is kept) or icc:NAME (the "
                     "most reliable, by icc result NAME)", o->keep);
        return 1;
    }
    return 0;
}

/* The features and the candidates among them: the p numeric columns, the
 * near-zero-variance ones set apart, the m others with their priority. */
typedef struct ReduceSet {
    size_t *cols, p, ntext;     /* the numeric features of SELECTOR (owned); text columns skipped */
    unsigned char *nzv;         /* p: 1 near-zero variance by caret's rule, 2 constant up to rounding (owned) */
    size_t nnzv;                /* how many */
    StrList nzvs;               /* the first 8 of them, with caret's numbers */
    size_t *cand, m;            /* the candidates (indexes into cols; owned) */
    double *prio;               /* m: their ICC with keep=icc:NAME (owned) */
    size_t unrated;             /* candidates the icc result does not rate */
} ReduceSet;

static void reduce_set_free(ReduceSet *f) {
    free(f->cols);
    free(f->nzv);
    strlist_free(&f->nzvs);
    free(f->cand);
    free(f->prio);
}

/* The numeric features of sel in t into f->cols.  Returns 0, or -1 after the error. */
static int reduce_columns(Session *s, const Table *t, const char *sel, ReduceSet *f) {
    long nc = command_columns(s, "reduce", t, sel, &f->cols);
    if (nc < 0) return -1;
    for (long k = 0; k < nc; k++) {
        if ((long)f->cols[k] == t->id) continue;
        if (t->cols[f->cols[k]].type != COL_NUM) { f->ntext++; continue; }
        f->cols[f->p++] = f->cols[k];
    }
    if (f->p >= 2) return 0;
    rgx_error(s, "reduce: %s selects %zu numeric feature%s; nothing to reduce", sel, f->p, f->p == 1 ? "" : "s");
    return -1;
}

/* Near-zero variance first (caret's nearZeroVar: they take no part), then
 * the candidates' priority.  Returns 0, or -1 after the error. */
static int reduce_screen(Session *s, const Table *t, const ReduceArgs *o, const IccScores *sc, ReduceSet *f) {
    size_t p = f->p;
    f->nzv = xcalloc(p, 1);
    f->cand = xmalloc(p * sizeof *f->cand);
    f->prio = xmalloc(p * sizeof *f->prio);
    Buf lab = {0};
    for (size_t j = 0; j < p; j++) {
        Nzv z;
        if (o->nzv_on && nzv_column(t->cols[f->cols[j]].num, t->nrow, 95.0 / 5, 10, &z) < 0) {
            rgx_error(s, "reduce: out of memory");
            buf_free(&lab);
            return -1;
        }
        if (o->nzv_on && z.nzv) {
            f->nzv[j] = z.rounding ? 2 : 1;
            f->nnzv++;
            char b1[32], b2[32];
            if (f->nzvs.n < 8 && z.zero_var) strlist_addf(&f->nzvs, "%s (constant)", table_col_label(t, f->cols[j], &lab));
            else if (f->nzvs.n < 8 && z.rounding)
                strlist_addf(&f->nzvs, "%s (constant up to rounding: sd %s, %s%% distinct; caret keeps it)",
                             table_col_label(t, f->cols[j], &lab), fmt_num(b1, sizeof b1, z.sd, 3),
                             fmt_num(b2, sizeof b2, z.percent_unique, 2));
            else if (f->nzvs.n < 8)
                strlist_addf(&f->nzvs, "%s (%s, %s%%)", table_col_label(t, f->cols[j], &lab),
                             fmt_num(b1, sizeof b1, z.freq_ratio, 3), fmt_num(b2, sizeof b2, z.percent_unique, 2));
            continue;
        }
        long r = o->by_icc ? icc_scores_find(sc, t, f->cols[j]) : -1;
        f->prio[f->m] = r >= 0 ? sc->icc[r] : NAN;
        f->unrated += o->by_icc && r < 0;
        f->cand[f->m++] = j;
    }
    buf_free(&lab);
    if (f->m >= 1) return 0;
    rgx_error(s, "reduce: every one of the %zu features has near-zero variance", p);
    return -1;
}

/* NAME: feature kept representative r reason — every feature, in column
 * order; drop[j] (t->ncol) and keepflag[k] (p) set for NAME.table and the
 * class counts; *nred the features dropped as redundant. */
static Table *reduce_table(const char *name, const Table *t, const ReduceSet *f, const Redundancy *red,
                           unsigned char *drop, unsigned char *keepflag, size_t *nred) {
    size_t p = f->p;
    Table *o = table_new(name, t->name, p);
    char **fn = xcalloc(p, sizeof *fn), **rep = xcalloc(p, sizeof *rep), **why = xcalloc(p, sizeof *why);
    double *kept = xmalloc(p * sizeof *kept), *rv = xmalloc(p * sizeof *rv);
    size_t *slot = xmalloc(p * sizeof *slot);
    for (size_t k = 0; k < f->m; k++) slot[f->cand[k]] = k;
    Buf lab = {0};
    *nred = 0;
    for (size_t j = 0; j < p; j++) {
        fn[j] = xstrdup(table_col_label(t, f->cols[j], &lab));
        if (f->nzv[j]) {
            kept[j] = 0;
            rv[j] = NAN;
            why[j] = xstrdup(f->nzv[j] == 2 ? "near-zero variance (constant up to rounding)" : "near-zero variance");
            drop[f->cols[j]] = 1;
            continue;
        }
        size_t k = slot[j];
        kept[j] = red->kept[k];
        keepflag[j] = red->kept[k];
        rv[j] = red->rep_r[k];
        rep[j] = xstrdup(table_col_label(t, f->cols[f->cand[red->rep[k]]], &lab));
        why[j] = xstrdup(red->kept[k] ? "kept" : "redundant");
        if (!red->kept[k]) { drop[f->cols[j]] = 1; (*nred)++; }
    }
    buf_free(&lab);
    free(slot);
    table_add_str(o, "feature", NULL, fn);
    table_add_num(o, "kept", NULL, kept);
    table_add_str(o, "representative", NULL, rep);
    table_add_num(o, "r", NULL, rv);
    table_add_str(o, "reason", NULL, why);
    return o;
}

/* NAME.table: t without the columns marked in drop. */
static Table *reduced_table(const char *name, const Table *t, const unsigned char *drop) {
    size_t *tc = xmalloc((t->ncol ? t->ncol : 1) * sizeof *tc), ntc = 0;
    for (size_t j = 0; j < t->ncol; j++)
        if (!drop[j]) tc[ntc++] = j;
    Buf pn = {0};
    buf_printf(&pn, "%s.table", name);
    Table *o2 = table_subset(t, pn.s, NULL, 0, tc, ntc);
    free(tc);
    buf_free(&pn);
    return o2;
}

/* The groups: each kept feature with (up to 4 of) the features it represents, 12 groups at most. */
static void print_groups(Session *s, const char *name, const ReduceSet *f, const Redundancy *red, char *const *fn) {
    size_t ngroups = 0, shown = 0;
    for (size_t q = 0; q < f->m; q++) {
        size_t k = red->order[q], idx[4];
        size_t members = redundancy_members(red, k, idx, 4), listed = members < 4 ? members : 4;
        if (!members) continue;
        ngroups++;
        if (shown >= 12) continue;
        shown++;
        out_printf(&s->out, "  %s represents", fn[f->cand[k]]);
        for (size_t i = 0; i < listed; i++) {
            char b[32];
            out_printf(&s->out, "%s %s (%s)", i ? "," : "", fn[f->cand[idx[i]]], fmt_num(b, sizeof b, red->rep_r[idx[i]], 3));
        }
        if (members > listed) out_printf(&s->out, " and %zu more", members - listed);
        out_puts(&s->out, "\n");
    }
    if (ngroups > shown) out_printf(&s->out, "  … %zu more groups (show %s)\n", ngroups - shown, name);
}

/* The summary: the counts, the rule, the near-zero-variance features, the groups. */
static void reduce_print(Session *s, const ReduceArgs *o, const Table *t, const ReduceSet *f, const Redundancy *red,
                         const IccScores *sc, const Table *top, size_t nred) {
    out_printf(&s->out, "reduce %s: %zu features of %s: %zu kept; %zu dropped as near-zero variance, %zu as redundant "
                        "(|%s r| > %g with a kept feature)\n", top->name, f->p, t->name, red->n_kept, f->nnzv, nred,
               o->spearman ? "Spearman" : "Pearson", o->cut);
    out_printf(&s->out, "  in each group the feature of %s is kept%s\n",
               o->by_icc ? "highest ICC" : "largest variance", o->by_icc ? "" : " (keep=icc:NAME: the most reliable)");
    if (o->by_icc && f->unrated)
        out_printf(&s->out, "  %zu feature%s that %s does not rate came last (no ICC)\n", f->unrated,
                   f->unrated == 1 ? "" : "s", sc->result);
    if (f->nnzv) {
        Buf b = {0};
        join_list(&b, (const char *const *)f->nzvs.v, f->nzvs.n, 8);
        out_printf(&s->out, "  near-zero variance (caret's nearZeroVar: freqRatio > 19 and at most 10%% distinct values, or "
                            "constant; freqRatio, %% distinct; also sd < 1e-9 × max(mean |x|, 1), constant up to "
                            "rounding): %s%s\n", b.s, f->nnzv > f->nzvs.n ? ", …" : "");
        buf_free(&b);
    }
    print_groups(s, top->name, f, red, top->cols[0].str);
}

int cmd_reduce(Session *s, Args *a) {
    ReduceArgs o = {0};
    if (reduce_args(s, a, &o)) return 1;
    Table *t = command_table(s, "reduce", o.in, a->pos[0]);
    if (!t) return 1;
    IccScores sc = {0};
    if (o.by_icc && icc_scores_get(s, "reduce", o.keep + 4, o.type, &sc) < 0) return 1;
    int rc = 1;
    ReduceSet f = {0};
    Redundancy red = {0};
    if (reduce_columns(s, t, a->pos[0], &f) < 0 || reduce_screen(s, t, &o, &sc, &f) < 0) goto done;
    double **X = xmalloc(f.m * sizeof *X);
    for (size_t k = 0; k < f.m; k++) X[k] = t->cols[f.cols[f.cand[k]]].num;
    int rr = redundancy_from_data((const double *const *)X, f.m, t->nrow, o.spearman ? COR_SPEARMAN : COR_PEARSON,
                                  s->threads, s->cancel, o.by_icc ? f.prio : NULL, o.cut, NULL, &red);
    free(X);
    if (rr < 0) { rgx_error(s, "reduce: %s", rr == -2 ? "interrupted; no result was stored" : "out of memory"); goto done; }
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "reduce");
    unsigned char *drop = xcalloc(t->ncol ? t->ncol : 1, 1), *keepflag = xcalloc(f.p, 1);
    size_t nred;
    Table *top = reduce_table(name, t, &f, &red, drop, keepflag, &nred), *o2 = reduced_table(name, t, drop);
    reduce_print(s, &o, t, &f, &red, &sc, top, nred);
    print_class_counts(s, t, f.cols, f.p, keepflag);
    if (f.ntext) out_printf(&s->out, "  %zu text column%s skipped (kept in %s.table)\n", f.ntext, f.ntext == 1 ? "" : "s", name);
    out_printf(&s->out, "  %s.table: %s without the %zu dropped features (%zu columns)\n", name, t->name, f.nnzv + nred,
               o2->ncol);
    Result *res = command_result(a, "reduce", top);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_add(res, o2);
    store_unit(s, res);
    free(drop);
    free(keepflag);
    free(name);
    rc = 0;
done:
    redundancy_free(&red);
    reduce_set_free(&f);
    icc_scores_free(&sc);
    return rc;
}
