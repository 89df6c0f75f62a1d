/* cmd_columns.c — commands that choose or rewrite columns: select, transform. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "repl/robust.h"
#include "stats/describe.h"
#include "stats/transform.h"

/* select's screens (maxmissing=, dropconstant): the columns of cols (n)
 * that pass, kept in place; the numbers dropped in *nmiss, *nconst and the
 * first five names in dropped.  Returns how many are left. */
static size_t select_screen(const Table *t, size_t *cols, size_t n, double maxmiss, int dropconst, size_t *nmiss,
                            size_t *nconst, StrList *dropped) {
    size_t w = 0;
    *nmiss = *nconst = 0;
    for (size_t k = 0; k < n; k++) {
        const Column *c = &t->cols[cols[k]];
        if (c->type == COL_NUM && (dropconst || maxmiss < 1)) {
            int why = spread_drop(c->num, t->nrow, maxmiss, dropconst);
            if (why != SPREAD_KEEP) {
                if (why == SPREAD_MISSING) (*nmiss)++;
                else (*nconst)++;
                if (dropped->n < 5) strlist_add(dropped, c->name);
                continue;
            }
        }
        cols[w++] = cols[k];
    }
    return w;
}

/* topvar=N: the top numeric columns of cols (n) by variance or MAD
 * (spread_top), kept in selection order in place.  Returns how many, or
 * −1 when out of memory. */
static long select_top(const Table *t, size_t *cols, size_t n, size_t top, int by_mad) {
    const double **num = xmalloc((n ? n : 1) * sizeof *num);
    size_t m = 0, *at = xmalloc((n ? n : 1) * sizeof *at);   /* the numeric columns, and where they are in cols */
    for (size_t k = 0; k < n; k++)
        if (t->cols[cols[k]].type == COL_NUM) { at[m] = k; num[m++] = t->cols[cols[k]].num; }
    unsigned char *keep = xcalloc(n ? n : 1, 1), *kept = xcalloc(m ? m : 1, 1);
    long w = 0;
    if (spread_top(num, m, t->nrow, by_mad, top, kept) == (size_t)-1) w = -1;
    for (size_t i = 0; i < m && w == 0; i++) keep[at[i]] = kept[i];
    for (size_t k = 0; k < n && w >= 0; k++)
        if (keep[k]) cols[w++] = cols[k];
    free(num); free(at); free(keep); free(kept);
    return w;
}

/* select T [SELECTOR] by=icc:NAME [min=X] [low=X] [type=T]: the columns
 * that icc result NAME rates are kept when their ICC (min=) and its lower
 * bound (low=) pass; columns it does not rate stay.  Returns 0 or 1. */
