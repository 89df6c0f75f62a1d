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
#include "stats/batcheffect.h"
#include "stats/combat.h"

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

/* What `harmonize` was asked for. */
typedef struct HarmArgs {
    const char *in, *by, *as;       /* the keywords, or NULL */
    const char *keep, *refname;     /* keep=, reference=, or NULL */
    int prior;                      /* prior=: 0 parametric, 1 nonparametric */
    int mean_only;                  /* mean_only= */
    int anova;                      /* test=anova (else Kruskal-Wallis) */
} HarmArgs;

/* Parse harmonize's words into o.  Returns 0, or 1 after the usage or error. */
static int harm_args(Session *s, Args *a, HarmArgs *o) {
    o->in = args_take_kw(a, "in");
    o->by = args_take_kw(a, "by");
    o->as = args_take_kw(a, "as");
    o->keep = args_opt(a, "keep");
    o->refname = args_opt(a, "reference");
    o->prior = args_get_choice(a, "prior", 0, NULL);
    o->mean_only = args_get_bool(a, "mean_only", 0);
    o->anova = args_get_choice(a, "test", 0, NULL);
    if (args_failed(s, a)) return 1;
    if (a->npos != 1 || !o->by) return args_usage(s, a);
    return o->as && !valid_table_name(s, "harmonize", o->as);
}

/* The data ComBat is given, and what it gave back. */
typedef struct Harm {
    size_t *rows, n;            /* the rows used: a batch and every covariate present (owned) */
    size_t nleft;               /* rows left out */
    StrList left;               /* the first 5 of their IDs */
    size_t *batch, nb, *bsize;  /* each row's batch (0..nb-1, every code used), the batch sizes (owned) */
    StrList lev;                /* the batches' names */
    long ref;                   /* reference= batch, or -1 */
    double *cov;                /* ncov covariate columns of n values (owned) */
    long ncov;
    size_t *kcols, nk;          /* the keep= columns (owned) */
    StrList covwhat;            /* "COL (a number)", "COL (a factor of 3 levels)" */
    size_t *cols, p, ntext;     /* the features (owned); text columns skipped */
    double **x, **out;          /* p features × n rows, before and after (owned) */
    CombatResult res;           /* ComBat's estimates and decisions */
} Harm;

static void harm_free(Harm *h) {
    combat_free(&h->res);
    for (size_t f = 0; h->x && f < h->p; f++) { free(h->x[f]); free(h->out[f]); }
    free(h->x);
    free(h->out);
    free(h->cov);
    free(h->kcols);
    free(h->cols);
    free(h->rows);
    free(h->batch);
    free(h->bsize);
    strlist_free(&h->lev);
    strlist_free(&h->covwhat);
    strlist_free(&h->left);
}

/* The rows with a batch (gid) and every keep= covariate present.
 * Returns 0, or -1 after the error. */
static int harm_rows(Session *s, const Table *t, const HarmArgs *o, const size_t *gid, Harm *h) {
    size_t *kcols = NULL, nk = 0;
    if (o->keep) {
        long nc = command_columns(s, "harmonize", t, o->keep, &kcols);
        if (nc < 0) return -1;
        nk = (size_t)nc;
    }
    h->rows = xmalloc((t->nrow ? t->nrow : 1) * sizeof *h->rows);
    for (size_t i = 0; i < t->nrow; i++) {
        int ok = gid[i] != GROUP_NONE_IDX;
        for (size_t k = 0; k < nk && ok; k++) {
            const Column *c = &t->cols[kcols[k]];
            ok = c->type == COL_NUM ? !isnan(c->num[i]) : c->str[i] != NULL;
        }
        if (ok) h->rows[h->n++] = i;
        else if (h->nleft++ < 5)
            strlist_add(&h->left, t->id >= 0 && t->cols[t->id].str[i] ? t->cols[t->id].str[i] : "(no ID)");
    }
    free(kcols);
    return 0;
}

/* The batches of the rows used, renumbered so that every code is used
 * (lev: the names of all levels, taken; h->lev: those used).  Returns 0,
 * or -1 after the error (fewer than two batches). */
