/* cmd_icc.c — icc and ccc: the reliability of features measured twice or
 * more (test–retest scans, readers, segmentations), from a long table of
 * one row per subject × repeat. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "io/load_table.h"
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/ccc.h"
#include "stats/icc.h"

/* The design of a long table: who is measured (SUBJECT), which
 * measurement (REPEAT), as icc_layout wants it. */
typedef struct Design {
    IccLayout L;            /* subjects × repeats → rows */
    StrList subjects;       /* subject names, by code */
    StrList repeats;        /* repeat names, by code ("1st", "2nd"… when ordered) */
    int ordered;            /* 1: repeats numbered by their order within each subject */
    size_t ndistinct;       /* distinct REPEAT values */
    size_t nmissing;        /* rows without a subject or a repeat */
    long sj, rj;            /* the SUBJECT and REPEAT columns */
} Design;

static void design_free(Design *d) {
    icc_layout_free(&d->L);
    strlist_free(&d->subjects);
    strlist_free(&d->repeats);
}

/* The text of cell (i, j), numbers as R's as.character; NULL when missing. */
static const char *cell_text(const Table *t, size_t i, long j, char *tmp, size_t len) {
    const Column *c = &t->cols[j];
    if (c->type == COL_STR) return c->str[i];
    if (isnan(c->num[i])) return NULL;
    snprintf(tmp, len, "%.15g", c->num[i]);
    return tmp;
}

/* Codes of column j's values in order of first appearance (ICC_NONE when missing). */
static void code_values(const Table *t, long j, size_t *code, StrList *names) {
    StrMap m = {0};
    char tmp[64];
    for (size_t i = 0; i < t->nrow; i++) {
        const char *v = cell_text(t, i, j, tmp, sizeof tmp);
        size_t k;
        if (!v) { code[i] = ICC_NONE; continue; }
        if (strmap_get(&m, v, &k)) { code[i] = k; continue; }
        strlist_add(names, v);
        code[i] = names->n - 1;
        strmap_put(&m, names->v[code[i]], code[i], NULL);   /* the key is the list's copy */
    }
    strmap_free(&m);
}

static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

/* A key that orders column j's values: numbers as they are; text as
 * numbers when every value is one, else by its rank in byte order (ISO
 * and YYYYMMDD dates order so). */
static void order_keys(const Table *t, long j, double *key) {
    const Column *c = &t->cols[j];
    size_t n = t->nrow;
    if (c->type == COL_NUM) { memcpy(key, c->num, n * sizeof *key); return; }
    int all_num = 1;
    for (size_t i = 0; i < n && all_num; i++) all_num = !c->str[i] || parse_number(c->str[i], &key[i]);
    if (all_num) {
        for (size_t i = 0; i < n; i++)
            if (!c->str[i]) key[i] = NAN;
        return;
    }
    char **v = xmalloc((n ? n : 1) * sizeof *v);
    size_t m = 0;
    for (size_t i = 0; i < n; i++)
        if (c->str[i]) v[m++] = c->str[i];
    qsort(v, m, sizeof *v, cmp_str);
    for (size_t i = 0; i < n; i++) {
        if (!c->str[i]) { key[i] = NAN; continue; }
        size_t lo = 0, hi = m;   /* the first equal one */
        while (lo < hi) {
            size_t mid = (lo + hi) / 2;
            if (strcmp(v[mid], c->str[i]) < 0) lo = mid + 1;
            else hi = mid;
        }
        key[i] = (double)lo;
    }
    free(v);
}

static const char *ordinal(size_t k, char *b, size_t len) {
    static const char *const suf[] = {"th", "st", "nd", "rd"};
    size_t r = k % 100, s = (r >= 11 && r <= 13) || k % 10 > 3 ? 0 : k % 10;
    snprintf(b, len, "%zu%s", k, suf[s]);
    return b;
}

/* Build the design of t for cmd from `by SUBJECT over REPEAT`; mode 0
 * auto, 1 labels, 2 order.  Returns 0, or -1 after the error. */