static int select_by_icc(Session *s, Args *a, Table *t, const char *spec, const char *as) {
    double min = args_get_double(a, "min", NAN, -1, 1), low = args_get_double(a, "low", NAN, -1, 1);
    const char *type = args_opt(a, "type");
    if (args_failed(s, a)) return 1;
    if (args_opt(a, "topvar") || args_opt(a, "maxmissing") || args_opt(a, "dropconstant")) {
        rgx_error(s, "select: by=icc:NAME keeps features by their reliability; topvar=, maxmissing= and dropconstant= "
                     "are separate steps (run select twice)");
        return 1;
    }
    if (isnan(min) && isnan(low)) {
        rgx_error(s, "select: by=%s needs a threshold: min=X (the ICC) and/or low=X (its lower bound), e.g. min=0.75",
                  spec);
        return 1;
    }
    IccScores sc;
    if (icc_scores_get(s, "select", spec + 4, type, &sc) < 0) return 1;
    size_t *cols;
    long nc = command_columns(s, "select", t, a->npos > 1 ? a->pos[1] : NULL, &cols);
    if (nc < 0) { icc_scores_free(&sc); return 1; }
    size_t *all = xmalloc(((size_t)nc + 1) * sizeof *all), na = 0, nrated = 0, nkept = 0, nother = 0;
    size_t *rated = xmalloc(((size_t)nc + 1) * sizeof *rated);
    unsigned char *kept = xcalloc((size_t)nc + 1, 1);
    StrList others = {0};
    Buf lab = {0};
    if (t->id >= 0) all[na++] = (size_t)t->id;
    for (long k = 0; k < nc; k++) {
        size_t j = cols[k];
        if ((long)j == t->id) continue;
        long r = t->cols[j].type == COL_NUM ? icc_scores_find(&sc, t, j) : -1;
        if (r < 0) {   /* not rated: kept as it is (the key, a batch, an outcome…) */
            all[na++] = j;
            if (t->cols[j].type == COL_NUM) { nother++; if (others.n < 5) strlist_add(&others, table_col_label(t, j, &lab)); }
            continue;
        }
        int pass = (isnan(min) || sc.icc[r] >= min) && (isnan(low) || sc.low[r] >= low);
        kept[nrated] = (unsigned char)pass;
        rated[nrated++] = j;
        if (pass) { all[na++] = j; nkept++; }
    }
    buf_free(&lab);
    int rc = 1;
    if (!nrated) {
        rgx_error(s, "select: %s rates none of the columns of %s (its features are those of table %s)", sc.result,
                  t->name, session_result(s, sc.result) ? result_get_param(session_result(s, sc.result), "table") : "?");
        goto done;
    }
    char *name = xstrdup(as ? as : t->name);
    Table *o = table_subset(t, name, NULL, 0, all, na);
    if (!o) { rgx_error(s, "select: out of memory"); free(name); goto done; }
    for (size_t j = 0; j < o->ncol; j++) o->cols[j].meta = 0;
    char b1[32], b2[32];
    Buf cond = {0};
    if (!isnan(min)) buf_printf(&cond, "%s >= %s", sc.type, fmt_num(b1, sizeof b1, min, 6));
    if (!isnan(low)) buf_printf(&cond, "%slower bound >= %s", cond.len ? " and its " : "the " , fmt_num(b2, sizeof b2, low, 6));
    out_printf(&s->out, "%s: %zu rows × %zu columns: kept %zu of the %zu features %s rates, with %s\n", name, o->nrow,
               o->ncol, nkept, nrated, sc.result, cond.s);
    buf_free(&cond);
    print_class_counts(s, t, rated, nrated, kept);
    if (nother) {
        Buf b = {0};
        join_list(&b, (const char *const *)others.v, others.n, 5);
        out_printf(&s->out, "  %zu numeric column%s that %s does not rate kept as %s: %s%s\n", nother,
                   nother == 1 ? "" : "s", sc.result, nother == 1 ? "it is" : "they are", b.s, nother > others.n ? ", …" : "");
        buf_free(&b);
    }
    store_result(s, t, o);
    free(name);
    rc = 0;
done:
    strlist_free(&others);
    free(kept);
    free(rated);
    free(all);
    free(cols);
    icc_scores_free(&sc);
    return rc;
}