static int harm_batches(Session *s, const HarmArgs *o, const size_t *gid, StrList *lev, Harm *h) {
    size_t nb = lev->n, *newcode = xmalloc(nb * sizeof *newcode), nbu = 0, n = h->n;
    h->bsize = xcalloc(nb, sizeof *h->bsize);
    for (size_t i = 0; i < n; i++) h->bsize[gid[h->rows[i]]]++;
    for (size_t b = 0; b < nb; b++)
        if (h->bsize[b]) { newcode[b] = nbu++; strlist_add(&h->lev, lev->v[b]); }
    h->batch = xmalloc((n ? n : 1) * sizeof *h->batch);
    for (size_t i = 0; i < n; i++) h->batch[i] = newcode[gid[h->rows[i]]];
    for (size_t b = 0; b < nb; b++) if (h->bsize[b]) h->bsize[newcode[b]] = h->bsize[b];
    free(newcode);
    strlist_free(lev);
    h->nb = nbu;
    if (h->nb >= 2) return 0;
    rgx_error(s, "harmonize: %s has %s among the %zu rows with a batch%s; ComBat needs two batches or more", o->by,
              h->nb ? "one batch only" : "no batch", n, o->keep ? " and every covariate" : "");
    return -1;
}

/* reference=BATCH as a batch code into h->ref (-1 without).  Returns 0,
 * or -1 after the error. */
static int harm_reference(Session *s, const HarmArgs *o, Harm *h) {
    h->ref = -1;
    if (!o->refname) return 0;
    for (size_t b = 0; b < h->nb && h->ref < 0; b++) {
        const char *eq = strstr(h->lev.v[b], " = ");   /* a numeric batch is named "COL = v" */
        if (!strcmp(h->lev.v[b], o->refname) || (eq && !strcmp(eq + 3, o->refname))) h->ref = (long)b;
    }
    if (h->ref >= 0) return 0;
    Buf bl = {0};
    join_list(&bl, (const char *const *)h->lev.v, h->lev.n, 12);
    rgx_error(s, "harmonize: reference=%s is not a batch of %s; the batches: %s", o->refname, o->by, bl.s);
    buf_free(&bl);
    return -1;
}

/* The numeric features of sel, without the key, the batch and the
 * covariates.  Returns 0, or -1 after the error. */
static int harm_features(Session *s, const Table *t, const char *sel, long bj, Harm *h) {
    long nc = command_columns(s, "harmonize", t, sel, &h->cols);
    if (nc < 0) return -1;
    for (long k = 0; k < nc; k++) {
        size_t j = h->cols[k];
        int skip = (long)j == t->id || (long)j == bj;
        for (size_t q = 0; q < h->nk && !skip; q++) skip = h->kcols[q] == j;
        if (skip) continue;
        if (t->cols[j].type != COL_NUM) { h->ntext++; continue; }
        h->cols[h->p++] = j;
    }
    if (h->p >= 2) return 0;
    rgx_error(s, "harmonize: %s selects %zu numeric feature%s; ComBat pools its priors over two or more", sel, h->p,
              h->p == 1 ? "" : "s");
    return -1;
}

/* ComBat (stats/combat.h) on the features over the rows used.  Returns 0,
 * or -1 after the error. */
static int harm_run(Session *s, const Table *t, const HarmArgs *o, Harm *h) {
    size_t p = h->p, n = h->n;
    h->x = xcalloc(p, sizeof *h->x);
    h->out = xcalloc(p, sizeof *h->out);
    for (size_t f = 0; f < p; f++) {
        h->x[f] = xmalloc((n ? n : 1) * sizeof *h->x[f]);
        h->out[f] = xmalloc((n ? n : 1) * sizeof *h->out[f]);
        for (size_t i = 0; i < n; i++) h->x[f][i] = t->cols[h->cols[f]].num[h->rows[i]];
    }
    CombatOpts co = {.prior = o->prior ? COMBAT_NONPARAMETRIC : COMBAT_PARAMETRIC, .mean_only = o->mean_only,
                     .ref = h->ref, .cancel = s->cancel};
    int cr = combat((const double *const *)h->x, p, n, h->batch, h->nb, h->cov, (size_t)h->ncov, &co, h->out, &h->res);
    if (cr >= 0) return 0;
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
    return -1;
}

/* NAME: the rows used, every column of t; the features adjusted. */
static Table *harm_table(const char *name, const Table *t, const HarmArgs *o, const Harm *h) {
    Table *o1 = table_subset(t, name, h->rows, h->n, NULL, 0);
    if (!o1) return NULL;
    Buf src = {0};
    buf_printf(&src, "harmonize of %s by %s", t->name, o->by);
    free(o1->source);
    o1->source = src.s;
    for (size_t f = 0; f < h->p; f++) memcpy(table_num_rw(o1, h->cols[f]), h->out[f], h->n * sizeof(double));
    return o1;
}