static int design_build(Session *s, const char *cmd, const Table *t, const char *by, const char *over, int mode,
                        Design *d) {
    memset(d, 0, sizeof *d);
    Buf err = {0};
    if ((d->sj = table_find_err(t, by, &err)) < 0 || (d->rj = table_find_err(t, over, &err)) < 0) {
        rgx_error(s, "%s: %s %s", cmd, d->sj < 0 ? "by SUBJECT:" : "over REPEAT:", err.s);
        buf_free(&err);
        return -1;
    }
    if (d->sj == d->rj) { rgx_error(s, "%s: SUBJECT and REPEAT are the same column (%s)", cmd, by); return -1; }
    size_t n = t->nrow, *subj = xmalloc((n ? n : 1) * sizeof *subj), *rep = xmalloc((n ? n : 1) * sizeof *rep);
    code_values(t, d->sj, subj, &d->subjects);
    StrList rlev = {0};
    code_values(t, d->rj, rep, &rlev);
    d->ndistinct = rlev.n;
    /* the most repeats of one subject */
    size_t *per = xcalloc(d->subjects.n ? d->subjects.n : 1, sizeof *per), most = 0;
    for (size_t i = 0; i < n; i++) {
        if (subj[i] == ICC_NONE || rep[i] == ICC_NONE) { d->nmissing++; subj[i] = rep[i] = ICC_NONE; continue; }
        if (++per[subj[i]] > most) most = per[subj[i]];
    }
    free(per);
    int rc = -1;
    size_t dup;
    Buf tb = {0}, tc = {0};
    /* repeats are labels shared by the subjects (readers A, B) unless there
       are more distinct values than any subject has (exam dates) */
    d->ordered = mode == 2 || (mode == 0 && rlev.n > most);
    if (d->ordered) {
        double *key = xmalloc((n ? n : 1) * sizeof *key);
        order_keys(t, d->rj, key);
        for (size_t i = 0; i < n; i++)
            if (subj[i] == ICC_NONE) key[i] = NAN;
        size_t nrep, *ord = xmalloc((n ? n : 1) * sizeof *ord);
        int r = icc_repeat_order(subj, key, n, d->subjects.n, ord, &nrep, &dup);
        free(key);
        if (r == -3) {
            rgx_error(s, "%s: subject %s has two rows with %s = %s (row %zu and an earlier one); each repeat once", cmd,
                      fmt_text(&tb, d->subjects.v[subj[dup]]), over, fmt_text(&tc, rlev.v[rep[dup]]), dup + 1);
            free(ord);
            goto done;
        }
        memcpy(rep, ord, n * sizeof *rep);
        free(ord);
        if (r < 0) { rgx_error(s, "%s: out of memory", cmd); goto done; }
        char b[32];
        for (size_t k = 0; k < nrep; k++) strlist_add(&d->repeats, ordinal(k + 1, b, sizeof b));
    } else {
        for (size_t k = 0; k < rlev.n; k++) strlist_add(&d->repeats, rlev.v[k]);
    }
    if (d->repeats.n < 2) {
        rgx_error(s, "%s: %s has one value only (%s): every subject is measured once; %s needs subjects measured "
                     "twice or more (test-retest scans, readers, segmentations)", cmd, over,
                  d->repeats.n ? fmt_text(&tb, rlev.v[0]) : "none", cmd);
        goto done;
    }
    int r = icc_layout_build(subj, rep, n, d->subjects.n, d->repeats.n, &d->L, &dup);
    if (r == -3) {
        rgx_error(s, "%s: subject %s has two rows with %s = %s (row %zu and an earlier one); each repeat once", cmd,
                  fmt_text(&tb, d->subjects.v[subj[dup]]), over, fmt_text(&tc, d->repeats.v[rep[dup]]), dup + 1);
        goto done;
    }
    if (r < 0) { rgx_error(s, "%s: out of memory", cmd); goto done; }
    if (!d->L.n_complete) {
        rgx_error(s, "%s: no subject has every repeat (%zu subjects, %zu repeats%s): nothing to compare", cmd,
                  d->L.n_present, d->repeats.n, d->ordered ? " by order" : "");
        goto done;
    }
    rc = 0;
done:
    buf_free(&tb);
    buf_free(&tc);
    free(subj);
    free(rep);
    strlist_free(&rlev);
    if (rc) design_free(d);
    return rc;
}

