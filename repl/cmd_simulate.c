/* cmd_simulate.c — simulate cohort / simulate radiomics for=T. */
#include <math.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include "repl/cmdutil.h"
#include "repl/commands.h"
#include "repl/format.h"
#include "stats/simulate.h"

/* The name of simulated feature k (stats/simulate.h: names PyRadiomics
 * can produce). */
static char *feature_name(size_t k) {
    char b[96];
    sim_feature_name(k, b, sizeof b);
    return xstrdup(b);
}

static const char *const GENE_NAMES[] = {"EGFR", "PDGFRA", "MET", "CDK4", "MDM2", "CHI3L1", "OLIG2", "SOX2", "NES", "VEGFA"};
static const char *const MUT_NAMES[SIM_NMUT] = {"EGFR", "IDH1", "TP53"};

static char *gene_name(size_t j) {
    if (j < 10) return xstrdup(GENE_NAMES[j]);
    Buf b = {0};
    buf_printf(&b, "G%04zu", j + 1);
    return b.s;
}

/* Add a numeric column taking ownership of v (n values copied from src when v is NULL). */
static long add_num(Table *t, const char *name, const char *origin, const double *src) {
    double *v = xmalloc((t->nrow ? t->nrow : 1) * sizeof *v);
    memcpy(v, src, t->nrow * sizeof *v);
    return table_add_num(t, name, origin, v);
}

/* The truth table: kind, column, partner, effect, what. */
typedef struct Truth {
    StrList kind, column, partner, what;   /* text columns */
    double *effect;                        /* planted size */
    size_t n, cap;
} Truth;

static void truth_add(Truth *T, const char *kind, const char *col, const char *partner, double eff, const char *what) {
    strlist_add(&T->kind, kind);
    strlist_add(&T->column, col);
    strlist_add(&T->partner, partner);
    strlist_add(&T->what, what);
    if (T->n == T->cap) {
        T->cap = T->cap ? 2 * T->cap : 16;
        T->effect = xrealloc(T->effect, T->cap * sizeof *T->effect);
    }
    T->effect[T->n++] = eff;
}

static char **take(StrList *l) {
    char **v = l->v;
    *l = (StrList){0};
    return v;
}

static Table *truth_table(Truth *T, const char *name) {
    Table *t = table_new(name, "simulate", T->n);
    table_add_str(t, "kind", NULL, take(&T->kind));
    table_add_str(t, "column", NULL, take(&T->column));
    table_add_str(t, "partner", NULL, take(&T->partner));
    table_add_num(t, "effect", NULL, T->effect);
    table_add_str(t, "what", NULL, take(&T->what));
    T->effect = NULL;
    return t;
}

/* The name of the truth part of result name (caller frees). */
static char *truth_name(const char *name) {
    Buf b = {0};
    buf_printf(&b, "%s.truth", name);
    return b.s;
}

/* The patients, features, genes, mutations and clinical columns of
 * cohort c as the main table name (source src). */
static Table *cohort_table(const char *name, const char *src, const SimCohort *c) {
    size_t n = c->n;
    Table *t = table_new(name, src, n);
    char **ids = xcalloc(n ? n : 1, sizeof *ids);
    for (size_t i = 0; i < n; i++) {
        Buf b = {0};
        buf_printf(&b, "SIM-%04zu", i + 1);
        ids[i] = b.s;
    }
    table_add_str(t, "patient", NULL, ids);
    table_set_id(t, 0);
    for (size_t j = 0; j < c->nfeat; j++) {
        char *fname = feature_name(j);
        add_num(t, fname, "rad", c->feat + j * n);
        free(fname);
    }
    for (size_t j = 0; j < c->ngene; j++) {
        char *g = gene_name(j);
        add_num(t, g, "expr", c->gene + j * n);
        free(g);
    }
    for (int m = 0; m < SIM_NMUT; m++) add_num(t, MUT_NAMES[m], "mut", c->mut + m * n);
    add_num(t, "cluster", "clin", c->cluster);
    long tj = add_num(t, "time", "clin", c->time);
    column_set_unit(t, (size_t)tj, "days");
    add_num(t, "event", "clin", c->event);
    return t;
}