/* NAME.batch_test: feature status p_before p_after (stats/batcheffect.h);
 * *e the counts, worse the first 3 features made worse, skipped the first
 * 5 left unadjusted with why. */
static Table *batch_test_table(const char *name, const Table *t, const HarmArgs *o, const Harm *h, BatchEffect *e,
                               StrList *worse, StrList *skipped) {
    size_t p = h->p;
    Buf pn = {0}, lab = {0}, sk = {0};
    buf_printf(&pn, "%s.batch_test", name);
    Table *o2 = table_new(pn.s, t->name, p);
    buf_free(&pn);
    char **fn = xcalloc(p, sizeof *fn), **st = xcalloc(p, sizeof *st);
    double *pb = xmalloc(p * sizeof *pb), *pa = xmalloc(p * sizeof *pa);
    unsigned char *w = xmalloc(p);
    batch_effect((const double *const *)h->x, (const double *const *)h->out, p, h->n, h->batch, h->nb, o->anova, pb,
                 pa, w, e);
    for (size_t f = 0; f < p; f++) {
        fn[f] = xstrdup(table_col_label(t, h->cols[f], &lab));
        if (w[f] && worse->n < 3) strlist_add(worse, fn[f]);
        if (h->res.status[f] == COMBAT_ADJUSTED) { st[f] = xstrdup("adjusted"); continue; }
        sk.len = 0;
        buf_printf(&sk, "%s", combat_status_text(h->res.status[f]));
        if (h->res.skip_batch[f] != (size_t)-1) buf_printf(&sk, " (%s)", h->lev.v[h->res.skip_batch[f]]);
        st[f] = xstrdup(sk.s);
        if (skipped->n < 5) strlist_addf(skipped, "%s: %s", fn[f], sk.s);
    }
    free(w);
    buf_free(&lab);
    buf_free(&sk);
    table_add_str(o2, "feature", NULL, fn);
    table_add_str(o2, "status", NULL, st);
    table_add_num(o2, "p_before", NULL, pb);
    table_add_num(o2, "p_after", NULL, pa);
    return o2;
}

/* The summary's first lines: the batches, the model, who was left out
 * and what ComBat decided. */
static void harm_print_model(Session *s, const Table *t, const HarmArgs *o, const Harm *h, const char *name,
                             const StrList *skipped) {
    Buf bl = {0}, one = {0};
    for (size_t b = 0; b < h->nb; b++) buf_printf(&bl, "%s%s (%zu)", b ? ", " : "", fmt_text(&one, h->lev.v[b]), h->bsize[b]);
    out_printf(&s->out, "harmonize %s: %zu features of %s, %zu patients in %zu batches of %s: %s\n", name, h->p, t->name,
               h->n, h->nb, o->by, bl.s);
    out_printf(&s->out, "  ComBat (Johnson, Li & Rabinovic 2007) as sva::ComBat 3.46: %s priors%s%s",
               o->prior ? "non-parametric" : "parametric", h->res.mean_only ? ", location only (mean.only)" : "",
               h->ref >= 0 ? "" : "\n");
    if (h->ref >= 0) out_printf(&s->out, ", reference batch %s left as it was (ref.batch)\n", h->lev.v[h->ref]);
    if (h->res.mean_only_forced)
        rgx_warn(s, "harmonize: a batch has a single sample: its scale cannot be estimated, so every batch is adjusted "
                    "for location only (as sva's ComBat does)");
    bl.len = 0;
    if (h->covwhat.n) join_list(&bl, (const char *const *)h->covwhat.v, h->covwhat.n, 20);
    if (h->covwhat.n) out_printf(&s->out, "  kept (their effects preserved): %s\n", bl.s);
    if (h->nleft)
        out_printf(&s->out, "  %zu patient%s without a batch%s left out (not in %s): %s%s\n", h->nleft,
                   h->nleft == 1 ? "" : "s", o->keep ? " or a covariate" : "", name, h->left.v[0],
                   h->nleft > 1 ? ", …" : "");
    if (h->ntext) out_printf(&s->out, "  %zu text column%s skipped\n", h->ntext, h->ntext == 1 ? "" : "s");
    if (h->res.n_missing)
        out_printf(&s->out, "  %zu missing value%s stay missing (sva's missing-value path: each feature fitted on its "
                            "present values)\n", h->res.n_missing, h->res.n_missing == 1 ? "" : "s");
    size_t nsk = h->res.n_skipped;
    bl.len = 0;
    if (nsk) join_list(&bl, (const char *const *)skipped->v, skipped->n, 5);
    if (nsk)
        out_printf(&s->out, "  %zu feature%s left unadjusted, as sva leaves %s: %s%s\n", nsk, nsk == 1 ? "" : "s",
                   nsk == 1 ? "it" : "them", bl.s, nsk > skipped->n ? "; …" : "");
    if (!h->res.converged) rgx_warn(s, "harmonize: the parametric priors did not converge in 10,000 iterations for some batch");
    if (h->res.np_underflow)
        out_printf(&s->out, "  %zu (feature, batch) pairs where sva's non-parametric weights underflow (sva returns NaN "
                            "there; here they are summed in log scale)\n", h->res.np_underflow);
    buf_free(&bl);
    buf_free(&one);
}