/* "subject = S (48 with every repeat, 6 left out: a, b…), repeat = R (…)" */
static void design_print(Session *s, const Design *d, const char *by, const char *over) {
    Buf b = {0};
    out_printf(&s->out, "  subject = %s: %zu with every repeat", by, d->L.n_complete);
    size_t nout = d->L.n_present - d->L.n_complete;
    if (nout) {
        out_printf(&s->out, "; %zu lacking one left out (", nout);
        size_t shown = 0;
        for (size_t sub = 0; sub < d->L.nsub && shown < 5; sub++) {
            size_t have = 0;
            for (size_t j = 0; j < d->L.nrep; j++) have += d->L.cell[sub * d->L.nrep + j] != ICC_NONE;
            if (have && have < d->L.nrep) out_printf(&s->out, "%s%s", shown++ ? ", " : "", fmt_text(&b, d->subjects.v[sub]));
        }
        out_printf(&s->out, "%s)", nout > 5 ? ", …" : "");
    }
    out_puts(&s->out, "\n");
    if (d->ordered)
        out_printf(&s->out, "  repeat = %s: its %zu values differ between subjects, so the repeats are numbered by their "
                            "order within each subject (%zu: 1st, 2nd…)\n", over, d->ndistinct, d->repeats.n);
    else {
        out_printf(&s->out, "  repeat = %s: %zu values shared by the subjects (", over, d->repeats.n);
        for (size_t k = 0; k < d->repeats.n && k < 6; k++)
            out_printf(&s->out, "%s%s", k ? ", " : "", fmt_text(&b, d->repeats.v[k]));
        out_printf(&s->out, "%s)\n", d->repeats.n > 6 ? ", …" : "");
    }
    if (d->nmissing) out_printf(&s->out, "  %zu rows without a %s or %s left out\n", d->nmissing, by, over);
    buf_free(&b);
}

/* The numeric features of selector in t, without the key and the given columns. */
static long feature_columns(Session *s, const char *cmd, const Table *t, const char *sel, long skip1, long skip2,
                            size_t **cols, size_t *ntext) {
    long nc = command_columns(s, cmd, t, sel, cols);
    if (nc < 0) return -1;
    size_t p = 0;
    *ntext = 0;
    for (long k = 0; k < nc; k++) {
        size_t j = (*cols)[k];
        if ((long)j == t->id || (long)j == skip1 || (long)j == skip2) continue;
        if (t->cols[j].type != COL_NUM) { (*ntext)++; continue; }
        (*cols)[p++] = j;
    }
    if (!p) {
        rgx_error(s, "%s: %s selects no numeric feature%s", cmd, sel, *ntext ? " (only text columns)" : "");
        free(*cols);
        return -1;
    }
    return (long)p;
}

static const char *const TYPE_WHAT[] = {
    "ICC1 = ICC(1,1): one-way random effects, single measure",
    "ICC2 = ICC(2,1): two-way random effects, absolute agreement, single measure",
    "ICC3 = ICC(3,1): two-way mixed effects, consistency, single measure",
    "ICC1k: one-way random, the mean of the repeats", "ICC2k: two-way random, absolute agreement, the mean of the repeats",
    "ICC3k: two-way mixed, consistency, the mean of the repeats"};

/* What `icc` was asked for: its keywords and options. */
typedef struct IccArgs {
    const char *in, *by, *over, *as;    /* the keywords, or NULL */
    int type;                           /* icc1|icc2|icc3|icc1k|icc2k|icc3k|all (6) */
    int reml;                           /* method=reml */
    int mode;                           /* repeats=: 0 auto, 1 labels, 2 order */
    double level;                       /* level= */
} IccArgs;

/* Parse icc's words into o.  Returns 0, or 1 after the usage or error. */
static int icc_args(Session *s, Args *a, IccArgs *o) {
    o->in = args_take_kw(a, "in");
    o->by = args_take_kw(a, "by");
    o->over = args_take_kw(a, "over");
    o->as = args_take_kw(a, "as");
    o->type = args_get_choice(a, "type", 1, NULL);
    o->reml = args_get_choice(a, "method", 0, NULL);
    o->mode = args_get_choice(a, "repeats", 0, NULL);
    o->level = args_get_double(a, "level", 0.95, 0.5, 0.9999);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !o->by || !o->over) return args_usage(s, a);
    return o->as && !valid_table_name(s, "icc", o->as);
}