/* Add plant p of a cohort to the truth T, named and described. */
static void truth_add_plant(Truth *T, const SimPlant *p, Buf *w) {
    char *f = feature_name(p->index), *g = gene_name(p->kind == SIM_CORRELATION ? p->partner : p->index);
    w->len = 0;
    switch (p->kind) {
    case SIM_CORRELATION:
        buf_printf(w, "rad.%s correlates with expr.%s (Pearson r = effect)", f, g);
        truth_add(T, "correlation", f, g, p->effect, w->s);
        break;
    case SIM_MUTATION_SHIFT:
        buf_printf(w, "rad.%s is higher in mut.%s patients by 2 x effect SD", f, MUT_NAMES[p->partner]);
        truth_add(T, "mutation shift", f, MUT_NAMES[p->partner], p->effect, w->s);
        break;
    case SIM_CLUSTER_FEATURE:
        buf_printf(w, "rad.%s: mean shifts by 3 x effect SD per cluster step", f);
        truth_add(T, "cluster", f, "cluster", p->effect, w->s);
        break;
    case SIM_CLUSTER_GENE:
        buf_printf(w, "expr.%s: mean shifts by 3 x effect SD per cluster step", g);
        truth_add(T, "cluster", g, "cluster", p->effect, w->s);
        break;
    case SIM_CLUSTER_MUTATION:
        truth_add(T, "cluster", MUT_NAMES[p->index], "cluster", p->effect,
                  "mut.IDH1: mutated in 25% of cluster 1, 3% elsewhere");
        break;
    case SIM_SURVIVAL:
        truth_add(T, "survival", "cluster", "time,event", p->effect, "survival: hazard ratio exp(effect) per cluster step");
        break;
    }
    free(f);
    free(g);
}

/* The truth part of cohort result name: what sim_cohort planted. */
static Table *cohort_truth(const char *name, size_t nf, size_t ng, double eff) {
    SimPlant plants[SIM_MAX_PLANTS];
    size_t np = sim_cohort_truth(nf, ng, eff, plants);
    Truth T = {0};
    Buf w = {0};
    for (size_t k = 0; k < np; k++)   /* a plant of no effect (effect=0) is no truth */
        if (!(plants[k].kind == SIM_SURVIVAL ? plants[k].effect == 1 : plants[k].effect == 0))
            truth_add_plant(&T, &plants[k], &w);
    buf_free(&w);
    char *tname = truth_name(name);
    Table *truth = truth_table(&T, tname);
    free(tname);
    return truth;
}

/* Print the planted truth, one line each (the what column). */
static void print_truth(Session *s, const Table *truth) {
    out_printf(&s->out, "  the planted truth (table %s):\n", truth->name);
    for (size_t i = 0; i < truth->nrow; i++) out_printf(&s->out, "    %s\n", truth->cols[4].str[i]);
}

int cmd_simulate_cohort(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos) return args_usage(s, a);
    long n = args_get_int(a, "n", 200, 3, 10000000L);
    long nf = args_get_int(a, "features", 100, 1, 100000L);
    long ng = args_get_int(a, "genes", 500, 1, 100000L);
    double eff = args_get_double(a, "effect", 0.5, 0, 3);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    char *name = as ? xstrdup(as) : session_new_name(s, "sim");
    if (!valid_table_name(s, "simulate", name)) { free(name); return 1; }
    SimCohort c;
    if (sim_cohort((size_t)n, (size_t)nf, (size_t)ng, eff, (unsigned long)seed, &c) < 0) {
        rgx_error(s, "simulate: out of memory");
        free(name);
        return 1;
    }
    Buf src = {0};
    buf_printf(&src, "simulated cohort (n=%ld features=%ld genes=%ld effect=%g seed=%ld)", n, nf, ng, eff, seed);
    Table *t = cohort_table(name, src.s, &c);
    Table *truth = cohort_truth(name, (size_t)nf, (size_t)ng, eff);
    double ev = 0;
    for (long i = 0; i < n; i++) ev += c.event[i];
    out_printf(&s->out, "simulated %s: %ld patients × %ld radiomic features, %ld genes, 3 mutations, survival "
                        "(%.0f deaths); seed %ld\n", name, n, nf, ng, ev, seed);
    out_printf(&s->out, "  columns by origin: rad.*, expr.*, mut.EGFR/IDH1/TP53, clin.cluster/time/event\n");
    if (eff > 0) print_truth(s, truth);
    else   /* nothing to list: say so, and the one link that is not the effect's */
        out_printf(&s->out, "  no signal planted (effect=0): the features, genes and survival are noise; only "
                            "mut.IDH1 depends on clin.cluster (25%% of cluster 1, 3%% elsewhere), as at every effect "
                            "(table %s)\n", truth->name);
    sim_cohort_free(&c);
    Result *res = command_result(a, "simulate cohort", t);
    result_add(res, truth);
    store_unit(s, res);
    buf_free(&src);
    free(name);
    return 0;
}