int cmd_select(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    const char *by = args_opt(a, "by");
    if (by && !strncasecmp(by, "icc:", 4)) {
        if (a->npos < 1 || a->npos > 2 || !by[4]) return args_usage(s, a);
        if (as && !valid_table_name(s, "select", as)) return 1;
        Table *t = session_table(s, a->pos[0]);
        return t ? select_by_icc(s, a, t, by, as) : 1;
    }
    long top = args_get_int(a, "topvar", 0, 1, 100000000L);
    int by_mad = args_get_choice(a, "by", 0, "var|mad");
    double maxmiss = args_get_double(a, "maxmissing", 1, 0, 1);
    int dropconst = args_get_bool(a, "dropconstant", 0);
    if (args_failed(s, a)) return 1;
    if (args_opt(a, "min") || args_opt(a, "low") || args_opt(a, "type")) {
        rgx_error(s, "select: min=, low= and type= go with by=icc:NAME");
        return 1;
    }
    if (a->npos != 2) return args_usage(s, a);
    if (as && !valid_table_name(s, "select", as)) return 1;
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    size_t *cols;
    long nc = command_columns(s, "select", t, a->pos[1], &cols);
    if (nc < 0) return 1;
    size_t nconst, nmiss;
    StrList dropped = {0};
    size_t n = select_screen(t, cols, (size_t)nc, maxmiss, dropconst, &nmiss, &nconst, &dropped);
    if (top > 0) {
        long m = select_top(t, cols, n, (size_t)top, by_mad);
        if (m < 0) { rgx_error(s, "select: out of memory"); free(cols); strlist_free(&dropped); return 1; }
        n = (size_t)m;
    }
    size_t *all = xmalloc((n + 1) * sizeof *all), na = 0;
    if (t->id >= 0) all[na++] = (size_t)t->id;
    for (size_t k = 0; k < n; k++)
        if ((long)cols[k] != t->id) all[na++] = cols[k];
    free(cols);
    char *name = xstrdup(as ? as : t->name);
    Table *o = table_subset(t, name, NULL, 0, all, na);
    free(all);
    if (!o) { rgx_error(s, "select: out of memory"); free(name); strlist_free(&dropped); return 1; }
    /* a metadata column in the result was asked for by name (globs skip
       them): from now on it is an ordinary column, shown and selected */
    for (size_t j = 0; j < o->ncol; j++) o->cols[j].meta = 0;
    out_printf(&s->out, "%s: %zu row%s × %zu column%s", name, o->nrow, o->nrow == 1 ? "" : "s", o->ncol,
               o->ncol == 1 ? "" : "s");
    if (top > 0) out_printf(&s->out, " (the %zu of largest %s)", n, by_mad ? "MAD" : "variance");
    out_puts(&s->out, "\n");
    if (nconst || nmiss) {
        Buf b = {0};
        join_list(&b, (const char *const *)dropped.v, dropped.n, 5);
        out_printf(&s->out, "  dropped %zu constant and %zu mostly missing (over %g) column%s: %s%s\n", nconst, nmiss,
                   maxmiss, nconst + nmiss == 1 ? "" : "s", b.s, nconst + nmiss > dropped.n ? ", …" : "");
        buf_free(&b);
    }
    store_result(s, t, o);
    strlist_free(&dropped);
    free(name);
    return 0;
}

int cmd_transform(Session *s, Args *a) {
    if (a->npos != 3) return args_usage(s, a);
    Table *t = session_table(s, a->pos[0]);
    if (!t) return 1;
    static const char *const kinds[] = {"log2p1", "zscore", "rank"};
    int kind = -1;
    for (int k = 0; k < 3; k++)
        if (strcasecmp(a->pos[2], kinds[k]) == 0) kind = k;
    if (kind < 0) {
        const char *g = suggest(a->pos[2], kinds, 3);
        rgx_error(s, "transform: unknown transform '%s'%s%s%s; transforms: log2p1, zscore, rank", a->pos[2],
                  g ? " (did you mean " : "", g ? g : "", g ? "?)" : "");
        return 1;
    }
    size_t *cols;
    long nc = command_columns(s, "transform", t, a->pos[1], &cols);
    if (nc < 0) return 1;
    size_t done = 0, text = 0, bad = 0, flat = 0;
    for (long k = 0; k < nc; k++) {
        Column *c = &t->cols[cols[k]];
        if (c->type != COL_NUM) { text++; continue; }
        if (kind == 0) bad += log2p1(c->num, t->nrow);
        else if (kind == 1) flat += zscore(c->num, t->nrow) == 0;
        else if (rank_average(c->num, t->nrow, c->num) < 0) {
            rgx_error(s, "transform: out of memory (after %zu columns)", done);
            free(cols);
            return 1;
        }
        done++;
    }
    free(cols);
    out_printf(&s->out, "%s: %s of %zu column%s", t->name, kinds[kind], done, done == 1 ? "" : "s");
    if (text) out_printf(&s->out, "; %zu text column%s left as they are", text, text == 1 ? "" : "s");
    out_puts(&s->out, "\n");
    if (bad) rgx_warn(s, "transform: %zu value%s below -1 have no log2(x + 1): now NA", bad, bad == 1 ? "" : "s");
    if (flat) rgx_warn(s, "transform: %zu column%s with no variation: z-scores are NA", flat, flat == 1 ? "" : "s");
    return 0;
}