/* The batch effect before and after, the features ComBat made worse, and the new table. */
static void harm_print_effect(Session *s, const Table *t, const HarmArgs *o, const Table *o1, const BatchEffect *e,
                              const StrList *worse) {
    out_printf(&s->out, "  batch effect (%s p by %s): %zu of %zu features at p < 0.05 before, %zu after (%s.batch_test)\n",
               o->anova ? "one-way ANOVA" : "Kruskal-Wallis", o->by, e->sig_before, e->tested, e->sig_after, o1->name);
    if (e->worse) {
        Buf b = {0};
        join_list(&b, (const char *const *)worse->v, worse->n, 3);
        rgx_warn(s, "harmonize: %zu feature%s had no batch effect at p < 0.05 before and %s one after (%s%s): ComBat "
                    "moves each batch's mean and variance, which skewed values and outliers distort; look at plot box "
                    "FEATURE by %s in %s, and consider transform %s SELECTOR rank (or log2p1) before harmonize",
                 e->worse, e->worse == 1 ? "" : "s", e->worse == 1 ? "has" : "have", b.s, e->worse > worse->n ? ", …" : "",
                 o->by, o1->name, t->name);
        buf_free(&b);
    }
    out_printf(&s->out, "  %s: %zu rows × %zu columns, the features adjusted; %s is unchanged\n", o1->name, o1->nrow,
               o1->ncol, t->name);
}

/* The rows, batches, reference, covariates and features of t for ComBat
 * into h.  Returns 0, or -1 after the error. */
static int harm_data(Session *s, const Table *t, const HarmArgs *o, const char *sel, Harm *h) {
    size_t *gid = NULL;
    StrList lev = {0};
    long bj = command_grouping(s, "harmonize", t, o->by, "by ", &gid, &lev);
    if (bj < 0) return -1;
    int rc = -1;
    if (harm_rows(s, t, o, gid, h) < 0) { strlist_free(&lev); goto done; }
    if (harm_batches(s, o, gid, &lev, h) < 0 || harm_reference(s, o, h) < 0) goto done;
    if ((h->ncov = covariates(s, t, o->keep, h->rows, h->n, &h->cov, &h->kcols, &h->nk, &h->covwhat)) < 0) goto done;
    rc = harm_features(s, t, sel, bj, h);
done:
    free(gid);
    return rc;
}

int cmd_harmonize(Session *s, Args *a) {
    HarmArgs o = {0};
    if (harm_args(s, a, &o)) return 1;
    Table *t = command_table(s, "harmonize", o.in, a->pos[0]);
    if (!t) return 1;
    Harm h = {0};
    int rc = 1;
    if (harm_data(s, t, &o, a->pos[0], &h) < 0 || harm_run(s, t, &o, &h) < 0) goto done;
    char *name = o.as ? xstrdup(o.as) : session_new_name(s, "harmonized");
    Table *o1 = harm_table(name, t, &o, &h);
    if (!o1) { rgx_error(s, "harmonize: out of memory"); free(name); goto done; }
    BatchEffect e;
    StrList worse = {0}, skipped = {0};
    Table *o2 = batch_test_table(name, t, &o, &h, &e, &worse, &skipped);
    harm_print_model(s, t, &o, &h, name, &skipped);
    harm_print_effect(s, t, &o, o1, &e, &worse);
    Result *r = command_result(a, "harmonize", o1);
    result_param(r, "features", a->pos[0]);
    result_param(r, "table", t->name);
    result_param(r, "prior", o.prior ? "nonparametric" : "parametric");
    result_param(r, "mean_only", h.res.mean_only ? "yes" : "no");
    result_add(r, o2);
    store_unit(s, r);
    strlist_free(&worse);
    strlist_free(&skipped);
    free(name);
    rc = 0;
done:
    harm_free(&h);
    return rc;
}