/* The columns of c that option key=opt names, all numeric, in *cols
 * (caller frees).  Returns how many, or −1 after reporting (need: what
 * the columns must be, "0/1"). */
static long option_columns(Session *s, const Table *c, const char *key, const char *opt, const char *need,
                           size_t **cols) {
    long n = command_columns(s, "simulate radiomics", c, opt, cols);
    if (n < 0) return -1;
    for (long k = 0; k < n; k++)
        if (c->cols[(*cols)[k]].type != COL_NUM) {
            rgx_error(s, "simulate radiomics: %s: %s is not a %s column", key, c->cols[(*cols)[k]].name, need);
            free(*cols);
            *cols = NULL;
            return -1;
        }
    return n;
}

/* groups=COLS of simulate radiomics: the 0/1 columns of c named (none:
 * no group), else the (at most 3) most frequent ones (sim_pick_groups)
 * in *gcols (caller frees).  Returns how many, or −1 after reporting. */
static long radiomics_groups(Session *s, const Table *c, const char *gopt, size_t **gcols) {
    if (gopt && !strcasecmp(gopt, "none")) {   /* no group shifts */
        *gcols = xmalloc(sizeof **gcols);
        return 0;
    }
    if (gopt) return option_columns(s, c, "groups", gopt, "0/1", gcols);
    size_t m = 0, *cand = xmalloc((c->ncol ? c->ncol : 1) * sizeof *cand);
    const double **num = xmalloc((c->ncol ? c->ncol : 1) * sizeof *num);
    for (size_t j = 0; j < c->ncol; j++)
        if (c->cols[j].type == COL_NUM && !c->cols[j].meta) { cand[m] = j; num[m++] = table_num(c, j); }
    *gcols = xmalloc(3 * sizeof **gcols);
    size_t ng = sim_pick_groups(num, m, c->nrow, 3, *gcols);
    for (size_t k = 0; k < ng; k++) (*gcols)[k] = cand[(*gcols)[k]];
    free(cand);
    free(num);
    return (long)ng;
}

/* link=COLS of simulate radiomics: the numeric columns of c in *lcols
 * (caller frees; NULL without link=).  Returns how many, or −1 after
 * reporting. */
static long radiomics_links(Session *s, const Table *c, const char *lopt, size_t **lcols) {
    *lcols = NULL;
    return lopt ? option_columns(s, c, "link", lopt, "numeric", lcols) : 0;
}

/* The features f (nf columns of c->nrow) for the patients of c as the
 * main table name (source src). */
static Table *features_table(const char *name, const char *src, const Table *c, const double *f, long nf) {
    Table *t = table_new(name, src, c->nrow);
    char **ids = xcalloc(c->nrow ? c->nrow : 1, sizeof *ids);
    for (size_t i = 0; i < c->nrow; i++) ids[i] = c->cols[c->id].str[i] ? xstrdup(c->cols[c->id].str[i]) : NULL;
    table_add_str(t, "patient", NULL, ids);
    table_set_id(t, 0);
    for (long j = 0; j < nf; j++) {
        char *fname = feature_name((size_t)j);
        add_num(t, fname, NULL, f + j * c->nrow);
        free(fname);
    }
    return t;
}

/* The truth part of simulated features name for c: feature k shifted
 * where gcols[k] is 1, feature ng + k linked to lcols[k]. */