#define ICC_NCOLS 10   /* the numeric columns of a row: icc low high n_subjects n_repeats F df1 df2 p n_incomplete */

/* The rows of the result: per feature, one row per type asked (t0..t1-1). */
typedef struct IccRows {
    size_t nr, per, t0, t1;     /* rows; types per feature; the first and past-the-last type */
    char **fn, **ty, **neg;     /* feature, type, neg_var (nr each, owned until icc_table) */
    double *v[ICC_NCOLS];       /* the numeric columns (owned until icc_table) */
    size_t nneg, nnan;          /* features with a negative variance component; without an ICC2 */
    StrList negs, nans;         /* their first 5 names */
} IccRows;

static void icc_rows_free(IccRows *R) {
    for (size_t i = 0; R->fn && i < R->nr; i++) { free(R->fn[i]); free(R->ty[i]); free(R->neg[i]); }
    free(R->fn);
    free(R->ty);
    free(R->neg);
    for (int k = 0; k < ICC_NCOLS; k++) free(R->v[k]);
    strlist_free(&R->negs);
    strlist_free(&R->nans);
    memset(R, 0, sizeof *R);
}

/* Row i of R from feature `name`'s ICCs r, type q. */
static void icc_row_fill(IccRows *R, size_t i, const char *name, const IccResult *r, size_t q) {
    const IccRow *w = &r->row[q];
    R->fn[i] = xstrdup(name);
    R->ty[i] = xstrdup(icc_type_name((IccType)q));
    double vals[ICC_NCOLS] = {w->icc, w->lower, w->upper, (double)r->n_subjects, (double)r->n_raters, w->F, w->df1,
                              w->df2, w->p, (double)r->n_incomplete};
    for (int k = 0; k < ICC_NCOLS; k++) R->v[k][i] = vals[k];
    R->neg[i] = r->negative_var ? xstrdup(r->negative_var == 1 ? "repeat" : r->negative_var == 2 ? "subject" : "both")
                                : NULL;
}

/* The ICCs of the p features cols of t (stats/icc.h) into R.  Returns 0,
 * or -1 after the error (R freed). */
static int icc_rows(Session *s, const Table *t, const Design *d, const size_t *cols, size_t p, const IccArgs *o,
                    IccRows *R) {
    R->t0 = o->type == 6 ? 0 : (size_t)o->type;
    R->t1 = o->type == 6 ? ICC_NTYPES : R->t0 + 1;
    R->per = R->t1 - R->t0;
    R->nr = p * R->per;
    R->fn = xcalloc(R->nr, sizeof *R->fn);
    R->ty = xcalloc(R->nr, sizeof *R->ty);
    R->neg = xcalloc(R->nr, sizeof *R->neg);
    for (int k = 0; k < ICC_NCOLS; k++) R->v[k] = xmalloc(R->nr * sizeof *R->v[k]);
    Buf lab = {0};
    int stop = 0;   /* 1 interrupted, 2 out of memory */
    for (size_t f = 0; f < p && !stop; f++) {
        IccResult r;
        if (session_cancelled(s)) { stop = 1; break; }
        if (icc_feature(&d->L, t->cols[cols[f]].num, 1 - o->level, o->reml ? ICC_REML : ICC_ANOVA, &r) < 0) { stop = 2; break; }
        const char *name = table_col_label(t, cols[f], &lab);
        if (r.negative_var) { R->nneg++; if (R->negs.n < 5) strlist_add(&R->negs, name); }
        if (isnan(r.row[ICC_2].icc)) { R->nnan++; if (R->nans.n < 5) strlist_add(&R->nans, name); }
        for (size_t q = R->t0; q < R->t1; q++) icc_row_fill(R, f * R->per + (q - R->t0), name, &r, q);
    }
    buf_free(&lab);
    if (!stop) return 0;
    rgx_error(s, "icc: %s; no result was stored", stop == 1 ? "interrupted" : "out of memory");
    icc_rows_free(R);
    return -1;
}

/* The result's main table NAME (feature icc type low high n_subjects
 * n_repeats F df1 df2 p n_incomplete neg_var): R's columns taken. */