static Table *features_truth(const char *name, const Table *c, const size_t *gcols, long ng, const size_t *lcols,
                             long nl, double eff) {
    Truth T = {0};
    Buf w = {0}, lab = {0};
    for (long k = 0; k < ng + nl; k++) {
        char *fname = feature_name((size_t)k);
        table_col_label(c, k < ng ? gcols[k] : lcols[k - ng], &lab);
        w.len = 0;
        if (k < ng) {
            buf_printf(&w, "%s is higher by 2 x effect SD where %s.%s = 1", fname, c->name, lab.s);
            truth_add(&T, "group shift", fname, lab.s, 2 * eff, w.s);
        } else {
            double rho = sim_link_r(eff);
            buf_printf(&w, "%s correlates with %s.%s (r = %g where it is present)", fname, c->name, lab.s, rho);
            truth_add(&T, "correlation", fname, lab.s, rho, w.s);
        }
        free(fname);
    }
    buf_free(&lab);
    buf_free(&w);
    char *tname = truth_name(name);
    Table *truth = truth_table(&T, tname);
    free(tname);
    return truth;
}

/* The columns groups and links point at, for sim_features_for. */
static double *radiomics_simulate(const Table *c, const size_t *gcols, long ng, const size_t *lcols, long nl, long nf,
                                  double eff, long seed) {
    const double **groups = xmalloc(((size_t)ng + 1) * sizeof *groups);
    const double **links = xmalloc(((size_t)nl + 1) * sizeof *links);
    for (long k = 0; k < ng; k++) groups[k] = c->cols[gcols[k]].num;
    for (long k = 0; k < nl; k++) links[k] = c->cols[lcols[k]].num;
    double *f = sim_features_for(c->nrow, (size_t)nf, groups, (size_t)ng, links, (size_t)nl, eff, (unsigned long)seed);
    free(groups);
    free(links);
    return f;
}

int cmd_simulate_radiomics(Session *s, Args *a) {
    const char *as = args_take_kw(a, "as");
    if (args_failed(s, a)) return 1;
    if (a->npos) return args_usage(s, a);
    const char *forname = args_opt(a, "for");
    long nf = args_get_int(a, "features", 100, 1, 100000L);
    double eff = args_get_double(a, "effect", 0.5, 0, 3);
    long seed = args_get_int(a, "seed", (long)s->seed, 0, 2147483647L);
    if (args_failed(s, a)) return 1;
    if (!forname) {
        rgx_error(s, "simulate radiomics: name the cohort whose patients get features: for=TABLE");
        return 1;
    }
    Table *c = session_table(s, forname);
    if (!c) return 1;
    if (c->id < 0) { rgx_error(s, "simulate radiomics: table %s has no key (patient) column", c->name); return 1; }
    size_t *gcols = NULL, *lcols = NULL;
    long ng = radiomics_groups(s, c, args_opt(a, "groups"), &gcols);
    if (ng < 0) return 1;
    if (ng > nf) ng = nf;
    long nl = radiomics_links(s, c, args_opt(a, "link"), &lcols);   /* link=: the next features follow these */
    if (nl < 0) { free(gcols); return 1; }
    if (nl > nf - ng) nl = nf - ng;
    double *f = radiomics_simulate(c, gcols, ng, lcols, nl, nf, eff, seed);
    char *name = NULL;
    int rc = 1;
    if (!f) { rgx_error(s, "simulate: out of memory"); goto out; }
    name = as ? xstrdup(as) : xstrdup("rad_sim");
    if (!valid_table_name(s, "simulate", name)) goto out;
    Buf src = {0};
    buf_printf(&src, "SIMULATED radiomic features for %s (effect=%g seed=%ld)", c->name, eff, seed);
    Table *t = features_table(name, src.s, c, f, nf);
    buf_free(&src);
    Table *truth = features_truth(name, c, gcols, ng, lcols, nl, eff);
    out_printf(&s->out, "simulated %s: %ld SIMULATED radiomic features for the %zu patient%s of %s; seed %ld\n",
               name, nf, c->nrow, plural_s(c->nrow), c->name, seed);
    if (eff > 0 && (ng || nl)) print_truth(s, truth);
    else if (eff > 0) out_puts(&s->out, "  no 0/1 column to condition on and no link=: the features are pure noise\n");
    else out_printf(&s->out, "  no signal planted (effect=0): the features are pure noise (table %s lists what "
                             "effect= would plant)\n", truth->name);
    Result *res = command_result(a, "simulate radiomics", t);
    result_add(res, truth);
    store_unit(s, res);
    rc = 0;
out:
    free(f);
    free(gcols);
    free(lcols);
    free(name);
    return rc;
}

/* `simulate` alone or with an unknown kind is answered by dispatch. */
int cmd_simulate(Session *s, Args *a) { return args_usage(s, a); }