static Table *icc_table(const char *name, const char *from, IccRows *R) {
    Table *o = table_new(name, from, R->nr);
    static const char *const cn[ICC_NCOLS] = {"icc", "low", "high", "n_subjects", "n_repeats", "F", "df1", "df2", "p",
                                              "n_incomplete"};
    table_add_str(o, "feature", NULL, R->fn);
    table_add_num(o, cn[0], NULL, R->v[0]);
    table_add_str(o, "type", NULL, R->ty);
    for (int k = 1; k < ICC_NCOLS; k++) table_add_num(o, cn[k], NULL, R->v[k]);
    table_add_str(o, "neg_var", NULL, R->neg);
    R->fn = R->ty = R->neg = NULL;
    for (int k = 0; k < ICC_NCOLS; k++) R->v[k] = NULL;
    return o;
}

/* Koo & Li (2016)'s bands of the first type asked, counted over the p
 * features (stats/icc.h's icc_band). */
static void print_bands(Session *s, const Table *o, size_t p, const IccRows *R) {
    size_t band[ICC_NBANDS] = {0};
    const double *icc = o->cols[1].num;
    for (size_t f = 0; f < p; f++) band[icc_band(icc[f * R->per])]++;
    out_printf(&s->out, "  %s >= 0.9 (excellent): %zu, 0.75-0.9 (good): %zu, 0.5-0.75 (moderate): %zu, < 0.5 (poor): %zu%s",
               icc_type_name((IccType)R->t0), band[ICC_EXCELLENT], band[ICC_GOOD], band[ICC_MODERATE], band[ICC_POOR],
               band[ICC_NO_BAND] ? "" : "\n");
    if (band[ICC_NO_BAND]) out_printf(&s->out, ", NA: %zu\n", band[ICC_NO_BAND]);
}

/* The notes under the table: negative variance components, features without an ICC. */
static void print_icc_notes(Session *s, const IccArgs *o, const IccRows *R) {
    size_t nneg = R->nneg, nnan = R->nnan;
    Buf b = {0};
    if (nneg) {
        join_list(&b, (const char *const *)R->negs.v, R->negs.n, 5);
        if (o->reml)
            out_printf(&s->out, "  %zu feature%s with a negative ANOVA variance component (neg_var): REML sets it to 0, as "
                                "psych's default does; ICC(x, lmer = FALSE) gives other values for %s: %s%s\n",
                       nneg, nneg == 1 ? "" : "s", nneg == 1 ? "it" : "them", b.s, nneg > R->negs.n ? ", …" : "");
        else
            out_printf(&s->out, "  note: %zu feature%s ha%s a negative variance component (neg_var: the repeats or the subjects "
                                "vary less than the residual); psych::ICC's default (lmer = TRUE) prints other values for "
                                "%s (method=reml gives them): %s%s\n", nneg, nneg == 1 ? "" : "s", nneg == 1 ? "s" : "ve",
                       nneg == 1 ? "it" : "them", b.s, nneg > R->negs.n ? ", …" : "");
    }
    if (nnan) {
        b.len = 0;
        join_list(&b, (const char *const *)R->nans.v, R->nans.n, 5);
        rgx_warn(s, "icc: %zu feature%s ha%s no ICC (NA: fewer than 2 complete subjects, or no variation): %s%s", nnan,
                 nnan == 1 ? "" : "s", nnan == 1 ? "s" : "ve", b.s, nnan > R->nans.n ? ", …" : "");
    }
    buf_free(&b);
}

/* The summary: what was computed, the design, the bands, the table top, the notes. */
static void icc_print(Session *s, const IccArgs *o, const Design *d, const Table *t, const Table *top, size_t p,
                      size_t ntext, const IccRows *R) {
    out_printf(&s->out, "icc %s: %zu feature%s of %s, %s\n", top->name, p, p == 1 ? "" : "s", t->name,
               o->type == 6 ? "all six forms of Shrout & Fleiss (1979)" : TYPE_WHAT[o->type]);
    design_print(s, d, o->by, o->over);
    out_printf(&s->out, "  %g%% bounds from the F distribution; the numbers equal psych::ICC(x, lmer = %s)%s\n",
               100 * o->level, o->reml ? "TRUE" : "FALSE",
               o->reml ? " (REML variance components, closed form)" : " (the two-way ANOVA)");
    if (ntext) out_printf(&s->out, "  %zu text column%s skipped\n", ntext, ntext == 1 ? "" : "s");
    print_bands(s, top, p, R);
    print_head(s, top, 10);
    print_icc_notes(s, o, R);
}

int cmd_icc(Session *s, Args *a) {
    IccArgs o = {0};
    if (icc_args(s, a, &o)) return 1;
    Table *t = command_table(s, "icc", o.in, a->pos[0]);
    if (!t) return 1;
    Design d;
    if (design_build(s, "icc", t, o.by, o.over, o.mode, &d) < 0) return 1;
    size_t *cols, ntext;
    long p = feature_columns(s, "icc", t, a->pos[0], d.sj, d.rj, &cols, &ntext);
    if (p < 0) { design_free(&d); return 1; }
    IccRows R = {0};
    int rc = 1;
    if (icc_rows(s, t, &d, cols, (size_t)p, &o, &R) < 0) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "icc");
    Table *top = icc_table(name, t->name, &R);
    icc_print(s, &o, &d, t, top, (size_t)p, ntext, &R);
    Result *res = command_result(a, "icc", top);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    result_param(res, "type", o.type == 6 ? "all" : icc_type_name((IccType)o.type));
    result_param(res, "method", o.reml ? "reml" : "anova");
    result_param(res, "repeats", d.ordered ? "order" : "label");
    store_unit(s, res);
    free(name);
    rc = 0;
done:
    icc_rows_free(&R);
    free(cols);
    design_free(&d);
    return rc;
}

/* ccc FEATURES by SUBJECT over REPEAT: the two repeats of each feature. */
static int ccc_long(Session *s, Args *a, Table *t, const char *by, const char *over, int mode, double level,
                    const char *as) {
    Design d;
    if (design_build(s, "ccc", t, by, over, mode, &d) < 0) return 1;
    if (d.repeats.n != 2) {
        rgx_error(s, "ccc: compares two repeats; %s has %zu%s (icc takes any number)", over, d.repeats.n,
                  d.ordered ? " by order within a subject" : "");
        design_free(&d);
        return 1;
    }
    size_t *cols, ntext;
    long p = feature_columns(s, "ccc", t, a->pos[0], d.sj, d.rj, &cols, &ntext);
    if (p < 0) { design_free(&d); return 1; }
    size_t ns = d.L.nsub, np = (size_t)p;
    double *x = xmalloc((ns ? ns : 1) * sizeof *x), *y = xmalloc((ns ? ns : 1) * sizeof *y);
    char **fn = xcalloc(np, sizeof *fn);
    double *v[8];
    for (int k = 0; k < 8; k++) v[k] = xmalloc(np * sizeof *v[k]);
    Buf lab = {0};
    for (size_t f = 0; f < np; f++) {
        const double *val = t->cols[cols[f]].num;
        size_t m = 0;
        for (size_t sub = 0; sub < ns; sub++) {
            size_t o1 = d.L.cell[sub * 2], o2 = d.L.cell[sub * 2 + 1];
            if (o1 == ICC_NONE && o2 == ICC_NONE) continue;
            x[m] = o1 == ICC_NONE ? NAN : val[o1];
            y[m++] = o2 == ICC_NONE ? NAN : val[o2];
        }
        CccResult r;
        ccc_compute(x, y, m, level, &r);
        fn[f] = xstrdup(table_col_label(t, cols[f], &lab));
        double vals[8] = {(double)r.n, r.ccc, r.lower, r.upper, r.r, r.c_b, r.s_shift, r.l_shift};
        for (int k = 0; k < 8; k++) v[k][f] = vals[k];
    }
    buf_free(&lab);
    free(x);
    free(y);
    char *name = as ? xstrdup(as) : session_new_name(s, "ccc");
    Table *o = table_new(name, t->name, np);
    static const char *const cn[] = {"n", "ccc", "low", "high", "r", "c_b", "s_shift", "l_shift"};
    table_add_str(o, "feature", NULL, fn);
    for (int k = 0; k < 8; k++) table_add_num(o, cn[k], NULL, v[k]);
    out_printf(&s->out, "ccc %s: %ld feature%s of %s, Lin's concordance of the %s and the %s repeat\n", name, p,
               p == 1 ? "" : "s", t->name, d.repeats.v[0], d.repeats.v[1]);
    design_print(s, &d, by, over);
    out_printf(&s->out, "  %g%% interval by Fisher's z (epiR::epi.ccc(x, y, ci = \"z-transform\")); c_b = ccc / r "
                        "(accuracy), s_shift = sd(y)/sd(x), l_shift: the location shift\n", 100 * level);
    print_head(s, o, 10);
    Result *res = command_result(a, "ccc", o);
    result_param(res, "features", a->pos[0]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    free(cols);
    design_free(&d);
    return 0;
}

int cmd_ccc(Session *s, Args *a) {
    const char *in = args_take_kw(a, "in"), *by = args_take_kw(a, "by"), *over = args_take_kw(a, "over");
    const char *as = args_take_kw(a, "as");
    double level = args_get_double(a, "level", 0.95, 0.5, 0.9999);
    int mode = args_get_choice(a, "repeats", 0, NULL);
    if (args_failed(s, a)) return 1;
    if (as && !valid_table_name(s, "ccc", as)) return 1;
    if (by || over) {
        if (a->npos != 1 || !by || !over) return args_usage(s, a);
        Table *t = command_table(s, "ccc", in, a->pos[0]);
        return t ? ccc_long(s, a, t, by, over, mode, level, as) : 1;
    }
    if (a->npos != 2) return args_usage(s, a);
    Table *t = command_table(s, "ccc", in, a->pos[0]);
    if (!t) return 1;
    long xj, yj;
    Buf err = {0};
    if ((xj = table_find_err(t, a->pos[0], &err)) < 0 || (yj = table_find_err(t, a->pos[1], &err)) < 0) {
        rgx_error(s, "ccc: %s", err.s);
        buf_free(&err);
        return 1;
    }
    if (t->cols[xj].type != COL_NUM || t->cols[yj].type != COL_NUM) {
        rgx_error(s, "ccc: %s is text; ccc compares two numeric columns", t->cols[xj].type != COL_NUM ? a->pos[0] : a->pos[1]);
        return 1;
    }
    CccResult r;
    ccc_compute(t->cols[xj].num, t->cols[yj].num, t->nrow, level, &r);
    char *name = as ? xstrdup(as) : session_new_name(s, "ccc");
    Table *o = table_new(name, t->name, 1);
    Buf lab = {0};
    char **xs = xcalloc(1, sizeof *xs), **ys = xcalloc(1, sizeof *ys);
    xs[0] = xstrdup(table_col_label(t, (size_t)xj, &lab));
    ys[0] = xstrdup(table_col_label(t, (size_t)yj, &lab));
    buf_free(&lab);
    table_add_str(o, "x", NULL, xs);
    table_add_str(o, "y", NULL, ys);
    double vals[9] = {(double)r.n, r.ccc, r.lower, r.upper, r.r, r.c_b, r.s_shift, r.l_shift, (double)r.n_missing};
    static const char *const cn[] = {"n", "ccc", "low", "high", "r", "c_b", "s_shift", "l_shift", "n_missing"};
    for (int k = 0; k < 9; k++) {
        double *v = xmalloc(sizeof *v);
        v[0] = vals[k];
        table_add_num(o, cn[k], NULL, v);
    }
    out_printf(&s->out, "ccc %s: Lin's concordance of %s and %s in %s, %g%% interval by Fisher's z "
                        "(epiR::epi.ccc(x, y, ci = \"z-transform\"))\n", name, a->pos[0], a->pos[1], t->name, 100 * level);
    if (r.n_missing) out_printf(&s->out, "  %zu pairs with a missing value left out\n", r.n_missing);
    print_head(s, o, 1);
    if (isnan(r.ccc)) rgx_warn(s, "ccc: no concordance: fewer than 2 complete pairs, or a column without variation");
    Result *res = command_result(a, "ccc", o);
    result_param(res, "x", a->pos[0]);
    result_param(res, "y", a->pos[1]);
    result_param(res, "table", t->name);
    store_unit(s, res);
    free(name);
    return 0;
}
